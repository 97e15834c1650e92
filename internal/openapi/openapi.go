// Package openapi exports cccgen's resolved model of API reference pages as
// an OpenAPI 3.0.3 document (JSON).
//
// The mapping:
//
//   - ROA APIs become an operation under their path template with their HTTP
//     method. RPC APIs have no path of their own (the wire request is
//     POST /?Action=<Action>&..., which cannot be a path key), so each is
//     exported as `post` under the path /<Action>; the operation's
//     description and x-cccgen-style say so. operationId is the Action
//     (the Go name when another product of the run has the same Action).
//   - Request fields become parameters by position: Query → in: query,
//     Path → in: path (always required), Header → in: header, all with
//     their schema. A query field sent as flattened keys (Tag.1.Key) is an
//     exploded form parameter marked x-cccgen-flat; a structured query field
//     sent as one JSON-encoded value is a parameter with content
//     application/json. Body fields, and structured path or header fields
//     (the generated client sends those in the body too), are the
//     properties of a JSON request body.
//   - The response tree is the "200" response's JSON schema, properties in
//     the page's order. Each HTTP status of the page's error codes (400 when
//     it gives none) and "default" are the service's error body
//     (#/components/schemas/Error: RequestId, HostId, Code, Message).
//   - The signature is the security scheme acsSignature, applied to every
//     operation. Names that differ only in case get Go names of their own:
//     x-go-name (oapi-codegen) and x-ogen-properties (ogen).
//   - Error codes are listed in the description and as
//     x-cccgen-error-codes.
//
// Kinds map to schema types: string → string, int32/int64 → integer with
// that format, float64 → number/double, bool → boolean, struct → object with
// properties, array → array with items, map → object with
// additionalProperties, any → the empty schema.
//
// The output is deterministic: paths are sorted, everything else is in the
// pages' order, and nothing depends on map iteration order, time or input
// order.
package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
)

// Version is the OpenAPI version of the exported documents.
const Version = "3.0.3"

// Export converts pages into one OpenAPI document, indented JSON ending in a
// newline. The diagnostics are warnings about what the document cannot say
// as the page does (an operation whose method and path another API already
// uses, a path field missing from the path template); pages with errors
// are left out, each with an error.
func Export(pages []*spec.Page) ([]byte, []spec.Diagnostic) {
	doc, diags := Document(pages)
	var buf bytes.Buffer
	writeValue(&buf, doc)
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		// writeValue writes valid JSON; this cannot happen.
		panic("openapi: invalid JSON: " + err.Error())
	}
	out.WriteByte('\n')
	return out.Bytes(), diags
}

// Object is a JSON object whose members keep their order.
type Object []Member

// Member is one member of an Object.
type Member struct {
	Key   string
	Value any // Object, []any, string, bool, int or nil
}

// Get returns the value of key, or nil.
func (o Object) Get(key string) any {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

func (o *Object) add(key string, v any) { *o = append(*o, Member{key, v}) }

// MarshalJSON writes o with its members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	writeValue(&buf, o)
	return buf.Bytes(), nil
}

