package cli

// The output folder is smsgen's alone: --out never names a folder that holds
// anything of the user's (issue "safety", defect 1). Run against a real git
// repository holding the example site, through the smsgen command line in a
// process of its own (some cases run from inside the site).

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestSmsgenProcess is smsgen itself when SMSGEN_TEST_ARGS is set (the
// arguments, separated by newlines): the processes started by the tests below.
func TestSmsgenProcess(t *testing.T) {
	args := testutil.HelperEnv(t, "SMSGEN_TEST_ARGS", "the tests of --out")
	os.Exit(Main(strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// smsgenCmd is smsgen with args, run in dir.
func smsgenCmd(dir string, args ...string) *exec.Cmd {
	cmd := testutil.HelperCommand("TestSmsgenProcess", "SMSGEN_TEST_ARGS="+strings.Join(args, "\n"), "SOURCE_DATE_EPOCH=")
	cmd.Dir = dir
	return cmd
}

// smsgen runs smsgen with args in dir (at most a minute: a serve that was
// not refused is stopped) and returns its exit status and output.
func smsgen(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := smsgenCmd(dir, args...)
	cmd.WaitDelay = time.Second
	timer := time.AfterFunc(time.Minute, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	b, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(b)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(b)
}

// gitSite is the example site committed to a fresh git repository.
func gitSite(t *testing.T) string {
	t.Helper()
	git := testutil.Tool(t, "git", "git")
	root := testutil.ExampleSite(t)
	for _, args := range [][]string{
		{"init", "-q"},
		{"-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "site"},
	} {
		cmd := exec.Command(git, args...)
		cmd.Dir = root
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, b)
		}
	}
	return root
}

// hashTree lists every file, folder and link below dir with its mode and a
// hash of its bytes (or target).
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		v := info.Mode().String()
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			v += " -> " + target
		case info.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(b)
			v += " " + hex.EncodeToString(h[:])
		}
		out[filepath.ToSlash(rel)] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOutRefusedKeepsEverything(t *testing.T) {
	root := gitSite(t)
	if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs", "notes.md"), []byte("the user's own notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(root, "here")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(root, "content", "up")); err != nil {
		t.Fatal(err)
	}
	// the folder above the site, with the site in it, as the user's home would be
	parentTree := func() map[string]string { return hashTree(t, filepath.Dir(root)) }
	before := parentTree()
	if _, ok := before[filepath.Base(root)+"/.git/HEAD"]; !ok {
		t.Fatal("the test repository has no .git/HEAD")
	}
	build := []string{"build", "--today", "2026-11-21"}
	serve := []string{"serve", "--today", "2026-11-21", "--addr", "127.0.0.1:0"}
	content := filepath.Join(root, "content")
	for _, c := range []struct {
		name string
		dir  string
		args []string
		want string // in the message, Indonesian unless --lang en
	}{
		{"root", root, append(build, "--out", "."), "akar situs"},
		{"root by its absolute path", content, append(build, "--root", root, "--out", root+"/"), "akar situs"},
		{"content", root, append(build, "--out", "content"), "sumber content"},
		{"registers", root, append(build, "--out", "registers"), "sumber registers"},
		{"below layouts", root, append(build, "--out", "layouts/x"), "sumber layouts"},
		{"settings file", root, append(build, "--out", "smsgen.yaml"), "sumber smsgen.yaml"},
		{".git", root, append(build, "--out", ".git"), "sumber .git"},
		{"below .git", root, append(build, "--out", ".git/objects/out"), "sumber .git"},
		{"a folder of the user's", root, append(build, "--out", "docs"), "tidak ditulis smsgen"},
		{"a file of the user's", root, append(build, "--out", "docs/notes.md"), "bukan folder"},
		{"the folder above", root, append(build, "--out", ".."), "memuat sumber situs"},
		{"the site from inside", content, append(build, "--root", "..", "--out", ".."), "akar situs"},
		{"above from inside", content, append(build, "--root", "..", "--out", "../.."), "memuat sumber situs"},
		{"a link to the root", root, append(build, "--out", "here"), "akar situs"},
		{"through a link and ..", root, append(build, "--out", "content/up/registers"), "sumber registers"},
		{"in English", root, append(build, "--out", ".", "--lang", "en"), "is the site root"},
		{"serve the site from inside", content, append(serve, "--root", "..", "--out", ".."), "akar situs"},
		{"serve the folder above", root, append(serve, "--out", ".."), "memuat sumber situs"},
		{"serve into content", root, append(serve, "--out", "content"), "sumber content"},
		{"serve into a link to the root", root, append(serve, "--out", "here"), "akar situs"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, msg := smsgen(t, c.dir, c.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2:\n%s", code, msg)
			}
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "--out") {
				t.Errorf("the message does not say %q:\n%s", c.want, msg)
			}
			if n := strings.Count(strings.TrimSpace(msg), "\n"); n > 0 {
				t.Errorf("more than one line:\n%s", msg)
			}
			if after := parentTree(); !reflect.DeepEqual(after, before) {
				for k, v := range before {
					if after[k] != v {
						t.Errorf("changed or gone: %s", k)
					}
				}
				for k := range after {
					if _, ok := before[k]; !ok {
						t.Errorf("new: %s", k)
					}
				}
				t.FailNow()
			}
		})
	}
}

