// Package acsfake is a fake Alibaba Cloud API endpoint for tests. It serves
// the APIs it is given on a loopback address, RPC style (routed by the
// Action parameter) and ROA style (routed by method and path template),
// checks every request the way the service does — AccessKeyId, signature
// version 1.0 (RPC and ROA, verified by this package's own
// canonicalisation), Content-MD5, signature nonce reuse, required
// parameters — and answers with the API's response example or with an
// error in the format the request asked for. Faults (errors, throttling,
// latency, dropped connections) can be queued per Action.
//
//	s := acsfake.New(acsfake.API{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Required: []string{"InstanceId"}, JSON: `{...}`})
//	defer s.Close()
//	c, _ := acsrt.NewClient(s.Config())
//
// Order of the checks for one request: routing (404 InvalidAction.NotFound,
// 400 InvalidVersion), injected faults, AccessKeyId (404
// InvalidAccessKeyId.NotFound), signature (400 SignatureDoesNotMatch, whose
// Message carries the fake's string to sign), Content-MD5 (400
// InvalidDigest), security token (400
// InvalidSecurityToken.MismatchWithAccessKey), nonce (400
// SignatureNonceUsed), required parameters (400 MissingParameter), then the
// example with status 200.
package acsfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cccgen/cccgen/acsrt"
)

// The credentials a Server accepts unless SetCredentials changes them, and
// the region its Config names.
const (
	AccessKeyID     = "fake-id"
	AccessKeySecret = "fake-secret"
	RegionID        = "cn-hangzhou"
)

// Limits that keep a fake bounded when it runs for long (cmd/cccfake).
const (
	maxBody   = 10 << 20 // request body bytes
	maxLog    = 10000    // requests kept for Requests
	maxNonces = 1 << 20  // nonces remembered for replay detection
)

// API describes one API the fake serves. Generated tests build it from
// constants; fakepages.New builds it from pages.
type API struct {
	Product, Version, Action string
	Style                    string   // "RPC", "ROA" or "SLS" (Log Service, see sls.go); "" → ROA when Path is set, else RPC
	Method                   string   // ROA: HTTP method ("" = any); RPC: "" (GET and POST both accepted)
	Path                     string   // ROA: path template with {Name} placeholders, optionally with a fixed query (/x?action=y)
	Required                 []string // wire names of required top-level parameters (RPC: query/form keys; a list param Tag is satisfied by Tag.1…; ROA: path/query/header/body names)
	JSON                     string   // the response example as JSON ("" → {"RequestId": "<uuid-like>"})
	XML                      string   // the response example as XML (elements, rooted or not; "" → converted from JSON)
	XMLRooted                bool     // whether XML already has its root element
}

// Fault is an answer queued with Inject, given before the normal path.
type Fault struct {
	Status  int           // HTTP status to answer (e.g. 503, 400); 0 → from Code (Throttling* 400, InternalError 500, ServiceUnavailable 503, else 400)
	Code    string        // error Code (e.g. "Throttling.User", "InternalError", "InvalidParameter"); "" → from Status
	Message string        // "" → a message naming the fault as injected
	Times   int           // how many requests it applies to (0 = all following)
	Latency time.Duration // delay before answering (with or without an error)
	// Hangup closes the connection (after Latency) without answering: a
	// transport error for the client.
	Hangup bool
}

// isError reports whether the fault answers with an error (else it only
// delays, or hangs up).
func (f *Fault) isError() bool { return f.Status != 0 || f.Code != "" }

// Request is one request the fake received, as recorded for Requests.
type Request struct {
	Action     string            // RPC: the Action parameter; ROA: the routed API's Action ("" when no route matched)
	Style      string            // "RPC", "ROA", "SLS" or "" (not routed)
	Method     string            // HTTP method
	Path       string            // URL path
	Params     url.Values        // RPC: query and form parameters; ROA: query parameters
	PathParams map[string]string // ROA: the values of the path template's placeholders
	Header     http.Header
	Body       []byte
	Status     int    // the status the fake answered (0: no answer, e.g. Hangup or the client left)
	Code       string // the error Code answered, "" on success
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	ts        *httptest.Server
	done      chan struct{}
	closeOnce sync.Once

	// Fixed after New.
	rpc map[string][]*api // by Action
	roa []*route

	mu     sync.Mutex
	creds  acsrt.Credentials
	faults map[string][]*Fault // by Action; "" = every action
	hits   map[string]int
	total  int
	nonces map[string]bool
	log    []Request
	logSeq []uint64 // log[i] is request number logSeq[i]
	seq    uint64
}

