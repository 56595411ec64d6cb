// Package glyph says which characters the PDFs print: those their text face
// (Liberation Sans Regular, the face internal/render/pdf embeds) has a glyph
// for, less those they drop on purpose. The PDF renderer and validate (which
// finds what the PDFs would print as a substitute mark, before any PDF is
// made) both ask it, so that they agree; it imports no renderer.
package glyph

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
)

// Dropped reports whether the PDFs leave r out on purpose: control
// characters, the soft hyphen and the zero-width characters.
func Dropped(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
		return true
	case r == '\u00AD' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
		return true
	}
	return false
}

// Missing reports whether a face whose coverage is has prints r as a
// substitute mark (or drops it, for a combining mark the face lacks): the
// characters dropped on purpose and the no-break space (printed as a space
// where the face lacks it) are not missing, nor is U+FFFD (what invalid
// UTF-8 reads as).
func Missing(r rune, has func(rune) bool) bool {
	switch {
	case Dropped(r) || r == '\u00A0' || r == utf8.RuneError:
		return false
	case r >= 0x10000:
		return true
	}
	return !has(r)
}

var (
	textOnce sync.Once
	textFont *sfnt.Font
	textMu   sync.Mutex // guards textBuf, and the font's lookups
	textBuf  sfnt.Buffer
	// bit r%64 of word r/64: r was looked up (known), the face has a glyph
	// for it (has); has is set before known
	textKnown, textHas [0x10000 / 64]atomic.Uint64
)

// Text reports whether the PDFs' text face has a glyph for r (what Coverage
// of the face says). Each character is looked up in the font the first time
// it is asked for: a site names a few dozen characters beyond ASCII, not the
// 65,536 of the plane, so no process pays for a table of them all.
func Text(r rune) bool {
	if r < 0 || r >= 0x10000 {
		return false
	}
	w, bit := r/64, uint64(1)<<(r%64)
	if textKnown[w].Load()&bit != 0 {
		return textHas[w].Load()&bit != 0
	}
	textOnce.Do(func() {
		f, err := sfnt.Parse(liberationsansregular.TTF)
		if err != nil {
			panic("glyph: embedded font: " + err.Error())
		}
		textFont = f
	})
	textMu.Lock()
	defer textMu.Unlock()
	has := false
	if r >= 0x20 && (r < 0xD800 || r >= 0xE000) { // as Coverage: no control character, no surrogate
		gi, err := textFont.GlyphIndex(&textBuf, r)
		has = err == nil && gi != 0
	}
	if has {
		textHas[w].Or(bit)
	}
	textKnown[w].Or(bit)
	return has
}

// Coverage reads which runes of the Basic Multilingual Plane the font data
// (TrueType) maps to a glyph. The fonts are compiled in: data that does not
// parse is a defect, not input, and panics.
func Coverage(data []byte) []bool {
	f, err := sfnt.Parse(data)
	if err != nil {
		panic("glyph: embedded font: " + err.Error())
	}
	has := make([]bool, 0x10000)
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		if r >= 0xD800 && r < 0xE000 { // surrogates
			continue
		}
		if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
			has[r] = true
		}
	}
	return has
}

// List lists the characters of set, sorted by code point, the first twelve
// and then how many more: as "U+00E9" or, with shown, as "é U+00E9".
func List(set map[rune]bool, shown bool) string {
	rs := make([]rune, 0, len(set))
	for r := range set {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	var parts []string
	for i, r := range rs {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("… (+%d)", len(rs)-12))
			break
		}
		if shown {
			parts = append(parts, fmt.Sprintf("%c U+%04X", r, r))
		} else {
			parts = append(parts, fmt.Sprintf("U+%04X", r))
		}
	}
	return strings.Join(parts, ", ")
}
