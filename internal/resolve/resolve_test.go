package resolve

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

// shape renders a field tree compactly: name:kind, structs in braces, arrays with [].
func shape(f *spec.Field) string {
	switch f.Kind {
	case spec.Struct:
		var parts []string
		for _, c := range f.Fields {
			parts = append(parts, c.Name+shapeSuffix(c))
		}
		return "{" + strings.Join(parts, " ") + "}"
	case spec.Array:
		return "[]" + shape(f.Elem)
	}
	return string(f.Kind)
}

func shapeSuffix(c *spec.Field) string {
	if c.Kind == spec.Struct || c.Kind == spec.Array {
		return shape(c)
	}
	return ":" + string(c.Kind)
}

func page(resp, examples string) string {
	return "# DescribeThing\n\n[x](https://api.aliyun.com/#product=D&api=DescribeThing&type=RPC&version=2020-01-01)\n\n" +
		"## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|DescribeThing|x|\n\n" +
		"## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n" + resp + "\n## 示例\n\n" + examples
}

func resolved(t *testing.T, src string) *spec.Page {
	t.Helper()
	p := parser.Parse("p.md", []byte(src))
	Page(p)
	for _, d := range p.Diagnostics {
		if d.Severity == spec.Error {
			t.Fatalf("error: %s", d)
		}
	}
	return p
}

func warnings(p *spec.Page) []string {
	var out []string
	for _, d := range p.Diagnostics {
		if d.Severity == spec.Warning {
			out = append(out, d.String())
		}
	}
	return out
}

