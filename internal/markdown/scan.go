package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// Scan finds the headings and links of a body exactly as Extract(Parse(src),
// src) does, without building a syntax tree, when the body is made only of
// the plain constructs most documents use: ATX headings, paragraphs, bullet
// and ordered list items starting at the left margin, thematic breaks, table
// rows, inline links and images of plain text and plain destinations, and
// autolinks in the first line of a paragraph. ok is false as soon as a line
// holds anything else (indentation, block quotes, code, raw HTML, setext
// underlines, reference links, footnotes, escapes, entities in link text,
// bare URLs and addresses that the linkify extension would turn into links,
// …): the caller then parses the body. A body with raw HTML is never scanned,
// so a scanned body has none.
func Scan(src []byte) (heads []Heading, links []Link, ok bool) {
	s := scanner{src: src}
	if !s.run() {
		return nil, nil, false
	}
	return s.heads, s.links, true
}

// the kind of the previous line, for what a line may be after it
const (
	prevBlank = iota // the start of the body, a blank line
	prevBlock        // a heading or a thematic break
	prevText         // a paragraph or list item line
)

type scanner struct {
	src   []byte
	heads []Heading
	links []Link
	ids   ids // the heading ids given
	// the run of non-blank lines the current line is in, from its start
	runStart int
	runPipe  int // 0 unknown; 1 no '|'; 2 a '|', rows of the same cells; 3 else (see inTable)
}

// inTable reports whether the run of non-blank lines around the current one
// holds a '|': it may be a table. pipeRows adds whether its lines all split
// into the same number of cells, so that no row of a table it makes has
// more cells than the table's header (goldmark drops those cells, links and
// all); the links of such a run are taken, those of any other run not.
func (s *scanner) inTable() (table, sameRows bool) {
	if s.runPipe == 0 {
		pipe, uneven, n := false, false, 0
		for off, i := s.runStart, 0; off < len(s.src); i++ {
			ln := s.lineAt(off)
			if isBlank(ln) {
				break
			}
			pipe = pipe || bytes.IndexByte(ln, '|') >= 0
			c := rowCells(ln)
			uneven = uneven || c < 0 || (i > 0 && c != n)
			n = c
			off += len(ln) + 1
		}
		switch {
		case !pipe:
			s.runPipe = 1
		case !uneven:
			s.runPipe = 2
		default:
			s.runPipe = 3
		}
	}
	return s.runPipe >= 2, s.runPipe == 2
}

// rowCells returns the number of cells of a line read as a table row (one
// for a line without '|'), -1 for a row of no cells.
func rowCells(ln []byte) int {
	t := bytes.TrimFunc(ln, func(r rune) bool { return r < utf8.RuneSelf && util.IsSpace(byte(r)) })
	if len(t) > 0 && t[0] == '|' {
		t = t[1:]
	}
	if len(t) > 0 && t[len(t)-1] == '|' {
		t = t[:len(t)-1]
	}
	if len(t) == 0 {
		return -1
	}
	return bytes.Count(t, []byte{'|'}) + 1
}

func (s *scanner) run() bool {
	src := s.src
	prev := prevBlank
	for off, line := 0, 1; off < len(src); line++ {
		end, next := len(src), len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end, next = off+i, off+i+1
		}
		ln := src[off:end]
		if isBlank(ln) {
			s.runStart, s.runPipe = next, 0
		}
		kind, ok := s.line(ln, off, line, prev, next)
		if !ok {
			return false
		}
		prev = kind
		off = next
	}
	return true
}

