// Package markdown configures goldmark once for every stage: parsing bodies,
// heading ids that keep non-ASCII letters, and the extraction of headings and links.
package markdown

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// New returns the goldmark instance every stage uses (raw HTML is never rendered:
// goldmark's default HTML renderer omits it unless WithUnsafe is set, which smsgen never sets).
func New() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(gfm{}, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// gfm is goldmark's extension.GFM (linkify, tables, strikethrough, task
// lists, added in that order), its linkify parser behind quickLinkify.
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999), // as extension.Linkify
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// quickLinkify is goldmark's linkify parser, asked only where it may find
// something. It is triggered at every space of a body (and at '*', '_',
// '~' and '('), and finds a link only where, after that character, a URL
// begins ("http:", "https:", "ftp:", "www.": their first letters are
// enough here) or an e-mail address does (at most 64 characters of a local
// part, then '@': util.FindEmailIndex); anywhere else it returns nil having
// changed nothing, and so does this, without the look. It was a quarter of
// the inline parsing of a body.
type quickLinkify struct{ parser.InlineParser }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	rest := line
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(': // what linkify steps over
			rest = line[1:]
		}
	}
	if len(rest) > 0 {
		switch rest[0] {
		case 'h', 'f', 'w':
			return q.InlineParser.Parse(parent, block, pc)
		}
	}
	if len(line) > 0 && bytes.IndexByte(rest[:min(len(rest), 65)], '@') < 0 {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// CloseBlock is linkify's (it has one, doing nothing today).
func (q quickLinkify) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if c, ok := q.InlineParser.(parser.CloseBlocker); ok {
		c.CloseBlock(parent, block, pc)
	}
}

var md = New()

// Parse parses a body; heading ids are made by Slug and are unique within the body.
func Parse(src []byte) ast.Node {
	ctx := parser.NewContext(parser.WithIDs(&ids{used: map[string]bool{}}))
	return md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
}

// Slug makes an anchor id from heading text, keeping letters of every script.
func Slug(s string) string {
	b := appendSlug(make([]byte, 0, len(s)), s)
	return string(b)
}

// appendSlug appends the slug of s to b: the runs of letters and digits of s,
// lower-cased (as strings.ToLower does, rune by rune), joined by '-';
// "bagian" when there are none.
func appendSlug[T string | []byte](b []byte, s T) []byte {
	start, dash := len(b), false
	for _, r := range string(s) { // no copy: range over a conversion
		r = unicode.ToLower(r)
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && len(b) > start {
				b = append(b, '-')
			}
			dash = false
			b = utf8.AppendRune(b, r)
		default:
			dash = true
		}
	}
	if len(b) == start {
		b = append(b, "bagian"...)
	}
	return b
}

// ids makes the heading ids of one body.
type ids struct {
	used map[string]bool
	// next holds, per id taken more than once, the least n whose id-n may
	// still be free: every one below is taken (ids are never given back),
	// so a body of thousands of equal headings is not quadratic
	next map[string]int
	buf  []byte
}

func (i *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	return []byte(i.id(value))
}

// id returns the id of a heading of text value, unique within the body: its
// slug, else the slug with the first free "-N".
func (i *ids) id(value []byte) string {
	if i.used == nil {
		i.used = map[string]bool{}
	}
	i.buf = appendSlug(i.buf[:0], value)
	if !i.used[string(i.buf)] { // the usual case: no string made to look it up
		id := string(i.buf)
		i.used[id] = true
		return id
	}
	base := string(i.buf)
	if i.next == nil {
		i.next = map[string]int{}
	}
	for n := max(i.next[base], 1); ; n++ {
		id := base + "-" + strconv.Itoa(n)
		if !i.used[id] {
			i.used[id] = true
			i.next[base] = n + 1
			return id
		}
	}
}

func (i *ids) Put(value []byte) { i.used[string(value)] = true }

// LineIndex maps byte offsets to 1-based lines and columns.
type LineIndex []int

// NewLineIndex indexes the line starts of src.
func NewLineIndex(src []byte) LineIndex {
	idx := make(LineIndex, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return idx
		}
		off += i + 1
		idx = append(idx, off)
	}
}

