package loaders_test

import (
	"testing"

	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// TestLoaders_BuiltOnFirstUse: a request's loaders cost one allocation, and
// a loader is built only when a resolver first uses it.
func TestLoaders_BuiltOnFirstUse(t *testing.T) {
	e := newDomainEnv(t)
	ctx := callerCtx(sandbox.TokenCustomer)
	if n := testing.AllocsPerRun(100, func() { loaders.New(ctx, e.client, nil) }); n != 1 {
		t.Errorf("loaders.New allocates %v times, want 1 (nothing built before use)", n)
	}
	l := loaders.New(ctx, e.client, nil)
	if l.OrderByID.Built() || l.ResourceByID.Built() || l.RenewalPrice.Built() || l.PackageUsage.Built() {
		t.Fatal("loaders built before any use")
	}
	p, err := e.client.Orders.List(ctx, &upstream.OrderListOptions{ListOptions: upstream.ListOptions{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.OrderByID.LoadPage(ctx, p.Orders[0].OrderID, 0)(); err != nil {
		t.Fatal(err)
	}
	if !l.OrderByID.Built() {
		t.Error("OrderByID not built after a Load")
	}
	if l.ResourceByID.Built() || l.AttachedByPrimary.Built() || l.ResourcesByOrder.Built() || l.RefundsByOrder.Built() {
		t.Error("a Load of OrderByID built other loaders")
	}
}
