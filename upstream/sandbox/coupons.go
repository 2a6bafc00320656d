package sandbox

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// couponState is an account's coupons (§6.1.1), newest first.
type couponState struct {
	list []*coupon
	byID map[string]*coupon
}

// coupon is a coupon record plus the times the filters compare.
type coupon struct {
	upstream.Coupon
	active time.Time // active_time
	expire time.Time // expire_time
}

// Coupon statuses and types of Table 6-2.
const (
	couponToBeUsed  = 2
	couponUsed      = 3
	couponExpired   = 4
	couponWithdrawn = 5

	couponCash     = 1
	couponDiscount = 2 // reserved on the international website
	couponFlexi    = 4 // reserved on the international website
)

// couponPlan is a promotion plan coupons are issued under.
type couponPlan struct {
	nameEN, desc, usage string
	types               []int
	faces               []int64 // face values in USD
	limits              func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit
}

func couponLimit(c *upstream.Coupon, key, v1, v2 string) upstream.CouponUseLimit {
	return upstream.CouponUseLimit{
		UseLimitInfoID: c.CouponID, LimitKey: key, Value1: v1, Value2: v2,
		LimitType: "=", PromotionPlanID: c.PromotionPlanID,
	}
}

var couponPlans = []couponPlan{
	{"New customer cash coupon", "Cash coupon for the first yearly/monthly order of a new customer", "All cloud services, yearly/monthly", []int{couponCash}, []int64{5, 10, 20, 50},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitFirstOrderInService, "1", ""),
				couponLimit(c, upstream.CouponLimitSubscribeType, "new", ""),
				couponLimit(c, upstream.CouponLimitUsageTimes, "1", ""),
			}
		}},
	{"ECS renewal coupon", "Cash coupon for renewing Elastic Cloud Servers", "ECS renewals", []int{couponCash}, []int64{20, 50, 100},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitServiceType, "hws.service.type.ec2", ""),
				couponLimit(c, upstream.CouponLimitSubscribeType, "renew", ""),
				couponLimit(c, upstream.CouponLimitSimultaneousUseWithDiscountCoupon, "1", ""),
			}
		}},
	{"Database migration voucher", "Cash coupon for RDS, GaussDB and DDS orders above USD 100", "Database services", []int{couponCash, couponDiscount}, []int64{50, 100, 200},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			svc := pick(g, "hws.service.type.rds", "hws.service.type.gaussdb", "hws.service.type.dds")
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitServiceType, svc, ""),
				couponLimit(c, upstream.CouponLimitBaseValue, "100", "100000"),
				couponLimit(c, upstream.CouponLimitCycleType, "2", ""),
			}
		}},
	{"Regional launch coupon", "Cash coupon for resources in a newly launched region", "One region", []int{couponCash, couponFlexi}, []int64{10, 30, 60},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			r := regions[g.IntN(len(regions))]
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitRegionCode, r.code, r.nameEN),
				couponLimit(c, upstream.CouponLimitUsageTimes, "0", ""),
			}
		}},
	{"Annual contract discount coupon", "Discount coupon for one-year yearly/monthly orders", "Yearly orders", []int{couponDiscount}, []int64{100, 300},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitIsForAnnualContracts, "1", ""),
				couponLimit(c, upstream.CouponLimitCycleType, "1", ""),
				couponLimit(c, upstream.CouponLimitUsageTimes, "1", ""),
				couponLimit(c, upstream.CouponLimitSimultaneousUseWithEmpowerDiscount, "0", ""),
			}
		}},
	{"Partner flexi-purchase coupon", "Flexi-purchase coupon issued by the partner", "All cloud services", []int{couponFlexi}, []int64{100, 500, 1000},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitIsRebate, pick(g, "0", "1"), ""),
				couponLimit(c, upstream.CouponLimitServiceTypeBlackList, "hws.service.type.offline", ""),
				couponLimit(c, upstream.CouponLimitMinConsumeDiscount, "0.7", ""),
				couponLimit(c, upstream.CouponLimitIsOnlyForStrictSelected, "0", ""),
			}
		}},
	{"Pay-per-use trial credit", "Cash coupon for pay-per-use usage of storage and CDN", "OBS and CDN pay-per-use", []int{couponCash}, []int64{5, 10, 25},
		func(g *gen, c *upstream.Coupon) []upstream.CouponUseLimit {
			return []upstream.CouponUseLimit{
				couponLimit(c, upstream.CouponLimitServiceType, pick(g, "hws.service.type.obs", "hws.service.type.cdn"), ""),
				couponLimit(c, upstream.CouponLimitCycleType, "5", ""),
				couponLimit(c, upstream.CouponLimitSimultaneousUseWithPromotionDiscount, "0", ""),
			}
		}},
}

