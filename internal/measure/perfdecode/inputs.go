package perfdecode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// SynthN is the number of list elements in the synthetic response.
const SynthN = 10000

type synthRecord struct {
	callID, caller, callee, agentID string
	startTime                       int64
	duration                        int32
	ringTime                        int64
	satisfaction                    float64
	recorded                        bool
	skillGroupID                    string
}

func synthRecordAt(i int) synthRecord {
	return synthRecord{
		callID:       fmt.Sprintf("c-%07d", i),
		caller:       fmt.Sprintf("0571%08d", i),
		callee:       fmt.Sprintf("138%08d", 99999999-i),
		agentID:      fmt.Sprintf("agent-%d@ccc-test", i%500),
		startTime:    1536768000000 + int64(i)*1337,
		duration:     int32(i*7) % 3600,
		ringTime:     int64(i % 45),
		satisfaction: float64(i%101) / 100,
		recorded:     i%3 != 0,
		skillGroupID: fmt.Sprintf("sg-%d", i%50),
	}
}

// SynthJSON is a ListCallRecords JSON response with n list elements.
// With quoted, numbers and booleans are quoted in the envelope and in every
// other element (as real responses mix them); without, none is (the floor's
// input: the same bytes with those quotes removed).
func SynthJSON(n int, quoted bool) []byte {
	var b bytes.Buffer
	q := func(on bool) string {
		if on && quoted {
			return `"`
		}
		return ""
	}
	fmt.Fprintf(&b, `{"RequestId":"8707EB29-BAED-4302-B999-40BA61877437","Success":%strue%[1]s,"Code":"OK","HttpStatusCode":%[1]s200%[1]s,"TotalCount":%[2]d,"PageNumber":%[1]s1%[1]s,"PageSize":%[2]d,"CallRecords":{"CallRecord":[`, q(true), n)
	for i := 0; i < n; i++ {
		r := synthRecordAt(i)
		if i > 0 {
			b.WriteByte(',')
		}
		s := q(i%2 == 0)
		fmt.Fprintf(&b, `{"CallId":%q,"Caller":%q,"Callee":%q,"AgentId":%q,"StartTime":%s%d%[5]s,"Duration":%[5]s%[7]d%[5]s,"RingTime":%[5]s%[8]d%[5]s,"Satisfaction":%[5]s%[9]s%[5]s,"Recorded":%[5]s%[10]t%[5]s,"SkillGroupId":%[11]q}`,
			r.callID, r.caller, r.callee, r.agentID, s, r.startTime, r.duration, r.ringTime,
			strconv.FormatFloat(r.satisfaction, 'g', -1, 64), r.recorded, r.skillGroupID)
	}
	b.WriteString("]}}")
	return b.Bytes()
}

// SynthXML is the same response as SynthJSON in XML (which has no quotes).
func SynthXML(n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<ListCallRecordsResponse><RequestId>8707EB29-BAED-4302-B999-40BA61877437</RequestId><Success>true</Success><Code>OK</Code><HttpStatusCode>200</HttpStatusCode><TotalCount>%d</TotalCount><PageNumber>1</PageNumber><PageSize>%[1]d</PageSize><CallRecords>`, n)
	for i := 0; i < n; i++ {
		r := synthRecordAt(i)
		fmt.Fprintf(&b, `<CallRecord><CallId>%s</CallId><Caller>%s</Caller><Callee>%s</Callee><AgentId>%s</AgentId><StartTime>%d</StartTime><Duration>%d</Duration><RingTime>%d</RingTime><Satisfaction>%s</Satisfaction><Recorded>%t</Recorded><SkillGroupId>%s</SkillGroupId></CallRecord>`,
			r.callID, r.caller, r.callee, r.agentID, r.startTime, r.duration, r.ringTime,
			strconv.FormatFloat(r.satisfaction, 'g', -1, 64), r.recorded, r.skillGroupID)
	}
	b.WriteString(`</CallRecords></ListCallRecordsResponse>`)
	return b.Bytes()
}

// Dequote rewrites compact JSON data, removing the quotes around the
// strings that fill a number or boolean field of the plain struct type t,
// and nothing else: the floor's input made from an example.
func Dequote(data []byte, t reflect.Type) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out bytes.Buffer
	if err := dequoteValue(dec, &out, t); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("dequote: trailing data")
	}
	return out.Bytes(), nil
}

func dequoteValue(dec *json.Decoder, out *bytes.Buffer, t reflect.Type) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			out.WriteByte('{')
			for first := true; dec.More(); first = false {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				if !first {
					out.WriteByte(',')
				}
				writeString(out, k.(string))
				out.WriteByte(':')
				if err := dequoteValue(dec, out, fieldType(t, k.(string))); err != nil {
					return err
				}
			}
			out.WriteByte('}')
		case '[':
			var et reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				et = t.Elem()
			}
			out.WriteByte('[')
			for first := true; dec.More(); first = false {
				if !first {
					out.WriteByte(',')
				}
				if err := dequoteValue(dec, out, et); err != nil {
					return err
				}
			}
			out.WriteByte(']')
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case string:
		if t != nil && isNumberOrBool(t.Kind()) {
			out.WriteString(tok)
			return nil
		}
		writeString(out, tok)
	case json.Number:
		out.WriteString(tok.String())
	case bool:
		out.WriteString(strconv.FormatBool(tok))
	case nil:
		out.WriteString("null")
	}
	return nil
}

func writeString(out *bytes.Buffer, s string) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	out.Truncate(out.Len() - 1) // Encode's newline
}

func fieldType(t reflect.Type, name string) reflect.Type {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name || (tag == "" && f.Name == name) {
			return f.Type
		}
	}
	return nil
}

func isNumberOrBool(k reflect.Kind) bool {
	switch k {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}
