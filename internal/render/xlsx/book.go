package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"github.com/smsgen/smsgen/internal/workbook"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/xuri/excelize/v2"
)

// extraRows is how far below the data dropdowns and formats reach, for rows
// added in Excel.
const extraRows = 500

// The layout contract with smsgen import (see package workbook).
const (
	PropRegister = workbook.PropRegister
	PropMaxClass = workbook.PropMaxClass
	PropVersion  = workbook.PropVersion
	KeyName      = workbook.KeyName
)

// Fonts, fill and borders of the tables. The typeface is named so that every
// reader shows the same one (LibreOffice substitutes its metric-compatible
// Carlito where Calibri is missing).
const (
	fontFace   = "Calibri"
	fontSize   = 11
	headerFill = "1F4E78"
	gridColor  = "A6A6A6"
)

// makeStyles creates the style slots in order and checks their ids: first
// the cell styles (bordered: the table's grid), then the same styles without
// borders as column defaults (for rows added in Excel, which take no grid
// beyond the table).
func (r *renderer) makeStyles(f *excelize.File, combined bool) error {
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	date, datetime, month := "[$-421]dd mmm yyyy", "[$-421]dd mmm yyyy hh:mm", "[$-421]mmmm yyyy"
	if r.lang == "en" {
		date, datetime, month = "[$-409]dd mmm yyyy", "[$-409]dd mmm yyyy hh:mm", "[$-409]mmmm yyyy"
	}
	font := &excelize.Font{Family: fontFace, Size: fontSize}
	link := &excelize.Font{Family: fontFace, Size: fontSize, Color: "0563C1", Underline: "single"}
	locked := &excelize.Protection{Locked: true}
	cross := &excelize.Style{NumFmt: 49, Alignment: wrap, Protection: locked, Font: font}
	if combined {
		cross.Font = link
	}
	styles := []*excelize.Style{
		sHeader: {NumFmt: 49, Font: &excelize.Font{Family: fontFace, Size: fontSize, Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		sText:      {NumFmt: 49, Alignment: top, Font: font},
		sWrap:      {NumFmt: 49, Alignment: wrap, Font: font},
		sInt:       {NumFmt: 1, Alignment: top, Font: font},
		sNumber:    {NumFmt: 0, Alignment: top, Font: font},
		sDate:      {CustomNumFmt: &date, Alignment: top, Font: font},
		sDateTime:  {CustomNumFmt: &datetime, Alignment: top, Font: font},
		sMonth:     {CustomNumFmt: &month, Alignment: top, Font: font},
		sLinkSelf:  {NumFmt: 49, Alignment: wrap, Font: link},
		sLinkCross: cross,
		sTitle:     {NumFmt: 49, Font: &excelize.Font{Family: fontFace, Bold: true, Size: 14}},
	}
	grid := []excelize.Border{
		{Type: "left", Color: gridColor, Style: 1}, {Type: "right", Color: gridColor, Style: 1},
		{Type: "top", Color: gridColor, Style: 1}, {Type: "bottom", Color: gridColor, Style: 1},
	}
	for slot, st := range styles {
		c := *st
		if slot != sTitle {
			c.Border = grid
		}
		id, err := f.NewStyle(&c)
		if err != nil {
			return err
		}
		if id != slot+1 {
			return fmt.Errorf("xlsx: style slot %d got id %d", slot, id)
		}
	}
	for slot, st := range styles[:sTitle] {
		id, err := f.NewStyle(st)
		if err != nil {
			return err
		}
		if id != colStyle(slot) {
			return fmt.Errorf("xlsx: column style slot %d got id %d", slot, id)
		}
	}
	return nil
}

// colStyle is the style id of a slot without borders, for column defaults
// (every slot but sTitle, the last).
func colStyle(slot int) int { return sSlots + slot + 1 }

// writeBook builds one workbook of the given sheets (and a summary when combined).
func (r *renderer) writeBook(file string, sheets []*regSheet, combined bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := r.makeStyles(f, combined); err != nil {
		return err
	}
	first := summaryName(r.lang)
	if !combined {
		first = sheets[0].name
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	lists := &listBook{f: f}
	cf, err := newCFStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if combined || i > 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
		if err := r.layoutSheet(f, s, lists, cf, combined); err != nil {
			return fmt.Errorf("%s: %w", s.reg.Name, err)
		}
	}
	if combined {
		if err := r.summary(f, sheets); err != nil {
			return err
		}
	}
	if err := r.properties(f, sheets, combined); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return r.assemble(file, buf.Bytes(), sheets, combined)
}

// layoutSheet writes the header row and everything but the data rows.
func (r *renderer) layoutSheet(f *excelize.File, s *regSheet, lists *listBook, cf *cfStyles, combined bool) error {
	sh := s.name
	ncol := len(s.cols)
	last := colName(ncol)
	lastRow := firstDataRow + max(s.n, 1) - 1
	dvRow := min(lastRow+extraRows, 1048576)
	first := strconv.Itoa(firstDataRow)
	widths := make([]float64, len(s.cols))
	for i, c := range s.cols {
		cn := colName(i + 1)
		w := min(max(c.width+2, 8), maxWidth+2)
		widths[i] = w
		if err := f.SetColWidth(sh, cn, cn, w); err != nil {
			return err
		}
		if err := f.SetColStyle(sh, cn, colStyle(c.style)); err != nil {
			return err
		}
	}
	labels := make([]any, ncol)
	for i, c := range s.cols {
		labels[i] = c.label
		if err := f.SetDefinedName(&excelize.DefinedName{Name: KeyName + c.key,
			RefersTo: quoteSheet(sh) + "!$" + colName(i+1) + "$1", Scope: sh}); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(sh, "A1", &labels); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", last+"1", sHeader+1); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	stripes := true
	if err := f.AddTable(sh, &excelize.Table{Range: "A1:" + last + strconv.Itoa(lastRow), Name: s.table,
		StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
		return err
	}
	for i, c := range s.cols {
		cn := colName(i + 1)
		if err := r.validation(f, sh, c, cn+first+":"+cn+strconv.Itoa(dvRow), lists); err != nil {
			return err
		}
	}
	if err := r.conditional(f, s, lastRow, dvRow, cf); err != nil {
		return err
	}
	if err := r.pageSetup(f, sh, true, widths); err != nil {
		return err
	}
	if len(r.sheetLinks(s, combined)) > 0 {
		// placeholder, replaced by the real hyperlinks when the sheet is assembled
		if err := f.SetCellHyperLink(sh, "A1", "A1", "Location"); err != nil {
			return err
		}
	}
	return nil
}

// pageSetup makes a sheet print as it is read: A4 landscape, as many pages
// wide as its columns (widths, in characters) need to print at
// minPrintScale of their size or more (one page for most registers), as many
// high as needed, the header row (and, on a sheet more than a page wide, the
// first column: the record's number) repeated on every page, and a footer
// with the sheet's name and the page number.
func (r *renderer) pageSetup(f *excelize.File, sh string, titleRow bool, widths []float64) error {
	size, orient, wide, high := 9, "landscape", pagesWide(widths), 0 // 9: A4
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient,
		FitToWidth: &wide, FitToHeight: &high}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// inches: 1.8 cm left and right, 2 cm top, 2.2 cm bottom with the footer 0.8 cm above the edge
	lr, top, bottom, header, footer, centre := 0.7, 0.8, 0.85, 0.3, 0.3, true
	if err := f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &lr, Right: &lr, Top: &top,
		Bottom: &bottom, Header: &header, Footer: &footer, Horizontally: &centre}); err != nil {
		return err
	}
	page := strings.Replace(strings.Replace(i18n.Label(r.lang, "page_of"), "%d", "&P", 1), "%d", "&N", 1)
	if err := f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{
		OddFooter: "&L&\"" + fontFace + ",Regular\"&9&A&R&\"" + fontFace + ",Regular\"&9" + page}); err != nil {
		return err
	}
	if !titleRow {
		return nil
	}
	titles := quoteSheet(sh) + "!$1:$1"
	if wide > 1 {
		titles = quoteSheet(sh) + "!$A:$A," + titles
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sh})
}

