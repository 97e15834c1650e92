// Package parser reads an Alibaba Cloud API reference page (Markdown) into
// the raw parts of a spec.Page: title, description, OpenAPI Explorer link,
// request/response/error tables as rows, and the examples. goldmark gives the
// block structure (headings, code blocks, paragraphs); tables are reassembled
// from the source lines because real pages spread one row over many lines.
package parser

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cccgen/cccgen/spec"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Limits enforced on input, with a diagnostic rather than unbounded work.
const (
	MaxPageBytes = 8 << 20 // 8 MiB
	MaxCellBytes = 64 << 10
)

type blockKind int

const (
	bHeading blockKind = iota
	bCode
	bPara
)

type block struct {
	kind  blockKind
	level int    // headings
	text  string // heading text, code content, paragraph raw text
	info  string // fenced code info string
	line  int    // first line of the block (code: first content line)
	col   int
	end   int // last line
}

type section struct {
	kind  string // see classify
	title string
	head  block
	from  int // first line after the heading
	to    int // last line
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(gparser.WithHeadingAttribute()),
)

var (
	reAttr     = regexp.MustCompile(`\s*\{#[^}]*\}\s*$`)
	reExplorer = regexp.MustCompile(`api\.aliyun\.com/#/?\??([^)\s>"]*)`)
	reIdent    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	reValueIs  = regexp.MustCompile(`取值(?:为|是)?[:：]?\s*\**\s*([A-Za-z][A-Za-z0-9_]*)`)
	reParenID  = regexp.MustCompile(`^\(\s*([A-Za-z][A-Za-z0-9_]*)\s*\)$`)
	reMethod   = regexp.MustCompile(`^((?:GET|POST|PUT|DELETE|PATCH|HEAD)(?:\|(?:GET|POST|PUT|DELETE|PATCH|HEAD))*)\s+(\S+)`)
	reHTTPCode = regexp.MustCompile(`\d{3}`)
)

// Parse reads one page. It never fails: problems are diagnostics on the page,
// errors among them when the page cannot be used.
func Parse(file string, src []byte) *spec.Page {
	p := &spec.Page{File: file}
	errorf := func(line, col int, format string, args ...any) {
		p.Diagnostics = append(p.Diagnostics, spec.Diagnostic{Pos: spec.Pos{File: file, Line: line, Col: col}, Severity: spec.Error, Msg: sprintf(format, args...)})
	}
	if len(src) > MaxPageBytes {
		p.Diagnostics = append(p.Diagnostics, TooLarge(file, int64(len(src))))
		return p
	}
	if !utf8.Valid(src) {
		off := firstInvalidUTF8(src)
		s := newSrcLines(src)
		l, c := s.lineOf(off)
		errorf(l, c, "page is not valid UTF-8")
		return p
	}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		// A byte-order mark: read as three spaces, so columns stay true.
		src = append([]byte("   "), src[3:]...)
	}
	if strings.TrimFunc(string(src), isSpace) == "" {
		errorf(1, 1, "page is empty")
		return p
	}
	ps := &pageParser{file: file, src: src, lines: newSrcLines(src), page: p}
	ps.run()
	return p
}

// TooLarge is the diagnostic for a page over MaxPageBytes.
func TooLarge(file string, size int64) spec.Diagnostic {
	return spec.Diagnostic{Pos: spec.Pos{File: file, Line: 1, Col: 1}, Severity: spec.Error,
		Msg: sprintf("page is %d bytes, more than the %d-byte limit", size, MaxPageBytes)}
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

type pageParser struct {
	file   string
	src    []byte
	lines  *srcLines
	page   *spec.Page
	blocks []block
	secs   []section
}

func (ps *pageParser) pos(line, col int) spec.Pos {
	return spec.Pos{File: ps.file, Line: line, Col: col}
}

func (ps *pageParser) fail(line, col int, format string, args ...any) {
	ps.page.Diagnostics = append(ps.page.Diagnostics, spec.Diagnostic{Pos: ps.pos(line, col), Severity: spec.Error, Msg: sprintf(format, args...)})
}

func (ps *pageParser) segText(segs *text.Segments) (string, int, int, int) {
	var b strings.Builder
	first, col, last := 0, 0, 0
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		if i == 0 {
			first, col = ps.lines.lineOf(seg.Start)
		}
		last, _ = ps.lines.lineOf(seg.Start)
		b.Write(seg.Value(ps.src))
	}
	return b.String(), first, col, last
}

