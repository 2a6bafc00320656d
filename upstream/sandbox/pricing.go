package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// Price inquiries (§4.2). Every amount comes from the price functions of
// products.go: pay-per-use from hourlyOnDemand, yearly/monthly and renewal
// from periodPrice, so a quote always equals what an order, a renewal or a
// bill of the same product charges.

// maxQuote is the largest amount a price inquiry answers; above it BSS
// answers CBC.99006055 "The queried amount exceeds the upper limit."
var maxQuote = decimal.New(1, 10) // USD 10,000,000,000

// discountOffer is a discount an account may use on a purchase (the optional
// discounts of §4.2.2 and §4.2.3, the discount results of §4.2.1).
type discountOffer struct {
	id     string
	typ    int // 605 commercial (Huawei Cloud BE), 606 commercial (reseller BE), 607 partner
	nameEN string
	nameZH string
	rate   decimal.Decimal // share of the list price taken off, e.g. 0.15
}

// Discount types of §4.2.1 (Table 4-20).
const (
	discountCommercial         = 605
	discountCommercialReseller = 606
	discountPartner            = 607
)

func (o discountOffer) commercial() bool {
	return o.typ == discountCommercial || o.typ == discountCommercialReseller
}

func (o discountOffer) name(en bool) string { return catLang(en, o.nameEN, o.nameZH) }

// off is the amount the offer takes off a list price, rounded to places.
func (o discountOffer) off(official decimal.Decimal, places int32) decimal.Decimal {
	return official.Mul(o.rate).Round(places)
}

// accountDiscounts returns the discounts an account can use. The enterprise
// master has a contract commercial discount (605) that also covers its
// member accounts; individual customers and the partner have none. Orders
// (§6.2.3) should offer the same discounts.
func accountDiscounts(a *account) []discountOffer {
	owner := a
	if a.Kind == kindMember && a.master != nil {
		owner = a.master
	}
	if owner.Kind != kindEnterprise {
		return nil
	}
	return []discountOffer{{
		id:     offerID(owner.ID, discountCommercial),
		typ:    discountCommercial,
		nameEN: "Contract commercial discount (15% off)",
		nameZH: "合同商务折扣（85折）",
		rate:   d("0.15"),
	}}
}

// discountID is a stable discount id for an account and discount type.
func offerID(accountID string, typ int) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%d", accountID, typ)
	return fmt.Sprintf("DIS%d%016X", typ, h.Sum64())
}

// bestOffer returns the index of the optimal discount among offers whose
// discount amounts are amounts: the largest amount, the commercial discount
// on a tie (§4.2.2 best_offer). It returns -1 when there are no offers.
func bestOffer(offers []discountOffer, amounts []decimal.Decimal) int {
	best := -1
	for i := range offers {
		switch {
		case best < 0, amounts[i].GreaterThan(amounts[best]):
			best = i
		case amounts[i].Equal(amounts[best]) && offers[i].commercial() && !offers[best].commercial():
			best = i
		}
	}
	return best
}

// preferredOffer is the discount a pay-per-use price applies: the
// commercial discount when there is one (§4.2.1), else the first offer.
func preferredOffer(offers []discountOffer) (discountOffer, bool) {
	for _, o := range offers {
		if o.commercial() {
			return o, true
		}
	}
	if len(offers) > 0 {
		return offers[0], true
	}
	return discountOffer{}, false
}

// priceItem is the part of a product_infos item (Tables 4-18 and 4-21)
// that identifies a product. Pointers tell a missing field from a zero one.
type priceItem struct {
	ID                *string `json:"id"`
	CloudServiceType  *string `json:"cloud_service_type"`
	ResourceType      *string `json:"resource_type"`
	ResourceSpec      *string `json:"resource_spec"`
	Region            *string `json:"region"`
	AvailableZone     *string `json:"available_zone"`
	ResourceSize      *int    `json:"resource_size"`
	SizeMeasureID     *int    `json:"size_measure_id"`
	SizeMeasurementID *int    `json:"size_measurement_id"` // the tables' spelling
	SubscriptionNum   *int    `json:"subscription_num"`
}

