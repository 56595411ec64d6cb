package validate

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// numberingRe is the definition numberingLen implements by hand.
var numberingRe = regexp.MustCompile(`^(?:(?:bab|bagian|section|chapter)\s+)?(?:[0-9]+(?:\.[0-9]+)*|[ivxlcdm]+|[a-z])[.)]\s+|^[0-9]+(?:\.[0-9]+)*\s+`)

func numberingByRe(s string) int {
	if loc := numberingRe.FindStringIndex(s); loc != nil {
		return loc[1]
	}
	return 0
}

// numberingLen matches exactly what the regular expression matches: on
// headings as written, on every string of up to four pieces of the tricky
// ones, and on random strings of up to twelve.
func TestNumberingLenAgreesWithRegexp(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := numberingLen(s), numberingByRe(s); got != want {
			t.Fatalf("numberingLen(%q) = %d, the regular expression matches %d", s, got, want)
		}
	}
	for _, s := range []string{
		"", "1. tujuan", "1 tujuan", "1.2 ruang lingkup", "1.2. ruang lingkup", "1.2.3) x", "2.3", "2.", "2. ",
		"bab iv. ketentuan", "bab 1 ketentuan", "bagian a) umum", "section 2.1. scope", "chapter x) y", "chapter. x",
		"civil. x", "ia. x", "a) x", "a)x", "1..2 x", "1.2.x. y", "1.\tx", "1.\vx", "iv)\n\nx", "bab  1.  x", "bab\t\ta. x",
		"tujuan", "é. x", "1٫ x", "12a. x", "1.2a x", "v.", "bab", "bab ", "bab 1", "1 ", "01.02 x",
	} {
		check(s)
	}
	pieces := []string{"1", "23", ".", ")", " ", "\t", "\v", "a", "i", "v", "x", "b", "bab", "bagian", "section", "chapter", "é", "\n", "-"}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for _, p := range pieces {
			all(prefix+p, n-1)
		}
	}
	all("", 4)
	rng := rand.New(rand.NewSource(1))
	for range 200000 {
		var b strings.Builder
		for range rng.Intn(13) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		check(b.String())
	}
}

// normTitle folds what is not a letter or digit into single spaces between words.
func TestNormTitle(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1. Tujuan", "tujuan"},
		{"  2.3   Ruang   Lingkup ", "ruang lingkup"},
		{"BAB IV) Ketentuan — Umum!", "ketentuan umum"},
		{"Rencana Manajemen Mutu & Layanan (TIK)", "rencana manajemen mutu layanan tik"},
		{"a. Pernyataan Kebijakan", "pernyataan kebijakan"},
		{"Sasaran 2026", "sasaran 2026"},
		{"Kebijakan\u00a0Keamanan", "kebijakan keamanan"},
		{"!!!", ""},
		{"", ""},
	} {
		if got := normTitle(c.in); got != c.want {
			t.Errorf("normTitle(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
