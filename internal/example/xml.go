package example

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseXML reads an XML example tolerantly and returns a synthetic root (Kind Object, Key "")
// whose children are the top-level elements in order (an example may have no root element,
// several top-level elements, or a root like <KMS> or <XxxResponse>; the caller decides).
// It skips an <?xml ...?> declaration, comments and attributes, except that list="true"
// sets the element's List. An element with child elements
// is an Object (its text ignored); an element without child elements is a String whose Value is
// its trimmed text (an empty element <A/> or <A></A> is a String with Value ""). Repeated
// elements stay repeated children (no array detection here).
//
// Repairs: a start tag with the name of the open element, when that element is not empty
// and the document has more start than end tags of that name, closes the element
// (<A> x<A>); a closing tag of an element further up closes the elements in between; a
// closing tag that matches no open element closes the innermost one; elements still open
// at the end are closed; a '<' that starts no tag is read as text. Entity references
// &amp; &lt; &gt; &quot; &apos; and character references are decoded, other entities
// are kept as written; CDATA sections are read as text. Numbers used as element names
// (<200>5</200>) are read as names.
func ParseXML(src string) (*Node, []Warning, error) {
	p := &xmlParser{cursor: cursor{src: src, line: 1}}
	root := &Node{Kind: Object, Line: 1, Col: 1}
	p.run(root)
	if p.err != nil {
		return nil, sortWarnings(p.warns), p.err
	}
	if len(root.Children) == 0 {
		return nil, sortWarnings(p.warns), &Error{Line: p.line, Col: p.i - p.lineStart + 1, Msg: "no XML element found"}
	}
	return root, sortWarnings(p.warns), nil
}

type xmlParser struct {
	cursor
	warns []Warning
	err   *Error
	stack []*xmlElem
	// balance counts, per element name, start tags minus end tags over the whole
	// input; computed on first use.
	balance map[string]int
}

type xmlElem struct {
	node     *Node
	text     []byte
	hasChild bool
}

func (p *xmlParser) warn(at position, msg string) {
	p.warns = append(p.warns, Warning{Line: at.line, Col: at.col, Msg: msg})
}

func (p *xmlParser) fail(at position, msg string) {
	if p.err == nil {
		p.err = &Error{Line: at.line, Col: at.col, Msg: msg}
	}
}

func (p *xmlParser) top() *xmlElem {
	if len(p.stack) == 0 {
		return nil
	}
	return p.stack[len(p.stack)-1]
}

func (p *xmlParser) run(root *Node) {
	src := p.src
	outsideWarned := false
	text := func(s string, at position) {
		if t := p.top(); t != nil {
			if !t.hasChild {
				t.text = append(t.text, s...)
			}
		} else if !outsideWarned && strings.TrimFunc(s, isAnySpace) != "" {
			outsideWarned = true
			p.warn(at, "text outside elements ignored")
		}
	}
	for p.i < len(src) && p.err == nil {
		at := p.here()
		if src[p.i] != '<' {
			j := strings.IndexByte(src[p.i:], '<')
			if j < 0 {
				j = len(src)
			} else {
				j += p.i
			}
			text(decodeEntities(src[p.i:j]), at)
			p.advanceTo(j)
			continue
		}
		rest := src[p.i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				p.fail(at, "unterminated comment")
				return
			}
			p.advanceTo(p.i + 4 + end + 3)
		case strings.HasPrefix(rest, "<![CDATA["):
			end := strings.Index(rest[9:], "]]>")
			if end < 0 {
				p.fail(at, "unterminated CDATA section")
				return
			}
			text(rest[9:9+end], at)
			p.advanceTo(p.i + 9 + end + 3)
		case strings.HasPrefix(rest, "<?"):
			end := strings.Index(rest[2:], "?>")
			if end < 0 {
				p.fail(at, "unterminated <? ?> declaration")
				return
			}
			p.advanceTo(p.i + 2 + end + 2)
		case strings.HasPrefix(rest, "<!"):
			if !p.skipDecl() {
				p.fail(at, "unterminated <! declaration")
				return
			}
		case strings.HasPrefix(rest, "</"):
			name, n := xmlName(rest[2:])
			end := strings.IndexAny(rest[2:], "<>") + 2
			if name == "" || end < 2 || rest[end] == '<' {
				p.warn(at, "'<' read as text")
				text("<", at)
				p.i++
				continue
			}
			if strings.TrimFunc(rest[2+n:end], isAnySpace) != "" {
				p.warn(at, "text in closing tag </"+name+"> ignored")
			}
			p.advanceTo(p.i + end + 1)
			p.end(name, at)
		default:
			name, n := xmlName(rest[1:])
			if name == "" {
				p.warn(at, "'<' read as text")
				text("<", at)
				p.i++
				continue
			}
			attrStart := p.i + 1 + n
			selfClose, ok := p.skipAttrs(attrStart)
			if !ok {
				return
			}
			list := listAttr(src[attrStart:p.i])
			if !validName(name) {
				p.warn(at, "element name "+name+" is not a valid XML name; kept")
			}
			p.start(root, name, at, selfClose)
			if list && !selfClose {
				if t := p.top(); t != nil && t.node.Key == name {
					t.node.List = true
				}
			}
		}
	}
	if p.err != nil {
		return
	}
	for len(p.stack) > 0 {
		p.warn(p.here(), "missing </"+p.top().node.Key+"> added at end of input")
		p.closeTop()
	}
}

