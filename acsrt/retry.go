package acsrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"time"
)

// RetryPolicy says how a call is retried. An attempt is retried when the
// service answered with a throttling error (APIError.IsThrottling) or HTTP
// 5xx, whatever the API: the service answered, so it decided what to do
// with the request, and a retry is as safe as the official SDKs' own.
// After a connection error (network errors, a connection closed before or
// while the response was read) the rule depends on whether repeating the
// request can repeat its effect:
//   - an idempotent call is retried after any connection error: an ROA (or
//     Log Service) GET or HEAD, and a call of an API with an idempotency
//     parameter (RPCRequest.IdempotencyKey, ROARequest.IdempotencyKey:
//     ClientToken), which the client fills with a random UUID when the
//     caller left it empty, once per call, so every attempt sends the same
//     token and the service does the operation at most once;
//   - any other call (every RPC call without ClientToken, ROA POST, PUT,
//     DELETE, PATCH) is retried only when the request certainly did not
//     reach the service: the dial failed (*net.OpError with Op "dial",
//     connection refused, unreachable), the host name did not resolve
//     temporarily (*net.DNSError), or the transport never got a connection
//     to write on (a TLS handshake or proxy CONNECT failed, seen through
//     httptrace GetConn/GotConn). A connection lost once the request may
//     have been written, or while the response was read, fails the call.
//     (net/http itself resends such a request when a kept-alive connection
//     was closed before any byte of it was written.)
//
// DNS "no such host" and other errors, 4xx included, are returned at once.
// Retries use capped exponential backoff with full jitter: before attempt
// n+1 the client waits a random duration in [0, min(MaxDelay,
// BaseDelay·2^(n-1))]. Every attempt is signed afresh (new nonce and
// timestamp). A cancelled or expired context stops the retries, also during
// a wait, at once.
type RetryPolicy struct {
	MaxAttempts int           // total attempts including the first; 0 → 3
	BaseDelay   time.Duration // 0 → 200ms
	MaxDelay    time.Duration // 0 → 5s
	Disabled    bool          // no retries at all
}

const (
	defaultMaxAttempts = 3
	defaultBaseDelay   = 200 * time.Millisecond
	defaultMaxDelay    = 5 * time.Second
)

// withDefaults fills the zero fields; Disabled means one attempt.
func (p RetryPolicy) withDefaults() (RetryPolicy, error) {
	if p.MaxAttempts < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 {
		return p, fmt.Errorf("acsrt: invalid RetryPolicy %+v: negative value", p)
	}
	if p.MaxAttempts == 0 {
		p.MaxAttempts = defaultMaxAttempts
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = defaultBaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = defaultMaxDelay
	}
	if p.Disabled {
		p.MaxAttempts = 1
	}
	return p, nil
}

// backoffCap is min(MaxDelay, BaseDelay·2^(n-1)), the longest wait after
// failed attempt n (n ≥ 1).
func (p RetryPolicy) backoffCap(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		if d > p.MaxDelay/2 {
			return p.MaxDelay
		}
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// sleepCtx waits d or until ctx is done, whichever comes first; it returns
// ctx.Err() in the second case. It is the default of Client.sleep.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// randInt64N is the default jitter source of a Client: a uniform number in [0, n).
func randInt64N(n int64) int64 { return rand.Int64N(n) }

// Package defaults a Client copies at NewClient; tests replace the client's
// copies (c.sleep, c.randN) to run the retry loop without sleeping and with
// a fixed jitter.
var (
	defaultSleep = sleepCtx
	defaultRandN = randInt64N
)

// backoff is the wait after failed attempt n: full jitter over [0, cap].
func (c *Client) backoff(n int) time.Duration {
	ceil := c.retry.backoffCap(n)
	if ceil <= 0 {
		return 0
	}
	return time.Duration(c.randN(int64(ceil) + 1))
}

// attemptError is the outcome of one failed attempt.
type attemptError struct {
	err   error
	retry bool
}

// do runs attempt until it succeeds, fails for good, runs out of attempts
// or ctx is done. cl names the call in the errors and the log.
func (c *Client) do(ctx context.Context, cl *call, attempt func() *attemptError) error {
	for n := 1; ; n++ {
		var start time.Time
		if c.log != nil {
			start = time.Now()
		}
		ae := attempt()
		if c.log != nil {
			c.attemptLogged(ctx, cl, n, ae, time.Since(start))
		}
		if ae == nil {
			return nil
		}
		if ctx.Err() != nil || !ae.retry || n >= c.retry.MaxAttempts {
			if n > 1 {
				return fmt.Errorf("acsrt: %s: attempt %d of %d: %w", cl.api, n, c.retry.MaxAttempts, ae.err)
			}
			return fmt.Errorf("acsrt: %s: %w", cl.api, ae.err)
		}
		wait := c.backoff(n)
		if c.log != nil {
			c.retryLogged(ctx, cl, n, ae, wait)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("acsrt: %s: gave up waiting to retry after attempt %d: %w (attempt %d: %w)", cl.api, n, err, n, ae.err)
		}
	}
}

// retryableTransport reports whether err, from sending a request or reading
// its response, is a connection error worth another attempt: a network
// error (refused, reset, timed out, …) or a connection closed early.
// Errors of the caller's context are checked separately.
func retryableTransport(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	// *url.Error is itself a net.Error: look at what it wraps.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne)
}
