package pipeline_test

import (
	"os"
	"sort"
	"testing"

	"github.com/smsgen/smsgen/internal/i18n"
)

// notProvokable lists the finding codes that no fixture of this package can fire,
// each with the reason. Everything else in the catalogue must be fired by a
// testdata/*.txtar fixture or declared by a case of the hostile suite.
var notProvokable = map[string]string{
	// Document control against a git revision (validate --base): needs a git
	// history, so it is provoked by the tests of that command, not by pipeline.Run.
	"version-not-bumped":             "needs git history (validate --base)",
	"version-decreased":              "needs git history (validate --base)",
	"revision-history-missing-entry": "needs git history (validate --base)",
	"approval-date-not-updated":      "needs git history (validate --base)",
	// Render-time and import-time findings: they come from smsgen build and
	// smsgen import, after pipeline.Run, and are provoked by those packages' tests.
	"pdf-image-invalid":   "render time (internal/render/pdf)",
	"xlsx-cell-truncated": "render time (xlsx renderer)",
	"xlsx-too-many-rows":  "render time (xlsx renderer)",
	"import-formula":      "import time (smsgen import)",
	"layout-error":        "build time (a site's layouts; internal/cli TestLayoutErrorsAreFindings)",
	"import-limit":        "import time (smsgen import)",
	"import-formula-text": "import time (smsgen import)",
	"settings-missing":    "build time (a site without smsgen.yaml; internal/cli TestBuildWithoutSettings)",
}

// TestEveryCodeHasAFixture walks the catalogue of finding codes and fails for a
// code that no fixture fires: a new rule comes with its test.
func TestEveryCodeHasAFixture(t *testing.T) {
	fired := map[string]string{}
	for _, p := range fixtures(t) {
		fx := loadFixture(t, p)
		dir := writeSite(t, fx.ar)
		for _, f := range run(t, dir).Findings {
			if _, ok := fired[f.Code]; !ok {
				fired[f.Code] = p
			}
		}
	}
	for _, c := range append(hostileCases(), miscHostileCases()...) {
		for _, w := range c.wants {
			if _, ok := fired[w.code]; !ok {
				fired[w.code] = "hostile: " + c.name
			}
		}
	}
	// An unreadable file cannot be made for root, who reads everything.
	if os.Geteuid() == 0 {
		notProvokable["file-unreadable"] = "tests run as root: permissions do not stop reads (covered by the hostile suite otherwise)"
	}
	var missing []string
	for _, code := range i18n.Codes() {
		if _, ok := fired[code]; ok {
			continue
		}
		if _, ok := notProvokable[code]; ok {
			continue
		}
		missing = append(missing, code)
	}
	sort.Strings(missing)
	for _, code := range missing {
		t.Errorf("finding code %s is fired by no fixture in testdata/ (add one, or justify it in notProvokable)", code)
	}
	for code := range notProvokable {
		if !i18n.Known(code) {
			t.Errorf("notProvokable lists %s, which is not in the catalogue", code)
		}
		if p, ok := fired[code]; ok && code != "file-unreadable" {
			t.Errorf("notProvokable lists %s, but %s fires it: remove it from the list", code, p)
		}
	}
}
