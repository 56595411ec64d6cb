package pipeline_test

// Planted defects: the repository's example site (content/, registers/,
// smsgen.yaml at the repository root) is copied into a temporary folder, known
// defects are planted by exact string replacement, and each must be reported at
// its exact file and line — and nothing else.

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the repository root, which is itself the example site.
const repoRoot = "../.."

type planted struct {
	file     string // site-relative
	old, new string // exact replacement; old must occur exactly once
	code     string
	// The finding's line is the line of the first occurrence of anchor in the
	// changed file (default: new); with before set, of the last occurrence of
	// before that precedes the replacement.
	anchor, before string
}

var plantedDefects = []planted{
	{file: "registers/incidents.csv", old: "walk_in,SVC-07,Telepon,false,,medium,medium,3,,Yusuf Hidayat",
		new: "walk_in,SVC-07,Telepon,false,,medium,medium,1,,Yusuf Hidayat", code: "priority-mismatch", anchor: "INC-2026-0001,"},
	{file: "content/prosedur/prosedur-manajemen-masalah.md", old: "[PRB-003](reg:problems/PRB-003)",
		new: "[PRB-003](reg:problems/PRB-999)", code: "broken-link"},
	{file: "content/kebijakan/kebijakan-perubahan.md", old: "## 4. Kategori Perubahan\n",
		new: "## 4. Jenis-Jenis Perubahan\n", code: "template-part-missing", anchor: "template: change-policy"},
	{file: "registers/capacity.csv", old: "per triwulan\",,2026-10-30,",
		new: "per triwulan\",,31/02/2026,", code: "invalid-date", anchor: "CAP-007,"},
	{file: "registers/capacity.csv",
		old: "CAP-004,SVC-04,technical,Bandwidth internet jalur utama 500 Mbps,71,80,Puncak harian naik karena rapat daring; kebutuhan 750 Mbps diperkirakan pada 2027,,2026-11-06,\n",
		new: "CAP-004,SVC-04,technical,Bandwidth internet jalur utama 500 Mbps,71,80,Puncak harian naik karena rapat daring; kebutuhan 750 Mbps diperkirakan pada 2027,,2026-11-06,\n" +
			"CAP-004,SVC-04,technical,Bandwidth internet jalur cadangan 100 Mbps,40,80,Tetap,,2026-11-06,\n",
		code: "duplicate-id", anchor: "CAP-004,SVC-04,technical,Bandwidth internet jalur cadangan"},
	{file: "registers/assets.csv", old: "AST-003,Host hypervisor hv-01 s.d. hv-04,hardware,",
		new: "AST-003,Host hypervisor hv-01 s.d. hv-04,perangkat,", code: "invalid-enum"},
	{file: "content/prosedur/prosedur-manajemen-kapasitas.md", old: "\n---\n", new: "\n\n",
		code: "frontmatter-unclosed", anchor: "---"},
	{file: "registers/changes/RFC-2026-005.yaml", old: "pir: >-\n", new: "pir: null\nnotes: >-\n",
		code: "emergency-change-review", anchor: "pir: null"},
	{file: "registers/assets.csv", old: "Portal lisensi penyedia,SVC-01,in_use",
		new: "Portal lisensi penyedia,SVC-99,in_use", code: "broken-reference", anchor: "AST-002,"},
	{file: "content/kebijakan/kebijakan-perubahan.md", old: "## 1. Tujuan\n",
		new: "## 1. Tujuan\n\n<script>alert(1)</script>\n", code: "raw-html", anchor: "<script>"},
	{file: "content/pedoman/katalog-layanan.md", old: "[Prosedur Manajemen Insiden](../prosedur/prosedur-manajemen-insiden.md) dan",
		new: "[Prosedur Manajemen Insiden](javascript:alert(1)) dan", code: "unsafe-link"},
	{file: "content/kebijakan/kebijakan-keamanan-informasi.md", old: "next_review: 2027-01-20\n",
		new: "next_review: 2026-01-20\n", code: "review-overdue"},
	{file: "content/sop/sop-penanganan-insiden-keamanan-informasi.md",
		old:  "lalu meneruskannya kepada Kepala Bidang Infrastruktur\n      actor: Koordinator Keamanan Informasi\n",
		new:  "lalu meneruskannya kepada Kepala Bidang Infrastruktur\n      actor: Ketua Tim Tanggap Insiden\n",
		code: "sop-unknown-actor", anchor: "actor: Ketua Tim Tanggap Insiden"}, // at the actor field itself
	{file: "registers/risks.csv", old: "RSK-001,availability,Layanan Surat Elektronik (SVC-01) — server srv-mail-01,Kerusakan perangkat keras pada server surel tunggal,,3,4,12,",
		new:  "RSK-001,availability,Layanan Surat Elektronik (SVC-01) — server srv-mail-01,Kerusakan perangkat keras pada server surel tunggal,,3,4,16,",
		code: "risk-level-mismatch", anchor: "RSK-001,"},
	{file: "registers/availability.csv", old: "AVL-001,SVC-01,2026-05,99.5,44640,0,0,100.00,",
		new: "AVL-001,SVC-01,2026-05,99.5,44640,0,0,99.00,", code: "availability-mismatch"},
	// without the 2026 internal audit, the newest is AUD-2025-01 of 2025-10-15: more than a year ago
	{file: "registers/audits.csv", old: "AUD-2026-01,Audit Internal,", new: "AUD-2026-01,Audit Eksternal,",
		code: "internal-audit-overdue", anchor: "AUD-2025-01,"},
	// the 2026 review written ahead is not yet held; the one before, 2025-11-20, is over a year old
	{file: "registers/management_reviews.yaml", old: "meeting_date: 2026-11-16\n", new: "meeting_date: 2026-12-16\n",
		code: "management-review-overdue", anchor: "meeting_date: 2025-11-20"},
	{file: "registers/nonconformities.yaml", old: "  due_date: 2026-12-31\n", new: "  due_date: 2026-11-13\n",
		code: "corrective-action-overdue"},
	// more downtime than agreed time: one error, never a below-target warning on a negative figure
	{file: "registers/availability.csv", old: "AVL-002,SVC-02,2026-05,99.0,15120,0,0,100.00,,",
		new: "AVL-002,SVC-02,2026-05,99.0,15120,15500,0,,,", code: "downtime-exceeds-agreed"},
	{file: "registers/changes/RFC-2026-003.yaml", old: "status: new\n",
		new: "outcome: failed\nstatus: new\n", code: "change-state-contradiction", anchor: "outcome: failed"},
	{file: "content/prosedur/prosedur-manajemen-rilis.md", old: "approved_date: 2026-02-02\neffective_date: 2026-02-09\n",
		new: "approved_date: 2026-12-02\neffective_date: 2026-12-09\n", code: "approved-date-future"},
}

