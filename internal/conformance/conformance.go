// Package conformance measures cccgen on a corpus of API reference pages: for
// every page, whether it parses, generates, compiles (and vets), whether its
// generated tests pass, and how closely its response structure matches the
// structure of Alibaba Cloud's official SDKs (the truth files scored by
// internal/truthscore).
//
// Run generates every product's first copies of its pages into one package
// per product (as users run cccgen) and every other copy (<Action>__N.md)
// into a package of its own, writes all of them into one scratch Go module,
// and runs one `go vet ./...` and one `go test -json ./...` over it. A page
// that breaks its package's build is excluded and the package regenerated
// without it, so one bad page does not sink its product.
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
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/internal/truthscore"
	"github.com/cccgen/cccgen/spec"
)

// Leaves reduces a generated response tree to truth leaves: the path is the
// chain of wire names (Field.Name) from the response root, which is not part
// of the path, joined with "." and with "[]" appended after an array; an
// array's element is not named again. Kinds: String → string, Int32/Int64 →
// int, Float64 → float, Bool → bool, Map/Any → map, an empty Struct →
// struct, an Array without element → array; an array of scalars is a leaf
// "X[]" of the element's kind. A root array gives paths starting with "[]".
// Leaves are deduplicated by path (first in tree order wins) and sorted.
func Leaves(f *spec.Field) []truthscore.Leaf {
	if f == nil {
		return nil
	}
	var out []truthscore.Leaf
	add := func(path, kind string) { out = append(out, truthscore.Leaf{Path: path, Kind: kind}) }
	var walkType func(f *spec.Field, path string)
	var walkArray func(f *spec.Field, path string)
	walkFields := func(fs []*spec.Field, prefix string) {
		for _, c := range fs {
			if c == nil {
				continue
			}
			path := c.Name
			if prefix != "" {
				path = prefix + "." + c.Name
			}
			walkType(c, path)
		}
	}
	walkType = func(f *spec.Field, path string) {
		switch f.Kind {
		case spec.Struct:
			if len(f.Fields) == 0 {
				add(path, truthscore.KindStruct)
				return
			}
			walkFields(f.Fields, path)
		case spec.Array:
			walkArray(f, path+"[]")
		default:
			add(path, leafKind(f.Kind))
		}
	}
	walkArray = func(f *spec.Field, path string) {
		if f.Elem == nil {
			add(path, truthscore.KindArray)
			return
		}
		walkType(f.Elem, path)
	}
	switch f.Kind {
	case spec.Struct:
		walkFields(f.Fields, "")
	case spec.Array:
		walkArray(f, "[]")
	}
	seen := map[string]bool{}
	leaves := out[:0]
	for _, l := range out {
		if !seen[l.Path] {
			seen[l.Path] = true
			leaves = append(leaves, l)
		}
	}
	sort.Slice(leaves, func(i, j int) bool { return leaves[i].Path < leaves[j].Path })
	return leaves
}

// leafKind maps a scalar, map or any kind to its truth leaf kind.
func leafKind(k spec.Kind) string {
	switch k {
	case spec.String:
		return truthscore.KindString
	case spec.Int32, spec.Int64:
		return truthscore.KindInt
	case spec.Float64:
		return truthscore.KindFloat
	case spec.Bool:
		return truthscore.KindBool
	case spec.Map, spec.Any:
		return truthscore.KindMap
	case spec.Struct:
		return truthscore.KindStruct
	case spec.Array:
		return truthscore.KindArray
	}
	return string(k)
}

// Options tune Run.
type Options struct {
	// Products limits the run to these product directories; nil runs all.
	Products []string
	// RepoRoot is the cccgen module's root directory, which the scratch
	// module replaces github.com/cccgen/cccgen with; "" finds it by walking
	// up from the working directory.
	RepoRoot string
	// Go is the go command; "" is "go".
	Go string
	// MaxRounds bounds how often a package whose build fails is regenerated
	// without the pages the compiler names; 0 means 8.
	MaxRounds int
	// Logf reports progress; nil is silent.
	Logf func(format string, args ...any)
	// StructureOnly parses, generates and scores the structure against
	// truth without building or testing anything: the pages are counted as
	// neither compiled nor passing.
	StructureOnly bool

	// mutate, when set (by tests), edits a package's generated files
	// before they are written, to exercise the build bisection.
	mutate func(dir string, files map[string][]byte)
}

