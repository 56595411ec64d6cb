package importer_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/testutil"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/importer"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/xlsx"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// buildBooks renders the workbooks of a site.
func buildBooks(t testing.TB, root string) string {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors() > 0 {
		_ = diag.Text(os.Stderr, res.Findings)
		t.Fatal("site has errors")
	}
	out := t.TempDir()
	var c diag.Collector
	ctx := &output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: today, Out: out,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "test"}
	if err := (xlsx.Renderer{}).Render(ctx); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(out, "xlsx")
}

func run(t testing.TB, root, file, reg string, write bool) *importer.Result {
	t.Helper()
	res, err := importer.Run(importer.Options{Root: root, File: file, Register: reg, Today: today, Write: write})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func report(res *importer.Result) string {
	var b bytes.Buffer
	importer.WriteReport(&b, res)
	for _, f := range res.Findings {
		b.WriteString(f.Code + " " + filepath.Base(f.File) + " " + f.Record + " " + f.Field + "\n")
	}
	return b.String()
}

func TestRoundTripNoChange(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	res := run(t, root, filepath.Join(dir, "registers.xlsx"), "", false)
	if len(res.Changes) != 25 {
		t.Fatalf("%d registers imported, want 25", len(res.Changes))
	}
	for _, ch := range res.Changes {
		if !ch.Empty() {
			t.Errorf("%s: changes after a plain round trip:\n%s", ch.Register, report(res))
		}
	}
	if res.Errors() > 0 {
		t.Errorf("findings:\n%s", report(res))
	}
	// a one-register workbook of every format
	for _, name := range []string{"incidents", "services", "changes"} {
		res := run(t, root, filepath.Join(dir, name+".xlsx"), "", false)
		if len(res.Changes) != 1 || res.Changes[0].Register != name || !res.Changes[0].Empty() {
			t.Errorf("%s.xlsx:\n%s", name, report(res))
		}
	}
}

// edit changes cells of a workbook with excelize, as a user would in Excel.
func edit(t testing.TB, src, dst, sheet string, cells map[string]any) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, v := range cells {
		if v == nil {
			if err := f.SetCellValue(sheet, ref, ""); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := f.SetCellValue(sheet, ref, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, p, got)
	}
}

func TestEditOneCellCSV(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	before, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	edited := filepath.Join(t.TempDir(), "edited.xlsx")
	// row 3 is INC-2026-0002; column Z is status, B title
	edit(t, filepath.Join(dir, "incidents.xlsx"), edited, "Insiden", map[string]any{"B3": `SUM(1,2) stays text`})
	res := run(t, root, edited, "", false)
	golden(t, "edit-csv", report(res))

	res = run(t, root, edited, "", true)
	if len(res.Written) != 1 {
		t.Fatalf("written = %v", res.Written)
	}
	after, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	// exactly one line differs
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) {
		t.Fatalf("line count %d → %d", len(bl), len(al))
	}
	diff := 0
	for i := range bl {
		if bl[i] != al[i] {
			diff++
			if !strings.Contains(al[i], `"SUM(1,2) stays text"`) {
				t.Errorf("changed line: %s", al[i])
			}
		}
	}
	if diff != 1 {
		t.Errorf("%d lines changed, want 1", diff)
	}
	valid(t, root)
	// importing the same workbook again changes nothing
	res = run(t, root, edited, "", false)
	if !res.Changes[0].Empty() {
		t.Errorf("second import:\n%s", report(res))
	}
}

func valid(t *testing.T, root string) {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors() > 0 || res.Warnings() > 0 {
		var b bytes.Buffer
		_ = diag.Text(&b, res.Findings)
		t.Errorf("site after --write:\n%s", b.String())
	}
}

