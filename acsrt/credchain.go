package acsrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The default credentials chain follows github.com/aliyun/credentials-go
// v1.4.14, credentials/providers/default.go (NewDefaultCredentialsProvider)
// and the providers it builds (env.go, oidc.go, cli_profile.go,
// profile.go, ecs_ram_role.go, uri.go, ram_role_arn.go), in its order:
//
//  1. env: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
//     ALIBABA_CLOUD_SECURITY_TOKEN (optional);
//  2. oidc_role_arn (RRSA), when ALIBABA_CLOUD_ROLE_ARN,
//     ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE (or
//     ALIBABA_CLOUD_OIDC_TOKEN) are set: STS AssumeRoleWithOIDC, session
//     ALIBABA_CLOUD_ROLE_SESSION_NAME (as credentials-go's
//     oidc_credential_provider.go reads it), else cccgen-<Unix µs>;
//  3. cli_profile, unless ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true: the
//     aliyun CLI's JSON file ALIBABA_CLOUD_CONFIG_FILE, else
//     ~/.aliyun/config.json, profile ALIBABA_CLOUD_PROFILE, else the file's
//     "current"; modes AK, StsToken, RamRoleArn, ChainableRamRoleArn,
//     EcsRamRole, OIDC (CloudSSO, OAuth and External are not supported);
//  4. profile: the ini file ALIBABA_CLOUD_CREDENTIALS_FILE, else
//     ~/.alibabacloud/credentials, section ALIBABA_CLOUD_PROFILE, else
//     "default"; types access_key, ram_role_arn, ecs_ram_role;
//  5. ecs_ram_role, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true: the
//     instance's RAM role from the metadata service at 100.100.100.200
//     (IMDSv2 token, falling back to v1 unless
//     ALIBABA_CLOUD_IMDSV1_DISABLED=true; role ALIBABA_CLOUD_ECS_METADATA,
//     else the one attached), 1 s timeouts;
//  6. credentials_uri, when ALIBABA_CLOUD_CREDENTIALS_URI is set.
//
// As in credentials-go, the sources whose switches are off or whose
// variables are missing are left out when the chain is built; the others
// are tried in order at the first call, and the first that gives
// credentials is used from then on (credentials-go's lastUsedProvider).
// Unlike credentials-go, a source's errors never quote a file or an answer
// (they may hold secrets).

// credEnv is what the sources read from the process, replaceable in tests.
type credEnv struct {
	getenv       func(string) string
	home         func() (string, error)
	now          func() time.Time
	metadataBase string       // "http://100.100.100.200"
	metadataHTTP *http.Client // 1 s to connect, 1 s to read
	stsEndpoint  string       // non-empty: the STS endpoint whatever the region (tests)
	stsHTTP      *http.Client
	uriHTTP      *http.Client
}

// The HTTP clients of the sources, shared by all chains: credentials-go's
// timeouts (metadata 1 s + 1 s, no proxy; STS and URI 5 s + 10 s).
var (
	metadataHTTPClient = sync.OnceValue(func() *http.Client { return timeoutClient(time.Second, time.Second, false) })
	stsHTTPClient      = sync.OnceValue(func() *http.Client { return timeoutClient(5*time.Second, 10*time.Second, true) })
	uriHTTPClient      = sync.OnceValue(func() *http.Client { return timeoutClient(5*time.Second, 10*time.Second, true) })
)

func defaultCredEnv() *credEnv {
	return &credEnv{
		getenv:       os.Getenv,
		home:         os.UserHomeDir,
		now:          time.Now,
		metadataBase: "http://100.100.100.200",
		metadataHTTP: metadataHTTPClient(),
		stsHTTP:      stsHTTPClient(),
		uriHTTP:      uriHTTPClient(),
	}
}

func (e *credEnv) isTrue(name string) bool { return strings.EqualFold(e.getenv(name), "true") }

