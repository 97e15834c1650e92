package gen_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
)

// FuzzShape mutates the shape of pages, not their bytes: a seed page (a
// corpus page, or one of shapeSeeds) is parsed, its response rows, types,
// markers and JSON example are changed by the operations ops encodes, and
// the page is written back as Markdown. The invariant is checkPipeline's:
// the package formats, type-checks with its tests and keeps page text in
// comments and literals, or the run fails with error diagnostics that name
// the page and a position and writes nothing.
func FuzzShape(f *testing.F) {
	for i := range shapeSeeds {
		f.Add(uint16(i), []byte{})
		f.Add(uint16(i), []byte{0x15, 0x2a, 0x33, 0x47})
	}
	pages := shapePages()
	for i := 0; i < len(pages); i += 97 {
		f.Add(uint16(len(shapeSeeds)+i), []byte{0x01, 0x22, 0x5d})
	}
	envelope := envelopePages(f)
	f.Fuzz(func(t *testing.T, seed uint16, ops []byte) {
		univ := loadUniverse(t)
		src := shapeSource(pages, int(seed))
		if src == nil {
			t.Skip("no such seed")
		}
		page := mutateShape(src, ops)
		if err := checkShape(univ, page, nil); err != nil {
			t.Fatalf("%v\npage:\n%s", err, page)
		}
		// With pages that share an envelope (testdata/envelope), the
		// mutant is resolved again knowing it.
		if err := checkShape(univ, page, envelope); err != nil {
			t.Fatalf("with the envelope pages: %v\npage:\n%s", err, page)
		}
	})
}

