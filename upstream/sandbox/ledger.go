// The ledger behind every bill and cost API (§7, §8): one record per
// charge, from paid order line items and pay-per-use usage, so summary
// bills, usage records, expenditures and cost data always agree.

package sandbox

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// The ledger: one list of fee records per account behind every bill and cost
// API (§7.1 summary bills, §7.2 usage records, §7.3 expenditures, §8.1 cost
// data), so all of them agree. It covers Sizes.Months whole billing cycles
// (GMT+08:00 calendar months) ending with the month before the sandbox
// clock: with the default clock, 2023-11 to 2026-10. Mutations then add
// records as they happen (recordOrder: payments, renewals paid at once,
// unsubscriptions), and the cycle of the present month, or of any later
// one the clock reaches, is added with its first record.
//
// A record (ledgerEntry) is one fee:
//   - yearly/monthly charges of the account's resources: one record per line
//     item of each completed order (§6.2) paid in the ledger's window, so
//     trade_id is the order's id (relative_order_id the sub-order of a
//     combined order) and the amounts are the item's: official price, the
//     discounts, the cash coupon, and what was paid. Purchases, trials,
//     commercial use and pay-per-use-to-yearly/monthly orders are bill_type 1,
//     renewals 2 (8 when the system renewed automatically), upgrades 3,
//     unsubscriptions 4 and downgrades 20 (negative refunds, net of the
//     handling fee), changes to pay-per-use 24. A resource changed to
//     pay-per-use is then metered like the pay-per-use instances below.
//   - pay-per-use usage (bill_type 5, charge mode 3) of on-demand instances
//     the ledger owns (VMs, disks, EIPs, traffic-billed bandwidth, OBS
//     buckets, CDN domains, databases, load balancers): one record per
//     instance per day, priced by hourlyOnDemand per unit of the usage
//     factor's measure (the price 4.2.1 quotes), after deducting what the
//     account's resource packages cover (§6.4).
//   - occasional compensation adjustments (bill_type 9, negative).
//
// Amounts are kept in integer cents and usage in thousandths of a unit, so
// sums are exact: a record's amount is official - discount and equals the
// sum of its payments (cash, credit, coupon, debt, adjustment).

// billState is an account's ledger.
type billState struct {
	monthAt []int64 // start of each cycle (unix seconds), and the end of the last
	cycles  [][]ledgerEntry
	ppu     []*billedRes // the account's pay-per-use instances
	ppuDone bool
}

// billedRes is a resource as the bills show it: the resource of an order
// line item (with the item's product and size) or a pay-per-use instance.
type billedRes struct {
	id, name, tag string
	p             *product
	reg           region
	az            string
	size          int                // linear products only
	ep            *enterpriseProject // nil: the service does not support enterprise projects
	parentID      string
	rootID        string
	orderID       string // the order that created a yearly/monthly resource
	payPerUse     bool
	// Pay-per-use instances: the list price of one usage unit (in 1e-10
	// USD), their lifetime and how they are used.
	unitPrice        int64
	created, deleted int64 // deleted 0: still running
	pattern          int   // VMs: 0 always on, 1 office hours, 2 variable
	level            int64 // storage in milli-GB, or daily traffic in milli-GB
}

// ledgerEntry is one fee record.
type ledgerEntry struct {
	res      *billedRes
	item     *ordItem // the order line item of a yearly/monthly record
	at       int64    // transaction time (unix seconds); its GMT+08:00 date is the bill date
	from, to int64    // the service period or usage window the fee is for
	ledgerMoney
	usage, free int64 // pay-per-use usage and the part packages covered, in thousandths
	billType    int8  // E1 code
	chargeMode  int8  // 1 yearly/monthly, 3 pay-per-use
	periodType  int8  // 19 year, 20 month, 25 hour, 5 one-off
	promo       int16 // promotion_type of the discount, 0 none
}

