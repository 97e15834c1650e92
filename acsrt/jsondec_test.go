package acsrt

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// DecodeField is what cccgen generates for scalars.
func (v *scalars) DecodeField(d Decoder, k string) bool {
	switch k {
	case "S":
		v.S.Decode(d)
	case "I":
		v.I.Decode(d)
	case "L":
		v.L.Decode(d)
	case "F":
		v.F.Decode(d)
	case "B":
		v.B.Decode(d)
	default:
		return false
	}
	return true
}

func TestJSONDecoderLenient(t *testing.T) {
	want := scalars{S: "13900000001", I: 200, L: 1585214916000, F: 0.5, B: true}
	for _, in := range []string{
		`{"S":"13900000001","I":200,"L":1585214916000,"F":0.5,"B":true}`,
		`{"S":13900000001,"I":"200","L":"1585214916000","F":"0.5","B":"true"}`,
		`{"S":"13900000001","I":" 200 ","L":1.585214916e12,"F":"50e-2","B":"1"}`,
		` {"S" : "1390000000\u0031" , "I":2e2, "L":"1585214916000", "F":"0.5%" ,"B":1, "X":{"a":[1,{"b":null}]}} `,
		`{"S":"x","I":1,"L":2,"F":3,"B":false,"S":"13900000001","I":200,"L":1585214916000,"F":0.5,"B":"Yes"}`,
	} {
		var got scalars
		if err := UnmarshalJSON([]byte(in), &got); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", in, d)
		}
	}
	// null leaves a value alone; "" is zero.
	z := scalars{S: "keep", I: 1}
	if err := UnmarshalJSON([]byte(`{"S":null,"I":null,"L":"","F":"","B":""}`), &z); err != nil || z != (scalars{S: "keep", I: 1}) {
		t.Errorf("empty strings and null: %+v, %v", z, err)
	}
	if err := UnmarshalJSON([]byte(`null`), &z); err != nil || z.S != "keep" {
		t.Errorf("null object: %+v, %v", z, err)
	}
	// String takes the literal text of numbers and booleans.
	var s scalars
	if err := UnmarshalJSON([]byte(`{"S":-1.50E+3}`), &s); err != nil || s.S != "-1.50E+3" {
		t.Errorf("number as String: %q, %v", s.S, err)
	}
	if err := UnmarshalJSON([]byte(`{"S":false}`), &s); err != nil || s.S != "false" {
		t.Errorf("bool as String: %q, %v", s.S, err)
	}
}

// The decoder accepts and rejects what the UnmarshalJSON methods of the
// scalars (through encoding/json) accept and reject, with the same values.
func TestJSONDecoderScalarsAgree(t *testing.T) {
	for _, v := range []string{
		`0`, `-0`, `1`, `-1`, `"7"`, `" 7 "`, `""`, `" "`, `null`, `true`, `false`, `"true"`, `"TRUE"`, `"yes"`, `"n"`, `"maybe"`,
		`1.5`, `"1.5"`, `1e3`, `"1e3"`, `1E+2`, `-2.5e-3`, `"50%"`, `"%"`, `"abc"`, `2147483647`, `2147483648`, `-2147483648`, `-2147483649`,
		`9223372036854775807`, `9223372036854775808`, `"9223372036854775807"`, `123456789012345678`, `1234567890123456789`,
		`"+5"`, `"0x10"`, `"1_000"`, `0.1`, `0.30000000000000004`, `123456789.123456`, `1234567890123456.7`, `"NaN"`, `"Inf"`,
		`{}`, `[]`, `[1]`, `"\u0031\u0032"`, `"\t3\n"`, `1.`, `01`, `-`, `.5`, `"a\"b"`, `tru`, `nul`,
	} {
		for _, field := range []string{"S", "I", "L", "F", "B"} {
			one := `{"` + field + `":` + v + `}`
			var ref, got scalars
			refErr := json.Unmarshal([]byte(one), &ref)
			gotErr := UnmarshalJSON([]byte(one), &got)
			if (refErr == nil) != (gotErr == nil) {
				t.Errorf("%s: encoding/json error %v, decoder error %v", one, refErr, gotErr)
				continue
			}
			if refErr == nil && !sameLenient(ref, got) {
				t.Errorf("%s: encoding/json %+v, decoder %+v", one, ref, got)
			}
		}
	}
}

