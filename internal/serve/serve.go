// Package serve is smsgen serve: a live preview of the HTML site. It builds
// the site into the output folder, serves OUT/site over HTTP (on loopback
// unless told otherwise), watches the sources with fsnotify and, after each
// save, re-renders only the pages the change affects; open pages reload
// when their own output changed (server-sent events). A save that breaks
// validation keeps the last good pages and shows the findings as a banner on
// every open page and in the terminal, until the next good save.
//
// The files written to the output folder are exactly those of smsgen build:
// the reload script is added to pages only as they are served.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
)

// Options of a preview server.
type Options struct {
	Root  string // site root
	Out   string // output folder (site/ below it is served)
	Addr  string // listen address (HOST:PORT); see CheckAddr
	Today time.Time
	Lang  string // language of messages, "" = the site's
	// Also are further renderers (pdf, xlsx) run on start and on every full
	// rebuild; the HTML site is kept current on every save.
	Also     map[string]output.Renderer
	Version  string
	Debounce time.Duration // quiet time before a rebuild; default 20 ms
	Log      io.Writer     // the terminal; default os.Stderr
	// Listener, when set, is used instead of listening on Addr (tests).
	Listener net.Listener
}

// Server is a running preview.
type Server struct {
	opts     Options
	root     string // absolute, symlinks resolved
	out      string // absolute
	cache    *load.Cache
	html     *html.Incremental
	hub      *hub
	pend     *pending
	loopback bool
	hostName string

	// The output folder holds one complete build or update at every
	// instant: an incremental update is written into stage (a hard-linked
	// copy of the output), which publish exchanges with the output. Pages
	// are served from serving: the output, or the stage while it holds an
	// update not yet published. swapMu orders opening a file to serve
	// against the exchange.
	stage   *output.Staging
	staged  bool // the stage holds an update not yet published
	swapMu  sync.RWMutex
	serving string

	mu     sync.Mutex
	gen    string // generation of the pages on disk
	count  int
	status Status
	lang   string // the language of the last build's messages ("" before one: the option's, else Indonesian)
	good   bool   // the output holds a good build made by this server
	// history holds what the last generations changed, so that a page
	// opened at an earlier one learns whether it missed a change of its own
	history []genChange
}

type genChange struct {
	gen   string
	all   bool
	pages []string
}

const maxHistory = 64

// changedSince returns what changed after generation gen (all when gen is
// unknown: too old, or of another run of the server).
func (s *Server) changedSince(gen string) (all bool, pages []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen == s.gen {
		return false, nil
	}
	for i := len(s.history) - 1; i >= 0; i-- {
		if s.history[i].gen == gen {
			for _, h := range s.history[i+1:] {
				if h.all {
					return true, nil
				}
				pages = append(pages, h.pages...)
			}
			return false, pages
		}
	}
	return true, nil
}

