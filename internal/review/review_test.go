package review_test

// Scenario tests: each testdata/NAME.txtar describes a change to the site of
// testdata/base-site.txtar. The test builds a temporary git repository (fixed
// author, committer and dates, no user or system git config), commits the base
// site, applies the change to the working tree and runs the comparison twice:
// BASE → working tree, and, after committing the change, BASE → HEAD commit.
// Both reports must agree; the Markdown report is compared with
// testdata/NAME.golden (`go test ./internal/review -update` rewrites it). The
// hand-written `want CODE FILE` lines of the archive must be among the findings
// introduced, and `exit N` states whether the change introduces errors, so an
// update can never silently accept a rule that stopped firing.
//
// Archive sections: base/PATH (added to the base commit), head/PATH (written
// for the change), delete (paths removed), rename (lines "OLD NEW", git mv).

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/review"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// needGit skips when git is missing, unless CI=true.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is required in CI")
		}
		t.Skip("git not installed; skipping the git scenario tests")
	}
}

// gitEnv isolates git from the user's configuration and fixes identities.
func gitEnv(t *testing.T) {
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": filepath.Join(home, "gitconfig"),
		"GIT_AUTHOR_NAME": "Rina Kartika", "GIT_AUTHOR_EMAIL": "rina@example.go.id",
		"GIT_COMMITTER_NAME": "Rina Kartika", "GIT_COMMITTER_EMAIL": "rina@example.go.id",
		"GIT_DIR": "", "GIT_WORK_TREE": "", "TZ": "UTC",
	} {
		t.Setenv(k, v)
	}
	os.Unsetenv("GIT_DIR")
	os.Unsetenv("GIT_WORK_TREE")
}

func git(t *testing.T, dir, date string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func writeFile(t *testing.T, root, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	baseDate = "2026-11-01T10:00:00+07:00"
	headDate = "2026-11-02T15:30:00+07:00"
)

// newRepo writes the base site (and the scenario's base/ files) into a new
// repository under dir/sub (sub may be "") and commits it on branch main.
func newRepo(t *testing.T, sub string, ar *txtar.Archive) (top, root string) {
	t.Helper()
	top = t.TempDir()
	root = filepath.Join(top, filepath.FromSlash(sub))
	base, err := txtar.ParseFile("testdata/base-site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range base.Files {
		writeFile(t, root, f.Name, f.Data)
	}
	if ar != nil {
		for _, f := range ar.Files {
			if rel, ok := strings.CutPrefix(f.Name, "base/"); ok {
				writeFile(t, root, rel, f.Data)
			}
		}
	}
	git(t, top, baseDate, "init", "-q", "-b", "main")
	git(t, top, baseDate, "add", "-A")
	git(t, top, baseDate, "commit", "-q", "-m", "base")
	return top, root
}

// applyChange applies the scenario's head/, delete and rename sections to the work tree.
func applyChange(t *testing.T, root string, ar *txtar.Archive) {
	t.Helper()
	for _, f := range ar.Files {
		switch f.Name {
		case "rename":
			for _, l := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				p := strings.Fields(l)
				if len(p) != 2 {
					t.Fatalf("rename line %q", l)
				}
				if err := os.MkdirAll(filepath.Dir(filepath.Join(root, p[1])), 0o755); err != nil {
					t.Fatal(err)
				}
				git(t, root, headDate, "mv", p[0], p[1])
			}
		case "delete":
			for _, l := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				git(t, root, headDate, "rm", "-q", strings.TrimSpace(l))
			}
		}
	}
	for _, f := range ar.Files {
		if rel, ok := strings.CutPrefix(f.Name, "head/"); ok {
			writeFile(t, root, rel, f.Data)
		}
	}
}

var hashRe = regexp.MustCompile(`\b[0-9a-f]{10}\b`)

// normalize replaces commit ids and the head's name, so that both runs and
// every git version compare equal.
func normalize(s string) string {
	s = hashRe.ReplaceAllString(s, "COMMIT")
	lines := strings.SplitN(s, "\n", 3)
	if len(lines) == 3 {
		lines[1] = strings.NewReplacer("`HEAD` (COMMIT)", "HEAD", "working tree", "HEAD", "pohon kerja", "HEAD").Replace(lines[1])
	}
	return strings.Join(lines, "\n")
}

func TestScenarios(t *testing.T) {
	needGit(t)
	gitEnv(t)
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		if name == "base-site" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wants, exit := expectations(t, ar)
			_, root := newRepo(t, "", ar)
			applyChange(t, root, ar)

			// BASE → working tree
			rep, _, err := review.Run(review.Options{Root: root, Base: "main", Today: today, MergeBase: true})
			if err != nil {
				t.Fatal(err)
			}
			var md bytes.Buffer
			if err := rep.Markdown(&md, review.MarkdownOptions{}); err != nil {
				t.Fatal(err)
			}
			got := normalize(md.String())

			// BASE → committed HEAD: the same report
			git(t, root, headDate, "add", "-A")
			git(t, root, headDate, "commit", "-q", "-m", "change")
			rep2, _, err := review.Run(review.Options{Root: root, Base: "HEAD~1", Head: "HEAD", Today: today, MergeBase: true})
			if err != nil {
				t.Fatal(err)
			}
			var md2 bytes.Buffer
			if err := rep2.Markdown(&md2, review.MarkdownOptions{}); err != nil {
				t.Fatal(err)
			}
			got2 := strings.ReplaceAll(normalize(md2.String()), "HEAD\\~1", "main")
			got2 = strings.Replace(got2, "`HEAD~1` (COMMIT)", "`main` (COMMIT)", 1)
			if got2 != got {
				t.Errorf("report against the committed HEAD differs from the working-tree report:\n--- working tree\n%s\n--- commit\n%s", got, got2)
			}

			for _, w := range wants {
				found := false
				for _, f := range rep.Introduced {
					if f.Code == w[0] && f.File == w[1] {
						found = true
					}
				}
				if !found {
					t.Errorf("want %s at %s among the introduced findings; got %v", w[0], w[1], rep.Introduced)
				}
			}
			if gotExit := min(rep.Errors(), 1); gotExit != exit {
				t.Errorf("introduced errors: %d, want exit %d", rep.Errors(), exit)
			}
			golden := "testdata/" + name + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(want) != got {
				t.Errorf("report differs from %s (run with -update after checking):\n%s", golden, lineDiff(string(want), got))
			}
		})
	}
}

var wantRe = regexp.MustCompile(`^want\s+(\S+)\s+(\S+)\s*$`)

func expectations(t *testing.T, ar *txtar.Archive) (wants [][2]string, exit int) {
	exit = -1
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		l = strings.TrimSpace(l)
		if m := wantRe.FindStringSubmatch(l); m != nil {
			wants = append(wants, [2]string{m[1], m[2]})
		}
		if rest, ok := strings.CutPrefix(l, "exit "); ok {
			exit = int(rest[0] - '0')
		}
	}
	if exit < 0 {
		t.Fatal("archive comment needs an `exit N` line")
	}
	return wants, exit
}

func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out.WriteString("line " + itoa(i+1) + ":\n- " + x + "\n+ " + y + "\n")
		}
	}
	return out.String()
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
