package html

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// SOPView is an SOP in the SOP AP layout (Permenpan RB 35/2012): the identity
// block, then the procedure table whose performer columns hold the flowchart.
type SOPView struct {
	Org, Unit                                  string
	Number, Name, Created, Revised, Effective  string
	ApproverPosition, ApproverName, ApproverID string
	Labels                                     map[string]string
	Grid                                       [][2]ItemList
	Actors                                     []string
	Sheets                                     []SOPSheet
	Total                                      string
	LaneWidth                                  int
	Width                                      int
}

// ItemList is a labelled list of the identity block.
type ItemList struct {
	Label string
	Items []string
}

// SOPSheet is one sheet of the procedure table (a chart longer than
// sopSheetSteps steps is broken into sheets joined by off-page connectors).
type SOPSheet struct {
	N    int
	Defs template.HTML
	Rows []SOPRow
}

// SOPRow is one row of the procedure table: a step, or a band holding off-page connectors.
type SOPRow struct {
	Band         bool
	Num          int
	Activity     string
	Flow         template.HTML
	FlowText     string
	Requirements []string
	Time         string
	Output       string
	Notes        string
}

const (
	sopSheetSteps = 8
	laneW         = 136.0
	symW          = 104.0
	rowH          = 96.0
	symCY         = 44.0
	bandH         = 48.0
	turnDY        = 86.0
	ink           = "#1a1a1a"
)

func symHalfH(kind string) float64 {
	switch kind {
	case "decision":
		return 30
	case "start", "end":
		return 20
	}
	return 22
}

func (r *run) sopView(d *model.Document) *SOPView {
	s := d.SOP
	spec := r.site.Schemas.SOP
	// labels from the schema's SOP lists (looked up per list: keys such as "no" mean different things in different lists)
	from := func(list []schema.EnumValue, key string) string {
		for _, e := range list {
			if e.Value == key {
				return e.Label(r.lang)
			}
		}
		return ""
	}
	lbl := func(key string) string {
		if spec != nil {
			if l := from(spec.Columns, key); l != "" {
				return l
			}
			if l := from(spec.Fields, key); l != "" {
				return l
			}
		}
		return key
	}
	v := &SOPView{Org: r.site.Settings.Organization, Unit: r.site.Settings.Unit,
		Number: s.Number, Name: s.Name, Created: r.isoDate(s.CreatedDate), Revised: r.isoDate(s.RevisionDate),
		Effective: r.isoDate(s.EffectiveDate), ApproverPosition: s.ApprovedBy.Position, ApproverName: s.ApprovedBy.Name,
		ApproverID: s.ApprovedBy.NIP, Actors: s.Actors, LaneWidth: int(laneW), Width: int(laneW) * max(1, len(s.Actors))}
	v.Labels = map[string]string{}
	for _, k := range []string{"number", "approved_by", "name", "legal_basis", "qualifications", "related", "equipment",
		"warnings", "records", "actors", "steps", "no", "activity", "quality_standard", "requirements", "time", "output", "notes"} {
		v.Labels[k] = breakSlashes(lbl(k))
	}
	v.Grid = [][2]ItemList{
		{{lbl("legal_basis"), s.LegalBasis}, {lbl("qualifications"), s.Qualifications}},
		{{lbl("related"), s.Related}, {lbl("equipment"), s.Equipment}},
		{{lbl("warnings"), s.Warnings}, {lbl("records"), s.Records}},
	}
	L := r.sopLayout(s)
	v.Sheets = r.sopSheets(d, L)
	v.Total = L.Total
	return v
}

// sopLayout resolves the flowchart of s with the labels of the run's language.
func (r *run) sopLayout(s *model.SOP) *resolve.SOPLayout {
	L, err := resolve.LayoutSOP(s, resolve.SOPRowsPerSheet, resolve.SOPLabelsFor(r.lang))
	if err != nil {
		return &resolve.SOPLayout{}
	}
	return L
}

// sheetGeom maps a sheet's slots to pixels.
type sheetGeom struct {
	L         *resolve.SOPLayout
	sh        resolve.SOPSheet
	s         *model.SOP
	top       []float64 // slot -> top
	height    float64
	W         float64
	body      strings.Builder
	verticals [][3]float64 // x, y1, y2 of vertical segments
}

func (g *sheetGeom) isBand(slot int) bool { return g.sh.StepAt(slot) == 0 }

