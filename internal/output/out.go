package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// The output folder is smsgen's alone: every build replaces all of it. So a
// folder is only taken as the output when replacing it cannot lose anything
// of the user's (CheckOut): it is not the site root, holds no source and is
// not inside one, and is either missing, empty, or an earlier output of
// smsgen, recognised by the marker file every build writes at its root.

// MarkerFile is written at the root of every output (and of every temporary
// folder a build renders into), always with MarkerText.
const MarkerFile = ".smsgen-output"

// MarkerText is the fixed content of MarkerFile.
const MarkerText = "smsgen output folder: every build replaces all of it; keep nothing of your own here\n"

// SourcePaths are the paths below the site root that smsgen reads or that
// belong to the repository: the output may be none of them and lie inside
// none of them.
var SourcePaths = []string{"content", "registers", "layouts", "smsgen.yaml", ".git"}

// legacyOutputs are the entries of an output written before outputs were
// marked; such a folder (nothing else in it, and site/index.html present)
// is taken as an earlier output.
var legacyOutputs = map[string]bool{"site": true, "site.zip": true, "continuity-pack.html": true, "pdf": true, "xlsx": true, ManifestFile: true}

// OutError tells why a folder cannot be the output. Nothing was changed.
type OutError struct {
	Out    string // as given
	Reason string // one of the Out* reasons
	What   string // the source path concerned, site-relative ("" for the root)
}

// Reasons an output folder is refused.
const (
	OutIsRoot       = "root"        // the site root itself
	OutHoldsSource  = "holds"       // contains the site root or a source path
	OutInsideSource = "inside"      // is, or is inside, a source path
	OutNotDir       = "not-dir"     // an existing file that is not a folder
	OutForeign      = "not-smsgen"  // an existing, non-empty folder without the marker
	OutUnresolvable = "unreachable" // the path cannot be resolved
)

func (e *OutError) Error() string { return e.Message("en") }

// outMessages are the refusals by language and reason ("" for an
// unresolvable path), with the site root's name where What is empty. Every
// format takes the folder (%[1]s), what is concerned (%[2]s) and the marker
// file's name (%[3]s).
var outMessages = map[string]struct {
	root    string
	reasons map[string]string
}{
	"en": {"the site root", map[string]string{
		OutIsRoot:       "--out %[1]s is the site root: every build replaces its output folder entirely; name a folder of its own (default: output)",
		OutHoldsSource:  "--out %[1]s contains the site's sources (%[2]s): every build replaces its output folder entirely; name a folder of its own (default: output)",
		OutInsideSource: "--out %[1]s is or lies inside the source %[2]s: name a folder outside the sources (default: output)",
		OutNotDir:       "--out %[1]s exists and is not a folder: name a folder (default: output)",
		OutForeign:      "--out %[1]s is a folder with files that smsgen did not write (no %[3]s marker): every build replaces its output folder entirely, so it is left alone; empty it or name another folder",
		"":              "--out %[1]s cannot be resolved: %[2]s",
	}},
	"id": {"akar situs", map[string]string{
		OutIsRoot:       "--out %[1]s adalah akar situs: setiap build mengganti seluruh folder keluarannya; sebutkan folder tersendiri (bawaan: output)",
		OutHoldsSource:  "--out %[1]s memuat sumber situs (%[2]s): setiap build mengganti seluruh folder keluarannya; sebutkan folder tersendiri (bawaan: output)",
		OutInsideSource: "--out %[1]s adalah atau berada di dalam sumber %[2]s: sebutkan folder di luar sumber (bawaan: output)",
		OutNotDir:       "--out %[1]s sudah ada dan bukan folder: sebutkan sebuah folder (bawaan: output)",
		OutForeign:      "--out %[1]s adalah folder berisi berkas yang tidak ditulis smsgen (tanpa penanda %[3]s): setiap build mengganti seluruh folder keluarannya, jadi folder ini dibiarkan; kosongkan atau sebutkan folder lain",
		"":              "--out %[1]s tidak dapat diuraikan: %[2]s",
	}},
}

