package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

func TestDecideProgress(t *testing.T) {
	for _, c := range []struct {
		quiet, verbose, terminal, ci bool
		want                         progressMode
	}{
		{terminal: true, want: progressLive},
		{terminal: true, ci: true, want: progressOff},
		{terminal: false, want: progressOff},
		{terminal: false, ci: true, want: progressOff},
		{quiet: true, terminal: true, want: progressOff},
		{verbose: true, terminal: false, want: progressLines},
		{verbose: true, terminal: true, ci: true, want: progressLines},
		{verbose: true, quiet: true, terminal: true, want: progressOff},
	} {
		if got := decideProgress(c.quiet, c.verbose, c.terminal, c.ci); got != c.want {
			t.Errorf("quiet %v verbose %v terminal %v ci %v: %v, want %v", c.quiet, c.verbose, c.terminal, c.ci, got, c.want)
		}
	}
	for v, want := range map[string]bool{"": false, "true": true, "1": true, "yes": true, "false": false, "0": false, " ": false} {
		if got := inCI(func(string) string { return v }); got != want {
			t.Errorf("CI=%q: in CI %v, want %v", v, got, want)
		}
	}
}

// clock is a fake clock that moves by step at every reading.
func clock(step time.Duration) func() time.Time {
	t := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	first := true
	return func() time.Time {
		if !first {
			t = t.Add(step)
		}
		first = false
		return t
	}
}

func TestProgressFormat(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(progressLines, &b, clock(1500*time.Millisecond))
	p.step("validate: %d documents", 3)
	p.step("render: pdf")
	p.end()
	if want := "[   1.5s] validate: 3 documents\n[   3.0s] render: pdf\n"; b.String() != want {
		t.Errorf("lines:\n%q\nwant\n%q", b.String(), want)
	}

	b.Reset()
	p = newProgress(progressLive, &b, clock(time.Second))
	p.step("validate")
	p.step("render: pdf")
	p.end()
	if want := "\r\x1b[K[   1.0s] validate\r\x1b[K[   2.0s] render: pdf\r\x1b[K"; b.String() != want {
		t.Errorf("live:\n%q\nwant\n%q", b.String(), want)
	}

	b.Reset()
	p = newProgress(progressLive, &b, clock(time.Second))
	p.width = 20
	p.step("render: 0 of 3 outputs done; rendering html, pdf")
	if want := "\r\x1b[K[   1.0s] render: …"; b.String() != want {
		t.Errorf("live line cut to 20 columns: %q, want %q", b.String(), want)
	}

	b.Reset()
	p = newProgress(progressOff, &b, nil)
	p.tick(time.Millisecond)
	p.step("validate")
	p.end()
	if b.Len() != 0 {
		t.Errorf("off printed %q", b.String())
	}
}

// TestProgressTicks: a live line is redrawn while a stage runs, so its
// elapsed time moves, and cleared at the end.
func TestProgressTicks(t *testing.T) {
	var b testutil.SyncBuffer
	p := newProgress(progressLive, &b, nil)
	p.tick(5 * time.Millisecond)
	p.step("render: pdf")
	time.Sleep(60 * time.Millisecond)
	p.end()
	s := b.String()
	if n := strings.Count(s, "render: pdf"); n < 3 {
		t.Errorf("the live line was drawn %d times in 60 ms at a 5 ms tick: %q", n, s)
	}
	if !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("the live line is not cleared at the end: %q", s)
	}
}

type fakeRenderer struct{ err error }

func (f fakeRenderer) Render(*output.Context) error { return f.err }

