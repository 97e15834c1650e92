// Routing: ROA and SLS path templates matched against requests, and the
// API version a request asks for.

package acsfake

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// route is a ROA API's compiled path template.
type route struct {
	api     *api
	method  string
	re      *regexp.Regexp
	names   []string   // placeholder names, in order
	query   url.Values // fixed query of the template
	literal int        // literal bytes of the template: more wins
}

var rePlaceholder = regexp.MustCompile(`\{([^{}/]+)\}`)

func compileRoute(a *api) (*route, error) {
	rt := &route{api: a, method: a.Method}
	path, rawQuery, _ := strings.Cut(a.Path, "?")
	if rawQuery != "" {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return nil, fmt.Errorf("API %s: the query of Path %q: %v", a.Action, a.Path, err)
		}
		rt.query = q
	}
	path = trimSlash(path)
	var re strings.Builder
	re.WriteString("^")
	last := 0
	for _, m := range rePlaceholder.FindAllStringSubmatchIndex(path, -1) {
		re.WriteString(regexp.QuoteMeta(path[last:m[0]]))
		re.WriteString("([^/]+)")
		rt.literal += m[0] - last
		rt.names = append(rt.names, path[m[2]:m[3]])
		last = m[1]
	}
	re.WriteString(regexp.QuoteMeta(path[last:]))
	re.WriteString("$")
	rt.literal += len(path) - last
	var err error
	if rt.re, err = regexp.Compile(re.String()); err != nil {
		return nil, fmt.Errorf("API %s: Path %q: %v", a.Action, a.Path, err)
	}
	return rt, nil
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

// match reports whether the route serves a request, and the placeholder values.
func (rt *route) match(method, path string, query url.Values) (map[string]string, bool) {
	if rt.method != "" && rt.method != method {
		return nil, false
	}
	m := rt.re.FindStringSubmatch(trimSlash(path))
	if m == nil {
		return nil, false
	}
	for k, vs := range rt.query {
		if !query.Has(k) || len(vs) > 0 && vs[0] != "" && query.Get(k) != vs[0] {
			return nil, false
		}
	}
	vars := map[string]string{}
	for i, name := range rt.names {
		vars[name] = m[i+1]
	}
	return vars, true
}

// pickVersion chooses among the APIs of one Action: the one of the
// requested version, else one without a version; with no version asked
// for, the first (the missing Version is reported later).
func pickVersion(cands []*api, version string) (*api, bool) {
	if version == "" {
		return cands[0], true
	}
	for _, a := range cands {
		if a.Version == version {
			return a, true
		}
	}
	for _, a := range cands {
		if a.Version == "" {
			return a, true
		}
	}
	return nil, false
}

// findRoute picks the ROA route for a request: among the matching ones,
// those of the requested x-acs-version when any, then the one with the
// most literal text.
func (s *Server) findRoute(method, path string, query url.Values, version string) (*route, map[string]string) {
	var best *route
	var bestVars map[string]string
	score := func(rt *route) int {
		n := rt.literal * 2
		if version != "" && rt.api.Version == version {
			n += 1 << 30
		}
		if rt.method != "" {
			n++
		}
		return n
	}
	for _, rt := range s.roa {
		if rt.api.Style == "SLS" {
			continue // served by serveSLS
		}
		vars, ok := rt.match(method, path, query)
		if ok && (best == nil || score(rt) > score(best)) {
			best, bestVars = rt, vars
		}
	}
	return best, bestVars
}
