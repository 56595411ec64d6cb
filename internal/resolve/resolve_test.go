package resolve_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/check"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/testutil"
)

func load(t *testing.T, root string, today time.Time) *model.Site {
	t.Helper()
	res, err := check.Run(check.Options{Root: root, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	return res.Site
}

// TestOverdueAgreesWithValidation: the overdue items are those validation
// warns about (past_warning codes and continuity tests), item for item.
func TestOverdueAgreesWithValidation(t *testing.T) {
	root := testutil.ExampleSite(t)
	later := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	res, err := check.Run(check.Options{Root: root, Today: later})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{"continuity-test-overdue": true}
	for _, f := range res.Site.Schemas.Document.Fields {
		if f.PastWarning != "" {
			codes[f.PastWarning] = true
		}
	}
	for _, reg := range res.Site.Registers {
		for _, f := range reg.Schema.Fields {
			if f.PastWarning != "" {
				codes[f.PastWarning] = true
			}
		}
	}
	var want, got []string
	for _, f := range res.Findings {
		if codes[f.Code] {
			want = append(want, f.File+" "+f.Record+" "+f.Code)
		}
	}
	facts := resolve.Run(res.Site, "", later)
	for _, o := range facts.Overdue {
		if o.Doc != nil {
			got = append(got, o.Doc.Path+" "+o.Doc.DocID+" "+o.Code)
		} else {
			got = append(got, o.Record.Pos.File+" "+o.Record.ID+" "+o.Code)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if len(want) == 0 {
		t.Fatal("no overdue warnings in 2028: the test checks nothing")
	}
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("validation warns about\n%s\nresolve lists\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
}

// TestRecordFacts: closed states come from the schema, back-references list
// every referencing record, computed values fill what is not given.
func TestRecordFacts(t *testing.T) {
	site := load(t, testutil.ExampleSite(t), testutil.Today)
	facts := resolve.Run(site, "", testutil.Today)
	inc := site.Registers["incidents"]
	closed := map[string]bool{"resolved": true, "closed": true, "cancelled": true}
	open := 0
	for _, rec := range inc.Records {
		st := inc.Value(rec, "status")
		if got := facts.Register("incidents").Closed(rec); got != closed[st] {
			t.Errorf("%s (status %s): closed %v", rec.ID, st, got)
		}
		if !closed[st] {
			open++
		}
		svc := inc.Value(rec, "service")
		found := false
		for _, b := range facts.Register("services").BackRefs[svc] {
			found = found || (b.Register == "incidents" && b.Record == rec && b.Field.Key == "service")
		}
		if svc != "" && !found {
			t.Errorf("%s: no back-reference from service %s", rec.ID, svc)
		}
		if p, ok := facts.Value(inc, rec, "priority"); !ok || p < 1 || p > 5 {
			t.Errorf("%s: priority %v %v", rec.ID, p, ok)
		}
	}
	if open == 0 || open == len(inc.Records) {
		t.Fatalf("%d of %d incidents open: the example should hold both", open, len(inc.Records))
	}
	if facts.Register("assets").HasState {
		t.Error("assets have no closed states in their schema")
	}
}

// TestLanguages: a document's own language wins over the build's.
func TestLanguages(t *testing.T) {
	root := testutil.Site(t, `-- content/a.md --
---
doc_id: A-1
title: A
doc_type: policy
version: "1.0"
status: draft
owner: X
next_review: 2027-01-01
classification: internal
language: en
---
# A
-- content/b.md --
---
doc_id: B-1
title: B
doc_type: policy
version: "1.0"
status: draft
owner: X
next_review: 2027-01-01
classification: internal
---
# B
`)
	site := load(t, root, testutil.Today)
	for _, c := range []struct{ build, a, b string }{{"", "en", "id"}, {"id", "en", "id"}, {"en", "en", "en"}} {
		facts := resolve.Run(site, c.build, testutil.Today)
		if a, b := facts.DocLang(site.DocByID["A-1"]), facts.DocLang(site.DocByID["B-1"]); a != c.a || b != c.b {
			t.Errorf("build %q: A-1 %s, B-1 %s; want %s, %s", c.build, a, b, c.a, c.b)
		}
	}
}

// TestCoverageRule: only approved documents in effect count; a document
// approved but not yet in effect is in progress; obsolete ones never appear.
func TestCoverageRule(t *testing.T) {
	doc := func(id, status, effective, clause string) string {
		s := "---\ndoc_id: " + id + "\ntitle: " + id + "\ndoc_type: other\nversion: \"1.0\"\nstatus: " + status +
			"\nowner: X\nreviewed_by: Y\nnext_review: 2027-06-01\nclassification: internal\nclauses: [\"" + clause + "\"]\n"
		if status == "approved" || status == "obsolete" {
			s += "approved_by: Z\napproved_date: 2026-01-02\neffective_date: " + effective + "\n"
		}
		return s + "---\n# " + id + "\n"
	}
	root := testutil.Site(t, "-- smsgen.yaml --\nframeworks: [iso20000]\n"+
		"-- content/now.md --\n"+doc("NOW", "approved", "2026-01-05", "8.6.1")+
		"-- content/later.md --\n"+doc("LATER", "approved", "2026-12-01", "8.6.2")+
		"-- content/old.md --\n"+doc("OLD", "obsolete", "2026-01-05", "8.6.3")+
		"-- content/review.md --\n"+doc("REV", "review", "", "8.6.3"))
	site := load(t, root, testutil.Today)
	facts := resolve.Run(site, "", testutil.Today)
	if len(facts.Coverage) != 1 {
		t.Fatalf("%d frameworks", len(facts.Coverage))
	}
	byID := map[string]*resolve.Requirement{}
	for _, r := range facts.Coverage[0].Requirements {
		byID[r.ID] = r
	}
	ids := func(ds []*model.Document) string {
		var s []string
		for _, d := range ds {
			s = append(s, d.DocID)
		}
		return strings.Join(s, ",")
	}
	for _, c := range []struct {
		req, status, reason, docs, pending string
	}{
		{"8.6.1", "covered", "", "NOW", ""},
		{"8.6.2", "gap", "drafts", "", "LATER"},
		{"8.6.3", "gap", "drafts", "", "REV"},
		{"8.6", "sub", "", "", ""},
		{"8", "sub", "", "", ""},
		{"8.2.1", "gap", "none", "", ""},
	} {
		r := byID[c.req]
		if r == nil {
			t.Fatalf("no requirement %s", c.req)
		}
		if string(r.Status) != c.status || string(r.Reason) != c.reason || ids(r.Docs) != c.docs || ids(r.InProgress) != c.pending {
			t.Errorf("%s: %s %q docs %q in progress %q; want %s %q %q %q", c.req, r.Status, r.Reason, ids(r.Docs), ids(r.InProgress),
				c.status, c.reason, c.docs, c.pending)
		}
	}
	fw := facts.Coverage[0]
	if fw.Covered+fw.Gaps != fw.Total() || fw.Covered != 3 {
		t.Errorf("covered %d, gaps %d, total %d; want 3 covered (8.6.1, and 8.6 and 8 through it)", fw.Covered, fw.Gaps, fw.Total())
	}
}
