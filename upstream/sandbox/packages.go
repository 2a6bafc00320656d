package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"bssgraph/upstream"
)

// Resource packages (§6.4). A package holds one or more items (free
// resources), each a quota of one usage type of one resource type in the
// package's region. The ledger (bills.go) deducts pay-per-use usage from
// the items before charging it, day by day in time order, and records each
// deduction here, so the three package APIs and the bills agree:
//   - an item's remaining amount (6.4.1 amount, 6.4.2 amount) is its quota
//     minus what the usage records (6.4.3) deducted: over the package's life
//     for a non-resettable package, over the current calendar month for a
//     resettable one;
//   - each record's available_amount - used_amount = remaining_amount, and
//     the next record of the item (in the same reset period) starts from it;
//   - the fee records of the bills (7.3) carry the same amounts as
//     free_resource_usage.
// Quantities are kept in thousandths of the item's measure.

// packageState is an account's resource packages.
type packageState struct {
	list    []*freePackage
	items   map[string]*pkgItem
	byKey   map[string][]*pkgItem // resource type|usage type|region → items, soonest expiry first
	records []pkgRecord           // deductions, in time order
}

type freePackage struct {
	instanceID, orderID, productID string
	nameEN, nameZH                 string
	ep                             *enterpriseProject // nil: outside enterprise projects
	epScope                        int
	effective, expire, unsub       int64 // unix seconds; unsub 0: not unsubscribed
	service, region                string
	source                         int    // 0 order, 1 gifted by DevCloud
	bundle                         string // ATOMIC_PKG or BUNDLE_PKG
	reuse                          int    // 1 resettable every calendar month, 2 not resettable
	items                          []*pkgItem
}

type pkgItem struct {
	id                 string
	pkg                *freePackage
	resourceType       string
	spec               string // "" any spec of the resource type
	usage              string // usage type code
	typeNameEN, typeZH string // free_resource_type_name
	quota              int64  // thousandths; per month when resettable
	measure            int
	used               map[int64]int64 // deducted, by reset period start (0 when not resettable)
}

// pkgRecord is one deduction (6.4.3).
type pkgRecord struct {
	item               *pkgItem
	res                *billedRes
	at, from, to       int64
	available, usedAmt int64
}

// until is when the package stops covering usage.
func (p *freePackage) until() int64 {
	if p.unsub != 0 && p.unsub < p.expire {
		return p.unsub
	}
	return p.expire
}

// period returns the start and end of the reset period of it containing t:
// the calendar month (GMT+08:00) for a resettable package, else the whole
// validity.
func (it *pkgItem) period(t int64) (int64, int64) {
	p := it.pkg
	if p.reuse != 1 {
		return p.effective, p.expire
	}
	ms := ldgMonthStart(time.Unix(t, 0))
	lo, hi := max(ms.Unix(), p.effective), min(ms.AddDate(0, 1, 0).Unix(), p.expire)
	return lo, hi
}

func (it *pkgItem) periodKey(t int64) int64 {
	if it.pkg.reuse != 1 {
		return 0
	}
	lo, _ := it.period(t)
	return lo
}

// remaining is what is left of it at t, in its reset period.
func (it *pkgItem) remaining(t int64) int64 {
	return it.quota - it.used[it.periodKey(t)]
}

func pkgKey(resourceType, usage, region string) string {
	return resourceType + "|" + usage + "|" + region
}

// itemsFor returns the package items that may cover br's usage, soonest
// expiry first.
func (ps *packageState) itemsFor(br *billedRes) []*pkgItem {
	return ps.byKey[pkgKey(br.p.resourceType, br.p.usageFactor, br.reg.code)]
}

