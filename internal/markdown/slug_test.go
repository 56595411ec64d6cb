package markdown

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// refSlug is Slug as first written: lower-case the whole text, then keep the
// runs of letters and digits.
func refSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "bagian"
	}
	return b.String()
}

// Slug and the heading ids agree with the plain definition on random
// headings of every kind of character, and ids stay unique in a body.
func TestSlugAgreesWithDefinition(t *testing.T) {
	pieces := []string{"1.", " ", "Tujuan", "RUANG", "lingkup", "İ", "Σ", "ǅ", "é", "网站", "٣", "—", "\xff", "-", "_", "&", "\t", "ß", "Ⅻ"}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(8) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := Slug(s), refSlug(s); got != want {
			t.Fatalf("Slug(%q) = %q, want %q", s, got, want)
		}
	}
	g := &ids{used: map[string]bool{}}
	used := map[string]bool{}
	for i, h := range []string{"Tujuan", "tujuan", "Tujuan!", "Tujuan-1", "", "!!", "Tujuan"} {
		got := string(g.Generate([]byte(h), ast.KindHeading))
		want := refSlug(h)
		for n := 1; used[want]; n++ {
			want = refSlug(h) + "-" + strconv.Itoa(n)
		}
		used[want] = true
		if got != want {
			t.Errorf("heading %d %q: id %q, want %q", i, h, got, want)
		}
	}
}
