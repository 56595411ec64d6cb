package pdf

import (
	"strconv"
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// rowTexts sets texts[i] to the display text of column cols[i] of rec, as
// cellText gives it, with one allocation for the record's dates (formatted
// into buf, then made one string) instead of several per date: a register
// volume lays out a dozen cells for each of its thousands of records. It
// returns buf for reuse.
func rowTexts(reg *model.Register, rec *model.Record, cols []regCol, lang string, buf []byte, texts []string) []byte {
	var spans [16][2]int32 // where the dates are in buf, by column (most registers have fewer dated columns)
	var dated []int
	var datedArr [16]int
	dated = datedArr[:0]
	buf = buf[:0]
	for i, c := range cols {
		if c.field != nil && isDateType(c.field.Type) && !c.field.List && c.field.Index < len(rec.Cells) && len(dated) < len(spans) {
			cell := &rec.Cells[c.field.Index]
			if cell.Present() && cell.Valid() {
				start := len(buf)
				buf = appendDateText(buf, c.field.Type, cell.Time(), lang)
				spans[len(dated)] = [2]int32{int32(start), int32(len(buf))}
				dated = append(dated, i)
				continue
			}
		}
		texts[i] = cellText(reg, rec, c, lang)
	}
	if len(dated) > 0 {
		s := string(buf)
		for k, i := range dated {
			texts[i] = s[spans[k][0]:spans[k][1]]
		}
	}
	return buf
}

func isDateType(t string) bool {
	return t == schema.Date || t == schema.DateTime || t == schema.Month
}

// monthsID are the month names of localize's Indonesian dates.
var monthsID = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// appendDateText appends what localize.Date, DateTime or Month (by typ) give for t.
func appendDateText(b []byte, typ string, t time.Time, lang string) []byte {
	if t.IsZero() && typ != schema.Month {
		return b
	}
	date := func(b []byte) []byte {
		if lang == "en" {
			return t.AppendFormat(b, "2 January 2006")
		}
		b = strconv.AppendInt(b, int64(t.Day()), 10)
		b = append(b, ' ')
		b = append(b, monthsID[t.Month()-1]...)
		b = append(b, ' ')
		return strconv.AppendInt(b, int64(t.Year()), 10)
	}
	switch typ {
	case schema.Date:
		return date(b)
	case schema.DateTime:
		b = date(b)
		if t.Hour() == 0 && t.Minute() == 0 {
			return b
		}
		b = append(b, ' ')
		return t.AppendFormat(b, "15:04")
	default: // Month
		if lang == "en" {
			return t.AppendFormat(b, "January 2006")
		}
		b = append(b, monthsID[t.Month()-1]...)
		b = append(b, ' ')
		return strconv.AppendInt(b, int64(t.Year()), 10)
	}
}
