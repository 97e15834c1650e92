package parser

import (
	"strings"
)

// rawCell is one table cell as written, with the position of its first byte.
type rawCell struct {
	text      string
	line, col int
}

// rawTable is a table reassembled from source lines: real pages split rows
// over many lines, put one header cell per line, omit the separator row,
// indent tables inside list items and put fenced code inside cells.
type rawTable struct {
	header []rawCell
	rows   [][]rawCell
	line   int // first line (1-based)
	label  string
}

// srcLines is the page split into lines, with their starting byte offsets.
type srcLines struct {
	src   []byte
	start []int // start[i] is the offset of line i+1
}

func newSrcLines(src []byte) *srcLines {
	s := &srcLines{src: src, start: []int{0}}
	for i, b := range src {
		if b == '\n' {
			s.start = append(s.start, i+1)
		}
	}
	return s
}

// lineOf returns the 1-based line and column of byte offset off.
func (s *srcLines) lineOf(off int) (line, col int) {
	lo, hi := 0, len(s.start)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.start[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, off - s.start[lo] + 1
}

// text returns line n (1-based) without its newline.
func (s *srcLines) text(n int) string {
	if n < 1 || n > len(s.start) {
		return ""
	}
	b := s.start[n-1]
	e := len(s.src)
	if n < len(s.start) {
		e = s.start[n] - 1
	}
	if e > b && s.src[e-1] == '\r' {
		e--
	}
	return string(s.src[b:e])
}

func (s *srcLines) count() int { return len(s.start) }

func isFence(trimmed string) bool {
	return strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")
}

// endsWithPipe reports whether line ends with an unescaped '|'.
func endsWithPipe(line string) bool {
	t := strings.TrimRight(line, " \t\u00a0\u3000\u2003")
	if !strings.HasSuffix(t, "|") {
		return false
	}
	bs := 0
	for i := len(t) - 2; i >= 0 && t[i] == '\\'; i-- {
		bs++
	}
	return bs%2 == 0
}

// rowBuilder splits the text of one logical row into cells across lines.
type rowBuilder struct {
	cells   []rawCell
	cur     strings.Builder
	curLine int
	curCol  int
	open    bool // a cell has started (after a '|')
	inFence bool
}

func (r *rowBuilder) addLine(ln int, line string) {
	trimmed := strings.TrimSpace(line)
	if r.inFence || isFence(trimmed) {
		if isFence(trimmed) {
			r.inFence = !r.inFence
		}
		if r.open {
			r.cur.WriteString(line)
			r.cur.WriteByte('\n')
		}
		return
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '\\' && i+1 < len(line) {
			if r.open {
				r.cur.WriteByte(c)
				r.cur.WriteByte(line[i+1])
			}
			i++
			continue
		}
		if c == '|' {
			if r.open {
				r.cells = append(r.cells, rawCell{text: r.cur.String(), line: r.curLine, col: r.curCol})
				r.cur.Reset()
			}
			r.open = true
			r.curLine, r.curCol = ln, i+2
			continue
		}
		if r.open {
			if r.cur.Len() == 0 && (c == ' ' || c == '\t') {
				r.curCol = i + 2
				continue
			}
			r.cur.WriteByte(c)
		}
	}
	if r.open {
		r.cur.WriteByte('\n')
	}
}

// finish closes the row; text after the last '|' that is only white space is dropped.
func (r *rowBuilder) finish() []rawCell {
	if r.open && strings.TrimSpace(r.cur.String()) != "" {
		r.cells = append(r.cells, rawCell{text: r.cur.String(), line: r.curLine, col: r.curCol})
	}
	return r.cells
}

func isSeparatorRow(cells []rawCell) bool {
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		t := strings.TrimSpace(c.text)
		t = strings.Trim(t, ":")
		if t == "" || strings.Trim(t, "-") != "" {
			return false
		}
	}
	return true
}

// scanTables finds the tables between lines from and to (inclusive, 1-based),
// skipping fenced code blocks outside tables. labelOf gives the label in force at a line.
func scanTables(s *srcLines, from, to int, labelOf func(line int) string) []*rawTable {
	var tables []*rawTable
	var t *rawTable
	inFence := false
	ln := from
	nextNonBlank := func(after int) string {
		for k := after + 1; k <= to; k++ {
			if tt := strings.TrimSpace(s.text(k)); tt != "" {
				return tt
			}
		}
		return ""
	}
	for ln <= to {
		line := s.text(ln)
		trimmed := strings.TrimLeft(line, " \t")
		tt := strings.TrimSpace(line)
		if inFence {
			if isFence(tt) {
				inFence = false
			}
			ln++
			continue
		}
		if !strings.HasPrefix(trimmed, "|") {
			if isFence(tt) {
				inFence = true
				t = nil
			} else if tt != "" {
				t = nil
			}
			ln++
			continue
		}
		// A row starts here.
		want := 0
		if t != nil {
			want = len(t.header)
		}
		var rb rowBuilder
		end := ln
		for k := ln; k <= to; k++ {
			l := s.text(k)
			if k > ln && !rb.inFence && !rb.open {
				break
			}
			rb.addLine(k, l)
			end = k
			if rb.inFence || !endsWithPipe(l) {
				continue
			}
			n := len(rb.cells)
			if t == nil || n >= want {
				break
			}
			// A short row: it ends here if the next line starts a new row.
			if strings.HasPrefix(nextNonBlank(k), "|") && !startsMidRow(s, k, to) {
				break
			}
		}
		cells := rb.finish()
		ln = end + 1
		if t == nil {
			t = &rawTable{header: cells, line: cells0Line(cells, ln)}
			if labelOf != nil {
				t.label = labelOf(t.line)
			}
			tables = append(tables, t)
			continue
		}
		if isSeparatorRow(cells) {
			if len(t.rows) > 0 {
				// The row above was the header of a new table.
				hdr := t.rows[len(t.rows)-1]
				t.rows = t.rows[:len(t.rows)-1]
				t = &rawTable{header: hdr, line: cells0Line(hdr, ln)}
				if labelOf != nil {
					t.label = labelOf(t.line)
				}
				tables = append(tables, t)
			}
			continue
		}
		if len(cells) == 0 {
			continue
		}
		t.rows = append(t.rows, cells)
	}
	return tables
}

func cells0Line(cells []rawCell, fallback int) int {
	if len(cells) > 0 {
		return cells[0].line
	}
	return fallback
}

// startsMidRow is a guard for the short-row rule: a next line that is a bare
// closing '|' belongs to the current row.
func startsMidRow(s *srcLines, k, to int) bool {
	for j := k + 1; j <= to; j++ {
		tt := strings.TrimSpace(s.text(j))
		if tt == "" {
			continue
		}
		return tt == "|"
	}
	return false
}