// pricedItem is a validated price item.
type pricedItem struct {
	id   string
	p    *product
	reg  region
	size int
	num  int
}

// priceStr validates a mandatory string field of item i.
func priceStr(i int, name string, v *string, maxLen int) (string, error) {
	if v == nil || *v == "" {
		return "", badParam("product_infos[%d].%s is mandatory", i, name)
	}
	if len([]rune(*v)) > maxLen {
		return "", badParam("product_infos[%d].%s must be at most %d characters", i, name, maxLen)
	}
	return *v, nil
}

var errProductNotFound = func(format string, args ...any) error {
	return errorf(http.StatusBadRequest, "CBC.99006006", "Product not found: "+format, args...)
}

// resolve validates item i and finds its product. seen holds the ids of the
// items before it. Parameter errors are CBC.0100; a service type, resource
// type, specification or region the price table does not have is
// CBC.99006006.
func (it *priceItem) resolve(i int, seen map[string]bool) (pricedItem, error) {
	var out pricedItem
	id, err := priceStr(i, "id", it.ID, 64)
	if err != nil {
		return out, err
	}
	if seen[id] {
		return out, badParam("product_infos[%d].id %q is not unique in the inquiry", i, id)
	}
	seen[id] = true
	svc, err := priceStr(i, "cloud_service_type", it.CloudServiceType, 400)
	if err != nil {
		return out, err
	}
	rt, err := priceStr(i, "resource_type", it.ResourceType, 400)
	if err != nil {
		return out, err
	}
	spec, err := priceStr(i, "resource_spec", it.ResourceSpec, 400)
	if err != nil {
		return out, err
	}
	regionCode, err := priceStr(i, "region", it.Region, 64)
	if err != nil {
		return out, err
	}
	if it.AvailableZone != nil && len(*it.AvailableZone) > 64 {
		return out, badParam("product_infos[%d].available_zone must be at most 64 characters", i)
	}
	if it.SubscriptionNum == nil {
		return out, badParam("product_infos[%d].subscription_num is mandatory", i)
	}
	if err := checkRange(fmt.Sprintf("product_infos[%d].subscription_num", i), *it.SubscriptionNum, 1, 10000); err != nil {
		return out, err
	}
	sizeMeasure := it.SizeMeasureID
	if sizeMeasure == nil {
		sizeMeasure = it.SizeMeasurementID
	}
	if it.ResourceSize != nil {
		if err := checkRange(fmt.Sprintf("product_infos[%d].resource_size", i), *it.ResourceSize, 1, 2147483647); err != nil {
			return out, err
		}
	}
	p, ok := findProduct(rt, spec)
	if !ok || p.serviceType != svc {
		return out, errProductNotFound("no product %s / %s / %s", svc, rt, spec)
	}
	reg, ok := regionByCode(regionCode)
	if !ok {
		return out, errProductNotFound("%s is not sold in region %s", spec, regionCode)
	}
	size := 0
	if p.linear {
		if it.ResourceSize == nil || sizeMeasure == nil {
			return out, badParam("product_infos[%d]: resource_size and size_measure_id are mandatory for the linear product %s", i, spec)
		}
		if *sizeMeasure != p.sizeMeasure {
			return out, badParam("product_infos[%d].size_measure_id of %s must be %d, got %d", i, spec, p.sizeMeasure, *sizeMeasure)
		}
		size = *it.ResourceSize
		if size < p.minSize || size > p.maxSize {
			return out, badParam("product_infos[%d].resource_size of %s must be in [%d, %d], got %d", i, spec, p.minSize, p.maxSize, size)
		}
	}
	return pricedItem{id: id, p: p, reg: reg, size: size, num: *it.SubscriptionNum}, nil
}

// inquiryBody is what the bodies of the two inquiry APIs (4.2.1, 4.2.2)
// share: the project and the products, checked alike.
type inquiryBody[T any] struct {
	ProjectID    *string `json:"project_id"`
	ProductInfos []T     `json:"product_infos"`
}

