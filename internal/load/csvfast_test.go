package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

type csvRow struct {
	fields []string
	pos    []csvPos
}

// readAllFrom reads every row of src with its field positions; err is the first error.
func readAllFrom(src csvSource) (rows []csvRow, err error) {
	for {
		rec, err := src.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		r := csvRow{fields: append([]string(nil), rec...)}
		for i := range rec {
			l, c := src.FieldPos(i)
			r.pos = append(r.pos, csvPos{l, c})
		}
		rows = append(rows, r)
	}
}

// checkFastCSV asserts that fastCSV reads in exactly as encoding/csv does, and
// gives up exactly when encoding/csv reports an error.
func checkFastCSV(t *testing.T, in string, comma byte) {
	t.Helper()
	cr := csv.NewReader(strings.NewReader(in))
	cr.Comma = rune(comma)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	want, werr := readAllFrom(cr)
	got, gerr := readAllFrom(newFastCSV(in, comma))
	if gerr != nil && !errors.Is(gerr, errNotSimple) {
		t.Fatalf("%q: fastCSV returned %v", in, gerr)
	}
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%q: encoding/csv error %v, fastCSV error %v", in, werr, gerr)
	}
	if werr != nil {
		return // the loader starts over with encoding/csv
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%q:\nencoding/csv %v\nfastCSV      %v", in, want, got)
	}
}

func TestFastCSVMatchesEncodingCSV(t *testing.T) {
	cases := []string{
		"", "\n", "\r\n", "\r", "a", "a\r", "a\n", "a\r\n", "a,b\nc,d", "a,b\r\nc,d\r\n",
		"\n\na,b\n\n\nc\n", "a,,b,\n,\n", `"a","b"` + "\n", `"a""b",c`, `"a` + "\n" + `b",c` + "\n" + "d,e",
		`"a` + "\r\n" + `b",c` + "\r\n", `"a` + "\r\r\n" + `b"`, `"",""` + "\n", `""""`, `"a"b`, `a"b`, `"a`, `"a` + "\n",
		`"a"` + "\r", `"a"` + " ,b", " \"a\"", "a,\"b\nc\"\"d\ne\",f\n\ng", "\r\r\n", "x\r\ry\n", "é,ü\n\xff,\"\xfe\"\n",
		"a;b,c\n\"d;e\";f\n", "a,\"\n\n\",b\n",
	}
	for _, c := range cases {
		checkFastCSV(t, c, ',')
		checkFastCSV(t, c, ';')
	}
	// random inputs from an alphabet of CSV's special characters
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", ",", ";", `"`, `""`, "\n", "\r\n", "\r", "é"}
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for n := r.IntN(30); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		checkFastCSV(t, b.String(), ",;"[i%2])
	}
	// random well-formed files: quote every field that needs it
	for i := 0; i < 5000; i++ {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.UseCRLF = i%3 == 0
		for rows := r.IntN(6); rows > 0; rows-- {
			var rec []string
			for n := 1 + r.IntN(5); n > 0; n-- {
				var f strings.Builder
				for k := r.IntN(6); k > 0; k-- {
					f.WriteString(alphabet[r.IntN(len(alphabet))])
				}
				rec = append(rec, f.String())
			}
			_ = w.Write(rec)
		}
		w.Flush()
		checkFastCSV(t, b.String(), ',')
	}
}

func FuzzFastCSV(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", `"a""b",c` + "\r\n", "\"x\ny\",z\n\n", `a"b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFastCSV(t, s, ',')
		checkFastCSV(t, s, ';')
		checkPieces(t, s, ',') // read in pieces cut at record boundaries, as big registers are
	})
}

// TestCommaOrQuote holds the word-at-a-time scan to what two IndexByte calls
// say, at every start and end of random strings of CSV's special bytes among
// others (bytes with the high bit set too).
func TestCommaOrQuote(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{'a', ' ', ',', ';', '"', '\n', '\r', 0x80, 0xff, 0x00, 0x01, 0x2b, 0x2d, 0x21, 0x23}
	for i := 0; i < 3000; i++ {
		b := make([]byte, r.IntN(40))
		for k := range b {
			b[k] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		for _, comma := range []byte{',', ';'} {
			for p := 0; p <= len(s); p++ {
				for end := p; end <= len(s); end++ {
					want := end
					if j := strings.IndexByte(s[p:end], comma); j >= 0 {
						want = p + j
					}
					if j := strings.IndexByte(s[p:want], '"'); j >= 0 {
						want = p + j
					}
					if got := commaOrQuote(s, p, end, comma); got != want {
						t.Fatalf("commaOrQuote(%q, %d, %d, %q) = %d, want %d", s, p, end, comma, got, want)
					}
				}
			}
		}
	}
}
