package upstream

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// BillsService talks to the bill APIs (§7): summary bills, resource usage records and expenditures.
type BillsService service

// MonthlySummaryOptions are the query parameters of the summary-bill API
// (§7.1, Table 7-2).
type MonthlySummaryOptions struct {
	Cycle string // YYYY-MM (GMT+08:00); mandatory
	// CloudServiceTypeCode switches the bill from one record per service
	// type to one record per resource type of this service.
	CloudServiceTypeCode string
	Type                 string // "0" HUAWEI CLOUD account (BSS's default), "1" partner-budget account
	// EnterpriseProjectID is sent as the camelCase enterpriseProjectId, unlike
	// every other bill API. "0" is the default project, "-1" the services
	// without enterprise projects.
	EnterpriseProjectID string
}

func (o *MonthlySummaryOptions) addTo(v url.Values) {
	querySetStr(v, "cycle", o.Cycle)
	querySetStr(v, "cloud_service_type_code", o.CloudServiceTypeCode)
	// §7.1 rejects an empty type and an empty enterpriseProjectId, so unset
	// fields are left out rather than sent as "".
	querySetStr(v, "type", o.Type)
	querySetStr(v, "enterpriseProjectId", o.EnterpriseProjectID)
}

// MonthlySummary is a month's expenditure summary (§7.1 response). All its
// amounts are in the unit given by MeasureID (the reference's example uses 3,
// cents); see SummaryAmountInMajorUnit.
type MonthlySummary struct {
	// ErrorCode and ErrorMsg are documented as failure-only, but the §7.1
	// example answers a success with "CBC.0000"/"success"; they are kept so
	// the sandbox can answer the same way.
	ErrorCode  string    `json:"error_code,omitempty"`
	ErrorMsg   string    `json:"error_msg,omitempty"`
	Currency   string    `json:"currency"`
	TotalCount int       `json:"total_count"`
	BillSums   []BillSum `json:"bill_sums"`

	TotalAmount  Amount `json:"total_amount"` // tax included
	DebtAmount   Amount `json:"debt_amount"`
	CouponAmount Amount `json:"coupon_amount"` // cash coupons
	// FlexiPurchaseCouponAmount is the reserved flexi-purchase coupon amount:
	// the reference names it cashcoupon_amount although coupon_amount is the
	// cash coupon amount (§7.1 response table).
	FlexiPurchaseCouponAmount Amount `json:"cashcoupon_amount"`
	StoredCardAmount          Amount `json:"storedcard_amount"` // reserved
	DebitAmount               Amount `json:"debit_amount"`      // balance of the cash account
	CreditAmount              Amount `json:"credit_amount"`     // balance of the credit account
	MeasureID                 int    `json:"measure_id"`
}

// BillSum is one record of a summary bill (§7.1, Table 7-3 BillSumRecordInfo).
type BillSum struct {
	CustomerID string `json:"customer_id"`
	// ResourceTypeCode is empty or null when the request had no
	// CloudServiceTypeCode.
	ResourceTypeCode     string `json:"resource_type_code"`
	RegionCode           string `json:"region_code"` // reserved
	CloudServiceTypeCode string `json:"cloud_service_type_code"`
	ConsumeTime          string `json:"consume_time"` // YYYY-MM (GMT+08:00)
	// PayMethod is "0" yearly/monthly, "1" pay-per-use, "4", "5" and "6"
	// savings plan subscription, hourly and discount, "" other expenses: a
	// different code system from charge_mode (§7.1, Table 7-3).
	PayMethod      string           `json:"pay_method"`
	ConsumeAmount  Amount           `json:"consume_amount"`
	Debt           Amount           `json:"debt"`
	Discount       Amount           `json:"discount"`
	MeasureID      int              `json:"measure_id"`
	BillType       int              `json:"bill_type"` // 0 expenditure, 1 unsubscription (not the codes of §7.2/7.3)
	AccountDetails []BalancePayment `json:"account_details"`
	// DiscountDetailInfos is not returned for unsubscriptions (BillType 1).
	DiscountDetailInfos []BillSumDiscount `json:"discount_detail_infos"`
	// EnterpriseProjectID is camelCase on the wire; "0" is the default
	// project and null (here "") a service without enterprise projects.
	EnterpriseProjectID string `json:"enterpriseProjectId"`
}

