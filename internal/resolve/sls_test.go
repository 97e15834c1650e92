package resolve

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// slsPage is a Log Service page: a raw-HTTP 请求语法 block and a table.
func slsPage(syntax, rows string) string {
	return "# GetThing\n\n调用GetThing。\n\n## 请求语法\n\n```\n" + syntax + "\n```\n\n" +
		"## 请求参数\n\n|参数名称|数据类型|是否必填|示例值|描述|\n|:---|:---|:---|---|:-|\n" + rows +
		"\n## 返回数据\n\n|参数名称|数据类型|示例值|描述|\n|:---|:---|---|:-|\n|count|Integer|1|数目。|\n"
}

const slsHeaders = "Authorization: LOG yourAccessKeyId:yourSignature\nDate: GMT Date\nHost: ProjectName.Endpoint\nx-log-apiversion: 0.6.0\nx-log-signaturemethod: hmac-sha1"

// layout renders the request as name@Position in order.
func layout(t *testing.T, src string) (style, method, path, fields string) {
	t.Helper()
	p := resolved(t, src)
	var parts []string
	for _, f := range p.Params() {
		s := f.Name + "@" + string(f.Position)
		if f.Raw {
			s += "(raw " + string(f.Kind) + ")"
		}
		if f.AlsoBody {
			s += "+Body"
		}
		parts = append(parts, s)
	}
	return string(p.Style), string(p.Method), p.Path, strings.Join(parts, " ")
}

func TestSLSLayout(t *testing.T) {
	for _, tc := range []struct {
		name, src                    string
		style, method, path, request string
	}{
		{"bare path words, fixed query, placeholders in the query",
			slsPage("GET /logstores/logstorename/shards/shardID?type=cursor&from=from HTTP/1.1\n"+slsHeaders,
				"|projectName|String|是|p|Project名称。|\n|logstoreName|String|是|app|Logstore名称。|\n|shardID|Integer|是|0|Shard。|\n|type|String|是|cursor|固定取值为cursor。|\n|from|String|是|begin|时间点。|\n"),
			"SLS", "GET", "/logstores/{logstoreName}/shards/{shardID}?type=cursor", "projectName@Host logstoreName@Path shardID@Path from@Query"},
		{"{name} and <name> placeholders, an example value in the query is a parameter",
			slsPage("GET /logstores/{logstoreName}/shipper/<shipperName>/tasks?offset=0&size=100 HTTP/1.1\n"+slsHeaders,
				"|project|String|是|p|Project名称。|\n|logstoreName|String|是|app|x|\n|shipperName|String|是|s|x|\n|offset|Integer|否|0|默认值为0。|\n|size|Integer|否|100|x|\n"),
			"SLS", "GET", "/logstores/{logstoreName}/shipper/{shipperName}/tasks", "project@Host logstoreName@Path shipperName@Path offset@Query size@Query"},
		{"a fixed query no row names; a JSON body sketch; a nested member",
			slsPage("POST /logstores/logstoreName/shards/0?action=split HTTP/1.1\nContent-Type: application/json\n"+slsHeaders+"\n{\n  \"key\": <key>,\n  \"opts\": {\"color\": \"red\"}\n}",
				"|projectName|String|是|p|x|\n|logstoreName|String|是|app|x|\n|key|String|是|ef|x|\n|color|String|否|red|x|\n|force|Boolean|否|true|x|\n"),
			"SLS", "POST", "/logstores/{logstoreName}/shards/0?action=split", "projectName@Host logstoreName@Path key@Body force@Query opts@Body"},
		{"a path parameter the body repeats",
			slsPage("PUT /logstores/logstoreName HTTP/1.1\nContent-Type: application/json\n"+slsHeaders+"\n{\n  \"logstoreName\": logstoreName,\n  \"ttl\": ttl\n}",
				"|projectName|String|是|p|x|\n|logstoreName|String|是|app|x|\n|ttl|Integer|否|1|x|\n"),
			"SLS", "PUT", "/logstores/{logstoreName}", "projectName@Host logstoreName@Path+Body ttl@Body"},
		{"no rows: project, path word and the whole body implied by the syntax",
			slsPage("PUT /configs/configName HTTP/1.1\nContent-Type: application/json\n"+slsHeaders+"\n{\n  \"configName\": \"c1\"\n}", ""),
			"SLS", "PUT", "/configs/{configName}", "projectName@Host configName@Path body@Body(raw any)"},
		{"a protobuf body; the runtime's headers are not fields, other x-log headers are",
			slsPage("POST /logstores/logstoreName/shards/lb HTTP/1.1\nContent-Type: application/x-protobuf\n"+slsHeaders,
				"|projectName|String|是|p|x|\n|logstoreName|String|是|app|x|\n|x-log-bodyrawsize|Integer|是|12|x|\n|Content-MD5|String|是|AB|x|\n|x-log-compresstype|String|否|lz4|x|\n"),
			"SLS", "POST", "/logstores/{logstoreName}/shards/lb", "projectName@Host logstoreName@Path x-log-compresstype@Header body@Body(raw string)"},
		{"a project-less call keeps its query",
			slsPage("GET /?offset=offset&size=size HTTP/1.1\nHost: Endpoint\nx-log-apiversion: 0.6.0", "|offset|Integer|否|0|x|\n|size|Integer|否|10|x|\n"),
			"SLS", "GET", "/", "offset@Query size@Query"},
		{"a full URL: its host and common parameters are not fields",
			slsPage("GET https://sls.aliyuncs.com/?AccessKeyId=id&Signature=s&Timestamp=t&SignatureNonce=n&Name=name HTTP/1.1",
				"|AccessKeyId|String|是|id|x|\n|Signature|String|是|s|x|\n|Name|String|是|n|x|\n"),
			"ROA", "GET", "/", "Name@Query"},
		{"x-log headers alone mark the page SLS",
			slsPage("POST ProjectName.Endpoint/logstores/logstoreName/track HTTP/1.1\nx-log-apiversion: 0.6.0\nx-log-bodyrawsize: 12\n{\n  \"__topic__\": \"t\"\n}", "|logstoreName|String|是|app|x|\n|__topic__|String|否|t|x|\n"),
			"SLS", "POST", "/logstores/{logstoreName}/track", "projectName@Host logstoreName@Path __topic__@Body"},
	} {
		style, method, path, request := layout(t, tc.src)
		if d := cmp.Diff([]string{tc.style, tc.method, tc.path, tc.request}, []string{style, method, path, request}); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
}

func TestSLSWarnings(t *testing.T) {
	p := resolved(t, slsPage("POST /logstores/logstoreName?type=log HTTP/1.1\n"+slsHeaders+"\n{\"opts\": {\"color\": 1}}",
		"|projectName|String|是|p|x|\n|logstoreName|String|是|app|x|\n|type|String|是|log|固定为log。|\n|color|String|否|red|x|\n"))
	got := strings.Join(warnings(p), "\n")
	for _, want := range []string{"type is the fixed query type=log of the path", "color is a member of opts in the request body"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
}

func TestJSONSketchKeys(t *testing.T) {
	nested := map[string]string{}
	top := jsonSketchKeys(`{"a": <x>, "b": {"c": 1, "d": ["e"]}, "f" : shard ID list, "g": [{"h": 1}]}`, nested)
	if d := cmp.Diff([]string{"a", "b", "f", "g"}, top); d != "" {
		t.Errorf("top (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"c": "b", "d": "b", "h": "g"}, nested); d != "" {
		t.Errorf("nested (-want +got):\n%s", d)
	}
}
