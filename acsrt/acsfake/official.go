package acsfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// EnvOfficialVerifier, when set to the base URL of a verifier on a loopback
// address (http://127.0.0.1:PORT; the command internal/interop/cmd/officialverify
// prints one), makes every Server ask it about each request it is about to
// answer with success: the verifier recomputes the signature with Alibaba's
// official signing functions, and when they disagree the request is answered
// 400 OfficialSignatureMismatch instead (OfficialVerifierUnavailable when the
// verifier cannot be asked). The fake's own checks come first and are
// unchanged; the request log (Requests) keeps the status the fake's own
// checks gave.
const EnvOfficialVerifier = "CCCGEN_OFFICIAL_VERIFIER"

// The error codes of the official check.
const (
	CodeOfficialSignatureMismatch   = "OfficialSignatureMismatch"
	CodeOfficialVerifierUnavailable = "OfficialVerifierUnavailable"
)

// officialHookPath is where the verifier takes forwarded requests
// (internal/interop.HookPath).
const officialHookPath = "/__cccgen/official-verify"

// officialHook is what is posted to the verifier (internal/interop.HookRequest).
type officialHook struct {
	Method          string              `json:"method"`
	RequestURI      string              `json:"requestURI"`
	Host            string              `json:"host"`
	Header          map[string][]string `json:"header"`
	Body            []byte              `json:"body"`
	AccessKeyID     string              `json:"accessKeyId"`
	AccessKeySecret string              `json:"accessKeySecret"`
}

// officialVerdict is the verifier's answer (internal/interop.Verdict).
type officialVerdict struct {
	OK     bool   `json:"ok"`
	Scheme string `json:"scheme"`
	Reason string `json:"reason"`
}

var officialClient = &http.Client{Timeout: 10 * time.Second}

// officialCheck arranges the official check for this request when
// CCCGEN_OFFICIAL_VERIFIER is set: the response writer is wrapped so that
// a success answer is first put to the verifier.
func (c *call) officialCheck(body []byte) {
	base := os.Getenv(EnvOfficialVerifier)
	if base == "" {
		return
	}
	c.w = &officialWriter{ResponseWriter: c.w, c: c, body: body, base: base}
}

type officialWriter struct {
	http.ResponseWriter
	c        *call
	body     []byte
	base     string
	replaced bool
}

func (w *officialWriter) WriteHeader(status int) {
	if w.replaced || status < 200 || status > 299 {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	code, reason := w.ask()
	if code == "" {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.replaced = true
	c := w.c
	c.w = w.ResponseWriter
	c.fail(http.StatusBadRequest, code, reason)
}

func (w *officialWriter) Write(b []byte) (int, error) {
	if w.replaced {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// ask posts the request to the verifier; it returns "" when the official
// functions accept it, else the error code and message to answer.
func (w *officialWriter) ask() (code, msg string) {
	u, err := url.Parse(w.base)
	if err != nil || u.Scheme != "http" || !loopbackHost(u.Hostname()) {
		return CodeOfficialVerifierUnavailable, fmt.Sprintf("%s=%q: want http://<loopback address>:<port>", EnvOfficialVerifier, w.base)
	}
	r := w.c.r
	creds := w.c.s.Credentials()
	hook := officialHook{
		Method: r.Method, RequestURI: r.RequestURI, Host: r.Host, Header: r.Header, Body: w.body,
		AccessKeyID: creds.AccessKeyID, AccessKeySecret: creds.AccessKeySecret,
	}
	if hook.RequestURI == "" {
		hook.RequestURI = r.URL.RequestURI()
	}
	data, err := json.Marshal(hook)
	if err != nil {
		return CodeOfficialVerifierUnavailable, err.Error()
	}
	resp, err := officialClient.Post(strings.TrimSuffix(w.base, "/")+officialHookPath, "application/json", bytes.NewReader(data))
	if err != nil {
		return CodeOfficialVerifierUnavailable, "The official verifier cannot be asked: " + err.Error()
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var v officialVerdict
	if err == nil {
		err = json.Unmarshal(answer, &v)
	}
	if err != nil || resp.StatusCode != http.StatusOK {
		return CodeOfficialVerifierUnavailable, fmt.Sprintf("The official verifier answered HTTP %d %q (%v).", resp.StatusCode, answer, err)
	}
	if !v.OK {
		return CodeOfficialSignatureMismatch, "The official Alibaba Cloud signing functions refuse this request (" + v.Scheme + "): " + v.Reason
	}
	return "", ""
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
