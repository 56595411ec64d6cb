package load

import (
	"fmt"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// aliasBudget bounds the nodes visited while expanding YAML aliases (billion-laughs defence).
const aliasBudget = 100000

type errAliasLimit struct{}

func (errAliasLimit) Error() string { return "alias expansion limit" }

// resolver follows aliases with a budget.
type resolver struct{ visited int }

func (r *resolver) deref(n *yaml.Node) (*yaml.Node, error) {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 100 {
			return nil, errAliasLimit{}
		}
		n = n.Alias
	}
	r.visited++
	if r.visited > aliasBudget {
		return nil, errAliasLimit{}
	}
	return n, nil
}

// count walks a node tree (following aliases) so that an alias bomb is caught before use.
func (r *resolver) count(n *yaml.Node) error {
	n, err := r.deref(n)
	if err != nil || n == nil {
		return err
	}
	for _, c := range n.Content {
		if err := r.count(c); err != nil {
			return err
		}
	}
	return nil
}

// scalarText returns the literal text of a scalar ("" for null), keeping what
// was written (1.10 stays "1.10").
func scalarText(n *yaml.Node) string {
	if n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// listItems returns the texts of a sequence of scalars.
func (r *resolver) listItems(n *yaml.Node) ([]string, error) {
	var out []string
	for _, c := range n.Content {
		c, err := r.deref(c)
		if err != nil {
			return nil, err
		}
		if c.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s", kindName(c))
		}
		if s := scalarText(c); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "node"
}

// kv is one key/value pair of a mapping, aliases resolved.
type kv struct {
	key  string
	kn   *yaml.Node
	val  *yaml.Node
	line int
	col  int
}

func (r *resolver) pairs(m *yaml.Node) ([]kv, error) {
	out := make([]kv, 0, len(m.Content)/2) // grown only by merge keys
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, err := r.deref(m.Content[i])
		if err != nil {
			return nil, err
		}
		v, err := r.deref(m.Content[i+1])
		if err != nil {
			return nil, err
		}
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			// merge key: splice the merged mapping(s) in
			var srcs []*yaml.Node
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			} else {
				srcs = []*yaml.Node{v}
			}
			for _, s := range srcs {
				s, err := r.deref(s)
				if err != nil {
					return nil, err
				}
				if s.Kind == yaml.MappingNode {
					sub, err := r.pairs(s)
					if err != nil {
						return nil, err
					}
					out = append(out, sub...)
				}
			}
			continue
		}
		out = append(out, kv{key: strings.TrimSpace(k.Value), kn: k, val: v, line: k.Line, col: k.Column})
	}
	return out, nil
}

// yamlErrLine extracts "line N" from a yaml error message.
func yamlErrLine(err error) (int, string) {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	if i := strings.Index(msg, "line "); i >= 0 {
		j := i + 5
		k := j
		for k < len(msg) && msg[k] >= '0' && msg[k] <= '9' {
			k++
		}
		if n, err := strconv.Atoi(msg[j:k]); err == nil {
			rest := strings.TrimLeft(msg[k:], ": ")
			// yaml.v3 numbers a parser error ("did not find expected …") by the
			// 0-based line of the construct it was parsing; scanner errors are 1-based.
			if strings.HasPrefix(rest, "did not find expected") {
				n++
			}
			return n, rest
		}
	}
	return 0, msg
}
