package model

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/smsgen/smsgen/internal/schema"
)

// slowParse is DateParser.Parse without the ISO fast path: time.Parse over the layouts.
func slowParse(p DateParser, s string, withTime bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	layouts := append([]string(nil), dateLayouts...)
	if withTime {
		layouts = append([]string(nil), dateTimeLayouts...)
	}
	if p.local != "" {
		layouts = append(layouts, p.local)
		if withTime {
			layouts = append(layouts, p.local+" 15:04")
		}
	}
	for _, l := range layouts {
		if len(s) < 8 || len(s) > 40 {
			break
		}
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func TestDateParserFastPathAgreesWithTimeParse(t *testing.T) {
	p := NewDateParser("DD/MM/YYYY")
	inputs := []string{"2026-11-21", "2026-02-29", "2024-02-29", "2000-02-29", "1900-02-29", "2026-02-31", "2026-13-01",
		"2026-00-10", "2026-01-00", "1899-12-31", "2200-12-31", "2201-01-01", "2026-11-21 14:30", "2026-11-21T14:30",
		"2026-11-21 24:00", "2026-11-21 23:60", "2026-11-21 23:59:59", "2026-11-21 23:59:60", "2026-11-21T00:00:00",
		"2026-11-21 1:30", "2026-11-21  14:30", "2026-11-21 14:30Z", "21/11/2026", "21/11/2026 14:30", " 2026-11-21 ",
		"2026-1-21", "+026-11-21", "2026-11-2a", "２026-11-21", "2026/11/21", "2026-11-21x14:30"}
	r := rand.New(rand.NewPCG(3, 4))
	const digits = "0123456789 -:T/x"
	for i := 0; i < 200000; i++ {
		b := []byte("2026-11-21 14:30:59")
		for n := r.IntN(4); n > 0; n-- {
			b[r.IntN(len(b))] = digits[r.IntN(len(digits))]
		}
		inputs = append(inputs, string(b[:[]int{10, 16, 19, 10 + r.IntN(10)}[r.IntN(4)]]))
	}
	for _, s := range inputs {
		for _, withTime := range []bool{false, true} {
			gt, gok := p.Parse(s, withTime)
			wt, wok := slowParse(p, s, withTime)
			if gok != wok || !gt.Equal(wt) || gt.Location() != wt.Location() {
				t.Fatalf("Parse(%q, %v) = %v %v, time.Parse gives %v %v", s, withTime, gt, gok, wt, wok)
			}
		}
	}
}

func TestCellTypedValue(t *testing.T) {
	if n := unsafe.Sizeof(Cell{}); n != 32 {
		t.Errorf("Cell is %d bytes, want 32", n)
	}
	var c Cell
	if c.Valid() || c.Float() != 0 || c.Bool() || !c.Time().IsZero() {
		t.Fatalf("zero cell: valid %v float %v", c.Valid(), c.Float())
	}
	c.SetOK()
	if !c.Valid() || c.Float() != 0 || c.Bool() {
		t.Fatalf("SetOK: valid %v float %v bool %v", c.Valid(), c.Float(), c.Bool())
	}
	for _, v := range []float64{0, 1, -1, 0.5, 99.95, 1e300, -1e-300, math.Inf(1), math.Inf(-1), math.Copysign(0, -1),
		math.Float64frombits(typedMask), 1795132800} {
		var c Cell
		c.Set(v)
		got := c.Float()
		same := got == v || (math.IsNaN(v) && math.IsNaN(got))
		if !c.Valid() || !same || math.Signbit(got) != math.Signbit(v) {
			t.Errorf("Set(%v): valid %v, Float %v", v, c.Valid(), got)
		}
		c.SetOK()
		if c.Float() != got && !math.IsNaN(got) {
			t.Errorf("SetOK after Set(%v) changed the value to %v", v, c.Float())
		}
	}
	c = Cell{}
	c.Set(0)
	if !c.Valid() || c.Bool() {
		t.Errorf("Set(0): valid %v bool %v", c.Valid(), c.Bool())
	}
	c.Set(1)
	if !c.Bool() || c.Int() != 1 {
		t.Errorf("Set(1): bool %v int %v", c.Bool(), c.Int())
	}
	tm := time.Date(2026, 11, 21, 14, 30, 0, 0, time.UTC)
	c = Cell{}
	c.SetTime(tm)
	if !c.Time().Equal(tm) {
		t.Errorf("SetTime: %v", c.Time())
	}
}

func TestCleanTextListMatchesSplitList(t *testing.T) {
	f := &schema.Field{Key: "actions", Type: schema.Text, List: true}
	r := rand.New(rand.NewPCG(5, 6))
	parts := []string{"a", "b c", " ", "\n", "\r\n", "\r", "-", "- x", "•", "* y", "é", "\u00a0", "\t"}
	for i := 0; i < 100000; i++ {
		var b strings.Builder
		for n := r.IntN(8); n > 0; n-- {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		raw := strings.TrimSpace(b.String())
		c := Cell{Raw: raw}
		Coerce(f, &c, DateParser{})
		want := strings.Join(SplitList(raw, false), "\n")
		if raw != "" && (c.Raw != want || !c.Valid()) {
			t.Fatalf("Coerce(%q) = %q (valid %v), want %q", raw, c.Raw, c.Valid(), want)
		}
		if cleanTextList(raw) && raw != want {
			t.Fatalf("cleanTextList(%q) but SplitList gives %q", raw, want)
		}
	}
}
