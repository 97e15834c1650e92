package gen_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	goparser "go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/spec"
	"golang.org/x/tools/go/packages"
)

const (
	rtPath   = "github.com/cccgen/cccgen/acsrt"
	testPath = "github.com/cccgen/cccgen/acsrt/acstest"
	fuzzPkg  = "fuzzpkg"
	// corpusDocs is the dev corpus (../shared/corpus/docs next to the module root).
	corpusDocs = "../../../shared/corpus/docs"
)

// baseImports are what generated code imports today; the harness loads
// them, with their dependencies, before the first check.
var baseImports = []string{rtPath, testPath, "testing", "net/url", "context"}

// allowedImport: generated code may import the runtime packages and the
// standard library (not cgo or unsafe), nothing else.
func allowedImport(path string) bool {
	if path == rtPath || strings.HasPrefix(path, rtPath+"/") {
		return true
	}
	first, _, _ := strings.Cut(path, "/")
	return path != "C" && path != "unsafe" && !strings.Contains(first, ".")
}

// universe holds the packages generated code imports, loaded from export
// data with everything they depend on, so that every type-check uses one
// consistent set of *types.Package. An import not seen before reloads the
// whole set with it added (before a check, never during one).
type universe struct {
	mu    sync.Mutex
	roots []string
	pkgs  map[string]*types.Package
}

var (
	loadOnce sync.Once
	theUniv  *universe
	loadErr  error
)

func loadPackages(roots []string) (map[string]*types.Package, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps}
	pkgs, err := packages.Load(cfg, roots...)
	if err != nil {
		return nil, err
	}
	m := map[string]*types.Package{}
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
		if p.Types != nil {
			m[p.PkgPath] = p.Types
		}
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, r := range roots {
		if m[r] == nil {
			return nil, fmt.Errorf("%s: not loaded", r)
		}
	}
	return m, nil
}

// loadUniverse loads the base imports once per process; without them
// nothing can be type-checked, and the test is skipped.
func loadUniverse(t testing.TB) *universe {
	t.Helper()
	loadOnce.Do(func() {
		m, err := loadPackages(baseImports)
		if err != nil {
			loadErr = err
			return
		}
		theUniv = &universe{roots: append([]string(nil), baseImports...), pkgs: m}
	})
	if loadErr != nil {
		t.Skipf("cannot load the packages generated code imports, so nothing can be type-checked: %v", loadErr)
	}
	return theUniv
}

