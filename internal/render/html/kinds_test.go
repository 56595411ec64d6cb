package html

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// live is a site rendered once in full and then updated after each edit,
// as smsgen serve does.
type live struct {
	t     *testing.T
	root  string
	out   string
	cache *load.Cache
	inc   *Incremental
	names *names.Options // the allocation of output names (nil: the default)
}

func newLive(t *testing.T, root string) *live { return newLiveWith(t, root, nil) }

// newLiveWith is newLive with the output names allocated with opts.
func newLiveWith(t *testing.T, root string, opts *names.Options) *live {
	t.Helper()
	l := &live{t: t, root: root, out: filepath.Join(t.TempDir(), "out"), cache: load.NewCache(), inc: NewIncremental(), names: opts}
	ctx := l.context()
	if err := output.Run(ctx, output.Options{Out: l.out, Renderers: map[string]output.Renderer{"html": l.inc}}); err != nil {
		t.Fatal(err)
	}
	return l
}

// context validates the site (through the load cache) into a build context.
func (l *live) context() output.Context {
	l.t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: l.root, Today: testutil.Today, Cache: l.cache})
	if err != nil {
		l.t.Fatal(err)
	}
	if res.Errors() > 0 {
		var b bytes.Buffer
		_ = diag.Text(&b, res.Findings)
		l.t.Fatalf("the site does not validate:\n%s", b.String())
	}
	var c diag.Collector
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "test"}
	if l.names != nil {
		ctx.Facts = resolve.Run(res.Site, res.Lang, res.Site.Today)
		ctx.Facts.Names = names.AllocateWith(res.Site, *l.names)
	}
	return ctx
}

// update writes the files of a txtar archive into the site and updates the output.
func (l *live) update(archive string) *UpdateResult {
	l.t.Helper()
	testutil.Write(l.t, l.root, archive)
	var paths []string
	for _, f := range txtarNames(archive) {
		l.cache.Forget(f)
		paths = append(paths, f)
	}
	ctx := l.context()
	ctx.Out = l.out
	res, err := l.inc.Update(&ctx, paths, nil)
	if err != nil {
		l.t.Fatal(err)
	}
	if err := l.inc.WriteZip(); err != nil {
		l.t.Fatal(err)
	}
	return res
}

func txtarNames(archive string) []string {
	var out []string
	for _, line := range strings.Split(archive, "\n") {
		if name, ok := strings.CutPrefix(line, "-- "); ok && strings.HasSuffix(name, " --") {
			out = append(out, strings.TrimSpace(strings.TrimSuffix(name, " --")))
		}
	}
	return out
}

// fresh renders the site as it is now into a new folder with smsgen build's renderer.
func (l *live) fresh() string {
	l.t.Helper()
	ctx := l.context()
	out := filepath.Join(l.t.TempDir(), "fresh")
	if err := output.Run(ctx, output.Options{Out: out, Renderers: map[string]output.Renderer{"html": Renderer{}}}); err != nil {
		l.t.Fatal(err)
	}
	return out
}

