package model

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
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
	if n := unsafe.Sizeof(Cell{}); n != 24 {
		t.Errorf("Cell is %d bytes, want 24", n)
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
		rec := &Record{Cells: make([]Cell, 1)}
		rec.Put(0, raw, 1, 1)
		Coerce(f, rec, DateParser{})
		c := rec.Cell(0)
		want := strings.Join(SplitList(raw, false), "\n")
		if raw != "" && (c.Raw != want || !c.Valid()) {
			t.Fatalf("Coerce(%q) = %q (valid %v), want %q", raw, c.Raw, c.Valid(), want)
		}
		if cleanTextList(raw) && raw != want {
			t.Fatalf("cleanTextList(%q) but SplitList gives %q", raw, want)
		}
	}
}

// randomText returns a string of up to n pieces of alphabet.
func randomText(r *rand.Rand, alphabet []string, n int) string {
	var b strings.Builder
	for k := r.IntN(n + 1); k > 0; k-- {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func TestSimpleNumberMatchesParseFloat(t *testing.T) {
	inputs := []string{"0", "-0", "+0", "7", "007", "58.06", "58,06", "-1.5", "+2,25", "1.", ".5", "1,000", "1.000.000",
		"123456789012345", "1234567890123456", "0.000000000000001", "99999999999999.9", "1e3", "0x10", "1_000", "--1",
		"", "-", ",", "1,", "١", "Inf", "NaN", "9007199254740993", "0.1", "0.3", "2.675", "1.0000000000000002"}
	r := rand.New(rand.NewPCG(11, 12))
	alphabet := []string{"0", "1", "5", "9", ".", ",", "-", "+", "e", " "}
	for i := 0; i < 300000; i++ {
		inputs = append(inputs, randomText(r, alphabet, 18))
	}
	for i := 0; i < 100000; i++ {
		inputs = append(inputs, strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(12))), 'f', r.IntN(8), 64))
	}
	fast := 0
	for _, s := range inputs {
		v, ok := simpleNumber(s)
		if !ok {
			continue
		}
		fast++
		want, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("simpleNumber(%q) = %v, ParseFloat gives %v (%v)", s, v, want, err)
		}
	}
	if fast < 100000 {
		t.Fatalf("the fast path took only %d inputs", fast)
	}
}

func TestSimpleEmailIsValidEmail(t *testing.T) {
	inputs := []string{"a@b.c", "siti.pratama@kemenkes.go.id", "a+b_c-d@x-y.co.id", "a@b", "@b.c", "a@.b", "a@b.", "a..b@c.d",
		".a@b.c", "a.@b.c", "a@b..c", "a@-b.c", "-a@b.c", "a@b.c-", "a b@c.d", "\"a\"@b.c", "a@[1.2.3.4]", "A <a@b.c>",
		"a@b.c (x)", "é@b.c", "a@b@c.d", "a@b_c.d", "a@b+c.d"}
	r := rand.New(rand.NewPCG(13, 14))
	alphabet := []string{"a", "Z", "0", ".", "@", "_", "+", "-", "\"", " ", "<", ">", "(", ")", "[", "]", "é", ",", "..", "b.c"}
	local := []string{"a", "Z", "0", ".", "_", "+", "-", "é", "\"", " ", "~"}
	domain := []string{"b", "0", "-", ".", "c.d", "_", "Q", "[", " "}
	for i := 0; i < 300000; i++ {
		inputs = append(inputs, randomText(r, alphabet, 12), randomText(r, local, 5)+"@"+randomText(r, domain, 5))
	}
	fast := 0
	for _, s := range inputs {
		if simpleEmail(s) {
			fast++
			if !validEmail(s) {
				t.Fatalf("simpleEmail(%q) but net/mail refuses it", s)
			}
		}
	}
	if fast < 1000 {
		t.Fatalf("the fast path took only %d inputs", fast)
	}
}

