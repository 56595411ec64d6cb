package gitinfo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Open returns the checkout holding root, or ErrNotGit.
func Open(root string) (*Repo, error) {
	if r := Find(root); r != nil {
		return r, nil
	}
	return nil, fmt.Errorf("%s: %w", root, ErrNotGit)
}

// ResolveCommit returns the full id of the commit rev names (a branch, tag,
// remote branch, HEAD~2, an abbreviated id …).
func (r *Repo) ResolveCommit(rev string) (string, error) {
	rev = strings.TrimSpace(rev)
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("invalid revision %q", rev)
	}
	out, err := r.output(context.Background(), "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("unknown revision %q (for a pull request base, fetch it first: git fetch origin BRANCH)", rev)
	}
	return strings.TrimSpace(string(out)), nil
}

// Head returns the commit checked out ("" in a repository without commits).
func (r *Repo) Head() string {
	out, err := r.output(context.Background(), "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// MergeBase returns the best common ancestor of two commits (as `git diff A...B` uses).
func (r *Repo) MergeBase(a, b string) (string, error) {
	out, err := r.output(context.Background(), "merge-base", a, b)
	if err != nil {
		return "", fmt.Errorf("no common ancestor of %.12s and %.12s (a shallow clone? fetch with fetch-depth: 0)", a, b)
	}
	return strings.TrimSpace(string(out)), nil
}

// Extract writes the files under paths (relative to the site root) as they are
// in commit into dir, which then holds the site as it was at that commit. The
// blobs come from `git ls-tree` and `git cat-file --batch`, byte for byte:
// unlike `git archive`, no export-ignore or export-subst attribute can change
// them. Nothing is written outside dir.
func (r *Repo) Extract(commit, dir string, paths []string) error {
	args := append([]string{"ls-tree", "-r", "-z", commit, "--"}, paths...)
	out, err := r.output(context.Background(), args...)
	if err != nil {
		return err
	}
	type entry struct{ mode, oid, path string }
	var entries []entry
	for _, rec := range strings.Split(string(out), "\x00") {
		if rec == "" {
			continue
		}
		tab := strings.IndexByte(rec, '\t')
		if tab < 0 {
			continue
		}
		meta := strings.Fields(rec[:tab])
		if len(meta) != 3 || meta[1] != "blob" {
			continue // submodules (commit) and anything unexpected
		}
		p, ok := safeRel(rec[tab+1:])
		if !ok {
			return fmt.Errorf("revision %.12s holds an unsafe path %q", commit, rec[tab+1:])
		}
		entries = append(entries, entry{meta[0], meta[2], p})
	}
	if len(entries) == 0 {
		return nil
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := r.command(ctx, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, e := range entries {
			if _, err := w.WriteString(e.oid + "\n"); err != nil {
				break
			}
		}
		_ = w.Flush()
		_ = stdin.Close()
	}()
	br := bufio.NewReaderSize(stdout, 256<<10)
	links := map[string]bool{}
	var werr error
	for _, e := range entries {
		hdr, err := br.ReadString('\n')
		if err != nil {
			werr = fmt.Errorf("git cat-file: %v", err)
			break
		}
		f := strings.Fields(hdr)
		if len(f) != 3 || f[1] != "blob" {
			werr = fmt.Errorf("git cat-file: object %s of %s: %s", e.oid, e.path, strings.TrimSpace(hdr))
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 {
			werr = fmt.Errorf("git cat-file: bad header %q", strings.TrimSpace(hdr))
			break
		}
		body := io.LimitReader(br, size)
		if werr = writeEntry(dir, e.path, e.mode, body, links); werr != nil {
			break
		}
		if _, err := io.Copy(io.Discard, body); err != nil { // what writeEntry left
			werr = err
			break
		}
		if _, err := br.Discard(1); err != nil { // the newline after the content
			werr = err
			break
		}
	}
	if werr != nil {
		cancel()
		_ = cmd.Wait()
		return werr
	}
	return cmd.Wait()
}

// safeRel cleans a path git printed and refuses anything that could leave the folder.
func safeRel(p string) (string, bool) {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		return "", false
	}
	c := path.Clean(p)
	if c != p || c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return "", false
	}
	for _, seg := range strings.Split(c, "/") {
		if seg == ".git" || seg == ".." {
			return "", false
		}
	}
	return c, true
}

// writeEntry writes one blob below dir: a regular file, or a symbolic link
// (120000) recreated as one so that the loader judges it exactly as in a work
// tree. No file is written below a symbolic link written earlier.
func writeEntry(dir, rel, mode string, body io.Reader, links map[string]bool) error {
	for p := path.Dir(rel); p != "."; p = path.Dir(p) {
		if links[p] {
			return fmt.Errorf("revision holds %s below the symbolic link %s", rel, p)
		}
	}
	dst := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if mode == "120000" {
		target, err := io.ReadAll(io.LimitReader(body, 4096))
		if err != nil {
			return err
		}
		links[rel] = true
		return os.Symlink(string(target), dst)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
