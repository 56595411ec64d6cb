// Package schema holds the data-driven description of documents and registers:
// register schemas, document front matter, templates, the priority matrix, the
// SOP structure and frameworks. The built-in schemas are YAML files embedded in
// the binary (see FORMAT.md); a site may extend or override them.
package schema

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	yaml "go.yaml.in/yaml/v3"
)

//go:embed data
var builtin embed.FS

// Label is a text in Indonesian and English.
type Label struct {
	ID string `yaml:"id"`
	EN string `yaml:"en"`
}

// In returns the label in lang ("id" or "en"), falling back to the other.
func (l Label) In(lang string) string {
	if lang == "en" && l.EN != "" {
		return l.EN
	}
	if l.ID != "" {
		return l.ID
	}
	return l.EN
}

// EnumValue is one allowed value of an enum field.
type EnumValue struct {
	Value string `yaml:"value"`
	ID    string `yaml:"id"`
	EN    string `yaml:"en"`
	// Closed marks a value of a register's status field as a closed state
	// (the record needs no more work: resolved, closed, cancelled …).
	Closed bool `yaml:"closed"`
}

// Label returns the value's label in lang.
func (e EnumValue) Label(lang string) string {
	return Label{ID: e.ID, EN: e.EN}.In(lang)
}

// Field types.
const (
	Text     = "text"
	Integer  = "integer"
	Number   = "number"
	Boolean  = "boolean"
	Date     = "date"
	DateTime = "datetime"
	Month    = "month"
	Enum     = "enum"
	Ref      = "ref"
	Email    = "email"
	Phone    = "phone"
	DocRef   = "doc_ref"
	History  = "history"
	SOP      = "sop"
)

var knownTypes = map[string]bool{Text: true, Integer: true, Number: true, Boolean: true, Date: true,
	DateTime: true, Month: true, Enum: true, Ref: true, Email: true, Phone: true, DocRef: true, History: true, SOP: true}

// Field describes one field of a register record or of document front matter.
type Field struct {
	Key            string      `yaml:"key"`
	Label          Label       `yaml:"label"`
	Type           string      `yaml:"type"`
	Required       bool        `yaml:"required"`
	RequiredWhen   string      `yaml:"required_when"`
	List           bool        `yaml:"list"`
	MinItems       int         `yaml:"min_items"`
	Values         []EnumValue `yaml:"values"`
	Ref            string      `yaml:"ref"`
	RefPrefixTypes []string    `yaml:"ref_prefix_types"`
	Min            *float64    `yaml:"min"`
	Max            *float64    `yaml:"max"`
	Pattern        string      `yaml:"pattern"`
	NotBefore      string      `yaml:"not_before"`
	PastWarning    string      `yaml:"past_warning"`
	StaleAfterDays int         `yaml:"stale_after_days"`
	StaleCode      string      `yaml:"stale_code"`
	Computed       string      `yaml:"computed"`
	ComputedCode   string      `yaml:"computed_code"`
	OverrideField  string      `yaml:"override_field"`
	Tolerance      float64     `yaml:"tolerance"`
	Personal       bool        `yaml:"personal"`
	// AllowFormulaText lets smsgen import write text that starts with a
	// spreadsheet formula character (=, +, -, @, tab, CR) into this field.
	AllowFormulaText bool  `yaml:"allow_formula_text"`
	Help             Label `yaml:"help"`
	// Split names the fields a labelled text of this field also fills, as
	// tables written by hand combine them in one column ("Daily : … Weekly : …").
	Split []SplitPart `yaml:"split"`
	// Importance ranks the field for the register's PDF table: 1 is the most
	// important column after the id; 0 (unset) keeps the field out of the
	// table (its long text goes to the record details, see FORMAT.md).
	Importance int `yaml:"importance"`

	// Resolved after loading.
	Index     int            `yaml:"-"`
	Cond      Cond           `yaml:"-"`
	Re        *regexp.Regexp `yaml:"-"`
	SplitRe   *regexp.Regexp `yaml:"-"` // matches any label of Split followed by ':'
	enumIndex map[string]string
}

