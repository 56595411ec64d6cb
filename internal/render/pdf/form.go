package pdf

import (
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
)

const blank = "...................................."

// renderForm draws the resolved form of a change record (the seeds'
// "Formulir Permintaan Sistem Informasi"): its sections in order — kind of
// request with ticked boxes, the request, the assessment, the decision —
// then the four signature blocks, after what they approve.
//
// A form is meant for one sheet: when the regular layout would need a second
// page, a denser one (smaller letterhead, tighter lines, smaller empty boxes)
// is tried first; the densest that fits on one page is drawn, else the
// regular one, where the decision stays on the page of the signatures.
func renderForm(o *out, rc *rctx, reg *model.Register, rec *model.Record) {
	lang := rc.lang
	form := resolve.LayoutRFCForm(reg, rec, rc.site.Registers["services"], lang, func(k string) string { return label(lang, k) })
	chosen := formDensities[0]
	for _, fd := range formDensities {
		probe := newOut(lang, rc.today, docMeta{})
		probe.noSign = true
		drawForm(probe, rc, reg, rec, form, fd)
		if probe.f.PageCount() == 1 {
			chosen = fd
			break
		}
	}
	drawForm(o, rc, reg, rec, form, chosen)
}

// formDensity is a set of measures of the form's layout.
type formDensity struct {
	logo, kopGap    float64 // letterhead: logo box, space under it
	titleGap        float64 // space under the title and number
	size, boxSize   float64 // text of the fields and of the boxes
	fieldGap        float64 // space under a field
	descLines, more int     // empty lines of the description and other boxes
	boxGap          float64 // space under a box
	pad             float64 // padding of the assessment table
	sign            float64 // signature space
}

var formDensities = []formDensity{
	{logo: 22, kopGap: 5, titleGap: 5, size: 10, boxSize: 9.5, fieldGap: 1.2, descLines: 3, more: 2, boxGap: 4, pad: 1.4, sign: 22},
	{logo: 17, kopGap: 3.5, titleGap: 3, size: 9.5, boxSize: 9, fieldGap: 0.5, descLines: 2, more: 1, boxGap: 3, pad: 0.9, sign: 20},
	{logo: 14, kopGap: 2.5, titleGap: 2, size: 9, boxSize: 8.5, fieldGap: 0.2, descLines: 1, more: 1, boxGap: 2.2, pad: 0.6, sign: 18},
}

