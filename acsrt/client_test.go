package acsrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	testCreds = &Credentials{AccessKeyID: "testid", AccessKeySecret: "testsecret"}
	// 2024-03-05 06:07:08 in Shanghai is 2024-03-04 22:07:08 UTC.
	testNow = time.Date(2024, 3, 5, 6, 7, 8, 0, time.FixedZone("CST", 8*3600))
)

const (
	testTimestamp = "2024-03-04T22:07:08Z"
	testDate      = "Mon, 04 Mar 2024 22:07:08 GMT"
)

// sleepRecorder records the waits of the retry loop instead of sleeping.
type sleepRecorder struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

// newTestClient is a client for srv with fixed credentials, clock and nonces
// (nonce-1, nonce-2, …), no real sleeping and jitter that always picks the
// longest wait, signing with signature 1.0 (the V3 tests set V3). edit
// changes the configuration first.
func newTestClient(t *testing.T, srv *httptest.Server, edit func(*Config)) (*Client, *sleepRecorder) {
	t.Helper()
	var n atomic.Int64
	cfg := Config{
		Credentials: testCreds,
		RegionID:    "cn-shanghai",
		Scheme:      "http",
		UserAgent:   "myapp/1",
		Now:         func() time.Time { return testNow },
		Nonce:       func() string { return fmt.Sprintf("nonce-%d", n.Add(1)) },
		// Signature 1.0 unless a test sets V3.
		SignatureVersion: SignatureV1,
	}
	if srv != nil {
		cfg.Endpoint = srv.Listener.Addr().String()
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &sleepRecorder{}
	c.sleep = s.sleep
	c.randN = func(n int64) int64 { return n - 1 }
	return c, s
}

// rpcParams reads the parameters of an RPC request, from the query (GET) or
// the form body (POST), and checks its signature with secret.
func rpcParams(t *testing.T, r *http.Request, secret string) url.Values {
	t.Helper()
	raw := r.URL.RawQuery
	if r.Method == http.MethodPost {
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("POST Content-Type %q", ct)
		}
		if raw != "" {
			t.Errorf("POST with a query %q", raw)
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Error(err)
		}
		raw = string(b)
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Errorf("parameters %q: %v", raw, err)
	}
	sig := q.Get("Signature")
	if want := RPCSignature(r.Method, q, secret); sig != want {
		t.Errorf("Signature %q, recomputed %q", sig, want)
	}
	q.Del("Signature")
	return q
}

// apiResponse is a response shaped like the generated ones.
type apiResponse struct {
	RequestId      String `json:"RequestId" xml:"RequestId"`
	Code           String `json:"Code" xml:"Code"`
	HttpStatusCode Int32  `json:"HttpStatusCode" xml:"HttpStatusCode"`
	Success        Bool   `json:"Success" xml:"Success"`
	Data           struct {
		Total Int64    `json:"Total" xml:"Total"`
		Names []String `json:"Names" xml:"Names>Name"`
	} `json:"Data" xml:"Data"`
}

func wantResponse() apiResponse {
	var w apiResponse
	w.RequestId, w.Code, w.HttpStatusCode, w.Success = "req-1", "OK", 200, true
	w.Data.Total, w.Data.Names = 2, []String{"a", "b"}
	return w
}

const (
	okJSON = `{"RequestId":"req-1","Code":"OK","HttpStatusCode":"200","Success":true,"Data":{"Total":2,"Names":["a","b"]}}`
	okXML  = `<?xml version="1.0" encoding="UTF-8"?>
<GetThingResponse><RequestId>req-1</RequestId><Code>OK</Code><HttpStatusCode>200</HttpStatusCode><Success>true</Success><Data><Total>2</Total><Names><Name>a</Name><Name>b</Name></Names></Data></GetThingResponse>`
)

