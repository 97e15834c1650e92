package acsrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A fault scenario of TestFaults: what the server does on each attempt of
// a call, and what the call must end with.
type faultScenario struct {
	name  string
	rpc   bool   // an RPC POST (parameters in the form body); else ROA POST /fault/<name>/<id>
	token bool   // the API has ClientToken (IdempotencyKey)
	plan  []step // per attempt, the last one repeating
	// The outcome: "ok", or the kind of error (see faultKind), after
	// attempts server-side attempts.
	want     string
	attempts int
	timeout  time.Duration // the call's context deadline, 0 → none
}

type step int

const (
	answerOK      step = iota // 200 with a small JSON body
	answerLatency             // 200 after 20–40 ms
	throttle400               // 400 Throttling.User
	throttle503               // 503 Throttling.User
	internal500               // 500 InternalError
	invalid400                // 400 InvalidParameter
	hangupEarly               // hijack and close before reading the body
	hangupLate                // read the request, then hijack and close
	hangForever               // answer only when the client goes away
)

var faultScenarios = []faultScenario{
	{name: "ok", plan: []step{answerOK}, want: "ok", attempts: 1},
	{name: "ok-rpc", rpc: true, plan: []step{answerOK}, want: "ok", attempts: 1},
	{name: "latency", plan: []step{answerLatency}, want: "ok", attempts: 1},
	{name: "throttled-once", plan: []step{throttle400, answerOK}, want: "ok", attempts: 2},
	{name: "throttled-once-rpc", rpc: true, plan: []step{throttle503, answerOK}, want: "ok", attempts: 2},
	{name: "throttled", plan: []step{throttle503}, want: "throttling", attempts: 3},
	{name: "5xx-once", plan: []step{internal500, answerLatency}, want: "ok", attempts: 2},
	{name: "5xx", rpc: true, plan: []step{internal500}, want: "5xx", attempts: 3},
	{name: "invalid", plan: []step{invalid400}, want: "4xx", attempts: 1},
	{name: "hangup-early-token", token: true, plan: []step{hangupEarly, answerOK}, want: "ok", attempts: 2},
	{name: "hangup-late-token", token: true, plan: []step{hangupLate, throttle400, answerOK}, want: "ok", attempts: 3},
	{name: "hangup-late-token-rpc", rpc: true, token: true, plan: []step{hangupLate, answerOK}, want: "ok", attempts: 2},
	{name: "hangup-token", token: true, plan: []step{hangupLate}, want: "connection", attempts: 3},
	// Non-idempotent: the request was written, the service may have it.
	{name: "hangup-early-post", plan: []step{hangupEarly, answerOK}, want: "connection", attempts: 1},
	{name: "hangup-late-post", plan: []step{hangupLate, answerOK}, want: "connection", attempts: 1},
	{name: "hangup-late-post-rpc", rpc: true, plan: []step{hangupLate, answerOK}, want: "connection", attempts: 1},
	// The deadline may expire before the request is served (attempts 0 or 1).
	{name: "deadline", plan: []step{hangForever}, want: "deadline", attempts: 1, timeout: 200 * time.Millisecond},
}

// faultServer serves the scenarios, counting the attempts of every call and
// keeping the ClientToken each attempt sent.
type faultServer struct {
	mu    sync.Mutex
	calls map[string]*faultCall // by call id
}

type faultCall struct {
	attempts int
	tokens   []string
}

