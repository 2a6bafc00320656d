package sandbox

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// orderState holds an account's yearly/monthly orders (§6.2).
type orderState struct {
	// list holds the top-level orders (common and combined orders, not
	// sub-orders), ascending by creation time.
	list []*order
	// byID holds every order, sub-orders included, by upper-case order id
	// (order ids are case-insensitive, Table 6-5).
	byID map[string]*order
	// seq numbers the ids made by mutations.
	seq uint64
}

// Order statuses (§6.2.1, Table 6-6).
const (
	ordStPendingApproval = 1
	ordStPendingRefund   = 2
	ordStProcessing      = 3
	ordStCancelled       = 4
	ordStCompleted       = 5
	ordStPendingPayment  = 6
	ordStToBeConfirmed   = 9
	ordStToBeShipped     = 10
	ordStToBeReceived    = 11
	ordStPendingPickUp   = 12
	ordStExchanging      = 13
)

// Order types (§6.2.1, Table 6-5).
const (
	ordTyNewPurchase = 1
	ordTyRenewal     = 2
	ordTyChange      = 3
	ordTyUnsubscribe = 4
	ordTyToOnDemand  = 10 // yearly/monthly to pay-per-use
	ordTyToPeriodic  = 11 // pay-per-use to yearly/monthly
	ordTyTrial       = 13
	ordTyCommercial  = 14
	ordTyPriceAdjust = 15
)

// ordListStatuses are the status values the order list accepts as a filter.
var ordListStatuses = []int{1, 3, 4, 5, 6, 9}

// ordTypes are the order types of the reference.
var ordTypes = []int{1, 2, 3, 4, 10, 11, 13, 14, 15}

// order is one yearly/monthly order. Its amounts are not stored: they are
// the sums of its line items, so the header and the items always agree.
type order struct {
	id          string
	customerID  string
	parent      *order   // the combined order of a sub-order
	subs        []*order // the sub-orders of a combined order
	serviceType string
	sourceType  int
	status      int
	orderType   int
	created     time.Time
	paid        time.Time // zero: payment_time null
	deadline    time.Time // pending_payment_end_time while pending payment
	contractID  string
	userName    string
	projects    []enterpriseProject
	// items are the line items; a combined order holds those of all its
	// sub-orders (each item names its own sub-order).
	items []*ordItem
	// refunds are the 6.2.6 records of an unsubscription or downgrade order.
	refunds []ordRefund
	// offers are the discounts 6.2.3 offers while the order is pending payment.
	offers []ordOffer
	// resources are the provisioned resources the order concerns: created
	// (purchases), renewed, changed, converted or unsubscribed. Resource
	// query by order_id answers from this list.
	resources []*resource
	// planned are the primaries (with their attachments) a purchase
	// provisions when it is paid.
	planned []*resource
	period  ymPeriod // of purchases, renewals and commercial-use orders
	coupons []string // coupon ids given when the order was paid
}

// ordItem is one order line item (Table 6-15): one resource, one product.
type ordItem struct {
	id         string
	order      *order // the (sub-)order the item belongs to
	product    *product
	region     region
	size       int
	periodType int
	periodNum  int // 0: null (unsubscriptions, conversions)
	effective  time.Time
	expire     time.Time
	official   decimal.Decimal
	after      decimal.Decimal
	discounts  []ordDiscountLine // the coupon, if any, is a "301" line too
	coupon     decimal.Decimal
	commission decimal.Decimal // unsubscription and downgrade items
	consumed   decimal.Decimal
	base       *product // change orders: the product before the change
	baseSize   int
	res        *resource // the resource the item is for, if provisioned
}

// ordDiscountLine is one DiscountItemV2 of an item.
type ordDiscountLine struct {
	code   string
	amount decimal.Decimal
}

// ordRefund is one OrderRefundInfoV2 (Table 6-30).
type ordRefund struct {
	id          string
	amount      decimal.Decimal // negative: refund; positive: handling fee
	res         *resource
	baseOrderID string
}

// ordOffer is a discount a pending order can be paid with (Table 6-21).
type ordOffer struct {
	id    string
	typ   int // 0 promotion, 1 contract, 2 commercial, 3 partner, 609 price adjustment
	ratio decimal.Decimal
}

// ordOfferCodes maps a 6.2.3 discount_type to the DiscountItemV2 code the
// discount shows as once used.
var ordOfferCodes = map[int]string{0: "700", 1: "600", 2: "605", 3: "607", 609: "609"}

