package load

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	yaml "go.yaml.in/yaml/v3"
)

// newRegister makes an empty register for a schema.
func newRegister(sch *schema.Register, rel, format string) *model.Register {
	return &model.Register{Name: sch.Name, Schema: sch, Path: rel, Format: format, ByID: map[string]*model.Record{}}
}

// newRecord makes an empty record whose values go into arena.
func newRecord(sch *schema.Register, pos model.Pos, arena *model.Arena) *model.Record {
	return &model.Record{Pos: pos, IDPos: pos, Cells: make([]model.Cell, len(sch.Fields)), Arena: arena}
}

// recordSlab hands out records and their cells from blocks, so that a big CSV
// register costs two allocations per block instead of two per row. The cells
// hold no pointer: their blocks are never scanned by the garbage collector.
// Its records share arena (one slab per goroutine).
type recordSlab struct {
	fields int
	arena  *model.Arena
	// rotate starts a new arena every typeChunk records (records typed by
	// typeRegister's workers, which write their chunk's arena).
	rotate bool
	n      int
	want   int // the size of the next block (blockSize when 0): see reserve
	recs   []model.Record
	cells  []model.Cell
}

// blockSize is the number of records a slab allocates at once, unless told
// how many are to come (reserve).
const blockSize = 512

func (s *recordSlab) next(pos model.Pos) *model.Record {
	if s.rotate && s.n%typeChunk == 0 && s.n > 0 {
		s.arena = s.arena.Fork()
	}
	s.n++
	if len(s.recs) == 0 {
		s.alloc(cmp.Or(s.want, blockSize))
		s.want = 0
	}
	rec := &s.recs[0]
	s.recs = s.recs[1:]
	rec.Pos, rec.IDPos = pos, pos
	rec.Cells = s.cells[:s.fields:s.fields]
	rec.Arena = s.arena
	s.cells = s.cells[s.fields:]
	return rec
}

// alloc gives the slab a block of n records; a block of megabytes is
// memory the kernel may back with huge pages (adviseHuge).
func (s *recordSlab) alloc(n int) {
	s.recs = make([]model.Record, n)
	s.cells = make([]model.Cell, n*s.fields)
	adviseHuge(unsafe.Pointer(unsafe.SliceData(s.recs)), uintptr(n)*unsafe.Sizeof(model.Record{}))
	adviseHuge(unsafe.Pointer(unsafe.SliceData(s.cells)), uintptr(len(s.cells))*unsafe.Sizeof(model.Cell{}))
}

// reserve tells the slab that about n more records are to come: its next
// block holds those its current one has no room for. A piece of a large
// register reserves what its first rows tell of the rest: blocks of a fixed
// 32,768 records (53 MB at 63 columns) left each worker's last one half
// unused on average, 48 MB of a model of 100,000 records that the collector
// counted live, and the soft memory limit, which follows the live heap,
// rose by as much.
func (s *recordSlab) reserve(n int) { s.want = max(n-len(s.recs), 0) }

// estimateAfter is the number of rows of a piece read before its slab
// reserves room for the rest, estimated from their size.
const estimateAfter = 256

// restOf estimates how many rows follow in a piece whose first rows took
// done of its bytes and whose rest is left bytes long, with a little to spare
// (records longer than those so far go to blocks of blockSize).
func restOf(rows, done, left int) int {
	if done <= 0 {
		return 0
	}
	est := int(int64(left) * int64(rows) / int64(done))
	return est + est/32 + 16
}

// special handles fields whose YAML value is structured (documents' revision_history and sop).
type special func(f *schema.Field, p kv) (string, bool)