// importerFor returns an importer that serves every path in paths.
func (u *universe) importerFor(paths []string) (types.Importer, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	var missing []string
	for _, p := range paths {
		if u.pkgs[p] == nil && !contains(missing, p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		roots := append(append([]string(nil), u.roots...), missing...)
		m, err := loadPackages(roots)
		if err != nil {
			return nil, fmt.Errorf("loading %v, which generated code imports: %v", missing, err)
		}
		u.roots, u.pkgs = roots, m
	}
	m := u.pkgs
	return importerFunc(func(path string) (*types.Package, error) {
		if p := m[path]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%q not loaded", path)
	}), nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// pipelineSeeds are pages (one or two per package) with the constructs the
// generator emits: request structs with nested and listed parameters,
// response trees from tables and examples, error codes, ROA pages, and pages
// whose text is hostile to Go source.
var pipelineSeeds = [][2]string{
	{"# 查询东西\n\n查询东西的描述。\n\n## 调试\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Demo&api=DescribeThing&type=RPC&version=2020-01-01)\n\n" +
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|DescribeThing|系统规定参数。|\n|Thing\\_Id|String|是|t-1\\*\\*\\*\\*|东西的 **ID**，见[文档](~~123~~)。|\n|Tag.N.Key|String|否|k|标签键。|\n|Ids|Array of Long|否|[1]|ID 列表。|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r-1|请求 ID。|\n|Things|Array of Thing| |东西。|\n|└Name|String|n|名字。|\n|└Size|Integer|3|大小。|\n\n" +
		"## 示例\n\n请求示例\n\n```\nhttp(s)://[Endpoint]/?Action=DescribeThing\n&Thing_Id=t-1\n&<公共请求参数>\n```\n\n正常返回示例\n\n`XML` 格式\n\n```\n<DescribeThingResponse><RequestId>r-1</RequestId><Things><Thing><Name>n</Name><Size>3</Size></Thing></Things></DescribeThingResponse>\n```\n\n`JSON` 格式\n\n```\n{\"RequestId\": \"r-1\", \"Things\": {\"Thing\": [{\"Name\": \"n\", \"Size\": 3}]}}\n```\n\n" +
		"## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|InvalidThing.NotFound|The thing %s does not exist.|东西不存在。|\n|404|InvalidThing.NotFound|Again.|重复。|\n", ""},
	{"# GetWidget\n\n## 请求参数\n\n|名称|类型|是否必需|描述|\n|Action|String|是|操作接口名，系统规定参数，取值：GetWidget\n\n |\n|WidgetId|String|是|部件 ID。\n\n |\n|Options|Json|否|JSON 格式的选项，例如`{\"a\":1}`。\n\n |\n\n" +
		"## 返回参数\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|Widget| | |部件信息\n\n |\n|└Name|String|w1|名称。\n\n |\n|└Parts| | |零件集合。\n\n |\n|└Part| | |零件。\n\n |\n|└PartId|Integer|3|零件 ID。\n\n |\n|RequestId|String|r-1|请求 ID。\n\n |\n\n" +
		"## 示例\n\n请求示例\n\n```\nhttps://demo.aliyuncs.com/?Action=GetWidget\n&WidgetId=w-1\n```\n\n正常返回示例\n\n```\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RequestId>r-1</RequestId>\n<Widget>\n  <Name>w1</Name>\n  <Parts>\n    <Part><PartId>3</PartId></Part>\n  </Parts>\n</Widget>\n```\n\n```\n//json response\n{\n  \"RequestId\": \"r-1\",\n  \"Widget\": {\"Name\": \"w1\", \"Parts\": {\"Part\": [{\"PartId\": 3}, {\"PartId\": \"4\",}]},}\n}\n```\n\n" +
		"## 错误码\n\n|错误代码|错误信息|HTTP 状态码|说明|\n|--|--|--|--|\n|Widget.NotFound|The widget does not exist.|404|部件不存在。|\n", ""},
	// ROA with path, header and body parameters.
	{"# CreateThing\n\n## 请求语法\n\n```\nPOST /things/[ThingId]/actions HTTP/1.1\n```\n\n## 请求参数\n\n|名称|类型|位置|是否必选|示例值|描述|\n|--|--|--|--|--|--|\n|ThingId|String|Path|是|t1|ID。|\n|x-acs-h|String|Header|否|h|头。|\n|body|Object|Body|否| |内容。|\n|└name|String|Body|是|n|名称。|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|ID。|\n|Result|Map| |结果。|\n\n" +
		"## 示例\n\n正常返回示例\n\n```\nHTTP/1.1 200 OK\nContent-Type:application/json\n\n{\"RequestId\": \"r\", \"Result\": {\"a\": 1}}\n```\n", ""},
	// Page text that would break out of comments and literals if it were emitted raw.
	{"# Evil */ func init() { panic(1) } /*\n\n```\n```go\n```\n\n[x](https://api.aliyun.com/#product=D&api=DescribeEvil&type=RPC&version=1)\n\n" +
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Name`x`|String|是|\"\\`|a */ b\n\n\\`\\`\\` c\n\nx //go:generate echo pwned\n\n |\n|A-b.c d|Struct|否| |x|\n|└e\\_f|Integer|否|1|\\*/|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Re\\\"q`Id|String|r|\" + os.Exit(1) + \"|\n|中文|String|r|x|\n|type|String|t|func|\n\n" +
		"## 示例\n\n```\n{\"Re\\\"q`Id\": \"\\\"`\\u0000\", \"中文\": \"x\", \"type\": \"t\"}\n```\n\n" +
		"## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|Bad\"Code`*/|msg \"quoted\" `tick`|desc\n\n*/ x|\n", ""},
	// Two pages in one package.
	{"# DescribeA\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|DescribeA|x|\n|Id|String|是|i|x|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|x|\n",
		"# DescribeB\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|DescribeB|x|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|x|\n|DescribeARequest|String|r|x|\n\n## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|Request|m|d|\n"},
	{"", ""},
	{"# A", ""},
}

func corpusPages() []string {
	files, _ := filepath.Glob(filepath.Join(corpusDocs, "*", "*.md"))
	sort.Strings(files)
	return files
}

// FuzzPipeline generates a package from one or two pages and checks the
// output; see checkPipeline.
func FuzzPipeline(f *testing.F) {
	for _, s := range pipelineSeeds {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	for _, file := range corpusPages() {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b, []byte(nil))
		}
	}
	// Our English pages (the intl.en-US layout), alone and together.
	english, _ := filepath.Glob(filepath.Join("testdata", "english", "*.md"))
	var prev []byte
	for _, file := range english {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b, prev)
			prev = b
		}
	}
	f.Fuzz(func(t *testing.T, page1, page2 []byte) {
		univ := loadUniverse(t)
		pages := [][]byte{page1}
		if len(page2) > 0 {
			pages = append(pages, page2)
		}
		srcs := make([]gen.Source, len(pages))
		for i, p := range pages {
			srcs[i] = gen.Source{Name: fmt.Sprintf("page%d.md", i+1), Data: p}
		}
		if err := checkPipeline(univ, srcs); err != nil {
			t.Fatal(err)
		}
	})
}

