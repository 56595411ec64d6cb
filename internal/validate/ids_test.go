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
}
