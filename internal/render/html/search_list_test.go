package html

import (
	"slices"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/model"

	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestSearchListEntries: the search list of a site whose registers are
// grouped (their records a run of indexes, made when asked for) gives, entry
// by entry, the entries of documents (by title), registers and records in
// the order of the index, and its groups are the runs of entries sharing a register
// page's text shard.
func TestSearchListEntries(t *testing.T) {
	for _, opts := range []*names.Options{nil, {GroupAbove: 2, ChunkSize: 3}, {GroupAbove: 3, ChunkSize: 4}} {
		l := newLiveWith(t, testutil.ExampleSite(t), opts)
		ctx := l.context()
		r, err := newRun(&ctx)
		if err != nil {
			t.Fatal(err)
		}
		var want []searchEntry // every entry, the plain way: the documents by title
		docs := slices.Clone(r.site.Documents)
		slices.SortStableFunc(docs, func(a, b *model.Document) int {
			return strings.Compare(a.DocID+" "+a.Title, b.DocID+" "+b.Title)
		})
		for _, d := range docs {
			want = append(want, searchEntry{URL: r.docPath(d), shard: r.docTextPath(d), doc: d})
		}
		grouped := 0
		for _, name := range r.site.RegisterNames() {
			reg := r.site.Registers[name]
			label := reg.Schema.Label.In(r.lang)
			want = append(want, searchEntry{URL: r.regPath(name, 1), Title: label, shard: r.regTextPath(name, 1)})
			if r.names.Groups[name] != nil {
				grouped++
			}
			seen := map[string]bool{}
			for _, rec := range reg.Records {
				if rec.ID == "" || seen[rec.ID] {
					continue
				}
				seen[rec.ID] = true
				// by id (position -1), against the list's entries made by position
				want = append(want, r.recordEntry(reg, rec, -1, label, r.regTextPath(name, r.tablePage(name, rec.ID))))
			}
		}
		sl := r.searchList()
		if opts != nil && (grouped < 3 || len(sl.runs) != grouped) {
			t.Fatalf("%+v: %d grouped registers, %d runs", opts, grouped, len(sl.runs))
		}
		if sl.n != len(want) {
			t.Fatalf("%+v: %d entries, want %d", opts, sl.n, len(want))
		}
		var tmp searchEntry
		for i, w := range want {
			e := sl.at(r, i, &tmp)
			if e.URL != w.URL || e.shard != w.shard || e.rec != w.rec || e.doc != w.doc || w.rec != nil && e.Title != w.Title {
				t.Fatalf("%+v: entry %d is %s %q (%s), want %s %q (%s)", opts, i, e.URL, e.Title, e.shard, w.URL, w.Title, w.shard)
			}
		}
		next := 0
		for _, g := range sl.groups {
			for next < g.first { // documents only between groups
				if want[next].doc == nil {
					t.Fatalf("%+v: entry %d (%s) is in no group", opts, next, want[next].URL)
				}
				next++
			}
			for i := g.first; i < g.first+g.count; i++ {
				if want[i].shard != g.shard {
					t.Fatalf("%+v: entry %d (%s) in the group of %s", opts, i, want[i].shard, g.shard)
				}
			}
			if end := g.first + g.count; end < len(want) && want[end].shard == g.shard {
				t.Fatalf("%+v: the group of %s ends early at %d", opts, g.shard, end)
			}
			next = g.first + g.count
		}
		if next != len(want) {
			t.Fatalf("%+v: the groups end at %d of %d entries", opts, next, len(want))
		}
	}
}
