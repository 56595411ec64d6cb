package html

import "strings"

// The pages there are one of per document and per record (2,000 of the
// 2,340 files of a site of a thousand documents and a register of a
// thousand records) are written in Go when the site keeps the built-in
// templates that make them (layout.html, and document.html or record.html;
// doc-control.html and sop.html for the document control table and the SOP
// form): html/template
// evaluates every action through reflection and an escaper, which was the
// most of the time those pages took apart from their bodies. Each writer
// escapes exactly as html/template does in that context (see escape.go) and
// gives the bytes the template gives (TestGoPagesMatchTemplates, and
// TestGoPagesSameSite over whole sites). The partials the pages call
// (head.html, top.html, bottom.html, rfc-form.html, and a site's own
// doc-control.html or sop.html) stay templates, rendered through Page.Partial, so a
// site's layout of any of them is used as before. A page whose writer fails
// is rendered again by its template, which gives the error a template gives.

// goWriters turns the Go writers of pages on (tests compare both ways).
var goWriters = true

// goPageLabels are the labels the writers print; a page is only written in
// Go when the page's language has every one of them (a template would stop
// at a missing one, and says so).
var goPageLabels = []string{
	"draft", "draft_note", "downloads", "toc", "sop_identity", "sop_procedure", "revision_history", "version",
	"date", "author", "change_summary", "distribution", "document_control", "clauses", "supersedes",
	"last_change", "commit", "registers", "rfc_details", "record", "notes", "other_fields", "referenced_by",
	"more", "source", "back_to_register",
	"sop_created_date", "sop_revision_date", "sop_effective_date", "sop_nip", "sop_legend", "sheet", "sop_total_time",
}

// sopLabels are the labels of an SOP view (SOPView.Labels) the built-in
// sop.html prints; sopView sets every one.
var sopLabels = []string{"number", "approved_by", "name", "no", "activity", "actors", "quality_standard",
	"requirements", "time", "output", "notes"}

// goPages tells, per page template, whether its Go writer gives what the
// site's templates give: the page template and layout.html are the
// built-in ones, and every label the writer prints is there.
func (t *templates) goPages(labels map[string]string) map[string]bool {
	builtin := func(n string) bool { return strings.HasPrefix(t.origin[n], "built-in template ") }
	for _, k := range goPageLabels {
		if _, ok := labels[k]; !ok {
			return nil
		}
	}
	out := map[string]bool{}
	for _, n := range []string{"document.html", "record.html"} {
		out[n] = builtin("layout.html") && builtin(n)
	}
	return out
}

// goWrite tells whether the pages of the page template name are written in Go.
func (r *run) goWrite(name string) bool { return goWriters && r.goPage[name] }

// writePage writes the page p of the page template name through its Go
// writer main (the template's "main") when the site keeps the built-in
// templates, else, or when the writer fails, through the template (after
// fill, when not nil, completes the view with what only the template reads).
func (r *run) writePage(name string, p *Page, main func(b []byte, p *Page) ([]byte, error), fill func()) ([]byte, error) {
	if r.goWrite(name) {
		b, err := appendLayout(getPage(), p, main)
		if err == nil {
			// the text of the page template around its definition of
			// "main": {{template "layout.html" .}}\n{{define "main"}}…{{end}}\n
			return append(b, "\n\n"...), nil
		}
		release(b)
		if fill != nil {
			fill()
		}
	}
	return r.execute(name, p)
}

// appendLayout appends the page p as the built-in layout.html writes it,
// its "main" appended by main:
//
//	{{.Partial "head.html"}}<title>{{.Title}} · {{.Site.Title}}</title>
//	{{.Partial "top.html"}}{{template "main" .}}
//	{{.Partial "bottom.html"}}
func appendLayout(b []byte, p *Page, main func(b []byte, p *Page) ([]byte, error)) ([]byte, error) {
	h, err := p.Partial("head.html")
	if err != nil {
		return b, err
	}
	b = append(b, h...)
	b = append(b, "<title>"...)
	b = appendText(b, p.Title)
	b = append(b, " · "...)
	b = appendText(b, p.Site.Title)
	b = append(b, "</title>\n"...)
	if h, err = p.Partial("top.html"); err != nil {
		return b, err
	}
	b = append(b, h...)
	if b, err = main(b, p); err != nil {
		return b, err
	}
	b = append(b, '\n')
	if h, err = p.Partial("bottom.html"); err != nil {
		return b, err
	}
	return append(b, h...), nil
}

