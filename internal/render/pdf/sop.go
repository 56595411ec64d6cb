package pdf

import (
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// renderSOP adds the SOP AP pages of an SOP document: the identity page
// (portrait) and the procedure table with its swimlane flowchart (landscape).
func renderSOP(o *out, rc *rctx, d *model.Document, lang string, grp *group, level int) {
	s := d.SOP
	// labels from the schema's ordered lists (SOPSpec.Label searches a map, so a
	// key present in two lists could come from either)
	sopLabel := func(key string) string {
		if l, ok := labels["sop_"+key]; ok {
			if lang == "en" {
				return l[1]
			}
			return l[0]
		}
		if rc.site.Schemas != nil && rc.site.Schemas.SOP != nil {
			for _, list := range [][]schema.EnumValue{rc.site.Schemas.SOP.Columns, rc.site.Schemas.SOP.Fields} {
				for _, v := range list {
					if v.Value == key {
						return v.Label(lang)
					}
				}
			}
		}
		return key
	}
	wm := watermarkOf(d, lang)
	ident := &section{orient: "P", marginX: 18, header: docHeader(rc, d, lang), footer: docFooter(rc, d, lang), watermark: wm, grp: grp}
	o.begin(ident)
	o.bookmark(label(lang, "sop_identity"), level, 0)
	sopIdentity(o, rc, s, lang, sopLabel)

	proc := &section{orient: "L", marginX: 10, bottom: 16, header: docHeader(rc, d, lang), footer: docFooter(rc, d, lang), watermark: wm, grp: grp}
	o.begin(proc)
	o.bookmark(label(lang, "sop_procedure"), level, 0)
	if len(s.Steps) == 0 || len(s.Actors) == 0 {
		return
	}
	sopProcedure(o, s, lang, sopLabel)
}

func numbered(items []string) string {
	if len(items) == 0 {
		return "—"
	}
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		if len(items) > 1 {
			b.WriteString(strconv.Itoa(i+1) + ". ")
		}
		b.WriteString(it)
	}
	return b.String()
}

func sopIdentity(o *out, rc *rctx, s *model.SOP, lang string, sl func(string) string) {
	x, w := o.left, o.right-o.left
	lw := 62.0
	ks := style{face: bold, size: 8.8, color: black}
	vs := style{face: regular, size: 8.8, color: black}
	approver := s.ApprovedBy.Position
	approver += "\n\n\n\n" + s.ApprovedBy.Name
	if s.ApprovedBy.NIP != "" {
		approver += "\n" + label(lang, "sop_nip") + ". " + s.ApprovedBy.NIP
	}
	right := [][2]string{
		{sl("number"), s.Number},
		{sl("created_date"), fmtDate(s.CreatedDate, lang)},
		{sl("revision_date"), fmtDate(s.RevisionDate, lang)},
		{sl("effective_date"), fmtDate(s.EffectiveDate, lang)},
		{sl("approved_by"), approver},
		{sl("name"), s.Name},
	}
	var rows [][]tcell
	for _, r := range right {
		v := r[1]
		if v == "" {
			v = "—"
		}
		c := textCell(v, vs)
		if r[0] == sl("name") {
			c = textCell(v, style{face: bold, size: 10, color: black})
		}
		if r[0] == sl("approved_by") {
			c.align = 'C'
		}
		rows = append(rows, []tcell{{runs: plain(r[0], ks), fill: &rgb{246, 247, 250}}, c})
	}
	top := o.y
	o.drawRows(&table{x: x + lw, widths: []float64{36, w - lw - 36}, base: vs, pad: 1.8}, rows)
	bottom := o.y
	o.drawColor(rule)
	o.rect(x, top, lw, bottom-top, "D")
	o.drawColor(black)
	// the organisation, centred in the left cell
	ost := style{face: bold, size: 10, color: black}
	ust := style{face: bold, size: 9, color: black}
	org := o.layout(plain(strings.ToUpper(rc.site.Settings.Organization), ost), lw-8, ost)
	unit := o.layout(plain(strings.ToUpper(rc.site.Settings.Unit), ust), lw-8, ust)
	h := linesH(org) + 3 + linesH(unit)
	y := top + (bottom-top-h)/2
	for _, l := range org {
		o.drawLine(l, x+4, y, lw-8, 'C')
		y += l.h
	}
	y += 3
	for _, l := range unit {
		o.drawLine(l, x+4, y, lw-8, 'C')
		y += l.h
	}
	o.y += 4
	// the grid
	pairs := [][2]string{{"legal_basis", "qualifications"}, {"related", "equipment"}, {"warnings", "records"}}
	lists := map[string][]string{"legal_basis": s.LegalBasis, "qualifications": s.Qualifications, "related": s.Related,
		"equipment": s.Equipment, "warnings": s.Warnings, "records": s.Records}
	var grid [][]tcell
	for _, p := range pairs {
		var row []tcell
		for _, k := range p {
			runs := []run{{text: sl(k) + ":\n", st: ks}, {text: numbered(lists[k]), st: vs}}
			row = append(row, tcell{runs: runs})
		}
		grid = append(grid, row)
	}
	o.drawRows(&table{x: x, widths: []float64{w / 2, w / 2}, base: vs, pad: 2}, grid)
}

