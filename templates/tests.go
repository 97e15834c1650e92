package templates

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/cccgen/cccgen/internal/fakeapi"
	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

func canonical(p *spec.Page, k spec.ExampleKind) (string, bool) {
	for _, e := range p.Examples {
		if e.Kind == k && e.Canonical != "" {
			return e.Canonical, true
		}
	}
	return "", false
}

// The suffixes of a page's generated tests, Test<Action><suffix>: tools
// that read go test's output (internal/measure/conformance) map a test back
// to its page with them.
const (
	TestJSONExample    = "JSONExample"
	TestXMLExample     = "XMLExample"
	TestRequestExample = "RequestExample"
	TestRoundTrip      = "RoundTrip"
	TestClient         = "Client"
)

// TestSuffixes are the suffixes above, each test a page may have.
var TestSuffixes = []string{TestJSONExample, TestXMLExample, TestRequestExample, TestRoundTrip, TestClient}

// exampleJSONConst is the name of the constant that holds a page's JSON
// response example in its test file, shared by the example test and the
// client test (planned with the types: Example<Action>JSON).
func (n *Plan) exampleJSONConst(p *spec.Page) string { return n.exampleJSON[p] }

// ExampleConsts emits the page's JSON response example once, pretty-printed
// as a raw string, for the tests that use it.
func (n *Plan) ExampleConsts(f *jen.File, p *spec.Page) {
	js, ok := canonical(p, spec.JSONExample)
	if !ok {
		return
	}
	name := n.exampleJSONConst(p)
	f.Comment(name + " is the page's JSON response example.")
	f.Const().Id(name).Op("=").Add(rawString(prettyJSON(js)))
	f.Line()
}

// prettyJSON indents a JSON document by two spaces a level; anything it
// cannot read is returned as it is.
func prettyJSON(s string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}

// rawString is s as a raw string literal when it can be one (no backquote,
// no carriage return, valid UTF-8), else as a quoted one.
func rawString(s string) jen.Code {
	if strings.ContainsAny(s, "`\r") || !utf8.ValidString(s) {
		return jen.Lit(s)
	}
	return jen.Id("`" + s + "`")
}

// ExampleTests emits one test per example of the page: the JSON and XML
// response examples and the request example.
func (n *Plan) ExampleTests(f *jen.File, p *spec.Page, req *spec.Field) {
	resp := n.TypeName(p.Response)
	reqName := n.TypeName(req)
	act := APIName(p)
	t := jen.Id("t").Op("*").Qual("testing", "T")
	if _, ok := canonical(p, spec.JSONExample); ok {
		f.Comment("The JSON response example of the page decodes strictly and round-trips without loss.")
		f.Func().Id("Test" + act + TestJSONExample).Params(t).Block(
			jen.Qual(testPath, "JSON").Types(jen.Id(resp)).Call(jen.Id("t"), jen.Id(n.exampleJSONConst(p))),
		)
		f.Line()
	}
	if xs, ok := canonical(p, spec.XMLExample); ok && p.Response.Kind == spec.Struct {
		f.Comment("The XML response example of the page decodes and round-trips without loss.")
		f.Func().Id("Test" + act + TestXMLExample).Params(t).Block(
			jen.Qual(testPath, "XML").Types(jen.Id(resp)).Call(jen.Id("t"), jen.Lit(xs), jen.Lit(p.Action+"Response"), jen.Lit(p.XMLRooted)),
		)
		f.Line()
	}
	if qs, ok := canonical(p, spec.RequestExample); ok {
		f.Comment("The request example of the page decodes into the request and encodes back to the same query.")
		f.Func().Id("Test" + act + TestRequestExample).Params(t).Block(
			jen.Qual(testPath, "Query").Types(jen.Id(reqName)).Call(jen.Id("t"), jen.Lit(qs)),
		)
		f.Line()
	}
}

// RoundTripTest emits a test that sets every field of the request and the
// response and round-trips them; removing any field breaks its build.
func (n *Plan) RoundTripTest(f *jen.File, p *spec.Page, req *spec.Field) {
	act := APIName(p)
	root := jen.Lit(p.Action + "Response")
	if p.Response.Kind != spec.Struct {
		root = jen.Lit("")
	}
	body := []jen.Code{
		jen.Qual(testPath, "Request").Call(jen.Id("t"), jen.Op("&").Id(n.TypeName(req)).Values(n.requestValues(req, func(c *spec.Field) bool { return sentInQuery(p, c) }, false)...)),
	}
	if p.REST() {
		// Path, header and body parameters travel outside the query; the
		// whole request must still survive JSON.
		body = append(body, jen.Qual(testPath, "Value").Call(jen.Id("t"), jen.Op("&").Id(n.TypeName(req)).Values(n.requestValues(req, nil, false)...), jen.Lit("")))
	}
	body = append(body, jen.Qual(testPath, "Value").Call(jen.Id("t"), jen.Op("&").Add(n.responseValue(p.Response)), root))
	f.Comment("Every field of the request and the response set, round-tripped.")
	f.Func().Id("Test" + act + TestRoundTrip).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	f.Line()
}

// requestValues sets every field of s that keep accepts (nil: all).
// With current, deprecated spellings are left out at every depth.
func (n *Plan) requestValues(s *spec.Field, keep func(*spec.Field) bool, current bool) []jen.Code {
	var out []jen.Code
	for _, c := range s.Fields {
		if keep != nil && !keep(c) || current && !n.currentOnly(c) {
			continue
		}
		out = append(out, jen.Line().Id(n.FieldName(c)).Op(":").Add(n.requestValue(c, current)))
	}
	if len(out) > 0 {
		out = append(out, jen.Line())
	}
	return out
}

