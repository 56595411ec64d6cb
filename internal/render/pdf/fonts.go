package pdf

import (
	"math"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-fonts/liberation/liberationmonoregular"
	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansbolditalic"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/smsgen/smsgen/internal/glyph"
)

// FontLicense is the licence of the fonts embedded (as subsets) in every PDF:
// Liberation Sans (text) and Liberation Mono (code), metric-compatible with
// Arial and Courier New. They come from codeberg.org/go-fonts/liberation
// through go.mod; the notice is reproduced in each PDF's XMP metadata
// (dc:rights) and on the audit pack's cover. The SIL Open Font License allows
// embedding the fonts in documents; it does not extend to the documents.
const FontLicense = `Liberation Sans (Regular, Bold, Italic, Bold Italic) and Liberation Mono 2.1,
from codeberg.org/go-fonts/liberation.

Digitized data copyright (c) 2010 Google Corporation
	with Reserved Font Arimo, Tinos and Cousine.
Copyright (c) 2012 Red Hat, Inc.
	with Reserved Font Name Liberation.

This Font Software is licensed under the SIL Open Font License,
Version 1.1.

This license is copied below, and is also available with a FAQ at:
http://scripts.sil.org/OFL

SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007

PREAMBLE The goals of the Open Font License (OFL) are to stimulate
worldwide development of collaborative font projects, to support the font
creation efforts of academic and linguistic communities, and to provide
a free and open framework in which fonts may be shared and improved in
partnership with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves.
The fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works.  The fonts and derivatives,
however, cannot be released under any other type of license.  The
requirement for fonts to remain under this license does not apply to
any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such.
This may include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components
as distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting — in part or in whole —
any of the components of the Original Version, by changing formats or
by porting the Font Software to a new environment.

"Author" refers to any designer, engineer, programmer, technical writer
or other person who contributed to the Font Software.

PERMISSION & CONDITIONS

Permission is hereby granted, free of charge, to any person obtaining a
copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,in
   Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
   redistributed and/or sold with any software, provided that each copy
   contains the above copyright notice and this license. These can be
   included either as stand-alone text files, human-readable headers or
   in the appropriate machine-readable metadata fields within text or
   binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
   Name(s) unless explicit written permission is granted by the
   corresponding Copyright Holder. This restriction only applies to the
   primary font name as presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
   Software shall not be used to promote, endorse or advertise any
   Modified Version, except to acknowledge the contribution(s) of the
   Copyright Holder(s) and the Author(s) or with their explicit written
   permission.

5) The Font Software, modified or unmodified, in part or in whole, must
   be distributed entirely under this license, and must not be distributed
   under any other license. The requirement for fonts to remain under
   this license does not apply to any document created using the Font
   Software.

TERMINATION
This license becomes null and void if any of the above conditions are not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT.  IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM OTHER
DEALINGS IN THE FONT SOFTWARE.
`

// fontCredit is the one-line attribution printed on the audit pack's cover.
const fontCredit = "Liberation Sans, Liberation Mono © 2010 Google Corporation, © 2012 Red Hat, Inc., SIL Open Font License 1.1"

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
		fonts := [numFaces][]byte{regular: liberationsansregular.TTF, bold: liberationsansbold.TTF, italic: liberationsansitalic.TTF,
			boldItalic: liberationsansbolditalic.TTF, mono: liberationmonoregular.TTF}
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
		case glyph.Dropped(r):
			// control characters, soft hyphen, zero-width characters: dropped
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
