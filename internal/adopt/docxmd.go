package adopt

import (
	"fmt"
	"strings"
)

// controlTable takes a leading document-control table (Nomor, Versi,
// Tanggal, Disahkan oleh …) out of the body and returns its label/value
// pairs: rows of label | value (or label | value | label | value), or a
// header row of labels over a row of values. The table is taken when it
// comes before the second heading and at least two of its labels are known.
func controlTable(blocks []block) ([]block, []pair) {
	headings := 0
	for i, b := range blocks {
		switch t := b.(type) {
		case *para:
			if (t.heading > 0 || t.title) && !t.toc {
				headings++
			}
			if headings > 1 || i > 40 {
				return blocks, nil
			}
		case *table:
			pairs := controlPairs(t)
			if pairs == nil {
				return blocks, nil
			}
			out := append(append([]block{}, blocks[:i]...), blocks[i+1:]...)
			return out, pairs
		}
	}
	return blocks, nil
}

func known(label string) bool {
	_, ok := presets["docx"].Keys[norm(label)]
	return ok
}

func cellText(c cell) string {
	var parts []string
	for _, p := range c.paras {
		var b strings.Builder
		for _, s := range p.segs {
			if s.image == "" {
				b.WriteString(s.text)
			}
		}
		if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

func controlPairs(t *table) []pair {
	var out []pair
	hits := 0
	add := func(label, value string) {
		label = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":"))
		value = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(value), ":"))
		if label == "" {
			return
		}
		if known(label) {
			hits++
		}
		out = append(out, pair{Key: label, Val: str(value)})
	}
	// label | value rows (also two pairs per row, and "label | : | value")
	for _, r := range t.rows {
		var cells []string
		for _, c := range r {
			if !c.merge {
				cells = append(cells, cellText(c))
			}
		}
		if len(cells) == 3 && strings.TrimSpace(cells[1]) == ":" {
			cells = []string{cells[0], cells[2]}
		}
		for i := 0; i+1 < len(cells); i += 2 {
			add(cells[i], cells[i+1])
		}
	}
	if hits >= 2 {
		return out
	}
	// a header row of labels over a row of values
	out, hits = nil, 0
	if len(t.rows) == 2 && len(t.rows[0]) == len(t.rows[1]) {
		for i := range t.rows[0] {
			add(cellText(t.rows[0][i]), cellText(t.rows[1][i]))
		}
		if hits >= 2 {
			return out
		}
	}
	return nil
}

