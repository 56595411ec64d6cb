package html

import (
	"slices"
	"testing"
)

// The pages a table page links to: all of them up to maxListedPages; above,
// a bounded choice, ascending, holding the first and last page and the
// neighbours of the page, from which any page is reached in a few clicks.
func TestPagesLinked(t *testing.T) {
	if got := pagesLinked(3, maxListedPages); len(got) != maxListedPages || got[0] != 1 || got[len(got)-1] != maxListedPages {
		t.Fatalf("a register of %d pages links %d of them", maxListedPages, len(got))
	}
	for _, n := range []int{maxListedPages + 1, 150, 999, 1000, 1001, 4000} {
		most, worst := 0, 0
		links := make([][]int, n+1)
		for p := 1; p <= n; p++ {
			got := pagesLinked(p, n)
			links[p] = got
			if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
				t.Fatalf("n %d page %d: %v not ascending once each", n, p, got)
			}
			for _, want := range []int{1, n, p, max(p-1, 1), min(p+1, n)} {
				if _, ok := slices.BinarySearch(got, want); !ok {
					t.Fatalf("n %d page %d: %v lacks page %d", n, p, got, want)
				}
			}
			if got[0] < 1 || got[len(got)-1] > n {
				t.Fatalf("n %d page %d: %v outside 1…%d", n, p, got, n)
			}
			most = max(most, len(got))
		}
		// the clicks from some pages to every page (breadth first)
		for _, from := range []int{1, n / 3, n/2 + 7, n} {
			dist := make([]int, n+1)
			for i := range dist {
				dist[i] = -1
			}
			dist[from] = 0
			queue := []int{from}
			for len(queue) > 0 {
				p := queue[0]
				queue = queue[1:]
				for _, q := range links[p] {
					if dist[q] < 0 {
						dist[q] = dist[p] + 1
						queue = append(queue, q)
					}
				}
			}
			for q := 1; q <= n; q++ {
				if dist[q] < 0 {
					t.Fatalf("n %d: page %d cannot be reached from page %d", n, q, from)
				}
				worst = max(worst, dist[q])
			}
		}
		if most > 40 || worst > 8 {
			t.Errorf("n %d: up to %d links a page, up to %d clicks to a page", n, most, worst)
		}
		t.Logf("n %d: up to %d links a page, up to %d clicks", n, most, worst)
	}
}
