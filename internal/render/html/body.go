package html

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"sync"
	"unsafe"

	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// renderBody renders a document body to HTML from the document's parsed tree
// (read only: the shared model is never changed). Raw HTML is dropped (goldmark
// without WithUnsafe writes a comment instead); links are resolved against the
// (restricted) site and written as relative page links; unsafe or broken links
// and links to what this build leaves out become plain text; images from
// content/ are copied into the site, other images become their alt text.
//
// The HTML is in a pooled buffer (not copied into a string of its own): it
// is valid until release is called, which the caller does once the page
// holding it is written.
func (r *run) renderBody(d *model.Document, from string) (h template.HTML, release func(), err error) {
	root := d.AST
	if root == nil {
		root = markdown.Parse(d.Body)
	}
	br := bodyRenderers.Get().(*bodyRenderer)
	defer bodyRenderers.Put(br)
	*br.lr = linkRenderer{r: r, d: d, from: from, opened: br.lr.opened[:0], title: markdown.RepeatedTitle(root, d.Body, d.Title)}
	defer func() { br.lr.r, br.lr.d, br.lr.title = nil, nil, nil }()
	buf := bufWriter{getBuf(len(d.Body) * 2)}
	release = func() { putBuf(buf.Buffer) }
	if err := br.rd.Render(buf, d.Body, root); err != nil {
		release()
		return "", func() {}, err
	}
	r.texts.set(d, plainText(root, d.Body))
	b := buf.Bytes()
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b))), release, nil
}

// bodyRenderer is a goldmark renderer with the link renderer it calls; they
// are reused (a renderer builds its table of node functions once).
type bodyRenderer struct {
	rd renderer.Renderer
	lr *linkRenderer
}

var bodyRenderers = sync.Pool{New: func() any {
	lr := &linkRenderer{}
	return &bodyRenderer{lr: lr, rd: renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(ghtml.NewRenderer(ghtml.WithWriter(plainWriter{ghtml.DefaultWriter})), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(), 500),
		util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500),
		util.Prioritized(extension.NewDefinitionListHTMLRenderer(), 500),
		util.Prioritized(lr, 100),
		util.Prioritized(tableCellRenderer{}, 100), // never changes the (cached) tree: see incremental.go
	))}
}}

// plainWriter is goldmark's writer of text, which looks at every byte of a
// text for what it escapes or resolves; a text with none of those bytes
// (most of a body's) is written as it is, which is what that writer writes
// of it (TestPlainWriterSameHTML).
type plainWriter struct{ ghtml.Writer }

// writerBytes marks the bytes goldmark's writer does anything with: what
// it escapes (RawWrite, and so Write: the HTML, NUL), and '\\' escapes and
// '&' references (Write).
var writerBytes = func() (t [256]uint8) {
	for _, c := range []byte{'&', '<', '>', '"', 0} {
		t[c] = 3
	}
	t['\\'] = 1
	return
}()

// plain tells whether b holds no byte whose mask bit is set in writerBytes.
func plain(b []byte, mask uint8) bool {
	for _, c := range b {
		if writerBytes[c]&mask != 0 {
			return false
		}
	}
	return true
}

func (p plainWriter) Write(w util.BufWriter, source []byte) {
	if plain(source, 1|2) {
		_, _ = w.Write(source)
		return
	}
	p.Writer.Write(w, source)
}

func (p plainWriter) RawWrite(w util.BufWriter, source []byte) {
	if plain(source, 2) {
		_, _ = w.Write(source)
		return
	}
	p.Writer.RawWrite(w, source)
}

// bufWriter lets goldmark write straight into a bytes.Buffer (it wraps any
// other writer in a bufio.Writer of its own).
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// linkRenderer writes links, images and autolinks of one document.
type linkRenderer struct {
	r      *run
	d      *model.Document
	from   string
	opened []bool       // per open link: whether an <a> was written
	title  *ast.Heading // the opening H1 repeating the title, left out
	tables int          // tables written so far
}

func (l *linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, l.link)
	reg.Register(ast.KindImage, l.image)
	reg.Register(ast.KindAutoLink, l.autoLink)
	reg.Register(ast.KindHeading, l.heading)
	reg.Register(east.KindTable, l.table)
}

