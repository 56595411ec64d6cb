package pdf

import (
	"math"
	"unicode/utf8"
)

// linkTarget is where a piece of text links to: an external URL or a named
// target inside the same PDF.
type linkTarget struct {
	url string
	key string
}

func (t linkTarget) ok() bool { return t.url != "" || t.key != "" }

// style of a run of text.
type style struct {
	face   face
	size   float64
	color  rgb
	under  bool
	strike bool
	super  bool
	box    int8 // inline check box: 1 empty, 2 ticked
	link   linkTarget
}

// run is text in one style ("\n" forces a line break).
type run struct {
	text string
	st   style
}

func plain(s string, st style) []run { return []run{{text: s, st: st}} }

// lead is the line height as a multiple of the font size.
const lead = 1.32

func (st style) lineH() float64 { return st.size * ptMM * lead }

type piece struct {
	text string
	st   *style // the style of its run (pieces point into their runs)
	w    float64
	x    float64 // position in its line
}

type word struct {
	p0, p1 int     // its pieces: o.pbuf[p0:p1]
	w      float64 // width of its pieces
	space  float64 // width of the space that follows
	brk    bool    // a hard line break follows
}

type lineBox struct {
	pieces []piece
	w      float64
	h      float64
	size   float64 // largest font size on the line (pt)
}

// words splits runs into words (break opportunities are spaces and "\n").
// Pieces are slices of the cleaned run text, not copies. The words and their
// pieces (o.pbuf) are buffers of o, valid until the next call: a table of
// 100,000 rows lays out its cells without allocating for each word.
func (o *out) words(runs []run) []word {
	ws := o.wbuf[:0]
	ps := o.pbuf[:0]
	cur := word{}
	for ri := range runs {
		st := &runs[ri].st
		if st.box != 0 {
			w := st.size * ptMM * 1.0
			ps = append(ps, piece{st: st, w: w})
			cur.w += w
			continue
		}
		t := o.clean(runs[ri].text, st.face)
		space := -1.0 // width of a space in st, once needed
		spaceW := func() float64 {
			if space < 0 {
				space = o.pieceW(" ", *st)
			}
			return space
		}
		start := 0
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c != ' ' && c != '\n' {
				continue
			}
			if i > start {
				w := o.pieceW(t[start:i], *st)
				ps = append(ps, piece{text: t[start:i], st: st, w: w})
				cur.w += w
			}
			start = i + 1
			if c == ' ' {
				if len(ps) > cur.p0 {
					cur.space = spaceW()
					cur.p1 = len(ps)
					ws = append(ws, cur)
					cur = word{p0: len(ps)}
				} else if n := len(ws); n > 0 && !ws[n-1].brk && ws[n-1].space == 0 {
					ws[n-1].space = spaceW()
				}
				continue
			}
			cur.brk = true
			if len(ps) == cur.p0 {
				ps = append(ps, piece{st: st})
			}
			cur.p1 = len(ps)
			ws = append(ws, cur)
			cur = word{p0: len(ps)}
		}
		if start < len(t) {
			w := o.pieceW(t[start:], *st)
			ps = append(ps, piece{text: t[start:], st: st, w: w})
			cur.w += w
		}
	}
	if len(ps) > cur.p0 {
		cur.p1 = len(ps)
		ws = append(ws, cur)
	}
	o.wbuf, o.pbuf = ws, ps
	return ws
}

func (o *out) pieceW(t string, st style) float64 {
	size := st.size
	if st.super {
		size *= 0.7
	}
	return o.width(t, st.face, size)
}

// measure returns the width of the longest word and of the longest unbroken line.
func (o *out) measure(runs []run) (minW, natW float64) {
	if len(runs) == 1 && runs[0].st.box == 0 {
		return o.measure1(runs[0].text, runs[0].st)
	}
	return o.measureWords(runs)
}

// measureWords is measure over the words of runs.
func (o *out) measureWords(runs []run) (minW, natW float64) {
	line := 0.0
	for _, w := range o.words(runs) {
		if w.w > minW {
			minW = w.w
		}
		line += w.w
		if line > natW {
			natW = line
		}
		line += w.space
		if w.brk {
			line = 0
		}
	}
	return
}

// measure1 is measure of one run of text in style st, without splitting it
// into pieces (a register's columns are measured cell by cell): the same
// words, with the same widths, in the same order as words gives them.
func (o *out) measure1(text string, st style) (minW, natW float64) {
	return measureText(text, st, o.missing)
}

