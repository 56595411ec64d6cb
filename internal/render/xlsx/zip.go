package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"github.com/klauspost/compress/flate"
	"hash/crc32"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/output"
)

// part is a piece of a zip entry compressed on its own: a raw deflate stream
// ended by a sync flush (byte aligned, not final), so that parts can be
// concatenated and closed by a final part. crc and size are of the
// uncompressed bytes.
type part struct {
	data output.Piece
	crc  uint32
	size int64
}

// compressPart deflates b as a non-final, byte-aligned part.
func compressPart(b []byte, final bool) part {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestSpeed)
	_, _ = w.Write(b)
	if final {
		_ = w.Close()
	} else {
		_ = w.Flush()
	}
	return part{data: output.Bytes(buf.Bytes()), crc: crc32.ChecksumIEEE(b), size: int64(len(b))}
}

// partWriter deflates a stream of bytes into one part, counting its CRC.
type partWriter struct {
	buf  *bytes.Buffer
	fw   *flate.Writer
	crc  uint32
	size int64
}

// partBufs are the buffers of part writers: a part's bytes are copied to
// the spool when it is finished.
var partBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func newPartWriter() *partWriter {
	p := &partWriter{buf: partBufs.Get().(*bytes.Buffer)}
	p.buf.Reset()
	p.fw, _ = flate.NewWriter(p.buf, flate.BestSpeed)
	return p
}

func (p *partWriter) Write(b []byte) (int, error) {
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += int64(len(b))
	return p.fw.Write(b)
}

// finish ends the part and keeps its bytes in sp (in memory while they are
// few, else in the spool's file: the rows of a register of 1,000,000 records
// are 250 MB deflated).
func (p *partWriter) finish(sp *output.Spool) (part, error) {
	_ = p.fw.Flush()
	d, err := sp.Keep(p.buf.Bytes())
	partBufs.Put(p.buf)
	p.buf = nil
	return part{data: d, crc: p.crc, size: p.size}, err
}

// crc32Combine returns the CRC-32 (IEEE) of A+B from crc(A), crc(B) and len(B)
// (zlib's crc32_combine, GF(2) matrix method).
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	var even, odd [32]uint32
	odd[0] = 0xedb88320
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd)
	gf2Square(&odd, &even)
	for {
		gf2Square(&even, &odd)
		if len2&1 != 0 {
			crc1 = gf2Times(&even, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
		gf2Square(&odd, &even)
		if len2&1 != 0 {
			crc1 = gf2Times(&odd, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := 0; n < 32; n++ {
		square[n] = gf2Times(mat, mat[n])
	}
}

// entry is one file of the output zip: either copied raw from excelize's
// package or assembled from parts.
type entry struct {
	name  string
	raw   *zip.File // copied as is (compressed bytes)
	parts []part    // concatenated; the last one is final
}

// entryOrder puts [Content_Types].xml first and _rels/.rels second, as
// Office writes them, then everything else by name.
func entryOrder(a, b string) bool {
	rank := func(s string) int {
		switch s {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	return a < b
}

// writeZip writes entries in a fixed order with a fixed modification time
// into path (through the output writer: a temporary file renamed into place).
func writeZip(path string, entries []entry, mod time.Time) error {
	sort.Slice(entries, func(i, j int) bool { return entryOrder(entries[i].name, entries[j].name) })
	tmp, err := output.CreateFile(path)
	if err != nil {
		return err
	}
	defer tmp.Abort() // after Close, nothing
	zw := zip.NewWriter(tmp)
	copyBuf := make([]byte, 32<<10) // for the parts read back from the spool
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		setDOSTime(h, mod)
		if e.raw != nil {
			h.CRC32 = e.raw.CRC32
			h.CompressedSize64 = e.raw.CompressedSize64
			h.UncompressedSize64 = e.raw.UncompressedSize64
			h.Method = e.raw.Method
			w, err := zw.CreateRaw(h)
			if err != nil {
				return err
			}
			r, err := e.raw.OpenRaw()
			if err != nil {
				return err
			}
			if _, err := io.Copy(w, r); err != nil {
				return err
			}
			continue
		}
		var crc uint32
		var size, csize int64
		for _, p := range e.parts {
			crc = crc32Combine(crc, p.crc, p.size)
			size += p.size
			csize += p.data.Len()
		}
		h.CRC32, h.UncompressedSize64, h.CompressedSize64 = crc, uint64(size), uint64(csize)
		w, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		for _, p := range e.parts {
			if err := p.data.WriteTo(w, copyBuf); err != nil {
				return err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return tmp.Close()
}

// setDOSTime stamps a header with a fixed time (CreateRaw does not convert
// Modified to the MS-DOS fields; no extended timestamp is written).
func setDOSTime(h *zip.FileHeader, t time.Time) {
	t = t.UTC()
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	h.ModifiedDate = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	h.ModifiedTime = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
}

// splice is what replaces parts of a skeleton worksheet: the data rows go
// before </sheetData>, the dimension is corrected and the hyperlinks element
// (a placeholder in the skeleton) is replaced.
type splice struct {
	rows       []part // non-final parts of <row> elements
	dimension  string // e.g. A1:Z1002
	hyperlinks []byte // full <hyperlinks>…</hyperlinks> element or nil
}

// spliceSheet builds the parts of a worksheet entry from the skeleton XML.
func spliceSheet(skel []byte, s *splice) ([]part, error) {
	x := string(skel)
	end := strings.LastIndex(x, "</sheetData>")
	if end < 0 {
		return nil, fmt.Errorf("worksheet skeleton without sheetData")
	}
	prefix, suffix := x[:end], x[end:]
	if s.dimension != "" {
		if i := strings.Index(prefix, `<dimension ref="`); i >= 0 {
			j := strings.Index(prefix[i+16:], `"`)
			if j >= 0 {
				prefix = prefix[:i+16] + s.dimension + prefix[i+16+j:]
			}
		}
	}
	if i := strings.Index(suffix, "<hyperlinks>"); i >= 0 {
		j := strings.Index(suffix[i:], "</hyperlinks>")
		if j < 0 {
			return nil, fmt.Errorf("worksheet skeleton: unterminated hyperlinks")
		}
		suffix = suffix[:i] + string(s.hyperlinks) + suffix[i+j+len("</hyperlinks>"):]
	}
	out := []part{compressPart([]byte(prefix), false)}
	out = append(out, s.rows...)
	out = append(out, compressPart([]byte(suffix), true))
	return out, nil
}
