package acsrt

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSONDecoder reads one JSON value in a single pass, without reflection and
// without a separate validation pass (the syntax is still checked in full,
// skipped values included). Generated response types read themselves from
// it through DecodeStruct, which loops over the keys of an object and calls
// their DecodeField methods, a switch on the wire names; scalars read
// leniently, as the UnmarshalJSON methods of String, Int32, Int64, Float64
// and Bool do.
//
// Keys match the wire names exactly (encoding/json also matched them without
// regard to case; real responses spell them as documented). Unknown keys are
// skipped, or fail in strict mode (DisallowUnknownFields).
//
// The decoder keeps the input as one string: a string value without escapes
// is a substring of it, so that all such values cost a single allocation,
// the copy of the input. The trade-off: a decoded string that is kept keeps
// the whole input in memory. Use strings.Clone on a value kept long after the
// rest of the response is dropped.
//
// The first error stops decoding: every later call does nothing, and Err
// reports it with its byte offset.
type JSONDecoder struct {
	s      string // the input
	i      int    // offset of the next byte
	depth  int    // open objects and arrays
	key    string // the last key read
	keyAt  int    // its offset
	err    error
	strict bool
	null   bool // listStart read a null
}

// maxJSONDepth is how deeply objects and arrays may nest, as in encoding/json.
const maxJSONDepth = 10000

// DisallowUnknownFields makes a key that the type does not have an error
// rather than skipped.
func (d *JSONDecoder) DisallowUnknownFields() { d.strict = true }

// Err is the first error met, or nil.
func (d *JSONDecoder) Err() error { return d.err }

// Decode reads one value into v (see UnmarshalJSON), then only whitespace
// may follow.
func (d *JSONDecoder) Decode(v any) error { return d.decode(v) }

func (d *JSONDecoder) decode(v any) error {
	if err := decodeValue(d, v); err != nil {
		return err
	}
	if d.err == nil {
		if d.ws(); d.i < len(d.s) {
			d.failAt(d.i, "invalid character "+quoteChar(d.s[d.i])+" after top-level value")
		}
	}
	return d.err
}

// JSONError is a decoding error at a byte offset of the input.
type JSONError struct {
	Offset int    // of the value or character at fault
	Key    string // the last key read before it, if any
	Msg    string
	Err    error // the underlying error of a scalar, if any
}

func (e *JSONError) Error() string {
	s := "acsrt: JSON at byte " + strconv.Itoa(e.Offset)
	if e.Key != "" {
		s += " (key " + strconv.Quote(e.Key) + ")"
	}
	return s + ": " + e.Msg
}

func (e *JSONError) Unwrap() error { return e.Err }

func (d *JSONDecoder) failAt(at int, msg string) {
	if d.err == nil {
		d.err = &JSONError{Offset: at, Key: d.key, Msg: msg}
		d.i = len(d.s)
	}
}

// failErr records err, the error of the scalar at offset at.
func (d *JSONDecoder) failErr(at int, err error) {
	if d.err == nil {
		d.err = &JSONError{Offset: at, Key: d.key, Msg: strings.TrimPrefix(err.Error(), "acsrt: "), Err: err}
		d.i = len(d.s)
	}
}

// unexpected reports the byte at d.i, which is not what was wanted.
func (d *JSONDecoder) unexpected(want string) {
	if d.i >= len(d.s) {
		d.failAt(d.i, "unexpected end of JSON input")
		return
	}
	d.failAt(d.i, "invalid character "+quoteChar(d.s[d.i])+" looking for "+want)
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	if c >= utf8.RuneSelf {
		s = fmt.Sprintf(`"\x%02x"`, c)
	}
	return "'" + s[1:len(s)-1] + "'"
}

// ws skips whitespace and returns the next byte, not consuming it; 0 at the
// end of the input (or on a NUL byte, which is never valid).
func (d *JSONDecoder) ws() byte {
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c > ' ' || c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return c
		}
		d.i++
	}
	return 0
}

// Key is the key just read by Object or NextKey.
func (d *JSONDecoder) Key() string { return d.key }

// Object starts an object and reads its first key: true when there is one,
// and then the caller reads its value and calls NextKey. A null, an empty
// object or an error give false.
func (d *JSONDecoder) Object() bool {
	if d.err != nil {
		return false
	}
	switch d.ws() {
	case '{':
		d.i++
		if d.depth++; d.depth > maxJSONDepth {
			d.failAt(d.i-1, "exceeded max depth")
			return false
		}
		if d.ws() == '}' {
			d.i++
			d.depth--
			return false
		}
		return d.readKey()
	case 'n':
		d.literal("null")
		return false
	}
	d.unexpected("an object")
	return false
}

