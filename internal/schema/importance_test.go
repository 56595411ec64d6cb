package schema_test

import (
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/schema"
)

// TestImportance: the built-in incident register ranks Prioritas before
// Kanal and the title first; a negative importance is refused.
func TestImportance(t *testing.T) {
	set, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	inc := set.Registers["incidents"]
	title, prio, channel := inc.Field("title"), inc.Field("priority"), inc.Field("channel")
	if title.Importance != 1 || prio.Importance == 0 || channel.Importance == 0 || prio.Importance >= channel.Importance {
		t.Errorf("importance: title %d, priority %d, channel %d; want title 1 and priority before channel",
			title.Importance, prio.Importance, channel.Importance)
	}
	if inc.Field("actions").Importance != 0 {
		t.Error("the free text of actions is ranked: it belongs to the record details")
	}
	// every built-in register ranks some fields, each rank used once
	for name, r := range set.Registers {
		seen := map[int]string{}
		for _, f := range r.Fields {
			if f.Importance == 0 {
				continue
			}
			if other, dup := seen[f.Importance]; dup {
				t.Errorf("%s: %s and %s share importance %d", name, other, f.Key, f.Importance)
			}
			seen[f.Importance] = f.Key
		}
		if len(seen) == 0 {
			t.Errorf("%s ranks no field", name)
		}
	}
	r, err := schema.ParseRegister([]byte("name: things\nlabel: {id: Barang, en: Things}\nfields:\n  - key: name\n    importance: -1\n"), "registers/things.schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err = set.Clone().Merge(r); err == nil || !strings.Contains(err.Error(), "importance") {
		t.Errorf("importance -1: %v", err)
	}
}
