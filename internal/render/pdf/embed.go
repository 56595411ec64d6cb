package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The fonts (Liberation Sans and Mono) are embedded by this package, not by fpdf. fpdf's own UTF-8
// fonts cost about 4 ms of CPU per face and PDF (each AddUTF8FontFromBytes
// serialises 65,536 widths to JSON to hash them, each subset re-parses the
// whole font and compresses a fresh 128 KiB glyph map with a fresh zlib
// writer): half of all the CPU time of a build. So fpdf draws text with
// placeholder core fonts (Helvetica for the proportional faces, Courier for
// the mono face) and strings already encoded as 2-byte character ids (the Unicode
// code point), and writeCompressed replaces each placeholder font object by a
// Type0/CIDFontType2 font whose program is a subset of the font made here:
// the glyphs the PDF uses, every other glyph left empty. What does not depend
// on the PDF (the character-to-glyph map, the ToUnicode map) is compressed
// once per process.

// placeholder names the core font fpdf writes for each face.
var placeholder = [numFaces]struct{ family, style, base string }{
	regular:    {"helvetica", "", "Helvetica"},
	bold:       {"helvetica", "B", "Helvetica-Bold"},
	italic:     {"helvetica", "I", "Helvetica-Oblique"},
	boldItalic: {"helvetica", "BI", "Helvetica-BoldOblique"},
	mono:       {"courier", "", "Courier"},
}

// psNames are the PostScript names of the faces.
var psNames = [numFaces]string{"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic", "LiberationSans-BoldItalic", "LiberationMono"}

// ttf is the parsed table directory of a face, for subsetting.
type ttf struct {
	tables    map[string][]byte
	numGlyphs int
	loca      []uint32 // numGlyphs+1 offsets into glyf
	gid       []uint16 // rune (< 0x10000) → glyph
	upm       int
	// font descriptor values, in 1/1000 em
	ascent, descent, capHeight, italicAngle, dw int
	bbox                                        [4]int
	cidToGid                                    []byte // the compressed CIDToGIDMap stream
}

// parseTTF reads what subsetting and the font descriptor need.
func parseTTF(data []byte, gidOf func(r rune) uint16) (*ttf, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("short font")
	}
	t := &ttf{tables: map[string][]byte{}}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		e := 12 + 16*i
		if e+16 > len(data) {
			return nil, fmt.Errorf("short table directory")
		}
		tag := string(data[e : e+4])
		off := int(binary.BigEndian.Uint32(data[e+8:]))
		l := int(binary.BigEndian.Uint32(data[e+12:]))
		if off < 0 || l < 0 || off+l > len(data) {
			return nil, fmt.Errorf("table %q out of range", tag)
		}
		t.tables[tag] = data[off : off+l]
	}
	head, hhea, maxp, loca, glyf := t.tables["head"], t.tables["hhea"], t.tables["maxp"], t.tables["loca"], t.tables["glyf"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || glyf == nil {
		return nil, fmt.Errorf("missing tables")
	}
	i16 := func(b []byte, o int) int { return int(int16(binary.BigEndian.Uint16(b[o:]))) }
	t.upm = int(binary.BigEndian.Uint16(head[18:]))
	if t.upm == 0 {
		return nil, fmt.Errorf("unitsPerEm 0")
	}
	sc := func(v int) int { return int(math.Round(float64(v) * 1000 / float64(t.upm))) }
	t.bbox = [4]int{sc(i16(head, 36)), sc(i16(head, 38)), sc(i16(head, 40)), sc(i16(head, 42))}
	t.ascent, t.descent = sc(i16(hhea, 4)), sc(i16(hhea, 6))
	t.capHeight = t.ascent
	if os2 := t.tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		t.capHeight = sc(i16(os2, 88))
	}
	if post := t.tables["post"]; len(post) >= 8 {
		t.italicAngle = int(math.Round(float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536))
	}
	t.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	long := i16(head, 50) == 1
	t.loca = make([]uint32, t.numGlyphs+1)
	for g := 0; g <= t.numGlyphs; g++ {
		var v uint32
		if long {
			if 4*g+4 > len(loca) {
				return nil, fmt.Errorf("short loca")
			}
			v = binary.BigEndian.Uint32(loca[4*g:])
		} else {
			if 2*g+2 > len(loca) {
				return nil, fmt.Errorf("short loca")
			}
			v = uint32(binary.BigEndian.Uint16(loca[2*g:])) * 2
		}
		if int(v) > len(glyf) || (g > 0 && v < t.loca[g-1]) {
			return nil, fmt.Errorf("bad loca")
		}
		t.loca[g] = v
	}
	if hmtx := t.tables["hmtx"]; len(hmtx) >= 2 {
		t.dw = sc(int(binary.BigEndian.Uint16(hmtx)))
	}
	t.gid = make([]uint16, 0x10000)
	m := make([]byte, 2*0x10000)
	for r := rune(0); r < 0x10000; r++ {
		g := gidOf(r)
		if int(g) >= t.numGlyphs {
			g = 0
		}
		t.gid[r] = g
		binary.BigEndian.PutUint16(m[2*r:], g)
	}
	t.cidToGid = deflate(m)
	return t, nil
}

