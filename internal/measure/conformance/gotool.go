// The Go tool: the scratch module, one go vet and one go test -json over
// it, and their output mapped back to pages.

package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/templates"
)

// writeModule writes the scratch module and every unit's files.
func (r *runner) writeModule(root string) error {
	if ents, err := os.ReadDir(r.work); err == nil && len(ents) > 0 {
		// Only ever remove a scratch module this package made.
		if gm, err := os.ReadFile(filepath.Join(r.work, "go.mod")); err != nil || modulePath(gm) != "conftest" {
			return fmt.Errorf("conformance: work directory %s is not empty and holds no conftest module; refusing to remove it", r.work)
		}
	}
	if err := os.RemoveAll(r.work); err != nil {
		return err
	}
	if err := os.MkdirAll(r.work, 0o755); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("conformance: %w", err)
	}
	var b strings.Builder
	b.WriteString("module conftest\n\n")
	if v := goDirective(gomod); v != "" {
		fmt.Fprintf(&b, "go %s\n\n", v)
	}
	b.WriteString("require github.com/cccgen/cccgen v0.0.0-00010101000000-000000000000\n\n")
	target := filepath.ToSlash(root)
	if strings.ContainsAny(target, " \t\"'`\\") {
		target = strconv.Quote(target)
	}
	fmt.Fprintf(&b, "replace github.com/cccgen/cccgen => %s\n", target)
	if err := os.WriteFile(filepath.Join(r.work, "go.mod"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.work, "go.sum"), sum, 0o644); err != nil {
		return err
	}
	goflags := "-mod=mod"
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") && !strings.HasPrefix(f, "--mod=") {
			goflags += " " + f
		}
	}
	r.env = append(os.Environ(), "GOFLAGS="+goflags, "GOWORK=off", "GOTOOLCHAIN=local")
	for _, u := range r.units {
		if err := r.writeUnit(u); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) writeUnit(u *unit) error {
	dir := filepath.Join(r.work, u.dir)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if len(u.files) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range u.files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) goCmd(args ...string) ([]byte, error) {
	cmd := exec.Command(r.opt.Go, args...)
	cmd.Dir = r.work
	cmd.Env = r.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// buildMsg is one compiler or vet message.
type buildMsg struct {
	dir, file, msg string
}

var (
	posLine   = regexp.MustCompile(`^(?:vet: )?(\S+?\.go):(\d+)(?::(\d+))?: (.*)$`)
	pkgHeader = regexp.MustCompile(`^# (conftest/[^\s\[]+)`)
)

// parseBuild reads go vet or go build output: "# conftest/x" headers and
// "file.go:line:col: message" lines, paths relative to the module or to
// the package. Lines of a package that name no file are returned as its
// package-level messages.
func parseBuild(out string) (msgs []buildMsg, pkgs map[string][]string) {
	pkgs = map[string][]string{}
	cur := ""
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimRight(l, "\r")
		if m := pkgHeader.FindStringSubmatch(l); m != nil {
			cur = strings.TrimPrefix(m[1], "conftest/")
			if _, ok := pkgs[cur]; !ok {
				pkgs[cur] = nil
			}
			continue
		}
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " ") {
			continue
		}
		if m := posLine.FindStringSubmatch(l); m != nil {
			path := filepath.ToSlash(m[1])
			file := filepath.Base(path)
			dir := filepath.Base(filepath.Dir(path))
			if dir == "." || dir == "/" || dir == "" {
				dir = cur
			}
			msgs = append(msgs, buildMsg{dir: dir, file: file, msg: m[4]})
			continue
		}
		if cur != "" {
			pkgs[cur] = append(pkgs[cur], l)
		}
	}
	return msgs, pkgs
}

// pageOfFile finds the active page whose generated files include file.
func (u *unit) pageOfFile(file string) *page {
	stem := strings.TrimSuffix(strings.TrimSuffix(file, ".go"), ".gen_test")
	stem = strings.TrimSuffix(stem, ".gen")
	for _, p := range u.pages {
		if !p.out && p.stem == stem {
			return p
		}
	}
	return nil
}

