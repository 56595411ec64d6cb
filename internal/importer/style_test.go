package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestWriteKeepsFileStyle: a register written with Indonesian labels and
// DD/MM/YYYY dates gets a changed status and a new record in that same style
// (never "closed" under "Dalam Penanganan", nor 2026-11-21 under 20/11/2026),
// and reads back to the same canonical values.
func TestWriteKeepsFileStyle(t *testing.T) {
	root := t.TempDir()
	testutil.WriteFile(t, root, "smsgen.yaml", "date_format: DD/MM/YYYY\n")
	testutil.WriteFile(t, root, "registers/incidents.csv", "id,Judul,Waktu Dilaporkan,Pelapor,Layanan,Kategori,Dampak,Urgensi,Prioritas,Status\n"+
		"INC-1,Surel mati,20/11/2026 08:00,Ani,SVC-1,Surel,Tinggi,Tinggi,1,Dalam Penanganan\n"+
		"INC-2,VPN lambat,19/11/2026 09:30,Budi,SVC-1,VPN,Rendah,Rendah,5,Baru\n")
	today := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Lang: "id"})
	if err != nil {
		t.Fatal(err)
	}
	old := res.Site.Registers["incidents"]
	nr := &model.Register{Name: old.Name, Schema: old.Schema, Path: old.Path, Format: old.Format, Delim: old.Delim, Columns: old.Columns, ByID: map[string]*model.Record{}}
	for _, r := range old.Records {
		cp := *r
		cp.Cells = append([]model.Cell(nil), r.Cells...)
		nr.Records = append(nr.Records, &cp)
	}
	st := old.Schema.Field("status").Index
	nr.Records[1].SetRaw(st, "in_progress")
	add := &model.Record{ID: "INC-3", Cells: make([]model.Cell, len(old.Schema.Fields))}
	for k, v := range map[string]string{"title": "Portal", "reported_at": "2026-11-21 10:15", "reported_by": "Citra", "service": "SVC-1",
		"category": "Portal", "impact": "medium", "urgency": "low", "priority": "4", "status": "new"} {
		add.Put(old.Schema.Field(k).Index, v, 0, 0)
	}
	nr.Records = append(nr.Records, add)
	ch := diff(old, nr, "id", false)
	if len(ch.Changed) != 1 || len(ch.Added) != 1 {
		t.Fatalf("diff: %d changed, %d added", len(ch.Changed), len(ch.Added))
	}
	ops, err := writeCSV(root, ch, "id")
	if err != nil {
		t.Fatal(err)
	}
	got := string(ops[0].data)
	want := "id,Judul,Waktu Dilaporkan,Pelapor,Layanan,Kategori,Dampak,Urgensi,Prioritas,Status\n" +
		"INC-1,Surel mati,20/11/2026 08:00,Ani,SVC-1,Surel,Tinggi,Tinggi,1,Dalam Penanganan\n" +
		"INC-2,VPN lambat,19/11/2026 09:30,Budi,SVC-1,VPN,Rendah,Rendah,5,Dalam Penanganan\n" +
		"INC-3,Portal,21/11/2026 10:15,Citra,SVC-1,Portal,Sedang,Rendah,4,Baru\n"
	if got != want {
		t.Fatalf("written:\n%s\nwant:\n%s", got, want)
	}
	// round trip: the file reads back to the canonical values written
	testutil.WriteFile(t, root, "registers/incidents.csv", got)
	res2, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Lang: "id"})
	if err != nil {
		t.Fatal(err)
	}
	back := res2.Site.Registers["incidents"]
	for _, r := range back.Records {
		if r.ID == "INC-3" {
			if v := back.Value(r, "impact"); v != "medium" {
				t.Errorf("impact read back %q", v)
			}
			if c := back.Get(r, "reported_at"); !c.Valid() || c.Time().Format("2006-01-02 15:04") != "2026-11-21 10:15" {
				t.Errorf("reported_at read back %+v", c)
			}
		}
		if r.ID == "INC-2" && back.Value(r, "status") != "in_progress" {
			t.Errorf("status read back %q", back.Value(r, "status"))
		}
	}
	for _, f := range res2.Findings {
		if strings.Contains(f.Code, "invalid") {
			t.Errorf("finding after write: %s %s", f.Code, f.Message)
		}
	}
}
