// Package importer reads a workbook back into the registers: it maps the
// columns of a sheet (written by smsgen, or any sheet whose headers are field
// keys or labels) to fields, converts the cells back to canonical text,
// validates the result with the same rules as `smsgen validate`, reports what
// would change against the register, and can rewrite the register file in its
// own format (CSV or YAML), leaving untouched records' text as it was.
package importer

import (
	"archive/zip"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/smsgen/smsgen/internal/validate"
	"github.com/smsgen/smsgen/internal/workbook"
	"github.com/xuri/excelize/v2"
)

// Options of an import.
type Options struct {
	Root     string
	File     string // the workbook
	Register string // register to import ("" = every sheet that matches a register)
	Today    time.Time
	Lang     string // message language override
	Write    bool
}

// ErrInput is an input the import cannot use at all (not a workbook, no
// matching sheet): a usage error, not a validation finding.
var ErrInput = errors.New("import")

func inputErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInput, fmt.Sprintf(format, args...))
}

// Result of an import.
type Result struct {
	Lang     string
	Findings []diag.Finding // findings of the imported data (new against the site as it is)
	Changes  []*Change
	Written  []string // site-relative paths written or removed
}

// Errors counts the error findings.
func (r *Result) Errors() int { return diag.Count(r.Findings, diag.Error) }

// Change is what an import changes in one register.
type Change struct {
	Register   string
	Path       string // register file or folder
	Sheet      string
	Restricted bool // workbook built with --max-classification: absent records are not removals
	Added      []*model.Record
	Changed    []RecordChange
	Removed    []*model.Record
	old, new   *model.Register
	changedIDs map[string]bool
}

// Empty reports whether nothing changes.
func (c *Change) Empty() bool { return len(c.Added)+len(c.Changed)+len(c.Removed) == 0 }

// RecordChange lists the changed fields of one record.
type RecordChange struct {
	ID     string
	Title  string
	Fields []FieldChange
}

// FieldChange is one changed field, old and new values in the site's language.
type FieldChange struct {
	Key, Label, Old, New string
}

