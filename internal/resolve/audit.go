package resolve

// The facts of the audit pack: per register a summary (counts by status,
// priority and month), the exceptions an auditor samples first and the
// records of the audit period. Computed once, here; the PDFs only show them.

import (
	"sort"
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// Period is the audit period: the records dated From through To (both days included).
type Period struct{ From, To time.Time }

// DefaultPeriod is the last 12 months before today: from the day after the
// same date a year earlier through today.
func DefaultPeriod(today time.Time) Period {
	t := day(today)
	return Period{From: t.AddDate(-1, 0, 1), To: t}
}

// Contains reports whether t falls on a day of the period.
func (p Period) Contains(t time.Time) bool {
	d := day(t)
	return !d.Before(p.From) && !d.After(p.To)
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// Count is the number of records with one value of a field ("" for none).
type Count struct {
	Value string
	N     int
}

// maxMonths is the longest period whose every month is counted (zero
// included); a longer one counts only the months that have records.
const maxMonths = 36

// Month is the number of records dated in one month of the audit period.
type Month struct {
	Month time.Time // the first day of the month
	N     int
}

// Exception kinds, in the order the pack shows them.
const (
	ExOpenMajor = "open_major" // a major incident (or problem) not closed
	ExOverdue   = "overdue"    // a date past due (see Overdue)
	ExBreach    = "breach"     // a measured value past its target or threshold
	ExFailed    = "failed"     // a change, release or continuity test that failed
	ExEmergency = "emergency"  // an emergency change or release
)

// ExceptionKinds lists the exception kinds in the order they are shown.
var ExceptionKinds = []string{ExOpenMajor, ExOverdue, ExBreach, ExFailed, ExEmergency}

// Exception is a record an auditor samples first, and why.
type Exception struct {
	Kind   string
	Record *model.Record
	Field  *schema.Field // the field that makes it one (nil for a continuity test overdue)
}

// Audit is the audit facts of one register.
type Audit struct {
	Total       int
	StatusKey   string  // the status field ("" when the register has none)
	ByStatus    []Count // in the status field's order, then other values by name
	PriorityKey string  // the priority field ("" when none)
	ByPriority  []Count // in the field's order (enum) or ascending (numbers)
	ByMonth     []Month // every month of the period, oldest first (nil without a date field)
	// InPeriod lists the records dated in the period, newest first; Before
	// and After count the records dated outside it, Undated those without a
	// valid date (all records are "in" when the register has no date field).
	InPeriod               []*model.Record
	Before, After, Undated int
	Dated                  bool        // the register has a date field
	Exceptions             []Exception // by kind (ExceptionKinds), then record order
}

// Audit returns the audit facts of a register (empty ones for a register the site does not have).
func (s *Site) Audit(name string) *Audit {
	if a := s.audit[name]; a != nil {
		return a
	}
	return &Audit{}
}

// SetPeriod sets the audit period (`build --period`) and computes the audit
// facts for it again.
func (s *Site) SetPeriod(p Period) {
	s.Period = p
	s.resolveAudit()
}

func init() { addStep(func(s *Site) { s.SetPeriod(DefaultPeriod(s.Today)) }) }

func (s *Site) resolveAudit() {
	s.audit = make(map[string]*Audit, len(s.Site.Registers))
	overdue := map[string][]Overdue{}
	for _, o := range s.Overdue {
		if o.Register != "" {
			overdue[o.Register] = append(overdue[o.Register], o)
		}
	}
	for _, name := range s.RegisterNames() {
		s.audit[name] = s.registerAudit(s.Site.Registers[name], overdue[name])
	}
}

func (s *Site) registerAudit(reg *model.Register, overdue []Overdue) *Audit {
	a := &Audit{Total: len(reg.Records)}
	sch := reg.Schema
	if sch == nil {
		a.InPeriod = reg.Records
		return a
	}
	if f := sch.Field(sch.StatusField); f != nil {
		a.StatusKey = f.Key
		a.ByStatus = countBy(reg, f)
	}
	if f := sch.Field("priority"); f != nil && (f.Type == schema.Enum || f.Type == schema.Integer) {
		a.PriorityKey = f.Key
		a.ByPriority = countBy(reg, f)
	}
	df := sch.Field(sch.DateField)
	a.Dated = df != nil
	if !a.Dated {
		a.InPeriod = reg.Records
	} else {
		months := map[time.Time]int{}
		for _, rec := range reg.Records {
			if df.Index >= len(rec.Cells) || !rec.Cells[df.Index].Valid() {
				a.Undated++
				continue
			}
			t := rec.Cells[df.Index].Time()
			switch {
			case day(t).Before(s.Period.From):
				a.Before++
			case day(t).After(s.Period.To):
				a.After++
			default:
				a.InPeriod = append(a.InPeriod, rec)
				months[time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)]++
			}
		}
		sort.SliceStable(a.InPeriod, func(i, j int) bool {
			return a.InPeriod[i].Cells[df.Index].Time().After(a.InPeriod[j].Cells[df.Index].Time())
		})
		first := time.Date(s.Period.From.Year(), s.Period.From.Month(), 1, 0, 0, 0, 0, time.UTC)
		if span := (s.Period.To.Year()-first.Year())*12 + int(s.Period.To.Month()-first.Month()) + 1; span > 0 && span <= maxMonths {
			for m := first; !m.After(s.Period.To); m = m.AddDate(0, 1, 0) {
				a.ByMonth = append(a.ByMonth, Month{Month: m, N: months[m]})
			}
		} else { // a long period: the months that have records
			for m, n := range months {
				a.ByMonth = append(a.ByMonth, Month{Month: m, N: n})
			}
			sort.Slice(a.ByMonth, func(i, j int) bool { return a.ByMonth[i].Month.Before(a.ByMonth[j].Month) })
		}
	}
	a.Exceptions = s.exceptions(reg, overdue)
	return a
}

// countBy counts the records by the value of f.
func countBy(reg *model.Register, f *schema.Field) []Count {
	counts := map[string]int{}
	for _, rec := range reg.Records {
		v := ""
		if f.Index < len(rec.Cells) {
			v = rec.Raw(f.Index)
		}
		counts[v]++
	}
	var out []Count
	for _, e := range f.Values {
		if n := counts[e.Value]; n > 0 {
			out = append(out, Count{Value: e.Value, N: n})
			delete(counts, e.Value)
		}
	}
	var rest []Count
	for v, n := range counts {
		rest = append(rest, Count{Value: v, N: n})
	}
	sort.Slice(rest, func(i, j int) bool {
		a, b := rest[i].Value, rest[j].Value
		if (a == "") != (b == "") {
			return b == "" // no value last
		}
		if len(a) != len(b) && f.Type == schema.Integer {
			return len(a) < len(b)
		}
		return a < b
	})
	return append(out, rest...)
}

// exceptions lists the exceptions of a register by kind.
func (s *Site) exceptions(reg *model.Register, overdue []Overdue) []Exception {
	sch := reg.Schema
	rr := s.Register(reg.Name)
	byKind := map[string][]Exception{}
	add := func(kind string, rec *model.Record, f *schema.Field) {
		byKind[kind] = append(byKind[kind], Exception{Kind: kind, Record: rec, Field: f})
	}
	field := func(key string, t string) *schema.Field {
		if f := sch.Field(key); f != nil && f.Type == t && !f.List {
			return f
		}
		return nil
	}
	major := field("major", schema.Boolean)
	outcome := field("outcome", schema.Enum)
	result := field("result", schema.Enum)
	var emergency *schema.Field
	for _, k := range []string{"change_type", "release_type"} {
		if f := field(k, schema.Enum); f != nil {
			emergency = f
		}
	}
	// a measured value and its target: below a target, or above a threshold
	type limit struct {
		value, target string
		below         bool
	}
	var limits []limit
	for _, l := range []limit{{"actual_pct", "target_pct", true}, {"utilization_pct", "threshold_pct", false}} {
		if sch.Field(l.value) != nil && sch.Field(l.target) != nil {
			limits = append(limits, l)
		}
	}
	for _, rec := range reg.Records {
		if major != nil && major.Index < len(rec.Cells) && rec.Cells[major.Index].Bool() && !rr.Closed(rec) {
			add(ExOpenMajor, rec, major)
		}
		for _, l := range limits {
			v, ok1 := s.Value(reg, rec, l.value)
			t, ok2 := s.Value(reg, rec, l.target)
			if ok1 && ok2 && ((l.below && v < t) || (!l.below && v > t)) {
				add(ExBreach, rec, sch.Field(l.value))
			}
		}
		if outcome != nil {
			switch reg.Value(rec, outcome.Key) {
			case "failed", "rolled_back":
				add(ExFailed, rec, outcome)
			}
		}
		if result != nil && reg.Value(rec, result.Key) == "fail" {
			add(ExFailed, rec, result)
		}
		if emergency != nil && reg.Value(rec, emergency.Key) == "emergency" {
			add(ExEmergency, rec, emergency)
		}
	}
	seen := map[*model.Record]bool{}
	for _, o := range overdue {
		// an overdue date of a closed record is history, not an exception
		if o.Record == nil || rr.Closed(o.Record) || seen[o.Record] {
			continue
		}
		seen[o.Record] = true
		add(ExOverdue, o.Record, o.Field)
	}
	var out []Exception
	for _, k := range ExceptionKinds {
		out = append(out, byKind[k]...)
	}
	return out
}
