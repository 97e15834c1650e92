// The JSON example reader's containers: objects, arrays, the root and what
// follows it, with one repair of the separators between items
// (separators). The lexical layer is in jsonlex.go.

package example

import "unicode/utf8"

// ParseJSON reads a JSON example tolerantly. It skips leading non-JSON text (for example
// "//json response", or raw HTTP status/header lines such as "HTTP/1.1 200 OK", "Header :",
// "Body :") up to the first '{' or '['. Repairs it makes are returned as warnings naming the line.
//
// A brace block right after a "Header" line (the pseudo-JSON header block of the SLS pages)
// is skipped as well, so that the body after "Body :" is read. An input that is a single
// valid JSON scalar is read as that scalar.
func ParseJSON(src string) (*Node, []Warning, error) {
	if n, ok := parseScalarRoot(src); ok {
		return n, nil, nil
	}
	p := &jsonParser{cursor: cursor{src: src, line: 1}}
	p.skipPrelude()
	if p.err != nil {
		return nil, sortWarnings(p.warns), p.err
	}
	root := p.parseValue()
	if p.err == nil {
		p.afterRoot(root)
	}
	if p.err != nil {
		return nil, sortWarnings(p.warns), p.err
	}
	return root, sortWarnings(p.warns), nil
}

type jsonParser struct {
	cursor
	warns []Warning
	err   *Error
	// stack holds '{' or '[' for each open container; its length is the depth.
	stack []byte
	// lastClose is the position of the last '}' or ']' consumed as a container end;
	// lastMixed reports whether the last finished container changed kind
	// (an object read as an array or the other way round).
	lastClose     position
	lastCloseChar byte
	lastMixed     bool
	// strict is set while trying to read the whole input as one valid JSON scalar.
	strict bool
}

func (p *jsonParser) warn(at position, msg string) {
	p.warns = append(p.warns, Warning{Line: at.line, Col: at.col, Msg: msg})
}

func (p *jsonParser) fail(at position, msg string) {
	if p.err == nil {
		p.err = &Error{Line: at.line, Col: at.col, Msg: msg}
	}
}

func (p *jsonParser) eof() bool { return p.i >= len(p.src) }

