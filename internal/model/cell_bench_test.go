package model

import "testing"

// BenchmarkCellRead reads every cell of 1,000 records of 28 fields (half of
// them set, as in a register whose file has some of its schema's columns):
// as a Val (Record.Cell), as text (Record.Raw), as presence (Cell.Present),
// and, for comparison, from cells that hold their text as a string.
//
//	go test -run '^$' -bench CellRead ./internal/model
func BenchmarkCellRead(b *testing.B) {
	const text = "abcdefghijklmnopqrstuvwxyz"
	a := NewArena(text)
	recs := make([]*Record, 1000)
	strs := make([][]struct {
		Raw       string
		Line, Col int32
		v         uint64
	}, len(recs))
	for i := range recs {
		r := &Record{Cells: make([]Cell, 28), Arena: a}
		strs[i] = make([]struct {
			Raw       string
			Line, Col int32
			v         uint64
		}, 28)
		for j := 0; j < 28; j += 2 {
			r.Put(j, text[j%20:j%20+3], 2, j)
			strs[i][j].Raw, strs[i][j].Line = text[j%20:j%20+3], 2
		}
		recs[i] = r
	}
	var sink int
	b.Run("Cell", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, r := range recs {
				for j := range r.Cells {
					if c := r.Cell(j); c.Raw != "" {
						sink += int(c.Line)
					}
				}
			}
		}
	})
	b.Run("Raw", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, r := range recs {
				for j := range r.Cells {
					sink += len(r.Raw(j))
				}
			}
		}
	})
	b.Run("Present", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, r := range recs {
				for j := range r.Cells {
					if r.Cells[j].Present() {
						sink++
					}
				}
			}
		}
	})
	b.Run("string-cells", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, r := range strs {
				for j := range r {
					if c := &r[j]; c.Raw != "" {
						sink += int(c.Line)
					}
				}
			}
		}
	})
	_ = sink
}
