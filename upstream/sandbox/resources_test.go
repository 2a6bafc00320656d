package sandbox

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ymOpenPrimary returns the first visible primary of a (in creation order)
// that satisfies ok and is in no pending order.
func ymOpenPrimary(a *account, ok func(*resource) bool) *resource {
	for _, r := range a.resources.list {
		if r.IsMainResource == 1 && r.Status != resClosed && !slices.ContainsFunc(r.unit(), func(x *resource) bool { return x.pendingOrder != "" }) && ok(r) {
			return r
		}
	}
	return nil
}

func ymGetResources(t *testing.T, c *upstream.Client, ctx context.Context, req *upstream.ResourceListRequest) *upstream.ResourcePage {
	t.Helper()
	p, err := c.Resources.List(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResources_GeneratedData(t *testing.T) {
	t.Parallel()
	sz := DefaultSizes
	w := &world{seed: 1, sizes: sz, now: Epoch, accounts: map[string]*account{}, byToken: map[string]*account{}, byAK: map[string]*account{}}
	a := w.addAccount(TokenEnterprise, DomainEnterprise, "sandbox-enterprise", kindEnterprise, nil)
	genEnterprise(w, a, w.rand(a.ID, "enterprise"))
	genResourcesAndOrders(w, a, sz, w.rand(a.ID, "orders"))

	if len(a.resources.list) != sz.Resources || len(a.resources.byID) != sz.Resources {
		t.Errorf("%d resources (%d by id), want %d", len(a.resources.list), len(a.resources.byID), sz.Resources)
	}
	statuses, policies, services, regions, projects := map[int]int{}, map[int]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	attached, linear, trials, security := 0, 0, 0, 0
	changed := map[*resource]bool{}
	for _, o := range a.orders.list {
		if o.orderType == ordTyChange {
			changed[o.resources[0]] = true
		}
	}
	for i, r := range a.resources.list {
		statuses[r.Status]++
		policies[r.ExpirePolicy]++
		services[r.ServiceTypeCode]++
		regions[r.RegionCode]++
		projects[r.EnterpriseProject.Name]++
		if r.securityFrozen {
			security++
		}
		if r.trial {
			trials++
		}
		// Parents precede attachments and point at each other.
		if r.IsMainResource == 0 {
			attached++
			p := a.resources.byID[r.ParentResourceID]
			if p == nil || p != r.primary || !slices.Contains(p.attached, r) || slices.Index(a.resources.list, p) > i {
				t.Fatalf("attached resource %s: parent %s missing or later", r.ResourceID, r.ParentResourceID)
			}
			if r.Status != p.Status && r.Status != resClosed || r.ExpireTime != p.ExpireTime || r.orderID != p.orderID {
				t.Errorf("attached %s out of step with its primary", r.ResourceID)
			}
		} else if r.ParentResourceID != r.ResourceID {
			t.Errorf("primary %s has parent %s", r.ResourceID, r.ParentResourceID)
		}
		if r.product.linear {
			linear++
			if r.SpecSize == nil || r.SpecSizeMeasureID == nil || *r.SpecSizeMeasureID != r.product.sizeMeasure || r.SpecSize.IntPart() != int64(r.size) {
				t.Errorf("linear resource %s: spec_size %v measure %v", r.ResourceID, r.SpecSize, r.SpecSizeMeasureID)
			}
		} else if r.SpecSize != nil {
			t.Errorf("non-linear resource %s has spec_size", r.ResourceID)
		}
		// The order that created it exists, is completed and paid its
		// first period; the periods run end to end up to the expiry.
		o := a.orders.byID[r.orderID]
		if o == nil || o.parent != nil || o.status != ordStCompleted || !slices.Contains(o.resources, r) {
			t.Fatalf("resource %s: creating order %s missing, not top-level, not completed or not listing it", r.ResourceID, r.orderID)
		}
		if !slices.Contains([]int{ordTyNewPurchase, ordTyToPeriodic, ordTyTrial, ordTyPriceAdjust}, o.orderType) {
			t.Errorf("resource %s created by an order of type %d", r.ResourceID, o.orderType)
		}
		if len(r.periods) == 0 || r.periods[0].orderID != o.id || !r.periods[0].start.Equal(r.effective) || !r.periods[len(r.periods)-1].end.Equal(r.expire) {
			t.Fatalf("resource %s: periods %+v do not run from %s to %s", r.ResourceID, r.periods, r.effective, r.expire)
		}
		for j, p := range r.periods {
			po := a.orders.byID[p.orderID]
			if po == nil || po.status != ordStCompleted || j > 0 && !p.start.Equal(r.periods[j-1].end) || !p.period.after(p.start).Equal(p.end) {
				t.Errorf("resource %s period %d (%s) inconsistent", r.ResourceID, j, p.orderID)
			}
			if j > 0 && po.orderType != ordTyRenewal && po.orderType != ordTyCommercial {
				t.Errorf("resource %s period %d paid by an order of type %d", r.ResourceID, j, po.orderType)
			}
			// The period's price is the product's periodPrice less the
			// order's discounts.
			if !changed[r] && p.paid.GreaterThan(periodPrice(r.product, r.region, r.size, p.period.typ, p.period.num)) {
				t.Errorf("resource %s paid %s for period %d, above list price", r.ResourceID, p.paid, j)
			}
		}
		if !r.effective.Before(Epoch) || r.updated.Before(r.effective) || r.updated.After(Epoch) {
			t.Errorf("resource %s: effective %s updated %s", r.ResourceID, r.effective, r.updated)
		}
		// The status agrees with the clock.
		switch r.Status {
		case resProvisioned:
			if !r.expire.After(Epoch) {
				t.Errorf("provisioned resource %s expired at %s", r.ResourceID, r.expire)
			}
		case resExpired:
			if r.expire.After(Epoch) || Epoch.Sub(r.expire) > 15*ymDay {
				t.Errorf("expired resource %s expires %s", r.ResourceID, r.expire)
			}
		case resFrozen:
			if !r.securityFrozen && (r.expire.After(Epoch) || Epoch.Sub(r.expire) > 31*ymDay) {
				t.Errorf("frozen resource %s expires %s", r.ResourceID, r.expire)
			}
		}
		if r.EffectiveTime != fmtTime(r.effective) || r.ExpireTime != fmtTime(r.expire) || r.UpdateTime != fmtTime(r.updated) {
			t.Errorf("resource %s: time strings out of sync", r.ResourceID)
		}
	}
	for _, st := range []int{2, 3, 4, 5} {
		if statuses[st] == 0 {
			t.Errorf("no resource with status %d", st)
		}
	}
	for p := range 6 {
		if policies[p] == 0 {
			t.Errorf("no resource with expire_policy %d", p)
		}
	}
	if len(services) < 10 || len(regions) < 5 || len(projects) < 3 || attached == 0 || linear == 0 || trials == 0 || security == 0 {
		t.Errorf("%d services, %d regions, %d projects, %d attached, %d linear, %d trials, %d security-frozen",
			len(services), len(regions), len(projects), attached, linear, trials, security)
	}
	t.Logf("statuses %v, policies %v, %d services, %d regions, projects %v, %d attached", statuses, policies, len(services), len(regions), projects, attached)

	// Resources referenced by orders exist, and no two orders are pending
	// on the same resource.
	pendingOn := map[*resource]string{}
	for _, o := range a.orders.byID {
		for _, r := range o.resources {
			if a.resources.byID[r.ResourceID] != r {
				t.Errorf("order %s concerns unknown resource %s", o.id, r.ResourceID)
			}
		}
		if o.status == ordStPendingPayment && o.orderType == ordTyRenewal {
			for _, r := range o.resources {
				if r.pendingOrder != o.id || pendingOn[r] != "" {
					t.Errorf("resource %s pending on %q and %s", r.ResourceID, pendingOn[r], o.id)
				}
				pendingOn[r] = o.id
			}
		}
	}
}

func TestResources_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)

	// Without filters: every visible resource, closed ones hidden.
	visible, closed := 0, 0
	for _, r := range a.resources.list {
		if r.Status == resClosed {
			closed++
		} else {
			visible++
		}
	}
	var all []upstream.Resource
	for off := 0; off < visible; off += 40 {
		p, err := c.Resources.List(ctx, &upstream.ResourceListRequest{OffsetListOptions: upstream.OffsetListOptions{Offset: off, Limit: 40}})
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != visible {
			t.Fatalf("total_count %d, want %d visible", p.TotalCount, visible)
		}
		all = append(all, p.Resources...)
	}
	if len(all) != visible || closed == 0 {
		t.Fatalf("listed %d, want %d (closed %d)", len(all), visible, closed)
	}
	for _, r := range all {
		if r.Status == 3 || r.ServiceTypeName == "" || r.ResourceTypeName == "" || r.ProductSpecDesc == "" || r.EnterpriseProject == nil || r.ProjectID == "" || r.ProductID == "" {
			t.Fatalf("resource %+v incomplete or closed", r)
		}
	}
	// Closed resources come back when asked for.
	if p, _ := c.Resources.List(ctx, &upstream.ResourceListRequest{StatusList: []int{3}, OffsetListOptions: upstream.OffsetListOptions{Limit: 500}}); p.TotalCount != closed {
		t.Errorf("status_list [3]: %d, want %d", p.TotalCount, closed)
	}
	// Default page size is 10.
	if p, _ := c.Resources.List(ctx, nil); len(p.Resources) != 10 {
		t.Errorf("default page holds %d", len(p.Resources))
	}

	// A primary with attachments: by id with and without only_main_resource.
	prim := ymOpenPrimary(a, func(r *resource) bool { return len(r.attached) > 0 })
	p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{prim.ResourceID}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}})
	if p.TotalCount != 1+len(prim.attached) || p.Resources[0].ResourceID != prim.ResourceID {
		t.Errorf("primary with attachments: %+v", p)
	}
	for _, r := range p.Resources[1:] {
		if r.IsMainResource != 0 || r.ParentResourceID != prim.ResourceID {
			t.Errorf("attached %s: main %d parent %s", r.ResourceID, r.IsMainResource, r.ParentResourceID)
		}
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{prim.ResourceID}, OnlyMainResource: 1, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != 1 {
		t.Errorf("only_main_resource: %d resources", p.TotalCount)
	}
	// Named attached resources are returned even with only_main_resource.
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{prim.attached[0].ResourceID}, OnlyMainResource: 1, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != 1 || p.Resources[0].IsMainResource != 0 {
		t.Errorf("attached by id with only_main_resource: %+v", p)
	}
	// By the order that created it: the same resources, and the order
	// lists the resource's primary among them.
	byOrder := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{OrderID: strings.ToLower(prim.orderID), OffsetListOptions: upstream.OffsetListOptions{Limit: 500}})
	if !slices.ContainsFunc(byOrder.Resources, func(r upstream.Resource) bool { return r.ResourceID == prim.ResourceID }) {
		t.Errorf("resources of order %s lack %s", prim.orderID, prim.ResourceID)
	}
	// Service type, status and expiry window filters.
	from, to := Epoch, Epoch.AddDate(0, 3, 0)
	p = ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ServiceTypeCode: "hws.service.type.ec2", StatusList: []int{2}, ExpireTimeBegin: fmtTime(from), ExpireTimeEnd: fmtTime(to), OffsetListOptions: upstream.OffsetListOptions{Limit: 500}})
	if p.TotalCount == 0 {
		t.Error("no ECS expiring in the next 3 months")
	}
	for _, r := range p.Resources {
		exp, _ := time.Parse(utcLayout, r.ExpireTime)
		if r.ServiceTypeCode != "hws.service.type.ec2" || r.ServiceTypeName != "Elastic Cloud Server" || r.Status != 2 || exp.Before(from) || exp.After(to) {
			t.Errorf("filter returned %s (%s, %d, %s)", r.ResourceID, r.ServiceTypeCode, r.Status, r.ExpireTime)
		}
	}

	// Renew with automatic payment: a completed renewal order priced
	// from the product table, and the expiry moved by the period.
	target := ymOpenPrimary(a, func(r *resource) bool {
		return r.Status == resProvisioned && len(r.attached) > 0 && r.ExpirePolicy != 3
	})
	oldExp := target.expire
	rr, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: 2, PeriodNum: 3, IsAutoPay: 1})
	if err != nil || len(rr.OrderIDs) != 1 || len(rr.FailedResources) != 0 {
		t.Fatalf("renew: %+v, %v", rr, err)
	}
	d, err := c.Orders.Get(ctx, rr.OrderIDs[0], &upstream.ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	list := decimal.Zero
	for _, r := range target.unit() {
		list = list.Add(periodPrice(r.product, r.region, r.size, 2, 3))
	}
	wantExp := ymPeriod{2, 3}.after(oldExp)
	if d.Order.OrderType != 2 || d.Order.Status != 5 || d.Order.PaymentTime == nil || !d.Order.OfficialAmount.Equal(list) || d.TotalCount != len(target.unit()) {
		t.Errorf("auto-paid renewal: %+v, %d items; want completed, official %s", d.Order.OrderBase, d.TotalCount, list)
	}
	for _, it := range d.LineItems {
		if it.EffectiveTime != fmtTime(oldExp) || it.ExpireTime != fmtTime(wantExp) || it.PeriodType != 2 || *it.PeriodNum != 3 {
			t.Errorf("renewal item %+v", it)
		}
	}
	p = ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}})
	for _, r := range p.Resources {
		if r.ExpireTime != fmtTime(wantExp) || r.Status != 2 {
			t.Errorf("after renewal %s expires %s (status %d), want %s", r.ResourceID, r.ExpireTime, r.Status, fmtTime(wantExp))
		}
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{OrderID: rr.OrderIDs[0], OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != len(target.unit()) {
		t.Errorf("the renewal order concerns %d resources", p.TotalCount)
	}

	// Renew without payment: a pending order that blocks further renewals
	// until it is paid, which then extends the expiry.
	exp2 := wantExp
	rr, err = c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: 3, PeriodNum: 1})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = c.Orders.Get(ctx, rr.OrderIDs[0], nil)
	if d.Order.Status != 6 || d.Order.PendingPaymentEndTime == nil {
		t.Errorf("renewal without auto-pay: %+v", d.Order)
	}
	_, err = c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: 2, PeriodNum: 1})
	ymWantErr(t, "renewing a resource in a pending order", err, 400, "CBC.99003100")
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OnlyMainResource: 1}); p.Resources[0].ExpireTime != fmtTime(exp2) {
		t.Errorf("a pending renewal moved the expiry")
	}
	if err := c.Orders.Pay(ctx, &upstream.PayOrderRequest{OrderID: rr.OrderIDs[0], UseCoupon: "NO", UseDiscount: "NO"}); err != nil {
		t.Fatal(err)
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OnlyMainResource: 1}); p.Resources[0].ExpireTime != fmtTime(ymPeriod{3, 1}.after(exp2)) {
		t.Errorf("paid renewal: expiry %s", p.Resources[0].ExpireTime)
	}

	// Auto-renewal on and off; the policy before it comes back.
	before := target.ExpirePolicy
	if err := c.Resources.EnableAutoRenew(ctx, target.attached[0].ResourceID); err != nil {
		t.Fatal(err)
	}
	for _, r := range ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}).Resources {
		if r.ExpirePolicy != 3 {
			t.Errorf("after enabling auto-renewal %s has policy %d", r.ResourceID, r.ExpirePolicy)
		}
	}
	if err := c.Resources.EnableAutoRenew(ctx, target.ResourceID); err != nil {
		t.Errorf("enabling twice: %v", err)
	}
	if err := c.Resources.DisableAutoRenew(ctx, target.ResourceID); err != nil {
		t.Fatal(err)
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OnlyMainResource: 1}); p.Resources[0].ExpirePolicy != before {
		t.Errorf("after disabling auto-renewal policy %d, want %d", p.Resources[0].ExpirePolicy, before)
	}
	ymWantErr(t, "disabling auto-renewal twice", c.Resources.DisableAutoRenew(ctx, target.ResourceID), 400, "CBC.99003605")

	// Pay-per-use at expiry: set up and cancelled, per resource.
	other := ymOpenPrimary(a, func(r *resource) bool { return r.Status == resProvisioned && r != target && r.ExpirePolicy != 1 })
	pr, err := c.Resources.SetPayPerUseAfterExpiry(ctx, &upstream.PayPerUseAfterExpiryRequest{Operation: upstream.PayPerUseSetUp, ResourceIDs: []string{target.ResourceID, other.ResourceID}})
	if err != nil || len(pr.ErrorDetails) != 0 {
		t.Fatalf("SET_UP: %+v, %v", pr, err)
	}
	for _, r := range ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID, other.ResourceID}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}).Resources {
		if r.ExpirePolicy != 1 {
			t.Errorf("after SET_UP %s has policy %d", r.ResourceID, r.ExpirePolicy)
		}
	}
	if _, err := c.Resources.SetPayPerUseAfterExpiry(ctx, &upstream.PayPerUseAfterExpiryRequest{Operation: upstream.PayPerUseCancel, ResourceIDs: []string{target.ResourceID}}); err != nil {
		t.Fatal(err)
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OnlyMainResource: 1}); p.Resources[0].ExpirePolicy != before {
		t.Errorf("after CANCEL policy %d, want %d", p.Resources[0].ExpirePolicy, before)
	}

	// Unsubscribe: an unsubscription order with refund records; the
	// resources close (and disappear from the default query).
	ur, err := c.Resources.Unsubscribe(ctx, &upstream.UnsubscribeResourcesRequest{ResourceIDs: []string{target.ResourceID}, UnsubscribeType: 1, UnsubscribeReasonType: 5, UnsubscribeReason: "test"})
	if err != nil || len(ur.OrderIDs) != 1 {
		t.Fatalf("unsubscribe: %+v, %v", ur, err)
	}
	d, _ = c.Orders.Get(ctx, ur.OrderIDs[0], &upstream.ListOptions{Limit: 100})
	refunds, err := c.Orders.ListRefunds(ctx, ur.OrderIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	sum := decimal.Zero
	for _, rec := range refunds.Records {
		sum = sum.Add(rec.Amount.Decimal)
		if _, err := c.Orders.Get(ctx, rec.BaseOrderID, nil); err != nil {
			t.Errorf("refund base order %s: %v", rec.BaseOrderID, err)
		}
	}
	if d.Order.OrderType != 4 || d.Order.Status != 5 || !d.Order.AmountAfterDiscount.IsNegative() || !sum.Equal(d.Order.AmountAfterDiscount.Decimal) || len(refunds.Records) == 0 {
		t.Errorf("unsubscription order %+v, refunds sum %s", d.Order.OrderBase, sum)
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != 0 {
		t.Errorf("unsubscribed resources still visible: %+v", p)
	}
	if p := ymGetResources(t, c, ctx, &upstream.ResourceListRequest{ResourceIDs: []string{target.ResourceID}, StatusList: []int{3}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != len(target.unit()) {
		t.Errorf("closed unit: %d resources", p.TotalCount)
	}
	_, err = c.Resources.Unsubscribe(ctx, &upstream.UnsubscribeResourcesRequest{ResourceIDs: []string{target.ResourceID}, UnsubscribeType: 1})
	ymWantErr(t, "unsubscribing twice", err, 400, "CBC.30000067")
	_, err = c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{target.ResourceID}, PeriodType: 2, PeriodNum: 1})
	ymWantErr(t, "renewing an unsubscribed resource", err, 400, "CBC.99003016")
}

func TestResources_UnsubscribeRenewalPeriods(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	c, ctx := ymClient(t, srv, TokenCustomer)
	a := ymAccount(sb, TokenCustomer)
	r := ymOpenPrimary(a, func(r *resource) bool { return r.Status == resProvisioned && !r.trial })
	req := &upstream.UnsubscribeResourcesRequest{ResourceIDs: []string{r.ResourceID}, UnsubscribeType: 2}
	if !slices.ContainsFunc(r.periods, func(p resPeriod) bool { return !p.start.Before(Epoch) }) {
		_, err := c.Resources.Unsubscribe(ctx, req)
		ymWantErr(t, "unsubscribing renewal periods of a resource without any", err, 400, "CBC.99003128")
	}
	exp := r.expire
	// Automatic payment spends cash coupons first, and what coupons paid
	// is not refunded: spend them beforehand so the balance pays it all.
	for _, id := range a.coupons.autoPayCoupons(Epoch) {
		a.coupons.redeem(id, "CS-TEST", decimal.NewFromInt(1_000_000), Epoch)
	}
	if _, err := c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{r.ResourceID}, PeriodType: 3, PeriodNum: 1, IsAutoPay: 1}); err != nil {
		t.Fatal(err)
	}
	ur, err := c.Resources.Unsubscribe(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// The renewal is refunded in full and the expiry goes back; the
	// resource stays in effect.
	refunds, _ := c.Orders.ListRefunds(ctx, ur.OrderIDs[0])
	paid := decimal.Zero
	for _, x := range r.unit() {
		paid = paid.Add(periodPrice(x.product, x.region, x.size, 3, 1))
	}
	sum := decimal.Zero
	for _, rec := range refunds.Records {
		sum = sum.Add(rec.Amount.Decimal)
	}
	if !sum.Equal(paid.Neg()) {
		t.Errorf("refund of the renewal period: %s, want %s", sum, paid.Neg())
	}
	p, _ := c.Resources.List(ctx, &upstream.ResourceListRequest{ResourceIDs: []string{r.ResourceID}, OnlyMainResource: 1})
	if p.TotalCount != 1 || p.Resources[0].Status != 2 || p.Resources[0].ExpireTime != fmtTime(exp) {
		t.Errorf("after unsubscribing the renewal: %+v, want expiry %s", p.Resources, fmtTime(exp))
	}
	_, err = c.Resources.Unsubscribe(ctx, req)
	ymWantErr(t, "unsubscribing the renewal periods twice", err, 400, "CBC.99003128")
}