// couponCount is how many coupons each kind of account holds (visible
// ones; a few more expired over a year ago and are never returned).
func couponCount(a *account) int {
	if a.Kind == kindMember || a.Kind == kindPartner {
		return 24
	}
	return 96
}

// couponUse is a paid order that a cash coupon paid part of: the orders
// domain draws such orders (a "301" discount line and coupon_amount on one
// item), and genCoupons turns them into the uses of the account's coupons,
// so a coupon's order_id names real orders and what it spent equals their
// coupon amounts.
type couponUse struct {
	ids    string // the order id, or the sub-order ids of a combined order joined by ","
	last   string // the id lock_order_id names
	paid   time.Time
	amount decimal.Decimal
}

// couponOrders returns the account's paid orders with a coupon deduction,
// most recently paid first, and the ids of its orders pending payment that
// can still be paid (which may hold a coupon frozen).
func couponOrders(a *account, now time.Time) (uses []couponUse, pending []string) {
	for _, o := range a.orders.list {
		switch {
		case o.status == ordStPendingPayment && (o.deadline.IsZero() || o.deadline.After(now)):
			pending = append(pending, o.id)
		case o.status == ordStCompleted && !o.paid.IsZero():
			amount := decimal.Zero
			for _, it := range o.items {
				amount = amount.Add(it.coupon)
			}
			if !amount.IsPositive() {
				continue
			}
			u := couponUse{ids: o.id, last: o.id, paid: o.paid, amount: amount}
			if len(o.subs) > 0 {
				var subs []string
				for _, sub := range o.subs {
					subs = append(subs, sub.id)
				}
				u.ids, u.last = strings.Join(subs, ","), subs[len(subs)-1]
			}
			uses = append(uses, u)
		}
	}
	sort.SliceStable(uses, func(i, j int) bool { return uses[i].paid.After(uses[j].paid) })
	return uses, pending
}

// genCoupons gives the account coupons of every type and status. The first
// twelve cover each (type, status) pair; the rest are drawn at random; six
// more expired over a year ago and are never returned. A coupon that has
// been spent names the seeded orders it paid for in order_id (";" between
// uses, "," between the sub-orders of a combined payment), and its face
// value minus its balance is what those orders took off with a coupon. A
// coupon to be used may be frozen by an order pending payment
// (lock_order_id).
func genCoupons(w *world, a *account, g *gen) {
	cg := &couponGen{g: g, a: a, now: g.now, n: couponCount(a)}
	cg.uses, cg.pending = couponOrders(a, g.now)
	cs := &a.coupons
	cs.byID = make(map[string]*coupon)
	const hidden = 6
	for i := range cg.n + hidden {
		cp := cg.coupon(i)
		cs.list = append(cs.list, cp)
		cs.byID[cp.CouponID] = cp
	}
	// Newest first.
	sortCoupons(cs.list)
}

// couponGen is the state of genCoupons: the seeded orders coupons may have
// paid for (newest first) and the orders pending payment that may freeze one.
type couponGen struct {
	g       *gen
	a       *account
	now     time.Time
	n       int // coupons returned; those from n on expired over a year ago
	uses    []couponUse
	pending []string
}

// kind returns the type and status of coupon i: the first twelve cover
// each (type, status) pair, the rest are drawn at random.
func (cg *couponGen) kind(i int) (typ, status int) {
	g := cg.g
	types := []int{couponCash, couponDiscount, couponFlexi}
	statuses := []int{couponToBeUsed, couponUsed, couponExpired, couponWithdrawn}
	switch {
	case i < 12:
		return types[i/4], statuses[i%4]
	case i < cg.n:
		typ = pick(g, couponCash, couponCash, couponCash, couponCash, couponDiscount, couponFlexi)
		status = pick(g, couponToBeUsed, couponToBeUsed, couponUsed, couponUsed, couponUsed, couponExpired, couponExpired, couponWithdrawn)
		return typ, status
	}
	return couponCash, couponExpired
}

