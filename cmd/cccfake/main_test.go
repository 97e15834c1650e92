package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "../../docs/ccc"}, &out, &errOut) }()
	re := regexp.MustCompile(`endpoint: (\S+)`)
	var endpoint string
	for deadline := time.Now().Add(10 * time.Second); endpoint == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "serving:") {
			endpoint = m[1]
		}
	}
	if endpoint == "" {
		cancel()
		t.Fatalf("no endpoint printed: %s %s", out.String(), errOut.String())
	}
	for _, want := range []string{"access key id: fake-id", "access key secret: fake-secret", "serving: RPC CCC 2017-07-05 GetInstanceSummaryReportSinceMidnight"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	resp, err := http.Get("http://" + endpoint + "/?Action=GetInstanceSummaryReportSinceMidnight&Version=2017-07-05")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound { // unsigned: no AccessKeyId
		t.Errorf("status %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}

func TestRefuse(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "usage"},
		{[]string{"-bogus"}, 2, "usage"},
		{[]string{"-addr", "0.0.0.0:0", "../../docs/ccc"}, 1, "not a loopback address"},
		{[]string{"-addr", ":0", "../../docs/ccc"}, 1, "not a loopback address"},
		{[]string{"no-such-dir"}, 1, "no-such-dir"},
	} {
		var out, errOut syncBuffer
		if code := run(context.Background(), tc.args, &out, &errOut); code != tc.code || !strings.Contains(errOut.String(), tc.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, errOut.String(), tc.code, tc.msg)
		}
	}
}