// forGoldmark returns the page with table-cell fence ends ("``` |") made
// into plain fence lines, byte for byte the same length, so that a fence
// closed inside a table row does not swallow the rest of the page.
func forGoldmark(src []byte) []byte {
	out := src
	copied := false
	start := 0
	for i := 0; i <= len(src); i++ {
		if i < len(src) && src[i] != '\n' {
			continue
		}
		line := src[start:i]
		t := strings.TrimLeft(string(line), " \t")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			off := start + len(line) - len(t)
			rest := strings.TrimLeft(t, "`~")
			if strings.Contains(rest, "|") {
				if !copied {
					out = append([]byte(nil), src...)
					copied = true
				}
				for j := off + len(t) - len(rest); j < i; j++ {
					out[j] = ' '
				}
			}
		}
		start = i + 1
	}
	return out
}

func (ps *pageParser) collectBlocks() {
	doc := md.Parser().Parse(text.NewReader(forGoldmark(ps.src)))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			t, l, c, e := ps.segText(n.Lines())
			ps.blocks = append(ps.blocks, block{kind: bHeading, level: n.Level, text: t, line: l, col: c, end: e})
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			t, l, c, e := ps.segText(n.Lines())
			info := ""
			if n.Info != nil {
				info = string(n.Info.Segment.Value(ps.src))
			}
			if l == 0 { // an empty block holds no example
				return ast.WalkSkipChildren, nil
			}
			ps.blocks = append(ps.blocks, block{kind: bCode, text: t, info: info, line: l, col: c, end: e})
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			t, l, c, e := ps.segText(n.Lines())
			ps.blocks = append(ps.blocks, block{kind: bCode, text: t, line: l, col: c, end: e})
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			t, l, c, e := ps.segText(n.Lines())
			if l > 0 {
				ps.blocks = append(ps.blocks, block{kind: bPara, text: t, line: l, col: c, end: e})
			}
			return ast.WalkSkipChildren, nil
		}
		if n.Kind().String() == "Table" {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func headingTitle(s string) string {
	s = reAttr.ReplaceAllString(s, "")
	return cleanInline(s)
}

// classify names what a section holds from its heading.
//
// The English pages (intl.en-US) have the same sections: Request
// parameters, Request header(s), RequestBody, Response parameters, Error
// codes, Examples, Request syntax (or structure), Debugging.
func classify(title string) string {
	t := strings.ReplaceAll(title, " ", "")
	en := strings.ToLower(t)
	switch {
	case strings.Contains(t, "请求参数"), en == "requestparameters", en == "requestparameter":
		return "request"
	case strings.Contains(t, "请求头"), en == "requestheaders", en == "requestheader":
		return "headers"
	case strings.EqualFold(t, "RequestBody"):
		return "body"
	case strings.Contains(t, "返回数据"), strings.Contains(t, "返回参数"), strings.Contains(t, "响应元素"), t == "回参数", strings.Contains(t, "返回结果"),
		en == "responseparameters", en == "responseparameter", en == "responseelements", en == "returnparameters", en == "returnparameter", en == "returndata":
		return "response"
	case strings.Contains(t, "错误码"), strings.Contains(t, "错误编码"), strings.Contains(t, "错误信息"), en == "errorcodes", en == "errorcode":
		return "errors"
	case strings.Contains(t, "示例"), en == "examples", en == "example":
		return "examples"
	case strings.Contains(t, "请求语法"), strings.Contains(t, "请求格式"), strings.Contains(t, "请求结构"), en == "requestsyntax", en == "requeststructure":
		return "syntax"
	case strings.Contains(t, "调试"), en == "debugging":
		return "debug"
	case reIdent.MatchString(t):
		return "struct"
	}
	return "other"
}

func (ps *pageParser) run() {
	ps.collectBlocks()
	last := ps.lines.count()
	var heads []block
	for _, b := range ps.blocks {
		if b.kind == bHeading {
			heads = append(heads, b)
		}
	}
	for i, h := range heads {
		title := headingTitle(h.text)
		kind := classify(title)
		to := last
		for _, h2 := range heads[i+1:] {
			// Request, body and response sections own their subsections (they
			// label sub-tables); any other section ends at the next heading.
			if h2.level <= h.level || !consumesSubsections(kind) {
				to = h2.line - 1
				break
			}
		}
		ps.secs = append(ps.secs, section{kind: kind, title: title, head: h, from: h.end + 1, to: to})
	}
	ps.titleAndDescription(heads)
	ps.explorerLink()
	ps.readTables()
	ps.readExamples()
	ps.readBodyExample()
	ps.readNotes()
	ps.readSyntax()
	ps.chooseAction(heads)
}

func (ps *pageParser) titleAndDescription(heads []block) {
	p := ps.page
	if len(heads) == 0 {
		return
	}
	h := heads[0]
	p.Title = headingTitle(h.text)
	end := ps.lines.count()
	if len(heads) > 1 {
		end = heads[1].line - 1
	}
	var parts []string
	for _, b := range ps.blocks {
		if b.kind == bPara && b.line > h.end && b.line <= end && !strings.Contains(b.text, "api.aliyun.com") {
			if t := cleanBlock(b.text); t != "" {
				parts = append(parts, t)
			}
		}
	}
	for _, s := range ps.secs {
		if len(parts) > 0 {
			break
		}
		if t := strings.ReplaceAll(s.title, " ", ""); t == "描述" || t == "接口说明" || t == "接口描述" || strings.EqualFold(t, "Description") {
			for _, b := range ps.blocks {
				if b.kind == bPara && b.line >= s.from && b.line <= s.to {
					if t := cleanBlock(b.text); t != "" {
						parts = append(parts, t)
					}
				}
			}
		}
	}
	p.Description = strings.Join(parts, "\n")
}

func (ps *pageParser) explorerLink() {
	m := reExplorer.FindSubmatchIndex(ps.src)
	if m == nil {
		return
	}
	q, err := url.ParseQuery(string(ps.src[m[2]:m[3]]))
	if err != nil {
		return
	}
	p := ps.page
	p.Product = q.Get("product")
	p.Version = q.Get("version")
	if t := strings.ToUpper(q.Get("type")); t == "RPC" || t == "ROA" {
		p.Style = spec.Style(t)
	}
	if a := q.Get("api"); reIdent.MatchString(a) {
		p.Action = a
		l, c := ps.lines.lineOf(m[0])
		p.ActionPos = ps.pos(l, c)
	}
}

// labelAt finds the label for a table starting at line: the nearest bold
// paragraph ("**数据类型 X**") or heading between from and line, or a short
// paragraph right before the table that ends with a colon ("全文索引配置包含如下信息：").
func (ps *pageParser) labelAt(from, line int) string {
	label := ""
	var last *block
	for i := range ps.blocks {
		b := &ps.blocks[i]
		if b.line < from || b.line >= line {
			continue
		}
		last = b
		switch b.kind {
		case bHeading:
			label = headingTitle(b.text)
		case bPara:
			t := strings.TrimSpace(b.text)
			if strings.HasPrefix(t, "**") && !strings.HasPrefix(t, "|") {
				label = cleanInline(t)
			}
		}
	}
	if last != nil && last.kind == bPara {
		t := strings.TrimSpace(cleanInline(last.text))
		if (strings.HasSuffix(t, "：") || strings.HasSuffix(t, ":")) && utf8.RuneCountInString(t) <= 40 && !strings.ContainsAny(t, "|\n") {
			label = t
		}
	}
	return label
}

func (ps *pageParser) readTables() {
	p := ps.page
	for ti, s := range ps.secs {
		switch s.kind {
		case "request", "headers", "body", "response", "errors", "struct", "other", "examples", "syntax":
		default:
			continue
		}
		// Subsections of a section are read with it; skip them as their own.
		if ps.insideReadSection(ti) {
			continue
		}
		sec := s
		tables := scanTables(ps.lines, sec.from, sec.to, func(line int) string { return ps.labelAt(sec.from, line) })
		for n, t := range tables {
			cols := mapColumns(t.header)
			if cols.isErrorTable() {
				ps.errorRows(t, cols)
				continue
			}
			if !cols.isFieldTable() {
				continue
			}
			kind := sec.kind
			label := t.label
			if kind == "struct" {
				kind, label = "response", sec.title
			}
			if kind == "request" && n > 0 && label != "" && ps.looksLikeResponseLabel(label) {
				kind = "response"
			}
			if kind == "request" && !cols.has(colPosition) && ps.bodyParagraph(sec.from, t.line) {
				// "RequestBody中需要填入以下参数": the table lists the body's
				// members, though it sits in the 请求参数 section.
				kind = "body"
			}
			if kind == "response" && ps.headersItem(sec.from, t.line) {
				// "-   响应头" then a table: HTTP response headers, not
				// fields of the body.
				continue
			}
			rows := ps.fieldRows(t, cols, n, label, kind)
			switch kind {
			case "request", "headers", "syntax":
				p.RequestRows = append(p.RequestRows, rows...)
			case "body":
				p.BodyRows = append(p.BodyRows, rows...)
			case "response":
				p.ResponseRows = append(p.ResponseRows, rows...)
			}
		}
	}
}

// bodyParagraph reports whether the paragraph right before the table at
// line, after any other table of the section, names the request body
// ("RequestBody中需要填入以下参数").
func (ps *pageParser) bodyParagraph(from, line int) bool {
	last := ""
	for _, b := range ps.blocks {
		if b.line < from || b.line >= line {
			continue
		}
		switch b.kind {
		case bPara:
			t := strings.TrimSpace(b.text)
			if strings.HasPrefix(t, "|") {
				last = "" // rows of an earlier table
				continue
			}
			last = t
		case bHeading, bCode:
			last = ""
		}
	}
	return strings.Contains(last, "RequestBody") || strings.Contains(last, "请求体")
}

// headersItem reports whether the table at line sits under a "响应头"
// (response headers) item of the section starting at from, rather than a
// "响应元素" (response elements) one.
func (ps *pageParser) headersItem(from, line int) bool {
	in := false
	for _, b := range ps.blocks {
		if b.line < from || b.line >= line || b.kind != bPara {
			continue
		}
		switch strings.TrimSpace(cleanInline(b.text)) {
		case "响应头", "返回头", "响应头部":
			in = true
		case "响应元素", "响应体", "返回体", "响应参数", "返回参数":
			in = false
		}
	}
	return in
}

func (ps *pageParser) looksLikeResponseLabel(label string) bool {
	return strings.Contains(label, "响应") || strings.Contains(label, "返回") || responseLabel(label)
}

// errorLabel reports whether an English example label introduces an error
// example ("Sample error responses").
func errorLabel(label string) bool {
	l := strings.ToLower(label)
	return strings.Contains(l, "error") || strings.Contains(l, "fail") || strings.Contains(l, "exception")
}

// responseLabel reports whether an English example label introduces a
// response ("Sample success responses", "Normal return example").
func responseLabel(label string) bool {
	l := strings.ToLower(label)
	return strings.Contains(l, "response") || strings.Contains(l, "return")
}

func consumesSubsections(kind string) bool {
	switch kind {
	case "request", "headers", "body", "response":
		return true
	}
	return false
}

// insideReadSection reports whether section i lies inside an earlier section
// whose tables are read as a whole.
func (ps *pageParser) insideReadSection(i int) bool {
	s := ps.secs[i]
	for j := 0; j < i; j++ {
		o := ps.secs[j]
		if consumesSubsections(o.kind) && o.head.level < s.head.level && s.head.line >= o.from && s.head.line <= o.to {
			return true
		}
	}
	return false
}

// nameDepth strips the └ markers and EM-space indentation from a name cell
// and returns the depth they hint.
func nameDepth(raw string) (string, int) {
	s := raw
	em, marks := 0, 0
	for {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == '\u2003' || r == '\u3000':
			em++
		case r == '└' || r == '├':
			marks++
		case r == ' ' || r == '\t' || r == '\u00a0' || r == '\u2002':
		default:
			return s, marks + em/2
		}
		s = s[n:]
	}
}

