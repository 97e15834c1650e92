package acsrt

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sharedVectors is where ../shared/signing/vectors.json (../shared next to
// the module root) is from this package's directory.
const sharedVectors = "../../shared/signing/vectors.json"

type rpcVector struct {
	Name         string            `json:"name"`
	Method       string            `json:"method"`
	Secret       string            `json:"secret"`
	Params       map[string]string `json:"params"`
	StringToSign string            `json:"string_to_sign,omitempty"`
	Signature    string            `json:"signature"`
}

type roaVector struct {
	Name          string            `json:"name"`
	Method        string            `json:"method"`
	Secret        string            `json:"secret"`
	AccessKeyID   string            `json:"access_key_id"`
	Body          *string           `json:"body,omitempty"`
	StringToSign  string            `json:"string_to_sign"`
	Authorization string            `json:"authorization"`
	Headers       map[string]string `json:"headers,omitempty"`  // testdata only
	Resource      string            `json:"resource,omitempty"` // testdata only
}

// requestVector is a request the official Tea SDK sent (roa_no_body, v3):
// its inputs as sent and the signature's intermediate results.
type requestVector struct {
	Name             string            `json:"name"`
	Style            string            `json:"style,omitempty"`
	Method           string            `json:"method"`
	Secret           string            `json:"secret"`
	AccessKeyID      string            `json:"access_key_id"`
	Pathname         string            `json:"pathname"`
	Query            map[string]string `json:"query,omitempty"`
	Headers          map[string]string `json:"headers"`
	Body             *string           `json:"body,omitempty"`
	HashedPayload    string            `json:"hashed_payload,omitempty"`
	CanonicalRequest string            `json:"canonical_request,omitempty"`
	StringToSign     string            `json:"string_to_sign"`
	Signature        string            `json:"signature,omitempty"`
	Authorization    string            `json:"authorization"`
	Source           string            `json:"source,omitempty"`
}

// sharedFile is the layout of ../shared/signing/vectors.json.
type sharedFile struct {
	RPC struct {
		Vectors []rpcVector `json:"vectors"`
	} `json:"rpc"`
	ROA struct {
		Vectors []roaVector `json:"vectors"`
	} `json:"roa"`
	ROANoBody struct {
		Vectors []requestVector `json:"vectors"`
	} `json:"roa_no_body"`
	V3 struct {
		Vectors []requestVector `json:"vectors"`
	} `json:"v3"`
}

// copyFile is the layout of testdata/signing_vectors.json.
type copyFile struct {
	RPC       []rpcVector     `json:"rpc"`
	ROA       []roaVector     `json:"roa"`
	ROANoBody []requestVector `json:"roa_no_body"`
	V3        []requestVector `json:"v3"`
}

func (v requestVector) query() url.Values {
	q := url.Values{}
	for k, x := range v.Query {
		q.Set(k, x)
	}
	return q
}

func (v requestVector) body() []byte {
	if v.Body == nil {
		return nil
	}
	return []byte(*v.Body)
}

// checkROANoBody recomputes a ROA 1.0 request without a body.
func checkROANoBody(t *testing.T, v requestVector) {
	t.Helper()
	sts := ROAStringToSign(v.Method, v.Headers, ROAResource(v.Pathname, v.query()))
	if sts != v.StringToSign {
		t.Errorf("%s: ROAStringToSign\n got %q\nwant %q", v.Name, sts, v.StringToSign)
	}
	if got := ROAAuthorization(v.AccessKeyID, v.Secret, sts); got != v.Authorization {
		t.Errorf("%s: ROAAuthorization = %s, want %s", v.Name, got, v.Authorization)
	}
}

// checkV3 recomputes every step of a V3 request.
func checkV3(t *testing.T, v requestVector) {
	t.Helper()
	if got := V3HashedPayload(v.body()); got != v.HashedPayload || got != v.Headers["x-acs-content-sha256"] {
		t.Errorf("%s: V3HashedPayload = %s, want %s", v.Name, got, v.HashedPayload)
	}
	canonical, signed := V3CanonicalRequest(v.Method, v.Pathname, v.query(), v.Headers, v.HashedPayload)
	if canonical != v.CanonicalRequest {
		t.Errorf("%s: V3CanonicalRequest\n got %q\nwant %q", v.Name, canonical, v.CanonicalRequest)
	}
	if got := V3StringToSign(canonical); got != v.StringToSign {
		t.Errorf("%s: V3StringToSign = %q, want %q", v.Name, got, v.StringToSign)
	}
	if got := V3Signature(v.Secret, canonical); got != v.Signature {
		t.Errorf("%s: V3Signature = %s, want %s", v.Name, got, v.Signature)
	}
	if got := V3Authorization(v.AccessKeyID, v.Secret, canonical, signed); got != v.Authorization {
		t.Errorf("%s: V3Authorization\n got %s\nwant %s", v.Name, got, v.Authorization)
	}
}

// TestClientSignsVectors sends each vector's inputs through the client's own
// request building (SignROA, SignRPC) with the vector's clock and nonce and
// expects the Authorization the official SDK sent.
func TestClientSignsVectors(t *testing.T) {
	var f copyFile
	readVectorsJSON(t, "testdata/signing_vectors.json", &f)
	for _, v := range append(append([]requestVector(nil), f.ROANoBody...), f.V3...) {
		t.Run(v.Name, func(t *testing.T) {
			cfg := Config{Credentials: &Credentials{AccessKeyID: v.AccessKeyID, AccessKeySecret: v.Secret}, SignatureVersion: SignatureV3}
			date, err := time.Parse("2006-01-02T15:04:05Z", v.Headers["x-acs-date"])
			if v.Headers["x-acs-date"] == "" {
				cfg.SignatureVersion = SignatureV1
				date, err = time.Parse(http.TimeFormat, v.Headers["date"])
			}
			if err != nil {
				t.Fatal(err)
			}
			c, err := NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			// The headers the SDK sent that the client does not set itself.
			extra := map[string]string{}
			for k, x := range v.Headers {
				switch k {
				case "x-acs-credentials-provider":
					extra[k] = x
				case "content-type":
					if v.Style != "RPC" {
						extra[k] = x
					}
				}
			}
			if v.Style == "RPC" {
				// The SDK split the parameters between the query and the form
				// body by the API's metadata; the client sends them all in the
				// body, so the Authorization differs: the interop module checks
				// RPC V3 requests against the official functions instead.
				t.Skip("RPC V3: checked by internal/interop against the official SDK")
			}
			host := v.Headers["host"]
			if host == "" {
				host = "elasticsearch.cn-hangzhou.aliyuncs.com"
			}
			w, err := c.SignROA(ROARequest{Action: v.Headers["x-acs-action"], Version: v.Headers["x-acs-version"], Method: v.Method, Path: v.Pathname, Query: v.query(), Headers: extra, Body: v.body()}, host, date, v.Headers["x-acs-signature-nonce"])
			if err != nil {
				t.Fatal(err)
			}
			if got := w.Header["Authorization"]; got != v.Authorization {
				t.Errorf("Authorization\n got %s\nwant %s\nheaders %v", got, v.Authorization, w.Header)
			}
		})
	}
}

func readVectorsJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readShared(t *testing.T) sharedFile {
	t.Helper()
	if _, err := os.Stat(sharedVectors); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent (../shared/signing/vectors.json, with ../shared next to the module root, is not checked out); testdata/signing_vectors.json holds a copy", sharedVectors)
	}
	var f sharedFile
	readVectorsJSON(t, sharedVectors, &f)
	if len(f.RPC.Vectors) == 0 || len(f.ROA.Vectors) == 0 {
		t.Fatalf("%s: no rpc or no roa vectors", sharedVectors)
	}
	return f
}

