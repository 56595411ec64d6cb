package adopt

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Limits on a Word document, checked before anything is decompressed and
// again while reading, since a zip's declared sizes may lie.
const (
	maxDocxFile   = 64 << 20  // the .docx file
	maxDocxParts  = 5000      // entries in the package
	maxXMLPart    = 32 << 20  // one XML part, decompressed
	maxImagePart  = 32 << 20  // one image, decompressed
	maxDocxTotal  = 256 << 20 // everything read, decompressed
	maxRatio      = 200       // decompressed/compressed size of a part larger than 1 MiB
	maxDepthXML   = 256       // nesting of XML elements
	maxParagraphs = 200000
)

type docx struct {
	pairs   []pair
	body    []byte
	files   map[string][]byte
	props   docProps
	heading string // the text of the Title paragraph
	left    leftOut
}

type pkg struct {
	files map[string]*zip.File
	read  int64
}

func (p *pkg) part(name string, max int64) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, fmt.Errorf("part %s is larger than %d MiB", name, max>>20)
	}
	if f.UncompressedSize64 > 1<<20 && f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > maxRatio {
		return nil, fmt.Errorf("part %s is compressed more than %d:1 (a zip bomb?)", name, maxRatio)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, fmt.Errorf("part %s: %v", name, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("part %s is larger than %d MiB", name, max>>20)
	}
	p.read += int64(len(b))
	if p.read > maxDocxTotal {
		return nil, fmt.Errorf("the document holds more than %d MiB", maxDocxTotal>>20)
	}
	return b, nil
}

// readDocx reads a Word document: its body as Markdown, its core
// properties, a leading document-control table as pairs, and its images.
func readDocx(file string) (*docx, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxDocxFile {
		return nil, fmt.Errorf("larger than %d MiB", maxDocxFile>>20)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, fmt.Errorf("not a Word document (.docx): %v", err)
	}
	defer zr.Close()
	if len(zr.File) > maxDocxParts {
		return nil, fmt.Errorf("not a Word document: more than %d parts", maxDocxParts)
	}
	p := &pkg{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		p.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	main := "word/document.xml"
	if ct, err := p.part("[Content_Types].xml", maxXMLPart); err == nil && ct != nil {
		if m := regexp.MustCompile(`PartName="/([^"]+)"\s+ContentType="application/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml"`).FindSubmatch(ct); m != nil {
			main = string(m[1])
		}
	}
	doc, err := p.part(main, maxXMLPart)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("not a Word document: no " + main)
	}
	dir := path.Dir(main)
	relsName := path.Join(dir, "_rels", path.Base(main)+".rels")
	d := &docReader{pkg: p, dir: dir, rels: map[string]rel{}, styles: map[string]*style{}, nums: map[string]map[int]string{}}
	if b, err := p.part(relsName, maxXMLPart); err != nil {
		return nil, err
	} else if b != nil {
		d.readRels(b)
	}
	for _, r := range d.rels {
		switch {
		case strings.HasSuffix(r.Type, "/styles"):
			if b, err := p.part(r.Target, maxXMLPart); err == nil && b != nil {
				d.readStyles(b)
			}
		case strings.HasSuffix(r.Type, "/numbering"):
			if b, err := p.part(r.Target, maxXMLPart); err == nil && b != nil {
				d.readNumbering(b)
			}
		}
	}
	out := &docx{files: map[string][]byte{}}
	if b, err := p.part("docProps/core.xml", maxXMLPart); err == nil && b != nil {
		out.props = readCore(b)
	}
	blocks, err := d.readBody(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", main, err)
	}
	blocks, out.pairs = controlTable(blocks)
	out.body = d.render(blocks)
	for _, b := range blocks {
		if p, ok := b.(*para); ok && p.title {
			out.heading = oneLine(inline(p.segs, false))
			break
		}
	}
	for name, data := range d.images {
		out.files[name] = data
	}
	if d.imgErr != nil {
		return nil, d.imgErr
	}
	out.left = d.left
	return out, nil
}

