package loaders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
	"golang.org/x/sync/errgroup"

	"bssgraph/upstream"
)

// MemberCostKey is one enterprise member's costs for one cost query (8.1).
// Query is the JSON of the query's upstream.CostQueryRequest without the
// member, paging or ASSOCIATED_ACCOUNT grouping (MemberCostQuery builds
// it); members of the same Query share calls.
type MemberCostKey struct {
	Query    string
	MemberID string
}

// MemberCosts is every row of one member's costs, in BSS's order, and the
// currency of their amounts.
type MemberCosts struct {
	Rows     []upstream.CostData
	Currency string
}

// MemberCostQuery returns the Query of a MemberCostKey for req, whose
// single grouping is not ASSOCIATED_ACCOUNT, or false when members of req
// cannot share a call (groupby holds at most 2 entries).
func MemberCostQuery(req upstream.CostQueryRequest) (string, bool) {
	if len(req.GroupBy) != 1 || req.GroupBy[0] == memberGrouping || len(req.Filters) >= 100 {
		return "", false
	}
	req.Offset, req.Limit = nil, 0
	b, err := json.Marshal(req)
	return string(b), err == nil
}

const memberDimension = "ASSOCIATED_ACCOUNT"

var memberGrouping = upstream.CostGroupBy{Type: "dimension", Key: memberDimension}

// MembersPerCostCall is the most member ids of one ASSOCIATED_ACCOUNT
// filter (8.1: 1 to 100 values).
const MembersPerCostCall = 100

// costPage is 8.1's largest page.
const costPage = 1000

// errTooManyIndependent is BSS's refusal to answer for many independently
// accounted members at once (CBC.18000048: "Specify a member account").
const errTooManyIndependent = "CBC.18000048"

// newMemberCosts loads enterprise members' costs (8.1) with one query for
// up to 100 members: the member's query filtered to the members and
// grouped by ASSOCIATED_ACCOUNT as well, its rows split back by that
// dimension. Within a member the rows keep BSS's order, which sorts by
// amount and then by the dimension values, the member's own query's order.
// When BSS refuses so many members (CBC.18000048) each half is asked
// apart; when it answers rows without the member dimension, or would need
// more pages than there are members, the members are asked one by one.
func newMemberCosts(c *upstream.Client, obs Observer) loaderSpec[MemberCostKey, *MemberCosts] {
	return newLoader(func(ctx context.Context, keys []MemberCostKey) []*dataloader.Result[*MemberCosts] {
		members := map[string][]string{}
		var queries []string
		for _, k := range keys {
			if _, ok := members[k.Query]; !ok {
				queries = append(queries, k.Query)
			}
			if !slices.Contains(members[k.Query], k.MemberID) {
				members[k.Query] = append(members[k.Query], k.MemberID)
			}
		}
		found, failed := inChunks(queries, members, MembersPerCostCall, func(q, m string) MemberCostKey { return MemberCostKey{q, m} },
			func(q string, chunk []string) (map[string]*MemberCosts, map[string]error) {
				var base upstream.CostQueryRequest
				if err := json.Unmarshal([]byte(q), &base); err != nil {
					return nil, errorOfEach(chunk, err)
				}
				obs.ObserveBatch("MemberCosts", len(chunk))
				got, err := memberCostChunk(ctx, c, base, chunk)
				if err != nil {
					return nil, errorOfEach(chunk, err)
				}
				return got, nil
			})
		return inKeyOrder(keys, found, func(k MemberCostKey) error { return failed[k] })
	}, 0)
}