func (b *inquiryBody[T]) check() error {
	if b.ProjectID == nil || *b.ProjectID == "" {
		return badParam("project_id is mandatory")
	}
	if len(*b.ProjectID) > 64 {
		return badParam("project_id must be at most 64 characters")
	}
	if n := len(b.ProductInfos); n == 0 {
		return badParam("product_infos is mandatory")
	} else if n > 100 {
		return badParam("product_infos holds at most 100 products, got %d", n)
	}
	return nil
}

// decodeInquiry reads an inquiry body and checks what the two APIs share.
func decodeInquiry(r *request, body interface{ check() error }) error {
	if err := r.decodeBody(body); err != nil {
		return err
	}
	return body.check()
}

func errQuoteTooLarge(id string) error {
	return errorf(http.StatusBadRequest, "CBC.99006055", "The queried amount exceeds the upper limit (product %s).", id)
}

// payPerUseItem is a product_infos item of §4.2.1 (Table 4-18).
type payPerUseItem struct {
	priceItem
	UsageFactor    *string          `json:"usage_factor"`
	UsageValue     *upstream.Amount `json:"usage_value"`
	UsageMeasureID *int             `json:"usage_measure_id"`
}

// rateOnDemand answers 4.2.1. Each product costs hourlyOnDemand (the price
// of one hour, or of one unit of its metered usage: a GB of traffic or a GB
// of capacity for an hour) times its usage in the usage factor's unit
// times the subscriptions, rounded to 6 places (inquiry_precision 0) or 10
// (1). The top-level amounts are the sums of the rounded item amounts.
func (s *Server) rateOnDemand(a *account, r *request) (any, error) {
	var body struct {
		inquiryBody[payPerUseItem]
		InquiryPrecision *int `json:"inquiry_precision"`
	}
	if err := decodeInquiry(r, &body); err != nil {
		return nil, err
	}
	places := int32(6)
	if body.InquiryPrecision != nil {
		switch *body.InquiryPrecision {
		case 0:
		case 1:
			places = 10
		default:
			return nil, badParam("inquiry_precision must be 0 or 1, got %d", *body.InquiryPrecision)
		}
	}
	cat := r.world.catalog
	offer, discounted := preferredOffer(accountDiscounts(a))
	seen := make(map[string]bool)
	out := &upstream.PayPerUseQuote{MeasureID: muUSD, Currency: "USD", ProductRatingResults: []upstream.PayPerUseProductRating{}}
	var total, totalOff, totalList decimal.Decimal
	for i := range body.ProductInfos {
		it := &body.ProductInfos[i]
		if _, err := priceStr(i, "usage_factor", it.UsageFactor, 64); err != nil {
			return nil, err
		}
		if it.UsageValue == nil {
			return nil, badParam("product_infos[%d].usage_value is mandatory", i)
		}
		if it.UsageValue.IsNegative() {
			return nil, badParam("product_infos[%d].usage_value must not be negative", i)
		}
		if it.UsageMeasureID == nil {
			return nil, badParam("product_infos[%d].usage_measure_id is mandatory", i)
		}
		res, err := it.resolve(i, seen)
		if err != nil {
			return nil, err
		}
		factor, ok := cat.usageOf(res.p.resourceType, *it.UsageFactor)
		if !ok || !strings.EqualFold(factor, res.p.usageFactor) {
			return nil, errorf(http.StatusBadRequest, "CBC.99006074", "The billing item does not exist: %s is not billed by %s.", res.p.spec, *it.UsageFactor)
		}
		usage, ok := cat.convert(it.UsageValue.Decimal, *it.UsageMeasureID, usageDefs[factor].measure)
		if !ok {
			return nil, errorf(http.StatusBadRequest, "CBC.99006050", "Incorrect usage unit: %s is metered in units of measure_type %d, got measure_id %d.",
				factor, cat.measureByID[usageDefs[factor].measure].typ, *it.UsageMeasureID)
		}
		list := hourlyOnDemand(res.p, res.reg, res.size).Mul(usage).Mul(decimal.NewFromInt(int64(res.num))).Round(places)
		if list.GreaterThan(maxQuote) {
			return nil, errQuoteTooLarge(res.id)
		}
		item := upstream.PayPerUseProductRating{
			ID: res.id, ProductID: res.p.productID(res.reg.code), MeasureID: muUSD,
			OfficialWebsiteAmount: upstream.AmountOf(list),
			DiscountRatingResults: []upstream.PayPerUseDiscountRating{},
		}
		off := decimal.Zero.Round(places)
		if discounted {
			off = offer.off(list, places)
			item.DiscountRatingResults = append(item.DiscountRatingResults, upstream.PayPerUseDiscountRating{
				DiscountID: offer.id, DiscountType: offer.typ, Amount: upstream.AmountOf(off),
				MeasureID: muUSD, DiscountName: offer.name(r.en()),
			})
		}
		item.DiscountAmount = upstream.AmountOf(off)
		item.Amount = upstream.AmountOf(list.Sub(off))
		out.ProductRatingResults = append(out.ProductRatingResults, item)
		total, totalOff, totalList = total.Add(list.Sub(off)), totalOff.Add(off), totalList.Add(list)
	}
	out.Amount = upstream.AmountOf(total.Round(places))
	out.DiscountAmount = upstream.AmountOf(totalOff.Round(places))
	out.OfficialWebsiteAmount = upstream.AmountOf(totalList.Round(places))
	return out, nil
}

