package pdf

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/klauspost/compress/zlib"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// fpdf compresses every page's content stream with a zlib writer of its own
// (zlib.NewWriterLevel allocates and clears over a megabyte each time):
// across the pages of a build that was a fifth of the renderer's CPU time.
// So fpdf writes the content streams uncompressed (SetCompression(false)) and
// writeCompressed compresses them while the PDF is written out, with writers
// reused from a pool: the same zlib level (BestSpeed) and dictionary as
// fpdf's own. The same pass puts the embedded fonts in place of fpdf's placeholder
// fonts (embed.go) and rewrites the cross-reference table and trailer.

// zpool holds zlib writers (BestSpeed, as fpdf uses) with their output buffer.
var zpool = sync.Pool{New: func() any {
	z := &zbuf{}
	z.w, _ = zlib.NewWriterLevel(&z.buf, zlib.BestSpeed)
	return z
}}

type zbuf struct {
	buf bytes.Buffer
	w   *zlib.Writer
}

func (z *zbuf) compress(data []byte) ([]byte, error) {
	z.buf.Reset()
	z.w.Reset(&z.buf)
	if _, err := z.w.Write(data); err != nil {
		return nil, err
	}
	if err := z.w.Close(); err != nil {
		return nil, err
	}
	return z.buf.Bytes(), nil
}

// compressingWriter receives the whole PDF from fpdf's Output (one Write of
// its buffer) and writes it to w with the page content streams compressed.
type compressingWriter struct {
	buf    []byte
	copied bool
}

// Write keeps fpdf's buffer without copying it (fpdf writes nothing more
// once its Output has run); a second write, were there one, appends a copy.
func (c *compressingWriter) Write(p []byte) (int, error) {
	if c.buf == nil {
		c.buf = p
		return len(p), nil
	}
	if !c.copied {
		c.buf = append([]byte(nil), c.buf...)
		c.copied = true
	}
	c.buf = append(c.buf, p...)
	return len(p), nil
}

// writePDF writes the PDF of fpdf instance o.f to w, compressing the page
// content streams and embedding the font subsets.
func (o *out) writePDF(w io.Writer) error {
	cw := &compressingWriter{}
	if err := o.f.Output(cw); err != nil {
		return err
	}
	var used [numFaces][]rune
	for fc := range used {
		used[fc] = o.used[fc].list()
	}
	var ws []widget
	for _, s := range o.sigs {
		h := o.pages[s.page-1].h
		ws = append(ws, widget{name: s.name, page: s.page,
			rect: [4]float64{s.x * o.k, (h - s.y - s.h) * o.k, (s.x + s.w) * o.k, (h - s.y) * o.k}})
	}
	return writeCompressed(w, cw.buf, &used, ws)
}

// widget is an empty signature field: its name, page (1-based) and rectangle
// in PDF user space (points from the bottom left).
type widget struct {
	name string
	page int
	rect [4]float64
}

// widgetObj is the object of an empty signature field, a field and its
// widget annotation in one dictionary, on the page object pageObj.
func widgetObj(num int, wd widget, pageObj int) []byte {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	return []byte(strconv.Itoa(num) + " 0 obj\n<</Type /Annot /Subtype /Widget /FT /Sig /T (" + pdfString(wd.name) +
		") /TU (" + pdfString(wd.name) + ") /Rect [" + f(wd.rect[0]) + " " + f(wd.rect[1]) + " " + f(wd.rect[2]) + " " + f(wd.rect[3]) +
		"] /F 4 /P " + strconv.Itoa(pageObj) + " 0 R>>\nendobj\n")
}

