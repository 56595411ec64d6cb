package html_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/cli"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// BenchmarkRender1000 renders the HTML outputs of a synthetic site of 1,000
// documents and a 1,000-row incident register (validation excluded).
//
//	go test ./internal/render/html -run '^$' -bench Render1000 -benchtime 5x
func BenchmarkRender1000(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 1000, Rows: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	today := testutil.Today
	res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	if res.Errors() > 0 {
		b.Fatalf("synthetic site has %d errors", res.Errors())
	}
	out := b.TempDir()
	facts := resolve.Run(res.Site, res.Lang, today)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var c diag.Collector
		ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: today,
			Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "bench", Facts: facts}
		if err := output.Run(ctx, output.Options{Out: out, Renderers: map[string]output.Renderer{"html": html.Renderer{}}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild1000 runs the whole `smsgen build --only html` (load,
// validate, render, zip, swap) through the CLI on the same synthetic site; use
// it with -cpuprofile to see where a build spends its time.
//
//	go test ./internal/render/html -run '^$' -bench Build1000 -benchtime 5x -cpuprofile /tmp/cpu.out
func BenchmarkBuild1000(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 1000, Rows: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "output")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var stdout, stderr bytes.Buffer
		if code := cli.Main([]string{"build", "--root", dir, "--out", out, "--only", "html", "--today", "2026-11-21"}, &stdout, &stderr); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}

// BenchmarkBuild1000First is BenchmarkBuild1000 into an empty folder every
// time (the removal of the previous output is not timed): every file is
// created and compressed anew, as in a first build (or a CI checkout).
//
//	go test ./internal/render/html -run '^$' -bench Build1000First -benchtime 5x
func BenchmarkBuild1000First(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Options{Docs: 1000, Rows: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "output")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var stdout, stderr bytes.Buffer
		if code := cli.Main([]string{"build", "--root", dir, "--out", out, "--only", "html", "--today", "2026-11-21"}, &stdout, &stderr); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}
