package acsrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Secrets the fakes hand out; no error may ever contain one.
var allSecrets = []string{"imds-secret", "imds-token", "sts-secret", "sts-token", "profile-secret", "ini-secret", "oidc-jwt", "env-secret", "uri-secret"}

func checkNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range allSecrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the error quotes the secret %q: %v", s, err)
		}
	}
}

// fakeIMDS is the ECS instance metadata service: PUT /latest/api/token,
// GET /latest/meta-data/ram/security-credentials/ (the role) and …/<role>
// (its credentials, expiring lifetime after the fake clock's now).
type fakeIMDS struct {
	t        *testing.T
	srv      *httptest.Server
	clock    *fakeClock
	role     string
	lifetime time.Duration
	noV2     bool // PUT answers 404 (an IMDSv1-only service)

	mu     sync.Mutex
	hold   time.Duration // the credentials GET waits this long
	fail   bool          // the credentials GET answers 500
	code   string        // the Code of the answer ("" → Success)
	badDoc bool          // the answer is not JSON (and quotes the secret)

	puts, lists, gets, unauthorized atomic.Int32
}

const imdsToken = "metadata-session-token"

func newFakeIMDS(t *testing.T, clock *fakeClock) *fakeIMDS {
	f := &fakeIMDS{t: t, clock: clock, role: "EcsRole", lifetime: 6 * time.Hour}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeIMDS) set(fn func(f *fakeIMDS)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

func (f *fakeIMDS) serve(w http.ResponseWriter, r *http.Request) {
	const base = "/latest/meta-data/ram/security-credentials/"
	if r.Method == http.MethodPut && r.URL.Path == "/latest/api/token" {
		f.puts.Add(1)
		if f.noV2 {
			http.NotFound(w, r)
			return
		}
		if got := r.Header.Get("X-aliyun-ecs-metadata-token-ttl-seconds"); got != "21600" {
			f.t.Errorf("token TTL header %q", got)
		}
		io.WriteString(w, imdsToken)
		return
	}
	if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, base) {
		f.t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if tok := r.Header.Get("X-aliyun-ecs-metadata-token"); !f.noV2 && tok != imdsToken {
		f.unauthorized.Add(1)
		http.Error(w, "no token", http.StatusUnauthorized)
		return
	}
	role := strings.TrimPrefix(r.URL.Path, base)
	if role == "" {
		f.lists.Add(1)
		io.WriteString(w, f.role+"\n")
		return
	}
	if role != f.role {
		http.NotFound(w, r)
		return
	}
	n := f.gets.Add(1)
	f.mu.Lock()
	fail, code, bad, hold := f.fail, f.code, f.badDoc, f.hold
	f.mu.Unlock()
	time.Sleep(hold)
	if fail {
		http.Error(w, "imds-secret", http.StatusInternalServerError)
		return
	}
	if code == "" {
		code = "Success"
	}
	if bad {
		fmt.Fprintf(w, `{"Code":"Success","AccessKeySecret":"imds-secret"`)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{
		"Code":            code,
		"AccessKeyId":     fmt.Sprintf("STS.imds-%d", n),
		"AccessKeySecret": "imds-secret",
		"SecurityToken":   "imds-token",
		"Expiration":      f.clock.Now().Add(f.lifetime).UTC().Format("2006-01-02T15:04:05Z"),
		"LastUpdated":     f.clock.Now().UTC().Format("2006-01-02T15:04:05Z"),
	})
}

// fakeSTS answers AssumeRole (signature 1.0 checked with sourceSecret) and
// AssumeRoleWithOIDC (which must come unsigned), recording the parameters.
type fakeSTS struct {
	t            *testing.T
	srv          *httptest.Server
	clock        *fakeClock
	sourceSecret string // of AssumeRole's caller
	lifetime     time.Duration

	mu     sync.Mutex
	calls  []url.Values // query and form merged
	fail   bool         // 403 NoPermission
	badDoc bool         // 200 with a truncated body quoting the secret
}

func newFakeSTS(t *testing.T, clock *fakeClock, sourceSecret string) *fakeSTS {
	f := &fakeSTS{t: t, clock: clock, sourceSecret: sourceSecret, lifetime: time.Hour}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSTS) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		f.t.Errorf("STS: %s %s", r.Method, r.URL.Path)
	}
	b, _ := io.ReadAll(r.Body)
	form, err := url.ParseQuery(string(b))
	if err != nil {
		f.t.Errorf("STS body %q: %v", b, err)
	}
	all := url.Values{}
	for k, v := range r.URL.Query() {
		all[k] = v
	}
	for k, v := range form {
		all[k] = append(all[k], v...)
	}
	f.mu.Lock()
	f.calls = append(f.calls, all)
	fail, bad := f.fail, f.badDoc
	n := len(f.calls)
	f.mu.Unlock()
	switch all.Get("Action") {
	case "AssumeRole":
		if all.Get("SignatureVersion") != "1.0" || all.Get("SignatureMethod") != "HMAC-SHA1" {
			f.t.Errorf("AssumeRole signature parameters: %v", all)
		}
		if got, want := all.Get("Signature"), RPCSignature(r.Method, all, f.sourceSecret); got != want {
			f.t.Errorf("AssumeRole Signature %q, want %q", got, want)
		}
	case "AssumeRoleWithOIDC":
		for _, k := range []string{"Signature", "AccessKeyId", "SignatureNonce", "SecurityToken"} {
			if all.Has(k) {
				f.t.Errorf("AssumeRoleWithOIDC carries %s", k)
			}
		}
		if h := r.Header.Get("Authorization"); h != "" {
			f.t.Errorf("AssumeRoleWithOIDC Authorization %q", h)
		}
		q := r.URL.Query()
		if q.Get("Action") != "AssumeRoleWithOIDC" || q.Get("Version") != "2015-04-01" || q.Get("Format") != "JSON" || q.Get("Timestamp") == "" {
			f.t.Errorf("AssumeRoleWithOIDC query %v", q)
		}
		if form.Get("OIDCToken") == "" || q.Has("OIDCToken") {
			f.t.Errorf("the OIDC token must be in the body: query %v", q)
		}
	default:
		f.t.Errorf("STS action %q", all.Get("Action"))
	}
	if all.Get("Version") != "2015-04-01" {
		f.t.Errorf("STS Version %q", all.Get("Version"))
	}
	if fail {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"RequestId":"req-x","Code":"NoPermission","Message":"You are not authorized to do this action."}`)
		return
	}
	if bad {
		io.WriteString(w, `{"Credentials":{"AccessKeySecret":"sts-secret"`)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"RequestId": "req-1",
		"Credentials": map[string]string{
			"AccessKeyId":     fmt.Sprintf("STS.sts-%d", n),
			"AccessKeySecret": "sts-secret",
			"SecurityToken":   "sts-token",
			"Expiration":      f.clock.Now().Add(f.lifetime).UTC().Format("2006-01-02T15:04:05Z"),
		},
	})
}

func (f *fakeSTS) got() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls...)
}

// testCredEnv is a credEnv with only vars in the environment, home as the
// home directory, the fakes' addresses (nil: an address nothing listens
// on) and the fake clock.
func testCredEnv(t *testing.T, vars map[string]string, clock *fakeClock, imds *fakeIMDS, sts *fakeSTS) *credEnv {
	home := t.TempDir()
	e := &credEnv{
		getenv:       func(k string) string { return vars[k] },
		home:         func() (string, error) { return home, nil },
		now:          clock.Now,
		metadataBase: "http://127.0.0.1:1",
		metadataHTTP: timeoutClient(time.Second, time.Second, false),
		stsEndpoint:  "http://127.0.0.1:1",
		stsHTTP:      &http.Client{Timeout: 5 * time.Second},
		uriHTTP:      &http.Client{Timeout: 5 * time.Second},
	}
	if imds != nil {
		e.metadataBase = imds.srv.URL
	}
	if sts != nil {
		e.stsEndpoint = sts.srv.URL
	}
	return e
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustCreds(t *testing.T, p CredentialsProvider) Credentials {
	t.Helper()
	cr, err := p.Credentials(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cr
}

// --- the caching rule ---

// countingFetch hands out key-1, key-2, … expiring lifetime after now.
type countingFetch struct {
	clock    *fakeClock
	lifetime time.Duration
	n        atomic.Int32
	fail     atomic.Bool
}

func (f *countingFetch) fetch(context.Context) (Credentials, time.Time, error) {
	n := f.n.Add(1)
	if f.fail.Load() {
		return Credentials{}, time.Time{}, errors.New("the service is down")
	}
	var exp time.Time
	if f.lifetime > 0 {
		exp = f.clock.Now().Add(f.lifetime)
	}
	return Credentials{AccessKeyID: fmt.Sprintf("key-%d", n), AccessKeySecret: "s", SecurityToken: "t"}, exp, nil
}

func TestCachedProviderRefreshRule(t *testing.T) {
	for _, tc := range []struct {
		lifetime, window time.Duration
	}{
		{time.Hour, 3 * time.Minute},          // 1/5 is 12 min: 3 min wins
		{6 * time.Hour, 3 * time.Minute},      // ECS
		{10 * time.Minute, 2 * time.Minute},   // 1/5 wins
		{100 * time.Second, 20 * time.Second}, // 1/5 wins
	} {
		t.Run(tc.lifetime.String(), func(t *testing.T) {
			clock := newFakeClock()
			f := &countingFetch{clock: clock, lifetime: tc.lifetime}
			p := newCachedProvider("test", clock.Now, f.fetch)
			if cr := mustCreds(t, p); cr.AccessKeyID != "key-1" {
				t.Fatalf("first: %v", cr.AccessKeyID)
			}
			clock.Advance(tc.lifetime - tc.window - time.Second)
			if cr := mustCreds(t, p); cr.AccessKeyID != "key-1" || f.n.Load() != 1 {
				t.Errorf("%v before the window: %s, %d fetches", tc.window+time.Second, cr.AccessKeyID, f.n.Load())
			}
			clock.Advance(2 * time.Second)
			if cr := mustCreds(t, p); cr.AccessKeyID != "key-2" || f.n.Load() != 2 {
				t.Errorf("in the window: %s, %d fetches", cr.AccessKeyID, f.n.Load())
			}
			if cr := mustCreds(t, p); cr.AccessKeyID != "key-2" || f.n.Load() != 2 {
				t.Errorf("after the refresh: %s, %d fetches", cr.AccessKeyID, f.n.Load())
			}
		})
	}
	// Credentials without an expiry are fetched once.
	clock := newFakeClock()
	f := &countingFetch{clock: clock}
	p := newCachedProvider("test", clock.Now, f.fetch)
	mustCreds(t, p)
	clock.Advance(1000 * time.Hour)
	mustCreds(t, p)
	if f.n.Load() != 1 {
		t.Errorf("never-expiring credentials: %d fetches", f.n.Load())
	}
}

func TestCachedProviderRefreshFailureKeepsValidToken(t *testing.T) {
	clock := newFakeClock()
	f := &countingFetch{clock: clock, lifetime: time.Hour}
	p := newCachedProvider("test source", clock.Now, f.fetch)
	mustCreds(t, p)
	clock.Advance(58 * time.Minute) // 2 min left: refresh due
	f.fail.Store(true)
	if cr, err := p.Credentials(context.Background()); err != nil || cr.AccessKeyID != "key-1" || f.n.Load() != 2 {
		t.Fatalf("failed refresh: %v %v, %d fetches; want key-1 kept", cr.AccessKeyID, err, f.n.Load())
	}
	// Not tried again within 10 s.
	clock.Advance(9 * time.Second)
	if cr, err := p.Credentials(context.Background()); err != nil || cr.AccessKeyID != "key-1" || f.n.Load() != 2 {
		t.Errorf("within the retry delay: %v %v, %d fetches", cr.AccessKeyID, err, f.n.Load())
	}
	clock.Advance(2 * time.Second)
	if cr, err := p.Credentials(context.Background()); err != nil || cr.AccessKeyID != "key-1" || f.n.Load() != 3 {
		t.Errorf("after the retry delay: %v %v, %d fetches", cr.AccessKeyID, err, f.n.Load())
	}
	f.fail.Store(false)
	clock.Advance(11 * time.Second)
	if cr, err := p.Credentials(context.Background()); err != nil || cr.AccessKeyID != "key-4" {
		t.Errorf("recovered: %v %v", cr.AccessKeyID, err)
	}
}

func TestCachedProviderExpiredAndFailing(t *testing.T) {
	clock := newFakeClock()
	f := &countingFetch{clock: clock, lifetime: time.Hour}
	p := newCachedProvider("test source", clock.Now, f.fetch)
	mustCreds(t, p)
	f.fail.Store(true)
	clock.Advance(time.Hour)
	_, err := p.Credentials(context.Background())
	var ce *CredentialsError
	if !errors.As(err, &ce) || ce.Source != "test source" || !strings.Contains(err.Error(), "expired") || !strings.Contains(err.Error(), "the service is down") {
		t.Errorf("expired and failing: %v", err)
	}
	// An expired token is refreshed at every call, without the delay.
	before := f.n.Load()
	_, err = p.Credentials(context.Background())
	if err == nil || f.n.Load() != before+1 {
		t.Errorf("second call: %v, %d fetches (want %d)", err, f.n.Load(), before+1)
	}
}

// --- ECS instance metadata ---

func TestECSRAMRole(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	e := testCredEnv(t, nil, clock, imds, nil)
	p, err := ecsRAMRole(e, "")
	if err != nil {
		t.Fatal(err)
	}
	cr := mustCreds(t, p)
	want := Credentials{AccessKeyID: "STS.imds-1", AccessKeySecret: "imds-secret", SecurityToken: "imds-token"}
	if d := cmp.Diff(want, cr); d != "" {
		t.Error(d)
	}
	if imds.puts.Load() != 1 || imds.lists.Load() != 1 || imds.gets.Load() != 1 || imds.unauthorized.Load() != 0 {
		t.Errorf("PUT token %d, role list %d, credentials %d, refused %d; want 1 1 1 0", imds.puts.Load(), imds.lists.Load(), imds.gets.Load(), imds.unauthorized.Load())
	}
	// Cached for nearly 6 h.
	clock.Advance(6*time.Hour - 3*time.Minute - time.Second)
	mustCreds(t, p)
	if imds.gets.Load() != 1 {
		t.Errorf("cached: %d credential GETs", imds.gets.Load())
	}
	clock.Advance(2 * time.Second)
	if cr := mustCreds(t, p); cr.AccessKeyID != "STS.imds-2" {
		t.Errorf("refreshed: %s", cr.AccessKeyID)
	}

	// The metadata service fails: in the refresh window the cached
	// credentials are kept; once they have expired the error names the
	// source and says they expired.
	imds.set(func(f *fakeIMDS) { f.fail = true })
	clock.Advance(6*time.Hour - time.Minute)
	if cr, err := p.Credentials(context.Background()); err != nil || cr.AccessKeyID != "STS.imds-2" || imds.gets.Load() < 3 {
		t.Errorf("failed refresh in the window: %v %v, %d GETs", cr.AccessKeyID, err, imds.gets.Load())
	}
	clock.Advance(time.Minute)
	_, err = p.Credentials(context.Background())
	var ce *CredentialsError
	if !errors.As(err, &ce) || ce.Source != "ecs_ram_role (instance metadata)" || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired and failing: %v", err)
	}
	checkNoSecret(t, err)

	// A role named by ALIBABA_CLOUD_ECS_METADATA is not looked up.
	imds2 := newFakeIMDS(t, clock)
	imds2.role = "Named"
	p, _ = ecsRAMRole(testCredEnv(t, map[string]string{"ALIBABA_CLOUD_ECS_METADATA": "Named"}, clock, imds2, nil), "")
	mustCreds(t, p)
	if imds2.lists.Load() != 0 || imds2.gets.Load() != 1 {
		t.Errorf("named role: %d lists, %d gets", imds2.lists.Load(), imds2.gets.Load())
	}
}

func TestECSRAMRoleIMDSv1(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	imds.noV2 = true
	p, _ := ecsRAMRole(testCredEnv(t, nil, clock, imds, nil), "")
	if cr := mustCreds(t, p); cr.AccessKeyID != "STS.imds-1" {
		t.Errorf("v1 fallback: %v", cr.AccessKeyID)
	}
	// With v1 disabled, no token is an error.
	p, _ = ecsRAMRole(testCredEnv(t, map[string]string{"ALIBABA_CLOUD_IMDSV1_DISABLED": "true"}, clock, imds, nil), "")
	_, err := p.Credentials(context.Background())
	if err == nil || !strings.Contains(err.Error(), "ecs_ram_role") || !strings.Contains(err.Error(), "metadata token") {
		t.Errorf("v1 disabled: %v", err)
	}
}

func TestECSRAMRoleConcurrentAtExpiry(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	p, _ := ecsRAMRole(testCredEnv(t, nil, clock, imds, nil), "")
	mustCreds(t, p)
	imds.set(func(f *fakeIMDS) { f.hold = 100 * time.Millisecond }) // the callers pile up behind the one refresh
	for _, tc := range []struct {
		name    string
		advance time.Duration
	}{
		{"expired", 6 * time.Hour},
		{"in the refresh window", 6*time.Hour - time.Minute},
	} {
		before := imds.gets.Load()
		clock.Advance(tc.advance)
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		ids := make(chan string, 100)
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cr, err := p.Credentials(context.Background())
				if err != nil {
					errs <- err
				}
				ids <- cr.AccessKeyID
			}()
		}
		wg.Wait()
		close(errs)
		close(ids)
		for err := range errs {
			t.Errorf("%s: %v", tc.name, err)
		}
		if n := imds.gets.Load() - before; n != 1 {
			t.Errorf("%s: 100 callers made %d refreshes, want 1", tc.name, n)
		}
		seen := map[string]int{}
		for id := range ids {
			seen[id]++
		}
		if want := fmt.Sprint("STS.imds-", before+1); tc.advance == 6*time.Hour && seen[want] != 100 {
			t.Errorf("expired: the 100 callers got %v, want all %s", seen, want)
		}
		t.Logf("%s: %v", tc.name, seen)
	}
}

func TestECSRAMRoleFailures(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	e := testCredEnv(t, nil, clock, imds, nil)
	for _, tc := range []struct {
		name string
		set  func(f *fakeIMDS)
		want string
	}{
		{"HTTP 500", func(f *fakeIMDS) { f.fail = true }, "EcsRole: HTTP 500 (and without the token, IMDSv1: HTTP 401)"},
		{"Code", func(f *fakeIMDS) { f.code = "Failed" }, `Code "Failed"`},
		{"not JSON", func(f *fakeIMDS) { f.badDoc = true }, "not JSON"},
	} {
		imds.set(func(f *fakeIMDS) { f.fail, f.code, f.badDoc = false, "", false })
		imds.set(tc.set)
		p, _ := ecsRAMRole(e, "")
		_, err := p.Credentials(context.Background())
		var ce *CredentialsError
		if !errors.As(err, &ce) || !strings.Contains(ce.Source, "ecs_ram_role") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
		checkNoSecret(t, err)
	}
}

func TestMetadataDisabled(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	e := testCredEnv(t, map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}, clock, imds, nil)
	if _, err := ecsRAMRole(e, ""); err == nil || !strings.Contains(err.Error(), "ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
		t.Errorf("disabled: %v", err)
	}
	ch := newDefaultChain(e)
	for _, s := range ch.sources {
		if s.name == "ecs_ram_role" {
			t.Error("the chain has ecs_ram_role although it is disabled")
		}
	}
	_, err := ch.Credentials(context.Background())
	if err == nil || strings.Contains(err.Error(), "ecs_ram_role") {
		t.Errorf("chain: %v", err)
	}
	if n := imds.puts.Load() + imds.lists.Load() + imds.gets.Load(); n != 0 {
		t.Errorf("%d requests to the disabled metadata service", n)
	}
	// A profile asking for the instance role fails too.
	writeFile(t, filepath.Join(must(e.home()), ".aliyun", "config.json"), `{"current":"e","profiles":[{"name":"e","mode":"EcsRamRole","ram_role_name":"EcsRole"}]}`)
	_, err = ch.Credentials(context.Background())
	if err == nil || !strings.Contains(err.Error(), "mode EcsRamRole") || !strings.Contains(err.Error(), "disabled") {
		t.Errorf("EcsRamRole profile: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// --- STS ---

func TestOIDCFromEnv(t *testing.T) {
	clock := newFakeClock()
	sts := newFakeSTS(t, clock, "")
	tokenFile := writeFile(t, filepath.Join(t.TempDir(), "token"), "oidc-jwt-1")
	vars := map[string]string{
		"ALIBABA_CLOUD_ROLE_ARN":          "acs:ram::1:role/r",
		"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE":   tokenFile,
		"ALIBABA_CLOUD_ROLE_SESSION_NAME": "my-session",
	}
	p, ok := oidcFromEnv(testCredEnv(t, vars, clock, nil, sts))
	if !ok {
		t.Fatal("no OIDC source")
	}
	want := Credentials{AccessKeyID: "STS.sts-1", AccessKeySecret: "sts-secret", SecurityToken: "sts-token"}
	if d := cmp.Diff(want, mustCreds(t, p)); d != "" {
		t.Error(d)
	}
	// RRSA rotates the token file: a refresh sends the new token.
	writeFile(t, tokenFile, "oidc-jwt-2")
	clock.Advance(58 * time.Minute)
	mustCreds(t, p)
	calls := sts.got()
	if len(calls) != 2 {
		t.Fatalf("%d STS calls, want 2", len(calls))
	}
	for i, c := range calls {
		wantParams := map[string]string{
			"Action": "AssumeRoleWithOIDC", "RoleArn": "acs:ram::1:role/r", "OIDCProviderArn": "acs:ram::1:oidc-provider/p",
			"OIDCToken": fmt.Sprintf("oidc-jwt-%d", i+1), "RoleSessionName": "my-session", "DurationSeconds": "3600",
		}
		for k, v := range wantParams {
			if c.Get(k) != v {
				t.Errorf("call %d: %s = %q, want %q", i+1, k, c.Get(k), v)
			}
		}
	}
	// Without a token file there is no OIDC source.
	delete(vars, "ALIBABA_CLOUD_OIDC_TOKEN_FILE")
	if _, ok := oidcFromEnv(testCredEnv(t, vars, clock, nil, sts)); ok {
		t.Error("OIDC source without a token")
	}
}

func TestSTSFailures(t *testing.T) {
	clock := newFakeClock()
	sts := newFakeSTS(t, clock, "profile-secret")
	e := testCredEnv(t, nil, clock, nil, sts)
	prev := StaticCredentials{AccessKeyID: "ak", AccessKeySecret: "profile-secret"}
	for _, tc := range []struct {
		name string
		set  func(f *fakeSTS)
		want string
	}{
		{"403", func(f *fakeSTS) { f.fail = true }, "NoPermission"},
		{"truncated", func(f *fakeSTS) { f.badDoc = true }, "not JSON"},
	} {
		sts.mu.Lock()
		sts.fail, sts.badDoc = false, false
		tc.set(sts)
		sts.mu.Unlock()
		p, err := ramRoleSource(e, "test", prev, ramRoleConfig{roleArn: "acs:ram::1:role/r"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Credentials(context.Background())
		var ce *CredentialsError
		if !errors.As(err, &ce) || !strings.Contains(ce.Source, "ram_role_arn") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
		checkNoSecret(t, err)
	}
	// A refused AssumeRoleWithOIDC does not quote the OIDC token.
	sts.mu.Lock()
	sts.fail, sts.badDoc = true, false
	sts.mu.Unlock()
	tokenFile := writeFile(t, filepath.Join(t.TempDir(), "token"), "oidc-jwt")
	p, err := oidcSource(e, oidcConfig{roleArn: "acs:ram::1:role/r", providerArn: "acs:ram::1:oidc-provider/p", tokenFile: tokenFile})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Credentials(context.Background())
	if err == nil || !strings.Contains(err.Error(), "oidc_role_arn") || !strings.Contains(err.Error(), "NoPermission") {
		t.Errorf("OIDC refused: %v", err)
	}
	checkNoSecret(t, err)
}

// --- profiles ---

func TestCLIProfileModes(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	imds.role = "ProfileRole"
	sts := newFakeSTS(t, clock, "profile-secret")
	const conf = `{
  "current": "ak",
  "profiles": [
    {"name": "ak", "mode": "AK", "access_key_id": "ak-id", "access_key_secret": "profile-secret"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "STS.x", "access_key_secret": "profile-secret", "sts_token": "sts-token"},
    {"name": "ram", "mode": "RamRoleArn", "access_key_id": "ak-id", "access_key_secret": "profile-secret",
     "ram_role_arn": "acs:ram::1:role/admin", "ram_session_name": "sess", "expired_seconds": 900, "external_id": "ext"},
    {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "ak", "ram_role_arn": "acs:ram::1:role/two"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "ProfileRole"},
    {"name": "sso", "mode": "CloudSSO"}
  ]
}`
	path := writeFile(t, filepath.Join(t.TempDir(), "config.json"), conf)
	env := func(profile string) *credEnv {
		return testCredEnv(t, map[string]string{"ALIBABA_CLOUD_CONFIG_FILE": path, "ALIBABA_CLOUD_PROFILE": profile}, clock, imds, sts)
	}
	get := func(profile string) (Credentials, error) {
		p, err := cliProfile(env(profile))
		if err != nil {
			return Credentials{}, err
		}
		return p.Credentials(context.Background())
	}
	for _, tc := range []struct {
		profile string
		want    Credentials
	}{
		{"", Credentials{AccessKeyID: "ak-id", AccessKeySecret: "profile-secret"}}, // current
		{"ak", Credentials{AccessKeyID: "ak-id", AccessKeySecret: "profile-secret"}},
		{"sts", Credentials{AccessKeyID: "STS.x", AccessKeySecret: "profile-secret", SecurityToken: "sts-token"}},
		{"ram", Credentials{AccessKeyID: "STS.sts-1", AccessKeySecret: "sts-secret", SecurityToken: "sts-token"}},
		{"chain", Credentials{AccessKeyID: "STS.sts-2", AccessKeySecret: "sts-secret", SecurityToken: "sts-token"}},
		{"ecs", Credentials{AccessKeyID: "STS.imds-1", AccessKeySecret: "imds-secret", SecurityToken: "imds-token"}},
	} {
		cr, err := get(tc.profile)
		if err != nil {
			t.Errorf("profile %q: %v", tc.profile, err)
			continue
		}
		if d := cmp.Diff(tc.want, cr); d != "" {
			t.Errorf("profile %q: %s", tc.profile, d)
		}
	}
	calls := sts.got()
	if len(calls) != 2 {
		t.Fatalf("%d STS calls", len(calls))
	}
	for k, v := range map[string]string{"Action": "AssumeRole", "AccessKeyId": "ak-id", "RoleArn": "acs:ram::1:role/admin", "RoleSessionName": "sess", "DurationSeconds": "900", "ExternalId": "ext"} {
		if calls[0].Get(k) != v {
			t.Errorf("RamRoleArn: %s = %q, want %q", k, calls[0].Get(k), v)
		}
	}
	if calls[1].Get("RoleArn") != "acs:ram::1:role/two" || calls[1].Get("AccessKeyId") != "ak-id" || calls[1].Get("DurationSeconds") != "3600" {
		t.Errorf("ChainableRamRoleArn: %v", calls[1])
	}
	if imds.lists.Load() != 0 {
		t.Error("EcsRamRole with ram_role_name looked the role up")
	}
	for _, tc := range []struct{ profile, want string }{
		{"sso", `mode "CloudSSO" is not supported`},
		{"nobody", `no profile "nobody"`},
	} {
		_, err := get(tc.profile)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("profile %q: %v", tc.profile, err)
		}
	}
	// The default path is ~/.aliyun/config.json.
	e := testCredEnv(t, nil, clock, imds, sts)
	writeFile(t, filepath.Join(must(e.home()), ".aliyun", "config.json"), conf)
	p, err := cliProfile(e)
	if err != nil {
		t.Fatal(err)
	}
	if cr := mustCreds(t, p); cr.AccessKeyID != "ak-id" {
		t.Errorf("~/.aliyun/config.json: %v", cr.AccessKeyID)
	}
	// A broken file is reported without being quoted.
	bad := writeFile(t, filepath.Join(t.TempDir(), "config.json"), `{"current":"a","profiles":[{"name":"a","access_key_secret":"profile-secret",}]}`)
	_, err = cliProfile(testCredEnv(t, map[string]string{"ALIBABA_CLOUD_CONFIG_FILE": bad}, clock, nil, nil))
	if err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("broken file: %v", err)
	}
	checkNoSecret(t, err)
}

func TestCredentialsFile(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	imds.role = "IniRole"
	sts := newFakeSTS(t, clock, "ini-secret")
	const ini = `
; comment
[default]
type = access_key
access_key_id = ini-id
access_key_secret = ini-secret

[ram]
type = ram_role_arn
access_key_id = ini-id
access_key_secret = "ini-secret"
role_arn = acs:ram::1:role/ini
role_session_name = ini-session

[ecs]
type = ecs_ram_role
role_name = IniRole

[odd]
type = rsa_key_pair
`
	for _, tc := range []struct {
		profile string
		want    Credentials
	}{
		{"", Credentials{AccessKeyID: "ini-id", AccessKeySecret: "ini-secret"}},
		{"ram", Credentials{AccessKeyID: "STS.sts-1", AccessKeySecret: "sts-secret", SecurityToken: "sts-token"}},
		{"ecs", Credentials{AccessKeyID: "STS.imds-1", AccessKeySecret: "imds-secret", SecurityToken: "imds-token"}},
	} {
		e := testCredEnv(t, map[string]string{"ALIBABA_CLOUD_PROFILE": tc.profile}, clock, imds, sts)
		writeFile(t, filepath.Join(must(e.home()), ".alibabacloud", "credentials"), ini)
		p, err := iniProfile(e)
		if err != nil {
			t.Errorf("%q: %v", tc.profile, err)
			continue
		}
		if d := cmp.Diff(tc.want, mustCreds(t, p)); d != "" {
			t.Errorf("%q: %s", tc.profile, d)
		}
	}
	if c := sts.got(); len(c) != 1 || c[0].Get("RoleArn") != "acs:ram::1:role/ini" || c[0].Get("RoleSessionName") != "ini-session" || c[0].Get("AccessKeyId") != "ini-id" {
		t.Errorf("ram_role_arn: %v", c)
	}
	// ALIBABA_CLOUD_CREDENTIALS_FILE names the file.
	path := writeFile(t, filepath.Join(t.TempDir(), "creds.ini"), ini)
	_, err := iniProfile(testCredEnv(t, map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": path, "ALIBABA_CLOUD_PROFILE": "odd"}, clock, nil, nil))
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), `type "rsa_key_pair"`) {
		t.Errorf("unsupported type: %v", err)
	}
}

// --- the chain ---

func TestDefaultChainOrder(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	sts := newFakeSTS(t, clock, "")
	tokenFile := writeFile(t, filepath.Join(t.TempDir(), "token"), "oidc-jwt")
	cliFile := writeFile(t, filepath.Join(t.TempDir(), "config.json"), `{"current":"p","profiles":[{"name":"p","mode":"AK","access_key_id":"cli-id","access_key_secret":"profile-secret"}]}`)
	iniFile := writeFile(t, filepath.Join(t.TempDir(), "credentials"), "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n")
	all := map[string]string{
		EnvAccessKeyID:                    "env-id",
		EnvAccessKeySecret:                "env-secret",
		"ALIBABA_CLOUD_ROLE_ARN":          "acs:ram::1:role/r",
		"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE":   tokenFile,
		"ALIBABA_CLOUD_CONFIG_FILE":       cliFile,
		"ALIBABA_CLOUD_CREDENTIALS_FILE":  iniFile,
	}
	without := func(keys ...string) map[string]string {
		m := map[string]string{}
		for k, v := range all {
			m[k] = v
		}
		for _, k := range keys {
			delete(m, k)
		}
		return m
	}
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"env wins over everything", all, "env-id"},
		{"then OIDC", without(EnvAccessKeyID), "STS.sts-1"},
		{"then the CLI profile", without(EnvAccessKeyID, "ALIBABA_CLOUD_ROLE_ARN"), "cli-id"},
		{"then the credentials file", without(EnvAccessKeyID, "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_CONFIG_FILE"), "ini-id"},
		{"then the instance role", without(EnvAccessKeyID, "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"), "STS.imds-1"},
	} {
		ch := newDefaultChain(testCredEnv(t, tc.vars, clock, imds, sts))
		cr, err := ch.Credentials(context.Background())
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if cr.AccessKeyID != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, cr.AccessKeyID, tc.want)
		}
	}
	var names []string
	for _, s := range newDefaultChain(testCredEnv(t, all, clock, imds, sts)).sources {
		names = append(names, s.name)
	}
	if d := cmp.Diff([]string{"env", "oidc_role_arn", "cli_profile", "profile", "ecs_ram_role"}, names); d != "" {
		t.Errorf("chain: %s", d)
	}
	withURI := without()
	withURI["ALIBABA_CLOUD_CREDENTIALS_URI"] = "http://127.0.0.1:1/creds"
	withURI["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"] = "true"
	names = nil
	for _, s := range newDefaultChain(testCredEnv(t, withURI, clock, imds, sts)).sources {
		names = append(names, s.name)
	}
	if d := cmp.Diff([]string{"env", "oidc_role_arn", "profile", "ecs_ram_role", "credentials_uri"}, names); d != "" {
		t.Errorf("chain with a URI and without the CLI profile: %s", d)
	}
}

func TestDefaultChainSticksToItsSource(t *testing.T) {
	clock := newFakeClock()
	vars := map[string]string{EnvAccessKeyID: "env-id", EnvAccessKeySecret: "env-secret", "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}
	var mu sync.Mutex
	e := testCredEnv(t, nil, clock, nil, nil)
	e.getenv = func(k string) string { mu.Lock(); defer mu.Unlock(); return vars[k] }
	writeFile(t, filepath.Join(must(e.home()), ".alibabacloud", "credentials"), "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n")
	ch := newDefaultChain(e)
	if cr := mustCreds(t, ch); cr.AccessKeyID != "env-id" {
		t.Fatal(cr.AccessKeyID)
	}
	// The environment loses its keys: the chain stays with env (as
	// credentials-go's lastUsedProvider) and says so.
	mu.Lock()
	delete(vars, EnvAccessKeyID)
	mu.Unlock()
	_, err := ch.Credentials(context.Background())
	var ce *CredentialsError
	if !errors.As(err, &ce) || ce.Source != "env" || !strings.Contains(err.Error(), EnvAccessKeyID) {
		t.Errorf("after env lost its keys: %v", err)
	}
}

func TestDefaultChainNothing(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	imds.role = ""
	imds.set(func(f *fakeIMDS) { f.fail = true })
	ch := newDefaultChain(testCredEnv(t, nil, clock, imds, nil))
	_, err := ch.Credentials(context.Background())
	for _, want := range []string{"default chain", "env", EnvAccessKeyID, "cli_profile", "config.json", "profile", "credentials", "ecs_ram_role"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in %v", want, err)
		}
	}
}

func TestCredentialsURI(t *testing.T) {
	clock := newFakeClock()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprintf(w, `{"AccessKeyId":"uri-id","AccessKeySecret":"uri-secret","SecurityToken":"uri-token","Expiration":%q}`, clock.Now().Add(time.Hour).Format(stsTimeFormat))
	}))
	defer srv.Close()
	ch := newDefaultChain(testCredEnv(t, map[string]string{"ALIBABA_CLOUD_CREDENTIALS_URI": srv.URL, "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}, clock, nil, nil))
	if cr := mustCreds(t, ch); cr.AccessKeyID != "uri-id" || cr.SecurityToken != "uri-token" {
		t.Errorf("%+v", cr.AccessKeyID)
	}
	mustCreds(t, ch)
	if hits.Load() != 1 {
		t.Errorf("%d fetches, want 1 (cached)", hits.Load())
	}
}

// --- the client ---

func TestClientCredentialsPerAttempt(t *testing.T) {
	var ids []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		ids = append(ids, q.Get("AccessKeyId")+"/"+q.Get("SecurityToken"))
		if want := RPCSignature(r.Method, q, "secret-"+strings.TrimPrefix(q.Get("AccessKeyId"), "id-")); q.Get("Signature") != want {
			t.Errorf("attempt %d not signed with its own secret", len(ids))
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	var n atomic.Int32
	provider := CredentialsProviderFunc(func(context.Context) (Credentials, error) {
		k := n.Add(1)
		return Credentials{AccessKeyID: fmt.Sprint("id-", k), AccessKeySecret: fmt.Sprint("secret-", k), SecurityToken: fmt.Sprint("tok-", k)}, nil
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Credentials, cfg.CredentialsProvider = nil, provider })
	if err := c.CallRPC(context.Background(), getThing, nil); err == nil {
		t.Fatal("no error")
	}
	if d := cmp.Diff([]string{"id-1/tok-1", "id-2/tok-2", "id-3/tok-3"}, ids); d != "" {
		t.Errorf("each attempt signs with fresh credentials: %s", d)
	}

	// ROA too.
	ids = nil
	n.Store(0)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ids = append(ids, r.Header.Get("x-acs-security-token"))
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c.CallROA(context.Background(), ROARequest{Product: "CS", Version: "2015-12-15", Path: "/clusters"}, nil)
	if d := cmp.Diff([]string{"tok-1", "tok-2", "tok-3"}, ids); d != "" {
		t.Errorf("ROA: %s", d)
	}
}

func TestClientCredentialsError(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	var calls atomic.Int32
	failing := CredentialsProviderFunc(func(context.Context) (Credentials, error) {
		calls.Add(1)
		return Credentials{}, errors.New("vault sealed")
	})
	c, sleeps := newTestClient(t, srv, func(cfg *Config) { cfg.Credentials, cfg.CredentialsProvider = nil, failing })
	for _, call := range []func() error{
		func() error { return c.CallRPC(context.Background(), getThing, nil) },
		func() error {
			return c.CallROA(context.Background(), ROARequest{Product: "CS", Version: "2015-12-15", Path: "/clusters"}, nil)
		},
		func() error { _, err := c.SignRPC(getThing, "h", testNow, "n"); return err },
	} {
		calls.Store(0)
		err := call()
		var ce *CredentialsError
		if !errors.As(err, &ce) || !strings.Contains(ce.Source, "CredentialsProviderFunc") || !strings.Contains(err.Error(), "vault sealed") {
			t.Errorf("error %v", err)
		}
		if calls.Load() != 1 {
			t.Errorf("provider asked %d times: the error must end the call", calls.Load())
		}
	}
	if hits.Load() != 0 || len(sleeps.get()) != 0 {
		t.Errorf("%d requests sent, %d waits", hits.Load(), len(sleeps.get()))
	}
	// A provider giving no key is an error too.
	empty := CredentialsProviderFunc(func(context.Context) (Credentials, error) { return Credentials{AccessKeyID: "id"}, nil })
	c, _ = newTestClient(t, srv, func(cfg *Config) { cfg.Credentials, cfg.CredentialsProvider = nil, empty })
	if err := c.CallRPC(context.Background(), getThing, nil); err == nil || hits.Load() != 0 {
		t.Errorf("empty credentials: %v, %d requests", err, hits.Load())
	}
	if _, err := NewClient(Config{Credentials: testCreds, CredentialsProvider: empty}); err == nil {
		t.Error("both Credentials and CredentialsProvider: no error")
	}
}

// The client refreshes the instance role's credentials as they expire.
func TestClientWithECSRole(t *testing.T) {
	clock := newFakeClock()
	imds := newFakeIMDS(t, clock)
	var ids []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("Signature") != RPCSignature(r.Method, q, "imds-secret") {
			t.Error("bad signature")
		}
		ids = append(ids, q.Get("AccessKeyId"))
		io.WriteString(w, okJSON)
	}))
	defer srv.Close()
	p, _ := ecsRAMRole(testCredEnv(t, nil, clock, imds, nil), "")
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Credentials, cfg.CredentialsProvider = nil, p })
	for range 3 {
		if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
			t.Fatal(err)
		}
		clock.Advance(4 * time.Hour) // 2 h left: used as they are
		if err := c.CallRPC(context.Background(), getThing, nil); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Hour) // expired: refreshed
	}
	if d := cmp.Diff([]string{"STS.imds-1", "STS.imds-1", "STS.imds-2", "STS.imds-2", "STS.imds-3", "STS.imds-3"}, ids); d != "" {
		t.Error(d)
	}
}

func TestSTSEndpoint(t *testing.T) {
	for _, tc := range []struct {
		env    map[string]string
		region string
		vpc    bool
		want   string
	}{
		{nil, "", false, "sts.aliyuncs.com"},
		{nil, "cn-beijing", false, "sts.cn-beijing.aliyuncs.com"},
		{nil, "cn-beijing", true, "sts-vpc.cn-beijing.aliyuncs.com"},
		{map[string]string{"ALIBABA_CLOUD_STS_REGION": "cn-shanghai"}, "", false, "sts.cn-shanghai.aliyuncs.com"},
		{map[string]string{"ALIBABA_CLOUD_STS_REGION": "cn-shanghai"}, "cn-beijing", false, "sts.cn-beijing.aliyuncs.com"},
		{map[string]string{"ALIBABA_CLOUD_STS_REGION": "cn-shanghai", "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED": "true"}, "", false, "sts-vpc.cn-shanghai.aliyuncs.com"},
	} {
		if got := stsEndpoint(func(k string) string { return tc.env[k] }, tc.region, tc.vpc); got != tc.want {
			t.Errorf("%v %q %v: %s, want %s", tc.env, tc.region, tc.vpc, got, tc.want)
		}
	}
}

// A caller whose context ends stops waiting; the fetch goes on for the
// others.
func TestCachedProviderContext(t *testing.T) {
	clock := newFakeClock()
	release := make(chan struct{})
	var n atomic.Int32
	p := newCachedProvider("slow source", clock.Now, func(ctx context.Context) (Credentials, time.Time, error) {
		n.Add(1)
		<-release
		if ctx.Err() != nil {
			return Credentials{}, time.Time{}, ctx.Err()
		}
		return Credentials{AccessKeyID: "slow-id", AccessKeySecret: "s"}, clock.Now().Add(time.Hour), nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := p.Credentials(ctx)
	var ce *CredentialsError
	if !errors.As(err, &ce) || ce.Source != "slow source" || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled caller: %v", err)
	}
	done := make(chan Credentials)
	go func() {
		cr, _ := p.Credentials(context.Background())
		done <- cr
	}()
	close(release)
	if cr := <-done; cr.AccessKeyID != "slow-id" || n.Load() != 1 {
		t.Errorf("the second caller got %q after %d fetches; want the first fetch's credentials", cr.AccessKeyID, n.Load())
	}
}