// appendDownloads appends the download buttons of a page:
//
//	{{with $d.Downloads}}<ul class="downloads" aria-label="{{$.L.downloads}}">{{range .}}<li><a class="dl dl-{{.Kind}}" href="{{.URL}}" type="{{if eq .Kind "pdf"}}application/pdf{{else}}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet{{end}}">{{.Text}}</a></li>{{end}}</ul>
//	{{end}}
func appendDownloads(b []byte, L map[string]string, dl []Download) []byte {
	if len(dl) == 0 {
		return b
	}
	b = append(b, `<ul class="downloads" aria-label="`...)
	b = appendText(b, L["downloads"])
	b = append(b, `">`...)
	for _, d := range dl {
		b = append(b, `<li><a class="dl dl-`...)
		b = appendText(b, d.Kind)
		b = append(b, `" href="`...)
		b = appendURL(b, d.URL)
		if d.Kind == "pdf" {
			b = append(b, `" type="application/pdf">`...)
		} else {
			b = append(b, `" type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">`...)
		}
		b = appendText(b, d.Text)
		b = append(b, "</a></li>"...)
	}
	return append(b, "</ul>\n"...)
}

// appendDocumentMain appends the "main" of the built-in document.html for
// the page p of a document d (p.Data; its lists are written from Control,
// TOC, History, Clauses and Distribution, their HTML fields are not read);
// the document control table
// is the built-in doc-control.html's (appendDocControl) when the site keeps
// it, else the site's partial; the SOP form is the partial sop.html.
func (r *run) appendDocumentMain(b []byte, p *Page, d *DocView) ([]byte, error) {
	L := p.L
	b = append(b, "\n<article class=\"doc\">\n<header class=\"doc-head\">\n<p class=\"doc-id\">"...)
	b = appendText(b, d.ID)
	b = append(b, "</p>\n<h1>"...)
	b = appendText(b, d.Title)
	b = append(b, "</h1>\n"...)
	if !d.Approved {
		b = append(b, `<p class="draft-mark" role="note"><strong>`...)
		b = appendText(b, L["draft"])
		b = append(b, "</strong> "...)
		b = appendText(b, L["draft_note"])
		b = append(b, "</p>"...)
	}
	b = append(b, '\n')
	if r.docControlBuiltin {
		b = appendDocControl(b, L, d)
	} else {
		h, err := p.Partial("doc-control.html")
		if err != nil {
			return b, err
		}
		b = append(b, h...)
	}
	b = append(b, '\n')
	b = appendDownloads(b, L, d.Downloads)
	b = append(b, "</header>\n"...)
	if len(d.TOC) > 0 || d.SOP != nil {
		b = append(b, "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">"...)
		b = appendText(b, L["toc"])
		b = append(b, "</h2>\n<ol>"...)
		b = appendTOCItems(b, d.TOC)
		if d.SOP != nil {
			b = append(b, `<li class="lvl2"><a href="#sop-id-h">`...)
			b = appendText(b, L["sop_identity"])
			b = append(b, "</a></li>\n<li class=\"lvl2\"><a href=\"#sop-proc-h\">"...)
			b = appendText(b, L["sop_procedure"])
			b = append(b, "</a></li>\n"...)
		}
		b = append(b, "</ol>\n</nav>"...)
	}
	b = append(b, "\n<div class=\"doc-body\">\n"...)
	b = append(b, d.Body...)
	b = append(b, "\n</div>\n"...)
	if d.SOP != nil {
		if r.sopBuiltin && hasKeys(d.SOP.Labels, sopLabels) {
			b = appendSOP(b, L, d.SOP)
		} else {
			h, err := p.Partial("sop.html")
			if err != nil {
				return b, err
			}
			b = append(b, h...)
		}
	}
	b = append(b, '\n')
	if len(d.History) > 0 {
		b = appendSectionHead(b, "hist-h", L["revision_history"])
		b = append(b, "<table class=\"list\"><thead><tr><th scope=\"col\">"...)
		b = appendText(b, L["version"])
		b = append(b, `</th><th scope="col">`...)
		b = appendText(b, L["date"])
		b = append(b, `</th><th scope="col">`...)
		b = appendText(b, L["author"])
		b = append(b, `</th><th scope="col">`...)
		b = appendText(b, L["change_summary"])
		b = append(b, "</th></tr></thead>\n<tbody>"...)
		b = appendHistoryRows(b, d.History)
		b = append(b, "</tbody></table>\n</section>"...)
	}
	b = append(b, '\n')
	if len(d.Distribution) > 0 {
		b = appendSectionHead(b, "dist-h", L["distribution"])
		b = append(b, "<ul>"...)
		b = appendListItems(b, d.Distribution)
		b = append(b, "</ul>\n</section>"...)
	}
	return append(b, "\n</article>\n"...), nil
}

// appendDocControl appends the built-in doc-control.html:
//
//	{{$d := .Data}}<table class="doc-control">
//	<caption>{{.L.document_control}}</caption>
//	<tbody>
//	{{$d.ControlRows}}{{with $d.Clauses}}<tr><th scope="row">{{$.L.clauses}}</th><td>{{$d.ClauseLinks}}</td></tr>
//	{{end}}{{with $d.Supersedes}}<tr><th scope="row">{{$.L.supersedes}}</th><td>{{if .URL}}<a href="{{.URL}}">{{.Text}}</a> {{.Title}}{{else}}{{.Text}}{{end}}</td></tr>
//	{{end}}{{with $d.LastChange}}<tr><th scope="row">{{$.L.last_change}}</th><td>{{.Label}} · {{$.L.commit}} <code>{{.Value}}</code></td></tr>
//	{{end}}</tbody>
//	</table>
func appendDocControl(b []byte, L map[string]string, d *DocView) []byte {
	b = append(b, "<table class=\"doc-control\">\n<caption>"...)
	b = appendText(b, L["document_control"])
	b = append(b, "</caption>\n<tbody>\n"...)
	b = appendControlRows(b, d.Control)
	if len(d.Clauses) > 0 {
		b = append(b, `<tr><th scope="row">`...)
		b = appendText(b, L["clauses"])
		b = append(b, "</th><td>"...)
		b = appendClauseLinks(b, d.Clauses)
		b = append(b, "</td></tr>\n"...)
	}
	if s := d.Supersedes; s != nil {
		b = append(b, `<tr><th scope="row">`...)
		b = appendText(b, L["supersedes"])
		b = append(b, "</th><td>"...)
		if s.URL != "" {
			b = append(b, `<a href="`...)
			b = appendURL(b, s.URL)
			b = append(b, `">`...)
			b = appendText(b, s.Text)
			b = append(b, "</a> "...)
			b = appendText(b, s.Title)
		} else {
			b = appendText(b, s.Text)
		}
		b = append(b, "</td></tr>\n"...)
	}
	if c := d.LastChange; c != nil {
		b = append(b, `<tr><th scope="row">`...)
		b = appendText(b, L["last_change"])
		b = append(b, "</th><td>"...)
		b = appendText(b, c.Label)
		b = append(b, " · "...)
		b = appendText(b, L["commit"])
		b = append(b, " <code>"...)
		b = appendText(b, c.Value)
		b = append(b, "</code></td></tr>\n"...)
	}
	return append(b, "</tbody>\n</table>\n"...)
}

// appendRecordMain appends the "main" of the built-in record.html for the
// page p of a record d (p.Data; its fields are written from
// Fields, FieldRows is not read); the request form of a change is the
// partial rfc-form.html.
func appendRecordMain(b []byte, p *Page, d *RecView) ([]byte, error) {
	L := p.L
	b = append(b, "\n<p class=\"crumbs\"><a href=\""...)
	b = appendURL(b, p.Root)
	b = append(b, `registers.html">`...)
	b = appendText(b, L["registers"])
	b = append(b, "</a> › <a href=\""...)
	b = appendURL(b, d.Register.URL)
	b = append(b, `">`...)
	b = appendText(b, d.Register.Text)
	b = append(b, "</a> › "...)
	b = appendText(b, d.ID)
	b = append(b, "</p>\n<h1><span class=\"rec-id\">"...)
	b = appendText(b, d.ID)
	b = append(b, "</span>"...)
	if d.Title != d.ID {
		b = append(b, ' ')
		b = appendText(b, d.Title)
	}
	b = append(b, "</h1>\n"...)
	b = appendDownloads(b, L, d.Downloads)
	if d.RFC != nil {
		h, err := p.Partial("rfc-form.html")
		if err != nil {
			return b, err
		}
		b = append(b, h...)
	}
	b = append(b, "\n<section aria-labelledby=\"fields-h\">\n<h2 id=\"fields-h\""...)
	if d.RFC == nil {
		b = append(b, ` class="visually-hidden">`...)
		b = appendText(b, L["record"])
	} else {
		b = append(b, '>')
		b = appendText(b, L["rfc_details"])
	}
	b = append(b, "</h2>\n"...)
	b = appendFieldsTable(b, L, d.Fields, d.Notes)
	b = append(b, "</section>\n"...)
	if len(d.Extra) > 0 {
		b = appendSectionHead(b, "extra-h", L["other_fields"])
		b = appendExtraTable(b, d.Extra)
		b = append(b, "</section>"...)
	}
	b = append(b, '\n')
	if len(d.Back) > 0 {
		b = appendSectionHead(b, "back-h", L["referenced_by"])
		b = appendBackGroups(b, L, d.Back, "h3")
		b = append(b, "</section>"...)
	}
	b = append(b, "\n<p class=\"muted\">"...)
	b = appendText(b, L["source"])
	b = append(b, ": <code>"...)
	b = appendText(b, d.Source)
	b = append(b, "</code> · <a href=\""...)
	b = appendURL(b, d.Register.URL)
	b = append(b, `">`...)
	b = appendText(b, L["back_to_register"])
	return append(b, "</a></p>\n"...), nil
}

func hasKeys(m map[string]string, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// appendSOP appends the SOP form of a document as the built-in sop.html
// writes it (L the page's labels, s the document's SOP with every one of
// sopLabels).
func appendSOP(b []byte, L map[string]string, s *SOPView) []byte {
	row := func(b []byte, label, value string) []byte {
		b = append(b, `<tr><th scope="row">`...)
		b = appendText(b, label)
		b = append(b, "</th><td>"...)
		b = appendText(b, value)
		return append(b, "</td></tr>\n"...)
	}
	b = append(b, "<section class=\"sop\" aria-labelledby=\"sop-id-h\">\n<h2 id=\"sop-id-h\">"...)
	b = appendText(b, L["sop_identity"])
	b = append(b, "</h2>\n<table class=\"sop-id\">\n<tbody>\n<tr><td rowspan=\"6\" class=\"sop-org\"><strong>"...)
	b = appendText(b, s.Org)
	b = append(b, "</strong>"...)
	if s.Unit != "" {
		b = append(b, "<br>"...)
		b = appendText(b, s.Unit)
	}
	b = append(b, `</td><th scope="row">`...)
	b = appendText(b, s.Labels["number"])
	b = append(b, "</th><td>"...)
	b = appendText(b, s.Number)
	b = append(b, "</td></tr>\n"...)
	b = row(b, L["sop_created_date"], s.Created)
	b = row(b, L["sop_revision_date"], s.Revised)
	b = row(b, L["sop_effective_date"], s.Effective)
	b = append(b, `<tr><th scope="row">`...)
	b = appendText(b, s.Labels["approved_by"])
	b = append(b, "</th><td>"...)
	b = appendText(b, s.ApproverPosition)
	b = append(b, `<span class="sign-space"></span>`...)
	b = appendText(b, s.ApproverName)
	if s.ApproverID != "" {
		b = append(b, "<br>"...)
		b = appendText(b, L["sop_nip"])
		b = append(b, ' ')
		b = appendText(b, s.ApproverID)
	}
	b = append(b, "</td></tr>\n<tr><th scope=\"row\">"...)
	b = appendText(b, s.Labels["name"])
	b = append(b, "</th><td><strong>"...)
	b = appendText(b, s.Name)
	b = append(b, "</strong></td></tr>\n</tbody>\n</table>\n<table class=\"sop-grid\">\n<tbody>\n"...)
	for _, pair := range s.Grid {
		b = append(b, "<tr>"...)
		for _, it := range pair {
			b = append(b, "<td><h3>"...)
			b = appendText(b, it.Label)
			b = append(b, "</h3>"...)
			if len(it.Items) > 0 {
				b = appendList(b, "ol", it.Items)
			} else {
				b = append(b, "<p>—</p>"...)
			}
			b = append(b, "</td>"...)
		}
		b = append(b, "</tr>\n"...)
	}
	b = append(b, "</tbody>\n</table>\n<h2 id=\"sop-proc-h\">"...)
	b = appendText(b, L["sop_procedure"])
	b = append(b, "</h2>\n<p class=\"muted\">"...)
	b = appendText(b, L["sop_legend"])
	b = append(b, "</p>\n"...)
	lanes := len(s.Actors)
	for _, sh := range s.Sheets {
		b = append(b, sh.Defs...)
		b = append(b, "\n<div class=\"table-wrap sop-wrap\" role=\"region\" aria-label=\""...)
		b = appendText(b, L["sop_procedure"])
		b = append(b, ", "...)
		b = appendText(b, L["sheet"])
		b = append(b, ' ')
		b = appendInt(b, sh.N)
		b = append(b, "\" tabindex=\"0\">\n<table class=\"sop-proc lanes-"...)
		b = appendInt(b, lanes)
		b = append(b, "\">\n<caption>"...)
		b = appendText(b, L["sheet"])
		b = append(b, ' ')
		b = appendInt(b, sh.N)
		b = append(b, " / "...)
		b = appendInt(b, len(s.Sheets))
		b = append(b, "</caption>\n<colgroup><col class=\"c-no\"><col class=\"c-act\">"...)
		for range s.Actors {
			b = append(b, `<col class="c-lane">`...)
		}
		b = append(b, "<col class=\"c-req\"><col class=\"c-time\"><col class=\"c-out\"><col class=\"c-notes\"></colgroup>\n<thead>\n<tr><th scope=\"col\" rowspan=\"2\">"...)
		b = appendText(b, s.Labels["no"])
		b = append(b, `</th><th scope="col" rowspan="2">`...)
		b = appendText(b, s.Labels["activity"])
		b = append(b, `</th><th scope="colgroup" colspan="`...)
		b = appendInt(b, lanes)
		b = append(b, `">`...)
		b = appendText(b, s.Labels["actors"])
		b = append(b, `</th><th scope="colgroup" colspan="3">`...)
		b = appendText(b, s.Labels["quality_standard"])
		b = append(b, `</th><th scope="col" rowspan="2">`...)
		b = appendText(b, s.Labels["notes"])
		b = append(b, "</th></tr>\n<tr>"...)
		for _, a := range s.Actors {
			b = append(b, `<th scope="col" class="lane">`...)
			b = appendText(b, a)
			b = append(b, "</th>"...)
		}
		b = append(b, `<th scope="col">`...)
		b = appendText(b, s.Labels["requirements"])
		b = append(b, `</th><th scope="col">`...)
		b = appendText(b, s.Labels["time"])
		b = append(b, `</th><th scope="col">`...)
		b = appendText(b, s.Labels["output"])
		b = append(b, "</th></tr>\n</thead>\n<tbody>\n"...)
		for _, rw := range sh.Rows {
			if rw.Band {
				b = append(b, `<tr class="band"><td></td><td></td><td class="flow" colspan="`...)
				b = appendInt(b, lanes)
				b = append(b, `">`...)
				b = append(b, rw.Flow...)
				b = append(b, `<span class="visually-hidden">`...)
				b = appendText(b, rw.FlowText)
				b = append(b, "</span></td><td></td><td></td><td></td><td></td></tr>\n"...)
				continue
			}
			b = append(b, `<tr><td class="num">`...)
			b = appendInt(b, rw.Num)
			b = append(b, "</td><td>"...)
			b = appendText(b, rw.Activity)
			b = append(b, `</td><td class="flow" colspan="`...)
			b = appendInt(b, lanes)
			b = append(b, `">`...)
			b = append(b, rw.Flow...)
			b = append(b, `<span class="visually-hidden">`...)
			b = appendText(b, rw.FlowText)
			b = append(b, "</span></td><td>"...)
			if len(rw.Requirements) > 0 {
				b = appendList(b, "ul", rw.Requirements)
			}
			b = append(b, "</td><td>"...)
			b = appendText(b, rw.Time)
			b = append(b, "</td><td>"...)
			b = appendText(b, rw.Output)
			b = append(b, "</td><td>"...)
			b = appendText(b, rw.Notes)
			b = append(b, "</td></tr>\n"...)
		}
		b = append(b, "</tbody>\n</table>\n</div>\n"...)
	}
	b = append(b, "<p class=\"sop-total\"><strong>"...)
	b = appendText(b, L["sop_total_time"])
	b = append(b, ":</strong> "...)
	b = appendText(b, s.Total)
	return append(b, "</p>\n</section>\n"...)
}

// appendList appends the list (tag ol or ul) of the texts items:
//
//	<ol>{{range .}}<li>{{.}}</li>{{end}}</ol>
func appendList(b []byte, tag string, items []string) []byte {
	b = append(append(append(b, '<'), tag...), '>')
	b = appendListItems(b, items)
	return append(append(append(b, "</"...), tag...), '>')
}

// appendBackGroups appends the groups of pages that link a page, each
// under a heading (tag h3 on a record's or document's own page, h4 on a
// chunk page, where the record is itself under an h3):
//
//	{{range .Back}}<h3><a href="{{.URL}}">{{.Label}}</a></h3>
//	<ul class="plain">{{.LinksHTML}}{{if .More}}<li class="muted">+ {{.More}} {{$.L.more}}</li>{{end}}</ul>
//	{{end}}
func appendBackGroups(b []byte, L map[string]string, back []BackGroup, tag string) []byte {
	for _, g := range back {
		b = append(append(append(b, '<'), tag...), `><a href="`...)
		b = appendURL(b, g.URL)
		b = append(b, `">`...)
		b = appendText(b, g.Label)
		b = append(append(append(b, "</a></"...), tag...), ">\n<ul class=\"plain\">"...)
		b = append(b, g.LinksHTML...)
		if g.More != 0 {
			b = append(b, `<li class="muted">+ `...)
			b = appendInt(b, g.More)
			b = append(b, ' ')
			b = appendText(b, L["more"])
			b = append(b, "</li>"...)
		}
		b = append(b, "</ul>\n"...)
	}
	return b
}

// appendFieldsTable appends the table of a record's fields and notes:
//
//	<table class="fields">
//	<tbody>
//	{{.FieldRows}}{{with .Notes}}<tr><th scope="row">{{$.L.notes}}</th><td>{{.}}</td></tr>{{end}}
//	</tbody>
//	</table>
func appendFieldsTable(b []byte, L map[string]string, fields []KV, notes string) []byte {
	b = append(b, "<table class=\"fields\">\n<tbody>\n"...)
	b = appendFieldRows(b, fields)
	if notes != "" {
		b = appendTextRow(b, L["notes"], notes)
	}
	return append(b, "</tbody>\n</table>\n"...)
}

// appendExtraTable appends the table of a record's columns its schema does
// not know:
//
//	<table class="fields"><tbody>{{range .}}<tr><th scope="row">{{.Label}}</th><td>{{.Value}}</td></tr>{{end}}</tbody></table>
func appendExtraTable(b []byte, extra []KV) []byte {
	b = append(b, "<table class=\"fields\"><tbody>"...)
	for _, e := range extra {
		b = appendTextRow(b, e.Label, e.Value)
	}
	return append(b, "</tbody></table>\n"...)
}

// appendSectionHead appends the start of a section labelled by its heading:
// <section aria-labelledby="id"> and <h2 id="id">label</h2>, each on a line.
func appendSectionHead(b []byte, id, label string) []byte {
	b = append(b, `<section aria-labelledby="`...)
	b = append(b, id...)
	b = append(b, "\">\n<h2 id=\""...)
	b = append(b, id...)
	b = append(b, `">`...)
	b = appendText(b, label)
	return append(b, "</h2>\n"...)
}
