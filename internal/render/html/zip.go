package html

import (
	"archive/zip"
	"bytes"
	"github.com/klauspost/compress/flate"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/output"
)

// zipEntry is one file of the zip, already compressed (files are compressed
// in parallel, then written in sorted order).
type zipEntry struct {
	name string
	crc  uint32
	size uint64
	data output.Piece // deflated
	// file: the entry is this file, stored as it is (the PDFs and
	// workbooks, compressed already), read when the zip is written
	file string
}

// csize is the size of the deflated bytes.
func (e *zipEntry) csize() int64 { return e.data.Len() }

// zipName is the name in site.zip of the file p of the site.
func zipName(p string) string { return ZipTop + "site/" + p }

// flate writers are large; they are reused.
var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, zipLevel)
	return w
}}

// zipLevel trades size for speed: the site's text compresses well even at the fastest level.
const zipLevel = flate.BestSpeed

func compress(name string, data []byte) (zipEntry, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	e, err := compressTo(&buf, name, data)
	e.data = output.Bytes(buf.Bytes())
	return e, err
}

// compressTo deflates data into buf and returns its entry (without its data).
func compressTo(buf *bytes.Buffer, name string, data []byte) (zipEntry, error) {
	w := flatePool.Get().(*flate.Writer)
	defer flatePool.Put(w)
	w.Reset(buf)
	if _, err := w.Write(data); err != nil {
		return zipEntry{}, err
	}
	if err := w.Close(); err != nil {
		return zipEntry{}, err
	}
	return zipEntry{name: name, crc: crc32.ChecksumIEEE(data), size: uint64(len(data))}, nil
}

// writeZip writes the entries (already sorted by name) with one fixed
// modification time, so the same files always give the same zip.
func writeZip(file string, entries []zipEntry, mod time.Time) error {
	f, err := output.CreateFile(file)
	if err != nil {
		return err
	}
	if err := writeZipTo(f, entries, mod); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

// zipSize is about the size of the zip of entries (to allocate it at once).
func zipSize(entries []zipEntry) int {
	n := 22 + len(zipComment)
	for _, e := range entries {
		n += int(e.csize()) + 30 + 46 + 16 + 2*len(e.name) // local header, central header, descriptor
	}
	return n
}

// zipComment names how the entries were compressed: compressed data is only
// taken over from a previous site.zip with the same comment, so that a zip
// built on top of a previous one is byte-identical to one built from nothing.
var zipComment = "smsgen site; deflate level " + strconv.Itoa(zipLevel) + "; " + runtime.Version()

// writeZipTo writes the zip of the entries (already sorted by name) to w.
func writeZipTo(w io.Writer, entries []zipEntry, mod time.Time) error {
	zw := zip.NewWriter(w)
	if err := zw.SetComment(zipComment); err != nil {
		return err
	}
	if mod.Before(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	mod = mod.UTC()
	copyBuf := make([]byte, 32<<10) // one buffer for the entries read back (io.Copy takes 32 KB for each)
	for _, e := range entries {
		if e.file != "" {
			if err := storeFile(zw, e, mod, copyBuf); err != nil {
				return err
			}
			continue
		}
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mod,
			CRC32: e.crc, CompressedSize64: uint64(e.csize()), UncompressedSize64: e.size}
		h.ModifiedDate = uint16(mod.Day() + int(mod.Month())<<5 + (mod.Year()-1980)<<9)
		h.ModifiedTime = uint16(mod.Second()/2 + mod.Minute()<<5 + mod.Hour()<<11)
		h.SetMode(0o644)
		ew, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if err := e.data.WriteTo(ew, copyBuf); err != nil {
			return err
		}
	}
	return zw.Close()
}

// storeFile writes the entry of a file of another output, stored, copied
// through buf.
func storeFile(zw *zip.Writer, e zipEntry, mod time.Time, buf []byte) error {
	f, err := os.Open(e.file)
	if err != nil {
		return err
	}
	defer f.Close()
	h := &zip.FileHeader{Name: e.name, Method: zip.Store, Modified: mod}
	h.ModifiedDate = uint16(mod.Day() + int(mod.Month())<<5 + (mod.Year()-1980)<<9)
	h.ModifiedTime = uint16(mod.Second()/2 + mod.Minute()<<5 + mod.Hour()<<11)
	h.SetMode(0o644)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.CopyBuffer(w, struct{ io.Reader }{f}, buf) // not os.File's WriteTo, which takes a buffer of its own
	return err
}

// prevZip is the site.zip of the previous output, opened once, when its
// entries were compressed the way this build compresses. A build (which
// writes its zip as it goes) reads an entry's compressed bytes from the file
// when it writes the zip, so the old zip is never held whole (220 MB with
// the PDFs and workbooks of a site of 100,000 records); serve, which keeps
// its entries between updates, holds the old zip's bytes.
type prevZip struct {
	data  []byte   // the whole zip (serve), or nil
	f     *os.File // the open zip (a build), or nil
	size  int64
	files map[string]*zip.File
}

func (r *run) prevZip() *prevZip {
	r.prevOnce.Do(func() {
		r.prev = &prevZip{}
		if r.ctx.Prev == "" {
			return
		}
		path := filepath.Join(r.ctx.Prev, "site.zip")
		var (
			ra   io.ReaderAt
			size int64
			p    prevZip
		)
		if r.spool != nil {
			f, err := os.Open(path)
			if err != nil {
				return
			}
			st, err := f.Stat()
			if err != nil || !st.Mode().IsRegular() {
				f.Close()
				return
			}
			ra, size, p.f = f, st.Size(), f
		} else {
			b, err := os.ReadFile(path)
			if err != nil {
				return
			}
			ra, size, p.data = bytes.NewReader(b), int64(len(b)), b
		}
		zr, err := zip.NewReader(ra, size)
		if err != nil || zr.Comment != zipComment {
			if p.f != nil {
				p.f.Close()
			}
			return
		}
		p.size = size
		p.files = make(map[string]*zip.File, len(zr.File))
		for _, f := range zr.File {
			p.files[f.Name] = f
		}
		*r.prev = p
	})
	return r.prev
}

// close closes the previous zip's file (once the new zip is written).
func (z *prevZip) close() {
	if z != nil && z.f != nil {
		z.f.Close()
		z.f = nil
	}
}

// entry returns the compressed entry name of the previous zip when it holds
// exactly data (same size and checksum: the caller knows the file is
// unchanged since the previous build, which wrote both).
func (z *prevZip) entry(name string, data []byte) (zipEntry, bool) {
	f := z.files[name]
	if f == nil || f.Method != zip.Deflate || f.UncompressedSize64 != uint64(len(data)) {
		return zipEntry{}, false
	}
	crc := crc32.ChecksumIEEE(data)
	if f.CRC32 != crc {
		return zipEntry{}, false
	}
	off, err := f.DataOffset()
	if err != nil || off < 0 || uint64(off)+f.CompressedSize64 > uint64(z.size) {
		return zipEntry{}, false
	}
	if z.f != nil {
		return zipEntry{name: name, crc: crc, size: f.UncompressedSize64, data: output.Section(z.f, off, int64(f.CompressedSize64))}, true
	}
	return zipEntry{name: name, crc: crc, size: f.UncompressedSize64, data: output.Bytes(z.data[off : uint64(off)+f.CompressedSize64 : uint64(off)+f.CompressedSize64])}, true
}
