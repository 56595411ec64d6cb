package pdf

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestAppendDateText: the dates of a register table are localize's, for
// every month, both languages, with and without a time of day.
func TestAppendDateText(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		for m := 1; m <= 12; m++ {
			for _, tm := range []time.Time{
				time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC),
				time.Date(1999, time.Month(m), 28, 9, 5, 0, 0, time.UTC),
				time.Date(2031, time.Month(m), 11, 23, 59, 59, 0, time.UTC),
				time.Date(2026, time.Month(m), 30, 0, 7, 0, 0, time.UTC),
				{},
			} {
				for _, typ := range []string{schema.Date, schema.DateTime, schema.Month} {
					var want string
					switch typ {
					case schema.Date:
						want = localize.Date(tm, lang)
					case schema.DateTime:
						want = localize.DateTime(tm, lang)
					default:
						want = localize.Month(tm, lang)
					}
					if got := string(appendDateText([]byte("x"), typ, tm, lang)); got != "x"+want {
						t.Errorf("%s %v %s: %q, localize %q", lang, typ, tm, got, "x"+want)
					}
				}
			}
		}
	}
}

// TestRowTexts: the texts of a register table's row are cellText's for
// every column of every record, in the wide shape (63 columns, dates and
// times of several fields) in both languages.
func TestRowTexts(t *testing.T) {
	root := testutil.SynthSite(t, synth.Options{Docs: 2, Rows: 400, Seed: 5, Shape: synth.ShapeWide})
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, lang := range []string{"id", "en"} {
		for _, reg := range res.Site.Registers {
			cols := []regCol{{key: "id"}, {key: "notes"}}
			if reg.Schema != nil {
				for _, f := range reg.Schema.Fields {
					cols = append(cols, regCol{key: f.Key, field: f})
				}
			}
			texts := make([]string, len(cols))
			var buf []byte
			for _, rec := range reg.Records {
				buf = rowTexts(reg, rec, cols, lang, buf, texts)
				for i, c := range cols {
					if want := cellText(reg, rec, c, lang); texts[i] != want {
						t.Fatalf("%s %s %s %s: %q, cellText %q", lang, reg.Name, rec.ID, c.key, texts[i], want)
					}
					if c.field != nil && isDateType(c.field.Type) && texts[i] != "" {
						n++
					}
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d dates compared", n)
	}
}

// TestMeasureRecordsParallel: the widths of a register's columns measured in
// chunks on every core are those of one pass over the records as the plan
// measured them before (each cell's text, one run), and the characters the
// fonts lack are all recorded, from every chunk.
func TestMeasureRecordsParallel(t *testing.T) {
	root := filepath.Join(t.TempDir(), "site")
	const rows = 3*planChunk + 17
	if err := synth.Write(root, synth.Options{Docs: 2, Rows: rows, Seed: 9, Shape: synth.ShapeWide}); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	reg := res.Site.Registers["incidents"]
	if len(reg.Records) != rows {
		t.Fatalf("%d incidents", len(reg.Records))
	}
	// characters the fonts lack, in records of the first and the last chunk
	reg.Records[5].Notes = "catatan \U0001D11E"
	reg.Records[rows-3].Notes = "akhir \u4E2D\u6587 selesai"
	loadFonts()
	for _, lang := range []string{"id", "en"} {
		table, text := candidates(reg, reg.Records, lang)
		cols := append(table, text...)
		want := make([]colStat, len(cols))
		wantMissing := map[rune]bool{}
		for _, rec := range reg.Records {
			for i, c := range cols {
				if s := cellText(reg, rec, c, lang); s != "" {
					st := regBase
					if c.key == "id" {
						st = regHead
					}
					mn, nt := measureText(s, st, wantMissing)
					want[i].min, want[i].nat = max(want[i].min, mn), max(want[i].nat, nt)
				}
			}
		}
		missing := map[rune]bool{}
		got := measureRecords(reg, reg.Records, cols, lang, missing)
		for i := range cols {
			if got[i] != want[i] {
				t.Errorf("%s %s: %+v, one pass %+v", lang, cols[i].key, got[i], want[i])
			}
		}
		if len(wantMissing) < 3 || fmt.Sprint(missing) != fmt.Sprint(wantMissing) {
			t.Errorf("%s: missing %v, one pass %v", lang, missing, wantMissing)
		}
	}
}
