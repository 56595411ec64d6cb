package load

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// refTooDeep and refTooComplex are the byte-by-byte scans tooDeep and
// tooComplex were first written as.
func refTooDeep(body []byte, maxLine, maxTotal int) (int, bool) {
	total, line := 0, 1
	atStart, prefix := true, 0
	for _, c := range body {
		if c == '\n' {
			line++
			atStart, prefix = true, 0
			continue
		}
		if !atStart {
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '>' || c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9'):
			prefix++
			total++
			if prefix > maxLine || total > maxTotal {
				return line, false
			}
		default:
			atStart = false
		}
	}
	return 0, true
}

func refTooComplex(body []byte, max int) (int, bool) {
	work, k, start, line := 0, 0, 1, 1
	blank := true
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '\n':
			if blank {
				work += k * k
				k, start = 0, line+1
			}
			line++
			blank = true
		case c == ']' && i+1 < len(body) && body[i+1] == '(':
			k++
			blank = false
			if work+k*k > max {
				return start, false
			}
		case c != ' ' && c != '\t' && c != '\r':
			blank = false
		}
	}
	return 0, true
}

// The line-by-line guards against hostile bodies stop at the same line as the
// byte-by-byte scans, on random bodies of links, list markers and blank lines
// at the real limits, and on bodies built to cross them.
func TestBodyGuardsAgreeWithByteScan(t *testing.T) {
	pieces := []string{"teks", " ", "\t", "\r", "\n", "\n\n", " \n", "](", "]", "(", "[a](b)", "> ", "- ", "1. ", "12)", "*", "+", "."}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(40) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		body := []byte(b.String())
		if gl, gok := tooDeep(body); true {
			wl, wok := refTooDeep(body, maxLinePrefix, maxTotalPrefix)
			if gl != wl || gok != wok {
				t.Fatalf("tooDeep(%q) = %d, %v, want %d, %v", body, gl, gok, wl, wok)
			}
		}
		if gl, gok := tooComplex(body); true {
			wl, wok := refTooComplex(body, maxLinkWork)
			if gl != wl || gok != wok {
				t.Fatalf("tooComplex(%q) = %d, %v, want %d, %v", body, gl, gok, wl, wok)
			}
		}
	}
	for _, body := range [][]byte{
		[]byte("a\n" + strings.Repeat(">", maxLinePrefix+1) + " x\n"),
		[]byte("a\n\n" + strings.Repeat("- ", maxLinePrefix/2) + "x\n" + strings.Repeat("  ", maxLinePrefix/2+1)),
		bytes.Repeat([]byte(strings.Repeat(" ", 900)+"x\n"), maxTotalPrefix/900+2),
		[]byte("para\n\n" + strings.Repeat("[a](", 7000)),
		[]byte("para\n\n" + strings.Repeat("[a](\n", 5000) + "\n" + strings.Repeat("[b](", 5999) + "\n \r\n" + strings.Repeat("[c](", 1000)),
		bytes.Repeat([]byte(strings.Repeat("[a](b) ", 3000)+"\n\t\n"), 5),
	} {
		gl, gok := tooDeep(body)
		wl, wok := refTooDeep(body, maxLinePrefix, maxTotalPrefix)
		if gl != wl || gok != wok {
			t.Errorf("tooDeep of a %d-byte body = %d, %v, want %d, %v", len(body), gl, gok, wl, wok)
		}
		gl, gok = tooComplex(body)
		wl, wok = refTooComplex(body, maxLinkWork)
		if gl != wl || gok != wok {
			t.Errorf("tooComplex of a %d-byte body = %d, %v, want %d, %v", len(body), gl, gok, wl, wok)
		}
	}
}
