package testutil

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// Bounds is what a bounded run cost: the bytes it allocated, the peak growth
// of the heap in use while it ran, and the time it took.
type Bounds struct {
	Alloc uint64
	Heap  uint64
	Took  time.Duration
}

// Bounded runs fn with a deadline, sampling the heap every millisecond. It
// fails the test (naming what) if fn does not return within deadline (a hang)
// or panics.
func Bounded(t testing.TB, what string, deadline time.Duration, fn func()) Bounds {
	t.Helper()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	done := make(chan any, 1)
	start := time.Now()
	go func() {
		defer func() { done <- recover() }()
		fn()
	}()
	var pan any
	select {
	case pan = <-done:
	case <-time.After(deadline):
		close(stop)
		t.Fatalf("%s did not finish within %v (a hang)", what, deadline)
	}
	took := time.Since(start)
	close(stop)
	<-sampled
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if pan != nil {
		t.Fatalf("%s panicked: %v", what, pan)
	}
	heap := uint64(0)
	if p := peak.Load(); p > before.HeapInuse {
		heap = p - before.HeapInuse
	}
	return Bounds{Alloc: after.TotalAlloc - before.TotalAlloc, Heap: heap, Took: took}
}