func (g *sheetGeom) x(p resolve.SOPX) float64 {
	c := laneW*float64(p.Col) + laneW/2
	off := 5 + 5*float64(p.Ch%4)
	return p.At(c, symW/2, off, g.W-off)
}

func (g *sheetGeom) y(p resolve.SOPY) float64 {
	top := g.top[p.Slot]
	if g.isBand(p.Slot) {
		yc := top + bandH/2
		return p.At(yc, 12, 14, yc)
	}
	hh := symHalfH(g.s.Steps[g.sh.StepAt(p.Slot)-1].Kind)
	return p.At(top+symCY, hh, hh, top+turnDY)
}

// sopSheets draws the resolved flowchart: one lane per performer, one row
// per step, only the five SOP AP symbols (terminator, process, decision,
// arrow, off-page connector).
func (r *run) sopSheets(d *model.Document, L *resolve.SOPLayout) []SOPSheet {
	s := d.SOP
	if len(L.Steps) == 0 {
		return nil
	}
	W := laneW * float64(max(1, len(s.Actors)))
	geoms := make([]*sheetGeom, len(L.Sheets))
	for k, sh := range L.Sheets {
		g := &sheetGeom{L: L, sh: sh, s: s, W: W, top: make([]float64, sh.Slots)}
		y := 0.0
		for slot := range sh.Slots {
			g.top[slot] = y
			if g.isBand(slot) {
				y += bandH
			} else {
				y += rowH
			}
		}
		g.height = y
		geoms[k] = g
	}
	line := func(g *sheetGeom, pts []float64) {
		var b strings.Builder
		for k := 0; k+1 < len(pts); k += 2 {
			if k == 0 {
				b.WriteString("M")
			} else {
				b.WriteString(" L")
			}
			b.WriteString(f1(pts[k]) + " " + f1(pts[k+1]))
			if k >= 2 && pts[k] == pts[k-2] {
				y1, y2 := pts[k-1], pts[k+1]
				if y1 > y2 {
					y1, y2 = y2, y1
				}
				g.verticals = append(g.verticals, [3]float64{pts[k], y1, y2})
			}
		}
		g.body.WriteString(`<path d="` + b.String() + `" fill="none" stroke="` + ink + `" stroke-width="1.5"/>`)
	}
	arrow := func(g *sheetGeom, x0, y0, x, y float64) {
		var p string
		switch {
		case y > y0:
			p = f1(x-5) + "," + f1(y-9) + " " + f1(x+5) + "," + f1(y-9) + " " + f1(x) + "," + f1(y)
		case y < y0:
			p = f1(x-5) + "," + f1(y+9) + " " + f1(x+5) + "," + f1(y+9) + " " + f1(x) + "," + f1(y)
		case x < x0:
			p = f1(x+9) + "," + f1(y-5) + " " + f1(x+9) + "," + f1(y+5) + " " + f1(x) + "," + f1(y)
		default:
			p = f1(x-9) + "," + f1(y-5) + " " + f1(x-9) + "," + f1(y+5) + " " + f1(x) + "," + f1(y)
		}
		g.body.WriteString(`<polygon points="` + p + `" fill="` + ink + `"/>`)
	}
	connector := func(g *sheetGeom, c *resolve.SOPConn) {
		x, yc := clampConn(g.x(c.X), g.W), g.y(resolve.SOPY{Slot: c.Slot, Kind: resolve.YMid})
		p := f1(x-12) + "," + f1(yc-12) + " " + f1(x+12) + "," + f1(yc-12) + " " + f1(x+12) + "," + f1(yc+4) + " " +
			f1(x) + "," + f1(yc+14) + " " + f1(x-12) + "," + f1(yc+4)
		g.body.WriteString(`<polygon class="conn" points="` + p + `" fill="#fff" stroke="` + ink + `" stroke-width="1.5"/>`)
		g.body.WriteString(`<text x="` + f1(x) + `" y="` + f1(yc+2) + `" font-family="sans-serif" font-size="11" font-weight="bold" fill="` + ink +
			`" text-anchor="middle">` + strconv.Itoa(c.Num) + `</text>`)
	}
	for _, e := range L.Edges {
		for _, part := range e.Parts {
			g := geoms[part.Sheet]
			pts := make([]float64, 0, 2*len(part.Points)+4)
			for _, p := range part.Points {
				pts = append(pts, g.x(p.X), g.y(p.Y))
			}
			if part.Conn != nil {
				pts = resolve.ConnJog(pts, part.Conn == e.Parts[0].Conn, clampConn(g.x(part.Conn.X), g.W), 5)
			}
			line(g, pts)
			k := len(pts)
			arrow(g, pts[k-4], pts[k-3], pts[k-2], pts[k-1])
			if part.Conn != nil {
				connector(g, part.Conn)
			}
		}
	}
	// symbols last, over the lines
	for i, st := range L.Steps {
		g := geoms[st.Sheet]
		x, cy := g.x(resolve.SOPX{Col: st.Col}), g.y(resolve.SOPY{Slot: st.Slot, Kind: resolve.YMid})
		hh := symHalfH(st.Kind)
		attrs := `fill="#fff" stroke="` + ink + `" stroke-width="1.5"`
		switch st.Kind {
		case "start", "end":
			g.body.WriteString(`<rect class="term" x="` + f1(x-symW/2) + `" y="` + f1(cy-hh) + `" width="` + f1(symW) + `" height="` + f1(2*hh) +
				`" rx="` + f1(hh) + `" ry="` + f1(hh) + `" ` + attrs + `/>`)
		case "decision":
			g.body.WriteString(`<polygon class="dec" points="` + f1(x) + "," + f1(cy-hh) + " " + f1(x+symW/2) + "," + f1(cy) + " " +
				f1(x) + "," + f1(cy+hh) + " " + f1(x-symW/2) + "," + f1(cy) + `" ` + attrs + `/>`)
		default:
			g.body.WriteString(`<rect class="proc" x="` + f1(x-symW/2) + `" y="` + f1(cy-hh) + `" width="` + f1(symW) + `" height="` + f1(2*hh) + `" ` + attrs + `/>`)
		}
		g.body.WriteString(`<text x="` + f1(x) + `" y="` + f1(cy+4) + `" font-family="sans-serif" font-size="12" fill="` + ink +
			`" text-anchor="middle">` + strconv.Itoa(i+1) + `</text>`)
	}
	// the labels of decision exits, over the symbols
	for _, e := range L.Edges {
		if e.Label == "" {
			continue
		}
		p := e.Parts[0]
		g := geoms[p.Sheet]
		exitLabel(g, e, g.x(p.Points[0].X), g.y(p.Points[0].Y))
	}
	notes := func(ns []resolve.SOPConnectorNote) string {
		var parts []string
		for _, n := range ns {
			dir := r.labels["sop_from_step"]
			if n.Out {
				dir = r.labels["sop_to_step"]
			}
			parts = append(parts, strconv.Itoa(n.Num)+": "+dir+" "+strconv.Itoa(n.Step))
		}
		return r.labels["sop_connector"] + " " + strings.Join(parts, "; ")
	}
	docKey := anchorID(d.DocID)
	out := make([]SOPSheet, len(geoms))
	for k, g := range geoms {
		sh := g.sh
		id := "sop-" + docKey + "-" + strconv.Itoa(k+1)
		ss := SOPSheet{N: k + 1}
		ss.Defs = template.HTML(`<svg class="sop-defs" width="0" height="0" aria-hidden="true" focusable="false"><defs><g id="` + esc(id) + `">` +
			g.body.String() + `</g></defs></svg>`)
		slice := func(slot int, fill bool) template.HTML {
			y := g.top[slot]
			h := rowH
			if g.isBand(slot) {
				h = bandH
			}
			var b strings.Builder
			b.WriteString(`<svg class="slice" width="` + f1(W) + `" height="` + f1(h) + `" viewBox="0 ` + f1(y) + ` ` + f1(W) + ` ` + f1(h) +
				`" aria-hidden="true" focusable="false"><use href="#` + esc(id) + `"/></svg>`)
			if fill {
				// lines that continue below this row: drawn stretched to the row's real height
				var d strings.Builder
				bottom := y + h
				for _, v := range g.verticals {
					if v[1] < bottom && v[2] > bottom {
						d.WriteString("M" + f1(v[0]) + " 0 V10 ")
					}
				}
				if d.Len() > 0 {
					b.WriteString(`<svg class="fill" width="` + f1(W) + `" height="10" viewBox="0 0 ` + f1(W) + ` 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">` +
						`<path d="` + strings.TrimSpace(d.String()) + `" fill="none" stroke="` + ink + `" stroke-width="1.5" vector-effect="non-scaling-stroke"/></svg>`)
				}
			}
			return template.HTML(b.String())
		}
		if sh.TopBand {
			ss.Rows = append(ss.Rows, SOPRow{Band: true, Flow: slice(sh.BandSlot(true), false), FlowText: notes(sh.Top)})
		}
		for i := sh.First; i <= sh.Last; i++ {
			st := s.Steps[i-1]
			reqs := make([]string, len(st.Requirements))
			for k, q := range st.Requirements {
				reqs[k] = breakSlashes(q)
			}
			ss.Rows = append(ss.Rows, SOPRow{Num: i, Activity: st.Activity, Flow: slice(L.Steps[i-1].Slot, true),
				FlowText: r.stepText(s, L, i), Requirements: reqs, Time: st.Time, Output: st.Output, Notes: st.Notes})
		}
		if sh.BottomBand {
			ss.Rows = append(ss.Rows, SOPRow{Band: true, Flow: slice(sh.BandSlot(false), false), FlowText: notes(sh.Bottom)})
		}
		out[k] = ss
	}
	return out
}