func (s *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var name, id, token string
	if r.URL.Path == "/" { // RPC: the parameters are in the form body
		b, _ := io.ReadAll(r.Body)
		f, _ := url.ParseQuery(string(b))
		name, id, token = f.Get("Scenario"), f.Get("Call"), f.Get("ClientToken")
	} else {
		parts := strings.Split(r.URL.Path, "/") // /fault/<name>/<id>
		if len(parts) != 4 {
			http.Error(w, "bad path", 404)
			return
		}
		name, id, token = parts[2], parts[3], r.URL.Query().Get("ClientToken")
	}
	var sc *faultScenario
	for i := range faultScenarios {
		if faultScenarios[i].name == name {
			sc = &faultScenarios[i]
		}
	}
	if sc == nil {
		http.Error(w, "no scenario "+name, 404)
		return
	}
	s.mu.Lock()
	fc := s.calls[id]
	if fc == nil {
		fc = &faultCall{}
		s.calls[id] = fc
	}
	fc.attempts++
	fc.tokens = append(fc.tokens, token)
	n := fc.attempts
	s.mu.Unlock()

	switch sc.plan[min(n, len(sc.plan))-1] {
	case answerOK:
		time.Sleep(time.Duration(rand.IntN(3)) * time.Millisecond)
		fmt.Fprintf(w, `{"RequestId":"req-%s-%d","Code":"OK"}`, id, n)
	case answerLatency:
		time.Sleep(time.Duration(20+rand.IntN(21)) * time.Millisecond)
		fmt.Fprintf(w, `{"RequestId":"req-%s-%d","Code":"OK"}`, id, n)
	case throttle400:
		w.WriteHeader(400)
		io.WriteString(w, `{"RequestId":"t","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`)
	case throttle503:
		w.WriteHeader(503)
		io.WriteString(w, `{"RequestId":"t","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`)
	case internal500:
		w.WriteHeader(500)
		io.WriteString(w, `{"RequestId":"e","Code":"InternalError","Message":"The request processing has failed due to some unknown error."}`)
	case invalid400:
		w.WriteHeader(400)
		io.WriteString(w, `{"RequestId":"i","Code":"InvalidParameter","Message":"bad"}`)
	case hangupEarly, hangupLate:
		if sc.plan[min(n, len(sc.plan))-1] == hangupLate {
			io.Copy(io.Discard, r.Body)
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		conn.Close()
	case hangForever:
		io.Copy(io.Discard, r.Body) // the server notices the client leaving only once the body is read
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}
}

// faultKind names the outcome of a call: "ok" or the kind of its error.
func faultKind(err error) string {
	var ae *APIError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline"
	case errors.As(err, &ae) && ae.IsThrottling():
		return "throttling"
	case errors.As(err, &ae) && ae.StatusCode >= 500:
		return "5xx"
	case errors.As(err, &ae):
		return "4xx"
	case retryableTransport(errors.Unwrap(err)) || retryableTransport(err):
		return "connection"
	}
	return "other: " + err.Error()
}

