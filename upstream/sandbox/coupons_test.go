package sandbox

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// allCoupons pages through 6.1.1 with the largest page and checks that
// count stays the number of coupons paged.
func allCoupons(t *testing.T, c *upstream.Client, token string, opts upstream.CouponListOptions) []upstream.Coupon {
	t.Helper()
	var all []upstream.Coupon
	opts.Limit = 100
	for off := 0; ; off += 100 {
		opts.Offset = intp(off)
		p, err := c.Coupons.List(pcCtx(t, token, ""), &opts)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Coupons...)
		if len(p.Coupons) < 100 {
			if int(p.TotalCount) != len(all) {
				t.Fatalf("paged %d coupons, count %d", len(all), p.TotalCount)
			}
			return all
		}
	}
}

func TestCoupons_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	// Enough orders that the coupons have orders with coupon deductions
	// to have paid for.
	sb, srv := newTestServer(t, Options{QuotaScale: -1, Sizes: Sizes{Orders: 800, Resources: 150, Months: 6, Members: 5}})
	c := pcClient(t, srv)
	now := Epoch
	all := allCoupons(t, c, TokenCustomer, upstream.CouponListOptions{})
	sb.mu.RLock()
	hidden := 0
	for _, cp := range sb.world.byToken[TokenCustomer].coupons.list {
		if !cp.visible(now) {
			hidden++
		}
	}
	sb.mu.RUnlock()
	if hidden == 0 {
		t.Error("no coupon expired over a year ago, so the rule that hides them is untested")
	}
	if len(all) != couponCount(&account{Kind: kindCustomer}) {
		t.Errorf("%d coupons, want %d", len(all), couponCount(&account{Kind: kindCustomer}))
	}
	pairs := map[[2]int]int{}
	ids := map[string]bool{}
	for i, cp := range all {
		pairs[[2]int{int(cp.CouponType), int(cp.Status)}]++
		if ids[cp.CouponID] {
			t.Errorf("coupon %s listed twice", cp.CouponID)
		}
		ids[cp.CouponID] = true
		if i > 0 && cp.CreateTime > all[i-1].CreateTime {
			t.Errorf("coupon %d is newer than the one before it", i)
		}
		valid, err1 := time.Parse(utcLayout, cp.ValidTime)
		expire, err2 := time.Parse(utcLayout, cp.ExpireTime)
		_, err3 := time.Parse(utcLayout, cp.ActiveTime)
		_, err4 := time.Parse(utcLayout, cp.CreateTime)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || !expire.After(valid) {
			t.Errorf("coupon %s times: valid %s expire %s active %s create %s", cp.CouponID, cp.ValidTime, cp.ExpireTime, cp.ActiveTime, cp.CreateTime)
		}
		if expire.Before(now.AddDate(-1, 0, 0)) {
			t.Errorf("coupon %s expired over a year ago but is returned", cp.CouponID)
		}
		if cp.CustomerID != DomainCustomer || cp.MeasureID != 1 || cp.Currency != "USD" || cp.CouponVersion != 2 ||
			!strings.HasPrefix(cp.CouponID, "CP") || cp.CouponCode != cp.CouponID || cp.PlanName == "" || cp.PromotionPlanID == "" ||
			len(cp.UseLimits) == 0 || (cp.IsFrozen != "0" && cp.IsFrozen != "1") || cp.MediaType < 1 || cp.MediaType > 2 ||
			cp.FetchMethod < 1 || cp.FetchMethod > 5 {
			t.Errorf("incomplete coupon %+v", cp)
		}
		for _, l := range cp.UseLimits {
			if l.UseLimitInfoID != cp.CouponID || l.PromotionPlanID != cp.PromotionPlanID || l.LimitKey == "" || l.LimitType != "=" {
				t.Errorf("coupon %s limit %+v", cp.CouponID, l)
			}
		}
		if cp.Balance.IsNegative() || cp.Balance.GreaterThan(cp.FaceValue.Decimal) || !cp.FaceValue.IsPositive() {
			t.Errorf("coupon %s: balance %s of face value %s", cp.CouponID, cp.Balance, cp.FaceValue)
		}
		switch cp.Status {
		case couponToBeUsed:
			if !expire.After(now) || valid.After(now) {
				t.Errorf("usable coupon %s is not valid now (%s–%s)", cp.CouponID, cp.ValidTime, cp.ExpireTime)
			}
		case couponUsed:
			if !cp.Balance.IsZero() || len(cp.OrderIDs()) == 0 || cp.ReserveTime == "" || cp.LockOrderID == "" {
				t.Errorf("used coupon %+v", cp)
			}
		case couponExpired:
			if expire.After(now) {
				t.Errorf("expired coupon %s expires in the future", cp.CouponID)
			}
		}
		// A coupon that was spent names its orders, in the form BSS uses.
		if !cp.Balance.Equal(cp.FaceValue.Decimal) && len(cp.OrderIDs()) == 0 {
			t.Errorf("coupon %s was spent on no order", cp.CouponID)
		}
		for _, id := range cp.OrderIDs() {
			if !strings.HasPrefix(id, "CS") || len(id) < 17 {
				t.Errorf("coupon %s names order %q", cp.CouponID, id)
			}
		}
	}
	for _, typ := range []int{1, 2, 4} {
		for _, st := range []int{2, 3, 4, 5} {
			if pairs[[2]int{typ, st}] == 0 {
				t.Errorf("no coupon of type %d in status %d", typ, st)
			}
		}
	}

	// The orders a coupon names exist, were paid, and took off with a
	// coupon what the coupon spent; a frozen coupon is locked by an order
	// pending payment.
	ctx := pcCtx(t, TokenCustomer, "")
	spentCoupons, frozen := 0, 0
	for _, cp := range all {
		if cp.OrderID != "" {
			spentCoupons++
			took := decimal.Zero
			for _, id := range cp.OrderIDs() {
				od, err := c.Orders.Get(ctx, id, nil)
				if err != nil {
					t.Fatalf("coupon %s names order %s: %v", cp.CouponID, id, err)
				}
				if od.Order.Status != 5 || od.Order.PaymentTime == nil || *od.Order.PaymentTime > cp.ExpireTime || *od.Order.PaymentTime < cp.ValidTime {
					t.Errorf("coupon %s (valid %s to %s) paid for order %s in status %d at %v", cp.CouponID, cp.ValidTime, cp.ExpireTime, id, od.Order.Status, od.Order.PaymentTime)
				}
				if ca := od.Order.AmountInfo.CouponAmount; ca != nil {
					took = took.Add(ca.Decimal)
				}
			}
			if !took.Equal(cp.FaceValue.Sub(cp.Balance.Decimal)) {
				t.Errorf("coupon %s spent %s of %s, but its orders took %s off with coupons", cp.CouponID, cp.FaceValue.Sub(cp.Balance.Decimal), cp.FaceValue, took)
			}
		}
		if cp.Status == couponToBeUsed && cp.IsFrozen == "1" {
			frozen++
			od, err := c.Orders.Get(ctx, cp.LockOrderID, nil)
			if err != nil || od.Order.Status != 6 {
				t.Errorf("frozen coupon %s is locked by order %s: %+v, %v", cp.CouponID, cp.LockOrderID, od, err)
			}
		}
	}
	if spentCoupons < 20 {
		t.Errorf("only %d coupons were spent on orders", spentCoupons)
	}
}

