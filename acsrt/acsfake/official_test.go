package acsfake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/cccgen/cccgen/acsrt"
)

// TestOfficialHook: with CCCGEN_OFFICIAL_VERIFIER set, an accepted request
// is posted to the verifier (method, URI, headers, body and the fake's key
// pair), and the verifier's refusal turns the answer into 400
// OfficialSignatureMismatch; a request the fake refuses is not posted.
// The real verifier (the official functions) is internal/interop's.
func TestOfficialHook(t *testing.T) {
	var mu sync.Mutex
	var got []officialHook
	verdict := officialVerdict{OK: true, Scheme: "test"}
	vs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != officialHookPath || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		b, _ := io.ReadAll(r.Body)
		var h officialHook
		if err := json.Unmarshal(b, &h); err != nil {
			t.Errorf("hook body: %v", err)
		}
		mu.Lock()
		got = append(got, h)
		v := verdict
		mu.Unlock()
		_ = json.NewEncoder(w).Encode(v)
	}))
	defer vs.Close()
	t.Setenv(EnvOfficialVerifier, vs.URL)

	s := New(API{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", JSON: `{"RequestId":"R-1"}`})
	defer s.Close()
	cfg := s.Config()
	cfg.Retry = acsrt.RetryPolicy{Disabled: true}
	c, err := acsrt.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	call := func(c *acsrt.Client) error {
		return c.CallRPC(context.Background(), acsrt.RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Method: "POST", Query: url.Values{"InstanceId": {"i-1"}}}, nil)
	}
	if err := call(c); err != nil {
		t.Fatalf("accepted by the verifier: %v", err)
	}
	mu.Lock()
	if len(got) != 1 || got[0].Method != "POST" || got[0].AccessKeyID != AccessKeyID || got[0].AccessKeySecret != AccessKeySecret || len(got[0].Header) == 0 || got[0].RequestURI == "" {
		t.Errorf("posted %+v", got)
	}
	verdict = officialVerdict{Scheme: "test", Reason: "no"}
	mu.Unlock()
	err = call(c)
	var apiErr *acsrt.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodeOfficialSignatureMismatch || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("refused by the verifier: %v, want 400 %s", err, CodeOfficialSignatureMismatch)
	}
	bad := cfg
	bad.Credentials = &acsrt.Credentials{AccessKeyID: AccessKeyID, AccessKeySecret: "wrong"}
	cb, _ := acsrt.NewClient(bad)
	if err := call(cb); !errors.As(err, &apiErr) || apiErr.Code != "SignatureDoesNotMatch" {
		t.Errorf("a wrong secret: %v, want the fake's own SignatureDoesNotMatch", err)
	}
	mu.Lock()
	if len(got) != 2 {
		t.Errorf("the verifier was asked %d times, want 2", len(got))
	}
	mu.Unlock()

	t.Setenv(EnvOfficialVerifier, "http://192.0.2.1:9")
	if err := call(c); !errors.As(err, &apiErr) || apiErr.Code != CodeOfficialVerifierUnavailable {
		t.Errorf("a verifier off loopback: %v, want %s", err, CodeOfficialVerifierUnavailable)
	}
}