// hangAfter is how long gen.Package may take before generate calls it a hang.
const hangAfter = 5 * time.Minute

// generate runs gen.Package, turning a panic into an error with its stack;
// a hang shows as a crash that the fuzzer records.
func generate(srcs []gen.Source) (res *gen.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &panicError{value: r, stack: string(debug.Stack())}
		}
	}()
	// Generous: a hang is minutes, and a fuzzing machine may be busy with
	// other work (a page set takes well under a second alone).
	tm := time.AfterFunc(hangAfter, func() {
		var names []string
		for _, s := range srcs {
			names = append(names, s.Name+" "+strconv.Quote(string(s.Data)))
		}
		panic(fmt.Sprintf("gen.Package took more than %v on %s", hangAfter, strings.Join(names, ", ")))
	})
	defer tm.Stop()
	return gen.Package(srcs, gen.Options{Package: fuzzPkg}), nil
}

type panicError struct {
	value any
	stack string
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v\n%s", e.value, e.stack) }

// checkPipeline generates a package from srcs and checks it:
//
//   - a failure is reported as error diagnostics and no files, and is never
//     "generated code does not format" (the generator wrote invalid Go);
//   - every file is gofmt-formatted Go in package fuzzpkg that parses, under a
//     name go build takes on every platform (no _GOOS/_GOARCH suffix, no
//     leading _ or .);
//   - the non-test files type-check alone, and together with the test files,
//     importing only acsrt (and its subpackages) and the standard library;
//   - every declared name is a valid identifier; package-level names (except
//     methods) and struct fields are exported, so that users and
//     encoding/json and encoding/xml can reach them;
//   - struct tags are exactly json:"name[,omitempty]" [xml:"name"|"-"] with a
//     json name encoding/json honours and no repeated json or xml name in a
//     struct;
//   - page text appears only inside comments and string literals: every
//     comment is a // line comment (no block comment, no //go: or //line
//     directive), and replacing all free text of the parsed pages (title,
//     descriptions, examples, error messages, type cells) with "x" leaves
//     the token stream of every file unchanged once comments are dropped and
//     literal values blanked.
func checkPipeline(univ *universe, srcs []gen.Source) (err error) {
	res, err := generate(srcs)
	if err != nil {
		return err
	}
	if spec.HasErrors(res.Diagnostics) {
		if len(res.Files) != 0 {
			return fmt.Errorf("%d files generated despite errors: %v", len(res.Files), res.Diagnostics)
		}
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Msg, "does not format") {
				return fmt.Errorf("the generator emitted invalid Go: %s", d)
			}
		}
		return nil
	}
	if len(res.Files) == 0 {
		return fmt.Errorf("no error and no files")
	}
	if err := checkFiles(univ, res.Files); err != nil {
		return err
	}
	// Metamorphic check: free text of the pages must not shape the code.
	for _, p := range res.Pages {
		blankText(p)
	}
	res2 := gen.Generate(res.Pages, gen.Options{Package: fuzzPkg})
	if spec.HasErrors(res2.Diagnostics) {
		return fmt.Errorf("the pages generate, but not once their free text is replaced with \"x\": %v", res2.Diagnostics)
	}
	return sameSkeleton(res.Files, res2.Files)
}

