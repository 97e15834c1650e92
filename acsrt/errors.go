package acsrt

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// APIError is an error response of the service: every response with a
// non-2xx status, and a 2xx response whose body is nothing but an error
// object (RequestId, HostId, Code, Message, Recommend, with HostId and Code
// present). The body is read as JSON ({"RequestId":…,"HostId":…,"Code":…,
// "Message":…}) or XML (<Error>…</Error> or <XxxResponse>…</XxxResponse>)
// whatever format was asked for, or as Log Service's JSON
// ({"errorCode":…,"errorMessage":…}, the request ID in the x-log-requestid
// header); a body that is neither leaves Code and Message empty. Use errors.As to get it from the error a call returns.
type APIError struct {
	StatusCode int    // HTTP status
	Code       string // e.g. "Throttling.User", "InvalidParameter"
	Message    string
	RequestID  string
	HostID     string
	Body       []byte // the response body as received
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Code == "" && e.Message == "" {
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" ")
			b.WriteString(t)
		}
		if s := bodySnippet(e.Body, 200); s != "" {
			fmt.Fprintf(&b, ": %q", s)
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (RequestId %s)", e.RequestID)
	}
	return b.String()
}

// IsThrottling reports whether the service refused the call for its rate:
// a code starting with "Throttling" (Throttling, Throttling.User,
// Throttling.Api, …) or HTTP 429.
func (e *APIError) IsThrottling() bool {
	return e != nil && (strings.HasPrefix(e.Code, "Throttling") || e.StatusCode == http.StatusTooManyRequests)
}

// errorFields is the error object in both formats; String accepts numbers.
type errorFields struct {
	RequestID String `json:"RequestId" xml:"RequestId"`
	HostID    String `json:"HostId" xml:"HostId"`
	Code      String `json:"Code" xml:"Code"`
	Message   String `json:"Message" xml:"Message"`
	// Log Service: {"errorCode": …, "errorMessage": …}.
	ErrorCode    String `json:"errorCode" xml:"errorCode"`
	ErrorMessage String `json:"errorMessage" xml:"errorMessage"`
}

// parseAPIError reads an error body of either format, sniffed from its first
// byte.
func parseAPIError(status int, body []byte) *APIError {
	e := &APIError{StatusCode: status, Body: body}
	var f errorFields
	var err error
	switch t := bytes.TrimSpace(body); {
	case len(t) > 0 && t[0] == '{':
		err = json.Unmarshal(t, &f)
	case len(t) > 0 && t[0] == '<':
		err = xml.Unmarshal(t, &f)
	default:
		return e
	}
	if err != nil {
		return e
	}
	e.Code, e.Message = string(f.Code), string(f.Message)
	if e.Code == "" && e.Message == "" {
		e.Code, e.Message = string(f.ErrorCode), string(f.ErrorMessage)
	}
	e.RequestID, e.HostID = string(f.RequestID), string(f.HostID)
	return e
}

// errorKeys are the members an error object has; a 2xx body with only these
// (HostId and Code among them) is an error.
var errorKeys = map[string]bool{"RequestId": true, "HostId": true, "Code": true, "Message": true, "Recommend": true}

// successError reports a 2xx body that is an error object. A success body
// is told apart without reading it: the scan stops at its first member that
// no error object has (for JSON, the first top-level key; for XML, the root
// element), so the decoder is the only pass over a success response.
func successError(status int, body string) *APIError {
	if !mayBeError(body) {
		return nil
	}
	t := bytes.TrimSpace([]byte(body))
	var keys []string
	switch t[0] {
	case '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(t, &m) != nil {
			return nil
		}
		for k := range m {
			keys = append(keys, k)
		}
	case '<':
		var root struct {
			XMLName xml.Name
			Items   []struct {
				XMLName xml.Name
			} `xml:",any"`
		}
		if xml.Unmarshal(t, &root) != nil || root.XMLName.Local != "Error" {
			return nil
		}
		for _, it := range root.Items {
			keys = append(keys, it.XMLName.Local)
		}
	default:
		return nil
	}
	has := map[string]bool{}
	for _, k := range keys {
		if !errorKeys[k] {
			return nil
		}
		has[k] = true
	}
	if !has["HostId"] || !has["Code"] {
		return nil
	}
	return parseAPIError(status, t)
}

// mayBeError is false when body is certainly not an error object: it is
// empty, neither a JSON object nor XML, has a top-level key that error
// objects lack (only the keys before it are read), or an XML root other than
// Error (only its start tag is read). True leaves the decision to the full
// check, which then reads a body that is small.
func mayBeError(body string) bool {
	maybe, _ := errorScan(body)
	return maybe
}

// errorScan is mayBeError, also saying how many bytes of body it read.
func errorScan(body string) (maybe bool, read int) {
	d := JSONDecoder{s: body}
	switch d.ws() {
	case '{':
		for ok := d.Object(); ok; ok = d.NextKey() {
			if !errorKeys[d.key] {
				return false, d.i
			}
			d.Skip()
		}
		return d.err == nil, d.i
	case '<':
		x := XMLDecoder{s: body}
		return x.Child() && x.Name() == "Error", x.i
	}
	return false, d.i
}

func bodySnippet(b []byte, n int) string {
	s := strings.ToValidUTF8(strings.TrimSpace(string(b)), "\uFFFD")
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return s
}
