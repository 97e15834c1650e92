package resolve

import "github.com/cccgen/cccgen/spec"

// A product's envelope: the fields its responses carry at the top whatever
// the API (iotedge's Code, Success, ErrorMessage; dts's ErrCode,
// ErrMessage). commonTop holds the ones every product shares; the others are
// learned from the pages of one package.
//
// A flat table lists the envelope among the API's own rows, often right
// after a container's members. When the examples show such a row nowhere
// (ErrorMessage is only sent on failure, and the examples are successes),
// the table's order alone would put it in the container before it:
// {"Data": {…, "ErrorMessage"}}. Rows of an envelope name go to the top
// instead, as commonTop's do.

// Hints is what resolving one page learns from the other pages of its
// package (see Envelope); the zero value knows nothing.
type Hints struct {
	// Top are the package's envelope names: placed at the top of a flat
	// table's response when the page has an example and it places none of
	// them.
	Top map[string]bool
	// Wrapped tells that the package's RPC responses wrap their lists
	// ({"Users": {"User": [...]}}) rather than send them bare (ListsWrapped).
	Wrapped bool
}

// envelopeMinPages is the fewest pages that can show an envelope: fewer
// are no evidence of a product's habit.
const envelopeMinPages = 3

// Envelope learns the envelope names of a package from its resolved pages:
// the response fields at the top of at least half of the pages (and of at
// least envelopeMinPages of them) that commonTop does not already hold.
func Envelope(pages []*spec.Page) map[string]bool {
	top := map[string]int{}
	n := 0
	for _, p := range pages {
		if p.Response == nil || p.NotAPI {
			continue
		}
		n++
		seen := map[string]bool{}
		for _, f := range p.Response.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				top[f.Name]++
			}
		}
	}
	var out map[string]bool
	for name, c := range top {
		if commonTop[name] || c < envelopeMinPages || 2*c < n {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[name] = true
	}
	return out
}

// Misplaced reports whether resolving p again with these envelope names
// would move a field: an envelope name that p's response has below the top
// and not at it.
func Misplaced(p *spec.Page, envelope map[string]bool) bool {
	if p.Response == nil || len(envelope) == 0 {
		return false
	}
	atTop := map[string]bool{}
	for _, f := range p.Response.Fields {
		atTop[f.Name] = true
	}
	found := false
	var walk func(f *spec.Field, depth int)
	walk = func(f *spec.Field, depth int) {
		if found || f == nil {
			return
		}
		for _, c := range f.Fields {
			if depth > 0 && envelope[c.Name] && !atTop[c.Name] {
				found = true
				return
			}
			walk(c, depth+1)
		}
		walk(f.Elem, depth+1)
	}
	walk(p.Response, 0)
	return found
}

// wrappedMinLists is the fewest lists of objects that can show whether a
// package wraps its lists.
const wrappedMinLists = 10

// ListsWrapped learns from a package's resolved RPC pages whether its
// responses wrap their lists of objects ({"Users": {"User": [...]}}, the
// wrapper holding nothing else) at least twice as often as they send them
// bare beside other fields. XML-based services (ECS, SLB, CDN) do; JSON-native
// ones (their examples' lists stand bare) do not. In the corpus the two
// kinds lie at 71% and more, and at 36% and less.
func ListsWrapped(pages []*spec.Page) bool {
	wrapped, bare := 0, 0
	var walk func(f *spec.Field)
	walk = func(f *spec.Field) {
		if f == nil {
			return
		}
		for _, c := range f.Fields {
			if c.Kind == spec.Array && c.Elem != nil && c.Elem.Kind == spec.Struct {
				if len(f.Fields) == 1 {
					wrapped++
				} else {
					bare++
				}
			}
			walk(c)
		}
		walk(f.Elem)
	}
	for _, p := range pages {
		if p.Style == spec.RPC && !p.NotAPI {
			walk(p.Response)
		}
	}
	return wrapped+bare >= wrappedMinLists && wrapped >= 2*bare
}

// BareList reports whether p's response has a list of scalars the table
// types as a list and names in the plural, or, with an XML example, a list
// of objects beside other fields: what resolving p again with
// Hints.Wrapped may wrap.
func BareList(p *spec.Page) bool {
	if p.Style != spec.RPC || p.Response == nil {
		return false
	}
	hasXML := false
	for _, e := range p.Examples {
		hasXML = hasXML || e.Kind == spec.XMLExample
	}
	found := false
	var walk func(f *spec.Field)
	walk = func(f *spec.Field) {
		if f == nil || found {
			return
		}
		if f.Kind == spec.Array && f.TypeText != "" && f.Elem != nil && f.Elem.Kind.IsScalar() && singular(f.Name) != "" {
			found = true
			return
		}
		for _, c := range f.Fields {
			if len(f.Fields) > 1 && c.Kind == spec.Array && c.Elem != nil && c.Elem.Kind == spec.Struct && hasXML {
				found = true // a bare list of objects the XML example may show wrapped
				return
			}
			walk(c)
		}
		walk(f.Elem)
	}
	walk(p.Response)
	return found
}
