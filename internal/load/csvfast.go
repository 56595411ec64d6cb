package load

import (
	"errors"
	"io"
	"math/bits"
	"strings"
)

// errNotSimple stops the fast CSV reader: the input has something only
// encoding/csv knows how to report (a stray or unclosed quote), so the caller
// starts over with encoding/csv.
var errNotSimple = errors.New("csv: input needs encoding/csv")

// csvSource is what loadCSV reads rows from: *csv.Reader or *fastCSV.
type csvSource interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
}

type csvPos struct{ line, col int }

// fastCSV reads well-formed CSV held in memory the way encoding/csv reads it
// (FieldsPerRecord -1, ReuseRecord, no comments, no lazy quotes): the same
// records, the same field positions, empty lines skipped, CRLF normalised. Its
// fields are substrings of the input, so a row costs no allocation. On
// anything encoding/csv would report as an error it returns errNotSimple.
type fastCSV struct {
	s    string
	off  int // start of the next physical line
	line int // number of physical lines read so far (encoding/csv's numLine)
	// limit ends the records read: none starts at or after it (len(s) for a
	// whole file; the end of its piece for a piece read by itself)
	limit int
	comma byte
	rec   []string
	pos   []csvPos
}

func newFastCSV(s string, comma byte) *fastCSV {
	return &fastCSV{s: s, comma: comma, limit: len(s)}
}

// newFastCSVPiece reads the records of s that start in s[from:to]; from is
// the start of a record (0 or just after a newline) and line the number of
// newlines before it, so that positions are those of the whole file. A
// record that starts before to and ends after it is read whole (the caller
// sees that r.off > to: the piece was not cut at a record boundary).
func newFastCSVPiece(s string, from, to, line int, comma byte) *fastCSV {
	return &fastCSV{s: s, off: from, line: line, limit: to, comma: comma}
}

func (r *fastCSV) FieldPos(i int) (int, int) {
	if i < 0 || i >= len(r.pos) {
		panic("out of range index passed to FieldPos")
	}
	return r.pos[i].line, r.pos[i].col
}

// readLine returns the next physical line: its start, the end of its text
// (without "\n" or "\r\n"), whether it ended with a newline, and false at the
// end of the input. Like encoding/csv, a "\r" just before the end of input is dropped.
func (r *fastCSV) readLine() (start, end int, nl, ok bool) {
	if r.off >= len(r.s) {
		return 0, 0, false, false
	}
	start = r.off
	i := strings.IndexByte(r.s[start:], '\n')
	r.line++
	if i < 0 {
		end = len(r.s)
		r.off = end
		if end > start && r.s[end-1] == '\r' {
			end--
		}
		return start, end, false, true
	}
	end = start + i
	r.off = end + 1
	if end > start && r.s[end-1] == '\r' {
		end--
	}
	return start, end, true, true
}

func (r *fastCSV) Read() ([]string, error) {
	s := r.s
	var start, end int
	var nl, ok bool
	for {
		if r.off >= r.limit {
			return nil, io.EOF
		}
		start, end, nl, ok = r.readLine()
		if !ok {
			return nil, io.EOF
		}
		if start == end {
			continue // empty line
		}
		break
	}
	r.rec, r.pos = r.rec[:0], r.pos[:0]
	lineStart := start
	p := start // current position in s
	for {
		if p == end || s[p] != '"' {
			// unquoted field: up to the next comma or the end of the line,
			// with no quote before it
			fend := commaOrQuote(s, p, end, r.comma)
			if fend < end && s[fend] == '"' {
				return nil, errNotSimple // bare quote
			}
			r.rec = append(r.rec, s[p:fend])
			r.pos = append(r.pos, csvPos{r.line, p - lineStart + 1})
			if fend < end {
				p = fend + 1
				continue
			}
			return r.rec, nil
		}
		// quoted field, possibly over several lines
		fpos := csvPos{r.line, p - lineStart + 1}
		p++
		cstart := p
		simple := true // the value is s[cstart:closing quote] as is
		for {
			j := strings.IndexByte(s[p:end], '"')
			if j < 0 {
				// the line ends inside the quotes: continue on the next line
				if !nl {
					return nil, errNotSimple // end of input inside quotes
				}
				if s[end] == '\r' {
					simple = false // "\r\n" becomes "\n"
				}
				start, end, nl, ok = r.readLine()
				if !ok {
					return nil, errNotSimple
				}
				lineStart, p = start, start
				continue
			}
			q := p + j // closing or doubled quote
			switch {
			case q+1 < end && s[q+1] == '"':
				simple = false
				p = q + 2
				continue
			case q+1 < end && s[q+1] == r.comma:
				r.rec = append(r.rec, unquote(s[cstart:q], simple))
				r.pos = append(r.pos, fpos)
				p = q + 2
			case q+1 == end:
				r.rec = append(r.rec, unquote(s[cstart:q], simple))
				r.pos = append(r.pos, fpos)
				return r.rec, nil
			default:
				return nil, errNotSimple // text after a closing quote
			}
			break
		}
	}
}