// line scans one line (without its newline) starting at offset off; the
// next line starts at offset next.
func (s *scanner) line(ln []byte, off, line, prev, next int) (int, bool) {
	if isBlank(ln) {
		return prevBlank, true
	}
	switch c := ln[0]; c {
	case ' ', '\t':
		return s.continuation(ln, off, line, prev)
	case '`':
		if len(ln) > 1 && ln[1] == '`' {
			return 0, false // a fence, or a code span of longer ticks
		}
	case '>', '<', '~', ':', '=', '\\', '&':
		// indentation (code, continuation), quotes, HTML, fences,
		// definitions, setext underlines, escapes and entities at a line's
		// start: not the plain subset
		return 0, false
	case '#':
		return prevBlock, s.heading(ln, off, line)
	case '-', '*', '_':
		if only(ln, c) {
			// a thematic break, unless it could underline a paragraph
			// (setext heading) or is too short to be one
			if bytes.Count(ln, []byte{c}) < 3 || (c == '-' && prev == prevText) {
				return 0, false
			}
			return prevBlock, true
		}
	}
	if oddMarker(ln) {
		return 0, false
	}
	start, item := listMarker(ln)
	if item {
		if start >= len(ln) || !plainStartAt(ln[start:]) {
			return 0, false
		}
		if _, nested := listMarker(ln[start:]); nested || oddMarker(ln[start:]) {
			return 0, false
		}
		if c := ln[start]; (c == '-' || c == '*' || c == '_') && only(ln[start:], c) {
			return 0, false // a break in the item
		}
	}
	// an autolink's position is its paragraph's first line: only taken
	// where that is this line, at the margin, outside any table
	first := !item && prev != prevText && bytes.IndexByte(ln, '|') < 0 && !tableDelim(s.lineAt(next))
	return prevText, s.inline(ln, off, start, line, first)
}

// lineAt returns the line starting at offset off, without its newline.
func (s *scanner) lineAt(off int) []byte {
	ln := s.src[off:]
	if i := bytes.IndexByte(ln, '\n'); i >= 0 {
		ln = ln[:i]
	}
	return ln
}

// continuation scans an indented line, taken only as the continuation of
// the paragraph of the line before (in a list item, the usual wrapped line):
// not after a blank line (code, a later paragraph of an item), nor when it
// could open a block of its own (a nested item, a heading, a quote, a fence,
// HTML, a break or setext underline, a table row or definition).
func (s *scanner) continuation(ln []byte, off, line, prev int) (int, bool) {
	if prev != prevText {
		return 0, false
	}
	j := 0
	for j < len(ln) && (ln[j] == ' ' || ln[j] == '\t') {
		j++
	}
	rest := ln[j:]
	if c := rest[0]; !plainStartAt(rest) || ((c == '-' || c == '*' || c == '_') && only(rest, c)) {
		return 0, false
	}
	if _, item := listMarker(rest); item || oddMarker(rest) {
		return 0, false
	}
	return prevText, s.inline(ln, off, j, line, false)
}

// only reports whether ln holds nothing but c, spaces and tabs.
func only(ln []byte, c byte) bool {
	for _, b := range ln {
		if b != c && b != ' ' && b != '\t' {
			return false
		}
	}
	return true
}

// tableDelim reports whether a line could be a table's delimiter row (or
// underline the line before it).
func tableDelim(ln []byte) bool {
	if len(ln) == 0 {
		return false
	}
	for _, b := range ln {
		if b != '-' && b != ':' && b != '|' && b != ' ' && b != '\t' && b != '=' {
			return bytes.IndexByte(ln, '|') >= 0
		}
	}
	return true
}

