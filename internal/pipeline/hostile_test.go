package pipeline_test

// The hostile-input suite (issue 2, "Bad input"): every case builds a site that
// a careless or malicious author could commit, runs the whole check on it, and
// asserts a finding that names the file (and the line where there is one), no
// panic, an end within a deadline, and bounded memory.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/testutil"
)

const (
	// hostileDeadline is how long one hostile site may take to check (a 2-core CI
	// machine checks the largest case, 5 MB lines, in well under a second).
	hostileDeadline = 20 * time.Second
	// hostileAllocBound bounds the bytes allocated while checking one hostile site
	// (TotalAlloc growth); the largest inputs are 5 MB.
	hostileAllocBound = 512 << 20
	// hostileHeapBound bounds the peak heap in use while checking (HeapInuse growth
	// over the heap before the check, sampled every millisecond).
	hostileHeapBound = 256 << 20
)

// anyLine in a want matches a finding at any line (for files without a line).
const anyLine = -1

type hostileCase struct {
	name  string
	build func(t *testing.T, dir string)
	wants []want // each must be reported; line anyLine matches any line
	// exclusive: no finding other than the wants' codes may appear
	exclusive bool
}

// put writes a site file, creating its folders.
func put(t *testing.T, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// doc returns a valid document with an extra front matter line and body.
func doc(id, extraFront, body string) string {
	return "---\ndoc_id: " + id + "\ntitle: Dokumen " + id + "\ndoc_type: policy\nversion: \"1.0\"\nstatus: draft\n" +
		"owner: Kabid\nnext_review: 2027-01-01\nclassification: internal\n" + extraFront + "---\n" + body
}

const incidentHeader = "id,title,reported_at,reported_by,service,category,impact,urgency,priority,status\n"

func incidentRow(id, title string) string {
	return id + "," + title + ",2026-11-01 08:00,Ani,SVC-1," + id + ",low,low,5,new\n"
}

// aliasBomb is a billion-laughs YAML value: 10^9 "x" after expansion.
func aliasBomb(indent string) string {
	var b strings.Builder
	b.WriteString(indent + "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		n := string(c)
		b.WriteString(indent + n + ": &" + n + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 10), ",") + "]\n")
		prev = n
	}
	return b.String()
}

