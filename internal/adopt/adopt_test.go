package adopt_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/adopt"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/testutil"
)

const existing = `---
doc_id: KEB-001
title: Kebijakan SMS
doc_type: policy
version: "1.0"
status: draft
owner: Kepala Pusdatin
next_review: 2027-06-01
classification: internal
---
# Kebijakan SMS
`

// newSite writes a site with one policy (KEB-001) and returns its root.
func newSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, "content/kebijakan/kebijakan-sms.md"), existing)
	return root
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run adopts the sources into the site, then validates it: the adopted
// documents must be read back and have no errors. It returns the result
// and the findings in the new files.
func run(t *testing.T, root string, opt adopt.Options) (*adopt.Result, []diag.Finding) {
	t.Helper()
	before, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := adopt.Run(before.Site, "id", opt)
	if err != nil {
		t.Fatal(err)
	}
	var rep bytes.Buffer
	adopt.WriteReport(&rep, res)
	t.Log("\n" + rep.String())
	after, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var mine []diag.Finding
	for _, f := range res.Files {
		if f.Err != "" {
			continue
		}
		if opt.DryRun {
			if _, err := os.Stat(filepath.Join(root, f.Target)); err == nil {
				t.Errorf("--dry-run wrote %s", f.Target)
			}
			continue
		}
		d := after.Site.DocByPath[f.Target]
		if d == nil || d.DocID != f.DocID {
			t.Fatalf("%s is not read back as document %s", f.Target, f.DocID)
		}
		for _, fd := range after.Findings {
			if fd.File == f.Target || strings.HasPrefix(fd.File, strings.TrimSuffix(f.Target, ".md")+"/") {
				mine = append(mine, fd)
			}
		}
	}
	for _, fd := range after.Findings {
		if fd.Severity == diag.Error {
			t.Errorf("after adoption: %s:%d %s %s", fd.File, fd.Line, fd.Code, fd.Message)
		}
	}
	return res, mine
}

func report(res *adopt.Result, source string) *adopt.FileReport {
	for _, f := range res.Files {
		if strings.HasSuffix(f.Source, source) {
			return f
		}
	}
	return nil
}

func has(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// comply's policies: YAML closed by "---" with no opening line, name and
// acronym, satisfies and majorRevisions; one links to the other.
func TestAdoptComply(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "policies/access.md"), `name: Access Onboarding and Termination Policy
acronym: AOTP
satisfies:
  TSC:
    - CC6.1
    - CC6.2
majorRevisions:
  - date: Jun 1 2018
    comment: Initial document
---

# Purpose and Scope

a. The purpose of this policy is to define procedures to onboard and offboard users.

Access is granted as the [access control policy](access-control.md#policy) says.
`)
	write(t, filepath.Join(src, "policies/access-control.md"), `name: Access Control Policy
acronym: ACP
satisfies:
  TSC: [CC6.1]
---
# Policy

See ![the flow](img/flow%20chart.png).
`)
	write(t, filepath.Join(src, "policies/img/flow chart.png"), "\x89PNG\r\n\x1a\n")
	write(t, filepath.Join(src, "README.txt"), "not a document")
	res, _ := run(t, root, adopt.Options{Sources: []string{src}})
	if len(res.Files) != 2 || res.Failed() != 0 {
		t.Fatalf("files %d, failed %d", len(res.Files), res.Failed())
	}
	fr := report(res, "access.md")
	if fr.Preset != "comply" || fr.DocID != "AOTP" || fr.Target != "content/kebijakan/access-onboarding-and-termination-policy.md" {
		t.Errorf("report: %+v", fr)
	}
	if !has(fr.Mapped, "name → title") || !has(fr.Mapped, "acronym → doc_id") || !has(fr.Left, "owner") ||
		!has(fr.Kept, "satisfies") || !has(fr.Kept, "majorRevisions") || !has(fr.Guessed, "doc_type: policy") {
		t.Errorf("report: %+v", fr)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, fr.Target))
	for _, want := range []string{"doc_id: AOTP\n", "title: Access Onboarding and Termination Policy\n", "status: draft\n",
		"owner: WAJIB DIISI\n", "x_source:\n  satisfies:\n    TSC:\n      - CC6.1\n", "  majorRevisions:\n    - date: Jun 1 2018\n",
		"[access control policy](doc:ACP#policy)", "# Purpose and Scope"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q:\n%s", want, doc)
		}
	}
	other := testutil.ReadFile(t, filepath.Join(root, "content/kebijakan/access-control-policy.md"))
	if !strings.Contains(other, "![the flow](access-control-policy/flow-chart.png)") {
		t.Errorf("image link not moved:\n%s", other)
	}
	if testutil.ReadFile(t, filepath.Join(root, "content/kebijakan/access-control-policy/flow-chart.png")) != "\x89PNG\r\n\x1a\n" {
		t.Error("image not copied")
	}
}