func TestAddRemoveYAMLAndFolder(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	// services (YAML list): change the tariff of SVC-01, remove the last record is not
	// possible (it is referenced), so add one
	f, err := excelize.OpenFile(filepath.Join(dir, "registers.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Katalog Layanan")
	col := keyLetters(t, f, "Katalog Layanan")
	last := len(rows) + 1
	n := func(r int) string { return itoa(r) }
	set := map[string]any{
		col["tariff"] + "2": "Rp 0 (dibiayai DIPA)",
		col["id"] + n(last): "SVC-99", col["name"] + n(last): "Layanan Uji", col["description"] + n(last): "Uraian uji",
		col["intended_outcome"] + n(last): "Hasil uji", col["owner"] + n(last): "Pemilik Uji",
		col["criticality"] + n(last): "Rendah", col["status"] + n(last): "Rencana",
	}
	for ref, v := range set {
		_ = f.SetCellValue("Katalog Layanan", ref, v)
	}
	// changes (folder): change the outcome text of RFC-2026-002
	ccol := keyLetters(t, f, "Permintaan Perubahan - RFC")
	_ = f.SetCellValue("Permintaan Perubahan - RFC", ccol["application"]+"3", "Platform Surel Kolaborasi v2")
	edited := filepath.Join(t.TempDir(), "edited.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	f.Close()
	beforeSvc, _ := os.ReadFile(filepath.Join(root, "registers", "services.yaml"))
	res := run(t, root, edited, "", true)
	golden(t, "edit-yaml", report(res))
	afterSvc, _ := os.ReadFile(filepath.Join(root, "registers", "services.yaml"))
	// the untouched records keep their text: the file up to SVC-02 only differs in the tariff line
	if !strings.Contains(string(afterSvc), "tariff: Rp 0 (dibiayai DIPA)") || !strings.Contains(string(afterSvc), "id: SVC-99") {
		t.Errorf("services.yaml:\n%s", afterSvc)
	}
	// byte for byte: the file with the tariff line replaced, then the new record
	if want := strings.Replace(string(beforeSvc), "tariff: Tanpa biaya (dibiayai DIPA Pusdatin)", "tariff: Rp 0 (dibiayai DIPA)", 1); !strings.HasPrefix(string(afterSvc), want) {
		t.Errorf("services.yaml is not the old text with one line changed:\n%s", afterSvc)
	}
	i := strings.Index(string(beforeSvc), "- id: SVC-02")
	j := strings.Index(string(afterSvc), "- id: SVC-02")
	if i < 0 || j < 0 || string(beforeSvc[i:]) != string(afterSvc[j:j+len(beforeSvc)-i]) {
		t.Errorf("records after SVC-01 changed")
	}
	rfc, _ := os.ReadFile(filepath.Join(root, "registers", "changes", "RFC-2026-002.yaml"))
	if !strings.Contains(string(rfc), "application: Platform Surel Kolaborasi v2") {
		t.Errorf("RFC-2026-002.yaml:\n%s", rfc)
	}
	valid(t, root)
}

func TestBadInput(t *testing.T) {
	root := testutil.ExampleSite(t)
	dir := buildBooks(t, root)
	tmp := t.TempDir()
	notXLSX := filepath.Join(tmp, "register.xlsx")
	_ = os.WriteFile(notXLSX, []byte("id,title\nINC-1,x\n"), 0o644)
	broken := filepath.Join(tmp, "broken.xlsx")
	_ = os.WriteFile(broken, []byte("PK\x03\x04 not really a zip"), 0o644)
	other := filepath.Join(tmp, "other.xlsx")
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Nama", "Alamat"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"x", "y"})
	_ = f.SaveAs(other)
	for name, c := range map[string]struct{ file, reg string }{
		"not a workbook":     {notXLSX, ""},
		"broken zip":         {broken, ""},
		"missing":            {filepath.Join(tmp, "nope.xlsx"), ""},
		"no matching sheet":  {other, ""},
		"sheet not register": {other, "incidents"},
		"wrong register":     {filepath.Join(dir, "services.xlsx"), "incidents"},
		"unknown register":   {filepath.Join(dir, "services.xlsx"), "nope"},
	} {
		_, err := importer.Run(importer.Options{Root: root, File: c.file, Register: c.reg, Today: today})
		if !errors.Is(err, importer.ErrInput) {
			t.Errorf("%s: err = %v, want an input error", name, err)
		}
	}
	// a header that does not match is a clear error too
	g := excelize.NewFile()
	_ = g.SetSheetName("Sheet1", "Insiden")
	_ = g.SetSheetRow("Insiden", "A1", &[]any{"Nama", "Alamat"})
	bad := filepath.Join(tmp, "bad.xlsx")
	_ = g.SaveAs(bad)
	_, err := importer.Run(importer.Options{Root: root, File: bad, Today: today})
	if !errors.Is(err, importer.ErrInput) || !strings.Contains(err.Error(), "tidak cocok") {
		t.Errorf("mismatched header: %v", err)
	}
	// invalid values are findings on the workbook's rows, and nothing is written
	edited := filepath.Join(tmp, "invalid.xlsx")
	edit(t, filepath.Join(dir, "incidents.xlsx"), edited, "Insiden", map[string]any{"Z2": "Entah", "L2": "tinggi sekali"})
	before, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	res := run(t, root, edited, "", true)
	got := report(res)
	// at the cell as the sheet shows it, with the labels the sheet shows
	if res.Errors() == 0 || !strings.Contains(got, "invalid-enum invalid.xlsx (Insiden!Z2) INC-2026-0001 status") || !strings.Contains(got, "invalid-number invalid.xlsx (Insiden!L2) INC-2026-0001 priority") {
		t.Errorf("findings:\n%s", got)
	}
	for _, fd := range res.Findings {
		if !strings.HasSuffix(fd.File, "invalid.xlsx (Insiden!Z2)") && !strings.HasSuffix(fd.File, "invalid.xlsx (Insiden!L2)") || fd.Line != 0 {
			t.Errorf("finding not at its cell: %+v", fd)
		}
		if strings.Contains(fd.Message, "status") || strings.Contains(fd.Message, "priority") || strings.Contains(fd.Message, "resolved") {
			t.Errorf("message names a key, not the label the sheet shows: %s", fd.Message)
		}
	}
	var txt bytes.Buffer
	_ = diag.Text(&txt, res.Findings)
	if !strings.Contains(txt.String(), "invalid.xlsx (Insiden!Z2): error invalid-enum: Status: Entah bukan nilai yang diizinkan (Baru, ") {
		t.Errorf("text form:\n%s", txt.String())
	}
	after, _ := os.ReadFile(filepath.Join(root, "registers", "incidents.csv"))
	if !bytes.Equal(before, after) || len(res.Written) > 0 {
		t.Error("a workbook with errors was written")
	}
	// a formula typed into a cell is an error, never a value
	fx := filepath.Join(tmp, "formula.xlsx")
	h, _ := excelize.OpenFile(filepath.Join(dir, "incidents.xlsx"))
	_ = h.SetCellFormula("Insiden", "B2", `HYPERLINK("http://example.invalid")`)
	_ = h.SaveAs(fx)
	h.Close()
	res = run(t, root, fx, "", false)
	if !strings.Contains(report(res), "import-formula formula.xlsx (Insiden!B2) INC-2026-0001 title") {
		t.Errorf("formula:\n%s", report(res))
	}
	// the register's null tokens read as empty in a workbook too: "?" in the
	// required status is a missing status at its cell, not an unknown value
	if err := os.WriteFile(filepath.Join(root, "registers", "incidents.schema.yaml"), []byte("name: incidents\nnull_tokens: [\"?\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nulls := filepath.Join(tmp, "nulls.xlsx")
	edit(t, filepath.Join(dir, "incidents.xlsx"), nulls, "Insiden", map[string]any{"Z2": "?"})
	res = run(t, root, nulls, "", false)
	if got := report(res); !strings.Contains(got, "required nulls.xlsx (Insiden!Z2) INC-2026-0001 status") || strings.Contains(got, "invalid-enum") {
		t.Errorf("null token:\n%s", got)
	}
}

// keyCols maps the field keys of a sheet smsgen wrote to their column
// numbers, through the sheet's key names (smsgen.KEY → 'Sheet'!$C$1).
func keyCols(t testing.TB, f *excelize.File, sheet string) map[string]int {
	t.Helper()
	col := map[string]int{}
	for _, dn := range f.GetDefinedName() {
		k, ok := strings.CutPrefix(dn.Name, xlsx.KeyName)
		if !ok || dn.Scope != sheet {
			continue
		}
		c, _, err := excelize.CellNameToCoordinates(strings.ReplaceAll(dn.RefersTo[strings.LastIndexByte(dn.RefersTo, '!')+1:], "$", ""))
		if err != nil {
			t.Fatalf("key name %s = %s", dn.Name, dn.RefersTo)
		}
		col[k] = c
	}
	if col["id"] == 0 {
		t.Fatalf("sheet %q has no key names", sheet)
	}
	return col
}

// keyLetters is keyCols with column letters.
func keyLetters(t testing.TB, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, c := range keyCols(t, f, sheet) {
		out[k], _ = excelize.ColumnNumberToName(c)
	}
	return out
}

func itoa(i int) string {
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	if s == "" {
		return "0"
	}
	return s
}
