package resolve

import (
	"net/url"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/spec"
)

// Respell gives a page's request parameters the spelling of its newest
// sibling where the two differ only in case, and that sibling's required
// flags. Old copies of a page spell some parameters otherwise than the
// service (AutoSnapshotPolicyId where the service reads
// autoSnapshotPolicyId) and mark others required that it no longer
// requires; the copy with an OpenAPI Explorer link is generated from the
// API's metadata and says what the service does. A page that has such a
// link keeps its own spellings and flags, as does a parameter whose
// spelling the sibling also has, or whose other spelling the page already
// uses. Each change is a warning. Like Package, it reads more than one
// page; run it after Page.
func Respell(pages, siblings []*spec.Page) {
	newest := map[string]*spec.Page{}
	sort.SliceStable(siblings, func(i, j int) bool { return siblings[i].File < siblings[j].File })
	for _, s := range siblings {
		if s.Product == "" || s.Action == "" || spec.HasErrors(s.Diagnostics) {
			continue // no OpenAPI Explorer link
		}
		if _, ok := newest[s.Action]; !ok {
			newest[s.Action] = s
		}
	}
	for _, p := range pages {
		s := newest[p.Action]
		if s == nil || p.Product != "" || spec.HasErrors(p.Diagnostics) {
			continue
		}
		renamed := map[string]string{}
		p.Diagnostics = append(p.Diagnostics, respellFields(p.Params(), s.Params(), s.File, renamed)...)
		spec.SortDiagnostics(p.Diagnostics)
		if len(renamed) == 0 {
			continue
		}
		// The request example the tests decode uses the new spellings too.
		for i := range p.Examples {
			if e := &p.Examples[i]; e.Kind == spec.RequestExample && e.Canonical != "" {
				e.Canonical = respellQuery(e.Canonical, renamed)
			}
		}
	}
}

// respellFields respells fields after newer, recording each change in
// renamed (old name → new name).
func respellFields(fields, newer []*spec.Field, from string, renamed map[string]string) []spec.Diagnostic {
	exact := map[string]*spec.Field{}
	folded := map[string][]*spec.Field{}
	for _, g := range newer {
		exact[g.Name] = g
		folded[strings.ToLower(g.Name)] = append(folded[strings.ToLower(g.Name)], g)
	}
	own := map[string]bool{}
	for _, f := range fields {
		own[f.Name] = true
	}
	var diags []spec.Diagnostic
	for _, f := range fields {
		g := exact[f.Name]
		if g == nil {
			if cands := folded[strings.ToLower(f.Name)]; len(cands) == 1 && !own[cands[0].Name] {
				g = cands[0]
				diags = append(diags, spec.Diagnostic{Pos: f.Pos, Severity: spec.Warning, Kind: spec.DiagNameMismatch,
					Msg: "request parameter " + f.Name + " is spelled " + g.Name + " on " + from + ", the copy of this page with an OpenAPI Explorer link; using that spelling"})
				renamed[f.Name] = g.Name
				f.Name = g.Name
			}
		}
		if g == nil {
			continue
		}
		if f.Required != g.Required {
			// The metadata the linked copy is generated from says whether
			// the service requires it.
			diags = append(diags, spec.Diagnostic{Pos: f.Pos, Severity: spec.Warning, Kind: spec.DiagRequestParams,
				Msg: "request parameter " + f.Name + " is " + requiredWord(f.Required) + " here and " + requiredWord(g.Required) + " on " + from + ", the copy of this page with an OpenAPI Explorer link; taking it as " + requiredWord(g.Required)})
			f.Required = g.Required
		}
		switch {
		case f.Kind == spec.Struct && g.Kind == spec.Struct:
			diags = append(diags, respellFields(f.Fields, g.Fields, from, renamed)...)
		case f.Kind == spec.Array && g.Kind == spec.Array && f.Elem != nil && g.Elem != nil && f.Elem.Kind == spec.Struct && g.Elem.Kind == spec.Struct:
			diags = append(diags, respellFields(f.Elem.Fields, g.Elem.Fields, from, renamed)...)
		}
	}
	return diags
}

func requiredWord(required bool) string {
	if required {
		return "required"
	}
	return "optional"
}

// respellQuery renames the parts of an encoded query's keys (Tag.1.Key:
// Tag and Key) that renamed maps.
func respellQuery(q string, renamed map[string]string) string {
	parts := strings.Split(q, "&")
	for i, kv := range parts {
		k, v, hasV := strings.Cut(kv, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		segs := strings.Split(key, ".")
		for j, seg := range segs {
			if n, ok := renamed[seg]; ok {
				segs[j] = n
			}
		}
		k = url.QueryEscape(strings.Join(segs, "."))
		if hasV {
			parts[i] = k + "=" + v
		} else {
			parts[i] = k
		}
	}
	return strings.Join(parts, "&")
}
