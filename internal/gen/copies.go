package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/spec"
)

// NotAPIReason is the Skipped.Reason of a found file that documents no API.
const NotAPIReason = "not an API reference page"

// Skipped is a file of the run that was not generated, and why.
type Skipped struct {
	File   string
	Reason string
}

// pickCopies chooses one page for each Action documented more than once
// (docs repositories keep old and new copies of a page in different
// folders). The rule, in order:
//
//  1. the newer API version the page names (OpenAPI Explorer link or Version
//     row); a page that names one over a page that does not;
//  2. a page with an OpenAPI Explorer link (generated from the API's
//     metadata) over one without;
//  3. more table rows (request, body and response);
//  4. more examples;
//  5. the file name, in byte order.
//
// The others are returned as siblings (see resolve.Respell), each Action with one
// warning at the chosen page naming the copies left out.
func pickCopies(pages []*spec.Page) (kept, others []*spec.Page, skipped []Skipped) {
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
		cs := byAction[a]
		if len(cs) < 2 {
			continue
		}
		sort.SliceStable(cs, func(i, j int) bool { return betterCopy(cs[i], cs[j]) })
		best := cs[0]
		var names []string
		for _, c := range cs[1:] {
			drop[c] = true
			names = append(names, c.File)
			skipped = append(skipped, Skipped{File: c.File, Reason: fmt.Sprintf("another copy of %s; %s is generated", a, best.File)})
		}
		best.Diagnostics = append(best.Diagnostics, spec.Diagnostic{Pos: best.ActionPos, Severity: spec.Warning, Kind: spec.DiagPageCopies,
			Msg: fmt.Sprintf("%s is documented %d times (%s and %s); generating from this copy (%s) and leaving out the others", a, len(cs), best.File, strings.Join(names, ", "), whyBetter(best, cs[1])),
		})
		spec.SortDiagnostics(best.Diagnostics)
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
