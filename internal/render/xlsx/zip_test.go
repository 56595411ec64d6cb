package xlsx

import (
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCRCCombineAndParts(t *testing.T) {
	a := bytes.Repeat([]byte("<row r=\"1\"><c>abc</c></row>"), 1000)
	b := []byte("tail part with other bytes \x00\xff")
	if got, want := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))), crc32.ChecksumIEEE(append(append([]byte{}, a...), b...)); got != want {
		t.Fatalf("crc32Combine = %08x, want %08x", got, want)
	}
	// parts compressed apart concatenate into one valid deflate stream
	p1, p2, p3 := compressPart(a, false), compressPart(b, false), compressPart([]byte("end"), true)
	all := append(append(append([]byte{}, p1.data...), p2.data...), p3.data...)
	got, err := io.ReadAll(flate.NewReader(bytes.NewReader(all)))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(a) + string(b) + "end"; string(got) != want {
		t.Fatalf("concatenated parts inflate to %d bytes, want %d", len(got), len(want))
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"a<b&c>":      "a&lt;b&amp;c&gt;",
		"x\x01y":      "x_x0001_y",
		"_x0041_":     "_x005F_x0041_",
		"_xZZ41_":     "_xZZ41_",
		"crlf\r\nend": "crlf\nend",
		"\uFFFE":      "_xFFFE_",
	} {
		if got := string(appendEscaped(nil, in, false)); got != want {
			t.Errorf("escape %q = %q, want %q", in, got, want)
		}
	}
}

// TestKeepsSpace: a text written without xml:space="preserve" is one that
// any whitespace normalisation of an XML reader leaves as it is.
func TestKeepsSpace(t *testing.T) {
	// XML's whitespace (space, tab, CR, LF) collapsed and trimmed
	normalise := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && isXMLSpace(byte(r)) }), " ")
	}
	texts := []string{"", "a", "a b", " a", "a ", "a  b", "a\nb", "a\tb", "a\r", "\n", "Laporan keuangan ke lembar kerja",
		"a\u00a0b", "x_x000D_y", "a b c d", "  "}
	rng := rand.New(rand.NewPCG(3, 4))
	alpha := []byte("ab \t\n\r")
	for range 20000 {
		b := make([]byte, rng.IntN(8))
		for i := range b {
			b[i] = alpha[rng.IntN(len(alpha))]
		}
		texts = append(texts, string(b))
	}
	for _, v := range texts {
		if !keepsSpace(v) && normalise(v) != v {
			t.Fatalf("%q is written without xml:space=\"preserve\" but a reader may read %q", v, normalise(v))
		}
	}
	for _, v := range []string{" a", "a ", "a  b", "a\nb", "a\tb"} {
		if !keepsSpace(v) {
			t.Errorf("keepsSpace(%q) = false", v)
		}
	}
	if keepsSpace("Laporan keuangan ke lembar kerja") {
		t.Error("a plain sentence keeps xml:space")
	}
}
