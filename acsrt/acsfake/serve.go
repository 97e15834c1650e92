// Serving one request: recording it, faults, RPC and ROA checks
// (signature, session, required parameters) and the answer.

package acsfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cccgen/cccgen/acsrt"
)

// call is one request being answered.
type call struct {
	s   *Server
	w   http.ResponseWriter
	r   *http.Request
	rid string
	xml bool   // answer in XML
	v3  bool   // signed with signature V3 (an ACS3-* Authorization)
	sls bool   // a Log Service request: errors as Log Service writes them
	seq uint64 // number of the request in s.log, 0 when not logged
}

// ServeHTTP answers one request; Server is an http.Handler so it can also be
// mounted elsewhere.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{s: s, w: w, r: r, rid: newRequestID()}
	if isSLSRequest(r) {
		c.serveSLS()
		return
	}
	w.Header().Set("x-acs-request-id", c.rid)
	acceptXML := strings.Contains(strings.ToLower(r.Header.Get("Accept")), "xml")
	c.xml = acceptXML // until the request is read

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		c.fail(http.StatusBadRequest, "InvalidParameter", "The request body cannot be read: "+err.Error())
		return
	}
	c.officialCheck(body) // CCCGEN_OFFICIAL_VERIFIER: official.go
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		c.fail(http.StatusBadRequest, "InvalidParameter", "The query string is malformed: "+err.Error())
		return
	}
	params := url.Values{}
	for k, v := range query {
		params[k] = append(params[k], v...)
	}
	form := isForm(r.Header.Get("Content-Type"))
	var formValues url.Values
	if form && len(body) > 0 {
		if formValues, err = url.ParseQuery(string(body)); err != nil {
			c.fail(http.StatusBadRequest, "InvalidParameter", "The form body is malformed: "+err.Error())
			return
		}
		for k, v := range formValues {
			params[k] = append(params[k], v...)
		}
	}
	// RPC asks for a format with the Format parameter (JSON by default),
	// ROA with the Accept header; an unknown API as either says.
	if f := params.Get("Format"); f != "" {
		c.xml = strings.EqualFold(f, "XML")
	}

	// Signature V3 names an RPC API in headers rather than parameters.
	action, version := params.Get("Action"), params.Get("Version")
	if c.v3 = isV3(r.Header.Get("Authorization")); c.v3 && action == "" && trimSlash(r.URL.Path) == "/" {
		action, version = r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")
	}
	if cands := s.rpc[action]; action != "" && len(cands) > 0 {
		c.xml = strings.EqualFold(params.Get("Format"), "XML") || params.Get("Format") == "" && c.v3 && acceptXML
		c.record(Request{Action: action, Style: "RPC", Method: r.Method, Path: r.URL.Path, Params: params, Header: r.Header.Clone(), Body: body})
		a, ok := pickVersion(cands, version)
		if !ok {
			c.fail(http.StatusBadRequest, "InvalidVersion", fmt.Sprintf("Specified parameter Version %q is not valid.", version))
			return
		}
		c.serveRPC(a, params, version, body)
		return
	}
	if rt, vars := s.findRoute(r.Method, r.URL.Path, query, r.Header.Get("x-acs-version")); rt != nil {
		c.xml = acceptXML
		c.record(Request{Action: rt.api.Action, Style: "ROA", Method: r.Method, Path: r.URL.Path, Params: query, PathParams: vars, Header: r.Header.Clone(), Body: body})
		c.serveROA(rt.api, query, vars, body, formValues)
		return
	}
	c.record(Request{Action: action, Method: r.Method, Path: r.URL.Path, Params: params, Header: r.Header.Clone(), Body: body})
	what := r.Method + " " + r.URL.Path
	if action != "" {
		what = "Action " + action
	}
	c.fail(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method: "+what)
}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// record counts and logs the request.
func (c *call) record(req Request) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	if req.Action != "" {
		s.hits[req.Action]++
	}
	if len(s.log) >= maxLog {
		n := len(s.log) - maxLog + 1
		s.log = append(s.log[:0], s.log[n:]...)
		s.logSeq = append(s.logSeq[:0], s.logSeq[n:]...)
	}
	s.seq++
	c.seq = s.seq
	s.log = append(s.log, req)
	s.logSeq = append(s.logSeq, c.seq)
	logWire(req, c.r.URL.Query())
}

