package pdf

import (
	"math"
	"strconv"
)

// appendFixed2 appends v with two decimals, byte for byte what
// strconv.AppendFloat(b, v, 'f', 2, 64) appends, without its generic
// formatting: a register volume writes a dozen coordinates a table cell.
// The fast path scales to hundredths and rounds; a value whose hundredths sit
// too near a rounding tie (where the scaled product's own rounding, below
// 2.4e-7 under 1e7, could decide), or that is not small and finite, is left
// to strconv.
func appendFixed2(b []byte, v float64) []byte {
	a := math.Abs(v)
	if !(a < 1e7) { // NaN, Inf, or so large that a*100 is not exact to 1e-6
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	s := a * 100
	n := math.Floor(s)
	frac := s - n
	if math.Abs(frac-0.5) < 1e-6 {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	if frac > 0.5 {
		n++
	}
	u := uint64(n)
	if math.Signbit(v) {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, u/100, 10)
	r := u % 100
	return append(b, '.', byte('0'+r/10), byte('0'+r%10))
}
