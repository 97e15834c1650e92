package acsrt

import (
	"encoding/xml"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// xlisted has every kind of field a generated response has. encoding/xml
// reads it by reflection, the decoder with DecodeXML: both must agree.
type xlisted struct {
	L []String   `xml:"L"`
	N [][]Int32  `xml:"N"`
	T []scalars  `xml:"T"`
	M Map        `xml:"M"`
	O scalars    `xml:"O"`
	J String     `xml:"-"`
	E []xlisted2 `xml:"E"`
}

type xlisted2 struct {
	V Int64 `xml:"V"`
}

func (v *xlisted) DecodeField(d Decoder, k string) bool {
	switch k {
	case "L":
		DecodeList(d, &v.L, (*String).Decode)
	case "N":
		DecodeList(d, &v.N, func(e *[]Int32, d Decoder) { DecodeList(d, e, (*Int32).Decode) })
	case "T":
		DecodeStructs(d, &v.T)
	case "M":
		v.M.Decode(d)
	case "O":
		DecodeStruct(d, &v.O)
	case "J":
		if IsXML(d) {
			return false
		}
		v.J.Decode(d)
	case "E":
		DecodeStructs(d, &v.E)
	default:
		return false
	}
	return true
}

func (v *xlisted2) DecodeField(d Decoder, k string) bool {
	switch k {
	case "V":
		v.V.Decode(d)
	default:
		return false
	}
	return true
}

var floatNaN = cmp.Comparer(func(a, b Float64) bool {
	return a == b || math.IsNaN(float64(a)) && math.IsNaN(float64(b))
})

// compareXML decodes in with encoding/xml and with the decoder: both accept
// or both refuse, and agree on the value.
func compareXML(in string) (string, bool) {
	var ref, got xlisted
	refErr := xml.Unmarshal([]byte(in), &ref)
	gotErr := UnmarshalXML([]byte(in), &got)
	if (refErr == nil) != (gotErr == nil) {
		return "encoding/xml error " + errString(refErr) + ", decoder error " + errString(gotErr), false
	}
	if refErr == nil {
		if d := cmp.Diff(ref, got, floatNaN); d != "" {
			return "(-encoding/xml +decoder):\n" + d, false
		}
	}
	return "", true
}

func errString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}

func TestXMLDecoderAgrees(t *testing.T) {
	for _, in := range []string{
		`<R><O><S>13900000001</S><I> 200 </I><L>1585214916000</L><F>0.5</F><B>true</B></O></R>`,
		`<?xml version="1.0" encoding="UTF-8"?><!-- c --><!DOCTYPE R [<!ENTITY x "y">]><R a="1" b='2'><O><S>x</S></O></R>trailing junk <`,
		`<R><L>a</L><L></L><L/><L> b </L><N>1</N><N>2</N><T><S>s</S><I>"1"</I></T><T/><E><V>7</V></E></R>`,
		`<R><L>a &lt;&gt;&amp;&apos;&quot; &#65;&#x42; z</L><L><![CDATA[<raw> & ]]></L><L>x<!-- c -->y<?pi ?>z</L></R>`,
		"<R><L>one\r\ntwo\rthree\n</L><L><![CDATA[a\r\nb]]></L></R>",
		`<R><L>text<b>inner</b>tail</L><O><S>a<x><y>b</y></x>c</S><Unknown><deep/></Unknown></O></R>`,
		`<R><M><a>1</a><b><c>2</c></b><a>3</a><a>4</a>ignored</M></R>`, `<R><M>just text</M></R>`, `<R><M/></R>`,
		`<ns:R xmlns:ns="urn:x"><ns:L>1</ns:L><L xmlns="urn:y">2</L><a:b:L>3</a:b:L><:L>4</:L></ns:R>`,
		`<R><O><S>1</S><S>2</S></O><O><I>3</I></O></R>`, `<R><J>x</J><L>1</L></R>`, `<R/>`, `<R></R>`, ` <R> </R> `,
		`<R><O><I>abc</I></O></R>`, `<R><O><I>1.5</I></O></R>`, `<R><O><B>maybe</B></O></R>`, `<R><O><F>50%</F></O></R>`, `<R><O><I>1e3</I></O></R>`,
		`<R><L>caf` + "\xc3\xa9" + `</L><L>` + "\xef\xbf\xbd" + `</L></R>`,
		`<R><L>a</R>`, `<R><L>a</L>`, `<R>`, ``, ` `, `<R><L>&bogus;</L></R>`, `<R><L>&#0;</L></R>`, `<R><L>& x</L></R>`, `<R><L>&#xZZ;</L></R>`,
		"<R><L>bad\xff</L></R>", "<R><L>ctl\x01</L></R>", "<R><L>\xef\xbf\xbe</L></R>", `<R a=1></R>`, `<R a></R>`, `<R a="<"></R>`,
		`<R><!-- unterminated </R>`, `<R><![CDATA[ x </R>`, `</R>`, `<R></S>`, `<R><L>x</L ></R>`, `<R><L>x</L y></R>`, `<R / >`,
		`<R><L>&#x1F600;</L><L>&#128512;</L></R>`, `<R><L>&#X41;</L></R>`, `<R><L>&amp</L></R>`,
	} {
		if msg, ok := compareXML(in); !ok {
			t.Errorf("%q: %s", in, msg)
		}
	}
}