// A Notion export: page properties as front matter, owner lists, statuses
// of Notion's own, a page id in the file name, and a mapping file.
func TestAdoptNotion(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "IMS/Prosedur Manajemen Perubahan 0123456789abcdef0123456789abcdef.md"), `---
notion_page_id: 0123456789abcdef0123456789abcdef
Status: Not started
Owner: [Budi Santoso, Ani Lestari]
Created time: March 3, 2026 10:15 AM
Tags: [ITSM, perubahan]
---
Isi prosedur, lihat [kebijakan](<Kebijakan Keamanan Informasi fedcba9876543210fedcba9876543210.md>).
`)
	write(t, filepath.Join(src, "IMS/Kebijakan Keamanan Informasi fedcba9876543210fedcba9876543210.md"), `---
notion_page_id: fedcba9876543210fedcba9876543210
Status: Done
Owner: [Kepala Pusdatin]
Reviewer: Kabid Infrastruktur
Klasifikasi: Terbatas
Next review: 2027-03-01
---
# Kebijakan Keamanan Informasi

Isi.
`)
	res, found := run(t, root, adopt.Options{Sources: []string{filepath.Join(src, "IMS")}})
	if res.Failed() != 0 {
		t.Fatalf("failed: %+v", res.Files)
	}
	pro := report(res, "abcdef.md")
	if pro.Preset != "notion" || pro.DocID != "PRO-001" || pro.Target != "content/prosedur/prosedur-manajemen-perubahan.md" {
		t.Errorf("report: %+v", pro)
	}
	if !has(pro.Mapped, "Status → status (Not started → draft)") || !has(pro.Guessed, "owner: Budi Santoso, yang pertama dari 2") ||
		!has(pro.Kept, "notion_page_id") || !has(pro.Guessed, "title: Prosedur Manajemen Perubahan (nama berkas)") {
		t.Errorf("report: %+v", pro)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, pro.Target))
	for _, want := range []string{"owner: Budi Santoso # juga: Ani Lestari\n", "  notion_page_id: 0123456789abcdef0123456789abcdef\n",
		"  Tags: [ITSM, perubahan]\n", "# Prosedur Manajemen Perubahan\n", "[kebijakan](doc:KEB-002)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q:\n%s", want, doc)
		}
	}
	keb := report(res, "3210.md")
	// Done maps to approved, but approver and dates are unknown: a draft.
	if keb.DocID != "KEB-002" || !has(keb.Guessed, "status: draft (tercantum approved, tetapi approved_by, approved_date, effective_date tidak diketahui)") ||
		!has(keb.Mapped, "Klasifikasi → classification (Terbatas → restricted)") || !has(keb.Mapped, "Reviewer → reviewed_by") {
		t.Errorf("report: %+v", keb)
	}
	for _, f := range found {
		if f.Code == "unknown-front-matter" {
			t.Errorf("x_source not accepted: %+v", f)
		}
	}

	// the same export again: nothing overwritten
	res2, err := adopt.Run(mustSite(t, root).Site, "id", adopt.Options{Sources: []string{filepath.Join(src, "IMS")}})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Failed() != 2 || !strings.Contains(res2.Files[0].Err, "sudah ada: tidak ditimpa") {
		t.Errorf("second run: %+v", res2.Files[0])
	}
	if testutil.ReadFile(t, filepath.Join(root, pro.Target)) != doc {
		t.Error("document overwritten")
	}
}

