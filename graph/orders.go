package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/shopspring/decimal"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Yearly/monthly orders (§6.2). Orders come from two APIs with different
// shapes: the list (6.2.1) carries enterprise projects, the details (6.2.2,
// OrderByID) carry the creator and the payment deadline. model.Order keeps
// which of them it was read from (gqlgen.yml extraFields), and the fields
// only the other shape has are read through OrderByID or a list call by
// order id.

// ordersPageLimit is the largest page of the order list (6.2.1) and of an
// order's line items (6.2.2).
const ordersPageLimit = 100

// Enums of §6.2 (Tables 6-5 to 6-27).
var (
	orderStatuses = map[int]model.OrderStatus{
		1: model.OrderStatusPendingApproval, 2: model.OrderStatusPendingRefund, 3: model.OrderStatusProcessing,
		4: model.OrderStatusCanceled, 5: model.OrderStatusCompleted, 6: model.OrderStatusPendingPayment,
		9: model.OrderStatusToBeConfirmed, 10: model.OrderStatusToBeShipped, 11: model.OrderStatusToBeReceived,
		12: model.OrderStatusPendingPickUp, 13: model.OrderStatusExchangeInProgress,
	}
	// orderStatusFilters are the statuses the order list filters by (Table 6-5).
	orderStatusFilters = map[model.OrderStatus]int{
		model.OrderStatusPendingApproval: 1, model.OrderStatusProcessing: 3, model.OrderStatusCanceled: 4,
		model.OrderStatusCompleted: 5, model.OrderStatusPendingPayment: 6, model.OrderStatusToBeConfirmed: 9,
	}
	orderTypes = map[int]model.OrderType{
		1: model.OrderTypeNewPurchase, 2: model.OrderTypeRenewal, 3: model.OrderTypeChange, 4: model.OrderTypeUnsubscription,
		10: model.OrderTypeYearlyMonthlyToPayPerUse, 11: model.OrderTypePayPerUseToYearlyMonthly, 13: model.OrderTypeTrial,
		14: model.OrderTypeCommercialUse, 15: model.OrderTypePriceAdjustment,
	}
	orderSourceTypes = map[int]model.OrderSourceType{
		1: model.OrderSourceTypeCustomer, 2: model.OrderSourceTypeAgent, 3: model.OrderSourceTypeContract, 4: model.OrderSourceTypeDistributor,
	}
	discountItemTypes = map[string]model.DiscountItemType{
		"200": model.DiscountItemTypePromotionProductDiscount, "300": model.DiscountItemTypePromotionDiscountCoupon,
		"301": model.DiscountItemTypePromotionCoupon, "302": model.DiscountItemTypePromotionFlexiPurchaseCoupon,
		"500": model.DiscountItemTypeAgentSubscriptionDiscount, "501": model.DiscountItemTypeAgentSubscriptionExemption,
		"502": model.DiscountItemTypeAgentSubscriptionBuyItNowPrice, "600": model.DiscountItemTypeRebateContractDiscount,
		"601": model.DiscountItemTypeChannelFrameContractDiscount, "602": model.DiscountItemTypeDesignatedPurposeFundContractDiscount,
		"603": model.DiscountItemTypeOfflineContractDiscount, "604": model.DiscountItemTypeTelemarketingContractDiscount,
		"605": model.DiscountItemTypeCommercialContractDiscount, "606": model.DiscountItemTypeChannelCommercialContractDiscount,
		"607": model.DiscountItemTypePartnerAuthorizedDiscount, "609": model.DiscountItemTypeOrderPriceAdjustment,
		"610": model.DiscountItemTypeDiscountAmount, "700": model.DiscountItemTypePromotionDiscount,
		"800": model.DiscountItemTypeTopUpAccountDiscount,
	}
	lineItemPeriodTypes = map[int]model.LineItemPeriodType{
		0: model.LineItemPeriodTypeDay, 1: model.LineItemPeriodTypeWeek, 2: model.LineItemPeriodTypeMonth,
		3: model.LineItemPeriodTypeYear, 4: model.LineItemPeriodTypeHour, 5: model.LineItemPeriodTypeOneOff,
		6: model.LineItemPeriodTypePayPerUse, 7: model.LineItemPeriodTypeByUsageReport,
	}
	orderDiscountTypes = map[int]model.OrderDiscountType{
		0: model.OrderDiscountTypePromotion, 1: model.OrderDiscountTypeContract, 2: model.OrderDiscountTypeCommercial,
		3: model.OrderDiscountTypePartner, 609: model.OrderDiscountTypeOrderPriceAdjustment,
	}
	discountModes = map[int]model.DiscountMode{
		0: model.DiscountModeDiscount, 1: model.DiscountModeBuyItNowPrice, 2: model.DiscountModeReduction,
	}
	quotaAuthResults = map[int]model.QuotaAuthResult{
		1: model.QuotaAuthResultQuotaInsufficient, 2: model.QuotaAuthResultCapacityInsufficient,
		3: model.QuotaAuthResultSpecificationIncorrect, 4: model.QuotaAuthResultAssociatedResourceIncorrect,
		99: model.QuotaAuthResultOther,
	}
	projectAuthStatuses = map[int]model.EnterpriseProjectAuthStatus{
		10: model.EnterpriseProjectAuthStatusFundQuotaInsufficient, 11: model.EnterpriseProjectAuthStatusOrganizationBudgetInsufficient,
	}
	payCouponTypes = map[model.PayCouponType]int{
		model.PayCouponTypeDiscountCoupon: 300, model.PayCouponTypePromotionCoupon: 301,
		model.PayCouponTypePromotionFlexiPurchaseCoupon: 302, model.PayCouponTypePromotionStoredValueCard: 303,
	}
)

