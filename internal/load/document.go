package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	yaml "go.yaml.in/yaml/v3"
)

// splitFrontMatter returns the raw front matter, its format, the physical line
// where it starts, and the byte offset of the body. It reports unclosed and
// missing front matter.
func (l *loader) splitFrontMatter(rel string, b []byte) (raw []byte, format string, startLine, bodyOff int, ok bool) {
	// first non-blank line
	off, line := 0, 1
	for off < len(b) {
		end := bytes.IndexByte(b[off:], '\n')
		var ln []byte
		if end < 0 {
			ln = b[off:]
		} else {
			ln = b[off : off+end]
		}
		if len(bytes.TrimSpace(ln)) > 0 {
			break
		}
		if end < 0 {
			off = len(b)
			break
		}
		off += end + 1
		line++
	}
	rest := b[off:]
	firstLine := rest
	if i := bytes.IndexByte(firstLine, '\n'); i >= 0 {
		firstLine = firstLine[:i]
	}
	first := string(bytes.TrimSpace(firstLine))
	switch {
	case first == "---" || first == "+++":
		// The closing fence is the first later line that is the same fence
		// (YAML may also close with "..."); no line-length limit applies.
		format, ends := "yaml", []string{"---", "..."}
		if first == "+++" {
			format, ends = "toml", []string{"+++"}
		}
		start := off + len(firstLine)
		if start < len(b) {
			start++ // the opening line's newline
		}
		for p := start; p < len(b); {
			e := bytes.IndexByte(b[p:], '\n')
			next := len(b)
			if e >= 0 {
				e += p
				next = e + 1
			} else {
				e = len(b)
			}
			t := bytes.TrimSpace(b[p:e]) // compared without a string made of each line
			if string(t) == ends[0] || (len(ends) > 1 && string(t) == ends[1]) {
				return b[start:p], format, line + 1, next, true
			}
			p = next
		}
		l.rep.Report("frontmatter-unclosed", i18n.Where{File: rel, Line: line, Col: 1}, map[string]string{"fence": first})
		return nil, "", 0, 0, false
	case strings.HasPrefix(first, "{"):
		dec := json.NewDecoder(bytes.NewReader(rest))
		var v any
		if err := dec.Decode(&v); err != nil {
			el := line
			var se *json.SyntaxError
			if ok := asSyntax(err, &se); ok {
				el = line + bytes.Count(rest[:min(int(se.Offset), len(rest))], []byte("\n"))
			}
			l.rep.Report("frontmatter-invalid", i18n.Where{File: rel, Line: el}, map[string]string{"error": err.Error()})
			return nil, "", 0, 0, false
		}
		end := int(dec.InputOffset())
		return rest[:end], "json", line, off + end, true
	}
	l.rep.Report("frontmatter-missing", i18n.Where{File: rel, Line: line, Col: 1}, nil)
	return nil, "", 0, 0, false
}

func asSyntax(err error, se **json.SyntaxError) bool {
	s, ok := err.(*json.SyntaxError)
	if ok {
		*se = s
	}
	return ok
}

