package review

import (
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
)

// Marker is the first line of the Markdown report: CI finds and updates its
// own pull-request comment by it (a sticky comment).
const Marker = "<!-- smsgen-diff -->"

// MarkdownOptions bound the report's size.
type MarkdownOptions struct {
	// MaxItems lists at most this many entries per list (0 = 50); the rest are counted.
	MaxItems int
	// MaxBytes keeps the report under this size (0 = 60000; a GitHub comment holds 65536 characters).
	MaxBytes int
}

// tr returns the report's label key in lang.
func tr(lang, key string) string { return i18n.Label(lang, key) }

// trf returns the report's label key in lang with its counts filled in.
func trf(lang, key string, args ...int) string {
	a := make([]any, len(args))
	for i, v := range args {
		a[i] = v
	}
	return i18n.Labelf(lang, key, a...)
}

// Markdown writes the report for a pull-request comment.
func (r *Report) Markdown(w io.Writer, o MarkdownOptions) error {
	if o.MaxItems <= 0 {
		o.MaxItems = 50
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 60000
	}
	out := r.markdown(o.MaxItems)
	for len(out) > o.MaxBytes && o.MaxItems > 5 {
		o.MaxItems /= 2
		out = r.markdown(o.MaxItems)
	}
	if len(out) > o.MaxBytes {
		cut := strings.LastIndexByte(out[:o.MaxBytes-300], '\n')
		if cut < 0 {
			cut = 0
		}
		out = out[:cut+1] + "\n> " + tr(r.Lang, "diff_truncated") + "\n"
	}
	_, err := io.WriteString(w, out)
	return err
}

