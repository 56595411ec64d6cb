package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// readPieces reads s after its first record in the pieces csvPieces cuts
// (of at least minSize bytes), each with its own fastCSV, as the loader does.
// aligned is false when a piece's last record ran past its cut.
func readPieces(s string, comma byte, minSize int) (rows []csvRow, aligned bool, err error) {
	hr := newFastCSV(s, comma)
	head, err := readOne(hr)
	if err != nil {
		return nil, true, err
	}
	if head == nil {
		return nil, true, nil
	}
	rows = append(rows, *head)
	bounds, lines := csvPieces(s, hr.off, len(s), minSize)
	aligned = true
	for i := 0; i+1 < len(bounds); i++ {
		r := newFastCSVPiece(s, bounds[i], bounds[i+1], lines[i], comma)
		got, err := readAllFrom(r)
		rows = append(rows, got...)
		if err != nil {
			return rows, aligned, err
		}
		if r.off != bounds[i+1] {
			aligned = false
		}
	}
	return rows, aligned, nil
}

func readOne(src csvSource) (*csvRow, error) {
	rec, err := src.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := csvRow{fields: append([]string(nil), rec...)}
	for i := range rec {
		l, c := src.FieldPos(i)
		r.pos = append(r.pos, csvPos{l, c})
	}
	return &r, nil
}

// checkPieces asserts that reading s in pieces cut at every record boundary
// csvPieces finds gives the rows and positions of reading it whole, and that
// a file the whole reader reads (well-formed CSV) is always cut at record
// boundaries: the loader never falls back because of a bad cut.
func checkPieces(t *testing.T, s string, comma byte) {
	t.Helper()
	want, werr := readAllFrom(newFastCSV(s, comma))
	for _, size := range []int{1, 7, 64} {
		got, aligned, gerr := readPieces(s, comma, size)
		if werr == nil && (gerr != nil || !aligned) {
			t.Fatalf("%q (pieces of %d): read whole without error, in pieces: error %v, aligned %v", s, size, gerr, aligned)
		}
		if gerr != nil && !errors.Is(gerr, errNotSimple) {
			t.Fatalf("%q: pieces returned %v", s, gerr)
		}
		if gerr != nil || !aligned {
			continue // the loader reads the file with encoding/csv
		}
		if werr != nil {
			t.Fatalf("%q (pieces of %d): whole reader gave up (%v), pieces did not", s, size, werr)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q (pieces of %d):\nwhole  %v\npieces %v", s, size, want, got)
		}
	}
}

func TestCSVPiecesMatchWholeRead(t *testing.T) {
	cases := []string{
		"h\na\nb\nc\n", "h\r\na\r\nb\r\n", "h\n\n\na\n\n\nb", "h,x\n\"a\nb\",c\nd,e\n", "h\n\"a\n\n\nb\"\nc\n",
		"h\n\"a\r\nb\"\r\nc\r\n", "h\n\"a\"\"\nb\"\"\"\nc\n", "h\n\"\"\"\n\"\"\"\nx\n", "h\na\"b\nc\n", "h\n\"a\nb\nc\n",
		"h\n\"a\"x\nb\n", "h\na\nb\r", "h\na\n\"b", "h\n\"a\n\"\n\"b\"\n", "h;x\n\"a;\nb\";c\n", "h\n\xff\n\"\xfe\n\"\n",
		"h\n,\n,,\n", "h\n \n  \nx\n",
	}
	for _, c := range cases {
		checkPieces(t, c, ',')
		checkPieces(t, c, ';')
	}
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := []string{"a", "b", " ", ",", ";", `"`, `""`, "\n", "\n", "\r\n", "\r", "é"}
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		b.WriteString("h\n")
		for n := r.IntN(40); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		checkPieces(t, b.String(), ",;"[i%2])
	}
	// well-formed files, fields with quotes and newlines
	for i := 0; i < 5000; i++ {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.UseCRLF = i%3 == 0
		for rows := 1 + r.IntN(8); rows > 0; rows-- {
			var rec []string
			for n := 1 + r.IntN(4); n > 0; n-- {
				var f strings.Builder
				for k := r.IntN(6); k > 0; k-- {
					f.WriteString(alphabet[r.IntN(len(alphabet))])
				}
				rec = append(rec, f.String())
			}
			_ = w.Write(rec)
		}
		w.Flush()
		checkPieces(t, b.String(), ',')
	}
}

