package pdf

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// mdr renders the goldmark syntax tree of one document body.
type mdr struct {
	o   *out
	rc  *rctx
	d   *model.Document
	src []byte

	x, w    float64 // the current content box
	base    style   // body text style
	outline int     // outline level of the body's top headings
	minHead int     // smallest heading level in the body
	marker  func(top, h float64)
	quote   int
	// heads records the page of each heading target (for the table of contents).
	heads map[string]int
	// title is the body's opening H1 when it repeats the document title: not
	// drawn again (the title is on the page already), nor in the contents.
	title   *ast.Heading
	titleID string
}

var bodyStyle = style{face: regular, size: 10, color: black}

func newMDR(o *out, rc *rctx, d *model.Document, outline int) *mdr {
	m := &mdr{o: o, rc: rc, d: d, src: d.Body, x: o.left, w: o.right - o.left, base: bodyStyle,
		outline: outline, heads: map[string]int{}}
	if h := markdown.RepeatedTitle(d.AST, m.src, d.Title); h != nil {
		m.title, m.titleID = h, markdown.HeadingID(h)
	}
	m.minHead = 6
	for i, h := range d.Headings {
		if i == 0 && m.title != nil && h.Level == 1 {
			continue // the repeated title
		}
		if h.Level < m.minHead {
			m.minHead = h.Level
		}
	}
	return m
}

// docKey names the internal target of a document or one of its headings.
func docKey(id, anchor string) string {
	if anchor == "" {
		return "doc:" + id
	}
	if u, err := url.PathUnescape(anchor); err == nil {
		anchor = u
	}
	return "doc:" + id + "#" + anchor
}

func regKey(name, id string) string {
	if id == "" {
		return "reg:" + name
	}
	return "reg:" + name + "/" + id
}

// resolve turns a link destination into a target: internal when it points into
// this PDF, external for web addresses and other PDFs of the build, nothing for
// anything unsafe or unknown (javascript: and friends are never links).
func (m *mdr) resolve(dest string) linkTarget {
	rl := m.rc.facts.Link(m.d, dest)
	if !rl.OK() {
		return linkTarget{}
	}
	l := rl.Link
	switch l.Kind {
	case "external":
		d := strings.TrimSpace(dest)
		lower := strings.ToLower(d)
		for _, p := range []string{"http://", "https://", "mailto:", "tel:"} {
			if strings.HasPrefix(lower, p) {
				return linkTarget{url: d}
			}
		}
	case "anchor":
		return m.internal(m.d.DocID, l.Anchor)
	case "doc":
		if l.DocID == m.d.DocID || m.rc.pack {
			return m.internal(l.DocID, l.Anchor)
		}
		if f := m.rc.files.Doc(l.DocID); f != "" {
			return linkTarget{url: f + ".pdf"}
		}
		return linkTarget{}
	case "reg":
		if m.rc.pack {
			if t := m.internalKey(regKey(l.Register, l.RecordID)); t.ok() {
				return t
			}
			return m.internalKey(regKey(l.Register, ""))
		}
		if f := m.rc.files.Register(l.Register); f != "" {
			return linkTarget{url: "../registers/" + f + ".pdf"}
		}
		return linkTarget{}
	}
	return linkTarget{}
}

func (m *mdr) internal(id, anchor string) linkTarget {
	if t := m.internalKey(docKey(id, anchor)); t.ok() {
		return t
	}
	return m.internalKey(docKey(id, ""))
}

// internalKey links to key only when the PDF announced it as a destination.
func (m *mdr) internalKey(key string) linkTarget {
	if m.o.hasTarget(key) {
		return linkTarget{key: key}
	}
	return linkTarget{}
}

func withBold(f face) face {
	switch f {
	case regular:
		return bold
	case italic:
		return boldItalic
	}
	return f
}

func withItalic(f face) face {
	switch f {
	case regular:
		return italic
	case bold:
		return boldItalic
	}
	return f
}

// inlines collects the runs of the inline children of n.
func (m *mdr) inlines(n ast.Node, st style, runs *[]run) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.inline(c, st, runs)
	}
}

