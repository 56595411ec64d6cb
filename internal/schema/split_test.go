package schema

import (
	"reflect"
	"testing"
)

// The combined columns of the seeds' tables split into the fields they label.
func TestSplitText(t *testing.T) {
	set, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	contact := set.Registers["contacts"].Field("contact")
	strategy := set.Registers["continuity"].Field("backup_strategy")
	if contact == nil || strategy == nil {
		t.Fatal("contacts.contact or continuity.backup_strategy missing")
	}
	for _, c := range []struct {
		f    *Field
		in   string
		want map[string]string
	}{
		{contact, "Email : budi.s@gmail.com No Hp: 0877777777", map[string]string{"email": "budi.s@gmail.com", "phone": "0877777777"}},
		{contact, "no hp:0812, e-mail: a@b.go.id", map[string]string{"email": "a@b.go.id", "phone": "0812"}},
		{contact, "HP: 0812", map[string]string{"phone": "0812"}},      // "HP" alone, not only inside "No HP"
		{contact, "Email : ? No Hp:", map[string]string{"email": "?"}}, // an empty part fills nothing
		{contact, "budi.s@gmail.com", map[string]string{}},             // no label: nothing to split
		{contact, "Whatsapp: 0812", map[string]string{}},               // a label the field does not name
		{strategy, "Daily : ?\nWeekly : ?\nKemungkinan Data hilang : ?", map[string]string{"backup_daily": "?", "backup_weekly": "?", "rpo": "?"}},
		{strategy, "Daily : full 01.00 Weekly : DRC Kemungkinan  data HILANG : 24 jam", map[string]string{"backup_daily": "full 01.00", "backup_weekly": "DRC", "rpo": "24 jam"}},
	} {
		if got := c.f.SplitText(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q: got %v, want %v", c.f.Key, c.in, got, c.want)
		}
	}
}

// A split that names no other field of the register is a schema error.
func TestSplitSchemaErrors(t *testing.T) {
	for _, src := range []string{
		"name: x\nfields:\n  - {key: a, split: [{field: b, labels: [B]}]}\n",
		"name: x\nfields:\n  - {key: a, split: [{field: a, labels: [A]}]}\n",
		"name: x\nfields:\n  - {key: a, split: [{field: b, labels: []}]}\n  - {key: b}\n",
		"name: x\nfields:\n  - {key: a, split: [{field: b, labels: [\" \"]}]}\n  - {key: b}\n",
	} {
		r, err := ParseRegister([]byte(src), "test")
		if err == nil {
			err = r.prepare()
		}
		if err == nil {
			t.Errorf("no error for %q", src)
		}
	}
}
