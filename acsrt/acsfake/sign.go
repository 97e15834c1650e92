package acsfake

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
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
// Content-MD5, Content-Type and Date each when present and non-empty, then
// every x-acs-* header sorted by lower-case name as name:value (empty values
// too), each followed by a newline, then the resource.
func roaStringToSign(method string, h http.Header, resource string) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteByte('\n')
	for _, k := range []string{"Accept", "Content-MD5", "Content-Type", "Date"} {
		if v := strings.Join(h.Values(k), ","); v != "" {
			b.WriteString(v)
			b.WriteByte('\n')
		}
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
