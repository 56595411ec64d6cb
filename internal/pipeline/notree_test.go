package pipeline_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/synth"
)

// sameWithoutTree checks that validating the site at dir without syntax trees
// (smsgen validate: plain bodies scanned, not parsed) gives byte for byte the
// findings, headings and links of validating it with them (what build does).
func sameWithoutTree(t *testing.T, dir string) {
	t.Helper()
	full, err := pipeline.Run(pipeline.Options{Root: dir, Today: today, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := pipeline.Run(pipeline.Options{Root: dir, Today: today, Lang: "en", NoTree: true})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := text(t, dir, full.Findings), text(t, dir, fast.Findings); a != b {
		t.Errorf("findings differ without trees:\n%s\n--- without ---\n%s", a, b)
	}
	if len(full.Site.Documents) != len(fast.Site.Documents) {
		t.Fatalf("%d documents with trees, %d without", len(full.Site.Documents), len(fast.Site.Documents))
	}
	for i, d := range full.Site.Documents {
		e := fast.Site.Documents[i]
		if !reflect.DeepEqual(d.Headings, e.Headings) || !reflect.DeepEqual(d.Links, e.Links) {
			t.Errorf("%s: outline differs without tree:\nheadings %+v\n         %+v\nlinks %+v\n      %+v", d.Path, d.Headings, e.Headings, d.Links, e.Links)
		}
		if d.AST == nil || e.AST != nil {
			t.Errorf("%s: tree kept %v with trees, %v without", d.Path, d.AST != nil, e.AST != nil)
		}
	}
}

// TestNoTreeSameFindings runs the comparison on every fixture site, the
// repository's example site, the hostile sites and a synthetic site.
func TestNoTreeSameFindings(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			sameWithoutTree(t, writeSite(t, loadFixture(t, p).ar))
		})
	}
	t.Run("example", func(t *testing.T) { sameWithoutTree(t, filepath.Join("..", "..")) })
	t.Run("synthetic", func(t *testing.T) {
		dir := t.TempDir()
		if err := synth.Write(dir, synth.Options{Docs: 40, Rows: 50, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		sameWithoutTree(t, dir)
	})
	if testing.Short() {
		return
	}
	for _, c := range append(hostileCases(), miscHostileCases()...) {
		t.Run("hostile/"+c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.build(t, dir)
			sameWithoutTree(t, dir)
		})
	}
}