// xmlName reads an element name at the start of s.
func xmlName(s string) (string, int) {
	j := 0
	for j < len(s) {
		c := s[j]
		if c == '>' || c == '/' || c == '<' || c == '=' || c == '"' || c == '\'' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[j:])
			if isAnySpace(r) {
				break
			}
			j += size
			continue
		}
		j++
	}
	if j == 0 {
		return "", 0
	}
	// A name starts with a letter, '_', ':' or a non-ASCII rune; the examples also
	// use numbers as names (<200>466521</200>), which are read too.
	if c := s[0]; !(c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c >= utf8.RuneSelf) {
		return "", 0
	}
	return s[:j], j
}

// validName reports whether an element name read by xmlName is a valid XML name.
func validName(name string) bool { return !isDigit(name[0]) }

// skipAttrs skips the attributes of a start tag from offset j to its '>' and moves the
// cursor after it. It reports whether the tag ends with "/>".
func (p *xmlParser) skipAttrs(j int) (selfClose, ok bool) {
	src := p.src
	at := p.here()
	for j < len(src) {
		switch c := src[j]; c {
		case '"', '\'':
			end := strings.IndexByte(src[j+1:], c)
			if end < 0 {
				p.fail(at, "unterminated attribute value")
				return false, false
			}
			j += 1 + end + 1
			continue
		case '>':
			p.advanceTo(j + 1)
			return j > 0 && src[j-1] == '/', true
		case '<':
			p.warn(at, "start tag not closed before '<'; closed there")
			p.advanceTo(j)
			return false, true
		}
		j++
	}
	p.fail(at, "unterminated start tag")
	return false, false
}

// listAttr reports whether the attributes of a start tag (the text between its name
// and '>') include list="true" (or list='true').
func listAttr(attrs string) bool {
	for {
		i := strings.Index(attrs, "list")
		if i < 0 {
			return false
		}
		before := i == 0 || attrs[i-1] == ' ' || attrs[i-1] == '\t' || attrs[i-1] == '\n' || attrs[i-1] == '\r'
		rest := strings.TrimLeft(attrs[i+4:], " \t\r\n")
		attrs = attrs[i+4:]
		if !before || !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if strings.HasPrefix(rest, `"true"`) || strings.HasPrefix(rest, "'true'") {
			return true
		}
	}
}

// skipDecl skips a <!DOCTYPE ...> or other <! declaration at the cursor.
func (p *xmlParser) skipDecl() bool {
	end := declEnd(p.src, p.i)
	if end < 0 {
		return false
	}
	p.advanceTo(end)
	return true
}

// declEnd returns the offset after the <! declaration starting at offset i, or -1 when it
// is not terminated. Like encoding/xml, it counts nested '<' '>' pairs outside quotes (an
// internal DTD subset) and skips comments inside.
func declEnd(src string, i int) int {
	depth := 0
	// As in encoding/xml, the byte after "<!" is taken as it is.
	for j := i + 3; j < len(src); j++ {
		switch c := src[j]; c {
		case '"', '\'':
			end := strings.IndexByte(src[j+1:], c)
			if end < 0 {
				return -1
			}
			j += 1 + end
		case '<':
			if strings.HasPrefix(src[j:], "<!--") {
				end := strings.Index(src[j+4:], "-->")
				if end < 0 {
					return -1
				}
				j += 4 + end + 2
				continue
			}
			depth++
		case '>':
			if depth == 0 {
				return j + 1
			}
			depth--
		}
	}
	return -1
}

