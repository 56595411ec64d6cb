package pdf_test

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/render/pdf"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestRegisterVolumes: a register larger than a volume holds (the bound
// lowered to 100 records) is printed as volumes, each a valid PDF holding
// its own records and no other, every record in exactly one; the first
// keeps the register's file name and lists the others; the HTML register
// page and the audit pack name the volumes the resolved facts name, and
// those files exist. A register within the bound stays one PDF.
func TestRegisterVolumes(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf", "qpdf poppler-utils")
	root := testutil.SynthSite(t, synth.Options{Docs: 3, Rows: 450, Seed: 1, Shape: synth.ShapeText})
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: testutil.Today})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Errors(); n > 0 {
		t.Fatalf("the synthetic site has %d errors", n)
	}
	facts := resolve.Run(res.Site, res.Lang, res.Site.Today)
	facts.SetVolumeBounds(100, 0)
	var c diag.Collector
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "test", Facts: facts}
	out := filepath.Join(t.TempDir(), "output")
	if err := output.Run(ctx, output.Options{Out: out, Only: []string{"html", "pdf"},
		Renderers: map[string]output.Renderer{"html": html.Renderer{}, "pdf": pdf.Renderer{}}}); err != nil {
		t.Fatalf("build: %v", err)
	}

	reg := res.Site.Registers["incidents"]
	vols := facts.Volumes("incidents")
	if len(vols) != 5 {
		t.Fatalf("450 incidents in volumes of 100: %d volumes, want 5", len(vols))
	}
	if vols[0].PDF != "pdf/registers/incidents.pdf" {
		t.Errorf("the first volume is %s, want the register's own PDF", vols[0].PDF)
	}
	rowID := regexp.MustCompile(`(?m)^\s*(INC-\d{4}-\d{6})\b`)
	volumeOf := map[string]int{} // record id -> the volume whose table lists it
	for _, v := range vols {
		file := filepath.Join(out, filepath.FromSlash(v.PDF))
		if b, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil {
			t.Fatalf("qpdf --check %s: %v\n%s", v.PDF, err, b)
		}
		text := pdftotext(t, file, "-layout")
		want := map[string]bool{}
		for _, rec := range reg.Records[v.From:v.To] {
			want[rec.ID] = true
		}
		for _, m := range rowID.FindAllStringSubmatch(text, -1) {
			id := m[1]
			if !want[id] {
				t.Errorf("volume %d lists %s, a record of another volume", v.N, id)
			}
			volumeOf[id] = v.N
		}
		if !strings.Contains(norm(text), "Jilid "+strconv.Itoa(v.N)+" dari 5") {
			t.Errorf("volume %d does not say which volume it is", v.N)
		}
		if v.N == 1 {
			for _, w := range vols {
				if !strings.Contains(text, w.PDF) {
					t.Errorf("the first volume does not list %s", w.PDF)
				}
			}
		}
	}
	for _, rec := range reg.Records {
		if volumeOf[rec.ID] == 0 {
			t.Errorf("%s is in no volume", rec.ID)
		}
	}
	if len(volumeOf) != len(reg.Records) {
		t.Errorf("the volumes list %d records, the register has %d", len(volumeOf), len(reg.Records))
	}

	// the HTML register page links every volume, and each link leads to its file
	page := filepath.Join(out, "site/registers/incidents/index.html")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="([^"#?]+\.pdf)"`).FindAllStringSubmatch(string(b), -1) {
		rel := path.Join("site/registers/incidents", m[1])
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel))); err != nil {
			t.Errorf("the register page links %s, which is not there", m[1])
		}
		linked[rel] = true
	}
	for _, v := range vols {
		if !linked[v.PDF] {
			t.Errorf("the register page does not link volume %d (%s)", v.N, v.PDF)
		}
	}
	// one button for the first volume; the others folded in one list, so
	// that many volumes do not push the table off a phone's screen
	if n := strings.Count(string(b), `class="dl dl-pdf"`); n != 1 {
		t.Errorf("the register page shows %d PDF buttons, want 1 (the first volume)", n)
	}
	if more := regexp.MustCompile(`(?s)<details class="volumes">.*?</details>`).FindString(string(b)); strings.Count(more, ".pdf\"") != len(vols)-1 {
		t.Errorf("the folded list of further volumes links %d files, want %d", strings.Count(more, ".pdf\""), len(vols)-1)
	}

	// the audit pack names the first volume and the range of the others
	pack := norm(pdftotext(t, filepath.Join(out, "pdf/audit-pack.pdf")))
	if want := "pdf/registers/incidents.pdf (jilid 1 dari 5, yang mendaftar jilid lainnya: " + vols[1].PDF + " sampai " + vols[4].PDF + ")"; !strings.Contains(pack, want) {
		t.Errorf("the audit pack does not name the volumes: want %q", want)
	}

	// a register within the bound is one PDF, as before
	if vs := facts.Volumes("services"); len(vs) != 1 || vs[0].PDF != "pdf/registers/services.pdf" {
		t.Errorf("services: volumes %+v, want one, its own PDF", vs)
	}
	files := pdfFiles(t, filepath.Join(out, "pdf/registers/volumes"))
	if len(files) != 4 {
		t.Errorf("pdf/registers/volumes holds %d PDFs, want the 4 further volumes of incidents: %v", len(files), files)
	}
}
