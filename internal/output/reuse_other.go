//go:build !unix

package output

import (
	"io"
	"io/fs"
	"math"
	"os"
)

// links is not known here: files of the previous output are never reused.
func links(fs.FileInfo) uint64 { return 0 }

// createWrite creates full, which must not exist, and writes data to it.
func createWrite(full string, data []byte) error {
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameFile is false: the number of links of a file is not known here, so
// files of the previous output are never reused.
func sameFile(old string, data []byte) bool { return false }

// hashFile adds the content of the file p to h, read through buf; false
// when it cannot be read.
func hashFile(h io.Writer, buf []byte, p string) bool {
	_, ok := hashFileUpTo(h, buf, p, math.MaxInt64)
	return ok
}

// hashFileUpTo is hashFile that stops once it has read limit bytes; n is
// the number read.
func hashFileUpTo(h io.Writer, buf []byte, p string, limit int64) (n int64, ok bool) {
	f, err := os.Open(p)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	n, err = io.CopyBuffer(h, io.LimitReader(f, limit), buf)
	return n, err == nil
}
