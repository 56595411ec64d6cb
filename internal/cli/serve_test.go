package cli

import (
	"bytes"
	"strings"
	"testing"
)

// serve refuses an address with no host (every interface) and says how to name one.
func TestServeRefusesUnnamedHost(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main([]string{"serve", "--root", t.TempDir(), "--addr", ":8080"}, &out, &errb)
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, errb.String())
	}
	if msg := errb.String(); !strings.Contains(msg, "--addr 127.0.0.1:8080") || !strings.Contains(msg, "every network interface") {
		t.Fatalf("the refusal does not tell how to name a host:\n%s", msg)
	}
	errb.Reset()
	if code := Main([]string{"serve", "--root", t.TempDir(), "--only", "html,docx"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "docx") {
		t.Fatalf("unknown output: exit %d\n%s", code, errb.String())
	}
}
