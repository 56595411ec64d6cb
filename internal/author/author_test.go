package author_test

import (
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/testutil"

	"github.com/smsgen/smsgen/internal/author"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
)

var today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

func run(t *testing.T, root string) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func findingsIn(res *pipeline.Result, file, record string) []diag.Finding {
	var out []diag.Finding
	for _, f := range res.Findings {
		if f.File == file || (record != "" && f.Record == record) {
			out = append(out, f)
		}
	}
	return out
}

// A new document of every template validates at once (a draft with its template's
// headings): its only findings are the warnings on the WAJIB DIISI marks left to fill.
func TestNewDocumentsValidate(t *testing.T) {
	root := testutil.ExampleSite(t)
	kinds := []string{"policy", "plan", "procedure", "sop", "work_instruction", "form", "guideline", "other",
		"change-policy", "infosec-policy", "continuity-plan", "incident-procedure", "problem-procedure", "release-policy", "availability-plan"}
	for _, k := range kinds {
		res := run(t, root)
		out, err := author.New(res.Site, k, "", author.Options{Title: "Dokumen Baru " + k, Today: today})
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		after := run(t, root)
		marks := 0
		for _, f := range findingsIn(after, out.File, "") {
			if f.Code != "placeholder-unfilled" {
				t.Errorf("%s: new document %s has a finding: %+v", k, out.File, f)
			}
			marks++
		}
		if marks == 0 {
			t.Errorf("%s: new document %s: no placeholder-unfilled warning shows what is left to fill", k, out.File)
		}
		d := after.Site.DocByPath[out.File]
		if d == nil || d.Meta("status") != "draft" || d.Meta("next_review") != "2027-11-21" {
			t.Errorf("%s: document not loaded as a draft due for review in a year: %+v", k, d)
		}
	}
}

// A new record gets the next free id and shows exactly the required fields left to fill.
func TestNewRecords(t *testing.T) {
	root := testutil.ExampleSite(t)
	for _, tc := range []struct{ register, wantID, wantFile string }{
		{"incidents", "INC-2026-0045", "registers/incidents.csv"},
		{"changes", "RFC-2026-011", "registers/changes/RFC-2026-011.yaml"},
		{"services", "SVC-09", "registers/services.yaml"},
		// the registers of clauses 4-10, like any other
		{"audits", "AUD-2027-02", "registers/audits.csv"},
		{"management_reviews", "RTM-2026-02", "registers/management_reviews.yaml"},
		{"nonconformities", "KTS-2026-05", "registers/nonconformities.yaml"},
		{"bia", "BIA-09", "registers/bia.yaml"},
	} {
		res := run(t, root)
		out, err := author.New(res.Site, tc.register, "", author.Options{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		if out.ID != tc.wantID || out.File != tc.wantFile {
			t.Fatalf("%s: got %s in %s, want %s in %s", tc.register, out.ID, out.File, tc.wantID, tc.wantFile)
		}
		after := run(t, root)
		rec := after.Site.Registers[tc.register].ByID[tc.wantID]
		if rec == nil {
			t.Fatalf("%s: record %s not loaded", tc.register, tc.wantID)
		}
		left := findingsIn(after, "", tc.wantID)
		if len(left) == 0 {
			t.Fatalf("%s: expected required fields left to fill", tc.register)
		}
		for _, f := range left {
			if f.Code != "required" && f.Code != "required-when" {
				t.Errorf("%s: unexpected finding %s %s", tc.register, f.Code, f.Message)
			}
		}
		if n := len(after.Findings) - len(left); n != len(res.Findings) {
			t.Errorf("%s: other findings changed: %d → %d", tc.register, len(res.Findings), n)
		}
	}
	// an explicit id that exists is refused
	res := run(t, root)
	if _, err := author.New(res.Site, "incidents", "INC-2026-0001", author.Options{Today: today}); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("duplicate id not refused: %v", err)
	}
	if _, err := author.New(res.Site, "nonsense", "", author.Options{Today: today}); err == nil {
		t.Error("unknown kind not refused")
	}
}

func TestNextID(t *testing.T) {
	for _, tc := range []struct {
		ids  []string
		want string
	}{
		{[]string{"INC-2026-0009", "INC-2026-0010"}, "INC-2026-0011"},
		{nil, "INC-2026-001"},
		{[]string{"A-1", "A-3", "A-2"}, "A-4"},
	} {
		if got := author.NextID(tc.ids, "INC", 2026); got != tc.want {
			t.Errorf("NextID(%v) = %s, want %s", tc.ids, got, tc.want)
		}
	}
}
