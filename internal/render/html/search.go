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

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"
)

// The search index is a classic script (assets/search-index.js) assigning a
// global, so it loads from file:// without fetch. It holds the entries (URL,
// title, kind) and an inverted index: the sorted folded tokens and, per
// token, the entries that hold it with where (title, heading, body).
// assets/search.js matches query words as prefixes of tokens by binary
// search, ranks title hits first, and needs all words to match.
//
// The texts the results quote (a document's text, a record's fields as
// "Label: value" lines) are not in the index, which the search page loads
// before it answers: they are in shards (classic scripts too), which
// search.js loads only for the results it shows, to cut the passage around
// the query words and mark them. The documents' texts are bucketed into at
// most textBuckets shards (assets/search/docs/B.js, an object keyed by the
// document's URL), B a stable hash of the document's file name (textBucket;
// search.js computes the same), so that a shard changes only with the
// documents it holds, whatever is added or removed elsewhere, and a site of
// a thousand documents does not write a thousand small files. A register
// table page has its own shard (assets/search/registers/REG/N.js: the
// register and the records of that page, an array in the order of the index).

// Field bits of a posting.
const (
	inBody    = 1
	inHeading = 2
	inTitle   = 4
)

type searchEntry struct {
	URL, Title, Kind string
	heads, body      string
	// text is what a result quotes: lines (a record's fields) of plain text
	text string
	// shard is the site path of the file holding text
	shard string
	// a record's entry keeps no body nor text: they are made when needed
	// (recordText), so that the entries of a register of 100,000 records
	// hold only their URLs and titles while the index is built; the text of
	// a record of a register that is not grouped is kept once the index has
	// made it (its text file needs it again)
	reg *model.Register
	rec *model.Record
}

// content returns the body (what is indexed) and the text (what a result
// quotes) of e.
func (r *run) content(e *searchEntry) (body, text string) {
	if e.rec == nil {
		return e.body, e.text
	}
	return r.recordText(e.reg, e.rec)
}

// maxText bounds the text of one entry kept for quoting, in bytes (a query
// word found only further on quotes the beginning).
const maxText = 24 << 10

// textBuckets is the number of shards the documents' texts are spread over.
// It is part of the contract with search.js (textBucket there): changing it
// moves every document to another shard.
const textBuckets = 128

// textBucket is the shard of the text of the document whose page is
// docs/FILE.html: FNV-1a (32 bits) of the bytes of the file name, modulo
// textBuckets. It depends on the name alone, so it is stable when other
// documents come or go.
func textBucket(file string) int {
	h := uint32(2166136261)
	for i := 0; i < len(file); i++ {
		h ^= uint32(file[i])
		h *= 16777619
	}
	return int(h % textBuckets)
}

// textBucketPath is the site path of the shard of the documents' texts b.
func textBucketPath(b int) string {
	return "assets/search/docs/" + strconv.Itoa(b) + ".js"
}

// docTextPath is the path of the shard holding a document's text.
func (r *run) docTextPath(d *model.Document) string {
	return textBucketPath(textBucket(r.docFile[d]))
}

