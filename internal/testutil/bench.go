package testutil

import (
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
)

// SynthSite writes the synthetic site o into a fresh temporary folder and
// returns its root.
func SynthSite(tb testing.TB, o synth.Options) string {
	tb.Helper()
	root := filepath.Join(tb.TempDir(), "site")
	if err := synth.Write(root, o); err != nil {
		tb.Fatal(err)
	}
	return root
}

// BenchContext writes the synthetic site o, validates it (no error allowed)
// and resolves it once: the context a renderer benchmark renders from.
func BenchContext(b *testing.B, o synth.Options) output.Context {
	b.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: SynthSite(b, o), Today: Today})
	if err != nil {
		b.Fatal(err)
	}
	if res.Errors() > 0 {
		b.Fatalf("synthetic site has %d errors", res.Errors())
	}
	return output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today, Version: "bench",
		Report: &i18n.Reporter{C: &diag.Collector{}, Lang: res.Lang}, Facts: resolve.Run(res.Site, res.Lang, res.Site.Today)}
}

// BenchRender times b.N renderings of the one output name by r of the
// synthetic site o (BenchContext, outside the timer) into the same folder (a
// rebuild after the first): the renderer alone, for -cpuprofile.
func BenchRender(b *testing.B, o synth.Options, name string, r output.Renderer) {
	b.Helper()
	ctx := BenchContext(b, o)
	out := filepath.Join(b.TempDir(), "output")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := output.Run(ctx, output.Options{Out: out, Only: []string{name}, Renderers: map[string]output.Renderer{name: r}}); err != nil {
			b.Fatal(err)
		}
	}
}
