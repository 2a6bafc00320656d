package graph_test

import (
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// ordersPage is one page of viewer.orders pending payment, in direction.
func ordersPage(t *testing.T, e *env, direction string, first int, after any) (ids []string, end string, total string, hasNext bool) {
	t.Helper()
	d := e.query(`query($n: Int, $a: String, $d: SortDirection!) { viewer { orders(filter: {status: PENDING_PAYMENT}, orderBy: {direction: $d}, first: $n, after: $a) {
		totalCount pageInfo { endCursor hasNextPage } nodes { orderId } } } }`, map[string]any{"n": first, "a": after, "d": direction}).mustData(t)
	c := dig(d, "viewer", "orders")
	for _, n := range dig(c, "nodes").([]any) {
		ids = append(ids, dig(n, "orderId").(string))
	}
	end, _ = dig(c, "pageInfo", "endCursor").(string)
	return ids, end, jsonText(t, dig(c, "totalCount")), dig(c, "pageInfo", "hasNextPage") == true
}

// TestOrders_CursorsStableUnderWrites: the page after a cursor starts
// right after the cursor's order, even when orders before it were removed
// from the list (cancelled under a PENDING_PAYMENT filter) or added (a new
// renewal order), in both directions; paging by offset would skip or
// repeat one.
func TestOrders_CursorsStableUnderWrites(t *testing.T) {
	t.Parallel()
	for _, direction := range []string{"DESC", "ASC"} {
		t.Run(direction, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			all, _, total, _ := ordersPage(t, e, direction, 12, nil)
			page1, end, _, _ := ordersPage(t, e, direction, 5, nil)
			if strings.Join(page1, " ") != strings.Join(all[:5], " ") {
				t.Fatalf("page 1 = %v, want %v", page1, all[:5])
			}
			// Remove two orders of page 1 from the list, add one.
			for _, id := range []string{page1[0], page1[3]} {
				d := e.query(`mutation($id: String!) { cancelOrder(input: {orderId: $id}) { canceled } }`, map[string]any{"id": id}).mustData(t)
				if dig(d, "cancelOrder", "canceled") != true {
					t.Fatalf("cancel %s: %v", id, d)
				}
			}
			res := e.query(`{ viewer { resources(first: 1) { nodes { resourceId } } } }`, nil).mustData(t)
			d := e.query(`mutation($id: String!) { renewResources(input: {resourceIds: [$id], periodType: MONTH, periodNum: 1}) { orderIds } }`,
				map[string]any{"id": dig(res, "viewer", "resources", "nodes", 0, "resourceId")}).mustData(t)
			if len(dig(d, "renewResources", "orderIds").([]any)) != 1 {
				t.Fatalf("renewal made no order: %v", d)
			}
			e.resetCalls()
			page2, _, total2, hasNext := ordersPage(t, e, direction, 5, end)
			if strings.Join(page2, " ") != strings.Join(all[5:10], " ") {
				t.Errorf("page 2 after the writes = %v, want %v", page2, all[5:10])
			}
			if total2 == total || !hasNext {
				t.Errorf("totalCount %s (was %s), hasNextPage %v: want the new count and a next page", total2, total, hasNext)
			}
			// One page of orders (with the cursor's own) and one count.
			if n := e.calls()["ListCustomerOrders"]; n != 2 {
				t.Errorf("ListCustomerOrders = %d calls, want 2", n)
			}
		})
	}
}

// TestOrders_CursorWalk: walking the pending orders 2 at a time visits
// each order once, in the order of one big page, also through orders
// created in the same second (BSS's create-time filters tell seconds
// apart only) and when the cursor's own order leaves the list.
func TestOrders_CursorWalk(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Renewal orders made now share their create time.
	res := e.query(`{ viewer { resources(first: 20) { nodes { resourceId } } } }`, nil).mustData(t)
	made := 0
	for _, n := range dig(res, "viewer", "resources", "nodes").([]any) {
		d := e.query(`mutation($id: String!) { renewResources(input: {resourceIds: [$id], periodType: MONTH, periodNum: 1}) { orderIds } }`,
			map[string]any{"id": dig(n, "resourceId")}).mustData(t)
		if made += len(dig(d, "renewResources", "orderIds").([]any)); made == 5 {
			break
		}
	}
	all, _, _, _ := ordersPage(t, e, "DESC", 100, nil)
	d := e.query(`{ viewer { orders(filter: {status: PENDING_PAYMENT}, first: 5) { nodes { createdAt } } } }`, nil).mustData(t)
	if made != 5 || dig(d, "viewer", "orders", "nodes", 0, "createdAt") != dig(d, "viewer", "orders", "nodes", 4, "createdAt") {
		t.Fatalf("%d renewal orders, created %v: want 5 in one second", made, d)
	}
	var walked []string
	var after any
	for page := range len(all) {
		ids, end, _, next := ordersPage(t, e, "DESC", 2, after)
		walked = append(walked, ids...)
		if page == 1 {
			// The cursor's own order, in the middle of its second, leaves.
			e.query(`mutation($id: String!) { cancelOrder(input: {orderId: $id}) { canceled } }`, map[string]any{"id": ids[1]}).mustData(t)
		}
		if !next {
			break
		}
		after = end
	}
	if strings.Join(walked, " ") != strings.Join(all, " ") {
		t.Errorf("walked %v\nwant   %v", walked, all)
	}
}

// TestCursors_BoundToTheirConnection: a cursor of one connection is
// refused by another, naming after, without an upstream call.
func TestCursors_BoundToTheirConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { orders(first: 1) { pageInfo { endCursor } } resources(first: 1) { pageInfo { endCursor } } } }`, nil).mustData(t)
	orders := dig(d, "viewer", "orders", "pageInfo", "endCursor")
	resources := dig(d, "viewer", "resources", "pageInfo", "endCursor")
	e.resetCalls()
	for _, tc := range []struct {
		query  string
		cursor any
	}{
		{`query($a: String) { viewer { resources(after: $a) { totalCount } } }`, orders},
		{`query($a: String) { viewer { orders(after: $a) { totalCount } } }`, resources},
		{`query($a: String) { viewer { coupons(after: $a) { totalCount } } }`, orders},
		{`query($a: String) { serviceTypes(after: $a) { totalCount } }`, resources},
	} {
		r := e.do(request{token: sandbox.TokenCustomer, query: tc.query, vars: map[string]any{"a": tc.cursor}})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.HasPrefix(r.Errors[0].Message, "after: ") {
			t.Errorf("%s: errors %+v, want BAD_USER_INPUT about after", tc.query, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("refused cursors cost %d calls: %v", n, e.calls())
	}
}
