package graph_test

import (
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestOrders_MemberThroughMaster: an enterprise master browsing a member's
// orders gets an error naming the limit (6.2.1 lists the caller's own
// orders; customer_id only filters them), never a totalCount of 0 beside
// the member's own non-empty list, and no call is made for it.
func TestOrders_MemberThroughMaster(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	own := e.do(request{token: "sandbox-member-1", query: `{ viewer { orders(first: 0) { totalCount } } }`}).mustData(t)
	if n := dig(own, "viewer", "orders", "totalCount"); n == nil || isNumber(n, 0) {
		t.Fatalf("member's own orders = %v, want some (the sandbox seeds them)", n)
	}
	e.resetCalls()
	r := e.do(request{token: sandbox.TokenEnterprise, query: `{ viewer { memberAccounts(first: 2) { nodes { id customer { orders { totalCount } } } } } }`})
	members := dig(r.Data, "viewer", "memberAccounts", "nodes").([]any)
	if len(members) != 2 || len(r.Errors) != 2 {
		t.Fatalf("members %v, errors %+v: want one error per member", members, r.Errors)
	}
	for i, m := range members {
		if got := dig(m, "customer", "orders"); got != nil {
			t.Errorf("member %v: orders = %v, want null with an error", dig(m, "id"), got)
		}
		err := r.Errors[i]
		if err.Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(err.Message, "6.2.1") || !strings.Contains(err.Message, "own credential") {
			t.Errorf("error %q (%v), want BAD_USER_INPUT naming 6.2.1's limit", err.Message, err.Extensions["code"])
		}
	}
	if n := e.calls()["ListCustomerOrders"]; n != 0 {
		t.Errorf("ListCustomerOrders calls = %d, want 0", n)
	}
}
