package templates

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

// responseType is the Go type of a response field: lenient scalars from the
// runtime package, named structs, slices.
func (n *Plan) responseType(f *spec.Field) jen.Code {
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
func (n *Plan) requestType(f *spec.Field) jen.Code {
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

func (n *Plan) elemType(e *spec.Field) jen.Code {
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

// fieldDoc is the doc comment of a field: its description, then a
// paragraph of what the page's table says besides: whether the parameter
// is required, and its example value when that is short.
func fieldDoc(name string, f *spec.Field) []jen.Code {
	desc := f.Description
	if desc == "" {
		desc = name + " has no description in the page."
	}
	out := docComment(desc)
	var facts []string
	if f.Required {
		facts = append(facts, "Required.")
	}
	if ex := docExample(f.Example, f.Kind); ex != "" {
		facts = append(facts, "Example: "+ex)
	}
	if len(facts) > 0 {
		out = append(out, jen.Comment("//"))
		out = append(out, docComment(strings.Join(facts, " "))...)
	}
	return out
}

// maxDocExample is the longest example value (in runes) a field's doc
// quotes; longer ones (JSON documents, expressions) stay in the page.
const maxDocExample = 80

// docExample is an example value as a field's doc quotes it: on one line,
// a number or boolean of a numeric or boolean field as it is, anything
// else Go-quoted; "" when there is none or it is too long.
func docExample(ex string, k spec.Kind) string {
	ex = strings.Join(strings.Fields(ex), " ")
	if ex == "" || utf8.RuneCountInString(ex) > maxDocExample {
		return ""
	}
	switch k {
	case spec.Int32, spec.Int64:
		if _, err := strconv.ParseInt(ex, 10, 64); err == nil {
			return ex
		}
	case spec.Float64:
		if _, err := strconv.ParseFloat(ex, 64); err == nil {
			return ex
		}
	case spec.Bool:
		if ex == "true" || ex == "false" {
			return ex
		}
	}
	return strconv.Quote(ex)
}

// rawBytes tells a raw body sent as bytes (SLS protobuf): a []byte field.
func rawBytes(f *spec.Field) bool { return f.Raw && f.Kind == spec.String }
