package model

import (
	"math"
	"unsafe"
)

// Arena holds the text of the cells of records. A value that is a substring
// of the arena's text (a CSV register's file, as read) is kept as its offset
// and length; any other (an unescaped quoted CSV cell, a YAML value, a
// canonical enum value, a value an importer builds) is copied once into the
// side buffer, whose written bytes never change. Records read by one goroutine
// share an arena; one arena is never written by two goroutines at once.
type Arena struct {
	text string
	// lo and hi bound the part of text the arena's cells lie in,
	// text[lo:hi] (hi 0: none): a register's reader starts an arena every
	// few thousand records, so that a character met in one stretch of the
	// file leaves the cells of the others known to be ASCII (ASCII).
	lo, hi uint32
	side   []byte
	// shared holds the side offset of short values put again and again
	// (canonical enum values, "true"/"false"): one copy per arena.
	shared map[string]uint32
	// recent holds the last shared values put, by a hash of where their
	// bytes are: the canonical value of an enum is the schema's one string,
	// so a cell of a value put before costs a comparison of equal pointers
	// rather than a map lookup.
	recent [8]sharedAt
}

// sharedAt is a value of Arena.shared and where it is.
type sharedAt struct {
	s  string
	at uint64
}

// sideBit marks a Cell's n when its text is in the side buffer.
const sideBit = 1 << 31

// maxSide is the most the side buffer holds (offsets are 32-bit; a test lowers it).
var maxSide = math.MaxUint32

// NewArena returns an arena whose cells may point into text (which is never
// written again).
func NewArena(text string) *Arena { return &Arena{text: text} }

func (a *Arena) str(c Cell) string { return a.at(c.at) }

// at returns the text at at (off<<32 | n; with sideBit: in the side buffer).
// Offsets come from put only, so they are in range: no bounds check; and a
// cell holding text belongs to a record that has an arena (Put, SetRaw and
// CopyCell give it one).
func (a *Arena) at(at uint64) string {
	n := uint32(at) &^ sideBit
	if n == 0 {
		return ""
	}
	base := unsafe.StringData(a.text)
	if uint32(at)&sideBit != 0 {
		base = unsafe.SliceData(a.side)
	}
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(base), at>>32)), n)
}

// within reports whether s lies inside the bytes at base[:size], and where.
func within(s string, base unsafe.Pointer, size int) (uint32, bool) {
	if size == 0 || base == nil {
		return 0, false
	}
	p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(base)
	if p < b || p+uintptr(len(s)) > b+uintptr(size) {
		return 0, false
	}
	return uint32(p - b), true
}

// put locates s: in the text or the side buffer when it already lies there,
// else copied at the end of the side buffer.
func (a *Arena) put(s string) uint64 {
	if s == "" {
		return 0
	}
	if len(s) >= sideBit {
		s = s[:sideBit-1] // unreachable: a register file is at most MaxCSVSize
	}
	if o, ok := within(s, unsafe.Pointer(unsafe.StringData(a.text)), len(a.text)); ok {
		a.spans(o, uint32(len(s)))
		return loc(o, uint32(len(s)))
	}
	if o, ok := within(s, unsafe.Pointer(unsafe.SliceData(a.side)), len(a.side)); ok {
		return loc(o, uint32(len(s))|sideBit)
	}
	if a.side == nil {
		a.side = make([]byte, 0, max(len(s), 64))
	}
	off := uint32(len(a.side))
	a.side = append(a.side, s...)
	return loc(off, uint32(len(s))|sideBit)
}

// loc is a Cell's at: off<<32 | n.
func loc(off, n uint32) uint64 { return uint64(off)<<32 | uint64(n) }

// putShared is put for a value written into many cells: one copy.
func (a *Arena) putShared(s string) uint64 {
	if s == "" {
		return 0
	}
	r := &a.recent[(uintptr(unsafe.Pointer(unsafe.StringData(s)))>>3^uintptr(len(s)))%uintptr(len(a.recent))]
	if r.s == s { // s != "": an empty slot never matches
		return r.at
	}
	if o, ok := a.shared[s]; ok {
		at := loc(o, uint32(len(s))|sideBit)
		r.s, r.at = s, at
		return at
	}
	at := a.put(s)
	if uint32(at)&sideBit != 0 {
		if a.shared == nil {
			a.shared = map[string]uint32{}
		}
		a.shared[s] = uint32(at >> 32)
		r.s, r.at = s, at
	}
	return at
}

// Fork returns an empty arena over the same text (a nil arena's fork has none).
func (a *Arena) Fork() *Arena {
	if a == nil {
		return &Arena{}
	}
	return &Arena{text: a.text}
}

// MoveTo makes a the record's arena, its values moved there.
func (r *Record) MoveTo(a *Arena) {
	old := r.Arena
	r.Arena = a
	for i := range r.Cells {
		c := &r.Cells[i]
		c.at = a.put(old.str(*c))
	}
}

// full reports whether putting s could take the side buffer past maxSide.
func (a *Arena) full(s string) bool { return len(a.side)+len(s) > maxSide }

