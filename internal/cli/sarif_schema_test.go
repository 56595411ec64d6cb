package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The SARIF output is checked against the official SARIF 2.1.0 JSON schema
// (OASIS), which is not committed here: CI downloads it at a pinned commit and
// checks its SHA-256 (see .github/workflows/smsgen.yml), then points
// SMSGEN_SARIF_SCHEMA at it. Beyond the schema, the test checks what GitHub
// code scanning needs: rules with ids and help text, and results with a
// relative URI and a region starting at line 1 or later.
func TestSARIFSchema(t *testing.T) {
	schemaPath := os.Getenv("SMSGEN_SARIF_SCHEMA")
	if schemaPath == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("SMSGEN_SARIF_SCHEMA is not set: CI must provide the SARIF 2.1.0 schema")
		}
		t.Skip("SMSGEN_SARIF_SCHEMA not set (path of sarif-schema-2.1.0.json); skipping the SARIF schema check")
	}
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}

	site := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(site, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// a document with a missing field and a broken link, in a folder with a space and a non-ASCII name
	write("content/kebijakan baru/pedoman-ä.md", "---\ndoc_id: PED-1\ntitle: Pedoman\ndoc_type: guideline\nversion: \"1.0\"\nstatus: draft\nnext_review: 2027-01-01\nclassification: internal\n---\n# Isi\n\nLihat [x](doc:TIDAK-ADA).\n")
	write("content/empty.md", "")                                                              // a finding about a whole file (no line)
	write("registers/incidents.csv", "id,title,reported_at\nINC-1,Surel mati,bukan tanggal\n") // findings with lines and columns
	write("registers/unknown_thing.csv", "id\nX-1\n")
	// an accepted finding: a result with a suppression
	write("content/diterima.md", "---\ndoc_id: PED-2\ntitle: Formulir\ndoc_type: form\nversion: \"1.0\"\nstatus: draft\nowner: Kabid\nnext_review: 2027-01-01\nclassification: internal\naccept:\n  - {code: raw-html, reason: tata letak formulir}\n---\n# Formulir\n\n<div>isian</div>\n")

	var out, errb bytes.Buffer
	code := Main([]string{"validate", "--root", site, "--today", "2026-11-21", "--format", "sarif"}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings); stderr: %s", code, errb.String())
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not match the 2.1.0 schema:\n%v", err)
	}

	var log sarifLog
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) < 4 {
		t.Fatalf("want one run with at least 4 results, got %+v", log.Runs)
	}
	run := log.Runs[0]
	rules := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID == "" || strings.TrimSpace(r.Help.Text) == "" {
			t.Errorf("rule %d (%q) lacks an id or help text", i, r.ID)
		}
		rules[r.ID] = i
	}
	sawSpace, sawWhole := false, false
	for _, r := range run.Results {
		i, ok := rules[r.RuleID]
		if !ok || r.RuleIndex == nil || i != *r.RuleIndex {
			t.Errorf("result %s: ruleIndex %v does not name its rule (%d, %v)", r.RuleID, r.RuleIndex, i, ok)
		}
		if r.Message.Text == "" || len(r.Locations) != 1 {
			t.Errorf("result %s: want a message and one location", r.RuleID)
			continue
		}
		pl := r.Locations[0].PhysicalLocation
		uri := pl.ArtifactLocation.URI
		if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "://") || strings.Contains(uri, site) {
			t.Errorf("result %s: uri %q is not relative to the site", r.RuleID, uri)
		}
		if pl.Region.StartLine < 1 {
			t.Errorf("result %s at %s: region.startLine %d, GitHub needs ≥ 1", r.RuleID, uri, pl.Region.StartLine)
		}
		if strings.HasPrefix(uri, "content/kebijakan%20baru/pedoman-%C3%A4.md") {
			sawSpace = true
		}
		if uri == "content/empty.md" {
			sawWhole = true
		}
	}
	if !strings.Contains(out.String(), `"justification": "tata letak formulir"`) {
		t.Errorf("the accepted finding is no suppressed result:\n%s", out.String())
	}
	if !sawSpace || !sawWhole {
		t.Errorf("fixture findings missing: percent-encoded path %v, whole-file finding %v\n%s", sawSpace, sawWhole, out.String())
	}
}
