// Command synthsite writes a synthetic site for benchmarks:
// go run ./internal/render/pdf/testdata/synthsite DIR DOCS ROWS
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/smsgen/smsgen/internal/synth"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: synthsite DIR DOCS ROWS")
		os.Exit(2)
	}
	docs, _ := strconv.Atoi(os.Args[2])
	rows, _ := strconv.Atoi(os.Args[3])
	if err := synth.Write(os.Args[1], synth.Options{Docs: docs, Rows: rows, Seed: 1}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
