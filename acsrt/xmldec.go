package acsrt

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// XMLDecoder reads one XML element in a single pass, without reflection.
// Generated response types read themselves from it through DecodeStruct,
// which loops over the child elements and calls their DecodeField methods
// with each local name (an element that repeats appends to a list field;
// unknown ones are skipped); a scalar reads the element's text, as
// encoding/xml hands it to UnmarshalText. It reads what encoding/xml reads into the same
// types: entities, character references, CDATA, comments, processing
// instructions and declarations; attributes are read and ignored; \r\n
// becomes \n.
//
// As with JSONDecoder, the input is kept as one string and text without
// entities or \r is a substring of it.
type XMLDecoder struct {
	s     string
	i     int
	names []string // raw names of the open elements
	name  string   // local name of the element just started
	empty bool     // the element just started was <name/>
	text  string   // the text next read
	last  string   // raw name of the element last closed
	err   error
}

// maxXMLDepth is how deeply elements may nest (acsrt.Map reads nested
// elements recursively).
const maxXMLDepth = 10000

// XMLError is a decoding error at a byte offset of the input.
type XMLError struct {
	Offset  int    // of the character at fault, or of the element whose text is
	Element string // the element being read, if any
	Msg     string
	Err     error // the underlying error of a scalar, if any
}

func (e *XMLError) Error() string {
	s := "acsrt: XML at byte " + strconv.Itoa(e.Offset)
	if e.Element != "" {
		s += " (element <" + e.Element + ">)"
	}
	return s + ": " + e.Msg
}

func (e *XMLError) Unwrap() error { return e.Err }

func (d *XMLDecoder) failAt(at int, msg string) {
	if d.err == nil {
		el := ""
		if len(d.names) > 0 {
			el = d.names[len(d.names)-1]
		}
		d.err = &XMLError{Offset: at, Element: el, Msg: msg}
		d.i = len(d.s)
	}
}

// failErr records err, the error of the text of the element last closed,
// which starts at offset at.
func (d *XMLDecoder) failErr(at int, err error) {
	if d.err == nil {
		d.err = &XMLError{Offset: at, Element: d.last, Msg: strings.TrimPrefix(err.Error(), "acsrt: "), Err: err}
		d.i = len(d.s)
	}
}

// Name is the local name (without a namespace prefix) of the element that
// Child just started.
func (d *XMLDecoder) Name() string { return d.name }

// Child moves to the next child element of the current element, skipping
// text, comments and the like: true when one starts (its start tag read;
// the caller reads its content with a DecodeXML method or Skip), false at the
// end of the current element (its end tag read) or on an error.
func (d *XMLDecoder) Child() bool {
	for {
		switch d.next() {
		case tokStart:
			return true
		case tokText:
			continue
		}
		return false
	}
}

// Skip reads and drops the content and end tag of the element just started.
func (d *XMLDecoder) Skip() {
	depth := 0
	for {
		switch d.next() {
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				return
			}
			depth--
		case tokErr:
			return
		}
	}
}

// Text reads the content and end tag of the element just started and returns
// its text, that of child elements left out, as encoding/xml gives it to
// UnmarshalText.
func (d *XMLDecoder) Text() string {
	if d.err != nil {
		return ""
	}
	// Fast path: plain text, then the end tag.
	if !d.empty {
		s, j := d.s, d.i
		for j < len(s) && xmlPlain[s[j]] {
			j++
		}
		if j+1 < len(s) && s[j] == '<' && s[j+1] == '/' {
			t := s[d.i:j]
			d.i = j
			if d.endTag() {
				return t
			}
			return ""
		}
	}
	var first string
	var b []byte
	pieces, depth := 0, 0
	for {
		switch d.next() {
		case tokText:
			if depth > 0 {
				continue
			}
			if pieces++; pieces == 1 {
				first = d.text
			} else {
				if pieces == 2 {
					b = append(b, first...)
				}
				b = append(b, d.text...)
			}
		case tokStart:
			depth++
		case tokEnd:
			if depth > 0 {
				depth--
				continue
			}
			if pieces > 1 {
				return string(b)
			}
			return first
		default:
			return ""
		}
	}
}

const (
	tokErr = iota
	tokStart
	tokEnd
	tokText
)