// fillFromMapping fills rec from a YAML mapping node.
func (l *loader) fillFromMapping(reg *model.Register, rec *model.Record, rel string, m *yaml.Node, res *resolver, off int, sp special, unknownCode string) error {
	pairs, err := res.pairs(m)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range pairs {
		line, col := p.line+off, p.col
		f, key, ok := reg.Schema.HeaderField(p.key)
		w := i18n.Where{File: rel, Line: line, Col: col, Register: regName(reg), Record: rec.ID, Field: p.key}
		if !ok {
			txt := ""
			if p.val.Kind == yaml.ScalarNode {
				txt = scalarText(p.val)
			}
			rec.Extra = append(rec.Extra, model.Extra{Key: p.key, Value: txt, Line: int32(line), Col: int32(col)})
			if !(unknownCode == "unknown-front-matter" && ExtensionKey(p.key)) {
				l.rep.Report(unknownCode, w, nil)
			}
			continue
		}
		if seen[key] {
			l.rep.Report("duplicate-key", w, map[string]string{"field": key})
			continue
		}
		seen[key] = true
		vline, vcol := p.val.Line+off, p.val.Column
		if f != nil && sp != nil {
			if raw, handled := sp(f, p); handled {
				rec.Put(f.Index, raw, vline, vcol)
				continue
			}
		}
		var text string
		switch p.val.Kind {
		case yaml.ScalarNode:
			text = scalarText(p.val)
		case yaml.SequenceNode:
			if f == nil || !f.List {
				l.rep.Report("invalid-type", w, map[string]string{"field": key, "found": "list", "expected": "text"})
				continue
			}
			items, err := res.listItems(p.val)
			if err != nil {
				if errors.As(err, new(errAliasLimit)) {
					return err
				}
				l.rep.Report("invalid-type", w, map[string]string{"field": key, "found": err.Error(), "expected": "text"})
				continue
			}
			text = strings.Join(items, "\n")
			if f != nil {
				for _, c := range p.val.Content {
					if c, err := res.deref(c); err == nil && c.Kind == yaml.ScalarNode && scalarText(c) != "" {
						rec.Items = append(rec.Items, model.ItemPos{Field: f.Index, Text: scalarText(c), Line: int32(c.Line + off), Col: int32(c.Column)})
					}
				}
			}
		default:
			exp := "text"
			if f != nil && f.List {
				exp = "list"
			}
			l.rep.Report("invalid-type", w, map[string]string{"field": key, "found": kindName(p.val), "expected": exp})
			continue
		}
		if p.val.Kind == yaml.ScalarNode && reg.Schema.IsNull(text) {
			text = ""
		}
		switch key {
		case "id":
			rec.ID = text
			rec.IDPos = model.Pos{File: rel, Line: vline, Col: vcol}
		case "notes":
			rec.Notes = text
		default:
			rec.Put(f.Index, text, vline, vcol)
		}
	}
	return nil
}

func regName(r *model.Register) string {
	if r.Name == "document" {
		return ""
	}
	return r.Name
}

// loadYAMLRegister reads registers/NAME.yaml: a list of mappings.
func (l *loader) loadYAMLRegister(f file, sch *schema.Register) *model.Register {
	reg := newRegister(sch, f.rel, "yaml")
	b, ok := readText(f, l.rep)
	if !ok {
		return reg
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line, msg := yamlErrLine(err)
		l.rep.Report("yaml-invalid", i18n.Where{File: f.rel, Line: line, Register: sch.Name}, map[string]string{"error": msg})
		return reg
	}
	if len(doc.Content) == 0 {
		l.rep.Report("empty-register", i18n.Where{File: f.rel, Register: sch.Name}, nil)
		return reg
	}
	res := &resolver{}
	if err := res.count(&doc); err != nil {
		l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: 1, Register: sch.Name}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
		return reg
	}
	res.visited = 0
	root, _ := res.deref(doc.Content[0])
	if root.Kind != yaml.SequenceNode {
		l.rep.Report("not-a-list", i18n.Where{File: f.rel, Line: root.Line, Col: root.Column, Register: sch.Name}, nil)
		return reg
	}
	arena := model.NewArena("") // YAML values are not substrings of the file: copied once
	for _, item := range root.Content {
		item, err := res.deref(item)
		if err != nil {
			l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: 1, Register: sch.Name}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
			return reg
		}
		if item.Kind != yaml.MappingNode {
			l.rep.Report("not-a-mapping", i18n.Where{File: f.rel, Line: item.Line, Col: item.Column, Register: sch.Name}, nil)
			continue
		}
		if len(reg.Records) > 0 && len(reg.Records)%typeChunk == 0 {
			arena = arena.Fork() // see ownArena
		}
		rec := newRecord(sch, model.Pos{File: f.rel, Line: item.Line, Col: item.Column}, arena)
		if err := l.fillFromMapping(reg, rec, f.rel, item, res, 0, nil, "unknown-field"); err != nil {
			l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: item.Line, Register: sch.Name}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
			return reg
		}
		reg.Records = append(reg.Records, rec)
	}
	if len(reg.Records) == 0 {
		l.rep.Report("empty-register", i18n.Where{File: f.rel, Register: sch.Name}, nil)
	}
	return reg
}

