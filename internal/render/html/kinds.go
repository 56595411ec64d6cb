package html

import (
	"path"
	"reflect"
	"strings"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// The kinds of page of the site, in one table: for each its name, the pages
// it produces (their paths from the resolved output names), which changes of
// the sources affect them and how each is rendered. The full build
// (Renderer, Incremental.Render) renders every page of every kind; smsgen
// serve's update (Incremental.Update) renders only the pages whose declared
// dependencies the change hits (and pages that did not exist before). A page
// kind that shows something it does not declare is stale after an update:
// the tests that compare an update with a fresh build find it.

// dep is a class of change of the sources that a page can depend on.
type dep uint8

const (
	// onSettings: the settings, layouts, schemas, language, today, version,
	// classification cap and the output names of unchanged documents,
	// registers and records. Every page depends on them and a change of them
	// renders everything; a kind that depends on nothing else (the search
	// page, the assets) declares only this.
	onSettings dep = iota
	// onOwnDoc: the page's document, its source and its last commit; for a
	// shard of the search texts, those of every document it holds (page.docs)
	// and the removal of one it held.
	onOwnDoc
	// onDocsShown: the documents the page names (doc: links, supersedes,
	// document references of records): their id, title and existence.
	onDocsShown
	// onAnyDoc: any document added, removed or changed (lists, counts and
	// the search data of every document).
	onAnyDoc
	// onOwnRecords: the page's records: a record page's record and the table
	// page it is on, a table page's rows, a chunk page's records (those it
	// held before the change too) and the table pages they are on.
	onOwnRecords
	// onRegister: the page's register as a whole: its file, last commit,
	// number of records and classification.
	onRegister
	// onRecsShown: the records and registers the page names (reg: links,
	// references of records): their id, title and existence.
	onRecsShown
	// onBackRefs: the records that reference the page's record (or one of a
	// chunk page's records), before or after the change.
	onBackRefs
	// onFiles: the files the page links to or embeds (files of content/,
	// register files linked by their path).
	onFiles
	// onAnyRegister: any register or record added, removed or changed.
	onAnyRegister
	// onFindings: the findings of validation, and in a restricted build the
	// documents and records they name (findings about what the build left
	// out are withheld).
	onFindings
	numDeps
)

var depNames = [numDeps]string{"settings", "own document", "documents shown", "any document", "own records",
	"register", "records shown", "back references", "linked files", "any register", "findings"}

func (d dep) String() string {
	if d < numDeps {
		return depNames[d]
	}
	return "dep?"
}

// pageKind is one kind of page.
type pageKind struct {
	name string
	// deps are the changes that affect a page of the kind (see dep).
	deps []dep
	// pages lists the pages of the kind in the site being rendered.
	pages func(r *run) []page
	// siteWide pages show the whole site (indexes, search data, pack,
	// assets): an update renders them after the pages of what changed,
	// which are served first.
	siteWide bool
	// texts: rendering a page keeps its document's text for the search data;
	// needsTexts: the page reads those texts, so a full build renders it
	// once the pages keeping them are done.
	texts, needsTexts bool
	// alsoAtRoot: the page is also written at the output root (the continuity pack).
	alsoAtRoot bool
	// shared: the bytes are not the page pool's (embedded assets): never released.
	shared bool
	// copies lists the files the pages copied from content/ while they
	// were rendered (the attachments of documents), once they are rendered.
	copies func(r *run) []string
}

// page is one output file of a kind and what it shows.
type page struct {
	path   string
	render func() ([]byte, error)
	doc    *model.Document   // document page
	docs   []*model.Document // shard of the documents' search texts: the documents it holds
	reg    *model.Register   // register table page, record page
	rec    *model.Record     // record page
	num    int               // table page number (register table page)
	chunk  int               // chunk page number, 1-based (chunk page of a large register)
}

// single is the pages of a kind that exists once per site.
func single(p string, render func(r *run) ([]byte, error)) func(r *run) []page {
	return func(r *run) []page {
		return []page{{path: p, render: func() ([]byte, error) { return render(r) }}}
	}
}

// pageKinds is the table of page kinds, in the order a full build renders them.
var pageKinds = []*pageKind{
	{name: "dashboard", deps: []dep{onAnyDoc, onAnyRegister, onFindings}, siteWide: true,
		pages: single("index.html", (*run).dashboardPage)},
	{name: "document index", deps: []dep{onAnyDoc}, siteWide: true,
		pages: single("documents.html", (*run).documentIndexPage)},
	{name: "register index", deps: []dep{onAnyRegister}, siteWide: true,
		pages: single("registers.html", (*run).registerIndexPage)},
	// the field reference (fields.go) shows the schemas, which change only with
	// the settings, and links the registers the site has
	{name: "field reference", deps: []dep{onAnyRegister}, siteWide: true,
		pages: single("fields.html", (*run).fieldsPage)},
	{name: "coverage", deps: []dep{onAnyDoc, onAnyRegister}, siteWide: true,
		pages: single("coverage.html", (*run).coveragePage)},
	{name: "findings", deps: []dep{onFindings}, siteWide: true,
		pages: single("findings.html", (*run).findingsPage)},
	{name: "search page", deps: []dep{onSettings}, siteWide: true,
		pages: single("search.html", (*run).searchPage)},
	{name: "document", deps: []dep{onOwnDoc, onDocsShown, onRecsShown, onFiles}, texts: true,
		pages: func(r *run) []page {
			out := make([]page, 0, len(r.site.Documents))
			for _, d := range r.site.Documents {
				out = append(out, page{path: r.docPath(d), doc: d, render: func() ([]byte, error) { return r.documentPage(d) }})
			}
			return out
		},
		copies: func(r *run) []string {
			var out []string
			seen := map[string]bool{}
			for _, d := range r.site.Documents {
				for _, l := range d.Links {
					if l.Kind != "file" && l.Kind != "image" || seen[l.File] {
						continue
					}
					seen[l.File] = true
					if p := r.copied[l.File]; p != "" {
						out = append(out, p)
					}
				}
			}
			return out
		}},
	{name: "search data", deps: []dep{onAnyDoc, onAnyRegister}, siteWide: true, needsTexts: true,
		pages: func(r *run) []page {
			out := []page{{path: searchIndexPath, render: func() ([]byte, error) { return r.searchIndexFile(r.search()) }}}
			if r.searchBucketed() { // a large index: its terms in bucket files
				for b := range termBuckets {
					out = append(out, page{path: termBucketPath(b), render: func() ([]byte, error) { return r.termBucketFile(b) }})
				}
			}
			return out
		}},
	// the texts search results quote (search.go): those of the documents
	// whose file names hash to one bucket, and those of a register table
	// page's records, which show referenced titles
	{name: "search texts of documents", deps: []dep{onOwnDoc}, siteWide: true, needsTexts: true,
		pages: func(r *run) []page {
			var buckets [textBuckets][]*model.Document
			for _, d := range r.site.Documents {
				b := textBucket(r.docFile[d])
				buckets[b] = append(buckets[b], d)
			}
			var out []page
			for b, docs := range buckets {
				if len(docs) == 0 {
					continue
				}
				p := textBucketPath(b)
				out = append(out, page{path: p, docs: docs, render: func() ([]byte, error) { return r.docTextsFile(p, docs) }})
			}
			return out
		}},
	{name: "search texts of a register page", deps: []dep{onOwnRecords, onRegister, onRecsShown, onDocsShown}, siteWide: true,
		pages: func(r *run) []page {
			var out []page
			for _, name := range r.site.RegisterNames() {
				reg := r.site.Registers[name]
				pages := pageCount(len(reg.Records))
				for n := 1; n <= pages; n++ {
					p := r.regTextPath(name, n)
					out = append(out, page{path: p, reg: reg, num: n, render: func() ([]byte, error) { return r.regTextsFile(p, reg, n) }})
				}
			}
			return out
		}},
	{name: "continuity pack", deps: []dep{onAnyRegister}, siteWide: true, alsoAtRoot: true,
		pages: single("continuity-pack.html", (*run).continuityPack)},
	{name: "register", deps: []dep{onOwnRecords, onRegister, onRecsShown, onDocsShown},
		pages: func(r *run) []page {
			var out []page
			for _, name := range r.site.RegisterNames() {
				reg := r.site.Registers[name]
				pages := pageCount(len(reg.Records))
				for n := 1; n <= pages; n++ {
					out = append(out, page{path: r.regPath(name, n), reg: reg, num: n,
						render: func() ([]byte, error) { return r.registerPage(reg, n, pages) }})
				}
			}
			return out
		}},
	// a record page, or in a large register a chunk page holding the
	// records of a run of rows (names.Group): the resolved output names
	// decide which, and where every record is
	{name: "record", deps: []dep{onOwnRecords, onRecsShown, onDocsShown, onBackRefs},
		pages: func(r *run) []page {
			var out []page
			for _, name := range r.site.RegisterNames() {
				reg := r.site.Registers[name]
				if g := r.names.Groups[name]; g != nil {
					for k, stem := range g.Pages {
						if stem == "" {
							continue
						}
						out = append(out, page{path: r.chunkPath(name, k), reg: reg, chunk: k + 1,
							render: func() ([]byte, error) { return r.chunkPage(reg, k) }})
					}
					continue
				}
				seen := make(map[string]bool, len(reg.Records))
				for _, rec := range reg.Records {
					if seen[rec.ID] || rec.ID == "" {
						continue
					}
					seen[rec.ID] = true
					out = append(out, page{path: r.recPath(name, rec.ID), reg: reg, rec: rec,
						render: func() ([]byte, error) { return r.recordPage(reg, rec) }})
				}
			}
			return out
		}},
	{name: "asset", deps: []dep{onSettings}, siteWide: true, shared: true,
		pages: func(r *run) []page {
			var out []page
			for _, a := range staticAssets() {
				out = append(out, page{path: a.path, render: func() ([]byte, error) { return a.data, nil }})
			}
			return out
		}},
}

func (r *run) documentIndexPage() ([]byte, error) {
	idx := DocIndex{Groups: r.docGroups("documents.html"), Cols: map[string]string{}}
	for _, f := range r.site.Schemas.Document.Fields {
		idx.Cols[f.Key] = r.fieldLabel(f)
	}
	p := r.page("documents.html", r.labels["document_index"], r.siteCls, "documents", idx)
	return r.execute("documents.html", p)
}

func (r *run) registerIndexPage() ([]byte, error) {
	p := r.page("registers.html", r.labels["registers"], r.siteCls, "registers", r.regRows("registers.html"))
	return r.execute("registers.html", p)
}

func (r *run) searchPage() ([]byte, error) {
	p := r.page("search.html", r.labels["search"], r.siteCls, "search", nil)
	p.Scripts = []string{"assets/search-index.js", "assets/search.js"}
	return r.execute("search.html", p)
}

// changes is what changed in the sources since the last rendering, by
// dependency class.
type changes struct {
	// full: something every page depends on changed (onSettings)
	full bool
	// docs whose own page changes (onOwnDoc)
	docs map[*model.Document]bool
	// shards of the search texts that held a removed document (onOwnDoc)
	textsGone map[string]bool
	// ids of documents added, removed, or whose id or title changed (onDocsShown)
	docIDs map[string]bool
	// some document was added, removed or changed (onAnyDoc)
	anyDoc bool
	// register -> ids of records changed, added or removed (onOwnRecords, onRecsShown)
	recs map[string]map[string]bool
	// register -> table pages holding a changed record (onOwnRecords)
	rows map[string]map[int]bool
	// register -> chunk pages (1-based) holding a changed, moved or removed
	// record, before or after (onOwnRecords)
	chunks map[string]map[int]bool
	// registers changed as a whole (onRegister)
	regs map[string]bool
	// registers added or removed (onRecsShown: reg:NAME links)
	regsExist map[string]bool
	// register -> records a changed record references, before or after (onBackRefs)
	back map[string]map[string]bool
	// source files changed (onFiles): files of content/ and register files
	files map[string]bool
	// some register or record changed (onAnyRegister)
	anyReg bool
	// the findings changed (onFindings)
	findings bool

	// the table page of every record in the last rendering
	prevRecPage map[string]map[string]int
	// whether a register's references can hit a changed record or document
	relevant map[string]bool
}

func mark[K comparable](m map[string]map[K]bool, reg string, k K) {
	s := m[reg]
	if s == nil {
		s = map[K]bool{}
		m[reg] = s
	}
	s[k] = true
}

// changesSince compares the site being rendered with the last rendered one.
// paths lists the changed source files as far as they are known (for the
// files of content/ other than documents).
func (r *run) changesSince(prev *snapshot, paths []string) *changes {
	ch := &changes{docs: map[*model.Document]bool{}, textsGone: map[string]bool{}, docIDs: map[string]bool{}, recs: map[string]map[string]bool{},
		rows: map[string]map[int]bool{}, chunks: map[string]map[int]bool{}, regs: map[string]bool{}, regsExist: map[string]bool{},
		back: map[string]map[string]bool{}, files: map[string]bool{}, relevant: map[string]bool{}}
	site := r.site
	if prev == nil || prev.lang != r.lang || !prev.today.Equal(r.ctx.Today) || prev.maxCls != r.ctx.MaxClass ||
		prev.version != r.ctx.Version || prev.site.Root != site.Root || !reflect.DeepEqual(prev.site.Settings, site.Settings) {
		ch.full = true
		return ch
	}
	ch.prevRecPage = prev.recPage
	// file names: when an unchanged document, register or record would get
	// another file name, links everywhere change: render everything
	for _, d := range site.Documents {
		if n, ok := prev.docName[d.Path]; ok && n != r.docFile[d] {
			ch.full = true
			return ch
		}
	}
	// (a record that moves to another chunk page of a large register is a
	// changed record below; a register that becomes grouped or stops being
	// grouped moves all its records: render everything)
	for name, dir := range r.regDir {
		if old, ok := prev.regDir[name]; ok && old != dir {
			ch.full = true
			return ch
		}
		if _, ok := prev.regDir[name]; ok && (prev.names.Groups[name] == nil) != (r.names.Groups[name] == nil) {
			ch.full = true
			return ch
		}
		for id, f := range r.names.Records[name] {
			if old, ok := prev.names.Records[name][id]; ok && old != f {
				ch.full = true
				return ch
			}
		}
	}
	for _, rel := range paths {
		if strings.HasPrefix(rel, "content/") && !strings.EqualFold(path.Ext(rel), ".md") {
			ch.files[rel] = true
		}
	}
	// documents
	for _, d := range site.Documents {
		o := prev.docs[d.Path]
		if o == d && prev.commits[d.Path] == commitOf(d.LastChange) {
			continue
		}
		ch.docs[d] = true
		ch.anyDoc = true
		// other pages show a document's id (links) and title (supersedes,
		// document references of records), never its body
		if o == nil || o.DocID != d.DocID || o.Title != d.Title {
			ch.docIDs[d.DocID] = true
			if o != nil {
				ch.docIDs[o.DocID] = true
			}
		}
	}
	for pth, o := range prev.docs {
		if site.DocByPath[pth] == nil {
			ch.docIDs[o.DocID] = true
			ch.anyDoc = true
			ch.textsGone[textBucketPath(textBucket(prev.docName[pth]))] = true
		}
	}
	// registers and records
	backRefs := func(reg *model.Register, rec *model.Record) {
		refTargets(reg, rec, func(target, id string) { mark(ch.back, target, id) })
	}
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		o := prev.regs[name]
		if o == reg && prev.commits["registers:"+name] == commitOf(reg.LastChange) {
			continue
		}
		ch.anyReg = true
		ch.files[reg.Path] = true
		if o == nil {
			ch.regsExist[name] = true
		} else {
			ch.files[o.Path] = true
		}
		if o == nil || len(o.Records) != len(reg.Records) || o.Path != reg.Path ||
			commitOf(o.LastChange) != commitOf(reg.LastChange) || r.regClass(o) != r.regClass(reg) {
			ch.regs[name] = true
		}
		old := map[string]*model.Record{}
		if o != nil {
			for _, rec := range o.Records {
				old[rec.ID] = rec
			}
		}
		chunks := func(id string) {
			if k := prev.names.Chunk(name, id); k >= 0 {
				mark(ch.chunks, name, k+1)
			}
			if k := r.names.Chunk(name, id); k >= 0 {
				mark(ch.chunks, name, k+1)
			}
		}
		seen := make(map[string]bool, len(reg.Records))
		for i, rec := range reg.Records {
			seen[rec.ID] = true
			orec := old[rec.ID]
			if orec != nil && orec.Same(rec) && prev.names.Chunk(name, rec.ID) == r.names.Chunk(name, rec.ID) {
				continue
			}
			mark(ch.recs, name, rec.ID)
			mark(ch.rows, name, pageOf(i))
			chunks(rec.ID)
			backRefs(reg, rec)
			if orec != nil {
				backRefs(o, orec)
			}
		}
		for id, orec := range old {
			if !seen[id] {
				mark(ch.recs, name, id)
				chunks(id)
				backRefs(o, orec)
				ch.regs[name] = true
			}
		}
	}
	for name, o := range prev.regs {
		if site.Registers[name] != nil {
			continue
		}
		ch.anyReg = true
		ch.regsExist[name] = true
		ch.files[o.Path] = true
		for _, rec := range o.Records {
			mark(ch.recs, name, rec.ID)
			backRefs(o, rec)
		}
	}
	ch.findings = !reflect.DeepEqual(prev.findings, r.ctx.Findings) ||
		r.ctx.MaxClass != "" && (len(ch.docIDs) > 0 || len(ch.recs) > 0)
	return ch
}