// plan draws a promotion plan offering coupons of type typ.
func (cg *couponGen) plan(typ int) int {
	var plans []int
	for k, p := range couponPlans {
		if slices.Contains(p.types, typ) {
			plans = append(plans, k)
		}
	}
	return plans[cg.g.IntN(len(plans))]
}

// spend takes the orders coupon i paid for, oldest first: one to three for
// a used coupon, sometimes one for the others.
func (cg *couponGen) spend(i, status int) []couponUse {
	want := 0
	switch {
	case i >= cg.n:
	case i < 12: // the (type, status) pairs: keep orders for the used ones
		if status == couponUsed {
			want = 1
		}
	case status == couponUsed:
		want = cg.g.between(1, 3)
	case cg.g.IntN(3) == 0:
		want = 1
	}
	var spent []couponUse
	for len(spent) < want && len(cg.uses) > 0 {
		spent, cg.uses = append(spent, cg.uses[0]), cg.uses[1:]
	}
	slices.Reverse(spent)
	return spent
}

// dates returns when coupon i became valid and when it expires, on the hour.
func (cg *couponGen) dates(i, status int, spent []couponUse) (valid, expire time.Time) {
	g, now, day := cg.g, cg.now, 24*time.Hour
	switch {
	case i >= cg.n: // expired more than a year ago: kept, never returned
		expire = g.timeIn(now.Add(-3*365*day), now.Add(-366*day))
		valid = expire.Add(-time.Duration(g.between(30, 365)) * day)
	case len(spent) > 0:
		valid, expire = cg.spentDates(status, spent)
	case status == couponToBeUsed:
		valid = g.timeIn(now.Add(-300*day), now.Add(-day))
		expire = now.Add(time.Duration(g.between(10, 365)) * day)
	case status == couponExpired:
		expire = g.timeIn(now.Add(-360*day), now.Add(-day))
		valid = expire.Add(-time.Duration(g.between(30, 365)) * day)
	default: // withdrawn
		valid = g.timeIn(now.Add(-400*day), now.Add(-10*day))
		expire = valid.Add(time.Duration(g.between(60, 540)) * day)
	}
	valid, expire = valid.Truncate(time.Hour), expire.Truncate(time.Hour)
	if len(spent) > 0 {
		if last := spent[len(spent)-1].paid; !expire.After(last) {
			expire = last.Truncate(time.Hour).Add(time.Hour)
		}
	}
	return valid, expire
}

// spentDates are the dates of a coupon that paid for orders: valid before
// the first, expiring after the last.
func (cg *couponGen) spentDates(status int, spent []couponUse) (valid, expire time.Time) {
	g, now, day := cg.g, cg.now, 24*time.Hour
	first, last := spent[0].paid, spent[len(spent)-1].paid
	hr := func(lo, hi int) time.Duration { return time.Duration(g.between(lo, hi)) * time.Hour }
	valid = first.Add(-hr(1, 60*24))
	switch status {
	case couponToBeUsed:
		expire = now.Add(hr(10*24, 365*24))
	case couponUsed:
		expire = last.Add(hr(1, 365*24))
	case couponExpired:
		lo := last.Add(time.Hour)
		if lo.Before(now.Add(-360 * day)) {
			lo = now.Add(-360 * day)
		}
		expire = g.timeIn(lo, now.Add(-time.Hour))
		if !expire.After(last) {
			expire = last.Add(time.Minute)
		}
	default: // withdrawn
		expire = last.Add(hr(60*24, 540*24))
	}
	if status != couponToBeUsed && expire.Before(now.Add(-300*day)) {
		expire = now.Add(-time.Duration(g.between(1, 300)) * day) // still within the year BSS shows
	}
	return valid, expire
}

