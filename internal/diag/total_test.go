package diag

import "testing"

// TestTotal: the collector counts every finding reported, kept or left out
// beyond MaxPerFileCode (and through Full), identical ones once.
func TestTotal(t *testing.T) {
	var c Collector
	for i := 1; i <= MaxPerFileCode+500; i++ {
		if c.Full("a.csv", "x", i, 1) {
			continue
		}
		c.Add(Finding{File: "a.csv", Code: "x", Line: i})
		c.Add(Finding{File: "a.csv", Code: "x", Line: i}) // identical: once
	}
	for i := 1; i <= 3; i++ {
		c.Add(Finding{File: "a.csv", Code: "y", Line: i})
	}
	if got := c.Total("a.csv", "x"); got != MaxPerFileCode+500 {
		t.Errorf("Total(x) = %d, want %d", got, MaxPerFileCode+500)
	}
	if got := c.Total("a.csv", "y"); got != 3 {
		t.Errorf("Total(y) = %d, want 3", got)
	}
	if got := c.Total("b.csv", "x"); got != 0 {
		t.Errorf("Total of nothing = %d", got)
	}
	files, codes := c.Truncated()
	if len(files) != 1 || files[0] != "a.csv" || codes[0] != "x" {
		t.Errorf("Truncated = %v %v", files, codes)
	}
}
