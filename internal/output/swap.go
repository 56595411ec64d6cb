package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A build renders into a temporary folder beside the output, named
// .<out>.tmp-<random>, and swaps it in when every renderer succeeded. While
// the build runs it holds a lock on the file of the same name ending in
// .lock, so that another build (or smsgen serve) can tell a live build's
// folder from one left by a build that was killed, and removes only those.
//
// The swap leaves the old or the new output at every instant: on Linux the
// two folders are exchanged in one call (renameat2 RENAME_EXCHANGE), then the
// old one, now under the temporary name, is removed. Where that call does not
// exist the old output is renamed aside (to .<out>.tmp-<random>.old) and the
// new one into place; a build killed between the two renames leaves no
// output for that moment, and the next build (or serve) renames the old one
// back before anything else.

// tempPrefix is the start of the names of the temporary folders of out.
func tempPrefix(out string) string { return "." + filepath.Base(out) + ".tmp-" }

// useExchange is false where folders cannot be exchanged in one call (and
// in the tests of the fallback).
var useExchange = exchangeSupported

// crashHook, when set (tests), is called at each step of a build's file
// operations with the step's name; a test ends the process there.
var crashHook func(step string)

func step(name string) {
	if crashHook != nil {
		crashHook(name)
	}
}

// temp is a locked temporary folder beside an output.
type temp struct {
	dir  string
	lock *os.File
}

// newTemp creates the locked temporary folder of out, with the marker.
func newTemp(out string) (*temp, error) {
	parent := filepath.Dir(out)
	lf, err := os.CreateTemp(parent, tempPrefix(out)+"*.lock")
	if err != nil {
		return nil, err
	}
	if err := lockFile(lf); err != nil {
		lf.Close()
		os.Remove(lf.Name())
		return nil, err
	}
	t := &temp{dir: strings.TrimSuffix(lf.Name(), ".lock"), lock: lf}
	if err := os.Mkdir(t.dir, 0o755); err != nil {
		t.release()
		return nil, err
	}
	spread(t.dir) // its folders are placed afresh (see MkdirAll)
	step("temp-created")
	if err := os.WriteFile(filepath.Join(t.dir, MarkerFile), []byte(MarkerText), 0o644); err != nil {
		t.release()
		return nil, err
	}
	return t, nil
}

// release removes the temporary folder (and what the swap left under its
// names), then the lock.
func (t *temp) release() {
	_ = os.RemoveAll(t.dir)
	_ = os.RemoveAll(t.dir + ".old")
	_ = os.Remove(t.lock.Name())
	_ = t.lock.Close()
}

// swap puts the temporary folder in place of out: either output is complete
// at every instant (see above). The old output ends under t.dir, removed by
// release.
func (t *temp) swap(out string) error {
	step("rendered")
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(t.dir, out)
	}
	if useExchange {
		err := exchange(t.dir, out)
		if err == nil {
			step("exchanged")
			return nil
		}
		if !errors.Is(err, errNoExchange) {
			return err
		}
	}
	// two renames: the old output aside, the new one in place
	old := t.dir + ".old"
	if err := os.Rename(out, old); err != nil {
		return err
	}
	step("moved-aside")
	if err := os.Rename(t.dir, out); err != nil {
		_ = os.Rename(old, out)
		return err
	}
	step("renamed")
	return nil
}

// Cleanup removes what builds of out that were killed left beside it: their
// temporary folders (recognised by name and marker, or empty) whose lock no
// live build holds, and their locks. When out itself is missing and such a
// build had moved the previous output aside, that output is renamed back
// first. It is called by every build before it starts.
func Cleanup(out string) {
	parent, prefix := filepath.Dir(out), tempPrefix(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	_, outErr := os.Lstat(out)
	missing := errors.Is(outErr, fs.ErrNotExist)
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || strings.HasSuffix(name, ".lock") {
			continue
		}
		full := filepath.Join(parent, name)
		st, err := os.Lstat(full)
		if err != nil || !st.IsDir() {
			continue
		}
		base := strings.TrimSuffix(name, ".old")
		lockPath := filepath.Join(parent, base+".lock")
		unlock, locked, ok := tryLock(lockPath)
		if !ok {
			continue // a live build's
		}
		// smsgen's: it carries the marker (or is empty), or its lock file,
		// which a build creates before the folder, is there
		ours := IsOutput(full) || locked
		switch {
		case strings.HasSuffix(name, ".old") && missing && IsOutput(full):
			if os.Rename(full, out) == nil {
				missing = false
			}
		case ours:
			_ = os.RemoveAll(full)
		}
		unlock()
	}
	// locks left without their folder
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".lock") || !e.Type().IsRegular() {
			continue
		}
		dir := filepath.Join(parent, strings.TrimSuffix(name, ".lock"))
		if _, err := os.Lstat(dir); err == nil {
			continue
		}
		if _, err := os.Lstat(dir + ".old"); err == nil {
			continue
		}
		if unlock, _, ok := tryLock(filepath.Join(parent, name)); ok {
			_ = os.Remove(filepath.Join(parent, name))
			unlock()
		}
	}
}

// tryLock takes the lock of path when no live build holds it (a missing
// lock file is free: locked is then false); unlock releases it.
func tryLock(path string) (unlock func(), locked, ok bool) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return func() {}, false, true
	}
	if err != nil {
		return nil, false, false
	}
	if !tryLockFile(f) {
		f.Close()
		return nil, false, false
	}
	return func() { f.Close() }, true, true
}
