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
	y, m, d, hh, mm, ss, ok := isoFields(s, withTime)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC), true
}

// parseISOUnix is parseISO(s, withTime).Unix() without a time.Time.
func parseISOUnix(s string, withTime bool) (int64, bool) {
	y, m, d, hh, mm, ss, ok := isoFields(s, withTime)
	if !ok {
		return 0, false
	}
	return daysFromCivil(y, m, d)*86400 + int64(hh*3600+mm*60+ss), true
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's days_from_civil).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 1899 here: no negative division
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// isoFields reads the fields of the forms parseISO accepts.
func isoFields(s string, withTime bool) (y, m, d, hh, mm, ss int, ok bool) {
	n := len(s)
	if n != 10 && (!withTime || (n != 16 && n != 19)) {
		return
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
		return
	}
	y, m, d = num(0, 4), num(5, 2), num(8, 2)
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return
	}
	days := monthDays[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	if d > days {
		return
	}
	if hh, mm, ss, ok = isoClock(s); !ok {
		return
	}
	return y, m, d, hh, mm, ss, true
}

// isoClock reads the time of day of s, a date of isoFields's lengths whose
// first ten bytes are a date: none (0) for ten bytes, else [ T]HH:MM[:SS].
func isoClock(s string) (hh, mm, ss int, ok bool) {
	n := len(s)
	if n == 10 {
		return 0, 0, 0, true
	}
	num := func(i int) int {
		a, b := s[i], s[i+1]
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return -1
		}
		return int(a-'0')*10 + int(b-'0')
	}
	if (s[10] != ' ' && s[10] != 'T') || s[13] != ':' {
		return
	}
	hh, mm = num(11), num(14)
	if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return
	}
	if n == 19 {
		if s[16] != ':' {
			return
		}
		if ss = num(17); ss < 0 || ss > 59 {
			return
		}
	}
	return hh, mm, ss, true
}

