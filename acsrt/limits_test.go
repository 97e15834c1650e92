package acsrt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

func TestMaxResponseBytes(t *testing.T) {
	const limit = 1 << 20
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		body := `{"RequestId":"r","Pad":"` + strings.Repeat("x", max(0, n-len(`{"RequestId":"r","Pad":""}`))) + `"}`
		switch r.URL.Query().Get("mode") {
		case "length":
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		case "stream": // no Content-Length: chunked, flushed as it goes
			for i := 0; i < len(body); i += 32 << 10 {
				if _, err := io.WriteString(w, body[i:min(len(body), i+32<<10)]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
			return
		}
		io.WriteString(w, body)
	}))
	defer srv.Close()
	c, s := newTestClient(t, srv, func(cfg *Config) { cfg.MaxResponseBytes = limit })
	call := func(mode string, n int) error {
		r := ROARequest{Product: "CCC", Version: "2017-07-05", Method: "GET", Path: "/big", Query: url.Values{"mode": {mode}, "n": {strconv.Itoa(n)}}}
		hits.Store(0)
		return c.CallROA(context.Background(), r, &apiResponse{})
	}
	for _, mode := range []string{"length", "stream"} {
		if err := call(mode, limit); err != nil {
			t.Errorf("%s: a body of exactly the limit: %v", mode, err)
		}
		err := call(mode, 16*limit)
		var tl *responseTooLargeError
		if !errors.As(err, &tl) || !strings.Contains(err.Error(), "MaxResponseBytes (1048576)") || !strings.Contains(err.Error(), "CCC GET /big") {
			t.Errorf("%s: %v: want the limit and the API named", mode, err)
		}
		if hits.Load() != 1 {
			t.Errorf("%s: %d attempts: a body too large is not retried", mode, hits.Load())
		}
	}
	if len(s.get()) != 0 {
		t.Errorf("waits %v", s.get())
	}

	// Error bodies: read up to MaxErrorBodyBytes and decoded from that.
	big := `{"Code":"InternalError","Message":"` + strings.Repeat("m", 1<<20) + `"}`
	small := `{"Code":"Forbidden","Message":"no","RequestId":"r-e"}`
	esrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		if r.URL.Query().Get("big") != "" {
			io.WriteString(w, big)
			return
		}
		io.WriteString(w, small)
	}))
	defer esrv.Close()
	c, _ = newTestClient(t, esrv, nil)
	var ae *APIError
	err := c.CallROA(context.Background(), ROARequest{Product: "CCC", Version: "v", Path: "/e", Query: url.Values{"big": {"1"}}}, nil)
	if !errors.As(err, &ae) || ae.StatusCode != 403 || len(ae.Body) != MaxErrorBodyBytes || ae.Body[0] != '{' {
		t.Errorf("big error body: %v (%d bytes kept)", err, len(ae.Body))
	}
	err = c.CallROA(context.Background(), ROARequest{Product: "CCC", Version: "v", Path: "/e"}, nil)
	if !errors.As(err, &ae) || ae.Code != "Forbidden" || ae.RequestID != "r-e" || string(ae.Body) != small {
		t.Errorf("small error body: %v", err)
	}

	if _, err := NewClient(Config{Credentials: testCreds, MaxResponseBytes: -1}); err == nil || !strings.Contains(err.Error(), "MaxResponseBytes") {
		t.Errorf("negative MaxResponseBytes: %v", err)
	}
	if c, _ := newTestClient(t, nil, nil); c.maxBody != DefaultMaxResponseBytes || DefaultMaxResponseBytes != 64<<20 {
		t.Errorf("default limit %d", c.maxBody)
	}
}
