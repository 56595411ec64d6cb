package output

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// MkdirAll creates the folder dir and whatever parents of it are missing,
// like os.MkdirAll; every folder of an output is made here. Where the file
// system lets it (ext4), each new folder is marked as the top of a tree
// whose subfolders are spread over the disk, and is made under a random
// temporary name, then renamed: the name picks where a subfolder (and the
// files in it) is placed. Without this every build put its files in the same
// part of the disk where the previous build's files had just been deleted,
// and ext4 without a journal skips each recently deleted inode one by one
// when it looks for a free one: each file created cost some 0.5 ms, the most
// of a first build's time (see mkdir_linux.go).
func MkdirAll(dir string) error {
	st, err := os.Stat(dir)
	if err == nil {
		if st.IsDir() {
			return nil
		}
		return &fs.PathError{Op: "mkdir", Path: dir, Err: errNotDir}
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := MkdirAll(parent); err != nil {
			return err
		}
	}
	err = mkdirSpread(dir)
	if err != nil {
		// made meanwhile by another writer
		if st, serr := os.Lstat(dir); serr == nil && st.IsDir() {
			return nil
		}
	}
	return err
}

var errNotDir = errors.New("not a directory")

// tmpName is a temporary name beside path (the prefix of CreateFile's).
func tmpName(path string) string {
	return filepath.Join(filepath.Dir(path), ".tmp-"+strconv.FormatUint(rand.Uint64(), 36))
}
