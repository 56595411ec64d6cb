package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/workbook"
)

// limits of what an import reads. A workbook is a zip package whose parts
// inflate, and the spreadsheet library reads every part whole (a sheet part of
// gigabytes from a 3 MB file, a million rows): the package is read once,
// streaming, before the library sees it, counting the bytes actually inflated
// (never the sizes the zip headers declare) and the rows, cell columns and
// shared strings of the sheets, and the import stops at the first limit passed,
// with a finding that says which.
//
// The limits are far above real registers: smsgen writes one row per record,
// some 50 columns, and a register of 100,000 records (ten years of a busy
// service desk's incidents) makes a sheet part of about 200 MB at most.
type limits struct {
	Entries    int   // parts in the package
	EntrySize  int64 // inflated bytes of one part
	TotalSize  int64 // inflated bytes of all parts
	Ratio      int64 // inflated / compressed bytes of one part larger than RatioFloor
	RatioFloor int64 // parts smaller than this may have any ratio
	Rows       int   // rows of one sheet (header rows included)
	Columns    int   // columns of one sheet (the last column that holds a cell)
	Strings    int   // shared strings of the workbook
}

// defaultLimits are the limits of smsgen import.
var defaultLimits = limits{
	Entries:    10_000,
	EntrySize:  256 << 20,
	TotalSize:  512 << 20,
	Ratio:      200, // real sheet parts deflate 5–50 times; a zip bomb 1,000 times
	RatioFloor: 16 << 20,
	Rows:       100_000 + 10,
	Columns:    1_024,
	Strings:    1_000_000,
}

// limitHit is the first limit a workbook passes.
type limitHit struct {
	reasonEN, reasonID string
	sheet              string // the sheet, when the limit is one of a sheet
	row, col           int    // the sheet cell where it was passed, when there is one
}

// scanPackage reads every part of the workbook at file within lim. It returns
// nil when the package is within the limits or is not a readable zip (the
// spreadsheet library then says what is wrong with it).
func scanPackage(file string, lim limits) *limitHit {
	// the zip library reads the whole central directory into memory first,
	// however many entries it holds: count them before, streaming
	if n, ok := countEntries(file, lim.Entries); !ok {
		return &limitHit{
			reasonEN: fmt.Sprintf("more than %d parts in the package (limit %d)", n-1, lim.Entries),
			reasonID: fmt.Sprintf("lebih dari %d bagian dalam paket (batas %d)", n-1, lim.Entries)}
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil
	}
	defer zr.Close()
	if len(zr.File) > lim.Entries {
		return &limitHit{
			reasonEN: fmt.Sprintf("more than %d parts in the package (limit %d)", lim.Entries, lim.Entries),
			reasonID: fmt.Sprintf("lebih dari %d bagian dalam paket (batas %d)", lim.Entries, lim.Entries)}
	}
	sheets := sheetParts(zr, lim)
	var total int64
	buf := make([]byte, 64<<10)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			continue // the library reports a broken part
		}
		sheet, isSheet := sheets[zf.Name]
		var sc *xmlCounter
		switch {
		case isSheet:
			sc = &xmlCounter{maxCol: lim.Columns}
		case zf.Name == "xl/sharedStrings.xml":
			sc = &xmlCounter{}
		}
		var n int64
		var hit *limitHit
		for hit == nil {
			k, err := rc.Read(buf)
			n += int64(k)
			total += int64(k)
			switch {
			case n > lim.EntrySize:
				hit = &limitHit{
					reasonEN: fmt.Sprintf("part %s inflates to more than %d MiB", zf.Name, lim.EntrySize>>20),
					reasonID: fmt.Sprintf("bagian %s mengembang melebihi %d MiB", zf.Name, lim.EntrySize>>20)}
			case total > lim.TotalSize:
				hit = &limitHit{
					reasonEN: fmt.Sprintf("the parts inflate to more than %d MiB in all", lim.TotalSize>>20),
					reasonID: fmt.Sprintf("seluruh bagian mengembang melebihi %d MiB", lim.TotalSize>>20)}
			case n > lim.RatioFloor && n > lim.Ratio*max(int64(zf.CompressedSize64), 1):
				hit = &limitHit{
					reasonEN: fmt.Sprintf("part %s inflates more than %d times its compressed size (a zip bomb)", zf.Name, lim.Ratio),
					reasonID: fmt.Sprintf("bagian %s mengembang lebih dari %d kali ukuran terkompresinya (bom zip)", zf.Name, lim.Ratio)}
			}
			if sc != nil && hit == nil {
				sc.feed(buf[:k])
				switch {
				case isSheet && sc.rows > lim.Rows:
					hit = &limitHit{row: lim.Rows + 1, sheet: sheet,
						reasonEN: fmt.Sprintf("sheet %q has more than %d rows", sheet, lim.Rows),
						reasonID: fmt.Sprintf("sheet %q memiliki lebih dari %d baris", sheet, lim.Rows)}
				case isSheet && sc.wide != "":
					hit = &limitHit{row: sc.wideRow, col: sc.wideCol, sheet: sheet,
						reasonEN: fmt.Sprintf("sheet %q has a cell at %s, beyond column %d", sheet, sc.wide, lim.Columns),
						reasonID: fmt.Sprintf("sheet %q memiliki sel di %s, melewati kolom %d", sheet, sc.wide, lim.Columns)}
				case !isSheet && sc.sis > lim.Strings:
					hit = &limitHit{
						reasonEN: fmt.Sprintf("more than %d shared strings", lim.Strings),
						reasonID: fmt.Sprintf("lebih dari %d teks bersama (shared strings)", lim.Strings)}
				}
			}
			if err != nil {
				break
			}
		}
		rc.Close()
		if hit != nil {
			return hit
		}
	}
	return nil
}

