package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

func rowNames(rows []spec.Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func errorsOf(p *spec.Page) []string {
	var out []string
	for _, d := range p.Diagnostics {
		if d.Severity == spec.Error {
			out = append(out, d.String())
		}
	}
	return out
}

const basic = "# 查询东西\n\n查询东西的描述。\n\n## 调试\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Demo&api=DescribeThing&type=RPC&version=2020-01-01)\n\n" +
	"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|DescribeThing|系统规定参数。|\n|Thing\\_Id|String|是|t-1\\*\\*\\*\\*|东西的 **ID**，见[文档](~~123~~)。|\n\n" +
	"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r-1|请求 ID。|\n\n" +
	"## 示例\n\n请求示例\n\n```\nhttp(s)://[Endpoint]/?Action=DescribeThing\n&Thing_Id=t-1\n&<公共请求参数>\n```\n\n正常返回示例\n\n`XML` 格式\n\n```\n<DescribeThingResponse><RequestId>r-1</RequestId></DescribeThingResponse>\n```\n\n`JSON` 格式\n\n```\n{\"RequestId\": \"r-1\"}\n```\n\n" +
	"## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|InvalidThing.NotFound|The thing %s does not exist.|东西不存在。|\n"

func TestParseBasic(t *testing.T) {
	p := Parse("basic.md", []byte(basic))
	if errs := errorsOf(p); len(errs) > 0 {
		t.Fatal(errs)
	}
	if p.Title != "查询东西" || p.Description != "查询东西的描述。" {
		t.Errorf("title/description = %q / %q", p.Title, p.Description)
	}
	if p.Action != "DescribeThing" || p.Product != "Demo" || p.Version != "2020-01-01" || p.Style != spec.RPC {
		t.Errorf("link fields = %q %q %q %q", p.Action, p.Product, p.Version, p.Style)
	}
	if got := rowNames(p.RequestRows); !cmp.Equal(got, []string{"Action", "Thing_Id"}) {
		t.Errorf("request rows = %v", got)
	}
	r := p.RequestRows[1]
	if r.Example != "t-1****" || r.Description != "东西的 ID，见文档。" || r.Required != "是" {
		t.Errorf("cell cleaning: %+v", r)
	}
	if r.Pos.Line != 14 || r.Pos.Col != 2 {
		t.Errorf("row position = %v, want basic.md:14:2", r.Pos)
	}
	var kinds []spec.ExampleKind
	for _, e := range p.Examples {
		kinds = append(kinds, e.Kind)
	}
	if !cmp.Equal(kinds, []spec.ExampleKind{spec.RequestExample, spec.XMLExample, spec.JSONExample}) {
		t.Errorf("examples = %v", kinds)
	}
	want := []spec.ErrorCode{{HTTPStatus: 400, Code: "InvalidThing.NotFound", Message: "The thing %s does not exist.", Description: "东西不存在。", Pos: spec.Pos{File: "basic.md", Line: 50, Col: 6}}}
	if d := cmp.Diff(want, p.Errors); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
}

// Real pages spread one row over many lines, put one header cell per line,
// leave out the separator, and carry fenced code with pipes inside a cell.
func TestTableLayouts(t *testing.T) {
	cases := []struct {
		name  string
		table string
		names []string
		check func(t *testing.T, rows []spec.Row)
	}{
		{"multi-line row, closing pipe alone", "|名称|类型|示例值|描述|\n|--|--|--|--|\n|Items| | |东西的列表。\n\n |\n|Name|String|n|名字。\n\n第二段。 |\n", []string{"Items", "Name"},
			func(t *testing.T, rows []spec.Row) {
				if rows[1].Description != "名字。\n第二段。" {
					t.Errorf("description = %q", rows[1].Description)
				}
			}},
		{"header one cell per line", "|名称\n\n|类型\n\n|示例值\n\n|描述 |\n|----|----|------|-----|\n|collectorPaths\n\n|List<String\\>\n\n|\\[\"/var/log\"\\]\n\n|采集路径。 |\n", []string{"collectorPaths"},
			func(t *testing.T, rows []spec.Row) {
				if rows[0].Type != "List<String>" || rows[0].Example != `["/var/log"]` {
					t.Errorf("row = %+v", rows[0])
				}
			}},
		{"no separator row", "|名称|类型|描述|\n|KeyId|String|密钥 ID。|\n|State|String|状态。|\n", []string{"KeyId", "State"}, nil},
		{"more cells than the header", "|名称|类型|示例值|描述|\n|--|--|--|--|\n|Port|String|80|回源协议 \\(80|443|80:443\\)。|\n", []string{"Port"},
			func(t *testing.T, rows []spec.Row) {
				if rows[0].Description != "回源协议 (80|443|80:443)。" {
					t.Errorf("description = %q", rows[0].Description)
				}
			}},
		{"fenced code with a pipe in a cell", "|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Password|String|否|Test123|特殊符号：\n\n ```\n\n()`~!@#$%^&*-_+=|{}[]\n\n```\n\n 其余。 |\n|HostName|String|否|h|主机名。 |\n", []string{"Password", "HostName"},
			func(t *testing.T, rows []spec.Row) {
				if !strings.Contains(rows[0].Description, "+=|{}[]") || rows[0].Example != "Test123" {
					t.Errorf("row = %+v", rows[0])
				}
			}},
		{"indented in a list item, padded cells", "-   参数列表\n\n    |   参数名称  | 数据类型 |是否必填|示例值|描述|\n    |:---|:---|:---|---|:-|\n    |projectName|String|是|p|Project名称。|\n", []string{"projectName"},
			func(t *testing.T, rows []spec.Row) {
				if rows[0].Required != "是" {
					t.Errorf("required = %q", rows[0].Required)
				}
			}},
		{"a second table after a blank line", "|名称|类型|描述|\n|:-|:-|:-|\n|Rules|List|规则。|\n\n|名称|类型|描述|\n|:-|:-|:-|\n|RuleId|String|ID。|\n", []string{"Rules", "RuleId"},
			func(t *testing.T, rows []spec.Row) {
				if rows[0].Table != 0 || rows[1].Table != 1 {
					t.Errorf("tables = %d %d", rows[0].Table, rows[1].Table)
				}
			}},
		{"a second header without separators", "|名称|类型|描述|\n|KeyId|String|ID。|\n|名称|类型|描述|\n|State|String|状态。|\n", []string{"KeyId", "State"}, nil},
		{"tree markers and EM spaces", "|名称|类型|示例值|描述|\n|--|--|--|--|\n|Data| | |数据。|\n|└Items|Array of Item| |列表。|\n|\u2003\u2003└Name|String|n|名字。|\n", []string{"Data", "Items", "Name"},
			func(t *testing.T, rows []spec.Row) {
				if rows[0].Depth != 0 || rows[1].Depth != 1 || rows[2].Depth != 2 {
					t.Errorf("depths = %d %d %d", rows[0].Depth, rows[1].Depth, rows[2].Depth)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page := "# DescribeThing\n\n## 返回数据\n\n" + c.table + "\n## 示例\n"
			p := Parse("t.md", []byte(page))
			if got := rowNames(p.ResponseRows); !cmp.Equal(got, c.names) {
				t.Fatalf("rows = %v, want %v", got, c.names)
			}
			if c.check != nil {
				c.check(t, p.ResponseRows)
			}
		})
	}
}

func TestHeadingsAndSections(t *testing.T) {
	// DITA attributes, setext headings, the 返回参数 name, 4-space code examples.
	page := "查询东西\n=====\n\n(DescribeThing)\n---------\n\n请求参数 {#h2-1}\n--------\n\n|名称|类型|是否必须|描述|\n|--|--|--|--|\n|Action|String|是|系统规定参数，DescribeThing|\n|Id|String|是|ID|\n\n" +
		"## 返回参数 {#section_2 .section}\n\n|名称|类型|说明|\n|RequestId|String|请求 ID|\n\n返回示例\n--------\n\n    {\n    \"RequestId\": \"r\"\n    }\n"
	p := Parse("s.md", []byte(page))
	if errs := errorsOf(p); len(errs) > 0 {
		t.Fatal(errs)
	}
	if p.Action != "DescribeThing" {
		t.Errorf("action = %q", p.Action)
	}
	if got := rowNames(p.RequestRows); !cmp.Equal(got, []string{"Action", "Id"}) {
		t.Errorf("request rows = %v", got)
	}
	if got := rowNames(p.ResponseRows); !cmp.Equal(got, []string{"RequestId"}) {
		t.Errorf("response rows = %v", got)
	}
	if len(p.Examples) != 1 || p.Examples[0].Kind != spec.JSONExample {
		t.Errorf("examples = %+v", p.Examples)
	}
}

func TestErrorTableVariants(t *testing.T) {
	tables := []string{
		"|错误代码|错误信息|HTTP 状态码|说明|\n|--|--|--|--|\n|Forbidden|No access.|403|无权限。|\n",
		"|HTTP状态码|错误码|错误信息|描述|\n|--|--|--|--|\n|403|Forbidden|No access.|无权限。|\n",
		"|错误代码|描述|Http状态码|语义|\n|--|--|--|--|\n|Forbidden|No access.|403|无权限。|\n",
		"|HTTP 状态码（Status Code）|错误码（Error Code）|错误消息（Error Message）|描述（Description）|\n|--|--|--|--|\n|403|Forbidden|No access.|无权限。|\n",
	}
	for i, tb := range tables {
		p := Parse("e.md", []byte("# DescribeThing\n\n## 错误码\n\n"+tb))
		if len(p.Errors) != 1 {
			t.Fatalf("table %d: errors = %+v", i, p.Errors)
		}
		e := p.Errors[0]
		if e.Code != "Forbidden" || e.HTTPStatus != 403 || e.Message != "No access." || e.Description != "无权限。" {
			t.Errorf("table %d: %+v", i, e)
		}
	}
}

func TestBadPages(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"empty", "", "e.md:1:1: page is empty"},
		{"not UTF-8", "# A\n\nab\xffc", "e.md:3:3: page is not valid UTF-8"},
		{"no action", "# 查询\n\n## 请求参数\n\n|名称|类型|\n|--|--|\n|Id|String|\n", "e.md:1:1: cannot tell the API's Action"},
		{"two actions", "# A\n\n[x](https://api.aliyun.com/#product=D&api=DescribeA&type=RPC)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|DescribeB|x|\n", "e.md:9:2: page names two different Actions"},
	}
	for _, c := range cases {
		p := Parse("e.md", []byte(c.src))
		errs := errorsOf(p)
		if len(errs) == 0 || !strings.HasPrefix(errs[0], c.want) {
			t.Errorf("%s: errors = %q, want prefix %q", c.name, errs, c.want)
		}
	}
}