// face returns the face value and what the orders spent: a plan value
// above what the orders took, or just what they took for a used coupon.
func (cg *couponGen) face(plan couponPlan, status int, spent []couponUse) (face, used decimal.Decimal, orderIDs []string) {
	used = decimal.Zero.Round(2)
	for _, u := range spent {
		used = used.Add(u.amount)
		orderIDs = append(orderIDs, u.ids)
	}
	face = decimal.NewFromInt(plan.faces[cg.g.IntN(len(plan.faces))]).Round(2)
	switch {
	case status == couponUsed:
		face = used.Round(2)
	case face.LessThanOrEqual(used):
		face = used.Add(face).Round(2)
	}
	return face, used, orderIDs
}

// coupon generates coupon i. A used coupon with no order left to have
// paid for expired unused instead.
func (cg *couponGen) coupon(i int) *coupon {
	g, a := cg.g, cg.a
	typ, status := cg.kind(i)
	planIdx := cg.plan(typ)
	plan := couponPlans[planIdx]
	spent := cg.spend(i, status)
	if status == couponUsed && len(spent) == 0 {
		status = couponExpired
	}
	valid, expire := cg.dates(i, status, spent)
	created := valid.Add(-time.Duration(g.IntN(5*24*3600)) * time.Second)
	active := created.Add(time.Duration(g.IntN(2*24*3600)) * time.Second)
	face, used, orderIDs := cg.face(plan, status, spent)
	id := "CP" + created.In(gmt8).Format("060102150405") + strings.ToUpper(g.hexID(4))
	c := &upstream.Coupon{
		CouponID: id, CouponCode: id, Status: upstream.Int(status), CustomerID: a.ID,
		CouponType: upstream.Int(typ), MeasureID: muUSD, FaceValue: upstream.AmountOf(face),
		Balance:   upstream.AmountOf(face.Sub(used)),
		ValidTime: fmtTime(valid), ExpireTime: fmtTime(expire),
		PromotionPlanID: fmt.Sprintf("promotionPlanId%07d", 1000000+planIdx*7919+g.IntN(7919)),
		PlanName:        plan.nameEN, PlanDesc: plan.desc,
		MediaType:     upstream.Int(pick(g, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2)),
		FetchMethod:   upstream.Int(g.between(1, 5)),
		ActiveTime:    fmtTime(active),
		PromotionID:   "PM" + strings.ToUpper(g.hexID(12)),
		CreateTime:    fmtTime(created),
		CouponVersion: 2,
		CouponUsage:   plan.usage,
		IsFrozen:      "0",
		Currency:      "USD",
		OrderID:       strings.Join(orderIDs, ";"),
	}
	if len(spent) > 0 {
		c.ReserveTime = fmtTime(spent[len(spent)-1].paid)
		c.LockOrderID = spent[len(spent)-1].last
	}
	c.UseLimits = plan.limits(g, c)
	switch {
	case typ == couponFlexi && a.partner != nil, a.partner != nil && g.IntN(3) == 0:
		c.SourceID = a.partner.ID // issued by the associated partner
	case c.FetchMethod == 5:
		c.SourceID = "EVT" + g.hexID(16) // rewarded by an event
	case c.FetchMethod == 3:
		c.SourceID = g.hexID(32) // the creator of a customized coupon
	}
	cg.freeze(c, status)
	return &coupon{Coupon: *c, active: active, expire: expire}
}

// freeze freezes some coupons: to be used ones by an order waiting for
// payment, some withdrawn ones.
func (cg *couponGen) freeze(c *upstream.Coupon, status int) {
	if status == couponToBeUsed && len(cg.pending) > 0 && cg.g.IntN(8) == 0 {
		c.IsFrozen = "1"
		c.LockOrderID, cg.pending = cg.pending[0], cg.pending[1:]
	}
	if status == couponWithdrawn && cg.g.IntN(2) == 0 {
		c.IsFrozen = "1"
	}
}

func sortCoupons(list []*coupon) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreateTime > list[j].CreateTime })
}

// visible reports whether BSS still returns c: coupons that expired more
// than a year ago are not returned (§6.1.1).
func (c *coupon) visible(now time.Time) bool {
	return !c.expire.Before(now.AddDate(-1, 0, 0))
}