// Run imports a workbook into the site at opts.Root.
func Run(opts Options) (*Result, error) {
	res, err := pipeline.Run(pipeline.Options{Root: opts.Root, Today: opts.Today, Lang: opts.Lang})
	if err != nil {
		return nil, err
	}
	site := res.Site
	lang := i18n.Lang(res.Lang)
	if opts.Register != "" && site.Schemas.Registers[opts.Register] == nil {
		return nil, inputErr("%s", i18n.Labelf(lang, "import_unknown_register", opts.Register))
	}
	display := opts.File
	var col diag.Collector
	rep := &i18n.Reporter{C: &col, Lang: lang, Schemas: site.Schemas} // messages name fields by their labels, as the sheet shows them
	out := &Result{Lang: lang}
	f, hit, err := openWorkbook(opts.File, lang)
	if err != nil {
		return nil, err
	}
	if hit != nil {
		reportLimit(rep, display, "", hit, lang)
		out.Findings = col.Findings()
		return out, nil
	}
	defer f.Close()
	sheets, err := pickSheets(f, site, opts.Register, lang)
	if err != nil {
		return nil, err
	}
	props := map[string]string{}
	if cps, err := f.GetCustomProps(); err == nil {
		for _, p := range cps {
			props[p.Name] = fmt.Sprint(p.Value)
		}
	}
	restricted := props[workbook.PropMaxClass] != ""

	dp := model.NewDateParser(site.Settings.DateFormat)
	site2 := *site
	site2.Registers = map[string]*model.Register{}
	for n, r := range site.Registers {
		cp := *r
		cp.ByID = map[string]*model.Record{}
		site2.Registers[n] = &cp
	}
	for _, sp := range sheets {
		sch := site.Schemas.Registers[sp.register]
		old := site.Registers[sp.register]
		if old == nil {
			old = &model.Register{Name: sch.Name, Schema: sch, Path: "registers/" + sch.Name + ".csv", Format: "csv", Delim: ',', ByID: map[string]*model.Record{}}
		}
		nr, hit, err := readSheet(f, sp, old, display, dp, rep, lang)
		if err != nil {
			return nil, err
		}
		if hit != nil {
			reportLimit(rep, display, sp.sheet, hit, lang)
			out.Changes = nil
			out.Findings = col.Findings()
			return out, nil
		}
		ch := diff(old, nr, lang, restricted)
		ch.Sheet = sp.sheet
		if restricted {
			// records a restricted workbook does not show stay as they are
			keep := map[string]bool{}
			for _, r := range nr.Records {
				keep[r.ID] = true
			}
			for _, r := range old.Records {
				if !keep[r.ID] {
					nr.Records = append(nr.Records, r)
				}
			}
		}
		cp := *nr
		cp.ByID = map[string]*model.Record{}
		site2.Registers[sp.register] = &cp
		out.Changes = append(out.Changes, ch)
	}
	validate.Run(&site2, rep)
	rep.ReportTruncated()
	before := map[string]bool{}
	for _, fd := range res.Findings {
		before[findingKey(fd)] = true
	}
	imported := map[string]bool{}
	for _, ch := range out.Changes {
		imported[ch.Register] = true
	}
	for _, fd := range col.Findings() {
		inBook := fd.File == display || strings.HasPrefix(fd.File, display+" (")
		if before[findingKey(fd)] && !inBook {
			continue
		}
		out.Findings = append(out.Findings, atCell(fd, display))
	}
	if opts.Write && out.Errors() == 0 {
		// every file of every register is made first; any failure writes nothing
		var ops []fileOp
		for _, ch := range out.Changes {
			if ch.Empty() {
				continue
			}
			o, err := plan(site, ch, lang)
			if err != nil {
				return out, fmt.Errorf("%v (nothing written)", err)
			}
			ops = append(ops, o...)
		}
		written, err := apply(ops)
		out.Written = written
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// atCell places a finding in the workbook as a spreadsheet shows it:
// "book.xlsx (Insiden!P4)" instead of a line and column of the sheet's XML.
// Findings about a sheet carry its name in their file ("book.xlsx (Insiden)",
// see sheetFile) and the row and column as line and column.
func atCell(fd diag.Finding, display string) diag.Finding {
	rest, ok := strings.CutPrefix(fd.File, display+" (")
	if !ok || !strings.HasSuffix(rest, ")") {
		return fd
	}
	sheet := strings.TrimSuffix(rest, ")")
	if fd.Line > 0 {
		ref := cellRef(fd.Line, fd.Column)
		if fd.Column <= 0 {
			ref += ":" + ref // the whole row, as Excel writes it
		}
		fd.File = display + " (" + sheet + "!" + ref + ")"
		fd.Line, fd.Column = 0, 0
	}
	return fd
}

// sheetFile is the file of the findings about one sheet of a workbook.
func sheetFile(display, sheet string) string { return display + " (" + sheet + ")" }

func findingKey(f diag.Finding) string {
	return strings.Join([]string{f.Code, f.File, strconv.Itoa(f.Line), strconv.Itoa(f.Column), f.Register, f.Record, f.Field, f.Message}, "\x00")
}

// reportLimit reports the import limit a workbook passed.
func reportLimit(rep *i18n.Reporter, file, sheet string, hit *limitHit, lang string) {
	w := i18n.Where{File: file, Line: hit.row, Col: hit.col}
	if hit.sheet != "" {
		sheet = hit.sheet
	}
	if sheet != "" && hit.row > 0 {
		w.Value = sheet + "!" + cellRef(hit.row, hit.col)
	}
	reason := hit.reasonID
	if lang == "en" {
		reason = hit.reasonEN
	}
	rep.Report("import-limit", w, map[string]string{"reason": reason})
}

// openWorkbook opens an xlsx file; anything that is not one is an input error,
// and a package beyond the import limits is a limit hit (nothing is opened).
func openWorkbook(file, lang string) (*excelize.File, *limitHit, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, nil, inputErr("%s: %s", file, i18n.Labelf(lang, "import_unreadable", errors.Unwrap(err)))
	}
	if st.IsDir() {
		return nil, nil, inputErr("%s: %s", file, i18n.Label(lang, "import_folder"))
	}
	head := make([]byte, 4)
	if fh, err := os.Open(file); err == nil {
		_, _ = fh.Read(head)
		fh.Close()
	}
	if string(head) != "PK\x03\x04" {
		return nil, nil, inputErr("%s: %s", file, i18n.Label(lang, "import_not_xlsx"))
	}
	if hit := scanPackage(file, defaultLimits); hit != nil {
		return nil, hit, nil
	}
	f, err := excelize.OpenFile(file, excelize.Options{RawCellValue: true, UnzipSizeLimit: defaultLimits.TotalSize})
	if err != nil {
		return nil, nil, inputErr("%s: %s: %v", file, i18n.Label(lang, "import_bad_xlsx"), err)
	}
	return f, nil, nil
}

// sheetPick is a sheet chosen for a register.
type sheetPick struct {
	sheet    string
	register string
}

// pickSheets maps sheets to registers: by sheet name (register name or label
// in either language, also cut to Excel's 31 characters), or by the
// smsgen_register property of a one-register workbook, or by --register.
func pickSheets(f *excelize.File, site *model.Site, want, lang string) ([]sheetPick, error) {
	props := map[string]string{}
	if cps, err := f.GetCustomProps(); err == nil {
		for _, p := range cps {
			props[p.Name] = fmt.Sprint(p.Value)
		}
	}
	var visible []string
	for _, sh := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(sh); err == nil && !v {
			continue
		}
		visible = append(visible, sh)
	}
	match := func(sh string) string {
		k := schema.FoldKey(sh)
		for _, name := range site.Schemas.RegisterNames() {
			sch := site.Schemas.Registers[name]
			for _, l := range []string{name, sch.Label.ID, sch.Label.EN} {
				if l == "" {
					continue
				}
				fl := schema.FoldKey(strings.Map(func(r rune) rune {
					if strings.ContainsRune(`:\/?*[]`, r) {
						return '-'
					}
					return r
				}, l))
				if k == fl || (len([]rune(fl)) > 31 && strings.HasPrefix(fl, k) && len([]rune(k)) >= 28) {
					return name
				}
			}
		}
		return ""
	}
	// A sheet smsgen wrote names its register in its table (tbl_NAME): that,
	// not the sheet's name, says which register it holds, so that a register
	// labelled like the summary sheet ("Summary") is still found. Other
	// sheets are matched by name; the summary sheet of such a workbook never.
	tables := sheetTables(f.Path)
	byTable := map[string]string{}
	for _, sh := range visible {
		for _, tb := range tables[sh] {
			if n, ok := strings.CutPrefix(tb, "tbl_"); ok && site.Schemas.Registers[n] != nil {
				byTable[sh] = n
				break
			}
		}
	}
	var picks []sheetPick
	for _, sh := range visible {
		n, ok := byTable[sh]
		if !ok {
			if k := schema.FoldKey(sh); len(byTable) > 0 && (k == "ringkasan" || k == "summary") {
				continue
			}
			n = match(sh)
		}
		if n != "" && (want == "" || n == want) {
			picks = append(picks, sheetPick{sh, n})
		}
	}
	if len(picks) == 0 {
		reg := want
		if reg == "" {
			reg = props[workbook.PropRegister]
		}
		var candidates []string
		for _, sh := range visible {
			k := schema.FoldKey(sh)
			if k == "ringkasan" || k == "summary" {
				continue
			}
			candidates = append(candidates, sh)
		}
		if reg != "" && site.Schemas.Registers[reg] != nil && len(candidates) == 1 {
			picks = append(picks, sheetPick{candidates[0], reg})
		}
	}
	if len(picks) == 0 {
		if want != "" {
			return nil, inputErr("%s", i18n.Labelf(lang, "import_no_sheet_for", want, strings.Join(visible, ", ")))
		}
		return nil, inputErr("%s", i18n.Labelf(lang, "import_no_sheet", strings.Join(visible, ", ")))
	}
	seen := map[string]string{}
	for _, p := range picks {
		if prev, dup := seen[p.register]; dup {
			return nil, inputErr("%s", i18n.Labelf(lang, "import_two_sheets", prev, p.sheet, p.register))
		}
		seen[p.register] = p.sheet
	}
	return picks, nil
}

