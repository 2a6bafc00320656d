package graph

import (
	"context"
	"time"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Cost data (8.1): one query grouped by at most two dimensions, paged 1000
// rows a call (offset at most 200000).

const (
	costPageLimit = 1000
	// costMaxOffset is the largest offset 8.1 accepts.
	costMaxOffset = 200000
	// costMaxMonths is the longest period 8.1 can answer: only cost data
	// within 18 months can be queried.
	costMaxMonths = 18
)

// costCosts is the upstream cost model of this domain's fields (limits.go).
func costCosts() map[string]fieldCost {
	return map[string]fieldCost{
		// first is an input field: the calls are the pages it needs.
		// Several parents are the members of a memberAccounts page, whose
		// costs of one grouping come from one query per 100 members
		// (loaders.MemberCosts).
		"Customer.costs": {calls: func(args map[string]any, parents int) int {
			in, _ := args["input"].(map[string]any)
			if groups, _ := in["groupBy"].([]any); parents > 1 && len(groups) == 1 && !groupsByMember(groups[0]) {
				return ceilDiv(parents, loaders.MembersPerCostCall)
			}
			return parents * (max(1, ceilDiv(firstArg(in), costPageLimit)) + countCall(in))
		}},
		"CostDimensionValue.serviceType":  once(1),
		"CostDimensionValue.resourceType": once(1),
	}
}

// groupsByMember reports whether a groupBy argument value groups by
// ASSOCIATED_ACCOUNT, which the member batch cannot add a second time.
func groupsByMember(g any) bool {
	m, _ := g.(map[string]any)
	return m["dimension"] == string(model.CostDimensionAssociatedAccount)
}

// dimensionServiceType names a CLOUD_SERVICE_TYPE value from the shared
// catalog; other dimensions have no service type.
func (r *Resolver) dimensionServiceType(ctx context.Context, d *model.CostDimensionValue) (*model.ServiceType, error) {
	if d.Key != model.CostDimensionCloudServiceType {
		return nil, nil
	}
	return r.serviceType(ctx, ptrOr(d.Value, ""))
}

// dimensionResourceType names a RESOURCE_TYPE value from the shared catalog.
func (r *Resolver) dimensionResourceType(ctx context.Context, d *model.CostDimensionValue) (*model.ResourceType, error) {
	if d.Key != model.CostDimensionResourceType {
		return nil, nil
	}
	return r.resourceType(ctx, ptrOr(d.Value, ""))
}

var (
	costGranularities = map[int]model.CostGranularity{
		upstream.CostByDay: model.CostGranularityDay, upstream.CostByMonth: model.CostGranularityMonth,
	}
	costTypes = map[model.CostType]string{
		model.CostTypeOriginalCost: upstream.CostTypeOriginal, model.CostTypeAmortizedCost: upstream.CostTypeAmortized,
	}
	costAmountTypes = map[model.CostAmountType]string{
		model.CostAmountTypePaymentAmount: upstream.CostAmountPayment, model.CostAmountTypeNetAmount: upstream.CostAmountNet,
	}
	// costDimensions are the keys of Tables 8-3, 8-5 and 8-7, and the
	// example's "tag".
	costDimensions = map[string]model.CostDimension{
		"CLOUD_SERVICE_TYPE": model.CostDimensionCloudServiceType, "ASSOCIATED_ACCOUNT": model.CostDimensionAssociatedAccount,
		"REGION_CODE": model.CostDimensionRegionCode, "RES_SPEC_CODE": model.CostDimensionResSpecCode,
		"USAGE_TYPE": model.CostDimensionUsageType, "ENTERPRISE_PROJECT_ID": model.CostDimensionEnterpriseProjectID,
		"RESOURCE_ID": model.CostDimensionResourceID, "CHARGING_MODE": model.CostDimensionChargingMode,
		"BILL_TYPE": model.CostDimensionBillType, "RESOURCE_TYPE": model.CostDimensionResourceType,
		"AZ_CODE": model.CostDimensionAzCode, "BE_ID": model.CostDimensionBeID,
		"PAYER_ACCOUNT_ID": model.CostDimensionPayerAccountID, "SPLIT_ITEM_NAME": model.CostDimensionSplitItemName,
		"RESOURCE_TAG": model.CostDimensionResourceTag, "COST_UNIT": model.CostDimensionCostUnit,
		"tag": model.CostDimensionTag,
	}
)

// costGroupDimension reports whether d may be a groupby dimension (Table 8-3).
func costGroupDimension(d model.CostDimension) bool {
	switch d {
	case model.CostDimensionResourceTag, model.CostDimensionCostUnit, model.CostDimensionTag, model.CostDimensionUnknown:
		return false
	}
	return true
}

// costQuery validates the input of Customer.costs and builds the request
// (without paging). memberID, when set, restricts it to that member account.
func costQuery(in model.CostQueryInput, memberID string) (*upstream.CostQueryRequest, error) {
	req := &upstream.CostQueryRequest{CostType: costTypes[in.CostType], AmountType: costAmountTypes[in.AmountType]}
	if req.CostType == "" || req.AmountType == "" {
		return nil, badInput("input.costType and input.amountType are mandatory")
	}
	var err error
	if req.TimeCondition, err = costTimeCondition(in); err != nil {
		return nil, err
	}
	// Group by: one or two entries, each exactly one kind.
	if len(in.GroupBy) < 1 || len(in.GroupBy) > 2 {
		return nil, badInput("input.groupBy: 1 or 2 groupings, got %d", len(in.GroupBy))
	}
	for i, g := range in.GroupBy {
		gb, err := costGroupBy(g, in.CostType)
		if err != nil {
			return nil, badInput("input.groupBy[%d]: %v", i, err)
		}
		req.GroupBy = append(req.GroupBy, gb)
	}
	if len(req.GroupBy) == 2 {
		x, y := req.GroupBy[0], req.GroupBy[1]
		if x.Type == y.Type && (x.Type != "dimension" || x.Key == y.Key) {
			return nil, badInput("input.groupBy: two groupings must be of different kinds, or two different dimensions")
		}
	}
	if req.Filters, err = costFilters(in, memberID); err != nil {
		return nil, err
	}
	return req, nil
}

// costTimeCondition is 8.1's time condition of in.
func costTimeCondition(in model.CostQueryInput) (upstream.CostTimeCondition, error) {
	// Time condition: GMT+08:00 days or months, to not before from, a span
	// of at most 18 months.
	from, to := in.From.Time(bssZone), in.To.Time(bssZone)
	if to.Before(from) {
		return upstream.CostTimeCondition{}, badInput("input.to (%s) is before input.from (%s)", in.To, in.From)
	}
	switch in.Granularity {
	case model.CostGranularityDay:
		if !to.Before(from.AddDate(0, costMaxMonths, 0)) {
			return upstream.CostTimeCondition{}, badInput("input.from and input.to: %s to %s is longer than the %d months 8.1 answers at most", in.From, in.To, costMaxMonths)
		}
		return upstream.CostTimeCondition{TimeMeasureID: upstream.CostByDay, BeginTime: string(in.From), EndTime: string(in.To)}, nil
	case model.CostGranularityMonth:
		if monthsBetween(from, to)+1 > costMaxMonths {
			return upstream.CostTimeCondition{}, badInput("input.from and input.to: the months %s to %s are more than the %d months 8.1 answers at most", in.From[:7], in.To[:7], costMaxMonths)
		}
		return upstream.CostTimeCondition{TimeMeasureID: upstream.CostByMonth, BeginTime: string(in.From[:7]), EndTime: string(in.To[:7])}, nil
	default:
		return upstream.CostTimeCondition{}, badInput("input.granularity: %s is not a granularity of 8.1", in.Granularity)
	}
}

// costFilters are 8.1's filters of in; a member's costs are restricted to
// the member.
func costFilters(in model.CostQueryInput, memberID string) ([]upstream.CostFilter, error) {
	var filters []upstream.CostFilter
	// Filters: each 1 to 100 values.
	if len(in.Filters) > 100 {
		return nil, badInput("input.filters: at most 100 filters, got %d", len(in.Filters))
	}
	for i, f := range in.Filters {
		key, ok := enumCode(costDimensions, f.Dimension)
		if !ok || f.Dimension == model.CostDimensionTag {
			return nil, badInput("input.filters[%d].dimension: %s is not a filter key of 8.1", i, f.Dimension)
		}
		if f.Dimension == model.CostDimensionSplitItemName && in.CostType == model.CostTypeOriginalCost {
			return nil, badInput("input.filters[%d]: SPLIT_ITEM_NAME cannot be used with ORIGINAL_COST", i)
		}
		if len(f.Values) < 1 || len(f.Values) > 100 {
			return nil, badInput("input.filters[%d].values: 1 to 100 values, got %d", i, len(f.Values))
		}
		if memberID != "" && f.Dimension == model.CostDimensionAssociatedAccount {
			return nil, badInput("input.filters[%d]: this Customer is member account %s; its costs are already restricted to it", i, memberID)
		}
		op := upstream.CostFilterInclude
		if f.Exclude {
			op = upstream.CostFilterExclude
		}
		filters = append(filters, upstream.CostFilter{Operator: op, FilterFactor: upstream.CostFilterFactor{Key: key, Value: f.Values}})
	}
	if memberID != "" {
		filters = append(filters, upstream.CostFilter{Operator: upstream.CostFilterInclude,
			FilterFactor: upstream.CostFilterFactor{Key: "ASSOCIATED_ACCOUNT", Value: []string{memberID}}})
	}
	return filters, nil
}

// costGroupBy validates one grouping.
func costGroupBy(g *model.CostGroupByInput, ct model.CostType) (upstream.CostGroupBy, error) {
	set := 0
	var gb upstream.CostGroupBy
	if g.Dimension != nil {
		set++
		key, ok := enumCode(costDimensions, *g.Dimension)
		if !ok || !costGroupDimension(*g.Dimension) {
			return gb, badInput("%s is not a groupby dimension of 8.1 (group by tags with tagKey, cost categories with costUnitKey)", *g.Dimension)
		}
		if *g.Dimension == model.CostDimensionSplitItemName && ct == model.CostTypeOriginalCost {
			return gb, badInput("SPLIT_ITEM_NAME cannot be used with ORIGINAL_COST")
		}
		gb = upstream.CostGroupBy{Type: "dimension", Key: key}
	}
	for _, k := range []struct {
		typ, name string
		v         *string
	}{{"tag", "tagKey", g.TagKey}, {"cost_unit", "costUnitKey", g.CostUnitKey}} {
		if k.v == nil {
			continue
		}
		set++
		if err := optionalString(k.name, k.v, 128); err != nil {
			return gb, err
		}
		gb = upstream.CostGroupBy{Type: k.typ, Key: *k.v}
	}
	if set != 1 {
		return gb, badInput("set exactly one of dimension, tagKey and costUnitKey")
	}
	return gb, nil
}

// monthsBetween is the number of calendar months from a's to b's.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// costs runs 8.1 for customer c: the caller's costs, or a member's.
func (r *Resolver) costs(ctx context.Context, c *model.Customer, in model.CostQueryInput) (*model.CostReport, error) {
	w, err := pageWindow(ctx, pageArgs{in.First, in.After, in.Last, in.Before})
	if err != nil {
		return nil, err
	}
	// Every page fetched starts at an offset 8.1 accepts (at most 200000).
	if last := w.Offset + max(w.First-1, 0)/costPageLimit*costPageLimit; last > costMaxOffset {
		return nil, badInput("input.after/first: 8.1 pages start at most at row %d", costMaxOffset)
	}
	member, err := r.memberID(ctx, c)
	if err != nil {
		return nil, err
	}
	if member != "" {
		if key, ok, err := memberCostKey(in, member); err != nil {
			return nil, err
		} else if ok {
			return memberCosts(ctx, key, w)
		}
	}
	base, err := costQuery(in, member)
	if err != nil {
		return nil, err
	}
	var cur string
	items, total, err := fetchWindow(ctx, w, costPageLimit, func(ctx context.Context, offset, limit int) ([]upstream.CostData, int, error) {
		req := *base
		req.Offset, req.Limit = &offset, limit
		p, err := r.bss.Costs.Query(ctx, &req)
		if err != nil {
			return nil, 0, err
		}
		if offset == w.Offset {
			cur = p.Currency
		}
		return p.Data, p.TotalCount, nil
	})
	if err != nil {
		return nil, err
	}
	cur = currencyOr(cur)
	page := connection(mapSlice(items, func(d upstream.CostData) *model.CostRow { return costRowFromUpstream(d, cur) }), w, total)
	return &model.CostReport{TotalCount: page.TotalCount, Currency: cur, Page: page}, nil
}

// resourceCost is Resource.cost (ResourceCost loader): in is the period
// and kinds asked.
func resourceCost(ctx context.Context, res *model.Resource, in model.CostQueryInput) (*model.CostRow, error) {
	key, err := resourceCostKey(res.ResourceID, in)
	if err != nil {
		return nil, err
	}
	c, err := loaders.For(ctx).ResourceCost.Load(ctx, key)()
	if err != nil || c == nil {
		return nil, err
	}
	return costRowFromUpstream(c.Row, currencyOr(c.Currency)), nil
}

// resourceCostKey validates in as a query grouped by RESOURCE_ID and
// returns the loader key of the resource's row.
func resourceCostKey(resourceID string, in model.CostQueryInput) (loaders.CostKey, error) {
	byResource := model.CostDimensionResourceID
	in.GroupBy = []*model.CostGroupByInput{{Dimension: &byResource}}
	q, err := costQuery(in, "")
	if err != nil {
		return loaders.CostKey{}, err
	}
	return loaders.CostKey{
		ResourceID: resourceID, TimeMeasureID: q.TimeCondition.TimeMeasureID,
		Begin: q.TimeCondition.BeginTime, End: q.TimeCondition.EndTime, CostType: q.CostType, AmountType: q.AmountType,
	}, nil
}

// costArgs reads Resource.cost's arguments from a field's argument map
// (literals and variables, defaults applied), for the prefetch.
func costArgs(args map[string]any) (model.CostQueryInput, bool) {
	str := func(k string) string { s, _ := args[k].(string); return s }
	from, err1 := model.ParseDate(str("from"))
	to, err2 := model.ParseDate(str("to"))
	return model.CostQueryInput{From: from, To: to, Granularity: model.CostGranularity(str("granularity")),
		CostType: model.CostType(str("costType")), AmountType: model.CostAmountType(str("amountType"))}, err1 == nil && err2 == nil
}

func costRowFromUpstream(d upstream.CostData, cur string) *model.CostRow {
	// 8.1 has no measure_id: its amounts are in major units.
	out := &model.CostRow{
		Dimensions:     make([]*model.CostDimensionValue, len(d.Dimensions)),
		Costs:          make([]*model.CostAmount, len(d.Costs)),
		Amount:         money(d.AmountByCosts.Decimal, 0, cur),
		OfficialAmount: money(d.OfficialAmountByCosts.Decimal, 0, cur),
	}
	for i, dim := range d.Dimensions {
		out.Dimensions[i] = &model.CostDimensionValue{
			Key:     enumOf(costDimensions, dim.Key, model.CostDimensionUnknown),
			KeyCode: dim.Key,
			Value:   strPtr(dim.Value),
		}
	}
	for i, c := range d.Costs {
		a := &model.CostAmount{
			TimeDimensionValue: c.TimeDimensionValue,
			Granularity:        enumOf(costGranularities, c.TimeMeasureID, model.CostGranularityUnknown),
			GranularityCode:    int32(c.TimeMeasureID),
			Amount:             money(c.Amount.Decimal, 0, cur),
			OfficialAmount:     money(c.OfficialAmount.Decimal, 0, cur),
		}
		switch c.TimeMeasureID {
		case upstream.CostByDay:
			a.Date = dateOf(c.TimeDimensionValue)
		case upstream.CostByMonth:
			a.Month = monthOf(c.TimeDimensionValue)
		}
		out.Costs[i] = a
	}
	return out
}