func TestRPCGet(t *testing.T) {
	var got url.Values
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Method != http.MethodGet || r.URL.Path != "/" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		if ua := r.UserAgent(); !strings.Contains(ua, "cccgen") || !strings.HasSuffix(ua, " myapp/1") {
			t.Errorf("User-Agent %q", ua)
		}
		if a := r.Header.Get("Accept"); a != "application/json" {
			t.Errorf("Accept %q", a)
		}
		got = rpcParams(t, r, "testsecret")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	c, s := newTestClient(t, srv, nil)
	var out apiResponse
	err := c.CallRPC(context.Background(), RPCRequest{
		Product: "CCC", Version: "2017-07-05", Action: "GetThing", RegionIdParam: true,
		Query: url.Values{"InstanceId": {"inst-1"}, "Name": {"a b*c/中~+"}, "Signature": {"dropped"}},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"Action":           {"GetThing"},
		"Version":          {"2017-07-05"},
		"Format":           {"JSON"},
		"AccessKeyId":      {"testid"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureVersion": {"1.0"},
		"SignatureNonce":   {"nonce-1"},
		"Timestamp":        {testTimestamp},
		"RegionId":         {"cn-shanghai"},
		"InstanceId":       {"inst-1"},
		"Name":             {"a b*c/中~+"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parameters (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantResponse(), out); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if hits.Load() != 1 || len(s.get()) != 0 {
		t.Errorf("%d hits, waits %v", hits.Load(), s.get())
	}
}

func TestRPCPost(t *testing.T) {
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			t.Errorf("method %s", r.Method)
		}
		got = rpcParams(t, r, "sts-secret")
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Credentials = &Credentials{AccessKeyID: "STS.id", AccessKeySecret: "sts-secret", SecurityToken: "tok/en+=="}
	})
	var out apiResponse
	err := c.CallRPC(context.Background(), RPCRequest{
		Product: "CCC", Version: "2017-07-05", Action: "SetThing", Method: "post",
		Query: url.Values{"RegionId": {"cn-beijing"}, "Tags.1.Key": {"k"}, "Body": {`{"a":[1,2]}`}},
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"Action":           {"SetThing"},
		"Version":          {"2017-07-05"},
		"Format":           {"JSON"},
		"AccessKeyId":      {"STS.id"},
		"SignatureMethod":  {"HMAC-SHA1"},
		"SignatureVersion": {"1.0"},
		"SignatureNonce":   {"nonce-1"},
		"Timestamp":        {testTimestamp},
		"RegionId":         {"cn-beijing"}, // the request's, not the client's
		"SecurityToken":    {"tok/en+=="},
		"Tags.1.Key":       {"k"},
		"Body":             {`{"a":[1,2]}`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parameters (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantResponse(), out); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
}

func TestRPCXML(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := rpcParams(t, r, "testsecret")
		if q.Get("Format") != "XML" {
			t.Errorf("Format %q", q.Get("Format"))
		}
		if a := r.Header.Get("Accept"); a != "application/xml" {
			t.Errorf("Accept %q", a)
		}
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, okXML)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Format = "xml" })
	var out apiResponse
	if err := c.CallRPC(context.Background(), RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "GetThing"}, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantResponse(), out); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
}

// cannedServer answers every request with the next of its responses (the last one
// repeating) and counts the requests.
type cannedServer struct {
	hits      atomic.Int32
	responses []canned
}

type canned struct {
	status int
	body   string
	hijack bool // close the connection without answering
}

func (f *cannedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.hits.Add(1))
	resp := f.responses[min(n, len(f.responses))-1]
	if resp.hijack {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		conn.Close()
		return
	}
	w.WriteHeader(resp.status)
	io.WriteString(w, resp.body)
}

func serveCanned(t *testing.T, rs ...canned) (*cannedServer, *httptest.Server) {
	f := &cannedServer{responses: rs}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

var getThing = RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "GetThing", RegionIdParam: true}

func TestAPIErrorJSON(t *testing.T) {
	body := `{"RequestId":"req-9","HostId":"ccc.cn-shanghai.aliyuncs.com","Code":"InvalidParameter","Message":"The InstanceId is invalid.","Recommend":"https://example.com"}`
	f, srv := serveCanned(t, canned{status: 400, body: body})
	c, s := newTestClient(t, srv, nil)
	err := c.CallRPC(context.Background(), getThing, &apiResponse{})
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("%v: not an APIError", err)
	}
	want := &APIError{StatusCode: 400, Code: "InvalidParameter", Message: "The InstanceId is invalid.", RequestID: "req-9", HostID: "ccc.cn-shanghai.aliyuncs.com", Body: []byte(body)}
	if d := cmp.Diff(want, ae); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if ae.IsThrottling() {
		t.Error("IsThrottling")
	}
	for _, s := range []string{"CCC GetThing", "HTTP 400", "InvalidParameter", "The InstanceId is invalid.", "req-9"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q lacks %q", err, s)
		}
	}
	// A 4xx that is not throttling is not retried.
	if f.hits.Load() != 1 || len(s.get()) != 0 {
		t.Errorf("%d hits, waits %v", f.hits.Load(), s.get())
	}
}

func TestAPIErrorXML(t *testing.T) {
	for _, body := range []string{
		`<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>req-9</RequestId><HostId>ccc.aliyuncs.com</HostId><Code>Forbidden.RAM</Code><Message>not allowed</Message></Error>`,
		`<GetThingResponse><RequestId>req-9</RequestId><HostId>ccc.aliyuncs.com</HostId><Code>Forbidden.RAM</Code><Message>not allowed</Message></GetThingResponse>`,
	} {
		f, srv := serveCanned(t, canned{status: 403, body: body})
		c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Format = "XML" })
		err := c.CallRPC(context.Background(), getThing, &apiResponse{})
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%v: not an APIError", err)
		}
		want := &APIError{StatusCode: 403, Code: "Forbidden.RAM", Message: "not allowed", RequestID: "req-9", HostID: "ccc.aliyuncs.com", Body: []byte(body)}
		if d := cmp.Diff(want, ae); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
		if f.hits.Load() != 1 {
			t.Errorf("%d hits", f.hits.Load())
		}
	}
}

