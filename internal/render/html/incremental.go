package html

import (
	"bytes"
	"errors"
	"hash/crc32"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Incremental renders the HTML site in full once (Render, usable as a
// output.Renderer), then, after each change of the sources, re-renders only
// the pages the change can affect (Update): those whose kind declares a
// dependency the change hits (see pageKinds, the one table of page kinds the
// full build renders too), and pages that are new. Every re-rendered file is
// compared with what is on disk and written (atomically) only when its bytes
// changed, so the output folder is always byte-identical to a full rendering
// of the same site. smsgen serve uses it; smsgen build uses Renderer.
//
// Update assumes that what every page shares did not change: the templates
// (layouts/), the settings and the schemas. After such a change, render in
// full again (Render). Methods must not be called concurrently.
type Incremental struct {
	mu     sync.Mutex
	prev   *snapshot
	tokens tokenCache
	// zipOut is the output root whose site.zip WriteZip still has to write ("" when none).
	zipOut string
}

// snapshot is what the last rendering produced and from what.
type snapshot struct {
	site     *model.Site
	lang     string
	today    time.Time
	maxCls   string
	version  string
	docs     map[string]*model.Document // by path
	docName  map[string]string          // doc path -> file name
	regs     map[string]*model.Register
	regDir   map[string]string
	names    *names.Names // the output names: every record's page and anchor
	recPage  map[string]map[string]int
	commits  map[string]string // doc path or "registers:"+name -> last git commit
	texts    map[*model.Document]string
	copied   map[string]string   // content file -> site path ("" = not copied)
	files    map[string]zipEntry // every file below site/, by slash path
	findings []diag.Finding
}

// UpdateResult tells what an Update changed.
type UpdateResult struct {
	// Changed lists the files below site/ (slash paths) that were written with
	// new content, added or removed, sorted.
	Changed []string
	// Rendered counts the pages rendered (changed or not).
	Rendered int
	// Full is true when everything was rendered (no earlier state to build on,
	// or the file names of pages shifted).
	Full bool
}

// ErrNoState is returned by Update before a Render (or after a failed Update).
var ErrNoState = errors.New("html: no earlier rendering to update; render in full")

// NewIncremental returns an incremental renderer with no state yet.
func NewIncremental() *Incremental { return &Incremental{} }

// Render renders everything into ctx.Out, exactly as Renderer does, and keeps
// what later Updates need.
func (inc *Incremental) Render(ctx *output.Context) error {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	inc.prev = nil
	r, err := newRun(ctx)
	if err != nil {
		return err
	}
	inc.tokens = tokenCache{next: map[string]tokenSet{}}
	r.tokens = &inc.tokens
	if err := r.render(); err != nil {
		return err
	}
	inc.tokens.turn()
	files := make(map[string]zipEntry, len(r.files))
	for _, f := range r.files {
		files[f.path] = f.entry
	}
	inc.prev = r.snapshot(files)
	inc.zipOut = ""
	return nil
}

// Reset drops the state: the next Update renders everything.
func (inc *Incremental) Reset() {
	inc.mu.Lock()
	inc.prev = nil
	inc.mu.Unlock()
}

func commitOf(c *model.Change) string {
	if c == nil {
		return ""
	}
	return c.Commit + " " + c.Date.UTC().Format(time.RFC3339)
}

func (r *run) snapshot(files map[string]zipEntry) *snapshot {
	s := &snapshot{site: r.site, lang: r.lang, today: r.ctx.Today, maxCls: r.ctx.MaxClass, version: r.ctx.Version,
		docs: make(map[string]*model.Document, len(r.site.Documents)), docName: make(map[string]string, len(r.site.Documents)),
		regs: map[string]*model.Register{}, regDir: r.regDir, names: r.names, recPage: r.recPage,
		commits: map[string]string{}, texts: make(map[*model.Document]string, len(r.site.Documents)),
		copied: r.copied, files: files, findings: r.ctx.Findings}
	for _, d := range r.site.Documents {
		s.docs[d.Path] = d
		s.docName[d.Path] = r.docFile[d]
		s.commits[d.Path] = commitOf(d.LastChange)
	}
	r.texts.mu.Lock()
	for _, d := range r.site.Documents {
		if t, ok := r.texts.m[d]; ok {
			s.texts[d] = t
		}
	}
	r.texts.mu.Unlock()
	for name, reg := range r.site.Registers {
		s.regs[name] = reg
		s.commits["registers:"+name] = commitOf(reg.LastChange)
	}
	return s
}

// refTargets calls fn for every record id a record references, per target register.
func refTargets(reg *model.Register, rec *model.Record, fn func(target, id string)) {
	for _, f := range reg.Schema.Fields {
		if f.Type != schema.Ref || f.Ref == "" {
			continue
		}
		for _, id := range resolve.RefIDs(f, rec.Cell(f.Index)) {
			fn(f.Ref, id)
		}
	}
}

// docRefs calls fn for every document id a record references.
func docRefs(reg *model.Register, rec *model.Record, fn func(id string)) {
	for _, f := range reg.Schema.Fields {
		if f.Type != schema.DocRef {
			continue
		}
		for _, id := range model.RefItems(f, rec.Cell(f.Index)) {
			fn(id)
		}
	}
}

// Update renders into ctx.Out (the live output root, holding site/) what
// changed since the last Render or Update. paths lists the changed source
// files (site-relative, slash separated) as far as they are known; documents
// and registers are compared by themselves (the load cache keeps unchanged
// ones), paths matters for other files of content/ (images, attachments).
// The pages of what changed are written first; early, when not nil, is then
// called with them (site paths) before the indexes, the search data and the
// continuity pack follow. On an error the state is dropped: render in full next.
func (inc *Incremental) Update(ctx *output.Context, paths []string, early func(changed []string)) (res *UpdateResult, err error) {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	prev := inc.prev
	if prev == nil {
		return nil, ErrNoState
	}
	inc.prev = nil // restored on success
	r, err := newRun(ctx)
	if err != nil {
		return nil, err
	}
	ch := r.changesSince(prev, paths)
	res = &UpdateResult{Full: ch.full}
	inc.tokens.next = map[string]tokenSet{}
	r.tokens = &inc.tokens
	site := r.site

	// what unchanged documents already produced
	r.texts.m = make(map[*model.Document]string, len(site.Documents))
	if !ch.full {
		for _, d := range site.Documents {
			if t, ok := prev.texts[d]; ok && !ch.docs[d] {
				r.texts.m[d] = t
			}
		}
		for rel, out := range prev.copied {
			if ch.files[rel] {
				continue
			}
			r.copied[rel] = out
			if out != "" {
				r.copyUsed[strings.ToLower(out)] = true
			}
		}
	}
	oldFiles := prev.files

	// the pages of the new site, every kind of the table, and which of them
	// to render: those the changes affect (see pageKind.deps) and new ones
	want := map[string]bool{}
	var jobs []job   // pages of what changed and what shows it
	var global []job // site-wide pages, rendered after them
	var atRoot []string
	for _, k := range pageKinds {
		for _, pg := range k.pages(r) {
			want[pg.path] = true
			if k.alsoAtRoot {
				atRoot = append(atRoot, pg.path)
			}
			if _, had := oldFiles[pg.path]; had && !ch.affects(r, k, &pg) {
				continue
			}
			if k.siteWide {
				global = append(global, job{pg.path, pg.render})
			} else {
				jobs = append(jobs, job{pg.path, pg.render})
			}
		}
	}
	for _, d := range []string{"", "assets", "docs", "registers"} {
		if err := output.MkdirAll(filepath.Join(ctx.Out, "site", d)); err != nil {
			return nil, err
		}
	}
	for _, name := range site.RegisterNames() {
		if err := output.MkdirAll(filepath.Join(ctx.Out, "site", "registers", r.regDir[name])); err != nil {
			return nil, err
		}
	}

	var mu sync.Mutex
	written := map[string]zipEntry{}
	put := func(pth string, b []byte) error {
		old, had := oldFiles[pth]
		full := filepath.Join(ctx.Out, "site", filepath.FromSlash(pth))
		if had && old.size == uint64(len(b)) && old.crc == crc32.ChecksumIEEE(b) {
			if cur, err := os.ReadFile(full); err == nil && bytes.Equal(cur, b) {
				return nil
			}
		}
		if err := ctx.WriteFile("site/"+pth, b); err != nil {
			return err
		}
		e, err := compress(zipName(pth), b)
		if err != nil {
			return err
		}
		mu.Lock()
		written[pth] = e
		mu.Unlock()
		return nil
	}
	do := func(j job) error {
		b, err := j.fn()
		if err != nil {
			return errors.New(j.path + ": " + err.Error())
		}
		return put(j.path, b)
	}
	// first the pages of what changed, so that they are served at once
	if err := runJobs(jobs, do); err != nil {
		return nil, err
	}
	if early != nil {
		mu.Lock()
		var first []string
		for pth := range written {
			first = append(first, pth)
		}
		mu.Unlock()
		sort.Strings(first)
		early(first)
	}
	// then the indexes, the search data (it needs the text of the documents
	// rendered above), the continuity pack and the assets
	res.Rendered = len(jobs) + len(global)
	if err := runJobs(global, do); err != nil {
		return nil, err
	}
	for _, pth := range atRoot {
		if _, changed := written[pth]; !changed {
			continue
		}
		b, err := os.ReadFile(filepath.Join(ctx.Out, "site", pth))
		if err == nil {
			err = ctx.WriteFile(pth, b)
		}
		if err != nil {
			return nil, err
		}
	}
	// files copied from content/ in this run (written by copyContentFile)
	for _, f := range r.files {
		written[f.path] = f.entry
	}
	// files copied while rendering (attachments)
	for _, k := range pageKinds {
		if k.copies != nil {
			for _, pth := range k.copies(r) {
				want[pth] = true
			}
		}
	}

	// the new set of files: kept, written, removed
	files := make(map[string]zipEntry, len(want))
	for pth := range want {
		if e, ok := written[pth]; ok {
			files[pth] = e
			res.Changed = append(res.Changed, pth)
		} else if e, ok := oldFiles[pth]; ok {
			files[pth] = e
		}
	}
	for pth := range oldFiles {
		if want[pth] {
			continue
		}
		if err := ctx.Remove("site/" + pth); err != nil {
			return nil, err
		}
		pruneDirs(filepath.Join(ctx.Out, "site"), path.Dir(pth))
		res.Changed = append(res.Changed, pth)
	}
	sort.Strings(res.Changed)
	copied := map[string]string{}
	for rel, out := range r.copied {
		copied[rel] = out
	}
	r.copied = copied
	inc.prev = r.snapshot(files)
	inc.tokens.turn()
	if len(res.Changed) > 0 {
		inc.zipOut = ctx.Out
	}
	return res, nil
}

// WriteZip writes site.zip for the files of the last Update, when they
// changed. smsgen serve calls it after the changed pages are served.
func (inc *Incremental) WriteZip() error {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if inc.zipOut == "" || inc.prev == nil {
		return nil
	}
	out := inc.zipOut
	inc.zipOut = ""
	names := make([]string, 0, len(inc.prev.files))
	for p := range inc.prev.files {
		names = append(names, p)
	}
	sort.Strings(names)
	entries := make([]zipEntry, len(names))
	for i, n := range names {
		entries[i] = inc.prev.files[n]
	}
	// the PDFs and workbooks of the output, beside the site (downloads.go)
	others, err := outputFiles(nil, out)
	if err != nil {
		return err
	}
	entries = append(entries, others...)
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	return writeZip(filepath.Join(out, "site.zip"), entries, inc.prev.today)
}

// pruneDirs removes dir (slash path below site) and its parents while they
// are empty, keeping the folders every build has.
func pruneDirs(site, dir string) {
	for dir != "." && dir != "" && dir != "assets" && dir != "docs" && dir != "registers" {
		if os.Remove(filepath.Join(site, filepath.FromSlash(dir))) != nil {
			return
		}
		dir = path.Dir(dir)
	}
}

// tableCellRenderer writes table cells as goldmark's table renderer does
// (alignment as a style attribute) without storing the style in the tree:
// goldmark's own renderer appends it to the node's attributes on every
// rendering, so a document tree kept by the load cache and rendered again
// (smsgen serve) would get "text-align:right;text-align:right".
type tableCellRenderer struct{}

func (tableCellRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTableCell, renderTableCell)
}

func renderTableCell(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	tag := "td"
	filter := extension.TableTdCellAttributeFilter
	if n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader {
		tag, filter = "th", extension.TableThCellAttributeFilter
	}
	if !entering {
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<" + tag)
	style, hadStyle := "", false
	if n.Alignment != east.AlignNone {
		style = "text-align:" + n.Alignment.String()
		if v, ok := n.AttributeString("style"); ok {
			hadStyle = true
			switch v := v.(type) {
			case []byte:
				style = string(v) + ";" + style
			case string:
				style = v + ";" + style
			}
		}
	}
	for _, a := range n.Attributes() {
		if !filter.Contains(a.Name) && !bytes.HasPrefix(a.Name, []byte("data-")) {
			continue
		}
		var v string
		switch t := a.Value.(type) {
		case []byte:
			v = string(t)
		case string:
			v = t
		}
		if style != "" && string(a.Name) == "style" {
			v = style
		}
		writeAttr(w, string(a.Name), v)
	}
	if style != "" && !hadStyle {
		writeAttr(w, "style", style)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// tokenCache keeps the token sets of the search entries of the last index,
// so that an Update tokenizes only the entries whose text changed (the sets
// are never changed once made). A nil cache (smsgen build) keeps nothing.
type tokenCache struct {
	mu   sync.Mutex
	last map[string]tokenSet // by entry URL, from the last index
	next map[string]tokenSet // filled by the index being built
}

type tokenSet struct {
	title, heads, body string
	set                map[string]uint8
}

func (c *tokenCache) get(e *searchEntry, body string) (map[string]uint8, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.last[e.URL]
	if !ok || t.title != e.Title || t.heads != e.heads || t.body != body {
		return nil, false
	}
	c.next[e.URL] = t
	return t.set, true
}

func (c *tokenCache) put(e *searchEntry, body string, m map[string]uint8) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.next[e.URL] = tokenSet{title: e.Title, heads: e.heads, body: body, set: m}
	c.mu.Unlock()
}

// turn makes the sets of the index just built those of the last one.
func (c *tokenCache) turn() {
	c.last, c.next = c.next, map[string]tokenSet{}
}