// flowchart geometry of one step
type stepBox struct {
	page    int // index into pages of the procedure
	top, h  float64
	col     int
	cx, cy  float64
	w, bh   float64 // symbol width and height
	kind    string
	numRows int
}

type edge struct {
	from, to int // 0-based step indexes
	label    string
	down     bool
	side     int // +1 right, -1 left
}

// mainPathMinutes sums the time of the main path: from the first step, taking
// at each decision the exit that moves forward.
func mainPathMinutes(s *model.SOP) float64 {
	total := 0.0
	seen := map[int]bool{}
	i := 1
	for i >= 1 && i <= len(s.Steps) && !seen[i] {
		seen[i] = true
		st := s.Steps[i-1]
		total += st.Minutes
		next := s.Successors(i)
		if len(next) == 0 {
			break
		}
		pick := next[0]
		for _, n := range next {
			if n > i && (pick <= i || n < pick) {
				pick = n
			}
		}
		i = pick
	}
	return total
}

// fmtMinutes writes a duration in days, hours and minutes.
func fmtMinutes(m float64, lang string) string {
	mins := int(math.Round(m))
	d, h, mm := mins/1440, mins%1440/60, mins%60
	units := [3]string{"hari", "jam", "menit"}
	if lang == "en" {
		units = [3]string{"days", "hours", "minutes"}
	}
	var parts []string
	for i, v := range []int{d, h, mm} {
		if v > 0 {
			parts = append(parts, strconv.Itoa(v)+" "+units[i])
		}
	}
	if len(parts) == 0 {
		return "0 " + units[2]
	}
	return strings.Join(parts, " ")
}