// usable returns what is left on coupon id when it can pay an order at now.
func (cs *couponState) usable(id string, now time.Time) (decimal.Decimal, bool) {
	c, ok := cs.byID[id]
	if !ok || c.Status != couponToBeUsed || c.IsFrozen == "1" || now.Before(couponTime(c.ValidTime)) || !now.Before(c.expire) {
		return decimal.Zero, false
	}
	return c.Balance.Decimal, true
}

// redeem spends up to want of coupon id on orderID at now and returns what
// it took. It fails (ok false, nothing changed) when the coupon does not
// exist, is not to be used, is frozen, is not yet valid or has expired.
// Only mutation handlers (order payment) may call it.
func (cs *couponState) redeem(id, orderID string, want decimal.Decimal, now time.Time) (decimal.Decimal, bool) {
	if _, ok := cs.usable(id, now); !ok {
		return decimal.Zero, false
	}
	c := cs.byID[id]
	take := decimal.Min(want, c.Balance.Decimal)
	c.Balance = upstream.AmountOf(c.Balance.Sub(take))
	if c.OrderID == "" {
		c.OrderID = orderID
	} else {
		c.OrderID += ";" + orderID
	}
	c.LockOrderID = orderID
	c.ReserveTime = fmtTime(now)
	if !c.Balance.IsPositive() {
		c.Status = couponUsed
	}
	return take, true
}

func couponTime(s string) time.Time {
	t, _ := time.Parse(utcLayout, s)
	return t
}

// listCoupons answers 6.1.1.
func (s *Server) listCoupons(a *account, r *request) (any, error) {
	q := r.query()
	for _, p := range []struct {
		name string
		max  int
	}{{"coupon_id", 64}, {"order_id", 64}, {"promotion_plan_id", 64}, {"source_id", 255}, {"active_start_time", 64}, {"active_end_time", 64}} {
		if err := catCheckLen(p.name, q.Get(p.name), p.max); err != nil {
			return nil, err
		}
	}
	couponType, err := r.intParam("coupon_type", 0, 1, 4)
	if err != nil {
		return nil, err
	}
	status, err := r.intParam("status", 0, 1, 5)
	if err != nil {
		return nil, err
	}
	offset, limit, err := r.pageParams(2147483647, 100)
	if err != nil {
		return nil, err
	}
	var from, to time.Time
	if _, ok := q["active_start_time"]; ok {
		if from, err = parseTime("active_start_time", q.Get("active_start_time")); err != nil {
			return nil, err
		}
	}
	if _, ok := q["active_end_time"]; ok {
		if to, err = parseTime("active_end_time", q.Get("active_end_time")); err != nil {
			return nil, err
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return nil, badParam("active_end_time must not be before active_start_time")
	}
	couponID, orderID, planID := q.Get("coupon_id"), q.Get("order_id"), q.Get("promotion_plan_id")
	_, bySource := q["source_id"] // source_id="" is a filter of its own (Table 6-1)
	source := q.Get("source_id")

	var hits []*coupon
	for _, c := range a.coupons.list {
		switch {
		case !c.visible(r.now),
			couponID != "" && c.CouponID != couponID,
			planID != "" && c.PromotionPlanID != planID,
			couponType != 0 && int(c.CouponType) != couponType,
			status != 0 && int(c.Status) != status,
			bySource && c.SourceID != source,
			!from.IsZero() && c.active.Before(from),
			!to.IsZero() && c.active.After(to),
			orderID != "" && !couponNamesOrder(c, orderID):
			continue
		}
		hits = append(hits, c)
	}
	coupons := pageViews(hits, offset, limit, func(c *coupon) upstream.Coupon {
		cp := c.Coupon
		cp.UseLimits = append([]upstream.CouponUseLimit{}, c.UseLimits...)
		return cp
	})
	return &upstream.CouponPage{TotalCount: upstream.Int(len(hits)), Coupons: coupons}, nil
}

// couponNamesOrder reports whether c names orderID in order_id or
// lock_order_id.
func couponNamesOrder(c *coupon, orderID string) bool {
	if c.LockOrderID == orderID {
		return true
	}
	for _, id := range c.OrderIDs() {
		if id == orderID {
			return true
		}
	}
	return false
}
