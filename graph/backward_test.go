package graph_test

import (
	"fmt"
	"strings"
	"testing"
)

// backwardCases are connections of every kind of paging: keyed order
// cursors, API pages, pages stitched from a bill API, the shared catalog
// (a list held whole) and an order's line items read with the order.
var backwardCases = []struct {
	name  string
	query string // one connection aliased c: %s its paging arguments, then its selection
	node  string // what tells its nodes apart
	path  []any  // from data to the connection
}{
	{"orders", `{ viewer { c: orders(%s) { %s } } }`, "orderId", []any{"viewer", "c"}},
	{"orders oldest first", `{ viewer { c: orders(orderBy: {field: CREATED_AT, direction: ASC}, %s) { %s } } }`, "orderId", []any{"viewer", "c"}},
	{"resources", `{ viewer { c: resources(%s) { %s } } }`, "resourceId", []any{"viewer", "c"}},
	{"coupons", `{ viewer { c: coupons(%s) { %s } } }`, "id", []any{"viewer", "c"}},
	{"usage records", `{ viewer { c: usageRecords(filter: {cycle: "2026-09"}, %s) { %s } } }`, "resourceId billTypeCode consumeAmount { amount }", []any{"viewer", "c"}},
	{"service types", `{ c: serviceTypes(%s) { %s } }`, "code", []any{"c"}},
}

const backwardSel = `totalCount pageInfo { hasPreviousPage hasNextPage startCursor endCursor } edges { cursor } nodes { %s }`

// A backward page (last, before) holds the same items as the forward page
// over the same span, with hasPreviousPage and startCursor set; last alone
// is the end of the list.
func TestBackwardPaging_EqualsForward(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range backwardCases {
		page := func(args string) map[string]any {
			t.Helper()
			d := e.query(fmt.Sprintf(tc.query, args, fmt.Sprintf(backwardSel, tc.node)), nil).mustData(t)
			return dig(d, tc.path...).(map[string]any)
		}
		all := page("first: 1000")
		nodes := all["nodes"].([]any)
		edges := all["edges"].([]any)
		total := len(nodes)
		if total < 12 {
			t.Fatalf("%s: only %d items, too few to page", tc.name, total)
		}
		cursor := func(i int) string { return dig(edges[i], "cursor").(string) }

		// Forward pages of 5 from item 2, then the backward page that ends
		// where the second of them ends.
		fwd := page(fmt.Sprintf(`first: 5, after: %q`, cursor(1)))
		fwd2 := page(fmt.Sprintf(`first: 5, after: %q`, dig(fwd, "pageInfo", "endCursor")))
		back := page(fmt.Sprintf(`last: 5, before: %q`, cursor(12)))
		if got, want := jsonText(t, back["nodes"]), jsonText(t, fwd2["nodes"]); got != want {
			t.Errorf("%s: last 5 before item 12 = %s, forward page = %s", tc.name, got, want)
		}
		if got, want := jsonText(t, back["nodes"]), jsonText(t, nodes[7:12]); got != want {
			t.Errorf("%s: last 5 before item 12 = %s, want items 7-11 %s", tc.name, got, want)
		}
		pi := back["pageInfo"].(map[string]any)
		if pi["hasPreviousPage"] != true || pi["hasNextPage"] != true || pi["startCursor"] != dig(back, "edges", 0, "cursor") {
			t.Errorf("%s: backward pageInfo = %v", tc.name, pi)
		}
		// Its start cursor pages on backward to the first forward page.
		back2 := page(fmt.Sprintf(`last: 5, before: %q`, pi["startCursor"]))
		if got, want := jsonText(t, back2["nodes"]), jsonText(t, nodes[2:7]); got != want {
			t.Errorf("%s: the page before = %s, want items 2-6 %s", tc.name, got, want)
		}
		if got, want := jsonText(t, back2["nodes"]), jsonText(t, fwd["nodes"]); got != want {
			t.Errorf("%s: the page before = %s, forward = %s", tc.name, got, want)
		}
		// At the start: fewer items than asked, no previous page.
		head := page(fmt.Sprintf(`last: 5, before: %q`, cursor(2)))
		if got, want := jsonText(t, head["nodes"]), jsonText(t, nodes[0:2]); got != want || dig(head, "pageInfo", "hasPreviousPage") != false {
			t.Errorf("%s: last 5 before item 2 = %s %v, want items 0-1 %s and no previous page", tc.name, got, head["pageInfo"], want)
		}
		// last alone: the end of the list.
		tail := page(`last: 4`)
		if got, want := jsonText(t, tail["nodes"]), jsonText(t, nodes[total-4:]); got != want {
			t.Errorf("%s: last 4 = %s, want the list's end %s", tc.name, got, want)
		}
		if p := tail["pageInfo"].(map[string]any); p["hasPreviousPage"] != true || p["hasNextPage"] != false {
			t.Errorf("%s: last 4 pageInfo = %v", tc.name, p)
		}
		// A cursor of the tail pages forward to nothing and backward on.
		if got, want := jsonText(t, page(fmt.Sprintf(`last: 2, before: %q`, dig(tail, "pageInfo", "startCursor")))["nodes"]), jsonText(t, nodes[total-6:total-4]); got != want {
			t.Errorf("%s: before the tail = %s, want %s", tc.name, got, want)
		}
	}
}

