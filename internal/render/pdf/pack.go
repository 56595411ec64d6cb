package pdf

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// renderPack writes the audit pack: cover, contents with page numbers, the
// coverage matrix, every approved document, every register and the summary of
// findings, with nested bookmarks and internal links between all of it.
func renderPack(o *out, rc *rctx) {
	lang := rc.lang
	site := rc.site
	o.noSign = true // signed are the documents themselves, not their collection
	var docs []*model.Document
	for _, d := range site.Documents {
		if d.Approved() {
			docs = append(docs, d)
		}
	}
	regs := site.RegisterNames()
	full := packDocs(docs)
	// every destination inside the pack is known before anything is drawn
	for _, d := range docs {
		if full[d] {
			announceDoc(o, d)
		} else {
			o.announce(docKey(d.DocID, ""))
		}
	}
	indexed := len(full) < len(docs) // some documents are only listed
	for _, name := range regs {
		o.announce(regKey(name, ""))
	}
	recLinks := map[string]string{} // record destinations by key, to their register's key
	for _, d := range docs {
		for _, l := range d.Links {
			if l.Kind == "reg" && l.RecordID != "" {
				if r := site.Registers[l.Register]; r != nil && r.ByID[l.RecordID] != nil {
					k := regKey(l.Register, l.RecordID)
					o.announce(k)
					recLinks[k] = regKey(l.Register, "")
				}
			}
		}
	}
	fws := rc.facts.Coverage

	grp := &group{}
	own := func() *section {
		return &section{orient: "P", marginX: 18, grp: grp, header: packHeader(rc), footer: packFooter(rc)}
	}
	// cover
	o.begin(&section{orient: "P", marginX: 22, grp: grp})
	o.bookmark(label(lang, "audit_pack_title"), 0, 0)
	packCover(o, rc, fws, len(docs))

	// contents (reserved, filled at the end)
	o.begin(own())
	o.bookmark(label(lang, "toc"), 0, 0)
	o.target("pack:contents", 0)
	title := style{face: bold, size: 14, color: rgb{20, 35, 70}}
	o.para(plain(label(lang, "toc"), title), o.left, o.right-o.left, title, 'L', nil)
	o.y += 3
	var entries []tocEntry
	add := func(text, key string, level int) {
		entries = append(entries, tocEntry{text: text, key: key, level: level})
	}
	add(label(lang, "coverage"), "pack:coverage", 0)
	for _, fw := range fws {
		add(fw.Title.In(lang), "pack:fw:"+fw.Name, 1)
	}
	add(label(lang, "approved_documents"), "pack:documents", 0)
	if indexed {
		add(label(lang, "pack_documents_index"), "pack:docindex", 1)
	}
	for _, d := range docs {
		if full[d] {
			add(d.DocID+" — "+d.Title, docKey(d.DocID, ""), 1)
		}
	}
	add(label(lang, "registers"), "pack:registers", 0)
	for _, name := range regs {
		add(regLabel(site.Registers[name], lang), regKey(name, ""), 1)
	}
	add(label(lang, "findings_summary"), "pack:findings", 0)
	lh := style{size: 9.5}.lineH() + 0.6
	for i := range entries {
		if entries[i].level == 0 && i > 0 {
			o.y += 2
		}
		o.need(lh)
		ind := float64(entries[i].level) * 6
		entries[i].page, entries[i].y, entries[i].x, entries[i].w = o.f.PageNo(), o.y, o.left+ind, o.right-o.left-ind
		o.y += lh
	}

	// coverage matrix
	o.begin(own())
	o.target("pack:coverage", 0)
	o.bookmark(label(lang, "coverage"), 0, 0)
	packCoverage(o, rc, fws)

	// documents
	if len(docs) == 0 {
		o.begin(own())
		o.target("pack:documents", 0)
		o.bookmark(label(lang, "approved_documents"), 0, 0)
		o.textBlock(label(lang, "no_approved_documents"), o.left, o.right-o.left, style{face: regular, size: 10, color: gray}, 'L')
	}
	if indexed {
		o.begin(own())
		o.target("pack:documents", 0)
		o.bookmark(label(lang, "approved_documents"), 0, 0)
		packDocIndex(o, rc, docs, full)
	}
	first := !indexed
	for _, d := range docs {
		if !full[d] {
			continue
		}
		if first {
			next := o.f.PageCount() + 1
			o.targetAt("pack:documents", next, 0)
			o.bookmarkAt(label(lang, "approved_documents"), 0, next, 0)
			first = false
		}
		renderDocument(o, rc, d, 1)
	}
	// registers
	for i, name := range regs {
		if i == 0 {
			next := o.f.PageCount() + 1
			o.targetAt("pack:registers", next, 0)
			o.bookmarkAt(label(lang, "registers"), 0, next, 0)
		}
		packRegister(o, rc, site.Registers[name], 1)
	}
	// a linked record the pack does not list (outside the audit period) leads to its register
	keys := make([]string, 0, len(recLinks))
	for k := range recLinks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !o.linkSet[k] {
			o.targetAt(k, o.linkPage[recLinks[k]], 0)
		}
	}
	// findings
	o.source("")
	o.begin(own())
	o.target("pack:findings", 0)
	o.bookmark(label(lang, "findings_summary"), 0, 0)
	packFindings(o, rc)

	// fill the contents now that pages are known
	last := o.f.PageNo()
	for _, e := range entries {
		o.visit(e.page)
		fc := regular
		if e.level == 0 {
			fc = bold
		}
		size := 9.5
		base := e.y + lh/2 + size*ptMM*0.34
		num := ""
		if p := o.linkPage[e.key]; p > 0 {
			num = strconv.Itoa(p)
		}
		text := o.clean(e.text, fc)
		maxW := e.w - 16
		for text != "" && o.width(text, fc, size) > maxW {
			rs := []rune(text)
			text = string(rs[:len(rs)-2]) + "…"
		}
		o.setFont(fc, size)
		o.textColor(black)
		o.text(e.x, base, text)
		tw := o.width(text, fc, size)
		dw := o.width(". ", regular, size)
		if n := int((e.w - 12 - tw - 2) / dw); n > 0 {
			o.setFont(regular, size)
			o.textColor(gray)
			o.text(e.x+e.w-12-float64(n)*dw, base, strings.Repeat(". ", n))
		}
		o.textRight(e.x+e.w, base, num, fc, size, black)
		o.linkTo(e.x, e.y, e.w, lh, linkTarget{key: e.key})
	}
	o.back(last)
}

