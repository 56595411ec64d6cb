package pdf_test

import (
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestEmbeddedFonts: the Liberation fonts are embedded by the renderer itself (as
// subsets in place of fpdf's placeholder fonts). Every face is an embedded
// subset with a ToUnicode map, text whose 2-byte character ids contain the
// bytes of "(", ")", "\" and CR comes back out intact, accented letters (glyphs
// made of components) are drawn, and the PDF is structurally sound.
func TestEmbeddedFonts(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf", "qpdf poppler-utils")
	pdffonts := testutil.Tool(t, "pdffonts", "qpdf poppler-utils")
	pdftoppm := testutil.Tool(t, "pdftoppm", "qpdf poppler-utils")
	// Ĩ U+0128, ĩ U+0129, Ŝ U+015C, č U+010D: low bytes "(", ")", "\", CR
	body := "# Uji Huruf\n\nĨĩ Ŝ č (a\\b) Ţ Ő *miring ŧ* **tebal ĉ** ***tebal miring ŵ*** `kode ő`\n"
	root := writeSite(t, map[string]string{
		"smsgen.yaml":        settings,
		"content/uji-a.md":   doc("UJI-A", "approved", body),
		"content/kosong.md":  doc("UJI-B", "approved", "\n"),
		"registers/.gitkeep": "",
	})
	out, _ := render(t, root)
	file := filepath.Join(out, "pdf/docs/UJI-A.pdf")
	if b, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}
	b, err := exec.Command(pdffonts, file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, b)
	}
	fonts := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n")[2:] {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		name := regexp.MustCompile(`^[A-Z]{6}\+`).ReplaceAllString(f[0], "")
		fonts[name] = true
		if !strings.Contains(l, "CID TrueType") || !regexp.MustCompile(`Identity-H\s+yes\s+yes\s+yes`).MatchString(l) {
			t.Errorf("font not an embedded subset with a ToUnicode map: %q", l)
		}
	}
	for _, want := range []string{"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic", "LiberationSans-BoldItalic", "LiberationMono"} {
		if !fonts[want] {
			t.Errorf("font %s missing: %v", want, fonts)
		}
	}
	text := pdftotext(t, file)
	for _, want := range []string{"Ĩĩ Ŝ č (a\\b) Ţ Ő", "miring ŧ", "tebal ĉ", "tebal miring ŵ", "kode ő"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q not found in:\n%s", want, text)
		}
	}
	// the glyphs have outlines: the page with body text has clearly more ink
	// than the same page without it
	empty := filepath.Join(out, "pdf/docs/UJI-B.pdf")
	if got, blank := ink(t, pdftoppm, file), ink(t, pdftoppm, empty); got < blank+150 {
		t.Errorf("body text drew %d dark pixels, an empty body %d: glyph outlines missing?", got, blank)
	}
}

// ink counts the dark pixels of page 1 of a PDF rendered at 50 dpi.
func ink(t *testing.T, pdftoppm, file string) int {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "p")
	if b, err := exec.Command(pdftoppm, "-r", "50", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", file, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 128 {
				n++
			}
		}
	}
	return n
}
