package gen

import (
	"regexp"
	"strings"
	"testing"

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

func TestInferProductsDisagreeing(t *testing.T) {
	pages := []*spec.Page{{Action: "A", Product: "Ram"}, {Action: "B", Product: "Sts"}, {Action: "C"}}
	ds := inferProducts(pages, "")
	if pages[2].Product != "" || len(ds) != 1 || !strings.Contains(ds[0].Msg, "name several (Ram, Sts): give cccgen -product") {
		t.Errorf("%q %v", pages[2].Product, ds)
	}
	ds = inferProducts(pages, "Ims")
	if pages[2].Product != "Ims" || pages[0].Product != "Ram" || len(ds) != 1 {
		t.Errorf("%q %v", pages[2].Product, ds)
	}
}