func TestAPIErrorOther(t *testing.T) {
	// A JSON error body although XML was asked for, and a body that is no error object.
	_, srv := serveCanned(t, canned{status: 404, body: `{"Code":"NotFound","Message":"no"}`})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Format = "XML" })
	var ae *APIError
	if err := c.CallRPC(context.Background(), getThing, nil); !errors.As(err, &ae) || ae.Code != "NotFound" || ae.Message != "no" {
		t.Errorf("%v", err)
	}
	_, srv = serveCanned(t, canned{status: 404, body: `<html>gone</html>`}, canned{status: 200, body: okJSON})
	c, _ = newTestClient(t, srv, nil)
	err := c.CallRPC(context.Background(), getThing, nil)
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Code != "" || string(ae.Body) != "<html>gone</html>" {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(err.Error(), "HTTP 404 Not Found") || !strings.Contains(err.Error(), "gone") {
		t.Errorf("%v", err)
	}
}

func TestAPIErrorInSuccessBody(t *testing.T) {
	body := `{"RequestId":"r","HostId":"h","Code":"InternalError","Message":"boom"}`
	_, srv := serveCanned(t, canned{status: 200, body: body})
	c, _ := newTestClient(t, srv, nil)
	var ae *APIError
	if err := c.CallRPC(context.Background(), getThing, &apiResponse{}); !errors.As(err, &ae) || ae.StatusCode != 200 || ae.Code != "InternalError" || ae.HostID != "h" {
		t.Errorf("%v", err)
	}
	xmlBody := `<Error><RequestId>r</RequestId><HostId>h</HostId><Code>InternalError</Code><Message>boom</Message></Error>`
	_, srv = serveCanned(t, canned{status: 200, body: xmlBody})
	c, _ = newTestClient(t, srv, func(cfg *Config) { cfg.Format = "XML" })
	if err := c.CallRPC(context.Background(), getThing, &apiResponse{}); !errors.As(err, &ae) || ae.Code != "InternalError" {
		t.Errorf("%v", err)
	}
	// Success responses with Code and Message (as CCC's) are not errors.
	for _, ok := range []string{
		`{"RequestId":"r","Code":"OK","Message":"","HttpStatusCode":200}`,
		`{"RequestId":"r","HostId":"h","Code":"OK","Message":"","Data":{}}`,
		`{"RequestId":"r","Code":"X","Message":"y"}`,
	} {
		_, srv = serveCanned(t, canned{status: 200, body: ok})
		c, _ = newTestClient(t, srv, nil)
		if err := c.CallRPC(context.Background(), getThing, &apiResponse{}); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

func TestDecodeError(t *testing.T) {
	f, srv := serveCanned(t, canned{status: 200, body: `{"Data":`})
	c, s := newTestClient(t, srv, nil)
	err := c.CallRPC(context.Background(), getThing, &apiResponse{})
	var ae *APIError
	if err == nil || errors.As(err, &ae) || !strings.Contains(err.Error(), "decoding the JSON response") {
		t.Errorf("%v", err)
	}
	if f.hits.Load() != 1 || len(s.get()) != 0 {
		t.Errorf("%d hits, waits %v", f.hits.Load(), s.get())
	}
	// out nil: nothing decoded, no error.
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Error(err)
	}
}

func TestRetryThrottling(t *testing.T) {
	var nonces, stamps []string
	var mu sync.Mutex
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := rpcParams(t, r, "testsecret") // every attempt is signed
		mu.Lock()
		nonces = append(nonces, q.Get("SignatureNonce"))
		stamps = append(stamps, q.Get("Timestamp"))
		mu.Unlock()
		switch hits.Add(1) {
		case 1:
			w.WriteHeader(400)
			io.WriteString(w, `{"RequestId":"r1","HostId":"h","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`)
		case 2:
			w.WriteHeader(429)
			io.WriteString(w, "slow down")
		default:
			io.WriteString(w, okJSON)
		}
	}))
	defer srv.Close()
	var clock atomic.Int64
	c, s := newTestClient(t, srv, func(cfg *Config) {
		cfg.Now = func() time.Time { return testNow.Add(time.Duration(clock.Add(1)) * time.Second) }
	})
	var out apiResponse
	if err := c.CallRPC(context.Background(), getThing, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantResponse(), out); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if hits.Load() != 3 {
		t.Errorf("%d hits, want 3", hits.Load())
	}
	// Full jitter with randN picking the top: BaseDelay, then twice that.
	if d := cmp.Diff([]time.Duration{200 * time.Millisecond, 400 * time.Millisecond}, s.get()); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"nonce-1", "nonce-2", "nonce-3"}, nonces); d != "" {
		t.Errorf("nonces (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"2024-03-04T22:07:09Z", "2024-03-04T22:07:10Z", "2024-03-04T22:07:11Z"}, stamps); d != "" {
		t.Errorf("timestamps (-want +got):\n%s", d)
	}
}