// minPrintScale is the smallest scale a sheet is printed at: below it the
// text of a register of many columns (9 points on screen) is too small to
// read on paper, and the sheet goes on more pages wide instead.
const minPrintScale = 0.6

// printableInches is the width of an A4 landscape page inside the margins
// of pageSetup: 29.7 cm less 1.8 cm on each side.
const printableInches = (29.7 - 2*1.8) / 2.54

// pagesWide returns the number of pages wide that columns of the given
// widths (in characters of the default font: a column of w characters is
// 7w+5 pixels at 96 per inch) print on at minPrintScale or more.
func pagesWide(widths []float64) int {
	total := 0.0
	for _, w := range widths {
		total += (7*w + 5) / 96
	}
	return max(1, int(math.Ceil(total*minPrintScale/printableInches)))
}

func (r *renderer) sheetLinks(s *regSheet, combined bool) []hlink {
	if combined {
		return s.links
	}
	var out []hlink
	for _, l := range s.links {
		if !l.cross {
			out = append(out, l)
		}
	}
	return out
}

// listBook is the hidden sheet of long dropdown lists.
type listBook struct {
	f    *excelize.File
	cols int
}

func (l *listBook) add(values []string) (string, error) {
	if l.cols == 0 {
		if _, err := l.f.NewSheet(listsSheet); err != nil {
			return "", err
		}
		if err := l.f.SetSheetVisible(listsSheet, false); err != nil {
			return "", err
		}
	}
	l.cols++
	cn := colName(l.cols)
	for i, v := range values {
		if err := l.f.SetCellStr(listsSheet, cn+strconv.Itoa(i+1), v); err != nil {
			return "", err
		}
	}
	return quoteSheet(listsSheet) + "!$" + cn + "$1:$" + cn + "$" + strconv.Itoa(len(values)), nil
}