type rel struct{ Type, Target, Mode string }

type style struct {
	name, basedOn string
	outline       int // 0 none, else level 1..9
	numID         string
	ilvl          int
	bold, italic  bool
	title         bool
	toc           bool // an entry or the heading of a table of contents
}

var tocName = regexp.MustCompile(`^(?:toc\s*\d|toc heading|daftar isi|table of contents|contents heading)`)

type docReader struct {
	pkg    *pkg
	dir    string
	rels   map[string]rel
	styles map[string]*style
	nums   map[string]map[int]string // numId → level → numFmt
	images map[string][]byte
	imgErr error
	boxes  int // text boxes open, one inside another
	left   leftOut
}

// leftOut counts what the Markdown does not carry.
type leftOut struct{ footnotes, comments, tracked int }

// textBox reads the paragraphs of a text box into the paragraph holding it.
func (d *docReader) textBox(dec *xml.Decoder, into *para) error {
	d.boxes++
	defer func() { d.boxes-- }()
	if d.boxes > 4 {
		return errors.New("text boxes nested too deeply")
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "p" {
				p, err := d.readPara(dec)
				if err != nil {
					return err
				}
				if len(p.segs) > 0 {
					into.segs = append(into.segs, seg{text: "\n"})
					into.segs = append(into.segs, p.segs...)
				}
			} else if t.Name.Local == "tbl" {
				tb, err := d.readTable(dec, 1)
				if err != nil {
					return err
				}
				for _, r := range tb.rows {
					for _, c := range r {
						into.segs = append(into.segs, seg{text: "\n" + cellText(c)})
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "txbxContent" {
				return nil
			}
		}
	}
}

// errTooDeep stops a document whose elements nest deeper than maxDepthXML.
var errTooDeep = errors.New("XML nested too deeply")

// skip reads past the element t opens, whose content adoption leaves out,
// counting what is left out for the report: a tracked deletion or move
// (del, moveFrom), a footnote or endnote reference, a comment reference; an
// mc:Fallback (its Choice was read) and field instructions count as nothing.
func (d *docReader) skip(dec *xml.Decoder, t xml.StartElement) error {
	switch t.Name.Local {
	case "del", "moveFrom":
		d.left.tracked++
	case "footnoteReference", "endnoteReference":
		d.left.footnotes++
	case "commentReference":
		d.left.comments++
	}
	return dec.Skip()
}

func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func newDecoder(b []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(b))
	return dec
}

func (d *docReader) readRels(b []byte) {
	dec := newDecoder(b)
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			id, _ := attr(se, "Id")
			t, _ := attr(se, "Type")
			target, _ := attr(se, "Target")
			mode, _ := attr(se, "TargetMode")
			if mode != "External" {
				if strings.HasPrefix(target, "/") {
					target = strings.TrimPrefix(target, "/")
				} else {
					target = path.Join(d.dir, target)
				}
			}
			d.rels[id] = rel{Type: t, Target: target, Mode: mode}
		}
	}
}

var headingName = regexp.MustCompile(`^(?:heading|judul)\s*([1-9])$`)

