package resolve

import (
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// Register holds the derived facts of one register.
type Register struct {
	Name string
	// HasState reports whether the register's status field names closed
	// states (`closed: true` on its values), so its records are open or closed.
	HasState bool
	closed   map[*model.Record]bool
	// BackRefs lists, by record id, the records of other registers (or of this
	// one) whose reference fields name it, in register name and record order.
	BackRefs map[string][]BackRef
	// Class is the highest classification of the register's records ("" when
	// none has one): the classification of a page showing the register.
	Class string
	// Tests holds, for the continuity register, the test state of every plan by id.
	Tests map[string]PlanTests
}

// noRegister stands for a register the site does not have: no records, no facts.
var noRegister = &Register{}

// Register returns the derived facts of a register (empty ones for a register
// the site does not have).
func (s *Site) Register(name string) *Register {
	if r := s.regs[name]; r != nil {
		return r
	}
	return noRegister
}

// Closed reports whether a record is in a closed state (false for registers without one).
func (r *Register) Closed(rec *model.Record) bool { return r != nil && r.closed[rec] }

// BackRef is a reference from a record to another.
type BackRef struct {
	Register string
	Record   *model.Record
	Field    *schema.Field
}

// PlanTests is the test state of a continuity plan.
type PlanTests struct {
	Tested bool      // a test of the plan is recorded
	Last   time.Time // the newest test
	Due    time.Time // when the next test is due (zero when the interval is unknown or never tested)
	// Overdue: never tested, or due before today.
	Overdue bool
}

// statusField is the enum field of a register holding closed states (nil when none).
func statusField(s *schema.Register) *schema.Field {
	f := s.Field(s.StatusField)
	if f == nil {
		f = s.Field("status")
	}
	if f == nil || f.Type != schema.Enum {
		return nil
	}
	for _, e := range f.Values {
		if e.Closed {
			return f
		}
	}
	return nil
}

// ClosedValues returns the closed states of a register's status field (nil when it has none).
func ClosedValues(s *schema.Register) []string {
	f := statusField(s)
	if f == nil {
		return nil
	}
	var out []string
	for _, e := range f.Values {
		if e.Closed {
			out = append(out, e.Value)
		}
	}
	return out
}

// RefIDs returns the record ids a reference cell names: one id, or for a list
// field every item; a `TYPE:ID` item of a relationship list gives its ID.
func RefIDs(f *schema.Field, c model.Val) []string {
	items := model.RefItems(f, c)
	for i, it := range items {
		items[i] = model.RefTarget(f, it)
	}
	return items
}

func (s *Site) resolveBackRefs() {
	for _, name := range s.RegisterNames() {
		reg := s.Site.Registers[name]
		for _, f := range reg.Schema.Fields {
			if f.Type != schema.Ref || f.Ref == "" || s.regs[f.Ref] == nil {
				continue
			}
			target := s.regs[f.Ref]
			for _, rec := range reg.Records {
				for _, id := range RefIDs(f, rec.Cell(f.Index)) {
					if target.BackRefs == nil {
						target.BackRefs = map[string][]BackRef{}
					}
					target.BackRefs[id] = append(target.BackRefs[id], BackRef{Register: name, Record: rec, Field: f})
				}
			}
		}
	}
}

func (s *Site) resolveContinuity() {
	plans := s.Site.Registers["continuity"]
	if plans == nil {
		return
	}
	newest := NewestTests(s.Site)
	rr := s.regs["continuity"]
	rr.Tests = make(map[string]PlanTests, len(plans.Records))
	for _, rec := range plans.Records {
		n, tested := newest[rec.ID]
		pt := PlanTests{Tested: tested, Last: n}
		if tested {
			pt.Due = TestDue(plans.Value(rec, "test_interval"), n)
		}
		pt.Overdue = !s.Today.IsZero() && (!tested || (!pt.Due.IsZero() && s.Today.After(pt.Due)))
		if _, dup := rr.Tests[rec.ID]; !dup {
			rr.Tests[rec.ID] = pt
		}
	}
}

// Overdue is a date past due: a document's or record's date field with a
// past_warning in its schema (a review, a contract end …), or a continuity
// plan's test.
type Overdue struct {
	Doc      *model.Document // the document, or nil
	Register string          // the register of Record
	Record   *model.Record
	Field    *schema.Field // the date field; nil for a continuity test
	Code     string        // the warning code validation gives it
	Due      time.Time     // zero for a plan never tested
}

func (s *Site) resolveOverdue() {
	s.docOverdue = map[*model.Document]map[string]bool{}
	s.recOverdue = map[*model.Record]map[string]bool{}
	if s.Today.IsZero() {
		return
	}
	past := func(fields []*schema.Field) []*schema.Field {
		var out []*schema.Field
		for _, f := range fields {
			if f.PastWarning != "" {
				out = append(out, f)
			}
		}
		return out
	}
	if s.Schemas != nil && s.Schemas.Document != nil {
		fields := past(s.Schemas.Document.Fields)
		for _, d := range s.Documents {
			for _, f := range fields {
				if c := d.Cell(f.Key); c.Valid() && c.Time().Before(s.Today) {
					s.Overdue = append(s.Overdue, Overdue{Doc: d, Field: f, Code: f.PastWarning, Due: c.Time()})
					if s.docOverdue[d] == nil {
						s.docOverdue[d] = map[string]bool{}
					}
					s.docOverdue[d][f.Key] = true
				}
			}
		}
	}
	for _, name := range s.RegisterNames() {
		reg := s.Site.Registers[name]
		fields := past(reg.Schema.Fields)
		for _, rec := range reg.Records {
			for _, f := range fields {
				if c := reg.Get(rec, f.Key); c.Valid() && c.Time().Before(s.Today) {
					s.Overdue = append(s.Overdue, Overdue{Register: name, Record: rec, Field: f, Code: f.PastWarning, Due: c.Time()})
					if s.recOverdue[rec] == nil {
						s.recOverdue[rec] = map[string]bool{}
					}
					s.recOverdue[rec][f.Key] = true
				}
			}
		}
		if tests := s.regs[name].Tests; tests != nil {
			for _, rec := range reg.Records {
				if pt := tests[rec.ID]; pt.Overdue {
					s.Overdue = append(s.Overdue, Overdue{Register: name, Record: rec, Code: "continuity-test-overdue", Due: pt.Due})
				}
			}
		}
	}
}

// HighestClass is the highest classification of the records of reg ("" when
// none has one).
func HighestClass(reg *model.Register) string {
	c, rank := "", 0
	for _, rec := range reg.Records {
		if rec.Classification == "" || rec.Classification == c {
			continue
		}
		if r := model.ClassRank(rec.Classification); r > rank {
			c, rank = rec.Classification, r
		}
	}
	return c
}