// validation adds the data validation of a column: dropdowns for enums and
// booleans, ranges for numbers, dates for date columns.
func (r *renderer) validation(f *excelize.File, sh string, c *column, sqref string, lists *listBook) error {
	var values []string
	switch c.kind {
	case kEnum:
		for _, v := range c.field.Values {
			values = append(values, v.Label(r.lang))
		}
	case kBool:
		values = []string{localize.YesNo(true, r.lang), localize.YesNo(false, r.lang)}
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	title, msg := "smsgen", ""
	switch {
	case values != nil:
		inline := true
		n := 0
		for _, v := range values {
			n += len(v) + 1
			if strings.ContainsAny(v, `,"`) {
				inline = false
			}
		}
		if inline && n-1 <= 255 {
			if err := dv.SetDropList(values); err != nil {
				return err
			}
		} else {
			ref, err := lists.add(values)
			if err != nil {
				return err
			}
			dv.SetSqrefDropList(ref)
		}
		msg = i18n.Label(r.lang, "pick_from_list")
	case c.kind == kNumber && (c.field.Min != nil || c.field.Max != nil):
		lo, hi := -1e15, 1e15
		if c.field.Min != nil {
			lo = *c.field.Min
		}
		if c.field.Max != nil {
			hi = *c.field.Max
		}
		t := excelize.DataValidationTypeDecimal
		if c.field.Type == schema.Integer {
			t = excelize.DataValidationTypeWhole
		}
		if err := dv.SetRange(lo, hi, t, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		msg = i18n.Labelf(r.lang, "number_between",
			strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64))
	case c.kind == kDate || c.kind == kDateTime || c.kind == kMonth:
		if err := dv.SetRange(1, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		msg = i18n.Label(r.lang, "valid_date")
	default:
		return nil
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, title, msg)
	return f.AddDataValidation(sh, dv)
}

// cfStyles are the differential formats of conditional formatting.
type cfStyles struct{ red, amber, alarm int }

func newCFStyles(f *excelize.File) (*cfStyles, error) {
	var cf cfStyles
	var err error
	if cf.red, err = f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}); err != nil {
		return nil, err
	}
	if cf.amber, err = f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C5700"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}}); err != nil {
		return nil, err
	}
	if cf.alarm, err = f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}); err != nil {
		return nil, err
	}
	return &cf, nil
}

