package graph

import (
	"context"
	"errors"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Enterprise projects (9.1.1) and member accounts (9.2.1). An enterprise
// master may browse a member account as a Customer (MemberAccount.customer,
// node(id:)); only the fields whose APIs can select a member serve it
// (usageRecords, expenditures, costs). The others call ownAccountOnly
// (or account.go's viewerOnly, orders.go's memberOrdersRefused) and fail
// with BAD_USER_INPUT instead of showing the master's own data.

// memberListLimit is the largest page of 9.2.1 (limit [1-100]).
const memberListLimit = 100

// enterpriseCosts is the upstream cost model of this domain's fields (limits.go).
func enterpriseCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Customer.memberAccounts":           pagedList(memberListLimit),
		"Mutation.enableEnterpriseProjects": perParent(1),
	}
}

// memberID returns the member account c stands for, or "" when c is the
// caller's own account (identity.go).
func (r *Resolver) memberID(ctx context.Context, c *model.Customer) (string, error) {
	self, err := r.isSelf(ctx, c)
	if err != nil || self {
		return "", err
	}
	return *c.AccountID, nil
}

// ownAccountOnly refuses field (served by the API in section) on a member
// account's Customer: the API serves only the caller's own account, so
// answering would show the enterprise master's data as the member's. Other
// domains' Customer fields should call it too.
func (r *Resolver) ownAccountOnly(ctx context.Context, c *model.Customer, field, section string) error {
	m, err := r.memberID(ctx, c)
	if err != nil {
		return err
	}
	if m != "" {
		return badInput("%s is not available for member account %s: BSS %s serves only the caller's own account; "+
			"only usageRecords, expenditures and costs can show a member's data to its enterprise master, "+
			"or query the member with its own credential", field, m, section)
	}
	return nil
}

// memberCustomer refetches a member account of the caller (an enterprise
// master) as a Customer. It pages 9.2.1 (100 members a call) until it finds
// key; an id that is no member of the caller, or a caller that is no
// enterprise master (403), gives null.
func (r *Resolver) memberCustomer(ctx context.Context, key string) (model.Node, error) {
	offset := 0
	for {
		page, err := r.bss.Enterprise.ListMemberAccounts(ctx, &upstream.MemberAccountOptions{ListOptions: upstream.ListOptions{Offset: &offset, Limit: memberListLimit}})
		if errors.Is(err, upstream.ErrForbidden) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		for _, m := range page.Members {
			if m.ID == key {
				return customerOf(m.ID), nil
			}
		}
		offset += len(page.Members)
		if len(page.Members) < memberListLimit || offset >= page.TotalCount {
			return nil, nil
		}
	}
}

// memberAccountOptions validates a filter of 9.2.1.
func memberAccountOptions(f *model.MemberAccountFilter) (*upstream.MemberAccountOptions, error) {
	opts := &upstream.MemberAccountOptions{}
	if f == nil {
		return opts, nil
	}
	opts.AccountName, opts.DisplayName, opts.OrgID = ptrOr(f.AccountName, ""), ptrOr(f.DisplayName, ""), ptrOr(f.OrgID, "")
	if err := firstInvalid(tooLong("filter.accountName", opts.AccountName, 64), tooLong("filter.displayName", opts.DisplayName, 64),
		tooLong("filter.orgId", opts.OrgID, 20)); err != nil {
		return nil, err
	}
	if f.Fuzzy != nil && *f.Fuzzy {
		opts.FuzzyQuery = true
		if containsSpace(opts.AccountName) || containsSpace(opts.DisplayName) {
			return nil, badInput("filter: a fuzzy query's names cannot contain spaces")
		}
	}
	return opts, nil
}

func containsSpace(s string) bool {
	for _, c := range s {
		if c == ' ' || c == '\t' {
			return true
		}
	}
	return false
}

