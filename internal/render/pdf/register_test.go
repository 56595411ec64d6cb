package pdf_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/render/pdf"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// pageTexts splits pdftotext's output into its pages.
func pageTexts(t *testing.T, file string) []string {
	t.Helper()
	return strings.Split(strings.TrimRight(pdftotext(t, file, "-layout"), "\f\n"), "\f")
}

// headerRow returns the column headings of the first table of a register PDF:
// the line that starts with "Nomor".
func headerRow(page string) string {
	for _, l := range strings.Split(page, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "Nomor ") {
			return l
		}
	}
	return ""
}

// TestRegisterPDFColumns: the example's incidents PDF is a compact table of
// the columns that matter by importance (Prioritas among them, not Kanal, less important),
// the long text as record details several to a page, and a note naming the
// columns left out and the workbook that has them.
func TestRegisterPDFColumns(t *testing.T) {
	out, _ := render(t, exampleRoot)
	file := filepath.Join(out, "pdf/registers/incidents.pdf")
	pages := pageTexts(t, file)
	head := headerRow(pages[0])
	for _, col := range []string{"Nomor", "Judul", "Waktu Dilaporkan", "Status", "Prioritas", "Layanan", "Kategori", "Petugas"} {
		if !strings.Contains(head, col) {
			t.Errorf("incidents table lacks the column %s: %q", col, head)
		}
	}
	if strings.Contains(head, "Kanal") || strings.Contains(head, "Pelapor") {
		t.Errorf("incidents table shows a column less important than those that did not fit: %q", head)
	}
	all := norm(strings.Join(pages, "\n"))
	for _, want := range []string{"Rincian Catatan", "Tindakan:", "Penyelesaian:", "Kanal, Dampak, Urgensi", "ada di buku kerja xlsx/incidents.xlsx", "Total: 44 catatan"} {
		if !strings.Contains(all, want) {
			t.Errorf("incidents PDF lacks %q", want)
		}
	}
	// the details are rows of a table, several records to a page, never a page per record
	recs := regexp.MustCompile(`(?m)^\s*INC-2026-\d{4}`)
	detail := 0
	for _, p := range pages {
		if strings.Contains(p, "Rincian Catatan") {
			detail++
			if n := len(recs.FindAllString(p, -1)); n < 5 {
				t.Errorf("a page of record details holds %d records", n)
			}
		}
	}
	if detail == 0 {
		t.Error("no page of record details")
	}
	if n := len(pages); n > 10 {
		t.Errorf("incidents PDF has %d pages for 44 records", n)
	}
	t.Logf("incidents.pdf: %d pages for 44 records", len(pages))
}

// TestRegisterPagesBounded: a 10,000-row incident register is a table of
// many rows a page, with details only for records with long text, and the
// audit pack holds the newest records of the period, not all of them.
func TestRegisterPagesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a 10,000-row register")
	}
	root := testutil.SynthSite(t, synth.Options{Docs: 5, Rows: 10000, Seed: 1})
	b := testutil.Build(t, root, testutil.BuildOptions{Renderers: map[string]output.Renderer{"pdf": pdf.Renderer{}}})
	out := b.Out
	inc := 0 // the pages of every volume
	for _, v := range b.Facts.Volumes("incidents") {
		inc += pages(t, filepath.Join(out, filepath.FromSlash(v.PDF)))
	}
	pack := pages(t, filepath.Join(out, "pdf/audit-pack.pdf"))
	t.Logf("10,000 incidents: incidents.pdf %d pages in %d volumes, audit-pack.pdf %d pages", inc, len(b.Facts.Volumes("incidents")), pack)
	if inc > 1000 {
		t.Errorf("incidents.pdf has %d pages for 10,000 records (at most 1,000: ten records a page or more)", inc)
	}
	if pack > 150 {
		t.Errorf("audit-pack.pdf has %d pages for a site of 5 documents and 10,000 incidents", pack)
	}
}

// TestAuditPackSections: for each register the pack has its summary (by
// status, priority and month), the exceptions to sample and the records of
// the audit period, and says what it left out and where that is.
func TestAuditPackSections(t *testing.T) {
	later := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC) // the period then starts on 2 June 2026
	b := testutil.Build(t, testutil.ExampleSite(t), testutil.BuildOptions{Today: later, AllowErrors: true,
		Renderers: map[string]output.Renderer{"pdf": pdf.Renderer{}}})
	text := norm(pdftotext(t, filepath.Join(b.Out, "pdf/audit-pack.pdf")))
	inc := b.Facts.Audit("incidents")
	if inc.Before == 0 || len(inc.InPeriod) == 0 {
		t.Fatalf("the example's incidents should fall on both sides of 2 June 2026: %d before, %d in", inc.Before, len(inc.InPeriod))
	}
	for _, want := range []string{
		"Periode audit 2 Juni 2026 – 1 Juni 2027",
		"Ikhtisar", "Menurut status", "Menurut prioritas", "Menurut bulan (periode audit)", "Juni 2026",
		"Pengecualian untuk Sampel Audit", "RFC-2026-004 Darurat", "RFC-2026-005 Darurat",
		"Catatan Periode Audit (2 Juni 2026 – 1 Juni 2027)",
		fmt.Sprintf("%d dari 44 catatan bertanggal dalam periode audit", len(inc.InPeriod)),
		fmt.Sprintf("%d catatan di luar periode audit: lihat xlsx/incidents.xlsx.", inc.Before),
		"Register lengkap dengan teks panjangnya: xlsx/incidents.xlsx dan pdf/registers/incidents.pdf.",
		"Register ini tidak bertanggal: semua catatannya termasuk periode audit.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("audit pack lacks %q", want)
		}
	}
	// an incident before the period is not listed in the pack, one inside it is
	if strings.Contains(text, "INC-2026-0001 ") {
		t.Error("the pack lists INC-2026-0001 (May 2026), outside the period")
	}
	if !strings.Contains(text, inc.InPeriod[0].ID+" ") {
		t.Errorf("the pack does not list %s, the newest incident", inc.InPeriod[0].ID)
	}
}
