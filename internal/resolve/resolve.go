// Package resolve is the stage between validation and the renderers: it
// computes, once, every fact an output shows that is derived from the model
// (resolved links and back-references, computed values, the coverage of every
// framework requirement, continuity tests due, open/closed records, overdue
// items, the language of the build and of every document). Renderers read the
// model and these facts and derive nothing themselves, so two outputs cannot
// disagree about one fact.
//
// Run it on the site the renderers get: after validation, and again after the
// classification filter (a restricted build resolves its own, smaller site).
//
// Site is meant to grow: each group of facts lives in its own file of this
// package, adds its fields at the end of Site and its step with addStep.
package resolve

import (
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/schema"
)

// Site is the model of a site together with every fact derived from it.
type Site struct {
	*model.Site
	// Lang is the language of the build ("id" or "en").
	Lang string
	// Today is the date the build takes as today.
	Today time.Time

	docLang map[*model.Document]string
	links   map[*model.Document]map[string]Link

	// computed holds the computed value of every computed field of every
	// record where it can be computed (priority, availability, risk level):
	// one flat map, a few words a value, for registers of 100,000 records.
	computed map[fieldOf]float64

	// Coverage is the coverage of every framework of the site, in the order of
	// smsgen.yaml (every built-in framework when the site names none).
	Coverage []*Framework

	regs map[string]*Register // the derived facts of every register by name (see Register)

	// Overdue lists the document reviews and record dates past due (fields
	// with past_warning in their schema) and the continuity tests due.
	Overdue    []Overdue
	docOverdue map[*model.Document]map[string]bool
	recOverdue map[*model.Record]map[string]bool

	// Names is the name of every output file of every renderer (HTML pages,
	// PDFs, forms, workbooks), allocated once from the site.
	Names *names.Names

	// Further groups of facts (e.g. the SOP layout) add their fields below.

	// Period is the audit period (see audit.go, SetPeriod); audit holds the
	// audit facts of every register by name (see Audit).
	Period Period
	audit  map[string]*Audit

	// volumes holds the volumes of every register's PDF by register name
	// (see volumes.go, Volumes), at most volumeRecords records each.
	volumes       map[string][]Volume
	volumeRecords int
}

// steps are the steps of the groups of facts kept in other files of the
// package, added in their init; Run runs them after its own, in file order.
var steps []func(*Site)

// addStep adds a resolve step (call it from an init function).
func addStep(step func(*Site)) { steps = append(steps, step) }

// Run resolves site for a build in lang ("id" or "en"; "" for the site's own
// language) with today.
func Run(site *model.Site, lang string, today time.Time) *Site {
	if lang == "" {
		lang = site.Lang()
	}
	lang = i18n.Lang(lang)
	s := &Site{Site: site, Lang: lang, Today: today}
	// three independent parts, each reading only the model and writing its
	// own fields, side by side (the names of 100,000 records take as long
	// as their computed values and back-references)
	var wg sync.WaitGroup
	wg.Go(func() { s.Names = names.Allocate(site) })
	wg.Go(s.resolveDocuments)
	s.resolveRecords()
	wg.Wait()
	s.resolveCoverage()
	s.resolveOverdue()
	for _, step := range steps {
		step(s)
	}
	return s
}

// DocLang is the language of a document: its own `language` front matter, else the build's.
func (s *Site) DocLang(d *model.Document) string {
	if l, ok := s.docLang[d]; ok {
		return l
	}
	return s.Lang
}

// Link is a resolved link of a document body.
type Link struct {
	model.Link
	// Code is the finding code when the link is broken or unsafe ("" when fine),
	// Reason why.
	Code   string
	Reason LinkReason
}

// OK reports whether the link leads somewhere inside or outside the site.
func (l Link) OK() bool { return l.Code == "" }

// Link returns the resolution of a link (or image) destination of document d.
func (s *Site) Link(d *model.Document, dest string) Link {
	if l, ok := s.links[d][dest]; ok {
		return l
	}
	// a destination the loader did not list (not reachable from the body's
	// links): resolved the same way, not kept
	return resolveLink(s.Site, d, dest)
}

func resolveLink(site *model.Site, d *model.Document, dest string) Link {
	l := Link{Link: model.Link{Dest: dest}}
	l.Code, l.Reason = ResolveLink(site, d, &l.Link)
	return l
}

func (s *Site) resolveDocuments() {
	s.docLang = make(map[*model.Document]string, len(s.Documents))
	s.links = make(map[*model.Document]map[string]Link, len(s.Documents))
	for _, d := range s.Documents {
		switch d.Meta("language") {
		case "en", "id":
			s.docLang[d] = d.Meta("language")
		default:
			s.docLang[d] = s.Lang
		}
		if len(d.Links) == 0 {
			continue
		}
		m := make(map[string]Link, len(d.Links))
		for _, l := range d.Links {
			if _, done := m[l.Dest]; !done {
				m[l.Dest] = resolveLink(s.Site, d, l.Dest)
			}
		}
		s.links[d] = m
	}
}

// Computed returns the computed value of a computed field of a record, and
// whether it can be computed.
func (s *Site) Computed(rec *model.Record, key string) (float64, bool) {
	v, ok := s.computed[fieldOf{rec, key}]
	return v, ok
}

// fieldOf names one field of one record.
type fieldOf struct {
	rec *model.Record
	key string
}

// Value returns the value of a numeric field as given, else as computed.
func (s *Site) Value(reg *model.Register, rec *model.Record, key string) (float64, bool) {
	if c := reg.Get(rec, key); c.Valid() {
		return c.Float(), true
	}
	return s.Computed(rec, key)
}

// Actual is the actual availability of an availability record: as given, else as computed.
func (s *Site) Actual(reg *model.Register, rec *model.Record) (float64, bool) {
	return s.Value(reg, rec, "actual_pct")
}

func (s *Site) resolveRecords() {
	s.computed = map[fieldOf]float64{}
	s.regs = make(map[string]*Register, len(s.Site.Registers))
	for _, name := range s.RegisterNames() {
		reg := s.Site.Registers[name]
		rr := &Register{Name: name, closed: map[*model.Record]bool{}, Class: HighestClass(reg)}
		s.regs[name] = rr
		var comp []*schema.Field
		for _, f := range reg.Schema.Fields {
			if f.Computed != "" {
				comp = append(comp, f)
			}
		}
		status := statusField(reg.Schema)
		for _, rec := range reg.Records {
			for _, f := range comp {
				if v, ok := Expected(s.Site, reg, rec, f); ok {
					s.computed[fieldOf{rec, f.Key}] = v
				}
			}
			if status != nil {
				v := reg.Value(rec, status.Key)
				for _, e := range status.Values {
					if e.Value == v && e.Closed {
						rr.closed[rec] = true
					}
				}
			}
		}
		rr.HasState = status != nil
	}
	s.resolveBackRefs()
	s.resolveContinuity()
}
