package graph

import (
	"context"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Coupons (§6.1.1).

// couponsLimit is the largest page of 6.1.1 (limit [1-100]).
const couponsLimit = 100

// couponNode refetches a coupon of the caller by coupon id (6.1.1 with
// coupon_id), or nil when the caller has none with that id.
func (r *Resolver) couponNode(ctx context.Context, key string) (model.Node, error) {
	if err := requiredString("coupon id", key, 64); err != nil {
		return nil, err
	}
	p, err := r.bss.Coupons.List(ctx, &upstream.CouponListOptions{CouponID: key, ListOptions: upstream.ListOptions{Limit: 1}})
	if err != nil {
		return nil, err
	}
	for _, c := range p.Coupons {
		if c.CouponID == key {
			return couponOf(c), nil
		}
	}
	return nil, nil
}

// coupons returns a window of the caller's coupons matching f, 100 per
// upstream page; c must be the caller's own account.
func (r *Resolver) coupons(ctx context.Context, c *model.Customer, f *model.CouponFilter, orderBy *model.CouponOrder, p pageArgs) (*model.CouponConnection, error) {
	w, err := sortedWindow(ctx, orderBy, p)
	if err = firstInvalid(err, r.viewerOnly(ctx, c, "coupons")); err != nil {
		return nil, err
	}
	opts, err := couponListOptions(f)
	if err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context, offset, limit int) ([]upstream.Coupon, int, error) {
		o := *opts
		o.Offset, o.Limit = &offset, limit
		p, err := r.bss.Coupons.List(ctx, &o)
		if err != nil {
			return nil, 0, err
		}
		return p.Coupons, int(p.TotalCount), nil
	}
	if orderBy != nil {
		all, err := readAll(ctx, couponsLimit, "coupons", "narrow filter (status, couponType, activeStartTime/activeEndTime)", fetch)
		if err != nil {
			return nil, err
		}
		return listConnection(sortedBy(mapSlice(all, couponOf), couponOrder(orderBy), func(c *model.Coupon) string { return c.CouponID }), w), nil
	}
	items, total, err := fetchWindow(ctx, w, couponsLimit, fetch)
	if err != nil {
		return nil, err
	}
	return connection(mapSlice(items, couponOf), w, total), nil
}

// couponListOptions validates a coupon filter (Table 6-1) and turns it into
// query parameters.
func couponListOptions(f *model.CouponFilter) (*upstream.CouponListOptions, error) {
	o := &upstream.CouponListOptions{}
	if f == nil {
		return o, nil
	}
	if err := firstInvalid(tooLong("filter.couponId", ptrOr(f.CouponID, ""), 64), tooLong("filter.orderId", ptrOr(f.OrderID, ""), 64),
		tooLong("filter.promotionPlanId", ptrOr(f.PromotionPlanID, ""), 64), tooLong("filter.sourceId", ptrOr(f.SourceID, ""), 255)); err != nil {
		return nil, err
	}
	o.CouponID, o.OrderID, o.PromotionPlanID = ptrOr(f.CouponID, ""), ptrOr(f.OrderID, ""), ptrOr(f.PromotionPlanID, "")
	o.SourceID = f.SourceID
	var err error
	if o.CouponType, err = filterCode(couponTypes, "filter.couponType", f.CouponType, "a coupon type BSS can filter by"); err != nil {
		return nil, err
	}
	if o.Status, err = filterCode(couponStatuses, "filter.status", f.Status, "a status BSS can filter by"); err != nil {
		return nil, err
	}
	if f.ActiveStartTime != nil && f.ActiveEndTime != nil && f.ActiveEndTime.Before(*f.ActiveStartTime) {
		return nil, badInput("filter.activeEndTime must not be before filter.activeStartTime")
	}
	if f.ActiveStartTime != nil {
		o.ActiveStartTime = f.ActiveStartTime.UTC().Format(couponTimeLayout)
	}
	if f.ActiveEndTime != nil {
		o.ActiveEndTime = f.ActiveEndTime.UTC().Format(couponTimeLayout)
	}
	return o, nil
}

