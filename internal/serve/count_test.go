package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// The terminal log counts in the singular for one: "1 document", "1 warning".
func TestLogCountsSingular(t *testing.T) {
	root := t.TempDir()
	doc := "---\ndoc_id: KEB-1\ntitle: Kebijakan\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\nowner: Kabid\n" +
		"next_review: 2026-01-01\nclassification: internal\n---\n# Kebijakan\n"
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "a.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	log := &testutil.SyncBuffer{}
	s, err := New(Options{Root: root, Out: filepath.Join(t.TempDir(), "out"), Today: today, Version: "test", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if rep := s.Rebuild(Batch{Full: true, Reason: "start"}); !rep.OK {
		t.Fatalf("build failed: %v", rep.Err)
	}
	got := log.String()
	if !strings.Contains(got, ": 1 document, 0 registers; 1 warning\n") {
		t.Errorf("log: %q", got)
	}
}

// The field reference links the registers the site has: adding and removing
// a register re-renders it exactly as a full build does, and an edit that
// keeps the set of registers does not render it.
func TestFieldReferenceFollowsTheRegisters(t *testing.T) {
	root := t.TempDir()
	doc := "---\ndoc_id: KEB-1\ntitle: Kebijakan\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\nowner: Kabid\n" +
		"next_review: 2027-01-01\nclassification: internal\n---\n# Kebijakan\n"
	writeFile(t, root, "content/a.md", doc)
	contacts := "- {id: K-1, name: Rina, position: Kabid, organization: Pusdatin, kind: internal, phone: \"0211234567\"}\n"
	writeFile(t, root, "registers/contacts.yaml", contacts)
	s := newServer(t, root)
	for _, st := range []struct {
		name   string
		do     func()
		paths  []string
		fields bool // fields.html among the changed files
	}{
		{"register added", func() {
			writeFile(t, root, "registers/risks.csv", "id,risk_area,asset_or_service,threat,likelihood,impact,level,owner,treatment,assessed_at,next_review\n"+
				"RSK-1,availability,Surel,Listrik,2,2,4,Kabid,accept,2026-02-01,2027-02-28\n")
		}, []string{"registers/risks.csv"}, true},
		{"record edited", func() { edit(t, root, "registers/contacts.yaml", "name: Rina", "name: Rina A.") },
			[]string{"registers/contacts.yaml"}, false},
		{"register removed", func() {
			if err := os.Remove(filepath.Join(root, "registers", "risks.csv")); err != nil {
				t.Fatal(err)
			}
		}, []string{"registers/risks.csv"}, true},
	} {
		st.do()
		rep := s.Rebuild(Batch{Paths: st.paths})
		if !rep.OK {
			t.Fatalf("%s: rebuild failed: %v, %d errors", st.name, rep.Err, rep.Errors)
		}
		changed := false
		for _, p := range rep.Changed {
			changed = changed || p == "fields.html"
		}
		if changed != st.fields {
			t.Errorf("%s: fields.html changed %v, want %v (changed: %v)", st.name, changed, st.fields, rep.Changed)
		}
		want, _ := fullBuild(t, root)
		sameTree(t, s.Out(), want)
	}
}
