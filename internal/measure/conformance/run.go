// The run: collect the corpus pages, generate each unit (a product's
// first copies, or one other copy) and drive the Go tool and the scoring.

package conformance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
)

// page is the working state of one page.
type page struct {
	res  *PageResult
	src  gen.Source
	spec *spec.Page
	stem string // generated file stem
	out  bool   // excluded from its package
}

// unit is one generated package.
type unit struct {
	product string
	dir     string // directory and package name
	pages   []*page
	files   map[string][]byte
	// siblings are the other copies of the unit's Actions.
	siblings []gen.Source
}

func (u *unit) active() []*page {
	var ps []*page
	for _, p := range u.pages {
		if !p.out {
			ps = append(ps, p)
		}
	}
	return ps
}

type runner struct {
	opt      Options
	work     string
	env      []string
	units    []*unit
	byDir    map[string]*unit
	genTime  time.Duration
	wire     map[[2]string]*acsfake.WireRecord // the fake's wire log: (package dir, Action) → first request
	official bool                              // the official verifier runs (official.go)
}

func (r *runner) logf(format string, args ...any) {
	if r.opt.Logf != nil {
		r.opt.Logf(format, args...)
	}
}

// Run measures every page under corpusDir/docs/<product>/ against truthDir,
// building in workDir (created if needed; its previous content is removed).
func Run(corpusDir, truthDir, workDir string, opt Options) (*Report, error) {
	if opt.Go == "" {
		opt.Go = "go"
	}
	if opt.MaxRounds == 0 {
		opt.MaxRounds = 8
	}
	root := opt.RepoRoot
	if root == "" {
		var err error
		if root, err = findRepoRoot(); err != nil {
			return nil, err
		}
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	work, err := filepath.Abs(workDir)
	if err != nil {
		return nil, err
	}
	truthPages, err := truthscore.Pages(truthDir)
	if err != nil {
		return nil, err
	}
	r := &runner{opt: opt, work: work, byDir: map[string]*unit{}}
	if err := r.collect(corpusDir, truthPages); err != nil {
		return nil, err
	}
	r.logf("conformance: %d pages in %d packages", r.countPages(), len(r.units))

	start := time.Now()
	for _, u := range r.units {
		r.generate(u)
	}
	r.genTime = time.Since(start)
	r.logf("conformance: parse+generate took %v", r.genTime.Round(time.Millisecond))

	rep := &Report{GenTime: r.genTime, Folders: r.folderAPIs()}
	if opt.StructureOnly {
		if err := r.score(corpusDir, truthDir); err != nil {
			return nil, err
		}
		r.report(rep)
		return rep, nil
	}
	if err := r.writeModule(root); err != nil {
		return nil, err
	}
	start = time.Now()
	rounds, err := r.vet()
	if err != nil {
		return nil, err
	}
	rep.VetTime, rep.Rounds = time.Since(start), rounds
	r.logf("conformance: go vet (%d rounds) took %v", rounds, rep.VetTime.Round(time.Millisecond))
	stopOfficial := r.startOfficial(root, rep)
	start = time.Now()
	err = r.test()
	stopOfficial()
	if err != nil {
		return nil, err
	}
	rep.TestTime = time.Since(start)
	if r.wire, err = readWireLog(filepath.Join(r.work, ".wire"), r.work); err != nil {
		return nil, err
	}
	r.logf("conformance: go test took %v", rep.TestTime.Round(time.Millisecond))

	if err := r.score(corpusDir, truthDir); err != nil {
		return nil, err
	}
	r.report(rep)
	return rep, nil
}

func (r *runner) countPages() int {
	n := 0
	for _, u := range r.units {
		n += len(u.pages)
	}
	return n
}

// findRepoRoot walks up from the working directory to cccgen's go.mod.
func findRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modulePath(data) == "github.com/cccgen/cccgen" {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("conformance: no github.com/cccgen/cccgen go.mod above the working directory")
		}
		dir = parent
	}
}

func modulePath(gomod []byte) string {
	for _, l := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

func goDirective(gomod []byte) string {
	for _, l := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "go" {
			return f[1]
		}
	}
	return ""
}

