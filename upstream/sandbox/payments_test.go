package sandbox

import (
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// Payments move money the way BSS does: paying an order spends the coupons
// given and then the balance, a refused payment changes nothing, and an
// unsubscription refunds to the balance.

// orderDue is what an order costs after its discounts.
func orderDue(o *order) decimal.Decimal {
	due := decimal.Zero
	for _, it := range o.items {
		due = due.Add(it.after)
	}
	return due
}

func pendingTopLevel(o *order) bool {
	return o.status == ordStPendingPayment && o.parent == nil && o.deadline.After(Epoch)
}

func TestPay_ChargesTheBalance(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	o := ymFirst(a, pendingTopLevel)
	if o == nil {
		t.Fatal("no pending order seeded")
	}
	before, due := a.balance.available(), orderDue(o)
	if err := c.Orders.Pay(ctx, &upstream.PayOrderRequest{OrderID: o.id, UseCoupon: "NO", UseDiscount: "NO"}); err != nil {
		t.Fatal(err)
	}
	if got := before.Sub(a.balance.available()); !got.Equal(due) {
		t.Errorf("paying %s took %s from the balance, want %s", o.id, got, due)
	}
}

func TestPay_InsufficientBalanceChangesNothing(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	o := ymFirst(a, pendingTopLevel)
	// Spend the balance down to less than the order costs.
	if !a.balance.charge(a.balance.available().Sub(orderDue(o)).Add(decimal.NewFromInt(1))) {
		t.Fatal("could not spend the balance down")
	}
	before := a.balance.available()
	err := c.Orders.Pay(ctx, &upstream.PayOrderRequest{OrderID: o.id, UseCoupon: "NO", UseDiscount: "NO"})
	ymWantErr(t, "pay beyond the balance", err, 400, "CBC.99005003")
	if o.status != ordStPendingPayment || !a.balance.available().Equal(before) {
		t.Errorf("refused payment changed state: order status %d, balance %s → %s", o.status, before, a.balance.available())
	}
}

func TestPay_SpendsCoupons(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	o := ymFirst(a, pendingTopLevel)
	var cp *coupon
	for _, x := range a.coupons.list {
		if _, ok := a.coupons.usable(x.CouponID, Epoch); ok {
			cp = x
			break
		}
	}
	if cp == nil {
		t.Fatal("no usable coupon seeded")
	}
	couponBefore, balanceBefore, due := cp.Balance.Decimal, a.balance.available(), orderDue(o)
	req := &upstream.PayOrderRequest{OrderID: o.id, UseCoupon: "YES", UseDiscount: "NO",
		CouponInfos: []upstream.PayCoupon{{ID: cp.CouponID, Type: 300}}}
	if err := c.Orders.Pay(ctx, req); err != nil {
		t.Fatal(err)
	}
	spent := couponBefore.Sub(cp.Balance.Decimal)
	charged := balanceBefore.Sub(a.balance.available())
	if !spent.Add(charged).Equal(due) || !spent.Equal(decimal.Min(couponBefore, due)) {
		t.Errorf("order of %s paid with %s of coupon and %s of balance", due, spent, charged)
	}
	// The coupon cannot pay twice once spent.
	if cp.Status == couponUsed {
		o2 := ymFirst(a, pendingTopLevel)
		req.OrderID = o2.id
		ymWantErr(t, "paying with a used coupon", c.Orders.Pay(ctx, req), 400, "CBC.99003112")
	}
}

func TestUnsubscribe_RefundsToTheBalance(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	var target *resource
	for _, r := range a.resources.list {
		if r.IsMainResource == 1 && r.Status == resProvisioned && r.pendingOrder == "" && r.expire.After(Epoch.AddDate(0, 2, 0)) {
			target = r
			break
		}
	}
	if target == nil {
		t.Fatal("no long-running primary seeded")
	}
	before := a.balance.available()
	res, err := c.Resources.Unsubscribe(ctx, &upstream.UnsubscribeResourcesRequest{ResourceIDs: []string{target.ResourceID}, UnsubscribeType: 1})
	if err != nil {
		t.Fatal(err)
	}
	o := a.ordFind(res.OrderIDs[0])
	refund := orderDue(o).Neg()
	if !refund.IsPositive() || !a.balance.available().Sub(before).Equal(refund) {
		t.Errorf("unsubscription refund %s moved the balance by %s", refund, a.balance.available().Sub(before))
	}
}

// couponsLeft is what the account's usable coupons still hold.
func couponsLeft(a *account) decimal.Decimal {
	sum := decimal.Zero
	for _, id := range a.coupons.autoPayCoupons(Epoch) {
		left, _ := a.coupons.usable(id, Epoch)
		sum = sum.Add(left)
	}
	return sum
}

func renewable(r *resource) bool {
	return r.Status == resProvisioned && r.expire.After(Epoch) && r.expire.Before(Epoch.AddDate(1, 0, 0))
}

func TestRenew_AutoPayChargesCouponsThenBalance(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	target := ymOpenPrimary(a, renewable)
	if target == nil {
		t.Fatal("no renewable primary seeded")
	}
	balance, coupons := a.balance.available(), couponsLeft(a)
	rr, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: periodYear, PeriodNum: 1, IsAutoPay: 1})
	if err != nil {
		t.Fatal(err)
	}
	o := a.ordFind(rr.OrderIDs[0])
	official, couponPaid := decimal.Zero, decimal.Zero
	for _, it := range o.items {
		official = official.Add(it.official)
		couponPaid = couponPaid.Add(it.coupon)
	}
	spentCoupons, charged := coupons.Sub(couponsLeft(a)), balance.Sub(a.balance.available())
	if o.status != ordStCompleted || !official.IsPositive() {
		t.Fatalf("renewal order %s: status %d, price %s", o.id, o.status, official)
	}
	if !spentCoupons.Add(charged).Equal(official) || !spentCoupons.Equal(couponPaid) || !spentCoupons.Equal(decimal.Min(coupons, official)) {
		t.Errorf("renewal of %s paid with %s of coupons (items show %s) and %s of balance", official, spentCoupons, couponPaid, charged)
	}
}

func TestRenew_AutoPayBeyondTheFundsChangesNothing(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	target := ymOpenPrimary(a, renewable)
	// Spend the coupons and the balance, as earlier payments would.
	for _, id := range a.coupons.autoPayCoupons(Epoch) {
		a.coupons.redeem(id, "CS-TEST", decimal.NewFromInt(1_000_000), Epoch)
	}
	if !a.balance.charge(a.balance.available()) {
		t.Fatal("could not spend the balance")
	}
	orders, expire, debt := len(a.orders.list), target.expire, a.balance.debt
	_, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: periodYear, PeriodNum: 1, IsAutoPay: 1})
	ymWantErr(t, "automatic payment beyond the funds", err, 400, "CBC.99005003")
	if len(a.orders.list) != orders || !target.expire.Equal(expire) || !a.balance.debt.Equal(debt) || target.pendingOrder != "" {
		t.Errorf("refused renewal changed state: %d → %d orders, expiry %s → %s, debt %s → %s, pending %q",
			orders, len(a.orders.list), expire, target.expire, debt, a.balance.debt, target.pendingOrder)
	}
}
