package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// meta returns the display value of a front-matter key in lang.
func meta(rc *rctx, d *model.Document, key, lang string) string {
	if d.Front == nil || rc.site.Schemas == nil || rc.site.Schemas.Document == nil {
		return d.Meta(key)
	}
	f := d.Front.Schema.Field(key)
	if f == nil || f.Index >= len(d.Rec.Cells) {
		return d.Meta(key)
	}
	return localize.Value(d.Front, d.Rec, f, lang)
}

// metaLabel is the label of a front-matter key in lang.
func metaLabel(d *model.Document, key, lang string) string {
	if d.Front != nil {
		if f := d.Front.Schema.Field(key); f != nil {
			return f.Label.In(lang)
		}
	}
	return key
}

func docTypeLabel(rc *rctx, d *model.Document, lang string) string {
	return meta(rc, d, "doc_type", lang)
}

// watermarkOf is the mark of a document that is not approved.
func watermarkOf(d *model.Document, lang string) string {
	switch d.Meta("status") {
	case "approved":
		return ""
	case "obsolete":
		return label(lang, "obsolete")
	}
	return label(lang, "draft")
}

// announceDoc declares the internal targets of a document (its start, its
// headings, its footnotes) so links to them can be drawn before they are placed.
func announceDoc(o *out, d *model.Document) {
	o.announce(docKey(d.DocID, ""))
	for _, h := range d.Headings {
		if h.ID != "" {
			o.announce(docKey(d.DocID, h.ID))
		}
	}
	if d.AST == nil {
		return
	}
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fn, ok := n.(*extast.Footnote); ok && entering {
			o.announce(docKey(d.DocID, "fn:"+strconv.Itoa(fn.Index)))
		}
		return ast.WalkContinue, nil
	})
}

// renderDocument writes a controlled document as a section (or, for an SOP,
// sections) of o; outline is the outline level of its bookmark.
func renderDocument(o *out, rc *rctx, d *model.Document, outline int) {
	lang := rc.facts.DocLang(d)
	grp := &group{}
	sec := &section{orient: "P", marginX: 18, header: docHeader(rc, d, lang), footer: docFooter(rc, d, lang),
		watermark: watermarkOf(d, lang), grp: grp}
	o.source(d.Path)
	o.begin(sec)
	o.target(docKey(d.DocID, ""), o.y)
	o.bookmark(d.DocID+" — "+d.Title, outline, 0)

	// title
	tst := style{face: bold, size: 15, color: rgb{20, 35, 70}}
	o.para(plain(d.Title, tst), o.left, o.right-o.left, tst, 'C', nil)
	sub := style{face: regular, size: 9.5, color: gray}
	o.para(plain(docTypeLabel(rc, d, lang)+" · "+d.DocID+" · "+metaLabel(d, "version", lang)+" "+d.Meta("version"), sub), o.left, o.right-o.left, sub, 'C', nil)
	o.y += 4

	controlBlock(o, rc, d, lang, outline+1)
	historyBlock(o, rc, d, lang, outline+1)

	m := newMDR(o, rc, d, outline+1)
	if m.titleID != "" { // a link to the repeated title goes to the document's start
		o.targetAt(docKey(d.DocID, m.titleID), o.sec.grp.first, 0)
	}
	var toc *tocSlots
	if longDoc(d) {
		toc = reserveTOC(o, d, m, lang, outline+1)
	}
	o.y += 2
	root := d.AST
	if root == nil {
		root = markdown.Parse(d.Body)
	}
	appr := approvalOf(o, rc, d, lang)
	// the last block and the headings right before it go with the approval block
	var tail []ast.Node
	if last := root.LastChild(); appr != nil && last != nil {
		tail = []ast.Node{last}
		for p := last.PreviousSibling(); p != nil && p.Kind() == ast.KindHeading && p != m.title; p = p.PreviousSibling() {
			tail = append([]ast.Node{p}, tail...)
		}
	}
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		if len(tail) > 0 && c == tail[0] {
			m.keepWithApproval(tail, appr)
		}
		m.block(c)
	}
	approvalBlock(o, appr, lang)
	if d.SOP != nil {
		renderSOP(o, rc, d, lang, grp, outline+1)
	}
	if toc != nil {
		toc.fill(o, m)
	}
}