func TestNesting(t *testing.T) {
	cases := []struct {
		name, rows, examples, want string
		warn                       []string // substrings, in order
	}{
		{
			name:     "flat table, repeated names placed by the example",
			rows:     "|Code|String|OK|码|\n|Report|Struct| |报表|\n|In|Struct| |呼入|\n|Max|Long|0|最大|\n|Out|Struct| |呼出|\n|Max|String|0|最大|\n|Id|String|i|ID|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Report\":{\"Out\":{\"Max\":\"1\"},\"Id\":\"i\",\"In\":{\"Max\":\"2\"}},\"Code\":\"OK\"}\n```\n",
			want:     "{Code:string Report{In{Max:int64} Out{Max:string} Id:string} RequestId:string}",
		},
		{
			name:     "RPC list wrapper, inner name only in the example",
			rows:     "|RequestId|String|r|请求|\n|Users|Array of User| |用户|\n|Name|String|n|名字|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Users\":{\"User\":[{\"Name\":\"a\"},{\"Name\":\"b\"}]}}\n```\n",
			want:     "{RequestId:string Users{User[]{Name:string}}}",
		},
		{
			name:     "one-element XML list is still a list",
			rows:     "|RequestId|String|r|请求|\n|Users|Array of User| |用户|\n|Name|String|n|名字|\n",
			examples: "```\n<DescribeThingResponse><RequestId>r</RequestId><Users><User><Name>a</Name></User></Users></DescribeThingResponse>\n```\n",
			want:     "{RequestId:string Users{User[]{Name:string}}}",
		},
		{
			name:     "element row without type, example shows one element as an object without the wrapper",
			rows:     "|RequestId|String|r|请求|\n|Results|Array of Result| |结果|\n|Result| | | |\n|Label|String|l|标签|\n|Rate|String|1|分值|\n|State|String|s|状态|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Results\":{\"Label\":\"l\",\"Rate\":1},\"State\":\"s\"}\n```\n",
			want:     "{RequestId:string Results{Result[]{Label:string Rate:string}} State:string}",
			warn:     []string{"generating the wrapper {\"Results\": {\"Result\": [...]}}"},
		},
		{
			name:     "example list named otherwise than the table's container row",
			rows:     "|CertInfos|Array of CertInfo| |证书|\n|CertInfo| | | |\n|CertType|String|RSA|类型|\n|Issuer|String|i|颁发|\n|DomainList|String|d|域名|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"content\":[{\"Issuer\":\"i\",\"CertType\":\"RSA\",\"DomainList\":\"d\"}]}\n```\n",
			want:     "{CertInfos{CertInfo[]{CertType:string Issuer:string DomainList:string}} RequestId:string}",
			warn:     []string{"the examples name CertInfos content; using the table's name"},
		},
		{
			name:     "example wrapper named otherwise than the table's container row",
			rows:     "|Attrs|Array of Attr| |属性|\n|Attr| | | |\n|Id|String|i|ID|\n|Window|Struct| |窗口|\n|Start|String|s|开始|\n|Notify|Boolean|true|通知|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"InstanceAttrs\":{\"InstanceAttr\":[{\"Id\":\"i\",\"Window\":{\"Start\":\"s\"},\"Notify\":true}]}}\n```\n",
			want:     "{Attrs{Attr[]{Id:string Window{Start:string} Notify:bool}} RequestId:string}",
			warn:     []string{"the examples name Attrs InstanceAttrs; using the table's name", "the table names the elements of Attrs Attr, the examples InstanceAttr"},
		},
		{
			name:     "RPC: a blank-typed plural row no example shows is the wrapper of a list of its singular; a singular one is a struct",
			rows:     "|Policy| | |策略信息。|\n|PolicyId|String|p|策略ID|\n|RequestId|String|r|请求|\n|Rules| | |转发规则。|\n|RuleId|String|r-1|规则ID|\n|Url|String|/a|路径|\n",
			examples: "```\n{\"RequestId\":\"r\"}\n```\n",
			want:     "{Policy{PolicyId:string} RequestId:string Rules{Rule[]{RuleId:string Url:string}}}",
			warn:     []string{"response field Rules has no type, a plural name and fields of its own, and no example shows it: a list, as RPC tables without types write one; generating the RPC wrapper {\"Rules\": {\"Rule\": [...]}}"},
		},
		{
			name:     "a String row named like a list whose items hold one member of that name describes the member, not JSON text",
			rows:     "|OperationLocks| | |锁定|\n|LockReason|String|financial|原因|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"OperationLocks\":{\"LockReason\":[{\"LockReason\":\"financial\"}]}}\n```\n",
			want:     "{OperationLocks{LockReason[]{LockReason:string}} RequestId:string}",
		},
		{
			name:     "Array of X named X, then the element row X, and the example shows one X object holding lists: the object is an element of the wrapper",
			rows:     "|Rules|Array of Rule| |规则|\n|Rule| | | |\n|Pattern|Array of Pattern| |模式|\n|Pattern| | | |\n|Levels|List|CRITICAL|等级|\n|Product|String|p|产品|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Rules\":{\"Rule\":[{\"Pattern\":{\"Levels\":{\"Levels\":[\"CRITICAL\"]},\"Product\":\"p\"}}]}}\n```\n",
			want:     "{Rules{Rule[]{Pattern{Pattern[]{Levels{Levels[]string} Product:string}}}} RequestId:string}",
			warn:     []string{`generating the wrapper {"Pattern": {"Pattern": [...]}}`},
		},
		{
			name:     "an empty XML element the table gives no type is an empty container; in the plural, an RPC list",
			rows:     "|Groups|Array of Group| |组|\n|Group| | | |\n|GroupId|String|g|ID|\n|Objects| | |关联|\n|Listeners| | |监听|\n|Port|Integer|80|端口|\n|Rules| | |规则|\n|RuleId|String|r-1|规则|\n|RequestId|String|r|请求|\n",
			examples: "```\n<DescribeThingResponse><RequestId>r</RequestId><Groups><Group><GroupId>g</GroupId><Objects><Listeners></Listeners><Rules></Rules></Objects></Group></Groups></DescribeThingResponse>\n```\n",
			want:     "{Groups{Group[]{GroupId:string Objects{Listeners{Listener[]{Port:int32}} Rules{Rule[]{RuleId:string}}}}} RequestId:string}",
		},
		{
			name:     "a scalar only the examples show, in an object whose other fields the table lists, is left out; at the top and in dotted keys it stays",
			rows:     "|Stacks|Array of Stack| |栈|\n|Stack| | | |\n|StackId|String|s|ID|\n|StackName|String|n|名称|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Extra\":\"e\",\"Stacks\":{\"Stack\":[{\"StackId\":\"s\",\"StackName\":\"n\",\"UpdatedTime\":\"t\",\"Disk.Size\":4}]}}\n```\n",
			want:     "{Stacks{Stack[]{StackId:string StackName:string Disk.Size:int64}} RequestId:string Extra:string}",
			warn:     []string{"response field UpdatedTime is only in the examples; the table lists the fields of Stack's elements without it; left out"},
		},
		{
			name:     "List of X shown as an object holding one scalar X: the wrapper of a list of scalars",
			rows:     "|EventIdSet|List of EventId| |事件|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"EventIdSet\":{\"EventId\":\"e-1\"}}\n```\n",
			want:     "{EventIdSet{EventId[]string} RequestId:string}",
		},
		{
			name:     "a bare List shown as an object holding one scalar named in its singular: the wrapper of a list of scalars",
			rows:     "|AvailableRegions|List|cn-hangzhou|地域|\n|Tags|List|t|标签|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"AvailableRegions\":{\"AvailableRegion\":\"cn-hangzhou\"},\"Tags\":{\"Key\":\"k\"}}\n```\n",
			want:     "{AvailableRegions{AvailableRegion[]string} Tags[]map RequestId:string}", // Key is no singular of Tags: one item, kept untyped
		},
		{
			name:     "an object the examples put between a documented container and its fields, which the table never names, is hoisted",
			rows:     "|RequestId|String|r|请求|\n|Result| | |结果|\n|Status|String|2|状态|\n|Progress|Integer|90|进度|\n",
			examples: "```\n{\"Result\":{\"DomainConfig\":{\"Status\":\"2\",\"Progress\":100}},\"RequestId\":\"r\"}\n```\n",
			want:     "{RequestId:string Result{Status:string Progress:int32}}",
			warn:     []string{"the examples put the fields of Result in an object DomainConfig the table does not name; following the table, which lists them as Result's"},
		},
		{
			name:     "dotted response rows with a list index: the part before it is a list of objects",
			rows:     "|DataDisk.n.Size|Integer|40|大小|\n|DataDisk.n.Category|String|cloud|种类|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\"}\n```\n",
			want:     "{DataDisk[]{Size:int32 Category:string} RequestId:string}",
		},
		{
			name:     "a container row with a blank type, and the example's wrapper named otherwise with two words shared",
			rows:     "|OriginBpsDataPerInterval| | |回源带宽|\n|DataModule| | |数据|\n|TimeStamp|String|t|时间|\n|OriginBps|Float|1.5|带宽|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"SrcBpsDataPerInterval\":{\"DataModule\":[{\"TimeStamp\":\"t\",\"OriginBps\":1.5}]}}\n```\n",
			want:     "{OriginBpsDataPerInterval{DataModule[]{TimeStamp:string OriginBps:float64}} RequestId:string}",
			warn:     []string{"the examples name OriginBpsDataPerInterval SrcBpsDataPerInterval; using the table's name"},
		},
		{
			name:     "a container row with a blank type does not rename an example wrapper whose name shares less",
			rows:     "|DataPerInterval| | |数据|\n|DataModule| | |数据|\n|TimeStamp|String|t|时间|\n|OriginBps|Float|1.5|带宽|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"HttpCode\":{\"DataModule\":[{\"TimeStamp\":\"t\",\"OriginBps\":1.5}]}}\n```\n",
			want:     "{DataPerInterval{} RequestId:string HttpCode{DataModule[]{TimeStamp:string OriginBps:float64}}}",
		},
		{
			name:     "rows after a wrapper the example shows with an empty list are its elements' fields",
			rows:     "|Ports| | |端口|\n|Port|Integer|443|端口|\n|Protocol|String|tcp|协议|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Ports\":{\"PortAndProtocol\":[]}}\n```\n",
			want:     "{Ports{PortAndProtocol[]{Port:int32 Protocol:string}} RequestId:string}",
		},
		{
			name:     "same with tree markers",
			rows:     "|Histories| | |历史|\n|└Details| | |详情|\n|└Detail|String|d|详情|\n|└State|String|s|状态|\n|└TaskId|String|t|任务|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Histories\":{\"History\":[{\"TaskId\":\"t\",\"Details\":{\"ActivityDetail\":[]}}]}}\n```\n",
			want:     "{Histories{History[]{Details{ActivityDetail[]{Detail:string State:string}} TaskId:string}} RequestId:string}",
		},
		{
			name:     "empty example array takes its element from the table",
			rows:     "|Tags|Array of Tag| |标签|\n|Key|String|k|键|\n|Ids|Array of String| |ID|\n",
			examples: "```\n{\"Tags\":[],\"Ids\":[]}\n```\n",
			want:     "{Tags[]{Key:string} Ids[]string}",
			warn:     []string{"Key is in the table but not in the examples"},
		},
		{
			name:     "tree markers place table-only rows",
			rows:     "|Sets| | |集合|\n|└Name|String|n|名字|\n|└Tags| | |标签|\n|└TagKey|String|k|键|\n|RequestId|String|r|请求|\n",
			examples: "",
			want:     "{Sets{Set[]{Name:string Tags{Tag[]{TagKey:string}}}} RequestId:string}",
		},
		{
			name:     "field only in the example, and a repaired JSON example",
			rows:     "|RequestId|String|r|请求|\n",
			examples: "```\n{\n  \"RequestId\": \"r\", // the id\n  \"Extra\": 3,\n}\n```\n",
			want:     "{RequestId:string Extra:int64}",
			warn:     []string{"JSON example repaired", "JSON example repaired", "Extra is in the examples but not in the table"},
		},
		{
			name:     "an example showing only the content of one struct",
			rows:     "|RequestId|String|r|请求|\n|Result|Struct| |结果|\n|name|String|n|名|\n|paths|List|[\"a\"]|路径|\n",
			examples: "```\n{\"name\":\"n\",\"paths\":[\"a\"]}\n```\n",
			want:     "{RequestId:string Result{name:string paths[]string}}",
			warn:     []string{"shows only the content of Result"},
		},
		{
			name:     "examples the page says are for reference only: fields only they show are left out",
			rows:     "|RequestId|String|r|请求|\n|Result|Struct| |结果|\n|name|String|n|名|\n\n**说明：** 以下返回示例中，本文只保证包含返回数据列表中的参数，而未提到的参数仅供参考。\n",
			examples: "```\n{\"RequestId\":\"r\",\"Result\":{\"name\":\"n\",\"size\":3,\"spec\":{\"disk\":1}},\"Users\":{\"User\":[{\"Name\":\"a\"}]}}\n```\n",
			want:     "{RequestId:string Result{name:string}}",
			warn:     []string{"size is only in the examples, which the note at line 19 says", "spec is only in the examples", "Users is only in the examples"},
		},
		{
			name:     "the note's wrapper rule keeps a list the table names",
			rows:     "|Ips|List| |地址|\n\n以下返回示例中，本文只保证包含返回数据列表中的参数。\n",
			examples: "```\n{\"Ips\":{\"Ip\":[\"1.1.1.1\"]},\"Other\":1}\n```\n",
			want:     "{Ips{Ip[]string}}",
			warn:     []string{"Other is only in the examples"},
		},
		{
			name:     "a field the note defers to another page stays, untyped",
			rows:     "|RequestId|String|r|请求|\n\n返回数据中还包括Result参数，详情请参见[ListInstance](~~142230~~)。\n",
			examples: "```\n{\"RequestId\":\"r\",\"Result\":{\"instanceId\":\"i\",\"nodeSpec\":{\"disk\":20}},\"Items\":[{\"a\":1}],\"Count\":2}\n```\n",
			want:     "{RequestId:string Result:map}",
			warn:     []string{"Result is only in the examples; the note at line 17 names it but documents it elsewhere; kept as an untyped map", "Items is only in the examples", "Count is only in the examples"},
		},
		{
			name:     "without such a note example-only fields are kept: objects the table says nothing of untyped",
			rows:     "|RequestId|String|r|请求|\n|Spec|Struct| |规格|\n|Disk|Integer|1|盘|\n\n返回数据中的参数说明如下。\n",
			examples: "```\n{\"RequestId\":\"r\",\"Count\":2,\"Result\":{\"instanceId\":\"i\"},\"Items\":[{\"a\":1}],\"Spec\":{\"Disk\":1,\"Zone\":{\"Id\":\"z\"}}}\n```\n",
			want:     "{RequestId:string Count:int64 Result:map Items[]map Spec{Disk:int32 Zone{Id:string}}}",
			warn:     []string{"Count is in the examples but not in the table", "Result is in the examples but not in the table, which names none of its members; kept as an untyped map", "Items is in the examples but not in the table, which names none", "Zone is in the examples but not in the table"},
		},
		{
			name:     "a description saying the keys are data makes a map",
			rows:     "|keys|Object|无|字段索引配置。key为字段名称，value为索引配置。|\n|line|Object|无|全文索引配置。|\n",
			examples: "```\n{\"keys\":{\"agent\":{\"type\":\"text\"}},\"line\":{\"token\":[\",\"]}}\n```\n",
			want:     "{keys:map line{token[]string}}",
			warn:     []string{"the description of keys says its keys are data"},
		},
		{
			name:     "sorted flat table: a row sorting before the container's last field continues the container's level",
			rows:     "|Description|String|d|描述|\n|Rules| | |规则|\n|Domain|String|d|域名|\n|RuleId|String|1|ID|\n|Url|String|/|路径|\n|SecurityStatus|String|on|状态|\n|TLSCipherPolicy|String|t|策略|\n",
			examples: "",
			want:     "{Description:string Rules{Rule[]{Domain:string RuleId:string Url:string}} SecurityStatus:string TLSCipherPolicy:string}",
		},
		{
			name:     "the table's element row restores the RPC wrapper a bare example list lacks",
			rows:     "|Details|Struct| |详情|\n|List|Array of Detail| |列表|\n|Detail| | | |\n|Name|String|n|名|\n|Total|Integer|1|总数|\n",
			examples: "```\n{\"Details\":{\"Total\":1,\"List\":[{\"Name\":\"n\"}]}}\n```\n",
			want:     "{Details{List{Detail[]{Name:string}} Total:int32}}",
			warn:     []string{`the table names the element of List (Detail) but the examples show List as a bare list; generating the wrapper {"List": {"Detail": [...]}}`},
		},
		{
			name:     "an element row after a container row without a type",
			rows:     "|Data| | |数据|\n|Item| | |项|\n|Label|String|c|码|\n|Id|String|i|ID|\n|RequestId|String|r|请求|\n",
			examples: "```\n<DescribeThingResponse><RequestId>r</RequestId><Data><Id>1</Id></Data><Data><Id>2</Id></Data></DescribeThingResponse>\n```\n",
			want:     "{Data{Item[]{Label:string Id:string}} RequestId:string}",
		},
		{
			name:     "a field only the JSON example shows, in an object the table documents and the XML shows without it, is left out",
			rows:     "|Items|Array of Item| |项|\n|Item| | | |\n|ItemId|String|i|ID|\n|RequestId|String|r|请求|\n",
			examples: "```\n<R><Items><Item><ItemId>i</ItemId></Item></Items><RequestId>r</RequestId></R>\n```\n\n```\n{\"Items\": {\"Item\": [{\"ItemId\": \"i\", \"Shadow\": \"s\"}]}, \"RequestId\": \"r\", \"Trace\": \"t\"}\n```\n",
			want:     "{Items{Item[]{ItemId:string}} RequestId:string}",
			warn:     []string{"response field Shadow is only in the JSON example: the table does not list it, and the XML example shows Item's elements without it; left out", "response field Trace is only in the JSON example: the table does not list it, and the XML example shows the response without it; left out"},
		},
		{
			name:     "a JSON example the repair closed at its end yields the nesting to the XML",
			rows:     "|Keys|Array of Key| |键|\n|Key| | | |\n|KeyId|String|k|ID|\n|TotalCount|Integer|1|总数|\n|RequestId|String|r|请求|\n",
			examples: "```\n<KMS><Keys><Key><KeyId>k</KeyId></Key></Keys><TotalCount>1</TotalCount><RequestId>r</RequestId></KMS>\n```\n\n```\n{\"Keys\": {\"Key\": [{\"KeyId\": \"k\"}],\n  \"TotalCount\": 1,\n\"RequestId\": \"r\"\n}\n```\n",
			want:     "{Keys{Key[]{KeyId:string}} TotalCount:int32 RequestId:string}",
			warn:     []string{"the JSON example is missing closing brackets; taking the nesting from the XML example"},
		},
		{
			name:     "an object the table types Map stays a map; rows after it are its siblings",
			rows:     "|Stack|Struct| |栈|\n|Name|String|n|名|\n|Child|Map|{}|子栈，数据结构同整个返回值。|\n|Region|String|r|地域|\n",
			examples: "```\n{\"Stack\":{\"Name\":\"n\",\"Child\":{\"Name\":\"m\",\"Region\":\"x\"},\"Region\":\"r\"}}\n```\n",
			want:     "{Stack{Name:string Child:map Region:string}}",
		},
		{
			name:     "the row after a container the example shows empty is its field, not a later container's",
			rows:     "|Dicts|Array of Dict| |词典|\n|fileSize|Long|1|大小|\n|Others|Array of Other| |其他|\n|fileSize|Long|1|大小|\n",
			examples: "```\n{\"Dicts\":[],\"Others\":[{\"fileSize\":1}]}\n```\n",
			want:     "{Dicts[]{fileSize:int64} Others[]{fileSize:int64}}",
		},
		{
			// The example's endpoint in source and routing in sink are
			// copies of fields the table lists once, elsewhere: left out.
			name:     "a flat table's containers keep their rows where the example shows a name in a sibling container",
			rows:     "|Result|Array of Result| |结果|\n|sink|Struct| |目标|\n|endpoint|String|e|地址|\n|index|String|i|索引|\n|source|Struct| |源|\n|index|String|i|索引|\n|routing|String|r|路由|\n|status|String|s|状态|\n",
			examples: "```\n{\"Result\":[{\"source\":{\"endpoint\":\"e\",\"index\":\"i\"},\"sink\":{\"index\":\"i\",\"routing\":\"r\"},\"status\":\"s\"}]}\n```\n",
			want:     "{Result[]{sink{endpoint:string index:string} source{index:string routing:string} status:string}}",
			warn:     []string{"endpoint is in the table but not in the examples", "routing is in the table but not in the examples", "response field endpoint is in source in the examples, but the table lists it only elsewhere", "response field routing is in sink in the examples"},
		},
		{
			name:     "a field a note says stands for the HTTP headers is not in the body",
			rows:     "|RequestId|String|r|请求|\n\n返回数据中还包含**Headers**参数，表示返回头信息。\n",
			examples: "```\n{\"RequestId\":\"r\",\"Headers\":{}}\n```\n",
			want:     "{RequestId:string}",
			warn:     []string{"response field Headers stands for the HTTP headers (the note at line 17); left out of the body"},
		},
		{
			name:     "in a sorted table a row sorting before a container's last field is not its field",
			rows:     "|Group|Struct| |组|\n|Admin|String|a|管理|\n|Detail|Struct| |详情|\n|Alpha|Integer|1|甲|\n|Zeta|Integer|1|乙|\n|GroupId|String|g|ID|\n",
			examples: "```\n{\"Group\":{\"GroupId\":\"g\",\"Admin\":\"a\"},\"Detail\":{\"Zeta\":1,\"Alpha\":1}}\n```\n",
			want:     "{Group{Admin:string GroupId:string} Detail{Alpha:int32 Zeta:int32}}",
		},
		{
			// ContainerConfig's example is JSON text (quotes escaped as the
			// pages write them) whose keys the later tables name.
			name:     "a String field's JSON text documented by unlabelled tables is left a string",
			rows:     "|RequestId|String|r|x|\n|Config|String|\\{\\\\\"mode\\\\\":0,\\\\\"ports\\\\\":\\[\\]\\}|配置。|\n\n|名称|类型|描述|\n|--|--|--|\n|mode|Integer|模式|\n|ports|List|端口|\n\n|名称|类型|描述|\n|--|--|--|\n|hostPort|Integer|端口|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Config\":\"{}\"}\n```\n",
			want:     "{RequestId:string Config:string}",
			warn:     []string{"documents the value of response field Config (a string whose example is JSON text"},
		},
		{
			name:     "a table after a String field whose JSON text has none of its names stays the response's",
			rows:     "|RequestId|String|r|x|\n|Config|String|\\{\\\\\"mode\\\\\":0\\}|配置。|\n\n|名称|类型|描述|\n|--|--|--|\n|level|Integer|级别|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Config\":\"{}\"}\n```\n",
			want:     "{RequestId:string Config:string level:int32}",
		},
		{
			name:     "an unlabelled table after a Map field documents the map's values",
			rows:     "|Resources|Map|见示例|资源详情|\n|RequestId|String|r|x|\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Order| | |订单|\n|Currency|String|CNY|货币|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Resources\":{\"a\":{\"Order\":{\"Currency\":\"CNY\"}}}}\n```\n",
			want:     "{Resources:map RequestId:string}",
			warn:     []string{"documents the value of response field Resources (a map"},
		},
		{
			// The XML closes List late; the JSON has RequestId and
			// DomainName at the top, where the table lists each once.
			name:     "XML scalars the JSON places elsewhere follow the JSON; a field only the XML has is taken",
			rows:     "|DomainName|String|d|x|\n|List|Struct| |x|\n|Bps|Long|1|x|\n|Extra|String|e|x|\n|RequestId|String|r|x|\n",
			examples: "`XML`\n```\n<R><List><Bps>1</Bps><Extra>e</Extra><RequestId>r</RequestId><DomainName>d</DomainName></List></R>\n```\n`JSON`\n```\n{\"List\":{\"Bps\":1},\"RequestId\":\"r\",\"DomainName\":\"d\"}\n```\n",
			want:     "{DomainName:string List{Bps:int64 Extra:string} RequestId:string}",
			warn:     []string{"field RequestId is inside List in the XML example; the JSON example has it elsewhere"},
		},
		{
			name:     "an example's copy of a field the table lists once, elsewhere, is left out",
			rows:     "|Data|Struct| |x|\n|TotalCount|Integer|1|x|\n|Name|String|n|x|\n|RequestId|String|r|x|\n",
			examples: "```\n{\"TotalCount\":1,\"RequestId\":\"r\",\"Data\":{\"TotalCount\":1,\"Name\":\"n\"}}\n```\n",
			want:     "{Data{TotalCount:int32 Name:string} RequestId:string}",
			warn:     []string{"response field TotalCount is in the response in the examples, but the table lists it only elsewhere"},
		},
		{
			name:     "a field the table lists twice keeps both places",
			rows:     "|TotalCount|Integer|1|x|\n|Data|Struct| |x|\n|TotalCount|Integer|1|x|\n|Name|String|n|x|\n|RequestId|String|r|x|\n",
			examples: "```\n{\"TotalCount\":1,\"RequestId\":\"r\",\"Data\":{\"TotalCount\":1,\"Name\":\"n\"}}\n```\n",
			want:     "{TotalCount:int32 Data{TotalCount:int32 Name:string} RequestId:string}",
		},
		{
			// Which row precedes the struct is read in the table's order,
			// not the example's.
			name:     "in a sorted table a container row after an empty struct's fields is the struct's sibling",
			rows:     "|Items|Array of Item| |x|\n|Item| | | |\n|Associated|Struct| |x|\n|AllocationId|String|a|x|\n|PublicIp|String|p|x|\n|Attachment|Struct| |x|\n|DeviceIndex|Integer|0|x|\n|CreationTime|String|t|x|\n|Zone|String|z|x|\n|RequestId|String|r|x|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Items\":{\"Item\":[{\"Zone\":\"z\",\"Associated\":{},\"CreationTime\":\"t\"}]}}\n```\n",
			want:     "{Items{Item[]{Associated{AllocationId:string PublicIp:string} Attachment{DeviceIndex:int32} CreationTime:string Zone:string}} RequestId:string}",
		},
		{
			name:     "rows right after an RPC wrapper the examples show, before fields of its items, are fields of its items",
			rows:     "|RequestId|String|r|x|\n|FileSystems| | |x|\n|Bandwidth|Long|1|x|\n|Capacity|Long|1|x|\n|CreateTime|String|t|x|\n|FileSystemId|String|f|x|\n",
			examples: "```\n{\"RequestId\":\"r\",\"FileSystems\":{\"FileSystem\":[{\"CreateTime\":\"t\",\"FileSystemId\":\"f\"}]}}\n```\n",
			want:     "{RequestId:string FileSystems{FileSystem[]{Bandwidth:int64 Capacity:int64 CreateTime:string FileSystemId:string}}}",
		},
		{
			name:     "in a sorted table a row sorting before the last field of a wrapper's items continues the wrapper's level",
			rows:     "|RequestId|String|r|x|\n|Rules|Array| |x|\n|Rule| | | |\n|Domain|String|d|x|\n|RuleId|String|i|x|\n|Url|String|u|x|\n|SecurityStatus|String|on|x|\n|Zone|String|z|x|\n",
			examples: "```\n{\"RequestId\":\"r\"}\n```\n",
			want:     "{RequestId:string Rules{Rule[]{Domain:string RuleId:string Url:string}} SecurityStatus:string Zone:string}",
		},
		{
			name:     "RPC: a blank-typed plural row the examples show holding one object named in its singular is the wrapper of a list",
			rows:     "|Gadgets| | |部件列表。|\n|Size|Long|3|大小|\n|Color|String|red|颜色|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Gadgets\":{\"Gadget\":{\"Size\":\"3\",\"Color\":\"red\"}}}\n```\n",
			want:     "{Gadgets{Gadget[]{Size:int64 Color:string}} RequestId:string}",
			warn:     []string{"field Gadgets has no type in the table and the examples show it holding one Gadget: an RPC list wrapper, read as a list of them"},
		},
		{
			name:     "an example wrapper of one object, named otherwise than the table's blank-typed row: the table's names for the wrapper and its item",
			rows:     "|RequestId|String|r|请求|\n|PortHealthChecks| | |检查。|\n|CheckId|String|c|ID|\n|Delay|Long|3|时延|\n|Target|String|t|目标|\n",
			examples: "```\n{\"RequestId\":\"r\",\"HealthChecks\":{\"HealthCheck\":{\"CheckId\":\"c\",\"Delay\":\"3\",\"Target\":\"t\"}}}\n```\n",
			want:     "{RequestId:string PortHealthChecks{PortHealthCheck[]{CheckId:string Delay:int64 Target:string}}}",
			warn:     []string{"the examples name PortHealthChecks HealthChecks; using the table's name", "the examples name the one item of PortHealthChecks HealthCheck; using PortHealthCheck"},
		},
		{
			name:     "RPC: the examples show one item X where the table lists its plural Xs and then X's fields: the wrapper {Xs: {X: [...]}}",
			rows:     "|Results| | |结果。|\n|Domain|String|a.com|域名|\n|Line|String|l|线路|\n|Ok|Boolean|true|成功|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Result\":{\"Ok\":\"true\",\"Domain\":\"a.com\"}}\n```\n",
			want:     "{Results{Result[]{Domain:string Line:string Ok:bool}} RequestId:string}",
			warn:     []string{`the examples show Result where the table lists Results; generating the RPC wrapper {"Results": {"Result": [...]}}`},
		},
		{
			name:     "RPC: the examples show a bare list X where the table lists its plural Xes and then X's fields: the wrapper {Xes: {X: [...]}}",
			rows:     "|RequestId|String|r|请求|\n|Uises| | |实例列表。|\n|Bandwidth|Integer|10|带宽|\n|Name|String|n|名称|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Uis\":[{\"Bandwidth\":10,\"Name\":\"n\"}]}\n```\n",
			want:     "{RequestId:string Uises{Uis[]{Bandwidth:int32 Name:string}}}",
			warn:     []string{`the examples show Uis where the table lists Uises; generating the RPC wrapper {"Uises": {"Uis": [...]}}`},
		},
		{
			name:     "RPC: Array of X named X, then the element row X, shown as bare lists: the wrapper {X: {X: [...]}}",
			rows:     "|Layouts|Array of Layout| |布局|\n|Layout| | | |\n|Name|String|n|名称|\n|Panes|Array of Panes| |窗格|\n|Panes| | | |\n|Width|Float|0.5|宽|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Layouts\":[{\"Name\":\"n\",\"Panes\":[{\"Width\":\"0.5\"}]}]}\n```\n",
			want:     "{Layouts{Layout[]{Name:string Panes{Panes[]{Width:float64}}}} RequestId:string}",
		},
		{
			name:     "a bare List row with one plain sample value no example shows is a list of scalars: the rows after it are its siblings",
			rows:     "|Policies|Array of Policy| |策略|\n|Policy| | | |\n|Cidr|String|10.0.0.0/8|网段|\n|GroupIds|List|20|组|\n|SignatureIds|List|1|签名|\n|EndTime|String|t|结束|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Policies\":{\"Policy\":[{\"Cidr\":\"10.0.0.0/8\"}]}}\n```\n",
			want:     "{Policies{Policy[]{Cidr:string GroupIds[]string SignatureIds[]string EndTime:string}} RequestId:string}",
		},
		{
			name:     "a bare List row whose sample cell is an RPC wrapper of scalars ({\"RuleId\": [1, 2]}) is that wrapper; the rows after it are its siblings",
			rows:     "|Orders|Array of Order| |订单|\n|Order| | | |\n|Amount|String|1|金额|\n|RuleIds|List|{\"RuleId\": [11,12]}|规则|\n|TraceId|String|t|追踪|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\",\"Orders\":{\"Order\":[{\"Amount\":\"1\"}]}}\n```\n",
			want:     "{Orders{Order[]{Amount:string RuleIds{RuleId[]int64} TraceId:string}} RequestId:string}",
		},
		{
			name:     "a scalar the JSON example puts in an RPC list wrapper and the XML beside it follows the XML",
			rows:     "|Things| | |列表|\n|Id|String|i|ID|\n|Total|Integer|1|总数|\n|RequestId|String|r|请求|\n",
			examples: "```\n<DescribeThingResponse><RequestId>r</RequestId><Things><Thing><Id>i</Id></Thing></Things><Total>1</Total></DescribeThingResponse>\n```\n\n```\n{\"RequestId\":\"r\",\"Things\":{\"Total\":1,\"Thing\":[{\"Id\":\"i\"}]}}\n```\n",
			want:     "{Things{Thing[]{Id:string}} Total:int32 RequestId:string}",
			warn:     []string{"field Total is inside the list wrapper Things in the JSON example and beside it in the XML example; an RPC list wrapper holds only its list, so following the XML"},
		},
		{
			name:     "a JSON example written in another case than the table and the XML example takes their spelling, and keeps its own nesting",
			rows:     "|RequestId|String|r|请求|\n|Nodes| | |节点|\n|NodeId|String|i|ID|\n|Weight|Integer|1|权重|\n",
			examples: "```\n<DescribeThingResponse><RequestId>r</RequestId><Nodes><NodeId>i</NodeId><Weight>1</Weight></Nodes></DescribeThingResponse>\n```\n\n```\n{\"requestId\":\"r\",\"nodes\":[{\"nodeId\":\"i\",\"weight\":1},{\"nodeId\":\"j\",\"weight\":2}]}\n```\n",
			want:     "{RequestId:string Nodes[]{NodeId:string Weight:int32}}",
			warn:     []string{"field Nodes is spelled nodes in the JSON example; using the XML example's spelling"},
		},
		{
			name:     "dotted names",
			rows:     "|EventType.Code|Integer|1|码|\n|EventType.Name|String|n|名|\n|Id|String|i|ID|\n",
			examples: "```\n{\"EventType\":{\"Code\":1,\"Name\":\"n\"},\"Id\":\"i\"}\n```\n",
			want:     "{EventType{Code:int32 Name:string} Id:string}",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := resolved(t, page(c.rows, c.examples))
			if got := shape(p.Response); got != c.want {
				t.Errorf("shape\n got %s\nwant %s", got, c.want)
			}
			ws := warnings(p)
			for _, w := range c.warn {
				found := false
				for i, g := range ws {
					if strings.Contains(g, w) {
						ws = ws[i+1:]
						found = true
						break
					}
				}
				if !found {
					t.Errorf("no warning %q in %q", w, warnings(p))
				}
			}
		})
	}
}

