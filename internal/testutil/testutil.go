// Package testutil holds what the tests of several packages share: the
// example site copied into a temporary folder, the fixed "today", and the
// rule for external tools (skip on a laptop, fail in CI).
package testutil

import (
	"github.com/smsgen/smsgen/internal/output"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Today is the date every test takes as today (the example site validates clean on it).
var Today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// RepoRoot returns the repository root (the folder holding go.mod), itself the example site.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's folder")
		}
		dir = parent
	}
}

// ExampleSite copies the example site (content/, registers/, layouts/, smsgen.yaml)
// into a temporary folder and returns it.
func ExampleSite(t testing.TB) string {
	t.Helper()
	src, dst := RepoRoot(t), t.TempDir()
	for _, p := range []string{"content", "registers", "layouts", "smsgen.yaml"} {
		if err := output.CopyFiles(filepath.Join(src, p), filepath.Join(dst, p)); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// Tool returns the path of an external tool. Without it the test skips with a
// message naming the Debian package, except with CI=true, where it fails.
func Tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI (Debian: apt-get install %s)", name, debianPackage)
		}
		t.Skipf("%s not installed (Debian: apt-get install %s); skipping", name, debianPackage)
	}
	return p
}

// RunWithOwnCache runs the tests of m with the user's cache folder
// (XDG_CACHE_HOME: where builds record the manifests they wrote, see
// package output) in a temporary folder of their own, removed after, and
// returns their exit code; for a TestMain.
func RunWithOwnCache(m *testing.M) int {
	dir, err := os.MkdirTemp("", "smsgen-cache-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CACHE_HOME", dir)
	return m.Run()
}
