package pdf

import (
	"bytes"
	"regexp"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// fpdf's SetFont costs a dozen string operations and a formatted write each
// time (two a row of a register table: its id is bold). Once fpdf has a face
// in a document, switching to it needs only the operator fpdf itself writes,
// "BT /F<id> <size> Tf ET", with the resource name fpdf gives the
// placeholder font: fontOps learns these names once from fpdf's own output.
// fpdf's idea of the current font then lags behind, which only shows where
// fpdf selects it again, at the top of a new page, before anything is drawn
// there: every page starts with a real SetFont (see out.setFont).

var (
	fontOpsOnce sync.Once
	fontOpIDs   [numFaces]string // "" where unknown: SetFont is used
)

var tfOp = regexp.MustCompile(`BT /F([0-9A-Za-z]+) 10\.00 Tf ET`)

// fontOps returns the resource names fpdf writes for the placeholder fonts.
func fontOps() *[numFaces]string {
	fontOpsOnce.Do(func() {
		f := fpdf.New("P", "mm", "A4", "")
		f.SetCompression(false)
		f.AddPage()
		for _, ph := range placeholder {
			f.SetFont(ph.family, ph.style, 10)
		}
		var b bytes.Buffer
		if err := f.Output(&b); err != nil {
			return
		}
		m := tfOp.FindAllSubmatch(b.Bytes(), -1)
		if len(m) != int(numFaces) {
			return // not the output this was written for: always SetFont
		}
		for fc := range fontOpIDs {
			fontOpIDs[fc] = string(m[fc][1])
		}
	})
	return &fontOpIDs
}

// appendFontOp appends the operator selecting face fc at size pt, as fpdf's
// SetFont writes it.
func appendFontOp(b []byte, id string, size float64) []byte {
	b = append(b, "BT /F"...)
	b = append(b, id...)
	b = append(b, ' ')
	b = appendFixed2(b, size)
	return append(b, " Tf ET"...)
}