// checkCSVReaders asserts that the CSV register loaded by the fast reader,
// in one piece and in pieces of every record, is the register (records,
// cells, typed values, positions) and the findings of encoding/csv.
func checkCSVReaders(t *testing.T, data []byte) {
	t.Helper()
	_, _, fl := fuzzLoader(t, "registers/incidents.csv", data)
	load := func(set func(l *loader)) (*model.Register, []diag.Finding) {
		c := &diag.Collector{}
		l := &loader{rep: &i18n.Reporter{C: c, Lang: "en"}, schemas: fuzzEnv.schemas, dates: model.NewDateParser("DD/MM/YYYY")}
		set(l)
		return l.loadCSVRegister(fl, fuzzEnv.schemas.Registers["incidents"]), c.Findings()
	}
	want, wantF := load(func(l *loader) { l.csvSlow = true })
	for _, size := range []int{0, 1, 50} {
		got, gotF := load(func(l *loader) { l.csvPieceSize = size })
		if !reflect.DeepEqual(wantF, gotF) {
			t.Fatalf("%q (pieces of %d): findings differ\nencoding/csv %v\nfast         %v", data, size, wantF, gotF)
		}
		if len(want.Records) != len(got.Records) {
			t.Fatalf("%q (pieces of %d): %d records, encoding/csv %d", data, size, len(got.Records), len(want.Records))
		}
		for i := range want.Records {
			if w, g := plainRecord(want.Records[i]), plainRecord(got.Records[i]); !reflect.DeepEqual(w, g) {
				t.Fatalf("%q (pieces of %d): record %d\nencoding/csv %+v\nfast         %+v", data, size, i, w, g)
			}
		}
		if w, g := plainRegister(want), plainRegister(got); !reflect.DeepEqual(w, g) {
			t.Fatalf("%q (pieces of %d): registers differ\nencoding/csv %+v\nfast         %+v", data, size, w, g)
		}
	}
}

// incidentCells are cell texts of the incidents register's columns: valid,
// invalid for their type, quoted with commas, quotes and newlines.
var incidentCells = map[string][]string{
	"id":          {"INC-1", "INC-2", "INC 3", "", "INC-1"},
	"title":       {"Gangguan", "\"a, b\"", "\"x\ny\"", "\"kata \"\"kutip\"\"\"", " spasi ", "\"\r\nbaris\r\n\""},
	"reported_at": {"2026-11-01 08:00", "21/11/2026", "2026-02-30", "kemarin", "2026-11-01T08:00:00", ""},
	"priority":    {"1", "3", "7", "x", "2.0", ""},
	"impact":      {"high", "Tinggi", "TINGGI", "sedang", "besar", ""},
	"urgency":     {"low", "Rendah", "medium", ""},
	"status":      {"new", "Baru", "closed", "Ditutup", "selesai?", ""},
	"major":       {"yes", "Tidak", "true", "mungkin", ""},
	"service":     {"SVC-01", "SVC 01", "", "\"SVC-01\n\""},
	"resolved_at": {"2026-11-02 09:00", "2026-10-01", "", "02/11/2026 09:00"},
	"notes":       {"", "catatan", "\"dua\nbaris\""},
	"kolom_lain":  {"", "ekstra", "\"x\ny\""},
}

