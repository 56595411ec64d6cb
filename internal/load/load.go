// Package load reads a site from disk: settings, schemas, documents and
// registers, in parallel, into the model, typing every value and keeping its
// file, line and column. Problems become findings, never panics.
package load

import (
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// SettingsFile is the name of the optional site settings file.
const SettingsFile = "smsgen.yaml"

// Options control loading.
type Options struct {
	Root  string
	Today time.Time
	// Cache, when set, reuses what earlier loads read from unchanged files.
	Cache *Cache
	// NoTree leaves out the documents' syntax trees (Document.AST is nil):
	// what validation needs, headings and links, is scanned from a plain
	// body rather than parsed. Ignored with a Cache, whose documents a
	// later build renders.
	NoTree bool
}

type loader struct {
	rep     *i18n.Reporter
	schemas *schema.Set
	dates   model.DateParser
	// csvPieceSize, when set, replaces the least size of the pieces a CSV
	// register is read in at the same time (tests cut small files into many).
	csvPieceSize int
	// csvSlow reads every CSV register with encoding/csv (tests compare the two readers).
	csvSlow bool
	// noTree: see Options.NoTree
	noTree bool
}

// Load reads the site at opts.Root. Findings go to rep; rep.Lang is set from the site settings.
func Load(opts Options, rep *i18n.Reporter) (*model.Site, error) {
	w, err := newWalker(opts.Root, rep)
	if err != nil {
		return nil, err
	}
	site := &model.Site{Root: w.root, Today: opts.Today, DocByID: map[string]*model.Document{},
		DocByPath: map[string]*model.Document{}, Registers: map[string]*model.Register{}, Files: map[string]bool{}}
	site.Settings = loadSettings(w, rep)
	if rep.Lang == "" {
		rep.Lang = site.Lang()
	}
	builtin, err := schema.Builtin()
	if err != nil {
		return nil, err
	}
	set := builtin.Clone()
	if len(site.Settings.Priority) > 0 {
		p := *set.Priority
		p.Matrix = site.Settings.Priority
		set.Priority = &p
	}
	l := &loader{rep: rep, schemas: set, dates: model.NewDateParser(site.Settings.DateFormat), noTree: opts.NoTree && opts.Cache == nil}

	regFiles := w.walk("registers", func(rel string, isDir bool) bool { return true })
	// site schemas first
	var schemaFiles []file
	for _, f := range regFiles {
		if strings.HasSuffix(f.rel, ".schema.yaml") || strings.HasSuffix(f.rel, ".schema.yml") {
			schemaFiles = append(schemaFiles, f)
		}
	}
	if opts.Cache != nil {
		opts.Cache.reset(fingerprint(w, schemaFiles, rep.Lang))
	}
	// a register whose site schema is broken is not checked at all: against
	// the built-in schema its rows would bury the schema's own finding
	brokenSchema := map[string]string{}
	for _, f := range schemaFiles {
		b, ok := readText(f, rep)
		name := schemaStem(f.rel)
		if !ok {
			brokenSchema[name] = f.rel
			continue
		}
		r, err := schema.ParseRegister(b, f.rel)
		if err == nil {
			name = r.Name
			err = set.Merge(r)
		}
		if err != nil {
			line, msg := yamlErrLine(err)
			if line == 0 {
				line = schemaFieldLine(b, msg)
			}
			rep.Report("schema-invalid", i18n.Where{File: f.rel, Line: line}, map[string]string{"error": msg})
			brokenSchema[name] = f.rel
			brokenSchema[schemaStem(f.rel)] = f.rel
		}
	}
	site.Schemas = set
	rep.Schemas = set // messages name fields and values by their labels

	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var mu sync.Mutex

	// registers
	type regSrc struct {
		name   string
		rel    string
		format string
		files  []file
	}
	srcs := map[string][]*regSrc{}
	var order []string
	add := func(s *regSrc) {
		if _, ok := srcs[s.name]; !ok {
			order = append(order, s.name)
		}
		srcs[s.name] = append(srcs[s.name], s)
	}
	folders := map[string]*regSrc{}
	for _, f := range regFiles {
		rel := strings.TrimPrefix(f.rel, "registers/")
		if strings.HasSuffix(rel, ".schema.yaml") || strings.HasSuffix(rel, ".schema.yml") {
			continue
		}
		site.Files[f.rel] = true
		ext := strings.ToLower(path.Ext(rel))
		if i := strings.IndexByte(rel, '/'); i >= 0 {
			name := rel[:i]
			if ext != ".yaml" && ext != ".yml" {
				continue
			}
			s := folders[name]
			if s == nil {
				s = &regSrc{name: name, rel: "registers/" + name, format: "folder"}
				folders[name] = s
				add(s)
			}
			s.files = append(s.files, f)
			continue
		}
		name := strings.TrimSuffix(rel, path.Ext(rel))
		switch ext {
		case ".csv":
			add(&regSrc{name: name, rel: f.rel, format: "csv", files: []file{f}})
		case ".yaml", ".yml":
			add(&regSrc{name: name, rel: f.rel, format: "yaml", files: []file{f}})
		}
	}
	sort.Strings(order)
	for _, name := range order {
		list := srcs[name]
		sch := set.Registers[name]
		if bad, ok := brokenSchema[name]; ok {
			for _, s := range list {
				rep.Report("register-unchecked", i18n.Where{File: s.rel, Register: name}, map[string]string{"schema": bad})
			}
			continue
		}
		if sch == nil {
			for _, s := range list {
				rep.Report("unknown-register", i18n.Where{File: s.rel, Register: name}, nil)
			}
			continue
		}
		if len(list) > 1 {
			for _, s := range list[1:] {
				rep.Report("duplicate-register", i18n.Where{File: s.rel, Register: name}, map[string]string{"other": list[0].rel})
			}
		}
		s := list[0]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			reg := l.regCached(opts.Cache, name, s.files, func(l *loader) *model.Register {
				switch s.format {
				case "csv":
					return l.loadCSVRegister(s.files[0], sch) // typed as it is read
				case "yaml":
					reg := l.loadYAMLRegister(s.files[0], sch)
					l.typeRegister(reg)
					return reg
				default:
					reg := l.loadFolderRegister(s.rel, s.files, sch)
					l.typeRegister(reg)
					return reg
				}
			})
			<-sem
			mu.Lock()
			site.Registers[name] = reg
			mu.Unlock()
		}()
	}

	// documents
	docFiles := w.walk("content", func(rel string, isDir bool) bool { return true })
	docs := make([]*model.Document, len(docFiles))
	var md []int // the documents' indexes in docFiles
	for i, f := range docFiles {
		site.Files[f.rel] = true
		if strings.ToLower(path.Ext(f.rel)) == ".md" {
			md = append(md, i)
		}
	}
	// one worker a core takes the documents in turn (a goroutine each
	// woke and slept a thousand times on the semaphore)
	var nextDoc atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(md)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(nextDoc.Add(1)) - 1
				if k >= len(md) {
					return
				}
				i := md[k]
				f := docFiles[i]
				sem <- struct{}{}
				docs[i] = l.docCached(opts.Cache, f, func(l *loader) *model.Document {
					d := l.loadDocument(f)
					if d != nil {
						l.typeRegister(d.Front)
					}
					return d
				})
				<-sem
			}
		}()
	}
	wg.Wait()
	for _, d := range docs {
		if d == nil {
			continue
		}
		site.Documents = append(site.Documents, d)
		site.DocByPath[d.Path] = d
		if _, dup := site.DocByID[d.DocID]; !dup && d.DocID != "" {
			site.DocByID[d.DocID] = d
		}
	}
	set.Frameworks = siteFrameworks(site)
	return site, nil
}