// longDoc: documents with many headings or a long body get a table of contents.
func longDoc(d *model.Document) bool {
	n := 0
	for _, h := range d.Headings {
		if h.Level <= 3 {
			n++
		}
	}
	return n >= 10 || len(d.Body) > 12000
}

// docHeader draws the controlled-document header box of every page.
func docHeader(rc *rctx, d *model.Document, lang string) func(o *out) {
	return func(o *out) {
		if o.pageW > o.pageH {
			compactHeader(o, rc, d, lang)
			return
		}
		x, w := o.left, o.right-o.left
		y := 9.0
		rw := 64.0
		lw := w - rw
		org := strings.TrimSpace(rc.site.Settings.Organization)
		unit := strings.TrimSpace(rc.site.Settings.Unit)
		ost := style{face: bold, size: 8.5, color: black}
		ust := style{face: regular, size: 8, color: gray}
		var left []lineBox
		if o.f.PageNo() == o.sec.grp.first {
			// the first page opens with the letterhead; the box names the
			// kind of document instead of repeating the organisation
			y = kop(o, rc, 8) + 3
			kst := style{face: bold, size: 10, color: rgb{20, 35, 70}}
			left = o.layout(plain(strings.ToUpper(docTypeLabel(rc, d, lang)), kst), lw-4, kst)
		} else {
			left = o.layout(plain(strings.ToUpper(org), ost), lw-4, ost)
			if unit != "" {
				left = append(left, o.layout(plain(unit, ust), lw-4, ust)...)
			}
		}
		class := meta(rc, d, "classification", lang)
		rst := style{face: regular, size: 7.8, color: black}
		rb := rst
		rb.face = bold
		right := []struct{ k, v string }{
			{label(lang, "doc_no"), d.DocID},
			{label(lang, "version"), d.Meta("version")},
			{label(lang, "classification"), strings.ToUpper(class)},
		}
		h1 := maxF(linesH(left)+4, float64(len(right))*rst.lineH()+4)
		tst := style{face: bold, size: 9.5, color: rgb{20, 35, 70}}
		title := o.layout(plain(d.Title, tst), w-6, tst)
		if len(title) > 2 {
			title = title[:2]
		}
		h2 := linesH(title) + 3
		o.drawColor(rule)
		o.f.SetLineWidth(0.3)
		o.rect(x, y, lw, h1, "D")
		o.rect(x+lw, y, rw, h1, "D")
		o.rect(x, y+h1, w, h2, "D")
		o.f.SetLineWidth(0.2)
		o.drawColor(black)
		ly := y + (h1-linesH(left))/2
		for _, l := range left {
			o.drawLine(l, x+2, ly, lw-4, 'L')
			ly += l.h
		}
		ry := y + (h1-float64(len(right))*rst.lineH())/2
		lab := 22.0
		for _, r := range right {
			bl := ry + rst.lineH()/2 + rst.size*ptMM*0.34
			o.textAt(x+lw+2, bl, r.k, regular, rst.size, gray)
			o.textAt(x+lw+2+lab, bl, ": ", regular, rst.size, gray)
			v := o.clean(r.v, bold)
			max := rw - lab - 5
			for v != "" && o.width(v, bold, rst.size) > max {
				rs := []rune(v)
				v = string(rs[:len(rs)-1])
			}
			o.textAt(x+lw+4+lab, bl, v, bold, rst.size, black)
			ry += rst.lineH()
		}
		ty := y + h1 + 1.5
		for _, l := range title {
			o.drawLine(l, x+3, ty, w-6, 'C')
			ty += l.h
		}
		if wm := watermarkOf(d, lang); wm != "" {
			// also upright, so text extraction finds the mark
			o.textAt(x+2, y+h1+h2/2+8*ptMM*0.34, wm, bold, 8, darkRed)
		}
		o.top = y + h1 + h2 + 6
	}
}

