package serve

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAttachmentHeaders: every linked file is served with the content type of
// the attachment allow-list, nosniff, a policy that runs nothing (sandbox),
// inline only for images and plain text, never with the live script; a file
// in files/ that is not on the allow-list (planted in the output) is refused.
func TestAttachmentHeaders(t *testing.T) {
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(n)
		_, _ = w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	files := map[string]string{
		"content/a.md": "---\ndoc_id: A-1\ntitle: A\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\nowner: Kabid\n" +
			"next_review: 2027-01-01\nclassification: internal\n---\n# Lampiran\n\n" +
			"![png](f/bagan.png) ![svg](f/bagan.svg) [pdf](f/laporan.pdf) [docx](f/form.docx) [txt](f/catatan.txt) [csv](f/data.csv)\n",
		"content/f/bagan.png":   "\x89PNG\r\n\x1a\nbagan",
		"content/f/bagan.svg":   `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>`,
		"content/f/laporan.pdf": "%PDF-1.4\n%%EOF\n",
		"content/f/form.docx":   docx.String(),
		"content/f/catatan.txt": "catatan </body>\n",
		"content/f/data.csv":    "a,b\n1,2\n",
	}
	for rel, body := range files {
		writeFile(t, root, rel, body)
	}
	s := newServer(t, root)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)

	for _, c := range []struct {
		path, ctype, disp string
	}{
		{"files/f/bagan.png", "image/png", "inline"},
		{"files/f/bagan.svg", "image/svg+xml", "inline"},
		{"files/f/laporan.pdf", "application/pdf", "attachment"},
		{"files/f/form.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"},
		{"files/f/catatan.txt", "text/plain; charset=utf-8", "inline"},
		{"files/f/data.csv", "text/plain; charset=utf-8", "inline"},
	} {
		code, body, h := get(t, ts.URL+"/"+c.path)
		if code != 200 {
			t.Errorf("GET %s: %d", c.path, code)
			continue
		}
		src := "content/" + strings.TrimPrefix(c.path, "files/")
		if body != files[src] {
			t.Errorf("%s: the body is not the file (live script injected?)", c.path)
		}
		if got := h.Get("Content-Type"); got != c.ctype {
			t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.ctype)
		}
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", c.path, got)
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") || strings.Contains(csp, "script-src") {
			t.Errorf("%s: Content-Security-Policy %q", c.path, csp)
		}
		name := c.path[strings.LastIndexByte(c.path, '/')+1:]
		if got, want := h.Get("Content-Disposition"), c.disp+`; filename=`+name; got != want {
			t.Errorf("%s: Content-Disposition %q, want %q", c.path, got, want)
		}
	}
	// HEAD gives the same headers
	resp, err := http.Head(ts.URL + "/files/f/laporan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("HEAD: %v", resp.Header)
	}

	// files the renderer never writes (an old output, a hand-copied file) are
	// not served as pages: refused when not on the allow-list, and served by
	// the allow-list's type (never text/html) when they are
	site := filepath.Join(s.Out(), "site")
	writeFile(t, site, "files/f/evil.html", "<html><body><script>alert(1)</script></body></html>")
	writeFile(t, site, "files/f/evil.svg", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)
	writeFile(t, site, "files/f/html.png", "<html><body><script>alert(1)</script></body></html>")
	writeFile(t, site, "files/f/noext", "<html><body><script>alert(1)</script></body></html>")
	for _, p := range []string{"files/f/evil.html", "files/f/noext"} {
		code, body, h := get(t, ts.URL+"/"+p)
		if code != http.StatusForbidden || strings.Contains(body, "live.js") || strings.Contains(body, "alert(") ||
			strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %q %q", p, code, h.Get("Content-Type"), body)
		}
	}
	for p, ctype := range map[string]string{"files/f/evil.svg": "image/svg+xml", "files/f/html.png": "image/png"} {
		code, body, h := get(t, ts.URL+"/"+p)
		if code != 200 || h.Get("Content-Type") != ctype || strings.Contains(body, "live.js") ||
			!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d %v", p, code, h)
		}
	}
	// smsgen's own pages still get the live script; its other files run nothing
	if _, body, _ := get(t, ts.URL+"/docs/A-1.html"); !strings.Contains(body, jsPath) {
		t.Error("the document page lost the live script")
	}
	if _, _, h := get(t, ts.URL+"/assets/style.css"); !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("asset without a policy: %v", h)
	}
	if _, err := os.Stat(filepath.Join(site, "files", "f", "bagan.png")); err != nil {
		t.Fatal(err)
	}
}