func TestRequestFlattening(t *testing.T) {
	src := "# DescribeThing\n\n[x](https://api.aliyun.com/#product=D&api=DescribeThing&type=RPC)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|Action|String|是|DescribeThing|x|\n|InstanceId.N|RepeatList|是|i-1|实例|\n|Tag.N.Key|String|否|k|键|\n|Tag.N.Value|String|否|v|值|\n|Option.Size|Integer|否|1|大小|\n|Config|Json|否|{}|配置|\n|Count|Integre|否|1|数量|\n\n" +
		"## 示例\n\n```\nhttp(s)://[Endpoint]/?Action=DescribeThing\n&InstanceId.1=i-1\n&Tag.1.Key=k\n&Tag.1.Value=v\n&Option.Size=3\n&Unknown=1\n&Count=abc\n&<公共请求参数>\n```\n"
	p := resolved(t, src)
	got := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()})
	want := "{InstanceId[]string Tag[]{Key:string Value:string} Option{Size:int32} Config:any Count:int32}"
	if got != want {
		t.Errorf("request\n got %s\nwant %s", got, want)
	}
	if !p.Params()[0].Required || !p.Params()[0].Flat || !p.Params()[1].Flat {
		t.Errorf("InstanceId required/flat: %+v", p.Params()[0])
	}
	var q string
	for _, e := range p.Examples {
		if e.Kind == spec.RequestExample {
			q = e.Canonical
		}
	}
	if q != "InstanceId.1=i-1&Option.Size=3&Tag.1.Key=k&Tag.1.Value=v" {
		t.Errorf("canonical query = %q", q)
	}
	ws := strings.Join(warnings(p), "\n")
	for _, w := range []string{`type "Integre" read as integer`, "Unknown is not in the request table", `"abc" of Count does not fit`} {
		if !strings.Contains(ws, w) {
			t.Errorf("missing warning %q in\n%s", w, ws)
		}
	}
}