func TestRetry5xx(t *testing.T) {
	f, srv := serveCanned(t, canned{status: 500, body: `{"Code":"InternalError","Message":"x","HostId":"h","RequestId":"r"}`},
		canned{status: 503, body: `<Error><Code>ServiceUnavailable</Code></Error>`},
		canned{status: 200, body: okJSON})
	c, s := newTestClient(t, srv, nil)
	var out apiResponse
	if err := c.CallRPC(context.Background(), getThing, &out); err != nil {
		t.Fatal(err)
	}
	if f.hits.Load() != 3 || len(s.get()) != 2 {
		t.Errorf("%d hits, waits %v", f.hits.Load(), s.get())
	}

	// Always failing: MaxAttempts attempts, the last error returned.
	f, srv = serveCanned(t, canned{status: 502, body: `bad gateway`})
	c, s = newTestClient(t, srv, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 3 * time.Second}
	})
	err := c.CallRPC(context.Background(), getThing, &out)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 502 {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(err.Error(), "attempt 4 of 4") {
		t.Errorf("%v", err)
	}
	if f.hits.Load() != 4 {
		t.Errorf("%d hits, want 4", f.hits.Load())
	}
	if d := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 3 * time.Second}, s.get()); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
}

func TestRetryDisabled(t *testing.T) {
	for _, rs := range [][]canned{
		{{status: 503}, {status: 200, body: okJSON}},
		{{status: 400, body: `{"Code":"Throttling","Message":"m","HostId":"h","RequestId":"r"}`}, {status: 200, body: okJSON}},
		{{hijack: true}, {status: 200, body: okJSON}},
	} {
		f, srv := serveCanned(t, rs...)
		c, s := newTestClient(t, srv, func(cfg *Config) { cfg.Retry.Disabled = true })
		if err := c.CallRPC(context.Background(), getThing, nil); err == nil {
			t.Error("no error")
		}
		if f.hits.Load() != 1 || len(s.get()) != 0 {
			t.Errorf("%d hits, waits %v", f.hits.Load(), s.get())
		}
	}
}

func TestRetryContextCancelled(t *testing.T) {
	f, srv := serveCanned(t, canned{status: 503, body: `{"Code":"ServiceUnavailable","Message":"m"}`})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Retry.MaxAttempts = 10 })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waits := 0
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waits++
		cancel() // cancelled during the wait
		return sleepCtx(ctx, d)
	}
	err := c.CallRPC(ctx, getThing, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("%v: not context.Canceled", err)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 503 {
		t.Errorf("%v: the last attempt's error is not kept", err)
	}
	if f.hits.Load() != 1 || waits != 1 {
		t.Errorf("%d hits, %d waits", f.hits.Load(), waits)
	}

	// The real wait ends with the context's deadline, long before BaseDelay.
	f, srv = serveCanned(t, canned{status: 503})
	c, _ = newTestClient(t, srv, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}
	})
	c.sleep = sleepCtx
	ctx, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	start := time.Now()
	err = c.CallRPC(ctx, getThing, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v: not context.DeadlineExceeded", err)
	}
	if el := time.Since(start); el > 10*time.Second || f.hits.Load() != 1 {
		t.Errorf("took %v, %d hits", el, f.hits.Load())
	}

	// A context cancelled before the call: one failed attempt, no retry.
	f, srv = serveCanned(t, canned{status: 200, body: okJSON})
	c, s := newTestClient(t, srv, nil)
	ctx, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if err := c.CallRPC(ctx, getThing, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("%v", err)
	}
	if f.hits.Load() != 0 || len(s.get()) != 0 {
		t.Errorf("%d hits, waits %v", f.hits.Load(), s.get())
	}
}

// A connection closed before the response: retried only for calls a
// retry cannot repeat (ClientToken, ROA GET); others fail after one attempt.
func TestRetryConnectionClosed(t *testing.T) {
	roa := ROARequest{Product: "CCC", Version: "2017-07-05", Path: "/things"}
	for _, tc := range []struct {
		name      string
		rpc       *RPCRequest
		roa       *ROARequest
		wantHits  int32
		wantError bool
	}{
		{name: "RPC GET", rpc: &RPCRequest{Method: "GET"}, wantHits: 1, wantError: true},
		{name: "RPC POST", rpc: &RPCRequest{Method: "POST"}, wantHits: 1, wantError: true},
		{name: "RPC POST ClientToken", rpc: &RPCRequest{Method: "POST", IdempotencyKey: "ClientToken"}, wantHits: 2},
		{name: "ROA GET", roa: &ROARequest{Method: "GET"}, wantHits: 2},
		{name: "ROA HEAD", roa: &ROARequest{Method: "HEAD"}, wantHits: 2},
		{name: "ROA POST", roa: &ROARequest{Method: "POST"}, wantHits: 1, wantError: true},
		{name: "ROA POST ClientToken", roa: &ROARequest{Method: "POST", IdempotencyKey: "ClientToken"}, wantHits: 2},
	} {
		f, srv := serveCanned(t, canned{hijack: true}, canned{status: 200, body: okJSON})
		c, s := newTestClient(t, srv, nil)
		var err error
		var out apiResponse
		if tc.rpc != nil {
			r := getThing
			r.Method, r.IdempotencyKey = tc.rpc.Method, tc.rpc.IdempotencyKey
			err = c.CallRPC(context.Background(), r, &out)
		} else {
			r := roa
			r.Method, r.IdempotencyKey = tc.roa.Method, tc.roa.IdempotencyKey
			err = c.CallROA(context.Background(), r, &out)
		}
		if (err != nil) != tc.wantError {
			t.Errorf("%s: error %v, want error: %v", tc.name, err, tc.wantError)
		}
		if err == nil && (tc.roa == nil || tc.roa.Method != "HEAD") { // a HEAD answer has no body
			if d := cmp.Diff(wantResponse(), out); d != "" {
				t.Errorf("%s: response (-want +got):\n%s", tc.name, d)
			}
		}
		if got := f.hits.Load(); got != tc.wantHits || len(s.get()) != int(tc.wantHits-1) {
			t.Errorf("%s: %d hits (want %d), waits %v", tc.name, got, tc.wantHits, s.get())
		}
	}
}

