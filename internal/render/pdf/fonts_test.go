package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/glyph"
)

// TestFontCoverage: the text faces draw every character of the label
// catalogue and of the example site's documents (Indonesian and English), and
// the hyphen of a document number is narrow: "KEB-SMS-001" is no wider than
// in Arial (Liberation Sans has Arial's metrics: hyphen 333/1000 em).
func TestFontCoverage(t *testing.T) {
	loadFonts()
	var texts []string
	b, err := os.ReadFile("../../i18n/labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, string(b))
	_ = filepath.WalkDir("../../../content", func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			if b, err := os.ReadFile(p); err == nil {
				texts = append(texts, string(b))
			}
		}
		return nil
	})
	if len(texts) < 5 {
		t.Fatalf("only %d texts read", len(texts))
	}
	for _, fc := range []face{regular, bold, italic, boldItalic} {
		missing := map[rune]bool{}
		for _, s := range texts {
			for _, r := range s {
				if r >= 0x20 && r != 0x7F && r != '\uFEFF' && !faces[fc].has(r) {
					missing[r] = true
				}
			}
		}
		if len(missing) > 0 {
			t.Errorf("face %s lacks %s", psNames[fc], glyph.List(missing, true))
		}
	}
	for _, r := range "ÀÉÈÊËéèêëÏïÖöÜüÇç–—‘’“”•…×→≤≥€°±" {
		if !faces[regular].has(r) || !faces[bold].has(r) {
			t.Errorf("no glyph for %c U+%04X", r, r)
		}
	}
	if w := faces[regular].widths['-']; w > 340 {
		t.Errorf("hyphen is %d/1000 em wide, want Arial's 333", w)
	}
	id := faces[regular].units("KEB-SMS-001")
	if arial := 667 + 667 + 667 + 333 + 667 + 833 + 667 + 333 + 556*3; id != arial {
		t.Errorf("KEB-SMS-001 is %d/1000 em wide, want %d (Arial's metrics)", id, arial)
	}
}

// TestCleanAgreesWithGlyph: the text face records as missing exactly the
// characters internal/glyph calls missing (what validate reports as
// pdf-missing-glyph), over the whole Basic Multilingual Plane and beyond it;
// but U+FFFD, which is what invalid UTF-8 reads as (a finding of its own).
func TestCleanAgreesWithGlyph(t *testing.T) {
	loadFonts()
	fd := faces[regular]
	bad := 0
	for r := rune(0); r < 0x10000+16; r++ {
		if r >= 0xD800 && r < 0xE000 || r == '\uFFFD' {
			continue
		}
		missing := map[rune]bool{}
		fd.clean(string(r), missing)
		if got, want := missing[r], glyph.Missing(r, glyph.Text); got != want {
			if bad++; bad <= 10 {
				t.Errorf("U+%04X: the PDF records it missing: %v, glyph.Missing: %v", r, got, want)
			}
		}
	}
}
