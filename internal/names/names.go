// Package names allocates the file name of every output file of a build:
// the HTML pages of documents, registers and records, the PDFs of documents,
// registers and RFC forms, and the Excel workbooks. It is computed once per
// build from the (restricted) model, before any renderer runs, and every
// renderer reads its names from it, so the HTML links, the PDF file names
// and the workbook names agree by construction.
//
// A name (a file stem, without the extension) is:
//
//   - safe on every file system: only ASCII letters, digits, '-', '_' and
//     '.', never starting or ending with '.', at most MaxBytes bytes, and
//     never a name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9,
//     with or without an extension);
//   - unique in its folder, also when compared case-insensitively (hence
//     also after Unicode normalisation: names are ASCII);
//   - stable: an id that is already such a name is its own name; any other
//     id (A/B, RFC:2026:001, CON, Café, a 200-character id) gets the safe
//     form of itself plus "-" and eight hex digits of a hash of the id, so
//     its name depends on nothing but the id. Only when two ids still meet
//     (ids differing in case only, or a hash collision) does the order of
//     the ids decide, and then by the ids' bytes, never by the order of
//     files or of the build.
//
// Allocate is a pure function of the model.
package names

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/smsgen/smsgen/internal/model"
)

// MaxBytes bounds the length of a name (stem) in bytes: an id longer than
// that is cut to maxBase bytes before its hash suffix, which leaves room for
// the longer suffix of a clash ("-" + 16 hex digits + "-" + a counter).
const (
	MaxBytes = 80
	maxBase  = 56
	hashLen  = 8
	longHash = 16
)

// Names holds the file stem of every output file of a build.
//
// Where the stems are used:
//
//	site/docs/DOC.html          pdf/docs/DOC.pdf
//	site/registers/REG/index.html, site/registers/REG/REC.html
//	pdf/registers/REG.pdf       pdf/forms/REG/REC.pdf       xlsx/REG.xlsx
//	pdf/registers/volumes/REG-2.pdf … (the further volumes of a large register)
//
// The HTML page of a record is its own page, REC.html, in a register of at
// most Options.GroupAbove records; in a larger register the records are
// grouped on chunk pages (records-1.html, records-2.html … in the register's
// folder), each holding the records of ChunkSize consecutive rows, every
// record an anchor "rec-" + its stem there (see RecordHTML).
type Names struct {
	Docs      map[string]string            // doc id -> stem (the first document with that id)
	Registers map[string]string            // register name -> stem
	Records   map[string]map[string]string // register name -> record id -> stem (the first record with that id)
	// Groups holds the chunk pages of every register whose records are
	// grouped (absent: one page per record).
	Groups map[string]*Group
	byPath map[string]string // document path -> stem, every document (also one with a duplicate id)
}

// Group is the chunk pages of the records of one large register.
type Group struct {
	// Size is the number of rows (positions in the register) of one chunk page.
	Size int
	// Pages are the stems of the chunk pages: Pages[k] holds the records of
	// the rows k*Size … (k+1)*Size-1; "" when those rows hold no record with
	// a page of its own (an empty id or a repeated one).
	Pages []string
	// chunk: record id -> index of its chunk page (the row of its first record)
	chunk map[string]int32
	// stems: the stem of the record at each position of the register when
	// it is the first with its id (else ""), so that the pages, which go
	// through the records in order, find a record's names by its position
	// (see RecordHTMLAt): the lookups by id in maps of 1,000,000 records
	// missed the cache, 5 of the 110 CPU-s of a build of that size.
	stems []string
}

// Default grouping of record pages. A register of more than GroupAbove
// records (one table page: see the HTML renderer's RowsPerPage) has its
// records on chunk pages of ChunkSize rows, four to a table page: a
// 100,000-row register then makes 400 pages of about 250 records instead of
// 100,000 files, while the registers of a usual site (services, changes,
// risks, contacts …, all below a thousand records) keep a page per record,
// whose address does not move when records are added.
const (
	GroupAbove = 1000
	ChunkSize  = 250
)

// Options tune the allocation (tests lower the threshold of grouping).
type Options struct {
	// GroupAbove: registers of more records than this are grouped (0: the default).
	GroupAbove int
	// ChunkSize: rows of one chunk page (0: the default).
	ChunkSize int
}

// chunkPrefix starts the stem of a chunk page; AnchorPrefix starts the anchor
// of a record on its chunk page (no other id of a chunk page starts with it).
const (
	chunkPrefix  = "records-"
	AnchorPrefix = "rec-"
)

