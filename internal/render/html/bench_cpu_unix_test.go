//go:build unix

package html_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTimes returns the user and system CPU time of the process so far.
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

// reportCPU reports the user and system CPU milliseconds per operation since
// (u0, s0): on a shared machine they vary less than the wall time.
func reportCPU(b *testing.B, u0, s0 time.Duration) {
	u, s := cpuTimes()
	b.ReportMetric(float64(u-u0)/1e6/float64(b.N), "user-ms/op")
	b.ReportMetric(float64(s-s0)/1e6/float64(b.N), "sys-ms/op")
}