// A response cut short while read: the service answered, so only an
// idempotent call is retried.
func TestRetryConnectionTruncated(t *testing.T) {
	for _, key := range []string{"", "ClientToken"} {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				// More body announced than sent: io.ErrUnexpectedEOF while reading.
				w.Header().Set("Content-Length", "1000")
				io.WriteString(w, `{"RequestId":`)
				return
			}
			io.WriteString(w, okJSON)
		}))
		c, s := newTestClient(t, srv, nil)
		r := getThing
		r.IdempotencyKey = key
		err := c.CallRPC(context.Background(), r, &apiResponse{})
		srv.Close()
		if key == "" {
			if !errors.Is(err, io.ErrUnexpectedEOF) || hits.Load() != 1 || len(s.get()) != 0 {
				t.Errorf("no token: %v, %d hits, waits %v", err, hits.Load(), s.get())
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if hits.Load() != 2 || len(s.get()) != 1 {
			t.Errorf("%d hits, waits %v", hits.Load(), s.get())
		}
	}
}

func TestRetryConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, s := newTestClient(t, nil, func(cfg *Config) {
		cfg.Endpoint = addr
		cfg.Retry.MaxAttempts = 2
	})
	err = c.CallRPC(context.Background(), getThing, nil)
	var op *net.OpError
	if !errors.As(err, &op) {
		t.Fatalf("%v: no *net.OpError", err)
	}
	if len(s.get()) != 1 {
		t.Errorf("waits %v, want one", s.get())
	}
}

