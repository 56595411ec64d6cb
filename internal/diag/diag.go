// Package diag collects findings (diagnostics) with file, line, column and the
// line's text, in the manner of esbuild's logger: every stage adds to one
// collector, nothing is returned one by one, and the result is sorted stably.
package diag

import (
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

// Collector gathers findings from concurrent stages.
type Collector struct {
	mu       sync.Mutex
	findings []Finding
	seen     map[string]bool
}

// Add records a finding; an identical finding is recorded once.
func (c *Collector) Add(f Finding) {
	if len(f.Value) > 200 {
		f.Value = f.Value[:200] + "…"
	}
	key := f.File + "\x00" + itoa(f.Line) + "\x00" + itoa(f.Column) + "\x00" + f.Code + "\x00" + f.Record + "\x00" + f.Field + "\x00" + f.Message
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.findings = append(c.findings, f)
}

// Findings returns the findings sorted by file, line, column, code, record, field, message.
func (c *Collector) Findings() []Finding {
	c.mu.Lock()
	out := append([]Finding(nil), c.findings...)
	c.mu.Unlock()
	Sort(out)
	return out
}

// Sort orders findings stably: file, line, column, code, then the rest.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Record != b.Record {
			return a.Record < b.Record
		}
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		return a.Message < b.Message
	})
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
