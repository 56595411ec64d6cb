package output

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Every output file of every renderer, and of smsgen serve, is written here:
// Context.WriteFile and Context.Write for whole files (with the reuse of an
// unchanged file of the previous output, see reuse.go), Context.Create and
// CreateFile for files written as a stream (PDFs, workbooks, zips),
// Context.Remove for what an update leaves out. No writer ever writes into
// an existing file: a file is always new (WriteFile removes what is in the
// way first) or replaced by a rename, so a file shared by a hard link with
// another output folder never changes.
//
// The outputs each renderer owns below the output folder are declared in
// Outputs; a build whose renderers leave anything else there fails.

// Outputs names the paths each renderer owns below the output folder.
var Outputs = map[string][]string{
	"html": {"site", "site.zip", "continuity-pack.html"},
	"pdf":  {"pdf"},
	"xlsx": {"xlsx"},
}

// File is an output file being written as a stream. It is written under a
// temporary name in its folder and takes its name on Close, so a reader
// never sees half of it; Abort drops it.
type File struct {
	*bufio.Writer
	f    *os.File
	path string
	done bool
	// hw hashes what is written when a build records this file (see sums)
	hw  *hashingWriter
	rec *sums
}

// CreateFile starts the output file at path (absolute), creating its folder
// when needed.
func CreateFile(path string) (*File, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if errors.Is(err, fs.ErrNotExist) {
		if err := MkdirAll(dir); err != nil {
			return nil, err
		}
		f, err = os.CreateTemp(dir, ".tmp-*")
	}
	if err != nil {
		return nil, err
	}
	bw := writers.Get().(*bufio.Writer)
	w := &File{Writer: bw, f: f, path: path, rec: recorderFor(path)}
	if w.rec != nil {
		w.hw = &hashingWriter{w: f, h: sha256.New()}
		bw.Reset(w.hw)
	} else {
		bw.Reset(f)
	}
	return w, nil
}

// writers holds the buffers of files being written: a build writes
// thousands of files, and a fresh 256 KiB buffer each was some 170 MB of
// garbage on a site of 100,000 records.
var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 256<<10) }}

// errClosed is what writing to a closed or aborted File gives.
var errClosed = errors.New("output file already closed")

type closedWriter struct{}

func (closedWriter) Write([]byte) (int, error) { return 0, errClosed }

// release gives the buffer back; a later write fails with errClosed.
func (w *File) release() {
	w.Writer.Reset(nil)
	writers.Put(w.Writer)
	w.Writer = bufio.NewWriterSize(closedWriter{}, 16)
}

// Close writes the rest and puts the file in place.
func (w *File) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	err := w.Flush()
	w.release()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(w.f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.path)
	}
	if err != nil {
		_ = os.Remove(w.f.Name())
		w.rec.drop(w.path)
	} else if w.hw != nil {
		w.rec.put(w.path, w.hw.h.Sum(nil))
	}
	return err
}

// Abort drops the file: nothing is put in place.
func (w *File) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.release()
	_ = w.f.Close()
	_ = os.Remove(w.f.Name())
}

// Path is the full path of rel (a slash path below the output folder).
func (c *Context) Path(rel string) string { return filepath.Join(c.Out, filepath.FromSlash(rel)) }

// Create starts the output file rel (see CreateFile).
func (c *Context) Create(rel string) (*File, error) { return CreateFile(c.Path(rel)) }

// Remove removes the output file rel (a missing one is no error).
func (c *Context) Remove(rel string) error {
	recorderFor(c.Path(rel)).drop(c.Path(rel))
	err := os.Remove(c.Path(rel))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// replaceFile writes data to full through a temporary file and a rename: a
// reader of the folder sees the old file or the new one, never half of it.
func replaceFile(full string, data []byte) error {
	w, err := CreateFile(full)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// checkDeclared fails when the output folder holds a top-level entry that no
// renderer declared (see Outputs).
func checkDeclared(dir string, renderers map[string]Renderer) error {
	known := map[string]bool{MarkerFile: true, ManifestFile: true}
	for n := range renderers {
		if Outputs[n] == nil {
			return nil // a renderer that declares nothing (tests)
		}
		for _, p := range Outputs[n] {
			known[p] = true
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var extra []string
	for _, e := range entries {
		if !known[e.Name()] {
			extra = append(extra, e.Name())
		}
	}
	if len(extra) > 0 {
		return fmt.Errorf("internal error: outputs that no renderer declares: %s", strings.Join(extra, ", "))
	}
	return nil
}
