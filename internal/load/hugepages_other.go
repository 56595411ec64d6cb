//go:build !linux

package load

import "unsafe"

// adviseHuge is a hint that only Linux takes (see hugepages_linux.go).
func adviseHuge(p unsafe.Pointer, n uintptr) {}
