package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileGitConfig: a repository whose own configuration points every
// program-running key git knows for the commands smsgen uses at a script.
// validate, build and diff must run none of them, and still read the history.
func TestHostileGitConfig(t *testing.T) {
	top, root := diffRepo(t)
	gitIn := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = top
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}

	// two commits that change the document and carry a signature (OpenPGP,
	// then SSH), so that showSignature has something to verify
	p := filepath.Join(root, "content", "kebijakan.md")
	for i, kind := range []string{"PGP", "SSH"} {
		b, _ := os.ReadFile(p)
		b = []byte(strings.Replace(string(b), fmt.Sprintf("version: \"1.%d\"", i), fmt.Sprintf("version: \"1.%d\"", i+1), 1))
		if err := os.WriteFile(p, append(b, "More text.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		gitIn("add", "-A")
		obj := fmt.Sprintf("tree %s\nparent %s\nauthor Rina <rina@example.go.id> 1793527200 +0000\n"+
			"committer Rina <rina@example.go.id> 1793527200 +0000\n"+
			"gpgsig -----BEGIN %s SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END %s SIGNATURE-----\n\nsigned %s\n",
			gitIn("write-tree"), gitIn("rev-parse", "HEAD"), kind, kind, kind)
		f := filepath.Join(t.TempDir(), "commit")
		if err := os.WriteFile(f, []byte(obj), 0o644); err != nil {
			t.Fatal(err)
		}
		gitIn("update-ref", "HEAD", gitIn("hash-object", "-t", "commit", "-w", f))
	}
	head := gitIn("rev-parse", "HEAD")

	// every hook a hostile config can name runs this script, which leaves a marker
	work := t.TempDir()
	markers := filepath.Join(work, "markers")
	if err := os.Mkdir(markers, 0o755); err != nil {
		t.Fatal(err)
	}
	script := func(name string) string {
		s := filepath.Join(work, name+".sh")
		body := "#!/bin/sh\necho \"$@\" > '" + filepath.Join(markers, name) + "'\ncat\n"
		if err := os.WriteFile(s, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
		return s
	}
	signers := filepath.Join(work, "allowed_signers")
	if err := os.WriteFile(signers, []byte("rina@example.go.id ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hooks := filepath.Join(work, "hooks")
	if err := os.Mkdir(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc", "fsmonitor-watchman"} {
		if err := os.Symlink(script("hook-"+h), filepath.Join(hooks, h)); err != nil {
			t.Fatal(err)
		}
	}
	config := map[string]string{
		"log.showSignature":          "true",
		"gpg.program":                script("gpg"),
		"gpg.openpgp.program":        script("gpg-openpgp"),
		"gpg.x509.program":           script("gpg-x509"),
		"gpg.ssh.program":            script("gpg-ssh"),
		"gpg.ssh.allowedSignersFile": signers,
		"core.fsmonitor":             script("fsmonitor"),
		"core.pager":                 script("core-pager"),
		"pager.log":                  script("pager-log"),
		"pager.cat-file":             script("pager-cat-file"),
		"diff.external":              script("diff-external"),
		"diff.evil.textconv":         script("textconv"),
		"diff.evil.command":          script("diff-command"),
		"filter.evil.clean":          script("filter-clean"),
		"filter.evil.smudge":         script("filter-smudge"),
		"filter.evil.process":        script("filter-process"),
		"core.hooksPath":             hooks,
		"core.sshCommand":            script("ssh"),
		"core.askPass":               script("askpass"),
		"credential.helper":          "!" + script("credential"),
		"gc.auto":                    "1",
		"log.decorate":               "full",
		"color.ui":                   "always",
		"i18n.logOutputEncoding":     "ISO-8859-1",
		"core.quotepath":             "on",
	}
	for k, v := range config {
		gitIn("config", k, v)
	}
	// the last key wins: gpg.format=ssh after the OpenPGP program is set
	gitIn("config", "gpg.format", "ssh")
	if err := os.WriteFile(filepath.Join(top, ".gitattributes"), []byte("* diff=evil filter=evil\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(top, ".git", "info", "attributes"), []byte("* diff=evil filter=evil\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// the environment of a user who set a pager and an external diff is no better
	t.Setenv("GIT_PAGER", script("env-pager"))
	t.Setenv("GIT_EXTERNAL_DIFF", script("env-external-diff"))
	t.Setenv("GIT_SSH_COMMAND", script("env-ssh"))
	t.Setenv("GIT_CONFIG_PARAMETERS", "'log.showsignature'='true'")

	// the script works: git itself runs it with this configuration
	probe := exec.Command("git", "log", "-2", "--format=%H")
	probe.Dir = top
	probe.Env = append(os.Environ(), "GIT_PAGER=", "GIT_CONFIG_PARAMETERS=")
	if out, err := probe.CombinedOutput(); err != nil {
		t.Fatalf("probe: %v\n%s", err, out)
	}
	// (gpg.program and gpg.openpgp.program name one setting: the later one wins)
	for _, m := range [][]string{{"gpg-ssh"}, {"gpg-openpgp", "gpg"}} {
		n := 0
		for _, f := range m {
			if _, err := os.Stat(filepath.Join(markers, f)); err == nil {
				n++
			}
		}
		if n == 0 {
			t.Fatalf("the set-up does not reach %s through git log (so the test would prove nothing)", m[0])
		}
	}
	clear := func() {
		entries, _ := os.ReadDir(markers)
		for _, e := range entries {
			os.Remove(filepath.Join(markers, e.Name()))
		}
	}
	noMarker := func(what string) {
		t.Helper()
		entries, _ := os.ReadDir(markers)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(markers, e.Name()))
			t.Errorf("%s ran the %s program configured by the repository (args %q)", what, e.Name(), strings.TrimSpace(string(b)))
		}
	}
	clear()

	today := "--today=2026-11-21"
	if code, out, errs := runMain("validate", "--root", root, today); code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	noMarker("validate")

	out := filepath.Join(work, "out")
	if code, o, errs := runMain("build", "--root", root, "--out", out, "--only", "html", today); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, o, errs)
	}
	noMarker("build")
	// the history was still read: the document's page names its last commit
	found := false
	_ = filepath.Walk(filepath.Join(out, "site"), func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			b, _ := os.ReadFile(p)
			found = found || strings.Contains(string(b), "<code>"+head[:12]+"</code>")
		}
		return nil
	})
	if !found {
		t.Errorf("no page names the last commit %.12s: git history not read", head)
	}

	code, rep, errs := runMain("diff", "HEAD~1", "HEAD", "--root", root, today, "--format", "json")
	if code != 0 || !strings.Contains(rep, `"KEB-1"`) || !strings.Contains(rep, `"1.2"`) {
		t.Errorf("diff HEAD~1 HEAD: exit %d, want 0 and KEB-1 changed to 1.2\n%s%s", code, rep, errs)
	}
	code, rep, errs = runMain("diff", "HEAD~1", "--root", root, today)
	if code != 0 || !strings.HasPrefix(rep, "<!-- smsgen-diff -->\n") || !strings.Contains(rep, "KEB-1") {
		t.Errorf("diff HEAD~1: exit %d\n%s%s", code, rep, errs)
	}
	noMarker("diff")
}
