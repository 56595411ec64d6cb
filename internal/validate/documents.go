package validate

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
)

// docIDs reports documents sharing a doc_id (the model keeps the first).
func (v *validator) docIDs() {
	for _, d := range v.site.Documents {
		if d.DocID == "" {
			continue
		}
		if !model.ValidID(d.DocID) && !strings.ContainsFunc(d.DocID, unicode.IsSpace) { // white space: pattern-mismatch
			w := v.where(d.Front, d.Rec, "doc_id")
			w.Value = d.DocID
			v.rep.Report("invalid-id", w, map[string]string{"field": "doc_id"})
		}
		first := v.site.DocByID[d.DocID]
		if first != nil && first != d {
			w := v.where(d.Front, d.Rec, "doc_id")
			v.rep.Report("duplicate-doc-id", w, map[string]string{"other": first.Path})
		}
	}
}

// documents checks every document, in parallel: each in one pass over its
// front matter, links and text (record rules, document rules, links and
// attachments, document control, placeholders, the characters the PDFs lack),
// while the register cells are scanned for those characters alongside
// (from the start of Run).
func (v *validator) documents() {
	v.docs = docShared{clauses: clauseIDs(v.site), parts: templateParts(v.site), obsolete: map[string]*model.Document{},
		attached: map[string]*attachResult{}}
	for id, d := range v.site.DocByID {
		if d.Meta("status") == "obsolete" {
			v.docs.obsolete[id] = d
		}
	}
	docs := v.site.Documents
	glyphs := make([]glyphFile, len(docs)) // document i's missing characters
	var wg sync.WaitGroup
	const chunk = 16 // documents taken at a time: a long one does not hold the rest back
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), (len(docs)+chunk-1)/chunk) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				s := int(next.Add(chunk)) - chunk
				if s >= len(docs) {
					return
				}
				for i := s; i < min(s+chunk, len(docs)); i++ {
					d := docs[i]
					v.record(d.Front, d.Rec)
					v.document(d)
					glyphs[i].document(d)
				}
			}
		}()
	}
	wg.Wait()
	v.regGlyphs.Wait() // started by Run
	v.reportGlyphs(glyphs, v.regGlyphsOut)
}

// docShared is what every document's checks read, made once per run.
type docShared struct {
	clauses map[string]bool
	// parts holds the normalized titles (Indonesian, English) of each
	// template's parts, by template name
	parts map[string][][2]string
	// obsolete holds the obsolete documents by doc_id (DocByID's)
	obsolete map[string]*model.Document
	// attached holds the verdict on each linked file, checked once
	mu       sync.Mutex
	attached map[string]*attachResult
}

type attachResult struct {
	once sync.Once
	pr   *attach.Problem
}

// templateParts normalizes the part titles of every template once.
func templateParts(site *model.Site) map[string][][2]string {
	out := map[string][][2]string{}
	if site.Schemas == nil {
		return out
	}
	for name, t := range site.Schemas.Templates {
		ps := make([][2]string, len(t.Parts))
		for i, p := range t.Parts {
			ps[i] = [2]string{normTitle(p.ID), normTitle(p.EN)}
		}
		out[name] = ps
	}
	return out
}

