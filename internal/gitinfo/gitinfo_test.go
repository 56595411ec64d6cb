package gitinfo_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/gitinfo"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/pipeline"
)

func needGit(t *testing.T) {
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
}

func run(t *testing.T, dir, author, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME="+author, "GIT_AUTHOR_EMAIL=a@example.go.id",
		"GIT_COMMITTER_NAME="+author, "GIT_COMMITTER_EMAIL=a@example.go.id",
		"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func write(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func doc(id, version string) string {
	return "---\ndoc_id: " + id + "\ntitle: T " + id + "\ndoc_type: policy\nversion: \"" + version +
		"\"\nstatus: draft\nowner: O\nnext_review: 2027-01-01\nclassification: internal\n---\n# T\n\nText.\n"
}

const rfc = "title: T\nrequest_kind: fix\nchange_type: standard\nrequested_by: A\nunit: U\nrequested_at: 2026-01-01\ndescription: D\nreason: R\nstatus: new\n"

// history builds a repository whose site lives in site/ (not the top folder):
//
//	c1 2026-01-05 Ani:  everything
//	c2 2026-02-10 Budi: doc B edited, a record file added to the folder register
//	c3 2026-03-15 Citra (+07:00): the CSV register edited; a file outside the site
func history(t *testing.T) (top, root string) {
	top = t.TempDir()
	root = filepath.Join(top, "site")
	write(t, root, "content/a.md", doc("A", "1"))
	write(t, root, "content/sub/b.md", doc("B", "1"))
	write(t, root, "registers/services.csv", "id,name,description,intended_outcome,owner,criticality,status\nS-1,N,D,I,O,high,live\n")
	write(t, root, "registers/changes/RFC-1.yaml", "id: RFC-1\n"+rfc)
	run(t, top, "Ani", "", "init", "-q", "-b", "main")
	run(t, top, "Ani", "2026-01-05T09:00:00Z", "add", "-A")
	run(t, top, "Ani", "2026-01-05T09:00:00Z", "commit", "-q", "-m", "c1")
	write(t, root, "content/sub/b.md", doc("B", "2"))
	write(t, root, "registers/changes/RFC-2.yaml", "id: RFC-2\n"+rfc)
	run(t, top, "Budi", "2026-02-10T10:00:00Z", "add", "-A")
	run(t, top, "Budi", "2026-02-10T10:00:00Z", "commit", "-q", "-m", "c2")
	write(t, root, "registers/services.csv", "id,name,description,intended_outcome,owner,criticality,status\nS-1,N2,D,I,O,high,live\n")
	write(t, top, "README.md", "outside the site\n")
	run(t, top, "Citra", "2026-03-15T08:00:00+07:00", "add", "-A")
	run(t, top, "Citra", "2026-03-15T08:00:00+07:00", "commit", "-q", "-m", "c3")
	return top, root
}

func load(t *testing.T, root string) *model.Site {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Site
}

func describe(c *model.Change) string {
	if c == nil {
		return "nil"
	}
	if len(c.Commit) != 40 {
		return "bad commit " + c.Commit
	}
	return c.Date.Format(time.RFC3339) + " " + c.Author
}

func TestLastChange(t *testing.T) {
	needGit(t)
	_, root := history(t)
	site := load(t, root) // pipeline.Run annotates
	got := map[string]string{}
	for _, d := range site.Documents {
		got[d.Path] = describe(d.LastChange)
	}
	for n, r := range site.Registers {
		got["reg:"+n] = describe(r.LastChange)
	}
	want := map[string]string{
		"content/a.md":     "2026-01-05T09:00:00Z Ani",
		"content/sub/b.md": "2026-02-10T10:00:00Z Budi",
		"reg:changes":      "2026-02-10T10:00:00Z Budi",       // newest file of the folder
		"reg:services":     "2026-03-15T08:00:00+07:00 Citra", // the commit's own time zone
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: last change %s, want %s", k, got[k], w)
		}
	}
	if p := gitinfo.Prefix(root); p != "site/" {
		t.Errorf("Prefix = %q, want site/", p)
	}
}

func TestOutsideGitNothingInvented(t *testing.T) {
	needGit(t)
	_, root := history(t)
	plain := t.TempDir()
	if err := os.CopyFS(plain, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	site := load(t, plain)
	for _, d := range site.Documents {
		if d.LastChange != nil {
			t.Errorf("%s: LastChange %v outside git", d.Path, d.LastChange)
		}
	}
	for n, r := range site.Registers {
		if r.LastChange != nil {
			t.Errorf("%s: LastChange %v outside git", n, r.LastChange)
		}
	}
	if gitinfo.Find(plain) != nil || gitinfo.Prefix(plain) != "" {
		t.Error("Find reports a checkout outside git")
	}
}

// In a shallow clone the boundary commit looks as if it added every file: the
// sources it did not really change stay undated rather than get a wrong date.
func TestShallowCloneNoInventedDates(t *testing.T) {
	needGit(t)
	top, _ := history(t)
	clone := filepath.Join(t.TempDir(), "clone")
	run(t, top, "Ani", "", "clone", "-q", "--depth", "1", "file://"+top, clone)
	site := load(t, filepath.Join(clone, "site"))
	for _, d := range site.Documents {
		if d.LastChange != nil {
			t.Errorf("%s: dated %v from the shallow boundary", d.Path, describe(d.LastChange))
		}
	}
	if c := site.Registers["services"].LastChange; c != nil {
		t.Errorf("services dated %v from the shallow boundary", describe(c))
	}
}

// TestFixedConfiguration: git runs without the global configuration, except
// the user's own safe.directory exceptions, which still let a checkout owned
// by another user be read (and only then).
func TestFixedConfiguration(t *testing.T) {
	needGit(t)
	top, root := history(t)
	// a global setting that would change git's output is not read
	write(t, filepath.Dir(os.Getenv("GIT_CONFIG_GLOBAL")), filepath.Base(os.Getenv("GIT_CONFIG_GLOBAL")),
		"[core]\n\tquotepath = on\n[log]\n\tshowSignature = true\n")
	t.Setenv("GIT_CONFIG_PARAMETERS", "'core.worktree'='/nonexistent'")
	t.Setenv("GIT_EXTERNAL_DIFF", "/nonexistent")
	for _, kv := range gitinfo.Env() {
		for _, bad := range []string{"GIT_CONFIG_PARAMETERS=", "GIT_EXTERNAL_DIFF="} {
			if strings.HasPrefix(kv, bad) {
				t.Errorf("environment of git keeps %s", kv)
			}
		}
	}
	r := gitinfo.Find(root)
	if r == nil || r.Prefix != "site/" {
		t.Fatalf("Find = %+v, want the checkout with prefix site/", r)
	}

	// owned by another user: refused unless the user's global config trusts it
	t.Setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
	if r := gitinfo.Find(root); r != nil {
		t.Fatalf("a checkout of another owner without a safe.directory exception was read: %+v", r)
	}
	write(t, filepath.Dir(os.Getenv("GIT_CONFIG_GLOBAL")), filepath.Base(os.Getenv("GIT_CONFIG_GLOBAL")),
		"[safe]\n\tdirectory = "+top+"\n")
	r = gitinfo.Find(root)
	if r == nil || r.Prefix != "site/" {
		t.Fatalf("Find with safe.directory = %+v, want the checkout", r)
	}
	site := load(t, root)
	for _, d := range site.Documents {
		if d.LastChange == nil {
			t.Errorf("%s: no last change read from a trusted checkout of another owner", d.DocID)
		}
	}
}