// vet runs go vet until every remaining package vets clean, excluding the
// pages the messages name and regenerating their packages.
func (r *runner) vet() (int, error) {
	targets := []string{"./..."}
	rounds := 0
	for len(targets) > 0 {
		rounds++
		out, err := r.goCmd(append([]string{"vet", "-trimpath"}, targets...)...)
		if err == nil {
			break
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return rounds, fmt.Errorf("conformance: go vet: %v", err)
		}
		msgs, pkgs := parseBuild(string(out))
		failed := map[string]bool{}
		blamed := map[string]int{}
		unblamed := map[string]string{}
		for _, m := range msgs {
			u := r.byDir[m.dir]
			if u == nil {
				continue
			}
			failed[u.dir] = true
			if p := u.pageOfFile(m.file); p != nil {
				blamed[u.dir]++
				p.fail(m.file + ": " + m.msg)
				p.out = true
			} else if unblamed[u.dir] == "" {
				unblamed[u.dir] = m.file + ": " + m.msg
			}
		}
		for dir, lines := range pkgs {
			if r.byDir[dir] != nil {
				failed[dir] = true
				if unblamed[dir] == "" && len(lines) > 0 {
					unblamed[dir] = lines[0]
				}
			}
		}
		if len(failed) == 0 {
			return rounds, fmt.Errorf("conformance: go vet failed and named no package:\n%s", firstLines(string(out), 30))
		}
		r.logf("conformance: go vet round %d: %d packages failed, %d pages excluded", rounds, len(failed), sum(blamed))
		targets = targets[:0]
		for _, dir := range sortedKeys(failed) {
			u := r.byDir[dir]
			if blamed[dir] == 0 || rounds >= r.opt.MaxRounds {
				// Nothing to exclude, or out of rounds: the package fails.
				r.dropUnit(u, unblamed[dir])
				continue
			}
			r.generate(u)
			if err := r.writeUnit(u); err != nil {
				return rounds, err
			}
			if len(u.files) > 0 {
				targets = append(targets, "./"+u.dir)
			}
		}
	}
	for _, u := range r.units {
		if len(u.files) == 0 {
			continue
		}
		for _, p := range u.active() {
			p.res.Compiled = true
		}
	}
	return rounds, nil
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// dropUnit fails every active page of a package and removes it from the
// module.
func (r *runner) dropUnit(u *unit, msg string) {
	if msg == "" {
		msg = "package " + u.dir + " does not build"
	}
	for _, p := range u.active() {
		p.fail(msg)
		p.out = true
	}
	u.files = nil
	_ = os.RemoveAll(filepath.Join(r.work, u.dir))
}

type testEvent struct {
	Action     string
	Package    string
	ImportPath string
	Test       string
	Output     string
}

var testSuffixes = templates.TestSuffixes

// test runs go test -json over the module and attributes tests to pages.
func (r *runner) test() error {
	var live []*unit
	for _, u := range r.units {
		if len(u.files) > 0 {
			live = append(live, u)
		}
	}
	if len(live) == 0 {
		return nil
	}
	// The packages are vetted already; -s -w and more parallel jobs than
	// cores make linking hundreds of small test binaries cheaper.
	// The fake logs every request it receives there (see request.go).
	wireDir := filepath.Join(r.work, ".wire")
	if err := os.RemoveAll(wireDir); err != nil {
		return err
	}
	if err := os.MkdirAll(wireDir, 0o755); err != nil {
		return err
	}
	env := r.env
	r.env = append(append([]string(nil), env...), acsfake.EnvWireLog+"="+wireDir)
	defer func() { r.env = env }()
	out, err := r.goCmd("test", "-json", "-trimpath", "-vet=off", "-ldflags=-s -w", "-p="+strconv.Itoa(2*runtime.NumCPU()), "-timeout=5m", "./...")
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return fmt.Errorf("conformance: go test: %v", err)
		}
	}
	type tkey struct{ pkg, test string }
	outputs := map[tkey][]string{}
	results := map[tkey]string{}
	var order []tkey
	pkgOut := map[string][]string{}
	pkgFail := map[string]bool{}
	buildOut := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	parsed := 0
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var ev testEvent
		if json.Unmarshal(line, &ev) != nil {
			continue
		}
		parsed++
		switch {
		case ev.Action == "build-output":
			ip, _, _ := strings.Cut(ev.ImportPath, " ")
			dir := strings.TrimPrefix(ip, "conftest/")
			buildOut[dir] = append(buildOut[dir], ev.Output)
			continue
		case ev.Action == "build-fail":
			continue
		}
		dir := strings.TrimPrefix(ev.Package, "conftest/")
		if ev.Test == "" {
			if ev.Action == "output" {
				pkgOut[dir] = append(pkgOut[dir], ev.Output)
			}
			if ev.Action == "fail" {
				pkgFail[dir] = true
			}
			continue
		}
		top, _, _ := strings.Cut(ev.Test, "/")
		k := tkey{dir, top}
		switch ev.Action {
		case "output":
			outputs[k] = append(outputs[k], ev.Output)
		case "pass", "fail", "skip":
			if ev.Test == top {
				if _, seen := results[k]; !seen {
					order = append(order, k)
				}
				results[k] = ev.Action
			}
		}
	}
	if parsed == 0 {
		return fmt.Errorf("conformance: go test produced no JSON:\n%s", firstLines(string(out), 30))
	}
	// Build failures go test saw (vet should have caught them).
	for dir, lines := range buildOut {
		u := r.byDir[dir]
		if u == nil {
			continue
		}
		msgs, _ := parseBuild(strings.Join(lines, ""))
		blamed := false
		for _, m := range msgs {
			if p := u.pageOfFile(m.file); p != nil {
				blamed = true
				p.res.Compiled = false
				p.fail(m.file + ": " + m.msg)
			}
		}
		if !blamed && pkgFail[dir] {
			for _, p := range u.active() {
				p.res.Compiled = false
				p.fail("go test: build failed: " + firstLines(strings.Join(lines, ""), 1))
			}
		}
	}
	type tally struct{ run, failed int }
	tallies := map[*page]*tally{}
	for _, k := range order {
		u := r.byDir[k.pkg]
		if u == nil {
			continue
		}
		p := u.pageOfTest(k.test)
		if p == nil {
			continue
		}
		t := tallies[p]
		if t == nil {
			t = &tally{}
			tallies[p] = t
		}
		t.run++
		p.res.Tests++
		r.noteOfficial(p, k.test, results[k], outputs[k])
		if results[k] == "pass" && k.test == "Test"+naming.Exported(p.res.Action)+"Client" {
			p.res.ClientCalled = true
		}
		if results[k] == "fail" {
			t.failed++
			p.res.FailedTests = append(p.res.FailedTests, k.test)
			p.fail(firstTestLine(outputs[k], k.test))
		}
	}
	for _, u := range live {
		for _, p := range u.active() {
			if !p.res.Compiled {
				continue
			}
			t := tallies[p]
			switch {
			case t == nil || t.run == 0:
				if pkgFail[u.dir] {
					p.fail("go test: package failed: " + firstTestLine(pkgOut[u.dir], ""))
				} else {
					p.fail("no generated tests ran")
				}
			case t.failed == 0:
				p.res.TestsPassed = true
			}
		}
	}
	return nil
}

