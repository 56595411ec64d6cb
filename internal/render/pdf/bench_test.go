package pdf_test

import (
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/synth"
)

// BenchmarkSynthetic50 renders every PDF (documents, registers, forms, audit
// pack) of a synthetic site of 50 documents.
func BenchmarkSynthetic50(b *testing.B) {
	root := filepath.Join(b.TempDir(), "site")
	if err := synth.Write(root, synth.Options{Docs: 50, Rows: 200, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		render(b, root)
	}
}