// TestProgressRenderers: each renderer reports its end with the time it took
// and the count done; its error passes through.
func TestProgressRenderers(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(progressLines, &b, clock(time.Second))
	boom := errors.New("boom")
	rs := p.renderers(map[string]output.Renderer{"pdf": fakeRenderer{}, "xlsx": fakeRenderer{boom}}, nil)
	if err := rs["pdf"].Render(nil); err != nil {
		t.Fatal(err)
	}
	if err := rs["xlsx"].Render(nil); err != boom {
		t.Fatalf("error %v, want boom", err)
	}
	// the clock moves a second at every reading: the start, then each line and each renderer's start and end
	want := "[   2.0s] render: 0 of 2 outputs done; rendering pdf\n" +
		"[   4.0s] render: pdf done in 2.0s (1 of 2)\n" +
		"[   6.0s] render: 1 of 2 outputs done; rendering xlsx\n" +
		"[   8.0s] render: xlsx done in 2.0s (2 of 2)\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	off := newProgress(progressOff, &b, nil)
	orig := map[string]output.Renderer{"pdf": fakeRenderer{}}
	if got := off.renderers(orig, nil); got["pdf"] != orig["pdf"] {
		t.Error("a silent progress wraps the renderers")
	}
}

// countingFake reports n files written, one by one.
type countingFake struct {
	n        int
	progress func(done, total int)
}

func (c countingFake) Render(*output.Context) error {
	for i := 1; i <= c.n; i++ {
		c.progress(i, c.n)
	}
	return nil
}

func (c countingFake) WithProgress(f func(done, total int)) output.Renderer {
	c.progress = f
	return c
}

