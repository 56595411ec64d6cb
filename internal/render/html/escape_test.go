package html

import (
	"html/template"
	"math/rand"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/model"
)

// hostileStrings are values that exercise every escaping rule.
var hostileStrings = []string{"", "plain", "a+b", `"quoted" & 'single'`, "<script>alert(1)</script>",
	"\x00nul", "javascript:alert(1)", "JavaScript:x", "http://x.test/a b?c=d&e=f#g", "mailto:a@b.test",
	"../../registers/x/INC-1.html", "#frag", "%41%zz%", "tab\tnew\nline", "ünïcödé ✓", "\xff\xfe",
	"data:text/html;base64,xx", "a:b/c", "a/b:c", "~!@$*()[];,=?", "ſtp:x", "1.2.3", "<!-- -->"}

func randomString(rng *rand.Rand) string {
	const chars = "aZ09 <>&\"'+-._~!#$%*,/:;=?@[]()\t\n\x00éü✓"
	rs := []rune(chars)
	var b strings.Builder
	for i := rng.Intn(12); i >= 0; i-- {
		b.WriteRune(rs[rng.Intn(len(rs))])
	}
	return b.String()
}

func execTemplate(t *testing.T, src string, data any) string {
	t.Helper()
	tp := template.Must(template.New("t").Parse(src))
	var b strings.Builder
	if err := tp.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestEscapersMatchTemplates checks that the rows written in Go are byte for
// byte what the template loops they replace wrote, for hostile values.
func TestEscapersMatchTemplates(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	values := append([]string(nil), hostileStrings...)
	for i := 0; i < 300; i++ {
		values = append(values, randomString(rng))
	}
	pick := func() string { return values[rng.Intn(len(values))] }
	for i := 0; i < 400; i++ {
		var fields, control []KV
		var toc []model.Heading
		var hist []KV4
		var rows []Row
		var docs []DocRow
		var links []Link
		for j := rng.Intn(4); j >= 0; j-- {
			docs = append(docs, DocRow{URL: pick(), ID: pick(), Title: pick(), Version: pick(), Status: pick(), StatusLabel: pick(),
				Owner: pick(), ApprovedBy: []string{"", pick()}[rng.Intn(2)], Effective: pick(), NextReview: pick(), ClassLabel: pick(),
				Approved: rng.Intn(2) == 0, Overdue: rng.Intn(2) == 0})
			links = append(links, Link{URL: pick(), Text: pick(), Title: []string{"", pick()}[rng.Intn(2)], Note: pick()})
			fields = append(fields, KV{Key: pick(), Label: pick(), HTML: template.HTML("<b>" + pick() + "</b>")})
			kv := KV{Label: pick(), Value: pick()}
			if rng.Intn(2) == 0 {
				kv.Class = pick()
			}
			control = append(control, kv)
			toc = append(toc, model.Heading{Level: rng.Intn(6), ID: pick(), Text: pick()})
			hist = append(hist, KV4{Version: pick(), Date: pick(), Author: pick(), Summary: pick()})
			row := Row{URL: pick(), ID: pick()}
			if rng.Intn(2) == 0 {
				row.Class = pick()
			}
			for k := rng.Intn(3); k >= 0; k-- {
				c := TableCell{HTML: template.HTML(pick())}
				if rng.Intn(2) == 0 {
					c.Sort = pick()
				}
				row.Cells = append(row.Cells, c)
			}
			rows = append(rows, row)
		}
		draft := pick()
		items := []string{pick(), pick()}
		cases := []struct {
			name, src string
			data      any
			got       template.HTML
		}{
			{"fields", `{{range .}}<tr class="f-{{.Key}}"><th scope="row">{{.Label}}</th><td>{{.HTML}}</td></tr>` + "\n{{end}}", fields, fieldRows(fields)},
			{"control", `{{range .}}<tr{{with .Class}} class="{{.}}"{{end}}><th scope="row">{{.Label}}</th><td>{{.Value}}</td></tr>` + "\n{{end}}", control, controlRows(control)},
			{"toc", `{{range .}}<li class="lvl{{.Level}}"><a href="#{{.ID}}">{{.Text}}</a></li>` + "\n{{end}}", toc, tocItems(toc)},
			{"history", `{{range .}}<tr><td>{{.Version}}</td><td>{{.Date}}</td><td>{{.Author}}</td><td>{{.Summary}}</td></tr>` + "\n{{end}}", hist, historyRows(hist)},
			{"docs", `{{range .Docs}}<tr>
<td><a href="{{.URL}}">{{.ID}}</a></td>
<td>{{.Title}}{{if not .Approved}} <span class="draft-tag">{{$.Draft}}</span>{{end}}</td>
<td>{{.Version}}</td>
<td class="status-{{.Status}}">{{.StatusLabel}}</td>
<td>{{.Owner}}{{with .ApprovedBy}}<br><span class="muted">{{.}}</span>{{end}}</td>
<td>{{.Effective}}</td>
<td{{if .Overdue}} class="overdue"{{end}}>{{.NextReview}}</td>
<td>{{.ClassLabel}}</td>
</tr>
{{end}}`, struct {
				Docs  []DocRow
				Draft string
			}{docs, draft}, docRows(docs, draft)},
			{"back", `{{range .}}<li><a href="{{.URL}}">{{.Text}}</a>{{with .Title}} {{.}}{{end}} <span class="muted">({{.Note}})</span></li>` + "\n{{end}}", links, backItems(links)},
			{"clauses", `{{range $i, $c := .}}{{if $i}}, {{end}}<a href="{{$c.URL}}">{{$c.Text}}</a>{{end}}`, links, clauseLinks(links)},
			{"items", `{{range .}}<li>{{.}}</li>{{end}}`, items, listItems(items)},
			{"links", `{{range .}}<li><a href="{{.URL}}" title="{{.Title}}">{{.Text}}</a> {{.Title}}</li>{{end}}`, links, linkItems(links)},
			{"rows", `{{range .}}<tr{{with .Class}} class="{{.}}"{{end}}><td><a href="{{.URL}}">{{.ID}}</a></td>{{range .Cells}}<td{{with .Sort}} data-sort="{{.}}"{{end}}>{{.HTML}}</td>{{end}}</tr>` + "\n{{end}}", rows, tableRows(rows)},
		}
		for _, c := range cases {
			if want := execTemplate(t, c.src, c.data); string(c.got) != want {
				t.Fatalf("%s:\n got %q\nwant %q", c.name, c.got, want)
			}
		}
	}
}

// recordsTemplate is the loop of records.html that appendRecord replaces.
const recordsTemplate = `{{define "rfc-form.html"}}<section aria-labelledby="{{.Data.FormHead}}">{{.Data.RFC.Title}}</section>{{end}}` +
	`{{range .Records}}<article class="record" id="{{.Anchor}}">
<h2><a class="rec-id" href="#{{.Anchor}}">{{.ID}}</a>{{if ne .Title .ID}} {{.Title}}{{end}}</h2>
{{with .Downloads}}<ul class="downloads" aria-label="{{$.L.downloads}}">{{range .}}<li><a class="dl dl-{{.Kind}}" href="{{.URL}}" type="{{if eq .Kind "pdf"}}application/pdf{{else}}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet{{end}}">{{.Text}}</a></li>{{end}}</ul>
{{end}}{{if .RFC}}{{template "rfc-form.html" ($.With .)}}{{end}}
<table class="fields">
<tbody>
{{.FieldRows}}{{with .Notes}}<tr><th scope="row">{{$.L.notes}}</th><td>{{.}}</td></tr>
{{end}}</tbody>
</table>
{{if .Extra}}<h3>{{$.L.other_fields}}</h3>
<table class="fields"><tbody>{{range .Extra}}<tr><th scope="row">{{.Label}}</th><td>{{.Value}}</td></tr>
{{end}}</tbody></table>
{{end}}{{if .Back}}<h3>{{$.L.referenced_by}}</h3>
{{range .Back}}<h4><a href="{{.URL}}">{{.Label}}</a></h4>
<ul class="plain">{{.LinksHTML}}{{if .More}}<li class="muted">+ {{.More}} {{$.L.more}}</li>{{end}}</ul>
{{end}}{{end}}<p class="muted">{{$.L.source}}: <code>{{.Source}}</code> · <a href="{{.Register.URL}}">{{$.L.back_to_register}}</a></p>
</article>
{{end}}`

// recordsData is the data recordsTemplate reads: the labels, the records and
// With, as a Page has it.
type recordsData struct {
	L       map[string]string
	Records []*RecView
}

func (d recordsData) With(rv *RecView) struct{ Data *RecView } { return struct{ Data *RecView }{rv} }

// TestRecordWriterMatchesTemplate: the records of a chunk page written in Go
// (appendRecord) are byte for byte what the loop of records.html they
// replace wrote, for hostile values in every part of a record.
func TestRecordWriterMatchesTemplate(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	values := append([]string(nil), hostileStrings...)
	for i := 0; i < 300; i++ {
		values = append(values, randomString(rng))
	}
	pick := func() string { return values[rng.Intn(len(values))] }
	maybe := func() string { return []string{"", pick()}[rng.Intn(2)] }
	tpl := template.Must(template.New("records").Parse(recordsTemplate))
	for i := 0; i < 300; i++ {
		L := map[string]string{}
		for _, k := range []string{"downloads", "notes", "other_fields", "referenced_by", "more", "source", "back_to_register"} {
			L[k] = pick()
		}
		var recs []*RecView
		for j := rng.Intn(4); j >= 0; j-- {
			rv := randomRecView(rng, pick, maybe)
			rv.Anchor, rv.FormHead = pick(), pick()
			rv.FieldRows = fieldRows(rv.Fields)
			recs = append(recs, rv)
		}
		var want strings.Builder
		if err := tpl.Execute(&want, recordsData{L: L, Records: recs}); err != nil {
			t.Fatal(err)
		}
		rfc := func(rv *RecView) (template.HTML, error) {
			var b strings.Builder
			err := tpl.ExecuteTemplate(&b, "rfc-form.html", struct{ Data *RecView }{rv})
			return template.HTML(b.String()), err
		}
		var got []byte
		for _, rv := range recs {
			rv.FieldRows = "" // appendRecord writes the Fields
			var err error
			if got, err = appendRecord(got, L, rv, rfc); err != nil {
				t.Fatal(err)
			}
		}
		if string(got) != want.String() {
			t.Fatalf("records:\n got %q\nwant %q", got, want.String())
		}
	}
}
