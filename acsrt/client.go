package acsrt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"time"
)

// Credentials sign requests.
type Credentials struct{ AccessKeyID, AccessKeySecret, SecurityToken string }

// The environment variables CredentialsFromEnv reads.
const (
	EnvAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
)

// CredentialsFromEnv reads ALIBABA_CLOUD_ACCESS_KEY_ID,
// ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN (optional,
// for STS credentials). It is an error if the id or the secret is missing or
// empty; the error names the variables but never their values.
func CredentialsFromEnv() (*Credentials, error) {
	c := &Credentials{
		AccessKeyID:     os.Getenv(EnvAccessKeyID),
		AccessKeySecret: os.Getenv(EnvAccessKeySecret),
		SecurityToken:   os.Getenv(EnvSecurityToken),
	}
	var missing []string
	if c.AccessKeyID == "" {
		missing = append(missing, EnvAccessKeyID)
	}
	if c.AccessKeySecret == "" {
		missing = append(missing, EnvAccessKeySecret)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("acsrt: no credentials in the environment: %s not set", strings.Join(missing, " and "))
	}
	return c, nil
}

// Config configures a Client. The zero value, with credentials in the
// environment and RegionID set, is a working configuration.
type Config struct {
	Credentials *Credentials // nil → CredentialsFromEnv at NewClient
	RegionID    string       // e.g. "cn-hangzhou"; sent as RegionId for RPC when the request has none, as x-acs-region-id for ROA
	Endpoint    string       // host[:port] overriding the default "<product>.<region>.aliyuncs.com" (product lower-cased); "scheme://host[:port]" also sets the scheme
	Scheme      string       // "https" (default) or "http"
	HTTPClient  *http.Client // nil → a client with a 30 s timeout
	UserAgent   string       // appended to "cccgen"
	Format      string       // "JSON" (default) or "XML": the response format asked for and decoded
	Retry       RetryPolicy
	// DefaultVersion is the API version sent for APIs whose pages name
	// none (old pages often do not); a request's own Version wins.
	DefaultVersion string
	// For tests: fixed clock and nonce.
	Now   func() time.Time
	Nonce func() string
}

// Client calls Alibaba Cloud APIs: RPC style (CallRPC) and ROA style
// (CallROA), signed with signature version 1.0, retried per Config.Retry.
// It is safe for concurrent use.
type Client struct {
	creds     Credentials
	region    string
	endpoint  string // host[:port], "" → per product
	scheme    string
	hc        *http.Client
	userAgent string
	format    string // JSON or XML
	retry     RetryPolicy
	now       func() time.Time
	nonce     func() string
	version   string // Config.DefaultVersion

	// Replaceable in tests: the wait between attempts and the jitter source.
	sleep func(ctx context.Context, d time.Duration) error
	randN func(n int64) int64
}

// NewClient checks cfg and returns a client.
func NewClient(cfg Config) (*Client, error) {
	c := &Client{
		region:    cfg.RegionID,
		hc:        cfg.HTTPClient,
		userAgent: "cccgen",
		now:       cfg.Now,
		nonce:     cfg.Nonce,
		version:   cfg.DefaultVersion,
		sleep:     defaultSleep,
		randN:     defaultRandN,
	}
	if cfg.Credentials == nil {
		creds, err := CredentialsFromEnv()
		if err != nil {
			return nil, err
		}
		c.creds = *creds
	} else {
		if cfg.Credentials.AccessKeyID == "" || cfg.Credentials.AccessKeySecret == "" {
			return nil, errors.New("acsrt: Config.Credentials: AccessKeyID and AccessKeySecret are required")
		}
		c.creds = *cfg.Credentials
	}

	c.scheme = strings.ToLower(cfg.Scheme)
	c.endpoint = cfg.Endpoint
	if scheme, host, ok := strings.Cut(cfg.Endpoint, "://"); ok {
		scheme = strings.ToLower(scheme)
		if c.scheme != "" && c.scheme != scheme {
			return nil, fmt.Errorf("acsrt: Config.Endpoint %q and Config.Scheme %q disagree", cfg.Endpoint, cfg.Scheme)
		}
		c.scheme, c.endpoint = scheme, strings.TrimSuffix(host, "/")
	}
	if strings.ContainsAny(c.endpoint, "/?#@ ") {
		return nil, fmt.Errorf("acsrt: Config.Endpoint %q: want host[:port]", cfg.Endpoint)
	}
	switch c.scheme {
	case "":
		c.scheme = "https"
	case "http", "https":
	default:
		return nil, fmt.Errorf("acsrt: Config.Scheme %q: want https or http", cfg.Scheme)
	}

	switch f := strings.ToUpper(cfg.Format); f {
	case "":
		c.format = "JSON"
	case "JSON", "XML":
		c.format = f
	default:
		return nil, fmt.Errorf("acsrt: Config.Format %q: want JSON or XML", cfg.Format)
	}

	if ua := strings.TrimSpace(cfg.UserAgent); ua != "" {
		c.userAgent += " " + ua
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 30 * time.Second}
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.nonce == nil {
		c.nonce = randomNonce
	}
	var err error
	if c.retry, err = cfg.Retry.withDefaults(); err != nil {
		return nil, err
	}
	return c, nil
}

