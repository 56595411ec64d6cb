package validate

import (
	"sort"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// frameworks checks the frameworks smsgen.yaml names and the rows of the
// site's requirements register (registers/requirements.*), which load has
// already merged into the site's frameworks.
func (v *validator) frameworks() {
	set := v.site.Schemas
	if set == nil {
		return
	}
	var known []string
	byName := map[string]*schema.Framework{}
	for _, fw := range set.Frameworks {
		known = append(known, fw.Name)
		if byName[fw.Name] == nil {
			byName[fw.Name] = fw
		}
	}
	sort.Strings(known)
	if len(known) > 20 {
		known = append(known[:20:20], "…")
	}
	for i, n := range v.site.Settings.Frameworks {
		if byName[n] != nil {
			continue
		}
		w := i18n.Where{File: "smsgen.yaml", Value: n}
		if i < len(v.site.Settings.FrameworkPos) {
			p := v.site.Settings.FrameworkPos[i]
			w.File, w.Line, w.Col = p.File, p.Line, p.Col
		}
		v.rep.Report("unknown-framework", w, map[string]string{"known": strings.Join(known, ", ")})
	}
	reg := v.site.Registers["requirements"]
	if reg == nil || reg.Schema == nil || reg.Schema.Field("framework") == nil || reg.Schema.Field("clause") == nil {
		return
	}
	docTypes := map[string]bool{}
	if f := set.Document.Field("doc_type"); f != nil {
		for _, e := range f.Values {
			docTypes[e.Value] = true
		}
	}
	firstLine := map[string]int{}
	for _, rec := range reg.Records {
		fwName, clause := reg.Value(rec, "framework"), reg.Value(rec, "clause")
		fw := byName[fwName]
		if fw == nil || clause == "" || fw.Requirement(clause) == nil {
			continue // left out of the frameworks: its pattern or required finding says why
		}
		key := fwName + ":" + clause
		if l, dup := firstLine[key]; dup {
			w := v.where(reg, rec, "clause")
			v.rep.Report("requirement-duplicate", w, map[string]string{"framework": fwName, "line": strconv.Itoa(l)})
		} else {
			firstLine[key] = reg.PosOf(rec, "clause").Line
		}
		if p := reg.Value(rec, "parent"); p != "" && (p == clause || fw.Requirement(p) == nil) {
			v.rep.Report("requirement-parent-unknown", v.where(reg, rec, "parent"), map[string]string{"framework": fwName})
		}
		if c := reg.Get(rec, "maps_to"); c.Present() {
			for _, m := range c.Items(false) {
				tf, tc, ok := schema.SplitRef(m)
				if !ok {
					continue // the field's pattern reports it
				}
				if t := byName[tf]; t == nil || t.Requirement(tc) == nil {
					w := v.where(reg, rec, "maps_to")
					w.Value = m
					v.rep.Report("requirement-map-unknown", w, nil)
				}
			}
		}
		for _, ev := range []struct {
			key   string
			known func(string) bool
		}{
			{"evidence_doc_types", func(s string) bool { return docTypes[s] }},
			{"evidence_templates", func(s string) bool { return set.Templates[s] != nil }},
			{"evidence_registers", func(s string) bool { return set.Registers[s] != nil }},
		} {
			c := reg.Get(rec, ev.key)
			if !c.Present() {
				continue
			}
			for _, s := range c.Items(false) {
				if !ev.known(s) {
					w := v.where(reg, rec, ev.key)
					w.Value = s
					v.rep.Report("requirement-evidence-unknown", w, nil)
				}
			}
		}
	}
}

// clauseIDs is every requirement id of the site's frameworks, plain and as
// framework:id.
func clauseIDs(site *model.Site) map[string]bool {
	clauses := map[string]bool{}
	for _, fw := range site.Schemas.Frameworks {
		for _, r := range fw.Requirements {
			clauses[r.ID] = true
			clauses[fw.Name+":"+r.ID] = true
		}
	}
	return clauses
}
