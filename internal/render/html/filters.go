package html

import (
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// Register pages filter their rows by the columns with few values (enums,
// references, yes/no, a priority) and show status and priority as coloured
// labels ("badges"), whose text says what the colour does.

// filterable tells whether a column of a register table gets a filter.
func filterable(f *schema.Field) bool {
	switch f.Type {
	case schema.Enum, schema.Boolean, schema.Ref, schema.DocRef:
		return true
	case schema.Integer:
		return isPriority(f) || f.Min != nil && f.Max != nil && *f.Max-*f.Min <= 9
	}
	return false
}

func isPriority(f *schema.Field) bool { return f.Key == "priority" }

// filters lists the filters of a table page: the values its rows show,
// enums in the schema's order, numbers by value, the rest sorted.
func (r *run) filters(reg *model.Register, fields []*schema.Field, rows []Row) []Filter {
	var out []Filter
	for i, f := range fields {
		if !filterable(f) {
			continue
		}
		seen := map[string]bool{}
		empty := false
		var vals []string
		for _, row := range rows {
			t := cellText(row.Cells[i].HTML)
			if t == "" {
				empty = true
				continue
			}
			if !seen[t] {
				seen[t] = true
				vals = append(vals, t)
			}
		}
		if len(vals) == 0 {
			continue
		}
		rank := map[string]int{}
		switch f.Type {
		case schema.Enum:
			for k, e := range f.Values {
				rank[e.Label(r.lang)] = k + 1
			}
		case schema.Integer:
			for _, v := range vals {
				if n, err := strconv.Atoi(strings.Fields(v)[0]); err == nil {
					rank[v] = n + 1<<20
				}
			}
		}
		sort.SliceStable(vals, func(a, b int) bool {
			ra, rb := rank[vals[a]], rank[vals[b]]
			if ra != rb {
				return ra != 0 && (rb == 0 || ra < rb)
			}
			return vals[a] < vals[b]
		})
		flt := Filter{ID: "fc-" + safeName(f.Key), Label: r.fieldLabel(f), Index: i + 1}
		target := r.site.Registers[f.Ref]
		for _, v := range vals {
			o := FilterOption{Value: v, Text: v}
			if f.Type == schema.Ref && target != nil && !strings.Contains(v, ":") {
				if rec := target.ByID[v]; rec != nil {
					if t := target.Title(rec); t != v {
						o.Text = v + " " + t
					}
				}
			} else if f.Type == schema.DocRef {
				if d := r.site.DocByID[v]; d != nil {
					o.Text = v + " " + d.Title
				}
			}
			flt.Options = append(flt.Options, o)
		}
		if empty {
			flt.Options = append(flt.Options, FilterOption{Text: r.labels["empty"], Empty: true})
		}
		out = append(out, flt)
	}
	return out
}

// cellText is the text of the HTML of a cell as site.js reads it
// (textContent, trimmed): tags dropped, entities decoded.
func cellText(h template.HTML) string {
	s := string(h)
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	return strings.TrimSpace(html.UnescapeString(b.String()))
}

// badge shows the status and the priority of a record as a coloured label
// (the HTML of the value inside): its tone class comes from the value, the
// text stays the value's, so the colour only repeats what the text says.
func (r *run) badge(reg *model.Register, rec *model.Record, f *schema.Field, h template.HTML) template.HTML {
	if h == "" {
		return h
	}
	tone := ""
	switch {
	case f.Key == reg.Schema.StatusField && f.Type == schema.Enum && !f.List:
		tone = statusTone(f, rec.Raw(f.Index))
	case isPriority(f) && f.Type == schema.Enum && !f.List:
		for k, e := range f.Values {
			if e.Value == rec.Raw(f.Index) {
				// spread the values over the five tones, the first the strongest
				n := 1
				if len(f.Values) > 1 {
					n = 1 + int(math.Round(float64(k)*4/float64(len(f.Values)-1)))
				}
				tone = "p" + strconv.Itoa(n)
			}
		}
	case isPriority(f) && f.Type == schema.Integer:
		x, ok := r.facts.Value(reg, rec, f.Key)
		if !ok || x != math.Trunc(x) || x < 1 || x > 5 {
			return h
		}
		n := int(x)
		tone = "p" + strconv.Itoa(n)
		if pr := r.site.Schemas.Priority; pr != nil {
			if lv, ok := pr.Levels[n]; ok {
				h += template.HTML(" " + esc(lv.In(r.lang)))
			}
		}
	}
	if tone == "" {
		return h
	}
	return `<span class="badge b-` + template.HTML(tone) + `">` + h + `</span>`
}

// statusTone is the tone of a status value: new (the first value), open,
// closed, or void for the closed values that ended without the work done.
func statusTone(f *schema.Field, v string) string {
	for k, e := range f.Values {
		if e.Value != v {
			continue
		}
		switch {
		case e.Closed && (strings.Contains(v, "cancel") || strings.Contains(v, "reject") || strings.Contains(v, "withdraw")):
			return "void"
		case e.Closed:
			return "closed"
		case k == 0:
			return "new"
		}
		return "open"
	}
	return ""
}
