package markdown_test

// The scan is checked against the parse on every Markdown text of the
// repository (the example site, the fixtures of every package, the synthetic
// site's documents) and on fuzzed bodies:
//
//	go test -run='^$' -fuzz=FuzzScan -fuzztime=10s ./internal/markdown

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/synth"
	"golang.org/x/tools/txtar"
)

// sameAsParse fails t when Scan takes src and finds anything else than the parse.
func sameAsParse(t *testing.T, name string, src []byte) bool {
	t.Helper()
	heads, links, ok := markdown.Scan(src)
	if !ok {
		return false
	}
	wh, wl, raw := markdown.Extract(markdown.Parse(src), src)
	if len(raw) > 0 {
		t.Errorf("%s: scanned a body with raw HTML at lines %v", name, raw)
	}
	if !reflect.DeepEqual(heads, wh) {
		t.Errorf("%s: headings\nscan  %+v\nparse %+v", name, heads, wh)
	}
	if !reflect.DeepEqual(links, wl) {
		t.Errorf("%s: links\nscan  %+v\nparse %+v", name, links, wl)
	}
	return true
}

// body returns the Markdown body of a document (after its front matter).
func body(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for _, fence := range []string{"---", "+++"} {
		if rest, ok := bytes.CutPrefix(b, []byte(fence+"\n")); ok {
			if i := bytes.Index(rest, []byte("\n"+fence+"\n")); i >= 0 {
				return rest[i+len(fence)+2:]
			}
		}
	}
	return b
}