func TestCanonicalLeavesOutBadValues(t *testing.T) {
	p := resolved(t, page("|Total|Long|1|总数|\n|Name|String|n|名|\n", "```\n{\"Total\": \"100****\", \"Name\": 5}\n```\n"))
	var js string
	for _, e := range p.Examples {
		if e.Kind == spec.JSONExample {
			js = e.Canonical
		}
	}
	if js != `{"Total":null,"Name":5}` {
		t.Errorf("canonical = %s", js)
	}
	if ws := fmt.Sprint(warnings(p)); !strings.Contains(ws, `"100****" of Total does not fit`) {
		t.Errorf("warnings = %s", ws)
	}
	if d := cmp.Diff("int64", string(p.Response.Fields[0].Kind)); d != "" {
		t.Error(d)
	}
}

func TestDeferredResponseWithoutTable(t *testing.T) {
	src := "# GetThing\n\n[x](https://api.aliyun.com/#product=D&api=GetThing&type=ROA&version=2020-01-01)\n\n" +
		"## 返回数据\n\n-   响应元素\n\n    响应内容中包含的参数信息，请参见[配置](~~1~~)。\n\n" +
		"## 示例\n\n```\n{\"configName\":\"c\",\"inputDetail\":{\"logPath\":\"/var\",\"key\":[\"a\"]},\"outputs\":[{\"x\":1}]}\n```\n"
	p := resolved(t, src)
	if got, want := shape(p.Response), "{configName:string inputDetail:map outputs[]map}"; got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
	// Without the note the example is all the page says: typed from it.
	p = resolved(t, strings.Replace(src, "请参见[配置](~~1~~)", "如下", 1))
	if got, want := shape(p.Response), "{configName:string inputDetail{logPath:string key[]string} outputs[]{x:int64}}"; got != want {
		t.Errorf("without the note\n got %s\nwant %s", got, want)
	}
}

