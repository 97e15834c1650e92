package resolve

import (
	"strings"
	"testing"

	"github.com/cccgen/cccgen/spec"
)

// Each warning site gives its kind: one page per kind, the warning found by
// a part of its message.
func TestWarningKinds(t *testing.T) {
	listParam := "# AttachThing\n\n[x](https://api.aliyun.com/#product=D&api=AttachThing&type=RPC&version=2020-01-01)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|Action|String|是|AttachThing|x|\n|InstanceIds|Array|是| |实例ID的集合，格式为JSON数组。|\n|Name|String|否|n|名|\n|Name|String|否|n|名|\n\n" +
		"## 示例\n\n```\nhttp(s)://[Endpoint]/?Action=AttachThing\n&InstanceIds=[\"i-1\"]\n&Color=red\n&<公共请求参数>\n```\n"
	subTable := page("|RequestId|String|r|x|\n|Data|String|{}|分析结果，以JSON字符串表示。|\n\n下方定义：\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|persons|JSONArray| |人物|\n|persons.name|String|n|名字|\n",
		"```\n{\"RequestId\":\"r\",\"Data\":\"{}\"}\n```\n")
	cases := []struct {
		src, msg string
		want     spec.DiagKind
	}{
		{page("|RequestId|String|r|请求|\n|Results|Array of Result| |结果|\n|Result| | | |\n|Label|String|l|标签|\n|Rate|String|1|分值|\n|State|String|s|状态|\n",
			"```\n{\"RequestId\":\"r\",\"Results\":{\"Label\":\"l\",\"Rate\":1},\"State\":\"s\"}\n```\n"),
			"generating the wrapper", spec.DiagResponseNesting},
		{page("|RequestId|String|r|请求|\n", "```\n{\"RequestId\": \"r\", \"Extra\": 3,}\n```\n"),
			"Extra is in the examples but not in the table", spec.DiagFieldOnlyInExample},
		{page("|RequestId|String|r|请求|\n", "```\n{\"RequestId\": \"r\", \"Extra\": 3,}\n```\n"),
			"JSON example repaired: trailing comma removed", spec.DiagExampleRepaired},
		{page("|RequestId|String|r|请求|\n|Items|Array of Item| |项|\n|└Id|String|i|ID|\n", "```\n{\"RequestId\":\"r\",\"Items\":{\"Id\":\"i\"}}\n```\n"),
			"examples show one object; generating a list", spec.DiagListOrObject},
		{page("|RequestId|String|r|请求|\n|Size|Integer|1|大小|\n", "```\n{\"RequestId\":\"r\",\"Size\":{\"Min\":1}}\n```\n"),
			"Size is typed Integer in the table but holds a struct", spec.DiagTypeMismatch},
		{page("|RequestId|Strng|r|请求|\n", "```\n{\"RequestId\":\"r\"}\n```\n"),
			`type "Strng" read as string`, spec.DiagTypeTypo},
		{page("|RequestId|String|r|请求|\n|Total|Integer|1|总数|\n|Total|Integer|1|总数|\n", "```\n{\"RequestId\":\"r\",\"Total\":1}\n```\n"),
			"appears twice at one level", spec.DiagRowDropped},
		{page("|RequestId|String|r|请求|\n|Total|Integer|1|总数|\n", "```\n{\"RequestId\":\"r\"}\n```\n"),
			"Total is in the table but not in the examples", spec.DiagMissingFromExample},
		{page("|RequestId|String|r|请求|\n|InstanceId|String|i|实例|\n", "```\n{\"RequestId\":\"r\",\"InstanceID\":\"i\"}\n```\n"),
			"is spelled InstanceID in the examples", spec.DiagNameMismatch},
		{page("|RequestId|String|r|请求|\n", "```\n{\"RequestId\":\"r\",\"HostId\":\"h\",\"Code\":\"Forbidden\",\"Message\":\"m\"}\n```\n"),
			"is an error response", spec.DiagExampleUnusable},
		{page("|RequestId|String|r|请求|\n|Total|Integer|1|总数|\n", "```\n{\"RequestId\":\"r\",\"Total\":\"many\"}\n```\n"),
			`example value "many" of Total does not fit`, spec.DiagExampleValue},
		{listParam, "InstanceIds is a list the page writes as a JSON array", spec.DiagRequestParams},
		{listParam, "request parameter Name is listed twice", spec.DiagRowDropped},
		{listParam, "request example parameter Color is not in the request table", spec.DiagExampleValue},
		{listParam, "no response table", spec.DiagNoTable},
		{subTable, "documents the value of response field Data", spec.DiagSubTable},
	}
	for _, c := range cases {
		p := resolved(t, c.src)
		var got []spec.DiagKind
		for _, d := range p.Diagnostics {
			if d.Severity == spec.Warning && strings.Contains(d.Msg, c.msg) {
				got = append(got, d.Kind)
			}
		}
		if len(got) == 0 {
			t.Errorf("no warning %q in:\n%s", c.msg, strings.Join(warnings(p), "\n"))
			continue
		}
		for _, k := range got {
			if k != c.want {
				t.Errorf("warning %q: kind %q, want %q", c.msg, k, c.want)
			}
		}
	}
}