// colMap is a column of the sheet mapped to a field.
type colMap struct {
	idx   int
	key   string // id, notes, field key
	field *schema.Field
	label string
}

// namedHeader is where the defined names smsgen.KEY of a sheet put the
// fields: smsgen writes one per column, referring to its header cell, and
// spreadsheets move a name with its cell when columns or rows are inserted,
// deleted or moved.
type namedHeader struct {
	row  int            // header row (1-based); data follows it
	cols map[int]string // column index (0-based) → key
}

// namedColumns reads the key names of a sheet; nil when it has none that
// name the id column (a workbook of the previous layout, or another tool's).
// Names whose cell was deleted (#REF!) or that lie off the id's header row
// are left out: their fields keep the register's values.
func namedColumns(f *excelize.File, sheet string) *namedHeader {
	type at struct{ row, col int }
	found := map[string]at{}
	for _, dn := range f.GetDefinedName() {
		key, ok := strings.CutPrefix(dn.Name, workbook.KeyName)
		if !ok || dn.Scope != sheet || key == "" {
			continue
		}
		ref := strings.TrimPrefix(strings.TrimSpace(dn.RefersTo), "=")
		i := strings.LastIndexByte(ref, '!')
		if i < 0 {
			continue
		}
		sh := ref[:i]
		if strings.HasPrefix(sh, "'") && strings.HasSuffix(sh, "'") && len(sh) >= 2 {
			sh = strings.ReplaceAll(sh[1:len(sh)-1], "''", "'")
		}
		if sh != sheet {
			continue
		}
		col, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(ref[i+1:], "$", ""))
		if err != nil {
			continue
		}
		found[key] = at{row, col}
	}
	id, ok := found["id"]
	if !ok {
		return nil
	}
	h := &namedHeader{row: id.row, cols: map[int]string{}}
	for k, p := range found {
		if p.row == id.row {
			h.cols[p.col-1] = k
		}
	}
	return h
}

