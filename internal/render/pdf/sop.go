package pdf

import (
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// renderSOP adds the SOP AP pages of an SOP document: the identity page
// (portrait) and the procedure table with its swimlane flowchart (landscape).
func renderSOP(o *out, rc *rctx, d *model.Document, lang string, grp *group, level int) {
	s := d.SOP
	// labels from the schema's ordered lists (SOPSpec.Label searches a map, so a
	// key present in two lists could come from either)
	sopLabel := func(key string) string {
		if hasLabel("sop_" + key) {
			return label(lang, "sop_"+key)
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
	L, err := resolve.LayoutSOP(s, resolve.SOPRowsPerSheet, resolve.SOPLabelsFor(lang))
	if err != nil {
		return
	}
	sopProcedure(o, s, L, lang, sopLabel)
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
	const signLines = 4 // the signature space, in blank lines
	approver += strings.Repeat("\n", signLines+1) + s.ApprovedBy.Name
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
	const pad = 1.8
	vx, vw := x+lw+36, w-lw-36
	signPage, signTop := 0, 0.0
	o.drawRows(&table{x: x + lw, widths: []float64{36, vw}, base: vs, pad: pad, onRow: func(i int, rowTop float64) {
		if i == 4 { // the approver: an empty signature field over the space between position and name
			signPage, signTop = o.f.PageNo(), rowTop
		}
	}}, rows)
	if signPage > 0 {
		pos := o.layout(plain(s.ApprovedBy.Position, vs), vw-2*pad, vs)
		y := signTop + pad + linesH(pos)
		o.signatureFieldAt("ttd_pengesah", signPage, vx+pad+6, y+0.5, vw-2*pad-12, float64(signLines)*vs.lineH()-1)
	}
	bottom := o.y
	o.drawColor(rule)
	o.rect(x, top, lw, bottom-top, "D")
	o.drawColor(black)
	// the logo and the organisation, centred in the left cell
	ost := style{face: bold, size: 10, color: black}
	ust := style{face: bold, size: 9, color: black}
	org := o.layout(plain(strings.ToUpper(rc.site.Settings.Organization), ost), lw-8, ost)
	unit := o.layout(plain(strings.ToUpper(rc.site.Settings.Unit), ust), lw-8, ust)
	h := linesH(org) + 3 + linesH(unit)
	const logoH = 22.0
	hasLogo := siteLogo(o, rc) != nil
	if hasLogo {
		h += logoH + 4
	}
	y := top + (bottom-top-h)/2
	if hasLogo {
		drawLogo(o, rc, x+4, y, lw-8, logoH)
		y += logoH + 4
	}
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

// sopProcedure draws the procedure table: No | Kegiatan | one column per
// performer holding the flowchart | Mutu Baku (requirements, time, output) |
// notes. Each sheet of the resolved layout is one landscape page; numbered
// off-page connectors join the flow across pages.
func sopProcedure(o *out, s *model.SOP, L *resolve.SOPLayout, lang string, sl func(string) string) {
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
	pad := 1.4
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
	const captionH = 5.0 // "Lembar 1 / 2" above the table
	headerH := captionH + rowA + rowB + rowC
	const strip = 8.0 // connector bands at the top and bottom of a sheet
	totalRowH := 7.0
	legendH := 0.0
	if L.Connectors > 0 {
		legendH = 8
	}
	symW := minF(actorW-11, 20)
	symH := func(kind string) float64 {
		if kind == "decision" {
			return 11
		}
		return 8
	}

	// the text of the rows, at the largest size that lets every sheet fit its page
	type rowT struct {
		cells [][]lineBox // per text column: activity, req, time, output, notes
		h     float64
	}
	textCols := []int{1, 2 + n, 3 + n, 4 + n, 5 + n}
	layoutRows := func(txt style, minH float64) []rowT {
		rows := make([]rowT, len(s.Steps))
		for i, st := range s.Steps {
			texts := []string{st.Activity, numbered(st.Requirements), st.Time, st.Output, st.Notes}
			if len(st.Requirements) == 0 {
				texts[1] = ""
			}
			r := rowT{h: minH}
			for k, t := range texts {
				ls := o.layout(plain(t, txt), widths[textCols[k]]-2*pad, txt)
				r.cells = append(r.cells, ls)
				if h := linesH(ls) + 2*pad; h > r.h {
					r.h = h
				}
			}
			rows[i] = r
		}
		return rows
	}
	sheetH := func(rows []rowT, k int) float64 {
		sh := L.Sheets[k]
		h := headerH
		if sh.TopBand {
			h += strip
		}
		if sh.BottomBand {
			h += strip
		}
		for i := sh.First; i <= sh.Last; i++ {
			h += rows[i-1].h
		}
		if k == len(L.Sheets)-1 {
			h += totalRowH + legendH
		}
		return h
	}
	var rows []rowT
	txt := style{face: regular, size: 7.6, color: black}
	for _, try := range []struct{ size, minH float64 }{{7.6, 18}, {7.6, 15}, {7, 14}, {6.4, 13}, {5.8, 12}} {
		txt.size = try.size
		rows = layoutRows(txt, try.minH)
		fits := true
		for k := range L.Sheets {
			top := o.top
			if k == 0 {
				top = o.y
			}
			if top+sheetH(rows, k) > o.bottom {
				fits = false
			}
		}
		if fits {
			break
		}
	}

	var endY float64
	for k, sh := range L.Sheets {
		if k > 0 {
			o.newPage()
		}
		tt := o.y
		o.textAt(x0, tt+3.2, label(lang, "sheet")+" "+strconv.Itoa(sh.N)+" / "+strconv.Itoa(len(L.Sheets)), bold, 8, black)
		drawProcHeader(o, s, lang, sl, colX, widths, n, tt+captionH, rowA, rowB, rowC, hst)
		// slots
		top := make([]float64, sh.Slots)
		hOf := make([]float64, sh.Slots)
		step := make([]int, sh.Slots) // 0 for a band
		y := tt + headerH
		for slot := range sh.Slots {
			top[slot] = y
			if i := sh.StepAt(slot); i == 0 {
				hOf[slot] = strip
				sopStrip(o, colX, y, strip)
			} else {
				step[slot] = i
				hOf[slot] = rows[i-1].h
			}
			y += hOf[slot]
		}
		// rows
		for slot, i := range step {
			if i == 0 {
				continue
			}
			bt, bh := top[slot], hOf[slot]
			o.drawColor(rule)
			for c := range widths {
				o.rect(colX[c], bt, widths[c], bh, "D")
			}
			o.drawColor(black)
			o.textCenter(colX[0]+widths[0]/2, bt+pad+txt.lineH()/2+txt.size*ptMM*0.34, strconv.Itoa(i), bold, txt.size, black)
			for c, ls := range rows[i-1].cells {
				cx := colX[textCols[c]]
				ly := bt + pad
				align := byte('L')
				if c == 2 {
					align = 'C'
				}
				for _, l := range ls {
					o.drawLine(l, cx+pad, ly, widths[textCols[c]]-2*pad, align)
					ly += l.h
				}
			}
		}
		xOf := func(p resolve.SOPX) float64 {
			off := 1.2 + 1.1*float64(p.Ch%4)
			return p.At(colX[2+p.Col]+actorW/2, symW/2, colX[2]+off, colX[2+n]-off)
		}
		yOf := func(p resolve.SOPY) float64 {
			cy := top[p.Slot] + hOf[p.Slot]/2
			if step[p.Slot] == 0 {
				return p.At(cy, 3.2, 3.2, cy)
			}
			hh := symH(s.Steps[step[p.Slot]-1].Kind) / 2
			return p.At(cy, hh, hh, (cy+hh+top[p.Slot]+hOf[p.Slot])/2)
		}
		// edges of this sheet
		for _, e := range L.Edges {
			for _, part := range e.Parts {
				if part.Sheet != k {
					continue
				}
				flat := make([]float64, 0, 2*len(part.Points)+4)
				for _, p := range part.Points {
					flat = append(flat, xOf(p.X), yOf(p.Y))
				}
				if c := part.Conn; c != nil {
					// a connector stays inside the chart; the path bends to its centre
					cx := min(max(xOf(c.X), colX[2]+3.5), colX[2+n]-3.5)
					flat = resolve.ConnJog(flat, c == e.Parts[0].Conn, cx, 1.6)
					offPage(o, cx, yOf(resolve.SOPY{Slot: c.Slot, Kind: resolve.YMid}), c.Num)
				}
				pts := make([]pt, len(flat)/2)
				for j := range pts {
					pts[j] = pt{flat[2*j], flat[2*j+1]}
				}
				arrow(o, pts)
			}
		}
		// symbols over the lines
		for slot, i := range step {
			if i == 0 {
				continue
			}
			st := L.Steps[i-1]
			symbol(o, st.Kind, colX[2+st.Col]+actorW/2, top[slot]+hOf[slot]/2, symW, symH(st.Kind))
		}
		// the labels of decision exits, over the symbols
		for _, e := range L.Edges {
			if p := e.Parts[0]; e.Label != "" && p.Sheet == k {
				exitLabel(o, e, pt{xOf(p.Points[0].X), yOf(p.Points[0].Y)}, symW, colX[2], colX[2+n])
			}
		}
		endY = top[sh.Slots-1] + hOf[sh.Slots-1]
		o.y = endY
	}
	// total time of the main path
	o.drawColor(rule)
	o.fillColor(rgb{246, 247, 250})
	o.rect(colX[0], endY, colX[2+n+1]-colX[0], totalRowH, "FD")
	o.rect(colX[2+n+1], endY, colX[len(widths)]-colX[2+n+1], totalRowH, "FD")
	o.fillColor(white)
	o.drawColor(black)
	base := endY + totalRowH/2 + 8*ptMM*0.34
	o.textRight(colX[2+n+1]-pad, base, label(lang, "sop_total_time"), bold, 8, black)
	o.textAt(colX[2+n+1]+pad, base, L.Total, bold, 8, black)
	o.y = endY + totalRowH + 3
	// legend of the connector
	if L.Connectors > 0 {
		offPage(o, x0+3, o.y+3.2, 1)
		o.textAt(x0+8, o.y+4.2, "= "+label(lang, "sop_connector"), regular, 7, gray)
		o.y += 8
	}
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

// symbol draws a step centred at (cx, cy): terminator capsule (start, end),
// diamond (decision) or rectangle (process).
func symbol(o *out, kind string, cx, cy, w, h float64) {
	o.fillColor(white)
	o.drawColor(black)
	o.f.SetLineWidth(0.35)
	x, y := cx-w/2, cy-h/2
	switch kind {
	case "start", "end":
		o.f.RoundedRect(x, y+o.dy, w, h, h/2, "1234", "FD")
	case "decision":
		o.polygon([]fpdf.PointType{{X: cx, Y: y}, {X: x + w, Y: cy}, {X: cx, Y: y + h}, {X: x, Y: cy}}, "FD")
	default:
		o.rect(x, y, w, h, "FD")
	}
	o.f.SetLineWidth(0.2)
}

// exitLabel writes a decision exit's label at the exit it names: beside the
// line below the symbol for the bottom exit; above the horizontal run next to
// the symbol for a side exit, or, where the chart's edge (left, right) leaves
// too little room, wrapped and stacked over the symbol's half on that side
// (on a white ground).
func exitLabel(o *out, e resolve.SOPEdge, start pt, symW, left, right float64) {
	st := style{face: italic, size: 6.3, color: rgb{20, 35, 70}}
	tw := o.width(o.clean(e.Label, italic), italic, st.size)
	switch {
	case e.Exit == resolve.ExitBottom:
		o.textAt(start.x+1.2, start.y+2.6, e.Label, italic, st.size, st.color)
	case e.Exit == resolve.ExitRight && start.x+0.8+tw <= right-0.5:
		o.textAt(start.x+0.8, start.y-0.9, e.Label, italic, st.size, st.color)
	case e.Exit == resolve.ExitLeft && start.x-0.8-tw >= left+0.5:
		o.textRight(start.x-0.8, start.y-0.9, e.Label, italic, st.size, st.color)
	default:
		x0, w := start.x-symW/2, right-0.5-(start.x-symW/2)
		align := byte('R')
		if e.Exit == resolve.ExitLeft {
			x0, w, align = left+0.5, start.x+symW/2-left-0.5, 'L'
		}
		lines := o.layout(plain(e.Label, st), w, st)
		y := start.y - 0.4 - linesH(lines)
		o.fillColor(white)
		for _, l := range lines {
			lx := x0
			if align == 'R' {
				lx = x0 + w - l.w
			}
			o.rect(lx-0.3, y+0.2, l.w+0.6, l.h-0.2, "F")
			o.drawLine(l, x0, y, w, align)
			y += l.h
		}
	}
	o.textColor(black)
}