// envelopePages are the pages of testdata/envelope but GetWidget, named
// page2.md and on: three pages whose responses share Code, ErrorMessage,
// RequestId and Success at the top.
func envelopePages(t testing.TB) []gen.Source {
	var out []gen.Source
	for _, name := range []string{"DeleteWidget", "StartWidget", "StopWidget"} {
		b, err := os.ReadFile(filepath.Join("testdata", "envelope", name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, gen.Source{Name: fmt.Sprintf("page%d.md", len(out)+2), Data: b})
	}
	return out
}

// checkShape runs checkPipeline on one page (and others, that must not fail)
// and checks that a failure's error diagnostics name the page and a
// position.
func checkShape(univ *universe, page []byte, others []gen.Source) error {
	srcs := append([]gen.Source{{Name: "page1.md", Data: page}}, others...)
	if err := checkPipeline(univ, srcs); err != nil {
		return err
	}
	res, err := generate(srcs)
	if err != nil {
		return err
	}
	for _, d := range res.Diagnostics {
		if d.Severity == spec.Error && (d.Pos.File != "page1.md" || d.Pos.Line < 1) {
			return fmt.Errorf("error diagnostic without the page's position: %s", d)
		}
	}
	return nil
}

// shapeSeeds are pages of our own with the constructs the mutations work
// on: nested containers, lists with element rows, markers and examples.
var shapeSeeds = []string{
	"# DescribeWidget\n[OpenAPI Explorer](https://api.aliyun.com/#product=Demo&api=DescribeWidget&type=RPC&version=2020-01-01)\n" +
		"## 请求参数\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|DescribeWidget|系统规定参数。 |\n|Tag.N.Key|String|否|k|键|\n" +
		"## 返回数据\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r|r |\n|Widgets|Array of Widget| |ws |\n|Widget| | |w |\n|Name|String|n|n |\n|Parts|Array of Part| |ps |\n|PartId|Integer|1|p |\n|Total|Integer|1|t |\n" +
		"## 示例\n正常返回示例\n`JSON`格式\n```\n{\"RequestId\":\"r\",\"Widgets\":{\"Widget\":[{\"Name\":\"n\",\"Parts\":[{\"PartId\":1}]}]},\"Total\":1}\n```\n",
	"# GetThing\n[x](https://api.aliyun.com/#product=Demo&api=GetThing&type=RPC&version=2020-01-01)\n" +
		"## 请求参数\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|GetThing|x|\n" +
		"## 返回数据\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r|r|\n|Data|Struct| |d|\n|└Items|Array of Item| |i|\n|└└Key|String|k|k|\n|└└Value|String|v|v|\n|└Count|Integer|2|c|\n" +
		"## 示例\n正常返回示例\n`JSON`格式\n```\n{\"RequestId\":\"r\",\"Data\":{\"Items\":[{\"Key\":\"k\",\"Value\":\"v\"}],\"Count\":2}}\n```\n`XML`格式\n```\n<GetThingResponse><RequestId>r</RequestId><Data><Items><Key>k</Key></Items><Count>2</Count></Data></GetThingResponse>\n```\n",
}

func shapePages() []string {
	files, _ := os.ReadDir(corpusDocs)
	var out []string
	for _, d := range files {
		if !d.IsDir() {
			continue
		}
		fs, _ := os.ReadDir(corpusDocs + "/" + d.Name())
		for _, f := range fs {
			if strings.HasSuffix(f.Name(), ".md") {
				out = append(out, corpusDocs+"/"+d.Name()+"/"+f.Name())
			}
		}
	}
	sort.Strings(out)
	return out
}

// shapeSource is seed page i: one of shapeSeeds, else a corpus page.
func shapeSource(pages []string, i int) []byte {
	if i < len(shapeSeeds) {
		return []byte(shapeSeeds[i])
	}
	i -= len(shapeSeeds)
	if len(pages) == 0 {
		return nil
	}
	b, err := os.ReadFile(pages[i%len(pages)])
	if err != nil {
		return nil
	}
	return b
}

var shapeTypes = []string{"Struct", "Array of Item", "Object", "String", "", "List", "Array of String", "Map", "Integer"}

// mutateShape parses src, applies ops two bytes at a time (operation,
// argument) and renders the page again.
func mutateShape(src, ops []byte) []byte {
	p := parser.Parse("seed.md", src)
	rows := append([]spec.Row(nil), p.ResponseRows...)
	var js any
	jsText := ""
	var other []spec.Example
	for _, e := range p.Examples {
		switch {
		case e.Kind == spec.JSONExample && jsText == "":
			jsText = e.Text
			if json.Unmarshal([]byte(e.Text), &js) != nil {
				js = nil
			}
		default:
			other = append(other, e)
		}
	}
	dropJSON := false
	for k := 0; k+1 < len(ops) && k < 64; k += 2 {
		op, arg := ops[k]%10, int(ops[k+1])
		n := len(rows)
		switch op {
		case 0: // swap two rows
			if n > 1 {
				i, j := arg%n, (arg/7+1)%n
				rows[i], rows[j] = rows[j], rows[i]
			}
		case 1: // change a row's type
			if n > 0 {
				rows[arg%n].Type = shapeTypes[(arg/11)%len(shapeTypes)]
			}
		case 2: // marker depth +1
			if n > 0 {
				rows[arg%n].Depth++
			}
		case 3: // marker depth -1
			if n > 0 && rows[arg%n].Depth > 0 {
				rows[arg%n].Depth--
			}
		case 4: // drop a row
			if n > 0 {
				i := arg % n
				rows = append(rows[:i], rows[i+1:]...)
			}
		case 5: // duplicate a row
			if n > 0 && n < 400 {
				i := arg % n
				rows = append(rows[:i+1], append([]spec.Row{rows[i]}, rows[i+1:]...)...)
			}
		case 6: // wrap an object of the example in a one-element list, or unwrap one
			js = mutateJSON(js, arg, wrapOrUnwrap)
		case 7: // add or remove an RPC list wrapper
			js = mutateJSON(js, arg, rewrap)
		case 8: // drop the JSON example, or bring it back
			dropJSON = !dropJSON
		case 9: // drop the other examples
			other = nil
		}
	}
	var b strings.Builder
	title := p.Action
	if title == "" {
		title = "DescribeThing"
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	if p.Product != "" {
		fmt.Fprintf(&b, "[OpenAPI Explorer](https://api.aliyun.com/#product=%s&api=%s&type=%s&version=%s)\n\n", p.Product, title, p.Style, p.Version)
	}
	if p.Method != "" && p.Path != "" {
		fmt.Fprintf(&b, "## 请求语法\n\n```\n%s %s HTTP/1.1\n```\n\n", p.Method, p.Path)
	}
	b.WriteString("## 请求参数\n\n|名称|类型|位置|是否必选|示例值|描述|\n|--|--|--|--|--|--|\n")
	for _, r := range p.RequestRows {
		fmt.Fprintf(&b, "|%s|%s|%s|%s|%s|%s|\n", cellText(r.Name), cellText(r.Type), cellText(r.Position), cellText(r.Required), cellText(r.Example), cellText(r.Description))
	}
	b.WriteString("\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "|%s%s|%s|%s|%s|\n", strings.Repeat("└", r.Depth), cellText(r.Name), cellText(r.Type), cellText(r.Example), cellText(r.Description))
	}
	b.WriteString("\n## 示例\n\n")
	for _, e := range other {
		switch e.Kind {
		case spec.RequestExample:
			fmt.Fprintf(&b, "请求示例\n\n```\n%s\n```\n\n", fence(e.Text))
		case spec.XMLExample:
			fmt.Fprintf(&b, "正常返回示例\n\n`XML`格式\n\n```\n%s\n```\n\n", fence(e.Text))
		}
	}
	if !dropJSON {
		text := jsText
		if js != nil {
			if bs, err := json.MarshalIndent(js, "", "  "); err == nil {
				text = string(bs)
			}
		}
		if text != "" {
			fmt.Fprintf(&b, "正常返回示例\n\n`JSON`格式\n\n```\n%s\n```\n", fence(text))
		}
	}
	return []byte(b.String())
}

func cellText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func fence(s string) string { return strings.ReplaceAll(s, "```", "'''") }

// mutateJSON applies fn to the arg-th object or array of v (in document
// order), returning the new value.
func mutateJSON(v any, arg int, fn func(any) any) any {
	if v == nil {
		return nil
	}
	count := 0
	var walk func(x any) any
	walk = func(x any) any {
		switch t := x.(type) {
		case map[string]any:
			if count == arg%32 {
				count++
				return fn(t)
			}
			count++
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys) // the same ops, the same page
			for _, k := range keys {
				t[k] = walk(t[k])
			}
		case []any:
			if count == arg%32 {
				count++
				return fn(t)
			}
			count++
			for i, c := range t {
				t[i] = walk(c)
			}
		}
		return x
	}
	return walk(v)
}

// wrapOrUnwrap puts an object in a one-element list and takes the element
// out of a one-element list.
func wrapOrUnwrap(x any) any {
	if a, ok := x.([]any); ok && len(a) == 1 {
		return a[0]
	}
	if m, ok := x.(map[string]any); ok {
		return []any{m}
	}
	return x
}

// rewrap turns {"Ks": [...]} into {"Ks": {"K": [...]}} and back for the
// members of an object.
func rewrap(x any) any {
	m, ok := x.(map[string]any)
	if !ok {
		return x
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch c := m[k].(type) {
		case []any:
			m[k] = map[string]any{strings.TrimSuffix(k, "s"): c}
		case map[string]any:
			if len(c) == 1 {
				for _, inner := range c {
					if a, ok := inner.([]any); ok {
						m[k] = a
					}
				}
			}
		}
	}
	return m
}

// TestShapeMutantsPassTheirTests generates a fixed sample of shape mutants
// (our seeds and every 60th corpus page, each with three operation strings)
// into one scratch module and runs their generated tests, client calls
// against the fake included: FuzzShape checks that mutants type-check, this
// that they also pass their own tests.
func TestShapeMutantsPassTheirTests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated code; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module shapes\n\ngo 1.26\n\nrequire github.com/cccgen/cccgen v0.0.0-00010101000000-000000000000\n\nreplace github.com/cccgen/cccgen => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	pages := shapePages()
	var seeds []int
	for i := range shapeSeeds {
		seeds = append(seeds, i)
	}
	for i := 0; i < len(pages); i += 60 {
		seeds = append(seeds, len(shapeSeeds)+i)
	}
	opsList := [][]byte{{}, []byte("\x00\x07\x16\x2b\x22\x05"), []byte("\x01\x33\x06\x00\x07\x01\x05\x02")}
	generated := 0
	for _, s := range seeds {
		src := shapeSource(pages, s)
		if src == nil {
			continue
		}
		for k, ops := range opsList {
			pkg := fmt.Sprintf("m%d_%d", s, k)
			res := gen.Package([]gen.Source{{Name: "page.md", Data: mutateShape(src, ops)}}, gen.Options{Package: pkg})
			if spec.HasErrors(res.Diagnostics) {
				continue // checked by FuzzShape: diagnostics, no files
			}
			if err := os.MkdirAll(filepath.Join(dir, pkg), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, b := range res.Files {
				if err := os.WriteFile(filepath.Join(dir, pkg, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			generated++
		}
	}
	if generated < 10 {
		t.Fatalf("only %d mutants generated", generated)
	}
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the mutants' own tests fail (%d packages): %v\n%s", generated, err, out)
	}
	t.Logf("%d mutant packages pass their tests", generated)
}