func (ps *pageParser) fieldRows(t *rawTable, cols columns, table int, label string, kind string) []spec.Row {
	header := kind == "headers"
	var rows []spec.Row
	for _, cells := range t.rows {
		cells = cols.fit(cells)
		name, _ := cols.get(cells, colName)
		rawName := unescape(strings.ReplaceAll(strings.ReplaceAll(name.text, "**", ""), "`", ""))
		rawName = strings.TrimLeft(rawName, " \t\n")
		nm, depth := nameDepth(rawName)
		nm = cleanInline(nm)
		if nm == "" {
			// A body row without a name (| |Array|Body|…|) stands for the
			// body itself; the resolver reads it with the rows after it.
			// Only in a request table, the one place it is read.
			pos, ok := cols.get(cells, colPosition)
			if kind != "request" || !ok || !strings.EqualFold(cleanInline(pos.text), "Body") {
				continue
			}
		}
		if typ, ok := cols.get(cells, colType); ok && columnRole(nm) == colName && columnRole(typ.text) == colType {
			continue // the header of a following table without a separator row
		}
		for _, c := range cells {
			if len(c.text) > MaxCellBytes {
				ps.fail(c.line, c.col, "table cell is %d bytes, more than the %d-byte limit", len(c.text), MaxCellBytes)
				return rows
			}
		}
		r := spec.Row{Name: nm, Depth: depth, Table: table, TableLabel: label, Pos: ps.pos(name.line, name.col)}
		if c, ok := cols.get(cells, colType); ok {
			r.Type = cleanInline(c.text)
		}
		if c, ok := cols.get(cells, colRequired); ok {
			r.Required = cleanInline(c.text)
		}
		if c, ok := cols.get(cells, colExample); ok {
			r.Example = cleanInline(c.text)
		}
		if c, ok := cols.get(cells, colDesc); ok {
			r.Description = cleanBlock(c.text)
		}
		if c, ok := cols.get(cells, colPosition); ok {
			r.Position = cleanInline(c.text)
		}
		if header && r.Position == "" {
			r.Position = "Header"
		}
		rows = append(rows, r)
	}
	return rows
}