func (m *mdr) inline(c ast.Node, st style, runs *[]run) {
	switch c := c.(type) {
	case *ast.Text:
		t := string(c.Segment.Value(m.src))
		if c.HardLineBreak() {
			t = strings.TrimRight(t, " ") + "\n"
		} else if c.SoftLineBreak() {
			t += " "
		}
		*runs = append(*runs, run{text: t, st: st})
	case *ast.String:
		*runs = append(*runs, run{text: string(c.Value), st: st})
	case *ast.CodeSpan:
		var b strings.Builder
		for t := c.FirstChild(); t != nil; t = t.NextSibling() {
			if tx, ok := t.(*ast.Text); ok {
				b.Write(tx.Segment.Value(m.src))
			} else if s, ok := t.(*ast.String); ok {
				b.Write(s.Value)
			}
		}
		cs := st
		cs.face = mono
		cs.size = st.size * 0.92
		if !st.link.ok() {
			cs.color = rgb{140, 30, 30}
		}
		*runs = append(*runs, run{text: b.String(), st: cs})
	case *ast.Emphasis:
		es := st
		if c.Level >= 2 {
			es.face = withBold(es.face)
		} else {
			es.face = withItalic(es.face)
		}
		m.inlines(c, es, runs)
	case *extast.Strikethrough:
		ss := st
		ss.strike = true
		m.inlines(c, ss, runs)
	case *ast.Link:
		ls := st
		if t := m.resolve(string(c.Destination)); t.ok() {
			ls.link, ls.color, ls.under = t, linkBlue, true
		}
		m.inlines(c, ls, runs)
	case *ast.AutoLink:
		ls := st
		if t := m.resolve(markdown.AutoLinkDest(c, m.src)); t.ok() {
			ls.link, ls.color, ls.under = t, linkBlue, true
		}
		*runs = append(*runs, run{text: string(c.Label(m.src)), st: ls})
	case *ast.Image:
		// an image inside running text (a table cell, a link): its description
		is := st
		is.face = withItalic(is.face)
		alt := markdown.PlainText(c, m.src)
		if alt == "" {
			alt = string(c.Destination)
		}
		*runs = append(*runs, run{text: "[" + alt + "]", st: is})
	case *ast.RawHTML:
		// raw HTML never reaches a page
	case *extast.FootnoteLink:
		fs := st
		fs.super = true
		if t := m.internalKey(docKey(m.d.DocID, "fn:"+strconv.Itoa(c.Index))); t.ok() {
			fs.link, fs.color = t, linkBlue
		}
		*runs = append(*runs, run{text: strconv.Itoa(c.Index), st: fs})
	case *extast.FootnoteBacklink:
	case *extast.TaskCheckBox:
		// drawn as the list item's marker
	default:
		m.inlines(c, st, runs)
	}
}

// blocks renders the block children of n.
func (m *mdr) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.block(c)
	}
}

func (m *mdr) block(n ast.Node) {
	o := m.o
	switch n := n.(type) {
	case *ast.Heading:
		if n == m.title {
			return
		}
		m.heading(n)
	case *ast.Paragraph:
		m.paragraph(n)
		o.y += 2.4
	case *ast.TextBlock:
		m.paragraph(n)
		o.y += 0.8
	case *ast.ThematicBreak:
		o.need(6)
		o.drawColor(rule)
		o.f.SetLineWidth(0.3)
		o.line(m.x, o.y+3, m.x+m.w, o.y+3)
		o.f.SetLineWidth(0.2)
		o.drawColor(black)
		o.y += 6
	case *ast.FencedCodeBlock:
		m.code(n)
	case *ast.CodeBlock:
		m.code(n)
	case *ast.Blockquote:
		m.blockquote(n)
	case *ast.List:
		m.list(n, m.depth(n))
		o.y += 1.6
	case *extast.Table:
		m.table(n)
		o.y += 3
	case *ast.HTMLBlock:
		// raw HTML never reaches a page
	case *extast.FootnoteList:
		m.footnotes(n)
	case *extast.DefinitionList:
		m.deflist(n)
	default:
		m.blocks(n)
	}
}

func (m *mdr) depth(n ast.Node) int {
	d := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.List); ok {
			d++
		}
	}
	return d
}

var headSizes = [7]float64{0, 15, 13, 11.5, 10.5, 10, 10}