// loadDocument reads one Markdown document.
func (l *loader) loadDocument(f file) *model.Document {
	b, ok := readText(f, l.rep)
	if !ok {
		return nil
	}
	if bytes.IndexByte(b, '\r') >= 0 { // bytes.ReplaceAll copies even when nothing is replaced
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		l.rep.Report("empty-file", i18n.Where{File: f.rel}, nil)
		return nil
	}
	raw, format, startLine, bodyOff, ok := l.splitFrontMatter(f.rel, b)
	if !ok {
		return nil
	}
	doc := &model.Document{Path: f.rel, Format: format}
	sch := l.schemas.Document
	doc.Front = newRegister(sch, f.rel, "front")
	doc.Rec = newRecord(sch, model.Pos{File: f.rel, Line: startLine, Col: 1}, model.NewArena(""))
	doc.Front.Records = []*model.Record{doc.Rec}

	var root *yaml.Node
	off := startLine - 1
	switch format {
	case "yaml", "json":
		// the common shape without yaml.v3 (see fastyaml.go), in slices
		// used again for the next document: nothing below keeps a node
		bufs := fyPool.Get().(*fyBufs)
		defer fyPool.Put(bufs)
		n, err := parseYAMLWith(raw, bufs)
		if err != nil {
			line, msg := yamlErrLine(err)
			if line > 0 {
				line += off
			} else {
				line = startLine
			}
			l.rep.Report("frontmatter-invalid", i18n.Where{File: f.rel, Line: line}, map[string]string{"error": msg})
			return nil
		}
		root = n
	case "toml":
		if ln, code, ok := tomlBudget(raw); !ok {
			limit := maxTOMLDepth
			if code == "frontmatter-too-complex" {
				limit = maxTOMLWork
			}
			l.rep.Report(code, i18n.Where{File: f.rel, Line: ln + off}, map[string]string{"limit": strconv.Itoa(limit)})
			return nil
		}
		n, err := tomlNode(raw)
		if err != nil {
			line := startLine
			if pe, ok := err.(toml.ParseError); ok {
				line = pe.Position.Line + off
			}
			l.rep.Report("frontmatter-invalid", i18n.Where{File: f.rel, Line: line}, map[string]string{"error": firstLine(err.Error())})
			return nil
		}
		root = n
	}
	res := &resolver{}
	if root != nil {
		if err := res.count(root); err != nil {
			l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: startLine}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
			return nil
		}
		res.visited = 0
		root, _ = res.deref(root)
	}
	if root == nil || root.Kind != yaml.MappingNode {
		l.rep.Report("frontmatter-invalid", i18n.Where{File: f.rel, Line: startLine}, map[string]string{"error": "front matter must be a mapping of key: value"})
		return nil
	}
	sp := func(fl *schema.Field, p kv) (string, bool) {
		switch fl.Type {
		case schema.History:
			doc.History = l.history(f.rel, p, res, off)
			if len(doc.History) == 0 {
				return "", true
			}
			return doc.History[len(doc.History)-1].Version, true
		case schema.SOP:
			doc.SOP = l.sop(f.rel, p, res, off)
			if doc.SOP == nil {
				return "", true
			}
			return "sop", true
		}
		return "", false
	}
	root, doc.Accepts = l.accepts(f.rel, root, res, off)
	if err := l.fillFromMapping(doc.Front, doc.Rec, f.rel, root, res, off, sp, "unknown-front-matter"); err != nil {
		l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: startLine}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
		return nil
	}
	doc.DocID = doc.Front.Value(doc.Rec, "doc_id")
	doc.Rec.ID = doc.DocID
	doc.Rec.IDPos = doc.Front.PosOf(doc.Rec, "doc_id")
	doc.Title = doc.Front.Value(doc.Rec, "title")

	doc.Body = b[bodyOff:]
	doc.BodyLine = 1 + bytes.Count(b[:bodyOff], []byte("\n"))
	if ln, ok := tooDeep(doc.Body); !ok {
		l.rep.Report("markdown-too-deep", i18n.Where{File: f.rel, Line: ln + doc.BodyLine - 1},
			map[string]string{"limit": strconv.Itoa(maxLinePrefix)})
		return nil
	}
	if ln, ok := tooComplex(doc.Body); !ok {
		l.rep.Report("markdown-too-complex", i18n.Where{File: f.rel, Line: ln + doc.BodyLine - 1}, nil)
		return nil
	}
	if l.noTree {
		// validation needs the headings and links, not the tree: a plain
		// body is scanned, any other parsed and its tree dropped
		if heads, links, ok := markdown.Scan(doc.Body); ok {
			setOutline(doc, heads, links)
			return doc
		}
	}
	tree := markdown.Parse(doc.Body)
	heads, links, rawHTML := markdown.Extract(tree, doc.Body)
	if !l.noTree {
		doc.AST = tree
	}
	setOutline(doc, heads, links)
	if len(rawHTML) > 0 {
		l.rep.Report("raw-html", i18n.Where{File: f.rel, Line: rawHTML[0] + doc.BodyLine - 1}, nil)
	}
	return doc
}

