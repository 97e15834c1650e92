package acsfake

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// The fake verifies signatures with its own canonicalisation, written from
// the algorithm of /work/shared/signing/vectors.json and independent of
// acsrt's, so that a mistake in the client is not mirrored by the server.

// percentEncode is the RPC signature's encoding: the UTF-8 bytes, with only
// A-Z a-z 0-9 - _ . ~ as they are, every other byte %XX in upper case.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
		}
	}
	return b.String()
}

// rpcStringToSign is METHOD&%2F&percentEncode(canonical query), the
// canonical query being every parameter but Signature, sorted by key in
// byte order (a repeated key's values in the order received), written
// percentEncode(k)=percentEncode(v) and joined with &.
func rpcStringToSign(method string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		for _, v := range params[k] {
			pairs = append(pairs, percentEncode(k)+"="+percentEncode(v))
		}
	}
	return strings.ToUpper(method) + "&" + percentEncode("/") + "&" + percentEncode(strings.Join(pairs, "&"))
}

// rpcSignature is base64(HMAC-SHA1(secret+"&", string to sign)).
func rpcSignature(stringToSign, secret string) string {
	return hmacBase64(secret+"&", stringToSign)
}

// roaStringToSign is the ROA signature 1.0 string: METHOD, then Accept,
// Content-MD5, Content-Type and Date, one line each, empty when the header
// is absent, then
// every x-acs-* header sorted by lower-case name as name:value (empty values
// too), each followed by a newline, then the resource.
func roaStringToSign(method string, h http.Header, resource string) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteByte('\n')
	for _, k := range []string{"Accept", "Content-MD5", "Content-Type", "Date"} {
		b.WriteString(strings.Join(h.Values(k), ","))
		b.WriteByte('\n')
	}
	acs := map[string][]string{}
	for k, vs := range h {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-acs-") {
			acs[lk] = append(acs[lk], vs...)
		}
	}
	names := make([]string, 0, len(acs))
	for k := range acs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(strings.Join(acs[k], ","))
		b.WriteByte('\n')
	}
	b.WriteString(resource)
	return b.String()
}

// roaResource is the path, then "?" and the query sorted by key as k=v
// joined with &, nothing percent-encoded. An empty value is written as "k"
// when bareEmpty (the Alibaba SDKs' way) and as "k=" otherwise.
func roaResource(path string, query url.Values, bareEmpty bool) string {
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
		vs := query[k]
		if len(vs) == 0 {
			vs = []string{""}
		}
		for _, v := range vs {
			if v == "" && bareEmpty {
				pairs = append(pairs, k)
			} else {
				pairs = append(pairs, k+"="+v)
			}
		}
	}
	return path + "?" + strings.Join(pairs, "&")
}

// roaSignature is base64(HMAC-SHA1(secret, string to sign)): no "&" after
// the secret, unlike RPC.
func roaSignature(stringToSign, secret string) string {
	return hmacBase64(secret, stringToSign)
}

// contentMD5 is base64(MD5(body)).
func contentMD5(body []byte) string {
	sum := md5.Sum(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func hmacBase64(key, msg string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// sameSignature compares two base64 signatures in constant time.
func sameSignature(got, want string) bool {
	return got != "" && hmac.Equal([]byte(got), []byte(want))
}

// v3Algorithm is the only V3 algorithm the fake verifies.
const v3Algorithm = "ACS3-HMAC-SHA256"

// v3Auth is a parsed V3 Authorization header:
// ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>.
type v3Auth struct {
	algorithm, id, signature string
	signed                   []string
}

// parseV3Auth reads a V3 Authorization header; ok is false when it is not
// "<algorithm> Credential=…,SignedHeaders=…,Signature=…".
func parseV3Auth(h string) (a v3Auth, ok bool) {
	alg, rest, found := strings.Cut(strings.TrimSpace(h), " ")
	if !found {
		return a, false
	}
	a.algorithm = alg
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			a.id = v
		case "SignedHeaders":
			if v != "" {
				a.signed = strings.Split(v, ";")
			}
		case "Signature":
			a.signature = v
		}
	}
	return a, a.signature != "" && len(a.signed) > 0
}

// v3Encode is RFC 3986 percent-encoding, as for the RPC signature.
func v3Encode(s string) string { return percentEncode(s) }

// v3CanonicalRequest is the V3 canonical request of a received request:
// method, the path exactly as sent (+ as %20, * as %2A, %7E as ~), the
// decoded query re-encoded and sorted by key, the signed headers (as the
// Authorization lists them, values trimmed, a repeated header's values
// joined with ","), their names, and the payload hash the request claims.
func v3CanonicalRequest(r *http.Request, signed []string, hashedPayload string) string {
	rawPath, _, _ := strings.Cut(r.RequestURI, "?")
	if rawPath == "" || !strings.HasPrefix(rawPath, "/") {
		rawPath = r.URL.EscapedPath()
	}
	if rawPath == "" {
		rawPath = "/"
	}
	rawPath = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(rawPath)

	query := r.URL.Query()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		vs := append([]string(nil), query[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			pairs = append(pairs, v3Encode(k)+"="+v3Encode(v))
		}
	}

	var b strings.Builder
	b.WriteString(r.Method + "\n" + rawPath + "\n" + strings.Join(pairs, "&") + "\n")
	for _, name := range signed {
		var v string
		if name == "host" {
			v = r.Host
		} else {
			v = strings.Join(r.Header.Values(name), ",")
		}
		b.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
	}
	b.WriteString("\n" + strings.Join(signed, ";") + "\n" + hashedPayload)
	return b.String()
}

// v3Signature is hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical)))).
func v3Signature(canonical, secret string) (stringToSign, signature string) {
	sum := sha256.Sum256([]byte(canonical))
	stringToSign = v3Algorithm + "\n" + hex.EncodeToString(sum[:])
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return stringToSign, hex.EncodeToString(m.Sum(nil))
}

// v3MustSign lists the headers of r that V3 must sign: host, content-type
// when present, and every x-acs-* header.
func v3MustSign(r *http.Request) []string {
	names := []string{"host"}
	for k := range r.Header {
		lk := strings.ToLower(k)
		if lk == "content-type" || strings.HasPrefix(lk, "x-acs-") {
			names = append(names, lk)
		}
	}
	sort.Strings(names)
	return names
}

// sha256Hex is the lower-case hex SHA-256 of b.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
