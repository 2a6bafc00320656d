package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"bssgraph/upstream"
)

// TestEnterprise_EnableProjects: enabling works once for an account that
// may enable it (204, the flag flips), a second call fails with the
// documented check item, and an account that may not gets its own.
func TestEnterprise_EnableProjects(t *testing.T) {
	t.Parallel()
	sb, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	enabled := func(domain string) bool {
		sb.mu.RLock()
		defer sb.mu.RUnlock()
		return sb.world.accounts[domain].enterprise.enabled
	}
	if enabled(DomainCustomer) {
		t.Fatal("the customer starts with enterprise projects enabled")
	}
	if err := c.Enterprise.EnableProjects(as(t.Context(), TokenCustomer)); err != nil {
		t.Fatalf("first call: %v", err)
	}
	if !enabled(DomainCustomer) {
		t.Error("the flag did not flip")
	}
	checkItems := func(err error, code string, items ...string) {
		t.Helper()
		var ue *upstream.Error
		if !errorsAs(err, &ue) || ue.HTTPStatus != 400 || ue.Code != code {
			t.Fatalf("err = %v, want 400 %s", err, code)
		}
		var body upstream.EnableProjectsFailure
		if err := json.Unmarshal(ue.Body, &body); err != nil || fmt.Sprint(body.FailCheckItems) != fmt.Sprint(items) {
			t.Errorf("body %s: fail_check_items %v, want %v", ue.Body, body.FailCheckItems, items)
		}
	}
	// A second call, and accounts that already have it.
	checkItems(c.Enterprise.EnableProjects(as(t.Context(), TokenCustomer)), "CBC.99007004", upstream.CheckNotOpenProjectGroup)
	checkItems(c.Enterprise.EnableProjects(as(t.Context(), TokenEnterprise)), "CBC.99007004", upstream.CheckNotOpenProjectGroup)
	checkItems(c.Enterprise.EnableProjects(as(t.Context(), "sandbox-member-1")), "CBC.99007004", upstream.CheckNotOpenProjectGroup)
	// The partner may not enable it itself, and nothing changes.
	checkItems(c.Enterprise.EnableProjects(as(t.Context(), TokenPartner)), "CBC.99007004", upstream.CheckEnterpriseOnly)
	if enabled(DomainPartner) {
		t.Error("a refused call enabled enterprise projects")
	}
	// The raw 204 has no body; a body is ignored.
	sb.Reset()
	status, body := call(t, srv, "POST", "/v2/enterprises/enterprise-projects/authority", TokenCustomer, `{"ignored":true}`)
	if status != 204 || body != "" {
		t.Errorf("after reset: %d %q, want 204 and no body", status, body)
	}
}

func TestEnterprise_MemberAccounts(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenEnterprise)
	all, err := c.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{ListOptions: upstream.ListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if all.TotalCount != smallSizes.Members || len(all.Members) != smallSizes.Members {
		t.Fatalf("members: %+v", all)
	}
	orgs := map[string]bool{}
	for i, m := range all.Members {
		if m.ID != memberID(t, srv, fmt.Sprintf("sandbox-member-%d", i+1)) || m.Name != fmt.Sprintf("sandbox-member-%d", i+1) || m.DisplayName == "" || m.Status != 1 || m.OrgID == "" {
			t.Errorf("member %d: %+v", i+1, m)
		}
		orgs[m.OrgID] = true
	}
	if len(orgs) < 2 {
		t.Errorf("members are in %d organizations", len(orgs))
	}
	// Paging.
	two := 2
	p, err := c.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{ListOptions: upstream.ListOptions{Offset: &two, Limit: 2}})
	if err != nil || len(p.Members) != 2 || p.Members[0].ID != all.Members[2].ID || p.TotalCount != smallSizes.Members {
		t.Errorf("page: %+v %v", p, err)
	}
	// Filters: exact and fuzzy names, organization.
	exact, _ := c.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{AccountName: "sandbox-member-3"})
	fuzzy, _ := c.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{AccountName: "member", FuzzyQuery: true, ListOptions: upstream.ListOptions{Limit: 100}})
	none, _ := c.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{AccountName: "member"})
	org, _ := c.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{OrgID: all.Members[0].OrgID, ListOptions: upstream.ListOptions{Limit: 100}})
	if exact.TotalCount != 1 || exact.Members[0].Name != "sandbox-member-3" || fuzzy.TotalCount != smallSizes.Members || none.TotalCount != 0 {
		t.Errorf("name filters: exact %+v, fuzzy %d, non-fuzzy partial %d", exact, fuzzy.TotalCount, none.TotalCount)
	}
	for _, m := range org.Members {
		if m.OrgID != all.Members[0].OrgID {
			t.Errorf("org filter: %+v", m)
		}
	}
	// Other accounts have no members.
	for _, token := range []string{TokenCustomer, TokenPartner, "sandbox-member-1"} {
		p, err := c.Enterprise.ListMemberAccounts(as(t.Context(), token), nil)
		if err != nil || p.TotalCount != 0 || len(p.Members) != 0 {
			t.Errorf("%s: %+v %v", token, p, err)
		}
	}
	// The wire name is sub_customer_infos.
	_, body := call(t, srv, "GET", "/v2/enterprises/multi-accounts/sub-customers?limit=1", TokenEnterprise, "")
	if !strings.Contains(body, `"sub_customer_infos":[{`) {
		t.Errorf("body %s", body)
	}
}

func TestEnterprise_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	const list = "/v2/enterprises/multi-accounts/sub-customers"
	for _, q := range []string{
		"?limit=0", "?limit=101", "?limit=", "?offset=-1", "?offset=x", "?fuzzy_query=2",
		"?fuzzy_query=1&sub_customer_account_name=a%20b", "?sub_customer_display_name=" + strings.Repeat("x", 65), "?org_id=" + strings.Repeat("1", 21),
	} {
		status, body := call(t, srv, "GET", list+q, TokenEnterprise, "")
		if status != 400 || !strings.Contains(body, `"error_code":"CBC.0100"`) {
			t.Errorf("GET %s: %d %s, want 400 CBC.0100", q, status, body)
		}
	}
	status, body := call(t, srv, "POST", "/v2/enterprises/enterprise-projects/authority", TokenEnterprise, "")
	if status != 400 || !strings.Contains(body, `"error_code":"CBC.99007004"`) || !strings.Contains(body, `"fail_check_items":["NOT_OPEN_PROJECT_GROUP"]`) {
		t.Errorf("enable again: %d %s", status, body)
	}
	if status, _ := call(t, srv, "POST", "/v2/enterprises/enterprise-projects/authority", "bad", ""); status != 401 {
		t.Errorf("bad token: %d", status)
	}
}