func packHeader(rc *rctx) func(o *out) {
	return func(o *out) {
		x, w := o.left, o.right-o.left
		o.para0(strings.ToUpper(rc.site.Settings.Organization), x, 9, w*0.6, style{face: bold, size: 8, color: black}, 'L')
		o.para0(rc.site.Settings.Unit, x, 12.6, w*0.6, style{face: regular, size: 7.5, color: gray}, 'L')
		o.para0(label(rc.lang, "audit_pack_title")+" · "+localize.Date(rc.today, rc.lang), x+w*0.5, 9, w*0.5, style{face: bold, size: 8, color: rgb{20, 35, 70}}, 'R')
		o.drawColor(rule)
		o.f.SetLineWidth(0.3)
		o.line(x, 18, x+w, 18)
		o.f.SetLineWidth(0.2)
		o.drawColor(black)
		o.top = 23
	}
}

func packFooter(rc *rctx) func(o *out, n, total int) {
	return func(o *out, n, total int) {
		x, w := o.left, o.right-o.left
		y := o.pageH - 14
		o.drawColor(rule)
		o.line(x, y, x+w, y)
		o.drawColor(black)
		o.textCenter(x+w/2, y+4, label(rc.lang, "uncontrolled"), regular, 7, darkRed)
		o.textRight(x+w, y+4, labelf(rc.lang, "page_of", o.f.PageNo(), o.f.PageCount()), bold, 8.5, black)
	}
}

