package synth

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/smsgen/smsgen/internal/output"
)

// The Hugo twin of a site is what the HTML build is measured against (make
// bench-hugo): Hugo v0.160.0 with minimal templates on the same Markdown.
// With Rows, Hugo is also given the rows of registers/incidents.csv, one
// page per row as smsgen makes a page per record, through a content adapter
// (Hugo's way of making pages from data) that reads them as JSON: then both
// tools render the same documents and the same records.

// HugoOptions choose what the Hugo twin holds.
type HugoOptions struct {
	Rows bool // a page per row of registers/incidents.csv
}

const hugoConfig = `baseURL = "http://example.org/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
`

// the minimal templates: a page is its title and its content
var hugoLayouts = map[string]string{
	"layouts/_default/baseof.html": `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
}

// hugoAdapter makes a page of each row: its title, and a paragraph per field
// ("**field**: value") as Markdown, which Hugo renders as it renders the documents.
const hugoAdapter = `{{ $rows := (resources.Get "incidents.json").Content | transform.Unmarshal }}
{{ range $row := $rows }}
  {{ $body := "" }}
  {{ range $k, $v := $row }}{{ $body = printf "%s\n\n**%s**: %s" $body $k $v }}{{ end }}
  {{ $.AddPage (dict "path" (printf "incidents/%s" $row.id) "title" $row.title "content" (dict "mediaType" "text/markdown" "value" $body)) }}
{{ end }}
`

// WriteHugo writes into dir (which must not exist) the Hugo twin of the site
// at site: its content/ copied as it is, the settings and templates, and
// with o.Rows the incident rows and the adapter that pages them.
func WriteHugo(site, dir string, o HugoOptions) error {
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("synth: %s already exists; write the Hugo site into a new folder", dir)
	}
	files := map[string][]byte{"hugo.toml": []byte(hugoConfig)}
	for name, text := range hugoLayouts {
		files[name] = []byte(text)
	}
	if o.Rows {
		rows, err := csvObjects(filepath.Join(site, "registers", "incidents.csv"))
		if err != nil {
			return err
		}
		b, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		files["assets/incidents.json"] = b
		files["content/registers/_content.gotmpl"] = []byte(hugoAdapter)
	}
	if err := output.CopyFiles(filepath.Join(site, "content"), filepath.Join(dir, "content")); err != nil {
		return err
	}
	g := &gen{dir: dir}
	for name, b := range files {
		if err := g.writeFile(name, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// csvObjects reads a CSV file with a header row as one object per row.
func csvObjects(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("synth: %s: %w", path, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("synth: %s: no header row", path)
	}
	head, out := records[0], make([]map[string]string, 0, len(records)-1)
	for _, r := range records[1:] {
		m := make(map[string]string, len(head))
		for i, k := range head {
			m[k] = r[i]
		}
		out = append(out, m)
	}
	return out, nil
}
