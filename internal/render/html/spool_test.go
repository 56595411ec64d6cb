package html_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestZipSpooled: a build whose compressed files go to the spool file past
// the bound (here: from the first byte on) writes the very site.zip of a
// build keeping them in memory, the zip holds the site, and no spool file
// is left in the output.
func TestZipSpooled(t *testing.T) {
	root := smallSite(t)
	mem, _ := renderSite(t, root, "")
	old := output.SpoolAbove
	output.SpoolAbove = 0 // every entry to the spool's file
	spooled, _ := renderSite(t, root, "")
	output.SpoolAbove = old
	zipMatchesSite(t, spooled)
	a, b := testutil.ReadFile(t, filepath.Join(mem, "site.zip")), testutil.ReadFile(t, filepath.Join(spooled, "site.zip"))
	if len(a) < 1000 || !bytes.Equal([]byte(a), []byte(b)) {
		t.Errorf("site.zip spooled (%d bytes) differs from site.zip kept in memory (%d bytes)", len(b), len(a))
	}
	for _, dir := range []string{spooled, filepath.Dir(spooled)} {
		left, err := filepath.Glob(filepath.Join(dir, ".spool-*"))
		if err != nil || len(left) > 0 {
			t.Errorf("spool files left in or beside the output: %v %v", left, err)
		}
	}
}
