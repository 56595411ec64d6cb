package html

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestTextBucket: the shard of a document's search text is FNV-1a 32 of its
// file name modulo textBuckets, a function of the name alone.
func TestTextBucket(t *testing.T) {
	seen := map[int]bool{}
	for i := 0; i < 2000; i++ {
		name := fmt.Sprintf("DOC-%04d", i)
		h := fnv.New32a()
		h.Write([]byte(name))
		want := int(h.Sum32() % textBuckets)
		if got := textBucket(name); got != want {
			t.Fatalf("textBucket(%q) = %d, want %d", name, got, want)
		}
		seen[want] = true
	}
	if len(seen) != textBuckets {
		t.Errorf("2,000 names fill %d of %d buckets", len(seen), textBuckets)
	}
	// pinned: search.js computes the same (TestBrowserSearchPassage)
	for name, want := range map[string]int{"": 2166136261 % textBuckets, "a": 0xe40c292c % textBuckets} {
		if got := textBucket(name); got != want {
			t.Errorf("textBucket(%q) = %d, want %d", name, got, want)
		}
	}
}

// sameBucket returns n document ids whose file names share a text shard
// that none of the names in not falls into.
func sameBucket(n int, not ...string) []string {
	taken := map[int]bool{}
	for _, x := range not {
		taken[textBucket(x)] = true
	}
	var out []string
	for i := 100; len(out) < n; i++ {
		c := fmt.Sprintf("PRO-%03d", i)
		if len(out) == 0 && !taken[textBucket(c)] || len(out) > 0 && textBucket(c) == textBucket(out[0]) {
			out = append(out, c)
		}
	}
	return out
}

func procedure(id, text string) string {
	return `-- content/prosedur/` + strings.ToLower(id) + `.md --
---
doc_id: ` + id + `
title: Prosedur ` + id + `
doc_type: procedure
version: "0.1"
status: draft
owner: Kepala Bidang TI
next_review: 2027-06-01
classification: internal
---

## Isi

` + text + `
`
}

// TestTextShardUpdates: a shard of the search texts holds several
// documents; editing, adding or removing one of them rewrites that shard
// (and no other) as a fresh build writes it, and the shard of the last
// document removed is removed.
func TestTextShardUpdates(t *testing.T) {
	ids := sameBucket(3, "PRO-001", "KEB-001")
	shard := textBucketPath(textBucket(ids[0]))
	l := newLive(t, testutil.Site(t, smallArchive(t)+procedure(ids[0], "Teks pertama.")+procedure(ids[1], "Teks kedua.")))
	read := func() string { return string(testutil.Files(t, filepath.Join(l.out, "site"))[shard]) }
	if s := read(); !strings.Contains(s, `"docs/`+ids[0]+`.html"`) || !strings.Contains(s, "Teks pertama") || !strings.Contains(s, "Teks kedua") {
		t.Fatalf("%s does not hold the two documents:\n%s", shard, s)
	}
	steps := []struct {
		name, edit  string
		has, hasNot []string
		gone        bool
	}{
		{"edited", procedure(ids[0], "Teks pertama diubah."), []string{"Teks pertama diubah", "Teks kedua"}, nil, false},
		{"added", procedure(ids[2], "Teks ketiga."), []string{"Teks ketiga", "Teks kedua"}, nil, false},
		{"removed", "-- content/prosedur/" + strings.ToLower(ids[1]) + ".md --\n(deleted)\n", []string{"Teks ketiga"}, []string{"Teks kedua", ids[1]}, false},
		{"all removed", "-- content/prosedur/" + strings.ToLower(ids[0]) + ".md --\n(deleted)\n" +
			"-- content/prosedur/" + strings.ToLower(ids[2]) + ".md --\n(deleted)\n", nil, nil, true},
	}
	for _, st := range steps {
		res := l.update(st.edit)
		if res.Full {
			t.Fatalf("%s: rendered everything", st.name)
		}
		if stale := differ(t, l.out, l.fresh()); len(stale) > 0 {
			t.Fatalf("%s: the update differs from a fresh build: %v", st.name, stale)
		}
		var shards []string
		for _, p := range res.Changed {
			if strings.HasPrefix(p, "assets/search/docs/") {
				shards = append(shards, p)
			}
		}
		if len(shards) != 1 || shards[0] != shard {
			t.Errorf("%s: text shards rewritten %v, want %s", st.name, shards, shard)
		}
		s := read()
		if st.gone != (s == "") {
			t.Errorf("%s: shard %s present %v", st.name, shard, s != "")
		}
		for _, w := range st.has {
			if !strings.Contains(s, w) {
				t.Errorf("%s: %s lacks %q:\n%s", st.name, shard, w, s)
			}
		}
		for _, w := range st.hasNot {
			if strings.Contains(s, w) {
				t.Errorf("%s: %s still holds %q:\n%s", st.name, shard, w, s)
			}
		}
	}
}
