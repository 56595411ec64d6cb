package resolve

import (
	"errors"
	"math"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// SOPRowsPerSheet is the most steps one sheet of an SOP flowchart holds: an
// HTML sheet and a PDF page of the procedure table are the same sheet.
const SOPRowsPerSheet = 8

// SOPLabels are the words the layout writes: exit labels of decisions and the
// units of the total time. They come from the caller's label catalogue.
type SOPLabels struct {
	Yes, No string
	None    string // the total when no step has a time
	Lang    string // the language of the duration units (i18n.Duration)
}

// SOPLabelsFor returns the labels of lang from the one label catalogue.
func SOPLabelsFor(lang string) SOPLabels {
	l := i18n.LabelsIn(lang)
	return SOPLabels{Yes: l.T("yes"), No: l.T("no"), None: l.T("not_set"), Lang: lang}
}

// SOPLayout is the SOP AP flowchart of one SOP, resolved once and drawn by
// every renderer: the actor columns, the steps and their sheets, every edge
// with its route, the numbered off-sheet connectors and the main path.
//
// Coordinates are symbolic (a column, a slot of a sheet, a named spot of a
// symbol or band); each medium maps them to its own units.
type SOPLayout struct {
	Actors []string
	Steps  []SOPStep // Steps[i] is step i+1
	Edges  []SOPEdge // in the order of their source step, yes before no
	Sheets []SOPSheet
	// MainPath is the step numbers of the main path (see MainPath).
	MainPath     []int
	MainMinutes  float64
	Total        string // MainMinutes formatted with the caller's units
	Connectors   int    // how many off-sheet connector pairs there are
	RowsPerSheet int
}

// SOPStep is a step placed in the chart.
type SOPStep struct {
	Num        int
	Kind       string // start, process, decision, end
	Col        int    // actor column (0 when the actor is unknown)
	Sheet      int    // index into Sheets
	Slot       int    // slot of its sheet (see SOPSheet)
	Successors []int
}

// SOPSheet is one sheet (HTML) or page (PDF) of the procedure table. Its
// slots, top to bottom, are the top connector band when TopBand, one slot
// per step First..Last, and the bottom connector band when BottomBand.
type SOPSheet struct {
	N                   int // 1-based
	First, Last         int // step numbers, inclusive
	TopBand, BottomBand bool
	Slots               int
	// Top and Bottom are the connectors of the bands, in drawing order.
	Top, Bottom []SOPConnectorNote
}

// BandSlot is the slot of the top (top true) or bottom connector band.
func (s SOPSheet) BandSlot(top bool) int {
	if top {
		return 0
	}
	return s.Slots - 1
}

// SOPConnectorNote says where a numbered connector of a band leads: to step
// Step (Out, on the source's sheet) or from step Step (on the target's sheet).
type SOPConnectorNote struct {
	Num, Step int
	Out       bool
}

// SOPExit is where an edge leaves its source symbol.
type SOPExit int

const (
	ExitBottom SOPExit = iota
	ExitRight
	ExitLeft
)

// SOPEdge is one arrow of the flowchart.
type SOPEdge struct {
	From, To int // step numbers
	Exit     SOPExit
	// Label names a decision exit (Ya/Tidak, with the SOP's own label); it is
	// drawn at the exit: beside the line below the symbol for ExitBottom,
	// above the horizontal run next to the symbol for a side exit.
	Label     string
	Jump      bool // leaves by a side and runs along a channel at the chart's edge
	Side      int  // +1 right, -1 left (jumps)
	Backward  bool // To <= From
	Connector int  // the connector number when the edge crosses sheets, else 0
	// Parts are the drawn polylines: one on the source's sheet, and for an
	// off-sheet edge a second one on the target's sheet. Each ends in an arrowhead.
	Parts []SOPPath
}

// SOPPath is a polyline on one sheet, ending in an arrowhead; Conn, when
// set, is the pentagon connector the path leaves from or runs into.
type SOPPath struct {
	Sheet  int
	Points []SOPPoint
	Conn   *SOPConn
}

// SOPConn is a pentagon off-sheet connector, centred in a band slot.
type SOPConn struct {
	Num  int
	X    SOPX
	Slot int
}

// SOPXKind names a horizontal position.
type SOPXKind int

const (
	XCentre    SOPXKind = iota // the centre of column Col
	XSymLeft                   // the left side of the symbol in column Col
	XSymRight                  // the right side of the symbol in column Col
	XChanLeft                  // channel Ch along the chart's left edge
	XChanRight                 // channel Ch along the chart's right edge
)

// SOPX is a horizontal position.
type SOPX struct {
	Kind SOPXKind
	Col  int
	Ch   int
}

// SOPYKind names a vertical position inside a slot.
type SOPYKind int

const (
	YSymTop     SOPYKind = iota // top of the step's symbol
	YMid                        // centre of the symbol (or of a band)
	YSymBottom                  // bottom of the step's symbol
	YTurn                       // between the symbol's bottom and the slot's bottom: where elbows turn
	YConnTop                    // top of a band's connector
	YConnBottom                 // bottom (the point) of a band's connector
)

// SOPY is a vertical position.
type SOPY struct {
	Slot int
	Kind SOPYKind
}

// SOPPoint is a point of a path.
type SOPPoint struct {
	X SOPX
	Y SOPY
}

// LayoutSOP lays out the flowchart of s with rowsPerSheet steps at most per
// sheet (SOPRowsPerSheet when 0), taking words from l.
//
// Sheets: an SOP of n steps takes ceil(n/rowsPerSheet) sheets of balanced
// size (ceil(n/sheets) steps each, the last one possibly shorter).
//
// Routes: an edge to the next step (the first exit of a decision that goes
// there) runs down from the symbol's bottom (straight in one column, an elbow
// across columns); any other edge is a jump: it leaves a side of the symbol,
// runs along a channel at the chart's edge and enters the target's side. A
// decision with two jumps sends yes right and no left; a single jump takes
// the side that keeps its horizontal runs short (right on a tie). An edge whose
// target is on another sheet ends in a numbered pentagon connector in the
// band at the bottom (forward) or top (backward) of its sheet, and starts
// again from a connector of the same number on the target's sheet.
// Connectors are numbered from 1 in edge order.
func LayoutSOP(s *model.SOP, rowsPerSheet int, l SOPLabels) (*SOPLayout, error) {
	if s == nil {
		return nil, errors.New("no SOP")
	}
	if rowsPerSheet <= 0 {
		rowsPerSheet = SOPRowsPerSheet
	}
	n := len(s.Steps)
	L := &SOPLayout{Actors: s.Actors, RowsPerSheet: rowsPerSheet}
	L.MainPath, L.MainMinutes = MainPath(s)
	L.Total = FormatDuration(L.MainMinutes, l)
	if n == 0 {
		return L, nil
	}
	col := map[string]int{}
	for i, a := range s.Actors {
		if _, ok := col[a]; !ok {
			col[a] = i
		}
	}
	A := max(1, len(s.Actors))
	nSheets := (n + rowsPerSheet - 1) / rowsPerSheet
	per := (n + nSheets - 1) / nSheets
	L.Sheets = make([]SOPSheet, nSheets)
	for k := range L.Sheets {
		L.Sheets[k] = SOPSheet{N: k + 1, First: k*per + 1, Last: min(n, (k+1)*per)}
	}
	L.Steps = make([]SOPStep, n)
	for i, st := range s.Steps {
		L.Steps[i] = SOPStep{Num: i + 1, Kind: st.Kind, Col: col[st.Actor], Sheet: i / per, Successors: s.Successors(i + 1)}
	}

	// edges and their routes (before slots are known: bands depend on edges)
	for i := 1; i <= n; i++ {
		st := s.Steps[i-1]
		type exit struct {
			to    int
			label string
		}
		var exits []exit
		switch st.Kind {
		case "end":
		case "decision":
			exits = []exit{{st.Yes, joinLabel(l.Yes, st.YesLabel)}, {st.No, joinLabel(l.No, st.NoLabel)}}
		default:
			for _, t := range L.Steps[i-1].Successors {
				exits = append(exits, exit{to: t})
			}
		}
		var es []SOPEdge
		seq := false
		for _, x := range exits {
			if x.to < 1 || x.to > n {
				continue
			}
			e := SOPEdge{From: i, To: x.to, Label: x.label, Backward: x.to <= i}
			if x.to == i+1 && !seq {
				seq = true
			} else {
				e.Jump = true
			}
			es = append(es, e)
		}
		var jumps []int
		for k := range es {
			if es[k].Jump {
				jumps = append(jumps, k)
			}
		}
		for idx, k := range jumps {
			e := &es[k]
			if len(jumps) == 2 {
				e.Side = []int{1, -1}[idx]
			} else {
				e.Side = chooseSide(L.Steps[e.From-1].Col, L.Steps[e.To-1].Col, A)
			}
			e.Exit = ExitRight
			if e.Side < 0 {
				e.Exit = ExitLeft
			}
		}
		L.Edges = append(L.Edges, es...)
	}
	// bands
	for _, e := range L.Edges {
		a, b := L.Steps[e.From-1].Sheet, L.Steps[e.To-1].Sheet
		switch {
		case a < b:
			L.Sheets[a].BottomBand, L.Sheets[b].TopBand = true, true
		case a > b:
			L.Sheets[a].TopBand, L.Sheets[b].BottomBand = true, true
		}
	}
	for k := range L.Sheets {
		sh := &L.Sheets[k]
		slot := 0
		if sh.TopBand {
			slot++
		}
		for i := sh.First; i <= sh.Last; i++ {
			L.Steps[i-1].Slot = slot
			slot++
		}
		if sh.BottomBand {
			slot++
		}
		sh.Slots = slot
	}
	// routes
	chans := make([][2]int, nSheets) // per sheet: channels used on the left, right
	channel := func(sheet, side int) SOPX {
		k := 0
		if side > 0 {
			k = 1
		}
		c := chans[sheet][k]
		chans[sheet][k]++
		if side > 0 {
			return SOPX{Kind: XChanRight, Ch: c}
		}
		return SOPX{Kind: XChanLeft, Ch: c}
	}
	symSide := func(col, side int) SOPX {
		if side > 0 {
			return SOPX{Kind: XSymRight, Col: col}
		}
		return SOPX{Kind: XSymLeft, Col: col}
	}
	for k := range L.Edges {
		e := &L.Edges[k]
		a, b := L.Steps[e.From-1], L.Steps[e.To-1]
		sa, sb := &L.Sheets[a.Sheet], &L.Sheets[b.Sheet]
		ca, cb := SOPX{Kind: XCentre, Col: a.Col}, SOPX{Kind: XCentre, Col: b.Col}
		pt := func(x SOPX, slot int, y SOPYKind) SOPPoint { return SOPPoint{X: x, Y: SOPY{Slot: slot, Kind: y}} }
		cross := a.Sheet != b.Sheet
		if cross {
			L.Connectors++
			e.Connector = L.Connectors
		}
		if !e.Jump {
			if !cross {
				p := SOPPath{Sheet: a.Sheet}
				if a.Col == b.Col {
					p.Points = []SOPPoint{pt(ca, a.Slot, YSymBottom), pt(cb, b.Slot, YSymTop)}
				} else {
					p.Points = []SOPPoint{pt(ca, a.Slot, YSymBottom), pt(ca, a.Slot, YTurn), pt(cb, a.Slot, YTurn), pt(cb, b.Slot, YSymTop)}
				}
				e.Parts = []SOPPath{p}
				continue
			}
			// the next step opens the next sheet: down into the bottom band, on from its top band
			bot, top := sa.BandSlot(false), sb.BandSlot(true)
			e.Parts = []SOPPath{
				{Sheet: a.Sheet, Points: []SOPPoint{pt(ca, a.Slot, YSymBottom), pt(ca, bot, YConnTop)}, Conn: &SOPConn{Num: e.Connector, X: ca, Slot: bot}},
				{Sheet: b.Sheet, Points: []SOPPoint{pt(cb, top, YConnBottom), pt(cb, b.Slot, YSymTop)}, Conn: &SOPConn{Num: e.Connector, X: cb, Slot: top}},
			}
			sa.Bottom = append(sa.Bottom, SOPConnectorNote{Num: e.Connector, Step: e.To, Out: true})
			sb.Top = append(sb.Top, SOPConnectorNote{Num: e.Connector, Step: e.From})
			continue
		}
		from, into := symSide(a.Col, e.Side), symSide(b.Col, e.Side)
		if !cross {
			ch := channel(a.Sheet, e.Side)
			e.Parts = []SOPPath{{Sheet: a.Sheet, Points: []SOPPoint{pt(from, a.Slot, YMid), pt(ch, a.Slot, YMid), pt(ch, b.Slot, YMid), pt(into, b.Slot, YMid)}}}
			continue
		}
		// a jump to another sheet: along the channel into the band on the
		// side of the target's sheet (the bottom one going down, the top one
		// going back), on from the opposite band of the target's sheet
		ch1, ch2 := channel(a.Sheet, e.Side), channel(b.Sheet, e.Side)
		down := a.Sheet < b.Sheet
		outSlot, inSlot := sa.BandSlot(!down), sb.BandSlot(down)
		outY, inY := YConnTop, YConnBottom
		outNotes, inNotes := &sa.Bottom, &sb.Top
		if !down {
			outY, inY = YConnBottom, YConnTop
			outNotes, inNotes = &sa.Top, &sb.Bottom
		}
		e.Parts = []SOPPath{
			{Sheet: a.Sheet, Points: []SOPPoint{pt(from, a.Slot, YMid), pt(ch1, a.Slot, YMid), pt(ch1, outSlot, outY)}, Conn: &SOPConn{Num: e.Connector, X: ch1, Slot: outSlot}},
			{Sheet: b.Sheet, Points: []SOPPoint{pt(ch2, inSlot, inY), pt(ch2, b.Slot, YMid), pt(into, b.Slot, YMid)}, Conn: &SOPConn{Num: e.Connector, X: ch2, Slot: inSlot}},
		}
		*outNotes = append(*outNotes, SOPConnectorNote{Num: e.Connector, Step: e.To, Out: true})
		*inNotes = append(*inNotes, SOPConnectorNote{Num: e.Connector, Step: e.From})
	}
	return L, nil
}

// SheetOf returns the index of the sheet holding step num.
func (L *SOPLayout) SheetOf(num int) int { return L.Steps[num-1].Sheet }

// MainPath is the main path of an SOP and its time. The rule: start at step
// 1; at a decision take the yes exit unless it goes back (to the decision or
// an earlier step: a loop), then the no exit; any other step goes to its
// successor. The path ends at an end step, at a step already on the path,
// or where no exit leads to an existing step.
func MainPath(s *model.SOP) ([]int, float64) {
	n := len(s.Steps)
	seen := make([]bool, n+1)
	var path []int
	total := 0.0
	for i := 1; i >= 1 && i <= n && !seen[i]; {
		seen[i] = true
		path = append(path, i)
		st := s.Steps[i-1]
		total += st.Minutes
		next := 0
		switch st.Kind {
		case "end":
		case "decision":
			next = st.No
			if st.Yes > i && st.Yes <= n {
				next = st.Yes
			}
		default:
			if nx := s.Successors(i); len(nx) > 0 {
				next = nx[0]
			}
		}
		i = next
	}
	return path, total
}

// FormatDuration writes minutes as days, hours and minutes (a day is 24
// hours, as SOP times are read) with the caller's unit words.
func FormatDuration(m float64, l SOPLabels) string {
	if int(math.Round(m)) <= 0 && l.None != "" {
		return l.None
	}
	return i18n.Duration(l.Lang, time.Duration(math.Round(m))*time.Minute)
}

func joinLabel(a, b string) string {
	if b == "" {
		return a
	}
	if a == "" {
		return b
	}
	return a + " (" + b + ")"
}

// chooseSide picks the channel side that keeps a jump's horizontal runs
// short, for columns c1 and c2 of a chart of cols columns.
func chooseSide(c1, c2, cols int) int {
	x1, x2, w := float64(c1)+0.5, float64(c2)+0.5, float64(cols)
	if (w-x1)+(w-x2) <= x1+x2 {
		return 1
	}
	return -1
}

// StepAt is the step in slot (0 for a connector band).
func (s SOPSheet) StepAt(slot int) int {
	if (s.TopBand && slot == 0) || (s.BottomBand && slot == s.Slots-1) {
		return 0
	}
	n := s.First + slot
	if s.TopBand {
		n--
	}
	return n
}

// At is the x of p on a medium: centre is the centre of p's column, symHalfW
// half the width of a symbol, chanLeft and chanRight the x of p's channel
// along the chart's left and right edges.
func (p SOPX) At(centre, symHalfW, chanLeft, chanRight float64) float64 {
	switch p.Kind {
	case XSymLeft:
		return centre - symHalfW
	case XSymRight:
		return centre + symHalfW
	case XChanLeft:
		return chanLeft
	case XChanRight:
		return chanRight
	}
	return centre
}

// At is the y of p on a medium: mid is the centre of p's slot (of its symbol,
// or of its band), above and below how far the top and bottom of the symbol
// (or of the band's connector) stand from it, and turn the y where elbows
// turn.
func (p SOPY) At(mid, above, below, turn float64) float64 {
	switch p.Kind {
	case YSymTop, YConnTop:
		return mid - above
	case YSymBottom, YConnBottom:
		return mid + below
	case YTurn:
		return turn
	}
	return mid
}

// ConnJog bends the end of a path (flat x, y pairs, two points at least)
// that meets a connector off its centre cx: the last point when the path
// runs into the connector (out), else the first, with a jog of d before the
// connector.
func ConnJog(pts []float64, out bool, cx, d float64) []float64 {
	k := len(pts)
	if out {
		x, y, py := pts[k-2], pts[k-1], pts[k-3]
		if x == cx {
			return pts
		}
		j := y - d
		if py > y {
			j = y + d
		}
		return append(pts[:k-2:k-2], x, j, cx, j, cx, y)
	}
	x, y, ny := pts[0], pts[1], pts[3]
	if x == cx {
		return pts
	}
	j := y + d
	if ny < y {
		j = y - d
	}
	return append([]float64{cx, y, cx, j, x, j}, pts[2:]...)
}
