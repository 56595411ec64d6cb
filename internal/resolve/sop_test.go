package resolve_test

import (
	"reflect"
	"testing"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
)

var idLabels = resolve.SOPLabelsFor("id")

// chain makes an SOP of n steps (start, processes, end) in two columns,
// each step taking min minutes; edit its steps to add decisions and jumps.
func chain(n int, min float64) *model.SOP {
	s := &model.SOP{Actors: []string{"A", "B"}}
	for i := 1; i <= n; i++ {
		st := model.SOPStep{Num: i, Activity: "langkah", Actor: "A", Kind: "process", Minutes: min}
		switch i {
		case 1:
			st.Kind = "start"
		case n:
			st.Kind = "end"
		}
		s.Steps = append(s.Steps, st)
	}
	return s
}

func decide(s *model.SOP, i, yes, no int, yesLabel, noLabel string) {
	st := &s.Steps[i-1]
	st.Kind, st.Yes, st.No, st.YesLabel, st.NoLabel = "decision", yes, no, yesLabel, noLabel
}

func layout(t *testing.T, s *model.SOP, rows int) *resolve.SOPLayout {
	t.Helper()
	L, err := resolve.LayoutSOP(s, rows, idLabels)
	if err != nil {
		t.Fatal(err)
	}
	return L
}

func edge(t *testing.T, L *resolve.SOPLayout, from, to int) resolve.SOPEdge {
	t.Helper()
	for _, e := range L.Edges {
		if e.From == from && e.To == to {
			return e
		}
	}
	t.Fatalf("no edge %d → %d", from, to)
	return resolve.SOPEdge{}
}

func TestMainPathRule(t *testing.T) {
	// a decision whose yes exit goes forward: yes is taken (6 → 8, skipping 7)
	s := chain(10, 10)
	decide(s, 6, 8, 7, "", "")
	path, min := resolve.MainPath(s)
	if want := []int{1, 2, 3, 4, 5, 6, 8, 9, 10}; !reflect.DeepEqual(path, want) {
		t.Errorf("yes forward: path %v, want %v", path, want)
	}
	if min != 90 {
		t.Errorf("yes forward: %v minutes, want 90", min)
	}
	// a yes exit that goes back is a loop: the no exit is the main path
	s = chain(10, 10)
	decide(s, 8, 3, 9, "masih ada", "tidak ada")
	if path, _ := resolve.MainPath(s); !reflect.DeepEqual(path, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Errorf("yes backward: path %v", path)
	}
	// a yes exit to the decision itself is a loop too
	s = chain(5, 10)
	decide(s, 3, 3, 4, "", "")
	if path, _ := resolve.MainPath(s); !reflect.DeepEqual(path, []int{1, 2, 3, 4, 5}) {
		t.Errorf("yes to itself: path %v", path)
	}
	// a process step's next is followed; a step already on the path ends it
	s = chain(6, 10)
	s.Steps[3].Next = 2
	if path, _ := resolve.MainPath(s); !reflect.DeepEqual(path, []int{1, 2, 3, 4}) {
		t.Errorf("loop by next: path %v", path)
	}
	// the layout carries the same path and its total in the caller's words
	s = chain(4, 0)
	s.Steps[0].Minutes, s.Steps[1].Minutes, s.Steps[2].Minutes = 1440*4, 19*60, 20
	L := layout(t, s, 0)
	if L.Total != "4 hari 19 jam 20 menit" || L.MainMinutes != 4*1440+19*60+20 {
		t.Errorf("total %q (%v minutes)", L.Total, L.MainMinutes)
	}
}

func TestFormatDuration(t *testing.T) {
	en := resolve.SOPLabels{Lang: "en"}
	for _, c := range []struct {
		min  float64
		l    resolve.SOPLabels
		want string
	}{
		{90, idLabels, "1 jam 30 menit"},
		{1440, idLabels, "1 hari"},
		{1440 + 5, en, "1 day 5 minutes"},
		{29.6, en, "30 minutes"},
		{0, idLabels, "—"},
		{0, en, "0 minutes"},
	} {
		if got := resolve.FormatDuration(c.min, c.l); got != c.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", c.min, got, c.want)
		}
	}
}

