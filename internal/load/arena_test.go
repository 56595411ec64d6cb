package load

import (
	"fmt"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/model"
)

// TestBigRegistersTypedInChunks loads registers of more records than one
// typing chunk, whose values typing rewrites (enum labels, Ya/Tidak, CRLF,
// doubled quotes): a CSV read by encoding/csv and by the fast reader (same
// records, cells and positions: checkCSVReaders) and a YAML list. Workers type
// the chunks at once, each writing its chunk's arena; run with -race.
func TestBigRegistersTypedInChunks(t *testing.T) {
	const rows = 3*typeChunk + 17
	var csv, yml strings.Builder
	csv.WriteString("id,title,reported_at,impact,urgency,priority,status,major\r\n")
	for i := 0; i < rows; i++ {
		title := fmt.Sprintf("Gangguan %d", i)
		if i%3 == 0 {
			title = fmt.Sprintf("\"Gangguan \"\"surel\"\" %d\r\nbaris dua\"", i)
		}
		fmt.Fprintf(&csv, "INC-%d,%s,2026-11-%02d 08:00,Tinggi,%s,2,Baru,%s\r\n", i, title, 1+i%28,
			[]string{"high", "Sedang", "low"}[i%3], []string{"Ya", "Tidak"}[i%2])
	}
	const yrows = 2*typeChunk + 5 // within the YAML node budget
	for i := 0; i < yrows; i++ {
		fmt.Fprintf(&yml, "- id: INC-%d\n  title: Gangguan %d\n  impact: Tinggi\n  major: %s\n", i, i, []string{"Ya", "Tidak"}[i%2])
	}
	checkCSVReaders(t, []byte(csv.String()))

	l, c, f := fuzzLoader(t, "registers/incidents.yaml", []byte(yml.String()))
	reg := l.loadYAMLRegister(f, fuzzEnv.schemas.Registers["incidents"])
	l.typeRegister(reg)
	if len(reg.Records) != yrows || len(c.Findings()) != 0 {
		t.Fatalf("%d records, findings %v", len(reg.Records), c.Findings())
	}
	for i, rec := range reg.Records {
		major := reg.Get(rec, "major")
		if reg.Value(rec, "impact") != "high" || major.Raw != []string{"true", "false"}[i%2] || !major.Valid() ||
			int(major.Line) != 4*i+4 || major.Col != 10 || reg.Value(rec, "title") != fmt.Sprintf("Gangguan %d", i) {
			t.Fatalf("record %d: impact %q major %+v title %q", i, reg.Value(rec, "impact"), major, reg.Value(rec, "title"))
		}
	}
}

// TestOwnArena checks that records of a typing chunk sharing an arena with
// records outside it are moved to one of their own, their values kept, and
// that records already alone in theirs stay.
func TestOwnArena(t *testing.T) {
	shared := model.NewArena("a,b,c\n")
	var recs []*model.Record
	for i := 0; i < 6; i++ {
		rec := &model.Record{Cells: make([]model.Cell, 2), Arena: shared}
		rec.Put(0, "a,b,c\n"[2:3], 1, 3)
		rec.Put(1, fmt.Sprint("value ", i), 1, 5)
		recs = append(recs, rec)
	}
	ownArena(recs, 2, 4)
	if recs[2].Arena == shared || recs[3].Arena != recs[2].Arena || recs[1].Arena != shared || recs[4].Arena != shared {
		t.Fatal("the chunk did not get an arena of its own")
	}
	for i, rec := range recs {
		if rec.Raw(0) != "b" || rec.Raw(1) != fmt.Sprint("value ", i) || rec.Cell(1).Col != 5 {
			t.Fatalf("record %d: %q %q", i, rec.Raw(0), rec.Raw(1))
		}
	}
	own := recs[2].Arena
	ownArena(recs, 2, 4)
	if recs[2].Arena != own {
		t.Fatal("a chunk alone in its arena was moved again")
	}
}
