package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cccgen/cccgen/internal/cli"
)

// TestMain lets the test binary double as the cccgen command, so scripts run
// it as `exec cccgen ...` in a subprocess with its real exit code.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"cccgen": func() { os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// seedPage is the page, relative to the module root, that cpseed copies.
// It is not ours to duplicate into testdata, so it is copied at run time.
const seedPage = "docs/ccc/GetInstanceSummaryReportSinceMidnight.md"

// goEnvVars are the variables the go command needs to build offline from the
// caller's module cache and build cache once HOME points elsewhere.
var goEnvVars = []string{
	"GOPATH", "GOMODCACHE", "GOCACHE", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN",
	"GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE",
}

func TestScripts(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found: %v", err)
	}
	goEnv := resolveGoEnv(t)
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Condition: func(cond string) (bool, error) {
			if cond == "corpus" {
				_, err := os.Stat(filepath.Join(root, "..", "shared", "corpus", "manifest.tsv"))
				return err == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			for _, name := range goEnvVars {
				if v := goEnv[name]; v != "" {
					env.Setenv(name, v)
				}
			}
			home := filepath.Join(env.WorkDir, ".home")
			if err := os.MkdirAll(home, 0o777); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("CCCGEN_ROOT", root)
			env.Setenv("CCCGEN_GOPROXY", goEnv["GOPROXY"])
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"addfield": cmdAddField,
			"cpseed":   cmdCpSeed,
			"cpcorpus": cmdCpCorpus,
			"mkproxy":  cmdMkProxy,
			"exitcode": cmdExitCode,
			"backdate": cmdBackdate,
			"mtime":    cmdMtime,
			"repeat":   cmdRepeat,
			"dirstate": cmdDirState,
		},
	})
}

// resolveGoEnv reads the go command's effective settings once: the values
// may come from the environment or from the go env file under the real HOME,
// which the scripts do not see.
func resolveGoEnv(t *testing.T) map[string]string {
	vals := map[string]string{}
	for _, name := range goEnvVars {
		vals[name] = os.Getenv(name)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return vals
	}
	out, err := exec.Command(gobin, append([]string{"env", "-json"}, goEnvVars...)...).Output()
	if err != nil {
		t.Logf("go env: %v", err)
		return vals
	}
	var fromGo map[string]string
	if err := json.Unmarshal(out, &fromGo); err != nil {
		t.Logf("go env: %v", err)
		return vals
	}
	for k, v := range fromGo {
		if v != "" {
			vals[k] = v
		}
	}
	return vals
}

// cmdExitCode runs `exitcode <n> <program> [args...]`: it runs the program
// like exec and fails unless it exits with status n. Its stdout and stderr
// are kept for the stdout and stderr commands that follow.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode <n> <program> [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// corpusDir is the shared corpus of real pages, outside the repository.
func corpusDir(ts *testscript.TestScript) string {
	return filepath.Join(ts.Getenv("CCCGEN_ROOT"), "..", "shared", "corpus")
}

// cmdCpCorpus runs `cpcorpus <product> <dst>`: it lays out a product's pages
// from ../shared/corpus under dst as its docs repository has them (the
// manifest's path: nested folders with Chinese names, old and new copies of
// one API in different folders). The corpus is not ours to copy into the
// repository: scripts guard its use with `[!corpus] skip`.
func cmdCpCorpus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cpcorpus <product> <dst>")
	}
	dir := corpusDir(ts)
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		ts.Fatalf("cpcorpus: %v (guard the script with [!corpus] skip)", err)
	}
	lines := strings.Split(strings.TrimSpace(string(manifest)), "\n")
	cols := map[string]int{}
	for i, c := range strings.Split(lines[0], "\t") {
		cols[c] = i
	}
	pi, fi, ri := cols["product"], cols["file"], cols["path"]
	n := 0
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) <= max(pi, fi, ri) || f[pi] != args[0] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f[fi])))
		ts.Check(err)
		dst := ts.MkAbs(filepath.Join(args[1], filepath.FromSlash(f[ri])))
		ts.Check(os.MkdirAll(filepath.Dir(dst), 0o777))
		ts.Check(os.WriteFile(dst, data, 0o666))
		n++
	}
	if n == 0 {
		ts.Fatalf("cpcorpus: no pages of %s in the manifest", args[0])
	}
	ts.Logf("cpcorpus: %d pages of %s", n, args[0])
}