// NextKey reads the key after the value just read: false at the end of the
// object (or on an error).
func (d *JSONDecoder) NextKey() bool {
	if d.err != nil {
		return false
	}
	switch d.ws() {
	case ',':
		d.i++
		d.ws()
		return d.readKey()
	case '}':
		d.i++
		d.depth--
		return false
	}
	d.unexpected("',' or '}' after object key:value pair")
	return false
}

func (d *JSONDecoder) readKey() bool {
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		d.unexpected("beginning of object key string")
		return false
	}
	at := d.i
	k, ok := d.str()
	if !ok {
		return false
	}
	if d.ws() != ':' {
		d.unexpected("':' after object key")
		return false
	}
	d.i++
	d.key, d.keyAt = k, at
	return true
}

// Unknown handles the value of a key the type does not have: skipped, or
// an error in strict mode.
func (d *JSONDecoder) Unknown() {
	if d.strict {
		if d.err == nil {
			d.err = &JSONError{Offset: d.keyAt, Msg: "unknown field " + strconv.Quote(d.key)}
			d.i = len(d.s)
		}
		return
	}
	d.Skip()
}

// Array starts an array: true when an element follows, which the caller
// reads before calling NextElem. A null, an empty array or an error give
// false.
func (d *JSONDecoder) Array() bool {
	if d.err != nil {
		return false
	}
	switch d.ws() {
	case '[':
		d.i++
		if d.depth++; d.depth > maxJSONDepth {
			d.failAt(d.i-1, "exceeded max depth")
			return false
		}
		if d.ws() == ']' {
			d.i++
			d.depth--
			return false
		}
		return true
	case 'n':
		d.literal("null")
		return false
	}
	d.unexpected("an array")
	return false
}

// NextElem moves past the element just read: true when another follows.
func (d *JSONDecoder) NextElem() bool {
	if d.err != nil {
		return false
	}
	switch d.ws() {
	case ',':
		d.i++
		return true
	case ']':
		d.i++
		d.depth--
		return false
	}
	d.unexpected("',' or ']' after array element")
	return false
}

// listStart looks at a list's value: true at an array; false at null (d.null
// set, the null read) or on an error.
func (d *JSONDecoder) listStart() bool {
	d.null = false
	if d.err != nil {
		return false
	}
	switch d.ws() {
	case '[':
		return true
	case 'n':
		d.null = d.literal("null")
		return false
	}
	d.unexpected("an array")
	return false
}

// literal consumes lit (true, false or null) at d.i.
func (d *JSONDecoder) literal(lit string) bool {
	if strings.HasPrefix(d.s[d.i:], lit) {
		d.i += len(lit)
		return true
	}
	// Report the first byte that differs, as encoding/json does.
	j := d.i
	for k := 0; k < len(lit) && j < len(d.s) && d.s[j] == lit[k]; k++ {
		j++
	}
	d.i = j
	d.unexpected("literal " + lit)
	return false
}

// For finding special bytes eight at a time.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// plain marks the bytes that stand for themselves inside a JSON string.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return
}()

// str reads the string starting at d.i (a quote): a substring of the input
// unless it has escapes or invalid UTF-8.
func (d *JSONDecoder) str() (string, bool) {
	s := d.s
	start := d.i + 1
	j := start
	// Eight bytes at a time up to the first quote, backslash, control or
	// non-ASCII byte.
	for j+8 <= len(s) {
		t := s[j : j+8]
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		q := w ^ (lsb * '"')
		b := w ^ (lsb * '\\')
		m := ((q - lsb) &^ q) | ((b - lsb) &^ b) | ((w - lsb*0x20) &^ w) | w
		if m &= msb; m != 0 {
			j += bits.TrailingZeros64(m) / 8
			break
		}
		j += 8
	}
	for j < len(s) {
		c := s[j]
		if plain[c] {
			j++
			continue
		}
		switch {
		case c == '"':
			d.i = j + 1
			return s[start:j], true
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size == 1 {
				return d.strSlow(start, j)
			}
			j += size
		case c == '\\':
			return d.strSlow(start, j)
		default:
			d.failAt(j, "invalid character "+quoteChar(c)+" in string literal")
			return "", false
		}
	}
	d.i = len(s)
	d.unexpected("")
	return "", false
}

// strSlow builds a string whose plain prefix is s[start:j]: escapes
// unescaped, invalid UTF-8 and lone surrogates replaced with U+FFFD, as
// encoding/json does.
func (d *JSONDecoder) strSlow(start, j int) (string, bool) {
	s := d.s
	b := make([]byte, 0, j-start+16)
	b = append(b, s[start:j]...)
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			d.i = j + 1
			return string(b), true
		case c == '\\':
			if j+1 >= len(s) {
				d.i = len(s)
				d.unexpected("")
				return "", false
			}
			e := s[j+1]
			j += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := d.hex4(j)
				if !ok {
					return "", false
				}
				j += 4
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if j+6 <= len(s) && s[j] == '\\' && s[j+1] == 'u' {
						r2, ok2 = hex4(s[j+2 : j+6])
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						r = dec
						j += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				d.failAt(j-1, "invalid character "+quoteChar(e)+" in string escape code")
				return "", false
			}
		case c < 0x20:
			d.failAt(j, "invalid character "+quoteChar(c)+" in string literal")
			return "", false
		case c < utf8.RuneSelf:
			b = append(b, c)
			j++
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, s[j:j+size]...)
			}
			j += size
		}
	}
	d.i = len(s)
	d.unexpected("")
	return "", false
}