func TestCoupons_Filters(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	all := allCoupons(t, c, TokenCustomer, upstream.CouponListOptions{})
	count := func(keep func(upstream.Coupon) bool) int {
		n := 0
		for _, cp := range all {
			if keep(cp) {
				n++
			}
		}
		return n
	}
	check := func(name string, opts upstream.CouponListOptions, keep func(upstream.Coupon) bool) {
		t.Helper()
		got := allCoupons(t, c, TokenCustomer, opts)
		want := count(keep)
		if len(got) != want || want == 0 {
			t.Errorf("%s: %d coupons, want %d (> 0)", name, len(got), want)
		}
		for _, cp := range got {
			if !keep(cp) {
				t.Errorf("%s returned %s", name, cp.CouponID)
			}
		}
	}
	for _, st := range []int{2, 3, 4, 5} {
		check(fmt.Sprint("status ", st), upstream.CouponListOptions{Status: st}, func(cp upstream.Coupon) bool { return int(cp.Status) == st })
	}
	for _, typ := range []int{1, 2, 4} {
		check(fmt.Sprint("type ", typ), upstream.CouponListOptions{CouponType: typ}, func(cp upstream.Coupon) bool { return int(cp.CouponType) == typ })
	}
	check("status and type", upstream.CouponListOptions{Status: 3, CouponType: 1}, func(cp upstream.Coupon) bool { return cp.Status == 3 && cp.CouponType == 1 })
	one := all[17]
	check("coupon_id", upstream.CouponListOptions{CouponID: one.CouponID}, func(cp upstream.Coupon) bool { return cp.CouponID == one.CouponID })
	check("promotion_plan_id", upstream.CouponListOptions{PromotionPlanID: one.PromotionPlanID}, func(cp upstream.Coupon) bool { return cp.PromotionPlanID == one.PromotionPlanID })
	var order string
	for _, cp := range all {
		if ids := cp.OrderIDs(); len(ids) > 0 {
			order = ids[len(ids)-1]
		}
	}
	check("order_id", upstream.CouponListOptions{OrderID: order}, func(cp upstream.Coupon) bool {
		return cp.LockOrderID == order || strings.Contains(cp.OrderID, order)
	})
	partner := DomainPartner
	check("source_id of the partner", upstream.CouponListOptions{SourceID: &partner}, func(cp upstream.Coupon) bool { return cp.SourceID == DomainPartner })
	empty := ""
	check(`source_id=""`, upstream.CouponListOptions{SourceID: &empty}, func(cp upstream.Coupon) bool { return cp.SourceID == "" })

	from, to := Epoch.AddDate(0, -6, 0), Epoch.AddDate(0, -1, 0)
	check("active time range", upstream.CouponListOptions{ActiveStartTime: fmtTime(from), ActiveEndTime: fmtTime(to)}, func(cp upstream.Coupon) bool {
		at, _ := time.Parse(utcLayout, cp.ActiveTime)
		return !at.Before(from) && !at.After(to)
	})

	// Filters that match nothing still answer 200 with count 0.
	for _, q := range []string{"coupon_id=CPNOPE", "status=1", "coupon_type=3", "order_id=CS0000000000XXXXX"} {
		status, body := call(t, srv, "GET", "/v2/promotions/benefits/coupons?"+q, TokenCustomer, "")
		if status != 200 || !hasNumber(body, "count", 0) {
			t.Errorf("%s: %d %s, want count 0", q, status, body)
		}
	}
	// The default page is 10 with the full count.
	p, err := c.Coupons.List(pcCtx(t, TokenCustomer, ""), nil)
	if err != nil || len(p.Coupons) != 10 || int(p.TotalCount) != len(all) {
		t.Errorf("default page: %d of %d, %v", len(p.Coupons), p.TotalCount, err)
	}
}

