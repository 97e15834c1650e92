// Package cli is the cccgen command: flags, reading pages, writing or
// checking the generated packages.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/internal/openapi"
	"github.com/cccgen/cccgen/internal/pagefiles"
	"github.com/cccgen/cccgen/internal/udiff"
	"github.com/cccgen/cccgen/internal/writeout"
	"github.com/cccgen/cccgen/spec"
)

const usage = `usage: cccgen [flags] <page.md|dir>...

Generates a Go package of request/response types, query codecs and tests
from Alibaba Cloud API reference pages. With no arguments, run in the
repository root, it regenerates generated/<product> from docs/<product>.

Flags:
`

// Exit codes.
const (
	ExitOK    = 0
	ExitFail  = 1 // diagnostics, or stale output with -check
	ExitUsage = 2
)

// flagWord is what -product and -version accept.
var flagWord = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// job is one output package and the pages it comes from.
type job struct {
	out    string           // output directory
	pkg    string           // package name
	inputs []string         // the arguments naming its pages (files or directories)
	pages  []pagefiles.File // page files
	gogen  bool             // emit a go:generate line in doc.gen.go
	// exclude are the -exclude patterns (also written into the go:generate line).
	exclude []string
	// product and version (-product, -version) for pages that name none.
	product, version string
}

// options are the command's flags, parsed and checked.
type options struct {
	out, pkg, product, version                        string
	check, spec, lint, verbose, gogen, openapi, clean bool
	quiet                                             bool
	lintOpts                                          lintFlags
	exclude                                           pagefiles.Excludes
	args                                              []string
	usage                                             func()
}

// Run runs cccgen with args (without the program name): it parses the
// flags, plans the output packages, generates them on every core, and
// hands the results to the mode asked for (-spec, -openapi, -lint,
// -check, or writing the files).
func Run(args []string, stdout, stderr io.Writer) int {
	o, code := parseFlags(args, stderr)
	if o == nil {
		return code
	}
	jobs, code := planJobs(o, stderr)
	if jobs == nil {
		return code
	}
	results, diags, failed, err := generateJobs(jobs, o)
	if err != nil {
		fmt.Fprintf(stderr, "cccgen: %v\n", err)
		return ExitFail
	}
	switch {
	case o.spec:
		return runSpec(stdout, stderr, results, diags, failed)
	case o.openapi:
		return runOpenAPI(stdout, stderr, results, diags, failed, o.verbose)
	case o.lint:
		return runLint(stdout, stderr, jobs, results, o.lintOpts, o.quiet)
	}
	printDiags(stderr, diags, o.verbose)
	if failed {
		return ExitFail
	}
	if o.check {
		return runCheck(stdout, stderr, jobs, results)
	}
	return runWrite(stderr, jobs, results, o)
}

