package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/spec"
)

// lintFlags are the flags that shape -lint's report.
type lintFlags struct {
	strict *bool
	json   *bool
}

func addLintFlags(fs *flag.FlagSet) lintFlags {
	return lintFlags{
		strict: fs.Bool("strict", false, "with -lint: also exit 1 when a warning changes the generated structure (nesting, fields added or left out, list or object, request parameters dropped or moved, types)"),
		json:   fs.Bool("json", false, "with -lint: print the problems and their summary as a JSON document"),
	}
}

// check refuses -strict and -json without -lint.
func (lf lintFlags) check(lint bool) error {
	if !lint && (*lf.strict || *lf.json) {
		return errors.New("-strict and -json go with -lint")
	}
	return nil
}

// lintPage is one page's problems, in report order.
type lintPage struct {
	file       string
	diags      []spec.Diagnostic
	errors     int
	warnings   int
	structural int
}

// lintTally counts a set of diagnostics.
type lintTally struct {
	pages      int // pages of the run (found non-API files and copies included)
	skipped    int // of them, not generated (not API pages, other copies)
	withIssues int // pages with a diagnostic
	errors     int
	warnings   int
	structural int
	kinds      map[spec.DiagKind]int // warnings by kind ("" for unclassified)
}

func (t *lintTally) add(o *lintTally) {
	t.pages += o.pages
	t.skipped += o.skipped
	t.withIssues += o.withIssues
	t.errors += o.errors
	t.warnings += o.warnings
	t.structural += o.structural
	for k, n := range o.kinds {
		t.kinds[k] += n
	}
}

func isStructural(d spec.Diagnostic) bool {
	return d.Severity == spec.Warning && d.Kind.Structural()
}

// lintPages groups diagnostics by page, worst first: pages with errors,
// then by the number of structural warnings, then by the number of
// diagnostics, then by name. Within a page errors come first, then the
// warnings by kind (structural kinds first, in spec.DiagKinds order), each
// group in position order.
func lintPages(diags []spec.Diagnostic) []*lintPage {
	byFile := map[string]*lintPage{}
	var pages []*lintPage
	for _, d := range diags {
		p := byFile[d.Pos.File]
		if p == nil {
			p = &lintPage{file: d.Pos.File}
			byFile[d.Pos.File] = p
			pages = append(pages, p)
		}
		p.diags = append(p.diags, d)
		if d.Severity == spec.Error {
			p.errors++
		} else {
			p.warnings++
		}
		if isStructural(d) {
			p.structural++
		}
	}
	for _, p := range pages {
		spec.SortDiagnostics(p.diags)
		sort.SliceStable(p.diags, func(i, j int) bool { return groupOrder(p.diags[i]) < groupOrder(p.diags[j]) })
	}
	sort.Slice(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		if (a.errors > 0) != (b.errors > 0) {
			return a.errors > 0
		}
		if a.structural != b.structural {
			return a.structural > b.structural
		}
		if len(a.diags) != len(b.diags) {
			return len(a.diags) > len(b.diags)
		}
		return a.file < b.file
	})
	return pages
}

// groupOrder places a diagnostic's group within its page: errors, then the
// kinds in spec.DiagKinds order, then unclassified warnings.
func groupOrder(d spec.Diagnostic) int {
	if d.Severity == spec.Error {
		return -1
	}
	return d.Kind.Order()
}

func tally(j *job, res *outcome, pages []*lintPage) *lintTally {
	t := &lintTally{pages: len(j.pages), skipped: len(res.Skipped), withIssues: len(pages), kinds: map[spec.DiagKind]int{}}
	for _, p := range pages {
		t.errors += p.errors
		t.warnings += p.warnings
		t.structural += p.structural
		for _, d := range p.diags {
			if d.Severity == spec.Warning {
				t.kinds[d.Kind]++
			}
		}
	}
	return t
}

// kindCount is a kind's count in a summary.
type kindCount struct {
	Kind       spec.DiagKind `json:"kind"`
	Structural bool          `json:"structural"`
	Count      int           `json:"count"`
}

// counts lists the kinds of t, structural ones first, each group by count
// (most first), then in spec.DiagKinds order.
func (t *lintTally) counts() []kindCount {
	var out []kindCount
	for k, n := range t.kinds {
		out = append(out, kindCount{Kind: k, Structural: k.Structural(), Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Structural != b.Structural {
			return a.Structural
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Kind.Order() != b.Kind.Order() {
			return a.Kind.Order() < b.Kind.Order()
		}
		return a.Kind < b.Kind
	})
	return out
}

func kindName(k spec.DiagKind) string {
	if k == "" {
		return "unclassified"
	}
	return string(k)
}

// line is the summary line of a tally.
func (t *lintTally) line(label string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cccgen: %s: %d %s", label, t.pages, plural(t.pages, "page", "pages"))
	if t.skipped > 0 {
		fmt.Fprintf(&b, " (%d skipped)", t.skipped)
	}
	if t.withIssues == 0 {
		b.WriteString(", no problems")
		return b.String()
	}
	fmt.Fprintf(&b, ", %d with problems: ", t.withIssues)
	var parts []string
	if t.errors > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", t.errors, plural(t.errors, "error", "errors")))
	}
	if t.warnings > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", t.warnings, plural(t.warnings, "warning", "warnings")))
	}
	b.WriteString(strings.Join(parts, ", "))
	if t.warnings == 0 {
		return b.String()
	}
	var structural, other []string
	for _, c := range t.counts() {
		s := fmt.Sprintf("%d %s", c.Count, kindName(c.Kind))
		if c.Structural {
			structural = append(structural, s)
		} else {
			other = append(other, s)
		}
	}
	var groups []string
	if t.structural > 0 {
		groups = append(groups, fmt.Sprintf("%d structural: %s", t.structural, strings.Join(structural, ", ")))
	}
	if n := t.warnings - t.structural; n > 0 {
		groups = append(groups, fmt.Sprintf("%d other: %s", n, strings.Join(other, ", ")))
	}
	fmt.Fprintf(&b, " (%s)", strings.Join(groups, "; "))
	return b.String()
}

