// Command endpointgen writes acsrt/endpoints.gen.go, the endpoint table of
// acsrt, and internal/apiversions/versions.gen.go, the API versions of each
// product code, from Alibaba Cloud's official Go SDKs as the Go module proxy
// serves them. Nothing in the tables is typed by hand: every entry is read,
// with go/parser, from the downloaded sources of the pinned modules below.
//
//	go generate ./acsrt     # runs, in acsrt: go run ../internal/endpointgen -o endpoints.gen.go -versions ../internal/apiversions/versions.gen.go
//	go run ./internal/endpointgen -o acsrt/endpoints.gen.go -versions internal/apiversions/versions.gen.go -report   # the same from the repository root, and the coverage
//
// Sources, in the order they win:
//
//  1. Tea product modules (github.com/alibabacloud-go/<product>-<version>):
//     client/client.go's Init sets EndpointRule and EndpointMap and calls
//     GetEndpoint("<endpoint product id>", ...).
//  2. The classic SDK (github.com/aliyun/alibaba-cloud-sdk-go), one service
//     per services/<svc>: every request constructor calls
//     InitWithApiInfo(product, version, action, locationCode, "openAPI"),
//     which gives the product code; services/<svc>/endpoint.go gives
//     EndpointType (regional or central) and EndpointMap. sdk/client.go's
//     buildRequestWithSigner uses them with the lower-cased product code as
//     the endpoint id (GetEndpointRules), except for Sts requests with
//     query parameters, which skip them.
//  3. The classic SDK's sdk/endpoints/endpoints_config.go (the local
//     regional and global resolvers), for products without endpoint.go, for
//     Sts, and for the codes only it names. Its entries list hosts, not a
//     rule: the rule is derived from them (the most common id of the
//     "<id>.<region>.aliyuncs.com" hosts, else the global endpoint's
//     "<id>.aliyuncs.com").
//
// Region map entries that the rule gives anyway are dropped.
//
// The version table comes from the classic SDK alone (the InitWithApiInfo
// calls, see versions.go): the Tea modules are one version each and only
// two are read.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The pinned modules. Changing a version changes the output.
const classicModule, classicVersion = "github.com/aliyun/alibaba-cloud-sdk-go", "v1.63.107"

// teaModules are the Tea product modules read. Only modules the proxy
// serves can be listed (most of github.com/alibabacloud-go/* is not served
// to this project's machines); each one here takes precedence over the
// classic data for its product.
var teaModules = []struct{ Path, Version string }{
	{"github.com/alibabacloud-go/ecs-20140526/v7", "v7.7.0"},
	{"github.com/alibabacloud-go/kms-20160120/v3", "v3.2.3"},
}

// Entry is one product's endpoint data.
type Entry struct {
	Code    string            // product code as the source spells it
	ID      string            // endpoint product id
	Rule    string            // "regional" or "central"
	Regions map[string]string // region → host where the rule does not give it
	Source  string            // where it came from
}

func main() {
	out := flag.String("o", "endpoints.gen.go", "output file")
	versions := flag.String("versions", "", "also write the API version table (internal/apiversions/versions.gen.go) to this file")
	report := flag.Bool("report", false, "print the coverage to stderr")
	flag.Parse()
	t, err := Build(download)
	if err != nil {
		fmt.Fprintln(os.Stderr, "endpointgen:", err)
		os.Exit(1)
	}
	src, err := t.Render()
	if err != nil {
		fmt.Fprintln(os.Stderr, "endpointgen:", err)
		os.Exit(1)
	}
	if *report {
		os.Stderr.WriteString(t.Report())
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "endpointgen:", err)
		os.Exit(1)
	}
	if *versions != "" {
		vsrc, err := t.RenderVersions()
		if err == nil {
			err = os.WriteFile(*versions, vsrc, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "endpointgen:", err)
			os.Exit(1)
		}
	}
}

// download returns the module cache directory of module@version, fetching
// it with the go command. It runs in a temporary directory so that no go.mod
// or go.sum is touched.
func download(module, version string) (string, error) {
	tmp, err := os.MkdirTemp("", "endpointgen")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	var info struct{ Dir, Error string }
	_ = json.Unmarshal(b, &info)
	if info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	if err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: %v %s", module, version, err, strings.TrimSpace(stderr.String()))
	}
	return info.Dir, nil
}

// Table is the built endpoint table.
type Table struct {
	Entries   map[string]*Entry // lower-cased product code → entry
	NoData    []string          // classic product codes without endpoint data
	Conflicts []string          // codes two sources disagree on (the first kept)
	Modules   []string          // module@version read
	Services  int               // classic services read
	// Versions are the API versions of each product code of the classic
	// SDK (lower-cased code → versions), for internal/apiversions.
	Versions map[string]*Versions
}

