package testutil

import (
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
)

// BenchRender writes the synthetic site o, validates and resolves it once,
// then times b.N renderings of the one output name by r into the same folder
// (a rebuild after the first): the renderer alone, for -cpuprofile.
func BenchRender(b *testing.B, o synth.Options, name string, r output.Renderer) {
	b.Helper()
	root := filepath.Join(b.TempDir(), "site")
	if err := synth.Write(root, o); err != nil {
		b.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: Today})
	if err != nil {
		b.Fatal(err)
	}
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today, Version: "bench",
		Facts: resolve.Run(res.Site, res.Lang, res.Site.Today)}
	out := filepath.Join(b.TempDir(), "output")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := output.Run(ctx, output.Options{Out: out, Only: []string{name}, Renderers: map[string]output.Renderer{name: r}}); err != nil {
			b.Fatal(err)
		}
	}
}
