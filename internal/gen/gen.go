// Package gen runs the pipeline for a set of pages: parse, resolve, emit,
// format. It returns file contents and diagnostics and writes nothing.
package gen

import (
	"bytes"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/internal/resolve"
	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
	"github.com/cccgen/cccgen/templates"
	"github.com/dave/jennifer/jen"
)

// Source is one page to generate from.
type Source struct {
	Name string // as shown in diagnostics and headers (slash-separated)
	Data []byte
	// Found tells that the file was found in a directory rather than named:
	// when it documents no API (spec.Page.NotAPI) it is skipped, not an error.
	Found bool
}

// Load parses and resolves one page.
func Load(src Source) *spec.Page { return load(src, resolve.Hints{}) }

func load(src Source, h resolve.Hints) *spec.Page {
	p := parser.Parse(src.Name, src.Data)
	if !spec.HasErrors(p.Diagnostics) {
		resolve.PageWith(p, h)
	}
	spec.SortDiagnostics(p.Diagnostics)
	return p
}

// Options for one output package.
type Options struct {
	Package  string // Go package name
	Generate string // the go:generate command line for doc.go; "" for none
	DocName  string // what doc.go says it was generated from
	// HeaderName names a page in the generated file header; nil uses the
	// page's name as given.
	HeaderName func(file string) string
	// Product and Version are the endpoint product code and API version of
	// pages that name none (cccgen -product, -version); "" infers them from
	// the other pages. A page whose request example calls another product's
	// host is that product's, and takes neither (see resolve.Package).
	Product, Version string
	// Siblings are other copies of the pages' APIs (a docs repository keeps
	// old and new copies of a page in different folders): read, never
	// generated. A page without an OpenAPI Explorer link takes the request
	// parameter spellings of a sibling that has one (see resolve.Respell).
	Siblings []Source
}

// Result is a generated package.
type Result struct {
	Files       map[string][]byte // file name → contents
	Pages       []*spec.Page
	Diagnostics []spec.Diagnostic // every page's, sorted
	// Skipped are the files not generated: found files that document no
	// API, and the copies of an Action left out for another (pickCopies).
	Skipped []Skipped
	// Loaded are all the pages Package read, in the order of its sources
	// (Pages holds those generated).
	Loaded []*spec.Page
}

// Package generates one Go package from pages. Files are produced only when
// no page has an error.
//
// Found files that document no API are skipped; an Action documented more
// than once is generated from one copy (see pickCopies), the others serving
// as siblings. Result.Skipped lists both.
func Package(srcs []Source, opt Options) *Result {
	var pages []*spec.Page
	var skipped []Skipped
	// Pages parse and resolve independently: on every core, in source order.
	loaded := make([]*spec.Page, len(srcs))
	parallel(len(srcs), func(i int) { loaded[i] = Load(srcs[i]) })
	var apis []int // the sources that are API pages
	for i, s := range srcs {
		if s.Found && loaded[i].NotAPI {
			skipped = append(skipped, Skipped{File: loaded[i].File, Reason: NotAPIReason})
			continue
		}
		apis = append(apis, i)
		pages = append(pages, loaded[i])
	}
	// What the pages tell of each other (the product's envelope): the pages
	// it would change are resolved again knowing it.
	env, wrapped := resolve.Envelope(pages), resolve.ListsWrapped(pages)
	actions := map[string]bool{}
	for _, p := range pages {
		if p.Action != "" {
			actions[p.Action] = true
		}
	}
	h := resolve.Hints{Top: env, Wrapped: wrapped, Actions: actions}
	parallel(len(apis), func(k int) {
		if i := apis[k]; resolve.Misplaced(pages[k], env) || wrapped && resolve.BareList(pages[k]) || resolve.OtherAPIExample(pages[k], actions) {
			loaded[i] = load(srcs[i], h)
			pages[k] = loaded[i]
		}
	})
	pages, copies, dups := pickCopies(pages)
	skipped = append(skipped, dups...)
	sibs := copies
	for _, s := range opt.Siblings {
		sibs = append(sibs, Load(s))
	}
	if len(sibs) > 0 {
		resolve.Respell(pages, sibs)
	}
	res := Generate(pages, opt)
	sort.SliceStable(skipped, func(i, j int) bool { return skipped[i].File < skipped[j].File })
	res.Skipped = skipped
	res.Loaded = loaded
	return res
}

