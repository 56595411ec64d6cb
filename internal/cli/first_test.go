package cli

// Tests of first contact: init, --version, completion, schema (text, JSON and
// the field reference page), a root that is not a site, counts in the
// summaries, and the hint when smsgen.yaml is missing.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/schema"
	"github.com/smsgen/smsgen/internal/testutil"
)

// A new site validates with no finding at all, --strict, in both languages, and builds.
func TestInitWritesASiteThatValidatesAndBuilds(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "sms") // a folder that does not exist yet
			code, out, errs := cliRun(t, "init", dir, "--lang", lang, "--today", "2026-11-21", "--title", "SMS: Unit TI")
			if code != 0 {
				t.Fatalf("init: exit %d\n%s%s", code, out, errs)
			}
			for _, p := range []string{"smsgen.yaml", "registers/services.yaml", ".github/workflows/smsgen.yml", ".gitlab-ci.yml", ".gitignore"} {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
					t.Errorf("init did not write %s", p)
				}
				if !strings.Contains(out, filepath.Join(dir, filepath.FromSlash(p))) {
					t.Errorf("init does not say it wrote %s:\n%s", p, out)
				}
			}
			docs, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
			if len(docs) != 1 {
				t.Errorf("want one first document in content/, found %v", docs)
			}
			if s := testutil.ReadFile(t, filepath.Join(dir, ".gitignore")); !strings.Contains(s, "/output/") {
				t.Errorf(".gitignore does not ignore the output folder:\n%s", s)
			}
			if s := testutil.ReadFile(t, filepath.Join(dir, ".github", "workflows", "smsgen.yml")); !strings.Contains(s, "smsgen validate --format github") || !strings.Contains(s, "smsgen build") {
				t.Errorf("the GitHub workflow does not validate and build:\n%s", s)
			}
			if s := testutil.ReadFile(t, filepath.Join(dir, ".gitlab-ci.yml")); !strings.Contains(s, "smsgen validate --format gitlab") || !strings.Contains(s, "codequality:") || !strings.Contains(s, "smsgen build") {
				t.Errorf("the GitLab CI file does not validate into a Code Quality report and build:\n%s", s)
			}
			code, out, errs = cliRun(t, "validate", "--root", dir, "--strict", "--today", "2026-11-21", "--format", "json")
			if code != 0 {
				t.Fatalf("validate --strict of the new site: exit %d\n%s%s", code, out, errs)
			}
			var doc struct {
				Counts struct{ Total int } `json:"counts"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Counts.Total != 0 {
				t.Errorf("the new site has findings (%v):\n%s", err, out)
			}
			o := filepath.Join(dir, "output")
			code, _, errs = cliRun(t, "build", "--root", dir, "--out", o, "--today", "2026-11-21", "--strict")
			if code != 0 {
				t.Fatalf("build of the new site: exit %d\n%s", code, errs)
			}
			if strings.Contains(errs, "settings-missing") {
				t.Errorf("the new site has settings, but the build says they are missing:\n%s", errs)
			}
			for _, p := range []string{"site/index.html", "site/fields.html", "site.zip", "xlsx/registers.xlsx", "pdf/registers/services.pdf"} {
				if _, err := os.Stat(filepath.Join(o, filepath.FromSlash(p))); err != nil {
					t.Errorf("build wrote no %s", p)
				}
			}
			if s := testutil.ReadFile(t, filepath.Join(o, "site", "index.html")); !strings.Contains(s, "SMS: Unit TI") {
				t.Errorf("the site title of --title is not on the dashboard")
			}
		})
	}
}

// init never overwrites: a site, or any file it would write, is refused
// before anything is written.
func TestInitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := cliRun(t, "init", dir, "--today", "2026-11-21"); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	settings := filepath.Join(dir, "smsgen.yaml")
	if err := os.WriteFile(settings, []byte("title: Mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := cliRun(t, "init", dir)
	if code != 2 || !strings.Contains(errs, "already a site") || out != "" {
		t.Errorf("init into a site: exit %d, want 2 and a refusal\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if testutil.ReadFile(t, settings) != "title: Mine\n" {
		t.Error("init changed the settings of an existing site")
	}

	// a folder that is not a site but holds one of init's files
	other := t.TempDir()
	ci := filepath.Join(other, ".gitlab-ci.yml")
	if err := os.WriteFile(ci, []byte("stages: [test]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = cliRun(t, "init", other)
	if code != 2 || !strings.Contains(errs, ".gitlab-ci.yml") {
		t.Errorf("init over an existing .gitlab-ci.yml: exit %d, want 2 naming it\n%s", code, errs)
	}
	if testutil.ReadFile(t, ci) != "stages: [test]\n" {
		t.Error("init changed an existing .gitlab-ci.yml")
	}
	if ents, _ := os.ReadDir(other); len(ents) != 1 {
		t.Errorf("a refused init wrote files: %v", ents)
	}

	// a repository with other files and a .gitignore: files kept, the output folder appended once
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, ".gitignore"), []byte("*.tmp"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "README.md"), []byte("# Repo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := cliRun(t, "init", repo, "--today", "2026-11-21"); code != 0 {
		t.Fatalf("init into a repository: exit %d\n%s%s", code, out, errs)
	}
	if s := testutil.ReadFile(t, filepath.Join(repo, ".gitignore")); !strings.HasPrefix(s, "*.tmp\n") || strings.Count(s, "/output/") != 1 {
		t.Errorf(".gitignore: %q", s)
	}
	if testutil.ReadFile(t, filepath.Join(repo, "README.md")) != "# Repo\n" {
		t.Error("init changed README.md")
	}
	if code, _, _ := cliRun(t, "init", filepath.Join(repo, "README.md")); code != 2 {
		t.Errorf("init into a file: exit %d, want 2", code)
	}
	if code, _, _ := cliRun(t, "init", t.TempDir(), "--lang", "fr"); code != 2 {
		t.Errorf("init --lang fr: exit %d, want 2", code)
	}
}

func TestVersionFlag(t *testing.T) {
	old := Version
	Version = "v1.2.3"
	defer func() { Version = old }()
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errs := cliRun(t, args...)
		if code != 0 || out != "smsgen v1.2.3\n" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_smsgen", "zsh": "#compdef smsgen", "fish": "complete -c smsgen", "powershell": "Register-ArgumentCompleter"} {
		code, out, errs := cliRun(t, "completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, %q not in the script (stderr %q)", shell, code, want, errs)
		}
	}
	if code, _, _ := cliRun(t, "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: exit %d, want 2", code)
	}
	// the register names of smsgen schema complete
	if code, out, _ := cliRun(t, "__complete", "schema", "co"); code != 0 || !strings.Contains(out, "continuity\t") || !strings.Contains(out, "contacts\t") || strings.Contains(out, "incidents") {
		t.Errorf("completion of smsgen schema co: exit %d\n%s", code, out)
	}
}

// A root with neither content/ nor registers/ is a usage error, never an empty site that passes.
func TestRootThatIsNotASite(t *testing.T) {
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "notes.md"), []byte("# x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", "--root", empty},
		{"validate", "--root", empty, "--format", "json"},
		{"build", "--root", empty, "--out", filepath.Join(t.TempDir(), "output")},
		{"serve", "--root", empty, "--addr", "127.0.0.1:0"},
	} {
		code, out, errs := runBounded(t, args...)
		if code != 2 || !strings.Contains(errs, "neither content/ nor registers/") || !strings.Contains(errs, "smsgen init") {
			t.Errorf("%v: exit %d, want 2 with a clear message\nstdout: %s\nstderr: %s", args[0], code, out, errs)
		}
	}
	// registers alone, or content alone, is a site
	regs := cliSite(t, map[string]string{"registers/contacts.yaml": "- {id: K-1, name: A, position: B, organization: C, role: internal, phone: \"0211234567\"}\n"})
	if code, _, errs := cliRun(t, "validate", "--root", regs, "--today", "2026-11-21"); code == 2 {
		t.Errorf("a site with registers/ only: exit 2\n%s", errs)
	}
	if code, _, errs := cliRun(t, "validate", "--root", cleanSite(t), "--today", "2026-11-21"); code != 0 {
		t.Errorf("a site with content/ only: exit %d\n%s", code, errs)
	}
}

// Counts in the summaries: one document, one error, one warning in English; Indonesian has no plural.
func TestSummaryCounts(t *testing.T) {
	site := cliSite(t, map[string]string{
		"content/a.md": strings.Replace(cliDoc, "NEXT", "2026-01-01", 1) + "\n[rusak](doc:TIDAK-ADA)\n",
	})
	_, _, errs := cliRun(t, "validate", "--root", site, "--today", "2026-11-21", "--lang", "en")
	if !strings.Contains(errs, "1 document, 0 registers, 0 records: 1 error, 1 warning\n") {
		t.Errorf("English summary: %q", errs)
	}
	_, _, errs = cliRun(t, "validate", "--root", errorSite(t), "--today", "2026-11-21", "--lang", "en")
	if !strings.Contains(errs, "1 document, 1 register, 1 record: 2 errors, 1 warning\n") {
		t.Errorf("English summary: %q", errs)
	}
	_, _, errs = cliRun(t, "validate", "--root", site, "--today", "2026-11-21")
	if !strings.Contains(errs, "1 dokumen, 0 register, 0 catatan: 1 galat, 1 peringatan\n") {
		t.Errorf("Indonesian summary: %q", errs)
	}
	out := filepath.Join(t.TempDir(), "output")
	_, _, errs = cliRun(t, "build", "--root", site, "--out", out, "--today", "2026-11-21", "--lang", "en")
	if !strings.Contains(errs, "build stopped: 1 error, 1 warning; ") {
		t.Errorf("English build stop: %q", errs)
	}
	code, _, errs := cliRun(t, "build", "--root", warningSite(t), "--out", out, "--only", "html", "--today", "2026-11-21", "--lang", "en")
	if code != 0 || !strings.Contains(errs, "built "+out+": 1 document, 0 registers; 1 warning\n") {
		t.Errorf("English build summary: exit %d, %q", code, errs)
	}
}

// Without smsgen.yaml the site has a default title (never "Dasbor · Dasbor")
// and the build says, as an info finding, to add smsgen.yaml.
func TestBuildWithoutSettings(t *testing.T) {
	site := cleanSite(t)
	out := filepath.Join(t.TempDir(), "output")
	code, _, errs := cliRun(t, "build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21", "--strict")
	if code != 0 {
		t.Fatalf("exit %d (an info finding must not fail --strict)\n%s", code, errs)
	}
	if !strings.Contains(errs, "smsgen.yaml: info settings-missing: situs tidak memiliki smsgen.yaml") {
		t.Errorf("no hint to add smsgen.yaml:\n%s", errs)
	}
	index := testutil.ReadFile(t, filepath.Join(out, "site", "index.html"))
	if title := regexp.MustCompile(`<title>[^<]*</title>`).FindString(index); title != "<title>Dasbor · Sistem Manajemen Layanan</title>" {
		t.Errorf("title %q", title)
	}
	_, _, errs = cliRun(t, "build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21", "--lang", "en", "--format", "json")
	if !strings.Contains(errs, `"code": "settings-missing"`) || !strings.Contains(errs, `"severity": "info"`) {
		t.Errorf("JSON without the hint:\n%s", errs)
	}
	if err := os.WriteFile(filepath.Join(site, "smsgen.yaml"), []byte("title: Judul Kami\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, errs = cliRun(t, "build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21")
	if strings.Contains(errs, "settings-missing") {
		t.Errorf("the hint with smsgen.yaml present:\n%s", errs)
	}
	if index := testutil.ReadFile(t, filepath.Join(out, "site", "index.html")); !strings.Contains(index, "<title>Dasbor · Judul Kami</title>") {
		t.Error("the title of smsgen.yaml is not used")
	}
}

func TestSchemaCommand(t *testing.T) {
	root := t.TempDir() // not a site: the built-in schemas
	code, out, errs := cliRun(t, "schema", "--root", root)
	if code != 0 {
		t.Fatalf("schema: exit %d\n%s", code, errs)
	}
	for _, want := range []string{"REGISTER", "incidents", "Insiden", "Incidents", "8.6.1", "bawaan"} {
		if !strings.Contains(out, want) {
			t.Errorf("register list without %q:\n%s", want, out)
		}
	}
	builtin, err := schema.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if n, want := strings.Count(out, "\n"), 1+len(builtin.Registers); n != want {
		t.Errorf("register list: %d lines, want a heading and %d registers:\n%s", n, want-1, out)
	}
	code, out, _ = cliRun(t, "schema", "incidents", "--root", root)
	for _, want := range []string{"KUNCI", "priority_override_reason", "Alasan Prioritas Berbeda", "Priority override reason",
		"bilangan bulat", "wajib bila status in [resolved, closed]", "harus sama dengan matriks prioritas",
		"kecuali priority_override_reason diisi", "dari 1 sampai 5", "high (Tinggi / High)", "merujuk catatan register services"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("schema incidents (exit %d) without %q:\n%s", code, want, out)
		}
	}
	_, out, _ = cliRun(t, "schema", "incidents", "--root", root, "--lang", "en")
	for _, want := range []string{"KEY", "whole number", "required when status in [resolved, closed]", "must equal the priority matrix"} {
		if !strings.Contains(out, want) {
			t.Errorf("schema incidents --lang en without %q:\n%s", want, out)
		}
	}
	code, out, _ = cliRun(t, "schema", "availability", "--root", root, "--format", "json", "--lang", "en")
	var reg struct {
		Name   string
		Fields []struct {
			Key      string
			Label    struct{ ID, EN string }
			Type     string
			Required bool
			Values   []struct{ Value string }
			Rules    []string
		}
	}
	if err := json.Unmarshal([]byte(out), &reg); err != nil || code != 0 || reg.Name != "availability" {
		t.Fatalf("schema --format json: exit %d, %v\n%s", code, err, out)
	}
	found := false
	for _, f := range reg.Fields {
		if f.Key == "actual_pct" {
			found = true
			if f.Label.ID == "" || f.Label.EN == "" || f.Type != "number" || !strings.Contains(strings.Join(f.Rules, "; "), "100 × (agreed") {
				t.Errorf("actual_pct: %+v", f)
			}
		}
	}
	if !found || reg.Fields[0].Key != "id" || !reg.Fields[0].Required {
		t.Errorf("fields: %+v", reg.Fields)
	}
	code, out, _ = cliRun(t, "schema", "--root", root, "--format", "json")
	var list struct{ Registers []struct{ Name string } }
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 || len(list.Registers) != len(builtin.Registers) {
		t.Errorf("schema --format json: exit %d, %v, %d registers", code, err, len(list.Registers))
	}
	code, _, errs = cliRun(t, "schema", "insiden", "--root", root, "--lang", "en")
	if code != 2 || !strings.Contains(errs, `unknown register "insiden"`) || !strings.Contains(errs, "incidents") {
		t.Errorf("unknown register: exit %d\n%s", code, errs)
	}
	if code, _, _ := cliRun(t, "schema", "--format", "xml"); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
	if code, _, errs := cliRun(t, "schema", "--root", filepath.Join(root, "tidak-ada")); code != 2 || !strings.Contains(errs, "site root") {
		t.Errorf("missing root: exit %d, want 2\n%s", code, errs)
	}

	// a site's own schemas: a new register and an extended one, in the site's language
	site := cliSite(t, map[string]string{
		"smsgen.yaml": "language: en\n",
		"registers/vendors.schema.yaml": "name: vendors\nlabel: {id: Vendor, en: Vendors}\nclause: \"8.3.4\"\nfields:\n" +
			"  - {key: name, label: {id: Nama, en: Name}, type: text, required: true}\n",
		"registers/incidents.schema.yaml": "name: incidents\nfields:\n  - {key: ticket, label: {id: Tiket, en: Ticket}, type: text, pattern: '^T-[0-9]+$'}\n",
		"registers/vendors.yaml":          "- {id: V-1, name: PT Contoh}\n",
	})
	_, out, _ = cliRun(t, "schema", "--root", site)
	if !strings.Contains(out, "vendors") || !strings.Contains(out, "registers/vendors.schema.yaml") || !strings.Contains(out, "1 record") {
		t.Errorf("the site's register is not listed with its source and records:\n%s", out)
	}
	_, out, _ = cliRun(t, "schema", "incidents", "--root", site)
	if !strings.Contains(out, "ticket") || !strings.Contains(out, "matches the pattern ^T-[0-9]+$") || !strings.Contains(out, "registers/incidents.schema.yaml") {
		t.Errorf("the site's field is not shown:\n%s", out)
	}
	// a broken site schema is said on stderr, the rest is still shown
	broken := cliSite(t, map[string]string{"registers/x.schema.yaml": "name: x\nfields: [{key: a, type: nonsense}]\n"})
	code, out, errs = cliRun(t, "schema", "--root", broken)
	if code != 0 || !strings.Contains(errs, "schema-invalid") || !strings.Contains(out, "incidents") {
		t.Errorf("broken site schema: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// The HTML site has the field reference as a page, linked from the register index.
func TestFieldReferencePage(t *testing.T) {
	site := cliSite(t, map[string]string{
		"content/a.md":                  strings.Replace(cliDoc, "NEXT", "2027-01-01", 1),
		"registers/vendors.schema.yaml": "name: vendors\nlabel: {id: Vendor <b>, en: Vendors}\nfields:\n  - {key: name, label: {id: Nama, en: Name}, type: text}\n",
	})
	out := filepath.Join(t.TempDir(), "output")
	if code, _, errs := cliRun(t, "build", "--root", site, "--out", out, "--only", "html", "--today", "2026-11-21"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	page := testutil.ReadFile(t, filepath.Join(out, "site", "fields.html"))
	for _, want := range []string{"<h1>Referensi Kolom</h1>", `id="incidents"`, "<code>priority_override_reason</code>",
		"Alasan Prioritas Berbeda", "harus sama dengan matriks prioritas (dampak × urgensi)", "wajib bila status in [resolved, closed]",
		`id="vendors"`, "Vendor &lt;b&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("fields.html without %q", want)
		}
	}
	if idx := testutil.ReadFile(t, filepath.Join(out, "site", "registers.html")); !strings.Contains(idx, `<a href="fields.html">Referensi Kolom</a>`) {
		t.Error("the register index does not link the field reference")
	}
}

// In a subfolder of a git checkout, the CI files go to the top of the
// checkout (CI systems read them only there) and name the site's folder.
func TestInitInASubfolderOfARepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is required in CI")
		}
		t.Skip("git not installed; skipping")
	}
	top := t.TempDir()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(top, "no-gitconfig"))
	cmd := exec.Command("git", "init", "-q", top)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	dir := filepath.Join(top, "docs", "sms")
	code, out, errs := cliRun(t, "init", dir, "--today", "2026-11-21")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	gh := testutil.ReadFile(t, filepath.Join(top, ".github", "workflows", "smsgen.yml"))
	gl := testutil.ReadFile(t, filepath.Join(top, ".gitlab-ci.yml"))
	for _, want := range []string{"smsgen validate --root docs/sms --format", "smsgen build --root docs/sms --out docs/sms/output/"} {
		if !strings.Contains(gh, want) || !strings.Contains(gl, want) {
			t.Errorf("CI files without %q:\n%s\n%s", want, gh, gl)
		}
	}
	if !strings.Contains(gh, "path: docs/sms/output/") || !strings.Contains(gl, "paths: [docs/sms/output/]") {
		t.Errorf("CI artifacts are not the site's output folder:\n%s\n%s", gh, gl)
	}
	for _, p := range []string{filepath.Join(dir, ".gitlab-ci.yml"), filepath.Join(dir, ".github")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written in the site folder, where no CI reads it", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "smsgen.yaml")); err != nil {
		t.Error("the site is not in its folder")
	}
	// the CI's own command, run from the top of the checkout, passes
	t.Chdir(top)
	if code, out, errs := cliRun(t, "validate", "--root", "docs/sms", "--format", "github", "--strict", "--today", "2026-11-21"); code != 0 || out != "" {
		t.Errorf("the CI's validate: exit %d\n%s%s", code, out, errs)
	}
	// a second site in another folder of the same checkout finds the CI files taken
	code, _, errs = cliRun(t, "init", filepath.Join(top, "other"))
	if code != 2 || !strings.Contains(errs, ".gitlab-ci.yml") {
		t.Errorf("second init: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(top, "other", "content")); err == nil {
		t.Error("a refused init wrote the site")
	}
}
