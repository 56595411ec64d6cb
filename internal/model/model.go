// Package model is the one resolved model of a site, built once from what the
// loader read and read by every validator and renderer.
package model

import (
	"math"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/schema"
	"github.com/yuin/goldmark/ast"
)

// Pos is a position in a source file (1-based line and column; 0 when unknown).
type Pos struct {
	File string
	Line int
	Col  int
}

// Cell is one value of a record field as stored: where its text is in the
// record's Arena (the text as written, enums already canonical, surrounding
// space trimmed), where it was written, and its typed value. A Cell holds no
// Go pointer, so the slabs of cells of a big register are memory the garbage
// collector never scans. Readers use Record.Cell (a Val with the text) or
// Record.Raw; writers Record.Put and Record.SetRaw. (Cell and Val have at
// most four fields of at most 32 bytes: the compiler keeps them in registers.)
type Cell struct {
	// at locates the text: off<<32 | n, text[off:off+n] of the arena, or
	// side[off:off+n] when n has sideBit.
	at   uint64
	Line int32
	Col  int32
	Typed
}

// Typed is the typed value of a cell (number, integer, boolean 0/1,
// date/datetime/month in unix seconds) as math.Float64bits(value) ^
// typedMask; 0 means not typed. Packing "typed" into the value keeps a Cell
// at 24 bytes, which matters with millions of cells.
type Typed uint64

// typedMask is a signalling-NaN bit pattern that no parse or arithmetic produces.
const typedMask = 0x7ff4_534d_5347_0001

func (t Typed) num() float64 {
	if t == 0 {
		return 0
	}
	return math.Float64frombits(uint64(t) ^ typedMask)
}

// Present reports whether the cell holds a non-empty value.
func (c Cell) Present() bool { return uint32(c.at)&^sideBit != 0 }

// Valid reports whether the value is present and parsed for its type.
func (t Typed) Valid() bool { return t != 0 }

// Float returns the numeric value.
func (t Typed) Float() float64 { return t.num() }

// Int returns the integer value.
func (t Typed) Int() int { return int(math.Round(t.num())) }

// Bool returns the boolean value.
func (t Typed) Bool() bool { return t != 0 && t.num() != 0 }

// Time returns the date, datetime or month value (UTC).
func (t Typed) Time() time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.Unix(int64(t.num()), 0).UTC()
}

// Set stores a typed value on the cell.
func (c *Cell) Set(num float64) {
	b := math.Float64bits(num)
	if b == typedMask {
		b = math.Float64bits(math.NaN())
	}
	c.Typed = Typed(b ^ typedMask)
}

// SetTime stores a time on the cell.
func (c *Cell) SetTime(t time.Time) { c.Set(float64(t.Unix())) }

// SetOK marks a text-like cell as valid.
func (c *Cell) SetOK() {
	if c.Typed == 0 {
		c.Typed = typedMask // typed, value 0
	}
}

// Val is a cell read with its text (Record.Cell, Register.Get,
// Document.Cell): Raw is the text, Line and Col where it was written, and the
// typed methods (Valid, Float, Int, Bool, Time) those of the Cell. Raw points
// into the record's arena: reading a Val costs no allocation.
type Val struct {
	Raw  string
	Line int32
	Col  int32
	Typed
}

// Present reports whether the value is non-empty.
func (v Val) Present() bool { return v.Raw != "" }

// Items splits a list value into its items: one per line; for references also
// separated by commas or semicolons.
func (v Val) Items(refs bool) []string { return SplitList(v.Raw, refs) }