// checkFiles checks a generated package: its files' names, syntax, comments,
// names and tags, and that it type-checks with and without its tests.
func checkFiles(univ *universe, files map[string][]byte) error {
	fset := token.NewFileSet()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var code, all []*ast.File
	var paths []string // imported
	for _, name := range names {
		src := files[name]
		if err := checkFileName(name); err != nil {
			return err
		}
		if f, err := format.Source(src); err != nil || !bytes.Equal(f, src) {
			return fmt.Errorf("%s is not gofmt-formatted (%v):\n%s", name, err, numbered(src))
		}
		f, err := goparser.ParseFile(fset, name, src, goparser.ParseComments|goparser.AllErrors|goparser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("%s does not parse: %v\n%s", name, err, numbered(src))
		}
		if f.Name.Name != fuzzPkg {
			return fmt.Errorf("%s: package %s, want %s", name, f.Name.Name, fuzzPkg)
		}
		if !ast.IsGenerated(f) {
			return fmt.Errorf("%s lacks the // Code generated ... DO NOT EDIT. header", name)
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, "//") || len(c.Text) > 2 && c.Text[2] != ' ' {
					return fmt.Errorf("%s: %s: comment %q is not a plain // line comment (a block comment or a directive made of page text)",
						name, fset.Position(c.Pos()), c.Text)
				}
			}
		}
		for _, is := range f.Imports {
			path, _ := strconv.Unquote(is.Path.Value)
			if !allowedImport(path) {
				return fmt.Errorf("%s: import %s: generated code may import only acsrt and the standard library", name, nodeText(fset, is))
			}
			if !contains(paths, path) {
				paths = append(paths, path)
			}
		}
		if err := checkDecls(fset, f); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		all = append(all, f)
		if !strings.HasSuffix(name, "_test.go") {
			code = append(code, f)
		}
	}
	if len(code) == 0 {
		return fmt.Errorf("no non-test file among %v", names)
	}
	imp, err := univ.importerFor(paths)
	if err != nil {
		return err
	}
	for _, set := range []struct {
		what  string
		files []*ast.File
	}{{"the package", code}, {"the package with its tests", all}} {
		var errs []error
		conf := types.Config{Importer: imp, Error: func(err error) {
			if len(errs) < 10 {
				errs = append(errs, err)
			}
		}}
		info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
		conf.Check(fuzzPkg, fset, set.files, info) //nolint:errcheck // errors collected above
		if len(errs) > 0 {
			var b strings.Builder
			for _, f := range set.files {
				name := fset.File(f.Pos()).Name()
				fmt.Fprintf(&b, "-- %s --\n%s", name, numbered(files[name]))
			}
			return fmt.Errorf("%s does not type-check: %v\n%s", set.what, errors.Join(errs...), b.String())
		}
		for id, obj := range info.Defs {
			if obj != nil && !token.IsIdentifier(obj.Name()) {
				return fmt.Errorf("%s: declared name %q is not a Go identifier", fset.Position(id.Pos()), obj.Name())
			}
		}
	}
	return nil
}

