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
	"log/slog"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"sort"
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

// Signature versions for Config.SignatureVersion.
const (
	// SignatureV3 is ACS3-HMAC-SHA256, the default: what Alibaba's
	// current official (Tea) SDKs send by default, for RPC and ROA.
	SignatureV3 = "v3"
	// SignatureV1 is signature 1.0 (HMAC-SHA1): the Signature parameter for
	// RPC, Authorization "acs id:sig" for ROA; what the classic SDK sends.
	SignatureV1 = "1.0"
)

// Config configures a Client. The zero value, with credentials the default
// chain finds (the environment, a profile, the instance role, …) and
// RegionID set, is a working configuration.
type Config struct {
	Credentials *Credentials // fixed credentials; nil with CredentialsProvider nil → DefaultCredentialsProvider
	RegionID    string       // e.g. "cn-hangzhou"; sent as RegionId for RPC when the request has none, as x-acs-region-id for ROA
	Endpoint    string       // host[:port] overriding the endpoint resolved from the product (ResolveEndpoint); "scheme://host[:port]" also sets the scheme
	Network     string       // "" or "public" (default), "vpc", "intranet", ...: the network the resolved endpoint is for
	Scheme      string       // "https" (default) or "http"
	// HTTPClient sends the requests; nil → a client with a 30 s timeout.
	// Its Transport is the hook for tracing and metrics: with
	// OpenTelemetry, HTTPClient: &http.Client{Transport:
	// otelhttp.NewTransport(http.DefaultTransport)} gives a span per
	// attempt (acsrt itself depends on no tracing library).
	HTTPClient *http.Client
	// UserAgent is appended, after a space, to DefaultUserAgent(), e.g.
	// "AlibabaCloud (linux; amd64) Golang/1.26.0 cccgen/v1.2.3 myapp/1".
	UserAgent string
	Format    string // "JSON" (default) or "XML": the response format asked for and decoded
	Retry     RetryPolicy
	// CredentialsProvider gives the credentials of each attempt, e.g.
	// refreshing temporary ones; set it or Credentials, not both. When
	// both are nil the client asks the default chain
	// (DefaultCredentialsProvider: environment, RRSA, CLI profile,
	// credentials file, ECS instance role, credentials URI).
	CredentialsProvider CredentialsProvider
	// Logger, when set, gets a Debug record per attempt (api, host,
	// attempt, status, request_id, duration, and error when it failed) and
	// a Warn record per retry (wait, reason). Records never hold the
	// credentials, signatures, security tokens or request headers. nil:
	// no logging, at no cost.
	Logger *slog.Logger
	// MaxResponseBytes bounds the body of a success response the client
	// reads: 0 → DefaultMaxResponseBytes (64 MiB); negative is invalid. A
	// larger body (by its Content-Length, or as read) fails the call,
	// without retry. Error responses are read up to 64 KiB
	// (MaxErrorBodyBytes) and decoded from what was read.
	MaxResponseBytes int64
	// DefaultVersion is the API version sent for APIs whose pages name
	// none (old pages often do not); a request's own Version wins.
	DefaultVersion string
	// SignatureVersion is SignatureV3 (ACS3-HMAC-SHA256, "" means it) or
	// SignatureV1 (RPC and ROA signature 1.0, HMAC-SHA1).
	SignatureVersion string
	// For tests: fixed clock and nonce.
	Now   func() time.Time
	Nonce func() string
}

// Client calls Alibaba Cloud APIs: RPC style (CallRPC) and ROA style
// (CallROA), signed with signature version 1.0, retried per Config.Retry.
// It is safe for concurrent use.
type Client struct {
	creds     CredentialsProvider
	region    string
	endpoint  string // host[:port], "" → per product
	network   string // Config.Network
	scheme    string
	hc        *http.Client
	userAgent string
	format    string // JSON or XML
	retry     RetryPolicy
	now       func() time.Time
	nonce     func() string
	version   string // Config.DefaultVersion
	signature string // SignatureV3 or SignatureV1
	log       *slog.Logger
	maxBody   int64 // Config.MaxResponseBytes or its default

	// Replaceable in tests: the wait between attempts and the jitter source.
	sleep func(ctx context.Context, d time.Duration) error
	randN func(n int64) int64
}

