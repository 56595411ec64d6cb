package validate_test

// Validation benchmarks of the incident register at the three shapes of the
// synthetic site (internal/synth): the record rules, cross-record rules and
// glyph coverage of a loaded site; loading is left out of the timer.
//
//	go test -run '^$' -bench ValidateRecords -benchmem ./internal/validate

import (
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
	"github.com/smsgen/smsgen/internal/validate"
)

const benchRows = 20000

func BenchmarkValidateRecords(b *testing.B) {
	for _, shape := range synth.Shapes {
		b.Run(shape, func(b *testing.B) {
			dir := testutil.SynthSite(b, synth.Options{Rows: benchRows, Seed: 1, Shape: shape})
			today, _ := time.Parse("2006-01-02", synth.Today)
			var lc diag.Collector
			site, err := load.Load(load.Options{Root: dir, Today: today}, &i18n.Reporter{C: &lc})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var c diag.Collector
				validate.Run(site, &i18n.Reporter{C: &c, Schemas: site.Schemas})
				if fs := c.Findings(); len(fs) != 0 {
					b.Fatalf("synthetic site has %d findings, first: %s:%d: %s %s", len(fs), fs[0].File, fs[0].Line, fs[0].Code, fs[0].Message)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
		})
	}
}