// randomIncidentsCSV writes an incidents CSV of random rows from incidentCells:
// sometimes with a BOM, CRLF, ';', empty lines, a ragged row or a stray quote.
func randomIncidentsCSV(r *rand.Rand) []byte {
	cols := []string{"id", "title", "reported_at", "priority", "impact", "urgency", "status", "major", "service", "resolved_at", "notes", "kolom_lain"}
	r.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	cols = cols[:2+r.IntN(len(cols)-1)]
	sep, nl := ",", "\n"
	if r.IntN(4) == 0 {
		sep = ";"
	}
	if r.IntN(3) == 0 {
		nl = "\r\n"
	}
	var b strings.Builder
	if r.IntN(4) == 0 {
		b.WriteString("\ufeff")
	}
	b.WriteString(strings.Join(cols, sep) + nl)
	for rows := r.IntN(12); rows > 0; rows-- {
		n := len(cols)
		switch r.IntN(12) {
		case 0:
			n++ // ragged
		case 1:
			n = max(1, n-1)
		case 2:
			b.WriteString(nl) // empty line
		}
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(sep)
			}
			vals := incidentCells[cols[min(i, len(cols)-1)]]
			v := vals[r.IntN(len(vals))]
			if sep == ";" {
				v = strings.ReplaceAll(v, ",", ";")
			}
			b.WriteString(v)
		}
		if r.IntN(40) == 0 {
			b.WriteString(`x"y`) // stray quote: encoding/csv's error
		}
		if rows > 1 || r.IntN(2) == 0 {
			b.WriteString(nl)
		}
	}
	return []byte(b.String())
}

func TestCSVRegisterFastAndPiecesMatchEncodingCSV(t *testing.T) {
	for _, s := range []string{
		"id,title,reported_at,priority,status\nINC-1,A,2026-11-01 08:00,3,new\n",
		"\ufeffNomor;Judul;Waktu Dilaporkan;Prioritas\r\nINC-1;\"a;b\r\nc\";21/11/2026;x\r\nINC-2;\"\r\n\r\n\";2026-02-30;1\r\n",
		"id,title\n\"INC-1\",\"a\nb\nc\"\nINC-2,\"d\ne\"\n\n\nINC-3,f\n",
		"id,title\nINC-1,a\nINC-2,\"b\nINC-3,c\n",
		"id,title\nINC-1,a\nINC-2,b\"c\nINC-3,d\n",
		"id,title\nINC-1,\xff\nINC-2,\"\xfe\n\"\n",
		"id,id,,Layanan\n1,2\n3,4,5,6,7\n",
		"id\r\nA\r\n",
		"id,title\n",
	} {
		checkCSVReaders(t, []byte(s))
	}
	r := rand.New(rand.NewPCG(9, 10))
	for i := 0; i < 600; i++ {
		checkCSVReaders(t, randomIncidentsCSV(r))
	}
}

// plainCell is what a cell holds, wherever its text is stored.
type plainCell struct {
	Raw       string
	Line, Col int32
	Valid     bool
	Num       uint64 // the bits: NaN equals NaN
}

// plainRec is a record with its cells as plainCells (no arena), for DeepEqual.
type plainRec struct {
	Rec   model.Record
	Cells []plainCell
}

func plainRecord(rec *model.Record) plainRec {
	p := plainRec{Rec: *rec}
	p.Rec.Cells, p.Rec.Arena = nil, nil
	for i := range rec.Cells {
		c := rec.Cell(i)
		p.Cells = append(p.Cells, plainCell{Raw: c.Raw, Line: c.Line, Col: c.Col, Valid: c.Valid(), Num: math.Float64bits(c.Float())})
	}
	return p
}

// plainRegister is a register with its records as plainRecs, for DeepEqual.
func plainRegister(reg *model.Register) any {
	type plain struct {
		Reg  model.Register
		Recs []plainRec
		ByID map[string]plainRec
	}
	p := plain{Reg: *reg}
	p.Reg.Records, p.Reg.ByID = nil, nil
	for _, rec := range reg.Records {
		p.Recs = append(p.Recs, plainRecord(rec))
	}
	if reg.ByID != nil {
		p.ByID = map[string]plainRec{}
		for id, rec := range reg.ByID {
			p.ByID[id] = plainRecord(rec)
		}
	}
	return p
}
