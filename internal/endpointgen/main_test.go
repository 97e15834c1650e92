package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/internal/apiversions"
)

var (
	dlOnce sync.Once
	dlDirs map[string]string
	dlErr  error
)

// fetched downloads the pinned modules once (through the module cache or
// the proxy); the test is skipped when they cannot be had.
func fetched(t *testing.T) func(module, version string) (string, error) {
	t.Helper()
	dlOnce.Do(func() {
		dlDirs = map[string]string{}
		mods := append([]struct{ Path, Version string }{{classicModule, classicVersion}}, teaModules...)
		for _, m := range mods {
			d, err := download(m.Path, m.Version)
			if err != nil {
				dlErr = err
				return
			}
			dlDirs[m.Path+"@"+m.Version] = d
		}
	})
	if dlErr != nil {
		t.Skipf("the official SDK modules cannot be downloaded (no module cache entry and no proxy?): %v", dlErr)
	}
	return func(module, version string) (string, error) { return dlDirs[module+"@"+version], nil }
}

// The committed acsrt/endpoints.gen.go is what the tool writes.
func TestCommittedTableIsCurrent(t *testing.T) {
	fetch := fetched(t)
	tab, err := Build(fetch)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tab.Render()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "acsrt", "endpoints.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("acsrt/endpoints.gen.go is stale: run go generate ./acsrt")
	}
	got, err = tab.RenderVersions()
	if err != nil {
		t.Fatal(err)
	}
	want, err = os.ReadFile(filepath.Join("..", "apiversions", "versions.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/apiversions/versions.gen.go is stale: run go generate ./acsrt")
	}
	t.Log(strings.TrimSpace(tab.Report()))
}

var (
	apiInfoCodeRE = regexp.MustCompile(`InitWithApiInfo\("([^"]+)"`)
	typeRE        = regexp.MustCompile(`EndpointType = "([a-z]*)"`)
	mapEntryRE    = regexp.MustCompile(`(?m)^\s*"([^"]+)":\s*"([^"]+)",\s*$`)
)

// Every classic service with endpoint.go resolves as the classic SDK does:
// each EndpointMap entry gives its host, other regions the rule with the
// lower-cased product code. Read here with plain text matching, not with the
// tool's parser.
func TestClassicServicesResolveAsTheirSources(t *testing.T) {
	fetch := fetched(t)
	dir, _ := fetch(classicModule, classicVersion)
	svcs, err := filepath.Glob(filepath.Join(dir, "services", "*", "endpoint.go"))
	if err != nil || len(svcs) < 100 {
		t.Fatalf("%d endpoint.go files: %v", len(svcs), err)
	}
	tea := map[string]bool{}
	for _, m := range teaModules {
		tea[strings.ToLower(teaDirRE.FindStringSubmatch(strings.Split(m.Path, "/")[2])[1])] = true
	}
	checked, hosts := 0, 0
	seen := map[string]bool{} // the tool keeps the first service (in directory order) of a code
	for _, ep := range svcs {
		b, err := os.ReadFile(ep)
		if err != nil {
			t.Fatal(err)
		}
		typ := typeRE.FindSubmatch(b)
		if typ == nil || len(typ[1]) == 0 {
			continue
		}
		code := firstCode(t, filepath.Dir(ep))
		if code == "" || code == "Sts" || tea[strings.ToLower(code)] {
			continue
		}
		if seen[strings.ToLower(code)] {
			continue // ahas_openapi after ahas-openapi, r_kvstore after r-kvstore, ...
		}
		seen[strings.ToLower(code)] = true
		checked++
		for _, m := range mapEntryRE.FindAllSubmatch(b, -1) {
			region, host := string(m[1]), string(m[2])
			got, err := acsrt.ResolveEndpoint(code, region, "")
			if err != nil || got != host {
				t.Errorf("%s %s: %q, %v; endpoint.go says %q", code, region, got, err, host)
			}
			hosts++
		}
		want := strings.ToLower(code) + ".aliyuncs.com"
		if string(typ[1]) == "regional" {
			want = strings.ToLower(code) + ".xx-test-9.aliyuncs.com"
		}
		if got, err := acsrt.ResolveEndpoint(code, "xx-test-9", ""); err != nil || got != want {
			t.Errorf("%s (%s): %q, %v; want %q", code, typ[1], got, err, want)
		}
	}
	if checked < 150 {
		t.Errorf("only %d services checked", checked)
	}
	t.Logf("%d classic services, %d region map entries checked", checked, hosts)
}

