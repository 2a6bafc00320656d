// Seeding of the yearly/monthly resources and the orders that created
// them: deterministic histories of purchases, renewals, changes and
// unsubscriptions, priced from products.go.

package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ---- seeding ----

// genResourcesAndOrders seeds an account's yearly/monthly orders and the
// resources its completed purchases provisioned. Exactly sz.Orders
// top-level orders are made (sub-orders of combined orders come on top) and
// sz.Resources provisioned resources (more only when there are more
// purchases than resources).
//
// Every resource has a history of paid periods: the purchase and any
// renewals (or commercial use after a trial), whose orders exist and whose
// line items price the resource with periodPrice. Its status follows from
// that history and the clock: in effect (2), expired in the grace period
// (5), frozen in the retention period or for security (4), or closed (3)
// after deletion, unsubscription or conversion to pay-per-use. Changes,
// unsubscriptions, conversions, pending and cancelled renewals are then
// placed on resources whose history allows them at that time.
func genResourcesAndOrders(w *world, a *account, sz Sizes, g *gen) {
	a.orders = orderState{byID: map[string]*order{}}
	a.resources = resourceState{byID: map[string]*resource{}}
	a.orders.byID = make(map[string]*order, sz.Orders*5/4)
	a.resources.byID = make(map[string]*resource, sz.Resources)
	b := &ymBuilder{
		a: a, g: g, now: w.now,
		earliest:   w.now.AddDate(0, -max(6, sz.Months), 0).Add(ymDay),
		projectIDs: map[string]string{},
		resIDs:     make(map[string]bool, sz.Resources*5/4),
		batchOf:    make(map[*resource]*ymBatch, sz.Resources),
		busy:       map[*resource]bool{},
		prices:     map[ymPriceKey]decimal.Decimal{},
	}
	b.ids = ordIDMaker{g: g, used: a.orders.byID}
	for _, reg := range regions {
		b.projectIDs[reg.code] = g.hexID(32)
	}
	b.internal = 100000000 + g.IntN(300000000)
	b.run(sz.Orders, sz.Resources)
}

// Chain classes: what the history of a purchase looks like by now.
const (
	ymLive        = iota // in effect within its first period
	ymLiveRenewed        // in effect after renewals
	ymExpiredNow         // expired 4–10 days ago: grace period
	ymRetention          // expired 19–25 days ago: retention period
	ymRecent             // expired within the last 40 days
	ymOld                // expired long ago
)

// ymChain is the paid history of a purchase: period j runs from start(j)
// to ends[j] and was paid by an order created at at[j] (at[0] is the
// purchase; later ones are renewals or commercial use).
type ymChain struct {
	t0      time.Time
	periods []ymPeriod
	ends    []time.Time
	at      []time.Time
	paid    time.Time // payment of the last order of the chain
}

func (c *ymChain) start(j int) time.Time {
	if j == 0 {
		return c.t0
	}
	return c.ends[j-1]
}

func (c *ymChain) end() time.Time { return c.ends[len(c.ends)-1] }

// ymBatch is what one purchase provisioned.
type ymBatch struct {
	order   *order
	prims   []*resource
	chain   ymChain
	project enterpriseProject
	trial   bool
}

// ymPlan is one order to seed.
type ymPlan struct {
	typ, status    int
	combined, down bool
}

type ymBuilder struct {
	a             *account
	g             *gen
	ids           ordIDMaker
	now, earliest time.Time
	projectIDs    map[string]string
	internal      int
	resIDs        map[string]bool
	top           []*order
	batches       []*ymBatch
	prims         []*resource
	batchOf       map[*resource]*ymBatch
	busy          map[*resource]bool // primaries with a change, unsubscription or conversion
	renewals      int                // budgets of the orders the histories make
	commercial    int
	toOnDemand    int
	prices        map[ymPriceKey]decimal.Decimal
}

type ymPriceKey struct {
	p              *product
	region         string
	size, typ, num int
}

// price is periodPrice, cached: seeding prices the same few products over
// and over.
func (b *ymBuilder) price(p *product, reg region, size int, per ymPeriod) decimal.Decimal {
	k := ymPriceKey{p, reg.code, size, per.typ, per.num}
	v, ok := b.prices[k]
	if !ok {
		v = periodPrice(p, reg, size, per.typ, per.num)
		b.prices[k] = v
	}
	return v
}

// ymMandatory are the orders every account has (as far as its size goes),
// so every type and status is present even in small accounts; the first
// matter most.
var ymMandatory = []ymPlan{
	{typ: 1, status: 5}, {typ: 1, status: 5, combined: true}, {typ: 1, status: 6}, {typ: 4, status: 5},
	{typ: 2, status: 6}, {typ: 1, status: 4}, {typ: 3, status: 5}, {typ: 3, status: 5, down: true},
	{typ: 10, status: 5}, {typ: 11, status: 5}, {typ: 13, status: 5}, {typ: 14, status: 5},
	{typ: 15, status: 5}, {typ: 1, status: 3}, {typ: 15, status: 1}, {typ: 1, status: 9},
	{typ: 4, status: 2}, {typ: 2, status: 4}, {typ: 1, status: 6, combined: true},
	{typ: 1, status: 10}, {typ: 1, status: 11}, {typ: 1, status: 12}, {typ: 1, status: 13}, {typ: 1, status: 1},
}