// measureText is measure1 without an out: characters the font lacks are
// recorded in missing (which may be nil), so that goroutines can measure at
// once, each with its own.
func measureText(text string, st style, missing map[rune]bool) (minW, natW float64) {
	t := faces[st.face].clean(text, missing)
	fd := faces[st.face]
	size := st.size
	if st.super {
		size *= 0.7
	}
	wf := func(s string) float64 { return fd.width(s, size) }
	space := -1.0
	spaceW := func() float64 {
		if space < 0 {
			space = wf(" ")
		}
		return space
	}
	// the last word is applied to the line once the next starts or the text
	// ends: a space that follows it may still set its space
	line := 0.0
	var last struct {
		w, space float64
		brk, ok  bool
	}
	apply := func() {
		if !last.ok {
			return
		}
		minW = max(minW, last.w)
		line += last.w
		natW = max(natW, line)
		line += last.space
		if last.brk {
			line = 0
		}
	}
	emit := func(w, sp float64, brk bool) {
		apply()
		last.w, last.space, last.brk, last.ok = w, sp, brk, true
	}
	start := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != ' ' && c != '\n' {
			continue
		}
		word := t[start:i]
		start = i + 1
		switch {
		case c == '\n':
			w := 0.0
			if word != "" {
				w = wf(word)
			}
			emit(w, 0, true)
		case word != "":
			emit(wf(word), spaceW(), false)
		case last.ok && !last.brk && last.space == 0:
			last.space = spaceW()
		}
	}
	if start < len(t) {
		emit(wf(t[start:]), 0, false)
	}
	apply()
	return minW, natW
}

// layout breaks runs into lines of at most width; words longer than a line
// are broken between characters. The lines share one slice of pieces.
func (o *out) layout(runs []run, width float64, base style) []lineBox {
	return o.layoutIn(runs, width, base, nil)
}

// layArena holds the pieces and lines of the rows of a table, one row at a
// time: a table of thousands of rows lays each out in the same memory.
type layArena struct {
	pieces []piece
	boxes  []lineBox
	lines  [][]lineBox
	from   []int
	to     []int
}

// reset makes the arena's memory free for the next row; what was laid out
// in it before must no longer be used.
func (a *layArena) reset() {
	a.pieces, a.boxes, a.lines = a.pieces[:0], a.boxes[:0], a.lines[:0]
}

// layoutIn is layout with its pieces and lines appended to the arena a
// (nil: allocated for them alone).
func (o *out) layoutIn(runs []run, width float64, base style, a *layArena) []lineBox {
	ws := o.words(runs)
	src := o.pbuf
	var all []piece
	var lines []lineBox
	first, firstLine := 0, 0 // index in all of the current line's first piece; in lines of the first line
	if a == nil {
		all = make([]piece, 0, len(src))
		lines = make([]lineBox, 0, 1)
	} else {
		all, lines = a.pieces, a.boxes
		first, firstLine = len(all), len(lines)
	}
	lh := base.lineH()
	cur := lineBox{h: lh, size: base.size}
	x := 0.0
	pendingSpace := 0.0
	newLine := func() {
		cur.w = x
		cur.pieces = all[first:len(all):len(all)]
		lines = append(lines, cur)
		first = len(all)
		cur = lineBox{h: lh, size: base.size}
		x, pendingSpace = 0, 0
	}
	add := func(p piece) {
		p.x = x
		x += p.w
		// an empty piece (of a hard break) is not drawn, but its style
		// counts for the line's height
		if p.text != "" || p.st.box != 0 {
			all = append(all, p)
		}
		if h := p.st.lineH(); h > cur.h && !p.st.super {
			cur.h = h
		}
		if p.st.size > cur.size && !p.st.super {
			cur.size = p.st.size
		}
	}
	for _, w := range ws {
		if x > 0 && x+pendingSpace+w.w > width {
			newLine()
		}
		if x > 0 {
			x += pendingSpace
		}
		if w.w > width {
			// break the word between characters
			for _, p := range src[w.p0:w.p1] {
				rest := p.text
				for rest != "" {
					n := o.fitChars(rest, *p.st, width-x)
					if n == 0 {
						if x > 0 {
							newLine()
							continue
						}
						_, n = utf8.DecodeRuneInString(rest)
					}
					chunk := rest[:n]
					add(piece{text: chunk, st: p.st, w: o.pieceW(chunk, *p.st)})
					rest = rest[n:]
					if rest != "" {
						newLine()
					}
				}
				if p.text == "" && p.st.box != 0 {
					add(p)
				}
			}
		} else {
			for _, p := range src[w.p0:w.p1] {
				add(p)
			}
		}
		pendingSpace = w.space
		if w.brk {
			newLine()
		}
	}
	if len(all) > first || len(lines) == firstLine {
		newLine()
	}
	if a != nil {
		a.pieces, a.boxes = all, lines
	}
	return lines[firstLine:len(lines):len(lines)]
}

// fitChars returns how many bytes of s fit in width.
func (o *out) fitChars(s string, st style, width float64) int {
	w := 0.0
	for i, c := range s {
		cw := o.pieceW(string(c), st)
		if w+cw > width {
			return i
		}
		w += cw
	}
	return len(s)
}