func firstCode(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(files)
	count := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range apiInfoCodeRE.FindAllSubmatch(b, -1) {
			count[string(m[1])]++
		}
	}
	best, n := "", 0
	for c, k := range count {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	return best
}

// The Tea modules name the endpoint product id in GetEndpoint("<id>", ...)
// and the rule in EndpointRule.
func TestTeaModulesResolveAsTheirSources(t *testing.T) {
	fetch := fetched(t)
	idRE := regexp.MustCompile(`GetEndpoint\((?:tea|dara)\.String\("([^"]+)"\)`)
	ruleRE := regexp.MustCompile(`EndpointRule = (?:tea|dara)\.String\("([^"]*)"\)`)
	for _, m := range teaModules {
		dir, _ := fetch(m.Path, m.Version)
		b, err := os.ReadFile(filepath.Join(dir, "client", "client.go"))
		if err != nil {
			t.Fatal(err)
		}
		code := teaDirRE.FindStringSubmatch(strings.Split(m.Path, "/")[2])[1]
		id, rule := idRE.FindSubmatch(b), ruleRE.FindSubmatch(b)
		if id == nil || rule == nil {
			t.Fatalf("%s: no GetEndpoint or EndpointRule", m.Path)
		}
		info, ok := acsrt.LookupEndpoint(code)
		if !ok || info.ID != string(id[1]) || info.Central != (string(rule[1]) != "regional") {
			t.Errorf("%s: %+v; client.go says id %s rule %s", code, info, id[1], rule[1])
		}
	}
}