// api is an API checked and prepared for serving.
type api struct {
	API
	xmlDoc string // the XML success body, "" → the minimal one with the request's RequestId
}

// route is a ROA API's compiled path template.
type route struct {
	api     *api
	method  string
	re      *regexp.Regexp
	names   []string   // placeholder names, in order
	query   url.Values // fixed query of the template
	literal int        // literal bytes of the template: more wins
}

// New starts a fake serving apis on a loopback address (httptest.NewServer).
// It panics when an API is invalid (no Action, a ROA API without a path,
// an unknown Style, an example that is not well-formed JSON or XML) or
// served twice; NewOn and fakepages.New report those as errors.
func New(apis ...API) *Server {
	s, err := newServer(apis)
	if err != nil {
		panic("acsfake.New: " + err.Error())
	}
	s.ts = newStarted(s)
	return s
}

func newStarted(s *Server) *httptest.Server { return httptest.NewServer(s) }

// NewOn is New serving on l (which the Server closes) instead of a new
// loopback listener; cmd/cccfake uses it with ListenLoopback.
func NewOn(l net.Listener, apis ...API) (*Server, error) {
	s, err := newServer(apis)
	if err != nil {
		return nil, err
	}
	s.ts = httptest.NewUnstartedServer(s)
	s.ts.Listener.Close()
	s.ts.Listener = l
	s.ts.Start()
	return s, nil
}

func newServer(apis []API) (*Server, error) {
	s := &Server{
		done:   make(chan struct{}),
		rpc:    map[string][]*api{},
		creds:  acsrt.Credentials{AccessKeyID: AccessKeyID, AccessKeySecret: AccessKeySecret},
		faults: map[string][]*Fault{},
		hits:   map[string]int{},
		nonces: map[string]bool{},
	}
	seen := map[string]bool{}
	for _, in := range apis {
		a, err := prepare(in)
		if err != nil {
			return nil, err
		}
		if a.Style == "RPC" {
			key := "RPC " + a.Action + " " + a.Version
			if seen[key] {
				return nil, fmt.Errorf("API %s (version %q) is given twice", a.Action, a.Version)
			}
			seen[key] = true
			s.rpc[a.Action] = append(s.rpc[a.Action], a)
			continue
		}
		rt, err := compileRoute(a)
		if err != nil {
			return nil, err
		}
		key := "ROA " + rt.method + " " + rt.re.String() + "?" + rt.query.Encode() + " " + a.Version
		if seen[key] {
			return nil, fmt.Errorf("API %s: %s %s (version %q) is served twice", a.Action, a.Method, a.Path, a.Version)
		}
		seen[key] = true
		s.roa = append(s.roa, rt)
	}
	return s, nil
}

// prepare checks an API and fills its defaults.
func prepare(in API) (*api, error) {
	a := &api{API: in}
	a.Required = append([]string(nil), in.Required...)
	if a.Action == "" {
		return nil, fmt.Errorf("API with Path %q has no Action", a.Path)
	}
	a.Style = strings.ToUpper(a.Style)
	if a.Style == "" {
		a.Style = "RPC"
		if a.Path != "" {
			a.Style = "ROA"
		}
	}
	a.Method = strings.ToUpper(a.Method)
	switch a.Style {
	case "RPC":
		switch a.Method {
		case "", http.MethodGet, http.MethodPost:
		default:
			return nil, fmt.Errorf("API %s: RPC Method %q: want \"\", GET or POST", a.Action, in.Method)
		}
	case "ROA", "SLS":
		if !strings.HasPrefix(a.Path, "/") {
			return nil, fmt.Errorf("API %s: ROA Path %q must start with /", a.Action, a.Path)
		}
	default:
		return nil, fmt.Errorf("API %s: Style %q: want RPC, ROA or SLS", a.Action, in.Style)
	}
	if strings.TrimSpace(a.JSON) != "" && !json.Valid([]byte(a.JSON)) {
		return nil, fmt.Errorf("API %s: the JSON example is not valid JSON", a.Action)
	}
	switch {
	case strings.TrimSpace(a.XML) != "":
		doc, err := xmlDocument(a.Action, a.XML, a.XMLRooted)
		if err != nil {
			return nil, fmt.Errorf("API %s: the XML example: %v", a.Action, err)
		}
		a.xmlDoc = doc
	case strings.TrimSpace(a.JSON) != "":
		if doc, err := jsonToXML(a.Action, a.JSON); err == nil {
			a.xmlDoc = doc
		}
	}
	return a, nil
}

