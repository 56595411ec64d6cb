package output

import (
	"errors"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Where ext4 places a new inode: a file goes to the block group of its
// folder; a folder goes to its parent's group, unless the parent carries the
// "top of a directory hierarchy" flag (FS_TOPDIR_FL, chattr +T), when it
// goes to the group with the fewest folders among those with more free
// inodes and blocks than average, searched from a place given by the hash of
// its name. In a group, the first free inode is taken, except that on a file
// system without a journal an inode freed in the last seconds (minutes while
// its inode table block is not yet written back) is skipped, one at a time,
// from the start of the group at every allocation. A build deletes the files
// of the build before (and a user may have just deleted the output), so
// every file of the new build scanned past thousands of them: creating a
// file cost 0.5-1 ms of system time, 2,400 files some 1.5 s, 20 times the
// cost of creating them elsewhere. Every folder of an output is therefore
// flagged, and made under a random name: its subfolders, and their files,
// land in a group chosen afresh by each build, away from the inodes the
// build before freed. The flag is only a placement hint: it changes nothing
// of what is stored, and file systems without it are left alone.

// fsTopdirFL is FS_TOPDIR_FL of linux/fs.h.
const fsTopdirFL = 0x00020000

// spreadOff is set once the file system refused the flag or the rename
// without replacement: folders are then made in place.
var spreadOff atomic.Bool

// mkdirSpread makes the folder dir (its parent exists): under a temporary
// name, flagged (see spread), then renamed to dir unless dir exists.
func mkdirSpread(dir string) error {
	if spreadOff.Load() {
		return os.Mkdir(dir, 0o755)
	}
	tmp := tmpName(dir)
	if err := unix.Mkdir(tmp, 0o755); err != nil {
		return os.Mkdir(dir, 0o755)
	}
	if !spread(tmp) {
		_ = unix.Rmdir(tmp)
		return os.Mkdir(dir, 0o755)
	}
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_NOREPLACE)
	if err == nil {
		return nil
	}
	_ = unix.Rmdir(tmp)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.ENOTSUP) {
		spreadOff.Store(true)
	}
	return os.Mkdir(dir, 0o755) // exists (another writer made it), or the error to report
}

// spread sets the flag on the folder dir; false when the file system does
// not have it (then spreadOff is set).
func spread(dir string) bool {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	flags, err := unix.IoctlGetUint32(fd, unix.FS_IOC_GETFLAGS)
	if err == nil && flags&fsTopdirFL == 0 {
		err = unix.IoctlSetPointerInt(fd, unix.FS_IOC_SETFLAGS, int(flags|fsTopdirFL))
	}
	if err != nil {
		spreadOff.Store(true)
		return false
	}
	return true
}
