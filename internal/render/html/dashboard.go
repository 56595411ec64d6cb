package html

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
)

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04:05Z07:00"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// DocIndex is the data of the document index.
type DocIndex struct {
	Groups []DocGroup
	Cols   map[string]string // labels of the front matter fields
}

// Count is a labelled count with a bar.
type Count struct {
	Label string
	N     int
	Bar   template.HTML
	URL   string
	Class string
}

// Overdue is an overdue review or test.
type Overdue struct {
	Kind, URL, ID, Title, Due string
}

// Dash is the data of the dashboard.
type Dash struct {
	Docs, Approved, Drafts int
	Registers, Records     int
	Incidents              []Count
	IncidentsTotal         int
	IncidentsURL           string
	Changes                []Count
	ChangesURL             string
	Problems               []Count
	ProblemsURL            string
	KnownErrors            []Link
	Overdue                []Overdue
	Availability           template.HTML
	AvailRows              []AvailRow
	AvailURL               string
	Warnings               int
	HasIncidents           bool
	HasChanges             bool
	HasProblems            bool
	HasAvailability        bool
}

// AvailRow is one service in the availability chart.
type AvailRow struct {
	Service, Period, Actual, Target string
	Below                           bool
	URL                             string
}

func (r *run) dashboardPage() ([]byte, error) {
	const from = "index.html"
	d := Dash{Docs: len(r.site.Documents), Registers: len(r.site.Registers)}
	for _, doc := range r.site.Documents {
		if doc.Approved() {
			d.Approved++
		} else {
			d.Drafts++
		}
	}
	for _, reg := range r.site.Registers {
		d.Records += len(reg.Records)
	}
	if inc := r.site.Registers["incidents"]; inc != nil {
		d.HasIncidents = true
		d.IncidentsURL = rel(from, r.regPath("incidents", 1))
		state := r.facts.Register("incidents")
		counts := map[int]int{}
		for _, rec := range inc.Records {
			if state.Closed(rec) {
				continue
			}
			p := 0
			if x, ok := r.facts.Value(inc, rec, "priority"); ok {
				p = int(math.Round(x))
			}
			counts[p]++
			d.IncidentsTotal++
		}
		levels := []int{1, 2, 3, 4, 5}
		maxN := 0
		for _, n := range counts {
			maxN = max(maxN, n)
		}
		for _, l := range levels {
			label := strconv.Itoa(l)
			if pr := r.site.Schemas.Priority; pr != nil {
				if lv, ok := pr.Levels[l]; ok {
					label += " " + lv.In(r.lang)
				}
			}
			d.Incidents = append(d.Incidents, Count{Label: label, N: counts[l], Bar: bar(counts[l], maxN, "p"+strconv.Itoa(l))})
		}
		if counts[0] > 0 {
			d.Incidents = append(d.Incidents, Count{Label: "?", N: counts[0], Bar: bar(counts[0], maxN, "p0")})
		}
	}
	d.Changes, d.ChangesURL, d.HasChanges = r.statusCounts("changes", from)
	d.Problems, d.ProblemsURL, d.HasProblems = r.statusCounts("problems", from)
	if pr := r.site.Registers["problems"]; pr != nil {
		for _, rec := range pr.Records {
			if pr.Value(rec, "status") == "known_error" {
				d.KnownErrors = append(d.KnownErrors, Link{URL: rel(from, r.recPath("problems", rec.ID)), Text: rec.ID,
					Title: pr.Title(rec), Note: pr.Value(rec, "workaround")})
			}
		}
	}
	d.Overdue = r.overdue(from)
	d.AvailRows, d.Availability = r.availability(from)
	d.HasAvailability = r.site.Registers["availability"] != nil
	if d.HasAvailability {
		d.AvailURL = rel(from, r.regPath("availability", 1))
	}
	fs, _ := r.visibleFindings()
	for _, f := range fs {
		if f.Severity >= diag.Warning && f.Accepted == "" {
			d.Warnings++
		}
	}
	p := r.page(from, r.labels["dashboard"], r.siteCls, "dashboard", d)
	return r.execute("dashboard.html", p)
}

