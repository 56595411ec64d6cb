package html_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// exampleRoot is the repository root, which is the example site.
const exampleRoot = "../../.."

// readTxtar reads a txtar archive ("-- name --" lines start files).
func readTxtar(t testing.TB, file string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var name string
	var buf strings.Builder
	flush := func() {
		if name != "" {
			out[name] = buf.String()
		}
		buf.Reset()
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		l := strings.TrimRight(line, "\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			name = strings.TrimSpace(l[3 : len(l)-3])
			continue
		}
		if name != "" {
			buf.WriteString(line)
		}
	}
	flush()
	return out
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// renderSite validates root and renders the HTML outputs into a new folder
// (even when validation found errors: the renderer must be safe on any input).
func renderSite(t testing.TB, root, maxClass string) (string, *pipeline.Result) {
	t.Helper()
	b := testutil.Build(t, root, testutil.BuildOptions{MaxClass: maxClass, AllowErrors: true,
		Renderers: map[string]output.Renderer{"html": html.Renderer{}}})
	return b.Out, b.Result
}

func smallSite(t testing.TB) string {
	dir := t.TempDir()
	writeFiles(t, dir, readTxtar(t, "testdata/small.txtar"))
	return dir
}

var (
	attrRe    = regexp.MustCompile(`(?i)\s(href|src|action|srcset|poster|data)\s*=\s*"([^"]*)"`)
	tagRe     = regexp.MustCompile(`(?is)<([a-z][a-z0-9-]*)\b([^>]*)>`)
	handlerRe = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	scriptRe  = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	styleAttr = regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=`)
	idRe      = regexp.MustCompile(`<[a-zA-Z][^>]*\sid="([^"]*)"`)
)

