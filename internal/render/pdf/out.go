package pdf

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"codeberg.org/go-pdf/fpdf"
)

// rgb is a colour.
type rgb [3]int

var (
	black     = rgb{0, 0, 0}
	white     = rgb{255, 255, 255}
	gray      = rgb{90, 90, 90}
	lightGray = rgb{235, 235, 235}
	rule      = rgb{120, 120, 120}
	linkBlue  = rgb{0, 60, 150}
	headFill  = rgb{222, 228, 238}
	darkRed   = rgb{170, 20, 20}
)

// A4 in millimetres.
var a4 = fpdf.SizeType{Wd: 210, Ht: 297}

// section is a run of pages sharing a header, a footer and a page numbering
// ("Halaman X dari Y" counts the pages of the section).
type section struct {
	orient    string // "P" or "L"
	marginX   float64
	header    func(o *out) // draws the header of a fresh page and sets o.top
	footer    func(o *out, n, total int)
	bottom    float64 // space kept free at the bottom of each page for the footer
	watermark string
	grp       *group // page numbering shared by the sections of one document
}

// group is a run of pages numbered together ("Halaman X dari Y").
type group struct{ first, last int }

type pageInfo struct {
	w, h, top, bottom, left, right float64
	sec                            *section
}

type bookmark struct {
	text  string
	level int
	page  int
	y     float64
}

// out is one PDF being written: the fpdf instance, the geometry of the
// current page, sections, deferred bookmarks and named internal links.
type out struct {
	f         *fpdf.Fpdf
	lang      string
	missing   map[rune]bool            // characters missing from the fonts, of the current source
	missingBy map[string]map[rune]bool // by source file
	added     [numFaces]bool           // faces set (fpdf writes a placeholder font for each)
	used      [numFaces]runeSet        // characters drawn, per face: the subsets embedded

	k              float64 // points per millimetre (fpdf's scale)
	fh             float64 // height of the page fpdf added last (its y origin, also on revisited pages)
	fillOp, textOp string  // fpdf's current fill and text colour operators
	fillRGB        rgb     // the colour of fillOp
	fillKnown      bool    // fpdf's fill colour is fillRGB
	drawRGB        rgb     // fpdf's stroke colour, when drawKnown
	drawKnown      bool
	tableColors    bool // the colours are a table row's (see settle)
	tbuf           []byte
	wbuf           []word  // the words of the last layout (see words)
	pbuf           []piece // their pieces

	pageW, pageH float64
	left, right  float64
	top, bottom  float64
	y            float64
	dy           float64 // y shift while drawing on a revisited page of another size

	sec       *section
	pages     []pageInfo
	bookmarks []bookmark
	links     map[string]int
	linkSet   map[string]bool
	linkPage  map[string]int
	images    map[string]*imageInfo   // by site path
	imgByHash map[[32]byte]*imageInfo // by content: one XObject per distinct image

	curFace face
	curSize float64
	curText rgb
	textSet bool
	rel     string // output path, for warnings about generated text

	sigs     []sigField // empty signature fields, added to the pages by writePDF
	sigNames map[string]bool
	noSign   bool // the audit pack: no signature fields
}

const noFace face = 255

// newOut creates a PDF with the document metadata; dates come from today.
func newOut(lang string, today time.Time, meta docMeta) *out {
	loadFonts()
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: a4})
	f.SetCompression(false) // page streams are compressed by writePDF
	f.SetCatalogSort(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	ts := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	f.SetCreationDate(ts)
	f.SetModificationDate(ts)
	f.SetTitle(meta.title, true)
	f.SetAuthor(meta.author, true)
	f.SetSubject(meta.subject, true)
	f.SetKeywords(meta.keywords, true)
	f.SetCreator(meta.creator, true)
	f.SetProducer("smsgen (codeberg.org/go-pdf/fpdf)", true)
	if lang == "en" {
		f.SetLang("en")
	} else {
		f.SetLang("id-ID")
	}
	f.SetXmpMetadata(xmp(meta, lang, ts))
	f.SetDisplayMode("fullwidth", "continuous")
	o := &out{f: f, lang: lang, missingBy: map[string]map[rune]bool{}, links: map[string]int{}, linkSet: map[string]bool{}, linkPage: map[string]int{},
		images: map[string]*imageInfo{}, imgByHash: map[[32]byte]*imageInfo{}, curFace: noFace, k: f.GetConversionRatio(), fillOp: colorOp(black), textOp: colorOp(black)}
	o.source("")
	o.setFont(regular, 10)
	return o
}