func sameLenient(a, b scalars) bool {
	if math.IsNaN(float64(a.F)) && math.IsNaN(float64(b.F)) {
		a.F, b.F = 0, 0
	}
	return a == b
}

func TestJSONDecoderStrings(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `""`, `"a\"b\\c\/d\b\f\n\r\te"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`,
		`"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, "\"caf\xc3\xa9\"", "\"bad\xff\xfeutf8\"", "\"\xe4\xb8\"", `"\u0000"`, "\"trunc\xe2\x82\"",
		`"\uDBFF\uDFFF"`, `"\u12"`, `"\x"`, "\"ctl\x01\"", `"unterminated`, `"\`, `"\u12G4"`,
	} {
		var ref any
		refErr := json.Unmarshal([]byte(in), &ref)
		got, gotErr := decodeAny(in)
		if (refErr == nil) != (gotErr == nil) {
			t.Errorf("%q: encoding/json error %v, decoder error %v", in, refErr, gotErr)
			continue
		}
		if refErr == nil && ref != got {
			t.Errorf("%q: encoding/json %q, decoder %q", in, ref, got)
		}
	}
}

func decodeAny(in string) (any, error) {
	var a anyValue
	err := UnmarshalJSON([]byte(in), &a)
	return a.v, err
}

type anyValue struct{ v any }

func (a *anyValue) Decode(d Decoder) { a.v = d.(*JSONDecoder).Any() }

func TestJSONDecoderAny(t *testing.T) {
	for _, in := range []string{
		`{"a":[1,2.5,-3e2,"x",true,false,null,{}],"b":{"c":{"d":[]}},"a":"dup"}`,
		`[]`, `[[[]]]`, `0`, `-0.0`, `1e308`, `1e400`, ` null `, `{"":1}`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{,}`,
		`{"a":1}x`, `{"a":1}{}`, ``, ` `, `{`, `[`, `{"a":`, `{"a"`, `tx`, `nulll`, `-01`, `1.e2`, `1e`, `1e+`, `+1`, `.1`, `[-]`,
		"{\"a\":1}\x00", "\ufeff{}", `{"a":{"b":[{"c":"\u0041"}]}}`,
	} {
		var ref any
		refErr := json.Unmarshal([]byte(in), &ref)
		got, gotErr := decodeAny(in)
		if (refErr == nil) != (gotErr == nil) {
			t.Errorf("%q: encoding/json error %v, decoder error %v", in, refErr, gotErr)
			continue
		}
		if refErr == nil && !reflect.DeepEqual(ref, got) {
			t.Errorf("%q: encoding/json %#v, decoder %#v", in, ref, got)
		}
	}
}

func TestJSONDecoderErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, `acsrt: JSON at byte 0: unexpected end of JSON input`},
		{`{"S":tru}`, `acsrt: JSON at byte 8 (key "S"): invalid character '}' looking for literal true`},
		{`{"S":"x" "I":1}`, `acsrt: JSON at byte 9 (key "S"): invalid character '"' looking for ',' or '}' after object key:value pair`},
		{`{"I":"abc"}`, `acsrt: JSON at byte 5 (key "I"): "abc" is not an integer`},
		{`{"S":"a","B":"maybe"}`, `acsrt: JSON at byte 13 (key "B"): "maybe" is not a boolean`},
		{`{"F":"x"}`, `acsrt: JSON at byte 5 (key "F"): "x" is not a number`},
		{`{"I":{}}`, `acsrt: JSON at byte 5 (key "I"): want a scalar, got {}}`},
		{`{"S":"a\qb"}`, `acsrt: JSON at byte 8 (key "S"): invalid character 'q' in string escape code`},
		{"{\"S\":\"a\nb\"}", `acsrt: JSON at byte 7 (key "S"): invalid character '\n' in string literal`},
		{`{"S":1} 2`, `acsrt: JSON at byte 8 (key "S"): invalid character '2' after top-level value`},
		{`[1]`, `acsrt: JSON at byte 0: invalid character '[' looking for an object`},
		{`{"S":1`, `acsrt: JSON at byte 6 (key "S"): unexpected end of JSON input`},
		{`{"S":01}`, `acsrt: JSON at byte 6 (key "S"): invalid character '1' looking for ',' or '}' after object key:value pair`},
	} {
		var v scalars
		err := UnmarshalJSON([]byte(c.in), &v)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.in, err, c.want)
		}
		var je *JSONError
		if err != nil && !errors.As(err, &je) {
			t.Errorf("%q: %T is not a *JSONError", c.in, err)
		}
	}
}

