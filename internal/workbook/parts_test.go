package workbook

import (
	"encoding/xml"
	"reflect"
	"testing"
)

func TestTarget(t *testing.T) {
	for _, c := range []struct{ part, target, want string }{
		{"xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
		{"xl/workbook.xml", "/xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"},
		{"xl/worksheets/sheet1.xml", "../tables/table1.xml", "xl/tables/table1.xml"},
	} {
		if got := Target(c.part, c.target); got != c.want {
			t.Errorf("Target(%q, %q) = %q, want %q", c.part, c.target, got, c.want)
		}
	}
}

// TestSheets: the sheets in the workbook's order, each with its part as
// Excel (relative) or another writer (absolute) names it; "" for a sheet
// whose relationship is missing.
func TestSheets(t *testing.T) {
	const book = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
<sheet name="Insiden" sheetId="1" r:id="rId2"/><sheet name="Layanan" sheetId="2" r:id="rId1"/><sheet name="Lain" sheetId="3" r:id="rId9"/>
</sheets></workbook>`
	const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>`
	var b Book
	var r Rels
	if err := xml.Unmarshal([]byte(book), &b); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal([]byte(rels), &r); err != nil {
		t.Fatal(err)
	}
	want := []Sheet{{"Insiden", "xl/worksheets/sheet1.xml"}, {"Layanan", "xl/worksheets/sheet2.xml"}, {"Lain", ""}}
	if got := Sheets(b, r); !reflect.DeepEqual(got, want) {
		t.Errorf("Sheets = %v, want %v", got, want)
	}
}
