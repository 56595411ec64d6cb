package pdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/testutil"
)

// pageText is the text of page n of a PDF.
func pageText(t *testing.T, file string, n int) string {
	t.Helper()
	p := strconv.Itoa(n)
	return pdftotext(t, file, "-f", p, "-l", p)
}

// images counts the images drawn on page n of a PDF (pdfimages -list).
func images(t *testing.T, file string, n int) int {
	t.Helper()
	bin := testutil.Tool(t, "pdfimages", "qpdf poppler-utils")
	b, err := exec.Command(bin, "-list", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages %s: %v\n%s", file, err, b)
	}
	c := 0
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 3 && f[0] == strconv.Itoa(n) && f[2] == "image" {
			c++
		}
	}
	return c
}

// sigFields lists the signature fields pdfsig finds in a PDF, and how many
// of them are signed.
func sigFields(t *testing.T, file string, args ...string) (names []string, text string) {
	t.Helper()
	bin := testutil.Tool(t, "pdfsig", "poppler-utils")
	b, _ := exec.Command(bin, append(args, file)...).CombinedOutput() // exit 2 when nothing is signed
	for _, m := range regexp.MustCompile(`Signature Field Name: (\S+)`).FindAllStringSubmatch(string(b), -1) {
		names = append(names, m[1])
	}
	return names, string(b)
}

// inOrder reports whether the texts occur in s in this order.
func inOrder(s string, texts ...string) bool {
	at := 0
	for _, x := range texts {
		i := strings.Index(s[at:], x)
		if i < 0 {
			return false
		}
		at += i + len(x)
	}
	return true
}

// TestOfficialExample: the example site's PDFs carry the official trappings:
// the letterhead with the logo on the first page of a document (not on the
// others), on the SOP identity page, the RFC forms and the audit pack's
// cover; the approval block at the end of approved policies, plans and
// procedures with its empty signature field; the RFC form on one sheet with
// the assessment before the four signature fields and no repository path.
func TestOfficialExample(t *testing.T) {
	out, _ := render(t, exampleRoot)
	pdf := func(rel string) string { return filepath.Join(out, "pdf", rel) }

	// letterhead: organisation, unit and address over the document box, logo
	kam := pdf("docs/KEB-KAM-001.pdf")
	p1 := pageText(t, kam, 1)
	if !inOrder(p1, "KEMENTERIAN CONTOH REPUBLIK INDONESIA", "PUSAT DATA DAN TEKNOLOGI INFORMASI (PUSDATIN)", "Jalan Contoh Raya No. 1", "Nomor Dokumen", "KEB-KAM-001") {
		t.Errorf("page 1 of KEB-KAM-001 has no letterhead above the document box:\n%s", p1)
	}
	if n := images(t, kam, 1); n != 1 {
		t.Errorf("page 1 of KEB-KAM-001 draws %d images, want the logo", n)
	}
	if p2 := pageText(t, kam, 2); strings.Contains(p2, "Jalan Contoh Raya") || images(t, kam, 2) != 0 {
		t.Errorf("the letterhead is repeated on page 2:\n%s", p2)
	}
	sop := pdf("docs/SOP-KAM-001.pdf")
	ident := 0
	for p := 1; p <= pages(t, sop); p++ {
		if strings.Contains(pageText(t, sop, p), "Nomor SOP") {
			ident = p
		}
	}
	if ident == 0 || images(t, sop, ident) != 1 {
		t.Errorf("the SOP identity page (page %d) has no logo", ident)
	}
	if images(t, pdf("audit-pack.pdf"), 1) != 1 {
		t.Error("the audit pack's cover has no logo")
	}

	// approval block: at the end of an approved policy, with its field
	last := pageText(t, kam, pages(t, kam))
	// the last section goes with it: the block never stands alone on a page
	if !inOrder(norm(last), "10. Tinjauan", "berdampak besar.", "Ditetapkan di : Jakarta", "pada tanggal : 20 Januari 2026", "Kepala Pusdatin,", "Sri Wahyuni") {
		t.Errorf("no approval block after the last section at the end of KEB-KAM-001:\n%s", last)
	}
	if names, _ := sigFields(t, kam); strings.Join(names, " ") != "ttd_pengesah" {
		t.Errorf("KEB-KAM-001 signature fields %v, want [ttd_pengesah]", names)
	}
	for _, c := range []struct{ rel, before string }{
		{"docs/PRO-INS-001.pdf", ""}, {"docs/REN-BCP-001.pdf", ""},
		{"docs/PRO-MSL-001.pdf", "menurut Kebijakan SMS."}, // its last paragraph, not its heading, goes with it
	} {
		f := pdf(c.rel)
		if !inOrder(norm(pageText(t, f, pages(t, f))), c.before, "Ditetapkan di : Jakarta") {
			t.Errorf("%s (an approved procedure or plan) has no approval block after %q", c.rel, c.before)
		}
	}
	if strings.Contains(pdftotext(t, pdf("docs/PED-KAT-001.pdf")), "Ditetapkan di") {
		t.Error("a guideline got an approval block")
	}
	if names, _ := sigFields(t, sop); strings.Join(names, " ") != "ttd_pengesah" {
		t.Errorf("SOP-KAM-001 signature fields %v, want the approver's", names)
	}
	if names, _ := sigFields(t, pdf("audit-pack.pdf")); len(names) != 0 {
		t.Errorf("the audit pack has signature fields %v", names)
	}

	// the RFC form: one sheet, assessment, decision, then the signatures
	rfc := pdf("forms/changes/RFC-2026-001.pdf")
	if n := pages(t, rfc); n != 1 {
		t.Errorf("RFC-2026-001 has %d pages, want 1", n)
	}
	text := pdftotext(t, rfc)
	if !inOrder(text, "KEMENTERIAN CONTOH REPUBLIK INDONESIA", "FORMULIR PERMINTAAN SISTEM INFORMASI", "Penilaian dan Rencana", "Usulan diterima", "Diajukan oleh", "Disetujui oleh", "Diketahui oleh", "Diterima oleh") {
		t.Errorf("RFC-2026-001: not letterhead, assessment, decision, signatures in this order:\n%s", text)
	}
	if images(t, rfc, 1) != 1 {
		t.Error("RFC-2026-001 has no logo")
	}
	names, _ := sigFields(t, rfc)
	if strings.Join(names, " ") != "ttd_pemohon ttd_penyetuju ttd_mengetahui ttd_penerima" {
		t.Errorf("RFC-2026-001 signature fields %v", names)
	}
	files, _ := filepath.Glob(pdf("forms/changes/*.pdf"))
	if len(files) == 0 {
		t.Fatal("no RFC forms")
	}
	for _, f := range files {
		text := pdftotext(t, f)
		if strings.Contains(text, "registers/") || strings.Contains(text, ".yaml") {
			t.Errorf("%s prints a repository path:\n%s", filepath.Base(f), text)
		}
		n := pages(t, f)
		if lastPage := pageText(t, f, n); n > 1 && !inOrder(lastPage, "Usulan diterima", "Diajukan oleh") {
			t.Errorf("%s: the signatures are on page %d without the decision:\n%s", filepath.Base(f), n, lastPage)
		}
	}
}