// ymMix is the share (per mille) of each kind of order, completed renewals
// aside: they take the rest as the histories need them.
var ymMix = []struct {
	plan ymPlan
	pm   int
}{
	{ymPlan{typ: 1, status: 5}, 280}, {ymPlan{typ: 1, status: 5, combined: true}, 25},
	{ymPlan{typ: 11, status: 5}, 30}, {ymPlan{typ: 13, status: 5}, 20}, {ymPlan{typ: 14, status: 5}, 15},
	{ymPlan{typ: 15, status: 5}, 15}, {ymPlan{typ: 1, status: 6}, 35}, {ymPlan{typ: 1, status: 6, combined: true}, 6},
	{ymPlan{typ: 1, status: 4}, 50}, {ymPlan{typ: 2, status: 4}, 25}, {ymPlan{typ: 2, status: 6}, 25},
	{ymPlan{typ: 4, status: 5}, 70}, {ymPlan{typ: 4, status: 2}, 8}, {ymPlan{typ: 3, status: 5}, 28},
	{ymPlan{typ: 3, status: 5, down: true}, 12}, {ymPlan{typ: 10, status: 5}, 20}, {ymPlan{typ: 1, status: 3}, 8},
	{ymPlan{typ: 15, status: 1}, 8}, {ymPlan{typ: 1, status: 1}, 5}, {ymPlan{typ: 1, status: 9}, 8},
	{ymPlan{typ: 1, status: 10}, 2}, {ymPlan{typ: 1, status: 11}, 2}, {ymPlan{typ: 1, status: 12}, 2}, {ymPlan{typ: 1, status: 13}, 2},
}

// plan returns the orders to seed besides completed renewals.
func (b *ymBuilder) plan(n int) []ymPlan {
	plans := slices.Clone(ymMandatory[:min(n, len(ymMandatory))])
	have := map[ymPlan]int{}
	for _, p := range plans {
		have[p]++
	}
	for _, m := range ymMix {
		want := (n*m.pm + 500) / 1000
		for range want - have[m.plan] {
			plans = append(plans, m.plan)
		}
	}
	if len(plans) > n {
		plans = plans[:n]
	}
	return plans
}

func (b *ymBuilder) run(n, nres int) {
	plans := b.plan(n)
	b.renewals = n - len(plans)
	trials, creating, rest := b.sortPlans(plans)
	b.purchases(trials, creating, nres)
	// Conversions to pay-per-use the histories did not make.
	for b.toOnDemand > 0 && b.scan(func(prim *resource) bool {
		if b.busy[prim] || prim.trial || !prim.expire.Before(b.now) || prim.Status == resProvisioned {
			return false
		}
		b.convert(prim)
		return true
	}) {
	}
	filler := 0
	for _, p := range rest {
		if !b.event(p) {
			filler++
		}
	}
	// Budgets the histories left unused become cancelled purchases, so the
	// account has exactly n orders.
	filler += b.renewals + b.commercial + b.toOnDemand
	for range filler {
		b.unprovisioned(ymPlan{typ: ordTyNewPurchase, status: ordStCancelled})
	}
	b.finish()
}

// sortPlans sorts the planned orders: completed trials and purchases that
// create resources, the conversions counted as budgets, and the rest.
func (b *ymBuilder) sortPlans(plans []ymPlan) (trials, creating, rest []ymPlan) {
	for _, p := range plans {
		switch {
		case p.status != ordStCompleted:
			rest = append(rest, p)
		case p.typ == ordTyTrial:
			trials = append(trials, p)
		case p.typ == ordTyNewPurchase || p.typ == ordTyToPeriodic || p.typ == ordTyPriceAdjust:
			creating = append(creating, p)
		case p.typ == ordTyCommercial:
			b.commercial++
		case p.typ == ordTyToOnDemand:
			b.toOnDemand++
		default:
			rest = append(rest, p)
		}
	}
	return trials, creating, rest
}

// purchases makes the trials and the purchases, sharing nres resources
// among them; the first purchases get the histories every account should
// show.
func (b *ymBuilder) purchases(trials, creating []ymPlan, nres int) {
	forced := []int{ymLiveRenewed, ymExpiredNow, ymRetention, ymOld, ymLive}
	tail := creating[min(len(creating), len(forced)):]
	b.g.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	all := append(trials, creating...)
	used := 0
	for i, p := range all {
		left, remaining := len(all)-i, nres-used
		want := 1
		switch {
		case p.typ == ordTyTrial:
		case i == len(all)-1:
			want = max(1, remaining)
		default:
			avg := float64(remaining) / float64(left)
			want = int(avg*(0.4+1.2*b.g.Float64()) + 0.5)
			want = min(max(1, want), max(1, remaining-(left-1)))
		}
		var cls int
		if k := i - len(trials); k >= 0 && k < len(forced) {
			cls = forced[k]
		} else {
			cls = b.randClass()
		}
		used += b.purchase(p, want, cls)
	}
}

// randClass draws the history of a purchase past the forced ones.
func (b *ymBuilder) randClass() int {
	switch x := b.g.IntN(100); {
	case x < 38:
		return ymLiveRenewed
	case x < 46:
		return ymRecent
	case x < 66:
		return ymOld
	}
	return ymLive
}

func (b *ymBuilder) finish() {
	slices.SortStableFunc(b.top, func(x, y *order) int {
		if c := x.created.Compare(y.created); c != 0 {
			return c
		}
		return strings.Compare(x.id, y.id)
	})
	b.a.orders.list = b.top
	slices.SortStableFunc(b.batches, func(x, y *ymBatch) int { return x.chain.t0.Compare(y.chain.t0) })
	for _, bt := range b.batches {
		for _, prim := range bt.prims {
			for _, res := range prim.unit() {
				b.a.resources.list = append(b.a.resources.list, res)
				b.a.resources.byID[res.ResourceID] = res
			}
		}
	}
}

