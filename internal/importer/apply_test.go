package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApplyAllOrNothing: when staging or renaming any file fails, every target
// is left (or put back) as it was, and no temporary file stays.
func TestApplyAllOrNothing(t *testing.T) {
	for _, c := range []struct {
		name string
		bad  func(dir string) fileOp
	}{
		{"a folder that cannot be made", func(dir string) fileOp {
			_ = os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644)
			return fileOp{rel: "file/sub/c.yaml", abs: filepath.Join(dir, "file", "sub", "c.yaml"), data: []byte("c")}
		}},
		{"two records in one file (whatever the case)", func(dir string) fileOp {
			return fileOp{rel: "B.yaml", abs: filepath.Join(dir, "B.yaml"), data: []byte("B")}
		}},
		{"a rename over a folder", func(dir string) fileOp {
			_ = os.MkdirAll(filepath.Join(dir, "d", "inside"), 0o755)
			return fileOp{rel: "d", abs: filepath.Join(dir, "d"), data: []byte("d")}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			a := filepath.Join(dir, "a.csv")
			_ = os.WriteFile(a, []byte("old a\n"), 0o644)
			ops := []fileOp{
				{rel: "a.csv", abs: a, data: []byte("new a\n"), orig: []byte("old a\n")},
				{rel: "b.yaml", abs: filepath.Join(dir, "b.yaml"), data: []byte("new b\n")},
				c.bad(dir),
				{rel: "a.csv", abs: filepath.Join(dir, "z.yaml"), remove: true},
			}
			written, err := apply(ops)
			if err == nil || len(written) > 0 || !strings.Contains(err.Error(), "nothing written") {
				t.Fatalf("err = %v, written %v", err, written)
			}
			if b, _ := os.ReadFile(a); string(b) != "old a\n" {
				t.Errorf("a.csv = %q", b)
			}
			if _, err := os.Stat(filepath.Join(dir, "b.yaml")); !os.IsNotExist(err) {
				t.Errorf("b.yaml exists: %v", err)
			}
			tmps, _ := filepath.Glob(filepath.Join(dir, ".smsgen-import-*"))
			if len(tmps) > 0 {
				t.Errorf("temporary files left: %v", tmps)
			}
		})
	}
}