func TestSheetBreaks(t *testing.T) {
	for _, c := range []struct {
		n, rows int
		want    [][2]int
	}{
		{8, 8, [][2]int{{1, 8}}},
		{9, 8, [][2]int{{1, 5}, {6, 9}}},
		{12, 8, [][2]int{{1, 6}, {7, 12}}},
		{17, 8, [][2]int{{1, 6}, {7, 12}, {13, 17}}},
		{12, 0, [][2]int{{1, 6}, {7, 12}}}, // 0: SOPRowsPerSheet
		{5, 2, [][2]int{{1, 2}, {3, 4}, {5, 5}}},
	} {
		L := layout(t, chain(c.n, 1), c.rows)
		var got [][2]int
		for _, sh := range L.Sheets {
			got = append(got, [2]int{sh.First, sh.Last})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%d steps, %d rows: sheets %v, want %v", c.n, c.rows, got, c.want)
		}
		for _, st := range L.Steps {
			sh := L.Sheets[st.Sheet]
			if st.Num < sh.First || st.Num > sh.Last {
				t.Errorf("step %d on sheet %d (%d–%d)", st.Num, sh.N, sh.First, sh.Last)
			}
		}
	}
}

func TestConnectors(t *testing.T) {
	// 12 steps: sheets 1–6 and 7–12; 4 jumps forward to 9 across the break,
	// 10 jumps back to 2 across it; 6 goes on to 7 across it
	s := chain(12, 1)
	s.Actors = []string{"A", "B", "C"}
	s.Steps[3].Next = 9
	decide(s, 10, 2, 11, "masih ada", "")
	L := layout(t, s, 8)
	if L.Connectors != 3 {
		t.Fatalf("%d connectors, want 3", L.Connectors)
	}
	// numbered in edge order: 4→9, 6→7, 10→2
	for num, ft := range [][2]int{{4, 9}, {6, 7}, {10, 2}} {
		e := edge(t, L, ft[0], ft[1])
		if e.Connector != num+1 || len(e.Parts) != 2 {
			t.Fatalf("edge %v: connector %d, %d parts", ft, e.Connector, len(e.Parts))
		}
		for _, p := range e.Parts {
			if p.Conn == nil || p.Conn.Num != e.Connector {
				t.Errorf("edge %v: part on sheet %d has connector %+v", ft, p.Sheet, p.Conn)
			}
		}
		if e.Parts[0].Sheet != L.SheetOf(e.From) || e.Parts[1].Sheet != L.SheetOf(e.To) {
			t.Errorf("edge %v: parts on sheets %d, %d", ft, e.Parts[0].Sheet, e.Parts[1].Sheet)
		}
	}
	one, two := L.Sheets[0], L.Sheets[1]
	// forward edges leave by sheet 1's bottom band and arrive in sheet 2's top band;
	// the backward one leaves by sheet 2's top band and arrives in sheet 1's bottom band
	if !one.BottomBand || one.TopBand || !two.TopBand || two.BottomBand {
		t.Errorf("bands: sheet 1 %v/%v, sheet 2 %v/%v", one.TopBand, one.BottomBand, two.TopBand, two.BottomBand)
	}
	wantNotes := map[string][]resolve.SOPConnectorNote{
		"1 bottom": {{Num: 1, Step: 9, Out: true}, {Num: 2, Step: 7, Out: true}, {Num: 3, Step: 10}},
		"2 top":    {{Num: 1, Step: 4}, {Num: 2, Step: 6}, {Num: 3, Step: 2, Out: true}},
	}
	got := map[string][]resolve.SOPConnectorNote{"1 bottom": one.Bottom, "2 top": two.Top}
	if !reflect.DeepEqual(got, wantNotes) {
		t.Errorf("connector notes %+v, want %+v", got, wantNotes)
	}
	back := edge(t, L, 10, 2)
	if c := back.Parts[0].Conn; c.Slot != two.BandSlot(true) {
		t.Errorf("backward edge leaves by slot %d, want the top band", c.Slot)
	}
	if c := back.Parts[1].Conn; c.Slot != one.BandSlot(false) {
		t.Errorf("backward edge arrives from slot %d, want the bottom band", c.Slot)
	}
	// a path meets a band's connector at its top going down, at its point going back
	for _, c := range []struct {
		from, to     int
		leave, enter resolve.SOPYKind
	}{{4, 9, resolve.YConnTop, resolve.YConnBottom}, {10, 2, resolve.YConnBottom, resolve.YConnTop}} {
		e := edge(t, L, c.from, c.to)
		out, in := e.Parts[0].Points, e.Parts[1].Points
		if out[len(out)-1].Y.Kind != c.leave || in[0].Y.Kind != c.enter {
			t.Errorf("edge %d→%d meets its connectors at %v and %v, want %v and %v", c.from, c.to, out[len(out)-1].Y.Kind, in[0].Y.Kind, c.leave, c.enter)
		}
	}
	// slots: [top band,] steps[, bottom band]
	if one.Slots != 7 || L.Steps[0].Slot != 0 || L.Steps[5].Slot != 5 || two.Slots != 7 || L.Steps[6].Slot != 1 {
		t.Errorf("sheet 1: %d slots, step 1 in %d, step 6 in %d; sheet 2: %d slots, step 7 in %d",
			one.Slots, L.Steps[0].Slot, L.Steps[5].Slot, two.Slots, L.Steps[6].Slot)
	}
	// a chart on one sheet has no connector and no band
	L = layout(t, chain(6, 1), 8)
	if L.Connectors != 0 || L.Sheets[0].TopBand || L.Sheets[0].BottomBand {
		t.Errorf("one sheet: %d connectors, bands %v/%v", L.Connectors, L.Sheets[0].TopBand, L.Sheets[0].BottomBand)
	}
}

