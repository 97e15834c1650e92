package acsrt

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// v3Check verifies a V3 request as it arrived: the headers the signature
// needs, no 1.0 parameters, the payload hash and the Authorization
// recomputed from the received method, path, query, headers and body.
func v3Check(t *testing.T, r *http.Request, body []byte, id, secret, action, version string) {
	t.Helper()
	for _, k := range []string{"x-acs-date", "x-acs-signature-nonce"} {
		if r.Header.Get(k) == "" {
			t.Errorf("no %s header", k)
		}
	}
	if g := r.Header.Get("x-acs-action"); g != action {
		t.Errorf("x-acs-action %q, want %q", g, action)
	}
	if g := r.Header.Get("x-acs-version"); g != version {
		t.Errorf("x-acs-version %q, want %q", g, version)
	}
	if g := r.Header.Get("x-acs-content-sha256"); g != V3HashedPayload(body) {
		t.Errorf("x-acs-content-sha256 %q, want %q", g, V3HashedPayload(body))
	}
	for _, k := range []string{"x-acs-signature-method", "x-acs-signature-version", "Date", "Content-MD5"} {
		if r.Header.Get(k) != "" {
			t.Errorf("V3 request with a 1.0 header %s", k)
		}
	}
	params := r.URL.Query()
	if f, err := url.ParseQuery(string(body)); err == nil && strings.Contains(r.Header.Get("Content-Type"), "form") {
		for k, v := range f {
			params[k] = v
		}
	}
	for _, k := range []string{"Action", "Version", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion", "AccessKeyId", "Timestamp"} {
		if params.Has(k) {
			t.Errorf("V3 request with the 1.0 parameter %s", k)
		}
	}
	h := map[string]string{"host": r.Host}
	for k := range r.Header {
		h[k] = r.Header.Get(k)
	}
	canonical, signed := V3CanonicalRequest(r.Method, r.URL.EscapedPath(), r.URL.Query(), h, V3HashedPayload(body))
	if got, want := r.Header.Get("Authorization"), V3Authorization(id, secret, canonical, signed); got != want {
		t.Errorf("Authorization %q\nrecomputed %q over\n%s", got, want, canonical)
	}
	if !strings.Contains(signed, "host") || !strings.Contains(signed, "x-acs-content-sha256") {
		t.Errorf("signed headers %q", signed)
	}
}

func TestV3RPC(t *testing.T) {
	for _, method := range []string{"GET", "POST"} {
		t.Run(method, func(t *testing.T) {
			var got url.Values
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				v3Check(t, r, body, "testid", "testsecret", "GetThing", "2017-07-05")
				if r.Header.Get("x-acs-security-token") != "tok" {
					t.Errorf("x-acs-security-token %q", r.Header.Get("x-acs-security-token"))
				}
				got = r.URL.Query()
				if method == "POST" {
					if len(got) > 0 {
						t.Errorf("POST with a query %v", got)
					}
					got, _ = url.ParseQuery(string(body))
				}
				io.WriteString(w, okJSON)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, func(cfg *Config) {
				cfg.SignatureVersion = SignatureV3
				cfg.Credentials = &Credentials{AccessKeyID: "testid", AccessKeySecret: "testsecret", SecurityToken: "tok"}
			})
			r := getThing
			r.Method = method
			r.Query = url.Values{"Name": {"a b*~中"}, "Tag.1.Key": {"k"}}
			var out apiResponse
			if err := c.CallRPC(context.Background(), r, &out); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(url.Values{"Name": {"a b*~中"}, "Tag.1.Key": {"k"}, "RegionId": {"cn-shanghai"}}, got); d != "" {
				t.Errorf("parameters (-want +got):\n%s", d)
			}
			if d := cmp.Diff(wantResponse(), out); d != "" {
				t.Errorf("response (-want +got):\n%s", d)
			}
		})
	}
}

func TestV3ROA(t *testing.T) {
	body := []byte(`{"description":"x y"}`)
	for _, withBody := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, _ := io.ReadAll(r.Body)
			v3Check(t, r, got, "testid", "testsecret", "UpdateDescription", "2017-06-13")
			if r.URL.EscapedPath() != "/openapi/instances/es%201/description" {
				t.Errorf("path %q", r.URL.EscapedPath())
			}
			if withBody != (len(got) > 0) || withBody && r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("body %q, Content-Type %q", got, r.Header.Get("Content-Type"))
			}
			io.WriteString(w, `{"RequestId":"r-1"}`)
		}))
		c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.SignatureVersion = SignatureV3 })
		r := ROARequest{Product: "Elasticsearch", Version: "2017-06-13", Action: "UpdateDescription", Method: "POST",
			Path: "/openapi/instances/es%201/description", Query: url.Values{"clientToken": {"a*b c"}}}
		if withBody {
			r.Body, r.ContentType = body, "application/json"
		}
		if err := c.CallROA(context.Background(), r, nil); err != nil {
			t.Error(err)
		}
		srv.Close()
	}
}

func TestSignatureVersionConfig(t *testing.T) {
	if _, err := NewClient(Config{Credentials: testCreds, SignatureVersion: "2.0"}); err == nil || !strings.Contains(err.Error(), "SignatureVersion") {
		t.Errorf("SignatureVersion 2.0: %v", err)
	}
	c, err := NewClient(Config{Credentials: testCreds})
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.SignRPC(getThing, "h", testNow, "n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w.Header["Authorization"], V3Algorithm+" ") {
		t.Errorf("default signature: Authorization %q, want V3", w.Header["Authorization"])
	}
}

// TestRegionIdOnlyWhereTaken: with V3, Config.RegionID fills RegionId only
// for APIs that take one (as the Tea SDKs send them); with 1.0 for every
// API (as the classic SDK's composer does); never overriding it.
func TestRegionIdOnlyWhereTaken(t *testing.T) {
	for _, sv := range []string{SignatureV3, SignatureV1} {
		c, err := NewClient(Config{Credentials: testCreds, RegionID: "cn-shanghai", SignatureVersion: sv})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			takes bool
			query url.Values
			want  string
		}{{false, nil, ""}, {true, nil, "cn-shanghai"}, {true, url.Values{"RegionId": {"cn-beijing"}}, "cn-beijing"}} {
			r := getThing
			r.RegionIdParam, r.Query, r.Method = tc.takes, tc.query, "GET"
			w, err := c.SignRPC(r, "h", testNow, "n")
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if sv == SignatureV1 && !tc.takes {
				want = "cn-shanghai"
			}
			if got := w.Query.Get("RegionId"); got != want {
				t.Errorf("%s, takes RegionId %v, query %v: RegionId %q, want %q", sv, tc.takes, tc.query, got, want)
			}
		}
	}
}