// statusCounts counts the records of a register by status, in the enum's order.
func (r *run) statusCounts(name, from string) ([]Count, string, bool) {
	reg := r.site.Registers[name]
	if reg == nil {
		return nil, "", false
	}
	f := reg.Schema.Field(reg.Schema.StatusField)
	if f == nil {
		f = reg.Schema.Field("status")
	}
	if f == nil {
		return nil, "", false
	}
	counts := map[string]int{}
	maxN := 0
	for _, rec := range reg.Records {
		v := reg.Value(rec, f.Key)
		counts[v]++
		maxN = max(maxN, counts[v])
	}
	var out []Count
	for _, e := range f.Values {
		out = append(out, Count{Label: e.Label(r.lang), N: counts[e.Value], Bar: bar(counts[e.Value], maxN, "s-"+e.Value)})
	}
	return out, rel(from, r.regPath(name, 1)), true
}

// overdue lists what is past due: the resolved overdue items (date fields
// with past_warning in their schema, continuity tests).
func (r *run) overdue(from string) []Overdue {
	var out []Overdue
	for _, o := range r.facts.Overdue {
		due := localize.Date(o.Due, r.lang)
		switch {
		case o.Doc != nil:
			out = append(out, Overdue{Kind: r.labels["overdue_review"], URL: rel(from, r.docPath(o.Doc)), ID: o.Doc.DocID, Title: o.Doc.Title, Due: due})
			continue
		case o.Field == nil && o.Due.IsZero():
			due = r.labels["never_tested"]
		}
		reg := r.site.Registers[o.Register]
		kind := r.labels["overdue_test"]
		if o.Field != nil {
			kind = reg.Schema.Label.In(r.lang) + ": " + r.fieldLabel(o.Field)
		}
		out = append(out, Overdue{Kind: kind, URL: rel(from, r.recPath(o.Register, o.Record.ID)), ID: o.Record.ID, Title: reg.Title(o.Record), Due: due})
	}
	return out
}

// availability returns the newest period of every service against its target, and the chart.
func (r *run) availability(from string) ([]AvailRow, template.HTML) {
	reg := r.site.Registers["availability"]
	if reg == nil {
		return nil, ""
	}
	type latest struct {
		rec    *model.Record
		period time.Time
	}
	by := map[string]latest{}
	var order []string
	for _, rec := range reg.Records {
		svc := reg.Value(rec, "service")
		pc := reg.Get(rec, "period")
		if svc == "" || !pc.Valid() {
			continue
		}
		l, ok := by[svc]
		if !ok {
			order = append(order, svc)
		}
		if !ok || pc.Time().After(l.period) {
			by[svc] = latest{rec, pc.Time()}
		}
	}
	sort.Strings(order)
	var rows []AvailRow
	var bars []chartBar
	services := r.site.Registers["services"]
	for _, svc := range order {
		l := by[svc]
		act, ok := r.facts.Actual(reg, l.rec)
		t := reg.Get(l.rec, "target_pct")
		if !ok || !t.Valid() {
			continue
		}
		name := svc
		if services != nil {
			if s := services.ByID[svc]; s != nil {
				name = services.Title(s)
			}
		}
		row := AvailRow{Service: name, Period: localize.Month(l.period, r.lang), Actual: r.num(act, nil) + "%",
			Target: r.num(t.Float(), nil) + "%", Below: act < t.Float()-1e-9, URL: rel(from, r.recPath("availability", l.rec.ID))}
		rows = append(rows, row)
		bars = append(bars, chartBar{label: name, actual: act, target: t.Float(), text: row.Actual, below: row.Below})
	}
	if len(bars) == 0 {
		return rows, ""
	}
	return rows, availabilityChart(bars, r.labels["availability"], r.labels["availability_latest"])
}