func TestResources_BadInput(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	a := ymAccount(sb, TokenCustomer)
	prim := ymOpenPrimary(a, func(r *resource) bool {
		return r.Status == resProvisioned && len(r.attached) > 0 && !ymDetachable(r.attached[0])
	})
	free := ymOpenPrimary(a, func(r *resource) bool { return r.Status == resProvisioned && r != prim && !r.trial })
	expired := ymOpenPrimary(a, func(r *resource) bool { return r.Status == resExpired })
	var closed, pending *resource
	for _, r := range a.resources.list {
		if r.Status == resClosed && closed == nil {
			closed = r
		}
		if r.pendingOrder != "" && r.IsMainResource == 1 && pending == nil {
			pending = r
		}
	}
	if prim == nil || free == nil || expired == nil || closed == nil || pending == nil {
		t.Fatal("seed lacks a resource the test needs")
	}
	ids := func(n int) string {
		var s []string
		for i := range n {
			s = append(s, `"id-`+string(rune('a'+i))+`"`)
		}
		return "[" + strings.Join(s, ",") + "]"
	}
	const query = "/v2/orders/suscriptions/resources/query"
	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"query: 51 ids", "POST", query, `{"resource_ids":` + ids(51) + `}`, 400, "CBC.0100"},
		{"query: limit 0", "POST", query, `{"limit":0}`, 400, "CBC.0100"},
		{"query: limit 501", "POST", "/v2/orders/subscriptions/resources/query", `{"limit":501}`, 400, "CBC.0100"},
		{"query: negative offset", "POST", query, `{"offset":-1}`, 400, "CBC.0100"},
		{"query: empty service type", "POST", query, `{"service_type_code":""}`, 400, "CBC.0100"},
		{"query: status 1", "POST", query, `{"status_list":[1]}`, 400, "CBC.0100"},
		{"query: only_main_resource 2", "POST", query, `{"only_main_resource":2}`, 400, "CBC.0100"},
		{"query: bad expiry format", "POST", query, `{"expire_time_begin":"2024-01-01 00:00:00"}`, 400, "CBC.0100"},
		{"query: not JSON", "POST", query, `{"limit":`, 400, "CBC.0100"},
		{"renew: no ids", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":[],"period_type":2,"period_num":1}`, 400, "CBC.0100"},
		{"renew: 11 ids", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":` + ids(11) + `,"period_type":2,"period_num":1}`, 400, "CBC.0100"},
		{"renew: duplicate ids", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + free.ResourceID + `","` + free.ResourceID + `"],"period_type":2,"period_num":1}`, 400, "CBC.0100"},
		{"renew: period type 1", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + free.ResourceID + `"],"period_type":1,"period_num":1}`, 400, "CBC.0100"},
		{"renew: 12 months", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + free.ResourceID + `"],"period_type":2,"period_num":12}`, 400, "CBC.0100"},
		{"renew: 4 years", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + free.ResourceID + `"],"period_type":3,"period_num":4}`, 400, "CBC.99000092"},
		{"renew: is_auto_pay 2", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + free.ResourceID + `"],"period_type":2,"period_num":1,"is_auto_pay":2}`, 400, "CBC.0100"},
		{"renew: attached resource", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + prim.attached[0].ResourceID + `"],"period_type":2,"period_num":1}`, 400, "CBC.30010036"},
		{"renew: unknown resource", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + free.ResourceID + `","no-such-resource"],"period_type":2,"period_num":1}`, 400, "CBC.99003016"},
		{"renew: closed resource", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + closed.ResourceID + `"],"period_type":2,"period_num":1}`, 400, "CBC.99003016"},
		{"renew: in a pending order", "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["` + pending.ResourceID + `"],"period_type":2,"period_num":1}`, 400, "CBC.99003100"},
		{"unsubscribe: 11 ids", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":` + ids(11) + `,"unsubscribe_type":1}`, 400, "CBC.0100"},
		{"unsubscribe: type missing", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["` + free.ResourceID + `"]}`, 400, "CBC.0100"},
		{"unsubscribe: reason type 6", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["` + free.ResourceID + `"],"unsubscribe_type":1,"unsubscribe_reason_type":6}`, 400, "CBC.0100"},
		{"unsubscribe: unknown resource", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["no-such-resource"],"unsubscribe_type":1}`, 400, "CBC.99003012"},
		{"unsubscribe: closed resource", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["` + closed.ResourceID + `"],"unsubscribe_type":1}`, 400, "CBC.30000067"},
		{"unsubscribe: system disk alone", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["` + prim.attached[0].ResourceID + `"],"unsubscribe_type":1}`, 400, "CBC.99003185"},
		{"unsubscribe: in a pending order", "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["` + pending.ResourceID + `"],"unsubscribe_type":1}`, 400, "CBC.99003100"},
		{"auto-renew on: unknown", "POST", "/v2/orders/subscriptions/resources/autorenew/no-such-resource", "", 400, "CBC.99003012"},
		{"auto-renew on: expired", "POST", "/v2/orders/subscriptions/resources/autorenew/" + expired.ResourceID, "", 400, "CBC.99003602"},
		{"auto-renew off: unknown", "DELETE", "/v2/orders/subscriptions/resources/autorenew/no-such-resource", "", 400, "CBC.99003012"},
		{"auto-renew off: too long id", "DELETE", "/v2/orders/subscriptions/resources/autorenew/" + strings.Repeat("x", 65), "", 400, "CBC.0100"},
		{"to-on-demand: bad operation", "POST", "/v2/orders/subscriptions/resources/to-on-demand", `{"operation":"ENABLE","resource_ids":["` + free.ResourceID + `"]}`, 400, "CBC.0100"},
		{"to-on-demand: no ids", "POST", "/v2/orders/subscriptions/resources/to-on-demand", `{"operation":"SET_UP","resource_ids":[]}`, 400, "CBC.0100"},
		{"to-on-demand: 101 ids", "POST", "/v2/orders/subscriptions/resources/to-on-demand", `{"operation":"SET_UP","resource_ids":[` + strings.Repeat(`"x",`, 100) + `"x"]}`, 400, "CBC.0100"},
	}
	for _, tt := range tests {
		status, body := call(t, srv, tt.method, tt.path, TokenCustomer, tt.body)
		if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, status, body, tt.status, tt.code)
		}
	}
	// CBC.99003016 lists the resources it refused.
	_, body := call(t, srv, "POST", "/v2/orders/subscriptions/resources/renew", TokenCustomer, `{"resource_ids":["`+free.ResourceID+`","gone-1","gone-2"],"period_type":2,"period_num":1}`)
	var rb upstream.RenewErrorBody
	if json.Unmarshal([]byte(body), &rb); !slices.Equal(rb.ExpiredResourceIDs, []string{"gone-1", "gone-2"}) {
		t.Errorf("renew error body = %s", body)
	}
	// to-on-demand reports failed resources with HTTP 200, per resource,
	// and applies the others.
	status, body := call(t, srv, "POST", "/v2/orders/subscriptions/resources/to-on-demand", TokenCustomer,
		`{"operation":"SET_UP","resource_ids":["no-such-resource","`+expired.ResourceID+`","`+prim.attached[0].ResourceID+`","`+pending.ResourceID+`","`+free.ResourceID+`"]}`)
	var res upstream.PayPerUseAfterExpiryResult
	json.Unmarshal([]byte(body), &res)
	codes := map[string]string{}
	for _, d := range res.ErrorDetails {
		codes[d.ID] = d.ErrorCode
	}
	want := map[string]string{"no-such-resource": "CBC.99003012", expired.ResourceID: "CBC.99003610", prim.attached[0].ResourceID: "CBC.0100", pending.ResourceID: "CBC.99003623"}
	if status != 200 || len(codes) != len(want) {
		t.Errorf("to-on-demand partial failure: %d %s", status, body)
	}
	for id, code := range want {
		if codes[id] != code {
			t.Errorf("to-on-demand %s: %q, want %s", id, codes[id], code)
		}
	}
	if free.ExpirePolicy != 1 {
		t.Errorf("the valid resource of the batch has policy %d", free.ExpirePolicy)
	}
	// Nothing refused changed the other resources.
	if prim.Status != resProvisioned || closed.Status != resClosed || pending.ExpirePolicy == 1 {
		t.Error("a refused call changed a resource")
	}
}

