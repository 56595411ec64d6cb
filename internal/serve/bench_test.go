package serve

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/synth"
)

// synthSite writes the synthetic site of n documents and rows incidents.
func synthSite(b testing.TB, docs, rows int) (string, []string) {
	b.Helper()
	root := b.TempDir()
	if err := synth.Write(root, synth.Options{Docs: docs, Rows: rows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	var list []string
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			list = append(list, filepath.ToSlash(rel))
		}
		return nil
	})
	return root, list
}

// benchRows is the number of incident rows of the benchmarks' site: 1,000,
// or SMSGEN_BENCH_ROWS (the ministry-size site: SMSGEN_BENCH_ROWS=100000).
func benchRows(b testing.TB) int {
	v := os.Getenv("SMSGEN_BENCH_ROWS")
	if v == "" {
		return 1000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		b.Fatalf("SMSGEN_BENCH_ROWS=%q: want a number of rows", v)
	}
	return n
}

// BenchmarkRebuildAfterDocumentEdit measures one rebuild after a document's
// body changed on the 1,000-document synthetic site: validation through the
// load cache and the incremental HTML rendering (no watcher, no HTTP).
//
//	go test -run '^$' -bench RebuildAfter -benchtime 50x ./internal/serve
//	SMSGEN_BENCH_ROWS=100000 go test -run '^$' -bench RebuildAfter -benchtime 5x ./internal/serve
func BenchmarkRebuildAfterDocumentEdit(b *testing.B) {
	root, docs := synthSite(b, 1000, benchRows(b))
	s, err := New(Options{Root: root, Out: filepath.Join(b.TempDir(), "out"), Today: today, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	if rep := s.Rebuild(Batch{Full: true, Reason: "start"}); !rep.OK {
		b.Fatalf("first build: %+v", rep)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var checked, first time.Duration
	defer func() {
		b.ReportMetric(float64(checked.Microseconds())/1000/float64(b.N), "ms-check/op")
		b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "ms-page-served/op")
	}()
	for i := 0; i < b.N; i++ {
		rel := docs[(i*37)%len(docs)]
		p := filepath.Join(root, filepath.FromSlash(rel))
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, append(body, fmt.Sprintf("\nSuntingan %d.\n", i)...), 0o644); err != nil {
			b.Fatal(err)
		}
		rep := s.Rebuild(Batch{Paths: []string{rel}})
		if !rep.OK || rep.Full {
			b.Fatalf("rebuild: %+v", rep)
		}
		checked += rep.Checked
		first += rep.FirstServed
	}
}

// BenchmarkRebuildAfterRegisterEdit: one incident changed in a 1,000-row register.
func BenchmarkRebuildAfterRegisterEdit(b *testing.B) {
	root, _ := synthSite(b, 1000, benchRows(b))
	s, err := New(Options{Root: root, Out: filepath.Join(b.TempDir(), "out"), Today: today, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	if rep := s.Rebuild(Batch{Full: true, Reason: "start"}); !rep.OK {
		b.Fatalf("first build: %+v", rep)
	}
	p := filepath.Join(root, "registers", "incidents.csv")
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitN(string(orig), "\n", 3)
	id, rest, _ := strings.Cut(lines[1], ",")
	rest = rest[strings.IndexByte(rest, ','):]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		row := id + ",Judul insiden suntingan " + fmt.Sprint(i) + rest
		if err := os.WriteFile(p, []byte(lines[0]+"\n"+row+"\n"+lines[2]), 0o644); err != nil {
			b.Fatal(err)
		}
		rep := s.Rebuild(Batch{Paths: []string{"registers/incidents.csv"}})
		if !rep.OK || rep.Full {
			b.Fatalf("rebuild: %+v", rep)
		}
	}
}

// BenchmarkCheckCached measures loading (through the cache) and validating the
// 1,000-document synthetic site after one document changed.
func BenchmarkCheckCached(b *testing.B) {
	root, docs := synthSite(b, 1000, benchRows(b))
	cache := load.NewCache()
	if _, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Cache: cache}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cache.Forget(docs[(i*37)%len(docs)])
		if _, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Cache: cache}); err != nil {
			b.Fatal(err)
		}
	}
}