// A flat table with no example for its containers: a container named in
// parallel with the one being listed (same last word) is its sibling, not
// its member; others stay members.
func TestParallelContainersAreSiblings(t *testing.T) {
	rows := "|RequestId|String|r|x|\n|FailedFcParameters| | |x|\n|FunctionName|String|f|x|\n|Id|Integer|1|x|\n" +
		"|FailedMnsParameters| | |x|\n|Id|Integer|2|x|\n|Queue|String|q|x|\n" +
		"|Stats| | |x|\n|Cost|String|1|x|\n"
	p := resolved(t, page(rows, "```\n{\"RequestId\":\"r\"}\n```\n"))
	want := "{RequestId:string FailedFcParameters{FailedFcParameter[]{FunctionName:string Id:int32}} FailedMnsParameters{FailedMnsParameter[]{Id:int32 Queue:string Stats{Stat[]{Cost:string}}}}}"
	if got := shape(p.Response); got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{{"FailedFcParameters", "FailedMnsParameters", true}, {"VideoStreamList", "AudioStreamList", true}, {"Tags", "Tag", false}, {"KeyPairs", "Tags", false}, {"VSwitchIds", "VpcIds", true}, {"Config", "NetworkConfig", false}, {"VideoList", "ThumbnailList", false}, {"UnhealthyList", "InstanceList", false}, {"MediaWorkflowList", "NonExistMediaWorkflowIdList", true}} {
		if got := parallelNames(tc.a, tc.b); got != tc.want {
			t.Errorf("parallelNames(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

// A JSON example in a gateway envelope around a flat table: data's members
// are the response; envelope members the table does not list are dropped.
// An object data whose members the table does not list is kept.
func TestGatewayEnvelope(t *testing.T) {
	rows := "|RequestId|String|r|x|\n|TaskStatus|Integer|2|x|\n|WafTaskId|Integer|1|x|\n"
	ex := "```\n{\"requestId\":\"r\",\"data\":{\"TaskStatus\":2,\"WafTaskId\":1},\"code\":200,\"success\":true}\n```\n"
	p := resolved(t, page(rows, ex))
	if got, want := shape(p.Response), "{RequestId:string TaskStatus:int32 WafTaskId:int32}"; got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
	if w := strings.Join(warnings(p), "\n"); !strings.Contains(w, "gateway envelope (code, success, data)") {
		t.Errorf("no envelope warning in:\n%s", w)
	}
	// The gateway's other scalars (successResponse) are dropped too, its
	// requestId gives way to data's RequestId, and an XML example in the
	// same envelope is read alike.
	ex = "```\n<code>200</code><data><RequestId>r</RequestId><Store><StoreId>s</StoreId></Store></data><requestId>r</requestId><successResponse>true</successResponse>\n```\n\n" +
		"```\n{\"code\":200,\"data\":{\"RequestId\":\"r\",\"Store\":{\"StoreId\":\"s\"}},\"requestId\":\"r\",\"successResponse\":true}\n```\n"
	p = resolved(t, page("|Code|String|200|x|\n|RequestId|String|r|x|\n|Store|Struct| |x|\n|StoreId|String|s|x|\n", ex))
	if got, want := shape(p.Response), "{Code:string RequestId:string Store{StoreId:string}}"; got != want {
		t.Errorf("shape with an XML envelope and the gateway's own scalars\n got %s\nwant %s", got, want)
	}
	w := strings.Join(warnings(p), "\n")
	for _, m := range []string{"the JSON example wraps the response in a gateway envelope (requestId, successResponse, data)", "the XML example wraps the response in a gateway envelope (requestId, successResponse, data)"} {
		if !strings.Contains(w, m) {
			t.Errorf("no warning %q in:\n%s", m, w)
		}
	}
	kept := resolved(t, page("|RequestId|String|r|x|\n|Total|Integer|2|x|\n", "```\n{\"RequestId\":\"r\",\"Total\":2,\"data\":{\"a\":1,\"b\":2}}\n```\n"))
	if got := shape(kept.Response); !strings.Contains(got, "data") {
		t.Errorf("undocumented data dropped: %s", got)
	}
}

// A String parameter whose example is JSON, with a table of its members
// after the parameter table: the members are that value's, sent as one JSON
// string; their required flags stay inside it. A sub-table that is none of
// its members stays parameters.
func TestJSONStringParameterSubTable(t *testing.T) {
	head := "# AddThing\n\n[x](https://api.aliyun.com/#product=D&api=AddThing&type=RPC&version=2020-01-01)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|Action|String|是|AddThing|x|\n|Name|String|是|n|名|\n|Sources|String|是|[{\"content\":\"1.1.1.1\",\"port\":80}]|源站|\n|Options|String|否|{\"time_out\":5}|选项|\n\n"
	src := head + "Sources参数的各字段含义如下表所示。\n\n|参数|类型|是否必选|描述|\n|--|--|--|--|\n|content|String|是|地址|\n|port|Integer|否|端口|\n|weight|String|否|权重|\n\n" +
		"HTTP任务的高级参数如下。\n\n|参数|类型|描述|\n|--|--|--|\n|http_method|String|方法|\n|time_out|int|超时|\n\n" +
		"其他参数。\n\n|名称|类型|是否必选|描述|\n|--|--|--|--|\n|ClientToken|String|否|幂等|\n" +
		"\n## 示例\n\n请求示例\n\n```\nhttp(s)://[Endpoint]/?Action=AddThing\n&Name=n\n&Sources=[{\"port\":\"80\",\"weight\":\"1\",\"content\":\"1.1.1.1\",\"extra\":1}]\n&<公共请求参数>\n```\n"
	p := resolved(t, src)
	var q string
	for _, e := range p.Examples {
		if e.Kind == spec.RequestExample {
			q = e.Canonical
		}
	}
	// As encoding/json writes the generated type: field order, the quoted
	// port (an int32) and the undocumented key left out.
	if want := "Name=n&Sources=" + url.QueryEscape(`[{"content":"1.1.1.1","weight":"1"}]`); q != want {
		t.Errorf("canonical request example\n got %s\nwant %s", q, want)
	}
	got := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()})
	want := "{Name:string Sources[]{content:string port:int32 weight:string} Options{http_method:string time_out:int32} ClientToken:string}"
	if got != want {
		t.Errorf("request\n got %s\nwant %s", got, want)
	}
	for _, f := range p.Params() {
		if (f.Name == "Sources" || f.Name == "Options") && f.Flat {
			t.Errorf("%s is flattened; it is one JSON value", f.Name)
		}
		if f.Name == "Sources" && (!f.Required || !f.Elem.Fields[0].Required || f.Elem.Fields[1].Required) {
			t.Errorf("required flags: Sources %v, content %v, port %v", f.Required, f.Elem.Fields[0].Required, f.Elem.Fields[1].Required)
		}
	}
	if w := strings.Join(warnings(p), "\n"); strings.Count(w, "describes the JSON value of request parameter") != 2 {
		t.Errorf("want two sub-table warnings in:\n%s", w)
	}
}

// A table after the parameter table with no required column, that no JSON
// parameter owns, documents values (the keys a Settings.N.Key may take),
// not parameters.
func TestValueTablesAreNotParameters(t *testing.T) {
	src := "# SaveThing\n\n[x](https://api.aliyun.com/#product=D&api=SaveThing&type=RPC&version=2020-01-01)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|Action|String|是|SaveThing|x|\n|Settings.N.Key|String|否|sampling.enable|键|\n|Settings.N.Value|String|否|true|值|\n\n" +
		"采样字段说明\n\n|Key|字段说明|Value|\n|--|--|--|\n|sampling.enable|是否采样|true|\n|sampling.rate|采样率|10|\n"
	p := resolved(t, src)
	if got, want := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()}), "{Settings[]{Key:string Value:string}}"; got != want {
		t.Errorf("request\n got %s\nwant %s", got, want)
	}
	if w := strings.Join(warnings(p), "\n"); !strings.Contains(w, "documents values or structures, not parameters") {
		t.Errorf("no warning in:\n%s", w)
	}
}

