package html

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/smsgen/smsgen/internal/view"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"
)

// The search index is a classic script (assets/search-index.js) assigning a
// global, so it loads from file:// without fetch. It holds the entries (URL,
// title, kind, snippet) and an inverted index: the sorted folded tokens and,
// per token, the entries that hold it with where (title, heading, body).
// assets/search.js matches query words as prefixes of tokens by binary
// search, ranks title hits first, and needs all words to match.

// Field bits of a posting.
const (
	inBody    = 1
	inHeading = 2
	inTitle   = 4
)

type searchEntry struct {
	URL, Title, Kind, Snippet string
	heads, body               string
}

// docTexts holds the plain text of each document body, filled while the
// document pages render.
type docTexts struct {
	mu sync.Mutex
	m  map[*model.Document]string
}

func (t *docTexts) set(d *model.Document, s string) {
	t.mu.Lock()
	if t.m == nil {
		t.m = map[*model.Document]string{}
	}
	t.m[d] = s
	t.mu.Unlock()
}

func (t *docTexts) get(d *model.Document) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[d]
}

// plainText returns the text of a Markdown tree with blocks separated by
// spaces, every run of white space made one space (as strings.Fields and a
// join would), without leading or trailing space.
func plainText(root ast.Node, src []byte) string {
	var w spaceWriter
	w.b.Grow(len(src))
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				w.space()
			}
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			w.write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				w.space()
			}
		case *ast.String:
			w.write(t.Value)
		case *ast.AutoLink:
			w.write(t.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return w.b.String()
}

// spaceWriter collects text, folding white space (unicode.IsSpace, as
// strings.Fields) into single spaces between words.
type spaceWriter struct {
	b       strings.Builder
	pending bool // a space is due before the next word
}

func (w *spaceWriter) space() { w.pending = true }

func (w *spaceWriter) write(p []byte) {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				w.pending = true
				i++
				continue
			}
			j := i + 1 // a run of ASCII that is not space
			for j < len(p) && p[j] < utf8.RuneSelf && !asciiSpace[p[j]] {
				j++
			}
			w.text(p[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if unicode.IsSpace(r) {
			w.pending = true
		} else {
			w.text(p[i : i+size])
		}
		i += size
	}
}

// text appends p (no white space in it), after a space when one is due.
func (w *spaceWriter) text(p []byte) {
	if w.pending && w.b.Len() > 0 {
		w.b.WriteByte(' ')
	}
	w.pending = false
	w.b.Write(p)
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// snippet shortens s (white space folded) to at most n runes, at a word
// boundary in its second half when there is one.
func snippet(s string, n int) string {
	if !foldedSpace(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	// the byte offset of rune n, if s has more runes
	cut, runes := -1, 0
	for i := range s {
		if runes == n {
			cut = i
			break
		}
		runes++
	}
	if cut < 0 {
		return s
	}
	r := s[:cut]
	if !utf8.ValidString(r) {
		r = string([]rune(r)) // invalid bytes become U+FFFD
	}
	if i := strings.LastIndexByte(r, ' '); i > n/2 {
		return r[:i] + " …"
	}
	return r + "…"
}

// foldedSpace reports whether s has no white space but single ASCII spaces
// between words (what strings.Fields and a join would leave unchanged).
func foldedSpace(s string) bool {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false // possibly Unicode space: let strings.Fields decide
		}
		if asciiSpace[c] && (c != ' ' || prev == ' ') {
			return false
		}
		prev = c
	}
	return prev != ' ' || len(s) == 0
}