func (ps *pageParser) errorRows(t *rawTable, cols columns) {
	for _, cells := range t.rows {
		cells = cols.fit(cells)
		code, _ := cols.get(cells, colErrCode)
		e := spec.ErrorCode{Code: cleanInline(code.text), Pos: ps.pos(code.line, code.col)}
		if e.Code == "" {
			continue
		}
		if c, ok := cols.get(cells, colHTTP); ok {
			if m := reHTTPCode.FindString(cleanInline(c.text)); m != "" {
				e.HTTPStatus, _ = strconv.Atoi(m)
			}
		}
		msg, hasMsg := cols.get(cells, colErrMessage)
		desc, hasDesc := cols.get(cells, colDesc)
		sem, hasSem := cols.get(cells, colSemantics)
		switch {
		case hasMsg:
			e.Message = cleanInline(msg.text)
			if hasDesc {
				e.Description = cleanBlock(desc.text)
			} else if hasSem {
				e.Description = cleanBlock(sem.text)
			}
		case hasDesc: // old layout: 错误代码|描述|HTTP状态码|语义
			e.Message = cleanInline(desc.text)
			if hasSem {
				e.Description = cleanBlock(sem.text)
			}
		}
		ps.page.Errors = append(ps.page.Errors, e)
	}
}

// readExamples takes the request example and the first JSON and XML response
// examples; blocks introduced as error examples are skipped.
func (ps *pageParser) readExamples() {
	p := ps.page
	have := map[spec.ExampleKind]bool{}
	for _, s := range ps.secs {
		if s.kind != "examples" {
			continue
		}
		label := ""
		for _, b := range ps.blocks {
			if b.line < s.from || b.line > s.to {
				continue
			}
			if b.kind == bPara || b.kind == bHeading {
				label = b.text
				continue
			}
			if b.kind != bCode {
				continue
			}
			if strings.Contains(label, "错误") || strings.Contains(label, "异常") || strings.Contains(label, "失败") || errorLabel(label) {
				continue
			}
			k := exampleKind(b.text, b.info, label)
			if k == "" || have[k] {
				continue
			}
			have[k] = true
			p.Examples = append(p.Examples, spec.Example{Kind: k, Text: b.text, Pos: ps.pos(b.line, b.col)})
			if k == spec.RequestExample {
				ps.exampleHost(b)
			}
		}
	}
}

