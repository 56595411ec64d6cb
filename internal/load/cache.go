package load

import (
	"crypto/sha256"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/model"
)

// Cache keeps what was loaded from each source file, keyed by its size and
// modification time, with the findings loading produced, so that a rebuild
// (smsgen serve) re-reads only the files that changed. A change of the
// settings or of a site schema empties it.
type Cache struct {
	mu   sync.Mutex
	key  [32]byte
	docs map[string]cacheEntry[*model.Document]
	regs map[string]cacheEntry[*model.Register]
	// Hits and Misses count documents and registers reused and re-read by the last Load.
	Hits, Misses int
}

type stamp struct {
	size int64
	mod  time.Time
}

// cacheEntry is what one document or register was loaded as, from files with these stamps.
type cacheEntry[T any] struct {
	st       []stamp
	v        T
	findings *diag.Collector // what loading reported, with what it cut
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
		c.docs = map[string]cacheEntry[*model.Document]{}
		c.regs = map[string]cacheEntry[*model.Register]{}
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

// cachedLoad loads through the cache: a hit (same stamps) replays the stored
// findings, a miss loads with a reporter of its own and stores the result.
func cachedLoad[T any](l *loader, c *Cache, m map[string]cacheEntry[T], key string, st []stamp, load func(l *loader) T) T {
	c.mu.Lock()
	e, ok := m[key]
	if ok && sameStamps(e.st, st) {
		c.Hits++
		c.mu.Unlock()
		l.rep.C.Merge(e.findings)
		return e.v
	}
	c.Misses++
	c.mu.Unlock()
	sub := *l
	fs := &diag.Collector{}
	sub.rep = l.rep.Sub(fs)
	v := load(&sub)
	l.rep.C.Merge(fs)
	c.mu.Lock()
	m[key] = cacheEntry[T]{st: st, v: v, findings: fs}
	c.mu.Unlock()
	return v
}

func (l *loader) docCached(c *Cache, f file, load func(l *loader) *model.Document) *model.Document {
	if c == nil {
		return load(l)
	}
	return cachedLoad(l, c, c.docs, f.rel, []stamp{{f.size, f.mod}}, load)
}

func (l *loader) regCached(c *Cache, name string, files []file, load func(l *loader) *model.Register) *model.Register {
	if c == nil {
		return load(l)
	}
	return cachedLoad(l, c, c.regs, name, stampsOf(files), load)
}
