package acsrt

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Log Service (SLS) speaks its own protocol: the project in the host name
// (<project>.<region>.log.aliyuncs.com), x-log-* headers, and the LOG
// signature (Authorization: LOG <id>:<sig>, HMAC-SHA1 over the method,
// Content-MD5, Content-Type, Date, the x-log-/x-acs- headers and the
// resource).

// SLSAPIVersion is the x-log-apiversion every request carries.
const SLSAPIVersion = "0.6.0"

// SLSRequest is one Log Service call.
type SLSRequest struct {
	// Project goes into the host name; "" for project-less calls
	// (ListProject): the request goes to the region's endpoint itself.
	Project string
	Method  string // GET (default), POST, PUT, DELETE, HEAD
	// Path is already substituted (placeholder values path-escaped) and may
	// end with a fixed query (/logstores/app?type=log), sent and signed
	// with Query.
	Path        string
	Query       url.Values        // sent in the URL and signed
	Headers     map[string]string // extra headers (x-log-compresstype, Accept-Encoding, …); not the ones the client sets
	Body        []byte            // nil: none
	ContentType string            // default application/json when there is a body
}

// SLSHost is where a Log Service request for project goes, and the Host
// header it carries. Without Config.Endpoint: <project>.<region>.log.aliyuncs.com
// (<region>.log.aliyuncs.com without a project). With Config.Endpoint E, as
// the official SDK does: <project>.E (E without a project); when E is an IP
// address or localhost (a test server, a proxy) the request is sent to E
// itself with the Host header <project>.E.
func (c *Client) SLSHost(project string) (addr, host string, err error) {
	base := c.endpoint
	if base == "" {
		if c.region == "" {
			return "", "", fmt.Errorf("no Log Service endpoint: set Config.RegionID or Config.Endpoint")
		}
		base = c.region + ".log.aliyuncs.com"
	}
	host = base
	if project != "" {
		if strings.ContainsAny(project, "./:@?#% ") {
			return "", "", fmt.Errorf("project %q is not a valid project name", project)
		}
		host = project + "." + base
	}
	addr = host
	if c.endpoint != "" && isLiteralHost(c.endpoint) {
		addr = c.endpoint
	}
	return addr, host, nil
}

// isLiteralHost reports whether hostport names an IP address or localhost,
// which no project subdomain can be put in front of.
func isLiteralHost(hostport string) bool {
	h := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		h = hh
	}
	h = strings.Trim(h, "[]")
	return net.ParseIP(h) != nil || strings.EqualFold(h, "localhost")
}

// SLSHeaders is the header set of r as the client signs and sends it, at
// time now, without Authorization: r.Headers, then Date, x-log-apiversion,
// x-log-signaturemethod hmac-sha1, x-log-bodyrawsize, with a body
// Content-Type and Content-MD5 (upper-case hex), and x-acs-security-token
// with STS credentials (those the client's credentials provider gives now;
// none when it fails).
func (c *Client) SLSHeaders(r SLSRequest, now time.Time) map[string]string {
	cr, _ := c.credentials(context.Background())
	return c.slsHeaders(r, now, cr)
}

func (c *Client) slsHeaders(r SLSRequest, now time.Time, cr Credentials) map[string]string {
	h := map[string]string{}
	for k, v := range r.Headers {
		setHeader(h, k, v)
	}
	setHeader(h, "Date", now.UTC().Format(http.TimeFormat))
	setHeader(h, "x-log-apiversion", SLSAPIVersion)
	setHeader(h, "x-log-signaturemethod", "hmac-sha1")
	setHeader(h, "x-log-bodyrawsize", strconv.Itoa(len(r.Body)))
	delHeader(h, "Content-MD5")
	if r.Body != nil {
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		setHeader(h, "Content-Type", ct)
		setHeader(h, "Content-MD5", SLSContentMD5(r.Body))
	} else if r.ContentType != "" {
		setHeader(h, "Content-Type", r.ContentType)
	}
	delHeader(h, "x-acs-security-token")
	if cr.SecurityToken != "" {
		setHeader(h, "x-acs-security-token", cr.SecurityToken)
	}
	delHeader(h, "Authorization")
	return h
}

