package pdf

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"codeberg.org/go-pdf/fpdf"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// The official trappings of the PDFs: the letterhead (kop) with the
// organisation's logo, the approval block at the end of an approved policy,
// plan or procedure, and the empty signature fields of every signature block.

// siteLogo returns the site's logo registered in this PDF, or nil when the
// site has none or it cannot be read (a warning, once per build).
func siteLogo(o *out, rc *rctx) *imageInfo {
	logo := rc.site.Settings.Logo
	if logo == "" {
		return nil
	}
	im := o.loadImage(rc.site.Root, logo)
	if im.err != nil {
		if rc.rep != nil && rc.once("logo\x00"+logo) {
			rc.rep.Report("pdf-image-invalid", i18n.Where{File: "smsgen.yaml", Value: logo},
				map[string]string{"reason": im.err.Error()})
		}
		return nil
	}
	return im
}

// drawLogo draws the logo fitted in the box (x, y, w, h), centred; it returns
// the width used (0 without a logo).
func drawLogo(o *out, rc *rctx, x, y, w, h float64) float64 {
	im := siteLogo(o, rc)
	if im == nil || im.w <= 0 || im.h <= 0 {
		return 0
	}
	lw, lh := w, w*float64(im.h)/float64(im.w)
	if lh > h {
		lw, lh = h*float64(im.w)/float64(im.h), h
	}
	o.f.ImageOptions(im.name, x+(w-lw)/2, y+(h-lh)/2+o.dy, lw, lh, false, fpdf.ImageOptions{}, 0, "")
	return lw
}

// kop draws the letterhead from y across the text width: the logo on the
// left, the organisation, the unit and the address centred, a double rule
// under them. It returns the y below the rule.
func kop(o *out, rc *rctx, y float64) float64 { return kopSized(o, rc, y, 22) }

// kopSized is kop with a logo of at most logoBox mm.
func kopSized(o *out, rc *rctx, y, logoBox float64) float64 {
	x, w := o.left, o.right-o.left
	set := rc.site.Settings
	hasLogo := siteLogo(o, rc) != nil
	tx, tw := x, w
	if hasLogo {
		tx, tw = x+logoBox+3, w-2*(logoBox+3) // centred on the page, clear of the logo
	}
	ty := y
	ty = o.para0(strings.ToUpper(strings.TrimSpace(set.Organization)), tx, ty, tw, style{face: bold, size: 12.5, color: black}, 'C')
	if u := strings.TrimSpace(set.Unit); u != "" {
		ty = o.para0(strings.ToUpper(u), tx, ty, tw, style{face: bold, size: 10.5, color: black}, 'C')
	}
	if a := strings.TrimSpace(set.Address); a != "" {
		ty += 0.5
		for _, ln := range strings.Split(a, "\n") {
			ty = o.para0(strings.TrimSpace(ln), tx, ty, tw, style{face: regular, size: 8, color: black}, 'C')
		}
	}
	bottom := ty
	if hasLogo {
		drawLogo(o, rc, x, y, logoBox, logoBox)
		bottom = maxF(bottom, y+logoBox)
	}
	bottom += 1.5
	o.drawColor(black)
	o.f.SetLineWidth(0.8)
	o.line(x, bottom, x+w, bottom)
	o.f.SetLineWidth(0.25)
	o.line(x, bottom+1.1, x+w, bottom+1.1)
	o.f.SetLineWidth(0.2)
	return bottom + 1.1
}

// sigField is an empty signature field: a widget of the signature space
// (page, box in mm from the top left) named for its block.
type sigField struct {
	name       string
	page       int
	x, y, w, h float64
}

// signatureField records an empty signature field over the box (x, y, w, h)
// of the current page; writePDF adds it to the page and to the form of the
// document. The audit pack, a collection read by auditors, has none.
func (o *out) signatureField(name string, x, y, w, h float64) {
	o.signatureFieldAt(name, o.f.PageNo(), x, y, w, h)
}

// signatureFieldAt records an empty signature field on page.
func (o *out) signatureFieldAt(name string, page int, x, y, w, h float64) {
	if o.noSign || page < 1 {
		return
	}
	base, n := name, 1
	for o.sigNames[name] {
		n++
		name = base + "_" + strconv.Itoa(n)
	}
	if o.sigNames == nil {
		o.sigNames = map[string]bool{}
	}
	o.sigNames[name] = true
	o.sigs = append(o.sigs, sigField{name: name, page: page, x: x, y: y, w: w, h: h})
}

// approvalTypes are the document types that end with an approval block.
var approvalTypes = map[string]bool{"policy": true, "plan": true, "procedure": true}

