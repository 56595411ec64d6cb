package pipeline_test

// More of the hostile suite (issue 10, "Smaller ones"): special files, folders
// named like files, symbolic-link loops, ids that cannot name a file, silent
// truncation, unparseable settings and escape sequences in values.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
)

// wideHeader is a services.csv with n unknown columns and one record.
func wideHeader(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,name,description,intended_outcome,owner,criticality,status")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ",x%d", i)
	}
	b.WriteString("\nSVC-1,Surel,d,o,Kabid,low,live\n")
	return b.Bytes()
}

func miscHostileCases() []hostileCase {
	return []hostileCase{
		{name: "10,000 unknown CSV columns: the cut is a finding", exclusive: true,
			build: func(t *testing.T, dir string) { put(t, dir, "registers/services.csv", wideHeader(10000)) },
			wants: []want{{"registers/services.csv", 1, "unknown-field"}, {"registers/services.csv", anyLine, "findings-truncated"},
				{"registers/services.csv", 2, "csv-ragged-row"}}},
		{name: "named pipes where documents, registers and settings belong", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(doc("A", "", "Isi.\n")))
				put(t, dir, "registers/.keep", nil)
				for _, rel := range []string{"content/pipa.md", "registers/incidents.csv", "smsgen.yaml", "content/lampiran.pdf"} {
					if err := mkfifo(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
						t.Skipf("named pipes: %v", err)
					}
				}
				// a link inside the root to a pipe is no way around it
				if err := os.Symlink(filepath.Join(dir, "content/pipa.md"), filepath.Join(dir, "content/tautan.md")); err != nil {
					t.Fatal(err)
				}
			},
			wants: []want{{"content/pipa.md", anyLine, "special-file"}, {"registers/incidents.csv", anyLine, "special-file"},
				{"smsgen.yaml", anyLine, "special-file"}, {"content/lampiran.pdf", anyLine, "special-file"},
				{"content/tautan.md", anyLine, "special-file"}}},
		{name: "folders named like a document, a register and settings", exclusive: true,
			build: func(t *testing.T, dir string) {
				for _, rel := range []string{"content/x.md", "registers/cis.yaml", "registers/incidents.csv", "smsgen.yaml"} {
					if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(rel)), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				put(t, dir, "content/a.md", []byte(doc("A", "", "Isi.\n")))
			},
			wants: []want{{"content/x.md", anyLine, "folder-named-as-file"}, {"registers/cis.yaml", anyLine, "folder-named-as-file"},
				{"registers/incidents.csv", anyLine, "folder-named-as-file"}, {"smsgen.yaml", anyLine, "file-unreadable"}}},
		{name: "symbolic links to themselves, around a loop, and to nothing", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/.keep", nil)
				put(t, dir, "content/.keep", nil)
				for _, l := range [][2]string{{"diri.md", "content/diri.md"}, {"b.md", "content/a.md"}, {"a.md", "content/b.md"},
					{"smsgen.yaml", "smsgen.yaml"}, {"incidents.csv", "registers/incidents.csv"}, {"tidak-ada.md", "content/putus.md"}} {
					if err := os.Symlink(l[0], filepath.Join(dir, filepath.FromSlash(l[1]))); err != nil {
						t.Fatal(err)
					}
				}
			},
			wants: []want{{"content/diri.md", anyLine, "symlink-loop"}, {"content/a.md", anyLine, "symlink-loop"},
				{"content/b.md", anyLine, "symlink-loop"}, {"smsgen.yaml", anyLine, "symlink-loop"},
				{"registers/incidents.csv", anyLine, "symlink-loop"}, {"content/putus.md", anyLine, "symlink-broken"}}},
		{name: "ids with control characters, separators and leading dots",
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(strings.Replace(doc("A", "", "Isi.\n"), "doc_id: A", `doc_id: "../A\e[2J"`, 1)))
				put(t, dir, "content/b.md", []byte(strings.Replace(doc("B", "", "Isi.\n"), "doc_id: B", `doc_id: ".B"`, 1)))
				put(t, dir, "registers/services.yaml", []byte("- id: \".SVC\"\n  name: a\n- id: \"SVC\\r1\"\n  name: b\n- id: \"SVC\\u202e2\"\n  name: c\n- id: \"SVC\\n3\"\n  name: d\n"))
			},
			wants: []want{{"content/a.md", 2, "invalid-id"}, {"content/b.md", 2, "invalid-id"}, {"registers/services.yaml", 1, "invalid-id"},
				{"registers/services.yaml", 3, "invalid-id"}, {"registers/services.yaml", 5, "invalid-id"}, {"registers/services.yaml", 7, "invalid-id"}}},
		{name: "settings that do not parse", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "smsgen.yaml", []byte("language: en\ntitle: Situs\nframeworks: iso20000\ntitel: x\npriority_matrix: 3\n"))
			},
			wants: []want{{"smsgen.yaml", 3, "settings-invalid"}, {"smsgen.yaml", 4, "settings-invalid"}, {"smsgen.yaml", 5, "settings-invalid"}}},
	}
}