// differ lists the files that are not the same in the two folders.
func differ(t *testing.T, got, want string) []string {
	g, w := testutil.Files(t, got), testutil.Files(t, want)
	var out []string
	for p, wb := range w {
		if gb, ok := g[p]; !ok || !bytes.Equal(gb, wb) {
			out = append(out, p)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func smallArchive(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("testdata", "small.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPageKindsCoverFullBuild: every file a full build writes below site/ is
// a page of exactly one kind of the table (or a file its pages copied), every
// page of the table is written, and every kind declares its dependencies.
// A page kind rendered outside the table, or one without its dependencies,
// fails here.
func TestPageKindsCoverFullBuild(t *testing.T) {
	textsSeen := false
	for _, k := range pageKinds {
		textsSeen = textsSeen || k.texts
		if k.needsTexts && !textsSeen {
			t.Errorf("page kind %q reads the document texts: it must come after the kinds keeping them (a full build waits for them)", k.name)
		}
		if len(k.deps) == 0 {
			t.Errorf("page kind %q declares no dependency (onSettings alone when it shows nothing of the sources)", k.name)
		}
		seen := map[dep]bool{}
		for _, d := range k.deps {
			if d >= numDeps || seen[d] {
				t.Errorf("page kind %q: dependency %v unknown or twice", k.name, d)
			}
			seen[d] = true
		}
		if k.needsTexts && !k.siteWide {
			t.Errorf("page kind %q reads the document texts: it must be site-wide (rendered after the pages of what changed)", k.name)
		}
		if k.pages == nil {
			t.Errorf("page kind %q lists no pages", k.name)
		}
	}
	for _, site := range []struct {
		name  string
		root  func(t *testing.T) string
		names *names.Options
	}{
		{"example", func(t *testing.T) string { return testutil.ExampleSite(t) }, nil},
		{"small", func(t *testing.T) string { return testutil.Site(t, smallArchive(t)) }, nil},
		// the records of registers of more than two records on chunk pages
		{"example grouped", func(t *testing.T) string { return testutil.ExampleSite(t) }, &names.Options{GroupAbove: 2, ChunkSize: 3}},
	} {
		t.Run(site.name, func(t *testing.T) {
			l := newLiveWith(t, site.root(t), site.names)
			ctx := l.context()
			r, err := newRun(&ctx)
			if err != nil {
				t.Fatal(err)
			}
			r.copied = l.inc.prev.copied
			owner := map[string][]string{}
			for _, k := range pageKinds {
				for _, pg := range k.pages(r) {
					owner[pg.path] = append(owner[pg.path], k.name)
					if pg.render == nil {
						t.Errorf("%s (%s): no render function", pg.path, k.name)
					}
					// the subjects the declared dependencies are evaluated on
					for _, d := range k.deps {
						switch {
						case d == onOwnDoc && pg.doc == nil && len(pg.docs) == 0,
							(d == onOwnRecords || d == onRegister || d == onBackRefs) && pg.reg == nil,
							d == onBackRefs && pg.rec == nil && pg.chunk == 0,
							d == onFiles && pg.doc == nil:
							t.Errorf("%s (%s): declares %v but has no subject for it", pg.path, k.name, d)
						}
					}
				}
				if k.copies != nil {
					for _, p := range k.copies(r) {
						owner[p] = append(owner[p], k.name+" (copied)")
					}
				}
			}
			written := testutil.Files(t, filepath.Join(l.out, "site"))
			var copied int
			for p := range written {
				switch o := owner[p]; len(o) {
				case 0:
					t.Errorf("%s: written by the full build, but no page kind of the table has it", p)
				case 1:
					if strings.HasSuffix(o[0], "(copied)") {
						copied++
					}
				default:
					t.Errorf("%s: a page of several kinds: %v", p, o)
				}
			}
			for p, o := range owner {
				if _, ok := written[p]; !ok {
					t.Errorf("%s: a page of %v, not written by the full build", p, o)
				}
			}
			if site.name == "small" && copied == 0 {
				t.Error("no copied file attributed: the test site's image is not seen")
			}
			if len(written) < 20 {
				t.Fatalf("only %d files written", len(written))
			}
		})
	}
}

// scenario is an edit that exercises one dependency class.
type scenario struct {
	class dep
	name  string
	base  func(t *testing.T) string // the site before (default: testdata/small.txtar)
	edit  string                    // txtar archive written over the site
	// pages that show what the edit changes: each must change, and
	// without the class declared, one of them at least is left stale
	pages []string
}

func scenarios() []scenario {
	// a document superseding KEB-001 shows its title
	superseding := `-- content/prosedur/prosedur-lama.md --
---
doc_id: PRO-002
title: Prosedur Pengganti
doc_type: procedure
version: "0.2"
status: draft
owner: Kepala Bidang TI
next_review: 2027-06-01
classification: internal
supersedes: KEB-001
---

## Isi

Teks.
`
	withSuperseding := func(t *testing.T) string {
		return testutil.Site(t, smallArchive(t)+superseding)
	}
	return []scenario{
		{class: onOwnDoc, name: "document body edited",
			edit: prosedurUji("Catat insiden dengan teliti."), pages: []string{"site/docs/PRO-001.html", "site/" + textBucketPath(textBucket("PRO-001"))}},
		{class: onDocsShown, name: "document title edited", base: withSuperseding,
			edit:  "", // filled in by the test from the base (KEB-001's title)
			pages: []string{"site/docs/PRO-002.html"}},
		{class: onAnyDoc, name: "document added", edit: superseding,
			pages: []string{"site/documents.html", "site/index.html", "site/assets/search-index.js"}},
		{class: onOwnRecords, name: "record edited",
			edit:  servicesArchive("Layanan Surel Baru"),
			pages: []string{"site/registers/services/SVC-01.html", "site/registers/services/index.html"}},
		{class: onRegister, name: "record added on the second table page",
			base: func(t *testing.T) string {
				root := t.TempDir()
				// above names.GroupAbove already: the records stay on chunk pages
				if err := synth.Write(root, synth.Options{Docs: 2, Rows: RowsPerPage + 1, Seed: 5}); err != nil {
					t.Fatal(err)
				}
				return root
			},
			edit:  "", // filled in by the test: one more incident, the 1,002nd
			pages: []string{"site/registers/incidents/index.html"}},
		{class: onRecsShown, name: "referenced record renamed",
			edit:  servicesArchive("Layanan Surel Baru"),
			pages: []string{"site/registers/changes/RFC-001.html", "site/registers/continuity/BCP-01.html"}},
		{class: onRecsShown, name: "referenced register added",
			base: func(t *testing.T) string {
				root := testutil.Site(t, smallArchive(t))
				p := filepath.Join(root, "content/kebijakan/kebijakan-uji.md")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				// without the register, a link to one of its records is broken
				b = bytes.Replace(b, []byte("[layanan surel](reg:services/SVC-01)"), []byte("layanan surel"), 1)
				testutil.Write(t, root, "-- content/kebijakan/kebijakan-uji.md --\n"+string(b)+"-- registers/services.yaml --\n(deleted)\n")
				return root
			},
			edit: servicesArchive("Layanan Surel"),
			pages: []string{"site/registers/changes/index.html", "site/registers/changes/RFC-001.html",
				"site/registers/continuity/BCP-01.html"}},
		{class: onBackRefs, name: "referencing record edited",
			edit: `-- registers/continuity_tests.csv --
id,plan,test_date,test_type,result,findings,actions
UJI-01,BCP-01,2026-06-01,tabletop,pass,,
UJI-02,BCP-01,2026-09-01,tabletop,pass,,
`, pages: []string{"site/registers/continuity/BCP-01.html"}},
		{class: onFiles, name: "linked image changed",
			edit:  "-- content/kebijakan/gambar/bagan.png --\n\x89PNG\r\n\x1a\nanother picture\n",
			pages: []string{"site/files/kebijakan/gambar/bagan.png"}},
		{class: onAnyRegister, name: "contact added",
			edit: `-- registers/contacts.yaml --
- id: KON-01
  name: Budi Santoso
  position: Kepala Bidang TI
  role: Ketua Tim BCP
  kind: internal
  phone: "+62 812-0000-0001"
  email: budi@dinas.go.id
  backup_contact: KON-02
- id: KON-02
  name: Ani Lestari
  position: Penyedia Jaringan
  kind: external
  organization: PT Jaringan
  phone: "+62 21 5550002"
- id: KON-03
  name: Citra Dewi
  position: Penyedia Listrik
  kind: external
  organization: PT Listrik
  phone: "+62 21 5550003"
`, pages: []string{"site/registers.html", "site/continuity-pack.html", "continuity-pack.html"}},
		{class: onFindings, name: "warning added",
			edit: prosedurUji("Catat insiden. <b>Segera</b>."), pages: []string{"site/findings.html"}},
	}
}

// prosedurUji is the txtar entry of the draft procedure PRO-001 with first
// step step.
func prosedurUji(step string) string {
	return `-- content/prosedur/prosedur-uji.md --
---
doc_id: PRO-001
title: Prosedur Uji Draf
doc_type: procedure
version: "0.1"
status: draft
owner: Kepala Bidang TI
next_review: 2027-06-01
classification: internal
---

## Langkah-langkah

1. ` + step + `
2. Kembali ke [kebijakan](doc:KEB-001).
`
}

func servicesArchive(name string) string {
	return `-- registers/services.yaml --
- id: SVC-01
  name: ` + name + `
  description: Surel dinas.
  intended_outcome: Pegawai berkirim surel.
  owner: Kepala Bidang TI
  criticality: high
  status: live
`
}

// withoutDep removes d from every kind of the table and returns a function
// restoring it (the package's tests do not run in parallel).
func withoutDep(d dep) func() {
	saved := make([][]dep, len(pageKinds))
	for i, k := range pageKinds {
		saved[i] = k.deps
		var keep []dep
		for _, x := range k.deps {
			if x != d {
				keep = append(keep, x)
			}
		}
		k.deps = keep
	}
	return func() {
		for i, k := range pageKinds {
			k.deps = saved[i]
		}
	}
}

// TestDependencyClasses: for each class of change, an edit of that class
// updates exactly as a fresh build renders (byte for byte), the pages that
// show what changed are rewritten, and with the class left out of the
// table the update leaves one of them stale.
func TestDependencyClasses(t *testing.T) {
	covered := map[dep]bool{onSettings: true} // onSettings: TestSettingsRenderEverything
	for _, sc := range scenarios() {
		covered[sc.class] = true
		t.Run(sc.class.String()+"/"+sc.name, func(t *testing.T) {
			for _, declared := range []bool{true, false} {
				base := sc.base
				if base == nil {
					base = func(t *testing.T) string { return testutil.Site(t, smallArchive(t)) }
				}
				root := base(t)
				edit := sc.edit
				switch sc.class {
				case onDocsShown:
					b, err := os.ReadFile(filepath.Join(root, "content/kebijakan/kebijakan-uji.md"))
					if err != nil {
						t.Fatal(err)
					}
					edit = "-- content/kebijakan/kebijakan-uji.md --\n" +
						strings.Replace(string(b), "title: Kebijakan Uji\n", "title: Kebijakan Uji yang Baru\n", 1)
				case onRegister:
					b, err := os.ReadFile(filepath.Join(root, "registers/incidents.csv"))
					if err != nil {
						t.Fatal(err)
					}
					lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
					last := lines[len(lines)-1]
					id, rest, _ := strings.Cut(last, ",")
					edit = "-- registers/incidents.csv --\n" + string(b) + id + "-B," + rest + "\n"
				}
				l := newLive(t, root)
				before := testutil.Files(t, l.out)
				restore := func() {}
				if !declared {
					restore = withoutDep(sc.class)
				}
				res := l.update(edit)
				restore()
				if res.Full {
					t.Fatalf("%s: rendered everything", sc.name)
				}
				stale := differ(t, l.out, l.fresh())
				if declared {
					if len(stale) > 0 {
						t.Fatalf("%s: the update differs from a fresh build: %v", sc.name, stale)
					}
					after := testutil.Files(t, l.out)
					for _, p := range sc.pages {
						if bytes.Equal(before[p], after[p]) {
							t.Errorf("%s: %s did not change (the scenario does not exercise %v)", sc.name, p, sc.class)
						}
					}
					continue
				}
				hit := false
				for _, p := range sc.pages {
					for _, s := range stale {
						hit = hit || s == p
					}
				}
				if !hit {
					t.Errorf("%s: with %v left out of the table, none of %v is stale (stale: %v)", sc.name, sc.class, sc.pages, stale)
				}
			}
		})
	}
	for d := dep(0); d < numDeps; d++ {
		if !covered[d] {
			t.Errorf("dependency class %v has no scenario", d)
		}
	}
}

// TestSettingsRenderEverything: a change of the settings renders every page.
func TestSettingsRenderEverything(t *testing.T) {
	l := newLive(t, testutil.Site(t, smallArchive(t)))
	res := l.update(`-- smsgen.yaml --
organization: Dinas Uji
unit: Bidang TI Baru
title: SMS Uji
language: id
frameworks: [iso20000]
`)
	if !res.Full {
		t.Fatal("a settings change did not render everything")
	}
	if stale := differ(t, l.out, l.fresh()); len(stale) > 0 {
		t.Fatalf("the update differs from a fresh build: %v", stale)
	}
	if res.Rendered < 15 {
		t.Fatalf("rendered %d pages", res.Rendered)
	}
}

// TestGroupedIncremental: on a site whose registers have their records on
// chunk pages (the threshold lowered), random edits of the incident register
// (a row changed, added at the end, inserted in the middle, deleted) and of
// the services it references update exactly as a fresh build renders, and a
// changed record re-renders its chunk page without rendering everything.
func TestGroupedIncremental(t *testing.T) {
	groupedIncremental(t, 60, &names.Options{GroupAbove: 5, ChunkSize: 7}, 0)
}

// TestGroupedIncrementalTablePages is TestGroupedIncremental with the
// default chunk pages (250 rows, four to a table page, whose table page
// follows from the chunk page) and more than one table page: a row inserted
// before the end of the first moves a record to the second table page.
func TestGroupedIncrementalTablePages(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a register of 1,010 records 15 times")
	}
	groupedIncremental(t, 1010, nil, 700)
}

// groupedIncremental edits a synthetic site of rows incidents on chunk
// pages (opts: the grouping, nil the default), inserting rows at insertAt
// (0: anywhere), and compares each update with a fresh build.
func groupedIncremental(t *testing.T, rows int, opts *names.Options, insertAt int) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Docs: 4, Rows: rows, Seed: 3, Shape: synth.ShapeText}); err != nil {
		t.Fatal(err)
	}
	l := newLiveWith(t, root, opts)
	if stale := differ(t, l.out, l.fresh()); len(stale) > 0 {
		t.Fatalf("the first rendering differs from a fresh build: %v", stale)
	}
	rng := rand.New(rand.NewPCG(13, 5))
	read := func() [][]string {
		r := csv.NewReader(strings.NewReader(testutil.ReadFile(t, filepath.Join(root, "registers/incidents.csv"))))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	write := func(rows [][]string) string {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		return "-- registers/incidents.csv --\n" + b.String()
	}
	chunkOf := func(id string) string {
		ctx := l.context()
		p, ok := ctx.Resolved().Names.RecordHTML("incidents", id)
		if !ok {
			t.Fatalf("%s has no page", id)
		}
		file, _, _ := strings.Cut(p, "#")
		return "site/" + file
	}
	for step := 0; step < 14; step++ {
		rows := read()
		i := 1 + rng.IntN(len(rows)-1)
		var what, changedID string
		switch op := step % 5; op {
		case 0, 1: // the title of a row
			rows[i][1] += " diubah " + strconv.Itoa(step)
			what, changedID = "title of "+rows[i][0], rows[i][0]
		case 2: // a row added at the end
			cp := append([]string(nil), rows[i]...)
			cp[0] += "-A" + strconv.Itoa(step)
			rows = append(rows, cp)
			what, changedID = "added "+cp[0], cp[0]
		case 3: // a row inserted in the middle: the records after it move
			if insertAt > 0 {
				i = insertAt
			}
			cp := append([]string(nil), rows[i]...)
			cp[0] += "-M" + strconv.Itoa(step)
			rows = append(rows[:i], append([][]string{cp}, rows[i:]...)...)
			what, changedID = "inserted "+cp[0], cp[0]
		case 4: // a row no other record references deleted (the last one once: no record moves)
			if step == 9 {
				i = len(rows) - 1
			}
			problems := testutil.ReadFile(t, filepath.Join(root, "registers/problems.csv"))
			for strings.Contains(problems, rows[i][0]) {
				i = 1 + rng.IntN(len(rows)-1)
			}
			what = "deleted " + rows[i][0]
			rows = append(rows[:i], rows[i+1:]...)
		}
		edit := write(rows)
		if step == 7 { // a service renamed: the records referencing it show its title
			b := testutil.ReadFile(t, filepath.Join(root, "registers/services.yaml"))
			j := strings.Index(b, "name: ")
			k := strings.IndexByte(b[j:], '\n')
			edit += "-- registers/services.yaml --\n" + b[:j] + "name: \"Layanan Diubah\"" + b[j+k:]
			what += ", a service renamed"
		}
		res := l.update(edit)
		if res.Full {
			t.Fatalf("step %d (%s): rendered everything", step, what)
		}
		if stale := differ(t, l.out, l.fresh()); len(stale) > 0 {
			t.Fatalf("step %d (%s): the update differs from a fresh build: %v", step, what, stale)
		}
		if changedID != "" {
			p := chunkOf(changedID)
			if !slices.Contains(res.Changed, strings.TrimPrefix(p, "site/")) {
				t.Errorf("step %d (%s): %s not rewritten (changed: %v)", step, what, p, res.Changed)
			}
		}
		t.Logf("step %d: %s: %d rendered, %d changed", step, what, res.Rendered, len(res.Changed))
	}
}