// ledgerMoney is the money of a record, or the sum of several, in cents:
// amount = official - discount = cash + credit + coupon + debt + adjust.
// Every bill API sums records through it.
type ledgerMoney struct {
	official, discount                 int64
	cash, credit, coupon, debt, adjust int64
}

func (m *ledgerMoney) amount() int64 { return m.cash + m.credit + m.coupon + m.debt + m.adjust }

// add sums o into m.
func (m *ledgerMoney) add(o *ledgerMoney) {
	m.official += o.official
	m.discount += o.discount
	m.cash += o.cash
	m.credit += o.credit
	m.coupon += o.coupon
	m.debt += o.debt
	m.adjust += o.adjust
}

// Money and quantities on the wire.
func ldgUSD(cents int64) upstream.Amount { return upstream.AmountOf(decimal.New(cents, -2)) }

func ldgCents(cents int64) upstream.Amount { return upstream.AmountOf(decimal.NewFromInt(cents)) }

// ldgQty turns thousandths into a decimal without trailing zeros.
func ldgQty(milli int64) decimal.Decimal {
	exp := int32(-3)
	for exp < 0 && milli%10 == 0 {
		milli /= 10
		exp++
	}
	return decimal.New(milli, exp)
}

// ldgMonthStart is the first instant of t's month in GMT+08:00.
func ldgMonthStart(t time.Time) time.Time {
	t = t.In(gmt8)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, gmt8)
}

// init sets the ledger's cycles from the world's clock.
func (b *billState) init(w *world) {
	if b.monthAt != nil {
		return
	}
	end := ldgMonthStart(w.now)
	months := max(1, w.sizes.Months)
	b.monthAt = make([]int64, months+1)
	for i := range b.monthAt {
		b.monthAt[i] = end.AddDate(0, i-months, 0).Unix()
	}
	b.cycles = make([][]ledgerEntry, months)
}

// months is the number of cycles the ledger holds.
func (b *billState) months() int { return len(b.cycles) }

func (b *billState) start() int64 { return b.monthAt[0] }
func (b *billState) end() int64   { return b.monthAt[b.months()] }

// cycleOf returns the cycle index of instant t, or -1 outside the ledger.
func (b *billState) cycleOf(t int64) int {
	if b.monthAt == nil || t < b.start() || t >= b.end() {
		return -1
	}
	i, found := slices.BinarySearch(b.monthAt, t)
	if !found {
		i--
	}
	return i
}

// cycleIndex returns the index of the cycle starting at month (GMT+08:00),
// or -1 when the ledger does not cover it.
func (b *billState) cycleIndex(month time.Time) int {
	if b.monthAt == nil {
		return -1
	}
	i, found := slices.BinarySearch(b.monthAt, month.Unix())
	if !found || i >= b.months() {
		return -1
	}
	return i
}

func (b *billState) add(e ledgerEntry) {
	if c := b.cycleOf(e.at); c >= 0 {
		b.cycles[c] = append(b.cycles[c], e)
	}
}

// billPayer is the account that pays a's bills: the enterprise master for a
// member under unified accounting, else a itself.
func billPayer(a *account) *account {
	if a.Kind == kindMember && a.master != nil && !a.enterprise.member.independent {
		return a.master
	}
	return a
}

// billBeID is the business entity of a's bills (be_id): non-zero for a
// customer associated with a partner; members share their master's.
func billBeID(a *account) string {
	if a.Kind == kindMember && a.master != nil {
		a = a.master
	}
	if a.partner != nil {
		return "15"
	}
	return "0"
}

// ldgTerms are how an account pays its pay-per-use usage: its contract
// discount (the one price inquiries offer, accountDiscounts) and its means of
// payment. Yearly/monthly records take their discounts and coupons from the
// orders.
type ldgTerms struct {
	contractBP   int64 // contract discount in basis points
	contractType int16
	credit       bool // pays part of its bills with its credit line
	debtPermille int  // share of pay-per-use days left unpaid, per mille
}

