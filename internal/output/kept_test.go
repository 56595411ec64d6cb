package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The fingerprint of the sources counts their content only: not times, not
// files outside content/, registers/, layouts/ and smsgen.yaml, not the
// output folder inside the root.
func TestInputsFingerprint(t *testing.T) {
	root := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/a.md", "a")
	write("registers/r.csv", "id\nX\n")
	fp := func() string {
		s, err := Inputs(root, filepath.Join(root, "content", "out"), "dev", "2026-11-21")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := fp()
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(root, "content", "a.md"), later, later)
	write("README.md", "not a source")
	write("content/out/site/index.html", "the output")
	write("content/.hidden", "editor state")
	if got := fp(); got != first {
		t.Errorf("times, files outside the sources or the output changed the fingerprint")
	}
	write("smsgen.yaml", "title: X\n")
	second := fp()
	if second == first {
		t.Errorf("smsgen.yaml does not count")
	}
	write("content/a.md", "b")
	if fp() == second {
		t.Errorf("a changed document does not count")
	}
	if s, _ := Inputs(root, "", "dev", "2026-11-22"); s == fp() {
		t.Errorf("the options do not count")
	}
}

// A source file larger than any stage reads counts by its size alone: its
// content is never read (a change of it that keeps the size does not change
// the fingerprint), a change of its size does; a file at the bound is read
// whole.
func TestInputsSizeOnlyAboveBound(t *testing.T) {
	defer func(b int64) { sourceBound = b }(sourceBound)
	sourceBound = 64
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "files"), 0o755)
	big := filepath.Join(root, "content", "files", "video.mp4")
	at := filepath.Join(root, "content", "at.md")
	write := func(p string, n int, c byte) {
		if err := os.WriteFile(p, bytes.Repeat([]byte{c}, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fp := func() string {
		s, err := Inputs(root, "", "v1")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	write(big, 65, 'a')
	write(at, 64, 'a')
	first := fp()
	write(big, 65, 'b')
	if fp() != first {
		t.Error("the content of a file over the bound was read")
	}
	write(big, 66, 'b')
	if fp() == first {
		t.Error("the size of a file over the bound does not count")
	}
	second := fp()
	write(at, 64, 'b')
	if fp() == second {
		t.Error("a file at the bound is not read whole")
	}
}

// Outputs of a build that recorded no manifest are kept as not known to be current.
func TestKeptWithoutManifest(t *testing.T) {
	out := t.TempDir()
	os.MkdirAll(filepath.Join(out, "pdf"), 0o755)
	os.MkdirAll(filepath.Join(out, "site"), 0o755)
	k := ReadState(out).Kept([]string{"html"}, "fp")
	if len(k) != 1 || k[0].Name != "pdf" || k[0].Known || k[0].Stale {
		t.Errorf("kept %+v, want pdf, not known", k)
	}
	if k := ReadState(out).Kept([]string{"html", "pdf", "xlsx"}, "fp"); k != nil {
		t.Errorf("a full build keeps nothing: %+v", k)
	}
}

// The fingerprint is the one of earlier releases (their manifests stay
// current): the options, then each file's path and the SHA-256 of its whole
// content, also of a file read in several pieces.
func TestInputsFingerprintFormat(t *testing.T) {
	root := t.TempDir()
	big := make([]byte, 200<<10+7)
	for i := range big {
		big[i] = byte(i * 7)
	}
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "big.md"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "smsgen.yaml"), []byte("title: X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	io.WriteString(h, "v1\x002026-11-21\x00")
	for _, f := range []struct {
		rel  string
		data []byte
	}{{"content/big.md", big}, {"smsgen.yaml", []byte("title: X\n")}} {
		sum := sha256.Sum256(f.data)
		io.WriteString(h, f.rel+"\x00"+hex.EncodeToString(sum[:])+"\x00")
	}
	want := hex.EncodeToString(h.Sum(nil))[:32]
	got, err := Inputs(root, "", "v1", "2026-11-21")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("fingerprint %s, want %s", got, want)
	}
	// a change past the first piece counts
	big[len(big)-1]++
	if err := os.WriteFile(filepath.Join(root, "content", "big.md"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if again, _ := Inputs(root, "", "v1", "2026-11-21"); again == got {
		t.Error("a change at the end of a large file does not count")
	}
}

// writingRenderer writes the site output through every way a renderer has:
// whole files (new, and the same bytes as the previous output: linked), a
// stream, a file removed after it was written, and one written behind the
// package's back, which the digest must read.
type writingRenderer struct{ round int }

func (w writingRenderer) Render(ctx *Context) error {
	if err := ctx.WriteFile("site/index.html", []byte("<p>halo</p>")); err != nil {
		return err
	}
	if err := ctx.WriteFile("site/round.txt", []byte{byte('0' + w.round)}); err != nil {
		return err
	}
	f, err := ctx.Create("site.zip")
	if err != nil {
		return err
	}
	for i := 0; i < 5000; i++ {
		f.WriteString("baris yang panjang untuk buffer ")
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := ctx.WriteFile("site/gone.txt", []byte("x")); err != nil {
		return err
	}
	if err := ctx.Remove("site/gone.txt"); err != nil {
		return err
	}
	return os.WriteFile(ctx.Path("site/behind.txt"), []byte("ditulis langsung"), 0o644)
}

// The digest a build records of what it wrote (taken as the files are
// written) equals the digest of the files read back: the next build finds
// the output current, and a fresh build of the same files records the same.
func TestRecordedDigestEqualsReadBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var digests []string
	for round := 0; round < 3; round++ {
		err := Run(Context{}, Options{Out: out, Only: []string{"html"}, Renderers: map[string]Renderer{"html": writingRenderer{round % 2}},
			Inputs: "key", Sources: "src"})
		if err != nil {
			t.Fatal(err)
		}
		r := ReadState(out).Record("html")
		if r == nil {
			t.Fatalf("round %d: the recorded digest is not that of the files read back", round)
		}
		if want := filesDigest(out, "html"); r.Files != want {
			t.Fatalf("round %d: recorded %s, read back %s", round, r.Files, want)
		}
		digests = append(digests, r.Files)
	}
	if digests[0] != digests[2] || digests[0] == digests[1] {
		t.Errorf("digests %v: the same files must give the same digest, other files another", digests)
	}
}

// A verification stopped half way is not taken for one: the record asked
// for after StopVerify is read then, and tells the truth either way.
func TestStoppedVerification(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := Run(Context{}, Options{Out: out, Only: []string{"html"}, Renderers: map[string]Renderer{"html": writingRenderer{}},
		Inputs: "key", Sources: "src"}); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ {
		s := ReadState(out)
		s.Verify([]string{"html"})
		if round%2 == 0 {
			s.StopVerify()
		}
		if s.Record("html") == nil {
			t.Fatalf("round %d: an unchanged output has no record", round)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "site", "round.txt"), []byte("9"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := ReadState(out)
	s.Verify([]string{"html"})
	s.StopVerify()
	if s.Record("html") != nil {
		t.Error("a changed output has a record")
	}
}
