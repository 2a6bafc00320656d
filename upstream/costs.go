package upstream

import "context"

// CostsService talks to the cost data API (§8.1).
type CostsService service

// Values of CostQueryRequest fields (§8.1, tables 8-1 to 8-4).
const (
	CostTypeOriginal  = "ORIGINAL_COST"
	CostTypeAmortized = "AMORTIZED_COST"

	CostAmountPayment = "PAYMENT_AMOUNT"
	CostAmountNet     = "NET_AMOUNT"

	CostByDay   = 1 // time_measure_id: begin and end are YYYY-MM-DD
	CostByMonth = 2 // time_measure_id: begin and end are YYYY-MM

	CostFilterInclude = 0 // operator "only contains"
	CostFilterExclude = 1 // operator "only excludes"
)

// CostQueryRequest is the body of the cost data API (§8.1).
type CostQueryRequest struct {
	TimeCondition CostTimeCondition `json:"time_condition"`
	// GroupBy holds at most two entries (Table 8-1).
	GroupBy     []CostGroupBy `json:"groupby"`
	CostType    string        `json:"cost_type"`   // CostTypeOriginal or CostTypeAmortized
	AmountType  string        `json:"amount_type"` // CostAmountPayment or CostAmountNet
	Filters     []CostFilter  `json:"filters,omitempty"`
	ListOptions               // offset at most 200000, limit 1–1000
}

// CostTimeCondition is the period of a cost query (§8.1, Table 8-2). Dates are
// GMT+08:00 and at most 18 months old.
type CostTimeCondition struct {
	TimeMeasureID int    `json:"time_measure_id"` // CostByDay or CostByMonth
	BeginTime     string `json:"begin_time"`
	EndTime       string `json:"end_time"`
}

// CostGroupBy is one grouping of a cost query (§8.1, Table 8-3).
type CostGroupBy struct {
	Type string `json:"type"` // tag, cost_unit or dimension
	// Key is the tag or cost-unit key, or for Type "dimension" one of
	// CLOUD_SERVICE_TYPE, ASSOCIATED_ACCOUNT, REGION_CODE, RESOURCE_ID...
	Key string `json:"key"`
}

// CostFilter restricts a cost query to, or excludes, the listed values of one
// dimension (§8.1, Table 8-4).
type CostFilter struct {
	Operator     int              `json:"operator"` // CostFilterInclude or CostFilterExclude
	FilterFactor CostFilterFactor `json:"filter_factor"`
}

// CostFilterFactor is the dimension and values of a CostFilter (§8.1, Table
// 8-5). Value holds 1 to 100 entries, which makes one query serve up to 100
// resources, projects or accounts. SPLIT_ITEM_NAME is refused with
// CostTypeOriginal.
type CostFilterFactor struct {
	Key   string   `json:"key"`
	Value []string `json:"value"`
}

// CostPage is one page of cost data (§8.1 response).
type CostPage struct {
	Currency   string     `json:"currency"`
	TotalCount int        `json:"total_count"`
	Data       []CostData `json:"cost_data"`
}

// CostData is the cost of one group (§8.1, Table 8-6 CostDataByDimension).
// Its amounts are JSON strings on the wire.
type CostData struct {
	// Dimensions names the group; its Key may also be a tag group ("tag" in
	// the reference's example), outside the documented list.
	Dimensions            []CostDimension `json:"dimensions"`
	Costs                 []CostAmount    `json:"costs"`
	AmountByCosts         StringAmount    `json:"amount_by_costs"`          // total of the period
	OfficialAmountByCosts StringAmount    `json:"official_amount_by_costs"` // total at list prices
}

// CostDimension is the dimension value of a cost group (§8.1, Table 8-7
// DimensionGroup).
type CostDimension struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// CostAmount is the cost of one day or month (§8.1, Table 8-8 Cost).
type CostAmount struct {
	TimeDimensionValue string       `json:"time_dimension_value"` // yyyy-mm-dd or yyyy-mm
	TimeMeasureID      int          `json:"time_measure_id"`      // CostByDay or CostByMonth
	Amount             StringAmount `json:"amount"`
	OfficialAmount     StringAmount `json:"official_amount"`
}

// Query returns one page of cost data, grouped and filtered as req says.
// Cost Center must be enabled for the account (CBC.18000014 otherwise).
//
// BSS API: "Querying Cost Data" (8.1), POST /v4/costs/cost-analysed-bills/query
func (s *CostsService) Query(ctx context.Context, req *CostQueryRequest) (*CostPage, error) {
	var body any
	if req != nil {
		body = req
	}
	var p CostPage
	if err := s.client.do(ctx, OpListCosts, OpListCosts.Path, nil, body, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
