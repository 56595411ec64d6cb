package cli

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"golang.org/x/term"
)

// progressMode is how a build shows what it is doing on stderr.
type progressMode int

const (
	progressOff   progressMode = iota // nothing (CI, piped, --quiet)
	progressLive                      // one status line rewritten in place (a terminal)
	progressLines                     // one line per step (--verbose)
)

// decideProgress chooses the progress of a build: --quiet silences it,
// --verbose prints every step as a line wherever stderr goes; otherwise a
// live status line only on a terminal outside CI (ci: the CI variable is set
// and not "false" or "0").
func decideProgress(quiet, verbose, terminal, ci bool) progressMode {
	switch {
	case quiet:
		return progressOff
	case verbose:
		return progressLines
	case terminal && !ci:
		return progressLive
	}
	return progressOff
}

// inCI reports whether the environment says the build runs in CI.
func inCI(getenv func(string) string) bool {
	v := strings.TrimSpace(getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// progress reports the stages of a build with their counts and the time
// elapsed since the build started: "[  3.2s] render: pdf done (2 of 3)".
// A live progress keeps one line, rewritten every tick while a stage runs and
// cleared at the end; lines print each step once. Safe for concurrent use.
type progress struct {
	mode  progressMode
	w     io.Writer
	start time.Time
	now   func() time.Time

	width int // of the terminal: a live line is cut to fit it (0: not cut)

	mu       sync.Mutex
	status   string    // the current status (live)
	shown    bool      // a live line is on the screen
	lastDraw time.Time // when the live line was last drawn
	stop     chan struct{}
	done     chan struct{}
}

// redrawEvery is the least time between two drawings of a live line for a
// count (a renderer's files): a PDF renderer writes hundreds of files a
// second, and drawing each was a write to the terminal per file, made under
// the lock the renderer's workers share (over a slow remote terminal the
// build waits for those writes). The stages still draw at once, and the tick
// keeps the elapsed time moving.
const redrawEvery = 100 * time.Millisecond

func newProgress(mode progressMode, w io.Writer, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	return &progress{mode: mode, w: w, start: now(), now: now}
}

// line formats one progress line.
func (p *progress) line(msg string) string { return p.lineAt(p.now(), msg) }

func (p *progress) lineAt(now time.Time, msg string) string {
	return fmt.Sprintf("[%6.1fs] %s", now.Sub(p.start).Seconds(), msg)
}

// step reports a stage: a line of its own (--verbose), or the live status.
func (p *progress) step(format string, args ...any) {
	if p == nil || p.mode == progressOff {
		return
	}
	msg := fmt.Sprintf(format, args...)
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.mode {
	case progressLines:
		fmt.Fprintln(p.w, p.line(msg))
	case progressLive:
		p.status = msg
		p.draw()
	}
}

// count reports a count within a stage: as step, but a live line shows it
// only when it was last drawn at least redrawEvery before (else at the next
// tick or step).
func (p *progress) count(format string, args ...any) {
	if p == nil || p.mode != progressLive {
		p.step(format, args...)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = fmt.Sprintf(format, args...)
	if now := p.now(); now.Sub(p.lastDraw) >= redrawEvery {
		p.drawAt(now)
	}
}

// draw rewrites the live line (the caller holds mu).
func (p *progress) draw() { p.drawAt(p.now()) }

func (p *progress) drawAt(now time.Time) {
	p.lastDraw = now
	l := p.lineAt(now, p.status)
	if r := []rune(l); p.width > 1 && len(r) >= p.width { // a wrapped line could not be rewritten
		l = string(r[:p.width-2]) + "…"
	}
	fmt.Fprint(p.w, "\r\x1b[K"+l)
	p.shown = true
}

// tick starts redrawing the live line every interval, so the elapsed time
// moves while a long stage runs.
func (p *progress) tick(interval time.Duration) {
	if p == nil || p.mode != progressLive || p.stop != nil {
		return
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				if p.status != "" {
					p.draw()
				}
				p.mu.Unlock()
			}
		}
	}()
}

// end stops the ticker and clears the live line, so the findings and the
// summary that follow start on a clean line.
func (p *progress) end() {
	if p == nil {
		return
	}
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// renderers wraps the renderers of a build so each one reports when it
// starts and finishes ("render: pdf done (2 of 3)").
func (p *progress) renderers(rs map[string]output.Renderer, only []string) map[string]output.Renderer {
	if p == nil || p.mode == progressOff {
		return rs
	}
	names := only
	if len(names) == 0 {
		for n := range rs {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	t := &renderTally{p: p, total: len(names), running: map[string]string{}}
	out := make(map[string]output.Renderer, len(rs))
	for n, r := range rs {
		if c, ok := r.(countingRenderer); ok {
			n := n
			r = c.WithProgress(func(done, total int) { t.files(n, done, total) })
		}
		out[n] = reportingRenderer{name: n, r: r, t: t}
	}
	return out
}

// countingRenderer is a renderer that can report the files it has written.
type countingRenderer interface {
	WithProgress(func(done, total int)) output.Renderer
}

// renderTally counts the renderers running and done, and the files written
// by those that report them.
type renderTally struct {
	p       *progress
	mu      sync.Mutex
	total   int
	done    int
	running map[string]string // name -> its count of files ("" before the first)
}

func (t *renderTally) update(name string, started bool, took time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	msg := fmt.Sprintf("render: %d of %d outputs done", t.done, t.total)
	if started {
		t.running[name] = ""
	} else {
		delete(t.running, name)
		t.done++
		msg = fmt.Sprintf("render: %s done in %.1fs (%d of %d)", name, took.Seconds(), t.done, t.total)
	}
	t.p.step("%s", msg+t.runningList())
}

// files reports the files a renderer has written: on a live line as often as
// it is redrawn (count), every tenth of them as lines.
func (t *renderTally) files(name string, done, total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.running[name]; !ok {
		return
	}
	t.running[name] = fmt.Sprintf(" %d/%d files", done, total)
	if t.p.mode == progressLines && done*10/total == (done-1)*10/total {
		return
	}
	t.p.count("%s", fmt.Sprintf("render: %d of %d outputs done", t.done, t.total)+t.runningList())
}

// runningList is "; rendering html, pdf 120/1703 files" (the caller holds mu).
func (t *renderTally) runningList() string {
	var run []string
	for n, c := range t.running {
		run = append(run, n+c)
	}
	if len(run) == 0 {
		return ""
	}
	sort.Strings(run)
	return "; rendering " + strings.Join(run, ", ")
}

type reportingRenderer struct {
	name string
	r    output.Renderer
	t    *renderTally
}

func (r reportingRenderer) Render(ctx *output.Context) error {
	t0 := r.t.p.now()
	r.t.update(r.name, true, 0)
	err := r.r.Render(ctx)
	r.t.update(r.name, false, r.t.p.now().Sub(t0))
	return err
}

// stderrProgress is the progress of a build writing to stderr.
func stderrProgress(stderr io.Writer, quiet, verbose bool) *progress {
	p := newProgress(decideProgress(quiet, verbose, isTerminal(stderr), inCI(os.Getenv)), stderr, nil)
	if f, ok := stderr.(*os.File); ok && p.mode == progressLive {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			p.width = w
		}
	}
	return p
}
