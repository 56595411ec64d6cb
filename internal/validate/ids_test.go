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

// TestIDsOnTwoCoresAsInOrder holds ids, which checks the ids of a large
// register on two cores, to checking and indexing them in order: the same
// findings (missing, invalid and duplicate ids, in either half or across
// them) and the same index.
func TestIDsOnTwoCoresAsInOrder(t *testing.T) {
	today, _ := time.Parse("2006-01-02", synth.Today)
	dir := t.TempDir()
	const rows = 20000
	if err := synth.Write(dir, synth.Options{Rows: rows, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "registers", "incidents.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(5))
	for n := 0; n < 300; n++ {
		i := 1 + rng.Intn(rows)
		switch rng.Intn(4) {
		case 0:
			recs[i][0] = ""
		case 1:
			recs[i][0] = []string{"a b", "../x", ".hidden", "x/y"}[rng.Intn(4)]
		default:
			recs[i][0] = recs[1+rng.Intn(rows)][0] // a duplicate, before or after
		}
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	_ = w.WriteAll(recs)
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var lc diag.Collector
	site, err := load.Load(load.Options{Root: dir, Today: today, NoTree: true}, &i18n.Reporter{C: &lc})
	if err != nil {
		t.Fatal(err)
	}
	reg := site.Registers["incidents"]
	if len(reg.Records) != rows {
		t.Fatalf("%d records", len(reg.Records))
	}
	run := func(split int) ([]diag.Finding, map[string]*model.Record) {
		defer func(s int) { idsSplit = s }(idsSplit)
		idsSplit = split
		var c diag.Collector
		v := &validator{site: site, rep: &i18n.Reporter{C: &c, Schemas: site.Schemas}, noColumn: map[*model.Register]map[string]bool{}}
		v.ids(reg)
		return c.Findings(), reg.ByID
	}
	twoF, twoIdx := run(16384)
	oneF, oneIdx := run(rows + 1)
	codes := map[string]int{}
	for _, f := range oneF {
		codes[f.Code]++
	}
	if codes["required"] == 0 || codes["invalid-id"] == 0 || codes["duplicate-id"] == 0 {
		t.Fatalf("the spoilt ids gave %v", codes)
	}
	if !reflect.DeepEqual(twoF, oneF) {
		t.Fatalf("%d findings on two cores, %d in order", len(twoF), len(oneF))
	}
	if len(twoIdx) != len(oneIdx) {
		t.Fatalf("index of %d ids on two cores, %d in order", len(twoIdx), len(oneIdx))
	}
	for id, r := range oneIdx {
		if twoIdx[id] != r {
			t.Fatalf("id %q indexes another record on two cores", id)
		}
	}
	// both against the plain loop: every id indexes its first record, and
	// every later record with the same id is a duplicate-id finding
	want, dups := map[string]*model.Record{}, 0
	for _, rec := range reg.Records {
		if rec.ID == "" {
			continue
		}
		if _, dup := want[rec.ID]; dup {
			dups++
			continue
		}
		want[rec.ID] = rec
	}
	if !reflect.DeepEqual(oneIdx, want) || codes["duplicate-id"] != dups {
		t.Fatalf("index of %d ids, %d duplicate-id findings; the plain loop: %d ids, %d duplicates", len(oneIdx), codes["duplicate-id"], len(want), dups)
	}
}

// TestIDIndexRepeats: the index keeps the first record of an id however
// often and wherever ids repeat, the first repeat included.
func TestIDIndexRepeats(t *testing.T) {
	for _, ids := range [][]string{
		{"A", "B", "A"}, {"A", "A", "A", "B", "B"}, {"A", "B", "C", "C", "B", "A"}, {"A"}, {"A", "B"},
	} {
		reg := &model.Register{Name: "r", ByID: map[string]*model.Record{}}
		for i, id := range ids {
			reg.Records = append(reg.Records, &model.Record{ID: id, Pos: model.Pos{File: "r.csv", Line: i + 2}, IDPos: model.Pos{File: "r.csv", Line: i + 2}})
		}
		var c diag.Collector
		v := &validator{rep: &i18n.Reporter{C: &c}}
		x := idIndex{v: v, reg: reg}
		for i := range reg.Records {
			x.add(i)
		}
		seen := map[string]bool{}
		dups := 0
		for i, id := range ids {
			if seen[id] {
				dups++
				continue
			}
			seen[id] = true
			if reg.ByID[id] != reg.Records[i] {
				t.Errorf("%v: %q indexes another record than its first", ids, id)
			}
		}
		if got := len(c.Findings()); got != dups || len(reg.ByID) != len(seen) {
			t.Errorf("%v: %d findings, %d ids indexed; want %d and %d", ids, got, len(reg.ByID), dups, len(seen))
		}
	}
}
