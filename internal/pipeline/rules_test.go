package pipeline_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// fixtures lists testdata/*.txtar.
func fixtures(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	return paths
}

// TestRules runs every fixture: each proves that its rule fires at the exact
// file and line (want lines, golden) and that nothing else is reported on the
// valid records beside it (the golden holds the complete output).
func TestRules(t *testing.T) {
	for _, p := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(p), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runFixture(t, p)
		})
	}
}