// arena returns the arena to put s in: the record's, or when that one is
// full, a fresh one (over the same text) the record's cells move to.
func (r *Record) arena(s string) *Arena {
	if r.Arena == nil {
		r.Arena = &Arena{}
	}
	if r.Arena.full(s) {
		r.MoveTo(r.Arena.Fork())
	}
	return r.Arena
}

// Cell returns the value of field i (the zero Val when out of range).
func (r *Record) Cell(i int) Val {
	if uint(i) >= uint(len(r.Cells)) { // i < 0 too; one comparison keeps Cell inlined
		return Val{}
	}
	c := &r.Cells[i]
	return Val{Raw: r.Arena.at(c.at), Line: c.Line, Col: c.Col, Typed: c.Typed}
}

// Raw returns the text of field i ("" when out of range).
func (r *Record) Raw(i int) string {
	if uint(i) >= uint(len(r.Cells)) {
		return ""
	}
	return r.Arena.at(r.Cells[i].at)
}

// Put makes field i the untyped value s written at line and col.
func (r *Record) Put(i int, s string, line, col int) {
	c := &r.Cells[i]
	// a substring of the arena's text (most cells of a CSV register): the
	// cell written at once, without the side buffer's checks
	if a := r.Arena; a != nil && s != "" {
		if o, ok := within(s, unsafe.Pointer(unsafe.StringData(a.text)), len(a.text)); ok {
			a.spans(o, uint32(len(s)))
			*c = Cell{at: loc(o, uint32(len(s))), Line: int32(line), Col: int32(col)}
			return
		}
	}
	*c = Cell{Line: int32(line), Col: int32(col)}
	c.at = r.arena(s).put(s)
}

// spans widens text[lo:hi] to the n bytes at o.
func (a *Arena) spans(o, n uint32) {
	if a.hi == 0 || o < a.lo {
		a.lo = o
	}
	a.hi = max(a.hi, o+n)
}

// SetRaw replaces the text of field i, keeping its position and typed value.
func (r *Record) SetRaw(i int, s string) {
	c := &r.Cells[i]
	c.at = r.arena(s).put(s)
}

// setShared is SetRaw for a value many cells hold (a canonical enum value).
func (r *Record) setShared(i int, s string) {
	c := &r.Cells[i]
	c.at = r.arena(s).putShared(s)
}

// CopyCell makes field i of r the cell of field j of from (text, position
// and typed value), from's arena being r's or another.
func (r *Record) CopyCell(i int, from *Record, j int) {
	c := from.Cells[j]
	s := from.Arena.str(c)
	r.Cells[i] = c
	if from.Arena != r.Arena {
		r.SetRaw(i, s)
	}
}

// Same reports whether two records hold the same things: id, notes,
// positions, extras, items, classification and every cell (text, position,
// typed value), wherever their texts are stored. It is reflect.DeepEqual of
// the records as they were before cells kept their texts in an arena.
func (r *Record) Same(o *Record) bool {
	if r.ID != o.ID || r.Notes != o.Notes || r.Pos != o.Pos || r.IDPos != o.IDPos ||
		r.Classification != o.Classification || len(r.Cells) != len(o.Cells) ||
		len(r.Extra) != len(o.Extra) || len(r.Items) != len(o.Items) ||
		(r.Cells == nil) != (o.Cells == nil) || (r.Extra == nil) != (o.Extra == nil) || (r.Items == nil) != (o.Items == nil) {
		return false
	}
	for i := range r.Extra {
		if r.Extra[i] != o.Extra[i] {
			return false
		}
	}
	for i := range r.Items {
		if r.Items[i] != o.Items[i] {
			return false
		}
	}
	for i := range r.Cells {
		a, b := r.Cells[i], o.Cells[i]
		if a.Line != b.Line || a.Col != b.Col || a.Typed != b.Typed || r.Arena.str(a) != o.Arena.str(b) {
			return false
		}
	}
	return true
}

// FileSpan returns the part of the arena's file text from the first byte of
// the record's cells that lie in it to their last byte ("" when none does):
// one string to scan instead of a string per cell (the glyph check of a
// register reads it; InFile says which cells it covers).
func (r *Record) FileSpan() string {
	if r.Arena == nil {
		return ""
	}
	lo, hi := -1, -1
	for i := range r.Cells {
		at := r.Cells[i].at
		n := uint32(at)
		if n == 0 || n&sideBit != 0 {
			continue
		}
		off := int(at >> 32)
		if lo < 0 || off < lo {
			lo = off
		}
		hi = max(hi, off+int(n))
	}
	if lo < 0 {
		return ""
	}
	return r.Arena.text[lo:hi]
}

// InFile reports whether the text of field i lies in the arena's file text
// (false for an empty cell and a value in the side buffer).
func (r *Record) InFile(i int) bool {
	if uint(i) >= uint(len(r.Cells)) {
		return false
	}
	n := uint32(r.Cells[i].at)
	return n != 0 && n&sideBit == 0
}

// ASCII reports whether every text the arena holds is ASCII: the part of its
// file's text its cells lie in (asked of file, which may remember answers)
// and its side buffer. A nil arena holds none.
func (a *Arena) ASCII(file func(text string) bool) bool {
	if a == nil {
		return true
	}
	for _, c := range a.side {
		if c >= 0x80 {
			return false
		}
	}
	return a.hi == 0 || file(a.text[a.lo:a.hi])
}
