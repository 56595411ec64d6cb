package pdf

import (
	"strings"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/view"
)

const blank = "...................................."

// renderForm draws the resolved form of a change record (the seeds'
// "Formulir Permintaan Sistem Informasi"): its sections in order — kind of
// request with ticked boxes, the request, the assessment, the decision —
// then the four signature blocks, after what they approve.
func renderForm(o *out, rc *rctx, reg *model.Register, rec *model.Record) {
	lang := rc.lang
	o.source(rec.Pos.File)
	form := resolve.LayoutRFCForm(reg, rec, rc.site.Registers["services"], lang, func(k string) string { return label(lang, k) })
	status := ""
	if f := reg.Schema.Field("status"); f != nil && f.Index < len(rec.Cells) {
		status = view.Value(reg, rec, f, lang)
	}
	sec := &section{orient: "P", marginX: 20, bottom: 18,
		header: func(o *out) {
			if o.f.PageNo() == o.sec.grp.first {
				formKop(o, rc)
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
			left := label(lang, "status") + ": " + status + "   ·   " + label(lang, "source") + ": " + rec.Pos.File
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
	o.y += 5

	lst := style{face: bold, size: 10, color: black}
	for _, s := range form.Sections {
		switch s.Key {
		case resolve.FormKind:
			o.para(plain(s.Title+" :", lst), x, w, lst, 'L', nil)
			o.y += 1
			formChecks(o, s.Checks)
		case resolve.FormAssessment:
			var plan [][]tcell
			for _, f := range s.Fields {
				plan = append(plan, []tcell{{runs: plain(f.Label, labelStyle), fill: &rgb{246, 247, 250}}, textCell(f.Value, valueStyle)})
			}
			o.y += 2
			o.need(20)
			o.para(plain(s.Title+" :", lst), x, w, lst, 'L', nil)
			o.y += 1
			o.drawRows(&table{x: x, widths: []float64{48, w - 48}, base: valueStyle, pad: 1.4}, plan)
			o.y += 5
		case resolve.FormDecision:
			o.need(28)
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
			formFields(o, s.Fields)
		default:
			if s.Title != "" {
				o.para(plain(s.Title+" :", lst), x, w, lst, 'L', nil)
			}
			formFields(o, s.Fields)
		}
	}

	// signatures
	o.y += 2
	formSignatures(o, form)

	if rec.Notes != "" {
		o.y += 3
		nst := style{face: regular, size: 8, color: gray}
		o.para(plain(label(lang, "notes")+": "+rec.Notes, nst), x, w, nst, 'L', nil)
	}
}

// formChecks draws boxes to tick in three columns inside a frame.
func formChecks(o *out, checks []resolve.FormCheck) {
	x, w := o.left, o.right-o.left
	rows := (len(checks) + 2) / 3
	cst := style{face: regular, size: 9.5, color: black}
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
	o.y = boxTop + float64(rows)*lh + 3 + 5
}

// formFields draws fields in order: "Label : value" lines, and long ones as framed boxes.
func formFields(o *out, fields []resolve.FormField) {
	for i, f := range fields {
		if f.Long {
			if i > 0 && !fields[i-1].Long {
				o.y += 2
			}
			lines := 2
			if f.Key == "description" {
				lines = 3
			}
			formBox(o, f.Label+" :", f.Value, lines)
			continue
		}
		formField(o, f.Label, f.Value, 42)
	}
}

// formKop is the letterhead: organisation and unit over a double rule.
func formKop(o *out, rc *rctx) {
	x, w := o.left, o.right-o.left
	y := 12.0
	ost := style{face: bold, size: 12, color: black}
	y = o.para0(strings.ToUpper(rc.site.Settings.Organization), x, y, w, ost, 'C')
	if u := rc.site.Settings.Unit; u != "" {
		y = o.para0(strings.ToUpper(u), x, y, w, style{face: bold, size: 10, color: black}, 'C')
	}
	y += 1.5
	o.f.SetLineWidth(0.8)
	o.line(x, y, x+w, y)
	o.f.SetLineWidth(0.25)
	o.line(x, y+1.1, x+w, y+1.1)
	o.f.SetLineWidth(0.2)
	o.top = y + 7
}

// formField draws "Label : value" with the value wrapped in its column.
func formField(o *out, k, v string, lw float64) {
	x, w := o.left, o.right-o.left
	st := style{face: regular, size: 10, color: black}
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
	o.y += 1.2
}

// formBox draws a caption and a framed box holding text (dotted lines when empty).
func formBox(o *out, caption, text string, minLines int) {
	x, w := o.left, o.right-o.left
	cst := style{face: regular, size: 10, color: black}
	st := style{face: regular, size: 9.5, color: black}
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
	o.y = bottom + 4
}

// formSignatures draws the signature blocks side by side: role, space to sign, name, date.
func formSignatures(o *out, form *resolve.RFCForm) {
	x, w := o.left, o.right-o.left
	cw := w / float64(max(1, len(form.Signatures)))
	hst := style{face: bold, size: 9, color: black}
	st := style{face: regular, size: 9, color: black}
	head := 7.0
	sign := 22.0
	name := 11.0
	date := 7.0
	total := head + sign + name + date
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