// Products without an endpoint rule of their own (Cms, Sts) resolve to the
// hosts of endpoints_config.go.
func TestEndpointsConfigResolves(t *testing.T) {
	fetch := fetched(t)
	dir, _ := fetch(classicModule, classicVersion)
	b, err := os.ReadFile(filepath.Join(dir, "sdk", "endpoints", "endpoints_config.go"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, code := range []string{"cms", "sts"} {
		i := strings.Index(src, `"code": "`+code+`"`)
		if i < 0 {
			t.Fatalf("endpoints_config.go has no %s", code)
		}
		block := src[i:]
		block = block[:strings.Index(block, `"regional_endpoint_pattern"`)]
		pairs := regexp.MustCompile(`"region": "([^"]+)",\s*"endpoint": "([^"]+)"`).FindAllStringSubmatch(block, -1)
		for _, p := range pairs {
			if got, err := acsrt.ResolveEndpoint(code, p[1], ""); err != nil || got != p[2] {
				t.Errorf("%s %s: %q, %v; endpoints_config.go says %q", code, p[1], got, err, p[2])
			}
		}
		if g := regexp.MustCompile(`"global_endpoint": "([^"]+)"`).FindStringSubmatch(block); g != nil {
			if got, err := acsrt.ResolveEndpoint(code, "", ""); err != nil || got != g[1] {
				t.Errorf("%s: %q, %v; global endpoint %q", code, got, err, g[1])
			}
		}
		if len(pairs) == 0 && code == "cms" {
			t.Errorf("cms: no regional endpoints read")
		}
	}
}

func TestDeriveRule(t *testing.T) {
	for _, c := range []struct {
		m            map[string]string
		global       string
		id, wantRule string
	}{
		{map[string]string{"cn-hangzhou": "metrics.cn-hangzhou.aliyuncs.com", "eu-west-1": "metrics.eu-west-1.aliyuncs.com"}, "", "metrics", "regional"},
		{nil, "sts.aliyuncs.com", "sts", "central"},
		{map[string]string{"cn-hangzhou": "ccs.aliyuncs.com"}, "", "ccs", "central"},
		{map[string]string{"cn-hangzhou": "x.example.com"}, "", "code", "regional"},
	} {
		id, rule := deriveRule("code", c.m, c.global)
		if id != c.id || rule != c.wantRule {
			t.Errorf("%v %q: %s %s, want %s %s", c.m, c.global, id, rule, c.id, c.wantRule)
		}
	}
}

// Every product, version and Action the classic request constructors call
// is in the version table. Read here with plain text matching, not with the
// tool's parser.
func TestClassicVersionsAsTheirSources(t *testing.T) {
	fetch := fetched(t)
	dir, _ := fetch(classicModule, classicVersion)
	files, err := filepath.Glob(filepath.Join(dir, "services", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	callRE := regexp.MustCompile(`InitWithApiInfo\("([^"]+)",\s*"([^"]+)",\s*"([^"]+)"`)
	versions := map[string]map[string]bool{}
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue // not built into the SDK (amp's mao_test.go is a request constructor)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range callRE.FindAllSubmatch(b, -1) {
			code, ver, action := string(m[1]), string(m[2]), string(m[3])
			k := strings.ToLower(code)
			if versions[k] == nil {
				versions[k] = map[string]bool{}
			}
			versions[k][ver] = true
			calls++
			if v, ok := apiversions.For(code, action); !ok || v < ver {
				t.Errorf("%s %s: For gives %q, %v; %s calls %s", code, action, v, ok, filepath.Base(f), ver)
			}
		}
	}
	for k, vs := range versions {
		got := apiversions.Versions(k)
		if len(got) != len(vs) {
			t.Errorf("%s: %v; the SDK calls %v", k, got, vs)
		}
		for _, v := range got {
			if !vs[v] {
				t.Errorf("%s: %s is in no call", k, v)
			}
		}
		if v, ok := apiversions.For(k, "NoSuchActionAnywhere"); ok {
			t.Errorf("%s: For(an Action it lacks) = %q", k, v)
		}
	}
	if len(versions) < 250 || calls < 10000 {
		t.Errorf("only %d products, %d calls", len(versions), calls)
	}
	t.Logf("%d classic product codes, %d InitWithApiInfo calls checked", len(versions), calls)
}

func TestBuildVersions(t *testing.T) {
	vs := buildVersions([]apiCall{
		{"Sts", "2015-04-01", "AssumeRole"}, {"Sts", "2015-04-01", "GetCallerIdentity"}, {"sts", "2015-04-01", "X"},
		{"cr", "2018-12-01", "B"}, {"cr", "2016-06-07", "A"}, {"cr", "2018-12-01", "A"},
	})
	if v := vs["sts"]; v == nil || v.Code != "Sts" || strings.Join(v.Versions, " ") != "2015-04-01" || strings.Join(v.Actions["2015-04-01"], " ") != "AssumeRole GetCallerIdentity X" {
		t.Errorf("sts: %+v", v)
	}
	if v := vs["cr"]; v == nil || strings.Join(v.Versions, " ") != "2016-06-07 2018-12-01" ||
		strings.Join(v.Actions["2016-06-07"], " ") != "A" || strings.Join(v.Actions["2018-12-01"], " ") != "A B" {
		t.Errorf("cr: %+v", v)
	}
	tab := &Table{Versions: vs}
	src, err := tab.RenderVersions()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`const Source = "` + classicModule + "@" + classicVersion + `"`, `"sts": {code: "Sts", versions: []version{`, `{"2015-04-01", "AssumeRole GetCallerIdentity X"},`, "2 product codes, 1 with several versions; 6 Actions"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("no %s in\n%s", want, src)
		}
	}
}
