package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Files of the previous output are reused when a build writes exactly the
// same bytes at the same place: the new file is a hard link to the old one
// instead of a new file. On file systems where creating a file is expensive
// (ext4 without a journal skips every recently deleted inode when it looks for
// a free one, and each build deletes the files of the one before) this saves
// most of the cost of writing a rebuild. It is safe because no file below the
// output folder is ever written in place: every writer creates a new file
// (WriteFile removes what is in the way first; smsgen serve writes through a
// temporary file and a rename), so the previous output stays exactly as it
// was until it is swapped out, and a failed build leaves it untouched.

// WriteFile writes data to the file rel (a slash path below ctx.Out), creating
// its folder when needed. When the previous output (ctx.Prev) holds the same
// bytes at rel, that file is linked instead of written. A file already at rel
// in ctx.Out is replaced, never written into.
func (c *Context) WriteFile(rel string, data []byte) error {
	_, err := c.Write(rel, data)
	return err
}

// Write is WriteFile that also tells whether the previous output's file was
// reused (it held the same bytes).
func (c *Context) Write(rel string, data []byte) (reused bool, err error) {
	full := filepath.Join(c.Out, filepath.FromSlash(rel))
	if c.Prev != "" && linkSame(filepath.Join(c.Prev, filepath.FromSlash(rel)), full, data) {
		recorderFor(full).putData(full, data)
		return true, nil
	}
	if c.Live {
		return false, replaceFile(full, data)
	}
	rec := recorderFor(full)
	if err := writeNew(full, data); err != nil {
		rec.drop(full)
		return false, err
	}
	rec.putData(full, data)
	return false, nil
}

// writeNew creates full (a new file: whatever is there is removed first, so
// a linked file is never changed) and writes data in one call.
func writeNew(full string, data []byte) error {
	err := createWrite(full, data)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(full); err != nil {
			return err
		}
		err = createWrite(full, data)
	} else if errors.Is(err, fs.ErrNotExist) {
		if err := MkdirAll(filepath.Dir(full)); err != nil {
			return err
		}
		err = createWrite(full, data)
	}
	return err
}

// linkSame links old to full when old is a plain file (mode 0644, one link)
// holding exactly data; false when it is not, or linking failed (then nothing
// was changed).
func linkSame(old, full string, data []byte) bool {
	if !sameFile(old, data) {
		return false
	}
	if err := os.Link(old, full); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return false
		}
		if MkdirAll(filepath.Dir(full)) != nil || os.Link(old, full) != nil {
			return false
		}
	}
	return true
}

// reusable checks what Lstat tells about old: a regular file of that size,
// mode 0644, one link.
func reusable(old string, size int64) bool {
	st, err := os.Lstat(old)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 || st.Size() != size {
		return false
	}
	return links(st) == 1
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func readBuf(n int) *[]byte {
	b := bufPool.Get().(*[]byte)
	if cap(*b) < n {
		*b = make([]byte, n)
	}
	*b = (*b)[:n]
	return b
}

func putBuf(b *[]byte) {
	if cap(*b) <= 16<<20 {
		bufPool.Put(b)
	}
}