// randomNonce is 128 random bits in hex.
func randomNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b[:])
}

// Host is the host[:port] requests for product go to: Config.Endpoint when
// set, else "<product>.<region>.aliyuncs.com" with product lower-cased.
func (c *Client) Host(product string) (string, error) {
	if c.endpoint != "" {
		return c.endpoint, nil
	}
	if product == "" {
		return "", errors.New("no Product and no Config.Endpoint")
	}
	if c.region == "" {
		return "", fmt.Errorf("no endpoint for %s: set Config.RegionID or Config.Endpoint", product)
	}
	return strings.ToLower(product) + "." + c.region + ".aliyuncs.com", nil
}

// RPCRequest is one RPC call: common parameters (Format, Version,
// AccessKeyId, SignatureMethod HMAC-SHA1, Timestamp (UTC,
// 2006-01-02T15:04:05Z), SignatureVersion 1.0, SignatureNonce, RegionId
// when set and absent, SecurityToken when set) are added, the whole is signed
// (RPC signature 1.0) and sent as a GET query (Method "GET", default) or a
// POST form body (Method "POST").
type RPCRequest struct {
	Product string     // endpoint product code, e.g. "CCC"
	Version string     // API version, e.g. "2017-07-05"
	Action  string     // e.g. "GetInstanceSummaryReportSinceMidnight"
	Method  string     // "GET" (default) or "POST"
	Query   url.Values // the API's own parameters
}

// RPCParams is the parameter set of r as the client signs it, without the
// Signature: r.Query plus Action and the common parameters, at time now with
// the given nonce.
func (c *Client) RPCParams(r RPCRequest, now time.Time, nonce string) url.Values {
	p := make(url.Values, len(r.Query)+12)
	for k, v := range r.Query {
		p[k] = append([]string(nil), v...)
	}
	delete(p, "Signature")
	p.Set("Action", r.Action)
	p.Set("Version", r.Version)
	p.Set("Format", c.format)
	p.Set("AccessKeyId", c.creds.AccessKeyID)
	p.Set("SignatureMethod", "HMAC-SHA1")
	p.Set("SignatureVersion", "1.0")
	p.Set("SignatureNonce", nonce)
	p.Set("Timestamp", now.UTC().Format("2006-01-02T15:04:05Z"))
	if c.region != "" && p.Get("RegionId") == "" {
		p.Set("RegionId", c.region)
	}
	if c.creds.SecurityToken != "" {
		p.Set("SecurityToken", c.creds.SecurityToken)
	}
	return p
}

// CallRPC sends r and decodes the response body into out (skipped when out
// is nil or the body is empty). Errors of the service are *APIError.
func (c *Client) CallRPC(ctx context.Context, r RPCRequest, out any) error {
	name := r.Product + " " + r.Action
	method := strings.ToUpper(r.Method)
	switch method {
	case "":
		method = http.MethodGet
	case http.MethodGet, http.MethodPost:
	default:
		return fmt.Errorf("acsrt: %s: Method %q: want GET or POST", name, r.Method)
	}
	if r.Version == "" {
		r.Version = c.version
	}
	if r.Action == "" || r.Version == "" {
		return fmt.Errorf("acsrt: %s: RPCRequest needs Action and Version (the page names no version: set Config.DefaultVersion)", name)
	}
	host, err := c.Host(r.Product)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	return c.do(ctx, name, func() *attemptError {
		params := c.RPCParams(r, c.now(), c.nonce())
		signed := RPCCanonicalQuery(params) + "&Signature=" + PercentEncode(RPCSignature(method, params, c.creds.AccessKeySecret))
		u := url.URL{Scheme: c.scheme, Host: host, Path: "/"}
		var body io.Reader
		if method == http.MethodGet {
			u.RawQuery = signed
		} else {
			body = strings.NewReader(signed)
		}
		req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
		if err != nil {
			return &attemptError{err: err}
		}
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("Accept", c.accept())
		return c.send(ctx, req, out)
	})
}

// ROARequest is one ROA call, signed with ROA signature 1.0 (Authorization:
// acs <id>:<sig>) over method, Accept, Content-MD5, Content-Type, Date,
// x-acs-* headers (x-acs-signature-method HMAC-SHA1, x-acs-signature-version
// 1.0, x-acs-signature-nonce, x-acs-version <Version>, x-acs-security-token
// when set, x-acs-region-id when set) and the resource (path + sorted query,
// not percent-encoded).
type ROARequest struct {
	Product, Version string
	Method           string            // GET (default), POST, PUT, DELETE, PATCH, HEAD
	Path             string            // already substituted, e.g. /openapi/instances/es-1/actions/restart
	Query            url.Values        // sent in the URL
	Headers          map[string]string // extra headers; they may set Accept, Content-Type and x-acs-* (not the signature's own)
	Body             []byte            // nil: none
	ContentType      string            // e.g. application/json; default application/octet-stream when there is a body
}

