package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ppu builds a pay-per-use item.
func ppu(id, svc, rt, spec, factor string, usage string, unit int, size *int, sizeUnit *int) upstream.PayPerUseProductInfo {
	return upstream.PayPerUseProductInfo{
		ID: id, CloudServiceType: svc, ResourceType: rt, ResourceSpec: spec, Region: "ap-southeast-1",
		UsageFactor: factor, UsageValue: upstream.NewAmount(usage), UsageMeasureID: unit, SubscriptionNum: 1,
		ResourceSize: size, SizeMeasureID: sizeUnit,
	}
}

func mustProduct(t *testing.T, rt, spec string) *product {
	t.Helper()
	p, ok := findProduct(rt, spec)
	if !ok {
		t.Fatalf("no product %s %s", rt, spec)
	}
	return p
}

func TestPricing_PayPerUse(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	ctx := pcCtx(t, TokenCustomer, "en_US")
	hk := regions[0]
	req := &upstream.PayPerUsePriceRequest{ProjectID: "p1", ProductInfos: []upstream.PayPerUseProductInfo{
		ppu("1", "hws.service.type.ec2", "hws.resource.type.vm", "s6.large.2.linux", "Duration", "2", 4, nil, nil),
		ppu("2", "hws.service.type.ebs", "hws.resource.type.volume", "SSD", "duration", "120", 5, intp(10), intp(17)),
		ppu("3", "hws.service.type.vpc", "hws.resource.type.ip", "5_bgp", "Duration", "1", 0, nil, nil),
		ppu("4", "hws.service.type.vpc", "hws.resource.type.bandwidth", "12_bgp", "upflow", "4", 10, nil, nil),
		ppu("5", "hws.service.type.obs", "hws.resource.type.obs", "obs.standard.storage", "capacity", "2", 19, nil, nil),
		ppu("6", "hws.service.type.cdn", "hws.resource.type.cdn", "cdn.traffic.asia", "downflow", "512", 11, nil, nil),
	}}
	req.ProductInfos[0].SubscriptionNum = 3
	q, err := c.Pricing.PayPerUse(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]decimal.Decimal{
		"1": hourlyOnDemand(mustProduct(t, "hws.resource.type.vm", "s6.large.2.linux"), hk, 0).Mul(d("6")),
		"2": hourlyOnDemand(mustProduct(t, "hws.resource.type.volume", "SSD"), hk, 10).Mul(d("2")),
		"3": hourlyOnDemand(mustProduct(t, "hws.resource.type.ip", "5_bgp"), hk, 0).Mul(d("24")),
		"4": hourlyOnDemand(mustProduct(t, "hws.resource.type.bandwidth", "12_bgp"), hk, 0).Mul(d("4")),
		"5": hourlyOnDemand(mustProduct(t, "hws.resource.type.obs", "obs.standard.storage"), hk, 0).Mul(d("2048")),
		"6": hourlyOnDemand(mustProduct(t, "hws.resource.type.cdn", "cdn.traffic.asia"), hk, 0).Mul(d("0.5")),
	}
	if len(q.ProductRatingResults) != len(want) {
		t.Fatalf("%d results, want %d", len(q.ProductRatingResults), len(want))
	}
	sum, sumList := decimal.Zero, decimal.Zero
	for _, res := range q.ProductRatingResults {
		w := want[res.ID].Round(6)
		if !res.OfficialWebsiteAmount.Equal(w) || !res.Amount.Equal(w) || !res.DiscountAmount.IsZero() {
			t.Errorf("item %s: list %s amount %s, want %s", res.ID, res.OfficialWebsiteAmount, res.Amount, w)
		}
		if res.MeasureID != 1 || !strings.HasPrefix(res.ProductID, "00301-") || len(res.DiscountRatingResults) != 0 {
			t.Errorf("item %s: %+v", res.ID, res)
		}
		sum, sumList = sum.Add(res.Amount.Decimal), sumList.Add(res.OfficialWebsiteAmount.Decimal)
	}
	if !q.Amount.Equal(sum) || !q.OfficialWebsiteAmount.Equal(sumList) || !q.DiscountAmount.IsZero() || q.Currency != "USD" || q.MeasureID != 1 {
		t.Errorf("top level %s / %s, want the item sums %s / %s", q.Amount, q.OfficialWebsiteAmount, sum, sumList)
	}

	// inquiry_precision 1 keeps 10 places; 0 rounds the same price to 6.
	one := 1
	fine, err := c.Pricing.PayPerUse(ctx, &upstream.PayPerUsePriceRequest{ProjectID: "p1", InquiryPrecision: &one,
		ProductInfos: []upstream.PayPerUseProductInfo{ppu("x", "hws.service.type.vpc", "hws.resource.type.ip", "5_bgp", "Duration", "1", 4, nil, nil)}})
	if err != nil {
		t.Fatal(err)
	}
	exact := hourlyOnDemand(mustProduct(t, "hws.resource.type.ip", "5_bgp"), hk, 0)
	if got := fine.ProductRatingResults[0].Amount; !got.Equal(exact) || exact.Exponent() != -10 || exact.Equal(exact.Round(6)) {
		t.Errorf("precision 1: %s, want %s (10 places)", got, exact)
	}
}

