package html_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearchPassage: a result quotes the passage of the document or
// the field of the record that matched, with the query words marked, case
// and diacritics folded.
func TestBrowserSearchPassage(t *testing.T) {
	ctx, w := browser(t)
	out, _ := renderSite(t, exampleRoot, "")
	site, _ := filepath.Abs(filepath.Join(out, "site"))
	w.allow(fileURL(site) + "/")

	type result struct {
		Title, Snip       string
		Marks, TitleMarks []string
	}
	results := func(q string) []result {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(fileURL(filepath.Join(site, "search.html"))+"?q="+q),
			chromedp.WaitVisible(chromedp.CSS("#search-results li .snip mark")),
		); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		rs, err := chromedp.Run(ctx, chromedp.Evaluate[[]result](`Array.from(document.querySelectorAll("#search-results li")).slice(0, 5).map(li => ({
			Title: li.querySelector("a").textContent,
			Snip: (li.querySelector(".snip") || {textContent: ""}).textContent,
			Marks: Array.from(li.querySelectorAll(".snip mark")).map(m => m.textContent),
			TitleMarks: Array.from(li.querySelectorAll("a mark")).map(m => m.textContent)}))`))
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}

	// a document: the passage around the words, not the beginning of the document
	rs := results("ROLLB%C3%80CK+perubahan")
	if len(rs) == 0 || !strings.Contains(rs[0].Title, "KEB-CHG-001") {
		t.Fatalf("results %+v: want the change policy first", rs)
	}
	r := rs[0]
	if len(r.Marks) == 0 {
		t.Fatalf("no word marked in %q", r.Snip)
	}
	for _, m := range r.Marks {
		if l := strings.ToLower(m); l != "rollback" && l != "perubahan" {
			t.Errorf("marked %q in %q", m, r.Snip)
		}
	}
	if n := len([]rune(r.Snip)); n > 240 || !strings.HasPrefix(r.Snip, "… ") {
		t.Errorf("passage of %d characters, not cut around the words: %q", n, r.Snip)
	}
	if len(r.TitleMarks) != 1 || r.TitleMarks[0] != "Perubahan" {
		t.Errorf("title %q marks %q, want Perubahan", r.Title, r.TitleMarks)
	}
	// a record: the field that matched, with its label, not a run of every field
	rs = results("pabx")
	var rec *result
	for i := range rs {
		if strings.HasPrefix(rs[i].Title, "INC-2026-0001") {
			rec = &rs[i]
		}
	}
	if rec == nil {
		t.Fatalf("INC-2026-0001 not among %+v", rs)
	}
	if !regexp.MustCompile(`^(… )?[A-Z][^:]{2,40}: `).MatchString(rec.Snip) || strings.Count(rec.Snip, ": ") > 2 {
		t.Errorf("record passage %q: want one field, with its label", rec.Snip)
	}
	if len(rec.Marks) == 0 || !strings.EqualFold(rec.Marks[0], "PABX") {
		t.Errorf("record passage %q marks %q", rec.Snip, rec.Marks)
	}
	if strings.Contains(rec.Snip, "walk_in") || strings.Contains(rec.Snip, "2026-05-04") {
		t.Errorf("record passage %q holds other fields", rec.Snip)
	}
	pngShot(t, ctx, "search-passage")
	w.check(t)
}

// pngShot writes a PNG of the viewport to $SMSGEN_SCREENSHOTS when set.
func pngShot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("SMSGEN_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
}