// TestOutBuildsAndRebuilds: a new folder, a rebuild, an empty existing folder
// and an output of an earlier smsgen (before outputs were marked) are fine,
// and the sources stay as they were.
func TestOutBuildsAndRebuilds(t *testing.T) {
	root := gitSite(t)
	sources := hashTree(t, root)
	for _, args := range [][]string{
		{"build", "--today", "2026-11-21", "--only", "html,xlsx"},
		{"build", "--today", "2026-11-21", "--only", "html,xlsx"},
		{"build", "--today", "2026-11-21", "--only", "html", "--out", "output"},
	} {
		if code, msg := smsgen(t, root, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, msg)
		}
	}
	st, err := os.Stat(filepath.Join(root, "output", "xlsx"))
	if err != nil || !st.IsDir() {
		t.Error("--only html dropped the workbooks of the build before")
	}
	if b, err := os.ReadFile(filepath.Join(root, "output", output.MarkerFile)); err != nil || string(b) != output.MarkerText {
		t.Errorf("no marker in the output: %q %v", b, err)
	}
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, msg := smsgen(t, root, "build", "--today", "2026-11-21", "--only", "html", "--out", "empty"); code != 0 {
		t.Fatalf("an empty folder: exit %d\n%s", code, msg)
	}
	// an output written before outputs were marked
	if err := os.Remove(filepath.Join(empty, output.MarkerFile)); err != nil {
		t.Fatal(err)
	}
	if code, msg := smsgen(t, root, "build", "--today", "2026-11-21", "--only", "html", "--out", "empty"); code != 0 {
		t.Fatalf("an unmarked earlier output: exit %d\n%s", code, msg)
	}
	after := hashTree(t, root)
	for k, v := range sources {
		if after[k] != v {
			t.Errorf("a source changed: %s", k)
		}
	}
	for k := range after {
		if _, ok := sources[k]; !ok && !strings.HasPrefix(k, "output") && !strings.HasPrefix(k, "empty") {
			t.Errorf("left in the site: %s", k)
		}
	}
}

// TestBuildKilled kills smsgen build (SIGKILL) at a series of moments while
// it replaces an output: the output folder is at every moment the complete
// output of the sources before or after the edit, and the next build leaves
// nothing of the killed ones beside it.
func TestBuildKilled(t *testing.T) {
	root := testutil.ExampleSite(t)
	doc := filepath.Join(root, "content", "prosedur", "prosedur-manajemen-masalah.md")
	orig, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	states := [2][]byte{orig, append(append([]byte{}, orig...), "\nSuntingan yang diuji.\n"...)}
	args := []string{"build", "--today", "2026-11-21", "--only", "html"}
	// the output of each state, built into a folder of its own
	var want [2]map[string]string
	for i, b := range states {
		if err := os.WriteFile(doc, b, 0o644); err != nil {
			t.Fatal(err)
		}
		ref := filepath.Join(t.TempDir(), "ref")
		if code, msg := smsgen(t, root, append(args, "--out", ref)...); code != 0 {
			t.Fatalf("exit %d\n%s", code, msg)
		}
		want[i] = hashTree(t, ref)
	}
	if reflect.DeepEqual(want[0], want[1]) {
		t.Fatal("the edit changes no output")
	}
	out := filepath.Join(root, "output")
	args = append(args, "--out", out)
	if code, msg := smsgen(t, root, args...); code != 0 {
		t.Fatalf("exit %d\n%s", code, msg)
	}
	deadline := time.Now().Add(60 * time.Second)
	for i, delay := range []time.Duration{0, 5, 10, 20, 30, 50, 70, 90, 120, 150, 200, 260} {
		if time.Now().After(deadline) {
			break
		}
		if err := os.WriteFile(doc, states[(i+1)%2], 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := smsgenCmd(root, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		got := hashTree(t, out)
		if !reflect.DeepEqual(got, want[0]) && !reflect.DeepEqual(got, want[1]) {
			t.Fatalf("killed after %v: the output is neither build (%d files)", delay*time.Millisecond, len(got))
		}
	}
	if code, msg := smsgen(t, root, args...); code != 0 {
		t.Fatalf("exit %d\n%s", code, msg)
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".output.") {
			t.Errorf("left by a killed build: %s", e.Name())
		}
	}
}

// TestGitIgnoresBuildFolders: the repository's .gitignore keeps the output
// and the temporary folders and locks of builds (killed ones too) out of git.
func TestGitIgnoresBuildFolders(t *testing.T) {
	git := testutil.Tool(t, "git", "git")
	for _, p := range []string{"output/site/index.html", ".output.tmp-123/site/index.html", ".output.tmp-123.lock",
		".output.tmp-123.old/site.zip", ".preview.tmp-9/x"} {
		cmd := exec.Command(git, "check-ignore", "-q", "--no-index", p)
		cmd.Dir = testutil.RepoRoot(t)
		if err := cmd.Run(); err != nil {
			t.Errorf("git does not ignore %s: %v", p, err)
		}
	}
}
