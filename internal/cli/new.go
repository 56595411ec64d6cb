package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/smsgen/smsgen/internal/author"
	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCmd) }

func newCmd(stdout, stderr io.Writer) *cobra.Command {
	var cf commonFlags
	var title string
	cmd := &cobra.Command{
		Use:   "new KIND [ID]",
		Short: "Write a new document or register record from its template",
		Long: `new writes a new controlled document or register record and then validates the site, showing
exactly what is left to fill in.

KIND is a document type (policy, plan, procedure, sop, work_instruction, form, guideline, other),
a mandatory-document template (change-policy, infosec-policy, continuity-plan, incident-procedure,
problem-procedure, release-policy, availability-plan, sms-policy, service-management-plan) or a
register (incidents, changes, audits, nonconformities, …).

A document gets every required front-matter key (filled or marked WAJIB DIISI), the template's
required headings, today's date and a next review one year ahead. A record is written as a YAML
form in a folder register, or appended to a CSV/YAML register; without ID the next free id is used.`,
		Example: `  smsgen new incident-procedure PRO-INS-002 --title "Prosedur Insiden Layanan Cloud"
  smsgen new sop --title "SOP Pencadangan Data"
  smsgen new incidents            # next free id, e.g. INC-2026-0045
  smsgen new changes RFC-2026-011`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := cf.run()
			if err != nil {
				return err
			}
			id := ""
			if len(args) > 1 {
				id = args[1]
				if id == "" {
					return usageError{fmt.Errorf("the id is empty: give one, or leave it out for the next free id")}
				}
			}
			out, err := author.New(res.Site, args[0], id, author.Options{Title: title, Lang: res.Lang, Today: res.Site.Today})
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintf(stdout, "wrote %s (%s)\n", diag.Printable(out.File), diag.Printable(out.ID))
			after, err := cf.run()
			if err != nil {
				return err
			}
			if !written(after, out) {
				return fmt.Errorf("wrote %s, but the site does not read it back as %s %s; remove it",
					diag.Printable(out.File), out.Kind, diag.Printable(out.ID))
			}
			var left []diag.Finding
			for _, f := range after.Findings {
				if f.File == out.File || strings.HasPrefix(f.File, out.File+"/") || (out.Record != "" && f.Record == out.Record && f.Register == out.Kind) {
					left = append(left, f)
				}
			}
			if len(left) == 0 {
				fmt.Fprintln(stdout, "it validates; fill in the rest as needed")
				return nil
			}
			fmt.Fprintf(stdout, "left to fill (%d):\n", len(left))
			return writeFindings(stdout, "text", &pipeline.Result{Site: after.Site, Findings: left, Lang: after.Lang}, true)
		},
	}
	cf.add(cmd)
	cmd.Flags().StringVar(&title, "title", "", "title of a new document")
	return cmd
}

// written reports whether the site, read again, holds what new wrote: never
// "it validates" for a file that is not read.
func written(res *pipeline.Result, out *author.Result) bool {
	if out.Kind == "document" {
		d := res.Site.DocByPath[out.File]
		return d != nil && d.DocID == out.ID
	}
	reg := res.Site.Registers[out.Kind]
	if reg == nil {
		return false
	}
	for _, r := range reg.Records {
		if r.ID == out.Record {
			return true
		}
	}
	return false
}
