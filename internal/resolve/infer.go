package resolve

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/internal/apiversions"
	"github.com/cccgen/cccgen/spec"
)

// Package fills, across the pages of one output package, the product
// codes and API versions that pages name none of (product and version are
// cccgen's -product and -version, "" to infer them), and returns its
// warnings. It is the one step of resolving that reads more than one page;
// run it after Page on each.
func Package(pages []*spec.Page, product, version string) []spec.Diagnostic {
	ds, foreign := inferProducts(pages, product)
	return append(ds, inferVersions(pages, version, foreign)...)
}

// Product codes and API versions of pages that name none.
//
// A page without an OpenAPI Explorer link names no product code, but its
// request example names a host: a page filed under another product's
// documentation (GetCallerIdentity, an STS API, among the RAM pages) shows
// its own product's (https://sts.aliyuncs.com?Action=GetCallerIdentity).
// The host's endpoint id, looked up in acsrt's endpoint table, gives that
// product. A version then comes from the other pages of the product, else
// from the versions the official classic SDK ships (internal/apiversions).

// reEndpointHost matches the hosts of the endpoint rules,
// <id>.aliyuncs.com and <id>.<region>.aliyuncs.com, the region a region id
// (cn-hangzhou, ap-southeast-1, cn-shanghai-finance-1): not an OSS bucket
// (bucket.oss-cn-hangzhou.aliyuncs.com) nor a Log Service project
// (project.cn-hangzhou.log.aliyuncs.com).
var reEndpointHost = regexp.MustCompile(`^([a-z0-9][a-z0-9-]*)\.(?:[a-z]{2}-[a-z]+(?:-[a-z0-9]+)*\.)?aliyuncs\.com$`)

// endpointID is the endpoint id of a host (its first label), "" for a host
// of another form.
func endpointID(host string) string {
	if m := reEndpointHost.FindStringSubmatch(strings.ToLower(host)); m != nil {
		return m[1]
	}
	return ""
}

// productIDs is the set of endpoint ids a product's hosts have: its code
// lower-cased, the table's id for its rule (metrics for Cms) and the first
// label of each host of its region map (wafopenapi for waf-openapi,
// ecs-cn-hangzhou for Ecs).
func productIDs(code string) map[string]bool {
	ids := map[string]bool{strings.ToLower(code): true}
	if info, ok := acsrt.LookupEndpoint(code); ok {
		ids[info.ID] = true
		for _, h := range info.Regions {
			if id := endpointID(h); id != "" {
				ids[id] = true
			}
		}
	}
	return ids
}

// owners maps an endpoint id to the product codes of the endpoint table
// whose hosts have it, in three ranks: the id of the product's rule (sts,
// metrics), the product code lower-cased, a host of its region map. A code
// is spelt as the classic SDK and the pages spell it (Ecs, where the table
// has the Tea module's ecs).
var owners = sync.OnceValue(func() [3]map[string][]string {
	var rank [3]map[string][]string
	for i := range rank {
		rank[i] = map[string][]string{}
	}
	for _, code := range acsrt.EndpointProducts() {
		info, _ := acsrt.LookupEndpoint(code)
		if c := apiversions.Code(code); c != "" {
			code = c
		}
		seen := map[string]bool{info.ID: true}
		rank[0][info.ID] = append(rank[0][info.ID], code)
		if k := strings.ToLower(code); !seen[k] {
			seen[k] = true
			rank[1][k] = append(rank[1][k], code)
		}
		for _, r := range sortedKeys(info.Regions) {
			if id := endpointID(info.Regions[r]); id != "" && !seen[id] {
				seen[id] = true
				rank[2][id] = append(rank[2][id], code)
			}
		}
	}
	return rank
})

// hostOwners lists the product codes of the best rank whose hosts have the
// endpoint id, or of those the one spelt as the id (sas: Sas, not Sas-api);
// more than one means the id does not tell them apart. Codes the classic
// SDK has APIs for come first, whatever their rank: wafopenapi is the id
// of waf, a code only the SDK's endpoint resolver names, and the host of
// waf-openapi's regions, the product whose APIs these are.
func hostOwners(id string) []string {
	if cs := bestOwners(id, true); len(cs) > 0 {
		return cs
	}
	return bestOwners(id, false)
}

