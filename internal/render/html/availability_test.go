package html_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// A period whose unplanned downtime exceeds its agreed time contradicts
// itself (downtime-exceeds-agreed): no page shows an availability for it, and
// none shows a negative one (100 × (44640 − 52000) / 44640 would be −16.49 %).
func TestNoNegativeAvailability(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"registers/services.csv": "id,name,description,owner,status,service_hours,support_hours\n" +
			"SVC-1,Surel,Layanan surel,Kabid,live,24x7,08-16\n",
		"registers/availability.csv": "id,service,period,target_pct,agreed_minutes,unplanned_downtime_min,actual_pct\n" +
			"AVL-1,SVC-1,2026-10,99.5,44640,30,\n" +
			"AVL-2,SVC-1,2026-11,99.5,44640,52000,\n",
	})
	out, res := renderSite(t, dir, "")
	found := false
	for _, f := range res.Findings {
		if f.Code == "downtime-exceeds-agreed" && f.Record == "AVL-2" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no downtime-exceeds-agreed for AVL-2: %+v", res.Findings)
	}
	negative := regexp.MustCompile(`[-−]\s*16[.,]`)
	err := filepath.WalkDir(filepath.Join(out, "site"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".js") {
			return err
		}
		if m := negative.FindString(testutil.ReadFile(t, p)); m != "" {
			t.Errorf("%s shows a negative availability %q", p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// the computed availability of the sound period is still shown
	if s := testutil.ReadFile(t, filepath.Join(out, "site", "registers", "availability", "AVL-1.html")); !strings.Contains(s, "99,93") && !strings.Contains(s, "99.93") {
		t.Error("AVL-1's computed availability 99.93 is not shown")
	}
}
