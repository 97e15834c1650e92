// The lexical layer of the JSON example reader: space (and the spaces
// pages type instead of it), ellipses, separators, numbers, bare words,
// strings in any of the quotes pages use, escapes and member names. The
// containers (objects, arrays, the root) are in json.go.

package example

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipPrelude moves to the first '{' or '[' of the input, skipping a pseudo-JSON
// block of HTTP headers introduced by a "Header" line, and warns about skipped text.
func (p *jsonParser) skipPrelude() {
	src := p.src
	i := 0
	sawHeaders := false
	headerAt := 0
	for {
		j := strings.IndexAny(src[i:], "{[")
		if j < 0 {
			p.advanceTo(len(src))
			if sawHeaders {
				p.fail(p.here(), "HTTP headers without a JSON body")
			} else {
				p.fail(p.here(), "no JSON object or array found")
			}
			return
		}
		j += i
		before := strings.TrimRight(src[i:j], " \t\r\n")
		last := before[strings.LastIndexByte(before, '\n')+1:]
		if isHeaderLabel(last) {
			if !sawHeaders {
				sawHeaders = true
				headerAt = j
			}
			// Skip to the matching '}' (header blocks hold no braces of their own).
			depth := 0
			k := j
			for ; k < len(src); k++ {
				if src[k] == '{' {
					depth++
				} else if src[k] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			i = k + 1
			if i > len(src) {
				i = len(src)
			}
			continue
		}
		lead := src[:j]
		if k := strings.IndexFunc(lead, func(r rune) bool { return !isAnySpace(r) }); k >= 0 {
			first := strings.TrimSpace(lead[k:])
			if nl := strings.IndexByte(first, '\n'); nl >= 0 {
				first = strings.TrimSpace(first[:nl])
			}
			p.warn(p.posOf(k), "leading text skipped: "+shorten(first, 40))
		}
		if sawHeaders {
			p.warn(p.posOf(headerAt), "HTTP header block skipped")
		}
		p.advanceTo(j)
		return
	}
}

// isHeaderLabel reports whether line is "Header", "Header :", "Header:" or "Headers：".
func isHeaderLabel(line string) bool {
	s := strings.TrimSpace(line)
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimSuffix(s, "：")
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "header" || s == "headers" || s == "response header" || s == "response headers"
}

// isAnySpace reports white space, including the Unicode spaces the examples use.
func isAnySpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return spaceName(r) != ""
}

// spaceName names a non-ASCII rune read as white space, or returns "".
func spaceName(r rune) string {
	switch r {
	case 0xA0:
		return "NBSP"
	case 0x3000:
		return "ideographic space"
	case 0xFEFF:
		return "byte order mark"
	case 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
		0x200B, 0x202F, 0x205F, 0x1680:
		return "U+" + strings.ToUpper(hex4(r)) + " space"
	}
	return ""
}

func hex4(r rune) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

// skipSpace skips white space (warning about non-ASCII spaces) and comments.
func (p *jsonParser) skipSpace() {
	for p.i < len(p.src) && p.err == nil {
		c := p.src[p.i]
		switch c {
		case ' ', '\t', '\r':
			p.i++
			continue
		case '\n':
			p.i++
			p.line++
			p.lineStart = p.i
			continue
		case '/':
			if p.i+1 < len(p.src) && p.src[p.i+1] == '/' {
				p.warn(p.here(), "// comment skipped")
				if nl := strings.IndexByte(p.src[p.i:], '\n'); nl >= 0 {
					p.i += nl
				} else {
					p.i = len(p.src)
				}
				continue
			}
			if p.i+1 < len(p.src) && p.src[p.i+1] == '*' {
				at := p.here()
				end := strings.Index(p.src[p.i+2:], "*/")
				if end < 0 {
					p.fail(at, "unterminated /* comment")
					return
				}
				p.warn(at, "/* */ comment skipped")
				p.advanceTo(p.i + 2 + end + 2)
				continue
			}
			return
		}
		if c < utf8.RuneSelf {
			return
		}
		r, size := p.runeAt(p.i)
		name := spaceName(r)
		if name == "" {
			return
		}
		at := p.here()
		for p.i < len(p.src) {
			if r2, _ := p.runeAt(p.i); r2 != r {
				break
			}
			p.i += size
		}
		p.warn(at, name+" read as space")
	}
}

// ellipsisLen returns the length of a "..." or "…" token at the cursor, or 0.
func (p *jsonParser) ellipsisLen() int {
	j := p.i
	dots := 0
	for j < len(p.src) {
		if p.src[j] == '.' {
			dots++
			j++
			continue
		}
		if strings.HasPrefix(p.src[j:], "…") || strings.HasPrefix(p.src[j:], "⋯") {
			dots += 3
			j += 3
			continue
		}
		break
	}
	if dots < 2 {
		return 0
	}
	return j - p.i
}

