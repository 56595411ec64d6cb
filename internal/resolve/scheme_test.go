package resolve

import (
	"regexp"
	"testing"
)

// schemeLen finds the scheme the regular expression it stands for finds, on
// every string of up to four characters of an alphabet of the cases.
func TestSchemeLenAgreesWithRegexp(t *testing.T) {
	re := regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`)
	alphabet := []string{"a", "Z", "1", "+", ".", "-", ":", "/", "#", " ", "é", "_"}
	var all func(s string, n int)
	all = func(s string, n int) {
		want := 0
		if m := re.FindStringSubmatch(s); m != nil {
			want = len(m[1])
		}
		if got := schemeLen(s); got != want {
			t.Fatalf("schemeLen(%q) = %d, want %d", s, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			all(s+c, n-1)
		}
	}
	all("", 4)
	for _, s := range []string{"doc:KEB-001", "reg:incidents/INC-1", "https://x", "javascript:alert(1)", "C:\\x", "vbscript:x", "data:text/html", "a+b.c-d:x", "../x.md", "x.md#a:b"} {
		all(s, 0)
	}
}