// next reads the next piece of the current element's content: text (in
// d.text; CDATA is text too), a start tag (d.name), or the current element's
// end tag. Comments, processing instructions and declarations are dropped.
func (d *XMLDecoder) next() int {
	if d.empty {
		d.empty = false
		return tokEnd
	}
	for d.err == nil {
		s := d.s
		if d.i >= len(s) {
			d.failAt(d.i, "unexpected EOF")
			return tokErr
		}
		if s[d.i] != '<' {
			d.text = d.readText()
			if d.err != nil {
				return tokErr
			}
			return tokText
		}
		rest := s[d.i:]
		switch {
		case strings.HasPrefix(rest, "</"):
			if d.endTag() {
				return tokEnd
			}
			return tokErr
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				d.failAt(len(s), "unexpected EOF in comment")
				return tokErr
			}
			d.i += 4 + end + 3
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(rest[9:], "]]>")
			if end < 0 {
				d.failAt(len(s), "unexpected EOF in CDATA section")
				return tokErr
			}
			start := d.i + 9
			d.i = start + end + 3
			d.text = d.checkText(start, start+end, textCDATA)
			if d.err != nil {
				return tokErr
			}
			return tokText
		case strings.HasPrefix(rest, "<!-"), strings.HasPrefix(rest, "<!["):
			d.failAt(d.i, "invalid sequence "+rest[:3])
			return tokErr
		case strings.HasPrefix(rest, "<!"):
			d.skipDecl()
		case strings.HasPrefix(rest, "<?"):
			d.procInst()
		default:
			if d.startTag() {
				return tokStart
			}
			return tokErr
		}
	}
	return tokErr
}

// skipDecl skips <!DOCTYPE ...> and the like, as encoding/xml reads them:
// the byte after <! is taken as it is, then up to the > that closes the
// declaration, counting nested < and >, outside quotes and comments.
func (d *XMLDecoder) skipDecl() {
	s := d.s
	j := d.i + 3
	inquote := byte(0)
	depth := 0
	for ; j < len(s); j++ {
		c := s[j]
		if inquote == 0 && c == '>' && depth == 0 {
			d.i = j + 1
			return
		}
		switch {
		case c == inquote:
			inquote = 0
		case inquote != 0:
		case c == '\'' || c == '"':
			inquote = c
		case c == '>':
			depth--
		case c == '<':
			if strings.HasPrefix(s[j+1:], "!--") {
				end := strings.Index(s[j+4:], "-->")
				if end < 0 {
					j = len(s)
					break
				}
				j += 4 + end + 2
			} else {
				depth++
			}
		}
	}
	d.failAt(len(s), "unexpected EOF in declaration")
}

// procInst skips a processing instruction. As in encoding/xml, an <?xml?>
// declaration may only declare version 1.0 and UTF-8.
func (d *XMLDecoder) procInst() {
	s := d.s
	j, ok := d.readName(d.i+2, false)
	if !ok {
		return
	}
	if j == d.i+2 {
		d.failAt(j, "expected target name after <?")
		return
	}
	target := s[d.i+2 : j]
	for j < len(s) && isXMLSpace(s[j]) {
		j++
	}
	end := strings.Index(s[j:], "?>")
	if end < 0 {
		d.failAt(len(s), "unexpected EOF in processing instruction")
		return
	}
	if target == "xml" {
		content := s[j : j+end]
		if ver := procInst("version", content); ver != "" && ver != "1.0" {
			d.failAt(d.i, "unsupported version "+strconv.Quote(ver)+"; only version 1.0 is supported")
			return
		}
		if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			d.failAt(d.i, "encoding "+strconv.Quote(enc)+" declared; only UTF-8 is read")
			return
		}
	}
	d.i = j + end + 2
}

// procInst is the value of param in the content of an <?xml?> declaration,
// found as encoding/xml finds it.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// xmlNameByte marks the bytes of names: ASCII letters, digits, _ : . - and
// every non-ASCII byte (checked by validXMLName), as encoding/xml reads them.
var xmlNameByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
	}
	return
}()

