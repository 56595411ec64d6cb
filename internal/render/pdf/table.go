package pdf

import "slices"

// tcell is one table cell: rich text, alignment and an optional fill.
type tcell struct {
	runs  []run
	align byte // 'L' (default), 'C', 'R'
	fill  *rgb
}

func textCell(s string, st style) tcell { return tcell{runs: plain(s, st)} }

// table draws rows under header rows that repeat after every page break.
// A row never splits between pages unless it is taller than a whole page, and
// then only between lines.
type table struct {
	x      float64
	widths []float64
	header [][]tcell
	base   style // style of empty cells and line heights
	pad    float64
	// onRow, when set, is called with each row's index and top once placed.
	onRow func(i int, top float64)
	// rowFill, when set, gives the fill of a row (e.g. zebra stripes).
	rowFill func(i int) *rgb
	// minRowH is the smallest row height.
	minRowH float64
}

type laidRow struct {
	cells []tcell
	lines [][]lineBox
	h     float64
}

func (o *out) layRow(t *table, cells []tcell) laidRow { return o.layRowIn(t, cells, nil) }

// layRowIn is layRow with the row's lines in arena a (nil: allocated).
func (o *out) layRowIn(t *table, cells []tcell, a *layArena) laidRow {
	r := laidRow{cells: cells}
	if a != nil {
		a.lines = slices.Grow(a.lines[:0], len(t.widths))[:len(t.widths)]
		r.lines = a.lines
	} else {
		r.lines = make([][]lineBox, len(t.widths))
	}
	for i := range t.widths {
		var runs []run
		if i < len(cells) {
			runs = cells[i].runs
		}
		r.lines[i] = o.layoutIn(runs, t.widths[i]-2*t.pad, t.base, a)
		if h := linesH(r.lines[i]) + 2*t.pad; h > r.h {
			r.h = h
		}
	}
	if r.h < t.minRowH {
		r.h = t.minRowH
	}
	return r
}

func (t *table) totalW() float64 {
	w := 0.0
	for _, c := range t.widths {
		w += c
	}
	return w
}

// drawRowPart draws lines [from[i], to[i]) of each cell of r at top with height h.
// The fills come first, one rectangle for neighbouring cells of one fill,
// then the texts with the fill colour set to black (fpdf draws text in the
// fill colour: black text then needs no colour of its own), then the borders.
func (o *out) drawRowPart(t *table, r laidRow, top, h float64, from, to []int, fill *rgb) {
	cellFill := func(i int) *rgb {
		if i < len(r.cells) && r.cells[i].fill != nil {
			return r.cells[i].fill
		}
		return fill
	}
	x := t.x
	for i := 0; i < len(t.widths); {
		f := cellFill(i)
		w := t.widths[i]
		j := i + 1
		for ; j < len(t.widths) && sameFill(cellFill(j), f); j++ {
			w += t.widths[j]
		}
		if f != nil {
			o.fillColor(*f)
			o.rect(x, top, w, h, "F")
		}
		x += w
		i = j
	}
	o.fillColor(black)
	x = t.x
	for i, w := range t.widths {
		align := byte('L')
		if i < len(r.cells) && r.cells[i].align != 0 {
			align = r.cells[i].align
		}
		y := top + t.pad
		for _, l := range r.lines[i][from[i]:to[i]] {
			o.drawLine(l, x+t.pad, y, w-2*t.pad, align)
			y += l.h
		}
		x += w
	}
	o.drawColor(rule)
	o.f.SetLineWidth(0.2)
	x = t.x
	for _, w := range t.widths {
		o.rect(x, top, w, h, "D")
		x += w
	}
	// the next row starts from these colours; the table (or a page break)
	// ends them (see settle)
	o.tableColors = true
}

func sameFill(a, b *rgb) bool { return a == b || (a != nil && b != nil && *a == *b) }

func (o *out) drawHeader(t *table) {
	for _, cells := range t.header {
		r := o.layRow(t, cells)
		o.drawRowPart(t, r, o.y, r.h, zeros(len(t.widths)), ends(r), &headFill)
		o.y += r.h
	}
}

func zeros(n int) []int { return make([]int, n) }

func ends(r laidRow) []int { return endsIn(r, nil) }

// endsIn is ends in e's memory when it has room.
func endsIn(r laidRow, e []int) []int {
	e = slices.Grow(e[:0], len(r.lines))[:len(r.lines)]
	for i, l := range r.lines {
		e[i] = len(l)
	}
	return e
}