// parseFlags parses and checks the flags; a nil options comes with the
// exit code to return.
func parseFlags(args []string, stderr io.Writer) (*options, int) {
	fs := flag.NewFlagSet("cccgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	o := &options{usage: fs.Usage}
	fs.StringVar(&o.out, "o", "", "output directory (default: the current directory)")
	fs.StringVar(&o.pkg, "pkg", "", "Go package name (default: from the output directory's name)")
	fs.BoolVar(&o.check, "check", false, "write nothing; print a unified diff of every stale or missing file and exit 1 if any")
	fs.BoolVar(&o.spec, "spec", false, "print the parsed and resolved spec of the pages as JSON; write nothing")
	fs.BoolVar(&o.lint, "lint", false, "print every problem found in the pages, warnings included, grouped by page with how to fix each, and a summary; write nothing")
	o.lintOpts = addLintFlags(fs)
	fs.BoolVar(&o.verbose, "v", false, "also print warnings when generating")
	fs.BoolVar(&o.gogen, "gogenerate", false, "add a //go:generate line that reruns this command to the package's doc.gen.go")
	fs.BoolVar(&o.openapi, "openapi", false, "print an OpenAPI 3.0.3 document (JSON) of the pages' APIs; write nothing")
	fs.BoolVar(&o.clean, "clean", false, "remove files cccgen generated earlier (they carry its header) that no page produces any more")
	fs.StringVar(&o.product, "product", "", "endpoint product code (e.g. Cms) for pages that name none (default: the other pages' code)")
	fs.StringVar(&o.version, "version", "", "API version (e.g. 2019-01-01) for pages that name none (default: the other pages' version)")
	fs.BoolVar(&o.quiet, "q", false, "print no summary line on success")
	fs.Var(&o.exclude, "exclude", "leave out the files and folders of a page folder that match this glob (repeatable; also read from the folder's "+pagefiles.IgnoreFile+")")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, ExitOK
		}
		return nil, ExitUsage
	}
	o.args = fs.Args()
	if err := o.lintOpts.check(o.lint); err != nil {
		fmt.Fprintf(stderr, "cccgen: %v\n", err)
		return nil, ExitUsage
	}
	if o.pkg != "" && (!token.IsIdentifier(o.pkg) || token.IsKeyword(o.pkg)) {
		fmt.Fprintf(stderr, "cccgen: -pkg %q is not a valid Go package name\n", o.pkg)
		return nil, ExitUsage
	}
	if o.product != "" && !flagWord.MatchString(o.product) {
		fmt.Fprintf(stderr, "cccgen: -product %q: want a product code such as Cms or waf-openapi\n", o.product)
		return nil, ExitUsage
	}
	if o.version != "" && !flagWord.MatchString(o.version) {
		fmt.Fprintf(stderr, "cccgen: -version %q: want an API version such as 2019-01-01\n", o.version)
		return nil, ExitUsage
	}
	if len(o.args) == 0 && (o.product != "" || o.version != "") {
		fmt.Fprintln(stderr, "cccgen: -product and -version need pages on the command line")
		return nil, ExitUsage
	}
	return o, ExitOK
}

// planJobs decides the output packages and finds their page files: the
// repository's docs/<pkg> folders with no arguments, else one package of
// the pages named. A nil slice comes with the exit code to return.
func planJobs(o *options, stderr io.Writer) ([]*job, int) {
	var jobs []*job
	if len(o.args) == 0 {
		if !ownRepo() {
			fmt.Fprintln(stderr, "cccgen: no pages given: name page files or a docs folder (with no arguments cccgen only regenerates its own repository)")
			o.usage()
			return nil, ExitUsage
		}
		j, err := repoJobs()
		if err != nil {
			fmt.Fprintf(stderr, "cccgen: %v\n", err)
			o.usage()
			return nil, ExitUsage
		}
		jobs = j
	} else {
		dir := o.out
		if dir == "" {
			dir = "."
		}
		name := o.pkg
		if name == "" {
			abs, err := filepath.Abs(dir)
			if err != nil {
				fmt.Fprintf(stderr, "cccgen: %v\n", err)
				return nil, ExitUsage
			}
			name = naming.PackageName(filepath.Base(abs))
		}
		jobs = []*job{{out: dir, pkg: name, inputs: o.args, gogen: o.gogen, product: o.product, version: o.version, exclude: o.exclude}}
	}
	var diags []spec.Diagnostic
	for _, j := range jobs {
		pages, ds, err := pagefiles.Expand(j.inputs, o.exclude)
		if err != nil {
			fmt.Fprintf(stderr, "cccgen: %v\n", err)
			return nil, ExitUsage
		}
		j.pages = pages
		diags = append(diags, ds...)
	}
	if len(diags) > 0 {
		printDiags(stderr, diags, false)
		return nil, ExitFail
	}
	return jobs, ExitOK
}

// generateJobs runs the jobs (one per output package) on every core; results
// keep job order, so the output and the diagnostics do not depend on
// timing. diags are every job's, sorted; failed says some are errors.
func generateJobs(jobs []*job, o *options) (results []*outcome, diags []spec.Diagnostic, failed bool, err error) {
	results = make([]*outcome, len(jobs))
	errs := make([]error, len(jobs))
	// The run cache serves plain generation and -check; -lint, -spec and
	// -v need the pages' diagnostics, so they always run the pipeline;
	// so does -openapi, which needs the pages.
	useCache := !o.lint && !o.spec && !o.verbose && !o.openapi
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = run(j, useCache)
		}()
	}
	wg.Wait()
	for i, res := range results {
		if errs[i] != nil {
			return nil, nil, false, errs[i]
		}
		diags = append(diags, res.Diagnostics...)
		if spec.HasErrors(res.Diagnostics) {
			failed = true
		}
	}
	spec.SortDiagnostics(diags)
	return results, diags, failed, nil
}

