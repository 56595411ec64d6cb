package attach

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

const pngSig = "\x89PNG\r\n\x1a\n"

func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, data := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCheckBytes: the allow-list on names and content, one case per rule.
func TestCheckBytes(t *testing.T) {
	docx := map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
	with := func(m map[string]string, k, v string) map[string]string {
		n := map[string]string{}
		for a, b := range m {
			n[a] = b
		}
		n[k] = v
		return n
	}
	const svgNS = `xmlns="http://www.w3.org/2000/svg"`
	for _, c := range []struct {
		name, data, code string
	}{
		{"a.png", pngSig + "rest", ""},
		{"a.PNG", pngSig + "rest", ""},
		{"a.jpg", "\xff\xd8\xff\xe0rest", ""},
		{"a.gif", "GIF89a....", ""},
		{"a.webp", "RIFF\x10\x00\x00\x00WEBPVP8 ", ""},
		{"a.pdf", "%PDF-1.7\n", ""},
		{"a.txt", "catatan\n", ""},
		{"a.csv", "a;b\n1;2\n", ""},
		{"a.docx", zipOf(t, docx), ""},
		{"a.xlsx", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>"}), ""},
		{"a.odt", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}), ""},
		{"a.zip", zipOf(t, map[string]string{"a.pdf": "%PDF-1.4\n", "d/b.txt": "x\n", "c.docx": zipOf(t, docx)}), ""},
		{"a.svg", `<svg ` + svgNS + `><a href="#x"><rect id="x" style="fill:red" width="1" height="1"/></a><image href="data:image/png;base64,AAAA"/></svg>`, ""},
		{"a.svg", `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n" + `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` + "\n" +
			`<!-- Created with Inkscape --><svg ` + svgNS + ` xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xml:space="preserve"><sodipodi:namedview/><g><path d="M0 0"/></g></svg>`, ""},
		{"a.xml", `<?xml version="1.0"?><feed><link href="https://contoh.go.id/"/><meta>x</meta></feed>`, ""},

		{"a.html", "<p>x</p>", CodeActive},
		{"a.xhtml", "<p>x</p>", CodeActive},
		{"a.js", "alert(1)", CodeActive},
		{"a.hta", "x", CodeActive},
		{"a.docm", "x", CodeActive},
		{"a.svgz", "x", CodeActive},
		{"a.rtf", "x", CodeType},
		{"a.doc", "x", CodeType},
		{"Makefile", "x", CodeType},
		{"a.png", "<html><script>alert(1)</script>", CodeActive},
		{"a.png", "  <!DOCTYPE html>", CodeActive},
		{"a.png", "<?xml version=\"1.0\"?><svg/>", CodeActive},
		{"a.png", "GIF89a", CodeMismatch},
		{"a.png", "PK\x03\x04", CodeMismatch},
		{"a.jpg", pngSig, CodeMismatch},
		{"a.pdf", "hello", CodeMismatch},
		{"a.txt", "<script>alert(1)</script>", CodeActive},
		{"a.txt", "a\x00b\x01", CodeMismatch},
		{"a.txt", "\xff\xfe", CodeMismatch},
		{"a.docx", "PK\x03\x04 broken", CodeMismatch},
		{"a.docx", zipOf(t, map[string]string{"word/document.xml": "x"}), CodeMismatch},
		{"a.docx", zipOf(t, with(docx, "word/vbaProject.bin", "x")), CodeActive},
		{"a.xlsx", zipOf(t, with(docx, "xl/activeX/activeX1.xml", "x")), CodeActive},
		{"a.pptx", zipOf(t, with(docx, "ppt/embeddings/oleObject1.bin", "MZ")), CodeActive},
		{"a.ods", zipOf(t, map[string]string{"mimetype": "x", "Basic/Standard/Module1.xml": "x"}), CodeActive},
		{"a.zip", zipOf(t, map[string]string{"index.html": "<p>"}), CodeActive},
		{"a.zip", zipOf(t, map[string]string{"run.exe": "MZ"}), CodeActive},
		{"a.zip", zipOf(t, map[string]string{"x.rtf": "x"}), CodeType},
		{"a.zip", zipOf(t, map[string]string{"in.zip": zipOf(t, map[string]string{"a.txt": "x"})}), CodeType},
		{"a.zip", zipOf(t, map[string]string{"a.png": "<html>"}), CodeActive},
		{"a.zip", zipOf(t, map[string]string{"a.docx": zipOf(t, with(docx, "word/vbaProject.bin", "x"))}), CodeActive},
		{"a.svg", `<svg ` + svgNS + `><script>alert(1)</script></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + ` onload="alert(1)"/>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><rect ONclick="x"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><a href="jav&#x09;ascript:alert(1)"><text>x</text></a></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + ` xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><a href="https://evil.example/"><text>x</text></a></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><use href="other.svg#x"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><image href="data:text/html;base64,PHNjcmlwdD4="/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><set attributeName="href" to="javascript:alert(1)"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><animate attributeName="onbegin" values="x"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><foreignObject/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + ` xmlns:h="http://www.w3.org/1999/xhtml"><h:img src="x"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><style>@import url(https://evil.example/a.css);</style></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><rect style="fill:url(https://evil.example/a)"/></svg>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><rect fill="url(https://evil.example/a)"/></svg>`, CodeActive},
		{"a.svg", `<?xml-stylesheet href="a.css"?><svg ` + svgNS + `/>`, CodeActive},
		{"a.svg", `<!DOCTYPE svg [<!ENTITY x "y">]><svg ` + svgNS + `/>`, CodeActive},
		{"a.svg", `<!DOCTYPE svg SYSTEM "x.dtd" [ ]><svg ` + svgNS + `/>`, CodeActive},
		{"a.svg", `<!ENTITY x "y"><svg ` + svgNS + `/>`, CodeActive},
		{"a.svg", `<svg ` + svgNS + `><rect>`, CodeMismatch},
		{"a.svg", `<html/>`, CodeMismatch},
		{"a.svg", `<?xml version="1.0" encoding="ISO-8859-1"?><svg ` + svgNS + `/>`, CodeMismatch},
		{"a.xml", `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="a.xsl"?><d/>`, CodeActive},
		{"a.xml", `<!DOCTYPE d SYSTEM "http://evil.example/d.dtd"><d/>`, CodeActive},
		{"a.xml", `<d><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></d>`, CodeActive},
		{"a.xml", `<d><s:svg xmlns:s="http://www.w3.org/2000/svg" onload="alert(1)"/></d>`, CodeActive},
		{"a.xml", `<d xmlns:x="http://www.w3.org/2001/XInclude"><x:include href="/etc/passwd"/></d>`, CodeActive},
	} {
		p := CheckBytes(c.name, []byte(c.data))
		got := ""
		if p != nil {
			got = p.Code
		}
		if got != c.code {
			t.Errorf("%s %.60q: got %q (%v), want %q", c.name, c.data, got, p, c.code)
		}
	}
}