// computedLabel reports whether a header is the label of a column smsgen
// computes at build time (never imported), in either language.
func computedLabel(h string) bool {
	k := schema.FoldKey(h)
	for _, lang := range []string{"id", "en"} {
		if k == schema.FoldKey(i18n.Label(lang, "next_test_due")) {
			return true
		}
	}
	return false
}

// header finds the header of a sheet: the row the key names point at (see
// namedColumns), or the hidden row of field keys of the previous layout (then
// the label row under it is skipped), or else the first row whose cells are
// keys or labels of the register's fields, in either language.
func header(rows [][]string, sch *schema.Register, named *namedHeader) (cols []colMap, dataFrom int, unknown []string, ok bool) {
	isKey := func(s string) bool {
		s = strings.TrimSpace(s)
		return s == "id" || s == "notes" || sch.Field(s) != nil
	}
	if named != nil && named.row <= len(rows) {
		row := rows[named.row-1]
		n := len(row)
		for j := range named.cols {
			n = max(n, j+1)
		}
		known := 0
		for _, k := range named.cols {
			if strings.HasPrefix(k, "_") || isKey(k) {
				known++
			}
		}
		if known*2 < len(named.cols) {
			return nil, 0, nil, false // the sheet of another register
		}
		seen := map[string]bool{}
		for j := 0; j < n; j++ {
			c := ""
			if j < len(row) {
				c = strings.TrimSpace(row[j])
			}
			k, byName := named.cols[j]
			var f *schema.Field
			found := false
			switch {
			case byName && strings.HasPrefix(k, "_"):
				continue // computed at build time
			case byName:
				found, f = isKey(k), sch.Field(k)
				if !found {
					unknown = append(unknown, k)
					continue
				}
			case c == "" || computedLabel(c):
				continue
			default:
				// a column added by hand: its header as a key or a label
				if isKey(c) {
					k, f, found = c, sch.Field(c), true
				} else {
					f, k, found = sch.HeaderField(c)
				}
			}
			if !found || seen[k] {
				unknown = append(unknown, cmp.Or(c, k))
				continue
			}
			seen[k] = true
			cols = append(cols, colMap{idx: j, key: k, field: f, label: cmp.Or(c, k)})
		}
		return cols, named.row, unknown, true
	}
	for i := 0; i < len(rows) && i < 10; i++ {
		row := rows[i]
		n, keys, labels, hasID := 0, 0, 0, false
		for _, c := range row {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			n++
			if isKey(c) || strings.HasPrefix(c, "_") {
				keys++
			}
			if _, k, ok := sch.HeaderField(c); ok {
				labels++
				if k == "id" {
					hasID = true
				}
			}
		}
		if n == 0 || !hasID {
			continue
		}
		isKeyRow := keys*10 >= n*9
		if !isKeyRow && labels*2 < n {
			continue
		}
		seen := map[string]bool{}
		for j, c := range row {
			c = strings.TrimSpace(c)
			if c == "" || strings.HasPrefix(c, "_") || !isKeyRow && computedLabel(c) {
				continue
			}
			var f *schema.Field
			var k string
			var found bool
			if isKeyRow && isKey(c) {
				k, found = c, true
				f = sch.Field(c)
			} else {
				f, k, found = sch.HeaderField(c)
			}
			if !found || seen[k] {
				unknown = append(unknown, c)
				continue
			}
			seen[k] = true
			cols = append(cols, colMap{idx: j, key: k, field: f, label: c})
		}
		dataFrom = i + 1
		if isKeyRow && i+1 < len(rows) {
			// the label row under the keys
			next, lab := 0, 0
			for _, c := range rows[i+1] {
				if strings.TrimSpace(c) == "" {
					continue
				}
				next++
				if _, _, ok := sch.HeaderField(c); ok {
					lab++
				}
			}
			if next > 0 && lab*2 >= next {
				dataFrom = i + 2
			}
		}
		return cols, dataFrom, unknown, true
	}
	return nil, 0, nil, false
}

