package templates

import (
	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

// requestRoot wraps a page's parameters as the request struct.
func requestRoot(p *spec.Page) *spec.Field {
	if p.Request != nil {
		return p.Request
	}
	return &spec.Field{Name: p.Action + "Request", Kind: spec.Struct}
}

// RequestStruct emits <Action>Request and the structs of its nested parameters.
func (n *Plan) RequestStruct(f *jen.File, p *spec.Page, root *spec.Field) {
	name := n.TypeName(root)
	doc := []string{name + " holds the parameters of " + p.Action + "."}
	if p.Title != "" {
		doc = append(doc, "", p.Title)
	}
	if p.Description != "" {
		doc = append(doc, p.Description)
	}
	for _, c := range docComment(doc...) {
		f.Add(c)
	}
	n.requestStructType(f, name, root)
}

func (n *Plan) requestStructType(f *jen.File, name string, s *spec.Field) {
	var fields []jen.Code
	for _, c := range s.Fields {
		fn := n.FieldName(c)
		fields = append(fields, fieldDoc(fn, c)...)
		if canon, ok := n.deprecated[c]; ok {
			fields = append(fields, jen.Comment("//"), jen.Comment("// Deprecated: the page's older spelling "+c.Name+"; use "+canon+"."))
		}
		fields = append(fields, jen.Id(fn).Add(n.requestType(c)).Tag(map[string]string{"json": c.Name + ",omitempty"}))
	}
	f.Type().Id(name).Struct(fields...)
	f.Line()
	for _, c := range s.Fields {
		if st := structOf(c); st != nil {
			f.Comment(n.TypeName(st) + " is the " + c.Name + " parameter of " + name + ".")
			n.requestStructType(f, n.TypeName(st), st)
		}
	}
}

// structOf returns the struct a field holds, itself or in its list.
func structOf(f *spec.Field) *spec.Field {
	for f != nil {
		switch f.Kind {
		case spec.Struct:
			return f
		case spec.Array:
			f = f.Elem
			continue
		}
		return nil
	}
	return nil
}

// Validate emits the method that names every missing required parameter.
func (n *Plan) Validate(f *jen.File, p *spec.Page, root *spec.Field) {
	name := n.TypeName(root)
	var body []jen.Code
	body = append(body, jen.Var().Id("m").Qual(rtPath, "Missing"))
	for _, c := range root.Fields {
		if !c.Required {
			continue
		}
		var set jen.Code
		if c.Kind == spec.Array {
			set = jen.Len(jen.Id("r").Dot(n.FieldName(c))).Op(">").Lit(0)
		} else {
			set = jen.Id("r").Dot(n.FieldName(c)).Op("!=").Nil()
		}
		body = append(body, jen.Id("m").Dot("Check").Call(set, jen.Lit(c.Name)))
	}
	body = append(body, jen.Return(jen.Id("m").Dot("Err").Call(jen.Lit(p.Action))))
	f.Comment("Validate reports every required parameter of " + p.Action + " that is not set.")
	f.Func().Params(jen.Id("r").Op("*").Id(name)).Id("Validate").Params().Error().Block(body...)
	f.Line()
	f.Comment("Action is the API name sent as the Action parameter.")
	f.Func().Params(jen.Op("*").Id(name)).Id("Action").Params().String().Block(jen.Return(jen.Lit(p.Action)))
	f.Line()
}

// sentInQuery tells which top-level parameters travel in the query string.
func sentInQuery(p *spec.Page, c *spec.Field) bool {
	return !p.REST() || c.Position == spec.InQuery || c.Position == ""
}

// QueryCodec emits EncodeQuery/DecodeQuery and the per-struct helpers.
func (n *Plan) QueryCodec(f *jen.File, p *spec.Page, root *spec.Field) {
	name := n.TypeName(root)
	f.Comment("EncodeQuery encodes the query parameters of the request: lists as Name.1, Name.2, …, structs as Name.Member.")
	f.Func().Params(jen.Id("r").Op("*").Id(name)).Id("EncodeQuery").Params().Qual("net/url", "Values").Block(
		jen.Id("q").Op(":=").Qual("net/url", "Values").Values(),
		jen.Id("r").Dot("encodeQuery").Call(jen.Id("q"), jen.Lit("")),
		jen.Return(jen.Id("q")),
	)
	f.Line()
	f.Comment("DecodeQuery fills the request from query parameters; unknown parameters and malformed values are errors.")
	f.Func().Params(jen.Id("r").Op("*").Id(name)).Id("DecodeQuery").Params(jen.Id("q").Qual("net/url", "Values")).Error().Block(
		jen.Id("rd").Op(":=").Qual(rtPath, "NewQueryReader").Call(jen.Id("q")),
		jen.Id("r").Dot("decodeQuery").Call(jen.Id("rd"), jen.Lit("")),
		jen.Return(jen.Id("rd").Dot("Err").Call()),
	)
	f.Line()
	var fields []*spec.Field
	for _, c := range root.Fields {
		if sentInQuery(p, c) {
			fields = append(fields, c)
		}
	}
	n.structCodec(f, name, fields)
	var nested func(fs []*spec.Field)
	done := map[*spec.Field]bool{}
	nested = func(fs []*spec.Field) {
		for _, c := range fs {
			if st := structOf(c); st != nil && !done[st] && (c.Flat || c.Kind == spec.Array && c.Flat) {
				done[st] = true
				n.structCodec(f, n.TypeName(st), st.Fields)
				nested(st.Fields)
			}
		}
	}
	nested(fields)
}

func (n *Plan) structCodec(f *jen.File, name string, fields []*spec.Field) {
	var enc, dec []jen.Code
	for _, c := range fields {
		fn := jen.Id("r").Dot(n.FieldName(c))
		key := jen.Id("prefix").Op("+").Lit(c.Name)
		switch {
		case c.Kind.IsScalar():
			enc = append(enc, jen.Qual(rtPath, "Set").Call(jen.Id("q"), key, fn))
			dec = append(dec, jen.Qual(rtPath, "Get").Call(jen.Id("rd"), key, jen.Op("&").Add(fn)))
		case c.Kind == spec.Array && c.Flat && c.Elem.Kind.IsScalar():
			enc = append(enc, jen.Qual(rtPath, "SetList").Call(jen.Id("q"), key, fn))
			dec = append(dec, jen.Qual(rtPath, "GetList").Call(jen.Id("rd"), key, jen.Op("&").Add(fn)))
		case c.Kind == spec.Array && c.Flat && c.Elem.Kind == spec.Struct:
			item := jen.Qual(rtPath, "Item").Call(jen.Id("prefix").Op("+").Lit(c.Name), jen.Id("i"))
			enc = append(enc, jen.For(jen.Id("i").Op(":=").Range().Add(fn)).Block(
				jen.Add(fn).Index(jen.Id("i")).Dot("encodeQuery").Call(jen.Id("q"), jen.Add(item).Op("+").Lit(".")),
			))
			dec = append(dec, jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("rd").Dot("Has").Call(item), jen.Id("i").Op("++")).Block(
				jen.Var().Id("e").Id(n.TypeName(c.Elem)),
				jen.Id("e").Dot("decodeQuery").Call(jen.Id("rd"), jen.Add(item).Op("+").Lit(".")),
				jen.Add(fn).Op("=").Append(fn, jen.Id("e")),
			))
		case c.Kind == spec.Struct && c.Flat:
			enc = append(enc, jen.If(jen.Add(fn).Op("!=").Nil()).Block(
				jen.Add(fn).Dot("encodeQuery").Call(jen.Id("q"), jen.Id("prefix").Op("+").Lit(c.Name+".")),
			))
			dec = append(dec, jen.If(jen.Id("rd").Dot("Has").Call(key)).Block(
				jen.Add(fn).Op("=").New(jen.Id(n.TypeName(c))),
				jen.Add(fn).Dot("decodeQuery").Call(jen.Id("rd"), jen.Id("prefix").Op("+").Lit(c.Name+".")),
			))
		default: // sent as one JSON value
			enc = append(enc, jen.If(jen.Add(fn).Op("!=").Nil()).Block(
				jen.Qual(rtPath, "SetJSON").Call(jen.Id("q"), key, fn),
			))
			dec = append(dec, jen.Id("rd").Dot("GetJSON").Call(key, jen.Op("&").Add(fn)))
		}
	}
	recv := jen.Id("r").Op("*").Id(name)
	if len(fields) == 0 {
		recv = jen.Op("*").Id(name)
	}
	f.Func().Params(recv).Id("encodeQuery").Params(jen.Id("q").Qual("net/url", "Values"), jen.Id("prefix").String()).Block(enc...)
	f.Line()
	f.Func().Params(recv).Id("decodeQuery").Params(jen.Id("rd").Op("*").Qual(rtPath, "QueryReader"), jen.Id("prefix").String()).Block(dec...)
	f.Line()
}

