package validate

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/smsgen/smsgen/internal/glyph"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// The PDFs print a character their fonts lack (internal/glyph) as a
// substitute mark. validate finds those characters in what the PDFs print —
// document bodies, front matter, revision history, SOPs and register cells —
// so `validate --strict` and `build --strict` agree, and points at the first
// one met (front matter, then revision history, SOP and body; in a register,
// record by record).
//
// The fonts have every printable ASCII character and the PDFs drop the ASCII
// control characters (glyph.Missing is false for every rune below 0x80), so a
// text is looked at rune by rune only from its first non-ASCII byte on; most
// texts are ASCII and cost one pass eight bytes at a time, without a copy.

// glyphFile collects the missing characters of one source file.
type glyphFile struct {
	set       map[rune]bool // nil until the first one is found
	line, col int           // of the first one
}

// add records r, found at line:col when it is the file's first.
func (g *glyphFile) add(r rune, line, col int) {
	if g.set == nil {
		g.set = map[rune]bool{}
		g.line, g.col = line, col
	}
	g.set[r] = true
}

// text scans s, which starts at line:col of the file; lines after the first
// start at column 1. A line of 0 (position unknown) stays 0, with column 0.
func (g *glyphFile) text(s string, line, col int) {
	i := asciiPrefix(s)
	if i == len(s) {
		return
	}
	if line > 0 {
		if n := strings.Count(s[:i], "\n"); n > 0 {
			line, col = line+n, 1
			s = s[strings.LastIndexByte(s[:i], '\n')+1:]
			i = asciiPrefix(s)
		}
	}
	start := 0 // of the current line in s
	for j, r := range s[i:] {
		j += i
		if r == '\n' {
			if line > 0 {
				line, col, start = line+1, 1, j+1
			}
			continue
		}
		if r < utf8.RuneSelf || !glyph.Missing(r, glyph.Text) {
			continue
		}
		if g.set != nil { // the position of a later one does not matter
			g.set[r] = true
			continue
		}
		c := 0
		if line > 0 {
			c = col + utf8.RuneCountInString(s[start:j])
		}
		g.add(r, line, c)
	}
}

// body scans a document body whose first line is line (column 1), as text
// does, without making a string of it.
func (g *glyphFile) body(b []byte, line int) {
	i := asciiPrefix(b)
	if i == len(b) {
		return
	}
	start := 0
	if line > 0 {
		line += bytes.Count(b[:i], []byte{'\n'})
		start = bytes.LastIndexByte(b[:i], '\n') + 1
	}
	for j := i; j < len(b); {
		c := b[j]
		if c < utf8.RuneSelf {
			if c == '\n' && line > 0 {
				line, start = line+1, j+1
			}
			j++
			continue
		}
		r, n := utf8.DecodeRune(b[j:])
		if glyph.Missing(r, glyph.Text) {
			col := 0
			if line > 0 {
				col = 1 + utf8.RuneCount(b[start:j])
			}
			g.add(r, line, col)
		}
		j += n
	}
}

// parts scans the texts of parts as the one text they make joined by spaces
// (a revision-history entry, an SOP block or step, printed as one), starting
// at line:col. Only a text holding a non-ASCII byte is ever joined.
func (g *glyphFile) parts(line, col int, parts ...string) {
	for _, p := range parts {
		if asciiPrefix(p) < len(p) {
			g.text(strings.Join(parts, " "), line, col)
			return
		}
	}
}

// document scans what the PDFs print of document d: its front matter, its
// revision history, its SOP and its body, in that order.
func (g *glyphFile) document(d *model.Document) {
	if d.Front != nil && d.Rec != nil {
		for i := range d.Rec.Cells {
			c := d.Rec.Cell(i)
			g.text(c.Raw, int(c.Line), int(c.Col))
		}
	}
	for _, h := range d.History {
		g.parts(h.Line, 0, h.Version, h.Date, h.Author, h.Summary)
	}
	if s := d.SOP; s != nil {
		if !allASCII(s.Number, s.Name, s.ApprovedBy.Position, s.ApprovedBy.Name, s.ApprovedBy.NIP) ||
			!allASCII(s.LegalBasis...) || !allASCII(s.Qualifications...) || !allASCII(s.Related...) ||
			!allASCII(s.Equipment...) || !allASCII(s.Warnings...) || !allASCII(s.Records...) || !allASCII(s.Actors...) {
			parts := []string{s.Number, s.Name, s.ApprovedBy.Position, s.ApprovedBy.Name, s.ApprovedBy.NIP}
			for _, l := range [][]string{s.LegalBasis, s.Qualifications, s.Related, s.Equipment, s.Warnings, s.Records, s.Actors} {
				parts = append(parts, l...)
			}
			g.text(strings.Join(parts, " "), s.Line, 0)
		}
		for _, st := range s.Steps {
			if !allASCII(st.Activity, st.Actor, st.Time, st.Output, st.Notes, st.YesLabel, st.NoLabel) || !allASCII(st.Requirements...) {
				g.text(strings.Join(append([]string{st.Activity, st.Actor, st.Time, st.Output, st.Notes, st.YesLabel, st.NoLabel}, st.Requirements...), " "), st.Line, 0)
			}
		}
	}
	g.body(d.Body, d.BodyLine)
}

