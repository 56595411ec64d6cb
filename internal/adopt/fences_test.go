package adopt

import "testing"

// TestFirstHeadingSkipsFences: a level-1 heading inside a fenced code block
// (either fence, indented or not) is code, not the document's title.
func TestFirstHeadingSkipsFences(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"# Judul\n", "Judul"},
		{"```\n# bukan\n```\n# Judul\n", "Judul"},
		{"~~~sh\n# bukan\n```\n# masih kode\n~~~\n# Judul ##\n", "Judul"},
		{"  ```\n# bukan\n  ```\n\n# Judul\n", "Judul"},
		{"```\n# tak ditutup\n", ""},
	} {
		if got := firstHeading([]byte(c.body)); got != c.want {
			t.Errorf("firstHeading(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}
