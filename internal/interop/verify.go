// Package interop holds the checks of cccgen's run-time client (acsrt) and
// fake service (acsfake) against Alibaba's official Go SDKs: the official
// clients call the fake, the official signing functions verify what acsrt
// sends (Verifier, and the officialverify command for the conformance run),
// and the classic SDK's typed requests are compared with cccgen's generated
// ones on the wire. It is a module of its own so that the main module never
// depends on the SDKs.
package interop

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	openapiutil "github.com/alibabacloud-go/openapi-util/service"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/cccgen/cccgen/acsrt"
)

// The signature schemes Verify recognises.
const (
	SchemeRPC1 = "RPC signature 1.0"
	SchemeROA1 = "ROA signature 1.0"
	SchemeV3   = "ACS3-HMAC-SHA256"
)

// Received is one HTTP request as a service received it.
type Received struct {
	Method     string
	RequestURI string // the request target as sent: path?query, still escaped
	Host       string
	Header     http.Header
	Body       []byte
}

// FromHTTP is the Received form of r with its already read body.
func FromHTTP(r *http.Request, body []byte) Received {
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	return Received{Method: r.Method, RequestURI: uri, Host: r.Host, Header: r.Header.Clone(), Body: body}
}

// Verdict is what the official functions say about one request.
type Verdict struct {
	OK           bool   `json:"ok"`
	Scheme       string `json:"scheme"`
	AccessKeyID  string `json:"accessKeyId,omitempty"`
	Reason       string `json:"reason,omitempty"`       // why not OK
	StringToSign string `json:"stringToSign,omitempty"` // the official string to sign (V3: canonical request)
}

// Verify recomputes the signature of req with the official Tea functions of
// github.com/alibabacloud-go/openapi-util: GetRPCSignature over the received
// query and form parameters (RPC 1.0), GetStringToSign and GetROASignature
// over the received headers, path and query (ROA 1.0), GetAuthorization over
// the signed headers, query and the body's SHA-256 (V3), with the secret
// that secretOf gives for the request's AccessKeyId ("" → unknown key).
func Verify(req Received, secretOf func(accessKeyID string) string) Verdict {
	path, rawQuery, _ := strings.Cut(req.RequestURI, "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return Verdict{Reason: "malformed query: " + err.Error()}
	}
	auth := req.Header.Get("Authorization")
	switch {
	case strings.HasPrefix(auth, "ACS3-"):
		return verifyV3(req, path, query, auth, secretOf)
	case strings.HasPrefix(auth, "acs "):
		return verifyROA(req, path, query, auth, secretOf)
	}
	params := url.Values{}
	for k, v := range query {
		params[k] = append(params[k], v...)
	}
	if isForm(req.Header.Get("Content-Type")) && len(req.Body) > 0 {
		form, err := url.ParseQuery(string(req.Body))
		if err != nil {
			return Verdict{Scheme: SchemeRPC1, Reason: "malformed form body: " + err.Error()}
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	if params.Get("Signature") == "" {
		return Verdict{Reason: "no Authorization header and no Signature parameter: unsigned request"}
	}
	return verifyRPC(req, params, secretOf)
}

func isForm(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded")
}

func verifyRPC(req Received, params url.Values, secretOf func(string) string) Verdict {
	v := Verdict{Scheme: SchemeRPC1, AccessKeyID: params.Get("AccessKeyId")}
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		v.Reason = fmt.Sprintf("SignatureMethod %q, want HMAC-SHA1", m)
		return v
	}
	if sv := params.Get("SignatureVersion"); sv != "1.0" {
		v.Reason = fmt.Sprintf("SignatureVersion %q, want 1.0", sv)
		return v
	}
	secret := secretOf(v.AccessKeyID)
	if secret == "" {
		v.Reason = fmt.Sprintf("unknown AccessKeyId %q", v.AccessKeyID)
		return v
	}
	signed := map[string]*string{}
	for k, vs := range params {
		if k == "Signature" {
			continue
		}
		if len(vs) != 1 {
			v.Reason = fmt.Sprintf("parameter %s is sent %d times; the official signers know one value a key", k, len(vs))
			return v
		}
		signed[k] = tea.String(vs[0])
	}
	want := tea.StringValue(openapiutil.GetRPCSignature(signed, tea.String(req.Method), tea.String(secret)))
	v.StringToSign = acsrt.RPCStringToSign(req.Method, without(params, "Signature"))
	if !same(params.Get("Signature"), want) {
		v.Reason = fmt.Sprintf("Signature %q, the official GetRPCSignature gives %q", params.Get("Signature"), want)
		return v
	}
	v.OK = true
	return v
}

func without(p url.Values, key string) url.Values {
	q := url.Values{}
	for k, v := range p {
		if k != key {
			q[k] = v
		}
	}
	return q
}

// lowerHeaders is the header map the Tea functions take: lower-case names,
// repeated values joined with ",".
func lowerHeaders(h http.Header) map[string]*string {
	out := map[string]*string{}
	for k, vs := range h {
		out[strings.ToLower(k)] = tea.String(strings.Join(vs, ","))
	}
	return out
}

func singleQuery(q url.Values) map[string]*string {
	out := map[string]*string{}
	for k, vs := range q {
		val := ""
		if len(vs) > 0 {
			val = vs[0]
		}
		out[k] = tea.String(val)
	}
	return out
}

func verifyROA(req Received, path string, query url.Values, auth string, secretOf func(string) string) Verdict {
	v := Verdict{Scheme: SchemeROA1}
	rest := strings.TrimPrefix(auth, "acs ")
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		v.Reason = fmt.Sprintf("Authorization %q is not acs <id>:<signature>", auth)
		return v
	}
	v.AccessKeyID = rest[:i]
	sig := rest[i+1:]
	if m := req.Header.Get("x-acs-signature-method"); m != "HMAC-SHA1" {
		v.Reason = fmt.Sprintf("x-acs-signature-method %q, want HMAC-SHA1", m)
		return v
	}
	if sv := req.Header.Get("x-acs-signature-version"); sv != "1.0" {
		v.Reason = fmt.Sprintf("x-acs-signature-version %q, want 1.0", sv)
		return v
	}
	secret := secretOf(v.AccessKeyID)
	if secret == "" {
		v.Reason = fmt.Sprintf("unknown AccessKeyId %q", v.AccessKeyID)
		return v
	}
	if md5 := req.Header.Get("Content-MD5"); md5 != "" && md5 != acsrt.ContentMD5(req.Body) {
		v.Reason = fmt.Sprintf("Content-MD5 %q, the body's is %q", md5, acsrt.ContentMD5(req.Body))
		return v
	}
	decoded, err := url.PathUnescape(path)
	if err != nil {
		v.Reason = "malformed path: " + err.Error()
		return v
	}
	for k, vs := range query {
		if len(vs) > 1 {
			v.Reason = fmt.Sprintf("query parameter %s is sent %d times; the official signers know one value a key", k, len(vs))
			return v
		}
	}
	treq := &tea.Request{
		Method:   tea.String(req.Method),
		Pathname: tea.String(decoded),
		Headers:  lowerHeaders(req.Header),
		Query:    singleQuery(query),
	}
	sts := tea.StringValue(openapiutil.GetStringToSign(treq))
	v.StringToSign = sts
	want := tea.StringValue(openapiutil.GetROASignature(tea.String(sts), tea.String(secret)))
	if !same(sig, want) {
		v.Reason = fmt.Sprintf("signature %q, the official GetROASignature over the official string to sign %q gives %q", sig, sts, want)
		return v
	}
	v.OK = true
	return v
}