// SplitPart is one field filled from a labelled part of a combined text.
type SplitPart struct {
	Field  string   `yaml:"field"`
	Labels []string `yaml:"labels"`
}

// SplitText returns the labelled parts of a combined text by target field:
// "Email : a@b.go.id No Hp: 0812" gives email a@b.go.id and phone 0812. A
// part runs from its label's colon to the next label; empty parts are left out.
func (f *Field) SplitText(s string) map[string]string {
	if f.SplitRe == nil {
		return nil
	}
	locs := f.SplitRe.FindAllStringSubmatchIndex(s, -1)
	out := map[string]string{}
	for i, m := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		label := strings.Join(strings.Fields(strings.ToLower(s[m[2]:m[3]])), " ")
		v := strings.Trim(strings.TrimSpace(s[m[1]:end]), ",;/")
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		for _, p := range f.Split {
			for _, l := range p.Labels {
				if strings.Join(strings.Fields(strings.ToLower(l)), " ") == label {
					if _, dup := out[p.Field]; !dup {
						out[p.Field] = v
					}
				}
			}
		}
	}
	return out
}

// EnumLookup maps a value or label (any language, case-insensitive) to the canonical value.
func (f *Field) EnumLookup(s string) (string, bool) {
	if v, ok := f.enumIndex[s]; ok { // already folded (the common case); foldKey is idempotent
		return v, true
	}
	var buf [64]byte
	if b, ok := foldASCII(buf[:0], s); ok {
		v, ok := f.enumIndex[string(b)] // no allocation
		return v, ok
	}
	v, ok := f.enumIndex[foldKey(s)]
	return v, ok
}

// EnumNumber returns the number an enum value stands for when a computed
// figure is compared with it: the leading digits of the value or of one of
// its labels ("1 - Critical" is 1). Every value of a computed enum field has
// one (checked when the schema is loaded).
func (f *Field) EnumNumber(v string) (float64, bool) {
	for _, e := range f.Values {
		if e.Value == v {
			return enumNumber(e)
		}
	}
	return 0, false
}

func enumNumber(e EnumValue) (float64, bool) {
	for _, s := range []string{e.Value, e.ID, e.EN} {
		s = strings.TrimSpace(s)
		n, i := 0, 0
		for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
			n = n*10 + int(s[i]-'0')
			i++
		}
		decimal := i+1 < len(s) && (s[i] == '.' || s[i] == ',') && s[i+1] >= '0' && s[i+1] <= '9'
		if i > 0 && (i == len(s) || !(s[i] >= '0' && s[i] <= '9') && !decimal) {
			return float64(n), true // "1 - Critical", "3. Moderate", "2"; never "10.5"
		}
	}
	return 0, false
}

// EnumLabel returns the label of a canonical enum value in lang, or the value itself.
func (f *Field) EnumLabel(v, lang string) string {
	for _, e := range f.Values {
		if e.Value == v {
			return e.Label(lang)
		}
	}
	return v
}

// Register describes one register type.
type Register struct {
	Name        string   `yaml:"name"`
	Label       Label    `yaml:"label"`
	Clause      string   `yaml:"clause"`
	Clauses     []string `yaml:"clauses"`
	IDPrefix    string   `yaml:"id_prefix"`
	IDPattern   string   `yaml:"id_pattern"`
	TitleField  string   `yaml:"title_field"`
	DateField   string   `yaml:"date_field"`
	StatusField string   `yaml:"status_field"`
	Form        string   `yaml:"form"`
	Replace     bool     `yaml:"replace"`
	// IDLabel names the implicit id column of the register in messages and
	// headers (ServiceNow's "Number"); IDHeaders are more headers read as the
	// id column ("number", "sys_id" …), beside id, nomor and no.
	IDLabel   Label    `yaml:"id_label"`
	IDHeaders []string `yaml:"id_headers"`
	// NullTokens are cell texts read as empty ("?", "-", "N/A"): exports
	// write them where nothing was entered.
	NullTokens []string `yaml:"null_tokens"`
	Fields     []*Field `yaml:"fields"`

	// Source is where the schema came from ("builtin" or a site file).
	Source   string         `yaml:"-"`
	IDRe     *regexp.Regexp `yaml:"-"`
	byKey    map[string]*Field
	byHeader map[string]*Field
	idHeader map[string]bool
	nulls    map[string]bool
}