// deduct takes pay-per-use usage of br in [from, to) from items (those of
// itemsFor) and returns what they covered.
func (ps *packageState) deduct(items []*pkgItem, br *billedRes, from, to, usage int64) int64 {
	var free int64
	for _, it := range items {
		if free == usage {
			break
		}
		p := it.pkg
		if from < p.effective || from >= p.until() || (it.spec != "" && it.spec != br.p.spec) {
			continue
		}
		left := it.remaining(from)
		take := min(left, usage-free)
		if take <= 0 {
			continue
		}
		it.used[it.periodKey(from)] += take
		free += take
		ps.records = append(ps.records, pkgRecord{item: it, res: br, at: to - 1, from: from, to: to, available: left, usedAmt: take})
	}
	return free
}

// status is the package's status at now (Table 6-41).
func (p *freePackage) status(now int64) int {
	switch {
	case p.unsub != 0 && p.unsub <= now:
		return 4
	case p.effective > now:
		return 0
	case p.expire <= now:
		return 3
	case p.reuse != 1:
		for _, it := range p.items {
			if it.remaining(now) > 0 {
				return 1
			}
		}
		return 2
	}
	return 1
}

// pkgTemplate is a kind of package the sandbox sells.
type pkgTemplate struct {
	service        string
	nameEN, nameZH string
	bundle         bool
	items          []pkgItemTemplate
}

type pkgItemTemplate struct {
	resourceType, usage string
	typeEN, typeZH      string
	quota               int64 // units
}

var (
	pkgCDN = pkgTemplate{service: "hws.service.type.cdn", nameEN: "CDN traffic package", nameZH: "CDN流量包",
		items: []pkgItemTemplate{{"hws.resource.type.cdn", "downflow", "CDN traffic", "CDN流量", 0}}}
	pkgTraffic = pkgTemplate{service: "hws.service.type.vpc", nameEN: "Shared data package (monthly reset)", nameZH: "共享流量包（按月重置）",
		items: []pkgItemTemplate{{"hws.resource.type.bandwidth", "upflow", "Public network traffic", "公网流量", 0}}}
	pkgECS = pkgTemplate{service: "hws.service.type.ec2", nameEN: "ECS duration package", nameZH: "云服务器时长包",
		items: []pkgItemTemplate{{"hws.resource.type.vm", "Duration", "ECS duration", "云服务器时长", 0}}}
	pkgBundle = pkgTemplate{service: "hws.service.type.cdn", nameEN: "Web delivery bundle (CDN + traffic)", nameZH: "网站加速组合包（CDN+流量）", bundle: true,
		items: []pkgItemTemplate{
			{"hws.resource.type.cdn", "downflow", "CDN traffic", "CDN流量", 0},
			{"hws.resource.type.bandwidth", "upflow", "Public network traffic", "公网流量", 0},
		}}
)