// readName reads the name at j and returns its end; j when there is none.
// An invalid name is an error, and so is one with more than one colon when
// ns (element and attribute names).
func (d *XMLDecoder) readName(j int, ns bool) (int, bool) {
	s := d.s
	a := j
	ascii := true
	for j < len(s) && xmlNameByte[s[j]] {
		ascii = ascii && s[j] < utf8.RuneSelf
		j++
	}
	if j == a {
		return j, true
	}
	name := s[a:j]
	c := name[0]
	ok := ascii && ('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') || !ascii && validXMLName(name)
	if !ok || ns && strings.Count(name, ":") > 1 {
		d.failAt(a, "invalid XML name: "+name)
		return j, false
	}
	return j, true
}

// validXMLName checks a name with non-ASCII characters: a letter, _ or : first,
// then letters, digits, marks, _ : . - and U+00B7. This is close to, not
// exactly, the XML 1.0 tables that encoding/xml uses.
func validXMLName(name string) bool {
	for i, r := range name {
		switch {
		case r == utf8.RuneError:
			return false
		case unicode.IsLetter(r) || r == '_' || r == ':':
		case i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) ||
			r == '.' || r == '-' || r == 0xB7):
		default:
			return false
		}
	}
	return true
}

// xmlPlain marks the bytes that text holds as they are: ASCII but not
// <, &, ] (which may start ]]>) or control characters other than \t, \n.
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '<' && c != '&' && c != ']'
	}
	t['\t'], t['\n'] = true, true
	return
}()

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// startTag reads the start tag at d.i.
func (d *XMLDecoder) startTag() bool {
	s := d.s
	at := d.i
	j, ok := d.readName(at+1, true)
	if !ok {
		return false
	}
	if j == at+1 {
		d.failAt(j, "expected element name after <")
		return false
	}
	raw := s[at+1 : j]
	empty := false
	for {
		for j < len(s) && isXMLSpace(s[j]) {
			j++
		}
		if j >= len(s) {
			d.failAt(j, "unexpected EOF in start tag")
			return false
		}
		if s[j] == '>' {
			j++
			break
		}
		if s[j] == '/' {
			if j+1 < len(s) && s[j+1] == '>' {
				j += 2
				empty = true
				break
			}
			d.failAt(j, "expected /> in element")
			return false
		}
		// An attribute: name = "value", read and dropped.
		a := j
		if j, ok = d.readName(j, true); !ok {
			return false
		}
		if j == a {
			d.failAt(j, "expected attribute name in element")
			return false
		}
		for j < len(s) && isXMLSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			d.failAt(j, "attribute name without = in element")
			return false
		}
		j++
		for j < len(s) && isXMLSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '"' && s[j] != '\'' {
			d.failAt(j, "unquoted or missing attribute value in element")
			return false
		}
		q := s[j]
		end := strings.IndexByte(s[j+1:], q)
		if end < 0 {
			d.failAt(len(s), "unexpected EOF in attribute value")
			return false
		}
		v := s[j+1 : j+1+end]
		if strings.IndexByte(v, '<') >= 0 {
			d.failAt(j+1+strings.IndexByte(v, '<'), "unescaped < inside quoted string")
			return false
		}
		if d.checkText(j+1, j+1+end, textAttr); d.err != nil {
			return false
		}
		j += end + 2
	}
	d.i = j
	local := raw
	if k := strings.IndexByte(raw, ':'); k > 0 && k < len(raw)-1 {
		local = raw[k+1:]
	}
	d.name = local
	d.empty = empty
	if !empty {
		if len(d.names) >= maxXMLDepth {
			d.failAt(at, "exceeded max depth")
			return false
		}
		d.names = append(d.names, raw)
	}
	return true
}

// endTag reads the end tag at d.i, which must close the innermost element.
func (d *XMLDecoder) endTag() bool {
	s := d.s
	a := d.i + 2
	j, ok := d.readName(a, true)
	if !ok {
		return false
	}
	name := s[a:j]
	for j < len(s) && isXMLSpace(s[j]) {
		j++
	}
	if j >= len(s) {
		d.failAt(j, "unexpected EOF in end tag")
		return false
	}
	if s[j] != '>' || name == "" {
		d.failAt(j, "invalid characters between </"+name+" and >")
		return false
	}
	n := len(d.names)
	if n == 0 {
		d.failAt(d.i, "unexpected end element </"+name+">")
		return false
	}
	if d.names[n-1] != name {
		d.failAt(d.i, "element <"+d.names[n-1]+"> closed by </"+name+">")
		return false
	}
	d.last = name
	d.names = d.names[:n-1]
	d.i = j + 1
	return true
}