func TestPricing_PayPerUseCommercialDiscount(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	for _, tok := range []string{TokenEnterprise, "sandbox-member-2"} {
		q, err := c.Pricing.PayPerUse(pcCtx(t, tok, ""), &upstream.PayPerUsePriceRequest{ProjectID: "p", ProductInfos: []upstream.PayPerUseProductInfo{
			ppu("a", "hws.service.type.ec2", "hws.resource.type.vm", "c6.large.2.linux", "Duration", "10", 4, nil, nil),
			ppu("b", "hws.service.type.rds", "hws.resource.type.rds.vm", "rds.mysql.n1.large.2.single", "Duration", "1", 0, nil, nil),
		}})
		if err != nil {
			t.Fatal(err)
		}
		sumOff := decimal.Zero
		for _, r := range q.ProductRatingResults {
			if len(r.DiscountRatingResults) != 1 || r.DiscountRatingResults[0].DiscountType != 605 {
				t.Fatalf("%s item %s: discounts %+v, want the commercial discount", tok, r.ID, r.DiscountRatingResults)
			}
			off := r.OfficialWebsiteAmount.Mul(d("0.15")).Round(6)
			if !r.DiscountAmount.Equal(off) || !r.Amount.Equal(r.OfficialWebsiteAmount.Sub(off)) || !r.DiscountRatingResults[0].Amount.Equal(off) {
				t.Errorf("%s item %s: %+v, want 15%% off", tok, r.ID, r)
			}
			sumOff = sumOff.Add(off)
		}
		if !q.DiscountAmount.Equal(sumOff) || !q.Amount.Equal(q.OfficialWebsiteAmount.Sub(sumOff)) {
			t.Errorf("%s top level: %+v", tok, q)
		}
	}
}

func subItem(id, rt, spec string, pt, pn int) upstream.SubscriptionProductInfo {
	p, _ := findProduct(rt, spec)
	it := upstream.SubscriptionProductInfo{ID: id, CloudServiceType: p.serviceType, ResourceType: rt, ResourceSpec: spec,
		Region: "ap-southeast-3", PeriodType: pt, PeriodNum: pn, SubscriptionNum: 1}
	if p.linear {
		it.ResourceSize, it.SizeMeasureID = intp(p.minSize*4), intp(p.sizeMeasure)
	}
	return it
}

