package example

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSONValid(t *testing.T) {
	src := "{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"b\": {\"c\": \"x\\n\\u00e9\\ud83d\\ude00\\\"\\\\\\/\"},\n  \"a\": \"dup\"\n}"
	n, ws, err := ParseJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) > 0 {
		t.Errorf("warnings for valid JSON: %v", fmtWarnings(ws))
	}
	want := &Node{Kind: Object, Line: 1, Col: 1, Children: []*Node{
		{Kind: Array, Key: "a", Line: 2, Col: 8, Children: []*Node{
			{Kind: Number, Value: "1", Line: 2, Col: 9},
			{Kind: Number, Value: "-2.5e3", Line: 2, Col: 12},
			{Kind: Bool, Value: "true", Line: 2, Col: 20},
			{Kind: Bool, Value: "false", Line: 2, Col: 26},
			{Kind: Null, Line: 2, Col: 33},
		}},
		{Kind: Object, Key: "b", Line: 3, Col: 8, Children: []*Node{
			{Kind: String, Key: "c", Value: "x\né😀\"\\/", Line: 3, Col: 14},
		}},
		{Kind: String, Key: "a", Value: "dup", Line: 4, Col: 8},
	}}
	if diff := cmp.Diff(want, n); diff != "" {
		t.Errorf("tree mismatch (-want +got):\n%s", diff)
	}
}

func TestParseJSONScalarRoot(t *testing.T) {
	for src, want := range map[string]string{
		`"abc"`:     `"abc"`,
		" 12.5e-1 ": `12.5e-1`,
		"true":      `true`,
		"null\n":    `null`,
	} {
		n, ws, err := ParseJSON(src)
		if err != nil || len(ws) > 0 {
			t.Errorf("ParseJSON(%q): %v %v", src, err, ws)
			continue
		}
		if got := render(n); got != want {
			t.Errorf("ParseJSON(%q) = %s, want %s", src, got, want)
		}
	}
}

type jsonCase struct {
	name  string
	src   string
	want  string            // render() of the tree
	warns []string          // "line:col: msg"
	pos   map[string]string // path -> "line:col"
}

