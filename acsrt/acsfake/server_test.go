package acsfake

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const (
	listJSON = `{"RequestId":"R-1","Users":{"User":[{"Name":"a"},{"Name":"b"}]},"Total":2}`
	listXML  = `<RequestId>R-1</RequestId><Users><User><Name>a</Name></User><User><Name>b</Name></User></Users><Total>2</Total>`
)

func rpcServer(t *testing.T) *Server {
	s := New(
		API{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Required: []string{"InstanceId", "UserId"}, JSON: listJSON, XML: listXML},
		API{Product: "CCC", Version: "2017-07-05", Action: "Rooted", XML: "<RootedResponse><RequestId>R-2</RequestId></RootedResponse>", XMLRooted: true},
		API{Product: "CCC", Version: "2017-07-05", Action: "Bare"},
	)
	t.Cleanup(s.Close)
	return s
}

func TestRPCSuccess(t *testing.T) {
	s := rpcServer(t)
	own := url.Values{"InstanceId": {"i-1"}, "UserId.1": {"u1"}, "UserId.2": {"u 2*~"}}
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		a := sendRPC(t, s, method, rpcParams("ListUsers", "2017-07-05", "", own), AccessKeySecret)
		if a.Status != 200 || a.Body != listJSON || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s JSON: %d %s %s", method, a.Status, a.Header.Get("Content-Type"), a.Body)
		}
		if a.Header.Get("x-acs-request-id") == "" {
			t.Errorf("%s: no x-acs-request-id", method)
		}
		a = sendRPC(t, s, method, rpcParams("ListUsers", "2017-07-05", "XML", own), AccessKeySecret)
		want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<ListUsersResponse>" + listXML + "</ListUsersResponse>"
		if a.Status != 200 || a.Body != want || !strings.HasPrefix(a.Header.Get("Content-Type"), "text/xml") {
			t.Errorf("%s XML: %d %s %s", method, a.Status, a.Header.Get("Content-Type"), a.Body)
		}
	}
	if n := s.Hits("ListUsers"); n != 4 {
		t.Errorf("Hits = %d, want 4", n)
	}
	reqs := s.Requests("ListUsers")
	if len(reqs) != 4 || reqs[2].Method != http.MethodPost || reqs[2].Params.Get("UserId.2") != "u 2*~" || reqs[2].Status != 200 {
		t.Errorf("requests %+v", reqs)
	}

	// A rooted XML example is served as it is.
	a := sendRPC(t, s, http.MethodGet, rpcParams("Rooted", "2017-07-05", "XML", nil), AccessKeySecret)
	if a.Status != 200 || !strings.HasSuffix(a.Body, "\n<RootedResponse><RequestId>R-2</RequestId></RootedResponse>") {
		t.Errorf("rooted: %d %s", a.Status, a.Body)
	}
	// No example: a RequestId, the one of the header.
	a = sendRPC(t, s, http.MethodGet, rpcParams("Bare", "2017-07-05", "JSON", nil), AccessKeySecret)
	var bare map[string]string
	if err := json.Unmarshal([]byte(a.Body), &bare); err != nil || len(bare) != 1 || bare["RequestId"] != a.Header.Get("x-acs-request-id") {
		t.Errorf("bare JSON: %s %v", a.Body, err)
	}
	a = sendRPC(t, s, http.MethodGet, rpcParams("Bare", "2017-07-05", "XML", nil), AccessKeySecret)
	if !strings.Contains(a.Body, "<BareResponse><RequestId>"+a.Header.Get("x-acs-request-id")+"</RequestId></BareResponse>") {
		t.Errorf("bare XML: %s", a.Body)
	}
}