// TestScanMatchesParseOnRepository compares the scan with the parse on the
// Markdown of the repository: whole files and their bodies, and every .md
// file of every txtar fixture.
func TestScanMatchesParseOnRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	var texts, scanned int
	check := func(name string, b []byte) {
		for _, src := range [][]byte{b, body(b)} {
			texts++
			if sameAsParse(t, name, src) {
				scanned++
			}
		}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "output") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(p) {
		case ".md":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			check(p, b)
		case ".txtar":
			a, err := txtar.ParseFile(p)
			if err != nil {
				return err
			}
			for _, f := range a.Files {
				if strings.HasSuffix(f.Name, ".md") {
					check(p+":"+f.Name, f.Data)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d texts scanned", scanned, texts)
	if texts < 100 || scanned < texts/4 {
		t.Fatalf("only %d of %d texts scanned: the corpus or the scan shrank", scanned, texts)
	}
}

// TestScanMatchesParseOnSynthetic compares them on the synthetic site's
// documents, which the scan must take (they are what the figures measure).
func TestScanMatchesParseOnSynthetic(t *testing.T) {
	dir := t.TempDir()
	for _, shape := range []string{"short", "text"} {
		out := filepath.Join(dir, shape)
		if err := synth.Write(out, synth.Options{Docs: 60, Rows: 10, Seed: 3, Shape: shape}); err != nil {
			t.Fatal(err)
		}
		n, scanned := 0, 0
		_ = filepath.WalkDir(filepath.Join(out, "content"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			if sameAsParse(t, p, body(b)) {
				scanned++
			}
			return nil
		})
		if n == 0 || scanned != n {
			t.Errorf("%s: %d of %d synthetic documents scanned", shape, scanned, n)
		}
	}
}

// TestScanCases pins the constructs the scan takes and those it leaves to
// the parse.
func TestScanCases(t *testing.T) {
	take := []string{
		"# Judul\n\n## 1. Tujuan\n\nTeks [a](doc:A-1#b) dan ![i](x.png).\n",
		"## Sama\n\n## Sama\n\n## Sama-1\n",
		"- [a](b)\n- c [d](e)\n\n1. [f](g)\n2) h\n",
		"| a | b |\n|---|---|\n| 1 | z |\n\n[x](y)\n",
		"| a | b |\n|---|---|\n| [x](y) | z |\n", "| [a](b) | c |\n|:--|--:|\n",
		"Teks\n\n---\n\n*Salinan: <sd@contoh.go.id> atau [portal](https://contoh.go.id/).*\n",
		"Teks <https://contoh.go.id> dan teks\n", "* * *\n",
		"**Masalah**: teks _miring_ ~~coret~~ (kurung) [a (b)](c) !\n***\n___\n",
		"## Über ✓ — ünïcode\u00a0\n",
		"[ a ](b)", "Nomor `JENIS-KODE`: [a](b) dan `www.x.id @`x\n", "- `kode` [a](b)\n  `c` d\n", "`a` b\n",
		"1. Teks panjang yang\n   berlanjut [a](b) di baris\n   berikutnya.\n- b\n  c **d**\n",
	}
	for _, s := range take {
		if !sameAsParse(t, s, []byte(s)) {
			t.Errorf("not scanned: %q", s)
		}
	}
	leave := []string{
		"Setext\n===\n", "Setext\n---\n", "- a\n---\n", "    code [a](b)\n", "> [a](b)\n",
		"```\n[a](b)\n```\n", "<div>x</div>\n", "a <b>c</b>\n", "[a]\n\n[a]: b\n", "[a][b]\n",
		"[^1]\n\n[^1]: x\n", "\\[a](b)\n", "www.contoh.go.id\n", "https://contoh.go.id\n",
		"budi@contoh.go.id\n", "a\n<b@c.de>\n", "| <b@c.de> |\n", "<b@c.de>\n|-|\n", "[a *b*](c)\n",
		"[a](b \"t\")\n", "[a](<b>)\n", "[a]()\n", "[](a)\n", "# C#\n", "#\n", "# \n", "- # h\n", "- - a\n",
		"Term\n: def\n", "- [ ] task\n", "[a\nb](c)\n", "a &amp; [b&amp;](c)\n", "x\x00y\n", "## a `b`\n",
		"<!-- note -->\n", "| a |\n|---|\n| b | [x](y) |\n", ")#\n|---|---|\n| a | b |[a](c)~~\n", "#tag\n", "####### seven\n", "- ***\n", "a\n\n   [b](c)\n", "- a\n  - [b](c)\n", "- a\n  # h\n", "- a\n  ---\n", "- a\n  ===\n",
		"- a\n  > [b](c)\n", "- a\n  | [b](c) |\n", "1. a\n   2. [b](c)\n", "- a\n  ```\n", "`a\nb` [c](d)\n", "``a`` [b](c)\n", "`a`` [b](c)\n", "`<a@b.cd>` [e](f)\n", "## a `b`\n",
		"| `a|b` | [c](d) |\n|---|---|\n", "[a `b`](c)\n",
		"1`a@b.co`\n", "- [X](0)\n\nab\n", "1. [x](y)\n", "- [ ](y)\n", "x `a@b.co` [c](d)\n", "`@b.co`\n",
	}
	for _, s := range leave {
		if h, l, ok := markdown.Scan([]byte(s)); ok {
			t.Errorf("scanned %q: %+v %+v (the parse must decide)", s, h, l)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"# Judul\n\n[a](doc:A-1#b) ![i](x.png) <budi@contoh.go.id>\n",
		"## 1. Tujuan\n\n- [a](b)\n1. c\n\n| a | [b](c) |\n|---|---|\n",
		"Teks\n\n---\n\n*Salinan: <sd@contoh.go.id> atau [portal](https://contoh.go.id/).*\n",
		"**Masalah**: teks _miring_ [a (b)](c)\n***\n",
		"Setext\n===\n\n[**bold** link](x)\n- a\n---\n",
		"## Sama\n## Sama\n## Sama-1\n# Über ✓\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		sameAsParse(t, "fuzz", src)
	})
}

// tokens are the pieces that tokenBody assembles bodies from: the plain
// subset the scan takes and, mixed in, the near misses it must leave.
var tokens = []string{
	// the plain subset
	"\n", "\n", "\n\n", " ", " ", "  ", "Teks", "kata", "Über", "✓", "1", ".", ",", ":", "!", "(", ")",
	"# ", "## ", "### ", "- ", "* ", "+ ", "1. ", "2) ", "-", "*", "_", "**", "~~", "---", "***",
	"|", "| a | b |", "|---|---|", "| [x](y) |", "|---|", " | ", "[a](doc:A-1)", "[teks b](../b.md#c)", "![g](g.png)", "[ x ](y)",
	"<sd@contoh.go.id>", "<https://contoh.go.id/a>", "\t", "`a`", "`[x](y) *b*`", "` `",
	// near misses
	"[", "]", "#", "=", "<b>", "<!-- c -->", "`", "```", "~~~", ">", "> ",
	"&amp;", "\\", "@", "www.", "http:", "https://x.id", "a@b.co", "[^1]", "[a]: b", "[a][b]", "\"",
	"    ", ": ", "\x00", "\r", "Setext\n===", "Term\n: def", "- [ ] ", "#\n",
}

// plainTokens is how many tokens of the list are of the plain subset.
const plainTokens = 48

// tokenBody turns bytes into a body of tokens, one token a byte.
func tokenBody(b []byte) []byte {
	var out []byte
	for _, c := range b {
		out = append(out, tokens[int(c)%len(tokens)]...)
	}
	return out
}

// TestScanMatchesParseOnTokens compares the scan with the parse on bodies
// assembled from tokens, many of which the scan takes.
func TestScanMatchesParseOnTokens(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n, scanned := 20000, 0
	for i := 0; i < n; i++ {
		b := make([]byte, 1+r.IntN(60))
		for j := range b {
			if r.IntN(20) == 0 {
				b[j] = byte(r.IntN(len(tokens)))
			} else {
				b[j] = byte(r.IntN(plainTokens))
			}
		}
		if sameAsParse(t, fmt.Sprintf("%q", tokenBody(b)), tokenBody(b)) {
			scanned++
		}
	}
	t.Logf("%d of %d token bodies scanned", scanned, n)
	if scanned < n/20 {
		t.Fatalf("only %d of %d token bodies scanned", scanned, n)
	}
}

func FuzzScanTokens(f *testing.F) {
	f.Add([]byte{18, 7, 0, 0, 41, 7, 44, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<10 {
			return
		}
		src := tokenBody(b)
		sameAsParse(t, fmt.Sprintf("%q", src), src)
	})
}

// synthBodies returns the bodies of a synthetic site's documents.
func synthBodies(b *testing.B, docs int) [][]byte {
	b.Helper()
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: docs, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var out [][]byte
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
			if src, err := os.ReadFile(p); err == nil {
				out = append(out, body(src))
			}
		}
		return err
	})
	return out
}

