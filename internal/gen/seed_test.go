package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

// The seed page's response has the wire structure the issue states: top level
// Code, HttpStatusCode, InstanceSummaryReport, Message, RequestId, Success;
// InstanceSummaryReport holds Inbound (24 fields), InstanceId, Outbound (15),
// Overall (16) and Timestamp; types from the table, Inbound.MaxTalkTime a string.
func TestSeedStructure(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "ccc", "GetInstanceSummaryReportSinceMidnight.md"))
	if err != nil {
		t.Fatal(err)
	}
	p := Load(Source{Name: "seed.md", Data: data})
	if spec.HasErrors(p.Diagnostics) {
		t.Fatal(p.Diagnostics)
	}
	names := func(f *spec.Field) []string {
		var out []string
		for _, c := range f.Fields {
			out = append(out, c.Name)
		}
		return out
	}
	child := func(f *spec.Field, name string) *spec.Field {
		for _, c := range f.Fields {
			if c.Name == name {
				return c
			}
		}
		t.Fatalf("%s has no field %s", f.Name, name)
		return nil
	}
	r := p.Response
	if d := cmp.Diff([]string{"Code", "HttpStatusCode", "InstanceSummaryReport", "Message", "RequestId", "Success"}, names(r)); d != "" {
		t.Errorf("top level (-want +got):\n%s", d)
	}
	isr := child(r, "InstanceSummaryReport")
	if d := cmp.Diff([]string{"Inbound", "InstanceId", "Outbound", "Overall", "Timestamp"}, names(isr)); d != "" {
		t.Errorf("InstanceSummaryReport (-want +got):\n%s", d)
	}
	for name, n := range map[string]int{"Inbound": 24, "Outbound": 15, "Overall": 16} {
		s := child(isr, name)
		if s.Kind != spec.Struct || len(s.Fields) != n {
			t.Errorf("%s: %s with %d fields, want a struct with %d", name, s.Kind, len(s.Fields), n)
		}
		for _, c := range s.Fields {
			if !c.Kind.IsScalar() {
				t.Errorf("%s.%s is %s", name, c.Name, c.Kind)
			}
		}
	}
	kinds := map[string]spec.Kind{
		"Code": spec.String, "HttpStatusCode": spec.Int32, "Success": spec.Bool,
		"InstanceSummaryReport.Inbound.MaxTalkTime":   spec.String,
		"InstanceSummaryReport.Outbound.MaxTalkTime":  spec.Int64,
		"InstanceSummaryReport.Inbound.HandleRate":    spec.Float64,
		"InstanceSummaryReport.Overall.OccupancyRate": spec.Float64,
		"InstanceSummaryReport.Overall.TotalCalls":    spec.Int64,
		"InstanceSummaryReport.Timestamp":             spec.String,
	}
	for path, want := range kinds {
		_, f := findField(r, path)
		if f == nil || f.Kind != want {
			t.Errorf("%s: %v, want %s", path, f, want)
		}
	}
	var req []string
	for _, f := range p.Params() {
		req = append(req, f.Name)
	}
	if d := cmp.Diff([]string{"InstanceId", "PageNumber", "PageSize"}, req); d != "" || !p.Params()[0].Required || p.Params()[1].Required {
		t.Errorf("request (-want +got):\n%s", d)
	}
}