// ErrorCodes emits the page's documented error codes as constants and a table.
func (n *Plan) ErrorCodes(f *jen.File, p *spec.Page) {
	if len(p.Errors) == 0 {
		return
	}
	ids, table := n.errConst[p], n.errTable[p]
	var consts, rows []jen.Code
	seen := map[string]bool{}
	for _, e := range p.Errors {
		id := ids[e.Code]
		if !seen[e.Code] {
			seen[e.Code] = true
			consts = append(consts, docComment(errorDoc(e))...)
			consts = append(consts, jen.Id(id).Op("=").Lit(e.Code))
		}
		rows = append(rows, jen.Values(jen.Dict{
			jen.Id("HTTPStatus"): jen.Lit(e.HTTPStatus),
			jen.Id("Code"):       jen.Id(id),
			jen.Id("Message"):    jen.Lit(e.Message),
		}))
	}
	f.Comment("Error codes documented for " + p.Action + ".")
	f.Const().Defs(consts...)
	f.Line()
	f.Comment(table + " lists the error codes the page documents for " + p.Action + ", with HTTP status and message.")
	f.Var().Id(table).Op("=").Index().Qual(rtPath, "ErrorCode").Values(rows...)
	f.Line()
}

func errorDoc(e spec.ErrorCode) string {
	s := e.Code
	if e.HTTPStatus != 0 {
		s += " (HTTP " + itoa(e.HTTPStatus) + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Description != "" {
		s += "\n" + e.Description
	}
	return s
}