// setOutline sets a document's headings and links from those of its body,
// at their lines in the file.
func setOutline(doc *model.Document, heads []markdown.Heading, links []markdown.Link) {
	if len(heads) > 0 {
		doc.Headings = make([]model.Heading, 0, len(heads))
	}
	for _, h := range heads {
		if h.Line > 0 { // an empty heading ("#") has no text to place it by: line unknown
			h.Line += doc.BodyLine - 1
		}
		doc.Headings = append(doc.Headings, model.Heading{Level: h.Level, Text: h.Text, ID: h.ID, Line: h.Line})
	}
	if len(links) > 0 {
		doc.Links = make([]model.Link, 0, len(links))
	}
	for _, k := range links {
		ln := k.Line
		if ln > 0 {
			ln += doc.BodyLine - 1
		}
		kind := ""
		if k.Image {
			kind = "image"
		}
		doc.Links = append(doc.Links, model.Link{Dest: k.Dest, Text: k.Text, Line: ln, Col: k.Col, Kind: kind})
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// history reads revision_history: a list of {version, date, author, summary}.
func (l *loader) history(rel string, p kv, res *resolver, off int) []model.RevisionEntry {
	if p.val.Kind != yaml.SequenceNode {
		l.rep.Report("invalid-type", i18n.Where{File: rel, Line: p.val.Line + off, Col: p.val.Column, Field: p.key},
			map[string]string{"field": p.key, "found": kindName(p.val), "expected": "list"})
		return nil
	}
	var out []model.RevisionEntry
	for _, it := range p.val.Content {
		it, err := res.deref(it)
		if err != nil {
			return out
		}
		w := i18n.Where{File: rel, Line: it.Line + off, Col: it.Column, Field: p.key}
		if it.Kind != yaml.MappingNode {
			l.rep.Report("history-invalid", w, map[string]string{"error": "not a mapping"})
			continue
		}
		e := model.RevisionEntry{Line: it.Line + off}
		pairs, _ := res.pairs(it)
		for _, q := range pairs {
			if q.val.Kind != yaml.ScalarNode {
				l.rep.Report("history-invalid", w, map[string]string{"error": q.key + ": " + kindName(q.val)})
				continue
			}
			v := scalarText(q.val)
			switch strings.ToLower(q.key) {
			case "version", "versi":
				e.Version = v
			case "date", "tanggal":
				e.Date = v
			case "author", "penyusun", "oleh":
				e.Author = v
			case "summary", "ringkasan", "uraian", "perubahan":
				e.Summary = v
			}
		}
		if e.Version == "" || e.Date == "" {
			l.rep.Report("history-invalid", w, map[string]string{"error": schema.Label{ID: "versi dan tanggal wajib diisi", EN: "version and date are required"}.In(l.rep.Lang)})
		} else if _, ok := l.dates.Parse(e.Date, false); !ok {
			l.rep.Report("history-invalid", w, map[string]string{"error": "date " + e.Date})
		}
		out = append(out, e)
	}
	return out
}

var durRe = regexp.MustCompile(`(?i)^\s*(\d+(?:[.,]\d+)?)\s*(menit|min|mins|minute|minutes|m|jam|hour|hours|h|hari|day|days|d|minggu|week|weeks|bulan|month|months)\s*$`)

// ParseDuration reads an SOP time such as "10 menit", "6 jam", "3 hari" into minutes.
func ParseDuration(s string) (float64, bool) {
	m := durRe.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	if err != nil {
		return 0, false
	}
	switch strings.ToLower(m[2]) {
	case "menit", "min", "mins", "minute", "minutes", "m":
		return n, true
	case "jam", "hour", "hours", "h":
		return n * 60, true
	case "hari", "day", "days", "d":
		return n * 60 * 24, true
	case "minggu", "week", "weeks":
		return n * 60 * 24 * 7, true
	}
	return n * 60 * 24 * 30, true
}

// sop reads the sop: block of an SOP document.
func (l *loader) sop(rel string, p kv, res *resolver, off int) *model.SOP {
	w := i18n.Where{File: rel, Line: p.val.Line + off, Col: p.val.Column, Field: "sop"}
	if p.val.Kind != yaml.MappingNode {
		l.rep.Report("invalid-type", w, map[string]string{"field": "sop", "found": kindName(p.val), "expected": "mapping"})
		return nil
	}
	s := &model.SOP{Line: p.val.Line + off, Lines: map[string]int{}, ItemLines: map[string][]int{}}
	pairs, err := res.pairs(p.val)
	if err != nil {
		return nil
	}
	str := func(q kv) string {
		if q.val.Kind == yaml.ScalarNode {
			return scalarText(q.val)
		}
		l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: q.val.Line + off, Col: q.val.Column, Field: "sop." + q.key},
			map[string]string{"error": q.key + ": expected text, found " + kindName(q.val)})
		return ""
	}
	list := func(q kv) []string {
		switch q.val.Kind {
		case yaml.ScalarNode:
			return model.SplitList(scalarText(q.val), false)
		case yaml.SequenceNode:
			items, err := res.listItems(q.val)
			if err == nil {
				return items
			}
		}
		l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: q.val.Line + off, Col: q.val.Column, Field: "sop." + q.key},
			map[string]string{"error": q.key + ": expected a list of text"})
		return nil
	}
	for _, q := range pairs {
		s.Lines[q.key] = q.line + off
		if q.val.Kind == yaml.SequenceNode && q.key != "steps" {
			var lines []int
			for _, c := range q.val.Content {
				if c, err := res.deref(c); err == nil && c.Kind == yaml.ScalarNode && scalarText(c) != "" {
					lines = append(lines, c.Line+off)
				}
			}
			s.ItemLines[q.key] = lines
		}
		switch q.key {
		case "number":
			s.Number = str(q)
		case "created_date":
			s.CreatedDate = str(q)
		case "revision_date":
			s.RevisionDate = str(q)
		case "effective_date":
			s.EffectiveDate = str(q)
		case "name":
			s.Name = str(q)
		case "approved_by":
			if q.val.Kind != yaml.MappingNode {
				s.ApprovedBy.Name = str(q)
				continue
			}
			sub, _ := res.pairs(q.val)
			for _, a := range sub {
				s.Lines["approved_by."+a.key] = a.line + off
				switch a.key {
				case "position":
					s.ApprovedBy.Position = str(a)
				case "name":
					s.ApprovedBy.Name = str(a)
				case "nip":
					s.ApprovedBy.NIP = str(a)
				}
			}
		case "legal_basis":
			s.LegalBasis = list(q)
		case "qualifications":
			s.Qualifications = list(q)
		case "related":
			s.Related = list(q)
		case "equipment":
			s.Equipment = list(q)
		case "warnings":
			s.Warnings = list(q)
		case "records":
			s.Records = list(q)
		case "actors":
			s.Actors = list(q)
		case "steps":
			if q.val.Kind != yaml.SequenceNode {
				l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: q.val.Line + off, Field: "sop.steps"}, map[string]string{"error": "steps: expected a list"})
				continue
			}
			for i, it := range q.val.Content {
				it, err := res.deref(it)
				if err != nil {
					return s
				}
				st := model.SOPStep{Num: i + 1, Line: it.Line + off, Lines: map[string]int{}}
				if it.Kind != yaml.MappingNode {
					l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: st.Line, Field: "sop.steps"}, map[string]string{"error": fmt.Sprintf("step %d: expected a mapping", i+1)})
					// keep an empty step so that later steps keep their numbers (jumps name them)
					s.Steps = append(s.Steps, st)
					continue
				}
				sub, _ := res.pairs(it)
				num := func(a kv) int {
					v := str(a)
					n, err := strconv.Atoi(v)
					if err != nil && v != "" {
						l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: a.line + off, Col: a.col, Field: "sop.steps." + a.key},
							map[string]string{"error": fmt.Sprintf("step %d: %s must be a step number, not %q", i+1, a.key, v)})
					}
					return n
				}
				for _, a := range sub {
					st.Lines[a.key] = a.line + off
					switch a.key {
					case "activity":
						st.Activity = str(a)
					case "actor":
						st.Actor = str(a)
					case "kind":
						st.Kind = strings.ToLower(str(a))
					case "requirements":
						st.Requirements = list(a)
					case "time":
						st.Time = str(a)
						st.Minutes, _ = ParseDuration(st.Time)
					case "output":
						st.Output = str(a)
					case "notes":
						st.Notes = str(a)
					case "yes":
						st.Yes = num(a)
					case "no":
						st.No = num(a)
					case "yes_label":
						st.YesLabel = str(a)
					case "no_label":
						st.NoLabel = str(a)
					case "next":
						st.Next = num(a)
					case "no_step", "step", "number":
					default:
						l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: a.line + off, Col: a.col, Field: "sop.steps." + a.key},
							map[string]string{"error": fmt.Sprintf("step %d: unknown key %s", i+1, a.key)})
					}
				}
				s.Steps = append(s.Steps, st)
			}
		default:
			l.rep.Report("sop-invalid", i18n.Where{File: rel, Line: q.line + off, Col: q.col, Field: "sop." + q.key},
				map[string]string{"error": "unknown key " + q.key})
		}
	}
	return s
}

