package schema

import (
	"strings"
	"testing"
)

// TestExtendLeavesBuiltinAlone: a site's rows extend copies; the shared
// built-in frameworks (one set per process, read by every site) never change.
func TestExtendLeavesBuiltinAlone(t *testing.T) {
	set, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	iso := set.Framework("iso20000")
	before := len(iso.Requirements)
	maps := strings.Join(iso.Requirement("8.7.3").MapsTo, ",")
	rows := []SiteRequirement{
		{Framework: "iso20000", Requirement: Requirement{ID: "8.7.3", MapsTo: []string{"iso27001:A.5.1"}}},
		{Framework: "iso20000", Requirement: Requirement{ID: "8.9", Title: Label{ID: "Tambahan"}, Parent: "8"}},
		{Framework: "iso27001", FrameworkTitle: "ISO/IEC 27001", Requirement: Requirement{ID: "A.5.1", Title: Label{EN: "Policies"}}},
	}
	out := Extend(set.Frameworks, rows)
	if len(iso.Requirements) != before || strings.Join(iso.Requirement("8.7.3").MapsTo, ",") != maps || iso.Requirement("8.9") != nil {
		t.Fatal("Extend changed the built-in iso20000")
	}
	var got, site *Framework
	for _, f := range out {
		switch f.Name {
		case "iso20000":
			got = f
		case "iso27001":
			site = f
		}
	}
	if got == nil || got == iso || got.Requirement("8.9") == nil || got.Requirement("8.9").Parent != "8" {
		t.Fatalf("the site's iso20000 lacks the added 8.9: %+v", got)
	}
	if m := got.Requirement("8.7.3").MapsTo; len(m) == 0 || m[len(m)-1] != "iso27001:A.5.1" {
		t.Errorf("8.7.3 maps_to %v, want the site's crosswalk added", m)
	}
	if site == nil || !site.Site || site.Title.In("id") != "ISO/IEC 27001" || site.Requirement("A.5.1") == nil {
		t.Errorf("site framework iso27001: %+v", site)
	}
	if len(out) != len(set.Frameworks)+1 {
		t.Errorf("%d frameworks, want the built-in ones and iso27001", len(out))
	}
}
