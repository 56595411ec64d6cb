// Command smsgen validates and renders an ISO/IEC 20000-1 service management system.
package main

import (
	"os"

	"github.com/smsgen/smsgen/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