func TestRPCErrors(t *testing.T) {
	s := rpcServer(t)
	own := url.Values{"InstanceId": {"i-1"}, "UserId.1": {"u1"}}

	p := rpcParams("ListUsers", "2017-07-05", "", own)
	sendRPC(t, s, http.MethodGet, p, "wrong-secret").wantError(t, 400, "SignatureDoesNotMatch")

	p = rpcParams("ListUsers", "2017-07-05", "XML", own)
	p.Set("Signature", testSignRPC(http.MethodGet, p, AccessKeySecret))
	p.Set("InstanceId", "i-2") // changed after signing
	e := sendRPC(t, s, http.MethodGet, p, "").wantError(t, 400, "SignatureDoesNotMatch")
	if !strings.Contains(e.Message, "InstanceId%3Di-2") {
		t.Errorf("message %q", e.Message)
	}

	// POST signed as GET.
	p = rpcParams("ListUsers", "2017-07-05", "", own)
	p.Set("Signature", testSignRPC(http.MethodGet, p, AccessKeySecret))
	sendRPC(t, s, http.MethodPost, p, "").wantError(t, 400, "SignatureDoesNotMatch")

	p = rpcParams("ListUsers", "2017-07-05", "", own)
	p.Set("AccessKeyId", "stranger")
	sendRPC(t, s, http.MethodGet, p, AccessKeySecret).wantError(t, 404, "InvalidAccessKeyId.NotFound")
	p = rpcParams("ListUsers", "2017-07-05", "", own)
	p.Del("AccessKeyId")
	sendRPC(t, s, http.MethodGet, p, AccessKeySecret).wantError(t, 404, "InvalidAccessKeyId.NotFound")

	// Required parameters: a list is satisfied by its items, an empty value is missing.
	p = rpcParams("ListUsers", "2017-07-05", "", url.Values{"InstanceId": {""}})
	e = sendRPC(t, s, http.MethodGet, p, AccessKeySecret).wantError(t, 400, "MissingParameter")
	if !strings.Contains(e.Message, `"InstanceId"`) || !strings.Contains(e.Message, `"UserId"`) {
		t.Errorf("message %q", e.Message)
	}
	p = rpcParams("ListUsers", "", "XML", own)
	e = sendRPC(t, s, http.MethodGet, p, AccessKeySecret).wantError(t, 400, "MissingParameter")
	if !strings.Contains(e.Message, `"Version"`) {
		t.Errorf("message %q", e.Message)
	}
	sendRPC(t, s, http.MethodGet, rpcParams("ListUsers", "2099-01-01", "", own), AccessKeySecret).wantError(t, 400, "InvalidVersion")

	// Unknown action, in either format.
	sendRPC(t, s, http.MethodGet, rpcParams("NoSuchThing", "2017-07-05", "", nil), AccessKeySecret).wantError(t, 404, "InvalidAction.NotFound")
	a := sendRPC(t, s, http.MethodGet, rpcParams("NoSuchThing", "2017-07-05", "XML", nil), AccessKeySecret)
	a.wantError(t, 404, "InvalidAction.NotFound")
	if !strings.HasPrefix(a.Header.Get("Content-Type"), "text/xml") || !strings.Contains(a.Body, "<Error><RequestId>") {
		t.Errorf("XML error: %s %s", a.Header.Get("Content-Type"), a.Body)
	}
	if s.Hits("NoSuchThing") != 2 {
		t.Errorf("Hits(NoSuchThing) = %d", s.Hits("NoSuchThing"))
	}

	// Security token: required when the key has one, refused when it has none.
	p = rpcParams("ListUsers", "2017-07-05", "", own)
	p.Set("SecurityToken", "tok")
	sendRPC(t, s, http.MethodGet, p, AccessKeySecret).wantError(t, 400, "InvalidSecurityToken.MismatchWithAccessKey")
	c := s.Credentials()
	c.SecurityToken = "tok"
	s.SetCredentials(c)
	p = rpcParams("ListUsers", "2017-07-05", "", own)
	p.Set("SecurityToken", "tok")
	if a := sendRPC(t, s, http.MethodGet, p, AccessKeySecret); a.Status != 200 {
		t.Errorf("with the token: %d %s", a.Status, a.Body)
	}
	sendRPC(t, s, http.MethodGet, rpcParams("ListUsers", "2017-07-05", "", own), AccessKeySecret).wantError(t, 400, "InvalidSecurityToken.MismatchWithAccessKey")
}