// orderStatusPendingPayment is the status (Table 6-5) of the only orders
// that have a payment deadline and discounts to pay with.
const orderStatusPendingPayment = 6

// orderTimeLayout is how BSS request parameters write times (UTC,
// yyyy-MM-dd'T'HH:mm:ss'Z').
const orderTimeLayout = "2006-01-02T15:04:05Z"

// ---- mappers ----

// orderOf maps the fields every order shape shares (OrderBase).
func orderOf(b upstream.OrderBase) *model.Order {
	measure := int(b.MeasureID)
	o := &model.Order{
		ID: globalID("Order", b.OrderID), OrderID: b.OrderID, CustomerID: strPtr(b.CustomerID),
		Status: enumOf(orderStatuses, b.Status, model.OrderStatusUnknown), StatusCode: int32(b.Status),
		Type: enumOf(orderTypes, b.OrderType, model.OrderTypeUnknown), TypeCode: int32(b.OrderType),
		ServiceTypeCode: strPtr(b.ServiceTypeCode), ServiceTypeName: strPtr(b.ServiceTypeName),
		OfficialAmount:      money(b.OfficialAmount.Decimal, measure, b.Currency),
		AmountAfterDiscount: money(b.AmountAfterDiscount.Decimal, measure, b.Currency),
		AmountInfo:          amountInfoOf(b.AmountInfo, measure, b.Currency),
		Currency:            strPtr(b.Currency),
		CreatedAt:           parseTime(b.CreateTime), PaidAt: parseTimePtr(b.PaymentTime),
		ContractID: b.ContractID, SubOrders: []*model.Order{},
	}
	if measure != 0 {
		o.MeasureID = ptr(int32(measure))
	}
	if b.SourceType != 0 {
		o.SourceType = ptr(enumOf(orderSourceTypes, b.SourceType, model.OrderSourceTypeUnknown))
		o.SourceTypeCode = ptr(int32(b.SourceType))
	}
	return o
}

// orderFromList maps an order of the list (CustomerOrderV2).
func orderFromList(u upstream.Order) *model.Order {
	o := orderOf(u.OrderBase)
	o.ProjectsKnown, o.Projects = true, orderProjectsOf(u.EnterpriseProjects)
	for _, s := range u.SubOrders {
		sub := orderOf(s.OrderBase)
		sub.ProjectsKnown, sub.Projects = true, orderProjectsOf(s.EnterpriseProjects)
		sub.CombinedOrderID = &o.OrderID
		o.SubOrders = append(o.SubOrders, sub)
	}
	return o
}

// orderFromDetail maps the order of a 6.2.2 answer (CustomerOrderEntityV2).
func orderFromDetail(u upstream.OrderEntity) *model.Order {
	o := orderOf(u.OrderBase)
	o.DetailKnown, o.DetailUserName, o.DetailPendingPaymentEnd = true, strPtr(u.UserName), parseTimePtr(u.PendingPaymentEndTime)
	for _, s := range u.SubOrders {
		sub := orderOf(s.OrderBase)
		sub.DetailKnown, sub.DetailUserName, sub.DetailPendingPaymentEnd = true, strPtr(s.UserName), parseTimePtr(s.PendingPaymentEndTime)
		sub.CombinedOrderID = &o.OrderID
		o.SubOrders = append(o.SubOrders, sub)
	}
	return o
}