// couponTimeLayout is the UTC time format of active_start_time and
// active_end_time, yyyy-MM-dd'T'HH:mm:ss'Z'.
const couponTimeLayout = "2006-01-02T15:04:05Z"

// Codes of Table 6-2.
var (
	couponTypes = map[int]model.CouponType{
		1: model.CouponTypeCash, 2: model.CouponTypeDiscount, 4: model.CouponTypeFlexiPurchase,
	}
	couponStatuses = map[int]model.CouponStatus{
		2: model.CouponStatusToBeUsed, 3: model.CouponStatusUsed, 4: model.CouponStatusExpired, 5: model.CouponStatusWithdrawn,
	}
	couponMediaTypes = map[int]model.CouponMediaType{
		1: model.CouponMediaTypeECoupon, 2: model.CouponMediaTypePaperCoupon,
	}
	couponFetchMethods = map[int]model.CouponFetchMethod{
		1: model.CouponFetchMethodClaimedOnline, 2: model.CouponFetchMethodRedeemedOnline, 3: model.CouponFetchMethodIssuedOnline,
		4: model.CouponFetchMethodObtainedOffline, 5: model.CouponFetchMethodEventReward,
	}
	couponVersions = map[int]model.CouponVersion{2: model.CouponVersionReusable}
	couponFrozen   = map[string]bool{"0": false, "1": true}
	// couponLimitKeys are the limit_key values of Table 6-4, and the
	// simultaneousUseWithContractDiscount key that §6.2.4 cites.
	couponLimitKeys = map[string]model.CouponLimitKey{
		upstream.CouponLimitBaseValue:                             model.CouponLimitKeyBaseValue,
		upstream.CouponLimitServiceType:                           model.CouponLimitKeyServiceType,
		upstream.CouponLimitRegionCode:                            model.CouponLimitKeyRegionCode,
		upstream.CouponLimitProductID:                             model.CouponLimitKeyProductID,
		upstream.CouponLimitSubscribeType:                         model.CouponLimitKeySubscribeType,
		upstream.CouponLimitFirstOrderInService:                   model.CouponLimitKeyFirstOrderInService,
		upstream.CouponLimitCycleNum:                              model.CouponLimitKeyCycleNum,
		upstream.CouponLimitCycleType:                             model.CouponLimitKeyCycleType,
		upstream.CouponLimitSimultaneousUseWithEmpowerDiscount:    model.CouponLimitKeySimultaneousUseWithEmpowerDiscount,
		upstream.CouponLimitUsageTimes:                            model.CouponLimitKeyUsageTimes,
		upstream.CouponLimitIsOnlyForStrictSelected:               model.CouponLimitKeyIsOnlyForStrictSelected,
		upstream.CouponLimitIsRebate:                              model.CouponLimitKeyIsRebate,
		upstream.CouponLimitServiceTypeBlackList:                  model.CouponLimitKeyServiceTypeBlackList,
		upstream.CouponLimitMinConsumeDiscount:                    model.CouponLimitKeyMinConsumeDiscount,
		upstream.CouponLimitIsForAnnualContracts:                  model.CouponLimitKeyIsForAnnualContracts,
		upstream.CouponLimitSimultaneousUseWithPromotionalProduct: model.CouponLimitKeySimultaneousUseWithPromotionalProduct,
		upstream.CouponLimitSimultaneousUseWithPromotionDiscount:  model.CouponLimitKeySimultaneousUseWithPromotionDiscount,
		upstream.CouponLimitSimultaneousUseWithDiscountCoupon:     model.CouponLimitKeySimultaneousUseWithDiscountCoupon,
		upstream.CouponLimitSimultaneousUseWithContractDiscount:   model.CouponLimitKeySimultaneousUseWithContractDiscount,
	}
)