func TestROASyntax(t *testing.T) {
	for in, want := range map[string]string{
		"POST /openapi/collectors/[ResId]/actions/rename HTTP/1.1":        "/openapi/collectors/{ResId}/actions/rename",
		"GET /logstores/<logstorename>?type=histogram&topic=<logtopic>":   "/logstores/{logstorename}",
		"GET /logstores/\\{logstoreName\\}/shipper/{shipperName}/tasks":   "/logstores/{logstoreName}/shipper/{shipperName}/tasks",
		"PATCH|POST /openapi/instances/[InstanceId]/description HTTP/1.1": "/openapi/instances/{InstanceId}/description",
		"POST ProjectName.Endpoint/logstores/logstoreName/track HTTP/1.1": "/logstores/logstoreName/track",
	} {
		page := "# CreateThing\n\n## 请求语法\n\n```\n" + in + "\n```\n"
		p := Parse("r.md", []byte(page))
		if p.Path != want || p.Style != spec.ROA || p.Method == "" {
			t.Errorf("%s: method %q path %q style %q, want path %q", in, p.Method, p.Path, p.Style, want)
		}
	}
}

// A fence closed inside a table row ("``` |") must not swallow the headings
// after the table.
func TestFenceClosedInsideRow(t *testing.T) {
	page := "# DescribeThing\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|DescribeThing|x|\n|Tags|String|否|a|格式：\n\n ```\n\nk1:v1\nk2:v2\n\n``` |\n|Size|Integer|否|1|大小。 |\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|ID。 |\n"
	p := Parse("f.md", []byte(page))
	if got := rowNames(p.RequestRows); !cmp.Equal(got, []string{"Action", "Tags", "Size"}) {
		t.Errorf("request rows = %v", got)
	}
	if got := rowNames(p.ResponseRows); !cmp.Equal(got, []string{"RequestId"}) {
		t.Errorf("response rows = %v", got)
	}
	if !strings.Contains(p.RequestRows[1].Description, "k1:v1") {
		t.Errorf("fenced text lost: %q", p.RequestRows[1].Description)
	}
}

