package pdf

import (
	"strconv"
	"testing"
	"time"
)

// TestTableGivesColoursBack: a table's rows leave their colours to the next
// row, but the table ends with fpdf's colours as everything else expects
// them (fill white, stroke black), also when it breaks pages.
func TestTableGivesColoursBack(t *testing.T) {
	o := newOut("id", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), docMeta{})
	o.begin(&section{orient: "P"})
	zebra := rgb{247, 248, 251}
	tb := &table{x: o.left, widths: []float64{40, 60}, base: regBase, pad: regPad,
		header: [][]tcell{{textCell("Nomor", regHead), textCell("Judul", regHead)}},
		rowFill: func(i int) *rgb {
			if i%2 == 1 {
				return &zebra
			}
			return nil
		}}
	var rows [][]tcell
	for i := range 300 {
		rows = append(rows, []tcell{textCell("INC-"+strconv.Itoa(i), regHead), textCell("Laporan gangguan jaringan di gedung B", regBase)})
	}
	o.drawRows(tb, rows)
	if n := o.f.PageCount(); n < 3 {
		t.Fatalf("%d pages: the table should break pages", n)
	}
	check := func(when string) {
		t.Helper()
		if r, g, b := o.f.GetFillColor(); [3]int{r, g, b} != white {
			t.Errorf("%s: fill %d %d %d, want white", when, r, g, b)
		}
		if r, g, b := o.f.GetDrawColor(); [3]int{r, g, b} != black {
			t.Errorf("%s: stroke %d %d %d, want black", when, r, g, b)
		}
		if o.tableColors {
			t.Errorf("%s: the table's colours are not ended", when)
		}
	}
	check("after the table")
	// a page break inside a table ends the rows' colours before the new page
	o.drawRowPart(tb, o.layRow(tb, rows[0]), o.y, 5, zeros(2), []int{1, 1}, &zebra)
	if !o.tableColors {
		t.Fatal("a row does not leave its colours")
	}
	o.newPage()
	check("after a page break")
	o.back(o.f.PageCount())
	o.finish()
	if err := o.f.Error(); err != nil {
		t.Fatal(err)
	}
}
