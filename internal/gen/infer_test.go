package gen

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/apiversions"
	"github.com/cccgen/cccgen/spec"
)

func pageFile(t *testing.T, res *Result, name string) string {
	t.Helper()
	b, ok := res.Files[name]
	if !ok {
		t.Fatalf("no %s in %v", name, res.Diagnostics)
	}
	return string(b)
}

// hasKey reports whether src sets key to the literal lit in a composite
// literal, however gofmt aligned it.
func hasKey(src, key, lit string) bool {
	return regexp.MustCompile(`\b` + key + `:\s+` + regexp.QuoteMeta(lit)).MatchString(src)
}

func hasWarning(res *Result, file, msg string) bool {
	for _, d := range res.Diagnostics {
		if d.Severity == spec.Warning && d.Pos.File == file && strings.Contains(d.Msg, msg) {
			return true
		}
	}
	return false
}

// GetWidget.md has no OpenAPI Explorer link: it takes the product code and
// the version of DescribeThings.md, or -product/-version; never the
// package name.
func TestProductAndVersionFromOtherPages(t *testing.T) {
	res := Package(sources(t, "testdata/pages"), Options{Package: "demo"})
	src := pageFile(t, res, "get_widget.gen.go")
	if !hasKey(src, "Product", `"Demo"`) || !hasKey(src, "Version", `"2020-01-01"`) {
		t.Errorf("GetWidget: product or version not taken from DescribeThings:\n%s", src)
	}
	if !hasWarning(res, "GetWidget.md", "using Demo, the product of the other pages of this run") ||
		!hasWarning(res, "GetWidget.md", "using 2020-01-01, the version of the other pages") {
		t.Errorf("no inference warnings: %v", res.Diagnostics)
	}

	res = Package(sources(t, "testdata/pages"), Options{Package: "demo", Product: "Cms", Version: "2019-01-01"})
	src = pageFile(t, res, "get_widget.gen.go")
	if !hasKey(src, "Product", `"Cms"`) || !hasKey(src, "Version", `"2019-01-01"`) {
		t.Errorf("GetWidget: -product/-version not used:\n%s", src)
	}
	if !hasKey(pageFile(t, res, "describe_things.gen.go"), "Product", `"Demo"`) {
		t.Errorf("DescribeThings names its product; -product must not replace it")
	}
	if !hasWarning(res, "GetWidget.md", "using Cms from -product") || !hasWarning(res, "GetWidget.md", "using 2019-01-01 from -version") {
		t.Errorf("no flag warnings: %v", res.Diagnostics)
	}

	var only []Source
	for _, s := range sources(t, "testdata/pages") {
		if s.Name == "GetWidget.md" {
			only = append(only, s)
		}
	}
	res = Package(only, Options{Package: "demo"})
	src = pageFile(t, res, "get_widget.gen.go")
	if !hasKey(src, "Product", `""`) || hasKey(src, "Product", `"demo"`) {
		t.Errorf("a page alone without a product code must send none (the client then needs Config.Endpoint):\n%s", src)
	}
	if !hasWarning(res, "GetWidget.md", "no other page of this run does: give cccgen -product; until then calling GetWidget needs acsrt.Config.Endpoint") {
		t.Errorf("no missing-product warning: %v", res.Diagnostics)
	}
}

func warningAt(res *Result, pos spec.Pos, msg string) bool {
	for _, d := range res.Diagnostics {
		if d.Severity == spec.Warning && d.Pos == pos && strings.Contains(d.Msg, msg) {
			return true
		}
	}
	return false
}

// A RAM-like run: ListGadgets names Ram 2015-05-01 in its link;
// GetCallerIdentity has no link and its request example calls
// sts.aliyuncs.com, so it is Sts's, at the version the official SDK ships;
// GetGadgetPolicy has no link and a host no product has: as before, the
// run's product and version.
func TestForeignPageTakesItsHostsProduct(t *testing.T) {
	res := Package(sources(t, "testdata/foreign"), Options{Package: "ram"})
	src := pageFile(t, res, "get_caller_identity.gen.go")
	if !hasKey(src, "Product", `"Sts"`) || !hasKey(src, "Version", `"2015-04-01"`) {
		t.Errorf("GetCallerIdentity is not Sts 2015-04-01:\n%s", src)
	}
	host := spec.Pos{File: "GetCallerIdentity.md", Line: 23, Col: 9}
	if !warningAt(res, host, "the page names no product code and the request example's host sts.aliyuncs.com is Sts's (acsrt's endpoint table), not Ram's (the product of the other pages of this run): using Sts") {
		t.Errorf("no product warning at %v: %v", host, res.Diagnostics)
	}
	if !hasWarning(res, "GetCallerIdentity.md", "using 2015-04-01, the version of Sts at which the official classic SDK "+apiversions.Source+" has GetCallerIdentity") {
		t.Errorf("no version warning naming the SDK: %v", res.Diagnostics)
	}
	for _, f := range []string{"list_gadgets.gen.go", "get_gadget_policy.gen.go"} {
		if src := pageFile(t, res, f); !hasKey(src, "Product", `"Ram"`) || !hasKey(src, "Version", `"2015-05-01"`) {
			t.Errorf("%s is not Ram 2015-05-01:\n%s", f, src)
		}
	}
	if !hasWarning(res, "GetGadgetPolicy.md", "using Ram, the product of the other pages of this run") ||
		!hasWarning(res, "GetGadgetPolicy.md", "using 2015-05-01, the version of the other pages of its product") {
		t.Errorf("GetGadgetPolicy: not today's inference: %v", res.Diagnostics)
	}

	// -product and -version are the run's: GetCallerIdentity stays Sts at
	// the SDK's version.
	res = Package(sources(t, "testdata/foreign"), Options{Package: "ram", Product: "Ram", Version: "2015-05-01"})
	src = pageFile(t, res, "get_caller_identity.gen.go")
	if !hasKey(src, "Product", `"Sts"`) || !hasKey(src, "Version", `"2015-04-01"`) {
		t.Errorf("with -product/-version, GetCallerIdentity is not Sts 2015-04-01:\n%s", src)
	}
	if !warningAt(res, host, "not Ram's (the product of the other pages of this run): using Sts") {
		t.Errorf("no product warning at %v: %v", host, res.Diagnostics)
	}
	if !hasWarning(res, "GetGadgetPolicy.md", "using Ram from -product") || !hasWarning(res, "GetGadgetPolicy.md", "using 2015-05-01 from -version") {
		t.Errorf("GetGadgetPolicy: flags not used: %v", res.Diagnostics)
	}
}

