//go:build unix

package output

import (
	"bytes"
	"io"
	"io/fs"
	"math"
	"syscall"

	"golang.org/x/sys/unix"
)

// links returns the number of hard links of a file.
func links(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 0
}

// The files of a build are read and written with plain system calls: an
// os.File of a regular file costs five more calls (trying the poller) for
// each of the thousands of files a build writes or compares.

// createWrite creates full, which must not exist, and writes data to it.
func createWrite(full string, data []byte) error {
	fd, err := retry(func() (int, error) {
		return unix.Open(full, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: full, Err: err}
	}
	for len(data) > 0 {
		n, err := retry(func() (int, error) { return unix.Write(fd, data) })
		if err != nil {
			unix.Close(fd)
			return &fs.PathError{Op: "write", Path: full, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: full, Err: err}
	}
	return nil
}

// sameFile reports whether old is a regular file of mode 0644 with one link
// (not shared with anything else) holding exactly data.
func sameFile(old string, data []byte) bool {
	var st unix.Stat_t
	if unix.Lstat(old, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Mode&0o777 != 0o644 ||
		st.Size != int64(len(data)) || st.Nlink != 1 {
		return false
	}
	fd, err := retry(func() (int, error) {
		return unix.Open(old, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	})
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	// compared a piece at a time: a large file (site.zip) needs no buffer of its size
	buf := readBuf(min(len(data)+1, 256<<10))
	defer putBuf(buf)
	rest := data
	for {
		m, err := retry(func() (int, error) { return unix.Read(fd, *buf) })
		if err != nil {
			return false // unreadable
		}
		if m == 0 {
			return len(rest) == 0 // not shorter
		}
		if m > len(rest) || !bytes.Equal((*buf)[:m], rest[:m]) {
			return false // longer, or other bytes
		}
		rest = rest[m:]
	}
}

// retry calls fn again while it is interrupted by a signal.
func retry(fn func() (int, error)) (int, error) {
	for {
		n, err := fn()
		if err != unix.EINTR {
			return n, err
		}
	}
}

// hashFile adds the content of the file p to h, read through buf; false
// when it cannot be read.
func hashFile(h io.Writer, buf []byte, p string) bool {
	_, ok := hashFileUpTo(h, buf, p, math.MaxInt64)
	return ok
}

// hashFileUpTo is hashFile that stops once it has read at least limit
// bytes; n is the number read.
func hashFileUpTo(h io.Writer, buf []byte, p string, limit int64) (n int64, ok bool) {
	fd, err := retry(func() (int, error) {
		return unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	})
	if err != nil {
		return 0, false
	}
	defer unix.Close(fd)
	for n < limit {
		k, err := retry(func() (int, error) { return unix.Read(fd, buf) })
		if err != nil {
			return n, false
		}
		if k == 0 {
			break
		}
		h.Write(buf[:k])
		n += int64(k)
	}
	return n, true
}