func mustSite(t *testing.T, root string) *pipeline.Result {
	t.Helper()
	r, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A mapping file: keys, values, defaults, unmapped keys reported once per
// key; TOML and JSON front matter; --dry-run writes nothing.
func TestAdoptMappingFile(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "a.md"), "+++\nJudul = \"Rencana Ketersediaan Layanan\"\nPemilik = \"Kabid Layanan\"\nTahap = \"Selesai\"\nDibuat = 2026-01-05\nwarna = \"biru\"\n+++\nIsi.\n")
	write(t, filepath.Join(src, "b.md"), "{\n  \"Judul\": \"Pedoman Tata Naskah\",\n  \"Tahap\": \"Usulan\",\n  \"warna\": \"merah\"\n}\n\nIsi.\n")
	write(t, filepath.Join(src, "map.yaml"), `unmapped: report
keys: {Judul: title, Tahap: status, Dibuat: "-"}
values:
  status: {Selesai: draft, Usulan: draft}
defaults: {owner: Kepala Bidang Layanan, classification: restricted}
`)
	m, err := adopt.LoadMapping(filepath.Join(src, "map.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dry, _ := run(t, root, adopt.Options{Sources: []string{filepath.Join(src, "a.md"), filepath.Join(src, "b.md")}, Mapping: m, DryRun: true})
	if dry.Failed() != 0 || dry.Files[0].Target == "" {
		t.Fatalf("dry run: %+v", dry.Files[0])
	}
	res, _ := run(t, root, adopt.Options{Sources: []string{filepath.Join(src, "a.md"), filepath.Join(src, "b.md")}, Mapping: m})
	if res.Unmapped["warna"] != 2 {
		t.Errorf("unmapped: %v", res.Unmapped)
	}
	a := report(res, "a.md")
	if a.Target != "content/rencana/rencana-ketersediaan-layanan.md" || !has(a.Mapped, "Pemilik → owner") || !has(a.Dropped, "Dibuat") {
		t.Errorf("report: %+v", a)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, a.Target))
	if strings.Contains(doc, "warna") || strings.Contains(doc, "x_source") || !strings.Contains(doc, "classification: restricted") ||
		!strings.Contains(doc, "owner: Kabid Layanan") {
		t.Errorf("document:\n%s", doc)
	}
	b := testutil.ReadFile(t, filepath.Join(root, report(res, "b.md").Target))
	if !strings.Contains(b, "owner: Kepala Bidang Layanan") || !strings.Contains(b, "doc_type: guideline") {
		t.Errorf("document:\n%s", b)
	}

	for _, bad := range []string{"keyz: {a: b}\n", "unmapped: drop\n", "preset: confluence\n"} {
		write(t, filepath.Join(src, "bad.yaml"), bad)
		if _, err := adopt.LoadMapping(filepath.Join(src, "bad.yaml")); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// numbering.xml of the test documents: numId 1 decimal (level 1 a bullet),
// numId 2 bullets.
const numbering = `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>`

var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func sopDocx() testutil.Docx {
	body := testutil.Para("Title", "Prosedur Pencadangan Data") +
		testutil.Table([]string{"Nomor", "PRO/07/PUSDATIN/2026"}, []string{"Versi", "2.1"},
			[]string{"Tanggal Pengesahan", "2 Maret 2026"}, []string{"Tanggal Berlaku", "09/03/2026"},
			[]string{"Disahkan oleh", "Kepala Pusdatin, Sri Wahyuni"}, []string{"Diperiksa oleh", "Kepala Bidang Infrastruktur"},
			[]string{"Pemilik", "Koordinator Infrastruktur"}, []string{"Halaman", "1 dari 3"}) +
		testutil.Para("TOCHeading", "Daftar Isi") +
		`<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:hyperlink w:anchor="_Toc1"><w:r><w:t>Tujuan</w:t></w:r><w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>` +
		testutil.Para("Heading1", "Tujuan") +
		`<w:p><w:r><w:t xml:space="preserve">Data </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>wajib</w:t></w:r><w:r><w:t xml:space="preserve"> dicadangkan </w:t></w:r>` +
		`<w:r><w:rPr><w:i/></w:rPr><w:t>setiap hari</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t xml:space="preserve"> *penting*</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>` +
		testutil.Para("Heading1", "Langkah") +
		testutil.ListItem("1", "0", "Siapkan media") +
		testutil.ListItem("1", "1", "Periksa kapasitas") +
		testutil.ListItem("1", "1", "Beri label") +
		testutil.ListItem("1", "0", "Jalankan pencadangan") +
		testutil.Para("ListNumber", "Catat hasil") +
		testutil.Para("Heading2", "Jadwal") +
		testutil.Table([]string{"Sistem", "Frekuensi"}, []string{"Surel | arsip", "Harian"}, []string{"Basis data", "Per jam"}) +
		testutil.ListItem("2", "0", "Butir bertanda") +
		`<w:p><w:hyperlink r:id="rIdL1"><w:r><w:t>Panduan vendor</w:t></w:r></w:hyperlink></w:p>` +
		`<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Gambar 1" descr="Diagram alur"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rIdImgimage1.png"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>` +
		testutil.Para("Judul3", "Lampiran")
	return testutil.Docx{
		Body: body, Numbering: numbering, Media: map[string][]byte{"image1.png": png},
		Links: map[string]string{"rIdL1": "https://vendor.example/panduan"},
		Core: `<dc:title>Prosedur Pencadangan</dc:title><dc:creator>Siti Nurhaliza</dc:creator>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">2026-02-01T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-01T09:30:00Z</dcterms:modified>`,
	}
}

// A Word procedure with a document-control table, headings, numbered and
// bulleted lists (nested), a table, a link and an image.
func TestAdoptDocx(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	testutil.WriteDocx(t, filepath.Join(src, "Prosedur Pencadangan.docx"), sopDocx())
	res, _ := run(t, root, adopt.Options{Sources: []string{src}})
	if res.Failed() != 0 {
		t.Fatalf("%+v", res.Files[0])
	}
	fr := res.Files[0]
	if fr.Preset != "docx" || fr.DocID != "PRO-07-PUSDATIN-2026" || fr.Target != "content/prosedur/prosedur-pencadangan-data.md" {
		t.Errorf("report: %+v", fr)
	}
	if !has(fr.Guessed, "status: approved (pengesah, pemeriksa dan tanggal tercantum)") || !has(fr.Dropped, "Halaman") ||
		!has(fr.Mapped, "Tanggal Berlaku → effective_date (09/03/2026 → 2026-03-09)") || len(fr.Left) != 0 {
		t.Errorf("report: %+v", fr)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, fr.Target))
	want := `---
doc_id: PRO-07-PUSDATIN-2026
title: Prosedur Pencadangan Data
doc_type: procedure
version: "2.1"
status: approved
owner: Koordinator Infrastruktur
reviewed_by: Kepala Bidang Infrastruktur
approved_by: Kepala Pusdatin, Sri Wahyuni
approved_date: 2026-03-02
effective_date: 2026-03-09
next_review: 2027-03-02
classification: internal
clauses: []
revision_history:
  - {version: "2.1", date: 2026-03-01, author: Siti Nurhaliza, summary: Diadopsi dari Prosedur Pencadangan.docx}
---
# Prosedur Pencadangan Data

## Tujuan

Data **wajib** dicadangkan _setiap hari_ **\*penting\***.

## Langkah

1. Siapkan media
   - Periksa kapasitas
   - Beri label
2. Jalankan pencadangan
3. Catat hasil

### Jadwal

| Sistem | Frekuensi |
| --- | --- |
| Surel \| arsip | Harian |
| Basis data | Per jam |

- Butir bertanda

[Panduan vendor](<https://vendor.example/panduan>)

![Diagram alur](prosedur-pencadangan-data/image1.png)

#### Lampiran
`
	if doc != want {
		t.Errorf("document:\n%s\nwant:\n%s", doc, want)
	}
	if !bytes.Equal([]byte(testutil.ReadFile(t, filepath.Join(root, "content/prosedur/prosedur-pencadangan-data/image1.png"))), png) {
		t.Error("image not extracted")
	}
}

// A Word document with nothing known but its text: a draft with placeholders,
// title from the file name; a control table given as a header row.
func TestAdoptDocxDraft(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	testutil.WriteDocx(t, filepath.Join(src, "Kebijakan Layanan.docx"), testutil.Docx{Body: testutil.Para("", "Isi kebijakan.")})
	testutil.WriteDocx(t, filepath.Join(src, "rencana.docx"), testutil.Docx{Body: testutil.Table(
		[]string{"No. Dokumen", "Judul", "Revisi"}, []string{"REN-KONT-01", "Rencana Kontinuitas Layanan", "03"}) +
		testutil.Para("Heading1", "Ruang Lingkup") + testutil.Para("", "Semua layanan.")})
	res, found := run(t, root, adopt.Options{Sources: []string{src}})
	if res.Failed() != 0 {
		t.Fatalf("%+v", res.Files)
	}
	keb := report(res, "Kebijakan Layanan.docx")
	if keb.DocID != "KEB-002" || !has(keb.Left, "owner") || !has(keb.Left, "revision_history author") || !has(keb.Guessed, "title: Kebijakan Layanan (nama berkas)") {
		t.Errorf("report: %+v", keb)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, keb.Target))
	if !strings.Contains(doc, "status: draft\n") || !strings.Contains(doc, "owner: WAJIB DIISI\n") || !strings.Contains(doc, "# Kebijakan Layanan\n\nIsi kebijakan.\n") {
		t.Errorf("document:\n%s", doc)
	}
	ren := report(res, "rencana.docx")
	if ren.DocID != "REN-KONT-01" || ren.Target != "content/rencana/rencana-kontinuitas-layanan.md" || !has(ren.Mapped, "Revisi → version") {
		t.Errorf("report: %+v", ren)
	}
	for _, f := range found {
		if f.Severity == diag.Error {
			t.Errorf("finding: %+v", f)
		}
	}
}

