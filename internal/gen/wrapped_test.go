package gen_test

import (
	"fmt"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/spec"
)

// wrappedPage is an RPC page of ours whose examples show an RPC list
// wrapper ({"Users": {"User": [...]}}), and, when ports is set, a plural List
// row no example shows.
func wrappedPage(action string, ports bool) gen.Source {
	extra := ""
	if ports {
		extra = "|Ports|List|80|端口。|\n"
	}
	page := fmt.Sprintf("# %[1]s\n\n[x](https://api.aliyun.com/#product=Demo&api=%[1]s&type=RPC&version=2020-01-01)\n\n"+
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|%[1]s|系统规定参数。|\n\n"+
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n%[2]s|RequestId|String|r|请求ID。|\n|Users|Array of User| |用户。|\n|Name|String|n|名字。|\n\n"+
		"## 示例\n\n正常返回示例\n\n`JSON`格式\n\n```\n{\"RequestId\":\"r\",\"Users\":{\"User\":[{\"Name\":\"a\"}]}}\n```\n", action, extra)
	return gen.Source{Name: action + ".md", Data: []byte(page)}
}

// A package whose RPC responses wrap their lists (ten pages here) wraps a
// list of scalars only the table shows; the same page alone, or among pages
// that send their lists bare, keeps it bare.
func TestWrappedListsLearnedFromPackage(t *testing.T) {
	ports := func(p *spec.Page) string {
		for _, f := range p.Response.Fields {
			if f.Name == "Ports" {
				if f.Kind == spec.Struct && len(f.Fields) == 1 && f.Fields[0].Name == "Port" && f.Fields[0].Kind == spec.Array {
					return "wrapped"
				}
				return string(f.Kind)
			}
		}
		return "absent"
	}
	if got := ports(gen.Load(wrappedPage("DescribeWidget", true))); got != string(spec.Array) {
		t.Fatalf("DescribeWidget alone: Ports %s, want a bare array", got)
	}
	srcs := []gen.Source{wrappedPage("DescribeWidget", true)}
	for i := range 10 {
		srcs = append(srcs, wrappedPage(fmt.Sprintf("DescribeThing%d", i), false))
	}
	res := gen.Package(srcs, gen.Options{Package: fuzzPkg})
	if spec.HasErrors(res.Diagnostics) {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	for _, p := range res.Pages {
		if p.Action == "DescribeWidget" {
			if got := ports(p); got != "wrapped" {
				t.Errorf("DescribeWidget among ten pages that wrap their lists: Ports %s, want {Ports: {Port: [...]}}", got)
			}
			return
		}
	}
	t.Fatal("no DescribeWidget page")
}
