package html

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
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
	v.Sheets = r.sopSheets(d)
	v.Total = r.duration(mainPathMinutes(s))
	return v
}

// mainPathMinutes sums the times of the main path: from the first step, at a
// decision the exit that does not go back to a visited step (yes first).
func mainPathMinutes(s *model.SOP) float64 {
	n := len(s.Steps)
	if n == 0 {
		return 0
	}
	seen := make([]bool, n+1)
	total := 0.0
	for i := 1; i >= 1 && i <= n && !seen[i]; {
		seen[i] = true
		st := s.Steps[i-1]
		total += st.Minutes
		next := 0
		switch st.Kind {
		case "end":
		case "decision":
			for _, t := range []int{st.Yes, st.No} {
				if t >= 1 && t <= n && !seen[t] {
					next = t
					break
				}
			}
		default:
			next = i + 1
			if st.Next > 0 {
				next = st.Next
			}
		}
		if next == 0 || next > n {
			break
		}
		i = next
	}
	return total
}

// duration formats minutes as days, hours and minutes (a day is 24 hours, as the SOP times are read).
func (r *run) duration(m float64) string {
	if m <= 0 {
		return r.labels["not_set"]
	}
	return i18n.Duration(r.lang, time.Duration(m*float64(time.Minute)))
}

// chart geometry of one sheet
type sheet struct {
	first, last   int // step numbers (1-based, inclusive)
	topBand       bool
	bottomBand    bool
	top           map[int]float64 // step -> row top
	bandTop       float64
	bandBottom    float64
	height        float64
	body          strings.Builder
	verticals     [][3]float64 // x, y1, y2 of vertical segments
	rightK, leftK int
	notes         map[string][]string // "top"/"bottom" -> connector descriptions
}

type edge struct {
	from, to int
	label    string
	jump     bool
	side     int // +1 right, -1 left (jumps)
}