// SLSContentMD5 is the MD5 of body as upper-case hex (not base64, unlike ROA).
func SLSContentMD5(body []byte) string {
	sum := md5.Sum(body)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// SLSResource is the canonicalized resource: the path, then with a query
// "?" and the parameters sorted by name as name=value joined with "&",
// nothing percent-encoded.
func SLSResource(path string, query url.Values) string {
	if path == "" {
		path = "/"
	}
	if len(query) == 0 {
		return path
	}
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(path)
	for i, k := range keys {
		vs := query[k]
		if len(vs) == 0 {
			vs = []string{""}
		}
		for j, v := range vs {
			if i == 0 && j == 0 {
				b.WriteByte('?')
			} else {
				b.WriteByte('&')
			}
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String()
}

// SLSStringToSign is VERB, Content-MD5, Content-Type, Date (absent ones as
// empty lines), the x-log-* and x-acs-* headers (names lower-cased, values
// trimmed, sorted by name, name:value) and the resource, joined with "\n".
func SLSStringToSign(method string, headers map[string]string, resource string) string {
	get := func(name string) string {
		for k, v := range headers {
			if strings.EqualFold(k, name) {
				return strings.TrimSpace(v)
			}
		}
		return ""
	}
	var canon []string
	for k, v := range headers {
		lk := strings.ToLower(strings.TrimSpace(k))
		if strings.HasPrefix(lk, "x-log-") || strings.HasPrefix(lk, "x-acs-") {
			canon = append(canon, lk+":"+strings.TrimSpace(v))
		}
	}
	sort.Strings(canon)
	var b strings.Builder
	for _, s := range []string{strings.ToUpper(method), get("Content-MD5"), get("Content-Type"), get("Date")} {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	b.WriteString(strings.Join(canon, "\n"))
	b.WriteByte('\n')
	b.WriteString(resource)
	return b.String()
}

// SLSAuthorization is "LOG <id>:" + base64(HMAC-SHA1(secret, stringToSign)).
func SLSAuthorization(accessKeyID, secret, stringToSign string) string {
	return "LOG " + accessKeyID + ":" + hmacSHA1(secret, stringToSign)
}

// splitFixedQuery separates a path's fixed query (/x?type=log) and adds it
// to q (a copy; q's own values win).
func splitFixedQuery(path string, q url.Values) (string, url.Values, error) {
	out := url.Values{}
	p, raw, ok := strings.Cut(path, "?")
	if ok && raw != "" {
		fixed, err := url.ParseQuery(raw)
		if err != nil {
			return "", nil, fmt.Errorf("the fixed query of Path %q: %w", path, err)
		}
		for k, v := range fixed {
			out[k] = append([]string(nil), v...)
		}
	}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return p, out, nil
}

// CallSLS sends a Log Service request signed with the LOG signature and
// decodes the JSON response body into out (skipped when out is nil or the
// body is empty), with the retries of CallROA. Errors of the service
// ({"errorCode","errorMessage"} and the x-log-requestid header) are *APIError.
func (c *Client) CallSLS(ctx context.Context, r SLSRequest, out any) error {
	method := strings.ToUpper(r.Method)
	if method == "" {
		method = http.MethodGet
	}
	name := "SLS " + method + " " + r.Path
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodHead, http.MethodPatch:
	default:
		return fmt.Errorf("acsrt: %s: Method %q: want GET, POST, PUT, DELETE, PATCH or HEAD", name, r.Method)
	}
	if !strings.HasPrefix(r.Path, "/") {
		return fmt.Errorf("acsrt: %s: SLSRequest.Path must start with /", name)
	}
	escPath, query, err := splitFixedQuery(r.Path, r.Query)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	path, err := url.PathUnescape(escPath)
	if err != nil {
		return fmt.Errorf("acsrt: %s: Path: %w", name, err)
	}
	addr, host, err := c.SLSHost(r.Project)
	if err != nil {
		return fmt.Errorf("acsrt: %s: %w", name, err)
	}
	resource := SLSResource(path, query)
	// Log Service answers JSON whatever Config.Format says.
	jc := c
	if c.format != "JSON" {
		cp := *c
		cp.format = "JSON"
		jc = &cp
	}
	cl := &call{api: name, host: host, idempotent: method == http.MethodGet || method == http.MethodHead}
	return c.do(ctx, cl, func() *attemptError {
		cr, err := c.credentials(ctx)
		if err != nil {
			return &attemptError{err: err} // not retried
		}
		h := c.slsHeaders(r, c.now(), cr)
		auth := SLSAuthorization(cr.AccessKeyID, cr.AccessKeySecret, SLSStringToSign(method, h, resource))
		u := url.URL{Scheme: c.scheme, Host: addr, Path: path, RawPath: escPath, RawQuery: query.Encode()}
		var body io.Reader
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
		if err != nil {
			return &attemptError{err: err}
		}
		req.Host = host
		for k, v := range h {
			if textproto.CanonicalMIMEHeaderKey(k) == "Host" {
				continue
			}
			req.Header.Set(k, v)
		}
		if req.Header.Get("Accept") == "" {
			req.Header.Set("Accept", "application/json")
		}
		req.Header.Set("Authorization", auth)
		return jc.send(ctx, req, out, cl)
	})
}
