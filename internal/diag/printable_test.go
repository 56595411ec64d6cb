package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// hostileText holds what a terminal or a CI log would act on: escape
// sequences (colour, title, cursor), a C1 CSI, DEL, bidi overrides and
// isolates, a bare carriage return and a byte that is not UTF-8.
const hostileText = "a\x1b[31mred\x1b]0;title\x07\x9b2J\u009b\x7f\u202eevil\u2066x\u2069\r\xffz"

func hasRaw(s string) bool {
	for _, r := range []string{"\x1b", "\x07", "\x7f", "\u009b", "\u202e", "\u2066", "\u2069", "\r", "\xff", "\x9b"} {
		if strings.Contains(s, r) {
			return true
		}
	}
	return false
}

func TestPrintable(t *testing.T) {
	got := Printable(hostileText)
	want := `a\x1b[31mred\x1b]0;title\x07\x9b2J\u009b\x7f\u202eevil\u2066x\u2069\x0d\xffz`
	if got != want {
		t.Errorf("Printable = %q\nwant        %q", got, want)
	}
	for _, s := range []string{"Prosedur Manajemen Insiden", "tab\tand\nline", "Café – “kutip” 日本 🙂"} {
		if Printable(s) != s {
			t.Errorf("Printable changed %q to %q", s, Printable(s))
		}
	}
}

func TestPrintableWriterKeepsSplitRunes(t *testing.T) {
	var b bytes.Buffer
	w := PrintableWriter(&b)
	in := []byte("é\u202e日" + "\x1b[2J")
	for i := range in { // one byte a write: every sequence is split
		if _, err := w.Write(in[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := b.String(), `é\u202e日\x1b[2J`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Values from a site never reach the terminal or a workflow annotation raw;
// JSON and SARIF keep them exactly (escaped by JSON itself).
func TestFormatsEscapeControlCharacters(t *testing.T) {
	fs := []Finding{{Code: "broken-link", Severity: Error, File: "content/x\x1b[2J.md", Line: 3, Column: 1,
		Value: hostileText, Message: "broken link: " + hostileText}}
	var text, gh, js, sarif bytes.Buffer
	if err := Text(&text, fs); err != nil {
		t.Fatal(err)
	}
	if err := GitHub(&gh, fs); err != nil {
		t.Fatal(err)
	}
	if hasRaw(text.String()) || hasRaw(gh.String()) {
		t.Errorf("raw control characters in\ntext:   %q\ngithub: %q", text.String(), gh.String())
	}
	if !strings.Contains(text.String(), `content/x\x1b[2J.md:3:1: error broken-link: broken link: a\x1b[31mred`) {
		t.Errorf("text = %q", text.String())
	}
	if strings.Count(text.String(), "\n") != 1 || strings.Count(gh.String(), "\n") != 1 {
		t.Errorf("one finding, one line: text %q, github %q", text.String(), gh.String())
	}
	if err := JSON(&js, fs, false); err != nil {
		t.Fatal(err)
	}
	if err := SARIF(&sarif, fs, "smsgen", "test", func(string) (string, string, Severity) { return "", "", Error }); err != nil {
		t.Fatal(err)
	}
	for _, b := range []*bytes.Buffer{&js, &sarif} {
		for _, c := range b.Bytes() {
			if c < 0x20 && c != '\n' {
				t.Fatalf("raw control byte %#x in JSON output", c)
			}
		}
	}
	var got struct {
		Findings []struct{ File, Value, Message string }
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	valid := strings.ToValidUTF8(hostileText, "\uFFFD") // JSON text is UTF-8
	if f := got.Findings[0]; f.File != fs[0].File || f.Value != valid || f.Message != oneLine("broken link: "+valid) {
		t.Errorf("JSON does not keep the values exactly: %+v", f)
	}
}

// A cut is never silent: the collector counts what it leaves out, through
// Merge too, and the totals of JSON and Count are the true ones.
func TestTruncationTotals(t *testing.T) {
	var sub Collector
	for i := 0; i < 10000; i++ {
		if sub.Full("r.csv", "unknown-field", 1, i+1) {
			continue
		}
		sub.Add(Finding{Code: "unknown-field", Severity: Warning, File: "r.csv", Line: 1, Column: i + 1, Message: "m"})
	}
	var c Collector
	c.Merge(&sub)
	c.Merge(&Collector{})
	tr := c.Truncations()
	if len(tr) != 1 || tr[0] != (Truncation{File: "r.csv", Code: "unknown-field", Severity: Warning, Kept: MaxPerFileCode, Total: 10000}) {
		t.Fatalf("Truncations = %+v", tr)
	}
	fs := c.Findings()
	fs = append(fs, Finding{Code: "findings-truncated", Severity: Warning, File: "r.csv", Value: "unknown-field",
		Omitted: &Omission{Code: "unknown-field", Severity: Warning, Count: 10000 - MaxPerFileCode}})
	if n := Count(fs, Warning); n != 10001 {
		t.Errorf("Count = %d, want 10001", n)
	}
	var js bytes.Buffer
	if err := JSON(&js, fs, true); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Counts struct {
			BySeverity map[string]int `json:"by_severity"`
			ByCode     map[string]int `json:"by_code"`
			Total      int
		}
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Counts.Total != 10001 || got.Counts.ByCode["unknown-field"] != 10000 || got.Counts.BySeverity["warning"] != 10001 {
		t.Errorf("counts = %+v", got.Counts)
	}
}