// readText reads the text from d.i up to the next < (or the end).
func (d *XMLDecoder) readText() string {
	s := d.s
	start := d.i
	j := start
	for j < len(s) && s[j] != '<' {
		j++
	}
	d.i = j
	return d.checkText(start, j, textPlain)
}

// The kinds of text checkText reads.
const (
	textPlain = iota // element content: entities; ]]> is an error
	textCDATA        // a CDATA section: no entities
	textAttr         // an attribute value: entities
)

// checkText returns s[start:end] with entities (except in CDATA) and \r
// replaced, checking that every character is one XML allows.
func (d *XMLDecoder) checkText(start, end, kind int) string {
	s := d.s
	j := start
	for j < end {
		c := s[j]
		if xmlPlain[c] {
			j++
			continue
		}
		switch {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[j:end])
			if !d.checkRune(j, r, size) {
				return ""
			}
			j += size
		case c == '&' && kind != textCDATA || c == '\r':
			return d.unescapeText(start, j, end, kind)
		case c == ']':
			if kind == textPlain && strings.HasPrefix(s[j:end], "]]>") {
				d.failAt(j, "unescaped ]]> not in CDATA section")
				return ""
			}
			j++
		case c == '&' || c == '<':
			j++
		default:
			d.failAt(j, "illegal character code "+strconv.QuoteRune(rune(c)))
			return ""
		}
	}
	return s[start:end]
}

func (d *XMLDecoder) checkRune(at int, r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		d.failAt(at, "invalid UTF-8")
		return false
	}
	if !xmlChar(r) {
		d.failAt(at, "illegal character code "+strconv.QuoteRune(r))
		return false
	}
	return true
}

// unescapeText builds the text s[start:end], whose prefix up to j is plain.
func (d *XMLDecoder) unescapeText(start, j, end, kind int) string {
	s := d.s
	b := make([]byte, 0, end-start)
	b = append(b, s[start:j]...)
	for j < end {
		c := s[j]
		switch {
		case c == '\r':
			b = append(b, '\n')
			j++
			if j < end && s[j] == '\n' {
				j++
			}
		case c == '&' && kind != textCDATA:
			semi := strings.IndexByte(s[j:end], ';')
			if semi < 0 {
				d.failAt(j, "invalid character entity (no semicolon)")
				return ""
			}
			name := s[j+1 : j+semi]
			r, ok := xmlEntity(name)
			if !ok {
				d.failAt(j, "invalid character entity &"+name+";")
				return ""
			}
			if !xmlChar(r) {
				d.failAt(j, "illegal character code "+strconv.QuoteRune(r))
				return ""
			}
			b = utf8.AppendRune(b, r)
			j += semi + 1
		case c == ']' && kind == textPlain && strings.HasPrefix(s[j:end], "]]>"):
			d.failAt(j, "unescaped ]]> not in CDATA section")
			return ""
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[j:end])
			if !d.checkRune(j, r, size) {
				return ""
			}
			b = append(b, s[j:j+size]...)
			j += size
		case c < 0x20 && c != '\t' && c != '\n':
			d.failAt(j, "illegal character code "+strconv.QuoteRune(rune(c)))
			return ""
		default:
			b = append(b, c)
			j++
		}
	}
	return string(b)
}

// xmlEntity is the character of an entity or character reference.
func xmlEntity(name string) (rune, bool) {
	switch name {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if name[1] == 'x' {
		n, err = strconv.ParseUint(name[2:], 16, 64)
	} else {
		n, err = strconv.ParseUint(name[1:], 10, 64)
	}
	if err != nil || n > unicode.MaxRune {
		return 0, false
	}
	if !utf8.ValidRune(rune(n)) {
		return utf8.RuneError, true // a surrogate, as string(rune(n)) has it
	}
	return rune(n), true
}

// xmlChar reports whether XML allows the character r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// anyValue reads the content of the element just started: the trimmed
// text, or a map of its children (repeated children become lists).
func (d *XMLDecoder) anyValue() any {
	var text strings.Builder
	var m map[string]any
	for {
		switch d.next() {
		case tokStart:
			k := d.name
			m = addElement(m, k, d.anyValue())
		case tokText:
			text.WriteString(d.text)
		case tokEnd:
			if m != nil {
				return m
			}
			return strings.TrimSpace(text.String())
		default:
			return nil
		}
	}
}
