package main

import (
	"encoding/json"
	"os"
	"path/filepath"
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
	n, skipped, err := run(out, map[string]sdk{"demo/2020-01-01": s}, []string{filepath.Join("testdata", "docs", "demo")})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(skipped) != 2 || !strings.Contains(skipped[0], "no GetGadgetResponseBody") || !strings.Contains(skipped[1], "no OpenAPI Explorer link") {
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