var rePlaceholder = regexp.MustCompile(`\{([^{}/]+)\}`)

func compileRoute(a *api) (*route, error) {
	rt := &route{api: a, method: a.Method}
	path, rawQuery, _ := strings.Cut(a.Path, "?")
	if rawQuery != "" {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return nil, fmt.Errorf("API %s: the query of Path %q: %v", a.Action, a.Path, err)
		}
		rt.query = q
	}
	path = trimSlash(path)
	var re strings.Builder
	re.WriteString("^")
	last := 0
	for _, m := range rePlaceholder.FindAllStringSubmatchIndex(path, -1) {
		re.WriteString(regexp.QuoteMeta(path[last:m[0]]))
		re.WriteString("([^/]+)")
		rt.literal += m[0] - last
		rt.names = append(rt.names, path[m[2]:m[3]])
		last = m[1]
	}
	re.WriteString(regexp.QuoteMeta(path[last:]))
	re.WriteString("$")
	rt.literal += len(path) - last
	var err error
	if rt.re, err = regexp.Compile(re.String()); err != nil {
		return nil, fmt.Errorf("API %s: Path %q: %v", a.Action, a.Path, err)
	}
	return rt, nil
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

// match reports whether the route serves a request, and the placeholder values.
func (rt *route) match(method, path string, query url.Values) (map[string]string, bool) {
	if rt.method != "" && rt.method != method {
		return nil, false
	}
	m := rt.re.FindStringSubmatch(trimSlash(path))
	if m == nil {
		return nil, false
	}
	for k, vs := range rt.query {
		if !query.Has(k) || len(vs) > 0 && vs[0] != "" && query.Get(k) != vs[0] {
			return nil, false
		}
	}
	vars := map[string]string{}
	for i, name := range rt.names {
		vars[name] = m[i+1]
	}
	return vars, true
}

// Config is an acsrt client configuration for the fake: its endpoint over
// http, its credentials, RegionID "cn-hangzhou", and an HTTP client whose
// idle connections Close closes. Retry is left at its defaults.
func (s *Server) Config() acsrt.Config {
	c := s.Credentials()
	return acsrt.Config{
		Credentials: &c,
		RegionID:    RegionID,
		Endpoint:    s.Endpoint(),
		Scheme:      "http",
		HTTPClient:  s.ts.Client(),
	}
}

// Credentials are the one key pair (and security token, when set) the fake
// accepts: "fake-id"/"fake-secret" unless SetCredentials changed them.
func (s *Server) Credentials() acsrt.Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.creds
}

// SetCredentials changes the credentials the fake accepts. A request must
// carry exactly c.SecurityToken (none when it is empty).
func (s *Server) SetCredentials(c acsrt.Credentials) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creds = c
}

// URL is the base URL, http://host:port.
func (s *Server) URL() string { return s.ts.URL }

// Endpoint is the server's host:port.
func (s *Server) Endpoint() string { return s.ts.Listener.Addr().String() }

// APIs lists the APIs served (with their defaults filled in), RPC ones
// first, each group by Action.
func (s *Server) APIs() []API {
	var out []API
	add := func(a API) {
		a.Required = append([]string(nil), a.Required...)
		out = append(out, a)
	}
	var actions []string
	for k := range s.rpc {
		actions = append(actions, k)
	}
	sort.Strings(actions)
	for _, k := range actions {
		for _, a := range s.rpc[k] {
			add(a.API)
		}
	}
	roa := append([]*route(nil), s.roa...)
	sort.SliceStable(roa, func(i, j int) bool { return roa[i].api.Action < roa[j].api.Action })
	for _, rt := range roa {
		add(rt.api.API)
	}
	return out
}

// Inject queues a fault for an Action ("" = every action). Faults of one
// Action apply in the order queued, each to f.Times requests (0: to every
// following request, so later ones never apply); a request takes its
// Action's next fault, else the next fault queued for "".
func (s *Server) Inject(action string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[action] = append(s.faults[action], &f)
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string][]*Fault{}
}

