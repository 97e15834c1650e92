package demo

// A small classic SDK service package, as github.com/aliyun/alibaba-cloud-sdk-go
// writes one (services/<code>), for teatruth's test.

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
)

type DescribeWidgetsRequest struct {
	*requests.RpcRequest
	PageSize   requests.Integer       `position:"Query" name:"PageSize"`
	Tag        *[]DescribeWidgetsTag  `position:"Query" name:"Tag"  type:"Repeated"`
	WidgetIds  *[]string              `position:"Query" name:"WidgetIds"  type:"Repeated"`
	Filter1Key string                 `position:"Query" name:"Filter.1.Key"`
	Options    DescribeWidgetsOptions `position:"Query" name:"Options"  type:"Struct"`
	Config     map[string]interface{} `position:"Body" name:"Config"  type:"Json"`
	DryRun     requests.Boolean       `position:"Query" name:"DryRun"`
}

type DescribeWidgetsTag struct {
	Key   string `name:"Key"`
	Value string `name:"Value"`
}

type DescribeWidgetsOptions struct {
	Deep  requests.Boolean `name:"Deep"`
	Disks *[]string        `name:"Disks" type:"Repeated"`
}

type DescribeWidgetsResponse struct {
	*responses.BaseResponse
	RequestId string `json:"RequestId" xml:"RequestId"`
}

func CreateDescribeWidgetsRequest() (request *DescribeWidgetsRequest) {
	request = &DescribeWidgetsRequest{RpcRequest: &requests.RpcRequest{}}
	request.InitWithApiInfo("Demo", "2020-01-01", "DescribeWidgets", "demo", "openAPI")
	request.Method = requests.POST
	return
}

type GetGadgetRequest struct {
	*requests.RoaRequest
	GadgetId string `position:"Path" name:"GadgetId"`
	Verbose  string `position:"Query" name:"verbose"`
	Trace    string `position:"Header" name:"x-trace"`
}

type GetGadgetResponse struct {
	*responses.BaseResponse
	RequestId string           `json:"RequestId" xml:"RequestId"`
	Parts     PartsInGetGadget `json:"Parts" xml:"Parts"`
}

type PartsInGetGadget struct {
	Part []Part `json:"Part" xml:"Part"`
}

// Part is shared by every API whose response has a Part (the classic SDK
// declares one struct per name in a package).
type Part struct {
	PartId string `json:"PartId" xml:"PartId"`
	Weight int64  `json:"Weight" xml:"Weight"`
}

func CreateGetGadgetRequest() (request *GetGadgetRequest) {
	request = &GetGadgetRequest{RoaRequest: &requests.RoaRequest{}}
	request.InitWithApiInfo("Demo", "2020-01-01", "GetGadget", "/gadgets/[GadgetId]", "demo", "openAPI")
	request.Method = requests.GET
	return
}

type OldThingRequest struct {
	*requests.RpcRequest
	ThingId string `position:"Query" name:"ThingId"`
}

func CreateOldThingRequest() (request *OldThingRequest) {
	request = &OldThingRequest{RpcRequest: &requests.RpcRequest{}}
	request.InitWithApiInfo("Demo", "2019-01-01", "OldThing", "demo", "openAPI")
	return
}
