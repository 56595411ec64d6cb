package synth_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

func today(t *testing.T) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", synth.Today)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A synthetic site is a valid site: no findings at all under synth.Today, and
// of the size asked for.
func TestSyntheticSiteValidatesClean(t *testing.T) {
	for _, o := range []synth.Options{
		{Docs: 60, Rows: 3000, Seed: 1},
		{Docs: 25, Rows: 0, Seed: 2},
		{Docs: 0, Rows: 500, Seed: 3},
		{Docs: 1, Rows: 1, Seed: 4},
	} {
		dir := t.TempDir()
		if err := synth.Write(dir, o); err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today(t)})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range res.Findings {
			if i == 10 {
				t.Errorf("… %d findings in all", len(res.Findings))
				break
			}
			t.Errorf("%+v: %s:%d:%d: %s %s", o, f.File, f.Line, f.Column, f.Code, f.Message)
		}
		if got := len(res.Site.Documents); got != o.Docs {
			t.Errorf("%+v: %d documents", o, got)
		}
		inc := res.Site.Registers["incidents"]
		switch {
		case o.Rows == 0 && inc != nil:
			t.Errorf("%+v: an incidents register without rows", o)
		case o.Rows > 0 && (inc == nil || len(inc.Records) != o.Rows):
			t.Errorf("%+v: incidents register %v, want %d rows", o, inc != nil, o.Rows)
		}
		for _, name := range []string{"services", "cis", "contacts", "continuity", "continuity_tests", "changes", "problems"} {
			if r := res.Site.Registers[name]; r == nil || len(r.Records) == 0 {
				t.Errorf("%+v: register %s missing or empty", o, name)
			}
		}
	}
}

// The generated site exercises what validation checks: every template, SOPs,
// links of every kind, problems linked from incidents, Indonesian enum labels.
func TestSyntheticSiteCoversTheRules(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 80, Rows: 4000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today(t)})
	if err != nil {
		t.Fatal(err)
	}
	templates, kinds, links := map[string]bool{}, map[string]bool{}, map[string]int{}
	sops := 0
	for _, d := range res.Site.Documents {
		if tpl := d.Meta("template"); tpl != "" {
			templates[tpl] = true
		}
		if d.SOP != nil {
			sops++
		}
		for _, l := range d.Links {
			kinds[l.Kind] = true
			if l.Kind == "reg" {
				links[l.Register]++
			}
		}
	}
	for name := range res.Site.Schemas.Templates {
		if !templates[name] {
			t.Errorf("no document uses template %s", name)
		}
	}
	if sops == 0 {
		t.Error("no SOP document")
	}
	for _, k := range []string{"doc", "reg", "external"} {
		if !kinds[k] {
			t.Errorf("no %s link", k)
		}
	}
	for _, r := range []string{"services", "incidents", "problems", "changes", "continuity"} {
		if links[r] == 0 {
			t.Errorf("no link to register %s", r)
		}
	}
	inc := res.Site.Registers["incidents"]
	linked := 0
	for _, rec := range inc.Records {
		if inc.Value(rec, "problem") != "" {
			linked++
		}
	}
	if linked == 0 || linked == len(inc.Records) {
		t.Errorf("%d of %d incidents link a problem", linked, len(inc.Records))
	}
	raw, err := os.ReadFile(filepath.Join(dir, "registers", "incidents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{",Ditutup,", ",Tinggi,", "/2026 "} { // Indonesian labels, the local date format
		if !bytes.Contains(raw, []byte(s)) {
			t.Errorf("incidents.csv has no %q", s)
		}
	}
}

// The same seed writes the same bytes; another seed writes another site.
func TestSyntheticSiteIsDeterministic(t *testing.T) {
	o := synth.Options{Docs: 40, Rows: 2000, Seed: 42}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := synth.Write(d, o); err != nil {
			t.Fatal(err)
		}
	}
	o.Seed = 43
	if err := synth.Write(c, o); err != nil {
		t.Fatal(err)
	}
	ta, tb, tc := testutil.Files(t, a), testutil.Files(t, b), testutil.Files(t, c)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for name, x := range ta {
		if !bytes.Equal(x, tb[name]) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
	}
	if bytes.Equal(ta["registers/incidents.csv"], tc["registers/incidents.csv"]) {
		t.Error("seeds 42 and 43 wrote the same incidents.csv")
	}
}

func TestWriteRefusesAnExistingSite(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := synth.Write(dir, synth.Options{Docs: 1, Rows: 1})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Write into a folder with content/: %v", err)
	}
	if err := synth.Write(t.TempDir(), synth.Options{Docs: -1}); err == nil {
		t.Fatal("negative Docs accepted")
	}
}

