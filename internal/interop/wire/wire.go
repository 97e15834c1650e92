// Package wire sends the same inputs through a cccgen generated request
// and through the classic SDK's typed request to a loopback capture server
// and prints what each put on the wire. The interop tests generate a
// program calling Main with one Case per API and compare the two.
package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"

	"github.com/cccgen/cccgen/acsrt"
)

// Case is one API: constructors of the two requests and calls that send
// them.
type Case struct {
	Product, Action, Style, Version string

	OursNew  func() any
	OursCall func(cfg acsrt.Config, req any) error
	SDKNew   func() any
	SDKCall  func(c *sdk.Client, req any, host, port string) error
}

// Wire is one request as the capture server received it.
type Wire struct {
	Method  string              `json:"method"`
	Path    string              `json:"path"`
	Query   map[string][]string `json:"query"`
	Form    map[string][]string `json:"form,omitempty"`
	Headers map[string]string   `json:"headers"`
	Body    string              `json:"body,omitempty"`
}

// Result is the outcome of one Case.
type Result struct {
	Product string `json:"product"`
	Action  string `json:"action"`
	Style   string `json:"style"`
	Version string `json:"version"`
	// The keys (flattened wire names, list elements numbered from 1) each
	// request type declares, by kind (string, int, bool, float), and the
	// keys both declare, which are the ones filled.
	OursKeys map[string]string `json:"oursKeys"`
	SDKKeys  map[string]string `json:"sdkKeys"`
	Filled   []string          `json:"filled"`
	// RequiredOnlyOurs are keys only the generated request declares that
	// its Validate requires: filled in the generated request alone.
	RequiredOnlyOurs []string `json:"requiredOnlyOurs,omitempty"`
	// JSONValued are SDK string parameters ours sends as one JSON value
	// of a typed struct or list; the SDK side got ours' JSON.
	JSONValued []string `json:"jsonValued,omitempty"`
	// Skipped are fields neither filler knows how to fill (maps, any).
	Skipped []string `json:"skipped,omitempty"`
	Ours    *Wire    `json:"ours,omitempty"`
	SDK     *Wire    `json:"sdk,omitempty"`
	OursErr string   `json:"oursErr,omitempty"`
	SDKErr  string   `json:"sdkErr,omitempty"`
}

