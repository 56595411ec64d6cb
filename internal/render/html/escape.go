package html

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/model"
)

// The long repeated parts of pages (table rows of registers, record fields,
// document control, table of contents, revision history) are written here
// in Go rather than by a range in a template: html/template calls an escaper
// through reflection for every value, which made those loops most of the
// cost of a build. Each helper escapes exactly as html/template does in that
// context, so the page bytes are the same as the template loops gave (see
// TestEscapersMatchTemplates); the structured data (Fields, Control, TOC,
// History, Rows) stays on the view for layouts that override the templates.

// appendText escapes s for HTML text or a quoted attribute value, as
// html/template's htmlEscaper and attrEscaper do for a string.
func appendText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, repl...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendURLPart escapes s as a part of a URL (after '#' or '?' in an
// attribute), as html/template's urlEscaper followed by attrEscaper do.
func appendURLPart(b []byte, s string) []byte {
	return appendURLBytes(b, s, false)
}

// appendURL writes s as a whole URL attribute value, as html/template's
// urlFilter, urlNormalizer and attrEscaper do: a URL whose scheme is not
// http, https or mailto becomes "#ZgotmplZ".
func appendURL(b []byte, s string) []byte {
	if p, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(p, "/") &&
		!strings.EqualFold(p, "http") && !strings.EqualFold(p, "https") && !strings.EqualFold(p, "mailto") {
		return append(b, "#ZgotmplZ"...)
	}
	return appendURLBytes(b, s, true)
}

const hexDigits = "0123456789abcdef"

func appendURLBytes(b []byte, s string, norm bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
			continue
		case norm && strings.IndexByte("!#$*,/:;=?@[]", c) >= 0:
			b = append(b, c)
			continue
		case norm && (c == '&' || c == '+'):
			// kept by the normalizer, then escaped for the attribute
			if c == '&' {
				b = append(b, "&amp;"...)
			} else {
				b = append(b, "&#43;"...)
			}
			continue
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// appendInt writes n as html/template prints an int.
func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// fieldRows writes the fields of a record page:
//
//	{{range .}}<tr class="f-{{.Key}}"><th scope="row">{{.Label}}</th><td>{{.HTML}}</td></tr>
//	{{end}}
func fieldRows(fields []KV) template.HTML {
	n := 0
	for _, f := range fields {
		n += 48 + len(f.Key) + len(f.Label) + len(f.HTML)
	}
	return template.HTML(appendFieldRows(make([]byte, 0, n+n/8), fields))
}

// appendFieldRows appends the rows fieldRows writes.
func appendFieldRows(b []byte, fields []KV) []byte {
	for _, f := range fields {
		b = append(b, `<tr class="f-`...)
		b = appendText(b, f.Key)
		b = append(b, `"><th scope="row">`...)
		b = appendText(b, f.Label)
		b = append(b, `</th><td>`...)
		b = append(b, f.HTML...)
		b = append(b, "</td></tr>\n"...)
	}
	return b
}

// appendTextRow writes a row of a fields table whose label and value are text:
//
//	<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>
func appendTextRow(b []byte, label, value string) []byte {
	b = append(b, `<tr><th scope="row">`...)
	b = appendText(b, label)
	b = append(b, `</th><td>`...)
	b = appendText(b, value)
	return append(b, "</td></tr>\n"...)
}

// controlRows writes the rows of the document-control table:
//
//	{{range .}}<tr{{with .Class}} class="{{.}}"{{end}}><th scope="row">{{.Label}}</th><td>{{.Value}}</td></tr>
//	{{end}}
func controlRows(rows []KV) template.HTML {
	n := 0
	for _, r := range rows {
		n += 48 + len(r.Class) + len(r.Label) + len(r.Value)
	}
	return template.HTML(appendControlRows(make([]byte, 0, n+n/8), rows))
}

// appendControlRows appends the rows controlRows writes.
func appendControlRows(b []byte, rows []KV) []byte {
	for _, r := range rows {
		b = append(b, "<tr"...)
		if r.Class != "" {
			b = append(b, ` class="`...)
			b = appendText(b, r.Class)
			b = append(b, '"')
		}
		b = append(b, `><th scope="row">`...)
		b = appendText(b, r.Label)
		b = append(b, `</th><td>`...)
		b = appendText(b, r.Value)
		b = append(b, "</td></tr>\n"...)
	}
	return b
}

// tocItems writes the entries of a table of contents:
//
//	{{range .}}<li class="lvl{{.Level}}"><a href="#{{.ID}}">{{.Text}}</a></li>
//	{{end}}
func tocItems(toc []model.Heading) template.HTML {
	n := 0
	for _, h := range toc {
		n += 48 + 2*len(h.ID) + len(h.Text)
	}
	return template.HTML(appendTOCItems(make([]byte, 0, n+n/8), toc))
}

// appendTOCItems appends the entries tocItems writes.
func appendTOCItems(b []byte, toc []model.Heading) []byte {
	for _, h := range toc {
		b = append(b, `<li class="lvl`...)
		b = appendInt(b, h.Level)
		b = append(b, `"><a href="#`...)
		b = appendURLPart(b, h.ID)
		b = append(b, `">`...)
		b = appendText(b, h.Text)
		b = append(b, "</a></li>\n"...)
	}
	return b
}

// historyRows writes the rows of a revision history:
//
//	{{range .}}<tr><td>{{.Version}}</td><td>{{.Date}}</td><td>{{.Author}}</td><td>{{.Summary}}</td></tr>
//	{{end}}
func historyRows(hist []KV4) template.HTML {
	n := 0
	for _, h := range hist {
		n += 48 + len(h.Version) + len(h.Date) + len(h.Author) + len(h.Summary)
	}
	return template.HTML(appendHistoryRows(make([]byte, 0, n+n/8), hist))
}

// appendHistoryRows appends the rows historyRows writes.
func appendHistoryRows(b []byte, hist []KV4) []byte {
	for _, h := range hist {
		b = append(b, "<tr><td>"...)
		b = appendText(b, h.Version)
		b = append(b, "</td><td>"...)
		b = appendText(b, h.Date)
		b = append(b, "</td><td>"...)
		b = appendText(b, h.Author)
		b = append(b, "</td><td>"...)
		b = appendText(b, h.Summary)
		b = append(b, "</td></tr>\n"...)
	}
	return b
}

// tableRows writes the rows of a register table:
//
//	{{range .}}<tr{{with .Class}} class="{{.}}"{{end}}><td><a href="{{.URL}}">{{.ID}}</a></td>{{range .Cells}}<td{{with .Sort}} data-sort="{{.}}"{{end}}>{{.HTML}}</td>{{end}}</tr>
//	{{end}}
func tableRows(rows []Row) template.HTML {
	n := 0
	for _, r := range rows {
		n += 48 + len(r.Class) + len(r.URL) + len(r.ID)
		for _, c := range r.Cells {
			n += 24 + len(c.Sort) + len(c.HTML)
		}
	}
	return template.HTML(appendTableRows(make([]byte, 0, n+n/8), rows))
}

// appendTableRows appends the rows tableRows writes.
func appendTableRows(b []byte, rows []Row) []byte {
	for _, r := range rows {
		b = append(b, "<tr"...)
		if r.Class != "" {
			b = append(b, ` class="`...)
			b = appendText(b, r.Class)
			b = append(b, '"')
		}
		b = append(b, `><td><a href="`...)
		b = appendURL(b, r.URL)
		b = append(b, `">`...)
		b = appendText(b, r.ID)
		b = append(b, "</a></td>"...)
		for _, c := range r.Cells {
			b = append(b, "<td"...)
			if c.Sort != "" {
				b = append(b, ` data-sort="`...)
				b = appendText(b, c.Sort)
				b = append(b, '"')
			}
			b = append(b, '>')
			b = append(b, c.HTML...)
			b = append(b, "</td>"...)
		}
		b = append(b, "</tr>\n"...)
	}
	return b
}

// docRows writes the rows of a group of the document index (draft is the
// label of the draft mark):
//
//	{{range .Docs}}<tr>
//	<td><a href="{{.URL}}">{{.ID}}</a></td>
//	<td>{{.Title}}{{if not .Approved}} <span class="draft-tag">{{$.L.draft}}</span>{{end}}</td>
//	<td>{{.Version}}</td>
//	<td class="status-{{.Status}}">{{.StatusLabel}}</td>
//	<td>{{.Owner}}{{with .ApprovedBy}}<br><span class="muted">{{.}}</span>{{end}}</td>
//	<td>{{.Effective}}</td>
//	<td{{if .Overdue}} class="overdue"{{end}}>{{.NextReview}}</td>
//	<td>{{.ClassLabel}}</td>
//	</tr>
//	{{end}}
func docRows(docs []DocRow, draft string) template.HTML {
	n := 0
	for _, d := range docs {
		n += 200 + len(d.URL) + len(d.ID) + len(d.Title) + len(d.Version) + len(d.Status) + len(d.StatusLabel) +
			len(d.Owner) + len(d.ApprovedBy) + len(d.Effective) + len(d.NextReview) + len(d.ClassLabel)
	}
	b := make([]byte, 0, n+n/8)
	for _, d := range docs {
		b = append(b, "<tr>\n<td><a href=\""...)
		b = appendURL(b, d.URL)
		b = append(b, "\">"...)
		b = appendText(b, d.ID)
		b = append(b, "</a></td>\n<td>"...)
		b = appendText(b, d.Title)
		if !d.Approved {
			b = append(b, ` <span class="draft-tag">`...)
			b = appendText(b, draft)
			b = append(b, "</span>"...)
		}
		b = append(b, "</td>\n<td>"...)
		b = appendText(b, d.Version)
		b = append(b, "</td>\n<td class=\"status-"...)
		b = appendText(b, d.Status)
		b = append(b, "\">"...)
		b = appendText(b, d.StatusLabel)
		b = append(b, "</td>\n<td>"...)
		b = appendText(b, d.Owner)
		if d.ApprovedBy != "" {
			b = append(b, `<br><span class="muted">`...)
			b = appendText(b, d.ApprovedBy)
			b = append(b, "</span>"...)
		}
		b = append(b, "</td>\n<td>"...)
		b = appendText(b, d.Effective)
		b = append(b, "</td>\n<td"...)
		if d.Overdue {
			b = append(b, ` class="overdue"`...)
		}
		b = append(b, '>')
		b = appendText(b, d.NextReview)
		b = append(b, "</td>\n<td>"...)
		b = appendText(b, d.ClassLabel)
		b = append(b, "</td>\n</tr>\n"...)
	}
	return template.HTML(b)
}

// linkItems writes a list of links with their titles (the documents of a
// row of the coverage matrix):
//
//	{{range .}}<li><a href="{{.URL}}" title="{{.Title}}">{{.Text}}</a> {{.Title}}</li>{{end}}
func linkItems(links []Link) template.HTML {
	n := 0
	for _, l := range links {
		n += 40 + len(l.URL) + 2*len(l.Title) + len(l.Text)
	}
	b := make([]byte, 0, n+n/8)
	for _, l := range links {
		b = append(b, `<li><a href="`...)
		b = appendURL(b, l.URL)
		b = append(b, `" title="`...)
		b = appendText(b, l.Title)
		b = append(b, `">`...)
		b = appendText(b, l.Text)
		b = append(b, "</a> "...)
		b = appendText(b, l.Title)
		b = append(b, "</li>"...)
	}
	return template.HTML(b)
}

// backItems writes the links to the records that reference a record:
//
//	{{range .}}<li><a href="{{.URL}}">{{.Text}}</a>{{with .Title}} {{.}}{{end}} <span class="muted">({{.Note}})</span></li>
//	{{end}}
func backItems(links []Link) template.HTML {
	n := 0
	for _, l := range links {
		n += 64 + len(l.URL) + len(l.Title) + len(l.Text) + len(l.Note)
	}
	b := make([]byte, 0, n+n/8)
	for _, l := range links {
		b = append(b, `<li><a href="`...)
		b = appendURL(b, l.URL)
		b = append(b, `">`...)
		b = appendText(b, l.Text)
		b = append(b, "</a>"...)
		if l.Title != "" {
			b = append(b, ' ')
			b = appendText(b, l.Title)
		}
		b = append(b, ` <span class="muted">(`...)
		b = appendText(b, l.Note)
		b = append(b, ")</span></li>\n"...)
	}
	return template.HTML(b)
}

// clauseLinks writes the links to the clauses of a document:
//
//	{{range $i, $c := .}}{{if $i}}, {{end}}<a href="{{$c.URL}}">{{$c.Text}}</a>{{end}}
func clauseLinks(links []Link) template.HTML { return template.HTML(appendClauseLinks(nil, links)) }

// appendClauseLinks appends the links clauseLinks writes.
func appendClauseLinks(b []byte, links []Link) []byte {
	for i, l := range links {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `<a href="`...)
		b = appendURL(b, l.URL)
		b = append(b, `">`...)
		b = appendText(b, l.Text)
		b = append(b, "</a>"...)
	}
	return b
}

// listItems writes texts as list items:
//
//	{{range .}}<li>{{.}}</li>{{end}}
func listItems(items []string) template.HTML { return template.HTML(appendListItems(nil, items)) }

// appendListItems appends the items listItems writes.
func appendListItems(b []byte, items []string) []byte {
	for _, s := range items {
		b = append(b, "<li>"...)
		b = appendText(b, s)
		b = append(b, "</li>"...)
	}
	return b
}

// appendRecord appends the article of a record on a chunk page, rv made by
// recView without its FieldRows (its Fields are written here), L the labels
// and rfc the request form of a change (the partial rfc-form.html):
//
//	{{range .Records}}<article class="record" id="{{.Anchor}}">
//	<h2><a class="rec-id" href="#{{.Anchor}}">{{.ID}}</a>{{if ne .Title .ID}} {{.Title}}{{end}}</h2>
//	{{with .Downloads}}<ul class="downloads" aria-label="{{$.L.downloads}}">{{range .}}<li><a class="dl dl-{{.Kind}}" href="{{.URL}}" type="{{if eq .Kind "pdf"}}application/pdf{{else}}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet{{end}}">{{.Text}}</a></li>{{end}}</ul>
//	{{end}}{{if .RFC}}{{template "rfc-form.html" ($.With .)}}{{end}}
//	<table class="fields">
//	<tbody>
//	{{.FieldRows}}{{with .Notes}}<tr><th scope="row">{{$.L.notes}}</th><td>{{.}}</td></tr>
//	{{end}}</tbody>
//	</table>
//	{{if .Extra}}<h3>{{$.L.other_fields}}</h3>
//	<table class="fields"><tbody>{{range .Extra}}<tr><th scope="row">{{.Label}}</th><td>{{.Value}}</td></tr>
//	{{end}}</tbody></table>
//	{{end}}{{if .Back}}<h3>{{$.L.referenced_by}}</h3>
//	{{range .Back}}<h4><a href="{{.URL}}">{{.Label}}</a></h4>
//	<ul class="plain">{{.LinksHTML}}{{if .More}}<li class="muted">+ {{.More}} {{$.L.more}}</li>{{end}}</ul>
//	{{end}}{{end}}<p class="muted">{{$.L.source}}: <code>{{.Source}}</code> · <a href="{{.Register.URL}}">{{$.L.back_to_register}}</a></p>
//	</article>
//	{{end}}
func appendRecord(b []byte, L map[string]string, rv *RecView, rfc func(*RecView) (template.HTML, error)) ([]byte, error) {
	b = append(b, `<article class="record" id="`...)
	b = appendText(b, rv.Anchor)
	b = append(b, "\">\n<h2><a class=\"rec-id\" href=\"#"...)
	b = appendURLPart(b, rv.Anchor)
	b = append(b, `">`...)
	b = appendText(b, rv.ID)
	b = append(b, "</a>"...)
	if rv.Title != rv.ID {
		b = append(b, ' ')
		b = appendText(b, rv.Title)
	}
	b = append(b, "</h2>\n"...)
	b = appendDownloads(b, L, rv.Downloads)
	if rv.RFC != nil {
		h, err := rfc(rv)
		if err != nil {
			return b, err
		}
		b = append(b, h...)
	}
	b = append(b, '\n')
	b = appendFieldsTable(b, L, rv.Fields, rv.Notes)
	if len(rv.Extra) > 0 {
		b = append(b, "<h3>"...)
		b = appendText(b, L["other_fields"])
		b = append(b, "</h3>\n"...)
		b = appendExtraTable(b, rv.Extra)
	}
	if len(rv.Back) > 0 {
		b = append(b, "<h3>"...)
		b = appendText(b, L["referenced_by"])
		b = append(b, "</h3>\n"...)
		b = appendBackGroups(b, L, rv.Back, "h4")
	}
	b = append(b, `<p class="muted">`...)
	b = appendText(b, L["source"])
	b = append(b, ": <code>"...)
	b = appendText(b, rv.Source)
	b = append(b, "</code> · <a href=\""...)
	b = appendURL(b, rv.Register.URL)
	b = append(b, `">`...)
	b = appendText(b, L["back_to_register"])
	b = append(b, "</a></p>\n</article>\n"...)
	return b, nil
}
