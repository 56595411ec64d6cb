package markdown

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// dumpTree writes every node of a tree: its kind, attributes, the segments
// of its lines and of its text, and what makes a link or an autolink.
func dumpTree(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s", n.Kind())
		for _, a := range n.Attributes() {
			fmt.Fprintf(&b, " %s=%v", a.Name, a.Value)
		}
		if n.Type() == ast.TypeBlock {
			for i := 0; i < n.Lines().Len(); i++ {
				s := n.Lines().At(i)
				fmt.Fprintf(&b, " L%d-%d", s.Start, s.Stop)
			}
		}
		switch t := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " T%d-%d %v %v %v", t.Segment.Start, t.Segment.Stop, t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw())
		case *ast.String:
			fmt.Fprintf(&b, " S%q", t.Value)
		case *ast.AutoLink:
			fmt.Fprintf(&b, " A%d %q %q %q", t.AutoLinkType, t.Protocol, t.URL(src), t.Label(src))
		case *ast.Link:
			fmt.Fprintf(&b, " K%q %q", t.Destination, t.Title)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestQuickLinkifySameTrees: bodies parsed with quickLinkify give exactly
// the trees goldmark's own GFM extension gives, for the bodies of the
// example site and of the test sites, and for random bodies made of the
// pieces links, addresses and emphasis are made of.
func TestQuickLinkifySameTrees(t *testing.T) {
	ref := refMarkdown
	parse := func(m goldmark.Markdown, src []byte) string {
		ctx := parser.NewContext(parser.WithIDs(&ids{used: map[string]bool{}}))
		return dumpTree(m.Parser().Parse(text.NewReader(src), parser.WithContext(ctx)), src)
	}
	var bodies [][]byte
	for _, pattern := range []string{"../../content/*/*.md", "../../content/*.md", "../render/html/testdata/*.txtar",
		"../pipeline/testdata/*.txtar", "../load/testdata/*/*.md", "testdata/fuzz/*/*"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			bodies = append(bodies, b)
		}
	}
	if len(bodies) < 50 {
		t.Fatalf("only %d bodies found", len(bodies))
	}
	pieces := []string{" ", "  ", "\t", "\n", "\n\n", "*", "_", "~", "(", ")", "[", "](", "`", "@", ".", ":", "/", "-",
		"http://a.co", "https://x.go.id/p?q=1&r=(2)", "HTTP://A.CO", "ftp://f.org", "www.contoh.go.id", "Www.x.y",
		"wx", "hx", "fa", "budi@contoh.go.id", "a.b+c@d.e", "x@y", "@z.co", "mailto:a@b.c", "kata", "Kata", "é",
		"# ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n", "<b@c.d>", "\\*", "&amp;", strings.Repeat("a", 70) + "@b.co",
		strings.Repeat("a", 63) + "@b.co", strings.Repeat("a", 64) + "@b.co", strings.Repeat("a", 65) + "@b.co"}
	rng := rand.New(rand.NewSource(13))
	for i := 0; i < 4000; i++ {
		var b bytes.Buffer
		for k := rng.Intn(30); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		bodies = append(bodies, b.Bytes())
	}
	for _, src := range bodies {
		if got, want := parse(md, src), parse(ref, src); got != want {
			t.Fatalf("body %q:\n got %s\nwant %s", src, got, want)
		}
	}
}

var refMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// FuzzQuickLinkify: any body parses to the tree goldmark's own GFM
// extension gives (see TestQuickLinkifySameTrees).
func FuzzQuickLinkify(f *testing.F) {
	for _, s := range []string{"see http://a.co and b@c.de", "(www.x.id) *a@b.co* _ftp://f_ ~h~",
		strings.Repeat("a", 64) + "@b.co", "\tx@y.z"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		parse := func(m goldmark.Markdown) string {
			ctx := parser.NewContext(parser.WithIDs(&ids{used: map[string]bool{}}))
			return dumpTree(m.Parser().Parse(text.NewReader(src), parser.WithContext(ctx)), src)
		}
		if got, want := parse(md), parse(refMarkdown); got != want {
			t.Fatalf("body %q:\n got %s\nwant %s", src, got, want)
		}
	})
}