func packCover(o *out, rc *rctx, fws []*resolve.Framework, ndocs int) {
	lang := rc.lang
	site := rc.site
	x, w := o.left, o.right-o.left
	navy := rgb{20, 35, 70}
	o.fillColor(navy)
	o.rect(0, 0, o.pageW, 8, "F")
	o.fillColor(white)
	o.y = 40
	if siteLogo(o, rc) != nil {
		const lh = 30.0
		drawLogo(o, rc, x, 22, w, lh)
		o.y = 22 + lh + 8
	}
	o.para(plain(strings.ToUpper(site.Settings.Organization), style{face: bold, size: 15, color: black}), x, w, style{face: bold, size: 15}, 'C', nil)
	if site.Settings.Unit != "" {
		o.para(plain(site.Settings.Unit, style{face: regular, size: 12, color: gray}), x, w, style{size: 12}, 'C', nil)
	}
	o.y += 30
	o.drawColor(navy)
	o.f.SetLineWidth(0.8)
	o.line(x+20, o.y, x+w-20, o.y)
	o.y += 8
	o.para(plain(strings.ToUpper(label(lang, "audit_pack_title")), style{face: bold, size: 30, color: navy}), x, w, style{size: 30}, 'C', nil)
	o.y += 2
	o.para(plain(label(lang, "audit_pack_subtitle"), style{face: regular, size: 12.5, color: black}), x, w, style{size: 12.5}, 'C', nil)
	if t := site.Settings.BaseTitle; t != "" {
		o.y += 2
		o.para(plain(t, style{face: italic, size: 11, color: gray}), x, w, style{size: 11}, 'C', nil)
	}
	o.y += 6
	o.line(x+20, o.y, x+w-20, o.y)
	o.f.SetLineWidth(0.2)
	o.drawColor(black)
	o.y += 16
	kst := style{face: bold, size: 10.5, color: black}
	vst := style{face: regular, size: 10.5, color: black}
	row := func(k, v string) {
		lines := o.layout(plain(v, vst), w-60, vst)
		base := o.y + vst.lineH()/2 + vst.size*ptMM*0.34
		o.textAt(x+10, base, k, bold, kst.size, black)
		for _, l := range lines {
			o.drawLine(l, x+55, o.y, w-60, 'L')
			o.y += l.h
		}
		o.y += 2
	}
	row(label(lang, "date"), localize.Date(rc.today, lang))
	var names []string
	for _, fw := range fws {
		names = append(names, fw.Title.In(lang))
	}
	row(label(lang, "frameworks"), strings.Join(names, "\n"))
	nrec := 0
	for _, r := range site.Registers {
		nrec += len(r.Records)
	}
	row(label(lang, "audit_pack_holds"), labelf(lang, "audit_pack_counts", ndocs, len(site.Registers), nrec))
	row(label(lang, "audit_period"), localize.Date(rc.facts.Period.From, lang)+" – "+localize.Date(rc.facts.Period.To, lang))
	if rc.maxClass != "" {
		o.y += 4
		st := style{face: bold, size: 10, color: darkRed}
		o.para(plain(labelf(lang, "restricted", rc.maxClass), st), x, w, st, 'C', nil)
	}
	// colophon
	cst := style{face: regular, size: 7.5, color: gray}
	y := o.pageH - 26
	y = o.para0(labelf(lang, "generated_version", rc.version), x, y, w, cst, 'C')
	y = o.para0(label(lang, "audit_pack_fonts")+": "+fontCredit, x, y, w, cst, 'C')
	o.para0(label(lang, "uncontrolled"), x, y+1, w, style{face: italic, size: 8, color: darkRed}, 'C')
}

// newest returns the newest date of a register's records (by its date field).
func newest(reg *model.Register) time.Time {
	var t time.Time
	if reg.Schema == nil || reg.Schema.DateField == "" {
		return t
	}
	for _, rec := range reg.Records {
		if c := reg.Get(rec, reg.Schema.DateField); c.Valid() && c.Time().After(t) {
			t = c.Time()
		}
	}
	return t
}

