package fakeapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/spec"
)

func TestOf(t *testing.T) {
	params := []*spec.Field{{Name: "RegionId", Required: true}, {Name: "PageSize"}, {Name: "Tag", Required: true}}
	ex := []spec.Example{{Kind: spec.XMLExample, Canonical: "<R/>"}, {Kind: spec.JSONExample, Canonical: `{"a":1}`}, {Kind: spec.JSONExample, Canonical: `{"b":2}`}}
	rpc := &spec.Page{Endpoint: spec.Endpoint{Product: "Ecs", Version: "2014-05-26", Style: spec.RPC, Method: "GET", Path: "/ignored"}, Action: "DescribeX", Examples: ex, XMLRooted: true}
	want := acsfake.API{Product: "Ecs", Version: "2014-05-26", Action: "DescribeX", Style: "RPC", Required: []string{"RegionId", "Tag"}, JSON: `{"a":1}`, XML: "<R/>", XMLRooted: true}
	if d := cmp.Diff(want, Of(rpc, params)); d != "" {
		t.Errorf("RPC (-want +got):\n%s", d)
	}
	roa := &spec.Page{Endpoint: spec.Endpoint{Product: "es", Version: "2017-06-13", Style: spec.ROA, Method: "PUT", Path: "/x/{Id}"}, Action: "ListX"}
	want = acsfake.API{Product: "es", Version: "2017-06-13", Action: "ListX", Style: "ROA", Method: "PUT", Path: "/x/{Id}"}
	if d := cmp.Diff(want, Of(roa, nil)); d != "" {
		t.Errorf("ROA (-want +got):\n%s", d)
	}
}
