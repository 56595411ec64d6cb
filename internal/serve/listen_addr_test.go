package serve

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/testutil"
)

// serve prints the address it actually listens on: 127.0.0.2 stays 127.0.0.2
// (it was printed as 127.0.0.1, a different address).
func TestPrintsTheAddressListenedOn(t *testing.T) {
	probe, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 is not a local address here: %v", err)
	}
	probe.Close()
	var log testutil.SyncBuffer
	logged := log.String
	s, err := New(Options{Root: t.TempDir(), Out: filepath.Join(t.TempDir(), "out"), Today: today, Version: "test",
		Log: &log, Addr: "127.0.0.2:0"})
	if err != nil {
		t.Fatal(err)
	}
	stop := start(t, s)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logged(), "serving") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logged())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	out := logged()
	if !strings.Contains(out, "http://127.0.0.2:") || strings.Contains(out, "127.0.0.1") {
		t.Errorf("serve does not print the address it listens on:\n%s", out)
	}
}

func TestDisplayAddr(t *testing.T) {
	for _, c := range []struct {
		a    net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("127.0.0.2"), Port: 2000}, "127.0.0.2:2000"},
		{&net.TCPAddr{IP: net.ParseIP("::ffff:127.0.0.1"), Port: 80}, "127.0.0.1:80"},
		{&net.TCPAddr{IP: net.ParseIP("::1"), Port: 2000}, "[::1]:2000"},
		{&net.TCPAddr{IP: net.ParseIP("192.168.1.5"), Port: 8080}, "192.168.1.5:8080"},
	} {
		if got := displayAddr(c.a); got != c.want {
			t.Errorf("displayAddr(%v) = %s, want %s", c.a, got, c.want)
		}
	}
}