// loadFolderRegister reads registers/NAME/*.yaml: one record per file (id defaults to the stem).
func (l *loader) loadFolderRegister(dir string, files []file, sch *schema.Register) *model.Register {
	reg := newRegister(sch, dir, "folder")
	arena := model.NewArena("")
	for _, f := range files {
		b, ok := readText(f, l.rep)
		if !ok {
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			line, msg := yamlErrLine(err)
			l.rep.Report("yaml-invalid", i18n.Where{File: f.rel, Line: line, Register: sch.Name}, map[string]string{"error": msg})
			continue
		}
		if len(doc.Content) == 0 {
			l.rep.Report("empty-file", i18n.Where{File: f.rel, Register: sch.Name}, nil)
			continue
		}
		res := &resolver{}
		if err := res.count(&doc); err != nil {
			l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: 1, Register: sch.Name}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
			continue
		}
		res.visited = 0
		root, _ := res.deref(doc.Content[0])
		if root.Kind != yaml.MappingNode {
			l.rep.Report("not-a-mapping", i18n.Where{File: f.rel, Line: root.Line, Col: root.Column, Register: sch.Name}, nil)
			continue
		}
		if len(reg.Records) > 0 && len(reg.Records)%typeChunk == 0 {
			arena = arena.Fork() // see ownArena
		}
		rec := newRecord(sch, model.Pos{File: f.rel, Line: 1, Col: 1}, arena)
		if err := l.fillFromMapping(reg, rec, f.rel, root, res, 0, nil, "unknown-field"); err != nil {
			l.rep.Report("yaml-alias-limit", i18n.Where{File: f.rel, Line: 1, Register: sch.Name}, map[string]string{"limit": strconv.Itoa(aliasBudget)})
			continue
		}
		if rec.ID == "" {
			stem := strings.TrimSuffix(path.Base(f.rel), path.Ext(f.rel))
			rec.ID = stem
			rec.IDPos = model.Pos{File: f.rel, Line: 1, Col: 1}
		}
		reg.Records = append(reg.Records, rec)
	}
	return reg
}

