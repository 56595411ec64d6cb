package pipeline_test

import (
	"strings"
	"testing"
	"time"
)

// tomlDoc returns a valid TOML document with extra front matter lines (from line 10).
func tomlDoc(id, extra string) string {
	return "+++\ndoc_id = \"" + id + "\"\ntitle = \"Dokumen " + id + "\"\ndoc_type = \"policy\"\nversion = \"1.0\"\n" +
		"status = \"draft\"\nowner = \"Kabid\"\nnext_review = 2027-01-01\nclassification = \"internal\"\n" + extra + "+++\nIsi.\n"
}

// TestHostileTOML: TOML front matter that makes the TOML library take minutes
// and gigabytes (dotted keys, nested inline tables) or overflow its stack
// (nested arrays) stops at the pre-scan with a finding on its line, within
// tight time and memory bounds.
func TestHostileTOML(t *testing.T) {
	const tight = 5 * time.Second // the pre-scan is linear: milliseconds
	cases := []hostileCase{
		{name: "a key of 10,000 dotted parts",
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(tomlDoc("A", "x"+strings.Repeat(".a", 10000)+" = 1\n")))
			},
			wants: []want{{"content/a.md", 10, "frontmatter-too-deep"}}},
		{name: "a table header of 1,000,000 dotted parts",
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(tomlDoc("A", "[x"+strings.Repeat(".a", 1000000)+"]\ny = 1\n")))
			},
			wants: []want{{"content/a.md", 10, "frontmatter-too-deep"}}},
		{name: "1,000,000 nested arrays",
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(tomlDoc("A", "x = "+strings.Repeat("[", 1000000)+strings.Repeat("]", 1000000)+"\n")))
			},
			wants: []want{{"content/a.md", 10, "frontmatter-too-deep"}}},
		{name: "100,000 nested inline tables over lines",
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(tomlDoc("A", "x = [\n"+strings.Repeat("{a = [\n", 100000)+"1"+strings.Repeat("]}", 100000)+"]\n")))
			},
			// x = [ (10), then one '{' and '[' per line: depth 101 on line 10+50
			wants: []want{{"content/a.md", 60, "frontmatter-too-deep"}}},
		{name: "20,000 keys of 99 dotted parts",
			build: func(t *testing.T, dir string) {
				var b strings.Builder
				for i := 0; i < 20000; i++ {
					b.WriteString("k" + strings.Repeat("b", i%50) + string(rune('a'+i%26)) + strings.Repeat(".a", 98) + " = 1\n")
				}
				put(t, dir, "content/a.md", []byte(tomlDoc("A", b.String())))
			},
			wants: []want{{"content/a.md", 30, "frontmatter-too-complex"}}},
		{name: "the most the budget allows: read by the library within the bounds",
			build: func(t *testing.T, dir string) {
				var b strings.Builder
				for i := 0; i < 20; i++ { // 20 × 4,949 work units
					b.WriteString("k" + string(rune('a'+i)) + strings.Repeat(".a", 98) + " = 1\n")
				}
				b.WriteString("x_arr = " + strings.Repeat("[", 99) + strings.Repeat("]", 99) + "\n")
				put(t, dir, "content/a.md", []byte(tomlDoc("A", b.String())))
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.build(t, dir)
			res, alloc, heap, took := checkBounded(t, dir)
			t.Logf("%v, %d MiB allocated, %d MiB peak heap growth", took.Round(time.Millisecond), alloc>>20, heap>>20)
			if took > tight {
				t.Errorf("took %v, bound %v", took, tight)
			}
			if alloc > 64<<20 {
				t.Errorf("allocated %d MiB, bound 64 MiB", alloc>>20)
			}
			if heap > 64<<20 {
				t.Errorf("peak heap grew by %d MiB, bound 64 MiB", heap>>20)
			}
			for _, w := range c.wants {
				n := 0
				for _, f := range res.Findings {
					if matches(f, w) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("want %s once: reported %d times", w, n)
				}
			}
			for _, f := range res.Findings {
				if f.File == "content/a.md" && (len(c.wants) == 0 && f.Code != "unknown-front-matter" || len(c.wants) > 0 && f.Code != c.wants[0].code) {
					t.Errorf("unexpected finding: %s:%d %s: %s", f.File, f.Line, f.Code, f.Message)
				}
			}
		})
	}
}