// cmdMkProxy runs `mkproxy <dir> <version>`: it writes the cccgen module of
// this checkout, at that version, into dir laid out as a GOPROXY
// (file://dir), as the module proxy would serve it once published: the
// files git tracks, less the nested modules (internal/interop, ...).
func cmdMkProxy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkproxy <dir> <version>")
	}
	root, version := ts.Getenv("CCCGEN_ROOT"), args[1]
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		ts.Fatalf("mkproxy: git ls-files in the checkout: %v", err)
	}
	files := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	var nested []string
	for _, f := range files {
		if strings.HasSuffix(f, "/go.mod") {
			nested = append(nested, strings.TrimSuffix(f, "go.mod"))
		}
	}
	const mod = "github.com/cccgen/cccgen"
	vdir := ts.MkAbs(filepath.Join(args[0], filepath.FromSlash(mod), "@v"))
	ts.Check(os.MkdirAll(vdir, 0o777))
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
files:
	for _, f := range files {
		for _, n := range nested {
			if strings.HasPrefix(f, n) {
				continue files
			}
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the work tree
		}
		ts.Check(err)
		w, err := zw.Create(mod + "@" + version + "/" + f)
		ts.Check(err)
		_, err = w.Write(data)
		ts.Check(err)
	}
	ts.Check(zw.Close())
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	ts.Check(err)
	ts.Check(os.WriteFile(filepath.Join(vdir, version+".zip"), zbuf.Bytes(), 0o666))
	ts.Check(os.WriteFile(filepath.Join(vdir, version+".mod"), gomod, 0o666))
	ts.Check(os.WriteFile(filepath.Join(vdir, version+".info"), []byte(`{"Version":"`+version+`","Time":"2026-12-01T00:00:00Z"}`), 0o666))
	ts.Check(os.WriteFile(filepath.Join(vdir, "list"), []byte(version+"\n"), 0o666))
}

// cmdCpSeed runs `cpseed <dst>`: it copies the repository's seed page to dst.
func cmdCpSeed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: cpseed <dst>")
	}
	data, err := os.ReadFile(filepath.Join(ts.Getenv("CCCGEN_ROOT"), filepath.FromSlash(seedPage)))
	ts.Check(err)
	dst := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(dst), 0o777))
	ts.Check(os.WriteFile(dst, data, 0o666))
}

// cmdAddField runs `addfield <page> <Name>`: it adds a top-level response
// field Name of type Long with the example value 5 to the page's 返回数据
// table, its JSON example and its XML example, as a documentation update
// would.
func cmdAddField(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: addfield <page> <Name>")
	}
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	out, err := addField(string(data), args[1])
	if err != nil {
		ts.Fatalf("addfield %s: %v", args[0], err)
	}
	ts.Check(os.WriteFile(file, []byte(out), 0o666))
}

