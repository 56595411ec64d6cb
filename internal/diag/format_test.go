package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The GitLab report: severities mapped to GitLab's, a line from 1, accepted
// findings left out, and fingerprints that identify a finding by what it is
// about, not where it sits or how it is worded.
func TestGitLabFingerprints(t *testing.T) {
	fs := []Finding{
		{Code: "broken-link", Severity: Error, File: "sms/content/a.md", Line: 12, Value: "doc:X", Message: "broken link: doc:X", Help: "Fix the link."},
		{Code: "broken-link", Severity: Error, File: "sms/content/a.md", Line: 30, Value: "doc:X", Message: "broken link: doc:X"},
		{Code: "review-overdue", Severity: Warning, File: "sms/content/a.md", Line: 8, Message: "overdue"},
		{Code: "empty-file", Severity: Info, File: "sms/content/b.md", Message: "empty"},
		{Code: "raw-html", Severity: Warning, File: "sms/content/a.md", Line: 40, Message: "raw", Accepted: "a form"},
	}
	report := func(fs []Finding) []map[string]any {
		var b bytes.Buffer
		if err := GitLab(&b, fs); err != nil {
			t.Fatal(err)
		}
		var out []map[string]any
		if err := json.Unmarshal(b.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := report(fs)
	if len(first) != 4 {
		t.Fatalf("%d issues, want 4 (the accepted one left out)", len(first))
	}
	for i, want := range []string{"major", "major", "minor", "info"} {
		if first[i]["severity"] != want {
			t.Errorf("issue %d: severity %v, want %s", i, first[i]["severity"], want)
		}
	}
	if d := first[0]["description"]; d != "broken link: doc:X — Fix the link." {
		t.Errorf("description %q: want the message, then the help", d)
	}
	if l := first[3]["location"].(map[string]any)["lines"].(map[string]any)["begin"]; l != float64(1) {
		t.Errorf("a finding about a whole file begins at line %v, want 1", l)
	}
	if first[0]["fingerprint"] == first[1]["fingerprint"] {
		t.Errorf("two broken links to the same target share a fingerprint")
	}
	// lines added above, another language: the same fingerprints
	moved := append([]Finding(nil), fs...)
	for i := range moved {
		moved[i].Line += 5
		moved[i].Message = "tautan rusak"
	}
	for i, is := range report(moved) {
		if is["fingerprint"] != first[i]["fingerprint"] {
			t.Errorf("issue %d: fingerprint changed with the line or the message", i)
		}
	}
	// another record or value: another fingerprint
	other := append([]Finding(nil), fs...)
	other[2].File = "sms/content/c.md"
	if report(other)[2]["fingerprint"] == first[2]["fingerprint"] {
		t.Errorf("a finding in another file has the same fingerprint")
	}
}

// Accepted findings: out of text, annotations and the counts, listed in JSON
// with their reason, a suppression in SARIF.
func TestAcceptedInFormats(t *testing.T) {
	fs := []Finding{
		{Code: "raw-html", Severity: Warning, File: "content/a.md", Line: 4, Message: "raw", Help: "Use Markdown.", Accepted: "a form"},
		{Code: "broken-link", Severity: Error, File: "content/a.md", Line: 9, Message: "broken", Help: "Fix the link."},
	}
	if Count(fs, Warning) != 1 || Count(fs, Error) != 1 || CountAccepted(fs) != 1 {
		t.Errorf("counts: warnings and above %d, errors %d, accepted %d", Count(fs, Warning), Count(fs, Error), CountAccepted(fs))
	}
	var b bytes.Buffer
	Text(&b, fs)
	if b.String() != "content/a.md:9: error broken-link: broken\n    Fix the link.\n" {
		t.Errorf("text: %q", b.String())
	}
	b.Reset()
	GitHub(&b, fs)
	if b.String() != "::error file=content/a.md,line=9,title=broken-link::broken%0AFix the link.\n" {
		t.Errorf("github: %q", b.String())
	}
	b.Reset()
	JSON(&b, fs, false)
	var j struct {
		Counts struct {
			Total    int            `json:"total"`
			Accepted int            `json:"accepted"`
			ByCode   map[string]int `json:"by_code"`
		} `json:"counts"`
		Findings []struct {
			Help           string `json:"help"`
			Accepted       bool   `json:"accepted"`
			AcceptedReason string `json:"accepted_reason"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Counts.Total != 1 || j.Counts.Accepted != 1 || j.Counts.ByCode["raw-html"] != 0 || len(j.Findings) != 2 ||
		!j.Findings[0].Accepted || j.Findings[0].AcceptedReason != "a form" || j.Findings[1].Accepted || j.Findings[1].Help != "Fix the link." {
		t.Errorf("json: %s", b.String())
	}
	b.Reset()
	SARIF(&b, fs, "smsgen", "dev", func(c string) (string, string, Severity) { return c, "help", Error })
	if strings.Count(b.String(), `"justification": "a form"`) != 1 {
		t.Errorf("sarif: no suppression for the accepted finding:\n%s", b.String())
	}
}
