package output

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The memory policy of smsgen, in this one place. The collector runs at
// GOGC 400 while the heap is small (a build allocates much short-lived
// garbage around the site model, and collecting it at every doubling of the
// heap cost about a tenth of a build of 1,000 documents), under a soft
// memory limit that follows the live heap: after every collection the limit
// becomes the live heap plus a headroom (at least floorLimit). So the peak
// stays near the model plus the headroom however large the model is, and
// the collector never runs without pause, as a fixed limit below a large
// model made it do (a 100,000-row register of 63 columns holds some 330 MB
// live: under a fixed 256 MiB limit validation took +50 % CPU).
// The GOMEMLIMIT and GOGC environment variables always win over it.
const (
	// floorLimit is the smallest soft limit, the bound smsgen keeps for a
	// site whose model is small: a site of a thousand documents peaks near
	// 240 MB and stays under it (a floor of 256 MiB made the collector run
	// often enough near the end of such a build to cost 7 % of its time),
	// and a build of 1,000 documents and 100,000 records (a model of some
	// 270 MiB once the cells held no pointers) stays within 400 MiB of
	// resident memory: at 384 MiB it reached 415 MB, at 360 MiB 385 MB.
	floorLimit = 352 << 20
	// minHeadroom is the least room above the live heap for the garbage of
	// the stages (rendering a volume of a register PDF, a chunk of record
	// pages, a workbook part). Since the cells of the records hold no
	// pointers a collection marks only a small part of a large model, so
	// the room can be smaller than the 128 MiB it had to be before.
	minHeadroom = 64 << 20
	// gcPercent applies below the limit.
	gcPercent = 400
)

// Headroom is the room above the live heap that the soft limit leaves: a
// quarter of the live heap, at least minHeadroom, so a collection frees at
// least that much and their number stays proportional to the allocation;
// above 1 GiB live it grows toward half the live heap (live/2 - 256 MiB,
// equal to the quarter at 1 GiB). A build's allocation grows with its
// model, and so does the work of each collection: with a quarter, the build
// of 10,000 documents and 1,000,000 records ran twice the collections of
// the build a tenth its size, each marking ten times the heap (40 of its
// 135 CPU-s).
func Headroom(live uint64) uint64 {
	h := max(uint64(minHeadroom), live/4)
	if big := live / 2; big > 256<<20 && big-256<<20 > h {
		h = big - 256<<20
	}
	return h
}

// LimitFor is the soft limit for a live heap of that size when the runtime
// holds other memory besides the heap (goroutine stacks, the collector's
// metadata: the soft limit counts them, so they are added on top, or at a
// model of 2 GB they ate most of the headroom).
func LimitFor(live, other uint64) int64 {
	l := live + Headroom(live) + other
	if l < floorLimit {
		l = floorLimit
	}
	if l > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(l)
}

var (
	policyOnce sync.Once
	tuning     atomic.Bool
)

// MemoryPolicy sets GOGC and the soft memory limit, and keeps the limit
// following the live heap for the rest of the process. Every command calls
// it first; calling it again does nothing.
func MemoryPolicy() {
	policyOnce.Do(func() {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(gcPercent)
		}
		if os.Getenv("GOMEMLIMIT") != "" {
			return
		}
		debug.SetMemoryLimit(floorLimit)
		tuning.Store(true)
		armTuner()
	})
}

// sentinel is collected at every garbage collection; its finalizer retunes
// the limit and arms a new one.
type sentinel struct{ _ [16]byte }

func armTuner() {
	s := new(sentinel)
	runtime.SetFinalizer(s, func(*sentinel) {
		if !tuning.Load() {
			return
		}
		tune()
		armTuner()
	})
}

// The live heap, all the memory the runtime holds, and the parts of it that
// are the heap (its objects and the spans around them).
var samples = []metrics.Sample{
	{Name: "/gc/heap/live:bytes"},
	{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/objects:bytes"},
	{Name: "/memory/classes/heap/unused:bytes"},
	{Name: "/memory/classes/heap/free:bytes"},
	{Name: "/memory/classes/heap/released:bytes"},
}
var tuneMu sync.Mutex

// tune sets the soft limit from the live heap of the last collection.
func tune() {
	tuneMu.Lock()
	defer tuneMu.Unlock()
	metrics.Read(samples)
	var v [6]uint64
	for i, m := range samples {
		if m.Value.Kind() != metrics.KindUint64 {
			return
		}
		v[i] = m.Value.Uint64()
	}
	heap := v[2] + v[3] + v[4] + v[5]
	other := uint64(0)
	if v[1] > heap {
		other = v[1] - heap
	}
	debug.SetMemoryLimit(LimitFor(v[0], other))
}
