//go:build unix

package output

import (
	"os"
	"syscall"
)

// lockFile takes the build's lock on f (released when f is closed or the
// process ends, however it ends).
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// tryLockFile takes the lock on f unless a live process holds it.
func tryLockFile(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
