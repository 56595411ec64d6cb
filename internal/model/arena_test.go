package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"unsafe"

	"github.com/smsgen/smsgen/internal/schema"
)

// hasPointers reports whether a value of type t holds a pointer the garbage
// collector follows.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	}
	return true // pointers, strings, slices, maps, channels, functions, interfaces
}

func TestCellHoldsNoPointer(t *testing.T) {
	if hasPointers(reflect.TypeFor[Cell]()) {
		t.Fatal("model.Cell holds a pointer: slabs of cells would be scanned at every collection")
	}
	if !hasPointers(reflect.TypeFor[Val]()) || !hasPointers(reflect.TypeFor[Record]()) {
		t.Fatal("hasPointers misses pointers") // the check above can fail
	}
	if n := unsafe.Sizeof(Cell{}); n > 24 {
		t.Fatalf("Cell is %d bytes, want at most 24", n)
	}
}

// TestCellSlabIsNotScanned checks with the runtime's own figure that a block
// of cells adds nothing to the heap the collector scans, where a block of
// strings of the same length does.
func TestCellSlabIsNotScanned(t *testing.T) {
	scan := func() uint64 {
		runtime.GC()
		s := []metrics.Sample{{Name: "/gc/scan/heap:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	const n = 1 << 18
	before := scan()
	cells := make([]Cell, n)
	withCells := scan()
	strs := make([]string, n)
	withStrings := scan()
	runtime.KeepAlive(cells)
	runtime.KeepAlive(strs)
	size := uint64(n * unsafe.Sizeof(Cell{}))
	if d := int64(withCells) - int64(before); d > int64(size/8) {
		t.Errorf("%d cells (%d bytes) add %d scanned bytes", n, size, d)
	}
	if d := withStrings - withCells; d < uint64(n*unsafe.Sizeof(""))/2 {
		t.Errorf("%d strings add only %d scanned bytes: the figure does not measure scanning", n, d)
	}
}

func TestArenaKeepsSubstringsOfItsText(t *testing.T) {
	text := strings.Repeat("INC-1,Gangguan surel,Tinggi\n", 3)
	a := NewArena(text)
	rec := &Record{Cells: make([]Cell, 3), Arena: a}
	rec.Put(0, text[34:48], 2, 7) // "Gangguan surel" of row 2: no copy
	rec.Put(1, "Gangguan \"surel\"", 3, 7)
	rec.Put(2, "", 3, 20)
	if rec.Raw(0) != "Gangguan surel" || rec.Raw(1) != "Gangguan \"surel\"" || rec.Raw(2) != "" {
		t.Fatalf("values %q %q %q", rec.Raw(0), rec.Raw(1), rec.Raw(2))
	}
	if unsafe.StringData(rec.Raw(0)) != unsafe.StringData(text[34:]) || len(a.side) != len("Gangguan \"surel\"") {
		t.Fatalf("a substring of the text was copied (side %q)", a.side)
	}
	if c := rec.Cell(1); c.Line != 3 || c.Col != 7 || !c.Present() || c.Valid() || rec.Cell(2).Present() {
		t.Fatalf("cell 1 %+v, cell 2 %+v", c, rec.Cell(2))
	}
	// a value already in the side buffer is not copied again
	rec.SetRaw(0, rec.Raw(1)[9:])
	if rec.Raw(0) != "\"surel\"" || len(a.side) != len("Gangguan \"surel\"") {
		t.Fatalf("SetRaw of a side value: %q, side %q", rec.Raw(0), a.side)
	}
	if c := rec.Cell(0); c.Line != 2 || c.Col != 7 {
		t.Fatalf("SetRaw moved the cell to %d:%d", c.Line, c.Col)
	}
	// out of range reads are empty, not a panic
	if rec.Raw(3) != "" || rec.Raw(-1) != "" || rec.Cell(9).Present() {
		t.Fatal("out of range read")
	}
	var none Record
	if none.Raw(0) != "" || none.Cell(0).Raw != "" {
		t.Fatal("empty record")
	}
}

func TestCoerceSharesCanonicalValues(t *testing.T) {
	set, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	inc := set.Registers["incidents"]
	f, f2 := inc.Field("impact"), inc.Field("major")
	a := NewArena("")
	var recs []*Record
	for i := 0; i < 100; i++ {
		rec := &Record{Cells: make([]Cell, len(inc.Fields)), Arena: a}
		rec.Put(f.Index, "Tinggi", i+2, 5)
		rec.Put(f2.Index, "Ya", i+2, 12)
		if ps := Coerce(f, rec, DateParser{}); len(ps) != 0 {
			t.Fatalf("enum: %v", ps)
		}
		if ps := Coerce(f2, rec, DateParser{}); len(ps) != 0 {
			t.Fatalf("boolean: %v", ps)
		}
		recs = append(recs, rec)
	}
	for i, rec := range recs {
		c, b := rec.Cell(f.Index), rec.Cell(f2.Index)
		if c.Raw != "high" || !c.Valid() || int(c.Line) != i+2 || c.Col != 5 || b.Raw != "true" || !b.Bool() || b.Col != 12 {
			t.Fatalf("record %d: %+v %+v", i, c, b)
		}
	}
	// 100 × ("Tinggi" + "Ya") copied, and one "high" and one "true"
	if want := 100*len("TinggiYa") + len("hightrue"); len(a.side) != want {
		t.Fatalf("side buffer holds %d bytes, want %d", len(a.side), want)
	}
}

func TestCopyCellAndSameAcrossArenas(t *testing.T) {
	text := "A,x,2026-01-02\n"
	r1 := &Record{ID: "A", Cells: make([]Cell, 2), Arena: NewArena(text)}
	r1.Put(0, text[2:3], 1, 3)
	r1.Put(1, text[4:14], 1, 5)
	r1.Cells[1].Set(42)
	r2 := &Record{ID: "A", Cells: make([]Cell, 2)} // no arena yet
	r2.Put(0, "x", 1, 3)
	r2.Put(1, "2026-01-02", 1, 5)
	if r1.Same(r2) {
		t.Fatal("records differing in a typed value are the same")
	}
	r2.Cells[1].Set(42)
	if !r1.Same(r2) || !r2.Same(r1) {
		t.Fatal("records with the same values in different arenas differ")
	}
	r2.Put(0, "y", 1, 3)
	if r1.Same(r2) {
		t.Fatal("records differing in a text are the same")
	}
	r2.CopyCell(0, r1, 0)
	if !r1.Same(r2) || r2.Raw(0) != "x" {
		t.Fatalf("CopyCell: %q", r2.Raw(0))
	}
	// the copy lives in r2's arena: r1's can go
	if p := unsafe.StringData(r2.Raw(0)); p == unsafe.StringData(text[2:]) {
		t.Fatal("CopyCell kept a pointer into another arena's text")
	}
	r2.Cells[0].Line = 9
	if r1.Same(r2) {
		t.Fatal("records differing in a position are the same")
	}
}

func TestFullArenaMovesTheRecord(t *testing.T) {
	defer func(m int) { maxSide = m }(maxSide)
	maxSide = 16
	a := NewArena("head,text\n")
	r1 := &Record{Cells: make([]Cell, 3), Arena: a}
	r2 := &Record{Cells: make([]Cell, 1), Arena: a}
	r1.Put(0, "head", 1, 1) // "head" literal is not the text's: copied
	r1.Put(1, a.text[5:9], 1, 6)
	r2.Put(0, "0123456789", 2, 1)
	r1.Put(2, "abcdefgh", 1, 11) // 4 + 10 + 8 > 16: r1 moves to a new arena
	if r1.Arena == a || r2.Arena != a {
		t.Fatal("the full arena was not replaced for r1 only")
	}
	if r1.Raw(0) != "head" || r1.Raw(1) != "text" || r1.Raw(2) != "abcdefgh" || r2.Raw(0) != "0123456789" {
		t.Fatalf("values after the move: %q %q %q %q", r1.Raw(0), r1.Raw(1), r1.Raw(2), r2.Raw(0))
	}
	if unsafe.StringData(r1.Raw(1)) != unsafe.StringData(a.text[5:]) {
		t.Fatal("a value in the text was copied by the move")
	}
}

// TestCoerceWithMemoMatchesCoerce types the same random cells of every enum,
// boolean, date, number and other field of the built-in registers with Coerce and with
// CoerceWith (its memo and the arena's recent shared values), record by
// record in one arena each: the texts, typed values, problems and side
// buffers must be the same.
func TestCoerceWithMemoMatchesCoerce(t *testing.T) {
	set, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, name := range []string{"incidents", "changes", "problems", "requests", "availability"} {
		reg := set.Registers[name]
		if reg == nil {
			t.Fatalf("no register %s", name)
		}
		// the texts a cell may hold: every value and label of the field,
		// in other cases and with a typo, and a few of other fields
		var pool []string
		for _, f := range reg.Fields {
			for _, e := range f.Values {
				pool = append(pool, e.Value, e.ID, e.EN, strings.ToUpper(e.ID), strings.ToLower(e.EN), e.ID+"x", " "+e.Value)
			}
		}
		pool = append(pool, "Ya", "tidak", "TRUE", "0", "2026-01-02", "12", "x", "é", "ÉLEVÉ",
			"-3", "+7", "1,5", "2.25", "0.0", "99999999", "1e3", "5.", ".5", "-0", "100", "101", "1234567890123456", "NaN")
		// dates and date-times, a few days often repeated, some mangled
		var dates []string
		const digits = "0123456789 -:T/x"
		for k := 0; k < 400; k++ {
			b := []byte([]string{"2026-11-21 14:30:59", "2026-11-22T00:00:00", "1969-12-31 23:59:59", "2024-02-29 12:00:00"}[r.IntN(4)])
			if r.IntN(3) == 0 {
				for n := 1 + r.IntN(2); n > 0; n-- {
					b[r.IntN(len(b))] = digits[r.IntN(len(digits))]
				}
			}
			dates = append(dates, string(b[:[]int{10, 16, 19, 10 + r.IntN(10)}[r.IntN(4)]]))
		}
		slow, fast := NewArena(""), NewArena("")
		var memo Memo
		for i := 0; i < 3000; i++ {
			a := &Record{Cells: make([]Cell, len(reg.Fields)), Arena: slow}
			b := &Record{Cells: make([]Cell, len(reg.Fields)), Arena: fast}
			for _, f := range reg.Fields {
				date := f.Type == schema.Date || f.Type == schema.DateTime
				number := f.Type == schema.Integer || f.Type == schema.Number
				if f.Type != schema.Enum && f.Type != schema.Boolean && !date && !number && r.IntN(4) != 0 {
					continue
				}
				v := pool[r.IntN(len(pool))]
				if date && r.IntN(5) != 0 {
					v = dates[r.IntN(len(dates))]
				}
				a.Put(f.Index, v, i+2, f.Index+1)
				b.Put(f.Index, v, i+2, f.Index+1)
				pa := Coerce(f, a, DateParser{})
				pb := CoerceWith(f, b, DateParser{}, &memo)
				if fmt.Sprint(pa) != fmt.Sprint(pb) {
					t.Fatalf("%s.%s %q: Coerce %v, CoerceWith %v", name, f.Key, v, pa, pb)
				}
			}
			if !a.Same(b) {
				t.Fatalf("%s record %d: Coerce and CoerceWith differ", name, i)
			}
		}
		if string(slow.side) != string(fast.side) {
			t.Fatalf("%s: side buffers differ (%d and %d bytes)", name, len(slow.side), len(fast.side))
		}
	}
}

// TestPutSharedKeepsOneCopy puts random values, the same texts at different
// addresses among them, as shared values: each put gives back its text, and
// the side buffer holds each distinct text once, whatever the recent values
// said.
func TestPutSharedKeepsOneCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"high", "low", "medium", "true", "false", "a", "ab", "ba", "portal", "phone", "email", "é"}
	a := NewArena("")
	seen := map[string]bool{}
	size := 0
	for i := 0; i < 20000; i++ {
		s := words[r.IntN(len(words))]
		if r.IntN(2) == 0 {
			s = strings.Clone(s) // the same text elsewhere
		}
		if got := a.at(a.putShared(s)); got != s {
			t.Fatalf("put %q, got %q back", s, got)
		}
		if !seen[s] {
			seen[s] = true
			size += len(s)
		}
	}
	if len(a.side) != size {
		t.Fatalf("side buffer holds %d bytes, want %d (one copy of each text)", len(a.side), size)
	}
}