// The cut of 10,000 findings to 1,000 says how many there were, and the counts
// of the result are the true ones.
func TestTruncationIsCountedWhole(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "registers/services.csv", wideHeader(10000))
	res, _, _, _ := checkBounded(t, dir)
	var cut *diag.Finding
	n := 0
	for i, f := range res.Findings {
		switch f.Code {
		case "findings-truncated":
			cut = &res.Findings[i]
		case "unknown-field":
			n++
		}
	}
	if n != diag.MaxPerFileCode || cut == nil {
		t.Fatalf("%d unknown-field findings kept, cut %v", n, cut)
	}
	if !strings.Contains(cut.Message, "unknown-field") || !strings.Contains(cut.Message, "10000") {
		t.Errorf("the cut does not give the code and the true total: %s", cut.Message)
	}
	if w := res.Warnings(); w != 10000+1 { // the columns and the cut
		t.Errorf("warnings = %d, want the true total 10001", w)
	}
	var js bytes.Buffer
	if err := diag.JSON(&js, res.Findings, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"unknown-field": 10000`) {
		t.Errorf("JSON counts are not the true totals:\n%s", limit(js.String(), 30))
	}
}

// Settings findings speak the language the settings ask for, even when the
// file does not parse, point at the offending key, and name no Go type.
func TestSettingsFindingsLanguage(t *testing.T) {
	for _, c := range []struct {
		name, yaml, lang string
		line             int
		words            []string
	}{
		{"unknown key, English asked", "language: en\ntitel: x\n", "", 2, []string{"unknown key", "titel"}},
		{"wrong type, English asked", "language: en\nframeworks: iso20000\n", "", 2, []string{"frameworks", "list"}},
		{"syntax error, English asked", "language: en\ntitle: [x\n", "", 2, []string{"YAML syntax"}},
		{"not a mapping", "- a\n- b\n", "", 1, []string{"pasangan kunci"}},
		{"unknown key, no language", "titel: x\n", "", 1, []string{"kunci tidak dikenal", "titel"}},
		{"flag wins over settings", "language: en\ntitel: x\n", "id", 2, []string{"kunci tidak dikenal"}},
		{"bad language", "language: fr\n", "", 1, []string{"language harus id atau en"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			put(t, dir, "smsgen.yaml", []byte(c.yaml))
			res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today, Lang: c.lang})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || res.Findings[0].Code != "settings-invalid" || res.Findings[0].Line != c.line {
				t.Fatalf("findings %+v, want one settings-invalid at line %d", res.Findings, c.line)
			}
			msg := res.Findings[0].Message
			for _, w := range c.words {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			for _, bad := range []string{"model.", "type ", "unmarshal", "[]string", "map["} {
				if strings.Contains(msg, bad) {
					t.Errorf("message %q speaks of the program's types (%q)", msg, bad)
				}
			}
		})
	}
}

// Values of a site that hold escape sequences reach the terminal and workflow
// annotations escaped, through the whole check.
func TestEscapeSequencesInValues(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "registers/incidents.csv", []byte(incidentHeader+
		"INC-1,A,2026-11-01 08:00,Ani,SVC-1,A,\"\x1b[31mhigh\x1b]0;judul\x07\",low,5,new\n"+
		"INC-2,B,2026-11-01 08:00,Ani,SVC-1,B,low,\u202ewol\u202c,5,new\n"))
	put(t, dir, "content/a.md", []byte(doc("A", "", "[x](doc:X\u2066Y)\n")))
	res, _, _, _ := checkBounded(t, dir)
	var text, gh bytes.Buffer
	if err := diag.Text(&text, res.Findings); err != nil {
		t.Fatal(err)
	}
	if err := diag.GitHub(&gh, res.Findings); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "github": gh.String()} {
		for _, raw := range []string{"\x1b", "\x07", "\u202e", "\u202c", "\u2066"} {
			if strings.Contains(out, raw) {
				t.Errorf("%s output holds %q raw:\n%s", name, raw, out)
			}
		}
	}
	if !strings.Contains(text.String(), `\x1b[31mhigh`) || !strings.Contains(text.String(), `\u202ewol`) {
		t.Errorf("the values are not shown escaped:\n%s", text.String())
	}
}