func TestPricing_Subscription(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	sg, _ := regionByCode("ap-southeast-3")
	items := []upstream.SubscriptionProductInfo{
		subItem("month", "hws.resource.type.vm", "m6.xlarge.8.linux", periodMonth, 1),
		subItem("year", "hws.resource.type.vm", "m6.xlarge.8.linux", periodYear, 1),
		subItem("disk", "hws.resource.type.volume", "GPSSD", periodMonth, 3),
		subItem("bw", "hws.resource.type.bandwidth", "19_bgp", periodDay, 5),
		subItem("hour", "hws.resource.type.ip", "5_bgp", periodHour, 7),
	}
	items[0].SubscriptionNum = 2
	items[1].SubscriptionNum = 2

	q, err := c.Pricing.Subscription(pcCtx(t, TokenCustomer, ""), &upstream.SubscriptionPriceRequest{ProjectID: "p", ProductInfos: items})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.OptionalDiscountRatingResults) != 0 || q.Currency != "USD" {
		t.Errorf("plain customer: discounts %+v currency %q", q.OptionalDiscountRatingResults, q.Currency)
	}
	got := map[string]decimal.Decimal{}
	sum := decimal.Zero
	for _, r := range q.OfficialWebsiteRatingResult.ProductRatingResults {
		got[r.ID] = r.OfficialWebsiteAmount.Decimal
		sum = sum.Add(r.OfficialWebsiteAmount.Decimal)
	}
	for _, it := range items {
		p, _ := findProduct(it.ResourceType, it.ResourceSpec)
		size := 0
		if it.ResourceSize != nil {
			size = *it.ResourceSize
		}
		want := periodPrice(p, sg, size, it.PeriodType, it.PeriodNum).Mul(decimal.NewFromInt(int64(it.SubscriptionNum)))
		if !got[it.ID].Equal(want) {
			t.Errorf("%s: %s, want periodPrice %s", it.ID, got[it.ID], want)
		}
	}
	if !q.OfficialWebsiteRatingResult.OfficialWebsiteAmount.Equal(sum) {
		t.Errorf("top level %s, item sum %s", q.OfficialWebsiteRatingResult.OfficialWebsiteAmount, sum)
	}
	// A year costs ten months, not twelve.
	if got["year"].Equal(got["month"].Mul(d("12"))) || !got["year"].Equal(got["month"].Mul(d("10"))) {
		t.Errorf("year %s, month %s: want year = 10 months", got["year"], got["month"])
	}

	// The enterprise gets its commercial discount as the best offer.
	eq, err := c.Pricing.Subscription(pcCtx(t, TokenEnterprise, "en_US"), &upstream.SubscriptionPriceRequest{ProjectID: "p", ProductInfos: items})
	if err != nil {
		t.Fatal(err)
	}
	if !eq.OfficialWebsiteRatingResult.OfficialWebsiteAmount.Equal(sum) || len(eq.OptionalDiscountRatingResults) != 1 {
		t.Fatalf("enterprise quote %+v", eq)
	}
	dr := eq.OptionalDiscountRatingResults[0]
	if dr.DiscountType != 605 || dr.BestOffer != 1 || dr.DiscountID == "" || !strings.Contains(dr.DiscountName, "commercial") {
		t.Errorf("discount %+v, want the best commercial offer", dr)
	}
	offSum := decimal.Zero
	for _, r := range dr.ProductRatingResults {
		if !r.Amount.Equal(r.OfficialWebsiteAmount.Sub(r.DiscountAmount.Decimal)) || !r.DiscountAmount.Equal(r.OfficialWebsiteAmount.Mul(d("0.15")).Round(2)) {
			t.Errorf("discounted item %+v", r)
		}
		offSum = offSum.Add(r.DiscountAmount.Decimal)
	}
	if !dr.DiscountAmount.Equal(offSum) || !dr.Amount.Equal(dr.OfficialWebsiteAmount.Sub(offSum)) || !dr.OfficialWebsiteAmount.Equal(sum) {
		t.Errorf("discount totals %+v", dr)
	}
}

func TestPricing_BestOfferRule(t *testing.T) {
	t.Parallel()
	com := discountOffer{typ: 605}
	partner := discountOffer{typ: 607}
	reseller := discountOffer{typ: 606}
	tests := []struct {
		offers  []discountOffer
		amounts []string
		want    int
	}{
		{nil, nil, -1},
		{[]discountOffer{com}, []string{"1"}, 0},
		{[]discountOffer{partner, com}, []string{"5", "5"}, 1},    // tie: commercial
		{[]discountOffer{com, partner}, []string{"5", "5.01"}, 1}, // larger wins
		{[]discountOffer{partner, reseller}, []string{"3", "3"}, 1},
		{[]discountOffer{com, partner}, []string{"7", "2"}, 0},
	}
	for i, tt := range tests {
		var am []decimal.Decimal
		for _, s := range tt.amounts {
			am = append(am, d(s))
		}
		if got := bestOffer(tt.offers, am); got != tt.want {
			t.Errorf("case %d: best %d, want %d", i, got, tt.want)
		}
	}
}

// addTestResource puts a yearly/monthly resource into an account of sb, for
// the renewal inquiry tests, whatever the seeded resources are.
func addTestResource(t *testing.T, sb *Server, token string, res *resource) {
	t.Helper()
	sb.mu.Lock()
	defer sb.mu.Unlock()
	a := sb.world.byToken[token]
	if a.resources.byID == nil {
		a.resources.byID = make(map[string]*resource)
	}
	a.resources.list = append(a.resources.list, res)
	a.resources.byID[res.ResourceID] = res
}

