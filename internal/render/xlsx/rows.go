package xlsx

import (
	"github.com/smsgen/smsgen/internal/workbook"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
)

// MaxCellChars is Excel's limit of characters in a cell (see package workbook).
const MaxCellChars = workbook.MaxCellChars

// maxWidth caps a fitted column width; longer text wraps. It is kept narrow
// enough that a register of a dozen columns printed one page wide (A4
// landscape) stays legible.
const maxWidth = 40

// hlink is a hyperlink from a cell to the row of a referenced record, kept
// as numbers (a register of 100,000 references has as many links until the
// sheet keeps the first 65,530): its text is made when the sheet is written.
type hlink struct {
	row, col int32     // the cell (row 1-based, column 0-based)
	trow     int32     // the row of the record in to
	to       *regSheet // the sheet of the record
	cross    bool      // into another register's sheet
}

// appendCell appends the A1 reference of the link's cell.
func (l hlink) appendCell(b []byte) []byte {
	b = append(b, colName(int(l.col)+1)...)
	return strconv.AppendInt(b, int64(l.row), 10)
}

// loc is the link's location: 'Sheet'!$A$7.
func (l hlink) loc() string {
	return quoteSheet(l.to.name) + "!$A$" + strconv.Itoa(int(l.trow))
}

// chunk is the rendered rows [from, to) of a register sheet.
type chunk struct {
	p      part
	widths []float64
	links  []hlink
}

// rowWriter renders the XML of rows; it is not safe for concurrent use.
type rowWriter struct {
	b      []byte
	lines  int // estimated text lines of the tallest cell of the row
	widths []float64
	links  []hlink
	cols   []string // the sheet's column letters
	row    int      // the row being written
	rs     []byte   // its number
	ref    []byte   // the A1 reference of the cell being written
}

// renderChunk renders records [from, to) of s as <row> elements (data starts at row 2).
func (r *renderer) renderChunk(s *regSheet, from, to int) (chunk, error) {
	pw := newPartWriter()
	w := &rowWriter{widths: make([]float64, len(s.cols)), cols: make([]string, len(s.cols))}
	for i := range w.cols {
		w.cols[i] = colName(i + 1)
	}
	for i := from; i < to; i++ {
		w.b = w.b[:0]
		r.renderRow(w, s, s.reg.Records[i], i+firstDataRow)
		_, _ = pw.Write(w.b)
	}
	p, err := pw.finish(r.spool)
	return chunk{p: p, widths: w.widths, links: w.links}, err
}

// firstDataRow is the first row of records: row 1 is the header of labels.
const firstDataRow = 2

// renderRow appends the <row> element of a record to w.b, without
// allocating for its cells.
func (r *renderer) renderRow(w *rowWriter, s *regSheet, rec *model.Record, row int) {
	w.row = row
	w.rs = strconv.AppendInt(w.rs[:0], int64(row), 10)
	w.b = append(w.b, `<row r="`...)
	w.b = append(w.b, w.rs...)
	w.b = append(w.b, `">`...)
	open := len(w.b) - 1 // where a row height goes
	w.lines = 1
	for ci, c := range s.cols {
		w.ref = append(append(w.ref[:0], w.cols[ci]...), w.rs...)
		// the reference as a string without a copy: w.ref stays as it is
		// until the cell is written, and nothing keeps the string
		ref := unsafe.String(&w.ref[0], len(w.ref))
		at := len(w.b)
		r.renderCell(w, s, rec, c, ci, ref)
		if len(w.b) == at {
			// an empty cell keeps its style: the table's grid has no holes
			w.b = append(w.b, `<c r="`...)
			w.b = append(w.b, w.ref...)
			w.b = append(w.b, `" s="`...)
			w.b = strconv.AppendInt(w.b, int64(c.style+1), 10)
			w.b = append(w.b, `"/>`...)
		}
	}
	w.b = append(w.b, `</row>`...)
	if w.lines > 1 {
		// wrapped text: give the row its height, as not every reader fits it on opening
		var hb [40]byte
		ht := append(hb[:0], ` ht="`...)
		ht = strconv.AppendInt(ht, int64(min(15*w.lines, 409)), 10)
		ht = append(ht, `" customHeight="1"`...)
		w.b = slices.Insert(w.b, open, ht...)
	}
}