// DefaultCredentialsProvider is the default credentials chain, built from
// the environment now: environment variables, RRSA (OIDC), the aliyun CLI
// profile, the credentials file, the ECS instance RAM role, the
// credentials URI, in the order of github.com/aliyun/credentials-go's
// default chain. Temporary credentials (STS, instance role) are cached
// and refreshed shortly before they expire. A Client whose Config sets
// neither Credentials nor CredentialsProvider builds one; share one
// among clients by setting Config.CredentialsProvider to it.
func DefaultCredentialsProvider() CredentialsProvider {
	return newDefaultChain(defaultCredEnv())
}

// chainSource is one source of the chain.
type chainSource struct {
	name string
	p    CredentialsProvider
}

type chainProvider struct {
	sources []chainSource
	sem     chan struct{} // held while the chain picks its source
	mu      sync.Mutex
	chosen  CredentialsProvider
}

func newDefaultChain(e *credEnv) *chainProvider {
	ch := &chainProvider{sem: make(chan struct{}, 1)}
	add := func(name string, p CredentialsProvider) { ch.sources = append(ch.sources, chainSource{name, p}) }
	add("env", envSource{e})
	if p, ok := oidcFromEnv(e); ok {
		add("oidc_role_arn", p)
	}
	if !e.isTrue("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
		add("cli_profile", &lazySource{resolve: func() (CredentialsProvider, error) { return cliProfile(e) }, name: "cli_profile"})
	}
	add("profile", &lazySource{resolve: func() (CredentialsProvider, error) { return iniProfile(e) }, name: "profile"})
	if p, err := ecsRAMRole(e, ""); err == nil {
		add("ecs_ram_role", p)
	}
	if u := e.getenv("ALIBABA_CLOUD_CREDENTIALS_URI"); u != "" {
		add("credentials_uri", uriSource(e, u))
	}
	return ch
}

// Credentials asks the source that answered first; before one has, the
// sources in order.
func (ch *chainProvider) Credentials(ctx context.Context) (Credentials, error) {
	ch.mu.Lock()
	p := ch.chosen
	ch.mu.Unlock()
	if p != nil {
		return p.Credentials(ctx)
	}
	select {
	case ch.sem <- struct{}{}:
	case <-ctx.Done():
		return Credentials{}, &CredentialsError{Source: "the default chain", Err: ctx.Err()}
	}
	defer func() { <-ch.sem }()
	ch.mu.Lock()
	p = ch.chosen
	ch.mu.Unlock()
	if p != nil {
		return p.Credentials(ctx)
	}
	var msgs []string
	for _, s := range ch.sources {
		cr, err := s.p.Credentials(ctx)
		if err == nil {
			ch.mu.Lock()
			ch.chosen = s.p
			ch.mu.Unlock()
			return cr, nil
		}
		msgs = append(msgs, err.Error())
		if ctx.Err() != nil {
			break
		}
	}
	return Credentials{}, &CredentialsError{Source: "the default chain", Err: errors.New("no source gave credentials: " + strings.Join(msgs, "; "))}
}

// envSource reads the environment at every call, as credentials-go's.
type envSource struct{ e *credEnv }

func (s envSource) Credentials(context.Context) (Credentials, error) {
	cr := Credentials{
		AccessKeyID:     s.e.getenv(EnvAccessKeyID),
		AccessKeySecret: s.e.getenv(EnvAccessKeySecret),
		SecurityToken:   s.e.getenv(EnvSecurityToken),
	}
	switch {
	case cr.AccessKeyID == "":
		return Credentials{}, &CredentialsError{Source: "env", Err: errors.New(EnvAccessKeyID + " is not set")}
	case cr.AccessKeySecret == "":
		return Credentials{}, &CredentialsError{Source: "env", Err: errors.New(EnvAccessKeySecret + " is not set")}
	}
	return cr, nil
}

// lazySource builds its provider from a file at the first call that
// finds it (credentials-go's innerProvider), then keeps it.
type lazySource struct {
	name    string
	resolve func() (CredentialsProvider, error)
	mu      sync.Mutex
	p       CredentialsProvider
}

