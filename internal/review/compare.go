package review

import (
	"bytes"
	"reflect"
	"sort"
	"strings"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// Rev names one side of a comparison.
type Rev struct {
	Name        string `json:"name"`             // as given (origin/main, HEAD~1) or "working tree"
	Commit      string `json:"commit,omitempty"` // full id ("" for the working tree)
	WorkingTree bool   `json:"working_tree,omitempty"`
}

// Report is what changed between two revisions of a site.
type Report struct {
	Lang       string         `json:"lang"`
	Base       Rev            `json:"base"`
	Head       Rev            `json:"head"`
	Documents  DocChanges     `json:"documents"`
	Registers  []*RegChange   `json:"registers"`
	Introduced []diag.Finding `json:"-"`
	Fixed      []diag.Finding `json:"-"`
	// Counts of findings on each side.
	BaseErrors, BaseWarnings int `json:"-"`
	HeadErrors, HeadWarnings int `json:"-"`
}

// DocChanges are the documents added, removed, changed and only moved.
type DocChanges struct {
	Added   []DocInfo    `json:"added"`
	Removed []DocInfo    `json:"removed"`
	Changed []*DocChange `json:"changed"`
	Moved   []*DocChange `json:"moved"` // same doc_id and content, another path
}

// DocInfo identifies a document.
type DocInfo struct {
	ID      string `json:"doc_id"`
	Title   string `json:"title"`
	Path    string `json:"path"`
	Version string `json:"version"`
	Status  string `json:"status"` // label in the report's language
}

// DocChange is a changed (or moved) document.
type DocChange struct {
	ID         string          `json:"doc_id"`
	Title      string          `json:"title"`
	Path       string          `json:"path"`
	OldPath    string          `json:"old_path,omitempty"` // set when moved
	OldVersion string          `json:"old_version"`
	NewVersion string          `json:"new_version"`
	OldStatus  string          `json:"old_status"`
	NewStatus  string          `json:"new_status"`
	Fields     []FieldChange   `json:"fields,omitempty"`   // front matter, besides version and status
	Sections   []SectionChange `json:"sections,omitempty"` // body, by heading
	// Content reports a change beyond the approval and review fields.
	Content bool `json:"content_changed"`
}

// FieldChange is one changed field: display values in the report's language.
type FieldChange struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// SectionChange is a section of a body (the text under one heading).
type SectionChange struct {
	Heading string `json:"heading"` // "" for the text before the first heading
	Kind    string `json:"kind"`    // added, removed, changed
	Added   int    `json:"lines_added"`
	Removed int    `json:"lines_removed"`
}

// RegChange is what changed in one register.
type RegChange struct {
	Name    string       `json:"name"`
	Label   string       `json:"label"`
	Path    string       `json:"path"`
	OldPath string       `json:"old_path,omitempty"`
	New     bool         `json:"new_register,omitempty"`
	Gone    bool         `json:"removed_register,omitempty"`
	Added   []RecInfo    `json:"added"`
	Removed []RecInfo    `json:"removed"`
	Changed []*RecChange `json:"changed"`
}

// RecInfo identifies a record.
type RecInfo struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// RecChange is a changed record with each changed field.
type RecChange struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Fields []FieldChange `json:"fields"`
}

// approvalFields may change without a new version: approving or reviewing a
// version records a decision about it and does not change its content.
var approvalFields = map[string]bool{"status": true, "reviewed_by": true, "approved_by": true,
	"approver_authority": true, "approver_nip": true, "approved_date": true, "effective_date": true, "next_review": true}

// compareSites fills the document and register changes of rep and returns
// the version-control findings of the head side, reported through r.
func compareSites(rep *Report, base, head *model.Site, r *i18n.Reporter, baseName string) (moves map[string]string) {
	lang := rep.Lang
	moves = map[string]string{}
	pairs, added, removed := pairDocs(base, head)
	for _, p := range pairs {
		b, h := p[0], p[1]
		ch := diffDoc(b, h, lang)
		if b.Path != h.Path {
			moves[b.Path] = h.Path
			ch.OldPath = b.Path
		}
		versionRules(b, h, ch, r, baseName)
		switch {
		case len(ch.Fields) > 0 || len(ch.Sections) > 0 || ch.OldVersion != ch.NewVersion || ch.OldStatus != ch.NewStatus:
			rep.Documents.Changed = append(rep.Documents.Changed, ch)
		case ch.OldPath != "":
			rep.Documents.Moved = append(rep.Documents.Moved, ch)
		}
	}
	for _, d := range added {
		rep.Documents.Added = append(rep.Documents.Added, docInfo(d, lang))
	}
	for _, d := range removed {
		rep.Documents.Removed = append(rep.Documents.Removed, docInfo(d, lang))
	}

	names := map[string]bool{}
	for n := range base.Registers {
		names[n] = true
	}
	for n := range head.Registers {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		rc := diffRegister(base.Registers[n], head.Registers[n], lang)
		if rc == nil {
			continue
		}
		if rc.OldPath != "" {
			moves[rc.OldPath] = rc.Path
		}
		if rc.New || rc.Gone || rc.OldPath != "" || len(rc.Added)+len(rc.Removed)+len(rc.Changed) > 0 {
			rep.Registers = append(rep.Registers, rc)
		}
	}
	return moves
}

