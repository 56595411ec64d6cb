package html_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// packBadge returns the classification shown on the continuity pack and the
// pack's print rule.
func packBadge(t *testing.T, out string) (badge, print string) {
	t.Helper()
	pack := testutil.ReadFile(t, filepath.Join(out, "continuity-pack.html"))
	m := regexp.MustCompile(`class="class-badge">[^<]*<strong>([^<]*)</strong>`).FindStringSubmatch(pack)
	if m == nil {
		t.Fatal("no classification badge on the pack")
	}
	p := regexp.MustCompile(`(?s)<style media="print">(.*?)</style>`).FindStringSubmatch(pack)
	if p == nil {
		t.Fatal("no print rule on the pack")
	}
	return m[1], p[1]
}

// TestPackClassification: the pack takes the highest classification of what
// it holds: a Terbatas continuity plan makes it Terbatas; personal contact
// data makes it at least Internal; a public build (which leaves the
// personal fields out) may publish it as Public.
func TestPackClassification(t *testing.T) {
	out, _ := renderSite(t, exampleRoot, "")
	badge, print := packBadge(t, out)
	if badge != "Terbatas" {
		t.Errorf("example pack classified %q, want Terbatas (its plan REN-BCP-001 is restricted)", badge)
	}
	// every printed page: A4, page x of y, the classification and the date
	for _, want := range []string{"size: A4", `counter(page)`, `counter(pages)`, `"Klasifikasi\3a  Terbatas"`, "@bottom-right", "@top-right", "@bottom-left"} {
		if !strings.Contains(print, want) {
			t.Errorf("print rule lacks %s:\n%s", want, print)
		}
	}

	dir := smallSite(t)
	out, _ = renderSite(t, dir, "")
	if badge, _ := packBadge(t, out); badge != "Internal" {
		t.Errorf("small site pack (internal documents, contacts with mobile numbers) classified %q, want Internal", badge)
	}
	// a restricted continuity plan in the small site
	plan := "---\ndoc_id: REN-001\ntitle: Rencana Keberlangsungan\ndoc_type: plan\nversion: \"1.0\"\nstatus: draft\nowner: Kepala Bidang TI\n" +
		"next_review: 2027-06-01\nclassification: restricted\nclauses: [\"8.7.2\"]\n---\n\n## Isi\n\nRencana.\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "rencana.md"), []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ = renderSite(t, dir, "")
	if badge, _ := packBadge(t, out); badge != "Terbatas" {
		t.Errorf("with a restricted continuity plan the pack is classified %q, want Terbatas", badge)
	}
	// an internal build leaves the plan out, and the pack holds only internal data
	out, _ = renderSite(t, dir, "internal")
	if badge, _ := packBadge(t, out); badge != "Internal" {
		t.Errorf("internal build: pack classified %q, want Internal", badge)
	}
	out, _ = renderSite(t, dir, "public")
	pack := testutil.ReadFile(t, filepath.Join(out, "continuity-pack.html"))
	if badge, _ := packBadge(t, out); badge != "Publik" || strings.Contains(pack, "812-0000-0001") {
		t.Errorf("public build: pack classified %q (want Publik), mobile number left in: %v", badge, strings.Contains(pack, "812-0000-0001"))
	}
}
