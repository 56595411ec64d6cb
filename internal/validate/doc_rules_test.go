package validate

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// The body's placeholders are reported on the lines, with the values, that
// reading the body line by line finds: one finding a line, the line's text
// trimmed, whichever marks it holds and wherever the first one is.
func TestPlaceholderBodyAgreesWithLineByLine(t *testing.T) {
	pieces := []string{"teks", " ", "\n", "\r\n", "WAJIB DIISI", "TO FILL IN", "WAJIB", " DIISI", "TO FILL", "wajib diisi", "\t", "é"}
	rng := rand.New(rand.NewSource(1))
	for range 5000 {
		var b strings.Builder
		for range rng.Intn(25) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		body := []byte(b.String())
		first := 1 + rng.Intn(20)

		var want []string
		for i, ln := range bytes.Split(body, []byte("\n")) {
			if bytes.Contains(ln, []byte("WAJIB DIISI")) || bytes.Contains(ln, []byte("TO FILL IN")) {
				want = append(want, fmt.Sprintf("%d %q", first+i, strings.TrimSpace(string(ln))))
			}
		}

		var c diag.Collector
		v := &validator{site: &model.Site{}, rep: &i18n.Reporter{C: &c, Lang: "en"}}
		d := &model.Document{Path: "content/a.md", Body: body, BodyLine: first}
		p := placeholderReport{v: v, d: d, code: "placeholder-unfilled"}
		p.body(body, first)
		var got []string
		for _, f := range c.Findings() {
			got = append(got, fmt.Sprintf("%d %q", f.Line, f.Value))
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("body %q from line %d:\n got %v\nwant %v", body, first, got, want)
		}
	}
}
