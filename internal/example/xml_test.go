package example

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseXMLTree(t *testing.T) {
	src := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R>\n  <A>1</A>\n  <B/>\n  <C></C>\n  <D><E> x </E><E>y</E></D>\n</R>\n"
	n, ws, err := ParseXML(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) > 0 {
		t.Errorf("warnings: %v", fmtWarnings(ws))
	}
	want := &Node{Kind: Object, Line: 1, Col: 1, Children: []*Node{
		{Kind: Object, Key: "R", Line: 2, Col: 1, Children: []*Node{
			{Kind: String, Key: "A", Value: "1", Line: 3, Col: 3},
			{Kind: String, Key: "B", Line: 4, Col: 3},
			{Kind: String, Key: "C", Line: 5, Col: 3},
			{Kind: Object, Key: "D", Line: 6, Col: 3, Children: []*Node{
				{Kind: String, Key: "E", Value: "x", Line: 6, Col: 6},
				{Kind: String, Key: "E", Value: "y", Line: 6, Col: 16},
			}},
		}},
	}}
	if diff := cmp.Diff(want, n); diff != "" {
		t.Errorf("tree mismatch (-want +got):\n%s", diff)
	}
}

func TestParseXMLCases(t *testing.T) {
	cases := []jsonCase{
		{
			name: "no root element",
			src:  "<Message>无</Message>\n<RequestId>8707EB29</RequestId>\n<HttpStatusCode>200</HttpStatusCode>",
			want: `{"Message":"无","RequestId":"8707EB29","HttpStatusCode":"200"}`,
			pos:  map[string]string{"HttpStatusCode": "3:1"},
		},
		{
			name: "KMS root",
			src:  "<KMS>\n  <KeyId>k</KeyId>\n</KMS>",
			want: `{"KMS":{"KeyId":"k"}}`,
		},
		{
			name: "attributes, comments, doctype and processing instructions are skipped",
			src:  "<!DOCTYPE R [<!ELEMENT R ANY>]>\n<R a=\"1>2\" b='<'><!-- <X>1</X> --><?pi x?><A k=\"v\"/></R>",
			want: `{"R":{"A":""}}`,
		},
		{
			name: "entities and character references",
			src:  "<A>a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42; &nbsp; &unknown; a&b &#0;</A>",
			want: `{"A":"a & b <c> \"' AB &nbsp; &unknown; a&b &#0;"}`,
		},
		{
			name: "CDATA",
			src:  "<A><![CDATA[<x> & y]]> z</A>",
			want: `{"A":"<x> & y z"}`,
		},
		{
			name: "text of an element with children is ignored",
			src:  "<A>text<B>1</B>more</A>",
			want: `{"A":{"B":"1"}}`,
		},
		{
			name: "text is trimmed and line ends normalised",
			src:  "<A>\r\n  line1\r\n  line2\r\n</A>",
			want: `{"A":"line1\n  line2"}`,
		},
		{
			name:  "start tag used as closing tag",
			src:   "<R>\n\t<InvokeRecordStatus> Finished<InvokeRecordStatus>\n\t<ExitCode>0</ExitCode>\n</R>",
			want:  `{"R":{"InvokeRecordStatus":"Finished","ExitCode":"0"}}`,
			warns: []string{"2:31: start tag <InvokeRecordStatus> read as </InvokeRecordStatus>"},
		},
		{
			name:  "start tag used as closing tag after child elements",
			src:   "<Vs>\n<V>\n<X>800</X>\n<V>\n</Vs>",
			want:  `{"Vs":{"V":{"X":"800"}}}`,
			warns: []string{"4:1: start tag <V> read as </V>"},
		},
		{
			name: "nested elements of the same name are kept when balanced",
			src:  "<A>x<A>y</A></A>",
			want: `{"A":{"A":"y"}}`,
		},
		{
			name:  "mismatched closing tag",
			src:   "<R><PolicyName>p</PolicyPolicyName></R>",
			want:  `{"R":{"PolicyName":"p"}}`,
			warns: []string{"1:17: closing tag </PolicyPolicyName> read as </PolicyName>"},
		},
		{
			name:  "missing closing tag inside",
			src:   "<R><A><B>x</B></R>",
			want:  `{"R":{"A":{"B":"x"}}}`,
			warns: []string{"1:15: missing </A> inserted before </R>"},
		},
		{
			name:  "missing closing tags at the end",
			src:   "<R>\n<A>x</A>",
			want:  `{"R":{"A":"x"}}`,
			warns: []string{"2:9: missing </R> added at end of input"},
		},
		{
			name:  "closing tag without start tag",
			src:   "<A>x</A></B>",
			want:  `{"A":"x"}`,
			warns: []string{"1:9: closing tag </B> without start tag ignored"},
		},
		{
			name:  "numbers as element names",
			src:   "<http_code><200>466521</200></http_code>",
			want:  `{"http_code":{"200":"466521"}}`,
			warns: []string{"1:12: element name 200 is not a valid XML name; kept"},
		},
		{
			name:  "a '<' that starts no tag is text",
			src:   "<A>1 < 2</A>",
			want:  `{"A":"1 < 2"}`,
			warns: []string{"1:6: '<' read as text"},
		},
		{
			name:  "text outside elements",
			src:   "HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<R><A>1</A></R>",
			want:  `{"R":{"A":"1"}}`,
			warns: []string{"1:1: text outside elements ignored"},
			pos:   map[string]string{"R": "4:1", "R/A": "4:4"},
		},
		{
			name:  "start tag not closed",
			src:   "<R><A x=1<B>2</B></A></R>",
			want:  `{"R":{"A":{"B":"2"}}}`,
			warns: []string{"1:4: start tag not closed before '<'; closed there"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, ws, err := ParseXML(c.src)
			checkInvariants(t, c.src, n, ws, err)
			if err != nil {
				t.Fatalf("error: %v (warnings %v)", err, fmtWarnings(ws))
			}
			if n.Kind != Object || n.Key != "" {
				t.Errorf("root is %v %q, want an Object with no key", n.Kind, n.Key)
			}
			if got := render(n); got != c.want {
				t.Errorf("tree\n got %s\nwant %s", got, c.want)
			}
			if diff := cmp.Diff(c.warns, fmtWarnings(ws)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			checkPositions(t, n, c.pos)
		})
	}
}

func TestParseXMLErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "1:1: no XML element found"},
		{"just text", "1:10: no XML element found"},
		{"<R>\n<A", "2:1: unterminated start tag"},
		{"<R>\n<A x=\"1>", "2:1: unterminated attribute value"},
		{"<R><!-- x", "1:4: unterminated comment"},
		{"<R><![CDATA[x", "1:4: unterminated CDATA section"},
		{"<?xml version=\"1.0\"", "1:1: unterminated <? ?> declaration"},
		{"<!DOCTYPE x [", "1:1: unterminated <! declaration"},
		{strings.Repeat("<a>", 10000), "1:1537: nesting deeper than 512"},
	}
	for _, c := range cases {
		n, ws, err := ParseXML(c.src)
		checkInvariants(t, c.src, n, ws, err)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("ParseXML(%.40q) = %v, want error %s", c.src, err, c.want)
			continue
		}
		if got := e.Error(); got != c.want {
			t.Errorf("ParseXML(%.40q) error %q, want %q", c.src, got, c.want)
		}
	}
	ok := strings.Repeat("<a>", MaxDepth) + strings.Repeat("</a>", MaxDepth)
	if _, _, err := ParseXML(ok); err != nil {
		t.Errorf("nesting of exactly MaxDepth: %v", err)
	}
}