// detectDelimiter picks ',' or ';' from the header line (outside quotes).
func detectDelimiter(line []byte) rune {
	commas, semis := 0, 0
	inQ := false
	for _, c := range line {
		switch c {
		case '"':
			inQ = !inQ
		case ',':
			if !inQ {
				commas++
			}
		case ';':
			if !inQ {
				semis++
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// countingReader counts bytes so that a 5 MB line does not go unnoticed.
type csvColumn struct {
	field *schema.Field
	key   string // id, notes, field key, or "" for ignored
	label string
	kind  colKind // what key says, found once for every row
	index int     // field.Index for colField
}

// colKind is what a CSV column's cells become.
type colKind uint8

const (
	colSkip  colKind = iota // an empty or duplicate header: ignored
	colField                // a cell of the field
	colID                   // the record's id
	colNotes                // the record's notes
	colExtra                // a column the schema does not know: kept as an Extra
)

// setKind sets kind and index from key and field.
func (c *csvColumn) setKind() {
	switch {
	case c.key == "":
		c.kind = colSkip
	case c.key == "id":
		c.kind = colID
	case c.key == "notes":
		c.kind = colNotes
	case c.key[0] == '?':
		c.kind = colExtra
	default:
		c.kind, c.index = colField, c.field.Index
	}
}

// loadCSVRegister streams registers/NAME.csv.
func (l *loader) loadCSVRegister(f file, sch *schema.Register) *model.Register {
	reg := newRegister(sch, f.rel, "csv")
	w0 := i18n.Where{File: f.rel, Register: sch.Name}
	if f.size > MaxCSVSize {
		l.rep.Report("file-too-large", w0, map[string]string{"size": strconv.FormatInt(f.size, 10), "limit": strconv.Itoa(MaxCSVSize)})
		return reg
	}
	data, err := readBounded(f.abs, f.size)
	if err != nil {
		l.rep.Report("file-unreadable", w0, map[string]string{"error": cleanErr(err)})
		return reg
	}
	head := data[:min(len(data), 8000)]
	if bytes.IndexByte(head, 0) >= 0 {
		l.rep.Report("binary-file", w0, nil)
		return reg
	}
	if bytes.HasPrefix(head, bom) {
		data = data[3:]
		head = head[3:]
	}
	if len(bytes.TrimSpace(head)) == 0 {
		l.rep.Report("empty-register", w0, nil)
		return reg
	}
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	reg.Delim = detectDelimiter(first)
	// Well-formed CSV (nearly always) is read by fastCSV, in pieces at the
	// same time, its cells substrings of data; anything else starts over with
	// encoding/csv, so findings of the fast pass are kept apart until it succeeds.
	text := unsafe.String(unsafe.SliceData(data), len(data)) // data is never written again
	var fc diag.Collector
	fl := *l
	fl.rep = l.rep.Sub(&fc)
	freg := newRegister(sch, f.rel, "csv")
	freg.Delim = reg.Delim
	if !l.csvSlow && fl.readCSVFast(text, f, sch, freg) {
		l.rep.C.Merge(&fc)
		return freg
	}
	// Cells are pieces of data split at ASCII bytes: when data is valid UTF-8
	// and has no "\r", so is every cell, and the per-cell checks can be skipped.
	plain := utf8.Valid(data) && bytes.IndexByte(data, '\r') < 0
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = reg.Delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true // rows are not kept, only their strings
	l.readCSV(cr, f, sch, reg, plain)
	l.typeRegister(reg)
	return reg
}

// csvPieceSize is the least size of the pieces a CSV register is read in at
// the same time: below it, starting a reader costs more than it saves.
const csvPieceSize = 256 << 10

// readCSVFast reads a CSV register held in text with fastCSV: the header,
// then the rows in pieces cut at record boundaries (csvPieces), each piece's
// records read and typed by one of GOMAXPROCS workers. The records and
// findings are those of reading text from start to end, then typing every
// record (checked against encoding/csv by the tests). It returns false when
// fastCSV gave up or a piece was not cut at a record boundary: reg is then
// incomplete and its findings are to be dropped.
func (l *loader) readCSVFast(text string, f file, sch *schema.Register, reg *model.Register) bool {
	comma := byte(reg.Delim)
	hr := newFastCSV(text, comma)
	lay, ok := l.csvHeader(hr, f, sch, reg)
	if !ok {
		return false
	}
	if lay == nil {
		return true // the header did not parse: reported
	}
	workers := runtime.GOMAXPROCS(0)
	pieces, minSize := 4*workers, csvPieceSize
	if l.csvPieceSize > 0 {
		pieces, minSize = len(text), l.csvPieceSize
	}
	bounds, lines := csvPieces(text, hr.off, pieces, minSize)
	n := len(bounds) - 1
	recs := make([][]*model.Record, n)
	var failed atomic.Bool
	piece := func(i int, slab *recordSlab, ty *typer) {
		from, to := bounds[i], bounds[i+1]
		r := newFastCSVPiece(text, from, to, lines[i], comma)
		part := text[from:to]
		plain := utf8.ValidString(part) && strings.IndexByte(part, '\r') < 0
		var out []*model.Record
		for rows := 1; !failed.Load(); rows++ {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				failed.Store(true)
				return
			}
			if rows == estimateAfter {
				slab.reserve(restOf(rows, r.off-from, to-r.off))
			}
			if rec := l.csvRecord(lay, r, row, plain, slab); rec != nil {
				l.typeRecord(reg, rec, ty)
				out = append(out, rec)
			}
		}
		if r.off != to {
			failed.Store(true) // a record ran past the cut: not a record boundary
		}
		recs[i] = out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// one per worker: few part-used blocks, and arenas no other
			// goroutine writes, a new one every typeChunk records (an
			// arena knows the stretch of text its cells lie in: the glyph
			// check skips the records of an ASCII stretch)
			slab := recordSlab{fields: len(sch.Fields), arena: model.NewArena(text), rotate: true}
			ty := newTyper(reg)
			ty.memo = &model.Memo{} // this goroutine's
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				piece(i, &slab, ty)
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		return false
	}
	total := 0
	for _, p := range recs {
		total += len(p)
	}
	if total > 0 {
		reg.Records = make([]*model.Record, 0, total)
	}
	for _, p := range recs {
		reg.Records = append(reg.Records, p...)
	}
	l.csvFinish(lay, reg, 0)
	return true
}

// readBounded reads a whole file of at most MaxCSVSize bytes (size is its
// expected size, so that the buffer is allocated once).
func readBounded(abs string, size int64) ([]byte, error) {
	fh, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	buf := make([]byte, 0, min(max(size, 0), MaxCSVSize)+1)
	adviseHuge(unsafe.Pointer(unsafe.SliceData(buf)), uintptr(cap(buf)))
	if size >= parallelRead {
		buf = buf[:readParts(fh, buf[:size])]
	}
	for {
		if len(buf) == cap(buf) {
			if len(buf) > MaxCSVSize {
				return nil, errors.New("file grew beyond the size limit while being read")
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := fh.ReadAt(buf[len(buf):cap(buf)], int64(len(buf)))
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// parallelRead is the size from which a register file is read in parts on
// every core: most of reading a large file is the kernel's zeroing of the
// fresh memory it is read into (a 71 MB register: 150 ms of one core, while
// the other waited), which the cores then share.
var parallelRead int64 = 16 << 20

// readParts reads fh into buf in a part per core at the same time and
// returns how many bytes from the start were read (less than len(buf) when
// the file is shorter now, or a part could not be read: the caller reads on
// from there, and reports an error as a plain read would).
func readParts(fh *os.File, buf []byte) int {
	parts := min(runtime.GOMAXPROCS(0), 8)
	if parts < 2 {
		return 0
	}
	step := (len(buf) + parts - 1) / parts
	got := make([]int, parts)
	var wg sync.WaitGroup
	for k := range parts {
		from, to := min(k*step, len(buf)), min((k+1)*step, len(buf))
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _ := io.ReadFull(io.NewSectionReader(fh, int64(from), int64(to-from)), buf[from:to])
			got[k] = n
		}()
	}
	wg.Wait()
	n := 0
	for k := range parts {
		n += got[k]
		if got[k] < min((k+1)*step, len(buf))-min(k*step, len(buf)) {
			break // a short part: what follows it is read again, in order
		}
	}
	return n
}

// csvLayout is what the header row of a CSV register says: the column of each cell.
type csvLayout struct {
	f       file
	sch     *schema.Register
	cols    []csvColumn
	nHeader int
}

// csvHeader reads the header row of a CSV register from cr, reporting its
// problems, and sets reg.Columns. It returns false when cr is a fastCSV that
// gave up (errNotSimple), and a nil layout when the header did not parse.
func (l *loader) csvHeader(cr csvSource, f file, sch *schema.Register, reg *model.Register) (*csvLayout, bool) {
	header, err := cr.Read()
	if errors.Is(err, errNotSimple) {
		return nil, false
	}
	if err != nil {
		l.reportCSVErr(f.rel, sch.Name, err)
		return nil, true
	}
	lay := &csvLayout{f: f, sch: sch, cols: make([]csvColumn, len(header)), nHeader: len(header)}
	cols := lay.cols
	taken := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.ToValidUTF8(h, "\uFFFD"))
		cols[i].label = h
		_, hcol := cr.FieldPos(i)
		w := i18n.Where{File: f.rel, Line: 1, Col: hcol, Register: sch.Name, Field: h}
		if h == "" {
			l.rep.Report("empty-header", w, map[string]string{"column": strconv.Itoa(i + 1)})
			continue
		}
		fld, key, ok := sch.HeaderField(h)
		if !ok {
			l.rep.Report("unknown-field", w, nil)
			cols[i].key = "?" + h
			continue
		}
		if prev, dup := taken[key]; dup {
			l.rep.Report("duplicate-header", w, map[string]string{"field": key, "column": strconv.Itoa(i+1) + " / " + strconv.Itoa(prev+1)})
			continue
		}
		taken[key] = i
		cols[i].field, cols[i].key = fld, key
		reg.Columns = append(reg.Columns, key)
	}
	for i := range cols {
		cols[i].setKind()
	}
	return lay, true
}

// readCSV reads the header and the rows of a CSV register from cr into reg.
// It returns false when cr is a fastCSV that gave up (errNotSimple).
func (l *loader) readCSV(cr csvSource, f file, sch *schema.Register, reg *model.Register, plain bool) bool {
	lay, ok := l.csvHeader(cr, f, sch, reg)
	if !ok {
		return false
	}
	if lay == nil {
		return true
	}
	errs := 0
	slab := recordSlab{fields: len(sch.Fields), arena: model.NewArena(""), rotate: true} // cr's fields are copied
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errNotSimple) {
			return false
		}
		if err != nil {
			l.reportCSVErr(f.rel, sch.Name, err)
			errs++
			var pe *csv.ParseError
			if errs > 50 || !errors.As(err, &pe) || errors.Is(pe.Err, csv.ErrQuote) && row == nil {
				break
			}
			if row == nil || errors.As(err, &pe) {
				continue // a row that does not parse is reported, not validated field by field
			}
		}
		if rec := l.csvRecord(lay, cr, row, plain, &slab); rec != nil {
			reg.Records = append(reg.Records, rec)
		}
	}
	l.csvFinish(lay, reg, errs)
	return true
}

// csvRecord makes the record of one CSV row (cr has just read it), reporting
// a ragged row and invalid UTF-8; nil for a row of empty cells. plain says
// that the row is valid UTF-8 without "\r".
func (l *loader) csvRecord(lay *csvLayout, cr csvSource, row []string, plain bool, slab *recordSlab) *model.Record {
	f, sch := lay.f, lay.sch
	line, _ := cr.FieldPos(0)
	empty := true
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil
	}
	pos := model.Pos{File: f.rel, Line: line, Col: 1}
	rec := slab.next(pos)
	if len(row) != lay.nHeader {
		l.rep.Report("csv-ragged-row", i18n.Where{File: f.rel, Line: line, Register: sch.Name},
			map[string]string{"got": strconv.Itoa(len(row)), "want": strconv.Itoa(lay.nHeader)})
	}
	// the positions of a fastCSV's fields are read without an interface call a cell
	var fpos []csvPos
	if fr, ok := cr.(*fastCSV); ok {
		fpos = fr.pos
	}
	for i, v := range row {
		if i >= len(lay.cols) {
			break
		}
		c := &lay.cols[i]
		if c.kind == colSkip {
			continue
		}
		// a cell after a multi-line cell starts on a later line than its row
		var line, col int
		if fpos != nil {
			line, col = fpos[i].line, fpos[i].col
		} else {
			line, col = cr.FieldPos(i)
		}
		if !plain {
			if !utf8.ValidString(v) {
				l.rep.Report("invalid-utf8", i18n.Where{File: f.rel, Line: line, Register: sch.Name, Field: c.key}, nil)
				v = strings.ToValidUTF8(v, "\uFFFD")
			}
			if strings.IndexByte(v, '\r') >= 0 {
				v = strings.ReplaceAll(v, "\r\n", "\n")
			}
		}
		// strings.TrimSpace, called only when an end byte may be space
		// (ASCII space is at most ' '; other space starts with a byte >= 0x80)
		if n := len(v); n > 0 && (v[0]-'!' >= 0x7f-'!' || v[n-1]-'!' >= 0x7f-'!') {
			v = strings.TrimSpace(v)
		}
		if sch.IsNull(v) {
			v = ""
		}
		switch c.kind {
		case colField:
			rec.Put(c.index, v, line, col)
		case colID:
			rec.ID = v
			rec.IDPos = model.Pos{File: f.rel, Line: line, Col: col}
		case colNotes:
			rec.Notes = v
		case colExtra:
			if v != "" {
				rec.Extra = append(rec.Extra, model.Extra{Key: c.label, Value: v, Line: int32(line), Col: int32(col)})
			}
		}
	}
	return rec
}

// csvFinish reports what only the whole register shows: no records, or a
// required column the header lacks.
func (l *loader) csvFinish(lay *csvLayout, reg *model.Register, errs int) {
	f, sch := lay.f, lay.sch
	if len(reg.Records) == 0 && errs == 0 {
		l.rep.Report("empty-register", i18n.Where{File: f.rel, Register: sch.Name}, nil)
	}
	// a required column the header lacks is one finding at the header, not
	// one per row (a register with no rows yet lacks nothing)
	if len(reg.Records) > 0 {
		for _, key := range schema.MissingColumns(sch, reg.Columns) {
			l.rep.Report("required-column", i18n.Where{File: f.rel, Line: 1, Col: 1, Register: sch.Name, Field: key}, nil)
		}
	}
}

func (l *loader) reportCSVErr(rel, reg string, err error) {
	var pe *csv.ParseError
	w := i18n.Where{File: rel, Register: reg}
	msg := err.Error()
	if errors.As(err, &pe) {
		w.Line, w.Col = pe.StartLine, pe.Column
		msg = pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrQuote) {
			msg = "tanda kutip tidak ditutup / unclosed or stray quote (" + msg + ")"
		}
	}
	l.rep.Report("csv-invalid", w, map[string]string{"error": msg})
}
