package i18n

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

//go:embed labels.yaml
var labelsYAML []byte

// labelText is one label in both languages.
type labelText struct {
	ID string `yaml:"id"`
	EN string `yaml:"en"`
}

// labelCatalogue parses labels.yaml on first use (a command that prints no
// label never pays for it).
type labelCatalogue struct {
	texts map[string]labelText
	byLg  map[string]Labels
}

var labels = sync.OnceValue(func() *labelCatalogue {
	var labelTexts map[string]labelText
	labelsByLg := map[string]Labels{}
	if err := yaml.Unmarshal(labelsYAML, &labelTexts); err != nil {
		panic("i18n: labels.yaml: " + err.Error())
	}
	for _, lang := range []string{"id", "en"} {
		m := make(Labels, len(labelTexts))
		for k, v := range labelTexts {
			m[k] = v.ID
			if lang == "en" {
				m[k] = v.EN
			}
		}
		labelsByLg[lang] = m
	}
	return &labelCatalogue{texts: labelTexts, byLg: labelsByLg}
})

// Labels are the UI labels in one language, by key. Indexing the map gives the
// raw text (printf verbs and {one|other} plural choices unfilled); T and F are
// the checked lookups.
type Labels map[string]string

// Lang is the language smsgen speaks for lang: "en" for "en", else "id"
// (Bahasa Indonesia, the default).
func Lang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "id"
}

// KnownLang reports whether lang names a language smsgen speaks ("" is the
// default, and known): what a --lang option accepts.
func KnownLang(lang string) bool { return lang == "" || lang == "id" || lang == "en" }

// LabelsIn returns the labels in lang: English for "en", Indonesian otherwise.
// The map is shared: do not change it.
func LabelsIn(lang string) Labels {
	if lang == "en" {
		return labels().byLg["en"]
	}
	return labels().byLg["id"]
}

// Label returns the label key in lang (the key itself, recorded as missing,
// when the catalogue has no such key).
func Label(lang, key string) string { return LabelsIn(lang).T(key) }

// Labelf returns the label key in lang with its printf verbs filled from args
// and, in English, its plural choices made by the counts.
func Labelf(lang, key string, args ...any) string { return LabelsIn(lang).F(key, args...) }

// T returns the label of key with any plural choice in its plural form.
func (l Labels) T(key string) string {
	s, ok := l[key]
	if !ok {
		noteMissing(key)
		return key
	}
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	return plurals(s, nil)
}

// F returns the label of key formatted with args (fmt verbs); a {one|other}
// choice takes its form from the nearest integer argument before it. A count
// of five digits or more filling a plain %d has its digits grouped by
// thousands as the language writes them ("100.000 catatan", "100,000
// records"); four digits stay as they are (as ISO 80000-1 allows), so a
// year or "1500 catatan" reads the same.
func (l Labels) F(key string, args ...any) string {
	s, ok := l[key]
	if !ok {
		noteMissing(key)
		return key
	}
	if strings.IndexByte(s, '{') >= 0 {
		s = plurals(s, args)
	}
	s, args = grouped(s, args, l["digit_group"])
	return fmt.Sprintf(s, args...)
}

// N writes a count as the language does: five digits or more grouped by
// thousands ("100.000", "100,000"), as F fills a %d.
func (l Labels) N(n int) string {
	if sep := l["digit_group"]; sep != "" && (n >= 10000 || n <= -10000) {
		return groupDigits(int64(n), sep)
	}
	return strconv.Itoa(n)
}

// grouped rewrites each plain %d of s whose argument is an integer of five
// digits or more into %s of the digits grouped by sep; s and args are
// returned as they are when there is none.
func grouped(s string, args []any, sep string) (string, []any) {
	if sep == "" {
		return s, args
	}
	var b strings.Builder
	var out []any
	last, verb := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '%' {
			i++
			continue
		}
		k := verb
		verb++
		if i+1 >= len(s) || s[i+1] != 'd' || k >= len(args) {
			continue
		}
		n, ok := integer(args[k])
		if !ok || (n < 10000 && n > -10000) {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		b.WriteString(s[last:i])
		b.WriteString("%s")
		last = i + 2
		out[k] = groupDigits(n, sep)
		i++
	}
	if out == nil {
		return s, args
	}
	b.WriteString(s[last:])
	return b.String(), out
}

// integer returns v as an int64 when it is an integer.
func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case uint:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint64:
		return int64(n), true
	}
	return 0, false
}

// groupDigits writes n with its digits grouped by thousands with sep.
func groupDigits(n int64, sep string) string {
	d := strconv.FormatInt(n, 10)
	neg := d[0] == '-'
	if neg {
		d = d[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(d); i++ {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(d[i])
	}
	return b.String()
}

// plurals resolves every {one|other} in s: the count is the argument of the
// last verb before it (other when there is none or it is not 1).
func plurals(s string, args []any) string {
	var b strings.Builder
	verbs := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '%':
			if i+1 < len(s) && s[i+1] == '%' {
				b.WriteString("%%")
				i++
				continue
			}
			verbs++
		case '{':
			j := strings.IndexByte(s[i:], '}')
			bar := strings.IndexByte(s[i:], '|')
			if j > 0 && bar > 0 && bar < j {
				one, other := s[i+1:i+bar], s[i+bar+1:i+j]
				if verbs > 0 && verbs <= len(args) && isOne(args[verbs-1]) {
					b.WriteString(one)
				} else {
					b.WriteString(other)
				}
				i += j
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	case int32:
		return n == 1
	case uint:
		return n == 1
	case float64:
		return n == 1
	}
	return false
}

// Duration formats an SOP time as days (of 24 hours), hours and minutes,
// rounded to the minute: "4 hari 18 jam 50 menit", "1 day 2 hours 5 minutes";
// zero units are left out, and zero is "0 menit" / "0 minutes".
func Duration(lang string, d time.Duration) string {
	mins := int(math.Round(d.Minutes()))
	if mins < 0 {
		mins = 0
	}
	l := LabelsIn(lang)
	var parts []string
	for _, u := range []struct {
		key string
		n   int
	}{{"duration_days", mins / 1440}, {"duration_hours", mins % 1440 / 60}, {"duration_minutes", mins % 60}} {
		if u.n > 0 {
			parts = append(parts, l.F(u.key, u.n))
		}
	}
	if len(parts) == 0 {
		return l.F("duration_minutes", 0)
	}
	return strings.Join(parts, " ")
}

// LabelKeys returns every key of the label catalogue, sorted.
func LabelKeys() []string {
	labelTexts := labels().texts
	out := make([]string, 0, len(labelTexts))
	for k := range labelTexts {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LabelText returns the label key in both languages, raw (verbs and plural
// choices unfilled), and whether the catalogue has it.
func LabelText(key string) (id, en string, ok bool) {
	t, ok := labels().texts[key]
	return t.ID, t.EN, ok
}

var missing sync.Map // key -> true: keys looked up through T or F that the catalogue lacks

func noteMissing(key string) { missing.Store(key, true) }

// MissingLabels returns the keys looked up through Label, Labelf, T or F since
// the program started that the catalogue lacks, sorted (tests fail on any).
func MissingLabels() []string {
	var out []string
	missing.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}
