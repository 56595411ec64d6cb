//go:build !unix

package html_test

import (
	"testing"
	"time"
)

func cpuTimes() (user, sys time.Duration) { return 0, 0 }

func reportCPU(b *testing.B, u0, s0 time.Duration) {}