// pageOfTest finds the page a test belongs to: Test<Action><suffix>, or
// else the page whose Action the name contains (the longest such Action).
func (u *unit) pageOfTest(test string) *page {
	var best *page
	for _, p := range u.active() {
		act := naming.Exported(p.res.Action)
		for _, s := range testSuffixes {
			if test == "Test"+act+s {
				return p
			}
		}
		if strings.Contains(test, p.res.Action) && (best == nil || len(p.res.Action) > len(best.res.Action)) {
			best = p
		}
	}
	return best
}

// firstTestLine is the first meaningful output line of a failed test;
// when it introduces a diff ("...(-want +got):"), the diff's first changed
// line is added.
func firstTestLine(lines []string, test string) string {
	for i, l := range lines {
		s := strings.TrimSpace(l)
		if s == "" || strings.HasPrefix(s, "=== ") || strings.HasPrefix(s, "--- ") || s == "FAIL" || strings.HasPrefix(s, "FAIL\t") || strings.HasPrefix(s, "ok ") {
			continue
		}
		if strings.HasSuffix(s, ":") {
			for _, d := range lines[i+1:] {
				d = strings.TrimSpace(d)
				if strings.HasPrefix(d, "--- ") || strings.HasPrefix(d, "=== ") {
					break
				}
				if strings.HasPrefix(d, "-") || strings.HasPrefix(d, "+") {
					s += " " + strings.Join(strings.Fields(d), " ")
					break
				}
			}
		}
		if test != "" {
			return test + ": " + s
		}
		return s
	}
	if test != "" {
		return test + ": failed"
	}
	return "failed"
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