// pairDocs matches documents by doc_id (so a moved or renamed file is a move,
// not a removal and an addition), then the rest by path.
func pairDocs(base, head *model.Site) (pairs [][2]*model.Document, added, removed []*model.Document) {
	idCount := func(s *model.Site) map[string]int {
		m := map[string]int{}
		for _, d := range s.Documents {
			if d.DocID != "" {
				m[d.DocID]++
			}
		}
		return m
	}
	bc, hc := idCount(base), idCount(head)
	usedB := map[*model.Document]bool{}
	usedH := map[*model.Document]bool{}
	for _, h := range head.Documents {
		if h.DocID == "" || hc[h.DocID] != 1 || bc[h.DocID] != 1 {
			continue
		}
		b := base.DocByID[h.DocID]
		if b != nil {
			pairs = append(pairs, [2]*model.Document{b, h})
			usedB[b], usedH[h] = true, true
		}
	}
	for _, h := range head.Documents {
		if usedH[h] {
			continue
		}
		if b := base.DocByPath[h.Path]; b != nil && !usedB[b] {
			pairs = append(pairs, [2]*model.Document{b, h})
			usedB[b], usedH[h] = true, true
			continue
		}
		added = append(added, h)
	}
	for _, b := range base.Documents {
		if !usedB[b] {
			removed = append(removed, b)
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i][1].Path < pairs[j][1].Path })
	return pairs, added, removed
}

func docInfo(d *model.Document, lang string) DocInfo {
	return DocInfo{ID: d.DocID, Title: d.Title, Path: d.Path, Version: d.Meta("version"), Status: statusLabel(d, lang)}
}

func statusLabel(d *model.Document, lang string) string {
	if d.Front == nil {
		return ""
	}
	if f := d.Front.Schema.Field("status"); f != nil {
		return f.EnumLabel(d.Meta("status"), lang)
	}
	return d.Meta("status")
}

// diffDoc compares two versions of a document.
func diffDoc(b, h *model.Document, lang string) *DocChange {
	ch := &DocChange{ID: h.DocID, Title: h.Title, Path: h.Path,
		OldVersion: b.Meta("version"), NewVersion: h.Meta("version"),
		OldStatus: statusLabel(b, lang), NewStatus: statusLabel(h, lang)}
	if h.Front != nil && b.Front != nil {
		for _, f := range fieldUnion(b.Front.Schema, h.Front.Schema) {
			if f.Key == "version" || f.Key == "status" {
				continue
			}
			var old, new string
			changed := false
			switch f.Type {
			case schema.History:
				changed = !sameHistory(b.History, h.History)
				old, new = historyChange(b.History, h.History)
			case schema.SOP:
				changed = !sameSOP(b.SOP, h.SOP)
				old, new = sopText(b.SOP, lang), sopText(h.SOP, lang)
			default:
				bc, hc := cellOf(b.Front, b.Rec, f.Key), cellOf(h.Front, h.Rec, f.Key)
				changed = !sameCell(f, bc, hc)
				old, new = display(b.Front, b.Rec, f.Key, lang), display(h.Front, h.Rec, f.Key, lang)
			}
			if changed {
				ch.Fields = append(ch.Fields, FieldChange{Key: f.Key, Label: f.Label.In(lang), Old: old, New: new})
				if !approvalFields[f.Key] {
					ch.Content = true
				}
			}
		}
		for _, e := range diffExtras(b.Rec.Extra, h.Rec.Extra) {
			ch.Fields = append(ch.Fields, e)
			ch.Content = true
		}
	}
	ch.Sections = diffSections(b, h)
	if len(ch.Sections) > 0 {
		ch.Content = true
	}
	return ch
}

