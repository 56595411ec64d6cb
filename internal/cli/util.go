package cli

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"io"
	"os"
	"sort"
	"strings"
)

func sortStrings(s []string) { sort.Strings(s) }

// programID identifies the running program, so that outputs another build
// of smsgen rendered (even one of the same version) are never taken as
// current: the Go build ID recorded in the executable (its last part is a
// hash of the executable's content), else the SHA-256 of the executable;
// "" when neither can be read.
func programID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if s := f.Section(".note.go.buildid"); s != nil && s.Size < 4096 {
			if b, err := s.Data(); err == nil && len(b) > 16 {
				// note header (name size, descriptor size, type), "Go\x00\x00", then the ID
				id := string(b[16:])
				if i := strings.IndexByte(id, 0); i >= 0 {
					id = id[:i]
				}
				if strings.Count(id, "/") >= 1 && len(id) > 40 {
					return "go-buildid:" + id
				}
			}
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
