package pdf

import (
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
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
		return localize.Value(reg, rec, c.field, lang)
	}
	return ""
}

// used reports whether some record of recs has a value in column c.
func used(reg *model.Register, recs []*model.Record, c regCol) bool {
	for _, rec := range recs {
		switch {
		case c.key == "notes":
			if rec.Notes != "" {
				return true
			}
		case c.field != nil && c.field.Index < len(rec.Cells):
			if rec.Raw(c.field.Index) != "" {
				return true
			}
		}
	}
	return false
}

// isText reports whether a column holds free text (shown as record details
// when it is not a table column).
func isText(c regCol) bool {
	return c.key == "notes" || (c.field != nil && c.field.Type == schema.Text)
}

// candidates lists the columns of a register that hold a value in some record
// of recs, in the order they are offered to the table (id first), and the
// free-text columns never offered to it: with importance in the schema, the
// ranked fields by importance; otherwise every field by a rank of its own.
func candidates(reg *model.Register, recs []*model.Record, lang string) (table, text []regCol) {
	table = []regCol{{key: "id", label: label(lang, "id_col")}}
	if reg.Schema == nil {
		return table, nil
	}
	var ranked, rest []regCol
	for _, f := range reg.Schema.Fields {
		c := regCol{key: f.Key, label: f.Label.In(lang), field: f}
		if !used(reg, recs, c) {
			continue
		}
		if f.Importance > 0 {
			ranked = append(ranked, c)
		} else {
			rest = append(rest, c)
		}
	}
	notes := regCol{key: "notes", label: label(lang, "notes")}
	if used(reg, recs, notes) {
		rest = append(rest, notes)
	}
	if len(ranked) == 0 { // a schema without importance: rank the fields here
		var cols []regCol
		for _, c := range rest {
			if c.key != "notes" {
				cols = append(cols, c)
			} else {
				text = append(text, c)
			}
		}
		for _, i := range priority(reg, cols) {
			table = append(table, cols[i])
		}
		return table, text
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].field.Importance < ranked[j].field.Importance })
	table = append(table, ranked...)
	for _, c := range rest {
		if isText(c) {
			text = append(text, c)
		}
	}
	return table, text
}

