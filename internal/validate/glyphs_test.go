package validate

import (
	"maps"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/glyph"
)

// isASCII and asciiPrefix (of a string and of bytes) agree with a byte-by-byte scan
// for a non-ASCII byte at every position of strings of every length around
// their strides (8 and 32 bytes).
func TestASCIIPrefixAgreesWithByteScan(t *testing.T) {
	slow := func(s string) int {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return i
			}
		}
		return len(s)
	}
	check := func(s string) {
		t.Helper()
		want := slow(s)
		if got := asciiPrefix(s); got != want {
			t.Errorf("asciiPrefix(%q) = %d, want %d", s, got, want)
		}
		if got := asciiPrefix([]byte(s)); got != want {
			t.Errorf("asciiPrefix([]byte(%q)) = %d, want %d", s, got, want)
		}
		if got := isASCII(s); got != (want == len(s)) {
			t.Errorf("isASCII(%q) = %v", s, got)
		}
	}
	for n := 0; n <= 70; n++ {
		base := make([]byte, n)
		for i := range base {
			base[i] = byte('a' + i%26)
		}
		check(string(base))
		for pos := 0; pos < n; pos++ {
			for _, b := range []byte{0x7f, 0x80, 0xc3, 0xff} {
				s := append([]byte(nil), base...)
				s[pos] = b
				check(string(s))
			}
		}
	}
	for _, s := range []string{"Kantor Wilayah Sumatera Utara", "Senin–Jumat 07.30–16.00 WIB", "ü", "abcdefgh\u00e9"} {
		check(s)
	}
}

// The fast paths skip ASCII: the PDF font must print every ASCII character
// (or drop it on purpose).
func TestASCIINeverMissing(t *testing.T) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if glyph.Missing(r, glyph.Text) {
			t.Errorf("glyph.Missing(%q) = true: the ASCII fast paths of the glyph scan are wrong", r)
		}
	}
}

// refText is the scan the glyph checks were first written as: a string, line
// by line, rune by rune, every character looked up.
func refText(g *glyphFile, s string, line, col int) {
	for rest := s; ; {
		ln, after, more := strings.Cut(rest, "\n")
		for i, r := range ln {
			if !glyph.Missing(r, glyph.Text) {
				continue
			}
			if g.set == nil {
				g.set = map[rune]bool{}
				g.line = line
				if line > 0 {
					g.col = col + utf8.RuneCountInString(ln[:i])
				}
			}
			g.set[r] = true
		}
		if !more {
			return
		}
		rest = after
		if line > 0 {
			line, col = line+1, 1
		}
	}
}

// text, body and parts find the same characters at the same first position
// as the plain scan, on random texts of the cases (ASCII, accented letters
// the font has, emoji and CJK it lacks, invalid UTF-8, line breaks), at known
// and unknown positions, and across calls for one file.
func TestGlyphScanAgreesWithPlainScan(t *testing.T) {
	pieces := []string{"a", "bcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ", "\n", "\r\n", "\t", " ", "é", "–", "✅", "网", "\xff", "\u00a0", "😀"}
	rng := rand.New(rand.NewSource(1))
	random := func() string {
		var b strings.Builder
		for range rng.Intn(30) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		return b.String()
	}
	same := func(what string, got, want *glyphFile) {
		t.Helper()
		if !maps.Equal(got.set, want.set) || got.line != want.line || got.col != want.col {
			t.Fatalf("%s: got %v at %d:%d, want %v at %d:%d", what, got.set, got.line, got.col, want.set, want.line, want.col)
		}
	}
	for range 20000 {
		s1, s2 := random(), random()
		line, col := rng.Intn(3), rng.Intn(3) // 0: unknown
		var got, want glyphFile
		got.text(s1, line, col)
		got.text(s2, line+5, 1)
		refText(&want, s1, line, col)
		refText(&want, s2, line+5, 1)
		same("text "+strconvQ(s1)+" "+strconvQ(s2), &got, &want)

		got, want = glyphFile{}, glyphFile{}
		got.body([]byte(s1), line)
		refText(&want, s1, line, 1)
		same("body "+strconvQ(s1), &got, &want)

		ps := []string{random(), random(), random()}
		got, want = glyphFile{}, glyphFile{}
		got.parts(line, 0, ps...)
		refText(&want, strings.Join(ps, " "), line, 0)
		same("parts "+strconvQ(strings.Join(ps, "|")), &got, &want)
	}
}

func strconvQ(s string) string { return "\"" + strings.ReplaceAll(s, "\n", `\n`) + "\"" }
