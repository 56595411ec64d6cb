package resolve_test

import (
	"testing"

	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// The resolve stage alone (links, back-references, computed values,
// coverage, names…) on a site validated once:
//
//	go test -run '^$' -bench . -benchmem ./internal/resolve
func benchResolve(b *testing.B, docs, rows int) {
	root := testutil.SynthSite(b, synth.Options{Docs: docs, Rows: rows, Seed: 1})
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if resolve.Run(res.Site, res.Lang, res.Site.Today) == nil {
			b.Fatal("no facts")
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(docs+rows), "ns/item")
}

func BenchmarkResolve1000Docs1kRows(b *testing.B)   { benchResolve(b, 1000, 1000) }
func BenchmarkResolve1000Docs100kRows(b *testing.B) { benchResolve(b, 1000, 100000) }