// typeRegister types every cell of a register in parallel chunks.
func (l *loader) typeRegister(reg *model.Register) {
	const chunk = typeChunk
	n := len(reg.Records)
	if n == 0 {
		return
	}
	if n <= chunk { // one chunk (a document's front matter, a small register): no workers
		ty := newTyper(reg)
		for _, rec := range reg.Records {
			l.typeRecord(reg, rec, ty)
		}
		return
	}
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ty := newTyper(reg)
			ty.memo = &model.Memo{} // this goroutine's
			for start := range next {
				end := min(start+chunk, n)
				ownArena(reg.Records, start, end)
				for _, rec := range reg.Records[start:end] {
					l.typeRecord(reg, rec, ty)
				}
			}
		}()
	}
	for s := 0; s < n; s += chunk {
		next <- s
	}
	close(next)
	wg.Wait()
}

// typeChunk is the number of records typeRegister gives a worker at a time.
const typeChunk = 2048

// ownArena makes sure that the records of recs[start:end] share no arena with
// the records of recs outside it, so that typing them (which may put values
// in their arena) races with no other chunk: loaders that start an arena
// every typeChunk records (arenaSlab) pass this check as they are; other
// records are moved to an arena of their own.
func ownArena(recs []*model.Record, start, end int) {
	a := recs[start].Arena
	own := a != nil && (start == 0 || recs[start-1].Arena != a) && (end == len(recs) || recs[end].Arena != a)
	for _, rec := range recs[start:end] {
		own = own && rec.Arena == a
	}
	if own {
		return
	}
	na := a.Fork()
	for _, rec := range recs[start:end] {
		rec.MoveTo(na)
	}
}