// affects tells whether the changes hit one of the kind's dependencies for pg.
func (ch *changes) affects(r *run, k *pageKind, pg *page) bool {
	if ch.full {
		return true
	}
	for _, d := range k.deps {
		if ch.hits(r, d, pg) {
			return true
		}
	}
	return false
}

func (ch *changes) hits(r *run, d dep, pg *page) bool {
	switch d {
	case onSettings:
		return ch.full
	case onOwnDoc:
		if pg.doc != nil {
			return ch.docs[pg.doc]
		}
		for _, d := range pg.docs {
			if ch.docs[d] {
				return true
			}
		}
		return len(pg.docs) > 0 && ch.textsGone[pg.path]
	case onAnyDoc:
		return ch.anyDoc
	case onAnyRegister:
		return ch.anyReg
	case onFindings:
		return ch.findings
	case onRegister:
		return pg.reg != nil && ch.regs[pg.reg.Name]
	case onOwnRecords:
		switch {
		case pg.chunk > 0:
			name := pg.reg.Name
			if ch.chunks[name][pg.chunk] {
				return true
			}
			recs, _ := r.chunkRecords(pg)
			for _, rec := range recs { // the link to its table page
				if ch.prevRecPage[name][rec.ID] != r.recPage[name][rec.ID] {
					return true
				}
			}
			return false
		case pg.rec != nil:
			name := pg.reg.Name
			return ch.recs[name][pg.rec.ID] || ch.prevRecPage[name][pg.rec.ID] != r.recPage[name][pg.rec.ID]
		case pg.reg != nil:
			return ch.rows[pg.reg.Name][pg.num]
		}
	case onBackRefs:
		if pg.chunk > 0 {
			recs, _ := r.chunkRecords(pg)
			for _, rec := range recs {
				if ch.back[pg.reg.Name][rec.ID] {
					return true
				}
			}
		}
		return pg.rec != nil && ch.back[pg.reg.Name][pg.rec.ID]
	case onFiles:
		if pg.doc != nil && len(ch.files) > 0 {
			for _, l := range pg.doc.Links {
				if (l.Kind == "file" || l.Kind == "image") && ch.files[l.File] {
					return true
				}
			}
		}
	case onDocsShown:
		if len(ch.docIDs) == 0 {
			return false
		}
		if d := pg.doc; d != nil {
			if s := d.Meta("supersedes"); s != "" && ch.docIDs[s] {
				return true
			}
			for _, l := range d.Links {
				if l.Kind == "doc" && ch.docIDs[l.DocID] {
					return true
				}
			}
			return false
		}
		return ch.recordsHit(r, pg, func(reg *model.Register, rec *model.Record) bool {
			hit := false
			docRefs(reg, rec, func(id string) { hit = hit || ch.docIDs[id] })
			return hit
		})
	case onRecsShown:
		if len(ch.recs) == 0 && len(ch.regsExist) == 0 {
			return false
		}
		if d := pg.doc; d != nil {
			for _, l := range d.Links {
				if l.Kind != "reg" {
					continue
				}
				if l.RecordID == "" && ch.regsExist[l.Register] || l.RecordID != "" && ch.recs[l.Register][l.RecordID] {
					return true
				}
			}
			return false
		}
		return ch.recordsHit(r, pg, func(reg *model.Register, rec *model.Record) bool {
			hit := false
			refTargets(reg, rec, func(target, id string) { hit = hit || ch.recs[target][id] })
			return hit
		})
	}
	return false
}