// IsNull reports whether a cell text is one of the register's null tokens
// (compared like headers: case and repeated spaces ignored).
func (r *Register) IsNull(s string) bool {
	if len(r.nulls) == 0 || s == "" {
		return false
	}
	return r.nulls[foldKey(s)]
}

// IDName returns the label of the register's id column in lang: its
// id_label, else "ID".
func (r *Register) IDName(lang string) string {
	if r.IDLabel.ID != "" || r.IDLabel.EN != "" {
		return r.IDLabel.In(lang)
	}
	return "ID"
}

// FieldName returns the label of a field (id and notes included) in lang,
// or key itself when the register has no such field.
func (r *Register) FieldName(key, lang string) string {
	switch key {
	case "id":
		return r.IDName(lang)
	case "notes":
		return Label{ID: "Keterangan", EN: "Notes"}.In(lang)
	}
	if f := r.byKey[key]; f != nil && (f.Label.ID != "" || f.Label.EN != "") {
		return f.Label.In(lang)
	}
	return key
}

// AllClauses returns Clause and Clauses together, deduplicated.
func (r *Register) AllClauses() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range append([]string{r.Clause}, r.Clauses...) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// Field returns the field with the canonical key.
func (r *Register) Field(key string) *Field { return r.byKey[key] }

// HeaderField maps a CSV header (key, or Indonesian/English label, case-insensitive) to a field.
// The implicit "id" and "notes" columns map to nil with the returned key.
func (r *Register) HeaderField(h string) (*Field, string, bool) {
	k := foldKey(h)
	if r.idHeader[k] {
		return nil, "id", true
	}
	switch k {
	case "id", "nomor", "no", "nomor/id":
		return nil, "id", true
	case "notes", "keterangan", "catatan":
		return nil, "notes", true
	}
	f, ok := r.byHeader[k]
	if !ok {
		return nil, "", false
	}
	return f, f.Key, true
}

// MissingColumns returns the required fields (and the id) that a CSV
// header with the given column keys cannot fill: no column of their own and
// none whose labelled parts (split) fill them. They are reported once, at the
// header, instead of once per row.
func MissingColumns(r *Register, columns []string) []string {
	have := make(map[string]bool, len(columns))
	for _, k := range columns {
		have[k] = true
		if f := r.byKey[k]; f != nil {
			for _, p := range f.Split {
				have[p.Field] = true
			}
		}
	}
	var out []string
	if !have["id"] {
		out = append(out, "id")
	}
	for _, f := range r.Fields {
		if f.Required && !have[f.Key] {
			out = append(out, f.Key)
		}
	}
	return out
}

// Template is a mandatory-document template.
type Template struct {
	Name                string   `yaml:"name"`
	Clause              string   `yaml:"clause"`
	Label               Label    `yaml:"label"`
	RequiresFrontMatter []string `yaml:"requires_front_matter"`
	Parts               []struct {
		Key string `yaml:"key"`
		ID  string `yaml:"id"`
		EN  string `yaml:"en"`
	} `yaml:"parts"`
}

// Priority is the impact × urgency matrix.
type Priority struct {
	Levels map[int]Label             `yaml:"levels"`
	Matrix map[string]map[string]int `yaml:"matrix"`
}

// Of returns the priority for impact and urgency, 0 if undefined.
func (p *Priority) Of(impact, urgency string) int {
	if p == nil {
		return 0
	}
	return p.Matrix[impact][urgency]
}

// Requirement is one requirement of a framework. A site's requirements
// register (registers/requirements.csv) has the same shape, one row per
// requirement: framework, clause (ID), title, parent, maps_to and the
// evidence rule.
type Requirement struct {
	ID     string `yaml:"id"`
	Title  Label  `yaml:"title"`
	Parent string `yaml:"parent"`
	// MapsTo is the crosswalk: requirements of other frameworks
	// ("framework:clause") whose direct evidence also evidences this one.
	MapsTo   []string `yaml:"maps_to"`
	Evidence Evidence `yaml:"evidence"`
	// Source is "builtin", or the site file that added or extended it.
	Source string `yaml:"-"`
}

