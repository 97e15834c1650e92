package gen_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/spec"
)

// One folder, two products with an Action of the same name (RAM's folder
// holds IMS's CreateUser next to RAM's): both APIs are generated, the run's
// most documented product keeping the plain name, the other named after
// its product; a page that names no product but a version is a copy of the
// API of that version.
func TestSameActionTwoProducts(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "pages", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	things := read("DescribeThings.md")
	const link = "product=Demo&api=DescribeThings&type=RPC&version=2020-01-01"
	if !bytes.Contains(things, []byte(link)) {
		t.Fatalf("DescribeThings.md has no %s", link)
	}
	other := bytes.Replace(things, []byte(link), []byte("product=Other&api=DescribeThings&type=RPC&version=2019-03-01"), 1)
	// An old copy of Other's page: no OpenAPI Explorer link, a Version row.
	loose := bytes.Replace(things, []byte(link), []byte("x=1"), 1)
	loose = bytes.Replace(loose, []byte("|RegionId|String|"), []byte("|Version|String|是|2019-03-01|版本。 |\n|RegionId|String|"), 1)
	srcs := []gen.Source{
		{Name: "demo/DescribeThings.md", Data: things},
		{Name: "demo/UpdateGadget.md", Data: read("UpdateGadget.md")},
		{Name: "other/DescribeThings.md", Data: other},
		{Name: "old/DescribeThings.md", Data: loose},
	}
	if !bytes.Contains(srcs[1].Data, []byte("product=Demo")) {
		t.Fatal("UpdateGadget.md names no product Demo")
	}
	var first map[string][]byte
	for _, order := range [][]gen.Source{srcs, {srcs[3], srcs[2], srcs[1], srcs[0]}} {
		res := gen.Package(order, gen.Options{Package: "demo"})
		if spec.HasErrors(res.Diagnostics) {
			t.Fatalf("errors: %v", res.Diagnostics)
		}
		for _, name := range []string{"describe_things.gen.go", "other_describe_things.gen.go", "other_describe_things.gen_test.go"} {
			if res.Files[name] == nil {
				t.Errorf("no %s", name)
			}
		}
		plain, prefixed := string(res.Files["describe_things.gen.go"]), string(res.Files["other_describe_things.gen.go"])
		if !strings.Contains(plain, "func (c *Client) DescribeThings(") || !regexp.MustCompile(`Product: +"Demo"`).MatchString(plain) {
			t.Errorf("describe_things.gen.go does not call Demo's DescribeThings")
		}
		if !strings.Contains(prefixed, "func (c *Client) OtherDescribeThings(") || !regexp.MustCompile(`Product: +"Other"`).MatchString(prefixed) ||
			!regexp.MustCompile(`Action: +"DescribeThings"`).MatchString(prefixed) || !strings.Contains(prefixed, "type OtherDescribeThingsRequest struct") {
			t.Errorf("other_describe_things.gen.go does not call Other's DescribeThings as OtherDescribeThings:\n%s", prefixed)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].File != "old/DescribeThings.md" || !strings.Contains(res.Skipped[0].Reason, "other/DescribeThings.md is generated") {
			t.Errorf("skipped %v, want old/DescribeThings.md as a copy of other/DescribeThings.md", res.Skipped)
		}
		if !slices.ContainsFunc(res.Diagnostics, func(d spec.Diagnostic) bool {
			return d.Severity == spec.Warning && d.Pos.File == "other/DescribeThings.md" && strings.Contains(d.Msg, "this page's is generated as OtherDescribeThings")
		}) {
			t.Errorf("no warning naming OtherDescribeThings in %v", res.Diagnostics)
		}
		if first == nil {
			first = res.Files
		} else {
			for n, b := range first {
				if !bytes.Equal(res.Files[n], b) {
					t.Errorf("the order of the pages changed %s", n)
				}
			}
		}
	}
	// The package formats, type-checks and keeps its invariants.
	if err := checkPipeline(loadUniverse(t), srcs); err != nil {
		t.Fatal(err)
	}
}

// A page whose examples are another page's (rooted in <DescribeServersResponse>,
// none of their fields in its table) is resolved knowing the package's
// Actions: its examples are ignored, with a warning.
func TestOtherAPIExampleLearnedFromPackage(t *testing.T) {
	pg := func(action, rows, examples string) []byte {
		return []byte("# " + action + "\n\n[x](https://api.aliyun.com/#product=Demo&api=" + action + "&type=RPC&version=2020-01-01)\n\n" +
			"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|" + action + "|x|\n\n" +
			"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n" + rows + "\n## 示例\n\n正常返回示例\n\n`JSON` 格式\n\n```\n" + examples + "\n```\n")
	}
	servers := `{"DescribeServersResponse":{"RequestId":"r","Servers":{"Server":[{"ServerId":"s-1"}]}}}`
	srcs := []gen.Source{
		{Name: "DescribeServers.md", Data: pg("DescribeServers", "|RequestId|String|r|请求|\n|Servers|Array of Server| |服务|\n|ServerId|String|s-1|ID|\n", servers)},
		{Name: "DescribeCerts.md", Data: pg("DescribeCerts", "|RequestId|String|r|请求|\n|Certs|Array of Cert| |证书|\n|CertId|String|c-1|ID|\n", servers)},
	}
	res := gen.Package(srcs, gen.Options{Package: "demo"})
	if spec.HasErrors(res.Diagnostics) {
		t.Fatalf("errors: %v", res.Diagnostics)
	}
	if !slices.ContainsFunc(res.Diagnostics, func(d spec.Diagnostic) bool {
		return d.Pos.File == "DescribeCerts.md" && strings.Contains(d.Msg, "the JSON example is the response of DescribeServers, another API of this product")
	}) {
		t.Errorf("no warning at DescribeCerts.md in %v", res.Diagnostics)
	}
	certs := string(res.Files["describe_certs.gen.go"])
	if strings.Contains(certs, "ServerId") || !strings.Contains(certs, "CertId") {
		t.Errorf("DescribeCerts's response is not its table's:\n%s", certs)
	}
	if err := checkPipeline(loadUniverse(t), srcs); err != nil {
		t.Fatal(err)
	}
}
