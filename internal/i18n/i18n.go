// Package i18n holds the message catalogue of findings and the labels of the
// user interface, in Bahasa Indonesia and English, as embedded data.
package i18n

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/diag"
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

var rules map[string]*Rule

func init() {
	if err := yaml.Unmarshal(messagesYAML, &rules); err != nil {
		panic("i18n: messages.yaml: " + err.Error())
	}
}

// Codes returns every known finding code, sorted.
func Codes() []string {
	out := make([]string, 0, len(rules))
	for c := range rules {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Known reports whether code is in the catalogue.
func Known(code string) bool { _, ok := rules[code]; return ok }

// Severity returns the severity of a code (error when unknown).
func Severity(code string) diag.Severity {
	r := rules[code]
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
	r := rules[code]
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
	r := rules[code]
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
	r.C.Add(diag.Finding{
		Code: code, Severity: Severity(code), File: w.File, Line: w.Line, Column: w.Col,
		Register: w.Register, Record: w.Record, Field: w.Field, Value: w.Value, Clause: w.Clause,
		Message: Message(r.Lang, code, args),
	})
}

// ReportTruncated adds one findings-truncated finding for every file and code
// whose findings were cut to diag.MaxPerFileCode. Call it once, after every stage.
func (r *Reporter) ReportTruncated() {
	files, codes := r.C.Truncated()
	for i := range files {
		r.Report("findings-truncated", Where{File: files[i]}, map[string]string{"value": codes[i], "limit": strconv.Itoa(diag.MaxPerFileCode),
			"count": strconv.Itoa(r.C.Total(files[i], codes[i]))})
	}
}
