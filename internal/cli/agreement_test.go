package cli

// Agreement tests: every output shows the same resolved facts. The coverage
// of every framework requirement (covered/total, each requirement's status
// and why a gap is a gap) must be the same in the HTML coverage page and the
// PDF audit pack, and the PDFs must be in the language of the build (or of
// the document). The workbooks hold registers only and show no coverage.

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// covFramework is the coverage of one framework as an output shows it.
type covFramework struct {
	covered, total int
	ids            []string          // requirement ids in order
	status         map[string]string // id -> status label and, for a gap, why ("Celah tidak ada bukti")
}

var (
	htmlSectionRe = regexp.MustCompile(`<section aria-labelledby="fw-`)
	htmlLeadRe    = regexp.MustCompile(`<p class="lead">(\d+) / (\d+) `)
	htmlRowRe     = regexp.MustCompile(`(?s)<tr id="req-[^"]*" class="state-(\w+) depth-\d+">\s*<th scope="row"><span class="req-id">([^<]+)</span>.*?</tr>`)
	htmlStateRe   = regexp.MustCompile(`(?s)<td><(?:strong|span) class="(?:gap|sub|ok)">[✓✗↳] ([^<]+)</(?:strong|span)>(?: <span class="muted why">\(([^)]*)\)</span>)?</td>\s*</tr>`)
	agreeTagRe    = regexp.MustCompile(`<[^>]*>`)
)

// htmlCoverage reads the coverage page.
func htmlCoverage(t *testing.T, file string) []covFramework {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	parts := htmlSectionRe.Split(string(b), -1)[1:]
	if len(parts) == 0 {
		t.Fatalf("%s: no framework section", file)
	}
	var out []covFramework
	for _, p := range parts {
		m := htmlLeadRe.FindStringSubmatch(p)
		if m == nil {
			t.Fatalf("%s: no covered/total line in %.200s", file, p)
		}
		fw := covFramework{status: map[string]string{}}
		fw.covered, _ = strconv.Atoi(m[1])
		fw.total, _ = strconv.Atoi(m[2])
		for _, row := range htmlRowRe.FindAllStringSubmatch(p, -1) {
			id := strings.TrimSpace(row[2])
			st := htmlStateRe.FindStringSubmatch(row[0])
			if st == nil {
				t.Fatalf("%s: requirement %s: no status cell in %s", file, id, row[0])
			}
			s := strings.TrimSpace(st[1])
			if st[2] != "" {
				s += " " + st[2]
			}
			fw.ids = append(fw.ids, id)
			fw.status[id] = s
		}
		out = append(out, fw)
	}
	return out
}

// pdfCoverage reads the coverage matrix of the audit pack's text (pdftotext
// -layout), for the requirements the HTML page lists: the summary line of
// each framework, and per requirement the status column of its table row.
func pdfCoverage(t *testing.T, text, lang string, want []covFramework) []covFramework {
	t.Helper()
	sumRe := regexp.MustCompile(`(\d+) / (\d+) persyaratan tercakup · (\d+) celah`)
	if lang == "en" {
		sumRe = regexp.MustCompile(`(\d+) / (\d+) requirements covered · (\d+) gaps`)
	}
	lines := strings.Split(text, "\n")
	at := 0
	var out []covFramework
	for fi, w := range want {
		fw := covFramework{status: map[string]string{}}
		for ; at < len(lines); at++ {
			if m := sumRe.FindStringSubmatch(lines[at]); m != nil {
				fw.covered, _ = strconv.Atoi(m[1])
				fw.total, _ = strconv.Atoi(m[2])
				break
			}
		}
		if at == len(lines) {
			t.Fatalf("audit pack: no coverage summary for framework %d", fi+1)
		}
		for _, id := range w.ids {
			rowRe := regexp.MustCompile(`^\s{0,3}` + regexp.QuoteMeta(id) + `\s{2,}`)
			for at++; at < len(lines) && !rowRe.MatchString(lines[at]); at++ {
			}
			if at == len(lines) {
				t.Fatalf("audit pack: no table row for requirement %s", id)
			}
			fw.ids = append(fw.ids, id)
			fw.status[id] = statusColumn(lines[at:])
		}
		out = append(out, fw)
	}
	return out
}

// statusFirstWords are the first words of the status labels (the status
// column's first line starts with one of them).
var statusFirstWords = regexp.MustCompile(` (Tercakup|Celah|Melalui|Covered|Gap|Through)\b`)