func TestPhoneShapeMatchesPattern(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	alphabet := []string{"+", "0", "8", " ", "(", ")", "-", "x", "é", "\n", "12345"}
	inputs := []string{"", "+", "+62 812-3456-7890", "(021) 555-0100", "0812", "08123", "+08123", "++0812345",
		"0" + strings.Repeat("1", 24), "0" + strings.Repeat("1", 25), "+0" + strings.Repeat("1", 24), "0812345\n"}
	for i := 0; i < 300000; i++ {
		inputs = append(inputs, randomText(r, alphabet, 14))
	}
	for _, s := range inputs {
		if got, want := phoneShape(s), phoneRe.MatchString(s); got != want {
			t.Fatalf("phoneShape(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

func TestLowerASCIIBooleanWords(t *testing.T) {
	f := &schema.Field{Key: "major", Type: schema.Boolean}
	words := []string{"true", "yes", "ya", "y", "1", "benar", "false", "no", "tidak", "n", "0", "salah"}
	r := rand.New(rand.NewPCG(17, 18))
	alphabet := []string{"t", "T", "i", "I", "d", "a", "A", "k", "y", "Y", "s", "ſ", "K", "İ", "1", "0", " ", "benar", "salah", "rue"}
	inputs := append([]string{"TIDAK", "Ya", "BENAR", "ſalah", "tidaK", "truee", "truetrue"}, words...)
	for i := 0; i < 200000; i++ {
		inputs = append(inputs, randomText(r, alphabet, 6))
	}
	for _, s := range inputs {
		if s == "" {
			continue
		}
		var c Cell
		out, probs := coerceOne(f, s, &c, DateParser{})
		lower := strings.ToLower(s)
		want := ""
		for i, w := range words {
			if lower == w {
				want = []string{"true", "false"}[i/6]
			}
		}
		if (want == "") != (len(probs) == 1) || (want != "" && (out != want || c.Bool() != (want == "true"))) {
			t.Fatalf("coerce boolean %q: raw %q bool %v problems %v, want %q", s, out, c.Bool(), probs, want)
		}
	}
}

func TestParseISOUnixMatchesTime(t *testing.T) {
	p := NewDateParser("")
	r := rand.New(rand.NewPCG(19, 20))
	const digits = "0123456789 -:T"
	inputs := []string{"1900-01-01", "1900-03-01", "1970-01-01", "2000-02-29", "2100-03-01", "2200-12-31 23:59:59", "2024-02-29T12:00"}
	for i := 0; i < 300000; i++ {
		y := 1895 + r.IntN(310)
		b := []byte(time.Date(y, time.Month(1+r.IntN(12)), 1+r.IntN(31), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC).Format("2006-01-02 15:04:05"))
		if r.IntN(3) == 0 {
			b[r.IntN(len(b))] = digits[r.IntN(len(digits))]
		}
		inputs = append(inputs, string(b[:[]int{10, 16, 19}[r.IntN(3)]]))
	}
	for _, s := range inputs {
		for _, withTime := range []bool{false, true} {
			u, ok := parseISOUnix(s, withTime)
			tm, wok := slowParse(p, s, withTime)
			if ok && (!wok || tm.Unix() != u) {
				t.Fatalf("parseISOUnix(%q, %v) = %d, time.Parse gives %v (%d) %v", s, withTime, u, tm, tm.Unix(), wok)
			}
			if _, fok := parseISO(s, withTime); fok != ok {
				t.Fatalf("parseISOUnix(%q) %v, parseISO %v", s, ok, fok)
			}
		}
	}
}

// slowValidID is ValidID without its ASCII fast path.
func slowValidID(s string) bool {
	if s == "" || s[0] == '.' || strings.ContainsAny(s, `/\`) {
		return false
	}
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return false
		}
	}
	return true
}

func TestValidIDMatchesSlowPath(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	alphabet := []string{"I", "N", "C", "-", "0", "9", ".", "/", "\\", " ", "\t", "\x7f", "\x00", "~", "é", "\u00a0",
		"\u200f", "\u202e", "\xff", "\u3000", "_", ":"}
	for i := 0; i < 300000; i++ {
		s := randomText(r, alphabet, 8)
		if got, want := ValidID(s), slowValidID(s); got != want {
			t.Fatalf("ValidID(%q) = %v, want %v", s, got, want)
		}
	}
}
