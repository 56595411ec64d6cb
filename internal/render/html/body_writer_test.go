package html

import (
	"bufio"
	"bytes"
	"math/rand"
	"testing"

	ghtml "github.com/yuin/goldmark/renderer/html"
)

// TestPlainWriterSameHTML: plainWriter writes every text exactly as
// goldmark's writer does, through Write and RawWrite, for texts with and
// without what that writer escapes or resolves.
func TestPlainWriterSameHTML(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	pieces := []string{"kata", " ", "é✓", "&", "&amp;", "&#x22;", "&#34;", "&bogus;", "<", ">", "\"", "'", "\\", "\\*",
		"\\ ", "\x00", "\t", "\n", "a\\b", "&#", "&#x", "x;"}
	for i := 0; i < 20000; i++ {
		var src []byte
		for k := rng.Intn(8); k >= 0; k-- {
			if rng.Intn(4) == 0 {
				src = append(src, byte(rng.Intn(256))) // any byte
				continue
			}
			src = append(src, pieces[rng.Intn(len(pieces))]...)
		}
		for _, raw := range []bool{false, true} {
			var got, want bytes.Buffer
			gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
			if raw {
				plainWriter{ghtml.DefaultWriter}.RawWrite(gw, src)
				ghtml.DefaultWriter.RawWrite(ww, src)
			} else {
				plainWriter{ghtml.DefaultWriter}.Write(gw, src)
				ghtml.DefaultWriter.Write(ww, src)
			}
			gw.Flush()
			ww.Flush()
			if got.String() != want.String() {
				t.Fatalf("%q (raw %v): got %q, want %q", src, raw, got.String(), want.String())
			}
		}
	}
}
