package diag

// Fuzz target for the output formats: whatever a finding holds (newlines, '::',
// '%', invalid UTF-8, escape sequences), text and GitHub output stay one line per
// finding with no raw control characters, and JSON and SARIF stay valid JSON.
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
		var b bytes.Buffer
		if err := Text(&b, fs); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "\n"); n != len(fs) {
			t.Fatalf("text: %d lines for %d findings:\n%s", n, len(fs), b.String())
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