func checkRPC(t *testing.T, v rpcVector) {
	t.Helper()
	params := url.Values{}
	for k, x := range v.Params {
		params.Set(k, x)
	}
	if v.StringToSign != "" {
		if got := RPCStringToSign(v.Method, params); got != v.StringToSign {
			t.Errorf("%s: RPCStringToSign\n got %s\nwant %s", v.Name, got, v.StringToSign)
		}
	}
	if got := RPCSignature(v.Method, params, v.Secret); got != v.Signature {
		t.Errorf("%s: RPCSignature = %s, want %s", v.Name, got, v.Signature)
	}
	// A Signature parameter already present is not signed.
	params.Set("Signature", "ignored")
	if got := RPCSignature(v.Method, params, v.Secret); got != v.Signature {
		t.Errorf("%s: with a Signature parameter: RPCSignature = %s, want %s", v.Name, got, v.Signature)
	}
}

func checkROA(t *testing.T, v roaVector) {
	t.Helper()
	if got := ROAStringToSign(v.Method, v.Headers, v.Resource); got != v.StringToSign {
		t.Errorf("%s: ROAStringToSign\n got %q\nwant %q", v.Name, got, v.StringToSign)
	}
	if got := ROAAuthorization(v.AccessKeyID, v.Secret, v.StringToSign); got != v.Authorization {
		t.Errorf("%s: ROAAuthorization = %s, want %s", v.Name, got, v.Authorization)
	}
	body := ""
	if v.Body != nil {
		body = *v.Body
	}
	if got := ContentMD5([]byte(body)); v.Headers["Content-MD5"] != got {
		t.Errorf("%s: Content-MD5 of %q = %s, the vector has %s", v.Name, body, got, v.Headers["Content-MD5"])
	}
}