func ldgTermsOf(a *account) ldgTerms {
	var t ldgTerms
	if offers := accountDiscounts(a); len(offers) > 0 {
		t.contractBP = offers[0].rate.Shift(4).IntPart()
		t.contractType = int16(offers[0].typ)
	}
	switch a.Kind {
	case kindCustomer:
		t.debtPermille = 15
	case kindEnterprise, kindPartner:
		t.credit = true
	case kindMember:
		t.debtPermille = 5
	}
	return t
}

// discountBP sets e's discount from a percentage in basis points.
func (e *ledgerEntry) discountBP(bp int64, promo int16) {
	if bp <= 0 || e.official <= 0 {
		return
	}
	e.discount = (e.official*bp + 5000) / 10000
	e.promo = promo
}

// pay splits e's amount over the account's means of payment.
func (t *ldgTerms) pay(e *ledgerEntry, g *gen) {
	amt := e.official - e.discount - e.coupon
	switch {
	case amt <= 0 && t.credit:
		e.credit = amt
	case amt <= 0:
		e.cash = amt
	case t.credit && g.IntN(100) < 60:
		e.credit = amt
	case t.debtPermille > 0 && g.IntN(1000) < t.debtPermille:
		e.debt = amt
	default:
		e.cash = amt
	}
}

// genBills builds the account's ledger. It runs after the resources, orders
// and packages are generated (world.go), and deducts pay-per-use usage from
// the packages of genPackages, recording their usage (§6.4.3).
func genBills(w *world, a *account, sz Sizes, g *gen) {
	ldgEnsurePPU(w, a)
	b := &a.bills
	// Room for a month of daily pay-per-use records and a share of the
	// yearly/monthly charges, so the cycles rarely grow.
	perCycle := len(b.ppu)*31 + len(a.resources.list)/4 + 8
	for i := range b.cycles {
		b.cycles[i] = make([]ledgerEntry, 0, perCycle)
	}
	t := ldgTermsOf(a)
	ldgYearlyMonthly(a, b, &t, g)
	ldgPayPerUse(a, b, &t, g)
	ldgAdjustments(a, b, g)
	var scratch []ledgerEntry
	for i := range b.cycles {
		scratch = ldgSortCycle(b.cycles[i], b.monthAt[i], scratch)
	}
}

// ldgSortCycle sorts the records of a cycle starting at base by time,
// keeping the generation order of records of the same time. It sorts
// packed (time, position) keys rather than the records themselves.
func ldgSortCycle(es []ledgerEntry, base int64, scratch []ledgerEntry) []ledgerEntry {
	const posBits = 24
	if len(es) >= 1<<posBits {
		slices.SortStableFunc(es, func(x, y ledgerEntry) int { return cmp.Compare(x.at, y.at) })
		return scratch
	}
	keys := make([]uint64, len(es))
	for i := range es {
		keys[i] = uint64(es[i].at-base)<<posBits | uint64(i)
	}
	slices.Sort(keys)
	scratch = append(scratch[:0], es...)
	for i, k := range keys {
		es[i] = scratch[k&(1<<posBits-1)]
	}
	return scratch
}

// ldgFromItem is the bill view of the resource of an order line item, with
// the item's product and size (a change order changes them).
func ldgFromItem(it *ordItem) *billedRes {
	res := it.res
	br := &billedRes{
		id: res.ResourceID, name: res.ResourceName, p: it.product, reg: it.region,
		size: it.size, orderID: res.orderID,
	}
	if br.id == "" {
		br.id = res.ID
	}
	if len(it.region.zones) > 0 {
		br.az = it.region.zones[len(br.id)%len(it.region.zones)]
	}
	ep := defaultProject
	if res.EnterpriseProject != nil && res.EnterpriseProject.ID != "" {
		ep = enterpriseProject{id: res.EnterpriseProject.ID, name: res.EnterpriseProject.Name}
	}
	br.ep = &ep
	if res.primary != nil {
		br.parentID = res.primary.ResourceID
		br.rootID = br.parentID
	}
	return br
}