func (s *lazySource) Credentials(ctx context.Context) (Credentials, error) {
	s.mu.Lock()
	if s.p == nil {
		p, err := s.resolve()
		if err != nil {
			s.mu.Unlock()
			var ce *CredentialsError
			if !errors.As(err, &ce) {
				err = &CredentialsError{Source: s.name, Err: err}
			}
			return Credentials{}, err
		}
		s.p = p
	}
	p := s.p
	s.mu.Unlock()
	return p.Credentials(ctx)
}

// named wraps the errors of p (or its static credentials) with source.
type named struct {
	source string
	p      CredentialsProvider
}

func (n named) Credentials(ctx context.Context) (Credentials, error) {
	cr, err := n.p.Credentials(ctx)
	if err != nil {
		var ce *CredentialsError
		if errors.As(err, &ce) {
			return Credentials{}, &CredentialsError{Source: n.source + " → " + ce.Source, Err: ce.Err}
		}
		return Credentials{}, &CredentialsError{Source: n.source, Err: err}
	}
	return cr, nil
}

// --- OIDC (RRSA) ---

type oidcConfig struct {
	roleArn, providerArn, tokenFile, token, sessionName, policy string
	stsRegion                                                   string
	vpc                                                         bool
	duration                                                    int
}

// oidcFromEnv is the chain's OIDC source: ok only when the role ARN, the
// provider ARN and a token (file) are all set, as credentials-go's Build.
func oidcFromEnv(e *credEnv) (CredentialsProvider, bool) {
	c := oidcConfig{
		roleArn:     e.getenv("ALIBABA_CLOUD_ROLE_ARN"),
		providerArn: e.getenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN"),
		tokenFile:   e.getenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE"),
		token:       e.getenv("ALIBABA_CLOUD_OIDC_TOKEN"),
		sessionName: e.getenv("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
	}
	p, err := oidcSource(e, c)
	return p, err == nil
}

// roleSession fills a role session's defaults as credentials-go does (a
// generated session name, 3600 s), checks the duration (at least 900 s)
// and makes the STS client that assumes the role, signed with creds (nil:
// unsigned, for AssumeRoleWithOIDC).
func (e *credEnv) roleSession(sessionName *string, duration *int, stsRegion string, vpc bool, creds CredentialsProvider) (*Client, error) {
	if *sessionName == "" {
		*sessionName = defaultSessionName(e)
	}
	if *duration == 0 {
		*duration = 3600
	}
	if *duration < 900 {
		return nil, fmt.Errorf("session duration %d s: want at least 900 s", *duration)
	}
	endpoint := e.stsEndpoint
	if endpoint == "" {
		endpoint = stsEndpoint(e.getenv, stsRegion, vpc)
	}
	return stsClient(endpoint, e.stsHTTP, e.now, creds)
}

func defaultSessionName(e *credEnv) string {
	return "cccgen-" + strconv.FormatInt(e.now().UnixMicro(), 10)
}

func oidcSource(e *credEnv, c oidcConfig) (CredentialsProvider, error) {
	switch {
	case c.token == "" && c.tokenFile == "":
		return nil, errors.New("no OIDC token file (ALIBABA_CLOUD_OIDC_TOKEN_FILE)")
	case c.providerArn == "":
		return nil, errors.New("no OIDC provider ARN (ALIBABA_CLOUD_OIDC_PROVIDER_ARN)")
	case c.roleArn == "":
		return nil, errors.New("no role ARN (ALIBABA_CLOUD_ROLE_ARN)")
	}
	sts, err := e.roleSession(&c.sessionName, &c.duration, c.stsRegion, c.vpc, nil)
	if err != nil {
		return nil, err
	}
	source := "oidc_role_arn (" + c.roleArn + ")"
	return newCachedProvider(source, e.now, func(ctx context.Context) (Credentials, time.Time, error) {
		token := c.token
		if token == "" {
			// Read at every refresh: RRSA rotates the file.
			b, err := os.ReadFile(c.tokenFile)
			if err != nil {
				return Credentials{}, time.Time{}, fmt.Errorf("reading the OIDC token file: %w", err)
			}
			token = string(b)
		}
		return assumeRoleWithOIDC(ctx, sts, oidcParams{
			RoleArn: c.roleArn, OIDCProviderArn: c.providerArn, OIDCToken: token,
			RoleSessionName: c.sessionName, Policy: c.policy, DurationSeconds: c.duration,
		})
	}), nil
}

// --- RAM role ARN (AssumeRole) ---

type ramRoleConfig struct {
	roleArn, sessionName, policy, externalID, stsRegion string
	vpc                                                 bool
	duration                                            int
}

// ramRoleSource assumes c.roleArn with the credentials of prev
// (credentials-go's RAMRoleARNCredentialsProvider: role ARN and session
// name default to ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_ROLE_SESSION_NAME,
// duration 3600 s, at least 900 s).
func ramRoleSource(e *credEnv, prevName string, prev CredentialsProvider, c ramRoleConfig) (CredentialsProvider, error) {
	if c.roleArn == "" {
		c.roleArn = e.getenv("ALIBABA_CLOUD_ROLE_ARN")
	}
	if c.roleArn == "" {
		return nil, errors.New("no role ARN")
	}
	if c.sessionName == "" {
		c.sessionName = e.getenv("ALIBABA_CLOUD_ROLE_SESSION_NAME")
	}
	sts, err := e.roleSession(&c.sessionName, &c.duration, c.stsRegion, c.vpc, named{prevName, prev})
	if err != nil {
		return nil, err
	}
	source := "ram_role_arn (" + c.roleArn + ")"
	return newCachedProvider(source, e.now, func(ctx context.Context) (Credentials, time.Time, error) {
		return assumeRole(ctx, sts, assumeRoleParams{
			RoleArn: c.roleArn, RoleSessionName: c.sessionName, Policy: c.policy,
			ExternalID: c.externalID, DurationSeconds: c.duration,
		})
	}), nil
}

// --- aliyun CLI profile (~/.aliyun/config.json) ---

type cliProfileEntry struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	SecurityToken   string `json:"sts_token"`
	RoleArn         string `json:"ram_role_arn"`
	RoleSessionName string `json:"ram_session_name"`
	DurationSeconds int    `json:"expired_seconds"`
	StsRegion       string `json:"sts_region"`
	EnableVpc       bool   `json:"enable_vpc"`
	SourceProfile   string `json:"source_profile"`
	RoleName        string `json:"ram_role_name"`
	OIDCTokenFile   string `json:"oidc_token_file"`
	OIDCToken       string `json:"oidc_token"`
	OIDCProviderARN string `json:"oidc_provider_arn"`
	Policy          string `json:"policy"`
	ExternalID      string `json:"external_id"`
}

