package graph_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// dashboardCalls runs the F9 test dashboard three times on one gateway and
// returns what the sandbox counted for each run.
func dashboardCalls(t *testing.T, opts ...upstream.Option) [3]map[string]int {
	t.Helper()
	q := readTestdata(t, "f9_dashboard.graphql")
	e := newEnv(t, opts...)
	var out [3]map[string]int
	for i := range out {
		e.resetCalls()
		e.query(q, nil).mustData(t)
		out[i] = e.calls()
	}
	return out
}

// The F9 test dashboard (50 orders with line items, 200 resources with
// parent, types and renewal price) costs exact call counts: cold, warm,
// warm with the final-state cache, warm with a read cache. BENCHMARKS.md
// quotes these numbers.
func TestDashboard_CallCounts(t *testing.T) {
	t.Parallel()
	cold := map[string]int{"ListCustomerOrders": 1, "ShowCustomerOrderDetails": 50, "QueryResources": 1, "ListRenewRateOnPeriod": 16,
		"ListServiceTypes": 1, "ListResourceTypes": 1}
	warm := map[string]int{"ListCustomerOrders": 1, "ShowCustomerOrderDetails": 50, "QueryResources": 1, "ListRenewRateOnPeriod": 16}
	// 28 of the 50 newest orders are completed or cancelled; the other 22
	// (pending payment, processing, …) are read again.
	final := map[string]int{"ListCustomerOrders": 1, "ShowCustomerOrderDetails": 22, "QueryResources": 1, "ListRenewRateOnPeriod": 16}
	for _, tt := range []struct {
		name string
		opts []upstream.Option
		want [3]map[string]int
	}{
		{"no caches", nil, [3]map[string]int{cold, warm, warm}},
		{"final-state cache", []upstream.Option{upstream.WithEconomy(upstream.EconomyOptions{FinalTTL: time.Hour})}, [3]map[string]int{cold, final, final}},
		{"read cache", []upstream.Option{upstream.WithEconomy(upstream.EconomyOptions{FinalTTL: time.Hour, ReadTTL: time.Hour})}, [3]map[string]int{cold, {}, {}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := dashboardCalls(t, tt.opts...)
			for i := range got {
				if !countsEqual(got[i], tt.want[i]) {
					t.Errorf("run %d: calls %v, want %v", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}

// 50 aliased balance fields in one query make one call; the response counts
// the other 49 as coalesced.
func TestBalance_AliasesMakeOneCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var b strings.Builder
	b.WriteString("{ viewer {")
	for i := range 50 {
		fmt.Fprintf(&b, " b%d: balance { debt { amount } }", i)
	}
	b.WriteString(" } }")
	r := e.query(b.String(), nil)
	r.mustData(t)
	if c := e.calls(); c["ShowCustomerAccountBalances"] != 1 {
		t.Errorf("calls = %v, want one ShowCustomerAccountBalances", c)
	}
	if s := r.Extensions.Upstream; s.ByOperation["ShowCustomerAccountBalances"] != 1 || s.Coalesced != 49 {
		t.Errorf("extensions.upstream = %+v, want 1 balance call and 49 coalesced", s)
	}
}

// Two identical payOrders in flight at the same time both reach BSS: a
// mutation is never shared. The sandbox holds each answer 300 ms so the two
// overlap; it counts what it received (/_sandbox/calls).
func TestPayOrder_ConcurrentIdenticalNotShared(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upstream.WithEconomy(upstream.EconomyOptions{FinalTTL: time.Hour, ReadTTL: time.Hour}))
	order := findOrders(t, e).pendingPurchase
	e.sandbox.SetFaults(sandbox.Faults{Latency: 300 * time.Millisecond})
	e.resetCalls()
	q := `mutation { payOrder(input: {orderId: "` + order + `"}) { paid } }`
	var wg sync.WaitGroup
	paid := make(chan bool, 2)
	for range 2 {
		wg.Go(func() {
			r := e.query(q, nil)
			paid <- len(r.Errors) == 0 && dig(r.Data, "payOrder", "paid") == true
		})
	}
	wg.Wait()
	close(paid)
	if n := e.calls()["PayOrders"]; n != 2 {
		t.Errorf("BSS received %d PayOrders for two identical concurrent payOrder mutations, want 2", n)
	}
	ok := 0
	for p := range paid {
		if p {
			ok++
		}
	}
	if ok != 1 {
		t.Errorf("%d of the two payments succeeded, want exactly 1 (BSS refuses the second)", ok)
	}
}

// A mutation through the gateway drops what its credential kept: after
// payOrder, the order reads its new status although the read cache would
// have kept the old one for an hour.
func TestPayOrder_InvalidatesKeptReads(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upstream.WithEconomy(upstream.EconomyOptions{FinalTTL: time.Hour, ReadTTL: time.Hour}))
	order := findOrders(t, e).pendingPurchase
	q := `{ viewer { order(id: "` + order + `") { status } } }`
	for range 2 {
		if s := dig(e.query(q, nil).mustData(t), "viewer", "order", "status"); s != "PENDING_PAYMENT" {
			t.Fatalf("status before paying = %v", s)
		}
	}
	e.query(`mutation { payOrder(input: {orderId: "`+order+`"}) { paid } }`, nil).mustData(t)
	if s := dig(e.query(q, nil).mustData(t), "viewer", "order", "status"); s != "COMPLETED" {
		t.Errorf("status after paying = %v, want COMPLETED (the kept answer must be dropped)", s)
	}
}

// A query whose planned calls the quota cannot admit before its deadline is
// refused at once with THROTTLED and the wait it would need, without a
// single upstream call; a query that fits runs.
func TestSchedule_RefusesWhatCannotFitTheDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t, upstream.WithLimiter(upstream.NewWindowLimiter(1)))
	const q = `query($n: Int) { viewer { orders(first: $n) { nodes { orderId lineItems(first: 5) { nodes { lineItemId } } } } } }`
	r := e.do(request{token: sandbox.TokenCustomer, query: q, vars: map[string]any{"n": 100}, timeout: 3 * time.Second})
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "THROTTLED" {
		t.Fatalf("100 order details at 10/s within 3s: errors %+v, want one THROTTLED", r.Errors)
	}
	x := r.Errors[0].Extensions
	if !isNumber(x["waitMs"], 9000) || x["operation"] != "ShowCustomerOrderDetails" || !isNumber(x["plannedCalls"], 100) {
		t.Errorf("extensions = %v, want 100 ShowCustomerOrderDetails needing 9000 ms", x)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("the refused query made %d upstream calls, want 0", n)
	}
	r = e.do(request{token: sandbox.TokenCustomer, query: q, vars: map[string]any{"n": 5}, timeout: 3 * time.Second})
	r.mustData(t)
}

// Resource.cost asks 8.1 grouped by RESOURCE_ID for 100 resources a call,
// and each resource's row is what Customer.costs gives for it alone.
func TestResourceCost_BatchedByResource(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { resources(first: 120) { nodes { resourceId
		cost(from: "2026-08-01", to: "2026-10-31") { amount { amount currency } costs { month amount { amount } } } } } } }`, nil).mustData(t)
	if c := e.calls(); !countsEqual(c, map[string]int{"QueryResources": 1, "ListCosts": 2}) {
		t.Errorf("calls = %v, want 1 QueryResources and 2 ListCosts (100 + 20 resources)", c)
	}
	var id, amount string
	withCost := 0
	for _, n := range dig(d, "viewer", "resources", "nodes").([]any) {
		if c := dig(n, "cost"); c != nil {
			withCost++
			if id == "" {
				id, amount = dig(n, "resourceId").(string), fmt.Sprint(dig(c, "amount", "amount"))
			}
		}
	}
	if withCost == 0 {
		t.Fatal("no resource has a cost in the period")
	}
	alone := e.query(`query($id: String!) { viewer { costs(input: {from: "2026-08-01", to: "2026-10-31", granularity: MONTH,
		groupBy: [{dimension: RESOURCE_ID}], filters: [{dimension: RESOURCE_ID, values: [$id]}]}) { rows { nodes { amount { amount } } } } } }`,
		map[string]any{"id": id}).mustData(t)
	if got := fmt.Sprint(dig(alone, "viewer", "costs", "rows", "nodes", 0, "amount", "amount")); got != amount {
		t.Errorf("resource %s: cost %s through Resource.cost, %s through Customer.costs", id, amount, got)
	}
}
