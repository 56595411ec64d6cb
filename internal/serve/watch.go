package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/smsgen/smsgen/internal/load"
)

// watchedTrees are the folders of a site watched recursively.
var watchedTrees = []string{"content", "registers", "layouts"}

// Batch is what changed in the sources since the last rebuild.
type Batch struct {
	Paths  []string // changed files and folders, site-relative, slash separated, sorted
	Full   bool     // a change every page depends on (settings, schemas, layouts) or lost events
	Reason string   // why Full, for the terminal
}

// pending gathers events until the rebuild loop takes them.
type pending struct {
	mu     sync.Mutex
	paths  map[string]bool
	full   bool
	reason string
	first  time.Time // of the oldest event not yet taken
	signal chan struct{}
}

func newPending() *pending {
	return &pending{paths: map[string]bool{}, signal: make(chan struct{}, 1)}
}

func (p *pending) notify() {
	select {
	case p.signal <- struct{}{}:
	default:
	}
}

func (p *pending) add(rel string) {
	p.mu.Lock()
	if p.first.IsZero() {
		p.first = time.Now()
	}
	p.paths[rel] = true
	p.mu.Unlock()
	p.notify()
}

func (p *pending) addFull(reason string) {
	p.mu.Lock()
	if p.first.IsZero() {
		p.first = time.Now()
	}
	if !p.full {
		p.full, p.reason = true, reason
	}
	p.mu.Unlock()
	p.notify()
}

// take returns the gathered batch and starts a new one (ok false when empty).
func (p *pending) take() (Batch, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.paths) == 0 && !p.full {
		return Batch{}, false
	}
	b := Batch{Full: p.full, Reason: p.reason}
	for rel := range p.paths {
		b.Paths = append(b.Paths, rel)
	}
	sort.Strings(b.Paths)
	p.paths, p.full, p.reason, p.first = map[string]bool{}, false, "", time.Time{}
	return b, true
}

// waiting reports whether changes wait for the next rebuild.
func (p *pending) waiting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.paths) > 0 || p.full
}

func (p *pending) age() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.first.IsZero() {
		return 0
	}
	return time.Since(p.first)
}

// watcher watches the sources of a site with fsnotify: the root itself (for
// the settings file and the watched folders appearing or going), and
// content/, registers/ and layouts/ with every folder below them.
type watcher struct {
	root string // absolute, symlinks resolved
	fw   *fsnotify.Watcher
	out  *pending
	logf func(format string, args ...any)
	mu   sync.Mutex
	dirs map[string]bool // watched folders (absolute)
}

func newWatcher(root string, out *pending, logf func(string, ...any)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fw: fw, out: out, logf: logf, dirs: map[string]bool{}}
	if err := w.watch(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, t := range watchedTrees {
		w.addTree(filepath.Join(root, t))
	}
	return w, nil
}

func (w *watcher) Close() error { return w.fw.Close() }

func (w *watcher) watch(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dirs[dir] {
		return nil
	}
	if err := w.fw.Add(dir); err != nil {
		return err
	}
	w.dirs[dir] = true
	return nil
}

// addTree watches dir and every folder below it (not hidden ones, not
// symbolic links) and returns the files found, site-relative.
func (w *watcher) addTree(dir string) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.watch(p); err != nil {
				w.logf("cannot watch %s: %v", w.rel(p), err)
			}
			return nil
		}
		if !ignoredName(d.Name()) {
			files = append(files, w.rel(p))
		}
		return nil
	})
	return files
}

// dropTree forgets dir and the folders below it (the kernel drops the
// watches of removed folders by itself).
func (w *watcher) dropTree(dir string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	found := false
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			_ = w.fw.Remove(d) // fails when the kernel already dropped it
			delete(w.dirs, d)
			found = true
		}
	}
	return found
}

// watched returns the watched folders, site-relative, sorted.
func (w *watcher) watched() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for d := range w.dirs {
		out = append(out, w.rel(d))
	}
	sort.Strings(out)
	return out
}

func (w *watcher) rel(abs string) string {
	r, err := filepath.Rel(w.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

// rescan watches every folder again (after lost events).
func (w *watcher) rescan() {
	for _, t := range watchedTrees {
		w.addTree(filepath.Join(w.root, t))
	}
}

func (w *watcher) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			w.handle(ev)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.rescan()
				w.out.addFull("the file watcher lost events")
				continue
			}
			w.logf("file watcher: %v", err)
		}
	}
}

// handle turns one event into a changed path (or a full rebuild).
func (w *watcher) handle(ev fsnotify.Event) {
	if ev.Op&^fsnotify.Chmod == 0 {
		return // a change of permissions or times only
	}
	rel := w.rel(ev.Name)
	if rel == "" || rel == "." {
		return
	}
	base := path.Base(rel)
	if ignoredName(base) {
		return
	}
	top, rest, nested := strings.Cut(rel, "/")
	if !nested {
		switch {
		case rel == load.SettingsFile:
			w.out.addFull(rel + " changed")
		case isWatchedTree(rel):
			if ev.Has(fsnotify.Create) {
				w.addTree(ev.Name)
			} else {
				w.dropTree(ev.Name)
			}
			w.out.addFull(rel + "/ appeared or went")
		}
		return
	}
	if !isWatchedTree(top) {
		return
	}
	for _, part := range strings.Split(rest, "/") {
		if strings.HasPrefix(part, ".") {
			return // hidden files and folders are not part of the site
		}
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			// a new folder: watch it, and whatever it already holds changed
			for _, f := range w.addTree(ev.Name) {
				w.changed(f)
			}
			w.changed(rel)
			return
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.dropTree(ev.Name)
	}
	w.changed(rel)
}

func (w *watcher) changed(rel string) {
	switch {
	case strings.HasPrefix(rel, "layouts/"):
		w.out.addFull(rel + " changed")
	case strings.HasPrefix(rel, "registers/") && (strings.HasSuffix(rel, ".schema.yaml") || strings.HasSuffix(rel, ".schema.yml")):
		w.out.addFull(rel + " changed")
	default:
		w.out.add(rel)
	}
}

func isWatchedTree(name string) bool {
	for _, t := range watchedTrees {
		if name == t {
			return true
		}
	}
	return false
}

// ignoredName reports editor temporary and backup files, and files of the
// operating system, whose changes are no change of the site: vim's write
// test file 4913 and swap files, backups ending in ~, Emacs locks and
// autosaves, Office lock files, JetBrains safe-write files, downloads in
// progress, generic .tmp files.
func ignoredName(base string) bool {
	if base == "4913" || base == "Thumbs.db" || base == "desktop.ini" || strings.HasPrefix(base, ".") {
		return true
	}
	if strings.HasSuffix(base, "~") || strings.HasPrefix(base, "~$") ||
		(strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#")) ||
		strings.HasSuffix(base, "___jb_tmp___") || strings.HasSuffix(base, "___jb_old___") {
		return true
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".swp", ".swo", ".swn", ".swm", ".swx", ".swpx", ".tmp", ".temp", ".kate-swp", ".crdownload", ".part":
		return true
	}
	return false
}
