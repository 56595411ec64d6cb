package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
)

// verbs are the printf verbs of a label, in order.
var verbRe = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// choiceRe is an English plural choice {one|other}.
var choiceRe = regexp.MustCompile(`\{[^{}|]*\|[^{}|]*\}`)

// TestCatalogueWellFormed: every label has both languages, the same
// placeholders in both, Indonesian without plural forms, and English plural
// choices only after a count.
func TestCatalogueWellFormed(t *testing.T) {
	keys := i18n.LabelKeys()
	if len(keys) < 200 {
		t.Fatalf("only %d labels", len(keys))
	}
	seen := map[[2]string]string{}
	for _, k := range keys {
		id, en, _ := i18n.LabelText(k)
		if strings.TrimSpace(id) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%s: missing a language (id %q, en %q)", k, id, en)
		}
		if a, b := strings.Join(verbRe.FindAllString(id, -1), " "), strings.Join(verbRe.FindAllString(en, -1), " "); a != b {
			t.Errorf("%s: placeholders differ: id %q, en %q", k, a, b)
		}
		if strings.ContainsAny(id, "{}") {
			t.Errorf("%s: the Indonesian text has a plural choice: %q", k, id)
		}
		for _, loc := range choiceRe.FindAllStringIndex(en, -1) {
			if !strings.Contains(en[:loc[0]], "%d") {
				t.Errorf("%s: plural choice without a count before it: %q", k, en)
			}
		}
		if rest := choiceRe.ReplaceAllString(en, ""); strings.ContainsAny(rest, "{}") {
			t.Errorf("%s: stray brace in %q", k, en)
		}
		// one key per meaning: no two keys with the same text in both languages
		if prev, ok := seen[[2]string{id, en}]; ok {
			t.Errorf("%s and %s hold the same label %q / %q", prev, k, id, en)
		}
		seen[[2]string{id, en}] = k
	}
}

func TestPluralsAndPlaceholders(t *testing.T) {
	for _, c := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"en", "count_documents", []any{1}, "1 document"},
		{"en", "count_documents", []any{2}, "2 documents"},
		{"en", "count_documents", []any{0}, "0 documents"},
		{"id", "count_documents", []any{1}, "1 dokumen"},
		{"id", "count_documents", []any{2}, "2 dokumen"},
		{"en", "audit_pack_counts", []any{1, 2, 1}, "1 approved document, 2 registers, 1 record"},
		{"en", "requirements_covered", []any{5, 1}, "5 / 1 requirement covered"},
		{"en", "count_gaps", []any{13}, "13 gaps"},
		{"en", "count_gaps", []any{1}, "1 gap"},
		{"id", "requirements_covered", []any{23, 36}, "23 / 36 persyaratan tercakup"},
		{"en", "page_of", []any{1, 3}, "Page 1 of 3"},
		{"id", "generated_version", []any{"1.2"}, "Dibuat oleh smsgen 1.2"},
		{"xx", "draft", nil, "DRAF"},
		{"en", "draft", nil, "DRAFT"},
	} {
		if got := i18n.Labelf(c.lang, c.key, c.args...); got != c.want {
			t.Errorf("Labelf(%s, %s, %v) = %q, want %q", c.lang, c.key, c.args, got, c.want)
		}
	}
	// T gives the plural form of a counted label, unfilled
	if got := i18n.LabelsIn("en").T("count_documents"); got != "%d documents" {
		t.Errorf("T(count_documents) = %q", got)
	}
}

func TestDuration(t *testing.T) {
	d := func(days, h, m int) time.Duration {
		return time.Duration(days*24+h)*time.Hour + time.Duration(m)*time.Minute
	}
	for _, c := range []struct {
		lang string
		d    time.Duration
		want string
	}{
		{"id", d(4, 18, 50), "4 hari 18 jam 50 menit"},
		{"en", d(4, 18, 50), "4 days 18 hours 50 minutes"},
		{"en", d(1, 1, 1), "1 day 1 hour 1 minute"},
		{"en", d(0, 2, 0), "2 hours"},
		{"id", d(2, 0, 5), "2 hari 5 menit"},
		{"id", 0, "0 menit"},
		{"en", 0, "0 minutes"},
		{"en", 89 * time.Second, "1 minute"}, // rounded to the minute
	} {
		if got := i18n.Duration(c.lang, c.d); got != c.want {
			t.Errorf("Duration(%s, %v) = %q, want %q", c.lang, c.d, got, c.want)
		}
	}
}