// Build reads the pinned modules through fetch (module, version → dir).
func Build(fetch func(module, version string) (string, error)) (*Table, error) {
	t := &Table{Entries: map[string]*Entry{}}
	dir, err := fetch(classicModule, classicVersion)
	if err != nil {
		return nil, err
	}
	t.Modules = append(t.Modules, classicModule+"@"+classicVersion)
	config, err := readEndpointsConfig(filepath.Join(dir, "sdk", "endpoints", "endpoints_config.go"))
	if err != nil {
		return nil, err
	}
	classic, noData, calls, services, err := readClassic(dir, config)
	if err != nil {
		return nil, err
	}
	t.Services = services
	t.Versions = buildVersions(calls)
	var teaEntries []*Entry
	for _, m := range teaModules {
		d, err := fetch(m.Path, m.Version)
		if err != nil {
			return nil, err
		}
		t.Modules = append(t.Modules, m.Path+"@"+m.Version)
		e, err := readTea(d, m.Path, m.Version)
		if err != nil {
			return nil, err
		}
		teaEntries = append(teaEntries, e)
	}
	for _, e := range teaEntries {
		t.add(e)
	}
	for _, e := range classic {
		t.add(e)
	}
	// Codes only endpoints_config.go names.
	for _, code := range sortedKeys(config) {
		if _, ok := t.Entries[code]; !ok {
			t.add(config[code])
		}
	}
	seen := map[string]bool{}
	for _, c := range noData {
		if _, ok := t.Entries[strings.ToLower(c)]; !ok && !seen[c] {
			seen[c] = true
			t.NoData = append(t.NoData, c)
		}
	}
	sort.Strings(t.NoData)
	return t, nil
}

func (t *Table) add(e *Entry) {
	k := strings.ToLower(e.Code)
	if old, ok := t.Entries[k]; ok {
		if old.ID != e.ID || old.Rule != e.Rule || !equalMaps(old.Regions, e.Regions) {
			t.Conflicts = append(t.Conflicts, fmt.Sprintf("%s: %s (%s %s) kept over %s (%s %s)", k, old.Source, old.Rule, old.ID, e.Source, e.Rule, e.ID))
		}
		return
	}
	t.Entries[k] = e
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// ruleHost is the host the rule gives for region on the public network, as
// GetEndpointRules builds it.
func ruleHost(id, rule, region string) string {
	if rule == "regional" {
		return id + "." + region + ".aliyuncs.com"
	}
	return id + ".aliyuncs.com"
}

// exceptions keeps the entries of m the rule does not give.
func exceptions(id, rule string, m map[string]string) map[string]string {
	out := map[string]string{}
	for r, h := range m {
		if h != "" && h != ruleHost(id, rule, r) {
			out[r] = h
		}
	}
	return out
}

func parseFile(path string) (*ast.File, error) {
	return parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
}

// stringLit is the value of a string literal, or tea.String("...").
func stringLit(e ast.Expr) (string, bool) {
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "String" {
			e = c.Args[0]
		}
	}
	l, ok := e.(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}

// mapLit reads a map[string]string or map[string]*string composite literal.
func mapLit(e ast.Expr) (map[string]string, bool) {
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	if _, ok := cl.Type.(*ast.MapType); !ok {
		return nil, false
	}
	m := map[string]string{}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok1 := stringLit(kv.Key)
		v, ok2 := stringLit(kv.Value)
		if ok1 && ok2 {
			m[k] = v
		}
	}
	return m, true
}

// config entry of endpoints_config.go.
type configProduct struct {
	Code              string `json:"code"`
	RegionalEndpoints []struct {
		Region   string `json:"region"`
		Endpoint string `json:"endpoint"`
	} `json:"regional_endpoints"`
	GlobalEndpoint string `json:"global_endpoint"`
}

// readEndpointsConfig reads the const endpointsJson of endpoints_config.go
// into entries keyed by the lower-cased code, the rule derived from the
// hosts.
func readEndpointsConfig(path string) (map[string]*Entry, error) {
	f, err := parseFile(path)
	if err != nil {
		return nil, err
	}
	var raw string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "endpointsJson" && len(vs.Values) == 1 {
			raw, _ = stringLit(vs.Values[0])
		}
		return raw == ""
	})
	if raw == "" {
		return nil, fmt.Errorf("%s: no endpointsJson", path)
	}
	var doc struct{ Products []configProduct }
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	out := map[string]*Entry{}
	for _, p := range doc.Products {
		code := strings.ToLower(p.Code)
		if code == "" || out[code] != nil {
			continue
		}
		m := map[string]string{}
		for _, r := range p.RegionalEndpoints {
			m[r.Region] = r.Endpoint
		}
		id, rule := deriveRule(code, m, p.GlobalEndpoint)
		out[code] = &Entry{Code: code, ID: id, Rule: rule, Regions: exceptions(id, rule, m),
			Source: "classic sdk/endpoints/endpoints_config.go"}
	}
	return out, nil
}