type cliConfig struct {
	Current  string             `json:"current"`
	Profiles []*cliProfileEntry `json:"profiles"`
}

// jsonErrorNoQuote describes a decoding error of a file holding secrets
// without quoting it.
func jsonErrorNoQuote(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("not JSON (syntax error at byte %d)", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %s: %s where %s is wanted", te.Field, te.Value, te.Type)
	}
	return errors.New("does not decode")
}

func cliProfile(e *credEnv) (CredentialsProvider, error) {
	path := e.getenv("ALIBABA_CLOUD_CONFIG_FILE")
	if path == "" {
		home, err := e.home()
		if err != nil || home == "" {
			return nil, errors.New("no home directory for ~/.aliyun/config.json")
		}
		path = filepath.Join(home, ".aliyun", "config.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err // names the path
	}
	var conf cliConfig
	if err := json.Unmarshal(b, &conf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, jsonErrorNoQuote(err))
	}
	if len(conf.Profiles) == 0 {
		return nil, fmt.Errorf("%s: no profiles", path)
	}
	name := e.getenv("ALIBABA_CLOUD_PROFILE")
	if name == "" {
		name = conf.Current
	}
	return cliProfileProvider(e, path, &conf, name, 0)
}

func cliProfileProvider(e *credEnv, path string, conf *cliConfig, name string, depth int) (CredentialsProvider, error) {
	var p *cliProfileEntry
	for _, q := range conf.Profiles {
		if q.Name == name {
			p = q
			break
		}
	}
	if p == nil {
		return nil, &CredentialsError{Source: fmt.Sprintf("cli_profile (%s)", path), Err: fmt.Errorf("no profile %q", name)}
	}
	source := fmt.Sprintf("cli_profile (%s, profile %s, mode %s)", path, name, p.Mode)
	fail := func(err error) (CredentialsProvider, error) {
		return nil, &CredentialsError{Source: source, Err: err}
	}
	static := func(token bool) (CredentialsProvider, error) {
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return nil, errors.New("access_key_id or access_key_secret is empty")
		}
		if token && p.SecurityToken == "" {
			return nil, errors.New("sts_token is empty")
		}
		cr := Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret}
		if token {
			cr.SecurityToken = p.SecurityToken
		}
		return StaticCredentials(cr), nil
	}
	ram := ramRoleConfig{
		roleArn: p.RoleArn, sessionName: p.RoleSessionName, duration: p.DurationSeconds,
		stsRegion: p.StsRegion, vpc: p.EnableVpc, policy: p.Policy, externalID: p.ExternalID,
	}
	var prov CredentialsProvider
	var err error
	switch p.Mode {
	case "AK":
		prov, err = static(false)
	case "StsToken":
		prov, err = static(true)
	case "RamRoleArn":
		var prev CredentialsProvider
		if prev, err = static(false); err == nil {
			prov, err = ramRoleSource(e, source, prev, ram)
		}
	case "ChainableRamRoleArn":
		if depth > 8 {
			return fail(errors.New("source_profile chain too long"))
		}
		var prev CredentialsProvider
		if prev, err = cliProfileProvider(e, path, conf, p.SourceProfile, depth+1); err == nil {
			prov, err = ramRoleSource(e, "source profile "+p.SourceProfile, prev, ram)
		}
	case "EcsRamRole":
		prov, err = ecsRAMRole(e, p.RoleName)
	case "OIDC":
		prov, err = oidcSource(e, oidcConfig{
			token: p.OIDCToken, tokenFile: p.OIDCTokenFile, providerArn: p.OIDCProviderARN,
			roleArn: p.RoleArn, stsRegion: p.StsRegion, vpc: p.EnableVpc, duration: p.DurationSeconds,
			sessionName: p.RoleSessionName, policy: p.Policy,
		})
	default:
		err = fmt.Errorf("mode %q is not supported by acsrt (credentials-go is, through acsrt/credentialsgo)", p.Mode)
	}
	if err != nil {
		return fail(err)
	}
	return named{source, prov}, nil
}

