// Package pagefiles finds and reads API reference pages: the files named,
// and the *.md files of the folders named (sub-folders too, less what
// -exclude patterns and a folder's .cccgenignore leave out), each read up
// to the parser's size limit. The command (internal/cli) and the fake
// service's page loader (acsrt/acsfake/fakepages) both load pages with it.
package pagefiles

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
)

// IgnoreFile names the file of exclude patterns a page folder may hold.
const IgnoreFile = ".cccgenignore"

// File is one page file: named on the command line, or found in a folder
// (then a file that documents no API is skipped, not an error).
type File struct {
	Path  string
	Found bool
}

// Excludes is a repeatable -exclude flag (flag.Value): path.Match globs.
type Excludes []string

func (e *Excludes) String() string { return strings.Join(*e, ",") }

// Set adds a pattern; a malformed one is an error.
func (e *Excludes) Set(v string) error {
	if _, err := path.Match(v, ""); err != nil {
		return fmt.Errorf("bad pattern %q: %v", v, err)
	}
	*e = append(*e, v)
	return nil
}

// matcher decides which files and folders of a page folder are left out:
// patterns from -exclude and from the folder's .cccgenignore (one per
// line; blank lines and lines starting with # are skipped). A pattern is a
// path.Match glob matched against the slash-separated path relative to the
// folder and against the base name; a folder that matches is left out with
// everything in it. Hidden files and folders (".git") are always left out.
type matcher struct {
	patterns []string
}

func (m matcher) excluded(rel string) bool {
	base := path.Base(rel)
	if strings.HasPrefix(base, ".") {
		return true
	}
	for _, p := range m.patterns {
		p = strings.TrimSuffix(p, "/")
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
		if ok, _ := path.Match(p, base); ok {
			return true
		}
	}
	return false
}

// readIgnore reads the .cccgenignore of dir; a missing file is no patterns.
func readIgnore(dir string) ([]string, []spec.Diagnostic, error) {
	name := filepath.Join(dir, IgnoreFile)
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var pats []string
	var diags []spec.Diagnostic
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if _, err := path.Match(t, ""); err != nil {
			diags = append(diags, spec.Diagnostic{Pos: spec.Pos{File: filepath.ToSlash(name), Line: line, Col: 1}, Severity: spec.Error, Msg: fmt.Sprintf("bad pattern %q: %v", t, err)})
			continue
		}
		pats = append(pats, t)
	}
	return pats, diags, sc.Err()
}

// Expand turns arguments into page files, sorted, each once. A file is
// taken as named; a folder gives its *.md files, in sub-folders too, less
// what exclude and its .cccgenignore leave out (a folder with none is an
// error diagnostic, as is a bad pattern in .cccgenignore).
func Expand(inputs []string, exclude []string) ([]File, []spec.Diagnostic, error) {
	var pages []File
	var diags []spec.Diagnostic
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			pages = append(pages, File{Path: filepath.Clean(in)})
			continue
		}
		pats, ds, err := readIgnore(in)
		if err != nil {
			return nil, nil, err
		}
		diags = append(diags, ds...)
		mds, err := pagesIn(in, matcher{patterns: append(append([]string(nil), exclude...), pats...)})
		if err != nil {
			return nil, nil, err
		}
		if len(mds) == 0 {
			diags = append(diags, spec.Diagnostic{Pos: spec.Pos{File: filepath.ToSlash(in)}, Severity: spec.Error, Msg: "directory holds no .md pages"})
		}
		for _, p := range mds {
			pages = append(pages, File{Path: p, Found: true})
		}
	}
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].Path < pages[j].Path })
	// A file both named and found counts as named.
	var out []File
	for _, p := range pages {
		if n := len(out); n > 0 && out[n-1].Path == p.Path {
			out[n-1].Found = out[n-1].Found && p.Found
			continue
		}
		out = append(out, p)
	}
	return out, diags, nil
}

// pagesIn lists the *.md files under dir, sub-folders included, that m does
// not leave out (symbolic links to files too; not directories named *.md).
func pagesIn(dir string, m matcher) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if m.excluded(filepath.ToSlash(rel)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".md") {
			return nil
		}
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// Read reads a page, but not more than one byte past the page size
// limit: an oversized page is refused without being loaded, and its
// diagnostic is returned instead.
func Read(path string) ([]byte, *spec.Diagnostic, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, parser.MaxPageBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > parser.MaxPageBytes {
		size := int64(len(data))
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		d := parser.TooLarge(filepath.ToSlash(path), size)
		return nil, &d, nil
	}
	return data, nil, nil
}