// pdfString escapes s for a PDF literal string (field names are ASCII).
func pdfString(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '(' || c == ')':
			b = append(b, '\\', c)
		case c < 0x20 || c > 0x7E:
			b = append(b, '_')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// placeholderFace returns the face whose placeholder core font object is body
// (object num), if it is one.
func placeholderFace(body []byte, num int) (face, bool) {
	head := strconv.Itoa(num) + " 0 obj\n<</Type /Font\n/BaseFont /"
	const tail = "\n/Subtype /Type1\n/Encoding /WinAnsiEncoding\n>>\nendobj\n"
	if len(body) < len(head)+len(tail) || string(body[:len(head)]) != head || string(body[len(body)-len(tail):]) != tail {
		return 0, false
	}
	name := string(body[len(head) : len(body)-len(tail)])
	for fc, ph := range placeholder {
		if ph.base == name {
			return face(fc), true
		}
	}
	return 0, false
}

// writeCompressed copies the PDF in data (written by fpdf without
// compression) to w, compressing each page content stream, putting the Go
// fonts (the characters of used) in place of fpdf's placeholder fonts and
// rewriting the cross-reference table.
func writeCompressed(w io.Writer, data []byte, used *[numFaces][]rune, sigs []widget) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	offs, xref, ok := xrefOffsets(data)
	if !ok {
		return fmt.Errorf("pdf: unexpected fpdf output (no cross-reference table)")
	}
	// objects in file order
	type obj struct{ num, off int }
	objs := make([]obj, 0, len(offs))
	for n, off := range offs {
		if n > 0 {
			objs = append(objs, obj{n, off})
		}
	}
	slices.SortFunc(objs, func(a, b obj) int { return a.off - b.off })
	if len(objs) == 0 || objs[0].off <= 0 || objs[len(objs)-1].off >= xref {
		return fmt.Errorf("pdf: unexpected fpdf output (object offsets)")
	}
	z := zpool.Get().(*zbuf)
	defer zpool.Put(z)
	newOffs := make([]int, len(offs))
	pos := 0 // output offset
	write := func(b []byte) error {
		pos += len(b)
		_, err := bw.Write(b)
		return err
	}
	if err := write(data[:objs[0].off]); err != nil {
		return err
	}
	// the signature fields are numbered right after fpdf's objects, the
	// fonts' objects after them; each page lists its fields in /Annots and
	// the catalog lists them all in its /AcroForm
	nw := len(sigs)
	widgetsOf := map[int][]int{} // page → numbers of its widgets
	var fieldRefs []byte
	for i, s := range sigs {
		widgetsOf[s.page] = append(widgetsOf[s.page], len(offs)+i)
		fieldRefs = append(fieldRefs, strconv.Itoa(len(offs)+i)+" 0 R "...)
	}
	pageObj := map[int]int{} // page → object number
	page := 0
	var extra []extraObj
	contents := -1 // the content stream object named by the previous page object
	var hdr []byte
	for i, ob := range objs {
		end := xref
		if i+1 < len(objs) {
			end = objs[i+1].off
		}
		body := data[ob.off:end]
		newOffs[ob.num] = pos
		if ob.num == contents {
			if payload, ok := plainStream(body, ob.num); ok {
				zdata, err := z.compress(payload)
				if err != nil {
					return err
				}
				hdr = strconv.AppendInt(hdr[:0], int64(ob.num), 10)
				hdr = append(hdr, " 0 obj\n<</Filter /FlateDecode /Length "...)
				hdr = strconv.AppendInt(hdr, int64(len(zdata)), 10)
				hdr = append(hdr, ">>\nstream\n"...)
				if err := write(hdr); err != nil {
					return err
				}
				if err := write(zdata); err != nil {
					return err
				}
				if err := write([]byte("\nendstream\nendobj\n")); err != nil {
					return err
				}
				contents = -1
				continue
			}
		}
		if fc, ok := placeholderFace(body, ob.num); ok {
			font, objs, err := fontObjects(fc, used[fc], ob.num, len(offs)+nw+len(extra), z)
			if err != nil {
				return err
			}
			extra = append(extra, objs...)
			if err := write(font); err != nil {
				return err
			}
			continue
		}
		contents = pageContents(body, ob.num)
		if contents >= 0 {
			page++
			pageObj[page] = ob.num
			if ws := widgetsOf[page]; len(ws) > 0 {
				body = withAnnots(body, ws)
			}
		} else if cat := strconv.Itoa(ob.num) + " 0 obj\n<<\n/Type /Catalog\n"; nw > 0 && bytes.HasPrefix(body, []byte(cat)) {
			body = bytes.Replace(body, []byte("\n/Type /Catalog\n"),
				[]byte("\n/Type /Catalog\n/AcroForm <</Fields ["+strings.TrimSpace(string(fieldRefs))+"]>>\n"), 1)
		}
		if err := write(body); err != nil {
			return err
		}
	}
	// the signature fields, then the objects of the fonts, numbered after fpdf's
	for i, s := range sigs {
		p, ok := pageObj[s.page]
		if !ok {
			return fmt.Errorf("pdf: signature field %s on page %d of %d", s.name, s.page, page)
		}
		newOffs = append(newOffs, pos)
		if err := write(widgetObj(len(offs)+i, s, p)); err != nil {
			return err
		}
	}
	for _, e := range extra {
		newOffs = append(newOffs, pos)
		if err := write(e.body); err != nil {
			return err
		}
	}
	// the cross-reference table with the new offsets, then the trailer
	newXref := pos
	var b []byte
	b = append(b, "xref\n0 "...)
	b = strconv.AppendInt(b, int64(len(newOffs)), 10)
	b = append(b, "\n0000000000 65535 f \n"...)
	for n := 1; n < len(newOffs); n++ {
		s := strconv.Itoa(newOffs[n])
		for k := len(s); k < 10; k++ {
			b = append(b, '0')
		}
		b = append(b, s...)
		b = append(b, " 00000 n \n"...)
	}
	if err := write(b); err != nil {
		return err
	}
	tail := data[xref+xrefLen(len(offs)):]
	sx := bytes.LastIndex(tail, []byte("startxref\n"))
	trailer := tail[:sx+len("startxref\n")]
	oldSize := []byte("\n/Size " + strconv.Itoa(len(offs)) + "\n")
	if bytes.Count(trailer, oldSize) != 1 {
		return fmt.Errorf("pdf: unexpected fpdf output (trailer)")
	}
	trailer = bytes.Replace(trailer, oldSize, []byte("\n/Size "+strconv.Itoa(len(newOffs))+"\n"), 1)
	if err := write(trailer); err != nil {
		return err
	}
	if err := write([]byte(strconv.Itoa(newXref) + "\n%%EOF\n")); err != nil {
		return err
	}
	return bw.Flush()
}

