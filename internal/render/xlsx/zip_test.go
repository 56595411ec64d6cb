package xlsx

import (
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/output"
)

func TestCRCCombineAndParts(t *testing.T) {
	a := bytes.Repeat([]byte("<row r=\"1\"><c>abc</c></row>"), 1000)
	b := []byte("tail part with other bytes \x00\xff")
	if got, want := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))), crc32.ChecksumIEEE(append(append([]byte{}, a...), b...)); got != want {
		t.Fatalf("crc32Combine = %08x, want %08x", got, want)
	}
	// parts compressed apart concatenate into one valid deflate stream
	p1, p2, p3 := compressPart(a, false), compressPart(b, false), compressPart([]byte("end"), true)
	all := append(append(append([]byte{}, pieceBytes(t, p1.data)...), pieceBytes(t, p2.data)...), pieceBytes(t, p3.data)...)
	got, err := io.ReadAll(flate.NewReader(bytes.NewReader(all)))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(a) + string(b) + "end"; string(got) != want {
		t.Fatalf("concatenated parts inflate to %d bytes, want %d", len(got), len(want))
	}
}

// pieceBytes is the bytes of a piece.
func pieceBytes(t *testing.T, p output.Piece) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.WriteTo(&b, make([]byte, 512)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
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

// escapeByteByByte is appendEscaped as it was written before it copied runs
// of plain bytes at once: the reference of TestEscapeRuns.
func escapeByteByByte(b []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '<':
			b = append(b, "&lt;"...)
		case c == '>':
			b = append(b, "&gt;"...)
		case c == '"' && attr:
			b = append(b, "&quot;"...)
		case c == '\n' && attr:
			b = append(b, "&#xA;"...)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				break
			}
			b = append(b, '\n')
		case c == '\t' && attr:
			b = append(b, "&#x9;"...)
		case c == '\t' || c == '\n':
			b = append(b, c)
		case c < 0x20:
			b = append(b, "_x00"...)
			b = append(b, hex[c>>4], hex[c&15], '_')
		case c == '_' && isEscapePattern(s[i:]):
			b = append(b, "_x005F_"...)
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF):
			b = append(b, "_xFFF"...)
			b = append(b, hex[s[i+2]&15+0], '_')
			i += 3
			continue
		default:
			b = append(b, c)
		}
		i++
	}
	return b
}

// TestEscapeRuns: appendEscaped equals the byte-by-byte escaping on texts
// mixing every byte it treats apart with plain text, in text and attributes.
func TestEscapeRuns(t *testing.T) {
	pieces := []string{"a", "Laporan ", "&", "<", ">", "\"", "\n", "\r", "\r\n", "\t", "\x01", "\x1f", "\x7f", "_", "_x0041_",
		"_xZZ41_", "_x00", "\uFFFE", "\uFFFF", "\uFFFD", "\xEF", "\xEF\xBF", "é", "中", "😀", "'"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		var s strings.Builder
		for range rng.IntN(10) {
			s.WriteString(pieces[rng.IntN(len(pieces))])
		}
		for _, attr := range []bool{false, true} {
			if got, want := string(appendEscaped([]byte("p"), s.String(), attr)), string(escapeByteByByte([]byte("p"), s.String(), attr)); got != want {
				t.Fatalf("%q (attr %v): %q, byte by byte %q", s.String(), attr, got, want)
			}
		}
	}
}
