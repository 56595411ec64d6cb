package review

import "strings"

// CompareVersions compares two document versions segment by segment
// (separated by dots): numeric segments numerically (1.10 > 1.9, 01 < 02,
// 1 = 1.0 = 01), other segments by natural order of their digit and
// non-digit runs. A leading v is ignored. It returns -1, 0 or +1.
func CompareVersions(a, b string) int {
	as, bs := segments(a), segments(b)
	n := max(len(as), len(bs))
	for i := 0; i < n; i++ {
		x, y := "0", "0"
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
		}
		if c := natural(x, y); c != 0 {
			return c
		}
	}
	return 0
}

func segments(v string) []string {
	v = strings.TrimSpace(v)
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	if v == "" {
		return nil
	}
	return strings.Split(v, ".")
}

// natural compares two segments by runs: digit runs numerically, others as text.
func natural(a, b string) int {
	for a != "" && b != "" {
		ra, restA := run(a)
		rb, restB := run(b)
		da, db := isDigits(ra), isDigits(rb)
		var c int
		switch {
		case da && db:
			c = numCmp(ra, rb)
		case da: // a number sorts before text (1 < 1a is handled by length below)
			c = -1
		case db:
			c = 1
		default:
			c = strings.Compare(strings.ToLower(ra), strings.ToLower(rb))
		}
		if c != 0 {
			return c
		}
		a, b = restA, restB
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func run(s string) (string, string) {
	d := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == d {
		i++
	}
	return s[:i], s[i:]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool { return s != "" && isDigit(s[0]) }

// numCmp compares digit strings of any length numerically.
func numCmp(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