// entries collects what search covers: documents, registers and records.
func (r *run) searchEntries() []searchEntry {
	var out []searchEntry
	dt := r.site.Schemas.Document.Field("doc_type")
	for _, d := range r.site.Documents {
		kind := d.Meta("doc_type")
		if dt != nil {
			kind = dt.EnumLabel(kind, r.lang)
		}
		if !d.Approved() {
			kind += " · " + r.labels["draft"]
		}
		var heads []string
		for _, h := range d.Headings {
			heads = append(heads, h.Text)
		}
		body := r.texts.get(d)
		if s := d.SOP; s != nil {
			var b strings.Builder
			b.WriteString(s.Number + " " + s.Name + " " + strings.Join(s.Actors, " "))
			for _, st := range s.Steps {
				b.WriteString(" " + st.Activity + " " + st.Output + " " + st.Notes)
			}
			body = b.String() + " " + body
		}
		meta := d.Meta("owner") + " " + d.Meta("version")
		out = append(out, searchEntry{URL: r.docPath(d), Title: d.DocID + " " + d.Title, Kind: kind,
			Snippet: snippet(body, 160), heads: strings.Join(heads, " "), body: body + " " + meta})
	}
	for _, name := range r.site.RegisterNames() {
		reg := r.site.Registers[name]
		label := reg.Schema.Label.In(r.lang)
		out = append(out, searchEntry{URL: r.regPath(name, 1), Title: label, Kind: r.labels["register"],
			Snippet: strings.Join(reg.Schema.AllClauses(), ", ") + " · " + r.labels.F("count_records", len(reg.Records)),
			body:    name + " " + reg.Path})
		seen := map[string]bool{}
		for _, rec := range reg.Records {
			if seen[rec.ID] || rec.ID == "" {
				continue
			}
			seen[rec.ID] = true
			title := reg.Title(rec)
			var b strings.Builder
			for _, f := range reg.Schema.Fields {
				if f.Key == reg.Schema.TitleField || !rec.Cells[f.Index].Present() {
					continue
				}
				v := rec.Cells[f.Index].Raw
				if f.Type == schema.Enum || f.Type == schema.Date || f.Type == schema.DateTime || f.Type == schema.Month || f.Type == schema.Boolean {
					v = view.Value(reg, rec, f, r.lang)
				}
				b.WriteString(v)
				b.WriteByte(' ')
			}
			b.WriteString(rec.Notes)
			t := rec.ID
			if title != rec.ID {
				t += " " + title
			}
			out = append(out, searchEntry{URL: r.recPath(name, rec.ID), Title: t, Kind: label,
				Snippet: snippet(b.String(), 120), body: b.String()})
		}
	}
	return out
}

// fold lowercases and removes diacritics (NFD, then marks dropped), as search.js does.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, c := range norm.NFD.String(s) {
		if unicode.Is(unicode.M, c) {
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// tokens splits folded text into words of letters and digits.
func tokens(s string, fn func(string)) {
	s = fold(s)
	start := -1
	emit := func(end int) {
		t := s[start:end]
		if utf8.RuneCountInString(t) >= 2 || (t[0] >= '0' && t[0] <= '9') {
			if len(t) > 40 {
				t = t[:40]
				for !utf8.ValidString(t) {
					t = t[:len(t)-1]
				}
			}
			fn(t)
		}
	}
	for i := 0; i < len(s); {
		var word bool
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			word = asciiWord[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsNumber(r)
		}
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			emit(i)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		emit(len(s))
	}
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c))
	}
	return
}()

// searchIndex builds assets/search-index.js.
func (r *run) searchIndex() ([]byte, error) {
	entries := r.searchEntries()
	// tokenize every entry in parallel
	sets := make([]map[string]uint8, len(entries))
	idx := make([]int, len(entries))
	for i := range idx {
		idx[i] = i
	}
	_ = runJobs(idx, func(i int) error {
		e := entries[i]
		if m, ok := r.tokens.get(e); ok { // smsgen serve: unchanged since the last index
			sets[i] = m
			return nil
		}
		m := make(map[string]uint8, 16+len(e.body)/32)
		tokens(e.Title, func(t string) { m[t] |= inTitle })
		tokens(e.heads, func(t string) { m[t] |= inHeading })
		tokens(e.body, func(t string) { m[t] |= inBody })
		sets[i] = m
		r.tokens.put(e, m)
		return nil
	})
	post := map[string][]uint32{}
	for i, m := range sets {
		for t, bits := range m {
			post[t] = append(post[t], uint32(i)<<3|uint32(bits))
		}
	}
	terms := make([]string, 0, len(post))
	for t := range post {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	enc := make([]string, len(terms))
	var b []byte
	for k, t := range terms {
		b = b[:0]
		prev := uint32(0)
		for j, p := range post[t] {
			doc, bits := p>>3, p&7
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, uint64((doc-prev)<<3|bits), 36)
			prev = doc
		}
		enc[k] = string(b)
	}
	docs := make([][4]string, len(entries))
	for i, e := range entries {
		docs[i] = [4]string{e.URL, e.Title, e.Kind, e.Snippet}
	}
	data := struct {
		V     int         `json:"v"`
		Lang  string      `json:"lang"`
		Docs  [][4]string `json:"docs"`
		Terms string      `json:"terms"`
		Post  []string    `json:"post"`
	}{1, r.lang, docs, strings.Join(terms, " "), enc}
	var out bytes.Buffer
	out.WriteString("/* smsgen search index: generated, do not edit */\nwindow.SMSGEN_SEARCH = ")
	je := json.NewEncoder(&out)
	je.SetEscapeHTML(true)
	if err := je.Encode(data); err != nil {
		return nil, err
	}
	out.WriteString(";\n")
	return out.Bytes(), nil
}