// copyExample copies the example site into dir.
func copyExample(t *testing.T, dir string) {
	t.Helper()
	for _, sub := range []string{"content", "registers"} {
		src := filepath.Join(repoRoot, sub)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repoRoot, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
		})
		if err != nil {
			t.Fatalf("copying the example site: %v", err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(repoRoot, "smsgen.yaml")); err == nil {
		put(t, dir, "smsgen.yaml", b)
	}
}

// lineOf returns the 1-based line of byte offset off in s.
func lineOf(s string, off int) int { return strings.Count(s[:off], "\n") + 1 }

func TestPlantedDefects(t *testing.T) {
	if _, err := os.Stat(filepath.Join(repoRoot, "content")); err != nil {
		t.Fatalf("the example site is missing: %v", err)
	}
	dir := t.TempDir()
	copyExample(t, dir)

	// The example itself validates clean under the fixed today.
	if res := run(t, dir); len(res.Findings) > 0 {
		t.Fatalf("the example site must validate with no findings before defects are planted; it has %d:\n%s",
			len(res.Findings), limit(text(t, dir, res.Findings), 40))
	}

	// Plant every defect; the changes to one file are applied in order.
	for _, d := range plantedDefects {
		p := filepath.Join(dir, filepath.FromSlash(d.file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if n := strings.Count(s, d.old); n != 1 {
			t.Fatalf("%s: the text to replace occurs %d times (want once; has the example changed?): %q", d.file, n, d.old)
		}
		s = strings.Replace(s, d.old, d.new, 1)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Where each finding must be, computed from the final files.
	var wants []want
	for _, d := range plantedDefects {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(d.file)))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		at := strings.Index(s, d.new)
		line := lineOf(s, at)
		switch {
		case d.before != "":
			i := strings.LastIndex(s[:at], d.before)
			if i < 0 {
				t.Fatalf("%s: %q not found before the defect", d.file, d.before)
			}
			line = lineOf(s, i)
		case d.anchor != "":
			i := strings.Index(s, d.anchor)
			if i < 0 {
				t.Fatalf("%s: anchor %q not found", d.file, d.anchor)
			}
			line = lineOf(s, i)
		}
		wants = append(wants, want{d.file, line, d.code})
	}

	res := run(t, dir)
	checkInvariants(t, res.Findings)
	for _, w := range wants {
		if !has(res.Findings, w.file, w.line, w.code) {
			t.Errorf("planted defect not reported at its place: want %s", w)
		}
	}
	for _, f := range res.Findings {
		ok := false
		for _, w := range wants {
			if matches(f, w) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("finding that no planted defect explains: %s:%d %s: %s", f.File, f.Line, f.Code, f.Message)
		}
	}
	if t.Failed() {
		t.Logf("all findings:\n%s", text(t, dir, res.Findings))
	}
}