// refundLike reports whether the order's amounts are a refund
// (unsubscriptions and specification downgrades).
func (o *order) refundLike() bool {
	if o.orderType == ordTyUnsubscribe {
		return true
	}
	if o.orderType != ordTyChange {
		return false
	}
	sum := decimal.Zero
	for _, it := range o.ownItems() {
		sum = sum.Add(it.official)
	}
	return sum.IsNegative()
}

// top returns the top-level order of o.
func (o *order) top() *order {
	if o.parent != nil {
		return o.parent
	}
	return o
}

// setStatus changes the status of o and its sub-orders.
func (o *order) setStatus(status int) {
	o.status = status
	for _, s := range o.subs {
		s.status = status
	}
}

// setPaid sets the payment time of o and its sub-orders.
func (o *order) setPaid(t time.Time) {
	o.paid, o.deadline = t, time.Time{}
	for _, s := range o.subs {
		s.paid, s.deadline = t, time.Time{}
	}
}

var (
	ymZero1 = decimal.New(0, -1) // 0.0, as BSS writes absent amounts
	ymZero2 = decimal.New(0, -2)
)

func ymAmt(d decimal.Decimal) upstream.Amount { return upstream.AmountOf(d) }

func ymAmtPtr(d decimal.Decimal) *upstream.Amount {
	a := upstream.AmountOf(d)
	return &a
}

func ymStr(s string) *string { return &s }

// amountInfo renders the AmountInfoV2 of a set of items.
func ordAmountInfo(items []*ordItem, refund bool) upstream.AmountInfo {
	if refund {
		commission, consumed := ymZero2, ymZero2
		for _, it := range items {
			commission = commission.Add(it.commission)
			consumed = consumed.Add(it.consumed)
		}
		return upstream.AmountInfo{Discounts: []upstream.DiscountItem{}, CommissionAmount: ymAmtPtr(commission), ConsumedAmount: ymAmtPtr(consumed)}
	}
	info := upstream.AmountInfo{Discounts: []upstream.DiscountItem{}, FlexipurchaseCouponAmount: ymAmtPtr(ymZero1), StoredCardAmount: ymAmtPtr(ymZero1)}
	coupon := ymZero1
	var codes []string
	sums := map[string]decimal.Decimal{}
	for _, it := range items {
		coupon = coupon.Add(it.coupon)
		for _, dl := range it.discounts {
			if _, ok := sums[dl.code]; !ok {
				codes = append(codes, dl.code)
			}
			sums[dl.code] = sums[dl.code].Add(dl.amount)
		}
	}
	for _, c := range codes {
		info.Discounts = append(info.Discounts, upstream.DiscountItem{DiscountType: upstream.Code(c), DiscountAmount: ymAmt(sums[c])})
	}
	info.CouponAmount = ymAmtPtr(coupon)
	return info
}

// base renders the fields the order shapes share.
func (o *order) base(en bool) upstream.OrderBase {
	items := o.ownItems()
	official, after := ymZero2, ymZero2
	for _, it := range items {
		official = official.Add(it.official)
		after = after.Add(it.after)
	}
	b := upstream.OrderBase{
		OrderID: o.id, CustomerID: o.customerID,
		ServiceTypeCode: o.serviceType, ServiceTypeName: catalogServiceName(o.serviceType, en),
		SourceType: o.sourceType, Status: o.status, OrderType: o.orderType,
		OfficialAmount: ymAmt(official), AmountAfterDiscount: ymAmt(after), MeasureID: 1,
		CreateTime: fmtTime(o.created), Currency: "USD",
		AmountInfo: ordAmountInfo(items, o.refundLike()),
	}
	if !o.paid.IsZero() {
		b.PaymentTime = ymStr(fmtTime(o.paid))
	}
	if o.contractID != "" {
		b.ContractID = ymStr(o.contractID)
	}
	return b
}

func (o *order) projectViews() []upstream.OrderEnterpriseProject {
	out := make([]upstream.OrderEnterpriseProject, 0, len(o.projects))
	for _, p := range o.projects {
		out = append(out, upstream.OrderEnterpriseProject{ID: p.id, Name: p.name})
	}
	return out
}

// listView renders o as Orders.List returns it (CustomerOrderV2).
func (o *order) listView(en bool) upstream.Order {
	v := upstream.Order{OrderBase: o.base(en), EnterpriseProjects: o.projectViews(), SubOrders: []upstream.SubOrder{}}
	for _, s := range o.subs {
		v.SubOrders = append(v.SubOrders, upstream.SubOrder{OrderBase: s.base(en), EnterpriseProjects: s.projectViews()})
	}
	return v
}

