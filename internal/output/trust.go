package output

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
)

// An output folder may come from elsewhere: a repository can hold one (a
// pull request can add output/ with a manifest made to match its files), a
// copy can be unpacked over it. A build leaves an output as it is only when
// the manifest there is one that a build of this user wrote to this folder:
// each build records the SHA-256 of the manifest it wrote in the user's cache
// (os.UserCacheDir()/smsgen/builds/, one small file per output folder), and
// a manifest that does not match the record is not read. The manifest names
// the digest of its outputs' files, which are read and checked as well, so
// an output left as it is was written by this user's smsgen. Without a cache
// folder nothing is trusted and every build renders.

// trustFile returns the file of the user's cache that records the manifest
// written to the output folder out.
func trustFile(out string) (string, bool) {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return "", false
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "smsgen", "builds", hex.EncodeToString(sum[:16])), true
}

// trusted tells whether manifest (the bytes of out's manifest) is the one a
// build of this user last wrote to out.
func trusted(out string, manifest []byte) bool {
	p, ok := trustFile(out)
	if !ok {
		return false
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(manifest)
	return strings.TrimSpace(string(b)) == hex.EncodeToString(sum[:])
}

// trust records manifest as the one written to out (an error leaves the
// manifest untrusted: the next build renders).
func trust(out string, manifest []byte) {
	p, ok := trustFile(out)
	if !ok {
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return
	}
	sum := sha256.Sum256(manifest)
	f, err := CreateFile(p) // a temporary file renamed into place
	if err != nil {
		return
	}
	f.WriteString(hex.EncodeToString(sum[:]) + "\n")
	_ = f.Close()
}
