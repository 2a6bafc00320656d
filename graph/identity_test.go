package graph_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"bssgraph/graph"
	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// TestIdentity_FromCredential: the viewer is the token's own account,
// whatever X-Domain-Id says; an X-Domain-Id that IAM contradicts is
// FORBIDDEN and shows nothing of the other account.
func TestIdentity_FromCredential(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const q = `{ viewer { id accountId } }`
	for _, tc := range []struct {
		name, domainID string
		wantCode       string
	}{
		{"no header", "", ""},
		{"own account", sandbox.DomainCustomer, ""},
		{"another account", sandbox.DomainEnterprise, "FORBIDDEN"},
		{"unknown account", "ffffffffffffffffffffffffffffffff", "FORBIDDEN"},
	} {
		r := e.do(request{token: sandbox.TokenCustomer, domainID: tc.domainID, query: q})
		if tc.wantCode == "" {
			v := dig(r.mustData(t), "viewer")
			if got := dig(v, "accountId"); got != sandbox.DomainCustomer {
				t.Errorf("%s: accountId = %v, want the token's account %s", tc.name, got, sandbox.DomainCustomer)
			}
			if got := dig(v, "id"); got != globalID("Customer", sandbox.DomainCustomer) {
				t.Errorf("%s: id = %v, want the global id of the token's account", tc.name, got)
			}
			continue
		}
		if !slices.Equal(r.errorCodes(), []string{tc.wantCode}) || len(r.Errors[0].Path) != 1 || r.Errors[0].Path[0] != "viewer" {
			t.Errorf("%s: errors = %+v, want %s on viewer", tc.name, r.Errors, tc.wantCode)
		}
		if v := dig(r.Data, "viewer"); v != nil {
			t.Errorf("%s: viewer = %v, want null", tc.name, v)
		}
	}
	// No field under the viewer answers for the header's account either.
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainEnterprise,
		query: `{ viewer { monthlyBill(cycle: "2026-09") { totalCount } memberAccounts(first: 1) { totalCount } } }`})
	if v := dig(r.Data, "viewer"); v != nil || !slices.Contains(r.errorCodes(), "FORBIDDEN") {
		t.Errorf("another account's fields: viewer = %v, errors %+v; want null and FORBIDDEN", v, r.Errors)
	}
	if c := e.calls(); c["ShowCustomerMonthlySum"]+c["ListSubCustomers"] != 0 {
		t.Errorf("calls = %v, want none for a contradicted X-Domain-Id", c)
	}
}

// TestIdentity_OneGlobalID: an account has one global id whether it is
// reached as the viewer, as a member account of its enterprise, or by
// node(id:).
func TestIdentity_OneGlobalID(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tokens := map[string]string{}
	for _, a := range e.sandbox.Accounts() {
		tokens[a.DomainID] = a.Token
	}
	r := e.do(request{token: sandbox.TokenEnterprise, query: `{ viewer { id memberAccounts(first: 3) { nodes { id customer { id accountId } } } } }`})
	master := dig(r.mustData(t), "viewer", "id").(string)
	members := dig(r.Data, "viewer", "memberAccounts", "nodes").([]any)
	if len(members) == 0 {
		t.Fatalf("no member accounts: %s", r.raw)
	}
	ids := []string{master}
	for _, m := range members {
		account := dig(m, "id").(string)
		viaMaster := dig(m, "customer", "id").(string)
		if viaMaster != globalID("Customer", account) || dig(m, "customer", "accountId") != account {
			t.Errorf("member %s: customer = %v, want its account's global id", account, dig(m, "customer"))
		}
		// The member itself, logged in with its own token, is the same Customer.
		own := e.do(request{token: tokens[account], query: `{ viewer { id } }`})
		if got := dig(own.mustData(t), "viewer", "id"); got != viaMaster {
			t.Errorf("member %s: viewer.id = %v as itself, %s as a member account", account, got, viaMaster)
		}
		ids = append(ids, viaMaster)
	}
	// node(id:) gives every one of them back under the id it was asked by.
	for _, id := range ids {
		n := e.do(request{token: sandbox.TokenEnterprise, query: `query($id: ID!) { node(id: $id) { id } }`, vars: map[string]any{"id": id}})
		if got := dig(n.mustData(t), "node", "id"); got != id {
			t.Errorf("node(%s).id = %v", id, got)
		}
	}
}

