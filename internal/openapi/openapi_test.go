package openapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/cli"
	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/openapi"
	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/export.golden.json")

// load reads and resolves the pages in testdata (an RPC page and an ROA
// page with path, header, query and body parameters and error codes).
func load(t *testing.T) []*spec.Page {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(files) != 2 {
		t.Fatalf("want 2 pages in testdata, got %v (%v)", files, err)
	}
	var pages []*spec.Page
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := gen.Load(gen.Source{Name: filepath.ToSlash(f), Data: data})
		if spec.HasErrors(p.Diagnostics) {
			t.Fatalf("%s: %v", f, p.Diagnostics)
		}
		pages = append(pages, p)
	}
	return pages
}

// obj follows a path of keys (and array indexes as ints) through an Object.
func obj(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, k := range path {
		switch k := k.(type) {
		case string:
			o, ok := v.(openapi.Object)
			if !ok {
				t.Fatalf("%v: not an object at %v", path, path[:i])
			}
			v = o.Get(k)
			if v == nil {
				t.Fatalf("%v: no %q at %v", path, k, path[:i])
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("%v: no element %d at %v", path, k, path[:i])
			}
			v = a[k]
		}
	}
	return v
}

func keys(t *testing.T, v any) []string {
	t.Helper()
	o, ok := v.(openapi.Object)
	if !ok {
		t.Fatalf("%v is not an object", v)
	}
	var out []string
	for _, m := range o {
		out = append(out, m.Key)
	}
	return out
}

// param finds a parameter by name.
func param(t *testing.T, op any, name string) openapi.Object {
	t.Helper()
	for _, p := range obj(t, op, "parameters").([]any) {
		if p.(openapi.Object).Get("name") == name {
			return p.(openapi.Object)
		}
	}
	t.Fatalf("no parameter %s", name)
	return nil
}