func TestJSONDecoderStrictAndSkip(t *testing.T) {
	in := `{"S":"a","Extra":{"x":[1,"two",{"y":null}],"z":true},"I":3,"More":[[],{}],"L":"4"}`
	var v scalars
	if err := UnmarshalJSON([]byte(in), &v); err != nil || v != (scalars{S: "a", I: 3, L: 4}) {
		t.Errorf("skipping unknown keys: %+v, %v", v, err)
	}
	err := UnmarshalJSONStrict([]byte(in), &v)
	if err == nil || err.Error() != `acsrt: JSON at byte 9: unknown field "Extra"` {
		t.Errorf("strict: %v", err)
	}
	// Exact matching: a key in another case is unknown.
	if err := UnmarshalJSONStrict([]byte(`{"s":"a"}`), &v); err == nil || !strings.Contains(err.Error(), `unknown field "s"`) {
		t.Errorf("strict, other case: %v", err)
	}
	// A skipped value is still checked.
	if err := UnmarshalJSON([]byte(`{"Extra":[1,2,}`), &v); err == nil {
		t.Error("invalid skipped value accepted")
	}
}

func TestJSONDecoderDepth(t *testing.T) {
	deep := func(n int) string { return `{"X":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}` }
	var v scalars
	if err := UnmarshalJSON([]byte(deep(maxJSONDepth-1)), &v); err != nil {
		t.Errorf("depth %d: %v", maxJSONDepth, err)
	}
	err := UnmarshalJSON([]byte(deep(maxJSONDepth)), &v)
	if err == nil || !strings.Contains(err.Error(), "exceeded max depth") {
		t.Errorf("depth %d: %v", maxJSONDepth+1, err)
	}
	var ref any
	if json.Unmarshal([]byte(deep(maxJSONDepth)), &ref) == nil {
		t.Error("encoding/json accepts the depth the decoder refuses")
	}
}

type listed struct {
	L []String
	N [][]Int32
	T []scalars
	M Map
}

func (v *listed) DecodeField(d Decoder, k string) bool {
	switch k {
	case "L":
		DecodeList(d, &v.L, (*String).Decode)
	case "N":
		DecodeList(d, &v.N, func(e *[]Int32, d Decoder) { DecodeList(d, e, (*Int32).Decode) })
	case "T":
		DecodeStructs(d, &v.T)
	case "M":
		v.M.Decode(d)
	default:
		return false
	}
	return true
}

// listedRef is listed for encoding/json.
type listedRef struct {
	L []String
	N [][]Int32
	T []lenientRef
	M Map
}

type lenientRef struct {
	S String
	I Int32
	L Int64
	F Float64
	B Bool
}

func TestJSONDecoderLists(t *testing.T) {
	for _, in := range []string{
		`{"L":["a",1,true,null],"N":[[1,"2"],[],null],"T":[{"S":"x","I":"1"},{},null],"M":{"a":{"b":[1,"c"]},"n":null}}`,
		`{"L":[],"N":[],"T":[],"M":{}}`,
		`{"L":null,"N":null,"T":null,"M":null}`,
		`{}`, `{"L":"x"}`, `{"M":[1]}`, `{"M":"x"}`, `{"T":[1]}`, `{"N":[[{}]]}`,
	} {
		var got listed
		gotErr := UnmarshalJSON([]byte(in), &got)
		var ref listedRef
		refErr := json.Unmarshal([]byte(in), &ref)
		if (refErr == nil) != (gotErr == nil) {
			t.Errorf("%s: encoding/json error %v, decoder error %v", in, refErr, gotErr)
			continue
		}
		if refErr != nil {
			continue
		}
		if d := cmp.Diff(toRef(got), ref); d != "" {
			t.Errorf("%s (-decoder +encoding/json):\n%s", in, d)
		}
	}
}

