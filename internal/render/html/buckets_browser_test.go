package html_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestBrowserSearchBuckets: a site whose index is large keeps its terms and
// postings in bucket files (search/terms/B.js) loaded for the words of a
// query, and answers every query exactly as the same site with the whole
// index in search-index.js: the same entries in the same order with the
// same scores, for whole words, prefixes of two characters and of one
// digit, several words, accents, and words found nowhere. search.js puts a
// term in the bucket the generator does, and the search page shows the
// results once the buckets arrive.
func TestBrowserSearchBuckets(t *testing.T) {
	ctx, w := browser(t)
	render := map[string]output.Renderer{"html": html.Renderer{}}
	whole := testutil.Build(t, exampleRoot, testutil.BuildOptions{Renderers: render})
	restore := html.SetBucketAbove(0)
	bucketed := testutil.Build(t, exampleRoot, testutil.BuildOptions{Renderers: render})
	restore()
	sites := map[string]string{}
	for name, b := range map[string]*testutil.Built{"whole": whole, "bucketed": bucketed} {
		sites[name], _ = filepath.Abs(filepath.Join(b.Out, "site"))
		w.allow(fileURL(sites[name]) + "/")
	}
	idx := testutil.ReadFile(t, filepath.Join(sites["bucketed"], "assets", "search-index.js"))
	if !strings.Contains(idx, `"terms":"","post":[]`) || !strings.Contains(idx, `"buckets":256`) {
		t.Fatal("the bucketed index holds its terms")
	}
	if _, err := os.Stat(filepath.Join(sites["whole"], "assets", "search", "terms")); err == nil {
		t.Fatal("the whole index has bucket files")
	}
	// the queries: words of the index, whole, cut to two characters and to
	// one digit, paired, with an accent, and unknown
	m := regexp.MustCompile(`"terms":"([^"]*)"`).FindStringSubmatch(testutil.ReadFile(t, filepath.Join(sites["whole"], "assets", "search-index.js")))
	terms := strings.Fields(m[1])
	if len(terms) < 500 {
		t.Fatalf("only %d terms", len(terms))
	}
	queries := []string{"keamanan", "Keamanán informasi", "zzzqx", "ke", "2", "0", "sop", "insiden layanan", "ä"}
	for i := 0; i < len(terms); i += len(terms) / 40 {
		t1, t2 := terms[i], terms[(i*7+3)%len(terms)]
		r1 := []rune(t1)
		queries = append(queries, t1, string(r1[:min(2, len(r1))]), t1+" "+t2)
		if r1[0] >= '0' && r1[0] <= '9' {
			queries = append(queries, string(r1[:1]))
		}
	}
	q, _ := json.Marshal(queries)
	answers := map[string]string{}
	for name, site := range sites {
		if err := chromedp.Do(ctx, chromedp.Navigate(fileURL(filepath.Join(site, "search.html")))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
			const out = [];
			for (const q of `+string(q)+`) {
				const r = await new Promise(ok => smsgenSearchAsync(q, ok));
				out.push(q + " => " + r.map(x => x[0] + ":" + x[1]).join(" "));
			}
			return out.join("\n");
		})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		answers[name] = got
	}
	if answers["whole"] != answers["bucketed"] {
		a, b := strings.Split(answers["whole"], "\n"), strings.Split(answers["bucketed"], "\n")
		for i := range a {
			if i < len(b) && a[i] != b[i] {
				t.Errorf("whole index:    %.200s\nbucketed index: %.200s", a[i], b[i])
			}
		}
	}
	if n := strings.Count(answers["whole"], ":"); n < 200 {
		t.Errorf("the queries found only %d results in all", n)
	}
	// search.js buckets the terms as the generator does
	sample := []string{"a", "é", "日本語", "𝔘nicode", "x1"}
	for i := 0; i < len(terms); i += max(1, len(terms)/200) {
		sample = append(sample, terms[i])
	}
	js, _ := json.Marshal(sample)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](string(js)+`.map(t => smsgenTermBucket(t, `+strconv.Itoa(html.TermBuckets)+`))`))
	if err != nil || len(got) != len(sample) {
		t.Fatalf("buckets from search.js: %v %v", got, err)
	}
	for i, term := range sample {
		if want := html.TermBucket(term); got[i] != want {
			t.Errorf("search.js puts %q in bucket %d, the generator in %d", term, got[i], want)
		}
	}
	// the search page of the bucketed site shows the results of the query in its address
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(filepath.Join(sites["bucketed"], "search.html"))+"?q=keamanan+informasi"),
		chromedp.WaitVisible(chromedp.CSS("#search-results li a")),
	); err != nil {
		t.Fatal(err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-status")))
	if !strings.HasSuffix(status, " hasil") {
		t.Errorf("the search page says %q", status)
	}
	w.check(t)
}
