// Package example reads the JSON and XML response examples found in Alibaba
// Cloud API reference pages.
//
// The examples are written by hand and are often not valid JSON or XML:
// full-width punctuation, curly quotes, comments, "..." lines, missing or
// trailing commas, unquoted values, unbalanced tags. The readers here repair
// what they can, report every repair as a Warning with its position, and
// return an *Error with a position for anything they cannot read. They never
// panic, run in time linear in the input size and bound nesting by MaxDepth.
package example

import (
	"sort"
	"strconv"
	"strings"
)

// Kind is the kind of a Node.
type Kind uint8

// The kinds of Node.
const (
	Object Kind = iota + 1 // JSON object or XML element with child elements
	Array                  // JSON array (the XML reader never produces arrays)
	String
	Number // JSON number literal (Value holds the literal text)
	Bool   // Value is "true" or "false"
	Null
)

// Node is one value of an example, in document order.
type Node struct {
	Kind      Kind
	Key       string  // member name (object members, XML element name); "" for array elements and the root
	Value     string  // scalar text: string contents unescaped, number literal, "true"/"false"
	Children  []*Node // object members in source order (repeated keys kept), or array elements
	Line, Col int     // 1-based position of the value's start within src (Col counts bytes)
	// List is set on an XML element whose start tag carries list="true", the mark
	// Alibaba's XML serializer puts on a list wrapper: its child elements are the
	// list's items, even when there is only one.
	List bool
}

// Warning is a repair the reader made, at a position within src.
type Warning struct {
	Line, Col int
	Msg       string // e.g. "trailing comma removed", "missing comma inserted", "full-width comma read as ','", "// comment skipped", "unquoted value xxx read as a string"
}

// Error is an unrecoverable problem at a position within src. It implements error.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// MaxDepth bounds nesting; deeper input is an *Error, never a stack overflow.
const MaxDepth = 512

// position is a 1-based line and byte column.
type position struct{ line, col int }

// cursor tracks the line and column of an offset that only moves forward.
type cursor struct {
	src       string
	i         int // current offset
	line      int // line of offset i, 1-based
	lineStart int // offset of the first byte of line
}

func (c *cursor) here() position { return position{c.line, c.i - c.lineStart + 1} }

// advanceTo moves the cursor forward to offset j, counting the line breaks crossed.
func (c *cursor) advanceTo(j int) {
	if j > len(c.src) {
		j = len(c.src)
	}
	if j <= c.i {
		return
	}
	seg := c.src[c.i:j]
	if n := strings.Count(seg, "\n"); n > 0 {
		c.line += n
		c.lineStart = c.i + strings.LastIndexByte(seg, '\n') + 1
	}
	c.i = j
}

// posOf returns the position of offset off, counting from the start of src.
func (c *cursor) posOf(off int) position {
	head := c.src[:off]
	return position{1 + strings.Count(head, "\n"), off - (strings.LastIndexByte(head, '\n') + 1) + 1}
}

// sortWarnings orders warnings by position, keeping the order of equal positions.
func sortWarnings(ws []Warning) []Warning {
	less := func(a, b int) bool {
		if ws[a].Line != ws[b].Line {
			return ws[a].Line < ws[b].Line
		}
		return ws[a].Col < ws[b].Col
	}
	if !sort.SliceIsSorted(ws, less) {
		sort.SliceStable(ws, less)
	}
	return ws
}

// shorten returns s cut to at most n runes, with "…" when cut, for messages.
func shorten(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i] + "…"
		}
		count++
	}
	return s
}