// checkDiscipline walks every page of site and checks the offline rules:
// every local href/src names an existing file inside the site (never a
// folder, never an absolute path), no resource comes from outside, no inline
// event handler, no inline or module script, no network API in scripts; a
// link to a record (a page of registers/ with a fragment) names an anchor of
// its page, and no page has an id twice.
func checkDiscipline(t *testing.T, site string) {
	t.Helper()
	pages := 0
	ids := map[string]map[string]bool{} // page -> its ids
	idsOf := func(rel string) map[string]bool {
		if m, ok := ids[rel]; ok {
			return m
		}
		m := map[string]bool{}
		for _, id := range idRe.FindAllStringSubmatch(testutil.ReadFile(t, filepath.Join(site, filepath.FromSlash(rel))), -1) {
			if m[id[1]] {
				t.Errorf("%s: id %q twice", rel, id[1])
			}
			m[id[1]] = true
		}
		ids[rel] = m
		return m
	}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		switch path.Ext(p) {
		case ".js":
			src := testutil.ReadFile(t, p)
			for _, bad := range []string{"fetch(", "XMLHttpRequest", "Worker(", "import(", "serviceWorker", "eval(", "innerHTML", "document.write"} {
				if strings.Contains(src, bad) {
					t.Errorf("%s: uses %s", rel, bad)
				}
			}
			return nil
		case ".html":
		default:
			return nil
		}
		pages++
		src := testutil.ReadFile(t, p)
		if m := handlerRe.FindString(src); m != "" && tagHasHandler(src) {
			t.Errorf("%s: inline event handler %q", rel, m)
		}
		if styleAttr.MatchString(src) {
			t.Errorf("%s: inline style attribute", rel)
		}
		standalone := rel == "continuity-pack.html"
		for _, m := range scriptRe.FindAllStringSubmatch(src, -1) {
			if standalone {
				t.Errorf("%s: the continuity pack must work without scripts", rel)
			}
			if strings.Contains(strings.ToLower(m[1]), "module") {
				t.Errorf("%s: module script", rel)
			}
			if strings.TrimSpace(m[2]) != "" || !strings.Contains(m[1], "src=") {
				t.Errorf("%s: inline script", rel)
			}
		}
		for _, tm := range tagRe.FindAllStringSubmatch(src, -1) {
			tag := strings.ToLower(tm[1])
			for _, am := range attrRe.FindAllStringSubmatch(tm[2], -1) {
				attr, val := strings.ToLower(am[1]), strings.ReplaceAll(am[2], "&amp;", "&")
				lv := strings.ToLower(strings.TrimSpace(val))
				switch {
				case strings.HasPrefix(lv, "javascript:"), strings.HasPrefix(lv, "vbscript:"), strings.HasPrefix(lv, "data:") && tag != "img":
					t.Errorf("%s: unsafe %s=%q", rel, attr, val)
					continue
				case strings.HasPrefix(lv, "#"):
					if strings.HasPrefix(rel, "registers/") && tag == "a" && !idsOf(rel)[unescape(val[1:])] {
						t.Errorf("%s: %s=%q names no anchor of the page", rel, attr, val)
					}
					continue
				case tag == "a" && attr == "href" && (strings.HasPrefix(lv, "http://") || strings.HasPrefix(lv, "https://") ||
					strings.HasPrefix(lv, "mailto:") || strings.HasPrefix(lv, "tel:")):
					if standalone && (strings.HasPrefix(lv, "http")) {
						t.Errorf("%s: the continuity pack links outside: %q", rel, val)
					}
					continue
				case strings.Contains(lv, "://") || strings.HasPrefix(lv, "//"):
					t.Errorf("%s: external resource %s=%q on <%s>", rel, attr, val, tag)
					continue
				case strings.HasPrefix(val, "/"):
					t.Errorf("%s: absolute path %s=%q", rel, attr, val)
					continue
				}
				if standalone && !(tag == "a" && strings.HasPrefix(val, "#")) {
					t.Errorf("%s: the continuity pack refers to another file: %q", rel, val)
					continue
				}
				target := val
				if i := strings.IndexAny(target, "#?"); i >= 0 {
					target = target[:i]
				}
				if target == "" {
					continue
				}
				if strings.HasSuffix(target, "/") {
					t.Errorf("%s: link to a folder %q", rel, val)
					continue
				}
				full := path.Join(path.Dir(rel), unescape(target))
				if full == ".." || strings.HasPrefix(full, "../") {
					t.Errorf("%s: %q leaves the site", rel, val)
					continue
				}
				st, err := os.Stat(filepath.Join(site, filepath.FromSlash(full)))
				if err != nil || st.IsDir() {
					t.Errorf("%s: %s=%q does not name a file of the site", rel, attr, val)
					continue
				}
				if _, frag, ok := strings.Cut(val, "#"); ok && strings.HasPrefix(full, "registers/") && !idsOf(full)[unescape(frag)] {
					t.Errorf("%s: %s=%q names no anchor of %s", rel, attr, val, full)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatal("no pages")
	}
}

// tagHasHandler reports whether an on...= attribute sits inside a tag (not in text).
func tagHasHandler(src string) bool {
	for _, m := range tagRe.FindAllStringSubmatch(src, -1) {
		if handlerRe.MatchString(m[2]) {
			return true
		}
	}
	return false
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			var v byte
			ok := true
			for _, c := range []byte(s[i+1 : i+3]) {
				switch {
				case c >= '0' && c <= '9':
					v = v<<4 | (c - '0')
				case c >= 'a' && c <= 'f':
					v = v<<4 | (c - 'a' + 10)
				case c >= 'A' && c <= 'F':
					v = v<<4 | (c - 'A' + 10)
				default:
					ok = false
				}
			}
			if ok {
				b.WriteByte(v)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// zipMatchesSite checks that site.zip holds exactly the files of site/, sorted, with one fixed time.
func zipMatchesSite(t *testing.T, out string) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(out, "site.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(testutil.Today) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, testutil.Today)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.HasPrefix(f.Name, html.ZipTop) {
			t.Errorf("zip entry %s is not in the top folder %s", f.Name, html.ZipTop)
			continue
		}
		want, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(f.Name, html.ZipTop))))
		if err != nil {
			t.Errorf("zip entry %s has no file in the output", f.Name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("zip entry %s differs from the file", f.Name)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Error("zip entries are not sorted")
	}
	n := 0
	for _, dir := range []string{"site", "pdf", "xlsx"} { // the PDFs and workbooks too, beside the site
		_ = filepath.WalkDir(filepath.Join(out, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
	}
	if n != len(names) {
		t.Errorf("zip holds %d files, site/, pdf/ and xlsx/ %d", len(names), n)
	}
}

func TestExampleSite(t *testing.T) {
	out, res := renderSite(t, exampleRoot, "")
	if res.Errors() > 0 {
		t.Fatalf("the example site has %d errors", res.Errors())
	}
	site := filepath.Join(out, "site")
	checkDiscipline(t, site)
	zipMatchesSite(t, out)
	for _, f := range []string{"index.html", "documents.html", "registers.html", "coverage.html", "findings.html",
		"search.html", "continuity-pack.html", "assets/search-index.js", "assets/site.js", "assets/search.js", "assets/style.css"} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if testutil.ReadFile(t, filepath.Join(out, "continuity-pack.html")) != testutil.ReadFile(t, filepath.Join(site, "continuity-pack.html")) {
		t.Error("the continuity pack in site/ differs from output/continuity-pack.html")
	}
	// every document and every record has its page
	for _, d := range res.Site.Documents {
		if _, err := os.Stat(filepath.Join(site, "docs", d.DocID+".html")); err != nil {
			t.Errorf("no page for %s", d.DocID)
		}
	}
	for name, reg := range res.Site.Registers {
		for _, rec := range reg.Records {
			if _, err := os.Stat(filepath.Join(site, "registers", name, rec.ID+".html")); err != nil {
				t.Errorf("no page for %s/%s", name, rec.ID)
			}
		}
	}
	// every page shows its classification, and no label is missing
	_ = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		s := testutil.ReadFile(t, p)
		if !strings.Contains(s, "Klasifikasi") {
			t.Errorf("%s shows no classification", p)
		}
		if strings.Contains(s, "??") || strings.Contains(s, "ZgotmplZ") {
			t.Errorf("%s has a missing label or a filtered value", p)
		}
		return nil
	})
	// the SOP flowchart uses only the five symbols
	sop := testutil.ReadFile(t, filepath.Join(site, "docs", "SOP-KAM-001.html"))
	for _, bad := range []string{"<circle", "<ellipse", "<image", "<foreignObject"} {
		if strings.Contains(sop, bad) {
			t.Errorf("SOP chart uses %s", bad)
		}
	}
	for _, want := range []string{`class="term"`, `class="proc"`, `class="dec"`, `class="conn"`, "Mutu Baku", "Total waktu jalur utama"} {
		if !strings.Contains(sop, want) {
			t.Errorf("SOP page lacks %s", want)
		}
	}
	rfc := testutil.ReadFile(t, filepath.Join(site, "registers", "changes", "RFC-2026-001.html"))
	for _, want := range []string{"FORMULIR PERMINTAAN SISTEM INFORMASI", "Diajukan oleh", "Disetujui oleh", "Diketahui oleh", "Diterima oleh", "☒"} {
		if !strings.Contains(rfc, want) {
			t.Errorf("RFC form lacks %q", want)
		}
	}
	// the example site's layouts/footer.html overrides the built-in footer
	if !strings.Contains(testutil.ReadFile(t, filepath.Join(site, "index.html")), `class="site-footer custom"`) {
		t.Error("layouts/footer.html of the example site is not used")
	}
}

func TestSmallSitePages(t *testing.T) {
	out, res := renderSite(t, smallSite(t), "")
	if res.Errors() > 0 {
		t.Fatalf("small site: %v", res.Findings)
	}
	site := filepath.Join(out, "site")
	checkDiscipline(t, site)
	zipMatchesSite(t, out)
	keb := testutil.ReadFile(t, filepath.Join(site, "docs", "KEB-001.html"))
	for _, want := range []string{
		`href="../registers/services/SVC-01.html"`, `href="../registers/continuity/BCP-01.html"`,
		`href="PRO-001.html#langkah-langkah"`, `src="../files/kebijakan/gambar/bagan.png"`,
		`href="#ruang-lingkup"`, `href="https://example.go.id/" rel="noopener noreferrer"`,
	} {
		if !strings.Contains(keb, want) {
			t.Errorf("KEB-001 page lacks %s", want)
		}
	}
	if strings.Contains(keb, `class="draft-mark"`) {
		t.Error("approved document has a DRAFT mark")
	}
	if !strings.Contains(testutil.ReadFile(t, filepath.Join(site, "docs", "PRO-001.html")), `class="draft-mark"`) {
		t.Error("draft document lacks the DRAFT mark")
	}
	if got := testutil.ReadFile(t, filepath.Join(site, "files", "kebijakan", "gambar", "bagan.png")); got != "\x89PNG\r\n\x1a\nPNG-not-really-but-bytes\n" {
		t.Errorf("image not copied: %q", got)
	}
	svc := testutil.ReadFile(t, filepath.Join(site, "registers", "services", "SVC-01.html"))
	if !strings.Contains(svc, "Layanan Surel &lt;Dinas&gt;") || strings.Contains(svc, "<Dinas>") {
		t.Error("register value not escaped")
	}
	if !strings.Contains(testutil.ReadFile(t, filepath.Join(site, "assets", "search-index.js")), "zamrudkhatulistiwa") {
		t.Error("body text is not in the search index")
	}
	pack := testutil.ReadFile(t, filepath.Join(out, "continuity-pack.html"))
	for _, want := range []string{`href="tel:&#43;6281200000001"`, `href="mailto:budi@dinas.go.id"`, "Pulihkan dari cadangan.", "4 jam", "Ani Lestari"} {
		if !strings.Contains(pack, want) {
			t.Errorf("continuity pack lacks %s", want)
		}
	}
	// the layout override of the small site
	if !strings.Contains(testutil.ReadFile(t, filepath.Join(site, "index.html")), "<p>Dinas Uji · 21 November 2026") {
		t.Error("layouts/footer.html not applied")
	}
	for _, g := range []string{"docs/PRO-001.html", "registers/changes/RFC-001.html", "registers/contacts/index.html"} {
		golden(t, filepath.Join(site, filepath.FromSlash(g)), "testdata/"+strings.ReplaceAll(g, "/", "_")+".golden")
	}
}

func golden(t *testing.T, file, gold string) {
	t.Helper()
	got := testutil.ReadFile(t, file)
	if *update {
		if err := os.WriteFile(gold, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(gold)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./internal/render/html -run %s -update rewrites it)", file, gold, t.Name())
	}
}

func TestEnglish(t *testing.T) {
	files := readTxtar(t, "testdata/small.txtar")
	files["smsgen.yaml"] = strings.Replace(files["smsgen.yaml"], "language: id", "language: en", 1)
	dir := t.TempDir()
	writeFiles(t, dir, files)
	out, _ := renderSite(t, dir, "")
	s := testutil.ReadFile(t, filepath.Join(out, "site", "documents.html"))
	for _, want := range []string{`<html lang="en">`, "Document index", "Skip to content", "Policy"} {
		if !strings.Contains(s, want) {
			t.Errorf("English index lacks %q", want)
		}
	}
	if strings.Contains(s, "Daftar Dokumen") {
		t.Error("Indonesian label in an English site")
	}
}

// TestHostile renders a site full of hostile input (it has validation errors,
// so the CLI would stop; the renderer must still be safe) with the build
// limited to internal: nothing confidential may reach any output.
func TestHostile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, readTxtar(t, "testdata/hostile.txtar"))
	out, _ := renderSite(t, dir, "internal")
	var all strings.Builder
	var findings strings.Builder
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if filepath.Base(p) == "findings.html" {
			findings.WriteString(testutil.ReadFile(t, p)) // messages quote the bad input as escaped text
			return nil
		}
		if strings.HasSuffix(p, ".zip") {
			zr, err := zip.OpenReader(p)
			if err != nil {
				return err
			}
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				all.Write(b)
			}
			zr.Close()
			return nil
		}
		all.WriteString(testutil.ReadFile(t, p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := all.String()
	// active markup only: the same words as escaped text are harmless
	for _, bad := range []string{"<script>alert", `="javascript:`, `="vbscript:`, `="data:`, "<img src=x onerror", `<img src="x"`,
		`etc/passwd"`, "RAHASIA-001", "kodenuklir", "<iframe", "<b>tebal</b>", "evil.example/x.png"} {
		if strings.Contains(s, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	for _, secret := range []string{"RAHASIA-001", "kodenuklir", "<script>"} {
		if strings.Contains(findings.String(), secret) {
			t.Errorf("findings page shows %q", secret)
		}
	}
	checkDiscipline(t, filepath.Join(out, "site"))
	doc := testutil.ReadFile(t, filepath.Join(out, "site", "docs", "KEB-666.html"))
	if !strings.Contains(doc, "klik saya") {
		t.Error("the text of a neutralised link is lost")
	}
	if !strings.Contains(testutil.ReadFile(t, filepath.Join(out, "site", "registers", "services", "SVC-01.html")), "&lt;script&gt;") {
		t.Error("register value not escaped")
	}
}

func TestReproducible(t *testing.T) {
	a, _ := renderSite(t, exampleRoot, "")
	b, _ := renderSite(t, exampleRoot, "")
	count := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		other, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			t.Errorf("%s only in the first build", rel)
			return nil
		}
		if !bytes.Equal(other, []byte(testutil.ReadFile(t, p))) {
			t.Errorf("%s differs between two builds", rel)
		}
		count++
		return nil
	})
	if err != nil || count == 0 {
		t.Fatal(err, count)
	}
}