// The response and example sections' prose is kept as notes, with where it
// is; table rows goldmark does not take for a table are not notes.
func TestNotes(t *testing.T) {
	src := "# GetThing\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r|请求ID。|\n\n" +
		"**说明：** 以下返回示例中，本文只保证包含返回数据列表中的参数。\n\n|Extra|String\n|x|y|\n\n" +
		"## 示例\n\n正常返回示例\n\n```\n{\"RequestId\":\"r\"}\n```\n\n## 错误码\n\n不在注释里。\n"
	p := Parse("n.md", []byte(src))
	want := []spec.Note{
		{Text: "说明： 以下返回示例中，本文只保证包含返回数据列表中的参数。", Section: "response", Pos: spec.Pos{File: "n.md", Line: 9, Col: 1}},
		{Text: "正常返回示例", Section: "examples", Pos: spec.Pos{File: "n.md", Line: 16, Col: 1}},
	}
	if d := cmp.Diff(want, p.Notes); d != "" {
		t.Errorf("notes (-want +got):\n%s", d)
	}
}

// A table under a "响应头" item lists HTTP response headers, not body fields.
func TestResponseHeaderTables(t *testing.T) {
	src := "# GetLogs\n\n## 返回数据\n\n-   响应头\n\n    具体格式如下：\n\n    |参数名称|数据类型|示例值|描述|\n    |:---|:---|---|:-|\n    |x-log-count|Integer|10|总数。|\n\n" +
		"-   响应元素\n\n    |参数名称|数据类型|示例值|描述|\n    |:---|:---|---|:-|\n    |count|Integer|1|数量。|\n"
	p := Parse("h.md", []byte(src))
	if got := rowNames(p.ResponseRows); !cmp.Equal(got, []string{"count"}) {
		t.Errorf("response rows = %v, want [count]", got)
	}
}