func orderProjectsOf(ps []upstream.OrderEnterpriseProject) []*model.EnterpriseProject {
	out := make([]*model.EnterpriseProject, len(ps))
	for i, p := range ps {
		out[i] = &model.EnterpriseProject{ID: p.ID, Name: strPtr(p.Name)}
	}
	return out
}

// amountInfoOf maps AmountInfoV2; its amounts are in the unit of the
// order's measure_id.
func amountInfoOf(ai upstream.AmountInfo, measure int, currency string) *model.OrderAmountInfo {
	out := &model.OrderAmountInfo{
		Discounts:                 make([]*model.OrderDiscountItem, len(ai.Discounts)),
		FlexipurchaseCouponAmount: moneyPtr(ai.FlexipurchaseCouponAmount, measure, currency),
		CouponAmount:              moneyPtr(ai.CouponAmount, measure, currency),
		StoredCardAmount:          moneyPtr(ai.StoredCardAmount, measure, currency),
		CommissionAmount:          moneyPtr(ai.CommissionAmount, measure, currency),
		ConsumedAmount:            moneyPtr(ai.ConsumedAmount, measure, currency),
	}
	for i, d := range ai.Discounts {
		out.Discounts[i] = &model.OrderDiscountItem{
			Type:     enumOf(discountItemTypes, string(d.DiscountType), model.DiscountItemTypeUnknown),
			TypeCode: string(d.DiscountType), Amount: money(d.DiscountAmount.Decimal, measure, currency),
		}
	}
	return out
}

// lineItemOf maps an order line item. Line items carry no measure_id: their
// amounts are in the unit of their order's.
func lineItemOf(it upstream.OrderLineItem, measure int) *model.OrderLineItem {
	out := &model.OrderLineItem{
		LineItemID: it.OrderLineItemID, OrderID: it.OrderID,
		ServiceTypeCode: strPtr(it.ServiceTypeCode), ServiceTypeName: strPtr(it.ServiceTypeName),
		ProductID: strPtr(it.ProductID), ProductSpecDescription: strPtr(it.ProductSpecDesc),
		PeriodType:     enumOf(lineItemPeriodTypes, it.PeriodType, model.LineItemPeriodTypeUnknown),
		PeriodTypeCode: int32(it.PeriodType),
		EffectiveAt:    parseTime(it.EffectiveTime), ExpiresAt: parseTime(it.ExpireTime),
		SubscriptionNum:     ptr(int32(it.SubscriptionNum)),
		OfficialAmount:      money(it.OfficialAmount.Decimal, measure, it.Currency),
		AmountAfterDiscount: money(it.AmountAfterDiscount.Decimal, measure, it.Currency),
		AmountInfo:          amountInfoOf(it.AmountInfo, measure, it.Currency),
		Currency:            strPtr(it.Currency), CategoryCode: strPtr(it.CategoryCode),
		ProductOwnerService: it.ProductOwnerService, CommercialResource: it.CommercialResource,
	}
	if it.PeriodNum != nil {
		out.PeriodNum = ptr(int32(*it.PeriodNum))
	}
	if b := it.BaseProductInfo; b != nil {
		out.BaseProduct = &model.OrderProduct{
			ProductID: strPtr(b.ProductID), ProductSpecDescription: strPtr(b.ProductSpecDesc),
			CategoryCode: strPtr(b.CategoryCode), ProductOwnerService: b.ProductOwnerService, CommercialResource: b.CommercialResource,
		}
	}
	return out
}

// orderDiscountOf maps a discount that can pay an order (DiscountInfoV3).
func orderDiscountOf(d upstream.OrderDiscount) *model.OrderDiscount {
	out := &model.OrderDiscount{
		DiscountID: d.DiscountID, DiscountValue: strPtr(d.DiscountValue),
		Type: enumOf(orderDiscountTypes, d.DiscountType, model.OrderDiscountTypeUnknown), TypeCode: int32(d.DiscountType),
		Orders: make([]*model.OrderDiscountOrder, len(d.Orders)),
	}
	if v, err := decimal.NewFromString(d.DiscountValue); err == nil {
		out.Value = &v
	}
	for i, o := range d.Orders {
		groups := make([]*model.OrderDiscountLineItemGroup, len(o.LineItems))
		for j, g := range o.LineItems {
			ids := g.OrderLineItemIDs
			if ids == nil {
				ids = []string{}
			}
			groups[j] = &model.OrderDiscountLineItemGroup{
				LineItemIds: ids, Mode: enumOf(discountModes, g.DiscountMode, model.DiscountModeUnknown), ModeCode: int32(g.DiscountMode),
				DiscountAmount: decimalPtr(g.DiscountAmount), DiscountRatio: decimalPtr(g.DiscountRatio),
			}
		}
		out.Orders[i] = &model.OrderDiscountOrder{OrderID: o.OrderID, LineItemGroups: groups}
	}
	return out
}

