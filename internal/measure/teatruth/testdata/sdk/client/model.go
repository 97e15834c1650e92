// A Tea-SDK-shaped package of our own, for the test.
package client

type DescribeWidgetsResponseBody struct {
	RequestId  *string                               `json:"RequestId,omitempty" xml:"RequestId,omitempty"`
	TotalCount *int32                                `json:"TotalCount,omitempty" xml:"TotalCount,omitempty"`
	Widgets    *DescribeWidgetsResponseBodyWidgets   `json:"Widgets,omitempty" xml:"Widgets,omitempty" type:"Struct"`
	Labels     map[string]interface{}                `json:"Labels,omitempty" xml:"Labels,omitempty"`
	Ids        []*string                             `json:"Ids,omitempty" xml:"Ids,omitempty" type:"Repeated"`
	Size       *int64                                `json:"Size,omitempty" xml:"Size,omitempty"`
	Rate       *float32                              `json:"Rate,omitempty" xml:"Rate,omitempty"`
	Ok         *bool                                 `json:"Ok,omitempty" xml:"Ok,omitempty"`
	Self       *DescribeWidgetsResponseBodyRecursive `json:"Self,omitempty" xml:"Self,omitempty"`
	hidden     string
}

type DescribeWidgetsResponseBodyWidgets struct {
	Widget []*DescribeWidgetsResponseBodyWidgetsWidget `json:"Widget,omitempty" xml:"Widget,omitempty" type:"Repeated"`
}

type DescribeWidgetsResponseBodyWidgetsWidget struct {
	WidgetId *string `json:"WidgetId,omitempty" xml:"WidgetId,omitempty"`
}

type DescribeWidgetsResponseBodyRecursive struct {
	Next *DescribeWidgetsResponseBodyRecursive `json:"Next,omitempty"`
}

type DescribeWidgetsRequest struct {
	// The page size.
	//
	// This parameter is required.
	//
	// example:
	//
	// 10
	PageSize *int32 `json:"PageSize,omitempty" xml:"PageSize,omitempty"`
	// Whether to check only. If true, this parameter is required. is not the line.
	DryRun *bool `json:"DryRun,omitempty" xml:"DryRun,omitempty"`
}
