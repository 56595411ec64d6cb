package output

import (
	"os"
	"testing"
)

// TestMain keeps what builds record in the user's cache (the manifests they
// wrote, see trust.go) in a folder of the tests' own: testutil.RunWithOwnCache,
// which this package's tests cannot import (testutil imports output).
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
