package pdf

import (
	"sort"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/smsgen/smsgen/internal/view"
)

func regLabel(reg *model.Register, lang string) string {
	if reg.Schema != nil {
		if l := reg.Schema.Label.In(lang); l != "" {
			return l
		}
	}
	return reg.Name
}

// regCol is one column of a register table.
type regCol struct {
	key   string
	label string
	field *schema.Field // nil for id and notes
}

// cellText is the display text of a column of a record.
func cellText(reg *model.Register, rec *model.Record, c regCol, lang string) string {
	switch {
	case c.key == "id":
		return rec.ID
	case c.key == "notes":
		return rec.Notes
	case c.field != nil && c.field.Index < len(rec.Cells):
		return view.Value(reg, rec, c.field, lang)
	}
	return ""
}

// regColumns lists the columns of a register that hold a value in some record,
// id first and notes last, in schema order.
func regColumns(reg *model.Register, lang string) []regCol {
	cols := []regCol{{key: "id", label: label(lang, "id_col")}}
	if reg.Schema != nil {
		for _, f := range reg.Schema.Fields {
			used := false
			for _, rec := range reg.Records {
				if f.Index < len(rec.Cells) && rec.Cells[f.Index].Raw != "" {
					used = true
					break
				}
			}
			if used {
				cols = append(cols, regCol{key: f.Key, label: f.Label.In(lang), field: f})
			}
		}
	}
	for _, rec := range reg.Records {
		if rec.Notes != "" {
			cols = append(cols, regCol{key: "notes", label: label(lang, "notes")})
			break
		}
	}
	return cols
}

// priority orders columns for the table: id, title, status, date, then the rest.
func priority(reg *model.Register, cols []regCol) []int {
	rank := func(c regCol) int {
		if reg.Schema == nil {
			return 9
		}
		switch c.key {
		case "id":
			return 0
		case reg.Schema.TitleField:
			return 1
		case reg.Schema.StatusField:
			return 2
		case reg.Schema.DateField:
			return 3
		case "notes":
			return 10
		}
		if c.field != nil && (c.field.Type == schema.Enum || c.field.Type == schema.Ref) && !c.field.List {
			return 4 // short values
		}
		return 5
	}
	idx := make([]int, len(cols))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return rank(cols[idx[a]]) < rank(cols[idx[b]]) })
	return idx
}

var (
	regBase = style{face: regular, size: 7.6, color: black}
	regHead = style{face: bold, size: 7.6, color: black}
)

