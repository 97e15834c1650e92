package interop

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/acsrt/acsfake"
)

// verifierServer is a Verifier on a loopback test server, as a target.
type verifierServer struct {
	*Verifier
	ts    *httptest.Server
	creds acsrt.Credentials
}

func newVerifierServer(t *testing.T) *verifierServer {
	v := &verifierServer{Verifier: NewVerifier(nil)}
	v.SetCredentials(acsrt.Credentials{AccessKeyID: acsfake.AccessKeyID, AccessKeySecret: acsfake.AccessKeySecret})
	v.ts = httptest.NewServer(v.Verifier)
	t.Cleanup(v.ts.Close)
	return v
}

func (v *verifierServer) Endpoint() string               { return v.ts.Listener.Addr().String() }
func (v *verifierServer) Credentials() acsrt.Credentials { return v.creds }
func (v *verifierServer) SetCredentials(c acsrt.Credentials) {
	v.creds = c
	v.Verifier.mu.Lock()
	v.Verifier.Credentials = map[string]Key{c.AccessKeyID: {Secret: c.AccessKeySecret, SecurityToken: c.SecurityToken}}
	v.Verifier.mu.Unlock()
}

// TestVerifierAcceptsOfficialClients checks the verifier itself: what the
// official clients send (classic CommonRequest, Tea v2 and V3) passes the
// official functions as the verifier applies them, and a wrong secret
// does not.
func TestVerifierAcceptsOfficialClients(t *testing.T) {
	for _, tc := range officialCases {
		t.Run(tc.name, func(t *testing.T) {
			v := newVerifierServer(t)
			if _, err := tc.call(t, v, acsfake.AccessKeySecret); err != nil {
				t.Fatalf("the official verifier refused the official client: %v", err)
			}
			v.SetCredentials(acsrt.Credentials{AccessKeyID: "STS.id", AccessKeySecret: "sts-secret", SecurityToken: "tok+/="})
			if _, err := tc.call(t, v, "sts-secret"); err != nil {
				t.Fatalf("the official verifier refused the official client's STS request: %v", err)
			}
			if _, err := tc.call(t, v, "wrong"); err == nil || !strings.Contains(err.Error(), "OfficialSignatureMismatch") {
				t.Fatalf("a wrong secret: got %v, want OfficialSignatureMismatch", err)
			}
			want := map[string]string{"classic/": SchemeRPC1, "tea-v2/": SchemeRPC1, "tea-v3/": SchemeV3}
			for prefix, scheme := range want {
				if strings.HasPrefix(tc.name, prefix) {
					if strings.Contains(tc.name, "ROA") && scheme == SchemeRPC1 {
						scheme = SchemeROA1
					}
					for _, d := range v.Verdicts() {
						if d.Scheme != scheme {
							t.Errorf("verdict scheme %q, want %q", d.Scheme, scheme)
						}
					}
				}
			}
		})
	}
}

// ourCase is one call of acsrt.Client.
type ourCase struct {
	name string
	sigv string // acsrt.Config.SignatureVersion: "1.0" or "v3"
	call func(ctx context.Context, c *acsrt.Client) error
}

func ourRPC(method string) func(ctx context.Context, c *acsrt.Client) error {
	return func(ctx context.Context, c *acsrt.Client) error {
		return c.CallRPC(ctx, acsrt.RPCRequest{
			Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions", Method: method,
			Query: url.Values{"InstanceChargeType": {rpcQueryValue}, "Tag.1.Key": {"k 1"}, "Tag.1.Value": {"v*~"}},
		}, nil)
	}
}

func ourROA(method string, body []byte) func(ctx context.Context, c *acsrt.Client) error {
	return func(ctx context.Context, c *acsrt.Client) error {
		r := acsrt.ROARequest{
			Product: "elasticsearch", Version: "2017-06-13", Method: method,
			Path:  "/openapi/instances/es-1/description",
			Query: url.Values{"clientToken": {"tok-1"}, "description": {"a b*c"}, "empty": {""}},
			Body:  body,
		}
		if body != nil {
			r.ContentType = "application/json"
		}
		return c.CallROA(ctx, r, nil)
	}
}

func ourCasesFor(sigv string) []ourCase {
	return []ourCase{
		{"RPC-GET", sigv, ourRPC("GET")},
		{"RPC-POST", sigv, ourRPC("POST")},
		{"ROA-GET-no-body", sigv, ourROA("GET", nil)},
		{"ROA-DELETE-no-body", sigv, ourROA("DELETE", nil)},
		{"ROA-POST-body", sigv, ourROA("POST", []byte(roaBody))},
		{"ROA-PUT-empty-body", sigv, ourROA("PUT", []byte{})},
	}
}

// setSignatureVersion sets cfg.SignatureVersion by name, so that this
// module builds against an acsrt with or without V3: without the field,
// only "1.0" (the one version such an acsrt signs) can be asked for.
func setSignatureVersion(cfg *acsrt.Config, v string) error {
	f := reflect.ValueOf(cfg).Elem().FieldByName("SignatureVersion")
	if !f.IsValid() {
		if v == "1.0" {
			return nil
		}
		return fmt.Errorf("acsrt.Config has no SignatureVersion field: signature %s is not implemented", v)
	}
	f.SetString(v)
	return nil
}

// TestOurClientVerified: what acsrt.Client sends passes the official
// signing functions, for RPC and ROA, with and without a body, with an
// access key and with STS credentials.
func TestOurClientVerified(t *testing.T) {
	runOurCases(t, ourCasesFor("1.0"))
}

// TestOurClientVerifiedV3: the same with acsrt's V3 (ACS3-HMAC-SHA256).
func TestOurClientVerifiedV3(t *testing.T) {
	runOurCases(t, ourCasesFor("v3"))
}

func runOurCases(t *testing.T, cases []ourCase) {
	for _, tc := range cases {
		for _, sts := range []bool{false, true} {
			name := tc.name
			if sts {
				name += "/sts"
			}
			t.Run(name, func(t *testing.T) {
				v := newVerifierServer(t)
				if sts {
					v.SetCredentials(acsrt.Credentials{AccessKeyID: "STS.id", AccessKeySecret: "sts-secret", SecurityToken: "tok+/= x"})
				}
				creds := v.Credentials()
				cfg := acsrt.Config{Credentials: &creds, RegionID: "cn-hangzhou", Endpoint: v.Endpoint(), Scheme: "http", Retry: acsrt.RetryPolicy{Disabled: true}}
				if err := setSignatureVersion(&cfg, tc.sigv); err != nil {
					t.Fatal(err)
				}
				c, err := acsrt.NewClient(cfg)
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := tc.call(ctx, c); err != nil {
					t.Fatalf("the official functions refused acsrt's request: %v", err)
				}
				ds := v.Verdicts()
				want := SchemeRPC1
				if strings.HasPrefix(tc.name, "ROA") {
					want = SchemeROA1
				}
				if tc.sigv == "v3" {
					want = SchemeV3
				}
				if len(ds) != 1 || !ds[0].OK || ds[0].Scheme != want {
					t.Fatalf("verdicts %+v, want one accepted, %s", ds, want)
				}
				// And a wrong secret is refused.
				bad := creds
				bad.AccessKeySecret = "wrong"
				cfg.Credentials = &bad
				c, err = acsrt.NewClient(cfg)
				if err != nil {
					t.Fatal(err)
				}
				if err := tc.call(ctx, c); err == nil || !strings.Contains(err.Error(), "OfficialSignatureMismatch") {
					t.Fatalf("a wrong secret: got %v, want OfficialSignatureMismatch", err)
				}
			})
		}
	}
}
