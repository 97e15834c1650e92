package acsrt

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

type slsVector struct {
	Name          string            `json:"name"`
	Method        string            `json:"method"`
	URI           string            `json:"uri"`
	Secret        string            `json:"secret"`
	AccessKeyID   string            `json:"access_key_id"`
	HeadersIn     map[string]string `json:"headers_in"`
	Body          *string           `json:"body,omitempty"`
	ContentMD5    string            `json:"content_md5"`
	Resource      string            `json:"canonicalized_resource"`
	StringToSign  string            `json:"string_to_sign"`
	Authorization string            `json:"authorization"`
}

type slsVectors struct {
	Vectors []slsVector `json:"vectors"`
}

// checkSLS signs a vector as the SDK does: headers_in, plus
// x-log-signaturemethod and, with a body, Content-MD5.
func checkSLS(t *testing.T, v slsVector) {
	t.Helper()
	h := map[string]string{}
	for k, x := range v.HeadersIn {
		h[k] = x
	}
	h["x-log-signaturemethod"] = "hmac-sha1"
	if v.Body != nil {
		md := SLSContentMD5([]byte(*v.Body))
		if md != v.ContentMD5 {
			t.Errorf("%s: SLSContentMD5 = %s, want %s", v.Name, md, v.ContentMD5)
		}
		h["Content-MD5"] = md
	}
	path, rawQuery, _ := strings.Cut(v.URI, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		t.Fatalf("%s: %v", v.Name, err)
	}
	res := SLSResource(path, q)
	if res != v.Resource {
		t.Errorf("%s: SLSResource\n got %q\nwant %q", v.Name, res, v.Resource)
	}
	sts := SLSStringToSign(v.Method, h, res)
	if sts != v.StringToSign {
		t.Errorf("%s: SLSStringToSign\n got %q\nwant %q", v.Name, sts, v.StringToSign)
	}
	if got := SLSAuthorization(v.AccessKeyID, v.Secret, sts); got != v.Authorization {
		t.Errorf("%s: SLSAuthorization = %s, want %s", v.Name, got, v.Authorization)
	}
}

func TestSLSVectorsShared(t *testing.T) {
	if _, err := os.Stat(sharedVectors); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent (../shared/signing/vectors.json, with ../shared next to the module root, is not checked out); testdata/sls_vectors.json holds a copy", sharedVectors)
	}
	var f struct {
		SLS slsVectors `json:"sls"`
	}
	readVectorsJSON(t, sharedVectors, &f)
	if len(f.SLS.Vectors) < 4 {
		t.Fatalf("%s: %d sls vectors, want at least 4", sharedVectors, len(f.SLS.Vectors))
	}
	for _, v := range f.SLS.Vectors {
		checkSLS(t, v)
	}
}

func TestSLSVectorsTestdata(t *testing.T) {
	var f slsVectors
	readVectorsJSON(t, "testdata/sls_vectors.json", &f)
	if len(f.Vectors) < 4 {
		t.Fatalf("testdata/sls_vectors.json: %d vectors, want at least 4", len(f.Vectors))
	}
	for _, v := range f.Vectors {
		checkSLS(t, v)
	}
}

// roundTripFunc captures requests instead of sending them.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func answer(status int, body string, h http.Header) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

