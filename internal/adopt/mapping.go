package adopt

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Mapping says how the keys and values of a foreign front matter (or of a
// Word document's control table) become smsgen's front matter.
//
//	preset: notion            # optional: start from a built-in mapping (comply, notion, docx)
//	unmapped: keep            # keep (under x_source, the default) or report (left out, listed once per key)
//	keys:                     # source key → smsgen key; "-" leaves the key out; x_source keeps it
//	  Name: title
//	  Owners: owner
//	values:                   # per smsgen key: source value → smsgen value
//	  status: {Not started: draft, In progress: review, Done: approved}
//	defaults:                 # values for keys the source does not give
//	  classification: internal
//
// Keys and values are matched case-insensitively, with runs of spaces, "_"
// and "-" taken as one space and a trailing ":" or "." ignored. A source key
// that is already an smsgen key or one of its labels needs no entry.
type Mapping struct {
	Preset   string                       `yaml:"preset"`
	Unmapped string                       `yaml:"unmapped"`
	Keys     map[string]string            `yaml:"keys"`
	Values   map[string]map[string]string `yaml:"values"`
	Defaults map[string]string            `yaml:"defaults"`

	keys   map[string]string
	values map[string]map[string]string
}

// Presets are the built-in mappings.
var Presets = []string{"comply", "notion", "docx"}

// Namespace is the front-matter key under which unmapped source keys are kept.
const Namespace = "x_source"

const drop = "-"

var presets = map[string]*Mapping{
	// strongdm/comply policies: YAML closed by "---" without an opening line.
	"comply": {Keys: map[string]string{"name": "title", "acronym": "doc_id"}},
	// Notion exports: page properties as front matter.
	"notion": {
		Keys: map[string]string{
			"name": "title", "title": "title", "page": "title",
			"status": "status", "state": "status",
			"owner": "owner", "owners": "owner", "document owner": "owner", "assignee": "owner",
			"document id": "doc_id", "doc id": "doc_id", "id": "doc_id", "number": "doc_id",
			"type": "doc_type", "document type": "doc_type", "doc type": "doc_type",
			"version": "version", "classification": "classification",
			"next review": "next_review", "review date": "next_review", "next review date": "next_review",
			"reviewer": "reviewed_by", "reviewers": "reviewed_by", "reviewed by": "reviewed_by",
			"approver": "approved_by", "approvers": "approved_by", "approved by": "approved_by",
			"approved on": "approved_date", "approval date": "approved_date",
			"effective date": "effective_date", "effective from": "effective_date",
		},
		Values: map[string]map[string]string{
			"status": {"not started": "draft", "draft": "draft", "in progress": "draft", "to do": "draft",
				"in review": "review", "review": "review", "done": "approved", "approved": "approved",
				"published": "approved", "archived": "obsolete", "deprecated": "obsolete"},
		},
	},
	// Word documents: the labels of a document-control table, and the core properties.
	"docx": {
		Keys: map[string]string{
			"nomor": "doc_id", "nomor dokumen": "doc_id", "no dokumen": "doc_id", "no": "doc_id",
			"kode dokumen": "doc_id", "nomor sop": "doc_id", "document number": "doc_id", "document no": "doc_id",
			"judul": "title", "judul dokumen": "title", "nama dokumen": "title", "nama sop": "title", "title": "title",
			"versi": "version", "revisi": "version", "no revisi": "version", "nomor revisi": "version",
			"version": "version", "revision": "version",
			"tanggal": "effective_date", "tanggal berlaku": "effective_date", "tanggal efektif": "effective_date",
			"berlaku sejak": "effective_date", "berlaku mulai": "effective_date", "effective date": "effective_date",
			"tanggal pengesahan": "approved_date", "tanggal disahkan": "approved_date", "disahkan tanggal": "approved_date",
			"tanggal penetapan": "approved_date", "approval date": "approved_date", "date approved": "approved_date",
			"disahkan oleh": "approved_by", "ditetapkan oleh": "approved_by", "disetujui oleh": "approved_by",
			"pengesah": "approved_by", "approved by": "approved_by",
			"diperiksa oleh": "reviewed_by", "ditinjau oleh": "reviewed_by", "pemeriksa": "reviewed_by", "reviewed by": "reviewed_by",
			"pemilik": "owner", "pemilik dokumen": "owner", "pemilik proses": "owner", "owner": "owner",
			"disusun oleh": "owner", "dibuat oleh": "owner", "penyusun": "owner", "prepared by": "owner",
			"klasifikasi": "classification", "klasifikasi dokumen": "classification", "classification": "classification",
			"status": "status", "status dokumen": "status", "jenis dokumen": "doc_type", "jenis": "doc_type",
			"halaman": drop, "page": drop, "pages": drop,
		},
		Values: map[string]map[string]string{
			"status": {"final": "approved", "berlaku": "approved", "aktif": "approved", "draft": "draft", "konsep": "draft"},
			"classification": {"biasa": "internal", "umum": "public", "terbuka": "public", "rahasia": "confidential",
				"sangat rahasia": "confidential", "terbatas": "restricted"},
		},
	},
}

// norm folds a key or value for matching.
func norm(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimRight(s, ":.")
	var b strings.Builder
	sp := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '.' {
			sp = true
			continue
		}
		if sp && b.Len() > 0 {
			b.WriteByte(' ')
		}
		sp = false
		b.WriteRune(r)
	}
	return b.String()
}

