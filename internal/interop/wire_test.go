package interop

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/interop/wire"
	"github.com/cccgen/cccgen/spec"
)

// Measured floors of TestSameWire (see the log for the differences): the
// comparison must not lose APIs, and no API that is equal now may differ.
const (
	floorWireCompared = 95
	floorWireEqual    = 94
	perProduct        = 5
)

type truthPage struct {
	file, product, svc, action, version, style string
	sdkVersion, sdkFile                        string
}

type classicAPI struct {
	version, file string
	roa           bool
}

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func sharedDir(t *testing.T) string {
	d := filepath.Join(repoRoot(t), "..", "shared")
	if _, err := os.Stat(filepath.Join(d, "truth", "pages.tsv")); err != nil {
		t.Skipf("no ../shared (truth/pages.tsv): %v", err)
	}
	return d
}

func goEnv() []string {
	goflags := "-mod=mod"
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") && !strings.HasPrefix(f, "--mod=") {
			goflags += " " + f
		}
	}
	return append(os.Environ(), "GOFLAGS="+goflags, "GOWORK=off", "GOTOOLCHAIN=local")
}

func sdkDir(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aliyun/alibaba-cloud-sdk-go").Output()
	if err != nil {
		t.Fatalf("go list -m github.com/aliyun/alibaba-cloud-sdk-go: %v", err)
	}
	return strings.TrimSpace(string(out))
}

var apiInfo = regexp.MustCompile(`InitWithApiInfo\("[^"]*", "([^"]+)", "([^"]+)"`)

// classicActions maps each Action of a classic service package to its version.
func classicActions(dir string) map[string]classicAPI {
	m := map[string]classicAPI{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, mm := range apiInfo.FindAllSubmatch(b, -1) {
			m[string(mm[2])] = classicAPI{string(mm[1]), f, bytes.Contains(b, []byte("*requests.RoaRequest"))}
		}
	}
	return m
}

