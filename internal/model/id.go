package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ValidID reports whether s can be a document number or record id: not
// empty, no white space, control or bidirectional formatting characters, no
// path separators, and no leading dot (".", ".." and hidden file names: an id
// names output files and record forms on disk).
func ValidID(s string) bool {
	if s == "" || s[0] == '.' {
		return false
	}
	// ASCII (nearly every id): printable, not a space, not a path separator
	i := 0
	for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c == '/' || c == '\\' {
			return false
		}
	}
	if i == len(s) {
		return true
	}
	if strings.ContainsAny(s, `/\`) {
		return false
	}
	for _, r := range s[i:] {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return false
		}
	}
	return true
}
