package example

import (
	"strconv"
	"strings"
	"testing"
)

// benchInput generates a valid JSON document of about size bytes shaped like an API
// response: a wrapper array of objects with strings, escapes, numbers and booleans.
func benchInput(size int) string {
	var b strings.Builder
	b.Grow(size + 256)
	b.WriteString("{\n  \"RequestId\": \"5B38289D-88AB-42BD-B021-12FC6942F099\",\n  \"Instances\": {\n    \"Instance\": [\n")
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`      {"InstanceId": "i-bp67acfmxazb4p`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`", "Description": "line\nnext \"quoted\" \u00e9", "Cpu": `)
		b.WriteString(strconv.Itoa(i % 64))
		b.WriteString(`, "Price": 12.5e-1, "IoOptimized": true, "Tags": {"Tag": [{"Key": "k", "Value": null}]}}`)
	}
	b.WriteString("\n    ]\n  },\n  \"TotalCount\": 1\n}\n")
	return b.String()
}

func BenchmarkParseJSON(b *testing.B) {
	src := benchInput(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseJSON(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseXML(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R>\n")
	for i := 0; sb.Len() < 1<<20; i++ {
		sb.WriteString("  <Instance><InstanceId>i-")
		sb.WriteString(strconv.Itoa(i))
		sb.WriteString("</InstanceId><Description>a &amp; b</Description><Cpu>4</Cpu></Instance>\n")
	}
	sb.WriteString("</R>\n")
	src := sb.String()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseXML(src); err != nil {
			b.Fatal(err)
		}
	}
}
