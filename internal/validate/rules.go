package validate

import (
	"strings"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/model"
)

// ApplyRules fits the findings to the site, in one place after every stage
// has reported: the severities of smsgen.yaml rules: (off drops a code), the
// extra front-matter keys of allowed_front_matter (no unknown-front-matter
// for them), and the findings each document accepts (front matter accept:),
// which stay in the list marked accepted but are not counted. Protected codes
// (model.Protected) are never lowered or accepted; the settings loader
// refuses such rules at their line. Applying the rules twice gives the same
// result, so a later stage (rendering, the version rules against git) may
// apply them to its own findings.
func ApplyRules(site *model.Site, fs []diag.Finding) []diag.Finding {
	if site == nil {
		return fs
	}
	st := site.Settings
	allowed := map[string]bool{}
	for _, k := range st.AllowedFrontMatter {
		allowed[strings.ToLower(strings.TrimSpace(k))] = true
	}
	accepts := map[string]map[string]string{} // file → code → reason
	for _, d := range site.Documents {
		for _, a := range d.Accepts {
			if accepts[d.Path] == nil {
				accepts[d.Path] = map[string]string{}
			}
			if _, dup := accepts[d.Path][a.Code]; !dup {
				accepts[d.Path][a.Code] = a.Reason
			}
		}
	}
	if len(st.Rules) == 0 && len(allowed) == 0 && len(accepts) == 0 {
		return fs
	}
	out := fs[:0:0]
	changed := false
	for _, f := range fs {
		if f.Code == "unknown-front-matter" && allowed[strings.ToLower(f.Field)] && site.DocByPath[f.File] != nil {
			changed = true
			continue
		}
		if !model.Protected(f.Code) {
			if lvl, ok := level(st.Rules, f.Code); ok {
				if lvl < 0 {
					changed = true
					continue
				}
				f.Severity = diag.Severity(lvl)
			}
			if r, ok := accepts[f.File][f.Code]; ok {
				f.Accepted = r
			}
		}
		if o := f.Omitted; o != nil && !model.Protected(o.Code) { // a cut stands for findings of o.Code
			if lvl, ok := level(st.Rules, o.Code); ok {
				if lvl < 0 {
					changed = true
					continue
				}
				c := *o
				c.Severity = diag.Severity(lvl)
				f.Omitted = &c
			}
		}
		out = append(out, f)
	}
	if changed || len(st.Rules) > 0 {
		diag.Sort(out)
	}
	return out
}

// level returns the severity a rule sets for code (-1 for off).
func level(rules map[string]string, code string) (int, bool) {
	switch rules[code] {
	case model.RuleOff:
		return -1, true
	case model.RuleWarning:
		return int(diag.Warning), true
	case model.RuleError:
		return int(diag.Error), true
	}
	return 0, false
}
