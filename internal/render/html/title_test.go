package html_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestNoRepeatedTitle: a body that opens with an H1 saying the title does not
// show the title a second time (the page header has it): one <h1> on the
// page, the heading's anchor kept for links to it, and not in the contents.
// An opening H1 that says something else stays.
func TestNoRepeatedTitle(t *testing.T) {
	dir := t.TempDir()
	fm := func(id, title string) string {
		return "---\ndoc_id: " + id + "\ntitle: " + title + "\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\n" +
			"owner: Kepala Bidang Uji\nnext_review: 2027-06-30\nclassification: internal\n---\n\n"
	}
	writeFiles(t, dir, map[string]string{
		"smsgen.yaml":  "organization: Kementerian Uji\nlanguage: id\n",
		"content/a.md": fm("KEB-A", "Kebijakan Uji Coba") + "# Kebijakan  uji coba\n\nPembuka.\n\n## Ruang Lingkup\n\nIsi.\n\n## Sasaran\n\nIsi.\n",
		"content/b.md": fm("KEB-B", "Kebijakan Lain") + "# Ringkasan Eksekutif\n\nIsi.\n",
	})
	out, _ := renderSite(t, dir, "")
	a := testutil.ReadFile(t, filepath.Join(out, "site", "docs", "KEB-A.html"))
	h1 := regexp.MustCompile(`<h1[ >]`)
	if n := len(h1.FindAllString(a, -1)); n != 1 {
		t.Errorf("KEB-A has %d <h1>, want the page title only", n)
	}
	if strings.Count(a, "Kebijakan Uji Coba") < 1 || strings.Contains(strings.ToLower(a), "<h1 id=\"kebijakan-uji-coba\"") {
		t.Errorf("KEB-A repeats its title as a heading")
	}
	if !strings.Contains(a, `<span id="kebijakan-uji-coba"></span>`) {
		t.Errorf("the anchor of the left-out heading is gone")
	}
	if !strings.Contains(a, "Pembuka.") || !strings.Contains(a, `<h2 id="ruang-lingkup">Ruang Lingkup</h2>`) {
		t.Errorf("the body after the title is missing")
	}
	if strings.Contains(a, `href="#kebijakan-uji-coba"`) {
		t.Errorf("the title is listed in the contents")
	}
	b := testutil.ReadFile(t, filepath.Join(out, "site", "docs", "KEB-B.html"))
	if !strings.Contains(b, ">Ringkasan Eksekutif</h1>") {
		t.Errorf("an opening H1 that is not the title was dropped")
	}
}
