package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/smsgen/smsgen/internal/build"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/view"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
	"golang.org/x/term"
)

// renderers maps output names (html, pdf, xlsx) to renderers; each renderer's
// file in this package adds itself in init.
var renderers = map[string]build.Renderer{}

func init() { commands = append(commands, buildCmd) }

func buildCmd(stdout, stderr io.Writer) *cobra.Command {
	var cf commonFlags
	var out, only, maxClass, format string
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Validate, then render the HTML site, PDFs and Excel workbooks into output/",
		Long: `build validates the site and, when there are no errors, renders every output into a temporary
folder that replaces the output folder only when all of it succeeded: a failed build leaves the
previous output exactly as it was. Two builds of the same sources with the same --today (or
SOURCE_DATE_EPOCH) are byte-identical.

The output folder is smsgen's alone: every build replaces all of it. --out is refused (exit 2,
nothing touched) when it is the site root, holds a source or lies inside one (content/,
registers/, layouts/, smsgen.yaml, .git), is a file, or is a non-empty folder that smsgen did not
write (outputs carry the marker file .smsgen-output).`,
		Example: `  smsgen build --today 2026-11-21
  smsgen build --only html
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
			if maxClass != "" && !view.ValidClass(maxClass) {
				return fmt.Errorf("--max-classification must be public, internal, restricted or confidential")
			}
			if err := checkOut(stderr, cf.root, out, cf.lang); err != nil {
				return err
			}
			res, err := cf.run()
			if err != nil {
				return err
			}
			fail := res.Errors() > 0 || (cf.strict && res.Warnings() > 0)
			if err := writeFindings(stderr, format, res, !fail); err != nil {
				return err
			}
			if fail {
				fmt.Fprintf(stderr, "build stopped: %d errors, %d warnings; %s left as it was\n", res.Errors(), res.Warnings(), out)
				return exitError{1}
			}
			var c diag.Collector
			rep := &i18n.Reporter{C: &c, Lang: res.Lang}
			ctx := build.Context{Site: res.Site.Restrict(maxClass), Findings: res.Findings, Lang: res.Lang,
				Today: res.Site.Today, MaxClass: maxClass, Report: rep, Version: versionString()}
			progress := isTerminal(stderr) && os.Getenv("CI") == ""
			if progress {
				fmt.Fprintf(stderr, "rendering %s …\n", strings.Join(orAll(names), ", "))
			}
			if err := build.Run(ctx, build.Options{Root: cf.root, Out: out, Only: names, Renderers: renderers}); err != nil {
				return outRefused(stderr, err, res.Lang)
			}
			if extra := c.Findings(); len(extra) > 0 {
				_ = diag.Text(stderr, extra)
			}
			fmt.Fprintf(stderr, "built %s: %d documents, %d registers; %d warnings\n", out, len(ctx.Site.Documents), len(ctx.Site.Registers), res.Warnings()+len(c.Findings()))
			return nil
		},
	}
	cf.add(cmd)
	cmd.Flags().StringVar(&out, "out", "output", "output folder")
	cmd.Flags().StringVar(&only, "only", "", "comma-separated outputs to render: html, pdf, xlsx (default all)")
	cmd.Flags().StringVar(&maxClass, "max-classification", "", "leave out documents and records classified above LEVEL (public, internal, restricted, confidential)")
	cmd.Flags().StringVar(&format, "format", "text", "format of the findings on stderr: text, json, github or sarif")
	return cmd
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
// build.CheckOut): exit 2 with one message in the site's language, before
// anything is read or written.
func checkOut(stderr io.Writer, root, out, lang string) error {
	_, err := build.CheckOut(root, out)
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
	var oe *build.OutError
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
