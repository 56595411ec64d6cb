package importer

import "github.com/smsgen/smsgen/internal/schema"

// detectStyles finds the style of every column from the cells of the
// existing rows (schema.DetectStyle), by field key.
func detectStyles(sch *schema.Register, colKey []string, rows map[int][]string) map[string]schema.ColumnStyle {
	out := map[string]schema.ColumnStyle{}
	for j, k := range colKey {
		f := sch.Field(k)
		if f == nil {
			continue
		}
		cells := make([]string, 0, len(rows))
		for _, row := range rows {
			if j < len(row) {
				cells = append(cells, row[j])
			}
		}
		out[k] = schema.DetectStyle(f, cells)
	}
	return out
}