func TestExitLabels(t *testing.T) {
	s := chain(10, 1)
	s.Actors = []string{"A", "B", "C"}
	decide(s, 4, 5, 2, "disetujui", "ditolak") // yes goes down, no jumps back
	decide(s, 6, 8, 3, "", "")                 // both exits jump
	s.Steps[5].Actor = "B"
	L := layout(t, s, 10)

	yes := edge(t, L, 4, 5)
	if yes.Label != "Ya (disetujui)" || yes.Exit != resolve.ExitBottom || yes.Jump {
		t.Errorf("yes down: %+v", yes)
	}
	no := edge(t, L, 4, 2)
	if no.Label != "Tidak (ditolak)" || !no.Jump || !no.Backward || no.Exit == resolve.ExitBottom {
		t.Errorf("no back: %+v", no)
	}
	// the label sits at the exit it names: the path starts at that side of the source symbol
	for _, e := range []resolve.SOPEdge{yes, no} {
		p := e.Parts[0].Points[0]
		if p.Y.Slot != L.Steps[e.From-1].Slot {
			t.Errorf("edge %d→%d starts in slot %d, not at its source", e.From, e.To, p.Y.Slot)
		}
		want := map[resolve.SOPExit]resolve.SOPXKind{resolve.ExitBottom: resolve.XCentre, resolve.ExitRight: resolve.XSymRight, resolve.ExitLeft: resolve.XSymLeft}[e.Exit]
		if p.X.Kind != want {
			t.Errorf("edge %d→%d: exit %v starts at %v", e.From, e.To, e.Exit, p.X.Kind)
		}
	}
	// a column-0 symbol jumping back within column 0 takes the left channel
	if no.Side != -1 || no.Exit != resolve.ExitLeft {
		t.Errorf("no back from column 0: side %d exit %v", no.Side, no.Exit)
	}
	// two jumps: yes right, no left
	y6, n6 := edge(t, L, 6, 8), edge(t, L, 6, 3)
	if y6.Exit != resolve.ExitRight || n6.Exit != resolve.ExitLeft || y6.Label != "Ya" || n6.Label != "Tidak" {
		t.Errorf("two jumps: yes %v %q, no %v %q", y6.Exit, y6.Label, n6.Exit, n6.Label)
	}
	// process steps carry no label; a move to another column is an elbow
	if e := edge(t, L, 5, 6); e.Label != "" || len(e.Parts[0].Points) != 4 {
		t.Errorf("elbow 5→6: %+v", e)
	}
	// jumps on one sheet use distinct channels on their side
	chans := map[resolve.SOPX]bool{}
	for _, e := range L.Edges {
		if e.Jump {
			ch := e.Parts[0].Points[1].X
			if chans[ch] {
				t.Errorf("channel %+v used twice", ch)
			}
			chans[ch] = true
		}
	}
}

// Bad SOPs (validation reports them) still lay out without a panic: jump
// targets that do not exist, a decision to itself, no actors, no steps.
func TestLayoutBadSOP(t *testing.T) {
	s := chain(9, 5)
	s.Actors = nil
	decide(s, 3, 0, 40, "", "")
	decide(s, 5, 5, -1, "", "")
	s.Steps[6].Next = 99
	s.Steps[7].Actor = "nobody"
	L := layout(t, s, 3)
	for _, e := range L.Edges {
		if e.To < 1 || e.To > 9 {
			t.Errorf("edge to missing step %d", e.To)
		}
		if len(e.Parts) == 0 || len(e.Parts[0].Points) < 2 {
			t.Errorf("edge %d→%d has no route", e.From, e.To)
		}
	}
	if L.Steps[7].Col != 0 {
		t.Errorf("unknown actor in column %d", L.Steps[7].Col)
	}
	if path, _ := resolve.MainPath(s); !reflect.DeepEqual(path, []int{1, 2, 3}) {
		t.Errorf("path %v", path)
	}
	if L, err := resolve.LayoutSOP(&model.SOP{}, 0, idLabels); err != nil || len(L.Sheets) != 0 || L.Total != "—" {
		t.Errorf("empty SOP: %+v, %v", L, err)
	}
	if _, err := resolve.LayoutSOP(nil, 0, idLabels); err == nil {
		t.Error("no error for a nil SOP")
	}
}
