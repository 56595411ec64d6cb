package cli

// The UI labels of every output are in the build's language: the example site
// built in Indonesian (the default) and with --lang en holds no label text of
// the other language and no internal name (register or field keys) in its
// HTML pages, PDFs and workbooks (their header and summary cells). The
// document and record content is the user's text and is not checked.

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/smsgen/smsgen/internal/testutil"
	"github.com/xuri/excelize/v2"
)

// knownLeaks are texts that reached an output of the other language before:
// checked as substrings of the whole text (word-bounded).
var knownLeaks = map[string][]string{
	"id": {"DRAFT", "Sheet", "Register incidents", "(continuity_tests)", "Summary", "never tested", "Records", "Page"},
	"en": {"DRAF", "Lembar", "Ringkasan", "Halaman", "Klausul", "catatan", "Dicetak", "belum pernah diuji", "Tidak ada"},
}

// foreign is what must not appear in an output in one language.
type foreign struct {
	exact    map[string]string // text -> where it comes from (a label key, a schema label, an internal name)
	patterns []*regexp.Regexp  // counted labels of the other language
	keys     []string          // internal names, as "(name)" or "Register name"
	leaks    []*regexp.Regexp
}

// foreignTo collects the labels of the other language than lang that differ
// from every text of lang, and the internal names of the schemas.
func foreignTo(t *testing.T, lang string) *foreign {
	t.Helper()
	other := map[string]string{"id": "en", "en": "id"}[lang]
	pick := func(id, en, l string) string {
		if l == "en" {
			return en
		}
		return id
	}
	// every text of lang (labels and schema labels): a text that is also one of these is not foreign
	own := map[string]bool{}
	type cand struct{ text, from string }
	var cands []cand
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	choice := regexp.MustCompile(`\{([^{}|]*)\|([^{}|]*)\}`)
	for _, k := range i18n.LabelKeys() {
		id, en, _ := i18n.LabelText(k)
		for _, form := range []string{"$1", "$2"} {
			own[choice.ReplaceAllString(pick(id, en, lang), form)] = true
		}
		cands = append(cands, cand{pick(id, en, other), "label " + k})
	}
	set, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	f := &foreign{exact: map[string]string{}}
	addSchema := func(l schema.Label, from string) {
		own[l.In(lang)] = true
		if l.ID != "" && l.EN != "" {
			cands = append(cands, cand{l.In(other), from})
		}
	}
	regs := append([]*schema.Register{set.Document}, nil)
	for _, name := range set.RegisterNames() {
		regs = append(regs, set.Registers[name])
	}
	for _, r := range regs {
		if r == nil {
			continue
		}
		addSchema(r.Label, "register "+r.Name)
		for _, fd := range r.Fields {
			addSchema(fd.Label, "field "+r.Name+"."+fd.Key)
			for _, v := range fd.Values {
				addSchema(schema.Label{ID: v.ID, EN: v.EN}, "value "+r.Name+"."+fd.Key+"="+v.Value)
			}
		}
		if r != set.Document {
			f.keys = append(f.keys, r.Name)
		}
	}
	ownTexts := make([]*userText, 0, len(own))
	for o := range own {
		ownTexts = append(ownTexts, &userText{o})
	}
	// a word of a text of lang (a PDF wraps "Transfer Layanan" into two lines)
	inOwn := func(s string) bool {
		for _, o := range ownTexts {
			if o.has(s) {
				return true
			}
		}
		return false
	}
	for _, c := range cands {
		if c.text == "" || own[c.text] || own[choice.ReplaceAllString(c.text, "$2")] {
			continue
		}
		if !verb.MatchString(c.text) && inOwn(c.text) {
			continue
		}
		if verb.MatchString(c.text) {
			re := regexp.QuoteMeta(c.text)
			re = choice.ReplaceAllString(re, `(?:$1|$2)`)
			re = regexp.MustCompile(`%d`).ReplaceAllString(re, `\d+`)
			re = verb.ReplaceAllString(re, `.+`)
			f.patterns = append(f.patterns, regexp.MustCompile(`^`+re+`$`))
			continue
		}
		if len([]rune(c.text)) < 3 {
			continue // "No", "Ya": too short to tell from content
		}
		f.exact[c.text] = c.from
	}
	for _, l := range knownLeaks[lang] {
		f.leaks = append(f.leaks, regexp.MustCompile(`(^|[^\pL])`+regexp.QuoteMeta(l)+`($|[^\pL])`))
	}
	return f
}

// idRe matches record and document numbers (INC-2026-0022, PRO-MSL-001).
var idRe = regexp.MustCompile(`\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b`)

// pieceSep splits a text run into the pieces a label can fill.
var pieceSep = regexp.MustCompile(`\s+[·|—→]\s+|:\s+|:$`)