// roaInputs reads the inputs of ROAStringToSign off a string to sign whose
// four standard headers are all present (as in every vector we have).
func roaInputs(t *testing.T, sts string) (map[string]string, string) {
	t.Helper()
	lines := strings.Split(sts, "\n")
	if len(lines) < 6 {
		t.Fatalf("string to sign %q: too few lines", sts)
	}
	h := map[string]string{}
	var plain []string
	for _, l := range lines[1 : len(lines)-1] {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.HasPrefix(l, "x-acs-") {
			h[k] = v
		} else {
			plain = append(plain, l)
		}
	}
	if len(plain) != 4 {
		t.Fatalf("string to sign %q: want Accept, Content-MD5, Content-Type and Date", sts)
	}
	for i, k := range []string{"Accept", "Content-MD5", "Content-Type", "Date"} {
		h[k] = plain[i]
	}
	return h, lines[len(lines)-1]
}

func TestSigningVectorsShared(t *testing.T) {
	f := readShared(t)
	for _, v := range f.RPC.Vectors {
		checkRPC(t, v)
	}
	for _, v := range f.ROA.Vectors {
		v.Headers, v.Resource = roaInputs(t, v.StringToSign)
		checkROA(t, v)
	}
	if len(f.ROANoBody.Vectors) == 0 || len(f.V3.Vectors) == 0 {
		t.Fatalf("%s: no roa_no_body or no v3 vectors", sharedVectors)
	}
	for _, v := range f.ROANoBody.Vectors {
		checkROANoBody(t, v)
	}
	for _, v := range f.V3.Vectors {
		checkV3(t, v)
	}
}

func TestSigningVectorsTestdata(t *testing.T) {
	var f copyFile
	readVectorsJSON(t, "testdata/signing_vectors.json", &f)
	if len(f.RPC) < 4 || len(f.ROA) < 2 {
		t.Fatalf("testdata/signing_vectors.json: %d rpc and %d roa vectors, want at least 4 and 2", len(f.RPC), len(f.ROA))
	}
	if len(f.ROANoBody) < 2 || len(f.V3) < 3 {
		t.Fatalf("testdata/signing_vectors.json: %d roa_no_body and %d v3 vectors, want at least 2 and 3", len(f.ROANoBody), len(f.V3))
	}
	for _, v := range f.ROANoBody {
		checkROANoBody(t, v)
	}
	for _, v := range f.V3 {
		checkV3(t, v)
	}
	for _, v := range f.RPC {
		checkRPC(t, v)
	}
	for _, v := range f.ROA {
		if v.Headers == nil || v.Resource == "" {
			t.Fatalf("%s: no headers or resource", v.Name)
		}
		checkROA(t, v)
		// Header names are case-insensitive.
		h := map[string]string{}
		for k, x := range v.Headers {
			h[strings.ToUpper(k)] = x
		}
		if got := ROAStringToSign(strings.ToLower(v.Method), h, v.Resource); got != v.StringToSign {
			t.Errorf("%s: upper-case header names: got %q", v.Name, got)
		}
	}
}

