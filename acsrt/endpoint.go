package acsrt

//go:generate go run ../internal/endpointgen -o endpoints.gen.go -versions ../internal/apiversions/versions.gen.go

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// endpointEntry is one product's endpoint data in endpointTable
// (endpoints.gen.go, generated from the official SDKs).
type endpointEntry struct {
	code    string            // the product code as the SDK spells it
	id      string            // endpoint product id, e.g. "metrics" for Cms
	central bool              // central rule: <id>.aliyuncs.com; else regional: <id>.<region>.aliyuncs.com
	regions map[string]string // region → public host where the rule does not give it
}

// EndpointInfo is what the endpoint table knows about a product.
type EndpointInfo struct {
	Product string            // the product code as the official SDK spells it
	ID      string            // endpoint product id: the first label of the host
	Central bool              // one host for every region (<id>.aliyuncs.com)
	Regions map[string]string // per-region public hosts that differ from the rule (a copy)
}

// LookupEndpoint finds a product code (case-insensitive: "Cms", "cms",
// "CCC", "Sts", "elasticsearch") in the endpoint table.
func LookupEndpoint(product string) (EndpointInfo, bool) {
	e, ok := endpointTable[strings.ToLower(product)]
	if !ok {
		return EndpointInfo{}, false
	}
	info := EndpointInfo{Product: e.code, ID: e.id, Central: e.central}
	if len(e.regions) > 0 {
		info.Regions = make(map[string]string, len(e.regions))
		for k, v := range e.regions {
			info.Regions[k] = v
		}
	}
	return info, true
}

// EndpointProducts lists the product codes of the endpoint table, as the
// official SDKs spell them, sorted case-insensitively; LookupEndpoint tells
// each one's hosts.
func EndpointProducts() []string {
	keys := make([]string, 0, len(endpointTable))
	for k := range endpointTable {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	codes := make([]string, len(keys))
	for i, k := range keys {
		codes[i] = endpointTable[k].code
	}
	return codes
}

// ResolveEndpoint is the host requests for product go to in region over
// network ("" or "public", "vpc", "intranet", ...), as the official SDKs
// resolve it:
//
//   - the region map of the product (public network only, as the classic
//     SDK's buildRequestWithSigner consults EndpointMap only when Network is
//     "" or "public");
//   - else the rule of GetEndpointRules (classic sdk/client.go and
//     github.com/alibabacloud-go/endpoint-util service.go, which agree):
//     regional "<id><-network>.<region>.aliyuncs.com", central
//     "<id><-network>.aliyuncs.com", where <-network> is empty for "" and
//     "public" and "-"+network otherwise.
//
// A product the table does not know resolves by the regional rule with the
// product code lower-cased as its id (what GetEndpointRules does with a
// product it has no data for). A regional product needs a region.
func ResolveEndpoint(product, region, network string) (string, error) {
	if product == "" {
		return "", errors.New("no product code: set Config.Endpoint")
	}
	network, region = strings.ToLower(network), strings.ToLower(region)
	if network != "" && !validLabel(network) {
		return "", fmt.Errorf("Config.Network %q: want a host label such as vpc or intranet", network)
	}
	if region != "" && !validLabel(region) {
		return "", fmt.Errorf("Config.RegionID %q: want a region id such as cn-hangzhou", region)
	}
	e, known := endpointTable[strings.ToLower(product)]
	if !known {
		e = endpointEntry{code: product, id: strings.ToLower(product)}
	}
	public := network == "" || network == "public"
	if public && region != "" {
		if h := e.regions[region]; h != "" {
			return h, nil
		}
	}
	suffix := ""
	if !public {
		suffix = "-" + network
	}
	if e.central {
		return e.id + suffix + ".aliyuncs.com", nil
	}
	if region == "" {
		msg := fmt.Sprintf("no endpoint for %s: it is regional (%s%s.<region>.aliyuncs.com)", product, e.id, suffix)
		if !known {
			msg = fmt.Sprintf("no endpoint for %s: it is not in the endpoint table, so the regional rule %s%s.<region>.aliyuncs.com applies", product, e.id, suffix)
		}
		if len(e.regions) > 0 {
			rs := make([]string, 0, len(e.regions))
			for r := range e.regions {
				rs = append(rs, r)
			}
			sort.Strings(rs)
			if len(rs) > 8 {
				rs = append(rs[:8], "...")
			}
			msg += "; regions with their own host: " + strings.Join(rs, ", ")
		}
		return "", errors.New(msg + "; set Config.RegionID or Config.Endpoint")
	}
	return e.id + suffix + "." + region + ".aliyuncs.com", nil
}

// validLabel: lower-case letters, digits and inner hyphens.
func validLabel(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
