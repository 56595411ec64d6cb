// Package html renders the offline HTML site (output/site and output/site.zip)
// and the self-contained continuity pack (output/continuity-pack.html).
//
// Every page links to files by relative paths only, every asset is inside the
// site folder, and data reaches pages as classic <script src> files, so the
// site works when opened straight from disk (file://) with no network. Pages
// are rendered in parallel with html/template from built-in layouts embedded
// in the binary; a site's layouts/NAME.html overrides the built-in NAME.html.
// Output is deterministic: the same site and the same today give the same bytes.
package html

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// Renderer renders the HTML outputs; register it as renderers["html"].
type Renderer struct{}

// RowsPerPage is the most rows one register page holds.
const RowsPerPage = 1000

// pageCount is how many pages a register of n records has (one at least).
func pageCount(n int) int { return max((n+RowsPerPage-1)/RowsPerPage, 1) }

// pageOf is the page (1-based) of the record at index i.
func pageOf(i int) int { return i/RowsPerPage + 1 }

// pageRows are the indexes [start, end) of the records of page of a register
// of n records (start >= end past the last page).
func pageRows(page, n int) (start, end int) {
	start = (page - 1) * RowsPerPage
	return start, min(start+RowsPerPage, n)
}

// Render writes site/, site.zip and continuity-pack.html below ctx.Out.
func (Renderer) Render(ctx *output.Context) error {
	r, err := newRun(ctx)
	if err != nil {
		return err
	}
	r.spool = output.NewSpool(ctx.Out)
	defer r.spool.Remove()
	defer func() { r.prev.close() }() // r.prev is set once render asks for it
	return r.render()
}

// run is the state of one rendering.
type run struct {
	ctx    *output.Context
	site   *model.Site
	facts  *resolve.Site // every derived fact the pages show
	lang   string
	labels i18n.Labels
	tpl    *templates
	// goPage: the page templates whose pages are written in Go (gopages.go);
	// docControlBuiltin, sopBuiltin: the site keeps the built-in
	// doc-control.html, sop.html
	goPage                        map[string]bool
	docControlBuiltin, sopBuiltin bool
	info                          SiteInfo
	// file names (without .html) allocated to documents, registers and records
	docFile map[*model.Document]string
	regDir  map[string]string
	names   *names.Names              // the build's output names: every record's page and anchor (RecordHTML)
	recPage map[string]map[string]int // register -> record id -> table page (1-based), but a grouped register's (tablePage)
	// files copied from content/ into the site (site-relative source path -> output path)
	assetsMu sync.Mutex
	copied   map[string]string
	copyUsed map[string]bool
	siteCls  string // classification shown on pages that are not a document or record
	texts    docTexts
	outMu    sync.Mutex
	files    []outFile
	prevOnce sync.Once
	prev     *prevZip // site.zip of the previous output
	navs     sync.Map // Root + section -> []NavItem
	folders  sync.Map // folder of the site -> *sync.Mutex (see add)
	outDirs  sync.Map // folder of the output folder -> *outListing (see has)

	// tokens keeps the token sets of search entries that did not change (smsgen serve; nil in a build)
	tokens *tokenCache
	// the search entries and their index, made once (search.go)
	searchOnce, sdataOnce sync.Once
	slist                 *searchList
	sdata                 *searchData
	// spool takes the compressed files for site.zip past a bound (a build;
	// nil in smsgen serve, which keeps them for its updates)
	spool *output.Spool
}

type outFile struct {
	path  string // slash path below site/
	entry zipEntry
}

// SiteInfo is what every page shows about the site.
type SiteInfo struct {
	Title        string
	Organization string
	Unit         string
	Lang         string
	Today        string
	TodayISO     string
	Version      string
}

func newRun(ctx *output.Context) (*run, error) {
	facts := ctx.Resolved()
	lang := facts.Lang
	r := &run{ctx: ctx, site: ctx.Site, facts: facts, lang: lang, labels: i18n.LabelsIn(lang),
		docFile: map[*model.Document]string{}, regDir: map[string]string{},
		recPage: map[string]map[string]int{},
		copied:  map[string]string{}, copyUsed: map[string]bool{}}
	tpl, err := loadTemplates(ctx.Site.Root)
	if err != nil {
		return nil, err
	}
	r.tpl = tpl
	r.goPage = tpl.goPages(r.labels)
	r.docControlBuiltin = strings.HasPrefix(tpl.origin["doc-control.html"], "built-in template ")
	r.sopBuiltin = strings.HasPrefix(tpl.origin["sop.html"], "built-in template ")
	st := ctx.Site.Settings
	title := st.BaseTitle
	if title == "" {
		title = r.labels["site_title_default"] // never "Dashboard · Dashboard"
		if st.Unit != "" {
			title = st.Unit
		}
	}
	r.info = SiteInfo{Title: title, Organization: st.Organization, Unit: st.Unit, Lang: lang,
		Today: localize.Date(ctx.Today, lang), TodayISO: ctx.Today.Format("2006-01-02"), Version: ctx.Version}
	r.siteCls = capClass("internal", ctx.MaxClass)
	r.allocate()
	return r, nil
}

