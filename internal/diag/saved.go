package diag

import "sort"

// Saved is the state of a Collector in a form that survives the process
// (encoding/json): a build that leaves an output as it was, because nothing
// it is rendered from changed, reports what rendering it reported then.
type Saved struct {
	Buckets []SavedBucket `json:"buckets,omitempty"`
}

// SavedBucket is what a Collector holds of one file and code: the kept
// findings and the count of those left out beyond MaxPerFileCode.
type SavedBucket struct {
	File     string         `json:"file"`
	Code     string         `json:"code"`
	Severity Severity       `json:"severity"`
	Dropped  int            `json:"dropped,omitempty"`
	Items    []savedFinding `json:"items"`
}

// savedFinding is a Finding with every field encoded (Finding's JSON form
// leaves out what only the command line prints). The conversions between
// the two types fail to compile when a field is added to one only.
type savedFinding struct {
	Code     string    `json:"code"`
	Severity Severity  `json:"severity"`
	File     string    `json:"file"`
	Line     int       `json:"line,omitempty"`
	Column   int       `json:"column,omitempty"`
	Register string    `json:"register,omitempty"`
	Record   string    `json:"record,omitempty"`
	Field    string    `json:"field,omitempty"`
	Value    string    `json:"value,omitempty"`
	Clause   string    `json:"clause,omitempty"`
	Message  string    `json:"message"`
	LineText string    `json:"line_text,omitempty"`
	Omitted  *Omission `json:"omitted,omitempty"`
	Help     string    `json:"help,omitempty"`
	Accepted string    `json:"accepted,omitempty"`
}

// Save returns the state of c, in a stable order.
func (c *Collector) Save() Saved {
	c.mu.Lock()
	defer c.mu.Unlock()
	var s Saved
	for _, b := range c.buckets {
		sb := SavedBucket{File: b.file, Code: b.code, Severity: b.severity, Dropped: b.dropped}
		items := append([]Finding(nil), b.items...)
		Sort(items)
		for _, f := range items {
			sb.Items = append(sb.Items, savedFinding(f))
		}
		s.Buckets = append(s.Buckets, sb)
	}
	sort.Slice(s.Buckets, func(i, j int) bool {
		a, b := s.Buckets[i], s.Buckets[j]
		return a.File < b.File || (a.File == b.File && a.Code < b.Code)
	})
	return s
}

// Restore adds what s holds to c, as Merge adds another collector's.
func (c *Collector) Restore(s Saved) {
	var o Collector
	for _, sb := range s.Buckets {
		for _, f := range sb.Items {
			o.Add(Finding(f))
		}
		if sb.Dropped > 0 || len(sb.Items) == 0 {
			b := o.bucket(sb.File, sb.Code)
			b.dropped += sb.Dropped
			b.severity = sb.Severity
		}
	}
	c.Merge(&o)
}
