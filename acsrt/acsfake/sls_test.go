package acsfake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cccgen/cccgen/acsrt"
)

func slsServer() *Server {
	return New(
		API{Action: "GetLogs", Style: "SLS", Method: "GET", Path: "/logstores/{logstoreName}?type=log",
			Required: []string{"projectName", "logstoreName", "from"}, JSON: `[{"__time__":1409529660}]`},
		API{Action: "GetLogstore", Style: "SLS", Method: "GET", Path: "/logstores/{logstoreName}",
			Required: []string{"projectName", "logstoreName"}, JSON: `{"logstoreName":"app","ttl":1}`},
		API{Action: "CreateLogstore", Style: "SLS", Method: "POST", Path: "/logstores",
			Required: []string{"projectName", "logstoreName"}},
		API{Action: "ListProject", Style: "SLS", Method: "GET", Path: "/", JSON: `{"count":0}`},
		API{Product: "CS", Version: "2015-12-15", Action: "DescribeCluster", Method: "GET", Path: "/logstores/{ClusterId}", JSON: `{"cluster_id":"c-1"}`},
	)
}

func slsClient(t *testing.T, s *Server, mod func(*acsrt.Config)) *acsrt.Client {
	t.Helper()
	cfg := s.Config()
	cfg.Retry = acsrt.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	c, err := acsrt.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The acsrt client against the fake over the LOG protocol: routed by
// path template and fixed query, the project from the Host, the example
// as the answer.
func TestSLSClientCalls(t *testing.T) {
	s := slsServer()
	defer s.Close()
	c := slsClient(t, s, nil)
	ctx := context.Background()

	var logs []struct {
		Time int `json:"__time__"`
	}
	err := c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Path: "/logstores/app%20log?type=log", Query: url.Values{"from": {"1"}, "query": {"status: 200 | select count(1)"}}}, &logs)
	if err != nil || len(logs) != 1 || logs[0].Time != 1409529660 {
		t.Fatalf("GetLogs: %+v %v", logs, err)
	}
	reqs := s.Requests("GetLogs")
	if len(reqs) != 1 || reqs[0].Style != "SLS" || reqs[0].Header.Get("Authorization") == "" {
		t.Fatalf("requests: %+v", reqs)
	}
	if got := reqs[0].PathParams["logstoreName"]; got != "app log" && got != "app%20log" {
		t.Errorf("logstoreName = %q", got)
	}
	// Without the fixed query, the path is GetLogstore's.
	var ls struct{ LogstoreName string }
	if err := c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Path: "/logstores/app"}, &ls); err != nil || ls.LogstoreName != "app" {
		t.Errorf("GetLogstore: %+v %v", ls, err)
	}
	// A JSON body, Content-MD5 checked.
	body, _ := json.Marshal(map[string]any{"logstoreName": "app", "ttl": 30})
	if err := c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Method: "POST", Path: "/logstores", Body: body}, nil); err != nil {
		t.Errorf("CreateLogstore: %v", err)
	}
	// A project-less call.
	if err := c.CallSLS(ctx, acsrt.SLSRequest{Path: "/"}, nil); err != nil {
		t.Errorf("ListProject: %v", err)
	}
	// An ACS ROA request on a path of the same shape is still ROA.
	var cl struct {
		ClusterID string `json:"cluster_id"`
	}
	if err := c.CallROA(ctx, acsrt.ROARequest{Product: "CS", Version: "2015-12-15", Path: "/logstores/c-1"}, &cl); err != nil || cl.ClusterID != "c-1" {
		t.Errorf("ROA: %+v %v", cl, err)
	}
	// STS credentials: the token is sent and signed.
	s.SetCredentials(acsrt.Credentials{AccessKeyID: AccessKeyID, AccessKeySecret: AccessKeySecret, SecurityToken: "tok"})
	sts := slsClient(t, s, nil)
	if err := sts.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/logstores/app"}, nil); err != nil {
		t.Errorf("with a security token: %v", err)
	}
}