// Main runs every case and prints the results as one JSON array.
func Main(cases []Case) {
	cap := newCapture()
	defer cap.ts.Close()
	host, port, _ := net.SplitHostPort(cap.ts.Listener.Addr().String())
	client, err := sdk.NewClientWithAccessKey("cn-hangzhou", "wire-id", "wire-secret")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out []Result
	for _, c := range cases {
		out = append(out, run(c, cap, client, host, port))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(c Case, cap *capture, client *sdk.Client, host, port string) (r Result) {
	r = Result{Product: c.Product, Action: c.Action, Style: c.Style, Version: c.Version}
	defer func() {
		if v := recover(); v != nil {
			r.OursErr += fmt.Sprintf(" panic: %v", v)
		}
	}()
	r.OursKeys = map[string]string{}
	r.SDKKeys = map[string]string{}
	var skipped []string
	fill(reflect.ValueOf(c.OursNew()).Elem(), "", ours, nil, r.OursKeys, &skipped)
	fill(reflect.ValueOf(c.SDKNew()).Elem(), "", classic, nil, r.SDKKeys, &skipped)
	if _, ok := r.SDKKeys["RegionId"]; !ok && c.Style != "ROA" {
		// The classic RPC requests take RegionId in the base request
		// (request.RegionId), sent as the RegionId parameter.
		r.SDKKeys["RegionId"] = "string"
	}
	want := map[string]bool{}
	for k := range r.OursKeys {
		if _, ok := r.SDKKeys[k]; ok {
			want[k] = true
			r.Filled = append(r.Filled, k)
		}
	}
	sort.Strings(r.Filled)
	sort.Strings(skipped)
	r.Skipped = skipped

	oreq := c.OursNew()
	fill(reflect.ValueOf(oreq).Elem(), "", ours, want, map[string]string{}, new([]string))
	cfg := acsrt.Config{
		Credentials:    &acsrt.Credentials{AccessKeyID: "wire-id", AccessKeySecret: "wire-secret"},
		RegionID:       "cn-hangzhou",
		Endpoint:       net.JoinHostPort(host, port),
		Scheme:         "http",
		DefaultVersion: c.Version,
		// The classic SDK signs with 1.0: the same, so that only the
		// requests' own encoding differs.
		SignatureVersion: acsrt.SignatureV1,
		Retry:            acsrt.RetryPolicy{Disabled: true},
	}
	cap.reset()
	err := c.OursCall(cfg, oreq)
	var missing *acsrt.MissingParamsError
	if errors.As(err, &missing) {
		// Required by the page but not declared by the SDK: fill them
		// too, so that the request is sent (they show as only ours).
		for _, p := range missing.Params {
			for k := range r.OursKeys {
				if k == p || strings.HasPrefix(k, p+".") {
					want[k] = true
					r.RequiredOnlyOurs = append(r.RequiredOnlyOurs, k)
				}
			}
		}
		sort.Strings(r.RequiredOnlyOurs)
		oreq = c.OursNew()
		fill(reflect.ValueOf(oreq).Elem(), "", ours, want, map[string]string{}, new([]string))
		cap.reset()
		err = c.OursCall(cfg, oreq)
	}
	if err != nil {
		r.OursErr = err.Error()
	}
	r.Ours = cap.take()

	// A parameter ours types as a struct or list sent as one JSON string
	// (a JSON-string parameter with a member table) is a string parameter
	// of the SDK: it gets the JSON ours sent, so that the same input is
	// compared.
	override = map[string]string{}
	if r.Ours != nil {
		for k, kind := range r.SDKKeys {
			if kind != "string" || want[k] {
				continue
			}
			if _, declared := r.OursKeys[k]; declared {
				continue
			}
			v := append(append([]string(nil), r.Ours.Query[k]...), r.Ours.Form[k]...)
			if len(v) == 1 && (strings.HasPrefix(v[0], "{") || strings.HasPrefix(v[0], "[")) {
				override[k] = v[0]
				want[k] = true
				r.JSONValued = append(r.JSONValued, k)
			}
		}
		sort.Strings(r.JSONValued)
	}
	sreq := c.SDKNew()
	fill(reflect.ValueOf(sreq).Elem(), "", classic, want, map[string]string{}, new([]string))
	override = nil
	if want["RegionId"] && c.Style != "ROA" {
		if f := reflect.ValueOf(sreq).Elem().FieldByName("RpcRequest"); f.IsValid() && !f.IsNil() {
			if rf := f.Elem().FieldByName("RegionId"); rf.IsValid() && rf.String() == "" {
				rf.SetString(Value("RegionId", "string"))
			}
		}
	}
	cap.reset()
	if err := c.SDKCall(client, sreq, host, port); err != nil {
		r.SDKErr = err.Error()
	}
	r.SDK = cap.take()
	return r
}

type side int

const (
	ours side = iota
	classic
)

// manyIndex matches the classic SDK's flat list fields past the first
// element (Filter.2.Key): filled lists have one element (two for scalars).
var manyIndex = regexp.MustCompile(`\.([3-9]|[1-9][0-9]+)(\.|$)`)

// override holds the values one SDK fill takes instead of Value's (run
// fills one request at a time).
var override map[string]string

// Value is the sample value of the parameter with flattened key key.
func Value(key, kind string) string {
	switch kind {
	case "int":
		return strconv.Itoa(7 + len(key)%5)
	case "bool":
		return "true"
	case "float":
		return "1.5"
	}
	return "v-" + key
}

// fill walks the struct v: every leaf's flattened key is recorded in keys
// with its kind, and when want is not nil the leaves it names are set to
// Value(key, kind). It reports whether it set anything.
func fill(v reflect.Value, prefix string, s side, want map[string]bool, keys map[string]string, skipped *[]string) bool {
	set := false
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name := f.Tag.Get("name")
		if s == ours {
			name, _, _ = strings.Cut(f.Tag.Get("json"), ",")
		}
		if name == "" || name == "-" {
			continue
		}
		if s == classic && manyIndex.MatchString(name) {
			continue
		}
		if fillValue(v.Field(i), prefix+name, s, want, keys, skipped) {
			set = true
		}
	}
	return set
}

func scalarKind(t reflect.Type, s side) string {
	if s == classic {
		if t.Kind() != reflect.String {
			return ""
		}
		switch t.Name() {
		case "Integer":
			return "int"
		case "Boolean":
			return "bool"
		case "Float":
			return "float"
		}
		return "string"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int"
	case reflect.Bool:
		return "bool"
	case reflect.Float32, reflect.Float64:
		return "float"
	}
	return ""
}

func setScalar(v reflect.Value, kind, val string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(val)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, _ := strconv.ParseInt(val, 10, 64)
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, _ := strconv.ParseUint(val, 10, 64)
		v.SetUint(n)
	case reflect.Bool:
		v.SetBool(val == "true")
	case reflect.Float32, reflect.Float64:
		x, _ := strconv.ParseFloat(val, 64)
		v.SetFloat(x)
	}
}