// TestApprovalBlock: the block takes position and name from approved_by
// ("position, name": a name keeps the commas of its degrees), the NIP from
// approver_nip, the place from the settings' city and the date from
// approved_date; a draft has none, and neither has a document type that is
// not a policy, plan or procedure.
func TestApprovalBlock(t *testing.T) {
	fm := func(id, typ, status, extra string) string {
		return "---\ndoc_id: " + id + "\ntitle: Kebijakan " + id + "\ndoc_type: " + typ + "\nversion: \"1.0\"\nstatus: " + status +
			"\nowner: Kepala Bidang Uji\nnext_review: 2027-06-30\nclassification: internal\n" + extra + "---\n\nIsi kebijakan terakhir.\n"
	}
	appr := "reviewed_by: Peninjau Uji\napproved_by: Kepala Pusat Data Uji, Dr. Budi Santoso, S.Kom., M.T.\napprover_nip: \"198001012005011002\"\napproved_date: 2026-01-05\neffective_date: 2026-01-10\n"
	root := writeSite(t, map[string]string{
		"smsgen.yaml":        settings + "city: Bandung\n",
		"content/a.md":       fm("KEB-A", "policy", "approved", appr),
		"content/b.md":       fm("KEB-B", "policy", "draft", ""),
		"content/c.md":       fm("FRM-C", "form", "approved", appr),
		"registers/.gitkeep": "",
	})
	out, fs := render(t, root)
	for _, f := range fs {
		if f.Severity == diag.Error {
			t.Errorf("finding: %v", f)
		}
	}
	a := filepath.Join(out, "pdf/docs/KEB-A.pdf")
	text := norm(pdftotext(t, a))
	if !inOrder(text, "Isi kebijakan terakhir.", "Ditetapkan di : Bandung", "pada tanggal : 5 Januari 2026", "Kepala Pusat Data Uji,", "Dr. Budi Santoso, S.Kom., M.T.", "NIP 198001012005011002") {
		t.Errorf("approval block of KEB-A:\n%s", text)
	}
	if names, _ := sigFields(t, a); strings.Join(names, " ") != "ttd_pengesah" {
		t.Errorf("KEB-A signature fields %v", names)
	}
	for _, id := range []string{"KEB-B", "FRM-C"} {
		f := filepath.Join(out, "pdf/docs/"+id+".pdf")
		if strings.Contains(pdftotext(t, f), "Ditetapkan di") {
			t.Errorf("%s has an approval block", id)
		}
		if names, _ := sigFields(t, f); len(names) != 0 {
			t.Errorf("%s has signature fields %v", id, names)
		}
	}
}