// refundRecordOf maps OrderRefundInfoV2. Its measure_id is a String ("1").
// partner marks a record read through the partner variant of 6.2.6.
func refundRecordOf(r upstream.RefundRecord, partner bool) *model.RefundRecord {
	measure, _ := strconv.Atoi(string(r.MeasureID))
	return &model.RefundRecord{
		ID: r.ID, Amount: money(r.Amount.Decimal, measure, ""), CustomerID: strPtr(r.CustomerID),
		ResourceTypeCode: strPtr(r.ResourceTypeCode), ResourceTypeName: strPtr(r.ResourceTypeName),
		ServiceTypeCode: strPtr(r.ServiceTypeCode), ServiceTypeName: strPtr(r.ServiceTypeName),
		RegionCode: strPtr(r.RegionCode), BaseOrderID: strPtr(r.BaseOrderID), PartnerView: partner,
	}
}

// ---- reads ----

// orderListOptions validates Customer.orders' arguments into the 6.2.1
// query.
func orderListOptions(f *model.OrderFilter, by *model.OrderOrder) (upstream.OrderListOptions, error) {
	var o upstream.OrderListOptions
	if by != nil {
		o.OrderBy = "-createTime"
		if by.Direction == model.SortDirectionAsc {
			o.OrderBy = "createTime"
		}
	}
	if f == nil {
		return o, nil
	}
	err := firstInvalid(optionalString("filter.orderId", f.OrderID, 64), optionalString("filter.customerId", f.CustomerID, 64),
		optionalString("filter.serviceTypeCode", f.ServiceTypeCode, 64))
	if err != nil {
		return o, err
	}
	o.OrderID, o.CustomerID, o.ServiceTypeCode = ptrOr(f.OrderID, ""), ptrOr(f.CustomerID, ""), ptrOr(f.ServiceTypeCode, "")
	if f.Status != nil {
		code, ok := orderStatusFilters[*f.Status]
		if !ok {
			return o, badInput("filter.status: BSS filters orders only by PENDING_APPROVAL, PROCESSING, CANCELED, COMPLETED, PENDING_PAYMENT or TO_BE_CONFIRMED, not %s", *f.Status)
		}
		o.Status = code
	}
	if f.Type != nil {
		code, err := filterCode(orderTypes, "filter.type", f.Type, "an order type BSS filters by")
		if err != nil {
			return o, err
		}
		o.OrderType = strconv.Itoa(code)
	}
	if o.CreateTimeBegin, o.CreateTimeEnd, err = timeWindow("filter.createdFrom", "filter.createdTo", f.CreatedFrom, f.CreatedTo, true); err != nil {
		return o, err
	}
	if o.PaymentTimeBegin, o.PaymentTimeEnd, err = timeWindow("filter.paidFrom", "filter.paidTo", f.PaidFrom, f.PaidTo, true); err != nil {
		return o, err
	}
	return o, nil
}

// timeWindow validates a from/to pair into BSS's UTC form; yearMax limits
// its span to one year (the order list's windows).
func timeWindow(fromArg, toArg string, from, to *time.Time, yearMax bool) (string, string, error) {
	var b, e string
	if from != nil {
		b = from.UTC().Format(orderTimeLayout)
	}
	if to != nil {
		e = to.UTC().Format(orderTimeLayout)
	}
	if from != nil && to != nil {
		if to.Before(*from) {
			return "", "", badInput("%s must not be before %s", toArg, fromArg)
		}
		if yearMax && to.After(from.AddDate(1, 0, 0)) {
			return "", "", badInput("%s and %s may span at most one year", fromArg, toArg)
		}
	}
	return b, e, nil
}