// TestResolve: where a linked file may lie.
func TestResolve(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, rel string) {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	write("content/ok.txt", "x\n")
	write(".git/config", "[core]\n")
	write("output/site/files/x.txt", "x\n")
	write("build/x.txt", "x\n")
	write("content/.hidden/x.txt", "x\n")
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("../.git/config", "content/config.txt")
	link(filepath.Join(root, ".git", "config"), "content/abs.txt")
	link("../output/site/files/x.txt", "content/out.txt")
	link("../build/x.txt", "content/build.txt")
	link(filepath.Join(outside, "secret.txt"), "content/secret.txt")
	link("ok.txt", "content/alias.txt")
	link("loop.txt", "content/loop.txt")
	link(".hidden/x.txt", "content/hid.txt")
	if err := os.MkdirAll(filepath.Join(root, "content", "dir.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "output")
	for rel, code := range map[string]string{
		"content/ok.txt":     "",
		"content/alias.txt":  "",
		"content/config.txt": CodePath,
		"content/abs.txt":    CodePath,
		"content/out.txt":    CodePath,
		"content/secret.txt": CodePath,
		"content/loop.txt":   CodePath,
		"content/hid.txt":    CodePath,
		"content/dir.txt":    CodePath,
		"content/none.txt":   CodePath,
		".git/config":        CodePath,
		"content/../.git/x":  CodePath,
		"../x.txt":           CodePath,
		"/etc/passwd":        CodePath,
	} {
		_, p := Resolve(root, rel, out)
		got := ""
		if p != nil {
			got = p.Code
		}
		if got != code {
			t.Errorf("%s: got %q (%v), want %q", rel, got, p, code)
		}
	}
	// an output folder given elsewhere is kept out too; one holding the whole
	// site is not an output folder to keep out
	if _, p := Resolve(root, "content/build.txt", filepath.Join(root, "build")); p == nil {
		t.Error("a file in the given output folder was accepted")
	}
	if _, p := Resolve(root, "content/ok.txt", filepath.Dir(root)); p != nil {
		t.Errorf("a folder holding the site excluded everything: %v", p)
	}
	if p := Check(root, "content/config.txt", out); p == nil || p.Code != CodePath {
		t.Errorf("Check of a symlink to .git/config: %v", p)
	}
	if p := CheckPath(root, "content/dir.txt"); p == nil {
		t.Error("CheckPath: a folder is not explained")
	}
	if p := CheckPath(root, ".git/config"); p == nil {
		t.Error("CheckPath: a hidden folder is not explained")
	}
	if p := CheckPath(root, "content/none.txt"); p != nil {
		t.Errorf("CheckPath: a missing file is %v, want nil (a broken link)", p)
	}
}
