package acsfake

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/acsrt"
)

// vectorFile is the layout of /work/shared/signing/vectors.json.
type vectorFile struct {
	RPC struct {
		Vectors []struct {
			Name         string            `json:"name"`
			Method       string            `json:"method"`
			Secret       string            `json:"secret"`
			Params       map[string]string `json:"params"`
			StringToSign string            `json:"string_to_sign"`
			Signature    string            `json:"signature"`
		} `json:"vectors"`
	} `json:"rpc"`
	ROA struct {
		Vectors []struct {
			Name          string `json:"name"`
			Method        string `json:"method"`
			Secret        string `json:"secret"`
			AccessKeyID   string `json:"access_key_id"`
			Body          string `json:"body"`
			StringToSign  string `json:"string_to_sign"`
			Authorization string `json:"authorization"`
		} `json:"vectors"`
	} `json:"roa"`
}

// sentVector is a request the official Tea SDK sent (roa_no_body, v3).
type sentVector struct {
	Name          string            `json:"name"`
	Style         string            `json:"style"`
	Method        string            `json:"method"`
	Secret        string            `json:"secret"`
	AccessKeyID   string            `json:"access_key_id"`
	Pathname      string            `json:"pathname"`
	Query         map[string]string `json:"query"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	StringToSign  string            `json:"string_to_sign"`
	Authorization string            `json:"authorization"`
}

// sentFile is the part of vectors.json with requests as sent.
type sentFile struct {
	ROANoBody struct {
		Vectors []sentVector `json:"vectors"`
	} `json:"roa_no_body"`
	V3 struct {
		Vectors []sentVector `json:"vectors"`
	} `json:"v3"`
}

const sharedVectors = "../../../shared/signing/vectors.json"

func TestVectorsShared(t *testing.T) {
	data, err := os.ReadFile(sharedVectors)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent", sharedVectors)
	}
	if err != nil {
		t.Fatal(err)
	}
	testVectors(t, data)
	testSentVectors(t, data)
}

func TestVectorsLocal(t *testing.T) {
	data, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	testVectors(t, data)
	testSentVectors(t, data)
}

// testSentVectors replays the requests the official Tea SDK sent (ROA 1.0
// without a body, V3 for RPC and ROA) to a fake holding the vector's key:
// each is accepted, and refused once tampered with.
func testSentVectors(t *testing.T, data []byte) {
	var f sentFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.ROANoBody.Vectors) < 2 || len(f.V3.Vectors) < 3 {
		t.Fatalf("%d roa_no_body and %d v3 vectors, want at least 2 and 3", len(f.ROANoBody.Vectors), len(f.V3.Vectors))
	}
	for _, v := range append(f.ROANoBody.Vectors, f.V3.Vectors...) {
		t.Run("sent/"+v.Name, func(t *testing.T) {
			action, v3 := v.Headers["x-acs-action"], strings.HasPrefix(v.Authorization, "ACS3-")
			api := API{Action: action, Version: v.Headers["x-acs-version"], Style: "ROA", Method: v.Method, Path: v.Pathname, JSON: `{"Ok":true}`}
			if v.Style == "RPC" {
				api = API{Action: action, Version: v.Headers["x-acs-version"], JSON: `{"Ok":true}`}
			}
			s := New(api)
			defer s.Close()
			s.SetCredentials(acsrt.Credentials{AccessKeyID: v.AccessKeyID, AccessKeySecret: v.Secret})
			query := url.Values{}
			for k, x := range v.Query {
				query.Set(k, x)
			}
			send := func(edit func(h http.Header), body string) answer {
				t.Helper()
				req, err := http.NewRequest(v.Method, s.URL()+v.Pathname+"?"+strings.ReplaceAll(query.Encode(), "+", "%20"), strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				for k, x := range v.Headers {
					if k == "host" {
						req.Host = x
						continue
					}
					req.Header.Set(k, x)
				}
				req.Header.Set("Authorization", v.Authorization)
				if edit != nil {
					edit(req.Header)
				}
				return do(t, req)
			}
			if a := send(nil, v.Body); a.Status != http.StatusOK || a.Body != `{"Ok":true}` {
				t.Fatalf("the SDK's request: status %d: %s", a.Status, a.Body)
			}
			if got := s.Requests(action); len(got) != 1 || got[0].Status != 200 {
				t.Errorf("requests %+v", got)
			}
			send(nil, v.Body).wantError(t, 400, "SignatureNonceUsed")
			fresh := func(h http.Header) { h.Set("x-acs-signature-nonce", testNonce()) }
			e := send(fresh, v.Body).wantError(t, 400, "SignatureDoesNotMatch")
			if !v3 && !strings.Contains(e.Message, strings.Replace(v.StringToSign, v.Headers["x-acs-signature-nonce"], "", 1)[:20]) {
				t.Errorf("the message does not show the string to sign: %s", e.Message)
			}
			if v3 {
				send(func(h http.Header) {
					fresh(h)
					h.Set("Authorization", strings.Replace(v.Authorization, "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", 1))
				}, v.Body).
					wantError(t, 400, "UnsupportedSignatureVersion")
				send(func(h http.Header) {
					fresh(h)
					h.Set("Authorization", strings.Replace(v.Authorization, v.AccessKeyID, "nobody", 1))
				}, v.Body).
					wantError(t, 404, "InvalidAccessKeyId.NotFound")
				send(fresh, v.Body+"!").wantError(t, 400, "ContentSHA256NotMatched")
				send(func(h http.Header) { fresh(h); h.Set("x-acs-extra", "unsigned") }, v.Body).wantError(t, 400, "IncompleteSignature")
			} else {
				send(func(h http.Header) { fresh(h); h.Set("x-acs-signature-version", "2.0") }, v.Body).wantError(t, 400, "UnsupportedSignatureVersion")
				send(func(h http.Header) {
					fresh(h)
					h.Set("Authorization", strings.Replace(v.Authorization, v.AccessKeyID, "nobody", 1))
				}, v.Body).
					wantError(t, 404, "InvalidAccessKeyId.NotFound")
			}
		})
	}
}

// testVectors checks the fake's canonicalisation against each vector, then
// sends the vector's request to a fake holding the vector's key and expects
// it accepted, and refused once tampered with.
func testVectors(t *testing.T, data []byte) {
	var vf vectorFile
	if err := json.Unmarshal(data, &vf); err != nil {
		t.Fatal(err)
	}
	if len(vf.RPC.Vectors) == 0 || len(vf.ROA.Vectors) == 0 {
		t.Fatal("no RPC or no ROA vectors")
	}
	for _, v := range vf.RPC.Vectors {
		t.Run("rpc/"+v.Name, func(t *testing.T) {
			params := url.Values{}
			for k, x := range v.Params {
				params.Set(k, x)
			}
			sts := rpcStringToSign(v.Method, params)
			if v.StringToSign != "" && sts != v.StringToSign {
				t.Errorf("string to sign\n got %s\nwant %s", sts, v.StringToSign)
			}
			if got := rpcSignature(sts, v.Secret); got != v.Signature {
				t.Errorf("signature %s, want %s", got, v.Signature)
			}
			if got := testSignRPC(v.Method, params, v.Secret); got != v.Signature {
				t.Errorf("the tests' own signer gives %s, want %s", got, v.Signature)
			}
			action := params.Get("Action")
			if action == "" {
				return // nothing to route to: the canonicalisation is what it tests
			}
			s := New(API{Action: action, Version: params.Get("Version"), XML: "<RegionId>cn-hangzhou</RegionId>"})
			defer s.Close()
			s.SetCredentials(acsrt.Credentials{AccessKeyID: params.Get("AccessKeyId"), AccessKeySecret: v.Secret, SecurityToken: params.Get("SecurityToken")})

			good := cloneValues(params)
			good.Set("Signature", v.Signature)
			a := sendRPC(t, s, v.Method, good, "")
			if a.Status != http.StatusOK {
				t.Fatalf("the vector's request: status %d: %s", a.Status, a.Body)
			}
			if strings.EqualFold(params.Get("Format"), "XML") && !strings.Contains(a.Body, "<"+action+"Response>") {
				t.Errorf("XML answer %s", a.Body)
			}

			bad := cloneValues(params)
			bad.Set("SignatureNonce", params.Get("SignatureNonce")+"x") // signed value changed
			bad.Set("Signature", v.Signature)
			e := sendRPC(t, s, v.Method, bad, "").wantError(t, 400, "SignatureDoesNotMatch")
			if !strings.Contains(e.Message, rpcStringToSign(v.Method, bad)) {
				t.Errorf("the message does not show the string to sign: %s", e.Message)
			}

			other := cloneValues(params)
			other.Set("AccessKeyId", "someone-else")
			other.Set("Signature", v.Signature)
			sendRPC(t, s, v.Method, other, "").wantError(t, 404, "InvalidAccessKeyId.NotFound")

			// The same nonce again, correctly signed: a replay.
			sendRPC(t, s, v.Method, good, "").wantError(t, 400, "SignatureNonceUsed")
		})
	}
	for i, v := range vf.ROA.Vectors {
		t.Run("roa/"+v.Name, func(t *testing.T) {
			id, sig, ok := strings.Cut(strings.TrimPrefix(v.Authorization, "acs "), ":")
			if !ok || id != v.AccessKeyID {
				t.Fatalf("authorization %q", v.Authorization)
			}
			if got := roaSignature(v.StringToSign, v.Secret); got != sig {
				t.Errorf("signature %s, want %s", got, sig)
			}
			// Rebuild the request from the string to sign: method,
			// Accept, Content-MD5, Content-Type, Date, x-acs-* lines, resource.
			lines := strings.Split(v.StringToSign, "\n")
			h := http.Header{}
			var std []string
			for _, l := range lines[1 : len(lines)-1] {
				if k, x, ok := strings.Cut(l, ":"); ok && strings.HasPrefix(k, "x-acs-") {
					h[k] = []string{x} // as received: any case
				} else {
					std = append(std, l)
				}
			}
			if len(std) != 4 {
				t.Skipf("%d of Accept, Content-MD5, Content-Type, Date: cannot tell which", len(std))
			}
			for j, k := range []string{"Accept", "Content-MD5", "Content-Type", "Date"} {
				h.Set(k, std[j])
			}
			resource := lines[len(lines)-1]
			path, rawQuery, _ := strings.Cut(resource, "?")
			query, err := url.ParseQuery(rawQuery)
			if err != nil {
				t.Fatal(err)
			}
			if got := roaStringToSign(v.Method, h, roaResource(path, query, true)); got != v.StringToSign {
				t.Errorf("string to sign\n got %q\nwant %q", got, v.StringToSign)
			}
			if got := contentMD5([]byte(v.Body)); got != h.Get("Content-MD5") {
				t.Errorf("Content-MD5 %s, want %s", got, h.Get("Content-MD5"))
			}

			action := "Vector" + string(rune('A'+i))
			s := New(API{Action: action, Style: "ROA", Method: v.Method, Path: path, JSON: `{"Ok":true}`, XML: "<Ok>true</Ok>"})
			defer s.Close()
			s.SetCredentials(acsrt.Credentials{AccessKeyID: v.AccessKeyID, AccessKeySecret: v.Secret})
			send := func(auth, body string) answer {
				req, err := http.NewRequest(v.Method, s.URL()+resource, strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				for k, x := range h {
					req.Header[http.CanonicalHeaderKey(k)] = x
				}
				req.Header.Set("Authorization", auth)
				return do(t, req)
			}
			a := send(v.Authorization, v.Body)
			if a.Status != http.StatusOK {
				t.Fatalf("the vector's request: status %d: %s", a.Status, a.Body)
			}
			if xml := strings.Contains(h.Get("Accept"), "xml"); xml != strings.HasPrefix(a.Header.Get("Content-Type"), "text/xml") {
				t.Errorf("Accept %s answered with %s: %s", h.Get("Accept"), a.Header.Get("Content-Type"), a.Body)
			}
			if got := s.Requests(action); len(got) != 1 || got[0].Style != "ROA" || got[0].Status != 200 {
				t.Errorf("requests %+v", got)
			}
			send("acs "+v.AccessKeyID+":"+roaSignature(v.StringToSign+"x", v.Secret), v.Body).wantError(t, 400, "SignatureDoesNotMatch")
			send("acs nobody:"+sig, v.Body).wantError(t, 404, "InvalidAccessKeyId.NotFound")
			send(v.Authorization, v.Body+"!").wantError(t, 400, "InvalidDigest")
		})
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}