// ldgBillType is the bill type (E1) of a line item of o.
func ldgBillType(o *order, amount int64) int8 {
	switch o.orderType {
	case ordTyRenewal:
		if o.userName == "Operation system" {
			return 8 // renewed automatically
		}
		return 2
	case ordTyChange:
		if amount < 0 {
			return 20
		}
		return 3
	case ordTyUnsubscribe:
		return 4
	case ordTyToOnDemand:
		return 24
	}
	return 1 // new purchase, trial, commercial use, price adjustment, to yearly/monthly
}

// ldgPeriodType maps an item's period type (§4.2.2) to E5.
func ldgPeriodType(pt int) int8 {
	switch pt {
	case periodYear:
		return 19
	case periodDay:
		return 24
	case periodHour:
		return 25
	}
	return 20
}

// ldgYearlyMonthly records the line items of the account's completed
// orders settled in the ledger's window.
func ldgYearlyMonthly(a *account, b *billState, t *ldgTerms, g *gen) {
	start, end := b.start(), b.end()
	type view struct {
		res  *resource
		p    *product
		size int
	}
	views := map[view]*billedRes{}
	converted := map[*resource]bool{}
	for _, o := range a.orders.list {
		if o.status != ordStCompleted {
			continue
		}
		at := o.paid
		if at.IsZero() {
			at = o.created
		}
		if at.Unix() < start || at.Unix() >= end {
			continue
		}
		for _, it := range o.items {
			if it.res == nil || it.product == nil {
				continue
			}
			k := view{it.res, it.product, it.size}
			br := views[k]
			if br == nil {
				br = ldgFromItem(it)
				views[k] = br
			}
			e := ldgItemEntry(it, br, at)
			t.pay(&e, g)
			b.add(e)
			if o.orderType == ordTyToOnDemand && !converted[it.res] {
				converted[it.res] = true
				// From now on the resource is billed pay-per-use.
				ppu := *br
				ppu.payPerUse, ppu.created, ppu.deleted = true, at.Unix(), 0
				ppu.unitPrice = hourlyOnDemand(it.product, it.region, it.size).Shift(10).IntPart()
				b.ppu = append(b.ppu, &ppu)
			}
		}
	}
}

// ldgItemEntry is the record of order line item it, settled at at, with
// its amounts but not yet how they were paid.
func ldgItemEntry(it *ordItem, br *billedRes, at time.Time) ledgerEntry {
	official := it.official.Shift(2).IntPart()
	amount := it.after.Add(it.coupon).Shift(2).IntPart()
	e := ledgerEntry{
		res: br, item: it, at: at.Unix(), from: it.effective.Unix(), to: it.expire.Unix(),
		ledgerMoney: ledgerMoney{official: official, discount: official - amount, coupon: it.coupon.Shift(2).IntPart()},
		billType:    ldgBillType(it.order, amount), chargeMode: 1, periodType: ldgPeriodType(it.periodType),
	}
	for _, dl := range it.discounts {
		if dl.code != "301" { // 301 is the cash coupon
			if n, err := strconv.Atoi(dl.code); err == nil {
				e.promo = int16(n)
			}
			break
		}
	}
	return e
}

// recordOrder enters the line items of order o, paid or refunded at at by
// a mutation, in the ledger, so this month's bills follow the present.
// credit is what the credit line paid; the cash balance paid the rest of
// what the coupons left, and takes refunds.
func (b *billState) recordOrder(o *order, credit decimal.Decimal, at time.Time) {
	creditLeft := credit.Shift(2).IntPart()
	for _, it := range o.items {
		if it.res == nil || it.product == nil {
			continue
		}
		e := ldgItemEntry(it, ldgFromItem(it), at)
		net := e.official - e.discount - e.coupon
		e.credit = min(max(net, 0), creditLeft)
		e.cash = net - e.credit
		creditLeft -= e.credit
		b.addLive(e)
	}
}