// drawForm draws the form in the measures of fd.
func drawForm(o *out, rc *rctx, reg *model.Register, rec *model.Record, form *resolve.RFCForm, fd formDensity) {
	lang := rc.lang
	o.source(rec.Pos.File)
	status := ""
	if f := reg.Schema.Field("status"); f != nil && f.Index < len(rec.Cells) {
		status = localize.Value(reg, rec, f, lang)
	}
	sec := &section{orient: "P", marginX: 20, bottom: 18,
		header: func(o *out) {
			if o.f.PageNo() == o.sec.grp.first {
				o.top = kopSized(o, rc, 10, fd.logo) + fd.kopGap
				return
			}
			o.textAt(o.left, 12, form.Title+" — "+rec.ID+" "+label(lang, "continued"), regular, 8, gray)
			o.top = 18
		},
		footer: func(o *out, n, total int) {
			x, w := o.left, o.right-o.left
			y := o.pageH - 13
			o.drawColor(rule)
			o.line(x, y, x+w, y)
			o.drawColor(black)
			// an official form: no repository path in its footer
			left := label(lang, "status") + ": " + status
			o.textAt(x, y+4, left, regular, 7, gray)
			o.textRight(x+w, y+4, labelf(lang, "page_of", n, total), bold, 8, black)
		}}
	o.begin(sec)
	o.bookmark(form.Title+" "+rec.ID, 0, 0)
	x, w := o.left, o.right-o.left

	// title
	tst := style{face: bold, size: 13, color: black}
	o.para(plain(form.Title, tst), x, w, tst, 'C', nil)
	sub := style{face: regular, size: 9.5, color: black}
	o.para(plain(form.NumberLabel+": "+form.Number, sub), x, w, sub, 'C', nil)
	o.y += fd.titleGap

	lst := style{face: bold, size: 10, color: black}
	for _, s := range form.Sections {
		switch s.Key {
		case resolve.FormKind:
			o.para(plain(s.Title+" :", lst), x, w, lst, 'L', nil)
			o.y += 1
			formChecks(o, s.Checks, fd)
		case resolve.FormAssessment:
			var plan [][]tcell
			for _, f := range s.Fields {
				plan = append(plan, []tcell{{runs: plain(f.Label, labelStyle), fill: &rgb{246, 247, 250}}, textCell(f.Value, valueStyle)})
			}
			o.y += 2
			o.need(20)
			o.para(plain(s.Title+" :", lst), x, w, lst, 'L', nil)
			o.y += 1
			o.drawRows(&table{x: x, widths: []float64{48, w - 48}, base: valueStyle, pad: fd.pad}, plan)
			o.y += fd.boxGap + 1
		case resolve.FormDecision:
			// the decision stays on the page of the signatures
			o.need(28 + formSignaturesH(fd) + 2)
			o.para(plain(s.Title, lst), x, w, lst, 'L', nil)
			o.y += 1
			dx := x + 4
			for _, c := range s.Checks {
				sz := 3.6
				o.checkbox(dx, o.y+0.6, sz, c.Checked)
				fc := regular
				if c.Checked {
					fc = bold
				}
				o.textAt(dx+sz+2, o.y+0.6+sz*0.85, c.Label, fc, 9.5, black)
				dx += sz + 2 + o.width(o.clean(c.Label, fc), fc, 9.5) + 12
			}
			o.y += 7
			formFields(o, s.Fields, fd)
		default:
			if s.Title != "" {
				o.para(plain(s.Title+" :", lst), x, w, lst, 'L', nil)
			}
			formFields(o, s.Fields, fd)
		}
	}

	// signatures
	o.y += 2
	formSignatures(o, form, fd)

	if rec.Notes != "" {
		o.y += 3
		nst := style{face: regular, size: 8, color: gray}
		o.para(plain(label(lang, "notes")+": "+rec.Notes, nst), x, w, nst, 'L', nil)
	}
}

// formChecks draws boxes to tick in three columns inside a frame.
func formChecks(o *out, checks []resolve.FormCheck, fd formDensity) {
	x, w := o.left, o.right-o.left
	rows := (len(checks) + 2) / 3
	cst := style{face: regular, size: fd.boxSize, color: black}
	lh := cst.lineH() + 1.6
	o.need(float64(rows)*lh + 4)
	boxTop := o.y
	o.drawColor(rule)
	o.rect(x, boxTop, w, float64(rows)*lh+3, "D")
	o.drawColor(black)
	colW := (w - 6) / 3
	for i, k := range checks {
		c, r := i/rows, i%rows
		bx := x + 3 + float64(c)*colW
		by := boxTop + 1.5 + float64(r)*lh
		s := 3.6
		o.checkbox(bx, by+(lh-s)/2, s, k.Checked)
		txt := k.Label
		if k.Value == "other" {
			txt += " : "
			if k.Note != "" {
				txt += k.Note
			} else {
				txt += "........"
			}
		}
		fc := regular
		if k.Checked {
			fc = bold
		}
		o.textAt(bx+s+2, by+lh/2+cst.size*ptMM*0.34, txt, fc, cst.size, black)
	}
	o.y = boxTop + float64(rows)*lh + 3 + fd.boxGap + 1
}

// formFields draws fields in order: "Label : value" lines, and long ones as framed boxes.
func formFields(o *out, fields []resolve.FormField, fd formDensity) {
	for i, f := range fields {
		if f.Long {
			if i > 0 && !fields[i-1].Long {
				o.y += 2
			}
			lines := fd.more
			if f.Key == "description" {
				lines = fd.descLines
			}
			formBox(o, f.Label+" :", f.Value, lines, fd)
			continue
		}
		formField(o, f.Label, f.Value, 42, fd)
	}
}

// sigNames are the names of the RFC form's signature fields, by block.
var sigNames = map[string]string{"submitted": "ttd_pemohon", "approved": "ttd_penyetuju",
	"acknowledged": "ttd_mengetahui", "received": "ttd_penerima"}

