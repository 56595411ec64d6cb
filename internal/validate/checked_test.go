package validate

import (
	"bytes"
	"encoding/csv"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/synth"
)

// recordFindings runs recordWith over every record of every register of the
// site, with every field visited (all) or only those newRecGetter keeps.
func recordFindings(t *testing.T, site *model.Site, all bool) ([]diag.Finding, []diag.Truncation) {
	t.Helper()
	var c diag.Collector
	rep := &i18n.Reporter{C: &c, Schemas: site.Schemas}
	v := &validator{site: site, rep: rep, today: site.Today, noColumn: map[*model.Register]map[string]bool{}}
	for _, name := range site.RegisterNames() {
		v.ids(site.Registers[name])
	}
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		g := newRecGetter(reg)
		if all {
			g.checked = g.checked[:0]
			for i := range reg.Schema.Fields {
				g.checked = append(g.checked, i)
			}
		}
		for _, rec := range reg.Records {
			g.rec = rec
			v.recordWith(reg, rec, g)
		}
	}
	return c.Findings(), c.Truncations()
}

// TestRecordWithSkipsOnlyInertFields holds recordWith, which visits only the
// fields that can give a finding, to a visit of every field, on the example
// site and on a wide synthetic register whose cells were emptied or given
// wrong values at random (missing required and conditional values, broken
// references, dates out of order, values that do not type).
func TestRecordWithSkipsOnlyInertFields(t *testing.T) {
	today, _ := time.Parse("2006-01-02", synth.Today)
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 20, Rows: 3000, Seed: 2, Shape: synth.ShapeWide}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "registers", "incidents.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	wrong := []string{"", "", "", "x", "2020-01-01", "2031-12-31 23:59", "SVC-99", "CI-999", "PRB-0001", "0", "-1", "Ya", "Tidak", "high", "closed"}
	// a field of the site schema with a date rule and nothing else
	sp := filepath.Join(dir, "registers", "incidents.schema.yaml")
	sch, err := os.ReadFile(sp)
	if err != nil {
		t.Fatal(err)
	}
	sch = append(sch, "\n  - key: verified_at\n    label: {id: \"Diverifikasi\", en: \"Verified\"}\n    type: date\n    not_before: reported_at\n"...)
	if err := os.WriteFile(sp, sch, 0o644); err != nil {
		t.Fatal(err)
	}
	rows[0] = append(rows[0], "verified_at")
	for i, row := range rows[1:] {
		for n := rng.Intn(4); n > 0; n-- {
			row[1+rng.Intn(len(row)-1)] = wrong[rng.Intn(len(wrong))]
		}
		rows[i+1] = append(row, []string{"", "2020-01-01", "2030-01-01"}[rng.Intn(3)])
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	_ = w.WriteAll(rows)
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{filepath.Join("..", ".."), dir} {
		var lc diag.Collector
		site, err := load.Load(load.Options{Root: root, Today: today, NoTree: true}, &i18n.Reporter{C: &lc})
		if err != nil {
			t.Fatal(err)
		}
		fast, fastCut := recordFindings(t, site, false)
		slow, slowCut := recordFindings(t, site, true)
		if len(slow) == 0 && root == dir {
			t.Fatal("no findings on the spoilt register")
		}
		if !reflect.DeepEqual(fast, slow) || !reflect.DeepEqual(fastCut, slowCut) {
			t.Fatalf("%s: %d findings visiting the checked fields, %d visiting all", root, len(fast), len(slow))
		}
		codes := map[string]int{}
		for _, f := range slow {
			codes[f.Code]++
		}
		t.Logf("%s: %d findings %v", root, len(slow), codes)
	}
}
