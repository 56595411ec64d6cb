package schema

import (
	"regexp"
	"strings"
	"time"
)

// ColumnStyle is how the rows a register file already holds write one
// column: enum values as keys or as labels in one language, dates in ISO form
// or in a local one (21/11/2026, 21-11-2026). New and changed values are
// written the same way (smsgen import --write, smsgen new), so that a file
// never gets "resolved" under "Dalam Penanganan" or 2026-11-21 under
// 21/11/2026.
type ColumnStyle struct {
	EnumLang   string // "" keys, "id" or "en" labels
	DateLayout string // "" ISO, else the Go layout of the date part
}

var dateShapes = []struct {
	re     *regexp.Regexp
	layout string
}{
	{regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`), ""},
	{regexp.MustCompile(`^\d{2}/\d{2}/\d{4}`), "02/01/2006"},
	{regexp.MustCompile(`^\d{2}-\d{2}-\d{4}`), "02-01-2006"},
	{regexp.MustCompile(`^\d{2}\.\d{2}\.\d{4}`), "02.01.2006"},
}

// DetectStyle finds the style of a column of field f from its existing
// cells: the most frequent form wins; keys and ISO dates when it is a tie or
// there are none.
func DetectStyle(f *Field, cells []string) ColumnStyle {
	var s ColumnStyle
	if f == nil || f.List {
		return s
	}
	n := map[string]int{}
	switch f.Type {
	case Enum:
		for _, v := range cells {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			for _, e := range f.Values {
				switch {
				case v == e.Value:
					n[""]++
				case e.ID != "" && foldKey(v) == foldKey(e.ID):
					n["id"]++
				case e.EN != "" && foldKey(v) == foldKey(e.EN):
					n["en"]++
				}
			}
		}
		for _, l := range []string{"id", "en"} {
			if n[l] > n[s.EnumLang] {
				s.EnumLang = l
			}
		}
	case Date, DateTime:
		for _, v := range cells {
			v = strings.TrimSpace(v)
			for _, d := range dateShapes {
				if d.re.MatchString(v) {
					n[d.layout]++
					break
				}
			}
		}
		for _, d := range dateShapes {
			if n[d.layout] > n[s.DateLayout] {
				s.DateLayout = d.layout
			}
		}
	}
	return s
}

// Render writes a canonical value of field f in the style.
func (s ColumnStyle) Render(f *Field, v string) string {
	if f == nil || v == "" || f.List {
		return v
	}
	switch {
	case f.Type == Enum && s.EnumLang != "":
		for _, e := range f.Values {
			if e.Value == v {
				return e.Label(s.EnumLang)
			}
		}
	case (f.Type == Date || f.Type == DateTime) && s.DateLayout != "":
		for _, in := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
			t, err := time.Parse(in, v)
			if err != nil {
				continue
			}
			if len(in) > len("2006-01-02") {
				return t.Format(s.DateLayout + " 15:04")
			}
			return t.Format(s.DateLayout)
		}
	}
	return v
}
