package html

import (
	"bytes"
	"html/template"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
)

// TestGoPagesMatchTemplates: a document page and a record page written in
// Go (gopages.go) are byte for byte what document.html and record.html
// give through layout.html, for hostile values in every part of the page,
// with the built-in partials and with a site's own sop.html, rfc-form.html
// and doc-control.html (which the Go writers call as templates).
func TestGoPagesMatchTemplates(t *testing.T) {
	variants := []struct {
		name    string
		layouts map[string]string
	}{
		{"built-in", nil},
		{"site partials", map[string]string{
			"sop.html":         `<section class="my-sop">{{.Data.ID}}|{{.Data.SOP.Number}}|{{.Title}}</section>`,
			"rfc-form.html":    `<form-x id="{{.Data.FormHead}}">{{.Data.RFC.Title}}&{{.Data.ID}}</form-x>`,
			"doc-control.html": `<dl class="mine">{{range .Data.Control}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{end}}</dl>`,
		}},
	}
	rng := rand.New(rand.NewSource(5))
	values := append([]string(nil), hostileStrings...)
	for i := 0; i < 200; i++ {
		values = append(values, randomString(rng))
	}
	pick := func() string { return values[rng.Intn(len(values))] }
	maybe := func() string { return []string{"", pick()}[rng.Intn(2)] }
	for _, vr := range variants {
		root := t.TempDir()
		if vr.layouts != nil {
			if err := os.MkdirAll(filepath.Join(root, "layouts"), 0o755); err != nil {
				t.Fatal(err)
			}
			for n, src := range vr.layouts {
				if err := os.WriteFile(filepath.Join(root, "layouts", n), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		tpl, err := loadTemplates(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"id", "en"} {
			base := i18n.LabelsIn(lang)
			r := &run{tpl: tpl, labels: base, lang: lang, goPage: tpl.goPages(base),
				docControlBuiltin: vr.layouts["doc-control.html"] == "", sopBuiltin: vr.layouts["sop.html"] == ""}
			if !r.goPage["document.html"] || !r.goPage["record.html"] {
				t.Fatalf("%s: the pages are not written in Go: %v", vr.name, r.goPage)
			}
			for i := 0; i < 300; i++ {
				L := map[string]string{}
				for k, v := range base {
					L[k] = v
				}
				for _, k := range goPageLabels {
					L[k] = pick()
				}
				p := &Page{r: r, Root: []string{"", "../", "../../", pick()}[rng.Intn(4)], Path: pick(), Title: pick(),
					Class: []string{"public", "internal", pick()}[rng.Intn(3)], ClassLabel: pick(),
					Section: []string{"documents", "registers"}[rng.Intn(2)], Draft: rng.Intn(2) == 0, L: L,
					Site: SiteInfo{Title: pick(), Organization: maybe(), Unit: maybe(), Lang: lang, Today: pick(), Version: pick()}}
				for k := rng.Intn(3); k > 0; k-- {
					p.Nav = append(p.Nav, NavItem{URL: pick(), Text: pick(), Current: rng.Intn(2) == 0})
				}
				dv := randomDocView(rng, pick, maybe)
				p.Data = dv
				compareGoPage(t, r, "document.html", p, func(b []byte, p *Page) ([]byte, error) { return r.appendDocumentMain(b, p, &dv) })
				rv := randomRecView(rng, pick, maybe)
				p.Data = rv
				got, err := appendLayout(nil, p, func(b []byte, p *Page) ([]byte, error) { return appendRecordMain(b, p, rv) })
				if err != nil {
					t.Fatal(err)
				}
				rv.FieldRows = fieldRows(rv.Fields) // what only the template reads
				checkGoPage(t, r, "record.html", p, append(got, "\n\n"...))
			}
		}
	}
}

func compareGoPage(t *testing.T, r *run, name string, p *Page, main func([]byte, *Page) ([]byte, error)) {
	t.Helper()
	got, err := appendLayout(nil, p, main)
	if err != nil {
		t.Fatal(err)
	}
	checkGoPage(t, r, name, p, append(got, "\n\n"...))
}

func checkGoPage(t *testing.T, r *run, name string, p *Page, got []byte) {
	t.Helper()
	var want bytes.Buffer
	if err := r.tpl.execute(&want, name, p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < len(got) && i < want.Len() && got[i] == want.Bytes()[i] {
			i++
		}
		t.Fatalf("%s differs from its template at byte %d:\n got …%q\nwant …%q", name, i,
			got[max(i-80, 0):min(i+80, len(got))], want.Bytes()[max(i-80, 0):min(i+80, want.Len())])
	}
}

func randomDocView(rng *rand.Rand, pick, maybe func() string) DocView {
	v := DocView{DocRow: DocRow{ID: pick(), Title: pick(), Approved: rng.Intn(2) == 0}}
	for k := rng.Intn(4); k > 0; k-- {
		v.Control = append(v.Control, KV{Label: pick(), Value: pick(), Class: maybe()})
	}
	for k := rng.Intn(4) - 1; k > 0; k-- {
		v.TOC = append(v.TOC, model.Heading{Level: 2 + rng.Intn(2), ID: pick(), Text: pick()})
	}
	v.Body = template.HTML("<p>" + pick() + "</p>\x00" + pick())
	for k := rng.Intn(3) - 1; k > 0; k-- {
		v.History = append(v.History, KV4{Version: pick(), Date: pick(), Author: pick(), Summary: pick()})
	}
	if rng.Intn(2) == 0 {
		v.LastChange = &KV{Label: pick(), Value: pick()}
	}
	for k := rng.Intn(3) - 1; k > 0; k-- {
		v.Distribution = append(v.Distribution, pick())
	}
	for k := rng.Intn(3) - 1; k > 0; k-- {
		v.Clauses = append(v.Clauses, Link{URL: pick(), Text: pick()})
	}
	if rng.Intn(2) == 0 {
		v.Supersedes = &Link{URL: maybe(), Text: pick(), Title: maybe()}
	}
	if rng.Intn(3) == 0 {
		v.SOP = randomSOPView(rng, pick, maybe)
	}
	for k := rng.Intn(3) - 1; k > 0; k-- {
		v.Downloads = append(v.Downloads, Download{URL: pick(), Text: pick(), Kind: []string{"pdf", "xlsx", pick()}[rng.Intn(3)]})
	}
	v.ControlRows, v.TOCItems, v.HistoryRows = controlRows(v.Control), tocItems(v.TOC), historyRows(v.History)
	v.ClauseLinks, v.DistributionItems = clauseLinks(v.Clauses), listItems(v.Distribution)
	return v
}

func randomRecView(rng *rand.Rand, pick, maybe func() string) *RecView {
	rv := &RecView{Register: Link{URL: pick(), Text: pick()}, ID: pick(), Notes: maybe(), Source: pick(), FormHead: "rfc-h"}
	rv.Title = []string{rv.ID, pick()}[rng.Intn(2)]
	for k := rng.Intn(4) - 1; k >= 0; k-- {
		rv.Fields = append(rv.Fields, KV{Key: pick(), Label: pick(), HTML: template.HTML("<i>" + pick() + "</i>")})
	}
	for k := rng.Intn(3) - 1; k >= 0; k-- {
		rv.Extra = append(rv.Extra, KV{Label: pick(), Value: pick()})
	}
	for k := rng.Intn(3) - 1; k >= 0; k-- {
		links := []Link{{URL: pick(), Text: pick(), Title: maybe(), Note: pick()}}
		rv.Back = append(rv.Back, BackGroup{Label: pick(), URL: pick(), Links: links, LinksHTML: backItems(links), More: rng.Intn(3)})
	}
	for k := rng.Intn(3) - 1; k >= 0; k-- {
		rv.Downloads = append(rv.Downloads, Download{URL: pick(), Text: pick(), Kind: []string{"pdf", "xlsx", pick()}[rng.Intn(3)]})
	}
	if rng.Intn(3) == 0 {
		rv.RFC = &resolve.RFCForm{Title: pick(), NumberLabel: pick(), Number: pick(), DateLabel: pick()}
	}
	return rv
}

func randomSOPView(rng *rand.Rand, pick, maybe func() string) *SOPView {
	s := &SOPView{Org: pick(), Unit: maybe(), Number: pick(), Name: pick(), Created: pick(), Revised: pick(),
		Effective: pick(), ApproverPosition: pick(), ApproverName: pick(), ApproverID: maybe(), Total: pick(),
		Labels: map[string]string{}}
	for _, k := range sopLabels {
		s.Labels[k] = pick()
	}
	list := func() []string {
		var l []string
		for k := rng.Intn(4) - 1; k > 0; k-- {
			l = append(l, pick())
		}
		return l
	}
	for k := rng.Intn(4); k > 0; k-- {
		s.Grid = append(s.Grid, [2]ItemList{{pick(), list()}, {pick(), list()}})
	}
	s.Actors = list()
	for n := 1; n <= rng.Intn(3); n++ {
		sh := SOPSheet{N: n, Defs: template.HTML("<svg>" + pick() + "</svg>")}
		for k := rng.Intn(5); k > 0; k-- {
			sh.Rows = append(sh.Rows, SOPRow{Band: rng.Intn(4) == 0, Num: rng.Intn(30), Activity: pick(),
				Flow: template.HTML("<svg>" + pick() + "</svg>"), FlowText: pick(), Requirements: list(), Time: pick(),
				Output: pick(), Notes: maybe()})
		}
		s.Sheets = append(s.Sheets, sh)
	}
	return s
}