// addField returns page with the field name added to the response table and
// to the JSON and XML examples that follow the "JSON" and "XML" labels.
func addField(page, name string) (string, error) {
	lines := strings.Split(page, "\n")

	// The response table: the first separator row after "## 返回数据".
	table := -1
	inSection := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			inSection = strings.Contains(t, "返回数据")
			continue
		}
		if inSection && isSeparatorRow(t) {
			table = i
			break
		}
	}
	if table < 0 {
		return "", errors.New("no 返回数据 table separator row")
	}

	// The examples: the first code block after a line naming JSON or XML,
	// outside code blocks, from the 示例 section on when there is one.
	start := 0
	for i, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "#") && strings.Contains(t, "示例") {
			start = i
			break
		}
	}
	type edit struct {
		at   int    // index of the line to insert before
		text string // the line to insert
		col  int    // or, when >= 0, the byte in lines[at] to splice text after
	}
	var edits []edit
	inFence, want, doneJSON, doneXML := false, "", false, false
	blockStart := 0
	for i := start; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			if inFence && want != "" {
				return "", fmt.Errorf("line %d: %s example holds no place for the field", blockStart+1, want)
			}
			inFence = !inFence
			blockStart = i
			continue
		}
		if !inFence {
			switch {
			case strings.Contains(t, "JSON") && !doneJSON:
				want = "JSON"
			case strings.Contains(t, "XML") && !doneXML:
				want = "XML"
			}
			continue
		}
		switch want {
		case "JSON":
			if !strings.HasPrefix(t, "{") {
				continue
			}
			if t == "{" {
				next := ""
				if i+1 < len(lines) {
					next = strings.TrimSpace(lines[i+1])
				}
				edits = append(edits, edit{at: i + 1, col: -1,
					text: indentOf(lines, i+1, lines[i]+"\t") + jsonMember(name, !strings.HasPrefix(next, "}"))})
			} else {
				rest := strings.TrimSpace(t[1:])
				edits = append(edits, edit{at: i, col: strings.Index(lines[i], "{"),
					text: jsonMember(name, !strings.HasPrefix(rest, "}"))})
			}
			want, doneJSON = "", true
		case "XML":
			if !strings.HasPrefix(t, "<") || strings.HasPrefix(t, "<?") || strings.HasPrefix(t, "<!") {
				continue
			}
			elem := "<" + name + ">5</" + name + ">"
			if isResponseRoot(t) {
				// The body is wrapped in <XxxResponse>: add the field inside.
				edits = append(edits, edit{at: i + 1, col: -1, text: indentOf(lines, i+1, lines[i]+"    ") + elem})
			} else {
				edits = append(edits, edit{at: i, col: -1, text: indentOf(lines, i, "") + elem})
			}
			want, doneXML = "", true
		}
	}
	if !doneJSON && !doneXML {
		return "", errors.New("no JSON or XML example")
	}
	edits = append(edits, edit{at: table + 1, col: -1, text: "|" + name + "|Long|5|新指标 |"})

	// Apply from the bottom up so earlier indexes stay valid.
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	for _, e := range edits {
		if e.col >= 0 {
			l := lines[e.at]
			lines[e.at] = l[:e.col+1] + e.text + " " + l[e.col+1:]
			continue
		}
		lines = append(lines[:e.at], append([]string{e.text}, lines[e.at:]...)...)
	}
	return strings.Join(lines, "\n"), nil
}

func jsonMember(name string, comma bool) string {
	s := strconv.Quote(name) + `: "5"`
	if comma {
		s += ","
	}
	return s
}

// indentOf returns the leading white space of lines[i], or of def when
// lines[i] does not exist or is a closing fence or bracket.
func indentOf(lines []string, i int, def string) string {
	src := def
	if i < len(lines) {
		t := strings.TrimSpace(lines[i])
		if t != "" && !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "}") && !strings.HasPrefix(t, "</") {
			src = lines[i]
		}
	}
	return src[:len(src)-len(strings.TrimLeft(src, " \t"))]
}

func isSeparatorRow(t string) bool {
	if !strings.HasPrefix(t, "|") || !strings.Contains(t, "-") {
		return false
	}
	return strings.Trim(t, "|-: \t") == ""
}

// isResponseRoot reports whether t is a lone start tag <XxxResponse>.
func isResponseRoot(t string) bool {
	if !strings.HasPrefix(t, "<") || !strings.HasSuffix(t, ">") || strings.ContainsAny(t[1:len(t)-1], "<>/ ") {
		return false
	}
	return strings.HasSuffix(t[1:len(t)-1], "Response")
}

// cmdBackdate runs `backdate <file>...`: it sets the files' modification
// times to 2001-01-01T00:00:00Z, so that a later rewrite shows in mtime.
func cmdBackdate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: backdate <file>...")
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range args {
		ts.Check(os.Chtimes(ts.MkAbs(a), old, old))
	}
}