func hostileCases() []hostileCase {
	mb5 := 5 << 20
	return []hostileCase{
		{name: "alias bomb in a register", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/risks.yaml", []byte("- id: RSK-1\n"+aliasBomb("  ")))
			},
			wants: []want{{"registers/risks.yaml", 1, "yaml-alias-limit"}}},
		{name: "alias bomb in front matter", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/bom.md", []byte("---\n"+aliasBomb("")+"---\nIsi.\n"))
			},
			wants: []want{{"content/bom.md", 2, "yaml-alias-limit"}}},
		{name: "alias bomb in a folder record and in site settings", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/changes/RFC-1.yaml", []byte(aliasBomb("")))
				put(t, dir, "smsgen.yaml", []byte("organization: x\nx_bomb:\n"+aliasBomb("  ")))
			},
			wants: []want{{"registers/changes/RFC-1.yaml", 1, "yaml-alias-limit"}, {"smsgen.yaml", anyLine, "settings-invalid"}}},
		{name: "unclosed front matter before a 5 MB body", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte("---\ndoc_id: A\ntitle: A\n\n"+strings.Repeat("teks panjang ", mb5/13)+"\n"))
			},
			wants: []want{{"content/a.md", 1, "frontmatter-unclosed"}}},
		{name: "invalid UTF-8 in a document, a CSV cell and a YAML register",
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(doc("A", "", "# Judul\n\nCaf\xe9 \xff\xfe\n")))
				put(t, dir, "registers/incidents.csv", []byte(incidentHeader+incidentRow("INC-1", "ok")+incidentRow("INC-2", "rusak \xc3\x28")))
				put(t, dir, "registers/services.yaml", []byte("- id: SVC-1\n  name: \"Sur\xe9l\"\n"))
			},
			wants: []want{{"content/a.md", 13, "invalid-utf8"}, {"registers/incidents.csv", 3, "invalid-utf8"}, {"registers/services.yaml", 2, "invalid-utf8"}}},
		{name: "binary files where text belongs", exclusive: true,
			build: func(t *testing.T, dir string) {
				bin := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
				put(t, dir, "content/gambar.md", bin)
				put(t, dir, "registers/incidents.csv", bin)
				put(t, dir, "registers/services.yaml", bin)
				put(t, dir, "registers/changes/RFC-1.yaml", bin)
				put(t, dir, "registers/slas.schema.yaml", bin)
				put(t, dir, "smsgen.yaml", bin)
				put(t, dir, "content/gambar.png", bin) // not a document: no finding
			},
			wants: []want{{"content/gambar.md", anyLine, "binary-file"}, {"registers/incidents.csv", anyLine, "binary-file"},
				{"registers/services.yaml", anyLine, "binary-file"}, {"registers/changes/RFC-1.yaml", anyLine, "binary-file"},
				{"registers/slas.schema.yaml", anyLine, "binary-file"}, {"smsgen.yaml", anyLine, "binary-file"}}},
		{name: "empty files", exclusive: true,
			build: func(t *testing.T, dir string) {
				for _, f := range []string{"content/a.md", "content/blank.md", "registers/incidents.csv", "registers/services.yaml",
					"registers/changes/RFC-1.yaml", "smsgen.yaml", "registers/slas.schema.yaml"} {
					put(t, dir, f, nil)
				}
				put(t, dir, "content/blank.md", []byte("\n\n   \n"))
			},
			wants: []want{{"content/a.md", anyLine, "empty-file"}, {"content/blank.md", anyLine, "empty-file"},
				{"registers/incidents.csv", anyLine, "empty-register"}, {"registers/services.yaml", anyLine, "empty-register"},
				{"registers/changes/RFC-1.yaml", anyLine, "empty-file"}, {"registers/slas.schema.yaml", anyLine, "schema-invalid"}}},
		{name: "a 5 MB line in a document, then a broken link on the next line", exclusive: true,
			build: func(t *testing.T, dir string) {
				long := strings.Repeat("kata ", mb5/5)
				put(t, dir, "content/a.md", []byte(doc("A", "", "# Judul\n\n"+long+"\n[rusak](doc:TIDAK-ADA)\n")))
			},
			wants: []want{{"content/a.md", 14, "broken-link"}}},
		{name: "a 5 MB line in front matter", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(doc("A", "owner_note: "+strings.Repeat("x", mb5)+"\n", "Isi.\n")))
			},
			wants: []want{{"content/a.md", 10, "unknown-front-matter"}}},
		{name: "a 5 MB CSV cell, then a bad date on the next row", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/incidents.csv", []byte(incidentHeader+incidentRow("INC-1", strings.Repeat("y", mb5))+
					"INC-2,B,31/02/2026 08:00,Ani,SVC-1,VPN,low,low,5,new\n"))
			},
			wants: []want{{"registers/incidents.csv", 3, "invalid-date"}}},
		{name: "a 5 MB quoted multi-line CSV cell", exclusive: true,
			build: func(t *testing.T, dir string) {
				cell := strings.Repeat("baris\n", mb5/6)
				put(t, dir, "registers/incidents.csv", []byte(incidentHeader+
					"INC-1,\""+cell+"\",2026-11-01 08:00,Ani,SVC-1,A,low,low,5,new\nINC-2,B,2026-11-01 08:00,Ani,SVC-1,B,low,low,9,new\n"))
			},
			wants: []want{{"registers/incidents.csv", 3 + mb5/6, "out-of-range"}}},
		{name: "10,000 nested block quotes", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(doc("A", "", "# Judul\n\n"+strings.Repeat(">", 10000)+" kutipan\n")))
			},
			wants: []want{{"content/a.md", 13, "markdown-too-deep"}}},
		{name: "2,000 nested list levels", exclusive: true,
			build: func(t *testing.T, dir string) {
				var b strings.Builder
				for i := 0; i < 2000; i++ {
					b.WriteString(strings.Repeat("  ", i) + "- butir\n")
				}
				put(t, dir, "content/a.md", []byte(doc("A", "", b.String())))
			},
			// the first line whose prefix passes 1000 characters: 2 × 500 spaces + "- ", body line 501
			wants: []want{{"content/a.md", 511, "markdown-too-deep"}}},
		{name: "a 5 MB line of unclosed links (quadratic in the Markdown parser)", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(doc("A", "", "# Judul\n\nTeks biasa.\n\n"+strings.Repeat("[a](", mb5/4)+"\n")))
			},
			wants: []want{{"content/a.md", 15, "markdown-too-complex"}}},
		{name: "10,000 list markers on one line", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "content/a.md", []byte(doc("A", "", strings.Repeat("- ", 10000)+"butir\n")))
			},
			wants: []want{{"content/a.md", 11, "markdown-too-deep"}}},
		{name: "deep nesting within the limits, and inline pathologies", exclusive: true,
			build: func(t *testing.T, dir string) {
				var b strings.Builder
				b.WriteString(strings.Repeat(">", 900) + " kutipan\n\n")
				for i := 0; i < 200; i++ {
					b.WriteString(strings.Repeat("  ", i) + "- butir\n")
				}
				b.WriteString("\n" + strings.Repeat("[", 100000) + "\n\n")
				b.WriteString(strings.Repeat("*a ", 50000) + "\n\n")
				b.WriteString(strings.Repeat("[a](", 3000) + "\n\n[rusak](doc:X)\n")
				put(t, dir, "content/a.md", []byte(doc("A", "", b.String())))
			},
			// body: 900 '>' (11), blank, 200 list lines (13–212), blank, '[' (214), blank, emphasis (216), blank, '[a](' (218), blank, link (220)
			wants: []want{{"content/a.md", 220, "broken-link"}}},
		{name: "ragged rows, unclosed quote, duplicate header, duplicate ids", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/incidents.csv", []byte(incidentHeader+incidentRow("INC-1", "a")+incidentRow("INC-1", "b")+
					"INC-3,c,2026-11-01 08:00\n"+incidentRow("INC-4", "d")+"INC-5,\"tidak ditutup,2026-11-01 08:00\n"+incidentRow("INC-6", "e")))
				put(t, dir, "registers/problems.csv", []byte("id,service,Layanan,problem,status\nPRB-1,SVC-1,SVC-1,Masalah,new\n"))
			},
			wants: []want{{"registers/incidents.csv", 3, "duplicate-id"}, {"registers/incidents.csv", 4, "csv-ragged-row"},
				{"registers/incidents.csv", 6, "csv-invalid"}, {"registers/problems.csv", 1, "duplicate-header"},
				{"registers/incidents.csv", 4, "required"}}},
		{name: "50,000 ragged rows (450,000 findings, 1,000 kept per code)", exclusive: true,
			build: func(t *testing.T, dir string) {
				var b bytes.Buffer
				b.WriteString(incidentHeader)
				for i := 0; i < 50000; i++ {
					fmt.Fprintf(&b, "INC-%d,a\n", i)
				}
				put(t, dir, "registers/incidents.csv", b.Bytes())
			},
			wants: []want{{"registers/incidents.csv", 2, "csv-ragged-row"}, {"registers/incidents.csv", 1001, "csv-ragged-row"},
				{"registers/incidents.csv", 2, "required"}, {"registers/incidents.csv", anyLine, "findings-truncated"}}},
		{name: "a CSV header of 100,000 columns", exclusive: true,
			build: func(t *testing.T, dir string) {
				var b bytes.Buffer
				b.WriteString("id")
				for i := 0; i < 100000; i++ {
					fmt.Fprintf(&b, ",kolom%d", i)
				}
				b.WriteString("\nX-1\n")
				put(t, dir, "registers/services.csv", b.Bytes())
			},
			wants: []want{{"registers/services.csv", 1, "unknown-field"}, {"registers/services.csv", 2, "csv-ragged-row"},
				{"registers/services.csv", 1, "required-column"}, {"registers/services.csv", anyLine, "findings-truncated"}}},
		{name: "wrong dates", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "smsgen.yaml", []byte("date_format: DD/MM/YYYY\n"))
				put(t, dir, "registers/incidents.csv", []byte(incidentHeader+"INC-1,A,31/02/2026,Ani,SVC-1,A,low,low,5,new\n"+
					"INC-2,B,2026-02-30 25:61,Ani,SVC-1,B,low,low,5,new\nINC-3,C,99999-01-01,Ani,SVC-1,C,low,low,5,new\n"))
				put(t, dir, "content/a.md", []byte(strings.Replace(doc("A", "", "Isi.\n"), "2027-01-01", "31/02/2027", 1)))
			},
			wants: []want{{"registers/incidents.csv", 2, "invalid-date"}, {"registers/incidents.csv", 3, "invalid-date"},
				{"registers/incidents.csv", 4, "invalid-date"}, {"content/a.md", 8, "invalid-date"}}},
		{name: "a mapping where a scalar belongs", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/services.yaml", []byte("- id: SVC-1\n  name: {nama: Surel}\n  description: d\n  intended_outcome: o\n  owner: o\n  criticality: low\n  status: live\n"))
				put(t, dir, "content/a.md", []byte(strings.Replace(doc("A", "", "Isi.\n"), "title: Dokumen A", "title:\n  id: Judul\n  en: Title", 1)))
				put(t, dir, "registers/changes/RFC-1.yaml", []byte("id: {x: 1}\n"))
				put(t, dir, "registers/contacts.yaml", []byte("- id: [KON-1]\n  name: Budi\n  position: p\n  kind: internal\n  email: b@contoh.go.id\n"))
			},
			wants: []want{{"registers/services.yaml", 2, "invalid-type"}, {"content/a.md", 3, "invalid-type"},
				{"registers/changes/RFC-1.yaml", 1, "invalid-type"}, {"registers/contacts.yaml", 1, "invalid-type"},
				{"content/a.md", anyLine, "required"}, {"registers/changes/RFC-1.yaml", 1, "required"}, {"registers/contacts.yaml", 1, "required"}}},
		{name: "symbolic links that leave the site root", exclusive: true,
			build: func(t *testing.T, dir string) {
				outside := t.TempDir()
				put(t, outside, "rahasia.md", []byte(doc("RAHASIA", "", "Isi rahasia.\n")))
				put(t, outside, "rahasia.csv", []byte(incidentHeader+incidentRow("INC-1", "rahasia")))
				put(t, outside, "sub/x.md", []byte(doc("SUB", "", "Isi.\n")))
				must := func(err error) {
					if err != nil {
						t.Fatal(err)
					}
				}
				put(t, dir, "content/.keep", nil)
				put(t, dir, "registers/.keep", nil)
				must(os.Symlink(filepath.Join(outside, "rahasia.md"), filepath.Join(dir, "content/rahasia.md")))
				must(os.Symlink("/etc/passwd", filepath.Join(dir, "content/passwd.md")))
				must(os.Symlink(filepath.Join(outside, "rahasia.csv"), filepath.Join(dir, "registers/incidents.csv")))
				must(os.Symlink(filepath.Join(outside, "sub"), filepath.Join(dir, "content/sub")))
				must(os.Symlink(filepath.Join(dir, "tidak-ada.md"), filepath.Join(dir, "content/putus.md")))
				must(os.Symlink(filepath.Join(outside, "rahasia.md"), filepath.Join(dir, "smsgen.yaml")))
				must(os.Symlink(outside, filepath.Join(dir, "registers/changes")))
				// a link inside the root is followed
				put(t, dir, "asli/a.md", []byte(doc("ASLI", "", "Isi.\n")))
				must(os.Symlink(filepath.Join(dir, "asli/a.md"), filepath.Join(dir, "content/a.md")))
			},
			wants: []want{{"content/rahasia.md", anyLine, "symlink-outside-root"}, {"content/passwd.md", anyLine, "symlink-outside-root"},
				{"registers/incidents.csv", anyLine, "symlink-outside-root"}, {"content/sub", anyLine, "symlink-outside-root"},
				{"content/putus.md", anyLine, "symlink-broken"}, {"smsgen.yaml", anyLine, "symlink-outside-root"},
				{"registers/changes", anyLine, "symlink-outside-root"}}},
		{name: "a symbolic link to a folder inside the root", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "arsip/a.md", []byte(doc("A", "", "Isi.\n")))
				put(t, dir, "content/b.md", []byte(doc("B", "", "Isi.\n")))
				if err := os.Symlink(filepath.Join(dir, "arsip"), filepath.Join(dir, "content/arsip")); err != nil {
					t.Fatal(err)
				}
			},
			wants: []want{{"content/arsip", anyLine, "symlink-skipped"}}},
		{name: "unknown registers", exclusive: true,
			build: func(t *testing.T, dir string) {
				put(t, dir, "registers/peralatan.csv", []byte("id,nama\nP-1,Proyektor\n"))
				put(t, dir, "registers/catatan.yaml", []byte("- id: C-1\n"))
				put(t, dir, "registers/rapat/R-1.yaml", []byte("judul: Rapat\n"))
				put(t, dir, "registers/README.txt", []byte("bukan register\n"))
			},
			wants: []want{{"registers/peralatan.csv", anyLine, "unknown-register"}, {"registers/catatan.yaml", anyLine, "unknown-register"},
				{"registers/rapat", anyLine, "unknown-register"}}},
		{name: "files larger than the limit (sparse)", exclusive: true,
			build: func(t *testing.T, dir string) {
				for rel, size := range map[string]int64{"content/besar.md": 300 << 20, "registers/services.yaml": 300 << 20,
					"registers/incidents.csv": 1100 << 20} { // CSV registers may hold 1 GiB
					put(t, dir, rel, nil)
					if err := os.Truncate(filepath.Join(dir, rel), size); err != nil {
						t.Skipf("sparse file: %v", err)
					}
				}
			},
			wants: []want{{"content/besar.md", anyLine, "file-too-large"}, {"registers/incidents.csv", anyLine, "file-too-large"},
				{"registers/services.yaml", anyLine, "file-too-large"}}},
		{name: "an unreadable file", exclusive: true,
			build: func(t *testing.T, dir string) {
				if os.Geteuid() == 0 {
					t.Skip("running as root: file permissions do not stop reads")
				}
				put(t, dir, "content/a.md", []byte(doc("A", "", "Isi.\n")))
				if err := os.Chmod(filepath.Join(dir, "content/a.md"), 0); err != nil {
					t.Fatal(err)
				}
			},
			wants: []want{{"content/a.md", anyLine, "file-unreadable"}}},
	}
}