// Evidence is what evidences a requirement besides the documents and
// registers that name its id in their clauses.
type Evidence struct {
	DocTypes  []string `yaml:"doc_types"`
	Registers []string `yaml:"registers"`
	Templates []string `yaml:"templates"`
	Clauses   []string `yaml:"clauses"`
	// Records are registers whose matching records evidence it: a register
	// and a condition in the required_when language ("agreement_type == ola").
	Records []RecordRule `yaml:"records"`
	// All: every listed doc type, template, register and record rule must be
	// evidenced, each by its own document or register ("all of"); documents
	// naming the requirement are shown but do not cover it alone.
	All bool `yaml:"all"`
}

// Parts returns the parts of an "all of" rule, each as KIND:NAME
// (doc_type:plan, template:change-policy, register:slas, records:slas).
func (e *Evidence) Parts() []string {
	var out []string
	for _, v := range e.DocTypes {
		out = append(out, "doc_type:"+v)
	}
	for _, v := range e.Templates {
		out = append(out, "template:"+v)
	}
	for _, v := range e.Registers {
		out = append(out, "register:"+v)
	}
	for _, r := range e.Records {
		out = append(out, "records:"+r.Register)
	}
	return out
}

// RecordRule selects the records of a register that evidence a requirement.
type RecordRule struct {
	Register string `yaml:"register"`
	When     string `yaml:"when"`
	Cond     Cond   `yaml:"-"`
}

// Framework is a list of requirements.
type Framework struct {
	Name         string        `yaml:"name"`
	Title        Label         `yaml:"title"`
	Source       Label         `yaml:"source"` // where the requirements were taken from (citation)
	Requirements []Requirement `yaml:"requirements"`
	// Site marks a framework that only a site's requirements register defines.
	Site bool `yaml:"-"`
	byID map[string]int
}

// Requirement returns the requirement with id, or nil.
func (f *Framework) Requirement(id string) *Requirement {
	if f.byID == nil { // not indexed yet (being built): no shared state is written
		for i := range f.Requirements {
			if f.Requirements[i].ID == id {
				return &f.Requirements[i]
			}
		}
		return nil
	}
	if i, ok := f.byID[id]; ok {
		return &f.Requirements[i]
	}
	return nil
}

func (f *Framework) index() {
	f.byID = make(map[string]int, len(f.Requirements))
	for i, r := range f.Requirements {
		if _, dup := f.byID[r.ID]; !dup {
			f.byID[r.ID] = i
		}
	}
}

// SplitRef splits a crosswalk target "framework:clause".
func SplitRef(ref string) (framework, clause string, ok bool) {
	fw, cl, ok := strings.Cut(strings.TrimSpace(ref), ":")
	fw, cl = strings.TrimSpace(fw), strings.TrimSpace(cl)
	return fw, cl, ok && fw != "" && cl != ""
}

// SiteRequirement is one row of a site's requirements register.
type SiteRequirement struct {
	Framework      string
	FrameworkTitle string
	Requirement
}

