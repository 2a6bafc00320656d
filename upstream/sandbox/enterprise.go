package sandbox

import (
	"fmt"
	"net/http"
	"strings"

	"bssgraph/upstream"
)

// enterpriseState is an account's enterprise project management (§9.1) and,
// for an enterprise master, its member data (§9.2).
type enterpriseState struct {
	// enabled is true once enterprise project management is on (9.1.1).
	enabled bool
	// projects are the account's enterprise projects; the first is always
	// the default project {"0", "default"} every account has.
	projects []enterpriseProject

	// capable is false for accounts that may not enable enterprise project
	// management themselves (9.1.1 check item
	// SELF_OPEN_ONLY_FOR_ENTERPRISE_AND_INTRA_ENTERPRISE_CUSTOMERS): the
	// sandbox's partner account.
	capable bool

	// What the master's member list (9.2.1) shows of a member account.
	member memberInfo
}

type enterpriseProject struct {
	id   string
	name string
}

// memberInfo is a member account as its enterprise master sees it (9.2.1,
// SubCustomerInfoV2), and how it is accounted for in the bills (§7.2
// payer_account_id).
type memberInfo struct {
	displayName string
	status      int // 1 normal
	orgID       string
	orgName     string // "" for the enterprise's root organization
	// independent members pay their own bills; the others are under unified
	// accounting and their enterprise master pays (payer_account_id).
	independent bool
}

// defaultProject is the project of resources outside any named project.
var defaultProject = enterpriseProject{id: "0", name: "default"}

// entOrgs are the organizations of the enterprise master's organization
// tree that members are placed in; the root organization has no name.
var entOrgs = []struct{ id, name string }{
	{"65400", ""},
	{"65419", "Level-1 organization"},
	{"65427", "Engineering"},
	{"65433", "Marketing"},
}

// genEnterprise gives enterprise masters and members named projects with
// management enabled; other accounts have only the default project and
// management disabled, so enabling it (9.1.1) has something to change.
// Members also get what 9.2.1 lists of them: even-numbered members are
// independently accounted, the others under unified accounting.
func genEnterprise(w *world, a *account, g *gen) {
	a.enterprise.projects = []enterpriseProject{defaultProject}
	a.enterprise.capable = a.Kind != kindPartner
	switch a.Kind {
	case kindEnterprise:
		a.enterprise.enabled = true
		for _, name := range []string{"production", "staging", "data-platform", "marketing-web", "shared-services"} {
			a.enterprise.projects = append(a.enterprise.projects, enterpriseProject{id: uuidLike(g), name: name})
		}
	case kindMember:
		a.enterprise.enabled = true
		a.enterprise.projects = append(a.enterprise.projects, enterpriseProject{id: uuidLike(g), name: fmt.Sprintf("%s-apps", a.Name)})
		n := 0
		if a.master != nil {
			for i, m := range a.master.members {
				if m == a {
					n = i + 1
				}
			}
		}
		org := entOrgs[n%len(entOrgs)]
		a.enterprise.member = memberInfo{
			displayName: fmt.Sprintf("Member %d (%s)", n, pick(g, "apps", "analytics", "web", "mobile", "ops")),
			status:      1,
			orgID:       org.id,
			orgName:     org.name,
			independent: n%2 == 0,
		}
	}
}

// uuidLike returns a random id in the 8-4-4-4-12 form of enterprise project ids.
func uuidLike(g *gen) string {
	h := g.hexID(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// enableEnterpriseProjects answers 9.1.1: it turns enterprise project
// management on (204). An account that already has it gets 400
// CBC.99007004 with the check item NOT_OPEN_PROJECT_GROUP (the function is
// already open); an account that may not enable it itself gets
// SELF_OPEN_ONLY_FOR_ENTERPRISE_AND_INTRA_ENTERPRISE_CUSTOMERS. The API has
// no parameters; a body is ignored.
func (s *Server) enableEnterpriseProjects(a *account, r *request) (any, error) {
	var items []string
	if !a.enterprise.capable {
		items = append(items, upstream.CheckEnterpriseOnly)
	}
	if a.enterprise.enabled {
		items = append(items, upstream.CheckNotOpenProjectGroup)
	}
	if len(items) > 0 {
		msg := "Check item not satisfied."
		if r.en() {
			msg = "Check item not satisfied: " + strings.Join(items, ", ") + "."
		}
		return nil, &apiError{status: http.StatusBadRequest, code: "CBC.99007004", msg: msg,
			extra: map[string]any{"fail_check_items": items}}
	}
	a.enterprise.enabled = true
	return noContent{}, nil
}

// listMemberAccounts answers 9.2.1. Only an enterprise master has members;
// any other account gets an empty list. total_count is the number of
// members that match the filters (not the page size).
func (s *Server) listMemberAccounts(a *account, r *request) (any, error) {
	q := r.query()
	offset, limit, err := r.pageParams(1<<31-1, 100)
	if err != nil {
		return nil, err
	}
	fuzzy, err := r.intParam("fuzzy_query", 0, 0, 1)
	if err != nil {
		return nil, err
	}
	type nameFilter struct {
		set   bool
		value string
	}
	var filters [2]nameFilter
	for i, name := range []string{"sub_customer_account_name", "sub_customer_display_name"} {
		vs, ok := q[name]
		if !ok {
			continue
		}
		v := vs[0]
		if err := catCheckLen(name, v, 64); err != nil {
			return nil, err
		}
		if fuzzy == 1 && strings.ContainsAny(v, " \t") {
			return nil, badParam("%s cannot contain spaces in a fuzzy query", name)
		}
		filters[i] = nameFilter{true, v}
	}
	orgID := q.Get("org_id")
	if err := catCheckLen("org_id", orgID, 20); err != nil {
		return nil, err
	}
	match := func(f nameFilter, v string) bool {
		switch {
		case !f.set:
			return true
		case fuzzy == 1 && f.value != "":
			return strings.Contains(strings.ToLower(v), strings.ToLower(f.value))
		}
		return v == f.value
	}
	out := &upstream.MemberAccountPage{Members: []upstream.MemberAccount{}}
	if a.Kind != kindEnterprise {
		return out, nil
	}
	var all []upstream.MemberAccount
	for _, m := range a.members {
		info := m.enterprise.member
		if !match(filters[0], m.Name) || !match(filters[1], info.displayName) {
			continue
		}
		if orgID != "" && info.orgID != orgID {
			continue
		}
		all = append(all, upstream.MemberAccount{
			ID: m.ID, Name: m.Name, DisplayName: info.displayName, Status: info.status,
			OrgID: info.orgID, OrgName: info.orgName,
		})
	}
	out.TotalCount = len(all)
	out.Members = append(out.Members, page(all, offset, limit)...)
	return out, nil
}
