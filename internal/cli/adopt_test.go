package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// adopt through the command line: the report, the validation of the new
// documents, --dry-run, exit statuses, and never overwriting.
func TestAdoptCommand(t *testing.T) {
	root := cleanSite(t)
	src := t.TempDir()
	comply := "name: Information Security Policy\nacronym: ISP\nsatisfies:\n  TSC: [CC1.1]\n---\n\n# Purpose\n\nText.\n"
	if err := os.WriteFile(filepath.Join(src, "isp.md"), []byte(comply), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.WriteDocx(t, filepath.Join(src, "Prosedur Cadangan.docx"), testutil.Docx{Body: testutil.Table(
		[]string{"Nomor Dokumen", "PRO-CAD-01"}, []string{"Versi", "1.0"}) + testutil.Para("Heading1", "Tujuan") + testutil.Para("", "Isi.")})
	args := []string{"adopt", "--root", root, "--today", "2026-11-21", src}

	code, out, errOut := cliRun(t, append(args, "--dry-run")...)
	if code != 0 || !strings.Contains(out, "content/kebijakan/information-security-policy.md (ISP, akan ditulis)") ||
		!strings.Contains(out, "2 dari 2 berkas akan diadopsi (--dry-run: tidak ada yang ditulis)") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(root, "content/kebijakan")); err == nil {
		t.Fatal("--dry-run wrote files")
	}

	code, out, errOut = cliRun(t, append(args, "--lang", "en")...)
	if code != 0 {
		t.Fatalf("adopt: %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"isp.md → content/kebijakan/information-security-policy.md (ISP, written)",
		"  mapped:   name → title; acronym → doc_id",
		"  to fill:  owner (TO FILL IN)",
		"  kept:     x_source.satisfies",
		"Prosedur Cadangan.docx → content/prosedur/prosedur-cadangan.md (PRO-CAD-01, written)",
		"2 of 2 files adopted",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	code, vout, _ := cliRun(t, "validate", "--root", root, "--today", "2026-11-21")
	if code != 0 {
		t.Errorf("the site does not validate after adoption: %d\n%s", code, vout)
	}

	// again: the documents exist, nothing is overwritten, exit 1
	before, _ := os.ReadFile(filepath.Join(root, "content/kebijakan/information-security-policy.md"))
	code, out, _ = cliRun(t, args...)
	if code != 1 || !strings.Contains(out, "tidak diadopsi: content/kebijakan/information-security-policy.md sudah ada: tidak ditimpa") {
		t.Errorf("second run: %d\n%s", code, out)
	}
	after, _ := os.ReadFile(filepath.Join(root, "content/kebijakan/information-security-policy.md"))
	if string(after) != string(before) {
		t.Error("a document was overwritten")
	}
}

func TestAdoptUsage(t *testing.T) {
	root, src := cleanSite(t), t.TempDir()
	os.WriteFile(filepath.Join(src, "map.yaml"), []byte("keys: {a: title}\nunknown: 1\n"), 0o644)
	os.WriteFile(filepath.Join(src, "map2.yaml"), []byte("keys: {Judul: judul}\n"), 0o644)
	os.WriteFile(filepath.Join(src, "map3.yaml"), []byte("defaults: {status: selesai}\n"), 0o644)
	os.WriteFile(filepath.Join(src, "a.md"), []byte("# A\n"), 0o644)
	os.WriteFile(filepath.Join(src, "note.txt"), []byte("x"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"adopt", "--root", root}, "requires at least 1 arg"},
		{[]string{"adopt", "--root", root, filepath.Join(src, "missing")}, "missing"},
		{[]string{"adopt", "--root", root, "--mapping", filepath.Join(src, "map.yaml"), src}, "map.yaml: line 2: field unknown not found"},
		{[]string{"adopt", "--root", root, "--mapping", filepath.Join(src, "map2.yaml"), src}, "mapping: keys: Judul: judul is no front-matter key"},
		{[]string{"adopt", "--root", root, "--mapping", filepath.Join(src, "map3.yaml"), src}, `mapping: defaults: status: "selesai" is not a valid status`},
		{[]string{"adopt", "--root", root, "--preset", "confluence", src}, `unknown preset "confluence"`},
		{[]string{"adopt", "--root", root, "--doc-type", "memo", src}, `unknown doc type "memo"`},
		{[]string{"adopt", "--root", root, filepath.Join(src, "note.txt")}, "not a Markdown (.md) or Word (.docx) file"},
	} {
		code, out, errOut := cliRun(t, c.args...)
		if code == 0 || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%v: %d, want %q in\n%s%s", c.args[3:], code, c.want, out, errOut)
		}
	}
}

// adopt into a folder that is no site yet: content/ is made.
func TestAdoptNewSite(t *testing.T) {
	root, src := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(src, "p.md"), []byte("---\ntitle: Kebijakan Mutu\nowner: Kepala Pusat\n---\nIsi.\n"), 0o644)
	code, out, errOut := cliRun(t, "adopt", "--root", root, "--today", "2026-11-21", src)
	if code != 0 || !strings.Contains(out, "content/kebijakan/kebijakan-mutu.md (KEB-001, ditulis)") {
		t.Fatalf("%d\n%s\n%s", code, out, errOut)
	}
	if code, out, _ := cliRun(t, "validate", "--root", root, "--today", "2026-11-21"); code != 0 {
		t.Errorf("validate: %d\n%s", code, out)
	}
}