func TestMissingLabelIsRecorded(t *testing.T) {
	if got := i18n.Label("id", "no_such_label_key"); got != "no_such_label_key" {
		t.Errorf("missing label = %q", got)
	}
	found := false
	for _, k := range i18n.MissingLabels() {
		found = found || k == "no_such_label_key"
	}
	if !found {
		t.Error("a missing label is not recorded")
	}
}

// Key uses in the sources. A use that must exist: a call of a label accessor
// or an index of a label map with a literal key, or a label in a template.
var (
	useRes = []*regexp.Regexp{
		regexp.MustCompile(`\b(?:label|labelf|Label|Labelf|tr|trf)\(\s*[^,()"]+,\s*"([a-z0-9_]+)"\s*[,)]`),
		regexp.MustCompile(`\blabels\["([a-z0-9_]+)"\]`),
		regexp.MustCompile(`\.(?:T|F)\(\s*"([a-z0-9_]+)"`),
	}
	// t("key") where t is a Labels.T taken in the same file
	localTRe = regexp.MustCompile(`\bt\("([a-z0-9_]+)"\)`)
	tplRes   = []*regexp.Regexp{
		regexp.MustCompile(`\.L\.([a-zA-Z0-9_]+)`),
		regexp.MustCompile(`\.(?:T|F) "([a-zA-Z0-9_]+)"`),
	}
	// a string literal: a key passed around (navigation, form rows) is used
	literalRe = regexp.MustCompile(`"([a-z0-9_]+)"`)
	// sl("key") in the PDF SOP reads the label sop_<key> when the catalogue has it
	sopRe = regexp.MustCompile(`\bsl\("([a-z0-9_]+)"\)`)
	// "prefix_"+x: a family of keys chosen at run time
	familyRe = regexp.MustCompile(`"([a-z0-9_]+_)"\s*\+`)
)

type use struct{ file, key string }

