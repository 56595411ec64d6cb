package serve

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/synth"
)

// Random edits of a synthetic site, of every kind a document controller
// makes (bodies, titles, new and deleted documents, register rows changed,
// added and deleted, a service renamed): after each rebuild the output
// equals a full build. An edit that breaks validation (a deleted record
// still referenced) is undone, as a person would.
func TestIncrementalRandomEdits(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Docs: 40, Rows: 120, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, root)
	rng := rand.New(rand.NewPCG(42, 6))
	steps := 30
	if testing.Short() {
		steps = 8
	}
	docIDRe := regexp.MustCompile(`(?m)^doc_id: *"?([^"\r\n]+)"?`)
	for step := 0; step < steps; step++ {
		docs := mdFiles(t, root)
		var changed []string
		undo := map[string][]byte{} // file -> content before (nil: did not exist)
		save := func(rel string) {
			if _, ok := undo[rel]; ok {
				return
			}
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				b = nil
			}
			undo[rel] = b
			changed = append(changed, rel)
		}
		var what string
		switch op := rng.IntN(8); op {
		case 0, 1: // a paragraph added
			rel := docs[rng.IntN(len(docs))]
			save(rel)
			writeFile(t, root, rel, readFile(t, root, rel)+fmt.Sprintf("\nParagraf acak %d tentang kapasitas dan insiden.\n", step))
			what = "body of " + rel
		case 2: // a title changed
			rel := docs[rng.IntN(len(docs))]
			save(rel)
			writeFile(t, root, rel, titleLine.ReplaceAllString(readFile(t, root, rel), fmt.Sprintf("title: \"Judul Acak %d\"", step)))
			what = "title of " + rel
		case 3: // a new document, a copy of another under a new id
			src := readFile(t, root, docs[rng.IntN(len(docs))])
			rel := fmt.Sprintf("content/pedoman/acak-%d.md", step)
			save(rel)
			writeFile(t, root, rel, docIDRe.ReplaceAllString(src, fmt.Sprintf("doc_id: ACAK-%03d", step)))
			what = "new " + rel
		case 4: // a document deleted
			rel := docs[rng.IntN(len(docs))]
			save(rel)
			if err := os.Remove(filepath.Join(root, rel)); err != nil {
				t.Fatal(err)
			}
			what = "deleted " + rel
		case 5, 6: // a CSV row changed, added or deleted
			rel := "registers/incidents.csv"
			if rng.IntN(3) == 0 {
				rel = "registers/problems.csv"
			}
			save(rel)
			what = editCSV(t, root, rel, rng, step)
		case 7: // a service renamed
			rel := "registers/services.yaml"
			save(rel)
			b := readFile(t, root, rel)
			i := strings.Index(b, "name: ")
			j := strings.IndexByte(b[i:], '\n')
			writeFile(t, root, rel, b[:i]+fmt.Sprintf("name: \"Layanan Acak %d\"", step)+b[i+j:])
			what = "service renamed"
		}
		rep := s.Rebuild(Batch{Paths: changed})
		if rep.Err != nil {
			t.Fatalf("step %d (%s): %v", step, what, rep.Err)
		}
		if !rep.OK {
			for rel, b := range undo {
				if b == nil {
					os.Remove(filepath.Join(root, filepath.FromSlash(rel)))
				} else {
					writeFile(t, root, rel, string(b))
				}
			}
			what += " (broke validation: undone)"
			if rep = s.Rebuild(Batch{Paths: changed}); !rep.OK {
				t.Fatalf("step %d: undoing %s does not validate: %+v", step, what, rep)
			}
		}
		want, _ := fullBuild(t, root)
		sameTree(t, s.Out(), want)
		t.Logf("step %d: %s: %d rendered, %d changed, full %v", step, what, rep.Rendered, len(rep.Changed), rep.Full)
	}
}

func mdFiles(t *testing.T, root string) []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(out) == 0 {
		t.Fatal("no documents")
	}
	return out
}

// editCSV changes, duplicates (under a new id) or deletes a random row.
func editCSV(t *testing.T, root, rel string, rng *rand.Rand, step int) string {
	b := readFile(t, root, rel)
	delim := ','
	if first, _, _ := strings.Cut(b, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		delim = ';'
	}
	r := csv.NewReader(strings.NewReader(b))
	r.Comma = delim
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if len(rows) < 3 {
		t.Fatalf("%s: too few rows", rel)
	}
	i := 1 + rng.IntN(len(rows)-1)
	var what string
	switch rng.IntN(3) {
	case 0:
		col := -1 // a free-text column
		for c, h := range rows[0] {
			switch strings.ToLower(strings.TrimSpace(h)) {
			case "title", "judul", "problem", "masalah":
				col = c
			}
		}
		if col >= 0 && len(rows[i]) > col {
			rows[i][col] += fmt.Sprintf(" (diubah %d)", step)
		}
		what = "row " + rows[i][0] + " of " + rel + " changed"
	case 1:
		cp := append([]string(nil), rows[i]...)
		cp[0] = fmt.Sprintf("%s-X%d", cp[0], step)
		rows = append(rows, cp)
		what = "row " + cp[0] + " added to " + rel
	default:
		what = "row " + rows[i][0] + " deleted from " + rel
		rows = append(rows[:i], rows[i+1:]...)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Comma = delim
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, rel, out.String())
	return what
}
