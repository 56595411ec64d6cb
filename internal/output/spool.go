package output

import (
	"io"
	"os"
	"sync"
)

// SpoolAbove is how many bytes a Spool keeps in memory; what comes after
// goes to its file. The pieces a renderer holds until it writes them (the
// deflated entries of site.zip, the deflated rows of a workbook's sheets)
// grow with the records: at 100,000 records the rows of a register's sheet
// are 25 MB deflated, at 1,000,000 records 250 MB. Past the bound they cost
// a write and a read of the page cache instead of memory; below it (a site
// of a thousand documents and a thousand records) nothing is spooled.
var SpoolAbove int64 = 4 << 20

// A Spool holds byte pieces that are written later, in memory up to
// SpoolAbove bytes, then at the end of a temporary file in a folder of the
// build. It is safe for concurrent use. Remove deletes its file.
type Spool struct {
	dir  string
	mu   sync.Mutex
	held int64 // bytes kept in memory
	f    *os.File
	end  int64
}

// NewSpool returns a spool whose file, if it needs one, is made in dir (the
// build's temporary output folder, so that it never outlives the build).
func NewSpool(dir string) *Spool { return &Spool{dir: dir} }

// A Piece is a run of bytes kept by a Spool, or held as it is.
type Piece struct {
	data   []byte      // in memory, or
	src    io.ReaderAt // n bytes at off of the spool's file
	off, n int64
}

// Bytes is a piece of bytes held as they are (not copied).
func Bytes(b []byte) Piece { return Piece{data: b} }

// Len is the number of bytes of the piece.
func (p Piece) Len() int64 {
	if p.src != nil {
		return p.n
	}
	return int64(len(p.data))
}

// Section is the piece of n bytes at off of src (a file kept open until the
// piece is written).
func Section(src io.ReaderAt, off, n int64) Piece { return Piece{src: src, off: off, n: n} }

// WriteTo writes the piece to w; buf is the buffer a spooled piece is read
// through.
func (p Piece) WriteTo(w io.Writer, buf []byte) error {
	if p.src == nil {
		_, err := w.Write(p.data)
		return err
	}
	_, err := io.CopyBuffer(w, io.NewSectionReader(p.src, p.off, p.n), buf)
	return err
}

// Keep stores a copy of b (which the caller may reuse): in memory while the
// spool holds less than SpoolAbove bytes, else at the end of its file.
func (s *Spool) Keep(b []byte) (Piece, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil && s.held+int64(len(b)) <= SpoolAbove {
		s.held += int64(len(b))
		return Piece{data: append([]byte(nil), b...)}, nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, ".spool-*")
		if err != nil {
			return Piece{}, err
		}
		s.f = f
	}
	if _, err := s.f.WriteAt(b, s.end); err != nil {
		return Piece{}, err
	}
	p := Piece{src: s.f, off: s.end, n: int64(len(b))}
	s.end += p.n
	return p, nil
}

// Spooled tells whether some piece went to the spool's file.
func (s *Spool) Spooled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.f != nil
}

// Remove closes and deletes the spool's file; its pieces can no longer be
// written.
func (s *Spool) Remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f = nil
	}
}
