package adopt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// pair is one key of a foreign front matter, in the order written.
type pair struct {
	Key string
	Val *yaml.Node
}

// matter receives what a front-matter format decoded.
type matter struct {
	format string
	pairs  []pair
}

// formats are the front matters read leniently: the delimiters of the
// frontmatter library's defaults (YAML ---/---yaml, TOML +++/---toml, JSON
// ;;;/---json/a bare object), decoded so that the keys keep their order.
func formats() []*frontmatter.Format {
	y := func(data []byte, v any) error { return v.(*matter).yaml(data, "yaml") }
	t := func(data []byte, v any) error { return v.(*matter).toml(data) }
	j := func(data []byte, v any) error { return v.(*matter).json(data) }
	bare := frontmatter.NewFormat("{", "}", j)
	bare.UnmarshalDelims, bare.RequiresNewLine = true, true
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", y),
		frontmatter.NewFormat("---yaml", "---", y),
		frontmatter.NewFormat("+++", "+++", t),
		frontmatter.NewFormat("---toml", "---", t),
		frontmatter.NewFormat(";;;", ";;;", j),
		frontmatter.NewFormat("---json", "---", j),
		bare,
	}
}

// relErr is an error at a line of the front matter's text (1-based, 0 unknown).
type relErr struct {
	line int
	msg  string
}

func (e *relErr) Error() string { return e.msg }

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func (m *matter) yaml(data []byte, format string) error {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		msg := firstLine(err.Error())
		if sm := yamlLine.FindStringSubmatch(msg); sm != nil {
			l, _ := strconv.Atoi(sm[1])
			rest := strings.TrimPrefix(msg, sm[0])
			if strings.HasPrefix(rest, "did not find expected") {
				l++ // yaml.v3 numbers parser errors from 0, scanner errors from 1
			}
			return &relErr{l, rest}
		}
		return &relErr{0, strings.TrimPrefix(msg, "yaml: ")}
	}
	m.format = format
	if n.Kind == 0 { // empty front matter
		return nil
	}
	root := &n
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return errors.New("front matter is not a mapping of key: value")
	}
	budget := maxNodes
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		v, err := plainCopy(root.Content[i+1], &budget, 0)
		if err != nil {
			return &relErr{k.Line, err.Error()}
		}
		m.pairs = append(m.pairs, pair{Key: k.Value, Val: v})
	}
	return nil
}

// Bounds on a foreign front matter's values once aliases are expanded.
const (
	maxNodes = 100000
	maxDepth = 100
)

// plainCopy copies a value with its aliases expanded (a key may be written
// without the one holding the anchor), anchors and local tags dropped, so
// that it can be written under x_source as it was.
func plainCopy(n *yaml.Node, budget *int, depth int) (*yaml.Node, error) {
	for n.Kind == yaml.AliasNode {
		if n.Alias == nil || depth > maxDepth {
			return nil, errors.New("an alias that cannot be resolved")
		}
		n = n.Alias
		depth++
	}
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("more than %d values once aliases are expanded", maxNodes)
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxDepth)
	}
	c := *n
	c.Anchor = ""
	if strings.HasPrefix(c.Tag, "!") && !strings.HasPrefix(c.Tag, "!!") {
		c.Tag = ""
	}
	c.Content = nil
	for _, ch := range n.Content {
		cc, err := plainCopy(ch, budget, depth+1)
		if err != nil {
			return nil, err
		}
		c.Content = append(c.Content, cc)
	}
	return &c, nil
}

func (m *matter) json(data []byte) error {
	if !json.Valid(data) {
		var x any
		err := json.Unmarshal(data, &x)
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset <= int64(len(data)) {
			return &relErr{1 + bytes.Count(data[:se.Offset], []byte("\n")), err.Error()}
		}
		return &relErr{0, err.Error()}
	}
	return m.yaml(data, "json") // JSON is YAML: decoded in order
}

