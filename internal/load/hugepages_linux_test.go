package load

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/smsgen/smsgen/internal/model"
	"golang.org/x/sys/unix"
)

// TestBigSlabAdvisedHuge: the cells of a large register's records, and the
// text of a large register, lie in memory the kernel is asked to back with
// huge pages (the mapping carries the "hg" flag), and the records of such a
// slab are usable like any other.
func TestBigSlabAdvisedHuge(t *testing.T) {
	hp := hugePageSize()
	if hp == 0 {
		t.Skip("the kernel has no transparent huge pages")
	}
	probe := make([]byte, 4*hp)
	beg := (uintptr(unsafe.Pointer(&probe[0])) + hp - 1) &^ (hp - 1)
	if err := unix.Madvise(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(&probe[0]), beg-uintptr(unsafe.Pointer(&probe[0])))), hp), unix.MADV_HUGEPAGE); err != nil {
		t.Skipf("the kernel refuses MADV_HUGEPAGE: %v", err)
	}
	s := recordSlab{fields: 28, arena: model.NewArena("")}
	s.reserve(40000) // as a piece of a large register does
	recs := make([]*model.Record, 3)
	for i := range recs {
		recs[i] = s.next(model.Pos{File: "registers/x.csv", Line: i + 2})
		recs[i].Put(27, "nilai", i+2, 5)
	}
	for i, r := range recs {
		if len(r.Cells) != 28 || r.Raw(27) != "nilai" || int(r.Cell(27).Line) != i+2 || r.Pos.Line != i+2 {
			t.Fatalf("record %d: %d cells, %q at line %d", i, len(r.Cells), r.Raw(27), r.Cell(27).Line)
		}
	}
	cells := uintptr(unsafe.Pointer(&recs[0].Cells[0]))
	if !advisedHuge(t, (cells+hp-1)&^(hp-1)) {
		t.Errorf("the cells of a big slab are not advised for huge pages")
	}
	buf, err := readBounded(writeBig(t, 8<<20), 8<<20)
	if err != nil || len(buf) != 8<<20 {
		t.Fatalf("readBounded: %d bytes, %v", len(buf), err)
	}
	text := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	if !advisedHuge(t, (text+hp-1)&^(hp-1)) {
		t.Errorf("the text of a big register is not advised for huge pages")
	}
}

func writeBig(t *testing.T, n int) string {
	p := t.TempDir() + "/big.csv"
	if err := os.WriteFile(p, []byte(strings.Repeat("a,b\n", n/4)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// advisedHuge reports whether the mapping that holds addr has the "hg"
// flag in /proc/self/smaps (madvise MADV_HUGEPAGE).
func advisedHuge(t *testing.T, addr uintptr) bool {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		ln := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(ln + " ")[0], "-"); ok && !strings.HasSuffix(ln, ":") {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				in = uint64(addr) >= a && uint64(addr) < b
				continue
			}
		}
		if in && strings.HasPrefix(ln, "VmFlags:") {
			return strings.Contains(ln+" ", " hg ")
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return false
}
