package schema

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// foldASCII, the allocation-free path of EnumLookup, folds exactly as foldKey.
func TestFoldASCIIMatchesFoldKey(t *testing.T) {
	inputs := []string{"Ditutup", "ditutup", "DITUTUP", " Dalam  Penanganan ", "dalam\tpenanganan", "Dalam Penanganan\r\n",
		"closed", "in_progress", "In Progress", "tidak  berlaku", "", " ", "\v\f", "Dalam\u00a0Penanganan", "İN_PROGRESS",
		strings.Repeat("a ", 31) + "b", strings.Repeat("a ", 40)}
	r := rand.New(rand.NewPCG(7, 8))
	parts := []string{"a", "B", " ", "\t", "\n", "\v", "\f", "\r", "_", "é", "\u0085", "Z9"}
	for i := 0; i < 100000; i++ {
		var b strings.Builder
		for n := r.IntN(12); n > 0; n-- {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		var buf [64]byte
		if got, ok := foldASCII(buf[:0], s); ok && string(got) != foldKey(s) {
			t.Fatalf("foldASCII(%q) = %q, foldKey gives %q", s, got, foldKey(s))
		}
	}
}
