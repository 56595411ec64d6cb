package pdf_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/testutil"
)

// imageXObjects counts the image XObjects of a PDF and the names they are
// listed under in resource dictionaries (uncompressed by qpdf --qdf).
func imageXObjects(t *testing.T, qpdf, file string) (images int, keys []string) {
	t.Helper()
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	if b, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", file, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --qdf: %v\n%s", err, b)
	}
	raw, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	images = len(regexp.MustCompile(`/Subtype /Image\b`).FindAll(raw, -1))
	for _, m := range regexp.MustCompile(`/XObject\s*<<([^>]*)>>`).FindAllSubmatch(raw, -1) {
		for _, k := range regexp.MustCompile(`/(\S+)\s+\d+\s+0\s+R`).FindAllSubmatch(m[1], -1) {
			keys = append(keys, string(k[1]))
		}
	}
	return images, keys
}

// TestSameImageTwoPaths: one image under two paths (two copies and a
// symbolic link) in one document gave two XObjects of one name, a PDF that
// qpdf --check rejects. Each distinct image is now embedded once, and a
// different image beside it still gets its own XObject.
func TestSameImageTwoPaths(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf", "qpdf poppler-utils")
	same := tinyPNG(t)
	root := writeSite(t, map[string]string{
		"smsgen.yaml": settings,
		"content/a.md": doc("DOC-IMG", "approved", "# Gambar\n\n![satu](gambar/a.png)\n\n![dua](lain/b.png)\n\n"+
			"![tiga](gambar/a.png)\n\n![taut](tautan.png)\n\n![beda](beda.png)\n"),
		"content/gambar/a.png": same,
		"content/lain/b.png":   same,
		"content/beda.png":     otherPNG(t),
	})
	if err := os.Symlink(filepath.Join("gambar", "a.png"), filepath.Join(root, "content", "tautan.png")); err != nil {
		t.Fatal(err)
	}
	out, fs := render(t, root)
	for _, f := range fs {
		if f.Severity == diag.Error || f.Code == "pdf-image-invalid" {
			t.Errorf("unexpected finding: %+v", f)
		}
	}
	file := filepath.Join(out, "pdf/docs/DOC-IMG.pdf")
	if b, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}
	images, keys := imageXObjects(t, qpdf, file)
	if images != 2 {
		t.Errorf("%d image XObjects, want 2 (one per distinct image)", images)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("XObject key /%s twice in one resource dictionary: %v", k, keys)
		}
		seen[k] = true
	}
	if len(keys) != 2 {
		t.Errorf("XObject keys %v, want 2", keys)
	}
}

// otherPNG is a second, different image.
func otherPNG(t *testing.T) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 10, 30))
	for x := 0; x < 10; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.NRGBA{200, uint8(y * 8), 20, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRefusedImagesNotEmbedded: images the attachment rules refuse never reach
// a PDF, even when the renderer runs despite the validation errors: a real
// PNG kept in .git/ or in the output folder and linked through a symbolic
// link, and a .png whose bytes are HTML. An allowed image beside them is
// embedded.
func TestRefusedImagesNotEmbedded(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf", "qpdf poppler-utils")
	root := writeSite(t, map[string]string{
		"smsgen.yaml": settings,
		"content/a.md": doc("DOC-IMG", "draft", "# Gambar\n\n![git](git.png)\n\n![out](keluaran.png)\n\n"+
			"![html](html.png)\n\n![boleh](boleh.png)\n"),
		".git/secret.png":            otherPNG(t),
		"output/site/files/lama.png": otherPNG(t),
		"content/html.png":           "<html><script>alert(1)</script></html>",
		"content/boleh.png":          tinyPNG(t),
	})
	for link, target := range map[string]string{"git.png": "../.git/secret.png", "keluaran.png": "../output/site/files/lama.png"} {
		if err := os.Symlink(target, filepath.Join(root, "content", link)); err != nil {
			t.Fatal(err)
		}
	}
	out, fs := render(t, root)
	c := codes(fs)
	if c["attachment-path-not-allowed"] != 2 || c["attachment-active-content"] != 1 {
		t.Errorf("findings %v, want 2 attachment-path-not-allowed and 1 attachment-active-content", c)
	}
	file := filepath.Join(out, "pdf/docs/DOC-IMG.pdf")
	if b, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}
	if images, _ := imageXObjects(t, qpdf, file); images != 1 {
		t.Errorf("%d images embedded, want only the allowed one", images)
	}
}
