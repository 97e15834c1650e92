package parser_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
)

// fuzzSeeds are small pages covering the layouts the parser reassembles:
// tables with and without separators, rows over many lines, one header cell
// per line, fences inside cells, setext headings, DITA attributes, ROA
// syntax, error tables and every kind of example.
var fuzzSeeds = []string{
	// The README's page: link, request and response tables, examples, errors.
	"# 查询东西\n\n查询东西的描述。\n\n## 调试\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Demo&api=DescribeThing&type=RPC&version=2020-01-01)\n\n" +
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|DescribeThing|系统规定参数。|\n|Thing\\_Id|String|是|t-1\\*\\*\\*\\*|东西的 **ID**，见[文档](~~123~~)。|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r-1|请求 ID。|\n\n" +
		"## 示例\n\n请求示例\n\n```\nhttp(s)://[Endpoint]/?Action=DescribeThing\n&Thing_Id=t-1\n&<公共请求参数>\n```\n\n正常返回示例\n\n`XML` 格式\n\n```\n<DescribeThingResponse><RequestId>r-1</RequestId></DescribeThingResponse>\n```\n\n`JSON` 格式\n\n```\n{\"RequestId\": \"r-1\"}\n```\n\n" +
		"## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|InvalidThing.NotFound|The thing %s does not exist.|东西不存在。|\n",
	// A row over many lines with the closing pipe alone; tree markers and EM spaces.
	"# DescribeThing\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Items| | |东西的列表。\n\n |\n|Name|String|n|名字。\n\n第二段。 |\n|└Sub|Array of Item| |列表。|\n|\u2003\u2003└Leaf|String|n|名字。|\n\n## 示例\n",
	// One header cell per line.
	"# DescribeThing\n\n## 返回数据\n\n|名称\n\n|类型\n\n|示例值\n\n|描述 |\n|----|----|------|-----|\n|collectorPaths\n\n|List<String\\>\n\n|\\[\"/var/log\"\\]\n\n|采集路径。 |\n",
	// A fence with a pipe inside a cell.
	"# DescribeThing\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Password|String|否|Test123|特殊符号：\n\n ```\n\n()`~!@#$%^&*-_+=|{}[]\n\n```\n\n 其余。 |\n|HostName|String|否|h|主机名。 |\n",
	// No separator row; a second header without separators; more cells than the header.
	"# DescribeThing\n\n## 返回数据\n\n|名称|类型|描述|\n|KeyId|String|ID。|\n|名称|类型|描述|\n|State|String|状态 (a|b)。|\n|Port|String|80|443|\n",
	// An indented table in a list item, a second table after a bold label.
	"# DescribeThing\n\n## 返回数据\n\n-   参数列表\n\n    |   参数名称  | 数据类型 |是否必填|示例值|描述|\n    |:---|:---|:---|---|:-|\n    |projectName|String|是|p|Project名称。|\n\n**数据类型 Rule**\n\n|名称|类型|描述|\n|:-|:-|:-|\n|RuleId|String|ID。|\n",
	// Setext headings, DITA attributes, 4-space code examples, the (Action) title.
	"查询东西\n=====\n\n(DescribeThing)\n---------\n\n请求参数 {#h2-1}\n--------\n\n|名称|类型|是否必须|描述|\n|--|--|--|--|\n|Action|String|是|系统规定参数，DescribeThing|\n|Id|String|是|ID|\n\n" +
		"## 返回参数 {#section_2 .section}\n\n|名称|类型|说明|\n|RequestId|String|请求 ID|\n\n返回示例\n--------\n\n    {\n    \"RequestId\": \"r\"\n    }\n",
	// ROA: request syntax, a 位置 column, a request body, raw HTTP examples.
	"# CreateThing\n\n## 请求语法\n\n```\nPOST /things/[ThingId]/actions HTTP/1.1\n```\n\n## 请求参数\n\n|名称|类型|位置|是否必选|示例值|描述|\n|--|--|--|--|--|--|\n|ThingId|String|Path|是|t1|ID。|\n|x-acs-h|String|Header|否|h|头。|\n\n" +
		"## RequestBody\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|name|String|是|n|名称。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|ID。|\n\n" +
		"## 示例\n\n请求示例\n\n```\nPOST /things/t1/actions HTTP/1.1\n{\"name\": \"n\"}\n```\n\n正常返回示例\n\n```\nHTTP/1.1 200 OK\nContent-Type:application/json\n\n{\"RequestId\": \"r\"}\n```\n\n错误返回示例\n\n```\n{\"Code\": \"x\"}\n```\n",
	// Error-table layouts.
	"# DescribeThing\n\n## 错误码\n\n|错误代码|描述|Http状态码|语义|\n|--|--|--|--|\n|Forbidden|No access.|403|无权限。|\n\n|HTTP 状态码（Status Code）|错误码（Error Code）|错误消息（Error Message）|描述（Description）|\n|--|--|--|--|\n|403|Forbidden|No access.|无权限。|\n",
	// Degenerate inputs.
	"", "\n", "#", "|", "||\n|-|\n", "# A\n\n## 示例\n\n```json\n```\n", "a\r\nb\r\n|x|y|\r\n", "\ufeff# A\n", "# A\n\nab\xffc",
	"# 查询\n\n## 请求参数\n\n|名称|类型|\n|--|--|\n|Id|String|\n",
}

// corpusDocs is the dev corpus (../shared/corpus/docs next to the module root).
const corpusDocs = "../../shared/corpus/docs"

func corpusPages() []string {
	files, _ := filepath.Glob(filepath.Join(corpusDocs, "*", "*.md"))
	sort.Strings(files)
	return files
}

// FuzzParse checks that Parse never panics, returns within 10 s, and only
// reports positions inside the page.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, file := range corpusPages() {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if err := checkParseSafely(src); err != nil {
			t.Fatal(err)
		}
	})
}

