package loaders

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// RenewalKey is a resource priced for renewal by one period. Keys of the
// same period (type, number and IncludeRelative) share upstream calls.
type RenewalKey struct {
	ResourceID string
	PeriodType int // 2 month, 3 year
	PeriodNum  int // 1 to 11 months or 1 to 3 years
	// IncludeRelative is include_relative_resources: whether associated
	// resources are priced with the resource (false is BSS's default).
	IncludeRelative bool
}

// RenewalPrice is one resource's renewal price (a renew_inquiry_results
// entry of 4.2.3).
type RenewalPrice struct {
	// ResourceID is the resource BSS priced: the key's, or with
	// IncludeRelative the associated primary resource.
	ResourceID string
	// Amount is the renewal price of the resource and its attached
	// resources, in major units of Currency.
	Amount   upstream.StringAmount
	Currency string // blank means USD
	// Quote is the whole answer when the resource was priced alone, so that
	// its list price and discount results, which BSS gives only as totals
	// of a call, are this resource's own; nil when it shared the call.
	Quote *upstream.RenewalQuote
}

// renewalBatch is the most resource_ids of one renewal price inquiry
// (4.2.3: 1 to 10).
const renewalBatch = 10

// newRenewalPrice prices resources for renewal (4.2.3). The period fields
// of the API apply to every resource of a call, so the batch function
// groups the keys it receives by period and sends each group in calls of
// up to 10 distinct resource ids (BSS rejects duplicates, CBC.30050012).
// The loader itself has no capacity: capping a batch at 10 keys would split
// a group whenever keys of two periods arrive together.
func newRenewalPrice(c *upstream.Client, obs Observer) loaderSpec[RenewalKey, *RenewalPrice] {
	return newLoader(renewalPriceBatch(c, obs), 0)
}

// renewalPeriod is what the resources of one renewal call share.
type renewalPeriod struct {
	typ, num int
	relative bool
}

func renewalPriceBatch(c *upstream.Client, obs Observer) dataloader.BatchFunc[RenewalKey, *RenewalPrice] {
	return func(ctx context.Context, keys []RenewalKey) []*dataloader.Result[*RenewalPrice] {
		var periods []renewalPeriod
		ids := map[renewalPeriod][]string{}
		seen := map[RenewalKey]bool{}
		for _, k := range keys {
			if seen[k] {
				continue
			}
			seen[k] = true
			p := renewalPeriod{k.PeriodType, k.PeriodNum, k.IncludeRelative}
			if _, ok := ids[p]; !ok {
				periods = append(periods, p)
			}
			ids[p] = append(ids[p], k.ResourceID)
		}

		found, failed := inChunks(periods, ids, renewalBatch, func(p renewalPeriod, id string) RenewalKey { return RenewalKey{id, p.typ, p.num, p.relative} },
			func(p renewalPeriod, chunk []string) (map[string]*RenewalPrice, map[string]error) {
				obs.ObserveBatch("RenewalPrice", len(chunk))
				return renewalCall(ctx, c, p, chunk)
			})
		return inKeyOrder(keys, found, func(k RenewalKey) error {
			if err := failed[k]; err != nil {
				return err
			}
			return fmt.Errorf("renewal price of resource %s: BSS returned none: %w", k.ResourceID, upstream.ErrNotFound)
		})
	}
}

// renewalCall prices ids (distinct, at most 10) for period p with one
// upstream call, and returns the price or the error of each id. A failure
// of the whole call is every id's error; a resource in fail_resource_infos
// gets its own code.
func renewalCall(ctx context.Context, c *upstream.Client, p renewalPeriod, ids []string) (map[string]*RenewalPrice, map[string]error) {
	req := &upstream.RenewalPriceRequest{ResourceIDs: ids, PeriodType: p.typ, PeriodNum: p.num}
	if p.relative {
		req.IncludeRelativeResources = &p.relative
	}
	errs := make(map[string]error)
	q, err := c.Pricing.Renewal(ctx, req)
	if err != nil && len(ids) > 1 && errors.Is(err, upstream.ErrInvalid) {
		// BSS may refuse a whole batch for one resource it cannot price
		// (e.g. CBC.30050010, a resource in an unpaid order): price each
		// alone, so the others still get theirs and the culprit its own
		// error. These are reads, so asking again is safe.
		return renewalOneByOne(ctx, c, p, ids)
	}
	if err != nil {
		return nil, errorOfEach(ids, err)
	}
	got := make(map[string]*RenewalPrice, len(ids))
	asked := make(map[string]bool, len(ids))
	for _, id := range ids {
		asked[id] = true
	}
	var unmatched []upstream.RenewalInquiryResult
	for _, r := range q.RenewInquiryResults {
		if asked[r.ResourceID] {
			got[r.ResourceID] = &RenewalPrice{ResourceID: r.ResourceID, Amount: r.Amount, Currency: q.Currency}
		} else {
			unmatched = append(unmatched, r)
		}
	}
	for _, f := range q.FailResourceInfos {
		if asked[f.ResourceID] {
			errs[f.ResourceID] = renewalFailure(f)
		}
	}
	// With include_relative_resources BSS answers with the id of the
	// associated primary resource; when exactly one id is left without an
	// answer and exactly one answer is left without an id, they belong
	// together.
	var missing []string
	for _, id := range ids {
		if got[id] == nil && errs[id] == nil {
			missing = append(missing, id)
		}
	}
	if len(missing) == 1 && len(unmatched) == 1 {
		r := unmatched[0]
		got[missing[0]] = &RenewalPrice{ResourceID: r.ResourceID, Amount: r.Amount, Currency: q.Currency}
	}
	if len(ids) == 1 {
		for _, v := range got {
			v.Quote = q
		}
	}
	return got, errs
}

// renewalOneByOne prices each id with its own call.
func renewalOneByOne(ctx context.Context, c *upstream.Client, p renewalPeriod, ids []string) (map[string]*RenewalPrice, map[string]error) {
	return inChunks([]renewalPeriod{p}, map[renewalPeriod][]string{p: ids}, 1, func(_ renewalPeriod, id string) string { return id },
		func(p renewalPeriod, chunk []string) (map[string]*RenewalPrice, map[string]error) {
			return renewalCall(ctx, c, p, chunk)
		})
}

// renewalFailure is the error of a resource listed in fail_resource_infos:
// a BSS answer with a 200-status code of 4.2.3, e.g. CBC.30050009 (deleted
// or unknown) or CBC.30050007 (not a primary resource).
func renewalFailure(f upstream.RenewalFailedResource) error {
	op := upstream.OpListRenewRateOnPeriod
	msg := f.ErrorMsg
	if msg == "" {
		msg = fmt.Sprintf("the renewal price of resource %s could not be queried", f.ResourceID)
	}
	return &upstream.Error{HTTPStatus: http.StatusOK, Code: f.ErrorCode, Message: msg,
		Operation: op.Name, Method: op.Method, Path: op.Path}
}
