package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Staging is a second copy of an output folder, for a writer that updates
// the output in place again and again (smsgen serve): the update is written
// into the copy, and Publish exchanges the two folders, so that the output
// holds one complete update or the next at every instant, whatever kills the
// process. The copy shares every file with the output by a hard link; the
// writers never write into a file (see output.go), so neither folder changes
// through the other. After Publish the folder aside (the output before) is
// brought up to the output again, linking only what differs.
//
// The copy is one of the output's temporary folders (.<out>.tmp-<random>),
// locked while the writer lives: a build started meanwhile leaves it alone,
// and one started after the writer was killed removes it.
type Staging struct {
	out string
	t   *temp
}

// NewStaging makes the copy of out (which must exist).
func NewStaging(out string) (*Staging, error) {
	if st, err := os.Stat(out); err != nil || !st.IsDir() {
		if err == nil {
			err = errors.New(out + " is not a folder")
		}
		return nil, err
	}
	Cleanup(out)
	t, err := newTemp(out)
	if err != nil {
		return nil, err
	}
	s := &Staging{out: out, t: t}
	if err := mirror(out, t.dir); err != nil {
		t.release()
		return nil, err
	}
	return s, nil
}

// Dir is the copy: write the update there.
func (s *Staging) Dir() string { return s.t.dir }

// Publish puts the copy in place of the output (the old output or the new
// one complete at every instant, see temp.swap), then makes the folder aside
// a copy of the new output again. swapped, when not nil, runs right after
// the exchange (to point readers at the output again).
func (s *Staging) Publish(swapped func()) error {
	if err := s.t.swap(s.out); err != nil {
		return err
	}
	// where the two renames were used, the old output is at .old
	if _, err := os.Lstat(s.t.dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(s.t.dir+".old", s.t.dir); err != nil {
			// there was no output to exchange with: start the copy anew
			if err := os.Mkdir(s.t.dir, 0o755); err != nil {
				return err
			}
		}
	}
	if swapped != nil {
		swapped()
	}
	return mirror(s.out, s.t.dir)
}

// Close removes the copy.
func (s *Staging) Close() { s.t.release() }

// mirror makes dst hold what src holds, sharing every regular file by a hard
// link; what is already the same file is left as it is.
func mirror(src, dst string) error {
	se, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	de, err := os.ReadDir(dst)
	if err != nil {
		return err
	}
	have := make(map[string]fs.DirEntry, len(de))
	for _, e := range de {
		have[e.Name()] = e
	}
	for _, e := range se {
		name := e.Name()
		sp, dp := filepath.Join(src, name), filepath.Join(dst, name)
		d, ok := have[name]
		delete(have, name)
		switch {
		case e.IsDir():
			if ok && !d.IsDir() {
				if err := os.RemoveAll(dp); err != nil {
					return err
				}
				ok = false
			}
			if !ok {
				if err := os.Mkdir(dp, 0o755); err != nil {
					return err
				}
			}
			if err := mirror(sp, dp); err != nil {
				return err
			}
		case e.Type().IsRegular():
			if ok {
				si, err1 := e.Info()
				di, err2 := d.Info()
				if err1 == nil && err2 == nil && os.SameFile(si, di) {
					continue
				}
				if err := os.RemoveAll(dp); err != nil {
					return err
				}
			}
			if err := os.Link(sp, dp); err != nil {
				return err
			}
		}
	}
	for name := range have {
		if err := os.RemoveAll(filepath.Join(dst, name)); err != nil {
			return err
		}
	}
	return nil
}