// Reserved names of a folder besides those Windows reserves: the register
// pages (index.html, index-2.html …) share the folder of the record pages,
// and the combined workbook (xlsx/registers.xlsx) shares the folder of the
// register workbooks.
const workbook = "registers"

// reservedRecord: index, index-2, index-10 … (the pages of a register).
func reservedRecord(lower string) bool {
	rest, ok := strings.CutPrefix(lower, "index")
	if !ok || rest == "" {
		return ok
	}
	if rest[0] != '-' || len(rest) == 1 {
		return false
	}
	for i := 1; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return false
		}
	}
	return true
}

func reservedRegister(lower string) bool { return lower == workbook }

// Allocate gives every document, register and record of site its name,
// with the default grouping of record pages.
func Allocate(site *model.Site) *Names { return AllocateWith(site, Options{}) }

// AllocateWith is Allocate with opts.
func AllocateWith(site *model.Site, opts Options) *Names {
	if opts.GroupAbove <= 0 {
		opts.GroupAbove = GroupAbove
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = ChunkSize
	}
	n := &Names{Docs: map[string]string{}, Registers: map[string]string{},
		Records: map[string]map[string]string{}, Groups: map[string]*Group{}, byPath: map[string]string{}}
	if site == nil {
		return n
	}
	// documents: a second document with an id already taken is named after
	// its id and path, so that even then no page overwrites another
	var docs []source
	first := map[string]*model.Document{}
	for _, d := range site.Documents {
		key := d.DocID
		if f, ok := first[d.DocID]; ok && f != d {
			key = d.DocID + "\x00" + d.Path
		} else {
			first[d.DocID] = d
		}
		docs = append(docs, source{id: d.DocID, key: key})
	}
	docNames := allocate(docs, nil)
	for i, d := range site.Documents {
		n.byPath[d.Path] = docNames[i]
		if first[d.DocID] == d {
			n.Docs[d.DocID] = docNames[i]
		}
	}

	regNames := site.RegisterNames()
	var regs []source
	for _, name := range regNames {
		regs = append(regs, source{id: name, key: name})
	}
	for i, s := range allocate(regs, reservedRegister) {
		n.Registers[regNames[i]] = s
	}
	for _, name := range regNames {
		reg := site.Registers[name]
		recs := make([]source, 0, len(reg.Records))
		ids := make([]string, 0, len(reg.Records))
		seen := make(map[string]bool, len(reg.Records))
		for _, rec := range reg.Records {
			if seen[rec.ID] {
				continue
			}
			seen[rec.ID] = true
			recs = append(recs, source{id: rec.ID, key: rec.ID})
			ids = append(ids, rec.ID)
		}
		m := make(map[string]string, len(ids))
		for i, s := range allocate(recs, reservedRecord) {
			m[ids[i]] = s
		}
		n.Records[name] = m
		if len(reg.Records) > opts.GroupAbove {
			n.Groups[name] = group(reg, opts.ChunkSize, m)
		}
	}
	return n
}

// group puts the records of reg on chunk pages of size rows each: a record
// is on the page of the row of its first record with its id; records with
// an empty id have no page (as they have none in a small register).
func group(reg *model.Register, size int, stems map[string]string) *Group {
	g := &Group{Size: size, Pages: make([]string, (len(reg.Records)+size-1)/size),
		chunk: make(map[string]int32, len(reg.Records)), stems: make([]string, len(reg.Records))}
	for i, rec := range reg.Records {
		if _, dup := g.chunk[rec.ID]; dup || rec.ID == "" {
			continue
		}
		k := i / size
		g.chunk[rec.ID] = int32(k)
		g.Pages[k] = chunkPrefix + strconv.Itoa(k+1)
		g.stems[i] = stems[rec.ID]
	}
	return g
}

// first returns the stem of the record at position i of a grouped register
// when it is the first with its id (id, which the caller passes to be
// checked against nothing else, is that record's).
func (g *Group) first(i int) (string, bool) {
	if g == nil || i < 0 || i >= len(g.stems) || g.stems[i] == "" {
		return "", false
	}
	return g.stems[i], true
}

// RecordHTMLAt is RecordHTML of the record at position i of the register
// reg, whose id is id: by its position when the register is grouped and
// the record is the first with its id, else by its id.
func (n *Names) RecordHTMLAt(reg string, i int, id string) (string, bool) {
	g := n.Groups[reg]
	if stem, ok := g.first(i); ok && id != "" {
		return "registers/" + n.Registers[reg] + "/" + g.Pages[i/g.Size] + ".html#" + AnchorPrefix + stem, true
	}
	return n.RecordHTML(reg, id)
}