// TestRegisterPaging: a register larger than one page is split, every page
// holds at most RowsPerPage rows, and every record is linked from exactly one
// page; its records are on chunk pages (more than names.GroupAbove), each
// link naming its record's anchor there.
func TestRegisterPaging(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 3, Rows: 2345, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	out, res := renderSite(t, dir, "")
	reg := res.Site.Registers["incidents"]
	if reg == nil || len(reg.Records) != 2345 {
		t.Fatalf("synthetic incidents: %v", reg)
	}
	seen := map[string]int{}
	rowRe := regexp.MustCompile(`<tr(?: class="[^"]*")?><td><a href="(records-[0-9]+\.html)#rec-([^"/]+)">`)
	chunks := map[string]string{}
	for p := 1; p <= 3; p++ {
		name := "index.html"
		if p > 1 {
			name = "index-" + string(rune('0'+p)) + ".html"
		}
		s := testutil.ReadFile(t, filepath.Join(out, "site", "registers", "incidents", name))
		rows := rowRe.FindAllStringSubmatch(s, -1)
		if len(rows) > html.RowsPerPage || len(rows) == 0 {
			t.Errorf("%s: %d rows", name, len(rows))
		}
		for _, m := range rows {
			seen[m[2]]++
			if chunks[m[1]] == "" {
				chunks[m[1]] = testutil.ReadFile(t, filepath.Join(out, "site", "registers", "incidents", m[1]))
			}
			if !strings.Contains(chunks[m[1]], `<article class="record" id="rec-`+m[2]+`">`) {
				t.Errorf("%s: no anchor rec-%s", m[1], m[2])
			}
		}
	}
	if len(chunks) != (2345+names.ChunkSize-1)/names.ChunkSize {
		t.Errorf("%d chunk pages linked for 2,345 records", len(chunks))
	}
	if _, err := os.Stat(filepath.Join(out, "site", "registers", "incidents", "index-4.html")); err == nil {
		t.Error("a fourth page for 2,345 rows")
	}
	for _, rec := range reg.Records {
		if seen[rec.ID] != 1 {
			t.Errorf("%s linked from %d pages", rec.ID, seen[rec.ID])
		}
	}
}

