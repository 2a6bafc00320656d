package graph

import (
	"context"
	"fmt"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Price inquiries (§4.2). The three root fields send all their items in one
// upstream call and keep BSS's totals; Resource.renewalPrice goes through
// the RenewalPrice loader (renewalQuote), 10 resources of one period per call.

// Limits of the price inquiries (§4.2).
const (
	maxPriceProducts = 100 // product_infos, 4.2.1 and 4.2.2
	maxRenewalIDs    = 10  // resource_ids, 4.2.3
	maxSubscriptions = 10000
)

// periodTypes are the period_type codes of Table 4-21.
var periodTypes = map[model.PeriodType]int{
	model.PeriodTypeDay: 0, model.PeriodTypeMonth: 2, model.PeriodTypeYear: 3, model.PeriodTypeHour: 4,
}

// priceDiscountTypes are the discount_type codes of Tables 4-20, 4-24 and 4-28.
var priceDiscountTypes = map[int]model.PriceDiscountType{
	605: model.PriceDiscountTypeContractCommercialDiscount,
	606: model.PriceDiscountTypeResellerContractCommercialDiscount,
	607: model.PriceDiscountTypePartnerAuthorizedDiscount,
}

// renewalQuote returns the renewal price of one primary resource for
// periodNum periods of periodType (MONTH: 1 to 11, YEAR: 1 to 3), through the
// RenewalPrice loader: resources asked for together are priced 10 per call
// of the same period. A resource BSS could not price (fail_resource_infos)
// gives its BSS error, e.g. CBC.30050009 (NOT_FOUND) for a deleted one.
// The quote's list price and discounts are set only when the resource was
// priced alone (BSS gives them as totals of a call).
//
// Resource.renewalPrice (resources domain) is meant to call this.
func renewalQuote(ctx context.Context, resourceID string, periodType model.PeriodType, periodNum int32) (*model.RenewalQuote, error) {
	key, err := renewalKey(resourceID, periodType, periodNum, false)
	if err != nil {
		return nil, err
	}
	p, err := loaders.For(ctx).RenewalPrice.Load(ctx, key)()
	if err != nil {
		return nil, err
	}
	if p.Quote != nil {
		return renewalQuoteOf(p.Quote), nil
	}
	amount := money(p.Amount.Decimal, 0, p.Currency)
	return &model.RenewalQuote{
		Currency:        ptr(currencyOrUSD(p.Currency)),
		Amount:          amount,
		Resources:       []*model.RenewalResourcePrice{{ResourceID: p.ResourceID, Amount: amount}},
		FailedResources: []*model.RenewalPriceFailure{},
	}, nil
}

// renewalKey validates one resource's renewal period.
func renewalKey(resourceID string, periodType model.PeriodType, periodNum int32, relative bool) (loaders.RenewalKey, error) {
	if err := requiredString("resource id", resourceID, 64); err != nil {
		return loaders.RenewalKey{}, err
	}
	pt, pn, err := renewalPeriodArgs(periodType, periodNum)
	return loaders.RenewalKey{ResourceID: resourceID, PeriodType: pt, PeriodNum: pn, IncludeRelative: relative}, err
}

// renewalPeriodArgs validates a renewal period (4.2.3): MONTH 1 to 11 or YEAR
// 1 to 3.
func renewalPeriodArgs(periodType model.PeriodType, periodNum int32) (int, int, error) {
	switch periodType {
	case model.PeriodTypeMonth:
		if periodNum < 1 || periodNum > 11 {
			return 0, 0, badInput("periodNum must be 1 to 11 months, got %d", periodNum)
		}
	case model.PeriodTypeYear:
		if periodNum < 1 || periodNum > 3 {
			return 0, 0, badInput("periodNum must be 1 to 3 years, got %d", periodNum)
		}
	default:
		return 0, 0, badInput("a renewal periodType must be MONTH or YEAR, got %s", periodType)
	}
	return periodTypes[periodType], int(periodNum), nil
}

// productsArg checks the number of products of a price inquiry.
func productsArg(n int) error {
	if n < 1 || n > maxPriceProducts {
		return badInput("products: a price inquiry takes 1 to %d products, got %d", maxPriceProducts, n)
	}
	return nil
}

// productArg validates the fields that both price inquiries share of
// products[i] (Tables 4-18 and 4-21), including the uniqueness of its id.
func productArg(i int, seen map[string]bool, id, svc, rt, spec, region string, az *string, subs int32, size, sizeUnit *int32) error {
	at := func(f string) string { return fmt.Sprintf("products[%d].%s", i, f) }
	if err := firstInvalid(requiredString(at("id"), id, 64), requiredString(at("cloudServiceType"), svc, 400), requiredString(at("resourceType"), rt, 400),
		requiredString(at("resourceSpec"), spec, 400), requiredString(at("region"), region, 64), tooLong(at("availableZone"), ptrOr(az, ""), 64)); err != nil {
		return err
	}
	if seen[id] {
		return badInput("%s %q is not unique: BSS matches results to products by id", at("id"), id)
	}
	seen[id] = true
	if subs < 1 || subs > maxSubscriptions {
		return badInput("%s must be 1 to %d, got %d", at("subscriptionNum"), maxSubscriptions, subs)
	}
	if size != nil && *size < 1 {
		return badInput("%s must be at least 1, got %d", at("resourceSize"), *size)
	}
	if (size == nil) != (sizeUnit == nil) {
		return badInput("%s and %s go together: give both or neither", at("resourceSize"), at("sizeMeasureId"))
	}
	return nil
}

// payPerUseRequest validates a pay-per-use inquiry and builds its body.
func payPerUseRequest(in model.PayPerUsePriceInput) (*upstream.PayPerUsePriceRequest, error) {
	if err := firstInvalid(requiredString("projectId", in.ProjectID, 64), productsArg(len(in.Products))); err != nil {
		return nil, err
	}
	req := &upstream.PayPerUsePriceRequest{ProjectID: in.ProjectID, ProductInfos: make([]upstream.PayPerUseProductInfo, len(in.Products))}
	if in.InquiryPrecision != nil && *in.InquiryPrecision == model.InquiryPrecisionHigh {
		req.InquiryPrecision = ptr(1)
	}
	seen := make(map[string]bool, len(in.Products))
	for i, p := range in.Products {
		if err := productArg(i, seen, p.ID, p.CloudServiceType, p.ResourceType, p.ResourceSpec, p.Region, p.AvailableZone, p.SubscriptionNum, p.ResourceSize, p.SizeMeasureID); err != nil {
			return nil, err
		}
		if err := requiredString(fmt.Sprintf("products[%d].usageFactor", i), p.UsageFactor, 64); err != nil {
			return nil, err
		}
		if p.UsageValue.IsNegative() {
			return nil, badInput("products[%d].usageValue must not be negative, got %s", i, p.UsageValue)
		}
		if p.UsageMeasureID < 0 {
			return nil, badInput("products[%d].usageMeasureId must be a measure_id, got %d", i, p.UsageMeasureID)
		}
		req.ProductInfos[i] = upstream.PayPerUseProductInfo{
			ID: p.ID, CloudServiceType: p.CloudServiceType, ResourceType: p.ResourceType, ResourceSpec: p.ResourceSpec,
			Region: p.Region, AvailableZone: ptrOr(p.AvailableZone, ""), UsageFactor: p.UsageFactor,
			UsageValue: upstream.AmountOf(p.UsageValue), UsageMeasureID: int(p.UsageMeasureID),
			SubscriptionNum: int(p.SubscriptionNum), ResourceSize: intFrom32(p.ResourceSize), SizeMeasureID: intFrom32(p.SizeMeasureID),
		}
	}
	return req, nil
}

// subscriptionRequest validates a yearly/monthly inquiry and builds its body.
func subscriptionRequest(in model.SubscriptionPriceInput) (*upstream.SubscriptionPriceRequest, error) {
	if err := firstInvalid(requiredString("projectId", in.ProjectID, 64), productsArg(len(in.Products))); err != nil {
		return nil, err
	}
	req := &upstream.SubscriptionPriceRequest{ProjectID: in.ProjectID, ProductInfos: make([]upstream.SubscriptionProductInfo, len(in.Products))}
	seen := make(map[string]bool, len(in.Products))
	for i, p := range in.Products {
		if err := productArg(i, seen, p.ID, p.CloudServiceType, p.ResourceType, p.ResourceSpec, p.Region, p.AvailableZone, p.SubscriptionNum, p.ResourceSize, p.SizeMeasureID); err != nil {
			return nil, err
		}
		pt, ok := periodTypes[p.PeriodType]
		if !ok {
			return nil, badInput("products[%d].periodType %s is not a period type", i, p.PeriodType)
		}
		if p.PeriodNum < 1 {
			return nil, badInput("products[%d].periodNum must be at least 1, got %d", i, p.PeriodNum)
		}
		req.ProductInfos[i] = upstream.SubscriptionProductInfo{
			ID: p.ID, CloudServiceType: p.CloudServiceType, ResourceType: p.ResourceType, ResourceSpec: p.ResourceSpec,
			Region: p.Region, AvailableZone: ptrOr(p.AvailableZone, ""), ResourceSize: intFrom32(p.ResourceSize),
			SizeMeasureID: intFrom32(p.SizeMeasureID), PeriodType: pt, PeriodNum: int(p.PeriodNum), SubscriptionNum: int(p.SubscriptionNum),
		}
	}
	return req, nil
}

// renewalRequest validates a renewal inquiry and builds its body.
func renewalRequest(in model.RenewalPriceInput) (*upstream.RenewalPriceRequest, error) {
	if n := len(in.ResourceIds); n < 1 || n > maxRenewalIDs {
		return nil, badInput("resourceIds: a renewal price inquiry takes 1 to %d resource ids, got %d", maxRenewalIDs, n)
	}
	seen := make(map[string]bool, len(in.ResourceIds))
	for i, id := range in.ResourceIds {
		if err := requiredString(fmt.Sprintf("resourceIds[%d]", i), id, 64); err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, badInput("resourceIds[%d] %q is a duplicate (BSS rejects duplicate resource ids, CBC.30050012)", i, id)
		}
		seen[id] = true
	}
	pt, pn, err := renewalPeriodArgs(in.PeriodType, in.PeriodNum)
	if err != nil {
		return nil, err
	}
	return &upstream.RenewalPriceRequest{ResourceIDs: in.ResourceIds, PeriodType: pt, PeriodNum: pn,
		IncludeRelativeResources: in.IncludeRelativeResources}, nil
}

