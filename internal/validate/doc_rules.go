package validate

import (
	"bytes"
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
	if !d.Approved() {
		return
	}
	for i := range d.Links {
		l := &d.Links[i]
		if l.Kind != "doc" {
			continue
		}
		t := v.site.DocByID[l.DocID]
		if t == nil || t == d || t.Meta("status") != "obsolete" {
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
	code := "placeholder-unfilled"
	if d.Approved() {
		code = "placeholder-in-approved"
	}
	seen := map[int]bool{} // one finding per line
	report := func(line, col int, field, value string) {
		if seen[line] {
			return
		}
		seen[line] = true
		w := i18n.Where{File: d.Path, Line: line, Col: col, Record: d.DocID, Field: field, Value: value}
		v.rep.Report(code, w, map[string]string{"mark": placeholderIn(value)})
	}
	if d.Front != nil && d.Rec != nil {
		for _, f := range d.Front.Schema.Fields {
			c := &d.Rec.Cells[f.Index]
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
			report(line, col, f.Key, c.Raw)
		}
		for _, x := range d.Rec.Extra {
			if placeholderIn(x.Value) != "" {
				report(int(x.Line), int(x.Col), x.Key, x.Value)
			}
		}
	}
	for _, h := range d.History {
		for _, s := range []string{h.Version, h.Date, h.Author, h.Summary} {
			if placeholderIn(s) != "" {
				report(h.Line, 0, "revision_history", s)
				break
			}
		}
	}
	if s := d.SOP; s != nil {
		for _, x := range []struct{ key, val string }{
			{"number", s.Number}, {"created_date", s.CreatedDate}, {"revision_date", s.RevisionDate},
			{"effective_date", s.EffectiveDate}, {"name", s.Name}, {"approved_by.position", s.ApprovedBy.Position},
			{"approved_by.name", s.ApprovedBy.Name}, {"approved_by.nip", s.ApprovedBy.NIP},
		} {
			if placeholderIn(x.val) != "" {
				report(s.LineOf(x.key), 0, "sop."+x.key, x.val)
			}
		}
		for _, l := range []struct {
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
				report(line, 0, "sop."+key, it)
			}
		}
		for _, st := range s.Steps {
			for _, x := range []struct{ key, val string }{
				{"activity", st.Activity}, {"actor", st.Actor}, {"kind", st.Kind}, {"time", st.Time},
				{"output", st.Output}, {"notes", st.Notes}, {"yes_label", st.YesLabel}, {"no_label", st.NoLabel},
				{"requirements", strings.Join(st.Requirements, "\n")},
			} {
				if placeholderIn(x.val) != "" {
					report(st.LineOf(x.key), 0, "sop.steps."+x.key, x.val)
				}
			}
		}
	}
	for i, ln := range bytes.Split(d.Body, []byte("\n")) {
		for _, p := range Placeholders {
			if bytes.Contains(ln, []byte(p)) {
				report(d.BodyLine+i, 0, "", strings.TrimSpace(string(ln)))
				break
			}
		}
	}
}
