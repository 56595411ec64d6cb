package model

import (
	"net/mail"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/schema"
)

func sortStrings(s []string) { sort.Strings(s) }

// Problem is what went wrong typing a value: a finding code and message arguments.
type Problem struct {
	Code string
	Args map[string]string
}

// DateParser parses dates in ISO 8601 and optionally one local layout.
type DateParser struct {
	local string // Go layout for the site's local date format, "" for none
}

// NewDateParser converts a format such as DD/MM/YYYY into a parser.
func NewDateParser(format string) DateParser {
	r := strings.NewReplacer("YYYY", "2006", "MM", "01", "DD", "02", "HH", "15", "mm", "04")
	if format == "" {
		return DateParser{}
	}
	return DateParser{local: r.Replace(format)}
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

var (
	dateLayouts     = []string{"2006-01-02"}
	dateTimeLayouts = []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05",
		time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -07:00"}
)

// Parse parses a date (withTime false) or a date-time (withTime true; a plain date is accepted as midnight).
func (p DateParser) Parse(s string, withTime bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	// Fast path for the common ISO forms: the same result as the layouts
	// below, without the allocations of time.Parse's errors.
	if t, ok := parseISO(s, withTime); ok {
		return t, true
	}
	var buf [12]string
	layouts := buf[:0]
	// every ISO layout starts "2006-": it cannot match unless s[4] is '-'
	if len(s) > 4 && s[4] == '-' {
		layouts = append(layouts, dateLayouts...)
		if withTime {
			layouts = append(buf[:0], dateTimeLayouts...)
		}
	}
	if p.local != "" {
		layouts = append(layouts, p.local)
		if withTime {
			layouts = append(layouts, p.local+" 15:04")
		}
	}
	for _, l := range layouts {
		if len(s) < 8 || len(s) > 40 {
			break
		}
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// parseISO parses exactly YYYY-MM-DD and, with withTime, YYYY-MM-DD[ T]HH:MM[:SS]
// (UTC). It reports false for anything else, which the caller leaves to time.Parse.
func parseISO(s string, withTime bool) (time.Time, bool) {
	n := len(s)
	if n != 10 && (!withTime || (n != 16 && n != 19)) {
		return time.Time{}, false
	}
	num := func(i, w int) int {
		v := 0
		for k := i; k < i+w; k++ {
			c := s[k]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	if s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, m, d := num(0, 4), num(5, 2), num(8, 2)
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	days := monthDays[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d > days {
		return time.Time{}, false
	}
	hh, mm, ss := 0, 0, 0
	if n > 10 {
		if (s[10] != ' ' && s[10] != 'T') || s[13] != ':' {
			return time.Time{}, false
		}
		hh, mm = num(11, 2), num(14, 2)
		if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
			return time.Time{}, false
		}
		if n == 19 {
			if s[16] != ':' {
				return time.Time{}, false
			}
			if ss = num(17, 2); ss < 0 || ss > 59 {
				return time.Time{}, false
			}
		}
	}
	return time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC), true
}

var (
	phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{4,24}$`)
	monthRe = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
)

// Coerce types a cell for its field: enums become canonical, numbers and dates
// are parsed. It returns the problems found (empty cells are not typed).
func Coerce(f *schema.Field, c *Cell, dp DateParser) []Problem {
	if c.Raw == "" {
		return nil
	}
	if f.List && f.Type == schema.Text && f.Re == nil && cleanTextList(c.Raw) {
		c.SetOK() // SplitList and Join would give c.Raw back; every item is valid text
		return nil
	}
	if f.List {
		items := SplitList(c.Raw, f.Type == schema.Ref || f.Type == schema.DocRef)
		var probs []Problem
		for i, it := range items {
			var tmp Cell
			tmp.Raw = it
			ps := coerceOne(f, &tmp, dp)
			if len(ps) == 0 {
				items[i] = tmp.Raw
			}
			probs = append(probs, ps...)
		}
		if !joinedEquals(items, c.Raw) {
			c.Raw = strings.Join(items, "\n")
		}
		if len(probs) == 0 {
			c.SetOK()
		}
		return probs
	}
	return coerceOne(f, c, dp)
}

// hasSpace reports whether s holds a character of RE2's \s class ([\t\n\f\r ]).
func hasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\f', '\r', ' ':
			return true
		}
	}
	return false
}

// cleanTextList reports whether a text list is already in the form
// SplitList(s, false) joined by newlines gives: non-empty lines without
// surrounding space, carriage returns or leading bullets.
func cleanTextList(s string) bool {
	for s != "" {
		line := s
		i := strings.IndexByte(s, '\n')
		if i >= 0 {
			line, s = s[:i], s[i+1:]
			if s == "" {
				return false // trailing newline
			}
		} else {
			s = ""
		}
		if line == "" || strings.IndexByte(line, '\r') >= 0 || strings.TrimSpace(line) != line ||
			line[0] == '-' || line[0] == '*' || strings.HasPrefix(line, "•") {
			return false
		}
	}
	return true
}

// joinedEquals reports whether strings.Join(items, "\n") == s, without joining.
func joinedEquals(items []string, s string) bool {
	for i, it := range items {
		if i > 0 {
			if s == "" || s[0] != '\n' {
				return false
			}
			s = s[1:]
		}
		if !strings.HasPrefix(s, it) {
			return false
		}
		s = s[len(it):]
	}
	return s == ""
}

func coerceOne(f *schema.Field, c *Cell, dp DateParser) []Problem {
	s := c.Raw
	bad := func(code string) []Problem {
		return []Problem{{Code: code, Args: map[string]string{"value": s, "type": f.Type}}}
	}
	switch f.Type {
	case schema.Text, schema.History, schema.SOP:
		if f.Re != nil && !f.Re.MatchString(s) {
			return []Problem{{Code: "pattern-mismatch", Args: map[string]string{"value": s, "pattern": f.Pattern}}}
		}
		c.SetOK()
	case schema.Integer, schema.Number:
		v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || (f.Type == schema.Integer && v != float64(int64(v))) {
			return bad("invalid-number")
		}
		if (f.Min != nil && v < *f.Min) || (f.Max != nil && v > *f.Max) {
			lo, hi := "", ""
			if f.Min != nil {
				lo = strconv.FormatFloat(*f.Min, 'f', -1, 64)
			}
			if f.Max != nil {
				hi = strconv.FormatFloat(*f.Max, 'f', -1, 64)
			}
			return []Problem{{Code: "out-of-range", Args: map[string]string{"value": s, "min": lo, "max": hi}}}
		}
		c.Set(v)
	case schema.Boolean:
		switch strings.ToLower(s) {
		case "true", "yes", "ya", "y", "1", "benar":
			c.Raw = "true"
			c.Set(1)
		case "false", "no", "tidak", "n", "0", "salah":
			c.Raw = "false"
			c.Set(0)
		default:
			return bad("invalid-boolean")
		}
	case schema.Date, schema.DateTime:
		t, ok := dp.Parse(s, f.Type == schema.DateTime)
		if !ok {
			return bad("invalid-date")
		}
		c.SetTime(t)
	case schema.Month:
		m := monthRe.FindStringSubmatch(s)
		if m == nil {
			return bad("invalid-date")
		}
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return bad("invalid-date")
		}
		c.SetTime(t)
	case schema.Enum:
		v, ok := f.EnumLookup(s)
		if !ok {
			var allowed []string
			for _, e := range f.Values {
				allowed = append(allowed, e.Value)
			}
			return []Problem{{Code: "invalid-enum", Args: map[string]string{"value": s, "allowed": strings.Join(allowed, ", ")}}}
		}
		c.Raw = v
		c.SetOK()
	case schema.Ref, schema.DocRef:
		target := s
		if len(f.RefPrefixTypes) > 0 {
			typ, id, found := strings.Cut(s, ":")
			ok := false
			for _, t := range f.RefPrefixTypes {
				if found && strings.TrimSpace(typ) == t {
					ok = true
				}
			}
			if !ok {
				return []Problem{{Code: "invalid-relationship", Args: map[string]string{"value": s, "allowed": strings.Join(f.RefPrefixTypes, ", ")}}}
			}
			target = strings.TrimSpace(id)
			c.Raw = strings.TrimSpace(typ) + ":" + target
		}
		if hasSpace(target) || target == "" {
			return bad("invalid-id")
		}
		c.SetOK()
	case schema.Email:
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
			return bad("invalid-email")
		}
		c.SetOK()
	case schema.Phone:
		if !phoneRe.MatchString(s) || (f.Re != nil && !f.Re.MatchString(s)) {
			return bad("invalid-phone")
		}
		c.SetOK()
	default:
		c.SetOK()
	}
	return nil
}

// RefItems returns the items of a reference cell as written: the value, or
// for a list field each item (see RefTarget for the id an item names).
func RefItems(f *schema.Field, c *Cell) []string {
	if c == nil || c.Raw == "" {
		return nil
	}
	if f.List {
		return c.Items(true)
	}
	return []string{strings.TrimSpace(c.Raw)}
}

// RefTarget returns the record id a reference item points to (strips `TYPE:`).
func RefTarget(f *schema.Field, item string) string {
	if len(f.RefPrefixTypes) > 0 {
		if _, id, ok := strings.Cut(item, ":"); ok {
			return strings.TrimSpace(id)
		}
	}
	return item
}