func testResource(id, parent string, main int, status int, rt, spec string, size int) *resource {
	p, _ := findProduct(rt, spec)
	reg, _ := regionByCode("af-south-1")
	return &resource{
		Resource: upstream.Resource{ID: "inst-" + id, ResourceID: id, ParentResourceID: parent, IsMainResource: main, Status: status,
			ServiceTypeCode: p.serviceType, ResourceTypeCode: rt, ResourceSpecCode: spec, RegionCode: reg.code},
		product: p, region: reg, size: size,
	}
}

func TestPricing_Renewal(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	vm := testResource("test-vm-1", "test-vm-1", 1, 2, "hws.resource.type.vm", "c6.2xlarge.4.win", 0)
	disk := testResource("test-disk-1", "test-vm-1", 0, 2, "hws.resource.type.volume", "SSD", 100)
	bw := testResource("test-bw-1", "test-vm-1", 0, 2, "hws.resource.type.bandwidth", "19_bgp", 5)
	gone := testResource("test-disk-2", "test-vm-1", 0, 3, "hws.resource.type.volume", "SAS", 40) // closed: not renewed
	solo := testResource("test-dcs-1", "", 1, 5, "hws.resource.type.dcs", "redis.ha.xu1.large.r2.2", 0)
	closed := testResource("test-elb-1", "", 1, 3, "hws.resource.type.elb", "L7_flavor.elb.s1.small", 0)
	traffic := testResource("test-bw-2", "", 1, 2, "hws.resource.type.bandwidth", "12_bgp", 0)
	for _, r := range []*resource{vm, disk, bw, gone, solo, closed, traffic} {
		addTestResource(t, sb, TokenCustomer, r)
	}
	ent := testResource("test-ent-vm", "", 1, 2, "hws.resource.type.vm", "s6.small.1.linux", 0)
	addTestResource(t, sb, TokenEnterprise, ent)

	c := pcClient(t, srv)
	ctx := pcCtx(t, TokenCustomer, "")
	q, err := c.Pricing.Renewal(ctx, &upstream.RenewalPriceRequest{
		ResourceIDs: []string{"test-dcs-1", "test-vm-1", "test-disk-1", "test-elb-1", "test-ent-vm", "nope", "test-bw-2"},
		PeriodType:  periodYear, PeriodNum: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	wantSolo := periodPrice(solo.product, solo.region, 0, periodYear, 2)
	wantVM := periodPrice(vm.product, vm.region, 0, periodYear, 2).
		Add(periodPrice(disk.product, disk.region, 100, periodYear, 2)).
		Add(periodPrice(bw.product, bw.region, 5, periodYear, 2))
	if len(q.RenewInquiryResults) != 2 ||
		q.RenewInquiryResults[0].ResourceID != "test-dcs-1" || !q.RenewInquiryResults[0].Amount.Equal(wantSolo) ||
		q.RenewInquiryResults[1].ResourceID != "test-vm-1" || !q.RenewInquiryResults[1].Amount.Equal(wantVM) {
		t.Errorf("renew results %+v, want dcs %s (its periodPrice) and vm %s (with its attachments)", q.RenewInquiryResults, wantSolo, wantVM)
	}
	if !q.OfficialWebsiteRatingResult.OfficialWebsiteAmount.Equal(wantSolo.Add(wantVM)) {
		t.Errorf("official %s, want %s", q.OfficialWebsiteRatingResult.OfficialWebsiteAmount, wantSolo.Add(wantVM))
	}
	fails := map[string]string{}
	for _, f := range q.FailResourceInfos {
		fails[f.ResourceID] = f.ErrorCode
		if f.ErrorMsg == "" {
			t.Errorf("failure %+v has no message", f)
		}
	}
	wantFails := map[string]string{
		"test-disk-1": "CBC.30050007", // attached
		"test-elb-1":  "CBC.30050009", // closed
		"test-ent-vm": "CBC.30050009", // another account's
		"nope":        "CBC.30050009",
		"test-bw-2":   "CBC.30050013", // pay-per-use product
	}
	if fmt.Sprint(fails) != fmt.Sprint(wantFails) {
		t.Errorf("failures %v, want %v", fails, wantFails)
	}
	if len(q.OptionalDiscountRatingResults) != 0 {
		t.Errorf("plain customer got discounts %+v", q.OptionalDiscountRatingResults)
	}

	// Amounts are JSON strings on the wire.
	status, body := call(t, srv, "POST", "/v2/bills/ratings/period-resources/renew-rate", TokenCustomer,
		`{"resource_ids":["test-dcs-1"],"period_type":2,"period_num":1,"include_relative_resources":""}`)
	var raw struct {
		Results []struct {
			Amount json.RawMessage `json:"amount"`
		} `json:"renew_inquiry_results"`
		Official struct {
			Amount json.RawMessage `json:"official_website_amount"`
		} `json:"official_website_rating_result"`
	}
	if err := json.Unmarshal([]byte(body), &raw); status != 200 || err != nil || len(raw.Results) != 1 {
		t.Fatalf("%d %s", status, body)
	}
	month := periodPrice(solo.product, solo.region, 0, periodMonth, 1)
	if string(raw.Results[0].Amount) != `"`+month.StringFixed(2)+`"` || string(raw.Official.Amount) != `"`+month.StringFixed(2)+`"` {
		t.Errorf("amounts %s / %s, want the string %q", raw.Results[0].Amount, raw.Official.Amount, month.StringFixed(2))
	}

	// The enterprise prices its own resource, with its discount as best offer.
	eq, err := c.Pricing.Renewal(pcCtx(t, TokenEnterprise, ""), &upstream.RenewalPriceRequest{ResourceIDs: []string{"test-ent-vm", "test-vm-1"}, PeriodType: periodMonth, PeriodNum: 3})
	if err != nil {
		t.Fatal(err)
	}
	entPrice := periodPrice(ent.product, ent.region, 0, periodMonth, 3)
	if len(eq.RenewInquiryResults) != 1 || !eq.RenewInquiryResults[0].Amount.Equal(entPrice) ||
		len(eq.FailResourceInfos) != 1 || eq.FailResourceInfos[0].ErrorCode != "CBC.30050009" {
		t.Errorf("enterprise renewal %+v", eq)
	}
	if len(eq.OptionalDiscountRatingResults) != 1 {
		t.Fatalf("enterprise discounts %+v", eq.OptionalDiscountRatingResults)
	}
	dr := eq.OptionalDiscountRatingResults[0]
	off := entPrice.Mul(d("0.15")).Round(2)
	if dr.BestOffer != 1 || dr.DiscountType != 605 || !dr.DiscountAmount.Equal(off) || !dr.Amount.Equal(entPrice.Sub(off)) || !dr.OfficialWebsiteAmount.Equal(entPrice) {
		t.Errorf("enterprise discount %+v", dr)
	}
}

// TestPricing_RenewalMatchesRenewalOrders prices seeded primary resources
// of the customer, renews them (6.3.2, without paying) and checks that each
// renewal order costs what the inquiry said; the resources, now in orders
// pending payment, can no longer be priced (CBC.30050010).
func TestPricing_RenewalMatchesRenewalOrders(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	ctx := pcCtx(t, TokenCustomer, "")
	page, err := c.Resources.List(ctx, &upstream.ResourceListRequest{OnlyMainResource: 1, StatusList: []int{2}, OffsetListOptions: upstream.OffsetListOptions{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range page.Resources {
		ids = append(ids, r.ResourceID)
	}
	if len(ids) < 5 {
		t.Fatalf("only %d provisioned primary resources seeded", len(ids))
	}
	q, err := c.Pricing.Renewal(ctx, &upstream.RenewalPriceRequest{ResourceIDs: ids, PeriodType: periodYear, PeriodNum: 1})
	if err != nil {
		t.Fatal(err)
	}
	var priced []string
	quoted := map[string]decimal.Decimal{}
	for _, r := range q.RenewInquiryResults {
		priced = append(priced, r.ResourceID)
		quoted[r.ResourceID] = r.Amount.Decimal
	}
	for _, f := range q.FailResourceInfos {
		if f.ErrorCode != "CBC.30050010" && f.ErrorCode != "CBC.30050013" {
			t.Errorf("seeded primary %s: %+v", f.ResourceID, f)
		}
	}
	if len(priced) == 0 {
		t.Fatalf("none of %v could be priced: %+v", ids, q.FailResourceInfos)
	}
	renewed, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: priced, PeriodType: periodYear, PeriodNum: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(renewed.OrderIDs) != len(priced) {
		t.Fatalf("%d renewal orders for %d resources", len(renewed.OrderIDs), len(priced))
	}
	for i, id := range renewed.OrderIDs {
		od, err := c.Orders.Get(ctx, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !od.Order.OfficialAmount.Equal(quoted[priced[i]]) {
			t.Errorf("resource %s: renewal order %s costs %s, the inquiry said %s", priced[i], id, od.Order.OfficialAmount, quoted[priced[i]])
		}
	}
	again, err := c.Pricing.Renewal(ctx, &upstream.RenewalPriceRequest{ResourceIDs: priced, PeriodType: periodYear, PeriodNum: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.RenewInquiryResults) != 0 || len(again.FailResourceInfos) != len(priced) {
		t.Fatalf("after renewing: %+v", again)
	}
	for _, f := range again.FailResourceInfos {
		if f.ErrorCode != "CBC.30050010" {
			t.Errorf("resource %s in a pending renewal order: %s, want CBC.30050010", f.ResourceID, f.ErrorCode)
		}
	}
}

func TestPricing_BadInput(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	addTestResource(t, sb, TokenCustomer, testResource("test-vm-9", "", 1, 2, "hws.resource.type.vm", "s6.small.1.linux", 0))
	const (
		ondemand = "/v2/bills/ratings/on-demand-resources"
		period   = "/v2/bills/ratings/period-resources/subscribe-rate"
		renew    = "/v2/bills/ratings/period-resources/renew-rate"
	)
	vm := `{"id":"1","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"s6.small.1.linux","region":"ap-southeast-1","usage_factor":"Duration","usage_value":1,"usage_measure_id":4,"subscription_num":1}`
	with := func(item, field, value string) string {
		var m map[string]any
		json.Unmarshal([]byte(item), &m)
		if value == "-" {
			delete(m, field)
		} else {
			var v any
			json.Unmarshal([]byte(value), &v)
			m[field] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	ppuBody := func(items ...string) string {
		return `{"project_id":"p","product_infos":[` + strings.Join(items, ",") + `]}`
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = with(vm, "id", fmt.Sprintf("%q", fmt.Sprint(i)))
	}
	pvm := `{"id":"1","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"s6.small.1.linux","region":"ap-southeast-1","period_type":2,"period_num":1,"subscription_num":1}`
	disk := `{"id":"2","cloud_service_type":"hws.service.type.ebs","resource_type":"hws.resource.type.volume","resource_spec":"SAS","region":"ap-southeast-1","period_type":2,"period_num":1,"subscription_num":1,"resource_size":40,"size_measure_id":17}`
	elevenIDs := `["a","b","c","d","e","f","g","h","i","j","k"]`
	tests := []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"ppu empty body", ondemand, ``, 400, "CBC.0100"},
		{"ppu malformed", ondemand, `{"project_id":`, 400, "CBC.0100"},
		{"ppu no project", ondemand, `{"product_infos":[` + vm + `]}`, 400, "CBC.0100"},
		{"ppu no products", ondemand, `{"project_id":"p","product_infos":[]}`, 400, "CBC.0100"},
		{"ppu 101 products", ondemand, ppuBody(many...), 400, "CBC.0100"},
		{"ppu duplicate ids", ondemand, ppuBody(vm, vm), 400, "CBC.0100"},
		{"ppu precision 2", ondemand, `{"project_id":"p","inquiry_precision":2,"product_infos":[` + vm + `]}`, 400, "CBC.0100"},
		{"ppu no usage value", ondemand, ppuBody(with(vm, "usage_value", "-")), 400, "CBC.0100"},
		{"ppu negative usage", ondemand, ppuBody(with(vm, "usage_value", "-1")), 400, "CBC.0100"},
		{"ppu no unit", ondemand, ppuBody(with(vm, "usage_measure_id", "-")), 400, "CBC.0100"},
		{"ppu subscription 0", ondemand, ppuBody(with(vm, "subscription_num", "0")), 400, "CBC.0100"},
		{"ppu subscription 10001", ondemand, ppuBody(with(vm, "subscription_num", "10001")), 400, "CBC.0100"},
		{"ppu no region", ondemand, ppuBody(with(vm, "region", `""`)), 400, "CBC.0100"},
		{"ppu unknown spec", ondemand, ppuBody(with(vm, "resource_spec", `"s9.huge.linux"`)), 400, "CBC.99006006"},
		{"ppu wrong service", ondemand, ppuBody(with(vm, "cloud_service_type", `"hws.service.type.rds"`)), 400, "CBC.99006006"},
		{"ppu unknown region", ondemand, ppuBody(with(vm, "region", `"cn-north-9"`)), 400, "CBC.99006006"},
		{"ppu wrong usage factor", ondemand, ppuBody(with(vm, "usage_factor", `"upflow"`)), 400, "CBC.99006074"},
		{"ppu traffic unit for duration", ondemand, ppuBody(with(vm, "usage_measure_id", "10")), 400, "CBC.99006050"},
		{"ppu unknown unit", ondemand, ppuBody(with(vm, "usage_measure_id", "999")), 400, "CBC.99006050"},
		{"ppu huge amount", ondemand, ppuBody(with(vm, "usage_value", "1e15")), 400, "CBC.99006055"},
		{"ppu linear without size", ondemand, ppuBody(`{"id":"d","cloud_service_type":"hws.service.type.ebs","resource_type":"hws.resource.type.volume","resource_spec":"SAS","region":"ap-southeast-1","usage_factor":"Duration","usage_value":1,"usage_measure_id":4,"subscription_num":1}`), 400, "CBC.0100"},

		{"sub no project", period, `{"product_infos":[` + pvm + `]}`, 400, "CBC.0100"},
		{"sub 101 products", period, `{"project_id":"p","product_infos":[` + strings.Repeat(pvm+",", 100) + pvm + `]}`, 400, "CBC.0100"},
		{"sub period type 1", period, `{"project_id":"p","product_infos":[` + with(pvm, "period_type", "1") + `]}`, 400, "CBC.0100"},
		{"sub period type 5", period, `{"project_id":"p","product_infos":[` + with(pvm, "period_type", "5") + `]}`, 400, "CBC.0100"},
		{"sub period num 0", period, `{"project_id":"p","product_infos":[` + with(pvm, "period_num", "0") + `]}`, 400, "CBC.0100"},
		{"sub no period", period, `{"project_id":"p","product_infos":[` + with(pvm, "period_num", "-") + `]}`, 400, "CBC.0100"},
		{"sub wrong size unit", period, `{"project_id":"p","product_infos":[` + with(disk, "size_measure_id", "15") + `]}`, 400, "CBC.0100"},
		{"sub size too small", period, `{"project_id":"p","product_infos":[` + with(disk, "resource_size", "5") + `]}`, 400, "CBC.0100"},
		{"sub pay-per-use only product", period, `{"project_id":"p","product_infos":[` + with(with(pvm, "resource_type", `"hws.resource.type.obs"`), "resource_spec", `"obs.standard.storage"`) + `]}`, 400, "CBC.99006006"},
		{"sub unknown spec", period, `{"project_id":"p","product_infos":[` + with(pvm, "resource_spec", `"x"`) + `]}`, 400, "CBC.99006006"},
		{"sub huge amount", period, `{"project_id":"p","product_infos":[` + with(with(pvm, "period_num", "2000000000"), "subscription_num", "10000") + `]}`, 400, "CBC.99006055"},

		{"renew no ids", renew, `{"period_type":2,"period_num":1}`, 400, "CBC.0100"},
		{"renew empty ids", renew, `{"resource_ids":[],"period_type":2,"period_num":1}`, 400, "CBC.0100"},
		{"renew 11 ids", renew, `{"resource_ids":` + elevenIDs + `,"period_type":2,"period_num":1}`, 400, "CBC.0100"},
		{"renew duplicate ids", renew, `{"resource_ids":["test-vm-9","test-vm-9"],"period_type":2,"period_num":1}`, 400, "CBC.30050012"},
		{"renew period type 0", renew, `{"resource_ids":["test-vm-9"],"period_type":0,"period_num":1}`, 400, "CBC.0100"},
		{"renew 12 months", renew, `{"resource_ids":["test-vm-9"],"period_type":2,"period_num":12}`, 400, "CBC.0100"},
		{"renew 4 years", renew, `{"resource_ids":["test-vm-9"],"period_type":3,"period_num":4}`, 400, "CBC.0100"},
		{"renew no period", renew, `{"resource_ids":["test-vm-9"],"period_type":3}`, 400, "CBC.0100"},
		{"renew bad flag", renew, `{"resource_ids":["test-vm-9"],"period_type":3,"period_num":1,"include_relative_resources":"yes"}`, 400, "CBC.0100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, srv, "POST", tt.path, TokenCustomer, tt.body)
			if status != tt.status || !strings.Contains(body, fmt.Sprintf(`"error_code":%q`, tt.code)) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
}
