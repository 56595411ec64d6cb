package load_test

// Loading benchmarks of the documents of the synthetic site, as smsgen
// validate loads them (no syntax trees: plain bodies scanned) and as smsgen
// build does (every body parsed, its tree kept):
//
//	go test -run '^$' -bench LoadDocuments -benchmem ./internal/load

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/synth"
)

func BenchmarkLoadDocuments(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	const docs = 1000
	if err := synth.Write(dir, synth.Options{Docs: docs, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	today, _ := time.Parse("2006-01-02", synth.Today)
	for _, mode := range []struct {
		name   string
		noTree bool
	}{{"validate", true}, {"build", false}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var c diag.Collector
				site, err := load.Load(load.Options{Root: dir, Today: today, NoTree: mode.noTree}, &i18n.Reporter{C: &c})
				if err != nil {
					b.Fatal(err)
				}
				if n := len(site.Documents); n != docs {
					b.Fatalf("%d documents, want %d", n, docs)
				}
				if (site.Documents[0].AST == nil) != mode.noTree {
					b.Fatalf("tree kept: %v, want %v", site.Documents[0].AST != nil, !mode.noTree)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*docs), "ns/doc")
		})
	}
}