// statusColumn joins the text of the last column of a table row laid out by
// pdftotext: the row's first line ends with it, its further lines continue it
// at the same position until the blank line after the row.
func statusColumn(lines []string) string {
	first := []rune(strings.TrimRight(lines[0], " "))
	var col int
	if ms := statusFirstWords.FindAllStringSubmatchIndex(string(first), -1); ms != nil {
		col = len([]rune(string(first)[:ms[len(ms)-1][2]]))
	} else {
		col = strings.LastIndex(string(first), "  ")
		col = len([]rune(string(first)[:col])) + 2
	}
	for col < len(first) && first[col] == ' ' {
		col++
	}
	s := string(first[col:])
	for _, l := range lines[1:] {
		r := []rune(strings.TrimRight(l, " "))
		if len(r) == 0 {
			break
		}
		if len(r) <= col || strings.TrimSpace(string(r[col-1:col])) != "" {
			continue // nothing in the status column on this line
		}
		piece := strings.TrimSpace(string(r[col:]))
		if strings.HasSuffix(s, "-") {
			s += piece
		} else {
			s += " " + piece
		}
	}
	return s
}

func pdfText(t *testing.T, file string) string {
	t.Helper()
	bin := testutil.Tool(t, "pdftotext", "poppler-utils")
	out, err := exec.Command(bin, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return string(out)
}

// buildAll builds every output of the site at root and returns the output folder.
func buildAll(t *testing.T, root string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "output")
	args = append([]string{"build", "--root", root, "--out", out, "--today", testutil.Today.Format("2006-01-02")}, args...)
	code, _, stderr := cliRun(t, args...)
	if code != 0 {
		t.Fatalf("smsgen %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return out
}

// sameCoverage asserts that the HTML page and the audit pack agree, and returns the HTML's.
func sameCoverage(t *testing.T, out, lang string) []covFramework {
	t.Helper()
	html := htmlCoverage(t, filepath.Join(out, "site", "coverage.html"))
	pdf := pdfCoverage(t, pdfText(t, filepath.Join(out, "pdf", "audit-pack.pdf")), lang, html)
	for i := range html {
		h, p := html[i], pdf[i]
		if h.covered != p.covered || h.total != p.total {
			t.Errorf("framework %d: coverage.html says %d/%d, audit-pack.pdf %d/%d", i+1, h.covered, h.total, p.covered, p.total)
		}
		if h.total != len(h.ids) {
			t.Errorf("framework %d: coverage.html counts %d requirements and lists %d", i+1, h.total, len(h.ids))
		}
		for _, id := range h.ids {
			if h.status[id] != p.status[id] {
				t.Errorf("requirement %s: coverage.html says %q, audit-pack.pdf %q", id, h.status[id], p.status[id])
			}
		}
	}
	return html
}

func statusOf(fws []covFramework, id string) string {
	for _, fw := range fws {
		if s, ok := fw.status[id]; ok {
			return s
		}
	}
	return "(not listed)"
}

func TestCoverageAgrees(t *testing.T) {
	testutil.Tool(t, "pdftotext", "poppler-utils")
	small := `-- smsgen.yaml --
organization: Kementerian Uji
unit: Pusdatin
frameworks: [iso20000]
-- content/kebijakan.md --
` + agreeDoc("KEB-001", "Kebijakan Insiden", "policy", "approved", "8.6.1", "") + `
-- content/draf.md --
` + agreeDoc("PRO-001", "Prosedur Kapasitas", "procedure", "draft", "8.4.3", "") + `
-- content/lama.md --
` + agreeDoc("PRO-002", "Prosedur Lama", "procedure", "obsolete", "8.2.1", "") + `
-- content/en.md --
` + agreeDoc("PRO-003", "Availability procedure", "procedure", "approved", "8.7.1", "language: en") + `
-- registers/suppliers.csv --
id,name,service_scope,contract_ref,contract_end,owner
`
	cases := []struct {
		name    string
		site    func(t *testing.T) string
		lang    string
		want    map[string]string // requirement -> status as shown
		covered []int             // covered per framework
	}{
		{name: "example", site: func(t *testing.T) string { return testutil.ExampleSite(t) }, lang: "id",
			// every requirement of both frameworks is evidenced by an approved, effective
			// document or a register with records; 8.4.3 by the capacity register only
			want: map[string]string{"8.4.3": "Tercakup", "8.2.1": "Tercakup", "7.5.3": "Tercakup",
				"4.1": "Tercakup", "8.4.1": "Tercakup", "D.3.a.9": "Tercakup"},
			covered: []int{77, 12}},
		{name: "example without capacity register", lang: "id",
			site: func(t *testing.T) string {
				dir := testutil.ExampleSite(t)
				testutil.Write(t, dir, "-- registers/capacity.csv --\n(deleted)\n")
				unlinkRecords(t, dir, "capacity")
				return dir
			},
			// the draft PRO-KAP-001 is the only evidence left of 8.4.3
			want: map[string]string{"8.4.3": "Celah hanya draf"}, covered: []int{76, 12}},
		{name: "example with empty capacity register", lang: "id",
			site: func(t *testing.T) string {
				dir := testutil.ExampleSite(t)
				b, err := os.ReadFile(filepath.Join(dir, "registers", "capacity.csv"))
				if err != nil {
					t.Fatal(err)
				}
				header, _, _ := strings.Cut(string(b), "\n")
				testutil.Write(t, dir, "-- registers/capacity.csv --\n"+header+"\n")
				unlinkRecords(t, dir, "capacity")
				return dir
			},
			want: map[string]string{"8.4.3": "Celah hanya draf"}, covered: []int{76, 12}},
		{name: "small site", lang: "id", site: func(t *testing.T) string { return testutil.Site(t, small) },
			want: map[string]string{"8.6.1": "Tercakup", "8.6": "Melalui sub-klausul", "8.4.3": "Celah hanya draf",
				"8.3.4": "Celah register kosong", "8.2.1": "Celah tidak ada bukti"}},
		{name: "small site in English", lang: "en", site: func(t *testing.T) string { return testutil.Site(t, small) },
			want: map[string]string{"8.6.1": "Covered", "8.6": "Through sub-clauses", "8.4.3": "Gap only drafts",
				"8.3.4": "Gap register empty", "8.2.1": "Gap no evidence"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var args []string
			if c.lang == "en" {
				args = []string{"--lang", "en"}
			}
			out := buildAll(t, c.site(t), args...)
			fws := sameCoverage(t, out, c.lang)
			for id, want := range c.want {
				if got := statusOf(fws, id); got != want {
					t.Errorf("requirement %s: %q, want %q", id, got, want)
				}
			}
			for i, n := range c.covered {
				if fws[i].covered != n {
					t.Errorf("framework %d: %d covered, want %d", i+1, fws[i].covered, n)
				}
			}
			page, err := os.ReadFile(filepath.Join(out, "site", "coverage.html"))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(page), "PRO-002") {
				t.Error("coverage.html lists the obsolete PRO-002")
			}
		})
	}
}

func agreeDoc(id, title, typ, status, clause, extra string) string {
	approval := "approved_by: Kepala Pusdatin\napproved_date: 2026-01-05\neffective_date: 2026-01-12\n"
	if status == "draft" {
		approval = ""
	}
	return fmt.Sprintf(`---
doc_id: %s
title: %s
doc_type: %s
version: "1.0"
status: %s
owner: Kabid Layanan
reviewed_by: Koordinator SMS
%snext_review: 2027-01-05
classification: internal
clauses: ["%s"]
%s
---
# %s

Isi.
`, id, title, typ, status, approval, clause, extra, title)
}

// TestPDFLanguage: the PDFs are in the language of the build (--lang, else
// the site's), a document with its own `language` in that language.
func TestPDFLanguage(t *testing.T) {
	testutil.Tool(t, "pdftotext", "poppler-utils")
	id := map[string]string{"page": "Halaman 1 dari", "control": "Pengendalian Dokumen", "pack": "Matriks Cakupan"}
	en := map[string]string{"page": "Page 1 of", "control": "Document control", "pack": "Coverage matrix"}
	site := testutil.ExampleSite(t)
	testutil.Write(t, site, "-- content/en.md --\n"+
		agreeDoc("PRO-EN-001", "Availability procedure", "procedure", "approved", "8.7.1", "language: en"))
	for _, c := range []struct {
		lang      string
		want, not map[string]string
		args      []string
	}{
		{lang: "id", want: id, not: en},
		{lang: "en", want: en, not: id, args: []string{"--lang", "en"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			out := buildAll(t, site, c.args...)
			check := func(file string, keys ...string) {
				text := pdfText(t, filepath.Join(out, "pdf", file))
				for _, k := range keys {
					if !strings.Contains(text, c.want[k]) {
						t.Errorf("%s: no %q", file, c.want[k])
					}
					if strings.Contains(text, c.not[k]) {
						t.Errorf("%s: %q of the other language", file, c.not[k])
					}
				}
			}
			check("audit-pack.pdf", "pack") // its pages of PRO-EN-001 are in English
			check("docs/KEB-SMS-001.pdf", "page", "control")
			check("registers/incidents.pdf", "page")
			// a document in English is English in either build
			text := pdfText(t, filepath.Join(out, "pdf", "docs", "PRO-EN-001.pdf"))
			if !strings.Contains(text, en["control"]) || strings.Contains(text, id["control"]) {
				t.Errorf("PRO-EN-001 (language: en) is not in English in the %s build", c.lang)
			}
		})
	}
}

// unlinkRecords turns the links of the site's documents to records of reg
// into plain text, as a site without those records would write them.
func unlinkRecords(t *testing.T, root, reg string) {
	t.Helper()
	link := regexp.MustCompile(`\[([^\]]*)\]\(reg:` + regexp.QuoteMeta(reg) + `(?:/[^)]*)?\)`)
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if out := link.ReplaceAll(b, []byte("$1")); !bytes.Equal(out, b) {
			return os.WriteFile(p, out, 0o644)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