var copyName = regexp.MustCompile(`^(.*)__([0-9]+)$`)

// collect lists the pages and plans the packages.
func (r *runner) collect(corpusDir string, truthPages map[string]string) error {
	docs := filepath.Join(corpusDir, "docs")
	ents, err := os.ReadDir(docs)
	if err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	want := map[string]bool{}
	for _, p := range r.opt.Products {
		want[p] = true
	}
	used := map[string]bool{}
	uniq := func(name string) string {
		n := name
		for i := 2; used[n]; i++ {
			n = fmt.Sprintf("%s%d", name, i)
		}
		used[n] = true
		return n
	}
	for _, e := range ents {
		if !e.IsDir() || (len(want) > 0 && !want[e.Name()]) {
			continue
		}
		product := e.Name()
		files, err := filepath.Glob(filepath.Join(docs, product, "*.md"))
		if err != nil {
			return err
		}
		sort.Strings(files)
		if len(files) == 0 {
			continue
		}
		pkg := naming.PackageName(product)
		main := &unit{product: product, dir: uniq(pkg)}
		var copies []*unit
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return fmt.Errorf("conformance: %w", err)
			}
			base := strings.TrimSuffix(filepath.Base(f), ".md")
			name := "docs/" + product + "/" + filepath.Base(f)
			p := &page{
				src: gen.Source{Name: name, Data: data},
				res: &PageResult{File: name, Product: product, Action: base, Truth: truthPages[name]},
			}
			if m := copyName.FindStringSubmatch(base); m != nil {
				p.res.Action = m[1]
				dir := uniq(fmt.Sprintf("%s_%s_%s", pkg, lowerIdent(m[1]), m[2]))
				copies = append(copies, &unit{product: product, dir: dir, pages: []*page{p}})
				continue
			}
			main.pages = append(main.pages, p)
		}
		// Every copy of an Action is a sibling of the others (gen.Options.Siblings).
		byAction := map[string][]*page{}
		all := append([]*unit{main}, copies...)
		for _, u := range all {
			for _, p := range u.pages {
				byAction[p.res.Action] = append(byAction[p.res.Action], p)
			}
		}
		for _, u := range all {
			for _, p := range u.pages {
				for _, o := range byAction[p.res.Action] {
					if o != p {
						u.siblings = append(u.siblings, o.src)
					}
				}
			}
		}
		if len(main.pages) > 0 {
			r.units = append(r.units, main)
		}
		r.units = append(r.units, copies...)
	}
	if len(r.units) == 0 {
		return fmt.Errorf("conformance: no pages under %s", docs)
	}
	for _, u := range r.units {
		r.byDir[u.dir] = u
		for _, p := range u.pages {
			p.res.Package = u.dir
		}
	}
	return nil
}

