package gen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

// toChinese renders an English page (intl.en-US) the way its Chinese copy
// is written: the same tables and examples under the Chinese headings,
// header cells and 是/否.
var toChinese = strings.NewReplacer(
	"## Description", "## 描述",
	"## Debugging", "## 调试",
	"## Request header", "## 请求头",
	"## Request syntax", "## 请求语法",
	"## Request structure", "## 请求语法",
	"## Request parameters", "## 请求参数",
	"## Response parameters", "## 返回数据",
	"## Return parameters", "## 返回数据",
	"## Examples", "## 示例",
	"## Error codes", "## 错误码",
	"|Parameter|Type|Position|Required|Example|Description|", "|名称|类型|位置|是否必选|示例值|描述|",
	"|Parameter|Type|Required|Example|Description|", "|名称|类型|是否必选|示例值|描述|",
	"|Parameter|Type|Example|Description|", "|名称|类型|示例值|描述|",
	"|Parameters|Type|Example values|Description|", "|名称|类型|示例值|描述|",
	"|HTTP status code|Error code|Error message|Description|", "|HTTP状态码|错误码|错误信息|描述|",
	"|Yes|", "|是|",
	"|No|", "|否|",
	"Sample requests", "请求示例",
	"Request example", "请求示例",
	"Normal return example", "正常返回示例",
	"Sample success responses", "正常返回示例",
	"Sample error responses", "错误返回示例",
)

// English pages read as their Chinese copies do: the same request and
// response trees, error codes and examples, and a package that formats,
// type-checks and keeps its invariants.
func TestEnglishPages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "english", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatal("no pages in testdata/english")
	}
	var en, zh []gen.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cn := toChinese.Replace(string(b))
		if cn == string(b) {
			t.Fatalf("%s: nothing to translate", f)
		}
		en = append(en, gen.Source{Name: filepath.Base(f), Data: b})
		zh = append(zh, gen.Source{Name: filepath.Base(f), Data: []byte(cn)})
	}
	ren, rzh := gen.Package(en, gen.Options{Package: "demo"}), gen.Package(zh, gen.Options{Package: "demo"})
	if spec.HasErrors(ren.Diagnostics) || len(ren.Files) == 0 {
		t.Fatalf("the English pages do not generate: %v", ren.Diagnostics)
	}
	for _, d := range ren.Diagnostics {
		t.Errorf("English page: %s", d)
	}
	type view struct {
		Request, Response *spec.Field
		Errors            []spec.ErrorCode
		Kinds             []spec.ExampleKind
		Endpoint          spec.Endpoint
	}
	of := func(p *spec.Page) view {
		v := view{Request: p.Request, Response: p.Response, Errors: p.Errors, Endpoint: p.Endpoint}
		for _, e := range p.Examples {
			v.Kinds = append(v.Kinds, e.Kind)
		}
		return v
	}
	for i, p := range ren.Pages {
		q := rzh.Pages[i]
		if p.Request == nil || len(p.Request.Fields) == 0 || p.Response == nil || len(p.Response.Fields) == 0 {
			t.Errorf("%s: an empty request or response", p.File)
		}
		if d := cmp.Diff(of(q), of(p)); d != "" {
			t.Errorf("%s reads otherwise than its Chinese copy (-zh +en):\n%s", p.File, d)
		}
	}
	if err := checkPipeline(loadUniverse(t), en); err != nil {
		t.Fatal(err)
	}
}
