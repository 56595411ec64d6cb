package html

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	// shard is the site path of the file holding the text a result quotes
	shard string
	// a record's entry keeps no body: it is made when needed (recordBody),
	// nor does a document's (docBody)
	reg *model.Register
	rec *model.Record
	doc *model.Document
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
func textBucket(file string) int { return int(fnv1a(file) % textBuckets) }

// fnv1a is the FNV-1a hash (32 bits) of the bytes of s (search.js: fnv).
func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
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

// searchIndexPath is the site path of the search index.
const searchIndexPath = "assets/search-index.js"

// searchList is what search covers, in the order of the index: the
// documents, then each register followed by its records. The entries of
// documents, registers and the records of registers that are not grouped
// are kept; the records of a grouped register (names.Group: a register of
// 100,000 records) are a run of record indexes whose entries are made when
// needed (at), so that the index of a large register never holds an entry
// per record.
type searchList struct {
	kept   []searchEntry
	runs   []searchRun   // by start
	groups []searchGroup // the shards of the texts but those of documents
	n      int           // number of entries
}

// searchRun is the entries of the records of a grouped register.
type searchRun struct {
	start  int // index of the first entry of the run
	before int // entries in the runs before this one
	reg    *model.Register
	kind   string
	recs   []int32        // indexes of the records in reg.Records
	shards map[int]string // table page -> path of the shard of its texts
}

// searchGroup is a run of entries whose texts are in one shard (a register
// table page's): the index tells search.js where to find a result's text.
type searchGroup struct {
	first, count int
	shard        string
}

// at returns entry i of the list: a kept entry, or the entry of a record
// of a grouped register made in tmp.
func (l *searchList) at(r *run, i int, tmp *searchEntry) *searchEntry {
	j := sort.Search(len(l.runs), func(j int) bool { return l.runs[j].start > i })
	before := 0
	if j > 0 {
		u := &l.runs[j-1]
		if k := i - u.start; k < len(u.recs) {
			at := u.recs[k]
			rec := u.reg.Records[at]
			*tmp = r.recordEntry(u.reg, rec, int(at), u.kind, u.shards[r.tablePageAt(u.reg.Name, int(at), rec.ID)])
			return tmp
		}
		before = u.before + len(u.recs)
	}
	return &l.kept[i-before]
}

// docBody is the text of a document search indexes and quotes: its SOP's
// number, name, actors and steps, then the text of its body.
func (r *run) docBody(d *model.Document) string {
	body := r.texts.get(d)
	if s := d.SOP; s != nil {
		var b strings.Builder
		b.WriteString(s.Number + " " + s.Name + " " + strings.Join(s.Actors, " "))
		for _, st := range s.Steps {
			b.WriteString(" " + st.Activity + " " + st.Output + " " + st.Notes)
		}
		body = b.String() + " " + body
	}
	return body
}

// recordEntry is the search entry of a record (its body and text are made
// when needed: recordBody, appendRecordText).
func (r *run) recordEntry(reg *model.Register, rec *model.Record, at int, kind, shard string) searchEntry {
	t := rec.ID
	if title := reg.Title(rec); title != rec.ID {
		t += " " + title
	}
	return searchEntry{URL: r.recPathAt(reg.Name, at, rec.ID), Title: t, Kind: kind, shard: shard, reg: reg, rec: rec}
}

