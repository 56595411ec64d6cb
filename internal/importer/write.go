package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	yaml "go.yaml.in/yaml/v3"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// fileOp is one file an import writes or removes.
type fileOp struct {
	rel, abs string
	data     []byte
	remove   bool
	orig     []byte // the target's text before (nil: the target is new)
}

// plan returns the files that rewrite a register in its own format, touching nothing.
func plan(site *model.Site, ch *Change, lang string) ([]fileOp, error) {
	switch ch.old.Format {
	case "yaml":
		return writeYAMLList(site.Root, ch)
	case "folder":
		return writeFolder(site.Root, ch)
	default:
		return writeCSV(site.Root, ch, lang)
	}
}

// newValue is the text to write for a key of an imported record.
func newValue(reg *model.Register, rec *model.Record, key string) string {
	return reg.Value(rec, key)
}

// changedKeys returns, per record id, the keys whose value changed.
func changedKeys(ch *Change) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, c := range ch.Changed {
		m := map[string]bool{}
		for _, f := range c.Fields {
			m[f.Key] = true
		}
		out[c.ID] = m
	}
	return out
}

func removedIDs(ch *Change) map[string]bool {
	out := map[string]bool{}
	for _, r := range ch.Removed {
		out[r.ID] = true
	}
	return out
}

// lineOffsets returns the byte offset of the start of every line (1-based: off[1] = 0).
func lineOffsets(b []byte) []int {
	off := []int{0, 0}
	for i, c := range b {
		if c == '\n' {
			off = append(off, i+1)
		}
	}
	return off
}

func offsetOf(off []int, line, size int) int {
	if line < len(off) {
		return off[line]
	}
	return size
}

// writeCSV rewrites a CSV register: BOM, delimiter, line endings, header and
// column order stay; untouched records keep their bytes; a changed record keeps
// the text of its unchanged cells; new records are appended.
func writeCSV(root string, ch *Change, lang string) ([]fileOp, error) {
	abs, err := absInRoot(root, ch.Path)
	if err != nil {
		return nil, err
	}
	sch := ch.old.Schema
	data, err := os.ReadFile(abs)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	hasBOM := bytes.HasPrefix(data, utf8BOM)
	body := bytes.TrimPrefix(data, utf8BOM)
	delim := ch.old.Delim
	if delim == 0 {
		delim = ','
	}
	crlf := false
	if i := bytes.IndexByte(body, '\n'); i > 0 && body[i-1] == '\r' {
		crlf = true
	}
	var header []string
	rows := map[int][]string{}
	if len(bytes.TrimSpace(body)) > 0 {
		cr := csv.NewReader(bytes.NewReader(body))
		cr.Comma = delim
		cr.FieldsPerRecord = -1
		header, err = cr.Read()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", ch.Path, err)
		}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %v", ch.Path, err)
			}
			line, _ := cr.FieldPos(0)
			rows[line] = row
		}
	}
	colKey := make([]string, len(header))
	taken := map[string]bool{}
	keyStyle := 0
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "id" || h == "notes" || sch.Field(h) != nil {
			keyStyle++
		}
		if _, k, ok := sch.HeaderField(h); ok && !taken[k] {
			colKey[i], taken[k] = k, true
		}
	}
	// fields that get a value but have no column yet
	var add []string
	keys := []string{"id"}
	for _, f := range sch.Fields {
		keys = append(keys, f.Key)
	}
	keys = append(keys, "notes")
	for _, k := range keys {
		if taken[k] {
			continue
		}
		for _, rec := range ch.new.Records {
			if newValue(ch.new, rec, k) != "" {
				add = append(add, k)
				break
			}
		}
	}
	useKeys := len(header) == 0 || keyStyle*2 >= len(header)
	styles := detectStyles(sch, colKey, rows)
	styled := func(rec *model.Record, k string) string {
		return styles[k].Render(sch.Field(k), newValue(ch.new, rec, k))
	}
	var out bytes.Buffer
	if hasBOM {
		out.Write(utf8BOM)
	}
	cw := csv.NewWriter(&out)
	cw.Comma = delim
	cw.UseCRLF = crlf
	off := lineOffsets(body)
	oldRecs := ch.old.Records
	first := len(body)
	if len(oldRecs) > 0 {
		first = offsetOf(off, oldRecs[0].Pos.Line, len(body))
	}
	if len(add) == 0 && len(header) > 0 {
		out.Write(body[:first])
	} else {
		h := append([]string(nil), header...)
		for _, k := range add {
			label := k
			if !useKeys {
				label = headerLabel(sch, k, lang)
			}
			h = append(h, label)
			colKey = append(colKey, k)
		}
		if err := writeRow(cw, h); err != nil {
			return nil, err
		}
	}
	changed := changedKeys(ch)
	removed := removedIDs(ch)
	for i, o := range oldRecs {
		start := offsetOf(off, o.Pos.Line, len(body))
		end := len(body)
		if i+1 < len(oldRecs) {
			end = offsetOf(off, oldRecs[i+1].Pos.Line, len(body))
		}
		if removed[o.ID] {
			continue
		}
		ck, isChanged := changed[o.ID]
		if !isChanged && len(add) == 0 {
			out.Write(body[start:end])
			continue
		}
		row := append([]string(nil), rows[o.Pos.Line]...)
		for len(row) < len(colKey) {
			row = append(row, "")
		}
		rec := recordByID(ch.new, o.ID)
		for j, k := range colKey {
			if k == "" || rec == nil {
				continue
			}
			if ck[k] || (j >= len(header) && !taken[k]) {
				row[j] = styled(rec, k)
			}
		}
		if err := ensureNewline(&out, crlf); err != nil {
			return nil, err
		}
		if err := writeRow(cw, row); err != nil {
			return nil, err
		}
	}
	for _, rec := range ch.Added {
		row := make([]string, len(colKey))
		for j, k := range colKey {
			if k != "" {
				row[j] = styled(rec, k)
			}
		}
		if err := ensureNewline(&out, crlf); err != nil {
			return nil, err
		}
		if err := writeRow(cw, row); err != nil {
			return nil, err
		}
	}
	return []fileOp{{rel: ch.Path, abs: abs, data: out.Bytes(), orig: data}}, nil
}