var (
	knownOS   = strings.Fields("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos")
	knownArch = strings.Fields("386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm")
	reFile    = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*\.gen(_test)?\.go$`)
)

// checkFileName rejects names go build ignores or builds only on some
// platforms (the rules of go/build's goodOSArchFile).
func checkFileName(name string) error {
	if !reFile.MatchString(name) {
		return fmt.Errorf("file name %q is not <lower_snake>.gen[_test].go", name)
	}
	stem, _, _ := strings.Cut(name, ".")
	l := strings.Split(stem, "_")
	if n := len(l); n > 0 && l[n-1] == "test" {
		l = l[:n-1]
	}
	n := len(l)
	if n >= 2 && contains(knownOS, l[n-2]) && contains(knownArch, l[n-1]) ||
		n >= 1 && (contains(knownOS, l[n-1]) || contains(knownArch, l[n-1])) {
		return fmt.Errorf("file name %q has a GOOS/GOARCH suffix: go build takes it only on that platform", name)
	}
	return nil
}

// checkDecls checks the names and struct tags a file declares.
func checkDecls(fset *token.FileSet, f *ast.File) error {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && !d.Name.IsExported() {
				return fmt.Errorf("%s: function %s is not exported", fset.Position(d.Pos()), d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						return fmt.Errorf("%s: type %s is not exported", fset.Position(s.Pos()), s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if !n.IsExported() {
							return fmt.Errorf("%s: %s %s is not exported", fset.Position(n.Pos()), d.Tok, n.Name)
						}
					}
				}
			}
		}
	}
	var err error
	ast.Inspect(f, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			if !token.IsIdentifier(n.Name) {
				err = fmt.Errorf("%s: %q is not a Go identifier", fset.Position(n.Pos()), n.Name)
			}
		case *ast.StructType:
			err = checkStruct(fset, n)
		}
		return true
	})
	return err
}

// checkStruct checks a wire struct (one with tagged fields: the request
// and response types); untagged structs such as the client are plumbing.
func checkStruct(fset *token.FileSet, st *ast.StructType) error {
	wire := false
	for _, fld := range st.Fields.List {
		wire = wire || fld.Tag != nil
	}
	if !wire {
		return nil
	}
	jsonNames, xmlNames := map[string]bool{}, map[string]bool{}
	for _, fld := range st.Fields.List {
		pos := fset.Position(fld.Pos())
		if len(fld.Names) != 1 || !fld.Names[0].IsExported() {
			return fmt.Errorf("%s: struct field %s is not one exported name", pos, nodeText(fset, fld.Type))
		}
		if fld.Tag == nil {
			return fmt.Errorf("%s: struct field %s has no tag", pos, fld.Names[0].Name)
		}
		tag, err := strconv.Unquote(fld.Tag.Value)
		if err != nil {
			return fmt.Errorf("%s: tag %s: %v", pos, fld.Tag.Value, err)
		}
		st := reflect.StructTag(tag)
		js, _ := st.Lookup("json")
		xs, hasXML := st.Lookup("xml")
		want := fmt.Sprintf("json:%q", js)
		if hasXML {
			want += fmt.Sprintf(" xml:%q", xs)
		}
		if tag != want {
			return fmt.Errorf("%s: tag %q is not json:\"name\" [xml:\"name\"]", pos, tag)
		}
		name := strings.TrimSuffix(js, ",omitempty")
		if !validJSONName(name) || js == "-" {
			return fmt.Errorf("%s: json tag %q: encoding/json ignores the name %q", pos, js, name)
		}
		if jsonNames[name] {
			return fmt.Errorf("%s: json name %q repeated in one struct: encoding/json drops both fields", pos, name)
		}
		jsonNames[name] = true
		if hasXML && xs != "-" && fld.Names[0].Name == "XMLName" {
			// encoding/xml takes a field of that name for the element's own
			// name: xml:"XMLName" then demands <XMLName> as the root element.
			return fmt.Errorf("%s: struct field XMLName with tag %q: encoding/xml reads it as the element name, not as a child element", pos, tag)
		}
		if hasXML && xs != "-" {
			if xs == "" || strings.ContainsAny(xs, " ,>:") {
				return fmt.Errorf("%s: xml tag %q is not a plain element name", pos, xs)
			}
			if xmlNames[xs] {
				return fmt.Errorf("%s: xml name %q repeated in one struct", pos, xs)
			}
			xmlNames[xs] = true
		}
	}
	return nil
}

// validJSONName is encoding/json's isValidTag: a name it uses as the key.
func validJSONName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// blankText replaces every piece of free text of a loaded page (non-empty
// title, descriptions, examples, error messages, type cells) with "x".
func blankText(p *spec.Page) {
	x := func(s *string) {
		if *s != "" {
			*s = "x"
		}
	}
	x(&p.Title)
	x(&p.Description)
	for _, rows := range [][]spec.Row{p.RequestRows, p.BodyRows, p.ResponseRows} {
		for i := range rows {
			x(&rows[i].Description)
			x(&rows[i].Example)
			x(&rows[i].Type)
		}
	}
	for i := range p.Examples {
		x(&p.Examples[i].Text)
		x(&p.Examples[i].Canonical)
	}
	for i := range p.Errors {
		x(&p.Errors[i].Message)
		x(&p.Errors[i].Description)
	}
	seen := map[*spec.Field]bool{}
	var walk func(f *spec.Field)
	walk = func(f *spec.Field) {
		if f == nil || seen[f] {
			return
		}
		seen[f] = true
		x(&f.Description)
		x(&f.Example)
		x(&f.TypeText)
		for _, c := range f.Fields {
			walk(c)
		}
		walk(f.Elem)
	}
	for _, f := range p.Params() {
		walk(f)
	}
	walk(p.Response)
}

// skeleton is the token stream of a Go file without comments, with literal
// values blanked: what page text may not change.
func skeleton(src []byte) []string {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		switch tok {
		case token.EOF:
			return out
		case token.IDENT:
			out = append(out, lit)
		default:
			out = append(out, tok.String())
		}
	}
}

func sameSkeleton(a, b map[string][]byte) error {
	if !reflect.DeepEqual(sortedKeys(a), sortedKeys(b)) {
		return fmt.Errorf("replacing the pages' free text with \"x\" changes the files: %v, then %v", sortedKeys(a), sortedKeys(b))
	}
	for _, name := range sortedKeys(a) {
		sa, sb := skeleton(a[name]), skeleton(b[name])
		n := min(len(sa), len(sb))
		i := 0
		for i < n && sa[i] == sb[i] {
			i++
		}
		if i < n || len(sa) != len(sb) {
			lo := max(0, i-8)
			return fmt.Errorf("%s: page text shapes the code: with the pages' free text replaced by \"x\" the tokens differ at token %d: %q … then %q\nfile:\n%s\nwith the text replaced:\n%s",
				name, i, sa[lo:min(len(sa), i+8)], sb[lo:min(len(sb), i+8)], numbered(a[name]), numbered(b[name]))
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func nodeText(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, fset, n); err != nil {
		return fmt.Sprintf("%T", n)
	}
	return b.String()
}

// numbered is src with line numbers, cut short for long files.
func numbered(src []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(src), "\n") {
		if i == 400 {
			b.WriteString("…\n")
			break
		}
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}

// TestPipelineCorpusTypeChecks generates the dev corpus as cccgen's users
// would (each product's first copies of its pages as one package, every
// other copy <Action>__N.md as a package of its own), leaves out the pages
// that do not generate (error diagnostics), and runs checkPipeline's checks
// on every package: every corpus page that generates type-checks in-process.
func TestPipelineCorpusTypeChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: generates and type-checks the whole dev corpus")
	}
	ents, err := os.ReadDir(corpusDocs)
	if err != nil {
		t.Skipf("no dev corpus at %s (it lives in ../shared next to the project root)", corpusDocs)
	}
	univ := loadUniverse(t)
	copyName := regexp.MustCompile(`__[0-9]+\.md$`)
	total, excluded := 0, 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		product := e.Name()
		files, _ := filepath.Glob(filepath.Join(corpusDocs, product, "*.md"))
		sort.Strings(files)
		var main []gen.Source
		var units [][]gen.Source
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := gen.Source{Name: product + "/" + filepath.Base(f), Data: b}
			if copyName.MatchString(f) {
				units = append(units, []gen.Source{src})
			} else {
				main = append(main, src)
			}
		}
		units = append([][]gen.Source{main}, units...)
		for _, u := range units {
			total += len(u)
			// Leave out the pages with errors until the rest generate.
			for len(u) > 0 {
				res, err := generate(u)
				if err != nil {
					t.Fatalf("%s: %v", u[0].Name, err)
				}
				if !spec.HasErrors(res.Diagnostics) {
					break
				}
				bad := map[string]bool{}
				for _, d := range res.Diagnostics {
					if d.Severity != spec.Error {
						continue
					}
					if strings.Contains(d.Msg, "does not format") {
						t.Errorf("the generator emitted invalid Go: %s", d)
					}
					bad[d.Pos.File] = true
				}
				var keep []gen.Source
				for _, s := range u {
					if !bad[s.Name] {
						keep = append(keep, s)
					}
				}
				if len(keep) == len(u) {
					t.Errorf("%s: errors not attributed to a page: %v", u[0].Name, res.Diagnostics)
					keep = nil
				}
				excluded += len(u) - len(keep)
				u = keep
			}
			if len(u) == 0 {
				continue
			}
			if err := checkPipeline(univ, u); err != nil {
				t.Errorf("%s (%d pages): %v", u[0].Name, len(u), err)
			}
		}
	}
	t.Logf("%d corpus pages; %d do not generate (error diagnostics) and were left out; the rest type-check", total, excluded)
}

// Generator bugs FuzzPipeline found, fixed: each case must pass the pipeline
// checks (want is the failure it used to give).
func TestFuzzRegression_RawCommentLine(t *testing.T) {
	// Descriptions (and titles, error codes, error descriptions) whose line
	// starts with // or /* are passed to jen.Comment, which writes a string
	// starting with // or /* verbatim instead of prefixing "// ".
	page := func(desc string) string {
		return "# T\n\n[x](https://api.aliyun.com/#product=D&api=DescribeX&type=RPC&version=1)\n\n" +
			"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" + desc + "|C|String|是|c|x|\n"
	}
	regressions(t, []regression{
		{"go:generate directive", []string{page("|A|String|否|a|//go:generate echo pwned|\n")},
			`comment "//go:generate echo pwned" is not a plain // line comment`},
		{"unterminated block comment", []string{page("|A|String|否|a|/\\* open|\n")},
			"comment not terminated"},
		{"block comment swallows a field", []string{page("|A|String|否|a|/\\* open|\n|B|String|否|b|\\*/ close|\n")},
			"is not a plain // line comment"},
		{"error code", []string{page("") + "\n## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|//export Evil|m|d|\n"},
			`comment "//export Evil (HTTP 400): m" is not a plain // line comment`},
	})
}

