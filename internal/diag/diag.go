// Package diag collects findings (diagnostics) with file, line, column and the
// line's text, in the manner of esbuild's logger: every stage adds to one
// collector, nothing is returned one by one, and the result is sorted stably.
package diag

import (
	"cmp"
	"sort"
	"sync"
)

// Severity of a finding.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// Finding is one diagnostic.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"-"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Register string   `json:"register,omitempty"`
	Record   string   `json:"record,omitempty"`
	Field    string   `json:"field,omitempty"`
	Value    string   `json:"value,omitempty"`
	Clause   string   `json:"clause,omitempty"`
	Message  string   `json:"message"`
	// LineText is the source line the finding points at (not in JSON by default).
	LineText string `json:"-"`
}

// MaxPerFileCode bounds the findings of one code kept for one file: a hostile or
// broken input (a 100,000-row CSV read with the wrong delimiter) would otherwise
// produce millions of findings. The kept ones are the first in sort order, so
// the result does not depend on the order in which parallel stages report.
const MaxPerFileCode = 1000

// Collector gathers findings from concurrent stages.
type Collector struct {
	mu      sync.Mutex
	buckets map[string]*bucket // file + "\x00" + code
}

// bucket is a max-heap (by sort order) of the kept findings of one file and code.
type bucket struct {
	file, code string
	items      []Finding
	keys       map[string]bool
	truncated  bool
	total      int // findings reported, kept or not (identical ones once while kept)
}

func dedupeKey(f *Finding) string {
	return f.File + "\x00" + itoa(f.Line) + "\x00" + itoa(f.Column) + "\x00" + f.Code + "\x00" + f.Record + "\x00" + f.Field + "\x00" + f.Value + "\x00" + f.Message
}

func (c *Collector) bucket(file, code string) *bucket {
	if c.buckets == nil {
		c.buckets = map[string]*bucket{}
	}
	k := file + "\x00" + code
	b := c.buckets[k]
	if b == nil {
		b = &bucket{file: file, code: code, keys: map[string]bool{}}
		c.buckets[k] = b
	}
	return b
}

// Add records a finding; an identical finding is recorded once.
func (c *Collector) Add(f Finding) {
	if len(f.Value) > 200 {
		f.Value = f.Value[:200] + "…"
	}
	key := dedupeKey(&f)
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.bucket(f.File, f.Code)
	if b.keys[key] {
		return
	}
	b.total++
	if len(b.items) < MaxPerFileCode {
		b.keys[key] = true
		b.items = append(b.items, f)
		b.up(len(b.items) - 1)
		return
	}
	b.truncated = true
	if !Less(f, b.items[0]) {
		return
	}
	delete(b.keys, dedupeKey(&b.items[0]))
	b.keys[key] = true
	b.items[0] = f
	b.down(0)
}

// Full reports whether a finding of code at file:line:col would certainly be left
// out because MaxPerFileCode earlier findings are kept; callers skip formatting it.
func (c *Collector) Full(file, code string, line, col int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.buckets[file+"\x00"+code]
	if b == nil || len(b.items) < MaxPerFileCode {
		return false
	}
	m := b.items[0]
	if line > m.Line || (line == m.Line && col > m.Column) {
		b.truncated = true
		b.total++
		return true
	}
	return false
}

// Truncated returns the files and codes whose findings were cut to
// MaxPerFileCode, sorted by file then code.
func (c *Collector) Truncated() (files, codes []string) {
	c.mu.Lock()
	var bs []*bucket
	for _, b := range c.buckets {
		if b.truncated {
			bs = append(bs, b)
		}
	}
	c.mu.Unlock()
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].file != bs[j].file {
			return bs[i].file < bs[j].file
		}
		return bs[i].code < bs[j].code
	})
	for _, b := range bs {
		files, codes = append(files, b.file), append(codes, b.code)
	}
	return files, codes
}

// Total returns the number of findings of code reported for file, including
// those left out beyond MaxPerFileCode.
func (c *Collector) Total(file, code string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b := c.buckets[file+"\x00"+code]; b != nil {
		return b.total
	}
	return 0
}

func (b *bucket) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !Less(b.items[p], b.items[i]) {
			return
		}
		b.items[p], b.items[i] = b.items[i], b.items[p]
		i = p
	}
}

func (b *bucket) down(i int) {
	n := len(b.items)
	for {
		l, m := 2*i+1, i
		if l < n && Less(b.items[m], b.items[l]) {
			m = l
		}
		if r := l + 1; r < n && Less(b.items[m], b.items[r]) {
			m = r
		}
		if m == i {
			return
		}
		b.items[m], b.items[i] = b.items[i], b.items[m]
		i = m
	}
}

// Findings returns the findings sorted by file, line, code, column, record, field, message.
func (c *Collector) Findings() []Finding {
	c.mu.Lock()
	var out []Finding
	for _, b := range c.buckets {
		out = append(out, b.items...)
	}
	c.mu.Unlock()
	Sort(out)
	return out
}

// Less is the stable order of findings: file, line, code, column, record,
// field, message, value, severity.
func Less(a, b Finding) bool {
	return cmp.Or(
		cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Column, b.Column), cmp.Compare(a.Record, b.Record), cmp.Compare(a.Field, b.Field),
		cmp.Compare(a.Message, b.Message), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Severity, b.Severity),
	) < 0
}

// Sort orders findings stably: file, line, code, column, then the rest.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return Less(fs[i], fs[j]) })
}

// Count returns the number of findings at or above severity s.
func Count(fs []Finding, s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity >= s {
			n++
		}
	}
	return n
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		p--
		b[p] = '-'
	}
	return string(b[p:])
}
