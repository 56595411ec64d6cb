package html_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestBrowserGroupedRecords: with the records of the example's registers on
// chunk pages (the threshold lowered), a row of a register table and a search
// result lead to the record's anchor on its chunk page, scrolled to it, in a
// browser opening the site from disk, without a script error.
func TestBrowserGroupedRecords(t *testing.T) {
	ctx, w := browser(t)
	opts := names.Options{GroupAbove: 2, ChunkSize: 3}
	b := testutil.Build(t, exampleRoot, testutil.BuildOptions{Names: &opts,
		Renderers: map[string]output.Renderer{"html": html.Renderer{}}})
	site, _ := filepath.Abs(filepath.Join(b.Out, "site"))
	w.allow(fileURL(site) + "/")
	w.allow("about:blank")

	// the tenth row of the incidents' table
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(filepath.Join(site, "registers", "incidents", "index.html"))),
		chromedp.WaitVisible(chromedp.CSS("#reg-table")),
		chromedp.Click(chromedp.CSS("#reg-table tbody tr:nth-child(10) td a")),
		chromedp.WaitVisible(chromedp.CSS("article.record:target h2")),
	); err != nil {
		t.Fatal(err)
	}
	reg := b.Result.Site.Registers["incidents"]
	id := reg.Records[9].ID
	want, _ := b.Facts.Names.RecordHTML("incidents", id)
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/"+want) {
		t.Errorf("row of %s leads to %s, want %s", id, loc, want)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.record:target h2 .rec-id"))); got != id {
		t.Errorf("the record at the anchor is %q, want %s", got, id)
	}
	top, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("article.record:target").getBoundingClientRect().top`))
	if top < -2 || top > 200 {
		t.Errorf("the record is %v px from the top of the window: not scrolled to", top)
	}
	screenshot(t, ctx, "grouped-1-chunk")

	// a search for a record's id, then its first result: its link, title
	// and kind come with the shard of its texts (not in the index), its
	// passage too
	last := reg.Records[len(reg.Records)-1].ID
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(filepath.Join(site, "search.html"))+"?q="+last),
		chromedp.WaitVisible(chromedp.CSS("#search-results li a")),
		chromedp.WaitVisible(chromedp.CSS("#search-results li .snip mark")),
	); err != nil {
		t.Fatal(err)
	}
	first, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-results li:first-child")))
	if label := reg.Schema.Label.In("id"); !strings.HasPrefix(first, last+" "+reg.Title(reg.Records[len(reg.Records)-1])) || !strings.Contains(first, " · "+label) {
		t.Errorf("the first result for %s reads %q: not its title and kind (%s)", last, first, label)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#search-results li a")),
		chromedp.WaitVisible(chromedp.CSS("article.record:target h2")),
	); err != nil {
		t.Fatal(err)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.record:target h2 .rec-id"))); got != last {
		t.Errorf("the first result for %s leads to %q", last, got)
	}
	w.check(t)
}