// commaOrQuote returns the index of the first comma or '"' in s[p:end], end
// when there is none: what strings.IndexByte for each of the two would say,
// in one pass eight bytes at a time (most cells are a few bytes long, and a
// call of IndexByte costs more than the scan). It may read past end (never
// past len(s)), and answers no further than end.
func commaOrQuote(s string, p, end int, comma byte) int {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	pc, pq := ones*uint64(comma), ones*uint64('"')
	for p+8 <= len(s) {
		_ = s[p+7]
		w := uint64(s[p]) | uint64(s[p+1])<<8 | uint64(s[p+2])<<16 | uint64(s[p+3])<<24 |
			uint64(s[p+4])<<32 | uint64(s[p+5])<<40 | uint64(s[p+6])<<48 | uint64(s[p+7])<<56
		// a byte of x or y is zero where w holds a comma or a quote; the
		// lowest bit of the mask is exact (a borrow only sets bits above
		// the first zero byte), and the lowest byte is the first one
		x, y := w^pc, w^pq
		if m := ((x-ones)&^x | (y-ones)&^y) & high; m != 0 {
			return min(p+bits.TrailingZeros64(m)>>3, end)
		}
		p += 8
		if p >= end {
			return end
		}
	}
	for ; p < end; p++ {
		if c := s[p]; c == comma || c == '"' {
			return p
		}
	}
	return end
}

// unquote returns the value of a quoted field from its raw text between the quotes.
func unquote(raw string, simple bool) string {
	if simple {
		return raw
	}
	return strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), `""`, `"`)
}

// csvPieces cuts s[from:] into at most n pieces of at least minSize bytes,
// each cut just after a newline that ends a record, so that the pieces can be
// read at the same time (newFastCSVPiece). It returns the n+1 boundaries
// (from first, len(s) last) and, for each, the number of newlines before it.
//
// A newline ends a record when an even number of quotes stands between from
// (a record start) and it: in CSV that newFastCSV reads, quotes come in pairs
// (a quoted field opens and closes; a doubled quote inside it is two). In
// other CSV the guess can be wrong; then a piece's reader stops with
// errNotSimple or reads a record past its piece's end, and the caller reads
// the file as a whole instead.
func csvPieces(s string, from, n, minSize int) (bounds, lines []int) {
	bounds, lines = []int{from}, []int{strings.Count(s[:from], "\n")}
	size := max((len(s)-from)/max(n, 1), minSize, 1)
	prev := from
	for {
		t := prev + size
		if t >= len(s)-minSize/2 {
			break
		}
		odd := strings.Count(s[prev:t], `"`)%2 == 1
		cut := -1
		for j := t; j < len(s); {
			nl := strings.IndexByte(s[j:], '\n')
			if nl < 0 {
				break
			}
			if strings.Count(s[j:j+nl], `"`)%2 == 1 {
				odd = !odd
			}
			j += nl + 1
			if !odd {
				cut = j
				break
			}
		}
		if cut < 0 || cut >= len(s) {
			break
		}
		lines = append(lines, lines[len(lines)-1]+strings.Count(s[prev:cut], "\n"))
		bounds = append(bounds, cut)
		prev = cut
	}
	return append(bounds, len(s)), append(lines, lines[len(lines)-1]+strings.Count(s[prev:], "\n"))
}
