package adopt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
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

func (m *matter) yaml(data []byte, format string) error {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return err
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
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		m.pairs = append(m.pairs, pair{Key: k.Value, Val: v})
	}
	return nil
}

func (m *matter) json(data []byte) error {
	if !json.Valid(data) {
		var x any
		err := json.Unmarshal(data, &x)
		return err
	}
	return m.yaml(data, "json") // JSON is YAML: decoded in order
}

func (m *matter) toml(data []byte) error {
	var v map[string]any
	md, err := toml.Decode(string(data), &v)
	if err != nil {
		return err
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
		return nil, "", nil, fmt.Errorf("front matter: %s", firstLine(err.Error()))
	}
	if m.format != "" {
		return m.pairs, m.format, rest, nil
	}
	if end := closingOnly(b); end > 0 {
		var c matter
		if err := c.yaml(b[:end], "yaml"); err == nil && len(c.pairs) > 0 {
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
