package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/render/xlsx"
	"github.com/xuri/excelize/v2"
)

// render validates a site and renders its workbooks; it returns the output
// folder and the render-time findings.
func render(t testing.TB, root string) (string, []diag.Finding) {
	t.Helper()
	b := testutil.Build(t, root, testutil.BuildOptions{Renderers: map[string]output.Renderer{"xlsx": xlsx.Renderer{}}})
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
	// row 1 is the visible header of labels; the field keys are defined names
	if rows[0][0] != "Nomor" || rows[0][1] != "Judul" || rows[0][2] != "Waktu Dilaporkan" {
		t.Errorf("header row = %q", rows[0][:3])
	}
	if got, want := len(rows)-1, 44+len(hostile); got != want {
		t.Errorf("incident rows = %d, want %d", got, want)
	}
	col := keyColumns(t, f, "Insiden")
	if col["id"] != "A" || col["title"] != "B" || col["reported_at"] != "C" || len(col) != len(rows[0]) {
		t.Errorf("key names = %v for header %q", col, rows[0])
	}
	panes, _ := f.GetPanes("Insiden")
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 || panes.TopLeftCell != "B2" {
		t.Errorf("panes = %+v", panes)
	}
	tables, _ := f.GetTables("Insiden")
	if len(tables) != 1 || tables[0].Range != "A1:"+col["notes"]+itoa(1+44+len(hostile)) {
		t.Errorf("tables = %+v", tables)
	}
	// print layout: A4 landscape, as many pages wide as keep the text at 60 %
	// of its size or more (the incident register's 27 columns, wide with the
	// hostile values: three), header row and number column on every page, a
	// footer
	layout, _ := f.GetPageLayout("Insiden")
	if *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 3 || *layout.FitToHeight != 0 {
		t.Errorf("page layout = size %d %s fit %d×%d", *layout.Size, *layout.Orientation, *layout.FitToWidth, *layout.FitToHeight)
	}
	inches := 0.0
	for i := range rows[0] {
		cn, _ := excelize.ColumnNumberToName(i + 1)
		w, _ := f.GetColWidth("Insiden", cn)
		inches += (7*w + 5) / 96
	}
	if scale := float64(*layout.FitToWidth) * (29.7 - 2*1.8) / 2.54 / inches; scale < 0.6 || scale > 1 {
		t.Errorf("the incident register prints at %.0f %% of its size", 100*scale)
	}
	if props, _ := f.GetSheetProps("Insiden"); props.FitToPage == nil || !*props.FitToPage {
		t.Error("fit to page is off")
	}
	if hf, _ := f.GetHeaderFooter("Insiden"); !strings.Contains(hf.OddFooter, "&A") || !strings.Contains(hf.OddFooter, "Halaman &P dari &N") {
		t.Errorf("footer = %q", hf.OddFooter)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == "Insiden" && dn.RefersTo == "'Insiden'!$A:$A,'Insiden'!$1:$1" {
			titles = true
		}
	}
	if !titles {
		t.Error("no print titles on Insiden")
	}
	// the header: a named typeface and size, bold, filled, bordered; data cells bordered
	hs, _ := f.GetCellStyle("Insiden", "A1")
	st, _ := f.GetStyle(hs)
	if st.Font == nil || st.Font.Family == "" || st.Font.Size == 0 || !st.Font.Bold || len(st.Fill.Color) == 0 || len(st.Border) != 4 {
		t.Errorf("header style = font %+v fill %+v border %+v", st.Font, st.Fill, st.Border)
	}
	for _, ref := range []string{col["title"] + "2", col["closed_at"] + "2"} { // a value and an empty cell
		ds, _ := f.GetCellStyle("Insiden", ref)
		if st, _ := f.GetStyle(ds); len(st.Border) != 4 {
			t.Errorf("%s has no grid: %+v", ref, st.Border)
		}
	}
	// dropdowns on every enum column, with labels in the site's language
	dvs, _ := f.GetDataValidations("Insiden")
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
		}
	}
	for _, k := range []string{"channel", "impact", "urgency", "escalation", "status", "security", "major"} {
		if _, ok := lists[col[k]+"2"]; !ok {
			t.Errorf("no dropdown on %s (%s): %v", k, col[k], lists)
		}
	}
	if !strings.Contains(lists[col["status"]+"2"], "Dalam Penanganan") {
		t.Errorf("status dropdown = %s", lists[col["status"]+"2"])
	}
	// a date cell is a date: a number with a date format
	typ, _ := f.GetCellType("Insiden", col["reported_at"]+"2")
	raw, _ := f.GetCellValue("Insiden", col["reported_at"]+"2", excelize.Options{RawCellValue: true})
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || !strings.HasPrefix(raw, "46146.34") {
		t.Errorf("reported_at = %v %q, want the serial of 2026-05-04 08:20", typ, raw)
	}
	shown, _ := f.GetCellValue("Insiden", col["reported_at"]+"2")
	if !strings.Contains(shown, "2026") {
		t.Errorf("reported_at shown as %q", shown)
	}
	// formula-like strings read back as the same text
	for i, h := range hostile {
		v, _ := f.GetCellValue("Insiden", col["title"]+itoa(1+44+i+1))
		if v != h {
			t.Errorf("title %d = %q, want %q", i, v, h)
		}
	}
	// the long note is cut at Excel's limit
	v, _ := f.GetCellValue("Insiden", col["notes"]+itoa(1+44+1))
	if n := len([]rune(v)); n != xlsx.MaxCellChars {
		t.Errorf("long note has %d characters", n)
	}
	// references link to the row of the referenced record in the combined workbook
	ok, target, _ := f.GetCellHyperLink("Insiden", col["service"]+"2")
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
	// statuses by their labels only, never the raw values
	if !strings.Contains(flat, "Register|Status|Jumlah Catatan\n") || !strings.Contains(flat, "\nInsiden|Dalam Penanganan|") ||
		strings.Contains(flat, "|in_progress") || strings.Contains(flat, "|closed|") {
		t.Errorf("summary statuses:\n%s", flat)
	}
	if hf, _ := f.GetHeaderFooter("Ringkasan"); !strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("summary footer = %q", hf.OddFooter)
	}

	// the one-register workbook has no links to sheets it does not hold
	g, err := excelize.OpenFile(filepath.Join(out, "xlsx", "incidents.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if ok, _, _ := g.GetCellHyperLink("Insiden", col["service"]+"2"); ok {
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
	sameWorkbooks(t, a, b, "differs between two builds")
}

// sameWorkbooks fails unless the output folders a and b hold the same
// workbooks, byte for byte (why says how they came to differ).
func sameWorkbooks(t *testing.T, a, b, why string) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(a, "xlsx"))
	if len(entries) < 2 {
		t.Fatal("no workbooks")
	}
	for _, e := range entries {
		x, _ := os.ReadFile(filepath.Join(a, "xlsx", e.Name()))
		y, err := os.ReadFile(filepath.Join(b, "xlsx", e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s %s (%v)", e.Name(), why, err)
		}
	}
}