// Document builds the document as ordered JSON values.
func Document(pages []*spec.Page) (Object, []spec.Diagnostic) {
	var diags []spec.Diagnostic
	sorted := make([]*spec.Page, 0, len(pages))
	for _, p := range pages {
		if p == nil {
			continue
		}
		if spec.HasErrors(p.Diagnostics) {
			diags = append(diags, spec.Diagnostic{Pos: spec.Pos{File: p.File}, Severity: spec.Error,
				Msg: "the page has errors; it is not exported"})
			continue
		}
		sorted = append(sorted, p)
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Action != sorted[j].Action {
			return sorted[i].Action < sorted[j].Action
		}
		return sorted[i].File < sorted[j].File
	})

	type item struct {
		path string
		ops  Object // method → operation
	}
	items := map[string]*item{}
	usedRoute := map[string]string{} // method + normalised path → operationId
	usedID := map[string]bool{}
	for _, p := range sorted {
		id := p.Action
		if p.GoName != "" {
			id = p.GoName // another product's API of the same Action: as the Go client names it
		}
		if id == "" {
			id = "Operation"
		}
		if usedID[id] {
			base := id
			for n := 2; usedID[id]; n++ {
				id = base + "_" + strconv.Itoa(n)
			}
			diags = append(diags, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning,
				Msg: fmt.Sprintf("another page already exports Action %s; its operationId is %s", p.Action, id)})
		}
		usedID[id] = true
		method, path := route(p)
		op, ds := operation(p, id, path)
		diags = append(diags, ds...)
		key := method + " " + normalise(path)
		if other, dup := usedRoute[key]; dup {
			// OpenAPI has one operation per method and path: keep this one
			// apart with a fragment, which an HTTP client does not send.
			path += "#" + id
			key = method + " " + normalise(path)
			diags = append(diags, spec.Diagnostic{Pos: p.PathPos, Severity: spec.Warning,
				Msg: fmt.Sprintf("%s %s is also the method and path of %s; exported under the path %s", strings.ToUpper(method), strings.SplitN(path, "#", 2)[0], other, path)})
		}
		usedRoute[key] = id
		it := items[path]
		if it == nil {
			it = &item{path: path}
			items[path] = it
		}
		it.ops.add(method, op)
	}
	keys := make([]string, 0, len(items))
	for k := range items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var paths Object
	for _, k := range keys {
		ops := items[k].ops
		sort.SliceStable(ops, func(i, j int) bool { return methodRank(ops[i].Key) < methodRank(ops[j].Key) })
		paths.add(k, ops)
	}
	if paths == nil {
		paths = Object{}
	}

	doc := Object{
		{"openapi", Version},
		{"info", Object{
			{"title", "cccgen export"},
			{"description", "Exported by cccgen from Alibaba Cloud API reference pages. RPC APIs are listed as POST /<Action>; on the wire they are sent to the endpoint's root with Action (and Version) as query parameters."},
			{"version", "1"},
		}},
		{"servers", []any{Object{
			{"url", "https://{endpoint}"},
			{"description", "placeholder: the endpoint is <product>.<region>.aliyuncs.com"},
			{"variables", Object{{"endpoint", Object{{"default", "example.aliyuncs.com"}}}}},
		}}},
		{"security", []any{Object{{"acsSignature", []any{}}}}},
		{"paths", paths},
		{"components", Object{
			{"schemas", Object{{"Error", errorSchema()}}},
			{"securitySchemes", Object{{"acsSignature", Object{
				{"type", "apiKey"},
				{"in", "header"},
				{"name", "Authorization"},
				{"description", "Alibaba Cloud's request signature, computed from an AccessKey pair by the SDK (cccgen's acsrt): ACS3-HMAC-SHA256 in the Authorization header for ROA and V3 calls; for RPC (signature V1) the Signature, SignatureMethod, SignatureNonce, SignatureVersion, Timestamp and AccessKeyId query parameters instead. A generic client cannot compute it."},
			}}}},
		}},
	}
	spec.SortDiagnostics(diags)
	return doc, diags
}

func methodRank(m string) int {
	for i, x := range []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"} {
		if m == x {
			return i
		}
	}
	return 99
}

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// normalise turns every {Name} into {} so /a/{x} and /a/{y} compare equal,
// as OpenAPI tools compare paths.
func normalise(path string) string { return placeholder.ReplaceAllString(path, "{}") }

// route gives the operation's method (lower case) and path key.
func route(p *spec.Page) (method, path string) {
	if !p.REST() {
		return "post", "/" + p.Action
	}
	method = strings.ToLower(string(p.Method))
	if methodRank(method) == 99 {
		method = "get" // the generated client's default
	}
	path = p.Path
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return method, path
}

