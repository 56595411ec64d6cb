package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/importer"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, importCmd) }

func importCmd(stdout, stderr io.Writer) *cobra.Command {
	var root, register, today, lang string
	var write bool
	cmd := &cobra.Command{
		Use:   "import FILE.xlsx",
		Short: "Read an edited workbook back: validate it, show what changes in the register, write it with --write",
		Long: `import reads a workbook made by 'smsgen build' (xlsx/NAME.xlsx or xlsx/registers.xlsx), or any
workbook whose sheet has the register's field keys or labels as its header row. Every sheet named
after a register (or the one named by --register) is read: its cells are converted back to the
register's canonical values (dates, Ya/Tidak, labels of choices), the rows are validated with the
same rules as 'smsgen validate', and the changes against the register are listed: records added,
fields changed (old → new) and records removed.

With --write, and only when the rows have no errors, the register file is rewritten in its own
format: a CSV keeps its delimiter, header, column order, byte-order mark and line endings, and the
bytes of every untouched record; a YAML list or folder keeps record order and the text of untouched
records. Columns missing from the workbook leave their fields as they are. A workbook built with
--max-classification never removes the records it could not show.

Exit status: 0 no errors, 1 the rows have errors (nothing written), 2 the file is not a workbook,
no sheet matches a register, or another failure.`,
		Example: `  smsgen import output/xlsx/incidents.xlsx
  smsgen import edited.xlsx --register incidents --write
  smsgen import output/xlsx/registers.xlsx --root site/`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := pipeline.Today(today)
			if err != nil {
				return err
			}
			if !i18n.KnownLang(lang) {
				return fmt.Errorf("--lang must be id or en")
			}
			res, err := importer.Run(importer.Options{Root: root, File: args[0], Register: register, Today: t, Lang: lang, Write: write})
			if err != nil {
				if errors.Is(err, importer.ErrInput) {
					return errors.New(err.Error()[len("import: "):])
				}
				return err
			}
			if len(res.Findings) > 0 {
				_ = diag.Text(stderr, res.Findings)
			}
			importer.WriteReport(diag.PrintableWriter(stdout), res) // values of the workbook: no raw escapes
			for _, p := range res.Written {
				fmt.Fprintln(stderr, i18n.Labelf(res.Lang, "import_written", diag.Printable(p)))
			}
			if res.Errors() > 0 {
				if write {
					fmt.Fprintln(stderr, i18n.Label(res.Lang, "import_nothing_written"))
				}
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&root, "root", ".", "site root folder (holding content/ and registers/)")
	cmd.Flags().StringVar(&register, "register", "", "register to import (default: every sheet named after a register)")
	cmd.Flags().BoolVar(&write, "write", false, "rewrite the register files (only when the rows have no errors)")
	cmd.Flags().StringVar(&today, "today", "", "the date taken as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the clock)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of messages: id or en (default: the site's)")
	return cmd
}