// sopSheets lays out the flowchart: one lane per performer, one row per step,
// only the five SOP AP symbols (terminator, process, decision, arrow, off-page connector).
func (r *run) sopSheets(d *model.Document) []SOPSheet {
	s := d.SOP
	n := len(s.Steps)
	if n == 0 {
		return nil
	}
	lane := map[string]int{}
	for i, a := range s.Actors {
		if _, ok := lane[a]; !ok {
			lane[a] = i
		}
	}
	A := max(1, len(s.Actors))
	W := laneW * float64(A)
	xOf := func(step int) float64 {
		l, ok := lane[s.Steps[step-1].Actor]
		if !ok {
			l = 0
		}
		return laneW*float64(l) + laneW/2
	}
	// sheets of balanced size
	nSheets := (n + sopSheetSteps - 1) / sopSheetSteps
	per := (n + nSheets - 1) / nSheets
	sheets := make([]*sheet, nSheets)
	sheetOf := func(step int) int { return (step - 1) / per }
	for k := range sheets {
		sheets[k] = &sheet{first: k*per + 1, last: min(n, (k+1)*per), top: map[int]float64{}, notes: map[string][]string{}}
	}
	// edges
	var edges []edge
	yesL, noL := r.labels["yes"], r.labels["no"]
	for i := 1; i <= n; i++ {
		st := s.Steps[i-1]
		switch st.Kind {
		case "end":
		case "decision":
			exits := []edge{{from: i, to: st.Yes, label: joinLabel(yesL, st.YesLabel)}, {from: i, to: st.No, label: joinLabel(noL, st.NoLabel)}}
			seqUsed := false
			var jumps []int
			for k := range exits {
				e := &exits[k]
				if e.to < 1 || e.to > n {
					continue
				}
				if e.to == i+1 && !seqUsed {
					seqUsed = true
				} else {
					e.jump = true
					jumps = append(jumps, k)
				}
			}
			for idx, k := range jumps {
				exits[k].side = chooseSide(xOf(i), xOf(exits[k].to), W)
				if len(jumps) == 2 {
					exits[k].side = []int{1, -1}[idx]
				}
			}
			for _, e := range exits {
				if e.to >= 1 && e.to <= n {
					edges = append(edges, e)
				}
			}
		default:
			to := i + 1
			if st.Next > 0 {
				to = st.Next
			}
			if to < 1 || to > n {
				continue
			}
			e := edge{from: i, to: to, jump: to != i+1}
			if e.jump {
				e.side = chooseSide(xOf(i), xOf(to), W)
			}
			edges = append(edges, e)
		}
	}
	// which sheets need connector bands
	for _, e := range edges {
		a, b := sheetOf(e.from), sheetOf(e.to)
		if a == b {
			continue
		}
		if b > a {
			sheets[a].bottomBand, sheets[b].topBand = true, true
		} else {
			sheets[a].topBand, sheets[b].bottomBand = true, true
		}
	}
	for _, sh := range sheets {
		y := 0.0
		if sh.topBand {
			sh.bandTop = 0
			y = bandH
		}
		for i := sh.first; i <= sh.last; i++ {
			sh.top[i] = y
			y += rowH
		}
		if sh.bottomBand {
			sh.bandBottom = y
			y += bandH
		}
		sh.height = y
	}
	line := func(sh *sheet, pts ...float64) {
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
				sh.verticals = append(sh.verticals, [3]float64{pts[k], y1, y2})
			}
		}
		sh.body.WriteString(`<path d="` + b.String() + `" fill="none" stroke="` + ink + `" stroke-width="1.5"/>`)
	}
	arrow := func(sh *sheet, x, y float64, dir string) {
		var p string
		switch dir {
		case "down":
			p = f1(x-5) + "," + f1(y-9) + " " + f1(x+5) + "," + f1(y-9) + " " + f1(x) + "," + f1(y)
		case "up":
			p = f1(x-5) + "," + f1(y+9) + " " + f1(x+5) + "," + f1(y+9) + " " + f1(x) + "," + f1(y)
		case "left":
			p = f1(x+9) + "," + f1(y-5) + " " + f1(x+9) + "," + f1(y+5) + " " + f1(x) + "," + f1(y)
		default:
			p = f1(x-9) + "," + f1(y-5) + " " + f1(x-9) + "," + f1(y+5) + " " + f1(x) + "," + f1(y)
		}
		sh.body.WriteString(`<polygon points="` + p + `" fill="` + ink + `"/>`)
	}
	text := func(sh *sheet, x, y float64, anchor, t string) {
		sh.body.WriteString(`<text x="` + f1(x) + `" y="` + f1(y) + `" font-family="sans-serif" font-size="10" fill="` + ink +
			`" text-anchor="` + anchor + `">` + esc(t) + `</text>`)
	}
	// downLabel writes the label of a decision's downward exit beside the line,
	// on the side where it fits
	downLabel := func(sh *sheet, e edge, x, y float64) {
		if e.label == "" {
			return
		}
		if x+5+textWidth(e.label) > W-2 {
			text(sh, x-5, y+11, "end", e.label)
			return
		}
		text(sh, x+5, y+11, "start", e.label)
	}
	// jumpLabel writes a jump's label along its longer horizontal run: at the
	// source next to the symbol, or at the target next to the channel.
	jumpLabel := func(sh *sheet, e edge, x, y float64, atSource bool) {
		if e.label == "" {
			return
		}
		anchor := "start"
		lx := x + 4
		if (atSource && e.side < 0) || (!atSource && e.side > 0) {
			anchor, lx = "end", x-4
		}
		text(sh, lx, y-5, anchor, e.label)
	}
	connector := func(sh *sheet, x, yc float64, num int) {
		p := f1(x-12) + "," + f1(yc-12) + " " + f1(x+12) + "," + f1(yc-12) + " " + f1(x+12) + "," + f1(yc+4) + " " +
			f1(x) + "," + f1(yc+14) + " " + f1(x-12) + "," + f1(yc+4)
		sh.body.WriteString(`<polygon class="conn" points="` + p + `" fill="#fff" stroke="` + ink + `" stroke-width="1.5"/>`)
		sh.body.WriteString(`<text x="` + f1(x) + `" y="` + f1(yc+2) + `" font-family="sans-serif" font-size="11" font-weight="bold" fill="` + ink +
			`" text-anchor="middle">` + strconv.Itoa(num) + `</text>`)
	}
	channel := func(sh *sheet, side int) float64 {
		var k int
		if side > 0 {
			k = sh.rightK
			sh.rightK++
		} else {
			k = sh.leftK
			sh.leftK++
		}
		off := 5 + 5*float64(k%4)
		if side > 0 {
			return W - off
		}
		return off
	}
	conn := 0
	for _, e := range edges {
		a, b := sheets[sheetOf(e.from)], sheets[sheetOf(e.to)]
		fs, ts := s.Steps[e.from-1], s.Steps[e.to-1]
		x1, x2 := xOf(e.from), xOf(e.to)
		cy1, cy2 := a.top[e.from]+symCY, b.top[e.to]+symCY
		if !e.jump {
			yBottom := cy1 + symHalfH(fs.Kind)
			if a == b {
				yTarget := cy2 - symHalfH(ts.Kind)
				if x1 == x2 {
					line(a, x1, yBottom, x1, yTarget)
				} else {
					turn := a.top[e.from] + turnDY
					line(a, x1, yBottom, x1, turn, x2, turn, x2, yTarget)
				}
				arrow(a, x2, yTarget, "down")
				downLabel(a, e, x1, yBottom)
				continue
			}
			conn++
			yc := a.bandBottom + bandH/2
			line(a, x1, yBottom, x1, yc-12)
			arrow(a, x1, yc-12, "down")
			connector(a, x1, yc, conn)
			downLabel(a, e, x1, yBottom)
			a.notes["bottom"] = append(a.notes["bottom"], strconv.Itoa(conn)+": "+r.labels["sop_to_step"]+" "+strconv.Itoa(e.to))
			yc2 := b.bandTop + bandH/2
			connector(b, x2, yc2, conn)
			yTarget := cy2 - symHalfH(ts.Kind)
			line(b, x2, yc2+14, x2, yTarget)
			arrow(b, x2, yTarget, "down")
			b.notes["top"] = append(b.notes["top"], strconv.Itoa(conn)+": "+r.labels["sop_from_step"]+" "+strconv.Itoa(e.from))
			continue
		}
		// a jump leaves the side of its symbol, runs along a channel at the
		// chart's edge and enters the target's side
		sx := x1 + float64(e.side)*symW/2
		tx := x2 + float64(e.side)*symW/2
		dir := "left"
		if e.side < 0 {
			dir = "right"
		}
		if a == b {
			cx := channel(a, e.side)
			line(a, sx, cy1, cx, cy1, cx, cy2, tx, cy2)
			arrow(a, tx, cy2, dir)
			if math.Abs(cx-sx) >= math.Abs(cx-tx) {
				jumpLabel(a, e, sx, cy1, true)
			} else {
				jumpLabel(a, e, cx, cy2, false)
			}
			continue
		}
		conn++
		forward := e.to > e.from
		cx := channel(a, e.side)
		var yc float64
		if forward {
			yc = a.bandBottom + bandH/2
			line(a, sx, cy1, cx, cy1, cx, yc-12)
			arrow(a, cx, yc-12, "down")
			a.notes["bottom"] = append(a.notes["bottom"], strconv.Itoa(conn)+": "+r.labels["sop_to_step"]+" "+strconv.Itoa(e.to))
		} else {
			yc = a.bandTop + bandH/2
			line(a, sx, cy1, cx, cy1, cx, yc+14)
			arrow(a, cx, yc+14, "up")
			a.notes["top"] = append(a.notes["top"], strconv.Itoa(conn)+": "+r.labels["sop_to_step"]+" "+strconv.Itoa(e.to))
		}
		connector(a, cx, yc, conn)
		cx2 := channel(b, e.side)
		if math.Abs(cx-sx) >= math.Abs(cx2-tx) {
			jumpLabel(a, e, sx, cy1, true)
		} else {
			jumpLabel(b, e, cx2, cy2, false)
		}
		if forward {
			yc2 := b.bandTop + bandH/2
			connector(b, cx2, yc2, conn)
			line(b, cx2, yc2+14, cx2, cy2, tx, cy2)
			b.notes["top"] = append(b.notes["top"], strconv.Itoa(conn)+": "+r.labels["sop_from_step"]+" "+strconv.Itoa(e.from))
		} else {
			yc2 := b.bandBottom + bandH/2
			connector(b, cx2, yc2, conn)
			line(b, cx2, yc2-12, cx2, cy2, tx, cy2)
			b.notes["bottom"] = append(b.notes["bottom"], strconv.Itoa(conn)+": "+r.labels["sop_from_step"]+" "+strconv.Itoa(e.from))
		}
		arrow(b, tx, cy2, dir)
	}
	// symbols last, over the lines
	for i := 1; i <= n; i++ {
		sh := sheets[sheetOf(i)]
		st := s.Steps[i-1]
		x, cy := xOf(i), sh.top[i]+symCY
		hh := symHalfH(st.Kind)
		attrs := `fill="#fff" stroke="` + ink + `" stroke-width="1.5"`
		switch st.Kind {
		case "start", "end":
			sh.body.WriteString(`<rect class="term" x="` + f1(x-symW/2) + `" y="` + f1(cy-hh) + `" width="` + f1(symW) + `" height="` + f1(2*hh) +
				`" rx="` + f1(hh) + `" ry="` + f1(hh) + `" ` + attrs + `/>`)
		case "decision":
			sh.body.WriteString(`<polygon class="dec" points="` + f1(x) + "," + f1(cy-hh) + " " + f1(x+symW/2) + "," + f1(cy) + " " +
				f1(x) + "," + f1(cy+hh) + " " + f1(x-symW/2) + "," + f1(cy) + `" ` + attrs + `/>`)
		default:
			sh.body.WriteString(`<rect class="proc" x="` + f1(x-symW/2) + `" y="` + f1(cy-hh) + `" width="` + f1(symW) + `" height="` + f1(2*hh) + `" ` + attrs + `/>`)
		}
		sh.body.WriteString(`<text x="` + f1(x) + `" y="` + f1(cy+4) + `" font-family="sans-serif" font-size="12" fill="` + ink +
			`" text-anchor="middle">` + strconv.Itoa(i) + `</text>`)
	}
	// rows
	docKey := anchorID(d.DocID)
	out := make([]SOPSheet, len(sheets))
	for k, sh := range sheets {
		id := "sop-" + docKey + "-" + strconv.Itoa(k+1)
		ss := SOPSheet{N: k + 1}
		ss.Defs = template.HTML(`<svg class="sop-defs" width="0" height="0" aria-hidden="true" focusable="false"><defs><g id="` + esc(id) + `">` +
			sh.body.String() + `</g></defs></svg>`)
		slice := func(y, h float64, fill bool) template.HTML {
			var b strings.Builder
			b.WriteString(`<svg class="slice" width="` + f1(W) + `" height="` + f1(h) + `" viewBox="0 ` + f1(y) + ` ` + f1(W) + ` ` + f1(h) +
				`" aria-hidden="true" focusable="false"><use href="#` + esc(id) + `"/></svg>`)
			if fill {
				// lines that continue below this row: drawn stretched to the row's real height
				var d strings.Builder
				bottom := y + h
				for _, v := range sh.verticals {
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
		if sh.topBand {
			ss.Rows = append(ss.Rows, SOPRow{Band: true, Flow: slice(sh.bandTop, bandH, false),
				FlowText: r.labels["sop_connector"] + " " + strings.Join(sh.notes["top"], "; ")})
		}
		for i := sh.first; i <= sh.last; i++ {
			st := s.Steps[i-1]
			reqs := make([]string, len(st.Requirements))
			for k, q := range st.Requirements {
				reqs[k] = breakSlashes(q)
			}
			ss.Rows = append(ss.Rows, SOPRow{Num: i, Activity: st.Activity, Flow: slice(sh.top[i], rowH, true),
				FlowText: r.stepText(s, i), Requirements: reqs, Time: st.Time, Output: st.Output, Notes: st.Notes})
		}
		if sh.bottomBand {
			ss.Rows = append(ss.Rows, SOPRow{Band: true, Flow: slice(sh.bandBottom, bandH, false),
				FlowText: r.labels["sop_connector"] + " " + strings.Join(sh.notes["bottom"], "; ")})
		}
		out[k] = ss
	}
	return out
}

func joinLabel(a, b string) string {
	if b == "" {
		return a
	}
	return a + " (" + b + ")"
}

// chooseSide picks the channel side that keeps a jump's horizontal runs short.
func chooseSide(x1, x2, w float64) int {
	if (w-x1)+(w-x2) <= x1+x2 {
		return 1
	}
	return -1
}

// stepText describes a step's place in the flowchart for screen readers.
func (r *run) stepText(s *model.SOP, i int) string {
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
	switch st.Kind {
	case "decision":
		t += "; " + joinLabel(r.labels["yes"], st.YesLabel) + " → " + strconv.Itoa(st.Yes) +
			"; " + joinLabel(r.labels["no"], st.NoLabel) + " → " + strconv.Itoa(st.No)
	case "end":
	default:
		if st.Next > 0 {
			t += " → " + strconv.Itoa(st.Next)
		}
	}
	return t
}

// textWidth estimates the width of a 10px sans-serif label.
func textWidth(s string) float64 { return 5.4 * float64(len([]rune(s))) }

// breakSlashes lets long words such as "Persyaratan/Kelengkapan" wrap after a slash.
func breakSlashes(s string) string { return strings.ReplaceAll(s, "/", "/\u200b") }
