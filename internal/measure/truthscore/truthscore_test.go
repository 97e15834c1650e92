package truthscore

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustLeaves(t *testing.T, js string) []Leaf {
	t.Helper()
	got, err := TruthLeaves([]byte(js))
	if err != nil {
		t.Fatalf("TruthLeaves: %v", err)
	}
	return got
}

func TestTruthLeavesShapes(t *testing.T) {
	js := `{"action":"X","response":{"name":"XResponse","type":"struct","fields":[
		{"name":"RequestId","type":"string"},
		{"name":"TotalCount","type":"integer"},
		{"name":"Size","type":"long"},
		{"name":"Rate","type":"float"},
		{"name":"Ratio","type":"double"},
		{"name":"Success","type":"boolean"},
		{"name":"Labels","type":"map"},
		{"name":"Config","type":"map","items":{"type":"string"}},
		{"name":"Empty","type":"struct","fields":[]},
		{"name":"Report","type":"struct","fields":[
			{"name":"Inbound","type":"struct","fields":[{"name":"Calls","type":"long"}]},
			{"name":"InstanceId","type":"string"}
		]},
		{"name":"Users","type":"struct","fields":[
			{"name":"User","type":"array","items":{"type":"struct","fields":[
				{"name":"Name","type":"string"},
				{"name":"Attrs","type":"map"},
				{"name":"Nothing","type":"struct"}
			]}}
		]},
		{"name":"Tags","type":"struct","fields":[
			{"name":"Tag","type":"array","items":{"type":"string"}}
		]},
		{"name":"Logs","type":"array","items":{"type":"map"}},
		{"name":"Matrix","type":"array","items":{"type":"array","items":{"type":"integer"}}},
		{"name":"Opaque","type":"array"},
		{"name":"Hollow","type":"array","items":{"type":"struct","fields":[]}},
		{"name":"Area.en","type":"string"},
		{"name":"Headers","type":"struct","fields":[{"name":"X-Total-Count","type":"integer"}]}
	]}}`
	want := []Leaf{
		{"Area.en", "string"},
		{"Config", "map"},
		{"Empty", "struct"},
		{"Headers.X-Total-Count", "int"},
		{"Hollow[]", "struct"},
		{"Labels", "map"},
		{"Logs[]", "map"},
		{"Matrix[][]", "int"},
		{"Opaque[]", "array"},
		{"Rate", "float"},
		{"Ratio", "float"},
		{"Report.Inbound.Calls", "int"},
		{"Report.InstanceId", "string"},
		{"RequestId", "string"},
		{"Size", "int"},
		{"Success", "bool"},
		{"Tags.Tag[]", "string"},
		{"TotalCount", "int"},
		{"Users.User[].Attrs", "map"},
		{"Users.User[].Name", "string"},
		{"Users.User[].Nothing", "struct"},
	}
	if diff := cmp.Diff(want, mustLeaves(t, js)); diff != "" {
		t.Errorf("leaves (-want +got):\n%s", diff)
	}
}