// searchList collects what search covers: documents, registers and records.
func (r *run) searchList() *searchList {
	l := &searchList{}
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
		l.kept = append(l.kept, searchEntry{URL: r.docPath(d), Title: d.DocID + " " + d.Title, Kind: kind,
			shard: r.docTextPath(d), heads: strings.Join(heads, " "), doc: d})
	}
	// results of equal rank are shown in the order of the index (search.js):
	// the documents by their titles, then the registers, each followed by
	// its records in the register's order
	sort.SliceStable(l.kept, func(i, j int) bool { return l.kept[i].Title < l.kept[j].Title })
	l.n = len(l.kept)
	group := func(shard string) { // the entry l.n-1 has its text in shard
		if g := len(l.groups) - 1; g >= 0 && l.groups[g].shard == shard && l.groups[g].first+l.groups[g].count == l.n-1 {
			l.groups[g].count++
			return
		}
		l.groups = append(l.groups, searchGroup{first: l.n - 1, count: 1, shard: shard})
	}
	for _, name := range r.site.RegisterNames() {
		reg := r.site.Registers[name]
		label := reg.Schema.Label.In(r.lang)
		first := r.regTextPath(name, 1)
		l.kept = append(l.kept, searchEntry{URL: r.regPath(name, 1), Title: label, Kind: r.labels["register"],
			body: name + " " + reg.Path, shard: first})
		l.n++
		group(first)
		var u *searchRun
		if r.names.Groups[name] != nil {
			l.runs = append(l.runs, searchRun{start: l.n, before: l.n - len(l.kept), reg: reg, kind: label,
				recs: make([]int32, 0, len(reg.Records)), shards: map[int]string{1: first}})
			u = &l.runs[len(l.runs)-1]
		}
		seen := make(map[string]bool, len(reg.Records))
		shards := map[int]string{1: first} // one string per table page
		for i, rec := range reg.Records {
			if seen[rec.ID] || rec.ID == "" {
				continue
			}
			seen[rec.ID] = true
			pg := r.tablePageAt(name, i, rec.ID)
			shard, ok := shards[pg]
			if !ok {
				shard = r.regTextPath(name, pg)
				shards[pg] = shard
			}
			if u != nil {
				u.recs = append(u.recs, int32(i))
			} else {
				l.kept = append(l.kept, r.recordEntry(reg, rec, i, label, shard))
			}
			l.n++
			group(shard)
		}
		if u != nil {
			u.shards = shards
			u.recs = slices.Clip(u.recs)
		}
	}
	return l
}

// docTextsFile is the shard of the texts of the documents docs, at the site
// path p: an object keyed by the documents' URLs.
func (r *run) docTextsFile(p string, docs []*model.Document) ([]byte, error) {
	m := make(map[string]string, len(docs))
	for _, d := range docs {
		m[r.docPath(d)] = cutText(r.docBody(d), maxText)
	}
	return appendTextsMap(append(getPage(), textsHead(p)...), m), nil
}

// appendTextsMap appends the map of texts m of a shard after its head, as
// encoding/json encodes a map of strings (its keys sorted, HTML escaped:
// see textsFile in the tests), and the shard's end.
func appendTextsMap(b []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, k)
		b = append(b, ':')
		b = appendJSON(b, m[k])
	}
	return append(b, "}\n;\n"...)
}

// regTextsFile is the shard of the texts of table page n of a register, at
// the site path p: the register's own (on its first page), then those of the
// records whose table page it is, in the order of the index. It is written
// as encoding/json writes the list of texts (see textsFile in the tests), each text made
// and written in turn.
func (r *run) regTextsFile(p string, reg *model.Register, n int) ([]byte, error) {
	out := append(getPage(), textsHead(p)...)
	out = append(out, '[')
	first := true
	if n == 1 {
		out = appendJSON(out, r.labels["clause"]+" "+strings.Join(reg.Schema.AllClauses(), ", ")+" · "+r.labels.F("count_records", len(reg.Records)))
		first = false
	}
	start, end := pageRows(n, len(reg.Records))
	seen := map[string]bool{}
	text := getPage()
	var recs []*model.Record
	var ats []int // their positions
	for j, rec := range reg.Records[start:max(start, end)] {
		// a record is on the page of its first row with its id
		if rec.ID == "" || r.tablePageAt(reg.Name, start+j, rec.ID) != n || seen[rec.ID] {
			continue
		}
		seen[rec.ID] = true
		recs, ats = append(recs, rec), append(ats, start+j)
		if !first {
			out = append(out, ',')
		}
		first = false
		text = r.appendRecordText(text[:0], reg, rec)
		out = append(out, '"')
		out = appendJSONText(out, unsafe.String(unsafe.SliceData(text), len(text)))
		out = append(out, '"')
	}
	release(text)
	out = append(out, "]\n;\n"...)
	if r.names.Groups[reg.Name] == nil {
		return out, nil
	}
	// the records of a grouped register have their entries (URL, title)
	// here, not in the index, in the same order (0 for the register's own
	// on its first page)
	out = append(out, entriesHead(p)...)
	out = append(out, '[')
	if n == 1 {
		out = append(out, '0')
	}
	for i, rec := range recs {
		if i > 0 || n == 1 {
			out = append(out, ',')
		}
		e := r.recordEntry(reg, rec, ats[i], "", "")
		out = append(out, '[')
		out = appendJSON(out, e.URL)
		out = append(out, ',')
		out = appendJSON(out, e.Title)
		out = append(out, ']')
	}
	return append(out, "]\n;\n"...), nil
}