// conditional adds the formats that flag what needs attention.
func (r *renderer) conditional(f *excelize.File, s *regSheet, lastRow, dvRow int, cf *cfStyles) error {
	red, amber, alarm := cf.red, cf.amber, cf.alarm
	col := map[string]string{}
	for i, c := range s.cols {
		col[c.key] = colName(i + 1)
	}
	sh := s.name
	add := func(rng, formula string, style int) error {
		return f.SetConditionalFormat(sh, rng, []excelize.ConditionalFormatOptions{{Type: "formula", Criteria: formula, Format: &style}})
	}
	colRange := func(cn string, end int) string { return cn + "2:" + cn + strconv.Itoa(end) }
	rowRange := "A2:" + colName(len(s.cols)) + strconv.Itoa(dvRow)
	for _, c := range s.cols {
		cn := col[c.key]
		switch {
		case c.key == KeyTestDue:
			if err := add(colRange(cn, lastRow), fmt.Sprintf(`OR(AND(ISNUMBER(%[1]s2),%[1]s2<TODAY()),ISTEXT(%[1]s2))`, cn), red); err != nil {
				return err
			}
		case c.field == nil:
		case c.field.PastWarning != "":
			if err := add(colRange(cn, dvRow), fmt.Sprintf(`AND(ISNUMBER(%[1]s2),%[1]s2<TODAY())`, cn), red); err != nil {
				return err
			}
		case c.field.StaleAfterDays > 0:
			if err := add(colRange(cn, dvRow), fmt.Sprintf(`AND(ISNUMBER(%[1]s2),%[1]s2<TODAY()-%[2]d)`, cn, c.field.StaleAfterDays), amber); err != nil {
				return err
			}
		case c.key == "priority" && c.kind == kNumber:
			if err := add(colRange(cn, dvRow), fmt.Sprintf(`AND(ISNUMBER(%[1]s2),%[1]s2<=1)`, cn), alarm); err != nil {
				return err
			}
			if err := add(colRange(cn, dvRow), fmt.Sprintf(`AND(ISNUMBER(%[1]s2),%[1]s2=2)`, cn), red); err != nil {
				return err
			}
		}
	}
	sch := s.reg.Schema
	// open major incidents: the whole row
	if major, status := sch.Field("major"), sch.Field("status"); major != nil && status != nil && col["major"] != "" && col["status"] != "" {
		cond := []string{fmt.Sprintf(`$%s2=%s`, col["major"], xlString(localize.YesNo(true, r.lang)))}
		for _, v := range resolve.ClosedValues(sch) {
			if l := status.EnumLabel(v, r.lang); l != v {
				cond = append(cond, fmt.Sprintf(`$%s2<>%s`, col["status"], xlString(l)))
			}
		}
		if err := add(rowRange, "AND("+strings.Join(cond, ",")+")", alarm); err != nil {
			return err
		}
	}
	// availability below target: the whole row
	if t, a, g, d := col["target_pct"], col["actual_pct"], col["agreed_minutes"], col["unplanned_downtime_min"]; t != "" && a != "" && g != "" && d != "" {
		formula := fmt.Sprintf(`AND(ISNUMBER($%[1]s2),IF(ISNUMBER($%[2]s2),$%[2]s2,IF(AND(ISNUMBER($%[3]s2),$%[3]s2>0,ISNUMBER($%[4]s2)),100*($%[3]s2-$%[4]s2)/$%[3]s2,$%[1]s2))<$%[1]s2)`, t, a, g, d)
		if err := add(rowRange, formula, red); err != nil {
			return err
		}
	}
	// capacity at or above its threshold: the whole row
	if u, t := col["utilization_pct"], col["threshold_pct"]; u != "" && t != "" {
		if err := add(rowRange, fmt.Sprintf(`AND(ISNUMBER($%[1]s2),ISNUMBER($%[2]s2),$%[1]s2>=$%[2]s2)`, u, t), amber); err != nil {
			return err
		}
	}
	return nil
}

// xlString quotes a string constant for a formula.
func xlString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// properties sets the document properties from the site and --today (never the clock).
func (r *renderer) properties(f *excelize.File, sheets []*regSheet, combined bool) error {
	st := r.ctx.Site.Settings
	org := strings.TrimSpace(st.Organization)
	creator := org
	if st.Unit != "" {
		if creator != "" {
			creator += " — "
		}
		creator += st.Unit
	}
	if creator == "" {
		creator = "smsgen"
	}
	var title, subject, keywords string
	if combined {
		title = i18n.Label(r.lang, "workbook_title")
		subject = "ISO/IEC 20000-1:2018"
		keywords = "ISO/IEC 20000-1; SMS"
	} else {
		sch := sheets[0].reg.Schema
		title = sch.Label.In(r.lang)
		subject = "ISO/IEC 20000-1:2018 " + strings.Join(sch.AllClauses(), ", ")
		keywords = "ISO/IEC 20000-1; SMS; " + sch.Name
	}
	if st.BaseTitle != "" {
		title += " — " + st.BaseTitle
	}
	when := r.ctx.Today.UTC().Format("2006-01-02T15:04:05Z")
	lang := "id-ID"
	if r.lang == "en" {
		lang = "en-US"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: subject, Creator: creator, LastModifiedBy: "smsgen", Keywords: keywords,
		Category: "Register", Description: "smsgen " + r.ctx.Version, Created: when, Modified: when,
		Language: lang, Revision: "1",
	}); err != nil {
		return err
	}
	props := []excelize.CustomProperty{{Name: PropVersion, Value: r.ctx.Version}}
	if !combined {
		props = append(props, excelize.CustomProperty{Name: PropRegister, Value: sheets[0].reg.Name})
	}
	if r.ctx.MaxClass != "" {
		props = append(props, excelize.CustomProperty{Name: PropMaxClass, Value: r.ctx.MaxClass})
	}
	for _, p := range props {
		if err := f.SetCustomProps(p); err != nil {
			return err
		}
	}
	return nil
}