// Generate emits one Go package from loaded pages.
func Generate(loaded []*spec.Page, opt Options) *Result {
	res := &Result{Files: map[string][]byte{}, Pages: loaded}
	for _, p := range loaded {
		res.Diagnostics = append(res.Diagnostics, p.Diagnostics...)
	}
	// Pages in Action order, so names do not depend on argument order.
	pages := append([]*spec.Page(nil), res.Pages...)
	sort.SliceStable(pages, func(i, j int) bool {
		if pages[i].Action != pages[j].Action {
			return pages[i].Action < pages[j].Action
		}
		return pages[i].File < pages[j].File
	})
	// Two pages may not share an Action, the Go name of an Action, or a
	// file name: the first page in Action order keeps it.
	taken := map[string]*spec.Page{}
	claim := func(p *spec.Page, key string, msg func(first *spec.Page) string) bool {
		if first, dup := taken[key]; dup {
			res.Diagnostics = append(res.Diagnostics, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Error, Msg: msg(first)})
			return false
		}
		taken[key] = p
		return true
	}
	for _, p := range pages {
		if spec.HasErrors(p.Diagnostics) {
			continue
		}
		goName := templates.APIName(p)
		stem := naming.FileName(goName)
		_ = claim(p, "action "+strings.ToLower(p.Product)+" "+p.Action, func(first *spec.Page) string {
			return fmt.Sprintf("Action %s is already generated into package %s from %s", p.Action, opt.Package, first.File)
		}) && claim(p, "go "+goName, func(first *spec.Page) string {
			return fmt.Sprintf("Action %s would share the Go name %s with %s", p.Action, goName, first.Action)
		}) && claim(p, "file "+stem, func(first *spec.Page) string {
			return fmt.Sprintf("Action %s would share the file name %s.gen.go with %s", p.Action, stem, first.Action)
		})
	}
	spec.SortDiagnostics(res.Diagnostics)
	if spec.HasErrors(res.Diagnostics) {
		return res
	}
	res.Diagnostics = append(res.Diagnostics, resolve.Package(pages, opt.Product, opt.Version)...)
	spec.SortDiagnostics(res.Diagnostics)
	names := templates.NewPlan()
	names.PlanAll(pages)
	var actions []string
	for _, p := range pages {
		a := p.Action
		if p.GoName != "" {
			a += " (" + p.Product + "'s, as " + p.GoName + ")"
		}
		actions = append(actions, a)
	}
	var files []pending
	for _, p := range pages {
		stem := naming.FileName(templates.APIName(p))
		src := p.File
		if opt.HeaderName != nil {
			src = opt.HeaderName(p.File)
		}
		files = append(files, pending{stem + ".gen.go", p, names.PageFile(opt.Package, src, p)},
			pending{stem + ".gen_test.go", p, names.PageTestFile(opt.Package, src, p)})
	}
	docName := opt.DocName
	if docName == "" {
		docName = "its pages"
	}
	files = append(files, pending{"doc.gen.go", nil, templates.DocFile(opt.Package, docName, opt.Generate, actions)})
	// The trees are built (names planned and claimed) one after another;
	// rendering and formatting them reads only the tree: on every core, the
	// results taken in file order.
	out := make([]rendered, len(files))
	parallel(len(files), func(i int) { out[i] = render(files[i]) })
	for _, r := range out {
		if r.diag != nil {
			res.Diagnostics = append(res.Diagnostics, *r.diag)
			continue
		}
		res.Files[r.name] = r.src
	}
	spec.SortDiagnostics(res.Diagnostics)
	if spec.HasErrors(res.Diagnostics) {
		res.Files = map[string][]byte{}
	}
	return res
}

// pending is a file whose tree is built, to be rendered.
type pending struct {
	name string
	page *spec.Page // nil for doc.gen.go
	file *jen.File
}

// rendered is a pending file's source, or the error at its page.
type rendered struct {
	name string
	src  []byte
	diag *spec.Diagnostic
}

// render formats one file; a render failure is an error at the page.
func render(f pending) rendered {
	var b bytes.Buffer
	if err := f.file.Render(&b); err != nil {
		pos := spec.Pos{File: f.name}
		if f.page != nil {
			pos = f.page.ActionPos
		}
		return rendered{name: f.name, diag: &spec.Diagnostic{Pos: pos, Severity: spec.Error, Msg: "generated code does not format: " + err.Error()}}
	}
	return rendered{name: f.name, src: b.Bytes()}
}

// parallel runs f(0) … f(n-1) on GOMAXPROCS goroutines and waits for them.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}
