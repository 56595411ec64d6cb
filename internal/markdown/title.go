package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// RepeatedTitle returns the H1 a body opens with when it says the same as the
// document title (case, spacing and closing punctuation aside), else nil. The
// renderers print the title themselves and leave that heading out, so the
// title is not shown twice nor listed as the first contents entry.
func RepeatedTitle(root ast.Node, src []byte, title string) *ast.Heading {
	if root == nil {
		return nil
	}
	h, ok := root.FirstChild().(*ast.Heading)
	if !ok || h.Level != 1 {
		return nil
	}
	norm := func(s string) string {
		return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".:;!? ")
	}
	if t := norm(title); t == "" || norm(PlainText(h, src)) != t {
		return nil
	}
	return h
}

// HeadingID is the id attribute of a heading ("" when it has none).
func HeadingID(h *ast.Heading) string {
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			return string(b)
		}
	}
	return ""
}
