package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/i18n"
)

// MaxFileSize bounds what one source file may hold.
const MaxFileSize = 256 << 20

// MaxCSVSize bounds a CSV register, read in pieces on every core: a year of
// a ministry's incidents with free text is some 300 MB per million rows.
const MaxCSVSize = 1 << 30

var bom = []byte{0xEF, 0xBB, 0xBF}

// file is one source file found under the site root.
type file struct {
	rel  string // slash-separated path relative to the root
	abs  string
	size int64
	mod  time.Time
}

// walker lists files under a folder of the site, never leaving the root.
type walker struct {
	root string // absolute, symlinks resolved
	rep  *i18n.Reporter
}

func newWalker(root string, rep *i18n.Reporter) (*walker, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &walker{root: real, rep: rep}, nil
}

func (w *walker) rel(abs string) string {
	r, err := filepath.Rel(w.root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(r)
}

// inside reports whether abs (symlinks resolved) lies within the root.
func (w *walker) inside(abs string) bool {
	r, err := filepath.Rel(w.root, abs)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// walk returns the regular files under dir (site-relative), sorted; symlinks
// to files inside the root are followed, others are findings.
func (w *walker) walk(dir string, keep func(rel string, isDir bool) bool) []file {
	start := filepath.Join(w.root, filepath.FromSlash(dir))
	var out []file
	_ = filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == start && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			w.rep.Report("file-unreadable", i18n.Where{File: w.rel(p)}, map[string]string{"error": cleanErr(err)})
			return nil
		}
		rel := w.rel(p)
		name := d.Name()
		if p != start && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				w.reportBadLink(rel, p)
				return nil
			}
			if !w.inside(target) {
				w.rep.Report("symlink-outside-root", i18n.Where{File: rel}, map[string]string{"target": target})
				return nil
			}
			st, err := os.Stat(target)
			if err != nil {
				w.reportBadLink(rel, p)
				return nil
			}
			if st.IsDir() {
				w.rep.Report("symlink-skipped", i18n.Where{File: rel}, nil)
				return nil
			}
			if !st.Mode().IsRegular() { // a named pipe would block the reader: never opened
				w.rep.Report("special-file", i18n.Where{File: rel}, map[string]string{"kind": specialKind(st.Mode())})
				return nil
			}
			if keep(rel, false) {
				out = append(out, file{rel: rel, abs: target, size: st.Size(), mod: st.ModTime()})
			}
			return nil
		}
		if d.IsDir() {
			if p != start && !keep(rel, true) {
				return filepath.SkipDir
			}
			if p != start {
				w.checkFolderName(rel)
			}
			return nil
		}
		if !d.Type().IsRegular() { // a named pipe would block the reader: never opened
			w.rep.Report("special-file", i18n.Where{File: rel}, map[string]string{"kind": specialKind(d.Type())})
			return nil
		}
		if keep(rel, false) {
			info, err := d.Info()
			if err != nil {
				return nil
			}
			out = append(out, file{rel: rel, abs: p, size: info.Size(), mod: info.ModTime()})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// reportBadLink reports a symbolic link that does not resolve: one that
// points at itself or around a loop, or one whose target does not exist.
func (w *walker) reportBadLink(rel, p string) {
	t, _ := os.Readlink(p)
	_, err := os.Stat(p)
	switch {
	case errors.Is(err, syscall.ELOOP):
		w.rep.Report("symlink-loop", i18n.Where{File: rel}, map[string]string{"target": t})
	case err == nil || errors.Is(err, fs.ErrNotExist):
		w.rep.Report("symlink-broken", i18n.Where{File: rel}, map[string]string{"target": t})
	default:
		w.rep.Report("file-unreadable", i18n.Where{File: rel}, map[string]string{"error": cleanErr(err)})
	}
}

// checkFolderName reports a folder named like a source file (content/x.md,
// registers/cis.yaml): it is never read as the document or register its name
// promises, which would otherwise go unnoticed.
func (w *walker) checkFolderName(rel string) {
	ext := strings.ToLower(path.Ext(rel))
	switch {
	case strings.HasPrefix(rel, "content/") && ext == ".md",
		rel == "registers/"+path.Base(rel) && (ext == ".csv" || ext == ".yaml" || ext == ".yml"):
		w.rep.Report("folder-named-as-file", i18n.Where{File: rel}, map[string]string{"name": path.Base(rel)})
	}
}

// specialKind names a file that is neither regular nor a folder.
func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// readText reads a text file whole: size limit, binary check, BOM removal and
// UTF-8 validation (invalid bytes are replaced after a finding at their line).
func readText(f file, rep *i18n.Reporter) ([]byte, bool) {
	if f.size > MaxFileSize {
		rep.Report("file-too-large", i18n.Where{File: f.rel}, map[string]string{"size": strconv.FormatInt(f.size, 10), "limit": strconv.Itoa(MaxFileSize)})
		return nil, false
	}
	b, err := readWhole(f.abs, f.size)
	if err != nil {
		rep.Report("file-unreadable", i18n.Where{File: f.rel}, map[string]string{"error": cleanErr(err)})
		return nil, false
	}
	return checkText(f.rel, b, rep)
}

func checkText(rel string, b []byte, rep *i18n.Reporter) ([]byte, bool) {
	b = bytes.TrimPrefix(b, bom)
	head := b
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		rep.Report("binary-file", i18n.Where{File: rel}, nil)
		return nil, false
	}
	if !utf8.Valid(b) {
		line := 1
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			if b[i] == '\n' {
				line++
			}
			i += n
		}
		rep.Report("invalid-utf8", i18n.Where{File: rel, Line: line}, nil)
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return b, true
}

func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
