package cli

import (
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/testutil"
)

// namesSite holds sources whose ids would share one file name: documents
// A:B and A_B, records RFC:2026:001 and RFC_2026_001, a document CON, ids
// differing in case only, and links between all of them.
var namesSite = namesDoc("a-slash-b", "A:B", "Slash",
	"See [underscore](doc:A_B), [con](doc:CON), [form](reg:changes/RFC:2026:001) and [other](reg:changes/RFC_2026_001).") +
	namesDoc("a-underscore-b", "A_B", "Underscore", "See [slash](doc:A:B) and [lower](doc:a_b).") +
	namesDoc("lower", "a_b", "Lower", "See [upper](doc:A_B).") +
	namesDoc("con", "CON", "Device", "See [slash](doc:A:B).") + `
-- registers/services.csv --
id,name,description,intended_outcome,owner,criticality,status
SVC-1,N,D,I,O,high,live
` + namesChange("colon", `"RFC:2026:001"`, "Colon") + namesChange("underscore", "RFC_2026_001", "Underscore") +
	namesChange("index", "index", "Index")

// namesDoc is the txtar entry of content/FILE.md, a draft policy.
func namesDoc(file, id, title, body string) string {
	return `
-- content/` + file + `.md --
---
doc_id: ` + id + `
title: ` + title + `
doc_type: policy
version: "1.0"
status: draft
owner: O
next_review: 2027-01-01
classification: internal
---
# ` + title + `

` + body + `
`
}

// namesChange is the txtar entry of registers/changes/FILE.yaml, a new change
// request (id as written in YAML).
func namesChange(file, id, title string) string {
	return `-- registers/changes/` + file + `.yaml --
id: ` + id + `
title: ` + title + `
request_kind: fix
change_type: standard
requested_by: A
unit: U
requested_at: 2026-01-01
service: SVC-1
description: D
reason: R
status: new
`
}

