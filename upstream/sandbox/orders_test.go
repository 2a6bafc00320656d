package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ymClient returns an F1 client for srv without client-side quotas or
// retries, and a context calling as token in English.
func ymClient(t *testing.T, srv *httptest.Server, token string) (*upstream.Client, context.Context) {
	t.Helper()
	c, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c, upstream.WithCaller(t.Context(), upstream.Caller{Token: upstream.Secret(token), Language: "en_US"})
}

// ymAccount returns the account of a token in the server's current world.
// Tests read it only while no request is running.
func ymAccount(sb *Server, token string) *account {
	sb.mu.RLock()
	defer sb.mu.RUnlock()
	return sb.world.byToken[token]
}

// ymErr returns the HTTP status and code of a client error.
func ymErr(err error) (int, string) {
	var ue *upstream.Error
	if errors.As(err, &ue) {
		return ue.HTTPStatus, ue.Code
	}
	return 0, ""
}

func ymWantErr(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	if s, c := ymErr(err); s != status || c != code {
		t.Errorf("%s: err = %v, want %d %s", what, err, status, code)
	}
}

// ymFirst returns the first top-level order of a (oldest first) that
// satisfies ok.
func ymFirst(a *account, ok func(*order) bool) *order {
	for _, o := range a.orders.list {
		if ok(o) {
			return o
		}
	}
	return nil
}