func packCoverage(o *out, rc *rctx, fws []*resolve.Framework) {
	lang := rc.lang
	title := style{face: bold, size: 14, color: rgb{20, 35, 70}}
	o.para(plain(label(lang, "coverage"), title), o.left, o.right-o.left, title, 'L', nil)
	o.y += 2
	w := o.right - o.left
	hb := style{face: bold, size: 8, color: black}
	base := style{face: regular, size: 7.8, color: black}
	small := style{face: regular, size: 7, color: gray}
	for fi, fw := range fws {
		if fi > 0 {
			o.y += 6
		}
		o.need(30)
		o.target("pack:fw:"+fw.Name, o.y)
		o.bookmark(fw.Title.In(lang), 1, o.y)
		fst := style{face: bold, size: 10.5, color: black}
		o.para(plain(fw.Title.In(lang), fst), o.left, w, fst, 'L', nil)
		sst := style{face: regular, size: 8.5, color: gray}
		if src := fw.Source.In(lang); src != "" {
			srcSt := style{face: regular, size: 7.5, color: gray}
			o.para(plain(label(lang, "source")+": "+src, srcSt), o.left, w, srcSt, 'L', nil)
		}
		o.para(plain(labelf(lang, "requirements_covered", fw.Covered, fw.Total())+" · "+labelf(lang, "count_gaps", fw.Gaps), sst), o.left, w, sst, 'L', nil)
		o.y += 1.5
		header := []tcell{textCell(label(lang, "clause"), hb), textCell(label(lang, "requirement"), hb), textCell(label(lang, "documents"), hb),
			textCell(label(lang, "registers"), hb), textCell(label(lang, "status"), hb)}
		var cells [][]tcell
		for _, r := range fw.Requirements {
			reqSt := base
			if r.Parent == "" {
				reqSt.face = bold
			}
			var dr []run
			for i, d := range r.Docs {
				if i > 0 {
					dr = append(dr, run{text: "\n", st: base})
				}
				ls := base
				ls.color, ls.link = linkBlue, linkTarget{key: docKey(d.DocID, "")}
				dr = append(dr, run{text: d.DocID, st: ls}, run{text: " " + d.Title, st: base})
				if eff := d.Cell("effective_date"); eff.Valid() {
					dr = append(dr, run{text: " (" + localize.Date(eff.Time(), lang) + ")", st: small})
				}
				if v := r.DocVia[d]; v != "" {
					dr = append(dr, run{text: " (" + labelf(lang, resolve.ViaKey, resolve.ViaText(v)) + ")", st: small})
				}
			}
			for _, d := range r.InProgress {
				if len(dr) > 0 {
					dr = append(dr, run{text: "\n", st: base})
				}
				note := meta(rc, d, "status", lang) + "; " + label(lang, resolve.InProgressKey)
				if v := r.DocVia[d]; v != "" {
					note += "; " + labelf(lang, resolve.ViaKey, resolve.ViaText(v))
				}
				dr = append(dr, run{text: d.DocID + " (" + note + ")", st: small})
			}
			var rr []run
			for i, reg := range r.Registers {
				if i > 0 {
					rr = append(rr, run{text: "\n", st: base})
				}
				ls := base
				ls.color, ls.link = linkBlue, linkTarget{key: regKey(reg.Name, "")}
				rr = append(rr, run{text: regLabel(reg, lang), st: ls})
				info := strconv.Itoa(r.Records[reg])
				if t := newest(reg); !t.IsZero() {
					info += "; " + label(lang, "newest") + " " + localize.Date(t, lang)
				}
				if v := r.RegVia[reg]; v != "" {
					info += "; " + labelf(lang, resolve.ViaKey, resolve.ViaText(v))
				}
				rr = append(rr, run{text: " (" + info + ")", st: small})
			}
			for _, reg := range r.Empty {
				if len(rr) > 0 {
					rr = append(rr, run{text: "\n", st: base})
				}
				ls := small
				ls.link = linkTarget{key: regKey(reg.Name, "")}
				info := "0"
				if v := r.RegVia[reg]; v != "" {
					info += "; " + labelf(lang, resolve.ViaKey, resolve.ViaText(v))
				}
				rr = append(rr, run{text: regLabel(reg, lang) + " (" + info + ")", st: ls})
			}
			var state tcell
			switch r.Status {
			case resolve.Covered:
				state = tcell{runs: plain(label(lang, r.StatusKey()), style{face: bold, size: 7.8, color: rgb{20, 110, 50}})}
			case resolve.Sub:
				state = tcell{runs: plain(label(lang, r.StatusKey()), style{face: regular, size: 7.5, color: gray})}
			default:
				red := rgb{253, 228, 228}
				runs := plain(label(lang, r.StatusKey()), style{face: bold, size: 7.8, color: darkRed})
				why := label(lang, r.ReasonKey())
				if r.Reason == resolve.Partial {
					why = labelf(lang, r.ReasonKey(), r.MissingText(lang))
				}
				runs = append(runs, run{text: "\n" + why, st: style{face: regular, size: 7, color: darkRed}})
				state = tcell{runs: runs, fill: &red}
			}
			cells = append(cells, []tcell{
				textCell(r.ID, reqSt),
				{runs: plain(strings.Repeat("  ", maxInt(r.Depth-1, 0))+r.Title.In(lang), reqSt)},
				{runs: dr}, {runs: rr}, state,
			})
		}
		t := &table{x: o.left, widths: []float64{15, 46, w - 15 - 46 - 44 - 20, 44, 20}, header: [][]tcell{header}, base: base, pad: 1.3}
		o.drawRows(t, cells)
	}
}