// Status is the state of the sources shown by open pages.
type Status struct {
	OK       bool          `json:"ok"`
	Title    string        `json:"title"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Findings []StatusEntry `json:"findings"`
	More     int           `json:"more"`
	MoreText string        `json:"moreText"`
}

// StatusEntry is one finding shown in the banner.
type StatusEntry struct {
	Location string `json:"location"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// Report tells what one rebuild did.
type Report struct {
	Batch    Batch
	OK       bool          // validated and rendered
	Full     bool          // rendered in full
	Changed  []string      // files below site/ that changed
	Rendered int           // pages rendered
	Took     time.Duration // from taking the batch to the pages written
	Checked  time.Duration // loading and validation
	// FirstServed is when the pages of what changed were written and
	// announced, before the indexes and the search data (incremental only).
	FirstServed time.Duration
	Err         error // a failure of the tool (not findings)
	Errors      int
	Warnings    int
}

// maxBanner is the most findings the banner lists.
const maxBanner = 30

// New prepares a server: checks the folders; nothing is built yet.
func New(opts Options) (*Server, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.Out == "" {
		opts.Out = "output"
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	abs, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("site root %s: %w", opts.Root, err)
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("site root %s is not a folder", opts.Root)
	}
	// the output folder is smsgen's alone, and outside the watched sources
	// (else every build would start the next)
	out, err := output.CheckOut(root, opts.Out)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, root: root, out: out, cache: load.NewCache(), html: html.NewIncremental(), hub: newHub(),
		pend: newPending(), gen: strconv.FormatInt(time.Now().UnixNano(), 36) + "-0"}
	s.status = Status{OK: true}
	s.serving = out
	if opts.Addr != "" {
		lb, _, err := CheckAddr(opts.Addr)
		if err != nil {
			return nil, err
		}
		s.loopback = lb
		s.hostName, _, _ = net.SplitHostPort(opts.Addr)
	} else {
		s.loopback = true
	}
	return s, nil
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

func (s *Server) generation() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

func (s *Server) currentStatus() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Out is the absolute output folder.
func (s *Server) Out() string { return s.out }

// Run builds, serves and watches until ctx is done.
func (s *Server) Run(ctx context.Context) error {
	w, err := newWatcher(s.root, s.pend, s.logf)
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.root, err)
	}
	defer w.Close()
	ln := s.opts.Listener
	if ln == nil {
		addr := s.opts.Addr
		if addr == "" {
			addr = DefaultAddr
		}
		ln, err = net.Listen("tcp", addr)
		if err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	// the first build before the address is shown: the first page asked for is there
	s.logf("building %s …", s.out)
	s.Rebuild(Batch{Full: true, Reason: "start"})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.logf("serving %s at http://%s/ (Ctrl-C stops)", filepath.Join(s.out, "site"), displayAddr(ln.Addr()))
	s.logf("watching %s", watchSummary(w.watched()))
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go w.run(wctx)
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		s.loop(wctx)
	}()
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	stop()
	<-loopDone
	s.hub.close()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.publish(true)
	s.Close()
	if err == nil {
		s.logf("stopped; %s holds the last good build", s.out)
	}
	return err
}

// Close removes the stage (the output stays as last published).
func (s *Server) Close() {
	s.swapMu.Lock()
	defer s.swapMu.Unlock()
	if s.stage != nil {
		s.stage.Close()
		s.stage, s.staged, s.serving = nil, false, s.out
	}
}

// servingDir is the folder whose site/ is served.
func (s *Server) servingDir() (dir string, done func()) {
	s.swapMu.RLock()
	return s.serving, s.swapMu.RUnlock
}

// staging returns the stage, made when there is none (nil when it cannot be
// made: then every update is a full build).
func (s *Server) staging() *output.Staging {
	if s.stage == nil {
		st, err := output.NewStaging(s.out)
		if err != nil {
			s.logf("preparing incremental updates: %v; every save rebuilds everything", err)
			return nil
		}
		s.stage = st
	}
	return s.stage
}

// publish puts an update written into the stage in place of the output:
// site.zip first (a later save still queued waits for the next one, unless
// now), then the exchange; the output holds the old or the new update at
// every instant.
func (s *Server) publish(now bool) {
	if !s.staged || (!now && s.pend.waiting()) {
		return
	}
	if err := s.html.WriteZip(); err != nil {
		s.logf("writing site.zip: %v", err)
		return
	}
	s.swapMu.Lock()
	err := s.stage.Publish(func() { s.serving = s.out; s.staged = false })
	s.swapMu.Unlock()
	if err != nil {
		s.logf("updating %s: %v; the next save rebuilds everything", s.out, err)
		s.Close()
		s.html.Reset()
		s.mu.Lock()
		s.good = false
		s.mu.Unlock()
	}
}

// displayAddr is the address actually listened on (127.0.0.2:P stays
// 127.0.0.2:P; an IPv4 address in IPv6 form is shown as IPv4).
func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		ip := t.IP
		if v4 := ip.To4(); v4 != nil {
			ip = v4
		}
		return net.JoinHostPort(ip.String(), strconv.Itoa(t.Port))
	}
	return a.String()
}

