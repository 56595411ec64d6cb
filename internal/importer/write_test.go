package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/importer"
	"github.com/smsgen/smsgen/internal/testutil"
	"github.com/xuri/excelize/v2"
)

const rfcSheet = "Permintaan Perubahan - RFC"

// snapshot returns the bytes of every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// editRFC edits the RFC sheet of registers.xlsx: set maps a key to a value for
// the row of RFC-2026-002 (row 3); newID, when set, adds a copy of that row
// under another id.
func editRFC(t *testing.T, dir, dst string, set map[string]string, newID string) {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, "registers.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(rfcSheet, excelize.Options{RawCellValue: true})
	col := keyCols(t, f, rfcSheet)
	if rows[2][col["id"]-1] != "RFC-2026-002" {
		t.Fatalf("row 3 is %q", rows[2][col["id"]-1])
	}
	for k, v := range set {
		ref, _ := excelize.CoordinatesToCellName(col[k], 3)
		_ = f.SetCellStr(rfcSheet, ref, v)
	}
	if newID != "" {
		r := len(rows) + 1
		for i, v := range rows[2] {
			ref, _ := excelize.CoordinatesToCellName(i+1, r)
			if i+1 == col["id"] {
				v = newID
			}
			_ = f.SetCellStr(rfcSheet, ref, v)
		}
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

// TestWriteAllOrNothing: a valid edit of one record file and a new record
// whose id cannot be a file name write nothing at all (before, the first file
// was rewritten and then the import failed).
func TestWriteAllOrNothing(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	edited := filepath.Join(t.TempDir(), "edited.xlsx")
	editRFC(t, dir, edited, map[string]string{"application": "Platform Surel Kolaborasi v2"}, "RFC:2026:099")
	before := snapshot(t, filepath.Join(root, "registers"))
	res, err := importer.Run(importer.Options{Root: root, File: edited, Today: today, Write: true})
	if err == nil || !strings.Contains(err.Error(), "cannot be a file name") || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("err = %v, want the file-name error", err)
	}
	if res != nil && (res.Errors() > 0 || len(res.Written) > 0) {
		t.Errorf("errors %d, written %v", res.Errors(), res.Written)
	}
	after := snapshot(t, filepath.Join(root, "registers"))
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed", p)
		}
	}
	// the same edit without the bad record is written
	editRFC(t, dir, edited, map[string]string{"application": "Platform Surel Kolaborasi v2"}, "")
	res, err = importer.Run(importer.Options{Root: root, File: edited, Today: today, Write: true})
	if err != nil || len(res.Written) != 1 {
		t.Fatalf("err = %v, written = %v", err, res.Written)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(root, "registers", "changes", ".smsgen-import-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestWriteKeepsUnchangedText: --write changes only the lines of the changed
// values; folded and literal blocks, comments, quoting styles and key order
// of the other fields stay byte for byte (before, an unchanged folded >- field
// was reflowed).
func TestWriteKeepsUnchangedText(t *testing.T) {
	root := testutil.ExampleSite(t)
	p := filepath.Join(root, "registers", "changes", "RFC-2026-002.yaml")
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	text := replaceEach(t, string(orig), map[string]string{
		"title: Penerapan DKIM, DMARC, batas laju pengiriman dan MFA webmail pada layanan surel": "# judul resmi\ntitle: \"Penerapan DKIM, DMARC, batas laju pengiriman dan MFA webmail pada layanan surel\"",
		"request_kind: fix":                      "request_kind: 'fix'   # tetap dikutip",
		"application: Platform Surel Kolaborasi": "application: Platform Surel Kolaborasi # aplikasi\n\n# catatan di antara kunci",
		"test_result: >-":                        "test_result: |-",
		"change_type: normal":                    "change_type:   normal",
	})
	// the last key, followed by a comment and the document end marker
	text = "---\n" + strings.Replace(text, "received_by: Siti Nurhaliza\n", "", 1) + "received_by: Siti Nurhaliza\n# akhir\n...\n"
	text = strings.ReplaceAll(text, "\n", "\r\n")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := buildBooks(t, root)
	edited := filepath.Join(t.TempDir(), "edited.xlsx")
	editRFC(t, dir, edited, map[string]string{
		"application": "Platform Surel Kolaborasi v2",
		"title":       "Penerapan DKIM dan DMARC",
		"received_by": "",
	}, "")
	res, err := importer.Run(importer.Options{Root: root, File: edited, Today: today, Write: true})
	if err != nil || res.Errors() > 0 || len(res.Written) != 1 {
		t.Fatalf("err = %v, findings %v, written %v", err, res.Findings, res.Written)
	}
	got, _ := os.ReadFile(p)
	want := replaceEach(t, text, map[string]string{
		"title: \"Penerapan DKIM, DMARC, batas laju pengiriman dan MFA webmail pada layanan surel\"": "title: \"Penerapan DKIM dan DMARC\"",
		"application: Platform Surel Kolaborasi # aplikasi":                                          "application: Platform Surel Kolaborasi v2 # aplikasi",
		"received_by: Siti Nurhaliza\r\n":                                                            "",
	})
	if string(got) != want {
		t.Errorf("record after --write:\n%s\nwant:\n%s", got, want)
	}
	if !bytes.Contains(got, []byte("test_result: |-\r\n")) || !bytes.Contains(got, []byte("description: >-\r\n")) {
		t.Error("block styles lost")
	}
	valid(t, root)
}

// replaceEach replaces the first occurrence in text of each key of repl by
// its value, failing when text lacks one.
func replaceEach(t *testing.T, text string, repl map[string]string) string {
	t.Helper()
	for old, with := range repl {
		if !strings.Contains(text, old) {
			t.Fatalf("%q not in the record", old)
		}
		text = strings.Replace(text, old, with, 1)
	}
	return text
}