// listMarker returns where the content of a list item line starts ("- ",
// "* ", "+ ", "1. ", "1) " followed by one space), or false.
func listMarker(ln []byte) (int, bool) {
	i := 0
	switch {
	case len(ln) > 0 && (ln[0] == '-' || ln[0] == '*' || ln[0] == '+'):
		i = 1
	default:
		for i < len(ln) && i < 10 && ln[i] >= '0' && ln[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 || i >= len(ln) || (ln[i] != '.' && ln[i] != ')') {
			return 0, false
		}
		i++
	}
	if i >= len(ln) || ln[i] != ' ' {
		return 0, false
	}
	return i + 1, true
}

// oddMarker reports whether a line starts with a list marker followed by a
// tab or nothing: an item the scan does not take.
func oddMarker(ln []byte) bool {
	i := 0
	if ln[0] == '-' || ln[0] == '*' || ln[0] == '+' {
		i = 1
	} else {
		for i < len(ln) && i < 10 && ln[i] >= '0' && ln[i] <= '9' {
			i++
		}
		if i == 0 || i >= len(ln) || (ln[i] != '.' && ln[i] != ')') {
			return false
		}
		i++
	}
	return i == len(ln) || ln[i] == '\t'
}

// plainStart reports whether a list item's content may start with c: not
// a further space (code), nor a block of its own (heading, quote, fence,
// HTML, nested list, break, table, definition); see also plainStartAt.
func plainStart(c byte) bool {
	switch c {
	case ' ', '\t', '#', '>', '<', '`', '~', '=', ':', '|', '\\', '&':
		return false
	}
	return true
}

// plainStartAt is plainStart of b's first byte, also taking a code span of
// one tick (never a fence, which takes three); at the start of a list item
// not a task box ("[ ]", "[x]", "[X]": the task list extension makes
// "- [X](a)" a ticked box and the text "(a)", no link).
func plainStartAt(b []byte) bool {
	if len(b) >= 3 && b[0] == '[' && b[2] == ']' {
		switch b[1] {
		case ' ', '\t', '\v', '\f', '\r', 'x', 'X':
			return false
		}
	}
	if b[0] == '`' {
		return len(b) < 2 || b[1] != '`'
	}
	return plainStart(b[0])
}

// isBlank reports whether a line holds only spaces and tabs.
func isBlank(ln []byte) bool {
	for _, c := range ln {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// heading scans an ATX heading line.
func (s *scanner) heading(ln []byte, off, line int) bool {
	level := 0
	for level < len(ln) && ln[level] == '#' {
		level++
	}
	if level > 6 || level >= len(ln) || ln[level] != ' ' {
		return false
	}
	start := level
	for start < len(ln) && (ln[start] == ' ' || ln[start] == '\t') {
		start++
	}
	stop := len(ln)
	for stop > start && util.IsSpace(ln[stop-1]) {
		stop--
	}
	content := ln[start:stop]
	if len(content) == 0 || content[len(content)-1] == '#' || !plainText(ln, start, stop) {
		return false
	}
	if s.heads == nil {
		s.heads = make([]Heading, 0, 16)
	}
	s.heads = append(s.heads, Heading{Level: level, Text: strings.TrimSpace(string(content)), ID: s.ids.id(content), Line: line})
	return true
}

// plainText reports whether ln[start:stop] is text that no inline parser
// turns into anything but itself: no emphasis, code, links, HTML, escapes,
// entities, strike-through, footnote marks, nor what linkify takes for a URL
// or an e-mail address.
func plainText(ln []byte, start, stop int) bool {
	for i := start; i < stop; i++ {
		switch c := ln[i]; c {
		case '*', '_', '`', '[', ']', '<', '&', '\\', '~', '^', '@', '|':
			return false
		case ':', '.':
			if linkifyAt(ln, i) {
				return false
			}
		default:
			if c < 0x20 && c != '\t' {
				return false
			}
		}
	}
	return true
}

// linkifyAt reports whether the ':' or '.' at ln[i] ends "http:", "https:",
// "ftp:" or "www." (in any case), which the linkify extension makes a link.
func linkifyAt(ln []byte, i int) bool {
	if ln[i] == '.' {
		return endsWith(ln, i, "www")
	}
	return endsWith(ln, i, "http") || endsWith(ln, i, "https") || endsWith(ln, i, "ftp")
}

// endsWith reports whether ln[:i] ends with w (lower-case letters) in any case.
func endsWith(ln []byte, i int, w string) bool {
	if i < len(w) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if ln[i-len(w)+k]|0x20 != w[k] {
			return false
		}
	}
	return true
}

// inline scans the text of a paragraph or list item line from start: plain
// text, inline links and images, and (when first) autolinks.
func (s *scanner) inline(ln []byte, off, start, line int, first bool) bool {
	for i := start; i < len(ln); {
		for i < len(ln) && !inlineSpecial[ln[i]] {
			i++
		}
		if i == len(ln) {
			break
		}
		switch c := ln[i]; c {
		case '\\', '@', ']', '^':
			return false
		case '`':
			n, ok := s.codeSpan(ln, i)
			if !ok {
				return false
			}
			i = n
			continue
		case '<':
			n, ok := s.autolink(ln, i, line, first)
			if !ok {
				return false
			}
			i = n
			continue
		case '!':
			if i+1 < len(ln) && ln[i+1] == '[' {
				n, ok := s.link(ln, i+1, line, true)
				if !ok {
					return false
				}
				i = n
				continue
			}
		case '[':
			n, ok := s.link(ln, i, line, false)
			if !ok {
				return false
			}
			i = n
			continue
		case ':', '.':
			if linkifyAt(ln, i) {
				return false
			}
		default:
			if c < 0x20 && c != '\t' {
				return false
			}
		}
		i++
	}
	return true
}

// inlineSpecial marks the bytes inline looks at; the others are plain text.
var inlineSpecial = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t'
	}
	for _, c := range []byte("`\\@]^<![:.") {
		t[c] = true
	}
	return t
}()

