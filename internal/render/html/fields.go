package html

import (
	"strings"

	"github.com/smsgen/smsgen/internal/fieldref"
	"github.com/smsgen/smsgen/internal/model"
)

// FieldRefRegister is one register of the field reference page.
type FieldRefRegister struct {
	Name, Label, Clauses, Source string
	URL                          string // the register's pages, when the site has the register
	Fields                       []FieldRefRow
}

// FieldRefRow is one field of the field reference page.
type FieldRefRow struct {
	Key, LabelID, LabelEN, Type, Required, Values string
	Rules                                         []string
	Help                                          string
}

// fieldsPage is the field reference: every register of the site's schemas
// with its fields, as smsgen schema prints them.
func (r *run) fieldsPage() ([]byte, error) {
	const from = "fields.html"
	var data []FieldRefRegister
	for _, reg := range fieldref.Describe(r.site.Schemas, r.lang) {
		d := FieldRefRegister{Name: reg.Name, Label: reg.Label.ID, Clauses: strings.Join(reg.Clauses, ", "), Source: reg.Source}
		if r.lang == "en" {
			d.Label = reg.Label.EN
		}
		if d.Source == "builtin" {
			d.Source = r.labels.T("schema_source_builtin")
		}
		if _, ok := r.site.Registers[reg.Name]; ok {
			d.URL = rel(from, r.regPath(reg.Name, 1))
		}
		for _, f := range reg.Fields {
			row := FieldRefRow{Key: f.Key, LabelID: f.Label.ID, LabelEN: f.Label.EN, Type: f.TypeName, Rules: f.Rules, Help: f.Help}
			switch {
			case f.Required:
				row.Required = r.labels.T("required")
			case f.RequiredWhen != "":
				row.Required = r.labels.F("required_when", f.RequiredWhen)
			}
			var vs []string
			for _, v := range f.Values {
				label := v.Label.ID
				if r.lang == "en" {
					label = v.Label.EN
				}
				vs = append(vs, v.Value+" ("+label+")")
			}
			row.Values = strings.Join(vs, ", ")
			d.Fields = append(d.Fields, row)
		}
		data = append(data, d)
	}
	p := r.page(from, r.labels["field_reference"], r.siteCls, "registers", data)
	return r.execute("fields.html", p)
}

// sameKeys reports whether two sets of registers have the same names.
func sameKeys(a, b map[string]*model.Register) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}