func TestBackwardPaging_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.query(`{ viewer { resources(first: 1) { edges { cursor } } } }`, nil).mustData(t)
	resCursor := dig(d, "viewer", "resources", "edges", 0, "cursor").(string)
	for _, tc := range []struct{ name, args, want string }{
		{"first and last", `first: 2, last: 2`, "opposite directions"},
		{"after and before", fmt.Sprintf(`after: %q, before: %q`, resCursor, resCursor), "opposite directions"},
		{"last too large", `last: 1001`, "last must be between 0 and 1000"},
		{"negative last", `last: -1`, "last must be between 0 and 1000"},
		{"another connection's cursor", fmt.Sprintf(`last: 2, before: %q`, resCursor), "before: the cursor is one of Customer.resources"},
		{"not a cursor", `before: "nope"`, "before: \"nope\" is not a cursor"},
	} {
		r := e.query(`{ viewer { orders(`+tc.args+`) { totalCount } } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, tc.want) {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT saying %q", tc.name, r.Errors, tc.want)
		}
	}
}

// Without before, last counts the list first: one call more, in the
// estimate too.
func TestBackwardPaging_LastCountsTheList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.resetCalls()
	e.query(`{ viewer { resources(first: 3) { totalCount } } }`, nil).mustData(t)
	fwd := e.sandbox.TotalCalls()
	e.resetCalls()
	e.query(`{ viewer { resources(last: 3) { totalCount } } }`, nil).mustData(t)
	if back := e.sandbox.TotalCalls(); back != fwd+1 {
		t.Errorf("last 3 made %d calls, first 3 made %d: want one more", back, fwd)
	}
	estimate := func(args string) any {
		r := e.query(`{ viewer { orders(`+args+`) { nodes { userName } } } }`, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" {
			t.Fatalf("orders(%s): errors = %+v, want LIMIT_EXCEEDED", args, r.Errors)
		}
		return r.Errors[0].Extensions["estimatedCalls"]
	}
	if f, l := estimate("first: 300"), estimate("last: 300"); !isNumber(f, 303) || !isNumber(l, 304) {
		t.Errorf("estimates: first 300 = %v, last 300 = %v; want 303 and 304 (the count)", f, l)
	}
}

// last alone on the connections whose paging the gateway maps itself:
// invoices (page numbers), cost rows (input.last) and line items.
func TestBackwardPaging_LastOfMappedPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct{ name, all, tail, path string }{
		{"invoices",
			`{ viewer { c: invoices(filter: {from: "2023-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z"}, first: 1000) { nodes { id } } } }`,
			`{ viewer { c: invoices(filter: {from: "2023-01-01T00:00:00Z", to: "2026-11-01T00:00:00Z"}, last: 3) { pageInfo { hasPreviousPage hasNextPage } nodes { id } } } }`, "c"},
		{"cost rows",
			`{ viewer { c: costs(input: {from: "2026-09-01", to: "2026-09-30", granularity: MONTH, groupBy: [{dimension: RESOURCE_TYPE}], first: 1000}) { rows { nodes { dimensions { value } amount { amount } } } } } }`,
			`{ viewer { c: costs(input: {from: "2026-09-01", to: "2026-09-30", granularity: MONTH, groupBy: [{dimension: RESOURCE_TYPE}], last: 3}) { rows { pageInfo { hasPreviousPage hasNextPage } nodes { dimensions { value } amount { amount } } } } } }`, "rows"},
	} {
		conn := func(d map[string]any) map[string]any {
			c := dig(d, "viewer", "c").(map[string]any)
			if tc.path == "rows" {
				c = c["rows"].(map[string]any)
			}
			return c
		}
		all := conn(e.query(tc.all, nil).mustData(t))["nodes"].([]any)
		if len(all) < 4 {
			t.Fatalf("%s: %d items, too few", tc.name, len(all))
		}
		tail := conn(e.query(tc.tail, nil).mustData(t))
		if got, want := jsonText(t, tail["nodes"]), jsonText(t, all[len(all)-3:]); got != want {
			t.Errorf("%s: last 3 = %s, want %s", tc.name, got, want)
		}
		if p := tail["pageInfo"].(map[string]any); p["hasPreviousPage"] != true || p["hasNextPage"] != false {
			t.Errorf("%s: pageInfo = %v", tc.name, p)
		}
	}
}