// writeRow writes one CSV row.
func writeRow(cw *csv.Writer, row []string) error {
	if err := cw.Write(row); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func ensureNewline(out *bytes.Buffer, crlf bool) error {
	b := out.Bytes()
	if len(b) == 0 || b[len(b)-1] == '\n' || bytes.Equal(b, utf8BOM) {
		return nil
	}
	if crlf {
		out.WriteString("\r\n")
	} else {
		out.WriteByte('\n')
	}
	return nil
}

func headerLabel(sch *schema.Register, key, lang string) string {
	switch key {
	case "id":
		return i18n.Label(lang, "id_col")
	case "notes":
		return i18n.Label(lang, "notes")
	}
	if f := sch.Field(key); f != nil {
		return f.Label.In(lang)
	}
	return key
}

func recordByID(reg *model.Register, id string) *model.Record {
	for _, r := range reg.Records {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// writeYAMLList rewrites registers/NAME.yaml: untouched records keep their
// text and comments; a changed record is re-encoded from its node with only
// the changed keys replaced; new records are appended.
func writeYAMLList(root string, ch *Change) ([]fileOp, error) {
	abs, err := absInRoot(root, ch.Path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	hasBOM := bytes.HasPrefix(data, utf8BOM)
	body := bytes.TrimPrefix(data, utf8BOM)
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", ch.Path, err)
	}
	var items []*yaml.Node
	if len(doc.Content) > 0 && doc.Content[0].Kind == yaml.SequenceNode {
		for _, it := range doc.Content[0].Content {
			if it.Kind == yaml.MappingNode {
				items = append(items, it)
			}
		}
	}
	if len(items) != len(ch.old.Records) {
		return nil, errChanged(ch.Path)
	}
	lines := bytes.SplitAfter(body, []byte("\n"))
	blankOrComment := func(l int) bool { // 1-based
		if l < 1 || l > len(lines) {
			return false
		}
		t := bytes.TrimSpace(lines[l-1])
		return len(t) == 0 || t[0] == '#'
	}
	off := lineOffsets(body)
	at := func(l int) int { return offsetOf(off, l, len(body)) }
	n := len(items)
	start := make([]int, n) // first line of the item
	end := make([]int, n)   // line after the item's content
	next := make([]int, n)  // line where the next segment (gap before the next item) starts
	for i, it := range items {
		start[i] = it.Line
	}
	for i := range items {
		limit := len(lines) + 1
		if i+1 < n {
			limit = start[i+1]
			for limit-1 > start[i] && blankOrComment(limit-1) && (i+1 < n) {
				limit--
			}
		}
		next[i] = limit
		e := limit
		for e-1 > start[i] && blankOrComment(e-1) {
			e--
		}
		end[i] = e
	}
	indent := 0
	if n > 0 && items[0].Column > 3 {
		indent = items[0].Column - 3
	}
	changed := changedKeys(ch)
	removed := removedIDs(ch)
	var out bytes.Buffer
	if hasBOM {
		out.Write(utf8BOM)
	}
	if n == 0 {
		out.Write(body)
	} else {
		out.Write(body[:at(start[0])])
	}
	sep := false
	for i, o := range ch.old.Records {
		gapStart := at(start[i])
		if i > 0 {
			gapStart = at(next[i-1])
		}
		for l := 0; i > 0 && l < start[i]-end[i-1]; l++ {
			if len(bytes.TrimSpace(lines[end[i-1]+l-1])) == 0 {
				sep = true
			}
		}
		if removed[o.ID] {
			continue
		}
		if i > 0 {
			out.Write(body[gapStart:at(start[i])])
		}
		ck, isChanged := changed[o.ID]
		if !isChanged {
			out.Write(body[at(start[i]):at(next[i])])
			continue
		}
		rec := recordByID(ch.new, o.ID)
		if b, ok := spliceMapping(body, items[i], at(start[i]), at(end[i]), ch.old.Schema, ch.new, rec, ck); ok {
			out.Write(b)
		} else {
			editMapping(items[i], ch.old.Schema, ch.new, rec, ck)
			enc, err := encodeItem(items[i], indent)
			if err != nil {
				return nil, err
			}
			out.WriteString(enc)
		}
		out.Write(body[at(end[i]):at(next[i])])
	}
	for _, rec := range ch.Added {
		m := newMapping(ch.old.Schema, ch.new, rec)
		enc, err := encodeItem(m, indent)
		if err != nil {
			return nil, err
		}
		b := out.Bytes()
		if len(b) > 0 && b[len(b)-1] != '\n' {
			out.WriteByte('\n')
		}
		if sep {
			out.WriteByte('\n')
		}
		out.WriteString(enc)
	}
	return []fileOp{{rel: ch.Path, abs: abs, data: out.Bytes(), orig: data}}, nil
}

// encodeItem encodes a mapping as one item of a block sequence.
func encodeItem(m *yaml.Node, indent int) (string, error) {
	m.HeadComment, m.FootComment = "", ""
	seq := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{m}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(seq); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	s := buf.String()
	if indent > 0 {
		pad := strings.Repeat(" ", indent)
		var b strings.Builder
		for _, l := range strings.SplitAfter(s, "\n") {
			if strings.TrimSpace(l) != "" {
				b.WriteString(pad)
			}
			b.WriteString(l)
		}
		s = b.String()
	}
	return s, nil
}

// valueNode makes the YAML node of a value of key.
func valueNode(sch *schema.Register, key, v string, old *yaml.Node) *yaml.Node {
	f := sch.Field(key)
	if f != nil && f.List {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if old != nil && old.Kind == yaml.SequenceNode {
			seq.Style = old.Style & yaml.FlowStyle
		}
		for _, it := range model.SplitList(v, f.Type == schema.Ref || f.Type == schema.DocRef) {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: it})
		}
		return seq
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if f != nil {
		switch f.Type {
		case schema.Integer, schema.Number, schema.Boolean:
			n.Tag = ""
		}
	}
	switch {
	case strings.Contains(v, "\n"):
		n.Style = yaml.LiteralStyle
	case old != nil && old.Kind == yaml.ScalarNode && old.Style&yaml.FoldedStyle != 0 && len(v) > 60:
		n.Style = yaml.FoldedStyle
	case old != nil && old.Kind == yaml.ScalarNode && old.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		n.Style = old.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle)
	}
	return n
}

// keyIndex orders keys: id first, schema fields, notes last.
func keyIndex(sch *schema.Register, key string) int {
	switch key {
	case "id":
		return -1
	case "notes":
		return len(sch.Fields)
	}
	if f := sch.Field(key); f != nil {
		return f.Index
	}
	return len(sch.Fields) + 1
}

// editMapping replaces the changed keys of a record's mapping node.
func editMapping(m *yaml.Node, sch *schema.Register, reg *model.Register, rec *model.Record, keys map[string]bool) {
	for _, key := range sorted(keys) {
		v := newValue(reg, rec, key)
		pos := -1
		for i := 0; i+1 < len(m.Content); i += 2 {
			if _, k, ok := sch.HeaderField(m.Content[i].Value); ok && k == key {
				pos = i
				break
			}
		}
		if v == "" {
			if pos >= 0 {
				m.Content = append(m.Content[:pos], m.Content[pos+2:]...)
			}
			continue
		}
		if pos >= 0 {
			m.Content[pos+1] = valueNode(sch, key, v, m.Content[pos+1])
			continue
		}
		ins := 0
		for i := 0; i+1 < len(m.Content); i += 2 {
			if _, k, ok := sch.HeaderField(m.Content[i].Value); ok && keyIndex(sch, k) < keyIndex(sch, key) {
				ins = i + 2
			}
		}
		kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
		m.Content = append(m.Content[:ins], append([]*yaml.Node{kn, valueNode(sch, key, v, nil)}, m.Content[ins:]...)...)
	}
}

// newMapping makes the mapping node of a new record.
func newMapping(sch *schema.Register, reg *model.Register, rec *model.Record) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	keys := []string{"id"}
	for _, f := range sch.Fields {
		keys = append(keys, f.Key)
	}
	keys = append(keys, "notes")
	for _, k := range keys {
		if v := newValue(reg, rec, k); v != "" {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, valueNode(sch, k, v, nil))
		}
	}
	return m
}

