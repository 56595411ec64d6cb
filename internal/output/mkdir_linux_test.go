package output

import (
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// On a file system that has the flag (ext4), every folder of an output
// carries it, the temporary folder of a build included, so that their
// subfolders are placed afresh by each build.
func TestMkdirAllSpreads(t *testing.T) {
	root := t.TempDir()
	if !spread(root) || spreadOff.Load() {
		t.Skip("the file system of the temporary folder has no placement flag")
	}
	p := filepath.Join(root, "site", "docs")
	if err := MkdirAll(p); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(root, "site"), p} {
		fd, err := unix.Open(d, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			t.Fatal(err)
		}
		flags, err := unix.IoctlGetUint32(fd, unix.FS_IOC_GETFLAGS)
		unix.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		if flags&fsTopdirFL == 0 {
			t.Errorf("%s: flags %#x without FS_TOPDIR_FL", d, flags)
		}
	}
}
