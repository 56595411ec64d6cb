package output

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimitFor(t *testing.T) {
	const MiB = 1 << 20
	for _, c := range []struct{ live, other, want uint64 }{
		{0, 0, 352 * MiB},                  // the floor
		{200 * MiB, 8 * MiB, 352 * MiB},    // still the floor
		{240 * MiB, 8 * MiB, 352 * MiB},    // live + 64 MiB + other is the floor
		{280 * MiB, 8 * MiB, 358 * MiB},    // live + 70 MiB (a quarter) + other
		{512 * MiB, 0, 640 * MiB},          // a quarter is 128 MiB
		{1024 * MiB, 0, 1280 * MiB},        // a quarter is half less 256 MiB
		{2048 * MiB, 0, 2816 * MiB},        // toward half of a big live heap
		{2048 * MiB, 96 * MiB, 2912 * MiB}, // the runtime's other memory on top
	} {
		if got := LimitFor(c.live, c.other); uint64(got) != c.want {
			t.Errorf("LimitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", c.live/MiB, c.other/MiB, got/MiB, c.want/MiB)
		}
	}
}

// TestMemoryPolicy: GOGC 400 and the floor limit for a small heap; after a
// collection with a large live heap the limit sits above it by the headroom
// (so the collector never runs without pause), and comes back down when the
// heap is freed.
func TestMemoryPolicy(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer tuning.Store(false)
	MemoryPolicy()
	if got := debug.SetGCPercent(gcPercent); got != gcPercent {
		t.Errorf("GOGC %d, want %d", got, gcPercent)
	}
	limitAfterGC := func(ok func(int64) bool) int64 {
		t.Helper()
		var got int64
		for range 100 {
			runtime.GC()
			time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
			if got = debug.SetMemoryLimit(-1); ok(got) {
				break
			}
		}
		return got
	}
	if got := limitAfterGC(func(l int64) bool { return l == floorLimit }); got != floorLimit {
		t.Errorf("small heap: limit %d MiB, want %d MiB", got>>20, floorLimit>>20)
	}
	big := make([]byte, 300<<20)
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	got := limitAfterGC(func(l int64) bool { return l > floorLimit })
	if want := int64(300<<20 + Headroom(300<<20)); got < want || got > want+64<<20 {
		t.Errorf("300 MiB live: limit %d MiB, want about %d MiB", got>>20, want>>20)
	}
	runtime.KeepAlive(big)
	big = nil
	if got := limitAfterGC(func(l int64) bool { return l == floorLimit }); got != floorLimit {
		t.Errorf("heap freed: limit %d MiB, want %d MiB", got>>20, floorLimit>>20)
	}
}
