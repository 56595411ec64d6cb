package validate

import (
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// The rules of the management system around the processes (ISO/IEC 20000-1
// clauses 9 and 10; KMK 395/2023 Lampiran I D.5 and D.6): a yearly internal
// audit, a yearly management review, corrective actions within their due date,
// and source references that resolve.

// sourceRegisters maps the source enum of nonconformities and improvements to
// the registers a source_ref of that source may name.
var sourceRegisters = map[string]map[string][]string{
	"nonconformities": {
		"audit":     {"audits"},
		"review":    {"management_reviews"},
		"incident":  {"incidents"},
		"complaint": {"complaints"},
	},
	"improvements": {
		"audit":         {"audits"},
		"review":        {"management_reviews"},
		"nonconformity": {"nonconformities"},
		"incident":      {"incidents", "problems"},
		"complaint":     {"complaints"},
		"survey":        {"satisfaction_surveys"},
	},
}

// managementSystem runs the rules of clauses 9 and 10 on the registers present.
// An absent register is a coverage gap, not a finding: the overdue rules judge
// only the records a site keeps.
func (v *validator) managementSystem() {
	s := v.site
	if r := s.Registers["audits"]; r != nil {
		var internal func(*model.Record) bool
		if r.Schema.Field("kind") != nil { // a site schema replacing the built-in one may drop it: then every audit counts
			internal = func(rec *model.Record) bool { return r.Value(rec, "kind") == "internal" }
		}
		v.yearly(r, "internal-audit-overdue", "conducted_date", internal)
	}
	if r := s.Registers["management_reviews"]; r != nil {
		v.yearly(r, "management-review-overdue", "meeting_date", nil)
	}
	if r := s.Registers["nonconformities"]; r != nil {
		v.correctiveActions(r)
	}
	for _, name := range []string{"improvements", "nonconformities"} {
		if r := s.Registers[name]; r != nil {
			v.sourceRefs(r, sourceRegisters[name])
		}
	}
}

// yearly reports code when no record that counts holds a date in dateKey
// within the 12 months up to today. The finding is at the newest such date, or
// at the register file when there is none. Dates after today are not yet
// evidence (a planned meeting written ahead) and are left out.
func (v *validator) yearly(r *model.Register, code, dateKey string, counts func(*model.Record) bool) {
	if v.today.IsZero() || r.Schema.Field(dateKey) == nil {
		return
	}
	var newest time.Time
	var at *model.Record
	for _, rec := range r.Records {
		if counts != nil && !counts(rec) {
			continue
		}
		c := r.Get(rec, dateKey)
		if !c.Valid() || c.Time().After(v.today) {
			continue
		}
		if t := c.Time(); at == nil || t.After(newest) {
			newest, at = t, rec
		}
	}
	since := v.today.AddDate(-1, 0, 0)
	if at != nil && !newest.Before(since) {
		return
	}
	en := v.rep.Lang == "en"
	if at == nil {
		detail := "belum ada yang tercatat sampai hari ini"
		if en {
			detail = "none is recorded up to today"
		}
		v.rep.Report(code, i18n.Where{File: r.Path, Register: r.Name, Clause: r.Schema.Clause}, map[string]string{"detail": detail})
		return
	}
	w := v.where(r, at, dateKey)
	w.Clause = r.Schema.Clause
	detail := "terakhir " + newest.Format("2006-01-02") + ", " + at.ID
	if en {
		detail = "the last was " + at.ID + " on " + newest.Format("2006-01-02")
	}
	v.rep.Report(code, w, map[string]string{"detail": detail})
}

// correctiveActions reports every nonconformity still open (no closed_date)
// after its due date, at the due date.
func (v *validator) correctiveActions(r *model.Register) {
	if v.today.IsZero() {
		return
	}
	for _, rec := range r.Records {
		if r.Get(rec, "closed_date").Present() {
			continue
		}
		due := r.Get(rec, "due_date")
		if !due.Valid() || !v.today.After(due.Time()) {
			continue
		}
		w := v.where(r, rec, "due_date")
		w.Value = due.Time().Format("2006-01-02")
		w.Clause = r.Schema.Clause
		v.rep.Report("corrective-action-overdue", w, nil)
	}
}

// sourceRefs checks that a source_ref names a record of the register its
// source stands for, when that register is kept and holds records.
func (v *validator) sourceRefs(r *model.Register, sources map[string][]string) {
	if r.Schema.Field("source_ref") == nil || r.Schema.Field("source") == nil {
		return
	}
	for _, rec := range r.Records {
		ref := r.Value(rec, "source_ref")
		targets := sources[r.Value(rec, "source")]
		if ref == "" || len(targets) == 0 {
			continue
		}
		kept, found := "", false
		for _, name := range targets {
			t := v.site.Registers[name]
			if t == nil || len(t.Records) == 0 {
				continue
			}
			if kept == "" {
				kept = name
			}
			if _, ok := t.ByID[ref]; ok {
				found = true
			}
		}
		if kept != "" && !found {
			w := v.where(r, rec, "source_ref")
			w.Value = ref
			v.rep.Report("broken-reference", w, map[string]string{"target": kept})
		}
	}
}
