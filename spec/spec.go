// Package spec is cccgen's intermediate model of an API reference page: plain
// data in document order, serialisable to JSON. The parser fills the raw parts
// (rows, examples, error codes); the resolver fills the typed request and
// response trees. Nothing here knows about Markdown or Go code generation.
package spec

import (
	"fmt"
	"sort"
)

// Pos is where something came from: file, 1-based line and column (bytes).
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity of a diagnostic.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one problem found in a page.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	// Kind classifies a warning (see DiagKind); errors have none.
	Kind DiagKind `json:"kind,omitempty"`
	Msg  string   `json:"msg"`
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return fmt.Sprintf("%s: warning: %s", d.Pos, d.Msg)
	}
	return fmt.Sprintf("%s: %s", d.Pos, d.Msg)
}

// SortDiagnostics orders diagnostics by file, line, column, then message.
func SortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Pos, ds[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return ds[i].Msg < ds[j].Msg
	})
}

// HasErrors reports whether any diagnostic is an error.
func HasErrors(ds []Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Endpoint is where and how a page's API is called. The parser fills what
// the page says (the OpenAPI Explorer link, 请求语法); resolve.Page gives
// a ROA or SLS page without method or path GET and "/", resolve.Package
// the product and version a page names none of; nothing downstream fills
// defaults.
type Endpoint struct {
	Product string `json:"product,omitempty"` // the endpoint product code, from the OpenAPI Explorer link (e.g. "CCC") or resolve.Package; "" leaves the client needing Config.Endpoint
	Version string `json:"version,omitempty"` // API version, e.g. "2017-07-05"
	Style   Style  `json:"style,omitempty"`   // always set by the parser on an API page (RPC unless the page says ROA or SLS)
	Method  Method `json:"method,omitempty"`  // ROA, SLS: HTTP method from 请求语法 (resolve.Page: GET when none)
	// Path is the ROA/SLS path template from 请求语法, placeholders as
	// {Name}; for SLS it keeps the fixed query (/logstores/{logstoreName}?type=log).
	// resolve.Page gives a ROA or SLS page that names none "/".
	Path string `json:"path,omitempty"`
}

// Page is one API reference page.
type Page struct {
	File        string `json:"file"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Action      string `json:"action"`
	// GoName is the Go name of the API (its client method, and the stem of
	// its types and file) when its Action alone would collide: gen plans it
	// for an Action that another product of the same run also has. "" is
	// the Action's own exported name.
	GoName    string `json:"goName,omitempty"`
	ActionPos Pos    `json:"actionPos"`
	// Endpoint is where and how the API is called: product, version,
	// style, method and path (embedded: its fields read as the page's, and
	// -spec writes them at the page's level).
	Endpoint
	PathPos Pos `json:"pathPos,omitempty"`
	// Host is the host of 请求语法: the Host header (ProjectName.Endpoint)
	// or the host of a full URL (GET https://sls.aliyuncs.com/?…).
	Host string `json:"host,omitempty"`
	// SyntaxQuery is the query of the 请求语法 line as written (placeholders
	// and fixed values alike); the resolver tells them apart.
	SyntaxQuery string `json:"syntaxQuery,omitempty"`
	// SyntaxBody is the body of the 请求语法 block (SLS: a JSON sketch
	// such as {"logstoreName": <name>, …}) and ContentType its Content-Type header.
	SyntaxBody  string `json:"syntaxBody,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	// SyntaxHeaders are the names of the header lines of a ROA 请求语法
	// block other than HTTP's own (Cookie in "Cookie: Cookie"), in order:
	// the request parameters of those names travel as headers.
	SyntaxHeaders []string `json:"syntaxHeaders,omitempty"`
	// ExampleHost is the host of the request example's URL as the page
	// writes it (https://sts.aliyuncs.com?Action=… gives sts.aliyuncs.com),
	// and ExampleHostPos where it starts; "" when the example names none
	// (http(s)://[Endpoint]/?…, a bare path). A page filed under another
	// product's documentation shows its own product's host here.
	ExampleHost    string `json:"exampleHost,omitempty"`
	ExampleHostPos Pos    `json:"exampleHostPos,omitempty"`

	// Raw table rows in document order.
	RequestRows  []Row `json:"requestRows,omitempty"`
	BodyRows     []Row `json:"bodyRows,omitempty"`
	ResponseRows []Row `json:"responseRows,omitempty"`

	Examples []Example   `json:"examples,omitempty"`
	Errors   []ErrorCode `json:"errors,omitempty"`
	// Notes are the paragraphs of the response and example sections outside
	// tables and code, such as a note that the examples show more than the
	// table guarantees.
	Notes []Note `json:"notes,omitempty"`

	// Resolved model. After resolve.Page an API page without errors has
	// both: Request is the root struct <Action>Request whose Fields are the
	// top-level parameters (none: no fields), Response the response's root.
	Request  *Field `json:"request,omitempty"`
	Response *Field `json:"response,omitempty"`
	// XMLRooted tells whether the XML example has a root element around the
	// response fields (false: the top-level fields stand bare).
	XMLRooted bool `json:"xmlRooted,omitempty"`

	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// NotAPI tells that the file shows no sign of documenting an API: no
	// OpenAPI Explorer link, no Action row, no request syntax, parameter
	// table or request example (a README, an overview or common-parameter
	// page). Such a page also has an error; a file found in a directory
	// rather than named is skipped for it.
	NotAPI bool `json:"notAPI,omitempty"`
}

// Params are the top-level request parameters (the Request root's fields;
// none before resolving).
func (p *Page) Params() []*Field {
	if p.Request == nil {
		return nil
	}
	return p.Request.Fields
}

// REST reports whether the page's API is addressed by method and path
// (ROA and SLS) rather than by Action (RPC).
func (p *Page) REST() bool { return p.Style == ROA || p.Style == SLS }

// Style is how an API is addressed and signed.
type Style string

const (
	RPC Style = "RPC" // Action and Version in the query, signature 1.0 or V3
	ROA Style = "ROA" // method and path, signature 1.0 (ROA) or V3
	SLS Style = "SLS" // Log Service: method and path, LOG signature, the project in the host
)

// Method is an HTTP method, as the page's 请求语法 writes it (upper case).
type Method string

// Position is where a request parameter travels.
type Position string

const (
	InQuery  Position = "Query"  // the query (RPC: query or form body, the same for the service)
	InBody   Position = "Body"   // a member of the JSON body, or (Raw) the whole body
	InHeader Position = "Header" // an HTTP header
	InPath   Position = "Path"   // a placeholder of the path template
	InHost   Position = "Host"   // SLS: the project, the first label of the host
)

// Row is one table row, cells cleaned of Markdown.
type Row struct {
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Required    string `json:"required,omitempty"`
	Example     string `json:"example,omitempty"`
	Description string `json:"description,omitempty"`
	Position    string `json:"position,omitempty"` // 位置 column: Path, Query, Header, Body
	// Depth is the nesting hinted by the row itself: the count of └ markers,
	// or EM-space indentation levels; 0 when the row carries no hint.
	Depth int `json:"depth,omitempty"`
	// Table counts the tables of the section, from 0; a sub-table label
	// (a bold "数据类型 X" line or a heading) names the struct it defines.
	Table      int    `json:"table,omitempty"`
	TableLabel string `json:"tableLabel,omitempty"`
	Pos        Pos    `json:"pos"`
}

// Note is a paragraph of prose, cleaned of Markdown.
type Note struct {
	Text    string `json:"text"`
	Section string `json:"section"` // "response" or "examples"
	Pos     Pos    `json:"pos"`
}

// ExampleKind says what an example block holds.
type ExampleKind string

const (
	RequestExample ExampleKind = "request"
	JSONExample    ExampleKind = "json"
	XMLExample     ExampleKind = "xml"
	// BodyExample is a ROA request body a page shows beside its body
	// table ("示例如下" under RequestBody).
	BodyExample ExampleKind = "body"
)

// Example is a code block of the page's 示例 section.
type Example struct {
	Kind ExampleKind `json:"kind"`
	Text string      `json:"text"`
	Pos  Pos         `json:"pos"` // position of the first line of Text
	// Canonical is the example as the generated tests use it: repaired JSON,
	// XML with elements the response lacks removed, values the table's types
	// cannot hold left out (each with a warning), and the request example
	// reduced to the documented parameters as an encoded query string.
	Canonical string `json:"canonical,omitempty"`
}

// ErrorCode is one row of an error-code table.
type ErrorCode struct {
	HTTPStatus  int    `json:"httpStatus,omitempty"`
	Code        string `json:"code"`
	Message     string `json:"message,omitempty"`
	Description string `json:"description,omitempty"`
	Pos         Pos    `json:"pos"`
}

// Kind is the wire kind of a field.
type Kind string

const (
	String  Kind = "string"
	Int32   Kind = "int32"
	Int64   Kind = "int64"
	Float64 Kind = "float64"
	Bool    Kind = "bool"
	Struct  Kind = "struct"
	Array   Kind = "array"
	Map     Kind = "map" // a JSON object with arbitrary keys
	Any     Kind = "any" // arbitrary JSON
)

// IsScalar reports whether k is a string, number or boolean.
func (k Kind) IsScalar() bool {
	switch k {
	case String, Int32, Int64, Float64, Bool:
		return true
	}
	return false
}

// Field is a node of a request or response tree.
type Field struct {
	Name        string   `json:"name"` // wire name; for an array element, the element's wire name (may equal the array's)
	Kind        Kind     `json:"kind"`
	TypeText    string   `json:"typeText,omitempty"` // the page's type cell
	Required    bool     `json:"required,omitempty"`
	Position    Position `json:"position,omitempty"` // request: Query, Path, Header, Body, Host (SLS: the project); "" is Query
	Example     string   `json:"example,omitempty"`
	Description string   `json:"description,omitempty"`
	Fields      []*Field `json:"fields,omitempty"` // Struct members in order
	Elem        *Field   `json:"elem,omitempty"`   // Array element
	// Flat marks a request struct or array sent as flattened keys
	// (Tag.1.Key) rather than as one JSON-encoded value.
	Flat bool `json:"flat,omitempty"`
	// Raw marks the request field that is the whole body (SLS: a JSON
	// value sent as it is, or a string of bytes such as protobuf).
	Raw bool `json:"raw,omitempty"`
	// AlsoBody marks a path parameter the JSON body repeats (SLS: the
	// logstoreName of /logstores/{logstoreName} in an UpdateLogstore body).
	AlsoBody bool `json:"alsoBody,omitempty"`
	Pos      Pos  `json:"pos"`
}
