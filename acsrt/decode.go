package acsrt

import (
	"fmt"
	"slices"
	"unsafe"
)

// Generated response types decode through this file's small interface,
// whichever the format: each struct has one method, DecodeField, a switch
// on the wire names that reads the named field from a Decoder, a
// JSONDecoder or an XMLDecoder. DecodeStruct drives it over the keys of a
// JSON object or the child elements of an XML element.

// Decoder is a *JSONDecoder or an *XMLDecoder.
type Decoder interface {
	isDecoder()
}

func (*JSONDecoder) isDecoder() {}
func (*XMLDecoder) isDecoder()  {}

// Fields is what generated structs implement: DecodeField reads the value
// of the field whose wire name is key, and is false when there is none.
type Fields interface {
	DecodeField(d Decoder, key string) bool
}

// Value is what the scalars, Map and generated list types implement.
type Value interface {
	Decode(d Decoder)
}

// IsXML reports whether d reads XML.
func IsXML(d Decoder) bool {
	_, ok := d.(*XMLDecoder)
	return ok
}

// DecodeStruct reads v: the keys of a JSON object (unknown ones skipped, or
// an error in strict mode; null leaves v alone), or the child elements of
// the XML element just started (unknown ones skipped).
func DecodeStruct(d Decoder, v Fields) {
	switch d := d.(type) {
	case *JSONDecoder:
		for ok := d.Object(); ok; ok = d.NextKey() {
			if !v.DecodeField(d, d.key) {
				d.Unknown()
			}
		}
	case *XMLDecoder:
		for d.Child() {
			if !v.DecodeField(d, d.name) {
				d.Skip()
			}
		}
	}
}

// DecodeStructs reads a list of structs: a JSON array (null sets nil), or
// one more element from the XML element just started (a list's element
// repeats in XML).
func DecodeStructs[T any, P interface {
	*T
	Fields
}](d Decoder, l *[]T) {
	switch d := d.(type) {
	case *JSONDecoder:
		if !d.listStart() {
			if d.err == nil && d.null {
				*l = nil
			}
			return
		}
		list := (*l)[:0]
		if list == nil {
			list = []T{}
		}
		start := d.i
		for ok := d.Array(); ok; ok = d.NextElem() {
			list = growJSON(list, d, start)
			DecodeStruct(d, P(&list[len(list)-1]))
		}
		if d.err == nil {
			*l = fitJSON(list)
		}
	case *XMLDecoder:
		*l = grow(*l)
		DecodeStruct(d, P(&(*l)[len(*l)-1]))
	}
}

// DecodeList reads a list whose elements elem reads (a Decode method
// expression such as (*acsrt.String).Decode): a JSON array (null sets
// nil), or one more element from the XML element just started.
func DecodeList[T any](d Decoder, l *[]T, elem func(*T, Decoder)) {
	switch d := d.(type) {
	case *JSONDecoder:
		if !d.listStart() {
			if d.err == nil && d.null {
				*l = nil
			}
			return
		}
		list := (*l)[:0]
		if list == nil {
			list = []T{}
		}
		start := d.i
		for ok := d.Array(); ok; ok = d.NextElem() {
			list = growJSON(list, d, start)
			elem(&list[len(list)-1], d)
		}
		if d.err == nil {
			*l = fitJSON(list)
		}
	case *XMLDecoder:
		*l = grow(*l)
		elem(&(*l)[len(*l)-1], d)
	}
}

// grow appends a zero element to l, doubling its capacity when full (append
// grows large slices by a quarter, which copies a long list many times).
func grow[T any](l []T) []T {
	if len(l) == cap(l) {
		l = slices.Grow(l, max(len(l), 4))
	}
	var zero T
	return append(l, zero)
}

// growJSON is grow for a JSON array that began at offset start: once a
// list is long (estimateAfter elements), its capacity goes at once to what
// the rest of the input would hold at the bytes per element so far, rather
// than doubling on: a long list is most of a response, so that is close to
// its length. The estimate is used only where it is more than doubling
// would give, and never reserves more memory than twice the input left; a list
// that ends far short of its estimate is copied to its size (fitJSON).
func growJSON[T any](l []T, d *JSONDecoder, start int) []T {
	if len(l) == cap(l) && len(l) >= estimateAfter {
		left := len(d.s) - d.i
		rest := left / max((d.i-start)/len(l), 1)
		rest = min(rest, 2*left/max(int(unsafe.Sizeof(*new(T))), 1))
		if rest > len(l) {
			l = slices.Grow(l, rest+1)
		}
	}
	return grow(l)
}

// fitJSON returns l, or a copy of its size when an estimate left it with
// more than twice the capacity it needs.
func fitJSON[T any](l []T) []T {
	if cap(l) > 2*len(l) && cap(l) > 2*estimateAfter {
		return slices.Clone(l)
	}
	return l
}

// estimateAfter is how long a list grows by doubling before growJSON
// estimates its length.
const estimateAfter = 64

// formats is a value that reads itself from either decoder.
type formats interface {
	DecodeJSON(*JSONDecoder)
	DecodeXML(*XMLDecoder)
}

// decodeEither reads v with the decoder d is.
func decodeEither(v formats, d Decoder) {
	switch d := d.(type) {
	case *JSONDecoder:
		v.DecodeJSON(d)
	case *XMLDecoder:
		v.DecodeXML(d)
	}
}

// Decodable reports whether v (a pointer) reads itself from a Decoder:
// a generated response type, a scalar, a Map.
func Decodable(v any) bool {
	switch v.(type) {
	case Fields, Value:
		return true
	}
	return false
}

func decodeValue(d Decoder, v any) error {
	switch v := v.(type) {
	case Fields:
		DecodeStruct(d, v)
	case Value:
		v.Decode(d)
	default:
		return fmt.Errorf("acsrt: %T does not decode itself (it has neither DecodeField nor Decode)", v)
	}
	return nil
}

// UnmarshalJSON decodes data into v, a generated type (or another Fields or
// Value), with a JSONDecoder, skipping unknown keys: one value, then only
// whitespace. Generated types' UnmarshalJSON methods call it, so that
// json.Unmarshal takes this path too (after its own validation pass).
func UnmarshalJSON(data []byte, v any) error { return unmarshalJSON(string(data), v) }

func unmarshalJSON(s string, v any) error {
	d := JSONDecoder{s: s}
	return d.decode(v)
}

// UnmarshalJSONStrict is UnmarshalJSON with unknown keys failing.
func UnmarshalJSONStrict(data []byte, v any) error {
	d := JSONDecoder{s: string(data), strict: true}
	return d.decode(v)
}

// UnmarshalXML decodes the first element of data into v, whatever its name,
// as xml.Unmarshal does; what follows that element is not read.
func UnmarshalXML(data []byte, v any) error { return unmarshalXML(string(data), v) }

func unmarshalXML(s string, v any) error {
	d := XMLDecoder{s: s}
	if !d.Child() {
		if d.err == nil {
			d.failAt(d.i, "no element")
		}
		return d.err
	}
	if err := decodeValue(&d, v); err != nil {
		return err
	}
	return d.err
}
