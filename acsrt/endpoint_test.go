package acsrt

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Spot checks of the generated table (its agreement with the downloaded
// SDK sources is checked in internal/endpointgen).
func TestResolveEndpoint(t *testing.T) {
	for _, c := range []struct{ product, region, network, want string }{
		{"Cms", "cn-hangzhou", "", "metrics.cn-hangzhou.aliyuncs.com"}, // endpoint id metrics
		{"cms", "cn-shanghai", "", "metrics.cn-shanghai.aliyuncs.com"},
		{"Ram", "cn-hangzhou", "", "ram.aliyuncs.com"}, // central
		{"Ram", "", "", "ram.aliyuncs.com"},
		{"Sts", "cn-hangzhou", "", "sts.aliyuncs.com"},
		{"ROS", "cn-beijing", "", "ros.aliyuncs.com"},
		{"Cdn", "cn-hangzhou", "", "cdn.aliyuncs.com"},
		{"CCC", "cn-shanghai", "", "ccc.cn-shanghai.aliyuncs.com"},
		{"Ecs", "cn-hangzhou", "", "ecs-cn-hangzhou.aliyuncs.com"}, // the SDK's EndpointMap
		{"Ecs", "cn-hangzhou", "public", "ecs-cn-hangzhou.aliyuncs.com"},
		{"Ecs", "cn-beijing", "", "ecs.cn-beijing.aliyuncs.com"},
		{"Ecs", "cn-hangzhou", "vpc", "ecs-vpc.cn-hangzhou.aliyuncs.com"},
		{"Ram", "cn-hangzhou", "vpc", "ram-vpc.aliyuncs.com"},
		{"Cms", "cn-hangzhou", "VPC", "metrics-vpc.cn-hangzhou.aliyuncs.com"},
		{"elasticsearch", "cn-shanghai", "", "elasticsearch.cn-shanghai.aliyuncs.com"},
		{"NoSuchProduct", "cn-hangzhou", "", "nosuchproduct.cn-hangzhou.aliyuncs.com"}, // not in the table: the regional rule
	} {
		got, err := ResolveEndpoint(c.product, c.region, c.network)
		if err != nil || got != c.want {
			t.Errorf("ResolveEndpoint(%q, %q, %q) = %q, %v; want %q", c.product, c.region, c.network, got, err, c.want)
		}
	}
}

// A region-map entry is used on the public network only; another network
// takes the rule.
func TestResolveEndpointRegionMap(t *testing.T) {
	var product, region, host string
	for _, k := range sortedTableKeys() {
		e := endpointTable[k]
		if !e.central && len(e.regions) > 0 {
			for r, h := range e.regions {
				product, region, host = e.code, r, h
				break
			}
			break
		}
	}
	if product == "" {
		t.Fatal("no regional product with a region map")
	}
	if got, _ := ResolveEndpoint(product, region, ""); got != host {
		t.Errorf("%s %s: %q, want the map's %q", product, region, got, host)
	}
	info, _ := LookupEndpoint(product)
	if got, want := mustResolve(t, product, region, "vpc"), info.ID+"-vpc."+region+".aliyuncs.com"; got != want {
		t.Errorf("%s %s vpc: %q, want %q", product, region, got, want)
	}
	info.Regions[region] = "changed" // a copy
	if got, _ := ResolveEndpoint(product, region, ""); got != host {
		t.Errorf("LookupEndpoint's map is not a copy")
	}
}

func mustResolve(t *testing.T, product, region, network string) string {
	t.Helper()
	h, err := ResolveEndpoint(product, region, network)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func sortedTableKeys() []string {
	ks := make([]string, 0, len(endpointTable))
	for k := range endpointTable {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestResolveEndpointErrors(t *testing.T) {
	for _, c := range []struct{ product, region, network, want string }{
		{"Cms", "", "", "regional (metrics.<region>.aliyuncs.com); set Config.RegionID or Config.Endpoint"},
		{"NoSuchProduct", "", "", "not in the endpoint table"},
		{"", "cn-hangzhou", "", "no product code: set Config.Endpoint"},
		{"Ecs", "cn-hangzhou", "vpc.evil.com/", "Config.Network"},
		{"Ecs", "cn-hangzhou/x", "", "Config.RegionID"},
	} {
		_, err := ResolveEndpoint(c.product, c.region, c.network)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ResolveEndpoint(%q, %q, %q): %v; want an error containing %q", c.product, c.region, c.network, err, c.want)
		}
	}
	// A regional product with a region map names some of its regions.
	if _, err := ResolveEndpoint("Ecs", "", ""); err == nil || !strings.Contains(err.Error(), "regions with their own host:") {
		t.Errorf("Ecs without region: %v", err)
	}
}

func TestClientHostUsesTableAndNetwork(t *testing.T) {
	creds := &Credentials{AccessKeyID: "id", AccessKeySecret: "secret"}
	c, err := NewClient(Config{Credentials: creds, RegionID: "cn-hangzhou", Network: "vpc"})
	if err != nil {
		t.Fatal(err)
	}
	if h, err := c.Host("Cms"); err != nil || h != "metrics-vpc.cn-hangzhou.aliyuncs.com" {
		t.Errorf("%q, %v", h, err)
	}
	c, _ = NewClient(Config{Credentials: creds, RegionID: "cn-hangzhou", Endpoint: "proxy.example:8443"})
	if h, err := c.Host("Cms"); err != nil || h != "proxy.example:8443" {
		t.Errorf("Config.Endpoint: %q, %v", h, err)
	}
	c, _ = NewClient(Config{Credentials: creds})
	if h, err := c.Host("Sts"); err != nil || h != "sts.aliyuncs.com" {
		t.Errorf("central without region: %q, %v", h, err)
	}
}

// Every product code the corpus pages' OpenAPI Explorer links name
// (api.aliyun.com/#product=X) is in the table, except the ones the official
// SDK data has none for; the coverage is logged.
func TestCorpusProductsCovered(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "corpus", "docs")
	pages, _ := filepath.Glob(filepath.Join(root, "*", "*.md"))
	if len(pages) == 0 {
		t.Skip("../shared/corpus is absent")
	}
	link := regexp.MustCompile(`api\.aliyun\.com/#product=([A-Za-z0-9_-]+)`)
	codes := map[string]int{"Sts": 0} // the STS pages of the RAM docs name no link
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllSubmatch(b, -1) {
			codes[string(m[1])]++
		}
	}
	// Not in the official data reachable from the module proxy: the
	// classic SDK's yundun-bastionhost service has no endpoint.go and
	// endpoints_config.go names it "bastionhost"; it takes the fallback.
	noData := map[string]bool{"Yundun-bastionhost": true}
	var covered, missing []string
	for c := range codes {
		if info, ok := LookupEndpoint(c); ok {
			rule := "regional"
			if info.Central {
				rule = "central"
			}
			covered = append(covered, c+"→"+info.ID+"/"+rule)
		} else {
			missing = append(missing, c)
			if !noData[c] {
				t.Errorf("corpus product %s (%d pages) is not in the endpoint table", c, codes[c])
			}
		}
	}
	sort.Strings(covered)
	sort.Strings(missing)
	t.Logf("%d corpus product codes: %d in the table (%s); not: %s", len(codes), len(covered), strings.Join(covered, " "), strings.Join(missing, " "))
}

func TestEndpointProducts(t *testing.T) {
	codes := EndpointProducts()
	if len(codes) != len(endpointTable) {
		t.Fatalf("%d codes, %d entries", len(codes), len(endpointTable))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if i > 0 && strings.ToLower(codes[i-1]) >= strings.ToLower(c) {
			t.Errorf("not sorted: %s, %s", codes[i-1], c)
		}
		if info, ok := LookupEndpoint(c); !ok || info.Product != c {
			t.Errorf("%s: %+v, %v", c, info, ok)
		}
		seen[c] = true
	}
	for _, c := range []string{"Sts", "Ram", "Cms", "ecs", "waf", "waf-openapi", "Iot"} { // ecs as its Tea module spells it
		if !seen[c] {
			t.Errorf("no %s in %v", c, codes)
		}
	}
}