// entriesHead is what the entries of the records of a grouped register in
// the shard at the site path p start with.
func entriesHead(p string) string {
	return "(window.SMSGEN_ENTRY = window.SMSGEN_ENTRY || {})[" + strconv.Quote(strings.TrimPrefix(p, "assets/")) + "] = "
}

// textsHead is what a shard of texts at the site path p starts with.
func textsHead(p string) string {
	return "/* smsgen search texts: generated, do not edit */\n(window.SMSGEN_TEXT = window.SMSGEN_TEXT || {})[" + strconv.Quote(strings.TrimPrefix(p, "assets/")) + "] = "
}

// recordBody returns what search indexes of a record: its values and notes.
func (r *run) recordBody(reg *model.Register, rec *model.Record) string {
	var b strings.Builder
	r.recordSearch(reg, rec, &b, nil)
	return b.String()
}

// appendRecordText appends the text a result quotes of a record ("Label:
// value" lines, at most maxText bytes).
func (r *run) appendRecordText(t []byte, reg *model.Register, rec *model.Record) []byte {
	start := len(t)
	r.recordSearch(reg, rec, nil, &t)
	if len(t)-start > maxText {
		n := maxText
		for n > 0 && !utf8.RuneStart(t[start+n]) {
			n--
		}
		t = t[:start+n]
	}
	return t
}

// recordSearch writes what search indexes of a record into body and the
// text a result quotes onto text (each when not nil): a line "Label: value"
// per field, the items of a list separated by "; ", white space folded.
func (r *run) recordSearch(reg *model.Register, rec *model.Record, body *strings.Builder, text *[]byte) {
	recStart := 0
	if text != nil {
		recStart = len(*text)
	}
	line := func(label, v string) {
		if text == nil {
			return
		}
		b := *text
		mark := len(b)
		if len(b) > recStart {
			b = append(b, '\n')
		}
		b = append(b, label...)
		b = append(b, ": "...)
		vs := len(b)
		b = appendItems(b, v)
		lo, hi := vs, len(b) // trimmed of "; " at both ends
		for lo < hi && (b[lo] == ';' || b[lo] == ' ') {
			lo++
		}
		for hi > lo && (b[hi-1] == ';' || b[hi-1] == ' ') {
			hi--
		}
		if lo == hi {
			*text = b[:mark]
			return
		}
		*text = append(b[:vs], b[lo:hi]...)
	}
	for _, f := range reg.Schema.Fields {
		if f.Key == reg.Schema.TitleField || !rec.Cells[f.Index].Present() {
			continue
		}
		v := rec.Raw(f.Index)
		if f.Type == schema.Enum || f.Type == schema.Date || f.Type == schema.DateTime || f.Type == schema.Month || f.Type == schema.Boolean {
			v = localize.Value(reg, rec, f, r.lang)
		}
		if body != nil {
			body.WriteString(v)
			body.WriteByte(' ')
		}
		if text != nil {
			line(r.fieldLabel(f), r.refTitles(f, v))
		}
	}
	if body != nil {
		body.WriteString(rec.Notes)
	}
	line(r.labels["notes"], rec.Notes)
}