// linesH is the total height of lines.
func linesH(ls []lineBox) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.h
	}
	return h
}

// drawLine draws one line with its top at top; align is 'L', 'C' or 'R' within width.
// Neighbouring words of one style are drawn as one text (joined by the space
// between them), and neighbouring pieces of one link as one link area: the
// positions are the same as word by word, with far fewer operators.
func (o *out) drawLine(l lineBox, x, top, width float64, align byte) {
	switch align {
	case 'C':
		x += (width - l.w) / 2
	case 'R':
		x += width - l.w
	}
	sz := l.size * ptMM
	base := top + l.h/2 + sz*0.34
	ps := l.pieces
	for k := 0; k < len(ps); {
		p := ps[k]
		px := x + p.x
		if p.st.box != 0 {
			o.checkbox(px+p.w*0.1, base-sz*0.72, sz*0.78, p.st.box == 2)
			k++
			continue
		}
		size := p.st.size
		by := base
		if p.st.super {
			size *= 0.7
			by -= sz * 0.35
		}
		// the words that continue this text
		end := k + 1
		for end < len(ps) && joins(ps[end-1], ps[end], o.pieceW(" ", *p.st)) {
			end++
		}
		o.setFont(p.st.face, size)
		o.textColor(p.st.color)
		if p.text != "" || end > k+1 {
			// the pieces' texts joined by the spaces between them, written
			// straight into the operator
			b, used, wrap := o.textStart(px, by)
			b = appendTextString(b, p.text, used)
			for i := k + 1; i < end; i++ {
				if ps[i].x-(ps[i-1].x+ps[i-1].w) > 1e-9 {
					b = appendTextString(b, " ", used)
				}
				b = appendTextString(b, ps[i].text, used)
			}
			o.textEnd(b, wrap)
		}
		for i := k; i < end; i++ {
			q := ps[i]
			if !q.st.under && !q.st.strike {
				continue
			}
			qx := x + q.x
			o.drawColor(q.st.color)
			o.f.SetLineWidth(0.15)
			if q.st.under {
				e := qx + q.w
				if i+1 < len(ps) && ps[i+1].st.link == q.st.link && ps[i+1].st.under {
					e = x + ps[i+1].x // underline the space between words of one link
				}
				o.line(qx, by+size*ptMM*0.12, e, by+size*ptMM*0.12)
			}
			if q.st.strike {
				o.line(qx, by-size*ptMM*0.25, qx+q.w, by-size*ptMM*0.25)
			}
			o.drawColor(black)
			o.f.SetLineWidth(0.2)
		}
		k = end
	}
	// link areas: one per run of pieces with the same target
	for k := 0; k < len(ps); {
		p := ps[k]
		end := k + 1
		if !p.st.link.ok() {
			k = end
			continue
		}
		for end < len(ps) && ps[end].st.link == p.st.link {
			end++
		}
		last := ps[end-1]
		o.linkTo(x+p.x, top, last.x+last.w-p.x, l.h, p.st.link)
		k = end
	}
}

// joins reports whether piece b continues the text of piece a: the same look,
// right after it or one space (of width space) further.
func joins(a, b piece, space float64) bool {
	if b.st.box != 0 || b.text == "" || a.st.face != b.st.face || a.st.size != b.st.size ||
		a.st.color != b.st.color || a.st.super != b.st.super {
		return false
	}
	gap := b.x - (a.x + a.w)
	return math.Abs(gap) < 1e-9 || math.Abs(gap-space) < 1e-9
}

// checkbox draws a square box, ticked when on.
func (o *out) checkbox(x, y, s float64, on bool) {
	o.drawColor(black)
	o.f.SetLineWidth(0.25)
	o.rect(x, y, s, s, "D")
	if on {
		o.f.SetLineWidth(0.45)
		o.line(x+s*0.2, y+s*0.55, x+s*0.42, y+s*0.8)
		o.line(x+s*0.42, y+s*0.8, x+s*0.85, y+s*0.18)
	}
	o.f.SetLineWidth(0.2)
}

// para lays out runs in the box [x, x+width] from o.y, breaking pages between
// lines (never leaving a single first line at the bottom of a page). first,
// when given, is called with the position of the first line once it is placed.
func (o *out) para(runs []run, x, width float64, base style, align byte, first func(top, h float64)) {
	lines := o.layout(runs, width, base)
	for i, l := range lines {
		need := l.h
		if i == 0 && len(lines) > 1 {
			need += lines[1].h
		}
		o.need(need)
		if i == 0 && first != nil {
			first(o.y, l.h)
		}
		o.drawLine(l, x, o.y, width, align)
		o.y += l.h
	}
}

// textBlock draws plain text s in one style as a paragraph.
func (o *out) textBlock(s string, x, width float64, st style, align byte) {
	o.para(plain(s, st), x, width, st, align, nil)
}
