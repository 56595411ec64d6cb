package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func diffRepo(t *testing.T) (top, root string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is required in CI")
		}
		t.Skip("git not installed; skipping")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	for _, k := range []string{"AUTHOR", "COMMITTER"} {
		t.Setenv("GIT_"+k+"_NAME", "Rina")
		t.Setenv("GIT_"+k+"_EMAIL", "rina@example.go.id")
		t.Setenv("GIT_"+k+"_DATE", "2026-11-01T10:00:00Z")
	}
	top = t.TempDir()
	root = filepath.Join(top, "site")
	// in review (a draft would need no new version for a change of its text)
	doc := "---\ndoc_id: KEB-1\ntitle: Policy\ndoc_type: policy\nversion: \"1.0\"\nstatus: review\nreviewed_by: R\nowner: O\nnext_review: 2027-01-01\nclassification: internal\n---\n# Policy\n\nText.\n"
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "kebijakan.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "base"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = top
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return top, root
}

func runMain(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDiffCommand(t *testing.T) {
	_, root := diffRepo(t)
	today := "--today=2026-11-21"

	code, out, errs := runMain("diff", "main", "--root", root, today)
	if code != 0 || !strings.HasPrefix(out, "<!-- smsgen-diff -->\n") {
		t.Fatalf("unchanged site: exit %d, want 0 and the marker first\n%s%s", code, out, errs)
	}

	// a content change without a new version
	p := filepath.Join(root, "content", "kebijakan.md")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, []byte("More text.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runMain("diff", "main", "--root", root, today, "--lang", "en")
	if code != 1 || !strings.Contains(out, "version-not-bumped") || !strings.Contains(out, "This change introduces 1 error.") {
		t.Fatalf("unversioned change: exit %d, want 1 and version-not-bumped\n%s", code, out)
	}

	code, out, _ = runMain("diff", "main", "--root", root, today, "--format", "json")
	var js struct {
		Valid      bool `json:"valid"`
		Introduced []struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			File     string `json:"file"`
		} `json:"introduced"`
		Documents struct {
			Changed []struct {
				ID string `json:"doc_id"`
			} `json:"changed"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 1 || js.Valid || len(js.Introduced) != 1 || js.Introduced[0].Code != "version-not-bumped" ||
		js.Introduced[0].Severity != "error" || len(js.Documents.Changed) != 1 || js.Documents.Changed[0].ID != "KEB-1" {
		t.Fatalf("json report: exit %d %+v", code, js)
	}

	// validate --base runs the same check; GitHub annotations name the file from the repository root
	code, out, _ = runMain("validate", "--root", root, today, "--base", "main", "--format", "github")
	if code != 1 || !strings.Contains(out, "::error file=site/content/kebijakan.md,line=5") || !strings.Contains(out, "title=version-not-bumped") {
		t.Fatalf("validate --base: exit %d\n%s", code, out)
	}
	if code, _, _ := runMain("validate", "--root", root, today); code != 0 {
		t.Fatalf("validate without --base: exit %d, want 0", code)
	}
	// a draft needs no new version: the pre-commit hook lets it be filled in
	b, _ = os.ReadFile(p)
	draft := strings.Replace(strings.Replace(string(b), "status: review\nreviewed_by: R\n", "status: draft\n", 1), "More text.", "More text, and more.", 1)
	if err := os.WriteFile(p, []byte(draft), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runMain("validate", "--root", root, today, "--strict", "--base", "HEAD"); code != 0 {
		t.Fatalf("validate --strict --base HEAD on a draft: exit %d, want 0\n%s", code, out)
	}

	// errors of use and of git: exit 2 with a message
	if code, _, errs := runMain("diff", "no-such-branch", "--root", root, today); code != 2 || !strings.Contains(errs, "unknown revision") {
		t.Errorf("unknown revision: exit %d, %q", code, errs)
	}
	if code, _, errs := runMain("diff", "--root", root, today, "--", "--output=/etc/x"); code != 2 || !strings.Contains(errs, "invalid revision") {
		t.Errorf("option-like revision: exit %d, %q", code, errs)
	}
	if code, _, errs := runMain("diff", "main", "--root", t.TempDir(), today); code != 2 || !strings.Contains(errs, "not inside a git checkout") {
		t.Errorf("outside git: exit %d, %q", code, errs)
	}
	if code, _, _ := runMain("diff", "main", "--root", root, "--format", "html"); code != 2 {
		t.Errorf("bad --format: exit %d, want 2", code)
	}
}
