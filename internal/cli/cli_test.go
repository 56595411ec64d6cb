package cli

// Tests of the command line through Main: exit statuses, the output formats of
// validate (CONTRACT.md "Diagnostics"), version and --help on every command.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cliRun runs the command line and returns the exit status, stdout and stderr.
func cliRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

// cliSite writes a site (files by site-relative path) into a temporary folder.
func cliSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const cliDoc = `---
doc_id: KEB-1
title: Kebijakan
doc_type: policy
version: "1.0"
status: draft
owner: Kabid
next_review: NEXT
classification: internal
---
# Kebijakan

Isi.
`

// Three sites: clean, with a warning only (a past review date), with an error
// (an invalid date and a broken link) and a warning.
func cleanSite(t *testing.T) string {
	return cliSite(t, map[string]string{"content/a.md": strings.Replace(cliDoc, "NEXT", "2027-01-01", 1)})
}

func warningSite(t *testing.T) string {
	return cliSite(t, map[string]string{"content/a.md": strings.Replace(cliDoc, "NEXT", "2026-01-01", 1)})
}

func errorSite(t *testing.T) string {
	return cliSite(t, map[string]string{
		"content/a.md": strings.Replace(cliDoc, "NEXT", "2026-01-01", 1) + "\n[rusak](doc:TIDAK-ADA)\n",
		"registers/risks.csv": "id,risk_area,asset_or_service,threat,likelihood,impact,owner,treatment,assessed_at,next_review\n" +
			"RSK-1,availability,Surel,Listrik,2,2,Kabid,accept,31/02/2026,2027-02-28\n",
	})
}

func TestValidateExitStatus(t *testing.T) {
	clean, warn, bad := cleanSite(t), warningSite(t), errorSite(t)
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{"validate", "--root", clean, "--today", "2026-11-21"}, 0},
		{"warnings are allowed", []string{"validate", "--root", warn, "--today", "2026-11-21"}, 0},
		{"warnings fail with --strict", []string{"validate", "--root", warn, "--today", "2026-11-21", "--strict"}, 1},
		{"clean with --strict", []string{"validate", "--root", clean, "--today", "2026-11-21", "--strict"}, 0},
		{"errors", []string{"validate", "--root", bad, "--today", "2026-11-21"}, 1},
		{"errors in json", []string{"validate", "--root", bad, "--today", "2026-11-21", "--format", "json"}, 1},
		{"unknown flag", []string{"validate", "--no-such-flag"}, 2},
		{"unknown format", []string{"validate", "--root", clean, "--format", "xml"}, 2},
		{"bad --today", []string{"validate", "--root", clean, "--today", "21/11/2026"}, 2},
		{"bad --lang", []string{"validate", "--root", clean, "--lang", "fr"}, 2},
		{"extra argument", []string{"validate", "extra"}, 2},
		{"missing root", []string{"validate", "--root", filepath.Join(clean, "tidak-ada")}, 2},
		{"root is a file", []string{"validate", "--root", filepath.Join(clean, "content", "a.md")}, 2},
		{"unknown command", []string{"no-such-command"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := cliRun(t, c.args...)
			if code != c.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.want, out, errs)
			}
			if strings.Contains(errs, "internal error") || strings.Contains(errs, "panic") {
				t.Errorf("a panic reached the user:\n%s", errs)
			}
		})
	}
}

func TestValidateSourceDateEpoch(t *testing.T) {
	warn := warningSite(t)
	// 2025-11-21: the review date 2026-01-01 has not passed yet.
	t.Setenv("SOURCE_DATE_EPOCH", "1763683200")
	if code, out, errs := cliRun(t, "validate", "--root", warn, "--strict"); code != 0 {
		t.Errorf("with SOURCE_DATE_EPOCH in 2025: exit %d, want 0\n%s%s", code, out, errs)
	}
	// --today wins over SOURCE_DATE_EPOCH.
	if code, _, _ := cliRun(t, "validate", "--root", warn, "--strict", "--today", "2026-11-21"); code != 1 {
		t.Errorf("--today 2026-11-21 with --strict: exit %d, want 1", code)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "kemarin")
	if code, _, _ := cliRun(t, "validate", "--root", warn); code != 2 {
		t.Errorf("invalid SOURCE_DATE_EPOCH: exit %d, want 2", code)
	}
}