// takeFault returns the fault for one request of action, or nil.
func (s *Server) takeFault(action string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{action, ""} {
		q := s.faults[key]
		if len(q) == 0 {
			continue
		}
		f := *q[0]
		if q[0].Times > 0 {
			q[0].Times--
			if q[0].Times == 0 {
				s.faults[key] = q[1:]
			}
		}
		return &f
	}
	return nil
}

// Hits is the number of requests received for an Action (the RPC Action
// parameter, or the ROA API routed to), whatever the answer; "" counts
// every request.
func (s *Server) Hits(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if action == "" {
		return s.total
	}
	return s.hits[action]
}

// Requests returns the requests received for an Action ("" = all), oldest
// first (the last 10000 are kept).
func (s *Server) Requests(action string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.log {
		if action == "" || r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// Close stops the server; requests waiting in an injected latency end at once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.ts.Close()
	})
}

// call is one request being answered.
type call struct {
	s   *Server
	w   http.ResponseWriter
	r   *http.Request
	rid string
	xml bool   // answer in XML
	v3  bool   // signed with signature V3 (an ACS3-* Authorization)
	sls bool   // a Log Service request: errors as Log Service writes them
	seq uint64 // number of the request in s.log, 0 when not logged
}

// ServeHTTP answers one request; Server is an http.Handler so it can also be
// mounted elsewhere.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{s: s, w: w, r: r, rid: newRequestID()}
	if isSLSRequest(r) {
		c.serveSLS()
		return
	}
	w.Header().Set("x-acs-request-id", c.rid)
	acceptXML := strings.Contains(strings.ToLower(r.Header.Get("Accept")), "xml")
	c.xml = acceptXML // until the request is read

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		c.fail(http.StatusBadRequest, "InvalidParameter", "The request body cannot be read: "+err.Error())
		return
	}
	c.officialCheck(body) // CCCGEN_OFFICIAL_VERIFIER: official.go
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		c.fail(http.StatusBadRequest, "InvalidParameter", "The query string is malformed: "+err.Error())
		return
	}
	params := url.Values{}
	for k, v := range query {
		params[k] = append(params[k], v...)
	}
	form := isForm(r.Header.Get("Content-Type"))
	var formValues url.Values
	if form && len(body) > 0 {
		if formValues, err = url.ParseQuery(string(body)); err != nil {
			c.fail(http.StatusBadRequest, "InvalidParameter", "The form body is malformed: "+err.Error())
			return
		}
		for k, v := range formValues {
			params[k] = append(params[k], v...)
		}
	}
	// RPC asks for a format with the Format parameter (JSON by default),
	// ROA with the Accept header; an unknown API as either says.
	if f := params.Get("Format"); f != "" {
		c.xml = strings.EqualFold(f, "XML")
	}

	// Signature V3 names an RPC API in headers rather than parameters.
	action, version := params.Get("Action"), params.Get("Version")
	if c.v3 = isV3(r.Header.Get("Authorization")); c.v3 && action == "" && trimSlash(r.URL.Path) == "/" {
		action, version = r.Header.Get("x-acs-action"), r.Header.Get("x-acs-version")
	}
	if cands := s.rpc[action]; action != "" && len(cands) > 0 {
		c.xml = strings.EqualFold(params.Get("Format"), "XML") || params.Get("Format") == "" && c.v3 && acceptXML
		c.record(Request{Action: action, Style: "RPC", Method: r.Method, Path: r.URL.Path, Params: params, Header: r.Header.Clone(), Body: body})
		a, ok := pickVersion(cands, version)
		if !ok {
			c.fail(http.StatusBadRequest, "InvalidVersion", fmt.Sprintf("Specified parameter Version %q is not valid.", version))
			return
		}
		c.serveRPC(a, params, version, body)
		return
	}
	if rt, vars := s.findRoute(r.Method, r.URL.Path, query, r.Header.Get("x-acs-version")); rt != nil {
		c.xml = acceptXML
		c.record(Request{Action: rt.api.Action, Style: "ROA", Method: r.Method, Path: r.URL.Path, Params: query, PathParams: vars, Header: r.Header.Clone(), Body: body})
		c.serveROA(rt.api, query, vars, body, formValues)
		return
	}
	c.record(Request{Action: action, Method: r.Method, Path: r.URL.Path, Params: params, Header: r.Header.Clone(), Body: body})
	what := r.Method + " " + r.URL.Path
	if action != "" {
		what = "Action " + action
	}
	c.fail(http.StatusNotFound, "InvalidAction.NotFound", "Specified api is not found, please check your url and method: "+what)
}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// pickVersion chooses among the APIs of one Action: the one of the
// requested version, else one without a version; with no version asked
// for, the first (the missing Version is reported later).
func pickVersion(cands []*api, version string) (*api, bool) {
	if version == "" {
		return cands[0], true
	}
	for _, a := range cands {
		if a.Version == version {
			return a, true
		}
	}
	for _, a := range cands {
		if a.Version == "" {
			return a, true
		}
	}
	return nil, false
}

