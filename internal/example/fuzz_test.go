package example

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var jsonSeeds = []string{
	`{}`, `[]`, `{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\n\u00e9"}}`,
	`"abc"`, `12`, ` null `, `{"a":1,"a":2}`, `{"":""}`, `["\ud83d\ude00", "\ud83d"]`,
	"//json response\n{\"a\": 1}",
	"HTTP/1.1 200 OK\nHeader :\n{\nDate: x\n}\nBody :\n{'a': 1,}",
	"{\u00a0\"a\"：“x”，\"b\": xxx, // c\n\"c\": ...\n}",
	`{"u": ""http://x""}`, `["K": "v", "K2": 1]`, `{ {"a":1}, {"b":2} }`, `{"a":1}}`,
	`{"a": {"b": 1}`, `[1 2 ...]`, `{"m": "x "y" z"}`, `{"k': False}`, `{"a": :1}`,
	"{\"a\": /* x */ 1}", `{"a": 100000****}`, `[True, None]`, "\"\xff\"", `{"a":"\x"}`,
	strings.Repeat("[", 600),
}

// toAny converts a tree to the values encoding/json produces with UseNumber.
func toAny(n *Node) any {
	switch n.Kind {
	case Object:
		m := map[string]any{}
		for _, c := range n.Children {
			m[c.Key] = toAny(c)
		}
		return m
	case Array:
		a := []any{}
		for _, c := range n.Children {
			a = append(a, toAny(c))
		}
		return a
	case String:
		return n.Value
	case Number:
		return json.Number(n.Value)
	case Bool:
		return n.Value == "true"
	}
	return nil
}

func normalizeJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalizeJSON(x)
		}
		return v
	case []any:
		if v == nil {
			return []any{}
		}
		for i, x := range v {
			v[i] = normalizeJSON(x)
		}
		return v
	}
	return v
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// A hang shows as a crash that the fuzzer records, with the input.
		tm := time.AfterFunc(10*time.Second, func() { panic("SLOW " + strconv.Quote(src)) })
		defer tm.Stop()
		n, ws, err := ParseJSON(src)
		checkInvariants(t, src, n, ws, err)
		if !json.Valid([]byte(src)) {
			return
		}
		var e *Error
		if errors.As(err, &e) && e.Msg == "nesting deeper than 512" {
			return
		}
		if err != nil {
			t.Fatalf("valid JSON %q: %v", src, err)
		}
		if len(ws) > 0 {
			t.Fatalf("valid JSON %q: warnings %v", src, fmtWarnings(ws))
		}
		dec := json.NewDecoder(strings.NewReader(src))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		if diff := cmp.Diff(normalizeJSON(want), toAny(n)); diff != "" {
			t.Fatalf("valid JSON %q read differently (-encoding/json +ParseJSON):\n%s", src, diff)
		}
	})
}

var xmlSeeds = []string{
	`<R><A>1</A><B/><C></C></R>`,
	"<?xml version=\"1.0\"?>\n<!DOCTYPE R [<!ELEMENT R ANY>]>\n<R a=\"1\"><!-- c --><A><![CDATA[x]]>&amp;&#65;</A></R>",
	"<A>1</A>\n<B>2</B>", "<R><S> Finished<S></R>", "<R><A>x</B></R>", "<R><A>", "<A>a & b &nbsp;</A>",
	"<a:b xmlns:a=\"u\"><a:c>1</a:c></a:b>", "<200>1</200>", "<A>x<A>y</A></A>", "<A>\r\nx\r\n</A>",
	"<!0[><R></R>", "<R><!\"></R>", "<!D <!-- > --> '>'><R/>",
	strings.Repeat("<a>", 600),
}

// xmlTree builds the expected tree of a document that encoding/xml reads strictly, or
// returns nil when it does not.
func xmlTree(src string) *Node {
	d := xml.NewDecoder(strings.NewReader(src))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil
		}
	}
	root := &Node{Kind: Object}
	stack := []*Node{root}
	texts := []*bytes.Buffer{nil}
	d = xml.NewDecoder(strings.NewReader(src))
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			if tok.Name.Space != "" {
				name = tok.Name.Space + ":" + name
			}
			n := &Node{Kind: String, Key: name}
			top := stack[len(stack)-1]
			top.Children = append(top.Children, n)
			top.Kind = Object
			stack = append(stack, n)
			texts = append(texts, &bytes.Buffer{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			if n.Kind == String {
				n.Value = strings.TrimSpace(texts[len(texts)-1].String())
			}
			stack, texts = stack[:len(stack)-1], texts[:len(texts)-1]
		case xml.CharData:
			if b := texts[len(texts)-1]; b != nil {
				b.Write(tok)
			}
		}
	}
	if len(root.Children) == 0 {
		return nil
	}
	return root
}

func FuzzParseXML(f *testing.F) {
	for _, s := range xmlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// A hang shows as a crash that the fuzzer records, with the input.
		tm := time.AfterFunc(10*time.Second, func() { panic("SLOW " + strconv.Quote(src)) })
		defer tm.Stop()
		n, ws, err := ParseXML(src)
		checkInvariants(t, src, n, ws, err)
		if n != nil && (n.Kind != Object || n.Key != "") {
			t.Fatalf("root is %v %q", n.Kind, n.Key)
		}
		want := xmlTree(src)
		if want == nil {
			return
		}
		var e *Error
		if errors.As(err, &e) && e.Msg == "nesting deeper than 512" {
			return
		}
		if err != nil {
			t.Fatalf("well-formed XML %q: %v", src, err)
		}
		if diff := cmp.Diff(render(want), render(n)); diff != "" {
			t.Fatalf("well-formed XML %q read differently (-encoding/xml +ParseXML):\n%s", src, diff)
		}
	})
}
