package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/model"
)

// ManifestFile, at the top of the output folder, records for each output
// (html, pdf, xlsx) what it was rendered from, what its files were when the
// build left them and what rendering it reported, so that a build can leave
// an output that would come out the same as it is (see State.Current), and
// a partial build (--only) can say whether the outputs it keeps are still
// current. It is written only by builds that know their fingerprint
// (Options.Inputs).
const ManifestFile = ".smsgen-build.json"

// manifestVersion changes when the manifest's meaning does: a manifest of
// another version knows nothing.
const manifestVersion = 2

type manifest struct {
	Version int                `json:"version"`
	Outputs map[string]*Record `json:"outputs"`
}

// Record is what a build recorded of one output it rendered.
type Record struct {
	// Sources is the fingerprint of the source files and options (Inputs),
	// Inputs that and everything else the output was rendered from (Key).
	Sources string `json:"sources"`
	Inputs  string `json:"inputs"`
	// With gives, for each output this one takes in (TakesIn), the Inputs
	// of that output as this one took it in; "" when it was absent.
	With map[string]string `json:"with,omitempty"`
	// Files is the digest of the output's files as the build left them
	// (see filesDigest); "" where it cannot be taken.
	Files string `json:"files,omitempty"`
	// Findings are what rendering the output reported.
	Findings diag.Saved `json:"findings"`
}

// TakesIn names, for each output, the outputs whose files it takes in: the
// site links the PDFs and workbooks that are there and holds them in
// site.zip (see package html), so it is current only with the same ones.
var TakesIn = map[string][]string{"html": {"pdf", "xlsx"}}

// readManifest reads the manifest of out when this user's build wrote it
// (see trusted); otherwise it knows nothing.
func readManifest(out string) manifest {
	var m manifest
	if b, ok := readManifestFile(filepath.Join(out, ManifestFile)); ok && trusted(out, b) {
		if json.Unmarshal(b, &m) != nil || m.Version != manifestVersion {
			m = manifest{} // an unreadable manifest, or one of another version, knows nothing
		}
	}
	for n, r := range m.Outputs {
		if r == nil || Outputs[n] == nil {
			delete(m.Outputs, n)
		}
	}
	return m
}

// maxManifest bounds the manifest read: it holds a record per output and
// the findings rendering reported (at most diag.MaxPerFileCode per file
// and code), far less on any real site.
const maxManifest = 64 << 20

// readManifestFile reads the manifest at p when it is a regular file (not a
// link, not a named pipe that would block the read) of at most maxManifest
// bytes: whatever lies in an output folder is read as hostile.
func readManifestFile(p string) ([]byte, bool) {
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxManifest {
		return nil, false
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxManifest+1))
	if err != nil || len(b) > maxManifest {
		return nil, false
	}
	return b, true
}

// State is what the previous build left in an output folder: which outputs
// are there, and the records of those whose files are still exactly as that
// build left them (an output edited, added to or partly removed since has
// no record: nothing is known of it).
type State struct {
	out     string
	present map[string]bool
	// claimed are the records of the manifest; a record is returned once
	// the output's files were read and found unchanged (see verify)
	claimed map[string]*Record
	checks  map[string]*check
	stop    atomic.Bool // set: Verify's reading stops
}

// check is the verification of one output's files, done once (a
// verification stopped half way is not one).
type check struct {
	mu       sync.Mutex
	done, ok bool
}

// verify reads the files of the recorded output name, unless it was done
// already; false, false when stop was set before it was done.
func (s *State) verify(name string, stop *atomic.Bool) (ok, done bool) {
	c := s.checks[name]
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done {
		d, complete := filesDigestStop(s.out, name, nil, stop)
		if !complete {
			return false, false
		}
		c.done, c.ok = true, d == s.claimed[name].Files
	}
	return c.ok, true
}

// ReadState reads the state of the output folder out (empty when there is
// none). The files of a recorded output are read when something asks for
// its record (Record, Current, Kept), or ahead (Verify).
func ReadState(out string) *State {
	s := &State{out: out, present: map[string]bool{}, claimed: map[string]*Record{}, checks: map[string]*check{}}
	for name := range Outputs {
		s.present[name] = present(out, name)
	}
	for name, r := range readManifest(out).Outputs {
		if s.present[name] && r.Files != "" {
			s.claimed[name] = r
			s.checks[name] = new(check)
		}
	}
	return s
}

