package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/fieldref"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/schema"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, schemaCmd) }

func schemaCmd(stdout, stderr io.Writer) *cobra.Command {
	var root, lang, format string
	cmd := &cobra.Command{
		Use:   "schema [REGISTER]",
		Short: "Print the registers, or the fields of one register: keys, labels, types and rules",
		Long: `schema prints the registers the site knows (the built-in ones and those of its own
registers/NAME.schema.yaml files), or, given a register, its fields: the key and the
Indonesian and English labels (each accepted as a CSV column heading), the type, whether it is
required, the allowed values and the rules validate checks. Text is in the site language
(--lang to choose); --format json gives the same for tools. The HTML site has the same
reference as a page (fields.html, linked from the register index).`,
		Example: `  smsgen schema
  smsgen schema incidents
  smsgen schema changes --lang en --format json`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			set, err := schema.Builtin()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			var out []cobra.Completion
			for _, n := range set.RegisterNames() {
				if strings.HasPrefix(n, toComplete) {
					out = append(out, cobra.CompletionWithDesc(n, set.Registers[n].Label.EN))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format must be text or json")}
			}
			if !i18n.KnownLang(lang) {
				return usageError{fmt.Errorf("--lang must be id or en")}
			}
			site, res, err := loadSchemas(root, lang)
			if err != nil {
				return err
			}
			// a broken smsgen.yaml or site schema is said first: the reference
			// below is then without what could not be read
			var bad []diag.Finding
			for _, f := range res.Findings {
				if f.Code == "schema-invalid" || f.Code == "settings-invalid" {
					bad = append(bad, f)
				}
			}
			if err := diag.Text(stderr, bad); err != nil {
				return err
			}
			regs := fieldref.Describe(site.Schemas, res.Lang)
			if len(args) == 1 {
				for _, r := range regs {
					if r.Name == args[0] {
						if format == "json" {
							return writeJSON(stdout, r)
						}
						return schemaText(stdout, r, res.Lang)
					}
				}
				return usageError{fmt.Errorf("%s", i18n.Labelf(res.Lang, "schema_unknown_register", args[0], strings.Join(site.Schemas.RegisterNames(), ", ")))}
			}
			if format == "json" {
				return writeJSON(stdout, struct {
					Registers []fieldref.Register `json:"registers"`
				}{regs})
			}
			return schemaList(stdout, regs, site, res.Lang)
		},
	}
	cmd.Flags().StringVar(&root, "root", ".", "site root folder: its own register schemas and its language are used")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the text: id or en (default: the site's)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// loadSchemas reads the site's settings and schemas (the built-in ones when
// root holds no site).
func loadSchemas(root, lang string) (*model.Site, *pipeline.Result, error) {
	if st, err := os.Stat(root); err != nil {
		return nil, nil, usageError{fmt.Errorf("site root %s: %w", diag.Printable(root), err)}
	} else if !st.IsDir() {
		return nil, nil, usageError{fmt.Errorf("site root %s is not a folder", diag.Printable(root))}
	}
	today, err := pipeline.Today("")
	if err != nil {
		return nil, nil, usageError{err}
	}
	var c diag.Collector
	rep := &i18n.Reporter{C: &c, Lang: lang}
	site, err := load.Load(load.Options{Root: root, Today: today}, rep)
	if err != nil {
		return nil, nil, err
	}
	return site, &pipeline.Result{Site: site, Findings: c.Findings(), Lang: rep.Lang}, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func sourceName(src, lang string) string {
	if src == "builtin" || src == "" {
		return i18n.Label(lang, "schema_source_builtin")
	}
	return src
}

// schemaList prints the registers as a table.
func schemaList(w io.Writer, regs []fieldref.Register, site *model.Site, lang string) error {
	l := i18n.LabelsIn(lang)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", strings.ToUpper(l.T("register")), strings.ToUpper(l.T("schema_label_id")),
		strings.ToUpper(l.T("schema_label_en")), strings.ToUpper(l.T("clause")), strings.ToUpper(l.T("schema_fields")),
		strings.ToUpper(l.T("schema_in_site")), strings.ToUpper(l.T("source")))
	for _, r := range regs {
		in := l.T("no")
		if reg := site.Registers[r.Name]; reg != nil {
			in = l.F("count_records", len(reg.Records))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", cell(r.Name), cell(r.Label.ID), cell(r.Label.EN),
			cell(strings.Join(r.Clauses, ", ")), len(r.Fields), in, cell(sourceName(r.Source, lang)))
	}
	return tw.Flush()
}

// schemaText prints one register: a table of its fields, then the allowed
// values and rules of each field that has any.
func schemaText(w io.Writer, r fieldref.Register, lang string) error {
	l := i18n.LabelsIn(lang)
	label := r.Label.ID
	if lang == "en" {
		label = r.Label.EN
	}
	fmt.Fprintf(w, "%s — %s\n", cell(r.Name), cell(label))
	fmt.Fprintf(w, "%s: %s · %s: %s\n\n", l.T("clause"), cell(strings.Join(r.Clauses, ", ")), l.T("source"), cell(sourceName(r.Source, lang)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strings.ToUpper(l.T("schema_key")), strings.ToUpper(l.T("schema_label_id")),
		strings.ToUpper(l.T("schema_label_en")), strings.ToUpper(l.T("schema_type")), strings.ToUpper(l.T("schema_required")))
	for _, f := range r.Fields {
		req := ""
		switch {
		case f.Required:
			req = l.T("required")
		case f.RequiredWhen != "":
			req = l.F("required_when", f.RequiredWhen)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(f.Key), cell(f.Label.ID), cell(f.Label.EN), cell(f.TypeName), cell(req))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	first := true
	for _, f := range r.Fields {
		if len(f.Values) == 0 && len(f.Rules) == 0 && f.Help == "" {
			continue
		}
		if first {
			fmt.Fprintf(w, "\n%s:\n", l.T("schema_rules"))
			first = false
		}
		fmt.Fprintf(w, "  %s\n", cell(f.Key))
		if len(f.Values) > 0 {
			var vs []string
			for _, v := range f.Values {
				vs = append(vs, fmt.Sprintf("%s (%s / %s)", v.Value, v.Label.ID, v.Label.EN))
			}
			fmt.Fprintf(w, "    %s: %s\n", l.T("schema_values"), cell(strings.Join(vs, ", ")))
		}
		for _, s := range f.Rules {
			fmt.Fprintf(w, "    - %s\n", cell(s))
		}
		if f.Help != "" {
			fmt.Fprintf(w, "    %s\n", cell(f.Help))
		}
	}
	return nil
}

// cell makes a schema text safe for one terminal line and one table cell (a
// site schema may hold anything).
func cell(s string) string { return strings.Join(strings.Fields(diag.Printable(s)), " ") }