// capClass lowers c to max when max is set and ranks lower.
func capClass(c, max string) string {
	if max != "" && localize.ClassRank(max) < localize.ClassRank(c) {
		return max
	}
	return c
}

// allocate takes the file names of documents, registers and records from
// the build's name allocation (shared with the PDFs and workbooks).
func (r *run) allocate() {
	r.names = r.ctx.OutputNames()
	for _, d := range r.site.Documents {
		r.docFile[d] = r.names.Document(d)
	}
	for _, name := range r.site.RegisterNames() {
		reg := r.site.Registers[name]
		r.regDir[name] = r.names.Register(name)
		if g := r.names.Groups[name]; g != nil && RowsPerPage%g.Size == 0 {
			// a grouped register's table page follows from the chunk
			// page (tablePage): no map of 100,000 records; a record that
			// moves to another table page moves to another chunk page,
			// which an update renders again
			continue
		}
		pages := make(map[string]int, len(reg.Records))
		for i, rec := range reg.Records {
			if _, dup := pages[rec.ID]; dup {
				continue
			}
			pages[rec.ID] = pageOf(i)
		}
		r.recPage[name] = pages
	}
}

// tablePage is the table page (1-based) of the record id of the register
// name: the page of its first row (0 when it has none).
func (r *run) tablePage(name, id string) int { return r.tablePageAt(name, -1, id) }

// tablePageAt is tablePage of the record at position i of the register
// name (-1: not known).
func (r *run) tablePageAt(name string, i int, id string) int {
	if pages, ok := r.recPage[name]; ok {
		return pages[id]
	}
	g := r.names.Groups[name]
	if g == nil {
		return 0
	}
	if k := r.names.ChunkAt(name, i, id); k >= 0 {
		return k*g.Size/RowsPerPage + 1 // chunk pages divide table pages
	}
	return 0
}