// cmdMtime runs `mtime <file>...`: it prints "<file> <mtime>" for each file,
// the time in UTC RFC 3339, for comparison with cmp stdout.
func cmdMtime(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: mtime <file>...")
	}
	var b bytes.Buffer
	for _, a := range args {
		st, err := os.Stat(ts.MkAbs(a))
		ts.Check(err)
		fmt.Fprintf(&b, "%s %s\n", a, st.ModTime().UTC().Format(time.RFC3339))
	}
	ts.Stdout().Write(b.Bytes())
}

// TestAddField checks the addfield script command on the seed page and on
// a page whose XML example has a response root element.
func TestAddField(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(seedPage)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := addField(string(seed), "NewMetric")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"|--|--|---|--|\n|NewMetric|Long|5|新指标 |\n|Code|",
		"```\n<NewMetric>5</NewMetric>\n<Message>",
		"```\n{\n\t\"NewMetric\": \"5\",\n\t\"Message\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("seed page with field lacks %q", want)
		}
	}

	page := "# X\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n| --- | --- | --- | --- |\n|RequestId|String|r| |\n\n## 示例\n\n" +
		"`XML` 格式\n\n```xml\n<XResponse>\n  <RequestId>r</RequestId>\n</XResponse>\n```\n\n" +
		"`JSON` 格式\n\n```json\n{\"RequestId\":\"r\"}\n```\n"
	got, err = addField(page, "N")
	if err != nil {
		t.Fatal(err)
	}
	want := "# X\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n| --- | --- | --- | --- |\n|N|Long|5|新指标 |\n|RequestId|String|r| |\n\n## 示例\n\n" +
		"`XML` 格式\n\n```xml\n<XResponse>\n  <N>5</N>\n  <RequestId>r</RequestId>\n</XResponse>\n```\n\n" +
		"`JSON` 格式\n\n```json\n{\"N\": \"5\", \"RequestId\":\"r\"}\n```\n"
	if got != want {
		t.Errorf("addField:\n%s\nwant:\n%s", got, want)
	}

	if _, err := addField("# X\n\n## 请求参数\n\n|a|b|\n|--|--|\n", "N"); err == nil {
		t.Error("addField on a page without a response table succeeded")
	}
}

// cmdRepeat runs `repeat <file> <marker> <count> <unit>`: it replaces every
// occurrence of marker in file with unit repeated count times. A marker or
// unit that starts with a double quote is a Go string literal, so bytes that
// a txtar file cannot hold (NUL, invalid UTF-8, U+2028, CR) can be written;
// big inputs are made this way rather than stored.
func cmdRepeat(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: repeat <file> <marker> <count> <unit>")
	}
	n, err := strconv.Atoi(args[2])
	if err != nil || n < 0 {
		ts.Fatalf("repeat: bad count %q", args[2])
	}
	lit := func(s string) string {
		if !strings.HasPrefix(s, `"`) {
			return s
		}
		u, err := strconv.Unquote(s)
		if err != nil {
			ts.Fatalf("repeat: bad literal %s: %v", s, err)
		}
		return u
	}
	marker, unit := lit(args[1]), lit(args[3])
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	if marker == "" || !bytes.Contains(data, []byte(marker)) {
		ts.Fatalf("repeat: %s does not contain %q", args[0], marker)
	}
	data = bytes.ReplaceAll(data, []byte(marker), bytes.Repeat([]byte(unit), n))
	ts.Check(os.WriteFile(file, data, 0o666))
}

// cmdDirState runs `dirstate <dir>`: it prints one line per file and
// directory under dir (dir included) with its mode, size, modification time
// in nanoseconds and, for files, the SHA-256 of its bytes, so that cmp can
// show that a command left a tree exactly as it was.
func cmdDirState(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: dirstate <dir>")
	}
	root := ts.MkAbs(args[0])
	var b bytes.Buffer
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sum := "-"
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum = fmt.Sprintf("%x", sha256.Sum256(data))
		}
		fmt.Fprintf(&b, "%s %v %d %d %s\n", filepath.ToSlash(rel), info.Mode(), info.Size(), info.ModTime().UnixNano(), sum)
		return nil
	})
	ts.Check(err)
	ts.Stdout().Write(b.Bytes())
}
