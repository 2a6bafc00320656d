package upstream

import (
	"context"
	"encoding/json"
	"net/url"
)

// EnterpriseService talks to the enterprise APIs (§9): enterprise projects and member accounts.
type EnterpriseService service

// EnableProjects enables enterprise project management for the caller's
// account. BSS answers 204 with no body.
//
// BSS API: "Enabling the Enterprise Project Management" (9.1.1), POST /v2/enterprises/enterprise-projects/authority
func (s *EnterpriseService) EnableProjects(ctx context.Context) error {
	return s.client.do(ctx, OpEnableEnterpriseProjects, OpEnableEnterpriseProjects.Path, nil, nil, nil)
}

// EnableProjectsFailure is the 400 body of EnableProjects (§9.1.1). The
// client reports it as an *Error; the type exists so that the sandbox can
// send the documented shape.
type EnableProjectsFailure struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	// FailCheckItems lists the unmet checks of error CBC.99007004 (Table
	// 9-1).
	FailCheckItems []string `json:"fail_check_items,omitempty"`
}

// Check items of an EnableProjectsFailure (§9.1.1, Table 9-1).
const (
	CheckNotOpenProjectGroup = "NOT_OPEN_PROJECT_GROUP"
	CheckNotOpenMultiProject = "NOT_OPEN_MULTI_PROJECT"
	CheckEnterpriseOnly      = "SELF_OPEN_ONLY_FOR_ENTERPRISE_AND_INTRA_ENTERPRISE_CUSTOMERS"
)

// MemberAccountOptions are the query parameters of the member account API
// (§9.2.1, Table 9-2). Empty fields are omitted: §9.2.1 applies an explicit
// "" name as a filter, which is not offered.
type MemberAccountOptions struct {
	AccountName string // sub_customer_account_name
	DisplayName string // sub_customer_display_name
	// FuzzyQuery matches both names by prefix, suffix or middle part
	// (fuzzy_query=1); the input then cannot contain spaces.
	FuzzyQuery  bool
	ListOptions // limit 1–100
	OrgID       string
}

func (o *MemberAccountOptions) addTo(v url.Values) {
	querySetStr(v, "sub_customer_account_name", o.AccountName)
	querySetStr(v, "sub_customer_display_name", o.DisplayName)
	if o.FuzzyQuery {
		v.Set("fuzzy_query", "1")
	}
	o.ListOptions.addTo(v)
	querySetStr(v, "org_id", o.OrgID)
}

// MemberAccountPage is one page of enterprise member accounts (§9.2.1
// response).
type MemberAccountPage struct {
	// Members is sub_customer_infos on the wire, as in the reference's
	// example and the Huawei Cloud SDK; the response table says
	// sub_customer_info, which is accepted too.
	Members    []MemberAccount `json:"sub_customer_infos"`
	TotalCount int             `json:"total_count"`
}

// UnmarshalJSON implements json.Unmarshaler, accepting both list names.
func (p *MemberAccountPage) UnmarshalJSON(b []byte) error {
	type page MemberAccountPage
	var w struct {
		page
		Singular []MemberAccount `json:"sub_customer_info"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = MemberAccountPage(w.page)
	if p.Members == nil {
		p.Members = w.Singular
	}
	return nil
}

// MemberAccount is an enterprise member account (§9.2.1, Table 9-3
// SubCustomerInfoV2). Its ID is the sub_customer_id of the bill APIs.
type MemberAccount struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	// Status is 1 normal, 2 creating, 3 closing, 4 closed, 101 registering,
	// 102 to be activated.
	Status  int    `json:"status"`
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"` // may be empty for the root organization
}

// ListMemberAccounts returns one page of the member accounts of the caller's
// enterprise. Only an enterprise master account may call it.
//
// BSS API: "Querying Enterprise Member Accounts" (9.2.1), GET /v2/enterprises/multi-accounts/sub-customers
func (s *EnterpriseService) ListMemberAccounts(ctx context.Context, opts *MemberAccountOptions) (*MemberAccountPage, error) {
	var p MemberAccountPage
	if err := s.client.do(ctx, OpListSubCustomers, OpListSubCustomers.Path, queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