// selectPages picks up to perProduct pages a product, spread over its
// sorted pages, among those whose API the classic SDK has (same version
// preferred; a product whose SDK has only other versions takes those).
// sls is left out (being changed elsewhere).
func selectPages(t *testing.T, shared, sdk string) (chosen map[string][]truthPage, notInSDK map[string]int, styleDiffers map[string][]string) {
	f, err := os.Open(filepath.Join(shared, "truth", "pages.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	same := map[string][]truthPage{}
	other := map[string][]truthPage{}
	notInSDK = map[string]int{}
	styleDiffers = map[string][]string{}
	svcCache := map[string]map[string]classicAPI{}
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 3 {
			continue
		}
		p := truthPage{file: cols[0], version: cols[2]}
		parts := strings.Split(cols[0], "/")
		if len(parts) != 3 || strings.Contains(parts[2], "__") {
			continue
		}
		p.product = parts[1]
		if p.product == "sls" {
			continue
		}
		tparts := strings.Split(cols[1], "/")
		p.svc = strings.ReplaceAll(tparts[0], "-", "")
		p.action = strings.TrimSuffix(tparts[len(tparts)-1], ".json")
		var tj struct{ Style string }
		if b, err := os.ReadFile(filepath.Join(shared, "truth", cols[1])); err == nil {
			_ = json.Unmarshal(b, &tj)
		}
		p.style = strings.ToUpper(tj.Style)
		if p.style == "" {
			p.style = "RPC"
		}
		acts, ok := svcCache[p.svc]
		if !ok {
			acts = classicActions(filepath.Join(sdk, "services", p.svc))
			svcCache[p.svc] = acts
		}
		ca, ok := acts[p.action]
		p.sdkVersion, p.sdkFile = ca.version, ca.file
		switch {
		case !ok:
			notInSDK[p.product]++
		case ca.roa != (p.style == "ROA"):
			styleDiffers[p.product] = append(styleDiffers[p.product], fmt.Sprintf("%s: %s in truth, the classic SDK's %s (%s) is the other style", p.file, p.style, p.action, ca.version))
		case ca.version == p.version:
			same[p.product] = append(same[p.product], p)
		default:
			other[p.product] = append(other[p.product], p)
		}
	}
	chosen = map[string][]truthPage{}
	for prod, ps := range other {
		if len(same[prod]) == 0 {
			same[prod] = ps
		}
	}
	for prod, ps := range same {
		sort.Slice(ps, func(i, j int) bool { return ps[i].file < ps[j].file })
		n := min(perProduct, len(ps))
		for i := 0; i < n; i++ {
			chosen[prod] = append(chosen[prod], ps[i*len(ps)/n])
		}
	}
	return chosen, notInSDK, styleDiffers
}

var (
	reqAction = regexp.MustCompile(`func \(\*(\w+)Request\) Action\(\) string \{\s*return "([^"]+)"`)
	clientFn  = regexp.MustCompile(`func \(c \*Client\) (\w+)\(ctx context\.Context, req \*(\w+)Request\)`)
)

type genAPI struct {
	page          truthPage
	pkg, goName   string
	classicPkgVar string
}

// generate writes one package per product into dir (the scratch module)
// and returns the APIs it can call.
func generate(t *testing.T, root, dir string, chosen map[string][]truthPage) ([]genAPI, map[string][]string) {
	var apis []genAPI
	dropped := map[string][]string{}
	prods := make([]string, 0, len(chosen))
	for p := range chosen {
		prods = append(prods, p)
	}
	sort.Strings(prods)
	for _, prod := range prods {
		pkg := "p_" + prod
		active := chosen[prod]
		var res *gen.Result
		for len(active) > 0 {
			var srcs []gen.Source
			for _, p := range active {
				b, err := os.ReadFile(filepath.Join(root, "..", "shared", "corpus", p.file))
				if err != nil {
					t.Fatal(err)
				}
				srcs = append(srcs, gen.Source{Name: p.file, Data: b})
			}
			res = gen.Package(srcs, gen.Options{Package: pkg, DocName: "the interop wire comparison"})
			if !spec.HasErrors(res.Diagnostics) {
				break
			}
			bad := map[string]bool{}
			for _, d := range res.Diagnostics {
				if d.Severity == spec.Error {
					bad[d.Pos.File] = true
				}
			}
			var keep []truthPage
			for _, p := range active {
				if bad[p.file] {
					dropped[prod] = append(dropped[prod], p.file+": generation error")
				} else {
					keep = append(keep, p)
				}
			}
			if len(keep) == len(active) {
				keep = nil
			}
			active = keep
		}
		if len(active) == 0 {
			continue
		}
		pdir := filepath.Join(dir, pkg)
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			t.Fatal(err)
		}
		reqOf := map[string]string{} // Action → Go request prefix
		methodOf := map[string]string{}
		for name, data := range res.Files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			if err := os.WriteFile(filepath.Join(pdir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, m := range reqAction.FindAllSubmatch(data, -1) {
				reqOf[string(m[2])] = string(m[1])
			}
			for _, m := range clientFn.FindAllSubmatch(data, -1) {
				if string(m[1]) == string(m[2]) {
					methodOf[string(m[2])] = string(m[1])
				}
			}
		}
		for i, p := range active {
			action := ""
			if i < len(res.Pages) && res.Pages[i] != nil {
				action = res.Pages[i].Action
			}
			goName := reqOf[action]
			if goName == "" || methodOf[goName] != goName {
				dropped[prod] = append(dropped[prod], fmt.Sprintf("%s: no client method for %q", p.file, action))
				continue
			}
			spkg := "s_" + p.svc
			sdir := filepath.Join(dir, spkg)
			if err := os.MkdirAll(sdir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := copyClassicRequest(p.sdkFile, p.action, sdir, spkg); err != nil {
				dropped[prod] = append(dropped[prod], fmt.Sprintf("%s: copying the classic request: %v", p.file, err))
				continue
			}
			apis = append(apis, genAPI{page: p, pkg: pkg, goName: goName, classicPkgVar: spkg})
		}
	}
	return apis, dropped
}

func writeMain(t *testing.T, dir string, apis []genAPI) {
	var b bytes.Buffer
	b.WriteString("// Code generated by the interop wire test. DO NOT EDIT.\n\npackage main\n\nimport (\n\t\"context\"\n\n")
	b.WriteString("\t\"github.com/aliyun/alibaba-cloud-sdk-go/sdk\"\n\t\"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses\"\n\t\"github.com/cccgen/cccgen/acsrt\"\n\t\"github.com/cccgen/cccgen/internal/interop/wire\"\n")
	seen := map[string]bool{}
	for _, a := range apis {
		if !seen[a.pkg] {
			seen[a.pkg] = true
			fmt.Fprintf(&b, "\t%s %q\n", a.pkg, "github.com/cccgen/cccgen/internal/interop/wiretmp/"+a.pkg)
		}
		if !seen[a.classicPkgVar] {
			seen[a.classicPkgVar] = true
			fmt.Fprintf(&b, "\t%s %q\n", a.classicPkgVar, "github.com/cccgen/cccgen/internal/interop/wiretmp/"+a.classicPkgVar)
		}
	}
	b.WriteString(")\n\nvar _ = context.Background\n\nfunc main() {\n\twire.Main([]wire.Case{\n")
	for _, a := range apis {
		p, s, g, act := a.pkg, a.classicPkgVar, a.goName, a.page.action
		fmt.Fprintf(&b, "\t\t{Product: %q, Action: %q, Style: %q, Version: %q,\n", a.page.product, act, a.page.style, a.page.version)
		fmt.Fprintf(&b, "\t\t\tOursNew: func() any { return &%s.%sRequest{} },\n", p, g)
		fmt.Fprintf(&b, "\t\t\tOursCall: func(cfg acsrt.Config, req any) error {\n\t\t\t\tc, err := %s.NewClient(cfg)\n\t\t\t\tif err != nil {\n\t\t\t\t\treturn err\n\t\t\t\t}\n\t\t\t\t_, err = c.%s(context.Background(), req.(*%s.%sRequest))\n\t\t\t\treturn err\n\t\t\t},\n", p, g, p, g)
		fmt.Fprintf(&b, "\t\t\tSDKNew: func() any { return %s.Create%sRequest() },\n", s, act)
		base := "RpcRequest"
		if a.page.style == "ROA" {
			base = "RoaRequest"
		}
		fmt.Fprintf(&b, "\t\t\tSDKCall: func(c *sdk.Client, req any, host, port string) error {\n\t\t\t\tr := req.(*%s.%sRequest)\n\t\t\t\tr.%s.Domain, r.%s.Port, r.%s.Scheme = host, port, \"http\"\n\t\t\t\treturn c.DoAction(r, responses.NewCommonResponse())\n\t\t\t}},\n", s, act, base, base, base)
	}
	b.WriteString("\t})\n}\n")
	if err := os.WriteFile(filepath.Join(dir, "main.go"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeScratchModule(t *testing.T, root, dir string) {
	gomod := fmt.Sprintf(`module github.com/cccgen/cccgen/internal/interop/wiretmp

go 1.26.8

require (
	github.com/aliyun/alibaba-cloud-sdk-go v1.63.107
	github.com/cccgen/cccgen v0.0.0-00010101000000-000000000000
	github.com/cccgen/cccgen/internal/interop v0.0.0-00010101000000-000000000000
)

replace github.com/cccgen/cccgen => %s

replace github.com/cccgen/cccgen/internal/interop => %s
`, strconv.Quote(root), strconv.Quote(filepath.Join(root, "internal", "interop")))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
}

var buildPkg = regexp.MustCompile(`(?m)^# github\.com/cccgen/cccgen/internal/interop/wiretmp/([ps]_\w+)`)

// runComparison builds and runs the comparison program, dropping the
// products whose generated package does not build.
func runComparison(t *testing.T, dir string, apis []genAPI, dropped map[string][]string) []wire.Result {
	for round := 0; round < 4 && len(apis) > 0; round++ {
		writeMain(t, dir, apis)
		cmd := exec.Command("go", "run", ".")
		cmd.Dir = dir
		cmd.Env = goEnv()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			bad := map[string]bool{}
			for _, m := range buildPkg.FindAllStringSubmatch(stderr.String(), -1) {
				bad[m[1]] = true
			}
			if len(bad) == 0 {
				t.Fatalf("go run the comparison: %v\n%s", err, stderr.String())
			}
			var keep []genAPI
			for _, a := range apis {
				if bad[a.pkg] || bad[a.classicPkgVar] {
					dropped[a.page.product] = append(dropped[a.page.product], a.page.file+": generated package does not build")
				} else {
					keep = append(keep, a)
				}
			}
			t.Logf("generated packages that do not build, left out: %v\n%s", bad, firstLinesOf(stderr.String(), 20))
			apis = keep
			continue
		}
		var res []wire.Result
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			t.Fatalf("decoding the comparison's output: %v\n%s", err, stdout.String())
		}
		return res
	}
	t.Fatal("no API left to compare")
	return nil
}

func firstLinesOf(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// Parameters and headers every request carries with per-request values
// (signature, nonce, time, credentials, client identity), left out of
// the comparison.
var (
	commonParams  = map[string]bool{"Signature": true, "SignatureNonce": true, "Timestamp": true, "SignatureMethod": true, "SignatureVersion": true, "AccessKeyId": true, "Format": true, "SecurityToken": true, "SignatureType": true}
	commonHeaders = map[string]bool{
		"date": true, "authorization": true, "user-agent": true, "accept-encoding": true, "content-length": true, "content-md5": true,
		"x-acs-signature-nonce": true, "x-acs-signature-method": true, "x-acs-signature-version": true, "x-acs-security-token": true,
		"x-sdk-client": true, "x-sdk-invoke-type": true, "x-sdk-source": true, "host": true,
		"x-sdk-core-version": true, "x-acs-credentials-provider": true,
	}
	// Headers the run-time clients add on their own, compared as notes:
	// they say how acsrt and the classic SDK differ, not the generator.
	runtimeHeaders = map[string]bool{"x-acs-action": true, "x-acs-region-id": true}
)

// diff compares the two wires of one result; it returns the differing
// keys (with both values) and notes that are not counted as differences.
func diff(r wire.Result) (diffs, notes []string) {
	o, s := r.Ours, r.SDK
	if o == nil || s == nil {
		return []string{fmt.Sprintf("@sent: ours %v (%s), SDK %v (%s)", o != nil, r.OursErr, s != nil, r.SDKErr)}, nil
	}
	cmp := func(what string, ov, sv map[string][]string, skip map[string]bool) {
		keys := map[string]bool{}
		for k := range ov {
			keys[k] = true
		}
		for k := range sv {
			keys[k] = true
		}
		var ks []string
		for k := range keys {
			if !skip[k] {
				ks = append(ks, k)
			}
		}
		sort.Strings(ks)
		for _, k := range ks {
			a, aok := ov[k]
			b, bok := sv[k]
			switch {
			case !aok:
				diffs = append(diffs, fmt.Sprintf("%s %s: only SDK (%q)", what, k, strings.Join(b, ",")))
			case !bok:
				diffs = append(diffs, fmt.Sprintf("%s %s: only ours (%q)", what, k, strings.Join(a, ",")))
			case strings.Join(a, "\x00") != strings.Join(b, "\x00"):
				diffs = append(diffs, fmt.Sprintf("%s %s: ours %q, SDK %q", what, k, strings.Join(a, ","), strings.Join(b, ",")))
			}
		}
	}
	if r.Style == "ROA" {
		if o.Method != s.Method {
			diffs = append(diffs, fmt.Sprintf("method: ours %s, SDK %s", o.Method, s.Method))
		}
		if o.Path != s.Path {
			diffs = append(diffs, fmt.Sprintf("path: ours %s, SDK %s", o.Path, s.Path))
		}
		cmp("query", o.Query, s.Query, nil)
		oh, sh := map[string][]string{}, map[string][]string{}
		for k, v := range o.Headers {
			oh[k] = []string{v}
		}
		for k, v := range s.Headers {
			sh[k] = []string{v}
		}
		skipH := map[string]bool{}
		for k := range commonHeaders {
			skipH[k] = true
		}
		for k := range runtimeHeaders {
			skipH[k] = true
			if oh[k] == nil || sh[k] == nil || oh[k][0] != sh[k][0] {
				notes = append(notes, fmt.Sprintf("run-time header %s: ours %q, SDK %q", k, strings.Join(oh[k], ""), strings.Join(sh[k], "")))
			}
		}
		if o.Body == "" && s.Body == "" {
			skipH["content-type"] = true
			if o.Headers["content-type"] != s.Headers["content-type"] {
				notes = append(notes, fmt.Sprintf("content-type without a body: ours %q, SDK %q", o.Headers["content-type"], s.Headers["content-type"]))
			}
		}
		cmp("header", oh, sh, skipH)
		if !sameBody(o.Body, s.Body) {
			diffs = append(diffs, fmt.Sprintf("body: ours %q, SDK %q", o.Body, s.Body))
		}
		return diffs, notes
	}
	merge := func(w *wire.Wire) map[string][]string {
		m := map[string][]string{}
		for k, v := range w.Query {
			m[k] = append(m[k], v...)
		}
		for k, v := range w.Form {
			m[k] = append(m[k], v...)
		}
		return m
	}
	skip := commonParams
	if r.Version != "" && merge(s)["Version"] != nil && merge(s)["Version"][0] != r.Version {
		skip = map[string]bool{"Version": true}
		for k := range commonParams {
			skip[k] = true
		}
		notes = append(notes, fmt.Sprintf("the SDK has version %s only (page %s): Version not compared", merge(s)["Version"][0], r.Version))
	}
	cmp("param", merge(o), merge(s), skip)
	if o.Method != s.Method {
		notes = append(notes, fmt.Sprintf("method: ours %s, SDK %s", o.Method, s.Method))
	}
	return diffs, notes
}

func sameBody(a, b string) bool {
	if a == b {
		return true
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// TestSameWire generates cccgen packages for a sample of corpus APIs that
// the classic SDK has, sends the same inputs through the generated
// requests and the SDK's typed requests to a capture server, and compares
// the wires: RPC parameter sets (less the common signing parameters), ROA
// method, path, query, headers and body. Differences are findings about
// the generator; the test logs every one and asserts measured floors.
func TestSameWire(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the wire comparison builds the classic SDK's service packages")
	}
	shared := sharedDir(t)
	root := repoRoot(t)
	chosen, notInSDK, styleDiffers := selectPages(t, shared, sdkDir(t))
	dir := os.Getenv("CCCGEN_WIRE_DIR") // to keep the scratch module for a look
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeScratchModule(t, root, dir)
	apis, dropped := generate(t, root, dir, chosen)
	results := runComparison(t, dir, apis, dropped)

	type stat struct {
		compared, equal int
		lines           []string
	}
	stats := map[string]*stat{}
	compared, equal, caseDiffers := 0, 0, 0
	for _, r := range results {
		st := stats[r.Product]
		if st == nil {
			st = &stat{}
			stats[r.Product] = st
		}
		st.compared++
		compared++
		diffs, notes := diff(r)
		var declared []string
		for k := range r.OursKeys {
			if _, ok := r.SDKKeys[k]; !ok {
				declared = append(declared, "+"+k)
			}
		}
		for k := range r.SDKKeys {
			// RegionId is every classic RPC request's (the base
			// request's), declared or not.
			if _, ok := r.OursKeys[k]; !ok && k != "RegionId" {
				declared = append(declared, "-"+k)
			}
		}
		sort.Strings(declared)
		var caseOnly []string
		for k := range r.OursKeys {
			for k2 := range r.SDKKeys {
				if k != k2 && strings.EqualFold(k, k2) {
					caseOnly = append(caseOnly, fmt.Sprintf("ours %s, SDK %s", k, k2))
				}
			}
		}
		sort.Strings(caseOnly)
		extra := ""
		if len(caseOnly) > 0 {
			extra = fmt.Sprintf("\n        declared in another case (not filled): %s", strings.Join(caseOnly, "; "))
			caseDiffers++
		}
		if len(declared) > 0 {
			extra += fmt.Sprintf("\n        declared by one side only (+ours -SDK, not filled): %s", strings.Join(declared, " "))
		}
		if len(r.RequiredOnlyOurs) > 0 {
			extra += fmt.Sprintf("\n        required by the page, not declared by the SDK, filled in ours: %s", strings.Join(r.RequiredOnlyOurs, " "))
		}
		if len(r.JSONValued) > 0 {
			extra += fmt.Sprintf("\n        typed JSON values in ours, strings in the SDK (the SDK given ours' JSON): %s", strings.Join(r.JSONValued, " "))
		}
		for _, n := range notes {
			extra += "\n        note: " + n
		}
		if len(diffs) == 0 {
			st.equal++
			equal++
			st.lines = append(st.lines, fmt.Sprintf("    = %s (%d keys filled)%s", r.Action, len(r.Filled), extra))
			continue
		}
		st.lines = append(st.lines, fmt.Sprintf("    ≠ %s (%d keys filled): %s%s", r.Action, len(r.Filled), strings.Join(diffs, "; "), extra))
	}
	var prods []string
	for p := range stats {
		prods = append(prods, p)
	}
	for p, l := range styleDiffers {
		if len(l) > 3 {
			l = append(l[:3:3], fmt.Sprintf("... %d pages in all", len(l)))
		}
		dropped[p] = append(dropped[p], l...)
	}
	for p := range dropped {
		if stats[p] == nil {
			prods = append(prods, p)
			stats[p] = &stat{}
		}
	}
	sort.Strings(prods)
	var b strings.Builder
	fmt.Fprintf(&b, "wire comparison, generated requests vs the classic SDK's typed requests: %d APIs compared, %d equal, %d differing; %d declare a parameter in another case than the SDK\n", compared, equal, compared-equal, caseDiffers)
	for _, p := range prods {
		st := stats[p]
		fmt.Fprintf(&b, "  %s: %d compared, %d equal, %d differing (pages whose API the classic SDK lacks: %d)\n", p, st.compared, st.equal, st.compared-st.equal, notInSDK[p])
		for _, l := range st.lines {
			b.WriteString(l + "\n")
		}
		for _, d := range dropped[p] {
			fmt.Fprintf(&b, "    left out: %s\n", d)
		}
	}
	t.Log(b.String())
	if out := os.Getenv("CCCGEN_WIRE_REPORT"); out != "" {
		_ = os.WriteFile(out, []byte(b.String()), 0o644)
	}
	if compared < floorWireCompared {
		t.Errorf("%d APIs compared, floor %d", compared, floorWireCompared)
	}
	if equal < floorWireEqual {
		t.Errorf("%d APIs with the same wire, floor %d", equal, floorWireEqual)
	}
}
