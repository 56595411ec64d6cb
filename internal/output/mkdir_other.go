//go:build !linux

package output

import "os"

// mkdirSpread makes the folder dir (its parent exists); placement hints are
// only given on Linux (see mkdir_linux.go).
func mkdirSpread(dir string) error { return os.Mkdir(dir, 0o755) }

// spread gives no placement hint here.
func spread(dir string) bool { return false }
