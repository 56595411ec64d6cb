package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/validate"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
	"golang.org/x/term"
)

// renderers maps output names (html, pdf, xlsx) to renderers; each renderer's
// file in this package adds itself in init.
var renderers = map[string]output.Renderer{}

// Test hooks: testHookBeforeInputs runs as the fingerprint of the sources
// starts, testHookLoaded once the site is loaded (nil outside tests).
var testHookBeforeInputs, testHookLoaded func()

func init() { commands = append(commands, buildCmd) }

func buildCmd(stdout, stderr io.Writer) *cobra.Command {
	var cf commonFlags
	var out, only, maxClass, format, period string
	var quiet, verbose bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Validate, then render the HTML site, PDFs and Excel workbooks into output/",
		Long: `build validates the site and, when there are no errors, renders every output into a temporary
folder that replaces the output folder only when all of it succeeded: a failed build leaves the
previous output exactly as it was. Two builds of the same sources with the same --today (or
SOURCE_DATE_EPOCH) are byte-identical.

The output folder is smsgen's alone: every build that renders replaces all of it. --out is refused (exit 2,
nothing touched) when it is the site root, holds a source or lies inside one (content/,
registers/, layouts/, smsgen.yaml, .git), is a file, or is a non-empty folder that smsgen did not
write (outputs carry the marker file .smsgen-output).

An output already there as this build would render it (the previous build recorded it as rendered
from the same sources, options, git history and program, with the same other outputs, and its files
are unchanged) is left as it is, and what rendering it reported is reported again: a rebuild with
nothing changed renders nothing.

With --only, the other outputs of the previous build are kept as they were; build names them
and says whether each is still current (rendered from the same sources and options) or stale.`,
		Example: `  smsgen build --today 2026-11-21
  smsgen build --only html
  smsgen build --only pdf --period 2026-01-01..2026-12-31
  smsgen build --max-classification public --out output-public`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var names []string
			if only != "" {
				for _, n := range strings.Split(only, ",") {
					n = strings.TrimSpace(n)
					if renderers[n] == nil {
						return fmt.Errorf("--only: unknown output %q (known: %s)", n, strings.Join(renderedNames(), ", "))
					}
					names = append(names, n)
				}
			}
			if err := checkFormat(format); err != nil {
				return err
			}
			if maxClass != "" && !localize.ValidClass(maxClass) {
				return fmt.Errorf("--max-classification must be public, internal, restricted or confidential")
			}
			if err := requireSite(cf.root); err != nil {
				return err
			}
			if quiet && verbose {
				return fmt.Errorf("--quiet and --verbose exclude each other")
			}
			var per *resolve.Period
			if period != "" {
				p, err := parsePeriod(period)
				if err != nil {
					return err
				}
				per = &p
			}
			if err := checkOut(stderr, cf.root, out, cf.lang); err != nil {
				return err
			}
			prog := stderrProgress(stderr, quiet, verbose)
			prog.tick(250 * time.Millisecond)
			defer prog.end()
			today, err := pipeline.Today(cf.today)
			if err != nil {
				return usageError{err}
			}
			// What the outputs are rendered from, the sources and options: a
			// read of every source, done while the site loads, unless the
			// previous build recorded all the outputs asked for (then they
			// may be current, and the site is loaded for its findings only).
			requested := orAll(names)
			output.Cleanup(out) // what killed builds left, before the state is read
			state := output.ReadState(out)
			type fingerprint struct {
				s   string
				err error
			}
			sourcesDone := make(chan fingerprint, 1)
			go func() {
				if testHookBeforeInputs != nil {
					testHookBeforeInputs()
				}
				id := programID()
				if id == "" {
					sourcesDone <- fingerprint{} // not known what renders: never current, no manifest
					return
				}
				s, err := output.Inputs(cf.root, out, versionString(), id, today.Format("2006-01-02"), cf.lang, maxClass, period)
				sourcesDone <- fingerprint{s, err}
			}()
			var sources fingerprint
			sourcesKnown := false
			waitSources := func() fingerprint {
				if !sourcesKnown {
					sources, sourcesKnown = <-sourcesDone, true
				}
				return sources
			}
			mayBeCurrent := false
			if state.Recorded(requested) {
				// the files are read while the sources are, and the site loads
				// when they may well be current
				state.Verify(requested)
				mayBeCurrent = waitSources().err == nil && state.SameSources(requested, sources.s)
				if !mayBeCurrent {
					state.StopVerify()
				}
			} else {
				// The fingerprint is complete before the site is read. A
				// source saved while the site loads then makes the next
				// build render again (the fingerprint recorded is of the
				// file before the save); read after the loader, the saved
				// file was recorded as what the outputs, made from the file
				// before the save, were rendered from: the next build left
				// them as they were.
				waitSources()
			}
			cf.noTree = mayBeCurrent
			prog.step("validate: loading %s", cf.root)
			res, err := cf.run()
			if err != nil {
				return err
			}
			if testHookLoaded != nil {
				testHookLoaded()
			}
			prog.step("validate: %d documents, %d registers, %d records: %d errors, %d warnings",
				len(res.Site.Documents), len(res.Site.Registers), countRecords(res), res.Errors(), res.Warnings())
			// a site with errors (or warnings, with --strict) is not rendered
			stop := func() error {
				if res.Errors() == 0 && (!cf.strict || res.Warnings() == 0) {
					return nil
				}
				prog.end()
				if err := writeFindings(stderr, format, res, false); err != nil {
					return err
				}
				fmt.Fprintln(stderr, i18n.Labelf(res.Lang, "build_stopped", res.Errors(), res.Warnings(), out))
				return exitError{1}
			}
			if err := stop(); err != nil {
				return err
			}
			if fp := waitSources(); fp.err != nil {
				return fp.err
			}
			key := output.Key(sources.s, res.Site)
			// the outputs that are there as this build would render them are
			// left as they are, with what rendering them reported then
			var render, current []string
			split := func() {
				render, current = nil, nil
				for _, n := range requested {
					if state.Current(n, requested, key) {
						current = append(current, n)
					} else {
						render = append(render, n)
					}
				}
			}
			split()
			if len(render) > 0 && cf.noTree {
				// loaded for the findings only, but something is to render
				// (the history in git or the logo changed): load it whole
				cf.noTree = false
				if res, err = cf.run(); err != nil {
					return err
				}
				if err := stop(); err != nil {
					return err
				}
				key = output.Key(sources.s, res.Site)
				split() // (the same, unless git or the logo changed meanwhile)
			}
			var c diag.Collector
			rep := &i18n.Reporter{C: &c, Lang: res.Lang}
			// the resolve stage runs on the site the outputs show: after the classification filter
			site := res.Site.Restrict(maxClass)
			// what rendering the outputs left as they are reported then
			for _, n := range current {
				c.Restore(state.Findings(n))
			}
			var kept []output.Kept
			var berr error
			if len(render) == 0 {
				prog.step("render: up to date: %s", strings.Join(current, ", "))
				kept = state.Kept(nil, key)
			} else {
				prog.step("resolve: %d documents, %d registers", len(site.Documents), len(site.Registers))
				facts := resolve.Run(site, res.Lang, res.Site.Today)
				if per != nil {
					facts.SetPeriod(*per)
				}
				ctx := output.Context{Site: site, Findings: res.Findings, Lang: res.Lang,
					Today: res.Site.Today, MaxClass: maxClass, Report: rep, Version: versionString(),
					Facts: facts}
				only := render
				if len(names) == 0 && len(current) == 0 {
					only = nil // everything renders: nothing is kept
				}
				if len(only) > 0 {
					kept = state.Kept(render, key)
				}
				prog.step("render: %s", strings.Join(render, ", "))
				// The findings are written once, after rendering, in --format: with
				// what rendering reported, or with the error of a site's layout,
				// which stops the build (exit 2) as a finding at its position.
				berr = output.Run(ctx, output.Options{Root: cf.root, Out: out, Only: only, Renderers: prog.renderers(renderers, render),
					Inputs: key, Sources: sources.s, State: state})
			}
			prog.end()
			rep.ReportTruncated() // a renderer's findings cut to diag.MaxPerFileCode are counted whole
			var le *html.LayoutError
			isLayout := errors.As(berr, &le)
			all := *res
			all.Findings = append(append([]diag.Finding(nil), res.Findings...), renderFindings(res, c.Findings())...)
			if f, ok := settingsHint(res.Site.Root, res.Lang); ok && berr == nil {
				all.Findings = append(all.Findings, f)
				diag.Sort(all.Findings)
			}
			if isLayout {
				all.Findings = append(all.Findings, diag.Finding{Code: le.Code, Severity: diag.Error, File: le.File,
					Line: le.Line, Column: le.Col, Message: i18n.Message(res.Lang, le.Code, layoutArgs(le))})
				diag.Sort(all.Findings)
			}
			if err := writeFindings(stderr, format, &all, berr == nil); err != nil {
				return err
			}
			if isLayout {
				fmt.Fprintln(stderr, i18n.Labelf(res.Lang, "build_stopped_layout", diag.Printable(le.File), out))
				return exitError{2}
			}
			if berr != nil {
				return outRefused(stderr, berr, res.Lang)
			}
			if quiet {
				return nil
			}
			fmt.Fprintln(stderr, i18n.Labelf(res.Lang, "build_summary", out, len(site.Documents), len(site.Registers),
				diag.Count(all.Findings, diag.Warning)-diag.Count(all.Findings, diag.Error)))
			if len(kept) > 0 {
				fmt.Fprintln(stderr, i18n.Labelf(res.Lang, "kept_outputs", keptText(kept, res.Lang)))
			}
			return nil
		},
	}
	cf.add(cmd)
	cmd.Flags().StringVar(&out, "out", "output", "output folder")
	cmd.Flags().StringVar(&only, "only", "", "comma-separated outputs to render: html, pdf, xlsx (default all)")
	cmd.Flags().StringVar(&maxClass, "max-classification", "", "leave out documents and records classified above LEVEL (public, internal, restricted, confidential)")
	cmd.Flags().StringVar(&format, "format", "text", "format of the findings on stderr: text, json, github, sarif or gitlab")
	cmd.Flags().StringVar(&period, "period", "", "audit period of the audit pack, FROM..TO (YYYY-MM-DD or YYYY-MM; default: the 12 months up to --today)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print no progress and no summary line (findings are still printed)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every stage of the build with counts and elapsed time, also when stderr is not a terminal")
	return cmd
}