// approver is the position, name and NIP of a document's approver: approved_by
// is "position, name" (its schema says so); without a comma it is the name and
// the position is approver_authority.
func approver(d *model.Document) (position, name, nip string) {
	by := strings.TrimSpace(d.Meta("approved_by"))
	if p, n, ok := strings.Cut(by, ","); ok && strings.TrimSpace(p) != "" && strings.TrimSpace(n) != "" {
		position, name = strings.TrimSpace(p), strings.TrimSpace(n)
	} else {
		name = by
		position = strings.Join(strings.Fields(d.Meta("approver_authority")), " ")
	}
	return position, name, strings.TrimSpace(d.Meta("approver_nip"))
}

// approval is the laid-out approval block of a document.
type approval struct {
	place, date      string
	pos, name        []lineBox
	nip              string
	w, labW, sign, h float64
	st               style
}

// approvalOf lays out the approval block of d: nil when d is not an approved
// policy, plan or procedure.
func approvalOf(o *out, rc *rctx, d *model.Document, lang string) *approval {
	if d.Meta("status") != "approved" || !approvalTypes[d.Meta("doc_type")] {
		return nil
	}
	position, name, nip := approver(d)
	a := &approval{w: 82, sign: 22, nip: nip, st: style{face: regular, size: 10, color: black}}
	bst := style{face: bold, size: 10, color: black}
	a.place = strings.TrimSpace(rc.site.Settings.City)
	if a.place == "" {
		a.place = "...................."
	}
	a.date = fmtDate(d.Meta("approved_date"), lang)
	if a.date == "" {
		a.date = "...................."
	}
	if position != "" {
		a.pos = o.layout(plain(position+",", bst), a.w, bst)
	}
	a.name = o.layout(plain(name, bst), a.w, bst)
	a.labW = maxF(o.width(o.clean(label(lang, "approval_enacted_at"), regular), regular, a.st.size),
		o.width(o.clean(label(lang, "approval_enacted_on"), regular), regular, a.st.size)) + 2
	a.h = approvalGap + 2*a.st.lineH() + 3 + linesH(a.pos) + a.sign + linesH(a.name) + a.st.lineH() + 2
	return a
}

// approvalGap is the space above the approval block.
const approvalGap = 6.0

// approvalBlock draws the enactment at the end of an approved policy, plan or
// procedure, on the right as Indonesian official documents have it: place and
// date of enactment, position, the signature space (an empty signature field
// ttd_pengesah), name and NIP.
func approvalBlock(o *out, a *approval, lang string) {
	if a == nil {
		return
	}
	st := a.st
	x := o.right - a.w
	o.need(a.h)
	if o.y > o.top+0.01 {
		o.y += approvalGap
	}
	base := func(y float64) float64 { return y + st.lineH()/2 + st.size*ptMM*0.34 }
	y := o.y
	o.textAt(x, base(y), label(lang, "approval_enacted_at"), regular, st.size, black)
	o.textAt(x+a.labW, base(y), ": "+a.place, regular, st.size, black)
	y += st.lineH()
	o.textAt(x, base(y), label(lang, "approval_enacted_on"), regular, st.size, black)
	o.textAt(x+a.labW, base(y), ": "+a.date, regular, st.size, black)
	y += st.lineH() + 3
	for _, l := range a.pos {
		o.drawLine(l, x, y, a.w, 'C')
		y += l.h
	}
	o.signatureField("ttd_pengesah", x+4, y+1, a.w-8, a.sign-2)
	y += a.sign
	for _, l := range a.name {
		o.drawLine(l, x, y, a.w, 'C')
		// underlined, as the name under an official signature is
		o.drawColor(black)
		o.line(x+(a.w-l.w)/2, y+l.h-0.6, x+(a.w+l.w)/2, y+l.h-0.6)
		y += l.h
	}
	if a.nip != "" {
		o.textCenter(x+a.w/2, base(y), label(lang, "sop_nip")+" "+a.nip, regular, st.size, black)
	}
	y += st.lineH()
	o.y = y + 2
}

// keepWithApproval starts a new page before the body's last blocks (the last
// block and the headings right before it) when they fit on this page but the
// approval block after them would not: an approval block does not stand
// alone on a page when the text before it can go with it.
func (m *mdr) keepWithApproval(tail []ast.Node, a *approval) {
	o := m.o
	if a == nil || len(tail) == 0 {
		return
	}
	h := m.measure(tail)
	if h <= 0 || o.y+h+a.h <= o.bottom || o.y+h > o.bottom || h+a.h > o.bottom-o.top {
		return
	}
	o.newPage()
}

// measure returns the height blocks take when drawn at the top of a page of
// this width, drawing them on a scratch PDF; -1 when they take more than a page.
func (m *mdr) measure(blocks []ast.Node) float64 {
	p := newOut(m.o.lang, m.rc.today, docMeta{})
	p.noSign = true
	p.begin(&section{orient: "P", marginX: m.o.left})
	pm := *m
	pm.o, pm.heads, pm.marker = p, map[string]int{}, nil
	pm.x, pm.w = p.left+(m.x-m.o.left), m.w
	for _, n := range blocks {
		pm.block(n)
	}
	if p.f.PageCount() > 1 {
		return -1
	}
	return p.y - p.top + 3
}
