package loaders

import (
	"context"
	"slices"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// CostKey is a resource's cost over one period (8.1). Keys of the same
// period and kinds share calls.
type CostKey struct {
	ResourceID    string
	TimeMeasureID int    // upstream.CostByDay or CostByMonth
	Begin, End    string // as 8.1's time_condition wants them
	CostType      string
	AmountType    string
}

// CostResourcesPerCall is the most values of one 8.1 filter.
const CostResourcesPerCall = 100

// costQuery is what the resources of one call share.
type costQuery struct {
	measure              int
	begin, end, typ, amt string
}

// ResourceCost is one resource's cost row and the currency of its amounts.
type ResourceCost struct {
	Row      upstream.CostData
	Currency string
}

// newResourceCost loads resources' costs with 8.1 grouped by RESOURCE_ID
// and filtered to up to 100 resources a call; a resource BSS has no cost
// for gets nil.
func newResourceCost(c *upstream.Client, obs Observer) loaderSpec[CostKey, *ResourceCost] {
	return newLoader(func(ctx context.Context, keys []CostKey) []*dataloader.Result[*ResourceCost] {
		groups := map[costQuery][]string{}
		for _, k := range keys {
			q := costQuery{k.TimeMeasureID, k.Begin, k.End, k.CostType, k.AmountType}
			if !slices.Contains(groups[q], k.ResourceID) {
				groups[q] = append(groups[q], k.ResourceID)
			}
		}
		found := map[CostKey]*ResourceCost{}
		failed := map[costQuery]error{}
		for q, ids := range groups {
			slices.Sort(ids) // the same resources make the same calls in every request
			for _, chunk := range chunks(ids, CostResourcesPerCall) {
				obs.ObserveBatch("ResourceCost", len(chunk))
				rows, err := costRows(ctx, c, q, chunk)
				if err != nil {
					failed[q] = err
					continue
				}
				for id, d := range rows {
					found[CostKey{id, q.measure, q.begin, q.end, q.typ, q.amt}] = d
				}
			}
		}
		out := make([]*dataloader.Result[*ResourceCost], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[*ResourceCost]{Data: found[k],
				Error: failed[costQuery{k.TimeMeasureID, k.Begin, k.End, k.CostType, k.AmountType}]}
		}
		return out
	}, 0)
}

// costRows makes one 8.1 call for ids and returns each resource's row.
func costRows(ctx context.Context, c *upstream.Client, q costQuery, ids []string) (map[string]*ResourceCost, error) {
	offset := 0
	p, err := c.Costs.Query(ctx, &upstream.CostQueryRequest{
		TimeCondition: upstream.CostTimeCondition{TimeMeasureID: q.measure, BeginTime: q.begin, EndTime: q.end},
		GroupBy:       []upstream.CostGroupBy{{Type: "dimension", Key: "RESOURCE_ID"}},
		CostType:      q.typ, AmountType: q.amt,
		Filters: []upstream.CostFilter{{Operator: upstream.CostFilterInclude,
			FilterFactor: upstream.CostFilterFactor{Key: "RESOURCE_ID", Value: ids}}},
		// One row per resource: 100 resources fit one page of 1000.
		ListOptions: upstream.ListOptions{Offset: &offset, Limit: 1000},
	})
	if err != nil {
		return nil, err
	}
	rows := make(map[string]*ResourceCost, len(p.Data))
	for _, row := range p.Data {
		for _, d := range row.Dimensions {
			if d.Key == "RESOURCE_ID" {
				rows[d.Value] = &ResourceCost{Row: row, Currency: p.Currency}
			}
		}
	}
	return rows, nil
}
