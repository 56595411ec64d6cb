package pdf

import (
	"math"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// FontLicense is the licence of the Go fonts embedded (as subsets) in every PDF.
// The fonts come from golang.org/x/image/font/gofont through go.mod; the notice is
// reproduced in each PDF's XMP metadata (dc:rights) and on the audit pack's cover.
const FontLicense = `Go fonts (Go Regular, Go Bold, Go Italic, Go Bold Italic, Go Mono),
from golang.org/x/image/font/gofont.

Copyright (c) 2016 Bigelow & Holmes Inc.. All rights reserved.

Distribution of this font is governed by the following license. If you do not
agree to this license, including the disclaimer, do not distribute or modify
this font.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

	* Redistributions of source code must retain the above copyright notice,
	  this list of conditions and the following disclaimer.

	* Redistributions in binary form must reproduce the above copyright notice,
	  this list of conditions and the following disclaimer in the documentation
	  and/or other materials provided with the distribution.

	* Neither the name of Google Inc. nor the names of its contributors may be
	  used to endorse or promote products derived from this software without
	  specific prior written permission.

DISCLAIMER: THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
`

// fontCredit is the one-line attribution printed on the audit pack's cover.
const fontCredit = "Go fonts © 2016 Bigelow & Holmes Inc., BSD-3-Clause"

// face is one font of the family.
type face uint8

const (
	regular face = iota
	bold
	italic
	boldItalic
	mono
	numFaces
)

// fontData describes one face: its TrueType tables (for the subsets embedded
// in each PDF, see embed.go) and the advance widths (in 1/1000 em, rounded as
// PDF widths are) of the runes it has.
type fontData struct {
	ttf    *ttf
	widths []uint16 // index rune (< 0x10000); 0 = the font lacks the rune
}

var (
	fontsOnce sync.Once
	faces     [numFaces]*fontData
)

func loadFonts() {
	fontsOnce.Do(func() {
		fonts := [numFaces][]byte{regular: goregular.TTF, bold: gobold.TTF, italic: goitalic.TTF,
			boldItalic: gobolditalic.TTF, mono: gomono.TTF}
		var wg sync.WaitGroup
		for i, data := range fonts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				faces[i] = parseFont(data)
			}()
		}
		wg.Wait()
	})
}

// parseFont reads the advance widths of every rune of the Basic Multilingual
// Plane that the font maps to a glyph.
func parseFont(data []byte) *fontData {
	fd := &fontData{widths: make([]uint16, 0x10000)}
	f, err := sfnt.Parse(data)
	if err != nil {
		panic("pdf: embedded font: " + err.Error()) // the fonts are compiled in: a defect, not input
	}
	gids := make([]uint16, 0x10000)
	var buf sfnt.Buffer
	upm := f.UnitsPerEm()
	scale := 1000.0 / float64(upm)
	ppem := fixed.I(int(upm))
	for r := rune(0x20); r < 0x10000; r++ {
		if r >= 0xD800 && r < 0xE000 { // surrogates
			continue
		}
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		gids[r] = uint16(gi)
		adv, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			continue
		}
		w := int(math.Round(scale * float64(adv) / 64))
		if w <= 0 || w >= 0xFFFF {
			w = 0xFFFF // present, zero width (fpdf's convention)
		}
		fd.widths[r] = uint16(w)
	}
	fd.ttf, err = parseTTF(data, func(r rune) uint16 { return gids[r] })
	if err != nil {
		panic("pdf: embedded font: " + err.Error())
	}
	return fd
}

// has reports whether the face has a glyph for r.
func (fd *fontData) has(r rune) bool {
	return r >= 0 && r < 0x10000 && fd.widths[r] != 0
}

// units returns the advance width of s in 1/1000 em.
func (fd *fontData) units(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0 && r < 0x10000 {
			if u := fd.widths[r]; u != 0 && u != 0xFFFF {
				w += int(u)
			}
		}
	}
	return w
}

// width returns the width of s in mm at size pt.
func (fd *fontData) width(s string, size float64) float64 {
	return float64(fd.units(s)) * size / 1000 * ptMM
}

const ptMM = 25.4 / 72 // one point in millimetres

// replacement is the glyph drawn for a character the font lacks.
func (fd *fontData) replacement() rune {
	if fd.has('\uFFFD') {
		return '\uFFFD'
	}
	return '?'
}

// clean makes s drawable in face fd: control characters become spaces or
// vanish, characters the font lacks become the replacement glyph and are
// recorded in missing.
func (fd *fontData) clean(s string, missing map[rune]bool) string {
	ok := true
	for _, r := range s {
		if r < 0x20 || !fd.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteString("    ")
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			// control characters: dropped
		case r == '\u00AD' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
			// soft hyphen, zero-width characters: dropped
		case unicode.Is(unicode.Mn, r) && !fd.has(r):
			// combining marks the font lacks: dropped (the base letter stays)
			if missing != nil {
				missing[r] = true
			}
		case r == '\u00A0' && !fd.has(r):
			b.WriteByte(' ')
		case !fd.has(r):
			if missing != nil {
				missing[r] = true
			}
			b.WriteRune(fd.replacement())
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
