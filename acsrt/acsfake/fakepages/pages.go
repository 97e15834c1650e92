// Package fakepages builds fake-service APIs from API reference pages, with
// cccgen's parser and resolver. It is apart from acsfake so that tests that
// only need the fake do not compile the generator.
package fakepages

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
)

// New starts a fake service on a loopback address serving the APIs of API
// reference pages (files, or directories whose *.md files are read), as
// APIs builds them.
func New(paths ...string) (*acsfake.Server, error) {
	apis, err := APIs(paths...)
	if err != nil {
		return nil, err
	}
	l, err := acsfake.ListenLoopback("")
	if err != nil {
		return nil, err
	}
	s, err := acsfake.NewOn(l, apis...)
	if err != nil {
		l.Close()
		return nil, err
	}
	return s, nil
}

// APIs reads pages with cccgen's parser and resolver and builds an
// API from each page's spec: product, version, action, style, ROA method
// and path, the required top-level request parameters, and the canonical
// JSON and XML response examples. A page with errors is an error naming
// its diagnostics.
func APIs(paths ...string) ([]acsfake.API, error) {
	files, err := pageFiles(paths)
	if err != nil {
		return nil, err
	}
	var apis []acsfake.API
	var errs []error
	for _, f := range files {
		p, err := loadPage(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		apis = append(apis, apiOf(p))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return apis, nil
}

// pageFiles expands directories to their *.md files, sorted, without duplicates.
func pageFiles(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, errors.New("fakepages: no pages given")
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("fakepages: %w", err)
		}
		if !st.IsDir() {
			files = append(files, filepath.Clean(p))
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("fakepages: %w", err)
		}
		n := len(files)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".md") && e.Type().IsRegular() {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
		if len(files) == n {
			return nil, fmt.Errorf("fakepages: directory %s holds no .md pages", p)
		}
	}
	sort.Strings(files)
	out := files[:0]
	for i, f := range files {
		if i == 0 || f != files[i-1] {
			out = append(out, f)
		}
	}
	return out, nil
}

// loadPage reads (at most the parser's page size limit) and loads one page.
func loadPage(path string) (*spec.Page, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("fakepages: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, parser.MaxPageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fakepages: %s: %w", path, err)
	}
	name := filepath.ToSlash(path)
	if len(data) > parser.MaxPageBytes {
		return nil, fmt.Errorf("fakepages: %s", parser.TooLarge(name, int64(len(data))))
	}
	p := gen.Load(gen.Source{Name: name, Data: data})
	var msgs []string
	for _, d := range p.Diagnostics {
		if d.Severity == spec.Error {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("fakepages: %s", strings.Join(msgs, "\n"))
	}
	if p.Action == "" {
		return nil, fmt.Errorf("fakepages: %s: the page names no Action", name)
	}
	return p, nil
}

// apiOf builds the API a loaded page describes.
func apiOf(p *spec.Page) acsfake.API {
	a := acsfake.API{
		Product:   p.Product,
		Version:   p.Version,
		Action:    p.Action,
		Style:     p.Style,
		Method:    p.Method,
		Path:      p.Path,
		XMLRooted: p.XMLRooted,
	}
	if a.Style == "" && a.Path == "" {
		a.Style = "RPC"
	}
	for _, f := range p.Request {
		if f.Required {
			a.Required = append(a.Required, f.Name)
		}
	}
	for _, e := range p.Examples {
		switch {
		case e.Kind == spec.JSONExample && a.JSON == "":
			a.JSON = e.Canonical
		case e.Kind == spec.XMLExample && a.XML == "":
			a.XML = e.Canonical
		}
	}
	return a
}