// countEntries counts the central directory headers of the zip file, as the
// zip library will read them (from the directory offset the end record
// declares, until a record is not a directory header), and stops at limit+1:
// it returns the count and false when there are more than limit. A file it
// cannot read as a zip is left to the zip library (true).
func countEntries(file string, limit int) (int, bool) {
	f, err := os.Open(file)
	if err != nil {
		return 0, true
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, true
	}
	size := st.Size()
	tailLen := min(size, 65535+22)
	tail := make([]byte, tailLen)
	if _, err := f.ReadAt(tail, size-tailLen); err != nil {
		return 0, true
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || i+22 > len(tail) {
		return 0, true
	}
	dirOff := int64(binary.LittleEndian.Uint32(tail[i+16:]))
	if dirOff == 0xFFFFFFFF && i >= 20 && bytes.Equal(tail[i-20:i-16], []byte("PK\x06\x07")) {
		rec := make([]byte, 56)
		if _, err := f.ReadAt(rec, int64(binary.LittleEndian.Uint64(tail[i-20+8:]))); err != nil || !bytes.Equal(rec[:4], []byte("PK\x06\x06")) {
			return 0, true
		}
		dirOff = int64(binary.LittleEndian.Uint64(rec[48:]))
	}
	if dirOff < 0 || dirOff >= size {
		return 0, true
	}
	r := bufio.NewReaderSize(io.NewSectionReader(f, dirOff, size-dirOff), 64<<10)
	hdr := make([]byte, 46)
	n := 0
	for {
		if _, err := io.ReadFull(r, hdr); err != nil || !bytes.Equal(hdr[:4], []byte("PK\x01\x02")) {
			return n, true
		}
		if n++; n > limit {
			return n, false
		}
		skip := int(binary.LittleEndian.Uint16(hdr[28:])) + int(binary.LittleEndian.Uint16(hdr[30:])) + int(binary.LittleEndian.Uint16(hdr[32:]))
		if _, err := r.Discard(skip); err != nil {
			return n, true
		}
	}
}

// sheetParts maps the worksheet parts of the package to their sheet names
// (from xl/workbook.xml and its relationships); a worksheet part that the
// workbook does not name is still counted, under its part name.
func sheetParts(zr *zip.ReadCloser, lim limits) map[string]string {
	out := map[string]string{}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml") {
			out[zf.Name] = zf.Name
		}
	}
	var wb workbook.Book
	var rels workbook.Rels
	if !readXMLPart(zr, "xl/workbook.xml", &wb) || !readXMLPart(zr, "xl/_rels/workbook.xml.rels", &rels) {
		return out
	}
	for _, s := range workbook.Sheets(wb, rels) {
		if _, isPart := out[s.Part]; isPart {
			out[s.Part] = s.Name
		}
	}
	return out
}

// readXMLPart decodes a small part (at most 16 MiB inflated).
func readXMLPart(zr *zip.ReadCloser, name string, v any) bool {
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v) == nil
	}
	return false
}