// versionRules checks document control between the two versions of a document.
func versionRules(b, h *model.Document, ch *DocChange, r *i18n.Reporter, baseName string) {
	if r == nil || h.Front == nil {
		return
	}
	oldV, newV := ch.OldVersion, ch.NewVersion
	where := func(key string) i18n.Where {
		p := h.Front.PosOf(h.Rec, key)
		return i18n.Where{File: h.Path, Line: p.Line, Col: p.Col, Record: h.DocID, Field: key}
	}
	if oldV == "" || newV == "" {
		return // a missing version is a finding of validate already
	}
	cmp := CompareVersions(newV, oldV)
	if cmp < 0 {
		w := where("version")
		w.Value = newV
		r.Report("version-decreased", w, map[string]string{"old": oldV, "version": newV})
		return
	}
	if ch.Content && cmp == 0 && !drafting(b, h, newV) {
		w := where("version")
		w.Value = newV
		r.Report("version-not-bumped", w, map[string]string{"version": newV, "base": baseName})
	}
	if cmp > 0 && len(h.History) > 0 {
		has := false
		for _, e := range h.History {
			if CompareVersions(e.Version, newV) == 0 {
				has = true
				break
			}
		}
		if !has {
			w := where("revision_history")
			w.Value = newV
			r.Report("revision-history-missing-entry", w, map[string]string{"version": newV})
		}
	}
	if ch.Content && h.Approved() {
		f := h.Front.Schema.Field("approved_date")
		if f != nil && sameCell(f, cellOf(b.Front, b.Rec, "approved_date"), cellOf(h.Front, h.Rec, "approved_date")) {
			w := where("approved_date")
			w.Value = h.Meta("approved_date")
			r.Report("approval-date-not-updated", w, nil)
		}
	}
}

// fieldUnion returns the fields of the head schema, then those only the base schema has.
func fieldUnion(b, h *schema.Register) []*schema.Field {
	var out []*schema.Field
	seen := map[string]bool{}
	for _, s := range []*schema.Register{h, b} {
		if s == nil {
			continue
		}
		for _, f := range s.Fields {
			if !seen[f.Key] {
				seen[f.Key] = true
				out = append(out, f)
			}
		}
	}
	return out
}

func cellOf(reg *model.Register, rec *model.Record, key string) model.Val {
	if reg == nil || rec == nil {
		return model.Val{}
	}
	return reg.Get(rec, key)
}

// sameCell compares two values of a field: typed values when both parsed (so
// 2026-02-02 equals 02/02/2026), list items ignoring layout, else the text.
func sameCell(f *schema.Field, a, b model.Val) bool {
	ar, br := a.Raw, b.Raw
	if ar == "" || br == "" {
		return ar == br
	}
	if a.Valid() && b.Valid() && !f.List {
		switch f.Type {
		case schema.Integer, schema.Number, schema.Boolean, schema.Date, schema.DateTime, schema.Month:
			return a.Float() == b.Float()
		}
	}
	if f.List {
		refs := f.Type == schema.Ref || f.Type == schema.DocRef
		return reflect.DeepEqual(model.SplitList(ar, refs), model.SplitList(br, refs))
	}
	return ar == br
}

// display is the text of a field in lang (labels, formatted dates), list items joined by "; ".
func display(reg *model.Register, rec *model.Record, key string, lang string) string {
	if reg == nil || rec == nil {
		return ""
	}
	switch key {
	case "id":
		return rec.ID
	case "notes":
		return rec.Notes
	}
	f := reg.Schema.Field(key)
	if f == nil || f.Index >= len(rec.Cells) {
		return ""
	}
	return strings.ReplaceAll(localize.Value(reg, rec, f, lang), "\n", "; ")
}

func sameHistory(a, b []model.RevisionEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Version != y.Version || x.Date != y.Date || x.Author != y.Author || x.Summary != y.Summary {
			return false
		}
	}
	return true
}

// historyChange describes the revision history entries that differ (matched by version).
func historyChange(a, b []model.RevisionEntry) (old, new string) {
	entry := func(e model.RevisionEntry) string {
		s := e.Version + " (" + e.Date
		if e.Author != "" {
			s += ", " + e.Author
		}
		return s + "): " + e.Summary
	}
	index := func(h []model.RevisionEntry) map[string]model.RevisionEntry {
		m := map[string]model.RevisionEntry{}
		for _, e := range h {
			m[e.Version] = e
		}
		return m
	}
	am, bm := index(a), index(b)
	var olds, news []string
	for _, e := range a {
		if f, ok := bm[e.Version]; !ok || f.Date != e.Date || f.Author != e.Author || f.Summary != e.Summary {
			olds = append(olds, entry(e))
		}
	}
	for _, e := range b {
		if f, ok := am[e.Version]; !ok || f.Date != e.Date || f.Author != e.Author || f.Summary != e.Summary {
			news = append(news, entry(e))
		}
	}
	return strings.Join(olds, "; "), strings.Join(news, "; ")
}

