package load

// Fuzz targets for the loader's parsers: the front matter splitter and the
// document loader, the CSV register loader and the YAML list and folder
// register loaders, each on the input written to a file as the site would hold
// it. Run one briefly with, e.g.:
//
//	go test -run='^$' -fuzz=FuzzFrontMatter -fuzztime=10s ./internal/load

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// fuzzEnv is what every execution shares: the built-in schemas and a folder
// for the input file (built once per process: the fuzzer runs many inputs per
// second and each would otherwise parse every schema again).
var fuzzEnv struct {
	once    sync.Once
	schemas *schema.Set
	dir     string
	n       atomic.Int64
}

// fuzzLoader returns a loader reporting into a new collector, and writes data
// to a new file below the shared folder.
func fuzzLoader(t *testing.T, rel string, data []byte) (*loader, *diag.Collector, file) {
	fuzzEnv.once.Do(func() {
		set, err := schema.Builtin()
		if err != nil {
			panic(err)
		}
		fuzzEnv.schemas = set
		dir, err := os.MkdirTemp("", "smsgen-fuzz-")
		if err != nil {
			panic(err)
		}
		fuzzEnv.dir = dir
	})
	abs := filepath.Join(fuzzEnv.dir, strconv.FormatInt(fuzzEnv.n.Add(1), 10))
	if err := os.WriteFile(abs, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(abs) })
	c := &diag.Collector{}
	l := &loader{rep: &i18n.Reporter{C: c, Lang: "en"}, schemas: fuzzEnv.schemas, dates: model.NewDateParser("DD/MM/YYYY")}
	return l, c, file{rel: rel, abs: abs, size: int64(len(data))}
}

// checkFindings asserts what every finding keeps: a site-relative file and no
// negative position.
func checkFindings(t *testing.T, c *diag.Collector) {
	for _, f := range c.Findings() {
		if f.File == "" || strings.HasPrefix(f.File, "/") || strings.Contains(f.File, "..") {
			t.Fatalf("finding without a site-relative file: %+v", f)
		}
		if f.Line < 0 || f.Column < 0 {
			t.Fatalf("negative position: %+v", f)
		}
	}
}

// checkRegister asserts that every record has its cells and a position in the file.
func checkRegister(t *testing.T, reg *model.Register, data []byte) {
	lines := strings.Count(string(data), "\n") + 1
	for _, rec := range reg.Records {
		if len(rec.Cells) != len(reg.Schema.Fields) {
			t.Fatalf("record %q has %d cells for %d fields", rec.ID, len(rec.Cells), len(reg.Schema.Fields))
		}
		if rec.Pos.Line < 1 || rec.Pos.Line > lines {
			t.Fatalf("record %q at line %d of %d", rec.ID, rec.Pos.Line, lines)
		}
	}
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ndoc_id: A-1\ntitle: A\nversion: 1.10\n---\n# Judul\n",
		"\ufeff---\r\ndoc_id: A\r\n---\r\nIsi\r\n",
		"+++\ndoc_id = \"T-1\"\nversion = 1.10\n[x]\ny = 1\n+++\nIsi\n",
		"{\"doc_id\": \"J-1\", \"version\": 1.10}\nIsi\n",
		"---\ndoc_id: A\n...\nIsi\n",
		"---\ndoc_id: A\n",
		"\n\n---\n- a\n---\n",
		"---\na: &a [x, x]\nb: [*a, *a]\n---\n",
		"---\nsop:\n  steps:\n    - {kind: decision, \"yes\": 2, \"no\": x}\n    - x\n---\n",
		"---\nrevision_history: [{version: 1, date: 31/02/2026}]\n---\n",
		"{",
		"+++\n= \n+++\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, c, fl := fuzzLoader(t, "content/a.md", data)
		raw, format, start, bodyOff, ok := l.splitFrontMatter(fl.rel, data)
		if ok {
			if bodyOff < 0 || bodyOff > len(data) || start < 1 || len(raw) > len(data) {
				t.Fatalf("split out of range: raw %d bytes, start %d, body at %d of %d", len(raw), start, bodyOff, len(data))
			}
			if format != "yaml" && format != "toml" && format != "json" {
				t.Fatalf("unknown format %q", format)
			}
		} else if len(c.Findings()) == 0 {
			t.Fatal("front matter refused without a finding")
		}
		l, c, fl = fuzzLoader(t, "content/a.md", data)
		if d := l.loadDocument(fl); d != nil {
			l.typeRegister(d.Front)
			lines := strings.Count(string(data), "\n") + 1
			for _, h := range d.Headings {
				if h.Line != 0 && (h.Line < d.BodyLine || h.Line > lines) {
					t.Fatalf("heading %q at line %d outside the body (%d..%d)", h.Text, h.Line, d.BodyLine, lines)
				}
			}
		}
		checkFindings(t, c)
	})
}

func FuzzCSVRegister(f *testing.F) {
	for _, s := range []string{
		"id,title,reported_at,priority,status\nINC-1,A,2026-11-01 08:00,3,new\n",
		"\ufeffNomor;Judul;Waktu Dilaporkan;Prioritas\nINC-1;\"a;b\nc\";21/11/2026;x\n",
		"id,id,,Layanan\n1,2\n3,4,5,6,7\n",
		"id,title\n\"unclosed,x\n",
		"id,title\nINC 1,\"a\"\"b\"\n\n\n",
		"\x00\x01",
		"id\r\nA\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, c, fl := fuzzLoader(t, "registers/incidents.csv", data)
		reg := l.loadCSVRegister(fl, fuzzEnv.schemas.Registers["incidents"])
		checkRegister(t, reg, data)
		checkFindings(t, c)
		checkCSVReaders(t, data)
	})
}

func FuzzYAMLRegister(f *testing.F) {
	for _, s := range []string{
		"- id: SVC-1\n  name: A\n  depends_on: [SVC-2, SVC-3]\n",
		"- {id: SVC-1, name: {x: 1}}\n- x\n",
		"id: SVC-1\n",
		"- id: SVC-1\n  <<: {name: A}\n  name: B\n",
		"- a: &a [x, x, x]\n  b: [*a, *a, *a]\n",
		"- id: [1, 2]\n  notes: |\n    teks\n",
		"",
		"- !!binary aGVsbG8=\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, c, fl := fuzzLoader(t, "registers/services.yaml", data)
		reg := l.loadYAMLRegister(fl, fuzzEnv.schemas.Registers["services"])
		l.typeRegister(reg)
		checkRegister(t, reg, data)
		l2, c2, fl2 := fuzzLoader(t, "registers/changes/RFC-1.yaml", data)
		reg = l2.loadFolderRegister("registers/changes", []file{fl2}, fuzzEnv.schemas.Registers["changes"])
		l2.typeRegister(reg)
		checkRegister(t, reg, data)
		checkFindings(t, c)
		checkFindings(t, c2)
	})
}