// PageResult is the outcome for one page.
type PageResult struct {
	File    string // "docs/<product>/<name>.md", as in truth's pages.tsv
	Product string
	Action  string // the page's Action, or the file's stem when it did not parse
	Package string // directory (and package name) in the scratch module

	Parsed      bool // no error diagnostic
	Generated   bool // its files were generated
	Compiled    bool // its package builds and vets with its files
	TestsPassed bool // it has tests and all pass
	Tests       int  // tests run
	// HasExample: the page has a JSON or XML response example; ClientCalled:
	// its Test<Action>Client (the generated client against the fake
	// service, decoding the example) ran and passed, not skipped.
	HasExample, ClientCalled bool
	// OfficialCalled: the client test got the official verifier's verdict
	// (official.go); OfficialAccepted: it accepted the page's calls.
	OfficialCalled, OfficialAccepted bool
	FailedTests                      []string
	Panicked                         bool

	// Cause is the first reason the page failed a stage: an error
	// diagnostic, a compiler or vet message, a failing test's first line,
	// or "panic: ..."; "" when it passed every stage.
	Cause string

	Truth    string // truth file relative to the truth directory; "" when none
	TruthErr string // why the truth file could not be scored
	Score    truthscore.Score
	// StructCauses counts the page's missing and extra leaves by cause.
	StructCauses map[string]int
	// LeafCauses gives each missing and extra leaf its cause.
	LeafCauses map[string]string

	// Req compares the request its client test sent with truth's request
	// (ReqScored: the run built and tested, and truth was read).
	Req       ReqScore
	ReqScored bool
}

// HasTruth reports whether the page was scored against truth.
func (p *PageResult) HasTruth() bool { return p.Truth != "" && p.TruthErr == "" }

// Distance is the number of missing plus extra truth paths.
func (p *PageResult) Distance() int { return len(p.Score.Missing) + len(p.Score.Extra) }

// Stats aggregates page results.
type Stats struct {
	Name                                        string
	Pages, Parsed, Generated, Compiled, Passing int
	WithExample, ClientCalled                   int
	Panics                                      int
	TruthPages                                  int
	TruthVisible, Recalled, GeneratedLeaves     int
	Precise, KindAgree, KindCompared            int

	// Request side (see ReqScore), summed over pages scored.
	ReqPages, ReqCalled               int
	ReqTruthVisible, ReqRecalled      int
	ReqGenerated, ReqPrecise          int
	ReqPosCompared, ReqPosAgree       int
	ReqReqCompared, ReqReqAgree       int
	ReqMethodCompared, ReqMethodAgree int
	ReqPathCompared, ReqPathAgree     int
	// StructCauses counts the missing and extra response leaves by cause
	// (structcause.go), "extra: …" and "missing: …".
	StructCauses map[string]int
	// CauseExample is a page showing each cause (the first by file name).
	CauseExample map[string]string
	// ReqCauses counts the request disagreements by cause (reqcause.go),
	// ReqCauseExample a page showing each.
	ReqCauses       map[string]int
	ReqCauseExample map[string]string
}