// memberCostChunk returns the costs of each member of ids (distinct, at
// most 100) for base.
func memberCostChunk(ctx context.Context, c *upstream.Client, base upstream.CostQueryRequest, ids []string) (map[string]*MemberCosts, error) {
	if len(ids) == 1 {
		return memberCostsOneByOne(ctx, c, base, ids) // the member's own query, one grouping
	}
	req := base
	req.GroupBy = append(slices.Clone(base.GroupBy), memberGrouping)
	req.Filters = append(slices.Clone(base.Filters), memberFilter(ids))
	rows, cur, err := allCostRows(ctx, c, req, len(ids))
	var ue *upstream.Error
	if errors.As(err, &ue) && ue.Code == errTooManyIndependent {
		return memberCostHalves(ctx, c, base, ids)
	}
	if errors.Is(err, errTooManyPages) {
		return memberCostsOneByOne(ctx, c, base, ids)
	}
	if err != nil {
		return nil, err
	}
	out := make(map[string]*MemberCosts, len(ids))
	for _, id := range ids {
		out[id] = &MemberCosts{Rows: []upstream.CostData{}, Currency: cur}
	}
	for _, r := range rows {
		i := slices.IndexFunc(r.Dimensions, func(d upstream.CostDimension) bool { return d.Key == memberDimension })
		m := -1
		if i >= 0 {
			m = slices.Index(ids, r.Dimensions[i].Value)
		}
		if m < 0 || len(r.Dimensions) != 2 {
			// No member to split by: ask each member alone.
			return memberCostsOneByOne(ctx, c, base, ids)
		}
		r.Dimensions = slices.Delete(slices.Clone(r.Dimensions), i, i+1)
		out[ids[m]].Rows = append(out[ids[m]].Rows, r)
	}
	return out, nil
}

// memberCostHalves asks the two halves of ids apart: BSS refused to
// answer for as many independently accounted members at once.
func memberCostHalves(ctx context.Context, c *upstream.Client, base upstream.CostQueryRequest, ids []string) (map[string]*MemberCosts, error) {
	out, err := memberCostChunk(ctx, c, base, ids[:len(ids)/2])
	if err != nil {
		return nil, err
	}
	rest, err := memberCostChunk(ctx, c, base, ids[len(ids)/2:])
	if err != nil {
		return nil, err
	}
	maps.Copy(out, rest)
	return out, nil
}

// errTooManyPages stops a combined query that would cost more calls than
// asking each member alone.
var errTooManyPages = errors.New("the combined cost query needs more pages than it has members")

// memberCostsOneByOne asks each member's costs with its own query.
func memberCostsOneByOne(ctx context.Context, c *upstream.Client, base upstream.CostQueryRequest, ids []string) (map[string]*MemberCosts, error) {
	out := make(map[string]*MemberCosts, len(ids))
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(maxFanOut)
	for _, id := range ids {
		g.Go(func() error {
			req := base
			req.Filters = append(slices.Clone(base.Filters), memberFilter([]string{id}))
			rows, cur, err := allCostRows(ctx, c, req, 0)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			out[id] = &MemberCosts{Rows: rows, Currency: cur}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func memberFilter(ids []string) upstream.CostFilter {
	return upstream.CostFilter{Operator: upstream.CostFilterInclude,
		FilterFactor: upstream.CostFilterFactor{Key: memberDimension, Value: ids}}
}

// allCostRows pages req at 1000 rows until BSS has given total_count rows;
// with maxPages > 0 a query needing more pages fails with errTooManyPages
// after its first.
func allCostRows(ctx context.Context, c *upstream.Client, req upstream.CostQueryRequest, maxPages int) ([]upstream.CostData, string, error) {
	var rows []upstream.CostData
	var cur string
	for {
		offset := len(rows)
		req.Offset, req.Limit = &offset, costPage
		p, err := c.Costs.Query(ctx, &req)
		if err != nil {
			return nil, "", err
		}
		if offset == 0 {
			cur = p.Currency
			if maxPages > 0 && p.TotalCount > maxPages*costPage {
				return nil, "", fmt.Errorf("%w (%d rows)", errTooManyPages, p.TotalCount)
			}
		}
		rows = append(rows, p.Data...)
		if len(p.Data) == 0 || len(rows) >= p.TotalCount {
			return rows, cur, nil
		}
	}
}