func TestROA(t *testing.T) {
	body := []byte(`{"force":true,"name":"中"}`)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/openapi/instances/es-1/actions/restart" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		got, _ := io.ReadAll(r.Body)
		if string(got) != string(body) {
			t.Errorf("body %q", got)
		}
		if md5 := r.Header.Get("Content-MD5"); md5 != ContentMD5(got) {
			t.Errorf("Content-MD5 %q", md5)
		}
		want := map[string]string{
			"Accept":                  "application/json",
			"Content-Type":            "application/json",
			"Date":                    testDate,
			"X-Acs-Signature-Method":  "HMAC-SHA1",
			"X-Acs-Signature-Version": "1.0",
			"X-Acs-Signature-Nonce":   "nonce-1",
			"X-Acs-Version":           "2017-06-13",
			"X-Acs-Region-Id":         "cn-hangzhou",
			"X-Acs-Security-Token":    "tok",
			"X-Acs-Foo":               "bar",
			"X-Custom":                "yes",
		}
		for k, v := range want {
			if g := r.Header.Get(k); g != v {
				t.Errorf("%s: %q, want %q", k, g, v)
			}
		}
		if d := cmp.Diff(url.Values{"b": {"x y"}, "a": {""}, "c": {"1", "2"}}, r.URL.Query()); d != "" {
			t.Errorf("query (-want +got):\n%s", d)
		}
		// Recompute the signature from what arrived.
		h := map[string]string{}
		for k := range r.Header {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "x-acs-") || lk == "accept" || lk == "content-md5" || lk == "content-type" || lk == "date" {
				h[k] = r.Header.Get(k)
			}
		}
		resource := ROAResource(r.URL.Path, r.URL.Query())
		if resource != "/openapi/instances/es-1/actions/restart?a&b=x y&c=1&c=2" {
			t.Errorf("resource %q", resource)
		}
		sts := ROAStringToSign(r.Method, h, resource)
		if a, want := r.Header.Get("Authorization"), ROAAuthorization("testid", "roa-secret", sts); a != want {
			t.Errorf("Authorization %q, recomputed %q over %q", a, want, sts)
		}
		if ua := r.UserAgent(); !strings.HasPrefix(ua, "AlibabaCloud (") || !strings.Contains(ua, " cccgen/") {
			t.Errorf("User-Agent %q", ua)
		}
		io.WriteString(w, `{"RequestId":"r-1","Result":true}`)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.RegionID = "cn-hangzhou"
		cfg.Credentials = &Credentials{AccessKeyID: "testid", AccessKeySecret: "roa-secret", SecurityToken: "tok"}
	})
	var out struct {
		RequestId String
		Result    Bool
	}
	err := c.CallROA(context.Background(), ROARequest{
		Product: "Elasticsearch", Version: "2017-06-13", Method: "POST",
		Path:        "/openapi/instances/es-1/actions/restart",
		Query:       url.Values{"b": {"x y"}, "a": {""}, "c": {"1", "2"}},
		Headers:     map[string]string{"x-acs-foo": "bar", "X-Custom": "yes", "x-acs-signature-method": "overridden", "Authorization": "x"},
		Body:        body,
		ContentType: "application/json",
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.RequestId != "r-1" || !out.Result || hits.Load() != 1 {
		t.Errorf("%+v, %d hits", out, hits.Load())
	}
}

func TestROAErrorAndRetry(t *testing.T) {
	f, srv := serveCanned(t,
		canned{status: 429, body: `{"RequestId":"r","Code":"Throttling","Message":"m"}`},
		canned{status: 404, body: `{"RequestId":"r","HostId":"h","Code":"InstanceNotFound","Message":"no such instance"}`})
	c, s := newTestClient(t, srv, nil)
	err := c.CallROA(context.Background(), ROARequest{Product: "Elasticsearch", Version: "2017-06-13", Method: "DELETE", Path: "/openapi/instances/es-1"}, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Code != "InstanceNotFound" || ae.Message != "no such instance" || ae.RequestID != "r" || ae.HostID != "h" {
		t.Fatalf("%v", err)
	}
	if f.hits.Load() != 2 || len(s.get()) != 1 {
		t.Errorf("%d hits, waits %v", f.hits.Load(), s.get())
	}
}

func TestROAGetXML(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-MD5") != "" || r.Header.Get("Content-Type") != "" || r.ContentLength > 0 {
			t.Errorf("a GET without a body has Content-MD5 %q, Content-Type %q, length %d", r.Header.Get("Content-MD5"), r.Header.Get("Content-Type"), r.ContentLength)
		}
		if r.Header.Get("Accept") != "application/xml" {
			t.Errorf("Accept %q", r.Header.Get("Accept"))
		}
		h := map[string]string{}
		for k := range r.Header {
			h[k] = r.Header.Get(k)
		}
		sts := ROAStringToSign(r.Method, h, ROAResource(r.URL.Path, r.URL.Query()))
		if !strings.HasPrefix(sts, "GET\napplication/xml\n\n\n"+testDate+"\nx-acs-region-id:cn-shanghai\n") {
			t.Errorf("string to sign %q", sts)
		}
		if a, want := r.Header.Get("Authorization"), ROAAuthorization("testid", "testsecret", sts); a != want {
			t.Errorf("Authorization %q, recomputed %q", a, want)
		}
		io.WriteString(w, okXML)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Format = "XML" })
	var out apiResponse
	if err := c.CallROA(context.Background(), ROARequest{Product: "X", Version: "v", Path: "/things/1"}, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantResponse(), out); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
}

// recordingTransport records the URL of each request and answers okJSON.
type recordingTransport struct{ urls []string }

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.urls = append(rt.urls, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(okJSON)), Header: http.Header{}, Request: r}, nil
}

func TestEndpoint(t *testing.T) {
	rt := &recordingTransport{}
	hc := &http.Client{Transport: rt}
	c, _ := newTestClient(t, nil, func(cfg *Config) { cfg.Scheme = ""; cfg.HTTPClient = hc })
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.CallROA(context.Background(), ROARequest{Product: "Elasticsearch", Version: "v", Path: "/a/b"}, nil); err != nil {
		t.Fatal(err)
	}
	c, _ = newTestClient(t, nil, func(cfg *Config) { cfg.Endpoint = "ccc.vpc-proxy.example:8443"; cfg.HTTPClient = hc })
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Fatal(err)
	}
	c, _ = newTestClient(t, nil, func(cfg *Config) { cfg.Scheme = ""; cfg.Endpoint = "http://127.0.0.1:9/"; cfg.HTTPClient = hc })
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://ccc.cn-shanghai.aliyuncs.com/",
		"https://elasticsearch.cn-shanghai.aliyuncs.com/a/b",
		"http://ccc.vpc-proxy.example:8443/",
		"http://127.0.0.1:9/",
	}
	if d := cmp.Diff(want, rt.urls); d != "" {
		t.Errorf("URLs (-want +got):\n%s", d)
	}

	// No region and no endpoint: an error, no request.
	c, _ = newTestClient(t, nil, func(cfg *Config) { cfg.RegionID = ""; cfg.HTTPClient = hc })
	if err := c.CallRPC(context.Background(), getThing, nil); err == nil || !strings.Contains(err.Error(), "RegionID") {
		t.Errorf("%v", err)
	}
	if h, err := c.Host("CCC"); err == nil {
		t.Errorf("Host: %q", h)
	}
	if len(rt.urls) != 4 {
		t.Errorf("%d requests", len(rt.urls))
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	t.Setenv(EnvAccessKeyID, "")
	t.Setenv(EnvAccessKeySecret, "")
	t.Setenv(EnvSecurityToken, "")
	_, err := CredentialsFromEnv()
	if err == nil || !strings.Contains(err.Error(), EnvAccessKeyID) || !strings.Contains(err.Error(), EnvAccessKeySecret) {
		t.Errorf("%v", err)
	}
	// Without credentials the default chain is asked at the call: no
	// source gives any (no profile files, no instance metadata).
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_CONFIG_FILE", "")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", "")
	t.Setenv("ALIBABA_CLOUD_ROLE_ARN", "")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "")
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	nc, err := NewClient(Config{RegionID: "cn-shanghai", Endpoint: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	err = nc.CallRPC(context.Background(), getThing, nil)
	var ce *CredentialsError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), EnvAccessKeyID) || !strings.Contains(err.Error(), "default chain") {
		t.Errorf("call without credentials: %v", err)
	}
	t.Setenv(EnvAccessKeyID, "envid")
	if _, err := CredentialsFromEnv(); err == nil || strings.Contains(err.Error(), EnvAccessKeyID+" ") {
		t.Errorf("%v", err)
	}
	t.Setenv(EnvAccessKeySecret, "envsecret")
	t.Setenv(EnvSecurityToken, "envtoken")
	cr, err := CredentialsFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&Credentials{AccessKeyID: "envid", AccessKeySecret: "envsecret", SecurityToken: "envtoken"}, cr); d != "" {
		t.Error(d)
	}

	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = rpcParams(t, r, "envsecret")
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Credentials = nil })
	if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
		t.Fatal(err)
	}
	if got.Get("AccessKeyId") != "envid" || got.Get("SecurityToken") != "envtoken" {
		t.Errorf("%v", got)
	}
}

