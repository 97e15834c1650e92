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
