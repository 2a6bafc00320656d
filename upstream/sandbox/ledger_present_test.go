package sandbox

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// currentCycle is the month of a default-clock sandbox's "now".
const currentCycle = "2026-11"

// The ledger follows the present: a payment, an automatic renewal and an
// unsubscription made now are this month's bills, records, expenditures
// and costs, and those still agree with each other.
func TestLedger_FollowsThePresent(t *testing.T) {
	t.Parallel()
	sb, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	a := ymAccount(sb, TokenCustomer)

	before, err := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: currentCycle})
	if err != nil {
		t.Fatal(err)
	}
	if !before.TotalAmount.IsZero() {
		t.Fatalf("%s has bills before anything happened: %s", currentCycle, before.TotalAmount)
	}

	// Pay a pending order with a coupon and the balance.
	o := ymFirst(a, pendingTopLevel)
	cp := a.coupons.autoPayCoupons(Epoch)[0]
	want := orderDue(o)
	if err := c.Orders.Pay(ctx, &upstream.PayOrderRequest{OrderID: o.id, UseCoupon: "YES", UseDiscount: "NO",
		CouponInfos: []upstream.PayCoupon{{ID: cp, Type: 300}}}); err != nil {
		t.Fatal(err)
	}
	// Renew a resource, paid at once.
	target := ymOpenPrimary(a, renewable)
	rr, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: periodMonth, PeriodNum: 2, IsAutoPay: 1})
	if err != nil {
		t.Fatal(err)
	}
	renewal := a.ordFind(rr.OrderIDs[0])
	want = want.Add(orderDue(renewal)).Add(orderCoupons(renewal))
	// Unsubscribe another one: a refund.
	gone := ymOpenPrimary(a, func(r *resource) bool {
		return r != target && r.Status == resProvisioned && r.expire.After(Epoch.AddDate(0, 2, 0)) && !r.unitPrimary().trial
	})
	ur, err := c.Resources.Unsubscribe(ctx, &upstream.UnsubscribeResourcesRequest{ResourceIDs: []string{gone.ResourceID}, UnsubscribeType: 1})
	if err != nil {
		t.Fatal(err)
	}
	refund := orderDue(a.ordFind(ur.OrderIDs[0]))
	if !refund.IsNegative() {
		t.Fatalf("unsubscription refunds %s", refund)
	}
	want = want.Add(refund)

	total := checkLedger(t, c, srv, TokenCustomer, DomainCustomer, false, currentCycle)
	if !total.Equal(want) {
		t.Errorf("%s bills total %s, want %s (payment + renewal + refund)", currentCycle, total, want)
	}
	// Each order is a record of its own, under its order id.
	recs := allUsageRecords(t, c, ctx, upstream.MonthlyBillRequest{Cycle: currentCycle, StatisticType: 3})
	for id, billType := range map[string]int{o.id: 1, renewal.id: 2, ur.OrderIDs[0]: 4} {
		found := false
		for _, r := range recs {
			found = found || r.TradeID == id && r.BillType == billType
		}
		if !found {
			t.Errorf("no %s record of bill type %d", id, billType)
		}
	}
	// A month closed before now is unchanged.
	if last, err := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: lastCycle}); err != nil || last.TotalCount == 0 {
		t.Errorf("%s summary: %v", lastCycle, err)
	}
}

// orderCoupons is what coupons paid of an order.
func orderCoupons(o *order) decimal.Decimal {
	sum := decimal.Zero
	for _, it := range o.items {
		sum = sum.Add(it.coupon)
	}
	return sum
}

// A sandbox clock past the seeded months still bills what happens now: the
// ledger grows a cycle for the month of the mutation.
func TestLedger_ClockPastTheSeededMonths(t *testing.T) {
	t.Parallel()
	now := Epoch.AddDate(0, 1, 10) // 2026-12-11 in GMT+08:00
	sb, srv := newTestServer(t, Options{QuotaScale: -1, Now: func() time.Time { return now }})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	target := ymOpenPrimary(a, func(r *resource) bool { return r.Status == resProvisioned && r.expire.After(now) })
	rr, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: periodMonth, PeriodNum: 1, IsAutoPay: 1})
	if err != nil {
		t.Fatal(err)
	}
	o := a.ordFind(rr.OrderIDs[0])
	total := checkLedger(t, c, srv, TokenCustomer, DomainCustomer, false, "2026-12")
	if want := orderDue(o).Add(orderCoupons(o)); !total.Equal(want) {
		t.Errorf("2026-12 bills total %s, want the renewal's %s", total, want)
	}
}
