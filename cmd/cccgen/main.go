// Command cccgen generates typed Go request/response code and tests from
// Alibaba Cloud API reference pages. See the README.
package main

import (
	"os"
	"runtime/debug"

	"github.com/cccgen/cccgen/internal/cli"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A short-lived process that allocates much and keeps little: fewer
		// collections (about 12% less CPU on the whole corpus, for about
		// twice the peak memory). GOGC, when set, decides.
		debug.SetGCPercent(400)
	}
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
