package serve

import (
	"fmt"
	"net"
	"strings"
)

// DefaultAddr is where serve listens unless told otherwise.
const DefaultAddr = "127.0.0.1:2000"

// CheckAddr checks a listen address. The host must be named: an empty host
// (":8080") would listen on every network interface and is refused. A
// loopback host (127.0.0.1, ::1, localhost) serves this computer only; a
// named non-loopback host is allowed with a warning (returned), since the
// preview has no authentication and shows every document.
func CheckAddr(addr string) (loopback bool, warning string, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false, "", fmt.Errorf("--addr %q: want HOST:PORT, e.g. --addr %s", addr, DefaultAddr)
	}
	if port == "" {
		return false, "", fmt.Errorf("--addr %q: no port; e.g. --addr %s:2000", addr, hostOr(host))
	}
	if host == "" {
		return false, "", fmt.Errorf("--addr %q names no host, which would listen on every network interface; "+
			"name one: --addr 127.0.0.1:%s (this computer only), or, to show the preview to other computers, "+
			"an address of this computer such as --addr 0.0.0.0:%s (no password protects it)", addr, port, port)
	}
	if isLoopbackHost(host) {
		return true, "", nil
	}
	return false, fmt.Sprintf("serving on %s, which is not a loopback address: anyone who can reach it can read "+
		"every document and record of the site (there is no password); use --addr 127.0.0.1:%s to keep it on this computer", addr, port), nil
}

func hostOr(h string) string {
	if h == "" {
		return "127.0.0.1"
	}
	return h
}

// isLoopbackHost reports whether host is a loopback address or localhost
// (whose addresses are all loopback).
func isLoopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip := net.ParseIP(strings.Trim(h, "[]")); ip != nil {
		return ip.IsLoopback()
	}
	ips, err := net.LookupIP(h)
	if err != nil || len(ips) == 0 {
		return false
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return false
		}
	}
	return true
}