func (p *xmlParser) start(root *Node, name string, at position, selfClose bool) {
	parent := root
	if t := p.top(); t != nil {
		if t.node.Key == name && !selfClose && (t.hasChild || strings.TrimFunc(string(t.text), isAnySpace) != "") &&
			p.unbalanced(name) {
			p.warn(at, "start tag <"+name+"> read as </"+name+">")
			p.balance[name] -= 2
			p.closeTop()
			return
		}
		t.hasChild = true
		t.text = nil
		parent = t.node
	}
	if len(p.stack) >= MaxDepth {
		p.fail(at, "nesting deeper than 512")
		return
	}
	n := &Node{Kind: String, Key: name, Line: at.line, Col: at.col}
	parent.Children = append(parent.Children, n)
	if !selfClose {
		p.stack = append(p.stack, &xmlElem{node: n})
	}
}

func (p *xmlParser) end(name string, at position) {
	if len(p.stack) == 0 {
		p.warn(at, "closing tag </"+name+"> without start tag ignored")
		return
	}
	k := len(p.stack) - 1
	for k >= 0 && p.stack[k].node.Key != name {
		k--
	}
	if k < 0 {
		p.warn(at, "closing tag </"+name+"> read as </"+p.top().node.Key+">")
		p.closeTop()
		return
	}
	for len(p.stack) > k+1 {
		p.warn(at, "missing </"+p.top().node.Key+"> inserted before </"+name+">")
		p.closeTop()
	}
	p.closeTop()
}

func (p *xmlParser) closeTop() {
	t := p.top()
	p.stack = p.stack[:len(p.stack)-1]
	if t.hasChild {
		t.node.Kind = Object
		return
	}
	t.node.Kind = String
	s := string(t.text)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	t.node.Value = strings.TrimSpace(s)
}

// unbalanced reports whether the input holds more start tags than end tags named name.
func (p *xmlParser) unbalanced(name string) bool {
	if p.balance == nil {
		p.balance = tagBalance(p.src)
	}
	return p.balance[name] > 0
}

// tagBalance counts, per name, start tags (not self-closing) minus end tags, skipping
// comments, CDATA sections, declarations and quoted attribute values.
func tagBalance(src string) map[string]int {
	m := map[string]int{}
	i := 0
	skipPast := func(from int, end string) int {
		k := strings.Index(src[from:], end)
		if k < 0 {
			return len(src)
		}
		return from + k + len(end)
	}
	for i < len(src) {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			i = skipPast(i+4, "-->")
			continue
		case strings.HasPrefix(rest, "<![CDATA["):
			i = skipPast(i+9, "]]>")
			continue
		case strings.HasPrefix(rest, "<?"):
			i = skipPast(i+2, "?>")
			continue
		case strings.HasPrefix(rest, "<!"):
			if i = declEnd(src, i); i < 0 {
				i = len(src)
			}
			continue
		}
		i++
		closing := i < len(src) && src[i] == '/'
		if closing {
			i++
		}
		name, n := xmlName(src[i:])
		if name == "" {
			continue
		}
		i += n
		if closing {
			m[name]--
			continue
		}
		selfClose := false
	attrs:
		for i < len(src) {
			switch c := src[i]; c {
			case '"', '\'':
				k := strings.IndexByte(src[i+1:], c)
				if k < 0 {
					i = len(src)
					break attrs
				}
				i += 1 + k + 1
				continue
			case '<':
				break attrs
			case '>':
				selfClose = src[i-1] == '/'
				i++
				break attrs
			}
			i++
		}
		if !selfClose {
			m[name]++
		}
	}
	return m
}

// decodeEntities decodes the predefined entities and character references in s;
// other '&' sequences are kept as written.
func decodeEntities(s string) string {
	amp := strings.IndexByte(s, '&')
	if amp < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for amp >= 0 {
		b.WriteString(s[:amp])
		s = s[amp:]
		semi := strings.IndexByte(s[:min(len(s), 16)], ';')
		if semi < 0 {
			b.WriteByte('&')
			s = s[1:]
		} else if r, ok := entity(s[1:semi]); ok {
			b.WriteString(r)
			s = s[semi+1:]
		} else {
			b.WriteByte('&')
			s = s[1:]
		}
		amp = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

func entity(name string) (string, bool) {
	switch name {
	case "amp":
		return "&", true
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "quot":
		return `"`, true
	case "apos":
		return "'", true
	}
	if len(name) < 2 || name[0] != '#' {
		return "", false
	}
	var n uint64
	var err error
	if name[1] == 'x' {
		n, err = strconv.ParseUint(name[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(name[1:], 10, 32)
	}
	if err != nil || !isXMLChar(rune(n)) {
		return "", false
	}
	return string(rune(n)), true
}

// isXMLChar reports whether r is allowed in XML text (the Char production).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
