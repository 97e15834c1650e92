package acsrt

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// PercentEncode encodes s as the Alibaba Cloud signatures want: the UTF-8
// bytes of s, with only A-Z a-z 0-9 - _ . ~ left as they are and every other
// byte written as %XX in upper case (a space is %20, * is %2A, ~ stays ~).
func PercentEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// RPCCanonicalQuery is the canonicalised query string of RPC signature 1.0:
// every parameter except Signature, sorted by key (byte order; the values of
// a repeated key keep their order), written as PercentEncode(key) + "=" +
// PercentEncode(value) and joined with "&". It is also what the client sends.
func RPCCanonicalQuery(params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		ek := PercentEncode(k)
		for _, v := range params[k] {
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

// RPCStringToSign is METHOD + "&%2F&" + PercentEncode(RPCCanonicalQuery(params)).
// A Signature parameter in params is ignored.
func RPCStringToSign(method string, params url.Values) string {
	return strings.ToUpper(method) + "&" + PercentEncode("/") + "&" + PercentEncode(RPCCanonicalQuery(params))
}

// RPCSignature is base64(HMAC-SHA1(secret + "&", RPCStringToSign(method, params))),
// the value of the Signature parameter. A Signature parameter in params is ignored.
func RPCSignature(method string, params url.Values, secret string) string {
	return hmacSHA1(secret+"&", RPCStringToSign(method, params))
}

// ROAStringToSign is the string ROA signature 1.0 signs:
//
//	METHOD "\n"
//	Accept "\n"        (each of these four lines always written, empty when
//	Content-MD5 "\n"    the header is absent: "GET\napplication/json\n\n\nDate\n")
//	Content-Type "\n"
//	Date "\n"
//	name ":" value "\n" for every header whose name starts with x-acs-,
//	                    name lower-cased, sorted by name (empty values included)
//	resource            (see ROAResource)
//
// Header names are matched case-insensitively.
func ROAStringToSign(method string, headers map[string]string, resource string) string {
	var accept, md5, ctype, date string
	acs := map[string]string{}
	for k, v := range headers {
		lk := strings.ToLower(k)
		switch lk {
		case "accept":
			accept = v
		case "content-md5":
			md5 = v
		case "content-type":
			ctype = v
		case "date":
			date = v
		default:
			if strings.HasPrefix(lk, "x-acs-") {
				acs[lk] = v
			}
		}
	}
	var b strings.Builder
	b.WriteString(strings.ToUpper(method))
	b.WriteByte('\n')
	for _, v := range []string{accept, md5, ctype, date} {
		b.WriteString(v)
		b.WriteByte('\n')
	}
	names := make([]string, 0, len(acs))
	for k := range acs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(acs[k])
		b.WriteByte('\n')
	}
	b.WriteString(resource)
	return b.String()
}

// ROAResource is the resource part of the ROA string to sign: the path, then,
// when there is a query, "?" and its parameters sorted by key as key=value
// (just key when the value is empty) joined with "&", nothing percent-encoded.
func ROAResource(path string, query url.Values) string {
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return path
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(path)
	sep := byte('?')
	for _, k := range keys {
		vs := query[k]
		if len(vs) == 0 {
			vs = []string{""}
		}
		for _, v := range vs {
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(k)
			if v != "" {
				b.WriteByte('=')
				b.WriteString(v)
			}
		}
	}
	return b.String()
}

// ROAAuthorization is the Authorization header of ROA signature 1.0:
// "acs " + accessKeyID + ":" + base64(HMAC-SHA1(secret, stringToSign)).
// Unlike RPC, the key is the secret alone, with no "&" appended.
func ROAAuthorization(accessKeyID, secret, stringToSign string) string {
	return "acs " + accessKeyID + ":" + hmacSHA1(secret, stringToSign)
}

// ContentMD5 is base64(MD5(body)), the Content-MD5 header of a ROA request.
func ContentMD5(body []byte) string {
	sum := md5.Sum(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func hmacSHA1(key, msg string) string {
	h := hmac.New(sha1.New, []byte(key))
	h.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}
