package templates

import (
	"strings"

	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

// ClientType emits the package's Client, which calls its APIs through the
// run-time client (signing, retries, typed errors).
func ClientType(f *jen.File) {
	f.Comment("Client calls the APIs of this package. Create it with NewClient.")
	f.Type().Id("Client").Struct(jen.Id("rt").Op("*").Qual(rtPath, "Client"))
	f.Line()
	f.Comment("NewClient returns a client for cfg: credentials (or, when none are set, acsrt.DefaultCredentialsProvider: environment, RRSA, CLI profile, credentials file, ECS instance role), region, endpoint, HTTP client, retries, logger.")
	f.Func().Id("NewClient").Params(jen.Id("cfg").Qual(rtPath, "Config")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id("rt"), jen.Err()).Op(":=").Qual(rtPath, "NewClient").Call(jen.Id("cfg")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(jen.Id("rt").Op(":").Id("rt")), jen.Nil()),
	)
}

// ClientMethod emits Client.<Action>: validate, build the RPC query or the
// ROA path, query, headers and body, then call and decode.
func (n *Plan) ClientMethod(f *jen.File, pkg string, p *spec.Page, req *spec.Field) {
	act := APIName(p)
	reqT, respT := n.TypeName(req), n.TypeName(p.Response)
	doc := act + " calls the " + p.Action + " API."
	if p.Title != "" {
		doc += " " + p.Title
	}
	f.Comment(strings.Join(commentLines(doc), " "))
	body := []jen.Code{
		jen.If(jen.Err().Op(":=").Id("req").Dot("Validate").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Var().Id("resp").Id(respT),
	}
	var call jen.Code
	if p.Style == spec.SLS {
		body = append(body, n.roaBuild(p, req)...)
		call = jen.Id("c").Dot("rt").Dot("CallSLS").Call(jen.Id("ctx"), jen.Qual(rtPath, "SLSRequest").Values(jen.Dict{
			jen.Id("Project"):     jen.Id("project"),
			jen.Id("Method"):      jen.Lit(roaMethod(p)),
			jen.Id("Path"):        jen.Id("path"),
			jen.Id("Query"):       jen.Id("q"),
			jen.Id("Headers"):     jen.Id("hdr"),
			jen.Id("Body"):        jen.Id("body"),
			jen.Id("ContentType"): jen.Id("ctype"),
		}), jen.Op("&").Id("resp"))
	} else if p.Style == spec.ROA {
		body = append(body, n.roaBuild(p, req)...)
		roa := jen.Dict{
			jen.Id("Product"):     jen.Lit(p.Product),
			jen.Id("Version"):     jen.Lit(p.Version),
			jen.Id("Action"):      jen.Lit(p.Action),
			jen.Id("Method"):      jen.Lit(roaMethod(p)),
			jen.Id("Path"):        jen.Id("path"),
			jen.Id("Query"):       jen.Id("q"),
			jen.Id("Headers"):     jen.Id("hdr"),
			jen.Id("Body"):        jen.Id("body"),
			jen.Id("ContentType"): jen.Id("ctype"),
		}
		if tok := clientToken(p, req); tok != nil {
			roa[jen.Id("IdempotencyKey")] = jen.Lit(tok.Name)
			if tok.Position == spec.InBody {
				roa[jen.Id("IdempotencyKeyInBody")] = jen.True()
			}
		}
		call = jen.Id("c").Dot("rt").Dot("CallROA").Call(jen.Id("ctx"), jen.Qual(rtPath, "ROARequest").Values(roa), jen.Op("&").Id("resp"))
	} else {
		rpc := jen.Dict{
			jen.Id("Product"): jen.Lit(p.Product),
			jen.Id("Version"): jen.Lit(p.Version),
			jen.Id("Action"):  jen.Lit(p.Action),
			jen.Id("Method"):  jen.Lit("POST"),
			jen.Id("Query"):   jen.Id("req").Dot("EncodeQuery").Call(),
		}
		if fieldNamed(req, "RegionId") != nil {
			rpc[jen.Id("RegionIdParam")] = jen.True()
		}
		if tok := clientToken(p, req); tok != nil {
			rpc[jen.Id("IdempotencyKey")] = jen.Lit(tok.Name)
		}
		call = jen.Id("c").Dot("rt").Dot("CallRPC").Call(jen.Id("ctx"), jen.Qual(rtPath, "RPCRequest").Values(rpc), jen.Op("&").Id("resp"))
	}
	body = append(body,
		jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("resp"), jen.Nil()),
	)
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(act).Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("req").Op("*").Id(reqT),
	).Params(jen.Op("*").Id(respT), jen.Error()).Block(body...)
	f.Line()
}

