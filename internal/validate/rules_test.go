package validate

import (
	"reflect"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/model"
)

// ApplyRules: a rule changes the severity of a code, also of the findings a
// truncation stands for (so totals follow the rule); off drops both; protected
// codes keep their severity; accept marks only its own document's findings;
// applying twice changes nothing more.
func TestApplyRules(t *testing.T) {
	a := &model.Document{Path: "content/a.md", Accepts: []model.Accept{{Code: "raw-html", Reason: "form"}, {Code: "duplicate-doc-id", Reason: "x"}}}
	site := &model.Site{
		Settings: model.Settings{
			Rules:              map[string]string{"invalid-date": "warning", "unknown-field": "off", "duplicate-doc-id": "off"},
			AllowedFrontMatter: []string{"Notion_Page_ID"},
		},
		Documents: []*model.Document{a},
		DocByPath: map[string]*model.Document{a.Path: a},
	}
	fs := []diag.Finding{
		{Code: "invalid-date", Severity: diag.Error, File: "registers/r.csv", Line: 2},
		{Code: "findings-truncated", Severity: diag.Warning, File: "registers/r.csv", Omitted: &diag.Omission{Code: "invalid-date", Severity: diag.Error, Count: 500}},
		{Code: "findings-truncated", Severity: diag.Warning, File: "registers/s.csv", Omitted: &diag.Omission{Code: "unknown-field", Severity: diag.Error, Count: 9}},
		{Code: "unknown-field", Severity: diag.Error, File: "registers/s.csv", Line: 3},
		{Code: "duplicate-doc-id", Severity: diag.Error, File: "content/a.md", Line: 2},
		{Code: "raw-html", Severity: diag.Warning, File: "content/a.md", Line: 12},
		{Code: "raw-html", Severity: diag.Warning, File: "content/b.md", Line: 12},
		{Code: "unknown-front-matter", Severity: diag.Warning, File: "content/a.md", Line: 9, Field: "notion_page_id"},
		{Code: "unknown-front-matter", Severity: diag.Warning, File: "content/a.md", Line: 10, Field: "kategori"},
	}
	out := ApplyRules(site, append([]diag.Finding(nil), fs...))
	if n := diag.Count(out, diag.Error); n != 1 {
		t.Errorf("%d errors, want 1 (duplicate-doc-id is protected): %+v", n, out)
	}
	if n := diag.Count(out, diag.Warning) - diag.Count(out, diag.Error); n != 1+1+500+1+1 {
		t.Errorf("%d warnings, want 504 (invalid-date and the 500 it stands for, raw-html of b.md, findings-truncated of r.csv, kategori)", n)
	}
	for _, f := range out {
		switch {
		case f.Code == "unknown-field" || f.Omitted != nil && f.Omitted.Code == "unknown-field":
			t.Errorf("off, yet reported: %+v", f)
		case f.Code == "raw-html" && (f.Accepted != "") != (f.File == "content/a.md"):
			t.Errorf("accepted in the wrong document: %+v", f)
		case f.Code == "duplicate-doc-id" && (f.Accepted != "" || f.Severity != diag.Error):
			t.Errorf("a protected code was accepted or lowered: %+v", f)
		case f.Field == "notion_page_id":
			t.Errorf("an allowed front-matter key is reported: %+v", f)
		}
	}
	if again := ApplyRules(site, append([]diag.Finding(nil), out...)); !reflect.DeepEqual(again, out) {
		t.Errorf("applying the rules twice changed the result")
	}
	if fs[1].Omitted.Severity != diag.Error {
		t.Errorf("the caller's truncation was changed in place")
	}
}