func (r *Report) markdown(max int) string {
	L := r.Lang
	var b strings.Builder
	line := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	head := tr(L, "diff_working_tree")
	if !r.Head.WorkingTree {
		head = "`" + code(r.Head.Name) + "` (" + short(r.Head.Commit) + ")"
	}
	line(Marker)
	line("## ", tr(L, "diff_title"), ": `", code(r.Base.Name), "` (", short(r.Base.Commit), ") → ", head)
	line()
	errs := r.Errors()
	if errs > 0 {
		line("> ❌ ", trf(L, "diff_fail_errors", errs))
	} else {
		line("> ✅ ", tr(L, "diff_ok_no_errors"))
	}
	line()
	recCh, recAdd, recRem := 0, 0, 0
	for _, rc := range r.Registers {
		recCh += len(rc.Changed)
		recAdd += len(rc.Added)
		recRem += len(rc.Removed)
	}
	d := r.Documents
	line("- ", trf(L, "diff_docs_summary", len(d.Changed), len(d.Added), len(d.Removed), len(d.Moved)))
	line("- ", trf(L, "diff_records_summary", recCh, recAdd, recRem))
	line("- ", trf(L, "diff_findings_summary", len(r.Introduced), errs, len(r.Fixed)), " — ", tr(L, "diff_head_findings"), ": ", trf(L, "diff_errors_warnings", r.HeadErrors, r.HeadWarnings))
	line()

	if len(d.Changed)+len(d.Added)+len(d.Removed)+len(d.Moved) > 0 {
		line("### ", tr(L, "documents"))
		line()
		if len(d.Changed) > 0 {
			line("#### ", tr(L, "diff_changed"), " (", itoa(len(d.Changed)), ")")
			line()
			for i, c := range d.Changed {
				if i == max {
					line("- … ", moreText(L, len(d.Changed)-max))
					break
				}
				r.docChange(line, c)
			}
			line()
		}
		for _, k := range []struct {
			key  string
			list []DocInfo
		}{{"diff_added", d.Added}, {"diff_removed", d.Removed}} {
			if len(k.list) == 0 {
				continue
			}
			line("#### ", tr(L, k.key), " (", itoa(len(k.list)), ")")
			line()
			for i, di := range k.list {
				if i == max {
					line("- … ", moreText(L, len(k.list)-max))
					break
				}
				line("- **", esc(di.ID), "** ", esc(di.Title), " — ", tr(L, "diff_version"), " ", esc(orEmpty(L, di.Version)), ", ", esc(di.Status), " — `", code(di.Path), "`")
			}
			line()
		}
		if len(d.Moved) > 0 {
			line("#### ", tr(L, "diff_moved"), " (", itoa(len(d.Moved)), ")")
			line()
			for i, c := range d.Moved {
				if i == max {
					line("- … ", moreText(L, len(d.Moved)-max))
					break
				}
				line("- **", esc(c.ID), "** ", esc(c.Title), ": `", code(c.OldPath), "` → `", code(c.Path), "`")
			}
			line()
		}
	}

	if len(r.Registers) > 0 {
		line("### ", tr(L, "registers"))
		line()
		for _, rc := range r.Registers {
			title := "#### " + esc(rc.Label) + " (`" + code(rc.Path) + "`)"
			switch {
			case rc.New:
				title += " — " + tr(L, "diff_new_register")
			case rc.Gone:
				title += " — " + tr(L, "diff_gone_register")
			case rc.OldPath != "":
				title += " — " + tr(L, "diff_moved_from") + " `" + code(rc.OldPath) + "`"
			}
			line(title)
			line()
			if len(rc.Changed) > 0 {
				line("**", tr(L, "diff_changed"), "** (", itoa(len(rc.Changed)), ")")
				line()
				for i, c := range rc.Changed {
					if i == max {
						line("- … ", moreText(L, len(rc.Changed)-max))
						break
					}
					line("- **", esc(c.ID), "** ", esc(c.Title))
					for _, f := range c.Fields {
						line("  - ", fieldLine(L, f))
					}
				}
				line()
			}
			for _, k := range []struct {
				key  string
				list []RecInfo
			}{{"diff_added", rc.Added}, {"diff_removed", rc.Removed}} {
				if len(k.list) == 0 {
					continue
				}
				line("**", tr(L, k.key), "** (", itoa(len(k.list)), ")")
				line()
				for i, ri := range k.list {
					if i == max {
						line("- … ", moreText(L, len(k.list)-max))
						break
					}
					if ri.Title != "" && ri.Title != ri.ID {
						line("- **", esc(ri.ID), "** ", esc(ri.Title))
					} else {
						line("- **", esc(ri.ID), "**")
					}
				}
				line()
			}
		}
	}
	if len(d.Changed)+len(d.Added)+len(d.Removed)+len(d.Moved) == 0 && len(r.Registers) == 0 {
		line(tr(L, "diff_no_change"))
		line()
	}

	line("### ", tr(L, "findings"))
	line()
	if len(r.Introduced)+len(r.Fixed) == 0 {
		line(tr(L, "diff_no_findings"))
		line()
	}
	for _, k := range []struct {
		key  string
		list []diag.Finding
	}{{"diff_introduced", r.Introduced}, {"diff_fixed", r.Fixed}} {
		if len(k.list) == 0 {
			continue
		}
		line("#### ", tr(L, k.key), " (", itoa(len(k.list)), ")")
		line()
		for i, f := range k.list {
			if i == max {
				line("- … ", moreText(L, len(k.list)-max))
				break
			}
			loc := f.File
			if f.Line > 0 {
				loc += ":" + itoa(f.Line)
			}
			line("- ", icon(f.Severity), " `", code(loc), "` **", esc(f.Code), "**: ", esc(f.Message))
		}
		line()
	}
	return b.String()
}

func (r *Report) docChange(line func(...string), c *DocChange) {
	L := r.Lang
	head := "- **" + esc(c.ID) + "** " + esc(c.Title) + " — " + tr(L, "diff_version") + " "
	if c.OldVersion != c.NewVersion {
		head += esc(orEmpty(L, c.OldVersion)) + " → **" + esc(orEmpty(L, c.NewVersion)) + "**"
	} else {
		head += esc(orEmpty(L, c.NewVersion))
	}
	if c.OldStatus != c.NewStatus {
		head += "; " + tr(L, "diff_status") + " " + esc(orEmpty(L, c.OldStatus)) + " → **" + esc(orEmpty(L, c.NewStatus)) + "**"
	} else {
		head += "; " + esc(c.NewStatus)
	}
	if !c.Content && len(c.Fields) > 0 {
		head += " (" + tr(L, "diff_approval_only") + ")"
	}
	line(head)
	if c.OldPath != "" {
		line("  - ", tr(L, "diff_moved_from"), " `", code(c.OldPath), "` → `", code(c.Path), "`")
	}
	if len(c.Sections) > 0 {
		var parts []string
		for _, s := range c.Sections {
			name := "*" + esc(s.Heading) + "*"
			if s.Heading == "" {
				name = tr(L, "diff_preamble")
			}
			switch s.Kind {
			case "added":
				parts = append(parts, tr(L, "diff_added")+" "+name+" (+"+itoa(s.Added)+")")
			case "removed":
				parts = append(parts, tr(L, "diff_removed")+" "+name+" (−"+itoa(s.Removed)+")")
			default:
				parts = append(parts, name+" (+"+itoa(s.Added)+" −"+itoa(s.Removed)+" "+tr(L, "diff_lines")+")")
			}
		}
		line("  - ", tr(L, "diff_sections"), ": ", strings.Join(parts, "; "))
	}
	for _, f := range c.Fields {
		line("  - ", fieldLine(L, f))
	}
}

