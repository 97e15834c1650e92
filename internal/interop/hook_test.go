package interop

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/acsrt/acsfake"
)

// TestFakeAsksOfficialVerifier: with CCCGEN_OFFICIAL_VERIFIER set, acsfake
// puts every request it accepts to the verifier, and answers
// OfficialSignatureMismatch when the official functions refuse it; requests
// the fake refuses itself keep their own error.
func TestFakeAsksOfficialVerifier(t *testing.T) {
	for _, sigv := range []string{acsrt.SignatureV1, acsrt.SignatureV3} {
		t.Run(sigv, func(t *testing.T) { fakeAsksOfficialVerifier(t, sigv) })
	}
}

func fakeAsksOfficialVerifier(t *testing.T, sigv string) {
	v := NewVerifier(nil)
	ts := httptest.NewServer(v)
	defer ts.Close()
	t.Setenv(acsfake.EnvOfficialVerifier, ts.URL)

	s := acsfake.New(fakeAPIs...)
	defer s.Close()
	cfg := s.Config()
	cfg.Retry = acsrt.RetryPolicy{Disabled: true}
	if err := setSignatureVersion(&cfg, sigv); err != nil {
		t.Fatal(err)
	}
	c, err := acsrt.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// RPC: both the fake and the official functions accept it.
	if err := c.CallRPC(ctx, acsrt.RPCRequest{Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions",
		Query: url.Values{"InstanceChargeType": {rpcQueryValue}}}, nil); err != nil {
		t.Errorf("RPC through the fake and the official verifier: %v", err)
	}
	// ROA with a body.
	if err := c.CallROA(ctx, acsrt.ROARequest{Product: "elasticsearch", Version: "2017-06-13", Method: "POST",
		Path: "/openapi/instances/es-1/description", Body: []byte(roaBody), ContentType: "application/json"}, nil); err != nil {
		t.Errorf("ROA with a body through the fake and the official verifier: %v", err)
	}
	// ROA without a body.
	if err := c.CallROA(ctx, acsrt.ROARequest{Product: "elasticsearch", Version: "2017-06-13", Method: "GET", Path: "/openapi/instances"}, nil); err != nil {
		t.Errorf("ROA without a body through the fake and the official verifier: %v", err)
	}
	// A wrong secret is the fake's own SignatureDoesNotMatch, not asked.
	bad := cfg
	bad.Credentials = &acsrt.Credentials{AccessKeyID: acsfake.AccessKeyID, AccessKeySecret: "wrong"}
	cb, _ := acsrt.NewClient(bad)
	if err := cb.CallRPC(ctx, acsrt.RPCRequest{Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions",
		Query: url.Values{"InstanceChargeType": {"x"}}}, nil); err == nil || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
		t.Errorf("a wrong secret: %v, want the fake's SignatureDoesNotMatch", err)
	}
	want := map[string][2]int{SchemeRPC1: {1, 0}, SchemeROA1: {2, 0}}
	if sigv == acsrt.SignatureV3 {
		want = map[string][2]int{SchemeV3: {3, 0}}
	}
	if got := v.Counts(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the verifier's verdicts (accepted, rejected by scheme) %v, want %v", got, want)
	}
}

// TestFakeOfficialMismatchCode: a request the fake accepts but the official
// functions refuse is answered OfficialSignatureMismatch. A verifier that
// refuses everything stands in for the disagreement.
func TestFakeOfficialMismatchCode(t *testing.T) {
	s := acsfake.New(fakeAPIs...)
	defer s.Close()
	ts2 := httptest.NewServer(refuseAll{})
	defer ts2.Close()
	t.Setenv(acsfake.EnvOfficialVerifier, ts2.URL)
	cfg := s.Config()
	cfg.Retry = acsrt.RetryPolicy{Disabled: true}
	c, _ := acsrt.NewClient(cfg)
	err := c.CallRPC(context.Background(), acsrt.RPCRequest{Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions",
		Query: url.Values{"InstanceChargeType": {"x"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), acsfake.CodeOfficialSignatureMismatch) {
		t.Fatalf("got %v, want %s", err, acsfake.CodeOfficialSignatureMismatch)
	}
	t.Setenv(acsfake.EnvOfficialVerifier, "http://192.0.2.1:1")
	err = c.CallRPC(context.Background(), acsrt.RPCRequest{Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions",
		Query: url.Values{"InstanceChargeType": {"x"}}}, nil)
	if err == nil || !strings.Contains(err.Error(), acsfake.CodeOfficialVerifierUnavailable) {
		t.Fatalf("a verifier that is not on loopback: got %v, want %s", err, acsfake.CodeOfficialVerifierUnavailable)
	}
}

type refuseAll struct{}

func (refuseAll) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, Verdict{Scheme: "test", Reason: "refused by the test verifier"})
}