var (
	reListNumber = regexp.MustCompile(`^\d{1,3}[.)]\s+`)
	reSchemes    = regexp.MustCompile(`(?i)^(?:https?(?:\(s\))?://)+`)
)

// exampleHost records the host of the request example's target, on its
// first non-empty line after a list number ("1. ") and an HTTP method: a URL
// (https://sts.aliyuncs.com?Action=…, http(s)://ecs.aliyuncs.com/?…,
// https://http://dcdn.aliyuncs.com…), or a host without a scheme when it
// ends in aliyuncs.com. A host run into the query (dcdn.aliyuncs.comAction=…)
// ends after aliyuncs.com; a placeholder ([Endpoint]) is no host.
func (ps *pageParser) exampleHost(b block) {
	for k, l := range strings.Split(b.text, "\n") {
		l = strings.TrimRight(l, "\r")
		t := strings.TrimLeftFunc(l, isSpace)
		if t == "" {
			continue
		}
		t = strings.TrimPrefix(t, reListNumber.FindString(t))
		if m := reMethod.FindStringSubmatchIndex(t); m != nil {
			t = t[m[4]:] // the target
		}
		scheme := reSchemes.FindString(t)
		t = t[len(scheme):]
		n := 0
		for n < len(t) && isHostByte(t[n]) {
			n++
		}
		host := t[:n]
		const suffix = ".aliyuncs.com"
		i := strings.Index(strings.ToLower(host), suffix)
		switch {
		case i >= 0:
			host = host[:i+len(suffix)]
		case scheme == "":
			return // not a URL: a path, a method alone, parameters
		}
		host = strings.Trim(host, ".")
		if !strings.Contains(host, ".") {
			return
		}
		off := len(l) - len(t) // the host's byte offset in the block's line
		line, col := b.line+k, 0
		if src := ps.lines.text(line); strings.HasSuffix(src, l) {
			col = len(src) - len(l) + off + 1
		} else if j := strings.Index(src, host); j >= 0 {
			col = j + 1
		} else {
			line, col = b.line, b.col
		}
		ps.page.ExampleHost = host
		ps.page.ExampleHostPos = ps.pos(line, col)
		return
	}
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '*'
}

