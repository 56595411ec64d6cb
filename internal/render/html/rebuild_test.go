package html_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/cli"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestRebuildSameAsFresh: a build on top of a previous output (which reuses
// its unchanged files and the compressed entries of its site.zip) gives
// exactly the bytes of a build from nothing, before and after a change.
func TestRebuildSameAsFresh(t *testing.T) {
	site := t.TempDir()
	if err := synth.Write(site, synth.Options{Docs: 30, Rows: 150, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	build := func(out string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := cli.Main([]string{"build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21"}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	out := filepath.Join(t.TempDir(), "output")
	build(out)
	first := snapshot(t, out)
	build(out)
	if again := snapshot(t, out); again != first {
		t.Fatal("a rebuild of the same site differs from the first build")
	}
	// change one document
	docs, _ := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if len(docs) == 0 {
		t.Fatal("no documents")
	}
	b, _ := os.ReadFile(docs[0])
	b = bytes.Replace(b, []byte("\n## "), []byte("\nSebuah paragraf baru.\n\n## "), 1)
	if err := os.WriteFile(docs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	build(out)
	fresh := filepath.Join(t.TempDir(), "output")
	build(fresh)
	changed, want := snapshot(t, out), snapshot(t, fresh)
	if changed != want {
		t.Fatal("a rebuild after a change differs from a build from nothing")
	}
	if changed == first {
		t.Fatal("the change did not change the output")
	}
}

// TestPageSpecificPartial: the built-in header and footer are rendered once
// per kind of page and reused; a site's header that shows something of the
// page itself (here the title) is rendered for every page.
func TestPageSpecificPartial(t *testing.T) {
	site := t.TempDir()
	if err := synth.Write(site, synth.Options{Docs: 20, Rows: 10, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(site, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "layouts", "header.html"), []byte(`<header class="mine">{{.Title}}|{{.Root}}</header>`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := renderSite(t, site, "")
	pages, _ := filepath.Glob(filepath.Join(out, "site", "docs", "*.html"))
	if len(pages) < 20 {
		t.Fatalf("%d document pages", len(pages))
	}
	for _, p := range pages {
		s := testutil.ReadFile(t, p)
		i := strings.Index(s, "<title>")
		j := strings.Index(s, " · ")
		if i < 0 || j < i {
			t.Fatalf("%s: no title", p)
		}
		title := s[i+len("<title>") : j]
		if !strings.Contains(s, `<header class="mine">`+title+`|../</header>`) {
			t.Errorf("%s: the header does not show the page's own title %q", filepath.Base(p), title)
		}
	}
}