// addLive files a record a mutation made, adding cycles up to its month
// when the sandbox clock has run past the seeded ones.
func (b *billState) addLive(e ledgerEntry) {
	if b.monthAt == nil {
		return
	}
	for e.at >= b.end() {
		b.monthAt = append(b.monthAt, time.Unix(b.end(), 0).In(gmt8).AddDate(0, 1, 0).Unix())
		b.cycles = append(b.cycles, nil)
	}
	c := b.cycleOf(e.at)
	if c < 0 {
		return // before the ledger's first month
	}
	// Records stay in time order; a record of the same instant goes last.
	cy := b.cycles[c]
	i := len(cy)
	for i > 0 && cy[i-1].at > e.at {
		i--
	}
	b.cycles[c] = slices.Insert(cy, i, e)
}

// ldgPPUKinds are the pay-per-use instances an account runs: the product
// specs, how many a full-size (customer, enterprise master) and a small
// (member, partner) account has, and an instance name prefix.
var ldgPPUKinds = []struct {
	resourceType string
	specs        []string
	full, small  int
	prefix       string
}{
	{"hws.resource.type.vm", []string{"s6.large.2.linux", "c6.large.2.linux", "m6.xlarge.8.linux", "s6.small.1.linux"}, 5, 2, "ecs-ondemand"},
	{"hws.resource.type.volume", []string{"SAS", "GPSSD"}, 4, 1, "evs-ondemand"},
	{"hws.resource.type.ip", []string{"5_bgp"}, 2, 1, "eip-ondemand"},
	{"hws.resource.type.bandwidth", []string{"12_bgp"}, 2, 1, "bandwidth-traffic"},
	{"hws.resource.type.obs", []string{"obs.standard.storage"}, 3, 1, "obs"},
	{"hws.resource.type.cdn", []string{"cdn.traffic.asia"}, 2, 1, "cdn"},
	{"hws.resource.type.rds.vm", []string{"rds.mysql.n1.large.2.single"}, 1, 0, "rds-ondemand"},
	{"hws.resource.type.elb", []string{"L7_flavor.elb.s1.small"}, 1, 0, "elb-ondemand"},
}

var ldgTags = []string{"", "", "env=prod", "env=test", "team=data", "app=web"}

