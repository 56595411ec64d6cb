// Package author writes new documents and register records from the schemas
// and templates, so that they validate at once or show exactly what is left.
package author

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// docFolders maps doc_type to the content folder of new documents.
var docFolders = map[string]string{
	"policy": "kebijakan", "plan": "rencana", "procedure": "prosedur", "sop": "sop",
	"work_instruction": "instruksi-kerja", "form": "formulir", "guideline": "pedoman", "other": "lainnya",
}

// docPrefixes maps doc_type to the prefix of new document numbers.
var docPrefixes = map[string]string{
	"policy": "KEB", "plan": "REN", "procedure": "PRO", "sop": "SOP",
	"work_instruction": "IK", "form": "FRM", "guideline": "PED", "other": "DOK",
}

// Result tells what was written.
type Result struct {
	File   string // site-relative path
	ID     string
	Kind   string // "document" or a register name
	Record string // record id for registers
}

// Kinds lists what `new` accepts: doc types, template names and register names.
func Kinds(set *schema.Set) []string {
	var out []string
	for t := range docFolders {
		out = append(out, t)
	}
	for t := range set.Templates {
		out = append(out, t)
	}
	out = append(out, set.RegisterNames()...)
	sort.Strings(out)
	return out
}

// Options of a new document or record.
type Options struct {
	Title string
	Lang  string
	Today time.Time
}

// New writes a new document (kind = doc_type or template name) or register record (kind = register name).
func New(site *model.Site, kind, id string, o Options) (*Result, error) {
	set := site.Schemas
	if _, ok := docFolders[kind]; ok {
		return newDocument(site, kind, "", id, o)
	}
	if t := set.Templates[kind]; t != nil {
		dt := "procedure"
		switch {
		case strings.HasSuffix(kind, "-policy"):
			dt = "policy"
		case strings.HasSuffix(kind, "-plan"):
			dt = "plan"
		}
		return newDocument(site, dt, kind, id, o)
	}
	if sch := set.Registers[kind]; sch != nil {
		return newRecord(site, sch, id, o)
	}
	return nil, fmt.Errorf("unknown kind %q: use a document type, a template or a register (%s)", kind, strings.Join(Kinds(set), ", "))
}

var trailingNum = regexp.MustCompile(`^(.*?)(\d+)$`)

// NextID returns the next free id after the existing ones: the numeric suffix of
// the pattern used by the last record, incremented with its zero padding.
func NextID(existing []string, prefix string, year int) string {
	taken := map[string]bool{}
	for _, id := range existing {
		taken[id] = true
	}
	var base string
	width, max := 3, 0
	if len(existing) > 0 {
		if m := trailingNum.FindStringSubmatch(existing[len(existing)-1]); m != nil {
			base, width = m[1], len(m[2])
		}
	}
	if base == "" {
		base = prefix + "-"
		if year > 0 && prefix != "" {
			base = fmt.Sprintf("%s-%d-", prefix, year)
		}
	}
	for _, id := range existing {
		if m := trailingNum.FindStringSubmatch(id); m != nil && m[1] == base {
			if n, err := strconv.Atoi(m[2]); err == nil && n > max {
				max = n
			}
		}
	}
	for n := max + 1; ; n++ {
		id := fmt.Sprintf("%s%0*d", base, width, n)
		if !taken[id] {
			return id
		}
	}
}

// checkID refuses an id that cannot name a document or record: empty, with
// white space or control characters, with a path separator, or starting
// with a dot (".", "..", or a hidden file that would never be read).
func checkID(what, id string) error {
	if !model.ValidID(id) {
		return fmt.Errorf("%s %s is not valid: it must not be empty, contain spaces, control characters, / or \\, or start with a dot", what, strconv.Quote(id))
	}
	return nil
}

func yamlString(s string) string {
	if s == "" {
		return `""`
	}
	return strconv.Quote(s)
}