// regTextPath is the path of the shard of the texts of a register table page.
func (r *run) regTextPath(name string, page int) string {
	return "assets/search/registers/" + r.regDir[name] + "/" + strconv.Itoa(page) + ".js"
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

// cutText shortens s to at most n bytes, at a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// searchFiles are the search data: the index and the shards of the texts.
type searchFiles struct {
	once    sync.Once
	entries []searchEntry
	index   []byte
	shards  map[string][]int // shard path -> its entries
	err     error
}

// searchFile returns the file of the search data at the site path p: the
// index or a shard of the texts. The entries and the index are made once
// per rendering; each file is handed out once (the caller may release it).
func (r *run) searchFile(p string) ([]byte, error) {
	s := r.searchData()
	if s.err != nil {
		return nil, s.err
	}
	if p == searchIndexPath {
		return s.index, nil
	}
	var texts any
	if strings.HasPrefix(p, "assets/search/docs/") { // documents: by URL
		m := map[string]string{}
		for _, i := range s.shards[p] {
			m[s.entries[i].URL] = s.entries[i].text
		}
		texts = m // encoding/json sorts the keys
	} else { // a register table page: in the order of the index
		l := []string{}
		for _, i := range s.shards[p] {
			e := &s.entries[i]
			text := e.text
			if e.rec != nil && r.names.Groups[e.reg.Name] != nil { // a grouped register's text is made again
				_, text = r.content(e)
			}
			l = append(l, text)
		}
		texts = l
	}
	key := strings.TrimPrefix(p, "assets/")
	return jsFile("/* smsgen search texts: generated, do not edit */\n(window.SMSGEN_TEXT = window.SMSGEN_TEXT || {})["+strconv.Quote(key)+"] = ", texts, ";\n")
}

// searchData makes the entries and the index of the search data, once per
// rendering (all documents' texts must be kept by then).
func (r *run) searchData() *searchFiles {
	s := &r.search
	s.once.Do(func() {
		s.entries = r.searchEntries()
		s.shards = map[string][]int{}
		for i, e := range s.entries {
			s.shards[e.shard] = append(s.shards[e.shard], i)
		}
		s.index, s.err = r.searchIndex(s.entries)
	})
	return s
}

// searchIndexPath is the site path of the search index.
const searchIndexPath = "assets/search-index.js"

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
			text: cutText(body, maxText), shard: r.docTextPath(d), heads: strings.Join(heads, " "), body: body + " " + meta})
	}
	for _, name := range r.site.RegisterNames() {
		reg := r.site.Registers[name]
		label := reg.Schema.Label.In(r.lang)
		out = append(out, searchEntry{URL: r.regPath(name, 1), Title: label, Kind: r.labels["register"],
			text: r.labels["clause"] + " " + strings.Join(reg.Schema.AllClauses(), ", ") + " · " + r.labels.F("count_records", len(reg.Records)),
			body: name + " " + reg.Path, shard: r.regTextPath(name, 1)})
		seen := map[string]bool{}
		shards := map[int]string{} // one string per table page
		for _, rec := range reg.Records {
			if seen[rec.ID] || rec.ID == "" {
				continue
			}
			seen[rec.ID] = true
			t := rec.ID
			if title := reg.Title(rec); title != rec.ID {
				t += " " + title
			}
			pg := r.recPage[name][rec.ID]
			shard, ok := shards[pg]
			if !ok {
				shard = r.regTextPath(name, pg)
				shards[pg] = shard
			}
			out = append(out, searchEntry{URL: r.recPath(name, rec.ID), Title: t, Kind: label,
				shard: shard, reg: reg, rec: rec})
		}
	}
	return out
}

// recordText returns what search indexes of a record (body: its values and
// notes) and the text a result quotes ("Label: value" lines).
func (r *run) recordText(reg *model.Register, rec *model.Record) (body, text string) {
	var b, lines strings.Builder
	line := func(label, v string) { // a list's items separated by "; "
		items := strings.Split(v, "\n")
		for i, it := range items {
			items[i] = strings.Join(strings.Fields(it), " ")
		}
		if v = strings.Trim(strings.Join(items, "; "), "; "); v == "" {
			return
		}
		if lines.Len() > 0 {
			lines.WriteByte('\n')
		}
		lines.WriteString(label + ": " + v)
	}
	for _, f := range reg.Schema.Fields {
		if f.Key == reg.Schema.TitleField || !rec.Cells[f.Index].Present() {
			continue
		}
		v := rec.Raw(f.Index)
		if f.Type == schema.Enum || f.Type == schema.Date || f.Type == schema.DateTime || f.Type == schema.Month || f.Type == schema.Boolean {
			v = localize.Value(reg, rec, f, r.lang)
		}
		b.WriteString(v)
		b.WriteByte(' ')
		line(r.fieldLabel(f), r.refTitles(f, v))
	}
	b.WriteString(rec.Notes)
	line(r.labels["notes"], rec.Notes)
	return b.String(), cutText(lines.String(), maxText)
}

