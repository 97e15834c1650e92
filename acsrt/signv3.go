package acsrt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Signature V3 (ACS3-HMAC-SHA256), the default signature of Alibaba's
// official Tea SDKs, for RPC and ROA alike:
//
//	hashed payload    = hex(SHA-256(body)), sent as x-acs-content-sha256
//	canonical request = METHOD \n URI \n query \n headers \n signed headers \n hashed payload
//	string to sign    = "ACS3-HMAC-SHA256" \n hex(SHA-256(canonical request))
//	Authorization     = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=hex(HMAC-SHA256(secret, string to sign))
//
// The API is named by the x-acs-action and x-acs-version headers (RPC
// requests carry no Action, Version or Signature* parameters), the time by
// x-acs-date (UTC, 2006-01-02T15:04:05Z) and the nonce by
// x-acs-signature-nonce. The known answers in testdata/signing_vectors.json
// ("v3") were computed with the official SDK's own functions.

// V3Algorithm names signature V3 in the Authorization header and the string to sign.
const V3Algorithm = "ACS3-HMAC-SHA256"

// V3HashedPayload is the lower-case hex SHA-256 of body (of the empty
// string without a body): the x-acs-content-sha256 header.
func V3HashedPayload(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// V3CanonicalURI is the path as sent ("/" when empty) with "+" written
// %20, "*" %2A and %7E "~".
func V3CanonicalURI(escapedPath string) string {
	if escapedPath == "" {
		return "/"
	}
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(escapedPath)
}

// V3CanonicalQuery is the query sorted by key (byte order; the values of a
// repeated key sorted too), each written PercentEncode(key) "=" PercentEncode(value) (an
// empty value gives "k="), joined with "&"; "" without a query.
func V3CanonicalQuery(query url.Values) string {
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := query[k]
		if len(vs) == 0 {
			vs = []string{""}
		} else if len(vs) > 1 {
			vs = append([]string(nil), vs...)
			sort.Strings(vs)
		}
		ek := PercentEncode(k)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(PercentEncode(v))
		}
	}
	return b.String()
}

// v3Signed reports whether V3 signs a header: host, content-type and every
// x-acs-* header.
func v3Signed(lowerName string) bool {
	return lowerName == "host" || lowerName == "content-type" || strings.HasPrefix(lowerName, "x-acs-")
}

// V3CanonicalRequest builds the canonical request of signature V3 from
// the request as sent: method, escaped path, query, headers (names in any
// case; host, content-type and x-acs-* are signed, values trimmed) and the
// hashed payload. It returns the canonical request and the signed header
// names joined with ";".
func V3CanonicalRequest(method, path string, query url.Values, headers map[string]string, hashedPayload string) (canonical, signedHeaders string) {
	signed := map[string]string{}
	for k, v := range headers {
		if lk := strings.ToLower(k); v3Signed(lk) {
			signed[lk] = strings.TrimSpace(v)
		}
	}
	names := make([]string, 0, len(signed))
	for k := range signed {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteByte('\n')
	b.WriteString(V3CanonicalURI(path))
	b.WriteByte('\n')
	b.WriteString(V3CanonicalQuery(query))
	b.WriteByte('\n')
	for _, k := range names {
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(signed[k])
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	signedHeaders = strings.Join(names, ";")
	b.WriteString(signedHeaders)
	b.WriteByte('\n')
	b.WriteString(hashedPayload)
	return b.String(), signedHeaders
}

// V3StringToSign is "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical)).
func V3StringToSign(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return V3Algorithm + "\n" + hex.EncodeToString(sum[:])
}

// V3Signature is hex(HMAC-SHA256(secret, V3StringToSign(canonical))).
func V3Signature(secret, canonical string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(V3StringToSign(canonical)))
	return hex.EncodeToString(h.Sum(nil))
}

// V3Authorization is the Authorization header of signature V3.
func V3Authorization(accessKeyID, secret, canonical, signedHeaders string) string {
	return V3Algorithm + " Credential=" + accessKeyID + ",SignedHeaders=" + signedHeaders + ",Signature=" + V3Signature(secret, canonical)
}