// TestIdentity_NoCredential: without a credential nothing but
// introspection is answered: the operation is refused before execution,
// with no data and no upstream call, even when X-Domain-Id names an
// account.
func TestIdentity_NoCredential(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, q := range []string{
		`{ viewer { id } }`,
		`{ viewer { accountId } }`,
		`{ __typename viewer { id } }`,
		`query { ...F } fragment F on Query { viewer { id } }`,
		`{ serviceTypes(first: 1) { totalCount } }`,
	} {
		for _, domainID := range []string{"", sandbox.DomainCustomer} {
			r := e.do(request{domainID: domainID, query: q})
			if !slices.Equal(r.errorCodes(), []string{"UNAUTHENTICATED"}) || r.Data != nil {
				t.Errorf("%s (X-Domain-Id %q): %s, want UNAUTHENTICATED and no data", q, domainID, r.raw)
			}
		}
	}
	r := e.do(request{query: `{ __typename }`})
	if got := dig(r.mustData(t), "__typename"); got != "Query" {
		t.Errorf("__typename without a credential: %s", r.raw)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("requests without a credential cost %d upstream calls: %v", n, e.calls())
	}
}

// TestIdentity_ViewerRefusesWithoutCredential: the viewer itself refuses a
// caller without a credential, with or without IAM, even where the
// operation-level check is not installed.
func TestIdentity_ViewerRefusesWithoutCredential(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{Sizes: testSizes, QuotaScale: -1})
	up := httptest.NewServer(sb)
	t.Cleanup(up.Close)
	bss, err := upstream.NewClient(up.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	for name, iam := range map[string]*upstream.IAM{"IAM": upstream.NewIAM(up.URL, nil), "no IAM": nil} {
		opts := graph.Options{BSS: bss, IAM: iam, Log: zerolog.New(testWriter{t})}
		srv := handler.New(graph.NewSchema(opts))
		srv.AddTransport(transport.POST{})
		srv.SetErrorPresenter(graph.ErrorPresenter(opts.Log))
		gql := httptest.NewServer(withCaller(loaders.Middleware(bss, nil)(srv)))
		t.Cleanup(gql.Close)
		e := &env{t: t, sandbox: sb, gql: gql}
		r := e.do(request{domainID: sandbox.DomainCustomer, query: `{ viewer { id accountId } }`})
		if !slices.Equal(r.errorCodes(), []string{"UNAUTHENTICATED"}) || dig(r.Data, "viewer") != nil {
			t.Errorf("%s: %s, want viewer null with UNAUTHENTICATED", name, r.raw)
		}
	}
}

// TestIdentity_WithoutIAM: a gateway with no IAM cannot verify the
// caller's account, so the viewer is the "self" Customer with a null
// accountId whatever X-Domain-Id says; the header is only a hint for the
// APIs with the account id in their path, and BSS refuses a wrong one.
func TestIdentity_WithoutIAM(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{Sizes: testSizes, QuotaScale: -1})
	e := envWith(t, sb, sb, false)
	self := globalID("Customer", "self")
	for _, tc := range []struct {
		domainID string
		billCode string // monthlyBill's error code; "" for data
	}{
		{sandbox.DomainCustomer, ""},
		{sandbox.DomainEnterprise, "FORBIDDEN"},
	} {
		r := e.do(request{token: sandbox.TokenCustomer, domainID: tc.domainID,
			query: `{ viewer { id accountId monthlyBill(cycle: "2026-09") { totalCount } } }`})
		v := dig(r.Data, "viewer")
		if dig(v, "id") != self || dig(v, "accountId") != nil {
			t.Errorf("X-Domain-Id %s: viewer = %v, want id %s and accountId null", tc.domainID, v, self)
		}
		bill := dig(v, "monthlyBill")
		switch {
		case tc.billCode == "" && (bill == nil || len(r.Errors) > 0):
			t.Errorf("own X-Domain-Id: monthlyBill = %v, errors %+v; want data", bill, r.Errors)
		case tc.billCode != "" && (bill != nil || !slices.Equal(r.errorCodes(), []string{tc.billCode})):
			t.Errorf("X-Domain-Id %s: monthlyBill = %v, errors %+v; want %s from BSS", tc.domainID, bill, r.Errors, tc.billCode)
		}
	}
}

// TestIdentity_IAMDown: when IAM cannot be reached the viewer is null with
// a retryable error, and X-Domain-Id is not taken instead; fields outside
// the viewer keep their data.
func TestIdentity_IAMDown(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{Sizes: testSizes, QuotaScale: -1})
	iamDown := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v3/auth/tokens" {
			http.Error(w, "upstream connect error", http.StatusServiceUnavailable)
			return
		}
		sb.ServeHTTP(w, r)
	})
	e := envWith(t, iamDown, sb, true)
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer,
		query: `{ viewer { id accountId } measurementUnits { measureType } }`})
	if v := dig(r.Data, "viewer"); v != nil {
		t.Errorf("viewer = %v with IAM down, want null", v)
	}
	if codes := r.errorCodes(); !slices.Equal(codes, []string{"UPSTREAM_UNAVAILABLE"}) || r.Errors[0].Extensions["retryable"] != true {
		t.Errorf("errors = %+v, want one retryable UPSTREAM_UNAVAILABLE", r.Errors)
	}
	if dig(r.Data, "measurementUnits") == nil {
		t.Errorf("measurementUnits lost with IAM down: %s", r.raw)
	}
}
