package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// Helpers shared by the crash, concurrency and determinism tests, which run
// the cccgen command as a separate process.

// buildCommand builds the cccgen command into a temporary directory.
func buildCommand(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command to build cccgen")
	}
	bin := filepath.Join(t.TempDir(), "cccgen")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command(gobin, "build", "-o", bin, "github.com/cccgen/cccgen/cmd/cccgen").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// synthPage is a page for the API DescribeWidget<i> with a request list, a
// nested response list and both examples; version changes every generated
// file of the page (descriptions, and a field that only version 1 has).
func synthPage(i, version int) []byte {
	action := fmt.Sprintf("DescribeWidget%s", string(rune('A'+i/26))+string(rune('a'+i%26)))
	var b strings.Builder
	fmt.Fprintf(&b, "# 查询部件%d\n\n查询部件（版本%d）。\n\n## 调试\n\n", i, version)
	fmt.Fprintf(&b, "[您可以在OpenAPI Explorer中直接运行该接口。](https://api.aliyun.com/#product=Demo&api=%s&type=RPC&version=2020-01-01)\n\n", action)
	b.WriteString("## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n")
	fmt.Fprintf(&b, "|Action|String|是|%s|系统规定参数。取值：**%s**。 |\n", action, action)
	fmt.Fprintf(&b, "|WidgetId|String|是|w-%d|部件ID（版本%d） |\n", i, version)
	b.WriteString("|PageSize|Integer|否|10|分页大小 |\n|Tag.N.Key|String|否|k|标签键 |\n|Tag.N.Value|String|否|v|标签值 |\n")
	if version == 1 {
		b.WriteString("|DryRun|Boolean|否|true|只检查 |\n")
	}
	b.WriteString("\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n")
	fmt.Fprintf(&b, "|RequestId|String|r|请求ID（版本%d） |\n", version)
	b.WriteString("|TotalCount|Integer|2|总数 |\n|Widgets|Array of Widget| |部件列表 |\n|Widget| | | |\n")
	b.WriteString("|Id|String|a|部件ID |\n|Size|Long|3|大小 |\n|Parts|Array of Part| |零件 |\n|Part| | | |\n|Name|String|p|零件名 |\n")
	for f := range 8 {
		fmt.Fprintf(&b, "|Field%d|String|x%d|字段%d（版本%d） |\n", f, f, f, version)
	}
	if version == 1 {
		b.WriteString("|Extra|Boolean|true|新字段 |\n")
	}
	fmt.Fprintf(&b, "\n## 示例\n\n请求示例\n\n```\nhttp(s)://[Endpoint]/?Action=%s\n&WidgetId=w-%d\n&PageSize=10\n&Tag.1.Key=k\n&<公共请求参数>\n```\n\n", action, i)
	extraJSON, extraXML := "", ""
	if version == 1 {
		extraJSON, extraXML = `,"Extra":true`, "<Extra>true</Extra>"
	}
	var fj, fx strings.Builder
	for f := range 8 {
		fmt.Fprintf(&fj, `,"Field%d":"x%d"`, f, f)
		fmt.Fprintf(&fx, "<Field%d>x%d</Field%d>", f, f, f)
	}
	fmt.Fprintf(&b, "正常返回示例\n\n`JSON` 格式\n\n```\n{\"RequestId\":\"r\",\"TotalCount\":2,\"Widgets\":{\"Widget\":[{\"Id\":\"a\",\"Size\":3,\"Parts\":{\"Part\":[{\"Name\":\"p\"}]}}]}%s%s}\n```\n\n", fj.String(), extraJSON)
	fmt.Fprintf(&b, "`XML` 格式\n\n```\n<%sResponse><RequestId>r</RequestId><TotalCount>2</TotalCount><Widgets><Widget><Id>a</Id><Size>3</Size><Parts><Part><Name>p</Name></Part></Parts></Widget></Widgets>%s%s</%sResponse>\n```\n", action, fx.String(), extraXML, action)
	return []byte(b.String())
}

// synthPages is n pages of one version, by file name.
func synthPages(n, version int) map[string][]byte {
	m := map[string][]byte{}
	for i := range n {
		m[fmt.Sprintf("page%02d.md", i)] = synthPage(i, version)
	}
	return m
}