// readSheet reads a sheet into a register typed like the loader types a file.
// A sheet beyond the row or column limits is a limit hit.
func readSheet(f *excelize.File, sp sheetPick, old *model.Register, file string, dp model.DateParser, rep *i18n.Reporter, lang string) (*model.Register, *limitHit, error) {
	sch := old.Schema
	it, err := f.Rows(sp.sheet)
	if err != nil {
		return nil, nil, inputErr("%s: %v", sp.sheet, err)
	}
	defer it.Close()
	var head [][]string
	var cols []colMap
	dataFrom := -1
	at := sheetFile(file, sp.sheet) // findings name the sheet; atCell adds the cell
	nr := &model.Register{Name: old.Name, Schema: sch, Path: old.Path, Format: old.Format, Delim: old.Delim, Columns: old.Columns, ByID: map[string]*model.Record{}}
	named := namedColumns(f, sp.sheet)
	decide := func() error {
		c, from, unknown, ok := header(head, sch, named)
		if !ok {
			return sheetMismatch(sp, sch, lang)
		}
		cols, dataFrom = c, from
		hr := max(from, 1) // the (visible) header row: the row above the data
		for _, u := range unknown {
			rep.Report("unknown-field", i18n.Where{File: at, Line: hr, Register: sch.Name, Field: u}, nil)
		}
		for i := from; i < len(head); i++ {
			addRow(nr, old, cols, head[i], i+1, at, sp.sheet, dp, rep)
		}
		return nil
	}
	rowNum := 0
	lim := defaultLimits
	for it.Next() {
		rowNum++
		if rowNum > lim.Rows { // rows numbered past the limit (r="1048576")
			return nil, &limitHit{row: rowNum, sheet: sp.sheet,
				reasonEN: fmt.Sprintf("sheet %q has more than %d rows", sp.sheet, lim.Rows),
				reasonID: fmt.Sprintf("sheet %q memiliki lebih dari %d baris", sp.sheet, lim.Rows)}, nil
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, inputErr("%s!%d: %v", sp.sheet, rowNum, err)
		}
		if len(cells) > lim.Columns { // cells without a reference, one after another
			for j := lim.Columns; j < len(cells); j++ {
				if cells[j] != "" {
					return nil, &limitHit{row: rowNum, sheet: sp.sheet, col: j + 1,
						reasonEN: fmt.Sprintf("sheet %q has a cell at %s, beyond column %d", sp.sheet, cellRef(rowNum, j+1), lim.Columns),
						reasonID: fmt.Sprintf("sheet %q memiliki sel di %s, melewati kolom %d", sp.sheet, cellRef(rowNum, j+1), lim.Columns)}, nil
				}
			}
			cells = cells[:lim.Columns]
		}
		if dataFrom < 0 {
			head = append(head, cells)
			if len(head) >= 10 {
				if err := decide(); err != nil {
					return nil, nil, err
				}
			}
			continue
		}
		addRow(nr, old, cols, cells, rowNum, at, sp.sheet, dp, rep)
	}
	if err := it.Error(); err != nil {
		return nil, nil, inputErr("%s: %v", sp.sheet, err)
	}
	if dataFrom < 0 {
		if err := decide(); err != nil {
			return nil, nil, err
		}
	}
	if hasFormulas(file, sp.sheet, f) {
		for _, rec := range nr.Records {
			for _, c := range cols {
				ref, _ := excelize.CoordinatesToCellName(c.idx+1, rec.Pos.Line)
				if fx, _ := f.GetCellFormula(sp.sheet, ref); fx != "" {
					rep.Report("import-formula", i18n.Where{File: at, Line: rec.Pos.Line, Col: c.idx + 1, Register: sch.Name, Record: rec.ID, Field: c.key, Value: "=" + fx}, nil)
				}
			}
		}
	}
	present := map[string]bool{}
	for _, c := range cols {
		present[c.key] = true
	}
	// fields without a column keep the register's values
	for _, rec := range nr.Records {
		o := old.ByID[rec.ID]
		if o == nil {
			continue
		}
		for i, fld := range sch.Fields {
			if !present[fld.Key] && i < len(o.Cells) {
				rec.CopyCell(i, o, i)
			}
		}
		if !present["notes"] {
			rec.Notes = o.Notes
		}
		rec.Extra = o.Extra
	}
	return nr, nil, nil
}