// A String response field whose description says it holds JSON text, and
// unlabelled tables after the response table: they document that text, not
// the response's structure.
func TestJSONTextTablesLeftOut(t *testing.T) {
	rows := "|RequestId|String|r|x|\n|Data|String|{}|分析结果，以JSON字符串表示。|\n\n下方定义：\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|persons|JSONArray| |人物|\n|persons.name|String|n|名字|\n"
	p := resolved(t, page(rows, "```\n{\"RequestId\":\"r\",\"Data\":\"{}\"}\n```\n"))
	if got, want := shape(p.Response), "{RequestId:string Data:string}"; got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
	if w := strings.Join(warnings(p), "\n"); !strings.Contains(w, "documents the value of response field Data (a string its description says is JSON") {
		t.Errorf("no warning in:\n%s", w)
	}
}

// A sorted flat table whose example shows lists empty: the rows after a
// scalar list are not its members, and a container the example shows
// empty closes like one only the table has once the names go back.
func TestEmptyExampleListsInSortedTables(t *testing.T) {
	rows := "|Result|Struct| |x|\n|dicts|Array of Dict| |x|\n|name|String|n|x|\n|type|String|t|x|\n|ips|List|[ \"0.0.0.0/0\" ]|x|\n|port|Integer|1|x|\n|tags|Array of Tag| |x|\n|tagKey|String|k|x|\n|RequestId|String|r|x|\n"
	ex := "```\n{\"RequestId\":\"r\",\"Result\":{\"dicts\":[],\"ips\":[]}}\n```\n"
	p := resolved(t, page(rows, ex))
	got := shape(p.Response)
	for _, want := range []string{"dicts[]{name:string type:string}", "ips[]string", "port:int32", "tags[]{tagKey:string}"} {
		if !strings.Contains(got, want) {
			t.Errorf("shape %s lacks %s", got, want)
		}
	}
	if strings.Contains(got, "ips[]{") || strings.Contains(got, "type:string tags") {
		t.Errorf("rows placed in the list before them: %s", got)
	}
}

// The JSON-string parameter's shape from the request example when its own
// example cell is empty, and a member's own table ("portMappings参数说明")
// nests under that member.
func TestJSONStringParameterNestedTables(t *testing.T) {
	src := "# AddThing\n\n[x](https://api.aliyun.com/#product=D&api=AddThing&type=RPC&version=2020-01-01)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|Action|String|是|AddThing|x|\n|Config|String|否| |配置|\n\n" +
		"**Config参数说明**\n\n|名称|类型|是否必选|描述|\n|--|--|--|--|\n|privileged|Integer|否|特权|\n|portMappings|List|否|端口映射|\n\n" +
		"**portMappings参数说明**\n\n|名称|类型|是否必选|描述|\n|--|--|--|--|\n|hostPort|Integer|是|主机端口|\n\n" +
		"## 示例\n\n请求示例\n\n```\nhttp(s)://[Endpoint]/?Action=AddThing\n&Config=[{\"privileged\":1}]\n```\n"
	p := resolved(t, src)
	got := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()})
	if want := "{Config[]{privileged:int32 portMappings[]{hostPort:int32}}}"; got != want {
		t.Errorf("request\n got %s\nwant %s", got, want)
	}
}

// A ROA body row without a name, typed Array, then body rows: the body is a
// list of objects with those members, sent as it is; an unnamed Object row
// only stands for the body object its members make.
func TestUnnamedBodyRow(t *testing.T) {
	head := "# SaveAll\n\n## 请求语法\n\n```\nPOST /v1/api/{apiId}/policies\n```\n\n## 请求参数\n\n|名称|类型|位置|是否必选|示例值|描述|\n|--|--|--|--|--|--|\n|apiId|Long|Path|是|68|API ID。|\n"
	p := resolved(t, head+"| |Array|Body|否| |策略列表。|\n|policyId|String|Body|否|1|策略ID。|\n|priority|Long|Body|否|0|优先级。|\n")
	got := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()})
	if want := "{apiId:int64 body[]{policyId:string priority:int64}}"; got != want {
		t.Errorf("request\n got %s\nwant %s", got, want)
	}
	if b := p.Params()[len(p.Params())-1]; !b.Raw || b.Position != spec.InBody {
		t.Errorf("body: raw %v, position %s", b.Raw, b.Position)
	}
	p = resolved(t, head+"| |Object|Body|否| |参数。|\n|name|String|Body|否|n|名称。|\n")
	if got, want := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()}), "{apiId:int64 name:string}"; got != want {
		t.Errorf("object body\n got %s\nwant %s", got, want)
	}
}

// A table after "RequestBody中需要填入以下参数" in the 请求参数 section lists
// body members; a RequestBody example that is a JSON list of objects with
// the body table's members makes the body that list.
func TestRequestBodyTables(t *testing.T) {
	head := "# CreateThings\n\n## 请求语法\n\n```\nPOST /things HTTP/1.1\n```\n\n## 请求参数\n\n请求参数为空，但需填写RequestBody。\n\nRequestBody中需要填入以下参数。\n\n" +
		"|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|name|String|是|n|名称。|\n|size|Integer|否|1|大小。|\n\n"
	p := resolved(t, head)
	if got, want := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()}), "{name:string size:int32}"; got != want || p.Params()[0].Position != "Body" {
		t.Errorf("request %s at %s, want %s in the body", got, p.Params()[0].Position, want)
	}
	p = resolved(t, head+"示例如下。\n\n```\n[{\"name\":\"n\",\"size\":1}]\n```\n")
	if got, want := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()}), "{body[]{name:string size:int32}}"; got != want || !p.Params()[0].Raw {
		t.Errorf("request %s (raw %v), want %s", got, p.Params()[0].Raw, want)
	}
}

// A sub-table after the parameter table, labelled by a short paragraph that
// names an Object parameter's description, lists that object's members; for
// an Object described as keyed by names (a map) its rows are not parameters
// either, and it stays a free-form value.
func TestObjectParameterSubTables(t *testing.T) {
	src := "# CreateIndex\n\n## 请求语法\n\n```\nPOST /logstores/{logstore}/index HTTP/1.1\n```\n\n## 请求参数\n\n" +
		"|参数名称|数据类型|是否必填|示例值|描述|\n|:---|:---|:---|---|:-|\n|logstore|String|是|l|名称。|\n" +
		"|keys|Object|否|无|字段索引配置，key为字段名称，value为字段索引配置。|\n|line|Object|否|无|全文索引配置。该参数和keys必须至少指定一个。|\n\n" +
		"-   全文索引配置包含如下信息：\n\n|参数名称|数据类型|是否必填|示例值|描述|\n|:---|:---|:---|---|:-|\n|caseSensitive|Boolean|否|true|大小写。|\n|chn|Boolean|否|true|中文。|\n\n" +
		"-   字段索引配置包含如下信息：\n\n|参数名称|数据类型|是否必填|示例值|描述|\n|:---|:---|:---|---|:-|\n|type|String|是|text|类型。|\n|alias|String|否|a|别名。|\n"
	p := resolved(t, src)
	if got, want := shape(&spec.Field{Kind: spec.Struct, Fields: p.Params()}), "{logstore:string keys:any line{caseSensitive:bool chn:bool}}"; got != want {
		t.Errorf("request\n got %s\nwant %s", got, want)
	}
	if w := strings.Join(warnings(p), "\n"); !strings.Contains(w, "describes request parameter line (Object)") || !strings.Contains(w, "describes request parameter keys (Object)") {
		t.Errorf("warnings:\n%s", w)
	}
}

// A list parameter without .N that the page writes as a JSON array (its
// request example, example cell or description) is sent as one JSON
// string; a list named X.N, or without any such sign, is flattened.
func TestJSONArrayListParameters(t *testing.T) {
	src := "# AttachThing\n\n[x](https://api.aliyun.com/#product=D&api=AttachThing&type=RPC)\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n" +
		"|Action|String|是|AttachThing|x|\n|InstanceIds|Array|是| |实例ID的集合。|\n|GroupIds|Array|否| |安全组ID列表，格式为JSON数组。|\n|DiskIds|Array|否|[\"d-1\"]|磁盘。|\n|ZoneId.N|RepeatList|否|z|可用区。|\n|Names|Array|否|n|名称。|\n\n" +
		"## 示例\n\n```\nhttp(s)://[Endpoint]/?Action=AttachThing\n&InstanceIds=[\"i-1\"]\n&<公共请求参数>\n```\n"
	p := resolved(t, src)
	flat := map[string]bool{}
	for _, f := range p.Params() {
		flat[f.Name] = f.Flat
	}
	want := map[string]bool{"InstanceIds": false, "GroupIds": false, "DiskIds": false, "ZoneId": true, "Names": true}
	if d := cmp.Diff(want, flat); d != "" {
		t.Errorf("flattened (-want +got):\n%s", d)
	}
	if ws := strings.Join(warnings(p), "\n"); !strings.Contains(ws, "InstanceIds is a list the page writes as a JSON array (the request example gives") {
		t.Errorf("warnings:\n%s", ws)
	}
}

