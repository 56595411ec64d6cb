package check_test

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/check"
)

func TestZZHeap(t *testing.T) {
	root := os.Getenv("PHASE_ROOT")
	if root == "" {
		t.Skip()
	}
	today, _ := time.Parse("2006-01-02", "2026-11-21")
	res, err := check.Run(check.Options{Root: root, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	f, _ := os.Create(os.Getenv("HEAP_OUT"))
	pprof.WriteHeapProfile(f)
	f.Close()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("live heap %d MiB, %d docs", ms.HeapAlloc>>20, len(res.Site.Documents))
	runtime.KeepAlive(res)
}