// answered notes the status and code in the request log.
func (c *call) answered(status int, code string) {
	if c.seq == 0 {
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.logSeq) - 1; i >= 0 && s.logSeq[i] >= c.seq; i-- {
		if s.logSeq[i] == c.seq {
			s.log[i].Status, s.log[i].Code = status, code
			return
		}
	}
}

// fault applies an injected fault; it reports whether the request is done.
func (c *call) fault(action string) bool {
	f := c.s.takeFault(action)
	if f == nil {
		return false
	}
	if f.Latency > 0 && !c.wait(f.Latency) || f.Hangup {
		// The client left, the server is closing, or a hangup was asked
		// for: net/http closes the connection without an answer.
		panic(http.ErrAbortHandler)
	}
	if !f.isError() {
		return false
	}
	status, code, msg := f.Status, f.Code, f.Message
	if code == "" {
		code = codeForStatus(status)
	}
	if status == 0 {
		status = statusForCode(code)
	}
	if msg == "" {
		msg = fmt.Sprintf("Injected fault %s (HTTP %d) for %s.", code, status, action)
	}
	c.fail(status, code, msg)
	return true
}

// wait sleeps d; false when the client went away or the server closed first.
func (c *call) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.r.Context().Done():
	case <-c.s.done:
	}
	return false
}

func codeForStatus(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "Throttling"
	case status == http.StatusForbidden:
		return "Forbidden"
	case status == http.StatusNotFound:
		return "NotFound"
	case status == http.StatusServiceUnavailable:
		return "ServiceUnavailable"
	case status >= 500:
		return "InternalError"
	}
	return "InvalidParameter"
}

