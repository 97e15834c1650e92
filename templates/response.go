package templates

import (
	"strconv"

	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
	"github.com/dave/jennifer/jen"
)

func itoa(i int) string { return strconv.Itoa(i) }

// ResponseStruct emits <Action>Response and its nested structs, tagged with
// the wire names for JSON and XML.
func (n *Plan) ResponseStruct(f *jen.File, p *spec.Page) {
	r := p.Response
	name := n.TypeName(r)
	doc := []string{name + " is the response of " + p.Action + ". In XML its root element is <" + p.Action + "Response>."}
	for _, c := range docComment(doc...) {
		f.Add(c)
	}
	if r.Kind == spec.Map || r.Kind == spec.Any {
		f.Type().Id(name).Op("=").Qual(rtPath, "Map")
		f.Line()
		return
	}
	if r.Kind == spec.Array {
		f.Type().Id(name).Index().Add(n.responseType(r.Elem))
		f.Line()
		n.RootDecoder(f, name, r.Elem)
		if st := structOf(r.Elem); st != nil {
			n.responseStructType(f, n.TypeName(st), st, "an element of "+name)
		}
		return
	}
	n.responseStructType(f, name, r, "")
}

func (n *Plan) responseStructType(f *jen.File, name string, s *spec.Field, what string) {
	if what != "" {
		f.Comment(name + " is " + what + ".")
	}
	var fields []jen.Code
	for _, c := range s.Fields {
		fn := n.FieldName(c)
		fields = append(fields, fieldDoc(fn, c)...)
		xmlTag := c.Name
		if !naming.XMLName(c.Name) {
			xmlTag = "-" // not an XML element name: the field exists in JSON only
		}
		fields = append(fields, jen.Id(fn).Add(n.responseType(c)).Tag(map[string]string{"json": c.Name, "xml": xmlTag}))
	}
	f.Type().Id(name).Struct(fields...)
	f.Line()
	n.DecodeField(f, name, s)
	if what == "" {
		n.RootDecoder(f, name, nil)
	}
	for _, c := range s.Fields {
		if st := structOf(c); st != nil {
			n.responseStructType(f, n.TypeName(st), st, "the "+c.Name+" field of "+name)
		}
	}
}
