package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Enterprise members' costs (MemberAccount.customer.costs) come from one
// 8.1 query for up to 100 members (loaders.MemberCosts) instead of one
// query each. The memberAccounts page hands its members to the loader as
// one explicit batch.

// memberCostKey is the MemberCosts key of member's costs for in, or false
// when in cannot share a call with other members (two groupings already).
func memberCostKey(in model.CostQueryInput, member string) (loaders.MemberCostKey, bool, error) {
	req, err := costQuery(in, member)
	if err != nil {
		return loaders.MemberCostKey{}, false, err
	}
	req.Filters = req.Filters[:len(req.Filters)-1] // the member's own filter
	q, ok := loaders.MemberCostQuery(*req)
	return loaders.MemberCostKey{Query: q, MemberID: member}, ok, nil
}

// memberCosts is a member's cost report cut from the rows the loader split
// out for it.
func memberCosts(ctx context.Context, key loaders.MemberCostKey, w window) (*model.CostReport, error) {
	mc, err := loaders.For(ctx).MemberCosts.Load(ctx, key)()
	if err != nil {
		return nil, err
	}
	cur := currencyOr(mc.Currency)
	page := listConnection(mapSlice(mc.Rows, func(d upstream.CostData) *model.CostRow { return costRowFromUpstream(d, cur) }), w)
	return &model.CostReport{TotalCount: page.TotalCount, Currency: cur, Page: page}, nil
}

// prefetchMemberCosts hands the MemberCosts loader every member of a page
// when the query asks for their costs (nodes or edges.node, customer,
// costs), so 100 members take one call however the resolvers run.
func prefetchMemberCosts(ctx context.Context, members []*model.MemberAccount) {
	fc, oc := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	if fc == nil || fc.Field.Field == nil || oc == nil || len(members) == 0 {
		return
	}
	for _, f := range memberCostFields(oc, fc.Field.Selections) {
		in, ok := costInputArg(f.ArgumentMap(oc.Variables)["input"])
		if !ok {
			continue
		}
		var keys []loaders.MemberCostKey
		for _, m := range members {
			if k, ok, err := memberCostKey(in, m.ID); err == nil && ok {
				keys = append(keys, k)
			}
		}
		loaders.For(ctx).MemberCosts.Prefetch(ctx, keys)
	}
}

// memberCostFields returns the costs fields selected on the members'
// customers of a memberAccounts connection.
func memberCostFields(oc *graphql.OperationContext, set ast.SelectionSet) []graphql.CollectedField {
	var out []graphql.CollectedField
	var walk func(set ast.SelectionSet, path ...string)
	walk = func(set ast.SelectionSet, path ...string) {
		for _, f := range graphql.CollectFields(oc, set, nil) {
			switch {
			case len(path) == 0 && f.Name == "costs":
				out = append(out, f)
			case len(path) > 0 && f.Name == path[0]:
				walk(f.Selections, path[1:]...)
			}
		}
	}
	walk(set, "nodes", "customer")
	walk(set, "edges", "node", "customer")
	return out
}

// costInputArg reads a CostQueryInput from an argument map's value; false
// when it is not a valid one (the resolver then reports why).
func costInputArg(v any) (model.CostQueryInput, bool) {
	// The defaults of schema/costs.graphqls: an argument map holds only
	// what the query wrote.
	in := model.CostQueryInput{Granularity: model.CostGranularityDay,
		CostType: model.CostTypeOriginalCost, AmountType: model.CostAmountTypePaymentAmount}
	b, err := json.Marshal(v)
	if err != nil || json.Unmarshal(b, &in) != nil {
		return in, false
	}
	if _, err := model.ParseDate(string(in.From)); err != nil {
		return in, false
	}
	if _, err := model.ParseDate(string(in.To)); err != nil {
		return in, false
	}
	return in, true
}