// ROAHeaders is the header set of r as the client signs and sends it, at
// time now with the given nonce: every header ROAStringToSign looks at, plus
// r.Headers. Names are as given, except the ones the client sets.
func (c *Client) ROAHeaders(r ROARequest, now time.Time, nonce string) map[string]string {
	h := map[string]string{"Accept": c.accept()}
	if r.Body != nil {
		h["Content-Type"] = "application/octet-stream"
	}
	if r.ContentType != "" {
		h["Content-Type"] = r.ContentType
	}
	if c.region != "" {
		h["x-acs-region-id"] = c.region
	}
	for k, v := range r.Headers {
		setHeader(h, k, v)
	}
	setHeader(h, "Date", now.UTC().Format(http.TimeFormat))
	if r.Body != nil {
		setHeader(h, "Content-MD5", ContentMD5(r.Body))
	} else {
		delHeader(h, "Content-MD5")
	}
	setHeader(h, "x-acs-signature-method", "HMAC-SHA1")
	setHeader(h, "x-acs-signature-version", "1.0")
	setHeader(h, "x-acs-signature-nonce", nonce)
	setHeader(h, "x-acs-version", r.Version)
	if c.creds.SecurityToken != "" {
		setHeader(h, "x-acs-security-token", c.creds.SecurityToken)
	}
	delHeader(h, "Authorization")
	return h
}

// setHeader replaces any header named k in any case by k: v.
func setHeader(h map[string]string, k, v string) {
	delHeader(h, k)
	h[k] = v
}

func delHeader(h map[string]string, k string) {
	for old := range h {
		if strings.EqualFold(old, k) {
			delete(h, old)
		}
	}
}

// CallROA sends r and decodes the response body into out (skipped when out
// is nil or the body is empty). Errors of the service are *APIError.
func (c *Client) CallROA(ctx context.Context, r ROARequest, out any) error {
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	name := r.Product + " " + method + " " + r.Path
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead:
	default:
		return fmt.Errorf("acsrt: %s: Method %q: want GET, POST, PUT, DELETE, PATCH or HEAD", name, r.Method)
	}
	if !strings.HasPrefix(r.Path, "/") {
		return fmt.Errorf("acsrt: %s: ROARequest.Path must start with /", name)
	}
	if r.Version == "" {
		r.Version = c.version
	}
	if r.Version == "" {
		return fmt.Errorf("acsrt: %s: ROARequest needs Version (the page names no version: set Config.DefaultVersion)", name)
	}
	host, err := c.Host(r.Product)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	resource := ROAResource(r.Path, r.Query)
	return c.do(ctx, name, func() *attemptError {
		h := c.ROAHeaders(r, c.now(), c.nonce())
		auth := ROAAuthorization(c.creds.AccessKeyID, c.creds.AccessKeySecret, ROAStringToSign(method, h, resource))
		u := url.URL{Scheme: c.scheme, Host: host, Path: r.Path, RawQuery: r.Query.Encode()}
		var body io.Reader
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
		if err != nil {
			return &attemptError{err: err}
		}
		for k, v := range h {
			if textproto.CanonicalMIMEHeaderKey(k) == "Host" {
				req.Host = v
				continue
			}
			req.Header.Set(k, v)
		}
		req.Header.Set("Authorization", auth)
		return c.send(ctx, req, out)
	})
}

func (c *Client) accept() string {
	if c.format == "XML" {
		return "application/xml"
	}
	return "application/json"
}

// send runs one attempt: it sends req, reads the whole response and turns
// it into nil, an *APIError or another error, saying whether to retry.
func (c *Client) send(ctx context.Context, req *http.Request, out any) *attemptError {
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.hc.Do(req)
	if err != nil {
		return &attemptError{err: err, retry: ctx.Err() == nil && retryableTransport(err)}
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return &attemptError{
			err:   fmt.Errorf("reading the response (HTTP %d): %w", resp.StatusCode, err),
			retry: ctx.Err() == nil && retryableTransport(err),
		}
	}
	var apiErr *APIError
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr = parseAPIError(resp.StatusCode, body)
	} else {
		apiErr = successError(resp.StatusCode, body)
	}
	if apiErr != nil {
		if apiErr.RequestID == "" {
			apiErr.RequestID = resp.Header.Get("x-log-requestid")
		}
		return &attemptError{err: apiErr, retry: apiErr.IsThrottling() || apiErr.StatusCode >= 500}
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	switch {
	case Decodable(out) && c.format == "XML":
		// Generated types: one pass, no reflection.
		err = UnmarshalXML(body, out)
	case Decodable(out):
		// Generated types: one pass, no reflection, unknown keys skipped.
		err = UnmarshalJSON(body, out)
	case c.format == "XML":
		err = xml.Unmarshal(body, out)
	default:
		err = json.Unmarshal(body, out)
	}
	if err != nil {
		return &attemptError{err: fmt.Errorf("decoding the %s response (HTTP %d, %q): %w", c.format, resp.StatusCode, bodySnippet(body, 200), err)}
	}
	return nil
}