func fieldLine(L string, f FieldChange) string {
	return esc(f.Label) + ": " + esc(orEmpty(L, clip(f.Old))) + " → " + esc(orEmpty(L, clip(f.New)))
}

func moreText(L string, n int) string {
	s := tr(L, "diff_more")
	return strings.Replace(s, "%d", itoa(n), 1)
}

func icon(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "❌"
	case diag.Warning:
		return "⚠️"
	}
	return "ℹ️"
}

func orEmpty(L, s string) string {
	if strings.TrimSpace(s) == "" {
		return tr(L, "empty")
	}
	return s
}

// clip shortens a long value for the report.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 240 {
		return s
	}
	r := []rune(s)
	return string(r[:240]) + "…"
}

// esc makes text from the site inert in GitHub Markdown: Markdown and HTML
// syntax is escaped, line breaks folded, and @mentions broken with an
// invisible word joiner so that a value never pings anyone.
func esc(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	prev := ' '
	for _, c := range s {
		switch c {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '#', '|', '~', '!':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			b.WriteRune(c)
			if !isWordRune(prev) {
				b.WriteRune('\u2060')
			}
		default:
			b.WriteRune(c)
		}
		prev = c
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return r == '_' || r == '.' || r == '-' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

// code makes text safe inside a `code span`: backticks cannot close it.
func code(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "`", "ʼ")
}

// jsonReport is the JSON form of a report.
type jsonReport struct {
	*Report
	Valid      bool          `json:"valid"`
	Introduced []jsonFinding `json:"introduced"`
	Fixed      []jsonFinding `json:"fixed"`
	Counts     jsonCounts    `json:"counts"`
}

type jsonCounts struct {
	BaseErrors   int `json:"base_errors"`
	BaseWarnings int `json:"base_warnings"`
	HeadErrors   int `json:"head_errors"`
	HeadWarnings int `json:"head_warnings"`
}

type jsonFinding struct {
	diag.Finding
	Severity string `json:"severity"`
}

// JSON writes the report as one JSON object.
func (r *Report) JSON(w io.Writer) error {
	conv := func(fs []diag.Finding) []jsonFinding {
		out := make([]jsonFinding, 0, len(fs))
		for _, f := range fs {
			out = append(out, jsonFinding{f, f.Severity.String()})
		}
		return out
	}
	jr := jsonReport{Report: r, Valid: r.Errors() == 0, Introduced: conv(r.Introduced), Fixed: conv(r.Fixed),
		Counts: jsonCounts{r.BaseErrors, r.BaseWarnings, r.HeadErrors, r.HeadWarnings}}
	fixNil(r)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jr)
}

// fixNil turns nil lists into empty ones so that JSON holds [] rather than null.
func fixNil(r *Report) {
	d := &r.Documents
	if d.Added == nil {
		d.Added = []DocInfo{}
	}
	if d.Removed == nil {
		d.Removed = []DocInfo{}
	}
	if d.Changed == nil {
		d.Changed = []*DocChange{}
	}
	if d.Moved == nil {
		d.Moved = []*DocChange{}
	}
	if r.Registers == nil {
		r.Registers = []*RegChange{}
	}
	for _, rc := range r.Registers {
		if rc.Added == nil {
			rc.Added = []RecInfo{}
		}
		if rc.Removed == nil {
			rc.Removed = []RecInfo{}
		}
		if rc.Changed == nil {
			rc.Changed = []*RecChange{}
		}
	}
}