// genPackages sells the account packages for its pay-per-use instances (the
// first instance of each kind, which runs for the whole ledger, in the
// account's home region), with windows and quotas chosen so that the
// account has packages of every status: not effective (0), in effect (1),
// used up (2), expired (3) and unsubscribed (4). Their usage is deducted
// when genBills meters the instances.
func genPackages(w *world, a *account, g *gen) {
	ldgEnsurePPU(w, a)
	ps := &a.packages
	ps.items = map[string]*pkgItem{}
	ps.byKey = map[string][]*pkgItem{}
	b := &a.bills
	end := b.end()
	const day = 86400
	first := func(resourceType string) *billedRes {
		for _, br := range b.ppu {
			if br.p.resourceType == resourceType {
				return br
			}
		}
		return nil
	}
	cdn, bw, vm := first("hws.resource.type.cdn"), first("hws.resource.type.bandwidth"), first("hws.resource.type.vm")
	add := func(t pkgTemplate, target *billedRes, eff int64, months int, reuse int, quotas ...int64) *freePackage {
		if target == nil {
			return nil
		}
		effT := time.Unix(eff, 0)
		p := &freePackage{
			instanceID: fmt.Sprintf("01154-%09d-0", g.IntN(1e9)),
			orderID:    "CS" + effT.In(gmt8).Format("0601021504") + ldgCode(g.Uint64(), 5),
			productID:  fmt.Sprintf("90301-%06d-0--0", g.IntN(1e6)),
			nameEN:     t.nameEN, nameZH: t.nameZH,
			effective: eff, expire: effT.AddDate(0, months, 0).Unix() - 1,
			service: t.service, region: target.reg.code, bundle: "ATOMIC_PKG", reuse: reuse,
		}
		if t.bundle {
			p.bundle = "BUNDLE_PKG"
		}
		for i, it := range t.items {
			item := &pkgItem{
				id: uuidLike(g), pkg: p, resourceType: it.resourceType, usage: it.usage,
				typeNameEN: it.typeEN, typeZH: it.typeZH, quota: quotas[i] * 1000,
				measure: usageDefs[it.usage].measure, used: map[int64]int64{},
			}
			if it.resourceType == "hws.resource.type.vm" {
				item.spec = target.p.spec
			}
			p.items = append(p.items, item)
			ps.items[item.id] = item
		}
		ps.list = append(ps.list, p)
		return p
	}
	level := func(br *billedRes) int64 {
		if br == nil {
			return 0
		}
		return max(1, br.level/1000)
	}
	full := a.Kind == kindCustomer || a.Kind == kindEnterprise
	days := func(n int) int64 { return int64(n) * day }
	// In effect for the coming months, with room to spare.
	big := add(pkgCDN, cdn, end-days(g.between(100, 200)), 12, 2, level(cdn)*365*4)
	if big != nil {
		big.nameEN, big.nameZH = fmt.Sprintf("%s %d GB (1 year)", pkgCDN.nameEN, level(cdn)*365*4), fmt.Sprintf("%s %dGB（1年）", pkgCDN.nameZH, level(cdn)*365*4)
	}
	// Expired last year, mostly used.
	old := add(pkgCDN, cdn, end-days(g.between(400, 500)), 1, 2, level(cdn)*20)
	if old != nil {
		old.nameEN, old.nameZH = old.nameEN+" (1 month)", old.nameZH+"（1个月）"
	}
	// A resettable monthly traffic quota, most months used in full.
	if tr := add(pkgTraffic, bw, end-days(g.between(150, 300)), 12, 1, level(bw)*30*7/10); tr != nil && full && a.Kind == kindEnterprise && len(a.enterprise.projects) > 1 {
		ep := a.enterprise.projects[1]
		tr.ep, tr.epScope = &ep, 1
	}
	if full {
		// Used up: a small package bought two months ago.
		if up := add(pkgCDN, cdn, end-days(g.between(45, 70)), 3, 2, level(cdn)*10); up != nil {
			up.nameEN, up.nameZH = up.nameEN+" (3 months)", up.nameZH+"（3个月）"
		}
		// Not effective yet: an ECS hour package starting next month.
		add(pkgECS, vm, end+days(g.between(3, 20)), 1, 2, 744)
		// Unsubscribed after two months of use.
		if un := add(pkgECS, vm, end-days(g.between(240, 300)), 6, 2, 744*6); un != nil {
			un.unsub = un.effective + days(g.between(55, 70))
		}
		// A bundle in effect.
		add(pkgBundle, cdn, end-days(g.between(20, 60)), 6, 2, level(cdn)*200, level(bw)*200)
		// Gifted by DevCloud, expired.
		if gift := add(pkgCDN, cdn, end-days(g.between(300, 360)), 1, 2, 10); gift != nil {
			gift.source, gift.orderID = 1, ""
			gift.nameEN, gift.nameZH = "DevCloud gift: CDN traffic 10 GB", "DevCloud赠送：CDN流量10GB"
		}
	}
	for _, p := range ps.list {
		for _, it := range p.items {
			k := pkgKey(it.resourceType, it.usage, p.region)
			ps.byKey[k] = append(ps.byKey[k], it)
		}
	}
	for _, items := range ps.byKey {
		slices.SortStableFunc(items, func(x, y *pkgItem) int { return cmp.Compare(x.pkg.until(), y.pkg.until()) })
	}
	// Newest first, as the console lists them.
	slices.SortStableFunc(ps.list, func(x, y *freePackage) int { return cmp.Compare(y.effective, x.effective) })
}