func (s *Stats) add(p *PageResult) {
	s.Pages++
	if p.Parsed {
		s.Parsed++
	}
	if p.Generated {
		s.Generated++
	}
	if p.Compiled {
		s.Compiled++
	}
	if p.TestsPassed {
		s.Passing++
	}
	if p.HasExample {
		s.WithExample++
		if p.ClientCalled {
			s.ClientCalled++
		}
	}
	if p.Panicked {
		s.Panics++
	}
	for c, n := range p.StructCauses {
		if s.StructCauses == nil {
			s.StructCauses, s.CauseExample = map[string]int{}, map[string]string{}
		}
		s.StructCauses[c] += n
		if e, ok := s.CauseExample[c]; !ok || p.File < e {
			s.CauseExample[c] = p.File
		}
	}
	for c, n := range p.Req.Causes {
		if s.ReqCauses == nil {
			s.ReqCauses, s.ReqCauseExample = map[string]int{}, map[string]string{}
		}
		s.ReqCauses[c] += n
		if e, ok := s.ReqCauseExample[c]; !ok || p.File < e {
			s.ReqCauseExample[c] = p.File
		}
	}
	if p.HasTruth() {
		s.TruthPages++
		s.TruthVisible += p.Score.TruthVisible
		s.Recalled += p.Score.Recalled
		s.GeneratedLeaves += p.Score.Generated
		s.Precise += p.Score.Precise
		s.KindAgree += p.Score.KindAgree
		s.KindCompared += p.Score.KindCompared
	}
	if p.ReqScored {
		q := &p.Req
		s.ReqPages++
		if q.Called {
			s.ReqCalled++
		}
		s.ReqTruthVisible += q.TruthVisible
		s.ReqRecalled += q.Recalled
		s.ReqGenerated += q.Generated
		s.ReqPrecise += q.Precise
		s.ReqPosCompared += q.PosCompared
		s.ReqPosAgree += q.PosAgree
		s.ReqReqCompared += q.ReqCompared
		s.ReqReqAgree += q.ReqAgree
		if q.MethodCompared {
			s.ReqMethodCompared++
			if q.MethodAgree {
				s.ReqMethodAgree++
			}
		}
		if q.PathCompared {
			s.ReqPathCompared++
			if q.PathAgree {
				s.ReqPathAgree++
			}
		}
	}
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Recall is the share of page-visible truth leaves generated.
func (s *Stats) Recall() float64 { return ratio(s.Recalled, s.TruthVisible) }

// Precision is the share of generated leaves that truth has.
func (s *Stats) Precision() float64 { return ratio(s.Precise, s.GeneratedLeaves) }

// KindAgreement is the share of recalled leaves whose kind matches truth.
func (s *Stats) KindAgreement() float64 { return ratio(s.KindAgree, s.KindCompared) }

// PassRate is the share of pages that compile and pass their tests.
func (s *Stats) PassRate() float64 { return ratio(s.Passing, s.Pages) }

// CompileRate is the share of pages that compile.
func (s *Stats) CompileRate() float64 { return ratio(s.Compiled, s.Pages) }

// Cause is a group of failures with the same normalised message.
type Cause struct {
	Msg   string   // normalised: no positions, quoted values elided
	Count int      // pages
	Pages []string // the first few pages, sorted
}

// Report is the outcome of a Run.
type Report struct {
	Pages    []*PageResult // sorted by File
	Products []*Stats      // sorted by Name
	Total    Stats
	Causes   []Cause       // the ten most common failure causes
	Furthest []*PageResult // the 20 pages with the most missing+extra truth paths

	GenTime  time.Duration // parse+generate of the whole corpus
	VetTime  time.Duration // every go vet round
	TestTime time.Duration // go test
	Rounds   int           // go vet rounds

	Official     map[string]*OfficialStats // by product and "Total"; nil when the column was not run
	OfficialNote string                    // why the column was not run
}

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

	rep := &Report{GenTime: r.genTime}
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

var testSuffixes = []string{"JSONExample", "XMLExample", "RequestExample", "RoundTrip", "Client"}

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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// score compares every page that has truth with its truth file.
func (r *runner) score(corpusDir, truthDir string) error {
	cache := map[string][]truthscore.Leaf{}
	errs := map[string]error{}
	for _, u := range r.units {
		for _, p := range u.pages {
			if p.res.Truth == "" {
				continue
			}
			tl, ok := cache[p.res.Truth]
			if !ok && errs[p.res.Truth] == nil {
				data, err := os.ReadFile(filepath.Join(truthDir, filepath.FromSlash(p.res.Truth)))
				if err != nil {
					return fmt.Errorf("conformance: %w", err)
				}
				tl, err = truthscore.TruthLeaves(data)
				if err != nil {
					errs[p.res.Truth] = err
				} else {
					cache[p.res.Truth] = tl
				}
			}
			if err := errs[p.res.Truth]; err != nil {
				p.res.TruthErr = err.Error()
				continue
			}
			p.scoreOne(tl)
			if r.wire != nil {
				var rt reqTruth
				data, _ := os.ReadFile(filepath.Join(truthDir, filepath.FromSlash(p.res.Truth)))
				if json.Unmarshal(data, &rt) == nil {
					p.res.Req = scoreRequest(&rt, p.spec, r.wire[[2]string{u.dir, pageAction(p)}], string(p.src.Data))
					p.res.ReqScored = true
				}
			}
		}
	}
	return nil
}

// pageAction is the Action of a page's spec ("" when it did not parse).
func pageAction(p *page) string {
	if p.spec == nil {
		return ""
	}
	return p.spec.Action
}

func (p *page) scoreOne(truth []truthscore.Leaf) {
	defer func() {
		if v := recover(); v != nil {
			p.res.Panicked = true
			p.fail(panicMsg(v) + " (scoring)")
			p.res.Score = truthscore.Score{}
		}
	}()
	var resp *spec.Field
	if p.spec != nil {
		resp = p.spec.Response
	}
	gl := Leaves(resp)
	p.res.Score = truthscore.Compare(truth, gl, string(p.src.Data))
	p.res.LeafCauses = map[string]string{}
	p.res.StructCauses = structCauses(p.res.Score, truth, gl, p.spec, string(p.src.Data), func(leaf, cause string) {
		p.res.LeafCauses[leaf] = cause
	})
}

// report aggregates the page results.
func (r *runner) report(rep *Report) {
	byProduct := map[string]*Stats{}
	causes := map[string]*Cause{}
	for _, u := range r.units {
		for _, p := range u.pages {
			rep.Pages = append(rep.Pages, p.res)
		}
	}
	sort.Slice(rep.Pages, func(i, j int) bool { return rep.Pages[i].File < rep.Pages[j].File })
	rep.Total.Name = "Total"
	for _, p := range rep.Pages {
		if !p.TestsPassed && p.Cause == "" {
			p.Cause = "failed without a message"
		}
		s := byProduct[p.Product]
		if s == nil {
			s = &Stats{Name: p.Product}
			byProduct[p.Product] = s
		}
		s.add(p)
		rep.Total.add(p)
		if p.Cause != "" {
			key := NormaliseCause(p.Cause)
			c := causes[key]
			if c == nil {
				c = &Cause{Msg: key}
				causes[key] = c
			}
			c.Count++
			if len(c.Pages) < 3 {
				c.Pages = append(c.Pages, p.File)
			}
		}
	}
	for _, name := range sortedKeys(byProduct) {
		rep.Products = append(rep.Products, byProduct[name])
	}
	for _, c := range causes {
		rep.Causes = append(rep.Causes, *c)
	}
	sort.Slice(rep.Causes, func(i, j int) bool {
		if rep.Causes[i].Count != rep.Causes[j].Count {
			return rep.Causes[i].Count > rep.Causes[j].Count
		}
		return rep.Causes[i].Msg < rep.Causes[j].Msg
	})
	if len(rep.Causes) > 10 {
		rep.Causes = rep.Causes[:10]
	}
	var far []*PageResult
	for _, p := range rep.Pages {
		if p.HasTruth() && p.Distance() > 0 {
			far = append(far, p)
		}
	}
	sort.SliceStable(far, func(i, j int) bool { return far[i].Distance() > far[j].Distance() })
	if len(far) > 20 {
		far = far[:20]
	}
	rep.Furthest = far
	r.reportOfficial(rep)
}

var (
	causePos    = regexp.MustCompile(`(?:^|\s)(?:vet: )?[^\s:]*\.(?:go|md)(?::\d+)+:?\s*`)
	causeFile   = regexp.MustCompile(`^[^\s:]+\.go: `)
	causeQuoted = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|“[^”]*”|「[^」]*」|'[^'\\s]{1,60}'")
	causeNumber = regexp.MustCompile(`\b[0-9]+(?:\.[0-9]+)?\b`)
	causeTest   = regexp.MustCompile(`^Test[A-Za-z0-9_]*?(JSONExample|XMLExample|RequestExample|RoundTrip|Client): `)
	causeSpace  = regexp.MustCompile(`\s+`)
)

// NormaliseCause strips file positions, generated file names, test names,
// quoted values and numbers from a failure message so that the same
// failure on different pages groups together.
func NormaliseCause(msg string) string {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = causeTest.ReplaceAllString(msg, "Test…$1: ")
	msg = causeFile.ReplaceAllString(msg, "")
	msg = causePos.ReplaceAllString(msg, " ")
	msg = causeQuoted.ReplaceAllStringFunc(msg, func(q string) string {
		r := []rune(q)
		return string(r[0]) + "…" + string(r[len(r)-1])
	})
	msg = causeNumber.ReplaceAllString(msg, "N")
	msg = causeSpace.ReplaceAllString(strings.TrimSpace(msg), " ")
	if len(msg) > 160 {
		msg = msg[:157] + "..."
		for !utf8Valid(msg) {
			msg = msg[:len(msg)-4] + "..."
		}
	}
	return msg
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(n)/float64(d), 'f', 1, 64) + "%"
}
