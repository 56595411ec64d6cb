package cli

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/build"
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

	mu     sync.Mutex
	status string // the current status (live)
	shown  bool   // a live line is on the screen
	stop   chan struct{}
	done   chan struct{}
}

func newProgress(mode progressMode, w io.Writer, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	return &progress{mode: mode, w: w, start: now(), now: now}
}

// line formats one progress line.
func (p *progress) line(msg string) string {
	return fmt.Sprintf("[%6.1fs] %s", p.now().Sub(p.start).Seconds(), msg)
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

// draw rewrites the live line (the caller holds mu).
func (p *progress) draw() {
	fmt.Fprint(p.w, "\r\x1b[K"+p.line(p.status))
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
func (p *progress) renderers(rs map[string]build.Renderer, only []string) map[string]build.Renderer {
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
	t := &renderTally{p: p, total: len(names), running: map[string]bool{}}
	out := make(map[string]build.Renderer, len(rs))
	for n, r := range rs {
		out[n] = reportingRenderer{name: n, r: r, t: t}
	}
	return out
}

// renderTally counts the renderers running and done.
type renderTally struct {
	p       *progress
	mu      sync.Mutex
	total   int
	done    int
	running map[string]bool
}

func (t *renderTally) update(name string, started bool, took time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if started {
		t.running[name] = true
	} else {
		delete(t.running, name)
		t.done++
	}
	var run []string
	for n := range t.running {
		run = append(run, n)
	}
	sort.Strings(run)
	msg := fmt.Sprintf("render: %d of %d outputs done", t.done, t.total)
	if !started {
		msg = fmt.Sprintf("render: %s done in %.1fs (%d of %d)", name, took.Seconds(), t.done, t.total)
	}
	if len(run) > 0 {
		msg += "; rendering " + strings.Join(run, ", ")
	}
	t.p.step("%s", msg)
}

type reportingRenderer struct {
	name string
	r    build.Renderer
	t    *renderTally
}

func (r reportingRenderer) Render(ctx *build.Context) error {
	t0 := r.t.p.now()
	r.t.update(r.name, true, 0)
	err := r.r.Render(ctx)
	r.t.update(r.name, false, r.t.p.now().Sub(t0))
	return err
}

// stderrProgress is the progress of a build writing to stderr.
func stderrProgress(stderr io.Writer, quiet, verbose bool) *progress {
	return newProgress(decideProgress(quiet, verbose, isTerminal(stderr), inCI(os.Getenv)), stderr, nil)
}