// A page with an OpenAPI Explorer link keeps its product whatever host its
// example shows (dcdn pages show scdn's), with a warning at the host.
func TestLinkedPageKeepsItsProduct(t *testing.T) {
	res := Package(sources(t, "testdata/linked"), Options{Package: "dcdn"})
	src := pageFile(t, res, "describe_dcdn_gadget.gen.go")
	if !hasKey(src, "Product", `"dcdn"`) || !hasKey(src, "Version", `"2018-01-15"`) {
		t.Errorf("DescribeDcdnGadget is not dcdn 2018-01-15:\n%s", src)
	}
	host := spec.Pos{File: "DescribeDcdnGadget.md", Line: 26, Col: 8}
	if !warningAt(res, host, "the request example's host scdn.aliyuncs.com is scdn's, not dcdn's; keeping dcdn from the OpenAPI Explorer link") {
		t.Errorf("no warning at %v: %v", host, res.Diagnostics)
	}
}

// Two pages of one product that name no version, one the classic SDK
// knows (DeletePolicy), one it does not (DeletePylicy): the second takes
// the version the SDK gave the first, so that resolving the resolved pages
// again changes nothing (FuzzPipeline found the difference).
func TestVersionFromTheSDKsOtherPages(t *testing.T) {
	pg := func(action string) Source {
		return Source{Name: action + ".md", Data: []byte("# " + action + "\n\n[API Explorer](https://api.aliyun.com/#product=Ram&api=" + action + ")\n\n" +
			"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|" + action + "|x|\n|PolicyName|String|是|p|名称|\n\n" +
			"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|请求|\n")}
	}
	if _, ok := apiversions.For("Ram", "DeletePolicy"); !ok {
		t.Skip("the classic SDK table has no Ram DeletePolicy")
	}
	res := Package([]Source{pg("DeletePolicy"), pg("DeletePylicy")}, Options{Package: "ram"})
	v, _ := apiversions.For("Ram", "DeletePolicy")
	for _, f := range []string{"delete_policy.gen.go", "delete_pylicy.gen.go"} {
		if src := pageFile(t, res, f); !hasKey(src, "Version", `"`+v+`"`) {
			t.Errorf("%s is not at version %s:\n%s", f, v, src)
		}
	}
	if !hasWarning(res, "DeletePylicy.md", "using "+v+", the version the official classic SDK "+apiversions.Source+" has the other pages of its product at") {
		t.Errorf("no version warning at DeletePylicy.md: %v", res.Diagnostics)
	}
	again := Generate(res.Pages, Options{Package: "ram"})
	for name, b := range res.Files {
		if string(again.Files[name]) != string(b) {
			t.Errorf("generating the resolved pages again changed %s", name)
		}
	}
}

// No page names a product code; one page's request example host is CDN's:
// a page with neither takes CDN too, and the first takes the version the
// second names, so that resolving the resolved pages again changes nothing
// (FuzzPipeline found the difference).
func TestProductFromTheOtherPagesHosts(t *testing.T) {
	hosted := Source{Name: "ListThings.md", Data: []byte("# ListThings\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|ListThings|x|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|请求|\n\n## 示例\n\n请求示例\n\n```\nhttps://cdn.aliyuncs.com?Action=ListThings\n```\n")}
	versioned := Source{Name: "GetThing.md", Data: []byte("# GetThing\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|GetThing|x|\n|Version|String|否|2014-11-11|版本|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|请求|\n")}
	res := Package([]Source{hosted, versioned}, Options{Package: "cdn"})
	for _, f := range []string{"list_things.gen.go", "get_thing.gen.go"} {
		if src := pageFile(t, res, f); !hasKey(src, "Product", `"Cdn"`) || !hasKey(src, "Version", `"2014-11-11"`) {
			t.Errorf("%s is not Cdn 2014-11-11:\n%s", f, src)
		}
	}
	if !hasWarning(res, "GetThing.md", "using Cdn, the product the request example hosts of the other pages of this run are") {
		t.Errorf("no product warning at GetThing.md: %v", res.Diagnostics)
	}
	again := Generate(res.Pages, Options{Package: "cdn"})
	for name, b := range res.Files {
		if string(again.Files[name]) != string(b) {
			t.Errorf("generating the resolved pages again changed %s", name)
		}
	}
}