// Errors in the SLS format, each check able to fail.
func TestSLSErrors(t *testing.T) {
	s := slsServer()
	defer s.Close()
	ctx := context.Background()
	c := slsClient(t, s, nil)

	want := func(err error, status int, code string) *acsrt.APIError {
		t.Helper()
		var ae *acsrt.APIError
		if !errors.As(err, &ae) || ae.StatusCode != status || ae.Code != code || ae.RequestID == "" || ae.Message == "" {
			t.Fatalf("err = %v, want HTTP %d %s with a message and a request ID", err, status, code)
		}
		if !bytes.Contains(ae.Body, []byte(`"errorCode"`)) || !bytes.Contains(ae.Body, []byte(`"errorMessage"`)) {
			t.Errorf("body %s: not in the SLS format", ae.Body)
		}
		return ae
	}
	// Missing required parameters: the project (none in the Host) and from.
	ae := want(c.CallSLS(ctx, acsrt.SLSRequest{Path: "/logstores/app?type=log"}, nil), 400, "ParameterInvalid")
	if !strings.Contains(ae.Message, `"projectName"`) || !strings.Contains(ae.Message, `"from"`) {
		t.Errorf("message %q does not name projectName and from", ae.Message)
	}
	// A body without its required key.
	want(c.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Method: "POST", Path: "/logstores", Body: []byte(`{"ttl":1}`)}, nil), 400, "ParameterInvalid")
	// Unknown route.
	want(c.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/nothing/here"}, nil), 404, "InvalidAction.NotFound")
	// A wrong secret: the message carries the fake's string to sign.
	bad := slsClient(t, s, func(cfg *acsrt.Config) { cfg.Credentials.AccessKeySecret = "wrong" })
	ae = want(bad.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/logstores/app"}, nil), 401, "SignatureNotMatch")
	if !strings.Contains(ae.Message, "GET\n\n\n") || !strings.Contains(ae.Message, "x-log-apiversion:0.6.0") || !strings.HasSuffix(ae.Message, "\n/logstores/app") {
		t.Errorf("message %q lacks the string to sign", ae.Message)
	}
	// An unknown key.
	other := slsClient(t, s, func(cfg *acsrt.Config) {
		cfg.Credentials = &acsrt.Credentials{AccessKeyID: "other", AccessKeySecret: "x"}
	})
	want(other.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/logstores/app"}, nil), 401, "Unauthorized")
	// A token the fake does not expect.
	tok := slsClient(t, s, func(cfg *acsrt.Config) { cfg.Credentials.SecurityToken = "tok" })
	want(tok.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/logstores/app"}, nil), 401, "Unauthorized")
	// Injected throttling is retried; a lasting one ends as an SLS error.
	s.Inject("GetLogstore", Fault{Code: "Throttling.User", Times: 1})
	before := s.Hits("GetLogstore")
	if err := c.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/logstores/app"}, nil); err != nil {
		t.Errorf("after one throttling: %v", err)
	}
	if n := s.Hits("GetLogstore") - before; n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
	s.Inject("GetLogstore", Fault{Status: 500, Code: "InternalServerError"})
	want(c.CallSLS(ctx, acsrt.SLSRequest{Project: "p", Path: "/logstores/app"}, nil), 500, "InternalServerError")
}

// slsSign signs a hand-made request the fake's way, for the checks the
// acsrt client never trips.
func slsSign(r *http.Request, secret string) {
	q, _ := url.ParseQuery(r.URL.RawQuery)
	r.Header.Set("Authorization", "LOG "+AccessKeyID+":"+hmacBase64(secret, logStringToSign(r.Method, r.Header, logResource(r.URL.Path, q))))
}

func TestSLSContentChecks(t *testing.T) {
	s := slsServer()
	defer s.Close()
	send := func(mod func(r *http.Request), body string) (int, string) {
		t.Helper()
		r, err := http.NewRequest("POST", s.URL()+"/logstores", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r.Host = "p." + s.Endpoint()
		r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Content-MD5", logContentMD5([]byte(body)))
		r.Header.Set("x-log-apiversion", "0.6.0")
		r.Header.Set("x-log-signaturemethod", "hmac-sha1")
		r.Header.Set("x-log-bodyrawsize", strconv.Itoa(len(body)))
		mod(r)
		slsSign(r, AccessKeySecret)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var e struct{ ErrorCode string }
		_ = json.Unmarshal(b, &e)
		if resp.Header.Get("x-log-requestid") == "" {
			t.Errorf("no x-log-requestid in the answer %s", b)
		}
		return resp.StatusCode, e.ErrorCode
	}
	const body = `{"logstoreName":1}`
	for _, tc := range []struct {
		name   string
		mod    func(r *http.Request)
		status int
		code   string
	}{
		{"good", func(r *http.Request) {}, 200, ""},
		{"base64 Content-MD5", func(r *http.Request) { r.Header.Set("Content-MD5", contentMD5([]byte(body))) }, 400, "InvalidContentMD5"},
		{"no Content-MD5", func(r *http.Request) { r.Header.Del("Content-MD5") }, 400, "InvalidContentMD5"},
		{"wrong bodyrawsize", func(r *http.Request) { r.Header.Set("x-log-bodyrawsize", "17") }, 400, "InvalidBodyRawSize"},
		{"wrong apiversion", func(r *http.Request) { r.Header.Set("x-log-apiversion", "0.5.0") }, 400, "InvalidHeader"},
		{"wrong method", func(r *http.Request) { r.Header.Set("x-log-signaturemethod", "hmac-sha256") }, 400, "InvalidHeader"},
	} {
		status, code := send(tc.mod, body)
		if status != tc.status || code != tc.code {
			t.Errorf("%s: HTTP %d %q, want %d %q", tc.name, status, code, tc.status, tc.code)
		}
	}
}

// The fake's own LOG signing reproduces the "sls" vectors.
func TestSLSFakeSignsVectors(t *testing.T) {
	var f struct {
		Vectors []struct {
			Name          string            `json:"name"`
			Method        string            `json:"method"`
			URI           string            `json:"uri"`
			Secret        string            `json:"secret"`
			AccessKeyID   string            `json:"access_key_id"`
			HeadersIn     map[string]string `json:"headers_in"`
			Body          *string           `json:"body"`
			StringToSign  string            `json:"string_to_sign"`
			Authorization string            `json:"authorization"`
		} `json:"vectors"`
	}
	b, err := os.ReadFile("../testdata/sls_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &f); err != nil || len(f.Vectors) < 4 {
		t.Fatalf("../testdata/sls_vectors.json: %d vectors, %v", len(f.Vectors), err)
	}
	for _, v := range f.Vectors {
		h := http.Header{}
		for k, x := range v.HeadersIn {
			h.Set(k, x)
		}
		h.Set("x-log-signaturemethod", "hmac-sha1")
		if v.Body != nil {
			h.Set("Content-MD5", logContentMD5([]byte(*v.Body)))
		}
		path, raw, _ := strings.Cut(v.URI, "?")
		q, _ := url.ParseQuery(raw)
		sts := logStringToSign(v.Method, h, logResource(path, q))
		if sts != v.StringToSign {
			t.Errorf("%s: string to sign\n got %q\nwant %q", v.Name, sts, v.StringToSign)
		}
		if got := "LOG " + v.AccessKeyID + ":" + hmacBase64(v.Secret, sts); got != v.Authorization {
			t.Errorf("%s: %s, want %s", v.Name, got, v.Authorization)
		}
	}
}
