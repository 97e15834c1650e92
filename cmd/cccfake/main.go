// Command cccfake serves a fake Alibaba Cloud endpoint for the APIs of API
// reference pages (see package acsfake), on a loopback address, until
// interrupted:
//
//	cccfake [-addr 127.0.0.1:0] <page.md|dir>...
//
// It prints the endpoint and the credentials it accepts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/acsrt/acsfake/fakepages"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx is done; exit status 0, 1 on an error, 2 on bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cccfake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cccfake [-addr 127.0.0.1:0] <page.md|dir>...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	apis, err := fakepages.APIs(fs.Args()...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	l, err := acsfake.ListenLoopback(*addr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	s, err := acsfake.NewOn(l, apis...)
	if err != nil {
		l.Close()
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer s.Close()
	c := s.Credentials()
	fmt.Fprintf(stdout, "endpoint: %s\nscheme: http\nregion: %s\naccess key id: %s\naccess key secret: %s\n",
		s.Endpoint(), acsfake.RegionID, c.AccessKeyID, c.AccessKeySecret)
	for _, a := range s.APIs() {
		fmt.Fprintln(stdout, "serving:", strings.Join(strings.Fields(strings.Join([]string{a.Style, a.Product, a.Version, a.Action, a.Method, a.Path}, " ")), " "))
	}
	<-ctx.Done()
	return 0
}
