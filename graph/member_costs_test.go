package graph_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"bssgraph/graph"
	"bssgraph/upstream/sandbox"
)

// memberCostsSelection is the costs of a member's Customer compared below:
// a page of 3 rows by service type, and the rows after the first.
var memberCostsSelection = `
	first: costs(input: {from: "2026-06-01", to: "2026-09-30", granularity: MONTH, groupBy: [{dimension: CLOUD_SERVICE_TYPE}], first: 3}) {
		totalCount currency rows { totalCount pageInfo { hasNextPage endCursor }
			nodes { dimensions { key value } amount { amount currency } officialAmount { amount } costs { month amount { amount } } } } }
	rest: costs(input: {from: "2026-06-01", to: "2026-09-30", granularity: MONTH, groupBy: [{dimension: CLOUD_SERVICE_TYPE}], first: 1000,
			after: "` + graph.CursorAt("Customer.costs", 0) + `"}) {
		totalCount rows { nodes { dimensions { key value } amount { amount } } } }`

// The costs of every member of an enterprise page come from one 8.1 query
// filtered to the members and grouped by ASSOCIATED_ACCOUNT as well, split
// back per member: each member's report (rows, order, amounts, totals and
// paging) is what the member's own query gives.
func TestMemberCosts_OneCallForAllMembers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.resetCalls()
	q := `{ viewer { memberAccounts(first: 10) { nodes { id customer { id ` + memberCostsSelection + ` } } } } }`
	d := e.do(request{token: sandbox.TokenEnterprise, query: q})
	members := dig(d.mustData(t), "viewer", "memberAccounts", "nodes").([]any)
	if len(members) != testSizes.Members {
		t.Fatalf("%d members, want %d", len(members), testSizes.Members)
	}
	// One page of members, and one cost query per costs field for all of them.
	// The cost model plans one query per 100 members for each costs field
	// (it does not see that the two share theirs): 10 members, not 10 calls.
	if est, err := graph.EstimateCalls(q, nil); err != nil || est != 3 {
		t.Errorf("estimate %d (%v), want 3: 1 ListSubCustomers, 1 ListCosts per costs field", est, err)
	}
	// Both costs fields ask the same query (their pages are cut from its
	// rows): one call for both fields of all members.
	if c := e.calls(); !countsEqual(c, map[string]int{"ListSubCustomers": 1, "ListCosts": 1}) {
		t.Errorf("calls = %v, want 1 ListSubCustomers and 1 ListCosts (for both costs fields of all %d members)", c, len(members))
	}
	withRows := 0
	for _, m := range members {
		id := dig(m, "id").(string)
		batched := dig(m, "customer")
		// The member's own query: its own token, its own costs (8.1
		// answers a member for itself only), one call for both fields.
		n, err := strconv.ParseInt(id[len(id)-4:], 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		e.resetCalls()
		own := e.do(request{token: fmt.Sprintf("sandbox-member-%d", n), query: `{ viewer { id ` + memberCostsSelection + ` } }`}).mustData(t)["viewer"].(map[string]any)
		if c := e.calls()["ListCosts"]; c != 2 {
			t.Errorf("member %s alone: %d ListCosts, want 2 (its own two queries)", id, c)
		}
		own["id"] = dig(batched, "id") // the viewer's id differs from the member Customer's
		got, _ := json.Marshal(batched)
		want, _ := json.Marshal(own)
		if string(got) != string(want) {
			t.Errorf("member %s:\nbatched %s\nalone   %s", id, got, want)
		}
		if fmt.Sprint(dig(batched, "first", "totalCount")) > "1" {
			withRows++
		}
	}
	if withRows == 0 {
		t.Fatal("no member has more than one cost row: the comparison shows nothing")
	}
}

// BSS refuses a cost query over more than a few independently accounted
// members (CBC.18000048; the sandbox: 10): the batch is asked again as two
// halves, and every member still gets its own costs.
func TestMemberCosts_TooManyIndependentMembersSplit(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, envConfig{sizes: sandbox.Sizes{Orders: 20, Resources: 40, Months: 12, Members: 25}})
	q := `{ viewer { memberAccounts(first: 30) { nodes { id customer { costs(input: {from: "2026-06-01", to: "2026-09-30",
		granularity: MONTH, groupBy: [{dimension: CLOUD_SERVICE_TYPE}]}) { totalCount } } } } } }`
	e.resetCalls()
	members := dig(e.do(request{token: sandbox.TokenEnterprise, query: q}).mustData(t), "viewer", "memberAccounts", "nodes").([]any)
	if len(members) != 25 {
		t.Fatalf("%d members, want 25", len(members))
	}
	// 12 of the 25 are independent (every second one): refused, then 12 + 13.
	if c := e.calls(); !countsEqual(c, map[string]int{"ListSubCustomers": 1, "ListCosts": 3}) {
		t.Errorf("calls = %v, want 1 ListSubCustomers and 3 ListCosts (25 members refused, then two halves)", c)
	}
	for _, m := range members {
		id := dig(m, "id").(string)
		n, _ := strconv.ParseInt(id[len(id)-4:], 16, 64)
		own := e.do(request{token: fmt.Sprintf("sandbox-member-%d", n), query: `{ viewer { costs(input: {from: "2026-06-01", to: "2026-09-30",
			granularity: MONTH, groupBy: [{dimension: CLOUD_SERVICE_TYPE}]}) { totalCount } } }`}).mustData(t)
		if got, want := fmt.Sprint(dig(m, "customer", "costs", "totalCount")), fmt.Sprint(dig(own, "viewer", "costs", "totalCount")); got != want {
			t.Errorf("member %s: %s cost rows, %s with its own token", id, got, want)
		}
	}
}