var hostRE = regexp.MustCompile(`^([a-z0-9-]+)\.([a-z0-9-]+\.)?aliyuncs\.com$`)

// deriveRule finds the id and rule that give most of the hosts of m:
// "<id>.<region>.aliyuncs.com" for the entry's own region (regional), else
// the global endpoint or a host "<id>.aliyuncs.com" (central); with neither,
// regional with the code.
func deriveRule(code string, m map[string]string, global string) (id, rule string) {
	regional, central := map[string]int{}, map[string]int{}
	for r, h := range m {
		if g := hostRE.FindStringSubmatch(h); g != nil {
			switch g[2] {
			case r + ".":
				regional[g[1]]++
			case "":
				central[g[1]]++
			}
		}
	}
	if g := hostRE.FindStringSubmatch(global); g != nil && g[2] == "" {
		central[g[1]] += len(m) + 1 // the global endpoint names the central host
	}
	best := func(c map[string]int) (string, int) {
		b, n := "", 0
		for k, v := range c {
			if v > n || v == n && k < b {
				b, n = k, v
			}
		}
		return b, n
	}
	rid, rn := best(regional)
	cid, cn := best(central)
	switch {
	case rn > 0 && rn >= cn:
		return rid, "regional"
	case cn > 0:
		return cid, "central"
	}
	return code, "regional"
}

var apiInfoRE = regexp.MustCompile(`InitWithApiInfo\(`)

// readClassic reads every services/<svc> of the classic SDK.
func readClassic(dir string, config map[string]*Entry) (entries []*Entry, noData []string, calls []apiCall, services int, err error) {
	svcDir := filepath.Join(dir, "services")
	des, err := os.ReadDir(svcDir)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	for _, de := range des {
		if !de.IsDir() {
			continue
		}
		services++
		svc := de.Name()
		codes, svcCalls, err := classicCodes(filepath.Join(svcDir, svc))
		if err != nil {
			return nil, nil, nil, 0, err
		}
		calls = append(calls, svcCalls...)
		typ, m, hasEndpoint, err := classicEndpoint(filepath.Join(svcDir, svc, "endpoint.go"))
		if err != nil {
			return nil, nil, nil, 0, err
		}
		for _, code := range codes {
			// sdk/client.go buildRequestWithSigner: the EndpointMap and
			// EndpointType of endpoint.go are used when
			// `request.GetProduct() != "Sts" || len(request.GetQueryParams()) == 0`;
			// an Sts request (always with parameters) goes to the resolvers.
			if hasEndpoint && typ != "" && code != "Sts" {
				id := strings.ToLower(code)
				entries = append(entries, &Entry{Code: code, ID: id, Rule: typ, Regions: exceptions(id, typ, m),
					Source: "classic services/" + svc + "/endpoint.go"})
				continue
			}
			if c := config[strings.ToLower(code)]; c != nil {
				e := *c
				e.Code = code
				e.Source += " (services/" + svc + " has no endpoint rule)"
				if code == "Sts" {
					e.Source = "classic sdk/endpoints/endpoints_config.go (Sts requests skip services/" + svc + "/endpoint.go)"
				}
				entries = append(entries, &e)
				continue
			}
			noData = append(noData, code)
		}
	}
	return entries, noData, calls, services, nil
}

// classicCodes lists the product codes the service's request constructors
// pass to InitWithApiInfo (most common first), and the calls themselves.
func classicCodes(dir string) ([]string, []apiCall, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var calls []apiCall
	count := map[string]int{}
	for _, de := range des {
		name := de.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, nil, err
		}
		if !apiInfoRE.Match(b) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, b, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, fmt.Errorf("%s/%s: %v", dir, name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "InitWithApiInfo" && len(c.Args) >= 1 {
				if s, ok := stringLit(c.Args[0]); ok && s != "" {
					count[s]++
					if call, ok := readAPICall(c); ok {
						calls = append(calls, call)
					}
				}
			}
			return true
		})
	}
	codes := make([]string, 0, len(count))
	for c := range count {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if count[codes[i]] != count[codes[j]] {
			return count[codes[i]] > count[codes[j]]
		}
		return codes[i] < codes[j]
	})
	return codes, calls, nil
}

