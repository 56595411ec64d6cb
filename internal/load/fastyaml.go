package load

import (
	"bytes"
	"sync"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// parseYAML parses YAML front matter into its root node. The front matter of
// nearly every document is a plain block mapping of one-line values, flow
// lists and block lists (of scalars or of one-line mappings); fastYAML reads
// that shape directly, several times faster than yaml.v3, and anything else
// goes to yaml.v3. The nodes carry what the loader reads (Kind, Value, Line,
// Column, Content, the null tag), as yaml.v3 gives them (FuzzFastYAML and
// TestFastYAMLMatches hold it to that).
func parseYAML(raw []byte) (*yaml.Node, error) {
	return parseYAMLWith(raw, nil)
}

// parseYAMLWith is parseYAML taking the nodes of fastYAML from bufs (see
// fyBufs), nil for new ones.
func parseYAMLWith(raw []byte, bufs *fyBufs) (*yaml.Node, error) {
	if n, ok := fastYAMLWith(raw, bufs); ok {
		return n, nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(raw, &n); err != nil {
		return nil, err
	}
	if len(n.Content) > 0 {
		return n.Content[0], nil
	}
	return nil, nil
}

// fyLine is one line of the source: its text without the newline, its
// 1-based number and its indentation.
type fyLine struct {
	text   []byte
	num    int
	indent int
}

type fastParser struct {
	lines []fyLine
	pos   int
	// src is the front matter and str the same as a string: every key and
	// value is a substring of str, not a string of its own
	src []byte
	str string
	// the nodes are taken from slabs, the children of each node from kids
	// (built on stack, then copied out at their exact length)
	slab  []yaml.Node
	kids  []*yaml.Node
	stack []*yaml.Node
}

// text returns b, a part of p.src, as a substring of p.str.
func (p *fastParser) text(b []byte) string {
	off := cap(p.src) - cap(b) // b shares p.src's array: its offset is what its capacity lacks
	return p.str[off : off+len(b)]
}

// node returns a new node holding n.
func (p *fastParser) node(n yaml.Node) *yaml.Node {
	if len(p.slab) == cap(p.slab) { // more nodes than fastYAML counted: not expected, but never an error
		p.slab = make([]yaml.Node, 0, 16)
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

// children returns the nodes pushed on the stack since start, as the
// Content of their parent, and pops them.
func (p *fastParser) children(start int) []*yaml.Node {
	n := len(p.stack) - start
	if n == 0 {
		return nil
	}
	if cap(p.kids)-len(p.kids) < n {
		p.kids = make([]*yaml.Node, 0, max(n, 2*len(p.lines)))
	}
	k := len(p.kids)
	p.kids = append(p.kids, p.stack[start:]...)
	p.stack = p.stack[:start]
	return p.kids[k : k+n : k+n] // an append by a reader never runs into the next node's
}

// fyBufs are the slices fastYAML builds a tree in, kept from one front
// matter to the next (fyPool) once the loader has read the tree into the
// model, which keeps no node: most of a document's garbage otherwise.
type fyBufs struct {
	lines []fyLine
	slab  []yaml.Node
	kids  []*yaml.Node
	stack []*yaml.Node
}

var fyPool = sync.Pool{New: func() any { return new(fyBufs) }}

// fastYAML parses src when it is in the simple subset; ok is false otherwise.
func fastYAML(src []byte) (root *yaml.Node, ok bool) {
	return fastYAMLWith(src, nil)
}

// fastYAMLWith is fastYAML building the tree in bufs (nil: new slices); the
// tree lives until bufs is used again.
func fastYAMLWith(src []byte, bufs *fyBufs) (root *yaml.Node, ok bool) {
	if len(src) > 64<<10 || !printable(src) {
		return nil, false
	}
	if bufs == nil {
		bufs = new(fyBufs)
	}
	p := &fastParser{src: src, lines: grown(bufs.lines, bytes.Count(src, []byte{'\n'})+1)}
	defer func() { bufs.lines = p.lines[:0] }()
	num, nodes := 0, 1 // nodes: the root mapping and at least as many as the lines will make
	for len(src) > 0 {
		num++
		var line []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, nil
		}
		ind := 0
		for ind < len(line) && line[ind] == ' ' {
			ind++
		}
		rest := line[ind:]
		if len(rest) == 0 {
			continue // blank line
		}
		colon, flow := false, 0
		for _, c := range line {
			// tabs, comments, directives, anchors, tags, block scalars, flow
			// mappings, control characters: leave them to yaml.v3
			if c == '\t' || c == '#' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '{' || c == '}' ||
				c == '%' || c == '@' || c == '`' || c == '\\' || c == '\r' || c < 0x20 || c == 0x7f {
				return nil, false
			}
			switch c {
			case ':':
				colon = true
			case '[', ',':
				flow++
			}
		}
		// a key and its value; an item; an item's mapping, key and value; the items of a flow list
		switch {
		case !isItem(rest):
			nodes += 2
		case colon:
			nodes += 3
		default:
			nodes++
		}
		nodes += flow
		if line[0] == '-' && (bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))) {
			return nil, false
		}
		p.lines = append(p.lines, fyLine{text: line, num: num, indent: ind})
	}
	if len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, false
	}
	p.str = string(p.src)
	p.slab = grown(bufs.slab, nodes)
	p.kids = grown(bufs.kids, nodes) // every node but the root is a child
	p.stack = grown(bufs.stack, 32)
	bufs.slab, bufs.kids, bufs.stack = p.slab, p.kids, p.stack // only these: a slab made when they ran out is not reused
	m, ok := p.mapping(0)
	if !ok || p.pos != len(p.lines) {
		return nil, false
	}
	return m, true
}

