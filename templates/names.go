// Package templates holds the jennifer emitters: one function per construct
// of the generated code (request struct, its Validate and query codec,
// response structs, error codes, generated tests). Imports follow from the
// qualified identifiers used.
package templates

import (
	"strings"

	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
)

// The import paths generated code uses besides the standard library's:
// the runtime, and for the generated tests its test helpers and fake.
const (
	rtPath   = "github.com/cccgen/cccgen/acsrt"
	testPath = "github.com/cccgen/cccgen/acsrt/acstest"
	fakePath = "github.com/cccgen/cccgen/acsrt/acsfake"
)

// Plan holds the Go names chosen for one package before anything is
// emitted (PlanAll), and the emitters are its methods, which only read it:
// type names unique across the package (with the error constants, their
// tables and the test files' example constants), field names unique within
// their struct. Names depend only on
// the page that owns them (plus clash suffixes), so adding an unrelated page
// does not rename anything.
type Plan struct {
	types   naming.Unique
	typeOf  map[*spec.Field]string
	field   map[*spec.Field]string
	reqRoot map[*spec.Page]*spec.Field
	actions map[string]bool // the Go names of the package's Actions (Client methods)
	// deprecated maps a request member spelled like another but for case
	// (Tag.N.key beside Tag.N.Key) to the Go name of the canonical one.
	deprecated map[*spec.Field]string
	// exampleJSON is the test file's constant holding each page's JSON
	// response example (package-level, so claimed with the types).
	exampleJSON map[*spec.Page]string
	// errConst names each page's error-code constants by code, errTable
	// its table of them (<Action>Errors); pages tells the pages that get a
	// Client.<Action>Pages paginator (none when another Action has that name).
	errConst map[*spec.Page]map[string]string
	errTable map[*spec.Page]string
	pages    map[*spec.Page]bool
}

// NewPlan makes an empty plan for one package; PlanAll fills it.
func NewPlan() *Plan {
	n := &Plan{typeOf: map[*spec.Field]string{}, field: map[*spec.Field]string{}, reqRoot: map[*spec.Page]*spec.Field{}, actions: map[string]bool{}, deprecated: map[*spec.Field]string{}, exampleJSON: map[*spec.Page]string{},
		errConst: map[*spec.Page]map[string]string{}, errTable: map[*spec.Page]string{}, pages: map[*spec.Page]bool{}}
	n.types.Reserve("Client", "NewClient")
	return n
}

// requestMethods are the methods of request types; fields may not take their names.
var requestMethods = []string{"Validate", "EncodeQuery", "DecodeQuery", "Action"}

// responseMethods are the methods of response structs (see decode.go);
// fields may not take their names.
var responseMethods = []string{"DecodeField", "UnmarshalJSON"}

// PlanAll plans the Go names of a package's pages, in the order given,
// before anything is emitted: every page's types and fields (Plan), then
// every page's error-code constants and their table, then which pages get
// a paginator. Emitters only read the plan.
func (n *Plan) PlanAll(pages []*spec.Page) {
	for _, p := range pages {
		n.planPage(p)
	}
	for _, p := range pages {
		n.planErrors(p)
	}
	for _, p := range pages {
		n.pages[p] = !n.actions[APIName(p)+"Pages"]
	}
}

// planErrors names the constants of a page's error codes (<Action>Err<Code>,
// one per distinct code) and their table (<Action>Errors).
func (n *Plan) planErrors(p *spec.Page) {
	if len(p.Errors) == 0 {
		return
	}
	base := APIName(p) + "Err"
	var u naming.Unique
	ids := map[string]string{}
	for _, e := range p.Errors {
		if _, ok := ids[e.Code]; !ok {
			ids[e.Code] = n.types.Name(u.Name(base + naming.Exported(e.Code)))
		}
	}
	n.errConst[p] = ids
	n.errTable[p] = n.types.Name(base + "ors")
}