func statusForCode(code string) int {
	switch {
	case strings.HasPrefix(code, "Throttling"):
		return http.StatusBadRequest
	case code == "ServiceUnavailable":
		return http.StatusServiceUnavailable
	case code == "InternalError" || strings.HasPrefix(code, "InternalError."):
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// isV3 reports whether an Authorization header is signature V3's (ACS3-…).
func isV3(auth string) bool { return strings.HasPrefix(strings.TrimSpace(auth), "ACS3-") }

// serveRPC checks and answers a routed RPC request.
func (c *call) serveRPC(a *api, params url.Values, version string, body []byte) {
	if c.fault(a.Action) {
		return
	}
	creds := c.s.Credentials()
	token, nonce := params.Get("SecurityToken"), params.Get("SignatureNonce")
	if c.v3 {
		if !c.verifyV3(creds, body) {
			return
		}
		token, nonce = c.r.Header.Get("x-acs-security-token"), c.r.Header.Get("x-acs-signature-nonce")
	} else {
		if id := params.Get("AccessKeyId"); id == "" || id != creds.AccessKeyID {
			c.unknownKey(id)
			return
		}
		if m := params.Get("SignatureMethod"); m != "" && m != "HMAC-SHA1" {
			c.unsupported(fmt.Sprintf("SignatureMethod %q", m))
			return
		}
		if v := params.Get("SignatureVersion"); v != "" && v != "1.0" {
			c.unsupported(fmt.Sprintf("SignatureVersion %q", v))
			return
		}
		sts := rpcStringToSign(c.r.Method, params)
		if !sameSignature(params.Get("Signature"), rpcSignature(sts, creds.AccessKeySecret)) {
			c.badSignature(sts)
			return
		}
	}
	if !c.checkSession(creds, token, nonce) {
		return
	}
	var missing []string
	if a.Version != "" && version == "" {
		missing = append(missing, "Version")
	}
	for _, name := range a.Required {
		if !hasParam(params, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		c.fail(http.StatusBadRequest, "MissingParameter", missingMessage(missing))
		return
	}
	c.succeed(a)
}

// verifyV3 checks a signature V3 request: the algorithm, the key, that
// host, content-type and every x-acs-* header are signed, the payload hash
// against the body, the date and nonce headers, and the signature. It
// reports whether the request passed; otherwise it answered.
func (c *call) verifyV3(creds acsrt.Credentials, body []byte) bool {
	auth, ok := parseV3Auth(c.r.Header.Get("Authorization"))
	if !ok {
		c.fail(http.StatusBadRequest, "IncompleteSignature", "The Authorization header is not ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>.")
		return false
	}
	if auth.algorithm != v3Algorithm {
		c.unsupported(fmt.Sprintf("signature algorithm %q", auth.algorithm))
		return false
	}
	if auth.id == "" || auth.id != creds.AccessKeyID {
		c.unknownKey(auth.id)
		return false
	}
	signed := map[string]bool{}
	for _, h := range auth.signed {
		signed[h] = true
	}
	for _, h := range v3MustSign(c.r) {
		if !signed[h] {
			c.fail(http.StatusBadRequest, "IncompleteSignature", fmt.Sprintf("The header %s is not signed: SignedHeaders must name host, content-type and every x-acs-* header.", h))
			return false
		}
	}
	for _, h := range []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-version"} {
		if c.r.Header.Get(h) == "" {
			c.fail(http.StatusBadRequest, "MissingParameter", fmt.Sprintf("The header %s that signature V3 needs is not supplied.", h))
			return false
		}
	}
	if got, want := c.r.Header.Get("x-acs-content-sha256"), sha256Hex(body); got != want {
		c.fail(http.StatusBadRequest, "ContentSHA256NotMatched", fmt.Sprintf("The x-acs-content-sha256 you specified (%s) did not match what we received (%s).", got, want))
		return false
	}
	canonical := v3CanonicalRequest(c.r, auth.signed, c.r.Header.Get("x-acs-content-sha256"))
	sts, sig := v3Signature(canonical, creds.AccessKeySecret)
	if !sameSignature(auth.signature, sig) {
		c.badSignature(sts + " (canonical request: " + canonical + ")")
		return false
	}
	return true
}

// unsupported answers a signature the fake does not verify.
func (c *call) unsupported(what string) {
	c.fail(http.StatusBadRequest, "UnsupportedSignatureVersion",
		"Specified "+what+" is not supported: the fake verifies signature 1.0 (HMAC-SHA1, RPC and ROA) and V3 (ACS3-HMAC-SHA256).")
}

// hasParam reports whether params has a non-empty name, or name.1…, or name.x.
func hasParam(params url.Values, name string) bool {
	if params.Get(name) != "" {
		return true
	}
	for k, vs := range params {
		if strings.HasPrefix(k, name+".") && len(vs) > 0 && vs[0] != "" {
			return true
		}
	}
	return false
}

// serveROA checks and answers a routed ROA request.
func (c *call) serveROA(a *api, query url.Values, vars map[string]string, body []byte, form url.Values) {
	if c.fault(a.Action) {
		return
	}
	creds := c.s.Credentials()
	if c.v3 {
		if !c.verifyV3(creds, body) {
			return
		}
	} else if !c.verifyROA(creds, query) {
		return
	}
	if m := c.r.Header.Get("Content-MD5"); m != "" && m != contentMD5(body) {
		c.fail(http.StatusBadRequest, "InvalidDigest", fmt.Sprintf("The Content-MD5 you specified (%s) did not match what we received (%s).", m, contentMD5(body)))
		return
	}
	if !c.checkSession(creds, c.r.Header.Get("x-acs-security-token"), c.r.Header.Get("x-acs-signature-nonce")) {
		return
	}
	var missing []string
	var bodyKeys map[string]json.RawMessage
	if len(body) > 0 && form == nil {
		_ = json.Unmarshal(body, &bodyKeys) // only a JSON object has keys
	}
	for _, name := range a.Required {
		switch {
		case pathVar(vars, name) != "",
			hasParam(query, name),
			c.r.Header.Get(name) != "",
			form != nil && hasParam(form, name),
			bodyKeys != nil && len(bodyKeys[name]) > 0,
			bodyKeys == nil && form == nil && len(body) > 0 && strings.EqualFold(name, "body"):
		default:
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		c.fail(http.StatusBadRequest, "MissingParameter", missingMessage(missing))
		return
	}
	c.succeed(a)
}

// verifyROA checks a ROA signature 1.0 request's key and signature; it
// reports whether the request passed, otherwise it answered.
func (c *call) verifyROA(creds acsrt.Credentials, query url.Values) bool {
	auth := c.r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "acs ")
	if !ok && auth != "" {
		alg, _, _ := strings.Cut(auth, " ")
		c.unsupported(fmt.Sprintf("Authorization scheme %q", alg))
		return false
	}
	i := strings.LastIndexByte(rest, ':')
	if !ok || i < 0 || rest[:i] == "" || rest[:i] != creds.AccessKeyID {
		id := ""
		if ok && i >= 0 {
			id = rest[:i]
		}
		c.unknownKey(id)
		return false
	}
	sig := rest[i+1:]
	if m := c.r.Header.Get("x-acs-signature-method"); m != "" && m != "HMAC-SHA1" {
		c.unsupported(fmt.Sprintf("x-acs-signature-method %q", m))
		return false
	}
	if v := c.r.Header.Get("x-acs-signature-version"); v != "" && v != "1.0" {
		c.unsupported(fmt.Sprintf("x-acs-signature-version %q", v))
		return false
	}
	// The path as decoded or as sent, an empty query value as k or k=:
	// equivalent spellings of one resource, all accepted.
	var first string
	for _, path := range []string{c.r.URL.Path, c.r.URL.EscapedPath()} {
		for _, bare := range []bool{true, false} {
			sts := roaStringToSign(c.r.Method, c.r.Header, roaResource(path, query, bare))
			if first == "" {
				first = sts
			}
			if sameSignature(sig, roaSignature(sts, creds.AccessKeySecret)) {
				return true
			}
		}
	}
	c.badSignature(first)
	return false
}

func pathVar(vars map[string]string, name string) string {
	for k, v := range vars {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// checkSession checks the security token and the nonce; false when it answered.
func (c *call) checkSession(creds acsrt.Credentials, token, nonce string) bool {
	if token != creds.SecurityToken {
		msg := "Specified SecurityToken does not match the AccessKeyId."
		if creds.SecurityToken == "" {
			msg = "Specified AccessKeyId is not an STS key: no SecurityToken is expected."
		}
		c.fail(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", msg)
		return false
	}
	if nonce == "" {
		return true
	}
	s := c.s
	s.mu.Lock()
	used := s.nonces[nonce]
	if !used {
		if len(s.nonces) >= maxNonces {
			s.nonces = map[string]bool{}
		}
		s.nonces[nonce] = true
	}
	s.mu.Unlock()
	if used {
		c.fail(http.StatusBadRequest, "SignatureNonceUsed", fmt.Sprintf("Specified signature nonce %q was used already.", nonce))
		return false
	}
	return true
}

func (c *call) unknownKey(id string) {
	c.fail(http.StatusNotFound, "InvalidAccessKeyId.NotFound", fmt.Sprintf("Specified access key %q is not found.", id))
}

func (c *call) badSignature(stringToSign string) {
	c.fail(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

func missingMessage(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	if len(names) == 1 {
		return "The input parameter " + quoted[0] + " that is mandatory for processing this request is not supplied."
	}
	return "The input parameters " + strings.Join(quoted, ", ") + " that are mandatory for processing this request are not supplied."
}