// typer is what typing a record of a register needs, found once per register
// rather than for every record. One goroutine uses a typer (its memo).
type typer struct {
	split []*schema.Field // the fields with a Split (SplitRe set)
	class int             // index of the classification field, -1 for none
	// plain[i] says that a value of field i is valid as it is written
	// (text without pattern nor list, revision history, SOP): typing it
	// marks it valid, without a call of Coerce
	plain []bool
	memo  *model.Memo // nil for a small register (a document's front matter)
}

func newTyper(reg *model.Register) *typer {
	ty := &typer{class: -1, plain: make([]bool, len(reg.Schema.Fields))}
	for i, f := range reg.Schema.Fields {
		if f.SplitRe != nil {
			ty.split = append(ty.split, f)
		}
		ty.plain[i] = f.Type == schema.Text && f.Re == nil && !f.List || f.Type == schema.History || f.Type == schema.SOP
	}
	if f := reg.Schema.Field("classification"); f != nil {
		ty.class = f.Index
	}
	return ty
}

// typeRecord types the cells of one record.
func (l *loader) typeRecord(reg *model.Register, rec *model.Record, ty *typer) {
	for _, f := range ty.split {
		if rec.Cells[f.Index].Present() {
			splitCell(reg, rec, f)
		}
	}
	for i, f := range reg.Schema.Fields {
		c := &rec.Cells[i]
		if !c.Present() {
			continue
		}
		if ty.plain[i] {
			c.SetOK() // what Coerce does for plain text, without the call
			continue
		}
		raw := rec.Raw(i)
		for _, p := range model.CoerceWith(f, rec, l.dates, ty.memo) {
			w := i18n.Where{File: rec.Pos.File, Line: int(c.Line), Col: int(c.Col), Register: regName(reg), Record: rec.ID, Field: f.Key, Value: raw}
			if v, ok := p.Args["value"]; ok {
				w.Value = v
			}
			l.rep.Report(p.Code, w, p.Args)
		}
	}
	if ty.class >= 0 {
		rec.Classification = rec.Raw(ty.class)
	}
}

// splitCell fills the empty fields that the labelled parts of a combined
// text name (schema split), at the combined cell's position.
func splitCell(reg *model.Register, rec *model.Record, f *schema.Field) {
	c := rec.Cell(f.Index)
	for key, v := range f.SplitText(c.Raw) {
		t := reg.Schema.Field(key)
		if t == nil || rec.Cells[t.Index].Present() {
			continue // what was written in its own column wins
		}
		rec.Put(t.Index, v, int(c.Line), int(c.Col))
	}
}

var schemaFieldRe = regexp.MustCompile(`field "([a-zA-Z0-9_]+)"`)

// schemaFieldLine finds the line of the field a schema error names (`field "x": …`),
// 0 when there is none.
func schemaFieldLine(b []byte, msg string) int {
	m := schemaFieldRe.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	re := regexp.MustCompile(`^\s*(?:-\s*)?(?:\{\s*)?key:\s*["']?` + regexp.QuoteMeta(m[1]) + `["']?\s*(?:[,}#].*)?$`)
	lines := strings.Split(string(b), "\n")
	for i, ln := range lines {
		if !re.MatchString(ln) {
			continue
		}
		// an error about one setting of the field points at that setting
		if sm := schemaSettingRe.FindStringSubmatch(msg); sm != nil && !strings.Contains(ln, sm[1]+":") {
			for j := i + 1; j < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[j]), "- "); j++ {
				if strings.HasPrefix(strings.TrimSpace(lines[j]), sm[1]+":") {
					return j + 1
				}
			}
		}
		return i + 1
	}
	return 0
}

var schemaSettingRe = regexp.MustCompile(`^field "[^"]+": ([a-z_]+):`)

// schemaStem is the register name of registers/NAME.schema.yaml.
func schemaStem(rel string) string {
	base := path.Base(rel)
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".yml"), ".yaml")
	return strings.TrimSuffix(base, ".schema")
}
