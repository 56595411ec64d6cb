package html_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestGroupedRecords: with the threshold of grouping lowered, the example
// site's registers of more than two records have their records on chunk
// pages of three rows: no page of their own, every link to a record (table
// rows, references, back references, documents' reg: links, dashboard
// lists, search results) names the record's anchor on an existing chunk
// page, the chunk page shows what the record page would (fields, RFC form,
// back references), and its ids are unique (checkDiscipline).
func TestGroupedRecords(t *testing.T) {
	opts := names.Options{GroupAbove: 2, ChunkSize: 3}
	b := testutil.Build(t, exampleRoot, testutil.BuildOptions{Names: &opts,
		Renderers: map[string]output.Renderer{"html": html.Renderer{}}})
	site := filepath.Join(b.Out, "site")
	checkDiscipline(t, site)
	zipMatchesSite(t, b.Out)
	n := b.Facts.Names
	grouped := 0
	for name, reg := range b.Result.Site.Registers {
		g := n.Groups[name]
		if (len(reg.Records) > opts.GroupAbove) != (g != nil) {
			t.Errorf("%s: %d records, grouped %v", name, len(reg.Records), g != nil)
		}
		if g == nil {
			continue
		}
		grouped++
		dir := filepath.Join(site, "registers", n.Register(name))
		files, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		tables := (len(reg.Records) + html.RowsPerPage - 1) / html.RowsPerPage
		if want := tables + (len(reg.Records)+2)/3; len(files) != want {
			t.Errorf("%s: %d files for %d records, want %d (table pages and chunks of 3)", name, len(files), len(reg.Records), want)
		}
		for _, rec := range reg.Records {
			stem, _ := n.Record(name, rec.ID)
			if _, err := os.Stat(filepath.Join(dir, stem+".html")); err == nil {
				t.Errorf("%s/%s: a page of its own in a grouped register", name, rec.ID)
			}
			p, ok := n.RecordHTML(name, rec.ID)
			file, anchor, _ := strings.Cut(p, "#")
			if !ok || anchor != names.AnchorPrefix+stem || !strings.HasPrefix(file, "registers/"+n.Register(name)+"/records-") {
				t.Errorf("%s/%s: page %q", name, rec.ID, p)
				continue
			}
			page := testutil.ReadFile(t, filepath.Join(site, filepath.FromSlash(file)))
			i := strings.Index(page, `<article class="record" id="`+anchor+`">`)
			if i < 0 {
				t.Errorf("%s: no record %s", file, anchor)
				continue
			}
			art, _, _ := strings.Cut(page[i:], "</article>")
			if title := reg.Title(rec); !strings.Contains(art, esc(title)) {
				t.Errorf("%s#%s: lacks the title %q", file, anchor, title)
			}
			if back := b.Facts.Register(name).BackRefs[rec.ID]; len(back) > 0 && !strings.Contains(art, esc(back[0].Record.ID)) {
				t.Errorf("%s#%s: lacks its back reference %s", file, anchor, back[0].Record.ID)
			}
		}
	}
	if grouped < 5 {
		t.Fatalf("only %d registers grouped", grouped)
	}
	// the RFC form of a change, with its own heading id
	rfc, _ := n.RecordHTML("changes", "RFC-2026-001")
	file, anchor, _ := strings.Cut(rfc, "#")
	page := testutil.ReadFile(t, filepath.Join(site, filepath.FromSlash(file)))
	if !strings.Contains(page, `aria-labelledby="rfc-`+strings.TrimPrefix(anchor, names.AnchorPrefix)+`"`) ||
		!strings.Contains(page, "FORMULIR PERMINTAAN SISTEM INFORMASI") {
		t.Errorf("%s: no RFC form for %s", file, anchor)
	}
	// search results link to the chunk page and anchor of each record: the
	// entries of the records are in the shards of their texts, not in the
	// index
	idx := testutil.ReadFile(t, filepath.Join(site, "assets", "search-index.js"))
	if regexp.MustCompile(`"registers/[^"]+\.html#`).MatchString(idx) {
		t.Error("search-index.js holds entries of records of grouped registers")
	}
	var shards strings.Builder
	filepath.WalkDir(filepath.Join(site, "assets", "search", "registers"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			shards.WriteString(testutil.ReadFile(t, p))
		}
		return nil
	})
	urls := regexp.MustCompile(`"(registers/[^"]+\.html(#[^"]*)?)"`).FindAllStringSubmatch(shards.String(), -1)
	anchored := 0
	for _, m := range urls {
		if m[2] == "" {
			continue
		}
		anchored++
		file, frag, _ := strings.Cut(m[1], "#")
		if !strings.Contains(testutil.ReadFile(t, filepath.Join(site, filepath.FromSlash(file))), `id="`+frag+`"`) {
			t.Errorf("search result %s: no such anchor", m[1])
		}
	}
	if anchored < 20 {
		t.Errorf("only %d search results link to a record's anchor", anchored)
	}
}

// esc escapes s as the pages do.
func esc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// TestGroupedRecordsIndexedByIDAndTitle: a record of a grouped register is
// found by its id and title, not by the words of its other fields (the full
// text of 100,000 records made a 27.5 MB index), while a register of one
// page per record keeps full text.
func TestGroupedRecordsIndexedByIDAndTitle(t *testing.T) {
	terms := func(b *testutil.Built) map[string]bool {
		idx := testutil.ReadFile(t, filepath.Join(b.Out, "site", "assets", "search-index.js"))
		m := regexp.MustCompile(`"terms":"([^"]*)"`).FindStringSubmatch(idx)
		if m == nil {
			t.Fatal("search-index.js: no terms")
		}
		set := map[string]bool{}
		for _, w := range strings.Fields(m[1]) {
			set[w] = true
		}
		return set
	}
	render := map[string]output.Renderer{"html": html.Renderer{}}
	full := terms(testutil.Build(t, exampleRoot, testutil.BuildOptions{Renderers: render}))
	opts := names.Options{GroupAbove: 2, ChunkSize: 3}
	gb := testutil.Build(t, exampleRoot, testutil.BuildOptions{Names: &opts, Renderers: render})
	grouped := terms(gb)
	for w := range grouped {
		if !full[w] {
			t.Errorf("term %q only in the grouped build", w)
		}
	}
	if len(grouped) >= len(full) {
		t.Errorf("grouped build indexes %d terms, the full-text build %d: records' fields still indexed", len(grouped), len(full))
	}
	split := regexp.MustCompile(`[^\p{L}\p{N}]+`)
	for name, reg := range gb.Result.Site.Registers {
		if gb.Facts.Names.Groups[name] == nil {
			continue
		}
		for _, rec := range reg.Records {
			for _, w := range split.Split(strings.ToLower(rec.ID), -1) {
				if w != "" && !grouped[w] {
					t.Errorf("%s %s: id word %q not indexed", name, rec.ID, w)
				}
			}
		}
	}
}