// runeAt decodes the rune at offset i (which must be < len(src)).
func (p *jsonParser) runeAt(i int) (rune, int) {
	if c := p.src[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(p.src[i:])
}

// parseScalarRoot reads src as one strictly valid JSON scalar surrounded by JSON white space.
func parseScalarRoot(src string) (*Node, bool) {
	i := 0
	for i < len(src) && isJSONSpace(src[i]) {
		i++
	}
	if i == len(src) {
		return nil, false
	}
	switch c := src[i]; {
	case c == '"' || c == '-' || isDigit(c) || c == 't' || c == 'f' || c == 'n':
	default:
		return nil, false
	}
	p := &jsonParser{cursor: cursor{src: src, line: 1}, strict: true}
	p.advanceTo(i)
	n := p.parseValue()
	if n == nil || p.err != nil || len(p.warns) > 0 {
		return nil, false
	}
	for j := p.i; j < len(src); j++ {
		if !isJSONSpace(src[j]) {
			return nil, false
		}
	}
	return n, true
}

func (p *jsonParser) enter(open byte) bool {
	if len(p.stack) >= MaxDepth {
		p.fail(p.here(), "nesting deeper than 512")
		return false
	}
	p.stack = append(p.stack, open)
	return true
}

func (p *jsonParser) leave() { p.stack = p.stack[:len(p.stack)-1] }

// parentIs reports whether the container enclosing the current one was opened with open.
func (p *jsonParser) parentIs(open byte) bool {
	return len(p.stack) >= 2 && p.stack[len(p.stack)-2] == open
}

// parseValue reads one value at the cursor (which must not be at white space).
func (p *jsonParser) parseValue() *Node {
	if p.eof() {
		p.fail(p.here(), "unexpected end of input, expected a value")
		return nil
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.parseObject()
	case c == '[':
		return p.parseArray()
	case c == '-' || isDigit(c):
		return p.parseNumber()
	}
	if p.quoteAt() != nil {
		at := p.here()
		s, ok := p.scanString(false)
		if !ok {
			return nil
		}
		return &Node{Kind: String, Value: s, Line: at.line, Col: at.col}
	}
	return p.parseBare()
}

var (
	stdQuote     = &quoteStyle{open: 1, closers: `"`}
	doubledQuote = &quoteStyle{open: 2, closers: `"`, msg: "doubled quotes read as one string", doubled: true}
	singleQuote  = &quoteStyle{open: 1, closers: `'`, msg: "single-quoted string read as a string"}
	curlyDouble  = &quoteStyle{open: 3, closers: `”“"`, msg: "curly quotes read as '\"'"}
	curlySingle  = &quoteStyle{open: 3, closers: `’‘'`, msg: "curly single quotes read as '\"'"}
	wideDouble   = &quoteStyle{open: 3, closers: `＂"`, msg: "full-width quotes read as '\"'"}
)

// parseObject reads an object at '{'.
func (p *jsonParser) parseObject() *Node {
	at := p.here()
	n := &Node{Kind: Object, Line: at.line, Col: at.col}
	if !p.enter('{') {
		return nil
	}
	p.i++
	keyless := p.objectBody(n, false, false)
	p.leave()
	if p.err != nil {
		return nil
	}
	p.lastMixed = keyless
	if keyless {
		if len(n.Children) == 1 {
			p.warn(at, "braces around a value without member name removed")
			return n.Children[0]
		}
		p.warn(at, "object holding values without member names read as an array")
		n.Kind = Array
	}
	return n
}

// objectBody reads members up to and including the closing '}'. needComma tells whether
// a member was just read. It reports whether the object held values without member names.
func (p *jsonParser) objectBody(n *Node, needComma, keyless bool) bool {
	sep := separators{need: needComma}
	for p.err == nil {
		p.skipSpace()
		if p.err != nil {
			return keyless
		}
		if p.eof() {
			p.warn(p.here(), "missing '}' added at end of input")
			return keyless
		}
		if p.skipEllipsis("member") {
			sep.skipped()
			continue
		}
		switch p.src[p.i] {
		case '}':
			sep.close(p)
			p.lastClose, p.lastCloseChar = p.here(), p.src[p.i]
			p.i++
			return keyless
		case ']':
			if p.parentIs('[') {
				p.warn(p.here(), "missing '}' inserted before ']'")
				return keyless
			}
			p.warn(p.here(), "']' read as '}'")
			p.lastClose, p.lastCloseChar = p.here(), p.src[p.i]
			p.i++
			return keyless
		}
		if sep.comma(p) {
			continue
		}
		sep.item(p)
		at := p.here()
		c := p.src[p.i]
		if keyless || (len(n.Children) == 0 && (c == '{' || c == '[')) {
			keyless = true
			v := p.parseValue()
			if v == nil {
				return keyless
			}
			p.skipSpace()
			if k, _ := p.colonAt(); k > 0 && p.err == nil {
				p.fail(p.here(), "member in an object that holds values without member names")
				return keyless
			}
			n.Children = append(n.Children, v)
			continue
		}
		var key string
		if p.quoteAt() != nil {
			var ok bool
			if key, ok = p.scanString(true); !ok {
				return keyless
			}
		} else if isKeyStart(c) {
			key = p.scanBareKey()
			if key == "" {
				p.fail(at, "expected a member name")
				return keyless
			}
			p.warn(at, "unquoted member name "+shorten(key, 40)+" read as a string")
		} else {
			r, _ := p.runeAt(p.i)
			p.fail(at, "unexpected "+quoteRune(r)+", expected a member name")
			return keyless
		}
		p.skipSpace()
		if p.err != nil {
			return keyless
		}
		if k, full := p.colonAt(); k > 0 {
			if full {
				p.warn(p.here(), "full-width colon read as ':'")
			}
			p.i += k
		} else {
			p.fail(p.here(), "expected ':' after member name")
			return keyless
		}
		p.skipSpace()
		if k, _ := p.colonAt(); k > 0 {
			p.warn(p.here(), "extra ':' removed")
			p.i += k
			p.skipSpace()
		}
		if p.err != nil {
			return keyless
		}
		if p.ellipsisLen() > 0 {
			p.skipEllipsis("value of member " + shorten(key, 40))
			sep.need = false
			continue
		}
		v := p.parseValue()
		if v == nil {
			return keyless
		}
		v.Key = key
		n.Children = append(n.Children, v)
	}
	return keyless
}

// separators is the one repair of the commas between the items of an
// object or array, shared by both: a comma where none is due is removed, a
// missing one inserted, a trailing one removed; an ellipsis ("...") stands
// for items and their commas.
type separators struct {
	need bool     // an item was read: a comma is due before the next
	have bool     // the last thing read was a comma
	last position // where that comma was
}

// comma consumes a comma at p, if there is one, and reports it.
func (s *separators) comma(p *jsonParser) bool {
	at := p.here()
	if !p.consumeComma() {
		return false
	}
	if !s.need {
		p.warn(at, "extra comma removed")
	}
	s.last, s.have, s.need = at, true, false
	return true
}

// item is called before an item: a missing comma is inserted.
func (s *separators) item(p *jsonParser) {
	if s.need {
		p.warn(p.here(), "missing comma inserted")
	}
	s.need, s.have = true, false
}

// skipped is called after an ellipsis: no comma is due.
func (s *separators) skipped() { s.need, s.have = false, false }

// close is called at the container's end: a trailing comma is removed.
func (s *separators) close(p *jsonParser) {
	if s.have {
		p.warn(s.last, "trailing comma removed")
	}
}

// parseArray reads an array at '['.
func (p *jsonParser) parseArray() *Node {
	at := p.here()
	n := &Node{Kind: Array, Line: at.line, Col: at.col}
	if !p.enter('[') {
		return nil
	}
	p.i++
	members, keyAt := p.arrayBody(n, false, false)
	p.leave()
	if p.err != nil {
		return nil
	}
	p.lastMixed = members
	if members {
		p.warn(at, "array holding members read as an array of one object")
		obj := &Node{Kind: Object, Children: n.Children, Line: keyAt.line, Col: keyAt.col}
		n.Children = []*Node{obj}
	}
	return n
}

// arrayBody reads elements up to and including the closing ']'. It reports whether the
// array held members ("key": value) rather than values, and where the first member starts.
func (p *jsonParser) arrayBody(n *Node, needComma, members bool) (bool, position) {
	var keyAt position
	sep := separators{need: needComma}
	for p.err == nil {
		p.skipSpace()
		if p.err != nil {
			return members, keyAt
		}
		if p.eof() {
			p.warn(p.here(), "missing ']' added at end of input")
			return members, keyAt
		}
		if p.skipEllipsis("element") {
			sep.skipped()
			continue
		}
		switch p.src[p.i] {
		case ']':
			sep.close(p)
			p.lastClose, p.lastCloseChar = p.here(), p.src[p.i]
			p.i++
			return members, keyAt
		case '}':
			if p.parentIs('{') {
				p.warn(p.here(), "missing ']' inserted before '}'")
				return members, keyAt
			}
			p.warn(p.here(), "'}' read as ']'")
			p.lastClose, p.lastCloseChar = p.here(), p.src[p.i]
			p.i++
			return members, keyAt
		}
		if sep.comma(p) {
			continue
		}
		sep.item(p)
		at := p.here()
		v := p.parseValue()
		if v == nil {
			return members, keyAt
		}
		p.skipSpace()
		if p.err != nil {
			return members, keyAt
		}
		k, full := p.colonAt()
		if k == 0 {
			if members {
				p.fail(at, "value without member name in an array that holds members")
				return members, keyAt
			}
			n.Children = append(n.Children, v)
			continue
		}
		if v.Kind != String || (!members && len(n.Children) > 0) {
			p.fail(p.here(), "unexpected ':' in array")
			return members, keyAt
		}
		if !members {
			members, keyAt = true, at
		}
		if full {
			p.warn(p.here(), "full-width colon read as ':'")
		}
		p.i += k
		p.skipSpace()
		if p.err != nil {
			return members, keyAt
		}
		if p.ellipsisLen() > 0 {
			p.skipEllipsis("value of member " + shorten(v.Value, 40))
			sep.need = false
			continue
		}
		val := p.parseValue()
		if val == nil {
			return members, keyAt
		}
		val.Key = v.Value
		n.Children = append(n.Children, val)
	}
	return members, keyAt
}

// afterRoot handles what follows the root value: stray closing brackets are ignored,
// more members after a premature closing bracket are read into the root, and other
// text is ignored with a warning.
func (p *jsonParser) afterRoot(root *Node) {
	reopenable := !p.lastMixed
	for p.err == nil {
		p.skipSpace()
		if p.err != nil || p.eof() {
			return
		}
		at := p.here()
		c := p.src[p.i]
		if c == '}' || c == ']' {
			p.warn(at, "stray '"+string(c)+"' ignored")
			p.i++
			continue
		}
		if reopenable && root.Kind == Object && p.lastClose != (position{}) && p.memberFollows() {
			closeAt := p.lastClose
			p.lastClose = position{}
			// The root was closed too early: read what follows into it.
			p.warn(closeAt, "extra '"+string(p.lastCloseChar)+"' ignored")
			p.stack = append(p.stack[:0], '{')
			p.objectBody(root, true, false)
			p.stack = p.stack[:0]
			continue
		}
		p.warn(at, "text after the JSON value ignored")
		p.i = len(p.src)
		return
	}
}

// memberFollows reports whether a comma and a quoted member name follow the cursor.
// It looks ahead without moving the cursor or recording warnings.
func (p *jsonParser) memberFollows() bool {
	saved, nwarn := p.cursor, len(p.warns)
	defer func() {
		p.cursor, p.warns, p.err = saved, p.warns[:nwarn], nil
	}()
	if !p.consumeComma() {
		return false
	}
	p.skipSpace()
	return p.err == nil && p.quoteAt() != nil
}
