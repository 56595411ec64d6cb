// Command synth writes a synthetic smsgen site for benchmarks and scale tests:
//
//	go run ./cmd/synth -docs 1000 -rows 100000 [-shape short|text|wide] -out DIR [-hugo DIR] [-hugo-rows DIR]
//
// The site validates clean with `smsgen validate --root DIR --today 2026-11-21`.
// -hugo and -hugo-rows also write its Hugo twins (make bench-hugo): the same
// Markdown with minimal templates, and that with a page per incident row.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/smsgen/smsgen/internal/synth"
)

func main() {
	docs := flag.Int("docs", 1000, "number of Markdown documents")
	rows := flag.Int("rows", 100000, "number of rows of registers/incidents.csv")
	seed := flag.Int64("seed", 1, "random seed (same seed, same bytes)")
	shape := flag.String("shape", synth.ShapeShort, "shape of registers/incidents.csv: "+strings.Join(synth.Shapes, ", ")+
		" (short cells; 16 columns with sentences in the free text; 63 columns through a site schema)")
	out := flag.String("out", "", "folder to write the site into (must not hold content/ or registers/)")
	hugo := flag.String("hugo", "", "also write the Hugo twin of the site here: the same Markdown, minimal templates (a new folder)")
	hugoRows := flag.String("hugo-rows", "", "also write the Hugo twin with a page per incident row here (a new folder)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: synth [-docs N] [-rows N] [-seed N] [-shape short|text|wide] -out DIR [-hugo DIR] [-hugo-rows DIR]\n\n"+
			"Writes a synthetic site that validates clean under --today %s.\n\n", synth.Today)
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := synth.Write(*out, synth.Options{Docs: *docs, Rows: *rows, Seed: *seed, Shape: *shape}); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	for _, h := range []struct {
		dir string
		o   synth.HugoOptions
	}{{*hugo, synth.HugoOptions{}}, {*hugoRows, synth.HugoOptions{Rows: true}}} {
		if h.dir == "" {
			continue
		}
		if err := synth.WriteHugo(*out, h.dir, h.o); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
