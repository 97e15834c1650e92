package cli

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/spec"
)

// lintRun runs cccgen with args in testdata/lint.
func lintRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir("testdata/lint")
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// -lint groups the problems by page, worst first (errors, then structural
// warnings), the warnings of a page by kind with one fix line per group,
// and ends with a summary that counts each kind.
func TestLintReport(t *testing.T) {
	code, out, errb := lintRun(t, "-lint", "clean.md", "minor.md", "shape.md")
	if code != ExitOK {
		t.Fatalf("-lint with warnings only: exit %d, want 0\n%s%s", code, out, errb)
	}
	headers := regexp.MustCompile(`(?m)^# (\S+): (.*)$`).FindAllStringSubmatch(out, -1)
	var files []string
	for _, h := range headers {
		files = append(files, h[1]+": "+h[2])
	}
	want := []string{"shape.md: 2 warnings (2 structural)", "minor.md: 2 warnings"}
	if strings.Join(files, "|") != strings.Join(want, "|") {
		t.Errorf("page headers %q, want %q (worst first; a page without problems has none)", files, want)
	}
	if strings.Contains(out, "clean.md:") {
		t.Errorf("a page without problems is listed:\n%s", out)
	}
	// Every warning line is followed, at the end of its kind's group, by the
	// kind and the fix; structural kinds are marked.
	for _, k := range []spec.DiagKind{spec.DiagFieldOnlyInExample, spec.DiagListOrObject} {
		if !strings.Contains(out, "\t["+string(k)+", structural] fix: "+k.Fix()+"\n") {
			t.Errorf("no fix line for %s:\n%s", k, out)
		}
	}
	if !strings.Contains(out, "\t["+string(spec.DiagExampleRepaired)+"] fix: ") {
		t.Errorf("no fix line for %s:\n%s", spec.DiagExampleRepaired, out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	if want := "cccgen: clean.md, minor.md, shape.md: 3 pages, 2 with problems: 4 warnings (2 structural: 1 field-only-in-example, 1 list-or-object; 2 other: 1 example-repaired, 1 missing-from-example)"; last != want {
		t.Errorf("summary\n%s\nwant\n%s", last, want)
	}
	// Within a page, the structural group comes first.
	if i, j := strings.Index(out, "Color is in the examples"), strings.Index(out, "typed Array of Widget"); i < 0 || j < 0 {
		t.Errorf("shape.md's warnings missing:\n%s", out)
	}
	if i, j := strings.Index(out, "# shape.md"), strings.Index(out, "# minor.md"); i > j {
		t.Errorf("the page with structural warnings is not first")
	}
	// A warning says what cccgen did after what the page says.
	for _, w := range []string{"Color is in the examples but not in the table; generated with the type of the example's value",
		"Total is in the table but not in the examples; generated as the table says"} {
		if !strings.Contains(out, w) {
			t.Errorf("no warning %q:\n%s", w, out)
		}
	}
}

// A clean run says so (and -q silences it); an error fails the run.
func TestLintCleanAndErrors(t *testing.T) {
	code, out, _ := lintRun(t, "-lint", "clean.md")
	if code != ExitOK || out != "cccgen: clean.md: 1 page, no problems\n" {
		t.Errorf("clean page: exit %d, output %q", code, out)
	}
	var o, e bytes.Buffer
	if code := Run([]string{"-lint", "-q", "clean.md"}, &o, &e); code != ExitOK || o.Len() != 0 {
		t.Errorf("-q on a clean page: exit %d, output %q", code, o.String())
	}
	o.Reset()
	if code := Run([]string{"-lint", "broken.md", "minor.md"}, &o, &e); code != ExitFail {
		t.Errorf("a page with an error: exit %d, want 1", code)
	}
	if !strings.HasPrefix(o.String(), "# broken.md: 1 error\nbroken.md:1:1: ") {
		t.Errorf("the page with an error is not first:\n%s", o.String())
	}
}

// -strict fails on warnings that change the generated structure, and only
// on those.
func TestLintStrict(t *testing.T) {
	if code, out, _ := lintRun(t, "-lint", "-strict", "clean.md", "minor.md"); code != ExitOK {
		t.Errorf("-strict with no structural warning: exit %d, want 0\n%s", code, out)
	}
	var o, e bytes.Buffer
	if code := Run([]string{"-lint", "-strict", "minor.md", "shape.md"}, &o, &e); code != ExitFail {
		t.Errorf("-strict with structural warnings: exit %d, want 1", code)
	}
	e.Reset()
	if code := Run([]string{"-strict", "shape.md"}, &o, &e); code != ExitUsage || !strings.Contains(e.String(), "-strict and -json go with -lint") {
		t.Errorf("-strict without -lint: exit %d, %q", code, e.String())
	}
}

// -lint -json is one document with the same pages, order and counts as the
// text report.
func TestLintJSON(t *testing.T) {
	code, out, _ := lintRun(t, "-lint", "-json", "-strict", "clean.md", "minor.md", "shape.md")
	if code != ExitFail {
		t.Errorf("-json -strict with structural warnings: exit %d, want 1", code)
	}
	var doc struct {
		Summary struct {
			Pages, Skipped, PagesWithProblems, Errors, Warnings, Structural int
			Kinds                                                           []struct {
				Kind       string
				Structural bool
				Count      int
			}
		}
		Pages []struct {
			File                         string
			Errors, Warnings, Structural int
		}
		Diagnostics []struct {
			File           string
			Line, Col      int
			Severity, Kind string
			Structural     bool
			Message, Fix   string
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	s := doc.Summary
	if s.Pages != 3 || s.PagesWithProblems != 2 || s.Errors != 0 || s.Warnings != 4 || s.Structural != 2 || len(s.Kinds) != 4 {
		t.Errorf("summary %+v", s)
	}
	if len(doc.Pages) != 2 || doc.Pages[0].File != "shape.md" || doc.Pages[0].Structural != 2 || doc.Pages[1].File != "minor.md" {
		t.Errorf("pages %+v", doc.Pages)
	}
	if len(doc.Diagnostics) != 4 {
		t.Fatalf("%d diagnostics, want 4", len(doc.Diagnostics))
	}
	for _, d := range doc.Diagnostics {
		k := spec.DiagKind(d.Kind)
		if !k.Known() || d.Fix != k.Fix() || d.Structural != k.Structural() || d.Line == 0 || d.Col == 0 || d.Severity != "warning" {
			t.Errorf("diagnostic %+v", d)
		}
	}
	if doc.Diagnostics[0].File != "shape.md" || !doc.Diagnostics[0].Structural {
		t.Errorf("first diagnostic %+v, want shape.md's structural one", doc.Diagnostics[0])
	}
}
