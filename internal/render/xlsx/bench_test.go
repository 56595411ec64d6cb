package xlsx_test

import (
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/xlsx"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// The workbook renderer alone, on a site validated and resolved once:
//
//	go test -run '^$' -bench . -benchmem ./internal/render/xlsx
//
// ns/row divides one rendering by the rows of the incident register: the
// 10k- and 50k-row figures should be about equal (the writer streams).
func benchWorkbooks(b *testing.B, rows int) {
	root := filepath.Join(b.TempDir(), "site")
	if err := synth.Write(root, synth.Options{Docs: 10, Rows: rows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today})
	if err != nil {
		b.Fatal(err)
	}
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today, Version: "bench",
		Facts: resolve.Run(res.Site, res.Lang, res.Site.Today)}
	out := filepath.Join(b.TempDir(), "output")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := output.Run(ctx, output.Options{Out: out, Only: []string{"xlsx"}, Renderers: map[string]output.Renderer{"xlsx": xlsx.Renderer{}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
}

func BenchmarkWorkbooks10kRows(b *testing.B) { benchWorkbooks(b, 10000) }
func BenchmarkWorkbooks50kRows(b *testing.B) { benchWorkbooks(b, 50000) }
