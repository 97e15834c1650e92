package perfdecode

import (
	"bytes"
	"io"
	"net/http"
	_ "unsafe" // for go:linkname

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cloudcallcenter"
	jsoniter "github.com/json-iterator/go"
)

// The peer: the classic SDK. For the seed API it has its own generated
// struct (services/cloudcallcenter, CCC 2017-07-05); for the synthetic API
// the structs below are written as the SDK's generator writes them: plain
// Go types (int for Integer, int64 for Long, float64 for Float), json and
// xml tags, list wrappers as their own struct, *responses.BaseResponse
// embedded.

// SeedPeer is the SDK's own response struct for the seed API.
type SeedPeer = cloudcallcenter.GetInstanceSummaryReportSinceMidnightResponse

// NewSeedPeer is how the SDK makes an empty response to decode into.
func NewSeedPeer() *SeedPeer {
	return cloudcallcenter.CreateGetInstanceSummaryReportSinceMidnightResponse()
}

// SynthPeer is ListCallRecordsResponse in the SDK's style.
type SynthPeer struct {
	*responses.BaseResponse
	RequestId      string                       `json:"RequestId" xml:"RequestId"`
	Success        bool                         `json:"Success" xml:"Success"`
	Code           string                       `json:"Code" xml:"Code"`
	HttpStatusCode int                          `json:"HttpStatusCode" xml:"HttpStatusCode"`
	TotalCount     int                          `json:"TotalCount" xml:"TotalCount"`
	PageNumber     int                          `json:"PageNumber" xml:"PageNumber"`
	PageSize       int                          `json:"PageSize" xml:"PageSize"`
	CallRecords    CallRecordsInListCallRecords `json:"CallRecords" xml:"CallRecords"`
}

// CallRecordsInListCallRecords is the list wrapper, in the SDK's style.
type CallRecordsInListCallRecords struct {
	CallRecord []CallRecord `json:"CallRecord" xml:"CallRecord"`
}

// CallRecord is one list element, in the SDK's style.
type CallRecord struct {
	CallId       string  `json:"CallId" xml:"CallId"`
	Caller       string  `json:"Caller" xml:"Caller"`
	Callee       string  `json:"Callee" xml:"Callee"`
	AgentId      string  `json:"AgentId" xml:"AgentId"`
	StartTime    int64   `json:"StartTime" xml:"StartTime"`
	Duration     int     `json:"Duration" xml:"Duration"`
	RingTime     int64   `json:"RingTime" xml:"RingTime"`
	Satisfaction float64 `json:"Satisfaction" xml:"Satisfaction"`
	Recorded     bool    `json:"Recorded" xml:"Recorded"`
	SkillGroupId string  `json:"SkillGroupId" xml:"SkillGroupId"`
}

// NewSynthPeer is the SDK-style constructor (CreateXxxResponse).
func NewSynthPeer() *SynthPeer { return &SynthPeer{BaseResponse: &responses.BaseResponse{}} }

// PeerJSON is the SDK's own JSON decoder: the jsoniter configuration with
// the SDK's fuzzy decoders that responses.Unmarshal calls for JSON. It is
// unexported in the SDK, so it is reached by name.
//
//go:linkname PeerJSON github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses.jsonParser
var PeerJSON jsoniter.API

// PeerUnmarshal runs the SDK's public decoding path, responses.Unmarshal,
// on an HTTP 200 response carrying body: it reads the body (keeping a
// []byte and a string copy, as the SDK does), then decodes it with PeerJSON
// for "JSON" or encoding/xml for "XML".
func PeerUnmarshal(out responses.AcsResponse, body []byte, format string) error {
	resp := &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}
	return responses.Unmarshal(out, resp, format)
}
