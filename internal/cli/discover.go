package cli

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/spec"
)

// IgnoreFile names the file of exclude patterns a page folder may hold.
const IgnoreFile = ".cccgenignore"

// pageFile is one page of a run: named on the command line, or found in a
// folder (then a file that documents no API is skipped, not an error).
type pageFile struct {
	path  string
	found bool
}

// excludes is the repeatable -exclude flag.
type excludes []string

func (e *excludes) String() string { return strings.Join(*e, ",") }

func (e *excludes) Set(v string) error {
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

// expand turns arguments into page files. A file is taken as named; a
// folder gives its *.md files, in sub-folders too, less what -exclude and
// its .cccgenignore leave out.
func expand(inputs []string, exclude []string) ([]pageFile, []spec.Diagnostic, error) {
	var pages []pageFile
	var diags []spec.Diagnostic
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			pages = append(pages, pageFile{path: filepath.Clean(in)})
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
			pages = append(pages, pageFile{path: p, found: true})
		}
	}
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].path < pages[j].path })
	// A file both named and found counts as named.
	var out []pageFile
	for _, p := range pages {
		if n := len(out); n > 0 && out[n-1].path == p.path {
			out[n-1].found = out[n-1].found && p.found
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