var tomlKeyRe = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=\s*(.*)$`)

// tomlNode decodes TOML front matter into a YAML node tree with the top-level
// keys' lines, keeping the literal text of scalars (version = 1.10 stays "1.10").
func tomlNode(raw []byte) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		return nil, err
	}
	for k, v := range m {
		if t, ok := v.(time.Time); ok {
			m[k] = t.Format("2006-01-02")
		}
	}
	var n yaml.Node
	if err := n.Encode(m); err != nil {
		return nil, err
	}
	lines := map[string]int{}
	literal := map[string]string{}
	inTable := false
	inString := tomlStringLines(raw)
	for i, ln := range strings.Split(string(raw), "\n") {
		if i+1 < len(inString) && inString[i+1] {
			continue
		}
		t := strings.TrimSpace(ln)
		if strings.HasPrefix(t, "[") {
			inTable = true
			if name := strings.Trim(t, "[] "); name != "" {
				if _, ok := lines[name]; !ok {
					lines[name] = i + 1
				}
			}
			continue
		}
		if mm := tomlKeyRe.FindStringSubmatch(ln); mm != nil && !inTable {
			lines[mm[1]] = i + 1
			val := strings.TrimSpace(mm[2])
			if val != "" && !strings.ContainsAny(val[:1], `"'[{`) {
				if j := strings.Index(val, "#"); j >= 0 {
					val = strings.TrimSpace(val[:j])
				}
				literal[mm[1]] = val
			}
		}
	}
	var keys []int
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, i)
	}
	sort.Ints(keys)
	for _, i := range keys {
		k, v := n.Content[i], n.Content[i+1]
		ln := lines[k.Value]
		setLine(k, ln)
		setLine(v, ln)
		if lit, ok := literal[k.Value]; ok && v.Kind == yaml.ScalarNode {
			v.Value = lit
		}
	}
	return &n, nil
}