// Extend returns the frameworks with a site's requirements added: a row of a
// framework that does not exist starts a site framework (in the order of its
// first row); a row whose clause a framework already has extends that
// requirement (its maps_to and evidence are added; a title or parent given
// replaces the built-in one); any other row is appended. The built-in
// frameworks are never changed: changed ones are copies.
func Extend(base []*Framework, rows []SiteRequirement) []*Framework {
	if len(rows) == 0 {
		return base
	}
	out := make([]*Framework, len(base))
	copy(out, base)
	pos := make(map[string]int, len(base))
	for i, f := range base {
		if _, dup := pos[f.Name]; !dup {
			pos[f.Name] = i
		}
	}
	copied := map[string]bool{}
	find := func(name string) *Framework {
		i, ok := pos[name]
		if !ok {
			return nil
		}
		if !copied[name] {
			c := *out[i]
			c.Requirements = append([]Requirement(nil), c.Requirements...)
			c.index() // a copy of its own: indexing writes nothing shared
			out[i] = &c
			copied[name] = true
		}
		return out[i]
	}
	for _, row := range rows {
		fw := find(row.Framework)
		if fw == nil {
			fw = &Framework{Name: row.Framework, Site: true, Source: Label{ID: row.Source}, byID: map[string]int{}}
			copied[row.Framework] = true
			pos[row.Framework] = len(out)
			out = append(out, fw)
		}
		if fw.Site && fw.Title.ID == "" && row.FrameworkTitle != "" {
			fw.Title = Label{ID: row.FrameworkTitle}
		}
		r := row.Requirement
		if have := fw.Requirement(r.ID); have != nil {
			if r.Title.ID != "" || r.Title.EN != "" {
				have.Title = r.Title
			}
			if r.Parent != "" {
				have.Parent = r.Parent
			}
			have.MapsTo = append(append([]string(nil), have.MapsTo...), r.MapsTo...)
			e := &have.Evidence
			e.DocTypes = append(append([]string(nil), e.DocTypes...), r.Evidence.DocTypes...)
			e.Templates = append(append([]string(nil), e.Templates...), r.Evidence.Templates...)
			e.Registers = append(append([]string(nil), e.Registers...), r.Evidence.Registers...)
			e.All = e.All || r.Evidence.All
			have.Source = r.Source
			continue
		}
		fw.byID[r.ID] = len(fw.Requirements)
		fw.Requirements = append(fw.Requirements, r)
	}
	for _, f := range out {
		if f.Site && f.Title.ID == "" {
			f.Title = Label{ID: f.Name}
		}
	}
	return out
}

// SOPSpec holds the labels of the SOP AP structure.
type SOPSpec struct {
	Fields     []EnumValue `yaml:"-"`
	StepFields []EnumValue `yaml:"-"`
	Kinds      []EnumValue `yaml:"-"`
	Columns    []EnumValue `yaml:"-"`
	raw        map[string][]map[string]string
}

// Label returns the label of a key from any of the SOP lists.
func (s *SOPSpec) Label(key, lang string) string {
	names := make([]string, 0, len(s.raw))
	for n := range s.raw {
		names = append(names, n)
	}
	sort.Strings(names) // a key in two lists resolves the same way every time
	for _, n := range names {
		for _, m := range s.raw[n] {
			k := m["key"]
			if k == "" {
				k = m["value"]
			}
			if k == key {
				return Label{ID: m["id"], EN: m["en"]}.In(lang)
			}
		}
	}
	return key
}

// Set is every schema in force for one site.
type Set struct {
	Document   *Register
	Registers  map[string]*Register
	Templates  map[string]*Template
	Priority   *Priority
	SOP        *SOPSpec
	Frameworks []*Framework
}