func TestNewClient(t *testing.T) {
	for _, cfg := range []Config{
		{Credentials: testCreds, Scheme: "ftp"},
		{Credentials: testCreds, Format: "YAML"},
		{Credentials: testCreds, Endpoint: "https://h", Scheme: "http"},
		{Credentials: testCreds, Endpoint: "h/path"},
		{Credentials: testCreds, Retry: RetryPolicy{MaxAttempts: -1}},
		{Credentials: &Credentials{AccessKeyID: "id"}},
	} {
		if _, err := NewClient(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	c, err := NewClient(Config{Credentials: testCreds})
	if err != nil {
		t.Fatal(err)
	}
	if c.scheme != "https" || c.format != "JSON" || c.userAgent != DefaultUserAgent() || c.hc.Timeout != 30*time.Second {
		t.Errorf("defaults: %s %s %q %v", c.scheme, c.format, c.userAgent, c.hc.Timeout)
	}
	if d := cmp.Diff(RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second}, c.retry); d != "" {
		t.Errorf("retry defaults (-want +got):\n%s", d)
	}
	if n := c.nonce(); len(n) != 32 || n == c.nonce() {
		t.Errorf("nonce %q", n)
	}
	for _, r := range []RPCRequest{{Product: "CCC", Version: "v"}, {Product: "CCC", Action: "A"}, {Product: "CCC", Version: "v", Action: "A", Method: "PUT"}} {
		if err := c.CallRPC(context.Background(), r, nil); err == nil {
			t.Errorf("%+v: no error", r)
		}
	}
	for _, r := range []ROARequest{{Product: "P", Version: "v", Path: "rel"}, {Product: "P", Path: "/p"}, {Product: "P", Version: "v", Path: "/p", Method: "TRACE"}} {
		if err := c.CallROA(context.Background(), r, nil); err == nil {
			t.Errorf("%+v: no error", r)
		}
	}
}

func TestBackoff(t *testing.T) {
	c, _ := newTestClient(t, nil, nil)
	var got []time.Duration
	for n := 1; n <= 8; n++ {
		got = append(got, c.retry.backoffCap(n))
	}
	ms := time.Millisecond
	want := []time.Duration{200 * ms, 400 * ms, 800 * ms, 1600 * ms, 3200 * ms, 5000 * ms, 5000 * ms, 5000 * ms}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("caps (-want +got):\n%s", d)
	}
	// Full jitter: a uniform draw over [0, cap].
	var asked []int64
	c.randN = func(n int64) int64 { asked = append(asked, n); return n / 2 }
	if d := c.backoff(2); d != 200*ms {
		t.Errorf("backoff(2) = %v", d)
	}
	if len(asked) != 1 || asked[0] != int64(400*ms)+1 {
		t.Errorf("randN asked for %v", asked)
	}
	// Huge attempt numbers do not overflow.
	p := RetryPolicy{BaseDelay: time.Second, MaxDelay: time.Duration(1<<63 - 1)}
	if d := p.backoffCap(200); d <= 0 {
		t.Errorf("backoffCap(200) = %v", d)
	}
	// The default jitter stays in range.
	c, _ = newTestClient(t, nil, nil)
	c.randN = defaultRandN
	for range 100 {
		if d := c.backoff(3); d < 0 || d > 800*ms {
			t.Fatalf("backoff(3) = %v", d)
		}
	}
}