func (o *order) pendingEnd() *string {
	if o.status != ordStPendingPayment || o.deadline.IsZero() {
		return nil
	}
	return ymStr(fmtTime(o.deadline))
}

// entityView renders o as order details return it (CustomerOrderEntityV2).
func (o *order) entityView(en bool) upstream.OrderEntity {
	v := upstream.OrderEntity{OrderBase: o.base(en), UserName: o.userName, PendingPaymentEndTime: o.pendingEnd(), SubOrders: []upstream.SubOrderEntity{}}
	for _, s := range o.subs {
		v.SubOrders = append(v.SubOrders, upstream.SubOrderEntity{OrderBase: s.base(en), UserName: s.userName, PendingPaymentEndTime: s.pendingEnd()})
	}
	return v
}

func ordProductInfo(p *product, reg region, size int, en bool) upstream.BaseProductInfo {
	return upstream.BaseProductInfo{
		ProductID: p.productID(reg.code), ProductSpecDesc: ymSpecDesc(p, size, en), CategoryCode: ymCategory(p),
		ProductOwnerService: ymStr(p.serviceType), CommercialResource: ymStr(p.resourceType),
	}
}

// view renders one line item (OrderLineItemEntityV2).
func (it *ordItem) view(en bool) upstream.OrderLineItem {
	info := ordProductInfo(it.product, it.region, it.size, en)
	v := upstream.OrderLineItem{
		OrderLineItemID: it.id, ServiceTypeCode: it.product.serviceType, ServiceTypeName: catalogServiceName(it.product.serviceType, en),
		ProductID: info.ProductID, ProductSpecDesc: info.ProductSpecDesc, PeriodType: it.periodType,
		EffectiveTime: fmtTime(it.effective), ExpireTime: fmtTime(it.expire), SubscriptionNum: 1,
		AmountAfterDiscount: ymAmt(it.after), OfficialAmount: ymAmt(it.official),
		AmountInfo: ordAmountInfo([]*ordItem{it}, it.order.top().refundLike()), Currency: "USD",
		CategoryCode: info.CategoryCode, ProductOwnerService: info.ProductOwnerService, CommercialResource: info.CommercialResource,
		OrderID: ymStr(it.order.id),
	}
	if it.periodNum > 0 {
		n := it.periodNum
		v.PeriodNum = &n
	}
	if it.base != nil {
		b := ordProductInfo(it.base, it.region, it.baseSize, en)
		v.BaseProductInfo = &b
	}
	return v
}

// ownItems returns the line items of o itself: for a sub-order only its
// own, for a common or combined order all.
func (o *order) ownItems() []*ordItem {
	if o.parent == nil {
		return o.items
	}
	var out []*ordItem
	for _, it := range o.parent.items {
		if it.order == o {
			out = append(out, it)
		}
	}
	return out
}

// ---- ids ----

// ordIDMaker makes order and record ids: from the account's random stream
// while seeding, from a hash of the account and a sequence in mutations,
// so both are deterministic.
type ordIDMaker struct {
	g    *gen
	key  string
	seq  *uint64
	used map[string]*order
}

const ordIDAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// rand64 returns the next random word of m.
func (m ordIDMaker) rand64() uint64 {
	if m.g != nil {
		return m.g.Uint64()
	}
	*m.seq++
	h := fnv.New64a()
	h.Write([]byte(m.key))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], *m.seq)
	h.Write(b[:])
	return h.Sum64()
}

// orderID returns a new order id of the BSS form CS<yyMMddHHmm><5 chars>.
func (m ordIDMaker) orderID(t time.Time) string {
	for {
		x := m.rand64()
		var b strings.Builder
		b.WriteString("CS")
		b.WriteString(t.In(gmt8).Format("0601021504"))
		for range 5 {
			b.WriteByte(ordIDAlphabet[x%36])
			x /= 36
		}
		id := b.String()
		if _, dup := m.used[id]; !dup {
			return id
		}
	}
}