type docMeta struct {
	title, author, subject, keywords, creator string
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlEsc(s string) string { return xmlEscaper.Replace(s) }

// xmp is the XMP metadata packet: title, author, subject, language, dates and
// the licence notice of the embedded fonts.
func xmp(m docMeta, lang string, ts time.Time) []byte {
	l := "id-ID"
	if lang == "en" {
		l = "en"
	}
	d := ts.Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` + "\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">` + "\n")
	fmt.Fprintf(&b, `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>`+"\n", xmlEsc(m.title))
	fmt.Fprintf(&b, `<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>`+"\n", xmlEsc(m.author))
	fmt.Fprintf(&b, `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:description>`+"\n", xmlEsc(m.subject))
	fmt.Fprintf(&b, `<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>`+"\n", l)
	fmt.Fprintf(&b, `<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:rights>`+"\n", xmlEsc(FontLicense))
	fmt.Fprintf(&b, `<pdf:Keywords>%s</pdf:Keywords><pdf:Producer>smsgen</pdf:Producer>`+"\n", xmlEsc(m.keywords))
	fmt.Fprintf(&b, `<xmp:CreateDate>%s</xmp:CreateDate><xmp:ModifyDate>%s</xmp:ModifyDate><xmp:CreatorTool>%s</xmp:CreatorTool>`+"\n", d, d, xmlEsc(m.creator))
	b.WriteString("</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}

// setFont makes face fc current. fpdf knows the face by its placeholder core
// font; writePDF embeds the font subset in its place (see embed.go).
func (o *out) setFont(fc face, size float64) {
	if o.curFace == fc && o.curSize == size {
		return
	}
	forced := o.curFace == noFace
	if id := fontOps()[fc]; !forced && o.added[fc] && id != "" {
		// a face fpdf has in this document, on a page that started with a
		// real SetFont: fpdf's operator without fpdf (see fontOps)
		o.tbuf = appendFontOp(o.tbuf[:0], id, size)
		o.raw(o.tbuf)
		o.curFace, o.curSize = fc, size
		return
	}
	o.added[fc] = true
	ph := placeholder[fc]
	o.f.SetFont(ph.family, ph.style, size)
	if forced {
		o.f.SetFontSize(size) // always written: the stream's state is unknown
	}
	o.curFace, o.curSize = fc, size
}

func (o *out) textColor(c rgb) {
	if o.textSet && o.curText == c {
		return
	}
	o.f.SetTextColor(c[0], c[1], c[2])
	o.curText, o.textSet = c, true
	o.textOp = colorOp(c)
}

// drawColor and fillColor set fpdf's colours, and write nothing when fpdf's
// colour is already c: fpdf's colours are the page's (fpdf sets them again
// on a new page; q/Q, which would restore others, wraps no call of these but
// in the watermark, followed by syncState), except on a revisited page,
// where syncState sets them anew.
func (o *out) drawColor(c rgb) {
	if o.drawKnown && o.drawRGB == c {
		return
	}
	o.f.SetDrawColor(c[0], c[1], c[2])
	o.drawRGB, o.drawKnown = c, true
}

func (o *out) fillColor(c rgb) {
	if o.fillKnown && o.fillRGB == c {
		return
	}
	o.f.SetFillColor(c[0], c[1], c[2])
	o.fillKnown = true
	if c != o.fillRGB {
		o.fillOp, o.fillRGB = colorOp(c), c
	}
}

// settle ends the colours a table's rows leave (fill black, stroke gray),
// giving back what the rest of the drawing expects (fill white, stroke
// black): once after a table and before each page break, not after every row.
func (o *out) settle() {
	if o.tableColors {
		o.tableColors = false
		o.fillColor(white)
		o.drawColor(black)
	}
}

// colorOp is the operator fpdf writes for fill (and text) colour c.
func colorOp(c rgb) string {
	for i := range c {
		c[i] = min(max(c[i], 0), 255)
	}
	f := func(v int) string { return strconv.FormatFloat(float64(v)/255, 'f', 3, 64) }
	if c[0] == c[1] && c[0] == c[2] {
		return f(c[0]) + " g"
	}
	return f(c[0]) + " " + f(c[1]) + " " + f(c[2]) + " rg"
}

// syncState writes the graphics state again (after q/Q or on a revisited page).
func (o *out) syncState() {
	o.curFace = noFace
	o.textSet = false
	o.drawKnown, o.fillKnown, o.tableColors = false, false, false
	o.drawColor(black)
	o.fillColor(white)
	o.textColor(black)
	o.f.SetLineWidth(0.2)
}

// clean makes s drawable in face fc, recording characters the font lacks.
func (o *out) clean(s string, fc face) string { return faces[fc].clean(s, o.missing) }

// width of s (already clean) in mm.
func (o *out) width(s string, fc face, size float64) float64 { return faces[fc].width(s, size) }

// --- drawing primitives (y shifted by dy on revisited pages) ---

// text draws s (clean for the current face) at baseline y.
func (o *out) text(x, y float64, s string) {
	if s == "" {
		return
	}
	b, used, wrap := o.textStart(x, y)
	b = appendTextString(b, s, used)
	o.textEnd(b, wrap)
}

// textStart begins what fpdf's Text writes for a core font, without its
// formatting and four passes of escaping: BT x y Td (string) Tj ET, inside
// q/Q with the text colour when it differs from the fill colour. It returns
// the buffer (o.tbuf) up to the string's opening parenthesis, the set of
// characters drawn in the current face and whether q/Q wraps the text.
func (o *out) textStart(x, y float64) (b []byte, used *runeSet, wrap bool) {
	fc := o.curFace
	if fc == noFace { // a defect: setFont comes first
		o.setFont(regular, 10)
		fc = regular
	}
	b = o.tbuf[:0]
	wrap = o.textOp != o.fillOp
	if wrap {
		b = append(b, "q "...)
		b = append(b, o.textOp...)
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = appendFixed2(b, x*o.k)
	b = append(b, ' ')
	b = appendFixed2(b, (o.fh-(y+o.dy))*o.k)
	b = append(b, " Td ("...)
	return b, &o.used[fc], wrap
}

// appendTextString appends s to a PDF string of two-byte codes (the
// embedded fonts are indexed by Unicode), escaped, and records its
// characters in used.
func appendTextString(b []byte, s string, used *runeSet) []byte {
	for _, r := range s {
		if r < 0 || r >= 0x10000 {
			r = 0xFFFD
		}
		used.add(r)
		for _, c := range [2]byte{byte(r >> 8), byte(r)} {
			switch c {
			case '\\', '(', ')':
				b = append(b, '\\', c)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, c)
			}
		}
	}
	return b
}

// textEnd closes the text begun by textStart and writes it to the page.
func (o *out) textEnd(b []byte, wrap bool) {
	b = append(b, ") Tj ET"...)
	if wrap {
		b = append(b, " Q"...)
	}
	o.tbuf = b
	o.raw(b)
}

// raw writes b to the page as one line. fpdf copies the string into the
// page's buffer at once and keeps nothing of it, so b is passed without a
// copy (b is the reused o.tbuf).
func (o *out) raw(b []byte) {
	if len(b) == 0 {
		o.f.RawWriteStr("")
		return
	}
	o.f.RawWriteStr(unsafe.String(&b[0], len(b)))
}

// textAt draws s (cleaned here) in face fc at baseline y.
func (o *out) textAt(x, y float64, s string, fc face, size float64, c rgb) {
	o.setFont(fc, size)
	o.textColor(c)
	o.text(x, y, o.clean(s, fc))
}

// textRight draws s ending at x.
func (o *out) textRight(x, y float64, s string, fc face, size float64, c rgb) {
	s = o.clean(s, fc)
	o.setFont(fc, size)
	o.textColor(c)
	o.text(x-o.width(s, fc, size), y, s)
}

// textCenter draws s centred on x.
func (o *out) textCenter(x, y float64, s string, fc face, size float64, c rgb) {
	s = o.clean(s, fc)
	o.setFont(fc, size)
	o.textColor(c)
	o.text(x-o.width(s, fc, size)/2, y, s)
}

func (o *out) line(x1, y1, x2, y2 float64) { o.f.Line(x1, y1+o.dy, x2, y2+o.dy) }

// rect draws a rectangle: style "F" fills it, "D" strokes it, "FD" both.
// It writes what fpdf's Rect writes, from one buffer (tables draw two
// rectangles a cell).
func (o *out) rect(x, y, w, h float64, style string) {
	var op string
	switch style {
	case "F":
		op = " re f"
	case "D":
		op = " re S"
	case "FD":
		op = " re B"
	default:
		o.f.Rect(x, y+o.dy, w, h, style)
		return
	}
	b := appendFixed2(o.tbuf[:0], x*o.k)
	b = append(b, ' ')
	b = appendFixed2(b, (o.fh-(y+o.dy))*o.k)
	b = append(b, ' ')
	b = appendFixed2(b, w*o.k)
	b = append(b, ' ')
	b = appendFixed2(b, -h*o.k)
	b = append(b, op...)
	o.tbuf = b
	o.raw(b)
}

func (o *out) polygon(pts []fpdf.PointType, style string) {
	if o.dy != 0 {
		cp := make([]fpdf.PointType, len(pts))
		for i, p := range pts {
			cp[i] = fpdf.PointType{X: p.X, Y: p.Y + o.dy}
		}
		pts = cp
	}
	o.f.Polygon(pts, style)
}

// linkTo makes the area a link: to a URL, or to a named internal target.
func (o *out) linkTo(x, y, w, h float64, t linkTarget) {
	switch {
	case t.key != "":
		o.f.Link(x, y+o.dy, w, h, o.linkID(t.key))
	case t.url != "":
		o.f.LinkString(x, y+o.dy, w, h, t.url)
	}
}

// linkID returns the fpdf link of a named target, creating it on first use.
func (o *out) linkID(key string) int {
	if id, ok := o.links[key]; ok {
		return id
	}
	id := o.f.AddLink()
	o.links[key] = id
	return id
}

// target marks the current position as the destination of key.
func (o *out) target(key string, y float64) { o.targetAt(key, o.f.PageNo(), y) }

// targetAt sets the destination of key to page (which may be added later).
func (o *out) targetAt(key string, page int, y float64) {
	o.f.SetLink(o.linkID(key), y, page)
	o.linkSet[key] = true
	o.linkPage[key] = page
}

// hasTarget reports whether key names a destination in this PDF (set or announced).
func (o *out) hasTarget(key string) bool { _, ok := o.links[key]; return ok }

// announce creates named targets that will be set later (forward links).
func (o *out) announce(key string) { o.linkID(key) }

// bookmark records an outline entry at the current page (written at finish).
func (o *out) bookmark(text string, level int, y float64) { o.bookmarkAt(text, level, o.f.PageNo(), y) }

// bookmarkAt records an outline entry at page (which may be added later).
func (o *out) bookmarkAt(text string, level int, page int, y float64) {
	if level < 0 {
		level = 0
	}
	if n := len(o.bookmarks); n > 0 {
		if prev := o.bookmarks[n-1].level; level > prev+1 {
			level = prev + 1
		}
	} else {
		level = 0
	}
	text = o.clean(strings.TrimSpace(text), regular)
	if text == "" {
		text = "—"
	}
	o.bookmarks = append(o.bookmarks, bookmark{text: text, level: level, page: page, y: y})
}

// --- pages and sections ---

// begin starts a section on a new page.
func (o *out) begin(s *section) {
	o.sec = s
	if s.grp == nil {
		s.grp = &group{}
	}
	o.newPage()
}

// newPage adds a page of the current section and draws its watermark and header.
func (o *out) newPage() {
	o.settle()
	if n := o.f.PageCount(); n > 0 {
		o.f.SetPage(n)
	}
	o.dy = 0
	s := o.sec
	o.f.AddPageFormat(s.orient, a4)
	o.curFace, o.textSet = noFace, false
	w, h := o.f.GetPageSize()
	o.fh = h
	o.pageW, o.pageH = w, h
	n := o.f.PageNo()
	o.pages = append(o.pages, pageInfo{h: h, sec: s})
	if s.grp.first == 0 {
		s.grp.first = n
	}
	s.grp.last = n
	mx := s.marginX
	if mx == 0 {
		mx = 18
	}
	o.left, o.right = mx, w-mx
	o.top = 14
	b := s.bottom
	if b == 0 {
		b = 22
	}
	o.bottom = h - b
	if s.watermark != "" {
		o.watermark(s.watermark)
	}
	if s.header != nil {
		s.header(o)
	}
	o.y = o.top
	o.pages[n-1] = pageInfo{w: o.pageW, h: o.pageH, top: o.top, bottom: o.bottom, left: o.left, right: o.right, sec: s}
}

// applyPage makes the geometry of page p current (after SetPage).
func (o *out) applyPage(p int) {
	pi := o.pages[p-1]
	_, hCur := o.f.GetPageSize()
	o.dy = hCur - pi.h
	o.pageW, o.pageH, o.top, o.bottom, o.left, o.right = pi.w, pi.h, pi.top, pi.bottom, pi.left, pi.right
	o.syncState()
}

func (o *out) pageTop(p int) float64    { return o.pages[p-1].top }
func (o *out) pageBottom(p int) float64 { return o.pages[p-1].bottom }

// back returns to the last page after visits.
func (o *out) back(p int) {
	o.f.SetPage(p)
	o.applyPage(p)
}

// watermark draws a large diagonal mark under the page content.
func (o *out) watermark(text string) {
	size := 96.0
	if len([]rune(text)) > 6 {
		size = 64
	}
	o.setFont(bold, size)
	t := o.clean(text, bold)
	w := o.width(t, bold, size)
	cx, cy := o.pageW/2, o.pageH/2
	o.f.TransformBegin()
	o.f.TransformRotate(35, cx, cy+o.dy)
	o.textColor(rgb{236, 200, 200})
	o.text(cx-w/2, cy+size*ptMM*0.35, t)
	o.f.TransformEnd()
	o.syncState()
}

// need starts a new page when h does not fit below y; it reports whether it did.
func (o *out) need(h float64) bool {
	if o.y+h <= o.bottom+0.01 {
		return false
	}
	if o.y <= o.top+0.01 { // already at the top of a page: it will never fit better
		return false
	}
	o.newPage()
	return true
}

// visit makes page p current for drawing on it again.
func (o *out) visit(p int) {
	o.f.SetPage(p)
	o.applyPage(p)
}

// finish draws every footer (now that page counts are known), writes the
// bookmarks and points unset links at the first page.
func (o *out) finish() {
	last := o.f.PageCount()
	if last == 0 {
		return
	}
	// footers, section by section
	for p := 1; p <= last; p++ {
		s := o.pages[p-1].sec
		if s.footer == nil {
			continue
		}
		o.visit(p)
		s.footer(o, p-s.grp.first+1, s.grp.last-s.grp.first+1)
	}
	hLast := o.pages[last-1].h
	for _, b := range o.bookmarks {
		o.f.SetPage(b.page)
		y := b.y + (hLast - o.pages[b.page-1].h)
		if y < 0 {
			y = 0
		}
		o.f.Bookmark(utf16Text(b.text), b.level, y) // fpdf takes the PDF text string as it is
	}
	keys := make([]string, 0, len(o.links))
	for k := range o.links {
		if !o.linkSet[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		o.f.SetLink(o.links[k], 0, 1)
	}
	o.f.SetPage(last)
	o.dy = 0
}

// source sets the site file the following text comes from (for warnings).
func (o *out) source(src string) {
	m := o.missingBy[src]
	if m == nil {
		m = map[rune]bool{}
		o.missingBy[src] = m
	}
	o.missing = m
}
