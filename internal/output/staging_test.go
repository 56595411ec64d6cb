//go:build unix

package output

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestStagingPublish: updates written into the stage reach the output only
// on Publish, as a whole; after it the stage is the output again (the same
// files), with the exchange and with two renames.
func TestStagingPublish(t *testing.T) {
	for _, renames := range []bool{false, true} {
		name := "exchange"
		if renames {
			name = "renames"
		}
		t.Run(name, func(t *testing.T) {
			if !renames && !exchangeSupported {
				t.Skip("no exchange of folders here")
			}
			defer func(u bool) { useExchange = u }(useExchange)
			useExchange = !renames
			out := filepath.Join(t.TempDir(), "output")
			if err := Run(Context{}, Options{Out: out, Renderers: outputOf(buildA)}); err != nil {
				t.Fatal(err)
			}
			st, err := NewStaging(out)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			want := map[string]string{}
			for k, v := range buildA {
				want[k] = v
			}
			for round, edit := range []map[string]string{{"site/index.html": "A2", "site/new/n.html": "new"}, {"site/index.html": "A3"}} {
				c := &Context{Out: st.Dir(), Live: true}
				for rel, s := range edit {
					if err := c.WriteFile(rel, []byte(s)); err != nil {
						t.Fatal(err)
					}
					want[rel] = s
				}
				if err := c.Remove("site/a.html"); err != nil {
					t.Fatal(err)
				}
				delete(want, "site/a.html")
				if got := files(t, out); round == 0 && !reflect.DeepEqual(got, buildA) {
					t.Fatalf("the output changed before Publish: %v", got)
				}
				swapped := false
				if err := st.Publish(func() { swapped = true }); err != nil {
					t.Fatal(err)
				}
				if !swapped {
					t.Error("Publish did not call back")
				}
				if got := files(t, out); !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d: the output is %v, want %v", round, got, want)
				}
				if got := files(t, st.Dir()); !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d: the stage is %v, want %v", round, got, want)
				}
				if !same(t, filepath.Join(out, "site/index.html"), filepath.Join(st.Dir(), "site/index.html")) {
					t.Error("the stage does not share the output's files")
				}
				if !hasMarker(out) {
					t.Error("the output lost its marker")
				}
			}
			st.Close()
			entries, _ := os.ReadDir(filepath.Dir(out))
			if len(entries) != 1 {
				t.Errorf("left beside the output: %d entries", len(entries))
			}
		})
	}
}
