package acsrt

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// CredentialsProvider gives the credentials a Client signs an attempt with.
// The client asks for them before every attempt (each attempt is signed
// afresh), so a provider that refreshes temporary credentials keeps a
// long-lived client working. Implementations must be safe for concurrent
// use and should be cheap when nothing needs refreshing (cache).
//
// An error ends the call (it is not retried); it should name the source
// that failed and must never contain a secret. Credentials carry no
// expiry: a provider of temporary credentials tracks it itself and gives
// fresh ones in time (as the default chain's sources do).
type CredentialsProvider interface {
	Credentials(ctx context.Context) (Credentials, error)
}

// CredentialsProviderFunc is a function used as a CredentialsProvider.
type CredentialsProviderFunc func(ctx context.Context) (Credentials, error)

// Credentials calls f.
func (f CredentialsProviderFunc) Credentials(ctx context.Context) (Credentials, error) {
	return f(ctx)
}

// StaticCredentials is a CredentialsProvider that always gives the same
// credentials: what Config.Credentials is turned into.
type StaticCredentials Credentials

// Credentials returns the credentials themselves.
func (s StaticCredentials) Credentials(context.Context) (Credentials, error) {
	return Credentials(s), nil
}

// CredentialsError is the error of a credentials source: Source names it
// (e.g. "ecs_ram_role (instance metadata)", "cli_profile (/home/u/.aliyun/config.json,
// profile default, mode RamRoleArn)"). Its text never contains a secret.
type CredentialsError struct {
	Source string
	Err    error
}

func (e *CredentialsError) Error() string {
	return "credentials from " + e.Source + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *CredentialsError) Unwrap() error { return e.Err }

// Refresh timing of the cached temporary credentials (cachedProvider).
const (
	// refreshWindow caps the time before expiry at which cached
	// credentials are refreshed: credentials-go refreshes when 180 s or
	// less remain.
	refreshWindow = 3 * time.Minute
	// refreshRetryDelay is how long a failed refresh is not tried again
	// while the cached credentials are still valid.
	refreshRetryDelay = 10 * time.Second
)

// fetchFunc fetches temporary credentials and the time they expire (zero:
// never).
type fetchFunc func(ctx context.Context) (Credentials, time.Time, error)

// cachedProvider caches the credentials of fetch until shortly before they
// expire. Expiry lives here, not in Credentials.
//
// The rule: credentials fetched at t0 that expire at t1 are refreshed once
// less than min(3 min, (t1-t0)/5) of their lifetime remains (3 min for the
// hour-long STS and the 6-hour ECS credentials, as credentials-go; a fifth
// for short-lived ones). Concurrent callers share one fetch (a mutex and
// one in-flight call): while the cached credentials are still valid only
// the caller that starts the refresh waits for it, the others get the
// cached ones at once; once they have expired (or before the first fetch)
// every caller waits for the one fetch. A refresh that fails while the
// cached credentials are still valid is not an error: the cached ones are
// returned, and the refresh is tried again no sooner than 10 s later. A
// failure once they have expired is an error naming source.
type cachedProvider struct {
	source string
	fetch  fetchFunc
	now    func() time.Time

	mu      sync.Mutex
	have    bool
	cur     Credentials
	got     time.Time // when cur was fetched
	exp     time.Time // when cur expires; zero: never
	retryAt time.Time // while cur is valid, no refresh before this
	call    *refreshCall
}

type refreshCall struct {
	done chan struct{}
	cr   Credentials
	err  error
}

func newCachedProvider(source string, now func() time.Time, fetch fetchFunc) *cachedProvider {
	if now == nil {
		now = time.Now
	}
	return &cachedProvider{source: source, fetch: fetch, now: now}
}

// fresh reports whether cur needs no refresh at now. Call with mu held.
func (p *cachedProvider) fresh(now time.Time) bool {
	if !p.have {
		return false
	}
	if p.exp.IsZero() {
		return true
	}
	window := max(0, min(refreshWindow, p.exp.Sub(p.got)/5))
	return p.exp.Sub(now) > window
}

// valid reports whether cur may still be used at now. Call with mu held.
func (p *cachedProvider) valid(now time.Time) bool {
	return p.have && (p.exp.IsZero() || now.Before(p.exp))
}

// Credentials returns the cached credentials, refreshing them first when
// the rule above says so.
func (p *cachedProvider) Credentials(ctx context.Context) (Credentials, error) {
	p.mu.Lock()
	now := p.now()
	if p.fresh(now) {
		cr := p.cur
		p.mu.Unlock()
		return cr, nil
	}
	valid := p.valid(now)
	if valid && (p.call != nil || now.Before(p.retryAt)) {
		// Someone else refreshes, or a refresh failed a moment ago.
		cr := p.cur
		p.mu.Unlock()
		return cr, nil
	}
	call := p.call
	if call == nil {
		call = p.start(ctx)
	}
	p.mu.Unlock()

	select {
	case <-call.done:
	case <-ctx.Done():
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.valid(p.now()) {
			return p.cur, nil
		}
		return Credentials{}, &CredentialsError{Source: p.source, Err: ctx.Err()}
	}
	if call.err == nil {
		return call.cr, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.valid(p.now()) {
		// The refresh failed but the cached credentials still hold.
		return p.cur, nil
	}
	if p.have {
		return Credentials{}, &CredentialsError{Source: p.source, Err: fmt.Errorf("the cached credentials expired at %s and refreshing them failed: %w", p.exp.UTC().Format(time.RFC3339), call.err)}
	}
	return Credentials{}, &CredentialsError{Source: p.source, Err: call.err}
}

// start runs one fetch in its own goroutine, detached from the caller's
// cancellation (other callers may wait for it; the fetches have their own
// HTTP timeouts). Call with mu held.
func (p *cachedProvider) start(ctx context.Context) *refreshCall {
	call := &refreshCall{done: make(chan struct{})}
	p.call = call
	fctx := context.WithoutCancel(ctx)
	go func() {
		cr, exp, err := p.fetch(fctx)
		if err == nil && (cr.AccessKeyID == "" || cr.AccessKeySecret == "") {
			err = errors.New("no AccessKeyId or AccessKeySecret in the answer")
		}
		p.mu.Lock()
		if err == nil {
			p.have, p.cur, p.got, p.exp = true, cr, p.now(), exp
			p.retryAt = time.Time{}
		} else {
			p.retryAt = p.now().Add(refreshRetryDelay)
		}
		call.cr, call.err = cr, err
		p.call = nil
		p.mu.Unlock()
		close(call.done)
	}()
	return call
}

// credentials are the credentials of one attempt. A provider's error that
// is not a *CredentialsError is wrapped in one naming the provider's type.
func (c *Client) credentials(ctx context.Context) (Credentials, error) {
	cr, err := c.creds.Credentials(ctx)
	if err == nil && (cr.AccessKeyID == "" || cr.AccessKeySecret == "") {
		err = errors.New("no AccessKeyID or AccessKeySecret")
	}
	if err != nil {
		var ce *CredentialsError
		if !errors.As(err, &ce) {
			err = &CredentialsError{Source: fmt.Sprintf("Config.CredentialsProvider (%T)", c.creds), Err: err}
		}
		return Credentials{}, err
	}
	return cr, nil
}
