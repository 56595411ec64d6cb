//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

// A manifest that is a named pipe, a link or far too large is not read (a
// pipe would block the build): the output is rendered again.
func TestUpToDateHostileManifest(t *testing.T) {
	root := upSite(t)
	u := &upRun{t: t, root: root, out: filepath.Join(t.TempDir(), "out")}
	u.build("first build", "--today", "2026-11-21")
	manifest := filepath.Join(u.out, output.ManifestFile)
	good := testutil.ReadFile(t, manifest)
	for _, c := range []struct {
		name string
		make func() error
	}{
		{"a named pipe", func() error { return syscall.Mkfifo(manifest, 0o644) }},
		{"a link to the manifest", func() error {
			p := filepath.Join(t.TempDir(), "m.json")
			if err := os.WriteFile(p, []byte(good), 0o644); err != nil {
				return err
			}
			return os.Symlink(p, manifest)
		}},
		{"a link to a device", func() error { return os.Symlink("/dev/zero", manifest) }},
	} {
		os.Remove(manifest)
		if err := c.make(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		done := make(chan bool, 1)
		go func() { done <- u.build(c.name, "--today", "2026-11-21") }()
		select {
		case skipped := <-done:
			if skipped {
				t.Errorf("%s: left as it was", c.name)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%s: the build hangs", c.name)
		}
	}
}