// renderRegister writes a register as a landscape table; the columns that do
// not fit are shown per record after it.
func renderRegister(o *out, rc *rctx, reg *model.Register, outline int) {
	lang := rc.lang
	o.source(reg.Path)
	sec := &section{orient: "L", marginX: 12, header: regHeader(rc, reg), footer: regFooter(rc, reg), bottom: 15}
	o.begin(sec)
	o.target(regKey(reg.Name, ""), o.y)
	o.bookmark(regLabel(reg, lang), outline, 0)
	avail := o.right - o.left
	cols := regColumns(reg, lang)
	pad := 1.3

	// what each column asks for
	stats := make([]colStat, len(cols))
	for i, c := range cols {
		stats[i].add(o, plain(c.label, regHead))
	}
	for _, rec := range reg.Records {
		for i, c := range cols {
			if t := cellText(reg, rec, c, lang); t != "" {
				st := regBase
				if c.key == "id" {
					st = regHead
				}
				stats[i].add(o, plain(t, st))
			}
		}
	}
	// ids never wrap; dates wrap only when long
	for i, c := range cols {
		switch {
		case c.key == "id":
			stats[i].min = stats[i].nat
		case c.field != nil && (c.field.Type == schema.Date || c.field.Type == schema.DateTime || c.field.Type == schema.Month):
			stats[i].min = maxF(stats[i].min, minF(stats[i].nat, 20))
		}
	}
	const minCap, natCap = 30.0, 75.0
	// choose the columns that fit, by priority
	chosen := map[int]bool{}
	sum := 0.0
	for _, i := range priority(reg, cols) {
		w := minF(maxF(stats[i].min, 4), minCap) + 2*pad
		if cols[i].key == "id" {
			w = stats[i].min + 2*pad
		}
		if hw := stats[i].min; hw < 12 {
			w = maxF(w, 12+2*pad)
		}
		if sum+w > avail && len(chosen) >= 2 {
			continue
		}
		chosen[i] = true
		sum += w
	}
	var shown []regCol
	var shownStats []colStat
	var omitted []string
	for i, c := range cols {
		if chosen[i] {
			shown = append(shown, c)
			shownStats = append(shownStats, stats[i])
		} else {
			omitted = append(omitted, c.label)
		}
	}
	widths := fitWidths(shownStats, avail, pad, minCap, natCap, true)
	header := make([]tcell, len(shown))
	for i, c := range shown {
		header[i] = textCell(c.label, regHead)
	}
	zebra := rgb{247, 248, 251}
	t := &table{x: o.left, widths: widths, header: [][]tcell{header}, base: regBase, pad: pad,
		rowFill: func(i int) *rgb {
			if i%2 == 1 {
				return &zebra
			}
			return nil
		},
		onRow: func(i int, top float64) {
			if k := regKey(reg.Name, reg.Records[i].ID); o.hasTarget(k) {
				o.target(k, top)
			}
		}}
	if len(reg.Records) == 0 {
		o.textBlock(label(lang, "no_records"), o.left, avail, style{face: regular, size: 9, color: gray}, 'L')
		return
	}
	n := 0
	o.drawTable(t, func() ([]tcell, bool) {
		if n >= len(reg.Records) {
			return nil, false
		}
		rec := reg.Records[n]
		n++
		cells := make([]tcell, len(shown))
		for i, c := range shown {
			st := regBase
			if c.key == "id" {
				st = regHead
			}
			cells[i] = tcell{runs: plain(cellText(reg, rec, c, lang), st)}
			if c.field != nil && (c.field.Type == schema.Integer || c.field.Type == schema.Number) {
				cells[i].align = 'R'
			}
		}
		return cells, true
	})
	// total line
	o.y += 2
	total := label(lang, "total") + ": " + labelf(lang, "count_records", len(reg.Records))
	if by := statusCounts(reg, lang); by != "" {
		total += "  —  " + by
	}
	tst := style{face: bold, size: 8.5, color: black}
	o.para(plain(total, tst), o.left, avail, tst, 'L', nil)
	if len(omitted) > 0 {
		nst := style{face: regular, size: 8, color: gray}
		o.para(plain(labelf(lang, "columns_omitted", strings.Join(omitted, ", ")), nst), o.left, avail, nst, 'L', nil)
		recordDetails(o, rc, reg, cols, outline+1)
	}
}

// statusCounts summarises the records by status: "Ditutup 30 · Baru 2".
func statusCounts(reg *model.Register, lang string) string {
	if reg.Schema == nil || reg.Schema.StatusField == "" {
		return ""
	}
	f := reg.Schema.Field(reg.Schema.StatusField)
	if f == nil {
		return ""
	}
	counts := map[string]int{}
	for _, rec := range reg.Records {
		counts[reg.Value(rec, f.Key)]++
	}
	var parts []string
	for _, v := range f.Values { // in the schema's order
		if c := counts[v.Value]; c > 0 {
			parts = append(parts, f.EnumLabel(v.Value, lang)+" "+strconv.Itoa(c))
			delete(counts, v.Value)
		}
	}
	var rest []string
	for v := range counts {
		rest = append(rest, v)
	}
	sort.Strings(rest)
	for _, v := range rest {
		name := v
		if name == "" {
			name = "—"
		}
		parts = append(parts, name+" "+strconv.Itoa(counts[v]))
	}
	return strings.Join(parts, " · ")
}

