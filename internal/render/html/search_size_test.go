package html_test

import (
	"os"
	"path/filepath"
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
	shards, _ := filepath.Glob(filepath.Join(assets, "search-text-*.js"))
	if len(shards) == 0 {
		t.Fatal("no texts for the passages")
	}
	var total, largest int64
	for _, s := range shards {
		st, err := os.Stat(s)
		if err != nil {
			t.Fatal(err)
		}
		total += st.Size()
		largest = max(largest, st.Size())
	}
	t.Logf("%d text shards, %d bytes, the largest %d", len(shards), total, largest)
	if largest > 512<<10 {
		t.Errorf("a text shard of %d bytes: a result loads more than 512 KiB", largest)
	}
}