var safeID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// writeFolder rewrites registers/NAME/*.yaml: one file per record; only the
// files of changed, added and removed records are touched.
func writeFolder(root string, ch *Change) ([]fileOp, error) {
	var ops []fileOp
	changed := changedKeys(ch)
	for _, o := range ch.old.Records {
		ck, ok := changed[o.ID]
		if !ok {
			continue
		}
		abs, err := absInRoot(root, o.Pos.File)
		if err != nil {
			return nil, err
		}
		data, err := os.ReadFile(abs)
		if err != nil {
			return nil, err
		}
		rec := recordByID(ch.new, o.ID)
		out, err := editDoc(data, o.Pos.File, ch.old.Schema, ch.new, rec, ck)
		if err != nil {
			return nil, err
		}
		ops = append(ops, fileOp{rel: o.Pos.File, abs: abs, data: out, orig: data})
	}
	for _, rec := range ch.Added {
		if !safeID.MatchString(rec.ID) {
			return nil, fmt.Errorf("%s:%d: record id %q cannot be a file name (letters, digits, '.', '_' and '-' only)", rec.Pos.File, rec.Pos.Line, rec.ID)
		}
		rel := path.Join(ch.Path, rec.ID+".yaml")
		abs, err := absInRoot(root, rel)
		if err != nil {
			return nil, err
		}
		if _, err := os.Lstat(abs); err == nil {
			return nil, fmt.Errorf("%s exists already", rel)
		}
		m := newMapping(ch.old.Schema, ch.new, rec)
		out, err := encodeDoc(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}})
		if err != nil {
			return nil, err
		}
		ops = append(ops, fileOp{rel: rel, abs: abs, data: out})
	}
	for _, o := range ch.Removed {
		abs, err := absInRoot(root, o.Pos.File)
		if err != nil {
			return nil, err
		}
		if filepath.Dir(abs) != filepath.Dir(mustAbs(root, path.Join(ch.Path, "x"))) {
			continue
		}
		ops = append(ops, fileOp{rel: o.Pos.File, abs: abs, remove: true})
	}
	return ops, nil
}