func minInt(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func packFindings(o *out, rc *rctx) {
	lang := rc.lang
	w := o.right - o.left
	title := style{face: bold, size: 14, color: rgb{20, 35, 70}}
	o.para(plain(label(lang, "findings_summary"), title), o.left, w, title, 'L', nil)
	o.y += 2
	fs := rc.findings
	if len(fs) == 0 {
		o.textBlock(label(lang, "no_findings"), o.left, w, style{face: regular, size: 10, color: gray}, 'L')
		return
	}
	errs := diag.Count(fs, diag.Error)
	warns := diag.Count(fs, diag.Warning) - errs // Count counts a severity and worse
	infos := len(fs) - errs - warns
	sst := style{face: regular, size: 9.5, color: black}
	o.para(plain(labelf(lang, "findings_counts", errs, warns, maxInt(infos, 0)), sst), o.left, w, sst, 'L', nil)
	o.y += 3
	hb := style{face: bold, size: 8, color: black}
	base := style{face: regular, size: 7.8, color: black}
	// by code
	sectionTitle(o, label(lang, "findings_by_code"), 1)
	type cc struct {
		code, sev string
		n         int
	}
	byCode := map[string]*cc{}
	for _, f := range fs {
		c := byCode[f.Code]
		if c == nil {
			c = &cc{code: f.Code, sev: f.Severity.String()}
			byCode[f.Code] = c
		}
		c.n++
	}
	var codes []*cc
	for _, c := range byCode {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if codes[i].n != codes[j].n {
			return codes[i].n > codes[j].n
		}
		return codes[i].code < codes[j].code
	})
	var rows [][]tcell
	for _, c := range codes {
		rows = append(rows, []tcell{textCell(c.code, base), textCell(sevLabel(c.sev, lang), base), {runs: plain(strconv.Itoa(c.n), base), align: 'R'}})
	}
	o.drawRows(&table{x: o.left, widths: []float64{70, 30, 20}, base: base, pad: 1.3,
		header: [][]tcell{{textCell(label(lang, "code"), hb), textCell(label(lang, "severity"), hb), textCell(label(lang, "count"), hb)}}}, rows)
	o.y += 6
	// every finding
	sectionTitle(o, label(lang, "findings_list"), 1)
	i := 0
	o.drawTable(&table{x: o.left, widths: []float64{52, 32, w - 84}, base: base, pad: 1.3,
		header: [][]tcell{{textCell(label(lang, "location"), hb), textCell(label(lang, "code"), hb), textCell(label(lang, "message"), hb)}}},
		func() ([]tcell, bool) {
			if i >= len(fs) {
				return nil, false
			}
			f := fs[i]
			i++
			where := f.File
			if f.Line > 0 {
				where += ":" + strconv.Itoa(f.Line)
			}
			if f.Record != "" {
				where += "\n" + f.Record
				if f.Field != "" {
					where += " · " + f.Field
				}
			}
			return []tcell{textCell(where, base), textCell(f.Code+"\n"+sevLabel(f.Severity.String(), lang), base), textCell(f.Message, base)}, true
		})
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func sevLabel(s, lang string) string {
	switch s {
	case "error":
		return label(lang, "sev_error")
	case "warning":
		return label(lang, "sev_warning")
	case "info":
		return label(lang, "sev_info")
	}
	return s
}

// The pack shows at most this many records of the audit period and this many
// exceptions per register; the rest are counted and left to the workbook.
const (
	packPeriodRows    = 400
	packExceptionRows = 150
)

// packRegister writes a register's part of the audit pack: its summary (by
// status, priority and month), the exceptions to sample first and the records
// of the audit period, saying what is left out and where it is.
func packRegister(o *out, rc *rctx, reg *model.Register, outline int) {
	lang := rc.lang
	facts := rc.facts
	a := facts.Audit(reg.Name)
	o.source(reg.Path)
	sec := &section{orient: "L", marginX: 12, header: regHeader(rc, reg), footer: regFooter(rc, reg), bottom: 15}
	o.begin(sec)
	o.target(regKey(reg.Name, ""), o.y)
	o.bookmark(regLabel(reg, lang), outline, 0)
	avail := o.right - o.left
	book := "xlsx/" + rc.files.Workbook(reg.Name)
	nst := style{face: regular, size: 8, color: gray}
	note := func(s string) { o.para(plain(s, nst), o.left, avail, nst, 'L', nil) }

	// summary
	sectionTitle(o, label(lang, "pack_summary"), outline+1)
	tst := style{face: bold, size: 8.5, color: black}
	o.para(plain(label(lang, "total")+": "+labelf(lang, "count_records", a.Total), tst), o.left, avail, tst, 'L', nil)
	o.y += 1.5
	var boxes []summaryBox
	if f := reg.Schema.Field(a.StatusKey); f != nil && len(a.ByStatus) > 0 {
		boxes = append(boxes, countBox(label(lang, "pack_by_status"), f, a.ByStatus, lang))
	}
	if f := reg.Schema.Field(a.PriorityKey); f != nil && len(a.ByPriority) > 0 {
		boxes = append(boxes, countBox(label(lang, "pack_by_priority"), f, a.ByPriority, lang))
	}
	if len(a.ByMonth) > 0 {
		b := summaryBox{title: label(lang, "pack_by_month")}
		for _, m := range a.ByMonth {
			b.rows = append(b.rows, [2]string{localize.Month(m.Month, lang), strconv.Itoa(m.N)})
		}
		boxes = append(boxes, b)
	}
	drawBoxes(o, boxes)

	// exceptions
	o.y += 3
	sectionTitle(o, label(lang, "pack_exceptions"), outline+1)
	if len(a.Exceptions) == 0 {
		note(label(lang, "pack_exceptions_none"))
	} else {
		packExceptions(o, rc, reg, a.Exceptions[:minInt(len(a.Exceptions), packExceptionRows)])
		if more := len(a.Exceptions) - packExceptionRows; more > 0 {
			o.y += 1
			note(labelf(lang, "pack_exceptions_more", more, book))
		}
	}

	// records of the period
	o.y += 3
	sectionTitle(o, labelf(lang, "pack_period_records", localize.Date(facts.Period.From, lang), localize.Date(facts.Period.To, lang)), outline+1)
	if !a.Dated {
		note(label(lang, "pack_undated_register"))
	} else {
		note(labelf(lang, "pack_period_count", len(a.InPeriod), a.Total))
	}
	if out := a.Before + a.After; out > 0 {
		note(labelf(lang, "pack_outside_period", out, book))
	}
	if a.Undated > 0 {
		note(labelf(lang, "pack_undated_records", a.Undated, book))
	}
	recs := a.InPeriod
	if len(recs) > packPeriodRows {
		note(labelf(lang, "pack_period_more", len(recs)-packPeriodRows, packPeriodRows, book))
		recs = recs[:packPeriodRows]
	}
	note(labelf(lang, "pack_details_elsewhere", book, registerPDFs(rc, reg.Name)))
	o.y += 1.5
	if len(recs) == 0 {
		if a.Total == 0 {
			note(label(lang, "no_records"))
		}
		return
	}
	p := planRegister(o, reg, recs, lang, avail)
	drawRegTable(o, reg, recs, p, lang, true)
}

// summaryBox is a small two-column table of counts.
type summaryBox struct {
	title string
	rows  [][2]string
}

func countBox(title string, f *schema.Field, counts []resolve.Count, lang string) summaryBox {
	b := summaryBox{title: title}
	for _, c := range counts {
		b.rows = append(b.rows, [2]string{valueLabel(f, c.Value, lang), strconv.Itoa(c.N)})
	}
	return b
}

// drawBoxes draws summary boxes side by side (kept on one page when they fit).
func drawBoxes(o *out, boxes []summaryBox) {
	if len(boxes) == 0 {
		return
	}
	hb := style{face: bold, size: 7.8, color: black}
	base := style{face: regular, size: 7.8, color: black}
	const w, gap = 62.0, 8.0
	tables := make([]*table, len(boxes))
	rows := make([][][]tcell, len(boxes))
	hmax := 0.0
	for i, b := range boxes {
		tables[i] = &table{x: o.left + float64(i)*(w+gap), widths: []float64{w - 18, 18}, base: base, pad: 1.1,
			header: [][]tcell{{textCell(b.title, hb), {runs: plain(label(o.lang, "count"), hb), align: 'R'}}}}
		h := o.headerH(tables[i])
		for _, r := range b.rows {
			cells := []tcell{textCell(r[0], base), {runs: plain(r[1], base), align: 'R'}}
			rows[i] = append(rows[i], cells)
			h += o.layRow(tables[i], cells).h
		}
		hmax = maxF(hmax, h)
	}
	if hmax < o.bottom-o.top {
		o.need(hmax)
	}
	top, page, bottom := o.y, o.f.PageNo(), o.y
	for i := range boxes {
		if o.f.PageNo() != page { // a box longer than a page: the next ones follow it
			top, page = o.y+2, o.f.PageNo()
		}
		o.y = top
		o.drawRows(tables[i], rows[i])
		bottom = maxF(bottom, o.y)
		if o.f.PageNo() != page {
			bottom = o.y
		}
	}
	o.y = bottom
}

// packExceptions lists exceptions: the record, why, its title, date and status.
func packExceptions(o *out, rc *rctx, reg *model.Register, exs []resolve.Exception) {
	lang := rc.lang
	avail := o.right - o.left
	hb := regHead
	base := regBase
	sch := reg.Schema
	dateF, statusF := sch.Field(sch.DateField), sch.Field(sch.StatusField)
	idW := 0.0
	for _, e := range exs {
		_, nat := o.measure(plain(e.Record.ID, hb))
		idW = maxF(idW, nat)
	}
	idW = maxF(idW, 14) + 2.6
	widths := []float64{idW, 34, 0, 36, 28, 56}
	widths[2] = avail - idW - 34 - 36 - 28 - 56
	header := []tcell{textCell(label(lang, "id_col"), hb), textCell(label(lang, "pack_exception_kind"), hb),
		textCell(label(lang, "title"), hb), textCell(label(lang, "date"), hb), textCell(label(lang, "status"), hb),
		textCell(label(lang, "field"), hb)}
	i := 0
	o.drawTable(&table{x: o.left, widths: widths, base: base, pad: 1.3, header: [][]tcell{header}},
		func() ([]tcell, bool) {
			if i >= len(exs) {
				return nil, false
			}
			e := exs[i]
			i++
			rec := e.Record
			title := reg.Title(rec)
			if title == rec.ID {
				title = ""
			}
			date, status, why := "", "", ""
			if dateF != nil {
				date = cellText(reg, rec, regCol{key: dateF.Key, field: dateF}, lang)
			}
			if statusF != nil {
				status = cellText(reg, rec, regCol{key: statusF.Key, field: statusF}, lang)
			}
			if e.Field != nil {
				why = e.Field.Label.In(lang) + ": " + cellText(reg, rec, regCol{key: e.Field.Key, field: e.Field}, lang)
			}
			ks := base
			ks.face, ks.color = bold, darkRed
			return []tcell{textCell(rec.ID, hb), textCell(exceptionLabel(e.Kind, lang), ks), textCell(title, base),
				textCell(date, base), textCell(status, base), textCell(why, base)}, true
		})
}

// exceptionLabel is the label of an exception kind.
func exceptionLabel(kind, lang string) string {
	switch kind {
	case resolve.ExOpenMajor:
		return label(lang, "ex_open_major")
	case resolve.ExOverdue:
		return label(lang, "ex_overdue")
	case resolve.ExBreach:
		return label(lang, "ex_breach")
	case resolve.ExFailed:
		return label(lang, "ex_failed")
	case resolve.ExEmergency:
		return label(lang, "ex_emergency")
	}
	return kind
}

// packDocBudget is how much document text (bytes of Markdown, plus a page's
// worth for each document's control block) the audit pack holds in full:
// about two hundred pages. A site with more approved documents has the most
// important ones in full and all of them in an index naming their own PDFs.
const packDocBudget = 400_000

// docTypeRank orders document types by what an auditor reads first.
var docTypeRank = map[string]int{"policy": 0, "plan": 1, "procedure": 2, "sop": 3, "work_instruction": 4, "guideline": 5, "form": 6}

// packDocs chooses the documents the pack holds in full: all when they fit
// the budget, else by type (policies, plans, procedures first) and site order
// until the budget is spent.
func packDocs(docs []*model.Document) map[*model.Document]bool {
	full := make(map[*model.Document]bool, len(docs))
	weight := func(d *model.Document) int { return len(d.Body) + 2000 }
	total := 0
	for _, d := range docs {
		total += weight(d)
	}
	order := append([]*model.Document(nil), docs...)
	if total > packDocBudget {
		rank := func(d *model.Document) int {
			if r, ok := docTypeRank[d.Meta("doc_type")]; ok {
				return r
			}
			return len(docTypeRank)
		}
		sort.SliceStable(order, func(i, j int) bool { return rank(order[i]) < rank(order[j]) })
	}
	used := 0
	for _, d := range order {
		if used+weight(d) > packDocBudget && len(full) > 0 {
			break
		}
		full[d] = true
		used += weight(d)
	}
	return full
}

// packDocIndex lists every approved document: those in the pack link to it,
// the others name their own PDF.
func packDocIndex(o *out, rc *rctx, docs []*model.Document, full map[*model.Document]bool) {
	lang := rc.lang
	w := o.right - o.left
	title := style{face: bold, size: 14, color: rgb{20, 35, 70}}
	o.target("pack:docindex", o.y)
	o.bookmark(label(lang, "pack_documents_index"), 1, o.y)
	o.para(plain(label(lang, "pack_documents_index"), title), o.left, w, title, 'L', nil)
	o.y += 1
	nst := style{face: regular, size: 8.5, color: gray}
	o.para(plain(labelf(lang, "pack_documents_left_out", len(full), len(docs), len(docs)-len(full)), nst), o.left, w, nst, 'L', nil)
	o.y += 2
	hb := style{face: bold, size: 7.6, color: black}
	base := style{face: regular, size: 7.6, color: black}
	idW := 0.0
	for _, d := range docs {
		_, nat := o.measure(plain(d.DocID, hb))
		idW = maxF(idW, nat)
	}
	idW = maxF(idW, 16) + 2.4
	whereW := 0.0
	for _, d := range docs {
		if !full[d] {
			_, nat := o.measure(plain(rc.files.DocumentPDF(d), base))
			whereW = maxF(whereW, nat)
		}
	}
	whereW = minF(maxF(whereW, 28)+2.4, 60)
	widths := []float64{idW, 0, 24, 12, 24, whereW}
	widths[1] = w - idW - 24 - 12 - 24 - whereW
	header := []tcell{textCell(label(lang, "id_col"), hb), textCell(label(lang, "title"), hb), textCell(metaLabel(docs[0], "doc_type", lang), hb),
		textCell(label(lang, "version"), hb), textCell(metaLabel(docs[0], "effective_date", lang), hb), textCell(label(lang, "location"), hb)}
	i := 0
	// a document not in the pack: the links to it lead to its row
	onRow := func(i int, top float64) {
		if !full[docs[i]] {
			o.target(docKey(docs[i].DocID, ""), top)
		}
	}
	o.drawTable(&table{x: o.left, widths: widths, base: base, pad: 1.0, header: [][]tcell{header}, onRow: onRow}, func() ([]tcell, bool) {
		if i >= len(docs) {
			return nil, false
		}
		d := docs[i]
		i++
		id := textCell(d.DocID, hb)
		var where tcell
		if full[d] {
			ls := base
			ls.color, ls.link = linkBlue, linkTarget{key: docKey(d.DocID, "")}
			where = tcell{runs: plain(label(lang, "pack_doc_in_pack"), ls)}
		} else {
			where = textCell(rc.files.DocumentPDF(d), base)
		}
		return []tcell{id, textCell(d.Title, base), textCell(docTypeLabel(rc, d, lang), base), textCell(d.Meta("version"), base),
			textCell(meta(rc, d, "effective_date", lang), base), where}, true
	})
}

// registerPDFs names the PDF of a register, for a note: its file, or when it
// is printed in volumes the first (which lists the others) and the range of
// the others, as the resolved facts name them.
func registerPDFs(rc *rctx, name string) string {
	vols := rc.facts.Volumes(name)
	if len(vols) < 2 {
		return rc.files.RegisterPDF(name)
	}
	return labelf(rc.lang, "volume_range", vols[0].PDF, len(vols), vols[1].PDF, vols[len(vols)-1].PDF)
}
