package acsfake

import (
	"fmt"
	"net"
	"strings"
)

// ListenLoopback listens on addr ("127.0.0.1:0" when empty), refusing any
// address that is not loopback (an empty host, 0.0.0.0, a LAN address or a
// name other than localhost), and checks the address it got.
func ListenLoopback(addr string) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("acsfake: address %q: %w", addr, err)
	}
	if !isLoopbackHost(host) {
		return nil, fmt.Errorf("acsfake: address %q is not a loopback address (use 127.0.0.1, ::1 or localhost)", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("acsfake: %w", err)
	}
	if ta, ok := l.Addr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
		l.Close()
		return nil, fmt.Errorf("acsfake: %q listens on %s, not a loopback address", addr, l.Addr())
	}
	return l, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