func errChanged(rel string) error {
	return fmt.Errorf("%s: the file changed since it was read; run the import again", rel)
}

func mustAbs(root, rel string) string {
	p, _ := absInRoot(root, rel)
	return p
}

func encodeDoc(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// apply writes every file of ops or none: each new text goes to a temporary
// file next to its target first, and only when all of them are written are
// they renamed over their targets (then the removals). A failure before the
// renames leaves every target as it was.
func apply(ops []fileOp) ([]string, error) {
	seen := map[string]bool{}
	for _, op := range ops {
		k := strings.ToLower(op.abs) // one file on case-insensitive disks
		if seen[k] {
			return nil, fmt.Errorf("%s: two records would be written to the same file (nothing written)", op.rel)
		}
		seen[k] = true
	}
	type staged struct {
		tmp string
		op  fileOp
	}
	var done []staged
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
	}
	for _, op := range ops {
		if op.remove {
			continue
		}
		tmp, err := stage(op.abs, op.data)
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("%s: %v (nothing written)", op.rel, err)
		}
		done = append(done, staged{tmp, op})
	}
	// a rename that fails (rare: the folder is the same) puts back what was
	// renamed before it, from the texts read while planning
	undo := func(renamed []staged) {
		for _, r := range renamed {
			if r.op.orig == nil {
				os.Remove(r.op.abs)
			} else if tmp, err := stage(r.op.abs, r.op.orig); err == nil {
				if os.Rename(tmp, r.op.abs) != nil {
					os.Remove(tmp)
				}
			}
		}
	}
	var written []string
	for i, s := range done {
		if err := os.Rename(s.tmp, s.op.abs); err != nil {
			for _, r := range done[i:] {
				os.Remove(r.tmp)
			}
			undo(done[:i])
			return nil, fmt.Errorf("%s: %v (nothing written)", s.op.rel, err)
		}
		written = append(written, s.op.rel)
	}
	for _, op := range ops {
		if !op.remove {
			continue
		}
		if err := os.Remove(op.abs); err != nil {
			return written, fmt.Errorf("%s: %v", op.rel, err)
		}
		written = append(written, op.rel+" (-)")
	}
	return written, nil
}

// stage writes data to a temporary file next to abs, with abs's permissions,
// and returns its path.
func stage(abs string, data []byte) (string, error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(abs); err == nil {
		mode = st.Mode().Perm()
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".smsgen-import-*")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}