// Verify starts reading the files of the outputs in names (and of those
// they take in) while the caller goes on, until StopVerify: the build does
// while it cannot yet tell whether they may be current.
func (s *State) Verify(names []string) {
	for _, n := range names {
		for _, m := range append([]string{n}, TakesIn[n]...) {
			if s.checks[m] != nil {
				go s.verify(m, &s.stop)
			}
		}
	}
}

// StopVerify stops the reading Verify started (what is asked for later is
// read then).
func (s *State) StopVerify() { s.stop.Store(true) }

// present tells whether any file of the output name is in the folder dir.
func present(dir, name string) bool {
	for _, p := range Outputs[name] {
		if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
			return true
		}
	}
	return false
}

// Record returns the record of the output name, nil when there is none or
// its files changed since (read here, once, unless Verify did).
func (s *State) Record(name string) *Record {
	if s.checks[name] == nil {
		return nil
	}
	if ok, _ := s.verify(name, nil); !ok {
		return nil
	}
	return s.claimed[name]
}

// Present tells whether any file of the output name is there.
func (s *State) Present(name string) bool { return s.present[name] }

// unknown stands, in with, for an output that is there but of which nothing
// is known: it never equals what a record holds.
const unknown = "\x00unknown"

// with returns what the output name would take in at the end of a build
// that renders the outputs in rendering from the fingerprint key and keeps
// the others.
func (s *State) with(name string, rendering []string, key string) map[string]string {
	deps := TakesIn[name]
	if len(deps) == 0 {
		return nil
	}
	w := map[string]string{}
	for _, d := range deps {
		switch {
		case contains(rendering, d):
			w[d] = key
		case s.Record(d) != nil:
			w[d] = s.Record(d).Inputs
		case s.present[d]:
			w[d] = unknown
		default:
			w[d] = ""
		}
	}
	return w
}

// Current tells whether the output name is there as a build of the outputs
// in rendering from the fingerprint key would write it, so that the build
// may leave it as it is: rendered from the same inputs, taking in the same
// other outputs, its files untouched since.
func (s *State) Current(name string, rendering []string, key string) bool {
	if r := s.claimed[name]; r == nil || key == "" || r.Inputs != key {
		return false // not read: it cannot be current
	}
	r := s.Record(name)
	if r == nil {
		return false
	}
	w := s.with(name, rendering, key)
	if len(w) != len(r.With) {
		return false
	}
	for d, v := range w {
		if v == unknown || r.With[d] != v {
			return false
		}
	}
	return true
}

// Recorded tells whether every output in names has a record in the
// manifest (whose files may yet turn out changed: see Record).
func (s *State) Recorded(names []string) bool {
	for _, n := range names {
		if s.claimed[n] == nil {
			return false
		}
	}
	return len(names) > 0
}

// SameSources tells whether every output in names has a record in the
// manifest rendered from the sources and options of fingerprint sources:
// when so, the build may well leave them all as they are (Current decides,
// with the whole key and the files verified).
func (s *State) SameSources(names []string, sources string) bool {
	for _, n := range names {
		if r := s.claimed[n]; r == nil || r.Sources != sources {
			return false
		}
	}
	return len(names) > 0
}

// Kept is an output a build leaves as the previous build wrote it.
type Kept struct {
	Name string // html, pdf or xlsx
	// Known says whether the previous build recorded what the output was
	// rendered from (and its files are as it left them); Stale, when known,
	// that it was other sources or options; Outdated, when known and not
	// stale, that it took in other outputs than the ones there now.
	Known, Stale, Outdated bool
}

// Kept returns the outputs a build rendering the outputs in rendering from
// the fingerprint key leaves as they are, sorted, and whether each is
// current.
func (s *State) Kept(rendering []string, key string) []Kept {
	var kept []Kept
	for name := range Outputs {
		if contains(rendering, name) || !s.present[name] {
			continue
		}
		r := s.Record(name)
		k := Kept{Name: name, Known: r != nil}
		if r != nil {
			k.Stale = r.Inputs != key
			k.Outdated = !k.Stale && !s.Current(name, rendering, key)
		}
		kept = append(kept, k)
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Name < kept[j].Name })
	return kept
}

