package validate

import (
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/synth"
)

// allCellGlyphs is registerGlyphs without its shortcuts: every text of every
// record (id, notes, each cell, each extra) scanned, in the same order.
func allCellGlyphs(site *model.Site) map[string]*glyphFile {
	files := map[string]*glyphFile{}
	at := func(file string) *glyphFile {
		if files[file] == nil {
			files[file] = &glyphFile{}
		}
		return files[file]
	}
	st := site.Settings
	at("smsgen.yaml").parts(0, 0, st.Organization, st.Unit, st.BaseTitle)
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		for _, rec := range reg.Records {
			f := rec.Pos.File
			if f == "" {
				f = reg.Path
			}
			g := at(f)
			g.text(rec.ID, rec.IDPos.Line, rec.IDPos.Col)
			g.text(rec.Notes, rec.Pos.Line, 0)
			for i := range rec.Cells {
				c := rec.Cell(i)
				g.text(c.Raw, int(c.Line), int(c.Col))
			}
			for _, x := range rec.Extra {
				g.text(x.Value, int(x.Line), int(x.Col))
			}
		}
	}
	return files
}

// TestRegisterGlyphsSkipsOnlyASCII holds the glyph check of registers (which
// skips the records of an arena whose stretch of the file and side buffer
// are ASCII, and the cells of a record lying in an ASCII span) to a scan of
// every cell, on a wide synthetic register into which characters the fonts
// have (é) and lack (✅) are put: in plain and in quoted cells (whose
// doubled quotes put the value in the side buffer), in one row or several,
// early, late or nowhere.
func TestRegisterGlyphsSkipsOnlyASCII(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, synth.Options{Rows: 7000, Seed: 1, Shape: synth.ShapeWide}); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "registers", "incidents.csv")
	orig, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(orig), "\n")
	today, _ := time.Parse("2006-01-02", synth.Today)
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 8; round++ {
		ls := append([]string(nil), lines...)
		lacks := false // a character the fonts lack was put
		for k := round % 4; k > 0 || round == 7; k-- {
			i := 1 + rng.Intn(len(ls)-1)
			if round == 7 {
				i = len(ls) - 2 // the last record
			}
			ln := ls[i]
			comma := strings.IndexByte(ln, ',')
			if !strings.HasPrefix(ln, "INC-") || comma < 0 || strings.HasPrefix(ln[comma+1:], `"`) {
				continue // not the first line of a record with a plain title
			}
			mark := []string{"é", "✅", "ü"}[rng.Intn(3)]
			lacks = lacks || mark == "✅"
			if rng.Intn(2) == 0 {
				ls[i] = ln[:comma+1] + mark + ln[comma+1:] // a plain cell: the file's text
			} else {
				end := comma + 1 + strings.IndexByte(ln[comma+1:], ',')
				ls[i] = ln[:comma+1] + `"` + ln[comma+1:end] + ` ""` + mark + `"""` + ln[end:] // the side buffer
			}
			if round == 7 {
				break
			}
		}
		if err := os.WriteFile(csvPath, []byte(strings.Join(ls, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		var c diag.Collector
		site, err := load.Load(load.Options{Root: dir, Today: today, NoTree: true}, &i18n.Reporter{C: &c})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(site.Registers["incidents"].Records); n != 7000 {
			t.Fatalf("round %d: %d records", round, n)
		}
		v := &validator{site: site}
		got, want := v.registerGlyphs(), allCellGlyphs(site)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d files, want %d", round, len(got), len(want))
		}
		for f, w := range want {
			g := got[f]
			if g == nil || !maps.Equal(g.set, w.set) || g.line != w.line || g.col != w.col {
				t.Fatalf("round %d, %s: got %+v, want %+v", round, f, g, w)
			}
		}
		if lacks != (want["registers/incidents.csv"].set != nil) {
			t.Fatalf("round %d: no missing character put", round)
		}
	}
}
