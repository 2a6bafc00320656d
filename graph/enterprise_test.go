package graph_test

import (
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

func TestMemberAccounts_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.golden("enterprise_member_accounts", sandbox.TokenEnterprise)
	d := r.mustData(t)
	members := dig(d, "viewer", "memberAccounts", "nodes").([]any)
	if len(members) != testSizes.Members {
		t.Fatalf("got %d members, want %d", len(members), testSizes.Members)
	}
	// Each member's Customer shows the member's own records and costs.
	for _, m := range members {
		id := dig(m, "id")
		if dig(m, "customer", "accountId") != id {
			t.Errorf("member %v: customer.accountId = %v", id, dig(m, "customer", "accountId"))
		}
		for _, path := range [][]any{
			{"customer", "usageRecords", "nodes", 0, "customerId"},
			{"customer", "expenditures", "nodes", 0, "customerId"},
			{"customer", "costs", "rows", "nodes", 0, "dimensions", 0, "value"},
		} {
			if got := dig(m, path...); got != nil && got != id {
				t.Errorf("member %v: %v = %v, want the member's", id, path, got)
			}
		}
	}
	n := len(members)
	want := map[string]int{"ListSubCustomers": 3, "ListResourceUsageRecords": n, "ListResourceExpenditures": n, "ListCosts": n}
	if c := e.calls(); !countsEqual(c, want) {
		t.Errorf("calls = %v, want %v", c, want)
	}
}

// TestMemberCustomer_Node refetches a member's Customer by its global id
// as the enterprise master; for anyone else the id names nothing.
func TestMemberCustomer_Node(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.golden("enterprise_member_refused", sandbox.TokenEnterprise)
	if got := dig(r.Data, "node", "usageRecords", "nodes", 0, "customerId"); got != "3000000000000000000000005eed0002" {
		t.Errorf("member's usage record customerId = %v", got)
	}
	id := dig(r.Data, "node", "id")
	// Every field whose API serves only the caller fails, without a call.
	e.resetCalls()
	for _, f := range []string{`monthlyBill(cycle: "2026-09") { totalCount }`, `invoices(first: 1) { totalCount }`,
		`resourcePackages(first: 1) { totalCount }`, `memberAccounts(first: 1) { totalCount }`} {
		r := e.do(request{token: sandbox.TokenEnterprise, query: `query($id: ID!) { node(id: $id) { ... on Customer { ` + f + ` } } }`, vars: map[string]any{"id": id}})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "member account") {
			t.Errorf("%s on a member: errors %+v, want BAD_USER_INPUT about the member account", f, r.Errors)
		}
	}
	if c := e.calls(); !countsEqual(c, map[string]int{"ListSubCustomers": 4}) {
		t.Errorf("calls = %v, want only the 4 member look-ups (one per node)", c)
	}

	// Another customer's token: the id names nothing.
	for _, tok := range []string{sandbox.TokenCustomer, sandbox.TokenPartner} {
		got := e.do(request{token: tok, query: `query($id: ID!) { node(id: $id) { id } }`, vars: map[string]any{"id": id}})
		if d := got.mustData(t); d["node"] != nil {
			t.Errorf("%s: node(member of another enterprise) = %v, want null", tok, d["node"])
		}
	}
	// The caller's own account id is its own Customer, not a member.
	got := e.do(request{token: sandbox.TokenEnterprise, query: `query($id: ID!) { node(id: $id) { ... on Customer { accountId invoices(first: 1) { totalCount } } } }`,
		vars: map[string]any{"id": "Q3VzdG9tZXI6MWI4ZDRlM2ZhYzJlNGQ5YjlmNjA3YjhjOWRhZTFmMjA"}})
	if d := got.mustData(t); dig(d, "node", "accountId") != sandbox.DomainEnterprise || dig(d, "node", "invoices") == nil {
		t.Errorf("node(own Customer id) = %v, want the caller with its invoices", d["node"])
	}
}