// check reports the foreign labels in the text runs of one output file; a
// text that is also in the user's text the file shows (its sources) is not
// checked.
func (f *foreign) check(file string, runs []string, user, all *userText, wraps bool) []string {
	var bad []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			bad = append(bad, file+": "+s)
		}
	}
	for _, run := range runs {
		run = strings.TrimSpace(strings.Join(strings.Fields(run), " "))
		if run == "" {
			continue
		}
		pieces := append([]string{run}, pieceSep.Split(run, -1)...)
		for _, p := range pieces {
			p = strings.Trim(p, " ,;:")
			if from, ok := f.exact[p]; ok && !user.has(p) {
				add(fmt.Sprintf("%q (%s)", p, from))
			}
			for _, re := range f.patterns {
				if re.MatchString(p) && !user.has(p) {
					add(fmt.Sprintf("%q (matches %s)", p, re))
				}
			}
		}
		if user.has(run) {
			continue
		}
		for _, k := range f.keys {
			if strings.Contains(run, "("+k+")") || (run == k && !wraps) || strings.Contains(run, "Register "+k) {
				add(fmt.Sprintf("%q (internal name %s)", run, k))
			}
		}
		// known leaks: in the pieces of the run that are not the user's text
		// anywhere in the site (without record and document numbers)
		for _, p := range pieceSep.Split(idRe.ReplaceAllString(run, " · "), -1) {
			p = strings.Trim(p, " ,;:–—-•")
			if p == "" || all.has(p) {
				continue
			}
			for _, re := range f.leaks {
				if re.MatchString(p) {
					add(fmt.Sprintf("%q (known leak %s)", run, re))
				}
			}
		}
	}
	return bad
}

var (
	scriptRe = regexp.MustCompile(`(?is)<script\b.*?</script>|<style\b.*?</style>|<template\b.*?</template>`)
	tagRe    = regexp.MustCompile(`(?s)<[^>]*>`)
)

var (
	langElemRe = regexp.MustCompile(`(?s)<(td|th|span|p|div)\b[^>]*\blang="([a-z]+)"[^>]*>.*?</(td|th|span|p|div)>`)
	codeRe     = regexp.MustCompile(`(?s)<code>.*?</code>`)
)

// otherLang removes the elements a page declares to be in another language
// than lang (lang="en" on an Indonesian page: the labels of both languages in
// the field reference): their text is meant to be in that language.
func otherLang(page, lang string) string {
	return langElemRe.ReplaceAllStringFunc(page, func(m string) string {
		if sub := langElemRe.FindStringSubmatch(m); sub[2] != lang && sub[1] == sub[3] {
			return ""
		}
		return m
	})
}

// htmlRuns returns the visible text runs of an HTML page.
func htmlRuns(page string) []string {
	page = scriptRe.ReplaceAllString(page, "")
	var runs []string
	for _, s := range tagRe.Split(page, -1) {
		runs = append(runs, html.UnescapeString(s))
	}
	return runs
}

func TestOutputsInOneLanguage(t *testing.T) {
	site := testutil.ExampleSite(t)
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"build", "--root", site, "--out", out, "--today", "2026-11-21"}
			if lang == "en" {
				args = append(args, "--lang", "en")
			}
			if code, _, errs := cliRun(t, args...); code != 0 {
				t.Fatalf("build exit %d:\n%s", code, errs)
			}
			f := foreignTo(t, lang)
			src := sources(t, site)
			var bad []string
			nHTML := 0
			_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				nHTML++
				rel, _ := filepath.Rel(out, p)
				page := otherLang(string(b), lang)
				if filepath.ToSlash(rel) == "site/fields.html" {
					// the field reference shows the keys of registers and fields by design
					page = codeRe.ReplaceAllString(page, "")
				}
				bad = append(bad, f.check(rel, htmlRuns(page), src.of(rel), src.all, false)...)
				return nil
			})
			if nHTML < 50 {
				t.Fatalf("only %d HTML pages", nHTML)
			}
			bad = append(bad, workbookLeaks(t, f, out, src)...)
			t.Run("pdf", func(t *testing.T) {
				bad := pdfLeaks(t, f, out, src)
				sort.Strings(bad)
				if len(bad) > 0 {
					t.Errorf("PDFs in %s hold labels of the other language or internal names:\n%s", lang, strings.Join(bad, "\n"))
				}
			})
			sort.Strings(bad)
			if len(bad) > 0 {
				t.Errorf("outputs in %s hold labels of the other language or internal names:\n%s", lang, strings.Join(bad, "\n"))
			}
		})
	}
	if m := i18n.MissingLabels(); len(m) > 0 {
		t.Errorf("labels looked up but not in the catalogue: %s", strings.Join(m, ", "))
	}
}

