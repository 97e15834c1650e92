package conformance

import (
	"testing"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

func TestStructCauses(t *testing.T) {
	truth := []truthscore.Leaf{
		{Path: "RequestId", Kind: "string"},
		{Path: "Items.Item[].Name", Kind: "string"},
		{Path: "Fc.FcParameter[].Id", Kind: "int"},
		{Path: "Total", Kind: "int"},
		{Path: "Meta.Owner", Kind: "string"},
		{Path: "Result.Port", Kind: "int"},
	}
	gen := []truthscore.Leaf{
		{Path: "RequestId", Kind: "string"},
		{Path: "Name", Kind: "string"},   // the SDK has it under Items.Item[]
		{Path: "Fc.Id", Kind: "int"},     // the SDK's FcParameter is not on the page
		{Path: "Extra", Kind: "string"},  // a table row the SDK lacks
		{Path: "Sample", Kind: "string"}, // only the example has it
		{Path: "Result", Kind: "map"},    // untyped
	}
	page := "RequestId Items Item Name Fc Id Total Meta Owner Result Port Extra"
	p := &spec.Page{
		ResponseRows: []spec.Row{{Name: "RequestId"}, {Name: "Items"}, {Name: "Name"}, {Name: "Fc"}, {Name: "Id"}, {Name: "Extra"}, {Name: "Total"}},
		Examples:     []spec.Example{{Kind: spec.JSONExample, Text: `{"RequestId":"r","Sample":"s","Total":1}`}},
	}
	s := truthscore.Compare(truth, gen, page)
	got := structCauses(s, truth, gen, p, page, nil)
	want := map[string]int{
		"extra: " + causePlaced:      1,
		"extra: " + causeHiddenPath:  1,
		"extra: " + causePageOnly:    1,
		"extra: " + causeExampleOnly: 1,
		"extra: " + causeUntyped:     1,
		"missing: " + causePlaced:    1, // Items.Item[].Name
		"missing: " + causeDropped:   1, // Total: a row
		"missing: " + causeTextOnly:  1, // Meta.Owner: only in the text
		"missing: " + causeUntyped:   1, // Result.Port under the map
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("causes (-want +got):\n%s\nscore %+v", d, s)
	}
}
