package xlsx

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// Cell kinds of a column.
const (
	kText = iota
	kList
	kNumber
	kDate
	kDateTime
	kMonth
	kBool
	kEnum
	kEnumList
	kRef
	kComputedDate // read-only column computed at build time (keys start with "_")
)

// Style slots: every workbook creates its styles in this order so that a
// slot has the same cellXfs index in every workbook and the rendered rows can
// be shared between NAME.xlsx and registers.xlsx.
const (
	sHeader = iota
	sText
	sWrap
	sInt
	sNumber
	sDate
	sDateTime
	sMonth
	sLinkSelf  // reference into the same sheet
	sLinkCross // reference into another sheet: a link in registers.xlsx, plain text in NAME.xlsx
	sTitle     // last: the only slot without a column-default variant
	sSlots
)

// column is one column of a register sheet.
type column struct {
	key   string // id, notes, a field key, or _name for computed columns
	label string // header label in the site's language, unique in the sheet
	field *schema.Field
	kind  int
	style int     // style slot
	width float64 // fitted width (characters)
	wrap  bool
	// target register of a reference column ("" otherwise)
	ref string
}

// KeyTestDue is the computed column of continuity plans: when the next test is due.
const KeyTestDue = "_test_due"

// columnsOf returns the columns of a register's sheet: id, the schema's
// fields, notes, then computed columns. Personal fields are left out of a
// public build (they are blank there anyway).
func columnsOf(reg *model.Register, lang string, public bool) []*column {
	sch := reg.Schema
	idLabel, notesLabel := i18n.Label(lang, "id_col"), i18n.Label(lang, "notes")
	cols := []*column{{key: "id", label: idLabel, kind: kText, style: sText}}
	for _, f := range sch.Fields {
		if public && f.Personal {
			continue
		}
		c := &column{key: f.Key, label: f.Label.In(lang), field: f, style: sText}
		switch {
		case f.List && f.Type == schema.Enum:
			c.kind, c.style, c.wrap = kEnumList, sWrap, true
		case f.Type == schema.Ref:
			c.kind, c.ref = kRef, f.Ref
			if f.Ref == reg.Name {
				c.style = sLinkSelf
			} else {
				c.style = sLinkCross
			}
			c.wrap = f.List
		case f.List:
			c.kind, c.style, c.wrap = kList, sWrap, true
		case f.Type == schema.Integer:
			c.kind, c.style = kNumber, sInt
		case f.Type == schema.Number:
			c.kind, c.style = kNumber, sNumber
		case f.Type == schema.Date:
			c.kind, c.style = kDate, sDate
		case f.Type == schema.DateTime:
			c.kind, c.style = kDateTime, sDateTime
		case f.Type == schema.Month:
			c.kind, c.style = kMonth, sMonth
		case f.Type == schema.Boolean:
			c.kind = kBool
		case f.Type == schema.Enum:
			c.kind = kEnum
		}
		cols = append(cols, c)
	}
	cols = append(cols, &column{key: "notes", label: notesLabel, kind: kText, style: sWrap, wrap: true})
	if reg.Name == "continuity" {
		cols = append(cols, &column{key: KeyTestDue, label: i18n.Label(lang, "next_test_due"), kind: kComputedDate, style: sDate})
	}
	uniqueLabels(cols)
	for _, c := range cols {
		c.width = textWidth(c.label)
		switch c.kind {
		case kDate, kMonth, kComputedDate:
			c.width = max(c.width, 13)
		case kDateTime:
			c.width = max(c.width, 18)
		}
	}
	return cols
}

// uniqueLabels makes header labels non-empty and unique (case-insensitively,
// as Excel tables require): an empty label becomes the key, a repeated one
// gets " (2)", " (3)" …
func uniqueLabels(cols []*column) {
	seen := map[string]bool{}
	for _, c := range cols {
		l := strings.TrimSpace(strings.Join(strings.Fields(c.label), " "))
		if l == "" {
			l = c.key
		}
		if l == "" {
			l = "Kolom"
		}
		base := l
		for n := 2; seen[strings.ToLower(l)]; n++ {
			l = base + " (" + strconv.Itoa(n) + ")"
		}
		seen[strings.ToLower(l)] = true
		c.label = l
	}
}

// textWidth estimates the column width needed for s: its longest line.
func textWidth(s string) float64 {
	w := 0
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		line := s
		if i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if n := utf8.RuneCountInString(line); n > w {
			w = n
		}
	}
	return float64(w)
}

// colName returns the column letters of a 1-based column number.
func colName(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}
