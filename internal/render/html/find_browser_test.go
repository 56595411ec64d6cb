package html_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/smsgen/smsgen/internal/render/html"
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
	// search.js finds a document's text shard by the hash the generator uses
	names := []string{"", "a", "KEB-CHG-001", "PRO-001", "SOP-INC-001-0a1b2c3d", "Café", "A/B", strings.Repeat("x", 120)}
	for i := 0; i < 200; i++ {
		names = append(names, "DOC-"+strconv.Itoa(i))
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(`+strconv.Quote(strings.Join(names, "\n"))+`).split("\n").map(window.smsgenTextBucket)`))
	if err != nil || len(got) != len(names) {
		t.Fatalf("buckets in search.js: %v (%d)", err, len(got))
	}
	for i, n := range names {
		if want := html.TextBucket(n); got[i] != want {
			t.Errorf("search.js puts %q in shard %d, the generator in %d", n, got[i], want)
		}
	}
	viewShot(t, ctx, "search-passage")
	w.check(t)
}

// TestBrowserRegisterFilters: the incidents register filters by priority
// and by the referenced service, combined, and shows priority and status
// as coloured labels with their text.
func TestBrowserRegisterFilters(t *testing.T) {
	ctx, w := browser(t)
	out, _ := renderSite(t, exampleRoot, "")
	site, _ := filepath.Abs(filepath.Join(out, "site"))
	w.allow(fileURL(site) + "/")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(filepath.Join(site, "registers", "incidents", "index.html"))),
		chromedp.WaitVisible(chromedp.CSS("#fc-priority")),
		chromedp.WaitVisible(chromedp.CSS("#fc-service")),
	); err != nil {
		t.Fatal(err)
	}
	// col: the index of a column by its filter; shown: the texts of the
	// visible rows in a column; pick: choose an option of a filter
	const helpers = `
		window.__col = id => parseInt(document.getElementById(id).dataset.col, 10);
		window.__shown = id => Array.from(document.querySelectorAll("#reg-table tbody tr:not([hidden])")).map(r => r.cells[__col(id)].textContent.trim());
		window.__pick = (id, i) => { const s = document.getElementById(id); s.selectedIndex = i; s.dispatchEvent(new Event("change")); return s.value; };
		true`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](helpers)); err != nil {
		t.Fatal(err)
	}
	eval := func(js string, v any) {
		t.Helper()
		var err error
		switch p := v.(type) {
		case *string:
			*p, err = chromedp.Run(ctx, chromedp.Evaluate[string](js))
		case *[]string:
			*p, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		case *int:
			*p, err = chromedp.Run(ctx, chromedp.Evaluate[int](js))
		}
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	var total int
	eval(`document.querySelectorAll("#reg-table tbody tr").length`, &total)
	// the priority options: "1 Kritis" … in order of priority
	var opts []string
	eval(`Array.from(document.getElementById("fc-priority").options).slice(1).map(o => o.value)`, &opts)
	if len(opts) < 2 || !strings.HasPrefix(opts[0], "1 ") && !strings.HasPrefix(opts[0], "2 ") {
		t.Fatalf("priority options %q", opts)
	}
	// by priority: the rows of that priority only
	var want string
	eval(`__pick("fc-priority", 2)`, &want)
	var pr []string
	eval(`__shown("fc-priority")`, &pr)
	if len(pr) == 0 || len(pr) >= total {
		t.Fatalf("priority %q: %d of %d rows shown", want, len(pr), total)
	}
	for _, p := range pr {
		if p != want {
			t.Errorf("priority %q shows a row of %q", want, p)
		}
	}
	// and by service (a reference): both hold on every row shown
	var svc string
	eval(`__pick("fc-service", 1)`, &svc)
	var both, svcs []string
	eval(`__shown("fc-priority")`, &both)
	eval(`__shown("fc-service")`, &svcs)
	for i := range both {
		if both[i] != want || svcs[i] != svc {
			t.Errorf("priority %q and service %q show a row of %q, %q", want, svc, both[i], svcs[i])
		}
	}
	// the service alone: more rows or as many, all of that service
	eval(`__pick("fc-priority", 0)`, new(string))
	eval(`__shown("fc-service")`, &svcs)
	if len(svcs) < len(both) || len(svcs) == 0 {
		t.Errorf("service %q alone shows %d rows, with priority %d", svc, len(svcs), len(both))
	}
	for _, s := range svcs {
		if s != svc {
			t.Errorf("service %q shows a row of %q", svc, s)
		}
	}
	var count string
	eval(`document.getElementById("f-count").textContent`, &count)
	if !strings.HasPrefix(count, strconv.Itoa(len(svcs))+" ") || !strings.HasSuffix(count, " "+strconv.Itoa(total)) {
		t.Errorf("count %q, want %d of %d", count, len(svcs), total)
	}
	// priority and status as labels: text inside, a colour of their own
	var badges []string
	eval(`Array.from(document.querySelectorAll("#reg-table td .badge")).slice(0, 40).map(b => b.className + "|" + b.textContent + "|" + getComputedStyle(b).backgroundColor)`, &badges)
	kinds := map[string]bool{}
	for _, b := range badges {
		parts := strings.Split(b, "|")
		if len(parts) != 3 || strings.TrimSpace(parts[1]) == "" || parts[2] == "rgba(0, 0, 0, 0)" {
			t.Errorf("badge %q: no text or no colour", b)
		}
		kinds[strings.Fields(parts[0])[1][:3]] = true
	}
	if !kinds["b-p"] || len(kinds) < 2 {
		t.Errorf("badges %v: want priority and status labels", kinds)
	}
	viewShot(t, ctx, "register-filters")
	w.check(t)
}

// TestBrowserDownloads: a document's "Unduh PDF", a register's workbook and
// an RFC's form, as the browser resolves the links, are files, from the
// output folder and from the unzipped site.zip.
func TestBrowserDownloads(t *testing.T) {
	ctx, w := browser(t)
	root := smallSite(t)
	out := filepath.Join(t.TempDir(), "output")
	cliBuild(t, "--root", root, "--out", out)
	unz := t.TempDir()
	unzip(t, filepath.Join(out, "site.zip"), unz)
	for _, site := range []string{filepath.Join(out, "site"), filepath.Join(unz, strings.TrimSuffix(html.ZipTop, "/"), "site")} {
		site, _ = filepath.Abs(site)
		w.allow(fileURL(site) + "/")
		for _, c := range []struct{ page, text string }{
			{"docs/PRO-001.html", "Unduh PDF"},
			{"registers/services/index.html", "Unduh Excel"},
			{"registers/changes/RFC-001.html", "Unduh formulir PDF"},
		} {
			if err := chromedp.Do(ctx,
				chromedp.Navigate(fileURL(filepath.Join(site, filepath.FromSlash(c.page)))),
				chromedp.WaitVisible(chromedp.CSS("ul.downloads a")),
			); err != nil {
				t.Fatal(err)
			}
			viewShot(t, ctx, "download-"+strings.NewReplacer("/", "-", ".html", "").Replace(c.page))
			href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(Array.from(document.querySelectorAll("ul.downloads a")).find(a => a.textContent === `+strconv.Quote(c.text)+`) || {}).href || ""`))
			if err != nil || !strings.HasPrefix(href, "file://") {
				t.Fatalf("%s: no link %q (%q, %v)", c.page, c.text, href, err)
			}
			u, err := url.Parse(href)
			if err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(u.Path)
			if err != nil || st.Size() == 0 {
				t.Errorf("%s: %q leads to %s: %v", site, c.text, u.Path, err)
			}
			if rel, _ := filepath.Rel(filepath.Dir(site), u.Path); strings.HasPrefix(rel, "..") {
				t.Errorf("%s: %q leads out of the output: %s", site, c.text, u.Path)
			}
		}
	}
	w.check(t)
}
