package schema_test

import (
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/schema"
)

func merged(t *testing.T, src string) (*schema.Register, error) {
	t.Helper()
	b, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set := b.Clone()
	r, err := schema.ParseRegister([]byte(src), "registers/x.schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := set.Merge(r); err != nil {
		return nil, err
	}
	return set.Registers[r.Name], nil
}

// computed is refused where it could never agree with its figure.
func TestComputedRefused(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown kind", "name: risks\nfields:\n  - {key: level, type: integer, computed: magic}\n", `unknown "magic"`},
		{"text field", "name: risks\nfields:\n  - {key: level, type: text, computed: risk_level}\n", "type text holds no figure"},
		{"list", "name: risks\nfields:\n  - {key: level, type: integer, list: true, computed: risk_level}\n", "list"},
		{"enum without numbers", "name: incidents\nfields:\n  - key: priority\n    type: enum\n    computed: priority_matrix\n    values: [{value: p1, en: Urgent}]\n", `enum value "p1" has no number`},
		{"inputs missing", "name: inspections\nreplace: true\nfields:\n  - {key: score, type: integer, computed: risk_level}\n", `needs field "likelihood"`},
		{"input of the wrong type", "name: risks\nfields:\n  - {key: likelihood, type: text}\n", `needs field "likelihood" of type integer or number, not text`},
		{"id header taken by a field", "name: incidents\nid_headers: [Judul]\n", `already a header of field "title"`},
		{"empty null token", "name: incidents\nnull_tokens: [\" \"]\n", "empty token"},
	} {
		_, err := merged(t, tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

// An enum priority compares through the number its values or labels start with.
func TestComputedEnumNumber(t *testing.T) {
	r, err := merged(t, "name: incidents\nfields:\n  - key: priority\n    type: enum\n    computed: priority_matrix\n    values:\n"+
		"      - {value: critical, id: \"1 - Kritis\", en: \"1 - Critical\"}\n      - {value: \"2\", id: Tinggi}\n      - {value: p3, en: \"3. Moderate\"}\n")
	if err != nil {
		t.Fatal(err)
	}
	f := r.Field("priority")
	for v, want := range map[string]float64{"critical": 1, "2": 2, "p3": 3} {
		if n, ok := f.EnumNumber(v); !ok || n != want {
			t.Errorf("EnumNumber(%q) = %v, %v; want %v", v, n, ok, want)
		}
	}
	if _, err := merged(t, "name: incidents\nfields:\n  - key: priority\n    type: enum\n    computed: priority_matrix\n    values: [{value: a, en: \"10.5 x\"}]\n"); err == nil {
		t.Error("a decimal number accepted as an enum's number")
	}
}

// id_label and id_headers name the id column; null tokens read as empty.
func TestIDHeadersAndNullTokens(t *testing.T) {
	r, err := merged(t, "name: incidents\nid_label: {id: Nomor Insiden, en: Number}\nid_headers: [sys id]\nnull_tokens: [\"?\", N/A]\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"number", "Nomor  Insiden", "SYS ID", "id", "no"} {
		if _, key, ok := r.HeaderField(h); !ok || key != "id" {
			t.Errorf("header %q: %q, %v", h, key, ok)
		}
	}
	if r.FieldName("id", "en") != "Number" || r.FieldName("id", "id") != "Nomor Insiden" || r.FieldName("reported_at", "id") != "Waktu Dilaporkan" {
		t.Errorf("field names: %q %q %q", r.FieldName("id", "en"), r.FieldName("id", "id"), r.FieldName("reported_at", "id"))
	}
	for s, want := range map[string]bool{"?": true, "n/a": true, " N/A ": true, "-": false, "": false, "NA": false} {
		if r.IsNull(s) != want {
			t.Errorf("IsNull(%q) = %v", s, !want)
		}
	}
}

// Conditions read in words, with labels for fields and enum values.
func TestCondText(t *testing.T) {
	b, _ := schema.Builtin()
	inc := b.Registers["incidents"]
	for _, tc := range []struct{ cond, lang, want string }{
		{"status in [resolved, closed]", "id", "Status salah satu dari [Terselesaikan, Ditutup]"},
		{"status != new", "en", "Status ≠ New"},
		{"security", "id", "Insiden Keamanan Informasi"},
		{"empty resolution and status == closed", "en", "no Resolution and Status = Closed"},
		{"resolution or assignee", "id", "Penyelesaian terisi atau Petugas terisi"},
	} {
		if got := inc.CondText(tc.cond, tc.lang); got != tc.want {
			t.Errorf("CondText(%q, %s) = %q, want %q", tc.cond, tc.lang, got, tc.want)
		}
	}
}

// The style of a column is the form most of its cells are written in.
func TestColumnStyle(t *testing.T) {
	b, _ := schema.Builtin()
	inc := b.Registers["incidents"]
	st, at := inc.Field("status"), inc.Field("reported_at")
	s := schema.DetectStyle(st, []string{"Baru", "Dalam Penanganan", "resolved", ""})
	if got := s.Render(st, "closed"); got != "Ditutup" {
		t.Errorf("labels: %q", got)
	}
	if got := schema.DetectStyle(st, []string{"new", "Baru"}).Render(st, "closed"); got != "closed" {
		t.Errorf("a tie keeps keys: %q", got)
	}
	if got := schema.DetectStyle(st, []string{"New", "In progress"}).Render(st, "closed"); got != "Closed" {
		t.Errorf("English labels: %q", got)
	}
	d := schema.DetectStyle(at, []string{"21-11-2026 08:00", "2026-11-20 09:00", "19-11-2026 10:00"})
	if got := d.Render(at, "2026-11-22 07:05"); got != "22-11-2026 07:05" {
		t.Errorf("dates: %q", got)
	}
	if got := schema.DetectStyle(at, nil).Render(at, "2026-11-22 07:05"); got != "2026-11-22 07:05" {
		t.Errorf("no rows keeps ISO: %q", got)
	}
}
