package resolve_test

import (
	"reflect"
	"testing"

	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/testutil"
)

func TestRFCForm(t *testing.T) {
	res, err := pipeline.Run(pipeline.Options{Root: testutil.RepoRoot(t), Today: testutil.Today})
	if err != nil {
		t.Fatal(err)
	}
	reg := res.Site.Registers["changes"]
	rec := reg.ByID["RFC-2026-001"]
	if rec == nil {
		t.Fatal("the example site has no RFC-2026-001")
	}
	// every UI label is looked up by key in the caller's catalogue
	lookup := func(k string) string { return "<" + k + ">" }
	f := resolve.LayoutRFCForm(reg, rec, res.Site.Registers["services"], "id", lookup)

	if f.Title != "<rfc_form_title>" || f.Number != "RFC-2026-001" || f.DateLabel != "<date>" {
		t.Errorf("title %q, number %q, date label %q", f.Title, f.Number, f.DateLabel)
	}
	var keys []string
	for _, s := range f.Sections {
		keys = append(keys, s.Key)
	}
	// the assessment comes before the decision and the signatures
	if want := []string{"kind", "request", "assessment", "decision"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("sections %v, want %v", keys, want)
	}
	type fl struct{ key, label string }
	var req []fl
	for _, x := range f.Sections[1].Fields {
		req = append(req, fl{x.Key, x.Label})
	}
	// the seed's order: Nama, Unit/Bagian, Aplikasi, ..., Uraian (the title), Deskripsi
	want := []fl{{"requested_by", "<name>"}, {"unit", "<rfc_unit>"}, {"application", "<rfc_application>"},
		{"service", "Layanan"}, {"change_type", "Kategori Perubahan"}, {"requested_at", "Tanggal Pengajuan"},
		{"title", "<rfc_summary>"}, {"description", "<rfc_description>"}, {"reason", "Alasan"}}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("request fields %v,\nwant %v", req, want)
	}
	if v := f.Sections[1].Fields[3].Value; v != "SVC-01 — "+res.Site.Registers["services"].Title(res.Site.Registers["services"].ByID["SVC-01"]) {
		t.Errorf("service %q", v)
	}
	var checked []string
	for _, c := range f.Sections[0].Checks {
		if c.Checked {
			checked = append(checked, c.Value)
		}
	}
	if !reflect.DeepEqual(checked, []string{"data_addition"}) || len(f.Sections[0].Checks) != 9 {
		t.Errorf("request kind: %d boxes, ticked %v", len(f.Sections[0].Checks), checked)
	}
	dec := f.Sections[3]
	if dec.Title != "<rfc_accepted>" || len(dec.Checks) != 3 || !dec.Checks[0].Checked || dec.Checks[1].Checked ||
		dec.Fields[0].Label != "<rfc_reason_if_not>" {
		t.Errorf("decision section %+v", dec)
	}
	var sig, dates []string
	for _, s := range f.Signatures {
		sig = append(sig, s.Role+"="+s.Name)
		dates = append(dates, s.Date)
	}
	if want := []string{"<rfc_submitted_by>=Tri Handayani", "<rfc_approved_by>=Andi Pratama", "<rfc_acknowledged_by>=Sri Wahyuni",
		"<rfc_received_by>=Siti Nurhaliza"}; !reflect.DeepEqual(sig, want) {
		t.Errorf("signatures %v, want %v", sig, want)
	}
	// each of the four signature blocks has its own date (acknowledged_at, received_at)
	for i, d := range dates {
		if d == "" {
			t.Errorf("signature %s has no date", sig[i])
		}
	}
	if len(dates) == 4 && (dates[2] != dates[1] || dates[3] == dates[2]) {
		t.Errorf("signature dates %v: want acknowledged on the approval date, received the day after", dates)
	}

	// "Lain-lain" carries the title as its text
	other := *rec
	other.Cells = append(other.Cells[:0:0], rec.Cells...)
	other.SetRaw(reg.Schema.Field("request_kind").Index, "other")
	f = resolve.LayoutRFCForm(reg, &other, nil, "id", lookup)
	for _, c := range f.Sections[0].Checks {
		if c.Value == "other" && (!c.Checked || c.Note != "Pembuatan 120 akun surel dinas untuk CPNS formasi 2026") {
			t.Errorf("other: %+v", c)
		}
	}
}
