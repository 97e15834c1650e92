package acsrt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewClientToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := NewClientToken()
		if !uuidV4.MatchString(tok) {
			t.Fatalf("%q is not a UUID v4", tok)
		}
		if seen[tok] {
			t.Fatalf("%q twice", tok)
		}
		seen[tok] = true
	}
}

// tokenServer throttles the first throttled requests, then answers okJSON;
// it records the ClientToken of every request (RPC: query or form; ROA:
// query or JSON body member).
type tokenServer struct {
	mu        sync.Mutex
	tokens    []string
	bodies    []string
	ctypes    []string
	throttled int
}

func (s *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	tok := r.URL.Query().Get("ClientToken")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		f, _ := url.ParseQuery(string(b))
		tok = f.Get("ClientToken")
	} else if len(b) > 0 && tok == "" {
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		tok, _ = m["ClientToken"].(string)
	}
	s.mu.Lock()
	s.tokens = append(s.tokens, tok)
	s.bodies = append(s.bodies, string(b))
	s.ctypes = append(s.ctypes, r.Header.Get("Content-Type"))
	n := len(s.tokens)
	s.mu.Unlock()
	if n <= s.throttled {
		w.WriteHeader(503)
		io.WriteString(w, `{"Code":"Throttling.User","Message":"m"}`)
		return
	}
	io.WriteString(w, okJSON)
}

func (s *tokenServer) take() (tokens, bodies, ctypes []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tokens, bodies, ctypes = s.tokens, s.bodies, s.ctypes
	s.tokens, s.bodies, s.ctypes = nil, nil, nil
	return
}

func TestClientTokenRPC(t *testing.T) {
	ts := &tokenServer{throttled: 2}
	srv := httptest.NewServer(ts)
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	for _, method := range []string{"POST", "GET"} {
		r := getThing
		r.Method, r.IdempotencyKey = method, "ClientToken"
		r.Query = url.Values{"InstanceId": {"i-1"}}
		if err := c.CallRPC(context.Background(), r, nil); err != nil {
			t.Fatal(err)
		}
		first, _, _ := ts.take()
		if len(first) != 3 || !uuidV4.MatchString(first[0]) || first[1] != first[0] || first[2] != first[0] {
			t.Errorf("%s: tokens of the 3 attempts %q: want one UUID v4", method, first)
		}
		if len(r.Query) != 1 {
			t.Errorf("%s: the caller's Query was changed: %v", method, r.Query)
		}
		ts.throttled = 0
		if err := c.CallRPC(context.Background(), r, nil); err != nil {
			t.Fatal(err)
		}
		second, _, _ := ts.take()
		if len(second) != 1 || !uuidV4.MatchString(second[0]) || second[0] == first[0] {
			t.Errorf("%s: second call's token %q, first %q: want a new one", method, second, first[0])
		}
		// The caller's own token is kept.
		r.Query.Set("ClientToken", "mine")
		if err := c.CallRPC(context.Background(), r, nil); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := ts.take(); len(got) != 1 || got[0] != "mine" {
			t.Errorf("%s: tokens %q, want the caller's", method, got)
		}
		ts.throttled = 2
	}
	// Without IdempotencyKey no token is made up.
	ts.throttled = 0
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := ts.take(); len(got) != 1 || got[0] != "" {
		t.Errorf("tokens %q, want none", got)
	}
}