func TestFuzzRegression_GOOSFileName(t *testing.T) {
	// naming.FileName("DescribeWindows") is describe_windows: go build takes
	// describe_windows.gen.go and its test only on Windows (likewise _linux,
	// _js, _arm, _wasm, … and _linux_amd64).
	page := "# T\n\n[x](https://api.aliyun.com/#product=D&api=DescribeWindows&type=RPC&version=1)\n\n" +
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|A|String|是|a|x|\n"
	regressions(t, []regression{
		{"DescribeWindows", []string{page}, `file name "describe_windows.gen.go" has a GOOS/GOARCH suffix`},
		{"ListArm", []string{strings.ReplaceAll(page, "DescribeWindows", "ListArm")}, `file name "list_arm.gen.go" has a GOOS/GOARCH suffix`},
	})
}

func TestFuzzRegression_ExportedActionClash(t *testing.T) {
	// Get__Thing and Get_Thing get different files (get__thing, get_thing)
	// and different type names (GetThingRequest, GetThingRequest2), but both
	// declare GetThingErrors and TestGetThing… : the package does not compile.
	page := func(action string) string {
		return "# T\n\n[x](https://api.aliyun.com/#product=D&api=" + action + "&type=RPC&version=1)\n\n" +
			"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|A|String|是|a|x|\n\n" +
			"## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|E|m|d|\n"
	}
	regressions(t, []regression{
		{"Get__Thing and Get_Thing", []string{page("Get__Thing"), page("Get_Thing")}, "GetThingErrors redeclared in this block"},
	})
}