// Every register shape is a valid site with the columns the shape promises;
// the wide shape's extra columns come from a site schema that extends
// incidents, and the validated register carries them.
func TestSyntheticShapesValidateClean(t *testing.T) {
	for _, tc := range []struct {
		shape   string
		columns int
		schema  bool
	}{
		{synth.ShapeShort, 27, false},
		{synth.ShapeText, 16, false},
		{synth.ShapeWide, 63, true},
	} {
		dir := t.TempDir()
		o := synth.Options{Docs: 20, Rows: 3000, Seed: 5, Shape: tc.shape}
		if err := synth.Write(dir, o); err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today(t)})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range res.Findings {
			if i == 10 {
				t.Errorf("%s: … %d findings in all", tc.shape, len(res.Findings))
				break
			}
			t.Errorf("%s: %s:%d:%d: %s %s", tc.shape, f.File, f.Line, f.Column, f.Code, f.Message)
		}
		inc := res.Site.Registers["incidents"]
		if inc == nil || len(inc.Records) != o.Rows {
			t.Fatalf("%s: incidents register %v, want %d rows", tc.shape, inc != nil, o.Rows)
		}
		raw, err := os.ReadFile(filepath.Join(dir, "registers", "incidents.csv"))
		if err != nil {
			t.Fatal(err)
		}
		header, _, _ := bytes.Cut(raw, []byte("\n"))
		if got := len(strings.Split(string(header), ",")); got != tc.columns {
			t.Errorf("%s: %d columns, want %d", tc.shape, got, tc.columns)
		}
		_, err = os.Stat(filepath.Join(dir, "registers", "incidents.schema.yaml"))
		if (err == nil) != tc.schema {
			t.Errorf("%s: incidents.schema.yaml exists: %v, want %v", tc.shape, err == nil, tc.schema)
		}
		if tc.shape == synth.ShapeWide {
			filled := 0
			for _, rec := range inc.Records {
				if inc.Value(rec, "users_affected") != "" && inc.Value(rec, "reporter_email") != "" {
					filled++
				}
			}
			if filled < o.Rows/2 {
				t.Errorf("wide: %d of %d records carry the site schema's fields", filled, o.Rows)
			}
		}
		if tc.shape == synth.ShapeText {
			long := 0
			for _, rec := range inc.Records {
				if len(inc.Value(rec, "resolution")) > 40 {
					long++
				}
			}
			if long < o.Rows/2 {
				t.Errorf("text: %d of %d records have a sentence as resolution", long, o.Rows)
			}
		}
	}
}

// The default shape is the short one, and writes the same bytes as before
// shapes existed (the benchmarks' historic figures stay comparable).
func TestDefaultShapeIsShort(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := synth.Write(a, synth.Options{Docs: 5, Rows: 500, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := synth.Write(b, synth.Options{Docs: 5, Rows: 500, Seed: 7, Shape: synth.ShapeShort}); err != nil {
		t.Fatal(err)
	}
	ta, tb := testutil.Files(t, a), testutil.Files(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for name, x := range ta {
		if !bytes.Equal(x, tb[name]) {
			t.Errorf("%s differs between the default shape and %q", name, synth.ShapeShort)
		}
	}
	if err := synth.Write(t.TempDir(), synth.Options{Docs: 1, Rows: 1, Shape: "square"}); err == nil || !strings.Contains(err.Error(), "unknown shape") {
		t.Fatalf("unknown shape: %v", err)
	}
}

// The Hugo twins hold the site's Markdown unchanged, and with Rows one
// object per record of the incident register as smsgen loads it, with the
// adapter that pages them; a twin is never written over a folder.
func TestHugoTwin(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := synth.Write(site, synth.Options{Docs: 12, Rows: 30, Seed: 5, Shape: synth.ShapeText}); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Options{Root: site, Today: today(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range []bool{false, true} {
		twin := filepath.Join(dir, fmt.Sprintf("hugo-%v", rows))
		if err := synth.WriteHugo(site, twin, synth.HugoOptions{Rows: rows}); err != nil {
			t.Fatal(err)
		}
		n := 0
		err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(site, p)
			want, _ := os.ReadFile(p)
			got, err := os.ReadFile(filepath.Join(twin, rel))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("rows %v: %s is not the site's (%v)", rows, rel, err)
			}
			n++
			return nil
		})
		if err != nil || n < 12 {
			t.Fatalf("rows %v: %d documents copied (%v)", rows, n, err)
		}
		for _, f := range []string{"hugo.toml", "layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/_default/list.html"} {
			if _, err := os.Stat(filepath.Join(twin, f)); err != nil {
				t.Errorf("rows %v: %v", rows, err)
			}
		}
		b, err := os.ReadFile(filepath.Join(twin, "assets", "incidents.json"))
		if !rows {
			if err == nil {
				t.Errorf("the twin without rows has them")
			}
			continue
		}
		var objs []map[string]string
		if err := json.Unmarshal(b, &objs); err != nil {
			t.Fatal(err)
		}
		inc := res.Site.Registers["incidents"]
		if len(objs) != len(inc.Records) {
			t.Fatalf("%d rows for %d records", len(objs), len(inc.Records))
		}
		for i, rec := range inc.Records {
			if objs[i]["id"] != rec.ID || objs[i]["title"] != inc.Value(rec, "title") || len(objs[i]) != len(inc.Columns) {
				t.Errorf("row %d: %q %q (%d fields), record %q %q (%d columns)", i, objs[i]["id"], objs[i]["title"], len(objs[i]),
					rec.ID, inc.Value(rec, "title"), len(inc.Columns))
			}
		}
		adapter, err := os.ReadFile(filepath.Join(twin, "content", "registers", "_content.gotmpl"))
		if err != nil || !strings.Contains(string(adapter), `resources.Get "incidents.json"`) || !strings.Contains(string(adapter), "$.AddPage") {
			t.Errorf("adapter: %v\n%s", err, adapter)
		}
	}
	if err := synth.WriteHugo(site, filepath.Join(dir, "hugo-true"), synth.HugoOptions{}); err == nil {
		t.Error("a twin written over an existing folder")
	}
}
