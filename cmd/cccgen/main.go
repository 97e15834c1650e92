// Command cccgen generates typed Go request/response code and tests from
// Alibaba Cloud API reference pages. See the README.
package main

import (
	"os"

	"github.com/cccgen/cccgen/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
