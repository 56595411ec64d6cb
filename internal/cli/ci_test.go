package cli

// Findings as a team sees them in its CI: the help of every finding in every
// format, the GitLab Code Quality report, paths relative to the repository
// root wherever the site lives, and the site's own rules (smsgen.yaml rules:,
// allowed_front_matter, a document's accept:).

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/testutil"
	yaml "go.yaml.in/yaml/v3"
)

func TestHelpInEveryFormat(t *testing.T) {
	site := errorSite(t)
	helpLink := i18n.Help("en", "broken-link")
	if helpLink == "" {
		t.Fatal("broken-link has no help in the catalogue")
	}
	// text: the help indented on the line under its finding
	_, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en")
	lines := strings.Split(out, "\n")
	found := false
	for i, ln := range lines {
		if strings.Contains(ln, " error broken-link: ") {
			found = i+1 < len(lines) && lines[i+1] == "    "+helpLink
		}
	}
	if !found {
		t.Errorf("text: no help %q under the broken-link finding:\n%s", helpLink, out)
	}
	// and in Indonesian by default
	_, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21")
	if !strings.Contains(out, "\n    "+i18n.Help("id", "broken-link")+"\n") {
		t.Errorf("text: no Indonesian help:\n%s", out)
	}

	// JSON: help on every finding
	_, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en", "--format", "json")
	var doc struct {
		Findings []struct {
			Code string `json:"code"`
			Help string `json:"help"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f.Help == "" || f.Help != i18n.Help("en", f.Code) {
			t.Errorf("json: %s has help %q, want %q", f.Code, f.Help, i18n.Help("en", f.Code))
		}
	}

	// GitHub: the help on the annotation's second line (an encoded line feed)
	_, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en", "--format", "github")
	if !strings.Contains(out, ",title=broken-link::broken link: doc:TIDAK-ADA (no document TIDAK-ADA)%0A"+ghData(helpLink)+"\n") {
		t.Errorf("github: no help on the broken-link annotation:\n%s", out)
	}

	// GitLab: in the description
	_, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en", "--format", "gitlab")
	if !strings.Contains(out, helpLink) {
		t.Errorf("gitlab: no help in the report:\n%s", out)
	}

	// the findings page of the site
	warn := warningSite(t)
	outDir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := cliRun(t, "build", "--root", warn, "--out", outDir, "--today", "2026-11-21", "--lang", "en", "--only", "html"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	page := testutil.ReadFile(t, filepath.Join(outDir, "site", "findings.html"))
	if !strings.Contains(page, htmlText(i18n.Help("en", "review-overdue"))) {
		t.Errorf("findings page without the help of review-overdue")
	}
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// gitlabSchema is GitLab's own schema of one Code Quality report entry
// (app/validators/json_schemas/codeclimate.json in the GitLab source, as of
// gitlabhq/gitlabhq 33827e3a534757eead42e6c17460564c49ff1c3a: description,
// fingerprint, severity and location required, location.path a string,
// location.lines.begin an integer), written out here and made stricter with
// what GitLab's documentation of the report format says of the fields it
// reads: check_name, severity one of info, minor, major, critical, blocker,
// a non-empty path and a line from 1.
const gitlabSchema = `{
  "type": "array",
  "items": {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
      "description": {"type": "string", "minLength": 1},
      "check_name": {"type": "string", "minLength": 1},
      "fingerprint": {"type": "string", "minLength": 1},
      "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
      "location": {
        "type": "object",
        "required": ["path", "lines"],
        "properties": {
          "path": {"type": "string", "minLength": 1},
          "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}}
        }
      }
    }
  }
}`

type gitlabIssue struct {
	Description string `json:"description"`
	CheckName   string `json:"check_name"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	Location    struct {
		Path  string `json:"path"`
		Lines struct {
			Begin int `json:"begin"`
		} `json:"lines"`
	} `json:"location"`
}

func gitlabReport(t *testing.T, out string) []gitlabIssue {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(gitlabSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("gitlab.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("gitlab.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the GitLab report does not match the schema: %v\n%s", err, out)
	}
	var issues []gitlabIssue
	if err := json.Unmarshal([]byte(out), &issues); err != nil {
		t.Fatal(err)
	}
	return issues
}

func TestGitLabReport(t *testing.T) {
	site := errorSite(t)
	// one more broken link in the same document: the same code, file and value twice
	a := filepath.Join(site, "content", "a.md")
	if err := os.WriteFile(a, []byte(testutil.ReadFile(t, a)+"\n[lagi](doc:TIDAK-ADA)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "gitlab")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (errors)", code)
	}
	issues := gitlabReport(t, out)
	if len(issues) != 4 {
		t.Fatalf("%d issues, want 4:\n%s", len(issues), out)
	}
	seen := map[string]bool{}
	sev := map[string]string{}
	lines := map[string][]int{}
	for _, is := range issues {
		if seen[is.Fingerprint] {
			t.Errorf("fingerprint %s twice", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
		sev[is.CheckName] = is.Severity
		lines[is.Location.Path+" "+is.CheckName] = append(lines[is.Location.Path+" "+is.CheckName], is.Location.Lines.Begin)
	}
	if sev["broken-link"] != "major" || sev["invalid-date"] != "major" || sev["review-overdue"] != "minor" {
		t.Errorf("severities %v: want errors major, warnings minor", sev)
	}
	if got := lines["registers/risks.csv invalid-date"]; len(got) != 1 || got[0] != 2 {
		t.Errorf("invalid-date at lines %v, want [2]", got)
	}

	// Stable across runs, and when lines are added above a finding.
	_, again, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "gitlab")
	if again != out {
		t.Errorf("two runs differ")
	}
	body := testutil.ReadFile(t, a)
	moved := strings.Replace(body, "# Kebijakan\n", "# Kebijakan\n\nParagraf baru.\n\nDan satu lagi.\n", 1)
	if err := os.WriteFile(a, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out2, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "gitlab")
	issues2 := gitlabReport(t, out2)
	if len(issues2) != len(issues) {
		t.Fatalf("%d issues after the edit, want %d", len(issues2), len(issues))
	}
	for i := range issues {
		if issues2[i].Fingerprint != issues[i].Fingerprint {
			t.Errorf("%s: fingerprint changed when lines were added above it", issues[i].CheckName)
		}
	}
	if l := issues2[0].Location.Lines.Begin; issues2[0].CheckName == "broken-link" && l == issues[0].Location.Lines.Begin {
		t.Errorf("the edit did not move the finding (line %d): the test proves nothing", l)
	}

	// A finding about a whole file points at line 1; a clean site is an empty report.
	empty := cliSite(t, map[string]string{"content/kosong.md": ""})
	issues = gitlabReport(t, func() string { _, o, _ := cliRun(t, "validate", "--root", empty, "--format", "gitlab"); return o }())
	if len(issues) != 1 || issues[0].Location.Lines.Begin != 1 || issues[0].CheckName != "empty-file" {
		t.Errorf("whole-file finding: %+v", issues)
	}
	if _, o, _ := cliRun(t, "validate", "--root", cleanSite(t), "--today", "2026-11-21", "--format", "gitlab"); strings.TrimSpace(o) != "[]" {
		t.Errorf("clean site: %q, want []", o)
	}
}

// With the site in a subfolder of a git repository, every format gives paths
// from the repository root.
func TestRepositoryRelativePaths(t *testing.T) {
	_, root := diffRepo(t) // the site is top/site
	bad := "---\ndoc_id: KEB-2\ntitle: Policy two\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\nowner: O\nnext_review: 2027-01-01\nclassification: internal\n---\n# Two\n\n[x](doc:NONE)\n"
	if err := os.WriteFile(filepath.Join(root, "content", "dua.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "site/content/dua.md"
	for _, c := range []struct {
		format string
		re     string
	}{
		{"text", `(?m)^` + want + `:13:1: error broken-link: `},
		{"json", `"file": "` + want + `"`},
		{"github", `::error file=` + want + `,line=13`},
		{"sarif", `"uri": "` + want + `"`},
		{"gitlab", `"path": "` + want + `"`},
	} {
		code, out, errs := cliRun(t, "validate", "--root", root, "--today", "2026-11-21", "--format", c.format)
		if code != 1 {
			t.Errorf("%s: exit %d\n%s", c.format, code, errs)
		}
		if !regexp.MustCompile(c.re).MatchString(out) {
			t.Errorf("%s: no repository-relative path %s:\n%s", c.format, want, out)
		}
	}
	// build reports its findings the same way
	warnDoc := strings.Replace(bad, "[x](doc:NONE)", "Isi.", 1)
	warnDoc = strings.Replace(warnDoc, "2027-01-01", "2026-01-01", 1)
	if err := os.WriteFile(filepath.Join(root, "content", "dua.md"), []byte(warnDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cliRun(t, "build", "--root", root, "--out", filepath.Join(t.TempDir(), "o"), "--today", "2026-11-21", "--only", "html")
	if code != 0 || !strings.Contains(errs, want+":8:14: warning review-overdue") {
		t.Errorf("build: exit %d, findings not repository-relative:\n%s", code, errs)
	}
}

func TestSiteRules(t *testing.T) {
	settings := "rules:\n  broken-link: warning\n  invalid-date: off\n  review-overdue: error\n"
	site := errorSite(t)
	if err := os.WriteFile(filepath.Join(site, "smsgen.yaml"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	// broken-link lowered to a warning, invalid-date off, review-overdue raised
	code, out, errs := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en")
	if code != 1 || !strings.Contains(out, "error review-overdue") || !strings.Contains(out, "warning broken-link") || strings.Contains(out, "invalid-date") {
		t.Errorf("exit %d:\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "1 error, 1 warning") {
		t.Errorf("summary: %q", errs)
	}
	// with review-overdue back to a warning, the site with a broken link validates and builds
	os.WriteFile(filepath.Join(site, "smsgen.yaml"), []byte("rules:\n  broken-link: warning\n  invalid-date: off\n"), 0o644)
	if code, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21"); code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out)
	}
	if code, _, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--strict"); code != 1 {
		t.Errorf("--strict: exit %d, want 1 (warnings)", code)
	}
	out2 := filepath.Join(t.TempDir(), "out")
	if code, _, errs := cliRun(t, "build", "--root", site, "--out", out2, "--today", "2026-11-21"); code != 0 {
		t.Errorf("build with a broken link lowered to a warning: exit %d\n%s", code, errs)
	}
	// a rule naming an unknown code is a positioned settings finding
	os.WriteFile(filepath.Join(site, "smsgen.yaml"), []byte("rules:\n  broken-link: warning\n  broken-links: off\n"), 0o644)
	code, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en")
	if code != 1 || !strings.Contains(out, `smsgen.yaml:3:3: error settings-invalid: invalid site settings: rules: unknown finding code "broken-links"`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestAcceptedFindings(t *testing.T) {
	doc := strings.Replace(cliDoc, "NEXT", "2026-01-01", 1)
	doc = strings.Replace(doc, "classification: internal\n", "classification: internal\naccept:\n  - code: review-overdue\n    reason: Ditinjau ulang setelah audit Desember\n", 1)
	site := cliSite(t, map[string]string{"content/a.md": doc, "content/b.md": strings.Replace(strings.Replace(cliDoc, "NEXT", "2026-01-01", 1), "KEB-1", "KEB-2", 1)})
	// a.md's review-overdue is accepted, b.md's is not
	code, out, errs := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en")
	if code != 0 || strings.Contains(out, "content/a.md") || !strings.Contains(out, "content/b.md:8:14: warning review-overdue") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(errs, "0 errors, 1 warning; 1 accepted\n") {
		t.Errorf("summary: %q", errs)
	}
	os.Remove(filepath.Join(site, "content", "b.md"))
	if code, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--strict"); code != 0 || out != "" {
		t.Errorf("--strict with only an accepted warning: exit %d\n%s", code, out)
	}
	// JSON lists it as accepted, with the reason, and does not count it
	_, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "json")
	var j struct {
		Counts struct {
			BySeverity map[string]int `json:"by_severity"`
			ByCode     map[string]int `json:"by_code"`
			Total      int            `json:"total"`
			Accepted   int            `json:"accepted"`
		} `json:"counts"`
		Findings []struct {
			Code     string `json:"code"`
			Accepted bool   `json:"accepted"`
			Reason   string `json:"accepted_reason"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	if j.Counts.Total != 0 || j.Counts.Accepted != 1 || j.Counts.BySeverity["warning"] != 0 || len(j.Counts.ByCode) != 0 {
		t.Errorf("counts: %+v", j.Counts)
	}
	if len(j.Findings) != 1 || !j.Findings[0].Accepted || j.Findings[0].Reason != "Ditinjau ulang setelah audit Desember" {
		t.Errorf("findings: %+v", j.Findings)
	}
	// SARIF keeps it as a suppressed result; GitHub and GitLab leave it out
	_, out, _ = cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "sarif")
	if !strings.Contains(out, `"justification": "Ditinjau ulang setelah audit Desember"`) || !strings.Contains(out, `"kind": "inSource"`) {
		t.Errorf("sarif: no suppression:\n%s", out)
	}
	if _, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "github"); out != "" {
		t.Errorf("github: %q", out)
	}
	if _, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "gitlab"); strings.TrimSpace(out) != "[]" {
		t.Errorf("gitlab: %q", out)
	}
	// the findings page lists it apart, with the reason
	outDir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := cliRun(t, "build", "--root", site, "--out", outDir, "--today", "2026-11-21", "--only", "html", "--strict"); code != 0 {
		t.Fatalf("build --strict: exit %d\n%s", code, errs)
	}
	page := testutil.ReadFile(t, filepath.Join(outDir, "site", "findings.html"))
	if !strings.Contains(page, i18n.Label("id", "findings_accepted")) || !strings.Contains(page, "Ditinjau ulang setelah audit Desember") {
		t.Errorf("findings page does not list the accepted finding with its reason")
	}
	if strings.Contains(page, `class="sev-warning"`) {
		t.Errorf("the accepted finding is listed among the open ones")
	}
}

// build --only keeps the other outputs of the previous build and says which,
// and whether each is still current.
func TestBuildOnlySaysWhatItKept(t *testing.T) {
	site := cleanSite(t)
	out := filepath.Join(t.TempDir(), "out")
	build := func(only string) string {
		t.Helper()
		args := []string{"build", "--root", site, "--out", out, "--today", "2026-11-21", "--lang", "en"}
		if only != "" {
			args = append(args, "--only", only)
		}
		code, _, errs := cliRun(t, args...)
		if code != 0 {
			t.Fatalf("build --only %q: exit %d\n%s", only, code, errs)
		}
		return errs
	}
	if errs := build("html"); strings.Contains(errs, "left as they were") {
		t.Errorf("nothing to keep, yet: %s", errs)
	}
	build("")
	// nothing changed: html is not rendered again either
	if errs := build("html"); !strings.Contains(errs, "left as they were: html (current), pdf (current), xlsx (current)\n") {
		t.Errorf("same sources: %s", errs)
	}
	a := filepath.Join(site, "content", "a.md")
	if err := os.WriteFile(a, []byte(testutil.ReadFile(t, a)+"\nParagraf baru.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := build("html")
	if !strings.Contains(errs, "left as they were: pdf (stale: rendered from other sources or options), xlsx (stale: rendered from other sources or options); run smsgen build") {
		t.Errorf("changed sources: %s", errs)
	}
	if _, err := os.Stat(filepath.Join(out, "pdf", "docs", "KEB-1.pdf")); err != nil {
		t.Errorf("the kept PDF is gone: %v", err)
	}
	// the html just rendered is of the current sources, but its downloads
	// and site.zip hold the PDFs of before: stale once the PDFs are renewed;
	// another --today makes everything stale
	if errs := build("pdf"); !strings.Contains(errs, "left as they were: html (stale: made with other outputs than those there now), xlsx (stale") {
		t.Errorf("after rendering html: %s", errs)
	}
	code, _, errs := cliRun(t, "build", "--root", site, "--out", out, "--today", "2026-11-22", "--only", "xlsx", "--lang", "en")
	if code != 0 || !strings.Contains(errs, "left as they were: html (stale: rendered from other sources or options), pdf (stale") {
		t.Errorf("another today: exit %d: %s", code, errs)
	}
}

// Characters the PDF fonts lack are found by validate, so validate --strict
// and build --strict agree, and build reports them once.
func TestGlyphsFoundByValidate(t *testing.T) {
	doc := strings.Replace(cliDoc, "NEXT", "2027-01-01", 1) + "\nSelesai 😀.\n"
	site := cliSite(t, map[string]string{"content/a.md": doc})
	code, out, _ := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--strict", "--lang", "en")
	if code != 1 || !strings.Contains(out, "content/a.md:15:9: warning pdf-missing-glyph: ") || !strings.Contains(out, "U+1F600") {
		t.Errorf("validate --strict: exit %d\n%s", code, out)
	}
	if code, _, errs := cliRun(t, "build", "--root", site, "--out", filepath.Join(t.TempDir(), "o"), "--today", "2026-11-21", "--strict"); code != 1 {
		t.Errorf("build --strict: exit %d, want 1 like validate --strict\n%s", code, errs)
	}
	code, _, errs := cliRun(t, "build", "--root", site, "--out", filepath.Join(t.TempDir(), "o"), "--today", "2026-11-21", "--only", "pdf", "--lang", "en")
	if code != 0 || strings.Count(errs, "pdf-missing-glyph") != 1 || !strings.Contains(errs, "content/a.md:15:9: warning pdf-missing-glyph") {
		t.Errorf("build: exit %d; want the glyph warning once, at its line:\n%s", code, errs)
	}
	// the organisation heads every page: found in the settings, reported once
	os.WriteFile(filepath.Join(site, "smsgen.yaml"), []byte("organization: Pusdatin ★ ✅\n"), 0o644)
	code, _, errs = cliRun(t, "build", "--root", site, "--out", filepath.Join(t.TempDir(), "o"), "--today", "2026-11-21", "--only", "pdf", "--lang", "en")
	if code != 0 || strings.Count(errs, "pdf-missing-glyph") != 2 || !strings.Contains(errs, "smsgen.yaml: warning pdf-missing-glyph: characters missing from the PDF font were replaced by a substitute mark: U+2605, U+2705") {
		t.Errorf("build: exit %d; want the glyph warnings of a.md and smsgen.yaml, once each:\n%s", code, errs)
	}
}

// The repository's .gitlab-ci.yml hands GitLab the report `validate --format
// gitlab` writes, keeps it when the job fails, and fails the job on errors.
func TestGitLabCIFile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var ci struct {
		Validate *struct {
			Script    []string `yaml:"script"`
			Artifacts struct {
				When    string            `yaml:"when"`
				Reports map[string]string `yaml:"reports"`
			} `yaml:"artifacts"`
		} `yaml:"validate"`
	}
	if err := yaml.Unmarshal(b, &ci); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	job := ci.Validate
	if job == nil {
		t.Fatal("no validate job")
	}
	report := job.Artifacts.Reports["codequality"]
	script := strings.Join(job.Script, "\n")
	if report == "" || job.Artifacts.When != "always" {
		t.Errorf("validate job: codequality report %q, artifacts when %q (want always)", report, job.Artifacts.When)
	}
	if !regexp.MustCompile(`smsgen validate [^\n]*--format gitlab > `+regexp.QuoteMeta(report)+` \|\| status=\$\?`).MatchString(script) ||
		!strings.Contains(script, "exit $status") {
		t.Errorf("validate job does not write %s with --format gitlab and fail with its status:\n%s", report, script)
	}
}