// settleGoroutines waits until at most want goroutines run, up to 10 s,
// and returns how many run.
func settleGoroutines(want int) int {
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// heapInuse is the heap in use and the live heap after two collections
// (the second empties the sync.Pools the first moved to their victim caches).
func heapInuse() (inuse, alloc uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse, m.HeapAlloc
}

// TestFaults runs 1,000 concurrent calls of one client against a loopback
// server injecting throttling, 5xx, hang-ups before and after reading the
// request, latency and a hung answer, and checks that every call ends as
// its scenario says after as many attempts as it says, with one
// ClientToken per call; that no goroutine is left behind and the heap
// comes back to where it was.
func TestFaults(t *testing.T) {
	const calls = 1000
	fs := &faultServer{calls: map[string]*faultCall{}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: tr}
		cfg.Retry = RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}
	})
	// Real (short) waits with jitter, as in production.
	c.sleep, c.randN = sleepCtx, randInt64N

	type result struct {
		sc  *faultScenario
		id  string
		err error
	}
	run := func(prefix string, calls int) []result {
		results := make([]result, calls)
		var wg sync.WaitGroup
		for i := range calls {
			sc := &faultScenarios[i%len(faultScenarios)]
			id := fmt.Sprintf("%s%d", prefix, i)
			results[i] = result{sc: sc, id: id}
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := context.Background()
				if sc.timeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, sc.timeout)
					defer cancel()
				}
				var out apiResponse
				var err error
				if sc.rpc {
					r := RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "Fault", Method: "POST",
						Query: url.Values{"Scenario": {sc.name}, "Call": {id}}}
					if sc.token {
						r.IdempotencyKey = "ClientToken"
					}
					err = c.CallRPC(ctx, r, &out)
				} else {
					r := ROARequest{Product: "CCC", Version: "2017-07-05", Method: "POST", Path: "/fault/" + sc.name + "/" + id,
						Body: []byte(`{"Payload":"x"}`), ContentType: "application/json"}
					if sc.token {
						r.IdempotencyKey = "ClientToken"
					}
					err = c.CallROA(ctx, r, &out)
				}
				if err == nil && out.Code != "OK" {
					err = fmt.Errorf("decoded %+v", out)
				}
				results[i].err = err
			}()
		}
		wg.Wait()
		return results
	}

	// A warm-up round of every scenario first, so that the baseline holds
	// what the first calls set up once (the transport's and the server's
	// lazily built state, the runtime's size classes).
	goroutinesBefore := runtime.NumGoroutine() // the test's and the server's
	run("warm", 2*len(faultScenarios))
	tr.CloseIdleConnections()
	settleGoroutines(goroutinesBefore)
	heapBefore, allocBefore := heapInuse()

	// The peak number of goroutines: the runtime keeps a dead goroutine's
	// descriptor (about 0.5 KiB of heap) for reuse, never freeing it.
	var peak atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak.Store(max(peak.Load(), int64(runtime.NumGoroutine())))
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	start := time.Now()
	results := run("c", calls)
	elapsed := time.Since(start)
	close(stop)
	<-sampled

	counts := map[string]int{}
	tokens := map[string]string{} // token → call
	for _, r := range results {
		kind := faultKind(r.err)
		counts[kind]++
		fs.mu.Lock()
		fc := fs.calls[r.id]
		fs.mu.Unlock()
		if fc == nil { // never reached the server
			fc = &faultCall{}
		}
		attempts := fc.attempts
		if kind != r.sc.want || attempts != r.sc.attempts && !(r.sc.want == "deadline" && attempts == 0) {
			t.Errorf("%s (%s): %s after %d attempts, want %s after %d (%v)", r.id, r.sc.name, kind, attempts, r.sc.want, r.sc.attempts, r.err)
			continue
		}
		if !r.sc.token {
			for _, tok := range fc.tokens {
				if tok != "" {
					t.Errorf("%s (%s): token %q sent for an API without one", r.id, r.sc.name, tok)
				}
			}
			continue
		}
		for _, tok := range fc.tokens {
			if tok != fc.tokens[0] || !uuidV4.MatchString(tok) {
				t.Errorf("%s (%s): tokens %q: want one UUID v4 on every attempt", r.id, r.sc.name, fc.tokens)
				break
			}
		}
		if other, dup := tokens[fc.tokens[0]]; dup {
			t.Errorf("%s and %s sent the same token %s", other, r.id, fc.tokens[0])
		}
		tokens[fc.tokens[0]] = r.id
	}
	// What each kind must count: calls per scenario × scenarios of the kind.
	want := map[string]int{}
	for i := range calls {
		want[faultScenarios[i%len(faultScenarios)].want]++
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d calls ended %s, want %d", counts[k], k, n)
		}
	}
	t.Logf("%d calls in %v: %v; %d distinct tokens", calls, elapsed, counts, len(tokens))

	// Nothing left behind: the client's goroutines end once its idle
	// connections are closed (the server's with them).
	tr.CloseIdleConnections()
	results = nil
	goroutinesAfter := settleGoroutines(goroutinesBefore)
	fs.mu.Lock()
	fs.calls = nil // the server's record of the calls
	fs.mu.Unlock()
	heapAfter, allocAfter := heapInuse()
	t.Logf("goroutines %d before, %d after; heap in use %d KiB before, %d KiB after; live heap %d KiB before, %d KiB after", goroutinesBefore, goroutinesAfter, heapBefore>>10, heapAfter>>10, allocBefore>>10, allocAfter>>10)
	if goroutinesAfter > goroutinesBefore {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after, %d before:\n%s", goroutinesAfter, goroutinesBefore, buf[:runtime.Stack(buf, true)])
	}
	// The calls keep nothing. What the run leaves on the live heap is the
	// runtime's: the descriptors of the goroutines that ran at the peak
	// (about 0.5 KiB each, kept for reuse), and the odd cache. HeapInuse
	// adds the fragmentation of spans those live objects keep. Bounds:
	// live heap growth ≤ peak × 1 KiB + 1 MiB, HeapInuse growth ≤ twice
	// that. A leak of the 1,000 calls' connections would hold at least
	// 16 MiB (4 KiB bufio reader and writer on either side of each) and
	// one of their responses or requests at least 1,000 × a few hundred bytes
	// on top of the bound's slack.
	liveBound := uint64(peak.Load())<<10 + 1<<20
	t.Logf("peak goroutines %d: live heap growth bound %d KiB, heap in use growth bound %d KiB", peak.Load(), liveBound>>10, 2*liveBound>>10)
	if allocAfter > allocBefore+liveBound {
		t.Errorf("live heap grew from %d KiB to %d KiB (bound: +%d KiB)", allocBefore>>10, allocAfter>>10, liveBound>>10)
	}
	if heapAfter > heapBefore+2*liveBound {
		t.Errorf("heap in use grew from %d KiB to %d KiB (bound: +%d KiB)", heapBefore>>10, heapAfter>>10, 2*liveBound>>10)
	}
}