// clientToken is the API's idempotency parameter: a top-level String
// parameter named ClientToken (in any case) that the call sends in its
// query or form (RPC), or in its query or JSON body (ROA); nil when the
// page documents none. The run-time client fills it with a UUID when the
// caller leaves it empty, the same on every attempt of a call, and retries
// the call after any connection error.
func clientToken(p *spec.Page, req *spec.Field) *spec.Field {
	var raw bool
	for _, c := range req.Fields {
		raw = raw || c.Raw && c.Position == spec.InBody
	}
	for _, c := range req.Fields {
		if !strings.EqualFold(c.Name, "ClientToken") || c.Kind != spec.String || c.Raw {
			continue
		}
		switch {
		case !p.REST():
			return c
		case p.Style == spec.ROA && (c.Position == spec.InQuery || c.Position == ""):
			return c
		case p.Style == spec.ROA && c.Position == spec.InBody && !raw: // a member of the JSON object body
			return c
		}
	}
	return nil
}

// roaMethod is a ROA or SLS page's method (resolve.Page sets one).
func roaMethod(p *spec.Page) string { return string(p.Method) }

// roaBuild emits the statements that lay the request's fields out by
// position: path placeholders, query, headers and a JSON body; for SLS
// also the project (Host) and a raw body.
func (n *Plan) roaBuild(p *spec.Page, req *spec.Field) []jen.Code {
	out := []jen.Code{
		jen.Id("path").Op(":=").Lit(p.Path), // resolve.Page sets one
		jen.Id("q").Op(":=").Qual("net/url", "Values").Values(),
		jen.Id("hdr").Op(":=").Map(jen.String()).String().Values(),
		jen.Id("fields").Op(":=").Map(jen.String()).Any().Values(),
	}
	var host *spec.Field
	if p.Style == spec.SLS {
		for _, c := range req.Fields {
			if c.Position == spec.InHost && c.Kind.IsScalar() && host == nil {
				host = c
			}
		}
		// The project goes into the host name.
		project := jen.Lit("")
		if host != nil {
			project = jen.Qual(rtPath, "Text").Call(jen.Id("req").Dot(n.FieldName(host)))
		}
		out = append(out, jen.Id("project").Op(":=").Add(project))
	}
	var raw *spec.Field // the field that is the whole body, if any
	for _, c := range req.Fields {
		if c.Raw && c.Position == spec.InBody && raw == nil {
			raw = c
		}
	}
	for _, c := range req.Fields {
		fld := jen.Id("req").Dot(n.FieldName(c))
		if c == raw {
			continue
		}
		if c == host {
			continue
		}
		switch c.Position {
		case "Path":
			if c.Kind.IsScalar() {
				out = append(out, jen.Id("path").Op("=").Qual("strings", "ReplaceAll").Call(jen.Id("path"), jen.Lit("{"+c.Name+"}"), jen.Qual("net/url", "PathEscape").Call(jen.Qual(rtPath, "Text").Call(fld))))
				if c.AlsoBody && raw == nil {
					// The body repeats the path parameter.
					out = append(out, jen.If(jen.Add(fld).Op("!=").Nil()).Block(jen.Id("fields").Index(jen.Lit(c.Name)).Op("=").Add(fld)))
				}
				continue
			}
		case "Header":
			if c.Kind.IsScalar() {
				out = append(out, jen.If(jen.Add(fld).Op("!=").Nil()).Block(jen.Id("hdr").Index(jen.Lit(c.Name)).Op("=").Qual(rtPath, "Text").Call(fld)))
				continue
			}
		case "Query", "":
			if c.Kind.IsScalar() {
				out = append(out, jen.Qual(rtPath, "Set").Call(jen.Id("q"), jen.Lit(c.Name), fld))
			} else {
				out = append(out, jen.If(jen.Add(fld).Op("!=").Nil()).Block(jen.Qual(rtPath, "SetJSON").Call(jen.Id("q"), jen.Lit(c.Name), fld)))
			}
			continue
		}
		// Body (and anything else): a member of the JSON body.
		out = append(out, jen.If(jen.Add(fld).Op("!=").Nil()).Block(jen.Id("fields").Index(jen.Lit(c.Name)).Op("=").Add(fld)))
	}
	out = append(out,
		jen.Var().Id("body").Index().Byte(),
		jen.Id("ctype").Op(":=").Lit(""),
	)
	jsonType := "application/json"
	if ct := p.ContentType; p.Style == spec.SLS && ct != "" && strings.Contains(strings.ToLower(ct), "json") {
		jsonType = ct
	}
	switch {
	case raw != nil && rawBytes(raw):
		// A body of bytes (protobuf) sent as it is.
		ct := p.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		out = append(out, jen.If(jen.Id("req").Dot(n.FieldName(raw)).Op("!=").Nil()).Block(
			jen.Id("body").Op("=").Id("req").Dot(n.FieldName(raw)),
			jen.Id("ctype").Op("=").Lit(ct),
		))
	case raw != nil:
		// The whole body is one JSON value.
		out = append(out, jen.If(jen.Id("req").Dot(n.FieldName(raw)).Op("!=").Nil()).Block(
			jen.Var().Err().Error(),
			jen.If(jen.List(jen.Id("body"), jen.Err()).Op("=").Qual("encoding/json", "Marshal").Call(jen.Id("req").Dot(n.FieldName(raw))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("ctype").Op("=").Lit(jsonType),
		))
	}
	out = append(out,
		jen.If(jen.Len(jen.Id("fields")).Op(">").Lit(0)).Block(
			jen.Var().Err().Error(),
			jen.If(jen.List(jen.Id("body"), jen.Err()).Op("=").Qual("encoding/json", "Marshal").Call(jen.Id("fields")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("ctype").Op("=").Lit(jsonType),
		),
	)
	return out
}

// pageFields finds the paging parameters of an API: PageNumber and PageSize
// in the request with TotalCount in the response, or NextToken in both.
func pageFields(p *spec.Page, req *spec.Field) (number, size, total, token *spec.Field) {
	get := func(fs []*spec.Field, name string) *spec.Field {
		for _, f := range fs {
			if f.Name == name {
				return f
			}
		}
		return nil
	}
	if p.Response == nil || p.Response.Kind != spec.Struct {
		return
	}
	isInt := func(f *spec.Field) bool { return f != nil && (f.Kind == spec.Int32 || f.Kind == spec.Int64) }
	number, size, total = get(req.Fields, "PageNumber"), get(req.Fields, "PageSize"), get(p.Response.Fields, "TotalCount")
	if !isInt(number) || !isInt(size) || !isInt(total) {
		number, size, total = nil, nil, nil
	}
	if t, rt := get(req.Fields, "NextToken"), get(p.Response.Fields, "NextToken"); t != nil && rt != nil && t.Kind == spec.String && rt.Kind == spec.String {
		token = t
	}
	return
}

// Paginator emits Client.<Action>Pages for APIs that page their results.
func (n *Plan) Paginator(f *jen.File, p *spec.Page, req *spec.Field) {
	number, size, total, token := pageFields(p, req)
	if number == nil && token == nil {
		return
	}
	act := APIName(p)
	reqT, respT := n.TypeName(req), n.TypeName(p.Response)
	seq := jen.Qual("iter", "Seq2").Types(jen.Op("*").Id(respT), jen.Error())
	var loop []jen.Code
	// The page's results: the first list of the response (breadth first
	// through its structs), when it has one.
	var count jen.Code
	if path := firstList(p.Response); path != nil {
		sel := jen.Id("resp")
		for _, f := range path {
			sel = sel.Dot(n.FieldName(f))
		}
		count = jen.Len(sel)
	}
	if number != nil {
		nk := builtin(number.Kind)
		f.Comment(act + "Pages calls " + act + " for every page, from req.PageNumber (1 when unset) until TotalCount results were seen or a page comes back empty; the page size is req.PageSize, else the one the response reports, else the number of results of the first page. It stops at the first error.")
		perFromResp := jen.Null()
		if rs := fieldNamed(p.Response, "PageSize"); rs != nil && (rs.Kind == spec.Int32 || rs.Kind == spec.Int64) {
			perFromResp = jen.If(jen.Id("per").Op("<=").Lit(0)).Block(jen.Id("per").Op("=").Int64().Call(jen.Id("resp").Dot(n.FieldName(rs))))
		}
		stopEmpty := jen.Null()
		if count != nil {
			stopEmpty = jen.If(jen.Id("n").Op(":=").Add(count), jen.Id("n").Op("==").Lit(0)).Block(jen.Return()).Else().If(jen.Id("per").Op("<=").Lit(0)).Block(jen.Id("per").Op("=").Int64().Call(jen.Id("n")))
		}
		loop = []jen.Code{
			jen.Id("r").Op(":=").Op("*").Id("req"),
			jen.Id("page").Op(":=").Add(nk).Call(jen.Lit(1)),
			jen.If(jen.Id("r").Dot(n.FieldName(number)).Op("!=").Nil()).Block(jen.Id("page").Op("=").Op("*").Id("r").Dot(n.FieldName(number))),
			jen.Id("per").Op(":=").Int64().Call(jen.Lit(0)),
			jen.If(jen.Id("r").Dot(n.FieldName(size)).Op("!=").Nil()).Block(jen.Id("per").Op("=").Int64().Call(jen.Op("*").Id("r").Dot(n.FieldName(size)))),
			jen.For().Block(
				jen.Id("r").Dot(n.FieldName(number)).Op("=").Qual(rtPath, "Ptr").Call(jen.Id("page")),
				jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(act).Call(jen.Id("ctx"), jen.Op("&").Id("r")),
				jen.If(jen.Op("!").Id("yield").Call(jen.Id("resp"), jen.Err()).Op("||").Err().Op("!=").Nil()).Block(jen.Return()),
				perFromResp,
				stopEmpty,
				jen.If(jen.Id("per").Op("<=").Lit(0).Op("||").Int64().Call(jen.Id("page")).Op("*").Id("per").Op(">=").Int64().Call(jen.Id("resp").Dot(n.FieldName(total)))).Block(jen.Return()),
				jen.Id("page").Op("++"),
			),
		}
	} else {
		f.Comment(act + "Pages calls " + act + " for every page, following NextToken until it is empty, repeats itself or a page comes back empty; it stops at the first error.")
		stopEmpty := jen.Null()
		if count != nil {
			stopEmpty = jen.If(jen.Add(count).Op("==").Lit(0)).Block(jen.Return())
		}
		loop = []jen.Code{
			jen.Id("r").Op(":=").Op("*").Id("req"),
			jen.For().Block(
				jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot(act).Call(jen.Id("ctx"), jen.Op("&").Id("r")),
				jen.If(jen.Op("!").Id("yield").Call(jen.Id("resp"), jen.Err()).Op("||").Err().Op("!=").Nil()).Block(jen.Return()),
				stopEmpty,
				jen.Id("next").Op(":=").String().Call(jen.Id("resp").Dot(n.FieldName(fieldNamed(p.Response, "NextToken")))),
				jen.If(jen.Id("next").Op("==").Lit("").Op("||").Id("r").Dot(n.FieldName(token)).Op("!=").Nil().Op("&&").Op("*").Id("r").Dot(n.FieldName(token)).Op("==").Id("next")).Block(jen.Return()),
				jen.Id("r").Dot(n.FieldName(token)).Op("=").Op("&").Id("next"),
			),
		}
	}
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(act+"Pages").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("req").Op("*").Id(reqT),
	).Add(seq).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Op("*").Id(respT), jen.Error()).Bool()).Block(loop...)),
	)
	f.Line()
}

// firstList is the path from the response root to its first list, breadth
// first through struct fields (a list of results wrapped as in
// {"Users":{"User":[...]}} is found one level down), or nil.
func firstList(root *spec.Field) []*spec.Field {
	type node struct{ path []*spec.Field }
	level := []node{{}}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []node
		for _, nd := range level {
			s := root
			if len(nd.path) > 0 {
				s = nd.path[len(nd.path)-1]
			}
			for _, f := range s.Fields {
				path := append(append([]*spec.Field(nil), nd.path...), f)
				switch f.Kind {
				case spec.Array:
					return path
				case spec.Struct:
					next = append(next, node{path})
				}
			}
		}
		level = next
	}
	return nil
}

func fieldNamed(s *spec.Field, name string) *spec.Field {
	for _, f := range s.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}
