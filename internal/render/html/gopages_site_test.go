package html_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestGoPagesSameSite: whole sites rendered with the document and record
// pages written in Go and with every page rendered by its template are the
// same files, byte for byte: the example site (with and without a layout of
// its own for the document control table), the test sites of hostile and
// small values, and a synthetic site with a register large enough to be
// grouped into chunk pages.
func TestGoPagesSameSite(t *testing.T) {
	copySite := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		writeFiles(t, dir, files)
		return dir
	}
	sites := []struct {
		name string
		root func(t *testing.T) string
	}{
		{"example", func(t *testing.T) string { return exampleRoot }},
		{"small", func(t *testing.T) string { return copySite(t, readTxtar(t, "testdata/small.txtar")) }},
		{"hostile", func(t *testing.T) string { return copySite(t, readTxtar(t, "testdata/hostile.txtar")) }},
		{"synthetic, grouped", func(t *testing.T) string {
			return testutil.SynthSite(t, synth.Options{Docs: 40, Rows: 1200, Seed: 7})
		}},
		{"synthetic, own doc-control", func(t *testing.T) string {
			root := testutil.SynthSite(t, synth.Options{Docs: 20, Rows: 30, Seed: 8})
			if err := os.MkdirAll(filepath.Join(root, "layouts"), 0o755); err != nil {
				t.Fatal(err)
			}
			src := `<dl class="mine">{{range .Data.Control}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{end}}</dl>`
			if err := os.WriteFile(filepath.Join(root, "layouts", "doc-control.html"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			return root
		}},
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			root := s.root(t)
			render := func(on bool) (string, string) {
				defer html.SetGoWriters(on)()
				out, _ := renderSite(t, root, "")
				return out, snapshot(t, out)
			}
			outGo, goSnap := render(true)
			_, tplSnap := render(false)
			if goSnap != tplSnap {
				g, w := strings.Split(goSnap, "\n"), strings.Split(tplSnap, "\n")
				for i := range min(len(g), len(w)) {
					if g[i] != w[i] {
						t.Fatalf("the pages written in Go differ from the templates' first at\n got %s\nwant %s", g[i], w[i])
					}
				}
				t.Fatalf("%d files written in Go, %d by the templates", len(g), len(w))
			}
			docs, _ := filepath.Glob(filepath.Join(outGo, "site", "docs", "*.html"))
			if len(docs) == 0 {
				t.Fatal("no document pages")
			}
		})
	}
}
