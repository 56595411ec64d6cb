package cli

// Linked files (attachments) through the command line: a hostile site gets a
// finding at the exact line of every refused link and no output; a site
// linking only allowed files publishes them in site/files and site.zip.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/render/html"
)

const gitSecret = "[remote \"origin\"]\n\turl = https://token-RAHASIA-GIT@example.invalid/repo.git\n"

func docxBytes(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range [][2]string{{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}} {
		name, data := e[0], e[1]
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.Write([]byte(data))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const pngBytes = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

// allowed are the attachments every site below links (lines 13-15).
func allowedFiles(t *testing.T) map[string]string {
	return map[string]string{
		"content/lampiran/laporan.pdf": "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n",
		"content/lampiran/bagan.png":   pngBytes,
		"content/lampiran/form.docx":   docxBytes(t),
	}
}

const attachHead = "---\ndoc_id: KEB-1\ntitle: Kebijakan\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\nowner: Kabid\n" +
	"next_review: 2027-01-01\nclassification: internal\n---\n# Lampiran\n\n" +
	"- [laporan](lampiran/laporan.pdf)\n" + // 13
	"- ![bagan](lampiran/bagan.png)\n" + // 14
	"- [formulir](lampiran/form.docx)\n" // 15

// TestAttachmentsHostile: each refused link is a finding at its line, the
// build stops with nothing written, and the secret of .git/config appears
// nowhere.
func TestAttachmentsHostile(t *testing.T) {
	files := allowedFiles(t)
	files["content/a.md"] = attachHead +
		"- [html](lampiran/evil.html)\n" + // 16
		"- ![svg](lampiran/evil.svg)\n" + // 17
		"- ![onload](lampiran/onload.svg)\n" + // 18
		"- ![png](lampiran/html.png)\n" + // 19
		"- [xml](lampiran/gaya.xml)\n" + // 20
		"- [config](lampiran/config.txt)\n" + // 21
		"- [git](../.git/config)\n" + // 22
		"- [encoded](..%2F.git%2Fconfig)\n" + // 23
		"- [folder](lampiran)\n" // 24
	files["content/lampiran/evil.html"] = "<html><body><script>alert(document.cookie)</script></body></html>\n"
	files["content/lampiran/evil.svg"] = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`
	files["content/lampiran/onload.svg"] = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>`
	files["content/lampiran/html.png"] = "<html><script>alert(1)</script></html>"
	files["content/lampiran/gaya.xml"] = "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"#x\"?>\n<d/>\n"
	files[".git/config"] = gitSecret
	root := cliSite(t, files)
	if err := os.Symlink(filepath.Join("..", "..", ".git", "config"), filepath.Join(root, "content", "lampiran", "config.txt")); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := cliRun(t, "validate", "--root", root, "--format", "json", "--today", "2026-11-21", "--lang", "en")
	if code != 1 {
		t.Fatalf("validate: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	var rep struct {
		Findings []struct {
			Code string
			File string
			Line int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.File+":"+strconv.Itoa(f.Line)+" "+f.Code)
	}
	want := []string{
		"content/a.md:16 attachment-active-content",
		"content/a.md:17 attachment-active-content",
		"content/a.md:18 attachment-active-content",
		"content/a.md:19 attachment-active-content",
		"content/a.md:20 attachment-active-content",
		"content/a.md:21 attachment-path-not-allowed",
		"content/a.md:22 attachment-path-not-allowed",
		"content/a.md:23 attachment-path-not-allowed",
		"content/a.md:24 attachment-path-not-allowed",
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(stdout, "RAHASIA") {
		t.Error("a finding shows the content of .git/config")
	}

	out := filepath.Join(t.TempDir(), "output")
	code, stdout, stderr = cliRun(t, "build", "--root", root, "--out", out, "--today", "2026-11-21")
	if code != 1 {
		t.Fatalf("build: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a build with refused attachments wrote %s (%v)", out, err)
	}
}

// TestAttachmentsAllowed: a PDF, a PNG and a docx are published byte for byte
// in site/files and site.zip, and the build succeeds.
func TestAttachmentsAllowed(t *testing.T) {
	allowed := allowedFiles(t)
	files := map[string]string{"content/a.md": attachHead}
	for k, v := range allowed {
		files[k] = v
	}
	root := cliSite(t, files)
	out := filepath.Join(t.TempDir(), "output")
	code, stdout, stderr := cliRun(t, "build", "--root", root, "--out", out, "--today", "2026-11-21", "--only", "html")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	zr, err := zip.OpenReader(filepath.Join(out, "site.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	entries := map[string]bool{}
	for _, f := range zr.File {
		entries[f.Name] = true
	}
	var published []string
	for src, data := range allowed {
		rel := "files/" + strings.TrimPrefix(src, "content/")
		published = append(published, rel)
		b, err := os.ReadFile(filepath.Join(out, "site", filepath.FromSlash(rel)))
		if err != nil || string(b) != data {
			t.Errorf("%s not published as it is (%v)", rel, err)
		}
		if !entries[html.ZipTop+"site/"+rel] {
			t.Errorf("site.zip lacks %s", rel)
		}
	}
	var inFiles []string
	_ = filepath.WalkDir(filepath.Join(out, "site", "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(filepath.Join(out, "site"), p)
			inFiles = append(inFiles, filepath.ToSlash(r))
		}
		return nil
	})
	sort.Strings(inFiles)
	sort.Strings(published)
	if strings.Join(inFiles, " ") != strings.Join(published, " ") {
		t.Errorf("site/files holds %v, want %v", inFiles, published)
	}
}
