package conformance

import (
	"sort"
	"strings"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/spec"
)

// Why the generated response structure disagrees with truth, leaf by leaf.
// Every missing and extra leaf of a page gets one cause, decided from the
// page (its response table and examples) and the whole truth tree
// (visible or not):
const (
	// The SDK has a leaf with the same last name at another path: the
	// generator nested it differently, or the SDK's path goes through a
	// name the page never shows (a list wrapper such as FcParameter).
	causePlaced = "placed elsewhere: the SDK has the field at another path the page shows"
	// The SDK's only paths to a leaf of that name go through a name the
	// page never shows (a list wrapper such as FcParameter, a renamed
	// container): no reading of the page reaches them.
	causeHiddenPath = "the SDK's path to the field goes through names the page never shows"
	// Extra, the name is nowhere in the SDK's response and the page's
	// table lists it: the page documents a field the SDK lacks (the page
	// and the SDK are of different versions, or either is wrong).
	causePageOnly = "the page's table documents a field the SDK lacks"
	// Extra, nowhere in the SDK, only the examples show it.
	causeExampleOnly = "only the page's examples show a field the SDK lacks"
	// Extra leaf of an untyped map (a top-level object the table says
	// nothing of, or one the page documents elsewhere).
	causeUntyped = "kept as an untyped map; the SDK types its members"
	// Missing, the page names the field only in its text: neither a
	// table row nor an example key.
	causeTextOnly = "the page names the SDK's field only in its text (no row, no example key)"
	// Missing, the table or an example has the name but the generator
	// left the field out.
	causeDropped = "in the page's table or examples, left out by the generator"
	// Kind disagreements are counted apart (Kinds agree column).
)

// structCauses classifies a scored page's missing and extra leaves.
// leafCause, when not nil, receives each leaf's cause.
func structCauses(s truthscore.Score, truth []truthscore.Leaf, generated []truthscore.Leaf, p *spec.Page, pageText string, leafCause func(leaf, cause string)) map[string]int {
	if len(s.Missing)+len(s.Extra) == 0 {
		return nil
	}
	out := map[string]int{}
	count := func(leaf, cause string) {
		out[cause]++
		if leafCause != nil {
			leafCause(leaf, cause)
		}
	}
	truthLast := map[string]bool{}   // a truth leaf has the name
	visibleLast := map[string]bool{} // a page-visible truth leaf has it
	for _, l := range truth {
		truthLast[lastName(l.Path)] = true
		if truthscore.Visible(l, pageText) {
			visibleLast[lastName(l.Path)] = true
		}
	}
	genLast := map[string]bool{}
	maps := map[string]bool{}
	for _, l := range generated {
		genLast[lastName(l.Path)] = true
		if l.Kind == truthscore.KindMap {
			maps[l.Path] = true
		}
	}
	rows, exKeys := map[string]bool{}, map[string]bool{}
	if p != nil {
		for _, r := range p.ResponseRows {
			for _, part := range strings.Split(r.Name, ".") {
				rows[part] = true
			}
		}
		for _, e := range p.Examples {
			if e.Kind == spec.JSONExample || e.Kind == spec.XMLExample {
				for _, k := range exampleNames(e.Text) {
					exKeys[k] = true
				}
			}
		}
	}
	for _, x := range s.Extra {
		name := lastName(x)
		switch {
		case maps[x]:
			count(x, "extra: "+causeUntyped)
		case visibleLast[name]:
			count(x, "extra: "+causePlaced)
		case truthLast[name]:
			count(x, "extra: "+causeHiddenPath)
		case rows[name]:
			count(x, "extra: "+causePageOnly)
		default:
			count(x, "extra: "+causeExampleOnly)
		}
	}
	for _, m := range s.Missing {
		name := lastName(m)
		switch {
		case underMap(m, maps):
			count(m, "missing: "+causeUntyped)
		case genLast[name]:
			count(m, "missing: "+causePlaced)
		case rows[name] || exKeys[name]:
			count(m, "missing: "+causeDropped)
		default:
			count(m, "missing: "+causeTextOnly)
		}
	}
	return out
}

// lastName is the last wire name of a leaf path ("A.B[].C[]" → "C").
func lastName(path string) string {
	path = strings.TrimRight(path, "[]")
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	return strings.TrimRight(path, "[]")
}

// underMap reports whether a path lies below one of the generated map leaves.
func underMap(path string, maps map[string]bool) bool {
	for m := range maps {
		if strings.HasPrefix(path, m+".") || strings.HasPrefix(path, m+"[]") {
			return true
		}
	}
	return false
}

// exampleNames are the JSON keys and XML element names an example shows,
// read loosely (examples are often not valid).
func exampleNames(text string) []string {
	var out []string
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			j := strings.IndexByte(text[i+1:], '"')
			if j < 0 {
				return out
			}
			k := i + 1 + j
			rest := strings.TrimLeft(text[k+1:], " \t\r\n")
			if strings.HasPrefix(rest, ":") {
				out = append(out, text[i+1:k])
			}
			i = k
		case '<':
			j := i + 1
			for j < len(text) && (isNameByte(text[j])) {
				j++
			}
			if j > i+1 {
				out = append(out, text[i+1:j])
			}
		}
	}
	return out
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// sortedCauses lists causes by count, then name.
func sortedCauses(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if m[ks[i]] != m[ks[j]] {
			return m[ks[i]] > m[ks[j]]
		}
		return ks[i] < ks[j]
	})
	return ks
}