// render writes the blocks as Markdown.
func (d *docReader) render(blocks []block) []byte {
	var b strings.Builder
	counters := map[string][]int{}
	var listIndent []int // content column of each open list level
	inList := false
	for _, bl := range blocks {
		switch t := bl.(type) {
		case *para:
			if t.toc {
				continue
			}
			text := strings.TrimSpace(inline(t.segs, false))
			list := t.numID != "" && t.heading == 0 && !t.title && d.nums[t.numID] != nil
			if !list && inList {
				b.WriteString("\n")
				inList, listIndent = false, nil
			}
			if text == "" {
				continue
			}
			switch {
			case t.title:
				fmt.Fprintf(&b, "# %s\n\n", oneLine(text))
			case t.heading > 0:
				lvl := t.heading + 1 // level 1 is the document's title
				if lvl > 6 {
					lvl = 6
				}
				fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", lvl), oneLine(text))
			case list:
				lvl := t.ilvl
				if lvl > len(listIndent) {
					lvl = len(listIndent) // no skipped levels in Markdown
				}
				listIndent = listIndent[:lvl]
				c := counters[t.numID]
				for len(c) <= lvl {
					c = append(c, 0)
				}
				c[lvl]++
				for j := lvl + 1; j < len(c); j++ {
					c[j] = 0
				}
				counters[t.numID] = c
				marker := "-"
				if f := d.nums[t.numID][t.ilvl]; f != "bullet" && f != "none" && f != "" {
					marker = fmt.Sprintf("%d.", c[lvl])
				}
				indent := 0
				if lvl > 0 {
					indent = listIndentAt(listIndent, lvl)
				}
				pad := strings.Repeat(" ", indent)
				fmt.Fprintf(&b, "%s%s %s\n", pad, marker, strings.ReplaceAll(text, "\n", "\n"+pad+strings.Repeat(" ", len(marker)+1)))
				listIndent = append(listIndent, indent+len(marker)+1)
				inList = true
			default:
				fmt.Fprintf(&b, "%s\n\n", hardBreaks(text))
			}
		case *table:
			if inList {
				b.WriteString("\n")
				inList, listIndent = false, nil
			}
			writeTable(&b, t)
		}
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

func listIndentAt(ind []int, lvl int) int { return ind[lvl-1] }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// hardBreaks turns line breaks inside a paragraph into Markdown hard breaks.
func hardBreaks(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "\\\n")
}

func writeTable(b *strings.Builder, t *table) {
	width := 0
	var rows [][]string
	for _, r := range t.rows {
		var cells []string
		for _, c := range r {
			txt := ""
			if !c.merge {
				var parts []string
				for _, p := range c.paras {
					if s := oneLine(inline(p.segs, true)); s != "" {
						parts = append(parts, s)
					}
				}
				txt = strings.Join(parts, " ")
			}
			cells = append(cells, txt)
			for i := 1; i < c.span; i++ {
				cells = append(cells, "")
			}
		}
		if len(cells) > width {
			width = len(cells)
		}
		rows = append(rows, cells)
	}
	if width == 0 {
		return
	}
	line := func(cells []string) {
		b.WriteString("|")
		for i := 0; i < width; i++ {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	line(rows[0])
	b.WriteString("|" + strings.Repeat(" --- |", width) + "\n")
	for _, r := range rows[1:] {
		line(r)
	}
	b.WriteString("\n")
}

// inline renders the runs of a paragraph: text escaped, bold and italic
// marked, links and images.
func inline(segs []seg, inTable bool) string {
	var b strings.Builder
	i := 0
	for i < len(segs) {
		s := segs[i]
		if s.image != "" {
			fmt.Fprintf(&b, "![%s](%s)", escape(oneLine(s.text), inTable), s.image)
			i++
			continue
		}
		// a run of segments with the same formatting and link
		j := i
		var txt strings.Builder
		for j < len(segs) && segs[j].image == "" && segs[j].bold == s.bold && segs[j].italic == s.italic && segs[j].link == s.link {
			txt.WriteString(segs[j].text)
			j++
		}
		i = j
		raw := txt.String()
		if strings.TrimSpace(raw) == "" {
			b.WriteString(raw)
			continue
		}
		lead := raw[:len(raw)-len(strings.TrimLeft(raw, " \t\n"))]
		trail := raw[len(strings.TrimRight(raw, " \t\n")):]
		core := escape(strings.Trim(raw, " \t\n"), inTable)
		mark := ""
		if s.bold {
			mark += "**"
		}
		if s.italic {
			mark += "_"
		}
		if mark != "" && !strings.Contains(core, "\n") {
			core = mark + core + reverse(mark)
		}
		if s.link != "" && safeURL(s.link) {
			core = "[" + core + "](<" + strings.ReplaceAll(s.link, ">", "%3E") + ">)"
		}
		b.WriteString(lead + core + trail)
	}
	return b.String()
}

func reverse(m string) string {
	if m == "**_" {
		return "_**"
	}
	return m
}

func safeURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:")
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`)

// escape keeps text literal in Markdown.
func escape(s string, inTable bool) string {
	s = mdEscaper.Replace(s)
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	// a line that would start a heading, list, quote or rule
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		switch {
		case strings.HasPrefix(t, "#"), strings.HasPrefix(t, "+ "), strings.HasPrefix(t, "- "), strings.HasPrefix(t, "="):
			lines[i] = `\` + t
		case orderedStart(t):
			k := strings.IndexAny(t, ".)")
			lines[i] = t[:k] + `\` + t[k:]
		}
	}
	return strings.Join(lines, "\n")
}

func orderedStart(t string) bool {
	k := 0
	for k < len(t) && k < 10 && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	return k > 0 && k < len(t) && (t[k] == '.' || t[k] == ')') && (k+1 == len(t) || t[k+1] == ' ')
}