// heading writes a heading as goldmark does, except the body's opening H1
// that repeats the document title (the page header shows the title): only
// its anchor stays, so links to it still land.
func (l *linkRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if n == l.title {
		if entering {
			if id := markdown.HeadingID(n); id != "" {
				_, _ = w.WriteString("<span")
				writeAttr(w, "id", id)
				_, _ = w.WriteString("></span>\n")
			}
		}
		return ast.WalkSkipChildren, nil
	}
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte("0123456"[n.Level])
		if n.Attributes() != nil {
			ghtml.RenderAttributes(w, node, ghtml.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte("0123456"[n.Level])
		_, _ = w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}

// table writes a table as goldmark does, inside a region that scrolls
// sideways on its own when the table is wider than the screen (the page
// itself never does); the region is focusable, so the keyboard scrolls it.
func (l *linkRenderer) table(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</table>\n</div>\n")
		return ast.WalkContinue, nil
	}
	l.tables++
	_, _ = w.WriteString(`<div class="table-wrap doc-table" role="region" tabindex="0"`)
	writeAttr(w, "aria-label", l.r.labels.F("doc_table", l.tables))
	_, _ = w.WriteString("><table")
	if node.Attributes() != nil {
		ghtml.RenderAttributes(w, node, extension.TableAttributeFilter)
	}
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func writeAttr(w util.BufWriter, name, value string) {
	_, _ = w.WriteString(" " + name + `="`)
	_, _ = w.Write(util.EscapeHTML([]byte(value)))
	_ = w.WriteByte('"')
}

func (l *linkRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		if k := len(l.opened) - 1; k >= 0 {
			if l.opened[k] {
				_, _ = w.WriteString("</a>")
			}
			l.opened = l.opened[:k]
		}
		return ast.WalkContinue, nil
	}
	dest, ok := l.r.resolve(l.d, string(n.Destination), l.from, false)
	l.opened = append(l.opened, ok)
	if !ok {
		return ast.WalkContinue, nil // the text, without a link
	}
	_, _ = w.WriteString("<a")
	writeAttr(w, "href", string(util.URLEscape([]byte(dest), true)))
	if len(n.Title) > 0 {
		writeAttr(w, "title", string(n.Title))
	}
	if isExternal(dest) {
		writeAttr(w, "rel", "noopener noreferrer")
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (l *linkRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := markdown.PlainText(n, src)
	dest, ok := l.r.resolve(l.d, string(n.Destination), l.from, true)
	if !ok {
		_, _ = w.Write(util.EscapeHTML([]byte(alt)))
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString("<img")
	writeAttr(w, "src", string(util.URLEscape([]byte(dest), true)))
	writeAttr(w, "alt", alt)
	if len(n.Title) > 0 {
		writeAttr(w, "title", string(n.Title))
	}
	_, _ = w.WriteString(` loading="lazy">`)
	return ast.WalkSkipChildren, nil
}

func (l *linkRenderer) autoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	label := n.Label(src)
	dest := markdown.AutoLinkDest(n, src)
	if !isExternal(dest) {
		_, _ = w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<a")
	writeAttr(w, "href", string(util.URLEscape([]byte(dest), true)))
	writeAttr(w, "rel", "noopener noreferrer")
	_ = w.WriteByte('>')
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func isExternal(dest string) bool {
	l := strings.ToLower(dest)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:") || strings.HasPrefix(l, "tel:")
}

// resolve returns the destination of a link of d as seen from the page at from,
// or false when the link must not be a link (unsafe, broken, outside the site,
// or to something left out of this build).
func (r *run) resolve(d *model.Document, dest, from string, image bool) (string, bool) {
	rl := r.facts.Link(d, dest)
	if !rl.OK() {
		return "", false
	}
	l := rl.Link
	frag := ""
	if l.Anchor != "" {
		a := l.Anchor
		if ua, err := url.PathUnescape(a); err == nil {
			a = ua
		}
		frag = "#" + url.PathEscape(a)
	}
	switch l.Kind {
	case "external":
		if image {
			return "", false // no remote resource on a page
		}
		t := strings.TrimSpace(dest)
		if strings.HasPrefix(strings.ToLower(t), "tel:") {
			if u := telURL(t[4:]); u != "" {
				return string(u), true
			}
			return "", false
		}
		return t, true
	case "anchor":
		return frag, true
	case "doc":
		t := r.site.DocByID[l.DocID]
		if t == nil || r.docFile[t] == "" {
			return "", false
		}
		if t == d && frag != "" {
			return frag, true
		}
		return rel(from, r.docPath(t)) + frag, true
	case "reg":
		if r.site.Registers[l.Register] == nil {
			return "", false
		}
		if l.RecordID == "" {
			return rel(from, r.regPath(l.Register, 1)), true
		}
		p := r.recPath(l.Register, l.RecordID)
		if p == "" {
			return "", false
		}
		return rel(from, p), true
	case "file", "image":
		for name, reg := range r.site.Registers {
			if reg.Path == l.File {
				return rel(from, r.regPath(name, 1)), true
			}
		}
		out := r.copyContentFile(l.File)
		if out == "" {
			return "", false
		}
		return rel(from, out), true
	}
	return "", false
}