// summary fills the summary sheet: registers with their record counts,
// records per status, and findings by code.
func (r *renderer) summary(f *excelize.File, sheets []*regSheet) error {
	sh := summaryName(r.lang)
	t := i18n.LabelsIn(r.lang).T
	// column defaults first: setting them restyles the cells already there
	wide := 28.0
	for _, s := range sheets {
		wide = max(wide, textWidth(regLabel(s.reg, r.lang))+2)
	}
	wide = min(wide, maxWidth+2)
	for _, cw := range []struct {
		col string
		w   float64
	}{{"A", wide}, {"B", wide}, {"C", 18}, {"D", 16}} {
		if err := f.SetColWidth(sh, cw.col, cw.col, cw.w); err != nil {
			return err
		}
	}
	if err := f.SetColStyle(sh, "A:D", colStyle(sText)); err != nil {
		return err
	}
	row := 1
	put := func(vals ...any) error {
		err := f.SetSheetRow(sh, "A"+strconv.Itoa(row), &vals)
		row++
		return err
	}
	header := func(vals ...any) error {
		if err := f.SetCellStyle(sh, "A"+strconv.Itoa(row), colName(len(vals))+strconv.Itoa(row), sHeader+1); err != nil {
			return err
		}
		return put(vals...)
	}
	// a row of one of the summary's tables: bordered like the register sheets
	line := func(vals ...any) error {
		if err := f.SetCellStyle(sh, "A"+strconv.Itoa(row), colName(len(vals))+strconv.Itoa(row), sText+1); err != nil {
			return err
		}
		return put(vals...)
	}
	st := r.ctx.Site.Settings
	title := t("workbook_summary")
	if st.BaseTitle != "" {
		title += " — " + st.BaseTitle
	}
	if err := f.SetCellStyle(sh, "A1", "A1", sTitle+1); err != nil {
		return err
	}
	if err := put(title); err != nil {
		return err
	}
	org := strings.TrimSpace(strings.Join([]string{st.Organization, st.Unit}, " — "))
	if err := put(strings.Trim(org, " —")); err != nil {
		return err
	}
	if err := put(t("date"), localize.Date(r.ctx.Today, r.lang)); err != nil {
		return err
	}
	if r.ctx.MaxClass != "" {
		if err := put(t("max_classification"), r.classLabel(r.ctx.MaxClass)); err != nil {
			return err
		}
	}
	row++
	if err := header(t("register"), t("sheet"), t("clause"), t("record_count")); err != nil {
		return err
	}
	for _, s := range sheets {
		cell := "B" + strconv.Itoa(row)
		if err := line(regLabel(s.reg, r.lang), s.name, strings.Join(s.reg.Schema.AllClauses(), ", "), len(s.reg.Records)); err != nil {
			return err
		}
		if err := f.SetCellHyperLink(sh, cell, quoteSheet(s.name)+"!A1", "Location"); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, sLinkSelf+1); err != nil {
			return err
		}
	}
	row++
	if err := header(t("register"), t("status"), t("record_count")); err != nil {
		return err
	}
	for _, s := range sheets {
		sf := s.reg.Schema.StatusField
		fld := s.reg.Schema.Field(sf)
		if fld == nil {
			continue
		}
		counts := map[string]int{}
		for _, rec := range s.reg.Records {
			counts[s.reg.Value(rec, sf)]++
		}
		var order []string
		for _, v := range fld.Values {
			if counts[v.Value] > 0 {
				order = append(order, v.Value)
			}
		}
		var other []string
		for v := range counts {
			if fld.EnumLabel(v, r.lang) == v || v == "" {
				other = append(other, v)
			}
		}
		sort.Strings(other)
		for _, v := range append(order, other...) {
			label := fld.EnumLabel(v, r.lang)
			if v == "" {
				label = t("empty")
			}
			if err := line(regLabel(s.reg, r.lang), label, counts[v]); err != nil {
				return err
			}
		}
	}
	row++
	if err := header(t("finding_code"), t("severity"), t("count"), t("example")); err != nil {
		return err
	}
	type agg struct {
		sev     diag.Severity
		n       int
		example string
	}
	byCode := map[string]*agg{}
	for _, fd := range r.ctx.Findings {
		if fd.Accepted != "" { // accepted by its document: not counted
			continue
		}
		a := byCode[fd.Code]
		if a == nil {
			a = &agg{sev: fd.Severity, example: fd.File}
			if fd.Line > 0 {
				a.example += ":" + strconv.Itoa(fd.Line)
			}
			a.example += ": " + fd.Message
			byCode[fd.Code] = a
		}
		a.n++
	}
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	if len(codes) == 0 {
		if err := line(t("no_findings_short")); err != nil {
			return err
		}
	}
	for _, c := range codes {
		a := byCode[c]
		if err := line(c, t("sev_"+a.sev.String()), a.n, cut(a.example, 1000)); err != nil {
			return err
		}
	}
	return r.pageSetup(f, sh, false, []float64{wide, wide, 18, 16})
}