// deflate compresses data once (best compression: the result is reused).
func deflate(data []byte) []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}

// glyphs returns the glyphs of runes, with glyph 0 and every component of a
// composite glyph, sorted.
func (t *ttf) glyphs(runes []rune) []uint16 {
	seen := make([]bool, t.numGlyphs)
	seen[0] = true
	var stack []uint16
	for _, r := range runes {
		if r >= 0 && r < 0x10000 {
			if g := t.gid[r]; !seen[g] {
				seen[g] = true
				stack = append(stack, g)
			}
		}
	}
	glyf := t.tables["glyf"]
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d := glyf[t.loca[g]:t.loca[g+1]]
		if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
			continue // empty or simple glyph
		}
		// composite: flags, glyph index, arguments, transformation
		p := 10
		for p+4 <= len(d) {
			flags := binary.BigEndian.Uint16(d[p:])
			c := binary.BigEndian.Uint16(d[p+2:])
			if int(c) < t.numGlyphs && !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}
	var out []uint16
	for g, ok := range seen {
		if ok {
			out = append(out, uint16(g))
		}
	}
	return out
}

// subsetTables are the tables kept in a subset (the PDF needs no names,
// glyph names or layout tables).
var subsetTables = []string{"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"}

// subset returns a TrueType font with the glyph outlines of gids only (every
// other glyph empty, so glyph ids stay as they are).
func (t *ttf) subset(gids []uint16) []byte {
	src := t.tables["glyf"]
	size := 0
	for _, g := range gids {
		size += int(t.loca[g+1]-t.loca[g]+3) &^ 3
	}
	glyf := make([]byte, 0, size)
	loca := make([]byte, 4*(t.numGlyphs+1))
	k := 0
	for g := 0; g < t.numGlyphs; g++ {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if k < len(gids) && int(gids[k]) == g {
			k++
			glyf = append(glyf, src[t.loca[g]:t.loca[g+1]]...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*t.numGlyphs:], uint32(len(glyf)))
	head := slices.Clone(t.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	tabs := map[string][]byte{"glyf": glyf, "loca": loca, "head": head}
	var tags []string
	for _, tag := range subsetTables {
		if _, ok := tabs[tag]; !ok {
			if b, ok := t.tables[tag]; ok {
				tabs[tag] = b
			} else {
				continue
			}
		}
		tags = append(tags, tag)
	}
	// table directory
	n := len(tags)
	es, sr := 0, 1
	for sr*2 <= n {
		sr *= 2
		es++
	}
	total := 12 + 16*n
	for _, tag := range tags {
		total += (len(tabs[tag]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, total)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(sr*16))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-sr*16))
	headAt := 0
	for i, tag := range tags {
		b := tabs[tag]
		e := out[12+16*i:]
		copy(e, tag)
		binary.BigEndian.PutUint32(e[4:], checksum(b))
		binary.BigEndian.PutUint32(e[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(e[12:], uint32(len(b)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	for len(b) >= 4 {
		s += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		s += binary.BigEndian.Uint32(last[:])
	}
	return s
}

// toUnicode is the ToUnicode CMap shared by every font: character ids are
// Unicode code points of the Basic Multilingual Plane.
var toUnicode = sync.OnceValue(func() []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var ranges []int
	for hi := 0; hi < 256; hi++ {
		if hi >= 0xD8 && hi <= 0xDF { // surrogates are no characters
			continue
		}
		ranges = append(ranges, hi)
	}
	for len(ranges) > 0 {
		n := min(len(ranges), 100)
		fmt.Fprintf(&b, "%d beginbfrange\n", n)
		for _, hi := range ranges[:n] {
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi)
		}
		b.WriteString("endbfrange\n")
		ranges = ranges[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return deflate([]byte(b.String()))
})

// utf16Text is s as a PDF text string (UTF-16BE with a byte-order mark), for
// outline entries.
func utf16Text(s string) string {
	b := []byte{0xFE, 0xFF}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10)&0x3FF, 0xDC00+r&0x3FF
			b = append(b, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		b = append(b, byte(r>>8), byte(r))
	}
	return string(b)
}

// runeSet is a set of runes of the Basic Multilingual Plane.
type runeSet struct{ bits []uint64 }

func (s *runeSet) add(r rune) {
	if s.bits == nil {
		s.bits = make([]uint64, 0x10000/64)
	}
	s.bits[r>>6] |= 1 << (r & 63)
}

func (s *runeSet) list() []rune {
	var out []rune
	for i, w := range s.bits {
		for w != 0 {
			j := 0
			for w&(1<<j) == 0 {
				j++
			}
			out = append(out, rune(i*64+j))
			w &^= 1 << j
		}
	}
	return out
}

// fontObjects writes the objects of face fc used for runes: the Type0 font
// (as object num, replacing fpdf's placeholder), then its CIDFont, font
// descriptor, font program, glyph map and ToUnicode map as objects next,
// next+1, ... It returns the objects written after the font itself.
type extraObj struct {
	num  int
	body []byte
}

// subsetCache holds the compressed font programs of the subsets made in
// this process, by face and glyphs: the PDFs of a build mostly use the same
// characters, so each subset is made and compressed once. It holds at most
// subsetCacheMax bytes; subsets beyond that are made each time.
var subsetCache = struct {
	sync.Mutex
	m     map[subsetKey]subsetProg
	bytes int
}{m: map[subsetKey]subsetProg{}}

const subsetCacheMax = 16 << 20

type subsetKey struct {
	fc  face
	sum [sha256.Size]byte // of the glyph ids
}

type subsetProg struct {
	z []byte // the compressed program
	n int    // its length uncompressed
}

// subsetProgram returns the compressed font program of the glyphs gids of
// face fc, and its length uncompressed.
func subsetProgram(fc face, gids []uint16, sum [sha256.Size]byte, z *zbuf) ([]byte, int, error) {
	key := subsetKey{fc, sum}
	subsetCache.Lock()
	p, ok := subsetCache.m[key]
	subsetCache.Unlock()
	if ok {
		return p.z, p.n, nil
	}
	prog := faces[fc].ttf.subset(gids)
	zprog, err := z.compress(prog)
	if err != nil {
		return nil, 0, err
	}
	p = subsetProg{z: slices.Clone(zprog), n: len(prog)}
	subsetCache.Lock()
	if _, ok := subsetCache.m[key]; !ok && subsetCache.bytes+len(p.z) <= subsetCacheMax {
		subsetCache.m[key] = p
		subsetCache.bytes += len(p.z)
	}
	subsetCache.Unlock()
	return p.z, p.n, nil
}

func fontObjects(fc face, runes []rune, num, next int, z *zbuf) (font []byte, extra []extraObj, err error) {
	fd := faces[fc]
	t := fd.ttf
	gids := t.glyphs(runes)
	// subset tag: six capital letters from the glyphs used
	ids := make([]byte, 0, 2*len(gids))
	for _, g := range gids {
		ids = append(ids, byte(g>>8), byte(g))
	}
	sum := sha256.Sum256(ids)
	zprog, plen, err := subsetProgram(fc, gids, sum, z)
	if err != nil {
		return nil, nil, err
	}
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	name := string(tag[:]) + "+" + psNames[fc]
	cid, desc, file, m, tu := next, next+1, next+2, next+3, next+4

	var b bytes.Buffer
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>\nendobj\n", num, name, cid, tu)
	font = slices.Clone(b.Bytes())

	b.Reset()
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [", cid, name, desc, t.dw)
	// widths of the characters used, in runs of consecutive ids
	for i := 0; i < len(runes); {
		j := i + 1
		for j < len(runes) && runes[j] == runes[j-1]+1 {
			j++
		}
		b.WriteString(strconv.Itoa(int(runes[i])))
		b.WriteString(" [")
		for k := i; k < j; k++ {
			if k > i {
				b.WriteByte(' ')
			}
			w := int(fd.widths[runes[k]])
			if w == 0xFFFF {
				w = 0
			}
			b.WriteString(strconv.Itoa(w))
		}
		b.WriteString("] ")
		i = j
	}
	fmt.Fprintf(&b, "] /CIDToGIDMap %d 0 R>>\nendobj\n", m)
	extra = append(extra, extraObj{cid, slices.Clone(b.Bytes())})

	flags := 32
	if fc == mono {
		flags |= 1
	}
	if fc == italic || fc == boldItalic {
		flags |= 64
	}
	stemV := 80
	if fc == bold || fc == boldItalic {
		stemV = 140
	}
	b.Reset()
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>\nendobj\n",
		desc, name, flags, t.bbox[0], t.bbox[1], t.bbox[2], t.bbox[3], t.italicAngle, t.ascent, t.descent, t.capHeight, stemV, t.dw, file)
	extra = append(extra, extraObj{desc, slices.Clone(b.Bytes())})

	extra = append(extra, extraObj{file, streamObj(file, zprog, " /Length1 "+strconv.Itoa(plen))})
	extra = append(extra, extraObj{m, streamObj(m, t.cidToGid, "")})
	extra = append(extra, extraObj{tu, streamObj(tu, toUnicode(), "")})
	return font, extra, nil
}

// streamObj is a compressed stream object.
func streamObj(num int, data []byte, dict string) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + 80)
	fmt.Fprintf(&b, "%d 0 obj\n<</Filter /FlateDecode /Length %d%s>>\nstream\n", num, len(data), dict)
	b.Write(data)
	b.WriteString("\nendstream\nendobj\n")
	return b.Bytes()
}