// memberOrdersRefused explains why a member account's orders cannot be
// listed through its enterprise master: 6.2.1 lists the caller's own
// orders, and its customer_id only filters those, so asking for the
// member's id gives the few orders the master pays for the member (often
// none), never the member's own list.
func memberOrdersRefused(member string) error {
	return badInput("orders is not available for member account %s: BSS 6.2.1 lists only the caller's own orders and customer_id "+
		"only filters them; query the member with its own credential, or use viewer.orders(filter: {customerId: %q}) "+
		"for the member's orders in the enterprise master's own list (such as those it pays under unified accounting)", member, member)
}

// orders lists the orders of customer c (6.2.1).
func (r *Resolver) orders(ctx context.Context, c *model.Customer, f *model.OrderFilter, by *model.OrderOrder, p pageArgs) (*model.OrderConnection, error) {
	w, err := pageWindow(ctx, p)
	if err != nil {
		return nil, err
	}
	member, err := r.memberID(ctx, c)
	if err != nil {
		return nil, err
	}
	if member != "" {
		return nil, memberOrdersRefused(member)
	}
	opts, err := orderListOptions(f, by)
	if err != nil {
		return nil, err
	}
	return r.ordersPage(ctx, opts, w)
}

// order reads one order by its BSS or global id (6.2.2, OrderByID).
func (r *Resolver) order(ctx context.Context, id string) (*model.Order, error) {
	key, err := bssID("id", id, "Order")
	if err != nil {
		return nil, err
	}
	return orderByKey(ctx, key)
}

// orderByKey reads one order by its BSS id (6.2.2, OrderByID).
func orderByKey(ctx context.Context, key string) (*model.Order, error) {
	d, err := loaders.For(ctx).OrderByID.LoadPage(ctx, key, orderDetailLimit(ctx))()
	if err != nil {
		return nil, err
	}
	return orderFromDetail(d.Order), nil
}

// orderNode refetches an Order for node(id:); an order the caller cannot
// see is null.
func (r *Resolver) orderNode(ctx context.Context, key string) (model.Node, error) {
	if err := checkBSSKey("id", key); err != nil {
		return nil, err
	}
	o, err := orderByKey(ctx, key)
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

// ordersByID reads orders by id for mutation payloads, in order, leaving
// out the ones BSS does not know.
func (r *Resolver) ordersByID(ctx context.Context, ids []string) ([]*model.Order, error) {
	out := []*model.Order{}
	details, errs := loaders.For(ctx).OrderByID.LoadPages(ctx, ids, orderDetailLimit(ctx))()
	for i, d := range details {
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], upstream.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, orderFromDetail(d.Order))
	}
	return out, nil
}

// orderDetail returns the 6.2.2 answer for o (OrderByID).
func orderDetail(ctx context.Context, o *model.Order) (*upstream.OrderDetail, error) {
	return loaders.For(ctx).OrderByID.LoadPage(ctx, o.OrderID, orderDetailLimit(ctx))()
}

// orderUserName is Order.userName: known from 6.2.2, else read with OrderByID.
func orderUserName(ctx context.Context, o *model.Order) (*string, error) {
	if o.DetailKnown {
		return o.DetailUserName, nil
	}
	d, err := orderDetail(ctx, o)
	if err != nil {
		return nil, err
	}
	return strPtr(d.Order.UserName), nil
}

// orderPaymentDeadline is Order.pendingPaymentEndsAt, like orderUserName.
// Only orders pending payment have one (6.2.2): other orders cost no call.
func orderPaymentDeadline(ctx context.Context, o *model.Order) (*time.Time, error) {
	if o.DetailKnown {
		return o.DetailPendingPaymentEnd, nil
	}
	if o.StatusCode != orderStatusPendingPayment {
		return nil, nil
	}
	d, err := orderDetail(ctx, o)
	if err != nil {
		return nil, err
	}
	return parseTimePtr(d.Order.PendingPaymentEndTime), nil
}

// orderProjects is Order.enterpriseProjects: known from the list, else read
// with one 6.2.1 call by order_id ("You can query enterprise project
// information for each order ... by order ID").
func (r *Resolver) orderProjects(ctx context.Context, o *model.Order) ([]*model.EnterpriseProject, error) {
	if o.ProjectsKnown {
		return o.Projects, nil
	}
	p, err := r.bss.Orders.List(ctx, &upstream.OrderListOptions{OrderID: o.OrderID, ListOptions: upstream.ListOptions{Limit: 1}})
	if err != nil {
		return nil, err
	}
	for _, lo := range p.Orders {
		if lo.OrderID == o.OrderID {
			return orderProjectsOf(lo.EnterpriseProjects), nil
		}
	}
	return []*model.EnterpriseProject{}, nil
}