func (v *validator) document(d *model.Document) {
	clauses := v.docs.clauses
	w := func(key string) i18n.Where { return v.where(d.Front, d.Rec, key) }
	version := d.Meta("version")
	if n := len(d.History); n > 0 && version != "" {
		newest := d.History[n-1]
		// the newest entry is the last one, or the first when the list is newest-first
		if newest.Version != version && d.History[0].Version != version {
			wh := w("revision_history")
			wh.Line = newest.Line
			wh.Value = newest.Version
			v.rep.Report("revision-history-mismatch", wh, map[string]string{"version": version})
		}
	}
	if s := d.Meta("supersedes"); s != "" && s == d.DocID {
		v.rep.Report("supersedes-self", w("supersedes"), nil)
	}
	if c := d.Cell("clauses"); c.Present() {
		for _, cl := range c.Items(false) {
			if !clauses[cl] {
				wh := w("clauses")
				p := d.Front.ItemPosOf(d.Rec, "clauses", cl)
				wh.Line, wh.Col = p.Line, p.Col
				wh.Value = cl
				v.rep.Report("unknown-clause", wh, nil)
			}
		}
	}
	if t := d.Meta("template"); t != "" {
		v.template(d, t)
	}
	if d.Meta("doc_type") == "sop" {
		if d.SOP == nil {
			wh := w("doc_type")
			v.rep.Report("sop-missing", wh, nil)
		} else {
			v.sop(d)
			v.sopApproved(d)
			v.sopFrontMatter(d)
		}
	}
	v.links(d)
	v.docRules(d)
}