// memberAccounts pages 9.2.1, 100 members a call, fetched concurrently.
func (r *Resolver) memberAccounts(ctx context.Context, c *model.Customer, filter *model.MemberAccountFilter, first *int32, after *string, last *int32, before *string) (*model.MemberAccountConnection, error) {
	if err := r.ownAccountOnly(ctx, c, "memberAccounts", "9.2.1"); err != nil {
		return nil, err
	}
	w, err := pageWindow(ctx, pageArgs{first, after, last, before})
	if err != nil {
		return nil, err
	}
	base, err := memberAccountOptions(filter)
	if err != nil {
		return nil, err
	}
	items, total, err := fetchWindow(ctx, w, memberListLimit, func(ctx context.Context, offset, limit int) ([]upstream.MemberAccount, int, error) {
		opts := *base
		opts.Offset, opts.Limit = &offset, limit
		p, err := r.bss.Enterprise.ListMemberAccounts(ctx, &opts)
		if err != nil {
			return nil, 0, err
		}
		// 9.2.1 calls total_count "the number of customers returned";
		// never let it claim fewer than were seen.
		return p.Members, max(p.TotalCount, offset+len(p.Members)), nil
	})
	if err != nil {
		return nil, err
	}
	nodes := mapSlice(items, memberAccountFromUpstream)
	prefetchMemberCosts(ctx, nodes)
	return connection(nodes, w, total), nil
}

var memberStatuses = map[int]model.MemberAccountStatus{
	1: model.MemberAccountStatusNormal, 2: model.MemberAccountStatusCreating, 3: model.MemberAccountStatusClosing,
	4: model.MemberAccountStatusClosed, 101: model.MemberAccountStatusRegistering, 102: model.MemberAccountStatusToBeActivated,
}

func memberAccountFromUpstream(m upstream.MemberAccount) *model.MemberAccount {
	return &model.MemberAccount{
		ID:          m.ID,
		Name:        strPtr(m.Name),
		DisplayName: strPtr(m.DisplayName),
		Status:      enumOf(memberStatuses, m.Status, model.MemberAccountStatusUnknown),
		StatusCode:  int32(m.Status),
		OrgID:       strPtr(m.OrgID),
		OrgName:     strPtr(m.OrgName),
		Customer:    customerOf(m.ID),
	}
}

var enterpriseCheckItems = map[string]model.EnterpriseProjectCheckItem{
	upstream.CheckNotOpenProjectGroup: model.EnterpriseProjectCheckItemNotOpenProjectGroup,
	upstream.CheckNotOpenMultiProject: model.EnterpriseProjectCheckItemNotOpenMultiProject,
	upstream.CheckEnterpriseOnly:      model.EnterpriseProjectCheckItemSelfOpenOnlyForEnterpriseAndIntraEnterpriseCustomers,
}

// enableEnterpriseProjectsPayload turns the answer of 9.1.1 into the
// payload: 204 is success; a documented refusal becomes userErrors, one per
// unmet check item of the 400 body (fail_check_items, CBC.99007004); any
// other failure (outcome unknown, throttling, an outage) stays an error.
func enableEnterpriseProjectsPayload(callErr error) (*model.EnableEnterpriseProjectsPayload, error) {
	out := &model.EnableEnterpriseProjectsPayload{FailedChecks: []*model.EnterpriseProjectCheck{}, UserErrors: []*model.UserError{}}
	if callErr == nil {
		out.Success = true
		return out, nil
	}
	ues, err := userErrors(callErr)
	if err != nil {
		return nil, err
	}
	var ue *upstream.Error
	var body upstream.EnableProjectsFailure
	if !errors.As(callErr, &ue) || ue.DecodeBody(&body) != nil || len(body.FailCheckItems) == 0 {
		out.UserErrors = ues
		return out, nil
	}
	for _, item := range body.FailCheckItems {
		out.FailedChecks = append(out.FailedChecks, &model.EnterpriseProjectCheck{
			Item: enumOf(enterpriseCheckItems, item, model.EnterpriseProjectCheckItemUnknown),
			Code: item,
		})
		out.UserErrors = append(out.UserErrors, &model.UserError{
			Code:    ue.Code,
			Message: ue.Message + " (" + item + ": " + enterpriseCheckMessage(item) + ")",
		})
	}
	return out, nil
}

// enterpriseCheckMessage explains a check item (Table 9-1).
func enterpriseCheckMessage(item string) string {
	switch item {
	case upstream.CheckNotOpenProjectGroup:
		return "project group management is already enabled"
	case upstream.CheckNotOpenMultiProject:
		return "the Multi-Project function is already enabled"
	case upstream.CheckEnterpriseOnly:
		return "only real-name-authenticated customers or enterprise accounts can enable it"
	}
	return "check item not satisfied"
}
