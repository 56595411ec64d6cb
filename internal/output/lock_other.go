//go:build !unix

package output

import (
	"os"
	"time"
)

// Without flock a lock file is taken as held while it is younger than
// staleAfter: a longer build's temporary folder could otherwise be removed.
const staleAfter = 6 * time.Hour

func lockFile(f *os.File) error { return nil }

func tryLockFile(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && time.Since(st.ModTime()) > staleAfter
}