// compactHeader is the one-row header of landscape pages of a document.
func compactHeader(o *out, rc *rctx, d *model.Document, lang string) {
	x, w := o.left, o.right-o.left
	y := 7.0
	h := 11.0
	lw, rw := 80.0, 78.0
	o.drawColor(rule)
	o.f.SetLineWidth(0.3)
	o.rect(x, y, lw, h, "D")
	o.rect(x+lw, y, w-lw-rw, h, "D")
	o.rect(x+w-rw, y, rw, h, "D")
	o.f.SetLineWidth(0.2)
	o.drawColor(black)
	o.para0(strings.ToUpper(rc.site.Settings.Organization), x+2, y+1.2, lw-4, style{face: bold, size: 7.5, color: black}, 'L')
	o.para0(rc.site.Settings.Unit, x+2, y+5.6, lw-4, style{face: regular, size: 7, color: gray}, 'L')
	tst := style{face: bold, size: 9.5, color: rgb{20, 35, 70}}
	tl := o.layout(plain(d.Title, tst), w-lw-rw-4, tst)
	if len(tl) > 2 {
		tl = tl[:2]
	}
	ty := y + (h-linesH(tl))/2
	for _, l := range tl {
		o.drawLine(l, x+lw+2, ty, w-lw-rw-4, 'C')
		ty += l.h
	}
	if wm := watermarkOf(d, lang); wm != "" {
		o.textAt(x+lw+2, y+h-1.2, wm, bold, 7, darkRed)
	}
	rs := style{face: regular, size: 7.3, color: black}
	o.para0(label(lang, "doc_no")+": "+d.DocID+"   "+label(lang, "version")+": "+d.Meta("version"), x+w-rw+2, y+1.5, rw-4, rs, 'L')
	o.para0(label(lang, "classification")+": "+strings.ToUpper(meta(rc, d, "classification", lang)), x+w-rw+2, y+5.8, rw-4, rs, 'L')
	o.top = y + h + 4
}

// docFooter draws page X of Y, status, effective date, the uncontrolled-copy
// notice and the last git change.
func docFooter(rc *rctx, d *model.Document, lang string) func(o *out, n, total int) {
	return func(o *out, n, total int) {
		x, w := o.left, o.right-o.left
		y := o.pageH - 17
		o.drawColor(rule)
		o.f.SetLineWidth(0.3)
		o.line(x, y, x+w, y)
		o.f.SetLineWidth(0.2)
		o.drawColor(black)
		size := 7.5
		b1 := y + 4
		left := label(lang, "status") + ": " + meta(rc, d, "status", lang)
		if eff := meta(rc, d, "effective_date", lang); eff != "" {
			left += "   ·   " + label(lang, "effective") + ": " + eff
		}
		o.textAt(x, b1, left, regular, size, black)
		o.textRight(x+w, b1, labelf(lang, "page_of", n, total), bold, 8.5, black)
		o.textCenter(x+w/2, b1+4, label(lang, "uncontrolled"), regular, size, darkRed)
		if c := d.LastChange; c != nil {
			short := c.Commit
			if len(short) > 7 {
				short = short[:7]
			}
			o.textAt(x, b1+8, label(lang, "last_change")+": "+localize.Date(c.Date, lang)+" ("+short+")", regular, 6.8, gray)
		}
		if rc.pack {
			packPageNo(o, rc, x+w, b1+8)
		}
	}
}

// packPageNo prints the audit pack's own page number.
func packPageNo(o *out, rc *rctx, right, base float64) {
	o.textRight(right, base, fmt.Sprintf(label(rc.lang, "audit_pack_title")+" · "+label(rc.lang, "page_of"), o.f.PageNo(), o.f.PageCount()), regular, 6.8, gray)
}

var labelStyle = style{face: bold, size: 8.8, color: rgb{40, 40, 40}}
var valueStyle = style{face: regular, size: 8.8, color: black}

// sectionTitle draws a small bold title with a bookmark.
func sectionTitle(o *out, text string, level int) {
	st := style{face: bold, size: 11, color: rgb{20, 35, 70}}
	o.need(st.lineH() + 14)
	o.bookmark(text, level, o.y)
	o.para(plain(text, st), o.left, o.right-o.left, st, 'L', nil)
	o.y += 1.5
}

// controlBlock is the first-page document-control table.
func controlBlock(o *out, rc *rctx, d *model.Document, lang string, level int) {
	sectionTitle(o, label(lang, "document_control"), level)
	var rows [][]tcell
	for _, row := range rc.facts.DocControl(d) {
		k := row.Field.Key
		v := meta(rc, d, k, lang)
		if k == "clauses" {
			v = strings.Join(d.Cell(k).Items(false), ", ")
		}
		if !row.Set {
			v = "—"
		}
		rows = append(rows, []tcell{textCell(metaLabel(d, k, lang), labelStyle), textCell(v, valueStyle)})
	}
	w := o.right - o.left
	t := &table{x: o.left, widths: []float64{50, w - 50}, base: valueStyle, pad: 1.5,
		rowFill: func(i int) *rgb { return nil }}
	for i := range rows {
		f := rgb{246, 247, 250}
		rows[i][0].fill = &f
	}
	o.drawRows(t, rows)
	o.y += 5
}

