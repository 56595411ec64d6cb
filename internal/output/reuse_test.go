//go:build unix

package output

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func same(t *testing.T, a, b string) bool {
	t.Helper()
	sa, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(sa, sb)
}

// TestWriteFileReuse: a file that comes out the same as in the previous
// output is that file (a link); anything else is a new file, and the previous
// output never changes.
func TestWriteFileReuse(t *testing.T) {
	prev, out := t.TempDir(), t.TempDir()
	write(t, filepath.Join(prev, "site/a.html"), "same")
	write(t, filepath.Join(prev, "site/b.html"), "old")
	write(t, filepath.Join(prev, "site/shared.html"), "same")
	if err := os.Link(filepath.Join(prev, "site/shared.html"), filepath.Join(prev, "elsewhere.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(prev, "site/a.html"), filepath.Join(prev, "site/sym.html")); err != nil {
		t.Fatal(err)
	}
	// a FIFO is never opened (that would wait for a writer), a file of
	// another mode never shared
	if err := syscall.Mkfifo(filepath.Join(prev, "site/fifo.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(prev, "site/private.html"), "same")
	if err := os.Chmod(filepath.Join(prev, "site/private.html"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &Context{Out: out, Prev: prev}
	for _, f := range []struct{ rel, data string }{
		{"site/a.html", "same"}, {"site/b.html", "new"}, {"site/c.html", "only new"},
		{"site/shared.html", "same"}, {"site/sym.html", "same"}, {"site/deep/d.html", "x"},
		{"site/fifo.html", ""}, {"site/private.html", "same"},
	} {
		if err := c.WriteFile(f.rel, []byte(f.data)); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, f.rel)); got != f.data {
			t.Errorf("%s holds %q, want %q", f.rel, got, f.data)
		}
	}
	if !same(t, filepath.Join(prev, "site/a.html"), filepath.Join(out, "site/a.html")) {
		t.Error("an unchanged file was written again instead of reused")
	}
	if same(t, filepath.Join(prev, "site/shared.html"), filepath.Join(out, "site/shared.html")) {
		t.Error("a file linked from elsewhere too was reused")
	}
	if st, _ := os.Lstat(filepath.Join(out, "site/sym.html")); st.Mode()&os.ModeSymlink != 0 {
		t.Error("a symbolic link of the previous output was reused")
	}
	for _, n := range []string{"site/b.html", "site/fifo.html", "site/private.html"} {
		if same(t, filepath.Join(prev, n), filepath.Join(out, n)) {
			t.Errorf("%s of the previous output was reused", n)
		}
	}
	if got := read(t, filepath.Join(prev, "site/b.html")); got != "old" {
		t.Errorf("the previous output changed: %q", got)
	}
	// writing again over a reused file replaces it: the previous output keeps its bytes
	if err := c.WriteFile("site/a.html", []byte("changed")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(prev, "site/a.html")); got != "same" {
		t.Errorf("writing over a reused file changed the previous output: %q", got)
	}
	if got := read(t, filepath.Join(out, "site/a.html")); got != "changed" {
		t.Errorf("out holds %q", got)
	}
	// a large file is compared a piece at a time, to its last byte
	big := strings.Repeat("0123456789abcdef", 40<<10) // 640 KiB
	write(t, filepath.Join(prev, "site/big.zip"), big)
	write(t, filepath.Join(prev, "site/big2.zip"), big)
	for n, data := range map[string]string{"site/big.zip": big, "site/big2.zip": big[:len(big)-1] + "!"} {
		if err := c.WriteFile(n, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, n)); got != data {
			t.Errorf("%s holds other bytes", n)
		}
	}
	if !same(t, filepath.Join(prev, "site/big.zip"), filepath.Join(out, "site/big.zip")) {
		t.Error("an unchanged large file was written again instead of reused")
	}
	if same(t, filepath.Join(prev, "site/big2.zip"), filepath.Join(out, "site/big2.zip")) {
		t.Error("a large file differing in its last byte was reused")
	}
	// no previous output: plain writes
	c2 := &Context{Out: t.TempDir()}
	if reused, err := c2.Write("x/y.html", []byte("z")); err != nil || reused {
		t.Errorf("Write without Prev: reused %v, err %v", reused, err)
	}
}

type fileRenderer struct{ files map[string]string }

func (f fileRenderer) Render(ctx *Context) error {
	for rel, s := range f.files {
		if err := ctx.WriteFile(rel, []byte(s)); err != nil {
			return err
		}
	}
	return nil
}

// TestRunReusesPrevious: through Run, a rebuild links what did not change,
// keeps the outputs of renderers not run (--only), and gives the same bytes.
func TestRunReusesPrevious(t *testing.T) {
	out := filepath.Join(t.TempDir(), "output")
	r1 := map[string]Renderer{
		"html": fileRenderer{map[string]string{"site/index.html": "home", "site/a.html": "a1"}},
		"pdf":  fileRenderer{map[string]string{"pdf/x.pdf": "pdf"}},
	}
	if err := Run(Context{}, Options{Out: out, Renderers: r1}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(filepath.Join(out, "site/index.html"))
	pdfBefore, _ := os.Stat(filepath.Join(out, "pdf/x.pdf"))
	r2 := map[string]Renderer{
		"html": fileRenderer{map[string]string{"site/index.html": "home", "site/a.html": "a2"}},
		"pdf":  fileRenderer{map[string]string{"pdf/x.pdf": "must not run"}},
	}
	if err := Run(Context{}, Options{Out: out, Only: []string{"html"}, Renderers: r2}); err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]string{"site/index.html": "home", "site/a.html": "a2", "pdf/x.pdf": "pdf"} {
		if got := read(t, filepath.Join(out, rel)); got != want {
			t.Errorf("%s: %q, want %q", rel, got, want)
		}
	}
	after, _ := os.Stat(filepath.Join(out, "site/index.html"))
	pdfAfter, _ := os.Stat(filepath.Join(out, "pdf/x.pdf"))
	if !os.SameFile(before, after) || !os.SameFile(pdfBefore, pdfAfter) {
		t.Error("unchanged files were written again instead of reused")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}
