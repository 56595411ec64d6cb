package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// crosswalkSite: a site that adds the framework iso27001 and a requirement to
// the built-in kmk395 in registers/requirements.csv, mapped to ISO 20000-1
// requirements; one change policy (one of the three templates KMK D.3.a.3
// asks for), a plain approved plan (not a Rencana MML TIK), an approved
// information security policy without a template, and a draft as the only
// evidence of 8.7.2.
var crosswalkSite = `-- smsgen.yaml --
organization: Kementerian Uji
unit: Pusdatin
frameworks: [iso20000, kmk395]
-- registers/requirements.csv --
id,framework,clause,title,title_en,parent,maps_to,framework_title
R-1,iso27001,A.5,Kendali organisasi,Organizational controls,,,ISO/IEC 27001:2022 Lampiran A
R-2,iso27001,A.5.1,Kebijakan keamanan informasi,Policies for information security,A.5,iso20000:8.7.3.1,
R-3,iso27001,A.5.24,Perencanaan penanganan insiden,Incident management planning,A.5,iso20000:8.7.3.3,
R-4,iso27001,A.5.30,Kesiapan TIK untuk keberlangsungan,ICT readiness for business continuity,A.5,iso20000:8.7.2,
R-5,kmk395,D.3.a.12,Kebijakan keamanan informasi,Information security policy,D.3.a,iso20000:8.7.3.1,
-- content/kebijakan-perubahan.md --
` + crossDoc("KEB-PER", "Kebijakan Perubahan", "policy", "approved", "8.5.1.1", "template: change-policy",
	"## Lingkup Kendali Perubahan\n\nIsi.\n\n## Kategori Perubahan\n\nIsi.\n\n## Kriteria Dampak Besar\n\nIsi.\n") + `
-- content/kebijakan-keamanan.md --
` + crossDoc("KEB-KAM", "Kebijakan Keamanan Informasi", "policy", "approved", "8.7.3.1", "", "") + `
-- content/rencana.md --
` + crossDoc("REN-001", "Rencana Kerja Tahunan", "plan", "approved", "8.1", "", "") + `
-- content/draf.md --
` + crossDoc("REN-BCP", "Rencana Keberlangsungan", "plan", "draft", "8.7.2", "", "")

func crossDoc(id, title, typ, status, clause, extra, body string) string {
	approval := "approved_by: Kepala Pusdatin\napproved_date: 2026-01-05\neffective_date: 2026-01-12\n"
	if status == "draft" {
		approval = ""
	}
	if extra != "" {
		extra += "\n"
	}
	return "---\ndoc_id: " + id + "\ntitle: " + title + "\ndoc_type: " + typ + "\nversion: \"1.0\"\nstatus: " + status +
		"\nowner: Kabid Layanan\nreviewed_by: Koordinator SMS\n" + approval + "next_review: 2027-01-05\nclassification: internal\n" +
		"clauses: [\"" + clause + "\"]\n" + extra + "---\n# " + title + "\n\nIsi.\n\n" + body
}

// TestCoverageCrosswalk: a site-added framework and requirement are covered
// through their crosswalk, the same in the HTML coverage page and the PDF
// audit pack; KMK D.3.a.3 with one of its three templates and D.3.a.2 with a
// plain plan are gaps that say why; a draft as the only evidence is in
// progress and not covered, directly and through a crosswalk, in both.
func TestCoverageCrosswalk(t *testing.T) {
	testutil.Tool(t, "pdftotext", "poppler-utils")
	for _, c := range []struct {
		lang string
		want map[string]string
		via  string
	}{
		{lang: "id", via: "melalui iso20000 8.7.3.1", want: map[string]string{
			"A.5.1": "Tercakup", "A.5": "Melalui sub-klausul", "A.5.30": "Celah hanya draf", "A.5.24": "Celah tidak ada bukti",
			"D.3.a.12": "Tercakup", "8.7.3.1": "Tercakup", "8.7.2": "Celah hanya draf",
			"D.3.a.3": "Celah belum lengkap, kurang: infosec-policy, continuity-plan",
			"D.3.a.2": "Celah tidak ada bukti", "8.5.1.1": "Tercakup",
		}},
		{lang: "en", via: "via iso20000 8.7.3.1", want: map[string]string{
			"A.5.1": "Covered", "A.5.30": "Gap only drafts", "D.3.a.12": "Covered",
			"D.3.a.3": "Gap incomplete, missing: infosec-policy, continuity-plan", "D.3.a.2": "Gap no evidence",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			var args []string
			if c.lang == "en" {
				args = []string{"--lang", "en"}
			}
			out := buildAll(t, testutil.Site(t, crosswalkSite), args...)
			fws := sameCoverage(t, out, c.lang)
			if len(fws) != 3 {
				t.Fatalf("%d frameworks on the coverage page, want iso20000, kmk395 and the site's iso27001", len(fws))
			}
			for id, want := range c.want {
				if got := statusOf(fws, id); got != want {
					t.Errorf("requirement %s: %q, want %q", id, got, want)
				}
			}
			b, err := os.ReadFile(filepath.Join(out, "site", "coverage.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			row := func(id string) string {
				m := regexp.MustCompile(`(?s)<tr id="req-[^"]*"[^>]*>\s*<th scope="row"><span class="req-id">` + regexp.QuoteMeta(id) + `</span>.*?</tr>`).FindString(page)
				if m == "" {
					t.Fatalf("coverage.html: no row for %s", id)
				}
				return m
			}
			for _, id := range []string{"A.5.1", "D.3.a.12"} {
				if r := row(id); !strings.Contains(r, "KEB-KAM") || !strings.Contains(r, c.via) {
					t.Errorf("coverage.html row %s does not show KEB-KAM %s:\n%s", id, c.via, r)
				}
			}
			if r := row("8.7.3.1"); strings.Contains(r, c.via) {
				t.Errorf("coverage.html: the direct evidence of 8.7.3.1 is marked as a crosswalk:\n%s", r)
			}
			for _, id := range []string{"8.7.2", "A.5.30"} {
				r := row(id)
				if !strings.Contains(r, `class="plain in-progress"`) || !strings.Contains(r, "REN-BCP") {
					t.Errorf("coverage.html row %s does not list the draft REN-BCP as in progress:\n%s", id, r)
				}
			}
			text := pdfText(t, filepath.Join(out, "pdf", "audit-pack.pdf"))
			flat := strings.Join(strings.Fields(text), " ")
			if !strings.Contains(flat, "KEB-KAM") || !strings.Contains(flat, "("+c.via+")") {
				t.Errorf("audit pack does not show the crosswalk evidence KEB-KAM (%s)", c.via)
			}
			if !strings.Contains(text, "ISO/IEC 27001:2022 Lampiran A") {
				t.Error("audit pack has no section for the site's framework")
			}
		})
	}
}