// workbookLeaks checks every workbook's summary sheet and the header row of
// every register sheet.
func workbookLeaks(t *testing.T, f *foreign, out string, src *siteText) []string {
	t.Helper()
	books, _ := filepath.Glob(filepath.Join(out, "xlsx", "*.xlsx"))
	if len(books) < 2 {
		t.Fatalf("only %d workbooks", len(books))
	}
	var bad []string
	for _, b := range books {
		x, err := excelize.OpenFile(b)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(out, b)
		for i, sh := range x.GetSheetList() {
			if vis, _ := x.GetSheetVisible(sh); !vis {
				continue
			}
			rows, err := x.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			var runs []string
			if len(x.GetSheetList()) > 1 && i == 0 { // the summary: every cell but the findings' examples
				for _, r := range rows {
					for j, c := range r {
						if j < 3 {
							runs = append(runs, c)
						}
					}
				}
			} else {
				// the header row: the first visible one (a hidden row above it holds the field keys for import)
				for r := 1; r <= len(rows) && r <= 3; r++ {
					if vis, _ := x.GetRowVisible(sh, r); vis {
						runs = append(runs, rows[r-1]...)
						break
					}
				}
			}
			runs = append(runs, sh)
			bad = append(bad, f.check(rel+" ["+sh+"]", runs, src.of(rel), src.all, false)...)
		}
		x.Close()
	}
	return bad
}

// pdfLeaks checks the text of every PDF, line by line. Body lines of documents
// are the user's text; labels are whole lines or whole pieces of lines.
func pdfLeaks(t *testing.T, f *foreign, out string, src *siteText) []string {
	tool := testutil.Tool(t, "pdftotext", "poppler-utils")
	var files []string
	_ = filepath.WalkDir(filepath.Join(out, "pdf"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".pdf") {
			files = append(files, p)
		}
		return err
	})
	if len(files) < 20 {
		t.Fatalf("only %d PDFs", len(files))
	}
	var bad []string
	for _, p := range files {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(tool, "-enc", "UTF-8", p, "-")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("pdftotext %s: %v %s", p, err, stderr.String())
		}
		rel, _ := filepath.Rel(out, p)
		bad = append(bad, f.check(rel, strings.Split(stdout.String(), "\n"), src.of(rel), src.all, true)...)
	}
	return bad
}

// userText is the user's text an output file shows: the sources of its
// document or register, or of the whole site for a page that gathers them.
type userText struct{ text string }

// has reports whether s (whitespace-normalised) occurs in the user's text as whole words.
func (u *userText) has(s string) bool {
	s = strings.Join(strings.Fields(s), " ")
	for i := 0; ; {
		j := strings.Index(u.text[i:], s)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(u.text[:j])
		after, _ := utf8.DecodeRuneInString(u.text[j+len(s):])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		i = j + 1
	}
}

// siteText holds the sources of the site: documents by doc_id, registers by name.
type siteText struct {
	docs, regs map[string]string
	all        *userText
}

var docIDRe = regexp.MustCompile(`(?m)^doc_id:\s*"?([^"\s]+)`)

func sources(t *testing.T, site string) *siteText {
	t.Helper()
	st := &siteText{docs: map[string]string{}, regs: map[string]string{}}
	var all strings.Builder
	for _, dir := range []string{"content", "registers"} {
		err := filepath.WalkDir(filepath.Join(site, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			text := strings.Join(strings.Fields(string(b)), " ")
			all.WriteString(text + "\n")
			rel, _ := filepath.Rel(filepath.Join(site, dir), p)
			if dir == "content" {
				if m := docIDRe.FindStringSubmatch(string(b)); m != nil {
					st.docs[m[1]] += text
				}
			} else {
				name := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
				name = strings.TrimSuffix(strings.TrimSuffix(name, ".csv"), ".yaml")
				st.regs[name] += text + "\n"
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	st.all = &userText{all.String()}
	return st
}

// of returns the user's text shown by the output file rel (out-relative):
// pdf/docs/ID.pdf and site/docs/ID.html show a document, pdf/registers/NAME.pdf,
// pdf/forms/NAME/…, site/registers/NAME/… and xlsx/NAME.xlsx a register; any
// other file the whole site.
func (st *siteText) of(rel string) *userText {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	base := strings.TrimSuffix(parts[len(parts)-1], filepath.Ext(parts[len(parts)-1]))
	switch {
	case len(parts) == 3 && parts[1] == "docs":
		if s, ok := st.docs[base]; ok {
			return &userText{s}
		}
	case len(parts) == 3 && parts[0] == "pdf" && parts[1] == "registers":
		if s, ok := st.regs[base]; ok {
			return &userText{s}
		}
	case len(parts) >= 3 && (parts[1] == "forms" || parts[1] == "registers"):
		if s, ok := st.regs[parts[2]]; ok {
			return &userText{s}
		}
	case len(parts) == 2 && parts[0] == "xlsx":
		if s, ok := st.regs[base]; ok {
			return &userText{s}
		}
	}
	return st.all
}
