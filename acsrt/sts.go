package acsrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The STS (Security Token Service) calls the credentials sources make:
// AssumeRole (RamRoleArn profiles) and AssumeRoleWithOIDC (RRSA). The
// corpus has no STS API pages to generate a client from, so the requests
// and the response are written by hand here, as
// github.com/aliyun/credentials-go v1.4.14 sends and reads them
// (credentials/providers/ram_role_arn.go, oidc.go): POST, version
// 2015-04-01, JSON, signature 1.0 for AssumeRole and no signature at all
// for AssumeRoleWithOIDC.

const (
	stsProduct = "Sts"
	stsVersion = "2015-04-01"
	// stsTimeFormat is the format of the Expiration of STS and instance
	// metadata credentials.
	stsTimeFormat = "2006-01-02T15:04:05Z"
)

// stsEndpoint is the STS host as credentials-go picks it: sts.aliyuncs.com,
// or sts[-vpc].<region>.aliyuncs.com with a region (the profile's
// sts_region, else ALIBABA_CLOUD_STS_REGION); VPC when asked or when
// ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED is true.
func stsEndpoint(getenv func(string) string, region string, vpc bool) string {
	if !vpc {
		vpc = strings.EqualFold(getenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"), "true")
	}
	prefix := "sts"
	if vpc {
		prefix = "sts-vpc"
	}
	if region == "" {
		region = getenv("ALIBABA_CLOUD_STS_REGION")
	}
	if region != "" {
		return prefix + "." + region + ".aliyuncs.com"
	}
	return "sts.aliyuncs.com"
}

// stsCredentialsResponse is the part of AssumeRole's and
// AssumeRoleWithOIDC's answer the sources read.
type stsCredentialsResponse struct {
	RequestID   string `json:"RequestId"`
	Credentials *struct {
		AccessKeyID     string `json:"AccessKeyId"`
		AccessKeySecret string `json:"AccessKeySecret"`
		SecurityToken   string `json:"SecurityToken"`
		Expiration      string `json:"Expiration"`
	} `json:"Credentials"`
}

// credentials checks the answer of action. Errors never quote the answer
// (it holds the secret).
func (r *stsCredentialsResponse) credentials(action string) (Credentials, time.Time, error) {
	c := r.Credentials
	if c == nil || c.AccessKeyID == "" || c.AccessKeySecret == "" || c.SecurityToken == "" {
		return Credentials{}, time.Time{}, fmt.Errorf("%s %s: no credentials in the answer (RequestId %s)", stsProduct, action, r.RequestID)
	}
	exp, err := time.Parse(stsTimeFormat, c.Expiration)
	if err != nil {
		return Credentials{}, time.Time{}, fmt.Errorf("%s %s: Expiration %q: want %s", stsProduct, action, c.Expiration, stsTimeFormat)
	}
	return Credentials{AccessKeyID: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken}, exp, nil
}

// timeoutClient is an HTTP client that connects within connect and has
// the whole answer within connect+read; proxy: from the environment.
func timeoutClient(connect, read time.Duration, proxy bool) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}).DialContext
	t.ResponseHeaderTimeout = read
	if !proxy {
		t.Proxy = nil
	}
	return &http.Client{Transport: t, Timeout: connect + read}
}

// stsClient is an acsrt Client for STS at endpoint (host, or
// scheme://host in tests), signing with signature 1.0 as credentials-go
// does, with the credentials of creds (nil: none, for the unsigned
// AssumeRoleWithOIDC).
func stsClient(endpoint string, hc *http.Client, now func() time.Time, creds CredentialsProvider) (*Client, error) {
	if creds == nil {
		creds = CredentialsProviderFunc(func(context.Context) (Credentials, error) {
			return Credentials{}, errors.New("the STS client for AssumeRoleWithOIDC signs nothing")
		})
	}
	return NewClient(Config{
		CredentialsProvider: creds,
		Endpoint:            endpoint,
		HTTPClient:          hc,
		SignatureVersion:    SignatureV1,
		Now:                 now,
	})
}

// decodeSTS decodes body, a JSON answer. Errors give the syntax error's
// offset, never the body.
func decodeSTS(action string, body []byte, out *stsCredentialsResponse) error {
	if err := json.Unmarshal(body, out); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("%s %s: the answer is not JSON (syntax error at byte %d)", stsProduct, action, se.Offset)
		}
		return fmt.Errorf("%s %s: the answer does not decode: %T", stsProduct, action, err)
	}
	return nil
}