// ChunkAt is Chunk of the record at position i of reg, whose id is id.
func (n *Names) ChunkAt(reg string, i int, id string) int {
	g := n.Groups[reg]
	if _, ok := g.first(i); ok && id != "" {
		return i / g.Size
	}
	return n.Chunk(reg, id)
}

// RecordAnchorAt is RecordAnchor of the record at position i of reg, whose id is id.
func (n *Names) RecordAnchorAt(reg string, i int, id string) string {
	if stem, ok := n.Groups[reg].first(i); ok && id != "" {
		return AnchorPrefix + stem
	}
	return n.RecordAnchor(reg, id)
}

// Doc returns the stem of the document with doc id id ("" when no document has it).
func (n *Names) Doc(id string) string { return n.Docs[id] }

// Document returns the stem of d's page and PDF ("" when d is not in the site).
func (n *Names) Document(d *model.Document) string { return n.byPath[d.Path] }

// Register returns the stem of a register's folder, PDF and workbook ("" when unknown).
func (n *Names) Register(name string) string { return n.Registers[name] }

// Record returns the stem of a record's page and form, and whether the record is in the site.
func (n *Names) Record(reg, id string) (string, bool) {
	s, ok := n.Records[reg][id]
	return s, ok
}

// RecordHTML returns the site path (below site/) of the HTML page showing a
// record, with the fragment of its anchor when the record is on a chunk
// page: registers/REG/REC.html or registers/REG/records-N.html#rec-REC
// ("", false when the record has no page: not in the site, or an empty id).
// Every link to a record, in every page, is this path.
func (n *Names) RecordHTML(reg, id string) (string, bool) {
	stem, ok := n.Records[reg][id]
	if !ok || id == "" {
		return "", false
	}
	dir := "registers/" + n.Registers[reg] + "/"
	if g := n.Groups[reg]; g != nil {
		return dir + g.Pages[g.chunk[id]] + ".html#" + AnchorPrefix + stem, true
	}
	return dir + stem + ".html", true
}

// RecordAnchor returns the anchor of a record on its chunk page ("" when
// the record has a page of its own or none).
func (n *Names) RecordAnchor(reg, id string) string {
	if g := n.Groups[reg]; g != nil && id != "" {
		if stem, ok := n.Records[reg][id]; ok {
			return AnchorPrefix + stem
		}
	}
	return ""
}

// Chunk returns the index in Groups[reg].Pages of the chunk page holding a
// record of a grouped register (-1 when the register is not grouped or the
// record has no page).
func (n *Names) Chunk(reg, id string) int {
	g := n.Groups[reg]
	if g == nil || id == "" {
		return -1
	}
	k, ok := g.chunk[id]
	if !ok {
		return -1
	}
	return int(k)
}

// Paths of the files the stems name, relative to the output folder.

// DocPDF is the PDF of a document.
func (n *Names) DocPDF(id string) string { return "pdf/docs/" + n.Docs[id] + ".pdf" }

// DocumentPDF is the PDF of d.
func (n *Names) DocumentPDF(d *model.Document) string {
	return "pdf/docs/" + n.byPath[d.Path] + ".pdf"
}

// RegisterPDF is the PDF of a register.
func (n *Names) RegisterPDF(name string) string { return "pdf/registers/" + n.Registers[name] + ".pdf" }

// RegisterVolumePDF is volume k (1 for the first) of a register's PDF, when
// the register is printed in volumes (see resolve.Volumes): the first is the
// register's PDF itself, so links to it keep working; the others are
// pdf/registers/volumes/STEM-K.pdf. They never meet another file: the folder
// volumes is no register's file (those end in .pdf), and in it STEM-K names
// one register and one volume, K being the digits after the last '-' and
// the stems unique, also case-insensitively.
func (n *Names) RegisterVolumePDF(name string, k int) string {
	if k <= 1 {
		return n.RegisterPDF(name)
	}
	return "pdf/registers/volumes/" + n.Registers[name] + "-" + strconv.Itoa(k) + ".pdf"
}

// FormPDF is the PDF of the form of a record.
func (n *Names) FormPDF(reg, id string) string {
	return "pdf/forms/" + n.Registers[reg] + "/" + n.Records[reg][id] + ".pdf"
}