// orderLineItems pages an order's line items. OrderByID reads the first
// ones the operation needs (orderDetailNeed); pages past
// those are read directly (6.2.2 with offset), concurrently above the API's
// limit of 100.
func (r *Resolver) orderLineItems(ctx context.Context, o *model.Order, p pageArgs) (*model.OrderLineItemConnection, error) {
	w, err := pageWindow(ctx, p)
	if err != nil {
		return nil, err
	}
	d, err := orderDetail(ctx, o)
	if err != nil {
		return nil, err
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Field != nil && onlyTotal(fc.Field.SelectionSet) {
		// Only the count is read: any page of the details has it.
		return connection[*model.OrderLineItem](nil, w, d.TotalCount), nil
	}
	loaded := d.LineItems
	items, total, err := fetchWindow(ctx, w, ordersPageLimit, func(ctx context.Context, offset, limit int) ([]upstream.OrderLineItem, int, error) {
		if offset+limit <= len(loaded) || len(loaded) >= d.TotalCount {
			return loaded[min(offset, len(loaded)):min(offset+limit, len(loaded))], d.TotalCount, nil
		}
		p, err := r.bss.Orders.Get(ctx, o.OrderID, &upstream.ListOptions{Offset: &offset, Limit: limit})
		if err != nil {
			return nil, 0, err
		}
		return p.LineItems, p.TotalCount, nil
	})
	if err != nil {
		return nil, pageError("lineItems", err)
	}
	measure := int(d.Order.MeasureID)
	return connection(mapSlice(items, func(it upstream.OrderLineItem) *model.OrderLineItem { return lineItemOf(it, measure) }), w, total), nil
}

// orderDiscounts is Order.availableDiscounts (6.2.3). Only an order pending
// payment can be paid, and a sub-order is paid through its combined order,
// so other orders have none and cost no call.
func (r *Resolver) orderDiscounts(ctx context.Context, o *model.Order) ([]*model.OrderDiscount, error) {
	if o.StatusCode != orderStatusPendingPayment || o.CombinedOrderID != nil {
		return []*model.OrderDiscount{}, nil
	}
	l, err := r.bss.Orders.ListDiscounts(ctx, o.OrderID)
	if err != nil {
		return nil, err
	}
	return mapSlice(l.Discounts, orderDiscountOf), nil
}

// refundable reports whether 6.2.6 describes o: unsubscription orders, and
// change orders whose amount is a refund (specification downgrades).
func refundable(o *model.Order) bool {
	return o.TypeCode == 4 || o.TypeCode == 3 && o.OfficialAmount != nil && o.OfficialAmount.Amount.IsNegative()
}

// orderRefunds is Order.refundRecords (RefundsByOrder).
func orderRefunds(ctx context.Context, o *model.Order) ([]*model.RefundRecord, error) {
	if !refundable(o) {
		return []*model.RefundRecord{}, nil
	}
	recs, err := loaders.For(ctx).RefundsByOrder.Load(ctx, o.OrderID)()
	if err != nil {
		return nil, err
	}
	return mapSlice(recs, func(rec upstream.RefundRecord) *model.RefundRecord { return refundRecordOf(rec, false) }), nil
}

// refundBaseOrder is RefundRecord.baseOrder: the caller's own order, so not
// in the partner view.
func (r *Resolver) refundBaseOrder(ctx context.Context, rec *model.RefundRecord) (*model.Order, error) {
	if rec.PartnerView || rec.BaseOrderID == nil {
		return nil, nil
	}
	o, err := orderByKey(ctx, *rec.BaseOrderID)
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	return o, err
}

// ---- mutations ----

// payRequest validates payOrder's input into the v3 body (6.2.4).
func payRequest(in model.PayOrderInput) (*upstream.PayOrderRequest, error) {
	id, err := bssID("orderId", in.OrderID, "Order")
	if err != nil {
		return nil, err
	}
	req := &upstream.PayOrderRequest{OrderID: id, UseCoupon: "NO", UseDiscount: "NO"}
	if len(in.Coupons) > 3 {
		return nil, badInput("coupons: at most 3 coupons pay one order, got %d", len(in.Coupons))
	}
	if len(in.Discounts) > 1 {
		return nil, badInput("discounts: at most 1 discount pays one order, got %d", len(in.Discounts))
	}
	seen := map[string]bool{}
	for _, c := range in.Coupons {
		if c.ID == "" || len(c.ID) > 64 || seen[c.ID] {
			return nil, badInput("coupons: each coupon needs a distinct id of 1 to 64 characters")
		}
		seen[c.ID] = true
		typ := model.PayCouponTypePromotionCoupon
		if c.Type != nil {
			typ = *c.Type
		}
		req.CouponInfos = append(req.CouponInfos, upstream.PayCoupon{ID: c.ID, Type: payCouponTypes[typ]})
	}
	for _, d := range in.Discounts {
		code, ok := enumCode(orderDiscountTypes, d.Type)
		if d.ID == "" || len(d.ID) > 64 || !ok {
			return nil, badInput("discounts: the discount needs an id of 1 to 64 characters and a known type (see Order.availableDiscounts)")
		}
		req.DiscountInfos = append(req.DiscountInfos, upstream.PayDiscount{ID: d.ID, Type: code})
	}
	if len(req.CouponInfos) > 0 {
		req.UseCoupon = "YES"
	}
	if len(req.DiscountInfos) > 0 {
		req.UseDiscount = "YES"
	}
	return req, nil
}

// payOrder pays an order once (6.2.4). A refusal BSS documents becomes
// userErrors with what blocked the payment; a lost answer is
// OUTCOME_UNKNOWN naming the order to re-read.
func (r *Resolver) payOrder(ctx context.Context, in model.PayOrderInput) (*model.PayOrderPayload, error) {
	req, err := payRequest(in)
	if err != nil {
		return nil, err
	}
	err = r.bss.Orders.Pay(ctx, req)
	loaders.For(ctx).OrderByID.Clear(ctx, req.OrderID)
	p := &model.PayOrderPayload{
		OrderID: req.OrderID, Paid: err == nil, UserErrors: []*model.UserError{},
		QuotaInfos: []*model.PayQuotaInfo{}, EnterpriseProjectAuthResults: []*model.PayEnterpriseProjectAuthResult{},
	}
	if err == nil {
		return p, nil
	}
	var failed error
	if p.UserErrors, failed = userErrors(err, "orderId"); failed != nil {
		return nil, outcomeUnknown(failed, "order "+req.OrderID, map[string]any{"orderId": req.OrderID})
	}
	var ue *upstream.Error
	var body upstream.PayOrderFailure
	if errors.As(err, &ue) && ue.DecodeBody(&body) == nil {
		for _, q := range body.QuotaInfos {
			p.QuotaInfos = append(p.QuotaInfos, &model.PayQuotaInfo{
				Region: strPtr(q.Region), ServiceTypeCode: strPtr(q.ServiceTypeCode), ResourceTypeCode: strPtr(q.ResourceTypeCode),
				ResourceSpecCode: strPtr(q.ResourceSpecCode), ServiceTypeName: strPtr(q.ServiceTypeName), ResourceTypeName: strPtr(q.ResourceTypeName),
				AuthResult: enumOf(quotaAuthResults, q.AuthResult, model.QuotaAuthResultUnknown), AuthResultCode: int32(q.AuthResult),
				AvailableZone: strPtr(q.AvailableZone),
			})
		}
		for _, e := range body.EnterpriseProjectAuthResult {
			p.EnterpriseProjectAuthResults = append(p.EnterpriseProjectAuthResults, &model.PayEnterpriseProjectAuthResult{
				EnterpriseProjectID: strPtr(e.EnterpriseProjectID), EnterpriseProjectName: strPtr(e.EnterpriseProjectName),
				AuthStatus:     enumOf(projectAuthStatuses, e.AuthStatuses, model.EnterpriseProjectAuthStatusUnknown),
				AuthStatusCode: int32(e.AuthStatuses),
			})
		}
	}
	return p, nil
}

// codeOrderNotCancelable is 6.2.5's answer for an order that is not pending
// payment, also when it is already cancelled.
const codeOrderNotCancelable = "CBC.99005010"

// cancelOrder cancels an order once (6.2.5). BSS refuses to cancel an
// order that is already cancelled; the order is then re-read, and the
// cancellation reported as done.
func (r *Resolver) cancelOrder(ctx context.Context, in model.CancelOrderInput) (*model.CancelOrderPayload, error) {
	id, err := bssID("orderId", in.OrderID, "Order")
	if err != nil {
		return nil, err
	}
	err = r.bss.Orders.Cancel(ctx, id)
	loaders.For(ctx).OrderByID.Clear(ctx, id)
	p := &model.CancelOrderPayload{OrderID: id, Canceled: err == nil, UserErrors: []*model.UserError{}}
	if err == nil {
		return p, nil
	}
	var ue *upstream.Error
	if errors.As(err, &ue) && ue.Code == codeOrderNotCancelable {
		if d, rerr := loaders.For(ctx).OrderByID.LoadPage(ctx, id, orderDetailLimit(ctx))(); rerr == nil && d.Order.Status == 4 {
			p.Canceled, p.AlreadyCanceled = true, true
			return p, nil
		}
	}
	var failed error
	if p.UserErrors, failed = userErrors(err, "orderId"); failed != nil {
		return nil, outcomeUnknown(failed, "order "+id, map[string]any{"orderId": id})
	}
	return p, nil
}

// payloadOrder is a mutation payload's order, re-read after the write.
// When the write failed with userErrors, an order the re-read cannot find
// or may not see is the same failure: the payload's order is then null,
// without a second, top-level error that clients (Apollo's default error
// policy) would let hide the userErrors.
func payloadOrder(ctx context.Context, id string, failed []*model.UserError) (*model.Order, error) {
	o, err := orderByKey(ctx, id)
	if err != nil && len(failed) > 0 && (errors.Is(err, upstream.ErrNotFound) || errors.Is(err, upstream.ErrForbidden) || errors.Is(err, upstream.ErrInvalid)) {
		return nil, nil
	}
	return o, err
}

// outcomeUnknown makes a write whose outcome is unknown name what it was
// about, so the client knows what to re-read before trying again: the
// message says it, and extensions.check holds the ids. Other errors pass
// through unchanged.
func outcomeUnknown(err error, what string, check map[string]any) error {
	var oe *upstream.OutcomeUnknownError
	if !errors.As(err, &oe) {
		return err
	}
	named := &upstream.OutcomeUnknownError{Operation: fmt.Sprintf("%s (%s)", oe.Operation, what), Err: oe.Err}
	return &gqlerror.Error{Err: named, Message: named.Error(), Extensions: map[string]any{"check": check}}
}

// orderDetailFields are the Order fields an order read by id (6.2.2)
// already holds.
var orderDetailFields = []string{"Order.userName", "Order.pendingPaymentEndsAt"}

// notPendingFields are the Order fields that cost a call only for orders
// pending payment.
var notPendingFields = []string{"Order.pendingPaymentEndsAt", "Order.availableDiscounts"}

// orderCosts is the upstream cost model of this domain's fields (limits.go).
func orderCosts() map[string]fieldCost {
	// An order read by id (6.2.2) may also need one list call for its
	// enterprise projects: order reads by id count two calls.
	byID := perParent(2)
	byID.free = func(map[string]any) []string { return orderDetailFields }
	list := fieldCost{items: firstArg, calls: func(args map[string]any, parents int) int {
		n := firstArg(args)
		if after, _ := args["after"].(string); after != "" {
			// A page after a keyed cursor reads the cursor's own order
			// too, and the whole count for totalCount.
			return parents * (ceilDiv(n+1, ordersPageLimit) + 1)
		}
		return parents * (max(1, ceilDiv(n, ordersPageLimit)) + countCall(args))
	}}
	list.free = func(args map[string]any) []string {
		// A list filtered by another status has no order pending payment.
		if f, ok := args["filter"].(map[string]any); ok && f["status"] != nil && f["status"] != string(model.OrderStatusPendingPayment) {
			return notPendingFields
		}
		return nil
	}
	return map[string]fieldCost{
		"Customer.orders":            list,
		"Customer.order":             byID,
		"Order.serviceType":          once(1),
		"Order.userName":             perParent(1),
		"Order.pendingPaymentEndsAt": perParent(1),
		"Order.subOrders":            staticList(10),
		"Order.lineItems":            pagedList(ordersPageLimit),
		"Order.resources":            pagedList(loaders.ResourcePageLimit),
		"Order.availableDiscounts":   perParentList(1, 10),
		"Order.refundRecords":        perParentList(1, 20),
		"OrderLineItem.serviceType":  once(1),
		"RefundRecord.serviceType":   once(1),
		"RefundRecord.resourceType":  once(1),
		"RefundRecord.baseOrder":     byID,
		"Mutation.payOrder":          perParent(1),
		"PayOrderPayload.order":      byID,
		"Mutation.cancelOrder":       perParent(2),
		"CancelOrderPayload.order":   byID,
	}
}
