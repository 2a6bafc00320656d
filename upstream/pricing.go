package upstream

import "context"

// PricingService talks to the price inquiry APIs (§4.2).
//
// Without the bs:discount:view permission (§3.2) the three inquiries still
// succeed but leave out their discount results, so an empty discount list
// does not prove that the customer has no discount.
type PricingService service

// PayPerUsePriceRequest is the body of Pricing.PayPerUse.
type PayPerUsePriceRequest struct {
	ProjectID string `json:"project_id"` // the IAM project of the region
	// ProductInfos holds at most 100 items; each result carries its item's ID.
	ProductInfos []PayPerUseProductInfo `json:"product_infos"`
	// InquiryPrecision 1 returns up to 10 decimal places instead of 6 (0, the
	// default).
	InquiryPrecision *int `json:"inquiry_precision,omitempty"`
}

// PayPerUseProductInfo is one product to price (Table 4-18,
// "DemandProductInfo").
type PayPerUseProductInfo struct {
	ID               string `json:"id"` // unique within one inquiry
	CloudServiceType string `json:"cloud_service_type"`
	ResourceType     string `json:"resource_type"`
	ResourceSpec     string `json:"resource_spec"` // e.g. "s2.small.1.linux", "12_bgp", "SSD"
	Region           string `json:"region"`        // e.g. "ap-southeast-1"
	UsageFactor      string `json:"usage_factor"`  // a UsageType.Code, e.g. "Duration"; case-insensitive
	UsageValue       Amount `json:"usage_value"`
	UsageMeasureID   int    `json:"usage_measure_id"` // a MeasureUnit.MeasureID, e.g. 4 = hour
	SubscriptionNum  int    `json:"subscription_num"` // 1 to 10000
	// AvailableZone, ResourceSize and SizeMeasureID are left out when unset;
	// the reference treats a missing field and null alike.
	AvailableZone string `json:"available_zone,omitempty"`
	ResourceSize  *int   `json:"resource_size,omitempty"` // mandatory for linear products (disks, bandwidth)
	// SizeMeasureID is documented as size_measurement_id in Table 4-18, but
	// every example of the reference and Huawei's SDK send size_measure_id.
	SizeMeasureID *int `json:"size_measure_id,omitempty"` // 15 Mbit/s, 17 GB, 14 amount
}

// PayPerUseQuote is the result of a pay-per-use price inquiry (§4.2.1). Its
// top-level amounts are sums over all the products of the inquiry; the price
// of one product is in its ProductRatingResults entry.
type PayPerUseQuote struct {
	Amount                Amount                   `json:"amount"` // after discount
	DiscountAmount        Amount                   `json:"discount_amount"`
	OfficialWebsiteAmount Amount                   `json:"official_website_amount"` // list price
	MeasureID             int                      `json:"measure_id"`              // 1 = USD
	Currency              string                   `json:"currency"`                // blank means USD
	ProductRatingResults  []PayPerUseProductRating `json:"product_rating_results"`
}

// PayPerUseProductRating is the price of one product (Table 4-19,
// "DemandProductRatingResult").
type PayPerUseProductRating struct {
	ID                    string                    `json:"id"` // the request item's ID
	ProductID             string                    `json:"product_id"`
	Amount                Amount                    `json:"amount"`
	DiscountAmount        Amount                    `json:"discount_amount"`
	OfficialWebsiteAmount Amount                    `json:"official_website_amount"`
	MeasureID             int                       `json:"measure_id"`
	DiscountRatingResults []PayPerUseDiscountRating `json:"discount_rating_results"`
}

// PayPerUseDiscountRating is one discount applied to a product (Table 4-20,
// "DemandDiscountRatingResult").
type PayPerUseDiscountRating struct {
	DiscountID string `json:"discount_id"`
	// DiscountType is 605 (commercial discount, Huawei Cloud BE), 606
	// (commercial discount, reseller BE) or 607 (partner authorized discount).
	DiscountType int    `json:"discount_type"`
	Amount       Amount `json:"amount"` // the amount discounted
	MeasureID    int    `json:"measure_id"`
	DiscountName string `json:"discount_name"`
}