// ---- random choices ----

var ymServiceWeights = []struct {
	code string
	w    int
}{
	{"hws.service.type.ec2", 28}, {"hws.service.type.ebs", 14}, {"hws.service.type.vpc", 12},
	{"hws.service.type.rds", 9}, {"hws.service.type.dcs", 6}, {"hws.service.type.dds", 4},
	{"hws.service.type.cce", 5}, {"hws.service.type.elb", 5}, {"hws.service.type.nat", 4},
	{"hws.service.type.waf", 3}, {"hws.service.type.vpn", 3}, {"hws.service.type.css", 3},
	{"hws.service.type.gaussdb", 2},
}

var ymRegionWeights = []int{30, 12, 25, 8, 8, 7, 10} // in the order of regions

func (b *ymBuilder) pickService() string {
	total := 0
	for _, s := range ymServiceWeights {
		total += s.w
	}
	x := b.g.IntN(total)
	for _, s := range ymServiceWeights {
		if x < s.w {
			return s.code
		}
		x -= s.w
	}
	return ymServiceWeights[0].code
}

func (b *ymBuilder) pickRegion() region {
	x := b.g.IntN(100)
	for i, w := range ymRegionWeights {
		if x < w && i < len(regions) {
			return regions[i]
		}
		x -= w
	}
	return regions[0]
}

func (b *ymBuilder) pickProject() enterpriseProject {
	ps := b.a.enterprise.projects
	if len(ps) == 0 {
		return defaultProject
	}
	if len(ps) == 1 || b.g.IntN(10) < 3 {
		return ps[0]
	}
	return ps[1+b.g.IntN(len(ps)-1)]
}

func (b *ymBuilder) pickSize(p *product) int {
	if !p.linear {
		return 0
	}
	var n int
	if p.sizeMeasure == 15 {
		n = pick(b.g, 1, 2, 5, 5, 10, 20, 50, 100, 200)
	} else {
		n = pick(b.g, 10, 20, 40, 50, 100, 100, 200, 300, 500, 1000, 2000)
	}
	return min(max(n, p.minSize), p.maxSize)
}

// pickPolicy draws an expire_policy.
func (b *ymBuilder) pickPolicy() int {
	switch x := b.g.IntN(100); {
	case x < 35:
		return 0
	case x < 60:
		return 3
	case x < 72:
		return 1
	case x < 80:
		return 4
	case x < 90:
		return 2
	}
	return 5
}

func (b *ymBuilder) randPeriod() ymPeriod {
	switch x := b.g.IntN(100); {
	case x < 30:
		return ymPeriod{periodMonth, 1}
	case x < 38:
		return ymPeriod{periodMonth, 3}
	case x < 48:
		return ymPeriod{periodMonth, 6}
	case x < 55:
		return ymPeriod{periodMonth, b.g.between(2, 11)}
	case x < 85:
		return ymPeriod{periodYear, 1}
	case x < 93:
		return ymPeriod{periodYear, 2}
	}
	return ymPeriod{periodYear, 3}
}

func (b *ymBuilder) renewPeriod() ymPeriod {
	switch x := b.g.IntN(100); {
	case x < 40:
		return ymPeriod{periodMonth, 1}
	case x < 50:
		return ymPeriod{periodMonth, 3}
	case x < 60:
		return ymPeriod{periodMonth, 6}
	case x < 95:
		return ymPeriod{periodYear, 1}
	}
	return ymPeriod{periodYear, 2}
}

func (b *ymBuilder) delay(lo, hi int) time.Duration {
	return time.Duration(b.g.between(lo, hi)) * time.Second
}

func maxTime(ts ...time.Time) time.Time {
	m := ts[0]
	for _, t := range ts[1:] {
		if t.After(m) {
			m = t
		}
	}
	return m
}

func minTime(ts ...time.Time) time.Time {
	m := ts[0]
	for _, t := range ts[1:] {
		if t.Before(m) {
			m = t
		}
	}
	return m
}

// ---- histories ----

// forward lays periods end to end from t0. Each renewal is ordered up to 25
// days before the period it pays for starts, after the previous order and
// before now; one that cannot be placed ends the history there.
func (b *ymBuilder) forward(t0 time.Time, periods []ymPeriod) ymChain {
	c := ymChain{t0: t0, at: []time.Time{t0.Add(-b.delay(10, 1800))}}
	start := t0
	for j, p := range periods {
		if j > 0 {
			lo := maxTime(start.Add(-25*ymDay), c.at[j-1].Add(time.Hour), t0.Add(time.Hour))
			hi := minTime(start.Add(-time.Hour), b.now.Add(-time.Hour))
			if !lo.Before(hi) {
				break
			}
			c.at = append(c.at, b.g.timeIn(lo, hi))
		}
		c.periods = append(c.periods, p)
		c.ends = append(c.ends, p.after(start))
		start = c.ends[j]
	}
	return c
}

// chain draws the history of a purchase of class cls.
func (b *ymBuilder) chain(cls int) ymChain {
	var c ymChain
	ok := false
	switch cls {
	case ymLiveRenewed:
		c, ok = b.renewedChain()
	case ymExpiredNow, ymRetention, ymRecent:
		c, ok = b.expiredChain(cls), true
	case ymOld:
		c, ok = b.oldChain()
	}
	if ok {
		return c
	}
	// In effect within its first period (and the fallback of the others).
	g, now := b.g, b.now
	p := b.randPeriod()
	span := min(p.minLen()-ymDay, now.Sub(b.earliest))
	return b.forward(now.Add(-time.Hour-time.Duration(g.Int64N(int64(span/time.Second)))*time.Second), []ymPeriod{p})
}