func TestOrders_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)

	// List: every order of the account, newest first, over pages of 100.
	var all []upstream.Order
	for off := 0; ; off += 100 {
		p, err := c.Orders.List(ctx, &upstream.OrderListOptions{ListOptions: upstream.ListOptions{Offset: &off, Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != smallSizes.Orders {
			t.Fatalf("total_count = %d, want %d", p.TotalCount, smallSizes.Orders)
		}
		all = append(all, p.Orders...)
		if len(p.Orders) < 100 {
			break
		}
	}
	if len(all) != smallSizes.Orders {
		t.Fatalf("listed %d orders, want %d", len(all), smallSizes.Orders)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].CreateTime < all[i].CreateTime {
			t.Fatalf("orders not newest first: %s before %s", all[i-1].CreateTime, all[i].CreateTime)
		}
	}
	for _, o := range all {
		if o.CustomerID != DomainCustomer || o.Currency != "USD" || o.MeasureID != 1 || o.ServiceTypeName == "" || len(o.EnterpriseProjects) == 0 {
			t.Fatalf("order %+v lacks its customer, currency, measure, service name or projects", o.OrderBase)
		}
	}

	// Filters: status, order type (a string), service type, time windows.
	p, err := c.Orders.List(ctx, &upstream.OrderListOptions{Status: ordStPendingPayment, OrderType: "1", ListOptions: upstream.ListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if p.TotalCount == 0 {
		t.Fatal("no pending new purchases")
	}
	for _, o := range p.Orders {
		if o.Status != 6 || o.OrderType != 1 {
			t.Errorf("filter status=6 order_type=1 returned %s with %d/%d", o.OrderID, o.Status, o.OrderType)
		}
	}
	from := Epoch.AddDate(0, -2, 0)
	p, err = c.Orders.List(ctx, &upstream.OrderListOptions{
		CreateTimeBegin: fmtTime(from), CreateTimeEnd: fmtTime(Epoch), ServiceTypeCode: "HWS.SERVICE.TYPE.EC2", OrderBy: "createTime", ListOptions: upstream.ListOptions{Limit: 100},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range p.Orders {
		ct, _ := time.Parse(utcLayout, o.CreateTime)
		ec2 := o.ServiceTypeCode == "hws.service.type.ec2" || slices.ContainsFunc(o.SubOrders, func(s upstream.SubOrder) bool { return s.ServiceTypeCode == "hws.service.type.ec2" })
		if ct.Before(from) || ct.After(Epoch) || !ec2 || i > 0 && p.Orders[i-1].CreateTime > o.CreateTime {
			t.Errorf("time/service/ascending filter returned %s (%s, %s)", o.OrderID, o.CreateTime, o.ServiceTypeCode)
		}
	}
	paid, err := c.Orders.List(ctx, &upstream.OrderListOptions{PaymentTimeBegin: fmtTime(Epoch.AddDate(-1, 0, 0)), PaymentTimeEnd: fmtTime(Epoch), ListOptions: upstream.ListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range paid.Orders {
		if o.PaymentTime == nil {
			t.Errorf("payment-time filter returned unpaid %s", o.OrderID)
		}
	}

	// Details of a combined order: the header equals the sum of its line
	// items, paged, and of its sub-orders.
	comb := ymFirst(a, func(o *order) bool { return len(o.subs) > 0 && o.status == ordStCompleted })
	if comb == nil {
		t.Fatal("no completed combined order")
	}
	var items []upstream.OrderLineItem
	var head upstream.OrderEntity
	for off := 0; ; off += 2 {
		d, err := c.Orders.Get(ctx, comb.id, &upstream.ListOptions{Offset: &off, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		head = d.Order
		items = append(items, d.LineItems...)
		if off+2 >= d.TotalCount {
			if len(items) != d.TotalCount {
				t.Fatalf("paged %d items, total_count %d", len(items), d.TotalCount)
			}
			break
		}
	}
	if len(head.SubOrders) < 2 || head.UserName == "" || head.PendingPaymentEndTime != nil {
		t.Errorf("combined order header = %+v", head)
	}
	official, after, subOfficial := decimal.Zero, decimal.Zero, decimal.Zero
	for _, it := range items {
		official = official.Add(it.OfficialAmount.Decimal)
		after = after.Add(it.AmountAfterDiscount.Decimal)
		if it.PeriodNum == nil || it.ProductID == "" || it.CategoryCode == "" || it.OrderID == nil || !strings.HasPrefix(it.OrderLineItemID, comb.id+"-") {
			t.Errorf("line item %+v incomplete", it)
		}
	}
	for _, s := range head.SubOrders {
		subOfficial = subOfficial.Add(s.OfficialAmount.Decimal)
		d, err := c.Orders.Get(ctx, s.OrderID, &upstream.ListOptions{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range d.LineItems {
			if *it.OrderID != s.OrderID {
				t.Errorf("sub-order %s lists item %s of %s", s.OrderID, it.OrderLineItemID, *it.OrderID)
			}
		}
	}
	if !official.Equal(head.OfficialAmount.Decimal) || !after.Equal(head.AmountAfterDiscount.Decimal) || !subOfficial.Equal(official) {
		t.Errorf("combined order %s: header %s/%s, items %s/%s, sub-orders %s", comb.id, head.OfficialAmount, head.AmountAfterDiscount, official, after, subOfficial)
	}

	// Discounts and payment of a pending purchase: completed, paid now,
	// its resources provisioned and visible to the resource query.
	pend := ymFirst(a, func(o *order) bool {
		return o.status == ordStPendingPayment && o.orderType == ordTyNewPurchase && len(o.subs) == 0
	})
	dl, err := c.Orders.ListDiscounts(ctx, pend.id)
	if err != nil || len(dl.Discounts) == 0 || len(dl.Discounts[0].Orders) != 1 || dl.Discounts[0].Orders[0].OrderID != pend.id {
		t.Fatalf("ListDiscounts(%s) = %+v, %v", pend.id, dl, err)
	}
	disc := dl.Discounts[0]
	before, _ := c.Orders.Get(ctx, pend.id, &upstream.ListOptions{Limit: 100})
	if before.Order.PendingPaymentEndTime == nil || before.Order.PaymentTime != nil {
		t.Errorf("pending order %s: pending_payment_end_time %v, payment_time %v", pend.id, before.Order.PendingPaymentEndTime, before.Order.PaymentTime)
	}
	err = c.Orders.Pay(ctx, &upstream.PayOrderRequest{OrderID: pend.id, UseCoupon: "NO", UseDiscount: "YES",
		DiscountInfos: []upstream.PayDiscount{{ID: disc.DiscountID, Type: disc.DiscountType}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Orders.Get(ctx, pend.id, &upstream.ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if d.Order.Status != 5 || d.Order.PaymentTime == nil || *d.Order.PaymentTime != fmtTime(Epoch) || d.Order.PendingPaymentEndTime != nil {
		t.Errorf("paid order: status %d, payment_time %v", d.Order.Status, d.Order.PaymentTime)
	}
	want := before.Order.OfficialAmount.Mul(disc.Orders[0].LineItems[0].DiscountRatio.Decimal)
	if !d.Order.AmountAfterDiscount.Sub(want).Abs().LessThan(decimal.NewFromFloat(0.01 * float64(len(d.LineItems)))) {
		t.Errorf("paid with discount %s: amount after discount %s, want about %s", disc.DiscountValue, d.Order.AmountAfterDiscount, want)
	}
	res, err := c.Resources.List(ctx, &upstream.ResourceListRequest{OrderID: pend.id, OffsetListOptions: upstream.OffsetListOptions{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalCount != d.TotalCount {
		t.Errorf("order %s provisioned %d resources, has %d line items", pend.id, res.TotalCount, d.TotalCount)
	}
	for _, r := range res.Resources {
		if r.Status != 2 || r.EffectiveTime != fmtTime(Epoch) || r.ExpireTime <= r.EffectiveTime {
			t.Errorf("provisioned resource %s: status %d, %s → %s", r.ResourceID, r.Status, r.EffectiveTime, r.ExpireTime)
		}
	}

	// Cancel another pending order.
	pend2 := ymFirst(a, func(o *order) bool { return o.status == ordStPendingPayment && o.id != pend.id })
	if err := c.Orders.Cancel(ctx, pend2.id); err != nil {
		t.Fatal(err)
	}
	if d, _ := c.Orders.Get(ctx, pend2.id, nil); d.Order.Status != 4 || d.Order.PendingPaymentEndTime != nil {
		t.Errorf("cancelled order: status %d", d.Order.Status)
	}

	// Refund records of an unsubscription order add up to its amount and
	// point at real original orders.
	unsub := ymFirst(a, func(o *order) bool { return o.orderType == ordTyUnsubscribe && len(o.refunds) > 0 })
	rp, err := c.Orders.ListRefunds(ctx, unsub.id)
	if err != nil {
		t.Fatal(err)
	}
	ud, _ := c.Orders.Get(ctx, unsub.id, &upstream.ListOptions{Limit: 100})
	sum := decimal.Zero
	for _, rec := range rp.Records {
		sum = sum.Add(rec.Amount.Decimal)
		if _, err := c.Orders.Get(ctx, rec.BaseOrderID, nil); err != nil || rec.CustomerID != DomainCustomer || rec.MeasureID != "1" || rec.RegionCode == "" {
			t.Errorf("refund record %+v: base order: %v", rec, err)
		}
	}
	if rp.TotalCount != len(rp.Records) || !sum.Equal(ud.Order.AmountAfterDiscount.Decimal) || !ud.Order.OfficialAmount.Equal(ud.Order.AmountAfterDiscount.Decimal) {
		t.Errorf("refunds of %s sum to %s, order amount %s/%s", unsub.id, sum, ud.Order.OfficialAmount, ud.Order.AmountAfterDiscount)
	}
	if ud.Order.AmountInfo.CommissionAmount == nil || ud.Order.AmountInfo.ConsumedAmount == nil || ud.Order.AmountInfo.CouponAmount != nil {
		t.Errorf("unsubscription amount_info = %+v", ud.Order.AmountInfo)
	}
	for _, it := range ud.LineItems {
		if it.PeriodNum != nil {
			t.Errorf("unsubscription line item %s has period_num %d", it.OrderLineItemID, *it.PeriodNum)
		}
	}
}

func TestOrders_Language(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	_, zh := call(t, srv, "GET", "/v2/orders/customer-orders?limit=1&service_type_code=hws.service.type.ec2", TokenCustomer, "")
	if !strings.Contains(zh, "弹性云服务器") {
		t.Errorf("default language answer lacks the Chinese service name: %s", zh)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/v2/orders/customer-orders?limit=1&service_type_code=hws.service.type.ec2", nil)
	req.Header.Set("X-Auth-Token", TokenCustomer)
	req.Header.Set("X-Language", "en_US")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p upstream.OrderPage
	json.NewDecoder(resp.Body).Decode(&p)
	if len(p.Orders) != 1 || p.Orders[0].ServiceTypeName != "Elastic Cloud Server" {
		t.Errorf("en_US answer = %+v", p)
	}
}

func TestOrders_BadInput(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	a := ymAccount(sb, TokenCustomer)
	done := ymFirst(a, func(o *order) bool { return o.status == ordStCompleted && o.orderType == ordTyNewPurchase })
	comb := ymFirst(a, func(o *order) bool { return len(o.subs) > 0 && o.status == ordStPendingPayment })
	pend := ymFirst(a, func(o *order) bool { return o.status == ordStPendingPayment && len(o.subs) == 0 })
	if done == nil || comb == nil || pend == nil {
		t.Fatal("seed lacks a completed, a pending combined or a pending order")
	}
	sub := comb.subs[0].id
	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"list: limit 0", "GET", "/v2/orders/customer-orders?limit=0", "", 400, "CBC.0100"},
		{"list: limit 101", "GET", "/v2/orders/customer-orders?limit=101", "", 400, "CBC.0100"},
		{"list: limit empty", "GET", "/v2/orders/customer-orders?limit=", "", 400, "CBC.0100"},
		{"list: negative offset", "GET", "/v2/orders/customer-orders?offset=-1", "", 400, "CBC.0100"},
		{"list: status 2 not a filter", "GET", "/v2/orders/customer-orders?status=2", "", 400, "CBC.0100"},
		{"list: unknown order type", "GET", "/v2/orders/customer-orders?order_type=5", "", 400, "CBC.0100"},
		{"list: empty order id", "GET", "/v2/orders/customer-orders?order_id=", "", 400, "CBC.0100"},
		{"list: bad time format", "GET", "/v2/orders/customer-orders?create_time_begin=2024-01-01", "", 400, "CBC.0100"},
		{"list: span over a year", "GET", "/v2/orders/customer-orders?create_time_begin=2024-01-01T00:00:00Z&create_time_end=2025-01-02T00:00:00Z", "", 400, "CBC.0100"},
		{"list: end before begin", "GET", "/v2/orders/customer-orders?payment_time_begin=2025-01-02T00:00:00Z&payment_time_end=2025-01-01T00:00:00Z", "", 400, "CBC.0100"},
		{"list: bad order_by", "GET", "/v2/orders/customer-orders?order_by=amount", "", 400, "CBC.0100"},
		{"details: unknown order", "GET", "/v2/orders/customer-orders/details/CS0000000000NOPE0", "", 400, "CBC.30000010"},
		{"details: limit 101", "GET", "/v2/orders/customer-orders/details/" + done.id + "?limit=101", "", 400, "CBC.0100"},
		{"discounts: order_id missing", "GET", "/v2/orders/customer-orders/order-discounts", "", 400, "CBC.0100"},
		{"discounts: unknown order", "GET", "/v2/orders/customer-orders/order-discounts?order_id=CS0000000000NOPE0", "", 400, "CBC.30000010"},
		{"pay: empty body", "POST", "/v3/orders/customer-orders/pay", "", 400, "CBC.0100"},
		{"pay: use_coupon missing", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + pend.id + `","use_discount":"NO"}`, 400, "CBC.0100"},
		{"pay: YES without coupons", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + pend.id + `","use_coupon":"YES","use_discount":"NO"}`, 400, "CBC.0100"},
		{"pay: 4 coupons", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + pend.id + `","use_coupon":"YES","use_discount":"NO","coupon_infos":[{"id":"a","type":301},{"id":"b","type":301},{"id":"c","type":301},{"id":"d","type":301}]}`, 400, "CBC.0100"},
		{"pay: 2 discounts", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + pend.id + `","use_coupon":"NO","use_discount":"YES","discount_infos":[{"id":"a","type":0},{"id":"b","type":0}]}`, 400, "CBC.0100"},
		{"pay: unknown order", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"CS0000000000NOPE0","use_coupon":"NO","use_discount":"NO"}`, 400, "CBC.30000010"},
		{"pay: completed order", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + done.id + `","use_coupon":"NO","use_discount":"NO"}`, 400, "CBC.99003106"},
		{"pay: sub-order", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + sub + `","use_coupon":"NO","use_discount":"NO"}`, 400, "CBC.99000089"},
		{"pay: foreign discount", "POST", "/v3/orders/customer-orders/pay", `{"order_id":"` + pend.id + `","use_coupon":"NO","use_discount":"YES","discount_infos":[{"id":"PDP-NOT-OFFERED","type":0}]}`, 400, "CBC.99003108"},
		{"pay (v2 path): completed order", "POST", "/v2/orders/customer-orders/pay", `{"order_id":"` + done.id + `","use_coupon":"NO","use_discount":"NO"}`, 400, "CBC.99003106"},
		{"cancel: order_id missing", "PUT", "/v2/orders/customer-orders/cancel", `{}`, 400, "CBC.0100"},
		{"cancel: completed order", "PUT", "/v2/orders/customer-orders/cancel", `{"order_id":"` + done.id + `"}`, 400, "CBC.99005010"},
		{"cancel: sub-order", "PUT", "/v2/orders/customer-orders/cancel", `{"order_id":"` + sub + `"}`, 400, "CBC.99000089"},
		{"refunds: order_id missing", "GET", "/v2/orders/customer-orders/refund-orders", "", 400, "CBC.0100"},
		{"refunds: not an unsubscription", "GET", "/v2/orders/customer-orders/refund-orders?order_id=" + done.id, "", 400, "CBC.99005026"},
	}
	for _, tt := range tests {
		status, body := call(t, srv, tt.method, tt.path, TokenCustomer, tt.body)
		if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, status, body, tt.status, tt.code)
		}
	}
	// None of the refused calls changed the orders.
	if pend.status != ordStPendingPayment || comb.status != ordStPendingPayment || done.status != ordStCompleted {
		t.Error("a refused call changed an order's status")
	}
}

func TestOrders_MutationFailures(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	comb := ymFirst(a, func(o *order) bool { return len(o.subs) > 0 && o.status == ordStPendingPayment })
	pend := ymFirst(a, func(o *order) bool { return o.status == ordStPendingPayment && len(o.subs) == 0 })
	noPay := &upstream.PayOrderRequest{UseCoupon: "NO", UseDiscount: "NO"}

	// A combined order is paid as a whole: every sub-order completes and
	// every planned resource is provisioned.
	noPay.OrderID = comb.id
	planned := 0
	for _, p := range comb.planned {
		planned += len(p.unit())
	}
	if err := c.Orders.Pay(ctx, noPay); err != nil {
		t.Fatal(err)
	}
	d, _ := c.Orders.Get(ctx, comb.id, nil)
	for _, s := range d.Order.SubOrders {
		if s.Status != 5 || s.PaymentTime == nil {
			t.Errorf("sub-order %s after paying the combined order: %d %v", s.OrderID, s.Status, s.PaymentTime)
		}
	}
	if r, _ := c.Resources.List(ctx, &upstream.ResourceListRequest{OrderID: comb.id, OffsetListOptions: upstream.OffsetListOptions{Limit: 500}}); r.TotalCount != planned {
		t.Errorf("combined order provisioned %d resources, want %d", r.TotalCount, planned)
	}
	// Paying it again, or cancelling it once paid, is refused.
	ymWantErr(t, "paying a completed order", c.Orders.Pay(ctx, noPay), 400, "CBC.99003106")
	ymWantErr(t, "cancelling a paid order", c.Orders.Cancel(ctx, comb.id), 400, "CBC.99005010")

	// A cancelled order can be neither paid nor cancelled again.
	if err := c.Orders.Cancel(ctx, pend.id); err != nil {
		t.Fatal(err)
	}
	noPay.OrderID = pend.id
	ymWantErr(t, "paying a cancelled order", c.Orders.Pay(ctx, noPay), 400, "CBC.99003106")
	ymWantErr(t, "cancelling twice", c.Orders.Cancel(ctx, pend.id), 400, "CBC.99005010")
	if dl, err := c.Orders.ListDiscounts(ctx, pend.id); err != nil || len(dl.Discounts) != 0 {
		t.Errorf("a cancelled order offers discounts: %+v, %v", dl, err)
	}
}

func TestOrders_PaymentDeadline(t *testing.T) {
	t.Parallel()
	// The clock moves 30 days past the seed: every pending order's
	// deadline has passed.
	later := Epoch.Add(30 * 24 * time.Hour)
	sb := New(Options{QuotaScale: -1, Sizes: smallSizes, Now: func() time.Time { return later }})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	a := ymAccount(sb, TokenCustomer)
	pend := ymFirst(a, func(o *order) bool { return o.status == ordStPendingPayment && len(o.subs) == 0 })
	// Seeding used the same clock, so move the deadline back.
	pend.deadline = later.Add(-time.Hour)
	status, body := call(t, srv, "POST", "/v3/orders/customer-orders/pay", TokenCustomer, `{"order_id":"`+pend.id+`","use_coupon":"NO","use_discount":"NO"}`)
	if status != 400 || !strings.Contains(body, "CBC.99003110") {
		t.Errorf("paying after the deadline: %d %s, want 400 CBC.99003110", status, body)
	}
}

func TestOrders_GeneratedData(t *testing.T) {
	t.Parallel()
	sz := DefaultSizes
	w := &world{seed: 1, sizes: sz, now: Epoch, accounts: map[string]*account{}, byToken: map[string]*account{}, byAK: map[string]*account{}}
	a := w.addAccount(TokenCustomer, DomainCustomer, "sandbox-customer", kindCustomer, nil)
	genEnterprise(w, a, w.rand(a.ID, "enterprise"))
	genResourcesAndOrders(w, a, sz, w.rand(a.ID, "orders"))

	if len(a.orders.list) != sz.Orders {
		t.Errorf("%d orders, want %d", len(a.orders.list), sz.Orders)
	}
	statuses, types := map[int]int{}, map[int]int{}
	combined, unsubWithRefunds, downgrades, pendingWithOffers, couponed := 0, 0, 0, 0, 0
	for i, o := range a.orders.list {
		if i > 0 && a.orders.list[i-1].created.After(o.created) {
			t.Fatalf("orders not sorted by creation time at %d", i)
		}
		statuses[o.status]++
		types[o.orderType]++
		if o.created.After(Epoch) || !o.paid.IsZero() && o.paid.Before(o.created) {
			t.Errorf("order %s: created %s, paid %s", o.id, o.created, o.paid)
		}
		if len(o.subs) > 0 {
			combined++
		}
		if o.orderType == ordTyUnsubscribe && len(o.refunds) > 0 {
			unsubWithRefunds++
		}
		if o.orderType == ordTyChange && o.refundLike() {
			downgrades++
		}
		if o.status == ordStPendingPayment {
			if !o.deadline.After(Epoch) {
				t.Errorf("pending order %s has deadline %s", o.id, o.deadline)
			}
			if len(o.offers) > 0 {
				pendingWithOffers++
			}
		}
		if len(o.items) == 0 {
			t.Errorf("order %s has no line items", o.id)
		}
		// Line items add up to the order, and refund records to the
		// refund; every record's original order exists.
		official, after, refunds := decimal.Zero, decimal.Zero, decimal.Zero
		for _, it := range o.items {
			official, after = official.Add(it.official), after.Add(it.after)
			couponed += min(1, len(it.discounts))
			disc := decimal.Zero
			for _, dl := range it.discounts {
				disc = disc.Add(dl.amount)
			}
			if !o.refundLike() && !it.official.Sub(disc).Equal(it.after) {
				t.Errorf("item %s: %s − discounts %s ≠ %s", it.id, it.official, disc, it.after)
			}
		}
		for _, rec := range o.refunds {
			refunds = refunds.Add(rec.amount)
			if base := a.orders.byID[rec.baseOrderID]; base == nil || base.created.After(o.created) {
				t.Errorf("refund record of %s: base order %s missing or later", o.id, rec.baseOrderID)
			}
		}
		v := o.base(true)
		if !v.OfficialAmount.Equal(official) || !v.AmountAfterDiscount.Equal(after) {
			t.Errorf("order %s: header %s/%s, items %s/%s", o.id, v.OfficialAmount, v.AmountAfterDiscount, official, after)
		}
		if o.orderType == ordTyUnsubscribe && !refunds.Equal(after) {
			t.Errorf("unsubscription %s: refunds %s, amount %s", o.id, refunds, after)
		}
		for _, s := range o.subs {
			if a.orders.byID[s.id] != s || s.status != o.status {
				t.Errorf("sub-order %s of %s not filed or out of step", s.id, o.id)
			}
		}
	}
	for _, st := range []int{1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13} {
		if statuses[st] == 0 {
			t.Errorf("no order with status %d", st)
		}
	}
	for _, ty := range ordTypes {
		if types[ty] == 0 {
			t.Errorf("no order of type %d", ty)
		}
	}
	if combined == 0 || unsubWithRefunds == 0 || downgrades == 0 || pendingWithOffers == 0 || couponed == 0 {
		t.Errorf("combined %d, unsubscriptions with refunds %d, downgrades %d, pending with discounts %d, discounted items %d",
			combined, unsubWithRefunds, downgrades, pendingWithOffers, couponed)
	}
	t.Logf("statuses %v, types %v, combined %d", statuses, types, combined)
}

func TestOrders_Isolation(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	tokens := []string{TokenCustomer, TokenEnterprise, TokenPartner}
	seen := map[string]string{}
	for _, tok := range tokens {
		c, ctx := ymClient(t, srv, tok)
		a := ymAccount(sb, tok)
		p, err := c.Orders.List(ctx, &upstream.OrderListOptions{ListOptions: upstream.ListOptions{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range p.Orders {
			if o.CustomerID != a.ID {
				t.Errorf("%s sees order %s of %s", tok, o.OrderID, o.CustomerID)
			}
			if other, dup := seen[o.OrderID]; dup {
				t.Errorf("order %s seen by %s and %s", o.OrderID, other, tok)
			}
			seen[o.OrderID] = tok
		}
		// Another account's orders are unknown, by id and by customer_id.
		for _, other := range tokens {
			if other == tok {
				continue
			}
			o := ymAccount(sb, other).orders.list[0]
			_, err := c.Orders.Get(ctx, o.id, nil)
			ymWantErr(t, tok+" reading an order of "+other, err, 400, "CBC.30000010")
			if !errors.Is(err, upstream.ErrNotFound) {
				t.Errorf("%s: %v does not match ErrNotFound", tok, err)
			}
			noPay := &upstream.PayOrderRequest{OrderID: o.id, UseCoupon: "NO", UseDiscount: "NO"}
			ymWantErr(t, tok+" paying an order of "+other, c.Orders.Pay(ctx, noPay), 400, "CBC.30000010")
			if p, err := c.Orders.List(ctx, &upstream.OrderListOptions{OrderID: o.id}); err != nil || p.TotalCount != 0 {
				t.Errorf("%s lists the order of %s: %+v, %v", tok, other, p, err)
			}
			if p, err := c.Orders.List(ctx, &upstream.OrderListOptions{CustomerID: ymAccount(sb, other).ID}); err != nil || p.TotalCount != 0 {
				t.Errorf("%s lists orders by the customer_id of %s: %d, %v", tok, other, p.TotalCount, err)
			}
		}
	}
	// A customer cannot name another customer to read refunds.
	cu := ymAccount(sb, TokenCustomer)
	unsub := ymFirst(cu, func(o *order) bool { return o.orderType == ordTyUnsubscribe })
	status, body := call(t, srv, "GET", "/v2/orders/customer-orders/refund-orders?order_id="+unsub.id+"&customer_id="+DomainEnterprise, TokenCustomer, "")
	if status != 403 || !strings.Contains(body, "CBC.0151") {
		t.Errorf("refunds with a foreign customer_id: %d %s, want 403 CBC.0151", status, body)
	}
	status, body = call(t, srv, "GET", "/v2/orders/customer-orders/refund-orders?order_id="+unsub.id, TokenEnterprise, "")
	if status != 400 || !strings.Contains(body, "CBC.99005026") {
		t.Errorf("enterprise reading the customer's refunds: %d %s", status, body)
	}
}

func TestGenResourcesAndOrders_Deterministic(t *testing.T) {
	t.Parallel()
	gen := func() []*account {
		w := &world{seed: 7, sizes: DefaultSizes, now: Epoch, accounts: map[string]*account{}, byToken: map[string]*account{}, byAK: map[string]*account{}}
		cu := w.addAccount(TokenCustomer, DomainCustomer, "sandbox-customer", kindCustomer, nil)
		en := w.addAccount(TokenEnterprise, DomainEnterprise, "sandbox-enterprise", kindEnterprise, nil)
		for _, a := range w.ordered {
			genEnterprise(w, a, w.rand(a.ID, "enterprise"))
		}
		for _, a := range w.ordered {
			genResourcesAndOrders(w, a, DefaultSizes, w.rand(a.ID, "orders"))
		}
		return []*account{cu, en}
	}
	// Speed is measured by BenchmarkGenResourcesAndOrders, not asserted here.
	x, y := gen(), gen()
	for i := range x {
		if len(x[i].orders.list) != len(y[i].orders.list) || len(x[i].resources.list) != len(y[i].resources.list) {
			t.Fatal("two seedings differ in size")
		}
		for j, o := range x[i].orders.list {
			if b, _ := json.Marshal(o.entityView(true)); string(b) != string(ymJSON(y[i].orders.list[j].entityView(true))) {
				t.Fatalf("order %d differs between seedings", j)
			}
		}
		for j, r := range x[i].resources.list {
			if string(ymJSON(r.Resource)) != string(ymJSON(y[i].resources.list[j].Resource)) {
				t.Fatalf("resource %d differs between seedings", j)
			}
		}
	}
}

func ymJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func BenchmarkGenResourcesAndOrders(b *testing.B) {
	for b.Loop() {
		w := &world{seed: 1, sizes: DefaultSizes, now: Epoch, accounts: map[string]*account{}, byToken: map[string]*account{}, byAK: map[string]*account{}}
		for _, a := range []*account{
			w.addAccount(TokenCustomer, DomainCustomer, "sandbox-customer", kindCustomer, nil),
			w.addAccount(TokenEnterprise, DomainEnterprise, "sandbox-enterprise", kindEnterprise, nil),
		} {
			genEnterprise(w, a, w.rand(a.ID, "enterprise"))
			genResourcesAndOrders(w, a, DefaultSizes, w.rand(a.ID, "orders"))
		}
	}
}

func TestGenResourcesAndOrders_AnySize(t *testing.T) {
	t.Parallel()
	for _, sz := range []Sizes{{Orders: 1, Resources: 1, Months: 1}, {Orders: 7, Resources: 3, Months: 6}, {Orders: 20, Resources: 50, Months: 36},
		{Orders: 60, Resources: 150, Months: 6}, {Orders: 300, Resources: 40, Months: 12}, {Orders: 50, Resources: 3000, Months: 36}} {
		for seed := int64(1); seed <= 3; seed++ {
			w := &world{seed: seed, sizes: sz, now: Epoch, accounts: map[string]*account{}, byToken: map[string]*account{}, byAK: map[string]*account{}}
			a := w.addAccount(TokenCustomer, DomainCustomer, "sandbox-customer", kindCustomer, nil)
			genEnterprise(w, a, w.rand(a.ID, "enterprise"))
			genResourcesAndOrders(w, a, sz, w.rand(a.ID, "orders"))
			if len(a.orders.list) != sz.Orders {
				t.Errorf("%+v seed %d: %d orders", sz, seed, len(a.orders.list))
			}
			purchases := 0
			for _, o := range a.orders.list {
				if o.status == ordStCompleted && len(o.resources) > 0 && o.resources[0].orderID == o.id {
					purchases++
				}
			}
			if n := len(a.resources.list); n != sz.Resources && n > max(sz.Resources, 4*purchases) {
				t.Errorf("%+v seed %d: %d resources from %d purchases", sz, seed, n, purchases)
			}
		}
	}
}
