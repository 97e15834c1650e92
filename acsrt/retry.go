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

// RetryPolicy says how a call is retried. Throttling errors
// (APIError.IsThrottling), HTTP 5xx and connection errors (network errors,
// a connection closed before or while the response was read) are retried
// with capped exponential backoff and full jitter: before attempt n+1 the
// client waits a random duration in [0, min(MaxDelay, BaseDelay·2^(n-1))].
// Other errors, 4xx included, are returned at once. Every attempt is signed
// afresh (new nonce and timestamp). A cancelled or expired context stops the
// retries, also during a wait.
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
// or ctx is done. name prefixes the errors.
func (c *Client) do(ctx context.Context, name string, attempt func() *attemptError) error {
	for n := 1; ; n++ {
		ae := attempt()
		if ae == nil {
			return nil
		}
		if ctx.Err() != nil || !ae.retry || n >= c.retry.MaxAttempts {
			if n > 1 {
				return fmt.Errorf("acsrt: %s: attempt %d of %d: %w", name, n, c.retry.MaxAttempts, ae.err)
			}
			return fmt.Errorf("acsrt: %s: %w", name, ae.err)
		}
		if err := c.sleep(ctx, c.backoff(n)); err != nil {
			return fmt.Errorf("acsrt: %s: gave up waiting to retry after attempt %d: %w (attempt %d: %w)", name, n, err, n, ae.err)
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