func TestDocumentStructure(t *testing.T) {
	doc, diags := openapi.Document(load(t))
	if spec.HasErrors(diags) {
		t.Fatal(diags)
	}
	if d := cmp.Diff([]string{"openapi", "info", "servers", "security", "paths", "components"}, keys(t, doc)); d != "" {
		t.Errorf("top level (-want +got):\n%s", d)
	}
	if obj(t, doc, "components", "securitySchemes", "acsSignature", "type") != "apiKey" || obj(t, doc, "components", "securitySchemes", "acsSignature", "name") != "Authorization" {
		t.Errorf("security scheme: %v", obj(t, doc, "components", "securitySchemes"))
	}
	if obj(t, doc, "openapi") != "3.0.3" || obj(t, doc, "info", "title") != "cccgen export" || obj(t, doc, "info", "version") != "1" {
		t.Errorf("openapi/info: %v %v", obj(t, doc, "openapi"), obj(t, doc, "info"))
	}
	if d := cmp.Diff([]string{"/DescribeThings", "/v1/gadgets/{GadgetId}"}, keys(t, obj(t, doc, "paths"))); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}

	// RPC: post /<Action>, everything in the query.
	rpc := obj(t, doc, "paths", "/DescribeThings", "post")
	if obj(t, rpc, "operationId") != "DescribeThings" || obj(t, rpc, "x-cccgen-style") != "RPC" {
		t.Errorf("RPC operation: %v", rpc)
	}
	if d := obj(t, rpc, "description").(string); !strings.Contains(d, "POST /?Action=DescribeThings") || !strings.Contains(d, "Action and Version are query parameters") {
		t.Errorf("RPC description does not say how the API is sent: %q", d)
	}
	var names []string
	for _, p := range obj(t, rpc, "parameters").([]any) {
		p := p.(openapi.Object)
		names = append(names, p.Get("name").(string))
		if p.Get("in") != "query" {
			t.Errorf("%s is in %v, want query", p.Get("name"), p.Get("in"))
		}
	}
	if d := cmp.Diff([]string{"RegionId", "ThingId", "Tag", "PageNumber", "PageSize", "DryRun"}, names); d != "" {
		t.Errorf("RPC parameters (-want +got):\n%s", d)
	}
	if p := param(t, rpc, "RegionId"); p.Get("required") != true || obj(t, p, "schema", "type") != "string" {
		t.Errorf("RegionId: %v", p)
	}
	if p := param(t, rpc, "PageSize"); p.Get("required") != nil || obj(t, p, "schema", "type") != "integer" || obj(t, p, "schema", "format") != "int32" {
		t.Errorf("PageSize: %v", p)
	}
	if p := param(t, rpc, "DryRun"); obj(t, p, "schema", "type") != "boolean" {
		t.Errorf("DryRun: %v", p)
	}
	tag := param(t, rpc, "Tag")
	if tag.Get("x-cccgen-flat") != true || tag.Get("style") != "form" || obj(t, tag, "schema", "type") != "array" ||
		obj(t, tag, "schema", "items", "type") != "object" {
		t.Errorf("Tag: %v", tag)
	}
	if d := cmp.Diff([]string{"Key", "Value"}, keys(t, obj(t, tag, "schema", "items", "properties"))); d != "" {
		t.Errorf("Tag items (-want +got):\n%s", d)
	}
	if obj(t, param(t, rpc, "ThingId"), "schema", "items", "type") != "string" {
		t.Errorf("ThingId: %v", param(t, rpc, "ThingId"))
	}
	// The response keeps the page's nesting and order.
	resp := obj(t, rpc, "responses", "200", "content", "application/json", "schema")
	if d := cmp.Diff([]string{"RequestId", "TotalCount", "Things", "Enabled"}, keys(t, obj(t, resp, "properties"))); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	thing := obj(t, resp, "properties", "Things", "properties", "Thing")
	if obj(t, thing, "type") != "array" || obj(t, thing, "items", "type") != "object" {
		t.Errorf("Things.Thing: %v", thing)
	}
	if d := cmp.Diff([]string{"ThingId", "Size", "Ratio", "Tags"}, keys(t, obj(t, thing, "items", "properties"))); d != "" {
		t.Errorf("Thing (-want +got):\n%s", d)
	}
	for name, want := range map[string][2]string{"Size": {"integer", "int64"}, "Ratio": {"number", "double"}} {
		s := obj(t, thing, "items", "properties", name).(openapi.Object)
		if s.Get("type") != want[0] || s.Get("format") != want[1] {
			t.Errorf("%s: %v, want %v", name, s, want)
		}
	}
	if obj(t, thing, "items", "properties", "Tags", "properties", "TagKey", "items", "type") != "string" {
		t.Errorf("Tags.TagKey: %v", obj(t, thing, "items", "properties", "Tags"))
	}
	codes := obj(t, rpc, "x-cccgen-error-codes").([]any)
	if len(codes) != 2 || obj(t, codes[0], "code") != "InvalidRegionId.Malformed" || obj(t, codes[0], "httpStatus") != 400 {
		t.Errorf("error codes: %v", codes)
	}
	if d := obj(t, rpc, "description").(string); !strings.Contains(d, "404 InvalidThingId.NotFound") {
		t.Errorf("description lists no error codes: %q", d)
	}

	// ROA: method, path template, positions, body.
	roa := obj(t, doc, "paths", "/v1/gadgets/{GadgetId}", "put")
	if obj(t, roa, "operationId") != "UpdateGadget" || obj(t, roa, "x-cccgen-version") != "2021-02-03" {
		t.Errorf("ROA operation: %v", roa)
	}
	if p := param(t, roa, "GadgetId"); p.Get("in") != "path" || p.Get("required") != true {
		t.Errorf("GadgetId: %v", p)
	}
	if p := param(t, roa, "x-acs-trace"); p.Get("in") != "header" || p.Get("required") != nil {
		t.Errorf("x-acs-trace: %v", p)
	}
	if p := param(t, roa, "DryRun"); p.Get("in") != "query" {
		t.Errorf("DryRun: %v", p)
	}
	if n := len(obj(t, roa, "parameters").([]any)); n != 3 {
		t.Errorf("%d parameters, want 3 (the body fields are the request body)", n)
	}
	body := obj(t, roa, "requestBody", "content", "application/json", "schema")
	if obj(t, roa, "requestBody", "required") != true {
		t.Errorf("request body not required")
	}
	if d := cmp.Diff([]string{"Name", "Size", "Labels"}, keys(t, obj(t, body, "properties"))); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"Name"}, obj(t, body, "required")); d != "" {
		t.Errorf("body required (-want +got):\n%s", d)
	}
	if obj(t, body, "properties", "Labels", "items", "type") != "string" {
		t.Errorf("Labels: %v", obj(t, body, "properties", "Labels"))
	}
	gadget := obj(t, roa, "responses", "200", "content", "application/json", "schema", "properties", "Gadget")
	if d := cmp.Diff([]string{"Name", "Weight", "Parts"}, keys(t, obj(t, gadget, "properties"))); d != "" {
		t.Errorf("Gadget (-want +got):\n%s", d)
	}
	if obj(t, gadget, "properties", "Parts", "items", "properties", "Ready", "type") != "boolean" {
		t.Errorf("Gadget.Parts: %v", obj(t, gadget, "properties", "Parts"))
	}
	if obj(t, roa, "responses", "default", "content", "application/json", "schema", "$ref") != "#/components/schemas/Error" {
		t.Errorf("default response: %v", obj(t, roa, "responses", "default"))
	}
	if d := cmp.Diff([]string{"RequestId", "HostId", "Code", "Message"}, keys(t, obj(t, doc, "components", "schemas", "Error", "properties"))); d != "" {
		t.Errorf("Error (-want +got):\n%s", d)
	}
}