// allPages are the results' pages in job order.
func allPages(results []*outcome) []*spec.Page {
	var pages []*spec.Page
	for _, r := range results {
		pages = append(pages, r.Pages...)
	}
	return pages
}

// runSpec is -spec: the pages' specs as JSON.
func runSpec(stdout, stderr io.Writer, results []*outcome, diags []spec.Diagnostic, failed bool) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(allPages(results)); err != nil {
		fmt.Fprintf(stderr, "cccgen: %v\n", err)
		return ExitFail
	}
	printDiags(stderr, diags, false)
	if failed {
		return ExitFail
	}
	return ExitOK
}

// runOpenAPI is -openapi: the pages' APIs as one OpenAPI document.
func runOpenAPI(stdout, stderr io.Writer, results []*outcome, diags []spec.Diagnostic, failed, verbose bool) int {
	printDiags(stderr, diags, verbose)
	if failed {
		return ExitFail
	}
	doc, ds := openapi.Export(allPages(results))
	printDiags(stderr, ds, verbose)
	if spec.HasErrors(ds) {
		return ExitFail
	}
	if _, err := stdout.Write(doc); err != nil {
		fmt.Fprintf(stderr, "cccgen: %v\n", err)
		return ExitFail
	}
	return ExitOK
}

// runCheck is -check: a unified diff of every stale or missing file, and
// each file no page generates any more; exit 1 if there is any.
func runCheck(stdout, stderr io.Writer, jobs []*job, results []*outcome) int {
	stale := false
	for i, j := range jobs {
		for _, name := range leftovers(j.out, results[i].Files) {
			stale = true
			fmt.Fprintf(stdout, "cccgen: %s is no longer generated by any page (cccgen -clean removes it)\n", displayPath(filepath.Join(j.out, name)))
		}
		for _, name := range writeout.Changed(j.out, results[i].Files) {
			stale = true
			path := displayPath(filepath.Join(j.out, name))
			old, err := os.ReadFile(filepath.Join(j.out, name))
			if err != nil {
				fmt.Fprintf(stdout, "cccgen: %s is missing\n", path)
			}
			a, b := "a/"+path, "b/"+path
			if filepath.IsAbs(path) {
				a, b = path, path // outside the current directory: no a/ b/ prefixes
			}
			fmt.Fprint(stdout, udiff.Unified(a, b, string(old), string(results[i].Files[name])))
		}
	}
	if stale {
		fmt.Fprintln(stderr, "cccgen: generated files are stale; run cccgen to regenerate them")
		return ExitFail
	}
	return ExitOK
}

// runWrite writes the output directories (concurrently: each write waits
// on the disk's syncs; the first failure in job order is reported), with
// -clean removes what no page generates, and prints the summary lines.
func runWrite(stderr io.Writer, jobs []*job, results []*outcome, o *options) int {
	werrs := make([]error, len(jobs))
	written := make([][]string, len(jobs))
	removed := make([][]string, len(jobs))
	var wwg sync.WaitGroup
	wsem := make(chan struct{}, runtime.GOMAXPROCS(0)+2)
	for i, j := range jobs {
		var stale func() []string
		if o.clean {
			files := results[i].Files
			stale = func() []string { return leftovers(j.out, files) }
		}
		wwg.Add(1)
		wsem <- struct{}{}
		go func() {
			defer func() { <-wsem; wwg.Done() }()
			written[i], removed[i], werrs[i] = writeout.Replace(j.out, results[i].Files, stale)
		}()
	}
	wwg.Wait()
	for _, err := range werrs {
		if err != nil {
			fmt.Fprintf(stderr, "cccgen: %v\n", err)
			return ExitFail
		}
	}
	for i, j := range jobs {
		for _, name := range removed[i] {
			fmt.Fprintf(stderr, "cccgen: removed %s (no page generates it now)\n", displayPath(filepath.Join(j.out, name)))
		}
		if !o.clean {
			for _, name := range leftovers(j.out, results[i].Files) {
				fmt.Fprintf(stderr, "cccgen: %s is no longer generated by any page; -clean removes it\n", displayPath(filepath.Join(j.out, name)))
			}
		}
		if o.verbose {
			for _, sk := range results[i].Skipped {
				fmt.Fprintf(stderr, "cccgen: skipped %s: %s\n", sk.File, sk.Reason)
			}
		}
		if !o.quiet {
			fmt.Fprintln(stderr, summary(j, results[i], len(written[i])))
		}
	}
	return ExitOK
}

