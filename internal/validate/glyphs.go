package validate

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/glyph"
	"github.com/smsgen/smsgen/internal/i18n"
)

// The PDFs print a character their fonts lack (internal/glyph) as a
// substitute mark. validate finds those characters in what the PDFs print —
// document bodies, front matter, revision history, SOPs and register cells —
// so `validate --strict` and `build --strict` agree, and points at the first
// line that holds one.

// glyphFile collects the missing characters of one source file.
type glyphFile struct {
	set       map[rune]bool
	line, col int // of the first one
}

type glyphScan struct {
	files map[string]*glyphFile
}

// text scans s, which starts at line:col of file; lines after the first start at column 1.
func (g *glyphScan) text(file, s string, line, col int) {
	if isASCII(s) {
		return
	}
	for rest := s; ; {
		ln, after, more := strings.Cut(rest, "\n")
		for i, r := range ln {
			if !glyph.Missing(r, glyph.Text) {
				continue
			}
			gf := g.files[file]
			if gf == nil {
				gf = &glyphFile{set: map[rune]bool{}, line: line}
				if line > 0 {
					gf.col = col + utf8.RuneCountInString(ln[:i])
				}
				g.files[file] = gf
			}
			gf.set[r] = true
		}
		if !more {
			return
		}
		rest = after
		if line > 0 {
			line, col = line+1, 1
		}
	}
}

// glyphCoverage reports pdf-missing-glyph once per source file, at the first
// line holding a character the PDF fonts lack, listing the characters.
func (v *validator) glyphCoverage() {
	g := &glyphScan{files: map[string]*glyphFile{}}
	for _, d := range v.site.Documents {
		if d.Front != nil && d.Rec != nil {
			for _, c := range d.Rec.Cells {
				g.text(d.Path, c.Raw, int(c.Line), int(c.Col))
			}
		}
		for _, h := range d.History {
			g.text(d.Path, h.Version+" "+h.Date+" "+h.Author+" "+h.Summary, h.Line, 0)
		}
		if s := d.SOP; s != nil {
			parts := []string{s.Number, s.Name, s.ApprovedBy.Position, s.ApprovedBy.Name, s.ApprovedBy.NIP}
			for _, l := range [][]string{s.LegalBasis, s.Qualifications, s.Related, s.Equipment, s.Warnings, s.Records, s.Actors} {
				parts = append(parts, l...)
			}
			g.text(d.Path, strings.Join(parts, " "), s.Line, 0)
			for _, st := range s.Steps {
				g.text(d.Path, strings.Join(append([]string{st.Activity, st.Actor, st.Time, st.Output, st.Notes, st.YesLabel, st.NoLabel}, st.Requirements...), " "), st.Line, 0)
			}
		}
		g.text(d.Path, string(d.Body), d.BodyLine, 1)
	}
	// the organisation, unit and title head every PDF page
	st := v.site.Settings
	g.text("smsgen.yaml", st.Organization+" "+st.Unit+" "+st.BaseTitle, 0, 0)
	for _, name := range v.site.RegisterNames() {
		reg := v.site.Registers[name]
		for _, rec := range reg.Records {
			file := rec.Pos.File
			if file == "" {
				file = reg.Path
			}
			g.text(file, rec.ID, rec.IDPos.Line, rec.IDPos.Col)
			g.text(file, rec.Notes, rec.Pos.Line, 0)
			for i := range rec.Cells {
				if c := &rec.Cells[i]; c.Raw != "" { // no call for an empty cell
					g.text(file, c.Raw, int(c.Line), int(c.Col))
				}
			}
			for _, x := range rec.Extra {
				g.text(file, x.Value, int(x.Line), int(x.Col))
			}
		}
	}
	files := make([]string, 0, len(g.files))
	for f := range g.files {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		gf := g.files[f]
		v.rep.Report("pdf-missing-glyph", i18n.Where{File: f, Line: gf.line, Col: gf.col, Value: glyph.List(gf.set, false)}, nil)
	}
}

// isASCII reports whether s holds only ASCII bytes, eight bytes at a time (most
// register cells and document lines are ASCII, and every one is scanned).
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
