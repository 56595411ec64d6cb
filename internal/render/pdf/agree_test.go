package pdf_test

import (
	stdhtml "html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/render/pdf"
	"github.com/smsgen/smsgen/internal/testutil"
)

// Agreement of the HTML site and the PDFs on what both show of an SOP (the
// main-path time, which steps are on which sheet) and of an RFC form (the
// fields in order, with their labels): both draw one resolved layout.

const sopFile = "content/sop/sop-penanganan-insiden-keamanan-informasi.md"

// buildBoth validates root and renders its HTML site and PDFs; it fails on a
// validation error (the variants must be valid sites).
func buildBoth(t *testing.T, root string) string {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == diag.Error {
			t.Fatalf("the site does not validate: %s:%d %s %s", f.File, f.Line, f.Code, f.Message)
		}
	}
	var c diag.Collector
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "test"}
	out := filepath.Join(t.TempDir(), "output")
	if err := output.Run(ctx, output.Options{Out: out, Only: []string{"html", "pdf"},
		Renderers: map[string]output.Renderer{"html": html.Renderer{}, "pdf": pdf.Renderer{}}}); err != nil {
		t.Fatalf("build: %v", err)
	}
	return out
}

// editSOP rewrites the example SOP of site with the replacements old → new.
func editSOP(t *testing.T, site string, repl ...string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(sopFile))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i+1 < len(repl); i += 2 {
		if !strings.Contains(s, repl[i]) {
			t.Fatalf("the example SOP no longer holds %q", repl[i])
		}
		s = strings.Replace(s, repl[i], repl[i+1], 1)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setEnglish makes site an English site.
func setEnglish(t *testing.T, site string) {
	t.Helper()
	p := filepath.Join(site, "smsgen.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "language: id", "language: en", 1)
	if s == string(b) {
		t.Fatal("the example settings no longer say language: id")
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	sheetCaption = regexp.MustCompile(`<caption>[^<]* (\d+) / (\d+)</caption>`)
	rowNum       = regexp.MustCompile(`<td class="num">(\d+)</td>`)
	htmlTotal    = regexp.MustCompile(`<p class="sop-total"><strong>[^<]*</strong> ([^<]*)</p>`)
	activityRe   = regexp.MustCompile(`(?m)^    - activity: (.*)$`)
	spaces       = regexp.MustCompile(`\s+`)
)

func norm(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// htmlSheets returns the step numbers of every sheet of the SOP page, and the total time.
func htmlSheets(t *testing.T, page string) ([][]int, string) {
	t.Helper()
	var sheets [][]int
	locs := sheetCaption.FindAllStringIndex(page, -1)
	for k, l := range locs {
		end := len(page)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		var nums []int
		for _, m := range rowNum.FindAllStringSubmatch(page[l[1]:end], -1) {
			n, _ := strconv.Atoi(m[1])
			nums = append(nums, n)
		}
		sheets = append(sheets, nums)
	}
	m := htmlTotal.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the SOP page shows no total time")
	}
	return sheets, stdhtml.UnescapeString(m[1])
}

// pdfSheets returns the step numbers on every procedure page of the SOP PDF
// (a step is on the page that shows its activity), and the page texts.
func pdfSheets(t *testing.T, file string, activities []string) ([][]int, string) {
	t.Helper()
	txt := pdftotext(t, file)
	pages := strings.Split(txt, "\f")
	var sheets [][]int
	for _, p := range pages {
		if !regexp.MustCompile(`(Lembar|Sheet) \d+ / \d+`).MatchString(p) {
			continue
		}
		flat := norm(p)
		var nums []int
		for i, a := range activities {
			// the activity's first three words: they stay on the cell's first line
			w := strings.Fields(a)
			if strings.Contains(flat, strings.Join(w[:min(3, len(w))], " ")) {
				nums = append(nums, i+1)
			}
		}
		sheets = append(sheets, nums)
	}
	return sheets, norm(txt)
}

func TestSOPAgreement(t *testing.T) {
	testutil.Tool(t, "pdftotext", "poppler-utils")
	var extra strings.Builder
	for i := 12; i <= 19; i++ {
		extra.WriteString("    - activity: Tambahan " + strconv.Itoa(i) + " melaksanakan langkah sesuai rencana\n" +
			"      actor: Koordinator Keamanan Informasi\n      kind: process\n      time: 1 jam\n      output: Hasil langkah\n")
	}
	const step6 = "      yes: 7\n      yes_label: disetujui\n      no: 4\n"
	const step10 = "      yes: 8\n      yes_label: masih ada\n"
	const step12 = "    - activity: Mengarsipkan laporan" // the end step
	for _, c := range []struct {
		name   string
		edit   []string
		sheets [][]int
		total  string
		en     bool // the site in English
	}{
		// the example: step 6 goes back to 4 when refused, step 10's yes exit goes back to 8
		{"example", nil, [][]int{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, "4 hari 19 jam 20 menit", false},
		// a decision with a forward yes (6 → 8) and its no to the next step (7)
		{"yes 8 no 7", []string{step6, "      yes: 8\n      yes_label: disetujui\n      no: 7\n"},
			[][]int{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, "4 hari 18 jam 50 menit", false},
		// a yes exit that jumps backward across the sheet break (10 → 2)
		{"yes back across sheets", []string{step10, "      yes: 2\n      yes_label: masih ada\n"},
			[][]int{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, "4 hari 19 jam 20 menit", false},
		// long enough for three sheets: eight steps inserted before the end step
		{"three sheets", []string{step12, extra.String() + step12},
			[][]int{{1, 2, 3, 4, 5, 6, 7}, {8, 9, 10, 11, 12, 13, 14}, {15, 16, 17, 18, 19, 20}}, "5 hari 3 jam 20 menit", false},
		// the example in English: the units come from the label catalogue
		{"english", nil, [][]int{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, "4 days 19 hours 20 minutes", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := testutil.ExampleSite(t)
			if c.edit != nil {
				editSOP(t, site, c.edit...)
			}
			label := "Total waktu jalur utama "
			if c.en {
				label = "Total time of the main path "
				setEnglish(t, site)
			}
			b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(sopFile)))
			if err != nil {
				t.Fatal(err)
			}
			var activities []string
			for _, m := range activityRe.FindAllStringSubmatch(string(b), -1) {
				activities = append(activities, m[1])
			}
			out := buildBoth(t, site)
			page, err := os.ReadFile(filepath.Join(out, "site", "docs", "SOP-KAM-001.html"))
			if err != nil {
				t.Fatal(err)
			}
			hs, htotal := htmlSheets(t, string(page))
			ps, ptext := pdfSheets(t, filepath.Join(out, "pdf", "docs", "SOP-KAM-001.pdf"), activities)
			if !reflect.DeepEqual(hs, c.sheets) {
				t.Errorf("HTML sheets %v, want %v", hs, c.sheets)
			}
			if !reflect.DeepEqual(ps, hs) {
				t.Errorf("PDF pages %v, HTML sheets %v", ps, hs)
			}
			if htotal != c.total {
				t.Errorf("HTML total %q, want %q", htotal, c.total)
			}
			if !strings.Contains(ptext, label+htotal) {
				t.Errorf("the PDF does not show the HTML's total %q", htotal)
			}
		})
	}
}

var (
	rfcSection = regexp.MustCompile(`(?s)<section class="rfc-form".*?</section>`)
	rfcLabel   = regexp.MustCompile(`<legend>([^<]*?):?</legend>|<th scope="(?:row|col|colgroup)"[^>]*>([^<]*)</th>`)
)

func TestRFCFormAgreement(t *testing.T) {
	testutil.Tool(t, "pdftotext", "poppler-utils")
	for _, en := range []bool{false, true} {
		site := testutil.ExampleSite(t)
		if en {
			setEnglish(t, site)
		}
		rfcAgree(t, buildBoth(t, site))
	}
}

func rfcAgree(t *testing.T, out string) {
	t.Helper()
	for _, id := range []string{"RFC-2026-001", "RFC-2026-003", "RFC-2026-010"} {
		page, err := os.ReadFile(filepath.Join(out, "site", "registers", "changes", id+".html"))
		if err != nil {
			t.Fatal(err)
		}
		form := rfcSection.FindString(string(page))
		if form == "" {
			t.Fatalf("%s: no form on the record page", id)
		}
		var labels []string
		for _, m := range rfcLabel.FindAllStringSubmatch(form, -1) {
			labels = append(labels, norm(stdhtml.UnescapeString(m[1]+m[2])))
		}
		if len(labels) < 15 {
			t.Fatalf("%s: only %d labels on the HTML form: %q", id, len(labels), labels)
		}
		// the PDF shows the same labels in the same order
		txt := norm(pdftotext(t, filepath.Join(out, "pdf", "forms", "changes", id+".pdf")))
		at := 0
		for _, l := range labels {
			k := strings.Index(txt[at:], l)
			if k < 0 {
				t.Errorf("%s: the PDF lacks %q after %q (HTML order %q)", id, l, txt[max(0, at-40):at], labels)
				break
			}
			at += k + len(l)
		}
	}
}
