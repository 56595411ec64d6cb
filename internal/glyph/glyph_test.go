package glyph

import (
	"sync"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
)

func TestMissing(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want bool
	}{
		{'a', false}, {'é', false}, {'—', false}, {'€', false},
		{'\u00A0', false}, {'\u00AD', false}, {'\u200B', false}, {'\t', false}, {'\uFFFD', false},
		{'网', true}, {'✅', true}, {'😀', true},
	} {
		if got := Missing(c.r, Text); got != c.want {
			t.Errorf("Missing(%q) = %v, want %v", c.r, got, c.want)
		}
	}
}

func TestList(t *testing.T) {
	set := map[rune]bool{'😀': true, '网': true}
	if got, want := List(set, false), "U+7F51, U+1F600"; got != want {
		t.Errorf("List = %q, want %q", got, want)
	}
	if got, want := List(set, true), "网 U+7F51, 😀 U+1F600"; got != want {
		t.Errorf("List shown = %q, want %q", got, want)
	}
	many := map[rune]bool{}
	for r := 'a'; r < 'a'+14; r++ {
		many[r] = true
	}
	if got, want := List(many, false), "U+0061, U+0062, U+0063, U+0064, U+0065, U+0066, U+0067, U+0068, U+0069, U+006A, U+006B, U+006C, … (+2)"; got != want {
		t.Errorf("List of 14 = %q, want %q", got, want)
	}
	if got := List(nil, true); got != "" {
		t.Errorf("List of none = %q", got)
	}
}

// Text, which looks characters up one by one as they are asked for, agrees
// with the coverage table of the whole face, also when asked from several
// goroutines at once.
func TestTextAgreesWithCoverage(t *testing.T) {
	want := Coverage(liberationsansregular.TTF)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 0x10000 {
				r := rune((i + g*0x4000) % 0x10000) // each goroutine starts elsewhere
				if got := Text(r); got != want[r] {
					t.Errorf("Text(%U) = %v, the face's coverage says %v", r, got, want[r])
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, r := range []rune{-1, 0x10000, 0x1F600} {
		if Text(r) {
			t.Errorf("Text(%U) = true", r)
		}
	}
}
