package importer

import (
	"regexp"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/schema"
)

// colStyle is how the rows a register file already holds write one column:
// enum values as keys or as labels in one language, dates in ISO form or in
// a local one (21/11/2026, 21-11-2026). New and changed values are written
// the same way, so that an import never puts "resolved" under "Dalam
// Penanganan" or 2026-11-21 under 21/11/2026.
type colStyle struct {
	enumLang   string // "" keys, "id" or "en" labels
	dateLayout string // "" ISO, else a Go layout of the date part
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

// detectStyles finds the style of every enum and date column from the
// cells of the existing rows (the most frequent form wins; keys and ISO
// dates when it is a tie or there are no rows).
func detectStyles(sch *schema.Register, colKey []string, rows map[int][]string) map[string]colStyle {
	out := map[string]colStyle{}
	for j, k := range colKey {
		f := sch.Field(k)
		if f == nil || f.List {
			continue
		}
		switch f.Type {
		case schema.Enum:
			n := map[string]int{}
			for _, row := range rows {
				if j >= len(row) {
					continue
				}
				v := strings.TrimSpace(row[j])
				if v == "" {
					continue
				}
				for _, e := range f.Values {
					switch {
					case v == e.Value:
						n[""]++
					case e.ID != "" && schema.FoldKey(v) == schema.FoldKey(e.ID):
						n["id"]++
					case e.EN != "" && schema.FoldKey(v) == schema.FoldKey(e.EN):
						n["en"]++
					}
				}
			}
			best := ""
			for _, l := range []string{"id", "en"} {
				if n[l] > n[best] {
					best = l
				}
			}
			out[k] = colStyle{enumLang: best}
		case schema.Date, schema.DateTime:
			n := map[string]int{}
			for _, row := range rows {
				if j >= len(row) {
					continue
				}
				v := strings.TrimSpace(row[j])
				for _, s := range dateShapes {
					if s.re.MatchString(v) {
						n[s.layout]++
						break
					}
				}
			}
			best := ""
			for _, s := range dateShapes {
				if n[s.layout] > n[best] {
					best = s.layout
				}
			}
			out[k] = colStyle{dateLayout: best}
		}
	}
	return out
}

// render writes a canonical value of field f in the column's style.
func (s colStyle) render(f *schema.Field, v string) string {
	if f == nil || v == "" {
		return v
	}
	switch {
	case f.Type == schema.Enum && s.enumLang != "":
		for _, e := range f.Values {
			if e.Value == v {
				return e.Label(s.enumLang)
			}
		}
	case (f.Type == schema.Date || f.Type == schema.DateTime) && s.dateLayout != "":
		for _, in := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
			t, err := time.Parse(in, v)
			if err != nil {
				continue
			}
			if len(in) > len("2006-01-02") {
				return t.Format(s.dateLayout + " 15:04")
			}
			return t.Format(s.dateLayout)
		}
	}
	return v
}
