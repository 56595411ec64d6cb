package resolve_test

import (
	"testing"

	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestVolumes: a register within the bounds is one volume, its own PDF; a
// larger one is cut into volumes of at most the bound of records, or of
// text, in record order, every record in exactly one; the first keeps the
// register's PDF, the others are named by the one allocation.
func TestVolumes(t *testing.T) {
	site := load(t, testutil.ExampleSite(t), testutil.Today)
	facts := resolve.Run(site, "", testutil.Today)
	inc := site.Registers["incidents"]
	if len(inc.Records) < 30 {
		t.Fatalf("the example has %d incidents; the test needs 30 or more", len(inc.Records))
	}
	for _, name := range site.RegisterNames() {
		vs := facts.Volumes(name)
		if len(vs) != 1 || vs[0].From != 0 || vs[0].To != len(site.Registers[name].Records) || vs[0].PDF != facts.Names.RegisterPDF(name) {
			t.Errorf("%s by default: volumes %+v, want one, the register's own PDF", name, vs)
		}
	}
	if facts.VolumeRecordsBound() != resolve.VolumeRecords {
		t.Errorf("default bound %d, want %d", facts.VolumeRecordsBound(), resolve.VolumeRecords)
	}

	check := func(what string, vs []resolve.Volume, most func(from, to int) bool) {
		t.Helper()
		next := 0
		for i, v := range vs {
			if v.N != i+1 || v.From != next || v.To <= v.From || !most(v.From, v.To) {
				t.Errorf("%s: volume %d is %+v after record %d", what, i+1, v, next)
			}
			want := facts.Names.RegisterVolumePDF("incidents", v.N)
			if v.PDF != want || (v.N == 1) != (v.PDF == "pdf/registers/incidents.pdf") {
				t.Errorf("%s: volume %d is named %s, want %s", what, v.N, v.PDF, want)
			}
			next = v.To
		}
		if next != len(inc.Records) {
			t.Errorf("%s: the volumes end at record %d of %d", what, next, len(inc.Records))
		}
	}
	facts.SetVolumeBounds(10, 0)
	vs := facts.Volumes("incidents")
	if want := (len(inc.Records) + 9) / 10; len(vs) != want {
		t.Errorf("%d incidents in volumes of 10: %d volumes, want %d", len(inc.Records), len(vs), want)
	}
	check("10 records", vs, func(from, to int) bool { return to-from == 10 || to == len(inc.Records) })
	if vs[1].PDF != "pdf/registers/volumes/incidents-2.pdf" {
		t.Errorf("volume 2 is %s", vs[1].PDF)
	}
	if facts.VolumeRecordsBound() != 10 {
		t.Errorf("bound %d, want 10", facts.VolumeRecordsBound())
	}

	// a bound of text: a volume ends once its records hold that many bytes
	size := func(i int) int {
		rec := inc.Records[i]
		n := len(rec.ID) + len(rec.Notes)
		for i := range rec.Cells {
			n += len(rec.Raw(i))
		}
		return n
	}
	const bytes = 2000
	facts.SetVolumeBounds(0, bytes)
	vs = facts.Volumes("incidents")
	if len(vs) < 2 {
		t.Fatalf("44 incidents in volumes of %d bytes: %d volumes", bytes, len(vs))
	}
	check("2000 bytes", vs, func(from, to int) bool {
		n := 0
		for i := from; i < to-1; i++ {
			n += size(i)
		}
		return n < bytes && (to == len(inc.Records) || n+size(to-1) >= bytes)
	})
}