// NewClient checks cfg and returns a client.
func NewClient(cfg Config) (*Client, error) {
	c := &Client{
		region:    cfg.RegionID,
		hc:        cfg.HTTPClient,
		userAgent: DefaultUserAgent(),
		log:       cfg.Logger,
		now:       cfg.Now,
		nonce:     cfg.Nonce,
		version:   cfg.DefaultVersion,
		network:   cfg.Network,
		sleep:     defaultSleep,
		randN:     defaultRandN,
	}
	switch {
	case cfg.Credentials != nil && cfg.CredentialsProvider != nil:
		return nil, errors.New("acsrt: Config.Credentials and Config.CredentialsProvider are both set: set one")
	case cfg.Credentials != nil:
		if cfg.Credentials.AccessKeyID == "" || cfg.Credentials.AccessKeySecret == "" {
			return nil, errors.New("acsrt: Config.Credentials: AccessKeyID and AccessKeySecret are required")
		}
		c.creds = StaticCredentials(*cfg.Credentials)
	case cfg.CredentialsProvider != nil:
		c.creds = cfg.CredentialsProvider
	default:
		c.creds = DefaultCredentialsProvider()
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

	switch cfg.SignatureVersion {
	case "", SignatureV3:
		c.signature = SignatureV3
	case SignatureV1:
		c.signature = SignatureV1
	default:
		return nil, fmt.Errorf("acsrt: Config.SignatureVersion %q: want %q (ACS3-HMAC-SHA256, the default) or %q", cfg.SignatureVersion, SignatureV3, SignatureV1)
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
	switch {
	case cfg.MaxResponseBytes < 0:
		return nil, fmt.Errorf("acsrt: Config.MaxResponseBytes %d: negative (0 means the default, %d)", cfg.MaxResponseBytes, DefaultMaxResponseBytes)
	case cfg.MaxResponseBytes == 0:
		c.maxBody = DefaultMaxResponseBytes
	default:
		c.maxBody = cfg.MaxResponseBytes
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
// set, else ResolveEndpoint(product, Config.RegionID, Config.Network).
func (c *Client) Host(product string) (string, error) {
	if c.endpoint != "" {
		return c.endpoint, nil
	}
	return ResolveEndpoint(product, c.region, c.network)
}

// RPCRequest is one RPC call. The client adds the common parameters and
// signs it with Config.SignatureVersion:
//   - V3 (default): the parameters as they are (plus RegionId from
//     Config.RegionID when the API takes one and it is absent, Format=XML
//     when XML is asked for), the API named by the
//     x-acs-action and x-acs-version headers, x-acs-date, x-acs-signature-nonce,
//     x-acs-content-sha256, x-acs-security-token when set, and
//     Authorization: ACS3-HMAC-SHA256 …;
//   - 1.0: Action, Format, Version, AccessKeyId, SignatureMethod HMAC-SHA1,
//     Timestamp (UTC, 2006-01-02T15:04:05Z), SignatureVersion 1.0,
//     SignatureNonce, RegionId from Config.RegionID when absent (for every
//     API, as the classic SDK sends it), SecurityToken when set,
//     and the Signature parameter.
//
// It is sent as a GET query (Method "GET", default) or a POST form body
// (Method "POST").
type RPCRequest struct {
	Product string     // endpoint product code, e.g. "CCC"
	Version string     // API version, e.g. "2017-07-05"
	Action  string     // e.g. "GetInstanceSummaryReportSinceMidnight"
	Method  string     // "GET" (default) or "POST"
	Query   url.Values // the API's own parameters
	// RegionIdParam says the API takes a RegionId parameter: Config.RegionID
	// fills it when Query has none. Other APIs are sent without one, as the
	// official SDKs send them.
	RegionIdParam bool
	// IdempotencyKey names the API's idempotency parameter (ClientToken)
	// when it has one: the client sets it to a new NewClientToken() when
	// Query has none, once per call, so every attempt of the call carries
	// the same token, and the call is retried after any connection error
	// (see RetryPolicy).
	IdempotencyKey string
}

// Wire is a request as the client sends it: method, escaped path, query,
// headers (Host among them) and body. Its Authorization header (V3, ROA) or
// Signature parameter (RPC 1.0) signs the rest.
type Wire struct {
	Method string
	Path   string // as sent (escaped)
	Query  url.Values
	Header map[string]string
	Body   []byte
}

// Build-time checks shared by CallRPC and SignRPC.
func (c *Client) rpcMethod(r *RPCRequest) (string, error) {
	method := strings.ToUpper(r.Method)
	switch method {
	case "":
		method = http.MethodGet
	case http.MethodGet, http.MethodPost:
	default:
		return "", fmt.Errorf("Method %q: want GET or POST", r.Method)
	}
	if r.Version == "" {
		r.Version = c.version
	}
	if r.Action == "" || r.Version == "" {
		return "", errors.New("RPCRequest needs Action and Version (the page names no version: set Config.DefaultVersion)")
	}
	return method, nil
}

// SignRPC is r as the client sends it to host at time now with the given
// nonce, signed with Config.SignatureVersion.
func (c *Client) SignRPC(r RPCRequest, host string, now time.Time, nonce string) (*Wire, error) {
	method, err := c.rpcMethod(&r)
	if err != nil {
		return nil, err
	}
	cr, err := c.credentials(context.Background())
	if err != nil {
		return nil, err
	}
	return c.signRPC(r, method, host, cr, now, nonce), nil
}

func (c *Client) signRPC(r RPCRequest, method, host string, cr Credentials, now time.Time, nonce string) *Wire {
	p := make(url.Values, len(r.Query)+12)
	for k, v := range r.Query {
		p[k] = append([]string(nil), v...)
	}
	delete(p, "Signature")
	// V3 fills RegionId only for APIs that take one, as the Tea SDKs do;
	// 1.0 fills it for every call, as the classic SDK's RPC signature
	// composer does.
	if (r.RegionIdParam || c.signature == SignatureV1) && c.region != "" && p.Get("RegionId") == "" {
		p.Set("RegionId", c.region)
	}
	w := &Wire{Method: method, Path: "/", Header: map[string]string{"Host": host, "Accept": c.accept()}}
	if c.signature == SignatureV1 {
		p.Set("Action", r.Action)
		p.Set("Version", r.Version)
		p.Set("Format", c.format)
		p.Set("AccessKeyId", cr.AccessKeyID)
		p.Set("SignatureMethod", "HMAC-SHA1")
		p.Set("SignatureVersion", "1.0")
		p.Set("SignatureNonce", nonce)
		p.Set("Timestamp", now.UTC().Format("2006-01-02T15:04:05Z"))
		if cr.SecurityToken != "" {
			p.Set("SecurityToken", cr.SecurityToken)
		}
		p.Set("Signature", RPCSignature(method, p, cr.AccessKeySecret))
		if method == http.MethodGet {
			w.Query = p
		} else {
			w.Body = []byte(RPCCanonicalQuery(p) + "&Signature=" + PercentEncode(p.Get("Signature")))
			w.Header["Content-Type"] = "application/x-www-form-urlencoded"
		}
		return w
	}
	if c.format == "XML" {
		p.Set("Format", "XML")
	}
	if method == http.MethodGet {
		w.Query = p
	} else if len(p) > 0 {
		w.Body = []byte(RPCCanonicalQuery(p))
		w.Header["Content-Type"] = "application/x-www-form-urlencoded"
	}
	c.signV3(w, cr, r.Action, r.Version, now, nonce)
	return w
}

// signV3 adds the V3 headers and the Authorization to w.
func (c *Client) signV3(w *Wire, cr Credentials, action, version string, now time.Time, nonce string) {
	setHeader(w.Header, "x-acs-action", action)
	setHeader(w.Header, "x-acs-version", version)
	setHeader(w.Header, "x-acs-date", now.UTC().Format("2006-01-02T15:04:05Z"))
	setHeader(w.Header, "x-acs-signature-nonce", nonce)
	setHeader(w.Header, "x-acs-content-sha256", V3HashedPayload(w.Body))
	if cr.SecurityToken != "" {
		setHeader(w.Header, "x-acs-security-token", cr.SecurityToken)
	}
	delHeader(w.Header, "Authorization")
	canonical, signed := V3CanonicalRequest(w.Method, w.Path, w.Query, w.Header, w.Header["x-acs-content-sha256"])
	w.Header["Authorization"] = V3Authorization(cr.AccessKeyID, cr.AccessKeySecret, canonical, signed)
}

// CallRPC sends r and decodes the response body into out (skipped when out
// is nil or the body is empty). Errors of the service are *APIError.
func (c *Client) CallRPC(ctx context.Context, r RPCRequest, out any) error {
	name := r.Product + " " + r.Action
	method, err := c.rpcMethod(&r)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	host, err := c.Host(r.Product)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	fillRPCToken(&r)
	cl := &call{api: name, host: host, idempotent: r.IdempotencyKey != ""}
	return c.do(ctx, cl, func() *attemptError {
		cr, err := c.credentials(ctx)
		if err != nil {
			return &attemptError{err: err} // not retried
		}
		return c.sendWire(ctx, c.signRPC(r, method, host, cr, c.now(), c.nonce()), out, cl)
	})
}

// ROARequest is one ROA call. The client signs it with
// Config.SignatureVersion:
//   - V3 (default): x-acs-action, x-acs-version, x-acs-date,
//     x-acs-signature-nonce, x-acs-content-sha256, x-acs-security-token when
//     set, x-acs-region-id when set, and Authorization: ACS3-HMAC-SHA256 …;
//   - 1.0: Authorization: acs <id>:<sig> over method, Accept, Content-MD5,
//     Content-Type, Date, the x-acs-* headers (x-acs-signature-method
//     HMAC-SHA1, x-acs-signature-version 1.0, x-acs-signature-nonce,
//     x-acs-action, x-acs-version, x-acs-security-token and x-acs-region-id
//     when set) and the resource (path + sorted query, not percent-encoded).
type ROARequest struct {
	Product, Version string
	Action           string            // sent as x-acs-action
	Method           string            // GET (default), POST, PUT, DELETE, PATCH, HEAD
	Path             string            // already substituted and escaped, e.g. /openapi/instances/es-1/actions/restart
	Query            url.Values        // sent in the URL
	Headers          map[string]string // extra headers; they may set Accept, Content-Type and x-acs-* (not the signature's own)
	Body             []byte            // nil: none
	ContentType      string            // e.g. application/json; default application/octet-stream when there is a body
	// IdempotencyKey names the API's idempotency parameter (ClientToken),
	// as RPCRequest.IdempotencyKey: a query parameter, or with
	// IdempotencyKeyInBody a member of the JSON object body.
	IdempotencyKey       string
	IdempotencyKeyInBody bool
}

func (c *Client) roaMethod(r *ROARequest) (string, error) {
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead:
	default:
		return "", fmt.Errorf("Method %q: want GET, POST, PUT, DELETE, PATCH or HEAD", r.Method)
	}
	if !strings.HasPrefix(r.Path, "/") {
		return "", errors.New("ROARequest.Path must start with /")
	}
	if _, err := url.PathUnescape(r.Path); err != nil {
		return "", fmt.Errorf("ROARequest.Path %q: %w", r.Path, err)
	}
	if r.Version == "" {
		r.Version = c.version
	}
	if r.Version == "" {
		return "", errors.New("ROARequest needs Version (the page names no version: set Config.DefaultVersion)")
	}
	return method, nil
}

// SignROA is r as the client sends it to host at time now with the given
// nonce, signed with Config.SignatureVersion.
func (c *Client) SignROA(r ROARequest, host string, now time.Time, nonce string) (*Wire, error) {
	method, err := c.roaMethod(&r)
	if err != nil {
		return nil, err
	}
	cr, err := c.credentials(context.Background())
	if err != nil {
		return nil, err
	}
	return c.signROA(r, method, host, cr, now, nonce), nil
}

func (c *Client) signROA(r ROARequest, method, host string, cr Credentials, now time.Time, nonce string) *Wire {
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
	setHeader(h, "Host", host)
	w := &Wire{Method: method, Path: r.Path, Query: r.Query, Header: h, Body: r.Body}
	if c.signature != SignatureV1 {
		delHeader(h, "Content-MD5")
		c.signV3(w, cr, r.Action, r.Version, now, nonce)
		return w
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
	if r.Action != "" {
		setHeader(h, "x-acs-action", r.Action)
	}
	setHeader(h, "x-acs-version", r.Version)
	if cr.SecurityToken != "" {
		setHeader(h, "x-acs-security-token", cr.SecurityToken)
	}
	delHeader(h, "Authorization")
	h["Authorization"] = ROAAuthorization(cr.AccessKeyID, cr.AccessKeySecret, ROAStringToSign(method, h, ROAResource(r.Path, r.Query)))
	return w
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
	name := r.Product + " " + strings.ToUpper(r.Method) + " " + r.Path
	method, err := c.roaMethod(&r)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	name = r.Product + " " + method + " " + r.Path
	host, err := c.Host(r.Product)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	fillROAToken(&r)
	cl := &call{api: name, host: host, idempotent: r.IdempotencyKey != "" || method == http.MethodGet || method == http.MethodHead}
	return c.do(ctx, cl, func() *attemptError {
		cr, err := c.credentials(ctx)
		if err != nil {
			return &attemptError{err: err} // not retried
		}
		return c.sendWire(ctx, c.signROA(r, method, host, cr, c.now(), c.nonce()), out, cl)
	})
}

// encodeQuery writes q sorted by key, the values of a key in their order,
// as PercentEncode(k)=PercentEncode(v) joined with "&".
func encodeQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(PercentEncode(k))
			b.WriteByte('=')
			b.WriteString(PercentEncode(v))
		}
	}
	return b.String()
}

// sendWire sends w over HTTP(S) and decodes the answer into out.
func (c *Client) sendWire(ctx context.Context, w *Wire, out any, cl *call) *attemptError {
	u := url.URL{Scheme: c.scheme, Host: w.Header["Host"], RawPath: w.Path}
	u.Path, _ = url.PathUnescape(w.Path) // checked by roaMethod; "/" for RPC
	u.RawQuery = encodeQuery(w.Query)
	var body io.Reader
	if w.Body != nil {
		body = bytes.NewReader(w.Body)
	}
	req, err := http.NewRequestWithContext(ctx, w.Method, u.String(), body)
	if err != nil {
		return &attemptError{err: err}
	}
	for k, v := range w.Header {
		if textproto.CanonicalMIMEHeaderKey(k) == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	return c.send(ctx, req, out, cl)
}

// readBody reads a whole response body, into one buffer of the size the
// response declares when it declares one.
func readBody(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 || n > 64<<20 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, n+1) // +1: io.ReadAll-style EOF detection without growing
	for {
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			// Longer than declared: go on as io.ReadAll does.
			rest, err := io.ReadAll(r)
			return append(b, rest...), err
		}
	}
}

