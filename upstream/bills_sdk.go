package upstream

import (
	"context"
	"net/url"
)

// The summary bill on the path the Huawei Cloud SDK calls (bssintl/v2
// ShowCustomerMonthlySum), GET /v2/bills/customer-bills/monthly-sum, which
// §3.3's quota table lists. §7.1 documents only the v1.0 variant
// (MonthlySummary); the fields here are the SDK models'. It needs no
// domain_id and answers in USD (measure_id 1).

// CustomerMonthlySumOptions are its query parameters.
type CustomerMonthlySumOptions struct {
	BillCycle           string // YYYY-MM (GMT+08:00); mandatory
	ServiceTypeCode     string
	EnterpriseProjectID string // "0" the default project, "-1" services without enterprise projects
	Method              string // oneself, sub_customer or all (the default)
	SubCustomerID       string // mandatory with Method "sub_customer"
	ListOptions
}

func (o *CustomerMonthlySumOptions) addTo(v url.Values) {
	querySetStr(v, "bill_cycle", o.BillCycle)
	querySetStr(v, "service_type_code", o.ServiceTypeCode)
	querySetStr(v, "enterprise_project_id", o.EnterpriseProjectID)
	querySetStr(v, "method", o.Method)
	querySetStr(v, "sub_customer_id", o.SubCustomerID)
	o.ListOptions.addTo(v)
}

// CustomerMonthlySum is ShowCustomerMonthlySumResponse.
type CustomerMonthlySum struct {
	TotalCount                int             `json:"total_count"`
	BillSums                  []BillSumRecord `json:"bill_sums"`
	ConsumeAmount             Amount          `json:"consume_amount"`
	DebtAmount                Amount          `json:"debt_amount"`
	CouponAmount              Amount          `json:"coupon_amount"`
	FlexipurchaseCouponAmount Amount          `json:"flexipurchase_coupon_amount"`
	StoredValueCardAmount     Amount          `json:"stored_value_card_amount"`
	CashAmount                Amount          `json:"cash_amount"`
	CreditAmount              Amount          `json:"credit_amount"`
	WriteoffAmount            Amount          `json:"writeoff_amount"`
	MeasureID                 int             `json:"measure_id"` // 1: USD
	Currency                  string          `json:"currency"`
}

// BillSumRecord is BillSumRecordInfoV2: one customer's spend on one
// resource type in one charging mode and bill type.
type BillSumRecord struct {
	BillCycle                 string `json:"bill_cycle"`
	ResourceTypeCode          string `json:"resource_type_code"`
	ServiceTypeCode           string `json:"service_type_code"`
	ServiceTypeName           string `json:"service_type_name"`
	ResourceTypeName          string `json:"resource_type_name"`
	ChargingMode              int    `json:"charging_mode"` // 1 yearly/monthly, 3 pay-per-use, 10 RI, 11 savings plan
	OfficialAmount            Amount `json:"official_amount"`
	OfficialDiscountAmount    Amount `json:"official_discount_amount"`
	TruncatedAmount           Amount `json:"truncated_amount"`
	ConsumeAmount             Amount `json:"consume_amount"` // official - discount - truncated
	CouponAmount              Amount `json:"coupon_amount"`
	FlexipurchaseCouponAmount Amount `json:"flexipurchase_coupon_amount"`
	StoredValueCardAmount     Amount `json:"stored_value_card_amount"`
	DebtAmount                Amount `json:"debt_amount"`
	WriteoffAmount            Amount `json:"writeoff_amount"`
	CashAmount                Amount `json:"cash_amount"`
	CreditAmount              Amount `json:"credit_amount"`
	MeasureID                 int    `json:"measure_id"`
	BillType                  int    `json:"bill_type"` // 1 consumption, 2 refund, 3 adjustment
	CustomerID                string `json:"customer_id"`
	AccountName               string `json:"account_name"`
}

// CustomerMonthlySum returns a month's summary bill as the SDK's path
// answers it, one page of records at a time.
//
// BSS API: "Querying Summary Bills" (§3.3 path), GET /v2/bills/customer-bills/monthly-sum
func (s *BillsService) CustomerMonthlySum(ctx context.Context, opts *CustomerMonthlySumOptions) (*CustomerMonthlySum, error) {
	var m CustomerMonthlySum
	if err := s.client.do(ctx, OpShowCustomerMonthlySumSDK, OpShowCustomerMonthlySumSDK.Path, queryOf(opts), nil, &m); err != nil {
		return nil, err
	}
	return &m, nil
}
