package serve

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"

	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/synth"
)

// newDoc is a small valid draft document linking a document, a record and an image.
const newDoc = `---
doc_id: PDM-UJI-001
title: Pedoman Uji Pratinjau
doc_type: guideline
version: "0.1"
status: draft
owner: Koordinator Sistem Manajemen Layanan
next_review: 2027-06-01
classification: internal
---
# Pedoman Uji Pratinjau

## Tujuan

Pedoman ini merujuk [kebijakan perubahan](doc:KEB-CHG-001), formulir
[RFC-2026-001](reg:changes/RFC-2026-001) dan insiden [INC-2026-0001](reg:incidents/INC-2026-0001).
`

var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

// Each step edits the example site the way a document controller would;
// after each, the incremental rebuild must leave the output folder exactly
// as a full build of the same sources, and the findings through the load
// cache must be those of a fresh check.
func TestIncrementalEqualsFull(t *testing.T) {
	root := testutil.ExampleSite(t)
	s := newServer(t, root)
	origIncidents := readFile(t, root, "registers/incidents.csv")
	steps := []struct {
		name  string
		do    func()
		paths []string
		// at most this many pages rendered (0: no bound); proves the rebuild is incremental
		maxRendered int
	}{
		{"body edit", func() {
			edit(t, root, "content/kebijakan/kebijakan-sms.md", "\n## ", "\nParagraf tambahan untuk uji pratinjau.\n\n## ")
		}, []string{"content/kebijakan/kebijakan-sms.md"}, 8},
		{"title edit", func() {
			p := "content/kebijakan/kebijakan-perubahan.md"
			writeFile(t, root, p, titleLine.ReplaceAllString(readFile(t, root, p), "title: Kebijakan Manajemen Perubahan (Revisi Uji)"))
		}, []string{"content/kebijakan/kebijakan-perubahan.md"}, 0},
		{"new document", func() { writeFile(t, root, "content/pedoman/uji-pratinjau.md", newDoc) },
			[]string{"content/pedoman/uji-pratinjau.md"}, 0},
		{"image added and linked", func() {
			writeFile(t, root, "content/pedoman/gambar/diagram.png", "\x89PNG\r\n\x1a\nsatu")
			edit(t, root, "content/pedoman/uji-pratinjau.md", "## Tujuan\n", "## Tujuan\n\n![Diagram alur](gambar/diagram.png)\n")
		}, []string{"content/pedoman/gambar/diagram.png", "content/pedoman/uji-pratinjau.md"}, 0},
		{"image changed", func() { writeFile(t, root, "content/pedoman/gambar/diagram.png", "\x89PNG\r\n\x1a\ndua!") },
			[]string{"content/pedoman/gambar/diagram.png"}, 12},
		{"RFC form edited", func() {
			p := "registers/changes/RFC-2026-001.yaml"
			writeFile(t, root, p, titleLine.ReplaceAllString(readFile(t, root, p), "title: Pembuatan 121 akun surel dinas"))
		}, []string{"registers/changes/RFC-2026-001.yaml"}, 0},
		{"incident title edited", func() {
			edit(t, root, "registers/incidents.csv", "Ekstensi Service Desk 1500 tidak dapat dihubungi", "Ekstensi Service Desk 1500 mati")
		}, []string{"registers/incidents.csv"}, 0},
		{"service renamed", func() {
			edit(t, root, "registers/services.yaml", "name: Layanan Surat Elektronik", "name: Layanan Surel Dinas")
		}, []string{"registers/services.yaml"}, 0},
		{"incident added", func() {
			writeFile(t, root, "registers/incidents.csv", strings.TrimRight(readFile(t, root, "registers/incidents.csv"), "\n")+"\n"+
				incidentRow(t, readFile(t, root, "registers/incidents.csv")))
		}, []string{"registers/incidents.csv"}, 0},
		{"incident removed", func() { writeFile(t, root, "registers/incidents.csv", origIncidents) },
			[]string{"registers/incidents.csv"}, 0},
		{"image unlinked and deleted", func() {
			edit(t, root, "content/pedoman/uji-pratinjau.md", "![Diagram alur](gambar/diagram.png)\n", "")
			if err := os.RemoveAll(filepath.Join(root, "content/pedoman/gambar")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/pedoman/gambar", "content/pedoman/uji-pratinjau.md"}, 0},
		{"document deleted", func() {
			if err := os.Remove(filepath.Join(root, "content/pedoman/uji-pratinjau.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/pedoman/uji-pratinjau.md"}, 0},
		{"nothing changed", func() {}, []string{"content/kebijakan/kebijakan-sms.md"}, 8},
	}
	for _, st := range steps {
		st.do()
		rep := s.Rebuild(Batch{Paths: st.paths})
		if !rep.OK {
			t.Fatalf("%s: rebuild failed: %v, %d errors", st.name, rep.Err, rep.Errors)
		}
		if rep.Full {
			t.Fatalf("%s: rendered everything; want an incremental rebuild", st.name)
		}
		if st.maxRendered > 0 && rep.Rendered > st.maxRendered {
			t.Errorf("%s: rendered %d pages, want at most %d", st.name, rep.Rendered, st.maxRendered)
		}
		want, findings := fullBuild(t, root)
		sameTree(t, s.Out(), want)
		res, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Cache: s.cache})
		if err != nil {
			t.Fatal(err)
		}
		sameFindings(t, res.Findings, findings)
		t.Logf("%s: %d pages rendered, %d files changed", st.name, rep.Rendered, len(rep.Changed))
	}
}

// incidentRow builds a new valid incident row for the header of incidents.csv.
func incidentRow(t *testing.T, csv string) string {
	header := strings.Split(strings.SplitN(csv, "\n", 2)[0], ",")
	vals := map[string]string{"id": "INC-2026-9999", "title": "Uji pratinjau: printer lantai 3 macet",
		"reported_at": "2026-11-20 08:00", "reported_by": "Penguji", "service": "SVC-01", "category": "Perangkat",
		"impact": "low", "urgency": "low", "priority": "5", "status": "new"}
	row := make([]string, len(header))
	for i, h := range header {
		row[i] = vals[strings.TrimSpace(h)]
	}
	return strings.Join(row, ",") + "\n"
}

// On a synthetic site (many documents linking each other, a large incidents
// register), edits of a document and of a register rebuild incrementally and
// equal a full build.
func TestIncrementalEqualsFullSynthetic(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Docs: 60, Rows: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, root)
	var docs []string
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			docs = append(docs, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(docs) < 3 {
		t.Fatalf("synthetic site has %d documents", len(docs))
	}
	for i, rel := range []string{docs[0], docs[len(docs)/2], docs[len(docs)-1]} {
		body := readFile(t, root, rel)
		writeFile(t, root, rel, body+"\nSuntingan pratinjau nomor "+string(rune('A'+i))+".\n")
		rep := s.Rebuild(Batch{Paths: []string{rel}})
		if !rep.OK || rep.Full {
			t.Fatalf("edit of %s: ok %v full %v err %v", rel, rep.OK, rep.Full, rep.Err)
		}
		want, _ := fullBuild(t, root)
		sameTree(t, s.Out(), want)
	}
	inc := readFile(t, root, "registers/incidents.csv")
	lines := strings.SplitN(inc, "\n", 3)
	if len(lines) < 3 {
		t.Fatal("incidents.csv too short")
	}
	// change the title of the first incident: a different first cell after the id
	id, rest, _ := strings.Cut(lines[1], ",")
	writeFile(t, root, "registers/incidents.csv", lines[0]+"\n"+id+",Judul diubah saat pratinjau"+rest[strings.IndexByte(rest, ','):]+"\n"+lines[2])
	rep := s.Rebuild(Batch{Paths: []string{"registers/incidents.csv"}})
	if !rep.OK || rep.Full {
		t.Fatalf("register edit: ok %v full %v err %v errors %d", rep.OK, rep.Full, rep.Err, rep.Errors)
	}
	want, _ := fullBuild(t, root)
	sameTree(t, s.Out(), want)
	t.Logf("register edit: %d pages rendered, %d files changed", rep.Rendered, len(rep.Changed))
}