func sameSOP(a, b *model.SOP) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	// where things were written is no content
	x.Line, y.Line = 0, 0
	x.Lines, y.Lines, x.ItemLines, y.ItemLines = nil, nil, nil, nil
	x.Steps = append([]model.SOPStep(nil), a.Steps...)
	y.Steps = append([]model.SOPStep(nil), b.Steps...)
	for i := range x.Steps {
		x.Steps[i].Line, x.Steps[i].Lines = 0, nil
	}
	for i := range y.Steps {
		y.Steps[i].Line, y.Steps[i].Lines = 0, nil
	}
	return reflect.DeepEqual(x, y)
}

func sopText(s *model.SOP, lang string) string {
	if s == nil {
		return ""
	}
	return i18n.Labelf(lang, "count_steps", len(s.Steps))
}

func diffExtras(a, b []model.Extra) []FieldChange {
	am, bm := map[string]string{}, map[string]string{}
	var keys []string
	for _, e := range a {
		am[e.Key] = e.Value
		keys = append(keys, e.Key)
	}
	for _, e := range b {
		if _, ok := am[e.Key]; !ok {
			keys = append(keys, e.Key)
		}
		bm[e.Key] = e.Value
	}
	sort.Strings(keys)
	var out []FieldChange
	for i, k := range keys {
		if i > 0 && keys[i-1] == k {
			continue
		}
		if am[k] != bm[k] {
			out = append(out, FieldChange{Key: k, Label: k, Old: am[k], New: bm[k]})
		}
	}
	return out
}

// section is the text under one heading (or before the first).
type section struct {
	key, heading string
	lines        []string
}

