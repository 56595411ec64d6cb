package html_test

import (
	"encoding/json"
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
	var n, docShards, docs, mostDocs int
	var total, largest, largestDocs int64
	err = filepath.WalkDir(filepath.Join(assets, "search"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		size := int64(len(b))
		n++
		total += size
		largest = max(largest, size)
		if !strings.Contains(filepath.ToSlash(p), "/search/docs/") {
			return nil
		}
		// the texts of the documents whose names hash to the shard, by URL
		docShards++
		largestDocs = max(largestDocs, size)
		_, js, _ := strings.Cut(string(b), "] = ")
		var texts map[string]string
		if err := json.Unmarshal([]byte(strings.TrimSuffix(js, ";\n")), &texts); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		docs += len(texts)
		mostDocs = max(mostDocs, len(texts))
		for url, text := range texts {
			if !strings.HasPrefix(url, "docs/") || len(text) > 24<<10 {
				t.Errorf("%s: %s has a text of %d bytes", p, url, len(text))
			}
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("no texts for the passages: %v", err)
	}
	t.Logf("%d text shards (%d of documents, at most %d documents in one), %d bytes, the largest %d, of documents %d",
		n, docShards, mostDocs, total, largest, largestDocs)
	// a fixed number of shards for the documents' texts, each cut at 24 KiB;
	// a register page's 1,000 records
	if docShards > 128 || docs != 1000 {
		t.Errorf("%d documents' texts in %d shards, want 1,000 in at most 128", docs, docShards)
	}
	if mostDocs > 20 || largestDocs > 20*30<<10 {
		t.Errorf("a shard holds the texts of %d documents, %d bytes (1,000 documents over 128 shards)", mostDocs, largestDocs)
	}
	if largest > 4<<20 {
		t.Errorf("a shard of the texts of %d bytes", largest)
	}
}