// parsePeriod reads --period FROM..TO: days (YYYY-MM-DD) or whole months (YYYY-MM).
func parsePeriod(s string) (resolve.Period, error) {
	bad := func(why string) (resolve.Period, error) {
		return resolve.Period{}, usageError{fmt.Errorf("--period %q: %s (want FROM..TO, e.g. 2026-01-01..2026-12-31 or 2026-01..2026-12)", s, why)}
	}
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		return bad("no ..")
	}
	parse := func(v string, end bool) (time.Time, bool) {
		v = strings.TrimSpace(v)
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return t, true
		}
		if t, err := time.Parse("2006-01", v); err == nil {
			if end {
				t = t.AddDate(0, 1, -1)
			}
			return t, true
		}
		return time.Time{}, false
	}
	f, ok1 := parse(from, false)
	t, ok2 := parse(to, true)
	switch {
	case !ok1:
		return bad("FROM is not a date")
	case !ok2:
		return bad("TO is not a date")
	case t.Before(f):
		return bad("TO is before FROM")
	}
	return resolve.Period{From: f, To: t}, nil
}

func renderedNames() []string {
	var out []string
	for n := range renderers {
		out = append(out, n)
	}
	sortStrings(out)
	return out
}

func orAll(n []string) []string {
	if len(n) == 0 {
		return renderedNames()
	}
	return n
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// checkOut refuses an output folder that a build must not replace (see
// output.CheckOut): exit 2 with one message in the site's language, before
// anything is read or written.
func checkOut(stderr io.Writer, root, out, lang string) error {
	_, err := output.CheckOut(root, out)
	if err == nil {
		return nil
	}
	if lang == "" {
		lang = siteLanguage(root)
	}
	return outRefused(stderr, err, lang)
}

// outRefused prints a refused output folder in lang and exits 2; other errors pass.
func outRefused(stderr io.Writer, err error, lang string) error {
	var oe *output.OutError
	if !errors.As(err, &oe) {
		return err
	}
	fmt.Fprintln(stderr, "smsgen:", oe.Message(lang))
	return exitError{2}
}

// siteLanguage reads the language of smsgen.yaml ("id" when it names none
// or cannot be read; validation reports why).
func siteLanguage(root string) string {
	b, err := os.ReadFile(filepath.Join(root, load.SettingsFile))
	if err != nil {
		return "id"
	}
	var s struct {
		Language string `yaml:"language"`
	}
	if yaml.Unmarshal(b, &s) != nil || s.Language != "en" {
		return "id"
	}
	return "en"
}

// layoutArgs are the placeholders of a layout error's message.
func layoutArgs(le *html.LayoutError) map[string]string {
	if le.Args != nil {
		return le.Args
	}
	return map[string]string{"error": le.Msg}
}

// settingsHint is the finding settings-missing when the site has no settings
// file: the pages of a build then carry a default title and no organization,
// and the finding says how to name them (given with a build that succeeded).
func settingsHint(root, lang string) (diag.Finding, bool) {
	if _, err := os.Lstat(filepath.Join(root, load.SettingsFile)); !errors.Is(err, fs.ErrNotExist) {
		return diag.Finding{}, false
	}
	title := i18n.Label(lang, "site_title_default")
	return diag.Finding{Code: "settings-missing", Severity: i18n.Severity("settings-missing"), File: load.SettingsFile,
		Value: title, Message: i18n.Message(lang, "settings-missing", map[string]string{"value": title})}, true
}

// renderFindings are the findings of rendering, fitted to the site's rules,
// without a warning of characters missing from the PDF fonts that validation
// already reported (validate finds them first, with their line; the renderer
// meets them again in the document's PDF, the audit pack and the headers).
func renderFindings(res *pipeline.Result, fs []diag.Finding) []diag.Finding {
	known := map[string]bool{}
	for _, f := range res.Findings {
		if f.Code == "pdf-missing-glyph" {
			for _, c := range codePoint.FindAllString(f.Value, -1) {
				known[c] = true
			}
		}
	}
	out := fs[:0:0]
	for _, f := range fs {
		if f.Code == "pdf-missing-glyph" && len(known) > 0 {
			all := true
			for _, c := range codePoint.FindAllString(f.Value, -1) {
				all = all && known[c]
			}
			if all {
				continue
			}
		}
		out = append(out, f)
	}
	return validate.ApplyRules(res.Site, out)
}

var codePoint = regexp.MustCompile(`U\+[0-9A-F]{4,6}`)

// keptText lists the outputs a build left from an earlier one and whether
// each is current.
func keptText(kept []output.Kept, lang string) string {
	var parts []string
	stale := false
	for _, k := range kept {
		label := "kept_current"
		switch {
		case !k.Known:
			label = "kept_unknown"
		case k.Stale:
			label, stale = "kept_stale", true
		case k.Outdated:
			label, stale = "kept_outdated", true
		}
		parts = append(parts, i18n.Labelf(lang, label, k.Name))
	}
	s := strings.Join(parts, ", ")
	if stale {
		s += i18n.Label(lang, "kept_renew")
	}
	return s
}
