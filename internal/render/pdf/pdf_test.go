package pdf_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/pdf"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// exampleRoot is the repository root, itself the example site.
const exampleRoot = "../../.."

// render builds the PDFs of the site at root into a fresh folder; it returns
// the output folder and every finding (validation and render time). The
// renderer runs even when validation found errors, to test how it copes.
func render(t testing.TB, root string) (string, []diag.Finding) {
	t.Helper()
	b := testutil.Build(t, root, testutil.BuildOptions{AllowErrors: true,
		Renderers: map[string]output.Renderer{"pdf": pdf.Renderer{}}})
	return b.Out, append(b.Result.Findings, b.Rendered...)
}

func pdftotext(t *testing.T, file string, args ...string) string {
	t.Helper()
	bin := testutil.Tool(t, "pdftotext", "qpdf poppler-utils")
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, args...), file, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", file, err, out)
	}
	return string(out)
}

// pages counts the pages of a PDF written by fpdf (page objects are not compressed).
func pages(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(b, -1))
}

func pdfFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".pdf") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files
}

// writeSite writes a minimal site: files maps site-relative paths to contents.
func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const settings = "organization: Kementerian Uji\nunit: Pusat Data Uji\nlanguage: id\n"

func doc(id, status, body string) string {
	fm := "---\ndoc_id: " + id + "\ntitle: Dokumen " + id + "\ndoc_type: procedure\nversion: \"1.0\"\nstatus: " + status +
		"\nowner: Kepala Bidang Uji\nnext_review: 2027-06-30\nclassification: internal\n"
	if status == "approved" {
		fm += "reviewed_by: Peninjau Uji\napproved_by: Kepala Pusat Uji\napproved_date: 2026-01-05\neffective_date: 2026-01-10\n"
	}
	return fm + "---\n\n" + body
}

func codes(fs []diag.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Code]++
	}
	return m
}