// subscriptionItem is a product_infos item of §4.2.2 (Table 4-21).
type subscriptionItem struct {
	priceItem
	PeriodType *int `json:"period_type"`
	PeriodNum  *int `json:"period_num"`
}

// rateSubscription answers 4.2.2: periodPrice times the subscriptions for
// each product, the list price summed over the products, and one result per
// discount the account can use, the optimal one marked best_offer.
func (s *Server) rateSubscription(a *account, r *request) (any, error) {
	var body inquiryBody[subscriptionItem]
	if err := decodeInquiry(r, &body); err != nil {
		return nil, err
	}
	seen := make(map[string]bool)
	var items []pricedItem
	var lists []decimal.Decimal
	official := &upstream.SubscriptionOfficialRating{MeasureID: muUSD}
	total := decimal.Zero.Round(2)
	for i := range body.ProductInfos {
		it := &body.ProductInfos[i]
		if it.PeriodType == nil {
			return nil, badParam("product_infos[%d].period_type is mandatory", i)
		}
		if it.PeriodNum == nil {
			return nil, badParam("product_infos[%d].period_num is mandatory", i)
		}
		switch *it.PeriodType {
		case periodDay, periodMonth, periodYear, periodHour:
		default:
			return nil, badParam("product_infos[%d].period_type must be 0 (day), 2 (month), 3 (year) or 4 (hour), got %d", i, *it.PeriodType)
		}
		if err := checkRange(fmt.Sprintf("product_infos[%d].period_num", i), *it.PeriodNum, 1, 2147483647); err != nil {
			return nil, err
		}
		res, err := it.resolve(i, seen)
		if err != nil {
			return nil, err
		}
		if !res.p.yearlyMonthly {
			return nil, errProductNotFound("%s is not sold yearly/monthly", res.p.spec)
		}
		list := periodPrice(res.p, res.reg, res.size, *it.PeriodType, *it.PeriodNum).Mul(decimal.NewFromInt(int64(res.num)))
		if list.GreaterThan(maxQuote) {
			return nil, errQuoteTooLarge(res.id)
		}
		items = append(items, res)
		lists = append(lists, list)
		total = total.Add(list)
		official.ProductRatingResults = append(official.ProductRatingResults, upstream.SubscriptionProductOfficialRating{
			ID: res.id, ProductID: res.p.productID(res.reg.code),
			OfficialWebsiteAmount: upstream.AmountOf(list), MeasureID: muUSD,
		})
	}
	official.OfficialWebsiteAmount = upstream.AmountOf(total)
	out := &upstream.SubscriptionQuote{
		OfficialWebsiteRatingResult:   official,
		OptionalDiscountRatingResults: []upstream.SubscriptionDiscountRating{},
		Currency:                      "USD",
	}
	offers := accountDiscounts(a)
	offs := make([]decimal.Decimal, len(offers))
	for k, o := range offers {
		dr := upstream.SubscriptionDiscountRating{
			DiscountID: o.id, DiscountType: o.typ, DiscountName: o.name(r.en()), MeasureID: muUSD,
			OfficialWebsiteAmount: upstream.AmountOf(total),
		}
		sumOff := decimal.Zero.Round(2)
		for j, res := range items {
			off := o.off(lists[j], 2)
			sumOff = sumOff.Add(off)
			dr.ProductRatingResults = append(dr.ProductRatingResults, upstream.SubscriptionProductRating{
				ID: res.id, ProductID: res.p.productID(res.reg.code), MeasureID: muUSD,
				OfficialWebsiteAmount: upstream.AmountOf(lists[j]),
				DiscountAmount:        upstream.AmountOf(off),
				Amount:                upstream.AmountOf(lists[j].Sub(off)),
			})
		}
		dr.DiscountAmount = upstream.AmountOf(sumOff)
		dr.Amount = upstream.AmountOf(total.Sub(sumOff))
		offs[k] = sumOff
		out.OptionalDiscountRatingResults = append(out.OptionalDiscountRatingResults, dr)
	}
	if b := bestOffer(offers, offs); b >= 0 {
		out.OptionalDiscountRatingResults[b].BestOffer = 1
	}
	return out, nil
}

