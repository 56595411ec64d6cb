package load

import (
	"crypto/sha256"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// Cache keeps what was loaded from each source file, keyed by its size and
// modification time, with the findings loading produced, so that a rebuild
// (smsgen serve) re-reads only the files that changed. A change of the
// settings or of a site schema empties it.
type Cache struct {
	mu   sync.Mutex
	key  [32]byte
	docs map[string]cachedDoc
	regs map[string]cachedReg
	// Hits and Misses count documents and registers reused and re-read by the last Load.
	Hits, Misses int
}

type stamp struct {
	size int64
	mod  time.Time
}

type cachedDoc struct {
	st       stamp
	doc      *model.Document
	findings []diag.Finding
}

type cachedReg struct {
	st       []stamp
	reg      *model.Register
	findings []diag.Finding
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// Forget drops what the cache holds for a source file (site-relative, slash
// separated: a document, or a file of a register), so that the next Load
// reads it again even when a save kept its size and modification time (a
// file watcher knows better than the clock's granularity).
func (c *Cache) Forget(rel string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.docs, rel)
	if r, ok := strings.CutPrefix(rel, "registers/"); ok {
		name, _, folder := strings.Cut(r, "/")
		if !folder {
			name = strings.TrimSuffix(name, path.Ext(name))
		}
		delete(c.regs, name)
	}
}

// reset empties the cache when the fingerprint of settings and schemas changed.
func (c *Cache) reset(key [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || c.key != key {
		c.key = key
		c.docs = map[string]cachedDoc{}
		c.regs = map[string]cachedReg{}
	}
	c.Hits, c.Misses = 0, 0
}

func stampsOf(files []file) []stamp {
	out := make([]stamp, len(files))
	for i, f := range files {
		out[i] = stamp{f.size, f.mod}
	}
	return out
}

func sameStamps(a, b []stamp) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].size != b[i].size || !a[i].mod.Equal(b[i].mod) {
			return false
		}
	}
	return true
}

// fingerprint hashes what every loaded file depends on: settings, site schemas, language.
func fingerprint(w *walker, schemaFiles []file, lang string) [32]byte {
	h := sha256.New()
	h.Write([]byte(lang))
	if b, err := os.ReadFile(w.root + "/" + SettingsFile); err == nil {
		h.Write(b)
	}
	for _, f := range schemaFiles {
		h.Write([]byte(f.rel))
		if b, err := os.ReadFile(f.abs); err == nil {
			h.Write(b)
		}
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// withCache loads through the cache: a hit replays the findings, a miss loads
// with a reporter of its own and stores the result.
func (l *loader) docCached(c *Cache, f file, load func(l *loader) *model.Document) *model.Document {
	if c == nil {
		return load(l)
	}
	st := stamp{f.size, f.mod}
	c.mu.Lock()
	e, ok := c.docs[f.rel]
	if ok && e.st == st {
		c.Hits++
		c.mu.Unlock()
		for _, fd := range e.findings {
			l.rep.C.Add(fd)
		}
		return e.doc
	}
	c.Misses++
	c.mu.Unlock()
	sub := *l
	sub.rep = &i18n.Reporter{C: &diag.Collector{}, Lang: l.rep.Lang}
	d := load(&sub)
	fs := sub.rep.C.Findings()
	for _, fd := range fs {
		l.rep.C.Add(fd)
	}
	c.mu.Lock()
	c.docs[f.rel] = cachedDoc{st: st, doc: d, findings: fs}
	c.mu.Unlock()
	return d
}

func (l *loader) regCached(c *Cache, name string, files []file, load func(l *loader) *model.Register) *model.Register {
	if c == nil {
		return load(l)
	}
	st := stampsOf(files)
	c.mu.Lock()
	e, ok := c.regs[name]
	if ok && sameStamps(e.st, st) {
		c.Hits++
		c.mu.Unlock()
		for _, fd := range e.findings {
			l.rep.C.Add(fd)
		}
		return e.reg
	}
	c.Misses++
	c.mu.Unlock()
	sub := *l
	sub.rep = &i18n.Reporter{C: &diag.Collector{}, Lang: l.rep.Lang}
	r := load(&sub)
	fs := sub.rep.C.Findings()
	for _, fd := range fs {
		l.rep.C.Add(fd)
	}
	c.mu.Lock()
	c.regs[name] = cachedReg{st: st, reg: r, findings: fs}
	c.mu.Unlock()
	return r
}
