package graph_test

import (
	"testing"

	"bssgraph/graph"
	"bssgraph/upstream/sandbox"
)

// TestBudget_EstimateMatchesCalls runs queries against the sandbox and
// compares the budget's estimate with the upstream calls they make. The
// estimate is an upper bound; where no loader de-duplicates and every row
// is of the kind the cost model counts, it is exact. Fields known to be
// null (a completed order's payment deadline, the partner view's base
// order) cost no call and are not charged.
func TestBudget_EstimateMatchesCalls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ord := e.do(request{token: sandbox.TokenCustomer, query: `{ viewer { orders(first: 1, filter: {status: COMPLETED, type: UNSUBSCRIPTION}) { nodes { orderId } } } }`}).mustData(t)
	unsub := dig(ord, "viewer", "orders", "nodes", 0, "orderId").(string)
	for _, tc := range []struct {
		name, token, query string
		vars               map[string]any
		exact              bool
	}{
		{"completed orders' payment deadlines", sandbox.TokenCustomer,
			`{ viewer { orders(first: 100, filter: {status: COMPLETED}) { nodes { pendingPaymentEndsAt availableDiscounts { discountId } } } } }`, nil, true},
		{"pending orders' payment deadlines", sandbox.TokenCustomer,
			`query($s: OrderStatus) { viewer { orders(first: 15, filter: {status: $s}) { nodes { pendingPaymentEndsAt } } } }`, map[string]any{"s": "PENDING_PAYMENT"}, true},
		{"orders of any status", sandbox.TokenCustomer,
			`{ viewer { orders(first: 60) { nodes { pendingPaymentEndsAt } } } }`, nil, false},
		{"line items per order", sandbox.TokenCustomer,
			`{ viewer { orders(first: 7) { nodes { lineItems(first: 3) { totalCount } } } } }`, nil, true},
		{"an order by id and its details", sandbox.TokenCustomer,
			`query($id: ID!) { viewer { order(id: $id) { userName pendingPaymentEndsAt refundRecords { id } } } }`, map[string]any{"id": unsub}, false},
		{"partner refund records with their base order", sandbox.TokenPartner,
			`query($o: ID!, $c: ID!) { partnerRefundRecords(orderId: $o, customerId: $c, first: 100) { nodes { id baseOrder { orderId userName } } } }`,
			map[string]any{"o": unsub, "c": sandbox.DomainCustomer}, true},
	} {
		est, err := graph.EstimateCalls(tc.query, tc.vars)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		e.resetCalls()
		r := e.do(request{token: tc.token, query: tc.query, vars: tc.vars})
		r.mustData(t)
		got := e.sandbox.TotalCalls()
		if got != r.Extensions.Upstream.Calls {
			t.Errorf("%s: sandbox counted %d calls, extensions.upstream.calls %d", tc.name, got, r.Extensions.Upstream.Calls)
		}
		if got > est || tc.exact && got != est {
			t.Errorf("%s: estimate %d, actual calls %d (%v); want the estimate %s", tc.name, est, got, e.calls(), map[bool]string{true: "exact", false: "an upper bound"}[tc.exact])
		}
		t.Logf("%s: estimate %d, actual %d", tc.name, est, got)
	}
}