func TestClientTokenROA(t *testing.T) {
	ts := &tokenServer{}
	srv := httptest.NewServer(ts)
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	base := ROARequest{Product: "CCC", Version: "2017-07-05", Method: "POST", Path: "/things", IdempotencyKey: "ClientToken"}
	for _, tc := range []struct {
		name        string
		inBody      bool
		body, ctype string
		wantBody    string // with T for the token
		wantCType   string
		wantToken   string // "" → a new UUID
	}{
		{name: "query", body: `{"A":1}`, ctype: "application/json", wantBody: `{"A":1}`, wantCType: "application/json"},
		{name: "body, none", inBody: true, wantBody: `{"ClientToken":"T"}`, wantCType: "application/json"},
		{name: "body, empty object", inBody: true, body: ` {} `, ctype: "application/json", wantBody: `{"ClientToken":"T"}`, wantCType: "application/json"},
		{name: "body, other members", inBody: true, body: `{"A":[1,2],"B":"x"}`, ctype: "application/json", wantBody: `{"ClientToken":"T","A":[1,2],"B":"x"}`, wantCType: "application/json"},
		{name: "body, the caller's", inBody: true, body: `{"ClientToken":"mine"}`, ctype: "application/json", wantBody: `{"ClientToken":"mine"}`, wantCType: "application/json", wantToken: "mine"},
	} {
		r := base
		r.IdempotencyKeyInBody = tc.inBody
		if tc.body != "" {
			r.Body, r.ContentType = []byte(tc.body), tc.ctype
		}
		ts.throttled = 1
		if err := c.CallROA(context.Background(), r, nil); err != nil {
			t.Fatal(err)
		}
		toks, bodies, ctypes := ts.take()
		if len(toks) != 2 || toks[0] != toks[1] || tc.wantToken == "" && !uuidV4.MatchString(toks[0]) || tc.wantToken != "" && toks[0] != tc.wantToken {
			t.Errorf("%s: tokens %q", tc.name, toks)
			continue
		}
		if want := strings.ReplaceAll(tc.wantBody, `"T"`, `"`+toks[0]+`"`); bodies[0] != want || bodies[1] != want || ctypes[0] != tc.wantCType {
			t.Errorf("%s: bodies %q (%q), want %q (%q)", tc.name, bodies, ctypes, want, tc.wantCType)
		}
		if string(r.Body) != tc.body {
			t.Errorf("%s: the caller's body changed: %q", tc.name, r.Body)
		}
	}
}

// countingDialer fails the first fail dials with a dial error, then dials.
type countingDialer struct {
	dials, fail atomic.Int32
}

func (d *countingDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.dials.Add(1) <= d.fail.Load() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("injected: connection refused")}
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// A non-idempotent call (RPC POST, no ClientToken) is retried after a dial
// error — the request never left — but not after a hang-up once the
// request was written.
func TestRetryNonIdempotent(t *testing.T) {
	var hits atomic.Int32
	var hangup atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.ReadAll(r.Body)
		if hangup.Load() {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	d := &countingDialer{}
	tr := &http.Transport{DialContext: d.dial}
	defer tr.CloseIdleConnections()
	c, s := newTestClient(t, srv, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: tr} })
	r := getThing
	r.Method = "POST"

	d.fail.Store(2)
	if err := c.CallRPC(context.Background(), r, nil); err != nil {
		t.Fatalf("dial errors: %v", err)
	}
	if d.dials.Load() != 3 || hits.Load() != 1 || len(s.get()) != 2 {
		t.Errorf("dial errors: %d dials, %d requests, waits %v: want 3, 1, 2 waits", d.dials.Load(), hits.Load(), s.get())
	}

	hangup.Store(true)
	hits.Store(0)
	s.ds = nil
	err := c.CallRPC(context.Background(), r, nil)
	if err == nil || hits.Load() != 1 || len(s.get()) != 0 {
		t.Errorf("hang-up: %v, %d requests, waits %v: want an error after 1", err, hits.Load(), s.get())
	}
}

// A TLS handshake cut off (the transport asked for a connection and never
// got one) is retried for a non-idempotent call.
func TestRetryTLSHandshake(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conn.Close() // before the handshake completes
		}
	}()
	tr := &http.Transport{TLSHandshakeTimeout: 5 * time.Second}
	defer tr.CloseIdleConnections()
	c, s := newTestClient(t, nil, func(cfg *Config) {
		cfg.Endpoint = "https://" + l.Addr().String()
		cfg.Scheme = ""
		cfg.HTTPClient = &http.Client{Transport: tr}
	})
	r := getThing
	r.Method = "POST"
	err = c.CallRPC(context.Background(), r, nil)
	if err == nil || len(s.get()) != 2 || accepted.Load() != 3 {
		t.Errorf("%v; waits %v, %d connections: want 3 attempts", err, s.get(), accepted.Load())
	}
}
