package html_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/cli"
)

// snapshot hashes every file below dir.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestBuildAtomic: through the CLI, a build of a site with an error (or a
// broken layout) stops and leaves the previous output exactly as it was.
func TestBuildAtomic(t *testing.T) {
	site := smallSite(t)
	out := filepath.Join(t.TempDir(), "output")
	run := func() (int, string) {
		var stdout, stderr bytes.Buffer
		code := cli.Main([]string{"build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21"}, &stdout, &stderr)
		return code, stderr.String()
	}
	if code, msg := run(); code != 0 {
		t.Fatalf("first build: exit %d: %s", code, msg)
	}
	before := snapshot(t, out)
	if !strings.Contains(before, "site.zip") || !strings.Contains(before, "continuity-pack.html") {
		t.Fatalf("first build wrote:\n%s", before)
	}
	// an error in a document: exit 1, output untouched
	doc := filepath.Join(site, "content", "prosedur", "prosedur-uji.md")
	orig, _ := os.ReadFile(doc)
	if err := os.WriteFile(doc, bytes.Replace(orig, []byte("doc:KEB-001"), []byte("doc:TIDAK-ADA"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, msg := run(); code != 1 {
		t.Fatalf("build of a broken site: exit %d, want 1: %s", code, msg)
	}
	if after := snapshot(t, out); after != before {
		t.Error("a failed build changed the output")
	}
	// a broken layout: the renderer fails, output untouched
	_ = os.WriteFile(doc, orig, 0o644)
	if err := os.WriteFile(filepath.Join(site, "layouts", "header.html"), []byte("{{.NoSuchField}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, msg := run()
	if code == 0 {
		t.Fatal("build with a broken layout succeeded")
	}
	if !strings.Contains(msg, "header.html") {
		t.Errorf("error does not name the layout: %s", msg)
	}
	if after := snapshot(t, out); after != before {
		t.Error("a failed render changed the output")
	}
	// no temporary folder is left beside the output
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "output" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