// readBodyExample keeps the first JSON code block of a RequestBody section
// (or of the request section after a paragraph naming the body).
func (ps *pageParser) readBodyExample() {
	for _, s := range ps.secs {
		if s.kind != "body" && s.kind != "request" {
			continue
		}
		for _, b := range ps.blocks {
			if b.kind != bCode || b.line < s.from || b.line > s.to {
				continue
			}
			t := strings.TrimSpace(b.text)
			if !strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "{") {
				continue
			}
			if s.kind == "request" && !ps.bodyRowBefore(b.line) {
				continue // a request section's code block after a body table only
			}
			ps.page.Examples = append(ps.page.Examples, spec.Example{Kind: spec.BodyExample, Text: b.text, Pos: ps.pos(b.line, b.col)})
			return
		}
	}
}

// bodyRowBefore reports a body row read before line.
func (ps *pageParser) bodyRowBefore(line int) bool {
	for _, r := range ps.page.BodyRows {
		if r.Pos.Line < line {
			return true
		}
	}
	return false
}

// readNotes keeps the paragraphs of the response and example sections.
func (ps *pageParser) readNotes() {
	for _, s := range ps.secs {
		if s.kind != "response" && s.kind != "examples" {
			continue
		}
		for _, b := range ps.blocks {
			if b.kind != bPara || b.line < s.from || b.line > s.to {
				continue
			}
			if strings.HasPrefix(strings.TrimSpace(b.text), "|") {
				continue // rows of a table goldmark did not take for one
			}
			if t := cleanBlock(b.text); t != "" {
				ps.page.Notes = append(ps.page.Notes, spec.Note{Text: t, Section: s.kind, Pos: ps.pos(b.line, b.col)})
			}
		}
	}
}

func exampleKind(body, info, label string) spec.ExampleKind {
	t := strings.TrimLeftFunc(body, isSpace)
	switch {
	case t == "":
		return ""
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		return spec.JSONExample
	case strings.HasPrefix(t, "<"):
		return spec.XMLExample
	case strings.HasPrefix(t, "//") && strings.Contains(t, "{"):
		return spec.JSONExample
	case strings.HasPrefix(t, "HTTP/"):
		return httpExampleKind(t)
	case reMethod.MatchString(t), strings.HasPrefix(t, "http"), strings.Contains(t, "Action="), strings.Contains(label, "请求示例"),
		strings.Contains(strings.ToLower(label), "sample request"), strings.Contains(strings.ToLower(label), "request example"):
		return spec.RequestExample
	case (strings.Contains(label, "返回") || strings.Contains(label, "响应") || responseLabel(label)) && strings.ContainsAny(t, "{["):
		// Raw HTTP: "Header: {...} Body : [...]"; the example reader skips to the body.
		return spec.JSONExample
	}
	return ""
}

// httpExampleKind classifies a raw HTTP response ("HTTP/1.1 200 OK",
// header lines, a blank line, the body) by its body's first character,
// else by its Content-Type header, else by the first brace or angle
// bracket: header values ("Content-Type:application/xml") and XML text
// ("<Ids>{[1,2]}</Ids>") hold both.
func httpExampleKind(t string) spec.ExampleKind {
	lines := strings.Split(t, "\n")
	body := -1
	ctype := ""
	for i, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if l == "" {
			body = i + 2
			break
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			body = i + 1 // no blank line: the body starts at the first non-header line
			break
		}
		if strings.EqualFold(strings.TrimSpace(k), "Content-Type") {
			ctype = strings.ToLower(v)
		}
	}
	if body > 0 && body < len(lines) {
		b := strings.TrimLeftFunc(strings.Join(lines[body:], "\n"), isSpace)
		switch {
		case strings.HasPrefix(b, "{") || strings.HasPrefix(b, "["):
			return spec.JSONExample
		case strings.HasPrefix(b, "<"):
			return spec.XMLExample
		}
	}
	switch {
	case strings.Contains(ctype, "json"):
		return spec.JSONExample
	case strings.Contains(ctype, "xml"):
		return spec.XMLExample
	}
	i, j := strings.IndexAny(t, "{["), strings.IndexByte(t, '<')
	switch {
	case i >= 0 && (j < 0 || i < j):
		return spec.JSONExample
	case j >= 0:
		return spec.XMLExample
	}
	return ""
}

