package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/yuin/goldmark/ast"
)

// Limits on images read from the site.
const (
	maxImageBytes  = 20 << 20
	maxImagePixels = 40_000_000
)

type imageInfo struct {
	name string
	w, h int
	err  error
}

// loadImage reads an image of the site (png, jpeg or gif) once per PDF and
// registers it with fpdf; PNGs fpdf cannot read (16-bit, interlaced) and GIFs
// are converted to plain 8-bit PNG first.
func (o *out) loadImage(root, rel string) *imageInfo {
	if im, ok := o.images[rel]; ok {
		return im
	}
	im := &imageInfo{name: "img:" + rel}
	o.images[rel] = im
	data, typ, err := readImage(root, rel)
	if err != nil {
		im.err = err
		return im
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		im.err = fmt.Errorf("not a readable image: %v", err)
		return im
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		im.err = fmt.Errorf("image of %d×%d pixels is too large", cfg.Width, cfg.Height)
		return im
	}
	if format != typ {
		typ = format
	}
	switch typ {
	case "png":
		if needsConversion(data) {
			data, err = reencode(data, png.Decode)
		} else {
			_, err = png.Decode(bytes.NewReader(data)) // validates the whole stream
		}
	case "gif":
		data, err = reencode(data, gif.Decode)
		typ = "png"
	case "jpeg":
		_, err = jpeg.Decode(bytes.NewReader(data))
		typ = "jpg"
	default:
		err = fmt.Errorf("unsupported image format %s (use PNG or JPEG)", typ)
	}
	if err != nil {
		im.err = err
		return im
	}
	// fpdf names an image's XObject after a hash of its content: the same
	// image registered under two names would give two XObjects of one name
	// (a PDF that qpdf rejects). So an image is registered once per content
	// and every path that holds it uses that registration.
	key := sha256.Sum256(append([]byte(typ+"\x00"), data...))
	if same := o.imgByHash[key]; same != nil {
		o.images[rel] = same
		return same
	}
	im.name = "img:" + hex.EncodeToString(key[:])
	o.f.RegisterImageOptionsReader(im.name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(data))
	if e := o.f.Error(); e != nil {
		o.f.ClearError()
		im.err = e
		return im
	}
	im.w, im.h = cfg.Width, cfg.Height
	o.imgByHash[key] = im
	return im
}

func readImage(root, rel string) ([]byte, string, error) {
	clean := path.Clean(rel)
	if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, "", errors.New("path outside the site")
	}
	ext := strings.ToLower(path.Ext(clean))
	typ := map[string]string{".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif"}[ext]
	if typ == "" {
		return nil, "", fmt.Errorf("unsupported image type %q (use .png or .jpg)", ext)
	}
	// where the image lies and what it holds: the attachment rules (a regular
	// file of the site, outside hidden folders and the output folder)
	real, pr := attach.Resolve(root, clean, filepath.Join(root, "output"))
	if pr != nil {
		return nil, "", pr
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, "", err
	}
	if st.Size() > maxImageBytes {
		return nil, "", fmt.Errorf("image larger than %d MiB", maxImageBytes>>20)
	}
	data, err := os.ReadFile(real)
	if err != nil {
		return nil, "", err
	}
	if pr := attach.CheckBytes(clean, data); pr != nil {
		return nil, "", pr
	}
	return data, typ, nil
}

// needsConversion reports PNGs fpdf cannot embed as they are (16-bit depth or interlaced).
func needsConversion(b []byte) bool {
	if len(b) < 29 {
		return true
	}
	return b[24] > 8 || b[28] != 0
}

func reencode(data []byte, dec func(io.Reader) (image.Image, error)) ([]byte, error) {
	img, err := dec(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, rgba); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// image draws a Markdown image as a block, scaled to the text width; an image
// that cannot be shown leaves a framed note and a warning.
func (m *mdr) image(img *ast.Image) {
	o := m.o
	dest := string(img.Destination)
	alt := markdown.PlainText(img, m.src)
	l := m.rc.facts.Link(m.d, dest)
	var im *imageInfo
	switch {
	case !l.OK():
		im = &imageInfo{err: errors.New(strings.TrimSpace(l.Code + " " + l.Reason.In(m.rc.lang)))}
	case l.Kind != "file":
		im = &imageInfo{err: errors.New("not an image file of the site")}
	default:
		im = o.loadImage(m.rc.site.Root, l.File)
	}
	if im.err != nil {
		m.rc.imageProblem(m.d, m.line(img), dest, im.err)
		st := style{face: italic, size: 9, color: darkRed}
		txt := labelf(m.rc.lang, "image_missing", dest)
		if alt != "" {
			txt += " " + alt
		}
		lines := o.layout(plain(txt, st), m.w-4, st)
		h := linesH(lines) + 4
		o.need(h)
		o.drawColor(darkRed)
		o.rect(m.x, o.y, m.w, h, "D")
		o.drawColor(black)
		y := o.y + 2
		for _, ln := range lines {
			o.drawLine(ln, m.x+2, y, m.w-4, 'L')
			y += ln.h
		}
		o.y += h + 2
		return
	}
	w := float64(im.w) * 25.4 / 96
	h := float64(im.h) * 25.4 / 96
	if w > m.w {
		h, w = h*m.w/w, m.w
	}
	maxH := (o.bottom - o.top) * 0.8
	if h > maxH {
		w, h = w*maxH/h, maxH
	}
	capH := 0.0
	var capLines []lineBox
	cst := style{face: italic, size: 8.5, color: gray}
	if alt != "" {
		capLines = o.layout(plain(alt, cst), m.w, cst)
		capH = linesH(capLines) + 1
	}
	o.need(h + capH + 2)
	o.y += 1
	o.f.ImageOptions(im.name, m.x+(m.w-w)/2, o.y+o.dy, w, h, false, fpdf.ImageOptions{}, 0, "")
	o.y += h + 1
	for _, ln := range capLines {
		o.drawLine(ln, m.x, o.y, m.w, 'C')
		o.y += ln.h
	}
	o.y += 2
}

// line returns the body line of a node (1-based, in the document file).
func (m *mdr) line(n ast.Node) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			off := p.Lines().At(0).Start
			return bytes.Count(m.src[:off], []byte("\n")) + m.d.BodyLine
		}
	}
	return m.d.BodyLine
}
