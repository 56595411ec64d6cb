package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/importer"
	"github.com/smsgen/smsgen/internal/testutil"
)

// rezip copies the workbook src to dst, replacing the parts named in parts by
// what their writers write, and adding n extra parts when extra > 0.
func rezip(t *testing.T, src, dst string, parts map[string]func(w io.Writer), extra int) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if gen, ok := parts[zf.Name]; ok {
			gen(w)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	for i := 0; i < extra; i++ {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("customXml/item%d.xml", i), Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(w, "<a/>")
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// readPart returns the text of a part of a workbook.
func readPart(t *testing.T, file, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("%s: no part %s", file, name)
	return ""
}

// sheetPart is the part of the first worksheet (the incidents sheet of incidents.xlsx).
const sheetPart = "xl/worksheets/sheet1.xml"

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// importBounded runs an import, failing on a hang, and returns its result,
// the bytes allocated and the peak heap growth.
func importBounded(t *testing.T, opts importer.Options, deadline time.Duration) (*importer.Result, error, uint64, uint64, time.Duration) {
	t.Helper()
	var res *importer.Result
	var err error
	b := testutil.Bounded(t, "import", deadline, func() { res, err = importer.Run(opts) })
	return res, err, b.Alloc, b.Heap, b.Took
}

// TestImportLimits: hostile workbooks, made here, stop at the limit they pass
// with an import-limit finding that says which, quickly and in bounded memory,
// and nothing is written.
func TestImportLimits(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	src := filepath.Join(dir, "incidents.xlsx")
	tmp := t.TempDir()
	origSheet := readPart(t, src, sheetPart)
	if !strings.Contains(origSheet, "</sheetData>") {
		t.Fatalf("%s: no sheetData", sheetPart)
	}
	row := func(w io.Writer, r int) {
		fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>INC-%d</t></is></c></row>`, r, r, r)
	}
	cases := []struct {
		name      string
		parts     map[string]func(w io.Writer)
		extra     int
		want      string // in the finding's message
		line, col int
		value     string
	}{
		{name: "zip bomb: a sheet part of 1 GiB of blanks",
			parts: map[string]func(w io.Writer){sheetPart: func(w io.Writer) {
				io.WriteString(w, sheetHead)
				blank := bytes.Repeat([]byte(" "), 1<<20)
				for i := 0; i < 1024; i++ {
					w.Write(blank)
				}
				io.WriteString(w, sheetTail)
			}},
			want: "inflates more than 200 times its compressed size"},
		{name: "a sheet part past the size limit at a plausible ratio",
			parts: map[string]func(w io.Writer){sheetPart: func(w io.Writer) {
				io.WriteString(w, sheetHead+"<!--")
				// a random 1 KiB block, repeated: it deflates some 100 times
				block := make([]byte, 1024)
				seed := uint32(1)
				for i := range block {
					seed = seed*1664525 + 1013904223
					block[i] = 'a' + byte(seed>>24)%26
				}
				for i := 0; i < 260*1024; i++ {
					w.Write(block)
				}
				io.WriteString(w, "-->"+sheetTail)
			}},
			want: "inflates to more than 256 MiB"},
		{name: "100,011 rows",
			parts: map[string]func(w io.Writer){sheetPart: func(w io.Writer) {
				io.WriteString(w, sheetHead)
				for r := 1; r <= 1_000_000; r++ {
					row(w, r)
				}
				io.WriteString(w, sheetTail)
			}},
			want: "has more than 100010 rows", line: 100011, value: "Insiden!100011"},
		{name: "one row numbered 1,048,576",
			parts: map[string]func(w io.Writer){sheetPart: func(w io.Writer) {
				io.WriteString(w, strings.Replace(origSheet, "</sheetData>", `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>X</t></is></c></row></sheetData>`, 1))
			}},
			want: "has more than 100010 rows", line: 100011, value: "Insiden!100011"},
		{name: "a cell at column XFD",
			parts: map[string]func(w io.Writer){sheetPart: func(w io.Writer) {
				io.WriteString(w, sheetHead)
				row(w, 1)
				io.WriteString(w, `<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>`)
				io.WriteString(w, sheetTail)
			}},
			want: "has a cell at XFD2, beyond column 1024", line: 2, col: 16384, value: "Insiden!XFD2"},
		{name: "5,000 cells without references in one row",
			parts: map[string]func(w io.Writer){sheetPart: func(w io.Writer) {
				io.WriteString(w, sheetHead+`<row>`)
				for i := 0; i < 5000; i++ {
					io.WriteString(w, `<c t="inlineStr"><is><t>x</t></is></c>`)
				}
				io.WriteString(w, `</row>`+sheetTail)
			}},
			want: "has a cell at AMK1, beyond column 1024", line: 1, col: 1025, value: "Insiden!AMK1"},
		{name: "2,000,000 shared strings",
			parts: map[string]func(w io.Writer){"xl/sharedStrings.xml": func(w io.Writer) {
				io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
				for i := 0; i < 2_000_000; i++ {
					fmt.Fprintf(w, "<si><t>%d</t></si>", i)
				}
				io.WriteString(w, `</sst>`)
			}},
			want: "more than 1000000 shared strings"},
		{name: "10,001 parts", extra: 10_001, want: "parts in the package (limit 10000)"},
	}
	before, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(tmp, fmt.Sprintf("hostile%d.xlsx", i))
			rezip(t, src, file, c.parts, c.extra)
			if _, ok := c.parts["xl/sharedStrings.xml"]; ok {
				if zr, err := zip.OpenReader(src); err == nil {
					has := false
					for _, zf := range zr.File {
						has = has || zf.Name == "xl/sharedStrings.xml"
					}
					zr.Close()
					if !has {
						t.Fatal("the workbook has no shared strings part to replace")
					}
				}
			}
			st, _ := os.Stat(file)
			res, err, alloc, heap, took := importBounded(t, importer.Options{Root: root, File: file, Today: today, Lang: "en", Write: true}, 60*time.Second)
			t.Logf("%d KiB workbook: %v, %d MiB allocated, %d MiB peak heap growth", st.Size()>>10, took.Round(time.Millisecond), alloc>>20, heap>>20)
			if err != nil {
				t.Fatalf("err = %v, want an import-limit finding", err)
			}
			if took > 15*time.Second {
				t.Errorf("took %v, bound 15s", took)
			}
			if alloc > 256<<20 || heap > 128<<20 {
				t.Errorf("allocated %d MiB (bound 256), peak heap growth %d MiB (bound 128)", alloc>>20, heap>>20)
			}
			if len(res.Findings) != 1 || res.Findings[0].Code != "import-limit" || !strings.Contains(res.Findings[0].Message, c.want) {
				t.Fatalf("findings = %+v, want one import-limit saying %q", res.Findings, c.want)
			}
			fd := res.Findings[0]
			if fd.File != file || fd.Line != c.line || fd.Column != c.col || fd.Value != c.value {
				t.Errorf("finding at %s:%d:%d %q, want %s:%d:%d %q", fd.File, fd.Line, fd.Column, fd.Value, file, c.line, c.col, c.value)
			}
			if res.Errors() == 0 || len(res.Written) > 0 || len(res.Changes) > 0 {
				t.Errorf("errors %d, written %v, changes %d", res.Errors(), res.Written, len(res.Changes))
			}
		})
	}
	after, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	if !bytes.Equal(before, after) {
		t.Error("the register changed")
	}
}