// planPage names every struct type and field of a page (PlanAll calls it;
// the package-level names that follow from all pages are PlanAll's).
func (n *Plan) planPage(p *spec.Page) {
	req := requestRoot(p)
	n.reqRoot[p] = req
	n.actions[APIName(p)] = true
	n.planStruct(req, n.types.Name(APIName(p)+"Request"), requestMethods, true)
	if p.Response != nil {
		name := n.types.Name(APIName(p) + "Response")
		if p.Response.Kind != spec.Struct {
			n.typeOf[p.Response] = name
		}
		if p.Response.Kind == spec.Array {
			n.typeOf[p.Response] = name
			name = n.types.Name(name + "Item")
		}
		n.planType(p.Response, name, false)
	}
	if _, ok := canonical(p, spec.JSONExample); ok {
		n.exampleJSON[p] = n.types.Name("Example" + APIName(p) + "JSON")
	}
}

func (n *Plan) planType(f *spec.Field, name string, request bool) {
	switch f.Kind {
	case spec.Struct:
		n.planStruct(f, name, responseMethods, request)
	case spec.Array:
		n.planType(f.Elem, name, request)
	}
}

func (n *Plan) planStruct(f *spec.Field, name string, reserved []string, request bool) {
	n.typeOf[f] = name
	var u naming.Unique
	u.Reserve(reserved...)
	// Two spellings of one key (Tag.N.Key, and the older Tag.N.key): the
	// one written as its Go name (upper camel case, as RPC parameters are)
	// takes the plain name whatever the order; in a request the other is
	// named and documented as deprecated.
	canon, count := map[string]*spec.Field{}, map[string]int{}
	for _, c := range f.Fields {
		e := naming.Exported(c.Name)
		count[e]++
		if cur, ok := canon[e]; !ok || cur.Name != e && c.Name == e {
			canon[e] = c
		}
	}
	for _, c := range f.Fields {
		if e := naming.Exported(c.Name); count[e] == 1 || canon[e] == c {
			n.field[c] = u.Name(e)
		}
	}
	for _, c := range f.Fields {
		e := naming.Exported(c.Name)
		if count[e] == 1 || canon[e] == c {
			continue
		}
		if request && c.Position == canon[e].Position && !c.Required {
			// The same parameter in another spelling; one the page
			// requires, or one sent elsewhere (a path InstanceId and a
			// body instanceId), is a parameter of its own.
			n.field[c] = u.Name(e + "Deprecated")
			n.deprecated[c] = n.field[canon[e]]
		} else {
			n.field[c] = u.Name(e)
		}
	}
	for _, c := range f.Fields {
		switch c.Kind {
		case spec.Struct:
			n.planType(c, n.types.Name(name+n.field[c]), request)
		case spec.Array:
			// A list of structs, or of lists of structs, at any depth.
			if innermost(c).Kind == spec.Struct {
				n.planType(c, n.types.Name(name+n.field[c]), request)
			}
		}
	}
}

// innermost is the element of a list of lists …, or f itself.
func innermost(f *spec.Field) *spec.Field {
	for f.Kind == spec.Array && f.Elem != nil {
		f = f.Elem
	}
	return f
}

// TypeName is the Go type name of a struct field (or of an array's element).
func (n *Plan) TypeName(f *spec.Field) string {
	if name, ok := n.typeOf[f]; ok {
		return name
	}
	if f.Kind == spec.Array {
		return n.TypeName(f.Elem)
	}
	return ""
}

// FieldName is the Go name of a struct member.
func (n *Plan) FieldName(f *spec.Field) string { return n.field[f] }

// commentLines turns a description into comment lines safe for Go source.
func commentLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
				return ' '
			}
			return r
		}, l)
		l = strings.TrimSpace(l)
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// APIName is the Go name of a page's API: its client method, and the stem
// of its request, response, example and error-code names.
func APIName(p *spec.Page) string {
	if p.GoName != "" {
		return p.GoName
	}
	return naming.Exported(p.Action)
}