// stsRaw receives an STS answer undecoded: Client.send decodes into it
// without error for any JSON, so decoding errors (which quote the body)
// stay in decodeSTS.
type stsRaw []byte

// UnmarshalJSON keeps b.
func (r *stsRaw) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

// redactDecodeError replaces an error of Client.send's decoding (whose text
// quotes the body) by one that does not.
func redactDecodeError(action string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s %s: the answer is not JSON (syntax error at byte %d)", stsProduct, action, se.Offset)
	}
	return err
}

// assumeRoleParams are the parameters of AssumeRole.
type assumeRoleParams struct {
	RoleArn, RoleSessionName, Policy, ExternalID string
	DurationSeconds                              int
}

// assumeRole calls STS AssumeRole with the credentials of c.
func assumeRole(ctx context.Context, c *Client, p assumeRoleParams) (Credentials, time.Time, error) {
	q := url.Values{
		"RoleArn":         {p.RoleArn},
		"RoleSessionName": {p.RoleSessionName},
		"DurationSeconds": {strconv.Itoa(p.DurationSeconds)},
	}
	if p.Policy != "" {
		q.Set("Policy", p.Policy)
	}
	if p.ExternalID != "" {
		q.Set("ExternalId", p.ExternalID)
	}
	var raw stsRaw
	err := c.CallRPC(ctx, RPCRequest{Product: stsProduct, Version: stsVersion, Action: "AssumeRole", Method: http.MethodPost, Query: q}, &raw)
	return stsCredentials("AssumeRole", raw, err)
}

// stsCredentials is the outcome of an STS call of action that answered raw
// (or failed with err): the credentials and their expiry.
func stsCredentials(action string, raw stsRaw, err error) (Credentials, time.Time, error) {
	if err != nil {
		return Credentials{}, time.Time{}, redactDecodeError(action, err)
	}
	var resp stsCredentialsResponse
	if err := decodeSTS(action, raw, &resp); err != nil {
		return Credentials{}, time.Time{}, err
	}
	return resp.credentials(action)
}

// oidcParams are the parameters of AssumeRoleWithOIDC.
type oidcParams struct {
	RoleArn, OIDCProviderArn, OIDCToken, RoleSessionName, Policy string
	DurationSeconds                                              int
}

// assumeRoleWithOIDC calls STS AssumeRoleWithOIDC, unsigned, as
// credentials-go sends it: POST, Action, Version, Format and Timestamp in
// the query, the parameters (the OIDC token among them) in the form body.
func assumeRoleWithOIDC(ctx context.Context, c *Client, p oidcParams) (Credentials, time.Time, error) {
	form := url.Values{
		"RoleArn":         {p.RoleArn},
		"OIDCProviderArn": {p.OIDCProviderArn},
		"OIDCToken":       {p.OIDCToken},
		"RoleSessionName": {p.RoleSessionName},
		"DurationSeconds": {strconv.Itoa(p.DurationSeconds)},
	}
	if p.Policy != "" {
		form.Set("Policy", p.Policy)
	}
	var raw stsRaw
	err := c.callUnsignedRPC(ctx, RPCRequest{Product: stsProduct, Version: stsVersion, Action: "AssumeRoleWithOIDC", Method: http.MethodPost, Query: form}, &raw)
	return stsCredentials("AssumeRoleWithOIDC", raw, err)
}

// callUnsignedRPC sends r as a POST without credentials or signature:
// Action, Version, Format and Timestamp in the query, r.Query as the form
// body. It is for the anonymous STS AssumeRoleWithOIDC. Retries and
// errors are CallRPC's.
func (c *Client) callUnsignedRPC(ctx context.Context, r RPCRequest, out any) error {
	name := r.Product + " " + r.Action
	host, err := c.Host(r.Product)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	body := []byte(RPCCanonicalQuery(r.Query))
	// Assuming a role twice only issues a second set of credentials: a
	// retry after any connection error is safe.
	cl := &call{api: name, host: host, idempotent: true}
	return c.do(ctx, cl, func() *attemptError {
		w := &Wire{
			Method: http.MethodPost,
			Path:   "/",
			Query: url.Values{
				"Action":    {r.Action},
				"Version":   {r.Version},
				"Format":    {c.format},
				"Timestamp": {c.now().UTC().Format(stsTimeFormat)},
			},
			Header: map[string]string{
				"Host":         host,
				"Accept":       c.accept(),
				"Content-Type": "application/x-www-form-urlencoded",
			},
			Body: body,
		}
		return c.sendWire(ctx, w, out, cl)
	})
}