// ---------------------------------------------------------------------------
// 6.4.1 Querying Resource Packages.

// pkgBody is the request body of 6.4.1.
type pkgBody struct {
	RegionCode          *string         `json:"region_code"`
	OrderID             *string         `json:"order_id"`
	ProductID           *string         `json:"product_id"`
	ProductName         *string         `json:"product_name"`
	EnterpriseProjectID *string         `json:"enterprise_project_id"`
	Status              json.RawMessage `json:"status"`
	ServiceTypeCodeList []string        `json:"service_type_code_list"`
	bodyPaging
}

// pkgFilter is a validated 10.1 request.
type pkgFilter struct {
	region, orderID, productID, productName, ep strFilter
	status                                      int
	statusSet                                   bool
	services                                    []string
	offset, limit                               int
}

// listPackages answers 6.4.1. Without enterprise_project_id it lists the
// packages outside any enterprise project; with one, the packages of that
// project. Packages that expired more than 18 months ago are not listed.
func (s *Server) listPackages(a *account, r *request) (any, error) {
	var body pkgBody
	if len(strings.TrimSpace(string(r.body))) > 0 {
		if err := r.decodeBody(&body); err != nil {
			return nil, err
		}
	}
	f, err := body.filter()
	if err != nil {
		return nil, err
	}
	en := r.en()
	now := r.now.Unix()
	retention := r.now.AddDate(0, -18, 0).Unix()
	var match []*freePackage
	for _, p := range a.packages.list {
		if p.expire >= retention && f.matches(p, en, now) {
			match = append(match, p)
		}
	}
	packages := pageViews(match, f.offset, f.limit, func(p *freePackage) upstream.FreeResourcePackage { return p.view(en, now) })
	return &upstream.PackagePage{TotalCount: len(match), Packages: packages}, nil
}

// optStr reads an optional string of at most n characters: null and "" are
// no filter.
func optStr(name string, v *string, n int) (strFilter, error) {
	if v == nil || *v == "" {
		return strFilter{}, nil
	}
	if err := billLen(name, *v, n); err != nil {
		return strFilter{}, err
	}
	return strFilter{true, *v}, nil
}

// filter validates the body, in the order the reference checks it.
func (body *pkgBody) filter() (*pkgFilter, error) {
	f := &pkgFilter{services: body.ServiceTypeCodeList}
	for _, sf := range []struct {
		name string
		v    *string
		n    int
		dst  *strFilter
	}{
		{"region_code", body.RegionCode, 64, &f.region},
		{"order_id", body.OrderID, 64, &f.orderID},
		{"product_id", body.ProductID, 64, &f.productID},
		{"product_name", body.ProductName, 256, &f.productName},
		{"enterprise_project_id", body.EnterpriseProjectID, 64, &f.ep},
	} {
		var err error
		if *sf.dst, err = optStr(sf.name, sf.v, sf.n); err != nil {
			return nil, err
		}
	}
	var err error
	if f.status, f.statusSet, err = rawInt("status", body.Status); err != nil {
		return nil, err
	}
	if f.statusSet {
		if err := checkRange("status", f.status, 0, 4); err != nil {
			return nil, err
		}
	}
	if f.offset, f.limit, err = body.page(999999, 1000); err != nil {
		return nil, err
	}
	if len(body.ServiceTypeCodeList) > 10 {
		return nil, badParam("service_type_code_list holds at most 10 codes, got %d", len(body.ServiceTypeCodeList))
	}
	return f, nil
}