// Pos returns the line and column (1-based, in bytes) of offset.
func (l LineIndex) Pos(off int) (int, int) {
	i := sort.Search(len(l), func(i int) bool { return l[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - l[i] + 1
}

// Heading is a heading found in a body.
type Heading struct {
	Level int
	Text  string
	ID    string
	Line  int
}

// Link is a link or image found in a body.
type Link struct {
	Dest  string
	Text  string
	Line  int
	Col   int
	Image bool
}

// Extract walks the tree for headings, links, images and raw HTML (line numbers
// relative to src, 1-based).
func Extract(doc ast.Node, src []byte) (heads []Heading, links []Link, rawHTML []int) {
	li := NewLineIndex(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, Text: PlainText(n, src)}
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					h.ID = string(b)
				}
			}
			if n.Lines().Len() > 0 {
				h.Line, _ = li.Pos(n.Lines().At(0).Start)
			}
			heads = append(heads, h)
		case *ast.Link:
			l := Link{Dest: string(n.Destination), Text: PlainText(n, src)}
			l.Line, l.Col = nodePos(n, li)
			links = append(links, l)
		case *ast.Image:
			l := Link{Dest: string(n.Destination), Text: PlainText(n, src), Image: true}
			l.Line, l.Col = nodePos(n, li)
			links = append(links, l)
		case *ast.AutoLink:
			l := Link{Dest: AutoLinkDest(n, src), Text: string(n.Label(src))}
			l.Line, l.Col = nodePos(n, li)
			links = append(links, l)
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				var b []byte
				for i := 0; i < n.Lines().Len(); i++ {
					seg := n.Lines().At(i)
					b = append(b, seg.Value(src)...)
				}
				if n.HasClosure() {
					cl := n.ClosureLine
					b = append(b, cl.Value(src)...)
				}
				if !OnlyComments(b) {
					ln, _ := li.Pos(n.Lines().At(0).Start)
					rawHTML = append(rawHTML, ln)
				}
			}
		case *ast.RawHTML:
			if n.Segments.Len() > 0 && !OnlyComments(n.Segments.Value(src)) {
				ln, _ := li.Pos(n.Segments.At(0).Start)
				rawHTML = append(rawHTML, ln)
			}
		}
		return ast.WalkContinue, nil
	})
	return
}

// OnlyComments reports whether b is nothing but closed HTML comments
// (<!-- … -->, and the empty <!--> and <!--->) and white space: an author's
// note, which no output shows, not raw HTML. An unclosed comment is not: it
// hides the rest of the body.
func OnlyComments(b []byte) bool {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		if !bytes.HasPrefix(b, []byte("<!--")) {
			return false
		}
		switch {
		case bytes.HasPrefix(b, []byte("<!-->")):
			b = b[len("<!-->"):]
		case bytes.HasPrefix(b, []byte("<!--->")):
			b = b[len("<!--->"):]
		default:
			i := bytes.Index(b[len("<!--"):], []byte("-->"))
			if i < 0 {
				return false
			}
			b = b[len("<!--")+i+len("-->"):]
		}
		b = bytes.TrimSpace(b)
	}
	return true
}

// nodePos finds the position of an inline node from its first text descendant,
// else from its block's first line.
func nodePos(n ast.Node, li LineIndex) (int, int) {
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		l, c := li.Pos(off)
		if c > 1 {
			c-- // the opening bracket
		}
		return l, c
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return li.Pos(p.Lines().At(0).Start)
		}
	}
	return 0, 0
}

// PlainText returns the text content of a node.
func PlainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for ch := t.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if tx, ok := ch.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// AutoLinkDest returns the destination of an autolink with its scheme
// (mailto: for addresses, http:// for bare www. links).
func AutoLinkDest(n *ast.AutoLink, src []byte) string {
	u := string(n.URL(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
		return "mailto:" + u
	}
	if n.AutoLinkType == ast.AutoLinkURL && !strings.Contains(u, ":") {
		return "http://" + u
	}
	return u
}
