package acsrt

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// modulePath is the module acsrt belongs to; its version goes into the
// User-Agent.
const modulePath = "github.com/cccgen/cccgen"

// runtimeVersion is the version of cccgen's run-time the User-Agent names:
// the module's version in the build information of the program (a tagged
// release, or a pseudo-version), "dev" when the program was built inside
// the module itself without one or without build information.
var runtimeVersion = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := ""
	if bi.Main.Path == modulePath {
		v = bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			v = d.Version
			if d.Replace != nil && d.Replace.Version != "" {
				v = d.Replace.Version
			}
		}
	}
	if v == "" || v == "(devel)" {
		return "dev"
	}
	return v
})

// DefaultUserAgent is the User-Agent a Client sends before Config.UserAgent,
// in the format of Alibaba's official Go SDKs (the classic SDK's
// sdk.DefaultUserAgent, "AlibabaCloud (linux; amd64) Golang/1.22.1
// Core/1.63.0", and the Tea SDK's, which adds " TeaDSL/2"), with cccgen's
// run-time in place of Core:
//
//	AlibabaCloud (linux; amd64) Golang/1.26.0 cccgen/v1.2.3
func DefaultUserAgent() string {
	return "AlibabaCloud (" + runtime.GOOS + "; " + runtime.GOARCH + ") Golang/" +
		strings.TrimPrefix(runtime.Version(), "go") + " cccgen/" + runtimeVersion()
}

// call is what the retry loop knows of one call, and what its current
// attempt reported for the log.
type call struct {
	api        string // "Product Action" or "Product METHOD /path"
	host       string
	idempotent bool // a retry cannot do the operation twice: GET/HEAD, or an idempotency token

	// Set by each attempt.
	status    int    // HTTP status, 0 without a response
	requestID string // the service's request ID, when known
}

// attemptLogged writes the Debug record of one attempt. It never logs the
// request itself (signature, credentials, token headers): only the call's
// name, host, attempt number, HTTP status, the service's request ID, the
// duration and, for a failed attempt, the error without the request URL.
func (c *Client) attemptLogged(ctx context.Context, cl *call, n int, ae *attemptError, d time.Duration) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := append(cl.attrs(n), slog.Duration("duration", d))
	if ae != nil {
		attrs = append(attrs, slog.String("error", logReason(ae.err)))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "acsrt: attempt", attrs...)
}

// retryLogged writes the Warn record of a retry: which attempt failed, why,
// and how long the client waits before the next one.
func (c *Client) retryLogged(ctx context.Context, cl *call, n int, ae *attemptError, wait time.Duration) {
	c.log.LogAttrs(ctx, slog.LevelWarn, "acsrt: retrying",
		append(cl.attrs(n), slog.Duration("wait", wait), slog.String("reason", logReason(ae.err)))...)
}

// attrs are the attributes every record of attempt n of the call has.
func (cl *call) attrs(n int) []slog.Attr {
	return []slog.Attr{
		slog.String("api", cl.api),
		slog.String("host", cl.host),
		slog.Int("attempt", n),
		slog.Int("status", cl.status),
		slog.String("request_id", cl.requestID),
	}
}

// logReason is err's text without the request URL a *url.Error carries
// (an RPC GET signed with signature 1.0 has the Signature, AccessKeyId and
// SecurityToken in its query).
func logReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// responseRequestID is the request ID a response carries in its headers
// (x-acs-request-id; Log Service's x-log-requestid).
func responseRequestID(h http.Header) string {
	if id := h.Get("x-acs-request-id"); id != "" {
		return id
	}
	return h.Get("x-log-requestid")
}

// bodyRequestID is the top-level "RequestId" member of a JSON object body,
// "" when it has none. It reads up to that member only; it is called for the
// log alone, never on the path of a client without a Logger.
func bodyRequestID(body string) string {
	d := JSONDecoder{s: body}
	if d.ws() != '{' {
		return ""
	}
	for ok := d.Object(); ok; ok = d.NextKey() {
		if d.key == "RequestId" {
			s, _, ok := d.scalar()
			if !ok {
				return ""
			}
			return s
		}
		d.Skip()
	}
	return ""
}
