package spec

// DiagKind classifies a warning by what the page does wrong, so that lint
// output can group warnings, say how to fix the page and tell the warnings
// that bear on the generated structure from the others. The set is closed:
// every warning cccgen gives has one of the kinds below. Errors carry none
// (an error means the page cannot be used at all).
type DiagKind string

// The structural kinds: the page does not say one thing about the shape of
// the data on the wire (nesting, which fields there are, list or object,
// types, where request parameters go), so the generated Go types are not
// what its tables alone say, or rest on the side cccgen took. If cccgen
// took the wrong side, decoding loses data or requests go wrong.
const (
	// DiagResponseNesting: the table and the examples nest the response
	// differently (wrappers around lists, envelopes, one example's nesting
	// taken over the other's).
	DiagResponseNesting DiagKind = "response-nesting"
	// DiagFieldOnlyInExample: a response field only the examples show; it is
	// generated (typed or as an untyped map) or left out.
	DiagFieldOnlyInExample DiagKind = "field-only-in-example"
	// DiagListOrObject: list, object or map: the table's type and the
	// examples disagree, or an object's keys are data.
	DiagListOrObject DiagKind = "list-or-object"
	// DiagTypeMismatch: the table's type and the examples' values disagree,
	// or the table's type word is unknown.
	DiagTypeMismatch DiagKind = "type-mismatch"
	// DiagRequestParams: request rows sent otherwise than the table says:
	// not as parameters of their own, as JSON text, required, or as a list
	// body.
	DiagRequestParams DiagKind = "request-params"
	// DiagSubTable: a table after the main one is read as the members of one
	// parameter or field, or left out.
	DiagSubTable DiagKind = "sub-table"
	// DiagRowDropped: a row is left out: its name cannot be a wire name, or
	// it repeats a name at one level.
	DiagRowDropped DiagKind = "row-dropped"
)

// The other kinds leave the generated structure as the tables say; they
// bear on the generated tests, the endpoint or the page's readers.
const (
	// DiagExampleRepaired: a JSON or XML example is not valid and was repaired.
	DiagExampleRepaired DiagKind = "example-repaired"
	// DiagExampleUnusable: an example is set aside (unreadable, HTTP headers,
	// an error response, a bare value).
	DiagExampleUnusable DiagKind = "example-unusable"
	// DiagMissingFromExample: a field the table (and maybe one example)
	// has but an example lacks.
	DiagMissingFromExample DiagKind = "missing-from-example"
	// DiagNameMismatch: the table, the examples or two copies of a page spell
	// a name differently.
	DiagNameMismatch DiagKind = "name-mismatch"
	// DiagTypeTypo: a misspelt type word, read as the type it spells.
	DiagTypeTypo DiagKind = "type-typo"
	// DiagExampleValue: a value of an example does not fit the table; the
	// generated test leaves it out.
	DiagExampleValue DiagKind = "example-value"
	// DiagNoTable: no request or response table.
	DiagNoTable DiagKind = "no-table"
	// DiagProductVersion: the page names no product code or API version, or
	// its example's host names another product.
	DiagProductVersion DiagKind = "product-version"
	// DiagPageCopies: several pages document one Action; one is generated.
	DiagPageCopies DiagKind = "page-copies"
)

type diagKindInfo struct {
	kind       DiagKind
	structural bool
	fix        string
}

// diagKinds is the closed set in presentation order: structural kinds
// first.
var diagKinds = []diagKindInfo{
	{DiagResponseNesting, true, "make the response table (返回数据) and the examples nest alike: put each member under its object or list with └, name a list's element row as its type says (Array of X, then X), and show every wrapper object in the JSON example"},
	{DiagFieldOnlyInExample, true, "add a row for the field to the response table (返回数据), with its type, under its parent (└); or remove it from the examples if the API does not return it"},
	{DiagListOrObject, true, "write the type the wire has: Array of X for a list (and show it as [...] in the JSON example), Object for one object, Map for an object whose keys are data (IDs, names, dates)"},
	{DiagTypeMismatch, true, "write in the type column the type the wire has (String, Integer, Long, Boolean, Float, Double, Array, Object, Map) and show a value of that type in the examples; a value sent as JSON text is a String, shown quoted"},
	{DiagRequestParams, true, "list in 请求参数 only the parameters a caller sets, each with its place (Query, Path, Body) and whether it is required, and its members under it with └; type a parameter sent as JSON text String and say so in its description, or show Name.1, Name.2 in the request example if the API takes a flattened list"},
	{DiagSubTable, true, "label a table that describes one parameter or field with that name just before it (e.g. \"Tag 的结构\"), or nest its rows under that row with └"},
	{DiagRowDropped, true, "write each parameter or field once per level, under its wire name (letters, digits, _ . - only: no spaces, commas or quotes)"},
	{DiagExampleRepaired, false, "make the example valid JSON or XML, as the repair says (the generated test uses the repaired text)"},
	{DiagExampleUnusable, false, "show the body of a successful response: one JSON object, one XML document; put error responses under 错误示例 and leave HTTP headers out"},
	{DiagMissingFromExample, false, "show the field with a sample value in both the JSON and the XML example, or remove its row if the API does not return it"},
	{DiagNameMismatch, false, "spell the name the same way in the table, in both examples and in every copy of the page"},
	{DiagTypeTypo, false, "spell the type as the SDKs do: String, Integer, Long, Boolean, Float, Double, Array, Object, Map"},
	{DiagExampleValue, false, "give the example values that fit the table: of the type its type column says, for parameters 请求参数 lists and fields 返回数据 lists"},
	{DiagNoTable, false, "add the 请求参数 or 返回数据 table with a row per parameter or field (an API without parameters needs none)"},
	{DiagPageCopies, false, "keep one page per API: remove the old copies, or leave them out with -exclude or .cccgenignore"},
	{DiagProductVersion, false, "add the page's OpenAPI Explorer link (https://api.aliyun.com/#/?product=…&version=…&api=…), or give cccgen -product and -version"},
}

var diagKindIndex = func() map[DiagKind]int {
	m := map[DiagKind]int{}
	for i, k := range diagKinds {
		m[k.kind] = i
	}
	return m
}()

// DiagKinds lists every kind, structural ones first.
func DiagKinds() []DiagKind {
	out := make([]DiagKind, len(diagKinds))
	for i, k := range diagKinds {
		out[i] = k.kind
	}
	return out
}

// Known reports whether k is one of the kinds DiagKinds lists.
func (k DiagKind) Known() bool {
	_, ok := diagKindIndex[k]
	return ok
}

// Order is k's place in DiagKinds, or len(DiagKinds()) for an unknown kind.
func (k DiagKind) Order() int {
	if i, ok := diagKindIndex[k]; ok {
		return i
	}
	return len(diagKinds)
}

// Structural reports whether warnings of kind k change the generated
// structure: response nesting, fields added or left out, list or object,
// request parameters dropped or moved, types changed.
func (k DiagKind) Structural() bool {
	if i, ok := diagKindIndex[k]; ok {
		return diagKinds[i].structural
	}
	return false
}

// Fix says how to fix a page with a warning of kind k, or "".
func (k DiagKind) Fix() string {
	if i, ok := diagKindIndex[k]; ok {
		return diagKinds[i].fix
	}
	return ""
}
