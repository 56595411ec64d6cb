package adopt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/testutil"
)

// Any front matter: an error or pairs and a body, never a panic; the body
// is always the end of the input.
func FuzzSplitMatter(f *testing.F) {
	for _, s := range []string{
		"---\na: 1\n---\nbody\n", "name: X\nacronym: Y\n---\n# H\n", "+++\na = 1\n+++\nx", "{\n\"a\": 1\n}\n\nx",
		";;;\n{\"a\": [1]}\n;;;\n", "---\n- a\n---\n", "---\na: &x [*x]\n---\n", "# T\n\na: b\n---\n", "---\nopen\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _, body, err := splitMatter([]byte(s))
		if err == nil && !strings.HasSuffix(s, string(body)) {
			t.Fatalf("body %q is not the end of %q", body, s)
		}
	})
}

// Any document body: an error or Markdown that is valid UTF-8, never a panic or a hang.
func FuzzDocxBody(f *testing.F) {
	for _, s := range []string{
		testutil.Para("Heading1", "Tujuan") + testutil.ListItem("1", "0", "a") + testutil.ListItem("1", "3", "b"),
		testutil.Table([]string{"Nomor", "X"}, []string{"Versi", "1"}) + testutil.Para("", "x|y*z_"),
		`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
		`<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>kotak</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>`,
		`<w:p><w:hyperlink r:id="x"><w:r><w:t>a</w:t></w:r></w:hyperlink><w:r><w:br/><w:tab/></w:r></w:p>`,
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(dir, "f.docx")
		testutil.WriteDocx(t, p, testutil.Docx{Body: body, Numbering: `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`})
		defer os.Remove(p)
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				panic(fmt.Sprintf("readDocx hangs on %q", body))
			}
		}()
		d, err := readDocx(p)
		close(done)
		if err != nil {
			return
		}
		if !utf8.Valid(d.body) {
			t.Fatalf("body not UTF-8: %q", d.body)
		}
	})
}
