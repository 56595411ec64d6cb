package load

import (
	"testing"

	"github.com/smsgen/smsgen/internal/model"
)

// TestSlabReserve: records reserved come from one block of just the room
// the slab lacked, and restOf estimates the rest of a piece from its first
// rows with a little to spare, never less than what the same rate gives.
func TestSlabReserve(t *testing.T) {
	s := recordSlab{fields: 3, arena: model.NewArena("")}
	for range 100 {
		s.next(model.Pos{})
	}
	if len(s.recs) != blockSize-100 {
		t.Fatalf("after 100 records %d left of the first block, want %d", len(s.recs), blockSize-100)
	}
	s.reserve(5000)
	allocs := 0
	for i := range 5000 {
		fresh := len(s.recs) == 0
		if r := s.next(model.Pos{}); len(r.Cells) != 3 {
			t.Fatalf("record %d has %d cells", i, len(r.Cells))
		}
		if fresh {
			allocs++
			if want := 5000 - (blockSize - 100); i != blockSize-100 || len(s.recs)+1 != want {
				t.Fatalf("record %d: a block of %d records, want %d after the first block is used up", i, len(s.recs)+1, want)
			}
		}
	}
	if allocs != 1 || len(s.recs) != 0 {
		t.Errorf("%d blocks allocated for 5,000 reserved records, %d records left over: want 1 and 0", allocs, len(s.recs))
	}
	s.reserve(0) // nothing more announced: blocks of blockSize again
	s.next(model.Pos{})
	if len(s.recs) != blockSize-1 {
		t.Errorf("with nothing reserved a block of %d, want %d", len(s.recs)+1, blockSize)
	}
	for _, c := range []struct{ rows, done, left, min, max int }{
		{256, 256 * 700, 9 << 20, (9 << 20) / 700, (9<<20)/700*105/100 + 16},
		{256, 1000, 0, 0, 16},
		{256, 0, 100, 0, 0},
	} {
		if got := restOf(c.rows, c.done, c.left); got < c.min || got > c.max {
			t.Errorf("restOf(%d, %d, %d) = %d, want %d..%d", c.rows, c.done, c.left, got, c.min, c.max)
		}
	}
}
