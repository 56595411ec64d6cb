package diag

// Fuzz target for the output formats: whatever a finding holds (newlines, '::',
// '%', invalid UTF-8, escape sequences), text output stays one line per finding
// (and one for its help), GitHub output one line per finding, with no raw
// control characters, and JSON, SARIF and the GitLab report stay valid JSON.
//
//	go test -run='^$' -fuzz=FuzzFormats -fuzztime=10s ./internal/diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzFormats(f *testing.F) {
	f.Add("content/a b.md", "broken-link", "broken link: x\n::error file=y::z", "v%0A", 3, 4)
	f.Add("registers/ü.csv", "invalid-date", "\xff\xfe", "", 0, 0)
	f.Add("content/\x1b[2J.md", "x\u202e", "\x1b]0;t\x07\u2066\x9b\r\t\u2028", "\x7f", 1, 1)
	f.Fuzz(func(t *testing.T, file, code, msg, value string, line, col int) {
		var c Collector
		c.Add(Finding{Code: code, Severity: Error, File: file, Line: line, Column: col, Value: value, Message: msg})
		c.Add(Finding{Code: code, Severity: Warning, File: file, Line: line + 1, Message: msg + "2"})
		fs := c.Findings()
		helps := 0
		for i := range fs {
			if fs[i].Severity == Error { // the help may hold anything a message may
				fs[i].Help = value + msg
				if oneLine(fs[i].Help) != "" {
					helps++
				}
			}
		}
		var b bytes.Buffer
		if err := Text(&b, fs); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "\n"); n != len(fs)+helps {
			t.Fatalf("text: %d lines for %d findings and %d helps:\n%s", n, len(fs), helps, b.String())
		}
		noRawControls(t, "text", b.String())
		b.Reset()
		if err := GitHub(&b, fs); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "\n"); n != len(fs) {
			t.Fatalf("github: %d lines for %d findings:\n%s", n, len(fs), b.String())
		}
		noRawControls(t, "github", b.String())
		for _, ln := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if !strings.HasPrefix(ln, "::error ") && !strings.HasPrefix(ln, "::warning ") {
				t.Fatalf("github line is no workflow command: %q", ln)
			}
		}
		b.Reset()
		if err := JSON(&b, fs, false); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b.Bytes()) {
			t.Fatalf("JSON output is not valid JSON:\n%s", b.String())
		}
		b.Reset()
		info := func(code string) (string, string, Severity) { return code, "help " + code, Error }
		if err := SARIF(&b, fs, "smsgen", "dev", info); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(b.Bytes(), &log); err != nil || log.Version != "2.1.0" {
			t.Fatalf("SARIF output invalid (%v):\n%s", err, b.String())
		}
		b.Reset()
		if err := GitLab(&b, fs); err != nil {
			t.Fatal(err)
		}
		var issues []struct {
			Fingerprint string `json:"fingerprint"`
			Location    struct {
				Lines struct {
					Begin int `json:"begin"`
				} `json:"lines"`
			} `json:"location"`
		}
		if err := json.Unmarshal(b.Bytes(), &issues); err != nil || len(issues) != len(fs) {
			t.Fatalf("GitLab report invalid (%v):\n%s", err, b.String())
		}
		seen := map[string]bool{}
		for _, is := range issues {
			if seen[is.Fingerprint] || is.Location.Lines.Begin < 1 {
				t.Fatalf("GitLab report: fingerprint twice or line below 1:\n%s", b.String())
			}
			seen[is.Fingerprint] = true
		}
	})
}

// noRawControls fails when out holds a character a terminal or CI log would
// act on (only the line feeds between findings are allowed), or bytes that
// are not UTF-8.
func noRawControls(t *testing.T, format, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s output is not UTF-8: %q", format, out)
	}
	for _, r := range out {
		if r != '\n' && unsafeRune(r) || r == '\t' {
			t.Fatalf("%s output holds %U raw: %q", format, r, out)
		}
	}
}
