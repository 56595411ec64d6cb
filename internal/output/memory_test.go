package output

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestMemoryPolicy: the one policy sets the figures of the README
// ("Performance"), and GOMEMLIMIT wins over it.
func TestMemoryPolicy(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	MemoryPolicy(nil)
	if got := debug.SetMemoryLimit(-1); got != 256<<20 {
		t.Errorf("start: limit %d, want 256 MiB", got)
	}
	if got := debug.SetGCPercent(400); got != 400 {
		t.Errorf("start: GOGC %d, want 400", got)
	}
	MemoryPolicy([]string{"html", "pdf", "xlsx"}) // a small heap: the PDF limit
	if got := debug.SetMemoryLimit(-1); got != 220<<20 {
		t.Errorf("rendering PDFs: limit %d, want 220 MiB", got)
	}
	big := make([]byte, 160<<20) // a live heap over 128 MiB: an HTML build runs without a limit
	MemoryPolicy([]string{"html", "pdf"})
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("HTML of a big site: limit %d, want none", got)
	}
	big[len(big)-1] = 1
	MemoryPolicy(nil)
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 30)
	MemoryPolicy([]string{"pdf"})
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("GOMEMLIMIT set: limit changed to %d", got)
	}
}