// TestSigningVectorsCopy checks that the testdata copy still says what
// ../shared says.
func TestSigningVectorsCopy(t *testing.T) {
	f := readShared(t)
	var c copyFile
	readVectorsJSON(t, "testdata/signing_vectors.json", &c)
	if d := cmp.Diff(f.RPC.Vectors, c.RPC); d != "" {
		t.Errorf("rpc vectors differ (-shared +testdata):\n%s", d)
	}
	for i := range c.ROA {
		c.ROA[i].Headers, c.ROA[i].Resource = nil, ""
	}
	if d := cmp.Diff(f.ROA.Vectors, c.ROA); d != "" {
		t.Errorf("roa vectors differ (-shared +testdata):\n%s", d)
	}
	if d := cmp.Diff(f.ROANoBody.Vectors, c.ROANoBody); d != "" {
		t.Errorf("roa_no_body vectors differ (-shared +testdata):\n%s", d)
	}
	if d := cmp.Diff(f.V3.Vectors, c.V3); d != "" {
		t.Errorf("v3 vectors differ (-shared +testdata):\n%s", d)
	}
}

func TestPercentEncode(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"AZaz09-_.~":           "AZaz09-_.~",
		"a b":                  "a%20b",
		"*":                    "%2A",
		"+/=&?%#:":             "%2B%2F%3D%26%3F%25%23%3A",
		"中":                    "%E4%B8%AD",
		"\x00\xff":             "%00%FF",
		"2016-02-23T12:46:24Z": "2016-02-23T12%3A46%3A24Z",
	} {
		if got := PercentEncode(in); got != want {
			t.Errorf("PercentEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRPCCanonicalQuery(t *testing.T) {
	q := url.Values{"b": {"2"}, "a": {"x y", "z"}, "Signature": {"s"}, "C": {""}}
	if got, want := RPCCanonicalQuery(q), "C=&a=x%20y&a=z&b=2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := RPCStringToSign("post", url.Values{"k": {"v/w"}}), "POST&%2F&k%3Dv%252Fw"; got != want {
		t.Errorf("RPCStringToSign: got %q, want %q", got, want)
	}
}

func TestROAResource(t *testing.T) {
	for _, c := range []struct {
		path string
		q    url.Values
		want string
	}{
		{"/a", nil, "/a"},
		{"/a", url.Values{}, "/a"},
		{"/a/b", url.Values{"z": {"1"}, "a": {"x y/z"}, "m": {""}}, "/a/b?a=x y/z&m&z=1"},
		{"/", url.Values{"k": {"2", "1"}}, "/?k=2&k=1"},
	} {
		if got := ROAResource(c.path, c.q); got != c.want {
			t.Errorf("ROAResource(%q, %v) = %q, want %q", c.path, c.q, got, c.want)
		}
	}
}

func TestROAStringToSign(t *testing.T) {
	got := ROAStringToSign("put", map[string]string{
		"X-Acs-B":      "2",
		"x-acs-a":      "1",
		"accept":       "",
		"Content-Type": "application/json",
		"date":         "D",
		"X-Other":      "not signed",
	}, "/p?x=1")
	// The four standard lines are always there, empty when absent.
	want := "PUT\n\n\napplication/json\nD\nx-acs-a:1\nx-acs-b:2\n/p?x=1"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
