//go:build unix

package attach

import (
	"path/filepath"
	"syscall"
	"testing"
)

// TestResolveFIFO: a named pipe is not a file to publish (and is never opened).
func TestResolveFIFO(t *testing.T) {
	root := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p := Check(root, "fifo.txt"); p == nil || p.Code != CodePath {
		t.Errorf("FIFO: %v, want %s", p, CodePath)
	}
	if p := CheckPath(root, "fifo.txt"); p == nil || p.Code != CodePath {
		t.Errorf("CheckPath of a FIFO: %v, want %s", p, CodePath)
	}
}
