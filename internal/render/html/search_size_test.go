package html_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/synth"
)

// TestSearchIndexSize: on the synthetic site of 1,000 documents and a
// 1,000-row register, the index the search page loads before it answers
// stays small (the texts the results quote are in shards loaded for the
// results shown), and so does every shard.
func TestSearchIndexSize(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a site of 1,000 documents")
	}
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 1000, Rows: 1000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	out, _ := renderSite(t, dir, "")
	assets := filepath.Join(out, "site", "assets")
	st, err := os.Stat(filepath.Join(assets, "search-index.js"))
	if err != nil {
		t.Fatal(err)
	}
	// the index held its own snippets before the passages: 1,031,197 bytes
	const maxIndex = 800 << 10
	t.Logf("search-index.js: %d bytes", st.Size())
	if st.Size() > maxIndex {
		t.Errorf("search-index.js is %d bytes, more than %d", st.Size(), maxIndex)
	}
	var n int
	var total, largest, largestDoc int64
	err = filepath.WalkDir(filepath.Join(assets, "search"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		n++
		total += st.Size()
		largest = max(largest, st.Size())
		if strings.Contains(filepath.ToSlash(p), "/search/docs/") {
			largestDoc = max(largestDoc, st.Size())
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("no texts for the passages: %v", err)
	}
	t.Logf("%d text shards, %d bytes, the largest %d, of a document %d", n, total, largest, largestDoc)
	// a document's text is cut at 24 KiB; a register page's 1,000 records
	if largestDoc > 30<<10 {
		t.Errorf("the text of a document takes %d bytes", largestDoc)
	}
	if largest > 4<<20 {
		t.Errorf("a shard of the texts of %d bytes", largest)
	}
}
