// Package fieldref describes the registers of a site's schema set for people:
// every field with its key, labels in both languages, type, whether it is
// required, its allowed values and its rules in words of the site language.
// smsgen schema prints it; the HTML site shows it as the field reference page.
package fieldref

import (
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/schema"
)

// Label is a text in both languages.
type Label struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

// Value is an allowed value of an enum field.
type Value struct {
	Value string `json:"value"`
	Label Label  `json:"label"`
}

// Field is one field of a register.
type Field struct {
	Key          string   `json:"key"`
	Label        Label    `json:"label"`
	Type         string   `json:"type"`      // the schema's type keyword (text, enum, …)
	TypeName     string   `json:"type_name"` // the type in the site language
	List         bool     `json:"list"`
	Required     bool     `json:"required"`
	RequiredWhen string   `json:"required_when,omitempty"`
	Values       []Value  `json:"values,omitempty"`
	Ref          string   `json:"ref,omitempty"`
	Rules        []string `json:"rules"` // the rules besides required and required_when, in words of the site language
	Help         string   `json:"help,omitempty"`
}

// Register is one register type with its fields (the implicit id and notes first and last).
type Register struct {
	Name      string   `json:"name"`
	Label     Label    `json:"label"`
	Clauses   []string `json:"clauses"`
	Source    string   `json:"source"` // "builtin" or the site's schema file
	IDPrefix  string   `json:"id_prefix,omitempty"`
	IDPattern string   `json:"id_pattern,omitempty"`
	Fields    []Field  `json:"fields"`
}

// Describe returns the registers of set, sorted by name, in lang.
func Describe(set *schema.Set, lang string) []Register {
	var out []Register
	for _, name := range set.RegisterNames() {
		out = append(out, Of(set.Registers[name], lang))
	}
	return out
}

// Of describes one register in lang.
func Of(r *schema.Register, lang string) Register {
	l := i18n.LabelsIn(lang)
	reg := Register{Name: r.Name, Label: Label{r.Label.ID, r.Label.EN}, Clauses: r.AllClauses(), Source: r.Source,
		IDPrefix: r.IDPrefix, IDPattern: r.IDPattern}
	if reg.Clauses == nil {
		reg.Clauses = []string{}
	}
	idID, idEN, _ := i18n.LabelText("id_col")
	id := Field{Key: "id", Label: Label{idID, idEN}, Type: schema.Text, TypeName: typeName(schema.Text, l), Required: true,
		Rules: []string{l.T("schema_rule_unique")}}
	if r.IDPattern != "" {
		id.Rules = append(id.Rules, l.F("schema_rule_pattern", r.IDPattern))
	}
	if r.IDPrefix != "" {
		id.Rules = append(id.Rules, l.F("schema_rule_id_prefix", r.IDPrefix))
	}
	reg.Fields = append(reg.Fields, id)
	for _, f := range r.Fields {
		reg.Fields = append(reg.Fields, field(f, l, lang))
	}
	notesID, notesEN, _ := i18n.LabelText("notes")
	reg.Fields = append(reg.Fields, Field{Key: "notes", Label: Label{notesID, notesEN}, Type: schema.Text,
		TypeName: typeName(schema.Text, l), Rules: []string{}})
	return reg
}

func field(f *schema.Field, l i18n.Labels, lang string) Field {
	out := Field{Key: f.Key, Label: Label{f.Label.ID, f.Label.EN}, Type: f.Type, TypeName: typeName(f.Type, l),
		List: f.List, Required: f.Required, RequiredWhen: f.RequiredWhen, Ref: f.Ref, Rules: []string{}, Help: f.Help.In(lang)}
	for _, v := range f.Values {
		out.Values = append(out.Values, Value{Value: v.Value, Label: Label{v.ID, v.EN}})
	}
	add := func(s string) { out.Rules = append(out.Rules, s) }
	if f.List {
		if f.MinItems > 0 {
			add(l.F("schema_rule_list_min", f.MinItems))
		} else {
			add(l.T("schema_rule_list"))
		}
	}
	if f.Ref != "" {
		add(l.F("schema_rule_ref", f.Ref))
	}
	if len(f.RefPrefixTypes) > 0 {
		add(l.F("schema_rule_ref_prefix", strings.Join(f.RefPrefixTypes, ", ")))
	}
	switch {
	case f.Min != nil && f.Max != nil:
		add(l.F("schema_rule_between", num(*f.Min), num(*f.Max)))
	case f.Min != nil:
		add(l.F("schema_rule_min", num(*f.Min)))
	case f.Max != nil:
		add(l.F("schema_rule_max", num(*f.Max)))
	}
	if f.Pattern != "" {
		add(l.F("schema_rule_pattern", f.Pattern))
	}
	if f.NotBefore != "" {
		add(l.F("schema_rule_not_before", f.NotBefore))
	}
	if f.PastWarning != "" {
		add(l.F("schema_rule_past", f.PastWarning))
	}
	if f.StaleAfterDays > 0 {
		add(l.F("schema_rule_stale", f.StaleAfterDays, f.StaleCode))
	}
	if f.Computed != "" {
		if key, ok := computedLabels[f.Computed]; ok {
			add(l.T(key))
		} else {
			add(l.F("schema_rule_computed", f.Computed))
		}
		if f.Tolerance > 0 {
			add(l.F("schema_rule_tolerance", num(f.Tolerance)))
		}
		if f.OverrideField != "" {
			add(l.F("schema_rule_override", f.OverrideField))
		}
	}
	if f.Personal {
		add(l.T("schema_rule_personal"))
	}
	return out
}

// typeLabels are the label keys of the field types.
var typeLabels = map[string]string{
	schema.Text: "settings_text", schema.Integer: "schema_type_integer", schema.Number: "schema_type_number",
	schema.Boolean: "settings_yes_no", schema.Date: "schema_type_date", schema.DateTime: "schema_type_datetime",
	schema.Month: "schema_type_month", schema.Enum: "schema_type_enum", schema.Ref: "schema_type_ref",
	schema.Email: "schema_type_email", schema.Phone: "schema_type_phone", schema.DocRef: "schema_type_doc_ref",
	schema.History: "schema_type_history", schema.SOP: "schema_type_sop",
}

// computedLabels are the label keys of the computed values validate checks.
var computedLabels = map[string]string{
	"priority_matrix":  "schema_computed_priority_matrix",
	"availability_pct": "schema_computed_availability_pct",
	"risk_level":       "schema_computed_risk_level",
}

// typeName is the type in words of the language (the keyword itself for a type without a label).
func typeName(t string, l i18n.Labels) string {
	if key, ok := typeLabels[t]; ok {
		return l.T(key)
	}
	return t
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