var windowsReserved = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$`)

// safeName keeps ASCII letters, digits, '-', '_' and '.' of s; anything else becomes '_'.
func safeName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), ".")
	if len(out) > 80 {
		out = out[:80]
	}
	if out == "" || windowsReserved.MatchString(out) {
		out = "_" + out
	}
	return out
}

// Paths of pages, relative to the site root.
func (r *run) docPath(d *model.Document) string { return "docs/" + r.docFile[d] + ".html" }

func (r *run) regPath(name string, page int) string {
	if page <= 1 {
		return "registers/" + r.regDir[name] + "/index.html"
	}
	return "registers/" + r.regDir[name] + "/index-" + strconv.Itoa(page) + ".html"
}

// recPath returns the page of a record, with the anchor of the record when
// it is on a chunk page of a large register ("" when the record has no page):
// the resolved output name (names.RecordHTML), never computed here.
func (r *run) recPath(reg, id string) string {
	p, _ := r.names.RecordHTML(reg, id)
	return p
}

// recPathAt is recPath of the record at position i of the register reg
// (names.RecordHTMLAt: no lookup by id in a large register).
func (r *run) recPathAt(reg string, i int, id string) string {
	p, _ := r.names.RecordHTMLAt(reg, i, id)
	return p
}

// chunkPath is the site path of chunk page k of a grouped register.
func (r *run) chunkPath(reg string, k int) string {
	return "registers/" + r.regDir[reg] + "/" + r.names.Groups[reg].Pages[k] + ".html"
}

// rel makes a site-root-relative path relative to the page at from.
func rel(from, to string) string {
	// drop the folders both paths share
	for {
		i := strings.IndexByte(from, '/')
		if i < 0 || !strings.HasPrefix(to, from[:i+1]) {
			break
		}
		from, to = from[i+1:], to[i+1:]
	}
	return strings.Repeat("../", strings.Count(from, "/")) + to
}

// add writes a file of the site and compresses it for the zip. A file that
// comes out exactly as in the previous output is linked from there, and its
// compressed form is taken from the previous site.zip when that holds it.
func (r *run) add(p string, data []byte) error {
	// one file at a time per folder: creating (or linking) a file holds
	// its folder's lock in the kernel, and a second thread creating a file
	// in the same folder spins on that lock (3.6 % of the CPU of a first
	// build of a thousand documents, most of whose pages are in two
	// folders); a worker waiting here lets another render
	mu := r.folderLock(path.Dir(p))
	mu.Lock()
	reused, err := r.ctx.Write("site/"+p, data)
	mu.Unlock()
	if err != nil {
		return err
	}
	var e zipEntry
	ok := false
	if reused {
		e, ok = r.prevZip().entry(zipName(p), data)
	}
	if !ok && r.spool != nil {
		buf := getBuf(len(data)/3 + 64)
		e, err = compressTo(buf, zipName(p), data)
		if err == nil {
			e.data, err = r.spool.Keep(buf.Bytes())
		}
		putBuf(buf)
		if err != nil {
			return err
		}
	} else if !ok {
		if e, err = compress(zipName(p), data); err != nil {
			return err
		}
	}
	r.outMu.Lock()
	r.files = append(r.files, outFile{path: p, entry: e})
	r.outMu.Unlock()
	return nil
}

// folderLock is the lock of the folder dir of the site (see add).
func (r *run) folderLock(dir string) *sync.Mutex {
	if mu, ok := r.folders.Load(dir); ok {
		return mu.(*sync.Mutex)
	}
	mu, _ := r.folders.LoadOrStore(dir, new(sync.Mutex))
	return mu.(*sync.Mutex)
}

// job renders one page.
type job struct {
	path string
	fn   func() ([]byte, error)
}

// render renders every page of every kind of the table (see pageKinds).
func (r *run) render() error {
	type kindJob struct {
		job
		kind *pageKind
	}
	var jobs, later []kindJob
	// the search index and the shards of the documents' texts need the text
	// of every document: they are rendered last, once the document pages
	// are done, so that no worker waits for them while there are pages to
	// render, and the index of a large register (its postings, its bytes)
	// is not held while the chunk pages render
	var textsDone sync.WaitGroup
	for _, k := range pageKinds {
		for _, pg := range k.pages(r) {
			fn := pg.render
			switch {
			case k.texts:
				textsDone.Add(1)
				fn = func() ([]byte, error) {
					defer textsDone.Done()
					return pg.render()
				}
			case k.needsTexts:
				fn = func() ([]byte, error) {
					textsDone.Wait()
					return pg.render()
				}
				later = append(later, kindJob{job{pg.path, fn}, k})
				continue
			}
			jobs = append(jobs, kindJob{job{pg.path, fn}, k})
		}
	}
	// a site without a grouped register renders them as soon as the
	// document pages are done, beside the other pages rather than after
	// them: the search index was a tenth of a first build's time (90 ms of
	// a thousand documents' 550) with one core left idle; a grouped
	// register's index waits for the chunk pages (see above)
	early := len(r.names.Groups) == 0
	if !early {
		jobs = append(jobs, later...)
	}
	for _, d := range []string{"", "assets", "docs", "registers"} {
		if err := output.MkdirAll(filepath.Join(r.ctx.Out, "site", d)); err != nil {
			return err
		}
	}
	for _, name := range r.site.RegisterNames() {
		if err := output.MkdirAll(filepath.Join(r.ctx.Out, "site", "registers", r.regDir[name])); err != nil {
			return err
		}
	}
	do := func(j kindJob) error {
		b, err := j.fn()
		if err == nil && j.kind.alsoAtRoot {
			err = r.ctx.WriteFile(j.path, b)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", j.path, err)
		}
		err = r.add(j.path, b)
		if !j.kind.shared {
			release(b)
		}
		return err
	}
	var laterErr error
	var laterDone sync.WaitGroup
	if early && len(later) > 0 {
		laterDone.Add(1)
		go func() {
			defer laterDone.Done()
			textsDone.Wait()
			laterErr = runJobs(later, do)
		}()
	}
	err := runJobs(jobs, do)
	laterDone.Wait()
	if err == nil {
		err = laterErr
	}
	if err != nil {
		return err
	}
	sort.Slice(r.files, func(i, j int) bool { return r.files[i].path < r.files[j].path })
	entries := make([]zipEntry, len(r.files))
	for i, f := range r.files {
		if i > 0 && strings.EqualFold(f.path, r.files[i-1].path) {
			return fmt.Errorf("two outputs at %s", f.path)
		}
		entries[i] = f.entry
	}
	// the PDFs and workbooks beside the site, once written (see downloads.go)
	others, err := outputFiles(r.ctx, r.ctx.Out)
	if err != nil {
		return err
	}
	if len(others) > 0 || r.spool != nil && r.spool.Spooled() {
		// written as it goes: the zip of a large site is never held whole
		entries = append(entries, others...)
		sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
		return writeZip(filepath.Join(r.ctx.Out, "site.zip"), entries, r.ctx.Today)
	}
	var zb bytes.Buffer
	zb.Grow(zipSize(entries))
	if err := writeZipTo(&zb, entries, r.ctx.Today); err != nil {
		return err
	}
	return r.ctx.WriteFile("site.zip", zb.Bytes())
}

// runJobs runs fn over jobs on every core (with more goroutines than cores,
// so that rendering goes on while files are being written); the first error wins.
func runJobs[T any](jobs []T, fn func(T) error) error {
	n := 3 * runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan T)
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if err := fn(j); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return first
}

// copyContentFile copies a file of content/ (an image or attachment linked from
// a document) into files/ of the site and returns its site-relative output path,
// or "" when it may not be copied (outside content/, missing, outside the root,
// not on the attachment allow-list: see package attach).
func (r *run) copyContentFile(rel string) string {
	if !strings.HasPrefix(rel, "content/") || strings.Contains(rel, "..") || !r.site.Files[rel] ||
		strings.EqualFold(path.Ext(rel), ".md") {
		return ""
	}
	r.assetsMu.Lock()
	defer r.assetsMu.Unlock()
	if out, ok := r.copied[rel]; ok {
		return out
	}
	out := ""
	// only files on the attachment allow-list, checked on the very bytes copied
	// (validation reports the refusals; this never copies what it refused)
	src, pr := attach.Resolve(r.site.Root, rel, r.ctx.Out, r.ctx.Prev, filepath.Join(r.site.Root, "output"))
	if pr == nil && attach.CheckName(rel) == nil {
		if b, err := os.ReadFile(src); err == nil && attach.CheckBytes(rel, b) == nil {
			out = "files/" + safePath(strings.TrimPrefix(rel, "content/"))
			ext := path.Ext(out)
			for i := 2; r.copyUsed[strings.ToLower(out)]; i++ {
				out = strings.TrimSuffix(out, ext) + "-" + strconv.Itoa(i) + ext
			}
			r.copyUsed[strings.ToLower(out)] = true
			if r.add(out, b) != nil {
				out = ""
			}
		}
	}
	r.copied[rel] = out
	return out
}

func inside(root, p string) bool {
	rl, err := filepath.Rel(root, p)
	return err == nil && rl != ".." && !strings.HasPrefix(rl, ".."+string(filepath.Separator)) && !filepath.IsAbs(rl)
}

// safePath makes every segment of a slash path safe.
func safePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		ext := path.Ext(s)
		if ext == "" || ext == s {
			parts[i] = safeName(s)
			continue
		}
		parts[i] = safeName(strings.TrimSuffix(s, ext)) + "." + strings.ToLower(safeName(ext[1:]))
	}
	return strings.Join(parts, "/")
}

// classLabel returns the label of a classification in the page language.
func (r *run) classLabel(c string) string {
	if f := r.site.Schemas.Document.Field("classification"); f != nil && c != "" {
		return f.EnumLabel(c, r.lang)
	}
	return c
}

// fieldLabel returns a field's label in the page language.
func (r *run) fieldLabel(f *schema.Field) string { return f.Label.In(r.lang) }

// execute runs a page template into bytes (from a pool: see release).
func (r *run) execute(name string, p *Page) ([]byte, error) {
	buf := bytes.NewBuffer(getPage())
	if err := r.tpl.execute(buf, name, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Buffers of pages are reused: a page's bytes are dead once add wrote and
// compressed them, and recycling them saves the garbage collector most of
// its work.
var pages = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

func getPage() []byte { return (*pages.Get().(*[]byte))[:0] }

// release gives the bytes of a page back; nothing may use them afterwards.
func release(b []byte) {
	if c := cap(b); c >= 16<<10 && c <= 4<<20 {
		b = b[:0]
		pages.Put(&b)
	}
}

// Smaller buffers (document bodies) are pooled as bytes.Buffers.
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf(n int) *bytes.Buffer {
	b := bufs.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(n)
	return b
}

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		bufs.Put(b)
	}
}