// fillValue fills one field (or list element) v whose key is key.
func fillValue(v reflect.Value, key string, s side, want map[string]bool, keys map[string]string, skipped *[]string) bool {
	t := v.Type()
	if k := scalarKind(t, s); k != "" {
		keys[key] = k
		if want[key] {
			val := Value(key, k)
			if o, ok := override[key]; ok {
				val = o
			}
			setScalar(v, k, val)
			return true
		}
		return false
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem := reflect.New(t.Elem())
		if fillValue(elem.Elem(), key, s, want, keys, skipped) {
			v.Set(elem)
			return true
		}
		return false
	case reflect.Struct:
		return fill(v, key+".", s, want, keys, skipped)
	case reflect.Slice:
		et := t.Elem()
		n := 1
		if scalarKind(et, s) != "" {
			n = 2
		}
		sl := reflect.MakeSlice(t, 0, n)
		for i := 1; i <= n; i++ {
			e := reflect.New(et).Elem()
			if !fillValue(e, key+"."+strconv.Itoa(i), s, want, keys, skipped) {
				break
			}
			sl = reflect.Append(sl, e)
		}
		if sl.Len() > 0 {
			v.Set(sl)
			return true
		}
		return false
	}
	*skipped = append(*skipped, fmt.Sprintf("%s (%s)", key, t))
	return false
}

// capture is a loopback server that keeps the last request and answers a
// minimal JSON success.
type capture struct {
	ts   *httptest.Server
	mu   sync.Mutex
	last *Wire
}

func newCapture() *capture {
	c := &capture{}
	c.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		wr := &Wire{Method: r.Method, Path: r.URL.EscapedPath(), Query: map[string][]string(r.URL.Query()), Headers: map[string]string{}, Body: string(body)}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			if f, err := url.ParseQuery(string(body)); err == nil {
				wr.Form = f
				wr.Body = ""
			}
		}
		for k, vs := range r.Header {
			wr.Headers[strings.ToLower(k)] = strings.Join(vs, ",")
		}
		c.mu.Lock()
		c.last = wr
		c.mu.Unlock()
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		_, _ = io.WriteString(w, `{"RequestId":"captured"}`)
	}))
	c.ts.Config.ReadHeaderTimeout = 10 * time.Second
	return c
}

func (c *capture) reset() {
	c.mu.Lock()
	c.last = nil
	c.mu.Unlock()
}

func (c *capture) take() *Wire {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