// LoadMapping reads a mapping file. Unknown keys, an unknown preset or
// unmapped mode are errors with the file's line.
func LoadMapping(path string) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && err.Error() != "EOF" {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%s: %s", path, strings.ReplaceAll(strings.Join(te.Errors, "; "), " in type adopt.Mapping", ""))
		}
		return nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(firstLine(err.Error()), "yaml: "))
	}
	if m.Preset != "" && presets[m.Preset] == nil {
		return nil, fmt.Errorf("%s: unknown preset %q (%s)", path, m.Preset, strings.Join(Presets, ", "))
	}
	switch m.Unmapped {
	case "", "keep", "report":
	default:
		return nil, fmt.Errorf("%s: unmapped must be keep or report, not %q", path, m.Unmapped)
	}
	return &m, nil
}

// merged returns the preset overlaid with the mapping's own entries.
func merged(preset string, own *Mapping) *Mapping {
	out := &Mapping{Unmapped: "keep", keys: map[string]string{}, values: map[string]map[string]string{}, Defaults: map[string]string{}}
	add := func(m *Mapping) {
		if m == nil {
			return
		}
		for k, v := range m.Keys {
			out.keys[norm(k)] = strings.TrimSpace(v)
		}
		for f, vm := range m.Values {
			if out.values[f] == nil {
				out.values[f] = map[string]string{}
			}
			for k, v := range vm {
				out.values[f][norm(k)] = v
			}
		}
		for k, v := range m.Defaults {
			out.Defaults[k] = v
		}
		if m.Unmapped != "" {
			out.Unmapped = m.Unmapped
		}
	}
	if preset != "docx" { // the labels of a control table are common front-matter keys too
		for k, v := range presets["docx"].Keys {
			if v != drop {
				out.keys[k] = v
			}
		}
	}
	add(presets[preset])
	add(own)
	out.Preset = preset
	return out
}

// detectPreset picks the built-in mapping a Markdown file looks written for.
func detectPreset(format string, pairs []pair) string {
	if format == "notion-properties" {
		return "notion"
	}
	keys := map[string]bool{}
	for _, p := range pairs {
		k := norm(p.Key)
		if strings.HasPrefix(k, "notion") {
			return "notion"
		}
		keys[k] = true
	}
	if keys["acronym"] || (format == "yaml-unopened" && keys["name"]) || (keys["name"] && keys["majorrevisions"]) {
		return "comply"
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
