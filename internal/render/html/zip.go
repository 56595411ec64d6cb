package html

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"sync"
	"time"
)

// zipEntry is one file of the zip, already compressed (files are compressed
// in parallel, then written in sorted order).
type zipEntry struct {
	name string
	crc  uint32
	size uint64
	data []byte // deflated
}

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
	w := flatePool.Get().(*flate.Writer)
	defer flatePool.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(data); err != nil {
		return zipEntry{}, err
	}
	if err := w.Close(); err != nil {
		return zipEntry{}, err
	}
	return zipEntry{name: name, crc: crc32.ChecksumIEEE(data), size: uint64(len(data)), data: buf.Bytes()}, nil
}

// writeZip writes the entries (already sorted by name) with one fixed
// modification time, so the same files always give the same zip.
func writeZip(file string, entries []zipEntry, mod time.Time) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	if mod.Before(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	mod = mod.UTC()
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mod,
			CRC32: e.crc, CompressedSize64: uint64(len(e.data)), UncompressedSize64: e.size}
		h.ModifiedDate = uint16(mod.Day() + int(mod.Month())<<5 + (mod.Year()-1980)<<9)
		h.ModifiedTime = uint16(mod.Second()/2 + mod.Minute()<<5 + mod.Hour()<<11)
		h.SetMode(0o644)
		w, err := zw.CreateRaw(h)
		if err != nil {
			f.Close()
			return err
		}
		if _, err := w.Write(e.data); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