// Message is the refusal in lang ("id" or "en"; Indonesian for any other).
func (e *OutError) Message(lang string) string {
	m, ok := outMessages[lang]
	if !ok {
		m = outMessages["id"]
	}
	what := e.What
	if what == "" {
		what = m.root
	}
	format, ok := m.reasons[e.Reason]
	if !ok {
		format = m.reasons[""]
	}
	return fmt.Sprintf(format, e.Out, what, MarkerFile)
}

// CheckOut tells whether out may be the output folder of the site at root
// ("" when the site is not known: only the folder itself is checked), and
// returns its absolute path with symbolic links and ".." resolved: the folder
// a build replaces. It changes nothing.
func CheckOut(root, out string) (string, error) {
	refuse := func(reason, what string) (string, error) {
		return "", &OutError{Out: out, Reason: reason, What: what}
	}
	abs, err := realPath(out)
	if err != nil {
		return refuse(OutUnresolvable, err.Error())
	}
	if root != "" {
		r, err := realPath(root)
		if err != nil {
			return refuse(OutUnresolvable, err.Error())
		}
		// by name, after resolving links and ".."
		if samePath(abs, r) {
			return refuse(OutIsRoot, "")
		}
		if within(r, abs) {
			return refuse(OutHoldsSource, "")
		}
		for _, s := range SourcePaths {
			sp := filepath.Join(r, s)
			if t, err := filepath.EvalSymlinks(sp); err == nil {
				if within(t, abs) {
					return refuse(OutHoldsSource, s)
				}
				if samePath(t, abs) || within(abs, t) {
					return refuse(OutInsideSource, s)
				}
			}
			if samePath(sp, abs) || within(abs, sp) {
				return refuse(OutInsideSource, s)
			}
		}
		// by identity of the folders, whatever their names (a file system
		// that ignores case, a bind mount)
		if a, ok := sameAsAncestor(r, abs); ok {
			if a == r {
				return refuse(OutIsRoot, "")
			}
			return refuse(OutHoldsSource, "")
		}
		for _, s := range SourcePaths {
			if _, ok := sameAsAncestor(filepath.Join(r, s), abs); ok {
				return refuse(OutInsideSource, s)
			}
			if _, ok := sameAsAncestor(abs, filepath.Join(r, s)); ok {
				return refuse(OutHoldsSource, s)
			}
		}
	}
	st, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case err != nil:
		return refuse(OutUnresolvable, err.Error())
	case !st.IsDir():
		return refuse(OutNotDir, "")
	}
	if !IsOutput(abs) {
		return refuse(OutForeign, "")
	}
	return abs, nil
}

// IsOutput reports whether dir is a folder that a build may replace: empty,
// or holding the marker (or the entries of an output written before outputs
// were marked, and nothing else).
func IsOutput(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	if len(entries) == 0 || hasMarker(dir) {
		return true
	}
	for _, e := range entries {
		if !legacyOutputs[e.Name()] {
			return false
		}
	}
	st, err := os.Lstat(filepath.Join(dir, "site", "index.html"))
	return err == nil && st.Mode().IsRegular()
}

func hasMarker(dir string) bool {
	f, err := os.Open(filepath.Join(dir, MarkerFile))
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, len(MarkerText)+1)
	n, _ := f.Read(buf)
	return string(buf[:n]) == MarkerText
}

// realPath makes p absolute and clean, with the symbolic links of its longest
// existing part resolved (the rest does not exist yet).
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// foldCase tells whether paths are compared without regard to case: the
// default file systems of macOS and Windows ignore it.
var foldCase = runtime.GOOS == "darwin" || runtime.GOOS == "windows"

func samePath(a, b string) bool {
	if foldCase {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// within reports whether p lies strictly below dir.
func within(p, dir string) bool {
	if foldCase {
		p, dir = strings.ToLower(p), strings.ToLower(dir)
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// sameAsAncestor reports whether the folder dir (when it exists) is p or
// one of p's existing parents, by identity; it returns which.
func sameAsAncestor(p, dir string) (string, bool) {
	ds, err := os.Stat(dir)
	if err != nil || !ds.IsDir() {
		return "", false
	}
	for cur := p; ; {
		if st, err := os.Stat(cur); err == nil && os.SameFile(st, ds) {
			return cur, true
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return "", false
		}
		cur = parent
	}
}
