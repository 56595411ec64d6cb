package html

import (
	"bytes"
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// Page is the data of every page template.
type Page struct {
	r          *run
	Root       string // prefix from the page to the site root: "", "../", "../../"
	Path       string // the page's path below the site root
	Title      string
	Class      string // canonical classification of what the page shows
	ClassLabel string
	Section    string // dashboard, documents, registers, coverage, findings, search
	Site       SiteInfo
	Draft      bool
	Scripts    []string // extra scripts, site-root-relative
	Nav        []NavItem
	L          map[string]string // UI labels in the page language
	Data       any
}

// NavItem is an entry of the site navigation.
type NavItem struct {
	URL, Text string
	Current   bool
}

var navItems = []struct{ section, path, label string }{
	{"dashboard", "index.html", "dashboard"}, {"documents", "documents.html", "documents"},
	{"registers", "registers.html", "registers"}, {"coverage", "coverage.html", "coverage"},
	{"findings", "findings.html", "findings"}, {"search", "search.html", "search"},
	{"pack", "continuity-pack.html", "continuity_pack"},
}

// T returns the UI label of key in the page language.
func (p *Page) T(key string) string { return p.r.labels.T(key) }

// F returns the UI label of key in the page language formatted with args
// (counts choose the English plural: "1 document", "2 documents").
func (p *Page) F(key string, args ...any) string { return p.r.labels.F(key, args...) }

// N is a count written as the page's language does ("100.000").
func (p *Page) N(n int) string { return p.r.labels.N(n) }

// With returns the page with data in place of its Data (a partial shown
// for each item of a page, such as the RFC form of each record of a chunk page).
func (p *Page) With(data any) *Page {
	q := *p
	q.Data = data
	return &q
}

// URL makes a site-root-relative path relative to the page.
func (p *Page) URL(to string) string { return p.Root + to }

// Partial renders the template name (a partial such as header.html) with the
// page, as {{template name .}} does. A partial that reads nothing of the page
// but Root, Site, Class, ClassLabel, Section, Nav, L, Draft, Scripts, T and
// URL (also through the templates it calls with the page) is rendered once
// per Root, Class, Section, Draft and Scripts and then reused.
func (p *Page) Partial(name string) (template.HTML, error) { return p.r.tpl.partial(name, p) }

func (r *run) page(path, title, class, section string, data any) *Page {
	p := &Page{r: r, Root: strings.Repeat("../", strings.Count(path, "/")), Path: path, Title: title,
		Class: class, ClassLabel: r.classLabel(class), Section: section, Site: r.info, L: r.labels, Data: data}
	key := p.Root + "\x00" + section
	if nav, ok := r.navs.Load(key); ok {
		p.Nav = nav.([]NavItem) // shared: templates cannot change it
		return p
	}
	p.Nav = make([]NavItem, len(navItems))
	for i, n := range navItems {
		p.Nav[i] = NavItem{URL: p.Root + n.path, Text: r.labels[n.label], Current: n.section == section}
	}
	r.navs.Store(key, p.Nav)
	return p
}

// Link is a link with its text (URL relative to the page it is on).
type Link struct {
	URL   string
	Text  string
	Title string
	Note  string
}

// KV is a labelled value.
type KV struct {
	Label string
	Value string
	HTML  template.HTML
	Key   string
	Class string
}

// ---------- documents ----------

// DocRow is a document in lists.
type DocRow struct {
	URL, ID, Title, Version, Status, StatusLabel, Owner, ApprovedBy, Effective, NextReview, ClassLabel string
	Approved, Overdue                                                                                  bool
}

func (r *run) docRow(d *model.Document, from string) DocRow {
	val := func(key string) string {
		f := d.Front.Schema.Field(key)
		if f == nil || d.Rec == nil {
			return ""
		}
		return localize.Value(d.Front, d.Rec, f, r.lang)
	}
	return DocRow{URL: rel(from, r.docPath(d)), ID: d.DocID, Title: d.Title, Version: d.Meta("version"),
		Status: d.Meta("status"), StatusLabel: val("status"), Owner: val("owner"), ApprovedBy: val("approved_by"),
		Effective: val("effective_date"), NextReview: val("next_review"), ClassLabel: val("classification"),
		Approved: d.Approved(), Overdue: r.facts.DocOverdue(d, "next_review")}
}

// DocGroup is the documents of one type.
type DocGroup struct {
	Type, Label string
	Docs        []DocRow
	RowsHTML    template.HTML // Docs as table rows (see escape.go)
}

func (r *run) docGroups(from string) []DocGroup {
	f := r.site.Schemas.Document.Field("doc_type")
	var groups []DocGroup
	byType := map[string][]DocRow{}
	for _, d := range r.site.Documents {
		t := d.Meta("doc_type")
		byType[t] = append(byType[t], r.docRow(d, from))
	}
	seen := map[string]bool{}
	if f != nil {
		for _, v := range f.Values {
			if len(byType[v.Value]) > 0 {
				groups = append(groups, DocGroup{Type: v.Value, Label: v.Label(r.lang), Docs: byType[v.Value]})
			}
			seen[v.Value] = true
		}
	}
	var rest []string
	for t := range byType {
		if !seen[t] {
			rest = append(rest, t)
		}
	}
	sort.Strings(rest)
	for _, t := range rest {
		groups = append(groups, DocGroup{Type: t, Label: t, Docs: byType[t]})
	}
	for i, g := range groups {
		sort.SliceStable(g.Docs, func(i, j int) bool { return g.Docs[i].ID < g.Docs[j].ID })
		groups[i].RowsHTML = docRows(g.Docs, r.labels["draft"])
	}
	return groups
}

// DocView is the data of a document page.
type DocView struct {
	DocRow
	Control      []KV
	TOC          []model.Heading
	Body         template.HTML
	History      []KV4
	LastChange   *KV
	Distribution []string
	Clauses      []Link
	Supersedes   *Link
	SOP          *SOPView
	Downloads    []Download // the document's PDF (see downloads.go)
	// Control, TOC, History, Clauses and Distribution as HTML (see escape.go)
	ControlRows, TOCItems, HistoryRows, ClauseLinks, DistributionItems template.HTML
}

// KV4 is a row of a revision history.
type KV4 struct{ Version, Date, Author, Summary string }

func (r *run) documentPage(d *model.Document) ([]byte, error) {
	from := r.docPath(d)
	v := DocView{DocRow: r.docRow(d, from)}
	for _, row := range r.facts.DocControl(d) {
		f := row.Field
		if f.Key == "clauses" && row.Set {
			continue // shown once, as links to the coverage page (Clauses below)
		}
		val := localize.Value(d.Front, d.Rec, f, r.lang)
		if f.List {
			val = strings.ReplaceAll(val, "\n", ", ")
		}
		if !row.Set {
			val = r.labels["not_set"]
		}
		kv := KV{Label: r.fieldLabel(f), Value: val, Key: f.Key}
		if f.Key == "status" && !d.Approved() {
			kv.Class = "draft"
		}
		if row.Overdue {
			kv.Class = "overdue"
		}
		v.Control = append(v.Control, kv)
	}
	for _, h := range d.Headings {
		if h.Level >= 2 && h.Level <= 3 && h.ID != "" {
			v.TOC = append(v.TOC, h)
		}
	}
	body, releaseBody, err := r.renderBody(d, from)
	if err != nil {
		return nil, err
	}
	defer releaseBody() // the page is written by then
	v.Body = body
	for i := len(d.History) - 1; i >= 0; i-- {
		h := d.History[i]
		v.History = append(v.History, KV4{Version: h.Version, Date: r.isoDate(h.Date), Author: h.Author, Summary: h.Summary})
	}
	if d.LastChange != nil {
		c := d.LastChange.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		v.LastChange = &KV{Label: localize.Date(d.LastChange.Date, r.lang), Value: c}
	}
	if c := d.Cell("distribution"); c.Present() {
		v.Distribution = c.Items(false)
	}
	if c := d.Cell("clauses"); c.Present() {
		for _, cl := range c.Items(true) {
			v.Clauses = append(v.Clauses, Link{URL: rel(from, "coverage.html#req-"+anchorID(cl)), Text: cl})
		}
	}
	if s := d.Meta("supersedes"); s != "" {
		l := &Link{Text: s}
		if t := r.site.DocByID[s]; t != nil {
			l.URL = rel(from, r.docPath(t))
			l.Title = t.Title
		}
		v.Supersedes = l
	}
	if d.SOP != nil {
		v.SOP = r.sopView(d)
	}
	v.Downloads = r.documentDownloads(d, from)
	// the lists as HTML, for the templates (the Go writer writes them
	// itself, and a site's layout of a partial the page calls might read them)
	html := func() {
		v.ControlRows, v.TOCItems, v.HistoryRows = controlRows(v.Control), tocItems(v.TOC), historyRows(v.History)
		v.ClauseLinks, v.DistributionItems = clauseLinks(v.Clauses), listItems(v.Distribution)
	}
	goWrite := r.goWrite("document.html") && r.tpl.allBuiltin
	if !goWrite {
		html()
	}
	p := r.page(from, d.DocID+" "+d.Title, d.Meta("classification"), "documents", v)
	p.Draft = !d.Approved()
	if goWrite {
		return r.writePage("document.html", p, func(b []byte, p *Page) ([]byte, error) { return r.appendDocumentMain(b, p, &v) },
			func() { html(); p.Data = v })
	}
	return r.writePage("document.html", p, func(b []byte, p *Page) ([]byte, error) { return r.appendDocumentMain(b, p, &v) }, nil)
}

var nonAnchor = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

func anchorID(s string) string { return nonAnchor.ReplaceAllString(s, "_") }

// isoDate formats an ISO date text per language (the text itself when it is not a date).
func (r *run) isoDate(s string) string {
	if t, ok := parseDate(s); ok {
		return localize.Date(t, r.lang)
	}
	return s
}

// ---------- registers ----------

// RegRow is a register in the list of registers.
type RegRow struct {
	URL, Name, Label, Clause, Path, LastChange string
	Records                                    int
}

func (r *run) regRows(from string) []RegRow {
	var out []RegRow
	for _, name := range r.site.RegisterNames() {
		reg := r.site.Registers[name]
		row := RegRow{URL: rel(from, r.regPath(name, 1)), Name: name, Label: reg.Schema.Label.In(r.lang),
			Clause: strings.Join(reg.Schema.AllClauses(), ", "), Path: reg.Path, Records: len(reg.Records)}
		if reg.LastChange != nil {
			row.LastChange = localize.Date(reg.LastChange.Date, r.lang)
		}
		out = append(out, row)
	}
	return out
}

// Column is a column of a register table.
type Column struct {
	Key, Label string
	Numeric    bool
}

// Row is a row of a register table.
type Row struct {
	URL, ID string
	Class   string
	Cells   []TableCell
}

// TableCell is one cell of a register table: its HTML and a sort key when the
// text does not sort by itself (dates, numbers).
type TableCell struct {
	HTML template.HTML
	Sort string
}

// PageLink is a link to a table page of a register: Note holds its rows;
// Current marks the page it is on; Gap, that pages before it are not linked.
type PageLink struct {
	Link
	Current, Gap bool
}

// maxListedPages is the most table pages a register page links all of.
var maxListedPages = 100

// pagesLinked are the table pages (1-based, ascending) that page p of a
// register of n pages links to. Up to maxListedPages pages it is all of them;
// above, every page linking all would make the pages of a register grow with
// the square of its rows (a register of 1,000,000 rows: 1,000 pages of 1,000
// links each, 8 of the 111 CPU-s of its build), so a page links the first
// and the last page, its neighbours within three, and at each scale m = 10,
// 100, 1000 … the multiples of m within 5·m of it: some 30 links, and any
// page a few clicks away (each click comes ten times nearer).
func pagesLinked(p, n int) []int {
	if n <= maxListedPages {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	}
	set := map[int]bool{1: true, n: true}
	for q := max(p-3, 1); q <= min(p+3, n); q++ {
		set[q] = true
	}
	for m := 10; m < n; m *= 10 {
		for q := max((p-5*m+m-1)/m*m, m); q <= min(p+5*m, n); q += m {
			set[q] = true
		}
	}
	out := make([]int, 0, len(set))
	for q := range set {
		out = append(out, q)
	}
	slices.Sort(out)
	return out
}

// RegView is the data of a register page.
type RegView struct {
	RegRow
	Columns     []Column
	Rows        []Row
	Page, Pages int
	// PageLinks are the table pages this one links to, in order: every
	// page of a register of at most maxListedPages pages, else a bounded
	// choice (see pagesLinked).
	PageLinks    []PageLink
	First, Last  int
	StatusValues []Link        // Text = label, Title = canonical value
	StatusIndex  int           // column index of the status field (-1 none)
	RowsHTML     template.HTML // Rows as table rows (see escape.go)
	// Filters are the choices of the table: one per enum, reference,
	// yes/no and priority column, on the rows of this page.
	Filters []Filter
	// Downloads are the register's PDF and workbook (see downloads.go);
	// MoreVolumes the further volumes of a PDF printed in volumes.
	Downloads, MoreVolumes []Download
}

// Filter is a choice of the rows of a register table by the text of one column.
type Filter struct {
	ID, Label string
	Index     int // column index in the row (the id column is 0)
	Options   []FilterOption
}

// FilterOption is one value of a Filter: Value is the text of the cells it
// keeps ("" with Empty: the empty cells).
type FilterOption struct {
	Value, Text string
	Empty       bool
}

// tableFields picks the columns of a register table: the title field, then
// short fields (enums, dates, numbers, references, contacts), at most 8.
func tableFields(s *schema.Register) []*schema.Field {
	var out []*schema.Field
	seen := map[string]bool{}
	addf := func(f *schema.Field) {
		if f != nil && !seen[f.Key] && len(out) < 8 {
			seen[f.Key] = true
			out = append(out, f)
		}
	}
	addf(s.Field(s.TitleField))
	for _, req := range []bool{true, false} {
		for _, f := range s.Fields {
			if f.Required != req && !(req && f.Computed != "") {
				continue
			}
			switch f.Type {
			case schema.Enum, schema.Date, schema.DateTime, schema.Month, schema.Integer, schema.Number,
				schema.Ref, schema.Email, schema.Phone, schema.Boolean:
				if f.List && f.Type != schema.Ref {
					continue
				}
				if f.Type == schema.Ref && f.List {
					continue
				}
				addf(f)
			}
		}
	}
	if len(out) < 3 {
		for _, f := range s.Fields {
			if f.Required {
				addf(f)
			}
		}
	}
	addf(s.Field(s.StatusField))
	return out
}

func (r *run) registerPage(reg *model.Register, page, pages int) ([]byte, error) {
	from := r.regPath(reg.Name, page)
	rows := r.regRows(from)
	var rr RegRow
	for _, x := range rows {
		if x.Name == reg.Name {
			rr = x
		}
	}
	v := RegView{RegRow: rr, Page: page, Pages: pages, StatusIndex: -1}
	fields := tableFields(reg.Schema)
	for i, f := range fields {
		v.Columns = append(v.Columns, Column{Key: f.Key, Label: r.fieldLabel(f),
			Numeric: f.Type == schema.Integer || f.Type == schema.Number})
		if f.Key == reg.Schema.StatusField && f.Type == schema.Enum {
			v.StatusIndex = i + 1 // after the id column
			for _, e := range f.Values {
				v.StatusValues = append(v.StatusValues, Link{Text: e.Label(r.lang), Title: e.Label(r.lang)})
			}
		}
	}
	start, end := pageRows(page, len(reg.Records))
	v.First, v.Last = start+1, end
	if start >= end {
		v.First = 0
	}
	v.Rows = make([]Row, 0, end-start)
	cells := make([]TableCell, 0, (end-start)*len(fields)) // one slab for the cells of every row
	for j, rec := range reg.Records[start:end] {
		row := Row{URL: rel(from, r.recPathAt(reg.Name, start+j, rec.ID)), ID: rec.ID}
		row.Cells = cells[len(cells) : len(cells) : len(cells)+len(fields)]
		for _, f := range fields {
			row.Cells = append(row.Cells, r.tableCell(reg, rec, f, from))
		}
		if reg.Name == "availability" {
			if act, ok := r.facts.Actual(reg, rec); ok {
				if t := reg.Get(rec, "target_pct"); t.Valid() && act < t.Float()-1e-9 {
					row.Class = "below"
				}
			}
		}
		cells = cells[:len(cells)+len(row.Cells)]
		v.Rows = append(v.Rows, row)
	}
	v.Filters = r.filters(reg, fields, v.Rows)
	v.Downloads, v.MoreVolumes = r.registerDownloads(reg.Name, from)
	if pages > 1 {
		prev := 0
		for _, p := range pagesLinked(page, pages) {
			first, last := pageRows(p, len(reg.Records))
			v.PageLinks = append(v.PageLinks, PageLink{Link: Link{URL: rel(from, r.regPath(reg.Name, p)), Text: strconv.Itoa(p),
				Note: r.labels.N(first+1) + "–" + r.labels.N(last)}, Current: p == page, Gap: p > prev+1})
			prev = p
		}
	}
	title := rr.Label
	if pages > 1 {
		title += " (" + r.labels["page"] + " " + strconv.Itoa(page) + ")"
	}
	p := r.page(from, title, r.regClass(reg), "registers", &v)
	// the rows are written into the page
	return r.executeSpliced("register.html", p, &v.RowsHTML, len(v.Rows) == 0, func(b []byte) ([]byte, error) {
		return appendTableRows(b, v.Rows), nil
	})
}

// regClass is the classification of a register page: the highest of its records', else the site's.
func (r *run) regClass(reg *model.Register) string {
	c := r.facts.Register(reg.Name).Class
	if r.facts.Site.Registers[reg.Name] != reg { // a register of the previous site (serve's update)
		c = resolve.HighestClass(reg)
	}
	if c == "" {
		return r.siteCls
	}
	return c
}

func (r *run) recClass(rec *model.Record) string {
	if rec.Classification != "" {
		return rec.Classification
	}
	return r.siteCls
}

// tableCell renders one cell of a register table.
func (r *run) tableCell(reg *model.Register, rec *model.Record, f *schema.Field, from string) TableCell {
	c := rec.Cell(f.Index)
	tc := TableCell{HTML: r.badge(reg, rec, f, r.valueHTML(reg, rec, f, from, false))}
	if c.Valid() {
		switch f.Type {
		case schema.Date, schema.DateTime, schema.Month:
			tc.Sort = c.Time().Format("2006-01-02T15:04")
		case schema.Integer, schema.Number:
			tc.Sort = strconv.FormatFloat(c.Float(), 'f', -1, 64)
		}
	} else if f.Computed != "" && !c.Present() {
		if x, ok := r.facts.Computed(rec, f.Key); ok {
			tc.Sort = strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return tc
}

var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{2,30}$`)
var emailRe = regexp.MustCompile(`^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`)

// telURL returns a tel: URL for a phone number ("" when it does not look like one).
func telURL(s string) template.URL {
	s = strings.TrimSpace(s)
	if !phoneRe.MatchString(s) {
		return ""
	}
	var b strings.Builder
	for _, c := range s {
		if c == '+' || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	return template.URL("tel:" + b.String())
}

// mailURL returns a mailto: URL for an address ("" when it does not look like one).
func mailURL(s string) template.URL {
	s = strings.TrimSpace(s)
	if !emailRe.MatchString(s) {
		return ""
	}
	return template.URL("mailto:" + url.PathEscape(s))
}

var esc = template.HTMLEscapeString

// valueHTML renders the value of a field: references as links to their
// records or documents, addresses as mailto:/tel: links, lists as lists.
// Every text is escaped. full selects the record-page form (lists as <ul>).
func (r *run) valueHTML(reg *model.Register, rec *model.Record, f *schema.Field, from string, full bool) template.HTML {
	c := rec.Cell(f.Index)
	if !c.Present() {
		if f.Computed != "" {
			if x, ok := r.facts.Computed(rec, f.Key); ok {
				s := r.num(x, f)
				if full {
					s += " (" + r.labels["computed"] + ")"
				}
				return template.HTML(esc(s))
			}
		}
		return ""
	}
	var items []string
	switch f.Type {
	case schema.Ref, schema.DocRef:
		items = model.RefItems(f, c)
		parts := make([]string, 0, len(items))
		for _, it := range items {
			prefix := ""
			id := it
			if len(f.RefPrefixTypes) > 0 {
				if p, rest, ok := strings.Cut(it, ":"); ok {
					prefix, id = strings.TrimSpace(p)+": ", strings.TrimSpace(rest)
				}
			}
			parts = append(parts, esc(prefix)+r.refHTML(f, id, from, full))
		}
		return joinHTML(parts, full)
	case schema.Email:
		if u := mailURL(c.Raw); u != "" {
			return template.HTML(`<a href="` + esc(string(u)) + `">` + esc(c.Raw) + `</a>`)
		}
	case schema.Phone:
		if u := telURL(c.Raw); u != "" {
			return template.HTML(`<a href="` + esc(string(u)) + `">` + esc(c.Raw) + `</a>`)
		}
	case schema.Integer, schema.Number:
		if c.Valid() && !f.List {
			return template.HTML(esc(r.num(c.Float(), f)))
		}
	}
	text := localize.Value(reg, rec, f, r.lang)
	if f.List {
		items = strings.Split(text, "\n")
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = esc(it)
		}
		return joinHTML(parts, full)
	}
	return template.HTML(strings.ReplaceAll(esc(text), "\n", "<br>"))
}

func joinHTML(parts []string, list bool) template.HTML {
	if len(parts) == 0 {
		return ""
	}
	if list && len(parts) > 1 {
		return template.HTML("<ul><li>" + strings.Join(parts, "</li><li>") + "</li></ul>")
	}
	return template.HTML(strings.Join(parts, "<br>"))
}

// refHTML links a referenced record or document id.
func (r *run) refHTML(f *schema.Field, id, from string, withTitle bool) string {
	if f.Type == schema.DocRef {
		if d := r.site.DocByID[id]; d != nil {
			s := `<a href="` + esc(rel(from, r.docPath(d))) + `">` + esc(id) + `</a>`
			if withTitle {
				s += " " + esc(d.Title)
			}
			return s
		}
		return esc(id)
	}
	target := r.site.Registers[f.Ref]
	if p := r.recPath(f.Ref, id); p != "" && target != nil {
		s := `<a href="` + esc(rel(from, p)) + `">` + esc(id) + `</a>`
		if withTitle {
			if rec := target.ByID[id]; rec != nil {
				if t := target.Title(rec); t != id {
					s += " " + esc(t)
				}
			}
		}
		return s
	}
	return esc(id)
}

// num formats a number per language (decimal comma in Indonesian).
func (r *run) num(x float64, f *schema.Field) string {
	prec := -1
	if f != nil && f.Type == schema.Integer {
		prec = 0
	} else if x != float64(int64(x)) {
		prec = 2
	}
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if r.lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// ---------- records ----------

// BackGroup lists the records of one register that reference a record.
type BackGroup struct {
	Label     string
	URL       string
	Links     []Link
	More      int
	LinksHTML template.HTML // Links as list items (see escape.go)
}

// RecView is the data of a record page.
type RecView struct {
	Register Link
	ID       string
	Title    string
	Fields   []KV
	Extra    []KV
	Notes    string
	Back     []BackGroup
	RFC      *resolve.RFCForm
	Source   string
	// Downloads: the request form of an RFC as PDF (see downloads.go)
	Downloads []Download
	// Fields as table rows (see escape.go)
	FieldRows template.HTML
	// Anchor is the id of the record on a chunk page ("" on its own page);
	// FormHead the id of the heading of its RFC form.
	Anchor, FormHead string
}

func (r *run) recordPage(reg *model.Register, rec *model.Record) ([]byte, error) {
	from := r.recPath(reg.Name, rec.ID)
	// the Go writer writes the rows of the fields itself
	v := r.recViewRows(reg, rec, from, !r.goWrite("record.html"), nil)
	title := rec.ID
	if v.Title != rec.ID {
		title += " " + v.Title
	}
	p := r.page(from, title, r.recClass(rec), "registers", v)
	return r.writePage("record.html", p, func(b []byte, p *Page) ([]byte, error) { return appendRecordMain(b, p, v) },
		func() { v.FieldRows = fieldRows(v.Fields) })
}

// recView is what the page of a record shows, on the page at from (its own
// page, or the chunk page of a large register).
func (r *run) recView(reg *model.Register, rec *model.Record, from string) *RecView {
	return r.recViewRows(reg, rec, from, true, nil)
}

// recViewRows is recView, its FieldRows written only when rows, made in v
// when it is not nil (its Fields' array reused: a chunk page makes the views
// of its records one after the other in one).
func (r *run) recViewRows(reg *model.Register, rec *model.Record, from string, rows bool, v *RecView) *RecView {
	var fields []KV
	if v == nil {
		v = &RecView{}
		fields = make([]KV, 0, len(reg.Schema.Fields))
	} else {
		fields = v.Fields[:0]
	}
	*v = RecView{ID: rec.ID, Title: reg.Title(rec), Notes: rec.Notes, FormHead: "rfc-h",
		Register: Link{URL: rel(from, r.regPath(reg.Name, r.tablePage(reg.Name, rec.ID))), Text: reg.Schema.Label.In(r.lang)},
		Fields:   fields}
	if rec.Pos.File != "" {
		v.Source = rec.Pos.File
		if rec.Pos.Line > 0 {
			v.Source += ":" + strconv.Itoa(rec.Pos.Line)
		}
	}
	for _, f := range reg.Schema.Fields {
		h := r.valueHTML(reg, rec, f, from, true)
		if h == "" {
			continue
		}
		h = r.badge(reg, rec, f, h)
		v.Fields = append(v.Fields, KV{Label: r.fieldLabel(f), HTML: h, Key: f.Key})
	}
	if rows {
		v.FieldRows = fieldRows(v.Fields)
	}
	for _, e := range rec.Extra {
		v.Extra = append(v.Extra, KV{Label: e.Key, Value: e.Value})
	}
	names := make([]string, 0)
	groups := map[string]*BackGroup{}
	for _, b := range r.facts.Register(reg.Name).BackRefs[rec.ID] {
		g := groups[b.Register]
		if g == nil {
			g = &BackGroup{Label: r.site.Registers[b.Register].Schema.Label.In(r.lang), URL: rel(from, r.regPath(b.Register, 1))}
			groups[b.Register] = g
			names = append(names, b.Register)
		}
		if len(g.Links) >= 25 {
			g.More++
			continue
		}
		l := Link{URL: rel(from, r.recPath(b.Register, b.Record.ID)), Text: b.Record.ID, Note: r.fieldLabel(b.Field)}
		if t := r.site.Registers[b.Register].Title(b.Record); t != b.Record.ID {
			l.Title = t
		}
		g.Links = append(g.Links, l)
	}
	sort.Strings(names)
	for _, n := range names {
		g := groups[n]
		g.LinksHTML = backItems(g.Links)
		v.Back = append(v.Back, *g)
	}
	if reg.Schema.Form == "changes" {
		v.RFC = r.rfcView(reg, rec)
	}
	v.Downloads = r.formDownloads(reg, rec, from)
	return v
}

// ChunkView is the data of a chunk page: the records of a run of rows of a
// large register, each as its own page would show it (see names.Group).
type ChunkView struct {
	Register    Link // the register's first table page
	First, Last int  // rows (1-based) of the chunk
	// RecordsHTML is the records, each an article (see appendRecord): the
	// built-in records.html shows it; a site's layout may range over Records
	RecordsHTML template.HTML

	r    *run
	reg  *model.Register
	recs []*model.Record
	at   []int // the position of each of recs in the register
	from string
}

// Records are the views of the records of the page, made when a layout asks
// for them (the built-in layout writes RecordsHTML instead, one record at a
// time, so that a page of 250 records never holds 250 views).
func (v *ChunkView) Records() []*RecView {
	out := make([]*RecView, 0, len(v.recs))
	for i, rec := range v.recs {
		out = append(out, v.r.chunkRecView(v.reg, rec, v.at[i], v.from, true, nil))
	}
	return out
}

// chunkRecView is the view of a record on the chunk page at from, with its
// FieldRows when rows, made in v when it is not nil (see recViewRows).
func (r *run) chunkRecView(reg *model.Register, rec *model.Record, at int, from string, rows bool, v *RecView) *RecView {
	rv := r.recViewRows(reg, rec, from, rows, v)
	rv.Anchor = r.names.RecordAnchorAt(reg.Name, at, rec.ID)
	rv.FormHead = "rfc-" + strings.TrimPrefix(rv.Anchor, names.AnchorPrefix)
	return rv
}

// chunkPage renders chunk page k of a grouped register: the records of its
// rows, each an anchor (names.RecordAnchor).
func (r *run) chunkPage(reg *model.Register, k int) ([]byte, error) {
	from := r.chunkPath(reg.Name, k)
	g := r.names.Groups[reg.Name]
	start, end := k*g.Size, min((k+1)*g.Size, len(reg.Records))
	// the records of the rows start … end-1 whose page this is: not those
	// with an empty id, nor a record repeating the id of an earlier one
	v := &ChunkView{Register: Link{URL: rel(from, r.regPath(reg.Name, 1)), Text: reg.Schema.Label.In(r.lang)},
		First: start + 1, Last: end, r: r, reg: reg, from: from}
	v.recs, v.at = r.chunkRecords(&page{reg: reg, chunk: k + 1})
	class := ""
	for _, rec := range v.recs {
		if c := r.recClass(rec); localize.ClassRank(c) > localize.ClassRank(class) {
			class = c
		}
	}
	if class == "" {
		class = r.siteCls
	}
	title := v.Register.Text + " · " + r.labels["rows"] + " " + r.labels.N(v.First) + "–" + r.labels.N(v.Last)
	p := r.page(from, title, class, "registers", v)
	// the records are written one at a time into the page
	rfc := func(rv *RecView) (template.HTML, error) { return p.With(rv).Partial("rfc-form.html") }
	return r.executeSpliced("records.html", p, &v.RecordsHTML, len(v.recs) == 0, func(b []byte) ([]byte, error) {
		var rv RecView // one view at a time
		for i, rec := range v.recs {
			var err error
			if b, err = appendRecord(b, r.labels, r.chunkRecView(reg, rec, v.at[i], from, false, &rv), rfc); err != nil {
				return nil, err
			}
		}
		return b, nil
	})
}

// spliceMark stands for the large HTML part of a page while its template
// runs (see executeSpliced). Its NUL bytes survive only where html/template
// writes HTML as it is (text): every escaper turns them into something else.
const spliceMark = "\x00smsgen:part\x00"

// executeSpliced runs the page template name with the large HTML part of
// its data (a table page's rows, a chunk page's records, shown by *slot)
// replaced by a mark, then writes the part, appended by write, straight into
// the page in place of the mark: html/template prints a value through fmt,
// which first copies it whole (the 400 KB of a table page's rows) into a
// buffer of its own, and the part is never held apart from the page. A page
// where the mark is not exactly once (a site's layout printing it elsewhere)
// is rendered again with the part itself, and so is an empty part (empty:
// a layout may test it).
func (r *run) executeSpliced(name string, p *Page, slot *template.HTML, empty bool, write func([]byte) ([]byte, error)) ([]byte, error) {
	if empty {
		return r.execute(name, p)
	}
	*slot = spliceMark
	out, err := r.execute(name, p)
	*slot = ""
	if err != nil {
		return nil, err
	}
	if i := bytes.Index(out, []byte(spliceMark)); i >= 0 && !bytes.Contains(out[i+1:], []byte(spliceMark)) {
		tail := append(getSmall(), out[i+len(spliceMark):]...) // the end of the page: a few KB
		if out, err = write(out[:i]); err != nil {
			return nil, err
		}
		out = append(out, tail...)
		putSmall(tail)
		return out, nil
	}
	release(out)
	part, err := write(getPage())
	if err != nil {
		return nil, err
	}
	*slot = template.HTML(unsafe.String(unsafe.SliceData(part), len(part)))
	out, err = r.execute(name, p)
	*slot = ""
	release(part)
	return out, err
}

// Small buffers (the end of a page) are pooled too.
var smalls = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

func getSmall() []byte { return (*smalls.Get().(*[]byte))[:0] }

func putSmall(b []byte) {
	if cap(b) <= 64<<10 {
		b = b[:0]
		smalls.Put(&b)
	}
}

// rfcView resolves the request form of a change record with the site's labels.
func (r *run) rfcView(reg *model.Register, rec *model.Record) *resolve.RFCForm {
	return resolve.LayoutRFCForm(reg, rec, r.site.Registers["services"], r.lang, func(k string) string { return r.labels[k] })
}