func newDocument(site *model.Site, docType, template, id string, o Options) (*Result, error) {
	if id == "" {
		var ids []string
		own := regexp.MustCompile(`^` + docPrefixes[docType] + `-\d+$`)
		for _, d := range site.Documents {
			if own.MatchString(d.DocID) {
				ids = append(ids, d.DocID)
			}
		}
		sort.Strings(ids)
		id = NextID(ids, docPrefixes[docType], 0)
	}
	if err := checkID("document number", id); err != nil {
		return nil, err
	}
	if site.DocByID[id] != nil {
		return nil, fmt.Errorf("document number %s is already used by %s", id, site.DocByID[id].Path)
	}
	en := o.Lang == "en"
	title := o.Title
	if title == "" {
		title = id
	}
	todo := i18n.Label(o.Lang, "to_fill_in")
	today := o.Today.Format("2006-01-02")
	next := o.Today.AddDate(1, 0, 0).Format("2006-01-02")
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "doc_id: %s\n", yamlString(id))
	fmt.Fprintf(&b, "title: %s\n", yamlString(title))
	fmt.Fprintf(&b, "doc_type: %s\n", docType)
	b.WriteString("version: \"0.1\"\n")
	b.WriteString("status: draft                # draft → review → approved\n")
	fmt.Fprintf(&b, "owner: %s   # %s: role or person owning the document\n", yamlString(todo), todo)
	b.WriteString("# reviewed_by:                # required from status review on\n")
	if template == "infosec-policy" {
		fmt.Fprintf(&b, "approved_by: %s   # %s: required by template infosec-policy even in draft\n", yamlString(todo), todo)
		fmt.Fprintf(&b, "approver_authority: %s   # %s: the approver's authority (required by template infosec-policy)\n", yamlString(todo), todo)
	} else {
		b.WriteString("# approved_by:                # required when approved (position and name)\n")
	}
	b.WriteString("# approved_date:              # required when approved\n")
	b.WriteString("# effective_date:             # required when approved, not before approved_date\n")
	fmt.Fprintf(&b, "next_review: %s\n", next)
	b.WriteString("classification: internal     # public, internal, restricted, confidential\n")
	var clauses []string
	if t := site.Schemas.Templates[template]; t != nil && t.Clause != "" {
		clauses = append(clauses, t.Clause)
		fmt.Fprintf(&b, "template: %s\n", template)
	}
	if len(clauses) > 0 {
		fmt.Fprintf(&b, "clauses: [%s]\n", yamlString(clauses[0]))
	} else {
		b.WriteString("clauses: []                  # e.g. [\"8.5.1\"]\n")
	}
	b.WriteString("revision_history:\n")
	fmt.Fprintf(&b, "  - {version: \"0.1\", date: %s, author: %s, summary: %s}\n", today, yamlString(todo), yamlString(i18n.Label(o.Lang, "first_draft")))
	if docType == "sop" {
		b.WriteString(sopSkeleton(id, title, today, todo))
	}
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# %s\n\n", title)
	if t := site.Schemas.Templates[template]; t != nil {
		for _, p := range t.Parts {
			h := p.ID
			if en && p.EN != "" {
				h = p.EN
			}
			fmt.Fprintf(&b, "## %s\n\n_%s_\n\n", h, todo)
		}
	} else {
		for _, h := range []string{i18n.Label(o.Lang, "new_doc_purpose"), i18n.Label(o.Lang, "new_doc_scope"), i18n.Label(o.Lang, "new_doc_provisions")} {
			fmt.Fprintf(&b, "## %s\n\n_%s_\n\n", h, todo)
		}
	}
	name := markdown.Slug(title)
	if title == id || name == "" || strings.HasPrefix(name, ".") { // never a hidden file, which is not read
		name = strings.ToLower(id)
	}
	rel := path.Join("content", docFolders[docType], name+".md")
	abs := filepath.Join(site.Root, filepath.FromSlash(rel))
	if _, err := os.Stat(abs); err == nil {
		return nil, fmt.Errorf("%s exists already", rel)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(abs, b.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return &Result{File: rel, ID: id, Kind: "document"}, nil
}

func sopSkeleton(id, title, today, todo string) string {
	return fmt.Sprintf(`sop:
  number: %s
  created_date: %s
  revision_date: %s
  effective_date: %s
  approved_by: {position: %s, name: %s, nip: ""}
  name: %s
  legal_basis: []
  qualifications: []
  related: []
  equipment: []
  warnings: []
  records: []
  actors: [%s]
  steps:
    - {activity: %s, actor: %s, kind: start, requirements: [], time: 10 menit, output: ""}
    - {activity: %s, actor: %s, kind: process, requirements: [], time: 1 jam, output: ""}
    - {activity: %s, actor: %s, kind: end, requirements: [], time: 10 menit, output: ""}
`, yamlString(id), today, today, today, yamlString(todo), yamlString(todo), yamlString(title),
		yamlString("Pelaksana"), yamlString(todo), yamlString("Pelaksana"), yamlString(todo), yamlString("Pelaksana"),
		yamlString(todo), yamlString("Pelaksana"))
}

// defaults returns the values a new record starts with: today for required
// dates, the first value of a required status enum.
func defaults(sch *schema.Register, today time.Time) map[string]string {
	out := map[string]string{}
	for _, f := range sch.Fields {
		if !f.Required {
			continue
		}
		switch f.Type {
		case schema.Date:
			out[f.Key] = today.Format("2006-01-02")
		case schema.DateTime:
			out[f.Key] = today.Format("2006-01-02 15:04")
		case schema.Month:
			out[f.Key] = today.Format("2006-01")
		case schema.Enum:
			if f.Key == sch.StatusField || f.Key == "status" {
				out[f.Key] = f.Values[0].Value
			}
		}
	}
	return out
}

func newRecord(site *model.Site, sch *schema.Register, id string, o Options) (*Result, error) {
	reg := site.Registers[sch.Name]
	if id == "" {
		var ids []string
		if reg != nil {
			for _, r := range reg.Records {
				ids = append(ids, r.ID)
			}
		}
		id = NextID(ids, sch.IDPrefix, o.Today.Year())
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if reg != nil {
		if _, dup := reg.ByID[id]; dup {
			return nil, fmt.Errorf("%s already has a record %s", sch.Name, id)
		}
	}
	vals := defaults(sch, o.Today)
	format, rel := "folder", "registers/"+sch.Name
	if reg != nil {
		format, rel = reg.Format, reg.Path
	}
	switch format {
	case "csv":
		return appendCSV(site, reg, id, vals)
	case "yaml":
		return appendYAML(site, reg, id, vals, o.Lang)
	}
	frel := path.Join(rel, id+".yaml")
	abs := filepath.Join(site.Root, filepath.FromSlash(frel))
	if _, err := os.Stat(abs); err == nil {
		return nil, fmt.Errorf("%s exists already", frel)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s — %s\n", sch.Label.In(o.Lang), id)
	b.Write(yamlFields(sch, id, vals, o.Lang, ""))
	if err := os.WriteFile(abs, b.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return &Result{File: frel, ID: id, Kind: sch.Name, Record: id}, nil
}

// yamlFields writes id and every field of the schema as YAML, required ones
// first, with their label and allowed values as comments.
func yamlFields(sch *schema.Register, id string, vals map[string]string, lang, indent string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%sid: %s\n", indent, yamlString(id))
	write := func(f *schema.Field) {
		note := f.Label.In(lang)
		if f.Required {
			note += " (" + i18n.Label(lang, "required") + ")"
		} else if f.RequiredWhen != "" {
			note += " (" + i18n.Labelf(lang, "required_when", f.RequiredWhen) + ")"
		}
		if f.Type == schema.Enum {
			var vs []string
			for _, v := range f.Values {
				vs = append(vs, v.Value)
			}
			note += ": " + strings.Join(vs, " | ")
		}
		if f.Type == schema.Ref {
			note += " → " + f.Ref
		}
		v := vals[f.Key]
		switch {
		case v != "":
			fmt.Fprintf(&b, "%s%s: %s   # %s\n", indent, f.Key, yamlString(v), note)
		case f.List:
			fmt.Fprintf(&b, "%s%s: []   # %s\n", indent, f.Key, note)
		default:
			fmt.Fprintf(&b, "%s%s:   # %s\n", indent, f.Key, note)
		}
	}
	for _, f := range sch.Fields {
		if f.Required {
			write(f)
		}
	}
	for _, f := range sch.Fields {
		if !f.Required {
			write(f)
		}
	}
	return b.Bytes()
}

func appendYAML(site *model.Site, reg *model.Register, id string, vals map[string]string, lang string) (*Result, error) {
	abs := filepath.Join(site.Root, filepath.FromSlash(reg.Path))
	old, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	body := yamlFields(reg.Schema, id, vals, lang, "  ")
	body = append([]byte("- "), bytes.TrimPrefix(body, []byte("  "))...)
	if len(old) > 0 && old[len(old)-1] != '\n' {
		old = append(old, '\n')
	}
	if err := writeFileAtomic(abs, append(old, body...)); err != nil {
		return nil, err
	}
	return &Result{File: reg.Path, ID: id, Kind: reg.Name, Record: id}, nil
}

func appendCSV(site *model.Site, reg *model.Register, id string, vals map[string]string) (*Result, error) {
	abs := filepath.Join(site.Root, filepath.FromSlash(reg.Path))
	old, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	crlf := bytes.Contains(old, []byte("\r\n"))
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	keys, styles := csvColumns(reg, old)
	cells := make([]string, len(keys))
	for i, key := range keys {
		v := vals[key]
		if key == "id" {
			v = id
		}
		if f := reg.Schema.Field(key); f != nil {
			v = styles[i].Render(f, v) // labels or keys, dates as the file writes them
		}
		cells[i] = csvQuote(v, reg.Delim)
	}
	line := strings.Join(cells, string(reg.Delim)) + nl
	if len(old) > 0 && old[len(old)-1] != '\n' {
		old = append(old, []byte(nl)...)
	}
	if err := writeFileAtomic(abs, append(old, line...)); err != nil {
		return nil, err
	}
	return &Result{File: reg.Path, ID: id, Kind: reg.Name, Record: id}, nil
}

// csvColumns returns the key of every column of a CSV register file ("" for
// a column no field reads, so that a new row lines up with the header) and
// the style its existing cells are written in.
func csvColumns(reg *model.Register, data []byte) ([]string, []schema.ColumnStyle) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	cr.Comma = reg.Delim
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil || len(rows) == 0 {
		return reg.Columns, make([]schema.ColumnStyle, len(reg.Columns))
	}
	header := rows[0]
	keys := make([]string, len(header))
	styles := make([]schema.ColumnStyle, len(header))
	taken := map[string]bool{}
	for i, h := range header {
		_, key, ok := reg.Schema.HeaderField(strings.TrimSpace(h))
		if !ok || taken[key] {
			continue
		}
		taken[key] = true
		keys[i] = key
		if f := reg.Schema.Field(key); f != nil {
			cells := make([]string, 0, len(rows)-1)
			for _, r := range rows[1:] {
				if i < len(r) {
					cells = append(cells, r[i])
				}
			}
			styles[i] = schema.DetectStyle(f, cells)
		}
	}
	return keys, styles
}

func csvQuote(s string, delim rune) string {
	if strings.ContainsAny(s, "\"\n\r"+string(delim)) || strings.TrimSpace(s) != s {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func writeFileAtomic(abs string, b []byte) error {
	tmp := abs + ".smsgen-tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, abs)
}