// renewedChain is a chain renewed one to three times and still in effect,
// when the renewal budget and the account's age allow one.
func (b *ymBuilder) renewedChain() (ymChain, bool) {
	g, now := b.g, b.now
	if b.renewals <= 0 {
		return ymChain{}, false
	}
	r := 1 + g.IntN(min(3, b.renewals))
	ps := []ymPeriod{b.randPeriod()}
	for range r {
		ps = append(ps, b.renewPeriod())
	}
	var tmin, before time.Duration
	for j, p := range ps {
		tmin += p.minLen()
		if j < r {
			before += p.maxLen()
		}
	}
	lo := maxTime(now.Add(-tmin+ymDay), b.earliest)
	hi := minTime(now.Add(20*ymDay-before), now.Add(-ymDay))
	if lo.Before(hi) {
		if c := b.forward(g.timeIn(lo, hi), ps); len(c.periods) > 1 && c.end().After(now) {
			b.renewals -= len(c.periods) - 1
			return c, true
		}
	}
	return ymChain{}, false
}

// expiredChain is a chain that ended a few days ago: 4 to 10 (expired
// now), 19 to 25 (in the retention period) or 1 to 40 (recent).
func (b *ymBuilder) expiredChain(cls int) ymChain {
	g, now := b.g, b.now
	from, to := 1, 40
	if cls == ymExpiredNow {
		from, to = 4, 10
	} else if cls == ymRetention {
		from, to = 19, 25
	}
	target := now.Add(-time.Duration(g.between(from, to)) * ymDay)
	ps := []ymPeriod{b.randPeriod()}
	if b.renewals > 0 && g.IntN(3) == 0 {
		ps = append(ps, b.renewPeriod())
	}
	for {
		t := target
		for j := len(ps) - 1; j >= 0; j-- {
			t = ps[j].before(t)
		}
		t = t.Add(-b.delay(0, 18*3600))
		if !t.Before(b.earliest) || len(ps) == 1 && ps[0] == (ymPeriod{periodMonth, 1}) {
			c := b.forward(maxTime(t, b.earliest), ps)
			b.renewals -= len(c.periods) - 1
			return c
		}
		ps = []ymPeriod{{periodMonth, 1}}
	}
}

// oldChain is a chain that ended over 40 days ago, when the account is old
// enough for one.
func (b *ymBuilder) oldChain() (ymChain, bool) {
	g, now := b.g, b.now
	ps := []ymPeriod{b.randPeriod()}
	for len(ps) < 3 && b.renewals > len(ps)-1 && g.IntN(3) == 0 {
		ps = append(ps, b.renewPeriod())
	}
	var tmax time.Duration
	for _, p := range ps {
		tmax += p.maxLen()
	}
	hi := now.Add(-tmax - 41*ymDay)
	if !b.earliest.Before(hi) {
		ps = []ymPeriod{{periodMonth, g.between(1, 2)}}
		hi = now.Add(-ps[0].maxLen() - 41*ymDay)
	}
	if !b.earliest.Before(hi) {
		return ymChain{}, false
	}
	c := b.forward(g.timeIn(b.earliest, hi), ps)
	b.renewals -= len(c.periods) - 1
	return c, true
}

// trialChain draws the history of a trial: one free month, then commercial
// use (order type 14) for a period if the budget allows.
func (b *ymBuilder) trialChain() ymChain {
	c := b.forward(b.g.timeIn(b.earliest, b.now.Add(-2*ymDay)), []ymPeriod{{periodMonth, 1}})
	if b.commercial > 0 {
		lo, hi := c.t0.Add(ymDay), minTime(c.ends[0], b.now).Add(-time.Hour)
		if lo.Before(hi) {
			p := b.randPeriod()
			c.at = append(c.at, b.g.timeIn(lo, hi))
			c.periods = append(c.periods, p)
			c.ends = append(c.ends, p.after(c.ends[0]))
			b.commercial--
		}
	}
	return c
}

// ---- orders ----

func (b *ymBuilder) newOrder(typ, status int, created time.Time, service string) *order {
	o := &order{id: b.ids.orderID(created), customerID: b.a.ID, serviceType: service, status: status, orderType: typ, created: created}
	switch x := b.g.IntN(100); {
	case x < 80:
		o.sourceType, o.userName = 1, b.a.Name
	case x < 90:
		o.sourceType, o.userName = 2, "Operation personnel"
	case x < 97:
		o.sourceType, o.userName = 3, "Operation personnel"
		o.contractID = "CT" + created.In(gmt8).Format("060102") + strings.ToUpper(b.g.hexID(8))
	default:
		o.sourceType, o.userName = 4, "Operation personnel"
	}
	b.a.orders.byID[o.id] = o
	b.top = append(b.top, o)
	return o
}

// customerPlaced makes o an order the customer placed itself.
func (b *ymBuilder) customerPlaced(o *order) {
	o.sourceType, o.userName, o.contractID = 1, b.a.Name, ""
}

// subsFor splits o into a combined order of 2 or 3 sub-orders of distinct
// services, the first of o's own.
func (b *ymBuilder) subsFor(o *order) []*order {
	svcs := []string{o.serviceType}
	for k := b.g.between(2, 3); len(svcs) < k; {
		if s := b.pickService(); !slices.Contains(svcs, s) {
			svcs = append(svcs, s)
		}
	}
	for _, svc := range svcs {
		s := &order{
			id: b.ids.orderID(o.created), customerID: o.customerID, parent: o, serviceType: svc,
			sourceType: o.sourceType, status: o.status, orderType: o.orderType, created: o.created,
			paid: o.paid, deadline: o.deadline, contractID: o.contractID, userName: o.userName,
			projects: o.projects, period: o.period,
		}
		o.subs = append(o.subs, s)
		b.a.orders.byID[s.id] = s
	}
	return o.subs
}