// hex4 reads the four hex digits of a \u escape at d.s[j:].
func (d *JSONDecoder) hex4(j int) (rune, bool) {
	for k := j; k < j+4; k++ {
		if k >= len(d.s) {
			d.i = len(d.s)
			d.unexpected("")
			return 0, false
		}
		if c := d.s[k]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			d.failAt(k, "invalid character "+quoteChar(c)+" in \\u hexadecimal character escape")
			return 0, false
		}
	}
	return hex4(d.s[j : j+4])
}

func hex4(h string) (rune, bool) {
	var r rune
	for i := 0; i < 4; i++ {
		c := h[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number reads the number at d.i and returns its literal text.
func (d *JSONDecoder) number() (string, bool) {
	s := d.s
	j := d.i
	if j < len(s) && s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && '1' <= s[j] && s[j] <= '9':
		j++
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
	default:
		d.i = j
		d.unexpected("digit")
		return "", false
	}
	if j < len(s) && s[j] == '.' {
		j++
		if j >= len(s) || s[j] < '0' || s[j] > '9' {
			d.i = j
			d.unexpected("digit after decimal point in numeric literal")
			return "", false
		}
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j >= len(s) || s[j] < '0' || s[j] > '9' {
			d.i = j
			d.unexpected("digit in exponent of numeric literal")
			return "", false
		}
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
	}
	lit := s[d.i:j]
	d.i = j
	return lit, true
}

// scalar reads a scalar and returns its text: a string's contents, or a
// number's or boolean's literal. Null (and an error) give ok=false; an
// object or array is an error. at is where the value starts.
func (d *JSONDecoder) scalar() (text string, at int, ok bool) {
	if d.err != nil {
		return "", 0, false
	}
	c := d.ws()
	at = d.i
	switch {
	case c == '"':
		text, ok = d.str()
		return text, at, ok
	case c == '-' || '0' <= c && c <= '9':
		text, ok = d.number()
		return text, at, ok
	case c == 't':
		return "true", at, d.literal("true")
	case c == 'f':
		return "false", at, d.literal("false")
	case c == 'n':
		d.literal("null")
		return "", at, false
	case c == '{' || c == '[':
		end := min(len(d.s), at+20)
		d.failAt(at, fmt.Sprintf("want a scalar, got %s", d.s[at:end]))
		return "", at, false
	}
	d.unexpected("beginning of value")
	return "", at, false
}

// Skip reads and drops one value of any kind, checking its syntax.
func (d *JSONDecoder) Skip() {
	if d.err != nil {
		return
	}
	switch c := d.ws(); {
	case c == '"':
		d.str()
	case c == '{':
		for ok := d.Object(); ok; ok = d.NextKey() {
			d.Skip()
		}
	case c == '[':
		for ok := d.Array(); ok; ok = d.NextElem() {
			d.Skip()
		}
	case c == '-' || '0' <= c && c <= '9':
		d.number()
	case c == 't':
		d.literal("true")
	case c == 'f':
		d.literal("false")
	case c == 'n':
		d.literal("null")
	default:
		d.unexpected("beginning of value")
	}
}

// Any reads one value as encoding/json does into an any: map[string]any,
// []any, string, float64, bool or nil.
func (d *JSONDecoder) Any() any {
	if d.err != nil {
		return nil
	}
	switch c := d.ws(); {
	case c == '{':
		m := map[string]any{}
		for ok := d.Object(); ok; ok = d.NextKey() {
			k := d.key
			m[k] = d.Any()
		}
		return m
	case c == '[':
		l := []any{}
		for ok := d.Array(); ok; ok = d.NextElem() {
			l = append(l, d.Any())
		}
		return l
	case c == '"':
		s, _ := d.str()
		return s
	case c == '-' || '0' <= c && c <= '9':
		at := d.i
		lit, ok := d.number()
		if !ok {
			return nil
		}
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			d.failAt(at, "cannot read number "+lit+" as a float64")
			return nil
		}
		return f
	case c == 't':
		d.literal("true")
		return true
	case c == 'f':
		d.literal("false")
		return false
	case c == 'n':
		d.literal("null")
		return nil
	}
	d.unexpected("beginning of value")
	return nil
}
