package acsrt

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"testing"

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

// sharedFile is the layout of ../shared/signing/vectors.json.
type sharedFile struct {
	RPC struct {
		Vectors []rpcVector `json:"vectors"`
	} `json:"rpc"`
	ROA struct {
		Vectors []roaVector `json:"vectors"`
	} `json:"roa"`
}

// copyFile is the layout of testdata/signing_vectors.json.
type copyFile struct {
	RPC []rpcVector `json:"rpc"`
	ROA []roaVector `json:"roa"`
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
}

func TestSigningVectorsTestdata(t *testing.T) {
	var f copyFile
	readVectorsJSON(t, "testdata/signing_vectors.json", &f)
	if len(f.RPC) < 4 || len(f.ROA) < 2 {
		t.Fatalf("testdata/signing_vectors.json: %d rpc and %d roa vectors, want at least 4 and 2", len(f.RPC), len(f.ROA))
	}
	for _, v := range f.RPC {
		checkRPC(t, v)
	}
	for _, v := range f.ROA {
		if v.Headers == nil || v.Resource == "" {
			t.Fatalf("%s: no headers or resource", v.Name)
		}
		checkROA(t, v)
		// Header names are case-insensitive; standard headers left out or
		// empty are not signed, x-acs-* ones are even when empty.
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
	want := "PUT\napplication/json\nD\nx-acs-a:1\nx-acs-b:2\n/p?x=1"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