func lowerIdent(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// fail records the first failure cause of a page.
func (p *page) fail(cause string) {
	if p.res.Cause == "" {
		p.res.Cause = cause
	}
}

func panicMsg(v any) string {
	msg := fmt.Sprint(v)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return "panic: " + msg
}

// safePackage runs gen.Package, turning a panic into an error.
func safePackage(srcs []gen.Source, opt gen.Options) (res *gen.Result, panicked any) {
	defer func() {
		if v := recover(); v != nil {
			res, panicked = nil, v
		}
	}()
	return gen.Package(srcs, opt), nil
}

// folderAPIs generates each product's folder as one package, as users do
// (go tool cccgen -o ecs docs/ecs: one copy of each API generated), and
// counts the truth APIs its pages document that the package has.
func (r *runner) folderAPIs() []FolderAPIs {
	// A product's pages are those of its units (its first copies, then each
	// other copy).
	var products []string
	srcs := map[string][]gen.Source{}
	truth := map[string]string{} // page → its truth API
	for _, u := range r.units {
		if srcs[u.product] == nil {
			products = append(products, u.product)
		}
		for _, p := range u.pages {
			srcs[u.product] = append(srcs[u.product], p.src)
			if p.res.Truth != "" {
				truth[p.res.File] = truthAPI(p.res.Truth)
			}
		}
	}
	var out []FolderAPIs
	for _, product := range products {
		res, v := safePackage(srcs[product], gen.Options{Package: naming.PackageName(product)})
		fa := FolderAPIs{Product: product}
		all, got := map[string]bool{}, map[string]bool{}
		for _, s := range srcs[product] {
			if t := truth[s.Name]; t != "" {
				all[t] = true
			}
		}
		if v == nil && len(res.Files) > 0 {
			for _, p := range res.Pages {
				if t := truth[p.File]; t != "" {
					got[t] = true
				}
			}
		}
		fa.TruthAPIs, fa.Generated = len(all), len(got)
		for t := range all {
			if !got[t] {
				fa.Lost = append(fa.Lost, t)
			}
		}
		sort.Strings(fa.Lost)
		out = append(out, fa)
	}
	return out
}

// truthAPI names the API of a truth file, product/version/Action.json,
// as product/Action: two versions of one API are copies of it, of which a
// package has one.
func truthAPI(file string) string {
	parts := strings.Split(strings.TrimSuffix(file, ".json"), "/")
	if len(parts) != 3 {
		return file
	}
	return parts[0] + "/" + parts[2]
}

// generate (re)generates a unit from its active pages, excluding every
// page that has an error or panics, until the rest generate.
func (r *runner) generate(u *unit) {
	u.files = nil
	opt := gen.Options{Package: u.dir, DocName: "the conformance corpus", Siblings: u.siblings}
	for {
		ps := u.active()
		if len(ps) == 0 {
			return
		}
		srcs := make([]gen.Source, len(ps))
		for i, p := range ps {
			srcs[i] = p.src
		}
		res, v := safePackage(srcs, opt)
		if v != nil {
			// Find the pages that panic on their own.
			found := false
			for _, p := range ps {
				if _, v1 := safePackage([]gen.Source{p.src}, opt); v1 != nil {
					found = true
					p.res.Panicked = true
					p.fail(panicMsg(v1))
					p.out = true
				}
			}
			if !found {
				for _, p := range ps {
					p.res.Panicked = true
					p.fail(panicMsg(v) + " (generating the package " + u.dir + ")")
					p.out = true
				}
			}
			continue
		}
		byName := map[string]*page{}
		for i, p := range ps {
			byName[p.src.Name] = p
			if i < len(res.Loaded) && res.Loaded[i] != nil {
				sp := res.Loaded[i]
				if p.spec == nil {
					p.spec = sp
					p.res.Parsed = !spec.HasErrors(sp.Diagnostics)
					if sp.Action != "" {
						p.res.Action = sp.Action
					}
				}
				p.stem = naming.FileName(sp.Action)
			}
		}
		if !spec.HasErrors(res.Diagnostics) && len(res.Files) > 0 {
			u.files = res.Files
			if r.opt.mutate != nil {
				r.opt.mutate(u.dir, u.files)
			}
			left := map[string]string{}
			for _, sk := range res.Skipped {
				left[sk.File] = sk.Reason
			}
			for _, p := range ps {
				if why, ok := left[p.src.Name]; ok {
					// Another copy of its Action is generated, as users get it.
					p.fail("left out: " + why)
					p.out = true
					continue
				}
				p.res.Generated = true
			}
			for _, sp := range res.Pages {
				for _, p := range ps {
					if p.res.Action == sp.Action {
						for _, e := range sp.Examples {
							if (e.Kind == spec.JSONExample || e.Kind == spec.XMLExample) && e.Canonical != "" {
								p.res.HasExample = true
							}
						}
					}
				}
			}
			return
		}
		blamed := false
		for _, d := range res.Diagnostics {
			if d.Severity != spec.Error {
				continue
			}
			if p := byName[d.Pos.File]; p != nil {
				blamed = true
				p.fail(d.String())
				p.out = true
			}
		}
		if !blamed {
			msg := "no files generated"
			for _, d := range res.Diagnostics {
				if d.Severity == spec.Error {
					msg = d.String()
					break
				}
			}
			for _, p := range ps {
				p.fail(msg)
				p.out = true
			}
			return
		}
	}
}