// currentOnly leaves out the deprecated spelling of a key (Tag.N.key beside
// Tag.N.Key): the client test sends what users send.
func (n *Plan) currentOnly(c *spec.Field) bool {
	_, old := n.deprecated[c]
	return !old
}

func sample(k spec.Kind) jen.Code {
	switch k {
	case spec.Int32, spec.Int64:
		return jen.Lit(7)
	case spec.Float64:
		return jen.Lit(1.5)
	case spec.Bool:
		return jen.True()
	}
	return jen.Lit("x")
}

func (n *Plan) requestValue(c *spec.Field, current bool) jen.Code {
	switch {
	case rawBytes(c):
		return jen.Index().Byte().Call(jen.Lit("x"))
	case c.Kind.IsScalar():
		return jen.Qual(rtPath, "Ptr").Call(jen.Add(builtin(c.Kind)).Call(sample(c.Kind)))
	case c.Kind == spec.Struct:
		return jen.Op("&").Id(n.TypeName(c)).Values(n.requestValues(c, nil, current)...)
	case c.Kind == spec.Array:
		return jen.Index().Add(n.elemType(c.Elem)).Values(n.elemValue(c.Elem, current))
	}
	return jen.Map(jen.String()).Any().Values(jen.Dict{jen.Lit("k"): jen.Lit("v")})
}

func (n *Plan) elemValue(e *spec.Field, current bool) jen.Code {
	switch {
	case e.Kind.IsScalar():
		return sample(e.Kind)
	case e.Kind == spec.Struct:
		return jen.Values(n.requestValues(e, nil, current)...)
	case e.Kind == spec.Array:
		return jen.Values(n.elemValue(e.Elem, current))
	}
	return jen.Map(jen.String()).Any().Values(jen.Dict{jen.Lit("k"): jen.Lit("v")})
}

// responseValue is a value of a response type with every field set.
func (n *Plan) responseValue(f *spec.Field) jen.Code {
	switch f.Kind {
	case spec.Struct:
		var vals []jen.Code
		for _, c := range f.Fields {
			vals = append(vals, jen.Line().Id(n.FieldName(c)).Op(":").Add(n.responseValue(c)))
		}
		if len(vals) > 0 {
			vals = append(vals, jen.Line())
		}
		return jen.Id(n.TypeName(f)).Values(vals...)
	case spec.Array:
		typ := n.responseType(f)
		if name, ok := n.typeOf[f]; ok {
			typ = jen.Id(name)
		}
		return jen.Add(typ).Values(n.responseValue(f.Elem))
	case spec.Map, spec.Any:
		return jen.Qual(rtPath, "Map").Values(jen.Dict{jen.Lit("k"): jen.Lit("v")})
	}
	return sample(f.Kind)
}

// ClientTest emits a test that calls the API through the generated client
// against the fake service, which checks the signature and the required
// parameters and answers with the page's example.
func (n *Plan) ClientTest(f *jen.File, pkg string, p *spec.Page, req *spec.Field) {
	act := APIName(p)
	js := jen.Lit("")
	if _, ok := canonical(p, spec.JSONExample); ok {
		js = jen.Id(n.exampleJSONConst(p))
	}
	// Every parameter set: all of them must reach the wire, signed.
	set := n.requestValues(req, nil, true)
	// The API as the fake serves it (internal/fakeapi, as fakepages
	// serves a page); the test calls in JSON, so the XML example stays out.
	a := fakeapi.Of(p, req.Fields)
	api := jen.Dict{
		jen.Id("Product"): jen.Lit(a.Product),
		jen.Id("Version"): jen.Lit(a.Version),
		jen.Id("Action"):  jen.Lit(a.Action),
		jen.Id("Style"):   jen.Lit(a.Style),
		jen.Id("JSON"):    js,
	}
	if a.Method != "" {
		api[jen.Id("Method")] = jen.Lit(a.Method)
	}
	if a.Path != "" {
		api[jen.Id("Path")] = jen.Lit(a.Path)
	}
	if len(a.Required) > 0 {
		var required []jen.Code
		for _, r := range a.Required {
			required = append(required, jen.Lit(r))
		}
		api[jen.Id("Required")] = jen.Index().String().Values(required...)
	}
	f.Comment("The client calls " + p.Action + " with every parameter set on the fake service, which checks the signature and the required parameters, and decodes its answer, the page's example.")
	cfg := []jen.Code{jen.Id("cfg").Op(":=").Id("srv").Dot("Config").Call()}
	if p.Version == "" && p.Style != spec.SLS {
		// The page names no API version: the caller supplies one.
		cfg = append(cfg, jen.Id("cfg").Dot("DefaultVersion").Op("=").Lit("2000-01-01"))
	}
	f.Func().Id("Test" + act + TestClient).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(append([]jen.Code{
		jen.Id("srv").Op(":=").Qual(fakePath, "New").Call(jen.Qual(fakePath, "API").Values(api)),
		jen.Defer().Id("srv").Dot("Close").Call()}, append(cfg,
		jen.List(jen.Id("c"), jen.Err()).Op(":=").Id("NewClient").Call(jen.Id("cfg")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(act).Call(jen.Qual("context", "Background").Call(), jen.Op("&").Id(n.TypeName(req)).Values(set...)),
		jen.Qual(testPath, "Response").Call(jen.Id("t"), jen.Id("resp"), jen.Err(), js),
	)...)...)
	f.Line()
}
