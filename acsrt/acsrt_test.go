package acsrt

import (
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type scalars struct {
	S String  `json:"S" xml:"S"`
	I Int32   `json:"I" xml:"I"`
	L Int64   `json:"L" xml:"L"`
	F Float64 `json:"F" xml:"F"`
	B Bool    `json:"B" xml:"B"`
}

func TestLenientJSON(t *testing.T) {
	want := scalars{S: "13900000001", I: 200, L: 1585214916000, F: 0.5, B: true}
	for _, in := range []string{
		`{"S":"13900000001","I":200,"L":1585214916000,"F":0.5,"B":true}`,
		`{"S":13900000001,"I":"200","L":"1585214916000","F":"0.5","B":"true"}`,
		`{"S":"13900000001","I":" 200 ","L":1.585214916e12,"F":"0.5","B":"1"}`,
	} {
		var got scalars
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", in, d)
		}
	}
	var z scalars
	if err := json.Unmarshal([]byte(`{"S":null,"I":"","L":"","F":"","B":""}`), &z); err != nil || z != (scalars{}) {
		t.Errorf("empty strings and null: %+v, %v", z, err)
	}
	// Encoding writes the documented types.
	b, _ := json.Marshal(want)
	if string(b) != `{"S":"13900000001","I":200,"L":1585214916000,"F":0.5,"B":true}` {
		t.Errorf("encoded %s", b)
	}
	for _, bad := range []string{`{"I":"abc"}`, `{"B":"maybe"}`, `{"F":"x"}`, `{"I":"1.5"}`, `{"I":{}}`} {
		var v scalars
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestLenientXML(t *testing.T) {
	var got scalars
	in := `<R><S>13900000001</S><I> 200 </I><L>1585214916000</L><F>0.5</F><B>true</B></R>`
	if err := xml.Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(scalars{S: "13900000001", I: 200, L: 1585214916000, F: 0.5, B: true}, got); d != "" {
		t.Error(d)
	}
	var z scalars
	if err := xml.Unmarshal([]byte(`<R><I></I><L/><F></F><B></B></R>`), &z); err != nil || z != (scalars{}) {
		t.Errorf("empty elements: %+v %v", z, err)
	}
	out, _ := xml.Marshal(struct {
		XMLName xml.Name `xml:"R"`
		scalars
	}{scalars: got})
	if !strings.Contains(string(out), "<I>200</I>") || !strings.Contains(string(out), "<B>true</B>") {
		t.Errorf("encoded %s", out)
	}
}

func TestMapXML(t *testing.T) {
	type wrap struct {
		M Map `xml:"M"`
	}
	var w wrap
	if err := xml.Unmarshal([]byte(`<R><M><a>1</a><b><c>x</c></b><d>1</d><d>2</d></M></R>`), &w); err != nil {
		t.Fatal(err)
	}
	want := Map{"a": "1", "b": map[string]any{"c": "x"}, "d": []any{"1", "2"}}
	if d := cmp.Diff(want, w.M); d != "" {
		t.Error(d)
	}
	out, _ := xml.Marshal(w)
	var back wrap
	if err := xml.Unmarshal(out, &back); err != nil || !cmp.Equal(want, back.M) {
		t.Errorf("round trip %s: %v", out, err)
	}
}

func TestQueryCodec(t *testing.T) {
	q := url.Values{}
	Set(q, "Name", Ptr("a b"))
	Set(q, "Size", Ptr(int32(3)))
	Set[bool](q, "Unset", nil)
	SetList(q, "Id", []string{"x", "y"})
	SetJSON(q, "Cfg", map[string]any{"k": 1})
	if got := q.Encode(); got != "Cfg=%7B%22k%22%3A1%7D&Id.1=x&Id.2=y&Name=a+b&Size=3" {
		t.Errorf("encoded %s", got)
	}
	q.Set("Action", "X")
	rd := NewQueryReader(q)
	var name *string
	var size *int32
	var ids []string
	var cfg any
	Get(rd, "Name", &name)
	Get(rd, "Size", &size)
	GetList(rd, "Id", &ids)
	rd.GetJSON("Cfg", &cfg)
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	if *name != "a b" || *size != 3 || !cmp.Equal(ids, []string{"x", "y"}) || !cmp.Equal(cfg, any(map[string]any{"k": float64(1)})) {
		t.Errorf("decoded %v %v %v %v", *name, *size, ids, cfg)
	}
	bad := NewQueryReader(url.Values{"Size": {"big"}, "Other": {"1"}})
	Get(bad, "Size", &size)
	err := bad.Err()
	if err == nil || !strings.Contains(err.Error(), "parameter Size") || !strings.Contains(err.Error(), "unknown parameter Other") {
		t.Errorf("errors: %v", err)
	}
}

func TestMissing(t *testing.T) {
	var m Missing
	m.Check(true, "A")
	m.Check(false, "B")
	m.Check(false, "C")
	if err := m.Err("Do"); err == nil || err.Error() != "Do: missing required parameters: B, C" {
		t.Errorf("err = %v", err)
	}
	var none Missing
	if none.Err("Do") != nil {
		t.Error("no error expected")
	}
}

// An integer too large for an Int32 is an error by every route, the float
// spelling included (it was once truncated silently).
func TestInt32OutOfRange(t *testing.T) {
	for _, in := range []string{`{"I":3000000000}`, `{"I":"3000000000"}`, `{"I":3e9}`, `{"I":"3e9"}`} {
		var v scalars
		if err := UnmarshalJSON([]byte(in), &v); err == nil || !strings.Contains(err.Error(), "is not an integer") {
			t.Errorf("UnmarshalJSON(%s) = %v, I=%d", in, err, v.I)
		}
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("json.Unmarshal(%s): no error, I=%d", in, v.I)
		}
	}
	var x scalars
	if err := UnmarshalXML([]byte(`<R><I>3e9</I></R>`), &x); err == nil {
		t.Errorf("UnmarshalXML: no error, I=%d", x.I)
	}
}