// classLabel is the label of a classification value in the build language.
func (r *renderer) classLabel(c string) string {
	if f := r.ctx.Site.Schemas.Document.Field("classification"); f != nil {
		return f.EnumLabel(c, r.lang)
	}
	return c
}

// assemble writes the final zip: excelize's parts copied as they are, the
// register sheets spliced with their rendered rows and hyperlinks.
func (r *renderer) assemble(file string, pkg []byte, sheets []*regSheet, combined bool) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	paths, err := sheetPaths(zr)
	if err != nil {
		return err
	}
	byPath := map[string]*regSheet{}
	for _, s := range sheets {
		p, ok := paths[s.name]
		if !ok {
			return fmt.Errorf("xlsx: sheet %q not in workbook", s.name)
		}
		byPath[p] = s
	}
	var entries []entry
	for _, zf := range zr.File {
		s := byPath[zf.Name]
		if s == nil {
			entries = append(entries, entry{name: zf.Name, raw: zf})
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		var skel bytes.Buffer
		_, err = skel.ReadFrom(rc)
		rc.Close()
		if err != nil {
			return err
		}
		sp := &splice{rows: s.rows, dimension: "A1:" + colName(len(s.cols)) + strconv.Itoa(firstDataRow+max(s.n, 1)-1)}
		if links := r.sheetLinks(s, combined); len(links) > 0 {
			b := make([]byte, 0, 32+len(links)*56)
			b = append(b, "<hyperlinks>"...)
			for _, l := range links {
				b = append(b, `<hyperlink ref="`...)
				b = l.appendCell(b)
				b = append(b, `" location="`...)
				b = appendEscaped(b, l.loc(), true)
				b = append(b, `"/>`...)
			}
			b = append(b, "</hyperlinks>"...)
			sp.hyperlinks = b
		}
		parts, err := spliceSheet(skel.Bytes(), sp)
		if err != nil {
			return err
		}
		entries = append(entries, entry{name: zf.Name, parts: parts})
	}
	return writeZip(file, entries, r.ctx.Today)
}

// sheetPaths maps sheet names to their worksheet part in the package.
func sheetPaths(zr *zip.Reader) (map[string]string, error) {
	read := func(name string) ([]byte, error) {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				var b bytes.Buffer
				_, err = b.ReadFrom(rc)
				return b.Bytes(), err
			}
		}
		return nil, fmt.Errorf("xlsx: %s missing", name)
	}
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	var w workbook.Book
	if err := xml.Unmarshal(wb, &w); err != nil {
		return nil, err
	}
	var rl workbook.Rels
	if err := xml.Unmarshal(rels, &rl); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, s := range workbook.Sheets(w, rl) {
		out[s.Name] = s.Part
	}
	return out, nil
}

// regLabel is the register's label in lang, or its name when the schema has none.
func regLabel(reg *model.Register, lang string) string {
	if l := reg.Schema.Label.In(lang); l != "" {
		return l
	}
	return reg.Name
}
