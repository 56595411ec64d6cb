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
	// Omitted, on a findings-truncated finding, counts the findings it stands
	// for that were left out, so that totals stay true.
	Omitted *Omission `json:"-"`
	// Help says how to fix the finding; the formats print it when set (the
	// command line fills it from the message catalogue, in the site language).
	Help string `json:"-"`
	// Accepted, when set, is the reason a document gave for accepting this
	// finding (front matter accept:): it is reported as accepted and never
	// counted as a warning or an error.
	Accepted string `json:"-"`
}

// Omission is what a cut left out: Count findings of Code, of severity Severity.
type Omission struct {
	Code     string
	Severity Severity
	Count    int
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
	dropped    int      // findings left out beyond MaxPerFileCode
	severity   Severity // of the first finding
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
	if len(b.items) < MaxPerFileCode {
		if len(b.items) == 0 {
			b.severity = f.Severity
		}
		b.keys[key] = true
		b.items = append(b.items, f)
		b.up(len(b.items) - 1)
		return
	}
	b.dropped++ // the new finding, or the kept one it replaces
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
		b.dropped++
		return true
	}
	return false
}

// Truncation says that findings of Code in File were cut to Kept of Total.
type Truncation struct {
	File, Code  string
	Severity    Severity
	Kept, Total int
}

// Truncations returns the files and codes whose findings were cut to
// MaxPerFileCode, with their true totals, sorted by file then code.
func (c *Collector) Truncations() []Truncation {
	c.mu.Lock()
	var out []Truncation
	for _, b := range c.buckets {
		if b.dropped > 0 {
			out = append(out, Truncation{File: b.file, Code: b.code, Severity: b.severity, Kept: len(b.items), Total: len(b.items) + b.dropped})
		}
	}
	c.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		return cmp.Or(cmp.Compare(out[i].File, out[j].File), cmp.Compare(out[i].Code, out[j].Code)) < 0
	})
	return out
}

// Truncated returns the files and codes whose findings were cut to
// MaxPerFileCode, sorted by file then code (Truncations also gives the totals).
func (c *Collector) Truncated() (files, codes []string) {
	for _, t := range c.Truncations() {
		files, codes = append(files, t.File), append(codes, t.Code)
	}
	return files, codes
}

// Merge adds the findings of o, and what o left out, to c: a stage that
// collects apart (a cache, a pass that may start over) hands over its result
// without losing count of what was cut.
func (c *Collector) Merge(o *Collector) {
	o.mu.Lock()
	bs := make([]*bucket, 0, len(o.buckets))
	for _, b := range o.buckets {
		bs = append(bs, b)
	}
	o.mu.Unlock()
	for _, ob := range bs {
		for _, f := range ob.items {
			c.Add(f)
		}
		if ob.dropped > 0 {
			c.mu.Lock()
			b := c.bucket(ob.file, ob.code)
			b.dropped += ob.dropped
			if len(b.items) == 0 {
				b.severity = ob.severity
			}
			c.mu.Unlock()
		}
	}
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

// Count returns the number of findings at or above severity s, counting the
// findings a findings-truncated finding stands for; accepted findings do not count.
func Count(fs []Finding, s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity >= s && f.Accepted == "" {
			n++
		}
		if o := f.Omitted; o != nil && o.Severity >= s {
			n += o.Count
		}
	}
	return n
}

// CountAccepted returns the number of accepted findings.
func CountAccepted(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Accepted != "" {
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

// Total returns the number of findings of code reported for file, including
// those left out beyond MaxPerFileCode.
func (c *Collector) Total(file, code string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b := c.buckets[file+"\x00"+code]; b != nil {
		return len(b.items) + b.dropped
	}
	return 0
}