// readSyntax reads the ROA method and path from the 请求语法 section. A
// block that speaks the Log Service protocol (an x-log-* header or
// "Authorization: LOG") marks the page SLS, and its Host header, query,
// Content-Type and body are kept for the resolver.
func (ps *pageParser) readSyntax() {
	p := ps.page
	for _, s := range ps.secs {
		if s.kind != "syntax" {
			continue
		}
		for _, b := range ps.blocks {
			if b.kind != bCode || b.line < s.from || b.line > s.to {
				continue
			}
			lines := strings.Split(strings.TrimSpace(b.text), "\n")
			first := strings.TrimSpace(lines[0])
			m := reMethod.FindStringSubmatch(first)
			if m == nil {
				continue
			}
			// "PATCH|POST": the first method the page names.
			p.Method = spec.Method(strings.SplitN(m[1], "|", 2)[0])
			target := unescape(m[2])
			host, rest := splitHost(target)
			p.Path = normalisePath(rest)
			p.PathPos = ps.pos(b.line, b.col)
			_, query, _ := strings.Cut(rest, "?")
			if host != "" {
				p.Host = host
				p.SyntaxQuery = query
			}
			if speaksSLS(lines[1:]) {
				p.Style = "SLS"
				p.SyntaxQuery = query
				ps.readSLSBlock(lines[1:])
			}
			if p.Style == "" {
				p.Style = "ROA"
				p.SyntaxHeaders = syntaxHeaders(lines[1:])
			}
			return
		}
	}
}

// reHeaderLine matches a header line of a request syntax block.
var reHeaderLine = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*)\s*:\s*\S`)

// syntaxHeaders names the header lines that follow the request line of a
// ROA 请求语法 block, up to the first other line, leaving out HTTP's own
// (Host, Content-Type, Date, …). Which of them are request parameters is
// the resolver's to say: those a request row names.
func syntaxHeaders(lines []string) []string {
	var out []string
	for _, l := range lines {
		m := reHeaderLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			break
		}
		switch strings.ToLower(m[1]) {
		case "host", "content-type", "content-length", "content-md5", "date", "accept", "accept-encoding", "user-agent", "connection":
			continue
		}
		out = append(out, m[1])
	}
	return out
}

// speaksSLS reports whether the header lines of a 请求语法 block are Log
// Service's: an x-log-* header, or Authorization: LOG.
func speaksSLS(lines []string) bool {
	for _, l := range lines {
		k, v, ok := strings.Cut(strings.TrimSpace(l), ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.Trim(strings.TrimSpace(k), "'\""))
		if strings.HasPrefix(k, "x-log-") || k == "authorization" && strings.HasPrefix(strings.TrimSpace(v), "LOG ") {
			return true
		}
	}
	return false
}

// readSLSBlock reads the Host and Content-Type headers and the body (from
// the first line opening a JSON value) of an SLS 请求语法 block.
func (ps *pageParser) readSLSBlock(lines []string) {
	p := ps.page
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			p.SyntaxBody = unescape(strings.TrimSpace(strings.Join(lines[i:], "\n")))
			return
		}
		k, v, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "host":
			if p.Host == "" {
				p.Host = v
			}
		case "content-type":
			if p.ContentType == "" && strings.Contains(v, "/") {
				p.ContentType = v
			}
		}
	}
}

// splitHost separates the host of a request target: a full URL
// (https://sls.aliyuncs.com/?…) or a host before the path
// (ProjectName.Endpoint/logstores/…).
func splitHost(t string) (host, rest string) {
	if i := strings.Index(t, "://"); i > 0 && !strings.ContainsAny(t[:i], "/?") {
		t = t[i+3:]
		j := strings.IndexAny(t, "/?")
		if j < 0 {
			return t, "/"
		}
		return t[:j], t[j:]
	}
	if i := strings.IndexByte(t, '/'); i > 0 && !strings.ContainsAny(t[:i], "?{[<") && strings.Contains(t[:i], ".") {
		return t[:i], t[i:]
	}
	return "", t
}

var rePlaceholder = regexp.MustCompile(`\[([A-Za-z_][A-Za-z0-9_]*)\]|<([A-Za-z_][A-Za-z0-9_]*)>|\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// normalisePath writes the path placeholders of 请求语法 ([ResId], <name>,
// {name}) as {Name}, drops a query string and a host prefix.
func normalisePath(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if i := strings.IndexByte(p, '/'); i > 0 {
		p = p[i:] // a host prefix: ProjectName.Endpoint/logstores/…
	} else if i < 0 {
		p = "/" + p
	}
	return rePlaceholder.ReplaceAllStringFunc(p, func(m string) string {
		return "{" + strings.Trim(m, "[]<>{}") + "}"
	})
}