// renderCell writes the cell of column c of a record, or nothing when it is empty.
func (r *renderer) renderCell(w *rowWriter, s *regSheet, rec *model.Record, c *column, ci int, ref string) {
	switch c.key {
	case "id":
		r.textCell(w, s, rec, c, ci, ref, rec.ID)
		return
	case "notes":
		r.textCell(w, s, rec, c, ci, ref, rec.Notes)
		return
	case KeyTestDue:
		if due, ok := s.testDue[rec.ID]; ok {
			if due.IsZero() {
				r.textCell(w, s, rec, c, ci, ref, i18n.Label(r.lang, "never_tested"))
			} else {
				w.number(ref, sDate, serial(due))
			}
		}
		return
	}
	f := c.field
	cell := rec.Cell(f.Index)
	if !cell.Present() {
		return
	}
	if !cell.Valid() {
		r.textCell(w, s, rec, c, ci, ref, cell.Raw)
		return
	}
	switch c.kind {
	case kNumber:
		w.fit(ci, float64(w.number(ref, c.style, cell.Float())))
	case kDate, kDateTime, kMonth:
		w.number(ref, c.style, serial(cell.Time()))
	case kBool:
		r.textCell(w, s, rec, c, ci, ref, localize.YesNo(cell.Bool(), r.lang))
	case kEnum, kEnumList:
		r.textCell(w, s, rec, c, ci, ref, localize.Value(s.reg, rec, f, r.lang))
	case kRef:
		items := model.RefItems(f, cell)
		if t := r.sheets[c.ref]; t != nil {
			for _, it := range items {
				if row, ok := t.rowOf[model.RefTarget(f, it)]; ok {
					w.links = append(w.links, hlink{row: int32(w.row), col: int32(ci), trow: int32(row), to: t, cross: t != s})
					break
				}
			}
		}
		r.textCell(w, s, rec, c, ci, ref, strings.Join(items, "\n"))
	case kList:
		r.textCell(w, s, rec, c, ci, ref, strings.Join(cell.Items(false), "\n"))
	default:
		r.textCell(w, s, rec, c, ci, ref, cell.Raw)
	}
}

func (w *rowWriter) fit(ci int, n float64) {
	if n > maxWidth {
		n = maxWidth
	}
	if n > w.widths[ci] {
		w.widths[ci] = n
	}
}

// number writes a numeric cell of value v (in the shortest form that reads
// back as v) and returns the length of that form.
func (w *rowWriter) number(ref string, style int, v float64) int {
	w.b = append(w.b, `<c r="`...)
	w.b = append(w.b, ref...)
	w.b = append(w.b, `" s="`...)
	w.b = strconv.AppendInt(w.b, int64(style+1), 10)
	w.b = append(w.b, `"><v>`...)
	at := len(w.b)
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
	n := len(w.b) - at
	w.b = append(w.b, `</v></c>`...)
	return n
}

// textCell writes an inline string cell. Text is never a formula: the cell
// holds an inline string (t="inlineStr") in a style with the Text number
// format, so that "=…", "+…", "-…" and "@…" stay text, also after editing.
func (r *renderer) textCell(w *rowWriter, s *regSheet, rec *model.Record, c *column, ci int, ref, v string) {
	if v == "" {
		return
	}
	if len(v) > MaxCellChars/2 && utf8.RuneCountInString(v) > MaxCellChars/2 {
		if t, cut := truncateUTF16(v, MaxCellChars); cut {
			p := s.reg.PosOf(rec, c.key)
			if c.key == "notes" {
				p = rec.Pos
			}
			r.report.Report("xlsx-cell-truncated", i18n.Where{File: p.File, Line: p.Line, Col: p.Col,
				Register: s.reg.Name, Record: rec.ID, Field: c.key},
				map[string]string{"length": strconv.Itoa(len(utf16.Encode([]rune(v)))), "limit": strconv.Itoa(MaxCellChars)})
			v = t
		}
	}
	style := c.style
	if style == sText && (strings.IndexByte(v, '\n') >= 0 || len(v) > maxWidth) {
		style = sWrap
	}
	if style == sWrap || style == sLinkSelf || style == sLinkCross {
		w.lines = max(w.lines, wrappedLines(v))
	}
	w.fit(ci, textWidth(v))
	w.b = append(w.b, `<c r="`...)
	w.b = append(w.b, ref...)
	w.b = append(w.b, `" s="`...)
	w.b = strconv.AppendInt(w.b, int64(style+1), 10)
	if keepsSpace(v) {
		w.b = append(w.b, `" t="inlineStr"><is><t xml:space="preserve">`...)
	} else {
		w.b = append(w.b, `" t="inlineStr"><is><t>`...)
	}
	w.b = appendEscaped(w.b, v, false)
	w.b = append(w.b, `</t></is></c>`...)
}