func toRef(v listed) listedRef {
	r := listedRef{L: v.L, N: v.N, M: v.M}
	if v.T != nil {
		r.T = []lenientRef{}
		for _, e := range v.T {
			r.T = append(r.T, lenientRef(e))
		}
	}
	return r
}

// FuzzJSONDecoder compares the decoder with encoding/json on arbitrary
// input: into an any, and into lenient types with lists and a Map. Both
// must accept or both refuse, and agree on the value.
func FuzzJSONDecoder(f *testing.F) {
	for _, s := range []string{
		`{"L":["a",1,true,null],"N":[[1,"2"],[],null],"T":[{"S":"x","I":"1","L":"7","F":"0.5","B":"true"}],"M":{"a":{"b":[1,"c"]}}}`,
		`{"S":13900000001,"I":"200","L":"1585214916000","F":"0.5","B":"true"}`,
		`"a\"b\\c\/d\b\f\n\r\te\u00e9\ud83d\ude00\ud800"`, `[1,2.5,-3e2,"x",true,false,null,{}]`, `{"a":1}x`, `1e400`,
		"\"bad\xff\"", `{"T":[{"I":2147483648}]}`, `{"T":[{"F":"1%"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ref any
		refErr := json.Unmarshal(data, &ref)
		got, gotErr := decodeAny(string(data))
		if (refErr == nil) != (gotErr == nil) {
			t.Fatalf("any: encoding/json error %v, decoder error %v", refErr, gotErr)
		}
		if refErr == nil && !reflect.DeepEqual(ref, got) {
			t.Fatalf("any: encoding/json %#v, decoder %#v", ref, got)
		}
		if foldedKey(ref) {
			return // encoding/json matches keys in any case; the decoder exactly
		}
		var lv listed
		gotErr = UnmarshalJSON(data, &lv)
		var lr listedRef
		refErr = json.Unmarshal(data, &lr)
		if (refErr == nil) != (gotErr == nil) {
			t.Fatalf("types: encoding/json error %v, decoder error %v", refErr, gotErr)
		}
		if refErr == nil {
			if d := cmp.Diff(toRef(lv), lr, cmp.Comparer(func(a, b Float64) bool {
				return a == b || math.IsNaN(float64(a)) && math.IsNaN(float64(b))
			})); d != "" {
				t.Fatalf("types (-decoder +encoding/json):\n%s", d)
			}
		}
	})
}

// foldedKey reports whether v has an object key that only case-folding
// makes one of the field names of listed or scalars.
func foldedKey(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			for _, n := range []string{"L", "N", "T", "M", "S", "I", "F", "B"} {
				if k != n && strings.EqualFold(k, n) || k != n && strings.EqualFold(strings.ReplaceAll(k, "\u212a", "k"), n) {
					return true
				}
			}
			if foldedKey(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if foldedKey(e) {
				return true
			}
		}
	}
	return false
}

func TestLongListCapacity(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 1100 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"s-%04d"`, i)
	}
	b.WriteString("]")
	// The list is the whole input: its capacity ends close to its length
	// (the allocator's size class), not at 2,048 as doubling would leave it.
	d := &JSONDecoder{s: b.String()}
	var l []String
	DecodeList(d, &l, (*String).Decode)
	if d.Err() != nil || len(l) != 1100 || l[1099] != "s-1099" || l[0] != "s-0000" {
		t.Fatalf("%v: %d elements", d.Err(), len(l))
	}
	if cap(l) > 1300 {
		t.Errorf("capacity %d for 1,100 elements", cap(l))
	}
	// The same list followed by much more input: the estimate reserves
	// no more than twice the input left, and the list keeps no more than twice its
	// length.
	big := `{"L":` + b.String() + `,"Pad":"` + strings.Repeat("x", 1<<20) + `"}`
	var v struct{ l []String }
	d = &JSONDecoder{s: big}
	for ok := d.Object(); ok; ok = d.NextKey() {
		if d.Key() == "L" {
			DecodeList(d, &v.l, (*String).Decode)
		} else {
			d.Skip()
		}
	}
	if d.Err() != nil || len(v.l) != 1100 {
		t.Fatalf("%v: %d elements", d.Err(), len(v.l))
	}
	if cap(v.l) > 2*len(v.l) {
		t.Errorf("capacity %d for %d elements", cap(v.l), len(v.l))
	}
}