func TestLayoutOverrideErrors(t *testing.T) {
	for name, tc := range map[string]struct{ file, body, want string }{
		"unknown": {"layouts/nope.html", "x", "layouts/nope.html"},
		"syntax":  {"layouts/footer.html", "{{if}}", "layouts/footer.html"},
	} {
		t.Run(name, func(t *testing.T) {
			files := readTxtar(t, "testdata/small.txtar")
			files[tc.file] = tc.body
			dir := t.TempDir()
			writeFiles(t, dir, files)
			res, err := pipeline.Run(pipeline.Options{Root: dir, Today: testutil.Today})
			if err != nil {
				t.Fatal(err)
			}
			var c diag.Collector
			ctx := output.Context{Site: res.Site, Lang: res.Lang, Today: testutil.Today, Report: &i18n.Reporter{C: &c}}
			err = output.Run(ctx, output.Options{Out: filepath.Join(dir, "output"), Renderers: map[string]output.Renderer{"html": html.Renderer{}}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %s", err, tc.want)
			}
		})
	}
}

func TestTemplateNames(t *testing.T) {
	names := html.Names()
	for _, want := range []string{"layout.html", "header.html", "footer.html", "document.html", "continuity-pack.html"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("no built-in template %s", want)
		}
	}
}

// TestRegisterManyPages: a register of more than 12 table pages folds its
// page links (a numbered list under "Halaman N dari M") and the PDF volumes
// after the first under the buttons, so that neither pushes the table off a
// phone's screen; every page link leads to its page.
func TestRegisterManyPages(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 1, Rows: 13 * html.RowsPerPage, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	out, _ := renderSite(t, dir, "")
	regDir := filepath.Join(out, "site", "registers", "incidents")
	page := testutil.ReadFile(t, filepath.Join(regDir, "index-2.html"))
	nav := regexp.MustCompile(`(?s)<nav class="pager pager-many"[^>]*><details><summary>Halaman 2 dari 13</summary>(.*?)</details></nav>`).FindStringSubmatch(page)
	if nav == nil {
		t.Fatal("index-2.html: no folded page list saying Halaman 2 dari 13")
	}
	links := regexp.MustCompile(`href="([^"]+)"`).FindAllStringSubmatch(nav[1], -1)
	if len(links) != 13 {
		t.Fatalf("the folded page list links %d pages, want 13", len(links))
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(regDir, l[1])); err != nil {
			t.Errorf("page link %s: %v", l[1], err)
		}
	}
	if !strings.Contains(nav[1], `href="index-2.html" title="1001–2000" aria-current="page"`) {
		t.Error("the current page is not marked in the folded list")
	}

	// a register of more pages than are all listed: each page links a few
	// (here, with at most 5 listed, page 7 of 13: 1 … 4–10 … 13), the gaps
	// shown, the current page marked
	defer html.SetMaxListedPages(5)()
	out, _ = renderSite(t, dir, "")
	regDir = filepath.Join(out, "site", "registers", "incidents")
	page = testutil.ReadFile(t, filepath.Join(regDir, "index-7.html"))
	nav = regexp.MustCompile(`(?s)<nav class="pager pager-many"[^>]*><details><summary>Halaman 7 dari 13</summary><ul>(.*?)</ul></details></nav>`).FindStringSubmatch(page)
	if nav == nil {
		t.Fatal("index-7.html: no folded page list saying Halaman 7 dari 13")
	}
	items := regexp.MustCompile(`<li[^>]*>(?:<a href="([^"]+)"[^>]*>(\d+)</a>|…)</li>`).FindAllStringSubmatch(nav[1], -1)
	var shown []string
	for _, it := range items {
		if it[1] == "" {
			shown = append(shown, "…")
			continue
		}
		shown = append(shown, it[2])
		if _, err := os.Stat(filepath.Join(regDir, it[1])); err != nil {
			t.Errorf("page link %s: %v", it[1], err)
		}
	}
	if got := strings.Join(shown, " "); got != "1 … 4 5 6 7 8 9 10 … 13" {
		t.Errorf("page 7 of 13 links %q, want 1 … 4 5 6 7 8 9 10 … 13", got)
	}
	if !strings.Contains(nav[1], `href="index-7.html" title="6001–7000" aria-current="page">7<`) {
		t.Error("the current page is not marked in the shortened list")
	}
}