func intFrom32(v *int32) *int {
	if v == nil {
		return nil
	}
	return ptr(int(*v))
}

// currencyOrUSD is the documented default of a blank currency.
func currencyOrUSD(c string) string {
	if c == "" {
		return "USD"
	}
	return c
}

// optMeasureID is an optional measure_id field (0 is not a money unit).
func optMeasureID(id int) *int32 {
	if id == 0 {
		return nil
	}
	return ptr(int32(id))
}

// inInputOrder returns the results in the order of the input ids (BSS
// correlates them by id), followed by any result whose id was not asked for.
func inInputOrder[T any](ids []string, results []T, id func(T) string) []T {
	byID := make(map[string][]T, len(results))
	for _, res := range results {
		byID[id(res)] = append(byID[id(res)], res)
	}
	out := make([]T, 0, len(results))
	for _, i := range ids {
		out = append(out, byID[i]...)
		delete(byID, i)
	}
	for _, res := range results {
		if _, left := byID[id(res)]; left {
			out = append(out, res)
		}
	}
	return out
}

// Mappers.

// payPerUseQuoteOf maps the answer to req.
func payPerUseQuoteOf(q *upstream.PayPerUseQuote, req *upstream.PayPerUsePriceRequest) *model.PayPerUseQuote {
	cur := currencyOrUSD(q.Currency)
	ids := mapSlice(req.ProductInfos, func(p upstream.PayPerUseProductInfo) string { return p.ID })
	items := inInputOrder(ids, q.ProductRatingResults, func(p upstream.PayPerUseProductRating) string { return p.ID })
	return &model.PayPerUseQuote{
		Amount:                money(q.Amount.Decimal, q.MeasureID, cur),
		DiscountAmount:        money(q.DiscountAmount.Decimal, q.MeasureID, cur),
		OfficialWebsiteAmount: money(q.OfficialWebsiteAmount.Decimal, q.MeasureID, cur),
		MeasureID:             optMeasureID(q.MeasureID),
		Currency:              cur,
		Products: mapSlice(items, func(p upstream.PayPerUseProductRating) *model.PayPerUseProductQuote {
			return &model.PayPerUseProductQuote{
				ID: p.ID, ProductID: p.ProductID,
				Amount:                money(p.Amount.Decimal, p.MeasureID, cur),
				DiscountAmount:        money(p.DiscountAmount.Decimal, p.MeasureID, cur),
				OfficialWebsiteAmount: money(p.OfficialWebsiteAmount.Decimal, p.MeasureID, cur),
				MeasureID:             optMeasureID(p.MeasureID),
				Discounts: mapSlice(p.DiscountRatingResults, func(d upstream.PayPerUseDiscountRating) *model.PayPerUseDiscount {
					return &model.PayPerUseDiscount{
						DiscountID: d.DiscountID, Type: enumOf(priceDiscountTypes, d.DiscountType, model.PriceDiscountTypeUnknown),
						TypeCode: int32(d.DiscountType), Amount: money(d.Amount.Decimal, d.MeasureID, cur),
						MeasureID: optMeasureID(d.MeasureID), Name: d.DiscountName,
					}
				}),
			}
		}),
	}
}

