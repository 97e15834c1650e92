package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// leaves lists a truth tree's leaves as the conformance score paths them.
func leaves(n *node, path string) []string {
	p := path
	if n.Name != "" {
		if p != "" {
			p += "."
		}
		p += n.Name
	}
	switch n.Type {
	case "array":
		return leaves(n.Items, p+"[]")
	case "struct":
		var out []string
		for _, c := range n.Fields {
			out = append(out, leaves(c, p)...)
		}
		return out
	}
	return []string{p + ":" + n.Type}
}

func TestRun(t *testing.T) {
	s, err := loadSDK(filepath.Join("testdata", "sdk", "client"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	n, skipped, err := run(out, map[string]*sdk{"demo/2020-01-01": s}, nil, false, []string{filepath.Join("testdata", "docs", "demo")})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(skipped) != 3 || !strings.Contains(skipped[0], "no GetGadgetResponseBody; no classic SDK package for demo") || !strings.Contains(skipped[1], "no OpenAPI Explorer link") {
		t.Errorf("wrote %d, skipped %q", n, skipped)
	}
	tsv, err := os.ReadFile(filepath.Join(out, "pages.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "file\ttruth\tversion\ndocs/demo/DescribeWidgets.md\tdemo/2020-01-01/DescribeWidgets.json\t2020-01-01\n"; string(tsv) != want {
		t.Errorf("pages.tsv:\n%s\nwant\n%s", tsv, want)
	}
	data, err := os.ReadFile(filepath.Join(out, "demo", "2020-01-01", "DescribeWidgets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Response *node }
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(leaves(doc.Response, ""), " ")
	want := "DescribeWidgetsResponse.RequestId:string DescribeWidgetsResponse.TotalCount:integer " +
		"DescribeWidgetsResponse.Widgets.Widget[].WidgetId:string DescribeWidgetsResponse.Labels:map " +
		"DescribeWidgetsResponse.Ids[]:string DescribeWidgetsResponse.Size:long DescribeWidgetsResponse.Rate:float " +
		"DescribeWidgetsResponse.Ok:boolean"
	if !strings.HasPrefix(got, want+" DescribeWidgetsResponse.Self.Next.") || !strings.HasSuffix(got, ":map") {
		t.Errorf("leaves:\n%s\nwant %s, then Self.Next… ending in a map", got, want)
	}
}

// The classic SDK gives the request: parameters and positions, the wire
// keys its flattening writes (Repeated lists of structs and of strings,
// Struct members, literal indexes written N, a Json parameter as one key,
// RegionId, which its RPC signer adds), and a ROA API's method and path. A
// page whose Tea response the SDKs lack is written with the request only; a
// classic API of another version than the page's is not used. The Tea
// SDK's request doc comments give the required flags.
func TestRunClassic(t *testing.T) {
	out := t.TempDir()
	n, skipped, err := runDemo(t, out, false)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(skipped) != 2 || !strings.Contains(skipped[1], "OldThing.md: the Tea SDK has no OldThingResponseBody; the classic SDK's OldThing is of version 2019-01-01, not 2020-01-01") {
		t.Errorf("wrote %d, skipped %q", n, skipped)
	}
	type doc struct {
		Style    string
		Method   string
		Pathname string
		Request  []param
		Keys     map[string]string `json:"request_wire_keys"`
		Response *node
	}
	read := func(action string) (d doc) {
		readDemo(t, out, action, &d)
		return d
	}
	keys := func(d doc) string {
		var ks []string
		for k, v := range d.Keys {
			ks = append(ks, k+":"+v)
		}
		sort.Strings(ks)
		return strings.Join(ks, " ")
	}
	params := func(d doc) string {
		var ps []string
		for _, p := range d.Request {
			ps = append(ps, p.Name+":"+p.Type+"@"+p.Position)
		}
		return strings.Join(ps, " ")
	}
	w := read("DescribeWidgets")
	if got, want := keys(w), "Config:string DryRun:boolean Filter.N.Key:string Options.Deep:boolean Options.Disks.N:string PageSize:integer RegionId:string Tag.N.Key:string Tag.N.Value:string WidgetIds.N:string"; got != want {
		t.Errorf("DescribeWidgets keys:\n%s\nwant\n%s", got, want)
	}
	if got, want := params(w), "PageSize:integer@Query Tag:repeatlist@Query WidgetIds:repeatlist@Query Filter:struct@Query Options:struct@Query Config:string@Body DryRun:boolean@Query RegionId:string@Query"; got != want {
		t.Errorf("DescribeWidgets params:\n%s\nwant\n%s", got, want)
	}
	var flags []string
	for _, p := range w.Request {
		if p.Required != nil {
			flags = append(flags, fmt.Sprintf("%s:%v:%s", p.Name, *p.Required, p.RequiredSource))
		}
	}
	if got, want := strings.Join(flags, " "), "PageSize:true:tea-doc DryRun:false:tea-doc-absent"; got != want {
		t.Errorf("required flags from the Tea request's doc comments: %s, want %s", got, want)
	}
	if w.Style != "RPC" || w.Method != "" || w.Response == nil {
		t.Errorf("DescribeWidgets: style %q, method %q, response %v; want RPC, none (the gateway takes both), the Tea SDK's", w.Style, w.Method, w.Response)
	}
	g := read("GetGadget")
	if got, want := keys(g)+" | "+params(g), "GadgetId:string verbose:string x-trace:string | GadgetId:string@Path verbose:string@Query x-trace:string@Header"; got != want {
		t.Errorf("GetGadget: %s, want %s", got, want)
	}
	if g.Style != "ROA" || g.Method != "GET" || g.Pathname != "/gadgets/{GadgetId}" || g.Response != nil {
		t.Errorf("GetGadget: style %q, method %q, path %q, response %v; want ROA GET /gadgets/{GadgetId}, no response", g.Style, g.Method, g.Pathname, g.Response)
	}
}

// With -classic-responses, a page no Tea SDK gives a response for takes the
// classic SDK's, marked as such; a Tea response stays.
func TestRunClassicResponses(t *testing.T) {
	out := t.TempDir()
	if _, _, err := runDemo(t, out, true); err != nil {
		t.Fatal(err)
	}
	read := func(action string) (d struct {
		Response *node
		Source   string `json:"response_source"`
	}) {
		readDemo(t, out, action, &d)
		return d
	}
	g := read("GetGadget")
	if g.Response == nil {
		t.Fatal("GetGadget: no response from the classic SDK")
	}
	if got, want := strings.Join(leaves(g.Response, ""), " "), "GetGadgetResponse.RequestId:string GetGadgetResponse.Parts.Part[].PartId:string GetGadgetResponse.Parts.Part[].Weight:long"; got != want || g.Source != "classic" {
		t.Errorf("GetGadget: %s (source %q), want %s (classic)", got, g.Source, want)
	}
	if w := read("DescribeWidgets"); w.Response == nil || w.Source != "" {
		t.Errorf("DescribeWidgets: response %v, source %q; want the Tea SDK's", w.Response, w.Source)
	}
}

// runDemo runs teatruth on the demo pages with the demo Tea and classic
// SDKs of testdata.
func runDemo(t *testing.T, out string, classicResponses bool) (int, []string, error) {
	t.Helper()
	tea, err := loadSDK(filepath.Join("testdata", "sdk", "client"))
	if err != nil {
		t.Fatal(err)
	}
	classic, err := loadSDK(filepath.Join("testdata", "classic", "services", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	return run(out, map[string]*sdk{"demo/2020-01-01": tea}, func(code string) []*sdk {
		if code == "demo" {
			return []*sdk{classic}
		}
		return nil
	}, classicResponses, []string{filepath.Join("testdata", "docs", "demo")})
}

// readDemo decodes the truth file runDemo wrote for action into v.
func readDemo(t *testing.T, out, action string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "demo", "2020-01-01", action+".json"))
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}