// summary is the line a successful run prints for one output package.
func summary(j *job, res *outcome, written int) string {
	apis, warnings := res.apis, res.warnings
	line := fmt.Sprintf("cccgen: %s: %d %s, %d %s, %d %s written, %d unchanged", displayPath(j.out), len(j.pages), plural(len(j.pages), "page", "pages"), apis, plural(apis, "API", "APIs"),
		written, plural(written, "file", "files"), len(res.Files)-written)
	if n := len(res.Skipped); n > 0 {
		notAPI, copies := 0, 0
		for _, sk := range res.Skipped {
			if sk.Reason == gen.NotAPIReason {
				notAPI++
			} else {
				copies++
			}
		}
		var parts []string
		if notAPI > 0 {
			parts = append(parts, fmt.Sprintf("%d not API %s", notAPI, plural(notAPI, "page", "pages")))
		}
		if copies > 0 {
			parts = append(parts, fmt.Sprintf("%d other %s of an API", copies, plural(copies, "copy", "copies")))
		}
		line += fmt.Sprintf(", %d skipped (%s)", n, strings.Join(parts, ", "))
	}
	line += fmt.Sprintf(", %d %s", warnings, plural(warnings, "warning", "warnings"))
	if warnings > 0 || len(res.Skipped) > 0 {
		line += " (-v lists them)"
	}
	return line
}

// outcome is one package's run: the generated result and its counts (kept
// by the run cache, which keeps no pages).
type outcome struct {
	*gen.Result
	apis, warnings int
}