// stepText describes a step's place in the flowchart for screen readers.
func (r *run) stepText(s *model.SOP, L *resolve.SOPLayout, i int) string {
	st := s.Steps[i-1]
	kind := st.Kind
	if spec := r.site.Schemas.SOP; spec != nil {
		for _, e := range spec.Kinds {
			if e.Value == st.Kind {
				kind = e.Label(r.lang)
			}
		}
	}
	t := strconv.Itoa(i) + ". " + kind + " — " + st.Actor
	for _, e := range L.Edges {
		if e.From != i || (st.Kind != "decision" && e.To == i+1) {
			continue
		}
		if e.Label != "" {
			t += "; " + e.Label
		}
		t += " → " + strconv.Itoa(e.To)
	}
	return t
}

// clampConn keeps a connector (24 px wide) inside a chart w wide: a channel
// runs closer to the edge than half a connector.
func clampConn(x, w float64) float64 { return min(max(x, 14), w-14) }

// exitLabel writes the label of a decision exit at the exit it names:
// beside the line below the symbol for the bottom exit; above the horizontal
// run next to the symbol for a side exit, or, where the chart's edge leaves
// too little room, wrapped and stacked over the symbol's half on that side
// (on a white halo).
func exitLabel(g *sheetGeom, e resolve.SOPEdge, x, y float64) {
	t := func(x, y float64, anchor, s string) {
		g.body.WriteString(`<text class="exit" x="` + f1(x) + `" y="` + f1(y) + `" font-family="sans-serif" font-size="10" fill="` + ink +
			`" stroke="#fff" stroke-width="3" paint-order="stroke" text-anchor="` + anchor + `">` + esc(s) + `</text>`)
	}
	switch e.Exit {
	case resolve.ExitBottom:
		if x+5+textWidth(e.Label) > g.W-2 {
			t(x-5, y+11, "end", e.Label)
		} else {
			t(x+5, y+11, "start", e.Label)
		}
		return
	case resolve.ExitRight:
		if x+4+textWidth(e.Label) <= g.W-2 {
			t(x+4, y-5, "start", e.Label)
			return
		}
	default:
		if x-4-textWidth(e.Label) >= 2 {
			t(x-4, y-5, "end", e.Label)
			return
		}
	}
	// from the symbol's centre to the chart's edge
	var lines []string
	if e.Exit == resolve.ExitRight {
		lines = wrapLabel(e.Label, g.W-2-(x-symW/2))
	} else {
		lines = wrapLabel(e.Label, x+symW/2-2)
	}
	for k := range lines {
		ly := y - 5 - 11*float64(len(lines)-1-k)
		if e.Exit == resolve.ExitRight {
			t(g.W-2, ly, "end", lines[k])
		} else {
			t(2, ly, "start", lines[k])
		}
	}
}

// wrapLabel breaks a label into lines of at most width (estimated), after
// spaces and slashes.
func wrapLabel(s string, width float64) []string {
	var words []string
	cur := ""
	for _, r := range s {
		cur += string(r)
		if r == ' ' || r == '/' {
			words = append(words, cur)
			cur = ""
		}
	}
	if cur != "" {
		words = append(words, cur)
	}
	var lines []string
	line := ""
	for _, w := range words {
		if line != "" && textWidth(strings.TrimRight(line+w, " ")) > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
		}
		line += w
	}
	if line != "" {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// textWidth estimates the width of a 10px sans-serif label.
func textWidth(s string) float64 { return 5.4 * float64(len([]rune(s))) }

// breakSlashes lets long words such as "Persyaratan/Kelengkapan" wrap after a slash.
func breakSlashes(s string) string { return strings.ReplaceAll(s, "/", "/\u200b") }