func TestParseJSONRepairs(t *testing.T) {
	cases := []jsonCase{
		{
			name:  "nbsp",
			src:   "{\u00a0\"a\":\u00a0\u00a01}",
			want:  `{"a":1}`,
			warns: []string{"1:2: NBSP read as space", "1:8: NBSP read as space"},
			pos:   map[string]string{"a": "1:12"},
		},
		{
			name:  "ideographic space",
			src:   "{\"a\":\u3000\"x\"}",
			want:  `{"a":"x"}`,
			warns: []string{"1:6: ideographic space read as space"},
		},
		{
			name:  "full-width comma",
			src:   `{"a": 1，"b": 2}`,
			want:  `{"a":1,"b":2}`,
			warns: []string{"1:8: full-width comma read as ','"},
			pos:   map[string]string{"b": "1:16"},
		},
		{
			name:  "full-width colon and curly quotes",
			src:   "{\n“InvokeRecordStatus”：“Finished”,\n\"ExitCode\": 0\n}",
			want:  `{"InvokeRecordStatus":"Finished","ExitCode":0}`,
			warns: []string{"2:1: curly quotes read as '\"'", "2:25: full-width colon read as ':'", "2:28: curly quotes read as '\"'"},
			pos:   map[string]string{"InvokeRecordStatus": "2:28", "ExitCode": "3:13"},
		},
		{
			name:  "curly single quotes",
			src:   `{‘a’: ‘x’}`,
			want:  `{"a":"x"}`,
			warns: []string{"1:2: curly single quotes read as '\"'", "1:11: curly single quotes read as '\"'"},
		},
		{
			name: "curly quotes inside a string are text",
			src:  `{"a": "[“0”, “1”]"}`,
			want: `{"a":"[“0”, “1”]"}`,
		},
		{
			name:  "line and block comments",
			src:   "{\n  \"a\": 1, // the a\n  \"b\": \"http://x\" /* url */\n}",
			want:  `{"a":1,"b":"http://x"}`,
			warns: []string{"2:11: // comment skipped", "3:19: /* */ comment skipped"},
		},
		{
			name:  "comment before the first member and a Chinese comment",
			src:   "{ // 返回结果\n\"RequestId\": \"x\" //请求ID\n}",
			want:  `{"RequestId":"x"}`,
			warns: []string{"1:3: // comment skipped", "2:18: // comment skipped"},
		},
		{
			name:  "leading //json response",
			src:   "//json response\n{\n  \"a\": 1\n}",
			want:  `{"a":1}`,
			warns: []string{"1:1: leading text skipped: //json response"},
			pos:   map[string]string{"": "2:1", "a": "3:8"},
		},
		{
			name: "raw HTTP with header block and body",
			src: "HTTP/1.1 200 OK\nHeader :\n{\nContent-Type: application/json\nx-log-requestid: 5FC4\n}\nBody :\n{\n" +
				"  'count':1,\n  'logstores':[\"test-logstore\"]\n}",
			want: `{"count":1,"logstores":["test-logstore"]}`,
			warns: []string{
				"1:1: leading text skipped: HTTP/1.1 200 OK",
				"3:1: HTTP header block skipped",
				"9:3: single-quoted string read as a string",
				"10:3: single-quoted string read as a string",
			},
			pos: map[string]string{"": "8:1", "logstores/0": "10:16"},
		},
		{
			name:  "raw HTTP with headers and a blank line",
			src:   "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\"a\": 1}",
			want:  `{"a":1}`,
			warns: []string{"1:1: leading text skipped: HTTP/1.1 200 OK"},
		},
		{
			name:  "ellipsis lines",
			src:   "{\n  \"a\": [\n    1,\n    ...\n  ],\n  …\n  \"b\": 2\n}",
			want:  `{"a":[1],"b":2}`,
			warns: []string{"4:5: ... element skipped", "6:3: … member skipped"},
		},
		{
			name:  "ellipsis as element, member and value",
			src:   `{"a": [...], "b": ..., "c": {...}, "d": 1}`,
			want:  `{"a":[],"c":{},"d":1}`,
			warns: []string{"1:8: ... element skipped", "1:19: ... value of member b skipped", "1:30: ... member skipped"},
		},
		{
			name:  "ellipsis between elements",
			src:   `[1, ..., 5]`,
			want:  `[1,5]`,
			warns: []string{"1:5: ... element skipped"},
		},
		{
			name:  "trailing commas",
			src:   "{\"a\": [1, 2,],\n \"b\": 3,\n}",
			want:  `{"a":[1,2],"b":3}`,
			warns: []string{"1:12: trailing comma removed", "2:8: trailing comma removed"},
		},
		{
			name:  "extra commas",
			src:   `[, 1,, 2]`,
			want:  `[1,2]`,
			warns: []string{"1:2: extra comma removed", "1:6: extra comma removed"},
		},
		{
			name:  "missing commas between members",
			src:   "{\n  \"HostId\": \"ecs.aliyuncs.com\"\n  \"Code\": \"X\"\n  \"N\": 1\n  \"M\": {}\n}",
			want:  `{"HostId":"ecs.aliyuncs.com","Code":"X","N":1,"M":{}}`,
			warns: []string{"3:3: missing comma inserted", "4:3: missing comma inserted", "5:3: missing comma inserted"},
			pos:   map[string]string{"Code": "3:11", "M": "5:8"},
		},
		{
			name:  "missing commas between elements",
			src:   "[1 2\n\"x\"\n{}]",
			want:  `[1,2,"x",{}]`,
			warns: []string{"1:4: missing comma inserted", "2:1: missing comma inserted", "3:1: missing comma inserted"},
		},
		{
			name: "unquoted values",
			src:  "{\"CertId\": xxx,\n\"logstoreName\": test-logstore,\n\"RuleIds\": [100000****],\n\"Date\": 2014-09-01 08:00:00\n}",
			want: `{"CertId":"xxx","logstoreName":"test-logstore","RuleIds":["100000****"],"Date":"2014-09-01 08:00:00"}`,
			warns: []string{
				"1:12: unquoted value xxx read as a string",
				"2:17: unquoted value test-logstore read as a string",
				"3:13: unquoted value 100000**** read as a string",
				"4:9: unquoted value 2014-09-01 08:00:00 read as a string",
			},
			pos: map[string]string{"RuleIds/0": "3:13"},
		},
		{
			name:  "unquoted value before a comment",
			src:   "{\"a\": abc // note\n}",
			want:  `{"a":"abc"}`,
			warns: []string{"1:7: unquoted value abc read as a string", "1:11: // comment skipped"},
		},
		{
			name:  "literals and Python spellings keep their kinds",
			src:   `{"n": 12, "t": true, "f": False, "x": None, "y": True, "z": null}`,
			want:  `{"n":12,"t":true,"f":false,"x":null,"y":true,"z":null}`,
			warns: []string{"1:27: False read as false", "1:39: None read as null", "1:50: True read as true"},
		},
		{
			name:  "single-quoted strings",
			src:   `{'count':1, 'it\'s': 'a"b'}`,
			want:  `{"count":1,"it's":"a\"b"}`,
			warns: []string{"1:2: single-quoted string read as a string", "1:13: single-quoted string read as a string", "1:22: single-quoted string read as a string"},
		},
		{
			name:  "doubled quotes",
			src:   "{\"SignatureUrl\":\"\"http://x/a.wav\"\",\n\"RequestId\": \"\"E69EF3CC\"\n}",
			want:  `{"SignatureUrl":"http://x/a.wav","RequestId":"E69EF3CC"}`,
			warns: []string{"1:17: doubled quotes read as one string", "2:14: doubled quotes read as one string"},
		},
		{
			name: "empty strings are not doubled quotes",
			src:  `{"a":"", "b": ""}`,
			want: `{"a":"","b":""}`,
		},
		{
			name:  "array holding members",
			src:   `{"contents": ["Key1": "error", "Key2": "Value2"]}`,
			want:  `{"contents":[{"Key1":"error","Key2":"Value2"}]}`,
			warns: []string{"1:14: array holding members read as an array of one object"},
			pos:   map[string]string{"contents": "1:14", "contents/0": "1:15", "contents/0/Key2": "1:40"},
		},
		{
			name:  "object holding values",
			src:   "{\n  {\"from\": 1},\n  {\"from\": 2}\n}",
			want:  `[{"from":1},{"from":2}]`,
			warns: []string{"1:1: object holding values without member names read as an array"},
		},
		{
			name:  "doubled braces",
			src:   `{"Set": [{ {"a": 1} }]}`,
			want:  `{"Set":[{"a":1}]}`,
			warns: []string{"1:10: braces around a value without member name removed"},
			pos:   map[string]string{"Set/0": "1:12"},
		},
		{
			name:  "stray closing brackets at the end",
			src:   "{\"a\": 1}\n}]",
			want:  `{"a":1}`,
			warns: []string{"2:1: stray '}' ignored", "2:2: stray ']' ignored"},
		},
		{
			name:  "premature closing brace",
			src:   "{\"a\": {\"b\": 1}},\n\"c\": 2}",
			want:  `{"a":{"b":1},"c":2}`,
			warns: []string{"1:15: extra '}' ignored"},
		},
		{
			name:  "missing closing brace at the end",
			src:   "{\"Keys\": {\"Key\": [1],\n\"TotalCount\": 3\n}",
			want:  `{"Keys":{"Key":[1],"TotalCount":3}}`,
			warns: []string{"3:2: missing '}' added at end of input"},
		},
		{
			name:  "missing closing brackets at the end",
			src:   `[{"a": [1, 2`,
			want:  `[{"a":[1,2]}]`,
			warns: []string{"1:13: missing ']' added at end of input", "1:13: missing '}' added at end of input", "1:13: missing ']' added at end of input"},
		},
		{
			name:  "missing '}' before ']'",
			src:   `[{"a": 1]`,
			want:  `[{"a":1}]`,
			warns: []string{"1:9: missing '}' inserted before ']'"},
		},
		{
			name:  "missing ']' before '}'",
			src:   `{"b": [2}`,
			want:  `{"b":[2]}`,
			warns: []string{"1:9: missing ']' inserted before '}'"},
		},
		{
			name:  "wrong closing bracket",
			src:   `[1}`,
			want:  `[1]`,
			warns: []string{"1:3: '}' read as ']'"},
		},
		{
			name: "keys with spaces and duplicate keys are kept",
			src:  `{" UserData ": "x", "a": 1, "a": 2}`,
			want: `{" UserData ":"x","a":1,"a":2}`,
		},
		{
			name:  "unquoted member names",
			src:   "{a: 1, x-log-count: 2}",
			want:  `{"a":1,"x-log-count":2}`,
			warns: []string{"1:2: unquoted member name a read as a string", "1:8: unquoted member name x-log-count read as a string"},
		},
		{
			name:  "unescaped quotes inside a string",
			src:   "{\"Message\": \"not supported for \"i-j5e\".\"\n}",
			want:  `{"Message":"not supported for \"i-j5e\"."}`,
			warns: []string{"1:32: unescaped '\"' inside string kept"},
		},
		{
			name:  "string closed with the wrong quote",
			src:   "{\"appendMeta': False\n}",
			want:  `{"appendMeta":false}`,
			warns: []string{"1:13: string opened with '\"' closed with \"'\"", "1:16: False read as false"},
		},
		{
			name:  "doubled colon",
			src:   `{"dashboards": :[1]}`,
			want:  `{"dashboards":[1]}`,
			warns: []string{"1:16: extra ':' removed"},
		},
		{
			name:  "string not closed on its line",
			src:   "{\"a\": \"abc\n}",
			want:  `{"a":"abc"}`,
			warns: []string{"1:11: string not closed before the end of the line; closed there"},
		},
		{
			name:  "invalid escapes are kept",
			src:   `{"re": "\d+\u12"}`,
			want:  `{"re":"\\d+\\u12"}`,
			warns: []string{"1:9: invalid escape \\d kept as written", "1:12: invalid \\u escape kept as written"},
		},
		{
			name: "escapes and surrogates",
			src:  `["\ud83d\ude00", "\ud83d", "\ude00x", "\u0041\t"]`,
			want: `["😀","` + "\uFFFD" + `","` + "\uFFFDx" + `","A\t"]`,
		},
		{
			name:  "text after the value",
			src:   "{\"a\": 1}\n以上为返回示例",
			want:  `{"a":1}`,
			warns: []string{"2:1: text after the JSON value ignored"},
		},
		{
			name:  "leading text with a bracket-free prose line",
			src:   "正常返回示例：\n[1]",
			want:  `[1]`,
			warns: []string{"1:1: leading text skipped: 正常返回示例："},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, ws, err := ParseJSON(c.src)
			checkInvariants(t, c.src, n, ws, err)
			if err != nil {
				t.Fatalf("error: %v (warnings %v)", err, fmtWarnings(ws))
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

func TestParseJSONErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "1:1: no JSON object or array found"},
		{"just text\nno brackets", "2:12: no JSON object or array found"},
		{"HTTP/1.1 200 OK\nHeader\n{\ndate: Mon, 09 Nov 2015\n}\n", "6:1: HTTP headers without a JSON body"},
		{`{"a" 1}`, "1:6: expected ':' after member name"},
		{`{"a": }`, "1:7: unexpected '}', expected a value"},
		{`{"a":`, "1:6: unexpected end of input, expected a value"},
		{`{"a": "abc`, "1:7: unterminated string"},
		{`{"a": 1, /* x`, "1:10: unterminated /* comment"},
		{`{:1}`, "1:2: unexpected ':', expected a member name"},
		{"{\n  \"a\": : : 1}", "2:10: unexpected ':', expected a value"},
		{`["a": 1, 2]`, "1:10: value without member name in an array that holds members"},
		{`[1, "a": 2]`, "1:8: unexpected ':' in array"},
		{`{{"a": 1}, "b": 2}`, "1:15: member in an object that holds values without member names"},
		{`{"a": "x" "y" 1}`, "1:15: expected ':' after member name"},
		{strings.Repeat("[", 10000), "1:513: nesting deeper than 512"},
		{strings.Repeat(`{"a":`, 600), "1:2561: nesting deeper than 512"},
	}
	for _, c := range cases {
		n, ws, err := ParseJSON(c.src)
		checkInvariants(t, c.src, n, ws, err)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("ParseJSON(%.40q) = %s, %v; want error %s", c.src, render(n), fmtWarnings(ws), c.want)
			continue
		}
		if got := e.Error(); got != c.want {
			t.Errorf("ParseJSON(%.40q) error %q, want %q", c.src, got, c.want)
		}
	}
}

// TestParseJSONLarge checks that big and deep inputs are read quickly and without
// exhausting the stack.
func TestParseJSONLarge(t *testing.T) {
	big := benchInput(4 << 20)
	n, ws, err := ParseJSON(big)
	if err != nil || len(ws) > 0 {
		t.Fatalf("4 MB input: %v %v", err, len(ws))
	}
	if len(n.Children) == 0 {
		t.Fatal("4 MB input: empty tree")
	}
	// Many repairs: every comma full-width.
	_, ws, err = ParseJSON(strings.ReplaceAll(big, ",", "，"))
	if err != nil || len(ws) == 0 {
		t.Fatalf("4 MB full-width input: %v %d", err, len(ws))
	}
	for _, deep := range []string{
		strings.Repeat("[", 1<<20),
		strings.Repeat("{{", 1<<19),
		strings.Repeat(`{"a":[`, 1<<17),
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	} {
		_, _, err := ParseJSON(deep)
		if err == nil || !strings.Contains(err.Error(), "nesting deeper than 512") {
			t.Errorf("deep input: %v", err)
		}
	}
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, _, err := ParseJSON(ok); err != nil {
		t.Errorf("nesting of exactly MaxDepth: %v", err)
	}
}
