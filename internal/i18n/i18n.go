// Package i18n holds the message catalogue of findings and the labels of the
// user interface, in Bahasa Indonesia and English, as embedded data.
package i18n

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/schema"
	yaml "go.yaml.in/yaml/v3"
)

//go:embed messages.yaml
var messagesYAML []byte

// Rule describes a finding code.
type Rule struct {
	Severity string `yaml:"severity"`
	ID       string `yaml:"id"`
	EN       string `yaml:"en"`
	Help     struct {
		ID string `yaml:"id"`
		EN string `yaml:"en"`
	} `yaml:"help"`
}

// catalogue parses messages.yaml on first use: a command that reports no
// finding never pays for it (a few milliseconds of every start otherwise).
var catalogue = sync.OnceValue(func() map[string]*Rule {
	var rules map[string]*Rule
	if err := yaml.Unmarshal(messagesYAML, &rules); err != nil {
		panic("i18n: messages.yaml: " + err.Error())
	}
	return rules
})

// Codes returns every known finding code, sorted.
func Codes() []string {
	rules := catalogue()
	out := make([]string, 0, len(rules))
	for c := range rules {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Known reports whether code is in the catalogue.
func Known(code string) bool { _, ok := catalogue()[code]; return ok }

// Severity returns the severity of a code (error when unknown).
func Severity(code string) diag.Severity {
	r := catalogue()[code]
	if r == nil {
		return diag.Error
	}
	switch r.Severity {
	case "warning":
		return diag.Warning
	case "info":
		return diag.Info
	}
	return diag.Error
}

// Message formats the message of code in lang with {name} placeholders filled from args.
func Message(lang, code string, args map[string]string) string {
	r := catalogue()[code]
	tpl := ""
	if r != nil {
		tpl = r.ID
		if lang == "en" && r.EN != "" {
			tpl = r.EN
		}
	}
	if tpl == "" {
		var parts []string
		for k, v := range args {
			parts = append(parts, k+"="+v)
		}
		sort.Strings(parts)
		return code + " " + strings.Join(parts, " ")
	}
	return fill(tpl, args)
}

// Help returns the help text of code in lang.
func Help(lang, code string) string {
	r := catalogue()[code]
	if r == nil {
		return ""
	}
	if lang == "en" && r.Help.EN != "" {
		return r.Help.EN
	}
	if r.Help.ID != "" {
		return r.Help.ID
	}
	return r.Help.EN
}

func fill(tpl string, args map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		name := tpl[i+1 : i+j]
		if v, ok := args[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(tpl[i : i+j+1])
		}
		tpl = tpl[i+j+1:]
	}
}

// Where locates a finding.
type Where struct {
	File     string
	Line     int
	Col      int
	Register string
	Record   string
	Field    string
	Value    string
	Clause   string
}

// Reporter turns codes and arguments into findings in the site's language.
type Reporter struct {
	C    *diag.Collector
	Lang string
	// Schemas, when set, lets messages name fields, registers and enum
	// values by their labels in Lang instead of their keys (the finding's
	// Field and Value stay the stable keys).
	Schemas *schema.Set
}

// Sub returns a reporter into c with the same language and schemas.
func (r *Reporter) Sub(c *diag.Collector) *Reporter {
	return &Reporter{C: c, Lang: r.Lang, Schemas: r.Schemas}
}

// register returns the schema of a register by name; "" is the documents'
// front matter.
func (r *Reporter) register(name string) *schema.Register {
	if r == nil || r.Schemas == nil {
		return nil
	}
	if name == "" || name == "document" {
		return r.Schemas.Document
	}
	return r.Schemas.Registers[name]
}

// FieldLabel returns the label of a field of a register in the message
// language, or key when it is not known.
func (r *Reporter) FieldLabel(register, key string) string {
	if reg := r.register(register); reg != nil && key != "" {
		return reg.FieldName(key, r.Lang)
	}
	return key
}

// ValueLabel returns the label of a canonical value of an enum field in the
// message language, or value when it is none.
func (r *Reporter) ValueLabel(register, key, value string) string {
	if reg := r.register(register); reg != nil {
		if f := reg.Field(key); f != nil && f.Type == schema.Enum && !f.List {
			return f.EnumLabel(value, r.Lang)
		}
	}
	return value
}

// RegisterLabel returns the label of a register in the message language.
func (r *Reporter) RegisterLabel(name string) string {
	if name == "documents" {
		return schema.Label{ID: "dokumen", EN: "documents"}.In(r.Lang)
	}
	if r != nil && r.Schemas != nil && name != "" {
		if reg := r.Schemas.Registers[name]; reg != nil && (reg.Label.ID != "" || reg.Label.EN != "") {
			return reg.Label.In(r.Lang)
		}
	}
	return name
}

// labelArgs rewrites the arguments that name fields, registers and enum
// values by their labels: messages read in the site's language, keys are for
// the code and the structured fields of a finding.
func (r *Reporter) labelArgs(code string, w Where, args map[string]string) {
	reg := r.register(w.Register)
	if reg == nil {
		return
	}
	key := args["field"]
	f := reg.Field(key)
	if key != "" && (f != nil || key == "id" || key == "notes") {
		args["field"] = reg.FieldName(key, r.Lang)
	}
	if f != nil && f.Type == schema.Enum {
		if v, ok := args["value"]; ok && !f.List {
			for _, e := range f.Values {
				if e.Value == v {
					args["value"] = e.Label(r.Lang)
				}
			}
		}
		if _, ok := args["allowed"]; ok && code == "invalid-enum" {
			labels := make([]string, len(f.Values))
			for i, e := range f.Values {
				labels[i] = e.Label(r.Lang)
			}
			args["allowed"] = strings.Join(labels, ", ")
		}
	}
	if c, ok := args["condition"]; ok && c != "" {
		args["condition"] = reg.CondText(c, r.Lang)
	}
	for _, k := range []string{"register", "target"} {
		if v := args[k]; v != "" {
			args[k] = r.RegisterLabel(v)
		}
	}
}

// Report adds a finding for code at w; args fill the message placeholders
// (field, value, register and record are filled from w when not given).
func (r *Reporter) Report(code string, w Where, args map[string]string) {
	if r.C.Full(w.File, code, w.Line, w.Col) {
		return // beyond diag.MaxPerFileCode findings of this code in this file
	}
	if args == nil {
		args = map[string]string{}
	}
	for k, v := range map[string]string{"field": w.Field, "value": w.Value, "register": w.Register, "record": w.Record, "clause": w.Clause} {
		if _, ok := args[k]; !ok {
			args[k] = v
		}
	}
	if r.Schemas != nil {
		r.labelArgs(code, w, args)
	}
	r.C.Add(diag.Finding{
		Code: code, Severity: Severity(code), File: w.File, Line: w.Line, Column: w.Col,
		Register: w.Register, Record: w.Record, Field: w.Field, Value: w.Value, Clause: w.Clause,
		Message: Message(r.Lang, code, args),
	})
}

// ReportTruncated adds one findings-truncated finding for every file and code
// whose findings were cut to diag.MaxPerFileCode, with the true total. Call it
// once, after every stage.
func (r *Reporter) ReportTruncated() {
	for _, t := range r.C.Truncations() {
		args := map[string]string{"value": t.Code, "limit": strconv.Itoa(t.Kept), "total": strconv.Itoa(t.Total)}
		r.C.Add(diag.Finding{Code: "findings-truncated", Severity: Severity("findings-truncated"), File: t.File, Value: t.Code,
			Message: Message(r.Lang, "findings-truncated", args),
			Omitted: &diag.Omission{Code: t.Code, Severity: t.Severity, Count: t.Total - t.Kept}})
	}
}