func TestCoupons_Isolation(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	owners := map[string]string{}
	for _, tok := range []string{TokenCustomer, TokenEnterprise, TokenPartner, "sandbox-member-1"} {
		for _, cp := range allCoupons(t, c, tok, upstream.CouponListOptions{}) {
			if owner, dup := owners[cp.CouponID]; dup {
				t.Errorf("coupon %s seen by %s and %s", cp.CouponID, owner, tok)
			}
			owners[cp.CouponID] = tok
			if want := map[string]string{TokenCustomer: DomainCustomer, TokenEnterprise: DomainEnterprise, TokenPartner: DomainPartner}[tok]; want != "" && cp.CustomerID != want {
				t.Errorf("%s sees coupon %s of customer %s", tok, cp.CouponID, cp.CustomerID)
			}
		}
	}
	// Asking for another account's coupon by id finds nothing.
	var theirs string
	for id, tok := range owners {
		if tok == TokenCustomer {
			theirs = id
			break
		}
	}
	p, err := c.Coupons.List(pcCtx(t, TokenEnterprise, ""), &upstream.CouponListOptions{CouponID: theirs})
	if err != nil || p.TotalCount != 0 {
		t.Errorf("enterprise asking for the customer's coupon %s: %+v, %v", theirs, p, err)
	}
}

func TestCoupons_Redeem(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	sb.mu.Lock()
	a := sb.world.byToken[TokenCustomer]
	var usable *coupon
	for _, cp := range a.coupons.list {
		if cp.Status == couponToBeUsed && cp.IsFrozen == "0" && cp.Balance.GreaterThan(d("2")) {
			usable = cp
			break
		}
	}
	face := usable.Balance.Decimal
	took, ok := a.coupons.redeem(usable.CouponID, "CS2610311200ABCDE", d("1.5"), Epoch)
	took2, ok2 := a.coupons.redeem(usable.CouponID, "CS2610311201ABCDF", d("100000"), Epoch)
	_, ok3 := a.coupons.redeem(usable.CouponID, "CS2610311202ABCDG", d("1"), Epoch)
	sb.mu.Unlock()
	if !ok || !took.Equal(d("1.5")) || !ok2 || !took2.Equal(face.Sub(d("1.5"))) || ok3 {
		t.Fatalf("redeem: %s %v, %s %v, %v", took, ok, took2, ok2, ok3)
	}
	p, err := pcClient(t, srv).Coupons.List(pcCtx(t, TokenCustomer, ""), &upstream.CouponListOptions{OrderID: "CS2610311201ABCDF"})
	if err != nil || p.TotalCount != 1 {
		t.Fatalf("coupon by its new order: %+v, %v", p, err)
	}
	if got := p.Coupons[0]; got.Status != couponUsed || !got.Balance.Equal(decimal.Zero) || got.LockOrderID != "CS2610311201ABCDF" {
		t.Errorf("after redeeming everything: %+v", got)
	}
}

func TestCoupons_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	for _, q := range []string{
		"limit=0", "limit=101", "limit=", "offset=-1", "offset=", "offset=x",
		"status=0", "status=6", "status=", "coupon_type=0", "coupon_type=5", "coupon_type=",
		"active_start_time=", "active_start_time=2024-01-01", "active_end_time=2024-01-01T00:00:00",
		"active_start_time=2024-02-01T00:00:00Z&active_end_time=2024-01-01T00:00:00Z",
		"coupon_id=" + strings.Repeat("C", 65), "source_id=" + strings.Repeat("s", 256),
	} {
		t.Run(q, func(t *testing.T) {
			status, body := call(t, srv, "GET", "/v2/promotions/benefits/coupons?"+(&url.URL{RawQuery: q}).RawQuery, TokenCustomer, "")
			if status != 400 || !strings.Contains(body, `"error_code":"CBC.0100"`) {
				t.Errorf("got %d %s, want 400 CBC.0100", status, body)
			}
		})
	}
}