var ymRatios = map[string]decimal.Decimal{}

func ymRatio(s string) decimal.Decimal {
	r, ok := ymRatios[s]
	if !ok {
		r = decimal.RequireFromString(s)
	}
	return r
}

func init() {
	for _, s := range []string{"0.8", "0.85", "0.9", "0.92", "0.95", "0.97"} {
		ymRatios[s] = decimal.RequireFromString(s)
	}
}

// discount applies a drawn discount (and maybe a cash coupon) to the items
// of a paid order.
func (b *ymBuilder) discount(o *order) {
	code, ratio := "", ""
	if o.orderType == ordTyPriceAdjust {
		code, ratio = "609", "0.8"
	} else {
		switch x := b.g.IntN(100); {
		case x < 55:
		case x < 80:
			code, ratio = "700", pick(b.g, "0.95", "0.9", "0.85")
		case x < 86:
			code, ratio = "200", "0.9"
		case x < 92:
			code, ratio = "605", "0.92"
		case x < 96:
			code, ratio = "607", "0.95"
		default:
			code, ratio = "800", "0.97"
		}
	}
	if code != "" {
		r := ymRatio(ratio)
		for _, it := range o.items {
			it.discount(code, r)
		}
	}
	if b.g.IntN(100) < 12 {
		var best *ordItem
		for _, it := range o.items {
			if best == nil || it.after.GreaterThan(best.after) {
				best = it
			}
		}
		v := decimal.New(int64(pick(b.g, 5, 10, 20, 50))*10, -1)
		if best != nil && best.after.GreaterThanOrEqual(v) {
			best.after = best.after.Sub(v)
			best.coupon = v
			best.discounts = append(best.discounts, ordDiscountLine{"301", v})
		}
	}
}

// ymPrice is the list price of res for a period.
func (b *ymBuilder) ymPrice(res *resource, p ymPeriod) decimal.Decimal {
	return b.price(res.product, res.region, res.size, p)
}

// purchase seeds a completed purchase of about want resources with history
// cls and returns how many resources it provisioned.
func (b *ymBuilder) purchase(p ymPlan, want, cls int) int {
	g := b.g
	trial := p.typ == ordTyTrial
	var c ymChain
	if trial {
		c = b.trialChain()
	} else {
		c = b.chain(cls)
	}
	reg, proj := b.pickRegion(), b.pickProject()
	o := b.newOrder(p.typ, ordStCompleted, c.at[0], b.pickService())
	o.paid, o.period, o.projects = c.t0, c.periods[0], []enterpriseProject{proj}
	subs := []*order{o}
	if p.combined {
		subs = b.subsFor(o)
	}
	bt := &ymBatch{order: o, chain: c, project: proj, trial: trial}
	main := map[*order]*product{}
	for count, i := 0, 0; count < want; i++ {
		sub := subs[i%len(subs)]
		pr := main[sub]
		if pr == nil || g.IntN(5) == 0 {
			pr = pick(g, ymPrimaries[sub.serviceType]...)
			if main[sub] == nil {
				main[sub] = pr
			}
		}
		if !trial && ymUnitSize(pr) > want-count {
			pr = b.fitting(sub.serviceType, want-count)
		}
		prim := b.newUnit(pr, reg, b.pickSize(pr), proj)
		bt.prims = append(bt.prims, prim)
		for _, res := range prim.unit() {
			price := b.ymPrice(res, c.periods[0])
			if trial {
				price = ymZero2
			}
			it := ordNewItem(sub, res.product, reg, res.size, c.periods[0], c.t0, c.ends[0], price)
			it.res = res
			o.resources = append(o.resources, res)
			if sub != o {
				sub.resources = append(sub.resources, res)
			}
		}
		count += len(prim.unit())
		if trial {
			break
		}
	}
	if !trial {
		b.discount(o)
	}
	for _, prim := range bt.prims {
		for _, res := range prim.unit() {
			res.orderID = o.id
			res.addPeriod(o, c.t0, c.ends[0])
		}
	}
	bt.chain.paid = c.t0
	// Renewals, or commercial use after a trial.
	for j := 1; j < len(c.periods); j++ {
		typ := ordTyRenewal
		if trial {
			typ = ordTyCommercial
		}
		ro := b.newOrder(typ, ordStCompleted, c.at[j], o.serviceType)
		if typ == ordTyRenewal && g.IntN(5) < 2 {
			ro.sourceType, ro.userName, ro.contractID = 1, "Operation system", "" // auto-renewal
		}
		ro.paid, ro.period, ro.projects = c.at[j].Add(b.delay(5, 600)), c.periods[j], o.projects
		for _, prim := range bt.prims {
			for _, res := range prim.unit() {
				ordNewItem(ro, res.product, reg, res.size, c.periods[j], c.start(j), c.ends[j], b.ymPrice(res, c.periods[j])).res = res
				ro.resources = append(ro.resources, res)
			}
		}
		b.discount(ro)
		for _, res := range ro.resources {
			res.addPeriod(ro, c.start(j), c.ends[j])
		}
		bt.chain.paid = ro.paid
	}
	for _, prim := range bt.prims {
		b.batchOf[prim] = bt
		b.settle(bt, prim)
	}
	b.batches = append(b.batches, bt)
	b.prims = append(b.prims, bt.prims...)
	n := 0
	for _, prim := range bt.prims {
		n += len(prim.unit())
	}
	return n
}

