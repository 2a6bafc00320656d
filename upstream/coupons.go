package upstream

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
)

// CouponsService talks to the coupon API (§6.1).
type CouponsService service

// CouponListOptions filters Coupons.List (§6.1.1, Table 6-1). Zero fields are
// not sent.
type CouponListOptions struct {
	CouponID        string
	OrderID         string
	PromotionPlanID string
	CouponType      int // 1 cash, 2 discount (reserved), 4 flexi-purchase (reserved)
	Status          int // 2 to be used, 3 used, 4 expired, 5 withdrawn
	ActiveStartTime string
	ActiveEndTime   string
	// SourceID is a pointer because Table 6-1 makes source_id="" a filter of
	// its own, unlike an absent source_id.
	SourceID    *string
	ListOptions // limit 1–100
}

func (o *CouponListOptions) addTo(v url.Values) {
	querySetStr(v, "coupon_id", o.CouponID)
	querySetStr(v, "order_id", o.OrderID)
	querySetStr(v, "promotion_plan_id", o.PromotionPlanID)
	querySetInt(v, "coupon_type", o.CouponType)
	querySetInt(v, "status", o.Status)
	querySetStr(v, "active_start_time", o.ActiveStartTime)
	querySetStr(v, "active_end_time", o.ActiveEndTime)
	if o.SourceID != nil {
		v.Set("source_id", *o.SourceID)
	}
	o.ListOptions.addTo(v)
}

// CouponPage is one page of coupons.
type CouponPage struct {
	// TotalCount is the number of coupons matching the filter. Unlike the
	// order APIs, §6.1.1 names it "count", and its example sends it as a
	// string.
	TotalCount Int      `json:"count"`
	Coupons    []Coupon `json:"user_coupons"`
}

// Coupon is a coupon of the customer (§6.1.1, Table 6-2, IQueryUserCouponsResult).
//
// The reference types the numeric fields Integer and Double, but its example
// sends every one of them as a string ("status": "2", "face_value": "100"),
// so they use the lenient Int and Amount, which encode as numbers.
type Coupon struct {
	CouponID        string           `json:"coupon_id"`
	CouponCode      string           `json:"coupon_code"`
	Status          Int              `json:"status"`
	CustomerID      string           `json:"customer_id"`
	CouponType      Int              `json:"coupon_type"`
	MeasureID       Int              `json:"measure_id"`
	FaceValue       Amount           `json:"face_value"`
	ValidTime       string           `json:"valid_time"`
	ExpireTime      string           `json:"expire_time"`
	OrderID         string           `json:"order_id"` // several orders: see OrderIDs
	PromotionPlanID string           `json:"promotion_plan_id"`
	PlanName        string           `json:"plan_name"`
	PlanDesc        string           `json:"plan_desc"`
	MediaType       Int              `json:"media_type"`
	FetchMethod     Int              `json:"fetch_method"`
	UseLimits       []CouponUseLimit `json:"use_limits"`
	ActiveTime      string           `json:"active_time"`
	ReserveTime     string           `json:"reserve_time"`
	PromotionID     string           `json:"promotion_id"`
	CreateTime      string           `json:"create_time"`
	CouponVersion   Int              `json:"coupon_version"`
	Balance         Amount           `json:"balance"` // in USD
	LockOrderID     string           `json:"lock_order_id"`
	CouponUsage     string           `json:"coupon_usage"`
	// IsFrozen is "0" or "1": Table 6-2 types it String, unlike the other flags.
	IsFrozen     Code   `json:"is_frozen"`
	Currency     string `json:"currency"`
	ExtendParam1 string `json:"extend_param1"`
	SourceID     string `json:"source_id"`
}

// OrderIDs splits OrderID into the orders it names. Table 6-2 separates the
// orders of successive uses with ";" and those of one combined payment with
// ","; not every order listed used the coupon.
func (c *Coupon) OrderIDs() []string {
	var ids []string
	for _, use := range strings.Split(c.OrderID, ";") {
		for _, id := range strings.Split(use, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// CouponUseLimit is one usage limit of a coupon (Table 6-3,
// ICouponUseLimitInfoV2). LimitKey takes the CouponLimit* values.
type CouponUseLimit struct {
	UseLimitInfoID  string `json:"use_limit_info_id"`
	LimitKey        string `json:"limit_key"`
	Value1          string `json:"value1"`
	Value2          string `json:"value2"`
	ValueUnit       string `json:"value_unit"`
	LimitType       string `json:"limit_type"`
	PromotionPlanID string `json:"promotion_plan_id"`
}

// UnmarshalJSON implements json.Unmarshaler. It also accepts the ID under
// "use_limiti_info_id", the misspelt tag of the Huawei Cloud Go SDK, in case
// BSS sends what its own SDK expects.
func (l *CouponUseLimit) UnmarshalJSON(b []byte) error {
	type plain CouponUseLimit
	var v struct {
		plain
		SDKID string `json:"use_limiti_info_id"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = CouponUseLimit(v.plain)
	if l.UseLimitInfoID == "" {
		l.UseLimitInfoID = v.SDKID
	}
	return nil
}

// The limit_key values of Table 6-4; value1 and value2 mean what the table
// says for each key.
const (
	CouponLimitBaseValue                             = "baseValue"
	CouponLimitServiceType                           = "serviceType"
	CouponLimitRegionCode                            = "regionCode"
	CouponLimitProductID                             = "productId"
	CouponLimitSubscribeType                         = "subscribeType"
	CouponLimitFirstOrderInService                   = "firstOrderInService"
	CouponLimitCycleNum                              = "cycleNum"
	CouponLimitCycleType                             = "cycleType"
	CouponLimitSimultaneousUseWithEmpowerDiscount    = "simultaneousUseWithEmpowerDiscount"
	CouponLimitUsageTimes                            = "usageTimes"
	CouponLimitIsOnlyForStrictSelected               = "isOnlyForStrictSelected"
	CouponLimitIsRebate                              = "isRebate"
	CouponLimitServiceTypeBlackList                  = "serviceTypeBlackList"
	CouponLimitMinConsumeDiscount                    = "minConsumeDiscount"
	CouponLimitIsForAnnualContracts                  = "isForAnnualContracts"
	CouponLimitSimultaneousUseWithPromotionalProduct = "simultaneousUseWithPromotionalProduct"
	CouponLimitSimultaneousUseWithPromotionDiscount  = "simultaneousUseWithPromotionDiscount"
	CouponLimitSimultaneousUseWithDiscountCoupon     = "simultaneousUseWithDiscountCoupon"
	// CouponLimitSimultaneousUseWithContractDiscount is cited by the payment
	// notes of §6.2.4 but missing from Table 6-4.
	CouponLimitSimultaneousUseWithContractDiscount = "simultaneousUseWithContractDiscount"
)

// List returns one page of the customer's coupons. Coupons that expired more
// than a year ago are not returned.
//
// BSS API: "Querying Coupons" (6.1.1), GET /v2/promotions/benefits/coupons
func (s *CouponsService) List(ctx context.Context, opts *CouponListOptions) (*CouponPage, error) {
	var p CouponPage
	if err := s.client.do(ctx, OpListCoupons, OpListCoupons.Expand(), queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