// --- credentials file (~/.alibabacloud/credentials, ini) ---

// parseINI reads sections of key = value lines; ; and # start comments.
// Errors give line numbers, never text.
func parseINI(b []byte) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	var cur map[string]string
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == ';' || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("line %d: a section header without ]", i+1)
			}
			name := strings.TrimSpace(line[1 : len(line)-1])
			if out[name] == nil {
				out[name] = map[string]string{}
			}
			cur = out[name]
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			k, v, ok = strings.Cut(line, ":")
		}
		if !ok || cur == nil {
			return nil, fmt.Errorf("line %d: want key = value in a section", i+1)
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		cur[strings.TrimSpace(k)] = v
	}
	return out, nil
}

func iniProfile(e *credEnv) (CredentialsProvider, error) {
	path := e.getenv("ALIBABA_CLOUD_CREDENTIALS_FILE")
	if path == "" {
		home, err := e.home()
		if err != nil || home == "" {
			return nil, errors.New("no home directory for ~/.alibabacloud/credentials")
		}
		path = filepath.Join(home, ".alibabacloud", "credentials")
	}
	name := e.getenv("ALIBABA_CLOUD_PROFILE")
	if name == "" {
		name = "default"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ini, err := parseINI(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sec, ok := ini[name]
	if !ok {
		return nil, fmt.Errorf("%s: no section [%s]", path, name)
	}
	source := fmt.Sprintf("profile (%s [%s], type %s)", path, name, sec["type"])
	fail := func(err error) (CredentialsProvider, error) {
		return nil, &CredentialsError{Source: source, Err: err}
	}
	var prov CredentialsProvider
	switch sec["type"] {
	case "access_key":
		if sec["access_key_id"] == "" || sec["access_key_secret"] == "" {
			return fail(errors.New("access_key_id or access_key_secret is empty"))
		}
		prov = StaticCredentials{AccessKeyID: sec["access_key_id"], AccessKeySecret: sec["access_key_secret"]}
	case "ecs_ram_role":
		prov, err = ecsRAMRole(e, sec["role_name"])
	case "ram_role_arn":
		if sec["access_key_id"] == "" || sec["access_key_secret"] == "" || sec["role_arn"] == "" || sec["role_session_name"] == "" {
			return fail(errors.New("access_key_id, access_key_secret, role_arn or role_session_name is empty"))
		}
		prev := StaticCredentials{AccessKeyID: sec["access_key_id"], AccessKeySecret: sec["access_key_secret"]}
		prov, err = ramRoleSource(e, source, prev, ramRoleConfig{
			roleArn: sec["role_arn"], sessionName: sec["role_session_name"], policy: sec["policy"], duration: 3600,
		})
	default:
		err = fmt.Errorf("type %q: want access_key, ecs_ram_role or ram_role_arn", sec["type"])
	}
	if err != nil {
		return fail(err)
	}
	return named{source, prov}, nil
}

// --- ECS instance RAM role (instance metadata) ---

const (
	metadataTokenTTL   = "21600" // 6 h, credentials-go's defaultMetadataTokenDuration
	metadataCredsPath  = "/latest/meta-data/ram/security-credentials/"
	metadataTokenPath  = "/latest/api/token"
	metadataTokenTTLH  = "X-aliyun-ecs-metadata-token-ttl-seconds"
	metadataTokenH     = "X-aliyun-ecs-metadata-token"
	metadataAnswerMax  = 64 << 10
	metadataSourceName = "ecs_ram_role (instance metadata)"
)

// ecsRAMRole is credentials-go's ECSRAMRoleCredentialsProvider: an error
// when ALIBABA_CLOUD_ECS_METADATA_DISABLED is true; role: roleName, else
// ALIBABA_CLOUD_ECS_METADATA, else the one the metadata service lists.
func ecsRAMRole(e *credEnv, roleName string) (CredentialsProvider, error) {
	if e.isTrue("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
		return nil, errors.New("the instance metadata service is disabled (ALIBABA_CLOUD_ECS_METADATA_DISABLED)")
	}
	if roleName == "" {
		roleName = e.getenv("ALIBABA_CLOUD_ECS_METADATA")
	}
	m := &metadataClient{e: e, role: roleName, v1Disabled: e.isTrue("ALIBABA_CLOUD_IMDSV1_DISABLED")}
	return newCachedProvider(metadataSourceName, e.now, m.fetch), nil
}

type metadataClient struct {
	e          *credEnv
	role       string
	v1Disabled bool
}

// do sends one request to the metadata service; the answer is read only
// when the status is 200.
func (m *metadataClient) do(ctx context.Context, method, path string, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, m.e.metadataBase+path, nil)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := m.e.metadataHTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, metadataAnswerMax))
	return resp.StatusCode, b, err
}

