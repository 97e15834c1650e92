package resolve

import (
	"strings"
	"testing"

	"github.com/cccgen/cccgen/spec"
)

func TestInferProductsDisagreeing(t *testing.T) {
	pages := []*spec.Page{{Action: "A", Endpoint: spec.Endpoint{Product: "Ram"}}, {Action: "B", Endpoint: spec.Endpoint{Product: "Sts"}}, {Action: "C"}}
	ds, _ := inferProducts(pages, "")
	if pages[2].Product != "" || len(ds) != 1 || !strings.Contains(ds[0].Msg, "name several (Ram, Sts): give cccgen -product") {
		t.Errorf("%q %v", pages[2].Product, ds)
	}
	ds, _ = inferProducts(pages, "Ims")
	if pages[2].Product != "Ims" || pages[0].Product != "Ram" || len(ds) != 1 {
		t.Errorf("%q %v", pages[2].Product, ds)
	}
}

func TestEndpointID(t *testing.T) {
	for host, want := range map[string]string{
		"sts.aliyuncs.com":                          "sts",
		"STS.aliyuncs.com":                          "sts",
		"kms.cn-hangzhou.aliyuncs.com":              "kms",
		"metrics.cn-hangzhou.aliyuncs.com":          "metrics",
		"wafopenapi.ap-southeast-1.aliyuncs.com":    "wafopenapi",
		"ecs-cn-hangzhou.aliyuncs.com":              "ecs-cn-hangzhou",
		"cs.cn-shanghai-finance-1.aliyuncs.com":     "cs",
		"bucket.oss-cn-hangzhou.aliyuncs.com":       "",
		"my-project.cn-hangzhou.log.aliyuncs.com":   "",
		"ecs-cn-hangzhou.example.com":               "",
		"es-cn-n6w1****.elasticsearch.aliyuncs.com": "",
		"cdn.aliyuncs.co":                           "",
		"":                                          "",
	} {
		if got := endpointID(host); got != want {
			t.Errorf("endpointID(%q) = %q, want %q", host, got, want)
		}
	}
}

// inferProducts and inferVersions on pages as the parser leaves them: a
// link's product and version, or none and a request example host.
func TestInferFromHost(t *testing.T) {
	type pg struct{ action, product, version, host string }
	for _, c := range []struct {
		name    string
		flag    string
		pages   []pg // the last one is checked
		product string
		version string
		msg     string // in a warning
	}{
		{"Cms's endpoint id is metrics", "", []pg{{"A", "Cms", "2019-01-01", ""}, {"DescribeMetricList", "", "", "metrics.cn-hangzhou.aliyuncs.com"}},
			"Cms", "2019-01-01", "using Cms, the product of the other pages of this run"},
		{"waf-openapi's regions are at wafopenapi", "", []pg{{"A", "waf-openapi", "2019-09-10", ""}, {"X", "", "", "wafopenapi.cn-hangzhou.aliyuncs.com"}},
			"waf-openapi", "2019-09-10", "using waf-openapi, the product of the other pages of this run"},
		{"iot", "", []pg{{"A", "Iot", "2018-01-20", ""}, {"X", "", "", "iot.cn-shanghai.aliyuncs.com"}},
			"Iot", "2018-01-20", "using Iot, the product of the other pages"},
		{"Ecs's region host", "", []pg{{"A", "Ecs", "2014-05-26", ""}, {"X", "", "", "ecs-cn-hangzhou.aliyuncs.com"}},
			"Ecs", "2014-05-26", "using Ecs, the product of the other pages"},
		{"not an endpoint host", "", []pg{{"A", "Ecs", "2014-05-26", ""}, {"X", "", "", "ecs-cn-hangzhou.example.com"}},
			"Ecs", "2014-05-26", "using Ecs, the product of the other pages"},
		{"an OSS bucket", "", []pg{{"A", "Mts", "2014-06-18", ""}, {"X", "", "", "sts.oss-cn-hangzhou.aliyuncs.com"}},
			"Mts", "2014-06-18", "using Mts, the product of the other pages"},
		{"alone: the host's product and the SDK's version", "", []pg{{"DescribeRegions", "", "", "ecs.aliyuncs.com"}},
			"Ecs", "2014-05-26", "using Ecs, the product whose endpoint the request example's host ecs.aliyuncs.com is"},
		{"alone: a code only the resolver names yields to the product with APIs", "", []pg{{"X", "", "", "wafopenapi.cn-hangzhou.aliyuncs.com"}},
			"waf-openapi", "", "has X at none of waf-openapi's versions"},
		{"several products: the host's", "", []pg{{"A", "Ram", "2015-05-01", ""}, {"B", "Ims", "2019-08-15", ""}, {"C", "", "", "ram.aliyuncs.com"}},
			"Ram", "2015-05-01", "using Ram, the product of the other pages of this run whose endpoint the request example's host ram.aliyuncs.com is"},
		{"several products: another one's host", "", []pg{{"A", "Ram", "2015-05-01", ""}, {"B", "Ims", "2019-08-15", ""}, {"AssumeRole", "", "", "sts.aliyuncs.com"}},
			"Sts", "2015-04-01", "not Ims's or Ram's (the products of the other pages of this run): using Sts"},
		{"-product names the run", "Ram", []pg{{"AssumeRole", "", "", "sts.aliyuncs.com"}},
			"Sts", "2015-04-01", "not Ram's (-product): using Sts"},
		{"-product over the run's own host", "Cms", []pg{{"A", "Demo", "2020-01-01", ""}, {"X", "", "", "demo.aliyuncs.com"}},
			"Cms", "", "using Cms from -product"},
		{"an Action the SDK's only version lacks", "", []pg{{"ListAlarm", "", "", "metrics.cn-hangzhou.aliyuncs.com"}},
			"Cms", "", "has ListAlarm at none of Cms's versions (2019-01-01): give cccgen -version"},
		{"unknown host, no other page", "", []pg{{"X", "", "", "gadgets.aliyuncs.com"}},
			"", "", "no other page of this run does: give cccgen -product"},
	} {
		var pages []*spec.Page
		for _, p := range c.pages {
			pos := spec.Pos{File: p.action + ".md", Line: 3, Col: 1}
			pages = append(pages, &spec.Page{File: pos.File, Action: p.action, ActionPos: pos, Endpoint: spec.Endpoint{Product: p.product, Version: p.version, Style: "RPC"},
				ExampleHost: p.host, ExampleHostPos: spec.Pos{File: pos.File, Line: 9, Col: 9}})
		}
		ds, foreign := inferProducts(pages, c.flag)
		ds = append(ds, inferVersions(pages, "", foreign)...)
		last := pages[len(pages)-1]
		found := false
		for _, d := range ds {
			found = found || d.Pos.File == last.File && strings.Contains(d.Msg, c.msg)
		}
		if last.Product != c.product || last.Version != c.version || !found {
			t.Errorf("%s: %q %q, want %q %q; no %q in %v", c.name, last.Product, last.Version, c.product, c.version, c.msg, ds)
		}
	}
}
