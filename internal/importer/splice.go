package importer

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	yaml "go.yaml.in/yaml/v3"
)

// spliceMapping rewrites only the changed keys of the block mapping m, parsed
// from body: the text of every other key (folded and literal blocks, quoting,
// comments) stays byte for byte. It returns the new text of body[from:to] (the
// mapping's text), or false when the mapping cannot be edited in place (a flow
// mapping, keys sharing a line); the caller then re-encodes it.
func spliceMapping(body []byte, m *yaml.Node, from, to int, sch *schema.Register, reg *model.Register, rec *model.Record, keys map[string]bool) ([]byte, bool) {
	if m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 || len(m.Content) < 2 {
		return nil, false
	}
	off := lineOffsets(body)
	pos := func(line, col int) int { // yaml columns count characters
		p := offsetOf(off, line, len(body))
		for c := 1; c < col && p < len(body) && body[p] != '\n'; c++ {
			_, n := utf8.DecodeRune(body[p:])
			p += n
		}
		return p
	}
	lineStart := func(p int) int { return bytes.LastIndexByte(body[:p], '\n') + 1 }
	keyCol := m.Content[0].Column
	indent := 0 // bytes before the keys on their lines
	n := len(m.Content) / 2
	start := make([]int, n)
	end := make([]int, n)
	for i := 0; i < n; i++ {
		k := m.Content[2*i]
		if k.Column != keyCol || (i > 0 && k.Line <= m.Content[2*i-2].Line) {
			return nil, false
		}
		start[i] = pos(k.Line, k.Column)
		if start[i] < from || start[i] > to {
			return nil, false
		}
		if i == 0 {
			indent = start[i] - lineStart(start[i])
		}
	}
	for i := 0; i < n; i++ {
		e := to
		if i+1 < n {
			e = lineStart(start[i+1])
		}
		// blank lines, comments at the keys' indentation or less and document
		// markers belong to what follows
		for e > start[i] {
			ls := lineStart(max(e-1, 0))
			if ls <= start[i] {
				break
			}
			t := bytes.TrimRight(body[ls:e], "\r\n")
			tt := bytes.TrimLeft(t, " \t")
			marker := len(tt) == len(t) && (string(tt) == "---" || string(tt) == "...")
			if len(tt) == 0 || marker || (tt[0] == '#' && len(t)-len(tt) <= indent) {
				e = ls
				continue
			}
			break
		}
		end[i] = e
	}
	crlf := bytes.Contains(body[from:to], []byte("\r\n"))
	pad := strings.Repeat(" ", indent)
	// the key's own line holds only indentation before it (not "- ")
	ownLine := func(i int) bool {
		return len(bytes.TrimLeft(body[lineStart(start[i]):start[i]], " ")) == 0
	}
	type edit struct {
		at, until int
		text      string
		order     int
	}
	var edits []edit
	for _, key := range sorted(keys) {
		v := newValue(reg, rec, key)
		idx := -1
		for i := 0; i < n; i++ {
			if _, k, ok := sch.HeaderField(m.Content[2*i].Value); ok && k == key {
				idx = i
				break
			}
		}
		switch {
		case idx >= 0 && v == "":
			if !ownLine(idx) {
				return nil, false
			}
			edits = append(edits, edit{at: lineStart(start[idx]), until: end[idx], order: keyIndex(sch, key)})
		case idx >= 0:
			k, old := m.Content[2*idx], m.Content[2*idx+1]
			nv := valueNode(sch, key, v, old)
			nv.LineComment = old.LineComment
			if nv.LineComment == "" {
				nv.LineComment = k.LineComment
			}
			enc, ok := encodeEntry(&yaml.Node{Kind: yaml.ScalarNode, Tag: k.Tag, Style: k.Style, Value: k.Value}, nv, pad, false)
			if !ok {
				return nil, false
			}
			edits = append(edits, edit{at: start[idx], until: end[idx], text: enc, order: keyIndex(sch, key)})
		case v != "":
			after := -1
			for i := 0; i < n; i++ {
				if _, k, ok := sch.HeaderField(m.Content[2*i].Value); ok && keyIndex(sch, k) < keyIndex(sch, key) {
					after = i
				}
			}
			at := 0
			if after >= 0 {
				at = end[after]
			} else if ownLine(0) {
				at = lineStart(start[0])
			} else {
				return nil, false
			}
			enc, ok := encodeEntry(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, valueNode(sch, key, v, nil), pad, true)
			if !ok {
				return nil, false
			}
			if at > 0 && body[at-1] != '\n' { // the last line had no newline
				enc = "\n" + enc
			}
			edits = append(edits, edit{at: at, until: at, text: enc, order: keyIndex(sch, key)})
		}
	}
	sort.SliceStable(edits, func(a, b int) bool {
		if edits[a].at != edits[b].at {
			return edits[a].at < edits[b].at
		}
		if (edits[a].until == edits[a].at) != (edits[b].until == edits[b].at) {
			return edits[a].until > edits[a].at // the replacement before an insertion at its end
		}
		return edits[a].order < edits[b].order
	})
	var out bytes.Buffer
	cur := from
	for _, e := range edits {
		if e.at < cur {
			return nil, false
		}
		out.Write(body[cur:e.at])
		text := e.text
		if e.until > e.at && !bytes.HasSuffix(body[e.at:e.until], []byte("\n")) {
			text = strings.TrimSuffix(text, "\n")
		}
		if crlf {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		out.WriteString(text)
		cur = e.until
	}
	out.Write(body[cur:to])
	return out.Bytes(), true
}

// encodeEntry encodes one key: value entry of a block mapping; lines after
// the first (and the first too when first is set) get pad before them.
func encodeEntry(k, v *yaml.Node, pad string, first bool) (string, bool) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{k, v}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return "", false
	}
	if err := enc.Close(); err != nil {
		return "", false
	}
	var b strings.Builder
	for i, l := range strings.SplitAfter(buf.String(), "\n") {
		if l == "" {
			continue
		}
		if (i > 0 || first) && strings.TrimSpace(l) != "" {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	return b.String(), true
}

// editDoc rewrites the changed keys of a one-record YAML file, in place when
// it can (see spliceMapping), else by re-encoding the record's mapping.
func editDoc(data []byte, rel string, sch *schema.Register, reg *model.Register, rec *model.Record, keys map[string]bool) ([]byte, error) {
	hasBOM := bytes.HasPrefix(data, utf8BOM)
	body := bytes.TrimPrefix(data, utf8BOM)
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errChanged(rel)
	}
	var out []byte
	if b, ok := spliceMapping(body, doc.Content[0], 0, len(body), sch, reg, rec, keys); ok {
		out = b
	} else {
		editMapping(doc.Content[0], sch, reg, rec, keys)
		b, err := encodeDoc(&doc)
		if err != nil {
			return nil, err
		}
		out = b
	}
	if hasBOM {
		out = append(append([]byte(nil), utf8BOM...), out...)
	}
	return out, nil
}