// BalancePayment is the amount paid from one account type (§7.1, Table 7-4
// BalanceTypePay).
type BalancePayment struct {
	// BalanceTypeID is an open set: the reference's example returns six
	// values beyond the five documented ones (BALANCE_TYPE_FOREGIFT,
	// WRITEOFFDEBT...).
	BalanceTypeID string `json:"balance_type_id"`
	DeductAmount  Amount `json:"deduct_amount"`
}

// BillSumDiscount is one discount of a summary-bill record (§7.1, Table 7-5
// DiscountDetailInfo).
type BillSumDiscount struct {
	PromotionType  string `json:"promotion_type"` // "500"–"800", Table 7-5
	DiscountAmount Amount `json:"discount_amount"`
	PromotionID    string `json:"promotion_id"` // contract or commerce ID
	// MeasureID defaults to SummaryMeasureCent when BSS leaves it out
	// (Table 7-5).
	MeasureID int `json:"measure_id,omitempty"`
}

// Units of the summary-bill amounts (the measure_id of §7.1). Only §7.1 uses
// cents; the other bill APIs send 1 (USD).
const (
	SummaryMeasureMajor = 1 // yuan or dollar
	SummaryMeasureCent  = 3 // fen or cent
)

// SummaryAmountInMajorUnit converts a summary-bill amount given in the unit
// measureID into yuan or dollars. The conversion is a decimal shift, so
// 10212 cents become exactly 102.12.
func SummaryAmountInMajorUnit(a Amount, measureID int) (Amount, error) {
	// 7.1 documents only these two units.
	if measureID != SummaryMeasureMajor && measureID != SummaryMeasureCent {
		return Amount{}, fmt.Errorf("summary bill: unknown measure_id %d", measureID)
	}
	shift, _ := MajorUnitShift(measureID)
	return Amount{a.Shift(shift)}, nil
}