// fitting returns a primary of service (or else a single disk) whose unit
// has at most n resources.
func (b *ymBuilder) fitting(service string, n int) *product {
	var fit []*product
	for _, p := range ymPrimaries[service] {
		if ymUnitSize(p) <= n {
			fit = append(fit, p)
		}
	}
	if len(fit) == 0 {
		for _, p := range ymPrimaries["hws.service.type.ebs"] {
			if ymUnitSize(p) <= n {
				fit = append(fit, p)
			}
		}
	}
	return pick(b.g, fit...)
}

// settle gives a primary and its attached resources their policy, status
// and times from the history.
func (b *ymBuilder) settle(bt *ymBatch, prim *resource) {
	c := &bt.chain
	e := c.end()
	trial := bt.trial && len(c.periods) == 1
	policy := b.pickPolicy()
	if trial {
		policy = pick(b.g, 0, 2)
	}
	status, security, convert := resProvisioned, false, false
	switch age := b.now.Sub(e); {
	case age < 0:
		if b.g.IntN(40) == 0 {
			status, security = resFrozen, true
		}
	case policy == 1 && b.toOnDemand > 0:
		convert = true
	default:
		if policy == 1 {
			policy = 0
		}
		switch {
		case policy == 2:
			status = resClosed
		case policy == 4 && age <= 30*ymDay:
			status = resFrozen
		case policy != 4 && age < 15*ymDay:
			status = resExpired
		case policy != 4 && age < 30*ymDay:
			status = resFrozen
		default:
			status = resClosed
		}
	}
	updated := c.paid
	if status == resClosed {
		// Deleted at expiry (policy 2) or at the end of the retention period.
		updated = e
		if policy != 2 {
			updated = minTime(e.Add(time.Duration(b.g.between(15, 30))*ymDay), b.now.Add(-time.Hour))
		}
	}
	for _, res := range prim.unit() {
		res.ExpirePolicy, res.Status, res.securityFrozen, res.trial = policy, status, security, trial
		res.effective, res.expire, res.updated = c.t0, e, updated
		res.sync()
	}
	if convert {
		b.convert(prim)
	}
}

// convert closes a primary that expired with policy 1, recording the
// conversion to pay-per-use (order type 10).
func (b *ymBuilder) convert(prim *resource) {
	e := prim.expire
	at := minTime(e.Add(b.delay(60, 3600)), b.now.Add(-time.Second))
	o := b.newOrder(ordTyToOnDemand, ordStCompleted, at, prim.ServiceTypeCode)
	o.sourceType, o.userName, o.contractID = 1, "Operation system", ""
	o.projects = b.batchOf[prim].projectList()
	per := prim.periods[len(prim.periods)-1].period
	for _, res := range prim.unit() {
		ordNewItem(o, res.product, res.region, res.size, ymPeriod{per.typ, 0}, e, e, ymZero2).res = res
		o.resources = append(o.resources, res)
		res.Status, res.ExpirePolicy, res.updated = resClosed, 1, at
		res.sync()
	}
	b.toOnDemand--
	b.busy[prim] = true
}

func (bt *ymBatch) projectList() []enterpriseProject {
	if bt == nil {
		return []enterpriseProject{defaultProject}
	}
	return []enterpriseProject{bt.project}
}

// scan calls fn on the primaries from a random one on until it returns true.
func (b *ymBuilder) scan(fn func(*resource) bool) bool {
	n := len(b.prims)
	if n == 0 {
		return false
	}
	s := b.g.IntN(n)
	for i := range n {
		if fn(b.prims[(s+i)%n]) {
			return true
		}
	}
	return false
}

// event seeds one order that concerns existing resources, or one that
// provisioned none; false if no resource allows it.
func (b *ymBuilder) event(p ymPlan) bool {
	switch {
	case p.typ == ordTyUnsubscribe:
		return b.genUnsubscribe(p.status)
	case p.typ == ordTyChange:
		return b.genChange(p.down)
	case p.typ == ordTyRenewal && p.status == ordStPendingPayment:
		return b.genPendingRenewal()
	case p.typ == ordTyRenewal:
		return b.genCancelledRenewal()
	}
	return b.unprovisioned(p)
}

func (b *ymBuilder) genUnsubscribe(status int) bool {
	return b.scan(func(prim *resource) bool {
		if b.busy[prim] || prim.trial || prim.Status == resClosed || prim.pendingOrder != "" {
			return false
		}
		lo := maxTime(prim.updated, prim.effective).Add(ymDay)
		hi := minTime(prim.expire, b.now).Add(-time.Hour)
		if status == ordStPendingRefund {
			lo = maxTime(lo, b.now.Add(-5*ymDay))
		}
		if !lo.Before(hi) {
			return false
		}
		t := b.g.timeIn(lo, hi)
		o := b.newOrder(ordTyUnsubscribe, status, t, prim.ServiceTypeCode)
		b.customerPlaced(o)
		o.projects = b.batchOf[prim].projectList()
		ymUnsubscribe(o, prim.unit(), t, 1, b.ids)
		b.busy[prim] = true
		return true
	})
}