var textLine = regexp.MustCompile(`^[^:\s]+(:\d+(:\d+)?)?: (error|warning|info) [a-z0-9-]+: \S.*$`)

func TestValidateText(t *testing.T) {
	code, out, errs := cliRun(t, "validate", "--root", errorSite(t), "--today", "2026-11-21", "--lang", "en")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, ln := range lines {
		if strings.HasPrefix(ln, "    ") && i > 0 && textLine.MatchString(lines[i-1]) {
			continue // the help of the finding above
		}
		if !textLine.MatchString(ln) {
			t.Errorf("not FILE:LINE:COL: SEVERITY CODE: MESSAGE: %q", ln)
		}
	}
	for _, want := range []string{
		"content/a.md:8:14: warning review-overdue: ",
		"content/a.md:15:1: error broken-link: broken link: doc:TIDAK-ADA",
		"registers/risks.csv:2:51: error invalid-date: Assessment date: 31/02/2026 is not a valid date",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "2 errors, 1 warning") {
		t.Errorf("summary on stderr: %q", errs)
	}
	// Messages follow the site's language (Indonesian by default) and name fields by their labels; codes do not.
	_, outID, _ := cliRun(t, "validate", "--root", errorSite(t), "--today", "2026-11-21")
	if !strings.Contains(outID, "error invalid-date: Tanggal Penilaian: 31/02/2026 bukan tanggal yang sah") {
		t.Errorf("default messages are not Indonesian:\n%s", outID)
	}
}

