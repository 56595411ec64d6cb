package pipeline_test

// The integration harness, in the manner of Hugo's hugolib/integrationtest_builder.go:
// a test writes a whole small site from a txtar archive into a temporary folder,
// runs pipeline.Run with a fixed today (2026-11-21) and English messages, and compares
// the findings in the CONTRACT text form (FILE:LINE:COL: SEVERITY CODE: MESSAGE)
// with the archive's golden section.
//
// Archive layout (internal/pipeline/testdata/*.txtar):
//
//	What the fixture proves, in prose.
//	want registers/incidents.csv:3 priority-mismatch     <- must fire exactly there
//	-- registers/incidents.csv --
//	...site files...
//	-- #findings --
//	...the complete expected findings (golden); nothing else may appear...
//
// Sections whose names start with '#' are the harness's and are not written to the site.
// `go test ./internal/pipeline -run TestRules -update` rewrites the #findings sections;
// the `want` lines are hand-written and are checked even then, so an update can never
// silently accept a rule that stopped firing where the fixture says it must.

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden findings of testdata/*.txtar")

// today is the fixed "today" of every fixture.
var today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

const goldenSection = "#findings"

// want is a hand-written expectation: code must be reported at file:line.
type want struct {
	file string
	line int
	code string
}

func (w want) String() string { return w.file + ":" + strconv.Itoa(w.line) + " " + w.code }

var wantRe = regexp.MustCompile(`^want\s+(\S+?):(\d+)\s+(\S+)\s*$`)

// fixture is one parsed txtar archive.
type fixture struct {
	path  string
	ar    *txtar.Archive
	wants []want
}

func loadFixture(t testing.TB, path string) *fixture {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	fx := &fixture{path: path, ar: ar}
	sc := bufio.NewScanner(bytes.NewReader(ar.Comment))
	for sc.Scan() {
		ln := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(ln, "want ") {
			continue
		}
		m := wantRe.FindStringSubmatch(ln)
		if m == nil {
			t.Fatalf("%s: malformed want line %q (want FILE:LINE CODE)", path, ln)
		}
		n, _ := strconv.Atoi(m[2])
		fx.wants = append(fx.wants, want{m[1], n, m[3]})
	}
	return fx
}

// golden returns the #findings section (and whether there is one).
func (fx *fixture) golden() (string, bool) {
	for _, f := range fx.ar.Files {
		if f.Name == goldenSection {
			return string(f.Data), true
		}
	}
	return "", false
}

// setGolden replaces (or appends) the #findings section and rewrites the archive.
func (fx *fixture) setGolden(t testing.TB, text string) {
	t.Helper()
	found := false
	for i := range fx.ar.Files {
		if fx.ar.Files[i].Name == goldenSection {
			fx.ar.Files[i].Data = []byte(text)
			found = true
		}
	}
	if !found {
		fx.ar.Files = append(fx.ar.Files, txtar.File{Name: goldenSection, Data: []byte(text)})
	}
	if err := os.WriteFile(fx.path, txtar.Format(fx.ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeSite writes the archive's site files into a new temporary folder and returns it.
func writeSite(t testing.TB, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "#") {
			continue
		}
		if strings.Contains(f.Name, "..") || filepath.IsAbs(f.Name) {
			t.Fatalf("fixture file name %q leaves the site", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// siteFromTxtar builds a site from archive text given inline in a test.
func siteFromTxtar(t testing.TB, src string) string {
	t.Helper()
	return writeSite(t, txtar.Parse([]byte(src)))
}

// run checks the site at dir with the fixed today and English messages.
func run(t testing.TB, dir string) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today, Lang: "en"})
	if err != nil {
		t.Fatalf("pipeline.Run: %v", err)
	}
	return res
}

// text renders findings in the CONTRACT text form, with the site root replaced by $ROOT.
func text(t testing.TB, dir string, fs []diag.Finding) string {
	t.Helper()
	var b bytes.Buffer
	if err := diag.Text(&b, fs); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		s = strings.ReplaceAll(s, real, "$ROOT")
	}
	return strings.ReplaceAll(s, dir, "$ROOT")
}

// checkInvariants asserts what holds for every finding of every site.
func checkInvariants(t testing.TB, fs []diag.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.File == "" {
			t.Errorf("finding without a file: %+v", f)
		}
		if strings.HasPrefix(f.File, "/") || strings.Contains(f.File, "..") {
			t.Errorf("finding file %q is not site-relative: %+v", f.File, f)
		}
		if f.Code == "" || f.Message == "" {
			t.Errorf("finding without code or message: %+v", f)
		}
		if f.Register != "" && f.Record != "" && f.Field == "" {
			t.Errorf("finding about record %s/%s names no field: %+v", f.Register, f.Record, f)
		}
	}
}

// has reports whether a finding with code is at file:line.
func has(fs []diag.Finding, file string, line int, code string) bool {
	for _, f := range fs {
		if f.File == file && f.Line == line && f.Code == code {
			return true
		}
	}
	return false
}

// codesOf returns the codes of the findings.
func codesOf(fs []diag.Finding) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		out[f.Code] = true
	}
	return out
}

// runFixture runs one archive: wants, golden, determinism and invariants. It returns the findings.
func runFixture(t *testing.T, path string) []diag.Finding {
	t.Helper()
	fx := loadFixture(t, path)
	dir := writeSite(t, fx.ar)
	res := run(t, dir)
	got := text(t, dir, res.Findings)
	checkInvariants(t, res.Findings)
	for _, w := range fx.wants {
		if !has(res.Findings, w.file, w.line, w.code) {
			t.Errorf("want %s: not reported", w)
		}
	}
	// Same sources, same findings, byte for byte (loading and validation run in parallel).
	if again := text(t, dir, run(t, dir).Findings); again != got {
		t.Errorf("findings differ between two runs:\n%s\n---\n%s", got, again)
	}
	golden, ok := fx.golden()
	switch {
	case *update:
		if !ok || golden != got {
			fx.setGolden(t, got)
			t.Logf("updated %s", path)
		}
	case !ok:
		t.Errorf("%s has no %s section; run go test ./internal/pipeline -update", path, goldenSection)
	case golden != got:
		t.Errorf("findings differ from %s (run with -update to accept):\n--- want\n%s--- got\n%s", path, golden, got)
	}
	return res.Findings
}
