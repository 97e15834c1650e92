package templates

import (
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

// The response types decode JSON and XML through acsrt's single-pass
// decoders, without reflection. Each struct has one method, DecodeField: a
// switch on the wire names that reads the named field from an
// acsrt.Decoder, whichever the format. The root type also has UnmarshalJSON,
// so that json.Unmarshal takes the same path.

func decoderParam() jen.Code { return jen.Id("d").Qual(rtPath, "Decoder") }

// DecodeField emits DecodeField for the struct name, whose fields are
// those of s.
func (n *Plan) DecodeField(f *jen.File, name string, s *spec.Field) {
	cases := make([]jen.Code, 0, len(s.Fields)+1)
	for _, c := range s.Fields {
		var body []jen.Code
		if !naming.XMLName(c.Name) {
			// Not an XML name: the field is tagged xml:"-", and encoding/xml
			// leaves such an element alone.
			body = append(body, jen.If(jen.Qual(rtPath, "IsXML").Call(jen.Id("d"))).Block(jen.Return(jen.False())))
		}
		body = append(body, n.decodeValue(jen.Id("v").Dot(n.FieldName(c)), c))
		cases = append(cases, jen.Case(jen.Lit(c.Name)).Block(body...))
	}
	cases = append(cases, jen.Default().Return(jen.False()))
	body := []jen.Code{jen.Switch(jen.Id("k")).Block(cases...), jen.Return(jen.True())}
	if len(s.Fields) == 0 {
		body = []jen.Code{jen.Return(jen.False())}
	}
	f.Comment("DecodeField reads the field whose wire name is k from d (JSON or XML);")
	f.Comment("it is false when there is none.")
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("DecodeField").Params(decoderParam(), jen.Id("k").String()).Bool().Block(body...)
	f.Line()
}

// RootDecoder emits UnmarshalJSON for the response type name, and for a
// list type Decode, which reads its elements elem.
func (n *Plan) RootDecoder(f *jen.File, name string, list *spec.Field) {
	if list != nil {
		f.Comment("Decode reads v from d (JSON or XML).")
		f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("Decode").Params(decoderParam()).Block(
			n.decodeList(jen.Parens(jen.Op("*").Index().Add(n.responseType(list))).Call(jen.Id("v")), list),
		)
		f.Line()
	}
	f.Comment("UnmarshalJSON decodes v with acsrt.UnmarshalJSON, as acsrt.Client does.")
	f.Func().Params(jen.Id("v").Op("*").Id(name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
		jen.Return(jen.Qual(rtPath, "UnmarshalJSON").Call(jen.Id("b"), jen.Id("v"))),
	)
	f.Line()
}

// decodeValue is the statement that reads a value of field c into dst.
func (n *Plan) decodeValue(dst *jen.Statement, c *spec.Field) jen.Code {
	switch c.Kind {
	case spec.Array:
		return n.decodeList(jen.Op("&").Add(dst), c.Elem)
	case spec.Struct:
		return jen.Qual(rtPath, "DecodeStruct").Call(jen.Id("d"), jen.Op("&").Add(dst))
	}
	return dst.Dot("Decode").Call(jen.Id("d"))
}

// decodeList is the statement that reads the list l (a pointer) whose
// elements are elem.
func (n *Plan) decodeList(l jen.Code, elem *spec.Field) jen.Code {
	if elem.Kind == spec.Struct {
		return jen.Qual(rtPath, "DecodeStructs").Call(jen.Id("d"), l)
	}
	return jen.Qual(rtPath, "DecodeList").Call(jen.Id("d"), l, n.elemDecoder(elem))
}

// elemDecoder is a func(*E, acsrt.Decoder) that reads one list element of a
// list of scalars, maps or lists.
func (n *Plan) elemDecoder(e *spec.Field) jen.Code {
	if e.Kind == spec.Array {
		return jen.Func().Params(jen.Id("e").Op("*").Add(n.responseType(e)), decoderParam()).Block(
			n.decodeList(jen.Id("e"), e.Elem),
		)
	}
	return jen.Parens(jen.Op("*").Add(n.responseType(e))).Dot("Decode")
}