func couponOf(c upstream.Coupon) *model.Coupon {
	cur := currencyOrUSD(c.Currency)
	measure := int(c.MeasureID)
	out := &model.Coupon{
		ID: globalID("Coupon", c.CouponID), CouponID: c.CouponID, CouponCode: c.CouponCode,
		Status: enumOf(couponStatuses, int(c.Status), model.CouponStatusUnknown), StatusCode: int32(c.Status),
		CustomerID: c.CustomerID,
		CouponType: enumOf(couponTypes, int(c.CouponType), model.CouponTypeUnknown), CouponTypeCode: int32(c.CouponType),
		MeasureID: optMeasureID(measure), Currency: cur,
		FaceValue: money(c.FaceValue.Decimal, measure, cur), Balance: money(c.Balance.Decimal, measure, cur),
		ValidTime: parseTime(c.ValidTime), ExpireTime: parseTime(c.ExpireTime),
		OrderID: strPtr(c.OrderID), OrderIds: c.OrderIDs(), LockOrderID: strPtr(c.LockOrderID),
		PromotionPlanID: strPtr(c.PromotionPlanID), PlanName: strPtr(c.PlanName), PlanDescription: strPtr(c.PlanDesc),
		MediaType: enumOf(couponMediaTypes, int(c.MediaType), model.CouponMediaTypeUnknown), MediaTypeCode: int32(c.MediaType),
		FetchMethod:     enumOf(couponFetchMethods, int(c.FetchMethod), model.CouponFetchMethodUnknown),
		FetchMethodCode: int32(c.FetchMethod),
		UseLimits:       mapSlice(c.UseLimits, couponUseLimitOf),
		ActiveTime:      parseTime(c.ActiveTime), ReserveTime: parseTime(c.ReserveTime), CreateTime: parseTime(c.CreateTime),
		PromotionID:   strPtr(c.PromotionID),
		CouponVersion: enumOf(couponVersions, int(c.CouponVersion), model.CouponVersionUnknown), CouponVersionCode: int32(c.CouponVersion),
		CouponUsage: strPtr(c.CouponUsage), FrozenCode: strPtr(string(c.IsFrozen)),
		ExtendParam1: strPtr(c.ExtendParam1), SourceID: strPtr(c.SourceID),
	}
	if out.OrderIds == nil {
		out.OrderIds = []string{}
	}
	if f, ok := couponFrozen[string(c.IsFrozen)]; ok {
		out.Frozen = &f
	}
	return out
}

func couponUseLimitOf(l upstream.CouponUseLimit) *model.CouponUseLimit {
	return &model.CouponUseLimit{
		UseLimitInfoID: strPtr(l.UseLimitInfoID),
		LimitKey:       enumOf(couponLimitKeys, l.LimitKey, model.CouponLimitKeyUnknown), LimitKeyCode: l.LimitKey,
		Value1: strPtr(l.Value1), Value2: strPtr(l.Value2), ValueUnit: strPtr(l.ValueUnit),
		LimitType: strPtr(l.LimitType), PromotionPlanID: strPtr(l.PromotionPlanID),
	}
}

// limitServiceType returns the service type a usage limit names: value1 of
// a serviceType or serviceTypeBlackList limit.
func (r *Resolver) limitServiceType(ctx context.Context, l *model.CouponUseLimit) (*model.ServiceType, error) {
	if l.Value1 == nil || (l.LimitKey != model.CouponLimitKeyServiceType && l.LimitKey != model.CouponLimitKeyServiceTypeBlackList) {
		return nil, nil
	}
	return r.serviceType(ctx, *l.Value1)
}

// couponCosts is the upstream cost model of this domain's fields (limits.go).
func couponCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Customer.coupons":           sortCosts(couponsLimit),
		"CouponUseLimit.serviceType": once(1),
	}
}
