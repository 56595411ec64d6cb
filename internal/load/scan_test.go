package load_test

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestLoadedCellsAreNotScanned loads a register of a few thousand records at
// each shape and checks, with the runtime's figure of the heap the collector
// scans, that a record costs the collector its Record (ids, positions, a few
// strings) and not its cells: with 28 to 63 cells of 32 bytes holding a
// string each, a record was over 1,000 scanned bytes.
func TestLoadedCellsAreNotScanned(t *testing.T) {
	if testing.Short() {
		t.Skip("writes three synthetic sites")
	}
	const rows = 3000
	scan := func() int64 {
		runtime.GC()
		s := []metrics.Sample{{Name: "/gc/scan/heap:bytes"}}
		metrics.Read(s)
		return int64(s[0].Value.Uint64())
	}
	today, _ := time.Parse("2006-01-02", synth.Today)
	for _, shape := range synth.Shapes {
		dir := testutil.SynthSite(t, synth.Options{Rows: rows, Seed: 1, Shape: shape})
		before := scan()
		var c diag.Collector
		site, err := load.Load(load.Options{Root: dir, Today: today}, &i18n.Reporter{C: &c})
		if err != nil {
			t.Fatal(err)
		}
		perRow := (scan() - before) / rows
		inc := site.Registers["incidents"]
		if len(inc.Records) != rows || len(c.Findings()) != 0 {
			t.Fatalf("%s: %d records, %d findings", shape, len(inc.Records), len(c.Findings()))
		}
		if perRow > 400 {
			t.Errorf("%s: a loaded record costs %d scanned bytes, want at most 400", shape, perRow)
		}
		runtime.KeepAlive(site)
	}
}