// ldgEnsurePPU creates the account's pay-per-use instances (once; both
// genPackages and genBills need them) from the account's own stream. The
// first instance of each kind runs for the whole ledger in the account's
// home region, so resource packages always have usage to cover.
func ldgEnsurePPU(w *world, a *account) {
	b := &a.bills
	b.init(w)
	if b.ppuDone {
		return
	}
	b.ppuDone = true
	g := w.rand(a.ID, "payperuse")
	full := a.Kind == kindCustomer || a.Kind == kindEnterprise
	home := regions[g.IntN(3)]
	start, end := b.start(), b.end()
	const day = 86400
	for _, kind := range ldgPPUKinds {
		n := kind.small
		if full {
			n = kind.full
		}
		for i := 0; i < n; i++ {
			p, ok := findProduct(kind.resourceType, pick(g, kind.specs...))
			if !ok {
				continue
			}
			reg := home
			if i > 0 {
				reg = regions[g.IntN(len(regions))]
			}
			br := &billedRes{p: p, reg: reg, payPerUse: true, tag: pick(g, ldgTags...)}
			br.az = reg.zones[g.IntN(len(reg.zones))]
			if p.linear {
				br.size = g.between(max(p.minSize, 40), 500)
			}
			switch p.serviceType {
			case "hws.service.type.obs":
				br.id = fmt.Sprintf("%s-%s-%s", strings.ReplaceAll(a.Name, "sandbox-", "sb-"), pick(g, "logs", "backup", "assets", "media", "archive"), g.hexID(6))
				br.name = br.id
				br.level = int64(g.between(50, 3000)) * 1000
			case "hws.service.type.cdn":
				br.id = fmt.Sprintf("cdn%d-%s.%s.example.com", i+1, g.hexID(4), strings.ReplaceAll(a.Name, "sandbox-", ""))
				br.name = br.id
				br.level = int64(g.between(20, 1500)) * 1000
			default:
				br.id = uuidLike(g)
				br.name = fmt.Sprintf("%s-%02d", kind.prefix, i+1)
				if p.usageFactor == "upflow" {
					br.level = int64(g.between(5, 300)) * 1000
				}
			}
			if p.serviceType != "hws.service.type.cdn" {
				ep := pick(g, a.enterprise.projects...)
				br.ep = &ep
			}
			if p.resourceType == "hws.resource.type.vm" && i > 0 {
				br.pattern = g.IntN(3)
			}
			if i == 0 {
				br.created = start - int64(g.between(30, 400))*day
			} else {
				br.created = g.timeIn(time.Unix(start-120*day, 0), time.Unix(end-20*day, 0)).Unix()
				br.created -= br.created % 3600
				if g.IntN(100) < 30 {
					if del := br.created + int64(g.between(15, 500))*day + int64(g.IntN(24))*3600; del < end-day {
						br.deleted = del
					}
				}
			}
			br.unitPrice = hourlyOnDemand(p, reg, br.size).Shift(10).IntPart()
			b.ppu = append(b.ppu, br)
		}
	}
}

// ldgPayPerUse meters the pay-per-use instances day by day (GMT+08:00
// days), deducting from the account's resource packages first.
func ldgPayPerUse(a *account, b *billState, t *ldgTerms, g *gen) {
	const day = 86400
	start, end := b.start(), b.end()
	days := int((end - start) / day)
	weekday0 := int(time.Unix(start, 0).In(gmt8).Weekday())
	items := make([][]*pkgItem, len(b.ppu))
	for i, br := range b.ppu {
		items[i] = a.packages.itemsFor(br)
	}
	for d := 0; d < days; d++ {
		ds := start + int64(d)*day
		de := ds + day
		weekend := (weekday0+d)%7 == 0 || (weekday0+d)%7 == 6
		for i, br := range b.ppu {
			lo, hi := max(ds, br.created), de
			if br.deleted > 0 {
				hi = min(hi, br.deleted)
			}
			if lo >= hi {
				continue
			}
			secs := hi - lo
			var usage int64 // thousandths of the usage factor's unit
			switch br.p.usageFactor {
			case "Duration":
				switch br.pattern {
				case 1:
					if !weekend {
						usage = min(secs, 10*3600) * 1000 / 3600
					}
				case 2:
					usage = secs * int64(g.between(20, 100)) / 100 * 1000 / 3600
				default:
					usage = secs * 1000 / 3600
				}
			case "capacity":
				// Storage grows a little most days: GB held × hours.
				br.level = max(1000, br.level*int64(10000+g.IntN(41)-15)/10000)
				usage = br.level * secs / 3600
			default: // upflow, downflow: GB a day, less at weekends
				f := int64(g.between(60, 140))
				if weekend {
					f = f * 7 / 10
				}
				usage = br.level * f / 100 * secs / day
			}
			if usage <= 0 {
				continue
			}
			var free int64
			if len(items[i]) > 0 {
				free = a.packages.deduct(items[i], br, lo, hi, usage)
			}
			e := ledgerEntry{
				res: br, at: hi - 1, from: lo, to: hi, usage: usage, free: free,
				billType: 5, chargeMode: 3, periodType: 25,
			}
			e.official = ((usage-free)*br.unitPrice + 5e10) / 1e11
			if t.contractBP > 0 {
				e.discountBP(t.contractBP, t.contractType)
			}
			t.pay(&e, g)
			b.add(e)
		}
	}
}

