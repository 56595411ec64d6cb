// Package cli wires the commands of smsgen (cobra) to the internal stages.
package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/spf13/cobra"
)

// Version is set at link time (-ldflags "-X github.com/smsgen/smsgen/internal/cli.Version=…").
var Version = ""

// commands are the further commands; each command's file appends its constructor in init.
var commands []func(stdout, stderr io.Writer) *cobra.Command

// exitError carries an exit status through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Main runs the command line and returns the exit status: 0 success, 1
// findings, 2 usage error or failure of the tool.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "smsgen: internal error (a defect, please report it): %v\n%s", r, debug.Stack())
			code = 2
		}
	}()
	output.MemoryPolicy() // the one memory policy: see there
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "smsgen:", diag.Printable(err.Error()))
		return 2
	}
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "smsgen",
		Short: "smsgen validates and renders an ISO/IEC 20000-1 service management system kept in git",
		Long: `smsgen reads a site (content/ Markdown documents with front matter, registers/ CSV or YAML
registers, optional layouts/ and smsgen.yaml), validates it against the standard's requirements,
and renders it into an offline HTML site, PDFs and Excel workbooks.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("smsgen {{.Version}}\n") // the same line as smsgen version
	root.AddCommand(validateCmd(stdout), versionCmd(stdout))
	for _, c := range commands {
		root.AddCommand(c(stdout, stderr))
	}
	addCompletion(root)
	return root
}

func versionString() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func versionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of smsgen",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(stdout, "smsgen", versionString())
			return nil
		},
	}
}

type commonFlags struct {
	root   string
	today  string
	strict bool
	lang   string
	// noTree: the command renders nothing (pipeline.Options.NoTree)
	noTree bool
}

func (c *commonFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&c.root, "root", ".", "site root folder (holding content/ and registers/)")
	cmd.Flags().StringVar(&c.today, "today", "", "the date taken as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the clock)")
	cmd.Flags().BoolVar(&c.strict, "strict", false, "treat warnings as errors (exit 1)")
	cmd.Flags().StringVar(&c.lang, "lang", "", "language of messages: id or en (default: the site's)")
}

func (c *commonFlags) run() (*pipeline.Result, error) {
	today, err := pipeline.Today(c.today)
	if err != nil {
		return nil, usageError{err}
	}
	if !i18n.KnownLang(c.lang) {
		return nil, usageError{fmt.Errorf("--lang must be id or en")}
	}
	return pipeline.Run(pipeline.Options{Root: c.root, Today: today, Lang: c.lang, NoTree: c.noTree})
}

type usageError struct{ error }

func validateCmd(stdout io.Writer) *cobra.Command {
	cf := commonFlags{noTree: true}
	var format, base string
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Load and check every document and register; write nothing",
		Long: `validate loads content/ and registers/, checks them against the schemas and the rules of
ISO/IEC 20000-1 clause 8, and prints the findings: FILE:LINE:COL: SEVERITY CODE: MESSAGE, each
with how to fix it indented on the next line. Paths are relative to the repository root when the
site lives in a git repository, in every format. smsgen.yaml may set the severity of a code
(rules: {CODE: off|warning|error}); a document may accept one of its findings with a reason
(accept: [{code: CODE, reason: TEXT}]): accepted findings are listed in JSON, SARIF and the
findings page, and never counted.

Exit status: 0 no errors (warnings allowed unless --strict), 1 errors found (or warnings
with --strict), 2 usage error or failure of the tool.`,
		Example: `  smsgen validate --today 2026-11-21
  smsgen validate --format json > findings.json
  smsgen validate --format github      # annotations in GitHub Actions
  smsgen validate --format sarif > smsgen.sarif
  smsgen validate --format gitlab > gl-code-quality-report.json   # GitLab Code Quality
  smsgen validate --strict --base HEAD  # also: no content change without a new version (pre-commit)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			if err := requireSite(cf.root); err != nil {
				return err
			}
			res, err := cf.run()
			if err != nil {
				return err
			}
			if base != "" {
				if err := addVersionFindings(res, base); err != nil {
					return err
				}
			}
			fail := res.Errors() > 0 || (cf.strict && res.Warnings() > 0)
			if err := writeFindings(stdout, format, res, !fail); err != nil {
				return err
			}
			if format == "text" {
				fmt.Fprint(cmd.ErrOrStderr(), i18n.Labelf(res.Lang, "validate_summary",
					len(res.Site.Documents), len(res.Site.Registers), countRecords(res), res.Errors(), res.Warnings()))
				if n := diag.CountAccepted(res.Findings); n > 0 {
					fmt.Fprint(cmd.ErrOrStderr(), i18n.Labelf(res.Lang, "validate_accepted", n))
				}
				fmt.Fprintln(cmd.ErrOrStderr())
			}
			if fail {
				return exitError{1}
			}
			return nil
		},
	}
	cf.add(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json, github, sarif or gitlab")
	cmd.Flags().StringVar(&base, "base", "", "also check document control against git revision REV (see smsgen diff): content changes need a higher version")
	return cmd
}

func countRecords(res *pipeline.Result) int {
	n := 0
	for _, r := range res.Site.Registers {
		n += len(r.Records)
	}
	return n
}

// checkFormat refuses an unknown --format of the findings.
func checkFormat(format string) error {
	switch format {
	case "text", "json", "github", "sarif", "gitlab":
		return nil
	}
	return usageError{fmt.Errorf("--format must be text, json, github, sarif or gitlab")}
}

// writeFindings writes the findings in format. Every format gets paths
// relative to the repository root when the site lives in a git checkout (so
// annotations, code scanning, GitLab and an editor's or CI's problem matcher
// run from the repository all find the file) and each finding's help in the
// findings' language.
func writeFindings(w io.Writer, format string, res *pipeline.Result, valid bool) error {
	res = withHelp(repoRelative(res))
	switch format {
	case "gitlab":
		return diag.GitLab(w, res.Findings)
	case "json":
		return diag.JSON(w, res.Findings, valid)
	case "github":
		return diag.GitHub(w, res.Findings)
	case "sarif":
		return diag.SARIF(w, res.Findings, "smsgen", versionString(), func(code string) (string, string, diag.Severity) {
			return code, i18n.Help(res.Lang, code), i18n.Severity(code)
		})
	}
	return diag.Text(w, res.Findings)
}

// withHelp returns res with the help of each finding's code filled in.
func withHelp(res *pipeline.Result) *pipeline.Result {
	out := *res
	out.Findings = make([]diag.Finding, len(res.Findings))
	for i, f := range res.Findings {
		if f.Help == "" {
			f.Help = i18n.Help(res.Lang, f.Code)
		}
		out.Findings[i] = f
	}
	return &out
}