func verifyV3(req Received, path string, query url.Values, auth string, secretOf func(string) string) Verdict {
	v := Verdict{Scheme: SchemeV3}
	algo, rest, _ := strings.Cut(auth, " ")
	if algo != "ACS3-HMAC-SHA256" {
		v.Reason = fmt.Sprintf("algorithm %q, want ACS3-HMAC-SHA256", algo)
		return v
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = val
	}
	v.AccessKeyID = fields["Credential"]
	secret := secretOf(v.AccessKeyID)
	if secret == "" {
		v.Reason = fmt.Sprintf("unknown AccessKeyId %q", v.AccessKeyID)
		return v
	}
	sum := sha256.Sum256(req.Body)
	payload := hex.EncodeToString(sum[:])
	if got := req.Header.Get("x-acs-content-sha256"); got != payload {
		v.Reason = fmt.Sprintf("x-acs-content-sha256 %q, the body's SHA-256 is %q", got, payload)
		return v
	}
	// The official GetAuthorization signs every x-acs-*, host and
	// content-type header of the request; a server signs the ones the
	// client names. Give it those and check the two lists agree.
	signedNames := strings.Split(fields["SignedHeaders"], ";")
	all := lowerHeaders(req.Header)
	all["host"] = tea.String(req.Host)
	headers := map[string]*string{}
	for _, n := range signedNames {
		if val, ok := all[n]; ok {
			headers[n] = val
		} else {
			v.Reason = fmt.Sprintf("SignedHeaders names %q, which the request does not have", n)
			return v
		}
	}
	var unsigned []string
	for n := range all {
		if (strings.HasPrefix(n, "x-acs-") || n == "host" || n == "content-type") && headers[n] == nil {
			unsigned = append(unsigned, n)
		}
	}
	sort.Strings(unsigned)
	if len(unsigned) > 0 {
		v.Reason = fmt.Sprintf("headers the official signer signs are left out of SignedHeaders %q: %s", fields["SignedHeaders"], strings.Join(unsigned, ", "))
		return v
	}
	for k, vs := range query {
		if len(vs) > 1 {
			v.Reason = fmt.Sprintf("query parameter %s is sent %d times; the official signers know one value a key", k, len(vs))
			return v
		}
	}
	treq := &tea.Request{
		Method:   tea.String(req.Method),
		Pathname: tea.String(path),
		Headers:  headers,
		Query:    singleQuery(query),
	}
	want := tea.StringValue(openapiutil.GetAuthorization(treq, tea.String(algo), tea.String(payload), tea.String(v.AccessKeyID), tea.String(secret)))
	if !same(auth, want) {
		v.Reason = fmt.Sprintf("Authorization %q, the official GetAuthorization gives %q", auth, want)
		return v
	}
	v.OK = true
	return v
}

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func parseQuery(s string) (url.Values, error) { return url.ParseQuery(s) }
