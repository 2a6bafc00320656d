package graph_test

import (
	"slices"
	"testing"

	"bssgraph/upstream/sandbox"
)

func TestViewer_NoUpstreamCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: `{ viewer { id accountId } }`})
	v := r.mustData(t)["viewer"].(map[string]any)
	if v["accountId"] != sandbox.DomainCustomer {
		t.Errorf("viewer.accountId = %v, want %s", v["accountId"], sandbox.DomainCustomer)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("viewer with X-Domain-Id cost %d upstream calls, want 0", n)
	}
}

func TestNode_BadID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ node(id: "not-a-global-id") { id } }`, nil)
	if !slices.Equal(r.errorCodes(), []string{"BAD_USER_INPUT"}) {
		t.Errorf("node(bad id) errors = %v, want [BAD_USER_INPUT]", r.errorCodes())
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad id cost %d upstream calls, want 0", n)
	}
}

// TestBadInput: malformed arguments are refused with BAD_USER_INPUT before
// any upstream call.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, q := range []string{
		`{ viewer { monthlyBill(cycle: "2024-13") { cycle } } }`,
		`{ viewer { monthlyBill(cycle: "last month") { cycle } } }`,
		`{ serviceTypes(first: 1001) { totalCount } }`,
		`{ serviceTypes(first: -1) { totalCount } }`,
		`{ serviceTypes(after: "not-a-cursor") { totalCount } }`,
	} {
		r := e.query(q, nil)
		if len(r.Errors) == 0 || r.errorCodes()[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", q, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0", n)
	}
}