// subscriptionQuoteOf maps the answer to req.
func subscriptionQuoteOf(q *upstream.SubscriptionQuote, req *upstream.SubscriptionPriceRequest) *model.SubscriptionQuote {
	cur := currencyOrUSD(q.Currency)
	ids := mapSlice(req.ProductInfos, func(p upstream.SubscriptionProductInfo) string { return p.ID })
	out := &model.SubscriptionQuote{Currency: cur, Products: []*model.SubscriptionProductListPrice{}}
	if o := q.OfficialWebsiteRatingResult; o != nil {
		out.OfficialWebsiteAmount = money(o.OfficialWebsiteAmount.Decimal, o.MeasureID, cur)
		items := inInputOrder(ids, o.ProductRatingResults, func(p upstream.SubscriptionProductOfficialRating) string { return p.ID })
		out.Products = mapSlice(items, func(p upstream.SubscriptionProductOfficialRating) *model.SubscriptionProductListPrice {
			return &model.SubscriptionProductListPrice{
				ID: p.ID, ProductID: p.ProductID, MeasureID: optMeasureID(p.MeasureID),
				OfficialWebsiteAmount: money(p.OfficialWebsiteAmount.Decimal, p.MeasureID, cur),
			}
		})
	}
	out.OptionalDiscounts = mapSlice(q.OptionalDiscountRatingResults, func(d upstream.SubscriptionDiscountRating) *model.SubscriptionDiscountQuote {
		items := inInputOrder(ids, d.ProductRatingResults, func(p upstream.SubscriptionProductRating) string { return p.ID })
		return &model.SubscriptionDiscountQuote{
			DiscountID:            d.DiscountID,
			Amount:                money(d.Amount.Decimal, d.MeasureID, cur),
			OfficialWebsiteAmount: money(d.OfficialWebsiteAmount.Decimal, d.MeasureID, cur),
			DiscountAmount:        money(d.DiscountAmount.Decimal, d.MeasureID, cur),
			MeasureID:             optMeasureID(d.MeasureID),
			Type:                  enumOf(priceDiscountTypes, d.DiscountType, model.PriceDiscountTypeUnknown),
			TypeCode:              int32(d.DiscountType), Name: d.DiscountName,
			BestOffer: d.BestOffer == 1, BestOfferCode: int32(d.BestOffer),
			Products: mapSlice(items, func(p upstream.SubscriptionProductRating) *model.SubscriptionProductQuote {
				return &model.SubscriptionProductQuote{
					ID: p.ID, ProductID: p.ProductID, MeasureID: optMeasureID(p.MeasureID),
					Amount:                money(p.Amount.Decimal, p.MeasureID, cur),
					OfficialWebsiteAmount: money(p.OfficialWebsiteAmount.Decimal, p.MeasureID, cur),
					DiscountAmount:        money(p.DiscountAmount.Decimal, p.MeasureID, cur),
				}
			}),
		}
	})
	for _, d := range out.OptionalDiscounts {
		if d.BestOffer {
			out.BestOffer = d
			break
		}
	}
	return out
}

