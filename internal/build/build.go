// Package build runs the renderers over a validated site into a temporary
// folder next to the output folder and swaps it in only when every renderer
// succeeded, so a failed build leaves the previous output exactly as it was.
package build

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// Context is what every renderer reads. Out is the (temporary) output root;
// renderers write below it (site/, pdf/, xlsx/, site.zip, continuity-pack.html).
type Context struct {
	Site     *model.Site    // restricted to MaxClass when set
	Findings []diag.Finding // findings of validation (warnings; a build with errors never renders)
	Lang     string         // "id" or "en"
	Today    time.Time
	MaxClass string // --max-classification, "" for none
	Out      string
	// Prev is the output folder of the previous build ("" when none): files
	// that come out the same are linked from it (see WriteFile), never changed.
	Prev    string
	Report  *i18n.Reporter // render-time findings (warnings), e.g. characters missing from a font
	Version string
}

// Renderer renders one kind of output.
type Renderer interface {
	Render(ctx *Context) error
}

// Options of a build.
type Options struct {
	Out       string
	Only      []string // renderer names; empty = all
	Renderers map[string]Renderer
	// Inputs, when set, is the fingerprint of the sources and options (see
	// Inputs); the build records it in ManifestFile for the outputs it
	// renders. Without it no manifest is written, and none is kept.
	Inputs string
}

// Run renders into a temporary folder and swaps it into place.
func Run(ctx Context, opts Options) error {
	names := opts.Only
	if len(names) == 0 {
		for n := range opts.Renderers {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if opts.Renderers[n] == nil {
			return fmt.Errorf("unknown output %q (known: %v)", n, keys(opts.Renderers))
		}
	}
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	// a partial build (--only) keeps the other outputs of the previous build
	if len(opts.Only) > 0 {
		if err := copyOthers(out, tmp, names); err != nil {
			return err
		}
	}
	ctx.Out = tmp
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		ctx.Prev = out
	}
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("%s renderer: internal error: %v", n, r)
				}
			}()
			if err := opts.Renderers[n].Render(&ctx); err != nil {
				errs[i] = fmt.Errorf("%s: %w", n, err)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if opts.Inputs != "" {
		if err := writeManifest(tmp, out, names, opts.Inputs); err != nil {
			return err
		}
	}
	return swap(tmp, out)
}

// outputsOf names the paths each renderer owns under the output folder.
var outputsOf = map[string][]string{
	"html": {"site", "site.zip", "continuity-pack.html"},
	"pdf":  {"pdf"},
	"xlsx": {"xlsx"},
}

func copyOthers(out, tmp string, rendering []string) error {
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil // no previous output
	}
	owned := map[string]bool{}
	for _, n := range rendering {
		for _, p := range outputsOf[n] {
			owned[p] = true
		}
	}
	for _, e := range entries {
		if owned[e.Name()] || e.Name() == ManifestFile { // the manifest is written anew, or not at all
			continue
		}
		if err := CopyTree(filepath.Join(out, e.Name()), filepath.Join(tmp, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// CopyTree copies the regular files and folders below src to dst (a missing
// src copies nothing); a file of the previous output is shared by a hard link
// where that is safe (see WriteFile).
func CopyTree(src, dst string) error { return copyTree(src, dst, true) }

// CopyFiles copies like CopyTree but never links: the copy may be edited.
func CopyFiles(src, dst string) error { return copyTree(src, dst, false) }

func copyTree(src, dst string, link bool) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == src {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		// the file is not written by this build: share it (see WriteFile)
		if link && reusable(p, info.Size()) && os.Link(p, target) == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// swap replaces out by tmp: out is renamed aside, tmp renamed into place, the old one removed.
func swap(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

func keys(m map[string]Renderer) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
