package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/serve"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, serveCmd) }

func serveCmd(stdout, stderr io.Writer) *cobra.Command {
	var root, out, addr, today, lang, only string
	var debounce time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Build the HTML site, serve it on this computer and rebuild and reload pages on every save",
		Long: `serve builds the HTML site into the output folder (as smsgen build --only html does), serves
OUT/site over HTTP and watches content/, registers/, layouts/ and smsgen.yaml. After each save
(changes are batched for --debounce) it re-renders only what the change affects: a document's
page, the indexes, the pages that link to it and the search data; a register's pages, its
changed records and the pages that reference them. Open pages reload by themselves when their
own output changed. A change of smsgen.yaml, a schema or a layout renders everything.

A save that breaks validation keeps the last good pages: the findings are shown as a banner on
every open page and in the terminal, until the next good save.

Only the HTML site is kept current. pdf and xlsx, when named in --only, are rendered on start
and after every full rebuild, not on every save. The files in the output folder are exactly
those of smsgen build: the reload script is added to pages only as they are served.

--addr must name its host. A loopback address (127.0.0.1, ::1, localhost) serves this computer
only; any other named address works but prints a warning, since the preview has no password.`,
		Example: `  smsgen serve --today 2026-11-21
  smsgen serve --addr 127.0.0.1:8080 --out /tmp/preview
  smsgen serve --only html,xlsx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, warning, err := serve.CheckAddr(addr)
			if err != nil {
				return err
			}
			if warning != "" {
				fmt.Fprintln(stderr, "smsgen serve: warning:", warning)
			}
			day, err := pipeline.Today(today)
			if err != nil {
				return err
			}
			if !i18n.KnownLang(lang) {
				return fmt.Errorf("--lang must be id or en")
			}
			if err := checkOut(stderr, root, out, lang); err != nil {
				return err
			}
			also := map[string]output.Renderer{}
			for _, n := range strings.Split(only, ",") {
				n = strings.TrimSpace(n)
				if n == "" || n == "html" {
					continue
				}
				if renderers[n] == nil {
					return fmt.Errorf("--only: unknown output %q (known: %s)", n, strings.Join(renderedNames(), ", "))
				}
				also[n] = renderers[n]
			}
			if err := requireSite(root); err != nil {
				return err
			}
			s, err := serve.New(serve.Options{Root: root, Out: out, Addr: addr, Today: day, Lang: lang, Also: also,
				Version: versionString(), Debounce: debounce, Log: stderr})
			if err != nil {
				return outRefused(stderr, err, siteLanguage(root))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return s.Run(ctx)
		},
	}
	cmd.Flags().StringVar(&root, "root", ".", "site root folder (holding content/ and registers/)")
	cmd.Flags().StringVar(&out, "out", "output", "output folder; OUT/site is served")
	cmd.Flags().StringVar(&addr, "addr", serve.DefaultAddr, "address to listen on, HOST:PORT (port 0 picks a free one)")
	cmd.Flags().StringVar(&today, "today", "", "the date taken as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the clock at start)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of messages: id or en (default: the site's)")
	cmd.Flags().StringVar(&only, "only", "html", "outputs to render on start: html, plus pdf and/or xlsx (those are not kept current)")
	cmd.Flags().DurationVar(&debounce, "debounce", 20*time.Millisecond, "quiet time that batches the events of one save")
	return cmd
}
