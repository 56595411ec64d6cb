package resolve

// The derivations validation and the outputs share: validation reports what
// disagrees with them, the outputs show them.

import (
	"github.com/smsgen/smsgen/internal/attach"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// schemeLen returns the length of the URL scheme dest starts with, the text
// before its first ':' when it is a letter and then letters, digits, '+', '.'
// or '-' (^([a-zA-Z][a-zA-Z0-9+.-]*):), and 0 when there is none.
func schemeLen(dest string) int {
	isAlpha := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	if dest == "" || !isAlpha(dest[0]) {
		return 0
	}
	for i := 1; i < len(dest); i++ {
		switch c := dest[i]; {
		case c == ':':
			return i
		case isAlpha(c) || '0' <= c && c <= '9' || c == '+' || c == '.' || c == '-':
		default:
			return 0
		}
	}
	return 0
}

// LinkReason says why a link is broken or unsafe: a label of the catalogue
// (reason_*) with its arguments, or the attachment rules' problem, written
// in a language by In; or a text as it is (an unsafe link's scheme).
type LinkReason struct {
	label  string
	args   []any
	text   string
	attach *attach.Problem
}

func reason(label string, args ...any) LinkReason { return LinkReason{label: label, args: args} }

// In writes the reason in lang ("" when there is none).
func (r LinkReason) In(lang string) string {
	if r.attach != nil {
		return r.attach.In(lang)
	}
	if r.label == "" {
		return r.text
	}
	return i18n.Labelf(lang, r.label, r.args...)
}

// ResolveLink classifies and resolves one link of document d (without reporting).
// It returns the finding code and reason when the link is broken or unsafe.
func ResolveLink(site *model.Site, d *model.Document, l *model.Link) (code string, why LinkReason) {
	dest := strings.TrimSpace(l.Dest)
	if dest == "" {
		l.Kind = "invalid"
		return "broken-link", reason("reason_empty")
	}
	if n := schemeLen(dest); n > 1 { // one letter: a Windows drive, never a scheme
		scheme := strings.ToLower(dest[:n])
		rest := dest[n+1:]
		switch scheme {
		case "http", "https", "mailto", "tel":
			l.Kind = "external"
			return "", LinkReason{}
		case "doc":
			id, anchor, _ := strings.Cut(rest, "#")
			l.Kind, l.DocID, l.Anchor = "doc", id, anchor
			t := site.DocByID[id]
			if t == nil {
				return "broken-link", reason("reason_no_document", id)
			}
			if anchor != "" && !hasAnchor(t, anchor) {
				return "broken-link", reason("reason_no_heading_in", anchor, id)
			}
			return "", LinkReason{}
		case "reg":
			ref, anchor, _ := strings.Cut(rest, "#")
			name, id, _ := strings.Cut(ref, "/")
			l.Kind, l.Register, l.RecordID, l.Anchor = "reg", name, id, anchor
			reg := site.Registers[name]
			if reg == nil {
				return "broken-link", reason("reason_no_register", name)
			}
			if id != "" {
				if _, ok := reg.ByID[id]; !ok {
					return "broken-link", reason("reason_no_record_in", id, name)
				}
			}
			return "", LinkReason{}
		default:
			l.Kind = "invalid"
			return "unsafe-link", LinkReason{text: scheme}
		}
	}
	// control characters and backslashes are never part of a safe link
	if strings.ContainsAny(dest, "\\\x00") {
		l.Kind = "invalid"
		return "unsafe-link", reason("reason_backslash")
	}
	if strings.HasPrefix(dest, "//") {
		l.Kind = "invalid"
		return "unsafe-link", reason("reason_protocol_relative")
	}
	p, anchor, _ := strings.Cut(dest, "#")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if p == "" {
		l.Kind, l.Anchor = "anchor", anchor
		if anchor != "" && !hasAnchor(d, anchor) {
			return "broken-link", reason("reason_no_heading", anchor)
		}
		return "", LinkReason{}
	}
	if up, err := url.PathUnescape(p); err == nil {
		p = up
	}
	if strings.HasPrefix(p, "/") {
		l.Kind = "invalid"
		return "broken-link", reason("reason_absolute_path")
	}
	target := path.Join(path.Dir(d.Path), p)
	if target == ".." || strings.HasPrefix(target, "../") {
		l.Kind = "invalid"
		return "link-outside-root", LinkReason{}
	}
	l.File, l.Anchor = target, anchor
	if t := site.DocByPath[target]; t != nil {
		l.Kind, l.DocID = "doc", t.DocID
		if anchor != "" && !hasAnchor(t, anchor) {
			return "broken-link", reason("reason_no_heading", anchor)
		}
		return "", LinkReason{}
	}
	l.Kind = "file"
	if !site.Files[target] {
		if pr := attach.CheckPath(site.Root, target); pr != nil {
			// .git/config, content/../.git/config, an encoded path: never a broken link only
			return pr.Code, LinkReason{attach: pr}
		}
		return "broken-link", reason("reason_no_file", target)
	}
	return "", LinkReason{}
}

func hasAnchor(d *model.Document, a string) bool {
	if ua, err := url.PathUnescape(a); err == nil {
		a = ua
	}
	for _, h := range d.Headings {
		if h.ID == a {
			return true
		}
	}
	return false
}

// intervalMonths maps test_interval to months.
var intervalMonths = map[string]int{"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}

// TestDue returns when a plan's next test is due given its newest test (zero if never tested).
func TestDue(interval string, newest time.Time) time.Time {
	m := intervalMonths[interval]
	if m == 0 || newest.IsZero() {
		return time.Time{}
	}
	return newest.AddDate(0, m, 0)
}

// NewestTests returns the newest test date of every plan.
func NewestTests(site *model.Site) map[string]time.Time {
	out := map[string]time.Time{}
	tests := site.Registers["continuity_tests"]
	if tests == nil {
		return out
	}
	for _, t := range tests.Records {
		plan := tests.Value(t, "plan")
		c := tests.Get(t, "test_date")
		if plan == "" || !c.Valid() {
			continue
		}
		if c.Time().After(out[plan]) {
			out[plan] = c.Time()
		}
	}
	return out
}

// Expected returns the computed value of a computed field, and whether it can be computed.
func Expected(site *model.Site, reg *model.Register, rec *model.Record, f *schema.Field) (float64, bool) {
	num := func(key string) (float64, bool) {
		c := reg.Get(rec, key)
		if !c.Valid() {
			return 0, false
		}
		return c.Float(), true
	}
	switch f.Computed {
	case "priority_matrix":
		p := site.Schemas.Priority.Of(reg.Value(rec, "impact"), reg.Value(rec, "urgency"))
		return float64(p), p > 0
	case "availability_pct":
		agreed, ok1 := num("agreed_minutes")
		down, ok2 := num("unplanned_downtime_min")
		if !ok1 || !ok2 || agreed <= 0 || down > agreed+1e-9 {
			return 0, false // more downtime than agreed time: downtime-exceeds-agreed, never a negative figure
		}
		return 100 * (agreed - down) / agreed, true
	case "risk_level":
		l, ok1 := num("likelihood")
		i, ok2 := num("impact")
		return l * i, ok1 && ok2
	}
	return 0, false
}

// Actual returns the actual availability of a record (given or computed).
func Actual(site *model.Site, r *model.Register, rec *model.Record) (float64, bool) {
	if DowntimeExceeds(r, rec) { // figures that contradict each other give none
		return 0, false
	}
	if c := r.Get(rec, "actual_pct"); c.Valid() {
		return c.Float(), true
	}
	f := r.Schema.Field("actual_pct")
	if f == nil {
		return 0, false
	}
	return Expected(site, r, rec, f)
}

// DowntimeExceeds reports an availability period whose unplanned downtime is
// larger than its agreed time (downtime-exceeds-agreed): no availability is
// computed or shown for it.
func DowntimeExceeds(r *model.Register, rec *model.Record) bool {
	agreed, down := r.Get(rec, "agreed_minutes"), r.Get(rec, "unplanned_downtime_min")
	return agreed.Valid() && down.Valid() && agreed.Float() > 0 && down.Float() > agreed.Float()+1e-9
}