// renewalQuoteOf maps a whole renewal answer. Its amounts are strings with
// no measure_id, in major units ("in USD", Table 4-26).
func renewalQuoteOf(q *upstream.RenewalQuote) *model.RenewalQuote {
	cur := currencyOrUSD(q.Currency)
	out := &model.RenewalQuote{
		Currency: &cur,
		Resources: mapSlice(q.RenewInquiryResults, func(r upstream.RenewalInquiryResult) *model.RenewalResourcePrice {
			return &model.RenewalResourcePrice{ResourceID: r.ResourceID, Amount: money(r.Amount.Decimal, 0, cur)}
		}),
		OptionalDiscounts: mapSlice(q.OptionalDiscountRatingResults, func(d upstream.RenewalDiscountRating) *model.RenewalDiscountQuote {
			return &model.RenewalDiscountQuote{
				DiscountID:            d.DiscountID,
				Amount:                money(d.Amount.Decimal, 0, cur),
				OfficialWebsiteAmount: money(d.OfficialWebsiteAmount.Decimal, 0, cur),
				DiscountAmount:        money(d.DiscountAmount.Decimal, 0, cur),
				Type:                  enumOf(priceDiscountTypes, d.DiscountType, model.PriceDiscountTypeUnknown),
				TypeCode:              int32(d.DiscountType), Name: d.DiscountName,
				BestOffer: d.BestOffer == 1, BestOfferCode: int32(d.BestOffer),
			}
		}),
		FailedResources: mapSlice(q.FailResourceInfos, func(f upstream.RenewalFailedResource) *model.RenewalPriceFailure {
			return &model.RenewalPriceFailure{ResourceID: f.ResourceID, ErrorCode: f.ErrorCode, ErrorMessage: f.ErrorMsg}
		}),
	}
	if len(q.RenewInquiryResults) > 0 {
		sum := q.RenewInquiryResults[0].Amount.Decimal
		for _, r := range q.RenewInquiryResults[1:] {
			sum = sum.Add(r.Amount.Decimal)
		}
		out.Amount = money(sum, 0, cur)
	}
	if o := q.OfficialWebsiteRatingResult; o != nil {
		out.OfficialWebsiteAmount = money(o.OfficialWebsiteAmount.Decimal, 0, cur)
	}
	return out
}

// pricingCosts is the upstream cost model of this domain's fields
// (limits.go): each inquiry is one call with all its items.
func pricingCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Query.payPerUsePrice":    perParent(1),
		"Query.subscriptionPrice": perParent(1),
		"Query.renewalPrice":      perParent(1),
	}
}
