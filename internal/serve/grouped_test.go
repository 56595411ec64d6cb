package serve

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/synth"
)

// A register of more records than names.GroupAbove has its records on chunk
// pages: a changed record re-renders its chunk page, a record added at the
// end and one deleted update incrementally, and the output always equals a
// full build.
func TestIncrementalGroupedRegister(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Docs: 3, Rows: names.GroupAbove + 80, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, root)
	chunks, err := filepath.Glob(filepath.Join(s.Out(), "site", "registers", "incidents", "records-*.html"))
	if err != nil || len(chunks) != (names.GroupAbove+80+names.ChunkSize-1)/names.ChunkSize {
		t.Fatalf("%d chunk pages for %d incidents (%v)", len(chunks), names.GroupAbove+80, err)
	}
	if own, _ := filepath.Glob(filepath.Join(s.Out(), "site", "registers", "incidents", "INC-*.html")); len(own) > 0 {
		t.Fatalf("%d record pages of their own in a grouped register", len(own))
	}
	rows, err := csv.NewReader(strings.NewReader(readFile(t, root, "registers/incidents.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	text := func(rows [][]string) string {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	edited := slices.Clone(rows)
	edited[600] = slices.Clone(rows[600]) // the 600th record: on the third chunk page
	edited[600][1] = "Judul diubah saat pratinjau"
	added := append(slices.Clone(edited), slices.Clone(rows[len(rows)-1]))
	added[len(added)-1][0] = "INC-2026-999999"
	steps := []struct {
		name, csv, page string
	}{
		{"record title edited", text(edited), "registers/incidents/records-3.html"},
		{"record added at the end", text(added), "registers/incidents/records-5.html"},
		{"last record deleted", text(edited), "registers/incidents/records-5.html"},
	}
	for _, st := range steps {
		if err := os.WriteFile(filepath.Join(root, "registers", "incidents.csv"), []byte(st.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		rep := s.Rebuild(Batch{Paths: []string{"registers/incidents.csv"}})
		if !rep.OK || rep.Full {
			t.Fatalf("%s: ok %v full %v err %v errors %d", st.name, rep.OK, rep.Full, rep.Err, rep.Errors)
		}
		changed := false
		for _, p := range rep.Changed {
			changed = changed || p == st.page
		}
		if !changed {
			t.Errorf("%s: %s not rewritten (changed: %v)", st.name, st.page, rep.Changed)
		}
		want, _ := fullBuild(t, root)
		sameTree(t, s.Out(), want)
		t.Logf("%s: %d pages rendered, %d files changed", st.name, rep.Rendered, len(rep.Changed))
	}
}
