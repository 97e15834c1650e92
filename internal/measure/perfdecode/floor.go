package perfdecode

// The floor: the same shapes as the generated types, in plain Go types, for
// input without quoted numbers.

// SeedPlain mirrors ccc.GetInstanceSummaryReportSinceMidnightResponse.
type SeedPlain struct {
	Code                  string          `json:"Code" xml:"Code"`
	HttpStatusCode        int32           `json:"HttpStatusCode" xml:"HttpStatusCode"`
	InstanceSummaryReport SeedPlainReport `json:"InstanceSummaryReport" xml:"InstanceSummaryReport"`
	Message               string          `json:"Message" xml:"Message"`
	RequestId             string          `json:"RequestId" xml:"RequestId"`
	Success               bool            `json:"Success" xml:"Success"`
}

type SeedPlainReport struct {
	Inbound    SeedPlainInbound  `json:"Inbound" xml:"Inbound"`
	InstanceId string            `json:"InstanceId" xml:"InstanceId"`
	Outbound   SeedPlainOutbound `json:"Outbound" xml:"Outbound"`
	Overall    SeedPlainOverall  `json:"Overall" xml:"Overall"`
	Timestamp  string            `json:"Timestamp" xml:"Timestamp"`
}

type SeedPlainInbound struct {
	AverageRingTime              int64   `json:"AverageRingTime" xml:"AverageRingTime"`
	AverageTalkTime              int64   `json:"AverageTalkTime" xml:"AverageTalkTime"`
	AverageWaitTime              int64   `json:"AverageWaitTime" xml:"AverageWaitTime"`
	AverageWorkTime              int64   `json:"AverageWorkTime" xml:"AverageWorkTime"`
	CallsAbandonedInIVR          int64   `json:"CallsAbandonedInIVR" xml:"CallsAbandonedInIVR"`
	CallsAbandonedInQueue        int64   `json:"CallsAbandonedInQueue" xml:"CallsAbandonedInQueue"`
	CallsHandled                 int64   `json:"CallsHandled" xml:"CallsHandled"`
	CallsIncomingIVR             int64   `json:"CallsIncomingIVR" xml:"CallsIncomingIVR"`
	CallsIncomingLine            int64   `json:"CallsIncomingLine" xml:"CallsIncomingLine"`
	CallsIncomingQueue           int64   `json:"CallsIncomingQueue" xml:"CallsIncomingQueue"`
	CallsOffered                 int64   `json:"CallsOffered" xml:"CallsOffered"`
	HandleRate                   float64 `json:"HandleRate" xml:"HandleRate"`
	MaxRingTime                  int64   `json:"MaxRingTime" xml:"MaxRingTime"`
	MaxTalkTime                  string  `json:"MaxTalkTime" xml:"MaxTalkTime"` // String in the page
	MaxWaitTime                  int64   `json:"MaxWaitTime" xml:"MaxWaitTime"`
	MaxWorkTime                  int64   `json:"MaxWorkTime" xml:"MaxWorkTime"`
	SatisfactionIndex            float64 `json:"SatisfactionIndex" xml:"SatisfactionIndex"`
	SatisfactionSurveysOffered   int64   `json:"SatisfactionSurveysOffered" xml:"SatisfactionSurveysOffered"`
	SatisfactionSurveysResponded int64   `json:"SatisfactionSurveysResponded" xml:"SatisfactionSurveysResponded"`
	ServiceLevel20               float64 `json:"ServiceLevel20" xml:"ServiceLevel20"`
	TotalRingTime                int64   `json:"TotalRingTime" xml:"TotalRingTime"`
	TotalTalkTime                int64   `json:"TotalTalkTime" xml:"TotalTalkTime"`
	TotalWaitTime                int64   `json:"TotalWaitTime" xml:"TotalWaitTime"`
	TotalWorkTime                int64   `json:"TotalWorkTime" xml:"TotalWorkTime"`
}