func (c *Client) accept() string {
	if c.format == "XML" {
		return "application/xml"
	}
	return "application/json"
}

// send runs one attempt of cl: it sends req, reads the whole response and
// turns it into nil, an *APIError or another error, saying whether to
// retry (see RetryPolicy), and notes the status and request ID in cl.
func (c *Client) send(ctx context.Context, req *http.Request, out any, cl *call) *attemptError {
	req.Header.Set("User-Agent", c.userAgent)
	cl.status, cl.requestID = 0, ""
	var trace *connTrace
	if !cl.idempotent {
		trace = new(connTrace)
		req = trace.with(req)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &attemptError{err: err, retry: ctx.Err() == nil && retryableTransport(err) && (cl.idempotent || notSent(err, trace))}
	}
	cl.status, cl.requestID = resp.StatusCode, responseRequestID(resp.Header)
	body, err := c.readResponse(resp)
	resp.Body.Close()
	if err != nil {
		var tooLarge *responseTooLargeError
		return &attemptError{
			err: fmt.Errorf("reading the response (HTTP %d): %w", resp.StatusCode, err),
			// The service answered: reading the answer again means doing
			// the call again.
			retry: ctx.Err() == nil && cl.idempotent && !errors.As(err, &tooLarge) && retryableTransport(err),
		}
	}
	var apiErr *APIError
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr = parseAPIError(resp.StatusCode, body)
	}
	// The decoders read a string: one copy of the body, shared by the
	// error check and the decoded strings.
	text := string(body)
	if apiErr == nil {
		apiErr = successError(resp.StatusCode, text)
	}
	if apiErr != nil {
		if apiErr.RequestID == "" {
			apiErr.RequestID = resp.Header.Get("x-log-requestid")
		}
		if cl.requestID == "" {
			cl.requestID = apiErr.RequestID
		}
		return &attemptError{err: apiErr, retry: apiErr.IsThrottling() || apiErr.StatusCode >= 500}
	}
	if cl.requestID == "" && c.log != nil && c.format == "JSON" && c.log.Enabled(ctx, slog.LevelDebug) {
		cl.requestID = bodyRequestID(text)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	switch {
	case Decodable(out) && c.format == "XML":
		// Generated types: one pass, no reflection.
		err = unmarshalXML(text, out)
	case Decodable(out):
		// Generated types: one pass, no reflection, unknown keys skipped.
		err = unmarshalJSON(text, out)
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
