package diag

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printable returns s safe to print to a terminal or into a CI log: control
// characters (C0 but line feed and tab, DEL, C1), the bidirectional overrides
// and isolates (U+202A–U+202E, U+2066–U+2069) and bytes that are not UTF-8
// are written as escapes (\x1b, \u202e), so that a value read from a site
// cannot move the cursor, recolour the screen, set a window title, hide text
// or reorder what a reviewer sees. Everything else is unchanged.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	writeEscaped(&b, s)
	return b.String()
}

// printableLine is Printable that also escapes line breaks and tabs, for output
// of one finding per line.
func printableLine(s string) string {
	s = Printable(s)
	if !strings.ContainsAny(s, "\n\t\u2028\u2029") {
		return s
	}
	return lineBreaks.Replace(s)
}

var lineBreaks = strings.NewReplacer("\n", `\n`, "\t", `\t`, "\u2028", `\u2028`, "\u2029", `\u2029`)

func unsafeRune(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\n' && r != '\t'
	case r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return true
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 || unsafeRune(r) {
				return true
			}
			i += n - 1
		}
	}
	return false
}

type stringWriter interface {
	WriteString(string) (int, error)
}

func writeEscaped(b stringWriter, s string) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteString(`\x` + hex2(s[i]))
		case unsafeRune(r) && r < 0x80:
			b.WriteString(`\x` + hex2(byte(r)))
		case unsafeRune(r):
			u := strconv.FormatInt(int64(r), 16)
			b.WriteString(`\u` + strings.Repeat("0", 4-len(u)) + u)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// PrintableWriter wraps w so that everything written through it is Printable:
// for human-readable output (reports, summaries) that holds values of a site.
// A UTF-8 sequence split between two writes is kept whole.
func PrintableWriter(w io.Writer) io.Writer { return &printableWriter{w: w} }

type printableWriter struct {
	w    io.Writer
	tail []byte // an incomplete UTF-8 sequence at the end of the last write
}

func (p *printableWriter) Write(b []byte) (int, error) {
	n := len(b)
	buf := append(p.tail, b...)
	p.tail = nil
	// keep back an incomplete sequence at the end (at most 3 bytes)
	for k := 1; k <= 3 && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < 0x80 {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				p.tail = append([]byte(nil), buf[len(buf)-k:]...)
				buf = buf[:len(buf)-k]
			}
			break
		}
	}
	if _, err := io.WriteString(p.w, Printable(string(buf))); err != nil {
		return 0, err
	}
	return n, nil
}