func bestOwners(id string, callable bool) []string {
	for _, r := range owners() {
		var cs []string
		for _, c := range r[id] {
			if !callable || apiversions.Versions(c) != nil {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			continue
		}
		var named []string
		for _, c := range cs {
			if strings.EqualFold(c, id) {
				named = append(named, c)
			}
		}
		if len(cs) > 1 && len(named) == 1 {
			return named
		}
		return cs
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// inferProducts gives a page that names no product code (no OpenAPI
// Explorer link), with a warning:
//
//   - the product whose endpoint its request example's host is, when that
//     is none of the run's products (the other pages' codes and -product)
//     and the endpoint table names exactly one (sts.aliyuncs.com: Sts); the
//     page is then foreign to the run;
//   - else flag (-product), else the code of the other pages of the run
//     when they all name the same one;
//   - else, when they name several, the one whose endpoint the host is;
//   - else, when no page names one and the other pages' hosts give one
//     product, that one (so that a second run over the pages, which then
//     name it, changes nothing);
//     with none, a warning that the client needs Config.Endpoint.
//
// The package name is never a product code. A page with a link keeps its
// code; a request example host of another product is a warning there.
func inferProducts(pages []*spec.Page, flag string) (out []spec.Diagnostic, foreign map[*spec.Page]bool) {
	seen := map[string]bool{}
	var codes []string
	for _, p := range pages {
		if p.Product != "" && !seen[p.Product] {
			seen[p.Product] = true
			codes = append(codes, p.Product)
		}
	}
	sort.Strings(codes)
	run := codes
	if flag != "" && !seen[flag] {
		run = append(append([]string(nil), codes...), flag)
	}
	ids := map[string]map[string]bool{}
	idsOf := func(code string) map[string]bool {
		if ids[code] == nil {
			ids[code] = productIDs(code)
		}
		return ids[code]
	}
	foreign = map[*spec.Page]bool{}
	warn := func(pos spec.Pos, msg string) {
		out = append(out, spec.Diagnostic{Pos: pos, Severity: spec.Warning, Kind: spec.DiagProductVersion, Msg: msg})
	}
	var rest []*spec.Page // pages no link, host or flag gives a product yet
	for _, p := range pages {
		id := endpointID(p.ExampleHost)
		if p.Product != "" {
			if id != "" && !idsOf(p.Product)[id] {
				if o := hostOwners(id); len(o) == 1 && !strings.EqualFold(o[0], p.Product) {
					warn(p.ExampleHostPos, "the request example's host "+p.ExampleHost+" is "+o[0]+"'s, not "+p.Product+"'s; keeping "+p.Product+" from the OpenAPI Explorer link")
				}
			}
			continue
		}
		today := flag
		if today == "" && len(codes) == 1 {
			today = codes[0]
		}
		if id != "" {
			var mine []string
			for _, c := range run {
				if idsOf(c)[id] {
					mine = append(mine, c)
				}
			}
			switch o := hostOwners(id); {
			case len(mine) == 1 && today == "":
				p.Product = mine[0]
				warn(p.ExampleHostPos, "the page names no product code; using "+mine[0]+", the product of the other pages of this run whose endpoint the request example's host "+p.ExampleHost+" is")
				continue
			case len(mine) == 0 && len(o) == 1:
				p.Product = o[0]
				if len(run) == 0 {
					warn(p.ExampleHostPos, "the page names no product code; using "+o[0]+", the product whose endpoint the request example's host "+p.ExampleHost+" is (acsrt's endpoint table)")
					continue
				}
				foreign[p] = true
				warn(p.ExampleHostPos, "the page names no product code and the request example's host "+p.ExampleHost+" is "+o[0]+"'s (acsrt's endpoint table), not "+runProducts(codes, flag)+": using "+o[0])
				continue
			}
		}
		rest = append(rest, p)
	}
	// With no code named, the products the other pages' hosts gave are the
	// run's (as they would be on a second run over the pages, which then
	// name them).
	hosted := ""
	if len(codes) == 0 && flag == "" {
		got := map[string]bool{}
		for _, p := range pages {
			if p.Product != "" && !foreign[p] {
				got[p.Product] = true
			}
		}
		if len(got) == 1 {
			for c := range got {
				hosted = c
			}
		}
	}
	for _, p := range rest {
		switch {
		case hosted != "":
			p.Product = hosted
			warn(p.ActionPos, "the page names no product code; using "+hosted+", the product the request example hosts of the other pages of this run are")
		case flag != "":
			p.Product = flag
			warn(p.ActionPos, "the page names no product code; using "+flag+" from -product")
		case len(codes) == 1:
			p.Product = codes[0]
			warn(p.ActionPos, "the page names no product code; using "+codes[0]+", the product of the other pages of this run")
		case len(codes) > 1:
			warn(p.ActionPos, "the page names no product code and the other pages of this run name several ("+strings.Join(codes, ", ")+"): give cccgen -product; until then calling "+p.Action+" needs acsrt.Config.Endpoint")
		default:
			warn(p.ActionPos, "the page names no product code and no other page of this run does: give cccgen -product; until then calling "+p.Action+" needs acsrt.Config.Endpoint")
		}
	}
	return out, foreign
}

// runProducts names the run's products for a warning: "Ram's (the
// product of the other pages of this run)", "Ram's (-product)", ….
func runProducts(codes []string, flag string) string {
	var parts []string
	if len(codes) > 0 {
		what := "the product of the other pages of this run"
		if len(codes) > 1 {
			what = "the products of the other pages of this run"
		}
		parts = append(parts, strings.Join(codes, "'s or ")+"'s ("+what+")")
	}
	if flag != "" && !contains(codes, flag) {
		parts = append(parts, flag+"'s (-product)")
	}
	return strings.Join(parts, " nor ")
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// mostCommon is the version most pages give, the newest on a tie; "" for
// none.
func mostCommon(versions map[string]int) string {
	best, n := "", 0
	for v, c := range versions {
		if c > n || c == n && v > best {
			best, n = v, c
		}
	}
	return best
}

// inferVersions gives a page that names no API version flag (-version),
// unless inferProducts found it foreign to the run; else the version most
// pages of its product name (the newest on a tie); else the version the
// official classic SDK calls the page's Action of its product with
// (apiversions.For: the newest of the product's versions that has it);
// else the version that gave most of the other pages of its product. Each
// with a warning; without any, a warning that the client needs one to call
// the API. Run again over its own output it changes nothing.
func inferVersions(pages []*spec.Page, flag string, foreign map[*spec.Page]bool) []spec.Diagnostic {
	count := map[string]map[string]int{}
	for _, p := range pages {
		if p.Version == "" {
			continue
		}
		if count[p.Product] == nil {
			count[p.Product] = map[string]int{}
		}
		count[p.Product][p.Version]++
	}
	var out []spec.Diagnostic
	warn := func(p *spec.Page, msg string) {
		out = append(out, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning, Kind: spec.DiagProductVersion, Msg: msg})
	}
	var left []*spec.Page // neither named, flagged, nor known to the SDK
	for _, p := range pages {
		if p.Version != "" || p.Style == spec.SLS {
			continue // Log Service sends x-log-apiversion, not an API version
		}
		if flag != "" && !foreign[p] {
			p.Version = flag
			warn(p, "the page names no API version; using "+flag+" from -version")
			continue
		}
		if best := mostCommon(count[p.Product]); best != "" {
			p.Version = best
			warn(p, "the page names no API version; using "+best+", the version of the other pages of its product")
			continue
		}
		vs := apiversions.Versions(p.Product)
		if v, ok := apiversions.For(p.Product, p.Action); ok {
			p.Version = v
			what := "the version of " + p.Product + " at which"
			if len(vs) > 1 {
				what = "the newest version of " + p.Product + " (of " + strings.Join(vs, ", ") + ") at which"
			}
			warn(p, "the page names no API version and no other page of its product does; using "+v+", "+what+" the official classic SDK "+apiversions.Source+" has "+p.Action)
			continue
		}
		left = append(left, p)
	}
	// What the SDK gave the other pages of a product, a page of it the SDK
	// does not know takes too (as it would on a second run over the pages,
	// which then name those versions).
	given := map[string]map[string]int{}
	for _, p := range pages {
		if p.Version != "" && count[p.Product] == nil {
			if given[p.Product] == nil {
				given[p.Product] = map[string]int{}
			}
			given[p.Product][p.Version]++
		}
	}
	for _, p := range left {
		if best := mostCommon(given[p.Product]); best != "" {
			p.Version = best
			warn(p, "the page names no API version and no other page of its product does; using "+best+", the version the official classic SDK "+apiversions.Source+" has the other pages of its product at")
			continue
		}
		vs := apiversions.Versions(p.Product)
		msg := "the page names no API version and no other page of its product does"
		if len(vs) > 0 {
			msg += "; the official classic SDK " + apiversions.Source + " has " + p.Action + " at none of " + p.Product + "'s versions (" + strings.Join(vs, ", ") + ")"
		}
		if flag != "" {
			msg += " (-version is for the run's product, not " + p.Product + ")"
		}
		warn(p, msg+": give cccgen -version; until then calling "+p.Action+" needs acsrt.Config.DefaultVersion")
	}
	return out
}
