package pdf_test

import (
	"testing"

	"github.com/smsgen/smsgen/internal/render/pdf"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// BenchmarkSynthetic50 renders every PDF (documents, registers, forms, audit
// pack) of a synthetic site of 50 documents, validation included.
func BenchmarkSynthetic50(b *testing.B) {
	root := testutil.SynthSite(b, synth.Options{Docs: 50, Rows: 200, Seed: 1})
	b.ResetTimer()
	for range b.N {
		render(b, root)
	}
}

// BenchmarkRender50 renders the PDFs of the same site, validated once: the
// renderer alone (go test -bench Render50 -cpuprofile cpu.out).
func BenchmarkRender50(b *testing.B) {
	testutil.BenchRender(b, synth.Options{Docs: 50, Rows: 200, Seed: 1}, "pdf", pdf.Renderer{})
}

// BenchmarkRegisterPDF20k renders the PDFs of a synthetic site of 5
// documents and a 20,000-row incident register with long free text (shape
// text), validated once: the register PDF (its volumes) dominates
// (go test -run '^$' -bench RegisterPDF20k -benchmem ./internal/render/pdf).
func BenchmarkRegisterPDF20k(b *testing.B) {
	testutil.BenchRender(b, synth.Options{Docs: 5, Rows: 20000, Seed: 1, Shape: synth.ShapeText}, "pdf", pdf.Renderer{})
}
