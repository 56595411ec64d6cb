package pdf

import (
	"strings"
	"testing"
	"time"
)

// TestMeasureOneRun: measuring one run of text directly gives exactly the
// widths measuring its words gives, for every way spaces, breaks, tabs and
// characters the fonts lack can meet.
func TestMeasureOneRun(t *testing.T) {
	o := newOut("id", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), docMeta{})
	texts := []string{"", " ", "  ", "\n", "\n\n", "a", "a b", "a  b", " a", "a ", "a \nb", "a\n\nb", " \n a",
		"x\ty", "Café\u00a0noir", "emoji 😀 and 中文", "a\u200bb c", strings.Repeat("panjang ", 40),
		"INC-2025-000001", "Laporan keuangan  ke lembar\nkerja gagal di Gedung B lantai 3 ", "\x01ctl\x7f"}
	for _, st := range []style{regBase, regHead, {face: italic, size: 9, super: true}, {face: mono, size: 8}} {
		for _, s := range texts {
			mn1, nat1 := o.measure1(s, st)
			mn2, nat2 := o.measureWords(plain(s, st))
			if mn1 != mn2 || nat1 != nat2 {
				t.Errorf("%q in face %d: measure1 %v %v, words %v %v", s, st.face, mn1, nat1, mn2, nat2)
			}
		}
	}
}
