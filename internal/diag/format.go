package diag

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Text writes one finding per line: FILE:LINE:COL: SEVERITY CODE: MESSAGE,
// and its help, when set, on the next line, indented. Accepted findings are
// left out (JSON, SARIF and the findings page list them).
func Text(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		if f.Accepted != "" {
			continue
		}
		loc := printableLine(f.File) // a file name may hold a newline or an escape sequence: one finding, one line
		if f.Line > 0 {
			loc += ":" + strconv.Itoa(f.Line)
			if f.Column > 0 {
				loc += ":" + strconv.Itoa(f.Column)
			}
		}
		if _, err := fmt.Fprintf(w, "%s: %s %s: %s\n", loc, f.Severity, printableLine(oneLine(f.Code)), printableLine(oneLine(f.Message))); err != nil {
			return err
		}
		if h := oneLine(f.Help); h != "" {
			if _, err := fmt.Fprintf(w, "    %s\n", printableLine(h)); err != nil {
				return err
			}
		}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

type jsonFinding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Register string `json:"register"`
	Record   string `json:"record"`
	Field    string `json:"field"`
	Value    string `json:"value"`
	Clause   string `json:"clause"`
	Message  string `json:"message"`
	Help     string `json:"help"`
	// Accepted findings are listed, with the document's reason, but not counted.
	Accepted       bool   `json:"accepted"`
	AcceptedReason string `json:"accepted_reason"`
}