func (m *matter) toml(data []byte) error {
	var v map[string]any
	md, err := toml.Decode(string(data), &v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &relErr{pe.Position.Line, firstLine(pe.Message)}
		}
		return &relErr{0, firstLine(err.Error())}
	}
	m.format = "toml"
	seen := map[string]bool{}
	var order []string
	for _, k := range md.Keys() {
		if len(k) > 0 && !seen[k[0]] {
			seen[k[0]] = true
			order = append(order, k[0])
		}
	}
	for k := range v { // keys the metadata did not list: in a stable order
		if !seen[k] {
			order = append(order, k)
		}
	}
	sort.SliceStable(order[len(seen):], func(i, j int) bool { return order[len(seen)+i] < order[len(seen)+j] })
	for _, k := range order {
		var n yaml.Node
		if err := n.Encode(v[k]); err != nil {
			return err
		}
		m.pairs = append(m.pairs, pair{Key: k, Val: &n})
	}
	return nil
}

// splitMatter reads a Markdown file's front matter leniently. A file whose
// first lines are "key: value" YAML closed by a "---" line without an opening
// one (the strongdm/comply policies) is read as YAML front matter too. format
// is "" when there is none.
func splitMatter(b []byte) (pairs []pair, format string, body []byte, err error) {
	var m matter
	rest, err := frontmatter.Parse(bytes.NewReader(b), &m, formats()...)
	if err != nil {
		return nil, "", nil, positioned(b, err, false)
	}
	if m.format != "" {
		return m.pairs, m.format, rest, nil
	}
	if end := closingOnly(b); end > 0 {
		var c matter
		err := c.yaml(b[:end], "yaml")
		var re *relErr
		if errors.As(err, &re) && re.line > 0 && yamlish(b[:end]) {
			return nil, "", nil, positioned(b, err, true)
		}
		if err == nil && len(c.pairs) > 0 {
			body := b[end:]
			if i := bytes.IndexByte(body, '\n'); i >= 0 {
				body = body[i+1:]
			} else {
				body = nil
			}
			return c.pairs, "yaml-unopened", body, nil
		}
	}
	return nil, "", b, nil
}

// closingOnly returns the offset of a "---" line that closes a front matter
// with no opening fence: every line before it is blank, a comment, a
// "key:" line or an indented/list continuation, and the first is a key.
func closingOnly(b []byte) int {
	off := 0
	sawKey := false
	for off < len(b) {
		end := bytes.IndexByte(b[off:], '\n')
		line := b[off:]
		if end >= 0 {
			line = b[off : off+end]
		}
		t := strings.TrimRight(string(line), " \t\r")
		switch {
		case t == "---":
			if sawKey {
				return off
			}
			return -1
		case strings.TrimSpace(t) == "":
		case strings.HasPrefix(t, "#"): // a comment, or a Markdown heading before any key
			if !sawKey {
				return -1
			}
		case t[0] == ' ' || t[0] == '\t' || strings.HasPrefix(t, "- "):
			if !sawKey {
				return -1
			}
		default:
			i := strings.Index(t, ":")
			if i <= 0 || strings.ContainsAny(t[:i], "[]()<>`*") {
				return -1
			}
			sawKey = true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return -1
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// LineError is an error at a line of a source file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return e.Msg }

// positioned places a front-matter error at its line in the file: the
// front matter starts on the line after its opening fence (on the fence
// itself for a bare JSON object, on line 1 without one).
func positioned(b []byte, err error, unopened bool) error {
	off := 0
	if !unopened {
		lines := strings.Split(string(b), "\n")
		for i, l := range lines {
			if t := strings.TrimSpace(l); t != "" {
				off = i + 1
				if t == "{" {
					off = i
				}
				break
			}
		}
	}
	var re *relErr
	if errors.As(err, &re) {
		line := 0
		if re.line > 0 {
			line = re.line + off
		} else if off > 0 {
			line = off
		}
		return &LineError{Line: line, Msg: "front matter: " + re.msg}
	}
	return &LineError{Line: off, Msg: "front matter: " + firstLine(err.Error())}
}

// yamlish reports whether text before a closing "---" is clearly meant as
// YAML front matter (its first line a "key: value"), so that an error in it
// is reported rather than the file read as having none.
func yamlish(b []byte) bool {
	for _, l := range strings.Split(string(b), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		i := strings.Index(t, ":")
		return i > 0 && !strings.ContainsAny(t[:i], " []()<>`*")
	}
	return false
}
