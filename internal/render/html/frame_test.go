package html

import (
	"html/template"
	"testing"
	"text/template/parse"
)

// TestFrameOnly: a partial is rendered once per Root, Class, Section and
// Draft only when it reads nothing else of the page.
func TestFrameOnly(t *testing.T) {
	for src, want := range map[string]bool{
		`<p>{{.Site.Title}} {{.L.main_nav}} {{.ClassLabel}}</p>`:              true,
		`{{range .Nav}}<a href="{{.URL}}">{{.Text}}</a>{{end}}`:               true,
		`{{with .Site.Organization}}{{.}}{{end}}{{.T "x"}}{{.URL "a"}}`:       true,
		`{{range $i, $n := .Nav}}{{$n.Text}}{{$.Root}}{{end}}`:                true,
		`{{if .Draft}}x{{else}}{{.Section}}{{end}}{{len .Nav | printf "%d"}}`: true,
		`{{.Title}}`:                              false,
		`{{.Path}}`:                               false,
		`{{with .Data}}{{.X}}{{end}}`:             false,
		`{{range .Nav}}{{$.Title}}{{end}}`:        false,
		`{{range .Nav}}{{$}}{{end}}`:              false,
		`{{.}}`:                                   false,
		`{{template "x" .}}{{define "x"}}{{end}}`: false,
		`{{call .Site.Title}}`:                    false,
		`{{$p := .}}{{$p.Title}}`:                 false,
		`{{.Partial "header.html"}}`:              false,
		`{{if .Data}}{{end}}`:                     false,
		`{{with .Site}}{{$.Data}}{{end}}`:         false,
		`{{range .Scripts}}{{.}}{{end}}`:          true,
		`{{range .Nav}}{{template "x" .}}{{end}}`: false,
	} {
		tp, err := template.New("t").Parse(src)
		if err != nil {
			t.Fatal(src, err)
		}
		if got := frameOnly(tp.Tree.Root, true); got != want {
			t.Errorf("%s: frameOnly %v, want %v", src, got, want)
		}
	}
}

// TestFrameFollowsTemplates: a partial that calls another template with the
// page is frame-only when that template is; the built-in frame partials are.
func TestFrameFollowsTemplates(t *testing.T) {
	set := template.Must(template.New("a").Parse(`{{define "ok"}}{{.Root}}{{end}}{{define "bad"}}{{.Title}}{{end}}` +
		`{{define "loop"}}{{template "loop" .}}{{end}}`))
	fc := frameChecker{lookup: func(n string) *parse.Tree {
		if tp := set.Lookup(n); tp != nil {
			return tp.Tree
		}
		return nil
	}}
	for src, want := range map[string]bool{
		`<p>{{template "ok" .}}</p>`:               true,
		`{{template "ok" $}}`:                      true,
		`{{template "bad" .}}`:                     false,
		`{{template "missing" .}}`:                 false,
		`{{template "ok" .Site}}`:                  false,
		`{{range .Nav}}{{template "ok" .}}{{end}}`: false,
		`{{template "loop" .}}`:                    false,
	} {
		tp := template.Must(template.New("t").Parse(src))
		if got := fc.check(tp.Tree.Root, true); got != want {
			t.Errorf("%s: %v, want %v", src, got, want)
		}
	}
	tpl, err := loadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"head.html", "top.html", "bottom.html", "header.html", "footer.html"} {
		if !tpl.frame[n] {
			t.Errorf("built-in %s is not rendered once per kind of page", n)
		}
	}
}