// visibleFindings returns the findings that may be shown in this build: in a
// restricted build, findings about documents or records left out are withheld
// (they would reveal what was left out), and so are values of personal fields.
func (r *run) visibleFindings() ([]diag.Finding, int) {
	if r.ctx.MaxClass == "" {
		return r.ctx.Findings, 0
	}
	withheld := 0
	var out []diag.Finding
	regByPath := map[string]*model.Register{}
	for _, reg := range r.site.Registers {
		regByPath[reg.Path] = reg
	}
	for _, f := range r.ctx.Findings {
		keep := true
		switch {
		case strings.HasPrefix(f.File, "content/"):
			keep = r.site.DocByPath[f.File] != nil
		case f.Record != "":
			reg := r.site.Registers[f.Register]
			keep = reg != nil && reg.ByID[f.Record] != nil
			if keep && f.Field != "" {
				if fld := reg.Schema.Field(f.Field); fld != nil && fld.Personal && r.ctx.MaxClass == "public" {
					f.Value = ""
					f.Message = i18n.Message(r.lang, f.Code, nil)
				}
			}
		}
		if !keep {
			withheld++
			continue
		}
		out = append(out, f)
	}
	return out, withheld
}

// FindingRow is a finding on the findings page.
type FindingRow struct {
	Severity, SevClass, Code, Location, Record, Message string
	URL                                                 string
	Help                                                string // how to fix it
	Reason                                              string // why its document accepts it
}

// FindingsView is the data of the findings page.
type FindingsView struct {
	Rows     []FindingRow
	ByCode   []Count
	Withheld int
	// Accepted are the findings documents accept (front matter accept:),
	// with their reasons: listed apart and not counted.
	Accepted []FindingRow
}

func (r *run) findingsPage() ([]byte, error) {
	const from = "findings.html"
	fs, withheld := r.visibleFindings()
	v := FindingsView{Withheld: withheld}
	counts := map[string]int{}
	for _, f := range fs {
		loc := f.File
		if f.Line > 0 {
			loc += ":" + strconv.Itoa(f.Line)
			if f.Column > 0 {
				loc += ":" + strconv.Itoa(f.Column)
			}
		}
		row := FindingRow{Severity: r.labels["sev_"+f.Severity.String()], SevClass: f.Severity.String(), Code: f.Code,
			Location: loc, Record: f.Record, Message: f.Message, Help: i18n.Help(r.lang, f.Code), Reason: f.Accepted}
		if d := r.site.DocByPath[f.File]; d != nil {
			row.URL = rel(from, r.docPath(d))
		} else if f.Register != "" && f.Record != "" {
			if p := r.recPath(f.Register, f.Record); p != "" {
				row.URL = rel(from, p)
			}
		}
		if f.Accepted != "" {
			v.Accepted = append(v.Accepted, row)
			continue
		}
		v.Rows = append(v.Rows, row)
		counts[f.Code]++
	}
	var codes []string
	for c := range counts {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		v.ByCode = append(v.ByCode, Count{Label: c, N: counts[c]})
	}
	p := r.page(from, r.labels["findings"], r.siteCls, "findings", v)
	return r.execute("findings.html", p)
}

// ---------- coverage ----------

// CovFramework is the coverage matrix of one framework.
type CovFramework struct {
	Name, Title string
	Source      string // where the requirements come from (the framework data's citation)
	Rows        []CovRow
	Covered     int
	Gaps        int
	Total       int
}

// CovRow is one requirement with its evidence.
type CovRow struct {
	ID, Anchor, Title string
	// AltAnchor is the framework-qualified anchor (req-FRAMEWORK_ID), the
	// target of a document's "framework:clause"; empty when Anchor is it.
	AltAnchor  string
	Depth      int
	Docs       []Link
	DocsHTML   template.HTML // Docs as list items (see escape.go)
	DocNewest  string
	InProgress []Link // documents that do not count yet
	Regs       []Link
	RegNewest  string
	Empty      []Link // registers without records
	State      string // covered, sub, gap
	StateLabel string
	Why        string // for a gap: why
}