// sopProcedure draws the procedure table: No | Kegiatan | one column per
// performer holding the flowchart | Mutu Baku (requirements, time, output) |
// notes, over as many landscape pages as needed, with numbered off-page
// connectors where the flow crosses a page break.
func sopProcedure(o *out, s *model.SOP, lang string, sl func(string) string) {
	x0 := o.left
	W := o.right - o.left
	n := len(s.Actors)
	// column widths
	fixed := []float64{9, 54, 40, 17, 36, 34} // no, activity, requirements, time, output, notes
	fixedSum := 0.0
	for _, f := range fixed {
		fixedSum += f
	}
	actorW := (W - fixedSum) / float64(n)
	if actorW < 24 {
		actorW = 24
		scale := (W - actorW*float64(n)) / fixedSum
		if scale < 0.45 {
			scale = 0.45
			actorW = (W - fixedSum*scale) / float64(n)
		}
		for i := range fixed {
			fixed[i] *= scale
		}
	}
	widths := []float64{fixed[0], fixed[1]}
	for range n {
		widths = append(widths, actorW)
	}
	widths = append(widths, fixed[2], fixed[3], fixed[4], fixed[5])
	colX := make([]float64, len(widths)+1)
	colX[0] = x0
	for i, w := range widths {
		colX[i+1] = colX[i] + w
	}
	actorCol := func(actor string) int {
		for i, a := range s.Actors {
			if a == actor {
				return i
			}
		}
		return 0
	}
	txt := style{face: regular, size: 7.6, color: black}
	pad := 1.4
	// header height
	hst := style{face: bold, size: 7.6, color: black}
	actorH := 0.0
	for _, a := range s.Actors {
		if h := linesH(o.layout(plain(a, hst), actorW-2*pad, hst)); h > actorH {
			actorH = h
		}
	}
	rowA := 6.0
	rowB := maxF(actorH+2*pad, linesH(o.layout(plain(sl("requirements"), hst), widths[2+n]-2*pad, hst))+2*pad)
	rowC := 4.2
	headerH := rowA + rowB + rowC
	const strip = 8.0 // connector strips at the top and bottom of pages
	totalRowH := 7.0

	// lay out the rows (text) and paginate
	type rowT struct {
		cells [][]lineBox // per text column: activity, req, time, output, notes
		h     float64
	}
	textCols := []int{1, 2 + n, 3 + n, 4 + n, 5 + n}
	rows := make([]rowT, len(s.Steps))
	for i, st := range s.Steps {
		texts := []string{st.Activity, numbered(st.Requirements), st.Time, st.Output, st.Notes}
		if len(st.Requirements) == 0 {
			texts[1] = ""
		}
		r := rowT{h: 18}
		for k, t := range texts {
			ls := o.layout(plain(t, txt), widths[textCols[k]]-2*pad, txt)
			r.cells = append(r.cells, ls)
			if h := linesH(ls) + 2*pad; h > r.h {
				r.h = h
			}
		}
		rows[i] = r
	}
	boxes := make([]stepBox, len(s.Steps))
	type pageT struct {
		firstRow, lastRow int
		tableTop, rowsTop float64
	}
	var pages []pageT
	y := o.y
	page := 0
	pages = append(pages, pageT{firstRow: 0, tableTop: y, rowsTop: y + headerH})
	y += headerH
	limit := func() float64 { return o.bottom - strip }
	for i := range s.Steps {
		h := rows[i].h
		last := i == len(s.Steps)-1
		need := h
		if last {
			need += totalRowH
		}
		if y+need > limit() && i > pages[page].firstRow {
			pages[page].lastRow = i - 1
			page++
			top := o.top
			pages = append(pages, pageT{firstRow: i, tableTop: top, rowsTop: top + headerH + strip})
			y = top + headerH + strip
		}
		st := s.Steps[i]
		c := actorCol(st.Actor)
		b := stepBox{page: page, top: y, h: h, col: c, kind: st.Kind}
		b.cx = colX[2+c] + actorW/2
		b.w = minF(actorW-11, 20)
		b.bh = 8
		if st.Kind == "decision" {
			b.w = minF(actorW-9, 18)
			b.bh = 11
		}
		b.cy = y + h/2
		boxes[i] = b
		y += h
	}
	pages[page].lastRow = len(s.Steps) - 1

	// edges
	var edges []edge
	for i, st := range s.Steps {
		num := i + 1
		switch st.Kind {
		case "end":
		case "decision":
			ex := []struct {
				to  int
				lbl string
			}{{st.Yes, st.YesLabel}, {st.No, st.NoLabel}}
			if ex[0].lbl == "" {
				ex[0].lbl = label(lang, "yes")
			}
			if ex[1].lbl == "" {
				ex[1].lbl = label(lang, "no")
			}
			side := 1
			for _, e := range ex {
				if e.to < 1 || e.to > len(s.Steps) {
					continue
				}
				ed := edge{from: i, to: e.to - 1, label: e.lbl}
				if e.to == num+1 {
					ed.down = true
				} else {
					ed.side = side
					side = -side
				}
				edges = append(edges, ed)
			}
		default:
			for _, t := range s.Successors(num) {
				if t < 1 || t > len(s.Steps) {
					continue
				}
				ed := edge{from: i, to: t - 1}
				if t == num+1 {
					ed.down = true
				} else {
					ed.side = 1
				}
				edges = append(edges, ed)
			}
		}
	}

	// draw page by page
	connector := 0
	type pending struct {
		num      int
		x        float64
		to       int
		fromSide int
		top      bool // the connector sits in the top strip of the target's page
	}
	var incoming []pending // connectors to draw on later pages
	var outgoingBack []pending
	laneUse := map[[3]int]int{} // page, column, side -> lanes used
	lane := func(p, col, side int) float64 {
		k := laneUse[[3]int{p, col, side}]
		laneUse[[3]int{p, col, side}] = k + 1
		if side > 0 {
			return colX[2+col+1] - 2.6 - 1.9*float64(k%3)
		}
		return colX[2+col] + 2.6 + 1.9*float64(k%3)
	}
	// backward edges that cross pages: the target side is drawn on an earlier
	// page, so collect them before drawing
	for _, e := range edges {
		if boxes[e.to].page < boxes[e.from].page {
			connector++
			outgoingBack = append(outgoingBack, pending{num: connector, to: e.to, fromSide: e.from})
		}
	}
	backNum := map[[2]int]int{}
	for _, p := range outgoingBack {
		backNum[[2]int{p.fromSide, p.to}] = p.num
	}

	for pi, pg := range pages {
		if pi > 0 {
			o.newPage()
		}
		tt := pg.tableTop
		// header
		drawProcHeader(o, s, lang, sl, colX, widths, n, tt, rowA, rowB, rowC, hst)
		yTop := tt + headerH
		if pi > 0 {
			sopStrip(o, colX, yTop, strip)
		}
		// rows
		for i := pg.firstRow; i <= pg.lastRow; i++ {
			b := boxes[i]
			r := rows[i]
			o.drawColor(rule)
			for c := range widths {
				o.rect(colX[c], b.top, widths[c], b.h, "D")
			}
			o.drawColor(black)
			o.textCenter(colX[0]+widths[0]/2, b.top+pad+txt.lineH()/2+txt.size*ptMM*0.34, strconv.Itoa(i+1), bold, txt.size, black)
			for k, ls := range r.cells {
				cx := colX[textCols[k]]
				ly := b.top + pad
				align := byte('L')
				if k == 2 {
					align = 'C'
				}
				for _, l := range ls {
					o.drawLine(l, cx+pad, ly, widths[textCols[k]]-2*pad, align)
					ly += l.h
				}
			}
		}
		yEnd := boxes[pg.lastRow].top + boxes[pg.lastRow].h
		if pi == len(pages)-1 {
			// total time of the main path
			o.drawColor(rule)
			o.fillColor(rgb{246, 247, 250})
			o.rect(colX[0], yEnd, colX[2+n+1]-colX[0], totalRowH, "FD")
			o.rect(colX[2+n+1], yEnd, colX[len(widths)]-colX[2+n+1], totalRowH, "FD")
			o.fillColor(white)
			o.drawColor(black)
			base := yEnd + totalRowH/2 + 8*ptMM*0.34
			o.textRight(colX[2+n+1]-pad, base, label(lang, "sop_total_time"), bold, 8, black)
			o.textAt(colX[2+n+1]+pad, base, fmtMinutes(mainPathMinutes(s), lang), bold, 8, black)
		} else {
			sopStrip(o, colX, yEnd, strip)
		}

		// connectors arriving on this page
		var keep []pending
		for _, in := range incoming {
			b := boxes[in.to]
			if b.page != pi {
				keep = append(keep, in)
				continue
			}
			cy := yTop + strip/2
			if in.to == pg.firstRow && in.x == b.cx {
				offPage(o, b.cx, cy, in.num)
				arrow(o, []pt{{b.cx, cy + 3.2}, {b.cx, b.cy - b.bh/2}})
			} else {
				lx := in.x
				offPage(o, lx, cy, in.num)
				side := b.cx + b.w/2
				if lx < b.cx {
					side = b.cx - b.w/2
				}
				arrow(o, []pt{{lx, cy + 3.2}, {lx, b.cy}, {side, b.cy}})
			}
		}
		incoming = keep
		// backward connectors whose target is on this page: connector in the bottom strip
		for _, p := range outgoingBack {
			b := boxes[p.to]
			if b.page != pi {
				continue
			}
			lx := lane(pi, b.col, 1)
			cy := yEnd + strip/2
			offPage(o, lx, cy, p.num)
			arrow(o, []pt{{lx, cy - 3}, {lx, b.cy}, {b.cx + b.w/2, b.cy}})
		}
		// edges leaving steps of this page
		for _, e := range edges {
			a, b := boxes[e.from], boxes[e.to]
			if a.page != pi {
				continue
			}
			start, lx := exitPoint(a, e)
			switch {
			case b.page == pi && e.down:
				yel := b.top + (b.cy-b.bh/2-b.top)/2
				if a.col == b.col {
					arrow(o, []pt{start, {b.cx, b.cy - b.bh/2}})
				} else {
					arrow(o, []pt{start, {a.cx, yel}, {b.cx, yel}, {b.cx, b.cy - b.bh/2}})
				}
			case b.page == pi:
				lx = lane(pi, a.col, e.side)
				end := b.cx + b.w/2
				if lx < b.cx {
					end = b.cx - b.w/2
				}
				if a.col == b.col && e.side < 0 {
					end = b.cx - b.w/2
				}
				arrow(o, []pt{start, {lx, a.cy}, {lx, b.cy}, {end, b.cy}})
			case b.page > pi:
				connector++
				cy := yEnd + strip/2
				if e.down {
					offPage(o, a.cx, cy, connector)
					arrow(o, []pt{start, {a.cx, cy - 3}})
					ix := a.cx
					if b.col != a.col || e.to != pages[b.page].firstRow {
						ix = lane(b.page, b.col, 1)
						if e.to == pages[b.page].firstRow {
							ix = b.cx
						}
					}
					incoming = append(incoming, pending{num: connector, x: ix, to: e.to})
				} else {
					lx = lane(pi, a.col, e.side)
					offPage(o, lx, cy, connector)
					arrow(o, []pt{start, {lx, a.cy}, {lx, cy - 3}})
					incoming = append(incoming, pending{num: connector, x: lane(b.page, b.col, 1), to: e.to})
				}
			default: // backward to an earlier page: connector in this page's top strip
				num := backNum[[2]int{e.from, e.to}]
				lx = lane(pi, a.col, maxI(e.side, 1))
				cy := yTop + strip/2
				if pi == 0 {
					cy = a.top - strip/2
				}
				offPage(o, lx, cy, num)
				arrow(o, []pt{start, {lx, a.cy}, {lx, cy + 3.2}})
			}
			if e.label != "" {
				exitLabel(o, a, e, start)
			}
		}
		// symbols over the lines
		for i := pg.firstRow; i <= pg.lastRow; i++ {
			symbol(o, boxes[i])
		}
	}
	o.y = boxes[len(boxes)-1].top + boxes[len(boxes)-1].h + totalRowH + 3
	// legend of the connector
	if connector > 0 {
		offPage(o, x0+3, o.y+3.2, 1)
		o.textAt(x0+8, o.y+4.2, "= "+label(lang, "sop_connector"), regular, 7, gray)
		o.y += 8
	}
}

