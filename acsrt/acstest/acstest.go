// Package acstest holds the checks that cccgen's generated tests call: strict
// JSON and XML round trips of the page's examples that lose nothing, query
// round trips of the request example, and round trips of fully-set values.
package acstest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/internal/lenient"
	"github.com/google/go-cmp/cmp"
)

// decodeStrict decodes JSON, failing on unknown keys and trailing data. A
// generated type decodes with acsrt's JSONDecoder, as the client decodes it.
func decodeStrict(data []byte, v any) error {
	if acsrt.Decodable(v) {
		return acsrt.UnmarshalJSONStrict(data, v)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

func generic(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// JSON checks a JSON response example against T: it decodes strictly (an
// unknown key fails), re-encodes, decodes again to an equal value, and every
// key and value of the example survives ("200" and 200 count as equal).
func JSON[T any](t testing.TB, example string) {
	t.Helper()
	var v T
	if err := decodeStrict([]byte(example), &v); err != nil {
		t.Fatalf("decoding the JSON example: %v", err)
	}
	out, err := json.Marshal(&v)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	var v2 T
	if err := decodeStrict(out, &v2); err != nil {
		t.Fatalf("decoding the re-encoded JSON: %v\n%s", err, out)
	}
	if d := cmp.Diff(v, v2); d != "" {
		t.Errorf("JSON round trip changed the value (-first +second):\n%s", d)
	}
	want, err := generic([]byte(example))
	if err != nil {
		t.Fatalf("reading the example: %v", err)
	}
	got, _ := generic(out)
	for _, l := range Lost(want, got) {
		t.Errorf("JSON example: %s", l)
	}
}

// Lost lists what of want (a generic JSON value) is missing or different in got.
func Lost(want, got any) []string {
	var out []string
	lostAt(&out, "", want, got)
	return out
}

func lostAt(out *[]string, path string, want, got any) {
	switch w := want.(type) {
	case nil:
		return
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: an object became %s", pathOr(path), short(got)))
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				*out = append(*out, fmt.Sprintf("%s: lost", join(path, k)))
				continue
			}
			lostAt(out, join(path, k), w[k], gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: a list of %d became %s", pathOr(path), len(w), short(got)))
			return
		}
		for i := range w {
			lostAt(out, path+"["+strconv.Itoa(i)+"]", w[i], g[i])
		}
	default:
		if !sameScalar(w, got) {
			*out = append(*out, fmt.Sprintf("%s: %s became %s", pathOr(path), short(want), short(got)))
		}
	}
}

func pathOr(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		b = append(b[:57], "..."...)
	}
	return string(b)
}

func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case nil:
		return "", true
	}
	return "", false
}

// sameScalar compares leniently: "200" equals 200, "true" equals true, an
// empty string equals a zero.
func sameScalar(want, got any) bool {
	ws, ok1 := scalarString(want)
	gs, ok2 := scalarString(got)
	if !ok1 || !ok2 {
		return false
	}
	ws, gs = strings.TrimSpace(ws), strings.TrimSpace(gs)
	if ws == gs {
		return true
	}
	if ws == "" && (gs == "0" || gs == "false" || gs == "") {
		return true
	}
	// The decoders' own rules (internal/lenient): blank is zero, "12%" is 12.
	if wf, err := lenient.Float(ws); err == nil {
		if gf, err := lenient.Float(gs); err == nil {
			return wf == gf
		}
	}
	wb, err1 := lenient.Bool(ws)
	gb, err2 := lenient.Bool(gs)
	return err1 == nil && err2 == nil && wb == gb
}

// XML checks an XML response example against T. When rooted is false the
// example's elements stand bare and are wrapped in <root> first, as real
// responses are.
func XML[T any](t testing.TB, example, root string, rooted bool) {
	t.Helper()
	doc := example
	if !rooted {
		doc = "<" + root + ">" + example + "</" + root + ">"
	}
	var v T
	if err := decodeXML([]byte(doc), &v); err != nil {
		t.Fatalf("decoding the XML example: %v", err)
	}
	out, err := MarshalXML(&v, root)
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	var v2 T
	if err := decodeXML(out, &v2); err != nil {
		t.Fatalf("decoding the re-encoded XML: %v\n%s", err, out)
	}
	if d := cmp.Diff(v, v2); d != "" {
		t.Errorf("XML round trip changed the value (-first +second):\n%s", d)
	}
	want, err := parseXMLTree([]byte(doc))
	if err != nil {
		t.Fatalf("reading the example: %v", err)
	}
	got, err := parseXMLTree(out)
	if err != nil {
		t.Fatalf("reading the output: %v", err)
	}
	var lost []string
	xmlLost(&lost, "", want, got)
	for _, l := range lost {
		t.Errorf("XML example: %s", l)
	}
}