// Workbook is the workbook of a register (file name only, in xlsx/).
func (n *Names) Workbook(name string) string { return n.Registers[name] + ".xlsx" }

// source is one thing to name: id is what the name is made from, key its
// identity (the id, or id and path for a duplicate id).
type source struct{ id, key string }

// allocate names the sources of one folder; reserved (lower case, may be
// nil) lists names the folder keeps for other files. The result is in the
// order of srcs, and does not depend on that order.
func allocate(srcs []source, reserved func(string) bool) []string {
	type cand struct {
		i     int
		base  string
		plain bool   // the id is its own name
		name  string // proposed
		low   string // proposed, lower case
	}
	isReserved := func(low string) bool { return reserved != nil && reserved(low) }
	cs := make([]cand, len(srcs))
	count := make(map[string]int, len(srcs))
	for i, s := range srcs {
		base, plain := Safe(s.id)
		if plain && isReserved(strings.ToLower(base)) {
			plain = false
		}
		name := base
		if !plain {
			name = suffixed(base, s.key, hashLen)
		}
		low := strings.ToLower(name)
		cs[i] = cand{i: i, base: base, plain: plain, name: name, low: low}
		count[low]++
	}
	// a name proposed by one source only is settled first: a fallback name
	// never takes the name an id proposes for itself
	used := make(map[string]bool, len(srcs))
	out := make([]string, len(cs))
	var clash []int
	for i, c := range cs {
		if count[c.low] == 1 && !isReserved(c.low) {
			used[c.low] = true
			out[i] = c.name
		} else {
			clash = append(clash, i)
		}
	}
	// the rest, in an order that does not depend on the order of srcs: by
	// proposed name (case folded), ids that are their own name first, then
	// by identity. The first keeps its proposal when free, the others get a
	// longer hash suffix (and a counter should even that be taken).
	sort.Slice(clash, func(a, b int) bool {
		x, y := cs[clash[a]], cs[clash[b]]
		if x.low != y.low {
			return x.low < y.low
		}
		if x.plain != y.plain {
			return x.plain
		}
		return srcs[x.i].key < srcs[y.i].key
	})
	for _, i := range clash {
		c := cs[i]
		name, low := c.name, c.low
		for k := 1; used[low] || isReserved(low); k++ {
			name = suffixed(c.base, srcs[i].key, longHash)
			if k > 1 {
				name += "-" + strconv.Itoa(k)
			}
			low = strings.ToLower(name)
		}
		used[low] = true
		out[i] = name
	}
	return out
}

// suffixed appends n hex digits of the hash of key to base.
func suffixed(base, key string, n int) string {
	sum := sha256.Sum256([]byte(key))
	return base + "-" + hex.EncodeToString(sum[:])[:n]
}

// Safe returns the safe form of id (its letters with accents dropped, ASCII
// letters, digits, '-', '_' and '.'; anything else becomes '_'), and
// whether that is id itself.
func Safe(id string) (string, bool) {
	if plainASCII(id) {
		return id, true
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r): // accents of a decomposed letter
		default:
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), ".")
	if len(s) > MaxBytes {
		s = strings.TrimRight(s[:maxBase], ".")
	}
	if s == "" || WindowsReserved(s) {
		s = "_" + s
	}
	return s, s == id
}

// plainASCII reports whether id is its own safe name (the common case,
// checked without building a new string).
func plainASCII(id string) bool {
	if id == "" || len(id) > MaxBytes || id[0] == '.' || id[len(id)-1] == '.' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return !WindowsReserved(id)
}

// WindowsReserved reports whether Windows refuses name as a file name
// because of its device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with
// superscript digits), whatever follows a first dot and whatever the case.
func WindowsReserved(name string) bool {
	stem := name
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.TrimRight(stem, " ")
	switch strings.ToUpper(stem) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) >= 4 {
		dev := strings.ToUpper(stem[:3])
		if dev == "COM" || dev == "LPT" {
			switch stem[3:] {
			case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
				return true
			}
		}
	}
	return false
}

// Portable reports whether name (a file name with its extension) can be
// written on every common file system: no character Windows refuses, no
// control character, no trailing dot or space, not a reserved device name,
// at most 255 bytes. The names Allocate gives always are.
func Portable(name string) bool {
	if name == "" || name == "." || name == ".." || len(name) > 255 {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"/\|?*`, r) {
			return false
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return false
	}
	return !WindowsReserved(name)
}
