package templates

import (
	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

// responseType is the Go type of a response field: lenient scalars from the
// runtime package, named structs, slices.
func (n *Names) responseType(f *spec.Field) jen.Code {
	switch f.Kind {
	case spec.String:
		return jen.Qual(rtPath, "String")
	case spec.Int32:
		return jen.Qual(rtPath, "Int32")
	case spec.Int64:
		return jen.Qual(rtPath, "Int64")
	case spec.Float64:
		return jen.Qual(rtPath, "Float64")
	case spec.Bool:
		return jen.Qual(rtPath, "Bool")
	case spec.Struct:
		return jen.Id(n.TypeName(f))
	case spec.Array:
		return jen.Index().Add(n.responseType(f.Elem))
	}
	return jen.Qual(rtPath, "Map")
}

// builtin is the plain Go type of a scalar kind.
func builtin(k spec.Kind) jen.Code {
	switch k {
	case spec.Int32:
		return jen.Int32()
	case spec.Int64:
		return jen.Int64()
	case spec.Float64:
		return jen.Float64()
	case spec.Bool:
		return jen.Bool()
	}
	return jen.String()
}

// requestType is the Go type of a request field: optional scalars are
// pointers so that "not set" differs from zero.
func (n *Names) requestType(f *spec.Field) jen.Code {
	switch {
	case rawBytes(f):
		return jen.Index().Byte()
	case f.Kind.IsScalar():
		return jen.Op("*").Add(builtin(f.Kind))
	case f.Kind == spec.Struct:
		return jen.Op("*").Id(n.TypeName(f))
	case f.Kind == spec.Array:
		return jen.Index().Add(n.elemType(f.Elem))
	}
	return jen.Any()
}

func (n *Names) elemType(e *spec.Field) jen.Code {
	switch {
	case e.Kind.IsScalar():
		return builtin(e.Kind)
	case e.Kind == spec.Struct:
		return jen.Id(n.TypeName(e))
	case e.Kind == spec.Array:
		return jen.Index().Add(n.elemType(e.Elem))
	}
	return jen.Any()
}

// docComment emits a doc comment as // lines, never as a block comment, so no
// text from the page can end it early.
func docComment(lines ...string) []jen.Code {
	var out []jen.Code
	for _, l := range lines {
		for _, c := range commentLines(l) {
			// Given with its own "// ", jennifer writes the line as is: page
			// text starting with "//go:" or "/*" stays inside a plain comment.
			out = append(out, jen.Comment("// "+c))
		}
	}
	return out
}

// fieldDoc is the doc comment of a field: its description, then where it came from.
func fieldDoc(name string, f *spec.Field) []jen.Code {
	desc := f.Description
	if desc == "" {
		desc = name + " has no description in the page."
	}
	return docComment(desc)
}

// rawBytes tells a raw body sent as bytes (SLS protobuf): a []byte field.
func rawBytes(f *spec.Field) bool { return f.Raw && f.Kind == spec.String }