func newOutcome(res *gen.Result) *outcome {
	o := &outcome{Result: res}
	o.apis = len(res.Pages)
	for _, d := range res.Diagnostics {
		if d.Severity == spec.Warning {
			o.warnings++
		}
	}
	return o
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// displayPath names a path as the user would: relative to the current
// directory when it is below it, else as given, slash-separated.
func displayPath(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(wd, p); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				p = r
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// ownRepo reports whether the current directory is the root of cccgen's
// own module, the only place where cccgen with no arguments regenerates
// generated/ from docs/.
func ownRepo() bool { return moduleAt("go.mod") == ownModule }

const ownModule = "github.com/cccgen/cccgen"

// moduleAt returns the module path a go.mod file declares, or "".
func moduleAt(gomod string) string {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// inOwnModule reports whether the current directory is inside cccgen's own
// module (the nearest go.mod up the tree declares it): there a go:generate
// line runs cccgen with go run, elsewhere as a tool of the user's module.
func inOwnModule() bool {
	dir, err := os.Getwd()
	if err != nil {
		return false
	}
	for {
		gomod := filepath.Join(dir, "go.mod")
		if _, err := os.Stat(gomod); err == nil {
			return moduleAt(gomod) == ownModule
		}
		up := filepath.Dir(dir)
		if up == dir {
			return false
		}
		dir = up
	}
}

// leftovers lists the Go files in dir that carry cccgen's header but that
// no page generates now.
func leftovers(dir string, files map[string][]byte) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || files[name] != nil {
			continue
		}
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		head := make([]byte, 64)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if strings.HasPrefix(string(head[:n]), "// Code generated by cccgen ") {
			out = append(out, name)
		}
	}
	return out
}

func printDiags(w io.Writer, diags []spec.Diagnostic, warnings bool) {
	for _, d := range diags {
		if d.Severity == spec.Error || warnings {
			fmt.Fprintln(w, d.String())
		}
	}
}

// repoJobs maps docs/<product> to generated/<product>.
func repoJobs() ([]*job, error) {
	ents, err := os.ReadDir("docs")
	if err != nil {
		return nil, fmt.Errorf("no pages given and no docs/ directory here")
	}
	var jobs []*job
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		in := filepath.Join("docs", e.Name())
		mds, _ := filepath.Glob(filepath.Join(in, "*.md"))
		if len(mds) == 0 {
			continue
		}
		jobs = append(jobs, &job{out: filepath.Join("generated", e.Name()), pkg: naming.PackageName(e.Name()), inputs: []string{in}, gogen: true})
	}
	if len(jobs) == 0 {
		return nil, fmt.Errorf("docs/ holds no product directory with pages")
	}
	return jobs, nil
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func run(j *job, useCache bool) (out *outcome, err error) {
	var res *gen.Result
	var srcs []gen.Source
	var refused []spec.Diagnostic
	for _, p := range j.pages {
		data, diag, err := pagefiles.Read(p.Path)
		if err != nil {
			return nil, err
		}
		if diag != nil {
			refused = append(refused, *diag)
			continue
		}
		srcs = append(srcs, gen.Source{Name: filepath.ToSlash(p.Path), Data: data, Found: p.Found})
	}
	defer func() {
		if len(refused) > 0 && out != nil {
			out.Diagnostics = append(out.Diagnostics, refused...)
			spec.SortDiagnostics(out.Diagnostics)
			out.Files = map[string][]byte{}
		}
	}()
	opt := gen.Options{Package: j.pkg, HeaderName: func(file string) string { return relTo(j.out, file) }, Product: j.product, Version: j.version}
	var rel []string
	for _, in := range j.inputs {
		rel = append(rel, relTo(j.out, in))
	}
	sort.Strings(rel) // the same inputs in any order give the same bytes
	rel = dedupe(rel)
	opt.DocName = strings.Join(rel, ", ")
	if j.gogen {
		// The form the README recommends: cccgen as a tool of the user's
		// module; in cccgen's own repository, go run.
		cmd := "go tool cccgen"
		if inOwnModule() {
			cmd = "go run github.com/cccgen/cccgen/cmd/cccgen"
		}
		opt.Generate = cmd + " -gogenerate -o . -pkg " + j.pkg
		if j.product != "" {
			opt.Generate += " -product " + j.product
		}
		if j.version != "" {
			opt.Generate += " -version " + j.version
		}
		for _, x := range j.exclude {
			opt.Generate += " -exclude " + shellWord(x)
		}
		opt.Generate += " " + strings.Join(rel, " ")
	}
	var key string
	if useCache && len(refused) == 0 {
		key = cacheKey(j, opt, srcs)
		if c, ok := cacheLookup(key, j.out); ok {
			return &outcome{Result: &gen.Result{Files: c.files, Skipped: c.skipped}, apis: c.apis, warnings: c.warnings}, nil
		}
	}
	res = gen.Package(srcs, opt)
	if len(res.Pages) == 0 && len(res.Skipped) > 0 {
		// Every file found was skipped: an empty package is no one's wish.
		res.Diagnostics = append(res.Diagnostics, spec.Diagnostic{Pos: spec.Pos{File: filepath.ToSlash(j.inputs[0])}, Severity: spec.Error,
			Msg: fmt.Sprintf("no API pages: none of the %d files found documents an API (%s: %s)", len(res.Skipped), res.Skipped[0].File, res.Skipped[0].Reason)})
		res.Files = map[string][]byte{}
	}
	out = newOutcome(res)
	if key != "" && !spec.HasErrors(res.Diagnostics) {
		cacheStore(key, cached{files: res.Files, skipped: res.Skipped, apis: out.apis, warnings: out.warnings})
	}
	return out, nil
}

// shellWord quotes a -exclude pattern for a go:generate line when it needs it.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'\\$") {
		return s
	}
	return strconv.Quote(s)
}

// relTo names path relative to dir, slash-separated, so the same files
// get the same headers wherever cccgen runs from.
func relTo(dir, path string) string {
	ad, err1 := filepath.Abs(dir)
	ap, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if r, err := filepath.Rel(ad, ap); err == nil {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(path)
}
