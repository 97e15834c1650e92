package templates

import (
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

// The response types read JSON through acsrt.JSONDecoder, in one pass and
// without reflection: each struct has a DecodeJSON method that loops over
// the keys of an object and switches on the wire names, and an UnmarshalJSON
// method so that json.Unmarshal takes the same path.

func decoderParam() jen.Code { return jen.Id("d").Op("*").Qual(rtPath, "JSONDecoder") }

// JSONDecoder emits DecodeJSON and UnmarshalJSON for the struct name, whose
// fields are those of s.
func (n *Names) JSONDecoder(f *jen.File, name string, s *spec.Field) {
	cases := make([]jen.Code, 0, len(s.Fields)+1)
	for _, c := range s.Fields {
		cases = append(cases, jen.Case(jen.Lit(c.Name)).Add(n.decodeField(jen.Id("v").Dot(n.FieldName(c)), c)))
	}
	cases = append(cases, jen.Default().Id("d").Dot("Unknown").Call())
	f.Comment("DecodeJSON reads v from d, matching keys to wire names exactly.")
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("DecodeJSON").Params(decoderParam()).Block(
		jen.For(jen.Id("ok").Op(":=").Id("d").Dot("Object").Call(), jen.Id("ok"), jen.Id("ok").Op("=").Id("d").Dot("NextKey").Call()).Block(
			jen.Switch(jen.Id("d").Dot("Key").Call()).Block(cases...),
		),
	)
	f.Line()
	unmarshalJSON(f, name)
	n.xmlDecoder(f, name, s)
}

// xmlDecoder emits DecodeXML for the struct name, whose fields are those of
// s: a loop over the child elements with a switch on their names (fields
// whose names are not XML names are left out, as encoding/xml leaves them).
func (n *Names) xmlDecoder(f *jen.File, name string, s *spec.Field) {
	cases := make([]jen.Code, 0, len(s.Fields)+1)
	for _, c := range s.Fields {
		if !naming.XMLName(c.Name) {
			continue
		}
		dst := jen.Id("v").Dot(n.FieldName(c))
		var read jen.Code
		if c.Kind == spec.Array {
			read = jen.Qual(rtPath, "DecodeXMLList").Call(jen.Id("d"), jen.Op("&").Add(dst), n.xmlElemDecoder(c.Elem))
		} else {
			read = dst.Dot("DecodeXML").Call(jen.Id("d"))
		}
		cases = append(cases, jen.Case(jen.Lit(c.Name)).Add(read))
	}
	cases = append(cases, jen.Default().Id("d").Dot("Skip").Call())
	f.Comment("DecodeXML reads v from d: the child elements of the element just started.")
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("DecodeXML").Params(jen.Id("d").Op("*").Qual(rtPath, "XMLDecoder")).Block(
		jen.For(jen.Id("d").Dot("Child").Call()).Block(
			jen.Switch(jen.Id("d").Dot("Name").Call()).Block(cases...),
		),
	)
	f.Line()
}

// xmlElemDecoder is a func(*E, *acsrt.XMLDecoder) that reads one list
// element from one XML element.
func (n *Names) xmlElemDecoder(e *spec.Field) jen.Code {
	if e.Kind == spec.Array {
		return jen.Func().Params(jen.Id("e").Op("*").Add(n.responseType(e)), jen.Id("d").Op("*").Qual(rtPath, "XMLDecoder")).Block(
			jen.Qual(rtPath, "DecodeXMLList").Call(jen.Id("d"), jen.Id("e"), n.xmlElemDecoder(e.Elem)),
		)
	}
	return jen.Parens(jen.Op("*").Add(n.responseType(e))).Dot("DecodeXML")
}

// ListJSONDecoder emits DecodeJSON and UnmarshalJSON for the list type name,
// whose elements are elem.
func (n *Names) ListJSONDecoder(f *jen.File, name string, elem *spec.Field) {
	f.Comment("DecodeJSON reads v from d: a JSON array.")
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("DecodeJSON").Params(decoderParam()).Block(
		jen.Qual(rtPath, "DecodeList").Call(jen.Id("d"), jen.Parens(jen.Op("*").Index().Add(n.responseType(elem))).Call(jen.Id("v")), n.elemDecoder(elem)),
	)
	f.Line()
	unmarshalJSON(f, name)
}

func unmarshalJSON(f *jen.File, name string) {
	f.Comment("UnmarshalJSON decodes v with DecodeJSON, as acsrt.Client does.")
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
		jen.Return(jen.Qual(rtPath, "UnmarshalJSON").Call(jen.Id("b"), jen.Id("v"))),
	)
	f.Line()
}

// decodeField is the statement that reads the value of field c into dst.
func (n *Names) decodeField(dst *jen.Statement, c *spec.Field) jen.Code {
	if c.Kind == spec.Array {
		return jen.Qual(rtPath, "DecodeList").Call(jen.Id("d"), jen.Op("&").Add(dst), n.elemDecoder(c.Elem))
	}
	return dst.Dot("DecodeJSON").Call(jen.Id("d"))
}

// elemDecoder is a func(*E, *acsrt.JSONDecoder) that reads one list element:
// a DecodeJSON method expression, or for a list of lists a function literal.
func (n *Names) elemDecoder(e *spec.Field) jen.Code {
	if e.Kind == spec.Array {
		return jen.Func().Params(jen.Id("e").Op("*").Add(n.responseType(e)), decoderParam()).Block(
			jen.Qual(rtPath, "DecodeList").Call(jen.Id("d"), jen.Id("e"), n.elemDecoder(e.Elem)),
		)
	}
	return jen.Parens(jen.Op("*").Add(n.responseType(e))).Dot("DecodeJSON")
}