// withAnnots adds the widget objects ws to the annotations of page object body.
func withAnnots(body []byte, ws []int) []byte {
	var refs []byte
	for _, n := range ws {
		refs = append(refs, strconv.Itoa(n)+" 0 R "...)
	}
	if i := bytes.Index(body, []byte("/Annots [")); i >= 0 {
		i += len("/Annots [")
		return slices.Concat(body[:i:i], refs, body[i:])
	}
	i := bytes.LastIndex(body, []byte("\n/Contents "))
	return slices.Concat(body[:i:i], []byte("\n/Annots ["), bytes.TrimSpace(refs), []byte("]"), body[i:])
}

// xrefLen is the length of fpdf's cross-reference table of n entries.
func xrefLen(n int) int {
	return len("xref\n0 ") + len(strconv.Itoa(n)) + 1 + 20*n
}

// xrefOffsets reads the object offsets of fpdf's cross-reference table
// (offs[0] is unused) and the table's own offset.
func xrefOffsets(data []byte) (offs []int, xref int, ok bool) {
	sx := bytes.LastIndex(data, []byte("\nstartxref\n"))
	if sx < 0 {
		return nil, 0, false
	}
	rest := data[sx+len("\nstartxref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 || !bytes.Equal(rest[nl:], []byte("\n%%EOF\n")) {
		return nil, 0, false
	}
	xref, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || xref <= 0 || xref >= sx {
		return nil, 0, false
	}
	t := data[xref:sx]
	if !bytes.HasPrefix(t, []byte("xref\n0 ")) {
		return nil, 0, false
	}
	t = t[len("xref\n0 "):]
	nl = bytes.IndexByte(t, '\n')
	if nl < 0 {
		return nil, 0, false
	}
	n, err := strconv.Atoi(string(t[:nl]))
	if err != nil || n < 1 || len(t) < nl+1+20*n {
		return nil, 0, false
	}
	t = t[nl+1:]
	if !bytes.Equal(t[:20], []byte("0000000000 65535 f \n")) {
		return nil, 0, false
	}
	if !bytes.HasPrefix(t[20*n:], []byte("trailer\n")) {
		return nil, 0, false
	}
	offs = make([]int, n)
	for i := 1; i < n; i++ {
		e := t[20*i : 20*i+20]
		if !bytes.Equal(e[10:], []byte(" 00000 n \n")) {
			return nil, 0, false
		}
		v, err := strconv.Atoi(string(e[:10]))
		if err != nil || v <= 0 || v >= xref {
			return nil, 0, false
		}
		offs[i] = v
	}
	return offs, xref, true
}

// pageContents returns the number of the content stream of page object body
// (object num), or -1 when body is not a page object. fpdf ends a page object
// with "/Contents N 0 R>>" where N is the next object.
func pageContents(body []byte, num int) int {
	head := strconv.Itoa(num) + " 0 obj\n<</Type /Page\n"
	tail := "\n/Contents " + strconv.Itoa(num+1) + " 0 R>>\nendobj\n"
	if len(body) < len(head)+len(tail) || string(body[:len(head)]) != head || string(body[len(body)-len(tail):]) != tail {
		return -1
	}
	return num + 1
}

// plainStream returns the data of an uncompressed stream object written by
// fpdf: "N 0 obj\n<</Length L>>\nstream\n" L bytes "\nendstream\nendobj\n".
func plainStream(body []byte, num int) ([]byte, bool) {
	head := strconv.Itoa(num) + " 0 obj\n<</Length "
	if !bytes.HasPrefix(body, []byte(head)) {
		return nil, false
	}
	rest := body[len(head):]
	k := bytes.IndexByte(rest, '>')
	if k < 0 {
		return nil, false
	}
	l, err := strconv.Atoi(string(rest[:k]))
	if err != nil || l < 0 {
		return nil, false
	}
	rest = rest[k:]
	if !bytes.HasPrefix(rest, []byte(">>\nstream\n")) {
		return nil, false
	}
	rest = rest[len(">>\nstream\n"):]
	const end = "\nendstream\nendobj\n"
	if len(rest) != l+len(end) || string(rest[l:]) != end {
		return nil, false
	}
	return rest[:l], true
}