// Findings returns what rendering the output name reported when it was
// rendered (nothing when there is no record).
func (s *State) Findings(name string) diag.Saved {
	if r := s.Record(name); r != nil {
		return r.Findings
	}
	return diag.Saved{}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// writeManifest writes the manifest of a build into its temporary folder
// tmp: the records of the outputs rendered now (their files' digest taken
// here), and those of the outputs kept from the previous build that are in
// tmp.
func writeManifest(tmp string, m manifest, known *sums) ([]byte, error) {
	for name, r := range m.Outputs {
		if r.Files == "" {
			r.Files = filesDigestKnown(tmp, name, known)
		}
		if !present(tmp, name) {
			delete(m.Outputs, name)
		}
	}
	m.Version = manifestVersion
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	b = append(b, '\n')
	f, err := CreateFile(filepath.Join(tmp, ManifestFile))
	if err != nil {
		return nil, err
	}
	f.Write(b)
	return b, f.Close()
}

// filesDigest hashes the files of the output name in out: the path and
// content of each file, the path of each folder, the path and target of
// each link, in lexical order. It is the same for the same files wherever
// and whenever they were written, and changes with any edit, addition or
// removal; "" when a file cannot be read.
func filesDigest(out, name string) string { return filesDigestKnown(out, name, nil) }

// filesDigestKnown is filesDigest, taking the hash of each file known
// recorded from there instead of reading it.
func filesDigestKnown(out, name string, known *sums) string {
	d, _ := filesDigestStop(out, name, known, nil)
	return d
}

// filesDigestStop is filesDigestKnown that gives up (false) as soon as stop
// (when not nil) is set.
func filesDigestStop(out, name string, known *sums, stop *atomic.Bool) (string, bool) {
	stopped := func() bool { return stop != nil && stop.Load() }
	type entry struct {
		rel, kind, path string
		sum             [32]byte
		ok              bool
	}
	var entries []*entry
	for _, p := range Outputs[name] {
		top := filepath.Join(out, p)
		err := filepath.WalkDir(top, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				if q == top && os.IsNotExist(err) {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(out, q)
			e := &entry{rel: filepath.ToSlash(rel), ok: true}
			switch {
			case d.IsDir():
				e.kind = "dir"
			case d.Type().IsRegular():
				e.kind, e.path, e.ok = "file", q, false
				// (a file the build wrote and something else changed after
				// would have a digest that is not of its files: the next
				// build, which reads them, renders it again)
				if fs, ok := known.get(q); ok {
					e.sum, e.ok, e.path = fs.sum, true, ""
				}
			case d.Type()&fs.ModeSymlink != 0:
				t, _ := os.Readlink(q)
				e.kind = "link " + t
			default:
				e.kind = "other " + d.Type().String()
			}
			entries = append(entries, e)
			return nil
		})
		if err != nil {
			return "", true
		}
	}
	if stopped() {
		return "", false
	}
	// the contents, on every core
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(entries) || stopped() {
					return
				}
				if e := entries[i]; e.path != "" {
					h := sha256.New()
					e.ok = hashFile(h, buf, e.path)
					h.Sum(e.sum[:0])
				}
			}
		}()
	}
	wg.Wait()
	if stopped() {
		return "", false
	}
	h := sha256.New()
	for _, e := range entries {
		if !e.ok {
			return "", true
		}
		io.WriteString(h, e.rel+"\x00"+e.kind+"\x00")
		if e.kind == "file" {
			h.Write(e.sum[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], true
}

// Sources are what a site's outputs are rendered from, below its root.
var Sources = []string{"content", "registers", "layouts", "smsgen.yaml"}

// Inputs fingerprints what a build renders from: the content of every file
// of Sources below root (but hidden files and folders, and skip, the output
// folder when it lies inside them; a link to a file inside root counts as
// its target and the file's content) and the options given (today, language,
// limits, the version of smsgen). Only content counts, never times, so two
// builds of the same sources write the same manifest.
func Inputs(root, skip string, options ...string) (string, error) {
	h := sha256.New()
	for _, o := range options {
		io.WriteString(h, o+"\x00")
	}
	skipAbs, _ := filepath.Abs(skip)
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	realRoot, err := filepath.EvalSymlinks(rootAbs)
	if err != nil {
		realRoot = rootAbs
	}
	var items []sourceItem
	for _, src := range Sources {
		if err := listSources(&items, rootAbs, realRoot, filepath.Join(rootAbs, src), skipAbs); err != nil {
			return "", err
		}
	}
	hashSources(items)
	for _, it := range items {
		io.WriteString(h, it.link)
		if it.ok {
			io.WriteString(h, it.rel+"\x00"+it.sum+"\x00")
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// sourceItem is a file of the sources as it enters the fingerprint: a link
// adds its target (link), and a file read (path: the file, or the link's
// target inside the root) its path and content hash (sum, when ok).
type sourceItem struct {
	link, rel, path, sum string
	ok                   bool
}

// listSources appends the files below top (top itself when it is a file) in
// lexical order: a link with its target and, when that is a regular file
// inside the root (what loading reads through it), the file.
func listSources(items *[]sourceItem, rootAbs, realRoot, top, skipAbs string) error {
	return filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a missing folder, or what cannot be read: a finding of validation, not of the fingerprint
		}
		if p != top && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p == skipAbs {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(rootAbs, p)
		it := sourceItem{rel: filepath.ToSlash(rel), path: p}
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			it.link, it.path = it.rel+"\x00link\x00"+target+"\x00", ""
			if real, err := filepath.EvalSymlinks(p); err == nil && within(real, realRoot) {
				if st, err := os.Stat(real); err == nil && st.Mode().IsRegular() {
					it.path = real
				}
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		*items = append(*items, it)
		return nil
	})
}

// hashSources hashes the files of items on every core.
func hashSources(items []sourceItem) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		wg.Go(func() {
			buf := make([]byte, 64<<10) // one buffer for every file of the worker
			for i := int(next.Add(1)) - 1; i < len(items); i = int(next.Add(1)) - 1 {
				if it := &items[i]; it.path != "" {
					it.sum, it.ok = hashSource(buf, it.path)
				}
			}
		})
	}
	wg.Wait()
}

// MaxSource is the most bytes of a source file the fingerprint reads. No
// stage reads a larger file: loading refuses a register over
// load.MaxCSVSize and any other file over load.MaxFileSize by its size,
// before reading it, and so do attachments (attach.MaxSize) and layouts.
// The outputs can then depend only on the size of a larger file, which is
// what the fingerprint takes of it: a video of gigabytes left in content/
// is not read at every build. (Held to those bounds by a test.)
const MaxSource = 1 << 30

// sourceBound is MaxSource (lowered by tests).
var sourceBound int64 = MaxSource

// hashSource is the hex SHA-256 of the content of the source file p, or of
// its size when it holds more than MaxSource bytes ("size:N"); false when
// it cannot be read.
func hashSource(buf []byte, p string) (string, bool) {
	st, err := os.Stat(p)
	if err != nil {
		return "", false
	}
	if st.Size() > sourceBound {
		return "size:" + strconv.FormatInt(st.Size(), 10), true
	}
	fh := sha256.New()
	n, ok := hashFileUpTo(fh, buf, p, sourceBound+1)
	if !ok {
		return "", false
	}
	if n > sourceBound { // it grew since: what loading will find too large too
		return "size:>" + strconv.FormatInt(sourceBound, 10), true
	}
	return hex.EncodeToString(fh.Sum(nil)), true
}

// Key fingerprints everything the outputs of site are rendered from: the
// sources and options (sources, from Inputs) and what loading took from
// elsewhere: the last change in git of each document and register (read
// from git's history, not from the sources) and the site's logo, which may
// lie anywhere in the site. "" when sources is.
func Key(sources string, site *model.Site) string {
	if sources == "" || site == nil {
		return ""
	}
	h := sha256.New()
	io.WriteString(h, sources+"\x00")
	change := func(kind, name string, c *model.Change) {
		if c != nil {
			io.WriteString(h, kind+"\x00"+name+"\x00"+c.Commit+"\x00"+c.Date.Format(time.RFC3339Nano)+"\x00"+c.Author+"\x00")
		}
	}
	for _, d := range site.Documents {
		change("doc", d.Path, d.LastChange)
	}
	for _, name := range site.RegisterNames() {
		if r := site.Registers[name]; r != nil {
			change("register", name, r.LastChange)
		}
	}
	if logo := site.Settings.Logo; logo != "" {
		io.WriteString(h, "logo\x00"+logo+"\x00")
		if p, pr := attach.Resolve(site.Root, logo); pr == nil {
			if sum, ok := hashSource(make([]byte, 64<<10), p); ok {
				io.WriteString(h, sum)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