// SplitList splits the text of a list cell.
func SplitList(s string, refs bool) []string {
	if s == "" {
		return nil
	}
	sep := func(r rune) bool { return r == '\n' || r == '\r' }
	if refs {
		sep = func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, sep) {
		p = strings.TrimSpace(p)
		if p != "" && (p[0] == '-' || p[0] == '*' || strings.HasPrefix(p, "•")) {
			p = strings.TrimSpace(strings.TrimLeft(p, "-•*"))
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Record is one row of a register.
type Record struct {
	ID    string
	Notes string
	Pos   Pos     // where the record starts
	IDPos Pos     // where its id is
	Cells []Cell  // indexed by schema field Index
	Extra []Extra // fields the schema does not know (kept for display and import)
	// Items holds where the items of list fields were written, when the
	// source gives each item its own position (YAML lists).
	Items []ItemPos
	// Classification of the record, if the register has such a field (else "").
	Classification string
	// Arena holds the text of the Cells (nil until a value is put): read
	// them with Cell or Raw, write them with Put or SetRaw.
	Arena *Arena
}

// Extra is a field of a record that its schema does not define.
type Extra struct {
	Key, Value string
	Line, Col  int32
}

// ItemPos is where one item of a list field was written.
type ItemPos struct {
	Field     int // the field's schema index
	Text      string
	Line, Col int32
}

// ItemPosOf returns the position of the item text of a list field of a record
// (the field's position when the source gave items none).
func (r *Register) ItemPosOf(rec *Record, key, text string) Pos {
	if f := r.Schema.Field(key); f != nil {
		for _, it := range rec.Items {
			if it.Field == f.Index && it.Text == text {
				return Pos{File: rec.Pos.File, Line: int(it.Line), Col: int(it.Col)}
			}
		}
	}
	return r.PosOf(rec, key)
}

// Register is a loaded register.
type Register struct {
	Name    string
	Schema  *schema.Register
	Path    string // site-relative path of the file or folder
	Format  string // csv, yaml, folder
	Delim   rune   // CSV delimiter
	Records []*Record
	ByID    map[string]*Record
	// Columns lists the CSV header keys in file order (CSV only).
	Columns []string
	// LastChange is the register's last change in git (nil outside git).
	LastChange *Change
}

// Get returns the value of a field of a record (the zero Val when the field is unknown).
func (r *Register) Get(rec *Record, key string) Val {
	f := r.Schema.Field(key)
	if f == nil {
		return Val{}
	}
	return rec.Cell(f.Index)
}

// Value returns the canonical text of a field of a record.
func (r *Register) Value(rec *Record, key string) string {
	if key == "id" {
		return rec.ID
	}
	if key == "notes" {
		return rec.Notes
	}
	if f := r.Schema.Field(key); f != nil {
		return rec.Raw(f.Index)
	}
	return ""
}

// PosOf returns the position of a field of a record (the record's position when the field is absent).
func (r *Register) PosOf(rec *Record, key string) Pos {
	if key == "id" {
		return rec.IDPos
	}
	if c := r.Get(rec, key); c.Line > 0 {
		file := rec.Pos.File
		return Pos{File: file, Line: int(c.Line), Col: int(c.Col)}
	}
	return rec.Pos
}

// Title returns a short title of the record from the schema's title field.
func (r *Register) Title(rec *Record) string {
	if r.Schema.TitleField != "" {
		if t := r.Value(rec, r.Schema.TitleField); t != "" {
			return t
		}
	}
	return rec.ID
}

// Heading is a heading of a document body.
type Heading struct {
	Level int
	Text  string
	ID    string // anchor id (keeps non-ASCII letters)
	Line  int
}

// Link is a link found in a document body.
type Link struct {
	Dest string
	Text string
	Line int
	Col  int
	// Resolved target: one of Doc, Register/Record, or a site file.
	Kind     string // doc, reg, file, external, anchor, invalid
	DocID    string
	Register string
	RecordID string
	Anchor   string
	File     string // site-relative
}

// RevisionEntry is one entry of a revision history.
type RevisionEntry struct {
	Version, Date, Author, Summary string
	Line                           int
}

// SOP is the structured SOP of a sop document.
type SOP struct {
	Number, CreatedDate, RevisionDate, EffectiveDate, Name string
	ApprovedBy                                             struct{ Position, Name, NIP string }
	LegalBasis, Qualifications, Related, Equipment         []string
	Warnings, Records, Actors                              []string
	Steps                                                  []SOPStep
	Line                                                   int
	// Lines holds the line of each key written (number, approved_by,
	// approved_by.name, legal_basis …); ItemLines the line of each item of a list.
	Lines     map[string]int
	ItemLines map[string][]int
}

// LineOf returns the line of a key of the sop block (the block's line when unknown).
func (s *SOP) LineOf(key string) int {
	if l := s.Lines[key]; l > 0 {
		return l
	}
	return s.Line
}

// SOPStep is one step of an SOP.
type SOPStep struct {
	Num          int
	Activity     string
	Actor        string
	Kind         string // start, process, decision, end
	Requirements []string
	Time         string
	Minutes      float64 // parsed duration in minutes (0 when unparsed)
	Output       string
	Notes        string
	Yes, No      int
	YesLabel     string
	NoLabel      string
	Next         int
	Line         int
	// Lines holds the line of each key of the step as written (actor, yes …).
	Lines map[string]int
}

// LineOf returns the line of a key of the step (the step's first line when unknown).
func (st *SOPStep) LineOf(key string) int {
	if l := st.Lines[key]; l > 0 {
		return l
	}
	return st.Line
}

// Successors returns the steps that follow step i (1-based) in the flowchart.
func (s *SOP) Successors(i int) []int {
	st := s.Steps[i-1]
	switch st.Kind {
	case "end":
		return nil
	case "decision":
		var out []int
		for _, t := range []int{st.Yes, st.No} {
			if t > 0 {
				out = append(out, t)
			}
		}
		return out
	}
	if st.Next > 0 {
		return []int{st.Next}
	}
	if i < len(s.Steps) {
		return []int{i + 1}
	}
	return nil
}

// Document is a controlled Markdown document.
type Document struct {
	Path     string // site-relative, slash separated, e.g. content/kebijakan/x.md
	DocID    string
	Title    string
	Front    *Register // a one-record "register" holding the typed front matter
	Rec      *Record
	Body     []byte // Markdown body (after front matter)
	BodyLine int    // physical line of the first body line
	AST      ast.Node
	Headings []Heading
	Links    []Link
	History  []RevisionEntry
	SOP      *SOP
	Format   string // yaml, toml, json
	Lines    []int  // byte offsets of line starts in Body
	// LastChange is the document's last change in git (nil outside git).
	LastChange *Change
	// Accepts are the findings the document accepts (front matter accept:).
	Accepts []Accept
}

// Change is a commit that last touched a source.
type Change struct {
	Commit string
	Date   time.Time
	Author string
}

// Meta returns the canonical text of a front-matter key.
func (d *Document) Meta(key string) string {
	if d.Front == nil {
		return ""
	}
	return d.Front.Value(d.Rec, key)
}

// Cell returns the typed front-matter value (the zero Val when absent).
func (d *Document) Cell(key string) Val {
	if d.Front == nil {
		return Val{}
	}
	return d.Front.Get(d.Rec, key)
}

// Approved reports whether the document's status is approved.
func (d *Document) Approved() bool { return d.Meta("status") == "approved" }

// Settings are the site settings (smsgen.yaml).
type Settings struct {
	Organization string                    `yaml:"organization"`
	Unit         string                    `yaml:"unit"`
	Language     string                    `yaml:"language"`
	DateFormat   string                    `yaml:"date_format"`
	Frameworks   []string                  `yaml:"frameworks"`
	Priority     map[string]map[string]int `yaml:"priority_matrix"`
	BaseTitle    string                    `yaml:"title"`
	// Rules sets the severity of finding codes: off, warning or error.
	Rules map[string]string `yaml:"rules"`
	// AllowedFrontMatter are extra front-matter keys documents may carry.
	AllowedFrontMatter []string `yaml:"allowed_front_matter"`
	// FrameworkPos is the position in smsgen.yaml of each entry of Frameworks.
	FrameworkPos []Pos `yaml:"-"`
	// Logo is the site path of the organisation's logo (PNG or JPEG), drawn
	// in the letterhead (kop) of the PDFs; it passes the attachment checks.
	Logo string `yaml:"logo"`
	// Address is the letterhead's address line(s) under the organisation.
	Address string `yaml:"address"`
	// City is the place of enactment of the approval blocks ("Ditetapkan di").
	City string `yaml:"city"`
}

// Site is the resolved model of one site.
type Site struct {
	Root      string
	Settings  Settings
	Schemas   *schema.Set
	Today     time.Time
	Documents []*Document          // sorted by Path
	DocByID   map[string]*Document // first document with that id
	DocByPath map[string]*Document
	Registers map[string]*Register
	// Files lists other site files (images etc.) by site-relative path.
	Files map[string]bool
}

// RegisterNames returns the names of the loaded registers, sorted.
func (s *Site) RegisterNames() []string {
	var names []string
	for n := range s.Registers {
		names = append(names, n)
	}
	sortStrings(names)
	return names
}

// Lang returns the site language ("id" by default).
func (s *Site) Lang() string {
	if s.Settings.Language == "en" {
		return "en"
	}
	return "id"
}