// keepsSpace reports whether text v needs xml:space="preserve": whitespace
// at either end, a line break, a tab or two spaces in a row, which an XML
// reader may normalise. Other text reads back the same either way, and
// leaving the attribute out of most cells spares 21 bytes a cell to write
// and compress (as openpyxl and Excel write them).
func keepsSpace(v string) bool {
	if v == "" {
		return false
	}
	if isXMLSpace(v[0]) || isXMLSpace(v[len(v)-1]) {
		return true
	}
	return strings.ContainsAny(v, "\n\t\r") || strings.Contains(v, "  ")
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// wrappedLines estimates the lines a wrapped text takes in a column of maxWidth.
func wrappedLines(v string) int {
	n := 0
	for {
		l, rest, more := strings.Cut(v, "\n")
		n += max(1, (utf8.RuneCountInString(l)+maxWidth-3)/(maxWidth-2))
		if !more {
			return n
		}
		v = rest
	}
}

// truncateUTF16 cuts s to at most n UTF-16 code units without splitting a pair.
func truncateUTF16(s string, n int) (string, bool) {
	units := 0
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if units+u > n {
			return s[:i], true
		}
		units += u
	}
	return s, false
}

// appendEscaped escapes text for XML and for OOXML's ST_Xstring: characters
// XML 1.0 cannot hold become _xHHHH_, and a literal _xHHHH_ is protected as
// _x005F_xHHHH_ so that it reads back unchanged.
func appendEscaped(b []byte, s string, attr bool) []byte {
	plain := &textPlain
	if attr {
		plain = &attrPlain
	}
	for i := 0; i < len(s); {
		// the bytes written as they are, at once
		j := i
		for j < len(s) && plain[s[j]] {
			j++
		}
		b = append(b, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '<':
			b = append(b, "&lt;"...)
		case c == '>':
			b = append(b, "&gt;"...)
		case c == '"' && attr:
			b = append(b, "&quot;"...)
		case c == '\n' && attr:
			b = append(b, "&#xA;"...)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				break // \r\n → \n
			}
			b = append(b, '\n')
		case c == '\t' && attr:
			b = append(b, "&#x9;"...)
		case c == '\t' || c == '\n':
			b = append(b, c)
		case c < 0x20:
			b = append(b, "_x00"...)
			b = append(b, hex[c>>4], hex[c&15], '_')
		case c == '_' && isEscapePattern(s[i:]):
			b = append(b, "_x005F_"...)
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF):
			// U+FFFE and U+FFFF are not XML characters
			b = append(b, "_xFFF"...)
			b = append(b, hex[s[i+2]&15+0], '_')
			i += 3
			continue
		default:
			b = append(b, c)
		}
		i++
	}
	return b
}

const hex = "0123456789ABCDEF"

// textPlain and attrPlain are the bytes appendEscaped writes as they are in
// text and in attributes: all but & < > \r, the other control characters,
// '_' (which may start _xHHHH_) and 0xEF (which starts U+FFFE and U+FFFF);
// in attributes also '"', tab and line feed.
var textPlain, attrPlain = plainBytes(false), plainBytes(true)

func plainBytes(attr bool) (p [256]bool) {
	for c := range p {
		p[c] = c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '_' && c != 0xEF || (c == '\t' || c == '\n') && !attr
		if attr && c == '"' {
			p[c] = false
		}
	}
	return p
}

// isEscapePattern reports whether s starts with _xHHHH_.
func isEscapePattern(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// serial returns the Excel serial date of t (1900 date system, with Excel's
// phantom 29 February 1900).
func serial(t time.Time) float64 {
	s := float64(t.Unix())/86400 + 25569
	if s < 61 {
		s--
	}
	return s
}

// quoteSheet quotes a sheet name for a reference: 'Name'!A1.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}
