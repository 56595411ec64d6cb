package review_test

import (
	"testing"

	"github.com/smsgen/smsgen/internal/review"
)

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1.10", "1.9", 1},
		{"1.9", "1.10", -1},
		{"01", "02", -1},
		{"01", "1", 0},
		{"1", "1.0", 0},
		{"1.0", "1.0.1", -1},
		{"2.3.1", "2.3", 1},
		{"v2.0", "1.9", 1},
		{"1.0-rc2", "1.0-rc10", -1},
		{"1.0a", "1.0", 1},
		{"99999999999999999999.1", "99999999999999999999.0", 1},
		{"A", "B", -1},
		{"1.0", "1.0", 0},
	} {
		if got := review.CompareVersions(c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := review.CompareVersions(c.b, c.a); got != -c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d (antisymmetry)", c.b, c.a, got, -c.want)
		}
	}
}
