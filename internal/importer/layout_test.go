package importer_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/render/xlsx"
	"github.com/smsgen/smsgen/internal/testutil"
	"github.com/xuri/excelize/v2"
)

// oldLayout rewrites a workbook smsgen wrote into the layout of earlier
// versions, which users may still have edited copies of: a hidden row 1 of
// field keys above the row of labels, data from row 3, no key names.
func oldLayout(t *testing.T, src, dst string) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if tables, _ := f.GetTables(sh); len(tables) != 1 {
			continue
		}
		col := keyCols(t, f, sh)
		if err := f.InsertRows(sh, 1, 1); err != nil {
			t.Fatal(err)
		}
		for k, c := range col {
			ref, _ := excelize.CoordinatesToCellName(c, 1)
			if err := f.SetCellStr(sh, ref, k); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetRowVisible(sh, 1, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, dn := range f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, xlsx.KeyName) {
			if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

// TestOldLayout: a workbook of the previous layout (hidden key row, labels in
// row 2) still imports: unchanged it changes nothing, one edited cell changes
// exactly that value.
func TestOldLayout(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	tmp := t.TempDir()
	all := filepath.Join(tmp, "registers-old.xlsx")
	oldLayout(t, filepath.Join(dir, "registers.xlsx"), all)
	g, err := excelize.OpenFile(all)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := g.GetRows("Insiden")
	if rows[0][0] != "id" || rows[1][0] != "Nomor" || rows[2][0] != "INC-2026-0001" || len(g.GetDefinedName()) > 2*len(g.GetSheetList()) {
		t.Fatalf("not the old layout: %q / %q / %q, %d names", rows[0][:2], rows[1][:2], rows[2][:2], len(g.GetDefinedName()))
	}
	g.Close()
	res := run(t, root, all, "", false)
	if len(res.Changes) != 25 || res.Errors() > 0 || len(res.Findings) > 0 {
		t.Fatalf("%d registers imported, findings:\n%s", len(res.Changes), report(res))
	}
	for _, ch := range res.Changes {
		if !ch.Empty() {
			t.Errorf("%s: changes after a plain round trip:\n%s", ch.Register, report(res))
		}
	}

	// one edited cell: row 4 of the old layout is INC-2026-0002, column B its title
	one := filepath.Join(tmp, "incidents-old.xlsx")
	oldLayout(t, filepath.Join(dir, "incidents.xlsx"), one)
	edited := filepath.Join(tmp, "edited.xlsx")
	edit(t, one, edited, "Insiden", map[string]any{"B4": "Judul yang diubah"})
	res = run(t, root, edited, "", false)
	if len(res.Changes) != 1 || len(res.Changes[0].Changed) != 1 || res.Changes[0].Changed[0].ID != "INC-2026-0002" ||
		len(res.Changes[0].Changed[0].Fields) != 1 || res.Changes[0].Changed[0].Fields[0].Key != "title" ||
		len(res.Changes[0].Added)+len(res.Changes[0].Removed) > 0 {
		t.Fatalf("changes:\n%s", report(res))
	}
	before, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	res = run(t, root, edited, "", true)
	after, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	if len(res.Written) != 1 {
		t.Fatalf("written %v:\n%s", res.Written, report(res))
	}
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	diff := 0
	for i := range bl {
		if i < len(al) && bl[i] != al[i] {
			diff++
			if !strings.HasPrefix(al[i], "INC-2026-0002,Judul yang diubah,") {
				t.Errorf("changed line: %s", al[i])
			}
		}
	}
	if diff != 1 || len(bl) != len(al) {
		t.Errorf("%d lines changed (%d → %d lines), want 1", diff, len(bl), len(al))
	}
}

// TestRearranged: the key names follow their cells, so a sheet with a column
// of the user's own inserted before the fields, a title row inserted above the
// header and a column header reworded still imports each field from its
// column.
func TestRearranged(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	f, err := excelize.OpenFile(filepath.Join(dir, "incidents.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.InsertCols("Insiden", "B", 1); err != nil {
		t.Fatal(err)
	}
	_ = f.SetCellStr("Insiden", "B1", "Catatan saya")
	_ = f.SetCellStr("Insiden", "B2", "perlu dicek")
	if err := f.InsertRows("Insiden", 1, 1); err != nil {
		t.Fatal(err)
	}
	_ = f.SetCellStr("Insiden", "A1", "Laporan insiden November")
	_ = f.SetCellStr("Insiden", "C2", "Ringkasan singkat") // was "Judul"
	_ = f.SetCellStr("Insiden", "C3", "Judul baru")        // INC-2026-0001
	moved := filepath.Join(t.TempDir(), "moved.xlsx")
	if err := f.SaveAs(moved); err != nil {
		t.Fatal(err)
	}
	f.Close()
	g, _ := excelize.OpenFile(moved)
	if col := keyCols(t, g, "Insiden"); col["title"] != 3 {
		t.Fatalf("title name not moved with its column: %v", col)
	}
	g.Close()
	res := run(t, root, moved, "", false)
	if len(res.Changes) != 1 || res.Errors() > 0 || len(res.Changes[0].Changed) != 1 || res.Changes[0].Changed[0].ID != "INC-2026-0001" ||
		len(res.Changes[0].Changed[0].Fields) != 1 || res.Changes[0].Changed[0].Fields[0].Key != "title" ||
		len(res.Changes[0].Added)+len(res.Changes[0].Removed) > 0 {
		t.Fatalf("changes:\n%s", report(res))
	}
	// the user's own column is named as an unknown field, at the header row
	var unknown []string
	for _, fd := range res.Findings {
		if fd.Code == "unknown-field" {
			unknown = append(unknown, fd.Field)
			if !regexp.MustCompile(`!(?:[A-Z]+2|2:2)\)$`).MatchString(fd.File) {
				t.Errorf("unknown field at %s, want a cell of the header row 2", fd.File)
			}
		}
	}
	if len(unknown) != 1 || unknown[0] != "Catatan saya" {
		t.Errorf("unknown fields %v:\n%s", unknown, report(res))
	}
}