// jobLabel names a job's pages in a summary: its inputs as the user gave them.
func jobLabel(j *job) string {
	var names []string
	for _, in := range j.inputs {
		names = append(names, displayPath(in))
	}
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:2], ", "), len(names)-2)
	}
	return strings.Join(names, ", ")
}

// runLint prints the -lint report of the jobs' results and returns the exit
// code: 1 with errors, or with -strict and a structural warning; else 0.
// The report is the pages with problems, worst first, then a summary line
// per package (and one for all when there are several); with quiet, a run
// without problems prints nothing.
func runLint(w, stderr io.Writer, jobs []*job, results []*outcome, lf lintFlags, quiet bool) int {
	var all []spec.Diagnostic
	total := &lintTally{kinds: map[spec.DiagKind]int{}}
	var lines []string
	for i, j := range jobs {
		pages := lintPages(results[i].Diagnostics)
		t := tally(j, results[i], pages)
		total.add(t)
		all = append(all, results[i].Diagnostics...)
		lines = append(lines, t.line(jobLabel(j)))
	}
	pages := lintPages(all)
	code := ExitOK
	if total.errors > 0 || *lf.strict && total.structural > 0 {
		code = ExitFail
	}
	if *lf.json {
		if err := writeLintJSON(w, pages, total); err != nil {
			fmt.Fprintf(stderr, "cccgen: %v\n", err)
			return ExitFail
		}
		return code
	}
	for _, p := range pages {
		writeLintPage(w, p)
	}
	if len(lines) > 1 {
		lines = append(lines, total.line("all"))
	}
	if quiet && len(pages) == 0 {
		return code // -q: a clean run prints nothing
	}
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	return code
}

// writeLintPage prints a page's header, its diagnostics as file:line:col:
// lines and, after each group of warnings of one kind, the kind and how to
// fix the page.
func writeLintPage(w io.Writer, p *lintPage) {
	var counts []string
	if p.errors > 0 {
		counts = append(counts, fmt.Sprintf("%d %s", p.errors, plural(p.errors, "error", "errors")))
	}
	if p.warnings > 0 {
		s := fmt.Sprintf("%d %s", p.warnings, plural(p.warnings, "warning", "warnings"))
		if p.structural > 0 {
			s += fmt.Sprintf(" (%d structural)", p.structural)
		}
		counts = append(counts, s)
	}
	file := p.file
	if file == "" {
		file = "(no file)"
	}
	fmt.Fprintf(w, "# %s: %s\n", file, strings.Join(counts, ", "))
	for i, d := range p.diags {
		fmt.Fprintln(w, d.String())
		if d.Severity != spec.Warning {
			continue
		}
		if i+1 < len(p.diags) && p.diags[i+1].Severity == spec.Warning && p.diags[i+1].Kind == d.Kind {
			continue // the group goes on
		}
		if d.Kind == "" {
			continue
		}
		tag := string(d.Kind)
		if d.Kind.Structural() {
			tag += ", structural"
		}
		fmt.Fprintf(w, "\t[%s] fix: %s\n", tag, d.Kind.Fix())
	}
}

// The -lint -json document.
type lintDoc struct {
	Summary     lintSummary    `json:"summary"`
	Pages       []lintJSONPage `json:"pages"`
	Diagnostics []lintDiag     `json:"diagnostics"`
}

type lintSummary struct {
	Pages             int         `json:"pages"`
	Skipped           int         `json:"skipped"`
	PagesWithProblems int         `json:"pagesWithProblems"`
	Errors            int         `json:"errors"`
	Warnings          int         `json:"warnings"`
	Structural        int         `json:"structural"`
	Kinds             []kindCount `json:"kinds"`
}

type lintJSONPage struct {
	File       string `json:"file"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Structural int    `json:"structural"`
}

type lintDiag struct {
	File       string        `json:"file"`
	Line       int           `json:"line"`
	Col        int           `json:"col"`
	Severity   spec.Severity `json:"severity"`
	Kind       spec.DiagKind `json:"kind,omitempty"`
	Structural bool          `json:"structural"`
	Message    string        `json:"message"`
	Fix        string        `json:"fix,omitempty"`
}

// writeLintJSON prints the report as one JSON document, pages and
// diagnostics in the order of the text report.
func writeLintJSON(w io.Writer, pages []*lintPage, t *lintTally) error {
	doc := lintDoc{
		Summary: lintSummary{Pages: t.pages, Skipped: t.skipped, PagesWithProblems: t.withIssues, Errors: t.errors,
			Warnings: t.warnings, Structural: t.structural, Kinds: t.counts()},
		Pages:       []lintJSONPage{},
		Diagnostics: []lintDiag{},
	}
	if doc.Summary.Kinds == nil {
		doc.Summary.Kinds = []kindCount{}
	}
	for _, p := range pages {
		doc.Pages = append(doc.Pages, lintJSONPage{File: p.file, Errors: p.errors, Warnings: p.warnings, Structural: p.structural})
		for _, d := range p.diags {
			doc.Diagnostics = append(doc.Diagnostics, lintDiag{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity,
				Kind: d.Kind, Structural: isStructural(d), Message: d.Msg, Fix: d.Kind.Fix()})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