// decodeXML decodes data into v as acsrt.Client does: with acsrt.UnmarshalXML
// for a generated type, which must then read what encoding/xml reads.
func decodeXML[T any](data []byte, v *T) error {
	if !acsrt.Decodable(v) {
		return xml.Unmarshal(data, v)
	}
	if err := acsrt.UnmarshalXML(data, v); err != nil {
		return err
	}
	var ref T
	if err := xml.Unmarshal(data, &ref); err != nil {
		return fmt.Errorf("acsrt.UnmarshalXML accepts what encoding/xml refuses (%v)", err)
	}
	if d := cmp.Diff(ref, *v); d != "" {
		return fmt.Errorf("acsrt.UnmarshalXML and encoding/xml read different values (-encoding/xml +acsrt):\n%s", d)
	}
	return nil
}

// jsonOnly ignores struct fields tagged xml:"-" (wire names XML cannot spell).
var jsonOnly = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	if !ok {
		return false
	}
	return p.Index(-2).Type().Field(sf.Index()).Tag.Get("xml") == "-"
}, cmp.Ignore())

// MarshalXML encodes v with the given root element name.
func MarshalXML(v any, root string) ([]byte, error) {
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}}); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

type xmlNode struct {
	name     string
	text     string
	children []*xmlNode
}

func parseXMLTree(data []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &xmlNode{}
	stack := []*xmlNode{root}
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tk.Name.Local}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top := stack[len(stack)-1]
			top.text += string(tk)
		}
	}
	if len(root.children) != 1 {
		return nil, fmt.Errorf("want one root element, got %d", len(root.children))
	}
	return root.children[0], nil
}

// xmlLost matches want's children to got's by name and occurrence.
func xmlLost(out *[]string, path string, want, got *xmlNode) {
	if len(want.children) == 0 {
		if len(got.children) == 0 && !sameScalar(strings.TrimSpace(want.text), strings.TrimSpace(got.text)) {
			*out = append(*out, fmt.Sprintf("%s: %q became %q", pathOr(path), strings.TrimSpace(want.text), strings.TrimSpace(got.text)))
		}
		return
	}
	seen := map[string]int{}
	for _, wc := range want.children {
		k := seen[wc.name]
		seen[wc.name]++
		var match *xmlNode
		n := 0
		for _, gc := range got.children {
			if gc.name == wc.name {
				if n == k {
					match = gc
					break
				}
				n++
			}
		}
		p := join(path, wc.name)
		if k > 0 {
			p += "[" + strconv.Itoa(k) + "]"
		}
		if match == nil {
			*out = append(*out, p+": lost")
			continue
		}
		xmlLost(out, p, wc, match)
	}
}

// QueryCodec is what generated request types implement.
type QueryCodec interface {
	EncodeQuery() url.Values
	DecodeQuery(url.Values) error
}

// Query checks the request example: the query decodes into the request and
// encodes back to the same parameters.
func Query[T any, P interface {
	*T
	QueryCodec
}](t testing.TB, query string) {
	t.Helper()
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatalf("parsing the example query: %v", err)
	}
	var r T
	if err := P(&r).DecodeQuery(q); err != nil {
		t.Fatalf("decoding the request example: %v", err)
	}
	if d := cmp.Diff(q, P(&r).EncodeQuery()); d != "" {
		t.Errorf("request example did not encode back to itself (-example +encoded):\n%s", d)
	}
}

// Request checks that a request survives EncodeQuery then DecodeQuery.
func Request[T any, P interface {
	*T
	QueryCodec
}](t testing.TB, v P) {
	t.Helper()
	q := v.EncodeQuery()
	var r T
	if err := P(&r).DecodeQuery(q); err != nil {
		t.Fatalf("decoding %v: %v", q, err)
	}
	if d := cmp.Diff(v, P(&r)); d != "" {
		t.Errorf("request query round trip changed the value (-want +got):\n%s", d)
	}
}

// Value checks that a response value survives JSON and XML encoding.
func Value[T any](t testing.TB, v *T, root string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding JSON: %v", err)
	}
	var j T
	if err := decodeStrict(b, &j); err != nil {
		t.Fatalf("decoding JSON: %v\n%s", err, b)
	}
	if d := cmp.Diff(v, &j); d != "" {
		t.Errorf("JSON round trip changed the value (-want +got):\n%s", d)
	}
	if root == "" {
		return
	}
	x, err := MarshalXML(v, root)
	if err != nil {
		t.Fatalf("encoding XML: %v", err)
	}
	var xv T
	if err := decodeXML(x, &xv); err != nil {
		t.Fatalf("decoding XML: %v\n%s", err, x)
	}
	if d := cmp.Diff(v, &xv, jsonOnly); d != "" {
		t.Errorf("XML round trip changed the value (-want +got):\n%s", d)
	}
}

// Response checks what a client call returned: no error, and, when the API
// has a JSON example, a value equal to the example decoded.
func Response[T any](t testing.TB, got *T, err error, example string) {
	t.Helper()
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	if got == nil {
		t.Fatal("call returned no response")
	}
	if example == "" {
		return
	}
	var want T
	if err := json.Unmarshal([]byte(example), &want); err != nil {
		t.Fatalf("decoding the example: %v", err)
	}
	if d := cmp.Diff(&want, got); d != "" {
		t.Errorf("decoded response differs from the example (-example +got):\n%s", d)
	}
}