// skipEllipsis skips a "..." token and a comma after it; it reports whether it did.
func (p *jsonParser) skipEllipsis(what string) bool {
	n := p.ellipsisLen()
	if n == 0 {
		return false
	}
	p.warn(p.here(), shorten(p.src[p.i:p.i+n], 8)+" "+what+" skipped")
	p.i += n
	p.skipSpace()
	if n, _ := p.commaAt(); n > 0 {
		p.i += n
	}
	return true
}

// commaAt reports a ',' or '，' at the cursor: its length and whether it is full-width.
func (p *jsonParser) commaAt() (int, bool) {
	if p.i >= len(p.src) {
		return 0, false
	}
	if p.src[p.i] == ',' {
		return 1, false
	}
	if strings.HasPrefix(p.src[p.i:], "，") {
		return len("，"), true
	}
	return 0, false
}

// colonAt reports a ':' or '：' at the cursor: its length and whether it is full-width.
func (p *jsonParser) colonAt() (int, bool) {
	if p.i >= len(p.src) {
		return 0, false
	}
	if p.src[p.i] == ':' {
		return 1, false
	}
	if strings.HasPrefix(p.src[p.i:], "：") {
		return len("："), true
	}
	return 0, false
}

// consumeComma consumes a comma at the cursor, warning about a full-width one.
func (p *jsonParser) consumeComma() bool {
	n, full := p.commaAt()
	if n == 0 {
		return false
	}
	if full {
		p.warn(p.here(), "full-width comma read as ','")
	}
	p.i += n
	return true
}

