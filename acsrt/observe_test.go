package acsrt

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestUserAgent(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.UserAgent()
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Fatal(err)
	}
	// The official SDKs' format: AlibabaCloud (os; arch) Golang/<go version> Core/<version>.
	re := regexp.MustCompile(`^AlibabaCloud \(` + runtime.GOOS + `; ` + runtime.GOARCH + `\) Golang/[0-9][^ ]* cccgen/[^ ]+ myapp/1$`)
	if !re.MatchString(got) || got != DefaultUserAgent()+" myapp/1" {
		t.Errorf("User-Agent %q, want %s", got, re)
	}
	if strings.Contains(got, "Golang/go") {
		t.Errorf("User-Agent %q: the Go version keeps its go prefix", got)
	}
}

// logRecords is a JSON slog handler's output, parsed.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func newLogger(b *logBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// One Debug record per attempt, one Warn per retry, and never a secret:
// not the AccessKey secret, the security token, the signatures sent or the
// Authorization header — also when an RPC GET signed with 1.0 (signature
// in the URL) fails with a transport error, whose *url.Error names the URL.
func TestLogger(t *testing.T) {
	const secret, token = "log-secret-XYZ", "sts-token-ABC"
	for _, sig := range []string{SignatureV1, SignatureV3} {
		var mu sync.Mutex
		var sent []string // signatures and Authorization headers as sent
		var hits int
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits++
			n := hits
			if s := r.URL.Query().Get("Signature"); s != "" {
				sent = append(sent, s, PercentEncode(s))
			}
			if a := r.Header.Get("Authorization"); a != "" {
				sent = append(sent, a, a[strings.LastIndex(a, "=")+1:])
			}
			mu.Unlock()
			switch n {
			case 1:
				// On a fresh connection: net/http does not resend the GET itself.
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
			case 2:
				w.WriteHeader(400)
				io.WriteString(w, `{"RequestId":"req-throttled","Code":"Throttling.User","Message":"slow down"}`)
			default:
				w.Header().Set("x-acs-request-id", "req-ok")
				io.WriteString(w, okJSON)
			}
		}))
		var logs logBuffer
		c, _ := newTestClient(t, srv, func(cfg *Config) {
			cfg.Credentials = &Credentials{AccessKeyID: "log-id", AccessKeySecret: secret, SecurityToken: token}
			cfg.SignatureVersion = sig
			cfg.Logger = newLogger(&logs)
		})
		r := getThing
		r.Method = "GET"
		r.IdempotencyKey = "ClientToken" // retried after the hang-up
		if err := c.CallRPC(context.Background(), r, nil); err != nil {
			t.Fatalf("%s: %v", sig, err)
		}
		srv.Close()
		out := logs.String()
		for _, s := range append([]string{secret, token, "Authorization", "Signature="}, sent...) {
			if strings.Contains(out, s) {
				t.Errorf("%s: the log holds %q:\n%s", sig, s, out)
			}
		}
		if len(sent) < 3 {
			t.Fatalf("%s: %d signatures seen", sig, len(sent))
		}
		recs := logs.records(t)
		var levels []string
		for _, m := range recs {
			levels = append(levels, m["level"].(string))
		}
		if got := strings.Join(levels, " "); got != "DEBUG WARN DEBUG WARN DEBUG" {
			t.Fatalf("%s: levels %s\n%s", sig, got, out)
		}
		for i, want := range []struct {
			attempt, status float64
			requestID       string
		}{{1, 0, ""}, {2, 400, "req-throttled"}, {3, 200, "req-ok"}} {
			m := recs[2*i]
			if m["api"] != "CCC GetThing" || m["host"] != srv.Listener.Addr().String() || m["attempt"] != want.attempt ||
				m["status"] != want.status || m["request_id"] != want.requestID || m["duration"] == nil {
				t.Errorf("%s: attempt record %v", sig, m)
			}
			if (m["error"] != nil) != (i < 2) {
				t.Errorf("%s: attempt record %v: error", sig, m)
			}
		}
		for i, m := range []map[string]any{recs[1], recs[3]} {
			if m["wait"] == nil || m["reason"] == nil || m["attempt"] != float64(i+1) {
				t.Errorf("%s: retry record %v", sig, m)
			}
		}
		if r := recs[1]["reason"].(string); !strings.Contains(r, "EOF") || strings.Contains(r, "http://") {
			t.Errorf("%s: reason %q", sig, r)
		}
		if r := recs[3]["reason"].(string); !strings.Contains(r, "Throttling.User") {
			t.Errorf("%s: reason %q", sig, r)
		}
	}
}

// Without a Logger no request ID is looked for in the body; with one, a
// success body's RequestId is found when the headers carry none.
func TestBodyRequestID(t *testing.T) {
	for body, want := range map[string]string{
		okJSON:                       "req-1",
		`{"Data":{"RequestId":"x"}}`: "",
		` { "A": [1,{"B":2}], "RequestId": "r-2" }`: "r-2",
		`<R><RequestId>x</RequestId></R>`:           "",
		``:                                          "",
		`{"RequestId":`:                             "",
	} {
		if got := bodyRequestID(body); got != want {
			t.Errorf("bodyRequestID(%q) = %q, want %q", body, got, want)
		}
	}
}