// RegisterNames returns the register names in sorted order.
func (s *Set) RegisterNames() []string {
	names := make([]string, 0, len(s.Registers))
	for n := range s.Registers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Framework returns a framework by name.
func (s *Set) Framework(name string) *Framework {
	for _, f := range s.Frameworks {
		if f.Name == name {
			return f
		}
	}
	return nil
}

var (
	builtinOnce sync.Once
	builtinSet  *Set
	builtinErr  error
)

// Builtin returns the embedded schemas, parsed once per process. The set is
// shared: callers that change it must Clone it first (load does).
func Builtin() (*Set, error) {
	builtinOnce.Do(func() { builtinSet, builtinErr = parseBuiltin() })
	return builtinSet, builtinErr
}

func parseBuiltin() (*Set, error) {
	set := &Set{Registers: map[string]*Register{}, Templates: map[string]*Template{}}
	sub, _ := fs.Sub(builtin, "data")
	entries, _ := fs.ReadDir(sub, "registers")
	fws, _ := fs.ReadDir(sub, "frameworks")
	regs := make([]Register, len(entries))
	frameworks := make([]Framework, len(fws))
	var tpls []*Template
	var sopRaw map[string][]map[string]string
	// Every file is decoded by a job of its own, the jobs on every core:
	// yaml.v3 takes some 10 ms for them all, before any file of the site is
	// loaded. The first error in this order is the one returned.
	jobs := []func() error{func() error {
		if err := readYAML(sub, "document.yaml", &set.Document); err != nil {
			return err
		}
		set.Document.Source = "builtin"
		if err := set.Document.prepare(); err != nil {
			return fmt.Errorf("document.yaml: %w", err)
		}
		return nil
	}}
	for i, e := range entries {
		jobs = append(jobs, func() error {
			r := &regs[i]
			if err := readYAML(sub, path.Join("registers", e.Name()), r); err != nil {
				return err
			}
			r.Source = "builtin"
			if err := r.prepare(); err != nil {
				return fmt.Errorf("registers/%s: %w", e.Name(), err)
			}
			return nil
		})
	}
	jobs = append(jobs,
		func() error { return readYAML(sub, "templates.yaml", &tpls) },
		func() error { return readYAML(sub, "priority.yaml", &set.Priority) },
		func() error { return readYAML(sub, "sop.yaml", &sopRaw) })
	for i, e := range fws {
		jobs = append(jobs, func() error {
			f := &frameworks[i]
			if err := readYAML(sub, path.Join("frameworks", e.Name()), f); err != nil {
				return err
			}
			for i := range f.Requirements {
				r := &f.Requirements[i]
				r.Source = "builtin"
				for j := range r.Evidence.Records {
					rr := &r.Evidence.Records[j]
					if rr.When == "" {
						continue
					}
					c, err := ParseCond(rr.When)
					if err != nil {
						return fmt.Errorf("frameworks/%s: %s: records.when: %v", e.Name(), r.ID, err)
					}
					rr.Cond = c
				}
			}
			f.index()
			return nil
		})
	}
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
				errs[i] = jobs[i]()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for i := range regs {
		set.Registers[regs[i].Name] = &regs[i]
	}
	for _, t := range tpls {
		set.Templates[t.Name] = t
	}
	set.SOP = &SOPSpec{raw: sopRaw}
	conv := func(l []map[string]string) []EnumValue {
		var out []EnumValue
		for _, m := range l {
			v := m["value"]
			if v == "" {
				v = m["key"]
			}
			out = append(out, EnumValue{Value: v, ID: m["id"], EN: m["en"]})
		}
		return out
	}
	set.SOP.Fields, set.SOP.StepFields = conv(sopRaw["fields"]), conv(sopRaw["step_fields"])
	set.SOP.Kinds, set.SOP.Columns = conv(sopRaw["kinds"]), conv(sopRaw["columns"])
	for i := range frameworks {
		set.Frameworks = append(set.Frameworks, &frameworks[i])
	}
	sort.Slice(set.Frameworks, func(i, j int) bool { return set.Frameworks[i].Name < set.Frameworks[j].Name })
	return set, nil
}

// ParseRegister parses a site's register schema file.
func ParseRegister(data []byte, source string) (*Register, error) {
	var r Register
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	r.Source = source
	return &r, nil
}

// Merge applies a site register schema over the set: a new register is added,
// a known one is extended (fields with the same key replaced, new fields appended)
// or replaced whole when Replace is set.
func (s *Set) Merge(r *Register) error {
	base, ok := s.Registers[r.Name]
	if !ok || r.Replace {
		if err := r.prepare(); err != nil {
			return err
		}
		s.Registers[r.Name] = r
		return nil
	}
	merged := *base
	merged.Fields = append([]*Field(nil), base.Fields...)
	merged.Source = r.Source
	if r.Label.ID != "" || r.Label.EN != "" {
		merged.Label = r.Label
	}
	for _, v := range []struct {
		dst *string
		src string
	}{
		{&merged.Clause, r.Clause}, {&merged.IDPrefix, r.IDPrefix}, {&merged.IDPattern, r.IDPattern},
		{&merged.TitleField, r.TitleField}, {&merged.DateField, r.DateField}, {&merged.StatusField, r.StatusField}, {&merged.Form, r.Form},
	} {
		if v.src != "" {
			*v.dst = v.src
		}
	}
	if len(r.Clauses) > 0 {
		merged.Clauses = r.Clauses
	}
	if r.IDLabel.ID != "" || r.IDLabel.EN != "" {
		merged.IDLabel = r.IDLabel
	}
	if len(r.IDHeaders) > 0 {
		merged.IDHeaders = r.IDHeaders
	}
	if len(r.NullTokens) > 0 {
		merged.NullTokens = r.NullTokens
	}
	for i, f := range r.Fields {
		if f == nil {
			return fmt.Errorf("field %d: empty (a '-' with no key)", i+1)
		}
		replaced := false
		for i, g := range merged.Fields {
			if g.Key == f.Key {
				cp := *f
				merged.Fields[i] = &cp
				replaced = true
			}
		}
		if !replaced {
			cp := *f
			merged.Fields = append(merged.Fields, &cp)
		}
	}
	for i, f := range merged.Fields {
		cp := *f
		merged.Fields[i] = &cp
	}
	if err := merged.prepare(); err != nil {
		return err
	}
	s.Registers[r.Name] = &merged
	return nil
}

// Clone returns a copy of the set whose register map can be changed independently.
func (s *Set) Clone() *Set {
	c := *s
	c.Registers = make(map[string]*Register, len(s.Registers))
	for k, v := range s.Registers {
		c.Registers[k] = v
	}
	return &c
}

var keyRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (r *Register) prepare() error {
	if !keyRe.MatchString(r.Name) {
		return fmt.Errorf("register name %q must be snake_case", r.Name)
	}
	r.byKey = map[string]*Field{}
	r.byHeader = map[string]*Field{}
	for i, f := range r.Fields {
		if f == nil || !keyRe.MatchString(f.Key) {
			return fmt.Errorf("field %d: key must be snake_case", i+1)
		}
		if f.Key == "id" || f.Key == "notes" {
			return fmt.Errorf("field %q is implicit in every register", f.Key)
		}
		if _, dup := r.byKey[f.Key]; dup {
			return fmt.Errorf("field %q defined twice", f.Key)
		}
		if f.Type == "" {
			f.Type = Text
		}
		if !knownTypes[f.Type] {
			return fmt.Errorf("field %q: unknown type %q", f.Key, f.Type)
		}
		if f.Type == Enum && len(f.Values) == 0 {
			return fmt.Errorf("field %q: enum without values", f.Key)
		}
		if f.Type == Ref && f.Ref == "" {
			return fmt.Errorf("field %q: ref without target register", f.Key)
		}
		if f.Importance < 0 {
			return fmt.Errorf("field %q: importance must be 1 (most important) or more", f.Key)
		}
		f.Index = i
		f.enumIndex = map[string]string{}
		for _, v := range f.Values {
			for _, s := range []string{v.Value, v.ID, v.EN} {
				if s != "" {
					f.enumIndex[foldKey(s)] = v.Value
				}
			}
		}
		if f.Pattern != "" {
			re, err := regexp.Compile(f.Pattern)
			if err != nil {
				return fmt.Errorf("field %q: pattern: %v", f.Key, err)
			}
			f.Re = re
		}
		if f.RequiredWhen != "" {
			c, err := ParseCond(f.RequiredWhen)
			if err != nil {
				return fmt.Errorf("field %q: required_when: %v", f.Key, err)
			}
			f.Cond = c
		}
		r.byKey[f.Key] = f
	}
	for _, f := range r.Fields {
		if len(f.Split) == 0 {
			continue
		}
		var alts []string
		for _, p := range f.Split {
			t := r.byKey[p.Field]
			if t == nil || t == f || len(p.Labels) == 0 {
				return fmt.Errorf("field %q: split: field %q must be another field of the register, with labels", f.Key, p.Field)
			}
			for _, l := range p.Labels {
				words := strings.Fields(l)
				if len(words) == 0 {
					return fmt.Errorf("field %q: split: an empty label", f.Key)
				}
				for i := range words {
					words[i] = regexp.QuoteMeta(words[i])
				}
				alts = append(alts, strings.Join(words, `\s+`))
			}
		}
		// longest labels first, so that "no hp" wins over "hp"
		sort.SliceStable(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		f.SplitRe = regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(` + strings.Join(alts, "|") + `)\s*:`)
	}
	for _, f := range r.Fields {
		for _, h := range []string{f.Key, f.Label.ID, f.Label.EN} {
			if h == "" {
				continue
			}
			if _, taken := r.byHeader[foldKey(h)]; !taken {
				r.byHeader[foldKey(h)] = f
			}
		}
		if f.NotBefore != "" && r.byKey[f.NotBefore] == nil {
			return fmt.Errorf("field %q: not_before names unknown field %q", f.Key, f.NotBefore)
		}
	}
	if err := r.checkComputed(); err != nil {
		return err
	}
	r.idHeader = map[string]bool{}
	for _, h := range append([]string{r.IDLabel.ID, r.IDLabel.EN}, r.IDHeaders...) {
		if strings.TrimSpace(h) == "" {
			continue
		}
		k := foldKey(h)
		if f := r.byHeader[k]; f != nil {
			return fmt.Errorf("id_headers: %q is already a header of field %q", h, f.Key)
		}
		r.idHeader[k] = true
	}
	r.nulls = map[string]bool{}
	for _, t := range r.NullTokens {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("null_tokens: an empty token (empty cells are empty already)")
		}
		r.nulls[foldKey(t)] = true
	}
	if r.IDPattern != "" {
		re, err := regexp.Compile(r.IDPattern)
		if err != nil {
			return fmt.Errorf("id_pattern: %v", err)
		}
		r.IDRe = re
	}
	return nil
}

// computedInputs names, for each kind of computed field, the fields it is
// computed from and the types they must have.
var computedInputs = map[string]struct {
	fields []string
	types  []string
}{
	"priority_matrix":  {[]string{"impact", "urgency"}, []string{Enum, Text}},
	"availability_pct": {[]string{"agreed_minutes", "unplanned_downtime_min"}, []string{Integer, Number}},
	"risk_level":       {[]string{"likelihood", "impact"}, []string{Integer, Number}},
}

// checkComputed refuses a computed field that could never agree with its
// figure: an unknown kind, a type that holds no number (an enum compares
// through the numeric prefix of its values, "1 - Critical"), or inputs the
// register lacks.
func (r *Register) checkComputed() error {
	for _, f := range r.Fields {
		if f.Computed == "" {
			continue
		}
		in, ok := computedInputs[f.Computed]
		if !ok {
			return fmt.Errorf("field %q: computed: unknown %q (priority_matrix, availability_pct or risk_level)", f.Key, f.Computed)
		}
		switch {
		case f.List:
			return fmt.Errorf("field %q: computed: a list holds no single figure", f.Key)
		case f.Type == Integer || f.Type == Number:
		case f.Type == Enum:
			for _, e := range f.Values {
				if _, ok := enumNumber(e); !ok {
					return fmt.Errorf("field %q: computed: enum value %q has no number to compare (write it as \"1 - %s\")", f.Key, e.Value, e.Label("en"))
				}
			}
		default:
			return fmt.Errorf("field %q: computed: type %s holds no figure (use integer, number or an enum whose values start with a number)", f.Key, f.Type)
		}
		for _, k := range in.fields {
			g := r.byKey[k]
			if g == nil {
				return fmt.Errorf("field %q: computed: %s needs field %q in the register", f.Key, f.Computed, k)
			}
			okType := false
			for _, t := range in.types {
				okType = okType || g.Type == t
			}
			if !okType || g.List {
				return fmt.Errorf("field %q: computed: %s needs field %q of type %s, not %s", f.Key, f.Computed, k, strings.Join(in.types, " or "), g.Type)
			}
		}
	}
	return nil
}

func readYAML(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// foldKey normalises a header or enum label for matching: case-insensitive,
// surrounding and repeated spaces ignored.
func foldKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// foldASCII appends foldKey(s) to dst when s is short ASCII; ok is false otherwise.
func foldASCII(dst []byte, s string) ([]byte, bool) {
	if len(s) > cap(dst) {
		return dst, false
	}
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return dst, false
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			space = true
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, c)
	}
	return dst, true
}

// FoldKey is foldKey exported for other packages matching labels.
func FoldKey(s string) string { return foldKey(s) }