// An XML example that marks a list wrapper list="true" decides the list
// nesting, also with one item, and over a JSON example that shows the items
// straight in a list or a list of one wrapper.
func TestXMLListMark(t *testing.T) {
	rows := "|RequestId|String|r|x|\n|Jobs|Job[]| |x|\n"
	xml := "```\n<DescribeThingResponse><RequestId>r</RequestId><Jobs list=\"true\"><Job><Id>1</Id><Parts list=\"true\"><Part><N>1</N></Part></Parts></Job></Jobs></DescribeThingResponse>\n```\n"
	want := "{RequestId:string Jobs{Job[]{Id:int64 Parts{Part[]{N:int64}}}}}"
	for name, json := range map[string]string{
		"xml only":       "",
		"items in list":  "```\n{\"RequestId\":\"r\",\"Jobs\":[{\"Id\":1,\"Parts\":[{\"N\":1}]}]}\n```\n",
		"wrapper listed": "```\n{\"RequestId\":\"r\",\"Jobs\":[{\"Job\":{\"Id\":1,\"Parts\":{\"Part\":{\"N\":1}}}}]}\n```\n",
		"as wire":        "```\n{\"RequestId\":\"r\",\"Jobs\":{\"Job\":[{\"Id\":1,\"Parts\":{\"Part\":[{\"N\":1}]}}]}}\n```\n",
	} {
		p := resolved(t, page(rows, xml+json))
		got := shape(p.Response)
		if got != want {
			t.Errorf("%s: shape\n got %s\nwant %s", name, got, want)
		}
		if w := strings.Join(warnings(p), "\n"); name != "xml only" && name != "as wire" && !strings.Contains(w, "marks Jobs as a list of Job") {
			t.Errorf("%s: no list-mark warning in:\n%s", name, w)
		}
	}
	// Without the mark, one XML item stays an object.
	p := resolved(t, page("|RequestId|String|r|x|\n|Job|Struct| |x|\n|Id|Integer|1|x|\n", "```\n<DescribeThingResponse><RequestId>r</RequestId><Job><Id>1</Id></Job></DescribeThingResponse>\n```\n"))
	if got, want := shape(p.Response), "{RequestId:string Job{Id:int32}}"; got != want {
		t.Errorf("unmarked: shape\n got %s\nwant %s", got, want)
	}
}

// Sub-tables labelled with the row's type or name and "Type" (ECS's
// "**AvailableZoneType**" for `Array of AvailableZones`) describe that row's
// elements, level after level.
func TestTypeSuffixedSubTables(t *testing.T) {
	rows := "|RequestId|String|r|x|\n|Zones|Array of [`Zones`](#)| |x|\n\n**ZoneType**\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|ZoneId|String|z|x|\n|Resources|Array of [`ResourcesType`](#)| |x|\n\n" +
		"**ResourcesType**\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Max|Integer|1|x|\n"
	p := resolved(t, page(rows, "```\n{\"RequestId\":\"r\",\"Zones\":{\"Zone\":[{\"ZoneId\":\"z\",\"Resources\":{\"Resource\":[{}]}}]}}\n```\n"))
	if got, want := shape(p.Response), "{RequestId:string Zones{Zone[]{ZoneId:string Resources{Resource[]{Max:int32}}}}}"; got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
}

// A flat table lists an inner list's fields, some of them named again later
// for the outer list; the examples show only the outer ones. The first rows
// stay in the inner list, the later ones go back to the outer, as often as
// the examples have the name.
func TestRepeatedNamesStayInInnerContainer(t *testing.T) {
	rows := "|Groups|Array of Group| |x|\n|GroupId|Long|1|x|\n|Contacts|Array of Contact| |x|\n|ContactId|Long|1|x|\n|CreateTime|Long|1|x|\n|Email|String|e|x|\n|UserId|String|u|x|\n" +
		"|CreateTime|Long|1|x|\n|UserId|String|u|x|\n|RequestId|String|r|x|\n"
	ex := "```\n{\"Groups\":[{\"GroupId\":1,\"CreateTime\":1,\"UserId\":\"u\"}],\"RequestId\":\"r\"}\n```\n"
	p := resolved(t, page(rows, ex))
	want := "{Groups[]{GroupId:int64 Contacts[]{ContactId:int64 CreateTime:int64 Email:string UserId:string} CreateTime:int64 UserId:string} RequestId:string}"
	if got := shape(p.Response); got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
}

// In a package whose RPC responses wrap their lists (Hints.Wrapped), a list
// of scalars only the table shows and a list of objects the JSON example
// shows bare where the XML shows its wrapper are wrapped; without the hint
// (a JSON-native package) both stay bare.
func TestWrappedPackage(t *testing.T) {
	cases := []struct {
		name, rows, examples, wrapped, bare, warn string
	}{
		{
			name:     "a plural List row no example shows",
			rows:     "|Ports|List|80|端口|\n|RequestId|String|r|请求|\n",
			examples: "```\n{\"RequestId\":\"r\"}\n```\n",
			wrapped:  "{Ports{Port[]string} RequestId:string}",
			bare:     "{Ports[]string RequestId:string}",
			warn:     `response field Ports is a list (List) no example shows, and this package's RPC responses wrap their lists; generating the RPC wrapper {"Ports": {"Port": [...]}}`,
		},
		{
			name: "a bare JSON list the XML example wraps",
			rows: "|Groups| | |组|\n|GroupId|String|g|ID|\n|RequestId|String|r|请求|\n",
			examples: "`XML`格式\n\n```\n<DescribeThingResponse><RequestId>r</RequestId><Groups><Group><GroupId>g1</GroupId></Group><Group><GroupId>g2</GroupId></Group></Groups></DescribeThingResponse>\n```\n\n" +
				"`JSON`格式\n\n```\n{\"RequestId\":\"r\",\"Groups\":[{\"GroupId\":\"g1\"},{\"GroupId\":\"g2\"}]}\n```\n",
			wrapped: "{Groups{Group[]{GroupId:string}} RequestId:string}",
			bare:    "{Groups[]{GroupId:string} RequestId:string}",
			warn:    `the JSON example shows Groups as a bare list, the XML example as the wrapper of Group items, and this package's RPC responses wrap their lists; generating the wrapper {"Groups": {"Group": [...]}}`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, h := range []Hints{{}, {Wrapped: true}} {
				p := parser.Parse("p.md", []byte(page(c.rows, c.examples)))
				PageWith(p, h)
				if spec.HasErrors(p.Diagnostics) {
					t.Fatalf("errors: %v", p.Diagnostics)
				}
				want := c.bare
				if h.Wrapped {
					want = c.wrapped
				}
				if got := shape(p.Response); got != want {
					t.Errorf("Wrapped %v: got %s, want %s", h.Wrapped, got, want)
				}
				warned := false
				for _, w := range warnings(p) {
					warned = warned || strings.Contains(w, c.warn)
				}
				if warned != h.Wrapped {
					t.Errorf("Wrapped %v: warned %v, want %v: %q in %v", h.Wrapped, warned, h.Wrapped, c.warn, warnings(p))
				}
			}
		})
	}
}

// ListsWrapped says a package wraps its lists when its RPC responses hold
// at least wrappedMinLists lists of objects, wrapped at least twice as often
// as bare.
func TestListsWrapped(t *testing.T) {
	item := &spec.Field{Name: "User", Kind: spec.Struct, Fields: []*spec.Field{{Name: "Name", Kind: spec.String}}}
	wrappedPage := func() *spec.Page {
		users := &spec.Field{Name: "Users", Kind: spec.Struct, Fields: []*spec.Field{{Name: "User", Kind: spec.Array, Elem: item}}}
		return &spec.Page{Endpoint: spec.Endpoint{Style: spec.RPC}, Response: &spec.Field{Kind: spec.Struct, Fields: []*spec.Field{{Name: "RequestId", Kind: spec.String}, users}}}
	}
	barePage := func() *spec.Page {
		return &spec.Page{Endpoint: spec.Endpoint{Style: spec.RPC}, Response: &spec.Field{Kind: spec.Struct, Fields: []*spec.Field{{Name: "RequestId", Kind: spec.String}, {Name: "Users", Kind: spec.Array, Elem: item}}}}
	}
	build := func(w, b int) []*spec.Page {
		var ps []*spec.Page
		for range w {
			ps = append(ps, wrappedPage())
		}
		for range b {
			ps = append(ps, barePage())
		}
		return ps
	}
	for _, c := range []struct {
		wrapped, bare int
		want          bool
	}{{10, 0, true}, {8, 4, true}, {8, 5, false}, {9, 0, false}, {0, 12, false}} {
		if got := ListsWrapped(build(c.wrapped, c.bare)); got != c.want {
			t.Errorf("%d wrapped, %d bare: ListsWrapped %v, want %v", c.wrapped, c.bare, got, c.want)
		}
	}
}

// Examples rooted in another API's response (<DescribeServersResponse> on
// DescribeThing, a copy of that page's examples): when the package has
// that API and none of the body's own fields is in the table, they are
// ignored and the table decides; a page that copied only the root element
// keeps its example.
func TestOtherAPIExample(t *testing.T) {
	const rows = "|RequestId|String|r|请求|\n|TotalCount|Integer|1|总数|\n|Certs|Array| |证书|\n|Cert| | |证书|\n|CertId|String|c-1|ID|\n"
	foreign := "`XML` 格式\n\n```\n<DescribeServersResponse><RequestId>r</RequestId><TotalCount>1</TotalCount><Servers><Server><ServerId>s-1</ServerId><Port>1194</Port></Server></Servers></DescribeServersResponse>\n```\n\n" +
		"`JSON` 格式\n\n```\n{\"DescribeServersResponse\":{\"RequestId\":\"r\",\"TotalCount\":1,\"Servers\":{\"Server\":{\"ServerId\":\"s-1\",\"Port\":1194}}}}\n```\n"
	rootOnly := "`JSON` 格式\n\n```\n{\"DescribeServersResponse\":{\"RequestId\":\"r\",\"TotalCount\":1,\"Certs\":{\"Cert\":[{\"CertId\":\"c-1\",\"Name\":\"n\"}]}}}\n```\n"
	actions := map[string]bool{"DescribeThing": true, "DescribeServers": true}
	for _, c := range []struct {
		name, examples string
		actions        map[string]bool
		want, warn     string
		kept           bool // the JSON example stays the page's
	}{
		{"the package has the other API: the examples are ignored", foreign, actions,
			"{RequestId:string TotalCount:int32 Certs{Cert[]{CertId:string}}}", "the XML example is the response of DescribeServers, another API of this product", false},
		{"without the package's Actions the examples are read", foreign, nil,
			"{RequestId:string TotalCount:int32 Servers:map Certs{Cert[]{CertId:string}}}", "", true},
		{"only the root element is another API's: the example is read", rootOnly, actions,
			"{RequestId:string TotalCount:int32 Certs{Cert[]{CertId:string}}}", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := parser.Parse("p.md", []byte(page(rows, c.examples)))
			if got := OtherAPIExample(p, c.actions); got != (c.actions != nil) {
				t.Errorf("OtherAPIExample = %v", got)
			}
			PageWith(p, Hints{Actions: c.actions})
			if got := shape(p.Response); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
			warned := false
			for _, w := range warnings(p) {
				warned = warned || c.warn != "" && strings.Contains(w, c.warn)
			}
			if c.warn != "" && !warned {
				t.Errorf("no warning %q in %v", c.warn, warnings(p))
			}
			if kept := exampleOf(p, spec.JSONExample) != nil; kept != c.kept {
				t.Errorf("JSON example kept: %v, want %v", kept, c.kept)
			}
		})
	}
}