// historyBlock is the revision history table.
func historyBlock(o *out, rc *rctx, d *model.Document, lang string, level int) {
	sectionTitle(o, label(lang, "revision_history"), level)
	if len(d.History) == 0 {
		o.textBlock(label(lang, "no_history"), o.left, o.right-o.left, style{face: regular, size: 9, color: gray}, 'L')
		o.y += 4
		return
	}
	hb := style{face: bold, size: 8.8, color: black}
	header := []tcell{textCell(label(lang, "version"), hb), textCell(label(lang, "date"), hb),
		textCell(label(lang, "author"), hb), textCell(label(lang, "change_summary"), hb)}
	var rows [][]tcell
	for _, h := range d.History {
		rows = append(rows, []tcell{textCell(h.Version, valueStyle), textCell(fmtDate(h.Date, lang), valueStyle),
			textCell(h.Author, valueStyle), textCell(h.Summary, valueStyle)})
	}
	w := o.right - o.left
	t := &table{x: o.left, widths: []float64{16, 30, 40, w - 86}, header: [][]tcell{header}, base: valueStyle, pad: 1.5}
	o.drawRows(t, rows)
	o.y += 5
}

// fmtDate formats an ISO date (or date-time) string per language; other text stays.
func fmtDate(s, lang string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return localize.DateTime(t, lang)
		}
	}
	return s
}

// tocSlots are the reserved lines of a table of contents, filled when the
// pages of the headings are known.
type tocSlots struct {
	entries []tocEntry
	first   int // first page of the numbering (page 1 of the document)
	lang    string
}

type tocEntry struct {
	text  string
	key   string
	level int
	page  int
	y     float64
	x, w  float64
}

func reserveTOC(o *out, d *model.Document, m *mdr, lang string, level int) *tocSlots {
	sectionTitle(o, label(lang, "toc"), level)
	ts := &tocSlots{first: o.sec.grp.first, lang: lang}
	lh := style{size: 9.5}.lineH()
	for i, h := range d.Headings {
		if h.Level > m.minHead+2 || h.ID == "" || (i == 0 && m.title != nil && h.ID == m.titleID) {
			continue
		}
		o.need(lh)
		ind := float64(h.Level-m.minHead) * 5
		ts.entries = append(ts.entries, tocEntry{text: h.Text, key: docKey(d.DocID, h.ID), level: h.Level - m.minHead,
			page: o.f.PageNo(), y: o.y, x: o.left + ind, w: o.right - o.left - ind})
		o.y += lh
	}
	o.y += 4
	return ts
}

func (ts *tocSlots) fill(o *out, m *mdr) {
	cur := o.f.PageNo()
	for _, e := range ts.entries {
		o.visit(e.page)
		fc := regular
		if e.level == 0 {
			fc = bold
		}
		size := 9.5
		target := m.heads[e.key]
		num := ""
		if target > 0 {
			num = strconv.Itoa(target - ts.first + 1)
		}
		base := e.y + style{size: size}.lineH()/2 + size*ptMM*0.34
		numW := 10.0
		text := o.clean(e.text, fc)
		maxW := e.w - numW - 4
		for text != "" && o.width(text, fc, size) > maxW {
			rs := []rune(text)
			text = string(rs[:len(rs)-2]) + "…"
		}
		o.setFont(fc, size)
		o.textColor(black)
		o.text(e.x, base, text)
		tw := o.width(text, fc, size)
		// dotted leader
		dw := o.width(". ", regular, size)
		if n := int((e.x + e.w - numW - (e.x + tw + 2)) / dw); n > 0 {
			o.setFont(regular, size)
			o.textColor(gray)
			o.text(e.x+e.w-numW-float64(n)*dw, base, strings.Repeat(". ", n))
		}
		o.textRight(e.x+e.w, base, num, fc, size, black)
		o.linkTo(e.x, e.y, e.w, style{size: size}.lineH(), linkTarget{key: e.key})
	}
	o.back(cur)
}