// TestExampleSite checks every PDF of the example site with qpdf, pdffonts and pdftotext.
func TestExampleSite(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf", "qpdf poppler-utils")
	pdffonts := testutil.Tool(t, "pdffonts", "qpdf poppler-utils")
	out, fs := render(t, exampleRoot)
	if n := codes(fs)["pdf-missing-glyph"]; n > 0 {
		t.Errorf("the example site has characters missing from the fonts: %v", fs)
	}
	files := pdfFiles(t, out)
	for _, want := range []string{"pdf/audit-pack.pdf", "pdf/docs/SOP-KAM-001.pdf", "pdf/registers/incidents.pdf", "pdf/forms/changes/RFC-2026-001.pdf"} {
		if _, err := os.Stat(filepath.Join(out, want)); err != nil {
			t.Errorf("missing %s", want)
		}
	}
	if len(files) < 30 {
		t.Fatalf("only %d PDFs", len(files))
	}
	for _, f := range files {
		rel, _ := filepath.Rel(out, f)
		if b, err := exec.Command(qpdf, "--check", f).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", rel, err, b)
		}
		b, err := exec.Command(pdffonts, f).CombinedOutput()
		if err != nil {
			t.Fatalf("pdffonts %s: %v", rel, err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) < 3 {
			t.Errorf("%s: no fonts", rel)
		}
		for _, l := range lines[2:] {
			// name type encoding emb sub uni object ID: emb is the fourth field from the end but three
			fields := strings.Fields(l)
			if len(fields) < 7 || fields[len(fields)-5] != "yes" {
				t.Errorf("%s: font not embedded: %s", rel, l)
			}
		}
	}
	// a document: number, Indonesian headings, page X of Y, uncontrolled notice
	txt := pdftotext(t, filepath.Join(out, "pdf/docs/KEB-SMS-001.pdf"))
	n := pages(t, filepath.Join(out, "pdf/docs/KEB-SMS-001.pdf"))
	for _, want := range []string{"KEB-SMS-001", "Pengendalian Dokumen", "Riwayat Revisi", "1. Pendahuluan",
		fmt.Sprintf("Halaman 1 dari %d", n), fmt.Sprintf("Halaman %d dari %d", n, n), "Dokumen tidak terkendali bila dicetak", "Daftar Isi"} {
		if !strings.Contains(txt, want) {
			t.Errorf("KEB-SMS-001.pdf lacks %q", want)
		}
	}
	if strings.Contains(txt, "DRAF") {
		t.Errorf("approved document carries a DRAF mark")
	}
	// a draft document carries the mark on every page
	res, err := pipeline.Run(pipeline.Options{Root: exampleRoot, Today: testutil.Today})
	if err != nil {
		t.Fatal(err)
	}
	drafts := 0
	for _, d := range res.Site.Documents {
		if d.Approved() {
			continue
		}
		drafts++
		f := filepath.Join(out, "pdf/docs", d.DocID+".pdf")
		txt := pdftotext(t, f)
		if got, want := strings.Count(txt, "DRAF"), pages(t, f); got < want {
			t.Errorf("%s: %d DRAF marks on %d pages", d.DocID, got, want)
		}
	}
	if drafts == 0 {
		t.Log("the example site has no draft document")
	}
	// the SOP: actors, flowchart columns, total time
	sop := pdftotext(t, filepath.Join(out, "pdf/docs/SOP-KAM-001.pdf"))
	for _, want := range []string{"Analis Keamanan", "Koordinator Keamanan", "Kepala Bidang", "Mutu Baku", "Persyaratan/Kelengkapan",
		"Pelaksana", "Nomor SOP", "Dasar Hukum", "Total waktu jalur utama", "197503181999032001"} {
		if !strings.Contains(sop, want) {
			t.Errorf("SOP lacks %q", want)
		}
	}
	// an RFC form
	rfc := pdftotext(t, filepath.Join(out, "pdf/forms/changes/RFC-2026-001.pdf"))
	for _, want := range []string{"FORMULIR PERMINTAAN SISTEM INFORMASI", "Jenis Permintaan", "Penambahan Data", "Tri Handayani",
		"Diajukan oleh", "Disetujui oleh", "Diketahui oleh", "Diterima oleh", "Usulan diterima / tidak?",
		"14 Mei 2026"} { // received_at: every signature block prints its date
		if !strings.Contains(rfc, want) {
			t.Errorf("RFC form lacks %q", want)
		}
	}
	// the audit pack: an outline entry and a contents line per approved document
	b, err := exec.Command(qpdf, "--json", "--json-key=outlines", filepath.Join(out, "pdf/audit-pack.pdf")).Output()
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Outlines []outline `json:"outlines"`
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			titles[o.Title] = true
			walk(o.Kids)
		}
	}
	walk(js.Outlines)
	pack := pdftotext(t, filepath.Join(out, "pdf/audit-pack.pdf"), "-f", "1", "-l", "3")
	for _, d := range res.Site.Documents {
		if !d.Approved() {
			continue
		}
		if !titles[d.DocID+" — "+d.Title] {
			t.Errorf("audit pack outline lacks %s", d.DocID)
		}
		if !strings.Contains(pack, d.DocID+" — ") {
			t.Errorf("audit pack contents lack %s", d.DocID)
		}
	}
	for _, want := range []string{"Matriks Cakupan", "Register", "Ringkasan Temuan Validasi"} {
		if !titles[want] && !titles["Dokumen yang Disahkan"] {
			t.Errorf("audit pack outline lacks %q", want)
		}
	}
}

type outline struct {
	Title string    `json:"title"`
	Kids  []outline `json:"kids"`
}

// TestReproducible renders the example site twice: every PDF is byte-identical.
func TestReproducible(t *testing.T) {
	a, _ := render(t, exampleRoot)
	b, _ := render(t, exampleRoot)
	fa, fb := pdfFiles(t, a), pdfFiles(t, b)
	if len(fa) != len(fb) || len(fa) == 0 {
		t.Fatalf("%d vs %d files", len(fa), len(fb))
	}
	for i := range fa {
		x, _ := os.ReadFile(fa[i])
		y, _ := os.ReadFile(fb[i])
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", strings.TrimPrefix(fa[i], a))
		}
	}
}

