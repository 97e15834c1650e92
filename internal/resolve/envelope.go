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
	// Actions are the Actions of the package's pages: an example rooted
	// in another one's response (<DescribeSslVpnServersResponse> on
	// DescribeSslVpnClientCerts) was copied from that page (OtherAPIExample).
	Actions map[string]bool
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
	return anyMember(p.Response, func(_, c *spec.Field, depth int) bool {
		return depth > 1 && envelope[c.Name] && !atTop[c.Name]
	})
}

// anyMember reports whether ok holds for a field below f: f's fields, and
// theirs and their elements' at any depth, each with the struct holding it
// and its depth (1 for f's own fields, one more for each struct or element
// below). It stops at the first.
func anyMember(f *spec.Field, ok func(parent, c *spec.Field, depth int) bool) bool {
	var walk func(f *spec.Field, depth int) bool
	walk = func(f *spec.Field, depth int) bool {
		if f == nil {
			return false
		}
		for _, c := range f.Fields {
			if ok(f, c, depth+1) || walk(c, depth+1) {
				return true
			}
		}
		return walk(f.Elem, depth+1)
	}
	return walk(f, 0)
}

// wrappedMinLists is the fewest lists of objects that can show whether a
// package wraps its lists.
const wrappedMinLists = 10

// ListsWrapped learns from a package's resolved RPC pages whether its
// responses wrap their lists of objects ({"Users": {"User": [...]}}, the
// wrapper holding nothing else) at least twice as often as they send them
// bare beside other fields. XML-based services (ECS, SLB, CDN) do; JSON-native
// ones (their examples' lists stand bare) do not. In the corpus's JSON
// examples the two kinds lie at 71% and more, and at 36% and less.
func ListsWrapped(pages []*spec.Page) bool {
	wrapped, bare := 0, 0
	for _, p := range pages {
		if p.Style != spec.RPC || p.NotAPI {
			continue
		}
		anyMember(p.Response, func(parent, c *spec.Field, _ int) bool {
			if objectList(c) {
				if len(parent.Fields) == 1 {
					wrapped++
				} else {
					bare++
				}
			}
			return false
		})
	}
	return wrapped+bare >= wrappedMinLists && wrapped >= 2*bare
}

// objectList reports a list of objects.
func objectList(f *spec.Field) bool {
	return f.Kind == spec.Array && f.Elem != nil && f.Elem.Kind == spec.Struct
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
	return anyMember(p.Response, func(parent, c *spec.Field, _ int) bool {
		scalars := c.Kind == spec.Array && c.TypeText != "" && c.Elem != nil && c.Elem.Kind.IsScalar() && singular(c.Name) != ""
		return scalars || hasXML && len(parent.Fields) > 1 && objectList(c)
	})
}