func slsClient(t *testing.T, cfg Config, rt roundTripFunc) *Client {
	t.Helper()
	cfg.HTTPClient = &http.Client{Transport: rt}
	cfg.Now = func() time.Time { return time.Date(2005, 11, 17, 18, 49, 58, 0, time.UTC) }
	cfg.Retry = RetryPolicy{Disabled: true}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The client's own request, for the vectors' inputs, carries the vectors'
// Authorization: the fixed query of the path is signed and sent.
func TestCallSLSReproducesVectors(t *testing.T) {
	var f slsVectors
	readVectorsJSON(t, "testdata/sls_vectors.json", &f)
	ran := 0
	defer func() {
		if ran < 2 {
			t.Errorf("%d vectors reproduced through CallSLS, want at least 2", ran)
		}
	}()
	for _, v := range f.Vectors {
		if v.Body != nil || v.HeadersIn["Host"] == "" {
			continue // the body vector's x-log-bodyrawsize is the SDK caller's, not len(body)
		}
		ran++
		project, _, _ := strings.Cut(v.HeadersIn["Host"], ".")
		var got *http.Request
		c := slsClient(t, Config{Credentials: &Credentials{AccessKeyID: v.AccessKeyID, AccessKeySecret: v.Secret}, RegionID: "cn-hangzhou"},
			func(r *http.Request) (*http.Response, error) { got = r; return answer(200, `{}`, nil), nil })
		path, rawQuery, _ := strings.Cut(v.URI, "?")
		q, _ := url.ParseQuery(rawQuery)
		// Put one parameter in the path as a fixed query, the rest in Query.
		if k := q.Get("action") + q.Get("type"); k != "" {
			fixed := "action"
			if q.Has("type") {
				fixed = "type"
			}
			path += "?" + fixed + "=" + q.Get(fixed)
			q.Del(fixed)
		}
		if err := c.CallSLS(context.Background(), SLSRequest{Project: project, Method: v.Method, Path: path, Query: q}, nil); err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		if a := got.Header.Get("Authorization"); a != v.Authorization {
			t.Errorf("%s: Authorization = %s, want %s", v.Name, a, v.Authorization)
		}
		if got.Host != v.HeadersIn["Host"] || got.URL.Host != v.HeadersIn["Host"] {
			t.Errorf("%s: Host %s, URL host %s, want %s", v.Name, got.Host, got.URL.Host, v.HeadersIn["Host"])
		}
		wantQ, _ := url.ParseQuery(strings.SplitN(v.URI, "?", 2)[1])
		if got.URL.Query().Encode() != wantQ.Encode() {
			t.Errorf("%s: query %s, want %s", v.Name, got.URL.RawQuery, wantQ.Encode())
		}
	}
}

func TestCallSLSBodyAndToken(t *testing.T) {
	var got *http.Request
	var gotBody []byte
	c := slsClient(t, Config{Credentials: &Credentials{AccessKeyID: "testid", AccessKeySecret: "testsecret", SecurityToken: "sts-token-1"}, RegionID: "cn-hangzhou"},
		func(r *http.Request) (*http.Response, error) {
			got = r
			gotBody, _ = io.ReadAll(r.Body)
			return answer(200, `{"count":1}`, nil), nil
		})
	body := []byte(`{"logstoreName":"app-log","ttl":30,"shardCount":2,"autoSplit":true}`)
	var out struct{ Count int }
	if err := c.CallSLS(context.Background(), SLSRequest{Project: "big-game", Method: "POST", Path: "/logstores", Body: body}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Count != 1 || string(gotBody) != string(body) {
		t.Errorf("decoded %+v, sent %q", out, gotBody)
	}
	h := map[string]string{}
	for k := range got.Header {
		h[k] = got.Header.Get(k)
	}
	for k, want := range map[string]string{
		"Content-Type": "application/json", "Content-Md5": "DB2955F85CE86586C565CB2A07F98E52",
		"X-Log-Bodyrawsize": "67", "X-Log-Apiversion": "0.6.0", "X-Log-Signaturemethod": "hmac-sha1",
		"X-Acs-Security-Token": "sts-token-1", "Date": "Thu, 17 Nov 2005 18:49:58 GMT",
	} {
		if h[k] != want {
			t.Errorf("header %s = %q, want %q", k, h[k], want)
		}
	}
	sts := "POST\nDB2955F85CE86586C565CB2A07F98E52\napplication/json\nThu, 17 Nov 2005 18:49:58 GMT\nx-acs-security-token:sts-token-1\nx-log-apiversion:0.6.0\nx-log-bodyrawsize:67\nx-log-signaturemethod:hmac-sha1\n/logstores"
	if a := h["Authorization"]; a != SLSAuthorization("testid", "testsecret", sts) {
		t.Errorf("Authorization %s does not sign %q", a, sts)
	}
}

func TestSLSHost(t *testing.T) {
	for _, tc := range []struct {
		endpoint, region, project string
		addr, host                string
	}{
		{"", "cn-hangzhou", "big-game", "big-game.cn-hangzhou.log.aliyuncs.com", "big-game.cn-hangzhou.log.aliyuncs.com"},
		{"", "cn-hangzhou", "", "cn-hangzhou.log.aliyuncs.com", "cn-hangzhou.log.aliyuncs.com"},
		{"cn-shanghai-intranet.log.aliyuncs.com", "cn-hangzhou", "p1", "p1.cn-shanghai-intranet.log.aliyuncs.com", "p1.cn-shanghai-intranet.log.aliyuncs.com"},
		{"127.0.0.1:8080", "", "p1", "127.0.0.1:8080", "p1.127.0.0.1:8080"},
		{"localhost:99", "", "", "localhost:99", "localhost:99"},
	} {
		c, err := NewClient(Config{Credentials: &Credentials{AccessKeyID: "a", AccessKeySecret: "b"}, RegionID: tc.region, Endpoint: tc.endpoint})
		if err != nil {
			t.Fatal(err)
		}
		addr, host, err := c.SLSHost(tc.project)
		if err != nil || addr != tc.addr || host != tc.host {
			t.Errorf("%q %q %q: SLSHost = %q, %q, %v; want %q, %q", tc.endpoint, tc.region, tc.project, addr, host, err, tc.addr, tc.host)
		}
	}
	c, _ := NewClient(Config{Credentials: &Credentials{AccessKeyID: "a", AccessKeySecret: "b"}, RegionID: "cn-hangzhou"})
	if _, _, err := c.SLSHost("a.b"); err == nil {
		t.Error("SLSHost(\"a.b\"): no error")
	}
}

// An SLS error body is an *APIError with the code, message and the
// x-log-requestid header; 5xx is retried.
func TestCallSLSError(t *testing.T) {
	n := 0
	c := slsClient(t, Config{Credentials: &Credentials{AccessKeyID: "a", AccessKeySecret: "b"}, RegionID: "cn-hangzhou"},
		func(r *http.Request) (*http.Response, error) {
			n++
			return answer(404, `{"errorCode":"LogStoreNotExist","errorMessage":"logstore app does not exist"}`, http.Header{"X-Log-Requestid": {"5E3A0B"}}), nil
		})
	err := c.CallSLS(context.Background(), SLSRequest{Project: "p", Path: "/logstores/app"}, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Code != "LogStoreNotExist" || ae.Message != "logstore app does not exist" || ae.RequestID != "5E3A0B" {
		t.Fatalf("err = %#v", err)
	}
	if n != 1 {
		t.Errorf("%d attempts for a 404, want 1", n)
	}
}
