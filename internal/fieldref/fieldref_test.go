package fieldref

import (
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/schema"
)

// Every type and computed value of the built-in schemas has words in both
// languages (a new type or computation needs its label), and every register
// lists id first and notes last.
func TestBuiltinSchemasDescribed(t *testing.T) {
	set, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"id", "en"} {
		regs := Describe(set, lang)
		if len(regs) != len(set.Registers) {
			t.Fatalf("%d registers described, want %d", len(regs), len(set.Registers))
		}
		for _, r := range regs {
			if len(r.Fields) < 3 || r.Fields[0].Key != "id" || r.Fields[len(r.Fields)-1].Key != "notes" {
				t.Errorf("%s: fields %v", r.Name, r.Fields)
			}
			for i, f := range r.Fields {
				if _, ok := typeLabels[f.Type]; !ok || f.TypeName == "" {
					t.Errorf("%s.%s: type %q has no words in %s", r.Name, f.Key, f.Type, lang)
				}
				if f.Label.ID == "" || f.Label.EN == "" {
					t.Errorf("%s.%s: a label is missing", r.Name, f.Key)
				}
				if i == 0 || i == len(r.Fields)-1 {
					continue
				}
				sf := set.Registers[r.Name].Fields[i-1]
				if _, ok := computedLabels[sf.Computed]; sf.Computed != "" && (!ok || strings.Contains(strings.Join(f.Rules, " "), sf.Computed)) {
					t.Errorf("%s.%s: computed %s has no words in %s: %v", r.Name, f.Key, sf.Computed, lang, f.Rules)
				}
				if len(sf.Values) != len(f.Values) {
					t.Errorf("%s.%s: %d values, want %d", r.Name, f.Key, len(f.Values), len(sf.Values))
				}
			}
		}
	}
	// the document's front matter uses the other types (doc_ref, history, sop)
	for _, f := range set.Document.Fields {
		if _, ok := typeLabels[f.Type]; !ok {
			t.Errorf("front matter %s: type %q has no words", f.Key, f.Type)
		}
	}
}