// requestEvidence reports whether the page documents an API call: a request
// syntax, a request parameter or body table, a request example, or a
// request or response section (a page that has one but no Action is an
// API page with an error, not a file to skip).
func (ps *pageParser) requestEvidence() bool {
	p := ps.page
	if p.Path != "" || len(p.RequestRows) > 0 || len(p.BodyRows) > 0 {
		return true
	}
	for _, sec := range ps.secs {
		if sec.kind == "request" || sec.kind == "body" || sec.kind == "syntax" || sec.kind == "response" {
			return true
		}
	}
	for _, e := range p.Examples {
		if e.Kind == spec.RequestExample {
			return true
		}
	}
	return false
}

// signingRows counts the rows of the common signing parameters.
func signingRows(rows []spec.Row) int {
	n := 0
	for _, r := range rows {
		switch r.Name {
		case "AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp":
			n++
		}
	}
	return n
}

func (ps *pageParser) chooseAction(heads []block) {
	p := ps.page
	var actionRow *spec.Row
	for i := range p.RequestRows {
		if p.RequestRows[i].Name == "Action" {
			actionRow = &p.RequestRows[i]
			break
		}
	}
	if p.Style == "" {
		p.Style = "RPC"
	}
	if p.Version == "" {
		for _, r := range p.RequestRows {
			if r.Name == "Version" && r.Example != "" {
				p.Version = r.Example
			}
		}
	}
	if p.Action != "" {
		if actionRow != nil && actionRow.Example != "" && reIdent.MatchString(actionRow.Example) && actionRow.Example != p.Action {
			ps.fail(actionRow.Pos.Line, actionRow.Pos.Col, "page names two different Actions: %s in the OpenAPI Explorer link at %s and %s in the Action row", p.Action, p.ActionPos, actionRow.Example)
		}
		return
	}
	if n := signingRows(p.RequestRows); n >= 3 {
		// 公共参数: the parameters every request carries, signing included.
		p.NotAPI = true
		ps.fail(1, 1, "not an API reference page: its parameter table lists the common request parameters (%d of AccessKeyId, Signature, SignatureMethod, SignatureNonce, SignatureVersion, Timestamp) and no OpenAPI Explorer link names an API", n)
		return
	}
	if actionRow != nil {
		cand := ""
		if reIdent.MatchString(actionRow.Example) {
			cand = actionRow.Example
		} else if m := reValueIs.FindStringSubmatch(actionRow.Description); m != nil {
			cand = m[1]
		} else {
			for _, w := range strings.FieldsFunc(actionRow.Description, func(r rune) bool {
				return !(r < 128 && (r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'))
			}) {
				if reIdent.MatchString(w) && w != "Action" && w[0] >= 'A' && w[0] <= 'Z' {
					cand = w
					break
				}
			}
		}
		if cand != "" {
			p.Action = cand
			p.ActionPos = actionRow.Pos
			return
		}
	}
	if actionRow == nil && !ps.requestEvidence() {
		p.NotAPI = true
		ps.fail(1, 1, "not an API reference page: no OpenAPI Explorer link, no Action row, no request syntax, request or response section, and no request example")
		return
	}
	for _, h := range heads {
		t := headingTitle(h.text)
		if reIdent.MatchString(t) && classify(t) == "struct" && h == heads[0] {
			p.Action = t
			p.ActionPos = ps.pos(h.line, h.col)
			return
		}
		if m := reParenID.FindStringSubmatch(t); m != nil {
			p.Action = m[1]
			p.ActionPos = ps.pos(h.line, h.col)
			return
		}
	}
	ps.fail(1, 1, "cannot tell the API's Action: no OpenAPI Explorer link, no Action row and no identifier title")
}
