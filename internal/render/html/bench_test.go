package html_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/cli"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// BenchmarkRender1000 renders the HTML outputs of a synthetic site of 1,000
// documents and a 1,000-row incident register (validation excluded).
//
//	go test ./internal/render/html -run '^$' -bench Render1000 -benchtime 5x
func BenchmarkRender1000(b *testing.B) {
	testutil.BenchRender(b, synth.Options{Docs: 1000, Rows: 1000, Seed: 1}, "html", html.Renderer{})
}

// BenchmarkBuild1000 runs the whole `smsgen build --only html` (load,
// validate, render, zip, swap) through the CLI on the same synthetic site, as
// a rebuild into the output of an earlier build (made before the timer
// starts) after one document was edited (untimed), so that it renders (with
// nothing changed the build leaves the output as it is: that rebuild is
// BenchmarkRebuild1000/UpToDate of package cli); use it with -cpuprofile to
// see where a build spends its time. It
// reports the CPU time too (user-ms/op, sys-ms/op): on a shared machine it
// varies less than the wall time.
//
//	go test ./internal/render/html -run '^$' -bench Build1000 -benchtime 5x -cpuprofile /tmp/cpu.out
//
// On the 2-core machine (busy: the wall time is not comparable), -count 3:
// before the folders of an output were placed afresh (see output.MkdirAll)
// the first build took 1,590-1,690 sys-ms and 750-800 user-ms, after it
// 290-370 sys-ms and 685-690 user-ms. A rebuild links most of its files
// from the previous output and creates few: 120-190 sys-ms and 570-630
// user-ms, before and after.
//
// The document, record and SOP pages written in Go (gopages.go), the
// search entries tokenized into reused maps, goldmark's linkify parser and
// text writer asked only where they have something to do, the zip's
// spooled entries copied through one buffer, the files of a folder written
// one at a time, one listing per folder of the other outputs, the search
// index rendered beside the last pages: -benchtime 5x, three runs
// alternating with the build before (busy machine): a rebuild 539-564 ->
// 355-426 user-ms (-30 %), 360-380 -> 250-291 ms; 270 -> 157 MB and 1.69 ->
// 1.14 million allocations a build.
func BenchmarkBuild1000(b *testing.B) { benchBuild(b, false) }

// BenchmarkBuild1000First is BenchmarkBuild1000 into an empty folder every
// time (the removal of the previous output is not timed): every file is
// created and compressed anew, as in a first build (or a CI checkout).
//
//	go test ./internal/render/html -run '^$' -bench Build1000First -benchtime 5x
//
// With the changes listed at BenchmarkBuild1000, same runs: 640-677 ->
// 499-589 user-ms (-19 %; a third of what is left is deflating site.zip and
// parsing the Markdown); 233 -> 154 MB and 1.66 -> 1.11 million allocations
// a build. The system time (518-1,278 sys-ms in these runs) is most of it
// creating the files, and depends on what the file system freed in the last
// minutes (see output.MkdirAll): ext4 places a new folder in the group with
// the fewest folders, which is often the one the output removed just before
// held, and a new file there skips each inode removed in the last minutes.
func BenchmarkBuild1000First(b *testing.B) { benchBuild(b, true) }

// benchBuild times `smsgen build --only html` of the synthetic site, into an
// empty folder each time when fresh (the removal not timed).
func benchBuild(b *testing.B, fresh bool) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 1000, Rows: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "output")
	build := func() {
		var stdout, stderr bytes.Buffer
		if code := cli.Main([]string{"build", "--root", dir, "--out", out, "--only", "html", "--today", "2026-11-21"}, &stdout, &stderr); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
	docs, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	if len(docs) == 0 {
		b.Fatal("no documents")
	}
	orig, err := os.ReadFile(docs[0])
	if err != nil {
		b.Fatal(err)
	}
	if !fresh {
		build() // the output a rebuild starts from
	}
	b.ResetTimer()
	var stopped [2]time.Duration // CPU time of the untimed removals and edits
	u0, s0 := cpuTimes()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		u1, s1 := cpuTimes()
		if fresh {
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
		} else {
			// one document edited: the build renders (see BenchmarkBuild1000)
			edit := append(append([]byte{}, orig...), fmt.Sprintf("\nSuntingan %d.\n", i)...)
			if err := os.WriteFile(docs[0], edit, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		u2, s2 := cpuTimes()
		stopped[0] += u2 - u1
		stopped[1] += s2 - s1
		b.StartTimer()
		build()
	}
	reportCPU(b, u0+stopped[0], s0+stopped[1])
}