// link scans "[text](dest)" at ln[i] == '[' and returns the offset after it.
func (s *scanner) link(ln []byte, i, line int, image bool) (int, bool) {
	if table, sameRows := s.inTable(); table && !sameRows {
		return 0, false
	}
	j := i + 1
	for j < len(ln) && ln[j] != ']' {
		j++
	}
	if j+1 >= len(ln) || ln[j+1] != '(' || !plainText(ln, i+1, j) {
		return 0, false
	}
	text := strings.TrimSpace(string(ln[i+1 : j]))
	if text == "" {
		return 0, false
	}
	k := j + 2
	for k < len(ln) && ln[k] != ')' {
		switch c := ln[k]; {
		case c <= ' ', c == '(', c == '<', c == '>', c == '\\', c == '&', c == '"', c == '\'',
			c == '[', c == ']', c == '`', c == '|', c == 0x7f:
			return 0, false
		}
		k++
	}
	if k >= len(ln) || k == j+2 {
		return 0, false
	}
	// the position of the first text of the link, less its bracket
	if s.links == nil {
		s.links = make([]Link, 0, 16)
	}
	s.links = append(s.links, Link{Dest: string(ln[j+2 : k]), Text: text, Line: line, Col: i + 1, Image: image})
	return k + 1, true
}

// codeSpan skips a code span of one tick at ln[i] == '`', closed on the same
// line by the next tick, and returns the offset after it: nothing inside is
// a link. Not in a table (whose cells a code span may hold a '|' of), nor
// with '<' or '>' inside (HTML and autolinks may take precedence), nor with
// an '@' that may end the local part of an e-mail address inside (the local
// part may hold ticks: linkify takes "1`a@b.co" for an address before the
// span is seen).
func (s *scanner) codeSpan(ln []byte, i int) (int, bool) {
	if table, _ := s.inTable(); table || (i+1 < len(ln) && ln[i+1] == '`') {
		return 0, false
	}
	for j := i + 1; j < len(ln); j++ {
		switch c := ln[j]; {
		case c == '`':
			if j+1 < len(ln) && ln[j+1] == '`' {
				return 0, false
			}
			return j + 1, true
		case c == '<', c == '>', c < 0x20 && c != '\t':
			return 0, false
		case c == '@' && ln[j-1] != ' ' && ln[j-1] != '\t':
			return 0, false
		}
	}
	return 0, false // closed on a later line, or never
}

// autolink scans "<scheme:…>" or "<address>" at ln[i] == '<' as goldmark's
// autolink parser does.
func (s *scanner) autolink(ln []byte, i, line int, first bool) (int, bool) {
	if table, _ := s.inTable(); !first || table {
		return 0, false
	}
	rest := ln[i+1:]
	stop := util.FindEmailIndex(rest)
	email := true
	if stop < 0 {
		stop = util.FindURLIndex(rest)
		email = false
	}
	if stop < 0 || stop >= len(rest) || rest[stop] != '>' {
		return 0, false
	}
	label := string(rest[:stop])
	dest := label
	if email && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
		dest = "mailto:" + dest
	}
	// goldmark places an autolink at its paragraph's first line, column 1
	s.links = append(s.links, Link{Dest: dest, Text: label, Line: line, Col: 1})
	return i + 1 + stop + 1, true
}