// matches reports whether package p is selected (retention apart).
func (f *pkgFilter) matches(p *freePackage, en bool, now int64) bool {
	if f.ep.set {
		if p.ep == nil || p.ep.id != f.ep.v {
			return false
		}
	} else if p.ep != nil {
		return false
	}
	name := catLang(en, p.nameEN, p.nameZH)
	if !f.region.ok(p.region) || !f.orderID.ok(p.orderID) || !f.productID.ok(p.productID) || !f.productName.ok(name) {
		return false
	}
	if f.statusSet && p.status(now) != f.status {
		return false
	}
	return len(f.services) == 0 || slices.ContainsFunc(f.services, func(c string) bool { return strings.EqualFold(c, p.service) })
}

// view is p as 10.1 returns it at now.
func (p *freePackage) view(en bool, now int64) upstream.FreeResourcePackage {
	fp := upstream.FreeResourcePackage{
		OrderInstanceID: p.instanceID, OrderID: p.orderID, ProductID: p.productID,
		ProductName: catLang(en, p.nameEN, p.nameZH), EnterpriseProjectScope: p.epScope,
		EffectiveTime: ldgTime(p.effective), ExpireTime: ldgTime(p.expire), Status: p.status(now),
		ServiceTypeCode: p.service, ServiceTypeName: catalogServiceName(p.service, en),
		RegionCode: p.region, SourceType: p.source, BundleType: p.bundle, QuotaReuseMode: p.reuse,
		FreeResources: []upstream.FreeResource{},
	}
	if p.ep != nil {
		id := p.ep.id
		fp.EnterpriseProjectID = &id
	}
	for _, it := range p.items {
		fp.FreeResources = append(fp.FreeResources, upstream.FreeResource{
			FreeResourceID: it.id, UsageTypeName: pkgUsageName(it.usage, en),
			Amount:         upstream.StringAmount{Decimal: ldgQty(it.remaining(now))},
			OriginalAmount: upstream.StringAmount{Decimal: ldgQty(it.quota)},
			MeasureID:      it.measure,
		})
	}
	return fp
}

func pkgUsageName(usage string, en bool) string {
	if u, ok := usageDefs[usage]; ok {
		return catLang(en, u.en, u.zh)
	}
	return usage
}

// ---------------------------------------------------------------------------
// 6.4.2 Viewing Resource Package Usage.

