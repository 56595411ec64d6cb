package adopt_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/adopt"
	"github.com/smsgen/smsgen/internal/testutil"
)

// checkLibreOfficeSOP adopts a Word SOP written by LibreOffice from
// testdata/libreoffice-sop.html and checks what came of it.
func checkLibreOfficeSOP(t *testing.T, docx string) {
	t.Helper()
	root := newSite(t)
	res, _ := run(t, root, adopt.Options{Sources: []string{docx}})
	if res.Failed() != 0 {
		t.Fatalf("%+v", res.Files[0])
	}
	fr := res.Files[0]
	if fr.Target != "content/sop/sop-penanganan-insiden-keamanan.md" || fr.DocID != "SOP-01-PUSDATIN-KI-2026" {
		t.Errorf("report: %+v", fr)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, fr.Target))
	for _, want := range []string{
		"title: SOP Penanganan Insiden Keamanan\n", "doc_type: sop\n", "version: \"1.2\"\n", "status: draft\n",
		"owner: Koordinator Keamanan Informasi\n", "approved_date: 2026-03-02\n", "effective_date: 2026-03-09\n",
		"author: Siti Nurhaliza", "  number: SOP-01/PUSDATIN/KI/2026\n",
		"  approved_by: {position: Kepala Pusdatin, name: Sri Wahyuni, nip: \"\"}\n",
		"    - {activity: Catat insiden, actor: Pelaksana, kind: start,",
		"    - {activity: Tangani dan pulihkan, actor: Pelaksana, kind: end,",
		"---\n# SOP Penanganan Insiden Keamanan\n\n## Tujuan\n\n", "## Langkah\n", "### Matriks Prioritas\n",
		"Menangani **insiden keamanan** dengan _cepat_ dan [terkoordinasi](<https://bssn.go.id/>).",
		"1. Catat insiden\n   - Isi formulir\n   - Lampirkan bukti\n2. Tetapkan prioritas\n",
		"| Dampak | Prioritas |\n| --- | --- |\n| Tinggi | 1 |\n| Sedang | 3 |\n",
		"](sop-penanganan-insiden-keamanan/image1.png)",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "| Nomor |") {
		t.Errorf("the document-control table stayed in the body:\n%s", doc)
	}
	if b, err := os.ReadFile(filepath.Join(root, "content/sop/sop-penanganan-insiden-keamanan/image1.png")); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Errorf("image: %v", err)
	}
}

// A .docx made by LibreOffice (committed: testdata/libreoffice-sop.docx,
// converted from testdata/libreoffice-sop.html).
func TestAdoptLibreOfficeFixture(t *testing.T) {
	checkLibreOfficeSOP(t, filepath.Join("testdata", "libreoffice-sop.docx"))
}

// The same, converted afresh by the LibreOffice installed here. Opt-in
// (SMSGEN_TEST_LIBREOFFICE=1), since CI has no LibreOffice: Debian's
// libreoffice-writer-nogui.
func TestAdoptLibreOffice(t *testing.T) {
	if os.Getenv("SMSGEN_TEST_LIBREOFFICE") != "1" {
		t.Skip("set SMSGEN_TEST_LIBREOFFICE=1 to convert testdata/libreoffice-sop.html with LibreOffice (Debian: libreoffice-writer-nogui)")
	}
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("SMSGEN_TEST_LIBREOFFICE=1 but libreoffice is not installed (Debian: apt-get install libreoffice-writer-nogui); skipping")
	}
	dir := t.TempDir()
	html, err := os.ReadFile(filepath.Join("testdata", "libreoffice-sop.html"))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "libreoffice-sop.html")
	if err := os.WriteFile(src, html, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	checkLibreOfficeSOP(t, filepath.Join(dir, "libreoffice-sop.docx"))
}