// On a ROA page whose table gives no positions: a parameter named by a
// header line of the request syntax is that header; a path segment that is
// a parameter's bare name is its placeholder (with a warning); the others
// travel in the body of a POST, PUT or PATCH and in the query of a GET or
// DELETE. A position the table gives is kept.
func TestROAPositionsWithoutColumn(t *testing.T) {
	mk := func(syntax, rows string) *spec.Page {
		return resolved(t, "# SetThing\n\n## 请求语法\n\n```\n"+syntax+"\n```\n\n## 请求参数\n\n|名称|类型|是否必选|描述|\n|--|--|--|--|\n"+rows+
			"\n## 返回数据\n\n|名称|类型|描述|\n|--|--|--|\n|RequestId|String|r|\n")
	}
	positions := func(p *spec.Page) string {
		var out []string
		for _, f := range p.Params() {
			out = append(out, f.Name+"@"+string(f.Position))
		}
		return strings.Join(out, " ")
	}
	rows := "|Cookie|String|是|c|\n|ThingKey|String|是|k|\n|Name|String|否|n|\n"
	p := mk("POST /v1/things/ThingKey/properties HTTP/1.1\nCookie: Cookie\n\nPayload", rows)
	if got, want := positions(p), "Cookie@Header ThingKey@Path Name@Body"; got != want {
		t.Errorf("POST: %s, want %s", got, want)
	}
	if p.Path != "/v1/things/{ThingKey}/properties" {
		t.Errorf("path %s, want /v1/things/{ThingKey}/properties", p.Path)
	}
	if w := strings.Join(warnings(p), "\n"); !strings.Contains(w, "has request parameter names as segments (ThingKey); taking them as placeholders: /v1/things/{ThingKey}/properties") {
		t.Errorf("no warning for the bare placeholder:\n%s", w)
	}
	if got, want := positions(mk("GET /v1/things/ThingKey HTTP/1.1\nCookie: Cookie", rows)), "Cookie@Header ThingKey@Path Name@Query"; got != want {
		t.Errorf("GET: %s, want %s", got, want)
	}
	// Without header lines, Cookie is a parameter like the others; a
	// segment that names no parameter stays literal.
	if got, want := positions(mk("PUT /v1/things/properties", rows)), "Cookie@Body ThingKey@Body Name@Body"; got != want {
		t.Errorf("PUT: %s, want %s", got, want)
	}
	// A table with a 位置 column keeps its positions.
	p = resolved(t, "# SetThing\n\n## 请求语法\n\n```\nPOST /v1/things/ThingKey\n```\n\n## 请求参数\n\n|名称|类型|位置|是否必选|描述|\n|--|--|--|--|--|\n|ThingKey|String|Query|是|k|\n|Name|String|Query|否|n|\n")
	if got, want := positions(p), "ThingKey@Query Name@Query"; got != want || p.Path != "/v1/things/ThingKey" {
		t.Errorf("with positions: %s at %s, want %s at /v1/things/ThingKey", got, p.Path, want)
	}
}

// A sorted flat table goes back to the list's level after a struct the
// examples show: a row only the table has, sorting before the struct's
// last field and after the struct, is the list's (CenId after BasicPackage's
// Bandwidth, BandwidthType, InstanceId). It takes three fields in order, or
// two at a level sorted up to the struct: two alone are chance (Id, Name,
// then Description stays). Byte order counts as sorted (SSLPub, then Scope,
// stays), and climbing never ends in an RPC wrapper, which holds only its
// list.
func TestSortedTableLeavesExampleStruct(t *testing.T) {
	for _, tc := range []struct{ name, rows, ex, want string }{
		{"sorted",
			"|Items|Array of Item| |x|\n|AcceleratorId|String|a|x|\n|BasicPackage|Struct| |x|\n|Bandwidth|Integer|2|x|\n|BandwidthType|String|b|x|\n|InstanceId|String|i|x|\n" +
				"|CenId|String|c|x|\n|Name|String|n|x|\n|RequestId|String|r|x|\n",
			"```\n{\"RequestId\":\"r\",\"Items\":[{\"AcceleratorId\":\"a\",\"Name\":\"n\",\"BasicPackage\":{\"BandwidthType\":\"b\",\"InstanceId\":\"i\",\"Bandwidth\":2}}]}\n```\n",
			"{Items[]{AcceleratorId:string BasicPackage{Bandwidth:int32 BandwidthType:string InstanceId:string} CenId:string Name:string} RequestId:string}"},
		{"byte order",
			"|Detail|Struct| |x|\n|Cname|String|c|x|\n|DomainName|String|d|x|\n|SSLProtocol|String|on|x|\n|SSLPub|String|p|x|\n|Scope|String|s|x|\n|RequestId|String|r|x|\n",
			"```\n{\"RequestId\":\"r\",\"Detail\":{\"Cname\":\"c\",\"DomainName\":\"d\",\"SSLProtocol\":\"on\"}}\n```\n",
			"{Detail{Cname:string DomainName:string SSLProtocol:string SSLPub:string Scope:string} RequestId:string}"},
		{"two in order, at a level sorted up to them",
			"|Items|Array of Item| |x|\n|AcceleratorId|String|a|x|\n|Bandwidth|Integer|5|x|\n|CrossPackage|Struct| |x|\n|Capacity|Integer|2|x|\n|InstanceId|String|i|x|\n" +
				"|DdosId|String|d|x|\n|Name|String|n|x|\n|RequestId|String|r|x|\n",
			"```\n{\"RequestId\":\"r\",\"Items\":[{\"AcceleratorId\":\"a\",\"Bandwidth\":5,\"Name\":\"n\",\"CrossPackage\":{\"InstanceId\":\"i\",\"Capacity\":2}}]}\n```\n",
			"{Items[]{AcceleratorId:string Bandwidth:int32 CrossPackage{Capacity:int32 InstanceId:string} DdosId:string Name:string} RequestId:string}"},
		{"in a wrapper",
			"|LoadBalancerId|String|lb|x|\n|BackendServers|Array of BackendServer| |x|\n|BackendServer| | | |\n|Port|Integer|80|x|\n|ServerId|String|i|x|\n|Weight|String|100|x|\n|Description|String|d|x|\n|Type|String|ecs|x|\n|RequestId|String|r|x|\n",
			"```\n{\"RequestId\":\"r\",\"LoadBalancerId\":\"lb\",\"BackendServers\":{\"BackendServer\":[{\"Port\":80,\"ServerId\":\"i\",\"Weight\":\"100\",\"Type\":\"ecs\"}]}}\n```\n",
			"{LoadBalancerId:string BackendServers{BackendServer[]{Port:int32 ServerId:string Weight:string Description:string Type:string}} RequestId:string}"},
		{"two in order",
			"|Code|String|c|x|\n|Data|Struct| |x|\n|Id|String|i|x|\n|Name|String|n|x|\n|Description|String|d|x|\n|RequestId|String|r|x|\n",
			"```\n{\"RequestId\":\"r\",\"Code\":\"c\",\"Data\":{\"Id\":\"i\",\"Name\":\"n\"}}\n```\n",
			"{Code:string Data{Id:string Name:string Description:string} RequestId:string}"},
	} {
		if got := shape(resolved(t, page(tc.rows, tc.ex)).Response); got != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// A row with no type whose sample cell is a value (1.1.1.0/10, or a JSON
// list of values) is not a container: the rows after it are its siblings.
// Named in the plural on an RPC page it is the wrapper of a list of such
// values, as a blank-typed plural container is the wrapper of a list of
// objects (backbonenet DescribeCenRouteMaps, ecs DescribeZones).
func TestValueCellIsNoContainer(t *testing.T) {
	rows := "|RequestId|String|r|x|\n|Maps| | |x|\n|CidrBlocks| |1.1.1.0/10|x|\n|MatchSet| |65501:1|x|\n|Priority|Integer|2|x|\n" +
		"|Families| |[\"d1\", \"d1ne\"]|x|\n|Status|String|s|x|\n"
	p := resolved(t, page(rows, "```\n{\"RequestId\":\"r\"}\n```\n"))
	want := "{RequestId:string Maps{Map[]{CidrBlocks{CidrBlock[]string} MatchSet:string Priority:int32 Families{Family[]string} Status:string}}}"
	if got := shape(p.Response); got != want {
		t.Errorf("shape\n got %s\nwant %s", got, want)
	}
}