func (m *mdr) heading(n *ast.Heading) {
	o := m.o
	lvl := n.Level
	if lvl < 1 || lvl > 6 {
		lvl = 6
	}
	st := style{face: bold, size: headSizes[lvl], color: rgb{20, 35, 70}}
	if lvl >= 4 {
		st.color = rgb{50, 60, 80}
	}
	var runs []run
	m.inlines(n, st, &runs)
	before := 5.0 - float64(lvl)*0.6
	if o.y > o.top+0.1 {
		o.y += before
	}
	// keep the heading with at least three lines of what follows
	lines := o.layout(runs, m.w, st)
	keep := linesH(lines) + 3*m.base.lineH()
	switch n.NextSibling().(type) {
	case *ast.Heading:
		keep += 12
	case *extast.Table:
		keep += 22
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		keep += 8
	}
	o.need(keep)
	text := markdown.PlainText(n, m.src)
	o.bookmark(text, m.outline+lvl-m.minHead, o.y)
	if id, ok := n.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			key := docKey(m.d.DocID, string(b))
			o.target(key, o.y)
			m.heads[key] = o.f.PageNo()
		}
	}
	for _, l := range lines {
		o.need(l.h)
		o.drawLine(l, m.x, o.y, m.w, 'L')
		o.y += l.h
	}
	if lvl <= 2 {
		o.drawColor(rgb{150, 160, 185})
		o.f.SetLineWidth(0.25)
		o.line(m.x, o.y+0.6, m.x+m.w, o.y+0.6)
		o.drawColor(black)
		o.f.SetLineWidth(0.2)
		o.y += 1.2
	}
	o.y += 1.6
}

// paragraph renders inline content; images become blocks of their own.
func (m *mdr) paragraph(n ast.Node) {
	st := m.base
	if m.quote > 0 {
		st.color = rgb{70, 70, 70}
		st.face = withItalic(st.face)
	}
	var runs []run
	flush := func() {
		if len(runs) == 0 {
			return
		}
		marker := m.marker
		m.marker = nil
		m.o.para(runs, m.x, m.w, st, 'L', marker)
		runs = nil
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if img, ok := c.(*ast.Image); ok {
			flush()
			if m.marker != nil {
				m.marker(m.o.y, st.lineH())
				m.marker = nil
			}
			m.image(img)
			continue
		}
		m.inline(c, st, &runs)
	}
	// a paragraph of spaces only still takes its marker
	if len(runs) > 0 {
		flush()
	}
}

func (m *mdr) code(n ast.Node) {
	o := m.o
	st := style{face: mono, size: 8.5, color: rgb{30, 30, 30}}
	lh := st.lineH()
	pad := 2.0
	cw := o.width("M", mono, st.size)
	perLine := int((m.w - 2*pad) / cw)
	if perLine < 8 {
		perLine = 8
	}
	lines := n.Lines()
	var rows []string
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		t := strings.TrimRight(string(seg.Value(m.src)), "\r\n")
		t = strings.ReplaceAll(t, "\t", "    ")
		t = o.clean(t, mono)
		r := []rune(t)
		if len(r) == 0 {
			rows = append(rows, "")
		}
		for len(r) > 0 {
			k := min(perLine, len(r))
			rows = append(rows, string(r[:k]))
			r = r[k:]
		}
	}
	o.y += 0.8
	fillStrip := func(h float64) {
		o.fillColor(rgb{243, 244, 246})
		o.rect(m.x, o.y, m.w, h, "F")
		o.fillColor(white)
	}
	o.need(lh*2 + pad)
	fillStrip(pad)
	o.y += pad
	for _, r := range rows {
		if o.need(lh) {
			fillStrip(pad / 2)
			o.y += pad / 2
		}
		fillStrip(lh)
		o.setFont(mono, st.size)
		o.textColor(st.color)
		o.text(m.x+pad, o.y+lh/2+st.size*ptMM*0.34, r)
		o.y += lh
	}
	fillStrip(pad)
	o.y += pad + 2.4
}

func (m *mdr) blockquote(n *ast.Blockquote) {
	o := m.o
	x0, w0 := m.x, m.w
	startPage, startY := o.f.PageNo(), o.y
	m.x, m.w = x0+6, w0-6
	m.quote++
	m.blocks(n)
	m.quote--
	m.x, m.w = x0, w0
	endPage, endY := o.f.PageNo(), o.y-1.6
	cur := endPage
	for p := startPage; p <= endPage; p++ {
		o.visit(p)
		y0, y1 := o.pageTop(p), o.pageBottom(p)
		if p == startPage {
			y0 = startY
		}
		if p == endPage {
			y1 = endY
		}
		o.drawColor(rgb{170, 180, 200})
		o.f.SetLineWidth(0.9)
		o.line(x0+1.5, y0, x0+1.5, y1)
		o.f.SetLineWidth(0.2)
		o.drawColor(black)
	}
	o.back(cur)
	o.y += 1.6
}

var bullets = []string{"•", "–", "·"}