func TestTruthLeavesRoots(t *testing.T) {
	tests := []struct {
		name, js string
		want     []Leaf
	}{
		{"no body", `{"response":{"name":"R","type":"struct","fields":[],"no_body":true}}`, []Leaf{}},
		{"empty root struct", `{"response":{"name":"R","type":"struct"}}`, []Leaf{}},
		{"root array of structs", `{"response":{"name":"R","type":"array","items":{"type":"struct","fields":[
			{"name":"to","type":"long"},{"name":"from","type":"long"}]}}}`,
			[]Leaf{{"[].from", "int"}, {"[].to", "int"}}},
		{"root array of scalars", `{"response":{"name":"R","type":"array","items":{"type":"integer"}}}`,
			[]Leaf{{"[]", "int"}}},
		{"tea wrapper", `{"response":{"name":"R","type":"struct","fields":[
			{"name":"headers","type":"map"},{"name":"statusCode","type":"integer"},
			{"name":"body","type":"struct","fields":[{"name":"RequestId","type":"string"}]}]}}`,
			[]Leaf{{"RequestId", "string"}}},
		{"not a tea wrapper", `{"response":{"name":"R","type":"struct","fields":[
			{"name":"body","type":"string"},{"name":"RequestId","type":"string"}]}}`,
			[]Leaf{{"RequestId", "string"}, {"body", "string"}}},
		{"duplicate path keeps first", `{"response":{"name":"R","type":"struct","fields":[
			{"name":"A","type":"string"},{"name":"A","type":"integer"}]}}`,
			[]Leaf{{"A", "string"}}},
		{"object", `{"response":{"name":"R","type":"struct","fields":[
			{"name":"O","type":"object"},{"name":"P","type":"object","fields":[{"name":"Q","type":"Integer"}]}]}}`,
			[]Leaf{{"O", "map"}, {"P.Q", "int"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, mustLeaves(t, tt.js)); diff != "" {
				t.Errorf("leaves (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTruthLeavesErrors(t *testing.T) {
	for _, js := range []string{
		`not json`,
		`{"request":[]}`,
		`{"response":{"name":"R","type":"struct","fields":[{"name":"A","type":"complex"}]}}`,
		`{"response":{"name":"R","type":"struct","fields":[{"type":"string"}]}}`,
		`{"response":{"name":"R","type":"string"}}`,
	} {
		if got, err := TruthLeaves([]byte(js)); err == nil {
			t.Errorf("TruthLeaves(%s) = %v, want error", js, got)
		}
	}
}

func TestVisible(t *testing.T) {
	page := "|名称|类型|\n|--|--|\n|InstanceId|String|\n|Users|Struct|\n|└Name|String|\n" +
		"返回UserList数据。 doc\\_value &quot;Quoted&quot; <NameDesc.En>x</NameDesc.En>\n" +
		`"header":{"Arms-Content-Type":"json"}` + "\n"
	tests := []struct {
		path string
		want bool
	}{
		{"InstanceId", true},
		{"Users.User[].Name", false}, // "User" only inside "Users"/"UserList"
		{"Users", true},
		{"Users.Name", true},
		{"UserList", true},    // Chinese text is a boundary
		{"Id", false},         // not a whole identifier
		{"instanceid", false}, // case-sensitive
		{"doc_value", true},   // Markdown escape removed
		{"Quoted", true},      // HTML entities decoded
		{"NameDesc.En", true},
		{"Content", false}, // inside "Arms-Content-Type"
		{"Arms-Content-Type", true},
		{"[]", true}, // no names
	}
	for _, tt := range tests {
		if got := Visible(Leaf{Path: tt.path, Kind: "string"}, page); got != tt.want {
			t.Errorf("Visible(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	page := "RequestId Users User Name Age Tags Tag Extra"
	truth := []Leaf{
		{"RequestId", "string"},
		{"Users.User[].Name", "string"},
		{"Users.User[].Age", "int"},
		{"Users.User[].Hidden", "string"}, // not on the page
		{"Tags.Tag[]", "string"},
	}
	gen := []Leaf{
		{"RequestId", "string"},
		{"Users.User[].Name", "string"},
		{"Users.User[].Age", "string"},  // kind differs
		{"Users.User[].Hidden", "bool"}, // precise though invisible; not a recall kind compare
		{"Users.User[].name", "string"}, // case differs: extra
		{"Tags.Tag", "string"},          // missing []
		{"RequestId", "int"},            // duplicate path, dropped
	}
	got := Compare(truth, gen, page)
	want := Score{
		TruthVisible: 4, Recalled: 3,
		Generated: 6, Precise: 4,
		KindAgree: 2, KindCompared: 3,
		Missing: []string{"Tags.Tag[]"},
		Extra:   []string{"Tags.Tag", "Users.User[].name"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}

	empty := Compare(nil, nil, "")
	if diff := cmp.Diff(Score{Missing: []string{}, Extra: []string{}}, empty); diff != "" {
		t.Errorf("Compare(nil, nil) (-want +got):\n%s", diff)
	}
}

func TestPages(t *testing.T) {
	dir := t.TempDir()
	tsv := "file\ttruth\tversion\ndocs/a/X.md\ta/1/X.json\t1\ndocs/a/Y.md\ta/1/Z.json\t1\n"
	if err := os.WriteFile(filepath.Join(dir, "pages.tsv"), []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Pages(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"docs/a/X.md": "a/1/X.json", "docs/a/Y.md": "a/1/Z.json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pages (-want +got):\n%s", diff)
	}
	if _, err := Pages(t.TempDir()); err == nil {
		t.Error("Pages on a dir without pages.tsv: want error")
	}
}

const (
	sharedTruth  = "../../../../shared/truth"
	sharedCorpus = "../../../../shared/corpus"
	seedPage     = "docs/ccc/GetInstanceSummaryReportSinceMidnight.md"
)

func TestSharedTruth(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedTruth, "pages.tsv")); err != nil {
		t.Skip("../shared/truth (../../../shared/truth from this package) is absent; skipping the real-truth test")
	}
	pages, err := Pages(sharedTruth)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 1000 {
		t.Errorf("pages.tsv lists %d pages, want 1000+", len(pages))
	}
	for page, truth := range pages {
		data, err := os.ReadFile(filepath.Join(sharedTruth, truth))
		if err != nil {
			t.Errorf("%s: %v", page, err)
			continue
		}
		leaves, err := TruthLeaves(data)
		if err != nil {
			t.Errorf("%s (%s): %v", page, truth, err)
			continue
		}
		if !sort.SliceIsSorted(leaves, func(i, j int) bool { return leaves[i].Path < leaves[j].Path }) {
			t.Errorf("%s: leaves not sorted", truth)
		}
		for i, l := range leaves {
			if i > 0 && leaves[i-1].Path == l.Path {
				t.Errorf("%s: duplicate path %s", truth, l.Path)
			}
			switch l.Kind {
			case "string", "int", "float", "bool", "map", "struct", "array":
			default:
				t.Errorf("%s: %s has kind %q", truth, l.Path, l.Kind)
			}
		}
	}

	truthFile, ok := pages[seedPage]
	if !ok {
		t.Fatalf("pages.tsv has no %s", seedPage)
	}
	data, err := os.ReadFile(filepath.Join(sharedTruth, truthFile))
	if err != nil {
		t.Fatal(err)
	}
	leaves, err := TruthLeaves(data)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, l := range leaves {
		switch {
		case strings.HasPrefix(l.Path, "InstanceSummaryReport.Inbound."):
			count["Inbound"]++
		case strings.HasPrefix(l.Path, "InstanceSummaryReport.Outbound."):
			count["Outbound"]++
		case strings.HasPrefix(l.Path, "InstanceSummaryReport.Overall."):
			count["Overall"]++
		case strings.HasPrefix(l.Path, "InstanceSummaryReport."):
			count["report"]++
		case !strings.Contains(l.Path, "."):
			count["top"]++
		default:
			count["other"]++
		}
	}
	wantCount := map[string]int{"Inbound": 24, "Outbound": 15, "Overall": 16, "report": 2, "top": 5}
	if diff := cmp.Diff(wantCount, count); diff != "" {
		t.Errorf("seed leaf counts (-want +got):\n%s", diff)
	}
	if len(leaves) != 24+15+16+2+5 {
		t.Errorf("seed has %d leaves, want %d", len(leaves), 24+15+16+2+5)
	}
	wantSome := []Leaf{
		{"Code", "string"},
		{"HttpStatusCode", "int"},
		{"InstanceSummaryReport.Inbound.HandleRate", "float"},
		{"InstanceSummaryReport.Inbound.MaxTalkTime", "string"},
		{"InstanceSummaryReport.InstanceId", "string"},
		{"InstanceSummaryReport.Timestamp", "string"},
		{"Message", "string"},
		{"RequestId", "string"},
		{"Success", "bool"},
	}
	have := map[Leaf]bool{}
	for _, l := range leaves {
		have[l] = true
	}
	for _, l := range wantSome {
		if !have[l] {
			t.Errorf("seed lacks leaf %+v", l)
		}
	}

	pageText, err := os.ReadFile(filepath.Join(sharedCorpus, seedPage))
	if err != nil {
		t.Skipf("seed page %s absent under ../shared/corpus: %v", seedPage, err)
	}
	s := Compare(leaves, leaves, string(pageText))
	if s.TruthVisible != len(leaves) || s.Recalled != s.TruthVisible ||
		s.Generated != len(leaves) || s.Precise != s.Generated ||
		s.KindAgree != s.KindCompared || s.KindCompared != s.Recalled ||
		len(s.Missing) != 0 || len(s.Extra) != 0 {
		t.Errorf("Compare(truth, truth, seed page) = %+v, want 100%% recall and precision over all %d leaves", s, len(leaves))
	}
}