type SeedPlainOutbound struct {
	AnswerRate                   float64 `json:"AnswerRate" xml:"AnswerRate"`
	AverageDialingTime           int64   `json:"AverageDialingTime" xml:"AverageDialingTime"`
	AverageTalkTime              int64   `json:"AverageTalkTime" xml:"AverageTalkTime"`
	AverageWorkTime              int64   `json:"AverageWorkTime" xml:"AverageWorkTime"`
	CallsAnswered                int64   `json:"CallsAnswered" xml:"CallsAnswered"`
	CallsDialed                  int64   `json:"CallsDialed" xml:"CallsDialed"`
	MaxDialingTime               int64   `json:"MaxDialingTime" xml:"MaxDialingTime"`
	MaxTalkTime                  int64   `json:"MaxTalkTime" xml:"MaxTalkTime"`
	MaxWorkTime                  int64   `json:"MaxWorkTime" xml:"MaxWorkTime"`
	SatisfactionIndex            float64 `json:"SatisfactionIndex" xml:"SatisfactionIndex"`
	SatisfactionSurveysOffered   int64   `json:"SatisfactionSurveysOffered" xml:"SatisfactionSurveysOffered"`
	SatisfactionSurveysResponded int64   `json:"SatisfactionSurveysResponded" xml:"SatisfactionSurveysResponded"`
	TotalDialingTime             int64   `json:"TotalDialingTime" xml:"TotalDialingTime"`
	TotalTalkTime                int64   `json:"TotalTalkTime" xml:"TotalTalkTime"`
	TotalWorkTime                int64   `json:"TotalWorkTime" xml:"TotalWorkTime"`
}

type SeedPlainOverall struct {
	AverageReadyTime             int64   `json:"AverageReadyTime" xml:"AverageReadyTime"`
	AverageTalkTime              int64   `json:"AverageTalkTime" xml:"AverageTalkTime"`
	AverageWorkTime              int64   `json:"AverageWorkTime" xml:"AverageWorkTime"`
	MaxReadyTime                 int64   `json:"MaxReadyTime" xml:"MaxReadyTime"`
	MaxTalkTime                  int64   `json:"MaxTalkTime" xml:"MaxTalkTime"`
	MaxWorkTime                  int64   `json:"MaxWorkTime" xml:"MaxWorkTime"`
	OccupancyRate                float64 `json:"OccupancyRate" xml:"OccupancyRate"`
	SatisfactionIndex            float64 `json:"SatisfactionIndex" xml:"SatisfactionIndex"`
	SatisfactionSurveysOffered   int64   `json:"SatisfactionSurveysOffered" xml:"SatisfactionSurveysOffered"`
	SatisfactionSurveysResponded int64   `json:"SatisfactionSurveysResponded" xml:"SatisfactionSurveysResponded"`
	TotalBreakTime               int64   `json:"TotalBreakTime" xml:"TotalBreakTime"`
	TotalCalls                   int64   `json:"TotalCalls" xml:"TotalCalls"`
	TotalLoggedInTime            int64   `json:"TotalLoggedInTime" xml:"TotalLoggedInTime"`
	TotalReadyTime               int64   `json:"TotalReadyTime" xml:"TotalReadyTime"`
	TotalTalkTime                int64   `json:"TotalTalkTime" xml:"TotalTalkTime"`
	TotalWorkTime                int64   `json:"TotalWorkTime" xml:"TotalWorkTime"`
}

// SynthPlain mirrors synth.ListCallRecordsResponse.
type SynthPlain struct {
	RequestId      string `json:"RequestId" xml:"RequestId"`
	Success        bool   `json:"Success" xml:"Success"`
	Code           string `json:"Code" xml:"Code"`
	HttpStatusCode int32  `json:"HttpStatusCode" xml:"HttpStatusCode"`
	TotalCount     int32  `json:"TotalCount" xml:"TotalCount"`
	PageNumber     int32  `json:"PageNumber" xml:"PageNumber"`
	PageSize       int32  `json:"PageSize" xml:"PageSize"`
	CallRecords    struct {
		CallRecord []SynthPlainRecord `json:"CallRecord" xml:"CallRecord"`
	} `json:"CallRecords" xml:"CallRecords"`
}

type SynthPlainRecord struct {
	CallId       string  `json:"CallId" xml:"CallId"`
	Caller       string  `json:"Caller" xml:"Caller"`
	Callee       string  `json:"Callee" xml:"Callee"`
	AgentId      string  `json:"AgentId" xml:"AgentId"`
	StartTime    int64   `json:"StartTime" xml:"StartTime"`
	Duration     int32   `json:"Duration" xml:"Duration"`
	RingTime     int64   `json:"RingTime" xml:"RingTime"`
	Satisfaction float64 `json:"Satisfaction" xml:"Satisfaction"`
	Recorded     bool    `json:"Recorded" xml:"Recorded"`
	SkillGroupId string  `json:"SkillGroupId" xml:"SkillGroupId"`
}