// outputFiles lists the files below out (slash paths), sorted.
func outputFiles(t *testing.T, out string) []string {
	t.Helper()
	var files []string
	err := filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if rel != "." && !info.IsDir() {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

func TestOutputNames(t *testing.T) {
	root := testutil.Site(t, namesSite)
	today := "--today=2026-11-21"
	if code, out, errs := runMain("validate", "--root", root, today); code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	build := func(out string) []string {
		t.Helper()
		if code, o, errs := runMain("build", "--root", root, "--out", out, today); code != 0 {
			t.Fatalf("build: exit %d\n%s%s", code, o, errs)
		}
		return outputFiles(t, out)
	}
	out := filepath.Join(t.TempDir(), "output")
	files := build(out)

	// every name portable, and unique in its folder also case-insensitively
	dirs := map[string]bool{}
	seen := map[string]string{}
	for _, f := range files {
		for _, seg := range strings.Split(f, "/") {
			if !names.Portable(seg) {
				t.Errorf("%s: %q is not a portable file name", f, seg)
			}
		}
		if other, dup := seen[strings.ToLower(f)]; dup {
			t.Errorf("%s and %s differ in case only", f, other)
		}
		seen[strings.ToLower(f)] = f
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for d := range dirs {
		if other, dup := seen[strings.ToLower(d)]; dup && other != d {
			t.Errorf("folder %s and %s differ in case only", d, other)
		}
	}

	// one PDF and one page per document, one form and one page per record
	count := func(prefix, ext string) int {
		n := 0
		for _, f := range files {
			if strings.HasPrefix(f, prefix) && strings.HasSuffix(f, ext) && !strings.Contains(f[len(prefix):], "/") {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		prefix, ext string
		want        int
	}{
		{"pdf/docs/", ".pdf", 4}, {"site/docs/", ".html", 4},
		{"pdf/forms/changes/", ".pdf", 3}, {"site/registers/changes/", ".html", 4}, // 3 records + index.html
		{"xlsx/", ".xlsx", 3}, // changes.xlsx, services.xlsx + registers.xlsx
	} {
		if got := count(c.prefix, c.ext); got != c.want {
			t.Errorf("%s*%s: %d files, want %d\n%s", c.prefix, c.ext, got, c.want, strings.Join(files, "\n"))
		}
	}
	// the PDFs are the documents' own, not one written twice
	for _, f := range files {
		if strings.HasPrefix(f, "pdf/docs/") {
			b, _ := os.ReadFile(filepath.Join(out, f))
			for _, other := range files {
				if other != f && strings.HasPrefix(other, "pdf/docs/") {
					if o, _ := os.ReadFile(filepath.Join(out, other)); string(o) == string(b) {
						t.Errorf("%s and %s are the same PDF", f, other)
					}
				}
			}
		}
	}
	// ids that are their own safe name keep it
	for _, f := range []string{"site/docs/A_B.html", "site/docs/a_b.html", "pdf/docs/A_B.pdf", "pdf/docs/a_b.pdf",
		"site/registers/changes/RFC_2026_001.html", "pdf/forms/changes/RFC_2026_001.pdf", "site/registers/changes/index.html"} {
		if _, ok := seen[strings.ToLower(f)]; !ok {
			t.Errorf("%s missing", f)
		}
	}
	// case-insensitively unique: A_B and a_b cannot both keep their names
	if _, ok := seen["site/docs/a_b.html"]; ok {
		if _, both := seen["site/docs/A_B.html"]; both {
			t.Error("A_B.html and a_b.html written side by side: one file on a case-insensitive disk")
		}
	}

	// every link of every page resolves to a file of the site
	site := filepath.Join(out, "site")
	for _, f := range files {
		if !strings.HasPrefix(f, "site/") || !strings.HasSuffix(f, ".html") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkAttr.FindAllStringSubmatch(string(b), -1) {
			ref := html.UnescapeString(m[1])
			if ref == "" || strings.HasPrefix(ref, "#") || strings.Contains(ref, ":") {
				continue // same page, or a scheme (http:, mailto:, tel:, data:)
			}
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: unparsable link %q", f, ref)
				continue
			}
			target := path.Join(path.Dir(strings.TrimPrefix(f, "site/")), u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/index.html"
			}
			if st, err := os.Stat(filepath.Join(site, filepath.FromSlash(target))); err != nil || st.IsDir() {
				t.Errorf("%s: link %q does not resolve (%s)", f, ref, target)
			}
		}
	}
	// the page of A:B links to the pages of A_B, CON and both records
	slashPage := ""
	for _, f := range files {
		if strings.HasPrefix(f, "site/docs/A_B-") {
			slashPage = f
		}
	}
	if slashPage == "" {
		t.Fatalf("no page of A:B under site/docs/A_B-*.html:\n%s", strings.Join(files, "\n"))
	}
	b, _ := os.ReadFile(filepath.Join(out, slashPage))
	for _, want := range []string{`href="A_B.html"`, `href="_CON-`, `href="../registers/changes/RFC_2026_001.html"`, `href="../registers/changes/RFC_2026_001-`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: no link %s", slashPage, want)
		}
	}
	// the PDF of A_B links to the PDF of A/B by the same name its page has
	pdfName := strings.TrimSuffix(path.Base(slashPage), ".html") + ".pdf"
	if _, ok := seen[strings.ToLower("pdf/docs/"+pdfName)]; !ok {
		t.Errorf("the page is %s but there is no pdf/docs/%s", slashPage, pdfName)
	}
	if p, _ := os.ReadFile(filepath.Join(out, "pdf/docs/A_B.pdf")); !strings.Contains(string(p), "("+pdfName+")") {
		t.Errorf("pdf/docs/A_B.pdf does not link to %s", pdfName)
	}

	// the same names in a second build, and in a build into another folder
	if again := build(out); strings.Join(again, "\n") != strings.Join(files, "\n") {
		t.Errorf("second build, other names:\n%s\nvs\n%s", strings.Join(again, "\n"), strings.Join(files, "\n"))
	}
	if other := build(filepath.Join(t.TempDir(), "output")); strings.Join(other, "\n") != strings.Join(files, "\n") {
		t.Errorf("build into another folder, other names:\n%s\nvs\n%s", strings.Join(other, "\n"), strings.Join(files, "\n"))
	}
}