func TestEnableEnterpriseProjects(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// The customer has enterprise projects off: the first call enables
	// them, the second is refused (already enabled).
	r := e.golden("enterprise_enable_projects", sandbox.TokenCustomer)
	if dig(r.mustData(t), "enableEnterpriseProjects", "success") != true {
		t.Errorf("first call: %s, want success", r.raw)
	}
	r = e.golden("enterprise_enable_projects_refused", sandbox.TokenCustomer)
	d := r.mustData(t)
	if dig(d, "enableEnterpriseProjects", "success") != false ||
		dig(d, "enableEnterpriseProjects", "failedChecks", 0, "item") != "NOT_OPEN_PROJECT_GROUP" ||
		dig(d, "enableEnterpriseProjects", "userErrors", 0, "code") != "CBC.99007004" {
		t.Errorf("second call: %s, want the NOT_OPEN_PROJECT_GROUP check item", r.raw)
	}
	if n := e.calls()["EnableEnterpriseProjects"]; n != 2 {
		t.Errorf("EnableEnterpriseProjects calls = %d, want 2 (one per mutation)", n)
	}

	// The partner may not enable it itself: two check items.
	r = e.do(request{token: sandbox.TokenPartner, query: `mutation { enableEnterpriseProjects { success failedChecks { item code } userErrors { code } } }`})
	checks := dig(r.mustData(t), "enableEnterpriseProjects", "failedChecks").([]any)
	if len(checks) == 0 || dig(checks, 0, "item") != "SELF_OPEN_ONLY_FOR_ENTERPRISE_AND_INTRA_ENTERPRISE_CUSTOMERS" {
		t.Errorf("partner: %s, want SELF_OPEN_ONLY_FOR_ENTERPRISE_AND_INTRA_ENTERPRISE_CUSTOMERS", r.raw)
	}
	if n := len(dig(r.Data, "enableEnterpriseProjects", "userErrors").([]any)); n != len(checks) {
		t.Errorf("partner: %d userErrors for %d check items", n, len(checks))
	}

	// A 500 after the request went out: the outcome is unknown, the call
	// is not repeated.
	e.resetCalls()
	e.sandbox.SetFaults(sandbox.Faults{ErrorRate: 1, Operations: []string{"EnableEnterpriseProjects"}})
	r = e.do(request{token: sandbox.TokenEnterprise, query: `mutation { enableEnterpriseProjects { success } }`})
	if codes := r.errorCodes(); len(codes) != 1 || codes[0] != "OUTCOME_UNKNOWN" {
		t.Errorf("500: errors = %+v, want OUTCOME_UNKNOWN", r.Errors)
	}
	if n := e.calls()["EnableEnterpriseProjects"]; n != 1 {
		t.Errorf("500: %d calls, want 1 (never retried)", n)
	}
}

func TestMemberAccounts_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct{ name, query string }{
		{"first over 1000", `{ viewer { memberAccounts(first: 1001) { totalCount } } }`},
		{"fuzzy name with a space", `{ viewer { memberAccounts(filter: {accountName: "a b", fuzzy: true}) { totalCount } } }`},
		{"long org id", `{ viewer { memberAccounts(filter: {orgId: "123456789012345678901"}) { totalCount } } }`},
		{"malformed cursor", `{ viewer { memberAccounts(after: "x") { totalCount } } }`},
		{"node of a bad id", `{ node(id: "Q3VzdG9tZXI") { id } }`},
	} {
		r := e.do(request{token: sandbox.TokenEnterprise, query: tc.query})
		if codes := r.errorCodes(); len(codes) == 0 || codes[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", tc.name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
}

// TestMemberAccounts_ReferenceExample serves the reference's example of
// 9.2.1 (sub_customer_infos, the plural the example uses).
func TestMemberAccounts_ReferenceExample(t *testing.T) {
	t.Parallel()
	bss := newCannedBSS()
	bss.handle("GET /v2/enterprises/multi-accounts/sub-customers", exampleBody(t, "sub_customers"))
	e := envWith(t, bss, nil, false)
	r := e.do(request{token: "example", query: `{ viewer { memberAccounts { totalCount nodes { id name displayName status statusCode orgId orgName customer { id accountId } } } } }`})
	m := dig(r.mustData(t), "viewer", "memberAccounts", "nodes", 0)
	want := `{"customer":{"accountId":"4C2DC9*****2F8F890E654589C2F7","id":"Q3VzdG9tZXI6NEMyREM5KioqKioyRjhGODkwRTY1NDU4OUMyRjc"},"displayName":"A8****F112","id":"4C2DC9*****2F8F890E654589C2F7","name":"A8****F112","orgId":"65419","orgName":"Level-1 organization","status":"NORMAL","statusCode":1}`
	if got := jsonText(t, m); got != want {
		t.Errorf("member = %s\nwant %s", got, want)
	}
}