// packageUsages answers 6.4.2: the current usage of up to 100 items, in the
// order asked; unknown ids (and other accounts' items) are left out.
func (s *Server) packageUsages(a *account, r *request) (any, error) {
	var body struct {
		FreeResourceIDs []string `json:"free_resource_ids"`
	}
	if err := r.decodeBody(&body); err != nil {
		return nil, err
	}
	if len(body.FreeResourceIDs) == 0 {
		return nil, badParam("free_resource_ids is mandatory")
	}
	if len(body.FreeResourceIDs) > 100 {
		return nil, badParam("free_resource_ids holds at most 100 IDs, got %d", len(body.FreeResourceIDs))
	}
	for i, id := range body.FreeResourceIDs {
		if len(id) > 64 {
			return nil, badParam("free_resource_ids[%d] is longer than 64 bytes", i)
		}
	}
	en := r.en()
	now := r.now.Unix()
	out := &upstream.FreeResourceUsageList{FreeResources: []upstream.FreeResourceUsage{}}
	seen := map[string]bool{}
	for _, id := range body.FreeResourceIDs {
		it, ok := a.packages.items[id]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		u := upstream.FreeResourceUsage{
			FreeResourceID: it.id, FreeResourceTypeName: catLang(en, it.typeNameEN, it.typeZH),
			UsageTypeName:  pkgUsageName(it.usage, en),
			Amount:         upstream.AmountOf(ldgQty(it.remaining(now))),
			OriginalAmount: upstream.AmountOf(ldgQty(it.quota)),
			MeasureID:      it.measure,
		}
		lo, hi := it.period(min(max(now, it.pkg.effective), it.pkg.expire-1))
		if it.pkg.reuse == 1 {
			u.QuotaReuseCycle, u.QuotaReuseCycleType = 4, 1
			u.StartTime, u.EndTime = ldgTime(lo), ldgTime(hi-1)
		} else {
			u.StartTime, u.EndTime = ldgTime(it.pkg.effective), ldgTime(it.pkg.expire)
		}
		out.FreeResources = append(out.FreeResources, u)
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// 6.4.3 Querying Resource Package Usage Details.

// packageUsageRecords answers 6.4.3: deductions in a window of GMT+08:00
// dates (at most 90 days from begin to end), oldest first.
func (s *Server) packageUsageRecords(a *account, r *request) (any, error) {
	q := r.query()
	beginV, err := r.requiredParam("deduct_time_begin")
	if err != nil {
		return nil, err
	}
	endV, err := r.requiredParam("deduct_time_end")
	if err != nil {
		return nil, err
	}
	begin, err := parseDate("deduct_time_begin", beginV)
	if err != nil || begin.Format(dateLayout) != beginV {
		return nil, badParam("deduct_time_begin must be a date YYYY-MM-DD, got %q", beginV)
	}
	end, err := parseDate("deduct_time_end", endV)
	if err != nil || end.Format(dateLayout) != endV {
		return nil, badParam("deduct_time_end must be a date YYYY-MM-DD, got %q", endV)
	}
	if end.Before(begin) {
		return nil, badParam("deduct_time_end must not be before deduct_time_begin")
	}
	if end.Sub(begin) > 90*24*time.Hour {
		return nil, badParam("the deduction window must not exceed 90 days")
	}
	offset, limit, err := r.pageParams(1<<31-1, 1000)
	if err != nil {
		return nil, err
	}
	var filters [3]strFilter
	for i, name := range []string{"free_resource_id", "product_id", "resource_type_code"} {
		v := q.Get(name)
		if err := billLen(name, v, 64); err != nil {
			return nil, err
		}
		filters[i] = strFilter{v != "", v}
	}
	from, to := begin.Unix(), end.AddDate(0, 0, 1).Unix()
	en := r.en()
	var match []*pkgRecord
	for i := range a.packages.records {
		rec := &a.packages.records[i]
		if rec.at < from || rec.at >= to {
			continue
		}
		if !filters[0].ok(rec.item.id) || !filters[1].ok(rec.item.pkg.productID) || !filters[2].ok(rec.res.p.resourceType) {
			continue
		}
		match = append(match, rec)
	}
	out := &upstream.FreeResourceRecordPage{Records: []upstream.FreeResourceRecord{}, TotalCount: len(match)}
	for _, rec := range page(match, offset, limit) {
		it := rec.item
		out.Records = append(out.Records, upstream.FreeResourceRecord{
			DeductTime: ldgTime(rec.at), FreeResourceID: it.id, ResourceID: rec.res.id,
			ResourceTypeCode: rec.res.p.resourceType, ResourceTypeName: catalogResourceName(rec.res.p.resourceType, en),
			ResourceTag: rec.res.tag, ProductID: it.pkg.productID, ProductName: catLang(en, it.pkg.nameEN, it.pkg.nameZH),
			UsageTypeCode:   it.usage,
			AvailableAmount: upstream.StringAmount{Decimal: ldgQty(rec.available)},
			RemainingAmount: upstream.StringAmount{Decimal: ldgQty(rec.available - rec.usedAmt)},
			UsedAmount:      upstream.StringAmount{Decimal: ldgQty(rec.usedAmt)},
			MeasureID:       it.measure, EffectiveTime: ldgTime(rec.from), ExpireTime: ldgTime(rec.to),
		})
	}
	return out, nil
}
