package graph

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/graph/model"
)

// Sorting where BSS cannot sort (6.1.1 coupons, 6.3.1 resources): the
// gateway reads the whole filtered list, sorts it and pages it. A cursor of
// a sorted list is an offset in that order, bound to it: its connection
// name carries the sort key and direction.

// sortPages is how many upstream pages a list sorted by the gateway may
// take; a longer list is refused after its first page tells the count.
const sortPages = 10

// sortOrder is the orderBy argument of a list the gateway sorts.
type sortOrder interface {
	SortKey() (field string, dir model.SortDirection)
}

// sortedWindow is pageWindow for a connection the gateway sorts by the key
// of by (field "": BSS's own order). The connection name carries the
// order, so a cursor of one order is refused in another.
func sortedWindow(ctx context.Context, by sortOrder, p pageArgs) (window, error) {
	conn := connectionName(ctx)
	if field, dir := by.SortKey(); field != "" {
		conn += " by " + field + " " + string(dir)
	}
	return pageWindowOf(conn, p)
}

// readAll reads every item of a paged API whose largest page is apiLimit,
// or refuses a list of more than sortPages pages, naming what and how to
// narrow it.
func readAll[T any](ctx context.Context, apiLimit int, what, narrow string, fetch fetchPage[T]) ([]T, error) {
	limit := sortPages * apiLimit
	first, total, err := fetch(ctx, 0, apiLimit)
	if err != nil {
		return nil, err
	}
	if total > limit {
		return nil, badInput("orderBy: BSS cannot sort %s, so the gateway sorts at most %d itself, and the filter selects %d: %s", what, limit, total, narrow)
	}
	if len(first) >= total || len(first) < apiLimit {
		return first, nil
	}
	// The total is known: every remaining page at once.
	rest, err := fetchRange(ctx, len(first), total, apiLimit, fetch)
	return append(first, rest...), err
}

// nullsLast compares a and b ascending or descending, with absent values
// after present ones either way.
func nullsLast[K any](a, b *K, desc bool, compare func(K, K) int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	case desc:
		return compare(*b, *a)
	}
	return compare(*a, *b)
}

// sortedBy sorts items by key, then by id so that equal keys keep one order
// on every page.
func sortedBy[T any](items []T, key func(a, b T) int, id func(T) string) []T {
	slices.SortStableFunc(items, func(a, b T) int { return cmp.Or(key(a, b), cmp.Compare(id(a), id(b))) })
	return items
}

// sortCosts is the estimate of a list the gateway sorts: sortPages calls per
// parent with orderBy, else paged as BSS pages it.
func sortCosts(apiLimit int) fieldCost {
	paged := pagedList(apiLimit)
	return fieldCost{items: paged.items, calls: func(args map[string]any, parents int) int {
		if args["orderBy"] != nil {
			return parents * sortPages
		}
		return paged.calls(args, parents)
	}}
}

// resourceOrder compares resources by o's key.
func resourceOrder(o *model.ResourceOrder) func(a, b *model.Resource) int {
	desc := o.Direction == model.SortDirectionDesc
	return func(a, b *model.Resource) int {
		switch o.Field {
		case model.ResourceSortFieldExpiresAt:
			return nullsLast(a.ExpiresAt, b.ExpiresAt, desc, time.Time.Compare)
		case model.ResourceSortFieldCreatedAt:
			return nullsLast(a.EffectiveAt, b.EffectiveAt, desc, time.Time.Compare)
		}
		return nullsLast(a.Name, b.Name, desc, strings.Compare)
	}
}

// couponOrder compares coupons by o's key.
func couponOrder(o *model.CouponOrder) func(a, b *model.Coupon) int {
	desc := o.Direction == model.SortDirectionDesc
	return func(a, b *model.Coupon) int {
		if o.Field == model.CouponSortFieldExpiresAt {
			return nullsLast(a.ExpireTime, b.ExpireTime, desc, time.Time.Compare)
		}
		return nullsLast(faceValue(a), faceValue(b), desc, decimal.Decimal.Cmp)
	}
}

func faceValue(c *model.Coupon) *decimal.Decimal {
	if c.FaceValue == nil {
		return nil
	}
	return &c.FaceValue.Amount
}
