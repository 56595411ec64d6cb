package load_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
)

func write(t *testing.T, root, rel, body string) {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadWith(t *testing.T, root string, c *load.Cache) []diag.Finding {
	t.Helper()
	var col diag.Collector
	rep := &i18n.Reporter{C: &col, Lang: "en"}
	if _, err := load.Load(load.Options{Root: root, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), Cache: c}, rep); err != nil {
		t.Fatal(err)
	}
	return col.Findings()
}

// The cache reuses unchanged files with their findings and re-reads changed ones.
func TestCacheReusesUnchangedFiles(t *testing.T) {
	root := t.TempDir()
	write(t, root, "content/a.md", "---\ndoc_id: A\ntitle: A\n---\n# A\n")
	write(t, root, "content/b.md", "---\ndoc_id: B\ntitle: B\nbogus: 1\n---\n# B\n")
	write(t, root, "registers/services.csv", "id,name\nSVC-01,Surel\n")
	c := load.NewCache()
	first := loadWith(t, root, c)
	if c.Misses != 3 || c.Hits != 0 {
		t.Fatalf("first load: hits %d misses %d, want 0/3", c.Hits, c.Misses)
	}
	second := loadWith(t, root, c)
	if c.Hits != 3 || c.Misses != 0 {
		t.Fatalf("second load: hits %d misses %d, want 3/0", c.Hits, c.Misses)
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatalf("findings differ through the cache:\n%v\n%v", first, second)
	}
	// change one document (new size and time)
	later := time.Now().Add(2 * time.Second)
	write(t, root, "content/b.md", "---\ndoc_id: B\ntitle: B\n---\n# B\n")
	_ = os.Chtimes(filepath.Join(root, "content/b.md"), later, later)
	third := loadWith(t, root, c)
	if c.Hits != 2 || c.Misses != 1 {
		t.Fatalf("after an edit: hits %d misses %d, want 2/1", c.Hits, c.Misses)
	}
	if len(third) >= len(first) {
		t.Fatalf("the fixed unknown key still reported: %v", third)
	}
	// a site schema change empties the cache
	write(t, root, "registers/services.schema.yaml", "name: services\nfields:\n  - {key: extra, label: {id: Tambahan, en: Extra}}\n")
	loadWith(t, root, c)
	if c.Hits != 0 {
		t.Fatalf("schema change kept %d cached entries", c.Hits)
	}
}
