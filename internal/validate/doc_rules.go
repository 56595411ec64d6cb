package validate

import (
	"bytes"
	"slices"
	"strings"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// docRules runs the document-control rules that read a document as a whole.
// Its own links must be resolved already.
func (v *validator) docRules(d *model.Document) {
	v.approvedInFuture(d)
	v.obsoleteLinks(d)
	v.placeholders(d)
}

// approvedInFuture: a document cannot have been approved after today.
func (v *validator) approvedInFuture(d *model.Document) {
	c := d.Cell("approved_date")
	if v.today.IsZero() || !c.Valid() || !c.Time().After(v.today) {
		return
	}
	v.rep.Report("approved-date-future", v.where(d.Front, d.Rec, "approved_date"), map[string]string{"today": v.today.Format("2006-01-02")})
}

// obsoleteLinks: an approved document links to an obsolete one (ISO/IEC
// 20000-1 7.5.3: the unintended use of obsolete documented information is
// prevented), at the link in the approved document.
func (v *validator) obsoleteLinks(d *model.Document) {
	if len(v.docs.obsolete) == 0 || !d.Approved() {
		return
	}
	for i := range d.Links {
		l := &d.Links[i]
		if l.Kind != "doc" {
			continue
		}
		t := v.docs.obsolete[l.DocID]
		if t == nil || t == d {
			continue
		}
		w := i18n.Where{File: d.Path, Line: l.Line, Col: l.Col, Record: d.DocID, Value: l.Dest}
		v.rep.Report("obsolete-document-linked", w, map[string]string{"target": t.DocID})
	}
}

// Placeholders are the marks `smsgen new` writes where something must be filled in.
var Placeholders = []string{"WAJIB DIISI", "TO FILL IN"}

func placeholderIn(s string) string {
	for _, p := range Placeholders {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// placeholders reports every place of a document that still holds one of
// smsgen's own placeholders: an error once approved, a warning before. Front
// matter is read as loaded (so comments, which `smsgen new` also marks, do not
// count), the body line by line.
func (v *validator) placeholders(d *model.Document) {
	p := placeholderReport{v: v, d: d, code: "placeholder-unfilled"}
	p.seen = p.seenBuf[:0]
	if d.Approved() {
		p.code = "placeholder-in-approved"
	}
	if d.Front != nil && d.Rec != nil {
		for _, f := range d.Front.Schema.Fields {
			c := d.Rec.Cell(f.Index)
			if f.Type == schema.History || f.Type == schema.SOP || placeholderIn(c.Raw) == "" {
				continue
			}
			line, col := int(c.Line), int(c.Col)
			if f.List {
				for _, it := range d.Rec.Items {
					if it.Field == f.Index && placeholderIn(it.Text) != "" {
						line, col = int(it.Line), int(it.Col)
						break
					}
				}
			}
			p.report(line, col, f.Key, c.Raw)
		}
		for _, x := range d.Rec.Extra {
			if placeholderIn(x.Value) != "" {
				p.report(int(x.Line), int(x.Col), x.Key, x.Value)
			}
		}
	}
	for _, h := range d.History {
		for _, s := range [...]string{h.Version, h.Date, h.Author, h.Summary} {
			if placeholderIn(s) != "" {
				p.report(h.Line, 0, "revision_history", s)
				break
			}
		}
	}
	if s := d.SOP; s != nil {
		for _, x := range [...]struct{ key, val string }{
			{"number", s.Number}, {"created_date", s.CreatedDate}, {"revision_date", s.RevisionDate},
			{"effective_date", s.EffectiveDate}, {"name", s.Name}, {"approved_by.position", s.ApprovedBy.Position},
			{"approved_by.name", s.ApprovedBy.Name}, {"approved_by.nip", s.ApprovedBy.NIP},
		} {
			if placeholderIn(x.val) != "" {
				p.report(s.LineOf(x.key), 0, "sop."+x.key, x.val)
			}
		}
		for _, l := range [...]struct {
			key   string
			items []string
		}{{"legal_basis", s.LegalBasis}, {"qualifications", s.Qualifications}, {"related", s.Related},
			{"equipment", s.Equipment}, {"warnings", s.Warnings}, {"records", s.Records}, {"actors", s.Actors}} {
			key := l.key
			for i, it := range l.items {
				if placeholderIn(it) == "" {
					continue
				}
				line := s.LineOf(key)
				if ls := s.ItemLines[key]; i < len(ls) {
					line = ls[i]
				}
				p.report(line, 0, "sop."+key, it)
			}
		}
		for _, st := range s.Steps {
			for _, x := range [...]struct{ key, val string }{
				{"activity", st.Activity}, {"actor", st.Actor}, {"kind", st.Kind}, {"time", st.Time},
				{"output", st.Output}, {"notes", st.Notes}, {"yes_label", st.YesLabel}, {"no_label", st.NoLabel},
			} {
				if placeholderIn(x.val) != "" {
					p.report(st.LineOf(x.key), 0, "sop.steps."+x.key, x.val)
				}
			}
			// the requirements as one text, one item a line (no mark spans two)
			for _, r := range st.Requirements {
				if placeholderIn(r) != "" {
					p.report(st.LineOf("requirements"), 0, "sop.steps.requirements", strings.Join(st.Requirements, "\n"))
					break
				}
			}
		}
	}
	p.body(d.Body, d.BodyLine)
}

// placeholderReport reports the placeholders of one document, one finding a line.
type placeholderReport struct {
	v       *validator
	d       *model.Document
	code    string
	seen    []int // lines reported: few, so a slice, not a map
	seenBuf [8]int
}

func (p *placeholderReport) report(line, col int, field, value string) {
	if slices.Contains(p.seen, line) {
		return
	}
	p.seen = append(p.seen, line)
	w := i18n.Where{File: p.d.Path, Line: line, Col: col, Record: p.d.DocID, Field: field, Value: value}
	p.v.rep.Report(p.code, w, map[string]string{"mark": placeholderIn(value)})
}

// body reports the lines of a body (its first line is line) holding a mark.
// The body is searched whole for each mark; only from the first line holding
// one is it read line by line.
func (p *placeholderReport) body(b []byte, line int) {
	first := -1
	for _, m := range Placeholders {
		if i := bytes.Index(b, []byte(m)); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return
	}
	start := bytes.LastIndexByte(b[:first], '\n') + 1
	line += bytes.Count(b[:start], []byte{'\n'})
	for rest := b[start:]; ; line++ {
		ln, after, more := bytes.Cut(rest, []byte{'\n'})
		for _, m := range Placeholders {
			if bytes.Contains(ln, []byte(m)) {
				p.report(line, 0, "", strings.TrimSpace(string(ln)))
				break
			}
		}
		if !more {
			return
		}
		rest = after
	}
}
