// Package output runs the renderers over a validated site into a temporary
// folder next to the output folder and swaps it in only when every renderer
// succeeded, so a failed build leaves the previous output exactly as it was.
package output

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
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/resolve"
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
	Prev string
	// Live tells that Out is read while it is written (smsgen serve): every
	// file is then replaced by a rename, never seen half written.
	Live    bool
	Report  *i18n.Reporter // render-time findings (warnings), e.g. characters missing from a font
	Version string
	// Facts are the resolved facts of Site (see Resolved); Run resolves them
	// when the caller did not.
	Facts *resolve.Site
	// running: the renderers of the build (see Renders); set by Run
	running *running
}

// Resolved returns the resolved facts of the build's site, the only source of
// derived facts for a renderer; it resolves them on first use when the caller
// did not (not safe for concurrent first use: Run resolves before rendering).
func (c *Context) Resolved() *resolve.Site {
	if c.Facts == nil || c.Facts.Site != c.Site {
		c.Facts = resolve.Run(c.Site, c.Lang, c.Today)
	}
	return c.Facts
}

// OutputNames returns the names of the output files, a resolved fact
// allocated once from the site (see names.Allocate).
func (c *Context) OutputNames() *names.Names {
	if c.Site == nil {
		return names.Allocate(nil)
	}
	return c.Resolved().Names
}

// Renderer renders one kind of output.
type Renderer interface {
	Render(ctx *Context) error
}

// Options of a build.
type Options struct {
	// Root is the site root: Out may not be it, hold it or a source, or lie
	// inside a source (see CheckOut); "" checks Out alone.
	Root      string
	Out       string
	Only      []string // renderer names; empty = all
	Renderers map[string]Renderer
	// Inputs, when set, is the fingerprint of everything the outputs are
	// rendered from (Key), and Sources that of the source files and options
	// (Inputs): the build records them in ManifestFile, with what each
	// renderer reported, for the outputs it renders. Without it no manifest
	// is written, and none is kept.
	Inputs, Sources string
	// State is the output folder's state read before the build (ReadState),
	// nil to read it here: the records of the outputs a partial build keeps
	// are carried over from it.
	State *State
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
	out, err := CheckOut(opts.Root, opts.Out)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	Cleanup(out)
	t, err := newTemp(out)
	if err != nil {
		return err
	}
	defer t.release()
	tmp := t.dir
	// the hashes of what the renderers write, for the manifest
	sums, stop := record(tmp)
	defer stop()
	// a partial build (--only) keeps the other outputs of the previous build
	if len(opts.Only) > 0 {
		if err := copyOthers(out, tmp, names); err != nil {
			return err
		}
	}
	ctx.Out = tmp
	if ctx.Site != nil {
		ctx.Resolved() // once, before the renderers run in parallel
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		ctx.Prev = out
	}
	ctx.running = newRunning(names)
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	// each renderer reports into its own collector, recorded with its output
	own := make([]diag.Collector, len(names))
	for i, n := range names {
		rctx := ctx
		if ctx.Report != nil {
			rctx.Report = ctx.Report.Sub(&own[i])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer ctx.running.finish(n)
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("%s renderer: internal error: %v", n, r)
				}
			}()
			if err := opts.Renderers[n].Render(&rctx); err != nil {
				errs[i] = fmt.Errorf("%s: %w", n, err)
			}
		}()
	}
	wg.Wait()
	if ctx.Report != nil {
		for i := range own {
			ctx.Report.C.Merge(&own[i])
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	var written []byte // the manifest
	if opts.Inputs != "" {
		state := opts.State
		if state == nil {
			state = ReadState(out)
		}
		m := manifest{Outputs: map[string]*Record{}}
		for name := range state.claimed {
			if r := state.Record(name); r != nil && !contains(names, name) {
				m.Outputs[name] = r // kept: copied into tmp (writeManifest drops it when not)
			}
		}
		for i, n := range names {
			m.Outputs[n] = &Record{Sources: opts.Sources, Inputs: opts.Inputs,
				With: state.with(n, names, opts.Inputs), Findings: own[i].Save()}
		}
		b, err := writeManifest(tmp, m, sums)
		if err != nil {
			return err
		}
		written = b
	}
	if err := checkDeclared(tmp, opts.Renderers); err != nil {
		return err
	}
	if err := t.swap(out); err != nil {
		return err
	}
	if written != nil {
		trust(out, written)
	}
	return nil
}

func copyOthers(out, tmp string, rendering []string) error {
	entries, err := os.ReadDir(out)
	if err != nil {
		return nil // no previous output
	}
	owned := map[string]bool{}
	for _, n := range rendering {
		for _, p := range Outputs[n] {
			owned[p] = true
		}
	}
	for _, e := range entries {
		if owned[e.Name()] || e.Name() == MarkerFile || e.Name() == ManifestFile { // both are written anew (the manifest only when known)
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
			return MkdirAll(target)
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
		return writeNew(target, b)
	})
}

func keys(m map[string]Renderer) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