// formField draws "Label : value" with the value wrapped in its column.
func formField(o *out, k, v string, lw float64, fd formDensity) {
	x, w := o.left, o.right-o.left
	st := style{face: regular, size: fd.size, color: black}
	if v == "" {
		v = blank
	}
	lines := o.layout(plain(v, st), w-lw-4, st)
	o.need(linesH(lines))
	base := o.y + st.lineH()/2 + st.size*ptMM*0.34
	o.textAt(x, base, k, regular, st.size, black)
	o.textAt(x+lw, base, ":", regular, st.size, black)
	for _, l := range lines {
		o.drawLine(l, x+lw+4, o.y, w-lw-4, 'L')
		o.y += l.h
	}
	o.y += fd.fieldGap
}

// formBox draws a caption and a framed box holding text (dotted lines when empty).
func formBox(o *out, caption, text string, minLines int, fd formDensity) {
	x, w := o.left, o.right-o.left
	cst := style{face: regular, size: fd.size, color: black}
	st := style{face: regular, size: fd.boxSize, color: black}
	lines := o.layout(plain(text, st), w-6, st)
	if text == "" {
		lines = nil
	}
	h := maxF(linesH(lines), float64(minLines)*st.lineH()) + 4
	o.need(cst.lineH() + minF(h, 40))
	o.para(plain(caption, cst), x, w, cst, 'L', nil)
	o.y += 0.6
	top := o.y
	y := top + 2
	for _, l := range lines {
		if y+l.h > o.bottom {
			o.drawColor(rule)
			o.rect(x, top, w, y+2-top, "D")
			o.newPage()
			top, y = o.y, o.y+2
		}
		o.drawLine(l, x+3, y, w-6, 'L')
		y += l.h
	}
	if len(lines) == 0 {
		o.drawColor(rgb{170, 170, 170})
		o.f.SetDashPattern([]float64{0.6, 0.8}, 0)
		for i := 1; i <= minLines; i++ {
			ly := top + 2 + float64(i)*st.lineH() - 0.8
			o.line(x+3, ly, x+w-3, ly)
		}
		o.f.SetDashPattern(nil, 0)
		y = top + h - 2
	}
	bottom := maxF(y+2, top+h)
	o.drawColor(rule)
	o.rect(x, top, w, bottom-top, "D")
	o.drawColor(black)
	o.y = bottom + fd.boxGap
}

// formSignatures draws the signature blocks side by side: role, space to sign, name, date.
func formSignatures(o *out, form *resolve.RFCForm, fd formDensity) {
	x, w := o.left, o.right-o.left
	cw := w / float64(max(1, len(form.Signatures)))
	hst := style{face: bold, size: 9, color: black}
	st := style{face: regular, size: 9, color: black}
	head, sign, name, date := sigHead, fd.sign, sigName, sigDate
	total := formSignaturesH(fd)
	o.need(total)
	top := o.y
	o.drawColor(rule)
	for i, b := range form.Signatures {
		cx := x + float64(i)*cw
		o.fillColor(headFill)
		o.rect(cx, top, cw, head, "FD")
		o.fillColor(white)
		o.rect(cx, top+head, cw, sign+name+date, "D")
		o.textCenter(cx+cw/2, top+head/2+hst.size*ptMM*0.34, b.Role, bold, hst.size, black)
		fname := sigNames[b.Key]
		if fname == "" {
			fname = "ttd_" + b.Key
		}
		o.signatureField(fname, cx+1.5, top+head+1, cw-3, sign-2)
		n := b.Name
		if n == "" {
			n = "( ........................ )"
		} else {
			n = "( " + n + " )"
		}
		ny := top + head + sign
		for _, l := range o.layout(plain(n, st), cw-4, st) {
			o.drawLine(l, cx+2, ny, cw-4, 'C')
			ny += l.h
		}
		d := b.Date
		if d == "" {
			d = "................"
		}
		o.textAt(cx+2.5, top+head+sign+name+date/2+st.size*ptMM*0.34-0.5, form.DateLabel+": "+d, regular, 8.5, black)
	}
	o.drawColor(black)
	o.y = top + total
}

// the measures of a signature block: head, name and date rows
const sigHead, sigName, sigDate = 7.0, 11.0, 7.0

// formSignaturesH is the height of the signature blocks.
func formSignaturesH(fd formDensity) float64 { return sigHead + fd.sign + sigName + sigDate }
