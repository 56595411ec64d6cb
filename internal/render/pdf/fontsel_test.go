package pdf

import "testing"

// TestFontOps: the resource names of fpdf's placeholder fonts are learnt
// for every face (else every switch of face goes through SetFont), each
// its own, and the operator is the one fpdf writes.
func TestFontOps(t *testing.T) {
	ids := fontOps()
	seen := map[string]bool{}
	for fc, id := range ids {
		if id == "" || seen[id] {
			t.Fatalf("face %d: resource name %q (all: %q)", fc, id, *ids)
		}
		seen[id] = true
	}
	if got := string(appendFontOp(nil, ids[bold], 7.6)); got != "BT /F"+ids[bold]+" 7.60 Tf ET" {
		t.Errorf("operator %q", got)
	}
}
