package schema

// Fuzz targets for the site schema format and the required_when language:
//
//	go test -run='^$' -fuzz=FuzzParseCond -fuzztime=10s ./internal/schema
//	go test -run='^$' -fuzz=FuzzSiteSchema -fuzztime=10s ./internal/schema

import "testing"

func FuzzParseCond(f *testing.F) {
	for _, s := range []string{
		"status in [resolved, closed]", "status == closed and (change_type == emergency or outcome != successful)",
		"utilization_pct >= threshold_pct", "empty email", "not major", "a not in [x]", "((a", "a ==", "in [", "a < 3 or b > c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCond(s)
		if err != nil {
			return
		}
		get := func(k string) (string, bool) {
			switch len(k) % 3 {
			case 0:
				return "", false
			case 1:
				return "3", true
			}
			return "closed", true
		}
		c.Eval(get)
		for _, k := range c.Fields() {
			if !isIdent(k) {
				t.Fatalf("condition %q reads %q, which is no field key", s, k)
			}
		}
	})
}

func FuzzSiteSchema(f *testing.F) {
	for _, s := range []string{
		"name: services\nfields:\n  - key: sla_code\n    pattern: '^SLA-'\n",
		"name: audits\nfields:\n  - {key: a, type: enum, values: [{value: x}]}\n  - {key: b, required_when: \"a == x\", not_before: a}\n",
		"name: incidents\nreplace: true\nfields: []\n",
		"name: x\nfields:\n  - key: a\n    pattern: '('\n",
		"name: Bad Name\n",
		"fields: [~]\n",
	} {
		f.Add([]byte(s))
	}
	base, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRegister(data, "registers/x.schema.yaml")
		if err != nil {
			return
		}
		set := base.Clone()
		if err := set.Merge(r); err != nil {
			return
		}
		got := set.Registers[r.Name]
		if got == nil {
			t.Fatalf("merged register %q is missing", r.Name)
		}
		for i, fl := range got.Fields {
			if fl.Index != i || got.Field(fl.Key) != fl {
				t.Fatalf("field %q: index %d at %d, or not found by key", fl.Key, fl.Index, i)
			}
		}
		if base.Registers["incidents"].Field("priority") == nil {
			t.Fatal("merging changed the built-in schemas")
		}
	})
}