// sources returns the Go sources (without tests) and the HTML templates of the module.
func sources(t *testing.T) (goFiles, templates map[string]string) {
	t.Helper()
	root := filepath.Join("..", "..")
	goFiles, templates = map[string]string{}, map[string]string{}
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			name := d.Name()
			isGo := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
			isTpl := strings.HasSuffix(name, ".html") && strings.Contains(filepath.ToSlash(p), "/templates/")
			if !isGo && !isTpl {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if isGo {
				goFiles[filepath.ToSlash(rel)] = string(b)
			} else {
				templates[filepath.ToSlash(rel)] = string(b)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(goFiles) < 50 || len(templates) < 10 {
		t.Fatalf("found %d Go files and %d templates: run from the package folder", len(goFiles), len(templates))
	}
	return goFiles, templates
}

// TestEveryUsedLabelExists: every label key the code and the templates look up
// is in the catalogue (in both languages, see TestCatalogueWellFormed).
func TestEveryUsedLabelExists(t *testing.T) {
	goFiles, templates := sources(t)
	var uses []use
	for f, src := range goFiles {
		for _, re := range useRes {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				uses = append(uses, use{f, m[1]})
			}
		}
		if strings.Contains(src, "LabelsIn(") {
			for _, m := range localTRe.FindAllStringSubmatch(src, -1) {
				uses = append(uses, use{f, m[1]})
			}
		}
	}
	for f, src := range templates {
		for _, re := range tplRes {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				uses = append(uses, use{f, m[1]})
			}
		}
	}
	if len(uses) < 300 {
		t.Fatalf("found only %d label uses", len(uses))
	}
	var bad []string
	for _, u := range uses {
		if _, _, ok := i18n.LabelText(u.key); !ok {
			bad = append(bad, u.file+": "+u.key)
		}
	}
	// a template shows .L.key as it is: a label with placeholders needs .F
	for f, src := range templates {
		for _, m := range tplRes[0].FindAllStringSubmatch(src, -1) {
			if id, en, ok := i18n.LabelText(m[1]); ok && (verbRe.MatchString(id) || verbRe.MatchString(en)) {
				bad = append(bad, f+": "+m[1]+" has placeholders: use .F")
			}
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("label keys used but not in labels.yaml:\n%s", strings.Join(bad, "\n"))
	}
}

// TestNoUnusedLabel: every key of the catalogue is used somewhere.
func TestNoUnusedLabel(t *testing.T) {
	goFiles, templates := sources(t)
	used := map[string]bool{}
	var families []string
	for f, src := range goFiles {
		if strings.HasPrefix(f, "internal/i18n/") && !strings.HasSuffix(f, "labels.go") {
			continue
		}
		for _, m := range literalRe.FindAllStringSubmatch(src, -1) {
			used[m[1]] = true
		}
		for _, m := range sopRe.FindAllStringSubmatch(src, -1) {
			used["sop_"+m[1]] = true
		}
		for _, m := range familyRe.FindAllStringSubmatch(src, -1) {
			families = append(families, m[1])
		}
	}
	for _, src := range templates {
		for _, re := range tplRes {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				used[m[1]] = true
			}
		}
	}
	// keys read through a family ("sev_"+severity) must be its known members
	members := map[string][]string{"sev_": {"error", "warning", "info"},
		// internal/resolve: Requirement.StatusKey and ReasonKey
		"cov_": {"covered", "sub", "gap"}, "cov_why_": {"none", "drafts", "empty", "records", "partial"},
		// internal/load/settings.go: the kinds of value a settings key wants or holds
		"settings_": {"a_list", "a_mapping", "a_number", "an_alias", "list_of_texts", "mapping", "matrix",
			"nothing", "text", "value", "whole_number", "yes_no", "yes_no_value"}}
	for _, fam := range families {
		for _, m := range members[fam] {
			used[fam+m] = true
		}
	}
	var unused []string
	for _, k := range i18n.LabelKeys() {
		if !used[k] {
			unused = append(unused, k)
		}
	}
	if len(unused) > 0 {
		t.Errorf("labels in labels.yaml that nothing uses (delete them or use them):\n%s", strings.Join(unused, "\n"))
	}
}

// TestCountsGrouped: counts of five digits or more are grouped by thousands
// as each language writes them; four digits, other verbs and text stay.
func TestCountsGrouped(t *testing.T) {
	for _, c := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"id", "count_records", []any{100000}, "100.000 catatan"},
		{"en", "count_records", []any{100000}, "100,000 records"},
		{"en", "count_records", []any{1}, "1 record"},
		{"id", "count_records", []any{9999}, "9999 catatan"},
		{"id", "count_records", []any{-12345}, "-12.345 catatan"},
		{"id", "page_of", []any{12, 1234567}, "Halaman 12 dari 1.234.567"},
		{"id", "volume_entry", []any{2, 2501, 5000, "1 Jan", "2 Jan", "x.pdf"}, "Jilid 2: catatan ke-2501 sampai ke-5000 (1 Jan sampai 2 Jan): x.pdf"},
		{"id", "volume_entry", []any{40, 97501, 100000, "a", "b", "y.pdf"}, "Jilid 40: catatan ke-97.501 sampai ke-100.000 (a sampai b): y.pdf"},
		{"en", "build_summary", []any{"out", 10000, 8, 0}, "built out: 10,000 documents, 8 registers; 0 warnings"},
	} {
		if got := i18n.Labelf(c.lang, c.key, c.args...); got != c.want {
			t.Errorf("%s %s %v: %q, want %q", c.lang, c.key, c.args, got, c.want)
		}
	}
	if got := i18n.Labelf("en", "filter_scope", 99001, 100000); !strings.Contains(got, "99,001") || !strings.Contains(got, "100,000") {
		t.Errorf("filter_scope: %q", got)
	}
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{{"id", 100000, "100.000"}, {"en", 1000000, "1,000,000"}, {"en", 1500, "1500"}, {"id", 10000, "10.000"}, {"id", 0, "0"}} {
		if got := i18n.LabelsIn(c.lang).N(c.n); got != c.want {
			t.Errorf("N(%d) in %s = %q, want %q", c.n, c.lang, got, c.want)
		}
	}
}
