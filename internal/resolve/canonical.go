package resolve

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/cccgen/cccgen/internal/example"
	"github.com/cccgen/cccgen/internal/lenient"
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/spec"
)

// canonicalExamples fills Example.Canonical for the examples the generated
// tests use, warning about every value left out.
func (r *resolver) canonicalExamples(jv, xv *example.Node) {
	p := r.p
	for i := range p.Examples {
		ex := &p.Examples[i]
		switch ex.Kind {
		case spec.JSONExample:
			if jv == nil {
				continue
			}
			var b bytes.Buffer
			if r.wrapped != "" {
				// The example is the content of one field: the test wraps it.
				b.WriteString("{" + jsonString(r.wrapped) + ":")
				r.writeJSON(&b, jv, r.fieldChild(p.Response, r.wrapped), ex.Pos, r.wrapped)
				b.WriteString("}")
				ex.Canonical = b.String()
				continue
			}
			r.writeJSON(&b, jv, p.Response, ex.Pos, "")
			ex.Canonical = b.String()
		case spec.XMLExample:
			if xv == nil || p.Response == nil || p.Response.Kind != spec.Struct {
				continue
			}
			var b bytes.Buffer
			if p.XMLRooted {
				r.writeXMLElem(&b, xv.Key, xv, p.Response, ex.Pos, "")
			} else {
				r.writeXMLChildren(&b, xv, p.Response, ex.Pos, "")
			}
			ex.Canonical = b.String()
		case spec.RequestExample:
			if p.REST() {
				continue
			}
			ex.Canonical = r.requestQuery(ex)
		}
	}
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// fits reports whether an example scalar decodes into a field of kind k.
func fits(k spec.Kind, kind example.Kind, v string) bool {
	if kind == example.Null {
		return true
	}
	if kind != example.String && kind != example.Number && kind != example.Bool {
		return false
	}
	switch k {
	case spec.String:
		return true
	case spec.Int32:
		_, err := lenient.Int(v, 32)
		return err == nil
	case spec.Int64:
		_, err := lenient.Int(v, 64)
		return err == nil
	case spec.Float64:
		_, err := lenient.Float(v)
		return err == nil
	case spec.Bool:
		_, err := lenient.Bool(v)
		return err == nil
	}
	return false
}

type fieldIndex struct{ exact, fold map[string]*spec.Field }

// fieldChild finds a struct member by wire name, or by a name that differs
// only in case (the table's spelling wins; a warning was given).
func (r *resolver) fieldChild(f *spec.Field, name string) *spec.Field {
	if f == nil {
		return nil
	}
	if r.fields == nil {
		r.fields = map[*spec.Field]*fieldIndex{}
	}
	ix := r.fields[f]
	if ix == nil {
		ix = &fieldIndex{exact: map[string]*spec.Field{}, fold: map[string]*spec.Field{}}
		for _, c := range f.Fields {
			if _, dup := ix.exact[c.Name]; !dup {
				ix.exact[c.Name] = c
			}
			if _, dup := ix.fold[strings.ToLower(c.Name)]; !dup {
				ix.fold[strings.ToLower(c.Name)] = c
			}
		}
		r.fields[f] = ix
	}
	if c := ix.exact[name]; c != nil {
		return c
	}
	return ix.fold[strings.ToLower(name)]
}

func (r *resolver) leaveOut(pos spec.Pos, v *example.Node, path string, f *spec.Field) {
	what := "an object"
	switch v.Kind {
	case example.Array:
		what = "a list"
	case example.String, example.Number, example.Bool:
		what = strconv.Quote(v.Value)
	}
	want := "missing from the response type"
	if f == nil && r.leftOut[at(pos, v.Line, v.Col)] {
		return
	}
	if f != nil {
		want = "typed " + string(f.Kind)
		if f.TypeText != "" {
			want = "typed " + f.TypeText
		}
	}
	r.warn(spec.DiagExampleValue, at(pos, v.Line, v.Col), "example value %s of %s does not fit the field (%s); the generated test leaves it out", what, path, want)
}

func (r *resolver) writeJSON(b *bytes.Buffer, v *example.Node, f *spec.Field, pos spec.Pos, path string) {
	switch {
	case v.Kind == example.Null:
		b.WriteString("null")
	case f == nil:
		b.WriteString("null")
	case f.Kind == spec.Map || f.Kind == spec.Any:
		writeRawJSON(b, v)
	case v.Kind == example.Object && f.Kind == spec.Struct:
		b.WriteByte('{')
		seen := map[string]bool{}
		first := true
		for _, m := range v.Children {
			key := strings.TrimSpace(m.Key)
			c := r.fieldChild(f, key)
			if c == nil || seen[c.Name] {
				if c == nil {
					r.leaveOut(pos, m, join(path, key), nil)
				}
				continue
			}
			seen[c.Name] = true
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.WriteString(jsonString(c.Name))
			b.WriteByte(':')
			r.writeJSON(b, m, c, pos, join(path, key))
		}
		b.WriteByte('}')
	case f.Kind == spec.Struct && v.Kind == example.Array && wrapperInList(v) != nil:
		r.writeJSON(b, wrapperInList(v), f, pos, path)
	case f.Kind == spec.Array && v.Kind != example.Array:
		// One item where the table says list: the test reads it as a list of one.
		b.WriteByte('[')
		r.writeJSON(b, v, f.Elem, pos, path+"[]")
		b.WriteByte(']')
	case v.Kind == example.Array && f.Kind == spec.Array:
		b.WriteByte('[')
		for i, e := range v.Children {
			if i > 0 {
				b.WriteByte(',')
			}
			r.writeJSON(b, e, f.Elem, pos, path+"[]")
		}
		b.WriteByte(']')
	case f.Kind == spec.String && (v.Kind == example.Object || v.Kind == example.Array):
		// JSON text shown unquoted in the page.
		var raw bytes.Buffer
		writeRawJSON(&raw, v)
		b.WriteString(jsonString(raw.String()))
	case f.Kind.IsScalar() && fits(f.Kind, v.Kind, v.Value):
		if v.Kind == example.String {
			b.WriteString(jsonString(v.Value))
		} else {
			b.WriteString(v.Value)
		}
	default:
		r.leaveOut(pos, v, path, f)
		b.WriteString("null")
	}
}

func writeRawJSON(b *bytes.Buffer, v *example.Node) {
	switch v.Kind {
	case example.Object:
		b.WriteByte('{')
		seen := map[string]bool{}
		first := true
		for _, m := range v.Children {
			if seen[m.Key] {
				continue
			}
			seen[m.Key] = true
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.WriteString(jsonString(m.Key))
			b.WriteByte(':')
			writeRawJSON(b, m)
		}
		b.WriteByte('}')
	case example.Array:
		b.WriteByte('[')
		for i, e := range v.Children {
			if i > 0 {
				b.WriteByte(',')
			}
			writeRawJSON(b, e)
		}
		b.WriteByte(']')
	case example.String:
		b.WriteString(jsonString(v.Value))
	case example.Null:
		b.WriteString("null")
	default:
		b.WriteString(v.Value)
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeXMLElem writes one element whose content f describes.
func (r *resolver) writeXMLElem(b *bytes.Buffer, name string, el *example.Node, f *spec.Field, pos spec.Pos, path string) {
	b.WriteString("<" + name + ">")
	switch {
	case f.Kind == spec.Struct && el.Kind == example.Object:
		r.writeXMLChildren(b, el, f, pos, path)
	case f.Kind == spec.Map && el.Kind == example.Object:
		writeRawXML(b, el)
	case f.Kind.IsScalar() && el.Kind == example.String && fits(f.Kind, example.String, el.Value):
		b.WriteString(xmlEscape(el.Value))
	case el.Kind == example.String && el.Value == "":
	default:
		r.leaveOut(pos, el, path, f)
	}
	b.WriteString("</" + name + ">")
}

func writeRawXML(b *bytes.Buffer, el *example.Node) {
	for _, c := range el.Children {
		if !naming.XMLName(c.Key) {
			continue
		}
		b.WriteString("<" + c.Key + ">")
		if c.Kind == example.Object {
			writeRawXML(b, c)
		} else {
			b.WriteString(xmlEscape(c.Value))
		}
		b.WriteString("</" + c.Key + ">")
	}
}

func (r *resolver) writeXMLChildren(b *bytes.Buffer, el *example.Node, f *spec.Field, pos spec.Pos, path string) {
	seen := map[string]bool{}
	for _, c := range el.Children {
		cf := r.fieldChild(f, c.Key)
		p := join(path, c.Key)
		if cf == nil {
			r.leaveOut(pos, c, p, nil)
			continue
		}
		if !naming.XMLName(cf.Name) {
			continue // the field is JSON-only (xml:"-")
		}
		if cf.Kind == spec.Array {
			r.writeXMLElem(b, cf.Name, c, cf.Elem, pos, p+"[]")
			continue
		}
		if seen[cf.Name] {
			r.warn(spec.DiagExampleValue, at(pos, c.Line, c.Col), "XML example repeats <%s> where the response holds one %s; the generated test keeps the first", c.Key, p)
			continue
		}
		seen[cf.Name] = true
		r.writeXMLElem(b, cf.Name, c, cf, pos, p)
	}
}

var reDigits = regexp.MustCompile(`^\d+$`)

// requestField finds the request field a flattened query key denotes.
func requestField(fields []*spec.Field, key string) *spec.Field {
	for _, f := range fields {
		if key == f.Name {
			if f.Kind == spec.Struct && f.Flat || f.Kind == spec.Array && f.Flat {
				return nil
			}
			return f
		}
		if !strings.HasPrefix(key, f.Name+".") {
			continue
		}
		rest := key[len(f.Name)+1:]
		switch {
		case f.Kind == spec.Array && f.Flat:
			idx, tail, _ := strings.Cut(rest, ".")
			if !reDigits.MatchString(idx) || idx == "0" {
				continue
			}
			if f.Elem.Kind == spec.Struct {
				if g := requestField(f.Elem.Fields, tail); g != nil {
					return g
				}
				continue
			}
			if tail == "" && !strings.Contains(rest, ".") {
				return f.Elem
			}
		case f.Kind == spec.Struct && f.Flat:
			if g := requestField(f.Fields, rest); g != nil {
				return g
			}
		}
	}
	return nil
}

var common = map[string]bool{"Action": true, "Format": true, "Version": true, "AccessKeyId": true, "Signature": true,
	"SignatureMethod": true, "Timestamp": true, "SignatureVersion": true, "SignatureNonce": true, "SecurityToken": true,
	"ResourceOwnerAccount": true, "OwnerAccount": true}

// requestQuery reduces the request example to the documented parameters.
func (r *resolver) requestQuery(ex *spec.Example) string {
	text := ex.Text
	if i := strings.Index(text, "?"); i >= 0 {
		text = text[i+1:]
	}
	q := url.Values{}
	for li, line := range strings.Split(text, "\n") {
		for _, part := range strings.Split(line, "&") {
			part = strings.TrimSpace(part)
			k, v, ok := strings.Cut(part, "=")
			if !ok || k == "" || strings.ContainsAny(k, "<>[] ") {
				continue
			}
			if uk, err := url.QueryUnescape(k); err == nil {
				k = uk
			}
			if uv, err := url.QueryUnescape(v); err == nil {
				v = uv
			}
			if common[k] {
				continue
			}
			pos := spec.Pos{File: ex.Pos.File, Line: ex.Pos.Line + li, Col: 1}
			f := requestField(r.p.Params(), k)
			if f == nil {
				r.warn(spec.DiagExampleValue, pos, "request example parameter %s is not in the request table; the generated test leaves it out", k)
				continue
			}
			if f.Kind.IsScalar() && !fits(f.Kind, example.String, v) || f.Kind == spec.Any && !json.Valid([]byte(v)) {
				r.warn(spec.DiagExampleValue, pos, "request example value %q of %s does not fit its type %s; the generated test leaves it out", v, k, f.Kind)
				continue
			}
			if f.Kind == spec.Struct || f.Kind == spec.Array {
				// One JSON value (a JSON-string parameter with members):
				// spelled as the generated encoder writes it.
				c, ok := r.jsonParamValue(f, v, pos, k)
				if !ok {
					continue
				}
				v = c
				q.Set(k, v)
				continue
			}
			if f.Kind.IsScalar() && f.Kind != spec.String {
				v = strings.TrimSpace(v)
				if v == "" {
					continue
				}
			}
			q.Set(k, normalise(f.Kind, v))
		}
	}
	return q.Encode()
}

// normalise spells a request value as the generated encoder does: booleans
// and numbers in Go's canonical form, JSON values re-encoded.
func normalise(k spec.Kind, v string) string {
	switch k {
	case spec.Bool:
		switch strings.ToLower(v) {
		case "yes", "y":
			return "true"
		case "no", "n":
			return "false"
		}
		if b, err := strconv.ParseBool(strings.ToLower(v)); err == nil {
			return strconv.FormatBool(b)
		}
	case spec.Int32, spec.Int64:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
	case spec.Float64:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
	case spec.Any:
		var x any
		if json.Unmarshal([]byte(v), &x) == nil {
			if b, err := json.Marshal(x); err == nil {
				return string(b)
			}
		}
	}
	return v
}

// jsonParamValue re-encodes the example value of a request parameter sent
// as one JSON value the way encoding/json writes the generated type: struct
// members in field order, keys the type lacks and values that do not fit
// left out (with a warning), scalars as the type holds them.
func (r *resolver) jsonParamValue(f *spec.Field, v string, pos spec.Pos, key string) (string, bool) {
	n, _, err := example.ParseJSON(v)
	if err != nil || n == nil {
		r.warn(spec.DiagExampleValue, pos, "request example value of %s is not JSON; the generated test leaves it out", key)
		return "", false
	}
	var b bytes.Buffer
	if !r.encodeParam(&b, n, f, pos, key) {
		r.warn(spec.DiagExampleValue, pos, "request example value of %s does not fit its type; the generated test leaves it out", key)
		return "", false
	}
	return b.String(), true
}

func (r *resolver) encodeParam(b *bytes.Buffer, n *example.Node, f *spec.Field, pos spec.Pos, path string) bool {
	switch {
	case f.Kind == spec.Struct:
		if n.Kind != example.Object {
			return false
		}
		b.WriteByte('{')
		first := true
		for _, c := range f.Fields {
			var m *example.Node
			for _, e := range n.Children {
				if e.Key == c.Name {
					m = e
					break
				}
			}
			if m == nil || m.Kind == example.Null || c.Kind == spec.Array && m.Kind == example.Array && len(m.Children) == 0 {
				continue // omitempty drops nil pointers and empty slices
			}
			var vb bytes.Buffer
			if !r.encodeParam(&vb, m, c, pos, path+"."+c.Name) {
				r.warn(spec.DiagExampleValue, pos, "request example value of %s.%s does not fit its type %s; the generated test leaves it out", path, c.Name, c.Kind)
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			kb, _ := json.Marshal(c.Name)
			b.Write(kb)
			b.WriteByte(':')
			b.Write(vb.Bytes())
		}
		for _, e := range n.Children {
			if f.Fields != nil && r.fieldByName(f, e.Key) == nil {
				r.warn(spec.DiagExampleValue, pos, "request example key %s.%s is not in the table of %s; the generated test leaves it out", path, e.Key, path)
			}
		}
		b.WriteByte('}')
		return true
	case f.Kind == spec.Array:
		if n.Kind != example.Array {
			return false
		}
		b.WriteByte('[')
		for i, e := range n.Children {
			if i > 0 {
				b.WriteByte(',')
			}
			if !r.encodeParam(b, e, f.Elem, pos, path+"[]") {
				return false
			}
		}
		b.WriteByte(']')
		return true
	case f.Kind == spec.String:
		if n.Kind != example.String {
			return false
		}
		sb, _ := json.Marshal(n.Value)
		b.Write(sb)
		return true
	case f.Kind == spec.Bool:
		if n.Kind != example.Bool {
			return false
		}
		b.WriteString(n.Value)
		return true
	case f.Kind == spec.Int32 || f.Kind == spec.Int64:
		if n.Kind != example.Number {
			return false
		}
		i, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil || f.Kind == spec.Int32 && (i > 1<<31-1 || i < -1<<31) {
			return false
		}
		b.WriteString(strconv.FormatInt(i, 10))
		return true
	case f.Kind == spec.Float64:
		if n.Kind != example.Number {
			return false
		}
		x, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return false
		}
		xb, _ := json.Marshal(x)
		b.Write(xb)
		return true
	}
	// Any, Map: the value as encoding/json writes a decoded any.
	var x any
	if json.Unmarshal([]byte(exampleJSON(n)), &x) != nil {
		return false
	}
	xb, err := json.Marshal(x)
	if err != nil {
		return false
	}
	b.Write(xb)
	return true
}

func (r *resolver) fieldByName(f *spec.Field, name string) *spec.Field {
	for _, c := range f.Fields {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// exampleJSON writes an example node back as JSON.
func exampleJSON(n *example.Node) string {
	var b bytes.Buffer
	var w func(n *example.Node)
	w = func(n *example.Node) {
		switch n.Kind {
		case example.Object:
			b.WriteByte('{')
			for i, c := range n.Children {
				if i > 0 {
					b.WriteByte(',')
				}
				kb, _ := json.Marshal(c.Key)
				b.Write(kb)
				b.WriteByte(':')
				w(c)
			}
			b.WriteByte('}')
		case example.Array:
			b.WriteByte('[')
			for i, c := range n.Children {
				if i > 0 {
					b.WriteByte(',')
				}
				w(c)
			}
			b.WriteByte(']')
		case example.String:
			sb, _ := json.Marshal(n.Value)
			b.Write(sb)
		case example.Number, example.Bool:
			b.WriteString(n.Value)
		default:
			b.WriteString("null")
		}
	}
	w(n)
	return b.String()
}