var (
	phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{4,24}$`)
	monthRe = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
)

// Coerce types the cell of field f of a record: enums become canonical,
// numbers and dates are parsed. It returns the problems found (empty cells
// are not typed).
func Coerce(f *schema.Field, rec *Record, dp DateParser) []Problem {
	raw := rec.Raw(f.Index)
	if raw == "" {
		return nil
	}
	c := &rec.Cells[f.Index]
	if f.List && f.Type == schema.Text && f.Re == nil && cleanTextList(raw) {
		c.SetOK() // SplitList and Join would give raw back; every item is valid text
		return nil
	}
	if f.List {
		items := SplitList(raw, f.Type == schema.Ref || f.Type == schema.DocRef)
		var probs []Problem
		for i, it := range items {
			var tmp Cell
			out, ps := coerceOne(f, it, &tmp, dp)
			if len(ps) == 0 {
				items[i] = out
			}
			probs = append(probs, ps...)
		}
		if !joinedEquals(items, raw) {
			rec.SetRaw(f.Index, strings.Join(items, "\n"))
		}
		if len(probs) == 0 {
			c.SetOK()
		}
		return probs
	}
	out, probs := coerceOne(f, raw, c, dp)
	if out != raw {
		if f.Type == schema.Enum || f.Type == schema.Boolean {
			rec.setShared(f.Index, out) // the schema's string: one copy of each value, however many cells
		} else {
			rec.SetRaw(f.Index, out)
		}
	}
	return probs
}

// Memo remembers, for the fields of one register (by index), what CoerceWith
// does with their values and, for enum and boolean fields, the
// canonical values of the texts met last, so that typing a register's cells
// costs a lookup in the field's enum index (or the boolean words) per
// distinct text rather than per cell (their values repeat). One goroutine
// uses a Memo; the zero Memo is ready.
type Memo struct {
	kinds  []uint8         // by field index: memoOther... (0: not found yet)
	fields [][16]memoEntry // by field index
	days   []isoDay        // by field index
}

type memoEntry struct {
	in, out string
	num     float64 // a boolean's typed value
}

// entry returns the entry of s (non-empty) for f, and whether it holds s.
// It looks in four slots from one found from s's length and end bytes, and
// when s is in none gives the first empty one to fill, else the first one to
// replace: the few values of an enum field each keep a slot.
func (m *Memo) entry(f *schema.Field, s string) (*memoEntry, bool) {
	if f.Index >= len(m.fields) {
		m.fields = append(m.fields, make([][16]memoEntry, f.Index+1-len(m.fields))...)
	}
	t := &m.fields[f.Index]
	h := len(s) + 7*int(s[0]) + 3*int(s[len(s)-1])
	for k := range 4 {
		e := &t[(h+k)%len(t)]
		if e.in == s { // s != "": an empty entry never matches
			return e, true
		}
		if e.in == "" { // slots are filled in turn and never emptied: s is in none further
			return e, false
		}
	}
	return &t[h%len(t)], false
}

// isoDay is the day of the ISO date met last in a date field: its text
// (YYYY-MM-DD) and its days since 1970-01-01.
type isoDay struct {
	date string
	days int64
}

// date types the cell of a date or date-time field as Coerce does when its
// text is an ISO date or date-time (parseISOUnix), the date read once for
// the cells of the same day in a row; false for any other text.
func (m *Memo) date(f *schema.Field, rec *Record, raw string) bool {
	withTime := f.Type == schema.DateTime
	if n := len(raw); n != 10 && (!withTime || (n != 16 && n != 19)) {
		return false
	}
	if f.Index >= len(m.days) {
		m.days = append(m.days, make([]isoDay, f.Index+1-len(m.days))...)
	}
	d := &m.days[f.Index]
	if d.date == "" || raw[:10] != d.date {
		y, mo, dd, _, _, _, ok := isoFields(raw[:10], false)
		if !ok {
			return false
		}
		d.date, d.days = raw[:10], daysFromCivil(y, mo, dd)
	}
	hh, mm, ss, ok := isoClock(raw)
	if !ok {
		return false
	}
	rec.Cells[f.Index].Set(float64(d.days*86400 + int64(hh*3600+mm*60+ss))) // parseISOUnix's value
	return true
}

// CoerceWith is Coerce, the values of enum and boolean fields looked up
// through m and ISO dates read a day at a time (a nil m: Coerce).
func CoerceWith(f *schema.Field, rec *Record, dp DateParser, m *Memo) []Problem {
	if m == nil {
		return Coerce(f, rec, dp)
	}
	switch m.kind(f) {
	case memoDate:
		if raw := rec.Raw(f.Index); raw != "" && m.date(f, rec, raw) {
			return nil
		}
	case memoNumber:
		// a plain decimal in range: what coerceText sets, without its
		// dispatch; anything else (and every problem) is Coerce's
		raw := rec.Raw(f.Index)
		if v, ok := simpleNumber(raw); ok && (f.Type == schema.Number || v == float64(int64(v))) &&
			(f.Min == nil || v >= *f.Min) && (f.Max == nil || v <= *f.Max) {
			rec.Cells[f.Index].Set(v)
			return nil
		}
	case memoEnum, memoBoolean:
		return m.word(f, rec, dp)
	}
	return Coerce(f, rec, dp)
}

// Kinds of fields CoerceWith types itself (memoOther: Coerce does).
const (
	memoOther uint8 = 1 + iota
	memoDate
	memoNumber
	memoEnum
	memoBoolean
)

// kind returns what CoerceWith does with the values of f, found once per field.
func (m *Memo) kind(f *schema.Field) uint8 {
	if f.Index < len(m.kinds) && m.kinds[f.Index] != 0 {
		return m.kinds[f.Index]
	}
	if f.Index >= len(m.kinds) {
		m.kinds = append(m.kinds, make([]uint8, f.Index+1-len(m.kinds))...)
	}
	k := memoOther
	switch {
	case f.List:
	case f.Type == schema.Date || f.Type == schema.DateTime:
		k = memoDate
	case f.Type == schema.Integer || f.Type == schema.Number:
		k = memoNumber
	case f.Type == schema.Enum:
		k = memoEnum
	case f.Type == schema.Boolean:
		k = memoBoolean
	}
	m.kinds[f.Index] = k
	return k
}

// word types the cell of an enum or boolean field (not a list) as Coerce
// does, its canonical value and typed value remembered.
func (m *Memo) word(f *schema.Field, rec *Record, dp DateParser) []Problem {
	raw := rec.Raw(f.Index)
	if raw == "" {
		return nil
	}
	e, ok := m.entry(f, raw)
	c := &rec.Cells[f.Index]
	if !ok {
		var tmp Cell
		out, probs := coerceOne(f, raw, &tmp, dp)
		if len(probs) > 0 {
			return Coerce(f, rec, dp) // an invalid value: not remembered
		}
		e.in, e.out, e.num = raw, out, tmp.Typed.num()
	}
	// what Coerce does with a valid value
	if m.kinds[f.Index] == memoEnum {
		c.SetOK()
	} else {
		c.Set(e.num)
	}
	if e.out != raw {
		rec.setShared(f.Index, e.out) // the schema's string: one copy of each value, however many cells
	}
	return nil
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

// coerceOne types the text s of one value (a cell, or an item of a list) for
// f, setting c's typed value; it returns the canonical text (s when unchanged).
func coerceOne(f *schema.Field, s string, c *Cell, dp DateParser) (string, []Problem) {
	ps := coerceText(f, &s, c, dp)
	return s, ps
}

func coerceText(f *schema.Field, raw *string, c *Cell, dp DateParser) []Problem {
	s := *raw
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
		v, ok := simpleNumber(s)
		var err error
		if !ok {
			v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		}
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
		switch lowerASCII(s) {
		case "true", "yes", "ya", "y", "1", "benar":
			*raw = "true"
			c.Set(1)
		case "false", "no", "tidak", "n", "0", "salah":
			*raw = "false"
			c.Set(0)
		default:
			return bad("invalid-boolean")
		}
	case schema.Date, schema.DateTime:
		if u, ok := parseISOUnix(s, f.Type == schema.DateTime); ok {
			c.Set(float64(u)) // what SetTime(Parse(s)) stores, without a time.Time
			break
		}
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
		*raw = v
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
			*raw = strings.TrimSpace(typ) + ":" + target
		}
		if hasSpace(target) || target == "" {
			return bad("invalid-id")
		}
		c.SetOK()
	case schema.Email:
		if !simpleEmail(s) && !validEmail(s) {
			return bad("invalid-email")
		}
		c.SetOK()
	case schema.Phone:
		if !phoneShape(s) || (f.Re != nil && !f.Re.MatchString(s)) {
			return bad("invalid-phone")
		}
		c.SetOK()
	default:
		c.SetOK()
	}
	return nil
}

// validEmail is the rule of an email value: one address as net/mail reads
// it, nothing around it, and a dot in its domain.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// simpleEmail reports whether s is an address of the common shape, which
// validEmail accepts: LOCAL@DOMAIN, LOCAL of letters, digits and ._+-,
// DOMAIN of letters, digits, - and at least one dot, no part starting or
// ending with a dot nor holding two in a row. For anything else it reports
// false and the caller asks validEmail.
func simpleEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	return dotAtom(local, true) && dotAtom(domain, false) && strings.IndexByte(domain, '.') > 0
}

// dotAtom reports whether s is non-empty words of [A-Za-z0-9-] (and _ + in a
// local part) joined by single dots.
func dotAtom(s string, local bool) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
		case c == '.':
			if s[i-1] == '.' {
				return false
			}
		case local && (c == '_' || c == '+'):
		default:
			return false
		}
	}
	return true
}

// phoneShape is phoneRe (^\+?[0-9][0-9 ()-]{4,24}$) without the regexp engine.
func phoneShape(s string) bool {
	if s != "" && s[0] == '+' {
		s = s[1:]
	}
	if len(s) < 5 || len(s) > 25 || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', c == ' ', c == '(', c == ')', c == '-':
		default:
			return false
		}
	}
	return true
}

// lowerASCII is strings.ToLower without an allocation for ASCII text that
// has capitals (Tidak, YA); other text goes to strings.ToLower.
func lowerASCII(s string) string {
	if len(s) > 8 {
		return strings.ToLower(s) // longer than every boolean word
	}
	var buf [8]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(s)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch b := buf[:len(s)]; string(b) { // compared, not allocated
	case "true", "yes", "ya", "y", "1", "benar", "false", "no", "tidak", "n", "0", "salah":
		return boolWords[string(b)]
	}
	return "" // no boolean word
}

var boolWords = map[string]string{"true": "true", "yes": "yes", "ya": "ya", "y": "y", "1": "1", "benar": "benar",
	"false": "false", "no": "no", "tidak": "tidak", "n": "n", "0": "0", "salah": "salah"}

// pow10 holds the powers of ten that a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// simpleNumber parses [+-]DIGITS[(.|,)DIGITS] of at most 15 digits, the
// value strconv.ParseFloat gives for it (with "," read as "."): the digits
// are an exact float64 and so is the power of ten, and one division of
// exact values is correctly rounded. Anything else reports false.
func simpleNumber(s string) (float64, bool) {
	i, neg := 0, false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, i = s[0] == '-', 1
	}
	var m uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case (c == '.' || c == ',') && !dot && digits > 0 && i+1 < len(s):
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v := float64(m) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// RefItems returns the items of a reference cell as written: the value, or
// for a list field each item (see RefTarget for the id an item names).
func RefItems(f *schema.Field, c Val) []string {
	if c.Raw == "" {
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
