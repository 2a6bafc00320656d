// Paying an order: the one path that payOrder (6.2.4) and renewal with
// automatic payment (6.3.2) take, so both spend coupons and the balance the
// same way, refuse the same way, and show up in the bills.

package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

var (
	errCouponUsed          = errorf(http.StatusBadRequest, "CBC.99003112", "The coupon or stored-value card has been used.")
	errInsufficientBalance = errorf(http.StatusBadRequest, "CBC.99005003", "Insufficient balance.")
)

// ordFunds checks that the coupons named and then the balance can pay due
// at now. It changes nothing, so a refusal leaves the orders, the coupons
// and the balance as they were.
func (a *account) ordFunds(due decimal.Decimal, couponIDs []string, now time.Time) error {
	covered := decimal.Zero
	for _, id := range couponIDs {
		left, ok := a.coupons.usable(id, now)
		if !ok {
			return errCouponUsed
		}
		covered = covered.Add(left)
	}
	if rest := due.Sub(decimal.Min(due, covered)); rest.GreaterThan(a.balance.available()) {
		return errInsufficientBalance
	}
	return nil
}

// ordPay pays pending order o at now, once ordFunds has accepted the
// payment: the coupons pay first (each item shows what they took as a
// "301" line and its coupon amount), the balance pays the rest, the order
// completes and its line items enter the ledger.
func (a *account) ordPay(o *order, couponIDs []string, now time.Time) {
	due := o.dueWith(nil)
	for _, id := range couponIDs {
		if !due.IsPositive() {
			break
		}
		took, ok := a.coupons.redeem(id, o.id, due, now)
		if !ok || !took.IsPositive() {
			continue
		}
		o.coupons = append(o.coupons, id)
		due = due.Sub(took)
		ordSpreadCoupon(o, took)
	}
	debt := a.balance.debt
	a.balance.charge(due)
	a.ordComplete(o, now)
	a.bills.recordOrder(o, a.balance.debt.Sub(debt), now)
}

// ordSpreadCoupon takes amount off o's items in order, as far as each
// item's price goes.
func ordSpreadCoupon(o *order, amount decimal.Decimal) {
	for _, it := range o.items {
		take := decimal.Min(amount, it.after)
		if !take.IsPositive() {
			continue
		}
		it.after = it.after.Sub(take)
		it.coupon = it.coupon.Add(take)
		it.discounts = append(it.discounts, ordDiscountLine{"301", take})
		amount = amount.Sub(take)
	}
}

// autoPayCoupons are the coupons automatic payment spends: the account's
// usable cash coupons, those expiring first first.
func (cs *couponState) autoPayCoupons(now time.Time) []string {
	var list []*coupon
	for _, c := range cs.list {
		if _, ok := cs.usable(c.CouponID, now); ok && int(c.CouponType) == couponCash {
			list = append(list, c)
		}
	}
	slices.SortStableFunc(list, func(x, y *coupon) int {
		return cmp.Or(x.expire.Compare(y.expire), cmp.Compare(x.CouponID, y.CouponID))
	})
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.CouponID
	}
	return ids
}
