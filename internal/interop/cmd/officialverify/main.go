// Command officialverify serves interop.Verifier on a loopback address and
// prints its base URL (http://127.0.0.1:PORT) on the first line of standard
// output. Point acsfake at it with CCCGEN_OFFICIAL_VERIFIER=<that URL>: the
// fake then asks it about every request it accepts, and the official
// Alibaba Cloud signing functions (github.com/alibabacloud-go/openapi-util)
// decide. GET /__cccgen/counts answers the accepted and rejected requests by
// signature scheme as JSON. It stops on SIGINT/SIGTERM, when standard input
// closes (with -stdin), or after -max.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cccgen/cccgen/internal/interop"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	stdin := flag.Bool("stdin", false, "exit when standard input closes (for a parent process)")
	max := flag.Duration("max", 2*time.Hour, "exit after this long")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		fmt.Fprintf(os.Stderr, "officialverify: -addr %q: want a loopback host:port\n", *addr)
		os.Exit(2)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "officialverify:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: interop.NewVerifier(nil), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("http://%s\n", l.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *max)
	defer cancel()
	if *stdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			cancel()
		}()
	}
	go func() {
		<-ctx.Done()
		sctx, c := context.WithTimeout(context.Background(), 2*time.Second)
		defer c()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(l); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "officialverify:", err)
		os.Exit(1)
	}
}