// Raw HTTP response examples are classified by their body, not by the
// first brace: an XML body may hold "{[1,2]}" as text and a JSON body
// follows a Content-Type:application/xml line on some pages.
func TestRawHTTPExamples(t *testing.T) {
	xml := "HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<GetThingResponse>\n  <Ids>{[1,2]}</Ids>\n</GetThingResponse>"
	json := "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"Ids\" : [ \"{[1,2]}\" ]\n}"
	src := "# GetThing\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|Ids|Array of String|1|ID。|\n\n" +
		"## 示例\n\n正常返回示例\n\n`XML`格式\n\n```\n" + xml + "\n```\n\n`JSON`格式\n\n```\n" + json + "\n```\n"
	p := Parse("h.md", []byte(src))
	var got []spec.ExampleKind
	for _, e := range p.Examples {
		got = append(got, e.Kind)
	}
	if want := []spec.ExampleKind{spec.XMLExample, spec.JSONExample}; !cmp.Equal(got, want) {
		t.Errorf("example kinds = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		text string
		want spec.ExampleKind
	}{
		{"HTTP/1.1 200 OK\nContent-Type: application/json\n", spec.JSONExample}, // no body: the header decides
		{"HTTP/1.1 200 OK\nx-log-requestid: 1\n[1,2]", spec.JSONExample},        // no blank line before the body
		{"HTTP/1.1 200 OK\nDate: x\n", ""},
	} {
		if got := httpExampleKind(tc.text); got != tc.want {
			t.Errorf("httpExampleKind(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// The request example's host, and where it starts, whatever the URL looks
// like; placeholders, paths and response blocks name none.
func TestExampleHost(t *testing.T) {
	page := func(example string) string {
		return "# GetThing\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|GetThing|系统规定参数。|\n\n" +
			"## 示例\n\n请求示例\n\n" + example + "\n\n正常返回示例\n\n```\n{\"RequestId\": \"https://other.aliyuncs.com/\"}\n```\n"
	}
	const exLine = 14 // the first line of the example's code
	for _, c := range []struct {
		example string
		host    string
		line    int
		col     int
	}{
		{"```\nhttps://sts.aliyuncs.com?Action=GetThing\n&<公共请求参数>\n```", "sts.aliyuncs.com", exLine, 9},
		{"```\nhttp(s)://ecs.aliyuncs.com/?Action=GetThing\n```", "ecs.aliyuncs.com", exLine, 11},
		{"```\nhttp://kms.cn-hangzhou.aliyuncs.com/?Action=GetThing\n```", "kms.cn-hangzhou.aliyuncs.com", exLine, 8},
		{"```\n\n  GET https://nas.cn-hangzhou.aliyuncs.com/?Action=GetThing\n```", "nas.cn-hangzhou.aliyuncs.com", exLine + 1, 15},
		{"```\n1. http://cdn.aliyuncs.com?Action=GetThing\n```", "cdn.aliyuncs.com", exLine, 11},
		{"```\nhttp://dcdn.aliyuncs.comAction=GetThing\n```", "dcdn.aliyuncs.com", exLine, 8},
		{"```\nhttps://http://dcdn.aliyuncs.com/?Action=GetThing\n```", "dcdn.aliyuncs.com", exLine, 16},
		{"```\nhttp://ecs-cn-hangzhou.example.com/?Action=GetThing\n```", "ecs-cn-hangzhou.example.com", exLine, 8},
		{"```\nPOST my-project.cn-hangzhou.log.aliyuncs.com/logstores HTTP/1.1\n```", "my-project.cn-hangzhou.log.aliyuncs.com", exLine, 6},
		{"-   item\n\n    ```\n    https://ram.aliyuncs.com/?Action=GetThing\n    ```", "ram.aliyuncs.com", exLine + 2, 13},
		{"```\nhttp(s)://[Endpoint]/?Action=GetThing\n```", "", 0, 0},
		{"```\nGET /logstores/app_log HTTP/1.1\nHost: p.cn-hangzhou.log.aliyuncs.com\n```", "", 0, 0},
		{"```\n?Action=GetThing&Url=https://x.aliyuncs.com/\n```", "", 0, 0},
	} {
		p := Parse("h.md", []byte(page(c.example)))
		if errs := errorsOf(p); len(errs) > 0 {
			t.Fatal(errs)
		}
		want := spec.Pos{}
		if c.host != "" {
			want = spec.Pos{File: "h.md", Line: c.line, Col: c.col}
		}
		if p.ExampleHost != c.host || p.ExampleHostPos != want {
			t.Errorf("%q: host %q at %v, want %q at %v", c.example, p.ExampleHost, p.ExampleHostPos, c.host, want)
		}
	}
}

// Files that document no API (a README, the overview, common parameters,
// error codes, the signature method) are marked NotAPI with an error at
// line 1; an API page without an OpenAPI Explorer link is not.
func TestNotAPIPages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "notapi", "*.md"))
	if err != nil || len(files) < 5 {
		t.Fatalf("testdata/notapi: %v %v", files, err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := Parse(f, src)
		if !p.NotAPI {
			t.Errorf("%s: NotAPI false (Action %q, diagnostics %v)", f, p.Action, p.Diagnostics)
			continue
		}
		if len(p.Diagnostics) == 0 || p.Diagnostics[0].Severity != spec.Error || !strings.Contains(p.Diagnostics[0].Msg, "not an API reference page") || p.Diagnostics[0].Pos.Line != 1 {
			t.Errorf("%s: diagnostics %v", f, p.Diagnostics)
		}
	}
	api := "# DescribeWidget\n\n查询部件。\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|WidgetId|String|是|w-1|部件ID。|\n"
	if p := Parse("w.md", []byte(api)); p.NotAPI || p.Action != "DescribeWidget" {
		t.Errorf("API page without link: NotAPI %v, Action %q, %v", p.NotAPI, p.Action, p.Diagnostics)
	}
}