// changeTarget draws the product and size a primary is changed to: a
// bigger disk or bandwidth, or another specification of its resource type
// that costs more (or less, for a downgrade).
func (b *ymBuilder) changeTarget(prim *resource, down bool) (*product, int, bool) {
	p, g := prim.product, b.g
	if p.linear {
		switch {
		case p.resourceType == "hws.resource.type.bandwidth" && down && prim.size > p.minSize:
			return p, g.between(p.minSize, prim.size-1), true
		case p.resourceType == "hws.resource.type.bandwidth" && !down && prim.size+50 <= p.maxSize:
			return p, prim.size + g.between(1, 50), true
		case p.resourceType == "hws.resource.type.volume" && !down && prim.size+500 <= p.maxSize:
			return p, prim.size + 10*g.between(1, 50), true
		}
		return nil, 0, false
	}
	var alts []*product
	for _, q := range ymPrimaries[p.serviceType] {
		if q.resourceType == p.resourceType && !q.linear && (down && q.monthly.LessThan(p.monthly) || !down && q.monthly.GreaterThan(p.monthly)) {
			alts = append(alts, q)
		}
	}
	if len(alts) == 0 {
		return nil, 0, false
	}
	return pick(g, alts...), 0, true
}

func (b *ymBuilder) genChange(down bool) bool {
	return b.scan(func(prim *resource) bool {
		if b.busy[prim] || prim.trial {
			return false
		}
		lo := maxTime(prim.updated, prim.effective).Add(ymDay)
		hi := minTime(prim.expire, b.now).Add(-time.Hour)
		if !lo.Before(hi) {
			return false
		}
		np, size, ok := b.changeTarget(prim, down)
		if !ok {
			return false
		}
		t := b.g.timeIn(lo, hi)
		month := ymPeriod{periodMonth, 1}
		diff := b.price(np, prim.region, size, month).Sub(b.ymPrice(prim, month))
		amount := prorate(diff, prim.expire.Sub(t), 30*24*time.Hour)
		if amount.IsZero() || amount.IsNegative() != down {
			return false
		}
		paidBy := prim.periods[0]
		for _, p := range prim.periods {
			if !p.start.After(t) {
				paidBy = p
			}
		}
		o := b.newOrder(ordTyChange, ordStCompleted, t, prim.ServiceTypeCode)
		o.projects = b.batchOf[prim].projectList()
		it := ordNewItem(o, np, prim.region, size, paidBy.period, t, prim.expire, amount)
		it.base, it.baseSize, it.res = prim.product, prim.size, prim
		if down {
			it.commission, it.consumed = ymZero2, ymZero2
			o.refunds = []ordRefund{{id: b.ids.uuid(), amount: amount, res: prim, baseOrderID: paidBy.orderID}}
		} else {
			o.paid = t.Add(b.delay(5, 600))
		}
		o.resources = []*resource{prim}
		prim.setProduct(np, size)
		prim.updated = t
		prim.sync()
		b.busy[prim] = true
		return true
	})
}

func (b *ymBuilder) scanBatches(fn func(*ymBatch) bool) bool {
	n := len(b.batches)
	if n == 0 {
		return false
	}
	s := b.g.IntN(n)
	for i := range n {
		if fn(b.batches[(s+i)%n]) {
			return true
		}
	}
	return false
}

// genPendingRenewal seeds a renewal of a purchase's open resources, placed
// in the last week and waiting for payment.
func (b *ymBuilder) genPendingRenewal() bool {
	return b.scanBatches(func(bt *ymBatch) bool {
		if bt.trial {
			return false
		}
		var prims []*resource
		latest := bt.chain.paid
		for _, prim := range bt.prims {
			if prim.Status != resClosed && prim.pendingOrder == "" {
				prims = append(prims, prim)
				latest = maxTime(latest, prim.updated)
			}
		}
		lo, hi := maxTime(b.now.Add(-7*ymDay), latest.Add(time.Hour)), b.now.Add(-time.Hour)
		if len(prims) == 0 || !lo.Before(hi) {
			return false
		}
		t := b.g.timeIn(lo, hi)
		per := b.renewPeriod()
		o := b.newOrder(ordTyRenewal, ordStPendingPayment, t, prims[0].ServiceTypeCode)
		o.deadline, o.period, o.projects = t.Add(15*ymDay), per, bt.projectList()
		for _, prim := range prims {
			end := per.after(prim.expire)
			for _, res := range prim.unit() {
				ordNewItem(o, res.product, res.region, res.size, per, prim.expire, end, b.ymPrice(res, per)).res = res
				res.pendingOrder = o.id
				o.resources = append(o.resources, res)
			}
		}
		o.offers = ordMakeOffers(b.a, o, b.ids)
		return true
	})
}

// genCancelledRenewal seeds a renewal that was placed and then cancelled.
func (b *ymBuilder) genCancelledRenewal() bool {
	return b.scanBatches(func(bt *ymBatch) bool {
		if bt.trial {
			return false
		}
		c := &bt.chain
		hi := minTime(c.end(), b.now)
		for _, prim := range bt.prims {
			if b.busy[prim] {
				hi = minTime(hi, prim.updated)
			}
		}
		lo, hi := c.t0.Add(time.Hour), hi.Add(-time.Hour)
		if !lo.Before(hi) {
			return false
		}
		t := b.g.timeIn(lo, hi)
		eff := c.ends[0]
		for j := range c.at {
			if !c.at[j].After(t) {
				eff = c.ends[j]
			}
		}
		per := b.renewPeriod()
		o := b.newOrder(ordTyRenewal, ordStCancelled, t, bt.prims[0].ServiceTypeCode)
		o.period, o.projects = per, bt.projectList()
		for _, prim := range bt.prims {
			for _, res := range prim.unit() {
				ordNewItem(o, res.product, res.region, res.size, per, eff, per.after(eff), b.ymPrice(res, per)).res = res
				o.resources = append(o.resources, res)
			}
		}
		return true
	})
}

