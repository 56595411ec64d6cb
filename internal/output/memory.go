package output

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// The memory policy of smsgen, in this one place: a soft memory limit keeps
// the peak of large builds bounded (the collector works harder near it
// instead of letting the heap double). The GOMEMLIMIT and GOGC environment
// variables always win over it.
const (
	// memLimit bounds loading, validation and Excel output.
	memLimit = 256 << 20
	// pdfMemLimit applies while PDFs render: the audit pack holds every page
	// in memory until it is written.
	pdfMemLimit = 220 << 20
	// liftAbove is the live heap above which an HTML build runs without a
	// limit: the HTML renderer of a site whose model alone is that large (a
	// register of some 100,000 records, each with a page) holds more than the
	// limit live, and a limit below the live heap only makes the collector
	// run without pause (2× the wall time, measured).
	liftAbove = 128 << 20
	// gcPercent applies below the limit: a build allocates much short-lived
	// garbage around the live site model, and collecting it at every
	// doubling of the heap cost about a tenth of a build of 1,000 documents.
	gcPercent = 400
)

// MemoryPolicy sets the soft memory limit and GOGC for what comes next:
// rendering the named outputs (html, pdf, xlsx), or, with none, loading and
// validating (the start of every command).
func MemoryPolicy(rendering []string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	setGC := func(p int) {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(p)
		}
	}
	has := map[string]bool{}
	for _, n := range rendering {
		has[n] = true
	}
	if has["html"] {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > liftAbove {
			debug.SetMemoryLimit(math.MaxInt64)
			setGC(100)
			return
		}
	}
	if has["pdf"] {
		debug.SetMemoryLimit(pdfMemLimit)
	} else {
		debug.SetMemoryLimit(memLimit)
	}
	setGC(gcPercent)
}