// operation builds the operation object of one page.
func operation(p *spec.Page, id, path string) (Object, []spec.Diagnostic) {
	var diags []spec.Diagnostic
	op := Object{{"operationId", id}}
	if p.Title != "" {
		op.add("summary", oneLine(p.Title))
	}
	op.add("description", description(p))
	if p.Product != "" {
		op.add("tags", []any{p.Product})
	}

	// Path placeholders, in template order.
	vars := placeholder.FindAllString(path, -1)
	inTemplate := map[string]bool{}
	for _, v := range vars {
		inTemplate[v[1:len(v)-1]] = true
	}
	var params []any
	var body []*spec.Field
	havePath := map[string]bool{}
	paramNames := map[string]int{} // folded parameter names, for goNames
	for _, f := range p.Params() {
		pos := f.Position
		if !p.REST() && pos != "Body" {
			pos = "Query"
		}
		switch pos {
		case "Path":
			if !f.Kind.IsScalar() {
				body = append(body, f)
				continue
			}
			if !inTemplate[f.Name] || havePath[f.Name] {
				diags = append(diags, spec.Diagnostic{Pos: f.Pos, Severity: spec.Warning,
					Msg: fmt.Sprintf("path parameter %s is not in the path template %s; not exported", f.Name, path)})
				continue
			}
			havePath[f.Name] = true
			params = append(params, goNames(parameter(f, "path"), f.Name, paramNames))
		case "Header":
			if !f.Kind.IsScalar() {
				body = append(body, f)
				continue
			}
			params = append(params, goNames(parameter(f, "header"), f.Name, paramNames))
		case "Query", "":
			params = append(params, goNames(parameter(f, "query"), f.Name, paramNames))
		case "Host":
			// SLS: the project is the first label of the host name,
			// which OpenAPI parameters cannot express.
			op.add("x-cccgen-host-parameter", f.Name)
		default: // Body
			body = append(body, f)
		}
	}
	// A placeholder no field documents is still a required path parameter.
	for _, v := range vars {
		name := v[1 : len(v)-1]
		if havePath[name] {
			continue
		}
		havePath[name] = true
		params = append(params, Object{
			{"name", name},
			{"in", "path"},
			{"description", "in the path template, but not among the page's parameters"},
			{"required", true},
			{"schema", Object{{"type", "string"}}},
		})
	}
	if len(params) > 0 {
		op.add("parameters", params)
	}
	if len(body) > 0 {
		s := objectSchema(body, true)
		rb := Object{}
		for _, f := range body {
			if f.Required {
				rb.add("required", true)
				break
			}
		}
		rb.add("content", Object{{"application/json", Object{{"schema", s}}}})
		op.add("requestBody", rb)
	}

	resp := Object{{"type", "object"}}
	if p.Response != nil {
		resp = schema(p.Response, false)
	}
	op.add("responses", responses(p, resp))

	op.add("x-cccgen-style", string(p.Style)) // the parser always sets it
	if p.Product != "" {
		op.add("x-cccgen-product", p.Product)
	}
	if p.Version != "" {
		op.add("x-cccgen-version", p.Version)
	}
	op.add("x-cccgen-action", p.Action)
	if p.File != "" {
		op.add("x-cccgen-page", p.File)
	}
	if len(p.Errors) > 0 {
		var codes []any
		for _, e := range p.Errors {
			c := Object{}
			if e.HTTPStatus != 0 {
				c.add("httpStatus", e.HTTPStatus)
			}
			c.add("code", e.Code)
			if e.Message != "" {
				c.add("message", e.Message)
			}
			if e.Description != "" {
				c.add("description", e.Description)
			}
			codes = append(codes, c)
		}
		op.add("x-cccgen-error-codes", codes)
	}
	return op, diags
}

// responses are the operation's responses: "200" with the response schema,
// one per HTTP status of the page's error codes (400 when the page gives
// none), each listing its codes, and "default", all errors with the
// service's error body.
func responses(p *spec.Page, resp Object) Object {
	errBody := func(desc string) Object {
		return Object{
			{"description", desc},
			{"content", Object{{"application/json", Object{{"schema", Object{{"$ref", "#/components/schemas/Error"}}}}}}},
		}
	}
	out := Object{{"200", Object{
		{"description", "OK"},
		{"content", Object{{"application/json", Object{{"schema", resp}}}}},
	}}}
	codes := map[int][]string{}
	var statuses []int
	for _, e := range p.Errors {
		st := e.HTTPStatus
		if st < 400 || st > 599 {
			continue
		}
		if codes[st] == nil {
			statuses = append(statuses, st)
		}
		codes[st] = append(codes[st], e.Code)
	}
	sort.Ints(statuses)
	if len(statuses) == 0 || statuses[0] >= 500 {
		out.add("400", errBody("a client error (a parameter is missing or invalid, the call is not allowed)"))
	}
	for _, st := range statuses {
		out.add(strconv.Itoa(st), errBody("error codes: "+strings.Join(codes[st], ", ")))
	}
	out.add("default", errBody("any other error: the service's error body"))
	return out
}

// altName is the Go name code generators get for a name that differs from
// an earlier one only in case (Key and key): the exported name with "Alt"
// and a number, or "" for the first.
func altName(name string, seen map[string]int) string {
	fold := strings.ToLower(name)
	n := seen[fold]
	seen[fold] = n + 1
	if n == 0 {
		return ""
	}
	g := naming.Exported(name) + "Alt"
	if n > 1 {
		g += strconv.Itoa(n)
	}
	return g
}

// goNames marks a parameter with its altName as x-go-name (oapi-codegen).
func goNames(o Object, name string, seen map[string]int) Object {
	if g := altName(name, seen); g != "" {
		o.add("x-go-name", g)
	}
	return o
}

