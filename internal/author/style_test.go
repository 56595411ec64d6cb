package author_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/author"
	"github.com/smsgen/smsgen/internal/testutil"
)

// A new record in a CSV register written with labels and DD/MM/YYYY dates is
// written the same way (Baru, 21/11/2026 00:00, not new and 2026-11-21), lines
// up with a column no field reads, and reads back to the canonical values.
func TestNewRecordKeepsFileStyle(t *testing.T) {
	root := t.TempDir()
	testutil.WriteFile(t, root, "smsgen.yaml", "date_format: DD/MM/YYYY\n")
	const file = "id;Judul;Waktu Dilaporkan;Lokasi;Pelapor;Layanan;Kategori;Dampak;Urgensi;Prioritas;Status\n" +
		"INC-2026-0001;Surel mati;20/11/2026 08:00;Gedung A;Ani;SVC-1;Surel;Tinggi;Tinggi;1;Dalam Penanganan\n"
	testutil.WriteFile(t, root, "registers/incidents.csv", file)
	res := run(t, root)
	out, err := author.New(res.Site, "incidents", "", author.Options{Today: today, Lang: "id"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	want := file + out.ID + ";;21/11/2026 00:00;;;;;;;;Baru\n"
	if string(b) != want {
		t.Fatalf("written:\n%s\nwant:\n%s", b, want)
	}
	after := run(t, root)
	reg := after.Site.Registers["incidents"]
	rec := reg.ByID[out.ID]
	if rec == nil {
		t.Fatalf("record %s not loaded", out.ID)
	}
	if reg.Value(rec, "status") != "new" || !reg.Get(rec, "reported_at").Valid() || reg.Get(rec, "reported_at").Time().Format("2006-01-02") != "2026-11-21" {
		t.Errorf("read back: status %q, reported_at %+v", reg.Value(rec, "status"), reg.Get(rec, "reported_at"))
	}
	for _, f := range after.Findings {
		if f.Record == out.ID && strings.HasPrefix(f.Code, "invalid") || f.Code == "csv-ragged-row" {
			t.Errorf("finding after new: %s %s", f.Code, f.Message)
		}
	}
}