// normTitle lower-cases, drops numbering and punctuation, folds spaces: the
// runs of letters and digits, one space apart.
func normTitle(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = s[numberingLen(s):]
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte(' ')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// numberingWords may precede the number of a heading.
var numberingWords = [...]string{"bab", "bagian", "section", "chapter"}

// numberingLen returns the length of the numbering a lower-cased heading
// starts with, 0 when none: what the regular expression
//
//	^(?:(?:bab|bagian|section|chapter)\s+)?(?:[0-9]+(?:\.[0-9]+)*|[ivxlcdm]+|[a-z])[.)]\s+|^[0-9]+(?:\.[0-9]+)*\s+
//
// matches ("1. ", "2.3 ", "bab iv) ", "a. "), without a regular expression:
// it runs on every heading of every document with a template.
func numberingLen(s string) int {
	for _, w := range numberingWords {
		if strings.HasPrefix(s, w) {
			if n := spaceLen(s[len(w):]); n > 0 {
				if m := numberMarkLen(s[len(w)+n:]); m > 0 {
					return len(w) + n + m
				}
			}
		}
	}
	if m := numberMarkLen(s); m > 0 {
		return m
	}
	// a number followed by white space, without a mark: "2.3 Sasaran"
	for k := digitChainLen(s, 0); k > 0; k = digitChainLen(s, k) {
		if n := spaceLen(s[k:]); n > 0 {
			return k + n
		}
	}
	return 0
}

// numberMarkLen matches (?:[0-9]+(?:\.[0-9]+)*|[ivxlcdm]+|[a-z])[.)]\s+ at the start of s.
func numberMarkLen(s string) int {
	mark := func(k int) int { // [.)]\s+ at k
		if k < len(s) && (s[k] == '.' || s[k] == ')') {
			if n := spaceLen(s[k+1:]); n > 0 {
				return k + 1 + n
			}
		}
		return 0
	}
	if s == "" {
		return 0
	}
	if isDigit(s[0]) {
		for k := digitChainLen(s, 0); k > 0; k = digitChainLen(s, k) {
			if m := mark(k); m > 0 {
				return m
			}
		}
		return 0
	}
	k := 0
	for k < len(s) && strings.IndexByte("ivxlcdm", s[k]) >= 0 {
		k++
	}
	if k > 0 {
		if m := mark(k); m > 0 {
			return m
		}
	}
	if 'a' <= s[0] && s[0] <= 'z' {
		return mark(1)
	}
	return 0
}

// digitChainLen returns the ends of the chains [0-9]+(?:\.[0-9]+)* at the
// start of s, longest first: called with 0 it returns the longest; called with
// the previous end, the next shorter one; 0 when there is none.
func digitChainLen(s string, prev int) int {
	end, last := 0, 0 // the end of the chain so far, and of the one before it
	for i := 0; i < len(s) && isDigit(s[i]); {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		last, end = end, j
		if prev > 0 && end == prev {
			return last
		}
		if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
			i = j + 1
			continue
		}
		break
	}
	if prev > 0 {
		return 0
	}
	return end
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// spaceLen returns the length of the white space (\s: tab, newline, form
// feed, carriage return, space) s starts with.
func spaceLen(s string) int {
	n := 0
	for n < len(s) {
		switch s[n] {
		case ' ', '\t', '\n', '\f', '\r':
			n++
			continue
		}
		break
	}
	return n
}

// HeadingMatches reports whether heading text stands for a template part title.
func HeadingMatches(heading, part string) bool {
	return normMatches(normTitle(heading), normTitle(part))
}

// normMatches is HeadingMatches of texts already normalized by normTitle.
func normMatches(h, p string) bool {
	return p != "" && (h == p || strings.HasPrefix(h, p+" "))
}

func (v *validator) template(d *model.Document, name string) {
	t := v.site.Schemas.Templates[name]
	if t == nil {
		v.rep.Report("unknown-template", v.where(d.Front, d.Rec, "template"), nil)
		return
	}
	for _, key := range t.RequiresFrontMatter {
		if d.Meta(key) == "" {
			wh := v.where(d.Front, d.Rec, "template")
			wh.Field, wh.Value, wh.Clause = key, "", t.Clause
			v.rep.Report("template-front-matter-missing", wh, map[string]string{"template": t.Label.In(v.rep.Lang)})
		}
	}
	var buf [16]string
	heads := buf[:0] // normalized once, not once per part
	for _, h := range d.Headings {
		heads = append(heads, normTitle(h.Text))
	}
	parts := v.docs.parts[name]
	for i, p := range t.Parts {
		found := false
		pid, pen := parts[i][0], parts[i][1]
		for _, h := range heads {
			if normMatches(h, pid) || normMatches(h, pen) {
				found = true
				break
			}
		}
		if !found {
			part := p.ID
			if v.rep.Lang == "en" && p.EN != "" {
				part = p.EN
			}
			wh := v.where(d.Front, d.Rec, "template")
			wh.Clause = t.Clause
			v.rep.Report("template-part-missing", wh, map[string]string{"template": name, "part": part})
		}
	}
}

// ResolveLink classifies and resolves one link of document d (without reporting).
// It returns the finding code and reason when the link is broken or unsafe.
func ResolveLink(site *model.Site, d *model.Document, l *model.Link) (code string, reason resolve.LinkReason) {
	return resolve.ResolveLink(site, d, l)
}

func (v *validator) links(d *model.Document) {
	for i := range d.Links {
		l := &d.Links[i]
		image := l.Kind == "image"
		code, why := ResolveLink(v.site, d, l)
		reason := why.In(v.rep.Lang)
		if image && l.Kind == "file" {
			l.Kind = "image"
		}
		if code == "" && (l.Kind == "file" || l.Kind == "image") {
			if pr := v.attachment(l.File); pr != nil {
				code, reason = pr.Code, pr.In(v.rep.Lang)
			}
		}
		if code == "" {
			continue
		}
		w := i18n.Where{File: d.Path, Line: l.Line, Col: l.Col, Record: d.DocID, Value: l.Dest}
		v.rep.Report(code, w, map[string]string{"reason": reason})
	}
}

// attachment returns the verdict on a linked file of the site, checking each
// file once however many documents link it.
func (v *validator) attachment(file string) *attach.Problem {
	sh := &v.docs
	sh.mu.Lock()
	r := sh.attached[file]
	if r == nil {
		r = &attachResult{}
		sh.attached[file] = r
	}
	sh.mu.Unlock()
	r.once.Do(func() { r.pr = CheckAttachment(v.site, file) })
	return r.pr
}

// sop checks the SOP AP rules.
func (v *validator) sop(d *model.Document) {
	s := d.SOP
	at := func(line int, args map[string]string, code string, value string) {
		a := make(map[string]string, len(args)+1) // Report fills in value: never share one map between findings
		for k, x := range args {
			a[k] = x
		}
		v.rep.Report(code, i18n.Where{File: d.Path, Line: line, Record: d.DocID, Field: "sop", Value: value}, a)
	}
	if s.ApprovedBy.NIP != "" {
		nip := strings.ReplaceAll(s.ApprovedBy.NIP, " ", "")
		if len(nip) != 18 || strings.Trim(nip, "0123456789") != "" {
			at(s.LineOf("approved_by.nip"), nil, "sop-bad-nip", s.ApprovedBy.NIP)
		}
	}
	for _, key := range []struct{ v, k string }{{s.Number, "number"}, {s.Name, "name"}} {
		if key.v == "" {
			at(s.Line, map[string]string{"error": "sop." + key.k + " is required"}, "sop-invalid", "")
		}
	}
	if len(s.Actors) == 0 {
		at(s.Line, map[string]string{"error": "sop.actors is required"}, "sop-invalid", "")
	}
	n := len(s.Steps)
	if n == 0 {
		at(s.Line, map[string]string{"error": "sop.steps is required"}, "sop-invalid", "")
		return
	}
	if k := s.Steps[0].Kind; k != "start" {
		at(s.Steps[0].LineOf("kind"), nil, "sop-first-not-start", k)
	}
	if k := s.Steps[n-1].Kind; k != "end" {
		at(s.Steps[n-1].LineOf("kind"), nil, "sop-last-not-end", k)
	}
	actors := map[string]bool{}
	for _, a := range s.Actors {
		actors[a] = true
	}
	for _, st := range s.Steps {
		num := fmt.Sprint(st.Num)
		args := map[string]string{"step": num}
		if st.Activity == "" && st.Actor == "" && st.Kind == "" && st.Time == "" {
			continue // a step that was no mapping: the loader reported it
		}
		if st.Activity == "" {
			at(st.Line, map[string]string{"error": "step " + num + ": activity is required"}, "sop-invalid", "")
		}
		switch st.Kind {
		case "start", "process", "decision", "end":
		default:
			at(st.LineOf("kind"), args, "sop-bad-kind", st.Kind)
		}
		if len(s.Actors) > 0 && !actors[st.Actor] {
			at(st.LineOf("actor"), args, "sop-unknown-actor", st.Actor)
		}
		if st.Time != "" && st.Minutes == 0 {
			at(st.LineOf("time"), args, "sop-bad-time", st.Time)
		}
		for _, j := range []struct {
			name string
			to   int
		}{{"yes", st.Yes}, {"no", st.No}, {"next", st.Next}} {
			if j.to != 0 && (j.to < 1 || j.to > n) {
				at(st.LineOf(j.name), map[string]string{"step": num, "field": j.name}, "sop-bad-jump", fmt.Sprint(j.to))
			}
		}
		if st.Kind == "decision" && (st.Yes == 0 || st.No == 0 || st.Yes == st.No) {
			at(st.LineOf("kind"), args, "sop-decision-exits", "")
		}
	}
	// reachability from step 1
	seen := make([]bool, n+1)
	stack := []int{1}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i < 1 || i > n || seen[i] {
			continue
		}
		seen[i] = true
		stack = append(stack, Successors(s, i)...)
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			at(s.Steps[i-1].Line, map[string]string{"step": fmt.Sprint(i)}, "sop-unreachable", "")
		}
	}
}

// Successors returns the steps that follow step i (1-based) in the flowchart.
func Successors(s *model.SOP, i int) []int { return s.Successors(i) }

// CheckAttachment checks a linked file of the site (one that ResolveLink
// resolved to Kind "file"): where it lies, its type and its content (see
// package attach). Files a renderer does not publish as they are (register
// sources, which become register pages) are not checked. exclude names the
// output folders; the site's output/ is always excluded.
func CheckAttachment(site *model.Site, file string, exclude ...string) *attach.Problem {
	for _, reg := range site.Registers {
		if reg.Path == file {
			return nil
		}
	}
	if !strings.HasPrefix(file, "content/") {
		return nil // only files of content/ are ever published
	}
	return attach.Check(site.Root, file, append(exclude, filepath.Join(site.Root, "output"))...)
}