// get GETs path with the v2 token, and again without it (IMDSv1) when that
// fails and v1 is allowed, as credentials-go's getWithFallback.
func (m *metadataClient) get(ctx context.Context, path, token string) ([]byte, error) {
	h := map[string]string{}
	if token != "" {
		h[metadataTokenH] = token
	}
	code, b, err := m.do(ctx, http.MethodGet, path, h)
	if (err != nil || code != http.StatusOK) && token != "" && !m.v1Disabled {
		first := metadataFailure(code, err)
		code, b, err = m.do(ctx, http.MethodGet, path, nil)
		if err != nil || code != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %w (and without the token, IMDSv1: %w)", path, first, metadataFailure(code, err))
		}
	}
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %w", path, metadataFailure(code, err))
	}
	return b, nil
}

func metadataFailure(code int, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("HTTP %d", code)
}

type metadataCredentials struct {
	Code            string `json:"Code"`
	AccessKeyID     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"`
}

func (m *metadataClient) fetch(ctx context.Context) (Credentials, time.Time, error) {
	// IMDSv2: a session token, without which v1 is used unless disabled.
	var token string
	code, b, err := m.do(ctx, http.MethodPut, metadataTokenPath, map[string]string{metadataTokenTTLH: metadataTokenTTL})
	switch {
	case err != nil && m.v1Disabled:
		return Credentials{}, time.Time{}, fmt.Errorf("getting the metadata token (IMDSv1 is disabled): PUT %s: %w", metadataTokenPath, err)
	case err == nil && code != http.StatusOK && m.v1Disabled:
		return Credentials{}, time.Time{}, fmt.Errorf("getting the metadata token (IMDSv1 is disabled): PUT %s: HTTP %d", metadataTokenPath, code)
	case err == nil && code == http.StatusOK:
		token = string(b)
	}
	role := m.role
	if role == "" {
		b, err := m.get(ctx, metadataCredsPath, token)
		if err != nil {
			return Credentials{}, time.Time{}, fmt.Errorf("getting the role name: %w", err)
		}
		role, _, _ = strings.Cut(strings.TrimSpace(string(b)), "\n")
		role = strings.TrimSpace(role)
		if role == "" {
			return Credentials{}, time.Time{}, errors.New("the instance has no RAM role")
		}
	}
	b, err = m.get(ctx, metadataCredsPath+role, token)
	if err != nil {
		return Credentials{}, time.Time{}, fmt.Errorf("role %s: %w", role, err)
	}
	var mc metadataCredentials
	if err := json.Unmarshal(b, &mc); err != nil {
		return Credentials{}, time.Time{}, fmt.Errorf("role %s: the answer %w", role, jsonErrorNoQuote(err))
	}
	if mc.Code != "Success" {
		return Credentials{}, time.Time{}, fmt.Errorf("role %s: Code %q, not Success", role, mc.Code)
	}
	if mc.AccessKeyID == "" || mc.AccessKeySecret == "" || mc.SecurityToken == "" {
		return Credentials{}, time.Time{}, fmt.Errorf("role %s: no credentials in the answer", role)
	}
	exp, err := time.Parse(stsTimeFormat, mc.Expiration)
	if err != nil {
		return Credentials{}, time.Time{}, fmt.Errorf("role %s: Expiration %q: want %s", role, mc.Expiration, stsTimeFormat)
	}
	return Credentials{AccessKeyID: mc.AccessKeyID, AccessKeySecret: mc.AccessKeySecret, SecurityToken: mc.SecurityToken}, exp, nil
}