// ldgAdjustments adds a compensation now and then (bill_type 9) to the
// accounts with enough pay-per-use instances.
func ldgAdjustments(a *account, b *billState, g *gen) {
	if len(b.ppu) < 10 {
		return
	}
	for c := 0; c < b.months(); c++ {
		if g.IntN(4) != 0 {
			continue
		}
		br := b.ppu[g.IntN(len(b.ppu))]
		at := b.monthAt[c] + int64(g.between(2, 26))*86400 + int64(g.IntN(86400))
		if at < br.created || (br.deleted > 0 && at > br.deleted) {
			continue
		}
		amt := -int64(g.between(5, 60)) * 100
		b.add(ledgerEntry{res: br, at: at, from: at, to: at, ledgerMoney: ledgerMoney{official: amt, adjust: amt}, billType: 9, chargeMode: 3, periodType: 5})
	}
}

// Identifiers derived from a record, computed only when shown.

func ldgHash(parts ...any) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, parts...)
	return h.Sum64()
}

// ldgCode returns n characters of [0-9A-Z] from x.
func ldgCode(x uint64, n int) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[x%36]
		x /= 36
	}
	return string(b)
}

// tradeID is the order ID of a yearly/monthly record (the top-level order
// of a combined order), else a transaction ID.
func (e *ledgerEntry) tradeID() string {
	if e.item != nil {
		return e.item.order.top().id
	}
	at := time.Unix(e.at, 0).In(gmt8)
	switch e.billType {
	case 9:
		return "AJ" + at.Format("060102150405") + ldgCode(ldgHash(e.res.id, e.at), 6)
	}
	return "BL" + at.Format("20060102") + ldgCode(ldgHash(e.res.id), 10)
}

// orderType reports whether e's trade_id is an order ID.
func (e *ledgerEntry) orderType() bool { return e.item != nil }

// relativeOrderID is the sub-order of a combined order a record is for.
func (e *ledgerEntry) relativeOrderID() string {
	if e.item != nil && e.item.order.parent != nil {
		return e.item.order.id
	}
	return ""
}

// billDate is the GMT+08:00 date of e.
func (e *ledgerEntry) billDate() string { return time.Unix(e.at, 0).In(gmt8).Format(dateLayout) }

func ldgTime(t int64) string { return time.Unix(t, 0).UTC().Format(utcLayout) }

// ldgRegionZH names the regions in Chinese.
var ldgRegionZH = map[string]string{
	"ap-southeast-1": "中国-香港", "ap-southeast-2": "亚太-曼谷", "ap-southeast-3": "亚太-新加坡",
	"af-south-1": "非洲-约翰内斯堡", "la-south-2": "拉美-圣地亚哥", "sa-brazil-1": "拉美-圣保罗一",
	"eu-west-101": "欧洲-都柏林", "cn-north-4": "华北-北京四",
}

func ldgRegionName(r region, en bool) string {
	if zh, ok := ldgRegionZH[r.code]; ok && !en {
		return zh
	}
	return r.nameEN
}

// epID and epName are a record's enterprise project: "0"/"default" for the
// default project, ""/"Non-project" when the service has none (null in BSS).
func (br *billedRes) epID() string {
	if br.ep == nil {
		return ""
	}
	return br.ep.id
}

func (br *billedRes) epName(en bool) string {
	switch {
	case br.ep != nil:
		return br.ep.name
	case en:
		return "Non-project"
	}
	return "非项目"
}

// specDesc is the product specification of a record.
func (br *billedRes) specDesc(en bool) string {
	desc := catLang(en, br.p.descEN, br.p.descZH)
	if br.p.linear && br.size > 0 {
		desc += fmt.Sprintf("|%d%s", br.size, ldgSizeUnit(br.p))
	}
	return desc
}

func ldgSizeUnit(p *product) string {
	if p.sizeMeasure == muMbps {
		return "Mbit/s"
	}
	return "GB"
}