// findRoute picks the ROA route for a request: among the matching ones,
// those of the requested x-acs-version when any, then the one with the
// most literal text.
func (s *Server) findRoute(method, path string, query url.Values, version string) (*route, map[string]string) {
	var best *route
	var bestVars map[string]string
	score := func(rt *route) int {
		n := rt.literal * 2
		if version != "" && rt.api.Version == version {
			n += 1 << 30
		}
		if rt.method != "" {
			n++
		}
		return n
	}
	for _, rt := range s.roa {
		if rt.api.Style == "SLS" {
			continue // served by serveSLS
		}
		vars, ok := rt.match(method, path, query)
		if ok && (best == nil || score(rt) > score(best)) {
			best, bestVars = rt, vars
		}
	}
	return best, bestVars
}

// record counts and logs the request.
func (c *call) record(req Request) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	if req.Action != "" {
		s.hits[req.Action]++
	}
	if len(s.log) >= maxLog {
		n := len(s.log) - maxLog + 1
		s.log = append(s.log[:0], s.log[n:]...)
		s.logSeq = append(s.logSeq[:0], s.logSeq[n:]...)
	}
	s.seq++
	c.seq = s.seq
	s.log = append(s.log, req)
	s.logSeq = append(s.logSeq, c.seq)
	logWire(req, c.r.URL.Query())
}

// answered notes the status and code in the request log.
func (c *call) answered(status int, code string) {
	if c.seq == 0 {
		return
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.logSeq) - 1; i >= 0 && s.logSeq[i] >= c.seq; i-- {
		if s.logSeq[i] == c.seq {
			s.log[i].Status, s.log[i].Code = status, code
			return
		}
	}
}

// fault applies an injected fault; it reports whether the request is done.
func (c *call) fault(action string) bool {
	f := c.s.takeFault(action)
	if f == nil {
		return false
	}
	if f.Latency > 0 && !c.wait(f.Latency) || f.Hangup {
		// The client left, the server is closing, or a hangup was asked
		// for: net/http closes the connection without an answer.
		panic(http.ErrAbortHandler)
	}
	if !f.isError() {
		return false
	}
	status, code, msg := f.Status, f.Code, f.Message
	if code == "" {
		code = codeForStatus(status)
	}
	if status == 0 {
		status = statusForCode(code)
	}
	if msg == "" {
		msg = fmt.Sprintf("Injected fault %s (HTTP %d) for %s.", code, status, action)
	}
	c.fail(status, code, msg)
	return true
}

// wait sleeps d; false when the client went away or the server closed first.
func (c *call) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.r.Context().Done():
	case <-c.s.done:
	}
	return false
}

func codeForStatus(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "Throttling"
	case status == http.StatusForbidden:
		return "Forbidden"
	case status == http.StatusNotFound:
		return "NotFound"
	case status == http.StatusServiceUnavailable:
		return "ServiceUnavailable"
	case status >= 500:
		return "InternalError"
	}
	return "InvalidParameter"
}

