package gen_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/spec"
)

// The pages of testdata/envelope share an envelope (Code, ErrorMessage,
// RequestId, Success). GetWidget's flat table lists ErrorMessage right
// after Data's members, and its success example shows it nowhere: alone,
// the table's order puts it in Data; generated with the other pages, which
// show it at the top, it is a top-level field.
func TestEnvelopeLearnedFromPackage(t *testing.T) {
	srcs := testPages(t, "testdata/envelope", 4)
	var get gen.Source
	for _, s := range srcs {
		if s.Name == "GetWidget.md" {
			get = s
		}
	}
	alone, data := widgetFields(gen.Load(get))
	if want := []string{"Code", "Data", "RequestId", "Success"}; !slices.Equal(alone, want) || !slices.Equal(data, []string{"Name", "Size", "ErrorMessage"}) {
		t.Fatalf("GetWidget alone: top %v, Data %v; want top %v and ErrorMessage in Data (the table's order)", alone, data, want)
	}
	p := packageWidget(t, srcs)
	var warned bool
	for _, d := range p.Diagnostics {
		warned = warned || d.Kind == spec.DiagResponseNesting && d.Pos.Line == 20 && strings.Contains(d.Msg, "response field ErrorMessage follows the fields of Data")
	}
	if !warned {
		t.Errorf("no response-nesting warning at GetWidget.md:20 for ErrorMessage: %v", p.Diagnostics)
	}
	names, data := widgetFields(p)
	if want := []string{"Code", "Data", "ErrorMessage", "RequestId", "Success"}; !slices.Equal(names, want) || !slices.Equal(data, []string{"Name", "Size"}) {
		t.Errorf("GetWidget in its package: top %v, Data %v; want top %v, Data [Name Size]", names, data, want)
	}
}

// Without an example, nothing says the page shows its response without the
// envelope field: GetWidget with its examples cut (and Data's members
// renamed Alpha and Beta, so that the table's sorted order keeps
// ErrorMessage in Data) keeps the table's order even in the package.
func TestEnvelopeNeedsAnExample(t *testing.T) {
	srcs := testPages(t, "testdata/envelope", 4)
	for i, s := range srcs {
		if s.Name == "GetWidget.md" {
			page := string(s.Data[:strings.Index(string(s.Data), "## 示例")])
			page = strings.NewReplacer("|Name|", "|Alpha|", "|Size|", "|Beta|").Replace(page)
			srcs[i].Data = []byte(page)
		}
	}
	names, data := widgetFields(packageWidget(t, srcs))
	if slices.Contains(names, "ErrorMessage") {
		t.Errorf("ErrorMessage placed at the top of a page without examples")
	}
	if want := []string{"Alpha", "Beta", "ErrorMessage"}; !slices.Equal(data, want) {
		t.Errorf("Data %v, want %v (the table's order)", data, want)
	}
}

// packageWidget generates srcs as one package and returns its GetWidget page.
func packageWidget(t *testing.T, srcs []gen.Source) *spec.Page {
	t.Helper()
	res := gen.Package(srcs, gen.Options{Package: fuzzPkg})
	if spec.HasErrors(res.Diagnostics) {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	for _, p := range res.Pages {
		if p.Action == "GetWidget" {
			return p
		}
	}
	t.Fatal("no GetWidget page")
	return nil
}

// widgetFields are the names of a response's top-level fields, sorted, and
// of Data's fields, in order.
func widgetFields(p *spec.Page) (names, data []string) {
	for _, f := range p.Response.Fields {
		names = append(names, f.Name)
		if f.Name == "Data" {
			for _, d := range f.Fields {
				data = append(data, d.Name)
			}
		}
	}
	sort.Strings(names)
	return names, data
}