func setLine(n *yaml.Node, line int) {
	n.Line, n.Column = line, 1
	for _, c := range n.Content {
		setLine(c, line)
	}
}

// Limits on Markdown nesting: the parser's work grows with the depth of the
// containers (block quotes, list items) open on each line, and faster than
// linearly for nested lists, so a body of thousands of nested levels would take
// minutes. No real document nests containers anywhere near these limits.
const (
	maxLinePrefix  = 1000    // container markers and indentation at the start of one line
	maxTotalPrefix = 1 << 20 // the same, summed over the body
)

// tooDeep reports the first line whose container prefix (leading spaces, tabs,
// '>' and list markers) exceeds the limits, and false then; else 0, true.
func tooDeep(body []byte) (int, bool) {
	total := 0
	for line, rest := 1, body; ; line++ {
		prefix := 0
	scan:
		for _, c := range rest {
			switch {
			case c == ' ' || c == '\t' || c == '>' || c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9'):
				prefix++
				total++
				if prefix > maxLinePrefix || total > maxTotalPrefix {
					return line, false
				}
			default: // the rest of the line is no prefix: '\n' included
				break scan
			}
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return 0, true
		}
		rest = rest[i+1:]
	}
}

// maxLinkWork bounds the sum, over the paragraphs of a body, of the square of
// the number of "](" in each: goldmark's inline parser scans ahead to the end of
// the paragraph for every unclosed link destination, so "[a](" repeated 10,000
// times in one paragraph takes seconds and a 5 MB line of it hours. A real
// paragraph holds a few dozen links (a few thousand units); the limit allows
// 6,000 in a single paragraph.
const maxLinkWork = 36_000_000

