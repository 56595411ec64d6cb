package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestSpool: pieces below the bound stay in memory, the rest go to the
// spool's file; every piece reads back as it was kept, also when kept from
// many goroutines and with the caller's buffer reused; Remove deletes the file.
func TestSpool(t *testing.T) {
	old := SpoolAbove
	SpoolAbove = 1000
	defer func() { SpoolAbove = old }()
	dir := t.TempDir()
	s := NewSpool(dir)
	var (
		mu     sync.Mutex
		pieces = map[string]Piece{}
		wg     sync.WaitGroup
	)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 512)
			for i := 0; i < 50; i++ {
				want := fmt.Sprintf("goroutine %d piece %d %s", g, i, bytes.Repeat([]byte{byte('a' + i%26)}, i*7))
				buf = append(buf[:0], want...)
				p, err := s.Keep(buf)
				if err != nil {
					t.Error(err)
					return
				}
				for j := range buf {
					buf[j] = 'X' // the caller reuses its buffer
				}
				mu.Lock()
				pieces[want] = p
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	inMem, inFile := 0, 0
	for want, p := range pieces {
		if p.src == nil {
			inMem++
		} else {
			inFile++
		}
		var b bytes.Buffer
		if err := p.WriteTo(&b, make([]byte, 7)); err != nil {
			t.Fatal(err)
		}
		if b.String() != want || p.Len() != int64(len(want)) {
			t.Fatalf("piece reads back %q (len %d), want %q", b.String(), p.Len(), want)
		}
	}
	if inMem == 0 || inFile == 0 || !s.Spooled() {
		t.Errorf("%d pieces in memory, %d in the file (spooled %v): want both", inMem, inFile, s.Spooled())
	}
	held := int64(0)
	for _, p := range pieces {
		if p.src == nil {
			held += p.Len()
		}
	}
	if held > SpoolAbove {
		t.Errorf("%d bytes held in memory, bound %d", held, SpoolAbove)
	}
	s.Remove()
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("files left after Remove: %v", left)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
