package perfdecode

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/generated/ccc"
	"github.com/cccgen/cccgen/internal/measure/perfdecode/gen/synth"
)

// An input is one response in JSON (as served, quoted numbers included),
// in JSON for the floor (those quotes removed) and in XML, with the types
// each decoder fills.
type input struct {
	name                 string
	json, jsonPlain, xml []byte
	newGen, newPlain     func() any
	newPeer              func() responses.AcsResponse
}

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.TrimSpace(b)
}

func inputs(tb testing.TB) []input {
	tb.Helper()
	seedJSON := mustRead(tb, "testdata/seed.json")
	seedPlain, err := Dequote(seedJSON, reflect.TypeFor[SeedPlain]())
	if err != nil {
		tb.Fatal(err)
	}
	return []input{{
		name:      "seed",
		json:      seedJSON,
		jsonPlain: seedPlain,
		xml:       mustRead(tb, "testdata/seed.xml"),
		newGen:    func() any { return new(ccc.GetInstanceSummaryReportSinceMidnightResponse) },
		newPlain:  func() any { return new(SeedPlain) },
		newPeer:   func() responses.AcsResponse { return NewSeedPeer() },
	}, {
		name:      "list10k",
		json:      SynthJSON(SynthN, true),
		jsonPlain: SynthJSON(SynthN, false),
		xml:       SynthXML(SynthN),
		newGen:    func() any { return new(synth.ListCallRecordsResponse) },
		newPlain:  func() any { return new(SynthPlain) },
		newPeer:   func() responses.AcsResponse { return NewSynthPeer() },
	}}
}