// description is the operation's description: the page's, how RPC is sent,
// and the error codes.
func description(p *spec.Page) string {
	var b strings.Builder
	if p.Description != "" {
		b.WriteString(p.Description)
		b.WriteString("\n\n")
	}
	if p.REST() {
		method, path := route(p)
		fmt.Fprintf(&b, "%s API %s: %s %s.", p.Style, p.Action, strings.ToUpper(method), path)
		if _, q, ok := strings.Cut(p.Path, "?"); ok && q != "" {
			fmt.Fprintf(&b, " Fixed query: %s.", q)
		}
	} else {
		fmt.Fprintf(&b, "RPC API %s: sent as POST /?Action=%s with the parameters in the query (Action and Version are query parameters); the path /%s only names the operation.", p.Action, p.Action, p.Action)
	}
	if p.Product != "" || p.Version != "" {
		fmt.Fprintf(&b, " Product %s, version %s.", orNone(p.Product), orNone(p.Version))
	}
	if len(p.Errors) > 0 {
		b.WriteString("\n\nError codes:\n")
		for _, e := range p.Errors {
			b.WriteString("\n- ")
			if e.HTTPStatus != 0 {
				fmt.Fprintf(&b, "%d ", e.HTTPStatus)
			}
			b.WriteString(e.Code)
			if e.Message != "" {
				b.WriteString(": ")
				b.WriteString(oneLine(e.Message))
			}
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// parameter is a query, path or header parameter.
func parameter(f *spec.Field, in string) Object {
	p := Object{{"name", f.Name}, {"in", in}}
	if f.Description != "" {
		p.add("description", f.Description)
	}
	if f.Required || in == "path" {
		p.add("required", true)
	}
	s := schema(f, true)
	if n := len(s); n > 0 && s[n-1].Key == "description" {
		s = s[:n-1] // the parameter's own description says it
	}
	switch {
	case f.Kind.IsScalar() || f.Kind == "":
		p.add("schema", s)
	case f.Flat:
		// Tag.1.Key=...: OpenAPI has no style for this; say so.
		p.add("style", "form")
		p.add("explode", true)
		p.add("schema", s)
		p.add("x-cccgen-flat", true)
	default:
		// One JSON-encoded value.
		p.add("content", Object{{"application/json", Object{{"schema", s}}}})
	}
	return p
}

// schema is the JSON schema of a field. With request set, struct members
// that are required are listed as such.
func schema(f *spec.Field, request bool) Object {
	var s Object
	switch f.Kind {
	case spec.String:
		s = Object{{"type", "string"}}
	case spec.Int32:
		s = Object{{"type", "integer"}, {"format", "int32"}}
	case spec.Int64:
		s = Object{{"type", "integer"}, {"format", "int64"}}
	case spec.Float64:
		s = Object{{"type", "number"}, {"format", "double"}}
	case spec.Bool:
		s = Object{{"type", "boolean"}}
	case spec.Struct:
		s = objectSchema(f.Fields, request)
	case spec.Array:
		items := Object{}
		if f.Elem != nil {
			items = schema(f.Elem, request)
		}
		s = Object{{"type", "array"}, {"items", items}}
	case spec.Map:
		s = Object{{"type", "object"}, {"additionalProperties", true}}
	default: // Any, or unknown: any JSON value
		s = Object{}
	}
	if f.Description != "" {
		s.add("description", f.Description)
	}
	return s
}

// objectSchema is an object with fs as its properties, in order.
func objectSchema(fs []*spec.Field, request bool) Object {
	s := Object{{"type", "object"}}
	var req []any
	props := Object{}
	seen := map[string]bool{}
	folded := map[string]int{}
	ogen := Object{} // x-ogen-properties: ogen's field names
	for _, c := range fs {
		if c == nil || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		ps := schema(c, request)
		if g := altName(c.Name, folded); g != "" {
			ps.add("x-go-name", g)
			ogen.add(c.Name, Object{{"name", g}})
		}
		props.add(c.Name, ps)
		if request && c.Required {
			req = append(req, c.Name)
		}
	}
	if len(props) > 0 {
		s.add("properties", props)
	}
	if len(req) > 0 {
		s.add("required", req)
	}
	if len(ogen) > 0 {
		s.add("x-ogen-properties", ogen)
	}
	return s
}

func errorSchema() Object {
	prop := func(d string) Object { return Object{{"type", "string"}, {"description", d}} }
	return Object{
		{"type", "object"},
		{"description", "The body of an error response (JSON, or XML with the same elements)."},
		{"properties", Object{
			{"RequestId", prop("the request's ID")},
			{"HostId", prop("the endpoint that answered")},
			{"Code", prop("the error code, e.g. Throttling.User")},
			{"Message", prop("the error message")},
		}},
	}
}

// writeValue writes v as compact JSON.
func writeValue(buf *bytes.Buffer, v any) {
	switch v := v.(type) {
	case Object:
		buf.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, m.Key)
			buf.WriteByte(':')
			writeValue(buf, m.Value)
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeValue(buf, x)
		}
		buf.WriteByte(']')
	case string:
		writeString(buf, v)
	case bool:
		buf.WriteString(strconv.FormatBool(v))
	case int:
		buf.WriteString(strconv.Itoa(v))
	case nil:
		buf.WriteString("null")
	default:
		panic(fmt.Sprintf("openapi: unexpected value %T", v))
	}
}

func writeString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)           // a string always encodes
	buf.Truncate(buf.Len() - 1) // the encoder's newline
}
