package acsrt

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
)

// NewClientToken is a random UUID version 4 (RFC 9562, from crypto/rand),
// the idempotency token the client fills in for a call whose API documents
// a ClientToken parameter the caller left empty.
func NewClientToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])  // never fails (crypto/rand panics rather than return an error)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// fillRPCToken sets r's idempotency parameter to a new token when the
// request names one (IdempotencyKey) and the caller left it empty; it
// copies Query first, never changing the caller's map. It runs once per
// call, before the first attempt: every attempt sends the same token.
func fillRPCToken(r *RPCRequest) {
	if r.IdempotencyKey != "" {
		r.Query = withToken(r.Query, r.IdempotencyKey)
	}
}

// withToken is q with a new token for key k, a copy (the caller's map is
// never changed), or q itself when the caller set k.
func withToken(q url.Values, k string) url.Values {
	if q.Get(k) != "" {
		return q
	}
	q = maps.Clone(q)
	if q == nil {
		q = make(url.Values, 1)
	}
	q[k] = []string{NewClientToken()}
	return q
}

// fillROAToken is fillRPCToken for ROA: the token goes into the query, or
// with IdempotencyKeyInBody into the JSON object body (a body of none
// becomes {"<key>":"<token>"}, application/json). A body that is not a
// JSON object is left alone.
func fillROAToken(r *ROARequest) {
	k := r.IdempotencyKey
	if k == "" {
		return
	}
	if !r.IdempotencyKeyInBody {
		r.Query = withToken(r.Query, k)
		return
	}
	member := strconv.Quote(k) + ":" + strconv.Quote(NewClientToken())
	body := bytes.TrimSpace(r.Body)
	if len(body) == 0 {
		r.Body = []byte("{" + member + "}")
		if r.ContentType == "" {
			r.ContentType = "application/json"
		}
		return
	}
	var m map[string]json.RawMessage
	if body[0] != '{' || json.Unmarshal(body, &m) != nil {
		return
	}
	if _, ok := m[k]; ok {
		return // the caller's token (a body member is sent as the caller set it)
	}
	sep := ","
	if len(m) == 0 {
		sep = ""
	}
	// The new member first, the caller's bytes after it unchanged.
	r.Body = append([]byte("{"+member+sep), body[1:]...)
}

// connTrace tells whether a connection was obtained for an attempt: before
// that, nothing of the request can have been sent.
type connTrace struct {
	getConn, gotConn atomic.Bool
}

// with is req reporting to t (in addition to any trace of its context).
func (t *connTrace) with(req *http.Request) *http.Request {
	return req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GetConn: func(string) { t.getConn.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { t.gotConn.Store(true) },
	}))
}

// notSent reports whether err, from sending a request, certainly means the
// service never saw it: the transport never had a connection to write it
// to. That is a dial error (*net.OpError with Op "dial": refused,
// unreachable, dial timeout; a proxy's dial), a DNS error, or any error of a
// transport that reported asking for a connection (httptrace GetConn) and
// never got one (GotConn): a TLS handshake or proxy CONNECT that failed.
// Once a connection was obtained nothing is certain: the request may have
// been written, and the service may be acting on it.
func notSent(err error, t *connTrace) bool {
	if t.gotConn.Load() {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	return t.getConn.Load()
}