func (m *mdr) list(l *ast.List, depth int) {
	o := m.o
	x0, w0 := m.x, m.w
	num := l.Start
	if num == 0 {
		num = 1
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		st := m.base
		var marker string
		box := int8(0)
		if cb := taskBox(item); cb != nil {
			box = 1
			if cb.IsChecked {
				box = 2
			}
		} else if l.IsOrdered() {
			marker = strconv.Itoa(num) + string(l.Marker)
		} else {
			marker = bullets[depth%len(bullets)]
		}
		num++
		indent := 6.5
		if mw := o.width(o.clean(marker, regular), regular, st.size) + 2; mw > indent {
			indent = mw
		}
		m.x, m.w = x0+indent, w0-indent
		m.marker = func(top, h float64) {
			base := top + h/2 + st.size*ptMM*0.34
			if box != 0 {
				s := st.size * ptMM * 0.8
				o.checkbox(x0+indent-s-1.6, base-s*0.92, s, box == 2)
				return
			}
			o.textRight(x0+indent-1.5, base, marker, regular, st.size, st.color)
		}
		m.blocks(item)
		if m.marker != nil {
			o.need(st.lineH())
			m.marker(o.y, st.lineH())
			m.marker = nil
			o.y += st.lineH()
		}
		m.x, m.w = x0, w0
		if !l.IsTight {
			o.y += 1
		}
	}
}

func taskBox(item ast.Node) *extast.TaskCheckBox {
	first := item.FirstChild()
	if first == nil {
		return nil
	}
	if cb, ok := first.FirstChild().(*extast.TaskCheckBox); ok {
		return cb
	}
	return nil
}

func (m *mdr) table(n *extast.Table) {
	o := m.o
	base := style{face: regular, size: 9, color: black}
	var header []tcell
	var rows [][]tcell
	ncol := len(n.Alignments)
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		_, isHead := r.(*extast.TableHeader)
		st := base
		if isHead {
			st.face = bold
		}
		var cells []tcell
		i := 0
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			tc := tcell{}
			m.inlines(c, st, &tc.runs)
			if cell, ok := c.(*extast.TableCell); ok {
				switch cell.Alignment {
				case extast.AlignCenter:
					tc.align = 'C'
				case extast.AlignRight:
					tc.align = 'R'
				}
			}
			cells = append(cells, tc)
			i++
		}
		if len(cells) > ncol {
			ncol = len(cells)
		}
		if isHead {
			header = cells
		} else {
			rows = append(rows, cells)
		}
	}
	if ncol == 0 {
		return
	}
	stats := make([]colStat, ncol)
	for _, r := range append([][]tcell{header}, rows...) {
		for i, c := range r {
			stats[i].add(o, c.runs)
		}
	}
	pad := 1.6
	widths := fitWidths(stats, m.w, pad, m.w*0.3, m.w*0.7, false)
	t := &table{x: m.x, widths: widths, base: base, pad: pad}
	if len(header) > 0 {
		t.header = [][]tcell{header}
	}
	o.y += 1
	o.drawRows(t, rows)
}

func (m *mdr) footnotes(n *extast.FootnoteList) {
	o := m.o
	o.y += 3
	o.need(12)
	o.drawColor(rule)
	o.line(m.x, o.y, m.x+50, o.y)
	o.drawColor(black)
	o.y += 2
	saved := m.base
	m.base.size = 8.5
	x0, w0 := m.x, m.w
	for fn := n.FirstChild(); fn != nil; fn = fn.NextSibling() {
		f, ok := fn.(*extast.Footnote)
		if !ok {
			continue
		}
		label := strconv.Itoa(f.Index) + "."
		m.x, m.w = x0+6, w0-6
		key := docKey(m.d.DocID, "fn:"+strconv.Itoa(f.Index))
		st := m.base
		m.marker = func(top, h float64) {
			o.target(key, top)
			o.textRight(x0+5, top+h/2+st.size*ptMM*0.34, label, regular, st.size, black)
		}
		m.blocks(f)
		m.marker = nil
	}
	m.x, m.w = x0, w0
	m.base = saved
}

func (m *mdr) deflist(n *extast.DefinitionList) {
	x0, w0 := m.x, m.w
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *extast.DefinitionTerm:
			st := m.base
			st.face = bold
			var runs []run
			m.inlines(c, st, &runs)
			m.o.para(runs, m.x, m.w, st, 'L', nil)
			m.o.y += 0.6
		case *extast.DefinitionDescription:
			m.x, m.w = x0+7, w0-7
			m.blocks(c)
			m.x, m.w = x0, w0
		}
	}
	m.o.y += 1.6
}