// sections splits a body at its headings; the key is the heading text (with
// an occurrence number when a heading repeats).
func sections(d *model.Document) []section {
	body := bytes.TrimRight(d.Body, "\n\t ")
	lines := strings.Split(string(body), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	var out []section
	seen := map[string]int{}
	start := 0
	cur := section{key: "\x00preamble"}
	for _, h := range d.Headings {
		i := h.Line - d.BodyLine // 0-based line of the heading in the body
		if i < start || i >= len(lines) {
			continue
		}
		cur.lines = lines[start:i]
		out = append(out, cur)
		text := strings.Join(strings.Fields(h.Text), " ")
		seen[text]++
		key := text
		if n := seen[text]; n > 1 {
			key += "\x00" + itoa(n)
		}
		cur = section{key: key, heading: text}
		start = i
	}
	cur.lines = lines[start:]
	out = append(out, cur)
	// drop an empty preamble
	if len(out) > 0 && out[0].key == "\x00preamble" && strings.TrimSpace(strings.Join(out[0].lines, "")) == "" {
		out = out[1:]
	}
	return out
}

// diffSections compares bodies per heading section, in the order of the head.
func diffSections(b, h *model.Document) []SectionChange {
	if bytes.Equal(bytes.TrimRight(b.Body, "\n\t "), bytes.TrimRight(h.Body, "\n\t ")) {
		return nil
	}
	bs, hs := sections(b), sections(h)
	bm := map[string]section{}
	for _, s := range bs {
		bm[s.key] = s
	}
	hm := map[string]bool{}
	var out []SectionChange
	for _, s := range hs {
		hm[s.key] = true
		old, ok := bm[s.key]
		if !ok {
			out = append(out, SectionChange{Heading: s.heading, Kind: "added", Added: countText(s.lines)})
			continue
		}
		add, rem := lineDiff(old.lines, s.lines)
		if add+rem > 0 {
			out = append(out, SectionChange{Heading: s.heading, Kind: "changed", Added: add, Removed: rem})
		}
	}
	for _, s := range bs {
		if !hm[s.key] {
			out = append(out, SectionChange{Heading: s.heading, Kind: "removed", Removed: countText(s.lines)})
		}
	}
	if len(out) == 0 { // only whitespace moved between sections
		out = append(out, SectionChange{Kind: "changed"})
	}
	return out
}

func countText(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// lineDiff counts the non-blank lines only in a (removed) and only in b
// (added), as multisets: exact for edits, insertions and deletions, and it
// does not count a moved line twice.
func lineDiff(a, b []string) (added, removed int) {
	m := map[string]int{}
	for _, l := range a {
		if strings.TrimSpace(l) != "" {
			m[l]++
		}
	}
	for _, l := range b {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if m[l] > 0 {
			m[l]--
		} else {
			added++
		}
	}
	for _, n := range m {
		removed += n
	}
	return added, removed
}

// diffRegister compares two versions of a register (either may be nil).
func diffRegister(b, h *model.Register, lang string) *RegChange {
	if b == nil && h == nil {
		return nil
	}
	ref := h
	if ref == nil {
		ref = b
	}
	rc := &RegChange{Name: ref.Name, Label: ref.Schema.Label.In(lang), Path: ref.Path}
	switch {
	case b == nil:
		rc.New = true
		for _, rec := range h.Records {
			rc.Added = append(rc.Added, RecInfo{rec.ID, h.Title(rec)})
		}
		return rc
	case h == nil:
		rc.Gone = true
		for _, rec := range b.Records {
			rc.Removed = append(rc.Removed, RecInfo{rec.ID, b.Title(rec)})
		}
		return rc
	}
	if b.Path != h.Path {
		rc.OldPath = b.Path
	}
	fields := fieldUnion(b.Schema, h.Schema)
	seen := map[string]bool{}
	for _, rec := range h.Records {
		if rec.ID == "" || seen[rec.ID] {
			continue
		}
		seen[rec.ID] = true
		old := b.ByID[rec.ID]
		if old == nil {
			rc.Added = append(rc.Added, RecInfo{rec.ID, h.Title(rec)})
			continue
		}
		var fc []FieldChange
		for _, f := range fields {
			bc, hc := cellOf(b, old, f.Key), cellOf(h, rec, f.Key)
			if sameCell(f, bc, hc) {
				continue
			}
			fc = append(fc, FieldChange{Key: f.Key, Label: f.Label.In(lang), Old: display(b, old, f.Key, lang), New: display(h, rec, f.Key, lang)})
		}
		if old.Notes != rec.Notes {
			fc = append(fc, FieldChange{Key: "notes", Label: notesLabel(lang), Old: old.Notes, New: rec.Notes})
		}
		fc = append(fc, diffExtras(old.Extra, rec.Extra)...)
		if len(fc) > 0 {
			rc.Changed = append(rc.Changed, &RecChange{ID: rec.ID, Title: h.Title(rec), Fields: fc})
		}
	}
	bseen := map[string]bool{}
	for _, rec := range b.Records {
		if rec.ID == "" || bseen[rec.ID] {
			continue
		}
		bseen[rec.ID] = true
		if !seen[rec.ID] {
			rc.Removed = append(rc.Removed, RecInfo{rec.ID, b.Title(rec)})
		}
	}
	return rc
}

func notesLabel(lang string) string { return i18n.Label(lang, "notes") }

// findingKey identifies a finding across revisions: code, file, record, field
// and message, not its line (which moves with every edit above it).
func findingKey(f diag.Finding) string {
	return f.Code + "\x00" + f.File + "\x00" + f.Register + "\x00" + f.Record + "\x00" + f.Field + "\x00" + f.Message
}

// diffFindings returns the findings only in head (introduced) and only in
// base (fixed), counting repeats; base files are mapped through moves first.
func diffFindings(base, head []diag.Finding, moves map[string]string) (introduced, fixed []diag.Finding) {
	// an accepted finding is not open: accepting one fixes it, and one
	// accepted on both sides is no change
	base, head = openFindings(base), openFindings(head)
	count := map[string]int{}
	mapped := make([]diag.Finding, len(base))
	for i, f := range base {
		g := f
		if to, ok := moves[g.File]; ok {
			g.File = to
		}
		mapped[i] = g
		count[findingKey(g)]++
	}
	for _, f := range head {
		k := findingKey(f)
		if count[k] > 0 {
			count[k]--
			continue
		}
		introduced = append(introduced, f)
	}
	// what is left in count was not matched in head: fixed (reported at the base location)
	for i, f := range mapped {
		k := findingKey(f)
		if count[k] > 0 {
			count[k]--
			fixed = append(fixed, base[i])
		}
	}
	return introduced, fixed
}

// drafting reports whether a content change of h needs no new version: the
// document is still a draft (status draft, or a version below 1.0) and was not
// approved at the base, so filling in a draft takes as many commits as it
// needs. Changing an approved text always needs a new version, also when the
// change sets its status back to draft.
func drafting(b, h *model.Document, version string) bool {
	if b.Approved() {
		return false
	}
	return h.Meta("status") == "draft" || CompareVersions(version, "1.0") < 0
}

// openFindings returns the findings no document accepted.
func openFindings(fs []diag.Finding) []diag.Finding {
	out := fs[:0:0]
	for _, f := range fs {
		if f.Accepted == "" {
			out = append(out, f)
		}
	}
	return out
}
