package load

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/synth"
	yaml "go.yaml.in/yaml/v3"
)

// diffNode describes the first difference between two nodes in what the
// loader reads of them ("" when there is none).
func diffNode(path string, a, b *yaml.Node) string {
	if a == nil || b == nil {
		if a != b {
			return path + ": one is nil"
		}
		return ""
	}
	if a.Kind != b.Kind || a.Value != b.Value || a.Line != b.Line || a.Column != b.Column ||
		(a.Tag == "!!null") != (b.Tag == "!!null") || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: fast {kind %d %q %d:%d tag %s, %d children} yaml.v3 {kind %d %q %d:%d tag %s, %d children}",
			path, a.Kind, a.Value, a.Line, a.Column, a.Tag, len(a.Content), b.Kind, b.Value, b.Line, b.Column, b.Tag, len(b.Content))
	}
	for i := range a.Content {
		if d := diffNode(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// checkFast parses src both ways: when the fast parser takes it, yaml.v3 must
// accept it and give the same nodes. It returns whether the fast path was taken.
func checkFast(t testing.TB, src []byte) bool {
	t.Helper()
	fast, ok := fastYAML(src)
	if !ok {
		return false
	}
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		t.Fatalf("fast parser took what yaml.v3 rejects (%v):\n%s", err, src)
	}
	if len(n.Content) == 0 {
		t.Fatalf("fast parser took an empty document:\n%q", src)
	}
	if d := diffNode("", fast, n.Content[0]); d != "" {
		t.Fatalf("%s\nin:\n%s", d, src)
	}
	return true
}

var fastCases = []string{
	"a: x\nb:\nc: [\"1\", 2 , 'x']\nd:\n  - p\n  - q: 1\n    r: \"s\"\ne:\n- 1\nf: []\ng: ~\nh: 2024-07-13\n",
	"title: Kebijakan \"Layanan\"\n",
	"title: a, b [c] {d}\n",
	"title: a: b\n",
	"title: a #b\n",
	"title: x\n  continued\n",
	"- a\n- b\n",
	"a: 'it''s'\n",
	"a: \"x\\ty\"\n",
	"a: x\na: y\n",
	"a:\n  b:\n    c: d\n  e: f\ng: h\n",
	"a:\n  - b: c\n    d:\n      - e\n      - f\n  - g\n",
	"a:\n  - - x\n",
	"a:\n  -\n    b: c\n",
	"a: [x, [y]]\n",
	"a: [x,]\n",
	"a: [ ]\n",
	"a: ['x' , \"y\"]\n",
	"a: [\"x\" y]\n",
	"a:   spaced   \n",
	"a: \"x\" trailing\n",
	"a: null\nb: Null\nc: NULL\nd: ~\ne: nul\n",
	"a: x\n\n\nb: y\n",
	"  a: x\n",
	"a: x\n b: y\n",
	"a:x\n",
	"a: -1\n",
	"a: - x\n",
	"a: ? x\n",
	"a: http://x.test/y\n",
	"a: 1.10\nb: 01\nc: yes\n",
	"doc-id: x\n",
	"a: \u00a0x\n",
	"a: x\u2028y\n",
	"a: x\u0085y\n",
	"a: \ufeffx\n",
	"a: x\x01\n",
	"a: \"\xff\"\n",
	"a: [\"x\"]\n  b: y\n",
	"a:\n- x\n  - y\n",
	"a:\n  - x\n - y\n",
	"a:\n  - x\n  y: z\n",
	"a: b\n---\nc: d\n",
	"a: 'x\n",
	"a: \"x\n",
	"a: ]\n",
	"a: x]\n",
	"a: [x]y\n",
	"a:\n  - b: c\n  - d: e\n    f: [g, h]\n",
	"0: [\"ρ\",'']\n", // columns count characters, not bytes
	"clauses: [\"8.1\", Ketersediaan — layanan, \"x\"]\n",
}

func TestFastYAMLMatches(t *testing.T) {
	taken := 0
	for _, c := range fastCases {
		if checkFast(t, []byte(c)) {
			taken++
		}
	}
	if taken < 10 {
		t.Errorf("the fast parser took only %d of the cases", taken)
	}
}

// frontMatter returns the YAML between the fences of a Markdown file.
func frontMatter(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return nil
	}
	end := bytes.Index(b[4:], []byte("\n---\n"))
	if end < 0 {
		return nil
	}
	return b[4 : 4+end+1]
}

// TestFastYAMLOnSites parses the front matter of synthetic sites and of the
// example site both ways: the fast parser must agree with yaml.v3, and take
// the synthetic documents (or it is of no use).
func TestFastYAMLOnSites(t *testing.T) {
	var files []string
	for _, seed := range []int64{1, 2, 3} {
		dir := t.TempDir()
		if err := synth.Write(dir, synth.Options{Docs: 150, Rows: 0, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		m, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
		files = append(files, m...)
	}
	synthetic := len(files)
	ex, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.md"))
	files = append(files, ex...)
	taken := 0
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fm := frontMatter(b)
		if fm == nil {
			continue
		}
		if checkFast(t, fm) && i < synthetic {
			taken++
		}
	}
	t.Logf("fast path: %d of %d synthetic documents, %d files in all", taken, synthetic, len(files))
	if synthetic == 0 || taken < synthetic*9/10 {
		t.Errorf("the fast parser took %d of %d synthetic documents", taken, synthetic)
	}
}

func FuzzFastYAML(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(strings.Repeat("a:\n  - b: c\n", 3)))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFast(t, src)
	})
}
