package resolve

import (
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// docControl lists the front-matter fields of a document's control table, in
// order, the same in every output; optional ones are left out when empty,
// the others shown as not set.
var docControl = []struct {
	key      string
	optional bool
}{
	{"doc_id", false}, {"title", false}, {"doc_type", false}, {"version", false}, {"status", false},
	{"classification", false}, {"owner", false}, {"reviewed_by", false}, {"approved_by", false},
	{"approver_authority", true}, {"approver_nip", true}, {"approved_date", false}, {"effective_date", false}, {"next_review", false},
	{"supersedes", true}, {"clauses", true}, {"distribution", true},
}

// ControlRow is one row of a document's control table.
type ControlRow struct {
	Field *schema.Field
	Set   bool // the document gives a value
	// Overdue: the date is past due (a field with past_warning, before today).
	Overdue bool
}

// DocControl returns the rows of the document-control table of d.
func (s *Site) DocControl(d *model.Document) []ControlRow {
	if d.Front == nil || d.Rec == nil {
		return nil
	}
	var out []ControlRow
	for _, k := range docControl {
		f := d.Front.Schema.Field(k.key)
		if f == nil || f.Index >= len(d.Rec.Cells) {
			continue
		}
		set := d.Rec.Cells[f.Index].Present()
		if !set && k.optional {
			continue
		}
		out = append(out, ControlRow{Field: f, Set: set, Overdue: s.DocOverdue(d, f.Key)})
	}
	return out
}

// DocOverdue reports whether a date field of a document is past due.
func (s *Site) DocOverdue(d *model.Document, key string) bool { return s.docOverdue[d][key] }

// RecordOverdue reports whether a date field of a record is past due.
func (s *Site) RecordOverdue(rec *model.Record, key string) bool { return s.recOverdue[rec][key] }
