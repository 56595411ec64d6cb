package html

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

//go:embed templates/*.html
var builtinTemplates embed.FS

//go:embed assets
var builtinAssets embed.FS

//go:embed labels.yaml
var labelsYAML []byte

// pageTemplates are the templates that render a whole page; every other
// template file is a partial shared by all of them.
var pageTemplates = []string{"dashboard.html", "documents.html", "document.html", "registers.html",
	"register.html", "record.html", "coverage.html", "findings.html", "search.html", "continuity-pack.html"}

// templates holds one parsed template set per page template.
type templates struct {
	sets map[string]*template.Template
}

func (t *templates) execute(w io.Writer, name string, data any) error {
	s := t.sets[name]
	if s == nil {
		return fmt.Errorf("no template %s", name)
	}
	return s.ExecuteTemplate(w, name, data)
}

// Names returns the names of the built-in templates (what layouts/NAME.html may override).
func Names() []string {
	entries, _ := fs.ReadDir(builtinTemplates, "templates")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// loadTemplates parses the built-in templates, each replaced by the site's
// layouts/NAME.html when there is one. Each file is the template named after
// it; partials are shared by every page.
func loadTemplates(root string) (*templates, error) {
	src := map[string]string{}
	origin := map[string]string{}
	for _, n := range Names() {
		b, err := builtinTemplates.ReadFile("templates/" + n)
		if err != nil {
			return nil, err
		}
		src[n] = string(b)
		origin[n] = "built-in template " + n
	}
	over, err := siteLayouts(root)
	if err != nil {
		return nil, err
	}
	for n, b := range over {
		if _, known := src[n]; !known {
			return nil, fmt.Errorf("layouts/%s: no built-in template of that name to override (known: %s)", n, strings.Join(Names(), ", "))
		}
		src[n] = b
		origin[n] = "layouts/" + n
	}
	isPage := map[string]bool{}
	for _, p := range pageTemplates {
		isPage[p] = true
	}
	var partials []string
	for n := range src {
		if !isPage[n] {
			partials = append(partials, n)
		}
	}
	sort.Strings(partials)
	t := &templates{sets: map[string]*template.Template{}}
	for _, p := range pageTemplates {
		set := template.New(p).Funcs(funcs).Option("missingkey=error")
		if _, err := set.Parse(src[p]); err != nil {
			return nil, fmt.Errorf("%s: %w", origin[p], err)
		}
		for _, n := range partials {
			if _, err := set.New(n).Parse(src[n]); err != nil {
				return nil, fmt.Errorf("%s: %w", origin[n], err)
			}
		}
		t.sets[p] = set
	}
	return t, nil
}

// siteLayouts reads layouts/*.html of the site (no sub-folders; nothing that
// resolves outside the site root).
func siteLayouts(root string) (map[string]string, error) {
	out := map[string]string{}
	if root == "" {
		return out, nil
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return out, nil
	}
	dir := filepath.Join(realRoot, "layouts")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out, nil
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || path.Ext(n) != ".html" {
			continue
		}
		p, err := filepath.EvalSymlinks(filepath.Join(dir, n))
		if err != nil || !inside(realRoot, p) {
			return nil, fmt.Errorf("layouts/%s: links outside the site root", n)
		}
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if st.Size() > 1<<20 {
			return nil, fmt.Errorf("layouts/%s: larger than 1 MiB", n)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out[n] = string(b)
	}
	return out, nil
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// labelsFor returns the UI labels in lang.
func labelsFor(lang string) map[string]string {
	var raw map[string]struct {
		ID string `yaml:"id"`
		EN string `yaml:"en"`
	}
	if err := yaml.Unmarshal(labelsYAML, &raw); err != nil {
		panic("html: labels.yaml: " + err.Error())
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		out[k] = v.ID
		if lang == "en" && v.EN != "" {
			out[k] = v.EN
		}
	}
	return out
}

type asset struct {
	path string
	data []byte
}

// staticAssets returns the CSS and JavaScript files of the site.
func staticAssets() []asset {
	var out []asset
	_ = fs.WalkDir(builtinAssets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "pack") {
			return nil
		}
		b, _ := builtinAssets.ReadFile(p)
		out = append(out, asset{path: p, data: b})
		return nil
	})
	return out
}

func packCSS() string {
	b, _ := builtinAssets.ReadFile("assets/pack.css")
	return string(b)
}