// Broken and hostile Word files: reported per file, nothing written, no panic.
func TestAdoptDocxHostile(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "bukan.docx"), "PK\x03\x04 not really a zip")
	// a part that inflates far beyond its compressed size
	f, _ := os.Create(filepath.Join(src, "bom.docx"))
	zw := zip.NewWriter(f)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`))
	w.Write(bytes.Repeat([]byte("a"), 40<<20))
	w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	f.Close()
	// a part compressed far more than a document ever is
	f, _ = os.Create(filepath.Join(src, "rasio.docx"))
	zw = zip.NewWriter(f)
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`))
	w.Write(bytes.Repeat([]byte("a"), 4<<20))
	w.Write([]byte(`</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	f.Close()
	// no document part
	f, _ = os.Create(filepath.Join(src, "kosong.docx"))
	zw = zip.NewWriter(f)
	zw.Create("word/other.xml")
	zw.Close()
	f.Close()
	// unclosed XML
	testutil.WriteDocx(t, filepath.Join(src, "rusak.docx"), testutil.Docx{Body: `<w:p><w:r><w:t>tanpa akhir`})
	res, _ := run(t, root, adopt.Options{Sources: []string{src}})
	wants := map[string]string{"bukan.docx": "not a Word document", "bom.docx": "larger than 32 MiB",
		"kosong.docx": "no word/document.xml", "rasio.docx": "compressed more than 200:1", "rusak.docx": "word/document.xml"}
	for name, want := range wants {
		fr := report(res, name)
		if fr == nil || !strings.Contains(fr.Err, want) {
			t.Errorf("%s: %+v, want error with %q", name, fr, want)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(root, "content"))
	if len(entries) != 1 {
		t.Errorf("written: %v", entries)
	}
}

// A broken foreign front matter is reported at its line in the file, and
// the source is not adopted.
func TestAdoptBrokenFrontMatter(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "yaml.md"), "\n---\ntitle: A\nowner: [B\n---\nx\n")
	write(t, filepath.Join(src, "toml.md"), "+++\ntitle = \"A\"\nowner = \n+++\nx\n")
	write(t, filepath.Join(src, "json.md"), "{\n  \"title\": \"A\",\n  \"owner\": ,\n}\n\nx\n")
	write(t, filepath.Join(src, "comply.md"), "name: A\nsatisfies: [a\n---\nx\n")
	write(t, filepath.Join(src, "latin1.md"), "title: caf\xe9\n")
	bomb := "---\ntitle: Bom\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, prev := 'b', 'a'; i <= 'h'; prev, i = i, i+1 {
		bomb += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	write(t, filepath.Join(src, "bom.md"), bomb+"---\nx\n")
	res, _ := run(t, root, adopt.Options{Sources: []string{src}})
	if fr := report(res, "bom.md"); !strings.Contains(fr.Err, "values once aliases are expanded") || fr.Line != 7 {
		t.Errorf("alias bomb: %+v", fr)
	}
	for name, line := range map[string]int{"yaml.md": 4, "toml.md": 3, "json.md": 3, "comply.md": 2, "latin1.md": 0} {
		fr := report(res, name)
		if fr == nil || fr.Err == "" || fr.Line != line {
			t.Errorf("%s: %+v, want an error at line %d", name, fr, line)
		}
	}
	var out bytes.Buffer
	adopt.WriteReport(&out, res)
	if !strings.Contains(out.String(), "toml.md:3: tidak diadopsi: front matter:") {
		t.Errorf("report:\n%s", out.String())
	}
}

// Aliases in a foreign front matter: the kept value is written out whole,
// so the document reads back without the anchor's key.
func TestAdoptAliases(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "a.md"), "---\nname: Kebijakan Cadangan\nacronym: KC\nbase: &b {team: Infra, tags: !local [a, b]}\ncopy: *b\n---\nx\n")
	res, _ := run(t, root, adopt.Options{Sources: []string{src}, Mapping: nil, Preset: "comply"})
	doc := testutil.ReadFile(t, filepath.Join(root, res.Files[0].Target))
	if strings.Contains(doc, "&b") || strings.Contains(doc, "*b") || strings.Contains(doc, "!local") || strings.Count(doc, "team: Infra") != 2 {
		t.Errorf("document:\n%s", doc)
	}
}

// Notion's own Markdown export: no front matter, the page's properties as
// "Key: value" lines under the title.
func TestAdoptNotionProperties(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "Kebijakan Cadangan 00112233445566778899aabbccddeeff.md"), `# Kebijakan Cadangan

Status: In review
Owner: Kepala Bidang Infrastruktur
Reviewer: Kepala Pusdatin
Created time: March 3, 2026 10:15 AM

Isi kebijakan.

Catatan: bukan properti.
`)
	res, _ := run(t, root, adopt.Options{Sources: []string{src}})
	fr := res.Files[0]
	if fr.Err != "" || fr.Preset != "notion" || !has(fr.Mapped, "Status → status (In review → review)") || !has(fr.Kept, "Created time") {
		t.Fatalf("report: %+v", fr)
	}
	doc := testutil.ReadFile(t, filepath.Join(root, fr.Target))
	if !strings.Contains(doc, "status: review\n") || !strings.Contains(doc, "---\n# Kebijakan Cadangan\n\nIsi kebijakan.\n\nCatatan: bukan properti.\n") ||
		strings.Contains(doc, "Owner:") {
		t.Errorf("document:\n%s", doc)
	}
}

// Merged cells, a list level skipped, bold italic, a line break and a
// paragraph that would read as Markdown: all kept as written.
func TestAdoptDocxDetails(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	cell := func(props, text string) string {
		return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + testutil.Para("", text) + `</w:tc>`
	}
	body := testutil.Para("Heading1", "Rincian") +
		`<w:tbl><w:tr>` + cell(`<w:gridSpan w:val="2"/>`, "Layanan") + cell("", "Jam") + `</w:tr>` +
		`<w:tr>` + cell(`<w:vMerge w:val="restart"/>`, "Surel") + cell("", "Kirim") + cell("", "24") + `</w:tr>` +
		`<w:tr>` + cell(`<w:vMerge/>`, "") + cell("", "Terima") + cell("", "24") + `</w:tr></w:tbl>` +
		testutil.ListItem("2", "0", "Satu") + testutil.ListItem("2", "2", "Dalam") +
		`<w:p><w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>Penting</w:t></w:r><w:r><w:br/><w:t>baris dua</w:t></w:r></w:p>` +
		testutil.Para("", "1. bukan daftar") + testutil.Para("", "# bukan judul") +
		`<w:p><w:r><w:t>Akhir</w:t></w:r><w:ins w:id="1"><w:r><w:t xml:space="preserve"> baru</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText> lama</w:delText></w:r></w:del>` +
		`<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>`
	testutil.WriteDocx(t, filepath.Join(src, "Pedoman Layanan.docx"), testutil.Docx{Body: body, Numbering: numbering})
	res, _ := run(t, root, adopt.Options{Sources: []string{src}})
	doc := testutil.ReadFile(t, filepath.Join(root, res.Files[0].Target))
	want := "# Pedoman Layanan\n\n## Rincian\n\n| Layanan |  | Jam |\n| --- | --- | --- |\n| Surel | Kirim | 24 |\n|  | Terima | 24 |\n\n" +
		"- Satu\n  - Dalam\n\n**_Penting_**\\\nbaris dua\n\n1\\. bukan daftar\n\n\\# bukan judul\n\nAkhir baru\n"
	if !strings.HasSuffix(doc, want) {
		t.Errorf("document:\n%s\nwant the end:\n%s", doc, want)
	}
	if n := res.Files[0].Notes; len(n) != 3 || !has(n, "1 catatan kaki tidak diambil") || !has(n, "1 komentar") || !has(n, "perubahan terlacak") {
		t.Errorf("notes: %q", n)
	}
}

// Links a source's body holds to files that are missing, or outside the
// folder given (also through a symbolic link), are left as they were and
// noted: the site's validation then reports them where they are.
func TestAdoptLinksLeft(t *testing.T) {
	root, src := newSite(t), t.TempDir()
	write(t, filepath.Join(src, "policies/outside.md"), "name: Outside Policy\nacronym: OUT\n---\n![a](../../secret.png) ![b](img/link.png) [c](missing.pdf)\n")
	write(t, filepath.Join(filepath.Dir(src), "secret.png"), "secret")
	if err := os.MkdirAll(filepath.Join(src, "policies/img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(filepath.Dir(src), "secret.png"), filepath.Join(src, "policies/img/link.png")); err != nil {
		t.Fatal(err)
	}
	res, err := adopt.Run(mustSite(t, root).Site, "id", adopt.Options{Sources: []string{src}})
	if err != nil {
		t.Fatal(err)
	}
	out := res.Files[0]
	if out.Err != "" || len(out.Notes) != 3 || !has(out.Notes, "../../secret.png dibiarkan: di luar folder sumber") ||
		!has(out.Notes, "img/link.png dibiarkan: di luar folder sumber") || !has(out.Notes, "missing.pdf dibiarkan: berkas itu tidak ada") {
		t.Errorf("%+v", out)
	}
	if len(out.Written) != 1 {
		t.Errorf("written: %v", out.Written)
	}
	var broken []string
	for _, f := range mustSite(t, root).Findings {
		if f.Code == "broken-link" && f.File == out.Target && f.Line == 14 {
			broken = append(broken, f.Value)
		}
	}
	if len(broken) != 3 {
		t.Errorf("broken links at line 14: %v", broken)
	}
}