// recordsHit tells whether hit holds for the record of a record page or one
// of the rows of a table page, skipping registers whose references cannot
// name anything that changed.
func (ch *changes) recordsHit(r *run, pg *page, hit func(*model.Register, *model.Record) bool) bool {
	reg := pg.reg
	if reg == nil || !ch.refsRelevant(reg) {
		return false
	}
	if pg.rec != nil {
		return hit(reg, pg.rec)
	}
	if pg.chunk > 0 {
		recs, _ := r.chunkRecords(pg)
		for _, rec := range recs {
			if hit(reg, rec) {
				return true
			}
		}
		return false
	}
	start, end := pageRows(pg.num, len(reg.Records))
	for _, rec := range reg.Records[start:max(start, end)] {
		if hit(reg, rec) {
			return true
		}
	}
	return false
}

// refsRelevant tells whether a field of reg references a register with a
// changed record or a document, when some document's id or title changed.
func (ch *changes) refsRelevant(reg *model.Register) bool {
	if v, ok := ch.relevant[reg.Name]; ok {
		return v
	}
	v := false
	for _, f := range reg.Schema.Fields {
		if f.Type == schema.Ref && len(ch.recs[f.Ref]) > 0 || f.Type == schema.DocRef && len(ch.docIDs) > 0 {
			v = true
			break
		}
	}
	ch.relevant[reg.Name] = v
	return v
}

// chunkRecords are the records a chunk page shows (see chunkPage), and
// their positions in the register.
func (r *run) chunkRecords(pg *page) ([]*model.Record, []int) {
	reg, k := pg.reg, pg.chunk-1
	g := r.names.Groups[reg.Name]
	if g == nil {
		return nil, nil
	}
	start, end := k*g.Size, min((k+1)*g.Size, len(reg.Records))
	out, at := make([]*model.Record, 0, max(end-start, 0)), make([]int, 0, max(end-start, 0))
	seen := map[string]bool{}
	for j, rec := range reg.Records[start:max(start, end)] {
		if r.names.ChunkAt(reg.Name, start+j, rec.ID) != k || seen[rec.ID] {
			continue
		}
		seen[rec.ID] = true
		out, at = append(out, rec), append(at, start+j)
	}
	return out, at
}