// TestFaultsCancelDuringBackoff: calls waiting seconds to retry end as soon
// as their context is cancelled.
func TestFaultsCancelDuringBackoff(t *testing.T) {
	const calls = 100
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(400)
		io.WriteString(w, `{"Code":"Throttling.User","Message":"m"}`)
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: tr}
		cfg.Retry = RetryPolicy{MaxAttempts: 5, BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}
	})
	var waiting sync.WaitGroup
	waiting.Add(calls)
	c.sleep = func(ctx context.Context, d time.Duration) error {
		if d < 5*time.Second {
			t.Errorf("backoff %v: want seconds", d)
		}
		waiting.Done()
		return sleepCtx(ctx, d) // the real wait
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan time.Time, calls)
	errs := make(chan error, calls)
	for range calls {
		go func() {
			err := c.CallRPC(ctx, getThing, nil)
			done <- time.Now()
			errs <- err
		}()
	}
	waiting.Wait() // every call is in its backoff
	cancelled := time.Now()
	cancel()
	var slowest time.Duration
	for range calls {
		slowest = max(slowest, (<-done).Sub(cancelled))
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Errorf("%v: want context.Canceled", err)
		}
	}
	t.Logf("%d calls cancelled during a 10 s backoff: the slowest returned %v after cancel", calls, slowest)
	if slowest > 50*time.Millisecond {
		t.Errorf("the slowest call returned %v after cancel, want < 50ms", slowest)
	}
	if hits.Load() != calls {
		t.Errorf("%d attempts, want %d (one each)", hits.Load(), calls)
	}
}

// TestFaultsDialErrors: non-idempotent POSTs whose first two dials fail are
// retried (the request never left) and reach the server exactly once.
func TestFaultsDialErrors(t *testing.T) {
	const calls = 200
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	type dialsKey struct{}
	var injected atomic.Int32
	tr := &http.Transport{
		DisableKeepAlives: true, // one dial per attempt
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if n := ctx.Value(dialsKey{}).(*atomic.Int32); n.Add(1) <= 2 {
				injected.Add(1)
				return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("injected: connection refused")}
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: tr}
		cfg.Retry = RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
	})
	c.sleep = sleepCtx
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.WithValue(context.Background(), dialsKey{}, new(atomic.Int32))
			r := getThing
			r.Method = "POST"
			if err := c.CallRPC(ctx, r, nil); err != nil {
				failed.Add(1)
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d calls, %d dial errors injected, %d requests served, %d failed", calls, injected.Load(), hits.Load(), failed.Load())
	if injected.Load() != 2*calls || hits.Load() != calls {
		t.Errorf("%d dial errors, %d requests: want %d, %d", injected.Load(), hits.Load(), 2*calls, calls)
	}
}