// generic is v as a generic JSON value.
func generic(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var g any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// missing lists what of want is absent or different in got (got may have more).
func missing(path string, want, got any) []string {
	if w, ok := want.(map[string]any); ok {
		g, ok := got.(map[string]any)
		if !ok {
			return []string{path + ": not an object"}
		}
		var out []string
		for k, wv := range w {
			out = append(out, missing(path+"."+k, wv, g[k])...)
		}
		return out
	}
	if w, ok := want.([]any); ok {
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{path + ": list differs"}
		}
		var out []string
		for i := range w {
			out = append(out, missing(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
	}
	return nil
}

// Every decoder reads every input to the same values, so the benchmarks
// compare like with like.
func TestDecodersAgree(t *testing.T) {
	for _, in := range inputs(t) {
		t.Run(in.name, func(t *testing.T) {
			gj, pj, fj := in.newGen(), in.newPeer(), in.newPlain()
			if err := acsrt.UnmarshalJSON(in.json, gj); err != nil {
				t.Fatal("cccgen json:", err)
			}
			gs := in.newGen()
			if err := json.Unmarshal(in.json, gs); err != nil {
				t.Fatal("cccgen json.Unmarshal:", err)
			}
			if !reflect.DeepEqual(gj, gs) {
				t.Error("acsrt.UnmarshalJSON and json.Unmarshal differ")
			}
			if err := PeerJSON.Unmarshal(in.json, pj); err != nil {
				t.Fatal("peer json:", err)
			}
			if err := json.Unmarshal(in.jsonPlain, fj); err != nil {
				t.Fatal("floor json:", err)
			}
			gx, px, fx := in.newGen(), in.newPeer(), in.newPlain()
			for name, v := range map[string]any{"cccgen": gx, "peer": px, "floor": fx} {
				if err := xml.Unmarshal(in.xml, v); err != nil {
					t.Fatalf("%s xml: %v", name, err)
				}
			}
			gf := in.newGen()
			if err := acsrt.UnmarshalXML(in.xml, gf); err != nil {
				t.Fatal("cccgen acsrt.UnmarshalXML:", err)
			}
			if !reflect.DeepEqual(gx, gf) {
				t.Error("acsrt.UnmarshalXML and xml.Unmarshal differ")
			}
			ph := in.newPeer()
			if err := PeerUnmarshal(ph, in.json, "JSON"); err != nil {
				t.Fatal("peer-http json:", err)
			}
			want := generic(t, gj)
			if d := missing("", want, generic(t, fj)); d != nil || !reflect.DeepEqual(want, generic(t, fj)) {
				t.Errorf("floor json differs: %v", d)
			}
			for name, v := range map[string]any{"peer json": pj, "peer-http json": ph, "cccgen xml": gx, "peer xml": px, "floor xml": fx} {
				for _, d := range missing("", want, generic(t, v)) {
					t.Errorf("%s: %s", name, d)
				}
			}
		})
	}
}

// The floor's input differs from the served JSON only by quotes removed.
func TestFloorInputOnlyLosesQuotes(t *testing.T) {
	for _, in := range inputs(t) {
		if bytes.Equal(in.json, in.jsonPlain) {
			t.Errorf("%s: no quoted numbers to remove", in.name)
		}
		noq := func(b []byte) string { return strings.ReplaceAll(string(b), `"`, "") }
		if noq(in.json) != noq(in.jsonPlain) {
			t.Errorf("%s: the floor's input differs by more than quotes", in.name)
		}
	}
}

// The synthetic response decodes to the records it was built from.
func TestSynthValues(t *testing.T) {
	var v synth.ListCallRecordsResponse
	if err := json.Unmarshal(SynthJSON(SynthN, true), &v); err != nil {
		t.Fatal(err)
	}
	recs := v.CallRecords.CallRecord
	if len(recs) != SynthN || v.TotalCount != SynthN || !v.Success || v.HttpStatusCode != 200 {
		t.Fatalf("envelope: %d records, %+v", len(recs), v.TotalCount)
	}
	for i, r := range recs {
		w := synthRecordAt(i)
		if string(r.CallId) != w.callID || string(r.Caller) != w.caller || string(r.Callee) != w.callee ||
			string(r.AgentId) != w.agentID || int64(r.StartTime) != w.startTime || int32(r.Duration) != w.duration ||
			int64(r.RingTime) != w.ringTime || float64(r.Satisfaction) != w.satisfaction ||
			bool(r.Recorded) != w.recorded || string(r.SkillGroupId) != w.skillGroupID {
			t.Fatalf("record %d: got %+v, want %+v", i, r, w)
		}
	}
}

// gen/synth is what cccgen makes of testdata/ListCallRecords.md today.
func TestSynthIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	out, err := exec.Command("go", "tool", "cccgen", "-check", "-o", "gen/synth", "-pkg", "synth", "testdata/ListCallRecords.md").CombinedOutput()
	if err != nil {
		t.Fatalf("gen/synth is stale; run go generate (%v):\n%s", err, out)
	}
}

// TestInputSizes logs the size of each input (go test -v -run InputSizes).
func TestInputSizes(t *testing.T) {
	for _, in := range inputs(t) {
		t.Logf("%s: JSON %d bytes, floor JSON %d bytes, XML %d bytes", in.name, len(in.json), len(in.jsonPlain), len(in.xml))
	}
}

// testdata/seed.* are the examples of generated/ccc's test, unchanged.
func TestSeedIsTheGeneratedExample(t *testing.T) {
	src, err := os.ReadFile("../../../generated/ccc/get_instance_summary_report_since_midnight.gen_test.go")
	if os.IsNotExist(err) {
		t.Skip("the seed package is gone; testdata keeps its copy")
	}
	if err != nil {
		t.Fatal(err)
	}
	// The JSON example is the test file's constant, pretty-printed as a
	// raw string; seed.json is the same document, compact.
	j := regexp.MustCompile("const Example\\w+JSON = (`[^`]*`)").FindSubmatch(src)
	x := regexp.MustCompile(`acstest\.XML\[\w+\]\(t, ("(?:[^"\\]|\\.)*"), "(\w+)", false\)`).FindSubmatch(src)
	if j == nil || x == nil {
		t.Fatal("examples not found in the generated test")
	}
	js, _ := strconv.Unquote(string(j[1]))
	xs, _ := strconv.Unquote(string(x[1]))
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(js)); err != nil {
		t.Fatalf("the generated JSON example: %v", err)
	}
	if got := string(mustRead(t, "testdata/seed.json")); got != compact.String() {
		t.Errorf("seed.json differs from the generated example")
	}
	root := string(x[2])
	if got := string(mustRead(t, "testdata/seed.xml")); got != "<"+root+">"+xs+"</"+root+">" {
		t.Errorf("seed.xml differs from the generated example in its root element")
	}
}

// BenchmarkDecode decodes each input in each format with each decoder:
//
//	floor      encoding/json or encoding/xml into plain Go types (JSON: the quotes around numbers removed)
//	cccgen     acsrt.UnmarshalJSON / acsrt.UnmarshalXML (through the generated DecodeField methods), as acsrt's client does
//	cccgen-std json.Unmarshal (validation pass, then the generated UnmarshalJSON) / xml.Unmarshal (reflection) into the generated types
//	peer       the classic SDK's decoder into its struct: its jsoniter API with fuzzy decoders, or encoding/xml
//	peer-http  the classic SDK's public path, responses.Unmarshal on an HTTP 200 response (reads the body, then peer)
//
// Names are in=…/fmt=…/dec=… so that benchstat -col /dec compares decoders.
func BenchmarkDecode(b *testing.B) {
	for _, in := range inputs(b) {
		b.Run("in="+in.name+"/fmt=json", func(b *testing.B) {
			run(b, "floor", in.jsonPlain, func(d []byte) error { return json.Unmarshal(d, in.newPlain()) })
			run(b, "cccgen", in.json, func(d []byte) error { return acsrt.UnmarshalJSON(d, in.newGen()) })
			run(b, "cccgen-std", in.json, func(d []byte) error { return json.Unmarshal(d, in.newGen()) })
			run(b, "peer", in.json, func(d []byte) error { return PeerJSON.Unmarshal(d, in.newPeer()) })
			run(b, "peer-http", in.json, func(d []byte) error { return PeerUnmarshal(in.newPeer(), d, "JSON") })
		})
		b.Run("in="+in.name+"/fmt=xml", func(b *testing.B) {
			run(b, "floor", in.xml, func(d []byte) error { return xml.Unmarshal(d, in.newPlain()) })
			run(b, "cccgen", in.xml, func(d []byte) error { return acsrt.UnmarshalXML(d, in.newGen()) })
			run(b, "cccgen-std", in.xml, func(d []byte) error { return xml.Unmarshal(d, in.newGen()) })
			run(b, "peer", in.xml, func(d []byte) error { return xml.Unmarshal(d, in.newPeer()) })
			run(b, "peer-http", in.xml, func(d []byte) error { return PeerUnmarshal(in.newPeer(), d, "XML") })
		})
	}
}

func run(b *testing.B, dec string, data []byte, decode func([]byte) error) {
	b.Run("dec="+dec, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