func TestAPIErrorString(t *testing.T) {
	for _, c := range []struct {
		e    *APIError
		want string
	}{
		{&APIError{StatusCode: 400, Code: "Throttling.User", Message: "slow", RequestID: "r"}, "HTTP 400 Throttling.User: slow (RequestId r)"},
		{&APIError{StatusCode: 502, Body: []byte(" <html>\xffbad</html> ")}, "HTTP 502 Bad Gateway: \"<html>\ufffdbad</html>\""},
		{&APIError{StatusCode: 500, Body: []byte(strings.Repeat("é", 150))}, `HTTP 500 Internal Server Error: "` + strings.Repeat("é", 100) + `…"`},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	for _, c := range []struct {
		e    *APIError
		want bool
	}{
		{&APIError{StatusCode: 400, Code: "Throttling.User"}, true},
		{&APIError{StatusCode: 503, Code: "Throttling"}, true},
		{&APIError{StatusCode: 429}, true},
		{&APIError{StatusCode: 400, Code: "InvalidParameter"}, false},
		{&APIError{StatusCode: 503, Code: "ServiceUnavailable"}, false},
		{nil, false},
	} {
		if got := c.e.IsThrottling(); got != c.want {
			t.Errorf("%+v: IsThrottling %v", c.e, got)
		}
	}
}

// The JSON error decoding accepts numeric codes.
func TestParseAPIErrorNumericCode(t *testing.T) {
	e := parseAPIError(400, []byte(`{"Code":400,"Message":"m","RequestId":"r"}`))
	if e.Code != "400" || e.Message != "m" {
		b, _ := json.Marshal(e)
		t.Errorf("%s", b)
	}
}

// A generated response type decodes through acsrt's decoders: scalars
// scalars, unknown keys skipped, and errors with the byte offset.
func TestDecodeGeneratedType(t *testing.T) {
	for _, c := range []struct{ format, body, errPart string }{
		{"JSON", `{"RequestId":"r","S":"x","I":"7","Unknown":{"a":[1]},"B":"true"}`, ""},
		{"XML", `<?xml version="1.0"?><R><RequestId>r</RequestId><S>x</S><I> 7 </I><Unknown><a>1</a></Unknown><B>true</B></R>`, ""},
		{"JSON", `{"RequestId":"r","I":"seven"}`, `acsrt: JSON at byte 21 (key "I"): "seven" is not an integer`},
		{"XML", `<R><RequestId>r</RequestId><I>seven</I></R>`, `acsrt: XML at byte 30 (element <I>): "seven" is not an integer`},
	} {
		_, srv := serveCanned(t, canned{status: 200, body: c.body})
		cl, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Format = c.format })
		var v scalars
		err := cl.CallRPC(context.Background(), getThing, &v)
		if c.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), c.errPart) || !strings.Contains(err.Error(), "decoding the "+c.format+" response") {
				t.Errorf("%s: error %v, want one with %q", c.body, err, c.errPart)
			}
			continue
		}
		if err != nil || v != (scalars{S: "x", I: 7, B: true}) {
			t.Errorf("%s: %+v, %v", c.body, v, err)
		}
	}
}

func TestMayBeErrorReadsOnlyWhatItNeeds(t *testing.T) {
	for _, c := range []struct {
		body string
		want bool
	}{
		{`{"RequestId":"r","HostId":"h","Code":"X","Message":"m"}`, true},
		{` {"Code":"X","HostId":"h"} `, true},
		{`<?xml version="1.0"?><Error><Code>X</Code></Error>`, true},
		// The first key no error object has ends the scan: what follows is
		// never read, so a success body costs the decoder's pass alone.
		{`{"RequestId":"r","Instances":{"Instance":[` + strings.Repeat("\x00", 64), false},
		{`{"Instances":` + strings.Repeat("\x00", 64), false},
		{`<DescribeInstancesResponse><` + strings.Repeat("\x00", 64), false},
		{`{"RequestId":"r","Code":`, false},
		{`[]`, false},
		{``, false},
		{`not json`, false},
	} {
		got, read := errorScan(c.body)
		if got != c.want || got != mayBeError(c.body) {
			t.Errorf("mayBeError(%q) = %v, want %v", c.body, got, c.want)
		}
		if i := strings.IndexByte(c.body, 0); i >= 0 && read > i {
			t.Errorf("%q: read %d bytes, past the first member that decides (%d)", c.body, read, i)
		}
	}
}

func TestReadBody(t *testing.T) {
	body := strings.Repeat("0123456789", 1000)
	// Declared right, too short, too long, unknown, absurd.
	for _, n := range []int64{int64(len(body)), 10, int64(len(body)) + 100, -1, 0, 1 << 40} {
		got, err := readBody(iotest.OneByteReader(strings.NewReader(body)), n)
		if err != nil || string(got) != body {
			t.Errorf("n=%d: %d bytes, %v", n, len(got), err)
		}
	}
	boom := errors.New("boom")
	if _, err := readBody(iotest.ErrReader(boom), 10); !errors.Is(err, boom) {
		t.Errorf("error: %v", err)
	}
}
