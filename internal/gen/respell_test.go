package gen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/spec"
)

// An old copy of a page (no OpenAPI Explorer link) takes the request
// spellings of its sibling that has one, where they differ only in case,
// with a warning; its request example follows. A parameter the old copy
// spells both ways keeps its spellings.
func TestRespellFromNewestSibling(t *testing.T) {
	old := "# ApplyPolicy\n\n## 请求参数\n\n|名称|类型|是否必需|描述|\n|:-|:-|:---|:-|\n|Action|String|是|x|\n|RegionId|String|是|地域。|\n|PolicyId|String|是|策略。|\n|Tag.N.Key|String|否|键。|\n|Tag.N.key|String|否|键。|\n\n" +
		"## 返回数据\n\n|名称|类型|描述|\n|:-|:-|:-|\n|RequestId|String|请求。|\n\n## 示例\n\n请求示例\n\n```\nhttps://ecs.aliyuncs.com/?Action=ApplyPolicy&RegionId=cn-hangzhou&PolicyId=p-1&Tag.1.Key=k\n```\n"
	newer := "# ApplyPolicy\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Ecs&api=ApplyPolicy&type=RPC&version=2014-05-26)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|regionId|String|是|cn-hangzhou|地域。|\n|policyId|String|是|p-1|策略。|\n|Tag.N.Key|String|否|k|键。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|请求。|\n"
	res := Package([]Source{{Name: "old/ApplyPolicy.md", Data: []byte(old)}}, Options{Package: "ecs", Product: "Ecs", Version: "2014-05-26",
		Siblings: []Source{{Name: "new/ApplyPolicy.md", Data: []byte(newer)}}})
	if spec.HasErrors(res.Diagnostics) || len(res.Files) == 0 {
		t.Fatalf("no files: %v", res.Diagnostics)
	}
	var names []string
	for _, f := range res.Pages[0].Params() {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "regionId policyId Tag"; got != want {
		t.Errorf("request parameters %q, want %q", got, want)
	}
	var warned int
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Msg, "on new/ApplyPolicy.md, the copy of this page with an OpenAPI Explorer link; using that spelling") {
			warned++
		}
	}
	if warned != 2 {
		t.Errorf("%d respelling warnings, want 2:\n%v", warned, res.Diagnostics)
	}
	for _, e := range res.Pages[0].Examples {
		if e.Kind == spec.RequestExample && (!strings.Contains(e.Canonical, "regionId=cn-hangzhou") || !strings.Contains(e.Canonical, "policyId=p-1") || !strings.Contains(e.Canonical, "Tag.1.Key=k")) {
			t.Errorf("request example %q keeps the old spellings", e.Canonical)
		}
	}
	// Without the sibling, the page's own spellings stand.
	res = Package([]Source{{Name: "old/ApplyPolicy.md", Data: []byte(old)}}, Options{Package: "ecs", Product: "Ecs", Version: "2014-05-26"})
	if got := res.Pages[0].Params()[0].Name; got != "RegionId" {
		t.Errorf("without a sibling: %s, want RegionId", got)
	}
}

// An old copy takes its linked sibling's required flags, with a warning;
// without the sibling its own stand.
func TestRequiredFromNewestSibling(t *testing.T) {
	old := "# StopThing\n\n## 请求参数\n\n|名称|类型|是否必需|描述|\n|:-|:-|:---|:-|\n|Action|String|是|x|\n|RegionId|String|是|地域。|\n|ThingId|String|否|编号。|\n|Force|Boolean|是|强制。|\n\n" +
		"## 返回数据\n\n|名称|类型|描述|\n|:-|:-|:-|\n|RequestId|String|请求。|\n"
	newer := "# StopThing\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Ecs&api=StopThing&type=RPC&version=2014-05-26)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|RegionId|String|否|cn-hangzhou|地域。|\n|ThingId|String|是|t-1|编号。|\n|Force|Boolean|是|true|强制。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|请求。|\n"
	flags := func(p *spec.Page) string {
		var b strings.Builder
		for _, f := range p.Params() {
			fmt.Fprintf(&b, "%s=%v ", f.Name, f.Required)
		}
		return strings.TrimSpace(b.String())
	}
	src := []Source{{Name: "old/StopThing.md", Data: []byte(old)}}
	res := Package(src, Options{Package: "ecs", Product: "Ecs", Version: "2014-05-26", Siblings: []Source{{Name: "new/StopThing.md", Data: []byte(newer)}}})
	if spec.HasErrors(res.Diagnostics) || len(res.Files) == 0 {
		t.Fatalf("no files: %v", res.Diagnostics)
	}
	if got, want := flags(res.Pages[0]), "RegionId=false ThingId=true Force=true"; got != want {
		t.Errorf("with the sibling: %s, want %s", got, want)
	}
	var warned int
	for _, d := range res.Diagnostics {
		if d.Kind == spec.DiagRequestParams && strings.Contains(d.Msg, "on new/StopThing.md, the copy of this page with an OpenAPI Explorer link; taking it as") {
			warned++
		}
	}
	if warned != 2 {
		t.Errorf("%d required-flag warnings, want 2:\n%v", warned, res.Diagnostics)
	}
	res = Package(src, Options{Package: "ecs", Product: "Ecs", Version: "2014-05-26"})
	if got, want := flags(res.Pages[0]), "RegionId=true ThingId=false Force=true"; got != want {
		t.Errorf("without a sibling: %s, want %s", got, want)
	}
}