// priority orders columns for a schema without importance: title, status,
// date, short values, then the rest.
func priority(reg *model.Register, cols []regCol) []int {
	rank := func(c regCol) int {
		switch c.key {
		case reg.Schema.TitleField:
			return 1
		case reg.Schema.StatusField:
			return 2
		case reg.Schema.DateField:
			return 3
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

// regPad is the padding of a register table's cells.
const regPad = 1.0

var (
	regBase = style{face: regular, size: 7.6, color: black}
	regHead = style{face: bold, size: 7.6, color: black}
)

// regPlan is how records of a register are laid out: the table's columns in
// schema order with their widths, the free-text columns shown as record
// details, and the labels of the columns left out.
type regPlan struct {
	cols    []regCol
	widths  []float64
	details []regCol
	omitted []string
}

// planRegister chooses the table columns for recs in the width avail: in
// order of importance, as many as fit legibly (each at least its longest word, capped,
// and a text column at least a readable width).
func planRegister(o *out, reg *model.Register, recs []*model.Record, lang string, avail float64) regPlan {
	const pad, minCap, natCap = regPad, 30.0, 75.0
	cand, text := candidates(reg, recs, lang)
	stats := make([]colStat, len(cand))
	for i, c := range cand {
		stats[i].add(o, plain(c.label, regHead))
	}
	for i, s := range measureRecords(reg, recs, cand, lang, o.missing) {
		stats[i].min = max(stats[i].min, s.min)
		stats[i].nat = max(stats[i].nat, s.nat)
	}
	chosen := make([]bool, len(cand))
	sum := 0.0
	for i, c := range cand {
		s := &stats[i]
		var w float64
		switch {
		case c.key == "id":
			s.min = s.nat // ids never wrap
			w = s.min + 2*pad
		case c.field != nil && (c.field.Type == schema.Date || c.field.Type == schema.DateTime || c.field.Type == schema.Month):
			s.min = maxF(s.min, minF(s.nat, 32)) // dates on one line
			w = s.min + 2*pad
		case isText(c):
			w = minF(maxF(s.min, s.nat), 70) + 2*pad // free text: most of it on one line
		default:
			w = minF(maxF(s.min, 4), minCap) + 2*pad
		}
		w = maxF(w, 12+2*pad)
		if sum+w > avail && i > 1 {
			break // the rest, less important, are left out
		}
		chosen[i] = true
		sum += w
	}
	var p regPlan
	var shownStats []colStat
	// the table keeps the schema's order: id, then fields as the schema lists them
	order := make([]int, 0, len(cand))
	for i := range cand {
		if chosen[i] {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return colPos(cand[order[a]]) < colPos(cand[order[b]]) })
	for _, i := range order {
		p.cols = append(p.cols, cand[i])
		shownStats = append(shownStats, stats[i])
	}
	ranked := false
	for _, c := range cand {
		ranked = ranked || (c.field != nil && c.field.Importance > 0)
	}
	for i, c := range cand {
		switch {
		case chosen[i]:
		case isText(c) && !ranked: // a schema without importance: its text is detail
			p.details = append(p.details, c)
		default:
			p.omitted = append(p.omitted, c.label)
		}
	}
	p.details = append(p.details, text...)
	sort.SliceStable(p.details, func(a, b int) bool { return colPos(p.details[a]) < colPos(p.details[b]) })
	p.widths = fitWidths(shownStats, avail, pad, minCap, natCap, true)
	return p
}

// planChunk is the number of records one goroutine measures at a time
// when a register's column plan is made.
const planChunk = 4096

// measureRecords returns the widths the texts of recs ask for in each column
// of cols. A large register is measured in chunks on every core: each
// goroutine keeps its own widths and characters the fonts lack, merged at the
// end (the largest widths, the union of the characters: the same as one pass).
func measureRecords(reg *model.Register, recs []*model.Record, cols []regCol, lang string, missing map[rune]bool) []colStat {
	measure := func(recs []*model.Record, stats []colStat, missing map[rune]bool) {
		texts := make([]string, len(cols))
		var buf []byte
		for _, rec := range recs {
			buf = rowTexts(reg, rec, cols, lang, buf, texts)
			for i, t := range texts {
				if t == "" {
					continue
				}
				st := regBase
				if cols[i].key == "id" {
					st = regHead
				}
				mn, nt := measureText(t, st, missing)
				stats[i].min = max(stats[i].min, mn)
				stats[i].nat = max(stats[i].nat, nt)
			}
		}
	}
	stats := make([]colStat, len(cols))
	workers := min(runtime.GOMAXPROCS(0), (len(recs)+planChunk-1)/planChunk)
	if workers <= 1 {
		measure(recs, stats, missing)
		return stats
	}
	var next atomic.Int64
	parts := make([][]colStat, workers)
	lacks := make([]map[rune]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		parts[w], lacks[w] = make([]colStat, len(cols)), map[rune]bool{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from := int(next.Add(planChunk)) - planChunk
				if from >= len(recs) {
					return
				}
				measure(recs[from:min(from+planChunk, len(recs))], parts[w], lacks[w])
			}
		}()
	}
	wg.Wait()
	for w := range workers {
		for i, s := range parts[w] {
			stats[i].min = max(stats[i].min, s.min)
			stats[i].nat = max(stats[i].nat, s.nat)
		}
		if missing != nil {
			for r := range lacks[w] {
				missing[r] = true
			}
		}
	}
	return stats
}

// colPos is a column's position: id first, the fields in schema order, notes last.
func colPos(c regCol) int {
	switch {
	case c.key == "id":
		return -1
	case c.field != nil:
		return c.field.Index
	}
	return 1 << 20
}

// drawRegTable draws the records as the plan's table.
// With anchors, a row is the destination of the links to its record.
func drawRegTable(o *out, reg *model.Register, recs []*model.Record, p regPlan, lang string, anchors bool) {
	const pad = regPad
	header := make([]tcell, len(p.cols))
	for i, c := range p.cols {
		header[i] = textCell(c.label, regHead)
	}
	zebra := rgb{247, 248, 251}
	var key []byte
	t := &table{x: o.left, widths: p.widths, header: [][]tcell{header}, base: regBase, pad: pad,
		rowFill: func(i int) *rgb {
			if i%2 == 1 {
				return &zebra
			}
			return nil
		},
		onRow: func(i int, top float64) {
			if !anchors {
				return
			}
			// most records are the target of no link: their key is looked up
			// without being made a string
			key = append(append(key[:0], "reg:"...), reg.Name...) // regKey(reg.Name, id)
			if id := recs[i].ID; id != "" {
				key = append(append(key, '/'), id...)
			}
			if _, ok := o.links[string(key)]; ok {
				o.target(string(key), top)
			}
		}}
	n := 0
	// one row at a time: drawTable is done with a row before it asks for the next
	cells := make([]tcell, len(p.cols))
	runs := make([]run, len(p.cols))
	texts := make([]string, len(p.cols))
	var buf []byte
	o.drawTable(t, func() ([]tcell, bool) {
		if n >= len(recs) {
			return nil, false
		}
		rec := recs[n]
		n++
		buf = rowTexts(reg, rec, p.cols, lang, buf, texts)
		for i, c := range p.cols {
			st := regBase
			if c.key == "id" {
				st = regHead
			}
			runs[i] = run{text: texts[i], st: st}
			cells[i] = tcell{runs: runs[i : i+1 : i+1]}
			if c.field != nil && (c.field.Type == schema.Integer || c.field.Type == schema.Number) {
				cells[i].align = 'R'
			}
		}
		return cells, true
	})
}

// regShared is what the volumes of one register share: the table plan,
// chosen once from all the records so that every volume has the same
// columns of the same widths.
type regShared struct {
	once sync.Once
	plan regPlan
}

// renderRegister writes volume v of a register (of the volumes vols; one
// volume holds every record) as a compact landscape table of the columns
// that matter, then the long text of its records that have some as record
// details, several records to a page. A volume of several says which
// records it holds; the first lists the others.
func renderRegister(o *out, rc *rctx, reg *model.Register, vols []resolve.Volume, v resolve.Volume, shared *regShared) {
	lang := rc.lang
	o.source(reg.Path)
	sec := &section{orient: "L", marginX: 12, header: regHeader(rc, reg), footer: regFooter(rc, reg), bottom: 15}
	o.begin(sec)
	o.target(regKey(reg.Name, ""), o.y)
	title := regLabel(reg, lang)
	if len(vols) > 1 {
		title += " — " + labelf(lang, "volume_of", v.N, len(vols))
	}
	o.bookmark(title, 0, 0)
	avail := o.right - o.left
	if len(reg.Records) == 0 {
		o.textBlock(label(lang, "no_records"), o.left, avail, style{face: regular, size: 9, color: gray}, 'L')
		return
	}
	book := "xlsx/" + rc.files.Workbook(reg.Name)
	nst := style{face: regular, size: 8, color: gray}
	if len(vols) > 1 {
		volumeNote(o, rc, reg, vols, v, book)
	}
	shared.once.Do(func() { shared.plan = planRegister(o, reg, reg.Records, lang, avail) })
	p := shared.plan
	recs := reg.Records[v.From:v.To]
	drawRegTable(o, reg, recs, p, lang, true)
	// total line
	o.y += 2
	total := label(lang, "total") + ": " + labelf(lang, "count_records", len(reg.Records))
	if by := statusCounts(rc, reg, lang); by != "" {
		total += "  —  " + by
	}
	tst := style{face: bold, size: 8.5, color: black}
	o.para(plain(total, tst), o.left, avail, tst, 'L', nil)
	if len(p.omitted) > 0 {
		o.para(plain(labelf(lang, "columns_omitted", strings.Join(p.omitted, ", "), book), nst), o.left, avail, nst, 'L', nil)
	}
	recordDetails(o, rc, reg, recs, p.details, 1)
}

// volumeNote says which records volume v holds, and on the first volume
// lists every volume with its file (a link relative to this PDF).
func volumeNote(o *out, rc *rctx, reg *model.Register, vols []resolve.Volume, v resolve.Volume, book string) {
	lang := rc.lang
	avail := o.right - o.left
	nst := style{face: regular, size: 8, color: gray}
	first, last := reg.Records[v.From], reg.Records[v.To-1]
	o.para(plain(labelf(lang, "volume_of", v.N, len(vols)), regHead), o.left, avail, regHead, 'L', nil)
	o.para(plain(labelf(lang, "volume_note", len(vols), rc.facts.VolumeRecordsBound(), v.From+1, v.To, first.ID, last.ID,
		len(reg.Records), book), nst), o.left, avail, nst, 'L', nil)
	if v.N == 1 {
		lst := style{face: regular, size: 8, color: black}
		o.y += 1
		o.para(plain(label(lang, "volume_list"), regHead), o.left, avail, regHead, 'L', nil)
		for _, w := range vols {
			text := labelf(lang, "volume_entry", w.N, w.From+1, w.To, reg.Records[w.From].ID, reg.Records[w.To-1].ID, w.PDF)
			st := lst
			if w.N != v.N {
				st.color, st.link = linkBlue, linkTarget{url: relPath(v.PDF, w.PDF)}
			}
			o.para(plain(text, st), o.left+3, avail-3, st, 'L', nil)
		}
	}
	o.y += 3
}

// relPath is the path of file to, relative to the folder of file from (both
// relative to the output folder).
func relPath(from, to string) string {
	dir := path.Dir(from)
	if r, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(to)); err == nil {
		return filepath.ToSlash(r)
	}
	return to
}

// longText is the length (in characters) from which a free-text value is long
// text: a record with one has a row of record details.
const longText = 120

// recordDetails lists the free text that is not in the table for the records
// with long text, one compact row per record (others have no row; the
// workbook has their text): the id, then each text as its label and value,
// list items joined on one line.
func recordDetails(o *out, rc *rctx, reg *model.Register, recs []*model.Record, cols []regCol, level int) {
	lang := rc.lang
	if len(cols) == 0 {
		return
	}
	var with []*model.Record
	for _, rec := range recs {
		for _, c := range cols {
			if utf8.RuneCountInString(cellText(reg, rec, c, lang)) >= longText {
				with = append(with, rec)
				break
			}
		}
	}
	if len(with) == 0 {
		return
	}
	o.y += 4
	sectionTitle(o, label(lang, "record_details"), level)
	avail := o.right - o.left
	nst := style{face: regular, size: 8, color: gray}
	o.para(plain(labelf(lang, "record_details_note", longText, len(with), "xlsx/"+rc.files.Workbook(reg.Name)), nst), o.left, avail, nst, 'L', nil)
	o.y += 1
	const pad = regPad
	var idW colStat
	idW.add(o, plain(label(lang, "id_col"), regHead))
	for _, rec := range with {
		idW.add(o, plain(rec.ID, regHead))
	}
	iw := idW.nat + 2*pad
	t := &table{x: o.left, widths: []float64{iw, avail - iw}, base: regBase, pad: pad,
		header: [][]tcell{{textCell(label(lang, "id_col"), regHead), textCell(label(lang, "record_details"), regHead)}},
		rowFill: func(i int) *rgb {
			if i%2 == 1 {
				return &rgb{247, 248, 251}
			}
			return nil
		}}
	ks := style{face: bold, size: 7.6, color: rgb{40, 40, 40}}
	n := 0
	o.drawTable(t, func() ([]tcell, bool) {
		if n >= len(with) {
			return nil, false
		}
		rec := with[n]
		n++
		var runs []run
		for _, c := range cols {
			v := cellText(reg, rec, c, lang)
			if v == "" {
				continue
			}
			if len(runs) > 0 {
				runs = append(runs, run{text: "\n", st: regBase})
			}
			runs = append(runs, run{text: c.label + ": ", st: ks}, run{text: oneLine(v), st: regBase})
		}
		return []tcell{textCell(rec.ID, regHead), {runs: runs}}, true
	})
}

// oneLine joins the lines of a value (list items) with " · ".
func oneLine(v string) string {
	if !strings.Contains(v, "\n") {
		return v
	}
	var parts []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " · ")
}

// statusCounts summarises the records by status from the resolved facts:
// "Ditutup 30 · Baru 2".
func statusCounts(rc *rctx, reg *model.Register, lang string) string {
	a := rc.facts.Audit(reg.Name)
	f := reg.Schema.Field(a.StatusKey)
	if f == nil {
		return ""
	}
	var parts []string
	for _, c := range a.ByStatus {
		parts = append(parts, valueLabel(f, c.Value, lang)+" "+strconv.Itoa(c.N))
	}
	return strings.Join(parts, " · ")
}

// valueLabel is the label of a canonical value of a field ("—" for none).
func valueLabel(f *schema.Field, v, lang string) string {
	switch {
	case v == "":
		return "—"
	case f.Type == schema.Enum:
		return f.EnumLabel(v, lang)
	case f.Type == schema.Boolean:
		if v == "true" {
			return label(lang, "yes")
		}
		return label(lang, "no")
	}
	return v
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
		o.para0(label(lang, "printed")+": "+localize.Date(rc.today, lang), x+w*0.6, y, w*0.4, style{face: regular, size: 7.5, color: gray}, 'R')
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
