package resolve_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/testutil"
)

func load(t *testing.T, root string, today time.Time) *model.Site {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today})
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
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: later})
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

// TestCoverageRecordRules: requirements evidenced by some records of a
// register count only those records: an OLA is an SLA register record of
// type OLA or an agreement with an internal supplier, never any supplier; a
// contract is an external supplier's; 8.7.3.3 needs a security incident.
func TestCoverageRecordRules(t *testing.T) {
	type want struct {
		status, reason string
		records        map[string]int // register -> records counted
	}
	for _, c := range []struct {
		name, site string
		want       map[string]want
	}{
		{name: "external supplier only", site: "-- registers/suppliers.csv --\nid,name,supplier_type,scope\nSUP-1,PT A,external,Jaringan\n" +
			"-- registers/incidents.csv --\nid,title,security\nINC-1,Surel lambat,false\n",
			want: map[string]want{
				"kmk395 D.3.a.7":   {"covered", "", map[string]int{"suppliers": 1}},
				"kmk395 D.3.a.8":   {"gap", "records", map[string]int{"suppliers": 0}},
				"iso20000 8.3.4.1": {"covered", "", map[string]int{"suppliers": 1}},
				"iso20000 8.3.4.2": {"gap", "records", map[string]int{"suppliers": 0}},
				"iso20000 8.7.3.3": {"gap", "records", map[string]int{"incidents": 0}},
				"iso20000 8.7.3":   {"covered", "", map[string]int{"incidents": 1}},
			}},
		{name: "SLA, OLA and internal supplier", site: "-- registers/suppliers.csv --\nid,name,supplier_type,scope\nSUP-1,PT A,external,Jaringan\nSUP-2,Biro Umum,internal,Gedung\n" +
			"-- registers/slas.yaml --\n- {id: SLA-1, service: SVC-1, customer: Unit A}\n- {id: OLA-1, service: SVC-1, customer: Bidang Infrastruktur, agreement_type: OLA}\n" +
			"-- registers/incidents.csv --\nid,title,security\nINC-1,Surel lambat,false\nINC-2,Phishing,true\n",
			want: map[string]want{
				"kmk395 D.3.a.6":   {"covered", "", map[string]int{"slas": 1}},
				"kmk395 D.3.a.7":   {"covered", "", map[string]int{"suppliers": 1}},
				"kmk395 D.3.a.8":   {"covered", "", map[string]int{"slas": 1, "suppliers": 1}},
				"kmk395 D.3.a.9":   {"gap", "records", map[string]int{"slas": 0}},
				"iso20000 8.3.3":   {"covered", "", map[string]int{"slas": 2}},
				"iso20000 8.7.3.3": {"covered", "", map[string]int{"incidents": 1}},
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := load(t, testutil.Site(t, c.site), testutil.Today)
			facts := resolve.Run(site, "", testutil.Today)
			reqs := map[string]*resolve.Requirement{}
			for _, fw := range facts.Coverage {
				for _, r := range fw.Requirements {
					reqs[fw.Name+" "+r.ID] = r
				}
			}
			for id, w := range c.want {
				r := reqs[id]
				if r == nil {
					t.Fatalf("no requirement %s", id)
				}
				got := map[string]int{}
				for reg, n := range r.Records {
					got[reg.Name] = n
				}
				if string(r.Status) != w.status || string(r.Reason) != w.reason || fmt.Sprint(got) != fmt.Sprint(w.records) {
					t.Errorf("%s: %s %q records %v; want %s %q %v", id, r.Status, r.Reason, got, w.status, w.reason, w.records)
				}
			}
		})
	}
}

// TestCoverageAllOf: KMK D.3.a.3 is covered only by all three templates,
// each in an approved document in effect; a draft of one leaves it a gap
// naming the missing template. D.3.a.2 needs the service management plan
// template, not any plan.
func TestCoverageAllOf(t *testing.T) {
	doc := func(id, status, typ, tpl string) string {
		s := "---\ndoc_id: " + id + "\ntitle: " + id + "\ndoc_type: " + typ + "\nversion: \"1.0\"\nstatus: " + status +
			"\nowner: X\nreviewed_by: Y\nnext_review: 2027-06-01\nclassification: internal\n"
		if tpl != "" {
			s += "template: " + tpl + "\n"
		}
		if status == "approved" {
			s += "approved_by: Z\napproved_date: 2026-01-02\neffective_date: 2026-01-05\n"
		}
		return s + "---\n# " + id + "\n"
	}
	base := "-- content/plan.md --\n" + doc("PLAN", "approved", "plan", "") +
		"-- content/chg.md --\n" + doc("CHG", "approved", "policy", "change-policy") +
		"-- content/sec.md --\n" + doc("SEC", "approved", "policy", "infosec-policy")
	for _, c := range []struct {
		name, bcp, status, reason, missing string
	}{
		{"continuity plan approved", "approved", "covered", "", ""},
		{"continuity plan in draft", "draft", "gap", "partial", "continuity-plan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := load(t, testutil.Site(t, base+"-- content/bcp.md --\n"+doc("BCP", c.bcp, "plan", "continuity-plan")), testutil.Today)
			facts := resolve.Run(site, "en", testutil.Today)
			var d3, d2 *resolve.Requirement
			for _, fw := range facts.Coverage {
				for _, r := range fw.Requirements {
					if fw.Name == "kmk395" && r.ID == "D.3.a.3" {
						d3 = r
					}
					if fw.Name == "kmk395" && r.ID == "D.3.a.2" {
						d2 = r
					}
				}
			}
			if d3 == nil || d2 == nil {
				t.Fatal("no D.3.a.3 or D.3.a.2")
			}
			if string(d3.Status) != c.status || string(d3.Reason) != c.reason || d3.MissingText("en") != c.missing {
				t.Errorf("D.3.a.3: %s %q missing %q; want %s %q %q", d3.Status, d3.Reason, d3.MissingText("en"), c.status, c.reason, c.missing)
			}
			if d2.Status != resolve.Gap || d2.Reason != resolve.NoEvidence || len(d2.Docs) != 0 {
				t.Errorf("D.3.a.2 with only a plain plan: %s %q docs %d; want a gap with no evidence", d2.Status, d2.Reason, len(d2.Docs))
			}
		})
	}
}

// TestRegisterClass: a register's classification is the highest of its
// records', computed once (a page of its table shows it), and empty for a
// register whose records have none.
func TestRegisterClass(t *testing.T) {
	res, err := pipeline.Run(pipeline.Options{Root: testutil.ExampleSite(t), Today: testutil.Today})
	if err != nil {
		t.Fatal(err)
	}
	// the example classifies no record: classify some of every register
	levels := []string{"", "internal", "public", "confidential", "restricted"}
	for _, reg := range res.Site.Registers {
		for i, rec := range reg.Records {
			rec.Classification = levels[(i+len(reg.Name))%len(levels)]
		}
	}
	facts := resolve.Run(res.Site, "", testutil.Today)
	seen := 0
	for name, reg := range res.Site.Registers {
		want, rank := "", 0
		for _, rec := range reg.Records {
			if r := model.ClassRank(rec.Classification); r > rank {
				want, rank = rec.Classification, r
			}
		}
		if got := facts.Register(name).Class; got != want {
			t.Errorf("%s: class %q, want %q", name, got, want)
		}
		if want != "" {
			seen++
		}
	}
	if seen == 0 {
		t.Error("no register of the example has classified records: the test sees nothing")
	}
}
