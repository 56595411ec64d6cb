//go:build unix

package load

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// readWhole reads a file of the walk whole, size being what the walk found:
// open, read until the end, close. os.ReadFile also registers every file
// with the poller (refused for a regular file) and asks its size again,
// two more system calls for each of a site's thousand documents.
func readWhole(abs string, size int64) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(abs, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: abs, Err: err}
	}
	defer unix.Close(fd)
	buf := make([]byte, 0, max(size, 0)+1) // the +1: the end is met without a larger buffer
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew since the walk
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: abs, Err: err}
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}
