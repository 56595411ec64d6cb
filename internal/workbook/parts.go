package workbook

import (
	"path"
	"strings"
)

// Book is what xl/workbook.xml says of its sheets (decode it with
// encoding/xml).
type Book struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

// Rels is a relationships part (_rels/NAME.rels) of a package.
type Rels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// Target is the part a relationship's target names, from part, the part
// whose relationships hold it ("xl/workbook.xml" for the workbook's): a
// target starting with "/" from the package root, others from part's folder.
func Target(part, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(part), target)
}

// Sheet is a sheet of a workbook and its worksheet part.
type Sheet struct{ Name, Part string }

// Sheets lists the sheets of book in order, each with the part rels (the
// workbook's relationships) gives it; "" where rels does not name it.
func Sheets(book Book, rels Rels) []Sheet {
	target := map[string]string{}
	for _, r := range rels.Rels {
		target[r.ID] = Target("xl/workbook.xml", r.Target)
	}
	out := make([]Sheet, 0, len(book.Sheets))
	for _, s := range book.Sheets {
		out = append(out, Sheet{Name: s.Name, Part: target[s.RID]})
	}
	return out
}