// coveragePage shows the resolved coverage of every framework.
func (r *run) coveragePage() ([]byte, error) {
	const from = "coverage.html"
	// newest date of each register, computed once
	regNewest := map[string]time.Time{}
	for name, reg := range r.site.Registers {
		df := reg.Schema.Field(reg.Schema.DateField)
		var newest time.Time
		if df != nil {
			for _, rec := range reg.Records {
				if c := rec.Cells[df.Index]; c.Valid() && c.Time().After(newest) {
					newest = c.Time()
				}
			}
		}
		if newest.IsZero() && reg.LastChange != nil {
			newest = reg.LastChange.Date
		}
		regNewest[name] = newest
	}
	docDate := func(d *model.Document) time.Time {
		var t time.Time
		for _, k := range []string{"effective_date", "approved_date"} {
			if c := d.Cell(k); c.Valid() && c.Time().After(t) {
				t = c.Time()
			}
		}
		if t.IsZero() && d.LastChange != nil {
			t = d.LastChange.Date
		}
		return t
	}
	var out []CovFramework
	anchors := map[string]bool{} // a plain clause anchor goes to the first framework holding the clause
	for _, fw := range r.facts.Coverage {
		cf := CovFramework{Name: fw.Name, Title: fw.Title.In(r.lang), Source: fw.Source.In(r.lang), Covered: fw.Covered, Gaps: fw.Gaps, Total: fw.Total()}
		cf.Rows = make([]CovRow, 0, len(fw.Requirements))
		for _, req := range fw.Requirements {
			row := CovRow{ID: req.ID, Anchor: "req-" + anchorID(req.ID), AltAnchor: "req-" + anchorID(fw.Name+":"+req.ID),
				Title: req.Title.In(r.lang), Depth: req.Depth, State: string(req.Status), StateLabel: r.labels[req.StatusKey()]}
			if anchors[row.Anchor] {
				row.Anchor, row.AltAnchor = row.AltAnchor, ""
			}
			anchors[row.Anchor] = true
			if k := req.ReasonKey(); k != "" {
				row.Why = r.labels[k]
				if req.Reason == resolve.Partial {
					row.Why = r.labels.F(k, req.MissingText(r.lang))
				}
			}
			via := func(ref string) string { return r.labels.F(resolve.ViaKey, resolve.ViaText(ref)) }
			var newest time.Time
			var direct, crossed []Link
			for _, d := range req.Docs {
				l := Link{URL: rel(from, r.docPath(d)), Text: d.DocID, Title: d.Title}
				row.Docs = append(row.Docs, l)
				if v := req.DocVia[d]; v != "" {
					l.Note = via(v)
					crossed = append(crossed, l)
				} else {
					direct = append(direct, l)
				}
				if t := docDate(d); t.After(newest) {
					newest = t
				}
			}
			row.DocsHTML = linkItems(direct) + backItems(crossed)
			row.DocNewest = localize.Date(newest, r.lang)
			for _, d := range req.InProgress {
				note := r.labels[resolve.InProgressKey]
				if v := req.DocVia[d]; v != "" {
					note += "; " + via(v)
				}
				row.InProgress = append(row.InProgress, Link{URL: rel(from, r.docPath(d)), Text: d.DocID, Title: d.Title, Note: note})
			}
			newest = time.Time{}
			regNote := func(reg *model.Register) string {
				n := strconv.Itoa(req.Records[reg])
				if v := req.RegVia[reg]; v != "" {
					n += "; " + via(v)
				}
				return n
			}
			for _, reg := range req.Registers {
				row.Regs = append(row.Regs, Link{URL: rel(from, r.regPath(reg.Name, 1)), Text: reg.Schema.Label.In(r.lang),
					Note: regNote(reg)})
				if t := regNewest[reg.Name]; t.After(newest) {
					newest = t
				}
			}
			row.RegNewest = localize.Date(newest, r.lang)
			for _, reg := range req.Empty {
				row.Empty = append(row.Empty, Link{URL: rel(from, r.regPath(reg.Name, 1)), Text: reg.Schema.Label.In(r.lang), Note: regNote(reg)})
			}
			cf.Rows = append(cf.Rows, row)
		}
		out = append(out, cf)
	}
	p := r.page(from, r.labels["coverage"], r.siteCls, "coverage", out)
	return r.execute("coverage.html", p)
}