const constructs = `# Judul Utama

Paragraf dengan *miring*, **tebal**, ***tebal miring***, ~~coret~~, ` + "`kode`" + ` dan
[tautan luar](https://example.go.id/sop), [tautan dokumen](doc:DOC-B) serta
[tautan jahat](javascript:alert(1)) dan <span>HTML mentah</span> yang dibuang.

## Daftar Bertingkat

1. Langkah satu
   - butir a
   - butir b
     1. sub satu
2. Langkah dua

- [x] tugas selesai
- [ ] tugas belum

## Tabel

| Kolom A | Kolom B | Kolom C |
|:--|:-:|--:|
| sel panjang yang harus dibungkus menjadi beberapa baris karena lebarnya melebihi kolom | tengah | 42 |
| pendek | **tebal** | 7 |

## Kode dan Kutipan

` + "```" + `
func main() {
	fmt.Println("halo")
}
` + "```" + `

> Kutipan yang cukup panjang untuk diperiksa.
>
> Paragraf kedua kutipan.

Catatan dengan rujukan kaki[^1].

---

![Diagram alur](gambar.png)

<div>blok HTML dibuang</div>

[^1]: Isi catatan kaki.
`

func tinyPNG(t *testing.T) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		for y := 0; y < 20; y++ {
			img.Set(x, y, color.NRGBA{uint8(x * 6), 80, 160, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMarkdownConstructs renders one document holding every Markdown construct
// and compares its text with testdata/constructs.golden.
func TestMarkdownConstructs(t *testing.T) {
	root := writeSite(t, map[string]string{
		"smsgen.yaml":            settings,
		"content/a.md":           doc("DOC-A", "approved", constructs),
		"content/b.md":           doc("DOC-B", "draft", "# Dokumen B\n\nIsi.\n"),
		"content/gambar.png":     tinyPNG(t),
		"registers/services.csv": "id,name,description,intended_outcome,owner,criticality,status\nSVC-01,Surel,Layanan surel,Surel andal,Kepala Bidang,high,live\n",
	})
	out, fs := render(t, root)
	c := codes(fs)
	if c["unsafe-link"] == 0 || c["raw-html"] == 0 {
		t.Errorf("validation should flag the javascript: link and raw HTML: %v", c)
	}
	if c["pdf-image-invalid"] > 0 || c["pdf-missing-glyph"] > 0 {
		t.Errorf("unexpected render warnings: %v", fs)
	}
	file := filepath.Join(out, "pdf/docs/DOC-A.pdf")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(raw), []byte("javascript")) {
		t.Error("a javascript: link reached the PDF")
	}
	if !bytes.Contains(raw, []byte("/URI (https://example.go.id/sop)")) {
		t.Error("external link missing")
	}
	if !bytes.Contains(raw, []byte("/Subtype /Image")) {
		t.Error("image not embedded")
	}
	txt := pdftotext(t, file)
	for _, bad := range []string{"<span>", "span>", "blok HTML", "alert("} {
		if strings.Contains(txt, bad) {
			t.Errorf("%q reached the page", bad)
		}
	}
	golden := filepath.Join("testdata", "constructs.golden")
	body := txt
	if *update {
		if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if body != string(want) {
		t.Errorf("text of the constructs document differs from %s (go test -update to accept):\n%s", golden, body)
	}
}

// TestBadInput: characters the font lacks, a broken image, a very wide table and
// a 100-page document render without a panic, with warnings where due.
func TestBadInput(t *testing.T) {
	var wide strings.Builder
	for i := 0; i < 24; i++ {
		fmt.Fprintf(&wide, "| K%d ", i)
	}
	wide.WriteString("|\n")
	for i := 0; i < 24; i++ {
		wide.WriteString("|---")
	}
	wide.WriteString("|\n")
	for r := 0; r < 3; r++ {
		for i := 0; i < 24; i++ {
			fmt.Fprintf(&wide, "| nilai%d-%d-panjang-sekali-tanpa-spasi ", r, i)
		}
		wide.WriteString("|\n")
	}
	var long strings.Builder
	for i := 1; i <= 480; i++ {
		fmt.Fprintf(&long, "## Bagian %d\n\n%s\n\n", i, strings.Repeat("Kalimat isi dokumen yang panjang untuk menguji pemisahan halaman. ", 12))
	}
	root := writeSite(t, map[string]string{
		"smsgen.yaml":       settings,
		"content/emoji.md":  doc("DOC-EMO", "draft", "# Emoji 😀 dan 漢字\n\nTeks dengan 🚀 dan 中文.\n"),
		"content/img.md":    doc("DOC-IMG", "draft", "# Gambar\n\n![rusak](rusak.png)\n\n![hilang](tidak-ada.png)\n"),
		"content/rusak.png": "bukan png",
		"content/wide.md":   doc("DOC-WIDE", "draft", "# Tabel lebar\n\n"+wide.String()),
		"content/long.md":   doc("DOC-LONG", "draft", "# Panjang\n\n"+long.String()),
	})
	out, fs := render(t, root)
	c := codes(fs)
	if c["pdf-missing-glyph"] == 0 {
		t.Error("no pdf-missing-glyph warning for emoji and CJK")
	}
	if c["pdf-image-invalid"] == 0 {
		t.Error("no pdf-image-invalid warning for a corrupt image")
	}
	if c["broken-link"] == 0 {
		t.Error("a missing image is not a finding")
	}
	for _, f := range fs {
		if f.Code == "pdf-missing-glyph" && f.File != "content/emoji.md" {
			t.Errorf("glyph warning on the wrong file: %+v", f)
		}
	}
	if n := pages(t, filepath.Join(out, "pdf/docs/DOC-LONG.pdf")); n < 100 {
		t.Errorf("long document has %d pages, want at least 100", n)
	}
	if n := pages(t, filepath.Join(out, "pdf/docs/DOC-WIDE.pdf")); n < 1 {
		t.Errorf("wide table: %d pages", n)
	}
	// the columns shrink to the page and long words break between characters
	txt := strings.Join(strings.Fields(pdftotext(t, filepath.Join(out, "pdf/docs/DOC-WIDE.pdf"))), "")
	for _, want := range []string{"Tabellebar", "nil", "spasi"} {
		if !strings.Contains(txt, want) {
			t.Errorf("wide table lost %q", want)
		}
	}
	longTxt := pdftotext(t, filepath.Join(out, "pdf/docs/DOC-LONG.pdf"))
	n := pages(t, filepath.Join(out, "pdf/docs/DOC-LONG.pdf"))
	if !strings.Contains(longTxt, fmt.Sprintf("Halaman %d dari %d", n, n)) || !strings.Contains(longTxt, "Bagian 480") {
		t.Error("long document lacks its last page")
	}
	if strings.Count(longTxt, "DRAF") < n || strings.Contains(longTxt, "DRAFT") {
		t.Error("DRAF mark missing on some pages")
	}
}

// TestEnglish renders a site whose language is English.
func TestEnglish(t *testing.T) {
	root := writeSite(t, map[string]string{
		"smsgen.yaml":  strings.Replace(settings, "language: id", "language: en", 1),
		"content/a.md": doc("DOC-EN", "approved", "# Title\n\nText.\n"),
	})
	out, _ := render(t, root)
	txt := pdftotext(t, filepath.Join(out, "pdf/docs/DOC-EN.pdf"))
	for _, want := range []string{"Page 1 of 1", "Uncontrolled when printed", "Document control", "Revision history"} {
		if !strings.Contains(txt, want) {
			t.Errorf("English document lacks %q", want)
		}
	}
}