// putPages makes dir hold exactly pages, creating the files in order (nil:
// sorted by name).
func putPages(t *testing.T, dir string, pages map[string][]byte, order []string) {
	t.Helper()
	if order == nil {
		order = sortedNames(pages)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range order {
		if err := os.WriteFile(filepath.Join(dir, name), pages[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func sortedNames[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// readTree reads every regular file under dir, by slash-separated path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// treeDiff describes how got differs from want ("" when equal).
func treeDiff(got, want map[string][]byte) string {
	var b strings.Builder
	for _, name := range sortedNames(want) {
		g, ok := got[name]
		switch {
		case !ok:
			fmt.Fprintf(&b, "%s missing\n", name)
		case !bytes.Equal(g, want[name]):
			fmt.Fprintf(&b, "%s differs\n", name)
		}
	}
	for _, name := range sortedNames(got) {
		if _, ok := want[name]; !ok {
			fmt.Fprintf(&b, "%s unexpected\n", name)
		}
	}
	return b.String()
}

// generate runs cccgen in-process and fails the test unless it succeeds.
func generate(t *testing.T, args ...string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := Run(args, &out, &errb); code != ExitOK {
		t.Fatalf("cccgen %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
}

// runCommand runs the built command and fails the test unless it succeeds.
func runCommand(t *testing.T, env []string, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cccgen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func isTempName(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".cccgen-") && strings.HasSuffix(base, ".tmp")
}

// TestCrash kills cccgen at random moments while it rewrites a package and
// checks that every generated file is then whole: the old bytes or the new
// ones, none missing, nothing but temporary files and the lock file beside
// them. A later run completes the package and removes what the killed runs
// left.
func TestCrash(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("needs SIGKILL")
	}
	t.Parallel()
	bin := buildCommand(t)
	const npages = 30
	iterations, budget := 80, 10*time.Second
	if testing.Short() {
		iterations, budget = 8, 3*time.Second
	}
	root := t.TempDir()
	pages, out := filepath.Join(root, "pages"), filepath.Join(root, "out")
	args := []string{"-o", out, "-pkg", "demo", pages}

	// The outputs of both versions, made in sibling directories of out so
	// that their headers name the pages the same way.
	versions := [2]map[string][]byte{synthPages(npages, 0), synthPages(npages, 1)}
	var want [2]map[string][]byte
	for v := range versions {
		putPages(t, pages, versions[v], nil)
		ref := filepath.Join(root, fmt.Sprintf("ref%d", v))
		generate(t, "-o", ref, "-pkg", "demo", pages)
		want[v] = readTree(t, ref)
	}
	if len(want[0]) != 2*npages+1 || len(want[1]) != len(want[0]) {
		t.Fatalf("want %d files per version, got %d and %d", 2*npages+1, len(want[0]), len(want[1]))
	}
	for name := range want[0] {
		if name != "doc.gen.go" && bytes.Equal(want[0][name], want[1][name]) {
			t.Fatalf("%s is the same in both versions", name)
		}
	}

	// How long an uninterrupted rewrite takes, to spread the kills over it.
	putPages(t, pages, versions[0], nil)
	generate(t, args...)
	putPages(t, pages, versions[1], nil)
	began := time.Now()
	runCommand(t, nil, bin, args...)
	full := time.Since(began)
	t.Logf("an uninterrupted rewrite of %d files takes %v", len(want[1]), full)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var killed, finished, mixed, allOld, allNew, withTemps int
	start := time.Now()
	cur := 1 // the version the pages hold
	target := full * 4 / 5
	for i := 0; i < iterations && time.Since(start) < budget; i++ {
		cur = 1 - cur
		putPages(t, pages, versions[cur], nil)
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Most of a run is start-up, parsing and writing the temporary
		// files; the renames come last. The kill time follows the runs: later
		// after a kill that left all files old, earlier after one that came
		// too late, with jitter, so that many kills land among the renames.
		delay := time.Duration(float64(target) * (0.8 + 0.4*rng.Float64()))
		time.Sleep(delay)
		cmd.Process.Signal(os.Kill)
		err := cmd.Wait()
		if cmd.ProcessState.Success() {
			finished++
		} else if ws, ok := cmd.ProcessState.Sys().(interface{ Signaled() bool }); ok && ws.Signaled() {
			killed++
		} else {
			t.Fatalf("iteration %d: cccgen failed without being killed: %v", i, err)
		}

		got := readTree(t, out)
		newer, older, temps := 0, 0, 0
		for name, data := range got {
			if isTempName(name) || name == ".cccgen.lock" {
				temps++
				continue
			}
			old, nw := want[1-cur][name], want[cur][name]
			if old == nil {
				t.Fatalf("iteration %d (killed after %v): unexpected file %s", i, delay, name)
			}
			switch {
			case bytes.Equal(data, nw):
				newer++
			case bytes.Equal(data, old):
				older++
			default:
				t.Fatalf("iteration %d (killed after %v): %s is neither the old nor the new output (%d bytes)", i, delay, name, len(data))
			}
		}
		for name := range want[0] {
			if got[name] == nil {
				t.Fatalf("iteration %d (killed after %v): %s is missing", i, delay, name)
			}
		}
		if temps > 0 {
			withTemps++
		}
		// doc.gen.go is the same in both versions and counts as new.
		switch {
		case older == 0:
			allNew++
			target = target * 9 / 10
		case newer == 1:
			allOld++
			target = target * 11 / 10
		default:
			mixed++
		}
	}
	t.Logf("%d runs in %v: %d killed, %d finished first; afterwards all old %d, all new %d, part rewritten %d; temporary or lock files left %d times",
		killed+finished, time.Since(start).Round(time.Millisecond), killed, finished, allOld, allNew, mixed, withTemps)

	// A run to completion writes the rest and cleans up after the killed ones.
	runCommand(t, nil, bin, args...)
	if d := treeDiff(readTree(t, out), want[cur]); d != "" {
		t.Fatalf("after a completed run the output is not the current version:\n%s", d)
	}
}
