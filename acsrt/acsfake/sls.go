package acsfake

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Log Service (SLS) requests: routed by method and path template among the
// APIs of Style "SLS", the project read from the Host header
// (<project>.<endpoint>), checked for the LOG signature, Content-MD5
// (upper-case hex), x-log-apiversion, x-log-signaturemethod,
// x-log-bodyrawsize, the security token and the required parameters, and
// answered with errors as Log Service writes them: {"errorCode",
// "errorMessage"} with an x-log-requestid header.
//
// Order of the checks: routing (404 InvalidAction.NotFound), injected
// faults, AccessKeyId (401 Unauthorized), x-log-apiversion and
// x-log-signaturemethod (400 InvalidHeader), signature (401
// SignatureNotMatch, whose errorMessage carries the fake's string to sign),
// Content-MD5 (400 InvalidContentMD5), x-log-bodyrawsize (400
// InvalidBodyRawSize), security token (401 Unauthorized), required
// parameters (400 ParameterInvalid), then the example with status 200.

// isSLSRequest tells a Log Service request: a LOG authorization or an
// x-log-apiversion header.
func isSLSRequest(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), "LOG ") || r.Header.Get("x-log-apiversion") != ""
}

// slsProject is the project a Host names: the labels before the fake's
// own endpoint (p.127.0.0.1:8080), or before <region>.log.aliyuncs.com.
func (s *Server) slsProject(host string) string {
	if p, ok := strings.CutSuffix(host, "."+s.Endpoint()); ok {
		return p
	}
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	if rest, ok := strings.CutSuffix(strings.ToLower(h), ".log.aliyuncs.com"); ok {
		if p, region, ok := strings.Cut(rest, "."); ok && region != "" {
			return p
		}
	}
	return ""
}

func slsScore(rt *route) int { return rt.literal*64 + len(rt.query) }