// TestProgressFiles: a renderer that counts its files shows the count while
// it runs: on every file on a live line, on every tenth as lines.
func TestProgressFiles(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(progressLines, &b, clock(time.Second))
	rs := p.renderers(map[string]output.Renderer{"pdf": countingFake{n: 20}}, nil)
	if err := rs["pdf"].Render(nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 12 || !strings.HasSuffix(lines[1], "render: 0 of 1 outputs done; rendering pdf 2/20 files") ||
		!strings.HasSuffix(lines[10], "rendering pdf 20/20 files") || !strings.Contains(lines[11], "render: pdf done in") {
		t.Errorf("lines:\n%s", b.String())
	}
	b.Reset()
	p = newProgress(progressLive, &b, clock(time.Second))
	rs = p.renderers(map[string]output.Renderer{"pdf": countingFake{n: 20}}, nil)
	_ = rs["pdf"].Render(nil)
	if n := strings.Count(b.String(), " files"); n != 20 {
		t.Errorf("a live line drew %d file counts, want 20:\n%q", n, b.String())
	}
	// hundreds of files a second (the clock moves 1 ms at every reading): a
	// count is drawn at most every redrawEvery, the stages every time, and
	// the last count is what the tick draws
	b.Reset()
	p = newProgress(progressLive, &b, clock(time.Millisecond))
	rs = p.renderers(map[string]output.Renderer{"pdf": countingFake{n: 1000}}, nil)
	_ = rs["pdf"].Render(nil)
	draws := strings.Split(b.String(), "\r\x1b[K")[1:]
	counts := 0
	for _, d := range draws {
		if strings.Contains(d, " files") {
			counts++
		}
	}
	if counts < 5 || counts > 12 || !strings.Contains(draws[0], "rendering pdf") || !strings.Contains(draws[len(draws)-1], "render: pdf done in") {
		t.Errorf("1,000 files in a second drew %d file counts (want 5 to 12, one every %v), and the stages:\n%q", counts, redrawEvery, draws)
	}
	if !strings.HasPrefix(p.status, "render: pdf done in ") {
		t.Errorf("status %q", p.status)
	}
	p = newProgress(progressLive, &b, clock(time.Millisecond))
	p.count("render: %d files", 1)
	p.count("render: %d files", 2)
	if p.status != "render: 2 files" {
		t.Errorf("a count not drawn is not the status the tick draws: %q", p.status)
	}
}

// TestBuildProgress: piped (as in these tests) a build prints no progress;
// --verbose prints each stage with counts; --quiet drops the summary line.
func TestBuildProgress(t *testing.T) {
	root := cleanSite(t)
	// with settings, so that the build has no finding to print (settings-missing)
	if err := os.WriteFile(filepath.Join(root, "smsgen.yaml"), []byte("title: Uji\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	stage := regexp.MustCompile(`(?m)^\[ *\d+\.\ds\] `)
	code, _, stderr := cliRun(t, "build", "--root", root, "--out", out, "--today", "2026-11-21", "--only", "xlsx")
	if code != 0 || stage.MatchString(stderr) || !regexp.MustCompile(`(built|dibangun:) `).MatchString(stderr) {
		t.Fatalf("piped build: exit %d, stderr:\n%s", code, stderr)
	}
	// into another folder: the first one is up to date
	code, _, stderr = cliRun(t, "build", "--root", root, "--out", out+"2", "--today", "2026-11-21", "--only", "xlsx", "--verbose")
	for _, want := range []string{"] validate: loading ", "] validate: 1 documents, 0 registers, 0 records: 0 errors, 0 warnings",
		"] resolve: 1 documents, 0 registers", "] render: xlsx\n", "] render: xlsx done in "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("--verbose lacks %q:\n%s", want, stderr)
		}
	}
	if code != 0 {
		t.Errorf("--verbose: exit %d", code)
	}
	code, _, stderr = cliRun(t, "build", "--root", root, "--out", out, "--today", "2026-11-21", "--only", "pdf", "-v")
	if code != 0 || !strings.Contains(stderr, "; rendering pdf 1/2 files\n") || !strings.Contains(stderr, "] render: pdf done in ") {
		t.Errorf("--verbose --only pdf: exit %d, no count of the PDFs written:\n%s", code, stderr)
	}
	code, _, stderr = cliRun(t, "build", "--root", root, "--out", out, "--today", "2026-11-21", "--only", "xlsx", "--quiet")
	if code != 0 || stderr != "" {
		t.Errorf("--quiet: exit %d, stderr %q", code, stderr)
	}
	// nothing changed since: the stage says so, and the summary which are kept
	code, _, stderr = cliRun(t, "build", "--root", root, "--out", out, "--today", "2026-11-21", "--only", "xlsx", "-v")
	if code != 0 || !strings.Contains(stderr, "] render: up to date: xlsx\n") || !strings.Contains(stderr, "dibiarkan seperti semula: pdf (mutakhir), xlsx (mutakhir)\n") {
		t.Errorf("up to date: exit %d:\n%s", code, stderr)
	}
	code, _, stderr = cliRun(t, "build", "--root", root, "--out", out, "--quiet", "--verbose")
	if code != 2 || !strings.Contains(stderr, "exclude each other") {
		t.Errorf("--quiet --verbose: exit %d, %q", code, stderr)
	}
}

// TestBuildPeriod: --period sets the audit period of the pack, which says how
// many records it left out and where they are; a bad period is a usage error.
func TestBuildPeriod(t *testing.T) {
	root := testutil.ExampleSite(t)
	out := buildAll(t, root, "--only", "pdf", "--period", "2026-09..2026-10")
	text := regexp.MustCompile(`\s+`).ReplaceAllString(pdfText(t, filepath.Join(out, "pdf/audit-pack.pdf")), " ")
	for _, want := range []string{
		"Periode audit 1 September 2026 – 31 Oktober 2026",
		"Catatan Periode Audit (1 September 2026 – 31 Oktober 2026)",
		"10 dari 44 catatan bertanggal dalam periode audit",
		"34 catatan di luar periode audit: lihat xlsx/incidents.xlsx.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the audit pack lacks %q", want)
		}
	}
	for _, bad := range []string{"2026-10..2026-09", "2026-01-01", "2026-13..2026-14", "x..2026-01"} {
		code, _, stderr := cliRun(t, "build", "--root", root, "--out", filepath.Join(t.TempDir(), "o"), "--period", bad)
		if code != 2 || !strings.Contains(stderr, "--period") {
			t.Errorf("--period %s: exit %d, %q", bad, code, stderr)
		}
	}
}
