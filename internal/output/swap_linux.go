package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

const exchangeSupported = true

var errNoExchange = errors.New("renameat2 RENAME_EXCHANGE not supported here")

// exchange swaps the folders a and b in one step.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTSUP) {
		return errNoExchange
	}
	return err
}
