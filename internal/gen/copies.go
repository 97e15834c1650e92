package gen

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
)

// NotAPIReason is the Skipped.Reason of a found file that documents no API.
const NotAPIReason = "not an API reference page"

// Skipped is a file of the run that was not generated, and why.
type Skipped struct {
	File   string
	Reason string
}

// pickCopies chooses one page for each API documented more than once
// (docs repositories keep old and new copies of a page in different
// folders). An API is an Action of one product: a folder may hold the
// pages of more than one product (RAM's holds IMS's, DDoS's both ddoscoo's
// and ddosbgp's), and two products' Actions of one name are two APIs, both
// generated (see nameAfterProduct). A page that names no product is a copy of the
// API of that Action which names its API version, else of the run's
// main product (the one most pages name), else of the first.
//
// Among the copies of one API, the rule, in order:
//
//  1. the newer API version the page names (OpenAPI Explorer link or Version
//     row); a page that names one over a page that does not;
//  2. a page with an OpenAPI Explorer link (generated from the API's
//     metadata) over one without;
//  3. more table rows (request, body and response);
//  4. more examples;
//  5. the file name, in byte order.
//
// The others are returned as siblings (see resolve.Respell), each API with one
// warning at the chosen page naming the copies left out.
func pickCopies(pages []*spec.Page) (kept, others []*spec.Page, skipped []Skipped) {
	rank := productRank(pages)
	byAction := map[string][]*spec.Page{}
	var order []string
	for _, p := range pages {
		if p.Action == "" || spec.HasErrors(p.Diagnostics) {
			continue
		}
		if byAction[p.Action] == nil {
			order = append(order, p.Action)
		}
		byAction[p.Action] = append(byAction[p.Action], p)
	}
	drop := map[*spec.Page]bool{}
	for _, a := range order {
		groups := apis(byAction[a], rank)
		for g, cs := range groups {
			sort.SliceStable(cs, func(i, j int) bool { return betterCopy(cs[i], cs[j]) })
			if g > 0 {
				// Another product's API of the run's main product's Action.
				nameAfterProduct(cs[0], groups[0][0])
			}
			if len(cs) < 2 {
				continue
			}
			var names []string
			for _, c := range cs[1:] {
				drop[c] = true
				names = append(names, c.File)
				skipped = append(skipped, Skipped{File: c.File, Reason: fmt.Sprintf("another copy of %s; %s is generated", a, cs[0].File)})
			}
			cs[0].Diagnostics = append(cs[0].Diagnostics, spec.Diagnostic{Pos: cs[0].ActionPos, Severity: spec.Warning, Kind: spec.DiagPageCopies,
				Msg: fmt.Sprintf("%s is documented %d times (%s and %s); generating from this copy (%s) and leaving out the others", a, len(cs), cs[0].File, strings.Join(names, ", "), whyBetter(cs[0], cs[1])),
			})
			spec.SortDiagnostics(cs[0].Diagnostics)
		}
	}
	for _, p := range pages {
		if drop[p] {
			others = append(others, p)
		} else {
			kept = append(kept, p)
		}
	}
	return kept, others, skipped
}

// productRank orders the run's product codes (case folded) by how many
// pages name them, most first, then by code: the first is the run's main
// product.
func productRank(pages []*spec.Page) map[string]int {
	count := map[string]int{}
	for _, p := range pages {
		if p.Product != "" {
			count[strings.ToLower(p.Product)]++
		}
	}
	codes := slices.SortedFunc(maps.Keys(count), func(a, b string) int {
		return cmp.Or(cmp.Compare(count[b], count[a]), strings.Compare(a, b))
	})
	rank := map[string]int{}
	for i, c := range codes {
		rank[c] = i
	}
	return rank
}

// apis splits the pages of one Action into its APIs, one per product, the
// run's main product first; a page naming no product joins the API whose
// pages name its API version, if only one does, else the first.
func apis(pages []*spec.Page, rank map[string]int) [][]*spec.Page {
	by := map[string][]*spec.Page{}
	var codes []string
	var loose []*spec.Page
	for _, p := range pages {
		if p.Product == "" {
			loose = append(loose, p)
			continue
		}
		c := strings.ToLower(p.Product)
		if by[c] == nil {
			codes = append(codes, c)
		}
		by[c] = append(by[c], p)
	}
	if len(codes) == 0 {
		return [][]*spec.Page{pages}
	}
	sort.Slice(codes, func(i, j int) bool { return rank[codes[i]] < rank[codes[j]] })
	for _, p := range loose {
		to := codes[0]
		if p.Version != "" {
			var match []string
			for _, c := range codes {
				for _, q := range by[c] {
					if q.Version == p.Version {
						match = append(match, c)
						break
					}
				}
			}
			if len(match) == 1 {
				to = match[0]
			}
		}
		by[to] = append(by[to], p)
	}
	out := make([][]*spec.Page, len(codes))
	for i, c := range codes {
		out[i] = by[c]
	}
	return out
}

// nameAfterProduct gives p, an API that shares its Action with main's,
// the API of a product the run documents more, a Go name of its own: its
// product's before the Action's (XtraceGetTrace next to ARMS's GetTrace),
// with a warning.
func nameAfterProduct(p, main *spec.Page) {
	p.GoName = naming.Exported(p.Product) + naming.Exported(p.Action)
	p.Diagnostics = append(p.Diagnostics, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning, Kind: spec.DiagPageCopies,
		Msg: fmt.Sprintf("%s is an API of product %s and of product %s (%s), the run's most documented of the two; this page's is generated as %s", p.Action, p.Product, main.Product, main.File, p.GoName),
	})
	spec.SortDiagnostics(p.Diagnostics)
}

func rowCount(p *spec.Page) int { return len(p.RequestRows) + len(p.BodyRows) + len(p.ResponseRows) }

// betterCopy reports whether a is to be generated rather than b.
func betterCopy(a, b *spec.Page) bool {
	if a.Version != b.Version {
		return a.Version > b.Version // dates: "" sorts first
	}
	if (a.Product != "") != (b.Product != "") {
		return a.Product != ""
	}
	if ra, rb := rowCount(a), rowCount(b); ra != rb {
		return ra > rb
	}
	if len(a.Examples) != len(b.Examples) {
		return len(a.Examples) > len(b.Examples)
	}
	return a.File < b.File
}

// whyBetter says which step of the rule chose a over b.
func whyBetter(a, b *spec.Page) string {
	switch {
	case a.Version != b.Version && b.Version == "":
		return "it names API version " + a.Version
	case a.Version != b.Version:
		return "API version " + a.Version + " is newer than " + b.Version
	case (a.Product != "") != (b.Product != ""):
		return "it has an OpenAPI Explorer link"
	case rowCount(a) != rowCount(b):
		return fmt.Sprintf("its tables have more rows: %d against %d", rowCount(a), rowCount(b))
	case len(a.Examples) != len(b.Examples):
		return fmt.Sprintf("it has more examples: %d against %d", len(a.Examples), len(b.Examples))
	}
	return "the copies rank equal; the first file name wins"
}
