package resolve

import (
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// The coverage rule, the same in every output: a requirement is covered when
// an approved document in effect, or a register holding records, evidences it.
// A draft (or a document under review, or approved but not yet in effect) is
// shown as in progress and does not count; an obsolete document never appears;
// an empty register is shown but does not count. A requirement without direct
// evidence is covered through its sub-requirements when one of them is covered.

// Status is the coverage status of a requirement.
type Status string

const (
	Covered Status = "covered" // evidenced directly
	Sub     Status = "sub"     // covered through a sub-requirement
	Gap     Status = "gap"     // not covered
)

// Reason says why a requirement is a gap.
type Reason string

const (
	NoEvidence    Reason = "none"   // nothing names it
	OnlyDrafts    Reason = "drafts" // only documents not (yet) approved and in effect
	RegisterEmpty Reason = "empty"  // only registers without records (and maybe drafts)
)

// Framework is the coverage of one framework.
type Framework struct {
	*schema.Framework
	Requirements []*Requirement // in the framework's order
	// Covered counts the requirements covered directly or through a sub-requirement.
	Covered, Gaps int
}

// Total is the number of requirements.
func (f *Framework) Total() int { return len(f.Requirements) }

// Requirement is the coverage of one requirement.
type Requirement struct {
	schema.Requirement
	Depth int // 0 for a top-level requirement
	// Docs are the approved documents in effect that evidence it.
	Docs []*model.Document
	// InProgress are the documents that name it but do not count yet (drafts,
	// under review, approved but not yet in effect).
	InProgress []*model.Document
	// Registers are the registers with records that evidence it.
	Registers []*model.Register
	// Empty are the registers that would evidence it but hold no records.
	Empty  []*model.Register
	Status Status
	Reason Reason // for a gap
}

// StatusKey is the label key of the requirement's status, the same in every output.
func (r *Requirement) StatusKey() string { return "cov_" + string(r.Status) }

// ReasonKey is the label key of why a gap is a gap ("" when not a gap).
func (r *Requirement) ReasonKey() string {
	if r.Status != Gap {
		return ""
	}
	return "cov_why_" + string(r.Reason)
}

// InProgressKey is the label key marking a document that does not count yet.
const InProgressKey = "cov_in_progress"

// EvidenceState is how a document counts as evidence.
type EvidenceState int

const (
	NotEvidence EvidenceState = iota // obsolete: never shown
	Pending                          // in progress: shown, does not count
	Evidence                         // approved and in effect
)

// DocEvidence returns how document d counts as evidence on today.
func DocEvidence(d *model.Document, today time.Time) EvidenceState {
	switch d.Meta("status") {
	case "obsolete":
		return NotEvidence
	case "approved":
		if c := d.Cell("effective_date"); c.Valid() && !today.IsZero() && c.Time().After(today) {
			return Pending
		}
		return Evidence
	}
	return Pending
}

// Frameworks returns the frameworks of a site: those smsgen.yaml names, in
// its order, else every built-in one.
func Frameworks(site *model.Site) []*schema.Framework {
	if site.Schemas == nil {
		return nil
	}
	var out []*schema.Framework
	for _, n := range site.Settings.Frameworks {
		if fw := site.Schemas.Framework(n); fw != nil {
			out = append(out, fw)
		}
	}
	if len(site.Settings.Frameworks) == 0 {
		out = append(out, site.Schemas.Frameworks...)
	}
	return out
}

type docEv struct {
	d       *model.Document
	clauses []string
	state   EvidenceState
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

func (e docEv) evidences(req *schema.Requirement) bool {
	for _, c := range e.clauses {
		if c == req.ID || contains(req.Evidence.Clauses, c) {
			return true
		}
	}
	if contains(req.Evidence.DocTypes, e.d.Meta("doc_type")) {
		return true
	}
	t := e.d.Meta("template")
	return t != "" && contains(req.Evidence.Templates, t)
}

func regEvidences(reg *model.Register, req *schema.Requirement) bool {
	for _, c := range reg.Schema.AllClauses() {
		if c == req.ID || contains(req.Evidence.Clauses, c) {
			return true
		}
	}
	return contains(req.Evidence.Registers, reg.Name)
}

func (s *Site) resolveCoverage() {
	evs := make([]docEv, 0, len(s.Documents))
	for _, d := range s.Documents {
		e := docEv{d: d, state: DocEvidence(d, s.Today)}
		if e.state == NotEvidence {
			continue
		}
		if c := d.Cell("clauses"); c.Present() {
			e.clauses = c.Items(true)
		}
		evs = append(evs, e)
	}
	names := s.RegisterNames()
	for _, fw := range Frameworks(s.Site) {
		cf := &Framework{Framework: fw}
		byID := map[string]*Requirement{}
		for i := range fw.Requirements {
			req := &Requirement{Requirement: fw.Requirements[i]}
			if p := byID[req.Parent]; p != nil {
				req.Depth = p.Depth + 1
			}
			for _, e := range evs {
				if !e.evidences(&req.Requirement) {
					continue
				}
				if e.state == Evidence {
					req.Docs = append(req.Docs, e.d)
				} else {
					req.InProgress = append(req.InProgress, e.d)
				}
			}
			for _, n := range names {
				reg := s.Site.Registers[n]
				if reg.Schema == nil || !regEvidences(reg, &req.Requirement) {
					continue
				}
				if len(reg.Records) > 0 {
					req.Registers = append(req.Registers, reg)
				} else {
					req.Empty = append(req.Empty, reg)
				}
			}
			if len(req.Docs)+len(req.Registers) > 0 {
				req.Status = Covered
			}
			byID[req.ID] = req
			cf.Requirements = append(cf.Requirements, req)
		}
		// covered through a sub-requirement: every ancestor of a directly covered one
		for _, req := range cf.Requirements {
			if req.Status != Covered {
				continue
			}
			seen := map[string]bool{}
			for p := byID[req.Parent]; p != nil && !seen[p.ID]; p = byID[p.Parent] {
				seen[p.ID] = true
				if p.Status == "" {
					p.Status = Sub
				}
			}
		}
		for _, req := range cf.Requirements {
			switch {
			case req.Status == "":
				req.Status = Gap
				switch {
				case len(req.InProgress) > 0:
					req.Reason = OnlyDrafts
				case len(req.Empty) > 0:
					req.Reason = RegisterEmpty
				default:
					req.Reason = NoEvidence
				}
				cf.Gaps++
			default:
				cf.Covered++
			}
		}
		s.Coverage = append(s.Coverage, cf)
	}
}
