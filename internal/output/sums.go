package output

import (
	"crypto/sha256"
	"hash"
	"path/filepath"
	"strings"
	"sync"
)

// The digest of an output's files (filesDigest) hashes their content. A
// build knows the content of what it writes: every file written through
// this package while a build runs (Context.Write, CreateFile) has its hash
// taken as it is written, by the renderer that writes it, so that the
// digest at the end of the build reads back only what it was not told of.
// A hash recorded wrongly could only make the next build render again: the
// next build verifies the files by reading them (ReadState).

// fileSum is the SHA-256 of a file as it was written.
type fileSum struct {
	sum [sha256.Size]byte
}

// sums records the hashes of the files written below one folder.
type sums struct {
	dir string
	mu  sync.Mutex
	m   map[string]fileSum // by full path
}

func (s *sums) put(full string, sum []byte) {
	if s == nil {
		return
	}
	var fs fileSum
	copy(fs.sum[:], sum)
	s.mu.Lock()
	s.m[full] = fs
	s.mu.Unlock()
}

func (s *sums) putData(full string, data []byte) {
	if s == nil {
		return
	}
	sum := sha256.Sum256(data)
	s.put(full, sum[:])
}

func (s *sums) drop(full string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	delete(s.m, full)
	s.mu.Unlock()
}

func (s *sums) get(full string) (fileSum, bool) {
	if s == nil {
		return fileSum{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, ok := s.m[full]
	return fs, ok
}

// recording holds the sums of the builds running in this process, by the
// folder they write (a few at most: a build, or serve's).
var recording struct {
	mu   sync.Mutex
	dirs []*sums
}

// record starts recording the hashes of the files written below dir; the
// returned function stops it.
func record(dir string) (*sums, func()) {
	s := &sums{dir: filepath.Clean(dir) + string(filepath.Separator), m: map[string]fileSum{}}
	recording.mu.Lock()
	recording.dirs = append(recording.dirs, s)
	recording.mu.Unlock()
	return s, func() {
		recording.mu.Lock()
		defer recording.mu.Unlock()
		for i, d := range recording.dirs {
			if d == s {
				recording.dirs = append(recording.dirs[:i], recording.dirs[i+1:]...)
				return
			}
		}
	}
}

// recorderFor returns the sums that record the file full, nil when no build
// records it.
func recorderFor(full string) *sums {
	recording.mu.Lock()
	defer recording.mu.Unlock()
	for _, s := range recording.dirs {
		if strings.HasPrefix(full, s.dir) {
			return s
		}
	}
	return nil
}

// hashingWriter writes to w and hashes what was written.
type hashingWriter struct {
	w interface{ Write([]byte) (int, error) }
	h hash.Hash
}

func (hw *hashingWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	return n, err
}