// renewalListPrice is the renewal list price of a primary resource for a
// period: its own periodPrice plus that of its attached resources that are
// not closed (§4.2.3: "the renewal price includes both the primary and the
// attached resources"). The renewal API (6.3.2) should charge the same.
func renewalListPrice(res *resource, attached []*resource, periodType, periodNum int) decimal.Decimal {
	total := periodPrice(res.product, res.region, res.size, periodType, periodNum)
	for _, c := range attached {
		if c.product == nil || c.Status == 3 /* closed */ {
			continue
		}
		total = total.Add(periodPrice(c.product, c.region, c.size, periodType, periodNum))
	}
	return total
}

// renewAttachments returns the attached resources of the primary resources
// ids, by primary resource_id, in creation order.
func renewAttachments(a *account, ids map[string]bool) map[string][]*resource {
	out := make(map[string][]*resource)
	for _, c := range a.resources.list {
		if c.IsMainResource == 0 && ids[c.ParentResourceID] {
			out[c.ParentResourceID] = append(out[c.ParentResourceID], c)
		}
	}
	return out
}

// renewPending reports whether a primary resource or one of its open
// attached resources is in an order pending payment (a renewal not yet
// paid), which BSS refuses to price again (CBC.30050010).
func renewPending(res *resource, attached []*resource) bool {
	if res.pendingOrder != "" {
		return true
	}
	for _, c := range attached {
		if c.Status != 3 && c.pendingOrder != "" {
			return true
		}
	}
	return false
}

// rateRenewal answers 4.2.3 for the caller's own primary resources. Per
// resource failures (unknown, closed, attached, not renewable) are listed
// in fail_resource_infos with their 200-status codes; the list price and
// the discount results are totals over the priced resources. All amounts
// are JSON strings.
func (s *Server) rateRenewal(a *account, r *request) (any, error) {
	var body renewalRateBody
	if err := r.decodeBody(&body); err != nil {
		return nil, err
	}
	ids, want, err := body.check()
	if err != nil {
		return nil, err
	}
	pt, pn := *body.PeriodType, *body.PeriodNum
	attached := renewAttachments(a, want)
	out := &upstream.RenewalQuote{
		Currency:                      "USD",
		RenewInquiryResults:           []upstream.RenewalInquiryResult{},
		OptionalDiscountRatingResults: []upstream.RenewalDiscountRating{},
		FailResourceInfos:             []upstream.RenewalFailedResource{},
	}
	fail := func(id, code, msg string) {
		out.FailResourceInfos = append(out.FailResourceInfos, upstream.RenewalFailedResource{ErrorCode: code, ErrorMsg: msg, ResourceID: id})
	}
	var amounts []decimal.Decimal
	total := decimal.Zero.Round(2)
	for _, id := range ids {
		res := a.resources.byID[id]
		if code, msg := renewalRefusal(res, attached[id]); code != "" {
			fail(id, code, msg)
			continue
		}
		amt := renewalListPrice(res, attached[id], pt, pn)
		amounts = append(amounts, amt)
		total = total.Add(amt)
		out.RenewInquiryResults = append(out.RenewInquiryResults, upstream.RenewalInquiryResult{ResourceID: id, Amount: upstream.StringAmount{Decimal: amt}})
	}
	out.OfficialWebsiteRatingResult = &upstream.RenewalOfficialRating{OfficialWebsiteAmount: upstream.StringAmount{Decimal: total}}
	if len(amounts) == 0 {
		return out, nil
	}
	offers := accountDiscounts(a)
	offs := make([]decimal.Decimal, len(offers))
	for k, o := range offers {
		sumOff := decimal.Zero.Round(2)
		for _, amt := range amounts {
			sumOff = sumOff.Add(o.off(amt, 2))
		}
		offs[k] = sumOff
		out.OptionalDiscountRatingResults = append(out.OptionalDiscountRatingResults, upstream.RenewalDiscountRating{
			DiscountID: o.id, DiscountType: o.typ, DiscountName: o.name(r.en()),
			OfficialWebsiteAmount: upstream.StringAmount{Decimal: total},
			DiscountAmount:        upstream.StringAmount{Decimal: sumOff},
			Amount:                upstream.StringAmount{Decimal: total.Sub(sumOff)},
		})
	}
	if b := bestOffer(offers, offs); b >= 0 {
		out.OptionalDiscountRatingResults[b].BestOffer = 1
	}
	return out, nil
}