func statusForCode(code string) int {
	switch {
	case strings.HasPrefix(code, "Throttling"):
		return http.StatusBadRequest
	case code == "ServiceUnavailable":
		return http.StatusServiceUnavailable
	case code == "InternalError" || strings.HasPrefix(code, "InternalError."):
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// isV3 reports whether an Authorization header is signature V3's (ACS3-…).
func isV3(auth string) bool { return strings.HasPrefix(strings.TrimSpace(auth), "ACS3-") }

// serveRPC checks and answers a routed RPC request.
func (c *call) serveRPC(a *api, params url.Values, version string, body []byte) {
	if c.fault(a.Action) {
		return
	}
	creds := c.s.Credentials()
	token, nonce := params.Get("SecurityToken"), params.Get("SignatureNonce")
	if c.v3 {
		if !c.verifyV3(creds, body) {
			return
		}
		token, nonce = c.r.Header.Get("x-acs-security-token"), c.r.Header.Get("x-acs-signature-nonce")
	} else {
		if id := params.Get("AccessKeyId"); id == "" || id != creds.AccessKeyID {
			c.unknownKey(id)
			return
		}
		if m := params.Get("SignatureMethod"); m != "" && m != "HMAC-SHA1" {
			c.unsupported(fmt.Sprintf("SignatureMethod %q", m))
			return
		}
		if v := params.Get("SignatureVersion"); v != "" && v != "1.0" {
			c.unsupported(fmt.Sprintf("SignatureVersion %q", v))
			return
		}
		sts := rpcStringToSign(c.r.Method, params)
		if !sameSignature(params.Get("Signature"), rpcSignature(sts, creds.AccessKeySecret)) {
			c.badSignature(sts)
			return
		}
	}
	if !c.checkSession(creds, token, nonce) {
		return
	}
	var missing []string
	if a.Version != "" && version == "" {
		missing = append(missing, "Version")
	}
	for _, name := range a.Required {
		if !hasParam(params, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		c.fail(http.StatusBadRequest, "MissingParameter", missingMessage(missing))
		return
	}
	c.succeed(a)
}

// verifyV3 checks a signature V3 request: the algorithm, the key, that
// host, content-type and every x-acs-* header are signed, the payload hash
// against the body, the date and nonce headers, and the signature. It
// reports whether the request passed; otherwise it answered.
func (c *call) verifyV3(creds acsrt.Credentials, body []byte) bool {
	auth, ok := parseV3Auth(c.r.Header.Get("Authorization"))
	if !ok {
		c.fail(http.StatusBadRequest, "IncompleteSignature", "The Authorization header is not ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>.")
		return false
	}
	if auth.algorithm != v3Algorithm {
		c.unsupported(fmt.Sprintf("signature algorithm %q", auth.algorithm))
		return false
	}
	if auth.id == "" || auth.id != creds.AccessKeyID {
		c.unknownKey(auth.id)
		return false
	}
	signed := map[string]bool{}
	for _, h := range auth.signed {
		signed[h] = true
	}
	for _, h := range v3MustSign(c.r) {
		if !signed[h] {
			c.fail(http.StatusBadRequest, "IncompleteSignature", fmt.Sprintf("The header %s is not signed: SignedHeaders must name host, content-type and every x-acs-* header.", h))
			return false
		}
	}
	for _, h := range []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-version"} {
		if c.r.Header.Get(h) == "" {
			c.fail(http.StatusBadRequest, "MissingParameter", fmt.Sprintf("The header %s that signature V3 needs is not supplied.", h))
			return false
		}
	}
	if got, want := c.r.Header.Get("x-acs-content-sha256"), sha256Hex(body); got != want {
		c.fail(http.StatusBadRequest, "ContentSHA256NotMatched", fmt.Sprintf("The x-acs-content-sha256 you specified (%s) did not match what we received (%s).", got, want))
		return false
	}
	canonical := v3CanonicalRequest(c.r, auth.signed, c.r.Header.Get("x-acs-content-sha256"))
	sts, sig := v3Signature(canonical, creds.AccessKeySecret)
	if !sameSignature(auth.signature, sig) {
		c.badSignature(sts + " (canonical request: " + canonical + ")")
		return false
	}
	return true
}

// unsupported answers a signature the fake does not verify.
func (c *call) unsupported(what string) {
	c.fail(http.StatusBadRequest, "UnsupportedSignatureVersion",
		"Specified "+what+" is not supported: the fake verifies signature 1.0 (HMAC-SHA1, RPC and ROA) and V3 (ACS3-HMAC-SHA256).")
}

// hasParam reports whether params has a non-empty name, or name.1…, or name.x.
func hasParam(params url.Values, name string) bool {
	if params.Get(name) != "" {
		return true
	}
	for k, vs := range params {
		if strings.HasPrefix(k, name+".") && len(vs) > 0 && vs[0] != "" {
			return true
		}
	}
	return false
}

// serveROA checks and answers a routed ROA request.
func (c *call) serveROA(a *api, query url.Values, vars map[string]string, body []byte, form url.Values) {
	if c.fault(a.Action) {
		return
	}
	creds := c.s.Credentials()
	if c.v3 {
		if !c.verifyV3(creds, body) {
			return
		}
	} else if !c.verifyROA(creds, query) {
		return
	}
	if m := c.r.Header.Get("Content-MD5"); m != "" && m != contentMD5(body) {
		c.fail(http.StatusBadRequest, "InvalidDigest", fmt.Sprintf("The Content-MD5 you specified (%s) did not match what we received (%s).", m, contentMD5(body)))
		return
	}
	if !c.checkSession(creds, c.r.Header.Get("x-acs-security-token"), c.r.Header.Get("x-acs-signature-nonce")) {
		return
	}
	var missing []string
	var bodyKeys map[string]json.RawMessage
	if len(body) > 0 && form == nil {
		_ = json.Unmarshal(body, &bodyKeys) // only a JSON object has keys
	}
	for _, name := range a.Required {
		switch {
		case pathVar(vars, name) != "",
			hasParam(query, name),
			c.r.Header.Get(name) != "",
			form != nil && hasParam(form, name),
			bodyKeys != nil && len(bodyKeys[name]) > 0,
			bodyKeys == nil && form == nil && len(body) > 0 && strings.EqualFold(name, "body"):
		default:
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		c.fail(http.StatusBadRequest, "MissingParameter", missingMessage(missing))
		return
	}
	c.succeed(a)
}

// verifyROA checks a ROA signature 1.0 request's key and signature; it
// reports whether the request passed, otherwise it answered.
func (c *call) verifyROA(creds acsrt.Credentials, query url.Values) bool {
	auth := c.r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "acs ")
	if !ok && auth != "" {
		alg, _, _ := strings.Cut(auth, " ")
		c.unsupported(fmt.Sprintf("Authorization scheme %q", alg))
		return false
	}
	i := strings.LastIndexByte(rest, ':')
	if !ok || i < 0 || rest[:i] == "" || rest[:i] != creds.AccessKeyID {
		id := ""
		if ok && i >= 0 {
			id = rest[:i]
		}
		c.unknownKey(id)
		return false
	}
	sig := rest[i+1:]
	if m := c.r.Header.Get("x-acs-signature-method"); m != "" && m != "HMAC-SHA1" {
		c.unsupported(fmt.Sprintf("x-acs-signature-method %q", m))
		return false
	}
	if v := c.r.Header.Get("x-acs-signature-version"); v != "" && v != "1.0" {
		c.unsupported(fmt.Sprintf("x-acs-signature-version %q", v))
		return false
	}
	// The path as decoded or as sent, an empty query value as k or k=:
	// equivalent spellings of one resource, all accepted.
	var first string
	for _, path := range []string{c.r.URL.Path, c.r.URL.EscapedPath()} {
		for _, bare := range []bool{true, false} {
			sts := roaStringToSign(c.r.Method, c.r.Header, roaResource(path, query, bare))
			if first == "" {
				first = sts
			}
			if sameSignature(sig, roaSignature(sts, creds.AccessKeySecret)) {
				return true
			}
		}
	}
	c.badSignature(first)
	return false
}

func pathVar(vars map[string]string, name string) string {
	for k, v := range vars {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// checkSession checks the security token and the nonce; false when it answered.
func (c *call) checkSession(creds acsrt.Credentials, token, nonce string) bool {
	if token != creds.SecurityToken {
		msg := "Specified SecurityToken does not match the AccessKeyId."
		if creds.SecurityToken == "" {
			msg = "Specified AccessKeyId is not an STS key: no SecurityToken is expected."
		}
		c.fail(http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey", msg)
		return false
	}
	if nonce == "" {
		return true
	}
	s := c.s
	s.mu.Lock()
	used := s.nonces[nonce]
	if !used {
		if len(s.nonces) >= maxNonces {
			s.nonces = map[string]bool{}
		}
		s.nonces[nonce] = true
	}
	s.mu.Unlock()
	if used {
		c.fail(http.StatusBadRequest, "SignatureNonceUsed", fmt.Sprintf("Specified signature nonce %q was used already.", nonce))
		return false
	}
	return true
}

func (c *call) unknownKey(id string) {
	c.fail(http.StatusNotFound, "InvalidAccessKeyId.NotFound", fmt.Sprintf("Specified access key %q is not found.", id))
}

func (c *call) badSignature(stringToSign string) {
	c.fail(http.StatusBadRequest, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

func missingMessage(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	if len(names) == 1 {
		return "The input parameter " + quoted[0] + " that is mandatory for processing this request is not supplied."
	}
	return "The input parameters " + strings.Join(quoted, ", ") + " that are mandatory for processing this request are not supplied."
}