// unprovisioned seeds a purchase that provisioned nothing (yet): pending
// payment or processing (its resources are planned and provisioned on
// payment), cancelled, pending approval, to be confirmed or in delivery.
func (b *ymBuilder) unprovisioned(p ymPlan) bool {
	g, now := b.g, b.now
	var from time.Time
	switch p.status {
	case ordStPendingPayment:
		from = now.Add(-10 * ymDay)
	case ordStProcessing:
		from = now.Add(-2 * ymDay)
	case ordStPendingApproval:
		from = now.Add(-20 * ymDay)
	case ordStToBeConfirmed:
		from = now.Add(-30 * ymDay)
	case ordStCancelled:
		from = b.earliest
	default:
		from = now.Add(-60 * ymDay)
	}
	t := g.timeIn(from, now.Add(-time.Hour))
	reg, proj, per := b.pickRegion(), b.pickProject(), b.randPeriod()
	o := b.newOrder(p.typ, p.status, t, b.pickService())
	o.period, o.projects = per, []enterpriseProject{proj}
	switch p.status {
	case ordStPendingPayment:
		o.deadline = t.Add(time.Duration(g.between(11, 15)) * ymDay)
	case ordStProcessing:
		o.paid = t.Add(b.delay(5, 600))
	}
	subs := []*order{o}
	if p.combined {
		subs = b.subsFor(o)
	}
	planned := p.status == ordStPendingPayment || p.status == ordStProcessing
	exp := per.after(t)
	for i := range g.between(len(subs), 4) {
		sub := subs[i%len(subs)]
		pr := pick(g, ymPrimaries[sub.serviceType]...)
		size := b.pickSize(pr)
		if planned {
			prim := b.newUnit(pr, reg, size, proj)
			for _, res := range prim.unit() {
				ordNewItem(sub, res.product, reg, res.size, per, t, exp, b.ymPrice(res, per)).res = res
			}
			sub.planned = append(sub.planned, prim)
			if sub != o {
				o.planned = append(o.planned, prim)
			}
			continue
		}
		ordNewItem(sub, pr, reg, size, per, t, exp, b.price(pr, reg, size, per))
		for _, at := range pr.attached {
			if ap, ok := findProduct(at.resourceType, at.spec); ok {
				ordNewItem(sub, ap, reg, at.size, per, t, exp, b.price(ap, reg, at.size, per))
			}
		}
	}
	if p.status == ordStPendingPayment {
		o.offers = ordMakeOffers(b.a, o, b.ids)
	} else {
		b.discount(o)
	}
	return true
}

// ---- resources ----

var ymNamePrefixes = map[string]string{
	"hws.resource.type.vm": "ecs", "hws.resource.type.volume": "volume", "hws.resource.type.ip": "eip",
	"hws.resource.type.bandwidth": "bandwidth", "hws.resource.type.rds.vm": "rds", "hws.resource.type.dcs": "dcs",
	"hws.resource.type.dds.vm": "dds", "hws.resource.type.cce.cluster": "cce", "hws.resource.type.elb": "elb",
	"hws.resource.type.nat_gateway": "nat", "hws.resource.type.waf": "waf", "hws.resource.type.vpn.gateway": "vpngw",
	"hws.resource.type.css.node": "css", "hws.resource.type.gaussdb.vm": "gauss",
}

// newUnit makes a primary of p with the attached resources p comes with.
func (b *ymBuilder) newUnit(p *product, reg region, size int, proj enterpriseProject) *resource {
	prim := b.newResource(p, reg, size, proj, nil)
	for _, at := range p.attached {
		if ap, ok := findProduct(at.resourceType, at.spec); ok {
			b.newResource(ap, reg, at.size, proj, prim)
		}
	}
	return prim
}

func (b *ymBuilder) newResource(p *product, reg region, size int, proj enterpriseProject, prim *resource) *resource {
	g := b.g
	var id string
	for id == "" || b.resIDs[id] {
		switch p.resourceType {
		case "hws.resource.type.rds.vm":
			id = g.hexID(32) + "in01"
		case "hws.resource.type.dds.vm":
			id = g.hexID(32) + "in02"
		case "hws.resource.type.gaussdb.vm":
			id = g.hexID(32) + "in14"
		default:
			id = uuidLike(g)
		}
	}
	b.resIDs[id] = true
	b.internal += 1 + g.IntN(97)
	name := ymNamePrefixes[p.resourceType] + "-" + g.hexID(4)
	if prim != nil {
		switch p.resourceType {
		case "hws.resource.type.ip":
			name = prim.ResourceName + "-eip"
		case "hws.resource.type.bandwidth":
			name = prim.ResourceName + "-bandwidth"
		default:
			name = prim.ResourceName + "-volume-0000"
		}
	}
	res := &resource{product: p, region: reg, primary: prim}
	res.Resource = upstream.Resource{
		ID: "01154-" + strconv.Itoa(b.internal) + "-0", ResourceID: id, ResourceName: name, RegionCode: reg.code,
		ServiceTypeCode: p.serviceType, ResourceTypeCode: p.resourceType,
		ResourceTypeName: catalogResourceName(p.resourceType, true), ServiceTypeName: catalogServiceName(p.serviceType, true),
		ProjectID: b.projectIDs[reg.code], ParentResourceID: id, IsMainResource: 1, Status: resProvisioned,
		EnterpriseProject: &upstream.ResourceEnterpriseProject{ID: proj.id, Name: proj.name},
	}
	res.setProduct(p, size)
	if prim != nil {
		res.ParentResourceID, res.IsMainResource = prim.ResourceID, 0
		prim.attached = append(prim.attached, res)
	}
	return res
}