var reAction = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// checkParse parses src twice and checks the result; it returns the first problem.
func checkParse(src []byte) error {
	const file = "fuzz.md"
	// A hang shows as a crash that the fuzzer records, with the input.
	tm := time.AfterFunc(10*time.Second, func() { panic("Parse took more than 10s on " + strconv.Quote(string(src))) })
	defer tm.Stop() // also when Parse panics, or the timer fires during a later input
	p := parser.Parse(file, src)
	p2 := parser.Parse(file, src)

	if !reflect.DeepEqual(p, p2) {
		return fmt.Errorf("two parses of the same page differ")
	}
	lines := strings.Split(string(src), "\n")
	valid := utf8.Valid(src) // else the not-UTF-8 diagnostic points at the bad byte
	// within reports whether pos is a position in the page: a line of the
	// page (or the one after the last, for diagnostics at the end), a column
	// inside that line or just after it, at the start of a UTF-8 sequence.
	within := func(pos spec.Pos, what string, extraLine int) error {
		if pos.File != file {
			return fmt.Errorf("%s: file %q, want %q", what, pos.File, file)
		}
		if pos.Line < 1 || pos.Col < 1 || pos.Line > len(lines)+extraLine {
			return fmt.Errorf("%s: position %d:%d outside the page (%d lines)", what, pos.Line, pos.Col, len(lines))
		}
		if pos.Line > len(lines) {
			if pos.Col != 1 {
				return fmt.Errorf("%s: position %d:%d after the last line", what, pos.Line, pos.Col)
			}
			return nil
		}
		l := lines[pos.Line-1]
		if pos.Col > len(l)+1 {
			return fmt.Errorf("%s: column %d past the end of line %d (%d bytes)", what, pos.Col, pos.Line, len(l))
		}
		if valid && pos.Col <= len(l) && !utf8.RuneStart(l[pos.Col-1]) {
			return fmt.Errorf("%s: column %d of line %d is inside a UTF-8 sequence", what, pos.Col, pos.Line)
		}
		return nil
	}
	for _, d := range p.Diagnostics {
		if err := within(d.Pos, "diagnostic "+strconv.Quote(d.String()), 1); err != nil {
			return err
		}
		if d.Severity != spec.Error && d.Severity != spec.Warning {
			return fmt.Errorf("diagnostic %q has severity %q", d, d.Severity)
		}
	}
	for _, rows := range [][]spec.Row{p.RequestRows, p.BodyRows, p.ResponseRows} {
		for _, r := range rows {
			what := "row " + strconv.Quote(r.Name)
			if err := within(r.Pos, what, 0); err != nil {
				return err
			}
			// Names become identifiers, tags and comment text: one line, never empty.
			// The one exception: a request body row without a name stands
			// for the body itself (the resolver reads it, never names it).
			if r.Name == "" && !(strings.EqualFold(r.Position, "Body") && isRequestRow(p, r)) || strings.ContainsAny(r.Name, "\r\n") {
				return fmt.Errorf("%s at %s: name empty or spans lines", what, r.Pos)
			}
		}
	}
	for _, e := range p.Errors {
		if err := within(e.Pos, "error code "+strconv.Quote(e.Code), 0); err != nil {
			return err
		}
		if e.Code == "" || strings.ContainsAny(e.Code, "\r\n") {
			return fmt.Errorf("error code %q at %s: empty or spans lines", e.Code, e.Pos)
		}
	}
	for _, x := range p.Examples {
		if err := within(x.Pos, "example "+string(x.Kind), 0); err != nil {
			return err
		}
	}
	if p.ActionPos != (spec.Pos{}) {
		if err := within(p.ActionPos, "Action "+p.Action, 0); err != nil {
			return err
		}
	}
	if p.PathPos != (spec.Pos{}) {
		if err := within(p.PathPos, "path "+p.Path, 0); err != nil {
			return err
		}
	}
	if !spec.HasErrors(p.Diagnostics) && !reAction.MatchString(p.Action) {
		return fmt.Errorf("no error, but the Action %q is not an identifier", p.Action)
	}
	if bytes.Contains([]byte(p.Action), []byte("\n")) {
		return fmt.Errorf("Action %q spans lines", p.Action)
	}
	return nil
}

// TestFuzzParseCorpusSize documents how many corpus pages seed FuzzParse.
func TestFuzzParseCorpusSize(t *testing.T) {
	n := len(corpusPages())
	if n == 0 {
		t.Skipf("no dev corpus at %s: FuzzParse is seeded with its %d inline pages only", corpusDocs, len(fuzzSeeds))
	}
	t.Logf("FuzzParse seeds: %d inline pages and %d corpus pages", len(fuzzSeeds), n)
}

// checkParseSafely is checkParse with a panic turned into an error that
// carries the stack.
func checkParseSafely(src []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return checkParse(src)
}

// An empty fenced code block without an info string: goldmark leaves
// FencedCodeBlock.Info nil, and collectBlocks used to dereference it.
func TestFuzzRegression_EmptyFenceWithoutInfo(t *testing.T) {
	for _, src := range []string{"```\n```\n", "```", "~~~\n", "# A\n\n## 示例\n\n```\n```\n"} {
		t.Run(strconv.Quote(src), func(t *testing.T) {
			if err := checkParseSafely([]byte(src)); err != nil {
				t.Errorf("regression (an empty fence without info used to panic in collectBlocks): %v", err)
			}
		})
	}
}

// isRequestRow reports whether r is one of p's request rows.
func isRequestRow(p *spec.Page, r spec.Row) bool {
	for _, q := range p.RequestRows {
		if q.Pos == r.Pos {
			return true
		}
	}
	return false
}