// recordDetails lists every field of each record, one block per record.
func recordDetails(o *out, rc *rctx, reg *model.Register, cols []regCol, level int) {
	lang := rc.lang
	o.y += 4
	sectionTitle(o, label(lang, "record_details"), level)
	avail := o.right - o.left
	lw := 60.0
	ks := style{face: bold, size: 8, color: rgb{40, 40, 40}}
	vs := style{face: regular, size: 8, color: black}
	labelFill := rgb{246, 247, 250}
	for _, rec := range reg.Records {
		var rows [][]tcell
		for _, c := range cols {
			v := cellText(reg, rec, c, lang)
			if v == "" || c.key == "id" {
				continue
			}
			rows = append(rows, []tcell{{runs: plain(c.label, ks), fill: &labelFill}, textCell(v, vs)})
		}
		title := rec.ID
		if t := reg.Title(rec); t != rec.ID {
			title += " — " + t
		}
		hs := style{face: bold, size: 8.5, color: black}
		t := &table{x: o.left, widths: []float64{lw, avail - lw}, header: [][]tcell{{textCell(title, hs), textCell("", hs)}}, base: vs, pad: 1.2}
		// keep a record together when it fits on a page
		h := o.headerH(t)
		for _, r := range rows {
			h += o.layRow(t, r).h
		}
		if h < o.bottom-o.top {
			o.need(h)
		}
		o.drawRows(t, rows)
		o.y += 3
	}
}

func regHeader(rc *rctx, reg *model.Register) func(o *out) {
	return func(o *out) {
		lang := rc.lang
		x, w := o.left, o.right-o.left
		y := 8.0
		ost := style{face: bold, size: 8, color: black}
		o.para0(strings.ToUpper(rc.site.Settings.Organization), x, y, w*0.45, ost, 'L')
		if u := rc.site.Settings.Unit; u != "" {
			o.para0(u, x, y+ost.lineH(), w*0.45, style{face: regular, size: 7.5, color: gray}, 'L')
		}
		tst := style{face: bold, size: 11, color: rgb{20, 35, 70}}
		o.para0(regLabel(reg, lang), x+w*0.3, y, w*0.4, tst, 'C')
		cl := strings.Join(reg.Schema.AllClauses(), ", ")
		sub := ""
		if cl != "" {
			sub = label(lang, "clause") + " " + cl
		}
		o.para0(sub, x+w*0.3, y+tst.lineH(), w*0.4, style{face: regular, size: 7.5, color: gray}, 'C')
		o.para0(label(lang, "printed")+": "+view.Date(rc.today, lang), x+w*0.6, y, w*0.4, style{face: regular, size: 7.5, color: gray}, 'R')
		if rc.maxClass != "" {
			o.para0(labelf(lang, "restricted", rc.maxClass), x+w*0.6, y+4, w*0.4, style{face: regular, size: 7, color: darkRed}, 'R')
		}
		o.drawColor(rule)
		o.f.SetLineWidth(0.3)
		o.line(x, y+12, x+w, y+12)
		o.f.SetLineWidth(0.2)
		o.drawColor(black)
		o.top = y + 16
	}
}

func regFooter(rc *rctx, reg *model.Register) func(o *out, n, total int) {
	return func(o *out, n, total int) {
		lang := rc.lang
		x, w := o.left, o.right-o.left
		y := o.pageH - 11
		o.drawColor(rule)
		o.line(x, y, x+w, y)
		o.drawColor(black)
		o.textAt(x, y+4, label(lang, "source")+": "+reg.Path, regular, 7, gray)
		o.textCenter(x+w/2, y+4, label(lang, "uncontrolled"), regular, 7, darkRed)
		o.textRight(x+w, y+4, labelf(lang, "page_of", n, total), bold, 8, black)
		if rc.pack {
			packPageNo(o, rc, x+w, y+7.5)
		}
	}
}

// para0 draws text in a box at a fixed position (headers), without page breaks.
func (o *out) para0(s string, x, y, w float64, st style, align byte) float64 {
	for _, l := range o.layout(plain(s, st), w, st) {
		o.drawLine(l, x, y, w, align)
		y += l.h
	}
	return y
}