func TestValidateJSON(t *testing.T) {
	for _, c := range []struct {
		site  func(*testing.T) string
		valid bool
		total int
	}{{cleanSite, true, 0}, {warningSite, true, 1}, {errorSite, false, 3}} {
		_, out, _ := cliRun(t, "validate", "--root", c.site(t), "--today", "2026-11-21", "--format", "json")
		var doc struct {
			Valid  *bool `json:"valid"`
			Counts struct {
				BySeverity map[string]int `json:"by_severity"`
				ByCode     map[string]int `json:"by_code"`
				Total      *int           `json:"total"`
			} `json:"counts"`
			Findings []map[string]any `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if doc.Valid == nil || *doc.Valid != c.valid {
			t.Errorf("valid = %v, want %v", doc.Valid, c.valid)
		}
		if doc.Counts.Total == nil || *doc.Counts.Total != c.total || len(doc.Findings) != c.total {
			t.Errorf("total %v, findings %d, want %d", doc.Counts.Total, len(doc.Findings), c.total)
		}
		if doc.Counts.BySeverity == nil || doc.Counts.ByCode == nil || doc.Findings == nil {
			t.Errorf("counts by severity and by code, and findings, must be present (even when empty):\n%s", out)
		}
		sum := 0
		for _, n := range doc.Counts.BySeverity {
			sum += n
		}
		if sum != c.total {
			t.Errorf("counts by severity add up to %d, want %d", sum, c.total)
		}
		for _, f := range doc.Findings {
			for _, k := range []string{"code", "severity", "file", "line", "column", "register", "record", "field", "value", "clause", "message"} {
				if _, ok := f[k]; !ok {
					t.Errorf("finding without key %q: %v", k, f)
				}
			}
			if doc.Counts.ByCode[f["code"].(string)] == 0 {
				t.Errorf("code %v not counted", f["code"])
			}
		}
	}
	// A finding about a record names the register, the record and the field.
	_, out, _ := cliRun(t, "validate", "--root", errorSite(t), "--today", "2026-11-21", "--format", "json")
	if !strings.Contains(out, `"register": "risks"`) || !strings.Contains(out, `"record": "RSK-1"`) || !strings.Contains(out, `"field": "assessed_at"`) {
		t.Errorf("the invalid date does not name register, record and field:\n%s", out)
	}
}

var githubLine = regexp.MustCompile(`^::(error|warning|notice) file=[^,:]+(,line=\d+(,col=\d+)?)?,title=[a-z0-9-]+::\S.*$`)

func TestValidateGitHub(t *testing.T) {
	code, out, _ := cliRun(t, "validate", "--root", errorSite(t), "--today", "2026-11-21", "--format", "github")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Errorf("%d lines, want 3:\n%s", len(lines), out)
	}
	for _, ln := range lines {
		if !githubLine.MatchString(ln) {
			t.Errorf("not a workflow command: %q", ln)
		}
	}
	if !strings.Contains(out, "::error file=registers/risks.csv,line=2,col=51,title=invalid-date::") {
		t.Errorf("missing the invalid date annotation:\n%s", out)
	}
}

func TestValidateSARIF(t *testing.T) {
	code, out, _ := cliRun(t, "validate", "--root", errorSite(t), "--today", "2026-11-21", "--format", "sarif")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	r := log.Runs[0]
	if r.Tool.Driver.Name != "smsgen" || len(r.Tool.Driver.Rules) != 3 {
		t.Errorf("driver %q with %d rules, want smsgen with 3", r.Tool.Driver.Name, len(r.Tool.Driver.Rules))
	}
	for _, rule := range r.Tool.Driver.Rules {
		if rule.ID == "" || rule.Help.Text == "" {
			t.Errorf("rule without id or help: %+v", rule)
		}
	}
	if len(r.Results) != 3 {
		t.Fatalf("%d results, want 3", len(r.Results))
	}
	for _, res := range r.Results {
		if res.RuleIndex == nil || *res.RuleIndex >= len(r.Tool.Driver.Rules) || r.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex does not point at its rule", res.RuleID)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" ||
			res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("result %s without a location with a line: %+v", res.RuleID, res.Locations)
		}
		if res.Message.Text == "" || (res.Level != "error" && res.Level != "warning") {
			t.Errorf("result %s: level %q, message %q", res.RuleID, res.Level, res.Message.Text)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := cliRun(t, "version")
	if code != 0 || !regexp.MustCompile(`^smsgen \S+\n$`).MatchString(out) {
		t.Errorf("version: exit %d, output %q", code, out)
	}
	old := Version
	Version = "v1.2.3"
	defer func() { Version = old }()
	if _, out, _ := cliRun(t, "version"); out != "smsgen v1.2.3\n" {
		t.Errorf("version with -ldflags: %q", out)
	}
	if code, _, _ := cliRun(t, "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d, want 2", code)
	}
}

// TestHelpEverywhere runs --help on the root and every command, whoever added it.
func TestHelpEverywhere(t *testing.T) {
	root := newRoot(&bytes.Buffer{}, &bytes.Buffer{})
	names := []string{""}
	for _, c := range root.Commands() {
		if !c.Hidden && c.Name() != "help" {
			names = append(names, c.Name())
		}
	}
	if len(names) < 3 {
		t.Fatalf("commands: %v", names)
	}
	for _, n := range names {
		args := []string{"--help"}
		if n != "" {
			args = []string{n, "--help"}
		}
		code, out, errs := cliRun(t, args...)
		if code != 0 {
			t.Errorf("%v: exit %d\n%s", args, code, errs)
		}
		if !strings.Contains(out, "Usage:") || (n != "" && !strings.Contains(out, "smsgen "+n)) {
			t.Errorf("%v: no usage:\n%s", args, out)
		}
	}
}

// sarifLog is the part of a SARIF 2.1.0 log the tests read.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID   string `json:"id"`
					Help struct {
						Text string `json:"text"`
					} `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}
