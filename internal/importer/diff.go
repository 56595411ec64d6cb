package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
)

// diff compares the imported register with the register as it is.
func diff(old, nr *model.Register, lang string, restricted bool) *Change {
	ch := &Change{Register: old.Name, Path: old.Path, Restricted: restricted, old: old, new: nr, changedIDs: map[string]bool{}}
	seen := map[string]bool{}
	for _, rec := range nr.Records {
		if rec.ID == "" || seen[rec.ID] {
			continue // reported by validation (required / duplicate-id)
		}
		seen[rec.ID] = true
		o := old.ByID[rec.ID]
		if o == nil {
			ch.Added = append(ch.Added, rec)
			continue
		}
		var fields []FieldChange
		for i, f := range old.Schema.Fields {
			a, b := o.Cell(i), rec.Cell(i)
			if sameCell(f, a, b) {
				continue
			}
			fields = append(fields, FieldChange{Key: f.Key, Label: f.Label.In(lang),
				Old: display(old, o, i, lang), New: display(nr, rec, i, lang)})
		}
		if normText(o.Notes) != normText(rec.Notes) {
			l := i18n.Label(lang, "notes")
			fields = append(fields, FieldChange{Key: "notes", Label: l, Old: o.Notes, New: rec.Notes})
		}
		if len(fields) > 0 {
			ch.Changed = append(ch.Changed, RecordChange{ID: rec.ID, Title: nr.Title(rec), Fields: fields})
			ch.changedIDs[rec.ID] = true
		}
	}
	if !restricted {
		for _, o := range old.Records {
			if !seen[o.ID] {
				ch.Removed = append(ch.Removed, o)
			}
		}
	}
	return ch
}

func display(reg *model.Register, rec *model.Record, i int, lang string) string {
	f := reg.Schema.Fields[i]
	return localize.Value(reg, rec, f, lang)
}

// WriteReport prints what the import changes, in the site's language.
func WriteReport(w io.Writer, res *Result) {
	lang := res.Lang
	t := i18n.LabelsIn(lang).T
	empty := func(s string) string {
		if s == "" {
			return t("empty")
		}
		return strings.ReplaceAll(s, "\n", " | ")
	}
	for _, ch := range res.Changes {
		fmt.Fprintf(w, "%s (%s) ← %q: ", ch.Register, ch.Path, ch.Sheet)
		if ch.Empty() {
			fmt.Fprintln(w, t("import_no_change"))
			continue
		}
		fmt.Fprintln(w, i18n.Labelf(lang, "import_counts", len(ch.Added), len(ch.Changed), len(ch.Removed)))
		for _, r := range ch.Added {
			fmt.Fprintf(w, "  + %s  %s\n", r.ID, oneLine(ch.new.Title(r)))
		}
		for _, c := range ch.Changed {
			fmt.Fprintf(w, "  ~ %s  %s\n", c.ID, oneLine(c.Title))
			for _, f := range c.Fields {
				fmt.Fprintf(w, "      %s: %s → %s\n", f.Label, oneLine(empty(f.Old)), oneLine(empty(f.New)))
			}
		}
		for _, r := range ch.Removed {
			fmt.Fprintf(w, "  - %s  %s\n", r.ID, oneLine(ch.old.Title(r)))
		}
		if ch.Restricted {
			fmt.Fprintln(w, "  "+t("import_restricted"))
		}
	}
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " | ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:119]) + "…"
	}
	return s
}