// appendItems appends the lines of v (a list's items) separated by "; ",
// the white space of each folded as strings.Fields and a join with " " do.
func appendItems(b []byte, v string) []byte {
	for i := 0; ; i++ {
		item, rest, more := strings.Cut(v, "\n")
		if i > 0 {
			b = append(b, "; "...)
		}
		b = appendFields(b, item)
		if !more {
			return b
		}
		v = rest
	}
}

// appendFields appends the words of s (split at unicode.IsSpace) separated by one space.
func appendFields(b []byte, s string) []byte {
	start, words := -1, 0
	for i := 0; i <= len(s); {
		space, size := true, 1
		if i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				space = asciiSpace[c]
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(s[i:])
				space = unicode.IsSpace(r)
			}
		}
		switch {
		case !space && start < 0:
			start = i
		case space && start >= 0:
			if words > 0 {
				b = append(b, ' ')
			}
			b = append(b, s[start:i]...)
			words++
			start = -1
		}
		i += size
	}
	return b
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
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if ascii {
		if !upper {
			return s
		}
		// strings.ToLower, in one pass over a buffer of the text's size
		b := make([]byte, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return unsafe.String(unsafe.SliceData(b), len(b))
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

// tokenBits is a token of a search entry and where in the entry it is.
type tokenBits struct {
	t    string
	bits uint8
}

// appendTokenBits appends the tokens of the set m to l.
func appendTokenBits(l []tokenBits, m map[string]uint8) []tokenBits {
	l = slices.Grow(l, len(m))
	for t, bits := range m {
		l = append(l, tokenBits{t, bits})
	}
	return l
}

// tokenMaps are the maps a build tokenizes entries into, one entry at a time.
var tokenMaps = sync.Pool{New: func() any { return make(map[string]uint8, 256) }}

// searchBatch is how many entries are tokenized at once: their token sets
// are merged into the postings and dropped before the next batch, so that
// building the index of 100,000 records never holds 100,000 token sets.
const searchBatch = 2048

// searchData is the inverted index of a site's search entries: the sorted
// terms and, term after term, their postings (entry<<3 | field bits).
type searchData struct {
	l     *searchList
	terms []string
	flat  []uint32
	ends  []int32 // ends[k]: the end in flat of the postings of terms[k]
	// buckets[b]: the terms (indexes) of bucket b, when the index is
	// spread over bucket files (termBuckets of them), else nil
	buckets [][]int32
}

func (d *searchData) postings(k int) []uint32 {
	if k == 0 {
		return d.flat[:d.ends[0]]
	}
	return d.flat[d.ends[k-1]:d.ends[k]]
}

// termBuckets is the number of files the terms and postings of a large
// index are spread over (assets/search/terms/B.js), B a stable hash of the
// first two characters of the term (termBucket; search.js computes the
// same): a query word of two characters or more needs one file.
const termBuckets = 256

// bucketAbove is the number of search entries above which the terms and
// postings are in bucket files rather than in the index: the index a search
// page loads before it answers then holds the entries of the documents and
// small registers (no more than those of a site of this size), and a query
// loads a bucket per word (a site of 100,000 incidents: 20 KB each, where
// the whole index was 4.5 MB). Lowered by tests.
var bucketAbove = 20000

// termBucket is the bucket of a (folded) term: FNV-1a (32 bits) of the
// bytes of its first two characters, modulo termBuckets.
func termBucket(t string) int {
	n := 0
	for i := range t {
		if n == 2 {
			t = t[:i]
			break
		}
		n++
	}
	return int(fnv1a(t) % termBuckets)
}

// termBucketPath is the site path of bucket b of the terms.
func termBucketPath(b int) string {
	return "assets/search/terms/" + strconv.Itoa(b) + ".js"
}

// searchBucketed tells whether the terms of the site's index are in bucket
// files (known before the pages render, from the number of entries).
func (r *run) searchBucketed() bool {
	return r.searchEntries() > bucketAbove
}

// searchEntries is the number of search entries of the site: its
// documents, registers and their records with an id (once each).
func (r *run) searchEntries() int {
	r.searchOnce.Do(func() { r.slist = r.searchList() })
	return r.slist.n
}

// search computes the site's index once (the index file and its bucket
// files render from it).
func (r *run) search() *searchData {
	r.searchEntries()
	r.sdataOnce.Do(func() { r.sdata = r.searchData(r.slist, r.searchBucketed()) })
	return r.sdata
}

// searchData builds the inverted index of the entries of l, its terms in
// buckets when bucketed.
func (r *run) searchData(l *searchList, bucketed bool) *searchData {
	// tokenize the entries of a batch in parallel, each into a set of its
	// tokens (a map of the worker's own, reused, then a list), then add
	// them to the postings: a term's index in lists, its entries
	ids := map[string]int32{}
	var lists [][]uint32
	sets := make([][]tokenBits, min(searchBatch, l.n))
	tmp := make([]searchEntry, len(sets))
	idx := make([]int, 0, len(sets))
	for lo := 0; lo < l.n; lo += searchBatch {
		hi := min(lo+searchBatch, l.n)
		idx = idx[:0]
		for i := lo; i < hi; i++ {
			idx = append(idx, i)
		}
		_ = runJobs(idx, func(i int) error {
			e := l.at(r, i, &tmp[i-lo])
			body := e.body
			switch {
			case e.rec != nil && r.names.Groups[e.reg.Name] != nil:
				// a record of a register grouped on chunk pages is found by
				// its id and title: the full text of 100,000 records made the
				// index 27.5 MB (too much for a phone) and held 55 MB while
				// it was built; its text file still quotes every field
			case e.rec != nil:
				body = r.recordBody(e.reg, e.rec)
			case e.doc != nil:
				body = r.docBody(e.doc) + " " + e.doc.Meta("owner") + " " + e.doc.Meta("version")
			}
			if m, ok := r.tokens.get(e, body); ok { // smsgen serve: unchanged since the last index
				sets[i-lo] = appendTokenBits(sets[i-lo][:0], m)
				return nil
			}
			var m map[string]uint8
			if r.tokens != nil {
				m = make(map[string]uint8, 16+len(body)/32) // kept by the cache
			} else {
				m = tokenMaps.Get().(map[string]uint8) // a build reuses the maps
			}
			tokens(e.Title, func(t string) { m[t] |= inTitle })
			tokens(e.heads, func(t string) { m[t] |= inHeading })
			tokens(body, func(t string) { m[t] |= inBody })
			sets[i-lo] = appendTokenBits(sets[i-lo][:0], m)
			if r.tokens != nil {
				r.tokens.put(e, body, m)
			} else {
				clear(m)
				tokenMaps.Put(m)
			}
			return nil
		})
		for i := lo; i < hi; i++ {
			for _, tb := range sets[i-lo] {
				k, ok := ids[tb.t]
				if !ok {
					// a token is a piece of the folded text of its entry:
					// a copy of its own does not keep that text
					k = int32(len(lists))
					ids[strings.Clone(tb.t)] = k
					lists = append(lists, nil)
				}
				lists[k] = append(lists[k], uint32(i)<<3|uint32(tb.bits))
			}
			clear(sets[i-lo]) // the tokens' texts are not kept, the list is reused
			tmp[i-lo] = searchEntry{}
		}
	}
	sets = nil
	terms := make([]string, 0, len(ids))
	total := 0
	for t := range ids {
		terms = append(terms, t)
	}
	for _, p := range lists {
		total += len(p)
	}
	sort.Strings(terms)
	// the postings in one slice, term after term, and the lists dropped
	// before the file is written
	flat := make([]uint32, 0, total)
	ends := make([]int32, len(terms))
	for k, t := range terms {
		j := ids[t]
		flat = append(flat, lists[j]...)
		lists[j] = nil
		ends[k] = int32(len(flat))
	}
	ids, lists = nil, nil
	d := &searchData{l: l, terms: terms, flat: flat, ends: ends}
	if bucketed {
		d.buckets = make([][]int32, termBuckets)
		for k, t := range terms {
			b := termBucket(t)
			d.buckets[b] = append(d.buckets[b], int32(k))
		}
	}
	return d
}

// appendTermsPost appends the terms (indexes in d.terms, ascending) as
// "terms":"t1 t2 …","post":["…",…] (the postings of each term: the entries
// as deltas, each shifted by 3 with the field bits, in base 36).
func appendTermsPost(out []byte, d *searchData, ks func(yield func(int) bool)) []byte {
	out = append(out, `"terms":"`...)
	first := true
	for k := range ks {
		if !first {
			out = append(out, ' ')
		}
		first = false
		out = appendJSONText(out, d.terms[k])
	}
	out = append(out, `","post":[`...)
	first = true
	for k := range ks {
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, '"')
		prev := uint32(0)
		for j, p := range d.postings(k) {
			doc, bits := p>>3, p&7
			if j > 0 {
				out = append(out, ',')
			}
			out = strconv.AppendUint(out, uint64((doc-prev)<<3|bits), 36)
			prev = doc
		}
		out = append(out, '"')
	}
	return append(out, ']')
}

// termsPostLen is the length appendTermsPost appends.
func termsPostLen(d *searchData, ks func(yield func(int) bool)) int {
	size := len(`"terms":"","post":[]`)
	n := 0
	for k := range ks {
		n++
		size += jsonLen(d.terms[k]) - 2 + 3 // the space, the postings' quotes and comma
		prev := uint32(0)
		for _, p := range d.postings(k) {
			size += base36Len((p>>3-prev)<<3|p&7) + 1
			prev = p >> 3
		}
	}
	if n > 0 {
		size -= 2 // no space before the first term, no comma after the last postings
	}
	return size
}

// allTerms yields every term of d; bucketTerms those of bucket b.
func allTerms(d *searchData) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for k := range d.terms {
			if !yield(k) {
				return
			}
		}
	}
}