// uuid returns a record id in the 8-4-4-4-12 form.
func (m ordIDMaker) uuid() string {
	x, y := m.rand64(), m.rand64()
	h := fmt.Sprintf("%016x%016x", x, y)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ids returns the id maker of mutations on a.
func (a *account) ordIDs() ordIDMaker {
	return ordIDMaker{key: a.ID, seq: &a.orders.seq, used: a.orders.byID}
}

// addOrder files a new top-level order (and its sub-orders), keeping the
// list sorted by creation time.
func (a *account) ordAdd(o *order) {
	i := len(a.orders.list)
	for i > 0 && a.orders.list[i-1].created.After(o.created) {
		i--
	}
	a.orders.list = slices.Insert(a.orders.list, i, o)
	a.orders.byID[o.id] = o
	for _, s := range o.subs {
		a.orders.byID[s.id] = s
	}
}

// findOrder looks an order up by its case-insensitive id.
func (a *account) ordFind(id string) *order {
	return a.orders.byID[strings.ToUpper(id)]
}

// newItem appends a line item for product p to o (and to its combined
// order), priced at official with no discount.
func ordNewItem(o *order, p *product, reg region, size int, per ymPeriod, eff, exp time.Time, official decimal.Decimal) *ordItem {
	top := o.top()
	it := &ordItem{
		id: top.id + "-" + ordSeq(len(top.items)+1), order: o,
		product: p, region: reg, size: size, periodType: per.typ, periodNum: per.num,
		effective: eff, expire: exp, official: official, after: official,
	}
	top.items = append(top.items, it)
	return it
}

// ordSeq formats n as 6 digits.
func ordSeq(n int) string {
	s := strconv.Itoa(n)
	if len(s) < 6 {
		s = "000000"[len(s):] + s
	}
	return s
}

// discount reduces the item to ratio of its list price, shown as code.
func (it *ordItem) discount(code string, ratio decimal.Decimal) {
	after := it.official.Mul(ratio).Round(2)
	if d := it.official.Sub(after); d.IsPositive() {
		it.discounts = append(it.discounts, ordDiscountLine{code, d})
		it.after = after
	}
}

// ---- handlers ----

// ordersFilter is the parsed query of 6.2.1.
type ordersFilter struct {
	orderID, customerID, serviceType string
	createFrom, createTo             time.Time
	payFrom, payTo                   time.Time
	status, orderType                int
	ascending                        bool
	offset, limit                    int
}

// notEmpty rejects a parameter that is present but "" ("cannot be \"\"").
func ordNotEmpty(q url.Values, name string, max int) (string, error) {
	if !q.Has(name) {
		return "", nil
	}
	v := q.Get(name)
	if v == "" {
		return "", badParam("%s cannot be empty", name)
	}
	if len(v) > max {
		return "", badParam("%s must have at most %d characters", name, max)
	}
	return v, nil
}

// timeWindow parses a begin/end pair of UTC times spanning at most one year.
func ordTimeWindow(q url.Values, beginName, endName string) (from, to time.Time, err error) {
	b, err := ordNotEmpty(q, beginName, 20)
	if err != nil {
		return
	}
	e, err := ordNotEmpty(q, endName, 20)
	if err != nil {
		return
	}
	if b != "" {
		if from, err = parseTime(beginName, b); err != nil {
			return
		}
	}
	if e != "" {
		if to, err = parseTime(endName, e); err != nil {
			return
		}
	}
	if b != "" && e != "" {
		if to.Before(from) {
			err = badParam("%s must not be before %s", endName, beginName)
		} else if to.After(from.AddDate(1, 0, 0)) {
			err = badParam("%s and %s may span at most one year", beginName, endName)
		}
	}
	return
}

func parseOrdersFilter(r *request) (f ordersFilter, err error) {
	q := r.query()
	if f.orderID, err = ordNotEmpty(q, "order_id", 64); err != nil {
		return
	}
	if f.customerID, err = ordNotEmpty(q, "customer_id", 64); err != nil {
		return
	}
	if len(q.Get("service_type_code")) > 64 {
		return f, badParam("service_type_code must have at most 64 characters")
	}
	f.serviceType = q.Get("service_type_code")
	if f.createFrom, f.createTo, err = ordTimeWindow(q, "create_time_begin", "create_time_end"); err != nil {
		return
	}
	if f.payFrom, f.payTo, err = ordTimeWindow(q, "payment_time_begin", "payment_time_end"); err != nil {
		return
	}
	if q.Has("status") {
		if f.status, err = checkInt("status", q.Get("status"), 1, 9); err != nil {
			return
		}
		if !slices.Contains(ordListStatuses, f.status) {
			return f, badParam("status must be one of 1, 3, 4, 5, 6, 9, got %d", f.status)
		}
	}
	ot, err := ordNotEmpty(q, "order_type", 64)
	if err != nil {
		return
	}
	if ot != "" {
		n, cerr := strconv.Atoi(ot)
		if cerr != nil || !slices.Contains(ordTypes, n) {
			return f, badParam("order_type must be one of 1, 2, 3, 4, 10, 11, 13, 14, 15, got %q", ot)
		}
		f.orderType = n
	}
	switch by := q.Get("order_by"); {
	case by == "" || strings.EqualFold(by, "-createTime"):
	case strings.EqualFold(by, "createTime"):
		f.ascending = true
	default:
		return f, badParam("order_by must be createTime or -createTime, got %q", by)
	}
	if f.offset, err = r.intParam("offset", 0, 0, 1<<31-1); err != nil {
		return
	}
	f.limit, err = r.intParam("limit", 10, 1, 100)
	return
}

func (f *ordersFilter) match(o *order) bool {
	if f.status != 0 && o.status != f.status || f.orderType != 0 && o.orderType != f.orderType {
		return false
	}
	if f.customerID != "" && !strings.EqualFold(f.customerID, o.customerID) {
		return false
	}
	if !f.createFrom.IsZero() && o.created.Before(f.createFrom) || !f.createTo.IsZero() && o.created.After(f.createTo) {
		return false
	}
	if !f.payFrom.IsZero() || !f.payTo.IsZero() {
		if o.paid.IsZero() || !f.payFrom.IsZero() && o.paid.Before(f.payFrom) || !f.payTo.IsZero() && o.paid.After(f.payTo) {
			return false
		}
	}
	if f.serviceType != "" && !strings.EqualFold(o.serviceType, f.serviceType) {
		found := false
		for _, s := range o.subs {
			found = found || strings.EqualFold(s.serviceType, f.serviceType)
		}
		if !found {
			return false
		}
	}
	return true
}

// listOrders answers 6.2.1, GET /v2/orders/customer-orders.
func (s *Server) listOrders(a *account, r *request) (any, error) {
	f, err := parseOrdersFilter(r)
	if err != nil {
		return nil, err
	}
	var matched []*order
	if f.orderID != "" {
		// One order (a sub-order too) by its id.
		if o := a.ordFind(f.orderID); o != nil && f.match(o) {
			matched = append(matched, o)
		}
	} else {
		n := len(a.orders.list)
		for i := range n {
			o := a.orders.list[n-1-i]
			if f.ascending {
				o = a.orders.list[i]
			}
			if f.match(o) {
				matched = append(matched, o)
			}
		}
	}
	en := r.en()
	orders := pageViews(matched, f.offset, f.limit, func(o *order) upstream.Order { return o.listView(en) })
	return upstream.OrderPage{TotalCount: len(matched), Orders: orders}, nil
}

// lenientInt reads offset/limit of 6.2.2, where "" means the default.
func ordLenientInt(r *request, name string, def, lo, hi int) (int, error) {
	v := r.query().Get(name)
	if v == "" {
		return def, nil
	}
	return checkInt(name, v, lo, hi)
}

var errOrdNotFound = errorf(http.StatusBadRequest, "CBC.30000010", "Operation not allowed because the order is invalid or does not exist.")

// showOrder answers 6.2.2, GET /v2/orders/customer-orders/details/{order_id}.
func (s *Server) showOrder(a *account, r *request) (any, error) {
	id := r.pathValue("order_id")
	if id == "" || len(id) > 64 {
		return nil, badParam("order_id must have 1 to 64 characters")
	}
	offset, err := ordLenientInt(r, "offset", 0, 0, 1<<31-1)
	if err != nil {
		return nil, err
	}
	limit, err := ordLenientInt(r, "limit", 10, 1, 100)
	if err != nil {
		return nil, err
	}
	o := a.ordFind(id)
	if o == nil {
		return nil, errOrdNotFound
	}
	items := o.ownItems()
	en := r.en()
	lines := pageViews(items, offset, limit, func(it *ordItem) upstream.OrderLineItem { return it.view(en) })
	return upstream.OrderDetail{Order: o.entityView(en), TotalCount: len(items), LineItems: lines}, nil
}

// listOrderDiscounts answers 6.2.3, GET /v2/orders/customer-orders/order-discounts.
// Only orders pending payment have discounts to offer.
func (s *Server) listOrderDiscounts(a *account, r *request) (any, error) {
	id, err := r.requiredParam("order_id")
	if err != nil {
		return nil, err
	}
	if len(id) > 64 {
		return nil, badParam("order_id must have at most 64 characters")
	}
	o := a.ordFind(id)
	if o == nil {
		return nil, errOrdNotFound
	}
	out := upstream.OrderDiscountList{Discounts: []upstream.OrderDiscount{}}
	if o.status != ordStPendingPayment || o.parent != nil {
		return out, nil
	}
	for _, off := range o.offers {
		d := upstream.OrderDiscount{DiscountID: off.id, DiscountValue: off.ratio.String(), DiscountType: off.typ}
		do := upstream.DiscountOrder{OrderID: o.id, LineItems: []upstream.DiscountLineItemGroup{}}
		// Items of the same product, size and price form one group.
		idx := map[string]int{}
		for _, it := range o.items {
			key := fmt.Sprintf("%p|%d|%s|%s", it.product, it.size, it.region.code, it.official)
			i, ok := idx[key]
			if !ok {
				i = len(do.LineItems)
				idx[key] = i
				do.LineItems = append(do.LineItems, upstream.DiscountLineItemGroup{DiscountMode: 0, DiscountRatio: ymAmtPtr(off.ratio)})
			}
			do.LineItems[i].OrderLineItemIDs = append(do.LineItems[i].OrderLineItemIDs, it.id)
		}
		d.Orders = []upstream.DiscountOrder{do}
		out.Discounts = append(out.Discounts, d)
	}
	return out, nil
}

// payOrder answers 6.2.4, POST /v3/orders/customer-orders/pay (also on the
// old v2 path). It completes a pending order and provisions or renews its
// resources.
func (s *Server) payOrder(a *account, r *request) (any, error) {
	var req upstream.PayOrderRequest
	if err := r.decodeBody(&req); err != nil {
		return nil, err
	}
	if err := checkPayRequest(&req); err != nil {
		return nil, err
	}
	o := a.ordFind(req.OrderID)
	if err := payable(o, r.now); err != nil {
		return nil, err
	}
	offer, err := payOffer(o, &req)
	if err != nil {
		return nil, err
	}
	// Check every coupon and the balance before changing anything: a
	// refused payment leaves the order, its coupons and the balance as
	// they were.
	couponIDs := make([]string, len(req.CouponInfos))
	for i, c := range req.CouponInfos {
		couponIDs[i] = c.ID
	}
	if err := a.ordFunds(o.dueWith(offer), couponIDs, r.now); err != nil {
		return nil, err
	}
	if offer != nil {
		for _, it := range o.items {
			it.discount(ordOfferCodes[offer.typ], offer.ratio)
		}
	}
	a.ordPay(o, couponIDs, r.now)
	return noContent{}, nil
}

// checkPayRequest validates a 6.2.4 body on its own: the order id, and
// coupons and discounts present exactly when asked for.
func checkPayRequest(req *upstream.PayOrderRequest) error {
	if req.OrderID == "" || len(req.OrderID) > 64 {
		return badParam("order_id is mandatory and has at most 64 characters")
	}
	useCoupon, err := ordYesNo("use_coupon", req.UseCoupon)
	if err != nil {
		return err
	}
	useDiscount, err := ordYesNo("use_discount", req.UseDiscount)
	if err != nil {
		return err
	}
	switch {
	case useCoupon && len(req.CouponInfos) == 0:
		return badParam("coupon_infos is mandatory when use_coupon is YES")
	case !useCoupon && len(req.CouponInfos) > 0:
		return badParam("coupon_infos must be left out when use_coupon is NO")
	case len(req.CouponInfos) > 3:
		return badParam("coupon_infos holds at most 3 coupons, got %d", len(req.CouponInfos))
	case useDiscount && len(req.DiscountInfos) == 0:
		return badParam("discount_infos is mandatory when use_discount is YES")
	case !useDiscount && len(req.DiscountInfos) > 0:
		return badParam("discount_infos must be left out when use_discount is NO")
	case len(req.DiscountInfos) > 1:
		return badParam("discount_infos holds only one discount, got %d", len(req.DiscountInfos))
	}
	return checkPayInfos(req)
}

// checkPayInfos checks each coupon and discount named.
func checkPayInfos(req *upstream.PayOrderRequest) error {
	seen := map[string]bool{}
	for _, c := range req.CouponInfos {
		if c.ID == "" || len(c.ID) > 64 || c.Type < 300 || c.Type > 303 || seen[c.ID] {
			return badParam("each coupon needs a distinct id of at most 64 characters and a type of 300 to 303")
		}
		seen[c.ID] = true
	}
	for _, d := range req.DiscountInfos {
		if d.ID == "" || len(d.ID) > 64 {
			return badParam("each discount needs an id of at most 64 characters")
		}
	}
	return nil
}

// payable refuses an order that cannot be paid at now (o nil: not found).
func payable(o *order, now time.Time) error {
	switch {
	case o == nil:
		return errOrdNotFound
	case o.parent != nil:
		return errorf(http.StatusBadRequest, "CBC.99000089", "Operation failed. Sub-orders of a combine order cannot be processed independently.")
	case o.status != ordStPendingPayment:
		return errorf(http.StatusBadRequest, "CBC.99003106", "The order status has changed and no payment can be made.")
	case !o.deadline.IsZero() && now.After(o.deadline):
		return errorf(http.StatusBadRequest, "CBC.99003110", "The order has not been paid before the expiration time. Please re-submit the order.")
	}
	return nil
}

// payOffer returns the order's offer the request names (nil: none), and
// refuses one the order does not have or one combined with cash coupons.
func payOffer(o *order, req *upstream.PayOrderRequest) (*ordOffer, error) {
	var offer *ordOffer
	for _, d := range req.DiscountInfos {
		for i := range o.offers {
			if o.offers[i].id == d.ID {
				offer = &o.offers[i]
			}
		}
		if offer == nil {
			return nil, errorf(http.StatusBadRequest, "CBC.99003108", "This discount cannot be used for this order.")
		}
	}
	if offer != nil && len(req.CouponInfos) > 0 && offer.typ != 0 {
		return nil, errorf(http.StatusBadRequest, "CBC.99003147", "Discounts and cash coupons cannot be used together.")
	}
	return offer, nil
}

// dueWith is what the order costs with offer applied (nil: as priced).
func (o *order) dueWith(offer *ordOffer) decimal.Decimal {
	due := decimal.Zero
	for _, it := range o.items {
		after := it.after
		if offer != nil {
			after = it.official.Mul(offer.ratio).Round(2)
		}
		due = due.Add(after)
	}
	return due
}

func ordYesNo(name, v string) (bool, error) {
	switch {
	case strings.EqualFold(v, "YES"):
		return true, nil
	case strings.EqualFold(v, "NO"):
		return false, nil
	}
	return false, badParam("%s is mandatory and must be YES or NO, got %q", name, v)
}

// completeOrder marks a pending order paid at now and applies it:
// purchases provision their planned resources, renewals extend expiry.
func (a *account) ordComplete(o *order, now time.Time) {
	o.setStatus(ordStCompleted)
	o.setPaid(now)
	switch o.orderType {
	case ordTyRenewal:
		for _, prim := range o.resources {
			if prim.primary != nil {
				continue
			}
			start := prim.expire
			end := o.period.after(start)
			for _, res := range o.resources {
				if res.unitPrimary() != prim {
					continue
				}
				res.addPeriod(o, start, end)
				res.expire, res.updated, res.pendingOrder = end, now, ""
				// Expired resources and those frozen in the retention
				// period come back; a security freeze stays.
				if (res.Status == resExpired || res.Status == resFrozen && !res.securityFrozen) && end.After(now) {
					res.Status = resProvisioned
				}
				res.sync()
			}
			for _, it := range o.items {
				if it.res != nil && it.res.unitPrimary() == prim {
					it.effective, it.expire = start, end
				}
			}
		}
	default:
		if len(o.planned) == 0 {
			return
		}
		end := o.period.after(now)
		for _, prim := range o.planned {
			for _, res := range prim.unit() {
				res.effective, res.expire, res.updated, res.Status = now, end, now, resProvisioned
				res.orderID = o.id
				res.addPeriod(o, now, end)
				res.sync()
				a.resources.list = append(a.resources.list, res)
				a.resources.byID[res.ResourceID] = res
				o.resources = append(o.resources, res)
			}
		}
		for _, it := range o.items {
			it.effective, it.expire = now, end
		}
		for _, sub := range o.subs {
			for _, prim := range sub.planned {
				sub.resources = append(sub.resources, prim.unit()...)
			}
			sub.planned = nil
		}
		o.planned = nil
	}
}

// addPeriod records that o paid for res from start to end.
func (res *resource) addPeriod(o *order, start, end time.Time) {
	paid := ymZero2
	for _, it := range o.items {
		if it.res == res {
			paid = paid.Add(it.after)
		}
	}
	res.periods = append(res.periods, resPeriod{orderID: o.top().id, period: o.period, start: start, end: end, paid: paid})
}

// cancelOrder answers 6.2.5, PUT /v2/orders/customer-orders/cancel.
func (s *Server) cancelOrder(a *account, r *request) (any, error) {
	var req upstream.CancelOrderRequest
	if err := r.decodeBody(&req); err != nil {
		return nil, err
	}
	if req.OrderID == "" || len(req.OrderID) > 64 {
		return nil, badParam("order_id is mandatory and has at most 64 characters")
	}
	o := a.ordFind(req.OrderID)
	switch {
	case o == nil:
		// 6.2.5 lists no code for an unknown order; this is the one the
		// other order APIs answer.
		return nil, errOrdNotFound
	case o.parent != nil:
		return nil, errorf(http.StatusBadRequest, "CBC.99000089", "Operation failed. Sub-orders of a combine order cannot be processed independently.")
	case o.status != ordStPendingPayment:
		return nil, errorf(http.StatusBadRequest, "CBC.99005010", "Orders in this state cannot be canceled.")
	}
	o.setStatus(ordStCancelled)
	o.deadline = time.Time{}
	for _, sub := range o.subs {
		sub.deadline = time.Time{}
	}
	for _, res := range o.resources {
		if res.pendingOrder == o.id {
			res.pendingOrder = ""
		}
	}
	return noContent{}, nil
}

// listRefunds answers 6.2.6, GET /v2/orders/customer-orders/refund-orders.
// A partner calling the same path gets the partner variant (the partner variant of "Querying the Amount of Unsubscription Orders").
func (s *Server) listRefunds(a *account, r *request) (any, error) {
	if a.Kind == kindPartner {
		return s.listPartnerRefunds(a, r)
	}
	id, err := r.requiredParam("order_id")
	if err != nil {
		return nil, err
	}
	if len(id) > 64 {
		return nil, badParam("order_id must have at most 64 characters")
	}
	if c := r.query().Get("customer_id"); c != "" && !strings.EqualFold(c, a.ID) {
		return nil, errAccessDenied
	}
	return ordRefundPage(a, id, r.en())
}

// refundPage renders the refund records of order id of account a.
func ordRefundPage(a *account, id string, en bool) (any, error) {
	o := a.ordFind(id)
	if o == nil || !o.refundLike() {
		return nil, errorf(http.StatusBadRequest, "CBC.99005026", "The order is not a degrade or unsubscription order.")
	}
	out := upstream.RefundPage{Records: []upstream.RefundRecord{}}
	for _, rec := range o.refunds {
		p := rec.res.product
		out.Records = append(out.Records, upstream.RefundRecord{
			ID: rec.id, Amount: ymAmt(rec.amount), MeasureID: "1", CustomerID: a.ID,
			ResourceTypeCode: p.resourceType, ServiceTypeCode: p.serviceType,
			ResourceTypeName: catalogResourceName(p.resourceType, en), ServiceTypeName: catalogServiceName(p.serviceType, en),
			RegionCode: rec.res.region.code, BaseOrderID: rec.baseOrderID,
		})
	}
	out.TotalCount = len(out.Records)
	return out, nil
}

// ordMakeOffers returns the discounts a pending order can be paid with: a
// promotion discount always, and the account's contract discounts — the
// same ones the price inquiry APIs quote (accountDiscounts), so a quote and
// the order it leads to agree. 6.2.3 codes the commercial discount as 2.
func ordMakeOffers(a *account, o *order, ids ordIDMaker) []ordOffer {
	offer := func(typ int, ratio decimal.Decimal) ordOffer {
		x := ids.rand64()
		var b strings.Builder
		b.WriteString("PDP")
		b.WriteString(o.created.In(gmt8).Format("060102150405"))
		for range 17 {
			b.WriteByte(ordIDAlphabet[x%36])
			x /= 36
			if x == 0 {
				x = ids.rand64()
			}
		}
		return ordOffer{id: b.String(), typ: typ, ratio: ratio}
	}
	offers := []ordOffer{offer(0, decimal.RequireFromString("0.9"))}
	for _, dsc := range accountDiscounts(a) {
		offers = append(offers, offer(2, decimal.NewFromInt(1).Sub(dsc.rate)))
	}
	return offers
}
