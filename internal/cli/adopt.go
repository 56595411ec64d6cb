package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/smsgen/smsgen/internal/adopt"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, adoptCmd) }

func adoptCmd(stdout, stderr io.Writer) *cobra.Command {
	var cf commonFlags
	var mapping, preset, docType string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "adopt SRC…",
		Short: "Bring existing documents in: Markdown with any front matter, and Word .docx files",
		Long: `adopt turns existing documents into controlled documents of the site, under content/FOLDER/
(the folder of the document type), named after their title:

- Markdown (.md): a foreign front matter is read leniently (YAML between --- lines, also
  without the opening one as in strongdm/comply; TOML between +++; JSON), its keys mapped to
  smsgen's keys by a built-in preset (comply, notion: picked per file when not given) and/or a
  mapping file; keys with no mapping are kept under x_source: (never checked), or left out and
  listed once per key with 'unmapped: report'. Links to other adopted files become doc:ID links;
  images and files they link to are copied beside the document.
- Word (.docx): headings, paragraphs, bold and italic, numbered and bulleted lists (nested),
  tables, links and images (written to content/FOLDER/NAME/); the document's properties (title,
  author, dates) and a leading document-control table (Nomor, Versi, Tanggal, Disahkan oleh …)
  fill the front matter.

What cannot be known becomes a WAJIB DIISI placeholder in a draft; a document keeps status
approved or review only when what that status requires is known. The number comes from the source
when it is a valid, unused one, else the next free number of the document type. A report tells per
file what was mapped, guessed, left to fill, kept and left out; then the site is validated and the
findings of the new documents are shown.

Existing files are never overwritten: a source whose document exists already is not adopted.

A mapping file (YAML):

  preset: notion              # optional: comply, notion or docx
  unmapped: keep              # keep (under x_source) or report
  keys: {Name: title, Owners: owner, Created: "-"}      # "-" leaves a key out
  values:
    status: {Not started: draft, In progress: review, Done: approved}
  defaults: {classification: internal, owner: Kepala Bidang Layanan}

Exit status: 0 every source adopted and the new documents have no errors, 1 a source was not
adopted or a new document has errors (warnings too with --strict), 2 usage error or failure.`,
		Example: `  smsgen adopt ~/comply/policies
  smsgen adopt export/ --mapping notion-map.yaml --dry-run
  smsgen adopt "SOP Pencadangan Data.docx" --doc-type sop`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// a new site: the documents go to content/, made here when the root has none
			if st, err := os.Stat(cf.root); err == nil && st.IsDir() && !dryRun {
				if _, err := os.Stat(filepath.Join(cf.root, "content")); errors.Is(err, fs.ErrNotExist) {
					if err := os.Mkdir(filepath.Join(cf.root, "content"), 0o755); err != nil {
						return err
					}
				}
			}
			before, err := cf.run()
			if err != nil {
				return err
			}
			opt := adopt.Options{Sources: args, Preset: preset, DocType: docType, DryRun: dryRun}
			if mapping != "" {
				m, err := adopt.LoadMapping(mapping)
				if err != nil {
					return usageError{err}
				}
				opt.Mapping = m
			}
			res, err := adopt.Run(before.Site, before.Lang, opt)
			if err != nil {
				return usageError{err}
			}
			out := diag.PrintableWriter(stdout)
			adopt.WriteReport(out, res)
			failed := res.Failed() > 0
			if dryRun {
				if failed {
					return exitError{1}
				}
				return nil
			}
			var targets []string
			for _, f := range res.Files {
				if f.Err == "" {
					targets = append(targets, f.Target)
				}
			}
			if len(targets) == 0 {
				return exitError{1}
			}
			after, err := cf.run()
			if err != nil {
				return err
			}
			var mine []diag.Finding
			errs, warns := 0, 0
			for _, f := range after.Findings {
				for _, t := range targets {
					dir := strings.TrimSuffix(t, ".md") + "/"
					if f.File == t || strings.HasPrefix(f.File, dir) {
						mine = append(mine, f)
						if f.Severity == diag.Error {
							errs++
						} else if f.Severity == diag.Warning {
							warns++
						}
						break
					}
				}
			}
			for _, t := range targets {
				if d := after.Site.DocByPath[t]; d == nil {
					fmt.Fprintf(stderr, "%s was written, but the site does not read it as a document\n", diag.Printable(t))
					errs++
				}
			}
			if len(mine) > 0 {
				fmt.Fprintln(stdout, map[string]string{"id": "temuan pada dokumen baru:", "en": "findings in the new documents:"}[langOf(res.Lang)])
				if err := diag.Text(stdout, mine); err != nil {
					return err
				}
			}
			if failed || errs > 0 || (cf.strict && warns > 0) {
				return exitError{1}
			}
			return nil
		},
	}
	cf.add(cmd)
	cmd.Flags().StringVar(&mapping, "mapping", "", "mapping file (YAML): source keys and values to smsgen's")
	cmd.Flags().StringVar(&preset, "preset", "", "built-in mapping for every source: "+strings.Join(adopt.Presets, ", ")+" (default: picked per file)")
	cmd.Flags().StringVar(&docType, "doc-type", "", "document type of every adopted document (default: guessed from the title)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would be written; write nothing")
	return cmd
}

func langOf(l string) string {
	if l == "en" {
		return "en"
	}
	return "id"
}