// xmlCounter counts, in a stream of XML, the row and si elements and finds the
// first c element whose r attribute lies beyond column maxCol (0: no check).
// It is a tokenizer of tags only: '<' cannot occur unescaped in text or
// attribute values, so every '<' starts a tag.
type xmlCounter struct {
	maxCol    int
	rows, sis int
	wide      string // the reference of the first cell beyond maxCol
	wideCol   int
	wideRow   int
	refRow    int // the row number of the reference being read
	state     int // 0 text, 1 tag name, 2 attributes, 3 end tag, 4 a c's r value, 5 other attribute value
	name      []byte
	isC       bool
	last      [3]byte // the last bytes in the attributes
	quote     byte
	col       int
	ref       []byte
}

func (x *xmlCounter) feed(b []byte) {
	for _, c := range b {
		switch x.state {
		case 0:
			if c == '<' {
				x.state, x.name = 1, x.name[:0]
			}
		case 1:
			switch c {
			case ' ', '\t', '\n', '\r', '>', '/':
				if c == '/' && len(x.name) == 0 {
					x.state = 3
					continue
				}
				local := x.name
				if i := strings.LastIndexByte(string(local), ':'); i >= 0 {
					local = local[i+1:]
				}
				switch string(local) {
				case "row":
					x.rows++
				case "si":
					x.sis++
				}
				x.isC = string(local) == "c"
				x.last = [3]byte{' ', ' ', ' '}
				x.state = 2
				if c == '>' {
					x.state = 0
				}
			default:
				if len(x.name) < 16 {
					x.name = append(x.name, c)
				}
			}
		case 2:
			switch c {
			case '>':
				x.state = 0
			case '"', '\'':
				x.quote = c
				if x.isC && x.maxCol > 0 && x.last[1] == 'r' && x.last[2] == '=' && isSpace(x.last[0]) {
					x.state, x.col, x.refRow, x.ref = 4, 0, 0, x.ref[:0]
				} else {
					x.state = 5
				}
			default:
				x.last = [3]byte{x.last[1], x.last[2], c}
			}
		case 3:
			if c == '>' {
				x.state = 0
			}
		case 4:
			if c == x.quote {
				x.state = 2
				x.last = [3]byte{' ', ' ', ' '}
				if x.col > x.maxCol && x.wide == "" {
					x.wide, x.wideCol, x.wideRow = string(x.ref), x.col, x.refRow
				}
				continue
			}
			if len(x.ref) < 16 {
				x.ref = append(x.ref, c)
			}
			switch {
			case c >= 'A' && c <= 'Z' && x.col < 1<<20:
				x.col = x.col*26 + int(c-'A'+1)
			case c >= 'a' && c <= 'z' && x.col < 1<<20:
				x.col = x.col*26 + int(c-'a'+1)
			case c >= '0' && c <= '9' && x.refRow < 1<<24:
				x.refRow = x.refRow*10 + int(c-'0')
			}
		case 5:
			if c == x.quote {
				x.state = 2
				x.last = [3]byte{' ', ' ', ' '}
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// cellRef is the A1 reference of a sheet cell (col 0: the row only).
func cellRef(row, col int) string {
	if col <= 0 {
		return strconv.Itoa(row)
	}
	s := ""
	for c := col; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s + strconv.Itoa(row)
}

// sheetTables maps the sheets of the workbook at file to the names of their
// tables (smsgen names the table of a register's sheet tbl_NAME), read from
// the package's small parts only: the sheets' relationships and table parts.
func sheetTables(file string) map[string][]string {
	out := map[string][]string{}
	zr, err := zip.OpenReader(file)
	if err != nil || len(zr.File) > defaultLimits.Entries {
		return out
	}
	defer zr.Close()
	for part, sheet := range sheetParts(zr, defaultLimits) {
		var rels workbook.Rels
		if !readXMLPart(zr, path.Join(path.Dir(part), "_rels", path.Base(part)+".rels"), &rels) {
			continue
		}
		for _, r := range rels.Rels {
			if !strings.HasSuffix(r.Type, "/table") {
				continue
			}
			t := workbook.Target(part, r.Target)
			var tb struct {
				Name string `xml:"name,attr"`
			}
			if readXMLPart(zr, t, &tb) && tb.Name != "" {
				out[sheet] = append(out[sheet], tb.Name)
			}
		}
	}
	return out
}
