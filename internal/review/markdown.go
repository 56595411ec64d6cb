package review

import (
	"encoding/json"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/diag"
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

// text holds the report's words in Indonesian and English.
var text = map[string][2]string{
	"title":         {"Perubahan sistem manajemen layanan", "Service management system changes"},
	"workingTree":   {"pohon kerja", "working tree"},
	"summary":       {"Ringkasan", "Summary"},
	"docs":          {"Dokumen", "Documents"},
	"regs":          {"Register", "Registers"},
	"findings":      {"Temuan", "Findings"},
	"changed":       {"Diubah", "Changed"},
	"added":         {"Ditambahkan", "Added"},
	"removed":       {"Dihapus", "Removed"},
	"moved":         {"Dipindahkan tanpa perubahan isi", "Moved without content change"},
	"introduced":    {"Temuan baru", "Introduced"},
	"fixed":         {"Temuan yang diperbaiki", "Fixed"},
	"version":       {"versi", "version"},
	"status":        {"status", "status"},
	"movedFrom":     {"dipindahkan dari", "moved from"},
	"sections":      {"Bagian", "Sections"},
	"preamble":      {"(pembuka, sebelum judul pertama)", "(opening text, before the first heading)"},
	"lines":         {"baris", "lines"},
	"empty":         {"(kosong)", "(empty)"},
	"more":          {"dan %d lainnya tidak ditampilkan; jalankan `smsgen diff` secara lokal", "and %d more not shown; run `smsgen diff` locally"},
	"noChange":      {"Tidak ada perubahan pada dokumen dan register.", "No change to documents or registers."},
	"noFindings":    {"Tidak ada temuan baru atau yang diperbaiki.", "No finding introduced or fixed."},
	"okNoErrors":    {"Perubahan ini tidak menimbulkan kesalahan baru.", "This change introduces no errors."},
	"failErrors":    {"Perubahan ini menimbulkan %d kesalahan.", "This change introduces %d errors."},
	"newRegister":   {"register baru", "new register"},
	"goneRegister":  {"register dihapus", "register removed"},
	"records":       {"catatan", "records"},
	"approvalOnly":  {"hanya kolom pengesahan/tinjauan", "approval/review fields only"},
	"truncated":     {"Laporan dipotong karena terlalu panjang; jalankan `smsgen diff` secara lokal untuk laporan lengkap.", "Report cut short because it is too long; run `smsgen diff` locally for the full report."},
	"errorsWarns":   {"%d kesalahan, %d peringatan", "%d errors, %d warnings"},
	"before":        {"sebelum", "before"},
	"after":         {"sesudah", "after"},
	"docsSummary":   {"dokumen: %d diubah, %d ditambahkan, %d dihapus, %d dipindahkan", "documents: %d changed, %d added, %d removed, %d moved"},
	"recsSummary":   {"catatan register: %d diubah, %d ditambahkan, %d dihapus", "register records: %d changed, %d added, %d removed"},
	"findSummary":   {"temuan: %d baru (%d kesalahan), %d diperbaiki", "findings: %d introduced (%d errors), %d fixed"},
	"headFindings":  {"seluruh temuan sesudah perubahan", "all findings after the change"},
	"frontMatter":   {"Front matter", "Front matter"},
	"changedFields": {"kolom diubah", "fields changed"},
}

func tr(lang, key string) string {
	t := text[key]
	if lang == "en" {
		return t[1]
	}
	return t[0]
}

func trf(lang, key string, args ...int) string {
	s := tr(lang, key)
	for _, a := range args {
		i := strings.Index(s, "%d")
		if i < 0 {
			break
		}
		s = s[:i] + strconv.Itoa(a) + s[i+2:]
	}
	if lang == "en" {
		s = singular.ReplaceAllString(s, "${1}1 $2")
	}
	return s
}

// singular fixes "1 errors" in English.
var singular = regexp.MustCompile(`(^|[^0-9])1 (error|warning)s\b`)

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
		out = out[:cut+1] + "\n> " + tr(r.Lang, "truncated") + "\n"
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
	head := tr(L, "workingTree")
	if !r.Head.WorkingTree {
		head = "`" + code(r.Head.Name) + "` (" + short(r.Head.Commit) + ")"
	}
	line(Marker)
	line("## ", tr(L, "title"), ": `", code(r.Base.Name), "` (", short(r.Base.Commit), ") → ", head)
	line()
	errs := r.Errors()
	if errs > 0 {
		line("> ❌ ", trf(L, "failErrors", errs))
	} else {
		line("> ✅ ", tr(L, "okNoErrors"))
	}
	line()
	recCh, recAdd, recRem := 0, 0, 0
	for _, rc := range r.Registers {
		recCh += len(rc.Changed)
		recAdd += len(rc.Added)
		recRem += len(rc.Removed)
	}
	d := r.Documents
	line("- ", trf(L, "docsSummary", len(d.Changed), len(d.Added), len(d.Removed), len(d.Moved)))
	line("- ", trf(L, "recsSummary", recCh, recAdd, recRem))
	line("- ", trf(L, "findSummary", len(r.Introduced), errs, len(r.Fixed)), " — ", tr(L, "headFindings"), ": ", trf(L, "errorsWarns", r.HeadErrors, r.HeadWarnings))
	line()

	if len(d.Changed)+len(d.Added)+len(d.Removed)+len(d.Moved) > 0 {
		line("### ", tr(L, "docs"))
		line()
		if len(d.Changed) > 0 {
			line("#### ", tr(L, "changed"), " (", itoa(len(d.Changed)), ")")
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
		}{{"added", d.Added}, {"removed", d.Removed}} {
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
				line("- **", esc(di.ID), "** ", esc(di.Title), " — ", tr(L, "version"), " ", esc(orEmpty(L, di.Version)), ", ", esc(di.Status), " — `", code(di.Path), "`")
			}
			line()
		}
		if len(d.Moved) > 0 {
			line("#### ", tr(L, "moved"), " (", itoa(len(d.Moved)), ")")
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
		line("### ", tr(L, "regs"))
		line()
		for _, rc := range r.Registers {
			title := "#### " + esc(rc.Label) + " (`" + code(rc.Path) + "`)"
			switch {
			case rc.New:
				title += " — " + tr(L, "newRegister")
			case rc.Gone:
				title += " — " + tr(L, "goneRegister")
			case rc.OldPath != "":
				title += " — " + tr(L, "movedFrom") + " `" + code(rc.OldPath) + "`"
			}
			line(title)
			line()
			if len(rc.Changed) > 0 {
				line("**", tr(L, "changed"), "** (", itoa(len(rc.Changed)), ")")
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
			}{{"added", rc.Added}, {"removed", rc.Removed}} {
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
		line(tr(L, "noChange"))
		line()
	}

	line("### ", tr(L, "findings"))
	line()
	if len(r.Introduced)+len(r.Fixed) == 0 {
		line(tr(L, "noFindings"))
		line()
	}
	for _, k := range []struct {
		key  string
		list []diag.Finding
	}{{"introduced", r.Introduced}, {"fixed", r.Fixed}} {
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
	head := "- **" + esc(c.ID) + "** " + esc(c.Title) + " — " + tr(L, "version") + " "
	if c.OldVersion != c.NewVersion {
		head += esc(orEmpty(L, c.OldVersion)) + " → **" + esc(orEmpty(L, c.NewVersion)) + "**"
	} else {
		head += esc(orEmpty(L, c.NewVersion))
	}
	if c.OldStatus != c.NewStatus {
		head += "; " + tr(L, "status") + " " + esc(orEmpty(L, c.OldStatus)) + " → **" + esc(orEmpty(L, c.NewStatus)) + "**"
	} else {
		head += "; " + esc(c.NewStatus)
	}
	if !c.Content && len(c.Fields) > 0 {
		head += " (" + tr(L, "approvalOnly") + ")"
	}
	line(head)
	if c.OldPath != "" {
		line("  - ", tr(L, "movedFrom"), " `", code(c.OldPath), "` → `", code(c.Path), "`")
	}
	if len(c.Sections) > 0 {
		var parts []string
		for _, s := range c.Sections {
			name := "*" + esc(s.Heading) + "*"
			if s.Heading == "" {
				name = tr(L, "preamble")
			}
			switch s.Kind {
			case "added":
				parts = append(parts, tr(L, "added")+" "+name+" (+"+itoa(s.Added)+")")
			case "removed":
				parts = append(parts, tr(L, "removed")+" "+name+" (−"+itoa(s.Removed)+")")
			default:
				parts = append(parts, name+" (+"+itoa(s.Added)+" −"+itoa(s.Removed)+" "+tr(L, "lines")+")")
			}
		}
		line("  - ", tr(L, "sections"), ": ", strings.Join(parts, "; "))
	}
	for _, f := range c.Fields {
		line("  - ", fieldLine(L, f))
	}
}

func fieldLine(L string, f FieldChange) string {
	return esc(f.Label) + ": " + esc(orEmpty(L, clip(f.Old))) + " → " + esc(orEmpty(L, clip(f.New)))
}

func moreText(L string, n int) string {
	s := tr(L, "more")
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
