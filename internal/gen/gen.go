// Package gen runs the pipeline for a set of pages: parse, resolve, emit,
// format. It returns file contents and diagnostics and writes nothing.
package gen

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

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
}

// Load parses and resolves one page.
func Load(src Source) *spec.Page {
	p := parser.Parse(src.Name, src.Data)
	if !spec.HasErrors(p.Diagnostics) {
		resolve.Page(p)
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
	// the other pages.
	Product, Version string
}

// Result is a generated package.
type Result struct {
	Files       map[string][]byte // file name → contents
	Pages       []*spec.Page
	Diagnostics []spec.Diagnostic // every page's, sorted
}

// Package generates one Go package from pages. Files are produced only when
// no page has an error.
func Package(srcs []Source, opt Options) *Result {
	var pages []*spec.Page
	for _, s := range srcs {
		pages = append(pages, Load(s))
	}
	return Generate(pages, opt)
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
		goName, stem := naming.Exported(p.Action), naming.FileName(p.Action)
		_ = claim(p, "action "+p.Action, func(first *spec.Page) string {
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
	res.Diagnostics = append(res.Diagnostics, inferProducts(pages, opt.Product)...)
	res.Diagnostics = append(res.Diagnostics, inferVersions(pages, opt.Version)...)
	spec.SortDiagnostics(res.Diagnostics)
	names := templates.NewNames()
	var actions []string
	for _, p := range pages {
		names.Plan(p)
		actions = append(actions, p.Action)
	}
	for _, p := range pages {
		stem := naming.FileName(p.Action)
		src := p.File
		if opt.HeaderName != nil {
			src = opt.HeaderName(p.File)
		}
		res.render(stem+".gen.go", p, names.PageFile(opt.Package, src, p))
		res.render(stem+".gen_test.go", p, names.PageTestFile(opt.Package, src, p))
	}
	docName := opt.DocName
	if docName == "" {
		docName = "its pages"
	}
	res.render("doc.gen.go", nil, templates.DocFile(opt.Package, docName, opt.Generate, actions))
	spec.SortDiagnostics(res.Diagnostics)
	if spec.HasErrors(res.Diagnostics) {
		res.Files = map[string][]byte{}
	}
	return res
}

// render formats one file; a render failure is an error at the page.
func (res *Result) render(name string, p *spec.Page, f *jen.File) {
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		pos := spec.Pos{File: name}
		if p != nil {
			pos = p.ActionPos
		}
		res.Diagnostics = append(res.Diagnostics, spec.Diagnostic{Pos: pos, Severity: spec.Error, Msg: "generated code does not format: " + err.Error()})
		return
	}
	res.Files[name] = b.Bytes()
}

// inferProducts gives a page that names no product code (no OpenAPI
// Explorer link) flag, else the code of the other pages of the run when they
// all name the same one, with a warning; with neither, a warning that the
// client needs Config.Endpoint. The package name is never a product code.
func inferProducts(pages []*spec.Page, flag string) []spec.Diagnostic {
	seen := map[string]bool{}
	var codes []string
	for _, p := range pages {
		if p.Product != "" && !seen[p.Product] {
			seen[p.Product] = true
			codes = append(codes, p.Product)
		}
	}
	sort.Strings(codes)
	var out []spec.Diagnostic
	warn := func(p *spec.Page, msg string) {
		out = append(out, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning, Msg: msg})
	}
	for _, p := range pages {
		if p.Product != "" {
			continue
		}
		switch {
		case flag != "":
			p.Product = flag
			warn(p, "the page names no product code; using "+flag+" from -product")
		case len(codes) == 1:
			p.Product = codes[0]
			warn(p, "the page names no product code; using "+codes[0]+", the product of the other pages of this run")
		case len(codes) > 1:
			warn(p, "the page names no product code and the other pages of this run name several ("+strings.Join(codes, ", ")+"): give cccgen -product; until then calling "+p.Action+" needs acsrt.Config.Endpoint")
		default:
			warn(p, "the page names no product code and no other page of this run does: give cccgen -product; until then calling "+p.Action+" needs acsrt.Config.Endpoint")
		}
	}
	return out
}

// inferVersions gives a page that names no API version flag (-version),
// else the version most pages of its product name (the newest on a tie),
// with a warning; the client needs one to call the API.
func inferVersions(pages []*spec.Page, flag string) []spec.Diagnostic {
	count := map[string]map[string]int{}
	for _, p := range pages {
		if p.Version == "" {
			continue
		}
		if count[p.Product] == nil {
			count[p.Product] = map[string]int{}
		}
		count[p.Product][p.Version]++
	}
	var out []spec.Diagnostic
	for _, p := range pages {
		if p.Version != "" || p.Style == "SLS" {
			continue // Log Service sends x-log-apiversion, not an API version
		}
		if flag != "" {
			p.Version = flag
			out = append(out, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning,
				Msg: "the page names no API version; using " + flag + " from -version"})
			continue
		}
		best, n := "", 0
		for v, c := range count[p.Product] {
			if c > n || c == n && v > best {
				best, n = v, c
			}
		}
		if best == "" {
			out = append(out, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning,
				Msg: "the page names no API version and no other page of its product does: give cccgen -version; until then calling " + p.Action + " needs acsrt.Config.DefaultVersion"})
			continue
		}
		p.Version = best
		out = append(out, spec.Diagnostic{Pos: p.ActionPos, Severity: spec.Warning,
			Msg: "the page names no API version; using " + best + ", the version of the other pages of its product"})
	}
	return out
}
