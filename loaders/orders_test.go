package loaders_test

import (
	"errors"
	"testing"

	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// TestOrderByID_Dedupes: one call per distinct order, each key with its own
// result or error, in key order.
func TestOrderByID_Dedupes(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	ctx := callerCtx(sandbox.TokenCustomer)
	p, err := e.client.Orders.List(ctx, &upstream.OrderListOptions{ListOptions: upstream.ListOptions{Limit: 20}})
	if err != nil || len(p.Orders) != 20 {
		t.Fatalf("orders: %v", err)
	}
	e.sandbox.ResetCalls()
	obs := &batchObserver{}
	l := loaders.New(ctx, e.client, obs)
	var keys []string
	for _, o := range p.Orders {
		keys = append(keys, o.OrderID, o.OrderID)
	}
	keys = append(keys, "CS0000000000NOPE0")
	got, errs := l.OrderByID.LoadPages(ctx, keys, 0)()
	for i, k := range keys[:40] {
		if (i < len(errs) && errs[i] != nil) || got[i].Order.OrderID != k {
			t.Fatalf("key %d (%s): %+v %v", i, k, got[i], errs)
		}
		if len(got[i].LineItems) != min(got[i].TotalCount, loaders.OrderDetailLimit) {
			t.Errorf("%s: %d of %d line items loaded", k, len(got[i].LineItems), got[i].TotalCount)
		}
	}
	if len(errs) != len(keys) || !errors.Is(errs[40], upstream.ErrNotFound) {
		t.Errorf("unknown order: errs = %v, want ErrNotFound for it alone", errs)
	}
	if n := e.sandbox.Calls()["ShowCustomerOrderDetails"]; n != 21 {
		t.Errorf("ShowCustomerOrderDetails = %d, want 21 (one per distinct order)", n)
	}
}

func TestRefundsByOrder(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	ctx := callerCtx(sandbox.TokenCustomer)
	p, err := e.client.Orders.List(ctx, &upstream.OrderListOptions{OrderType: "4", Status: 5, ListOptions: upstream.ListOptions{Limit: 2}})
	if err != nil || len(p.Orders) == 0 {
		t.Fatalf("unsubscription orders: %v", err)
	}
	e.sandbox.ResetCalls()
	l := loaders.New(ctx, e.client, nil)
	id := p.Orders[0].OrderID
	a, b := l.RefundsByOrder.Load(ctx, id), l.RefundsByOrder.Load(ctx, id)
	ra, err := a()
	if err != nil || len(ra) == 0 {
		t.Fatalf("refunds of %s: %v %v", id, ra, err)
	}
	if rb, _ := b(); len(rb) != len(ra) {
		t.Errorf("second load = %d records, want %d", len(rb), len(ra))
	}
	if n := e.sandbox.Calls()["ShowRefundOrderDetails"]; n != 1 {
		t.Errorf("ShowRefundOrderDetails = %d, want 1", n)
	}
	// A purchase is not an unsubscription order: its own error, documented.
	p, _ = e.client.Orders.List(ctx, &upstream.OrderListOptions{OrderType: "1", ListOptions: upstream.ListOptions{Limit: 1}})
	if _, err := l.RefundsByOrder.Load(ctx, p.Orders[0].OrderID)(); err == nil {
		t.Error("refunds of a purchase: no error, want CBC.99005026")
	}
}

// TestLoaders_PerCredential: loaders of two callers never share state.
func TestLoaders_PerCredential(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	a := loaders.New(callerCtx(sandbox.TokenCustomer), e.client, nil)
	b := loaders.New(callerCtx(sandbox.TokenEnterprise), e.client, nil)
	if a.Credential() == b.Credential() || a.OrderByID == b.OrderByID || a.ResourceByID == b.ResourceByID {
		t.Fatal("two credentials share loaders")
	}
	ctx := callerCtx(sandbox.TokenCustomer)
	p, err := e.client.Orders.List(ctx, &upstream.OrderListOptions{ListOptions: upstream.ListOptions{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Orders[0].OrderID
	if _, err := a.OrderByID.LoadPage(ctx, id, 0)(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.OrderByID.LoadPage(callerCtx(sandbox.TokenEnterprise), id, 0)(); !errors.Is(err, upstream.ErrNotFound) {
		t.Errorf("another customer's order through the enterprise's loader: %v, want ErrNotFound", err)
	}
}

// TestOrderByID_Pages: a page key reads as many line items as it asks for;
// keys of one order in one batch share the call with the largest limit; a
// read serves every later key it covers (the header, smaller pages) and a
// larger page calls again; Clear forgets all of an order's reads.
func TestOrderByID_Pages(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	ctx := callerCtx(sandbox.TokenCustomer)
	p, err := e.client.Orders.List(ctx, &upstream.OrderListOptions{ListOptions: upstream.ListOptions{Limit: 100}})
	if err != nil {
		t.Fatalf("orders: %v", err)
	}
	id, total := "", 0
	for _, o := range p.Orders {
		d, err := e.client.Orders.Get(ctx, o.OrderID, &upstream.ListOptions{Limit: 1})
		if err == nil && d.TotalCount >= 8 {
			id, total = o.OrderID, d.TotalCount
			break
		}
	}
	if id == "" {
		t.Fatal("no order with 8 or more line items among the first 100")
	}
	l := loaders.New(ctx, e.client, nil)
	calls := func() int { return e.sandbox.Calls()["ShowCustomerOrderDetails"] }
	e.sandbox.ResetCalls()
	steps := []struct {
		name  string
		pages []int // LoadPage sizes in one batch; 0 is Load
		items int   // line items every key gets
		calls int   // calls so far
	}{
		{"2 and 5 in one batch", []int{2, 5}, 5, 1},
		{"a smaller page later", []int{3}, 5, 1},
		{"the header later", []int{0}, 5, 1},
		{"a larger page later", []int{7}, 7, 2},
	}
	for _, s := range steps {
		var thunks []func() (*upstream.OrderDetail, error)
		for _, n := range s.pages {
			thunks = append(thunks, l.OrderByID.LoadPage(ctx, id, n))
		}
		for _, th := range thunks {
			d, err := th()
			if err != nil || d.TotalCount != total || len(d.LineItems) != s.items {
				t.Fatalf("%s: %d of %d items, %v; want %d", s.name, len(d.LineItems), d.TotalCount, err, s.items)
			}
		}
		if n := calls(); n != s.calls {
			t.Errorf("%s: %d calls, want %d", s.name, n, s.calls)
		}
	}
	l.OrderByID.Clear(ctx, id)
	if d, err := l.OrderByID.LoadPage(ctx, id, 2)(); err != nil || len(d.LineItems) != 2 || calls() != 3 {
		t.Errorf("after Clear: %d items, %d calls, %v; want 2 items from a third call", len(d.LineItems), calls(), err)
	}
	if d, err := l.OrderByID.LoadPage(ctx, id, 0)(); err != nil || len(d.LineItems) != 2 || calls() != 3 {
		t.Errorf("header after Clear: %d items, %d calls, %v; want the 2-item read again", len(d.LineItems), calls(), err)
	}
}