func (d *docReader) readStyles(b []byte) {
	dec := newDecoder(b)
	var cur *style
	inRPr := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				id, _ := attr(t, "styleId")
				cur = &style{}
				d.styles[id] = cur
				if strings.EqualFold(id, "Title") {
					cur.title = true
				}
			case "name":
				if cur != nil {
					cur.name, _ = attr(t, "val")
					n := strings.ToLower(strings.TrimSpace(cur.name))
					if m := headingName.FindStringSubmatch(n); m != nil {
						cur.outline, _ = strconv.Atoi(m[1])
					}
					if n == "title" || n == "judul" {
						cur.title = true
					}
					if tocName.MatchString(n) {
						cur.toc = true
					}
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn, _ = attr(t, "val")
				}
			case "outlineLvl":
				if cur != nil && cur.outline == 0 {
					if v, _ := attr(t, "val"); v != "" {
						if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 9 {
							cur.outline = n + 1
						}
					}
				}
			case "numId":
				if cur != nil {
					cur.numID, _ = attr(t, "val")
				}
			case "ilvl":
				if cur != nil {
					v, _ := attr(t, "val")
					cur.ilvl, _ = strconv.Atoi(v)
				}
			case "rPr":
				inRPr = true
			case "b":
				if cur != nil && inRPr {
					cur.bold = on(t)
				}
			case "i":
				if cur != nil && inRPr {
					cur.italic = on(t)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "style":
				cur = nil
			case "rPr":
				inRPr = false
			}
		}
	}
}

// styleChain looks a property up the style and the styles it is based on.
func (d *docReader) styleChain(id string, get func(*style) bool) *style {
	for i := 0; i < 20 && id != ""; i++ {
		s := d.styles[id]
		if s == nil {
			return nil
		}
		if get(s) {
			return s
		}
		id = s.basedOn
	}
	return nil
}

func on(se xml.StartElement) bool {
	v, ok := attr(se, "val")
	return !ok || (v != "0" && v != "false" && v != "off")
}

func (d *docReader) readNumbering(b []byte) {
	dec := newDecoder(b)
	abstract := map[string]map[int]string{}
	numAbs := map[string]string{}
	overrides := map[string]map[int]string{}
	var curAbs, curNum string
	curLvl := -1
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				curAbs, _ = attr(t, "abstractNumId")
				abstract[curAbs] = map[int]string{}
			case "num":
				curNum, _ = attr(t, "numId")
			case "abstractNumId":
				if curNum != "" {
					numAbs[curNum], _ = attr(t, "val")
				}
			case "lvl", "lvlOverride":
				v, _ := attr(t, "ilvl")
				curLvl, _ = strconv.Atoi(v)
			case "numFmt":
				v, _ := attr(t, "val")
				if curNum != "" && curLvl >= 0 {
					if overrides[curNum] == nil {
						overrides[curNum] = map[int]string{}
					}
					overrides[curNum][curLvl] = v
				} else if curAbs != "" && curLvl >= 0 {
					abstract[curAbs][curLvl] = v
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "abstractNum":
				curAbs = ""
			case "num":
				curNum = ""
			case "lvl", "lvlOverride":
				curLvl = -1
			}
		}
	}
	for num, abs := range numAbs {
		m := map[int]string{}
		for l, f := range abstract[abs] {
			m[l] = f
		}
		for l, f := range overrides[num] {
			m[l] = f
		}
		d.nums[num] = m
	}
}

func readCore(b []byte) docProps {
	var p docProps
	dec := newDecoder(b)
	var cur string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			cur = t.Name.Local
		case xml.CharData:
			s := strings.TrimSpace(string(t))
			switch cur {
			case "title":
				p.Title = s
			case "creator":
				p.Creator = s
			case "created":
				p.Created = s
			case "modified":
				p.Modified = s
			case "keywords":
				p.Keywords = s
			}
		case xml.EndElement:
			cur = ""
		}
	}
	return p
}

// The body as blocks.
type seg struct {
	text         string
	bold, italic bool
	link         string
	image        string // name in the package, for ![alt](name)
}

type para struct {
	segs    []seg
	heading int // 1..9
	title   bool
	toc     bool // a table of contents: left out, the site makes its own
	numID   string
	ilvl    int
}

type cell struct {
	paras []*para
	span  int
	merge bool // a vertically merged continuation
}

type table struct{ rows [][]cell }

type block any // *para or *table