func TestXMLDecoderValues(t *testing.T) {
	var v xlisted
	in := `<R><L>a &amp; b</L><L/><N>1</N><T><S>s</S><I>"2"</I></T><T><I> 3 </I></T><M><k>v</k></M></R>`
	if err := UnmarshalXML([]byte(in), &v); err == nil {
		t.Fatal(`"2" read as an integer`)
	}
	in = strings.Replace(in, `"2"`, `2`, 1)
	v = xlisted{}
	if err := UnmarshalXML([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	want := xlisted{L: []String{"a & b", ""}, N: [][]Int32{{1}}, T: []scalars{{S: "s", I: 2}, {I: 3}}, M: Map{"k": "v"}}
	if d := cmp.Diff(want, v); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestXMLDecoderErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, `acsrt: XML at byte 0: unexpected EOF`},
		{`<R><O><I>abc</I></O></R>`, `acsrt: XML at byte 9 (element <I>): "abc" is not an integer`},
		{`<R><L>a</R>`, `acsrt: XML at byte 7 (element <L>): element <L> closed by </R>`},
		{`<R><L>&bogus;</L></R>`, `acsrt: XML at byte 6 (element <L>): invalid character entity &bogus;`},
		{"<R><L>bad\xff</L></R>", `acsrt: XML at byte 9 (element <L>): invalid UTF-8`},
		{`<R><O>`, `acsrt: XML at byte 6 (element <O>): unexpected EOF`},
	} {
		var v xlisted
		err := UnmarshalXML([]byte(c.in), &v)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.in, err, c.want)
		}
		var xe *XMLError
		if err != nil && !errors.As(err, &xe) {
			t.Errorf("%q: %T is not an *XMLError", c.in, err)
		}
	}
}

func TestXMLDecoderDepth(t *testing.T) {
	deep := func(n int) string {
		return "<R><M>" + strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + "</M></R>"
	}
	var v xlisted
	if err := UnmarshalXML([]byte(deep(maxXMLDepth-2)), &v); err != nil {
		t.Errorf("depth %d: %v", maxXMLDepth, err)
	}
	err := UnmarshalXML([]byte(deep(maxXMLDepth-1)), &v)
	if err == nil || !strings.Contains(err.Error(), "exceeded max depth") {
		t.Errorf("depth %d: %v", maxXMLDepth+1, err)
	}
}

// FuzzXMLDecoder compares the decoder with encoding/xml on arbitrary input.
func FuzzXMLDecoder(f *testing.F) {
	for _, s := range []string{
		`<R><L>a</L><L/><N>1</N><T><S>s</S><I>2</I><F>0.5%</F><B>yes</B></T><M><a>1</a><a>2</a></M><O><L>9</L></O><E><V>3</V></E></R>`,
		`<?xml version="1.0"?><!DOCTYPE R><R a="1"><L>&lt;&#65;<![CDATA[&]]><!--c--></L></R>`,
		"<R><L>x\r\ny</L></R>", `<a:R><b:L>1</b:L></a:R>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if msg, ok := compareXML(string(data)); !ok {
			t.Fatal(msg)
		}
	})
}