// classicEndpoint reads endpoint.go: var EndpointType = "..." and the map
// literal GetEndpointMap assigns.
func classicEndpoint(path string) (typ string, m map[string]string, ok bool, err error) {
	if _, err := os.Stat(path); err != nil {
		return "", nil, false, nil
	}
	f, err := parseFile(path)
	if err != nil {
		return "", nil, false, err
	}
	m = map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Names) == 1 && n.Names[0].Name == "EndpointType" && len(n.Values) == 1 {
				typ, _ = stringLit(n.Values[0])
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == "EndpointMap" {
					if mm, ok := mapLit(n.Rhs[0]); ok {
						m = mm
					}
				}
			}
		}
		return true
	})
	if typ != "" && typ != "regional" && typ != "central" {
		return "", nil, false, fmt.Errorf("%s: EndpointType %q", path, typ)
	}
	return typ, m, true, nil
}

var teaDirRE = regexp.MustCompile(`^(.+)-(\d{8})$`)

// readTea reads client/client.go's Init of a Tea product module.
func readTea(dir, module, version string) (*Entry, error) {
	parts := strings.Split(module, "/")
	base := parts[2]
	g := teaDirRE.FindStringSubmatch(base)
	if g == nil {
		return nil, fmt.Errorf("%s: want <product>-<yyyymmdd>", module)
	}
	path := filepath.Join(dir, "client", "client.go")
	f, err := parseFile(path)
	if err != nil {
		return nil, err
	}
	e := &Entry{Code: g[1], Source: "tea " + module + "@" + version + " client.Init"}
	var m map[string]string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "Init" || fd.Recv == nil || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, l := range n.Lhs {
					sel, ok := l.(*ast.SelectorExpr)
					if !ok {
						continue
					}
					switch sel.Sel.Name {
					case "EndpointRule":
						e.Rule, _ = stringLit(n.Rhs[i])
					case "EndpointMap":
						if mm, ok := mapLit(n.Rhs[i]); ok {
							m = mm
						}
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "GetEndpoint" && len(n.Args) > 0 {
					e.ID, _ = stringLit(n.Args[0])
				}
			}
			return true
		})
	}
	if e.ID == "" {
		return nil, fmt.Errorf("%s: Init calls no GetEndpoint(\"<product id>\", ...)", path)
	}
	// endpoint-util GetEndpointRules: anything but "regional" is central.
	if e.Rule != "regional" {
		e.Rule = "central"
	}
	e.ID = strings.ToLower(e.ID)
	e.Regions = exceptions(e.ID, e.Rule, m)
	return e, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Render is the gofmt'ed acsrt/endpoints.gen.go.
func (t *Table) Render() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by go run ./internal/endpointgen; DO NOT EDIT.\n\n")
	b.WriteString("// The endpoint table, read from the official Go SDKs:\n")
	for _, m := range t.Modules {
		b.WriteString("//   " + m + "\n")
	}
	fmt.Fprintf(&b, "// %d product codes (%d classic services), %d with region exceptions.\n\n", len(t.Entries), t.Services, t.withRegions())
	b.WriteString("package acsrt\n\n")
	b.WriteString("// endpointTable maps a lower-cased product code to its endpoint data.\n")
	b.WriteString("var endpointTable = map[string]endpointEntry{\n")
	for _, k := range sortedKeys(t.Entries) {
		e := t.Entries[k]
		fmt.Fprintf(&b, "// %s\n", e.Source)
		fmt.Fprintf(&b, "%q: {code: %q, id: %q, central: %v", k, e.Code, e.ID, e.Rule == "central")
		if len(e.Regions) > 0 {
			b.WriteString(", regions: map[string]string{\n")
			for _, r := range sortedKeys(e.Regions) {
				fmt.Fprintf(&b, "%q: %q,\n", r, e.Regions[r])
			}
			b.WriteString("}")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func (t *Table) withRegions() int {
	n := 0
	for _, e := range t.Entries {
		if len(e.Regions) > 0 {
			n++
		}
	}
	return n
}

// Report is the coverage in words.
func (t *Table) Report() string {
	var b strings.Builder
	central := 0
	for _, e := range t.Entries {
		if e.Rule == "central" {
			central++
		}
	}
	fmt.Fprintf(&b, "endpointgen: %d product codes (%d central, %d regional), %d with region exceptions, from %d classic services and %d Tea modules\n",
		len(t.Entries), central, len(t.Entries)-central, t.withRegions(), t.Services, len(teaModules))
	if len(t.NoData) > 0 {
		fmt.Fprintf(&b, "endpointgen: %d classic product codes have no endpoint data (acsrt falls back to <code>.<region>.aliyuncs.com): %s\n", len(t.NoData), strings.Join(t.NoData, " "))
	}
	for _, c := range t.Conflicts {
		fmt.Fprintf(&b, "endpointgen: conflict %s\n", c)
	}
	b.WriteString(t.versionsReport())
	return b.String()
}