type regression struct {
	name  string
	pages []string
	want  string // the recorded failure (a substring of it)
}

func regressions(t *testing.T, cases []regression) {
	univ := loadUniverse(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var srcs []gen.Source
			for i, p := range c.pages {
				srcs = append(srcs, gen.Source{Name: fmt.Sprintf("page%d.md", i+1), Data: []byte(p)})
			}
			if err := checkPipeline(univ, srcs); err != nil {
				t.Errorf("regression (was: %s):\n%v", c.want, err)
			}
		})
	}
}

func TestFuzzRegression_ResponseFieldNamedLikeAMethod(t *testing.T) {
	// Response structs have DecodeField and UnmarshalJSON methods: a field
	// of that name would clash with them.
	page := "# T\n\n[x](https://api.aliyun.com/#product=D&api=GetThing&type=RPC&version=1)\n\n" +
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|A|String|是|a|x|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|DecodeField|String|a|x|\n|UnmarshalJSON|String|b|x|\n|Sub|Struct| |x|\n|└DecodeField|Integer|1|x|\n\n" +
		"## 示例\n\n正常返回示例\n\n`JSON` 格式\n\n```\n{\"DecodeField\": \"a\", \"UnmarshalJSON\": \"b\", \"Sub\": {\"DecodeField\": 1}}\n```\n"
	regressions(t, []regression{
		{"DecodeField and UnmarshalJSON fields", []string{page}, "field and method with the same name DecodeField"},
	})
}

func TestFuzzRegression_ListOfListsOfStructs(t *testing.T) {
	// Two "Array of X" rows whose example shows objects, two levels deep,
	// resolve to a list of lists of structs; the struct was not named, and
	// the generator emitted a field without a type (issue 11).
	page := "# DescribeWidget\n[OpenAPI Explorer](https://api.aliyun.com/#product=Demo&api=DescribeWidget&type=RPC&version=2020-01-01)\n" +
		"## 请求参数\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|DescribeWidget|系统规定参数。 |\n" +
		"## 返回数据\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|Widget|Struct| |w |\n|Grid|Struct| |g |\n|Groups|Array of Group| |gs |\n" +
		"|Exprs|Array of Expr| |es |\n|Key|String|k|k |\n|Value|String|v|v |\n|RequestId|String|r|r |\n" +
		"## 示例\n正常返回示例\n`JSON`格式\n```\n{\"RequestId\":\"r\",\"Widget\":{\"Grid\":{\"Groups\":{\"Exprs\":{\"Value\":\"v\",\"Key\":\"k\"}}}}}\n```\n"
	regressions(t, []regression{
		{"Array of Array of struct", []string{page}, "generated code does not format: expected type"},
	})
}
