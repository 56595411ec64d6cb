package xlsx_test

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"

	"github.com/smsgen/smsgen/internal/build"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/render/xlsx"
	"github.com/xuri/excelize/v2"
)

// render validates a site and renders its workbooks; it returns the output
// folder and the render-time findings.
func render(t testing.TB, root string) (string, []diag.Finding) {
	t.Helper()
	b := testutil.Build(t, root, testutil.BuildOptions{Renderers: map[string]build.Renderer{"xlsx": xlsx.Renderer{}}})
	return b.Out, b.Rendered
}

// setCell replaces the value of one field of one CSV row (by id) in a register.
func appendCSV(t testing.TB, root, name, text string) {
	t.Helper()
	p := filepath.Join(root, "registers", name+".csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("\n")) {
		b = append(b, '\n')
	}
	if err := os.WriteFile(p, append(b, text...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostile are values that a spreadsheet would take for formulas.
var hostile = []string{`=HYPERLINK("http://example.invalid/x","klik")`, `+cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C calc'!A0`, `-2+3`, `=1+1`, `_x0041_ literal`}

func TestWorkbooks(t *testing.T) {
	root := testutil.ExampleSite(t)
	// incidents with formula-like titles and a note beyond Excel's cell limit
	long := strings.Repeat("panjang ", 5000) // 40,000 characters
	var add strings.Builder
	for i, h := range hostile {
		q := `"` + strings.ReplaceAll(h, `"`, `""`) + `"`
		notes := ""
		if i == 0 {
			notes = long
		}
		add.WriteString("INC-2026-09" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "," + q +
			",2026-11-20 08:00,Penguji,portal,SVC-01,Uji,false,,low,low,5,,,,,,,,false,,,,,,new," + notes + "\n")
	}
	appendCSV(t, root, "incidents", add.String())
	out, findings := render(t, root)

	// the truncation is a warning, with file and line
	var trunc []diag.Finding
	for _, f := range findings {
		if f.Code == "xlsx-cell-truncated" {
			trunc = append(trunc, f)
		}
	}
	if len(trunc) != 1 || trunc[0].File != "registers/incidents.csv" || trunc[0].Line == 0 || trunc[0].Record != "INC-2026-0900" {
		t.Fatalf("truncation findings = %+v", trunc)
	}

	entries, _ := os.ReadDir(filepath.Join(out, "xlsx"))
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
	}
	for _, want := range []string{"registers.xlsx", "incidents.xlsx", "services.xlsx", "changes.xlsx", "continuity.xlsx"} {
		if !names[want] {
			t.Errorf("missing xlsx/%s (have %v)", want, names)
		}
	}
	for name := range names {
		noFormulas(t, filepath.Join(out, "xlsx", name))
	}

	f, err := excelize.OpenFile(filepath.Join(out, "xlsx", "registers.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheets[0] != "Ringkasan" || !contains(sheets, "Insiden") || !contains(sheets, "Katalog Layanan") {
		t.Fatalf("sheets = %v", sheets)
	}
	rows, err := f.GetRows("Insiden")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "id" || rows[0][1] != "title" || rows[1][0] != "Nomor" || rows[1][1] != "Judul" || rows[1][2] != "Waktu Dilaporkan" {
		t.Errorf("header rows = %q / %q", rows[0][:3], rows[1][:3])
	}
	if got, want := len(rows)-2, 44+len(hostile); got != want {
		t.Errorf("incident rows = %d, want %d", got, want)
	}
	if vis, _ := f.GetRowVisible("Insiden", 1); vis {
		t.Error("row of field keys is visible")
	}
	panes, _ := f.GetPanes("Insiden")
	if !panes.Freeze || panes.YSplit != 2 || panes.TopLeftCell != "B3" {
		t.Errorf("panes = %+v", panes)
	}
	tables, _ := f.GetTables("Insiden")
	if len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A2:") {
		t.Errorf("tables = %+v", tables)
	}
	// dropdowns on every enum column, with labels in the site's language
	dvs, _ := f.GetDataValidations("Insiden")
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
		}
	}
	col := map[string]string{}
	for i, k := range rows[0] {
		n, _ := excelize.ColumnNumberToName(i + 1)
		col[k] = n
	}
	for _, k := range []string{"channel", "impact", "urgency", "escalation", "status", "security", "major"} {
		if _, ok := lists[col[k]+"3"]; !ok {
			t.Errorf("no dropdown on %s (%s): %v", k, col[k], lists)
		}
	}
	if !strings.Contains(lists[col["status"]+"3"], "Dalam Penanganan") {
		t.Errorf("status dropdown = %s", lists[col["status"]+"3"])
	}
	// a date cell is a date: a number with a date format
	typ, _ := f.GetCellType("Insiden", col["reported_at"]+"3")
	raw, _ := f.GetCellValue("Insiden", col["reported_at"]+"3", excelize.Options{RawCellValue: true})
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || !strings.HasPrefix(raw, "46146.34") {
		t.Errorf("reported_at = %v %q, want the serial of 2026-05-04 08:20", typ, raw)
	}
	shown, _ := f.GetCellValue("Insiden", col["reported_at"]+"3")
	if !strings.Contains(shown, "2026") {
		t.Errorf("reported_at shown as %q", shown)
	}
	// formula-like strings read back as the same text
	for i, h := range hostile {
		v, _ := f.GetCellValue("Insiden", col["title"]+itoa(2+44+i+1))
		if v != h {
			t.Errorf("title %d = %q, want %q", i, v, h)
		}
	}
	// the long note is cut at Excel's limit
	v, _ := f.GetCellValue("Insiden", col["notes"]+itoa(2+44+1))
	if n := len([]rune(v)); n != xlsx.MaxCellChars {
		t.Errorf("long note has %d characters", n)
	}
	// references link to the row of the referenced record in the combined workbook
	ok, target, _ := f.GetCellHyperLink("Insiden", col["service"]+"3")
	if !ok || !strings.HasPrefix(target, "'Katalog Layanan'!$A$") {
		t.Errorf("service link = %v %q", ok, target)
	}
	// properties come from the site and --today
	props, _ := f.GetDocProps()
	if props.Created != "2026-11-21T00:00:00Z" || props.Modified != props.Created || !strings.Contains(props.Creator, "Pusdatin") {
		t.Errorf("doc props = %+v", props)
	}
	sum, _ := f.GetRows("Ringkasan")
	flat := ""
	for _, r := range sum {
		flat += strings.Join(r, "|") + "\n"
	}
	// registers by their label, never their key; the sheet column says Lembar
	if !strings.Contains(flat, "\nInsiden|Insiden|8.6.1") || !strings.Contains(flat, "Register|Lembar|Klausul|Jumlah Catatan") || strings.Contains(flat, "incidents|") {
		t.Errorf("summary:\n%s", flat)
	}

	// the one-register workbook has no links to sheets it does not hold
	g, err := excelize.OpenFile(filepath.Join(out, "xlsx", "incidents.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if ok, _, _ := g.GetCellHyperLink("Insiden", col["service"]+"3"); ok {
		t.Error("incidents.xlsx links to a sheet it does not hold")
	}
	if got := g.GetSheetList(); len(got) != 1 || got[0] != "Insiden" {
		t.Errorf("incidents.xlsx sheets = %v", got)
	}
}

func TestReproducible(t *testing.T) {
	root := testutil.ExampleSite(t)
	a, _ := render(t, root)
	b, _ := render(t, root)
	entries, _ := os.ReadDir(filepath.Join(a, "xlsx"))
	if len(entries) < 2 {
		t.Fatal("no workbooks")
	}
	for _, e := range entries {
		x, _ := os.ReadFile(filepath.Join(a, "xlsx", e.Name()))
		y, err := os.ReadFile(filepath.Join(b, "xlsx", e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", e.Name())
		}
	}
}

func TestDuplicateLabelsAndLongLists(t *testing.T) {
	root := testutil.ExampleSite(t)
	// a site schema adding fields whose labels repeat or are empty, and an
	// enum whose labels are too long for an inline dropdown
	schema := `name: problems
fields:
  - key: extra_a
    label: {id: Masalah, en: Problem}
  - key: extra_b
    label: {id: "", en: ""}
  - key: category_long
    label: {id: Kategori Panjang, en: Long category}
    type: enum
    values:
` + strings.Repeat("", 0)
	for i := 0; i < 12; i++ {
		schema += "      - {value: v" + itoa(i) + ", id: \"Kategori dengan nama yang sangat panjang nomor " + itoa(i) + ", ya\", en: \"Category " + itoa(i) + "\"}\n"
	}
	if err := os.WriteFile(filepath.Join(root, "registers", "problems.schema.yaml"), []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := render(t, root)
	f, err := excelize.OpenFile(filepath.Join(out, "xlsx", "problems.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	seen := map[string]bool{}
	for _, l := range rows[1] {
		if l == "" || seen[strings.ToLower(l)] {
			t.Errorf("header label %q empty or repeated: %q", l, rows[1])
		}
		seen[strings.ToLower(l)] = true
	}
	if !seen["masalah (2)"] || !seen["extra_b"] {
		t.Errorf("labels = %q", rows[1])
	}
	dvs, _ := f.GetDataValidations(f.GetSheetList()[0])
	found := false
	for _, dv := range dvs {
		if strings.Contains(dv.Formula1, "_lists") {
			found = true
		}
	}
	if !found {
		t.Errorf("long dropdown not on the lists sheet: %+v", dvs)
	}
	if vis, _ := f.GetSheetVisible("_lists"); vis {
		t.Error("lists sheet is visible")
	}
}

// noFormulas fails when a worksheet of the workbook holds an <f> element.
func noFormulas(t *testing.T, file string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s %s: %v", file, zf.Name, err)
		}
		if crc32.ChecksumIEEE(b) != zf.CRC32 {
			t.Fatalf("%s %s: CRC mismatch", file, zf.Name)
		}
		if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
			t.Errorf("%s %s holds a formula", filepath.Base(file), zf.Name)
		}
	}
}

// TestOpenpyxl reads the workbooks with openpyxl (Debian's python3-openpyxl).
func TestOpenpyxl(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("openpyxl is required in CI (apt-get install python3-openpyxl): %v", err)
		}
		t.Skip("skipped: /usr/bin/python3 with openpyxl not found (apt-get install python3-openpyxl)")
	}
	root := testutil.ExampleSite(t)
	var add strings.Builder
	for i, h := range hostile {
		add.WriteString("INC-2026-08" + itoa(10+i) + `,"` + strings.ReplaceAll(h, `"`, `""`) + `",2026-11-20 08:00,Penguji,portal,SVC-01,Uji,false,,low,low,5,,,,,,,,false,,,,,,new,` + "\n")
	}
	appendCSV(t, root, "incidents", add.String())
	out, _ := render(t, root)
	script := `
import sys, json, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Insiden"]
keys = [c.value for c in ws[1]]
labels = [c.value for c in ws[2]]
col = {k: i for i, k in enumerate(keys)}
dv = {}
for d in ws.data_validations.dataValidation:
    for r in str(d.sqref).split():
        dv[r.split(":")[0]] = (d.type, d.formula1)
rows = list(ws.iter_rows(min_row=3, values_only=True))
letter = lambda k: openpyxl.utils.get_column_letter(col[k] + 1)
out = {
  "sheets": wb.sheetnames,
  "labels": labels[:3],
  "rows": len(rows),
  "freeze": ws.freeze_panes,
  "hidden": bool(ws.row_dimensions[1].hidden),
  "tables": list(ws.tables.keys()),
  "table_ref": [t.ref for t in ws.tables.values()],
  "status_dv": dv.get(letter("status") + "3"),
  "impact_dv": dv.get(letter("impact") + "3"),
  "reported_is_date": isinstance(rows[0][col["reported_at"]], datetime.datetime),
  "reported": str(rows[0][col["reported_at"]]),
  "priority": rows[0][col["priority"]],
  "titles": [r[col["title"]] for r in rows[-` + itoa(len(hostile)) + `:]],
  "title_types": [ws.cell(row=3 + len(rows) - ` + itoa(len(hostile)) + ` + i, column=col["title"] + 1).data_type for i in range(` + itoa(len(hostile)) + `)],
  "creator": wb.properties.creator,
  "created": str(wb.properties.created),
}
print(json.dumps(out))
`
	cmd := exec.Command(py, "-c", script, filepath.Join(out, "xlsx", "registers.xlsx"))
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, b)
	}
	s := string(b)
	for _, want := range []string{`"labels": ["Nomor", "Judul", "Waktu Dilaporkan"]`, `"rows": ` + itoa(44+len(hostile)), `"freeze": "B3"`,
		`"hidden": true`, `"tables": ["tbl_incidents"]`, `"status_dv": ["list", "\"Baru,Dalam Penanganan,Ditunda,Terselesaikan,Ditutup,Dibatalkan\""]`,
		`"impact_dv": ["list", "\"Tinggi,Sedang,Rendah\""]`, `"reported_is_date": true`, `"reported": "2026-05-04 08:20:00"`, `"priority": 3`,
		`"title_types": ["s", "s", "s", "s", "s", "s"]`, `"created": "2026-11-21 00:00:00"`} {
		if !strings.Contains(s, want) {
			t.Errorf("openpyxl output lacks %s:\n%s", want, s)
		}
	}
	for _, h := range hostile {
		if strings.HasPrefix(h, "_x") {
			continue // openpyxl does not decode OOXML's _xHHHH_ escapes (Excel and excelize do)
		}
		js := strings.ReplaceAll(strings.ReplaceAll(h, `\`, `\\`), `"`, `\"`)
		if !strings.Contains(s, `"`+js+`"`) {
			t.Errorf("openpyxl did not read %q back as text:\n%s", h, s)
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for i > 0 {
		s = string(rune('0'+i%10)) + s
		i /= 10
	}
	return s
}
