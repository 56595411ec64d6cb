package markdown

import (
	"slices"
	"testing"
)

// NewLineIndex lists the offset of every line start, the first at 0.
func TestNewLineIndex(t *testing.T) {
	for _, c := range []struct {
		src  string
		want LineIndex
	}{
		{"", LineIndex{0}},
		{"a", LineIndex{0}},
		{"\n", LineIndex{0, 1}},
		{"ab\ncd\n\nef", LineIndex{0, 3, 6, 7}},
		{"ab\r\ncd\n", LineIndex{0, 4, 7}},
	} {
		if got := NewLineIndex([]byte(c.src)); !slices.Equal(got, c.want) {
			t.Errorf("NewLineIndex(%q) = %v, want %v", c.src, got, c.want)
		}
	}
	li := NewLineIndex([]byte("ab\ncd\n\nef"))
	for _, c := range []struct{ off, line, col int }{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {8, 4, 2}} {
		if l, col := li.Pos(c.off); l != c.line || col != c.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}
