package cli

// Hostile cases of the command line (issue 10, "Smaller ones"): errors of a
// site's layout as positioned findings in every format, ids that `new` must
// refuse, and escape sequences in what is printed to the terminal.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// rawControls are characters a terminal or a CI log would act on.
var rawControls = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]")

// runBounded is cliRun with a deadline: a hang fails the test instead of the suite.
func runBounded(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type res struct {
		code     int
		out, err string
	}
	done := make(chan res, 1)
	go func() {
		c, o, e := cliRun(t, args...)
		done <- res{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(60 * time.Second):
		t.Fatalf("smsgen %s did not finish within 60 s", strings.Join(args, " "))
	}
	return 0, "", ""
}

// A layout that does not parse, fails when a page is rendered, is not UTF-8
// or overrides nothing stops the build with exit 2, nothing written, and a
// finding at FILE:LINE:COL in the chosen format.
func TestLayoutErrorsAreFindings(t *testing.T) {
	cases := []struct {
		name, file, body string
		code             string
		line, col        int
	}{
		{"execution", "layouts/header.html", "<header>\n<p>{{.NoSuchField}}</p>\n", "layout-error", 2, 5},
		{"parse", "layouts/footer.html", "<footer>\n\n<p>{{if}}</p>\n", "layout-error", 3, 0},
		{"not UTF-8", "layouts/header.html", "<header>\n<p>caf\xe9</p>\n", "invalid-utf8", 2, 7},
		{"unknown name", "layouts/kepala.html", "<p>x</p>\n", "layout-error", 0, 0},
		{"link to itself", "layouts/header.html", "->header.html", "symlink-loop", 0, 0},
		{"link outside", "layouts/header.html", "->/etc/hostname", "symlink-outside-root", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := cleanSite(t)
			if err := os.MkdirAll(filepath.Join(site, "layouts"), 0o755); err != nil {
				t.Fatal(err)
			}
			if target, ok := strings.CutPrefix(c.body, "->"); ok {
				if err := os.Symlink(target, filepath.Join(site, filepath.FromSlash(c.file))); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(c.file)), []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "output")
			build := func(format string) string {
				code, _, stderr := runBounded(t, "build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21", "--lang", "en", "--format", format)
				if code != 2 {
					t.Fatalf("--format %s: exit %d, want 2:\n%s", format, code, stderr)
				}
				if _, err := os.Stat(out); err == nil {
					t.Fatalf("--format %s: the failed build wrote %s", format, out)
				}
				return stderr
			}
			loc := c.file
			if c.line > 0 {
				loc += ":" + itoa(c.line)
				if c.col > 0 {
					loc += ":" + itoa(c.col)
				}
			}
			if text := build("text"); !strings.Contains(text, loc+": error "+c.code+": ") {
				t.Errorf("text: no finding %s: error %s:\n%s", loc, c.code, text)
			} else if strings.Contains(text, "html.Page") || strings.Contains(text, "executing") {
				t.Errorf("text: the message speaks of the program's internals:\n%s", text)
			}
			gh := "::error file=" + c.file
			if c.line > 0 {
				gh += ",line=" + itoa(c.line)
				if c.col > 0 {
					gh += ",col=" + itoa(c.col)
				}
			}
			if s := build("github"); !strings.Contains(s, gh+",title="+c.code+"::") {
				t.Errorf("github: no annotation %s:\n%s", gh, s)
			}
			js := build("json")
			end := strings.LastIndex(js, "}")
			var doc struct {
				Valid    bool
				Findings []struct {
					Code, File   string
					Line, Column int
				}
			}
			if end < 0 || json.Unmarshal([]byte(js[:end+1]), &doc) != nil {
				t.Fatalf("json: not one JSON document:\n%s", js)
			}
			if doc.Valid || len(doc.Findings) != 1 || doc.Findings[0].Code != c.code || doc.Findings[0].File != c.file ||
				doc.Findings[0].Line != c.line || doc.Findings[0].Column != c.col {
				t.Errorf("json: %+v", doc)
			}
			sarif := build("sarif")
			var log sarifLog
			if err := json.Unmarshal([]byte(sarif[:strings.LastIndex(sarif, "}")+1]), &log); err != nil {
				t.Fatalf("sarif: %v\n%s", err, sarif)
			}
			if len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 || log.Runs[0].Results[0].RuleID != c.code ||
				log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != c.file ||
				log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region.StartLine != max(c.line, 1) {
				t.Errorf("sarif: %+v", log)
			}
		})
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// listFiles lists the files under dir (relative, sorted).
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			r, _ := filepath.Rel(dir, p)
			out = append(out, r)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// new refuses ids that would write a hidden file never read (".", ".."), or
// that hold line breaks, escape sequences or path separators; it writes
// nothing then, and its message shows the id escaped.
func TestNewRefusesUnsafeIDs(t *testing.T) {
	site := cliSite(t, map[string]string{
		"content/a.md":        strings.Replace(cliDoc, "NEXT", "2027-01-01", 1),
		"registers/.keep":     "",
		"registers/risks.csv": "id,risk_area,asset_or_service,threat,likelihood,impact,owner,treatment,assessed_at,next_review\n",
	})
	before := listFiles(t, site)
	for _, args := range [][]string{
		{"procedure", ".."}, {"procedure", "."}, {"procedure", ".tersembunyi"}, {"procedure", "A\nB"},
		{"procedure", "A/B"}, {"procedure", `A\B`}, {"procedure", ""}, {"procedure", "A\x1b[2J"}, {"procedure", "A\u202eB"},
		{"sop", "\r"}, {"changes", ".."}, {"changes", "RFC\n1"}, {"risks", "RSK\x1b]0;x\x07"},
	} {
		code, stdout, stderr := runBounded(t, append([]string{"new", "--root", site, "--today", "2026-11-21"}, args...)...)
		if code != 2 {
			t.Errorf("new %q: exit %d, want 2\n%s%s", args, code, stdout, stderr)
		}
		if strings.Contains(stdout, "validates") || !strings.Contains(stderr, "not valid") && !strings.Contains(stderr, "empty") {
			t.Errorf("new %q: no clear refusal:\nstdout %q\nstderr %q", args, stdout, stderr)
		}
		if rawControls.MatchString(stderr) || rawControls.MatchString(stdout) {
			t.Errorf("new %q: raw control characters printed: %q", args, stderr)
		}
	}
	if after := listFiles(t, site); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("a refused new wrote files:\nbefore %q\nafter  %q", before, after)
	}
	// a title that slugs to nothing still gives a visible file, read back
	code, stdout, stderr := runBounded(t, "new", "--root", site, "--today", "2026-11-21", "procedure", "PRO-9", "--title", "...")
	// read back: it validates, or lists only what is left to fill (its WAJIB DIISI marks)
	if code != 0 || !strings.Contains(stdout, "wrote content/prosedur/") || !strings.Contains(stdout, "left to fill") {
		t.Fatalf("new with title ...: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, f := range listFiles(t, site) {
		if strings.HasPrefix(filepath.Base(f), ".") && f != filepath.Join("registers", ".keep") {
			t.Errorf("hidden file written: %s", f)
		}
	}
}

// validate prints values escaped to the terminal and in annotations, and
// exactly in JSON.
func TestValidateEscapesValues(t *testing.T) {
	evil := "\x1b[31mhigh\x1b]0;judul\x07\u202e"
	site := cliSite(t, map[string]string{
		"registers/risks.csv": "id,risk_area,asset_or_service,threat,likelihood,impact,owner,treatment,assessed_at,next_review\n" +
			"RSK-1,\"" + evil + "\",Surel,Listrik,2,2,Kabid,accept,2026-01-01,2027-02-28\n",
	})
	for _, format := range []string{"text", "github"} {
		code, stdout, stderr := runBounded(t, "validate", "--root", site, "--today", "2026-11-21", "--format", format)
		if code != 1 {
			t.Fatalf("%s: exit %d\n%s%s", format, code, stdout, stderr)
		}
		if rawControls.MatchString(stdout) || rawControls.MatchString(stderr) {
			t.Errorf("%s: raw control characters: %q", format, stdout)
		}
		if !strings.Contains(stdout, `\x1b[31mhigh\x1b]0;judul\x07\u202e`) {
			t.Errorf("%s: the value is not shown escaped: %q", format, stdout)
		}
	}
	code, stdout, _ := runBounded(t, "validate", "--root", site, "--today", "2026-11-21", "--format", "json")
	var doc struct{ Findings []struct{ Value string } }
	if code != 1 || json.Unmarshal([]byte(stdout), &doc) != nil {
		t.Fatalf("json: exit %d\n%s", code, stdout)
	}
	exact := false
	for _, f := range doc.Findings {
		exact = exact || f.Value == evil
	}
	if !exact {
		t.Errorf("json does not keep the value exactly: %+v", doc.Findings)
	}
}
