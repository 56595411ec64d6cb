package html_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestLayoutPrintsRowsAnywhere: a table page's rows are written into the
// page after its template ran, in place of a mark; a site's layout that
// prints them twice, or in an attribute, gets exactly what html/template
// writes for them there (the rows twice as HTML, escaped text in the
// attribute), and no mark is ever left in a page.
func TestLayoutPrintsRowsAnywhere(t *testing.T) {
	for name, layout := range map[string]string{
		"twice":     `{{define "main"}}<div id="a">{{.Data.RowsHTML}}</div><div id="b">{{.Data.RowsHTML}}</div><p title="{{.Data.RowsHTML}}">x</p>{{end}}`,
		"attribute": `{{define "main"}}<p title="{{.Data.RowsHTML}}">x</p>{{end}}`,
		"once":      `{{define "main"}}<div id="a">{{.Data.RowsHTML}}</div>{{end}}`,
	} {
		t.Run(name, func(t *testing.T) {
			root := smallSite(t)
			if err := os.WriteFile(filepath.Join(root, "layouts", "register.html"), []byte(`{{template "layout.html" .}}`+"\n"+layout), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _ := renderSite(t, root, "")
			page := testutil.ReadFile(t, filepath.Join(out, "site", "registers", "services", "index.html"))
			if strings.Contains(page, "\x00") || strings.Contains(page, "smsgen:part") {
				t.Fatalf("the mark is left in the page:\n%s", page)
			}
			divs := regexp.MustCompile(`(?s)<div id="[ab]">(.*?)</div>`).FindAllStringSubmatch(page, -1)
			if want := strings.Count(layout, "<div id="); len(divs) != want {
				t.Fatalf("%d row blocks, want %d:\n%s", len(divs), want, page)
			}
			for _, d := range divs {
				if !strings.Contains(d[1], "<tr><td><a href=") || d[1] != divs[0][1] {
					t.Errorf("rows block %q", d[1])
				}
			}
			if m := regexp.MustCompile(`<p title="([^"]*)">`).FindStringSubmatch(page); strings.Contains(layout, "title=") &&
				(m == nil || strings.Contains(m[1], "<") || !strings.Contains(m[1], "SVC-")) {
				t.Errorf("the rows in an attribute: %q", m)
			}
		})
	}
}
