package cli

import (
	"fmt"
	"io"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/gitinfo"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/review"
	"github.com/smsgen/smsgen/internal/validate"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, diffCmd) }

func diffCmd(stdout, stderr io.Writer) *cobra.Command {
	var root, today, lang, format string
	var mergeBase, strict bool
	var maxItems int
	cmd := &cobra.Command{
		Use:   "diff BASE [HEAD]",
		Short: "Show what changed in documents and registers between two git revisions, as Markdown for a pull request",
		Long: `diff reads the site at revision BASE and at HEAD (default: the working tree) from git, loads
and validates both, and writes a report a reviewer can read without opening the files:

  - documents added, removed, moved and changed: number, title, version before → after, status
    change, changed front matter fields and changed sections by heading;
  - register records added, removed and changed, with each changed field (old → new) in the
    site's language;
  - findings the change introduces and those it fixes.

Document control is enforced between the two revisions: a document (matched by doc_id, so a
moved file is a move) whose content changed without a higher version is an error
(version-not-bumped), a lower version is an error (version-decreased), a new version without
its revision_history entry is a warning, and a changed approved document keeping its old
approved_date is a warning. Changing only approval and review fields (status, reviewed_by,
approved_by, approver_authority, approved_date, effective_date, next_review) needs no new version,
and neither does any change to a draft (status draft, or a version below 1.0) that was not
approved at BASE.

By default BASE is replaced by the merge base of BASE and HEAD, as in a pull request
(git diff BASE...HEAD). The Markdown report starts with the line ` + "`" + review.Marker + "`" + ` so
that CI can update one comment per pull request.

Exit status: 0 the change introduces no errors, 1 it introduces errors (or warnings with
--strict), 2 usage error, not a git checkout, or an unknown revision.`,
		Example: `  smsgen diff origin/main                  # the working tree against main, as a pull request
  smsgen diff v1.0 v1.1 --format json
  smsgen diff HEAD~1 HEAD --root site --lang en`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "markdown" && format != "json" {
				return fmt.Errorf("--format must be markdown or json")
			}
			if !i18n.KnownLang(lang) {
				return fmt.Errorf("--lang must be id or en")
			}
			t, err := pipeline.Today(today)
			if err != nil {
				return err
			}
			opts := review.Options{Root: root, Base: args[0], Today: t, Lang: lang, MergeBase: mergeBase}
			if len(args) == 2 {
				opts.Head = args[1]
			}
			rep, _, err := review.Run(opts)
			if err != nil {
				return err
			}
			if format == "json" {
				err = rep.JSON(stdout)
			} else {
				err = rep.Markdown(diag.PrintableWriter(stdout), review.MarkdownOptions{MaxItems: maxItems})
			}
			if err != nil {
				return err
			}
			if rep.Errors() > 0 || (strict && rep.Warnings() > 0) {
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&root, "root", ".", "site root folder inside a git checkout")
	cmd.Flags().StringVar(&today, "today", "", "the date taken as today for both revisions, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the clock)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the report: id or en (default: the site's)")
	cmd.Flags().StringVar(&format, "format", "markdown", "output format: markdown or json")
	cmd.Flags().BoolVar(&mergeBase, "merge-base", true, "compare against the merge base of BASE and HEAD (as a pull request does); --merge-base=false compares against BASE itself")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 also when the change introduces warnings")
	cmd.Flags().IntVar(&maxItems, "max-items", 50, "list at most this many entries per list in the Markdown report")
	return cmd
}

// addVersionFindings adds the document-control findings against git revision
// base to res (validate --base).
func addVersionFindings(res *pipeline.Result, base string) error {
	extra, err := review.VersionFindings(res, base, review.Options{Today: res.Site.Today, Lang: res.Lang, MergeBase: true})
	if err != nil {
		return err
	}
	res.Findings = append(res.Findings, validate.ApplyRules(res.Site, extra)...)
	diag.Sort(res.Findings)
	return nil
}

// repoRelative returns res with finding paths relative to the git checkout's
// top folder (a site root below it gets its prefix), unchanged outside git.
func repoRelative(res *pipeline.Result) *pipeline.Result {
	prefix := gitinfo.Prefix(res.Site.Root)
	if prefix == "" {
		return res
	}
	out := *res
	out.Findings = make([]diag.Finding, len(res.Findings))
	for i, f := range res.Findings {
		if f.File != "" {
			f.File = prefix + f.File
		}
		out.Findings[i] = f
	}
	return &out
}
