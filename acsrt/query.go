package acsrt

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Scalar is a Go type a request parameter can have.
type Scalar interface {
	~string | ~int32 | ~int64 | ~float64 | ~bool
}

// Ptr returns a pointer to v, for setting optional request fields.
func Ptr[T any](v T) *T { return &v }

func format[T Scalar](v T) string {
	switch x := any(v).(type) {
	case string:
		return x
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func parse[T Scalar](s string) (T, error) {
	var zero T
	var v any
	var err error
	switch any(zero).(type) {
	case string:
		v = s
	case int32:
		var n int64
		n, err = strconv.ParseInt(s, 10, 32)
		v = int32(n)
	case int64:
		v, err = strconv.ParseInt(s, 10, 64)
	case float64:
		v, err = strconv.ParseFloat(s, 64)
	case bool:
		v, err = strconv.ParseBool(s)
	}
	if err != nil {
		return zero, err
	}
	return v.(T), nil
}

// Set writes an optional scalar parameter; nil writes nothing.
func Set[T Scalar](q url.Values, key string, v *T) {
	if v != nil {
		q.Set(key, format(*v))
	}
}

// SetList writes a list as key.1, key.2, …
func SetList[T Scalar](q url.Values, key string, v []T) {
	for i, x := range v {
		q.Set(key+"."+strconv.Itoa(i+1), format(x))
	}
}

// SetJSON writes a value as one JSON-encoded parameter; nil writes nothing.
func SetJSON(q url.Values, key string, v any) {
	if v == nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	q.Set(key, string(b))
}

// Item is the key prefix of the i-th (0-based) element of a flattened list.
func Item(prefix string, i int) string { return prefix + "." + strconv.Itoa(i+1) }

// QueryReader decodes a request from query parameters, remembering which
// keys it used so that unknown keys are reported.
type QueryReader struct {
	q    url.Values
	used map[string]bool
	errs []error
}

// CommonParams are the RPC parameters every API takes; they are not fields
// of the request types.
var CommonParams = []string{"Action", "Format", "Version", "AccessKeyId", "Signature", "SignatureMethod",
	"Timestamp", "SignatureVersion", "SignatureNonce", "SecurityToken", "ResourceOwnerAccount", "OwnerAccount"}

// NewQueryReader reads q; the common parameters are accepted and ignored.
func NewQueryReader(q url.Values) *QueryReader {
	r := &QueryReader{q: q, used: map[string]bool{}}
	for _, k := range CommonParams {
		r.used[k] = true
	}
	return r
}

func (r *QueryReader) take(key string) (string, bool) {
	vs, ok := r.q[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	r.used[key] = true
	return vs[0], true
}

// Get reads an optional scalar parameter.
func Get[T Scalar](r *QueryReader, key string, dst **T) {
	s, ok := r.take(key)
	if !ok {
		return
	}
	v, err := parse[T](s)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("parameter %s: %q: %w", key, s, err))
		return
	}
	*dst = &v
}

// GetList reads key.1, key.2, … until one is missing.
func GetList[T Scalar](r *QueryReader, key string, dst *[]T) {
	for i := 0; ; i++ {
		var p *T
		k := Item(key, i)
		if _, ok := r.q[k]; !ok {
			return
		}
		Get(r, k, &p)
		if p == nil {
			return
		}
		*dst = append(*dst, *p)
	}
}

// GetJSON reads a JSON-encoded parameter.
func (r *QueryReader) GetJSON(key string, dst any) {
	s, ok := r.take(key)
	if !ok {
		return
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		r.errs = append(r.errs, fmt.Errorf("parameter %s: %w", key, err))
	}
}

// Has reports whether any key starts with prefix + ".".
func (r *QueryReader) Has(prefix string) bool {
	for k := range r.q {
		if strings.HasPrefix(k, prefix+".") {
			return true
		}
	}
	return false
}

// Err reports values that did not parse and keys no field took.
func (r *QueryReader) Err() error {
	var unknown []string
	for k := range r.q {
		if !r.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	errs := r.errs
	for _, k := range unknown {
		errs = append(errs, fmt.Errorf("unknown parameter %s", k))
	}
	return errors.Join(errs...)
}

// Missing collects the names of required parameters that are not set.
type Missing []string

// Check adds name when set is false.
func (m *Missing) Check(set bool, name string) {
	if !set {
		*m = append(*m, name)
	}
}

// Err is nil when nothing is missing, else an error naming every missing parameter.
func (m Missing) Err(action string) error {
	if len(m) == 0 {
		return nil
	}
	return &MissingParamsError{Action: action, Params: m}
}

// MissingParamsError names the required parameters a request lacks.
type MissingParamsError struct {
	Action string
	Params []string
}

func (e *MissingParamsError) Error() string {
	return fmt.Sprintf("%s: missing required parameters: %s", e.Action, strings.Join(e.Params, ", "))
}

// ErrorCode is an error code a page documents for an API.
type ErrorCode struct {
	HTTPStatus int
	Code       string
	Message    string
}

// Text is an optional parameter's value as text ("" when unset), for paths
// and headers.
func Text[T Scalar](v *T) string {
	if v == nil {
		return ""
	}
	return format(*v)
}