func maxI(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// drawProcHeader draws the three header rows of the procedure table.
func drawProcHeader(o *out, s *model.SOP, lang string, sl func(string) string, colX, widths []float64, n int, top, rowA, rowB, rowC float64, hst style) {
	o.drawColor(rule)
	o.fillColor(headFill)
	cell := func(x, y, w, h float64, text string, st style) {
		o.rect(x, y, w, h, "FD")
		ls := o.layout(plain(text, st), w-2, st)
		ty := y + (h-linesH(ls))/2
		for _, l := range ls {
			o.drawLine(l, x+1, ty, w-2, 'C')
			ty += l.h
		}
	}
	hAB := rowA + rowB
	cell(colX[0], top, widths[0], hAB, sl("no"), hst)
	cell(colX[1], top, widths[1], hAB, sl("activity"), hst)
	cell(colX[2], top, colX[2+n]-colX[2], rowA, sl("actors"), hst)
	for i, a := range s.Actors {
		cell(colX[2+i], top+rowA, widths[2+i], rowB, a, hst)
	}
	cell(colX[2+n], top, colX[2+n+3]-colX[2+n], rowA, sl("quality_standard"), hst)
	cell(colX[2+n], top+rowA, widths[2+n], rowB, sl("requirements"), hst)
	cell(colX[3+n], top+rowA, widths[3+n], rowB, sl("time"), hst)
	cell(colX[4+n], top+rowA, widths[4+n], rowB, sl("output"), hst)
	cell(colX[5+n], top, widths[5+n], hAB, sl("notes"), hst)
	nst := style{face: regular, size: 6.5, color: gray}
	o.fillColor(rgb{246, 247, 250})
	for i := range widths {
		cell(colX[i], top+hAB, widths[i], rowC, strconv.Itoa(i+1), nst)
	}
	o.fillColor(white)
	o.drawColor(black)
}

// sopStrip draws an empty band of the table (where off-page connectors sit).
func sopStrip(o *out, colX []float64, y, h float64) {
	o.drawColor(rule)
	for i := 0; i+1 < len(colX); i++ {
		o.rect(colX[i], y, colX[i+1]-colX[i], h, "D")
	}
	o.drawColor(black)
}

type pt struct{ x, y float64 }

// exitPoint is where an edge leaves its step's symbol.
func exitPoint(a stepBox, e edge) (pt, float64) {
	if e.down {
		return pt{a.cx, a.cy + a.bh/2}, a.cx
	}
	if e.side < 0 {
		return pt{a.cx - a.w/2, a.cy}, 0
	}
	return pt{a.cx + a.w/2, a.cy}, 0
}

// arrow draws a polyline ending in an arrowhead.
func arrow(o *out, p []pt) {
	if len(p) < 2 {
		return
	}
	o.drawColor(black)
	o.f.SetLineWidth(0.3)
	for i := 0; i+1 < len(p); i++ {
		if p[i] == p[i+1] {
			continue
		}
		o.line(p[i].x, p[i].y, p[i+1].x, p[i+1].y)
	}
	a, b := p[len(p)-2], p[len(p)-1]
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	if l < 0.01 {
		o.f.SetLineWidth(0.2)
		return
	}
	dx, dy = dx/l, dy/l
	size := 1.8
	left := fpdf.PointType{X: b.x - dx*size - dy*size*0.5, Y: b.y - dy*size + dx*size*0.5}
	right := fpdf.PointType{X: b.x - dx*size + dy*size*0.5, Y: b.y - dy*size - dx*size*0.5}
	o.fillColor(black)
	o.polygon([]fpdf.PointType{{X: b.x, Y: b.y}, left, right}, "F")
	o.fillColor(white)
	o.f.SetLineWidth(0.2)
}

// offPage draws the pentagon off-page connector numbered num, centred at (x, y).
func offPage(o *out, x, y float64, num int) {
	w, h := 6.0, 6.4
	pts := []fpdf.PointType{{X: x - w/2, Y: y - h/2}, {X: x + w/2, Y: y - h/2}, {X: x + w/2, Y: y + h*0.15}, {X: x, Y: y + h/2}, {X: x - w/2, Y: y + h*0.15}}
	o.fillColor(white)
	o.drawColor(black)
	o.f.SetLineWidth(0.3)
	o.polygon(pts, "FD")
	o.f.SetLineWidth(0.2)
	o.textCenter(x, y-h/2+3.2, strconv.Itoa(num), bold, 7.5, black)
}

// symbol draws a step: terminator capsule (start, end), diamond (decision) or rectangle (process).
func symbol(o *out, b stepBox) {
	o.fillColor(white)
	o.drawColor(black)
	o.f.SetLineWidth(0.35)
	x, y := b.cx-b.w/2, b.cy-b.bh/2
	switch b.kind {
	case "start", "end":
		o.f.RoundedRect(x, y+o.dy, b.w, b.bh, b.bh/2, "1234", "FD")
	case "decision":
		o.polygon([]fpdf.PointType{{X: b.cx, Y: y}, {X: x + b.w, Y: b.cy}, {X: b.cx, Y: y + b.bh}, {X: x, Y: b.cy}}, "FD")
	default:
		o.rect(x, y, b.w, b.bh, "FD")
	}
	o.f.SetLineWidth(0.2)
}

// exitLabel writes a decision exit's label next to where it leaves the
// diamond: beside the line for the bottom exit, above the diamond's side for
// side exits (wrapped so it stays clear of the lane).
func exitLabel(o *out, a stepBox, e edge, start pt) {
	st := style{face: italic, size: 6.3, color: rgb{20, 35, 70}}
	if e.down {
		o.textAt(start.x+1.2, start.y+2.6, e.label, italic, st.size, st.color)
		return
	}
	w := a.w/2 + 0.6
	lines := o.layout(plain(e.label, st), w, st)
	y := a.cy - a.bh/2 - linesH(lines) + 0.8
	for _, l := range lines {
		x := a.cx + 1
		align := byte('L')
		if e.side < 0 {
			x = a.cx - 1 - w
			align = 'R'
		}
		o.drawLine(l, x, y, w, align)
		y += l.h
	}
	o.textColor(black)
}