// serveSLS answers one Log Service request.
func (c *call) serveSLS() {
	s, r := c.s, c.r
	c.sls = true
	c.w.Header().Set("x-log-requestid", c.rid)
	body, err := io.ReadAll(http.MaxBytesReader(c.w, r.Body, maxBody))
	if err != nil {
		c.fail(http.StatusBadRequest, "PostBodyInvalid", "The request body cannot be read: "+err.Error())
		return
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		c.fail(http.StatusBadRequest, "ParameterInvalid", "The query string is malformed: "+err.Error())
		return
	}
	project := s.slsProject(r.Host)
	var rt *route
	var vars map[string]string
	for _, cand := range s.roa {
		if cand.api.Style != "SLS" {
			continue
		}
		// The most literal text wins, then the most fixed query
		// (/logstores/{name}?type=log over /logstores/{name}).
		if v, ok := cand.match(r.Method, r.URL.Path, query); ok && (rt == nil || slsScore(cand) > slsScore(rt)) {
			rt, vars = cand, v
		}
	}
	if rt == nil {
		c.record(Request{Method: r.Method, Path: r.URL.Path, Params: query, Header: r.Header.Clone(), Body: body})
		c.fail(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method: "+r.Method+" "+r.URL.Path)
		return
	}
	a := rt.api
	c.record(Request{Action: a.Action, Style: "SLS", Method: r.Method, Path: r.URL.Path, Params: query, PathParams: vars, Header: r.Header.Clone(), Body: body})
	if c.fault(a.Action) {
		return
	}
	creds := s.Credentials()
	rest, ok := strings.CutPrefix(r.Header.Get("Authorization"), "LOG ")
	i := strings.LastIndexByte(rest, ':')
	if !ok || i <= 0 || rest[:i] != creds.AccessKeyID {
		id := ""
		if ok && i >= 0 {
			id = rest[:i]
		}
		c.fail(http.StatusUnauthorized, "Unauthorized", fmt.Sprintf("AccessKeyId %q is not found.", id))
		return
	}
	sig := rest[i+1:]
	if v := r.Header.Get("x-log-apiversion"); v != "0.6.0" {
		c.fail(http.StatusBadRequest, "InvalidHeader", fmt.Sprintf("x-log-apiversion %q: the fake serves 0.6.0.", v))
		return
	}
	if m := r.Header.Get("x-log-signaturemethod"); m != "hmac-sha1" {
		c.fail(http.StatusBadRequest, "InvalidHeader", fmt.Sprintf("x-log-signaturemethod %q: the fake verifies hmac-sha1.", m))
		return
	}
	var first string
	matched := false
	for _, path := range []string{r.URL.Path, r.URL.EscapedPath()} {
		sts := logStringToSign(r.Method, r.Header, logResource(path, query))
		if first == "" {
			first = sts
		}
		if sameSignature(sig, hmacBase64(creds.AccessKeySecret, sts)) {
			matched = true
		}
	}
	if !matched {
		c.fail(http.StatusUnauthorized, "SignatureNotMatch", "signature "+sig+" not match, server string to sign is:"+first)
		return
	}
	if m := r.Header.Get("Content-MD5"); m != "" && m != logContentMD5(body) || m == "" && len(body) > 0 {
		c.fail(http.StatusBadRequest, "InvalidContentMD5", fmt.Sprintf("The Content-MD5 you specified (%q) does not match the body received (%s).", m, logContentMD5(body)))
		return
	}
	if raw := r.Header.Get("x-log-bodyrawsize"); r.Header.Get("x-log-compresstype") == "" && raw != strconv.Itoa(len(body)) {
		c.fail(http.StatusBadRequest, "InvalidBodyRawSize", fmt.Sprintf("x-log-bodyrawsize %q, the body received has %d bytes.", raw, len(body)))
		return
	}
	if token := r.Header.Get("x-acs-security-token"); token != creds.SecurityToken {
		c.fail(http.StatusUnauthorized, "Unauthorized", "The security token does not match the AccessKeyId.")
		return
	}
	var bodyKeys map[string]json.RawMessage
	if len(body) > 0 {
		_ = json.Unmarshal(body, &bodyKeys) // only a JSON object has keys
	}
	var missing []string
	for _, name := range a.Required {
		switch {
		case isProjectParam(name) && project != "",
			pathVar(vars, name) != "",
			hasParam(query, name),
			r.Header.Get(name) != "",
			bodyKeys != nil && len(bodyKeys[name]) > 0,
			len(body) > 0 && strings.EqualFold(name, "body"):
		default:
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		c.fail(http.StatusBadRequest, "ParameterInvalid", missingMessage(missing))
		return
	}
	c.succeed(a)
}

// isProjectParam tells the parameter names SLS pages give the project.
func isProjectParam(name string) bool {
	switch strings.ToLower(name) {
	case "projectname", "project":
		return true
	}
	return false
}

// slsFail writes an error as Log Service does.
func (c *call) slsFail(status int, code, msg string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		ErrorCode    string `json:"errorCode"`
		ErrorMessage string `json:"errorMessage"`
	}{code, msg})
	c.w.Header().Set("x-log-requestid", c.rid)
	c.write(status, jsonContentType, bytes.TrimSpace(b.Bytes()), code)
}

// The fake's own LOG signature, written from the algorithm of
// /work/shared/signing/vectors.json ("sls") and independent of acsrt's.

// logContentMD5 is the MD5 of body in upper-case hex.
func logContentMD5(body []byte) string {
	sum := md5.Sum(body)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// logResource is the path, then "?" and the query sorted by name as
// name=value (decoded) joined with "&".
func logResource(path string, query url.Values) string {
	if len(query) == 0 {
		return path
	}
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		for _, v := range query[k] {
			pairs = append(pairs, k+"="+v)
		}
	}
	return path + "?" + strings.Join(pairs, "&")
}

// logStringToSign is VERB, Content-MD5, Content-Type and Date (empty lines
// when absent), then the x-log-* and x-acs-* headers as lower-case
// name:trimmed value sorted by name, then the resource, joined with "\n".
func logStringToSign(method string, h http.Header, resource string) string {
	lines := []string{strings.ToUpper(method), h.Get("Content-MD5"), h.Get("Content-Type"), h.Get("Date")}
	var names []string
	vals := map[string]string{}
	for k, vs := range h {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-log-") || strings.HasPrefix(lk, "x-acs-") {
			names = append(names, lk)
			vals[lk] = strings.TrimSpace(strings.Join(vs, ","))
		}
	}
	sort.Strings(names)
	var canon []string
	for _, n := range names {
		canon = append(canon, n+":"+vals[n])
	}
	lines = append(lines, strings.Join(canon, "\n"), resource)
	return strings.Join(lines, "\n")
}