// grown returns s emptied, with room for n elements (a new slice when it has not).
func grown[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// mapping parses a block mapping whose keys are at column ind+1, starting at
// the current line (whose key may start after a "- " at ind).
func (p *fastParser) mapping(ind int) (*yaml.Node, bool) {
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
	first := true
	start0 := len(p.stack)
	defer func() { m.Content = p.children(start0) }()
	for p.pos < len(p.lines) {
		ln := p.lines[p.pos]
		start := ind
		if first {
			// the first key may follow "- " on the line of a sequence item
			if ln.indent != ind && !(ln.indent < ind && itemAt(ln, ind)) {
				return nil, false
			}
		} else if ln.indent != ind {
			if ln.indent > ind {
				return nil, false
			}
			break // the mapping ended
		}
		text := ln.text[start:]
		k := keyLen(text)
		if k == 0 {
			return nil, false
		}
		key := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p.text(text[:k]), Line: ln.num, Column: start + 1})
		if first {
			m.Line, m.Column = key.Line, key.Column
			first = false
		}
		rest := text[k+1:] // after the colon
		p.pos++
		var val *yaml.Node
		if len(bytes.TrimLeft(rest, " ")) == 0 {
			// the value is a block on the next lines, or null
			if p.pos < len(p.lines) && p.lines[p.pos].indent > ind {
				next := p.lines[p.pos]
				if isItem(next.text[next.indent:]) {
					v, ok := p.sequence(next.indent)
					if !ok {
						return nil, false
					}
					val = v
				} else {
					v, ok := p.mapping(next.indent)
					if !ok {
						return nil, false
					}
					val = v
				}
			} else if p.pos < len(p.lines) && p.lines[p.pos].indent == ind && isItem(p.lines[p.pos].text[ind:]) {
				v, ok := p.sequence(ind) // "key:" then "- item" at the key's indentation
				if !ok {
					return nil, false
				}
				val = v
			} else {
				val = p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: ln.num, Column: start + k + 2})
			}
		} else {
			if rest[0] != ' ' {
				return nil, false
			}
			col := start + k + 2
			for len(rest) > 0 && rest[0] == ' ' {
				rest, col = rest[1:], col+1
			}
			v, ok := p.inlineValue(rest, ln.num, col)
			if !ok {
				return nil, false
			}
			val = v
			// a more indented line after a one-line value would continue it
			if p.pos < len(p.lines) && p.lines[p.pos].indent > ind {
				return nil, false
			}
		}
		p.stack = append(p.stack, key, val)
	}
	return m, true
}

// sequence parses a block sequence whose dashes are at column ind+1.
func (p *fastParser) sequence(ind int) (*yaml.Node, bool) {
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"})
	start0 := len(p.stack)
	defer func() { s.Content = p.children(start0) }()
	for p.pos < len(p.lines) {
		ln := p.lines[p.pos]
		if ln.indent != ind || !isItem(ln.text[ind:]) {
			if ln.indent > ind {
				return nil, false
			}
			break
		}
		if len(p.stack) == start0 {
			s.Line, s.Column = ln.num, ind+1
		}
		text := ln.text[ind+2:]
		if len(text) == 0 || text[0] == ' ' || text[0] == '-' || text[0] == '[' {
			return nil, false // nested or indented item: not handled here
		}
		if k := keyLen(text); k > 0 {
			// a mapping starting on the item's line: its keys are at ind+2
			v, ok := p.mapping(ind + 2)
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, v)
			continue
		}
		v, ok := p.scalar(text, ln.num, ind+3, false)
		if !ok {
			return nil, false
		}
		p.pos++
		if p.pos < len(p.lines) && p.lines[p.pos].indent > ind {
			return nil, false // a continued scalar
		}
		p.stack = append(p.stack, v)
	}
	return s, true
}

// itemAt reports whether ln is a sequence item whose content starts at column ind+1.
func itemAt(ln fyLine, ind int) bool {
	return ln.indent+2 == ind && isItem(ln.text[ln.indent:])
}