func TestResources_Isolation(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{QuotaScale: -1})
	tokens := []string{TokenCustomer, TokenEnterprise, TokenPartner}
	owner := map[string]string{}
	for _, tok := range tokens {
		c, ctx := ymClient(t, srv, tok)
		p, err := c.Resources.List(ctx, &upstream.ResourceListRequest{OffsetListOptions: upstream.OffsetListOptions{Limit: 500}, StatusList: []int{2, 3, 4, 5}})
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != len(ymAccount(sb, tok).resources.list) {
			t.Errorf("%s: %d resources, owns %d", tok, p.TotalCount, len(ymAccount(sb, tok).resources.list))
		}
		for _, r := range p.Resources {
			if o, dup := owner[r.ResourceID]; dup {
				t.Errorf("resource %s seen by %s and %s", r.ResourceID, o, tok)
			}
			owner[r.ResourceID] = tok
		}
	}
	for _, tok := range tokens {
		c, ctx := ymClient(t, srv, tok)
		for _, other := range tokens {
			if other == tok {
				continue
			}
			b := ymAccount(sb, other)
			r := ymOpenPrimary(b, func(r *resource) bool { return r.Status == resProvisioned })
			policy := r.ExpirePolicy
			if p, _ := c.Resources.List(ctx, &upstream.ResourceListRequest{ResourceIDs: []string{r.ResourceID}, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != 0 {
				t.Errorf("%s sees resource %s of %s", tok, r.ResourceID, other)
			}
			if p, _ := c.Resources.List(ctx, &upstream.ResourceListRequest{OrderID: r.orderID, OffsetListOptions: upstream.OffsetListOptions{Limit: 50}}); p.TotalCount != 0 {
				t.Errorf("%s sees the resources of order %s of %s", tok, r.orderID, other)
			}
			_, err := c.Resources.Unsubscribe(ctx, &upstream.UnsubscribeResourcesRequest{ResourceIDs: []string{r.ResourceID}, UnsubscribeType: 1})
			ymWantErr(t, tok+" unsubscribing a resource of "+other, err, 400, "CBC.99003012")
			_, err = c.Resources.Renew(ctx, &upstream.RenewResourcesRequest{ResourceIDs: []string{r.ResourceID}, PeriodType: 2, PeriodNum: 1, IsAutoPay: 1})
			ymWantErr(t, tok+" renewing a resource of "+other, err, 400, "CBC.99003016")
			ymWantErr(t, tok+" enabling auto-renewal of "+other, c.Resources.EnableAutoRenew(ctx, r.ResourceID), 400, "CBC.99003012")
			if r.Status != resProvisioned || r.ExpirePolicy != policy {
				t.Errorf("%s changed a resource of %s", tok, other)
			}
		}
	}
}
