package interop

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// HookPath is where a Verifier takes the requests acsfake forwards when
// CCCGEN_OFFICIAL_VERIFIER names it (see acsrt/acsfake/official.go).
const HookPath = "/__cccgen/official-verify"

// HookRequest is what acsfake posts to HookPath: one request it received
// and the key pair it accepts. The answer is a Verdict.
type HookRequest struct {
	Method          string              `json:"method"`
	RequestURI      string              `json:"requestURI"`
	Host            string              `json:"host"`
	Header          map[string][]string `json:"header"`
	Body            []byte              `json:"body"`
	AccessKeyID     string              `json:"accessKeyId"`
	AccessKeySecret string              `json:"accessKeySecret"`
}

// Verifier is an http.Handler that checks signatures with the official
// functions (Verify). Requests to HookPath are acsfake's forwarded ones;
// any other request is verified itself and answered 200 with a small JSON
// body when the official functions accept it, else 400 with Code
// OfficialSignatureMismatch (or InvalidSecurityToken when the STS token is
// not the expected one).
type Verifier struct {
	Credentials map[string]Key // by AccessKeyId, for requests verified directly

	mu       sync.Mutex
	verdicts []Verdict
	counts   map[string][2]int // scheme → accepted, rejected
}

// Key is a secret and the security token expected with it ("" for none).
type Key struct{ Secret, SecurityToken string }

// NewVerifier returns a Verifier accepting the given key pairs directly.
func NewVerifier(creds map[string]Key) *Verifier {
	return &Verifier{Credentials: creds, counts: map[string][2]int{}}
}

func (v *Verifier) note(d Verdict) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.verdicts) < 100000 {
		v.verdicts = append(v.verdicts, d)
	}
	if v.counts == nil {
		v.counts = map[string][2]int{}
	}
	c := v.counts[d.Scheme]
	if d.OK {
		c[0]++
	} else {
		c[1]++
	}
	v.counts[d.Scheme] = c
}

// Verdicts are the verdicts given so far, in order.
func (v *Verifier) Verdicts() []Verdict {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]Verdict(nil), v.verdicts...)
}

// Counts are accepted and rejected requests by scheme.
func (v *Verifier) Counts() map[string][2]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := map[string][2]int{}
	for k, c := range v.counts {
		out[k] = c
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, x any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(x)
}

func (v *Verifier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 16<<20))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"Code": "InvalidParameter", "Message": err.Error()})
		return
	}
	if r.URL.Path == HookPath && r.Method == http.MethodPost {
		var h HookRequest
		if err := json.Unmarshal(body, &h); err != nil {
			writeJSON(w, http.StatusBadRequest, Verdict{Reason: "malformed hook request: " + err.Error()})
			return
		}
		d := Verify(Received{Method: h.Method, RequestURI: h.RequestURI, Host: h.Host, Header: http.Header(h.Header), Body: h.Body},
			func(id string) string {
				if id == h.AccessKeyID {
					return h.AccessKeySecret
				}
				return ""
			})
		v.note(d)
		writeJSON(w, http.StatusOK, d)
		return
	}
	if r.URL.Path == "/__cccgen/counts" {
		writeJSON(w, http.StatusOK, v.Counts())
		return
	}
	d := Verify(FromHTTP(r, body), func(id string) string { return v.Credentials[id].Secret })
	if d.OK {
		want := v.Credentials[d.AccessKeyID].SecurityToken
		got := r.Header.Get("x-acs-security-token")
		if d.Scheme == SchemeRPC1 {
			got = rpcParam(r, body, "SecurityToken")
		}
		if got != want {
			d.OK = false
			d.Reason = fmt.Sprintf("security token %q, want %q", got, want)
		}
	}
	v.note(d)
	if !d.OK {
		writeJSON(w, http.StatusBadRequest, map[string]string{
			"RequestId": "official-verifier", "Code": "OfficialSignatureMismatch",
			"Message": d.Scheme + ": " + d.Reason, "StringToSign": d.StringToSign,
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"RequestId": "verified", "Scheme": d.Scheme})
}

func rpcParam(r *http.Request, body []byte, name string) string {
	if s := r.URL.Query().Get(name); s != "" {
		return s
	}
	if isForm(r.Header.Get("Content-Type")) {
		if q, err := parseQuery(string(body)); err == nil {
			return q.Get(name)
		}
	}
	return ""
}
