package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestFile, at the top of the output folder, records for each output
// (html, pdf, xlsx) the fingerprint of the sources and options it was
// rendered from, so that a partial build (--only) can tell whether the outputs
// it keeps from an earlier build are still current. It is written only by
// builds that know their fingerprint (Options.Inputs).
const ManifestFile = ".smsgen-build.json"

type manifest struct {
	Outputs map[string]string `json:"outputs"`
}

func readManifest(out string) manifest {
	var m manifest
	if b, err := os.ReadFile(filepath.Join(out, ManifestFile)); err == nil {
		_ = json.Unmarshal(b, &m) // an unreadable manifest knows nothing
	}
	return m
}

// Kept is an output a partial build leaves as the previous build wrote it.
type Kept struct {
	Name string // html, pdf or xlsx
	// Known says whether the previous build recorded what the output was
	// rendered from; Stale, when known, that it was other sources or options.
	Known, Stale bool
}

// KeptOutputs returns the outputs of the previous build in out that a build
// rendering only the outputs named in only leaves as they are, sorted, and
// whether each is stale against the fingerprint inputs (see Inputs).
func KeptOutputs(out string, only []string, inputs string) []Kept {
	if len(only) == 0 {
		return nil
	}
	rendering := map[string]bool{}
	for _, n := range only {
		rendering[n] = true
	}
	m := readManifest(out)
	var kept []Kept
	for name, paths := range Outputs {
		if rendering[name] {
			continue
		}
		present := false
		for _, p := range paths {
			if _, err := os.Stat(filepath.Join(out, p)); err == nil {
				present = true
			}
		}
		if !present {
			continue
		}
		fp, known := m.Outputs[name]
		kept = append(kept, Kept{Name: name, Known: known, Stale: known && fp != inputs})
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Name < kept[j].Name })
	return kept
}

// writeManifest records the fingerprint of the outputs rendered now and keeps
// that of the outputs copied from the previous build.
func writeManifest(tmp, prevOut string, rendered []string, inputs string) error {
	prev := readManifest(prevOut)
	m := manifest{Outputs: map[string]string{}}
	for _, n := range rendered {
		m.Outputs[n] = inputs
	}
	for name, paths := range Outputs {
		if _, done := m.Outputs[name]; done {
			continue
		}
		fp, ok := prev.Outputs[name]
		if !ok {
			continue
		}
		for _, p := range paths {
			if _, err := os.Stat(filepath.Join(tmp, p)); err == nil {
				m.Outputs[name] = fp
				break
			}
		}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(tmp, ManifestFile), append(b, '\n'), 0o644)
}

// Sources are what a site's outputs are rendered from, below its root.
var Sources = []string{"content", "registers", "layouts", "smsgen.yaml"}

// Inputs fingerprints what a build renders from: the content of every file
// of Sources below root (but hidden files and folders, and skip, the output
// folder when it lies inside them) and the options given (today, language,
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
	buf := make([]byte, 64<<10) // one buffer for every file (io.Copy takes a new one each time)
	for _, src := range Sources {
		if err := hashTree(h, buf, rootAbs, filepath.Join(rootAbs, src), skipAbs); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// hashTree adds the path and content hash of every regular file below top
// (top itself when it is a file) to h, in lexical order.
func hashTree(h io.Writer, buf []byte, rootAbs, top, skipAbs string) error {
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
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(rootAbs, p)
		fh := sha256.New()
		if !hashFile(fh, buf, p) {
			return nil
		}
		io.WriteString(h, filepath.ToSlash(rel)+"\x00"+hex.EncodeToString(fh.Sum(nil))+"\x00")
		return nil
	})
}