// loop rebuilds after each batch of changes: it waits for a quiet time of
// Debounce (at most 10 × Debounce after the first event), then rebuilds;
// changes made during a rebuild make the next batch.
func (s *Server) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.pend.signal:
		}
		for quiet := false; !quiet; {
			t := time.NewTimer(s.opts.Debounce)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-s.pend.signal:
				t.Stop()
				quiet = s.pend.age() >= 10*s.opts.Debounce
			case <-t.C:
				quiet = true
			}
		}
		if b, ok := s.pend.take(); ok {
			s.Rebuild(b)
		}
	}
}

// Rebuild validates the site and renders what the batch changed. It is
// called by the loop; tests call it directly.
func (s *Server) Rebuild(b Batch) Report {
	start := time.Now()
	rep := Report{Batch: b}
	for _, p := range b.Paths {
		s.cache.Forget(p)
	}
	res, err := pipeline.Run(pipeline.Options{Root: s.root, Today: s.opts.Today, Lang: s.opts.Lang, Cache: s.cache})
	if err != nil {
		rep.Err = err
		s.failed(rep, err.Error(), nil)
		return rep
	}
	rep.Checked = time.Since(start)
	rep.Errors, rep.Warnings = res.Errors(), res.Warnings()
	if res.Errors() > 0 {
		s.failed(rep, "", res)
		return rep
	}
	var c diag.Collector
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: s.opts.Version}
	s.mu.Lock()
	good := s.good
	s.mu.Unlock()
	s.mu.Lock()
	wasBroken := !s.status.OK
	s.mu.Unlock()
	// announce pages: a new generation, the status first when it changes (a
	// page reloading then opens its stream on the new status)
	announce := func(pages []string, all bool) {
		if !all && len(pages) == 0 {
			return
		}
		s.mu.Lock()
		s.count++
		s.gen = strings.SplitN(s.gen, "-", 2)[0] + "-" + strconv.Itoa(s.count)
		gen := s.gen
		s.history = append(s.history, genChange{gen: gen, all: all, pages: pages})
		if len(s.history) > maxHistory {
			s.history = s.history[len(s.history)-maxHistory:]
		}
		fixed := !s.status.OK
		s.status = Status{OK: true, Warnings: res.Warnings()}
		s.lang = res.Lang
		s.mu.Unlock()
		if fixed {
			s.hub.publish(sse("status", Status{OK: true}))
		}
		if all {
			s.hub.publish(sse("reload", map[string]any{"gen": gen, "all": true}))
		} else {
			s.hub.publish(sse("reload", map[string]any{"gen": gen, "pages": pages}))
		}
	}
	var up *html.UpdateResult
	var first []string
	if good && !b.Full {
		if st := s.staging(); st != nil {
			ctx.Out, ctx.Live = st.Dir(), true
			s.staged = true // from the first file written
			serveStage := func() {
				s.swapMu.Lock()
				s.serving = st.Dir()
				s.swapMu.Unlock()
			}
			up, err = s.html.Update(&ctx, b.Paths, func(changed []string) {
				first = changed
				rep.FirstServed = time.Since(start)
				serveStage()
				announce(changed, false)
			})
			ctx.Live = false
			if err != nil && !errors.Is(err, html.ErrNoState) {
				s.logf("incremental rendering failed (%v); rendering everything", err)
			}
			if up != nil {
				serveStage()
			}
		}
	}
	if up == nil {
		// a full build replaces the output as a whole; the stage, which
		// shares its files, goes first (it would keep the build from reusing them)
		s.Close()
		rep.Full = true
		renderers := map[string]output.Renderer{"html": s.html}
		for n, r := range s.opts.Also {
			renderers[n] = r
		}
		names := make([]string, 0, len(renderers))
		for n := range renderers {
			names = append(names, n)
		}
		sort.Strings(names)
		ctx.Out = ""
		if err := output.Run(ctx, output.Options{Root: s.root, Out: s.out, Only: names, Renderers: renderers}); err != nil {
			s.html.Reset()
			s.mu.Lock()
			s.good = false
			s.mu.Unlock()
			rep.Err = err
			s.failed(rep, err.Error(), nil)
			return rep
		}
	} else {
		rep.Changed, rep.Rendered, rep.Full = up.Changed, up.Rendered, up.Full
	}
	rep.OK = true
	rep.Took = time.Since(start)
	s.mu.Lock()
	s.good = true
	s.mu.Unlock()
	// the rest: what the early announcement did not name
	if rep.Full {
		announce(nil, true)
	} else {
		named := map[string]bool{}
		for _, p := range first {
			named[p] = true
		}
		var rest []string
		for _, p := range rep.Changed {
			if !named[p] {
				rest = append(rest, p)
			}
		}
		announce(rest, false)
	}
	s.mu.Lock()
	s.lang = res.Lang
	if !s.status.OK { // nothing changed, but the sources are good again
		s.status = Status{OK: true, Warnings: res.Warnings()}
		s.mu.Unlock()
		s.hub.publish(sse("status", Status{OK: true}))
	} else {
		s.mu.Unlock()
	}
	if extra := c.Findings(); len(extra) > 0 {
		_ = diag.Text(s.opts.Log, extra)
	}
	s.report(rep, wasBroken, res)
	// publishing (with site.zip) waits while more saves are queued: the next rebuild does it
	s.publish(false)
	if rep.Full {
		s.staging() // ready for the next save
	}
	return rep
}

