package names

import (
	"regexp"
	"strings"
	"testing"
)

// TestGroupedRecords: a register above the threshold has its records on
// chunk pages by row; each record's place is page + anchor, anchors are
// safe and unique also for ids that are not names (and ids differing in
// case only), a repeated id is placed at its first row, an empty id has no
// page; a register at the threshold keeps one page per record.
func TestGroupedRecords(t *testing.T) {
	ids := []string{"A/B", "a b", "abc", "ABC", "CON", "abc", "", "Café", "x", "y", "z"}
	s := site(nil, map[string][]string{"big": ids, "small": {"S-1", "S-2"}})
	n := AllocateWith(s, Options{GroupAbove: 2, ChunkSize: 4})
	if n.Groups["small"] != nil {
		t.Error("a register of 2 records grouped with GroupAbove 2")
	}
	if p, _ := n.RecordHTMLAt("small", 0, "S-1"); p != "registers/small/S-1.html" {
		t.Errorf("small register: %q", p)
	}
	g := n.Groups["big"]
	if g == nil || len(g.Pages) != 3 {
		t.Fatalf("big register: %+v", g)
	}
	safe := regexp.MustCompile(`^rec-[A-Za-z0-9._-]+$`)
	anchors := map[string]string{}
	for i, id := range ids {
		p, ok := n.RecordHTML("big", id)
		// by position, the same as by id (a repeated id: its first record's)
		if pa, oka := n.RecordHTMLAt("big", i, id); pa != p || oka != ok || n.ChunkAt("big", i, id) != n.Chunk("big", id) || n.RecordAnchorAt("big", i, id) != n.RecordAnchor("big", id) {
			t.Errorf("record %d %q by position: %q %v chunk %d anchor %q; by id: %q %v chunk %d anchor %q", i, id,
				pa, oka, n.ChunkAt("big", i, id), n.RecordAnchorAt("big", i, id), p, ok, n.Chunk("big", id), n.RecordAnchor("big", id))
		}
		if id == "" {
			if ok || p != "" || n.Chunk("big", id) != -1 {
				t.Errorf("an empty id has a page: %q", p)
			}
			continue
		}
		file, anchor, _ := strings.Cut(p, "#")
		first := i
		for j := range ids[:i] {
			if ids[j] == id {
				first = j
				break
			}
		}
		want := "registers/big/records-" + string(rune('1'+first/4)) + ".html"
		if !ok || file != want || anchor != n.RecordAnchor("big", id) || n.Chunk("big", id) != first/4 {
			t.Errorf("%q: %q, want %s#…", id, p, want)
		}
		if !safe.MatchString(anchor) {
			t.Errorf("%q: anchor %q is not safe", id, anchor)
		}
		if other, dup := anchors[strings.ToLower(anchor)]; dup && other != id {
			t.Errorf("%q and %q share the anchor %q", id, other, anchor)
		}
		anchors[strings.ToLower(anchor)] = id
	}
	// the default threshold
	many := make([]string, GroupAbove+1)
	for i := range many {
		many[i] = "R-" + strings.Repeat("0", 6) + string(rune('a'+i%26)) + strings.Repeat("b", i/26)
	}
	d := Allocate(site(nil, map[string][]string{"inc": many[:GroupAbove], "big": many}))
	if d.Groups["inc"] != nil || d.Groups["big"] == nil || len(d.Groups["big"].Pages) != (GroupAbove+ChunkSize)/ChunkSize {
		t.Errorf("default grouping: %v %v", d.Groups["inc"], d.Groups["big"])
	}
}
