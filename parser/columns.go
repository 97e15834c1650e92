package parser

import "strings"

// role is what a table column holds.
type role int

const (
	colUnknown role = iota
	colName
	colType
	colRequired
	colExample
	colDesc
	colPosition
	colErrCode
	colErrMessage
	colHTTP
	colSemantics
)

func normHeader(s string) string {
	s = cleanInline(s)
	s = strings.ReplaceAll(s, " ", "")
	return strings.ToLower(s)
}

// columnRole names the role of one header cell. Real headers vary in words
// (名称/参数/参数名称, 类型/数据类型, 是否必选/必填/…) and in order; the
// English pages say Parameter, Type, Required, Example, Description.
func columnRole(h string) role {
	n := normHeader(h)
	switch {
	case n == "":
		return colUnknown
	case strings.Contains(n, "http") || strings.Contains(n, "状态码") || strings.Contains(n, "返回码") || n == "httpcode":
		return colHTTP
	case strings.Contains(n, "errorcode") || strings.Contains(n, "错误码") || strings.Contains(n, "错误代码") || strings.Contains(n, "错误编码"):
		return colErrCode
	case strings.Contains(n, "errormessage") || strings.Contains(n, "错误信息") || strings.Contains(n, "错误消息") || strings.HasPrefix(n, "message"):
		return colErrMessage
	case n == "语义":
		return colSemantics
	case strings.Contains(n, "位置"), n == "position", n == "location":
		return colPosition
	case strings.Contains(n, "必") || n == "required" || n == "requiredornot" || n == "mandatory":
		return colRequired
	case strings.Contains(n, "示例"), n == "example", n == "examplevalue", n == "examplevalues", n == "examples", n == "instancevalue", n == "sample", n == "samplevalue", n == "value":
		return colExample
	case strings.Contains(n, "类型"), n == "type", n == "datatype":
		return colType
	case strings.Contains(n, "描述"), strings.Contains(n, "说明"), strings.Contains(n, "含义"), n == "备注", n == "description", n == "remarks":
		return colDesc
	case strings.Contains(n, "名称"), n == "参数", n == "参数名", n == "名字", n == "name", n == "key", n == "字段",
		n == "parameter", n == "parameters", n == "parametername", n == "field", n == "fieldname":
		return colName
	}
	return colUnknown
}

// columns maps roles to column indexes for one table.
type columns struct {
	idx map[role]int
	n   int
}

func mapColumns(header []rawCell) columns {
	c := columns{idx: map[role]int{}, n: len(header)}
	for i, h := range header {
		r := columnRole(h.text)
		if r == colUnknown {
			continue
		}
		if _, dup := c.idx[r]; dup {
			if r == colDesc { // 字段含义 … 备注: the first description wins
				continue
			}
		}
		c.idx[r] = i
	}
	return c
}

func (c columns) has(r role) bool { _, ok := c.idx[r]; return ok }

// isErrorTable: a table naming error codes.
func (c columns) isErrorTable() bool { return c.has(colErrCode) }

// isFieldTable: a table of parameters or response fields.
func (c columns) isFieldTable() bool {
	return c.has(colName) && (c.has(colType) || c.has(colRequired) || c.has(colExample))
}

// fit lays a row's cells onto the header: a row with more cells than the
// header has unescaped pipes inside its description, so the surplus cells are
// joined back into that column; a short row is padded.
func (c columns) fit(cells []rawCell) []rawCell {
	if len(cells) == c.n || c.n == 0 {
		return cells
	}
	if len(cells) < c.n {
		out := append([]rawCell(nil), cells...)
		for len(out) < c.n {
			out = append(out, rawCell{})
		}
		return out
	}
	join := c.n - 1
	if d, ok := c.idx[colDesc]; ok {
		join = d
	} else if d, ok := c.idx[colErrMessage]; ok {
		join = d
	}
	extra := len(cells) - c.n
	out := append([]rawCell(nil), cells[:join]...)
	var parts []string
	for _, x := range cells[join : join+extra+1] {
		parts = append(parts, x.text)
	}
	merged := cells[join]
	merged.text = strings.Join(parts, "|")
	out = append(out, merged)
	out = append(out, cells[join+extra+1:]...)
	return out
}

func (c columns) get(cells []rawCell, r role) (rawCell, bool) {
	i, ok := c.idx[r]
	if !ok || i >= len(cells) {
		return rawCell{}, false
	}
	return cells[i], true
}
