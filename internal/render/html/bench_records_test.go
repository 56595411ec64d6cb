package html_test

import (
	"io/fs"
	"path/filepath"
	"runtime"
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
// each free-text field) into an empty folder, validation excluded. It
// reports the files of site/ and the peak heap in use while rendering
// (sampled), besides the time:
//
//	GOMEMLIMIT=400MiB go test ./internal/render/html -run '^$' -bench RenderRecords100k -benchtime 1x
func BenchmarkRenderRecords100k(b *testing.B) {
	ctx := testutil.BenchContext(b, synth.Options{Docs: 1000, Rows: 100000, Seed: 1, Shape: synth.ShapeText})
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // the heap in use, sampled
		defer close(done)
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	files := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "out"+strconv.Itoa(i))
		if err := output.Run(ctx, output.Options{Out: out, Renderers: map[string]output.Renderer{"html": html.Renderer{}}}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
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
	close(stop)
	<-done
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}
