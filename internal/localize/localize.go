// Package localize holds presentation helpers shared by every renderer (HTML, PDF,
// Excel): display values in the site's language, dates per language, labels.
package localize

import (
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

var monthsID = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// Date formats a date per language: "21 November 2026" (id) / "21 November 2026" (en).
func Date(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return strconv.Itoa(t.Day()) + " " + monthsID[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateTime formats a date and time per language.
func DateTime(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	if t.Hour() == 0 && t.Minute() == 0 {
		return Date(t, lang)
	}
	return Date(t, lang) + " " + t.Format("15:04")
}

// Month formats a YYYY-MM period.
func Month(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("January 2006")
	}
	return monthsID[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// YesNo returns Ya/Tidak or Yes/No.
func YesNo(b bool, lang string) string {
	if b {
		return i18n.Label(lang, "yes")
	}
	return i18n.Label(lang, "no")
}

// Value returns the display text of a field of a record in lang (enum labels,
// Ya/Tidak, formatted dates; list items joined by newlines).
func Value(reg *model.Register, rec *model.Record, f *schema.Field, lang string) string {
	c := rec.Cell(f.Index)
	if c.Raw == "" {
		return ""
	}
	if !c.Valid() {
		return c.Raw
	}
	if f.List {
		items := c.Items(f.Type == schema.Ref || f.Type == schema.DocRef)
		for i, it := range items {
			if f.Type == schema.Enum {
				items[i] = f.EnumLabel(it, lang)
			}
		}
		return strings.Join(items, "\n")
	}
	switch f.Type {
	case schema.Enum:
		return f.EnumLabel(c.Raw, lang)
	case schema.Boolean:
		return YesNo(c.Bool(), lang)
	case schema.Date:
		return Date(c.Time(), lang)
	case schema.DateTime:
		return DateTime(c.Time(), lang)
	case schema.Month:
		return Month(c.Time(), lang)
	}
	return c.Raw
}

// ClassRank returns the rank of a classification (0 when unknown or empty):
// public < internal < restricted < confidential, the ranking of model.Restrict.
func ClassRank(c string) int { return model.ClassRank(c) }

// ValidClass reports whether c names a classification level.
func ValidClass(c string) bool { return model.ClassRank(c) > 0 }
