package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/gitinfo"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/scaffold"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, initCmd) }

func initCmd(stdout, stderr io.Writer) *cobra.Command {
	var o scaffold.Options
	var today string
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a new site that validates clean and builds",
		Long: `init writes a new site into DIR (default: the current folder): smsgen.yaml, a first policy
in content/, a first register (the service catalogue) in registers/, a GitHub Actions workflow
and a GitLab CI file that validate and build it, and a .gitignore for the output folder.
When DIR is a folder inside a git checkout, the CI files go to the top of the checkout (the
only place GitHub and GitLab read them) and name the site's folder with --root.

A folder that already holds a site (content/, registers/ or smsgen.yaml) is refused, and so is
one that holds any of the files init would write: init never overwrites. An existing .gitignore
is kept; the output folder is appended to it when it is not ignored yet.`,
		Example: `  smsgen init sms
  smsgen init --lang en --title "IT Service Management System" sms
  cd sms && smsgen validate --strict && smsgen build`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if dir == "" {
				return usageError{fmt.Errorf("the folder is empty: name one, or leave it out for the current folder")}
			}
			if o.Lang == "" {
				o.Lang = "id"
			}
			if o.Lang != "id" && o.Lang != "en" {
				return usageError{fmt.Errorf("--lang must be id or en")}
			}
			day, err := pipeline.Today(today)
			if err != nil {
				return usageError{err}
			}
			o.Today, o.Version = day, versionString()
			o.CIDir, o.SitePath = repoOf(dir)
			wrote, err := scaffold.Write(dir, o)
			for _, p := range wrote {
				fmt.Fprintf(stdout, "wrote %s\n", diag.Printable(p))
			}
			if err != nil {
				return usageError{err}
			}
			if o.CIDir != "" {
				fmt.Fprintf(stdout, "the CI files are at the top of the git checkout %s, for the site in %s/\n",
					diag.Printable(o.CIDir), diag.Printable(o.SitePath))
			}
			fmt.Fprintf(stdout, "next: smsgen validate --root %s, then smsgen build --root %s (or smsgen serve --root %s)\n",
				diag.Printable(dir), diag.Printable(dir), diag.Printable(dir))
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Lang, "lang", "id", "language of the new site: id or en")
	cmd.Flags().StringVar(&o.Title, "title", "", "title of the site (default: a generic one)")
	cmd.Flags().StringVar(&o.Organization, "organization", "", "name of the organization")
	cmd.Flags().StringVar(&o.Unit, "unit", "", "name of the IT unit")
	cmd.Flags().StringVar(&today, "today", "", "the date taken as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the clock)")
	return cmd
}

// repoOf returns the top of the git checkout that holds the folder dir (which
// may not exist yet) and dir's path in it, when dir is inside a checkout but
// not its top; else "", "".
func repoOf(dir string) (top, sitePath string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	probe := abs
	for {
		if st, err := os.Stat(probe); err == nil && st.IsDir() {
			break
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			return "", ""
		}
		probe = parent
	}
	r := gitinfo.Find(probe)
	if r == nil {
		return "", ""
	}
	rest, err := filepath.Rel(probe, abs)
	if err != nil {
		return "", ""
	}
	p := strings.TrimSuffix(r.Prefix, "/")
	if rest != "." {
		p = path.Join(p, filepath.ToSlash(rest))
	}
	if p == "" || p == "." {
		return "", ""
	}
	return r.Top, p
}

// requireSite refuses a site root that has neither content/ nor registers/:
// a mistyped --root would otherwise validate as an empty site and pass.
func requireSite(root string) error {
	if root == "" {
		root = "."
	}
	st, err := os.Stat(root)
	if err != nil || !st.IsDir() {
		return nil // pipeline.Run reports a missing root or a file in its place
	}
	for _, d := range []string{"content", "registers"} {
		if _, err := os.Stat(filepath.Join(root, d)); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	return usageError{fmt.Errorf("%s is not a site: it has neither content/ nor registers/ (check --root; smsgen init DIR writes a new site)",
		diag.Printable(root))}
}
