// Package fakepages builds fake-service APIs from API reference pages, with
// cccgen's parser and resolver. It is apart from acsfake so that tests that
// only need the fake do not compile the generator.
package fakepages

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/internal/fakeapi"
	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/pagefiles"
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
// API from each page's spec as the generated client tests describe it
// (internal/fakeapi): product, version, action, style, ROA method and
// path, the required top-level request parameters, and the canonical JSON
// and XML response examples. Pages are found and read as the command finds
// them (internal/pagefiles: a folder's *.md files, sub-folders too, less
// its .cccgenignore); a file found in a folder that documents no API is
// skipped; a page with errors is an error naming its diagnostics.
func APIs(paths ...string) ([]acsfake.API, error) {
	if len(paths) == 0 {
		return nil, errors.New("fakepages: no pages given")
	}
	files, diags, err := pagefiles.Expand(paths, nil)
	if err != nil {
		return nil, fmt.Errorf("fakepages: %w", err)
	}
	if err := diagError(diags); err != nil {
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
		if p != nil {
			apis = append(apis, fakeapi.Of(p, p.Params()))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return apis, nil
}

// diagError is the error diagnostics among ds as one error, or nil.
func diagError(ds []spec.Diagnostic) error {
	var msgs []string
	for _, d := range ds {
		if d.Severity == spec.Error {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("fakepages: %s", strings.Join(msgs, "\n"))
}

// loadPage reads (at most the parser's page size limit) and loads one
// page; nil, nil for a file found in a folder that documents no API.
func loadPage(f pagefiles.File) (*spec.Page, error) {
	data, diag, err := pagefiles.Read(f.Path)
	if err != nil {
		return nil, fmt.Errorf("fakepages: %w", err)
	}
	if diag != nil {
		return nil, diagError([]spec.Diagnostic{*diag})
	}
	name := filepath.ToSlash(f.Path)
	p := gen.Load(gen.Source{Name: name, Data: data, Found: f.Found})
	if f.Found && p.NotAPI {
		return nil, nil
	}
	if err := diagError(p.Diagnostics); err != nil {
		return nil, err
	}
	if p.Action == "" {
		return nil, fmt.Errorf("fakepages: %s: the page names no Action", name)
	}
	return p, nil
}