// JSON writes {valid, counts, findings}. The counts are true totals: they
// include the findings left out beyond MaxPerFileCode. Accepted findings are
// in findings[] (accepted: true) and counted apart (counts.accepted), never
// by severity or code.
func JSON(w io.Writer, fs []Finding, valid bool) error {
	bySev := map[string]int{"error": 0, "warning": 0, "info": 0}
	byCode := map[string]int{}
	out := make([]jsonFinding, 0, len(fs))
	total, accepted := 0, 0
	for _, f := range fs {
		jf := jsonFinding{f.Code, f.Severity.String(), f.File, f.Line, f.Column, f.Register, f.Record, f.Field, f.Value, f.Clause, oneLine(f.Message), oneLine(f.Help), f.Accepted != "", f.Accepted}
		out = append(out, jf)
		if f.Accepted != "" {
			accepted++
			continue
		}
		total++
		bySev[f.Severity.String()]++
		byCode[f.Code]++
		if o := f.Omitted; o != nil { // counts are true totals, also of what was cut
			bySev[o.Severity.String()] += o.Count
			byCode[o.Code] += o.Count
			total += o.Count
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{
		"valid":    valid,
		"counts":   map[string]any{"by_severity": bySev, "by_code": byCode, "total": total, "accepted": accepted},
		"findings": out,
	})
}

// GitHub writes workflow commands (::error file=…,line=…,col=…,title=…::message),
// the help on the annotation's second line. Accepted findings are left out.
func GitHub(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		if f.Accepted != "" {
			continue
		}
		kind := "notice"
		switch f.Severity {
		case Error:
			kind = "error"
		case Warning:
			kind = "warning"
		}
		props := "file=" + ghProp(printableLine(f.File))
		if f.Line > 0 {
			props += ",line=" + strconv.Itoa(f.Line)
			if f.Column > 0 {
				props += ",col=" + strconv.Itoa(f.Column)
			}
		}
		props += ",title=" + ghProp(printableLine(f.Code))
		msg := printableLine(oneLine(f.Message))
		if h := oneLine(f.Help); h != "" {
			msg += "\n" + printableLine(h)
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", kind, props, ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// RuleInfo describes a code for SARIF: short description and help text.
type RuleInfo func(code string) (short, help string, sev Severity)

// SARIF writes a SARIF 2.1.0 log with one run: rules with ids and help, results with locations.
func SARIF(w io.Writer, fs []Finding, tool, version string, info RuleInfo) error {
	codes := map[string]bool{}
	for _, f := range fs {
		codes[f.Code] = true
	}
	var ids []string
	for c := range codes {
		ids = append(ids, c)
	}
	sort.Strings(ids)
	index := map[string]int{}
	rules := make([]map[string]any, 0, len(ids))
	for i, c := range ids {
		short, help, sev := info(c)
		index[c] = i
		rules = append(rules, map[string]any{
			"id":                   c,
			"name":                 sarifName(c),
			"shortDescription":     map[string]string{"text": short},
			"fullDescription":      map[string]string{"text": help},
			"help":                 map[string]string{"text": help},
			"defaultConfiguration": map[string]string{"level": level(sev)},
		})
	}
	results := make([]map[string]any, 0, len(fs))
	for _, f := range fs {
		// GitHub code scanning needs a region on every result: a finding about
		// a whole file points at its first line.
		region := map[string]any{"startLine": max(f.Line, 1)}
		if f.Line > 0 && f.Column > 0 {
			region["startColumn"] = f.Column
		}
		loc := map[string]any{"artifactLocation": map[string]any{"uri": sarifURI(f.File)}, "region": region}
		props := map[string]any{}
		for k, v := range map[string]string{"register": f.Register, "record": f.Record, "field": f.Field, "clause": f.Clause} {
			if v != "" {
				props[k] = v
			}
		}
		r := map[string]any{
			"ruleId":    f.Code,
			"ruleIndex": index[f.Code],
			"level":     level(f.Severity),
			"message":   map[string]string{"text": oneLine(f.Message)},
			"locations": []any{map[string]any{"physicalLocation": loc}},
		}
		if len(props) > 0 {
			r["properties"] = props
		}
		if f.Accepted != "" {
			r["suppressions"] = []any{map[string]string{"kind": "inSource", "justification": f.Accepted}}
		}
		results = append(results, r)
	}
	log := map[string]any{
		"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": tool, "version": version, "informationUri": "https://github.com/smsgen/smsgen", "rules": rules,
			}},
			"results": results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// sarifURI turns a relative slash-separated path into a relative URI
// reference (spaces and non-ASCII letters percent-encoded).
func sarifURI(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

func sarifName(code string) string {
	var b strings.Builder
	for _, p := range strings.Split(code, "-") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

func level(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// GitLab writes a GitLab Code Quality report: a JSON array of issues with
// description (the message, then the help), check_name (the code), a
// fingerprint, severity (error major, warning minor, info info) and
// location.path with location.lines.begin (1 for a finding about a whole file).
// Accepted findings are left out.
//
// The fingerprint identifies a finding across runs (GitLab compares the
// fingerprints of a merge request with those of its target branch): it hashes
// the code, the path and what the finding is about (register, record, field,
// value) — never the line or the message, which move when lines are added above
// or the language changes — plus, among findings with the same of these, their
// rank in the stable order.
func GitLab(w io.Writer, fs []Finding) error {
	type lines struct {
		Begin int `json:"begin"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Type        string   `json:"type"`
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Location    location `json:"location"`
	}
	out := make([]issue, 0, len(fs))
	rank := map[string]int{}
	for _, f := range fs {
		if f.Accepted != "" {
			continue
		}
		key := strings.Join([]string{f.Code, f.File, f.Register, f.Record, f.Field, f.Value}, "\x00")
		n := rank[key]
		rank[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		desc := oneLine(f.Message)
		if h := oneLine(f.Help); h != "" {
			desc += " — " + h
		}
		sev := "info"
		switch f.Severity {
		case Error:
			sev = "major"
		case Warning:
			sev = "minor"
		}
		out = append(out, issue{Type: "issue", Description: desc, CheckName: f.Code, Fingerprint: hex.EncodeToString(sum[:16]),
			Severity: sev, Location: location{Path: f.File, Lines: lines{Begin: max(f.Line, 1)}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
