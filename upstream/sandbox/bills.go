package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
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
// clock: with the default clock, 2023-11 to 2026-10.
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
	months  int
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
	// Money in cents: amount = official - discount = cash + credit + coupon + debt + adjust.
	official, discount                 int64
	cash, credit, coupon, debt, adjust int64
	usage, free                        int64 // pay-per-use usage and the part packages covered, in thousandths
	billType                           int8  // E1 code
	chargeMode                         int8  // 1 yearly/monthly, 3 pay-per-use
	periodType                         int8  // 19 year, 20 month, 25 hour, 5 one-off
	promo                              int16 // promotion_type of the discount, 0 none
}

func (e *ledgerEntry) amount() int64 { return e.cash + e.credit + e.coupon + e.debt + e.adjust }

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
	b.months = max(1, w.sizes.Months)
	b.monthAt = make([]int64, b.months+1)
	for i := range b.monthAt {
		b.monthAt[i] = end.AddDate(0, i-b.months, 0).Unix()
	}
	b.cycles = make([][]ledgerEntry, b.months)
}

func (b *billState) start() int64 { return b.monthAt[0] }
func (b *billState) end() int64   { return b.monthAt[b.months] }

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
	if !found || i >= b.months {
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
			official := it.official.Shift(2).IntPart()
			amount := it.after.Add(it.coupon).Shift(2).IntPart()
			e := ledgerEntry{
				res: br, item: it, at: at.Unix(), from: it.effective.Unix(), to: it.expire.Unix(),
				official: official, discount: official - amount, coupon: it.coupon.Shift(2).IntPart(),
				billType: ldgBillType(it.order, amount), chargeMode: 1, periodType: ldgPeriodType(it.periodType),
			}
			for _, dl := range it.discounts {
				if dl.code != "301" { // 301 is the cash coupon
					if n, err := strconv.Atoi(dl.code); err == nil {
						e.promo = int16(n)
					}
					break
				}
			}
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
	for c := 0; c < b.months; c++ {
		if g.IntN(4) != 0 {
			continue
		}
		br := b.ppu[g.IntN(len(b.ppu))]
		at := b.monthAt[c] + int64(g.between(2, 26))*86400 + int64(g.IntN(86400))
		if at < br.created || (br.deleted > 0 && at > br.deleted) {
			continue
		}
		amt := -int64(g.between(5, 60)) * 100
		b.add(ledgerEntry{res: br, at: at, from: at, to: at, official: amt, adjust: amt, billType: 9, chargeMode: 3, periodType: 5})
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
	"eu-west-101": "欧洲-都柏林",
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

// ---------------------------------------------------------------------------
// Request parsing shared by the bill APIs.

// strFilter is a string filter: set tells "no filter" from a value.
type strFilter struct {
	set bool
	v   string
}

func (f strFilter) ok(v string) bool { return !f.set || f.v == v }

// ldgFilter selects ledger records.
type ldgFilter struct {
	service, resType, region, resID, tradeID strFilter
	ep                                       strFilter // "0" default, "-1" services without enterprise projects
	chargeMode, billType                     int
	payer                                    string
	from, to                                 int64 // bill time window; 0: the whole cycle
}

func (f *ldgFilter) match(a *account, e *ledgerEntry) bool {
	br := e.res
	if !f.service.ok(br.p.serviceType) || !f.resType.ok(br.p.resourceType) || !f.region.ok(br.reg.code) || !f.resID.ok(br.id) {
		return false
	}
	if f.chargeMode != 0 && int(e.chargeMode) != f.chargeMode || f.billType != 0 && int(e.billType) != f.billType {
		return false
	}
	if f.ep.set {
		want := f.ep.v
		if want == "-1" {
			want = ""
		}
		if br.epID() != want {
			return false
		}
	}
	if f.payer != "" && billPayer(a).ID != f.payer {
		return false
	}
	if f.to != 0 && (e.at < f.from || e.at >= f.to) {
		return false
	}
	return !f.tradeID.set || e.tradeID() == f.tradeID.v
}

// rawInt reads an Integer body field that BSS also accepts as a numeric
// string. Absent and null are unset; "" and anything else are CBC.0100.
func rawInt(name string, raw json.RawMessage) (int, bool, error) {
	s, err := scalarOf(raw)
	if err != nil {
		return 0, false, badParam("%s must be an integer", name)
	}
	if s == nil {
		return 0, false, nil
	}
	n, err := strconv.Atoi(*s)
	if err != nil {
		return 0, false, badParam("%s must be an integer, got %q", name, *s)
	}
	return n, true, nil
}

// scalarOf returns the text of a JSON scalar, nil for absent or null.
func scalarOf(raw json.RawMessage) (*string, error) {
	t := strings.TrimSpace(string(raw))
	if t == "" || t == "null" {
		return nil, nil
	}
	if t[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return &s, nil
	}
	if t[0] == '{' || t[0] == '[' {
		return nil, fmt.Errorf("not a scalar")
	}
	return &t, nil
}

// billLen checks a string parameter's documented maximum length.
func billLen(name, v string, n int) error { return catCheckLen(name, v, n) }

// ldgCycle validates a mandatory cycle (YYYY-MM, GMT+08:00).
func ldgCycle(v *string, maxLen int) (time.Time, string, error) {
	if v == nil || *v == "" {
		return time.Time{}, "", badParam("cycle is mandatory")
	}
	if err := billLen("cycle", *v, maxLen); err != nil {
		return time.Time{}, "", err
	}
	t, err := parseMonth("cycle", *v)
	if err != nil || t.Format(monthLayout) != *v {
		return time.Time{}, "", badParam("cycle must be a month YYYY-MM such as 2024-01, got %q", *v)
	}
	return t, *v, nil
}

// ldgDays validates a pair of dates of a cycle and returns their window.
func ldgDays(beginName, endName, begin, end string, cycle time.Time) (int64, int64, error) {
	b, err := parseDate(beginName, begin)
	if err != nil {
		return 0, 0, err
	}
	e, err := parseDate(endName, end)
	if err != nil {
		return 0, 0, err
	}
	next := cycle.AddDate(0, 1, 0)
	if b.Before(cycle) || !b.Before(next) || e.Before(cycle) || !e.Before(next) {
		return 0, 0, badParam("%s and %s must be in the billing cycle %s", beginName, endName, cycle.Format(monthLayout))
	}
	if e.Before(b) {
		return 0, 0, badParam("%s must not be after %s", beginName, endName)
	}
	return b.Unix(), e.AddDate(0, 0, 1).Unix(), nil
}

// billScope returns the accounts whose records a 7.2/7.3 caller asked for:
// an enterprise master sees itself and its members (method all), itself
// (oneself) or one member (sub_customer); any other account sees itself.
func billScope(a *account, method string, sub strFilter) ([]*account, error) {
	switch method {
	case "", "all", "oneself", "sub_customer":
	default:
		return nil, badParam("method must be oneself, sub_customer or all, got %q", method)
	}
	if method == "sub_customer" {
		if !sub.set || sub.v == "" {
			return nil, badParam("sub_customer_id is mandatory when method is sub_customer")
		}
		if a.Kind == kindEnterprise {
			for _, m := range a.members {
				if m.ID == sub.v {
					return []*account{m}, nil
				}
			}
		}
		return nil, errorf(http.StatusForbidden, "CBC.0151", "Access denied: %s is not a member account of this enterprise.", sub.v)
	}
	if a.Kind == kindEnterprise && method != "oneself" {
		return append([]*account{a}, a.members...), nil
	}
	return []*account{a}, nil
}

// ---------------------------------------------------------------------------
// 7.1 Querying Summary Bills.

// monthlySum answers 7.1 on GET /v1.0/{domain_id}/customer/account-mgr/bill/monthly-sum.
// The domain_id must be the caller's account (else 403 CBC.0151). Amounts
// are in cents (measure_id 3, as the reference's example). The records are
// what the caller pays: its own fees and, for an enterprise master, those
// of its members under unified accounting; one record per customer, cloud
// service type (or resource type of cloud_service_type_code), pay_method
// and bill_type. A month's summary is the sum of the 7.2 records of the
// same cycle with payer_account_id = the caller.
func (s *Server) monthlySum(a *account, r *request) (any, error) {
	if r.pathValue("domain_id") != a.ID {
		return nil, errorf(http.StatusForbidden, "CBC.0151", "Access denied: the domain_id in the path is not the caller's account ID.")
	}
	q := r.query()
	cycleV := q.Get("cycle")
	cycle, cycleS, err := ldgCycle(&cycleV, 7)
	if err != nil {
		return nil, err
	}
	svc := q.Get("cloud_service_type_code")
	if err := billLen("cloud_service_type_code", svc, 256); err != nil {
		return nil, err
	}
	typ := "0"
	if vs, ok := q["type"]; ok {
		typ = vs[0]
		if typ != "0" && typ != "1" {
			return nil, badParam("type must be 0 or 1, got %q", typ)
		}
	}
	var ep strFilter
	if vs, ok := q["enterpriseProjectId"]; ok {
		if vs[0] == "" {
			return nil, badParam("enterpriseProjectId cannot be empty")
		}
		if err := billLen("enterpriseProjectId", vs[0], 64); err != nil {
			return nil, err
		}
		ep = strFilter{true, vs[0]}
	}
	out := &upstream.MonthlySummary{
		ErrorCode: "CBC.0000", ErrorMsg: "success", Currency: "USD",
		BillSums: []upstream.BillSum{}, MeasureID: upstream.SummaryMeasureCent,
	}
	zero := func() {
		out.TotalAmount, out.DebtAmount, out.CouponAmount, out.FlexiPurchaseCouponAmount = ldgCents(0), ldgCents(0), ldgCents(0), ldgCents(0)
		out.StoredCardAmount, out.DebitAmount, out.CreditAmount = ldgCents(0), ldgCents(0), ldgCents(0)
	}
	zero()
	// type 1 is the budget a partner set for a customer of the reseller
	// model: only a customer associated with a partner has one.
	if typ == "1" && a.partner == nil {
		return out, nil
	}
	scope := []*account{a}
	if a.Kind == kindEnterprise {
		scope = append(scope, a.members...)
	}
	f := ldgFilter{service: strFilter{svc != "", svc}, ep: ep}
	if a.Kind == kindEnterprise {
		f.payer = a.ID // itself and its members under unified accounting
	}
	type key struct {
		acct             int
		svc, rt, payMeth string
		billType         int
	}
	type group struct {
		key
		consume, debt, discount, cash, credit, coupon, adjust int64
		promos                                                map[int16]int64
		ep                                                    string
		epMixed                                               bool
	}
	groups := map[key]*group{}
	var order []*group
	for ai, m := range scope {
		c := m.bills.cycleIndex(cycle)
		if c < 0 {
			continue
		}
		for i := range m.bills.cycles[c] {
			e := &m.bills.cycles[c][i]
			if !f.match(m, e) {
				continue
			}
			k := key{acct: ai, svc: e.res.p.serviceType, billType: 0}
			if svc != "" {
				k.rt = e.res.p.resourceType
			}
			switch {
			case e.billType == 9 && svc == "":
				k.payMeth = ""
			case e.chargeMode == 1:
				k.payMeth = "0"
			default:
				k.payMeth = "1"
			}
			if e.billType == 4 {
				k.billType = 1
			}
			gr := groups[k]
			if gr == nil {
				gr = &group{key: k, promos: map[int16]int64{}, ep: e.res.epID()}
				groups[k] = gr
				order = append(order, gr)
			}
			gr.consume += e.amount()
			gr.debt += e.debt
			gr.discount += e.discount
			gr.cash += e.cash
			gr.credit += e.credit
			gr.coupon += e.coupon
			gr.adjust += e.adjust
			if e.promo != 0 {
				gr.promos[e.promo] += e.discount
			}
			if gr.ep != e.res.epID() {
				gr.epMixed = true
			}
		}
	}
	slices.SortFunc(order, func(x, y *group) int {
		if x.acct != y.acct {
			return x.acct - y.acct
		}
		if c := strings.Compare(x.svc+"|"+x.rt, y.svc+"|"+y.rt); c != 0 {
			return c
		}
		if c := strings.Compare(x.payMeth, y.payMeth); c != 0 {
			return c
		}
		return x.billType - y.billType
	})
	var total, debt, coupon, cash, credit int64
	for _, gr := range order {
		m := scope[gr.acct]
		sum := upstream.BillSum{
			CustomerID: m.ID, ResourceTypeCode: gr.rt, CloudServiceTypeCode: gr.svc, ConsumeTime: cycleS,
			PayMethod: gr.payMeth, ConsumeAmount: ldgCents(gr.consume), Debt: ldgCents(gr.debt),
			Discount: ldgCents(gr.discount), MeasureID: upstream.SummaryMeasureCent, BillType: gr.billType,
			AccountDetails: []upstream.BalancePayment{
				{BalanceTypeID: "BALANCE_TYPE_DEBIT", DeductAmount: ldgCents(gr.cash)},
				{BalanceTypeID: "BALANCE_TYPE_CREDIT", DeductAmount: ldgCents(gr.credit)},
				{BalanceTypeID: "BALANCE_TYPE_COUPON", DeductAmount: ldgCents(gr.coupon)},
			},
		}
		if gr.adjust != 0 {
			sum.AccountDetails = append(sum.AccountDetails, upstream.BalancePayment{BalanceTypeID: "BALANCE_TYPE_OTHER", DeductAmount: ldgCents(gr.adjust)})
		}
		switch {
		case ep.set:
			sum.EnterpriseProjectID = ep.v
		case !gr.epMixed:
			sum.EnterpriseProjectID = gr.ep
		}
		if gr.billType == 0 {
			sum.DiscountDetailInfos = []upstream.BillSumDiscount{}
			promos := make([]int, 0, len(gr.promos))
			for p := range gr.promos {
				promos = append(promos, int(p))
			}
			slices.Sort(promos)
			for _, p := range promos {
				sum.DiscountDetailInfos = append(sum.DiscountDetailInfos, upstream.BillSumDiscount{
					PromotionType: strconv.Itoa(p), DiscountAmount: ldgCents(gr.promos[int16(p)]),
					PromotionID: offerID(billPayer(m).ID, p), MeasureID: upstream.SummaryMeasureCent,
				})
			}
		}
		out.BillSums = append(out.BillSums, sum)
		total += gr.consume
		debt += gr.debt
		coupon += gr.coupon
		cash += gr.cash
		credit += gr.credit
	}
	out.TotalCount = len(out.BillSums)
	out.TotalAmount, out.DebtAmount, out.CouponAmount = ldgCents(total), ldgCents(debt), ldgCents(coupon)
	out.DebitAmount, out.CreditAmount = ldgCents(cash), ldgCents(credit)
	return out, nil
}

// ---------------------------------------------------------------------------
// Rows: records aggregated by billing cycle, by day or not at all.

const (
	statCycle   = 1
	statDay     = 2
	statDetails = 3
)

type ldgRow struct {
	acct  *account
	e     *ledgerEntry // the first record of the row
	cycle int
	idx   int    // index of e in its cycle (for ids)
	day   string // bill_date, by day and details
	official, discount, cash, credit, coupon, debt, adjust,
	usage, free int64
	adjusted bool
}

func (r *ldgRow) amount() int64 { return r.cash + r.credit + r.coupon + r.debt + r.adjust }

func (r *ldgRow) add(e *ledgerEntry) {
	r.official += e.official
	r.discount += e.discount
	r.cash += e.cash
	r.credit += e.credit
	r.coupon += e.coupon
	r.debt += e.debt
	r.adjust += e.adjust
	r.usage += e.usage
	r.free += e.free
	if e.billType == 9 {
		r.adjusted = true
	}
}

// ldgRows selects the records of scope in cycle c and groups them by
// statistic type. Order-type records (a purchase, a renewal, a refund) stay
// one per row; usage is summed per resource, bill type and charge mode (and
// day, by day).
func ldgRows(scope []*account, cycle time.Time, f *ldgFilter, stat int, zero *bool) []*ldgRow {
	type key struct {
		acct     *account
		res      *billedRes
		billType int8
		charge   int8
		day      string
	}
	var rows []*ldgRow
	for _, m := range scope {
		c := m.bills.cycleIndex(cycle)
		if c < 0 {
			continue
		}
		index := map[key]*ldgRow{}
		for i := range m.bills.cycles[c] {
			e := &m.bills.cycles[c][i]
			if !f.match(m, e) {
				continue
			}
			if stat == statDetails || e.orderType() {
				row := &ldgRow{acct: m, e: e, cycle: c, idx: i, day: e.billDate()}
				row.add(e)
				rows = append(rows, row)
				continue
			}
			k := key{acct: m, res: e.res, billType: e.billType, charge: e.chargeMode}
			if stat == statDay {
				k.day = e.billDate()
			}
			row := index[k]
			if row == nil {
				row = &ldgRow{acct: m, e: e, cycle: c, idx: i, day: k.day}
				index[k] = row
				rows = append(rows, row)
			}
			row.add(e)
		}
	}
	if zero != nil && !*zero {
		rows = slices.DeleteFunc(rows, func(r *ldgRow) bool { return r.amount() == 0 })
	}
	return rows
}

// recordID is the unique id of a detail row.
func (r *ldgRow) recordID() string {
	return fmt.Sprintf("%016x_%d", ldgHash(r.acct.ID, r.cycle, r.e.res.id), r.idx+1)
}

// ---------------------------------------------------------------------------
// 7.2 Viewing Resource Usage Details.

// usageRecords answers 7.2. X-Language defaults to en_US here.
func (s *Server) usageRecords(a *account, r *request) (any, error) {
	var body struct {
		Cycle               *string         `json:"cycle"`
		CloudServiceType    *string         `json:"cloud_service_type"`
		ResourceType        *string         `json:"resource_type"`
		Region              *string         `json:"region"`
		ResInstanceID       *string         `json:"res_instance_id"`
		ChargeMode          json.RawMessage `json:"charge_mode"`
		BillType            json.RawMessage `json:"bill_type"`
		EnterpriseProjectID *string         `json:"enterprise_project_id"`
		IncludeZeroRecord   json.RawMessage `json:"include_zero_record"`
		Method              *string         `json:"method"`
		SubCustomerID       *string         `json:"sub_customer_id"`
		Offset              json.RawMessage `json:"offset"`
		Limit               json.RawMessage `json:"limit"`
		StatisticType       json.RawMessage `json:"statistic_type"`
		QueryType           *string         `json:"query_type"`
		BillCycleBegin      *string         `json:"bill_cycle_begin"`
		BillCycleEnd        *string         `json:"bill_cycle_end"`
		PayerAccountID      *string         `json:"payer_account_id"`
	}
	if err := r.decodeBody(&body); err != nil {
		return nil, err
	}
	cycle, cycleS, err := ldgCycle(body.Cycle, 8)
	if err != nil {
		return nil, err
	}
	var f ldgFilter
	// "" and null mean "no filter" in 7.2.
	for _, sf := range []struct {
		name string
		v    *string
		dst  *strFilter
	}{
		{"cloud_service_type", body.CloudServiceType, &f.service},
		{"resource_type", body.ResourceType, &f.resType},
		{"region", body.Region, &f.region},
		{"res_instance_id", body.ResInstanceID, &f.resID},
		{"enterprise_project_id", body.EnterpriseProjectID, &f.ep},
	} {
		if sf.v == nil || *sf.v == "" {
			continue
		}
		if err := billLen(sf.name, *sf.v, 64); err != nil {
			return nil, err
		}
		*sf.dst = strFilter{true, *sf.v}
	}
	if f.chargeMode, _, err = rawInt("charge_mode", body.ChargeMode); err != nil {
		return nil, err
	}
	if f.chargeMode != 0 && !slices.Contains([]int{1, 3, 10, 11}, f.chargeMode) {
		return nil, badParam("charge_mode must be 1, 3, 10 or 11, got %d", f.chargeMode)
	}
	if f.billType, _, err = rawInt("bill_type", body.BillType); err != nil {
		return nil, err
	}
	if f.billType != 0 && !slices.Contains(billTypes72, f.billType) {
		return nil, badParam("bill_type %d is not a bill type of this API", f.billType)
	}
	zero, err := ldgBool("include_zero_record", body.IncludeZeroRecord)
	if err != nil {
		return nil, err
	}
	method := ""
	if body.Method != nil {
		method = *body.Method
	}
	var sub strFilter
	if body.SubCustomerID != nil && *body.SubCustomerID != "" {
		sub = strFilter{true, *body.SubCustomerID}
	}
	offset, set, err := rawInt("offset", body.Offset)
	if err != nil {
		return nil, err
	}
	if set && offset < 0 {
		return nil, badParam("offset must not be negative, got %d", offset)
	}
	limit, set, err := rawInt("limit", body.Limit)
	if err != nil {
		return nil, err
	}
	if !set {
		limit = 10
	}
	if err := checkRange("limit", limit, 1, 1000); err != nil {
		return nil, err
	}
	stat, set, err := rawInt("statistic_type", body.StatisticType)
	if err != nil {
		return nil, err
	}
	if !set {
		stat = statCycle
	}
	if err := checkRange("statistic_type", stat, 1, 3); err != nil {
		return nil, err
	}
	if body.QueryType != nil && *body.QueryType != "" {
		switch *body.QueryType {
		case "BILLCYCLE":
		case "DAILY":
			if stat == statCycle {
				return nil, badParam("query_type DAILY needs statistic_type 2 or 3")
			}
			if body.BillCycleBegin == nil || *body.BillCycleBegin == "" || body.BillCycleEnd == nil || *body.BillCycleEnd == "" {
				return nil, badParam("bill_cycle_begin and bill_cycle_end are mandatory when query_type is DAILY")
			}
			if f.from, f.to, err = ldgDays("bill_cycle_begin", "bill_cycle_end", *body.BillCycleBegin, *body.BillCycleEnd, cycle); err != nil {
				return nil, err
			}
		default:
			return nil, badParam("query_type must be BILLCYCLE or DAILY, got %q", *body.QueryType)
		}
	}
	if body.PayerAccountID != nil {
		if *body.PayerAccountID == "" {
			return nil, badParam("payer_account_id cannot be empty")
		}
		if err := billLen("payer_account_id", *body.PayerAccountID, 64); err != nil {
			return nil, err
		}
		f.payer = *body.PayerAccountID
	}
	scope, err := billScope(a, method, sub)
	if err != nil {
		return nil, err
	}
	en := !strings.EqualFold(r.http.Header.Get("X-Language"), "zh_CN")
	rows := ldgRows(scope, cycle, &f, stat, zero)
	out := &upstream.MonthlyBillPage{Records: []upstream.MonthlyBillRecord{}, TotalCount: len(rows), Currency: "USD"}
	for _, row := range page(rows, offset, limit) {
		out.Records = append(out.Records, ldgMonthlyRecord(row, cycleS, stat, en))
	}
	return out, nil
}

// Bill types each API accepts (E1).
var (
	billTypes72 = []int{1, 2, 3, 4, 5, 8, 9, 14, 15, 16, 17, 20, 23, 24, 100, 101, 102}
	billTypes73 = []int{1, 2, 3, 4, 5, 8, 9, 12, 13, 14, 15, 16, 17, 20, 23, 24, 100, 101, 102}
)

// ldgBool reads include_zero_record: a JSON boolean, or "true"/"false" as
// the reference's example sends it; absent, null or "" is no filter.
func ldgBool(name string, raw json.RawMessage) (*bool, error) {
	s, err := scalarOf(raw)
	if err != nil {
		return nil, badParam("%s must be true or false", name)
	}
	if s == nil || *s == "" {
		return nil, nil
	}
	v, err := strconv.ParseBool(*s)
	if err != nil || (*s != "true" && *s != "false") {
		return nil, badParam("%s must be true or false, got %q", name, *s)
	}
	return &v, nil
}

func ldgMonthlyRecord(row *ldgRow, cycle string, stat int, en bool) upstream.MonthlyBillRecord {
	e, br, m := row.e, row.e.res, row.acct
	rec := upstream.MonthlyBillRecord{
		Cycle: cycle, BillType: int(e.billType), CustomerID: m.ID,
		Region: br.reg.code, RegionName: ldgRegionName(br.reg, en),
		CloudServiceType: br.p.serviceType, ResourceTypeCode: br.p.resourceType,
		CloudServiceTypeName: catalogServiceName(br.p.serviceType, en),
		ResourceTypeName:     catalogResourceName(br.p.resourceType, en),
		ResInstanceID:        br.id, ResourceName: br.name, RootResourceID: br.rootID, ParentResourceID: br.parentID,
		ResourceTag: br.tag, SKUCode: br.p.spec,
		EnterpriseProjectID: br.epID(), EnterpriseProjectName: br.epName(en),
		ChargeMode:    upstream.Int(e.chargeMode),
		ConsumeAmount: ldgUSD(row.amount()), CashAmount: ldgUSD(row.cash), CreditAmount: ldgUSD(row.credit),
		CouponAmount: ldgUSD(row.coupon), FlexiPurchaseCouponAmount: ldgUSD(0), StoredCardAmount: ldgUSD(0),
		BonusAmount: ldgUSD(0), DebtAmount: ldgUSD(row.debt),
		OfficialAmount: ldgUSD(row.official), DiscountAmount: ldgUSD(row.discount), MeasureID: muUSD,
		PeriodType: upstream.Int(e.periodType), TradeID: e.tradeID(), ProductSpecDesc: br.specDesc(en),
		PayerAccountID: billPayer(m).ID, BeID: billBeID(m),
		ExtendParams: &upstream.BillResourceRelation{SelfResourceID: br.id, RelationInfos: []upstream.BillRelationInfo{}},
	}
	if br.az != "" {
		rec.AZCodeInfos = []upstream.BillAZCode{{AZCode: br.az}}
	}
	if row.adjusted {
		adj := ldgUSD(row.adjust)
		rec.AdjustmentAmount = &adj
	}
	if br.orderID != "" && e.chargeMode == 1 {
		rec.PreOrderID = br.orderID
	}
	if br.parentID != "" {
		rec.ExtendParams.RelationInfos = append(rec.ExtendParams.RelationInfos,
			upstream.BillRelationInfo{RelativeResourceID: br.parentID, RelativeType: "PARENT"},
			upstream.BillRelationInfo{RelativeResourceID: br.rootID, RelativeType: "ROOT"})
	}
	if stat == statDay {
		rec.BillDate = row.day
	}
	if stat == statDetails {
		rec.ID = row.recordID()
		rec.EffectiveTime, rec.ExpireTime, rec.ConsumeTime = ldgTime(e.from), ldgTime(e.to), ldgTime(e.at)
	}
	if !e.orderType() && stat != statDetails {
		// A usage row sums a resource's records: its trade_id is the
		// first record's transaction.
		rec.TradeID = e.tradeID()
	}
	return rec
}

// ---------------------------------------------------------------------------
// 7.3 Viewing Resource Expenditures.

// expenditures answers 7.3.
func (s *Server) expenditures(a *account, r *request) (any, error) {
	q := r.query()
	cycleV := q.Get("cycle")
	cycle, _, err := ldgCycle(&cycleV, 10)
	if err != nil {
		return nil, err
	}
	var f ldgFilter
	// In 7.3 an explicit "" for these is a filter that matches empty values.
	for _, sf := range []struct {
		name string
		n    int
		dst  *strFilter
	}{
		{"cloud_service_type", 64, &f.service},
		{"region", 64, &f.region},
		{"resource_id", 64, &f.resID},
		{"trade_id", 64, &f.tradeID},
	} {
		if vs, ok := q[sf.name]; ok {
			if err := billLen(sf.name, vs[0], sf.n); err != nil {
				return nil, err
			}
			*sf.dst = strFilter{true, vs[0]}
		}
	}
	if v := q.Get("enterprise_project_id"); v != "" {
		if err := billLen("enterprise_project_id", v, 64); err != nil {
			return nil, err
		}
		f.ep = strFilter{true, v}
	}
	if vs, ok := q["charge_mode"]; ok {
		switch vs[0] {
		case "1", "3", "10", "11":
			f.chargeMode, _ = strconv.Atoi(vs[0])
		case "":
			return nil, badParam("charge_mode cannot be empty")
		default:
			return nil, badParam("charge_mode must be 1, 3, 10 or 11, got %q", vs[0])
		}
	}
	if v := q.Get("bill_type"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(billTypes73, n) {
			return nil, badParam("bill_type %q is not a bill type of this API", v)
		}
		f.billType = n
	}
	var zero *bool
	if v := q.Get("include_zero_record"); v != "" {
		if zero, err = ldgBool("include_zero_record", json.RawMessage(strconv.Quote(v))); err != nil {
			return nil, err
		}
	}
	var sub strFilter
	if v := q.Get("sub_customer_id"); v != "" {
		sub = strFilter{true, v}
	}
	offset, err := r.intParam("offset", 0, 0, 1<<31-1)
	if err != nil {
		return nil, err
	}
	limit, err := r.intParam("limit", 10, 1, 1000)
	if err != nil {
		return nil, err
	}
	stat := statDetails
	if v := q.Get("statistic_type"); v != "" {
		switch v {
		case "1":
			stat = statCycle
		case "3":
		default:
			return nil, badParam("statistic_type must be 1 or 3, got %q", v)
		}
	}
	if stat == statCycle {
		// trade_id and the bill dates are ignored by billing cycle.
		f.tradeID = strFilter{}
	} else if b, e := q.Get("bill_date_begin"), q.Get("bill_date_end"); b != "" && e != "" {
		if f.from, f.to, err = ldgDays("bill_date_begin", "bill_date_end", b, e, cycle); err != nil {
			return nil, err
		}
	}
	scope, err := billScope(a, q.Get("method"), sub)
	if err != nil {
		return nil, err
	}
	en := r.en()
	rows := ldgRows(scope, cycle, &f, stat, zero)
	out := &upstream.FeeRecordPage{Records: []upstream.FeeRecord{}, TotalCount: len(rows), Currency: "USD"}
	for _, row := range page(rows, offset, limit) {
		out.Records = append(out.Records, ldgFeeRecord(row, stat, en))
	}
	return out, nil
}

func ldgFeeRecord(row *ldgRow, stat int, en bool) upstream.FeeRecord {
	e, br, m := row.e, row.e.res, row.acct
	rec := upstream.FeeRecord{
		BillDate: row.day, BillType: int(e.billType), CustomerID: m.ID,
		Region: br.reg.code, RegionName: ldgRegionName(br.reg, en),
		CloudServiceType: br.p.serviceType, ResourceType: br.p.resourceType,
		CloudServiceTypeName: catalogServiceName(br.p.serviceType, en),
		ResourceTypeName:     catalogResourceName(br.p.resourceType, en),
		EffectiveTime:        ldgTime(e.from), ExpireTime: ldgTime(e.to),
		ResourceID: br.id, ResourceName: br.name, ResourceTag: br.tag,
		ProductID: br.p.productID(br.reg.code), ProductName: catLang(en, br.p.descEN, br.p.descZH),
		ProductSpecDesc: br.specDesc(en), SKUCode: br.p.spec,
		TradeID: e.tradeID(), TradeTime: ldgTime(e.at),
		EnterpriseProjectID: br.epID(), EnterpriseProjectName: br.epName(en),
		ChargeMode: upstream.Code(strconv.Itoa(int(e.chargeMode))), PeriodType: upstream.Code(strconv.Itoa(int(e.periodType))),
		UsageType:      br.p.usageFactor,
		OfficialAmount: ldgUSD(row.official), DiscountAmount: ldgUSD(row.discount), Amount: ldgUSD(row.amount()),
		CashAmount: ldgUSD(row.cash), CreditAmount: ldgUSD(row.credit), CouponAmount: ldgUSD(row.coupon),
		FlexiPurchaseCouponAmount: ldgUSD(0), StoredCardAmount: ldgUSD(0), BonusAmount: ldgUSD(0),
		DebtAmount: ldgUSD(row.debt), MeasureID: muUSD,
	}
	if stat == statCycle {
		rec.BillDate = ""
		if !e.orderType() {
			rec.EffectiveTime, rec.ExpireTime = "", ""
		}
	}
	if br.p.linear && br.size > 0 {
		sz := upstream.AmountOf(decimal.NewFromInt(int64(br.size)))
		rec.SpecSize, rec.SpecSizeMeasureID = &sz, br.p.sizeMeasure
	}
	if e.item != nil {
		rec.OrderID, rec.RelativeOrderID = rec.TradeID, e.relativeOrderID()
	}
	if row.adjusted {
		adj := ldgUSD(row.adjust)
		rec.AdjustmentAmount = &adj
	}
	unitPrice, unit := ldgUnitPrice(e, en)
	switch {
	case e.billType == 5:
		measure := usageDefs[br.p.usageFactor].measure
		u := upstream.AmountOf(ldgQty(row.usage))
		rec.Usage, rec.UsageMeasureID = &u, measure
		if row.free > 0 {
			fr := upstream.AmountOf(ldgQty(row.free))
			rec.FreeResourceUsage, rec.FreeResourceMeasureID = &fr, measure
		}
		rec.UnitPrice, rec.Unit = &unitPrice, unit
	case e.chargeMode == 1 && stat == statDetails && (e.billType == 1 || e.billType == 2 || e.billType == 8):
		rec.UnitPrice, rec.Unit = &unitPrice, unit
	}
	if stat == statDetails {
		rec.ID = row.recordID()
		rec.ConsumeTime = ldgTime(e.at)
		rec.Formula = ldgFormula(row, unitPrice, unit, en)
	}
	return rec
}

// ldgUnitPrice is the unit price shown with a record and its unit.
func ldgUnitPrice(e *ledgerEntry, en bool) (upstream.Amount, string) {
	br := e.res
	lin := ""
	if br.p.linear {
		lin = ldgSizeUnit(br.p) + "/"
	}
	if e.chargeMode == 3 {
		price := upstream.AmountOf(decimal.New(br.unitPrice, -10).Round(8))
		switch br.p.usageFactor {
		case "upflow", "downflow":
			return price, "USD/GB"
		case "capacity":
			return price, "USD/GB/hour"
		}
		return price, "USD/" + lin + "hour"
	}
	m := br.p.monthly.Mul(br.reg.factor)
	if e.periodType == 19 {
		return upstream.AmountOf(m.Mul(decimal.NewFromInt(10)).Round(4)), "USD/" + lin + "year"
	}
	return upstream.AmountOf(m.Round(4)), "USD/" + lin + "month"
}

// ldgFormula is the display formula of a detail record.
func ldgFormula(row *ldgRow, unitPrice upstream.Amount, unit string, en bool) string {
	e := row.e
	tail := fmt.Sprintf(" - (%s)[Discounted amount] - (%s)[Cash coupon used]", ldgUSD(row.discount).StringFixed(2), ldgUSD(row.coupon).StringFixed(2))
	switch {
	case e.billType == 5:
		return fmt.Sprintf("(%s)[Usage] - (%s)[Package deduction] x (%s %s)[Unit price]", ldgQty(row.usage), ldgQty(row.free), unitPrice.String(), unit) + tail
	case e.billType == 9:
		return fmt.Sprintf("(%s)[Adjustment]", ldgUSD(row.adjust).StringFixed(2))
	case row.official <= 0:
		return fmt.Sprintf("(%s)[Refund of the unused period, net of the handling fee]", ldgUSD(row.official).StringFixed(2))
	}
	n, unitName := 1, "month"
	if e.item != nil && e.item.periodNum > 0 {
		n = e.item.periodNum
	}
	switch e.periodType {
	case 19:
		unitName = "year"
	case 24:
		unitName = "day"
	case 25:
		unitName = "hour"
	}
	period := fmt.Sprintf("%d %s", n, unitName)
	size := ""
	if e.res.p.linear && e.res.size > 0 {
		size = fmt.Sprintf(" x (%d %s)[Resource specifications]", e.res.size, ldgSizeUnit(e.res.p))
	}
	return fmt.Sprintf("(%s)[Number of periods]%s x (%s %s)[Unit price]", period, size, unitPrice.String(), unit) + tail
}