// noTerms yields no term.
func noTerms(func(int) bool) {}

func bucketTerms(d *searchData, b int) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for _, k := range d.buckets[b] {
			if !yield(int(k)) {
				return
			}
		}
	}
}

// termBucketFile is bucket b of the terms of a bucketed index.
func (r *run) termBucketFile(b int) ([]byte, error) {
	d := r.search()
	head := "/* smsgen search terms: generated, do not edit */\n(window.SMSGEN_TERMS = window.SMSGEN_TERMS || {})[" + strconv.Itoa(b) + "] = {"
	out := make([]byte, 0, len(head)+termsPostLen(d, bucketTerms(d, b))+4)
	out = append(out, head...)
	out = appendTermsPost(out, d, bucketTerms(d, b))
	return append(out, "}\n;\n"...), nil
}

// searchIndexFile is assets/search-index.js of d: the entries, the terms and
// postings (or, when bucketed, the buckets that hold the terms starting
// with each character), the groups of the texts.
func (r *run) searchIndexFile(d *searchData) ([]byte, error) {
	l, terms := d.l, d.terms
	firsts := map[string][]int{} // first character -> buckets holding terms starting with it
	var chars []string
	// buckets in ascending order, so that each character's list is too
	for b, ks := range d.buckets {
		for _, k := range ks {
			t := terms[k]
			_, n := utf8.DecodeRuneInString(t)
			c := t[:n]
			if l := firsts[c]; len(l) == 0 {
				chars = append(chars, c)
			} else if l[len(l)-1] == b {
				continue
			}
			firsts[c] = append(firsts[c], b)
		}
	}
	sort.Strings(chars)
	const head = "/* smsgen search index: generated, do not edit */\nwindow.SMSGEN_SEARCH = {\"v\":3,\"lang\":"
	size := len(head) + jsonLen(r.lang) + len(`,"docs":[],"runs":[],,"groups":[]}`+"\n;\n")
	if d.buckets == nil {
		size += termsPostLen(d, allTerms(d))
	} else {
		size += termsPostLen(d, noTerms) + len(`,"buckets":,"firsts":{}`) + len(strconv.Itoa(termBuckets))
		for _, c := range chars {
			size += jsonLen(c) + 4 // :[] and a comma
			for _, b := range firsts[c] {
				size += len(strconv.Itoa(b)) + 1
			}
		}
	}
	for i := range l.kept {
		x := &l.kept[i]
		size += jsonLen(x.URL) + jsonLen(x.Title) + jsonLen(x.Kind) + 5 // [,,] and a comma
	}
	for _, u := range l.runs {
		size += runLen(u.start, len(u.recs), u.kind)
	}
	for _, g := range l.groups {
		size += runLen(g.first, g.count, strings.TrimPrefix(g.shard, "assets/"))
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	out = appendJSON(out, r.lang)
	// the entries but those of the records of grouped registers, which are
	// in the shards of their texts (regTextsFile): runs of them by their
	// first entry, count and kind
	out = append(out, `,"docs":[`...)
	for i := range l.kept {
		x := &l.kept[i]
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '[')
		out = appendJSON(out, x.URL)
		out = append(out, ',')
		out = appendJSON(out, x.Title)
		out = append(out, ',')
		out = appendJSON(out, x.Kind)
		out = append(out, ']')
	}
	out = append(out, `],"runs":[`...)
	for k, u := range l.runs {
		if k > 0 {
			out = append(out, ',')
		}
		out = appendRun(out, u.start, len(u.recs), u.kind)
	}
	out = append(out, `],`...)
	if d.buckets == nil {
		out = appendTermsPost(out, d, allTerms(d))
	} else {
		// the terms are in the bucket files: the buckets holding the terms
		// that start with each character (a query word of one character)
		out = appendTermsPost(out, d, noTerms)
		out = append(out, `,"buckets":`...)
		out = strconv.AppendInt(out, termBuckets, 10)
		out = append(out, `,"firsts":{`...)
		for i, c := range chars {
			if i > 0 {
				out = append(out, ',')
			}
			out = appendJSON(out, c)
			out = append(out, ":["...)
			for j, b := range firsts[c] {
				if j > 0 {
					out = append(out, ',')
				}
				out = strconv.AppendInt(out, int64(b), 10)
			}
			out = append(out, ']')
		}
		out = append(out, '}')
	}
	// the shards of the texts but those of documents (search.js finds a
	// document's from its URL, textBucket): runs of entries with their first,
	// count, path
	out = append(out, `,"groups":[`...)
	for k, g := range l.groups {
		if k > 0 {
			out = append(out, ',')
		}
		out = appendRun(out, g.first, g.count, strings.TrimPrefix(g.shard, "assets/"))
	}
	out = append(out, "]}\n;\n"...)
	return out, nil
}