// The bytes are JSON, the same whatever the page order, and equal the
// golden file (go test ./internal/openapi -update rewrites it).
func TestExportBytes(t *testing.T) {
	pages := load(t)
	got, diags := openapi.Export(pages)
	if spec.HasErrors(diags) {
		t.Fatal(diags)
	}
	if !json.Valid(got) {
		t.Fatal("not JSON")
	}
	rev, _ := openapi.Export([]*spec.Page{pages[1], pages[0]})
	if !bytes.Equal(got, rev) {
		t.Error("the output depends on the page order")
	}
	var m map[string]any
	if err := json.Unmarshal(got, &m); err != nil {
		t.Fatal(err)
	}
	if m["openapi"] != "3.0.3" {
		t.Errorf("openapi: %v", m["openapi"])
	}
	golden := filepath.Join("testdata", "export.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("export differs from %s (-want +got):\n%s", golden, d)
	}
}

// Two APIs on one method and path, and a placeholder no parameter names.
func TestCollisionsAndPlaceholders(t *testing.T) {
	str := func(name string, pos spec.Position) *spec.Field {
		return &spec.Field{Name: name, Kind: spec.String, Position: pos}
	}
	resp := &spec.Field{Name: "R", Kind: spec.Struct, Fields: []*spec.Field{{Name: "RequestId", Kind: spec.String}}}
	pages := []*spec.Page{
		{File: "b.md", Action: "GetB", Endpoint: spec.Endpoint{Style: "ROA", Method: "GET", Path: "/things/{Id}"}, Request: &spec.Field{Kind: spec.Struct, Fields: []*spec.Field{str("Id", "Path")}}, Response: resp},
		{File: "a.md", Action: "GetA", Endpoint: spec.Endpoint{Style: "ROA", Method: "GET", Path: "/things/{Name}/"}, Request: &spec.Field{Kind: spec.Struct, Fields: []*spec.Field{str("Name", "Path")}}, Response: resp},
		{File: "c.md", Action: "GetC", Endpoint: spec.Endpoint{Style: "ROA", Method: "GET", Path: "/things/{Id}"}, Response: resp},
		{File: "d.md", Action: "GetA", Endpoint: spec.Endpoint{Style: "RPC"}, Response: resp},
	}
	doc, diags := openapi.Document(pages)
	if spec.HasErrors(diags) {
		t.Fatal(diags)
	}
	if d := cmp.Diff([]string{"/GetA", "/things/{Id}", "/things/{Id}#GetC", "/things/{Name}/"}, keys(t, obj(t, doc, "paths"))); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
	if obj(t, doc, "paths", "/GetA", "post", "operationId") != "GetA_2" {
		t.Errorf("the second GetA: %v", obj(t, doc, "paths", "/GetA"))
	}
	p := param(t, obj(t, doc, "paths", "/things/{Id}#GetC", "get"), "Id")
	if p.Get("in") != "path" || p.Get("required") != true {
		t.Errorf("undocumented placeholder: %v", p)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Msg)
	}
	if !slices.ContainsFunc(msgs, func(m string) bool {
		return strings.Contains(m, "GET /things/{Id} is also the method and path of GetB")
	}) ||
		!slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, "its operationId is GetA_2") }) {
		t.Errorf("diagnostics: %v", msgs)
	}
	// A page with errors is left out, with an error.
	bad := &spec.Page{File: "e.md", Action: "Bad", Diagnostics: []spec.Diagnostic{{Severity: spec.Error, Msg: "x"}}}
	if _, ds := openapi.Document([]*spec.Page{bad}); !spec.HasErrors(ds) {
		t.Error("a page with errors was exported")
	}
}

