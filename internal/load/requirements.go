package load

import (
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// RequirementsRegister is the register in which a site adds frameworks and
// requirements (registers/requirements.csv, .yaml or a folder).
const RequirementsRegister = "requirements"

// siteFrameworks returns the built-in frameworks extended by the site's
// requirements register. Rows without a valid framework name or clause are
// left out (validation reports them at their cells).
func siteFrameworks(site *model.Site) []*schema.Framework {
	base := site.Schemas.Frameworks
	reg := site.Registers[RequirementsRegister]
	if reg == nil || reg.Schema == nil || reg.Schema.Field("framework") == nil || reg.Schema.Field("clause") == nil {
		return base
	}
	valid := func(rec *model.Record, key string) string {
		f := reg.Schema.Field(key)
		v := reg.Value(rec, key)
		if f == nil || v == "" || (f.Re != nil && !f.Re.MatchString(v)) {
			return ""
		}
		return v
	}
	items := func(rec *model.Record, key string) []string {
		if c := reg.Get(rec, key); c.Present() {
			return c.Items(false)
		}
		return nil
	}
	var rows []schema.SiteRequirement
	for _, rec := range reg.Records {
		fw, cl := valid(rec, "framework"), valid(rec, "clause")
		if fw == "" || cl == "" {
			continue
		}
		row := schema.SiteRequirement{Framework: fw, FrameworkTitle: reg.Value(rec, "framework_title")}
		r := &row.Requirement
		r.ID, r.Parent, r.Source = cl, reg.Value(rec, "parent"), rec.Pos.File
		r.Title = schema.Label{ID: reg.Value(rec, "title"), EN: reg.Value(rec, "title_en")}
		for _, m := range items(rec, "maps_to") {
			if _, _, ok := schema.SplitRef(m); ok {
				r.MapsTo = append(r.MapsTo, m)
			}
		}
		r.Evidence.DocTypes = items(rec, "evidence_doc_types")
		r.Evidence.Templates = items(rec, "evidence_templates")
		r.Evidence.Registers = items(rec, "evidence_registers")
		if c := reg.Get(rec, "evidence_all"); c.Valid() {
			r.Evidence.All = c.Bool()
		}
		rows = append(rows, row)
	}
	return schema.Extend(base, rows)
}
