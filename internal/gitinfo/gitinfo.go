// Package gitinfo reads what a site's git history knows: the last change
// (commit, date, author) of every document and register, and the files of a
// past revision. It runs the git command rather than a Go git library: no
// extra dependency tree, and exactly git's own semantics (history
// simplification, shallow clones, safe.directory, every object format and
// repository layout git itself understands).
//
// Outside a git checkout, or when git is not installed, nothing is read and
// nothing is invented: Annotate leaves every LastChange nil.
package gitinfo

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/model"
)

// Repo is the git checkout holding a site root.
type Repo struct {
	Root    string // the site root (absolute)
	Top     string // the checkout's top-level folder
	Prefix  string // the site root relative to Top: "" or "dir/sub/"
	Shallow bool   // a shallow clone: history before the boundary is missing
	git     string
	extra   []string // "-c" settings added to the fixed configuration (safe.directory)
}

// Find returns the checkout holding root, or nil when root is not inside a
// git work tree or git is not installed. Outside git it costs one stat per
// parent folder and never starts a process.
func Find(root string) *Repo {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	if !underGit(abs) {
		return nil
	}
	exe, err := exec.LookPath("git")
	if err != nil {
		return nil
	}
	r := &Repo{Root: abs, git: exe}
	probe := []string{"rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"}
	out, err := r.output(context.Background(), probe...)
	if err != nil && dubious(err.Error()) {
		// owned by another user: only the user's own exceptions allow it
		if r.extra = safeDirectories(context.Background(), exe); len(r.extra) > 0 {
			out, err = r.output(context.Background(), probe...)
		}
	}
	if err != nil {
		return nil
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 3 {
		return nil
	}
	r.Top = lines[0]
	r.Prefix = lines[1]
	r.Shallow = lines[2] == "true"
	return r
}

// underGit reports whether dir or a parent holds .git (a folder, or a file as
// in worktrees and submodules) or GIT_DIR is set.
func underGit(dir string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// Prefix returns the path of root inside its git checkout ("" or "dir/"),
// for turning site-relative paths into repository-relative ones.
func Prefix(root string) string {
	if r := Find(root); r != nil {
		return r.Prefix
	}
	return ""
}

// command builds a git command run in the site root, with the fixed minimal
// configuration of Command.
func (r *Repo) command(ctx context.Context, args ...string) *exec.Cmd {
	return Command(ctx, r.git, r.Root, r.extra, args...)
}

// output runs git and returns its standard output; a failure carries git's message.
func (r *Repo) output(ctx context.Context, args ...string) ([]byte, error) {
	cmd := r.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], firstLine(msg))
	}
	return out, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Annotate fills Document.LastChange and Register.LastChange from git when the
// site is a git checkout; otherwise it does nothing.
func Annotate(site *model.Site) {
	if site == nil {
		return
	}
	r := Find(site.Root)
	if r == nil {
		return
	}
	_ = r.Annotate(site)
}

// Annotate fills the last changes of site from one pass over the history,
// newest first, stopping as soon as every document and register is dated.
// A file whose newest commit is the boundary of a shallow clone is left
// undated: its real last change lies in the missing history.
func (r *Repo) Annotate(site *model.Site) error {
	files := map[string][]*model.Change{} // site-relative file -> where to store
	folders := map[string]*model.Change{} // "registers/NAME/" -> folder register
	pending := 0
	slots := map[*model.Change]func(*model.Change){}
	for _, d := range site.Documents {
		c := new(model.Change)
		files[d.Path] = append(files[d.Path], c)
		slots[c] = func(v *model.Change) { d.LastChange = v }
		pending++
	}
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		if reg == nil || reg.Path == "" {
			continue
		}
		c := new(model.Change)
		if reg.Format == "folder" {
			folders[strings.TrimSuffix(reg.Path, "/")+"/"] = c
		} else {
			files[reg.Path] = append(files[reg.Path], c)
		}
		slots[c] = func(v *model.Change) { reg.LastChange = v }
		pending++
	}
	if pending == 0 {
		return nil
	}
	var shallow map[string]bool
	if r.Shallow {
		shallow = r.shallowCommits()
	}
	done := map[*model.Change]bool{}
	found := func(c *model.Change, cur *model.Change) {
		if done[c] {
			return
		}
		done[c] = true
		pending--
		if shallow[cur.Commit] {
			return // boundary of a shallow clone: the date would be invented
		}
		v := *cur
		slots[c](&v)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := r.command(ctx, "log", "-z", "--name-only", "--no-renames", "--relative",
		"--format=%x1e%H%x1f%cI%x1f%an", "--", "content", "registers")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(stdout, 64<<10)
	var cur *model.Change
	for pending > 0 {
		tok, err := br.ReadString(0)
		if err != nil && tok == "" {
			break
		}
		tok = strings.TrimSuffix(tok, "\x00")
		tok = strings.TrimLeft(tok, "\n")
		if strings.HasPrefix(tok, "\x1e") {
			cur = parseHeader(tok[1:])
			continue
		}
		if cur == nil || tok == "" {
			continue
		}
		for _, c := range files[tok] {
			found(c, cur)
		}
		for dir := path.Dir(tok); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
			if c := folders[dir+"/"]; c != nil {
				found(c, cur)
			}
		}
		if err != nil {
			break
		}
	}
	cancel() // stop git early once every source is dated
	_ = cmd.Wait()
	return nil
}

// parseHeader reads "HASH\x1fDATE\x1fAUTHOR".
func parseHeader(s string) *model.Change {
	parts := strings.SplitN(s, "\x1f", 3)
	if len(parts) < 3 {
		return nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(parts[1]))
	if err != nil {
		return nil
	}
	return &model.Change{Commit: parts[0], Date: t, Author: strings.TrimSpace(parts[2])}
}

// shallowCommits lists the boundary commits of a shallow clone.
func (r *Repo) shallowCommits() map[string]bool {
	out, err := r.output(context.Background(), "rev-parse", "--git-path", "shallow")
	if err != nil {
		return nil
	}
	p := strings.TrimSpace(string(out))
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.Root, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	m := map[string]bool{}
	for _, l := range strings.Fields(string(b)) {
		m[l] = true
	}
	return m
}

// ErrNotGit is returned when a site root is not inside a git checkout.
var ErrNotGit = errors.New("not inside a git checkout (or git is not installed)")