// tooComplex reports the first line of the paragraph at which the link work of
// the body exceeds maxLinkWork, and false then; else 0, true.
func tooComplex(body []byte) (int, bool) {
	if bytes.Index(body, []byte("](")) < 0 {
		return 0, true
	}
	work, k, start := 0, 0, 1
	for line, rest := 1, body; ; line++ {
		ln := rest
		i := bytes.IndexByte(rest, '\n')
		if i >= 0 {
			ln = rest[:i]
		}
		// a "](" is never split over two lines; k only grows within a
		// paragraph, so checking at the end of each line finds the same one
		if n := bytes.Count(ln, []byte("](")); n > 0 {
			k += n
			if work+k*k > maxLinkWork {
				return start, false
			}
		} else if i >= 0 && blankLine(ln) { // a blank line ends the paragraph
			work += k * k
			k, start = 0, line+1
		}
		if i < 0 {
			return 0, true
		}
		rest = rest[i+1:]
	}
}

// blankLine reports whether a line holds only spaces, tabs and carriage returns.
func blankLine(ln []byte) bool {
	for _, c := range ln {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// AcceptKey is the front-matter key of the findings a document accepts:
//
//	accept:
//	  - {code: raw-html, reason: "the comment marks a section for the translators"}
const AcceptKey = "accept"

// accepts takes the accept: entries out of a document's front matter (they
// are not a field of the document) and reads them: each must be a mapping
// with a known, unprotected finding code and a reason. A bad entry is
// accept-invalid at its line and accepts nothing.
func (l *loader) accepts(rel string, m *yaml.Node, res *resolver, off int) (*yaml.Node, []model.Accept) {
	idx := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Tag != "!!merge" && strings.TrimSpace(k.Value) == AcceptKey {
			idx = i
			break
		}
	}
	if idx < 0 {
		return m, nil
	}
	k := m.Content[idx]
	rest := *m
	rest.Content = append(append([]*yaml.Node(nil), m.Content[:idx]...), m.Content[idx+2:]...)
	bad := func(n *yaml.Node, msg string) {
		l.rep.Report("accept-invalid", i18n.Where{File: rel, Line: n.Line + off, Col: n.Column, Field: AcceptKey}, map[string]string{"error": msg})
	}
	v, err := res.deref(m.Content[idx+1])
	if err != nil {
		bad(k, err.Error())
		return &rest, nil
	}
	if v.Kind == yaml.MappingNode { // one entry written without the list
		v = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{v}, Line: v.Line, Column: v.Column}
	}
	if v.Kind != yaml.SequenceNode {
		bad(k, i18n.Label(l.rep.Lang, "accept_want_list"))
		return &rest, nil
	}
	var out []model.Accept
	for _, it := range v.Content {
		it, err := res.deref(it)
		if err != nil {
			bad(k, err.Error())
			return &rest, out
		}
		if it.Kind != yaml.MappingNode {
			bad(it, i18n.Label(l.rep.Lang, "accept_want_entry"))
			continue
		}
		pairs, err := res.pairs(it)
		if err != nil {
			bad(it, err.Error())
			continue
		}
		a := model.Accept{Line: it.Line + off}
		ok := true
		for _, q := range pairs {
			if q.val.Kind != yaml.ScalarNode {
				bad(q.val, q.key+": "+i18n.Label(l.rep.Lang, "accept_want_text"))
				ok = false
				continue
			}
			switch q.key {
			case "code":
				a.Code = strings.TrimSpace(q.val.Value)
			case "reason":
				a.Reason = strings.TrimSpace(q.val.Value)
			default:
				bad(q.kn, i18n.Label(l.rep.Lang, "accept_unknown_key")+" "+strconv.Quote(q.key))
				ok = false
			}
		}
		switch {
		case !ok:
		case a.Code == "":
			bad(it, i18n.Label(l.rep.Lang, "accept_code_missing"))
		case !i18n.Known(a.Code):
			bad(it, i18n.Label(l.rep.Lang, "accept_unknown_code")+" "+strconv.Quote(a.Code))
		case model.Protected(a.Code):
			bad(it, a.Code+": "+i18n.Label(l.rep.Lang, "accept_protected"))
		case a.Reason == "":
			bad(it, a.Code+": "+i18n.Label(l.rep.Lang, "accept_reason_missing"))
		default:
			out = append(out, a)
		}
	}
	return &rest, out
}
