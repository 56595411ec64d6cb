package pdf

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestAppendFixed2 compares appendFixed2 with strconv on coordinates as the
// renderer makes them, on rounding ties and on edge values.
func TestAppendFixed2(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 0.001, -0.001, 0.004999, -0.005, 0.005, 0.015, 0.025, 1.005, 2.675, 1.115,
		0.125, 0.375, -0.125, 99.995, 99.994999, 841.89, 595.28, 1e11 + 0.005, 1e12, -1e12, 123456789.125,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		vals = append(vals, (rng.Float64()-0.1)*1000)
	}
	for i := range 100000 { // hundredths and ties of hundredths, scaled as mm to points
		vals = append(vals, float64(i)/200, float64(i)/100*72/25.4, -float64(i)/200)
	}
	for _, v := range vals {
		want := string(strconv.AppendFloat(nil, v, 'f', 2, 64))
		if got := string(appendFixed2(nil, v)); got != want {
			t.Fatalf("appendFixed2(%v) = %q, strconv %q", v, got, want)
		}
	}
}
