package html_test

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// BenchmarkRenderRecords100k renders the HTML outputs of 1,000 synthetic
// documents and a 100,000-row incident register (text shape: a sentence in
// each free-text field) into an empty folder, validation excluded. Besides
// the time and allocations it reports the files of site/, the peak heap in
// use while rendering (garbage included), and the peak live heap (as the
// collector last marked it, sampled every 10 ms) with the part of it that
// rendering adds to the model (html-live-MiB: the peak less the live heap of
// the model and its resolved facts before rendering):
//
//	go test ./internal/render/html -run '^$' -bench RenderRecords100k -benchtime 1x -benchmem
func BenchmarkRenderRecords100k(b *testing.B) {
	ctx := testutil.BenchContext(b, synth.Options{Docs: 1000, Rows: 100000, Seed: 1, Shape: synth.ShapeText})
	files := 0
	var peak, peakLive, base atomic.Uint64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		base.Store(liveHeap())
		stop := sampleHeap(&peak, &peakLive)
		b.StartTimer()
		out := filepath.Join(b.TempDir(), "out"+strconv.Itoa(i))
		if err := output.Run(ctx, output.Options{Out: out, Renderers: map[string]output.Renderer{"html": html.Renderer{}}}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		stop()
		files = 0
		_ = filepath.WalkDir(filepath.Join(out, "site"), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files++
			}
			return nil
		})
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakLive.Load())/(1<<20), "peak-live-MiB")
	b.ReportMetric((float64(peakLive.Load())-float64(base.Load()))/(1<<20), "html-live-MiB")
}

// liveHeap is the heap the collector found live at its last cycle.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap records the peak heap in use and the peak live heap every 10 ms
// until the returned function is called (which waits for the last sample).
func sampleHeap(peak, peakLive *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peakLive.Load() {
				peakLive.Store(v)
			}
			if v := s[1].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-quit:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() { close(quit); <-done }
}