func allASCII(ss ...string) bool {
	for _, s := range ss {
		if asciiPrefix(s) < len(s) {
			return false
		}
	}
	return true
}

// registerGlyphs scans the site settings printed on every PDF page and every
// register record, by file.
func (v *validator) registerGlyphs() map[string]*glyphFile {
	files := map[string]*glyphFile{}
	at := func(file string) *glyphFile {
		g := files[file]
		if g == nil {
			g = &glyphFile{}
			files[file] = g
		}
		return g
	}
	// the organisation, unit and title head every PDF page
	st := v.site.Settings
	at("smsgen.yaml").parts(0, 0, st.Organization, st.Unit, st.BaseTitle)
	// whether all the texts of an arena are ASCII, and of a file's text
	// (shared by the arenas of a register), each found once
	arenas := map[*model.Arena]bool{}
	type textKey struct {
		p *byte
		n int
	}
	texts := map[textKey]bool{}
	fileASCII := func(text string) bool {
		k := textKey{unsafe.StringData(text), len(text)}
		v, ok := texts[k]
		if !ok {
			v = isASCII(text)
			texts[k] = v
		}
		return v
	}
	asciiArena := func(a *model.Arena) bool {
		v, ok := arenas[a]
		if !ok {
			v = a.ASCII(fileASCII)
			arenas[a] = v
		}
		return v
	}
	for _, name := range v.site.RegisterNames() {
		reg := v.site.Registers[name]
		var g *glyphFile
		file := ""
		for _, rec := range reg.Records {
			f := rec.Pos.File
			if f == "" {
				f = reg.Path
			}
			if g == nil || f != file {
				g, file = at(f), f
			}
			g.text(rec.ID, rec.IDPos.Line, rec.IDPos.Col)
			g.text(rec.Notes, rec.Pos.Line, 0)
			if asciiArena(rec.Arena) {
				continue // every cell's text is ASCII (Extra values are not in the arena)
			}
			// the cells that lie in the file, all ASCII when the bytes they
			// span are: nothing for the fonts to lack there
			span := rec.FileSpan()
			ascii := span != "" && isASCII(span)
			for i := range rec.Cells {
				if ascii && rec.InFile(i) {
					continue
				}
				if c := rec.Cell(i); c.Raw != "" { // no call for an empty cell
					g.text(c.Raw, int(c.Line), int(c.Col))
				}
			}
			for _, x := range rec.Extra {
				g.text(x.Value, int(x.Line), int(x.Col))
			}
		}
	}
	return files
}

// reportGlyphs reports pdf-missing-glyph once per source file, at the first
// character the PDF fonts lack, listing the characters: docs[i] holds those of
// document i, regs those of the settings and the registers by file.
func (v *validator) reportGlyphs(docs []glyphFile, regs map[string]*glyphFile) {
	files := map[string]*glyphFile{}
	for i := range docs {
		if g := &docs[i]; g.set != nil {
			files[v.site.Documents[i].Path] = g
		}
	}
	for f, g := range regs {
		if g.set == nil {
			continue
		}
		if prev := files[f]; prev != nil { // a file both a document and a register: never, but lose nothing
			for r := range g.set {
				prev.set[r] = true
			}
			continue
		}
		files[f] = g
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		g := files[f]
		v.rep.Report("pdf-missing-glyph", i18n.Where{File: f, Line: g.line, Col: g.col, Value: glyph.List(g.set, false)}, nil)
	}
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool { return asciiPrefix(s) == len(s) }

// asciiPrefix returns the index of the first non-ASCII byte of s (len(s)
// when there is none), 32 bytes at a time, then 8, then one: every register
// cell, front-matter value and document body is scanned, and most are ASCII.
func asciiPrefix[T string | []byte](s T) int {
	var p unsafe.Pointer
	switch v := any(s).(type) {
	case string:
		p = unsafe.Pointer(unsafe.StringData(v))
	case []byte:
		p = unsafe.Pointer(unsafe.SliceData(v))
	}
	return asciiPrefixAt(p, len(s))
}

// asciiPrefixAt is asciiPrefix of the n bytes at p, read eight at a time
// with one load each (p need not be aligned: amd64 and arm64 load
// unaligned words).
func asciiPrefixAt(p unsafe.Pointer, n int) int {
	const high = 0x8080808080808080
	w := func(i int) uint64 { return *(*uint64)(unsafe.Add(p, i)) }
	i := 0
	for ; i+32 <= n; i += 32 {
		if (w(i)|w(i+8)|w(i+16)|w(i+24))&high != 0 {
			break
		}
	}
	for ; i+8 <= n; i += 8 {
		if w(i)&high != 0 {
			break
		}
	}
	for ; i < n; i++ {
		if *(*byte)(unsafe.Add(p, i)) >= utf8.RuneSelf {
			return i
		}
	}
	return i
}
