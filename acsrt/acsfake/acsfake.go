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
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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