// appendRun appends a run of entries of the index, [first,count,"s"] (s
// their kind, or the path of the shard of their texts).
func appendRun(out []byte, first, count int, s string) []byte {
	out = append(out, '[')
	out = strconv.AppendInt(out, int64(first), 10)
	out = append(out, ',')
	out = strconv.AppendInt(out, int64(count), 10)
	out = append(out, ',')
	out = appendJSON(out, s)
	return append(out, ']')
}

// runLen is the length of appendRun's run and the comma after it.
func runLen(first, count int, s string) int {
	return 5 + len(strconv.Itoa(first)) + len(strconv.Itoa(count)) + jsonLen(s)
}

// base36Len is the number of base-36 digits of v.
func base36Len(v uint32) int {
	n := 1
	for v >= 36 {
		v /= 36
		n++
	}
	return n
}

// appendJSON appends s as a JSON string as encoding/json writes it with
// HTML escaped (SetEscapeHTML(true), json.Marshal).
func appendJSON(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONText(b, s)
	return append(b, '"')
}

// appendJSONText is appendJSON without the quotes.
func appendJSONText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default: // control characters, <, >, &
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// jsonLen is len(appendJSON(nil, s)).
func jsonLen(s string) int {
	n := 2 + len(s)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case jsonSafe[c]:
			case c == '\\' || c == '"' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
				n++
			default:
				n += 5
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += 5 // one byte becomes \ufffd
		} else if r == '\u2028' || r == '\u2029' {
			n += 3
		}
		i += size
	}
	return n
}

// jsonSafe marks the ASCII characters encoding/json writes as they are when
// it escapes HTML.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return
}()
