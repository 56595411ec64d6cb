package xlsx

import (
	"math/rand"
	"testing"
)

// A sheet prints one page wide when its columns fit at 60 % of their size,
// and on more pages wide (never at less than 60 %, never more pages than
// that needs) when they do not.
func TestPagesWide(t *testing.T) {
	inches := func(ws []float64) float64 {
		s := 0.0
		for _, w := range ws {
			s += (7*w + 5) / 96
		}
		return s
	}
	if n := pagesWide([]float64{30, 30, 18, 16}); n != 1 {
		t.Errorf("the summary sheet: %d pages wide", n)
	}
	if n := pagesWide(nil); n != 1 {
		t.Errorf("no columns: %d pages wide", n)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 1000; i++ {
		ws := make([]float64, 1+r.Intn(60))
		for j := range ws {
			ws[j] = 8 + float64(r.Intn(55))
		}
		n := pagesWide(ws)
		scale := min(1, float64(n)*printableInches/inches(ws))
		fewer := float64(n-1) * printableInches / inches(ws)
		if scale < minPrintScale || (n > 1 && fewer >= minPrintScale) {
			t.Fatalf("%d columns (%.1f in): %d pages wide, at %.2f", len(ws), inches(ws), n, scale)
		}
	}
}
