package validate

import "testing"

// isASCII agrees with a byte-by-byte scan for a non-ASCII byte at every
// position of strings of every length around the eight-byte stride.
func TestIsASCIIAgreesWithByteScan(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return false
			}
		}
		return true
	}
	for n := 0; n <= 25; n++ {
		base := make([]byte, n)
		for i := range base {
			base[i] = byte('a' + i%26)
		}
		if got := isASCII(string(base)); !got {
			t.Errorf("len %d all ASCII: isASCII = false", n)
		}
		for pos := 0; pos < n; pos++ {
			for _, b := range []byte{0x7f, 0x80, 0xc3, 0xff} {
				s := append([]byte(nil), base...)
				s[pos] = b
				if got, want := isASCII(string(s)), slow(string(s)); got != want {
					t.Errorf("len %d, byte %#x at %d: isASCII = %v, want %v", n, b, pos, got, want)
				}
			}
		}
	}
	for _, s := range []string{"Kantor Wilayah Sumatera Utara", "Senin–Jumat 07.30–16.00 WIB", "ü", "abcdefgh\u00e9"} {
		if got, want := isASCII(s), slow(s); got != want {
			t.Errorf("%q: isASCII = %v, want %v", s, got, want)
		}
	}
}