// checkBounded runs pipeline.Run on dir with a deadline, sampling the heap.
func checkBounded(t *testing.T, dir string) (*pipeline.Result, uint64, uint64, time.Duration) {
	t.Helper()
	var res *pipeline.Result
	var err error
	b := testutil.Bounded(t, "check", hostileDeadline, func() {
		res, err = pipeline.Run(pipeline.Options{Root: dir, Today: today, Lang: "en"})
	})
	if err != nil {
		t.Fatalf("pipeline.Run: %v", err)
	}
	return res, b.Alloc, b.Heap, b.Took
}

// matches reports whether finding f satisfies want w.
func matches(f diag.Finding, w want) bool {
	return f.File == w.file && f.Code == w.code && (w.line == anyLine || f.Line == w.line)
}

// TestHostile runs the hostile-input suite. Cases run one after another so that
// the memory figures of one are not those of another.
func TestHostile(t *testing.T) {
	for _, c := range append(hostileCases(), miscHostileCases()...) {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.build(t, dir)
			res, alloc, heap, took := checkBounded(t, dir)
			t.Logf("%v, %d MiB allocated, %d MiB peak heap growth, %d findings", took.Round(time.Millisecond), alloc>>20, heap>>20, len(res.Findings))
			if alloc > hostileAllocBound {
				t.Errorf("allocated %d MiB, bound %d MiB", alloc>>20, hostileAllocBound>>20)
			}
			if heap > hostileHeapBound {
				t.Errorf("peak heap grew by %d MiB, bound %d MiB", heap>>20, hostileHeapBound>>20)
			}
			checkInvariants(t, res.Findings)
			allowed := map[string]bool{}
			for _, w := range c.wants {
				allowed[w.code] = true
				found := false
				for _, f := range res.Findings {
					if matches(f, w) {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("want %s: not reported", w)
				}
			}
			if c.exclusive {
				for _, f := range res.Findings {
					if !allowed[f.Code] {
						t.Errorf("unexpected finding: %s:%d %s: %s", f.File, f.Line, f.Code, f.Message)
					}
				}
			}
			if t.Failed() {
				t.Logf("findings:\n%s", limit(text(t, dir, res.Findings), 40))
			}
		})
	}
}

// limit keeps the first n lines of s.
func limit(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("… %d more lines\n", len(lines)-n)
}