func (d *docReader) readBody(b []byte) ([]block, error) {
	dec := newDecoder(b)
	var blocks []block
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return blocks, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				p, err := d.readPara(dec)
				if err != nil {
					return nil, err
				}
				blocks = append(blocks, p)
			case "tbl":
				tb, err := d.readTable(dec, 1)
				if err != nil {
					return nil, err
				}
				blocks = append(blocks, tb)
			case "Fallback", "del", "moveFrom":
				if err := d.skip(dec, t); err != nil {
					return nil, err
				}
			default:
				if depth++; depth > maxDepthXML {
					return nil, errTooDeep
				}
			}
			if len(blocks) > maxParagraphs {
				return nil, fmt.Errorf("more than %d paragraphs", maxParagraphs)
			}
		case xml.EndElement:
			depth--
		}
	}
}

func (d *docReader) readTable(dec *xml.Decoder, level int) (*table, error) {
	if level > 8 {
		return nil, errors.New("tables nested too deeply")
	}
	tb := &table{}
	var row []cell
	var cur *cell
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tr":
				row = nil
			case "tc":
				row = append(row, cell{span: 1})
				cur = &row[len(row)-1]
			case "gridSpan":
				if cur != nil {
					v, _ := attr(t, "val")
					if n, err := strconv.Atoi(v); err == nil && n > 1 && n < 64 {
						cur.span = n
					}
				}
			case "vMerge":
				if cur != nil {
					v, _ := attr(t, "val")
					cur.merge = v != "restart"
				}
			case "p":
				p, err := d.readPara(dec)
				if err != nil {
					return nil, err
				}
				if cur != nil {
					cur.paras = append(cur.paras, p)
				}
				continue
			case "tbl": // a table in a cell: its text, row by row
				inner, err := d.readTable(dec, level+1)
				if err != nil {
					return nil, err
				}
				if cur != nil {
					for _, r := range inner.rows {
						var texts []seg
						for i, c := range r {
							if i > 0 {
								texts = append(texts, seg{text: " | "})
							}
							for _, p := range c.paras {
								texts = append(texts, p.segs...)
								texts = append(texts, seg{text: " "})
							}
						}
						cur.paras = append(cur.paras, &para{segs: texts})
					}
				}
				continue
			case "Fallback", "del", "moveFrom":
				if err := d.skip(dec, t); err != nil {
					return nil, err
				}
				continue
			}
			if depth++; depth > maxDepthXML {
				return nil, errTooDeep
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "tbl":
				return tb, nil
			case "tr":
				rowCopy := make([]cell, len(row))
				copy(rowCopy, row)
				tb.rows = append(tb.rows, rowCopy)
				row, cur = nil, nil
			case "tc":
				cur = nil
			}
			depth--
		}
	}
}