// failed keeps the last good pages and shows why on every page and in the terminal.
func (s *Server) failed(rep Report, toolErr string, res *pipeline.Result) {
	s.publish(false) // the last good pages, if an earlier rebuild left them unpublished
	st := Status{OK: false}
	lang := s.opts.Lang
	if res != nil {
		lang = res.Lang
		st.Errors, st.Warnings = res.Errors(), res.Warnings()
		// errors before warnings, and first those in the files just saved
		saved := map[string]bool{}
		for _, p := range rep.Batch.Paths {
			saved[p] = true
		}
		var shown []diag.Finding
		for _, pass := range []func(f diag.Finding) bool{
			func(f diag.Finding) bool { return f.Severity >= diag.Error && saved[f.File] },
			func(f diag.Finding) bool { return f.Severity >= diag.Error && !saved[f.File] },
			func(f diag.Finding) bool { return f.Severity < diag.Error },
		} {
			for _, f := range res.Findings {
				if pass(f) {
					shown = append(shown, f)
				}
			}
		}
		for i, f := range shown {
			if i == maxBanner {
				st.More = len(shown) - maxBanner
				break
			}
			loc := f.File
			if f.Line > 0 {
				loc += ":" + strconv.Itoa(f.Line)
				if f.Column > 0 {
					loc += ":" + strconv.Itoa(f.Column)
				}
			}
			st.Findings = append(st.Findings, StatusEntry{Location: loc, Severity: f.Severity.String(), Code: f.Code, Message: f.Message})
		}
	}
	// with no pages to serve (a first build that failed, into an empty
	// folder), the banner does not speak of last good pages
	none := !s.hasPages()
	switch {
	case toolErr != "" && none:
		st.Title = i18n.Labelf(lang, "serve_build_failed_none", toolErr)
	case toolErr != "":
		st.Title = i18n.Labelf(lang, "serve_build_failed", toolErr)
	case none:
		st.Title = i18n.Labelf(lang, "serve_findings_none", st.Errors, st.Warnings)
	default:
		st.Title = i18n.Labelf(lang, "serve_findings", st.Errors, st.Warnings)
	}
	if st.More > 0 {
		st.MoreText = i18n.Labelf(lang, "serve_more_findings", st.More)
	}
	if st.Findings == nil {
		st.Findings = []StatusEntry{}
	}
	s.mu.Lock()
	s.status = st
	s.lang = lang
	s.mu.Unlock()
	s.hub.publish(sse("status", st))
	// the terminal
	s.logf("%s %s", clock(), s.describe(rep.Batch))
	if res != nil {
		var errs []diag.Finding
		for _, f := range res.Findings {
			if f.Severity >= diag.Error {
				errs = append(errs, f)
			}
		}
		_ = diag.Text(s.opts.Log, errs)
		s.logf("  %s, %s: %s", count(st.Errors, "error"), count(st.Warnings, "warning"), keptWhat(none))
	} else {
		s.logf("  %s: %s", toolErr, keptWhat(none))
	}
}

