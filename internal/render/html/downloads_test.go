package html_test

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/cli"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

var downloadRe = regexp.MustCompile(`<a class="dl dl-(pdf|xlsx)" href="([^"]+)"`)

// downloads maps each page of the site below dir (slash path below site/)
// to the download links it shows.
func downloads(t *testing.T, site string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		for _, m := range downloadRe.FindAllStringSubmatch(string(b), -1) {
			out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], m[2])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkDownloads checks that every page of the kinds that link their files
// does, and that every link leads to a file.
func checkDownloads(t *testing.T, site string) {
	t.Helper()
	links := downloads(t, site)
	want := map[string]int{
		"docs/PRO-001.html":                     1, // its PDF
		"registers/changes/index.html":          2, // PDF and workbook
		"registers/services/index.html":         2,
		"registers/changes/RFC-001.html":        1, // the request form
		"registers/services/SVC-01.html":        0, // no form
		"index.html":                            0,
		"registers/contacts/index.html":         2,
		"registers/continuity/BCP-01.html":      0,
		"docs/KEB-001.html":                     1,
		"registers/continuity/index.html":       2,
		"registers/continuity_tests/index.html": 2,
	}
	for page, n := range want {
		if got := len(links[page]); got != n {
			t.Errorf("%s: %d download links %v, want %d", page, got, links[page], n)
		}
	}
	for page, ls := range links {
		for _, l := range ls {
			if strings.Contains(l, "://") || strings.HasPrefix(l, "/") {
				t.Errorf("%s: link %s is not relative", page, l)
			}
			target := filepath.Join(site, filepath.FromSlash(page), "..", filepath.FromSlash(l))
			if st, err := os.Stat(target); err != nil || st.Size() == 0 {
				t.Errorf("%s: link %s leads to no file (%v)", page, l, err)
			}
		}
	}
}

func cliBuild(t *testing.T, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := cli.Main(append([]string{"build", "--today", "2026-11-21"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("build %v: exit %d: %s", args, code, stderr.String())
	}
}

// TestDownloadLinks: document, register and RFC record pages link their
// PDFs and workbooks by the allocated names, relative, from the output
// folder and from the unzipped site.zip; a build of the HTML alone links
// only the files the output keeps.
func TestDownloadLinks(t *testing.T) {
	root := smallSite(t)
	out := filepath.Join(t.TempDir(), "output")

	// the HTML alone, into an empty output: nothing to link
	cliBuild(t, "--root", root, "--out", out, "--only", "html")
	if l := downloads(t, filepath.Join(out, "site")); len(l) > 0 {
		t.Errorf("a build without PDFs or workbooks links %v", l)
	}

	// everything: every page links its files, and they are there
	cliBuild(t, "--root", root, "--out", out)
	checkDownloads(t, filepath.Join(out, "site"))
	zipMatchesSite(t, out) // site.zip holds pdf/ and xlsx/ too

	// unzipped anywhere, the links of the zip lead to its files
	unz := t.TempDir()
	unzip(t, filepath.Join(out, "site.zip"), unz)
	checkDownloads(t, filepath.Join(unz, strings.TrimSuffix(html.ZipTop, "/"), "site"))

	// the HTML alone again: the PDFs and workbooks kept from the last build are linked
	cliBuild(t, "--root", root, "--out", out, "--only", "html")
	checkDownloads(t, filepath.Join(out, "site"))
	zipMatchesSite(t, out)
}

func unzip(t *testing.T, file, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Fatalf("zip entry %s", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRegisterFiltersPaged: on a register of more than one page, the
// filters offer the values of the page's rows and say that they filter
// this page.
func TestRegisterFiltersPaged(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Docs: 2, Rows: html.RowsPerPage + 1, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	out, _ := renderSite(t, root, "")
	p1 := testutil.ReadFile(t, filepath.Join(out, "site", "registers", "incidents", "index.html"))
	p2 := testutil.ReadFile(t, filepath.Join(out, "site", "registers", "incidents", "index-2.html"))
	if !strings.Contains(p1, `class="muted f-scope"`) || !strings.Contains(p1, "1–1000") {
		t.Error("page 1 does not say that its filters apply to its rows 1–1000")
	}
	if !strings.Contains(p2, "1001–1001") {
		t.Error("page 2 does not say that its filters apply to its row 1001")
	}
	// page 2 holds one row: each filter offers its one value (or the empty one)
	sel := regexp.MustCompile(`(?s)<select id="(fc-[^"]+)" class="f-col" data-col="\d+">(.*?)</select>`)
	ms := sel.FindAllStringSubmatch(p2, -1)
	if len(ms) < 3 {
		t.Fatalf("page 2 has %d filters", len(ms))
	}
	for _, m := range ms {
		if n := strings.Count(m[2], "<option"); n != 2 {
			t.Errorf("%s offers %d options on a page of one row", m[1], n-1)
		}
	}
}

// TestDownloadLinksKeptInPart: a build of the HTML alone links exactly the
// files the output keeps, each looked up: a document whose PDF is gone from
// the kept pdf/ links none, the others keep theirs, and a register whose
// workbook is a symbolic link to nothing links only its PDF.
func TestDownloadLinksKeptInPart(t *testing.T) {
	root := smallSite(t)
	out := filepath.Join(t.TempDir(), "output")
	cliBuild(t, "--root", root, "--out", out)
	pro, err := filepath.Glob(filepath.Join(out, "pdf", "docs", "PRO-001*.pdf"))
	if err != nil || len(pro) != 1 {
		t.Fatalf("the PDF of PRO-001: %v %v", pro, err)
	}
	if err := os.Remove(pro[0]); err != nil {
		t.Fatal(err)
	}
	xl, err := filepath.Glob(filepath.Join(out, "xlsx", "contacts*.xlsx"))
	if err != nil || len(xl) != 1 {
		t.Fatalf("the workbook of contacts: %v %v", xl, err)
	}
	if err := os.Remove(xl[0]); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(out, "nowhere.xlsx"), xl[0]); err != nil {
		t.Fatal(err)
	}
	cliBuild(t, "--root", root, "--out", out, "--only", "html")
	links := downloads(t, filepath.Join(out, "site"))
	for page, n := range map[string]int{"docs/PRO-001.html": 0, "docs/KEB-001.html": 1,
		"registers/contacts/index.html": 1, "registers/services/index.html": 2} {
		if got := len(links[page]); got != n {
			t.Errorf("%s: %d download links %v, want %d", page, got, links[page], n)
		}
	}
}