func (d *docReader) readPara(dec *xml.Decoder) (*para, error) {
	p := &para{ilvl: -1}
	var styleID string
	var cur seg // formatting of the run being read
	var rStyle string
	inPPr, inRPr, inRun := false, false, false
	link, alt := "", ""
	var linkStack []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "pPr":
				inPPr = true
			case "pStyle":
				if inPPr {
					styleID, _ = attr(t, "val")
				}
			case "numId":
				if inPPr {
					p.numID, _ = attr(t, "val")
				}
			case "ilvl":
				if inPPr {
					v, _ := attr(t, "val")
					p.ilvl, _ = strconv.Atoi(v)
				}
			case "outlineLvl":
				if inPPr {
					v, _ := attr(t, "val")
					if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 9 {
						p.heading = n + 1
					}
				}
			case "r":
				inRun = true
				cur = seg{link: link}
				rStyle = ""
			case "rPr":
				inRPr = true
			case "rStyle":
				if inRun && inRPr {
					rStyle, _ = attr(t, "val")
					if s := d.styleChain(rStyle, func(s *style) bool { return s.bold }); s != nil {
						cur.bold = true
					}
					if s := d.styleChain(rStyle, func(s *style) bool { return s.italic }); s != nil {
						cur.italic = true
					}
				}
			case "b":
				if inRun && inRPr {
					cur.bold = on(t)
				}
			case "i":
				if inRun && inRPr {
					cur.italic = on(t)
				}
			case "t":
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, err
				}
				if inRun {
					x := cur
					x.text = s
					p.segs = append(p.segs, x)
				}
				continue
			case "tab":
				if inRun && !inPPr {
					x := cur
					x.text = " "
					p.segs = append(p.segs, x)
				}
			case "br", "cr":
				if inRun {
					if v, _ := attr(t, "type"); v == "page" || v == "column" {
						break
					}
					p.segs = append(p.segs, seg{text: "\n"})
				}
			case "noBreakHyphen":
				p.segs = append(p.segs, seg{text: "-", bold: cur.bold, italic: cur.italic})
			case "hyperlink":
				linkStack = append(linkStack, link)
				if id, ok := attr(t, "id"); ok {
					if r, ok := d.rels[id]; ok && r.Mode == "External" {
						link = r.Target
					}
				}
			case "blip", "imagedata":
				id, ok := attr(t, "embed")
				if !ok {
					id, _ = attr(t, "id")
				}
				if name := d.image(id); name != "" {
					p.segs = append(p.segs, seg{image: name, text: alt})
				}
				alt = ""
			case "docPr":
				alt, _ = attr(t, "descr")
				if alt == "" {
					alt, _ = attr(t, "title")
				}
			case "txbxContent": // a text box: its paragraphs, in line
				if err := d.textBox(dec, p); err != nil {
					return nil, err
				}
				continue
			case "ins", "moveTo":
				d.left.tracked++
			case "footnoteReference", "endnoteReference", "commentReference", "del", "moveFrom", "instrText", "delText", "Fallback":
				if err := d.skip(dec, t); err != nil {
					return nil, err
				}
				continue
			}
			if depth++; depth > maxDepthXML {
				return nil, errTooDeep
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				d.resolve(p, styleID)
				return p, nil
			case "pPr":
				inPPr = false
			case "rPr":
				inRPr = false
			case "r":
				inRun = false
			case "hyperlink":
				if n := len(linkStack); n > 0 {
					link, linkStack = linkStack[n-1], linkStack[:n-1]
				}
			}
			depth--
		}
	}
}

// resolve applies the paragraph style: heading level, title, list numbering.
func (d *docReader) resolve(p *para, styleID string) {
	if styleID == "" {
		styleID = "Normal"
	}
	if s := d.styleChain(styleID, func(s *style) bool { return s.title }); s != nil {
		p.title = true
	}
	if s := d.styleChain(styleID, func(s *style) bool { return s.toc }); s != nil {
		p.toc = true
		return
	}
	if p.heading == 0 {
		if s := d.styleChain(styleID, func(s *style) bool { return s.outline > 0 }); s != nil {
			p.heading = s.outline
		}
	}
	if p.numID == "" {
		if s := d.styleChain(styleID, func(s *style) bool { return s.numID != "" }); s != nil {
			p.numID = s.numID
			if p.ilvl < 0 {
				p.ilvl = s.ilvl
			}
		}
	}
	if p.ilvl < 0 {
		p.ilvl = 0
	}
	if p.ilvl > 8 {
		p.ilvl = 8
	}
	if p.numID == "0" {
		p.numID = ""
	}
}

// image extracts the image of a relationship and returns its name.
func (d *docReader) image(id string) string {
	r, ok := d.rels[id]
	if !ok || r.Mode == "External" || !strings.HasSuffix(r.Type, "/image") {
		return ""
	}
	name := strings.TrimPrefix(r.Target, d.dir+"/")
	if _, done := d.images[name]; done {
		return name
	}
	b, err := d.pkg.part(r.Target, maxImagePart)
	if err != nil {
		if d.imgErr == nil {
			d.imgErr = err
		}
		return ""
	}
	if b == nil {
		return ""
	}
	if d.images == nil {
		d.images = map[string][]byte{}
	}
	d.images[name] = b
	return name
}