// hasFormulas reports whether any worksheet of the workbook holds a formula
// (a quick scan of the package, so that cells are checked one by one only then).
func hasFormulas(file, sheet string, f *excelize.File) bool {
	zr, err := zip.OpenReader(f.Path)
	if err != nil {
		return true
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return true
		}
		found := scanFor(rc, []string{"<f>", "<f ", ":f>", ":f "})
		rc.Close()
		if found {
			return true
		}
	}
	return false
}

// scanFor reports whether r contains one of the needles, reading in blocks.
func scanFor(r io.Reader, needles []string) bool {
	buf := make([]byte, 1<<16)
	keep := 8
	var tail []byte
	for {
		n, err := r.Read(buf)
		chunk := append(tail, buf[:n]...)
		for _, nd := range needles {
			if bytes.Contains(chunk, []byte(nd)) {
				return true
			}
		}
		if len(chunk) > keep {
			tail = append([]byte(nil), chunk[len(chunk)-keep:]...)
		} else {
			tail = chunk
		}
		if err != nil {
			return false
		}
	}
}

func sheetMismatch(sp sheetPick, sch *schema.Register, lang string) error {
	return inputErr("%s", i18n.Labelf(lang, "import_sheet_mismatch", sp.sheet, sch.Name))
}

// addRow turns one sheet row into a record (empty rows are skipped).
func addRow(nr, old *model.Register, cols []colMap, cells []string, row int, file, sheet string, dp model.DateParser, rep *i18n.Reporter) {
	sch := nr.Schema
	empty := true
	for _, c := range cols {
		if c.idx < len(cells) && strings.TrimSpace(cells[c.idx]) != "" {
			empty = false
			break
		}
	}
	if empty {
		return
	}
	rec := &model.Record{Pos: model.Pos{File: file, Line: row, Col: 1}, Cells: make([]model.Cell, len(sch.Fields))}
	rec.IDPos = rec.Pos
	for _, c := range cols {
		v := ""
		if c.idx < len(cells) {
			v = cells[c.idx]
		}
		v = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n"))
		if sch.IsNull(v) { // the register's null tokens ("?", "N/A") read as empty, as in its file
			v = ""
		}
		switch c.key {
		case "id":
			rec.ID = v
			rec.IDPos = model.Pos{File: file, Line: row, Col: c.idx + 1}
		case "notes":
			rec.Notes = v
		default:
			rec.Put(c.field.Index, fromCell(c.field, v), row, c.idx+1)
		}
	}
	o := old.ByID[rec.ID]
	for i, f := range sch.Fields {
		cell := &rec.Cells[i]
		if !cell.Present() {
			continue
		}
		raw := rec.Raw(i)
		for _, p := range model.Coerce(f, rec, dp) {
			w := i18n.Where{File: file, Line: row, Col: int(cell.Col), Register: sch.Name, Record: rec.ID, Field: f.Key, Value: raw}
			if v, ok := p.Args["value"]; ok {
				w.Value = v
			}
			rep.Report(p.Code, w, p.Args)
		}
		if o != nil && i < len(o.Cells) && sameCell(f, o.Cell(i), rec.Cell(i)) {
			line, col := cell.Line, cell.Col
			rec.CopyCell(i, o, i)
			cell.Line, cell.Col = line, col
			continue
		}
		if f.AllowFormulaText || ((f.Type == schema.Integer || f.Type == schema.Number) && cell.Valid()) {
			continue
		}
		formulaText(rep, file, sheet, row, int(cell.Col), sch.Name, rec.ID, f.Key, raw)
	}
	for _, c := range cols {
		switch {
		case c.key == "id" && o == nil:
			formulaText(rep, file, sheet, row, c.idx+1, sch.Name, rec.ID, "id", rec.ID)
		case c.key == "notes" && (o == nil || normText(o.Notes) != normText(rec.Notes)):
			formulaText(rep, file, sheet, row, c.idx+1, sch.Name, rec.ID, "notes", rec.Notes)
		}
	}
	if f := sch.Field("classification"); f != nil {
		rec.Classification = rec.Raw(f.Index)
	}
	nr.Records = append(nr.Records, rec)
}