// PayPerUse returns the pay-per-use price of up to 100 products, with the
// customer's discount applied (the commercial discount first when there are
// several).
//
// BSS API: "Querying the Price of a Pay-Per-Use Product" (4.2.1), POST /v2/bills/ratings/on-demand-resources
func (s *PricingService) PayPerUse(ctx context.Context, req *PayPerUsePriceRequest) (*PayPerUseQuote, error) {
	var q PayPerUseQuote
	if err := s.client.do(ctx, OpListOnDemandResourceRatings, OpListOnDemandResourceRatings.Path, nil, req, &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// SubscriptionPriceRequest is the body of Pricing.Subscription.
type SubscriptionPriceRequest struct {
	ProjectID string `json:"project_id"`
	// ProductInfos holds at most 100 items; each result carries its item's ID.
	ProductInfos []SubscriptionProductInfo `json:"product_infos"`
}

// SubscriptionProductInfo is one yearly/monthly product to price (Table 4-21,
// "PeriodProductInfo").
type SubscriptionProductInfo struct {
	ID               string `json:"id"` // unique within one inquiry
	CloudServiceType string `json:"cloud_service_type"`
	ResourceType     string `json:"resource_type"`
	ResourceSpec     string `json:"resource_spec"`
	Region           string `json:"region"`
	AvailableZone    string `json:"available_zone,omitempty"` // e.g. "ap-southeast-1a"
	ResourceSize     *int   `json:"resource_size,omitempty"`  // mandatory for linear products
	// SizeMeasureID is documented as size_measurement_id in Table 4-21, but
	// the examples and Huawei's SDK send size_measure_id.
	SizeMeasureID *int `json:"size_measure_id,omitempty"`
	// PeriodType is 0 day, 2 month, 3 year or 4 hour.
	PeriodType      int `json:"period_type"`
	PeriodNum       int `json:"period_num"`
	SubscriptionNum int `json:"subscription_num"` // 1 to 10000
}

// SubscriptionQuote is the result of a yearly/monthly price inquiry (§4.2.2):
// the list price, and one result per optional discount.
type SubscriptionQuote struct {
	// OfficialWebsiteRatingResult is typed as a List in the response table,
	// but the reference's example and Huawei's SDK have a single object.
	OfficialWebsiteRatingResult   *SubscriptionOfficialRating  `json:"official_website_rating_result,omitempty"`
	OptionalDiscountRatingResults []SubscriptionDiscountRating `json:"optional_discount_rating_results"`
	Currency                      string                       `json:"currency"` // blank means USD
}

// SubscriptionOfficialRating is the list price of the inquiry (Table 4-22,
// "OfficialWebsiteRatingResult"; the renewal inquiry's type of that name has
// another shape). The example also carries installment_official_website_amount
// and installment_period_type, which no table documents.
type SubscriptionOfficialRating struct {
	OfficialWebsiteAmount Amount                              `json:"official_website_amount"` // sum over the products
	MeasureID             int                                 `json:"measure_id"`
	ProductRatingResults  []SubscriptionProductOfficialRating `json:"product_rating_results"`
}

// SubscriptionProductOfficialRating is the list price of one product (Table
// 4-23, "PeriodProductOfficialRatingResult").
type SubscriptionProductOfficialRating struct {
	ID                    string `json:"id"`
	ProductID             string `json:"product_id"`
	OfficialWebsiteAmount Amount `json:"official_website_amount"`
	MeasureID             int    `json:"measure_id"`
}

// SubscriptionDiscountRating is the price of the inquiry with one optional
// discount applied (Table 4-24, "OptionalDiscountRatingResult").
type SubscriptionDiscountRating struct {
	DiscountID            string `json:"discount_id"`
	Amount                Amount `json:"amount"` // OfficialWebsiteAmount - DiscountAmount
	OfficialWebsiteAmount Amount `json:"official_website_amount"`
	DiscountAmount        Amount `json:"discount_amount"`
	MeasureID             int    `json:"measure_id"`
	DiscountType          int    `json:"discount_type"` // 605, 606 or 607, as in PayPerUseDiscountRating
	DiscountName          string `json:"discount_name"`
	// BestOffer is 1 for the larger of the commercial and partner discounts
	// (the commercial one on a tie), else 0.
	BestOffer            int                         `json:"best_offer"`
	ProductRatingResults []SubscriptionProductRating `json:"product_rating_results"`
}

// SubscriptionProductRating is the price of one product under one discount
// (Table 4-25, "PeriodProductRatingResult").
type SubscriptionProductRating struct {
	ID                    string `json:"id"`
	ProductID             string `json:"product_id"`
	Amount                Amount `json:"amount"`
	OfficialWebsiteAmount Amount `json:"official_website_amount"`
	DiscountAmount        Amount `json:"discount_amount"`
	MeasureID             int    `json:"measure_id"`
}

// Subscription returns the price of up to 100 yearly/monthly products for a
// new subscription.
//
// BSS API: "Querying the Price of a Yearly/Monthly Product" (4.2.2), POST /v2/bills/ratings/period-resources/subscribe-rate
func (s *PricingService) Subscription(ctx context.Context, req *SubscriptionPriceRequest) (*SubscriptionQuote, error) {
	var q SubscriptionQuote
	if err := s.client.do(ctx, OpListRateOnPeriodDetail, OpListRateOnPeriodDetail.Path, nil, req, &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// RenewalPriceRequest is the body of Pricing.Renewal. The period applies to
// every resource of the call.
type RenewalPriceRequest struct {
	// ResourceIDs are 1 to 10 distinct primary resources (is_main_resource
	// in §6.3.1); a duplicate fails the call with CBC.30050012.
	ResourceIDs []string `json:"resource_ids"`
	PeriodType  int      `json:"period_type"` // 2 month, 3 year
	PeriodNum   int      `json:"period_num"`  // 1 to 11 months or 1 to 3 years
	// IncludeRelativeResources defaults to false.
	IncludeRelativeResources *bool `json:"include_relative_resources,omitempty"`
}

// RenewalQuote is the result of a renewal price inquiry (§4.2.3). Unlike the
// other price inquiries it carries every amount as a JSON string. The list
// price and the discount results are totals over the whole call; only
// RenewInquiryResults is per resource. Resources that could not be priced
// are in FailResourceInfos, with an error code such as CBC.30050009, while
// the call itself succeeds.
type RenewalQuote struct {
	Currency                      string                  `json:"currency"` // blank means USD; the example says "CNY"
	RenewInquiryResults           []RenewalInquiryResult  `json:"renew_inquiry_results"`
	OfficialWebsiteRatingResult   *RenewalOfficialRating  `json:"official_website_rating_result,omitempty"`
	OptionalDiscountRatingResults []RenewalDiscountRating `json:"optional_discount_rating_results"`
	FailResourceInfos             []RenewalFailedResource `json:"fail_resource_infos"`
}

// RenewalInquiryResult is the renewal price of one primary resource and its
// attached resources (Table 4-26, "RenewInquiryResultInfo").
type RenewalInquiryResult struct {
	ResourceID string       `json:"resource_id"`
	Amount     StringAmount `json:"amount"`
}

// RenewalOfficialRating is the list price of a renewal (Table 4-27,
// "OfficialWebsiteRatingResult"): a single string amount, unlike the
// subscription inquiry's type of the same name.
type RenewalOfficialRating struct {
	OfficialWebsiteAmount StringAmount `json:"official_website_amount"`
}

// RenewalDiscountRating is the renewal price with one optional discount
// applied (Table 4-28, "OptionalDiscountRatingResult"). Unlike
// SubscriptionDiscountRating it has string amounts and no measure_id or
// per-product results.
type RenewalDiscountRating struct {
	DiscountID            string       `json:"discount_id"`
	Amount                StringAmount `json:"amount"` // OfficialWebsiteAmount - DiscountAmount
	OfficialWebsiteAmount StringAmount `json:"official_website_amount"`
	DiscountAmount        StringAmount `json:"discount_amount"`
	DiscountType          int          `json:"discount_type"` // 605, 606 or 607
	DiscountName          string       `json:"discount_name"`
	BestOffer             int          `json:"best_offer"` // 1 for the optimal discount
}

// RenewalFailedResource is a resource whose renewal price could not be
// queried ("Resource information for a failed query", §4.2.3).
type RenewalFailedResource struct {
	ErrorCode  string `json:"error_code"` // one of the 200-status codes of §4.2.3, e.g. CBC.30050013
	ErrorMsg   string `json:"error_msg"`
	ResourceID string `json:"resource_id"`
}

// Renewal returns the renewal price of up to 10 yearly/monthly primary
// resources for one period.
//
// BSS API: "Querying the Renewal Price of a Yearly/Monthly Resource" (4.2.3), POST /v2/bills/ratings/period-resources/renew-rate
func (s *PricingService) Renewal(ctx context.Context, req *RenewalPriceRequest) (*RenewalQuote, error) {
	var q RenewalQuote
	if err := s.client.do(ctx, OpListRenewRateOnPeriod, OpListRenewRateOnPeriod.Path, nil, req, &q); err != nil {
		return nil, err
	}
	return &q, nil
}