// refTitles follows each id of a reference to a record or a document with
// its title (for the passages of records: "SVC-07 Layanan Service Desk").
func (r *run) refTitles(f *schema.Field, v string) string {
	if f.Type != schema.Ref && f.Type != schema.DocRef || f.List || len(f.RefPrefixTypes) > 0 {
		return v
	}
	id := strings.TrimSpace(v)
	if f.Type == schema.DocRef {
		if d := r.site.DocByID[id]; d != nil {
			return id + " " + d.Title
		}
		return v
	}
	if target := r.site.Registers[f.Ref]; target != nil {
		if rec := target.ByID[id]; rec != nil {
			if t := target.Title(rec); t != id {
				return id + " " + t
			}
		}
	}
	return v
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

// searchBatch is how many entries are tokenized at once: their token sets
// are merged into the postings and dropped before the next batch, so that
// building the index of 100,000 records never holds 100,000 token sets.
const searchBatch = 2048

// searchIndex builds assets/search-index.js.
func (r *run) searchIndex(entries []searchEntry) ([]byte, error) {
	// tokenize the entries of a batch in parallel, then add them to the postings
	post := map[string][]uint32{}
	sets := make([]map[string]uint8, min(searchBatch, len(entries)))
	idx := make([]int, 0, len(sets))
	for lo := 0; lo < len(entries); lo += searchBatch {
		hi := min(lo+searchBatch, len(entries))
		idx = idx[:0]
		for i := lo; i < hi; i++ {
			idx = append(idx, i)
		}
		_ = runJobs(idx, func(i int) error {
			e := &entries[i]
			var body string
			switch {
			case e.rec != nil && r.names.Groups[e.reg.Name] != nil:
				// a record of a register grouped on chunk pages is found by
				// its id and title: the full text of 100,000 records made the
				// index 27.5 MB (too much for a phone) and held 55 MB while
				// it was built; its text file still quotes every field
			case e.rec != nil:
				var text string
				body, text = r.content(e)
				e.text = text // kept for its text file, made once
			default:
				body, _ = r.content(e)
			}
			if m, ok := r.tokens.get(e, body); ok { // smsgen serve: unchanged since the last index
				sets[i-lo] = m
				return nil
			}
			m := make(map[string]uint8, 16+len(body)/32)
			tokens(e.Title, func(t string) { m[t] |= inTitle })
			tokens(e.heads, func(t string) { m[t] |= inHeading })
			tokens(body, func(t string) { m[t] |= inBody })
			sets[i-lo] = m
			r.tokens.put(e, body, m)
			return nil
		})
		for i := lo; i < hi; i++ {
			for t, bits := range sets[i-lo] {
				post[t] = append(post[t], uint32(i)<<3|uint32(bits))
			}
			sets[i-lo] = nil
		}
	}
	terms := make([]string, 0, len(post))
	for t := range post {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	// the file is written as it goes, each term's postings dropped once
	// written: encoding/json would hold the data, its encoding and a copy
	// at once (three times the index of 100,000 records); the bytes are
	// those of encoding/json with HTML escaped, as jsFile writes
	out := bytes.NewBuffer(make([]byte, 0, 64*len(entries)+16*len(terms)+1024))
	str := func(s string) {
		b, _ := json.Marshal(s)
		out.Write(b)
	}
	out.WriteString("/* smsgen search index: generated, do not edit */\nwindow.SMSGEN_SEARCH = ")
	out.WriteString(`{"v":2,"lang":`)
	str(r.lang)
	out.WriteString(`,"docs":[`)
	for i, e := range entries {
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteByte('[')
		str(e.URL)
		out.WriteByte(',')
		str(e.Title)
		out.WriteByte(',')
		str(e.Kind)
		out.WriteByte(']')
	}
	out.WriteString(`],"terms":`)
	str(strings.Join(terms, " "))
	out.WriteString(`,"post":[`)
	var b []byte
	for k, t := range terms {
		b = append(b[:0], '"')
		prev := uint32(0)
		for j, p := range post[t] {
			doc, bits := p>>3, p&7
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, uint64((doc-prev)<<3|bits), 36)
			prev = doc
		}
		b = append(b, '"')
		if k > 0 {
			out.WriteByte(',')
		}
		out.Write(b)
		delete(post, t)
	}
	// the shards of the texts but those of documents (search.js finds a
	// document's from its URL, textBucket): runs of entries with their first,
	// count, path
	out.WriteString(`],"groups":[`)
	first := true
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j].shard == entries[i].shard {
			j++
		}
		if !strings.HasPrefix(entries[i].shard, "assets/search/docs/") {
			if !first {
				out.WriteByte(',')
			}
			first = false
			out.WriteString("[" + strconv.Itoa(i) + "," + strconv.Itoa(j-i) + ",")
			str(strings.TrimPrefix(entries[i].shard, "assets/"))
			out.WriteByte(']')
		}
		i = j
	}
	out.WriteString("]}\n;\n")
	return out.Bytes(), nil
}

// jsFile encodes v as JSON between head and tail, into a page buffer (see release).
func jsFile(head string, v any, tail string) ([]byte, error) {
	out := bytes.NewBuffer(getPage())
	out.WriteString(head)
	je := json.NewEncoder(out)
	je.SetEscapeHTML(true)
	if err := je.Encode(v); err != nil {
		return nil, err
	}
	out.WriteString(tail)
	return out.Bytes(), nil
}
