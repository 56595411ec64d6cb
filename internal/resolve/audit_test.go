package resolve_test

import (
	"sort"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestAuditSummary: the counts of every register add up to its records, the
// months cover the default period (the 12 months up to today), the records of
// the period are the dated ones inside it, newest first, and a new period
// recomputes them.
func TestAuditSummary(t *testing.T) {
	site := load(t, testutil.ExampleSite(t), testutil.Today)
	facts := resolve.Run(site, "", testutil.Today)
	want := resolve.Period{From: time.Date(2025, 11, 22, 0, 0, 0, 0, time.UTC), To: testutil.Today}
	if facts.Period != want {
		t.Fatalf("default period %v, want %v", facts.Period, want)
	}
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		a := facts.Audit(name)
		if a.Total != len(reg.Records) {
			t.Errorf("%s: total %d, want %d", name, a.Total, len(reg.Records))
		}
		for _, counts := range [][]resolve.Count{a.ByStatus, a.ByPriority} {
			if n := sum(counts); len(counts) > 0 && n != a.Total {
				t.Errorf("%s: counts add up to %d, want %d", name, n, a.Total)
			}
		}
		if got := len(a.InPeriod) + a.Before + a.After + a.Undated; got != a.Total {
			t.Errorf("%s: in period %d + outside %d + undated %d != %d", name, len(a.InPeriod), a.Before+a.After, a.Undated, a.Total)
		}
		if !a.Dated {
			continue
		}
		if len(a.ByMonth) != 13 || a.ByMonth[0].Month != time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC) {
			t.Errorf("%s: months %v, want November 2025 to November 2026", name, a.ByMonth)
		}
		n := 0
		for _, m := range a.ByMonth {
			n += m.N
		}
		if n != len(a.InPeriod) {
			t.Errorf("%s: months add up to %d, want %d records in the period", name, n, len(a.InPeriod))
		}
		df := reg.Schema.Field(reg.Schema.DateField)
		if !sort.SliceIsSorted(a.InPeriod, func(i, j int) bool {
			return a.InPeriod[i].Cells[df.Index].Time().After(a.InPeriod[j].Cells[df.Index].Time())
		}) {
			t.Errorf("%s: records of the period not newest first", name)
		}
	}
	inc := facts.Audit("incidents")
	if inc.Total != 44 || len(inc.InPeriod) != 44 || inc.PriorityKey != "priority" || inc.StatusKey != "status" {
		t.Fatalf("incidents: %d records, %d in the period, priority %q, status %q", inc.Total, len(inc.InPeriod), inc.PriorityKey, inc.StatusKey)
	}
	// June 2026 only
	facts.SetPeriod(resolve.Period{From: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)})
	inc = facts.Audit("incidents")
	if len(inc.ByMonth) != 1 || inc.ByMonth[0].N != len(inc.InPeriod) || len(inc.InPeriod) == 0 {
		t.Fatalf("June: months %v, %d records", inc.ByMonth, len(inc.InPeriod))
	}
	if inc.Before == 0 || inc.After == 0 {
		t.Errorf("June: %d before, %d after the period; the example has both", inc.Before, inc.After)
	}
	for _, rec := range inc.InPeriod {
		if m := site.Registers["incidents"].Get(rec, "reported_at").Time().Month(); m != time.June {
			t.Errorf("%s in June's period is of %v", rec.ID, m)
		}
	}
	// a period of centuries counts the months that have records, not every month
	facts.SetPeriod(resolve.Period{From: time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(3000, 12, 31, 0, 0, 0, 0, time.UTC)})
	inc = facts.Audit("incidents")
	if len(inc.InPeriod) != 44 || len(inc.ByMonth) == 0 || len(inc.ByMonth) > 12 {
		t.Errorf("a long period: %d records, %d months", len(inc.InPeriod), len(inc.ByMonth))
	}
}

func sum(cs []resolve.Count) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

// TestAuditExceptions: open majors, overdue items of open records, breaches
// of target (below an availability target, above a capacity threshold),
// failed changes and tests, and emergency changes are exceptions, by kind; a
// closed major and a record within its limits are not.
func TestAuditExceptions(t *testing.T) {
	root := testutil.Site(t, `
-- registers/incidents.csv --
id,title,reported_at,reported_by,service,category,impact,urgency,priority,assignee,actions,resolution,resolved_at,closed_at,major,major_owner,management_informed_at,major_review,status
INC-1,Surel mati,2026-11-01 08:00,Budi,SVC-01,Surel,high,high,1,Andi,,,,,true,Andi,2026-11-01 08:30,,in_progress
INC-2,Surel lambat,2026-10-01 08:00,Budi,SVC-01,Surel,high,high,1,Andi,Memeriksa,Selesai,2026-10-01 10:00,2026-10-02 10:00,true,Andi,2026-10-01 08:30,Ditinjau,closed
INC-3,Printer,2026-10-05 08:00,Budi,SVC-01,Cetak,low,low,5,Andi,,,,,false,,,,in_progress
-- registers/capacity.csv --
id,service,resource_type,resource,utilization_pct,threshold_pct,forecast,action,review_date
CAP-1,SVC-01,technical,Disk,91,80,Naik,Tambah disk,2026-10-30
CAP-2,SVC-01,technical,CPU,50,80,Tetap,,2026-10-30
-- registers/availability.csv --
id,service,period,target_pct,agreed_minutes,unplanned_downtime_min,investigation
AVL-1,SVC-01,2026-10,99.5,44640,600,Disk rusak
AVL-2,SVC-01,2026-09,99.5,44640,0,
-- registers/continuity_tests.csv --
id,plan,test_date,test_type,result,findings,actions
BCT-1,BCP-01,2026-09-01,tabletop,fail,Kontak usang,Perbarui kontak
BCT-2,BCP-01,2026-10-01,tabletop,pass,,
-- registers/suppliers.csv --
Nomor;Nama Penyedia;Jenis;Nomor Kontrak;Ruang Lingkup;Target/Kewajiban;Wewenang dan Tanggung Jawab;Pengelola Hubungan;Akhir Kontrak;Evaluasi Kinerja Terakhir
SUP-1;PT A;Eksternal;K-1;Jaringan;99%;Memantau;Hendra;2026-10-31;2026-10-08
SUP-2;PT B;Eksternal;K-2;Jaringan;99%;Memantau;Hendra;2027-10-31;2026-10-08
`)
	site := load(t, root, testutil.Today)
	facts := resolve.Run(site, "", testutil.Today)
	got := map[string][]string{}
	for _, name := range site.RegisterNames() {
		for _, e := range facts.Audit(name).Exceptions {
			got[name] = append(got[name], e.Kind+" "+e.Record.ID)
		}
	}
	want := map[string][]string{
		"incidents":        {"open_major INC-1"},
		"capacity":         {"breach CAP-1"},
		"availability":     {"breach AVL-1"},
		"continuity_tests": {"failed BCT-1"},
		"suppliers":        {"overdue SUP-1"},
	}
	for name, w := range want {
		if !equal(got[name], w) {
			t.Errorf("%s: exceptions %v, want %v", name, got[name], w)
		}
	}

	// the example: its two emergency changes, in record order
	ex := load(t, testutil.ExampleSite(t), testutil.Today)
	var em []string
	for _, e := range resolve.Run(ex, "", testutil.Today).Audit("changes").Exceptions {
		if e.Kind == resolve.ExEmergency {
			em = append(em, e.Record.ID)
		}
	}
	if !equal(em, []string{"RFC-2026-004", "RFC-2026-005"}) {
		t.Errorf("emergency changes of the example: %v", em)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
