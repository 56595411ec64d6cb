package html_test

import (
	"archive/zip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestAttachmentsNeverCopied renders (despite the validation errors) a site
// whose document links active files, a PNG made of HTML, and .git/config
// through a symbolic link and through ../: site/files and site.zip hold only
// the allowed attachments, and no byte of the refused ones is anywhere.
func TestAttachmentsNeverCopied(t *testing.T) {
	dir := t.TempDir()
	const secret = "token-RAHASIA-GIT"
	writeFiles(t, dir, map[string]string{
		"content/a.md": "---\ndoc_id: A-1\ntitle: A\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\nowner: Kabid\n" +
			"next_review: 2027-01-01\nclassification: internal\n---\n# Lampiran\n\n" +
			"[pdf](f/ok.pdf) ![png](f/ok.png) [txt](f/ok.txt)\n\n" +
			"[html](f/evil.html) ![svg](f/evil.svg) ![onload](f/onload.svg) ![png html](f/html.png) [xml](f/gaya.xml)\n\n" +
			"[cfg](f/config.txt) ![cfg png](f/config.png) [git](../.git/config) [enc](%2e%2e/.git/config)\n",
		"content/f/ok.pdf":     "%PDF-1.4\n%%EOF\n",
		"content/f/ok.png":     "\x89PNG\r\n\x1a\nok",
		"content/f/ok.txt":     "catatan\n",
		"content/f/evil.html":  "<script>alert('evil-html')</script>",
		"content/f/evil.svg":   `<svg xmlns="http://www.w3.org/2000/svg"><script>alert('evil-svg')</script></svg>`,
		"content/f/onload.svg": `<svg xmlns="http://www.w3.org/2000/svg" onload="alert('evil-onload')"/>`,
		"content/f/html.png":   "<html><script>alert('evil-png')</script></html>",
		"content/f/gaya.xml":   "<?xml version=\"1.0\"?><?xml-stylesheet href=\"evil-xsl.xsl\"?><d/>",
		".git/config":          "[core]\n\turl = " + secret + "\n",
	})
	for _, name := range []string{"config.txt", "config.png"} {
		if err := os.Symlink(filepath.Join("..", "..", ".git", "config"), filepath.Join(dir, "content", "f", name)); err != nil {
			t.Fatal(err)
		}
	}
	out, res := renderSite(t, dir, "")
	if res.Errors() == 0 {
		t.Fatal("validation found no error")
	}
	var files []string
	_ = filepath.WalkDir(filepath.Join(out, "site", "files"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(filepath.Join(out, "site"), p)
			files = append(files, filepath.ToSlash(r))
		}
		return nil
	})
	sort.Strings(files)
	if want := "files/f/ok.pdf files/f/ok.png files/f/ok.txt"; strings.Join(files, " ") != want {
		t.Errorf("site/files holds %v, want %s", files, want)
	}
	zr, err := zip.OpenReader(filepath.Join(out, "site.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var all strings.Builder
	for _, f := range zr.File {
		if strings.Contains(f.Name, "files/") && !strings.Contains(f.Name, "/ok.") {
			t.Errorf("site.zip holds %s", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		all.Write(b)
	}
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".zip") {
			all.WriteString(testutil.ReadFile(t, p))
		}
		return nil
	})
	for _, bad := range []string{secret, "alert('evil", "evil-xsl"} {
		if strings.Contains(all.String(), bad) {
			t.Errorf("the output holds %q", bad)
		}
	}
}
