package html_test

import (
	"os"
	"testing"
)

// TestMain keeps what builds record in the user's cache (the manifests they
// wrote, see package output) in a folder of the tests' own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smsgen-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