// TestNoRepeatedTitle: a body opening with an H1 equal to the title does not
// print the title again, nor list it as the first contents entry; an H1 that
// says something else stays.
func TestNoRepeatedTitle(t *testing.T) {
	var body strings.Builder
	body.WriteString("# Dokumen DOC-T\n\n")
	for i := 1; i <= 11; i++ {
		body.WriteString("## Bagian " + strconv.Itoa(i) + "\n\nIsi bagian.\n\n")
	}
	root := writeSite(t, map[string]string{
		"smsgen.yaml":        settings,
		"content/t.md":       doc("DOC-T", "approved", body.String()),
		"content/u.md":       doc("DOC-U", "approved", "# Ringkasan\n\nIsi.\n"),
		"registers/.gitkeep": "",
	})
	out, _ := render(t, root)
	file := filepath.Join(out, "pdf/docs/DOC-T.pdf")
	text := pdftotext(t, file)
	// in the header box of every page, as the page title and in the control
	// table, never as a heading
	if n := strings.Count(text, "Dokumen DOC-T"); n != pages(t, file)+2 {
		t.Errorf("the title is printed %d times in %d pages:\n%s", n, pages(t, file), text)
	}
	toc := text[strings.Index(text, "Daftar Isi"):]
	if first := strings.Fields(toc[len("Daftar Isi"):]); len(first) < 2 || first[0] != "Bagian" || first[1] != "1" {
		t.Errorf("the first contents entry is not the first section:\n%s", toc)
	}
	if u := pdftotext(t, filepath.Join(out, "pdf/docs/DOC-U.pdf")); !strings.Contains(u, "Ringkasan") {
		t.Errorf("a different H1 was dropped:\n%s", u)
	}
}

// TestSignRoundTrip signs the empty signature fields of the example's PDFs
// as an official would, with poppler's pdfsig and a certificate in an NSS
// database, and checks that the signature is valid and the document
// otherwise unchanged: structurally sound, the same text.
func TestSignRoundTrip(t *testing.T) {
	openssl := testutil.Tool(t, "openssl", "openssl")
	certutil := testutil.Tool(t, "certutil", "libnss3-tools")
	pk12util := testutil.Tool(t, "pk12util", "libnss3-tools")
	pdfsig := testutil.Tool(t, "pdfsig", "poppler-utils")
	qpdf := testutil.Tool(t, "qpdf", "qpdf poppler-utils")
	dir := t.TempDir()
	run := func(name string, args ...string) {
		t.Helper()
		if b, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, b)
		}
	}
	key, crt, p12, nss := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "id.p12"), filepath.Join(dir, "nss")
	if err := os.Mkdir(nss, 0o700); err != nil {
		t.Fatal(err)
	}
	run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=Pejabat Uji/O=Kementerian Uji/C=ID",
		"-keyout", key, "-out", crt)
	run(openssl, "pkcs12", "-export", "-inkey", key, "-in", crt, "-name", "pejabat", "-passout", "pass:uji", "-out", p12)
	run(certutil, "-N", "-d", "sql:"+nss, "--empty-password")
	run(pk12util, "-i", p12, "-d", "sql:"+nss, "-W", "uji")

	out, _ := render(t, exampleRoot)
	for _, c := range []struct{ rel, field string }{
		{"docs/KEB-KAM-001.pdf", "ttd_pengesah"},
		{"docs/SOP-KAM-001.pdf", "ttd_pengesah"},
		{"forms/changes/RFC-2026-001.pdf", "ttd_penyetuju"},
	} {
		in := filepath.Join(out, "pdf", c.rel)
		signed := filepath.Join(dir, filepath.Base(c.rel))
		run(pdfsig, "-sign", c.field, "-nick", "pejabat", "-nssdir", "sql:"+nss, "-reason", "Pengesahan", in, signed)
		_, report := sigFields(t, signed, "-nssdir", "sql:"+nss)
		if !strings.Contains(report, "Signature Validation: Signature is Valid.") {
			t.Errorf("%s: signature in %s not valid:\n%s", c.rel, c.field, report)
		}
		if !strings.Contains(report, "Signer Certificate Common Name: Pejabat Uji") {
			t.Errorf("%s: signer not reported:\n%s", c.rel, report)
		}
		if strings.Contains(report, "not signed") && strings.Count(report, "Signature #") == 1 {
			t.Errorf("%s: the field was not signed:\n%s", c.rel, report)
		}
		if b, err := exec.Command(qpdf, "--check", signed).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check of the signed %s: %v\n%s", c.rel, err, b)
		}
		if pdftotext(t, signed) != pdftotext(t, in) {
			t.Errorf("%s: signing changed the text", c.rel)
		}
		if pages(t, signed) != pages(t, in) {
			t.Errorf("%s: signing changed the page count", c.rel)
		}
	}
}
