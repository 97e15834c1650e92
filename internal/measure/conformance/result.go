// What a conformance run reports: options, per-page results, statistics.

package conformance

import (
	"time"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
)

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

// addCauses adds one page's cause counts to counts, and the page as the
// example of each cause it sorts before.
func addCauses(counts *map[string]int, examples *map[string]string, page map[string]int, file string) {
	for c, n := range page {
		if *counts == nil {
			*counts, *examples = map[string]int{}, map[string]string{}
		}
		(*counts)[c] += n
		if e, ok := (*examples)[c]; !ok || file < e {
			(*examples)[c] = file
		}
	}
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
	addCauses(&s.StructCauses, &s.CauseExample, p.StructCauses, p.File)
	addCauses(&s.ReqCauses, &s.ReqCauseExample, p.Req.Causes, p.File)
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

// FolderAPIs counts, for one product's folder generated as one package,
// the APIs of truth its pages document (pages.tsv: a product and Action
// each, any version) and how many of them the package has.
type FolderAPIs struct {
	Product              string
	TruthAPIs, Generated int
	Lost                 []string // truth APIs (product/Action) documented but not generated
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

	// Folders are the products' folders generated as users do, one package
	// each (the units above put every other copy of a page in a package
	// of its own, to score it).
	Folders []FolderAPIs

	Official     map[string]*OfficialStats // by product and "Total"; nil when the column was not run
	OfficialNote string                    // why the column was not run
}