// keptWhat is what the terminal says is served after a failed rebuild.
func keptWhat(none bool) string {
	if none {
		return "nothing is built yet; the site is built once they are fixed"
	}
	return "still serving the last good pages"
}

// hasPages tells whether the output being served holds a site (an earlier
// good build, of this server or of smsgen build).
func (s *Server) hasPages() bool {
	dir, done := s.servingDir()
	defer done()
	st, err := os.Stat(filepath.Join(dir, "site", "index.html"))
	return err == nil && st.Mode().IsRegular()
}

func (s *Server) report(rep Report, fixed bool, res *pipeline.Result) {
	what := s.describe(rep.Batch)
	if rep.Batch.Reason == "start" {
		var warns []diag.Finding
		for _, f := range res.Findings {
			if f.Severity >= diag.Warning {
				warns = append(warns, f)
			}
		}
		_ = diag.Text(s.opts.Log, warns)
		s.logf("built %s in %s: %s, %s; %s", s.out, rep.Took.Round(time.Millisecond),
			count(len(res.Site.Documents), "document"), count(len(res.Site.Registers), "register"), count(res.Warnings(), "warning"))
		return
	}
	prefix := ""
	if fixed {
		prefix = "fixed: "
	}
	if rep.Full {
		s.logf("%s %s: %srebuilt everything in %s; %s", clock(), what, prefix, rep.Took.Round(time.Millisecond), count(res.Warnings(), "warning"))
		return
	}
	if len(rep.Changed) == 0 {
		s.logf("%s %s: %sno page changed (%d rendered in %s); %s", clock(), what, prefix, rep.Rendered,
			rep.Took.Round(time.Millisecond), count(res.Warnings(), "warning"))
		return
	}
	list := rep.Changed
	more := ""
	if len(list) > 6 {
		more = fmt.Sprintf(", … %d more", len(list)-6)
		list = list[:6]
	}
	s.logf("%s %s: %spage served after %s, %d of %d rendered files changed in %s (%s%s); %s", clock(), what, prefix,
		rep.FirstServed.Round(time.Millisecond), len(rep.Changed), rep.Rendered,
		rep.Took.Round(time.Millisecond), strings.Join(list, ", "), more, count(res.Warnings(), "warning"))
}

// count is n and the English noun, in the singular for one: the terminal log
// of serve is English.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func clock() string { return time.Now().Format("15:04:05") }

// describe names what a batch changed for the terminal, leaving out
// temporary files that came and went (sed -i, some editors).
func (s *Server) describe(b Batch) string {
	if b.Full && b.Reason != "" {
		return b.Reason
	}
	var paths []string
	for _, p := range b.Paths {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".md", ".csv", ".yaml", ".yml":
			paths = append(paths, p)
			continue
		}
		if _, err := os.Lstat(filepath.Join(s.root, filepath.FromSlash(p))); err == nil {
			paths = append(paths, p)
		}
	}
	if len(paths) > 0 {
		b.Paths = paths
	}
	switch len(b.Paths) {
	case 0:
		return "rebuild"
	case 1:
		return b.Paths[0]
	default:
		return b.Paths[0] + fmt.Sprintf(" and %d more", len(b.Paths)-1)
	}
}

// watchSummary names the watched trees with the number of folders below each.
func watchSummary(dirs []string) string {
	var parts []string
	for _, t := range watchedTrees {
		n := 0
		for _, d := range dirs {
			if d == t || strings.HasPrefix(d, t+"/") {
				n++
			}
		}
		switch n {
		case 0:
		case 1:
			parts = append(parts, t+"/")
		default:
			parts = append(parts, fmt.Sprintf("%s/ (%d folders)", t, n))
		}
	}
	return strings.Join(append(parts, load.SettingsFile), ", ")
}
