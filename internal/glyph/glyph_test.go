package glyph

import "testing"

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