func (o *out) headerH(t *table) float64 {
	h := 0.0
	for _, cells := range t.header {
		h += o.layRow(t, cells).h
	}
	return h
}

// drawTable draws the table; next yields the rows one by one (so big
// registers stream) and returns false when there are no more.
func (o *out) drawTable(t *table, next func() ([]tcell, bool)) {
	hh := o.headerH(t)
	first := true
	i := 0
	// the rows are laid out in one arena, row after row (the header rows,
	// drawn also in the middle of a row split between pages, are not)
	var a layArena
	zs := zeros(len(t.widths))
	for {
		cells, ok := next()
		if !ok {
			break
		}
		a.reset()
		r := o.layRowIn(t, cells, &a)
		var fill *rgb
		if t.rowFill != nil {
			fill = t.rowFill(i)
		}
		if first {
			o.need(hh + minF(r.h, 20))
			o.drawHeader(t)
			first = false
		}
		room := o.bottom - o.top - hh
		if r.h <= room {
			if o.need(r.h) {
				o.drawHeader(t)
			}
			if t.onRow != nil {
				t.onRow(i, o.y)
			}
			a.to = endsIn(r, a.to)
			o.drawRowPart(t, r, o.y, r.h, zs, a.to, fill)
			o.y += r.h
		} else {
			// taller than a page: split between lines
			from := zeros(len(t.widths))
			startedRow := false
			for {
				avail := o.bottom - o.y - 2*t.pad
				if avail < t.base.lineH()*2 {
					o.newPage()
					o.drawHeader(t)
					avail = o.bottom - o.y - 2*t.pad
				}
				to := make([]int, len(t.widths))
				hmax := 0.0
				done := true
				for c := range t.widths {
					h := 0.0
					k := from[c]
					for k < len(r.lines[c]) && h+r.lines[c][k].h <= avail {
						h += r.lines[c][k].h
						k++
					}
					if k == from[c] && k < len(r.lines[c]) { // at least one line
						h += r.lines[c][k].h
						k++
					}
					to[c] = k
					if k < len(r.lines[c]) {
						done = false
					}
					if h > hmax {
						hmax = h
					}
				}
				if !startedRow && t.onRow != nil {
					t.onRow(i, o.y)
				}
				startedRow = true
				o.drawRowPart(t, r, o.y, hmax+2*t.pad, from, to, fill)
				o.y += hmax + 2*t.pad
				from = to
				if done {
					break
				}
				o.newPage()
				o.drawHeader(t)
			}
		}
		i++
	}
	if first && len(t.header) > 0 {
		o.need(hh)
		o.drawHeader(t)
	}
	o.settle()
}

// drawRows is drawTable over a slice.
func (o *out) drawRows(t *table, rows [][]tcell) {
	i := 0
	o.drawTable(t, func() ([]tcell, bool) {
		if i >= len(rows) {
			return nil, false
		}
		i++
		return rows[i-1], true
	})
}

func minF(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func maxF(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// colStat accumulates the widths a column's content asks for.
type colStat struct{ min, nat float64 }

func (c *colStat) add(o *out, runs []run) {
	mn, nt := o.measure(runs)
	if mn > c.min {
		c.min = mn
	}
	if nt > c.nat {
		c.nat = nt
	}
}

// fitWidths chooses column widths for avail mm from what the content asks:
// natural widths when they fit (stretched to the full width when fill), else
// every column gets its longest word and the rest is shared by need; when even
// the longest words do not fit, columns shrink and words break.
func fitWidths(stats []colStat, avail, pad, minCap, natCap float64, fill bool) []float64 {
	n := len(stats)
	w := make([]float64, n)
	if n == 0 {
		return w
	}
	mins := make([]float64, n)
	nats := make([]float64, n)
	sumMin, sumNat := 0.0, 0.0
	for i, s := range stats {
		mins[i] = minF(maxF(s.min, 4), maxF(minCap, minF(s.nat, 40))) + 2*pad
		nats[i] = maxF(minF(s.nat, natCap)+2*pad, mins[i])
		sumMin += mins[i]
		sumNat += nats[i]
	}
	switch {
	case sumNat <= avail:
		copy(w, nats)
		if fill && sumNat > 0 {
			extra := avail - sumNat
			for i := range w {
				w[i] += extra * nats[i] / sumNat
			}
		}
	case sumMin <= avail:
		extra := avail - sumMin
		want := sumNat - sumMin
		for i := range w {
			w[i] = mins[i] + extra*(nats[i]-mins[i])/want
		}
	default:
		for i := range w {
			w[i] = mins[i] * avail / sumMin
		}
	}
	return w
}
