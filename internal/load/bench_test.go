package load_test

// Loading benchmarks of the incident register at the three shapes of the
// synthetic site (internal/synth): short cells, long free text, many columns.
// Each site is written once, outside the timer.
//
//	go test -run '^$' -bench LoadRecords -benchmem ./internal/load
//
// ns/row is the time to read and type one record (on every core);
// model-B/row is the heap a loaded record holds (cells, record, its share of
// the file's bytes), measured after a collection with the site alive;
// scan-B/row the part of it the collector scans at every cycle (pointerful
// memory: not the cells, which hold no pointer, nor the file's bytes), and
// gc-ms the time of one collection with the site alive.

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// benchRows is the size of the register: enough for the parallel reader to
// cut it into pieces, small enough to run each shape in a few seconds.
const benchRows = 20000

func BenchmarkLoadRecords(b *testing.B) {
	for _, shape := range synth.Shapes {
		b.Run(shape, func(b *testing.B) {
			dir := testutil.SynthSite(b, synth.Options{Rows: benchRows, Seed: 1, Shape: shape})
			st, err := os.Stat(filepath.Join(dir, "registers", "incidents.csv"))
			if err != nil {
				b.Fatal(err)
			}
			today, _ := time.Parse("2006-01-02", synth.Today)
			var before, after runtime.MemStats
			scan := []metrics.Sample{{Name: "/gc/scan/heap:bytes"}}
			var scanBefore, scanAfter uint64
			var gcTime time.Duration
			b.SetBytes(st.Size())
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var c diag.Collector
				site, err := load.Load(load.Options{Root: dir, Today: today}, &i18n.Reporter{C: &c})
				if err != nil {
					b.Fatal(err)
				}
				if fs := c.Findings(); len(fs) != 0 {
					b.Fatalf("synthetic site has %d findings, first: %s:%d: %s %s", len(fs), fs[0].File, fs[0].Line, fs[0].Code, fs[0].Message)
				}
				if n := len(site.Registers["incidents"].Records); n != benchRows {
					b.Fatalf("%d incident records, want %d", n, benchRows)
				}
				if i == b.N-1 {
					b.StopTimer()
					site = nil
					runtime.GC()
					runtime.ReadMemStats(&before)
					metrics.Read(scan)
					scanBefore = scan[0].Value.Uint64()
					var c2 diag.Collector
					site, _ = load.Load(load.Options{Root: dir, Today: today}, &i18n.Reporter{C: &c2})
					runtime.GC()
					runtime.ReadMemStats(&after)
					metrics.Read(scan)
					scanAfter = scan[0].Value.Uint64()
					t0 := time.Now()
					runtime.GC()
					gcTime = time.Since(t0)
					runtime.KeepAlive(site)
					b.StartTimer()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRows, "ns/row")
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/benchRows, "model-B/row")
			b.ReportMetric(float64(int64(scanAfter)-int64(scanBefore))/benchRows, "scan-B/row")
			b.ReportMetric(float64(gcTime.Microseconds())/1000, "gc-ms")
		})
	}
}