// `cccgen -openapi` prints the same document, and the run cache does not
// get in its way (it needs the pages, not just the files).
func TestCommand(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	want, err := os.ReadFile(filepath.Join("testdata", "export.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		var stdout, stderr bytes.Buffer
		out := t.TempDir()
		if code := cli.Run([]string{"-o", out, "testdata"}, &stdout, &stderr); code != cli.ExitOK {
			t.Fatalf("cccgen: exit %d: %s", code, stderr.String())
		}
		stdout.Reset()
		if code := cli.Run([]string{"-openapi", "-o", out, "testdata"}, &stdout, &stderr); code != cli.ExitOK {
			t.Fatalf("cccgen -openapi: exit %d: %s", code, stderr.String())
		}
		if d := cmp.Diff(string(want), stdout.String()); d != "" {
			t.Errorf("run %d: cccgen -openapi differs from the golden file (-want +got):\n%s", i, d)
		}
	}
	// A page with an error: exit 1, nothing printed.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Bad.md"), []byte("no title, no tables\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := cli.Run([]string{"-openapi", dir}, &stdout, &stderr); code != cli.ExitFail || stdout.Len() != 0 {
		t.Errorf("bad page: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// Every operation has 4xx error responses with the error schema: one per
// status of the page's codes, listing them, or 400.
func TestErrorResponses(t *testing.T) {
	doc, _ := openapi.Document(load(t))
	paths := obj(t, doc, "paths").(openapi.Object)
	for _, pm := range paths {
		for _, om := range pm.Value.(openapi.Object) {
			rs := om.Value.(openapi.Object).Get("responses").(openapi.Object)
			n4 := 0
			for _, r := range rs {
				if strings.HasPrefix(r.Key, "4") {
					n4++
					ref := r.Value.(openapi.Object).Get("content").(openapi.Object).Get("application/json").(openapi.Object).Get("schema").(openapi.Object).Get("$ref")
					if ref != "#/components/schemas/Error" {
						t.Errorf("%s %s: %s response schema %v", pm.Key, om.Key, r.Key, ref)
					}
				}
			}
			if n4 == 0 || rs.Get("200") == nil || rs.Get("default") == nil {
				t.Errorf("%s %s: responses %v", pm.Key, om.Key, keysOf(rs))
			}
		}
	}
}

// Properties and parameters whose names differ only in case get Go names of
// their own for oapi-codegen and ogen.
func TestCaseCollisionsGetGoNames(t *testing.T) {
	p := &spec.Page{File: "k.md", Action: "PutKeys", Endpoint: spec.Endpoint{Style: "RPC", Product: "Demo", Version: "2020-01-01"},
		Request:  &spec.Field{Kind: spec.Struct, Fields: []*spec.Field{{Name: "Key", Kind: spec.String, Position: "Query"}, {Name: "key", Kind: spec.String, Position: "Query"}}},
		Response: &spec.Field{Name: "PutKeysResponse", Kind: spec.Struct, Fields: []*spec.Field{{Name: "Key", Kind: spec.String}, {Name: "KEY", Kind: spec.String}, {Name: "key", Kind: spec.String}}}}
	b, diags := openapi.Export([]*spec.Page{p})
	if spec.HasErrors(diags) {
		t.Fatal(diags)
	}
	out := string(b)
	for _, want := range []string{`"x-go-name": "KeyAlt"`, `"x-go-name": "KEYAlt"`, `"x-go-name": "KeyAlt2"`, `"x-ogen-properties": {`, `"KEY": {`, `"name": "KEYAlt"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in:\n%s", want, out)
		}
	}
}

func keysOf(o openapi.Object) []string {
	var out []string
	for _, m := range o {
		out = append(out, m.Key)
	}
	return out
}