// TestSpooledRows: rows kept in the spool's file (here from the first byte
// on) give the very workbooks of rows kept in memory, and no spool file is
// left.
func TestSpooledRows(t *testing.T) {
	root := testutil.ExampleSite(t)
	mem, _ := render(t, root)
	old := output.SpoolAbove
	output.SpoolAbove = 0
	spooled, _ := render(t, root)
	output.SpoolAbove = old
	sameWorkbooks(t, mem, spooled, "from rows spooled differs from the workbook of rows in memory")
	for _, dir := range []string{spooled, filepath.Join(spooled, "xlsx"), filepath.Dir(spooled)} {
		if left, _ := filepath.Glob(filepath.Join(dir, ".spool-*")); len(left) > 0 {
			t.Errorf("spool files left: %v", left)
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
	for _, l := range rows[0] {
		if l == "" || seen[strings.ToLower(l)] {
			t.Errorf("header label %q empty or repeated: %q", l, rows[0])
		}
		seen[strings.ToLower(l)] = true
	}
	if !seen["masalah (2)"] || !seen["extra_b"] {
		t.Errorf("labels = %q", rows[0])
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
index = wb.sheetnames.index("Insiden")
# the field keys: sheet-scoped defined names smsgen.KEY -> the column's header cell
names = getattr(ws, "defined_names", None)
if names is not None and not isinstance(names, list):
    names = list(names.values())
else:
    names = [d for d in wb.defined_names.definedName if d.localSheetId == index]
col = {}
for d in names:
    if d.name.startswith("smsgen."):
        col[d.name[len("smsgen."):]] = openpyxl.utils.column_index_from_string(d.attr_text.split("!")[-1].split("$")[1]) - 1
labels = [c.value for c in ws[1]]
dv = {}
for d in ws.data_validations.dataValidation:
    for r in str(d.sqref).split():
        dv[r.split(":")[0]] = (d.type, d.formula1)
rows = list(ws.iter_rows(min_row=2, values_only=True))
letter = lambda k: openpyxl.utils.get_column_letter(col[k] + 1)
ps = ws.page_setup
head = ws["A1"]
out = {
  "sheets": wb.sheetnames,
  "labels": labels[:3],
  "rows": len(rows),
  "freeze": ws.freeze_panes,
  "tables": list(ws.tables.keys()),
  "table_ref": [t.ref for t in ws.tables.values()],
  "status_dv": dv.get(letter("status") + "2"),
  "impact_dv": dv.get(letter("impact") + "2"),
  "reported_is_date": isinstance(rows[0][col["reported_at"]], datetime.datetime),
  "reported": str(rows[0][col["reported_at"]]),
  "priority": rows[0][col["priority"]],
  "titles": [r[col["title"]] for r in rows[-` + itoa(len(hostile)) + `:]],
  "title_types": [ws.cell(row=2 + len(rows) - ` + itoa(len(hostile)) + ` + i, column=col["title"] + 1).data_type for i in range(` + itoa(len(hostile)) + `)],
  "creator": wb.properties.creator,
  "created": str(wb.properties.created),
  "orientation": ps.orientation,
  "paper": int(ps.paperSize),
  "fit": [ws.sheet_properties.pageSetUpPr.fitToPage, int(ps.fitToWidth), int(ps.fitToHeight)],
  "print_title_rows": str(ws.print_title_rows).replace("$", ""),
  "print_title_cols": str(ws.print_title_cols).replace("$", ""),
  "footer": [ws.oddFooter.left.text, ws.oddFooter.right.text],
  "header_font": [head.font.name, float(head.font.sz), bool(head.font.b)],
  "header_border": head.border.bottom.style,
  "cell_border": ws.cell(row=2, column=2).border.left.style,
}
print(json.dumps(out))
`
	cmd := exec.Command(py, "-c", script, filepath.Join(out, "xlsx", "registers.xlsx"))
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, b)
	}
	s := string(b)
	for _, want := range []string{`"labels": ["Nomor", "Judul", "Waktu Dilaporkan"]`, `"rows": ` + itoa(44+len(hostile)), `"freeze": "B2"`,
		`"tables": ["tbl_incidents"]`, `"status_dv": ["list", "\"Baru,Dalam Penanganan,Ditunda,Terselesaikan,Ditutup,Dibatalkan\""]`,
		`"impact_dv": ["list", "\"Tinggi,Sedang,Rendah\""]`, `"reported_is_date": true`, `"reported": "2026-05-04 08:20:00"`, `"priority": 3`,
		`"title_types": ["s", "s", "s", "s", "s", "s"]`, `"created": "2026-11-21 00:00:00"`,
		`"orientation": "landscape"`, `"paper": 9`, `"fit": [true, 3, 0]`, `"print_title_rows": "1:1"`, `"print_title_cols": "A:A"`, `"footer": ["&A", "Halaman &P dari &N"]`,
		`"header_font": ["Calibri", 11.0, true]`, `"header_border": "thin"`, `"cell_border": "thin"`} {
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

// keyColumns maps the field keys of a sheet to their columns through the
// sheet's key names (smsgen.KEY → 'Sheet'!$C$1).
func keyColumns(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	col := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		k, ok := strings.CutPrefix(dn.Name, xlsx.KeyName)
		if !ok || dn.Scope != sheet {
			continue
		}
		i := strings.LastIndexByte(dn.RefersTo, '!')
		cell := strings.ReplaceAll(dn.RefersTo[i+1:], "$", "")
		c, r, err := excelize.SplitCellName(cell)
		if err != nil || r != 1 || dn.RefersTo[:i] != "'"+strings.ReplaceAll(sheet, "'", "''")+"'" {
			t.Errorf("key name %s = %s", dn.Name, dn.RefersTo)
		}
		col[k] = c
	}
	return col
}

// TestPandas reads every workbook of the example build with pandas
// (Debian's python3-pandas), as an analyst would: on every register sheet the
// header is the row of labels and the rows are exactly the register's records.
func TestPandas(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import pandas, openpyxl").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pandas is required in CI (apt-get install python3-pandas python3-openpyxl): %v", err)
		}
		t.Skip("skipped: /usr/bin/python3 with pandas and openpyxl not found (apt-get install python3-pandas python3-openpyxl)")
	}
	root := testutil.ExampleSite(t)
	b := testutil.Build(t, root, testutil.BuildOptions{Renderers: map[string]output.Renderer{"xlsx": xlsx.Renderer{}}})
	dir := filepath.Join(b.Out, "xlsx")
	script := `
import sys, json, os, pandas
out = {}
for name in sorted(os.listdir(sys.argv[1])):
    books = pandas.read_excel(os.path.join(sys.argv[1], name), sheet_name=None)
    out[name] = {sheet: {"columns": [str(c) for c in df.columns], "rows": len(df.index)} for sheet, df in books.items()}
print(json.dumps(out))
`
	res, err := exec.Command(py, "-c", script, dir).Output()
	if err != nil {
		t.Fatalf("pandas: %v", err)
	}
	var got map[string]map[string]struct {
		Columns []string
		Rows    int
	}
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatalf("%v: %s", err, res)
	}
	site := b.Result.Site
	// the expected header of a register: id, its fields, notes, computed columns
	labels := func(name string) []string {
		reg := site.Registers[name]
		out := []string{i18n.Label("id", "id_col")}
		for _, f := range reg.Schema.Fields {
			out = append(out, f.Label.In("id"))
		}
		out = append(out, i18n.Label("id", "notes"))
		if name == "continuity" {
			out = append(out, i18n.Label("id", "next_test_due"))
		}
		return out
	}
	checked := 0
	for file := range got {
		f, err := excelize.OpenFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range f.GetSheetList() {
			tables, _ := f.GetTables(sheet)
			if len(tables) != 1 {
				continue // the summary and the hidden lists
			}
			name := strings.TrimPrefix(tables[0].Name, "tbl_")
			reg := site.Registers[name]
			p, ok := got[file][sheet]
			if reg == nil || !ok {
				t.Errorf("%s: sheet %q (table %s) not read by pandas or no register", file, sheet, tables[0].Name)
				continue
			}
			if want := labels(name); strings.Join(p.Columns, "|") != strings.Join(want, "|") {
				t.Errorf("%s %q: columns\n%q\nwant\n%q", file, sheet, p.Columns, want)
			}
			if p.Rows != len(reg.Records) {
				t.Errorf("%s %q: %d rows, want the %d records", file, sheet, p.Rows, len(reg.Records))
			}
			checked++
		}
		f.Close()
	}
	if n := len(site.Registers); checked != 2*n || n < 20 {
		t.Errorf("checked %d sheets, want %d (each register in its own workbook and in %s)", checked, 2*n, xlsx.Combined)
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

// TestSummaryInEnglish: an English, restricted build has its summary, header
// and footer wholly in English, the classification by its label.
func TestSummaryInEnglish(t *testing.T) {
	root := testutil.ExampleSite(t)
	p := filepath.Join(root, "smsgen.yaml")
	cfg, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(cfg), "language: id", "language: en", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	b := testutil.Build(t, root, testutil.BuildOptions{MaxClass: "internal", Renderers: map[string]output.Renderer{"xlsx": xlsx.Renderer{}}})
	f, err := excelize.OpenFile(filepath.Join(b.Out, "xlsx", "registers.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, _ := f.GetRows("Summary")
	flat := ""
	for _, r := range sum {
		flat += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"\nMaximum classification|Internal\n", "\nRegister|Sheet|Clause|Records\n", "\nRegister|Status|Records\n",
		"\nIncidents|In progress|", "\nIncidents|Closed|", "\nFinding code|Severity|Count|Example\n"} {
		if !strings.Contains(flat, want) {
			t.Errorf("summary lacks %q:\n%s", want, flat)
		}
	}
	for _, raw := range []string{"|internal\n", "|in_progress|", "|closed|", "Ringkasan", "Halaman"} {
		if strings.Contains(flat, raw) {
			t.Errorf("summary holds %q:\n%s", raw, flat)
		}
	}
	rows, _ := f.GetRows("Incidents")
	if rows[0][0] != "ID" || rows[0][1] != "Title" {
		t.Errorf("header = %q", rows[0][:2])
	}
	for _, sh := range []string{"Summary", "Incidents"} {
		if hf, _ := f.GetHeaderFooter(sh); !strings.Contains(hf.OddFooter, "Page &P of &N") {
			t.Errorf("%s footer = %q", sh, hf.OddFooter)
		}
	}
}