// parseNumber reads a JSON number, or an unquoted value that starts like one.
func (p *jsonParser) parseNumber() *Node {
	src, i := p.src, p.i
	j := i
	if src[j] == '-' {
		j++
	}
	ok := true
	switch {
	case j < len(src) && src[j] == '0':
		j++
	case j < len(src) && isDigit(src[j]):
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	default:
		ok = false
	}
	if ok && j < len(src) && src[j] == '.' {
		j++
		if j >= len(src) || !isDigit(src[j]) {
			ok = false
		}
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	if ok && j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		j++
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j >= len(src) || !isDigit(src[j]) {
			ok = false
		}
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	if ok && p.delimAt(j) {
		at := p.here()
		p.i = j
		return &Node{Kind: Number, Value: src[i:j], Line: at.line, Col: at.col}
	}
	return p.parseBare()
}

// delimAt reports whether offset j ends a number or literal: end of input, white space,
// a separator, a closing bracket or a comment.
func (p *jsonParser) delimAt(j int) bool {
	if j >= len(p.src) {
		return true
	}
	switch c := p.src[j]; c {
	case ' ', '\t', '\n', '\r', ',', ':', '}', ']':
		return true
	case '/':
		return j+1 < len(p.src) && (p.src[j+1] == '/' || p.src[j+1] == '*')
	default:
		if c < utf8.RuneSelf || p.strict {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(p.src[j:])
	return r == '，' || r == '：' || spaceName(r) != ""
}

// parseBare reads an unquoted token: a literal (true, false, null, and the Python
// spellings True, False, None) or an unquoted value read as a string.
func (p *jsonParser) parseBare() *Node {
	at := p.here()
	src := p.src
	if p.strict {
		for _, lit := range [...]string{"true", "false", "null"} {
			if strings.HasPrefix(src[p.i:], lit) && p.delimAt(p.i+len(lit)) {
				p.i += len(lit)
				return literalNode(lit, at)
			}
		}
		p.fail(at, "invalid value")
		return nil
	}
	if n, _ := p.colonAt(); n > 0 {
		p.fail(at, "unexpected ':', expected a value")
		return nil
	}
	j := p.i
scan:
	for j < len(src) {
		switch c := src[j]; c {
		case '\n', '\r', ',', '}', ']':
			break scan
		case '/':
			if j+1 < len(src) && (src[j+1] == '/' || src[j+1] == '*') && (j == p.i || isSpaceByteBefore(src, j)) {
				break scan
			}
		case 0xEF:
			if strings.HasPrefix(src[j:], "，") {
				break scan
			}
		}
		j++
	}
	tok := strings.TrimRightFunc(src[p.i:j], isAnySpace)
	if tok == "" {
		if j < len(src) {
			r, _ := p.runeAt(j)
			p.fail(at, "unexpected "+quoteRune(r)+", expected a value")
		} else {
			p.fail(at, "unexpected end of input, expected a value")
		}
		return nil
	}
	p.i += len(tok)
	switch tok {
	case "true", "false", "null":
		return literalNode(tok, at)
	case "True", "TRUE":
		p.warn(at, tok+" read as true")
		return literalNode("true", at)
	case "False", "FALSE":
		p.warn(at, tok+" read as false")
		return literalNode("false", at)
	case "None", "NULL", "Null", "nil":
		p.warn(at, tok+" read as null")
		return literalNode("null", at)
	}
	p.warn(at, "unquoted value "+shorten(tok, 40)+" read as a string")
	return &Node{Kind: String, Value: tok, Line: at.line, Col: at.col}
}

func isSpaceByteBefore(src string, j int) bool {
	r, _ := utf8.DecodeLastRuneInString(src[:j])
	return isAnySpace(r)
}

func literalNode(lit string, at position) *Node {
	n := &Node{Kind: Bool, Value: lit, Line: at.line, Col: at.col}
	if lit == "null" {
		n.Kind = Null
		n.Value = ""
	}
	return n
}

func quoteRune(r rune) string {
	if r == '\'' {
		return `"'"`
	}
	return "'" + string(r) + "'"
}

// quoteStyle describes how a string at the cursor is delimited.
type quoteStyle struct {
	open    int    // length of the opening quote
	closers string // characters that close the string
	msg     string // warning for a non-standard quote, or ""
	doubled bool   // opened with "" (closed by "" or ")
}

// quoteAt reports the quote style of a string starting at the cursor, or nil.
func (p *jsonParser) quoteAt() *quoteStyle {
	if p.eof() {
		return nil
	}
	s := p.src[p.i:]
	switch s[0] {
	case '"':
		if !p.strict && len(s) > 2 && s[1] == '"' && !p.delimAt(p.i+2) && s[2] != '"' {
			return doubledQuote
		}
		return stdQuote
	case '\'':
		if p.strict {
			return nil
		}
		return singleQuote
	}
	if p.strict || s[0] < utf8.RuneSelf {
		return nil
	}
	switch {
	case strings.HasPrefix(s, "“"), strings.HasPrefix(s, "”"):
		return curlyDouble
	case strings.HasPrefix(s, "‘"), strings.HasPrefix(s, "’"):
		return curlySingle
	case strings.HasPrefix(s, "＂"):
		return wideDouble
	}
	return nil
}

// scanString reads a quoted string at the cursor and returns its unescaped contents.
// key tells that the string is a member name, which is not searched for unescaped quotes.
func (p *jsonParser) scanString(key bool) (string, bool) {
	q := p.quoteAt()
	at := p.here()
	if q.msg != "" {
		p.warn(at, q.msg)
	}
	src := p.src
	i := p.i + q.open
	var b []byte // nil while the contents are a plain substring of src
	seg := i     // start of the pending plain segment
	ctlWarned, quoteWarned := false, false
	altClose := -1 // offset of a "'" that may close the string
	altSeg, altLen := 0, 0
	firstQuote, firstSeg, firstLen, nwarn := 0, 0, 0, 0 // the first unescaped inner quote
	flush := func(end int) {
		if b == nil {
			b = make([]byte, 0, end-seg+16)
		}
		b = append(b, src[seg:end]...)
	}
	finish := func(end, next int) (string, bool) {
		p.advanceTo(next)
		if b == nil {
			return src[seg:end], true
		}
		flush(end)
		return string(b), true
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '"' && strings.IndexByte(q.closers, '"') >= 0:
			if q.doubled && i+1 < len(src) && src[i+1] == '"' {
				return finish(i, i+2)
			}
			if q == stdQuote && !p.strict && !key && !p.closesString(i+1) {
				// A quote followed by more text on the line: an unescaped quote
				// inside the string.
				if !quoteWarned {
					quoteWarned = true
					nwarn = len(p.warns)
					p.warn(p.posAt(i), "unescaped '\"' inside string kept")
					firstQuote, firstSeg, firstLen = i, seg, len(b)
				}
				break
			}
			return finish(i, i+1)
		case c == '\'' && strings.IndexByte(q.closers, '\'') >= 0:
			return finish(i, i+1)
		case c == '\'' && q == stdQuote && !p.strict && altClose < 0 && p.closesString(i+1):
			// Perhaps the string was closed with the wrong quote ("key': ...);
			// used only if no '"' closes the string on this line.
			altClose, altSeg, altLen = i, seg, len(b)
		case c == '\\':
			flush(i)
			n := p.escape(&b, i)
			if p.err != nil {
				return "", false
			}
			i += n
			seg = i
			continue
		case c == '\n' || c == '\r':
			if p.strict {
				p.fail(at, "line break in string")
				return "", false
			}
			if altClose >= 0 {
				p.warn(p.posAt(altClose), "string opened with '\"' closed with \"'\"")
				v := string(b[:altLen]) + src[altSeg:altClose]
				p.advanceTo(altClose + 1)
				return v, true
			}
			p.advanceTo(i)
			p.warn(p.here(), "string not closed before the end of the line; closed there")
			return finish(i, i)
		case c < 0x20:
			if p.strict {
				p.fail(at, "control character in string")
				return "", false
			}
			if !ctlWarned {
				ctlWarned = true
				p.warn(p.posAt(i), "control character in string kept")
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && size == 1 {
				flush(i)
				b = append(b, "\uFFFD"...)
				i++
				seg = i
				continue
			}
			if len(q.closers) > 1 && strings.ContainsRune(q.closers, r) {
				return finish(i, i+size)
			}
			i += size
			continue
		}
		i++
	}
	if altClose >= 0 {
		p.warn(p.posAt(altClose), "string opened with '\"' closed with \"'\"")
		v := string(b[:altLen]) + src[altSeg:altClose]
		p.advanceTo(altClose + 1)
		return v, true
	}
	if quoteWarned {
		// The first quote taken for an unescaped one closes the string after all.
		p.warns = p.warns[:nwarn]
		v := string(b[:firstLen]) + src[firstSeg:firstQuote]
		p.advanceTo(firstQuote + 1)
		return v, true
	}
	p.fail(at, "unterminated string")
	return "", false
}

// closesString reports whether a quote ending at offset j (exclusive) can close a string:
// what follows on its line, after spaces, is a separator, a closing bracket, a quote,
// a comment or the end of the line.
func (p *jsonParser) closesString(j int) bool {
	src := p.src
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j >= len(src) {
		return true
	}
	switch src[j] {
	case ',', ':', '}', ']', '"', '\n', '\r', '{', '[':
		return true
	case '/':
		return j+1 < len(src) && (src[j+1] == '/' || src[j+1] == '*')
	}
	if src[j] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(src[j:])
	return r == '，' || r == '：' || r == '“' || r == '”' || spaceName(r) != ""
}

// escape decodes the escape sequence at offset i into *b and returns its length.
func (p *jsonParser) escape(b *[]byte, i int) int {
	src := p.src
	if i+1 >= len(src) {
		p.advanceTo(i)
		p.fail(p.here(), "unterminated string")
		return 0
	}
	switch e := src[i+1]; e {
	case '"', '\\', '/':
		*b = append(*b, e)
	case 'b':
		*b = append(*b, '\b')
	case 'f':
		*b = append(*b, '\f')
	case 'n':
		*b = append(*b, '\n')
	case 'r':
		*b = append(*b, '\r')
	case 't':
		*b = append(*b, '\t')
	case '\'':
		if p.strict {
			p.fail(p.posAt(i), "invalid escape \\'")
			return 0
		}
		*b = append(*b, '\'')
	case 'u':
		rr := hexRune(src, i)
		if rr < 0 {
			if p.strict {
				p.fail(p.posAt(i), "invalid \\u escape")
				return 0
			}
			p.warn(p.posAt(i), "invalid \\u escape kept as written")
			*b = append(*b, '\\')
			return 1
		}
		n := 6
		if utf16.IsSurrogate(rr) {
			rr2 := hexRune(src, i+6)
			if dec := utf16.DecodeRune(rr, rr2); dec != utf8.RuneError {
				rr = dec
				n = 12
			} else {
				rr = utf8.RuneError
			}
		}
		*b = utf8.AppendRune(*b, rr)
		return n
	default:
		if p.strict {
			p.fail(p.posAt(i), "invalid escape")
			return 0
		}
		r, _ := utf8.DecodeRuneInString(src[i+1:])
		p.warn(p.posAt(i), "invalid escape \\"+string(r)+" kept as written")
		*b = append(*b, '\\')
		return 1
	}
	return 2
}

// posAt returns the position of offset j, which must lie on the cursor's line or after it
// without crossing a line break.
func (p *jsonParser) posAt(j int) position {
	return position{p.line, j - p.lineStart + 1}
}

// hexRune decodes \uXXXX at offset i, or returns -1.
func hexRune(src string, i int) rune {
	if i+6 > len(src) || src[i] != '\\' || src[i+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range []byte(src[i+2 : i+6]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// isKeyStart reports whether c may start an unquoted member name.
func isKeyStart(c byte) bool {
	return c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c >= utf8.RuneSelf
}

// scanBareKey reads an unquoted member name followed by ':'; it returns "" when there is none.
func (p *jsonParser) scanBareKey() string {
	src := p.src
	j := p.i
	for j < len(src) {
		c := src[j]
		if c == ':' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"' || c == '\'' || isJSONSpace(c) {
			break
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(src[j:])
			if r == '：' || r == '，' || isAnySpace(r) {
				break
			}
			j += size
			continue
		}
		j++
	}
	k := j
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	if j == p.i || k >= len(src) || (src[k] != ':' && !strings.HasPrefix(src[k:], "：")) {
		return ""
	}
	key := src[p.i:j]
	p.i = j
	return key
}
