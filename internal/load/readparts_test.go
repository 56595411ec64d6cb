package load

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// readBounded gives the file's bytes however it reads them: in parts on
// every core (a large file) or in order, and when the file is shorter or
// longer than the size it was expected to have (it changed since it was
// listed).
func TestReadBoundedInParts(t *testing.T) {
	defer func(p int64) { parallelRead = p }(parallelRead)
	dir := t.TempDir()
	for _, n := range []int{0, 1, 7, 4096, 100003} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*31 + i>>8)
		}
		p := filepath.Join(dir, "r.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, bound := range []int64{1, 1 << 40} { // in parts, in order
			parallelRead = bound
			for _, size := range []int64{int64(n), int64(n) + 5000, max(int64(n)-3, 0), int64(n) / 2} {
				got, err := readBounded(p, size)
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%d bytes expected as %d (parts from %d): read %d bytes, %v", n, size, bound, len(got), err)
				}
			}
		}
	}
}
