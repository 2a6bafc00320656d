package graph_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"bssgraph/upstream"
)

// limitRecorder records the limit of every 6.2.2 call the gateway sends.
type limitRecorder struct {
	mu     sync.Mutex
	limits []string
}

func (l *limitRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "/customer-orders/details/") {
		l.mu.Lock()
		l.limits = append(l.limits, r.URL.Query().Get("limit"))
		l.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (l *limitRecorder) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.limits
	l.limits = nil
	slices.Sort(out)
	return slices.Compact(out)
}

// TestOrderDetail_SizedToOperation: the order-detail call (6.2.2) reads only
// the line items the operation's lineItems fields page through: the largest
// window end of them, one item when none is asked or only totals are, the API's largest page
// when a window needs the total first (last) or ends past it. Every read of
// an order in one operation shares one call.
func TestOrderDetail_SizedToOperation(t *testing.T) {
	t.Parallel()
	rec := &limitRecorder{}
	e := newEnv(t, upstream.WithHTTPClient(&http.Client{Transport: rec}))
	ids := e.query(`{ viewer { orders(first: 50) { nodes { orderId lineItems(first: 0) { totalCount } } } } }`, nil).mustData(t)
	id := ""
	for _, n := range dig(ids, "viewer", "orders", "nodes").([]any) {
		if ordNum(dig(n, "lineItems", "totalCount")) >= 2 {
			id = dig(n, "orderId").(string)
			break
		}
	}
	if id == "" {
		t.Fatal("no order with 2 or more line items among the first 50")
	}
	cursor := e.query(`query($id: ID!) { viewer { order(id: $id) { lineItems(first: 2) { pageInfo { endCursor } } } } }`,
		map[string]any{"id": id}).mustData(t)
	after := dig(cursor, "viewer", "order", "lineItems", "pageInfo", "endCursor")
	for _, c := range []struct {
		name, query string
		vars        map[string]any
		limit       string
		calls       int
	}{
		{"nested first", `{ viewer { orders(first: 3) { nodes { lineItems(first: 5) { totalCount nodes { lineItemId } } } } } }`, nil, "5", 3},
		{"the total of a page", `{ viewer { orders(first: 3) { nodes { lineItems(first: 5) { totalCount } } } } }`, nil, "1", 3},
		{"largest of two, one call per order", `{ viewer { orders(first: 3) { nodes { a: lineItems(first: 1) { totalCount } b: lineItems(first: 7) { pageInfo { endCursor } } userName } } } }`, nil, "7", 3},
		{"default first", `{ viewer { orders(first: 3) { nodes { lineItems { edges { cursor } } } } } }`, nil, "20", 3},
		{"variables and after", `query($n: Int, $after: String) { viewer { orders(first: 3) { nodes { lineItems(first: $n, after: $after) { nodes { lineItemId } } } } } }`,
			map[string]any{"n": 4, "after": after}, "6", 3},
		{"fragment", `query { viewer { order(id: "` + id + `") { ...li } } } fragment li on Order { lineItems(first: 9) { ... on OrderLineItemConnection { nodes { lineItemId } } } }`, nil, "9", 1},
		{"header only", `query($id: ID!) { viewer { order(id: $id) { userName } } }`, map[string]any{"id": id}, "1", 1},
		{"only the total", `{ viewer { orders(first: 3) { nodes { lineItems(first: 0) { totalCount } } } } }`, nil, "1", 3},
		{"last needs the total", `{ viewer { orders(first: 3) { nodes { lineItems(last: 2) { nodes { lineItemId } } } } } }`, nil, "100", 3},
		{"past the largest page", `{ viewer { orders(first: 3) { nodes { lineItems(first: 150) { nodes { lineItemId } } } } } }`, nil, "100", 3},
	} {
		rec.take()
		e.resetCalls()
		e.query(c.query, c.vars).mustData(t)
		if got := rec.take(); !slices.Equal(got, []string{c.limit}) {
			t.Errorf("%s: detail limits = %v, want [%s]", c.name, got, c.limit)
		}
		if n := e.calls()["ShowCustomerOrderDetails"]; n > c.calls {
			t.Errorf("%s: ShowCustomerOrderDetails = %d, want at most %d", c.name, n, c.calls)
		}
	}
}

// TestOrderDetail_TotalOnly: a lineItems page that reads only totalCount
// gives the same totals as one reading the items, from the one detail call.
func TestOrderDetail_TotalOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	full := e.query(`{ viewer { orders(first: 10) { nodes { lineItems(first: 5) { totalCount nodes { lineItemId } } } } } }`, nil).mustData(t)
	e.resetCalls()
	only := e.query(`{ viewer { orders(first: 10) { nodes { lineItems(first: 5) { totalCount } } } } }`, nil).mustData(t)
	for i := range 10 {
		a, b := dig(full, "viewer", "orders", "nodes", i, "lineItems", "totalCount"), dig(only, "viewer", "orders", "nodes", i, "lineItems", "totalCount")
		if a != b {
			t.Errorf("order %d: totalCount %v alone, %v with the items", i, b, a)
		}
	}
	if n := e.calls()["ShowCustomerOrderDetails"]; n != 10 {
		t.Errorf("ShowCustomerOrderDetails = %d, want 10", n)
	}
}