// --- credentials URI ---

func uriSource(e *credEnv, u string) CredentialsProvider {
	return newCachedProvider("credentials_uri", e.now, func(ctx context.Context) (Credentials, time.Time, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return Credentials{}, time.Time{}, errors.New("ALIBABA_CLOUD_CREDENTIALS_URI is not a URL")
		}
		resp, err := e.uriHTTP.Do(req)
		if err != nil {
			return Credentials{}, time.Time{}, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return Credentials{}, time.Time{}, fmt.Errorf("GET: HTTP %d", resp.StatusCode)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, metadataAnswerMax))
		if err != nil {
			return Credentials{}, time.Time{}, err
		}
		var mc metadataCredentials
		if err := json.Unmarshal(b, &mc); err != nil {
			return Credentials{}, time.Time{}, fmt.Errorf("the answer %w", jsonErrorNoQuote(err))
		}
		if mc.AccessKeyID == "" || mc.AccessKeySecret == "" || mc.SecurityToken == "" {
			return Credentials{}, time.Time{}, errors.New("no credentials in the answer")
		}
		exp, err := time.Parse(stsTimeFormat, mc.Expiration)
		if err != nil {
			return Credentials{}, time.Time{}, fmt.Errorf("Expiration %q: want %s", mc.Expiration, stsTimeFormat)
		}
		return Credentials{AccessKeyID: mc.AccessKeyID, AccessKeySecret: mc.AccessKeySecret, SecurityToken: mc.SecurityToken}, exp, nil
	})
}
