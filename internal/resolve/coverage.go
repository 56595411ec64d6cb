package resolve

import (
	"sort"
	"strings"
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
	NoEvidence    Reason = "none"    // nothing names it
	OnlyDrafts    Reason = "drafts"  // only documents not (yet) approved and in effect
	RegisterEmpty Reason = "empty"   // only registers without records (and maybe drafts)
	NoMatch       Reason = "records" // registers hold records, but none of the kind it needs
	Partial       Reason = "partial" // an "all of" rule with parts still missing (see Missing)
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

// Part is one part of an "all of" evidence rule (a document type, template,
// register or record rule), with its label.
type Part struct {
	Kind, Name string // doc_type, template, register, records; its name
	Label      schema.Label
}

// Requirement is the coverage of one requirement.
type Requirement struct {
	schema.Requirement
	Framework string // the framework's name
	Depth     int    // 0 for a top-level requirement
	// Docs are the approved documents in effect that evidence it.
	Docs []*model.Document
	// InProgress are the documents that name it but do not count yet (drafts,
	// under review, approved but not yet in effect).
	InProgress []*model.Document
	// Registers are the registers with records that evidence it.
	Registers []*model.Register
	// Empty are the registers that would evidence it but hold no records (or
	// none of the records its rule selects).
	Empty []*model.Register
	// Records is the number of records of each register of Registers and
	// Empty that evidence it: all its records, or those its rule selects.
	Records map[*model.Register]int
	// DocVia and RegVia name, for evidence through a crosswalk (maps_to), the
	// requirement ("framework:clause") it evidences directly.
	DocVia map[*model.Document]string
	RegVia map[*model.Register]string
	// Missing are the parts of an "all of" rule without evidence that counts.
	Missing []Part
	Status  Status
	Reason  Reason // for a gap
}

// StatusKey is the label key of the requirement's status, the same in every output.
func (r *Requirement) StatusKey() string { return "cov_" + string(r.Status) }

// ReasonKey is the label key of why a gap is a gap ("" when not a gap). The
// label of Partial takes the missing parts (MissingText) as its argument.
func (r *Requirement) ReasonKey() string {
	if r.Status != Gap {
		return ""
	}
	return "cov_why_" + string(r.Reason)
}

// MissingText lists the labels of the missing parts in lang.
func (r *Requirement) MissingText(lang string) string {
	var out []string
	for _, p := range r.Missing {
		out = append(out, p.Label.In(lang))
	}
	return strings.Join(out, ", ")
}

// ViaKey is the label key of a crosswalk note ("via %s").
const ViaKey = "cov_via"

// ViaText is a crosswalk target "framework:clause" as outputs show it.
func ViaText(via string) string {
	fw, cl, _ := schema.SplitRef(via)
	return fw + " " + cl
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
// its order (else every built-in one), then the frameworks only the site's
// requirements register defines.
func Frameworks(site *model.Site) []*schema.Framework {
	if site.Schemas == nil {
		return nil
	}
	var out []*schema.Framework
	seen := map[string]bool{}
	for _, n := range site.Settings.Frameworks {
		if fw := site.Schemas.Framework(n); fw != nil && !seen[n] {
			seen[n] = true
			out = append(out, fw)
		}
	}
	for _, fw := range site.Schemas.Frameworks {
		if !seen[fw.Name] && (fw.Site || len(site.Settings.Frameworks) == 0) {
			seen[fw.Name] = true
			out = append(out, fw)
		}
	}
	return out
}

type docEv struct {
	d        *model.Document
	clauses  []string
	tplClass string // the clause of its template
	state    EvidenceState
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// namesReq reports whether a clause list names requirement id of framework fw
// (plainly or as fw:id) or one of the extra clauses of its rule.
func namesReq(list []string, fw, id string, extra []string) bool {
	for _, c := range list {
		if c == id || contains(extra, c) {
			return true
		}
		if f, cl, ok := schema.SplitRef(c); ok && f == fw && cl == id {
			return true
		}
	}
	return false
}

// hit is one document or register evidencing a requirement directly.
type hit struct {
	doc   *model.Document
	state EvidenceState
	reg   *model.Register
	n     int      // records that count
	parts []string // parts of the rule it satisfies (Evidence.Parts)
}

func (h hit) counts() bool {
	if h.doc != nil {
		return h.state == Evidence
	}
	return h.n > 0
}

// evidenceIndex finds the documents and registers that may evidence a
// requirement without looking at every one of them for every requirement.
type evidenceIndex struct {
	evs        []docEv
	byClause   map[string][]int // clause as written (plain or framework:clause), or a template's clause -> evs
	byDocType  map[string][]int
	byTemplate map[string][]int
	regNames   []string         // sorted
	regClause  map[string][]int // clause -> regNames
	regIndex   map[string]int
}

func newEvidenceIndex(evs []docEv, regNames []string, regs map[string]*model.Register) *evidenceIndex {
	x := &evidenceIndex{evs: evs, byClause: map[string][]int{}, byDocType: map[string][]int{}, byTemplate: map[string][]int{},
		regNames: regNames, regClause: map[string][]int{}, regIndex: map[string]int{}}
	for i, e := range evs {
		seen := map[string]bool{}
		for _, c := range append(append([]string(nil), e.clauses...), e.tplClass) {
			if c != "" && !seen[c] {
				seen[c] = true
				x.byClause[c] = append(x.byClause[c], i)
			}
		}
		x.byDocType[e.d.Meta("doc_type")] = append(x.byDocType[e.d.Meta("doc_type")], i)
		if t := e.d.Meta("template"); t != "" {
			x.byTemplate[t] = append(x.byTemplate[t], i)
		}
	}
	for i, n := range regNames {
		x.regIndex[n] = i
		if reg := regs[n]; reg.Schema != nil {
			for _, c := range reg.Schema.AllClauses() {
				x.regClause[c] = append(x.regClause[c], i)
			}
		}
	}
	return x
}

// direct lists what evidences req of framework fw directly: documents and
// registers naming it, and those its evidence rule selects, in the order of
// the documents and of the register names.
func (s *Site) direct(x *evidenceIndex, fw string, req *schema.Requirement) []hit {
	var out []hit
	ev := &req.Evidence
	var docs []int
	for _, c := range append([]string{req.ID, fw + ":" + req.ID}, ev.Clauses...) {
		docs = append(docs, x.byClause[c]...)
	}
	for _, t := range ev.DocTypes {
		docs = append(docs, x.byDocType[t]...)
	}
	for _, t := range ev.Templates {
		docs = append(docs, x.byTemplate[t]...)
	}
	sort.Ints(docs)
	for k, i := range docs {
		if k > 0 && docs[k-1] == i {
			continue
		}
		e := x.evs[i]
		var parts []string
		dt, tpl := e.d.Meta("doc_type"), e.d.Meta("template")
		if contains(ev.DocTypes, dt) {
			parts = append(parts, "doc_type:"+dt)
		}
		if tpl != "" && contains(ev.Templates, tpl) {
			parts = append(parts, "template:"+tpl)
		}
		out = append(out, hit{doc: e.d, state: e.state, parts: parts})
	}
	var regs []int
	for _, c := range append([]string{req.ID, fw + ":" + req.ID}, ev.Clauses...) {
		regs = append(regs, x.regClause[c]...)
	}
	for _, n := range ev.Registers {
		if i, ok := x.regIndex[n]; ok {
			regs = append(regs, i)
		}
	}
	for _, rr := range ev.Records {
		if i, ok := x.regIndex[rr.Register]; ok {
			regs = append(regs, i)
		}
	}
	sort.Ints(regs)
	for k, i := range regs {
		if k > 0 && regs[k-1] == i {
			continue
		}
		n := x.regNames[i]
		reg := s.Site.Registers[n]
		if reg.Schema == nil {
			continue
		}
		h := hit{reg: reg, n: -1}
		if namesReq(reg.Schema.AllClauses(), fw, req.ID, ev.Clauses) {
			h.n = len(reg.Records)
		}
		if contains(ev.Registers, n) {
			h.n = len(reg.Records)
			h.parts = append(h.parts, "register:"+n)
		}
		for _, rr := range ev.Records {
			if rr.Register != n {
				continue
			}
			if m := s.matching(reg, rr); m > h.n {
				h.n = m
			}
			h.parts = append(h.parts, "records:"+n)
		}
		if h.n >= 0 {
			out = append(out, h)
		}
	}
	return out
}

// matching counts the records of reg a record rule selects.
func (s *Site) matching(reg *model.Register, rr schema.RecordRule) int {
	if rr.Cond == nil {
		return len(reg.Records)
	}
	n := 0
	for _, rec := range reg.Records {
		if rr.Cond.Eval(func(key string) (string, bool) {
			v := reg.Value(rec, key)
			return v, v != ""
		}) {
			n++
		}
	}
	return n
}

// partLabel is the label of a part of an "all of" rule.
func (s *Site) partLabel(part string) Part {
	kind, name, _ := strings.Cut(part, ":")
	p := Part{Kind: kind, Name: name, Label: schema.Label{ID: name, EN: name}}
	switch kind {
	case "template":
		if t := s.Schemas.Templates[name]; t != nil && (t.Label.ID != "" || t.Label.EN != "") {
			p.Label = t.Label
		}
	case "doc_type":
		if f := s.Schemas.Document.Field("doc_type"); f != nil {
			for _, v := range f.Values {
				if v.Value == name {
					p.Label = schema.Label{ID: v.ID, EN: v.EN}
				}
			}
		}
	case "register", "records":
		if r := s.Schemas.Registers[name]; r != nil && (r.Label.ID != "" || r.Label.EN != "") {
			p.Label = r.Label
		}
	}
	return p
}

func (s *Site) resolveCoverage() {
	evs := make([]docEv, 0, len(s.Documents))
	for _, d := range s.Documents {
		e := docEv{d: d, state: DocEvidence(d, s.Today)}
		if e.state == NotEvidence {
			continue
		}
		if c := d.Cell("clauses"); c.Present() {
			e.clauses = c.Items(false)
		}
		if t := s.Schemas.Templates[d.Meta("template")]; t != nil {
			e.tplClass = t.Clause
		}
		evs = append(evs, e)
	}
	x := newEvidenceIndex(evs, s.RegisterNames(), s.Site.Registers)
	// the direct evidence of every requirement a crosswalk points at, once
	directOf := map[string][]hit{}
	directRef := func(ref string) ([]hit, bool) {
		if h, ok := directOf[ref]; ok {
			return h, true
		}
		fwn, cl, ok := schema.SplitRef(ref)
		if !ok {
			return nil, false
		}
		fw := s.Schemas.Framework(fwn)
		if fw == nil {
			return nil, false
		}
		req := fw.Requirement(cl)
		if req == nil {
			return nil, false
		}
		h := s.direct(x, fw.Name, req)
		directOf[ref] = h
		return h, true
	}
	for _, fw := range Frameworks(s.Site) {
		cf := &Framework{Framework: fw}
		byID := map[string]*Requirement{}
		for i := range fw.Requirements {
			req := &Requirement{Requirement: fw.Requirements[i], Framework: fw.Name,
				Records: map[*model.Register]int{}, DocVia: map[*model.Document]string{}, RegVia: map[*model.Register]string{}}
			if p := byID[req.Parent]; p != nil {
				req.Depth = p.Depth + 1
			}
			direct := s.direct(x, fw.Name, &req.Requirement)
			satisfied := map[string]bool{}
			seenDoc := map[*model.Document]bool{}
			seenReg := map[*model.Register]bool{}
			add := func(h hit, via string) {
				switch {
				case h.doc != nil:
					if seenDoc[h.doc] {
						return
					}
					seenDoc[h.doc] = true
					if h.state == Evidence {
						req.Docs = append(req.Docs, h.doc)
					} else {
						req.InProgress = append(req.InProgress, h.doc)
					}
					if via != "" {
						req.DocVia[h.doc] = via
					}
				default:
					if seenReg[h.reg] {
						return
					}
					seenReg[h.reg] = true
					req.Records[h.reg] = h.n
					if h.n > 0 {
						req.Registers = append(req.Registers, h.reg)
					} else {
						req.Empty = append(req.Empty, h.reg)
					}
					if via != "" {
						req.RegVia[h.reg] = via
					}
				}
				if h.counts() {
					for _, p := range h.parts {
						satisfied[p] = true
					}
				}
			}
			for _, h := range direct {
				add(h, "")
			}
			for _, ref := range req.MapsTo {
				hs, ok := directRef(ref)
				if !ok {
					continue
				}
				for _, h := range hs {
					h.parts = nil // a crosswalk never satisfies a part of an "all of" rule
					add(h, ref)
				}
			}
			if req.Evidence.All {
				parts := req.Evidence.Parts()
				for _, p := range parts {
					if !satisfied[p] {
						req.Missing = append(req.Missing, s.partLabel(p))
					}
				}
				if len(parts) > 0 && len(req.Missing) == 0 {
					req.Status = Covered
				}
				if len(parts) == 0 && len(req.Docs)+len(req.Registers) > 0 {
					req.Status = Covered
				}
				if len(req.Missing) > 0 && (len(req.Missing) < len(parts) || len(req.Docs)+len(req.Registers) > 0) {
					req.Reason = Partial
				}
			} else if len(req.Docs)+len(req.Registers) > 0 {
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
				if req.Reason == Partial {
					cf.Gaps++
					continue
				}
				req.Missing = nil
				switch {
				case len(req.InProgress) > 0:
					req.Reason = OnlyDrafts
				case len(req.Empty) > 0:
					req.Reason = RegisterEmpty
					for _, reg := range req.Empty {
						if len(reg.Records) > 0 {
							req.Reason = NoMatch
						}
					}
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
