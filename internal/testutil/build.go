package testutil

// The shared set-up of the stages' tests, in the manner of an integration
// builder: Site makes a site from a txtar archive, Build validates, resolves
// and renders it with options, the way `smsgen build` does.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/resolve"
	"golang.org/x/tools/txtar"
)

// Site writes the files of a txtar archive (site-relative paths) into a new
// temporary folder and returns it.
func Site(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, archive)
	return dir
}

// Write writes the files of a txtar archive into dir, replacing files of the
// same path. A file whose whole content is "(deleted)\n" is removed instead.
func Write(t testing.TB, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		name := strings.TrimSpace(f.Name)
		if name == "" || filepath.IsAbs(name) || strings.HasPrefix(filepath.Clean(name), "..") {
			t.Fatalf("txtar: bad file name %q", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if string(f.Data) == "(deleted)\n" {
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BuildOptions are the options of Build, those of `smsgen build`.
type BuildOptions struct {
	Lang     string    // "id", "en", or "" for the site's language
	Today    time.Time // zero: Today
	Only     []string  // names of Renderers to run (default all)
	MaxClass string    // --max-classification
	// Renderers by output name (html, pdf, xlsx): the caller passes its own,
	// so a renderer's tests need not import the others.
	Renderers map[string]output.Renderer
	// AllowErrors renders even when validation found errors (a renderer must
	// be safe on any input); by default errors fail the test.
	AllowErrors bool
	// Names, when set, allocates the output names with these options (a
	// test lowers the threshold above which record pages are grouped).
	Names *names.Options
}

// Built is the result of Build.
type Built struct {
	Out      string           // the output folder
	Result   *pipeline.Result // the validated site and its findings
	Facts    *resolve.Site    // the resolved facts the renderers read
	Rendered []diag.Finding
}

// Build validates the site at root, resolves it (after the classification
// filter) and renders it into a new output folder.
func Build(t testing.TB, root string, o BuildOptions) *Built {
	t.Helper()
	today := o.Today
	if today.IsZero() {
		today = Today
	}
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today, Lang: o.Lang})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Errors(); n > 0 && !o.AllowErrors {
		var b strings.Builder
		_ = diag.Text(&b, res.Findings)
		t.Fatalf("validation found %d errors:\n%s", n, b.String())
	}
	site := res.Site.Restrict(o.MaxClass)
	facts := resolve.Run(site, res.Lang, today)
	if o.Names != nil {
		facts.Names = names.AllocateWith(site, *o.Names)
	}
	out := filepath.Join(t.TempDir(), "output")
	var c diag.Collector
	ctx := output.Context{Site: site, Findings: res.Findings, Lang: res.Lang, Today: today, MaxClass: o.MaxClass,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "test", Facts: facts}
	if err := output.Run(ctx, output.Options{Out: out, Only: o.Only, Renderers: o.Renderers}); err != nil {
		t.Fatal(err)
	}
	return &Built{Out: out, Result: res, Facts: facts, Rendered: c.Findings()}
}