// The headings and links of 200 synthetic documents, scanned and parsed:
//
//	go test -run '^$' -bench 'Scan|ParseExtract' -benchmem ./internal/markdown
func BenchmarkScan(b *testing.B) {
	bodies := synthBodies(b, 200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range bodies {
			if _, _, ok := markdown.Scan(src); !ok {
				b.Fatal("a synthetic body was not scanned")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bodies)), "ns/doc")
}

func BenchmarkParseExtract(b *testing.B) {
	bodies := synthBodies(b, 200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range bodies {
			markdown.Extract(markdown.Parse(src), src)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(bodies)), "ns/doc")
}

// TestScanMatchesParseOnTables compares them on random tables: rows of
// varying cells with and without outer pipes, links in any cell, delimiter
// rows that match the header or not.
func TestScanMatchesParseOnTables(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cell := []string{" a ", "[x](y)", " [x](y) ", "![i](p.png)", "", " ", "b [c](d) e", "---", ":--", "--:", " --- ", "`a`", "`a|b`"}
	n, scanned := 20000, 0
	for i := 0; i < n; i++ {
		var b bytes.Buffer
		for rows := 1 + r.IntN(5); rows > 0; rows-- {
			if r.IntN(8) == 0 {
				b.WriteString("teks\n")
				continue
			}
			if r.IntN(2) == 0 {
				b.WriteByte('|')
			}
			for c := 1 + r.IntN(4); c > 0; c-- {
				b.WriteString(cell[r.IntN(len(cell))])
				if c > 1 || r.IntN(2) == 0 {
					b.WriteByte('|')
				}
			}
			b.WriteByte('\n')
			if r.IntN(10) == 0 {
				b.WriteByte('\n')
			}
		}
		if sameAsParse(t, fmt.Sprintf("%q", b.String()), b.Bytes()) {
			scanned++
		}
	}
	t.Logf("%d of %d tables scanned", scanned, n)
	if scanned < n/10 {
		t.Fatalf("only %d of %d tables scanned", scanned, n)
	}
}

// TestManyEqualHeadings: thousands of equal headings get their ids in linear
// time (each "-N" was searched from 1: a minute for 20,000), the same by the
// scan and the parse, around a heading that takes one of the numbered ids.
func TestManyEqualHeadings(t *testing.T) {
	src := []byte(strings.Repeat("## Sama\n\n", 10000) + "## Sama-10001\n\n" + strings.Repeat("## Sama\n\n", 10000))
	start := time.Now()
	if !sameAsParse(t, "equal headings", src) {
		t.Fatal("not scanned")
	}
	heads, _, _ := markdown.Scan(src)
	if got := heads[len(heads)-1].ID; got != "sama-20000" { // sama, sama-1…9999, sama-10000, sama-10002…20000
		t.Errorf("last id %q, want sama-20000", got)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