func roaServer(t *testing.T) *Server {
	s := New(
		API{Product: "CS", Version: "2020-01-01", Action: "ListNodes", Style: "ROA", Method: "GET", Path: "/clusters/{ClusterId}/nodes", Required: []string{"ClusterId", "PageSize"}, JSON: `{"nodes":[]}`},
		API{Product: "CS", Version: "2020-01-01", Action: "ListDefaultNodes", Style: "ROA", Method: "GET", Path: "/clusters/default/nodes", JSON: `{"default":true}`},
		API{Product: "CS", Version: "2020-01-01", Action: "ScaleCluster", Method: "POST", Path: "/clusters/{ClusterId}", Required: []string{"count"}},
		API{Product: "CS", Version: "2020-01-01", Action: "Describe", Method: "GET", Path: "/api?action=describe", XML: "<Resp><A>1</A></Resp>", XMLRooted: true},
	)
	t.Cleanup(s.Close)
	return s
}

func TestROA(t *testing.T) {
	s := roaServer(t)
	send := func(method, path string, q url.Values, body []byte, accept string) answer {
		return do(t, roaRequest(t, s, method, path, q, body, accept, AccessKeyID, AccessKeySecret))
	}
	a := send("GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"10"}, "Empty": {""}}, nil, "application/json")
	if a.Status != 200 || a.Body != `{"nodes":[]}` {
		t.Fatalf("ListNodes: %d %s", a.Status, a.Body)
	}
	reqs := s.Requests("ListNodes")
	if len(reqs) != 1 || !cmp.Equal(reqs[0].PathParams, map[string]string{"ClusterId": "c-1"}) || reqs[0].Style != "ROA" {
		t.Errorf("requests %+v", reqs)
	}
	// The literal route wins over the placeholder.
	if a := send("GET", "/clusters/default/nodes", nil, nil, "application/json"); a.Body != `{"default":true}` {
		t.Errorf("literal route: %d %s", a.Status, a.Body)
	}
	// XML through Accept, converted from JSON when the API has no XML.
	a = send("GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"10"}}, nil, "application/xml")
	if a.Status != 200 || !strings.HasSuffix(a.Body, "<ListNodesResponse></ListNodesResponse>") {
		t.Errorf("XML: %d %s", a.Status, a.Body)
	}
	// A fixed query in the path template.
	if a := send("GET", "/api", url.Values{"action": {"describe"}}, nil, "text/xml"); a.Status != 200 || !strings.HasSuffix(a.Body, "<Resp><A>1</A></Resp>") {
		t.Errorf("fixed query: %d %s", a.Status, a.Body)
	}
	send("GET", "/api", url.Values{"action": {"other"}}, nil, "application/json").wantError(t, 404, "InvalidAction.NotFound")

	send("GET", "/clusters/c-1/nodes", nil, nil, "application/json").wantError(t, 400, "MissingParameter")
	if a := send("POST", "/clusters/c-1", nil, []byte(`{"count":3}`), "application/json"); a.Status != 200 {
		t.Errorf("ScaleCluster: %d %s", a.Status, a.Body)
	}
	e := send("POST", "/clusters/c-1", nil, []byte(`{"size":3}`), "application/json").wantError(t, 400, "MissingParameter")
	if !strings.Contains(e.Message, `"count"`) {
		t.Errorf("message %q", e.Message)
	}
	// Wrong method, unknown path: not found, in the format Accept asks.
	send("DELETE", "/clusters/c-1", nil, nil, "application/json").wantError(t, 404, "InvalidAction.NotFound")
	a = send("GET", "/nowhere", nil, nil, "application/xml")
	a.wantError(t, 404, "InvalidAction.NotFound")
	if !strings.HasPrefix(a.Header.Get("Content-Type"), "text/xml") {
		t.Errorf("not XML: %s", a.Body)
	}

	// Signatures.
	do(t, roaRequest(t, s, "GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"1"}}, nil, "application/json", AccessKeyID, "bad")).wantError(t, 400, "SignatureDoesNotMatch")
	do(t, roaRequest(t, s, "GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"1"}}, nil, "application/json", "bad", AccessKeySecret)).wantError(t, 404, "InvalidAccessKeyId.NotFound")
	req := roaRequest(t, s, "GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"1"}}, nil, "application/json", AccessKeyID, AccessKeySecret)
	req.Header.Set("x-acs-version", "2021-01-01") // a signed header changed
	do(t, req).wantError(t, 400, "SignatureDoesNotMatch")
	req = roaRequest(t, s, "GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"1"}}, nil, "application/json", AccessKeyID, AccessKeySecret)
	req.URL.RawQuery = "PageSize=2" // the resource changed
	do(t, req).wantError(t, 400, "SignatureDoesNotMatch")
	req = roaRequest(t, s, "GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"1"}}, nil, "application/json", AccessKeyID, AccessKeySecret)
	req.Header.Del("Authorization")
	do(t, req).wantError(t, 404, "InvalidAccessKeyId.NotFound")
	// Content-MD5 that does not match the body.
	req = roaRequest(t, s, "POST", "/clusters/c-1", nil, []byte(`{"count":3}`), "application/json", AccessKeyID, AccessKeySecret)
	req.Body = http.NoBody
	req.ContentLength = 0
	do(t, req).wantError(t, 400, "InvalidDigest")
	// A nonce used twice.
	req = roaRequest(t, s, "GET", "/clusters/c-1/nodes", url.Values{"PageSize": {"1"}}, nil, "application/json", AccessKeyID, AccessKeySecret)
	if a := do(t, req); a.Status != 200 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	req2, _ := http.NewRequest(req.Method, req.URL.String(), nil)
	req2.Header = req.Header.Clone()
	do(t, req2).wantError(t, 400, "SignatureNonceUsed")
}

func TestFaults(t *testing.T) {
	s := rpcServer(t)
	own := url.Values{"InstanceId": {"i-1"}, "UserId.1": {"u1"}}
	call := func(format string) answer {
		return sendRPC(t, s, http.MethodGet, rpcParams("ListUsers", "2017-07-05", format, own), AccessKeySecret)
	}

	s.Inject("ListUsers", Fault{Status: 503, Times: 1})
	call("").wantError(t, 503, "ServiceUnavailable")
	if a := call(""); a.Status != 200 {
		t.Errorf("after the fault: %d %s", a.Status, a.Body)
	}
	if n := s.Hits("ListUsers"); n != 2 {
		t.Errorf("Hits = %d, want 2", n)
	}

	// Throttling: 400 by default, 429 when asked; in XML when asked.
	s.Inject("", Fault{Code: "Throttling.User", Message: "Request was denied due to user flow control.", Times: 2})
	e := call("").wantError(t, 400, "Throttling.User")
	if e.Message != "Request was denied due to user flow control." {
		t.Errorf("message %q", e.Message)
	}
	call("XML").wantError(t, 400, "Throttling.User")
	if a := call(""); a.Status != 200 {
		t.Errorf("after throttling: %d %s", a.Status, a.Body)
	}
	s.Inject("ListUsers", Fault{Status: 429, Code: "Throttling", Times: 1})
	call("").wantError(t, 429, "Throttling")

	// An Action's own faults come first; another action's do not apply.
	s.Inject("Bare", Fault{Code: "InternalError", Times: 1})
	s.Inject("", Fault{Code: "InvalidParameter", Times: 1})
	call("").wantError(t, 400, "InvalidParameter")
	sendRPC(t, s, http.MethodGet, rpcParams("Bare", "2017-07-05", "", nil), AccessKeySecret).wantError(t, 500, "InternalError")

	// Times 0: every following request, until cleared.
	s.Inject("ListUsers", Fault{Status: 500})
	for range 3 {
		call("").wantError(t, 500, "InternalError")
	}
	s.ClearFaults()
	if a := call(""); a.Status != 200 {
		t.Errorf("after ClearFaults: %d %s", a.Status, a.Body)
	}

	// Hangup: the client sees a transport error (on a new connection:
	// net/http resends a GET whose reused connection closed).
	s.Inject("ListUsers", Fault{Hangup: true, Times: 1})
	p := rpcParams("ListUsers", "2017-07-05", "", own)
	p.Set("Signature", testSignRPC("GET", p, AccessKeySecret))
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := hc.Get(s.URL() + "/?" + p.Encode()); err == nil {
		resp.Body.Close()
		t.Errorf("hangup: answered %d", resp.StatusCode)
	}
	if a := call(""); a.Status != 200 {
		t.Errorf("after the hangup: %d %s", a.Status, a.Body)
	}
}

func TestLatency(t *testing.T) {
	s := rpcServer(t)
	own := url.Values{"InstanceId": {"i-1"}, "UserId.1": {"u1"}}

	// A delay alone, then the normal answer.
	s.Inject("ListUsers", Fault{Latency: 50 * time.Millisecond, Times: 1})
	start := time.Now()
	if a := sendRPC(t, s, http.MethodGet, rpcParams("ListUsers", "2017-07-05", "", own), AccessKeySecret); a.Status != 200 {
		t.Errorf("%d %s", a.Status, a.Body)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answered after %v", d)
	}

	// A long delay and a short context: the client gives up, the server lets go.
	s.Inject("ListUsers", Fault{Latency: time.Minute, Code: "InternalError", Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	p := rpcParams("ListUsers", "2017-07-05", "", own)
	p.Set("Signature", testSignRPC("GET", p, AccessKeySecret))
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"/?"+p.Encode(), nil)
	start = time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d", resp.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second {
		t.Errorf("after %v: %v", time.Since(start), err)
	}

	// Close does not wait for a delayed answer.
	s.Inject("ListUsers", Fault{Latency: time.Minute})
	done := make(chan error, 1)
	go func() {
		p := rpcParams("ListUsers", "2017-07-05", "", own)
		p.Set("Signature", testSignRPC("GET", p, AccessKeySecret))
		resp, err := http.Get(s.URL() + "/?" + p.Encode())
		if err == nil {
			resp.Body.Close()
			err = errors.New(resp.Status)
		}
		done <- err
	}()
	for s.Hits("ListUsers") < 3 {
		time.Sleep(time.Millisecond)
	}
	start = time.Now()
	s.Close()
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Close took %v", d)
	}
	if err := <-done; err == nil {
		t.Error("the delayed request was answered")
	}
}

func TestNewPanicsOnBadAPI(t *testing.T) {
	for _, a := range []API{
		{},
		{Action: "X", Style: "SOAP"},
		{Action: "X", Style: "ROA"},
		{Action: "X", JSON: "{"},
		{Action: "X", XML: "<a><b></a>"},
		{Action: "X", XML: "<a/><b/>", XMLRooted: true},
		{Action: "X", Method: "PUT"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", a)
				}
			}()
			New(a).Close()
		}()
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("duplicate API: no panic")
			}
		}()
		New(API{Action: "X"}, API{Action: "X"}).Close()
	}()
}

func TestJSONToXML(t *testing.T) {
	got, err := jsonToXML("Do", `{"A":"x<y","N":1.50,"B":true,"Z":null,"L":{"I":[1,{"K":"v"}]},"E":[]}`)
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<DoResponse><A>x&lt;y</A><N>1.50</N><B>true</B><Z></Z><L><I>1</I><I><K>v</K></I></L></DoResponse>`
	if err != nil || got != want {
		t.Errorf("got %s, %v\nwant %s", got, err, want)
	}
	for _, bad := range []string{`[1]`, `{"a b":1}`, `{"1x":1}`} {
		if _, err := jsonToXML("Do", bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestListenLoopback(t *testing.T) {
	for _, addr := range []string{"", "127.0.0.1:0", "localhost:0"} {
		l, err := ListenLoopback(addr)
		if err != nil {
			t.Errorf("%q: %v", addr, err)
			continue
		}
		s, err := NewOn(l, API{Action: "Ping"})
		if err != nil {
			t.Fatal(err)
		}
		a := sendRPC(t, s, http.MethodGet, rpcParams("Ping", "", "", nil), AccessKeySecret)
		if a.Status != 200 || s.Endpoint() != l.Addr().String() {
			t.Errorf("%q: %d %s; endpoint %s", addr, a.Status, a.Body, s.Endpoint())
		}
		if cfg := s.Config(); cfg.Endpoint != s.Endpoint() || cfg.Scheme != "http" || cfg.RegionID != "cn-hangzhou" || cfg.Credentials.AccessKeyID != "fake-id" || cfg.Credentials.AccessKeySecret != "fake-secret" {
			t.Errorf("config %+v", cfg)
		}
		s.Close()
	}
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if l, err := ListenLoopback(addr); err == nil {
			l.Close()
			t.Errorf("%q: no error", addr)
		}
	}
	if _, err := NewOn(mustListen(t), API{}); err == nil {
		t.Error("NewOn with a bad API: no error")
	}
}

func mustListen(t *testing.T) net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}