// MonthlySummary returns the expenditure summary of one month, per cloud
// service type, or per resource type of one service when
// opts.CloudServiceTypeCode is set. It is not paginated.
//
// BSS API: "Querying Summary Bills" (7.1), GET /v1.0/{domain_id}/customer/account-mgr/bill/monthly-sum
func (s *BillsService) MonthlySummary(ctx context.Context, domainID string, opts *MonthlySummaryOptions) (*MonthlySummary, error) {
	var m MonthlySummary
	if err := s.client.do(ctx, OpShowCustomerMonthlySum, OpShowCustomerMonthlySum.Expand(domainID), queryOf(opts), nil, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// MonthlyBillRequest is the body of the resource usage API (§7.2). Empty
// fields are omitted, which BSS treats as "no filter".
type MonthlyBillRequest struct {
	Cycle               string `json:"cycle"` // YYYY-MM (GMT+08:00); mandatory
	CloudServiceType    string `json:"cloud_service_type,omitempty"`
	ResourceType        string `json:"resource_type,omitempty"`
	Region              string `json:"region,omitempty"`
	ResInstanceID       string `json:"res_instance_id,omitempty"`
	ChargeMode          int    `json:"charge_mode,omitempty"` // 1 yearly/monthly, 3 pay-per-use, 10 RI, 11 savings plan
	BillType            int    `json:"bill_type,omitempty"`
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	// IncludeZeroRecord is a JSON boolean, although the §7.2 example sends
	// the string "true".
	IncludeZeroRecord *bool  `json:"include_zero_record,omitempty"`
	Method            string `json:"method,omitempty"`          // oneself, sub_customer or all (BSS's default)
	SubCustomerID     string `json:"sub_customer_id,omitempty"` // mandatory with Method "sub_customer"
	ListOptions              // limit 1–1000
	// StatisticType is 1 by billing cycle (BSS's default), 2 by day, 3 by
	// details. BSS rejects "", so zero is omitted.
	StatisticType  int    `json:"statistic_type,omitempty"`
	QueryType      string `json:"query_type,omitempty"`       // BILLCYCLE (BSS's default) or DAILY
	BillCycleBegin string `json:"bill_cycle_begin,omitempty"` // YYYY-MM-DD, mandatory with DAILY
	BillCycleEnd   string `json:"bill_cycle_end,omitempty"`   // YYYY-MM-DD, mandatory with DAILY
	PayerAccountID string `json:"payer_account_id,omitempty"`
}

// MonthlyBillPage is one page of resource usage records (§7.2 response).
type MonthlyBillPage struct {
	Records    []MonthlyBillRecord `json:"monthly_records"`
	TotalCount int                 `json:"total_count"`
	Currency   string              `json:"currency"`
}

// MonthlyBillRecord is the usage of one resource (§7.2, Table 7-7
// MonthlyBillRes). Amounts are in USD (MeasureID 1).
type MonthlyBillRecord struct {
	Cycle            string `json:"cycle"`     // YYYY-MM (GMT+08:00)
	BillDate         string `json:"bill_date"` // YYYY-MM-DD (GMT+08:00), only with statistic_type 2
	BillType         int    `json:"bill_type"`
	CustomerID       string `json:"customer_id"`
	Region           string `json:"region"`
	RegionName       string `json:"region_name"`
	CloudServiceType string `json:"cloud_service_type"`
	// ResourceTypeCode keeps the capital T of the reference and its example.
	ResourceTypeCode      string `json:"resource_Type_code"`
	CloudServiceTypeName  string `json:"cloud_service_type_name"`
	ResourceTypeName      string `json:"resource_type_name"`
	ResInstanceID         string `json:"res_instance_id"`
	ResourceName          string `json:"resource_name"`
	RootResourceID        string `json:"root_resource_id"`
	ParentResourceID      string `json:"parent_resource_id"`
	ResourceTag           string `json:"resource_tag"`
	SKUCode               string `json:"sku_code"`
	EnterpriseProjectID   string `json:"enterprise_project_id"` // "0" default; null (here "") unsupported
	EnterpriseProjectName string `json:"enterprise_project_name"`
	// ChargeMode is an Integer here but a String in §7.3; Int accepts both.
	ChargeMode    Int    `json:"charge_mode"`
	ConsumeAmount Amount `json:"consume_amount"` // sum of the BillPayments
	BillPayments
	OfficialAmount Amount `json:"official_amount"` // list price
	DiscountAmount Amount `json:"discount_amount"`
	MeasureID      int    `json:"measure_id"`
	// PeriodType is an Integer here but a String in §7.3: 19 year, 20 month,
	// 24 day, 25 hour, 5 one-off.
	PeriodType Int `json:"period_type"`
	// TradeID is an order ID for bill types 1, 2, 3, 4, 8 and 103, else a
	// transaction ID.
	TradeID         string `json:"trade_id"`
	ID              string `json:"id"` // reserved
	ProductSpecDesc string `json:"product_spec_desc"`
	BillSubResource
	PreOrderID     string                `json:"pre_order_id"`
	AZCodeInfos    []BillAZCode          `json:"az_code_infos"`
	PayerAccountID string                `json:"payer_account_id"`
	EffectiveTime  string                `json:"effective_time"` // UTC, only with statistic_type 3
	ExpireTime     string                `json:"expire_time"`    // UTC, only with statistic_type 3
	ConsumeTime    string                `json:"consume_time"`   // UTC, only with statistic_type 3
	BeID           string                `json:"be_id"`
	ExtendParams   *BillResourceRelation `json:"extend_params"` // reserved
}

// BillPayments are the eight amounts that paid for a usage (§7.2) or
// expenditure (§7.3) record, in the record's unit. Their sum is the record's
// consume_amount (§7.2) or amount (§7.3).
type BillPayments struct {
	CashAmount                Amount  `json:"cash_amount"`
	CreditAmount              Amount  `json:"credit_amount"`
	CouponAmount              Amount  `json:"coupon_amount"`
	FlexiPurchaseCouponAmount Amount  `json:"flexipurchase_coupon_amount"`
	StoredCardAmount          Amount  `json:"stored_card_amount"`
	BonusAmount               Amount  `json:"bonus_amount"`
	DebtAmount                Amount  `json:"debt_amount"`
	AdjustmentAmount          *Amount `json:"adjustment_amount"` // null when there is no adjustment
}

// BillSubResource is the sub-service and sub-resource of a usage (§7.2) or
// expenditure (§7.3) record.
type BillSubResource struct {
	SubServiceTypeCode  string `json:"sub_service_type_code"`
	SubServiceTypeName  string `json:"sub_service_type_name"`
	SubResourceTypeCode string `json:"sub_resource_type_code"`
	SubResourceTypeName string `json:"sub_resource_type_name"`
	SubResourceID       string `json:"sub_resource_id"`
	SubResourceName     string `json:"sub_resource_name"`
}

// BillAZCode is one availability zone of a usage record (§7.2, Table 7-8
// AzCodeInfo).
type BillAZCode struct {
	AZCode string `json:"az_code"`
}

// BillResourceRelation links a usage record's resource to its parent and
// root resources (§7.2, Table 7-9 ResRelation).
type BillResourceRelation struct {
	SelfResourceID string             `json:"self_resource_id"`
	RelationInfos  []BillRelationInfo `json:"relation_infos"`
}

// BillRelationInfo is one related resource (§7.2, Table 7-10 RelationInfo).
type BillRelationInfo struct {
	RelativeResourceID string `json:"relative_resource_id"`
	RelativeType       string `json:"relative_type"` // PARENT or ROOT
}

// UsageRecords returns one page of per-resource usage records of a month.
//
// BSS API: "Viewing Resource Usage Details" (7.2), POST /v2/bills/customer-bills/res-records/query
func (s *BillsService) UsageRecords(ctx context.Context, req *MonthlyBillRequest) (*MonthlyBillPage, error) {
	var body any
	if req != nil {
		body = req
	}
	var p MonthlyBillPage
	if err := s.client.do(ctx, OpListResourceUsageRecords, OpListResourceUsageRecords.Path, nil, body, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// FeeRecordOptions are the query parameters of the resource expenditure API
// (§7.3, Table 7-12). Empty fields are omitted. §7.3 applies an empty
// cloud_service_type, region, resource_id or trade_id as a filter matching
// empty values; that filter is deliberately not offered.
type FeeRecordOptions struct {
	Cycle string // YYYY-MM (GMT+08:00); mandatory
	// ChargeMode is sent as a string (§7.3 types it String; BSS rejects ""):
	// 1 yearly/monthly, 3 pay-per-use, 10 RI, 11 savings plan.
	ChargeMode          int
	CloudServiceType    string
	Region              string
	BillType            int
	ListOptions         // limit 1–1000
	ResourceID          string
	EnterpriseProjectID string
	IncludeZeroRecord   *bool
	Method              string // oneself, sub_customer or all (BSS's default)
	SubCustomerID       string // mandatory with Method "sub_customer"
	TradeID             string // ignored by BSS with StatisticType 1
	BillDateBegin       string // YYYY-MM-DD, set together with BillDateEnd
	BillDateEnd         string
	StatisticType       int // 1 by billing cycle, 3 by details (BSS's default)
}

func (o *FeeRecordOptions) addTo(v url.Values) {
	querySetStr(v, "cycle", o.Cycle)
	querySetInt(v, "charge_mode", o.ChargeMode)
	querySetStr(v, "cloud_service_type", o.CloudServiceType)
	querySetStr(v, "region", o.Region)
	querySetInt(v, "bill_type", o.BillType)
	o.ListOptions.addTo(v)
	querySetStr(v, "resource_id", o.ResourceID)
	querySetStr(v, "enterprise_project_id", o.EnterpriseProjectID)
	querySetStr(v, "method", o.Method)
	querySetStr(v, "sub_customer_id", o.SubCustomerID)
	querySetStr(v, "trade_id", o.TradeID)
	querySetStr(v, "bill_date_begin", o.BillDateBegin)
	querySetStr(v, "bill_date_end", o.BillDateEnd)
	querySetInt(v, "statistic_type", o.StatisticType)
	if o.IncludeZeroRecord != nil {
		v.Set("include_zero_record", strconv.FormatBool(*o.IncludeZeroRecord))
	}
}

// FeeRecordPage is one page of resource expenditures (§7.3 response).
type FeeRecordPage struct {
	Records    []FeeRecord `json:"fee_records"`
	TotalCount int         `json:"total_count"`
	Currency   string      `json:"currency"`
}

// FeeRecord is the expenditure of one resource (§7.3, Table 7-13
// ResFeeRecordV2). Amounts are in USD (MeasureID 1); the usage quantities
// are in the measurement units of their *MeasureID fields (§4.1.5).
type FeeRecord struct {
	BillDate              string  `json:"bill_date"` // YYYY-MM-DD (GMT+08:00)
	BillType              int     `json:"bill_type"`
	CustomerID            string  `json:"customer_id"`
	Region                string  `json:"region"`
	RegionName            string  `json:"region_name"`
	CloudServiceType      string  `json:"cloud_service_type"`
	ResourceType          string  `json:"resource_type"` // resource_Type_code in §7.2
	CloudServiceTypeName  string  `json:"cloud_service_type_name"`
	ResourceTypeName      string  `json:"resource_type_name"`
	EffectiveTime         string  `json:"effective_time"` // UTC
	ExpireTime            string  `json:"expire_time"`    // UTC
	ResourceID            string  `json:"resource_id"`
	ResourceName          string  `json:"resource_name"`
	ResourceTag           string  `json:"resource_tag"`
	ProductID             string  `json:"product_id"`
	ProductName           string  `json:"product_name"`
	ProductSpecDesc       string  `json:"product_spec_desc"`
	SKUCode               string  `json:"sku_code"`
	SpecSize              *Amount `json:"spec_size"` // linear products only
	SpecSizeMeasureID     int     `json:"spec_size_measure_id"`
	TradeID               string  `json:"trade_id"`
	ID                    string  `json:"id"`                    // not returned with statistic_type 1
	TradeTime             string  `json:"trade_time"`            // UTC
	EnterpriseProjectID   string  `json:"enterprise_project_id"` // "0" default; null (here "") unsupported
	EnterpriseProjectName string  `json:"enterprise_project_name"`
	// ChargeMode is a String here but an Integer in §7.2; Code accepts both
	// and sends a string.
	ChargeMode Code   `json:"charge_mode"`
	OrderID    string `json:"order_id"` // yearly/monthly resources only
	// PeriodType is a String here but an Integer in §7.2: "19" year, "20"
	// month, "24" day, "25" hour, "5" one-off.
	PeriodType Code   `json:"period_type"`
	UsageType  string `json:"usage_type"`
	// The usage quantities and the unit price are null when they do not
	// apply (no usage for yearly/monthly resources, unit prices only in the
	// scenarios of Table 7-13), which differs from a zero quantity.
	Usage                 *Amount `json:"usage"`
	UsageMeasureID        int     `json:"usage_measure_id"`
	FreeResourceUsage     *Amount `json:"free_resource_usage"`
	FreeResourceMeasureID int     `json:"free_resource_measure_id"`
	RIUsage               *Amount `json:"ri_usage"`
	RIUsageMeasureID      int     `json:"ri_usage_measure_id"`
	UnitPrice             *Amount `json:"unit_price"`
	Unit                  string  `json:"unit"`            // e.g. USD/GB/month
	OfficialAmount        Amount  `json:"official_amount"` // list price
	DiscountAmount        Amount  `json:"discount_amount"`
	// Amount is the sum of the BillPayments; the actual payment is Amount
	// minus CouponAmount (Table 7-13).
	Amount Amount `json:"amount"`
	BillPayments
	MeasureID int    `json:"measure_id"`
	Formula   string `json:"formula"` // display text; not returned with statistic_type 1
	BillSubResource
	ConsumeTime     string `json:"consume_time"`      // UTC, only with statistic_type 3
	RelativeOrderID string `json:"relative_order_id"` // combined orders only
}

// Expenditures returns one page of per-resource expenditures of a month.
//
// BSS API: "Viewing Resource Expenditures" (7.3), GET /v2/bills/customer-bills/res-fee-records
func (s *BillsService) Expenditures(ctx context.Context, opts *FeeRecordOptions) (*FeeRecordPage, error) {
	var p FeeRecordPage
	if err := s.client.do(ctx, OpListResourceExpenditures, OpListResourceExpenditures.Path, queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