// renewalRateBody is the request body of 4.3.
type renewalRateBody struct {
	ResourceIDs              *[]string       `json:"resource_ids"`
	PeriodType               *int            `json:"period_type"`
	PeriodNum                *int            `json:"period_num"`
	IncludeRelativeResources json.RawMessage `json:"include_relative_resources"`
}

// check validates the body and returns the resource ids, in order and as a set.
func (body *renewalRateBody) check() ([]string, map[string]bool, error) {
	if body.ResourceIDs == nil || len(*body.ResourceIDs) == 0 {
		return nil, nil, badParam("resource_ids is mandatory")
	}
	ids := *body.ResourceIDs
	if len(ids) > 10 {
		return nil, nil, badParam("resource_ids holds 1 to 10 resource IDs, got %d", len(ids))
	}
	want := make(map[string]bool, len(ids))
	for i, id := range ids {
		if id == "" {
			return nil, nil, badParam("resource_ids[%d] is empty", i)
		}
		if want[id] {
			return nil, nil, errorf(http.StatusBadRequest, "CBC.30050012", "There are duplicate resource IDs: %s.", id)
		}
		want[id] = true
	}
	if body.PeriodType == nil {
		return nil, nil, badParam("period_type is mandatory")
	}
	if body.PeriodNum == nil {
		return nil, nil, badParam("period_num is mandatory")
	}
	switch *body.PeriodType {
	case periodMonth:
		if err := checkRange("period_num (months)", *body.PeriodNum, 1, 11); err != nil {
			return nil, nil, err
		}
	case periodYear:
		if err := checkRange("period_num (years)", *body.PeriodNum, 1, 3); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, badParam("period_type must be 2 (month) or 3 (year), got %d", *body.PeriodType)
	}
	switch raw := string(bytes.TrimSpace(body.IncludeRelativeResources)); raw {
	case "", "null", `""`, "true", "false":
	default:
		return nil, nil, badParam("include_relative_resources must be a boolean, got %s", raw)
	}
	return ids, want, nil
}

// renewalRefusal is the error code and message of a resource that cannot
// be quoted a renewal (res nil: unknown), or "".
func renewalRefusal(res *resource, attached []*resource) (code, msg string) {
	switch {
	case res == nil || res.Status == 3 /* closed */ :
		return "CBC.30050009", "The resources have expired and been deleted or do not exist."
	case res.IsMainResource != 1:
		return "CBC.30050007", "Renewal price inquiry is not available for non-primary resources."
	case res.product == nil || !res.product.yearlyMonthly:
		return "CBC.30050013", "Renewal not supported."
	case renewPending(res, attached):
		return "CBC.30050010", "This operation is not allowed because some resources included in your orders are to be paid."
	}
	return "", ""
}
