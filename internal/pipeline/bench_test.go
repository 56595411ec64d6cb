package pipeline_test

// Validation benchmarks on synthetic sites (internal/synth). Each site is
// generated once per size, outside the timer, and removed when the run ends.
//
//	go test -run '^$' -bench . -benchmem -benchtime 5x ./internal/pipeline
//
// ns/row and ns/doc divide the time of one validation by the site's size: the
// 10k- and 100k-row benchmarks should show about the same ns/row (no rule is
// quadratic).

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/synth"
)

var (
	sitesMu sync.Mutex
	sites   = map[synth.Options]string{}
	tmpRoot string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// site returns the folder of a synthetic site of that size, writing it on first use.
func site(b *testing.B, o synth.Options) string {
	b.Helper()
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if dir, ok := sites[o]; ok {
		return dir
	}
	if tmpRoot == "" {
		d, err := os.MkdirTemp("", "smsgen-bench-")
		if err != nil {
			b.Fatal(err)
		}
		tmpRoot = d
	}
	dir := fmt.Sprintf("%s/d%d-r%d-s%d-%s", tmpRoot, o.Docs, o.Rows, o.Seed, o.Shape)
	if err := synth.Write(dir, o); err != nil {
		b.Fatal(err)
	}
	sites[o] = dir
	return dir
}

func benchValidate(b *testing.B, docs, rows int) {
	benchValidateWith(b, synth.Options{Docs: docs, Rows: rows, Seed: 1}, true)
}

// benchValidateWith validates the synthetic site o as smsgen validate does
// (noTree: no syntax trees) or as the first half of smsgen build does.
func benchValidateWith(b *testing.B, o synth.Options, noTree bool) {
	benchValidateDir(b, site(b, o), o.Docs, o.Rows, noTree)
}

// benchValidateDir validates the site at dir, of docs documents and rows incidents.
func benchValidateDir(b *testing.B, dir string, docs, rows int, noTree bool) {
	today, _ := time.Parse("2006-01-02", synth.Today)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today, NoTree: noTree})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(res.Findings); n != 0 {
			f := res.Findings[0]
			b.Fatalf("synthetic site has %d findings, first: %s:%d: %s %s", n, f.File, f.Line, f.Code, f.Message)
		}
	}
	b.StopTimer()
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	if rows > 0 {
		b.ReportMetric(per/float64(rows), "ns/row")
	}
	if docs > 0 {
		b.ReportMetric(per/float64(docs), "ns/doc")
	}
}

// The target: 1,000 documents plus a 100,000-row incident register.
func BenchmarkValidate1000Docs100kRows(b *testing.B) { benchValidate(b, 1000, 100000) }

// The same in the three shapes of the register that smsgen validate is
// timed against csvclean with (short cells, long free text, many columns),
// and the wide one with an "é" in its first record (wide-accent): the
// register's file is then not all ASCII, and the check for characters the
// PDF fonts lack looks closer at the records near it.
func BenchmarkValidate1000Docs100kRowsShape(b *testing.B) {
	for _, shape := range slices.Concat(synth.Shapes, []string{"wide-accent"}) {
		b.Run(shape, func(b *testing.B) {
			o := synth.Options{Docs: 1000, Rows: 100000, Seed: 1, Shape: shape}
			if shape == "wide-accent" {
				o.Shape = synth.ShapeWide
				dir := accentSite(b, o)
				benchValidateDir(b, dir, o.Docs, o.Rows, true)
				return
			}
			benchValidateWith(b, o, true)
		})
	}
}

// accentSite returns a copy of the synthetic site o whose first incident
// has an "é" in its title, writing it on first use.
func accentSite(b *testing.B, o synth.Options) string {
	b.Helper()
	src := site(b, o)
	sitesMu.Lock()
	defer sitesMu.Unlock()
	dir := src + "-accent"
	if _, err := os.Stat(dir); err == nil {
		return dir
	}
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "registers", "incidents.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	nl := bytes.IndexByte(data, '\n')
	comma := nl + 1 + bytes.IndexByte(data[nl+1:], ',')
	data = slices.Concat(data[:comma+1], []byte("é"), data[comma+1:])
	if err := os.WriteFile(p, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// Documents only.
func BenchmarkValidateDocs100(b *testing.B)  { benchValidate(b, 100, 0) }
func BenchmarkValidateDocs1000(b *testing.B) { benchValidate(b, 1000, 0) }

// Documents only, with their syntax trees parsed and kept (what build loads).
func BenchmarkValidateDocs1000Trees(b *testing.B) {
	benchValidateWith(b, synth.Options{Docs: 1000, Seed: 1}, false)
}

// The CSV register only (with the small registers its references need).
func BenchmarkValidateCSV10kRows(b *testing.B)  { benchValidate(b, 0, 10000) }
func BenchmarkValidateCSV100kRows(b *testing.B) { benchValidate(b, 0, 100000) }

// The synthetic site of the speed comparison (go run ./cmd/synth -docs
// 1000 -rows 1000 -seed 1): what `smsgen validate` does on it, in process
// (without syntax trees: plain bodies are scanned).
func BenchmarkValidateSynthetic(b *testing.B) { benchValidate(b, 1000, 1000) }
