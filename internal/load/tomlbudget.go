package load

import "bytes"

// Budget of TOML front matter. The TOML library's work grows with the square
// of the nesting of a key path (inline tables and dotted key parts: 10,000
// dotted parts in one 20 KB key take half a minute and gigabytes, 10,000 nested
// inline tables the same), and it recurses once per nested array or inline
// table (a million nested arrays overflow the goroutine stack, which no recover
// catches). tomlBudget scans the text first, in linear time and constant
// memory, and the library only sees text within the budget. YAML and JSON front
// matter stop at their parsers' own depth limits.
const (
	// maxTOMLDepth bounds the nesting of one key path: table header parts,
	// open arrays and inline tables, and dotted key parts. Real front matter
	// nests two or three levels (history = [{version = "1.0", …}]).
	maxTOMLDepth = 100
	// maxTOMLWork bounds the sum, over every inline table opened and every
	// dotted key or table header part, of the path depth at that point: the
	// library's work is proportional to it (about 300 bytes allocated per
	// unit at worst, so the bound is some 30 MB and a few tens of
	// milliseconds). A front matter of 500 keys three levels deep uses a
	// few thousand units.
	maxTOMLWork = 100_000
)

// tomlBudget reports the first line (1-based, within raw) at which the TOML
// text passes maxTOMLDepth (code frontmatter-too-deep) or maxTOMLWork
// (frontmatter-too-complex); else 0, "", true.
func tomlBudget(raw []byte) (line int, code string, ok bool) {
	line = 1
	var stack []byte // open '[' and '{' of values
	header := 0      // parts of the current table header
	dots := 0        // dotted parts of the current key so far
	work := 0
	inKey, lineStart := true, true
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\n':
			line++
			dots = 0
			lineStart = true
			if len(stack) == 0 {
				inKey = true
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			if j := bytes.IndexByte(raw[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(raw)
			}
			continue
		case '"', '\'':
			end, nl := skipTOMLString(raw, i)
			line += nl
			i = end
			lineStart = false
			continue
		}
		atStart := lineStart
		lineStart = false
		if inKey {
			switch c {
			case '[':
				if len(stack) > 0 || !atStart {
					continue
				}
				// a table header: [a.b] or [[a.b]]
				header = 1
				for i++; i < len(raw) && raw[i] != '\n'; i++ {
					switch raw[i] {
					case '"', '\'':
						end, nl := skipTOMLString(raw, i)
						line += nl
						i = end
						continue
					case '.':
						header++
						if header > maxTOMLDepth {
							return line, "frontmatter-too-deep", false
						}
						if work += header; work > maxTOMLWork {
							return line, "frontmatter-too-complex", false
						}
						continue
					case ']':
					default:
						continue
					}
					break
				}
				if i < len(raw) && raw[i] == '\n' {
					i-- // the newline is counted by the main loop
				}
			case '.':
				dots++
				d := header + len(stack) + dots + 1
				if d > maxTOMLDepth {
					return line, "frontmatter-too-deep", false
				}
				if work += d; work > maxTOMLWork {
					return line, "frontmatter-too-complex", false
				}
			case '=':
				inKey, dots = false, 0
			case '}': // {} or a trailing comma
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				inKey = false
			}
			continue
		}
		switch c {
		case '[', '{':
			stack = append(stack, c)
			d := header + len(stack)
			if d > maxTOMLDepth {
				return line, "frontmatter-too-deep", false
			}
			if c == '{' {
				if work += d; work > maxTOMLWork {
					return line, "frontmatter-too-complex", false
				}
				inKey, dots = true, 0
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) > 0 && stack[len(stack)-1] == '{' {
				inKey, dots = true, 0
			}
		}
	}
	return 0, "", true
}

// skipTOMLString returns the index of the last byte of the string that starts
// at raw[i] (a quote), and the newlines inside it. A one-line string ends at
// the end of its line at the latest (the parser reports it unclosed).
func skipTOMLString(raw []byte, i int) (end, newlines int) {
	q := raw[i]
	if i+2 < len(raw) && raw[i+1] == q && raw[i+2] == q { // multi-line
		for j := i + 3; j < len(raw); j++ {
			switch raw[j] {
			case '\n':
				newlines++
			case '\\':
				if q == '"' && j+1 < len(raw) {
					if raw[j+1] == '\n' {
						newlines++
					}
					j++
				}
			case q:
				if j+2 < len(raw) && raw[j+1] == q && raw[j+2] == q {
					// up to two more quotes belong to the content
					k := j + 3
					for n := 0; n < 2 && k < len(raw) && raw[k] == q; n++ {
						k++
					}
					return k - 1, newlines
				}
			}
		}
		return len(raw) - 1, newlines
	}
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\n':
			return j - 1, 0
		case '\\':
			if q == '"' && j+1 < len(raw) && raw[j+1] != '\n' {
				j++
			}
		case q:
			return j, 0
		}
	}
	return len(raw) - 1, 0
}

// tomlStringLines reports, by line number (1-based; index 0 unused), the lines
// of raw that begin inside a multi-line string: their text is a value, never a
// key or a table header.
func tomlStringLines(raw []byte) []bool {
	inside := make([]bool, bytes.Count(raw, []byte("\n"))+2)
	line := 1
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '\n':
			line++
		case '#':
			if j := bytes.IndexByte(raw[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(raw)
			}
		case '"', '\'':
			end, nl := skipTOMLString(raw, i)
			for k := 1; k <= nl && line+k < len(inside); k++ {
				inside[line+k] = true
			}
			line += nl
			i = end
		}
	}
	return inside
}