func isItem(t []byte) bool { return len(t) >= 2 && t[0] == '-' && t[1] == ' ' }

// keyLen returns the length of a simple key followed by ':' and a space or
// the end of the line, 0 when text does not start with one.
func keyLen(text []byte) int {
	i := 0
	for i < len(text) {
		c := text[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || (c == '-' && i > 0) {
			i++
			continue
		}
		break
	}
	// (YAML allows an implicit key of at most 1024 characters)
	if i == 0 || i > 128 || i >= len(text) || text[i] != ':' || (i+1 < len(text) && text[i+1] != ' ') {
		return 0
	}
	return i
}

// inlineValue parses the value after "key: ": a flow sequence or a scalar.
func (p *fastParser) inlineValue(t []byte, line, col int) (*yaml.Node, bool) {
	if t[0] == '[' {
		return p.flowSeq(t, line, col)
	}
	return p.scalar(t, line, col, false)
}

// flowSeq parses "[a, "b", 'c']" (scalars only) filling the rest of the line.
func (p *fastParser) flowSeq(t []byte, line, col int) (*yaml.Node, bool) {
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col})
	start0 := len(p.stack)
	defer func() { s.Content = p.children(start0) }()
	i := 1
	skip := func() {
		for i < len(t) && t[i] == ' ' {
			i++
		}
	}
	skip()
	if i < len(t) && t[i] == ']' {
		i++
	} else {
		for {
			skip()
			if i >= len(t) {
				return nil, false
			}
			// the item runs to the next ',' or ']' (quoted items to their closing quote)
			end := i
			switch t[i] {
			case '"', '\'':
				q := t[i]
				end = i + 1
				for end < len(t) && t[end] != q {
					end++
				}
				if end >= len(t) || (q == '\'' && end+1 < len(t) && t[end+1] == '\'') {
					return nil, false
				}
				end++
			default:
				for end < len(t) && t[end] != ',' && t[end] != ']' {
					end++
				}
			}
			item := bytes.TrimRight(t[i:end], " ")
			if len(item) == 0 {
				return nil, false
			}
			v, ok := p.scalar(item, line, col+utf8.RuneCount(t[:i]), true) // columns count characters, as yaml.v3's
			if !ok {
				return nil, false
			}
			p.stack = append(p.stack, v)
			i = end
			skip()
			if i >= len(t) {
				return nil, false
			}
			if t[i] == ']' {
				i++
				break
			}
			if t[i] != ',' {
				return nil, false
			}
			i++
		}
	}
	if len(bytes.TrimRight(t[i:], " ")) != 0 {
		return nil, false
	}
	return s, true
}

// scalar parses a one-line scalar filling t: double- or single-quoted
// (without escapes or doubled quotes), or plain. flow is true inside a flow
// sequence.
func (p *fastParser) scalar(t []byte, line, col int, flow bool) (*yaml.Node, bool) {
	n := yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: col}
	switch t[0] {
	case '"':
		end := bytes.IndexByte(t[1:], '"')
		if end < 0 || len(bytes.TrimRight(t[end+2:], " ")) != 0 {
			return nil, false
		}
		n.Value, n.Tag, n.Style = p.text(t[1:end+1]), "!!str", yaml.DoubleQuotedStyle
		return p.node(n), true
	case '\'':
		end := bytes.IndexByte(t[1:], '\'')
		if end < 0 || len(bytes.TrimRight(t[end+2:], " ")) != 0 {
			return nil, false // also a doubled quote ('') inside
		}
		n.Value, n.Tag, n.Style = p.text(t[1:end+1]), "!!str", yaml.SingleQuotedStyle
		return p.node(n), true
	}
	// plain: no indicator first, no ": " or " #" inside, nothing flow-like
	switch t[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '"', '\'':
		return nil, false
	}
	v := bytes.TrimRight(t, " ")
	if bytes.Contains(v, []byte(": ")) || v[len(v)-1] == ':' || bytes.ContainsAny(v, `"'`) {
		return nil, false
	}
	if flow {
		// in a flow list, plain items only of letters, digits and . _ / - and spaces
		for _, c := range v {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' ||
				c == '/' || c == '-' || c == ' ' || c >= utf8.RuneSelf) {
				return nil, false
			}
		}
	}
	n.Value = p.text(v)
	switch n.Value {
	case "~", "null", "Null", "NULL":
		n.Tag = "!!null"
	default:
		n.Tag = "!!str" // the loader reads only the text; yaml.v3 may tag it !!int, !!bool, …
	}
	return p.node(n), true
}

// printable reports whether src is valid UTF-8 of characters that YAML
// allows, none of them a line break other than '\n' (U+0085, U+2028 and
// U+2029 break lines in YAML) and no byte-order mark.
func printable(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF ||
			(r >= 0xD800 && r < 0xE000) || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}