// formulaText reports a new or changed value that a spreadsheet would read as
// a formula when the register's CSV is opened: text starting with =, +, -, @,
// tab or CR (OWASP's CSV-injection characters). Two shapes pass: a signed
// number ("-5", "+2.5", which a spreadsheet reads as that same number) and an
// international phone number ("+62 21 555-0100": a country code, then a space
// or a parenthesis), which cannot call a function, a link or a program.
func formulaText(rep *i18n.Reporter, file, sheet string, row, col int, reg, id, field, v string) {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil || phoneLike.MatchString(v) {
		return
	}
	rep.Report("import-formula-text", i18n.Where{File: file, Line: row, Col: col, Register: reg, Record: id, Field: field, Value: v},
		map[string]string{"cell": sheet + "!" + cellRef(row, col)})
}

var phoneLike = regexp.MustCompile(`^\+[0-9]{1,4}[ (][0-9 ()-]*$`)

// fromCell converts a raw cell value to the text the loader reads: Excel
// serial dates of date fields become ISO dates.
func fromCell(f *schema.Field, v string) string {
	switch f.Type {
	case schema.Date, schema.DateTime, schema.Month:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || f.List || n <= 0 || n > 2958465 {
			return v
		}
		t, err := excelize.ExcelDateToTime(n, false)
		if err != nil {
			return v
		}
		t = t.Round(time.Second)
		switch f.Type {
		case schema.Date:
			return t.Format("2006-01-02")
		case schema.Month:
			return t.Format("2006-01")
		}
		if t.Second() != 0 {
			return t.Format("2006-01-02 15:04:05")
		}
		return t.Format("2006-01-02 15:04")
	}
	return v
}

// sameCell reports whether two typed cells hold the same value: numbers and
// dates by value, lists item by item, text as written. A text cut at Excel's
// cell limit is the same as the original it was cut from.
func sameCell(f *schema.Field, a, b model.Val) bool {
	if !a.Present() || !b.Present() {
		return a.Present() == b.Present()
	}
	if a.Raw == b.Raw {
		return true
	}
	if a.Valid() && b.Valid() {
		switch f.Type {
		case schema.Integer, schema.Number:
			return math.Abs(a.Float()-b.Float()) < 1e-9
		case schema.Boolean:
			return a.Bool() == b.Bool()
		case schema.Date, schema.DateTime, schema.Month:
			if !f.List {
				return a.Time().Equal(b.Time())
			}
		}
		if f.List {
			x, y := a.Items(f.Type == schema.Ref || f.Type == schema.DocRef), b.Items(f.Type == schema.Ref || f.Type == schema.DocRef)
			return strings.Join(x, "\n") == strings.Join(y, "\n")
		}
	}
	na, nb := normText(a.Raw), normText(b.Raw)
	if na == nb {
		return true
	}
	if n := utf16Len(nb); n == workbook.MaxCellChars && strings.HasPrefix(na, nb) {
		return true
	}
	return false
}

func normText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// sorted returns the keys of a set, sorted.
func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// absInRoot resolves a site-relative path, refusing anything outside the root.
func absInRoot(root, rel string) (string, error) {
	r, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(r); err == nil {
		r = real
	}
	p := filepath.Join(r, filepath.FromSlash(rel))
	if x, err := filepath.Rel(r, p); err != nil || x == ".." || strings.HasPrefix(x, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %s leaves the site root", rel)
	}
	return p, nil
}
